#include "util_io.h"

#include <QTextStream>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "chain/address.h"
#include "util/hex.h"

namespace cairn::app {

UtilInvocation::UtilInvocation(QString name, QString synopsis, QString description)
    : m_name(std::move(name)), m_synopsis(std::move(synopsis)) {
  m_parser.setApplicationDescription(description);
  m_parser.addHelpOption();
}

std::optional<int> UtilInvocation::Parse(const QStringList& arguments, int min_positional, int max_positional) {
  QStringList with_program = arguments;
  with_program.prepend(QStringLiteral("cairn util ") + m_name);
  if (!m_parser.parse(with_program)) return Fail(m_parser.errorText());
  if (m_parser.isSet(QStringLiteral("help"))) {
    QString help = m_parser.helpText();
    // QCommandLineParser prints "Usage: <program> [options]"; show the real synopsis instead.
    const qsizetype eol = help.indexOf('\n');
    help.replace(0, eol, QStringLiteral("Usage: cairn util %1 %2").arg(m_name, m_synopsis));
    QTextStream(stdout) << help;
    return EXIT_OK;
  }
  const auto count = m_parser.positionalArguments().size();
  if (count < min_positional || count > max_positional) {
    return Fail(QStringLiteral("expected: cairn util %1 %2").arg(m_name, m_synopsis));
  }
  return std::nullopt;
}

int UtilInvocation::Fail(const QString& message) const {
  QTextStream(stderr) << "cairn util " << m_name << ": " << message << "\n";
  return EXIT_INVALID;
}

void UtilInvocation::Print(const QString& name, const QString& value) {
  QTextStream(stdout) << name << ": " << value << "\n";
}

std::optional<QString> UtilInvocation::Required(const QCommandLineOption& option) {
  if (!m_parser.isSet(option)) {
    Fail(QStringLiteral("missing --%1").arg(option.names().constFirst()));
    return std::nullopt;
  }
  return m_parser.value(option);
}

std::optional<util::Bytes> UtilInvocation::Hex(const QString& text, const QString& what, std::size_t expected_size) {
  const std::string raw = text.trimmed().toStdString();
  auto bytes = util::ParseHex(util::StripHexPrefix(raw));
  if (!bytes) {
    Fail(QStringLiteral("%1 is not hex (an even number of 0-9/a-f digits)").arg(what));
    return std::nullopt;
  }
  if (expected_size != 0 && bytes->size() != expected_size) {
    Fail(QStringLiteral("%1 must be %2 bytes (%3 hex digits), got %4 bytes")
             .arg(what).arg(expected_size).arg(expected_size * 2).arg(bytes->size()));
    return std::nullopt;
  }
  return bytes;
}

std::optional<crypto::SecureBuffer> UtilInvocation::Secret(const QCommandLineOption& option, const QString& what) {
  if (m_parser.isSet(option)) {
    const QByteArray utf8 = m_parser.value(option).toUtf8();
    return crypto::SecureBuffer::CopyOf(util::ByteSpan(reinterpret_cast<const std::uint8_t*>(utf8.constData()),
                                                       static_cast<std::size_t>(utf8.size())));
  }
  std::string line;
  if (!std::getline(std::cin, line)) {
    Fail(QStringLiteral("no %1: give --%2 or one line on standard input").arg(what, option.names().constFirst()));
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  auto secret = crypto::SecureBuffer::CopyOf(util::AsBytes(line));
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(line.data()), line.size()});
  return secret;
}

util::Result<crypto::SecureBuffer, std::string> ReadSeedFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::Err(path + ": cannot open the seed file");
  std::string text(130, '\0');  // 128 hex digits, a newline, and one byte to detect longer files
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  const auto wipe_text = [&] { crypto::Wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()}); };
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto bytes = util::ParseHex(text);
  wipe_text();
  if (!bytes || bytes->size() < 16 || bytes->size() > 64) {
    if (bytes) crypto::Wipe(*bytes);
    return util::Err(path + ": not a seed (one line of 32 to 128 hex digits)");
  }
  auto seed = crypto::SecureBuffer::CopyOf(*bytes);
  crypto::Wipe(*bytes);
  return seed;
}

std::optional<std::string> HrpForNetwork(const QString& network) {
  if (network == QStringLiteral("mainnet")) return std::string(chain::MAINNET_HRP);
  if (network == QStringLiteral("testnet") || network == QStringLiteral("devnet")) return std::string(chain::TESTNET_HRP);
  return std::nullopt;
}

}  // namespace cairn::app
