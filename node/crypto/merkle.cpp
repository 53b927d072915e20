#include "crypto/merkle.h"

namespace cairn::crypto {
namespace {

Hash256 LeafHash(const Hash256& item) { return TaggedHash("merkle/leaf", item.span()); }

Hash256 NodeHash(const Hash256& left, const Hash256& right) {
  thread_local Sha256Hasher hasher;
  static constexpr std::uint8_t TERMINATOR = 0;
  return hasher.Write(util::AsBytes("merkle/node")).Write({&TERMINATOR, 1}).Write(left.span()).Write(right.span()).Finalize();
}

// Replaces `level` by its parent level in place.
void HashLevel(std::vector<Hash256>& level) {
  const std::size_t n = level.size();
  for (std::size_t i = 0; i < n / 2; ++i) level[i] = NodeHash(level[2 * i], level[2 * i + 1]);
  if (n % 2 == 1) level[n / 2] = level[n - 1];  // odd node moves up unchanged
  level.resize((n + 1) / 2);
}

std::vector<Hash256> Leaves(std::span<const Hash256> items) {
  std::vector<Hash256> level;
  level.reserve(items.size());
  for (const auto& item : items) level.push_back(LeafHash(item));
  return level;
}

}  // namespace

Hash256 MerkleRoot(std::span<const Hash256> items) {
  if (items.empty()) return TaggedHash("merkle/empty", {});
  std::vector<Hash256> level = Leaves(items);
  while (level.size() > 1) HashLevel(level);
  return level.front();
}

std::optional<MerkleProof> MerkleProve(std::span<const Hash256> items, std::uint64_t index) {
  if (index >= items.size()) return std::nullopt;
  MerkleProof proof{index, items.size(), {}};
  std::vector<Hash256> level = Leaves(items);
  std::size_t idx = index;
  while (level.size() > 1) {
    const std::size_t sibling = idx ^ 1U;
    if (sibling < level.size()) proof.siblings.push_back(level[sibling]);
    HashLevel(level);
    idx /= 2;
  }
  return proof;
}

bool MerkleVerify(const Hash256& root, const Hash256& item, const MerkleProof& proof) {
  if (proof.index >= proof.leaf_count) return false;
  Hash256 h = LeafHash(item);
  std::uint64_t idx = proof.index;
  std::uint64_t size = proof.leaf_count;
  std::size_t used = 0;
  while (size > 1) {
    if (idx % 2 == 1) {
      if (used == proof.siblings.size()) return false;
      h = NodeHash(proof.siblings[used++], h);
    } else if (idx + 1 < size) {
      if (used == proof.siblings.size()) return false;
      h = NodeHash(h, proof.siblings[used++]);
    }  // else: the last, odd node moves up unchanged
    idx /= 2;
    size = (size + 1) / 2;
  }
  return used == proof.siblings.size() && h == root;
}

}  // namespace cairn::crypto
