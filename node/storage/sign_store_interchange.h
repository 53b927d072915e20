// Internal to node/storage: the EIP-3076 slashing-protection interchange format (version 5) as plain
// values, parsed with full validation and printed for export. Pure functions: no I/O, no database.
//
// Parsing is strict where EIP-3076 is: numbers are decimal strings (up to 2^63 - 1 here, SQLite's
// integer range), roots are 0x-prefixed 32-byte hex, pubkeys 0x-prefixed hex (kept as opaque lower-
// case strings), and the required fields must be present. Unknown fields are ignored, for forward
// compatibility. A missing or all-zero signing_root is "unknown" (nullopt). The first problem found is
// reported with its JSON path, e.g. "data[1].signed_attestations[0].target_epoch".
//
// Thread safety: free functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sign_store.h"
#include "util/result.h"

namespace cairn::storage {

inline constexpr const char* INTERCHANGE_FORMAT_VERSION = "5";

struct InterchangeBlock {
  std::int64_t slot = 0;
  std::optional<SigningRoot> signing_root;
};

struct InterchangeVote {
  std::int64_t source = 0;
  std::int64_t target = 0;
  std::optional<SigningRoot> signing_root;
};

struct InterchangeValidator {
  std::string pubkey;  // normalized: "0x" + lower-case hex
  std::vector<InterchangeBlock> blocks;
  std::vector<InterchangeVote> votes;
};

struct Interchange {
  SigningRoot genesis_root;
  std::vector<InterchangeValidator> data;  // a pubkey may appear more than once
};

// Parses and validates a whole interchange document. Kinds: Malformed, UnsupportedVersion (the
// genesis root is not compared here).
util::Result<Interchange, InterchangeError> ParseInterchange(std::string_view json);

// Prints an interchange as indented JSON (metadata first; records in the given order).
std::string FormatInterchange(const Interchange& interchange);

// "0x" + lower-case hex of a non-empty, even-length hex pubkey ("0x" prefix required); nothing
// otherwise.
std::optional<std::string> NormalizePubkey(std::string_view pubkey);

// "0x" + 64 lower-case hex digits.
std::string RootHex(const SigningRoot& root);

}  // namespace cairn::storage
