#include "devnet_command.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QTextStream>

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "startup_options.h"
#include "runtime/devnet_bootstrap.h"

extern char** environ;

namespace cairn::app {
namespace {

constexpr int MAX_NODES = 64;
// Time between writing the genesis and its first slot: the processes start and find each other.
constexpr std::int64_t GENESIS_DELAY_MS = 4000;
constexpr auto STOP_GRACE = std::chrono::seconds(15);

struct Node {
  QString datadir;  // the --datadir (its devnet/ sub-folder is the network folder)
  quint16 rpc_port = 0;
  quint16 p2p_port = 0;
  bool validator = false;
  pid_t pid = -1;
};

// Ports the OS reports free now: each is bound until all are chosen (so no two nodes get the same
// one), then released for the nodes to take. Another program could take one in between; that node
// then says so in its log (RPC) or runs without a p2p listener.
class PortPicker {
 public:
  ~PortPicker() {
    for (const int fd : m_fds) ::close(fd);
  }
  // Below Linux's ephemeral range (32768-60999 by default), so that no outgoing connection of a node
  // (which takes an ephemeral port) can grab a port meant for another node's listener.
  std::optional<quint16> Next() {
    for (int attempt = 0; attempt < 200; ++attempt) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0) return std::nullopt;
      const auto port = static_cast<quint16>(FIRST_PORT + std::uniform_int_distribution<int>(0, PORT_SPAN - 1)(m_random));
      if (Bind(fd, port)) {
        m_fds.push_back(fd);
        return port;
      }
      ::close(fd);
    }
    return std::nullopt;
  }

 private:
  static constexpr int FIRST_PORT = 20000;
  static constexpr int PORT_SPAN = 12000;
  static bool Bind(int fd, quint16 port);
  std::vector<int> m_fds;
  std::mt19937 m_random{std::random_device{}()};
};

bool PortPicker::Bind(int fd, quint16 port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  return ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
}

pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // The children take SIGINT/SIGTERM from us, not from the terminal's Ctrl-C directly: they run in
  // their own process group.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  return rc == 0 ? pid : -1;
}

