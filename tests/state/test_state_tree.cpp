// The state tree's root against an independent reference, over every way of reaching a state.
#include <QTest>

#include "state/state_tree.h"
#include "test_registry.h"
#include "tree_test_util.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::test::tree;
using state::StateDiff;
using state::StateTree;

namespace {

StateTree PutAll(const Map& map) {
  StateTree tree;
  for (const auto& [k, v] : map) tree.Put(k, v);
  return tree;
}

// A diff from `from` to `to` (sorted by key, no no-ops), as the state transition would produce.
StateDiff DiffBetween(const Map& from, const Map& to) {
  StateDiff diff;
  std::map<util::Bytes, int> keys;
  for (const auto& [k, v] : from) keys[k];
  for (const auto& [k, v] : to) keys[k];
  for (const auto& [k, unused] : keys) {
    const auto a = from.find(k);
    const auto b = to.find(k);
    std::optional<util::Bytes> before = a == from.end() ? std::nullopt : std::optional(a->second);
    std::optional<util::Bytes> after = b == to.end() ? std::nullopt : std::optional(b->second);
    if (before != after) diff.writes.push_back({k, before, after});
  }
  return diff;
}

// Roughly a quarter each of inserts, updates and deletes, the rest untouched.
Map Mutate(std::mt19937_64& rng, const Map& map, std::size_t inserts) {
  Map out;
  for (const auto& [k, v] : map) {
    switch (rng() % 4) {
      case 0: break;  // deleted
      case 1: out[k] = RandomBytes(rng, 0, 64); break;
      default: out[k] = v;
    }
  }
  for (std::size_t i = 0; i < inserts; ++i) out[RandomBytes(rng, 1, 40)] = RandomBytes(rng, 0, 64);
  return out;
}

std::string Hex(const crypto::Hash256& h) { return util::ToHex(h.span()); }

}  // namespace

class TestStateTree : public QObject {
  Q_OBJECT

 private slots:
  void emptyTree() {
    StateTree tree;
    QCOMPARE(tree.size(), std::size_t{0});
    QCOMPARE(tree.Root(), crypto::TaggedHash("state/empty", {}));
    QCOMPARE(tree.Root(), state::EmptyStateRoot());
    QCOMPARE(StateTree::Build(state::MemoryState{}).Root(), state::EmptyStateRoot());
    tree.Erase(Text("absent"));
    QCOMPARE(tree.Root(), state::EmptyStateRoot());
    QVERIFY(!tree.ValueHash(Text("absent")));
  }

  // Computed with an independent Python script (SPEC.md "State tree"): pins the exact hashing.
  void knownAnswers() {
    QCOMPARE(Hex(StateTree().Root()), std::string("7ce6959155573e486e85942bba7bc4042ada3cb6227512efe89fdf8eb617a1ab"));
    StateTree one;
    one.Put(Text("alpha"), Text("1"));
    QCOMPARE(Hex(one.Root()), std::string("2833b6a538fbebffa88392ea08bfd2efd4e3da4044dc9587e54b7180cf24a155"));
    Map five{{Text("alpha"), Text("1")}, {Text("beta"), Text("2")}, {Text("gamma"), Text("3")},
             {util::Bytes{}, util::Bytes{}}, {Text("delta"), util::Bytes(300, 'x')}};
    QCOMPARE(Hex(PutAll(five).Root()), std::string("bc8a1d12fb7317b952423b8bddfdb692d6cb7346e2be84fffbe27c15e1e0a352"));
    QCOMPARE(Hex(StateTree::Build(ToMemoryState(five)).Root()), Hex(PutAll(five).Root()));
    QCOMPARE(Hex(ReferenceRoot(five)), Hex(PutAll(five).Root()));
  }

  void matchesReferenceForEverySmallSize() {
    std::mt19937_64 rng(1);
    for (std::size_t n = 0; n <= 300; ++n) {
      const Map map = RandomMap(rng, n);
      const crypto::Hash256 expected = ReferenceRoot(map);
      StateTree tree = PutAll(map);
      QCOMPARE(tree.size(), n);
      QVERIFY2(tree.Root() == expected, ("size " + std::to_string(n)).c_str());
      StateTree built = StateTree::Build(ToMemoryState(map));
      QCOMPARE(built.size(), n);
      QVERIFY2(built.Root() == expected, ("built, size " + std::to_string(n)).c_str());
    }
  }

