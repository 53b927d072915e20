#include "chain/genesis.h"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "chain/transaction.h"
#include "util/checked_math.h"
#include "util/hex.h"

namespace cairn::chain {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using util::Err;

GenesisError Error(std::string path, std::string message) { return GenesisError{std::move(path), std::move(message)}; }

std::string Join(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string Index(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

// Checks that `obj` is an object holding exactly `keys`.
util::Result<void, GenesisError> ExpectKeys(const Json& obj, const std::string& path,
                                            std::initializer_list<std::string_view> keys) {
  if (!obj.is_object()) return Err(Error(path, "must be an object"));
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (auto k : keys) known = known || it.key() == k;
    if (!known) return Err(Error(Join(path, it.key()), "unknown key"));
  }
  for (auto k : keys) {
    if (!obj.contains(std::string(k))) return Err(Error(Join(path, k), "missing"));
  }
  return {};
}

util::Result<std::uint64_t, GenesisError> ReadUnsigned(const Json& v, const std::string& path) {
  if (!v.is_number_unsigned()) return Err(Error(path, "must be a non-negative integer"));
  return v.get<std::uint64_t>();
}

// Amounts are decimal strings of base units: JSON numbers lose precision above 2^53 in many tools.
util::Result<std::uint64_t, GenesisError> ReadAmount(const Json& v, const std::string& path) {
  if (!v.is_string()) return Err(Error(path, "must be a decimal string of base units"));
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return Err(Error(path, "must be a decimal string without leading zeros"));
  std::uint64_t out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return Err(Error(path, "must contain only digits"));
    auto m = util::CheckedMul(out, 10);
    auto a = m ? util::CheckedAdd(*m, static_cast<std::uint64_t>(c - '0')) : std::nullopt;
    if (!a) return Err(Error(path, "does not fit in 64 bits"));
    out = *a;
  }
  return out;
}

util::Result<std::string, GenesisError> ReadString(const Json& v, const std::string& path) {
  if (!v.is_string()) return Err(Error(path, "must be a string"));
  return v.get<std::string>();
}

util::Result<crypto::PublicKey, GenesisError> ReadKey(const Json& v, const std::string& path) {
  auto s = ReadString(v, path);
  if (!s) return Err(s.error());
  auto key = util::ParseFixedHex<32>(*s);
  if (!key) return Err(Error(path, "must be 64 hex digits"));
  return *key;
}

util::Result<Address, GenesisError> ReadAddress(const Json& v, const std::string& path, std::string_view hrp) {
  auto s = ReadString(v, path);
  if (!s) return Err(s.error());
  auto a = DecodeAddress(*s, hrp);
  if (!a) return Err(Error(path, a.error().message));
  return *a;
}

util::Result<ChainParams, GenesisError> ReadParams(const Json& obj, const std::string& path) {
  if (!obj.is_object()) return Err(Error(path, "must be an object"));
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!FindParam(it.key())) return Err(Error(Join(path, it.key()), "unknown parameter"));
  }
  ChainParams p;
  for (const auto& info : ParamTable()) {
    const std::string key(info.name);
    const std::string field = Join(path, key);
    if (!obj.contains(key)) return Err(Error(field, "missing"));
    const Json& v = obj.at(key);
    if (info.kind == ParamKind::Flag) {
      if (!v.is_boolean()) return Err(Error(field, "must be true or false"));
      p.*(info.flag) = v.get<bool>();
    } else {
      auto n = info.kind == ParamKind::Units ? ReadAmount(v, field) : ReadUnsigned(v, field);
      if (!n) return Err(n.error());
      p.*(info.number) = *n;
    }
  }
  return p;
}

