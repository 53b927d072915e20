// WalletService: sending. One path (SendPayload) for Submit, BumpFee and BecomeValidator:
//   key (refuses locked / unconfirmed / watch-only before anything is reserved) -> head read (params,
//   account nonce, head slot) -> nonce (NonceTracker::Reserve, or the replaced tx's) -> build and price
//   (wallet/tx_builder.h, the pool's next-block rate) -> CheckAgainstState with this wallet's pending
//   spends -> sign -> Mempool::Admit -> MarkSubmitted / MarkReplaced; any failure after the
//   reservation releases the nonce.
// Lock order: the head gate is taken and released before the mempool is used (NodeApi's rule).
#include <algorithm>

#include "runtime/wallet_service.h"
#include "runtime/wallet_service_internal.h"
#include "state/queries.h"
#include "util/hex.h"
#include "util/log.h"
#include "wallet/spendable.h"

namespace cairn::runtime {

using namespace wallet_detail;

namespace {

struct HeadFacts {
  chain::ChainParams params;
  std::uint64_t chain_nonce = 0;
  chain::Slot head_slot = 0;
};

HeadFacts ReadFacts(ChainEngine& engine, const chain::Address& sender) {
  return engine.ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    HeadFacts f;
    f.params = state::GetParams(st).value_or(engine.genesis().params);
    f.chain_nonce = state::GetAccount(st, sender).nonce;
    f.head_slot = head.slot;
    return f;
  });
}

chain::Slot ExpirySlot(const HeadFacts& facts) {
  const std::uint64_t slot_ms = std::max<std::uint64_t>(facts.params.slot_ms, 1);
  return facts.head_slot + std::max<std::uint64_t>(WALLET_TX_LIFETIME_MS / slot_ms, 16);
}

}  // namespace

wallet::BuildContext WalletService::BuildCtx(const Session& s, const chain::ChainParams& params) const {
  return wallet::BuildContext{s.engine().genesis().chain_id, s.engine().genesis_hash(), m_hrp, params};
}

api::Result<api::SentTx> WalletService::SendPayload(const Session& s, wallet::Keystore& keystore,
                                                    std::uint32_t account, const chain::Payload& payload,
                                                    wallet::FeeLevel level, std::optional<chain::Amount> fee,
                                                    util::Bytes memo, std::optional<chain::TxId> replaces) {
  auto from = FindAccount(keystore, account);
  if (!from) return util::Err(from.error());
  // First, so that a locked, unconfirmed or watch-only wallet is refused before a nonce is taken.
  auto key = keystore.SigningKey(account);
  if (!key) return util::Err(KeystoreToApi(key.error()));

  const HeadFacts facts = ReadFacts(s.engine(), from->address);
  const wallet::FeeQuote quote{facts.params.min_fee_rate, s.engine().mempool().EstimateFeeRate().fee_rate, level};

  std::optional<chain::Amount> min_fee;  // a replacement's floor
  std::uint64_t nonce = 0;
  if (replaces) {
    std::lock_guard state(m_state_mutex);
    const auto it = m_submitted.find(*replaces);
    if (it == m_submitted.end()) return util::Err(NotFoundError("the transaction is not a pending one of this wallet"));
    nonce = it->second.tx.nonce;
  } else {
    auto reserved = m_nonces.Reserve(from->address, facts.chain_nonce);
    if (!reserved) return util::Err(Invalid("account " + std::to_string(account) + " has no nonce left"));
    nonce = *reserved;
  }
  if (replaces) {
    min_fee = m_nonces.ReplacementFeeFor(from->address, nonce, s.engine().mempool().config().replace_bump_pct);
    if (!min_fee) return util::Err(Invalid("the transaction is no longer pending: it cannot be replaced"));
  }
  // From here on a reserved nonce goes back on failure.
  auto fail = [&](api::Error e) -> api::Result<api::SentTx> {
    if (!replaces) {
      if (auto released = m_nonces.Release(from->address, nonce); !released) {
        CAIRN_LOG(Wallet, Warn) << "releasing nonce " << nonce << ": " << released.error().message;
      }
    }
    return util::Err(std::move(e));
  };

  const wallet::BuildContext ctx = BuildCtx(s, facts.params);
  const wallet::TxRequest request{from->public_key, nonce, ExpirySlot(facts), std::move(memo)};
  auto built = wallet::BuildUnsigned(ctx, request, payload, quote);
  if (!built) return fail(FromBuild(built.error()));
  chain::Transaction tx = std::move(built).value();
  if (min_fee && !fee && tx.fee < *min_fee) fee = *min_fee;
  if (fee) {
    if (min_fee && *fee < *min_fee) {
      return fail(Invalid("fee: " + chain::FormatAmount(*fee) + " CAIRN does not replace the pending transaction; at least " +
                          chain::FormatAmount(*min_fee) + " CAIRN is needed"));
    }
    tx.fee = *fee;
    if (auto ok = chain::CheckTransactionStateless(tx, facts.params); !ok) {
      return fail(Invalid(ok.error().Message()));
    }
  }
  const std::vector<chain::Transaction> pending = PendingSpends(from->address, facts.head_slot);
  auto checked = s.engine().ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    return wallet::CheckAgainstState(st, head.slot, tx, pending);
  });
  if (!checked) return fail(FromBuild(checked.error()));
  auto signed_tx = wallet::SignTx(ctx, std::move(tx), *key);
  if (!signed_tx) return fail(FromBuild(signed_tx.error()));

  auto admitted = s.engine().mempool().Admit(signed_tx->tx);
  if (!admitted) {
    const mempool::AdmitError& e = admitted.error();
    return fail(api::Error{api::ErrorKind::Rejected, e.reason, std::string(mempool::AdmitCodeName(e.code))});
  }
  const chain::Transaction& sent = signed_tx->tx;
  if (replaces) {
    if (auto ok = m_nonces.MarkReplaced(from->address, nonce, sent.fee, sent.expiry_slot,
                                       s.engine().mempool().config().replace_bump_pct);
        !ok) {
      CAIRN_LOG(Wallet, Warn) << "recording a fee bump: " << ok.error().message;
    }
    Untrack(*replaces);
  } else if (auto ok = m_nonces.MarkSubmitted(from->address, nonce, sent.fee, sent.expiry_slot); !ok) {
    CAIRN_LOG(Wallet, Warn) << "recording a submitted nonce: " << ok.error().message;
  }
  Track(account, from->address, sent, signed_tx->id);
  CAIRN_LOG(Wallet, Info) << "wallet account " << account << " sent "
                          << chain::PayloadKindName(static_cast<chain::PayloadKind>(sent.payload.index())) << " tx "
                          << util::ToHex(signed_tx->id.span()) << " (nonce " << nonce << ", fee " << sent.fee << ")";
  return api::SentTx{signed_tx->id, nonce, sent.fee, signed_tx->encoding.size()};
}

