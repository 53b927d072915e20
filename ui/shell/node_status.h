// NodeStatus (QML singleton `NodeStatus`): what the overview, the status bar and the banners show about
// the running node: heights, sync progress with an estimate from the measured import rate, peers, this
// node's validator, health, a halt, the local clock against the chain's, the wallet's lock.
//
// It reads the node through RunAsync (one refresh in flight at a time; a request meanwhile runs once
// after it) on the event bridge's head/finalized/peers/wallet signals and on a slow timer (the wallet's
// lock and the clock change without node events).
//
// Thread safety: GUI thread only. Ownership: the QML engine's singleton (or a test's object); it finds
// the node through Session::Instance(). Failure: a refused start/stop of validating sets validatorError
// (one sentence); a node that is not running leaves `ready` false.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>

class QQmlEngine;
class QJSEngine;

namespace cairn::ui {

// "about 3 minutes left" for `remaining` blocks at `blocks_per_second`; "" when the rate is unknown (0).
QString SyncEtaText(std::uint64_t remaining, double blocks_per_second);

class NodeStatus : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  // Heights and counters are doubles for QML (exact below 2^53, far beyond any height in reach).
  Q_PROPERTY(bool ready READ ready NOTIFY changed)
  Q_PROPERTY(QString network READ network NOTIFY changed)
  Q_PROPERTY(double headHeight READ headHeight NOTIFY changed)
  Q_PROPERTY(double finalizedHeight READ finalizedHeight NOTIFY changed)
  Q_PROPERTY(double currentSlot READ currentSlot NOTIFY changed)
  Q_PROPERTY(double headLag READ headLag NOTIFY changed)          // slots
  Q_PROPERTY(double finalityLag READ finalityLag NOTIFY changed)  // slots
  Q_PROPERTY(bool syncing READ syncing NOTIFY changed)
  Q_PROPERTY(double syncProgress READ syncProgress NOTIFY changed)  // 0..1
  Q_PROPERTY(double bestKnownHeight READ bestKnownHeight NOTIFY changed)
  Q_PROPERTY(QString syncText READ syncText NOTIFY changed)  // "Up to date" / "Syncing: ..." / "No new block..."
  Q_PROPERTY(bool stalled READ stalled NOTIFY changed)  // not syncing, yet no block for several slots
  Q_PROPERTY(QString etaText READ etaText NOTIFY changed)    // "" when not syncing or not yet measured
  Q_PROPERTY(int peers READ peers NOTIFY changed)
  Q_PROPERTY(bool needsPeers READ needsPeers NOTIFY changed)  // false on the devnet (a single node)
  Q_PROPERTY(bool offline READ offline NOTIFY changed)
  Q_PROPERTY(bool hasValidatorKey READ hasValidatorKey NOTIFY changed)
  Q_PROPERTY(bool validating READ validating NOTIFY changed)
  Q_PROPERTY(int validatorIndex READ validatorIndex NOTIFY changed)  // -1: not registered
  Q_PROPERTY(bool validatorActive READ validatorActive NOTIFY changed)
  Q_PROPERTY(double blocksProposed READ blocksProposed NOTIFY changed)
  Q_PROPERTY(double votesCast READ votesCast NOTIFY changed)
  Q_PROPERTY(QString validatorText READ validatorText NOTIFY changed)
  Q_PROPERTY(bool validatorBusy READ validatorBusy NOTIFY validatorBusyChanged)
  Q_PROPERTY(QString validatorError READ validatorError NOTIFY validatorBusyChanged)
  Q_PROPERTY(bool healthy READ healthy NOTIFY changed)
  Q_PROPERTY(QStringList healthProblems READ healthProblems NOTIFY changed)
  Q_PROPERTY(bool halted READ halted NOTIFY changed)
  Q_PROPERTY(QString haltReason READ haltReason NOTIFY changed)
  Q_PROPERTY(int clockBehindSeconds READ clockBehindSeconds NOTIFY changed)  // 0: the clock is fine
  Q_PROPERTY(bool walletExists READ walletExists NOTIFY changed)
  Q_PROPERTY(bool walletLocked READ walletLocked NOTIFY changed)

 public:
  explicit NodeStatus(QObject* parent = nullptr);
  ~NodeStatus() override;
  static NodeStatus* create(QQmlEngine* engine, QJSEngine* js);

  bool ready() const { return m_ready; }
  QString network() const { return m_network; }
  double headHeight() const { return static_cast<double>(m_head_height); }
  double finalizedHeight() const { return static_cast<double>(m_finalized_height); }
  double currentSlot() const { return static_cast<double>(m_current_slot); }
  double headLag() const { return static_cast<double>(m_head_lag); }
  double finalityLag() const { return static_cast<double>(m_finality_lag); }
  bool syncing() const { return m_syncing; }
  double syncProgress() const { return m_sync_progress; }
  double bestKnownHeight() const { return static_cast<double>(m_best_known); }
  QString syncText() const;
  bool stalled() const;
  QString etaText() const;
  int peers() const { return m_peers; }
  bool needsPeers() const { return m_network != QStringLiteral("devnet"); }
  bool offline() const { return m_ready && needsPeers() && m_peers == 0; }
  bool hasValidatorKey() const { return m_has_key; }
  bool validating() const { return m_validating; }
  int validatorIndex() const { return m_validator_index; }
  bool validatorActive() const { return m_validator_active; }
  double blocksProposed() const { return static_cast<double>(m_blocks_proposed); }
  double votesCast() const { return static_cast<double>(m_votes_cast); }
  QString validatorText() const;
  bool validatorBusy() const { return m_validator_busy; }
  QString validatorError() const { return m_validator_error; }
  bool healthy() const { return m_problems.isEmpty(); }
  QStringList healthProblems() const { return m_problems; }
  bool halted() const { return m_halted; }
  QString haltReason() const { return m_halt_reason; }
  int clockBehindSeconds() const { return m_clock_behind_s; }
  bool walletExists() const { return m_wallet_exists; }
  bool walletLocked() const { return m_wallet_exists && m_wallet_locked; }

  Q_INVOKABLE void refresh();
  Q_INVOKABLE void setValidating(bool on);

 signals:
  void changed();
  void validatorBusyChanged();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  struct Snapshot;
  void Apply(const Snapshot& snapshot);
  void Reset();
  void AttachToSession();

  QTimer m_poll;
  bool m_in_flight = false;
  bool m_again = false;
  // Head heights over the last minute, to measure the import rate.
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> m_samples;
  double m_rate = 0;  // blocks per second

  bool m_ready = false;
  QString m_network;
  qint64 m_head_height = 0, m_finalized_height = 0, m_current_slot = 0, m_head_lag = 0, m_finality_lag = 0;
  bool m_syncing = false;
  double m_sync_progress = 1;
  qint64 m_best_known = 0;
  int m_peers = 0;
  bool m_has_key = false, m_validating = false, m_validator_active = false;
  int m_validator_index = -1;
  qint64 m_blocks_proposed = 0, m_votes_cast = 0;
  bool m_validator_busy = false;
  QString m_validator_error;
  QStringList m_problems;
  bool m_halted = false;
  QString m_halt_reason;
  int m_clock_behind_s = 0;
  bool m_wallet_exists = false, m_wallet_locked = false;
};

}  // namespace cairn::ui
