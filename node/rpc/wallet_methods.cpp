// The wallet.* section of the method table (dispatch.h: WalletMethodDefs) over api::Wallet: each
// method's listing, its parameter checks and its JSON. The dispatcher answers UNAVAILABLE before any
// of these run when the node has no wallet.
//
// Conventions beyond json_codec.h's:
//  - `account` is the wallet's account index (wallet.accounts), a JSON number;
//  - amounts (`amount`, `fee`, `deposit`, `self_bond`) are decimal strings of BASE units only, as the
//    RPC renders them ("1500000000", never "1.5" CAIRN), so a value never changes through a client's
//    float; `new_value` of a parameter change is a decimal string too (it may exceed 2^53);
//  - passphrases and mnemonics are Secret params (methods.h): never repeated in errors, logs or metrics;
//  - send-like methods take `fee_level` ("economy", "normal" (default), "priority"), an optional fixed
//    `fee` and a text `memo`, and answer {id, nonce, fee, size}.
#include <algorithm>
#include <limits>

#include "rpc/dispatch.h"
#include "rpc/wallet_json.h"

namespace cairn::rpc {

using util::Err;

namespace {

using namespace walletrpc;
using T = ParamType;
constexpr Required REQ = Required::Yes;
constexpr Required OPT = Required::No;

RpcResult<Json> Done(const api::Result<void>& r) {
  if (!r) return Err(FromApiError(r.error()));
  return Json{{"ok", true}};
}

// Lifecycle calls answer the wallet's state, so a client sees "locked"/"confirmed" without a second call.
RpcResult<Json> DoneInfo(MethodContext& c, const api::Result<void>& r) {
  if (!r) return Err(FromApiError(r.error()));
  return InfoJson(c.wallet->Info());
}

// ---- payloads: one builder per send-like method, shared with wallet.estimate_fee ----

using PayloadResult = RpcResult<wallet::PayloadInput>;
using PayloadBuilder = PayloadResult (*)(const MethodContext&, const BoundParams&);

PayloadResult TransferPayload(const MethodContext& c, const BoundParams& p) {
  auto to = AddressText(c, p, "to");
  if (!to) return Err(to.error());
  auto amount = Amount(p, "amount");
  if (!amount) return Err(amount.error());
  return wallet::PayloadInput(wallet::TransferInput{std::move(*to), *amount});
}

template <class Input>
PayloadResult StakePayload(const MethodContext& c, const BoundParams& p) {
  auto validator = AddressText(c, p, "validator");
  if (!validator) return Err(validator.error());
  auto amount = Amount(p, "amount");
  if (!amount) return Err(amount.error());
  return wallet::PayloadInput(Input{std::move(*validator), *amount});
}

PayloadResult RedelegatePayload(const MethodContext& c, const BoundParams& p) {
  auto from = AddressText(c, p, "from");
  if (!from) return Err(from.error());
  auto to = AddressText(c, p, "to");
  if (!to) return Err(to.error());
  auto amount = Amount(p, "amount");
  if (!amount) return Err(amount.error());
  return wallet::PayloadInput(wallet::RedelegateInput{std::move(*from), std::move(*to), *amount});
}

PayloadResult ClaimPayload(const MethodContext& c, const BoundParams& p) {
  wallet::ClaimRewardsInput input;
  if (const auto* v = p.Get<chain::Address>("validator")) input.validator = c.codec.Address(*v);
  return wallet::PayloadInput(std::move(input));
}

PayloadResult UnjailPayload(const MethodContext&, const BoundParams&) { return wallet::PayloadInput(wallet::UnjailInput{}); }

// The params each proposal kind takes beyond title, description and deposit.
struct ProposalShape {
  std::string_view kind;
  std::vector<std::string_view> params;
};
const std::vector<ProposalShape>& ProposalShapes() {
  static const std::vector<ProposalShape> shapes = {{"text", {}},
                                                    {"parameter_change", {"name", "new_value"}},
                                                    {"treasury_spend", {"to", "amount"}},
                                                    {"upgrade_signal", {"version", "slot"}}};
  return shapes;
}

RpcResult<wallet::ProposalKindInput> ProposalKind(const MethodContext& c, const BoundParams& p, std::string_view kind) {
  const ProposalShape* shape = nullptr;
  for (const auto& s : ProposalShapes()) shape = s.kind == kind ? &s : shape;
  if (shape == nullptr) {
    return Err(InvalidParam("kind", "must be \"text\", \"parameter_change\", \"treasury_spend\" or \"upgrade_signal\""));
  }
  for (const auto& s : ProposalShapes()) {
    for (std::string_view name : s.params) {
      const bool mine = std::find(shape->params.begin(), shape->params.end(), name) != shape->params.end();
      if (!mine && p.Has(name)) return Err(InvalidParam(name, "does not apply to kind '" + std::string(kind) + "'"));
    }
  }
  if (kind == "parameter_change") {
    auto name = Need<std::string>(p, "name", "the parameter's name, for kind parameter_change");
    if (!name) return Err(name.error());
    auto text = Need<std::string>(p, "new_value", "a decimal string, for kind parameter_change");
    if (!text) return Err(text.error());
    auto value = ParseDecimal(**text);
    if (!value) return Err(InvalidParam("new_value", value.error()));
    return wallet::ProposalKindInput(wallet::ParameterChangeInput{**name, *value});
  }
  if (kind == "treasury_spend") {
    auto to = AddressText(c, p, "to");
    if (!to) return Err(to.error());
    auto amount = Amount(p, "amount");
    if (!amount) return Err(amount.error());
    return wallet::ProposalKindInput(wallet::TreasurySpendInput{std::move(*to), *amount});
  }
  if (kind == "upgrade_signal") {
    auto version = Need<std::string>(p, "version", "text, for kind upgrade_signal");
    if (!version) return Err(version.error());
    auto slot = Need<std::uint64_t>(p, "slot", "integer, for kind upgrade_signal");
    if (!slot) return Err(slot.error());
    return wallet::ProposalKindInput(wallet::UpgradeSignalInput{**version, **slot});
  }
  return wallet::ProposalKindInput(wallet::TextProposalInput{});
}

PayloadResult ProposePayload(const MethodContext& c, const BoundParams& p) {
  auto kind = Need<std::string>(p, "kind", "text, parameter_change, treasury_spend or upgrade_signal");
  if (!kind) return Err(kind.error());
  auto shape = ProposalKind(c, p, **kind);
  if (!shape) return Err(shape.error());
  auto title = Need<std::string>(p, "title", "text");
  if (!title) return Err(title.error());
  auto deposit = Amount(p, "deposit");
  if (!deposit) return Err(deposit.error());
  return wallet::PayloadInput(wallet::SubmitProposalInput{std::move(*shape), **title, TextOr(p, "description"), *deposit});
}

PayloadResult DepositPayload(const MethodContext&, const BoundParams& p) {
  auto id = Need<std::uint64_t>(p, "proposal_id", "integer");
  if (!id) return Err(id.error());
  auto amount = Amount(p, "amount");
  if (!amount) return Err(amount.error());
  return wallet::PayloadInput(wallet::DepositInput{**id, *amount});
}

PayloadResult VotePayload(const MethodContext&, const BoundParams& p) {
  auto id = Need<std::uint64_t>(p, "proposal_id", "integer");
  if (!id) return Err(id.error());
  auto option = Need<std::string>(p, "option", "yes, no, abstain or veto");
  if (!option) return Err(option.error());
  for (auto o : {chain::VoteOption::Yes, chain::VoteOption::No, chain::VoteOption::Abstain, chain::VoteOption::Veto}) {
    if (**option == chain::VoteOptionName(o)) return wallet::PayloadInput(wallet::GovVoteInput{**id, **option});
  }
  return Err(InvalidParam("option", "must be \"yes\", \"no\", \"abstain\" or \"veto\""));
}

PayloadResult EditValidatorPayload(const MethodContext&, const BoundParams& p) {
  wallet::EditValidatorInput input;
  auto bps = OptInt<std::uint16_t>(p, "commission_bps");
  if (!bps) return Err(bps.error());
  input.commission_bps = *bps;
  if (const auto* v = p.Get<std::string>("moniker")) input.moniker = *v;
  if (const auto* v = p.Get<std::string>("website")) input.website = *v;  // "" clears it
  if (!input.commission_bps && !input.moniker && !input.website) {
    return Err(MakeError(INVALID_PARAMS, "invalid params: give at least one of 'commission_bps', 'moniker', 'website'"));
  }
  return wallet::PayloadInput(std::move(input));
}

// Builds the payload, then submits it from `account` with the request's fee options.
template <PayloadBuilder Build>
RpcResult<Json> Send(MethodContext& c, const BoundParams& p) {
  auto account = ReqInt<std::uint32_t>(p, "account");
  if (!account) return Err(account.error());
  auto payload = Build(c, p);
  if (!payload) return Err(payload.error());
  auto level = FeeLevelParam(p);
  if (!level) return Err(level.error());
  auto fee = OptAmount(p, "fee");
  if (!fee) return Err(fee.error());
  return SentJson(c.wallet->Submit(*account, *payload, *level, *fee, TextOr(p, "memo")));
}

// wallet.estimate_fee prices the payload of one send-like method, named by `method`.
struct Priced {
  std::string_view method;
  PayloadBuilder build;
};
const std::vector<Priced>& PricedMethods() {
  static const std::vector<Priced> methods = {
      {"send", TransferPayload},
      {"delegate", StakePayload<wallet::DelegateInput>},
      {"undelegate", StakePayload<wallet::UndelegateInput>},
      {"redelegate", RedelegatePayload},
      {"claim_rewards", ClaimPayload},
      {"unjail", UnjailPayload},
      {"propose", ProposePayload},
      {"deposit", DepositPayload},
      {"vote", VotePayload},
      {"edit_validator", EditValidatorPayload},
  };
  return methods;
}

RpcResult<Json> EstimateFee(MethodContext& c, const BoundParams& p) {
  std::string_view name = p.Need<std::string>("method");
  if (name.rfind("wallet.", 0) == 0) name.remove_prefix(7);
  const Priced* priced = nullptr;
  for (const auto& m : PricedMethods()) priced = m.method == name ? &m : priced;
  if (priced == nullptr) {
    return Err(InvalidParam("method", "must be a send-like wallet method: send, delegate, undelegate, redelegate, "
                                      "claim_rewards, unjail, propose, deposit, vote or edit_validator"));
  }
  // Params of another method's payload would be ignored silently: refuse them instead.
  const MethodInfo* info = FindMethod("wallet." + std::string(name));
  for (std::string_view given : p.Names()) {
    if (given == "account" || given == "method" || given == "fee_level") continue;
    const bool fits = info != nullptr && std::any_of(info->params.begin(), info->params.end(),
                                                     [&](const ParamSpec& s) { return s.name == given; });
    if (!fits) return Err(InvalidParam(given, "does not apply to method '" + std::string(name) + "'"));
  }
  auto account = ReqInt<std::uint32_t>(p, "account");
  if (!account) return Err(account.error());
  auto payload = priced->build(c, p);
  if (!payload) return Err(payload.error());
  auto level = FeeLevelParam(p);
  if (!level) return Err(level.error());
  auto estimate = c.wallet->EstimateFee(*account, *payload, *level);
  if (!estimate) return Err(FromApiError(estimate.error()));
  return Json{{"fee", AmountText(estimate->fee)}, {"size", estimate->size_bytes},
              {"fee_rate", AmountText(estimate->fee_rate)}, {"fee_level", wallet::FeeLevelName(*level)}};
}

// ---- handlers that take more than a few lines ----

RpcResult<Json> Create(MethodContext& c, const BoundParams& p) {
  auto words = OptInt<std::size_t>(p, "words");
  if (!words) return Err(words.error());
  auto mnemonic = c.wallet->Create(p.Need<std::string>("passphrase"), words->value_or(24));
  if (!mnemonic) return Err(FromApiError(mnemonic.error()));
  // The one place a mnemonic leaves the wallet. The JSON copy cannot be wiped; the response is the
  // caller's to protect (it crosses only the authenticated transport).
  const auto bytes = mnemonic->span();
  return Json{{"mnemonic", std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())},
              {"shown_once", true}};
}

RpcResult<Json> Restore(MethodContext& c, const BoundParams& p) {
  return DoneInfo(c, c.wallet->Restore(p.Need<std::string>("mnemonic"), TextOr(p, "bip39_passphrase"),
                                       p.Need<std::string>("passphrase")));
}

RpcResult<Json> CreateWatchOnly(MethodContext& c, const BoundParams& p) {
  std::vector<std::string> addresses;
  for (const auto& a : p.Need<std::vector<chain::Address>>("addresses")) addresses.push_back(c.codec.Address(a));
  if (addresses.empty()) return Err(InvalidParam("addresses", "must not be empty"));
  return DoneInfo(c, c.wallet->CreateWatchOnly(addresses));
}

RpcResult<Json> Unlock(MethodContext& c, const BoundParams& p) {
  auto timeout = OptInt<std::int64_t>(p, "timeout_ms");
  if (!timeout) return Err(timeout.error());
  return DoneInfo(c, c.wallet->Unlock(p.Need<std::string>("passphrase"), timeout->value_or(0)));
}

RpcResult<Json> Accounts(MethodContext& c, const BoundParams&) {
  auto accounts = c.wallet->Accounts();
  if (!accounts) return Err(FromApiError(accounts.error()));
  Json out = Json::array();
  for (const auto& a : *accounts) out.push_back(AccountJson(c.codec, a));
  return Json{{"accounts", std::move(out)}};
}

RpcResult<Json> Balance(MethodContext& c, const BoundParams& p) {
  auto index = OptInt<std::uint32_t>(p, "account");
  if (!index) return Err(index.error());
  auto accounts = c.wallet->Accounts();
  if (!accounts) return Err(FromApiError(accounts.error()));
  if (*index) {
    for (const auto& a : *accounts) {
      if (a.index != **index) continue;
      Json out{{"account", a.index}, {"address", c.codec.Address(a.address)}};
      PutBalance(out, a.balance);
      return out;
    }
    return Err(MakeError(NOT_FOUND, "no account " + std::to_string(**index) + " in this wallet"));
  }
  // Saturating: the sum of real balances fits in u64 (the supply does), a corrupt answer must not wrap.
  auto add = [](chain::Amount& sum, chain::Amount v) { sum = v > UINT64_MAX - sum ? UINT64_MAX : sum + v; };
  api::WalletBalance total;
  for (const auto& a : *accounts) {
    add(total.balance, a.balance.balance);
    add(total.spendable, a.balance.spendable);
    add(total.bonded, a.balance.bonded);
    add(total.unbonding, a.balance.unbonding);
    add(total.rewards, a.balance.rewards);
    add(total.pending_out, a.balance.pending_out);
  }
  Json out{{"account", nullptr}, {"address", nullptr}};
  PutBalance(out, total);
  return out;
}

RpcResult<Json> History(MethodContext& c, const BoundParams& p) {
  auto filter = Filter(p);
  if (!filter) return Err(filter.error());
  std::optional<api::TxCursor> before;
  if (const std::string* text = p.Get<std::string>("cursor")) {
    auto cursor = ParseTxCursor(*text);
    if (!cursor) return Err(InvalidParam("cursor", cursor.error()));
    before = *cursor;
  }
  std::size_t limit = DEFAULT_PAGE_SIZE;
  if (const auto* v = p.Get<std::uint64_t>("limit")) {
    if (*v == 0) return Err(InvalidParam("limit", "must be at least 1"));
    limit = static_cast<std::size_t>(std::min<std::uint64_t>(*v, api::MAX_PAGE_SIZE));
  }
  auto page = c.wallet->History(*filter, before, limit);
  if (!page) return Err(FromApiError(page.error()));
  Json entries = Json::array();
  for (const auto& e : page->entries) entries.push_back(EntryJson(c.codec, e));
  return Json{{"entries", std::move(entries)}, {"next_cursor", page->next ? Json(FormatTxCursor(*page->next)) : Json(nullptr)}};
}

RpcResult<Json> BecomeValidator(MethodContext& c, const BoundParams& p) {
  auto account = ReqInt<std::uint32_t>(p, "account");
  if (!account) return Err(account.error());
  auto bond = Amount(p, "self_bond");
  if (!bond) return Err(bond.error());
  auto bps = ReqInt<std::uint16_t>(p, "commission_bps");
  if (!bps) return Err(bps.error());
  return SentJson(c.wallet->BecomeValidator(*account, *bond, *bps, p.Need<std::string>("moniker"), TextOr(p, "website")));
}

RpcResult<Json> ExportValidatorKeys(MethodContext& c, const BoundParams& p) {
  auto account = ReqInt<std::uint32_t>(p, "account");
  if (!account) return Err(account.error());
  auto keys = c.wallet->ExportValidatorKeys(*account, p.Need<std::string>("export_passphrase"));
  if (!keys) return Err(FromApiError(keys.error()));
  return Json{{"keys_json", std::move(*keys)}};  // encrypted under export_passphrase (wallet/SPEC.md)
}

RpcResult<Json> StartValidating(MethodContext& c, const BoundParams& p) {
  auto account = ReqInt<std::uint32_t>(p, "account");
  if (!account) return Err(account.error());
  auto started = c.wallet->StartValidating(*account, p.Need<std::string>("passphrase"));
  if (!started) return Err(FromApiError(started.error()));
  return ValidatorJson(c.codec, *started);
}

RpcResult<Json> Contacts(MethodContext& c, const BoundParams&) {
  auto contacts = c.wallet->Contacts();
  if (!contacts) return Err(FromApiError(contacts.error()));
  Json out = Json::array();
  for (const auto& [address, label] : *contacts) out.push_back(Json{{"address", c.codec.Address(address)}, {"label", label}});
  return Json{{"contacts", std::move(out)}};
}

// ---- the table ----

constexpr ParamSpec ACCOUNT{"account", T::Integer, REQ};
constexpr ParamSpec FEE_LEVEL{"fee_level", T::String, OPT};
constexpr ParamSpec FEE{"fee", T::String, OPT};
constexpr ParamSpec MEMO{"memo", T::String, OPT};
constexpr ParamSpec AMOUNT{"amount", T::String, REQ};

RpcResult<Json> Lock(MethodContext& c, const BoundParams&) {
  c.wallet->Lock();
  return InfoJson(c.wallet->Info());
}

}  // namespace

