// DevnetCluster: the harness of the multi-node functional tests (test_multinode.cpp). It writes a
// devnet layout (runtime::WriteDevnetLayout: <base>/nodeK/devnet with one shared genesis) in a
// temporary folder, starts each node as a real `cairn --daemon` process on loopback ports picked at
// run time, talks to the nodes over their JSON-RPC with the cookie, and waits for conditions by
// polling the nodes every POLL_INTERVAL until a deadline (an external process can only be polled;
// no wait is a fixed sleep).
//
// Processes: each node is a child of the test (fork + exec) that the kernel kills when the test dies
// (PR_SET_PDEATHSIG), and the cluster SIGKILLs and reaps every node it started when it is destroyed,
// also when a test fails half-way: no test leaves a daemon behind. A node's stdout/stderr go to
// <base>/nodeK/output.log; its own log is <base>/nodeK/devnet/debug.log (Tails() shows both).
//
// Thread safety: one thread (the test's) uses a cluster; the RPC clients are not shared.
// Ownership: the cluster owns the temporary folder (removed on destruction), the processes and the
// RPC clients.
// Failure: calls return false / nullopt and record one sentence that Why() returns together with the
// last lines of every node's log, ready for QVERIFY2.
#pragma once

#include <sys/types.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace cairn::rpc {
class HttpClient;
}

namespace cairn::test {

inline constexpr std::chrono::milliseconds POLL_INTERVAL{150};

// A loopback TCP port that is free now, outside the kernel's ephemeral range (so no outgoing
// connection takes it before the node binds it), never one this process handed out before. Another
// program could still bind it first; the node then exits (RPC) or says so in its log (p2p).
std::optional<std::uint16_t> PickFreePort();

// One child process; killed (SIGKILL) and reaped on destruction.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts `program` with `args` (argv[1...]), stdout and stderr appended to `output_file`.
  util::Result<void, std::string> Start(const std::string& program, const std::vector<std::string>& args,
                                        const std::string& output_file);
  // Whether it still runs (reaps it when it has exited).
  bool Running();
  // SIGKILL and reap; nothing when it is not running.
  void Kill();
  // How it ended ("exit code 1", "killed by signal 9"), empty while running or never started.
  const std::string& end_description() const { return m_end; }
  pid_t pid() const { return m_pid; }

 private:
  void Reaped(int status);
  pid_t m_pid = -1;
  std::string m_end;
};

// A JSON-RPC client for one node: reads the node's cookie at each (re)connection, so a restarted node
// (which writes a new cookie) is reached without ceremony.
class RpcClient {
 public:
  RpcClient(std::string cookie_path, std::uint16_t port);
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // The "result" of one call, or one sentence (transport failure or the JSON-RPC error's code and
  // message). `params`: an object (named) or an array (positional).
  util::Result<QJsonValue, QString> Call(const QString& method, const QJsonValue& params = QJsonObject());

 private:
  std::string m_cookie_path;
  std::uint16_t m_port;
  std::unique_ptr<rpc::HttpClient> m_client;
  std::string m_authorization;
};

// chain.head, flattened.
struct HeadInfo {
  qint64 height = -1;
  QString id;
  qint64 slot = -1;
  qint64 finalized_height = -1;
  QString finalized_root;
  qint64 finalized_slot = -1;
};

class DevnetCluster {
 public:
  struct Node {
    int number = 0;       // K of the folder nodeK (from 1)
    QString datadir;      // <base>/nodeK: the --datadir
    QString network_dir;  // <base>/nodeK/devnet
    std::uint16_t rpc_port = 0;
    std::uint16_t p2p_port = 0;
    bool validator = false;
    QStringList peer_args;   // --seed / --connect host:port ...
    QStringList extra_args;  // e.g. --test-double-propose, --debug ...
    ChildProcess process;
    bool expect_running = false;  // started and not killed on purpose: its death fails the waits
    std::unique_ptr<RpcClient> rpc;
  };

  explicit DevnetCluster(QString program);
  ~DevnetCluster();  // kills every node
  DevnetCluster(const DevnetCluster&) = delete;
  DevnetCluster& operator=(const DevnetCluster&) = delete;

  // Writes the layout of `validators` validator nodes then `others` plain nodes and picks their ports.
  // Genesis: `genesis_time_ms`, or by default the whole second GENESIS_DELAY_MS from now (the
  // processes start and find each other before the first slot).
  static constexpr std::int64_t GENESIS_DELAY_MS = 3000;
  bool Create(std::size_t validators, std::size_t others, std::optional<std::int64_t> genesis_time_ms = std::nullopt);

  QString base() const { return m_dir.path(); }
  std::size_t size() const { return m_nodes.size(); }
  Node& node(int k) { return *m_nodes.at(static_cast<std::size_t>(k - 1)); }
  QString P2pAddress(int k) const;  // "127.0.0.1:<p2p port of node k>"

  // Every node gets --seed for every other node (as `cairn devnet` does).
  void SeedEveryone();

  // Starts node k (its flags: the common ones, peer_args, extra_args) and waits until its RPC
  // answers chain.head, or fails (the process died, or START_TIMEOUT passed).
  static constexpr std::chrono::seconds START_TIMEOUT{30};
  bool Start(int k);
  bool StartAll();
  // SIGKILL (a crash, not a clean stop); the node's later death is expected.
  void Kill(int k);
  void KillAll();

  // ---- RPC ----
  util::Result<QJsonValue, QString> Call(int k, const QString& method, const QJsonValue& params = QJsonObject());
  std::optional<QJsonObject> CallObject(int k, const QString& method, const QJsonValue& params = QJsonObject());
  std::optional<HeadInfo> Head(int k);
  // The canonical block at `height` as chain.block returns it; nullopt when the node has none there
  // (or does not answer).
  std::optional<QJsonObject> BlockAt(int k, qint64 height);
  // One line for the test log: "n1 h=12 f=10 | n2 ...".
  QString Summary();

  // Polls `condition` every POLL_INTERVAL until it holds or `timeout` passes. Fails at once when a node
  // that should run has died. `what` names the wait in the failure message.
  bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout, const QString& what);

  // Records a failure sentence for Why() (a test's own checks use it too).
  void Fail(const QString& why) { m_error = why; }
  const QString& error() const { return m_error; }
  // The last failure, then the last lines of each node's logs.
  QString Why(int log_lines = 15);
  QString Tails(int log_lines = 15);

 private:
  bool CheckAlive();

  QString m_program;
  QTemporaryDir m_dir;
  std::vector<std::unique_ptr<Node>> m_nodes;
  QString m_error;
};

}  // namespace cairn::test
