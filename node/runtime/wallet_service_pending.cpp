// WalletService: the txs this wallet submitted that the index does not have yet (pending, failed,
// expired), in memory and in the activity file (wallet/wallet_activity.h), and their reconciliation
// with the chain after a restart (wallet_service.h says what Attach decides, and why).
//
// A record's life: Track (admitted to the pool) -> RefreshPending on each history read: dropped once
// the index has it; Expired once the head reached its expiry slot without it; Failed once the index
// caught up with the head without it while its nonce was used by another tx or the pool dropped it.
// BumpFee replaces a record (Untrack + Track). Every change is written to the activity file; a write
// that fails is logged and the in-memory record stays authoritative for this run.
#include <algorithm>
#include <tuple>

#include "runtime/wallet_service.h"
#include "runtime/wallet_service_internal.h"
#include "state/queries.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::runtime {

namespace {

wallet::PendingState StateOf(api::HistoryStatus status) {
  switch (status) {
    case api::HistoryStatus::Failed: return wallet::PendingState::Failed;
    case api::HistoryStatus::Expired: return wallet::PendingState::Expired;
    default: return wallet::PendingState::Pending;
  }
}

api::HistoryStatus StatusOf(wallet::PendingState state) {
  switch (state) {
    case wallet::PendingState::Failed: return api::HistoryStatus::Failed;
    case wallet::PendingState::Expired: return api::HistoryStatus::Expired;
    case wallet::PendingState::Pending: break;
  }
  return api::HistoryStatus::Pending;
}

}  // namespace

std::vector<chain::Transaction> WalletService::PendingSpends(const chain::Address& sender, chain::Slot head_slot) const {
  std::vector<chain::Transaction> out;
  std::lock_guard state(m_state_mutex);
  for (const auto& [id, sub] : m_submitted) {
    if (sub.sender == sender && sub.status == api::HistoryStatus::Pending && sub.tx.expiry_slot > head_slot) {
      out.push_back(sub.tx);
    }
  }
  return out;
}

void WalletService::Persist(const chain::TxId& id, const SubmittedTx& sub) const {
  const auto activity = Activity();
  if (!activity) return;
  const wallet::PendingTxRecord record{id, sub.account, chain::Encode(sub.tx), static_cast<std::int64_t>(sub.submitted_ms),
                                       StateOf(sub.status), sub.note};
  if (auto ok = activity->PutPending(record); !ok) {
    CAIRN_LOG(Wallet, Warn) << "remembering transaction " << util::ToHex(id.span()) << ": " << ok.error().message;
  }
}

void WalletService::Track(std::uint32_t account, const chain::Address& sender, const chain::Transaction& tx,
                          const chain::TxId& id) {
  const SubmittedTx sub{account, sender, tx, static_cast<std::uint64_t>(m_clock->NowMs()), api::HistoryStatus::Pending, {}};
  {
    std::lock_guard state(m_state_mutex);
    m_submitted[id] = sub;
  }
  Persist(id, sub);
}

void WalletService::Untrack(const chain::TxId& id) {
  {
    std::lock_guard state(m_state_mutex);
    m_submitted.erase(id);
  }
  if (const auto activity = Activity()) {
    if (auto ok = activity->RemovePending(id); !ok) {
      CAIRN_LOG(Wallet, Warn) << "forgetting transaction " << util::ToHex(id.span()) << ": " << ok.error().message;
    }
  }
}

void WalletService::RefreshPending(const Session& s, storage::ChainReader& reader) {
  std::vector<std::pair<chain::TxId, chain::Address>> pending;
  {
    std::lock_guard state(m_state_mutex);
    for (const auto& [id, sub] : m_submitted) {
      if (sub.status == api::HistoryStatus::Pending) pending.emplace_back(id, sub.sender);
    }
  }
  const NodeStatus head = s.engine().PublishedStatus();
  for (const auto& [id, sender] : pending) {
    auto found = reader.TxById(id);
    if (!found) {
      CAIRN_LOG(Storage, Warn) << "wallet history: reading a transaction: " << found.error().message;
      return;
    }
    if (found->value) {
      Untrack(id);
      continue;
    }
    // Not indexed: still pending while pooled or while the index lags the head.
    if (s.engine().mempool().Contains(id) || found->indexed_height < head.head_height) continue;
    const std::uint64_t chain_nonce = s.engine().ReadHead(
        [&](const state::MemoryState& st, const HeadView&) { return state::GetAccount(st, sender).nonce; });
    SubmittedTx changed;
    {
      std::lock_guard state(m_state_mutex);
      const auto it = m_submitted.find(id);
      if (it == m_submitted.end()) continue;
      SubmittedTx& sub = it->second;
      if (sub.tx.expiry_slot <= head.head_slot) {
        sub.status = api::HistoryStatus::Expired;
        sub.note = "expired at slot " + std::to_string(sub.tx.expiry_slot) + " without being included";
      } else if (chain_nonce > sub.tx.nonce) {
        sub.status = api::HistoryStatus::Failed;
        sub.note = "another transaction with nonce " + std::to_string(sub.tx.nonce) + " was included instead";
      } else {
        sub.status = api::HistoryStatus::Failed;
        sub.note = "the pool dropped it (evicted or held too long behind a missing nonce)";
      }
      changed = sub;
    }
    Persist(id, changed);
  }
}

