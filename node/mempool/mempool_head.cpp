// Index upkeep and head updates: the per-sender ready runs, the eviction / expiry / future indexes, and
// the re-check of the pool against a new head (blocks included, reorgs, params changes).
#include <algorithm>

#include "mempool/mempool.h"
#include "state/keys.h"
#include "state/queries.h"
#include "util/checked_math.h"
#include "util/log.h"

namespace cairn::mempool {

using detail::Entry;
using detail::Sender;

void Mempool::UntrackTail(Sender& s) {
  if (!s.tail) return;
  m_tails.erase(*s.tail);
  s.tail.reset();
}

void Mempool::TrackTail(Sender& s) {
  if (s.txs.empty()) return;
  const Entry& e = *s.txs.rbegin()->second;
  const detail::TailKey key{e.ready, e.rate(), e.seq, &e};
  m_tails.insert(key);
  s.tail = key;
}

void Mempool::MarkReady(Entry& e) {
  if (e.ready) return;
  m_futures.erase({e.future_since, &e});
  e.ready = true;
  ++m_ready;
}

void Mempool::MarkFuture(Entry& e) {
  if (!e.ready) return;
  e.ready = false;
  e.future_since = m_slot;
  m_futures.insert({e.future_since, &e});
  --m_ready;
}

void Mempool::InsertEntry(Sender& s, std::unique_ptr<Entry> owned) {
  Entry& e = *owned;
  e.ready = false;
  e.future_since = m_slot;
  m_futures.insert({e.future_since, &e});
  m_by_expiry.insert({e.tx.expiry_slot, &e});
  m_by_id.emplace(e.id, &e);
  m_bytes += e.size;
  s.txs.emplace(e.tx.nonce, std::move(owned));
}

void Mempool::EraseEntry(Sender& s, TxIter it) {
  Entry& e = *it->second;
  if (e.ready) {
    --s.ready_count;
    s.ready_spend -= e.spend;
    --m_ready;
  } else {
    m_futures.erase({e.future_since, &e});
  }
  m_by_expiry.erase({e.tx.expiry_slot, &e});
  m_by_id.erase(e.id);
  m_bytes -= e.size;
  s.txs.erase(it);
}

void Mempool::Promote(Sender& s) {
  for (;;) {
    const auto it = s.txs.find(s.account.nonce + s.ready_count);
    if (it == s.txs.end() || it->second->ready) return;
    const auto sum = util::CheckedAdd(s.ready_spend, it->second->spend);
    if (!sum || *sum > s.account.balance) return;
    MarkReady(*it->second);
    ++s.ready_count;
    s.ready_spend = *sum;
  }
}

void Mempool::Resettle(Sender& s, bool full) {
  UntrackTail(s);
  while (!s.txs.empty() && s.txs.begin()->first < s.account.nonce) {
    EraseEntry(s, s.txs.begin());
    ++m_counters.removed_stale;
  }
  // Fast path (the common block): the run only lost its included prefix and still fits the balance.
  // Entries are never below the previous account nonce, so after a nonce moved backwards (reorg) the
  // first entry is above the new nonce and the run is not intact.
  const bool run_intact = s.ready_count == 0 || (s.txs.begin()->second->ready && s.txs.begin()->first == s.account.nonce);
  if (!full && run_intact && s.ready_spend <= s.account.balance) {
    Promote(s);
    TrackTail(s);
    return;
  }
  std::uint64_t expected = s.account.nonce;
  chain::Amount spend = 0;
  std::uint64_t count = 0;
  bool run = true;
  for (auto& [nonce, e] : s.txs) {
    if (run && nonce == expected) {
      const auto sum = util::CheckedAdd(spend, e->spend);
      if (sum && *sum <= s.account.balance) {
        spend = *sum;
        ++expected;
        ++count;
        MarkReady(*e);
        continue;
      }
    }
    run = false;
    MarkFuture(*e);
  }
  s.ready_count = count;
  s.ready_spend = spend;
  TrackTail(s);
}

void Mempool::EraseIfEmpty(SenderMap::iterator it) {
  if (it != m_senders.end() && it->second.txs.empty()) {
    UntrackTail(it->second);
    m_senders.erase(it);
  }
}

void Mempool::LoadHeadLocked(const state::StateReader& head_state, chain::Slot slot) {
  m_state = &head_state;
  m_slot = slot;
  const auto globals = state::GetGlobals(head_state);
  const auto params = state::GetParams(head_state);
  if (!globals || !params) {
    CAIRN_LOG(Mempool, Error) << "head state has no globals or params: keeping the previous admission rules";
    if (!m_rules) m_rules = std::make_shared<const HeadRules>();
    return;
  }
  if (!m_rules || m_rules->chain_id != globals->chain_id || m_rules->params != *params) {
    m_rules = std::make_shared<const HeadRules>(HeadRules{globals->chain_id, *params});
  }
}

Mempool::HeadUpdate Mempool::BeginHeadUpdate() { return HeadUpdate(*this, std::unique_lock(m_mutex)); }

void Mempool::HeadUpdate::Commit(const state::StateReader& head_state, chain::Slot slot, const state::StateDiff* changes) {
  if (!m_lock.owns_lock()) return;  // committed already
  m_pool->CommitHeadLocked(head_state, slot, changes);
  m_lock.unlock();
}

void Mempool::CommitHeadLocked(const state::StateReader& head_state, chain::Slot slot, const state::StateDiff* changes) {
  const auto old_rules = m_rules;
  LoadHeadLocked(head_state, slot);
  const bool rules_changed = old_rules != m_rules;

  const auto refresh = [&](Sender& s, const chain::Address& address) {
    if (rules_changed) {
      UntrackTail(s);
      for (auto it = s.txs.begin(); it != s.txs.end();) {
        const Entry& e = *it->second;
        const auto min_fee = util::CheckedMul(e.size, m_rules->params.min_fee_rate);
        if (e.tx.chain_id == m_rules->chain_id && e.size <= m_rules->params.max_tx_bytes && min_fee && e.tx.fee >= *min_fee) {
          ++it;
          continue;
        }
        const auto next = std::next(it);
        EraseEntry(s, it);
        ++m_counters.removed_fee;
        it = next;
      }
    }
    const state::Account account = state::GetAccount(head_state, address);
    if (!rules_changed && account == s.account) return;
    s.account = account;
    Resettle(s, rules_changed);
  };

  if (changes == nullptr || rules_changed) {
    for (auto it = m_senders.begin(); it != m_senders.end();) {
      refresh(it->second, it->first);
      if (it->second.txs.empty()) {
        UntrackTail(it->second);
        it = m_senders.erase(it);
      } else {
        ++it;
      }
    }
  } else {
    for (const auto& w : changes->writes) {
      if (w.key.size() != 1 + chain::Address::SIZE || w.key[0] != static_cast<std::uint8_t>(state::KeyPrefix::Account)) continue;
      const auto address = chain::Address::FromSpan(util::ByteSpan(w.key).subspan(1));
      const auto it = m_senders.find(address);
      if (it == m_senders.end()) continue;
      refresh(it->second, address);
      EraseIfEmpty(it);
    }
  }

  // Expired (no block after the head may include them) and futures held too long.
  std::vector<chain::Address> dirty;
  const auto drop = [&](const Entry* e) {
    const chain::Address sender = e->sender;
    Sender& s = m_senders.at(sender);
    UntrackTail(s);
    EraseEntry(s, s.txs.find(e->tx.nonce));
    dirty.push_back(sender);
  };
  while (!m_by_expiry.empty() && m_by_expiry.begin()->first <= slot) {
    drop(m_by_expiry.begin()->second);
    ++m_counters.expired;
  }
  while (!m_futures.empty() && m_futures.begin()->first < slot && slot - m_futures.begin()->first > m_config.future_hold_slots) {
    drop(m_futures.begin()->second);
    ++m_counters.future_dropped;
  }
  for (const auto& address : dirty) {
    const auto it = m_senders.find(address);
    if (it == m_senders.end()) continue;
    Resettle(it->second, /*full=*/true);
    EraseIfEmpty(it);
  }
  CAIRN_LOG(Mempool, Debug) << "head slot " << slot << ": " << m_by_id.size() << " txs (" << m_ready << " ready), "
                            << m_senders.size() << " senders";
}

}  // namespace cairn::mempool
