// Mempool: the node's pool of valid, not yet included transactions (PROTOCOL.md section 2).
//
// Policy (numbers in MempoolConfig):
// - Admission against the head: chain id, stateless rules, fee >= size * min_fee_rate, signature (through
//   the Verifier's cache), not expired (expiry_slot > head slot), nonce >= account nonce.
// - Per sender, txs ordered by nonce. Ready = the contiguous run from the account nonce whose summed
//   spend (fee + amounts, see SpendOf) fits the balance; the rest are Future, held at most
//   future_hold_slots slots and promoted when the gap fills or the balance allows.
// - Priority is the fee rate fee / encoded size (exact rational comparison). SelectForBlock takes the
//   best ready head among senders, one nonce at a time. Eviction, when count or bytes are full, removes
//   senders' highest-nonce txs (never opening a gap), futures first, then the lowest fee rate; the
//   newcomer must pay a strictly higher rate than each victim, and a Future newcomer evicts futures only.
// - Replacement of (sender, nonce) needs fee >= old fee * (100 + replace_bump_pct) / 100 and > old fee.
// - Limits: max_txs, max_bytes, max_per_sender, max_nonce_ahead (how far past the account nonce).
//
// Head state: the pool keeps a pointer to the StateReader given at construction / OnNewHead and reads
// accounts of new senders from it during Admit, under the pool mutex. So that object must outlive the
// pool (or the next head update), and the chain thread may change it in place only while holding a
// HeadUpdate (BeginHeadUpdate), which excludes admissions; or it hands over a new, immutable object.
//
// Thread safety: every public method may be called from any thread. One mutex (m_mutex) guards all
// pool state; signature checks of AdmitBatch run on the Verifier's workers before the mutex is taken,
// then the batch is admitted in order under one lock. Methods never call back into user code while
// holding the mutex, except HeadUpdate's caller-owned section.
// Ownership: the pool owns its transactions; it borrows the Verifier (must outlive the pool) and the
// head StateReader (see above).
// Failure: admission failures are AdmitError values; nothing else fails (an undecodable record in the
// head state reads as absent, like state::queries).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "chain/transaction.h"
#include "mempool/admit.h"
#include "mempool/pool_types.h"
#include "mempool/verifier.h"
#include "state/state_diff.h"

namespace cairn::mempool {

struct MempoolConfig {
  std::size_t max_txs = 65'536;
  std::size_t max_bytes = 64u << 20;
  std::size_t max_per_sender = 1'024;     // pooled txs per sender
  std::uint64_t max_nonce_ahead = 4'096;  // nonce < account nonce + this (bounds the gaps held)
  chain::Slot future_hold_slots = 32;     // a Future tx is dropped after this many slots as Future
  std::uint64_t replace_bump_pct = 10;    // minimum fee increase for a replacement
};

struct PooledTxInfo {
  chain::TxId id;
  chain::Address sender;
  std::uint64_t nonce = 0;
  chain::Amount fee = 0;
  std::uint32_t size = 0;
  chain::Slot expiry_slot = 0;
  TxPlacement placement = TxPlacement::Ready;
};

struct MempoolStats {
  std::size_t txs = 0;
  std::size_t bytes = 0;
  std::size_t ready = 0;
  std::size_t future = 0;
  std::size_t senders = 0;
  // Totals since construction.
  std::uint64_t admitted = 0;
  std::uint64_t replaced = 0;
  std::uint64_t evicted = 0;
  std::uint64_t expired = 0;
  std::uint64_t future_dropped = 0;  // held past future_hold_slots
  std::uint64_t removed_stale = 0;   // nonce below the account's at a new head (included or conflicting)
  std::uint64_t removed_fee = 0;     // below a raised min_fee_rate
};

struct FeeEstimate {
  std::uint64_t fee_rate = 0;  // base units per byte that would place a tx in the next block now
  std::size_t ready_txs = 0;
  std::size_t block_txs = 0;   // the head's max_block_txs
};

// What a tx takes out of the sender's balance if included: fee + Transfer.amount,
// RegisterValidator.self_bond, Delegate.amount, SubmitProposal.deposit or Deposit.amount. Other payloads
// count the fee only (Undelegate, Redelegate, ClaimRewards, Unjail, votes, evidence move no balance
// out; a TreasurySpend is paid by the treasury). Rewards credited by ClaimRewards are not counted: the
// check is conservative. Nothing on overflow.
std::optional<chain::Amount> SpendOf(const chain::Transaction& tx);

class Mempool {
 public:
  // `head_state` at `head_slot`: see "Head state" above.
  Mempool(const state::StateReader& head_state, chain::Slot head_slot, Verifier& verifier, MempoolConfig config = {});
  Mempool(const Mempool&) = delete;
  Mempool& operator=(const Mempool&) = delete;

