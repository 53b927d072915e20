#include "storage/sign_store_interchange.h"

#include <nlohmann/json.hpp>

#include <limits>

#include "util/hex.h"

namespace cairn::storage {
namespace {

using Json = nlohmann::json;

// A parse failure at `path`: the message always names the path so a user can find the spot.
util::Unexpected<InterchangeError> Bad(const std::string& path, const std::string& what,
                                       InterchangeError::Kind kind = InterchangeError::Kind::Malformed) {
  const std::string where = path.empty() ? std::string("the document") : "'" + path + "'";
  return util::Err(InterchangeError{kind, path, "interchange " + where + ": " + what});
}

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The member `key` of object `obj`, which must be present and of the right JSON type.
util::Result<const Json*, InterchangeError> Member(const Json& obj, const std::string& path, const char* key,
                                                   Json::value_t type, const char* type_name) {
  const auto it = obj.find(key);
  if (it == obj.end()) return Bad(Child(path, key), "missing (required)");
  if (it->type() != type) return Bad(Child(path, key), std::string("must be ") + type_name);
  return &*it;
}

util::Result<std::int64_t, InterchangeError> DecimalField(const Json& obj, const std::string& path, const char* key) {
  auto member = Member(obj, path, key, Json::value_t::string, "a decimal string (e.g. \"12\")");
  if (!member) return util::Err(std::move(member).error());
  const std::string& text = (*member)->get_ref<const std::string&>();
  const std::string where = Child(path, key);
  if (text.empty()) return Bad(where, "is empty; expected a decimal number");
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return Bad(where, "'" + text + "' is not a decimal number");
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - digit) / 10) {
      return Bad(where, "'" + text + "' is out of range (at most 2^63 - 1)");
    }
    value = value * 10 + digit;
  }
  return static_cast<std::int64_t>(value);
}

util::Result<SigningRoot, InterchangeError> ParseRoot(const std::string& text, const std::string& where) {
  if (text.size() != 66 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return Bad(where, "must be 0x followed by 64 hex digits");
  }
  auto root = util::ParseFixedHex<32>(std::string_view(text).substr(2));
  if (!root) return Bad(where, "must be 0x followed by 64 hex digits");
  return *root;
}

// A missing, null or all-zero signing_root is unknown.
util::Result<std::optional<SigningRoot>, InterchangeError> OptionalRoot(const Json& obj, const std::string& path) {
  const auto it = obj.find("signing_root");
  if (it == obj.end() || it->is_null()) return std::optional<SigningRoot>();
  const std::string where = Child(path, "signing_root");
  if (!it->is_string()) return Bad(where, "must be a string (0x followed by 64 hex digits)");
  auto root = ParseRoot(it->get_ref<const std::string&>(), where);
  if (!root) return util::Err(std::move(root).error());
  if (root->IsZero()) return std::optional<SigningRoot>();
  return std::optional<SigningRoot>(*root);
}

util::Result<InterchangeValidator, InterchangeError> ParseValidator(const Json& item, const std::string& path) {
  if (!item.is_object()) return Bad(path, "must be an object");
  InterchangeValidator v;
  auto pubkey = Member(item, path, "pubkey", Json::value_t::string, "a string (0x-prefixed hex)");
  if (!pubkey) return util::Err(std::move(pubkey).error());
  auto normalized = NormalizePubkey((*pubkey)->get_ref<const std::string&>());
  if (!normalized) return Bad(Child(path, "pubkey"), "must be 0x followed by an even number of hex digits");
  v.pubkey = std::move(*normalized);

  const std::string blocks_path = Child(path, "signed_blocks");
  auto blocks = Member(item, path, "signed_blocks", Json::value_t::array, "an array");
  if (!blocks) return util::Err(std::move(blocks).error());
  v.blocks.reserve((*blocks)->size());
  for (std::size_t i = 0; i < (*blocks)->size(); ++i) {
    const Json& b = (**blocks)[i];
    const std::string here = Index(blocks_path, i);
    if (!b.is_object()) return Bad(here, "must be an object");
    InterchangeBlock block;
    auto slot = DecimalField(b, here, "slot");
    if (!slot) return util::Err(std::move(slot).error());
    block.slot = *slot;
    auto root = OptionalRoot(b, here);
    if (!root) return util::Err(std::move(root).error());
    block.signing_root = *root;
    v.blocks.push_back(block);
  }

  const std::string votes_path = Child(path, "signed_attestations");
  auto votes = Member(item, path, "signed_attestations", Json::value_t::array, "an array");
  if (!votes) return util::Err(std::move(votes).error());
  v.votes.reserve((*votes)->size());
  for (std::size_t i = 0; i < (*votes)->size(); ++i) {
    const Json& a = (**votes)[i];
    const std::string here = Index(votes_path, i);
    if (!a.is_object()) return Bad(here, "must be an object");
    InterchangeVote vote;
    auto source = DecimalField(a, here, "source_epoch");
    if (!source) return util::Err(std::move(source).error());
    auto target = DecimalField(a, here, "target_epoch");
    if (!target) return util::Err(std::move(target).error());
    vote.source = *source;
    vote.target = *target;
    auto root = OptionalRoot(a, here);
    if (!root) return util::Err(std::move(root).error());
    vote.signing_root = *root;
    v.votes.push_back(vote);
  }
  return v;
}

