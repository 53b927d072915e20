// The method table: each method's listing (methods.h) and its handler side by side, parameter binding
// and Dispatcher::Call.
#include "rpc/methods.h"

#include <algorithm>
#include <cctype>

#include "rpc/dispatch.h"

namespace cairn::rpc {

using util::Err;

namespace {

constexpr std::size_t MAX_LIST_PARAM = 1024;  // entries of a list parameter (bounds the work of binding)

constexpr ParamSpec LIMIT{"limit", ParamType::Integer, Required::No};
constexpr ParamSpec CURSOR{"cursor", ParamType::Cursor, Required::No};
constexpr ParamSpec ADDRESS{"address", ParamType::Address, Required::Yes};

RpcError NotFound(std::string message) { return MakeError(NOT_FOUND, std::move(message)); }

// `limit`: default DEFAULT_PAGE_SIZE, capped at api::MAX_PAGE_SIZE, at least 1.
RpcResult<std::size_t> Limit(const BoundParams& p) {
  const std::uint64_t* limit = p.Get<std::uint64_t>("limit");
  if (limit == nullptr) return DEFAULT_PAGE_SIZE;
  if (*limit == 0) return Err(InvalidParam("limit", "must be at least 1"));
  return static_cast<std::size_t>(std::min<std::uint64_t>(*limit, api::MAX_PAGE_SIZE));
}

RpcResult<std::optional<std::uint64_t>> NumberCursor(const BoundParams& p, std::string_view name, std::uint64_t max) {
  const std::string* text = p.Get<std::string>(name);
  if (text == nullptr) return std::optional<std::uint64_t>();
  auto value = ParseNumberCursor(*text, max);
  if (!value) return Err(InvalidParam(name, value.error()));
  return std::optional<std::uint64_t>(*value);
}

RpcResult<std::optional<api::TxCursor>> TxCursor(const BoundParams& p) {
  const std::string* text = p.Get<std::string>("cursor");
  if (text == nullptr) return std::optional<api::TxCursor>();
  auto value = ParseTxCursor(*text);
  if (!value) return Err(InvalidParam("cursor", value.error()));
  return std::optional<api::TxCursor>(*value);
}

template <class T>
Json NextCursor(const std::optional<T>& next) {
  if (!next) return nullptr;
  if constexpr (std::is_same_v<T, api::TxCursor>) {
    return FormatTxCursor(*next);
  } else {
    return std::to_string(*next);
  }
}

Json TxPageJson(const JsonCodec& codec, const api::TxPage& page) {
  Json txs = Json::array();
  for (const auto& tx : page.txs) txs.push_back(codec.Tx(tx, TxDetailMode::Decoded));
  return Json{{"txs", std::move(txs)}, {"next_cursor", NextCursor(page.next)}, {"indexed_height", page.indexed_height}};
}

RpcResult<Json> Void(const api::Result<void>& r, Json ok) {
  if (!r) return Err(FromApiError(r.error()));
  return ok;
}

// ---- handlers that take more than a line ----

RpcResult<Json> ChainBlock(MethodContext& c, const BoundParams& p) {
  const std::uint64_t* height = p.Get<std::uint64_t>("height");
  const crypto::Hash256* hash = p.Get<crypto::Hash256>("hash");
  if ((height == nullptr) == (hash == nullptr)) {
    return Err(MakeError(INVALID_PARAMS, "invalid params: give exactly one of 'height' and 'hash'"));
  }
  auto block = height != nullptr ? c.node.BlockByHeight(*height) : c.node.BlockByHash(*hash);
  if (!block) return Err(FromApiError(block.error()));
  if (!*block) {
    return Err(NotFound(height != nullptr ? "no block at height " + std::to_string(*height) : "no block " + Hex(*hash)));
  }
  return c.codec.Block(**block, p.Flag("full") ? BlockTxMode::Full : BlockTxMode::Ids,
                       p.Flag("raw") ? TxDetailMode::WithRaw : TxDetailMode::Decoded);
}

RpcResult<Json> ChainBlocks(MethodContext& c, const BoundParams& p) {
  auto before = NumberCursor(p, "before", UINT64_MAX);
  if (!before) return Err(before.error());
  auto limit = Limit(p);
  if (!limit) return Err(limit.error());
  auto page = c.node.Blocks(*before, *limit);
  if (!page) return Err(FromApiError(page.error()));
  Json blocks = Json::array();
  for (const auto& b : page->blocks) blocks.push_back(c.codec.BlockSummary(b));
  return Json{{"blocks", std::move(blocks)}, {"next_cursor", NextCursor(page->next)}};
}

RpcResult<Json> ChainTx(MethodContext& c, const BoundParams& p) {
  const crypto::Hash256& id = p.Need<crypto::Hash256>("id");
  auto tx = c.node.Transaction(id);
  if (!tx) return Err(FromApiError(tx.error()));
  if (!*tx) return Err(NotFound("no transaction " + Hex(id)));
  return c.codec.Tx(**tx, p.Flag("raw") ? TxDetailMode::WithRaw : TxDetailMode::Decoded);
}

RpcResult<Json> StateProofMethod(MethodContext& c, const BoundParams& p) {
  auto proof = c.node.StateProof(p.Need<util::Bytes>("key"));
  if (!proof) return Err(FromApiError(proof.error()));
  return c.codec.StateProof(*proof);
}

RpcResult<Json> AccountGet(MethodContext& c, const BoundParams& p) {
  auto account = c.node.Account(p.Need<chain::Address>("address"));
  if (!account) return Err(FromApiError(account.error()));
  return c.codec.Account(*account);
}

RpcResult<Json> AccountBalance(MethodContext& c, const BoundParams& p) {
  auto account = c.node.Account(p.Need<chain::Address>("address"));
  if (!account) return Err(FromApiError(account.error()));
  return c.codec.Balance(*account);
}

RpcResult<Json> AccountTxs(MethodContext& c, const BoundParams& p) {
  auto cursor = TxCursor(p);
  if (!cursor) return Err(cursor.error());
  auto limit = Limit(p);
  if (!limit) return Err(limit.error());
  auto page = c.node.AccountTxs(p.Need<chain::Address>("address"), *cursor, *limit);
  if (!page) return Err(FromApiError(page.error()));
  return TxPageJson(c.codec, *page);
}

RpcResult<Json> ValidatorGet(MethodContext& c, const BoundParams& p) {
  const chain::Address& address = p.Need<chain::Address>("address");
  auto validator = c.node.Validator(address);
  if (!validator) return Err(FromApiError(validator.error()));
  if (!*validator) return Err(NotFound("no validator operated by " + c.codec.Address(address)));
  return c.codec.Validator(**validator);
}

RpcResult<Json> ValidatorList(MethodContext& c, const BoundParams& p) {
  auto after = NumberCursor(p, "cursor", UINT32_MAX);
  if (!after) return Err(after.error());
  auto limit = Limit(p);
  if (!limit) return Err(limit.error());
  std::optional<chain::ValidatorIndex> index;
  if (*after) index = static_cast<chain::ValidatorIndex>(**after);
  auto page = c.node.Validators(index, *limit);
  if (!page) return Err(FromApiError(page.error()));
  Json validators = Json::array();
  for (const auto& v : page->validators) validators.push_back(c.codec.Validator(v));
  return Json{{"validators", std::move(validators)}, {"next_cursor", NextCursor(page->next)}};
}

RpcResult<Json> Proposals(MethodContext& c, const BoundParams& p) {
  auto before = NumberCursor(p, "cursor", UINT64_MAX);
  if (!before) return Err(before.error());
  auto limit = Limit(p);
  if (!limit) return Err(limit.error());
  auto page = c.node.Proposals(*before, *limit);
  if (!page) return Err(FromApiError(page.error()));
  Json proposals = Json::array();
  for (const auto& proposal : page->proposals) proposals.push_back(c.codec.Proposal(proposal));
  return Json{{"proposals", std::move(proposals)}, {"next_cursor", NextCursor(page->next)}};
}

RpcResult<Json> ProposalGet(MethodContext& c, const BoundParams& p) {
  const std::uint64_t id = p.Need<std::uint64_t>("id");
  auto proposal = c.node.Proposal(id);
  if (!proposal) return Err(FromApiError(proposal.error()));
  if (!*proposal) return Err(NotFound("no proposal " + std::to_string(id)));
  return c.codec.Proposal(**proposal);
}

RpcResult<Json> ProposalTxs(MethodContext& c, const BoundParams& p) {
  auto cursor = TxCursor(p);
  if (!cursor) return Err(cursor.error());
  auto limit = Limit(p);
  if (!limit) return Err(limit.error());
  auto page = c.node.ProposalTxs(p.Need<std::uint64_t>("id"), *cursor, *limit);
  if (!page) return Err(FromApiError(page.error()));
  return TxPageJson(c.codec, *page);
}

RpcResult<Json> MempoolTxs(MethodContext& c, const BoundParams& p) {
  auto limit = Limit(p);
  if (!limit) return Err(limit.error());
  Json txs = Json::array();
  for (const auto& tx : c.node.MempoolTxs(*limit)) txs.push_back(c.codec.PooledTx(tx));
  // The pool changes between calls, so there is no cursor to resume from; the key keeps list shapes alike.
  return Json{{"txs", std::move(txs)}, {"next_cursor", nullptr}};
}

RpcResult<Json> TxSubmit(MethodContext& c, const BoundParams& p) {
  auto id = c.node.SubmitTransaction(p.Need<util::Bytes>("tx"));
  if (!id) {
    RpcError error = FromApiError(id.error());
    if (error.code == INVALID_PARAMS) error.message = "invalid params: param 'tx': " + id.error().message;
    return Err(std::move(error));
  }
  return Json{{"id", Hex(*id)}};
}

RpcResult<Json> NodeStatus(MethodContext& c, const BoundParams&) {
  const api::NodeInfo info = c.node.Info();
  return Json{{"network", info.network},
              {"version", info.version},
              {"halted", info.halted},
              {"head", c.codec.Head(c.node.Head())},
              {"sync", c.codec.Sync(c.node.Sync())},
              {"validator", c.codec.LocalValidator(c.node.ValidatorStatus())}};
}

RpcResult<Json> SetValidating(MethodContext& c, bool on) {
  if (auto r = c.node.SetValidating(on); !r) return Err(FromApiError(r.error()));
  return c.codec.LocalValidator(c.node.ValidatorStatus());
}

RpcResult<Json> RpcMethods(MethodContext&, const BoundParams&) {
  Json methods = Json::array();
  for (const MethodInfo& m : Methods()) {
    Json params = Json::array();
    for (const ParamSpec& s : m.params) {
      params.push_back(Json{{"name", s.name}, {"type", ParamTypeName(s.type)}, {"required", s.required == Required::Yes},
                            {"secret", s.secret == Secret::Yes}});
    }
    methods.push_back(Json{{"name", m.name}, {"summary", m.summary}, {"params", std::move(params)},
                           {"transport", TransportName(m.transport)}});
  }
  return Json{{"methods", std::move(methods)}};
}

RpcResult<Json> Subscribe(MethodContext& c, const BoundParams& p) { return c.connection->Subscribe(p); }
RpcResult<Json> Unsubscribe(MethodContext& c, const BoundParams& p) { return c.connection->Unsubscribe(p); }

// The one table. Sections follow api::Node, then api::Wallet (wallet_methods.cpp), then the RPC's own.
std::vector<MethodDef> BuildTable() {
  using T = ParamType;
  std::vector<MethodDef> table = {
      // node
      {{"node.info", {}, "Version, network, chain id, genesis and start time of this node."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.NodeInfo(c.node.Info()); }},
      {{"node.status", {}, "Summary: head, sync progress and this node's validator."}, NodeStatus},
      {{"node.health", {}, "Whether the node is healthy, with the problems when not."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.Health(c.node.CheckHealth()); }},
      {{"node.sync", {}, "Sync progress against the best known peer head."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.Sync(c.node.Sync()); }},
      // chain
      {{"chain.head", {}, "The head block and the justified and finalized checkpoints."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.Head(c.node.Head()); }},
      {{"chain.finalized", {}, "The latest finalized checkpoint (slot, root, height)."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.Checkpoint(c.node.Head().finalized); }},
      {{"chain.block",
        {{"height", T::Integer, Required::No}, {"hash", T::Hash, Required::No}, {"full", T::Boolean, Required::No},
         {"raw", T::Boolean, Required::No}},
        "A block by height or hash (exactly one); full: whole transactions; raw: canonical encoding as hex."},
       ChainBlock},
      {{"chain.blocks", {{"before", T::Cursor, Required::No}, LIMIT},
        "Canonical block summaries, newest first, below the cursor `before`."},
       ChainBlocks},
      {{"chain.tx", {{"id", T::Hash, Required::Yes}, {"raw", T::Boolean, Required::No}},
        "A pooled or indexed transaction by id; raw: canonical encoding as hex."},
       ChainTx},
      {{"chain.params", {}, "The chain's consensus parameters at the head."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.Params(c.node.Params()); }},
      {{"chain.state_proof", {{"key", T::Hex, Required::Yes}},
        "Inclusion or exclusion proof of a raw state key against the head's state root."},
       StateProofMethod},
      // accounts, validators, governance
      {{"account.get", {ADDRESS}, "An account: balance, nonce, delegations, unbondings, rewards."}, AccountGet},
      {{"account.balance", {ADDRESS}, "An account's spendable, bonded and unbonding amounts."}, AccountBalance},
      {{"account.txs", {ADDRESS, CURSOR, LIMIT}, "Transactions sent by or naming an address, newest first."},
       AccountTxs},
      {{"validator.get", {ADDRESS}, "A validator by its operator address."}, ValidatorGet},
      {{"validator.list", {CURSOR, LIMIT}, "Registered validators by ascending index."}, ValidatorList},
      {{"governance.proposals", {CURSOR, LIMIT}, "Governance proposals, newest first."}, Proposals},
      {{"governance.proposal", {{"id", T::Integer, Required::Yes}}, "A governance proposal with its running tally."},
       ProposalGet},
      {{"governance.proposal_txs", {{"id", T::Integer, Required::Yes}, CURSOR, LIMIT},
        "Deposits and votes on a proposal, newest first."},
       ProposalTxs},
      // mempool
      {{"mempool.info", {}, "Mempool size, limits and fee rates."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> { return c.codec.Mempool(c.node.Mempool()); }},
      {{"mempool.txs", {LIMIT}, "Pooled transactions, highest fee rate first."}, MempoolTxs},
      {{"tx.submit", {{"tx", T::Hex, Required::Yes}}, "Submits a signed transaction (hex of its canonical encoding)."},
       TxSubmit},
      // network
      {{"net.peers", {}, "Connected peers."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> {
         Json peers = Json::array();
         for (const auto& peer : c.node.Peers()) peers.push_back(c.codec.Peer(peer));
         return Json{{"peers", std::move(peers)}, {"next_cursor", nullptr}};  // the whole list: never paged
       }},
      {{"net.bans", {}, "Banned addresses."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> {
         Json bans = Json::array();
         for (const auto& ban : c.node.Bans()) bans.push_back(c.codec.Ban(ban));
         return Json{{"bans", std::move(bans)}, {"next_cursor", nullptr}};
       }},
      {{"net.add_peer", {{"address", T::String, Required::Yes}}, "Connects to a peer at host:port."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         return Void(c.node.AddPeer(p.Need<std::string>("address")), Json{{"ok", true}});
       }},
      {{"net.remove_peer", {{"peer", T::String, Required::Yes}}, "Disconnects a peer by id or address."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         return Void(c.node.RemovePeer(p.Need<std::string>("peer")), Json{{"ok", true}});
       }},
      {{"net.unban", {{"address", T::String, Required::Yes}}, "Lifts a ban (an address as net.bans lists it)."},
       [](MethodContext& c, const BoundParams& p) -> RpcResult<Json> {
         return Void(c.node.Unban(p.Need<std::string>("address")), Json{{"ok", true}});
       }},
      // this node's validator
      {{"validator.status", {}, "This node's validator: key, activity, production counts."},
       [](MethodContext& c, const BoundParams&) -> RpcResult<Json> {
         return c.codec.LocalValidator(c.node.ValidatorStatus());
       }},
      {{"validator.start", {}, "Starts block and vote production."},
       [](MethodContext& c, const BoundParams&) { return SetValidating(c, true); }},
      {{"validator.stop", {}, "Stops block and vote production."},
       [](MethodContext& c, const BoundParams&) { return SetValidating(c, false); }},
  };
  for (MethodDef& def : WalletMethodDefs()) table.push_back(std::move(def));
  std::vector<MethodDef> rpc = {
      // the RPC itself
      {{"rpc.methods", {}, "This list."}, RpcMethods},
      {{"subscribe",
        {{"events", T::StringList, Required::Yes}, {"addresses", T::AddressList, Required::No}},
        "Subscribes to events (new_head, finalized, address_tx, proposal, peer); returns the subscription id.",
        Transport::WebSocketOnly},
       Subscribe},
      {{"unsubscribe", {{"id", T::String, Required::Yes}}, "Ends a subscription.", Transport::WebSocketOnly},
       Unsubscribe},
  };
  for (MethodDef& def : rpc) table.push_back(std::move(def));
  return table;
}

const std::vector<MethodDef>& Table() {
  static const std::vector<MethodDef> table = BuildTable();
  return table;
}

// ---- secrets in errors ----

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// The text of every secret parameter in the request, by name or by position, whatever binding made
// of it (a failed binding must not echo one either).
std::vector<std::string> SecretTexts(const MethodInfo& method, const Json& params) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < method.params.size(); ++i) {
    const ParamSpec& spec = method.params[i];
    if (spec.secret != Secret::Yes) continue;
    const Json* value = nullptr;
    if (params.is_array() && i < params.size()) value = &params[i];
    if (params.is_object()) {
      auto it = params.find(spec.name);
      if (it != params.end()) value = &*it;
    }
    if (value != nullptr && value->is_string() && !value->get_ref<const std::string&>().empty()) {
      out.push_back(Lower(value->get_ref<const std::string&>()));
    }
  }
  return out;
}

bool IsWordChar(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; }

// Whether `text` repeats a secret whole, or one of its words as a whole word: a mnemonic's single
// word ("unknown word 'zebra'") gives away part of the key, so each word counts. Case-insensitive.
bool RepeatsSecret(std::string_view text, const std::vector<std::string>& secrets) {
  const std::string lower = Lower(text);
  for (const std::string& secret : secrets) {
    if (lower.find(secret) != std::string::npos) return true;
    std::size_t start = 0;
    while (start < secret.size()) {
      std::size_t end = start;
      while (end < secret.size() && !std::isspace(static_cast<unsigned char>(secret[end]))) ++end;
      const std::string_view word = std::string_view(secret).substr(start, end - start);
      for (std::size_t at = word.empty() ? std::string::npos : lower.find(word); at != std::string::npos;
           at = lower.find(word, at + 1)) {
        const bool starts = at == 0 || !IsWordChar(lower[at - 1]);
        const bool ends = at + word.size() == lower.size() || !IsWordChar(lower[at + word.size()]);
        if (starts && ends) return true;
      }
      start = end + 1;
    }
  }
  return false;
}

// Defence in depth: api::Wallet promises messages without secrets, but a message that repeats one
// anyway is replaced here, before it reaches a response (and a client's logs). The code and a stable
// data.code survive, so clients still know what happened.
RpcError WithholdSecrets(RpcError error, const MethodInfo& method, const Json& params) {
  const std::vector<std::string> secrets = SecretTexts(method, params);
  if (secrets.empty()) return error;
  if (RepeatsSecret(error.message, secrets)) {
    error.message = std::string(error.code == INVALID_PARAMS ? "invalid params: " : "") + std::string(method.name) +
                    " failed (the message was withheld: it repeated a secret parameter)";
  }
  if (!error.data.is_null() && RepeatsSecret(Dump(error.data), secrets)) error.data = nullptr;
  return error;
}

RpcResult<BoundParams::Value> Convert(const ParamSpec& spec, const Json& v, const JsonCodec& codec) {
  auto want_string = [&](std::string_view what) -> RpcResult<std::string_view> {
    if (!v.is_string()) return Err(InvalidParam(spec.name, std::string("must be a string: ") + std::string(what)));
    return std::string_view(v.get_ref<const std::string&>());
  };
  switch (spec.type) {
    case ParamType::Integer:
      if (!v.is_number_unsigned()) return Err(InvalidParam(spec.name, "must be a non-negative integer"));
      return BoundParams::Value(v.get<std::uint64_t>());
    case ParamType::Boolean:
      if (!v.is_boolean()) return Err(InvalidParam(spec.name, "must be true or false"));
      return BoundParams::Value(v.get<bool>());
    case ParamType::String:
    case ParamType::Cursor: {
      auto s = want_string(spec.type == ParamType::Cursor ? "a previous page's next_cursor" : "text");
      if (!s) return Err(s.error());
      return BoundParams::Value(std::string(*s));
    }
    case ParamType::Hash: {
      auto s = want_string("64 hex digits");
      if (!s) return Err(s.error());
      auto hash = ParseHash(*s);
      if (!hash) return Err(InvalidParam(spec.name, hash.error()));
      return BoundParams::Value(*hash);
    }
    case ParamType::Hex: {
      auto s = want_string("hex digits");
      if (!s) return Err(s.error());
      auto bytes = ParseHexBytes(*s);
      if (!bytes) return Err(InvalidParam(spec.name, bytes.error()));
      return BoundParams::Value(std::move(*bytes));
    }
    case ParamType::Address: {
      auto s = want_string("a bech32m address with prefix '" + codec.hrp() + "'");
      if (!s) return Err(s.error());
      auto address = codec.ParseAddress(*s);
      if (!address) return Err(InvalidParam(spec.name, address.error()));
      return BoundParams::Value(*address);
    }
    case ParamType::StringList:
    case ParamType::AddressList: {
      if (!v.is_array()) return Err(InvalidParam(spec.name, "must be an array of strings"));
      if (v.size() > MAX_LIST_PARAM) {
        return Err(InvalidParam(spec.name, "must have at most " + std::to_string(MAX_LIST_PARAM) + " entries"));
      }
      std::vector<std::string> strings;
      std::vector<chain::Address> addresses;
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string entry = "entry " + std::to_string(i) + " ";
        if (!v[i].is_string()) return Err(InvalidParam(spec.name, entry + "must be a string"));
        const auto& text = v[i].get_ref<const std::string&>();
        if (spec.type == ParamType::StringList) {
          strings.push_back(text);
          continue;
        }
        auto address = codec.ParseAddress(text);
        if (!address) return Err(InvalidParam(spec.name, entry + "is not an address: " + address.error()));
        addresses.push_back(*address);
      }
      if (spec.type == ParamType::StringList) return BoundParams::Value(std::move(strings));
      return BoundParams::Value(std::move(addresses));
    }
  }
  return Err(MakeError(INTERNAL_ERROR, "internal error: unknown parameter type"));
}

std::string ParamNames(const MethodInfo& method) {
  if (method.params.empty()) return "none";
  std::string out;
  for (const ParamSpec& s : method.params) out += (out.empty() ? "" : ", ") + std::string(s.name);
  return out;
}

}  // namespace

std::string_view ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::Integer: return "integer";
    case ParamType::Boolean: return "boolean";
    case ParamType::String: return "string";
    case ParamType::Hash: return "hash";
    case ParamType::Hex: return "hex";
    case ParamType::Address: return "address";
    case ParamType::Cursor: return "cursor";
    case ParamType::StringList: return "string[]";
    case ParamType::AddressList: return "address[]";
  }
  return "unknown";
}