  void matchesReferenceForLargeSets() {
    std::mt19937_64 rng(2);
    for (const std::size_t n : {2000u, 5000u}) {
      const Map map = RandomMap(rng, n);
      const crypto::Hash256 expected = ReferenceRoot(map);
      QCOMPARE(PutAll(map).Root(), expected);
      QCOMPARE(StateTree::Build(ToMemoryState(map)).Root(), expected);
    }
  }

  void rootIndependentOfOrderAndPath() {
    std::mt19937_64 rng(3);
    const Map map = RandomMap(rng, 1000);
    const crypto::Hash256 expected = ReferenceRoot(map);

    std::vector<std::pair<util::Bytes, util::Bytes>> items(map.begin(), map.end());
    StateTree reversed;
    for (auto it = items.rbegin(); it != items.rend(); ++it) reversed.Put(it->first, it->second);
    QCOMPARE(reversed.Root(), expected);

    // Shuffled, asking for the root now and then so later updates land on partly clean paths.
    std::shuffle(items.begin(), items.end(), rng);
    StateTree shuffled;
    for (std::size_t i = 0; i < items.size(); ++i) {
      shuffled.Put(items[i].first, items[i].second);
      if (i % 37 == 0) (void)shuffled.Root();
    }
    QCOMPARE(shuffled.Root(), expected);

    // Through a diff from the empty state, and through a detour: other values first, then the real ones.
    StateTree applied;
    applied.Apply(DiffBetween({}, map));
    QCOMPARE(applied.Root(), expected);
    StateTree detour;
    for (const auto& [k, v] : items) detour.Put(k, Text("placeholder"));
    (void)detour.Root();
    for (const auto& [k, v] : items) detour.Put(k, v);
    QCOMPARE(detour.Root(), expected);

    QCOMPARE(StateTree::Build(ToMemoryState(map)).Root(), expected);
  }

  void deletingEverythingGivesTheEmptyRoot() {
    std::mt19937_64 rng(4);
    Map map = RandomMap(rng, 700);
    StateTree tree = PutAll(map);
    std::vector<util::Bytes> keys;
    for (const auto& [k, v] : map) keys.push_back(k);
    std::shuffle(keys.begin(), keys.end(), rng);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      tree.Erase(keys[i]);
      map.erase(keys[i]);
      QCOMPARE(tree.size(), map.size());
      if (i % 50 == 0) QCOMPARE(tree.Root(), ReferenceRoot(map));
    }
    QCOMPARE(tree.size(), std::size_t{0});
    QCOMPARE(tree.Root(), state::EmptyStateRoot());