void StopAll(std::vector<Node>& nodes, QTextStream& out) {
  for (const auto& n : nodes) {
    if (n.pid > 0) ::kill(n.pid, SIGTERM);
  }
  const auto deadline = std::chrono::steady_clock::now() + STOP_GRACE;
  for (auto& n : nodes) {
    while (n.pid > 0) {
      int status = 0;
      const pid_t done = ::waitpid(n.pid, &status, WNOHANG);
      if (done == n.pid || done < 0) {
        n.pid = -1;
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        out << "node in " << n.datadir << " did not stop in time: killed\n";
        out.flush();
        ::kill(n.pid, SIGKILL);
        ::waitpid(n.pid, &status, 0);
        n.pid = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace

int RunDevnetCommand(const QStringList& arguments) {
  QTextStream out(stdout);
  QTextStream err(stderr);
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Starts a local devnet: N validator nodes (plus M non-validators) as separate headless processes on "
      "loopback with one shared genesis. Ctrl-C stops them all."));
  parser.addHelpOption();
  const QCommandLineOption validators_opt(QStringLiteral("validators"), QStringLiteral("Validator nodes (1-64)."),
                                          QStringLiteral("N"));
  const QCommandLineOption nodes_opt(QStringLiteral("nodes"), QStringLiteral("Extra non-validator nodes (default 0)."),
                                     QStringLiteral("M"), QStringLiteral("0"));
  const QCommandLineOption datadir_opt(
      QStringLiteral("datadir"),
      QStringLiteral("Folder for the nodes' folders (default: a new folder under %1/devnets).").arg(DefaultDataDir()),
      QStringLiteral("dir"));
  const QCommandLineOption base_port_opt(
      QStringLiteral("base-port"),
      QStringLiteral("Node i (from 0) uses RPC port base+2i and P2P port base+2i+1 (default: free ports)."),
      QStringLiteral("port"));
  const QCommandLineOption debug_opt(QStringLiteral("debug"), QStringLiteral("The nodes' --debug log levels."),
                                     QStringLiteral("spec"), QStringLiteral("info"));
  parser.addOptions({validators_opt, nodes_opt, datadir_opt, base_port_opt, debug_opt});
  QStringList args = arguments;
  args.prepend(QStringLiteral("cairn devnet"));
  if (!parser.parse(args)) {
    err << "cairn devnet: " << parser.errorText() << "\n";
    return 1;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    out << parser.helpText();
    return 0;
  }
  bool ok = false;
  const int validators = parser.value(validators_opt).toInt(&ok);
  if (!parser.isSet(validators_opt) || !ok || validators < 1) {
    err << "cairn devnet: --validators N is required (N from 1 to " << MAX_NODES << ")\n";
    return 1;
  }
  const int extra = parser.value(nodes_opt).toInt(&ok);
  if (!ok || extra < 0 || validators + extra > MAX_NODES) {
    err << "cairn devnet: --nodes must be a number from 0 and the total at most " << MAX_NODES << "\n";
    return 1;
  }
  const QString base =
      parser.isSet(datadir_opt)
          ? QDir(parser.value(datadir_opt)).absolutePath()
          : QDir(DefaultDataDir()).filePath(QStringLiteral("devnets/") +
                                            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));

  std::vector<Node> nodes(static_cast<std::size_t>(validators + extra));
  std::optional<PortPicker> ports(std::in_place);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].validator = static_cast<int>(i) < validators;
    nodes[i].datadir = QDir(base).filePath(QStringLiteral("node%1").arg(i + 1));
    if (parser.isSet(base_port_opt)) {
      const uint port = parser.value(base_port_opt).toUInt(&ok);
      if (!ok || port == 0 || port + 2 * nodes.size() > 65535) {
        err << "cairn devnet: --base-port leaves no room for " << nodes.size() << " nodes\n";
        return 1;
      }
      nodes[i].rpc_port = static_cast<quint16>(port + 2 * i);
      nodes[i].p2p_port = static_cast<quint16>(port + 2 * i + 1);
    } else {
      const auto rpc = ports->Next();
      const auto p2p = ports->Next();
      if (!rpc || !p2p) {
        err << "cairn devnet: no free loopback port\n";
        return 1;
      }
      nodes[i].rpc_port = *rpc;
      nodes[i].p2p_port = *p2p;
    }
  }

  ports.reset();  // released: the nodes bind them now
  const std::int64_t genesis_time = (QDateTime::currentMSecsSinceEpoch() + GENESIS_DELAY_MS) / 1000 * 1000;
  auto layout = runtime::WriteDevnetLayout(base.toStdString(), static_cast<std::size_t>(validators),
                                           static_cast<std::size_t>(extra), genesis_time);
  if (!layout) {
    err << "cairn devnet: " << QString::fromStdString(layout.error()) << "\n";
    return 1;
  }

  // Ctrl-C, SIGTERM and a closed terminal (SIGHUP) are taken with sigtimedwait on this thread (no work
  // in a signal handler); the nodes, in their own process group, hear of it from us.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string program = QCoreApplication::applicationFilePath().toStdString();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    std::vector<std::string> argv{program,
                                  "--daemon",
                                  "--quiet",
                                  "--network",
                                  "devnet",
                                  "--datadir",
                                  nodes[i].datadir.toStdString(),
                                  "--debug",
                                  parser.value(debug_opt).toStdString(),
                                  "--rpc-port",
                                  std::to_string(nodes[i].rpc_port),
                                  "--p2p-bind",
                                  "127.0.0.1",
                                  "--p2p-port",
                                  std::to_string(nodes[i].p2p_port),
                                  "--no-lan-discovery"};
    for (std::size_t j = 0; j < nodes.size(); ++j) {
      if (j != i) {
        argv.push_back("--seed");
        argv.push_back("127.0.0.1:" + std::to_string(nodes[j].p2p_port));
      }
    }
    nodes[i].pid = Spawn(argv);
    if (nodes[i].pid <= 0) {
      err << "cairn devnet: cannot start " << QString::fromStdString(program) << "\n";
      StopAll(nodes, out);
      return 1;
    }
  }

  out << "Cairn devnet: " << validators << " validator(s), " << extra << " other node(s), genesis at "
      << QDateTime::fromMSecsSinceEpoch(genesis_time).toString(Qt::ISODate) << "\n";
  out << QStringLiteral("%1  %2  %3  %4  %5\n")
             .arg(QStringLiteral("node"), -5)
             .arg(QStringLiteral("role"), -9)
             .arg(QStringLiteral("rpc"), -5)
             .arg(QStringLiteral("p2p"), -5)
             .arg(QStringLiteral("data folder (log: devnet/debug.log)"));
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    out << QStringLiteral("%1  %2  %3  %4  %5\n")
               .arg(static_cast<qulonglong>(i + 1), -5)
               .arg(nodes[i].validator ? QStringLiteral("validator") : QStringLiteral("node"), -9)
               .arg(nodes[i].rpc_port, -5)
               .arg(nodes[i].p2p_port, -5)
               .arg(nodes[i].datadir);
  }
  out << "Call a node with: cairn rpc --datadir " << nodes[0].datadir << " --rpc-port " << nodes[0].rpc_port
      << " chain.head\nPress Ctrl-C to stop them all.\n";
  out.flush();

  std::size_t running = nodes.size();
  int received = 0;
  while (received <= 0 && running > 0) {
    const timespec poll{0, 250'000'000};
    received = sigtimedwait(&stop_signals, nullptr, &poll);
    for (auto& n : nodes) {
      if (n.pid <= 0) continue;
      int status = 0;
      if (::waitpid(n.pid, &status, WNOHANG) == n.pid) {
        out << "node in " << n.datadir << " exited ("
            << (WIFEXITED(status) ? QStringLiteral("code %1").arg(WEXITSTATUS(status))
                                  : QStringLiteral("signal %1").arg(WTERMSIG(status)))
            << "); see its devnet/debug.log\n";
        out.flush();
        n.pid = -1;
        --running;
      }
    }
  }
  out << "stopping " << running << " node(s)...\n";
  out.flush();
  StopAll(nodes, out);
  out << "stopped. The nodes' folders stay in " << base << "\n";
  return 0;
}

}  // namespace cairn::app
