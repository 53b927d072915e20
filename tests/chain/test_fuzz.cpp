// Deterministic fuzz-style loop: random and mutated inputs to every decoder must never crash, and
// any success must re-encode to the identical bytes (one canonical encoding).
#include <QTest>

#include <random>

#include "chain_fixtures.h"

using namespace cairn;
using namespace cairn::chain;
using namespace cairn::test;

namespace {

template <class D>
int Probe(const util::Bytes& input, D decode) {
  auto r = decode(input);
  if (!r) return 0;
  if (Encode(*r) != input) {
    qWarning("non-canonical success on %zu bytes", input.size());
    return -1;
  }
  return 1;
}

util::Bytes Mutate(util::Bytes b, std::mt19937& rng) {
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 5) {
      case 0:
        if (!b.empty()) b[rng() % b.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:
        if (!b.empty()) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        break;
      case 2:
        if (!b.empty()) b.erase(b.begin() + static_cast<std::ptrdiff_t>(rng() % b.size()));
        break;
      case 3: b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng() % (b.size() + 1)), static_cast<std::uint8_t>(rng())); break;
      default:
        if (!b.empty()) b.resize(rng() % b.size());
        break;
    }
  }
  return b;
}

}  // namespace

class TestFuzz : public QObject {
  Q_OBJECT

 private slots:
  void mutatedInputsNeverDecodeNonCanonically() {
    std::mt19937 rng(20240601);
    std::vector<util::Bytes> seeds;
    for (const auto& p : AllPayloads()) seeds.push_back(Encode(MakeTx(p)));
    const util::Bytes block = Encode(MakeBlock());
    const util::Bytes vote = Encode(MakeVote(1, 5, 3, 4));
    const util::Bytes evidence = Encode(DoubleProposalEvidence());
    const util::Bytes genesis = Encode(MakeGenesis());
    int successes = 0;
    for (int i = 0; i < 4000; ++i) {
      const util::Bytes tx = Mutate(seeds[rng() % seeds.size()], rng);
      int r = Probe(tx, DecodeTransaction);
      QVERIFY(r >= 0);
      successes += r;
      if (i % 8 == 0) {
        r = Probe(Mutate(block, rng), DecodeBlock);
        QVERIFY(r >= 0);
        successes += r;
      }
      QVERIFY(Probe(Mutate(vote, rng), DecodeSignedVote) >= 0);
      QVERIFY(Probe(Mutate(evidence, rng), DecodeEvidence) >= 0);
      QVERIFY(Probe(Mutate(genesis, rng), DecodeGenesis) >= 0);
    }
    QVERIFY(successes > 0);  // some mutations (e.g. in amounts) must still decode
  }

  void randomInputsNeverCrash() {
    std::mt19937 rng(7);
    for (int i = 0; i < 4000; ++i) {
      util::Bytes b(rng() % 300);
      for (auto& x : b) x = static_cast<std::uint8_t>(rng());
      QVERIFY(Probe(b, DecodeTransaction) >= 0);
      QVERIFY(Probe(b, DecodeBlock) >= 0);
      QVERIFY(Probe(b, DecodeSignedVote) >= 0);
      QVERIFY(Probe(b, DecodeEvidence) >= 0);
      QVERIFY(Probe(b, DecodeGenesis) >= 0);
      QVERIFY(Probe(b, DecodeChainParams) >= 0);
    }
  }
};

int RunFuzzTests(int argc, char** argv) {
  TestFuzz t;
  return QTest::qExec(&t, argc, argv);
}

#include "test_fuzz.moc"
