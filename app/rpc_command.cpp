#include "rpc_command.h"

#include <QCommandLineParser>
#include <QDir>
#include <QTextStream>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/secure_memory.h"
#include "rpc/auth.h"
#include "rpc/http_client.h"
#include "rpc/methods.h"
#include "rpc_params.h"
#include "startup_options.h"

namespace cairn::app {
namespace {

using nlohmann::json;

int Fail(const QString& message) {
  QTextStream(stderr) << "cairn rpc: " << message << "\n";
  return 1;
}

QString FromView(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

QString MethodListing() {
  QString text = QStringLiteral("Methods (PARAMS in this order; [optional]):\n");
  for (const auto& m : rpc::Methods()) {
    QString params;
    for (const auto& p : m.params) {
      const QString name = FromView(p.name);
      params += QLatin1Char(' ') + (p.required == rpc::Required::Yes ? name : QLatin1Char('[') + name + QLatin1Char(']'));
    }
    const QString where = m.transport == rpc::Transport::WebSocketOnly ? QStringLiteral(" (WebSocket only)") : QString();
    text += QStringLiteral("  %1%2\n      %3%4\n").arg(FromView(m.name), params, FromView(m.summary), where);
  }
  return text;
}

// One line of standard input, for a password that should not appear in the process list.
std::optional<std::string> ReadPasswordLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void PrintResult(const json& result) {
  // Strings print bare (an id or an address is easier to use in a script that way); the rest as JSON.
  if (result.is_string()) {
    std::cout << result.get<std::string>() << "\n";
  } else {
    std::cout << result.dump(2) << "\n";
  }
}

}  // namespace

int RunRpcCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Calls one JSON-RPC method of a running Cairn node and prints its result as JSON.\n"
      "PARAMS go in the method's order; an optional parameter the value cannot be is skipped, so\n"
      "`chain.block 7` asks by height and `chain.block HASH` by hash. Numbers, booleans and lists are\n"
      "JSON; everything else is taken as text. --named takes name=value pairs instead. Secret\n"
      "parameters (passphrases, mnemonics) left out are read from standard input, one line each.\n\n") +
      MethodListing());
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("METHOD"), QStringLiteral("The method, e.g. chain.head."));
  parser.addPositionalArgument(QStringLiteral("PARAMS"), QStringLiteral("Its parameters."), QStringLiteral("[PARAMS...]"));
  const QCommandLineOption datadir_opt(QStringLiteral("datadir"),
                                       QStringLiteral("The node's data folder (default: %1).").arg(DefaultDataDir()),
                                       QStringLiteral("dir"));
  const QCommandLineOption network_opt(QStringLiteral("network"), QStringLiteral("The node's network (default: devnet)."),
                                       QStringLiteral("name"), QStringLiteral("devnet"));
  const QCommandLineOption host_opt(QStringLiteral("rpc-host"), QStringLiteral("The node's address (default: 127.0.0.1)."),
                                    QStringLiteral("address"), QStringLiteral("127.0.0.1"));
  const QCommandLineOption port_opt(QStringLiteral("rpc-port"),
                                    QStringLiteral("The node's RPC port (default: the network's, 7451 on devnet)."),
                                    QStringLiteral("port"));
  const QCommandLineOption user_opt(QStringLiteral("rpc-user"),
                                    QStringLiteral("User name (default: the cookie file in the node's data folder)."),
                                    QStringLiteral("name"));
  const QCommandLineOption password_opt(QStringLiteral("rpc-password"),
                                        QStringLiteral("Password of --rpc-user (default: one line of standard input)."),
                                        QStringLiteral("password"));
  const QCommandLineOption cookie_opt(QStringLiteral("rpc-cookie"), QStringLiteral("Cookie file to read instead."),
                                      QStringLiteral("file"));
  const QCommandLineOption tls_opt(QStringLiteral("tls"), QStringLiteral("Connect over TLS (the node has --rpc-tls-cert)."));
  const QCommandLineOption ca_opt(QStringLiteral("tls-ca"), QStringLiteral("CA or self-signed certificate to trust (PEM)."),
                                  QStringLiteral("file"));
  const QCommandLineOption named_opt(QStringLiteral("named"), QStringLiteral("PARAMS are name=value pairs."));
  const QCommandLineOption timeout_opt(QStringLiteral("timeout"), QStringLiteral("Seconds to wait (default: 30)."),
                                       QStringLiteral("seconds"), QStringLiteral("30"));
  parser.addOptions({datadir_opt, network_opt, host_opt, port_opt, user_opt, password_opt, cookie_opt, tls_opt, ca_opt,
                     named_opt, timeout_opt});

  QStringList argv = arguments;
  argv.prepend(QStringLiteral("cairn rpc"));
  if (!parser.parse(argv)) return Fail(parser.errorText());
  if (parser.isSet(QStringLiteral("help"))) {
    QTextStream(stdout) << parser.helpText();
    return 0;
  }
  const QStringList positional = parser.positionalArguments();
  if (positional.isEmpty()) return Fail(QStringLiteral("no METHOD given (cairn rpc --help lists them)"));
  const QString network = parser.value(network_opt);
  if (!KnownNetworks().contains(network)) {
    return Fail(QStringLiteral("unknown network '%1' (known: %2)").arg(network, KnownNetworks().join(QStringLiteral(", "))));
  }
  quint16 port = DefaultRpcPort(network);
  if (parser.isSet(port_opt)) {
    bool ok = false;
    const uint value = parser.value(port_opt).toUInt(&ok);
    if (!ok || value == 0 || value > 65535) return Fail(QStringLiteral("--rpc-port must be a port number from 1 to 65535"));
    port = static_cast<quint16>(value);
  }
  bool timeout_ok = false;
  const uint timeout_s = parser.value(timeout_opt).toUInt(&timeout_ok);
  if (!timeout_ok || timeout_s == 0 || timeout_s > 3600) return Fail(QStringLiteral("--timeout must be 1 to 3600 seconds"));

  const rpc::MethodInfo* method = rpc::FindMethod(positional.first().toStdString());
  std::vector<std::string> words;
  for (qsizetype i = 1; i < positional.size(); ++i) words.push_back(positional.at(i).toStdString());
  auto built = BuildParams(positional.first().toStdString(), words,
                           parser.isSet(named_opt) ? ParamStyle::Named : ParamStyle::Positional);
  if (!built) return Fail(QString::fromStdString(built.error()));
  json params = std::move(*built);

  // Credentials: an explicit user, else the cookie the node wrote at its start.
  std::string user;
  std::optional<std::string> password;
  if (parser.isSet(user_opt)) {
    user = parser.value(user_opt).toStdString();
    password = parser.isSet(password_opt) ? std::optional(parser.value(password_opt).toStdString()) : ReadPasswordLine();
    if (!password) return Fail(QStringLiteral("--rpc-user needs --rpc-password or the password on standard input"));
  } else {
    const QString datadir = parser.isSet(datadir_opt) ? QDir(parser.value(datadir_opt)).absolutePath() : DefaultDataDir();
    const QString cookie_path = parser.isSet(cookie_opt)
                                    ? parser.value(cookie_opt)
                                    : QDir(QDir(datadir).filePath(network)).filePath(QLatin1String(RPC_COOKIE_FILE_NAME));
    auto cookie = rpc::ReadCookieFile(cookie_path.toStdString());
    if (!cookie) {
      return Fail(QString::fromStdString(cookie.error()) +
                  QStringLiteral(" (is the node running with this --datadir and --network?)"));
    }
    user = cookie->user;
    password = cookie->password;
  }
  std::string authorization = rpc::BasicAuthHeader(user, *password);
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(password->data()), password->size()});

  // Secret parameters (passphrases, mnemonics) not given on the command line, where any user of the
  // machine could read them in the process list, are read from standard input, one line each
  // (after the --rpc-user password when that is read from standard input too).
  if (method != nullptr && params.is_object()) {
    for (const auto& p : method->params) {
      if (p.secret != rpc::Secret::Yes || p.required != rpc::Required::Yes || params.contains(std::string(p.name))) continue;
      auto line = ReadPasswordLine();
      if (!line) return Fail(QStringLiteral("%1 needs %2 on standard input").arg(positional.first(), FromView(p.name)));
      params[std::string(p.name)] = std::move(*line);
    }
  }

  rpc::ClientOptions options;
  options.tls = parser.isSet(tls_opt) || parser.isSet(ca_opt);
  if (parser.isSet(ca_opt)) options.ca_file = parser.value(ca_opt).toStdString();
  options.timeout = std::chrono::seconds(timeout_s);
  auto client = rpc::HttpClient::Connect(parser.value(host_opt).toStdString(), port, options);
  if (!client) return Fail(QString::fromStdString(client.error()));

  const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", positional.first().toStdString()}, {"params", params}};
  auto response = (*client)->Request("POST", "/", request.dump(),
                                     {{"Authorization", authorization}, {"Content-Type", "application/json"}});
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(authorization.data()), authorization.size()});
  if (!response) return Fail(QString::fromStdString(response.error()));
  if (response->status == 401) {
    return Fail(parser.isSet(user_opt) ? QStringLiteral("the node refused the user name or password")
                                       : QStringLiteral("the node refused the cookie (was it restarted with another "
                                                        "--datadir?)"));
  }
  const json reply = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded() || !reply.is_object()) {
    return Fail(QStringLiteral("HTTP %1 with a body that is not a JSON-RPC response").arg(response->status));
  }
  if (const auto error = reply.find("error"); error != reply.end() && !error->is_null()) {
    const json code = error->value("code", json());
    QString text = QStringLiteral("error %1: %2")
                       .arg(QString::fromStdString(code.dump()), QString::fromStdString(error->value("message", "")));
    if (const auto data = error->find("data"); data != error->end()) text += QStringLiteral(" ") + QString::fromStdString(data->dump());
    return Fail(text);
  }
  const auto result = reply.find("result");
  if (result == reply.end()) return Fail(QStringLiteral("the response has neither result nor error"));
  PrintResult(*result);
  return 0;
}

}  // namespace cairn::app