api::Result<api::SentTx> WalletService::Submit(std::uint32_t account, const wallet::PayloadInput& payload,
                                               wallet::FeeLevel level, std::optional<chain::Amount> fee,
                                               std::string_view memo) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if ((*keystore)->kind() == wallet::WalletKind::Hd && !(*keystore)->IsConfirmed()) {
    return util::Err(Unavailable("confirm the recovery phrase before sending", "unconfirmed"));
  }
  auto converted = wallet::MakePayload(payload, m_hrp);
  if (!converted) return util::Err(FromBuild(converted.error()));
  return SendPayload(s, **keystore, account, *converted, level, fee, util::Bytes(memo.begin(), memo.end()),
                     std::nullopt);
}

api::Result<api::FeeEstimate> WalletService::EstimateFee(std::uint32_t account, const wallet::PayloadInput& payload,
                                                         wallet::FeeLevel level) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto from = FindAccount(**keystore, account);
  if (!from) return util::Err(from.error());
  const HeadFacts facts = ReadFacts(s.engine(), from->address);
  const wallet::FeeQuote quote{facts.params.min_fee_rate, s.engine().mempool().EstimateFeeRate().fee_rate, level};
  // The nonce and expiry are fixed-width fields: any value prices the same.
  const wallet::TxRequest request{from->public_key, m_nonces.PeekNext(from->address).value_or(facts.chain_nonce),
                                  ExpirySlot(facts), {}};
  auto built = wallet::BuildUnsigned(BuildCtx(s, facts.params), request, payload, quote);
  if (!built) return util::Err(FromBuild(built.error()));
  return api::FeeEstimate{built->fee, chain::Encode(*built).size(), wallet::EffectiveFeeRate(quote).value_or(0)};
}

api::Result<api::SentTx> WalletService::BumpFee(const chain::TxId& id, std::optional<chain::Amount> fee) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  std::uint32_t account = 0;
  chain::Payload payload;
  util::Bytes memo;
  {
    std::lock_guard state(m_state_mutex);
    const auto it = m_submitted.find(id);
    if (it == m_submitted.end() || it->second.status != api::HistoryStatus::Pending) {
      return util::Err(NotFoundError("no pending transaction of this wallet has that id"));
    }
    account = it->second.account;
    payload = it->second.tx.payload;
    memo = it->second.tx.memo;
  }
  return SendPayload(s, **keystore, account, payload, wallet::FeeLevel::Normal, fee, std::move(memo), id);
}

api::Result<api::SentTx> WalletService::BecomeValidator(std::uint32_t account, chain::Amount self_bond,
                                                        std::uint16_t commission_bps, std::string_view moniker,
                                                        std::string_view website) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto keys = (*keystore)->ValidatorKeys(account);
  if (!keys) return util::Err(KeystoreToApi(keys.error()));
  chain::RegisterValidator payload;
  payload.consensus_pubkey = keys->consensus.public_key();
  payload.vrf_pubkey = keys->vrf.public_key();
  payload.commission_bps = commission_bps;
  payload.self_bond = self_bond;
  payload.moniker = std::string(moniker);
  payload.website = std::string(website);
  return SendPayload(s, **keystore, account, chain::Payload(std::move(payload)), wallet::FeeLevel::Normal, std::nullopt,
                     {}, std::nullopt);
}

}  // namespace cairn::runtime