util::Result<Interchange, InterchangeError> ParseDocument(const Json& doc) {
  if (!doc.is_object()) return Bad("", "must be a JSON object with 'metadata' and 'data'");
  auto metadata = Member(doc, "", "metadata", Json::value_t::object, "an object");
  if (!metadata) return util::Err(std::move(metadata).error());
  auto version = Member(**metadata, "metadata", "interchange_format_version", Json::value_t::string,
                        "a string (\"5\")");
  if (!version) return util::Err(std::move(version).error());
  const std::string& version_text = (*version)->get_ref<const std::string&>();
  if (version_text != INTERCHANGE_FORMAT_VERSION) {
    return Bad("metadata.interchange_format_version",
               "format version '" + version_text + "' is not supported (only version 5)",
               InterchangeError::Kind::UnsupportedVersion);
  }
  auto genesis = Member(**metadata, "metadata", "genesis_validators_root", Json::value_t::string,
                        "a string (0x followed by 64 hex digits)");
  if (!genesis) return util::Err(std::move(genesis).error());
  Interchange out;
  auto root = ParseRoot((*genesis)->get_ref<const std::string&>(), "metadata.genesis_validators_root");
  if (!root) return util::Err(std::move(root).error());
  out.genesis_root = *root;

  auto data = Member(doc, "", "data", Json::value_t::array, "an array");
  if (!data) return util::Err(std::move(data).error());
  out.data.reserve((*data)->size());
  for (std::size_t i = 0; i < (*data)->size(); ++i) {
    auto v = ParseValidator((**data)[i], Index("data", i));
    if (!v) return util::Err(std::move(v).error());
    out.data.push_back(std::move(*v));
  }
  return out;
}

}  // namespace

std::optional<std::string> NormalizePubkey(std::string_view pubkey) {
  if (pubkey.size() < 4 || pubkey.size() % 2 != 0 || pubkey[0] != '0' || (pubkey[1] != 'x' && pubkey[1] != 'X')) {
    return std::nullopt;
  }
  std::string out = "0x";
  out.reserve(pubkey.size());
  for (const char c : pubkey.substr(2)) {
    if (!IsHexDigit(c)) return std::nullopt;
    out += (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string RootHex(const SigningRoot& root) { return "0x" + util::ToHex(root.span()); }

util::Result<Interchange, InterchangeError> ParseInterchange(std::string_view json) {
  // nlohmann reports bad JSON and (in principle) allocation failure by exceptions: they stop here.
  try {
    const Json doc = Json::parse(json.begin(), json.end());
    return ParseDocument(doc);
  } catch (const Json::parse_error& e) {
    return Bad("", std::string("is not valid JSON (") + e.what() + ")");
  } catch (const std::exception& e) {
    return Bad("", std::string("could not be read (") + e.what() + ")");
  }
}

std::string FormatInterchange(const Interchange& interchange) {
  using Ordered = nlohmann::ordered_json;
  try {
    Ordered doc;
    doc["metadata"]["interchange_format_version"] = INTERCHANGE_FORMAT_VERSION;
    doc["metadata"]["genesis_validators_root"] = RootHex(interchange.genesis_root);
    Ordered data = Ordered::array();
    for (const auto& v : interchange.data) {
      Ordered item;
      item["pubkey"] = v.pubkey;
      Ordered blocks = Ordered::array();
      for (const auto& b : v.blocks) {
        Ordered block;
        block["slot"] = std::to_string(b.slot);
        if (b.signing_root) block["signing_root"] = RootHex(*b.signing_root);
        blocks.push_back(std::move(block));
      }
      item["signed_blocks"] = std::move(blocks);
      Ordered votes = Ordered::array();
      for (const auto& a : v.votes) {
        Ordered vote;
        vote["source_epoch"] = std::to_string(a.source);
        vote["target_epoch"] = std::to_string(a.target);
        if (a.signing_root) vote["signing_root"] = RootHex(*a.signing_root);
        votes.push_back(std::move(vote));
      }
      item["signed_attestations"] = std::move(votes);
      data.push_back(std::move(item));
    }
    doc["data"] = std::move(data);
    return doc.dump(2) + "\n";
  } catch (const std::exception&) {
    // Only allocation can fail here (every string is ASCII we produced); an empty text makes the
    // caller report a failure instead of writing a partial file.
    return {};
  }
}

}  // namespace cairn::storage