  // Checks the signature on the calling thread (cached), then admits.
  AdmitResult Admit(chain::Transaction tx);
  // Prechecks and signatures on the Verifier's workers, then admission in order under one lock:
  // results[i] is for txs[i]; the same outcomes as calling Admit on each in order.
  std::vector<AdmitResult> AdmitBatch(std::vector<chain::Transaction> txs);
  // After a reorg: the txs of the reverted blocks, in block order, once OnNewHead moved to the new
  // head. Their signatures hit the cache. Failures (now included, stale) are normal.
  std::vector<AdmitResult> Readmit(std::vector<chain::Transaction> txs) { return AdmitBatch(std::move(txs)); }

  // Told the ids of the txs each Admit / AdmitBatch / Readmit call admitted, after the pool's mutex
  // is released, on the calling thread (the network announces them to peers). Must be quick and must
  // not call back into the pool. Set it before other threads use the pool.
  using AdmittedListener = std::function<void(const std::vector<chain::TxId>& ids)>;
  void SetAdmittedListener(AdmittedListener listener) { m_admitted_listener = std::move(listener); }

  // Holds the pool's mutex: admissions wait while the chain thread changes the head state in place.
  // The holder must not call any other method of this pool until Commit (or destruction): the mutex
  // is not recursive. Destroyed without Commit, it only releases the mutex.
  class HeadUpdate {
   public:
    // Re-checks the pool against the head state at `slot` and releases the mutex. `changes` (optional)
    // lists the keys changed since the previous head (a block's diff, or the diffs of a reorg): then
    // only senders whose account changed are re-read, else every sender is. Params changes always
    // re-check everything.
    void Commit(const state::StateReader& head_state, chain::Slot slot, const state::StateDiff* changes = nullptr);
    HeadUpdate(HeadUpdate&&) = default;

   private:
    friend class Mempool;
    HeadUpdate(Mempool& pool, std::unique_lock<std::mutex> lock) : m_pool(&pool), m_lock(std::move(lock)) {}
    Mempool* m_pool;
    std::unique_lock<std::mutex> m_lock;
  };
  [[nodiscard]] HeadUpdate BeginHeadUpdate();
  // BeginHeadUpdate().Commit(...): for a head state that is a new object or did not change in place.
  // Drops included/stale nonces, expired txs and futures held too long; promotes futures; re-checks
  // balances. Cost: O(senders re-read + txs dropped or moved), plus O(their txs) for a sender whose
  // balance shrank below its ready spend.
  void OnNewHead(const state::StateReader& head_state, chain::Slot slot, const state::StateDiff* changes = nullptr) {
    BeginHeadUpdate().Commit(head_state, slot, changes);
  }

  // Ready txs for a block at `block_slot` (0: head slot + 1): highest fee rate first across senders,
  // nonce order within a sender, at most max_txs and max_bytes of encoded txs. A sender whose next
  // tx does not fit (or expires before block_slot) contributes nothing further.
  std::vector<chain::Transaction> SelectForBlock(std::size_t max_txs, std::size_t max_bytes, chain::Slot block_slot = 0) const;