// nlohmann keeps the last of duplicate keys silently; a strict file must not have any.
util::Result<Json, GenesisError> ParseStrict(std::string_view text) {
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  Json::parser_callback_t cb = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) keys.emplace_back();
    else if (event == Json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    else if (event == Json::parse_event_t::key && !keys.empty()) {
      const std::string k = parsed.get<std::string>();
      if (!keys.back().insert(k).second && duplicate.empty()) duplicate = k;
    }
    return true;
  };
  try {
    Json doc = Json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/true);
    if (!duplicate.empty()) return Err(Error("", "duplicate key '" + duplicate + "'"));
    return doc;
  } catch (const Json::exception& e) {
    return Err(Error("", std::string("not valid JSON: ") + e.what()));
  }
}

}  // namespace

void Write(Writer& w, const Genesis& g) {
  Write(w, g.chain_id);
  w.U64(g.genesis_time_ms);
  Write(w, g.params);
  w.Varint(g.accounts.size());
  for (const auto& a : g.accounts) {
    w.Fixed(a.address);
    w.U64(a.balance);
  }
  w.Varint(g.validators.size());
  for (const auto& v : g.validators) {
    w.Fixed(v.operator_address);
    w.Fixed(v.consensus_pubkey);
    w.Fixed(v.vrf_pubkey);
    w.U64(v.self_bond);
    w.U16(v.commission_bps);
    w.Text(v.moniker);
  }
}

Genesis ReadGenesis(Reader& r) {
  Genesis g;
  g.chain_id = ReadChainId(r, "chain_id");
  g.genesis_time_ms = r.U64("genesis_time_ms");
  {
    Reader::Field f(r, "params");
    g.params = ReadChainParams(r);
  }
  const std::size_t n_accounts = r.Count("accounts", GENESIS_MAX_ACCOUNTS, 28);
  g.accounts.reserve(n_accounts);
  {
    Reader::Field f(r, "accounts");
    for (std::size_t i = 0; i < n_accounts && r.ok(); ++i) {
      Reader::Field idx(r, i);
      GenesisAccount a;
      a.address = r.Fixed<20>("address");
      a.balance = r.U64("balance");
      g.accounts.push_back(a);
    }
  }
  const std::size_t n_validators = r.Count("validators", GENESIS_MAX_VALIDATORS, 20 + 64 + 8 + 2 + 2);
  g.validators.reserve(n_validators);
  Reader::Field f(r, "validators");
  for (std::size_t i = 0; i < n_validators && r.ok(); ++i) {
    Reader::Field idx(r, i);
    GenesisValidator v;
    v.operator_address = r.Fixed<20>("operator");
    v.consensus_pubkey = r.Fixed<32>("consensus_pubkey");
    v.vrf_pubkey = r.Fixed<32>("vrf_pubkey");
    v.self_bond = r.U64("self_bond");
    v.commission_bps = r.U16("commission_bps");
    v.moniker = r.Text("moniker", MONIKER_MIN, MONIKER_MAX, TextRule::SingleLine);
    g.validators.push_back(std::move(v));
  }
  return g;
}

util::Bytes Encode(const Genesis& genesis) {
  Writer w;
  Write(w, genesis);
  return w.Take();
}

util::Result<Genesis, DecodeError> DecodeGenesis(util::ByteSpan bytes) {
  return DecodeWhole<Genesis>(bytes, "genesis", [](Reader& r) { return ReadGenesis(r); });
}

GenesisHash ComputeGenesisHash(const Genesis& genesis) { return crypto::TaggedHash("genesis", Encode(genesis)); }

