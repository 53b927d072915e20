#include "ui/event_bridge.h"

#include <QCoreApplication>

#include <utility>

#include "ui/async.h"
#include "util/overload.h"

namespace cairn::ui {

EventBridge::EventBridge() {
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, &EventBridge::Flush);
}

EventBridge::~EventBridge() { Detach(); }

EventBridge::Prepared EventBridge::Prepare(api::Node* node) {
  Prepared prepared;
  if (node == nullptr) return prepared;
  api::EventKinds kinds{api::EventKind::NewHead, api::EventKind::Finalized, api::EventKind::ProposalUpdate,
                        api::EventKind::PeerChange};
  prepared.node = node;
  prepared.subscription = node->Subscribe(kinds, {}, [this](const api::Event& e) { OnEvent(e); });
  prepared.head = node->Head();
  return prepared;
}

void EventBridge::Attach(Prepared prepared) {
  Detach();
  if (prepared.node == nullptr) return;
  m_node = prepared.node;
  m_subscription = std::move(prepared.subscription);
  {
    std::lock_guard lock(m_mutex);
    m_head = prepared.head;
  }
  const std::vector<chain::Address> watched = std::exchange(m_watched, {});
  SetWatchedAddresses(watched);
  m_dirty |= HEAD | FINALIZED | WALLET | PROPOSALS | PEERS;
  Flush();
}

void EventBridge::Detach() {
  ++m_generation;
  // Resetting waits for a callback in progress: none runs after this.
  m_subscription.reset();
  m_address_subscription.reset();
  m_node = nullptr;
  m_timer.stop();
}

api::ChainHead EventBridge::head() const {
  std::lock_guard lock(m_mutex);
  return m_head;
}

void EventBridge::SetWatchedAddresses(const std::vector<chain::Address>& addresses) {
  if (addresses == m_watched && (m_address_subscription || addresses.empty() || m_node == nullptr)) return;
  m_watched = addresses;
  m_address_subscription.reset();
  // An empty list would mean every address to the node: no wallet address, no subscription.
  if (m_node == nullptr || addresses.empty()) return;
  api::Node* node = m_node;
  const std::uint64_t generation = m_generation;
  RunAsync(
      this,
      [this, node, addresses]() -> std::shared_ptr<api::Subscription> {
        return node->Subscribe(api::EventKinds{api::EventKind::AddressTx}, addresses,
                               [this](const api::Event& e) { OnEvent(e); });
      },
      [this, generation, addresses](std::shared_ptr<api::Subscription> subscription) {
        // Detached, or the wallet's addresses changed again meanwhile: that subscription goes.
        if (generation != m_generation || addresses != m_watched) return;
        m_address_subscription = std::move(subscription);
      });
}

void EventBridge::OnEvent(const api::Event& event) {
  unsigned bits = 0;
  std::visit(util::Overload{
                 [&](const api::NewHeadEvent& e) {
                   std::lock_guard lock(m_mutex);
                   m_head = e.head;
                   bits = HEAD;
                 },
                 [&](const api::FinalizedEvent&) { bits = FINALIZED; },
                 [&](const api::AddressTxEvent&) { bits = WALLET; },  // only the watched ones are sent
                 [&](const api::ProposalUpdateEvent&) { bits = PROPOSALS; },
                 [&](const api::PeerChangeEvent&) { bits = PEERS; },
             },
             event);
  if (bits == 0) return;
  m_dirty |= bits;
  // One queued call per burst: the flag stays set until the GUI thread has looked.
  if (!m_wake_posted.exchange(true)) {
    QMetaObject::invokeMethod(this, &EventBridge::Wake, Qt::QueuedConnection);
  }
}

void EventBridge::Wake() {
  m_wake_posted = false;
  if (m_timer.isActive()) return;  // a flush is already due
  const auto since = std::chrono::steady_clock::now() - m_last_flush;
  if (since >= COALESCE_INTERVAL) {
    Flush();
  } else {
    m_timer.start(std::chrono::duration_cast<std::chrono::milliseconds>(COALESCE_INTERVAL - since));
  }
}

void EventBridge::Flush() {
  m_last_flush = std::chrono::steady_clock::now();
  const unsigned bits = m_dirty.exchange(0);
  if (bits & HEAD) emit headChanged();
  if (bits & FINALIZED) emit finalizedChanged();
  if (bits & WALLET) emit walletActivity();
  if (bits & PROPOSALS) emit proposalsChanged();
  if (bits & PEERS) emit peersChanged();
}

}  // namespace cairn::ui
