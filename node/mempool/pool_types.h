// Internal to node/mempool: the records the Mempool keeps per transaction and per sender, and the
// keys of its ordered indexes. Not for use outside the library.
// Thread safety: plain values, guarded by the owning Mempool's mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "chain/transaction.h"
#include "mempool/admit.h"
#include "state/records.h"

namespace cairn::mempool::detail {

struct Entry {
  chain::Transaction tx;
  chain::TxId id;
  chain::Address sender;
  std::uint32_t size = 0;    // encoded bytes
  chain::Amount spend = 0;   // fee + amounts leaving the balance (see SpendOf)
  std::uint64_t seq = 0;     // admission order: ties in priority go to the older entry
  chain::Slot future_since = 0;  // slot it last became Future (meaningful while !ready)
  bool ready = false;

  FeeRate rate() const { return {tx.fee, size}; }
};

// Eviction order: futures before ready txs, then the lowest fee rate, then the newest. Only each
// sender's highest nonce is a candidate, so evicting never opens a gap.
struct TailKey {
  bool ready = false;
  FeeRate rate;
  std::uint64_t seq = 0;
  const Entry* entry = nullptr;

  friend bool operator<(const TailKey& a, const TailKey& b) {
    if (a.ready != b.ready) return !a.ready;
    if (a.rate < b.rate) return true;
    if (b.rate < a.rate) return false;
    return a.seq > b.seq;
  }
};

// A sender's pooled transactions. Invariants: every key >= account.nonce; the nonces
// account.nonce .. account.nonce + ready_count - 1 are present and ready, all others are future;
// ready_spend = sum of their spend <= account.balance.
struct Sender {
  state::Account account;  // at the pool's head
  std::map<std::uint64_t, std::unique_ptr<Entry>> txs;  // by nonce; owns the entries
  std::uint64_t ready_count = 0;
  chain::Amount ready_spend = 0;
  std::optional<TailKey> tail;  // this sender's key in the eviction index
};

}  // namespace cairn::mempool::detail