util::Result<void, GenesisError> ValidateGenesis(const Genesis& g) {
  if (!IsValidChainId(g.chain_id.str())) return Err(Error("chain_id", "must be 1..32 characters of a-z, 0-9, '-'"));
  if (auto r = ValidateParams(g.params); !r) return Err(Error(Join("params", r.error().field), r.error().reason));
  if (g.accounts.size() > GENESIS_MAX_ACCOUNTS) return Err(Error("accounts", "too many accounts"));
  if (g.validators.size() > GENESIS_MAX_VALIDATORS) return Err(Error("validators", "too many validators"));
  std::uint64_t supply = 0;
  std::set<Address> seen_accounts;
  for (std::size_t i = 0; i < g.accounts.size(); ++i) {
    const auto& a = g.accounts[i];
    if (!seen_accounts.insert(a.address).second) return Err(Error(Index("accounts", i) + ".address", "duplicate account"));
    auto s = util::CheckedAdd(supply, a.balance);
    if (!s) return Err(Error(Index("accounts", i) + ".balance", "total supply overflows 64 bits"));
    supply = *s;
  }
  std::uint64_t stake = 0;
  std::set<Address> seen_operators;
  std::set<crypto::PublicKey> seen_keys;
  for (std::size_t i = 0; i < g.validators.size(); ++i) {
    const auto& v = g.validators[i];
    const std::string p = Index("validators", i);
    if (!seen_operators.insert(v.operator_address).second) return Err(Error(p + ".operator", "duplicate validator operator"));
    if (!crypto::IsValidPublicKey(v.consensus_pubkey)) return Err(Error(p + ".consensus_pubkey", "is not a valid Ed25519 key"));
    if (!seen_keys.insert(v.consensus_pubkey).second) return Err(Error(p + ".consensus_pubkey", "duplicate consensus key"));
    if (!crypto::IsValidPublicKey(v.vrf_pubkey)) return Err(Error(p + ".vrf_pubkey", "is not a valid Ed25519 key"));
    if (v.commission_bps > BPS_DENOMINATOR) return Err(Error(p + ".commission_bps", "must be at most 10000"));
    if (v.self_bond < g.params.min_self_bond) {
      return Err(Error(p + ".self_bond", "is below min_self_bond (" + FormatAmount(g.params.min_self_bond) + ")"));
    }
    if (v.moniker.empty() || v.moniker.size() > MONIKER_MAX) return Err(Error(p + ".moniker", "must be 1..64 bytes"));
    if (!CheckText(v.moniker, TextRule::SingleLine, nullptr, nullptr)) {
      return Err(Error(p + ".moniker", "must be UTF-8 without control characters"));
    }
    auto st = util::CheckedAdd(stake, v.self_bond);
    auto sp = util::CheckedAdd(supply, v.self_bond);
    if (!st || !sp) return Err(Error(p + ".self_bond", "total supply overflows 64 bits"));
    stake = *st;
    supply = *sp;
  }
  if (stake == 0) return Err(Error("validators", "total stake is zero: at least one validator with a self bond is needed"));
  return {};
}

util::Result<Genesis, GenesisError> GenesisFromJson(std::string_view json_text, std::string_view hrp) {
  auto parsed = ParseStrict(json_text);
  if (!parsed) return Err(parsed.error());
  const Json& doc = *parsed;
  if (auto r = ExpectKeys(doc, "", {"chain_id", "genesis_time_ms", "params", "accounts", "validators"}); !r) {
    return Err(r.error());
  }
  Genesis g;
  auto chain_id_text = ReadString(doc["chain_id"], "chain_id");
  if (!chain_id_text) return Err(chain_id_text.error());
  auto chain_id = ChainId::Parse(*chain_id_text);
  if (!chain_id) return Err(Error("chain_id", chain_id.error()));
  g.chain_id = *chain_id;
  auto time = ReadUnsigned(doc["genesis_time_ms"], "genesis_time_ms");
  if (!time) return Err(time.error());
  g.genesis_time_ms = *time;
  auto params = ReadParams(doc["params"], "params");
  if (!params) return Err(params.error());
  g.params = *params;

  const Json& accounts = doc["accounts"];
  if (!accounts.is_array()) return Err(Error("accounts", "must be an array"));
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const std::string p = Index("accounts", i);
    const Json& a = accounts[i];
    if (auto r = ExpectKeys(a, p, {"address", "balance"}); !r) return Err(r.error());
    auto address = ReadAddress(a["address"], p + ".address", hrp);
    if (!address) return Err(address.error());
    auto balance = ReadAmount(a["balance"], p + ".balance");
    if (!balance) return Err(balance.error());
    g.accounts.push_back({*address, *balance});
  }
  const Json& validators = doc["validators"];
  if (!validators.is_array()) return Err(Error("validators", "must be an array"));
  for (std::size_t i = 0; i < validators.size(); ++i) {
    const std::string p = Index("validators", i);
    const Json& v = validators[i];
    if (auto r = ExpectKeys(v, p, {"operator", "consensus_pubkey", "vrf_pubkey", "self_bond", "commission_bps", "moniker"}); !r) {
      return Err(r.error());
    }
    GenesisValidator out;
    auto op = ReadAddress(v["operator"], p + ".operator", hrp);
    if (!op) return Err(op.error());
    out.operator_address = *op;
    auto ck = ReadKey(v["consensus_pubkey"], p + ".consensus_pubkey");
    if (!ck) return Err(ck.error());
    out.consensus_pubkey = *ck;
    auto vk = ReadKey(v["vrf_pubkey"], p + ".vrf_pubkey");
    if (!vk) return Err(vk.error());
    out.vrf_pubkey = *vk;
    auto bond = ReadAmount(v["self_bond"], p + ".self_bond");
    if (!bond) return Err(bond.error());
    out.self_bond = *bond;
    auto commission = ReadUnsigned(v["commission_bps"], p + ".commission_bps");
    if (!commission) return Err(commission.error());
    if (*commission > BPS_DENOMINATOR) return Err(Error(p + ".commission_bps", "must be at most 10000"));
    out.commission_bps = static_cast<std::uint16_t>(*commission);
    auto moniker = ReadString(v["moniker"], p + ".moniker");
    if (!moniker) return Err(moniker.error());
    out.moniker = *moniker;
    g.validators.push_back(std::move(out));
  }
  if (auto r = ValidateGenesis(g); !r) return Err(r.error());
  return g;
}

