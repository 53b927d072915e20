#include "state/state_proof.h"

#include <array>
#include <cstring>

namespace cairn::state {
namespace {

// A string literal's array includes its NUL, which is exactly the tag terminator of
// crypto::TaggedHash: copying the whole array yields the prefix "tag || 0x00".
template <std::size_t TAG_N>
crypto::Hash256 Tagged(const char (&tag)[TAG_N], util::ByteSpan data) {
  // One reused hasher per thread; assembling small messages in one buffer saves the per-call cost of
  // several digest updates, which is a sizable part of hashing 76 bytes.
  thread_local crypto::Sha256Hasher hasher;
  constexpr std::size_t BUFFER_BYTES = 256;
  static_assert(TAG_N < BUFFER_BYTES);
  if (data.size() <= BUFFER_BYTES - TAG_N) {
    std::array<std::uint8_t, BUFFER_BYTES> buffer;
    std::memcpy(buffer.data(), tag, TAG_N);
    if (!data.empty()) std::memcpy(buffer.data() + TAG_N, data.data(), data.size());
    return hasher.Write({buffer.data(), TAG_N + data.size()}).Finalize();
  }
  return hasher.Write({reinterpret_cast<const std::uint8_t*>(tag), TAG_N}).Write(data).Finalize();
}

constexpr std::uint8_t STEP_BYTES = 1 + 32;

}  // namespace

crypto::Hash256 StateKeyHash(util::ByteSpan key) { return Tagged("state/key", key); }

crypto::Hash256 StateValueHash(util::ByteSpan value) { return Tagged("state/value", value); }

crypto::Hash256 StateLeafHash(const crypto::Hash256& key_hash, const crypto::Hash256& value_hash) {
  std::array<std::uint8_t, 64> data;
  std::memcpy(data.data(), key_hash.data(), 32);
  std::memcpy(data.data() + 32, value_hash.data(), 32);
  return Tagged("state/leaf", data);
}

crypto::Hash256 StateNodeHash(std::uint8_t bit_index, const crypto::Hash256& left, const crypto::Hash256& right) {
  std::array<std::uint8_t, 65> data;
  data[0] = bit_index;
  std::memcpy(data.data() + 1, left.data(), 32);
  std::memcpy(data.data() + 33, right.data(), 32);
  return Tagged("state/node", data);
}

const crypto::Hash256& EmptyStateRoot() {
  static const crypto::Hash256 root = Tagged("state/empty", {});
  return root;
}

bool VerifyStateProof(const crypto::Hash256& root, util::ByteSpan key, std::optional<util::ByteSpan> value,
                      const StateProof& proof) {
  if (proof.steps.size() > MAX_STATE_PROOF_STEPS) return false;
  for (std::size_t i = 1; i < proof.steps.size(); ++i) {
    if (proof.steps[i].bit_index <= proof.steps[i - 1].bit_index) return false;
  }
  const crypto::Hash256 key_hash = StateKeyHash(key);

  // The leaf the walk ends at: the key's own for inclusion, another for exclusion.
  crypto::Hash256 leaf_key_hash;
  crypto::Hash256 leaf_value_hash;
  if (value) {
    if (proof.other_leaf) return false;
    leaf_key_hash = key_hash;
    leaf_value_hash = StateValueHash(*value);
  } else if (proof.other_leaf) {
    // A leaf carrying the key's own hash would be an inclusion: the key is present.
    if (proof.other_leaf->key_hash == key_hash) return false;
    leaf_key_hash = proof.other_leaf->key_hash;
    leaf_value_hash = proof.other_leaf->value_hash;
  } else {
    // Absent with no leaf: only the empty tree.
    return proof.steps.empty() && root == EmptyStateRoot();
  }

  // In a crit-bit tree every leaf below a node agrees with the path taken to it; a proof whose leaf
  // would sit on the wrong side of some node does not describe a well-formed tree.
  for (const auto& step : proof.steps) {
    if (KeyHashBit(leaf_key_hash, step.bit_index) != KeyHashBit(key_hash, step.bit_index)) return false;
  }

  crypto::Hash256 h = StateLeafHash(leaf_key_hash, leaf_value_hash);
  for (auto it = proof.steps.rbegin(); it != proof.steps.rend(); ++it) {
    h = KeyHashBit(key_hash, it->bit_index) ? StateNodeHash(it->bit_index, it->sibling, h)
                                            : StateNodeHash(it->bit_index, h, it->sibling);
  }
  return h == root;
}

util::Bytes Encode(const StateProof& proof) {
  chain::Writer w;
  w.Varint(proof.steps.size());
  for (const auto& step : proof.steps) {
    w.U8(step.bit_index);
    w.Fixed(step.sibling);
  }
  w.Bool(proof.other_leaf.has_value());
  if (proof.other_leaf) {
    w.Fixed(proof.other_leaf->key_hash);
    w.Fixed(proof.other_leaf->value_hash);
  }
  return w.Take();
}

util::Result<StateProof, chain::DecodeError> DecodeStateProof(util::ByteSpan bytes) {
  return chain::DecodeWhole<StateProof>(bytes, "state_proof", [](chain::Reader& r) {
    StateProof proof;
    const std::size_t count = r.Count("steps", MAX_STATE_PROOF_STEPS, STEP_BYTES);
    proof.steps.reserve(count);
    {
      chain::Reader::Field steps(r, "steps");
      for (std::size_t i = 0; i < count && r.ok(); ++i) {
        chain::Reader::Field f(r, i);
        const std::size_t start = r.offset();
        StateProofStep step;
        step.bit_index = r.U8("bit_index");
        step.sibling = r.Fixed<32>("sibling");
        if (!r.ok()) break;
        // Non-increasing indices cannot come from a tree walk; rejecting them here keeps one encoding
        // per proof.
        if (!proof.steps.empty() && step.bit_index <= proof.steps.back().bit_index) {
          r.FailAt(chain::DecodeErrorKind::InvalidValue, "bit_index", start, "bit indices must strictly increase");
        }
        proof.steps.push_back(step);
      }
    }
    if (r.Bool("has_other_leaf")) {
      chain::Reader::Field f(r, "other_leaf");
      StateProofLeaf leaf;
      leaf.key_hash = r.Fixed<32>("key_hash");
      leaf.value_hash = r.Fixed<32>("value_hash");
      proof.other_leaf = leaf;
    }
    return proof;
  });
}

}  // namespace cairn::state
