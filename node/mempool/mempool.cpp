// Admission: lock-free prechecks (rules, encoding, signature) and the locked part (nonce, balance,
// limits, replacement, eviction).
#include "mempool/mempool.h"

#include "chain/address.h"
#include "state/queries.h"
#include "util/checked_math.h"
#include "util/log.h"
#include "util/overload.h"

namespace cairn::mempool {

using detail::Entry;
using detail::Sender;

namespace {

AdmitError Error(AdmitCode code, std::string reason) { return AdmitError{KindOf(code), code, std::move(reason)}; }

std::string Str(std::uint64_t v) { return std::to_string(v); }

std::string RateStr(const FeeRate& r) { return Str(r.fee) + "/" + Str(r.size) + " per byte"; }

}  // namespace

std::optional<chain::Amount> SpendOf(const chain::Transaction& tx) {
  const chain::Amount moved = std::visit(
      util::Overload{
          [](const chain::Transfer& p) { return p.amount; },
          [](const chain::RegisterValidator& p) { return p.self_bond; },
          [](const chain::Delegate& p) { return p.amount; },
          [](const chain::SubmitProposal& p) { return p.deposit; },
          [](const chain::Deposit& p) { return p.amount; },
          [](const auto&) { return chain::Amount{0}; },
      },
      tx.payload);
  return util::CheckedAdd(tx.fee, moved);
}

Mempool::Mempool(const state::StateReader& head_state, chain::Slot head_slot, Verifier& verifier, MempoolConfig config)
    : m_verifier(verifier), m_config(config) {
  std::lock_guard lock(m_mutex);
  LoadHeadLocked(head_state, head_slot);
}

std::shared_ptr<const Mempool::HeadRules> Mempool::Rules() const {
  std::lock_guard lock(m_mutex);
  return m_rules;
}

Mempool::Prepared Mempool::Prepare(chain::Transaction tx, const HeadRules& rules) {
  Prepared p;
  p.tx = std::move(tx);
  const auto fail = [&](AdmitCode code, std::string reason) {
    p.error = Error(code, std::move(reason));
    return std::move(p);
  };
  if (p.tx.chain_id != rules.chain_id) {
    return fail(AdmitCode::WrongChain, "chain id '" + p.tx.chain_id.str() + "' is not '" + rules.chain_id.str() + "'");
  }
  const util::Bytes encoded = chain::Encode(p.tx);
  p.size = static_cast<std::uint32_t>(encoded.size());
  p.id = crypto::TaggedHash("tx", encoded);
  p.sender = chain::AddressFromPublicKey(p.tx.sender);
  // Fee first, so a cheap tx is named for what it is rather than as a malformed one.
  const auto min_fee = util::CheckedMul(p.size, rules.params.min_fee_rate);
  if (p.size <= rules.params.max_tx_bytes && (!min_fee || p.tx.fee < *min_fee)) {
    return fail(AdmitCode::FeeTooLow, "fee " + Str(p.tx.fee) + " < " + Str(p.size) + " bytes * min_fee_rate " +
                                          Str(rules.params.min_fee_rate));
  }
  if (auto r = chain::CheckTransactionStateless(p.tx, rules.params); !r) {
    return fail(AdmitCode::Malformed, r.error().Message());
  }
  const auto spend = SpendOf(p.tx);
  if (!spend) return fail(AdmitCode::SpendOverflow, "fee + amount overflows");
  p.spend = *spend;
  if (!m_verifier.VerifySignature(p.tx, p.id)) {
    return fail(AdmitCode::BadSignature, "does not verify under the sender's key");
  }
  return p;
}

AdmitResult Mempool::Admit(chain::Transaction tx) {
  const auto rules = Rules();
  Prepared p = Prepare(std::move(tx), *rules);
  std::vector<AdmitResult> result;
  {
    std::lock_guard lock(m_mutex);
    result.push_back(AdmitLocked(std::move(p)));
  }
  NotifyAdmitted(result);
  return std::move(result.front());
}

void Mempool::NotifyAdmitted(const std::vector<AdmitResult>& results) const {
  if (!m_admitted_listener) return;
  std::vector<chain::TxId> ids;
  for (const auto& r : results) {
    if (r) ids.push_back(r->id);
  }
  if (!ids.empty()) m_admitted_listener(ids);
}

std::vector<AdmitResult> Mempool::AdmitBatch(std::vector<chain::Transaction> txs) {
  const auto rules = Rules();
  std::vector<Prepared> prepared(txs.size());
  m_verifier.ParallelFor(txs.size(), [&](std::size_t i) { prepared[i] = Prepare(std::move(txs[i]), *rules); });
  std::vector<AdmitResult> results;
  results.reserve(prepared.size());
  {
    std::lock_guard lock(m_mutex);
    for (auto& p : prepared) results.push_back(AdmitLocked(std::move(p)));
  }
  NotifyAdmitted(results);
  return results;
}

AdmitResult Mempool::AdmitLocked(Prepared&& p) {
  if (p.error) return util::Err(std::move(*p.error));
  if (m_by_id.contains(p.id)) return util::Err(Error(AdmitCode::Duplicate, "already pooled"));
  const chain::Transaction& tx = p.tx;
  if (tx.expiry_slot <= m_slot) {
    return util::Err(Error(AdmitCode::Expired, "expiry slot " + Str(tx.expiry_slot) + " <= head slot " + Str(m_slot)));
  }

  auto sender_it = m_senders.find(p.sender);
  Sender* s = sender_it == m_senders.end() ? nullptr : &sender_it->second;
  const state::Account account = s ? s->account : state::GetAccount(*m_state, p.sender);
  if (tx.nonce < account.nonce) {
    return util::Err(Error(AdmitCode::StaleNonce, "nonce " + Str(tx.nonce) + " < account nonce " + Str(account.nonce)));
  }
  if (tx.nonce - account.nonce >= m_config.max_nonce_ahead) {
    return util::Err(Error(AdmitCode::NonceTooFar, "nonce " + Str(tx.nonce) + " is " + Str(tx.nonce - account.nonce) +
                                                       " ahead of the account nonce (limit " + Str(m_config.max_nonce_ahead) + ")"));
  }
  const std::uint64_t ready_count = s ? s->ready_count : 0;
  const chain::Amount ready_spend = s ? s->ready_spend : 0;

  // Replacement or a new nonce: placement, the balance check, and the size the pool must make room for.
  Entry* old = nullptr;
  if (s) {
    const auto it = s->txs.find(tx.nonce);
    if (it != s->txs.end()) old = it->second.get();
  }
  TxPlacement placement = TxPlacement::Future;
  if (old) {
    const auto bump = util::MulDiv(old->tx.fee, m_config.replace_bump_pct, 100);
    const auto needed = bump ? util::CheckedAdd(old->tx.fee, *bump) : std::nullopt;
    if (tx.fee <= old->tx.fee || !needed || tx.fee < *needed) {
      return util::Err(Error(AdmitCode::ReplacementUnderpriced,
                             "fee " + Str(tx.fee) + " does not replace fee " + Str(old->tx.fee) + " (minimum bump " +
                                 Str(m_config.replace_bump_pct) + "%" + (needed ? ": " + Str(*needed) : std::string()) + ")"));
    }
    placement = old->ready ? TxPlacement::Ready : TxPlacement::Future;
    const chain::Amount others = old->ready ? ready_spend - old->spend : 0;
    const auto total = util::CheckedAdd(others, p.spend);
    if (!total || *total > account.balance) {
      return util::Err(Error(AdmitCode::InsufficientBalance, "balance " + Str(account.balance) + " < " + Str(others) +
                                                                 " pending + " + Str(p.spend) + " for this tx"));
    }
  } else {
    if (s && s->txs.size() >= m_config.max_per_sender) {
      return util::Err(Error(AdmitCode::SenderLimit, "sender has " + Str(s->txs.size()) + " pooled txs (limit " +
                                                         Str(m_config.max_per_sender) + ")"));
    }
    const bool next = tx.nonce == account.nonce + ready_count;
    const chain::Amount before = next ? ready_spend : 0;
    const auto total = util::CheckedAdd(before, p.spend);
    if (!total || *total > account.balance) {
      return util::Err(Error(AdmitCode::InsufficientBalance, "balance " + Str(account.balance) + " < " + Str(before) +
                                                                 " pending + " + Str(p.spend) + " for this tx"));
    }
    placement = next ? TxPlacement::Ready : TxPlacement::Future;
  }

  // Room: evict other senders' tails, cheapest first, each strictly below the newcomer's rate.
  const FeeRate rate{tx.fee, p.size};
  std::size_t count_after = m_by_id.size() + (old ? 0 : 1);
  std::size_t bytes_after = m_bytes - (old ? old->size : 0) + p.size;
  std::vector<detail::TailKey> victims;
  if (count_after > m_config.max_txs || bytes_after > m_config.max_bytes) {
    for (const auto& key : m_tails) {
      if (count_after <= m_config.max_txs && bytes_after <= m_config.max_bytes) break;
      if (key.entry->sender == p.sender) continue;
      if (key.ready && placement == TxPlacement::Future) break;  // a future may only displace futures
      if (!(key.rate < rate)) break;
      victims.push_back(key);
      --count_after;
      bytes_after -= key.entry->size;
    }
    if (count_after > m_config.max_txs || bytes_after > m_config.max_bytes) {
      const std::string lowest = m_tails.empty() ? std::string("none") : RateStr(m_tails.begin()->rate);
      return util::Err(Error(AdmitCode::PoolFull, "pool full (" + Str(m_by_id.size()) + " txs, " + Str(m_bytes) +
                                                      " bytes): fee rate " + RateStr(rate) +
                                                      " does not beat enough evictable txs (lowest " + lowest + ")"));
    }
  }
  for (const auto& key : victims) {
    const chain::Address victim_sender = key.entry->sender;
    const auto vit = m_senders.find(victim_sender);
    Sender& vs = vit->second;
    UntrackTail(vs);
    EraseEntry(vs, std::prev(vs.txs.end()));  // the tail: no gap, the ready run stays a prefix
    TrackTail(vs);
    EraseIfEmpty(vit);
    ++m_counters.evicted;
  }
  if (!victims.empty()) {
    CAIRN_LOG(Mempool, Debug) << "evicted " << victims.size() << " txs for a tx paying " << RateStr(rate);
  }

  if (!s) {
    s = &m_senders[p.sender];
    s->account = account;
  }
  UntrackTail(*s);
  if (old) {
    // In place: the entry keeps its readiness and future_since; the indexes are keyed by its fields.
    const bool was_ready = old->ready;
    if (was_ready) {
      s->ready_spend = s->ready_spend - old->spend + p.spend;
    } else {
      m_futures.erase({old->future_since, old});
    }
    m_by_expiry.erase({old->tx.expiry_slot, old});
    m_by_id.erase(old->id);
    m_bytes = m_bytes - old->size + p.size;
    old->tx = std::move(p.tx);
    old->id = p.id;
    old->size = p.size;
    old->spend = p.spend;
    old->seq = m_next_seq++;
    m_by_expiry.insert({old->tx.expiry_slot, old});
    m_by_id.emplace(old->id, old);
    if (!was_ready) m_futures.insert({old->future_since, old});
    ++m_counters.replaced;
    Promote(*s);  // a cheaper replacement may leave room for the next nonces
  } else {
    auto e = std::make_unique<Entry>();
    e->tx = std::move(p.tx);
    e->id = p.id;
    e->sender = p.sender;
    e->size = p.size;
    e->spend = p.spend;
    e->seq = m_next_seq++;
    InsertEntry(*s, std::move(e));
    Promote(*s);
  }
  TrackTail(*s);
  ++m_counters.admitted;
  return Admitted{p.id, placement, old != nullptr, static_cast<std::uint32_t>(victims.size())};
}

}  // namespace cairn::mempool
