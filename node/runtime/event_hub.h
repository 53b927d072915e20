// EventHub: delivers the chain thread's news to api::Node subscribers (node.h "events") on a dedicated
// event thread, so no subscriber can ever hold up block processing.
//
// Flow: the chain thread calls Publish (a ChainEventSink) at the end of each slot event; that only
// appends to a bounded inbox and wakes the event thread. The event thread turns each Publication into
// api::Events, in this order: NewHead; per committed block AddressTx(Included) for every address its
// transactions touch (storage::KeysOf: the sender and every address the payload names, as the
// explorer indexes them) and ProposalUpdate for every proposal whose status changed; Finalized; and
// AddressTx(Finalized) for the remembered transactions of every block the new checkpoint covers.
// Address events are only computed for addresses some subscriber asked for (or for all when one
// subscriber asked for all), and the hub remembers them until their block is final (bounded).
// Each subscriber then gets the events of its kinds (and, for AddressTx, of its addresses) in its own
// bounded queue; the event thread serves the queues round-robin, a few events at a time.
//
// Overload: the inbox (MAX_INBOX publications) and each subscriber's queue (MAX_QUEUED events) drop
// their OLDEST entries when full, with one warning per subscriber (and one for the inbox), so a slow
// subscriber loses old news rather than slowing anyone else or growing without bound.
//
// Thread safety: Publish from the chain thread; Start/Stop from the controlling thread; Subscribe and
// destroying a Subscription from any thread except inside a callback of that same subscription.
// Destroying a Subscription removes it and, when its callback is running on the event thread, waits
// for it to return; after that the callback is never called again and has been destroyed.
// Ownership: shared (std::shared_ptr): every Subscription keeps the hub alive, so subscriptions may
// outlive the node; the hub owns the callbacks until their subscriptions end.
// Failure: none; a callback that throws is logged and its exception dropped.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "api/node.h"
#include "runtime/chain_events.h"

namespace cairn::runtime {

class EventHub final : public ChainEventSink, public std::enable_shared_from_this<EventHub> {
 public:
  static constexpr std::size_t MAX_INBOX = 256;  // publications not yet expanded (each may hold a block)
  static constexpr std::size_t MAX_QUEUED = 16384;           // events per subscriber
  static constexpr std::size_t MAX_UNFINALIZED_EVENTS = 262144;  // remembered AddressTx for Finalized
  static constexpr std::size_t DELIVERY_BATCH = 64;          // events per subscriber per round

  static std::shared_ptr<EventHub> Create() { return std::shared_ptr<EventHub>(new EventHub()); }
  ~EventHub() override;
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  void Start();
  // Stops and joins the event thread; undelivered events are dropped. Subscriptions stay valid.
  void Stop();

  void Publish(Publication publication) override;

  std::unique_ptr<api::Subscription> Subscribe(api::EventKinds kinds, std::vector<chain::Address> addresses,
                                               api::Node::EventCallback callback);
  // Called by a Subscription's destructor.
  void Unsubscribe(std::uint64_t id);

  // Events dropped for slow subscribers plus publications dropped from a full inbox (tests, logs).
  std::uint64_t dropped() const { return m_dropped.load(); }

 private:
  struct Subscriber {
    std::uint64_t id = 0;
    api::EventKinds kinds;
    std::vector<chain::Address> addresses;  // sorted; empty: all
    api::Node::EventCallback callback;
    std::deque<api::Event> queue;
    bool running = false;        // the event thread is inside the callback (guarded by m_mutex)
    bool warned = false;         // dropped events already logged
    std::atomic<bool> cancelled{false};
  };
  // Which AddressTx events are worth computing (from the subscribers, under m_mutex).
  struct Interest {
    bool any = false;
    bool all = false;
    std::unordered_set<chain::Address> addresses;
    bool Wants(const chain::Address& a) const { return all || addresses.contains(a); }
  };

  EventHub() = default;
  void Run();
  Interest InterestLocked() const;
  // Event thread, without m_mutex: a publication's events, in delivery order.
  void Expand(Publication& publication, const Interest& interest, std::vector<api::Event>& out);
  void FanOutLocked(api::Event&& event);

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;  // the event thread: news, queued events or stop
  std::condition_variable m_idle;  // unsubscribers: a callback returned
  std::deque<Publication> m_inbox;
  bool m_inbox_warned = false;
  std::map<std::uint64_t, std::shared_ptr<Subscriber>> m_subscribers;
  std::uint64_t m_next_id = 1;
  std::size_t m_queued = 0;  // events in all subscriber queues
  bool m_stopping = false;
  std::thread m_thread;
  std::thread::id m_thread_id;  // guarded by m_mutex
  std::atomic<std::uint64_t> m_dropped{0};

  // Event thread only: AddressTx(Included) events kept until their block is final, by height.
  std::deque<std::pair<chain::Height, std::vector<api::AddressTxEvent>>> m_unfinalized;
  std::size_t m_unfinalized_events = 0;
  bool m_unfinalized_warned = false;
};

}  // namespace cairn::runtime