    // Freed slots are reused; the tree is as good as new.
    const std::size_t memory = tree.MemoryUsage();
    const Map again = RandomMap(rng, 700);
    for (const auto& [k, v] : again) tree.Put(k, v);
    QCOMPARE(tree.Root(), ReferenceRoot(again));
    QVERIFY(tree.MemoryUsage() <= memory + 4096);
  }

  void builtTreeUpdatesIncrementally() {
    std::mt19937_64 rng(5);
    Map map = RandomMap(rng, 2000);
    StateTree tree = StateTree::Build(ToMemoryState(map));
    for (int round = 0; round < 5; ++round) {
      const Map next = Mutate(rng, map, 300);
      tree.Apply(DiffBetween(map, next));
      map = next;
      QCOMPARE(tree.size(), map.size());
      QCOMPARE(tree.Root(), ReferenceRoot(map));
    }
  }

  void applyThenInverseRestoresTheRoot() {
    std::mt19937_64 rng(6);
    const Map map = RandomMap(rng, 1500);
    state::MemoryState mem = ToMemoryState(map);
    StateTree tree = StateTree::Build(mem);
    const crypto::Hash256 original = tree.Root();
    for (int round = 0; round < 4; ++round) {
      const Map next = Mutate(rng, map, 400);
      const StateDiff diff = DiffBetween(map, next);
      QVERIFY(mem.Apply(diff).has_value());
      tree.Apply(diff);
      QCOMPARE(tree.Root(), ReferenceRoot(next));
      QVERIFY(tree.Root() != original);
      QVERIFY(mem.Apply(state::Inverse(diff)).has_value());
      tree.Apply(state::Inverse(diff));
      QCOMPARE(tree.size(), map.size());
      QCOMPARE(tree.Root(), original);
    }
  }

  void noOpWritesKeepTheRoot() {
    std::mt19937_64 rng(7);
    const Map map = RandomMap(rng, 100);
    StateTree tree = PutAll(map);
    const crypto::Hash256 root = tree.Root();
    for (const auto& [k, v] : map) tree.Put(k, v);
    tree.Erase(Text("not a key of the map: keys are at most 40 bytes long, this one is longer"));
    QCOMPARE(tree.Root(), root);
    QCOMPARE(tree.size(), map.size());
  }

  void emptyKeysAndValuesAreOrdinary() {
    StateTree tree;
    tree.Put(util::Bytes{}, util::Bytes{});
    tree.Put(Text("k"), util::Bytes{});
    QCOMPARE(tree.Root(), ReferenceRoot({{util::Bytes{}, util::Bytes{}}, {Text("k"), util::Bytes{}}}));
    QCOMPARE(*tree.ValueHash(util::Bytes{}), crypto::TaggedHash("state/value", {}));
    tree.Erase(util::Bytes{});
    QCOMPARE(tree.Root(), ReferenceRoot({{Text("k"), util::Bytes{}}}));
  }

  void copiesAreIndependentSnapshots() {
    std::mt19937_64 rng(8);
    const Map map = RandomMap(rng, 300);
    StateTree tree = PutAll(map);
    tree.Put(Text("pending"), Text("dirty path"));  // copied while dirty
    StateTree copy = tree;
    const crypto::Hash256 root = tree.Root();
    copy.Erase(Text("pending"));
    QCOMPARE(copy.Root(), ReferenceRoot(map));
    QCOMPARE(tree.Root(), root);
    StateTree moved = std::move(copy);
    QCOMPARE(moved.Root(), ReferenceRoot(map));
  }

  // Seeded random operations against a std::map and the reference root.
  void randomOperationSequences() {
    for (std::uint64_t seed = 100; seed < 108; ++seed) {
      std::mt19937_64 rng(seed);
      // Odd seeds start from a small built tree (down to a single leaf), even ones from empty.
      Map model = seed % 2 == 1 ? RandomMap(rng, seed % 4) : Map{};
      StateTree tree = StateTree::Build(ToMemoryState(model));
      std::vector<util::Bytes> known;  // keys seen, so updates and deletes hit present keys often
      for (const auto& [k, v] : model) known.push_back(k);
      for (int op = 0; op < 3000; ++op) {
        const auto pick_known = [&] { return known[rng() % known.size()]; };
        switch (const auto kind = rng() % 10; kind) {
          case 0: case 1: case 2: case 3: {  // insert or overwrite a fresh key; 1 byte keys repeat often
            util::Bytes key = RandomBytes(rng, 1, (rng() % 4 == 0) ? 1 : 20);
            util::Bytes value = RandomBytes(rng, 0, 50);
            tree.Put(key, value);
            model[key] = value;
            known.push_back(std::move(key));
            break;
          }
          case 4: case 5: {  // update a known key (present or already deleted)
            if (known.empty()) break;
            const util::Bytes key = pick_known();
            util::Bytes value = RandomBytes(rng, 0, 50);
            tree.Put(key, value);
            model[key] = value;
            break;
          }
          case 6: case 7: {  // erase a known key
            if (known.empty()) break;
            const util::Bytes key = pick_known();
            tree.Erase(key);
            model.erase(key);
            break;
          }
          case 8: {  // erase an absent key
            const util::Bytes key = RandomBytes(rng, 21, 30);
            tree.Erase(key);
            model.erase(key);
            break;
          }
          default: {  // a small diff
            Map next = model;
            for (int i = 0; i < 5 && !known.empty(); ++i) {
              const util::Bytes key = pick_known();
              if (rng() % 2) next.erase(key); else next[key] = RandomBytes(rng, 0, 10);
            }
            tree.Apply(DiffBetween(model, next));
            model = std::move(next);
          }
        }
        QCOMPARE(tree.size(), model.size());
        if (op % 97 == 0 || op == 2999) {
          const crypto::Hash256 root = tree.Root();
          QVERIFY2(root == ReferenceRoot(model), ("seed " + std::to_string(seed) + " op " + std::to_string(op)).c_str());
          for (int i = 0; i < 5 && !known.empty(); ++i) {
            const util::Bytes key = pick_known();
            const auto it = model.find(key);
            const std::optional<util::ByteSpan> value =
                it == model.end() ? std::nullopt : std::optional<util::ByteSpan>(it->second);
            QVERIFY(state::VerifyStateProof(root, key, value, tree.Prove(key)));
          }
        }
      }
      for (const auto& key : known) {
        const auto it = model.find(key);
        const auto stored = tree.ValueHash(key);
        QCOMPARE(stored.has_value(), it != model.end());
        if (stored) QCOMPARE(*stored, crypto::TaggedHash("state/value", it->second));
      }
    }
  }
};

CAIRN_REGISTER_TEST(TestStateTree);

#include "test_state_tree.moc"