std::string GenesisToJson(const Genesis& g, std::string_view hrp) {
  OrderedJson doc;
  doc["chain_id"] = g.chain_id.str();
  doc["genesis_time_ms"] = g.genesis_time_ms;
  OrderedJson params = OrderedJson::object();
  for (const auto& info : ParamTable()) {
    const std::string key(info.name);
    if (info.kind == ParamKind::Flag) params[key] = g.params.*(info.flag);
    else if (info.kind == ParamKind::Units) params[key] = std::to_string(g.params.*(info.number));
    else params[key] = g.params.*(info.number);
  }
  doc["params"] = std::move(params);
  OrderedJson accounts = OrderedJson::array();
  for (const auto& a : g.accounts) {
    accounts.push_back(OrderedJson{{"address", EncodeAddress(a.address, hrp)}, {"balance", std::to_string(a.balance)}});
  }
  doc["accounts"] = std::move(accounts);
  OrderedJson validators = OrderedJson::array();
  for (const auto& v : g.validators) {
    OrderedJson o;
    o["operator"] = EncodeAddress(v.operator_address, hrp);
    o["consensus_pubkey"] = util::ToHex(v.consensus_pubkey.span());
    o["vrf_pubkey"] = util::ToHex(v.vrf_pubkey.span());
    o["self_bond"] = std::to_string(v.self_bond);
    o["commission_bps"] = v.commission_bps;
    o["moniker"] = v.moniker;
    validators.push_back(std::move(o));
  }
  doc["validators"] = std::move(validators);
  // Invalid UTF-8 cannot reach here through validated input; replace rather than throw if it does.
  return doc.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

util::Result<Genesis, GenesisError> LoadGenesisFile(const std::string& path, std::string_view hrp) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Err(Error("", "cannot open genesis file '" + path + "'"));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Err(Error("", "cannot read genesis file '" + path + "'"));
  return GenesisFromJson(ss.str(), hrp);
}

util::Result<void, GenesisError> SaveGenesisFile(const std::string& path, const Genesis& genesis, std::string_view hrp) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Err(Error("", "cannot create genesis file '" + path + "'"));
  out << GenesisToJson(genesis, hrp);
  out.flush();
  if (!out) return Err(Error("", "cannot write genesis file '" + path + "'"));
  return {};
}

}  // namespace cairn::chain
