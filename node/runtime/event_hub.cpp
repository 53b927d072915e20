#include "runtime/event_hub.h"

#include <algorithm>
#include <exception>

#include "chain/address.h"
#include "storage/index_rows.h"
#include "util/log.h"

namespace cairn::runtime {
namespace {

class HubSubscription final : public api::Subscription {
 public:
  HubSubscription(std::shared_ptr<EventHub> hub, std::uint64_t id) : m_hub(std::move(hub)), m_id(id) {}
  ~HubSubscription() override { m_hub->Unsubscribe(m_id); }
  HubSubscription(const HubSubscription&) = delete;
  HubSubscription& operator=(const HubSubscription&) = delete;

 private:
  std::shared_ptr<EventHub> m_hub;
  std::uint64_t m_id;
};

const chain::Address* AddressOf(const api::Event& e) {
  const auto* tx = std::get_if<api::AddressTxEvent>(&e);
  return tx != nullptr ? &tx->address : nullptr;
}

}  // namespace

EventHub::~EventHub() { Stop(); }

void EventHub::Start() {
  std::lock_guard lock(m_mutex);
  if (m_thread.joinable()) return;
  m_stopping = false;
  m_thread = std::thread([this] { Run(); });
}

void EventHub::Stop() {
  {
    std::lock_guard lock(m_mutex);
    if (!m_thread.joinable()) return;
    m_stopping = true;
  }
  m_wake.notify_all();
  m_thread.join();
  std::lock_guard lock(m_mutex);
  m_thread = std::thread();
  m_thread_id = {};
  m_inbox.clear();
  for (auto& [id, sub] : m_subscribers) sub->queue.clear();
  m_queued = 0;
  m_unfinalized.clear();
  m_unfinalized_events = 0;
}

void EventHub::Publish(Publication publication) {
  {
    std::lock_guard lock(m_mutex);
    if (m_inbox.size() >= MAX_INBOX) {
      m_inbox.pop_front();
      m_dropped.fetch_add(1);
      if (!m_inbox_warned) {
        m_inbox_warned = true;
        CAIRN_LOG(App, Warn) << "event delivery is behind by " << MAX_INBOX
                             << " slot events; dropping the oldest (a subscriber callback is too slow)";
      }
    }
    m_inbox.push_back(std::move(publication));
  }
  m_wake.notify_one();
}

std::unique_ptr<api::Subscription> EventHub::Subscribe(api::EventKinds kinds, std::vector<chain::Address> addresses,
                                                       api::Node::EventCallback callback) {
  auto sub = std::make_shared<Subscriber>();
  sub->kinds = kinds;
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  sub->addresses = std::move(addresses);
  sub->callback = std::move(callback);
  std::lock_guard lock(m_mutex);
  sub->id = m_next_id++;
  m_subscribers.emplace(sub->id, sub);
  return std::make_unique<HubSubscription>(shared_from_this(), sub->id);
}

void EventHub::Unsubscribe(std::uint64_t id) {
  api::Node::EventCallback doomed;  // destroyed after the lock is released
  std::unique_lock lock(m_mutex);
  const auto it = m_subscribers.find(id);
  if (it == m_subscribers.end()) return;
  const std::shared_ptr<Subscriber> sub = it->second;
  m_subscribers.erase(it);
  sub->cancelled.store(true);
  m_queued -= sub->queue.size();
  sub->queue.clear();
  // On the event thread (a callback ending another subscription) nothing of `sub` is running, except
  // when a callback ends its own subscription, which node.h forbids: then its callback stays alive
  // until the event thread lets go of it.
  const bool on_event_thread = std::this_thread::get_id() == m_thread_id;
  if (!on_event_thread) m_idle.wait(lock, [&] { return !sub->running; });
  if (!sub->running) doomed = std::move(sub->callback);
  lock.unlock();
}

EventHub::Interest EventHub::InterestLocked() const {
  Interest interest;
  for (const auto& [id, sub] : m_subscribers) {
    if (!sub->kinds.Has(api::EventKind::AddressTx)) continue;
    interest.any = true;
    if (sub->addresses.empty()) interest.all = true;
    interest.addresses.insert(sub->addresses.begin(), sub->addresses.end());
  }
  return interest;
}

void EventHub::Expand(Publication& p, const Interest& interest, std::vector<api::Event>& out) {
  if (p.new_head) out.emplace_back(api::NewHeadEvent{*p.new_head});
  for (const CommittedBlock& b : p.blocks) {
    if (interest.any && b.block) {
      std::vector<api::AddressTxEvent> included;
      for (std::uint32_t i = 0; i < b.block->body.txs.size(); ++i) {
        const chain::Transaction& tx = b.block->body.txs[i];
        std::vector<chain::Address> touched = storage::KeysOf(tx).accounts;
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        std::optional<chain::TxId> id;  // hashed only when someone wants this tx
        for (const chain::Address& a : touched) {
          if (!interest.Wants(a)) continue;
          if (!id) id = chain::ComputeTxId(tx);
          included.push_back({a, *id, api::TxStatus::Included, api::TxCursor{b.height, i}});
        }
      }
      for (const auto& e : included) out.emplace_back(e);
      if (!included.empty()) {
        m_unfinalized_events += included.size();
        m_unfinalized.emplace_back(b.height, std::move(included));
        while (m_unfinalized_events > MAX_UNFINALIZED_EVENTS && m_unfinalized.size() > 1) {
          m_unfinalized_events -= m_unfinalized.front().second.size();
          m_unfinalized.pop_front();
          if (!m_unfinalized_warned) {
            m_unfinalized_warned = true;
            CAIRN_LOG(App, Warn) << "finality lags far behind: transactions of old blocks will get no "
                                    "finalized event";
          }
        }
      }
    }
    for (const auto& u : b.proposal_updates) out.emplace_back(u);
  }
  if (p.finalized) {
    out.emplace_back(api::FinalizedEvent{*p.finalized});
    while (!m_unfinalized.empty() && m_unfinalized.front().first <= p.finalized->height) {
      for (api::AddressTxEvent& e : m_unfinalized.front().second) {
        e.status = api::TxStatus::Finalized;
        out.emplace_back(std::move(e));
      }
      m_unfinalized_events -= m_unfinalized.front().second.size();
      m_unfinalized.pop_front();
    }
  }
}

void EventHub::FanOutLocked(api::Event&& event) {
  const api::EventKind kind = api::KindOf(event);
  const chain::Address* address = AddressOf(event);
  for (auto& [id, sub] : m_subscribers) {
    if (!sub->kinds.Has(kind)) continue;
    if (address != nullptr && !sub->addresses.empty() &&
        !std::binary_search(sub->addresses.begin(), sub->addresses.end(), *address)) {
      continue;
    }
    if (sub->queue.size() >= MAX_QUEUED) {
      sub->queue.pop_front();
      --m_queued;
      m_dropped.fetch_add(1);
      if (!sub->warned) {
        sub->warned = true;
        CAIRN_LOG(App, Warn) << "event subscriber " << sub->id << " is too slow: dropping its oldest events";
      }
    }
    sub->queue.push_back(event);
    ++m_queued;
  }
}

void EventHub::Run() {
  std::unique_lock lock(m_mutex);
  m_thread_id = std::this_thread::get_id();
  for (;;) {
    m_wake.wait(lock, [&] { return m_stopping || !m_inbox.empty() || m_queued > 0; });
    if (m_stopping) return;
    if (!m_inbox.empty()) {
      std::deque<Publication> inbox;
      inbox.swap(m_inbox);
      const Interest interest = InterestLocked();
      lock.unlock();
      std::vector<api::Event> events;
      for (Publication& p : inbox) Expand(p, interest, events);
      inbox.clear();  // drops the blocks outside the lock
      lock.lock();
      for (api::Event& e : events) FanOutLocked(std::move(e));
    }
    std::vector<std::shared_ptr<Subscriber>> ready;
    for (const auto& [id, sub] : m_subscribers) {
      if (!sub->queue.empty()) ready.push_back(sub);
    }
    for (const auto& sub : ready) {
      if (m_stopping) return;
      if (sub->cancelled.load() || sub->queue.empty()) continue;
      std::vector<api::Event> batch;
      while (!sub->queue.empty() && batch.size() < DELIVERY_BATCH) {
        batch.push_back(std::move(sub->queue.front()));
        sub->queue.pop_front();
        --m_queued;
      }
      sub->running = true;
      lock.unlock();
      for (const api::Event& e : batch) {
        if (sub->cancelled.load()) break;
        try {
          sub->callback(e);
        } catch (const std::exception& ex) {
          CAIRN_LOG(App, Error) << "event subscriber " << sub->id << " threw: " << ex.what();
        } catch (...) {
          CAIRN_LOG(App, Error) << "event subscriber " << sub->id << " threw a non-standard exception";
        }
      }
      lock.lock();
      sub->running = false;
      m_idle.notify_all();
    }
  }
}

}  // namespace cairn::runtime