std::vector<MethodDef> WalletMethodDefs() {
  constexpr Secret SECRET = Secret::Yes;
  constexpr Needs W = Needs::Wallet;
  return {
      {{"wallet.info", {}, "The wallet: exists, watch_only, confirmed, locked, auto_lock_ms, accounts, file path."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return InfoJson(c.wallet->Info()); }, W},
      {{"wallet.create", {{"passphrase", T::String, REQ, SECRET}, {"words", T::Integer, OPT}},
        "Creates an HD wallet (24 words unless `words`); returns its mnemonic, shown ONCE: write it down, then wallet.confirm."},
       Create, W},
      {{"wallet.confirm", {{"mnemonic", T::String, REQ, SECRET}},
        "Confirms the mnemonic wallet.create showed; the wallet signs nothing before."},
       [](MethodContext& c, const BoundParams& p) { return DoneInfo(c, c.wallet->ConfirmMnemonic(p.Need<std::string>("mnemonic"))); },
       W},
      {{"wallet.restore",
        {{"mnemonic", T::String, REQ, SECRET}, {"passphrase", T::String, REQ, SECRET},
         {"bip39_passphrase", T::String, OPT, SECRET}},
        "Restores an HD wallet from its mnemonic (and BIP-39 passphrase), encrypted under `passphrase`."},
       Restore, W},
      {{"wallet.create_watch_only", {{"addresses", T::AddressList, REQ}},
        "Creates a watch-only wallet over addresses (it can show balances and history, never sign)."},
       CreateWatchOnly, W},
      {{"wallet.unlock", {{"passphrase", T::String, REQ, SECRET}, {"timeout_ms", T::Integer, OPT}},
        "Unlocks signing until wallet.lock or `timeout_ms` idle (default: the wallet's auto-lock)."},
       Unlock, W},
      {{"wallet.lock", {}, "Locks the wallet (forgets its decrypted keys)."}, Lock, W},
      {{"wallet.change_passphrase", {{"old", T::String, REQ, SECRET}, {"new", T::String, REQ, SECRET}},
        "Re-encrypts the wallet under a new passphrase."},
       [](MethodContext& c, const BoundParams& p) {
         return DoneInfo(c, c.wallet->ChangePassphrase(p.Need<std::string>("old"), p.Need<std::string>("new")));
       },
       W},
      {{"wallet.set_auto_lock", {{"idle_ms", T::Integer, REQ}}, "Locks the wallet after `idle_ms` of inactivity (0: never)."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         auto idle = ReqInt<std::int64_t>(p, "idle_ms");
         if (!idle) return Err(idle.error());
         return DoneInfo(c, c.wallet->SetAutoLock(*idle));
       },
       W},
      {{"wallet.backup", {{"path", T::String, REQ}},
        "Writes a complete copy of the wallet file to `path` on the node's machine (never overwrites)."},
       [](MethodContext& c, const BoundParams& p) { return Done(c.wallet->Backup(p.Need<std::string>("path"))); }, W},
      {{"wallet.accounts", {}, "The wallet's accounts: index, label, address, nonce and balances."}, Accounts, W},
      {{"wallet.create_account", {{"label", T::String, OPT}}, "Adds the next HD account (needs the wallet unlocked)."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         auto account = c.wallet->CreateAccount(TextOr(p, "label"));
         if (!account) return Err(FromApiError(account.error()));
         return AccountJson(c.codec, *account);
       },
       W},
      {{"wallet.rename_account", {ACCOUNT, {"label", T::String, REQ}}, "Sets an account's label."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         auto account = ReqInt<std::uint32_t>(p, "account");
         if (!account) return Err(account.error());
         return Done(c.wallet->RenameAccount(*account, p.Need<std::string>("label")));
       },
       W},
      {{"wallet.balance", {{"account", T::Integer, OPT}},
        "One account's balances, or the whole wallet's sums (balance, spendable, bonded, unbonding, rewards, pending_out)."},
       Balance, W},
      {{"wallet.history",
        {{"account", T::Integer, OPT}, {"kind", T::String, OPT}, {"from_ms", T::Integer, OPT}, {"to_ms", T::Integer, OPT},
         {"cursor", T::Cursor, OPT}, {"limit", T::Integer, OPT}},
        "The wallet's transactions, rewards and slashes, pending first then newest first, filtered by account, kind "
        "(a transaction kind, \"reward\" or \"slash\") and time."},
       History, W},
      {{"wallet.history_csv",
        {{"account", T::Integer, OPT}, {"kind", T::String, OPT}, {"from_ms", T::Integer, OPT}, {"to_ms", T::Integer, OPT}},
        "The whole filtered history as CSV text (amounts in CAIRN with 8 decimals)."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         auto filter = Filter(p);
         if (!filter) return Err(filter.error());
         auto csv = c.wallet->HistoryCsv(*filter);
         if (!csv) return Err(FromApiError(csv.error()));
         return Json{{"csv", std::move(*csv)}};
       },
       W},
      {{"wallet.estimate_fee",
        {ACCOUNT, {"method", T::String, REQ}, FEE_LEVEL, {"to", T::Address, OPT}, {"amount", T::String, OPT},
         {"validator", T::Address, OPT}, {"from", T::Address, OPT}, {"kind", T::String, OPT}, {"title", T::String, OPT},
         {"description", T::String, OPT}, {"deposit", T::String, OPT}, {"name", T::String, OPT},
         {"new_value", T::String, OPT}, {"version", T::String, OPT}, {"slot", T::Integer, OPT},
         {"proposal_id", T::Integer, OPT}, {"option", T::String, OPT}, {"commission_bps", T::Integer, OPT},
         {"moniker", T::String, OPT}, {"website", T::String, OPT}},
        "The exact fee of a send-like `method` (send, delegate, ..., by name) with that method's params; by name only."},
       EstimateFee, W},
      {{"wallet.send", {ACCOUNT, {"to", T::Address, REQ}, AMOUNT, FEE_LEVEL, FEE, MEMO},
        "Sends `amount` base units from an account to an address."},
       Send<TransferPayload>, W},
      {{"wallet.delegate", {ACCOUNT, {"validator", T::Address, REQ}, AMOUNT, FEE_LEVEL, FEE, MEMO},
        "Delegates stake to a validator (by operator address)."},
       Send<StakePayload<wallet::DelegateInput>>, W},
      {{"wallet.undelegate", {ACCOUNT, {"validator", T::Address, REQ}, AMOUNT, FEE_LEVEL, FEE, MEMO},
        "Starts unbonding stake from a validator."},
       Send<StakePayload<wallet::UndelegateInput>>, W},
      {{"wallet.redelegate",
        {ACCOUNT, {"from", T::Address, REQ}, {"to", T::Address, REQ}, AMOUNT, FEE_LEVEL, FEE, MEMO},
        "Moves stake from one validator to another."},
       Send<RedelegatePayload>, W},
      {{"wallet.claim_rewards", {ACCOUNT, {"validator", T::Address, OPT}, FEE_LEVEL, FEE, MEMO},
        "Claims staking rewards from one validator, or from every delegation."},
       Send<ClaimPayload>, W},
      {{"wallet.unjail", {ACCOUNT, FEE_LEVEL, FEE, MEMO}, "Unjails the account's validator."}, Send<UnjailPayload>, W},
      {{"wallet.propose",
        {ACCOUNT, {"kind", T::String, REQ}, {"title", T::String, REQ}, {"description", T::String, REQ},
         {"deposit", T::String, REQ}, {"name", T::String, OPT}, {"new_value", T::String, OPT}, {"to", T::Address, OPT},
         {"amount", T::String, OPT}, {"version", T::String, OPT}, {"slot", T::Integer, OPT}, FEE_LEVEL, FEE, MEMO},
        "Submits a proposal: text, parameter_change (name, new_value), treasury_spend (to, amount), upgrade_signal (version, slot)."},
       Send<ProposePayload>, W},
      {{"wallet.deposit", {ACCOUNT, {"proposal_id", T::Integer, REQ}, AMOUNT, FEE_LEVEL, FEE, MEMO},
        "Adds a deposit to a proposal in its deposit period."},
       Send<DepositPayload>, W},
      {{"wallet.vote", {ACCOUNT, {"proposal_id", T::Integer, REQ}, {"option", T::String, REQ}, FEE_LEVEL, FEE, MEMO},
        "Votes yes, no, abstain or veto on a proposal."},
       Send<VotePayload>, W},
      {{"wallet.edit_validator",
        {ACCOUNT, {"commission_bps", T::Integer, OPT}, {"moniker", T::String, OPT}, {"website", T::String, OPT}, FEE_LEVEL,
         FEE, MEMO},
        "Changes the account's validator: commission, moniker, website (\"\" clears it)."},
       Send<EditValidatorPayload>, W},
      {{"wallet.become_validator",
        {ACCOUNT, {"self_bond", T::String, REQ}, {"commission_bps", T::Integer, REQ}, {"moniker", T::String, REQ},
         {"website", T::String, OPT}},
        "Registers the account as a validator with its own consensus and VRF keys, self bond and commission."},
       BecomeValidator, W},
      {{"wallet.bump_fee", {{"id", T::Hash, REQ}, FEE},
        "Re-sends a pending transaction with the same nonce and a higher fee (default: the pool's minimum bump)."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         auto fee = OptAmount(p, "fee");
         if (!fee) return Err(fee.error());
         return SentJson(c.wallet->BumpFee(p.Need<crypto::Hash256>("id"), *fee));
       },
       W},
      {{"wallet.export_validator_keys", {ACCOUNT, {"export_passphrase", T::String, REQ, SECRET}},
        "The account's validator keys as a JSON document encrypted under `export_passphrase`."},
       ExportValidatorKeys, W},
      {{"wallet.start_validating", {ACCOUNT, {"passphrase", T::String, REQ, SECRET}},
        "The node validates with the account's validator keys from the next slot on, and after restarts, while the "
        "wallet stays locked (the passphrase derives them once; only the consensus and VRF keys are kept)."},
       StartValidating, W},
      {{"wallet.stop_validating", {},
        "Stops block and vote production, also after restarts (the hot validator keys stay on disk)."},
       [](MethodContext& c, const BoundParams&) { return Done(c.wallet->StopValidating()); }, W},
      {{"wallet.contacts", {}, "The address book: address and label."}, Contacts, W},
      {{"wallet.set_contact", {{"address", T::Address, REQ}, {"label", T::String, REQ}}, "Adds or renames a contact."},
       [](MethodContext& c, const BoundParams& p) {
         return Done(c.wallet->SetContact(c.codec.Address(p.Need<chain::Address>("address")), p.Need<std::string>("label")));
       },
       W},
      {{"wallet.remove_contact", {{"address", T::Address, REQ}}, "Removes a contact."},
       [](MethodContext& c, const BoundParams& p) {
         return Done(c.wallet->RemoveContact(c.codec.Address(p.Need<chain::Address>("address"))));
       },
       W},
  };
}

}  // namespace cairn::rpc
