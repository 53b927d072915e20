// The EIP-3076 slashing-protection interchange tests (eth-clients/slashing-protection-interchange-tests,
// ../shared/vectors/eip3076), run as vectors/README.md "How an EIP-3076 case runs" says: one data row
// per *.json file, each case from an empty SignStore bound to the case's genesis_validators_root;
// every step imports its interchange (success must match should_succeed; a refused import of
// slashable data would skip the rest of the case, though SignStore accepts such data), then attempts
// each block and attestation, which must succeed exactly when should_succeed (the minimal strategy)
// says so. Pubkeys are opaque strings; epochs are FFG slots.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "storage/sign_store.h"
#include "util/hex.h"
#include "vectors.h"

namespace {

using cairn::storage::SignStore;
using cairn::storage::SigningRoot;

const QString FOLDER = QStringLiteral("eip3076");

// A 0x-prefixed 32-byte root; absent means unknown (all zero). Nothing when malformed.
std::optional<SigningRoot> RootField(const QJsonObject& obj, const QString& key) {
  if (!obj.contains(key) || obj.value(key).isNull()) return SigningRoot{};
  const std::string text = obj.value(key).toString().toStdString();
  return cairn::util::ParseFixedHex<32>(cairn::util::StripHexPrefix(text));
}

std::optional<std::uint64_t> NumberField(const QJsonObject& obj, const QString& key) {
  bool ok = false;
  const qulonglong value = obj.value(key).toString().toULongLong(&ok);
  if (!ok) return std::nullopt;
  return value;
}

QStringList VectorFiles() {
  return QDir(QDir(cairn::test::VectorsDir()).filePath(FOLDER))
      .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

}  // namespace

class TestEip3076 : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    // No vectors at all: skip, naming the folder. Vectors without EIP-3076 cases: fail.
    const QString root = cairn::test::VectorsDir();
    const QString dir = QDir(root).filePath(FOLDER);
    if (!QDir(root).exists()) {
      QSKIP(qPrintable(QStringLiteral("test vectors folder %1 is missing (set CAIRN_VECTORS_DIR): skipping").arg(root)));
    }
    int cases = 0;
    for (const QString& name : VectorFiles()) {
      QFile file(QDir(dir).filePath(name));
      if (file.open(QIODevice::ReadOnly) && QJsonDocument::fromJson(file.readAll()).object().contains(QStringLiteral("steps"))) {
        ++cases;
      }
    }
    if (cases == 0) QFAIL(qPrintable(QStringLiteral("EIP-3076 vectors folder %1 holds no test cases").arg(dir)));
    qInfo("%d EIP-3076 cases in %s", cases, qPrintable(dir));
  }

  void interchangeCase_data() {
    QTest::addColumn<QString>("file");
    for (const QString& name : VectorFiles()) QTest::newRow(qPrintable(name)) << name;
  }

  void interchangeCase() {
    QFETCH(QString, file);
    CAIRN_LOAD_VECTORS(doc, FOLDER + QStringLiteral("/") + file);
    const QJsonObject test = doc.object();
    if (!test.contains(QStringLiteral("steps"))) {
      // schema.json: the interchange's JSON schema, shipped beside the cases.
      QSKIP("not a test case (no 'steps'): the interchange JSON schema");
    }
    const auto genesis = RootField(test, QStringLiteral("genesis_validators_root"));
    QVERIFY2(genesis && !test.value(QStringLiteral("genesis_validators_root")).isUndefined(), "bad genesis_validators_root");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto opened = SignStore::Open(dir.filePath(QStringLiteral("slashing_protection.sqlite")).toStdString(), *genesis);
    QVERIFY2(opened, opened ? "" : opened.error().message.c_str());
    SignStore& store = **opened;

    const QJsonArray steps = test.value(QStringLiteral("steps")).toArray();
    for (qsizetype s = 0; s < steps.size(); ++s) {
      const QJsonObject step = steps.at(s).toObject();
      const bool import_ok = step.value(QStringLiteral("should_succeed")).toBool();
      const bool slashable = step.value(QStringLiteral("contains_slashable_data")).toBool();
      const QByteArray interchange =
          QJsonDocument(step.value(QStringLiteral("interchange")).toObject()).toJson(QJsonDocument::Compact);
      const auto imported = store.Import(std::string_view(interchange.constData(), static_cast<std::size_t>(interchange.size())));
      const QByteArray why = QStringLiteral("step %1: import %2 (%3)")
                                 .arg(s)
                                 .arg(imported ? QStringLiteral("succeeded") : QStringLiteral("failed"))
                                 .arg(imported ? QString() : QString::fromStdString(imported.error().message))
                                 .toUtf8();
      if (!imported && import_ok && slashable) {
        QSKIP(qPrintable(QStringLiteral("step %1: import of slashable data refused (allowed by EIP-3076)").arg(s)));
      }
      QVERIFY2(imported.has_value() == import_ok, why.constData());

      const QJsonArray blocks = step.value(QStringLiteral("blocks")).toArray();
      for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonObject b = blocks.at(i).toObject();
        const auto slot = NumberField(b, QStringLiteral("slot"));
        const auto root = RootField(b, QStringLiteral("signing_root"));
        QVERIFY2(slot && root, "malformed block in vector file");
        const bool expect = b.value(QStringLiteral("should_succeed")).toBool();
        const auto signed_ok = store.CheckAndRecordBlock(b.value(QStringLiteral("pubkey")).toString().toStdString(), *slot, *root);
        if (!signed_ok) QVERIFY2(signed_ok.error().refused(), signed_ok.error().message().c_str());
        const QByteArray msg = QStringLiteral("step %1 block %2 (slot %3): expected %4, got %5")
                                   .arg(s).arg(i).arg(*slot)
                                   .arg(expect ? QStringLiteral("success") : QStringLiteral("refusal"))
                                   .arg(signed_ok ? QStringLiteral("success") : QString::fromStdString(signed_ok.error().message()))
                                   .toUtf8();
        QVERIFY2(signed_ok.has_value() == expect, msg.constData());
      }

      const QJsonArray votes = step.value(QStringLiteral("attestations")).toArray();
      for (qsizetype i = 0; i < votes.size(); ++i) {
        const QJsonObject a = votes.at(i).toObject();
        const auto source = NumberField(a, QStringLiteral("source_epoch"));
        const auto target = NumberField(a, QStringLiteral("target_epoch"));
        const auto root = RootField(a, QStringLiteral("signing_root"));
        QVERIFY2(source && target && root, "malformed attestation in vector file");
        const bool expect = a.value(QStringLiteral("should_succeed")).toBool();
        const auto signed_ok =
            store.CheckAndRecordVote(a.value(QStringLiteral("pubkey")).toString().toStdString(), *source, *target, *root);
        if (!signed_ok) QVERIFY2(signed_ok.error().refused(), signed_ok.error().message().c_str());
        const QByteArray msg = QStringLiteral("step %1 attestation %2 (%3 -> %4): expected %5, got %6")
                                   .arg(s).arg(i).arg(*source).arg(*target)
                                   .arg(expect ? QStringLiteral("success") : QStringLiteral("refusal"))
                                   .arg(signed_ok ? QStringLiteral("success") : QString::fromStdString(signed_ok.error().message()))
                                   .toUtf8();
        QVERIFY2(signed_ok.has_value() == expect, msg.constData());
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestEip3076)
#include "test_eip3076.moc"
