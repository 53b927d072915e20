// State proofs: every honest proof verifies, every altered one fails, and the encoding is strict.
#include <QTest>

#include "state/state_proof.h"
#include "state/state_tree.h"
#include "test_registry.h"
#include "tree_test_util.h"

using namespace cairn;
using namespace cairn::test::tree;
using state::StateProof;
using state::StateTree;
using state::VerifyStateProof;

namespace {

struct Fixture {
  Map map;
  StateTree tree;
  std::vector<util::Bytes> absent;
};

Fixture MakeFixture(std::uint64_t seed, std::size_t size, std::size_t absent_count) {
  std::mt19937_64 rng(seed);
  Fixture f;
  f.map = RandomMap(rng, size);
  for (const auto& [k, v] : f.map) f.tree.Put(k, v);
  while (f.absent.size() < absent_count) {
    util::Bytes key = RandomBytes(rng, 1, 40);
    if (!f.map.contains(key)) f.absent.push_back(std::move(key));
  }
  return f;
}

std::optional<util::ByteSpan> Value(const util::Bytes& v) { return util::ByteSpan(v); }

// Every single-field alteration of `proof` that must stop it from proving (key, value) under root.
std::vector<std::pair<std::string, StateProof>> Tamperings(const StateProof& proof, const util::Bytes& other_key) {
  std::vector<std::pair<std::string, StateProof>> out;
  const auto add = [&](std::string what, const StateProof& p) { out.emplace_back(std::move(what), p); };
  for (std::size_t i = 0; i < proof.steps.size(); ++i) {
    const std::string at = "step " + std::to_string(i);
    for (const std::size_t byte : {std::size_t{0}, std::size_t{17}, std::size_t{31}}) {
      StateProof p = proof;
      p.steps[i].sibling.bytes[byte] ^= 0x01;
      add(at + " sibling byte " + std::to_string(byte), p);
    }
    for (const int delta : {-1, 1, 100}) {
      const int bit = proof.steps[i].bit_index + delta;
      if (bit < 0 || bit > 255) continue;
      StateProof p = proof;
      p.steps[i].bit_index = static_cast<std::uint8_t>(bit);
      add(at + " bit index " + std::to_string(delta), p);
    }
    StateProof removed = proof;
    removed.steps.erase(removed.steps.begin() + static_cast<std::ptrdiff_t>(i));
    add(at + " removed", removed);
    if (i + 1 < proof.steps.size()) {
      StateProof swapped = proof;
      std::swap(swapped.steps[i], swapped.steps[i + 1]);
      add(at + " swapped with the next", swapped);
    }
    StateProof duplicated = proof;
    duplicated.steps.insert(duplicated.steps.begin() + static_cast<std::ptrdiff_t>(i), proof.steps[i]);
    add(at + " duplicated", duplicated);
  }
  // Extended at either end by a plausible step.
  StateProof deeper = proof;
  deeper.steps.push_back({255, crypto::Sha256(util::AsBytes("x"))});
  add("extra step at the bottom", deeper);
  if (proof.steps.empty() || proof.steps.front().bit_index > 0) {
    StateProof higher;
    higher.steps.push_back({0, crypto::Sha256(util::AsBytes("y"))});
    higher.steps.insert(higher.steps.end(), proof.steps.begin(), proof.steps.end());
    higher.other_leaf = proof.other_leaf;
    add("extra step at the top", higher);
  }
  if (proof.other_leaf) {
    StateProof p = proof;
    p.other_leaf->key_hash.bytes[31] ^= 0x80;
    add("other leaf key hash", p);
    p = proof;
    p.other_leaf->value_hash.bytes[0] ^= 0x01;
    add("other leaf value hash", p);
    p = proof;
    std::swap(p.other_leaf->key_hash, p.other_leaf->value_hash);
    add("other leaf fields swapped", p);
    p = proof;
    p.other_leaf->key_hash = crypto::TaggedHash("state/key", other_key);
    add("other leaf replaced by another key's", p);
    p = proof;
    p.other_leaf.reset();
    add("other leaf dropped", p);
  } else {
    StateProof p = proof;
    p.other_leaf = state::StateProofLeaf{crypto::TaggedHash("state/key", other_key), crypto::Sha256({})};
    add("other leaf added", p);
  }
  return out;
}

}  // namespace

class TestStateProof : public QObject {
  Q_OBJECT