std::string_view TransportName(Transport transport) {
  return transport == Transport::WebSocketOnly ? "websocket" : "any";
}

const std::vector<MethodInfo>& Methods() {
  static const std::vector<MethodInfo> methods = [] {
    std::vector<MethodInfo> out;
    for (const MethodDef& def : Table()) out.push_back(def.info);
    return out;
  }();
  return methods;
}

const MethodInfo* FindMethod(std::string_view name) {
  for (const MethodInfo& m : Methods()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

RpcResult<BoundParams> BindParams(const MethodInfo& method, const Json& params, const JsonCodec& codec) {
  BoundParams bound;
  if (params.is_array()) {
    if (params.size() > method.params.size()) {
      return Err(MakeError(INVALID_PARAMS, "invalid params: " + std::string(method.name) + " takes at most " +
                                               std::to_string(method.params.size()) + " params (" +
                                               ParamNames(method) + "), got " + std::to_string(params.size())));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (params[i].is_null()) continue;  // an omitted optional in the middle
      auto value = Convert(method.params[i], params[i], codec);
      if (!value) return Err(value.error());
      bound.Set(method.params[i].name, std::move(*value));
    }
  } else if (params.is_object()) {
    for (auto it = params.begin(); it != params.end(); ++it) {
      auto spec = std::find_if(method.params.begin(), method.params.end(),
                               [&](const ParamSpec& s) { return s.name == it.key(); });
      if (spec == method.params.end()) {
        // The name is the caller's own text; cut it so an error cannot be made arbitrarily large.
        return Err(MakeError(INVALID_PARAMS, "invalid params: unknown param '" + it.key().substr(0, 64) + "' (" +
                                                 std::string(method.name) + " takes: " + ParamNames(method) + ")"));
      }
      if (it.value().is_null()) continue;
      auto value = Convert(*spec, it.value(), codec);
      if (!value) return Err(value.error());
      bound.Set(spec->name, std::move(*value));
    }
  } else if (!params.is_null()) {
    return Err(MakeError(INVALID_PARAMS, "invalid params: params must be an array or an object"));
  }
  for (const ParamSpec& s : method.params) {
    if (s.required == Required::Yes && !bound.Has(s.name)) {
      return Err(InvalidParam(s.name, "is required (" + std::string(ParamTypeName(s.type)) + ")"));
    }
  }
  return bound;
}

RpcResult<Json> Dispatcher::Call(std::string_view method, const Json& params, ConnectionMethods* connection,
                                 Origin origin) {
  const auto& table = Table();
  const auto it = std::find_if(table.begin(), table.end(), [&](const MethodDef& d) { return d.info.name == method; });
  if (it == table.end()) {
    if (origin == Origin::JsonRpc) m_counters.CountMethod(std::nullopt);
    return Err(MakeError(METHOD_NOT_FOUND, "method not found: '" + std::string(method.substr(0, 64)) + "'"));
  }
  if (origin == Origin::JsonRpc) m_counters.CountMethod(static_cast<std::size_t>(it - table.begin()));
  if (it->info.transport == Transport::WebSocketOnly && connection == nullptr) {
    return Err(MakeError(METHOD_NOT_FOUND, "method '" + std::string(method) + "' is available over WebSocket only (/ws)"));
  }
  // Before binding: a node without a wallet gives the same answer to every wallet.* request.
  if (it->needs == Needs::Wallet && m_wallet == nullptr) {
    return Err(RpcError{UNAVAILABLE, "this node has no wallet", Json{{"code", "no_wallet"}}});
  }
  try {
    auto bound = BindParams(it->info, params, m_codec);
    if (!bound) return Err(WithholdSecrets(bound.error(), it->info, params));
    MethodContext context{m_node, m_codec, connection, m_wallet};
    auto result = it->handler(context, *bound);
    if (!result) return Err(WithholdSecrets(std::move(result).error(), it->info, params));
    return result;
  } catch (...) {
    // JSON library or allocation failures; the details are not the caller's business.
    return Err(MakeError(INTERNAL_ERROR, "internal error"));
  }
}

}  // namespace cairn::rpc
