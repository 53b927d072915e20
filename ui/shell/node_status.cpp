#include "ui/shell/node_status.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QLocale>
#include <QQmlEngine>

#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/session.h"

namespace cairn::ui {

namespace {
constexpr std::chrono::seconds RATE_WINDOW{60};
constexpr int POLL_MS = 5000;  // the wallet's lock and the clock change without node events
// A few empty slots are normal (an offline proposer); more and "Up to date" would not be honest.
constexpr qint64 STALL_SLOTS = 8;
}  // namespace

QString SyncEtaText(std::uint64_t remaining, double blocks_per_second) {
  if (blocks_per_second <= 0) return {};
  const double seconds = static_cast<double>(remaining) / blocks_per_second;
  if (seconds < 60) return NodeStatus::tr("less than a minute left");
  // Plain singular/plural pairs: no English .qm is shipped for %n forms.
  if (seconds < 3600) {
    const int minutes = static_cast<int>(seconds / 60 + 0.5);
    return minutes == 1 ? NodeStatus::tr("about 1 minute left") : NodeStatus::tr("about %1 minutes left").arg(minutes);
  }
  if (seconds < 48 * 3600) {
    const int hours = static_cast<int>(seconds / 3600 + 0.5);
    return hours == 1 ? NodeStatus::tr("about 1 hour left") : NodeStatus::tr("about %1 hours left").arg(hours);
  }
  const int days = static_cast<int>(seconds / 86400 + 0.5);
  return NodeStatus::tr("about %1 days left").arg(days);
}

struct NodeStatus::Snapshot {
  api::NodeInfo info;
  api::ChainHead head;
  api::SyncStatus sync;
  api::Health health;
  api::LocalValidator validator;
  std::optional<api::WalletInfo> wallet;
  std::int64_t now_ms = 0;
};

NodeStatus::NodeStatus(QObject* parent) : QObject(parent) {
  m_poll.setInterval(POLL_MS);
  connect(&m_poll, &QTimer::timeout, this, &NodeStatus::refresh);
  // The texts below are made with tr() when read; QML reads them again only when `changed` says so,
  // and a language switch (QCoreApplication sends LanguageChange to itself) is such a change.
  QCoreApplication::instance()->installEventFilter(this);
  AttachToSession();
}

bool NodeStatus::eventFilter(QObject* watched, QEvent* event) {
  if (watched == QCoreApplication::instance() && event->type() == QEvent::LanguageChange) emit changed();
  return QObject::eventFilter(watched, event);
}

NodeStatus::~NodeStatus() = default;

NodeStatus* NodeStatus::create(QQmlEngine*, QJSEngine*) { return new NodeStatus(); }  // the engine owns it

void NodeStatus::AttachToSession() {
  Session* session = Session::Instance();
  if (session == nullptr) return;
  connect(session, &Session::stateChanged, this, [this, session] {
    if (session->running()) {
      m_poll.start();
      refresh();
    } else {
      m_poll.stop();
      Reset();
    }
  });
  EventBridge& events = session->events();
  connect(&events, &EventBridge::headChanged, this, &NodeStatus::refresh);
  connect(&events, &EventBridge::finalizedChanged, this, &NodeStatus::refresh);
  connect(&events, &EventBridge::peersChanged, this, &NodeStatus::refresh);
  connect(&events, &EventBridge::walletActivity, this, &NodeStatus::refresh);
  if (session->running()) {
    m_poll.start();
    refresh();
  }
}

void NodeStatus::refresh() {
  Session* session = Session::Instance();
  api::Node* node = session != nullptr ? session->node() : nullptr;
  if (node == nullptr) return;
  if (m_in_flight) {
    m_again = true;
    return;
  }
  m_in_flight = true;
  api::Wallet* wallet = session->wallet();
  RunAsync(
      this,
      [node, wallet] {
        Snapshot s;
        s.info = node->Info();
        s.head = node->Head();
        s.sync = node->Sync();
        s.health = node->CheckHealth();
        s.validator = node->ValidatorStatus();
        if (wallet != nullptr) s.wallet = wallet->Info();
        s.now_ms = QDateTime::currentMSecsSinceEpoch();
        return s;
      },
      [this](Snapshot s) {
        m_in_flight = false;
        Apply(s);
        if (m_again) {
          m_again = false;
          refresh();
        }
      });
}

void NodeStatus::Apply(const Snapshot& s) {
  // Import rate over the last minute; a reset (new chain) starts the measurement over.
  const auto now = std::chrono::steady_clock::now();
  if (!m_samples.empty() && s.head.height < m_samples.back().second) m_samples.clear();
  m_samples.emplace_back(now, s.head.height);
  while (m_samples.size() > 2 && now - m_samples.front().first > RATE_WINDOW) m_samples.pop_front();
  const double span = std::chrono::duration<double>(now - m_samples.front().first).count();
  m_rate = span >= 2.0 ? static_cast<double>(m_samples.back().second - m_samples.front().second) / span : 0.0;

  m_ready = true;
  m_network = QString::fromStdString(s.info.network);
  m_head_height = static_cast<qint64>(s.head.height);
  m_finalized_height = static_cast<qint64>(s.head.finalized.height);
  m_current_slot = static_cast<qint64>(s.head.current_slot);
  m_head_lag = static_cast<qint64>(s.health.head_lag_slots);
  m_finality_lag = static_cast<qint64>(s.health.finality_lag_slots);
  m_best_known = static_cast<qint64>(std::max(s.sync.best_known_height, s.head.height));
  m_syncing = s.sync.syncing && s.sync.best_known_height > s.head.height;
  m_sync_progress = m_best_known > 0 ? static_cast<double>(m_head_height) / static_cast<double>(m_best_known) : 1.0;
  if (!m_syncing) m_sync_progress = 1.0;
  m_peers = static_cast<int>(s.sync.peers);
  m_has_key = s.validator.has_key;
  m_validating = s.validator.validating;
  m_validator_index = s.validator.index ? static_cast<int>(*s.validator.index) : -1;
  m_validator_active = s.validator.active;
  m_blocks_proposed = static_cast<qint64>(s.validator.blocks_proposed);
  m_votes_cast = static_cast<qint64>(s.validator.votes_cast);
  m_problems.clear();
  for (const auto& p : s.health.problems) m_problems << QString::fromStdString(p);
  m_halted = s.info.halted;
  m_halt_reason = QString::fromStdString(s.info.halt_reason);
  // A head block stamped more than a slot after our "now" means our clock is behind the chain's.
  const auto slot_ms = static_cast<std::int64_t>(s.info.slot_ms);
  const auto ahead_ms = static_cast<std::int64_t>(s.head.timestamp_ms) - s.now_ms;
  m_clock_behind_s = slot_ms > 0 && ahead_ms > slot_ms ? static_cast<int>((ahead_ms + 999) / 1000) : 0;
  m_wallet_exists = s.wallet && s.wallet->exists;
  m_wallet_locked = s.wallet && s.wallet->locked;
  emit changed();
}

void NodeStatus::Reset() {
  m_ready = false;
  m_samples.clear();
  m_rate = 0;
  emit changed();
}

QString NodeStatus::syncText() const {
  if (!m_ready) return tr("Starting…");
  if (stalled()) return tr("No new block for %1 slots").arg(m_head_lag);
  if (!m_syncing) return tr("Up to date");
  const QLocale locale;
  return tr("Syncing: block %1 of %2").arg(locale.toString(m_head_height), locale.toString(m_best_known));
}

bool NodeStatus::stalled() const { return m_ready && !m_syncing && m_head_lag > STALL_SLOTS; }

QString NodeStatus::etaText() const {
  if (!m_syncing) return {};
  const QString eta = SyncEtaText(static_cast<std::uint64_t>(m_best_known - m_head_height), m_rate);
  return eta.isEmpty() ? tr("measuring the download speed…") : eta;
}

QString NodeStatus::validatorText() const {
  if (!m_has_key) return tr("No validator key on this node");
  if (m_validator_index < 0) return tr("Key present, not registered as a validator");
  if (!m_validating) return tr("Validator #%1, stopped").arg(m_validator_index);
  return m_validator_active ? tr("Validator #%1, validating").arg(m_validator_index)
                            : tr("Validator #%1, waiting to enter the active set").arg(m_validator_index);
}

void NodeStatus::setValidating(bool on) {
  Session* session = Session::Instance();
  api::Node* node = session != nullptr ? session->node() : nullptr;
  if (node == nullptr || m_validator_busy) return;
  m_validator_busy = true;
  m_validator_error.clear();
  emit validatorBusyChanged();
  RunAsync(
      this, [node, on] { return node->SetValidating(on); },
      [this](api::Result<void> result) {
        m_validator_busy = false;
        if (!result) {
          m_validator_error = tr("Could not change validating: %1").arg(QString::fromStdString(result.error().message));
        }
        emit validatorBusyChanged();
        refresh();
      });
}

}  // namespace cairn::ui
