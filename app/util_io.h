// Shared plumbing for the `cairn util` subcommands: option parsing with uniform errors, output,
// and reading secrets. Used on the main thread only.
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <string_view>

#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::app {

inline constexpr int EXIT_OK = 0;
inline constexpr int EXIT_INVALID = 1;

// One subcommand invocation: its name (for messages), its parser, and the raw arguments.
class UtilInvocation {
 public:
  UtilInvocation(QString name, QString synopsis, QString description);

  QCommandLineParser& parser() { return m_parser; }
  // Parses the arguments. Returns an exit code when the command is already finished (help shown:
  // 0; bad usage: 1 with a message); nothing when the caller should proceed.
  std::optional<int> Parse(const QStringList& arguments, int min_positional, int max_positional);

  // Prints "cairn util NAME: message" on stderr and returns EXIT_INVALID.
  int Fail(const QString& message) const;
  // Prints "name: value" on stdout.
  static void Print(const QString& name, const QString& value);

  // Required option value; nothing (after printing an error) when absent.
  std::optional<QString> Required(const QCommandLineOption& option);
  // Hex bytes of an option or positional value; nothing (after an error naming `what`) when malformed
  // or not `expected_size` bytes (0: any size). A "0x" prefix is accepted.
  std::optional<util::Bytes> Hex(const QString& text, const QString& what, std::size_t expected_size = 0);

  // A secret: the option's value when given, else one line read from standard input (wiped after use).
  // Nothing (after an error) when neither is available.
  std::optional<crypto::SecureBuffer> Secret(const QCommandLineOption& option, const QString& what);

  QString name() const { return m_name; }

 private:
  QString m_name;
  QString m_synopsis;
  QCommandLineParser m_parser;
};

// A seed stored as one line of hex (16 to 64 bytes), such as a devnet's devnet_validator.key. The error
// names the file and never quotes its content.
util::Result<crypto::SecureBuffer, std::string> ReadSeedFile(const std::string& path);

// Maps --network to the address prefix: "cairn" for mainnet, "tcairn" for testnet and devnet.
std::optional<std::string> HrpForNetwork(const QString& network);

}  // namespace cairn::app
