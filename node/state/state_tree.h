// The authenticated state tree (PROTOCOL.md section 9, SPEC.md "State tree"): the commitment to the
// whole key->value state whose root goes into every block header.
//
// A crit-bit (PATRICIA) binary trie over key hashes kh = H("state/key", key): leaves sit at uniformly
// random positions whatever the keys, so depth is about log2(n) and cannot be pushed deep by a user
// choosing keys. The shape depends only on the set of key hashes, so the root depends only on the
// state's content, never on the order of updates. The tree stores per leaf only the key hash and the
// value hash: the state itself (MemoryState, storage) keeps the bytes.
//
// Updates are incremental: Put/Erase/Apply change the trie and mark the changed paths stale; Root()
// rehashes only those. Nodes live in index-based arenas (no per-node allocation), freed slots are
// reused. Costs (one core with SHA-NI): 140 bytes per key in use; Apply of a 10,000-write diff plus
// Root() in a 100,000-key tree 11-16 ms, of which ~8 ms is SHA-256 (three hashes per write, and ~38k
// inner nodes rehashed); Build of 1,000,000 keys about 1.1 s.
//
// Thread safety: not synchronized, and Root() and Prove() modify the tree (lazy rehashing), so every
// call needs exclusive access: one owner thread (the chain thread), or external locking. A copy is an
// independent deep snapshot (e.g. for building a candidate block), usable from another thread.
// Ownership: the tree copies what it needs; it keeps no reference to its arguments.
// Failure: nothing fails but allocation (std::bad_alloc); more than 2^31 leaves aborts (unreachable:
// that is > 200 GB of state). Keys and values may be any byte strings, empty included.
// Determinism: pure in-memory computation; no I/O, clock or floating point (DESIGN.md 3.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/sha256.h"
#include "state/state_diff.h"
#include "state/state_proof.h"
#include "util/bytes.h"

namespace cairn::state {

class StateTree {
 public:
  StateTree();  // empty
  // The tree of a whole state, for node start-up: sorts the key hashes once and builds the trie bottom
  // up, hashing every node exactly once (no per-key insertion).
  static StateTree Build(const MemoryState& state);

  // Sets each write's `after` (absent: erase). `before` is not checked: the tree holds only hashes;
  // MemoryState::Apply is the check that a diff belongs to the state.
  void Apply(const StateDiff& diff);
  void Put(util::ByteSpan key, util::ByteSpan value);
  void Erase(util::ByteSpan key);  // no-op when absent

  // The state root; rehashes only the paths changed since the last call. The reference stays valid
  // until the next non-const call.
  const crypto::Hash256& Root();
  std::size_t size() const { return m_size; }
  // The stored value hash for `key`, when present.
  std::optional<crypto::Hash256> ValueHash(util::ByteSpan key) const;

  // Proof for `key` (present or absent) under the current Root(); verify with VerifyStateProof.
  StateProof Prove(util::ByteSpan key);

  // Bytes reserved by the arenas (capacity, free slots included; unused capacity is address space
  // more than memory): for status and benchmarks.
  std::size_t MemoryUsage() const;

 private:
  // A child reference: an arena index with LEAF_FLAG set for the leaf arena; NONE for no node.
  using NodeRef = std::uint32_t;
  static constexpr NodeRef LEAF_FLAG = 0x80000000u;
  static constexpr NodeRef NONE = 0xFFFFFFFFu;

  // Topology apart from hashes: walks touch only these 12-byte records, which stay cache-resident far
  // longer than whole nodes would (1.2 MB for 100k keys).
  struct Inner {
    NodeRef child[2];      // child[b]: the keys whose hash has bit `bit` == b
    std::uint8_t bit;      // first bit where the two subtrees differ
    // Bit b set: child[b] is an inner node whose hash (in this node's ChildHashes) is stale. Kept in
    // the parent so that rehashing never loads a clean child just to learn it is clean.
    std::uint8_t stale;
  };
  struct alignas(64) Leaf {  // one cache line: the miss at the end of a walk fetches all of it
    crypto::Hash256 key_hash;
    crypto::Hash256 value_hash;
  };
  struct alignas(64) ChildHashes {
    crypto::Hash256 hash[2];
  };
  struct KeyValueHash;  // Build's sort record

  static bool IsLeaf(NodeRef ref) { return (ref & LEAF_FLAG) != 0; }
  static std::uint32_t Index(NodeRef ref) { return ref & ~LEAF_FLAG; }

  // The hash of the node at depth `depth` of the last walk lives in its parent's slot (the root's in
  // m_root_hash).
  crypto::Hash256& HashSlot(const crypto::Hash256& key_hash, std::size_t depth);
  // Walks from the root by `key_hash`'s bits, recording the inner nodes passed in m_path; returns the
  // leaf reached (NONE for an empty tree).
  NodeRef WalkToLeaf(const crypto::Hash256& key_hash);
  // Marks the hashes of the walk's first `depth` nodes stale (each in its parent, the first in
  // m_root_stale): what any change below them requires.
  void MarkPathStale(const crypto::Hash256& key_hash, std::size_t depth);
  // Put (value != nullptr) or erase one key, already hashed.
  void Write(const crypto::Hash256& key_hash, const util::ByteSpan* value);
  void PutWalked(const crypto::Hash256& key_hash, const crypto::Hash256& value_hash, NodeRef reached);
  void EraseWalked(const crypto::Hash256& key_hash, NodeRef reached);
  NodeRef NewLeaf(const crypto::Hash256& key_hash, const crypto::Hash256& value_hash);
  std::uint32_t NewInner(std::uint8_t bit, NodeRef left, NodeRef right);
  void Rehash(std::uint32_t inner, crypto::Hash256& out);
  NodeRef BuildRange(const KeyValueHash* first, std::size_t count, crypto::Hash256& out);

  std::vector<Inner> m_inner;
  // m_child_hash[i] holds the hashes of inner node i's two children: rehashing a node then reads one
  // cache line, and a leaf's hash needs no storage of its own. A slot is current unless its bit in the
  // node's `stale` mask is set (never for a leaf child).
  std::vector<ChildHashes> m_child_hash;
  std::vector<Leaf> m_leaf;
  std::vector<std::uint32_t> m_free_inner;
  std::vector<std::uint32_t> m_free_leaf;
  std::vector<std::uint32_t> m_path;  // scratch for walks: inner nodes from the root down
  NodeRef m_root = NONE;
  std::size_t m_size = 0;
  crypto::Hash256 m_root_hash;
  bool m_root_stale = false;  // m_root_hash needs a rehash (the root is then an inner node)
};

}  // namespace cairn::state
