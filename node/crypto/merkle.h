// Binary Merkle tree over item hashes (transaction ids, vote and evidence hashes) with inclusion
// proofs. Shape as RFC 6962 / RFC 9162: at each level nodes pair left to right and an odd last node
// moves up unchanged, so no item can be duplicated to forge a second tree with the same root
// (the Bitcoin CVE-2012-2459 trap). Hashes are domain-separated:
//   leaf  = H("merkle/leaf"  || item)
//   node  = H("merkle/node"  || left || right)
//   empty = H("merkle/empty")
// A proof binds the item's position but not the tree size: for some sizes the same path proves the
// same index in a slightly larger tree. Verifiers take leaf_count from a trusted source (the block
// body's count), never from the prover alone.
// Thread safety: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "crypto/sha256.h"

namespace cairn::crypto {

struct MerkleProof {
  std::uint64_t index = 0;       // position of the item among the leaves
  std::uint64_t leaf_count = 0;  // number of leaves in the tree
  std::vector<Hash256> siblings; // bottom-up
};

Hash256 MerkleRoot(std::span<const Hash256> items);

// Nothing when index is out of range.
std::optional<MerkleProof> MerkleProve(std::span<const Hash256> items, std::uint64_t index);

// True when `item` sits at proof.index of a tree of proof.leaf_count leaves whose root is `root`.
[[nodiscard]] bool MerkleVerify(const Hash256& root, const Hash256& item, const MerkleProof& proof);

}  // namespace cairn::crypto
