#include "rpc/wallet_json.h"

namespace cairn::rpc::walletrpc {

using util::Err;

// ---- parameters ----

RpcResult<std::optional<chain::Amount>> OptAmount(const BoundParams& p, std::string_view name) {
  const std::string* text = p.Get<std::string>(name);
  if (text == nullptr) return std::optional<chain::Amount>();
  auto value = ParseDecimal(*text);
  if (!value) return Err(InvalidParam(name, value.error() + " (an amount in base units, as a string)"));
  return std::optional<chain::Amount>(*value);
}

RpcResult<chain::Amount> Amount(const BoundParams& p, std::string_view name) {
  auto value = OptAmount(p, name);
  if (!value) return Err(value.error());
  if (!*value) return Err(InvalidParam(name, "is required (an amount in base units, as a string)"));
  return **value;
}

RpcResult<std::string> AddressText(const MethodContext& c, const BoundParams& p, std::string_view name) {
  auto address = Need<chain::Address>(p, name, "address");
  if (!address) return Err(address.error());
  return c.codec.Address(**address);
}

std::string TextOr(const BoundParams& p, std::string_view name, std::string fallback) {
  const std::string* v = p.Get<std::string>(name);
  return v != nullptr ? *v : std::move(fallback);
}

RpcResult<wallet::FeeLevel> FeeLevelParam(const BoundParams& p) {
  const std::string* text = p.Get<std::string>("fee_level");
  if (text == nullptr) return wallet::FeeLevel::Normal;
  for (auto level : {wallet::FeeLevel::Economy, wallet::FeeLevel::Normal, wallet::FeeLevel::Priority}) {
    if (*text == wallet::FeeLevelName(level)) return level;
  }
  return Err(InvalidParam("fee_level", "must be \"economy\", \"normal\" or \"priority\""));
}

RpcResult<api::HistoryFilter> Filter(const BoundParams& p) {
  api::HistoryFilter filter;
  auto account = OptInt<std::uint32_t>(p, "account");
  if (!account) return Err(account.error());
  filter.account = *account;
  if (const std::string* kind = p.Get<std::string>("kind")) {
    for (std::uint8_t k = 0; k < chain::PAYLOAD_KIND_COUNT; ++k) {
      if (*kind == chain::PayloadKindName(static_cast<chain::PayloadKind>(k))) filter.kind = static_cast<chain::PayloadKind>(k);
    }
    for (auto entry : {api::HistoryEntryKind::Reward, api::HistoryEntryKind::Slash}) {
      if (*kind == api::HistoryEntryKindName(entry)) filter.entry = entry;
    }
    if (!filter.kind && !filter.entry) {
      return Err(InvalidParam("kind", "must be a transaction kind (\"transfer\", \"delegate\", ...), \"reward\" or \"slash\""));
    }
  }
  if (const auto* v = p.Get<std::uint64_t>("from_ms")) filter.from_ms = *v;
  if (const auto* v = p.Get<std::uint64_t>("to_ms")) filter.to_ms = *v;
  if (filter.from_ms && filter.to_ms && *filter.to_ms < *filter.from_ms) {
    return Err(InvalidParam("to_ms", "must not be before 'from_ms'"));
  }
  return filter;
}

// ---- JSON ----

Json InfoJson(const api::WalletInfo& i) {
  return Json{{"exists", i.exists},           {"watch_only", i.watch_only}, {"confirmed", i.confirmed},
              {"locked", i.locked},           {"auto_lock_ms", i.auto_lock_ms}, {"accounts", i.accounts},
              {"path", i.path}};
}

void PutBalance(Json& out, const api::WalletBalance& b) {
  out["balance"] = AmountText(b.balance);
  out["spendable"] = AmountText(b.spendable);
  out["bonded"] = AmountText(b.bonded);
  out["unbonding"] = AmountText(b.unbonding);
  out["rewards"] = AmountText(b.rewards);
  out["pending_out"] = AmountText(b.pending_out);
}

Json AccountJson(const JsonCodec& codec, const api::WalletAccount& a) {
  Json out{{"index", a.index}, {"label", a.label}, {"address", codec.Address(a.address)}, {"nonce", a.nonce}};
  PutBalance(out, a.balance);
  return out;
}

Json EntryJson(const JsonCodec& codec, const api::HistoryEntry& e) {
  const bool slash = e.entry == api::HistoryEntryKind::Slash;
  return Json{{"id", slash ? Json(nullptr) : Json(Hex(e.id))},
              {"account", e.account},
              {"kind", api::HistoryKindName(e)},
              {"entry", api::HistoryEntryKindName(e.entry)},
              // The transaction's payload kind (for a reward: the transaction that paid it out).
              {"payload", slash ? Json(nullptr) : Json(chain::PayloadKindName(e.kind))},
              {"status", api::HistoryStatusName(e.status)},
              {"outgoing", e.outgoing},
              {"counterparty", codec.Address(e.counterparty)},
              {"amount", AmountText(e.amount)},
              {"fee", AmountText(e.fee)},
              {"height", e.position ? Json(e.position->height) : Json(nullptr)},
              {"index", e.position ? Json(e.position->index) : Json(nullptr)},
              {"timestamp_ms", e.timestamp_ms},
              {"note", e.note}};
}

Json ValidatorJson(const JsonCodec& codec, const api::WalletValidator& v) {
  return Json{{"account", v.account},
              {"validator_index", v.index},
              {"operator", codec.Address(v.operator_address)},
              {"consensus_pubkey", Hex(v.consensus_pubkey.span())},
              {"hot_key_path", v.hot_key_path},
              {"validating", true}};
}

RpcResult<Json> SentJson(const api::Result<api::SentTx>& sent) {
  if (!sent) return Err(FromApiError(sent.error()));
  return Json{{"id", Hex(sent->id)}, {"nonce", sent->nonce}, {"fee", AmountText(sent->fee)}, {"size", sent->size_bytes}};
}

}  // namespace cairn::rpc::walletrpc