 private slots:
  void everyKeyProvesItsValue() {
    Fixture f = MakeFixture(11, 600, 0);
    const crypto::Hash256 root = f.tree.Root();
    for (const auto& [k, v] : f.map) {
      const StateProof proof = f.tree.Prove(k);
      QVERIFY(!proof.other_leaf);
      QVERIFY(VerifyStateProof(root, k, Value(v), proof));
      // The same proof cannot show another value, or absence.
      util::Bytes wrong = v;
      wrong.push_back(0);
      QVERIFY(!VerifyStateProof(root, k, Value(wrong), proof));
      QVERIFY(!VerifyStateProof(root, k, std::nullopt, proof));
    }
  }

  void absentKeysProveAbsence() {
    Fixture f = MakeFixture(12, 600, 600);
    const crypto::Hash256 root = f.tree.Root();
    for (const auto& key : f.absent) {
      const StateProof proof = f.tree.Prove(key);
      QVERIFY(proof.other_leaf.has_value());
      QVERIFY(VerifyStateProof(root, key, std::nullopt, proof));
      // Absent keys cannot be shown to hold anything.
      QVERIFY(!VerifyStateProof(root, key, Value(util::Bytes{}), proof));
      QVERIFY(!VerifyStateProof(root, key, Value(Text("v")), proof));
    }
    // A present key's exclusion proof cannot be made from an absent key's proof.
    for (std::size_t i = 0; i < 100; ++i) {
      const StateProof proof = f.tree.Prove(f.absent[i]);
      for (const auto& [k, v] : f.map) QVERIFY(!VerifyStateProof(root, k, std::nullopt, proof));
    }
  }

  void tinyTrees() {
    StateTree tree;
    const StateProof empty_proof = tree.Prove(Text("k"));
    QVERIFY(empty_proof.steps.empty() && !empty_proof.other_leaf);
    QVERIFY(VerifyStateProof(tree.Root(), Text("k"), std::nullopt, empty_proof));
    QVERIFY(!VerifyStateProof(tree.Root(), Text("k"), Value(Text("v")), empty_proof));
    // The empty tree's proof shows nothing under another root, nor with a step added.
    QVERIFY(!VerifyStateProof(crypto::Sha256({}), Text("k"), std::nullopt, empty_proof));
    StateProof padded = empty_proof;
    padded.steps.push_back({0, state::EmptyStateRoot()});
    QVERIFY(!VerifyStateProof(tree.Root(), Text("k"), std::nullopt, padded));

    tree.Put(Text("k"), Text("v"));
    const StateProof one = tree.Prove(Text("k"));
    QVERIFY(one.steps.empty() && !one.other_leaf);
    QVERIFY(VerifyStateProof(tree.Root(), Text("k"), Value(Text("v")), one));
    QVERIFY(!VerifyStateProof(tree.Root(), Text("k"), std::nullopt, one));
    const StateProof other = tree.Prove(Text("z"));
    QVERIFY(other.steps.empty() && other.other_leaf);
    QVERIFY(VerifyStateProof(tree.Root(), Text("z"), std::nullopt, other));
    QVERIFY(!VerifyStateProof(tree.Root(), Text("k"), std::nullopt, other));
    // The empty-tree proof fails against a non-empty root.
    QVERIFY(!VerifyStateProof(tree.Root(), Text("z"), std::nullopt, empty_proof));

    tree.Put(Text("j"), Text("w"));
    for (const char* key : {"j", "k"}) QCOMPARE(tree.Prove(Text(key)).steps.size(), std::size_t{1});
    QVERIFY(VerifyStateProof(tree.Root(), Text("j"), Value(Text("w")), tree.Prove(Text("j"))));
    QVERIFY(VerifyStateProof(tree.Root(), Text("q"), std::nullopt, tree.Prove(Text("q"))));
  }

  // Prove() must see updates made since the last Root().
  void proofsFollowUpdates() {
    Fixture f = MakeFixture(13, 200, 50);
    (void)f.tree.Root();
    const util::Bytes& key = f.map.begin()->first;
    f.tree.Put(key, Text("new"));
    f.tree.Erase(std::next(f.map.begin())->first);
    f.tree.Put(f.absent[0], Text("added"));
    const StateProof proof = f.tree.Prove(key);
    QVERIFY(VerifyStateProof(f.tree.Root(), key, Value(Text("new")), proof));
    QVERIFY(VerifyStateProof(f.tree.Root(), f.absent[0], Value(Text("added")), f.tree.Prove(f.absent[0])));
    QVERIFY(VerifyStateProof(f.tree.Root(), std::next(f.map.begin())->first, std::nullopt,
                             f.tree.Prove(std::next(f.map.begin())->first)));
  }