void WalletService::RestorePending(const Session& s) {
  const auto activity = Activity();
  if (!activity) return;
  auto records = activity->ListPending();
  if (!records) {
    CAIRN_LOG(Wallet, Error) << "reading the wallet's pending transactions: " << records.error().message;
    return;
  }
  struct Restored {
    chain::TxId id;
    SubmittedTx sub;
  };
  std::vector<Restored> restored;
  for (wallet::PendingTxRecord& r : *records) {
    auto tx = chain::DecodeTransaction(r.tx);
    if (!tx || chain::ComputeTxId(*tx) != r.id) {
      CAIRN_LOG(Wallet, Warn) << "dropping a remembered transaction that does not decode to its id "
                              << util::ToHex(r.id.span());
      if (auto ok = activity->RemovePending(r.id); !ok) CAIRN_LOG(Wallet, Warn) << ok.error().message;
      continue;
    }
    const chain::Address sender = chain::AddressFromPublicKey(tx->sender);
    restored.push_back({r.id, SubmittedTx{r.account, sender, std::move(*tx), static_cast<std::uint64_t>(r.submitted_ms),
                                          StatusOf(r.state), std::move(r.note)}});
  }
  // Per sender in nonce order: the pool holds a later nonce only behind the earlier ones.
  std::sort(restored.begin(), restored.end(), [](const Restored& a, const Restored& b) {
    return std::tie(a.sub.sender, a.sub.tx.nonce) < std::tie(b.sub.sender, b.sub.tx.nonce);
  });
  const chain::Slot head_slot = s.engine().PublishedStatus().head_slot;
  std::size_t resubmitted = 0;
  std::size_t waiting = 0;
  for (Restored& r : restored) {
    SubmittedTx& sub = r.sub;
    if (sub.status == api::HistoryStatus::Pending) {
      const std::uint64_t chain_nonce = s.engine().ReadHead(
          [&](const state::MemoryState& st, const HeadView&) { return state::GetAccount(st, sub.sender).nonce; });
      if (chain_nonce > sub.tx.nonce) {
        // Included (the index may not show it yet) or replaced: RefreshPending tells which.
        ++waiting;
      } else if (sub.tx.expiry_slot <= head_slot) {
        sub.status = api::HistoryStatus::Expired;
        sub.note = "expired at slot " + std::to_string(sub.tx.expiry_slot) + " without being included";
        Persist(r.id, sub);
      } else if (auto admitted = s.engine().mempool().Admit(sub.tx);
                 !admitted && admitted.error().code != mempool::AdmitCode::Duplicate) {
        sub.status = api::HistoryStatus::Failed;
        sub.note = "re-submitted after a restart, the pool refused it: " + admitted.error().reason;
        Persist(r.id, sub);
      } else {
        if (auto adopted = m_nonces.Adopt(sub.sender, chain_nonce, sub.tx.nonce, sub.tx.fee, sub.tx.expiry_slot);
            !adopted) {
          CAIRN_LOG(Wallet, Warn) << "taking nonce " << sub.tx.nonce << " of a remembered transaction again: "
                                  << adopted.error().message;
        }
        ++resubmitted;
      }
    }
    std::lock_guard state(m_state_mutex);
    m_submitted[r.id] = std::move(r.sub);
  }
  if (!restored.empty()) {
    CAIRN_LOG(Wallet, Info) << "remembered " << restored.size() << " transaction(s) of this wallet not in the index: "
                            << resubmitted << " re-submitted to the pool, " << waiting
                            << " waiting for the index, the others failed or expired";
  }
}

}  // namespace cairn::runtime
