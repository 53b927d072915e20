#include "devnet_cluster.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDateTime>
#include <QDebug>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QtGlobal>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "rpc/auth.h"
#include "rpc/http_client.h"
#include "runtime/devnet_bootstrap.h"

namespace cairn::test {

namespace {

constexpr const char* COOKIE_FILE_NAME = ".cookie";  // app/rpc_command.h RPC_COOKIE_FILE_NAME
constexpr std::chrono::milliseconds RPC_TIMEOUT{5000};

QString LastLines(const QString& path, int lines) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return QStringLiteral("(no %1)").arg(path);
  // The end of the file is enough; a node's debug.log can be long.
  const qint64 keep = 64 * 1024;
  if (file.size() > keep) file.seek(file.size() - keep);
  QStringList all = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

}  // namespace

namespace {

// The kernel's ephemeral range (source ports of outgoing connections and bind-to-0 ports).
std::pair<int, int> EphemeralRange() {
  std::pair<int, int> range{32768, 60999};
  QFile file(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
  if (file.open(QIODevice::ReadOnly)) {
    const QStringList parts = QString::fromUtf8(file.readAll()).simplified().split(QLatin1Char(' '));
    bool lo_ok = false;
    bool hi_ok = false;
    if (parts.size() == 2) {
      const int lo = parts[0].toInt(&lo_ok);
      const int hi = parts[1].toInt(&hi_ok);
      if (lo_ok && hi_ok && lo <= hi) range = {lo, hi};
    }
  }
  return range;
}

bool Bindable(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::optional<std::uint16_t> PickFreePort() {
  // Not a port the OS hands out for bind(0): between our release and the node's bind, that range is
  // where every outgoing connection (our RPC clients, the nodes' dialers, other tests) takes its
  // source port, and one did take a picked port in an early version of this harness. Outside that
  // range only an explicit bind competes; a random pick makes two concurrent tests unlikely to meet.
  static std::mutex mutex;
  static std::set<std::uint16_t> handed_out;
  static std::mt19937 random(std::random_device{}());
  std::lock_guard lock(mutex);
  const auto [lo, hi] = EphemeralRange();
  const int below = lo - 1 - 10000;  // [10000, lo - 1]
  const int above = 65535 - hi;      // [hi + 1, 65535]
  if (below < 1000 && above < 1000) return std::nullopt;
  for (int attempt = 0; attempt < 200; ++attempt) {
    const bool use_below = below >= above;
    std::uniform_int_distribution<int> pick(use_below ? 10000 : hi + 1, use_below ? lo - 1 : 65535);
    const auto port = static_cast<std::uint16_t>(pick(random));
    if (handed_out.count(port) != 0 || !Bindable(port)) continue;
    handed_out.insert(port);
    return port;
  }
  return std::nullopt;
}

// ---- ChildProcess ----

ChildProcess::~ChildProcess() { Kill(); }

util::Result<void, std::string> ChildProcess::Start(const std::string& program, const std::vector<std::string>& args,
                                                    const std::string& output_file) {
  if (m_pid > 0) return util::Err(std::string("the process is already running"));
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> strings;
  strings.push_back(program);
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int out = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) return util::Err("cannot open " + output_file + ": " + std::strerror(errno));
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out);
    if (null_in >= 0) ::close(null_in);
    return util::Err(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The node must not outlive the test, even when the test is killed (ctest's timeout): the kernel
    // sends SIGKILL when the forking thread (the test's main thread) dies.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    if (null_in >= 0) ::dup2(null_in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out);
  if (null_in >= 0) ::close(null_in);
  m_pid = pid;
  m_end.clear();
  return {};
}

void ChildProcess::Reaped(int status) {
  m_pid = -1;
  if (WIFEXITED(status)) {
    m_end = "exit code " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    m_end = "killed by signal " + std::to_string(WTERMSIG(status));
  } else {
    m_end = "ended";
  }
}

bool ChildProcess::Running() {
  if (m_pid <= 0) return false;
  int status = 0;
  const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
  if (done == m_pid) {
    Reaped(status);
    return false;
  }
  return done == 0;
}

void ChildProcess::Kill() {
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGKILL);
  int status = 0;
  while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
  Reaped(status);
}

// ---- RpcClient ----

RpcClient::RpcClient(std::string cookie_path, std::uint16_t port)
    : m_cookie_path(std::move(cookie_path)), m_port(port) {}
RpcClient::~RpcClient() = default;

util::Result<QJsonValue, QString> RpcClient::Call(const QString& method, const QJsonValue& params) {
  if (!m_client) {
    auto cookie = rpc::ReadCookieFile(m_cookie_path);
    if (!cookie) return util::Err(QString::fromStdString(cookie.error()));
    m_authorization = rpc::BasicAuthHeader(cookie->user, cookie->password);
    rpc::ClientOptions options;
    options.timeout = RPC_TIMEOUT;
    auto client = rpc::HttpClient::Connect("127.0.0.1", m_port, options);
    if (!client) return util::Err(QString::fromStdString(client.error()));
    m_client = std::move(*client);
  }
  QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                      {QStringLiteral("id"), 1},
                      {QStringLiteral("method"), method},
                      {QStringLiteral("params"), params}};
  const QByteArray body = QJsonDocument(request).toJson(QJsonDocument::Compact);
  auto response =
      m_client->Request("POST", "/", std::string_view(body.constData(), static_cast<std::size_t>(body.size())),
                        {{"Authorization", m_authorization}, {"Content-Type", "application/json"}});
  if (!response || response->status == 401) {
    // A restarted node has another cookie and another connection: start afresh next time.
    m_client.reset();
    return util::Err(response ? QStringLiteral("%1: HTTP 401").arg(method) : QString::fromStdString(response.error()));
  }
  const QJsonObject reply = QJsonDocument::fromJson(QByteArray::fromStdString(response->body)).object();
  if (reply.contains(QStringLiteral("error")) && !reply.value(QStringLiteral("error")).isNull()) {
    const QJsonObject error = reply.value(QStringLiteral("error")).toObject();
    return util::Err(QStringLiteral("%1: error %2: %3")
                         .arg(method)
                         .arg(error.value(QStringLiteral("code")).toInt())
                         .arg(error.value(QStringLiteral("message")).toString()));
  }
  if (!reply.contains(QStringLiteral("result"))) {
    return util::Err(QStringLiteral("%1: HTTP %2 without a JSON-RPC result").arg(method).arg(response->status));
  }
  return reply.value(QStringLiteral("result"));
}

// ---- DevnetCluster ----

DevnetCluster::DevnetCluster(QString program) : m_program(std::move(program)) {
  // For a post-mortem: CAIRN_TEST_KEEP_DIRS=1 keeps the nodes' folders (and logs) after the test.
  if (qEnvironmentVariableIsSet("CAIRN_TEST_KEEP_DIRS")) {
    m_dir.setAutoRemove(false);
    qInfo().noquote() << "keeping the cluster's folder" << m_dir.path();
  }
}

DevnetCluster::~DevnetCluster() { KillAll(); }

bool DevnetCluster::Create(std::size_t validators, std::size_t others, std::optional<std::int64_t> genesis_time_ms) {
  if (!m_dir.isValid()) {
    Fail(QStringLiteral("no temporary folder"));
    return false;
  }
  const std::int64_t genesis =
      genesis_time_ms ? *genesis_time_ms : (QDateTime::currentMSecsSinceEpoch() + GENESIS_DELAY_MS) / 1000 * 1000;
  auto layout = runtime::WriteDevnetLayout(m_dir.path().toStdString(), validators, others, genesis);
  if (!layout) {
    Fail(QString::fromStdString(layout.error()));
    return false;
  }
  for (std::size_t i = 0; i < layout->size(); ++i) {
    auto node = std::make_unique<Node>();
    node->number = static_cast<int>(i + 1);
    node->network_dir = QString::fromStdString((*layout)[i]);
    node->datadir = QDir(m_dir.path()).filePath(QStringLiteral("node%1").arg(i + 1));
    node->validator = i < validators;
    const auto rpc = PickFreePort();
    const auto p2p = PickFreePort();
    if (!rpc || !p2p) {
      Fail(QStringLiteral("no free loopback port"));
      return false;
    }
    node->rpc_port = *rpc;
    node->p2p_port = *p2p;
    node->rpc = std::make_unique<RpcClient>(
        QDir(node->network_dir).filePath(QLatin1String(COOKIE_FILE_NAME)).toStdString(), node->rpc_port);
    m_nodes.push_back(std::move(node));
  }
  return true;
}

QString DevnetCluster::P2pAddress(int k) const {
  return QStringLiteral("127.0.0.1:%1").arg(m_nodes.at(static_cast<std::size_t>(k - 1))->p2p_port);
}

void DevnetCluster::SeedEveryone() {
  for (auto& n : m_nodes) {
    for (auto& other : m_nodes) {
      if (other.get() != n.get()) n->peer_args << QStringLiteral("--seed") << P2pAddress(other->number);
    }
  }
}

bool DevnetCluster::Start(int k) {
  Node& n = node(k);
  QStringList args{QStringLiteral("--daemon"),          QStringLiteral("--quiet"),
                   QStringLiteral("--network"),         QStringLiteral("devnet"),
                   QStringLiteral("--datadir"),         n.datadir,
                   QStringLiteral("--rpc-port"),        QString::number(n.rpc_port),
                   QStringLiteral("--p2p-bind"),        QStringLiteral("127.0.0.1"),
                   QStringLiteral("--p2p-port"),        QString::number(n.p2p_port),
                   QStringLiteral("--no-lan-discovery")};
  args << n.peer_args << n.extra_args;
  std::vector<std::string> argv;
  for (const QString& a : args) argv.push_back(a.toStdString());
  const QString output = QDir(n.datadir).filePath(QStringLiteral("output.log"));
  if (auto started = n.process.Start(m_program.toStdString(), argv, output.toStdString()); !started) {
    Fail(QStringLiteral("node %1: %2").arg(k).arg(QString::fromStdString(started.error())));
    return false;
  }
  n.expect_running = true;
  return WaitUntil([&] { return n.rpc->Call(QStringLiteral("chain.head")).has_value(); }, START_TIMEOUT,
                   QStringLiteral("node %1 answers RPC on port %2").arg(k).arg(n.rpc_port));
}

bool DevnetCluster::StartAll() {
  for (auto& n : m_nodes) {
    if (!Start(n->number)) return false;
  }
  return true;
}

void DevnetCluster::Kill(int k) {
  Node& n = node(k);
  n.expect_running = false;
  n.process.Kill();
}

void DevnetCluster::KillAll() {
  for (auto& n : m_nodes) {
    n->expect_running = false;
    n->process.Kill();
  }
}

util::Result<QJsonValue, QString> DevnetCluster::Call(int k, const QString& method, const QJsonValue& params) {
  return node(k).rpc->Call(method, params);
}

std::optional<QJsonObject> DevnetCluster::CallObject(int k, const QString& method, const QJsonValue& params) {
  auto result = Call(k, method, params);
  if (!result || !result->isObject()) return std::nullopt;
  return result->toObject();
}

std::optional<HeadInfo> DevnetCluster::Head(int k) {
  const auto head = CallObject(k, QStringLiteral("chain.head"));
  if (!head) return std::nullopt;
  HeadInfo info;
  info.height = head->value(QStringLiteral("height")).toInteger(-1);
  info.id = head->value(QStringLiteral("id")).toString();
  info.slot = head->value(QStringLiteral("slot")).toInteger(-1);
  const QJsonObject finalized = head->value(QStringLiteral("finalized")).toObject();
  info.finalized_height = finalized.value(QStringLiteral("height")).toInteger(-1);
  info.finalized_root = finalized.value(QStringLiteral("root")).toString();
  info.finalized_slot = finalized.value(QStringLiteral("slot")).toInteger(-1);
  return info;
}

std::optional<QJsonObject> DevnetCluster::BlockAt(int k, qint64 height) {
  return CallObject(k, QStringLiteral("chain.block"), QJsonObject{{QStringLiteral("height"), height}});
}

QString DevnetCluster::Summary() {
  QStringList parts;
  for (auto& n : m_nodes) {
    if (!n->expect_running) {
      parts << QStringLiteral("n%1 down").arg(n->number);
      continue;
    }
    const auto head = Head(n->number);
    parts << (head ? QStringLiteral("n%1 h=%2 f=%3").arg(n->number).arg(head->height).arg(head->finalized_height)
                   : QStringLiteral("n%1 ?").arg(n->number));
  }
  return parts.join(QStringLiteral(" | "));
}

bool DevnetCluster::CheckAlive() {
  for (auto& n : m_nodes) {
    if (n->expect_running && !n->process.Running()) {
      n->expect_running = false;
      Fail(
          QStringLiteral("node %1 died (%2)").arg(n->number).arg(QString::fromStdString(n->process.end_description())));
      return false;
    }
  }
  return true;
}

bool DevnetCluster::WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                              const QString& what) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (!CheckAlive()) {
      m_error = QStringLiteral("while waiting for '%1': %2").arg(what, m_error);
      return false;
    }
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) {
      Fail(QStringLiteral("timed out after %1 s waiting for '%2'; last state: %3")
               .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count())
               .arg(what, Summary()));
      return false;
    }
    std::this_thread::sleep_for(POLL_INTERVAL);  // the poll interval (the nodes are other processes)
  }
}

QString DevnetCluster::Tails(int log_lines) {
  QString out;
  for (auto& n : m_nodes) {
    out += QStringLiteral("\n--- node %1 (%2) %3/debug.log ---\n")
               .arg(n->number)
               .arg(n->process.Running() ? QStringLiteral("running")
                                         : QString::fromStdString(n->process.end_description()))
               .arg(n->network_dir);
    out += LastLines(QDir(n->network_dir).filePath(QStringLiteral("debug.log")), log_lines);
    const QString output = LastLines(QDir(n->datadir).filePath(QStringLiteral("output.log")), 5);
    if (!output.startsWith(QStringLiteral("(no ")) && !output.isEmpty()) out += QStringLiteral("\n[output] ") + output;
  }
  return out;
}

QString DevnetCluster::Why(int log_lines) { return m_error + Tails(log_lines); }

}  // namespace cairn::test
