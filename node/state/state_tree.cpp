#include "state/state_tree.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cairn::state {
namespace {

[[noreturn]] void ArenaFull() {
  std::fputs("fatal: state tree arena full (2^31 nodes)\n", stderr);
  std::abort();
}

std::uint64_t BigEndianWord(const crypto::Hash256& h, std::size_t word) {
  std::uint64_t v = 0;
  std::memcpy(&v, h.data() + 8 * word, 8);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

// Index of the first bit where two distinct key hashes differ (bit 0 = MSB of byte 0).
std::uint8_t CritBit(const crypto::Hash256& a, const crypto::Hash256& b) {
  for (std::size_t word = 0; word < 4; ++word) {
    const std::uint64_t x = BigEndianWord(a, word) ^ BigEndianWord(b, word);
    if (x != 0) return static_cast<std::uint8_t>(64 * word + static_cast<std::size_t>(std::countl_zero(x)));
  }
  return 255;  // equal hashes: callers never ask
}

}  // namespace

struct StateTree::KeyValueHash {
  crypto::Hash256 key_hash;
  crypto::Hash256 value_hash;
};

StateTree::StateTree() : m_root_hash(EmptyStateRoot()) {}

StateTree StateTree::Build(const MemoryState& state) {
  std::vector<KeyValueHash> items;
  items.reserve(state.size());
  for (const auto& [key, value] : state.entries()) items.push_back({StateKeyHash(key), StateValueHash(value)});
  std::sort(items.begin(), items.end(),
            [](const KeyValueHash& a, const KeyValueHash& b) { return a.key_hash < b.key_hash; });
  // Distinct keys have distinct hashes unless SHA-256 collides; dropping duplicates keeps CritBit's
  // precondition whatever happens.
  items.erase(std::unique(items.begin(), items.end(),
                          [](const KeyValueHash& a, const KeyValueHash& b) { return a.key_hash == b.key_hash; }),
              items.end());

  StateTree tree;
  if (items.empty()) return tree;
  // Headroom, so that the first blocks after start-up, which add keys, do not each pay for copying
  // the arenas (tens of MB) when a vector outgrows an exact reservation. Untouched capacity costs
  // address space only.
  const std::size_t capacity = items.size() + items.size() / 4 + 1024;
  tree.m_leaf.reserve(capacity);
  tree.m_inner.reserve(capacity);
  tree.m_child_hash.reserve(capacity);
  tree.m_root = tree.BuildRange(items.data(), items.size(), tree.m_root_hash);
  tree.m_size = items.size();
  return tree;
}

// `first[0..count)` sorted by key hash, count >= 1; stores the subtree's hash in `out`. Nodes are
// allocated in pre-order (leaves in key-hash order), so a subtree occupies one stretch of each arena.
StateTree::NodeRef StateTree::BuildRange(const KeyValueHash* first, std::size_t count, crypto::Hash256& out) {
  if (count == 1) {
    out = StateLeafHash(first->key_hash, first->value_hash);
    return NewLeaf(first->key_hash, first->value_hash);
  }
  // In a sorted run every hash shares the prefix that the first and last share, so their first
  // difference is the run's split bit; below it, the zeros come first.
  const std::uint8_t bit = CritBit(first[0].key_hash, first[count - 1].key_hash);
  const std::size_t split = static_cast<std::size_t>(
      std::partition_point(first, first + count, [bit](const KeyValueHash& kv) { return !KeyHashBit(kv.key_hash, bit); }) -
      first);
  const std::uint32_t node = NewInner(bit, NONE, NONE);
  crypto::Hash256 left_hash;
  crypto::Hash256 right_hash;
  const NodeRef left = BuildRange(first, split, left_hash);
  const NodeRef right = BuildRange(first + split, count - split, right_hash);
  m_inner[node] = Inner{{left, right}, bit, 0};
  m_child_hash[node] = ChildHashes{{left_hash, right_hash}};
  out = StateNodeHash(bit, left_hash, right_hash);
  return node;
}

// Diff order (key order) rather than key-hash order: sorting by key hash to share walk prefixes
// measured no faster, since the upper levels stay cache-resident anyway.
void StateTree::Apply(const StateDiff& diff) {
  for (const auto& write : diff.writes) {
    if (write.after) {
      const util::ByteSpan value(*write.after);
      Write(StateKeyHash(write.key), &value);
    } else {
      Write(StateKeyHash(write.key), nullptr);
    }
  }
}

void StateTree::Put(util::ByteSpan key, util::ByteSpan value) { Write(StateKeyHash(key), &value); }

void StateTree::Erase(util::ByteSpan key) { Write(StateKeyHash(key), nullptr); }

StateTree::NodeRef StateTree::WalkToLeaf(const crypto::Hash256& key_hash) {
  m_path.clear();
  NodeRef ref = m_root;
  while (ref != NONE && !IsLeaf(ref)) {
    m_path.push_back(ref);
    const Inner& node = m_inner[ref];
    ref = node.child[KeyHashBit(key_hash, node.bit)];
  }
  return ref;
}

crypto::Hash256& StateTree::HashSlot(const crypto::Hash256& key_hash, std::size_t depth) {
  if (depth == 0) return m_root_hash;
  const std::uint32_t parent = m_path[depth - 1];
  return m_child_hash[parent].hash[KeyHashBit(key_hash, m_inner[parent].bit)];
}

void StateTree::MarkPathStale(const crypto::Hash256& key_hash, std::size_t depth) {
  if (depth == 0) return;
  m_root_stale = true;
  for (std::size_t i = 0; i + 1 < depth; ++i) {
    Inner& node = m_inner[m_path[i]];
    node.stale |= static_cast<std::uint8_t>(KeyHashBit(key_hash, node.bit) ? 2 : 1);
  }
}

void StateTree::Write(const crypto::Hash256& key_hash, const util::ByteSpan* value) {
  const NodeRef reached = WalkToLeaf(key_hash);
  if (value == nullptr) {
    EraseWalked(key_hash, reached);
    return;
  }
  // The reached leaf is usually a cache miss: start loading it, and hash the value meanwhile.
  if (reached != NONE) __builtin_prefetch(&m_leaf[Index(reached)]);
  PutWalked(key_hash, StateValueHash(*value), reached);
}

void StateTree::PutWalked(const crypto::Hash256& key_hash, const crypto::Hash256& value_hash, NodeRef reached) {
  if (reached == NONE) {
    m_root = NewLeaf(key_hash, value_hash);
    m_root_hash = StateLeafHash(key_hash, value_hash);
    m_size = 1;
    return;
  }
  const std::uint32_t reached_index = Index(reached);
  if (m_leaf[reached_index].key_hash == key_hash) {
    if (m_leaf[reached_index].value_hash == value_hash) return;  // nothing changes, nothing to rehash
    m_leaf[reached_index].value_hash = value_hash;
    HashSlot(key_hash, m_path.size()) = StateLeafHash(key_hash, value_hash);
    MarkPathStale(key_hash, m_path.size());
    return;
  }

  // A new key: it splits from the reached leaf at `bit`. The walk passed no node splitting at `bit`
  // (the reached leaf would then agree with the key there), so the new node goes right above the first
  // node on the path that splits later, or above the leaf itself.
  const std::uint8_t bit = CritBit(key_hash, m_leaf[reached_index].key_hash);
  std::size_t depth = 0;
  while (depth < m_path.size() && m_inner[m_path[depth]].bit < bit) ++depth;
  const NodeRef displaced = depth < m_path.size() ? m_path[depth] : reached;
  // The displaced subtree moves below the new node with its hash, and with that hash's staleness.
  const crypto::Hash256 displaced_hash = HashSlot(key_hash, depth);
  bool displaced_stale = m_root_stale;
  if (depth > 0) {
    const Inner& parent = m_inner[m_path[depth - 1]];
    displaced_stale = ((parent.stale >> (KeyHashBit(key_hash, parent.bit) ? 1 : 0)) & 1) != 0;
  }
  const int side = KeyHashBit(key_hash, bit) ? 1 : 0;
  const NodeRef fresh = NewLeaf(key_hash, value_hash);
  const std::uint32_t node = side == 1 ? NewInner(bit, displaced, fresh) : NewInner(bit, fresh, displaced);
  m_inner[node].stale = static_cast<std::uint8_t>(displaced_stale ? 1U << (1 - side) : 0U);
  m_child_hash[node].hash[side] = StateLeafHash(key_hash, value_hash);
  m_child_hash[node].hash[1 - side] = displaced_hash;
  if (depth == 0) {
    m_root = node;
  } else {
    Inner& parent = m_inner[m_path[depth - 1]];
    parent.child[KeyHashBit(key_hash, parent.bit)] = node;
  }
  // Stale now: the new node's hash and those of the nodes above it.
  m_path.resize(depth);
  m_path.push_back(node);
  MarkPathStale(key_hash, m_path.size());
  ++m_size;
}

void StateTree::EraseWalked(const crypto::Hash256& key_hash, NodeRef reached) {
  if (reached == NONE || m_leaf[Index(reached)].key_hash != key_hash) return;
  m_free_leaf.push_back(Index(reached));
  --m_size;
  if (m_path.empty()) {
    m_root = NONE;
    m_root_hash = EmptyStateRoot();
    m_root_stale = false;
    return;
  }
  // The leaf's parent goes too; the sibling subtree, unchanged, takes the parent's place with its hash
  // and that hash's staleness.
  const std::uint32_t parent = m_path.back();
  const int sibling_side = KeyHashBit(key_hash, m_inner[parent].bit) ? 0 : 1;
  const NodeRef sibling = m_inner[parent].child[sibling_side];
  const crypto::Hash256 sibling_hash = m_child_hash[parent].hash[sibling_side];
  const bool sibling_stale = ((m_inner[parent].stale >> sibling_side) & 1) != 0;
  m_free_inner.push_back(parent);
  m_path.pop_back();
  HashSlot(key_hash, m_path.size()) = sibling_hash;
  if (m_path.empty()) {
    m_root = sibling;
    m_root_stale = sibling_stale;
    return;
  }
  Inner& grandparent = m_inner[m_path.back()];
  const int side = KeyHashBit(key_hash, grandparent.bit) ? 1 : 0;
  grandparent.child[side] = sibling;
  grandparent.stale = static_cast<std::uint8_t>((grandparent.stale & ~(1U << side)) | (sibling_stale ? 1U << side : 0U));
  MarkPathStale(key_hash, m_path.size());
}

const crypto::Hash256& StateTree::Root() {
  if (m_root_stale) {
    Rehash(m_root, m_root_hash);
    m_root_stale = false;
  }
  return m_root_hash;
}

// Post-order over the stale hashes only. Recursion depth is at most 256 (bit indices strictly
// increase downwards).
void StateTree::Rehash(std::uint32_t inner, crypto::Hash256& out) {
  const Inner node = m_inner[inner];
  ChildHashes& hashes = m_child_hash[inner];  // no allocation happens below: the reference stays valid
  // Start loading what the stale children need before descending into the first of them.
  for (int side = 0; side < 2; ++side) {
    if (((node.stale >> side) & 1) != 0) {
      __builtin_prefetch(&m_inner[node.child[side]]);
      __builtin_prefetch(&m_child_hash[node.child[side]]);
    }
  }
  for (int side = 0; side < 2; ++side) {
    if (((node.stale >> side) & 1) != 0) Rehash(node.child[side], hashes.hash[side]);
  }
  out = StateNodeHash(node.bit, hashes.hash[0], hashes.hash[1]);
  m_inner[inner].stale = 0;
}

std::optional<crypto::Hash256> StateTree::ValueHash(util::ByteSpan key) const {
  const crypto::Hash256 key_hash = StateKeyHash(key);
  NodeRef ref = m_root;
  while (ref != NONE && !IsLeaf(ref)) {
    const Inner& node = m_inner[ref];
    ref = node.child[KeyHashBit(key_hash, node.bit)];
  }
  if (ref == NONE || m_leaf[Index(ref)].key_hash != key_hash) return std::nullopt;
  return m_leaf[Index(ref)].value_hash;
}

StateProof StateTree::Prove(util::ByteSpan key) {
  Root();
  const crypto::Hash256 key_hash = StateKeyHash(key);
  const NodeRef reached = WalkToLeaf(key_hash);
  StateProof proof;
  proof.steps.reserve(m_path.size());
  for (const std::uint32_t inner : m_path) {
    const std::uint8_t bit = m_inner[inner].bit;
    proof.steps.push_back({bit, m_child_hash[inner].hash[KeyHashBit(key_hash, bit) ? 0 : 1]});
  }
  if (reached != NONE && m_leaf[Index(reached)].key_hash != key_hash) {
    const Leaf& leaf = m_leaf[Index(reached)];
    proof.other_leaf = StateProofLeaf{leaf.key_hash, leaf.value_hash};
  }
  return proof;
}

std::size_t StateTree::MemoryUsage() const {
  return m_inner.capacity() * sizeof(Inner) + m_child_hash.capacity() * sizeof(ChildHashes) +
         m_leaf.capacity() * sizeof(Leaf) +
         (m_free_inner.capacity() + m_free_leaf.capacity() + m_path.capacity()) * sizeof(std::uint32_t);
}

StateTree::NodeRef StateTree::NewLeaf(const crypto::Hash256& key_hash, const crypto::Hash256& value_hash) {
  std::uint32_t index = 0;
  if (!m_free_leaf.empty()) {
    index = m_free_leaf.back();
    m_free_leaf.pop_back();
    m_leaf[index] = Leaf{key_hash, value_hash};
  } else {
    // LEAF_FLAG | 0x7FFFFFFF would be NONE.
    if (m_leaf.size() >= LEAF_FLAG - 1) ArenaFull();
    index = static_cast<std::uint32_t>(m_leaf.size());
    m_leaf.push_back(Leaf{key_hash, value_hash});
  }
  return index | LEAF_FLAG;
}

std::uint32_t StateTree::NewInner(std::uint8_t bit, NodeRef left, NodeRef right) {
  const Inner node{{left, right}, bit, 0};
  if (!m_free_inner.empty()) {
    const std::uint32_t index = m_free_inner.back();
    m_free_inner.pop_back();
    m_inner[index] = node;
    return index;
  }
  if (m_inner.size() >= LEAF_FLAG) ArenaFull();
  m_inner.push_back(node);
  m_child_hash.emplace_back();
  return static_cast<std::uint32_t>(m_inner.size() - 1);
}

}  // namespace cairn::state