  void tamperedProofsFail() {
    Fixture f = MakeFixture(14, 400, 40);
    const crypto::Hash256 root = f.tree.Root();
    std::size_t checked = 0;
    std::size_t index = 0;
    for (const auto& [k, v] : f.map) {
      if (index++ % 10 != 0) continue;
      const StateProof proof = f.tree.Prove(k);
      QVERIFY(VerifyStateProof(root, k, Value(v), proof));
      for (const auto& [what, bad] : Tamperings(proof, f.absent[0])) {
        QVERIFY2(!VerifyStateProof(root, k, Value(v), bad), ("inclusion, " + what).c_str());
        QVERIFY2(!VerifyStateProof(root, k, std::nullopt, bad), ("inclusion as exclusion, " + what).c_str());
        ++checked;
      }
    }
    for (const auto& key : f.absent) {
      const StateProof proof = f.tree.Prove(key);
      QVERIFY(VerifyStateProof(root, key, std::nullopt, proof));
      for (const auto& [what, bad] : Tamperings(proof, f.map.begin()->first)) {
        QVERIFY2(!VerifyStateProof(root, key, std::nullopt, bad), ("exclusion, " + what).c_str());
        ++checked;
      }
    }
    QVERIFY(checked > 1000);
    // A proof checked against another root, or for a key with one bit of its bytes changed.
    const auto& [k, v] = *f.map.begin();
    const StateProof proof = f.tree.Prove(k);
    crypto::Hash256 other_root = root;
    other_root.bytes[5] ^= 1;
    QVERIFY(!VerifyStateProof(other_root, k, Value(v), proof));
    util::Bytes other_key = k;
    other_key[0] ^= 1;
    QVERIFY(!VerifyStateProof(root, other_key, Value(v), proof));
  }

  // A leaf that does not agree with the key's bits along the path cannot stand in as the leaf reached,
  // even when the hashes are made to chain (a malformed tree whose root someone signed).
  void misplacedOtherLeafFails() {
    const util::Bytes key = Text("key");
    const crypto::Hash256 kh = state::StateKeyHash(key);
    // Find a leaf hash that differs from kh at bit 0.
    util::Bytes other = Text("o0");
    while (state::KeyHashBit(state::StateKeyHash(other), 0) == state::KeyHashBit(kh, 0)) other.push_back('0');
    const crypto::Hash256 okh = state::StateKeyHash(other);
    const crypto::Hash256 ovh = state::StateValueHash(Text("v"));
    const crypto::Hash256 sibling = crypto::Sha256(util::AsBytes("s"));
    const crypto::Hash256 leaf = state::StateLeafHash(okh, ovh);
    const crypto::Hash256 root = state::KeyHashBit(kh, 0) ? state::StateNodeHash(0, sibling, leaf)
                                                          : state::StateNodeHash(0, leaf, sibling);
    StateProof proof;
    proof.steps.push_back({0, sibling});
    proof.other_leaf = state::StateProofLeaf{okh, ovh};
    QVERIFY(!VerifyStateProof(root, key, std::nullopt, proof));
  }

  // Hash-consistent paths whose bit indices do not strictly increase describe no crit-bit tree.
  void nonIncreasingBitIndicesFail() {
    const util::Bytes key = Text("key");
    const util::Bytes value = Text("value");
    const crypto::Hash256 kh = state::StateKeyHash(key);
    const crypto::Hash256 sibling = crypto::Sha256(util::AsBytes("s"));
    // A hash-consistent path with the given bit indices, root first; returns its root.
    const auto chain = [&](const std::vector<std::uint8_t>& bits, StateProof& proof) {
      crypto::Hash256 h = state::StateLeafHash(kh, state::StateValueHash(value));
      proof = StateProof{};
      for (auto it = bits.rbegin(); it != bits.rend(); ++it) {
        h = state::KeyHashBit(kh, *it) ? state::StateNodeHash(*it, sibling, h) : state::StateNodeHash(*it, h, sibling);
        proof.steps.push_back({*it, sibling});
      }
      std::reverse(proof.steps.begin(), proof.steps.end());
      return h;
    };
    for (const auto& bits : std::vector<std::vector<std::uint8_t>>{{5, 3}, {5, 5}, {9, 200, 7}}) {
      StateProof proof;
      const crypto::Hash256 root = chain(bits, proof);
      QVERIFY(!VerifyStateProof(root, key, Value(value), proof));
    }
    // The same construction with increasing indices is accepted: only the order was at fault.
    StateProof proof;
    const crypto::Hash256 root = chain({3, 5, 200}, proof);
    QVERIFY(VerifyStateProof(root, key, Value(value), proof));
  }

