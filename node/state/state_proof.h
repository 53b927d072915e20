// Proofs against a state root (PROTOCOL.md section 9, SPEC.md "State tree"): for any key, either
// that it maps to a value (inclusion) or that it is absent (exclusion), checkable offline with the
// root alone. Also the tree's hash functions, so every party (tree, verifier, tests, RPC clients)
// hashes through one definition.
//
// Shape: the state tree is a crit-bit (PATRICIA) binary trie over key hashes kh = H("state/key", key).
// Each internal node commits to the index of the bit where its subtrees split; walking from the root
// by the bits of kh(K) reaches K's own leaf when K is present, and some other leaf when it is absent.
// A proof is that walk: the (bit index, sibling hash) of every node from the root down, plus, when
// the leaf reached is not K's, that leaf's key hash and value hash.
//
// Thread safety: plain values and pure functions, callable from any thread. Nothing here throws
// except std::bad_alloc; verification failures are a false return, decoding failures a DecodeError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "chain/codec.h"
#include "crypto/sha256.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::state {

// --- Hashing (SPEC.md "State tree") ---
// Bit i of a key hash: bit (7 - i % 8) of byte i / 8, i.e. most significant bit of byte 0 first.
inline constexpr std::size_t KEY_HASH_BITS = 256;

crypto::Hash256 StateKeyHash(util::ByteSpan key);      // H("state/key" || key)
crypto::Hash256 StateValueHash(util::ByteSpan value);  // H("state/value" || value)
// H("state/leaf" || key_hash || value_hash)
crypto::Hash256 StateLeafHash(const crypto::Hash256& key_hash, const crypto::Hash256& value_hash);
// H("state/node" || u8 bit_index || left || right); left holds the keys whose bit is 0.
crypto::Hash256 StateNodeHash(std::uint8_t bit_index, const crypto::Hash256& left, const crypto::Hash256& right);
// H("state/empty"): the root of the empty state.
const crypto::Hash256& EmptyStateRoot();

// Bit `index` (< 256) of a key hash.
inline bool KeyHashBit(const crypto::Hash256& key_hash, std::size_t index) {
  return ((key_hash.bytes[index >> 3] >> (7 - (index & 7))) & 1) != 0;
}

// --- Proofs ---
struct StateProofStep {
  std::uint8_t bit_index = 0;  // the node's split bit
  crypto::Hash256 sibling;     // hash of the subtree on the side the key does NOT go
  bool operator==(const StateProofStep&) const = default;
};

// The leaf a walk reached when it is not the proven key's own (exclusion proofs only).
struct StateProofLeaf {
  crypto::Hash256 key_hash;
  crypto::Hash256 value_hash;
  bool operator==(const StateProofLeaf&) const = default;
};

struct StateProof {
  // Root first; bit indices strictly increase, so there are at most 256.
  std::vector<StateProofStep> steps;
  // Present exactly when the key is absent and the tree is not empty.
  std::optional<StateProofLeaf> other_leaf;
  bool operator==(const StateProof&) const = default;
};

inline constexpr std::size_t MAX_STATE_PROOF_STEPS = KEY_HASH_BITS;
// Varint count (2) + 256 steps of 33 bytes + flag + other leaf (64).
inline constexpr std::size_t MAX_STATE_PROOF_BYTES = 2 + MAX_STATE_PROOF_STEPS * 33 + 1 + 64;

// True when `proof` shows that under `root`, `key` maps to `value` (value == nullopt: key absent).
// Checks, beyond the hash chain, that bit indices strictly increase and that the leaf reached agrees
// with the key's bits at every step, so only the canonical proof of a well-formed tree passes. The
// proof is only as good as `root`: take it from a header the caller trusts (finalized, or checked
// against its own chain), never from the party that sent the proof. Cost: about one hash per step.
[[nodiscard]] bool VerifyStateProof(const crypto::Hash256& root, util::ByteSpan key,
                                    std::optional<util::ByteSpan> value, const StateProof& proof);

// varint step count || (u8 bit_index || sibling[32]) per step || bool has_other_leaf
//   || [key_hash[32] || value_hash[32]]
util::Bytes Encode(const StateProof& proof);
// Strict: at most 256 steps, bit indices strictly increasing, canonical bool, no trailing bytes.
util::Result<StateProof, chain::DecodeError> DecodeStateProof(util::ByteSpan bytes);

}  // namespace cairn::state
