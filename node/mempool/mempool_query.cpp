// Read side: block selection, introspection for RPC / GUI, and the invariant check used by tests.
#include <algorithm>
#include <queue>

#include "mempool/mempool.h"
#include "util/checked_math.h"

namespace cairn::mempool {

using detail::Entry;
using detail::Sender;

namespace {

PooledTxInfo InfoOf(const Entry& e) {
  return {e.id, e.sender, e.tx.nonce, e.tx.fee, e.size, e.tx.expiry_slot, e.ready ? TxPlacement::Ready : TxPlacement::Future};
}

}  // namespace

std::vector<chain::Transaction> Mempool::SelectForBlock(std::size_t max_txs, std::size_t max_bytes, chain::Slot block_slot) const {
  std::lock_guard lock(m_mutex);
  if (block_slot == 0) block_slot = m_slot + 1;
  // The best ready head of each sender; taking one exposes that sender's next nonce.
  struct Candidate {
    const Entry* entry;
    const Sender* sender;
    std::uint64_t left;  // ready txs of this sender not yet taken, this one included
  };
  const auto worse = [](const Candidate& a, const Candidate& b) {
    const FeeRate ra = a.entry->rate(), rb = b.entry->rate();
    if (ra < rb) return true;
    if (rb < ra) return false;
    return a.entry->seq > b.entry->seq;
  };
  std::vector<Candidate> heads;
  heads.reserve(m_senders.size());
  for (const auto& [address, s] : m_senders) {
    if (s.ready_count > 0) heads.push_back({s.txs.begin()->second.get(), &s, s.ready_count});
  }
  std::priority_queue<Candidate, std::vector<Candidate>, decltype(worse)> queue(worse, std::move(heads));
  std::vector<chain::Transaction> out;
  std::size_t bytes = 0;
  while (!queue.empty() && out.size() < max_txs) {
    const Candidate c = queue.top();
    queue.pop();
    const Entry& e = *c.entry;
    if (e.tx.expiry_slot < block_slot || bytes + e.size > max_bytes) continue;  // the sender stops here
    out.push_back(e.tx);
    bytes += e.size;
    if (c.left > 1) {
      const auto next = c.sender->txs.find(e.tx.nonce + 1);
      queue.push({next->second.get(), c.sender, c.left - 1});
    }
  }
  return out;
}

bool Mempool::Contains(const chain::TxId& id) const {
  std::lock_guard lock(m_mutex);
  return m_by_id.contains(id);
}

std::optional<chain::Transaction> Mempool::Get(const chain::TxId& id) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_by_id.find(id);
  if (it == m_by_id.end()) return std::nullopt;
  return it->second->tx;
}

std::vector<PooledTxInfo> Mempool::PendingOf(const chain::Address& sender) const {
  std::lock_guard lock(m_mutex);
  std::vector<PooledTxInfo> out;
  const auto it = m_senders.find(sender);
  if (it == m_senders.end()) return out;
  for (const auto& [nonce, e] : it->second.txs) out.push_back(InfoOf(*e));
  return out;
}

std::vector<PooledTxInfo> Mempool::Snapshot(std::size_t limit) const {
  std::lock_guard lock(m_mutex);
  std::vector<PooledTxInfo> out;
  out.reserve(std::min(limit, m_by_id.size()));
  for (const auto& [address, s] : m_senders) {
    for (const auto& [nonce, e] : s.txs) {
      if (out.size() >= limit) return out;
      out.push_back(InfoOf(*e));
    }
  }
  return out;
}

std::vector<PooledTxInfo> Mempool::ByFeeRate(std::size_t limit) const {
  std::lock_guard lock(m_mutex);
  const auto better = [](const Entry* a, const Entry* b) {
    const FeeRate ra = a->rate(), rb = b->rate();
    if (rb < ra) return true;
    if (ra < rb) return false;
    return a->seq < b->seq;
  };
  std::vector<const Entry*> entries;
  entries.reserve(m_by_id.size());
  for (const auto& [id, e] : m_by_id) entries.push_back(e);
  const std::size_t n = std::min(limit, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(n), entries.end(), better);
  std::vector<PooledTxInfo> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(InfoOf(*entries[i]));
  return out;
}