  void encodingRoundTrips() {
    Fixture f = MakeFixture(15, 300, 100);
    std::vector<StateProof> proofs;
    for (const auto& [k, v] : f.map) proofs.push_back(f.tree.Prove(k));
    for (const auto& k : f.absent) proofs.push_back(f.tree.Prove(k));
    proofs.push_back(StateTree().Prove(Text("k")));
    for (const auto& proof : proofs) {
      const util::Bytes bytes = state::Encode(proof);
      QCOMPARE(bytes.size(), 1 + 33 * proof.steps.size() + 1 + (proof.other_leaf ? 64 : 0));
      const auto decoded = state::DecodeStateProof(bytes);
      QVERIFY(decoded.has_value());
      QVERIFY(*decoded == proof);
    }
    // The longest possible proof.
    StateProof longest;
    for (int bit = 0; bit < 256; ++bit) longest.steps.push_back({static_cast<std::uint8_t>(bit), crypto::Sha256({})});
    longest.other_leaf = state::StateProofLeaf{};
    const util::Bytes bytes = state::Encode(longest);
    QCOMPARE(bytes.size(), state::MAX_STATE_PROOF_BYTES);
    QVERIFY(*state::DecodeStateProof(bytes) == longest);
  }

  void decodingIsStrict() {
    Fixture f = MakeFixture(16, 100, 1);
    const util::Bytes good = state::Encode(f.tree.Prove(f.absent[0]));
    QVERIFY(state::DecodeStateProof(good).has_value());
    for (std::size_t cut = 0; cut < good.size(); ++cut) QVERIFY(!state::DecodeStateProof(util::ByteSpan(good).first(cut)));

    util::Bytes trailing = good;
    trailing.push_back(0);
    QCOMPARE(state::DecodeStateProof(trailing).error().kind, chain::DecodeErrorKind::TrailingBytes);

    util::Bytes bad_bool = good;
    bad_bool[good.size() - 65] = 2;
    QCOMPARE(state::DecodeStateProof(bad_bool).error().kind, chain::DecodeErrorKind::InvalidBool);

    // Step 1's bit index equal to step 0's.
    QVERIFY(good[0] >= 2);
    util::Bytes repeated = good;
    repeated[1 + 33] = repeated[1];
    const auto e = state::DecodeStateProof(repeated);
    QCOMPARE(e.error().kind, chain::DecodeErrorKind::InvalidValue);
    QCOMPARE(e.error().field, std::string("state_proof.steps[1].bit_index"));

    // Counts: above 256, more than the input holds, and a non-minimal varint.
    util::Bytes too_many{0x81, 0x02};  // 257
    too_many.resize(2 + 257 * 33 + 1);
    QCOMPARE(state::DecodeStateProof(too_many).error().kind, chain::DecodeErrorKind::TooLong);
    QCOMPARE(state::DecodeStateProof(util::Bytes{5, 0, 0}).error().kind, chain::DecodeErrorKind::LengthExceedsInput);
    QCOMPARE(state::DecodeStateProof(util::Bytes{0x80, 0x00, 0x00}).error().kind,
             chain::DecodeErrorKind::NonCanonicalVarint);
    QVERIFY(state::DecodeStateProof(util::Bytes{0x00, 0x00}).has_value());  // the empty tree's proof
  }

  // Proof sizes in a 100,000-key state (the benchmark's account count).
  void proofSizes() {
    std::mt19937_64 rng(17);
    state::MemoryState mem;
    for (std::uint32_t i = 0; i < 100000; ++i) {
      util::Bytes key(21);
      key[0] = 'a';
      for (std::size_t j = 1; j < key.size(); ++j) key[j] = static_cast<std::uint8_t>(rng());
      mem.Put(key, util::Bytes(40, static_cast<std::uint8_t>(i)));
    }
    StateTree tree = StateTree::Build(mem);
    const crypto::Hash256 root = tree.Root();
    std::size_t total_steps = 0;
    std::size_t max_steps = 0;
    std::size_t total_bytes = 0;
    std::size_t count = 0;
    for (const auto& [k, v] : mem.entries()) {
      if (count++ % 100 != 0) continue;
      const StateProof proof = tree.Prove(k);
      QVERIFY(VerifyStateProof(root, k, Value(v), proof));
      total_steps += proof.steps.size();
      max_steps = std::max(max_steps, proof.steps.size());
      total_bytes += state::Encode(proof).size();
    }
    const std::size_t proofs = (count + 99) / 100;
    qInfo("100k keys: mean %.1f steps (max %zu), mean %.0f bytes per inclusion proof",
          static_cast<double>(total_steps) / static_cast<double>(proofs), max_steps,
          static_cast<double>(total_bytes) / static_cast<double>(proofs));
    QVERIFY(total_steps / proofs < 24);  // log2(100000) ~ 16.6, plus the random trie's ~1.3 extra levels
  }
};

CAIRN_REGISTER_TEST(TestStateProof);

#include "test_state_proof.moc"
