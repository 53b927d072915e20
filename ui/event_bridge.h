// EventBridge: node events -> GUI thread (DESIGN.md section 2). It holds one api::Node subscription; the
// node thread only records what changed (a few atomic flags and the newest head) and asks the GUI thread
// to look. The GUI thread then emits at most one signal of each kind per COALESCE_INTERVAL, so a node
// importing thousands of blocks a second costs the GUI a handful of updates per second, while on a quiet
// chain a new block still shows at once.
//
// Thread safety: the QObject and its signals live on the GUI thread; the subscription callbacks run on
// the node's event thread and touch only the atomics and the mutex-held head. Prepare runs on a worker
// (it subscribes and reads the head: node calls never run on the GUI thread); everything else on the
// GUI thread.
// Ownership: owned by Session; the subscriptions borrow the node until Detach (which waits for a
// running callback).
#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "api/node.h"

namespace cairn::ui {

inline constexpr std::chrono::milliseconds COALESCE_INTERVAL{250};

class EventBridge : public QObject {
  Q_OBJECT

 public:
  EventBridge();
  ~EventBridge() override;

  // What a worker thread prepares for Attach: the subscription to every event but AddressTx, and the head.
  struct Prepared {
    api::Node* node = nullptr;
    std::shared_ptr<api::Subscription> subscription;  // shared: the handoff between threads copies it
    api::ChainHead head;
  };
  Prepared Prepare(api::Node* node);  // any thread (a worker)
  // GUI thread: starts delivering, and flushes once so that every listener reads the node.
  void Attach(Prepared prepared);
  void Detach();

  // The newest head the node announced (GUI thread; default-constructed before the first).
  api::ChainHead head() const;
  // walletActivity reports transactions touching these addresses (the wallet's). The node is asked for
  // exactly them (a subscription on a worker), never for every address of every block.
  void SetWatchedAddresses(const std::vector<chain::Address>& addresses);

 signals:
  void headChanged();
  void finalizedChanged();
  void walletActivity();  // a watched address was touched by a transaction (included or finalized)
  void proposalsChanged();
  void peersChanged();

 private:
  enum Bit : unsigned { HEAD = 1, FINALIZED = 2, WALLET = 4, PROPOSALS = 8, PEERS = 16 };
  void OnEvent(const api::Event& event);  // node thread
  void Wake();                            // GUI thread
  void Flush();                           // GUI thread

  api::Node* m_node = nullptr;
  std::shared_ptr<api::Subscription> m_subscription;
  std::shared_ptr<api::Subscription> m_address_subscription;
  std::vector<chain::Address> m_watched;   // GUI thread
  std::uint64_t m_generation = 0;          // GUI thread: a subscription made for an older one is dropped
  std::atomic<unsigned> m_dirty{0};
  std::atomic<bool> m_wake_posted{false};
  mutable std::mutex m_mutex;
  api::ChainHead m_head;                  // guarded by m_mutex
  QTimer m_timer;                         // GUI thread: the rest of a coalescing interval
  std::chrono::steady_clock::time_point m_last_flush{};
};

}  // namespace cairn::ui