FeeEstimate Mempool::EstimateFeeRate() const {
  std::lock_guard lock(m_mutex);
  FeeEstimate est;
  const std::uint64_t min_rate = m_rules ? m_rules->params.min_fee_rate : 0;
  est.block_txs = m_rules ? static_cast<std::size_t>(m_rules->params.max_block_txs) : 0;
  est.ready_txs = m_ready;
  est.fee_rate = min_rate;
  if (est.block_txs == 0 || m_ready < est.block_txs) return est;
  // The block_txs-th best ready rate: a tx must beat it to displace the last one in.
  std::vector<FeeRate> rates;
  rates.reserve(m_ready);
  for (const auto& [address, s] : m_senders) {
    for (const auto& [nonce, e] : s.txs) {
      if (e->ready) rates.push_back(e->rate());
    }
  }
  const auto nth = rates.begin() + static_cast<std::ptrdiff_t>(est.block_txs - 1);
  std::nth_element(rates.begin(), nth, rates.end(), [](const FeeRate& a, const FeeRate& b) { return b < a; });
  est.fee_rate = std::max(min_rate, nth->Floor() + 1);
  return est;
}

MempoolStats Mempool::stats() const {
  std::lock_guard lock(m_mutex);
  MempoolStats s = m_counters;
  s.txs = m_by_id.size();
  s.bytes = m_bytes;
  s.ready = m_ready;
  s.future = m_by_id.size() - m_ready;
  s.senders = m_senders.size();
  return s;
}

std::size_t Mempool::size() const {
  std::lock_guard lock(m_mutex);
  return m_by_id.size();
}

std::size_t Mempool::bytes() const {
  std::lock_guard lock(m_mutex);
  return m_bytes;
}

chain::Slot Mempool::head_slot() const {
  std::lock_guard lock(m_mutex);
  return m_slot;
}

std::string Mempool::CheckInvariants() const {
  std::lock_guard lock(m_mutex);
  std::size_t count = 0, bytes = 0, ready = 0;
  for (const auto& [address, s] : m_senders) {
    const std::string who = "sender nonce " + std::to_string(s.account.nonce) + ": ";
    if (s.txs.empty()) return who + "empty sender kept";
    std::uint64_t run = 0;
    chain::Amount spend = 0;
    bool in_run = true;
    for (const auto& [nonce, e] : s.txs) {
      ++count;
      bytes += e->size;
      if (nonce != e->tx.nonce || e->sender != address) return who + "entry filed under the wrong key";
      if (nonce < s.account.nonce) return who + "stale nonce " + std::to_string(nonce) + " kept";
      const auto by_id = m_by_id.find(e->id);
      if (by_id == m_by_id.end() || by_id->second != e.get()) return who + "entry missing from the id index";
      if (!m_by_expiry.contains({e->tx.expiry_slot, e.get()})) return who + "entry missing from the expiry index";
      if (e->tx.expiry_slot <= m_slot) return who + "expired entry kept";
      in_run = in_run && nonce == s.account.nonce + run && e->ready;
      if (e->ready) {
        if (!in_run) return who + "ready entry " + std::to_string(nonce) + " outside the run";
        ++run;
        ++ready;
        spend += e->spend;
      } else if (!m_futures.contains({e->future_since, e.get()})) {
        return who + "future entry missing from the future index";
      }
    }
    if (run != s.ready_count || spend != s.ready_spend) return who + "ready run counters disagree";
    if (spend > s.account.balance) return who + "ready spend exceeds the balance";
    if (s.txs.size() > m_config.max_per_sender) return who + "over the per-sender limit";
    const Entry& tail = *s.txs.rbegin()->second;
    if (!s.tail || s.tail->entry != &tail || s.tail->ready != tail.ready || !(s.tail->rate == tail.rate()) ||
        !m_tails.contains(*s.tail)) {
      return who + "eviction index does not hold the tail";
    }
  }
  if (count != m_by_id.size()) return "id index holds " + std::to_string(m_by_id.size()) + " txs, senders " + std::to_string(count);
  if (bytes != m_bytes) return "byte total disagrees";
  if (ready != m_ready) return "ready total disagrees";
  if (m_by_expiry.size() != count) return "expiry index size disagrees";
  if (m_futures.size() != count - ready) return "future index size disagrees";
  if (m_tails.size() != m_senders.size()) return "eviction index size disagrees";
  if (count > m_config.max_txs || bytes > m_config.max_bytes) return "over the pool limits";
  return {};
}

}  // namespace cairn::mempool
