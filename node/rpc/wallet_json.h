// cairn_rpc internal: the parameters and JSON shapes of the wallet.* methods (wallet_methods.cpp), after
// json_codec.h's conventions. Amounts are decimal strings of base units only ("1500000000"; never a
// CAIRN decimal such as "1.5"), so no value passes through a client's float; `account` is the wallet's
// account index (a JSON number).
// Thread safety: pure functions. Failure: parameter readers return an RpcError naming the parameter,
// never repeating its value.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "api/wallet.h"
#include "rpc/dispatch.h"
#include "wallet/fee_estimate.h"

namespace cairn::rpc::walletrpc {

// ---- parameters ----

// Present: required by the table, or needed by this shape of the request (wallet.estimate_fee binds
// every payload param as optional, so the payload builders check presence themselves).
template <class V>
RpcResult<const V*> Need(const BoundParams& p, std::string_view name, std::string_view what) {
  const V* v = p.Get<V>(name);
  if (v == nullptr) return util::Err(InvalidParam(name, "is required (" + std::string(what) + ")"));
  return v;
}

template <class Int>
RpcResult<std::optional<Int>> OptInt(const BoundParams& p, std::string_view name) {
  const std::uint64_t* v = p.Get<std::uint64_t>(name);
  if (v == nullptr) return std::optional<Int>();
  if (*v > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) {
    return util::Err(InvalidParam(name, "must be at most " + std::to_string(std::numeric_limits<Int>::max())));
  }
  return std::optional<Int>(static_cast<Int>(*v));
}

template <class Int>
RpcResult<Int> ReqInt(const BoundParams& p, std::string_view name) {
  auto v = OptInt<Int>(p, name);
  if (!v) return util::Err(v.error());
  if (!*v) return util::Err(InvalidParam(name, "is required (integer)"));
  return **v;
}

RpcResult<std::optional<chain::Amount>> OptAmount(const BoundParams& p, std::string_view name);
RpcResult<chain::Amount> Amount(const BoundParams& p, std::string_view name);  // required
// A required address, as the bech32m text api::Wallet takes.
RpcResult<std::string> AddressText(const MethodContext& c, const BoundParams& p, std::string_view name);
std::string TextOr(const BoundParams& p, std::string_view name, std::string fallback = {});
// "economy", "normal" (absent) or "priority".
RpcResult<wallet::FeeLevel> FeeLevelParam(const BoundParams& p);
// account?, kind? (a payload kind name, "reward" or "slash"), from_ms?, to_ms?
RpcResult<api::HistoryFilter> Filter(const BoundParams& p);

// ---- JSON ----

Json InfoJson(const api::WalletInfo& info);
// Adds balance, spendable, bonded, unbonding, rewards and pending_out (amount strings) to `out`.
void PutBalance(Json& out, const api::WalletBalance& balance);
Json AccountJson(const JsonCodec& codec, const api::WalletAccount& account);
// {id (null for a slash), account, kind (payload kind name, "reward" or "slash"), entry ("transaction",
// "reward", "slash"), payload, status, outgoing, counterparty, amount, fee, height, index, timestamp_ms, note}
Json EntryJson(const JsonCodec& codec, const api::HistoryEntry& entry);
// wallet.start_validating's answer: {account, validator_index, operator, consensus_pubkey, hot_key_path,
// validating}.
Json ValidatorJson(const JsonCodec& codec, const api::WalletValidator& validator);
// {id, nonce, fee, size}: the answer of every send-like method.
RpcResult<Json> SentJson(const api::Result<api::SentTx>& sent);

}  // namespace cairn::rpc::walletrpc