  bool Contains(const chain::TxId& id) const;
  std::optional<chain::Transaction> Get(const chain::TxId& id) const;
  std::vector<PooledTxInfo> PendingOf(const chain::Address& sender) const;  // by nonce
  std::vector<PooledTxInfo> Snapshot(std::size_t limit = SIZE_MAX) const;  // every tx, by sender then nonce
  // The `limit` txs with the highest fee rate (ties: admitted first), best first; ready and future
  // alike. O(n log limit) under the mutex, copying only what it returns.
  std::vector<PooledTxInfo> ByFeeRate(std::size_t limit) const;
  FeeEstimate EstimateFeeRate() const;
  MempoolStats stats() const;
  std::size_t size() const;
  std::size_t bytes() const;
  chain::Slot head_slot() const;
  const MempoolConfig& config() const { return m_config; }

  // Every internal invariant (indexes agree, ready runs, balances, limits); empty when all hold.
  std::string CheckInvariants() const;

 private:
  struct HeadRules {
    chain::ChainId chain_id;
    chain::ChainParams params;
  };
  struct Prepared {
    chain::Transaction tx;
    chain::TxId id;
    chain::Address sender;
    std::uint32_t size = 0;
    chain::Amount spend = 0;
    std::optional<AdmitError> error;
  };
  using SenderMap = std::unordered_map<chain::Address, detail::Sender>;
  using TxIter = std::map<std::uint64_t, std::unique_ptr<detail::Entry>>::iterator;

  std::shared_ptr<const HeadRules> Rules() const;
  Prepared Prepare(chain::Transaction tx, const HeadRules& rules);  // no lock
  AdmitResult AdmitLocked(Prepared&& p);
  void LoadHeadLocked(const state::StateReader& head_state, chain::Slot slot);
  void NotifyAdmitted(const std::vector<AdmitResult>& results) const;
  void CommitHeadLocked(const state::StateReader& head_state, chain::Slot slot, const state::StateDiff* changes);

  // Index upkeep (mempool_index.cpp).
  void UntrackTail(detail::Sender& s);
  void TrackTail(detail::Sender& s);
  void MarkReady(detail::Entry& e);  // flag and indexes only: the caller keeps the sender's run counters
  void MarkFuture(detail::Entry& e);
  void InsertEntry(detail::Sender& s, std::unique_ptr<detail::Entry> e);
  // Removes from the sender and every index; a ready entry leaves the ready run (callers remove only
  // a run's last entry or resettle afterwards).
  void EraseEntry(detail::Sender& s, TxIter it);
  void Promote(detail::Sender& s);
  // After the account changed or entries were removed: drops stale nonces, recomputes the ready run.
  void Resettle(detail::Sender& s, bool full);
  void EraseIfEmpty(SenderMap::iterator it);

  mutable std::mutex m_mutex;
  AdmittedListener m_admitted_listener;  // set before concurrent use; read without the mutex
  Verifier& m_verifier;
  const MempoolConfig m_config;

  // Guarded by m_mutex.
  const state::StateReader* m_state = nullptr;
  chain::Slot m_slot = 0;
  std::shared_ptr<const HeadRules> m_rules;
  SenderMap m_senders;
  std::unordered_map<chain::TxId, detail::Entry*> m_by_id;
  std::set<detail::TailKey> m_tails;                               // eviction candidates
  std::set<std::pair<chain::Slot, const detail::Entry*>> m_by_expiry;
  std::set<std::pair<chain::Slot, const detail::Entry*>> m_futures;  // by future_since
  std::size_t m_bytes = 0;
  std::size_t m_ready = 0;
  std::uint64_t m_next_seq = 0;
  MempoolStats m_counters;  // the totals part
};

}  // namespace cairn::mempool
