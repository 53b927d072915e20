#include "vectors.h"

#include <QDir>
#include <QFile>
#include <QJsonParseError>
#include <QTest>

namespace cairn::test {

QString VectorsDir() {
  const QByteArray env = qgetenv("CAIRN_VECTORS_DIR");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  return QStringLiteral(CAIRN_DEFAULT_VECTORS_DIR);
}

std::optional<QJsonDocument> LoadVectorJson(const QString& relative) {
  const QString dir = VectorsDir();
  if (!QDir(dir).exists()) {
    const QByteArray msg = QStringLiteral("test vectors folder %1 is missing (set CAIRN_VECTORS_DIR): skipping")
                               .arg(dir).toUtf8();
    QTest::qSkip(msg.constData(), __FILE__, __LINE__);
    return std::nullopt;
  }
  QFile file(QDir(dir).filePath(relative));
  if (!file.open(QIODevice::ReadOnly)) {
    const QByteArray msg = QStringLiteral("cannot read vector file %1").arg(file.fileName()).toUtf8();
    QTest::qFail(msg.constData(), __FILE__, __LINE__);
    return std::nullopt;
  }
  QJsonParseError error{};
  QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
  if (error.error != QJsonParseError::NoError) {
    const QByteArray msg =
        QStringLiteral("vector file %1 is not JSON: %2").arg(file.fileName(), error.errorString()).toUtf8();
    QTest::qFail(msg.constData(), __FILE__, __LINE__);
    return std::nullopt;
  }
  return doc;
}

util::Bytes HexField(const QString& hex) {
  const QByteArray raw = QByteArray::fromHex(hex.toLatin1());
  if (raw.size() * 2 != hex.size()) {
    const QByteArray msg = QStringLiteral("malformed hex in vector file: %1").arg(hex).toUtf8();
    QTest::qFail(msg.constData(), __FILE__, __LINE__);
    return {};
  }
  return util::Bytes(raw.begin(), raw.end());
}

}  // namespace cairn::test
