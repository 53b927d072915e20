#include "ui/session.h"

#include <QDir>
#include <QQmlEngine>

#include "ui/app_settings.h"
#include "ui/async.h"
#include "chain/address.h"
#include "ui/event_bridge.h"

namespace cairn::ui {

namespace {
Session* g_instance = nullptr;
}

QThreadPool& WorkerPool() {
  static QThreadPool* pool = [] {
    auto* p = new QThreadPool();  // leaked on purpose: outlives every QObject that posts to it
    p->setMaxThreadCount(4);
    p->setObjectName(QStringLiteral("cairn-ui-workers"));
    return p;
  }();
  return *pool;
}

void WaitForWorkers() { WorkerPool().waitForDone(); }

Session::Session(NodeLauncher& launcher, QObject* parent)
    : QObject(parent), m_launcher(launcher), m_events(std::make_unique<EventBridge>()) {
  g_instance = this;
}

Session::~Session() {
  shutdown();
  if (g_instance == this) g_instance = nullptr;
}

Session* Session::Instance() { return g_instance; }

Session* Session::create(QQmlEngine*, QJSEngine*) {
  // The engine must not delete the app's session when it goes.
  QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
  return g_instance;
}

QString Session::addressPrefix() const {
  // chain/address.h: mainnet addresses start "cairn", every other network "tcairn".
  const std::string_view hrp = m_request_network == QStringLiteral("mainnet") ? chain::MAINNET_HRP : chain::TESTNET_HRP;
  return QString::fromLatin1(hrp.data(), static_cast<qsizetype>(hrp.size()));
}

void Session::start(const QString& network, const QString& dataDir) {
  if (m_state != State::Idle && m_state != State::Failed) return;
  m_request_network = network;
  m_request_data_dir = QDir::cleanPath(dataDir);
  LaunchRequest request;
  request.network = network.toStdString();
  request.data_dir = m_request_data_dir.toStdString();
  if (auto* settings = AppSettings::Instance()) {
    request.rpc_enabled = settings->rpcEnabled();
    request.rpc_port = static_cast<std::uint16_t>(settings->rpcPort());
    request.validate_on_launch = settings->validateOnLaunch();
  }
  SetState(State::Starting);
  NodeLauncher* launcher = &m_launcher;
  EventBridge* events = m_events.get();
  const std::uint64_t generation = ++m_generation;
  struct Started {
    util::Result<Launched, std::string> launched = util::Err(std::string());
    EventBridge::Prepared events;
  };
  RunAsync(
      this,
      [launcher, request, events] {
        // The launch and the node's first answers (subscription, head) stay off the GUI thread.
        Started result{launcher->Launch(request), {}};
        if (result.launched) result.events = events->Prepare(result.launched->node);
        return result;
      },
      [this, generation](Started result) {
        if (generation != m_generation) return;  // shut down meanwhile; the launcher stopped it
        if (!result.launched) {
          SetState(State::Failed, QString::fromStdString(result.launched.error()));
          return;
        }
        m_launched = *result.launched;
        SetState(State::Running);  // first: listeners of the attach flush below read node() as set
        m_events->Attach(std::move(result.events));
        emit started();
      });
}

void Session::reset() {
  if (m_state == State::Failed) SetState(State::Idle);
}

void Session::shutdown() {
  if (m_state == State::Idle) return;
  ++m_generation;
  SetState(State::Stopping);
  m_events->Detach();
  WaitForWorkers();  // a Launch in flight finishes first; queued calls then see no node
  m_launcher.Shutdown();
  m_launched = {};
  SetState(State::Idle);
}

void Session::SetState(State state, QString error) {
  m_state = state;
  m_error = std::move(error);
  emit stateChanged();
}

}  // namespace cairn::ui
