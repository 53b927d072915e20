// ForkChoice / ProtoArray directly: weight propagation, ties to the higher root, latest-vote rule,
// equivocators, boost lifetime, pruning.
#include <QTest>

#include "consensus/fork_choice.h"
#include "test_helpers.h"
#include "test_registry.h"

using namespace cairn;
using consensus::Arrival;
using test::Id;

namespace {

consensus::ValidatorWeights Weights(std::vector<std::uint64_t> stakes) {
  return consensus::ValidatorWeights::Make(std::move(stakes)).value();
}

const chain::Checkpoint GENESIS{0, Id("genesis")};

// genesis - a1 - a2 ; genesis - b1
consensus::ForkChoice MakeTree(std::uint64_t boost_pct = 0) {
  consensus::ForkChoice fc(consensus::ForkChoiceConfig{boost_pct, 2}, Id("genesis"), 0);
  fc.SetWeights(Weights({10, 20, 30}));
  fc.OnTick(2);
  (void)fc.OnBlock(Id("a1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Late);
  (void)fc.OnBlock(Id("b1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Late);
  (void)fc.OnBlock(Id("a2"), Id("a1"), 2, GENESIS, GENESIS, Arrival::Late);
  return fc;
}

}  // namespace

class TestForkChoice : public QObject {
  Q_OBJECT

 private slots:
  void tieGoesToTheHigherRoot() {
    consensus::ForkChoice fc(consensus::ForkChoiceConfig{0, 2}, Id("genesis"), 0);
    fc.SetWeights(Weights({10}));
    fc.OnTick(1);
    QVERIFY(fc.OnBlock(Id("a1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Late));
    QVERIFY(fc.OnBlock(Id("b1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Late));
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("b1"));
  }

  void weightsPropagateAndLatestVoteWins() {
    consensus::ForkChoice fc = MakeTree();
    QVERIFY(fc.OnVote(0, Id("a2"), 1));
    QVERIFY(fc.OnVote(1, Id("a1"), 1));
    QVERIFY(fc.OnVote(2, Id("b1"), 1));
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("b1"));  // 30 vs 10 + 20
    QCOMPARE(fc.Tree().Find(Id("a1"))->weight, std::uint64_t{30});
    // Validator 2 moves to a2 with a higher target; a same-target vote back to b1 is ignored.
    QVERIFY(fc.OnVote(2, Id("a2"), 2));
    QVERIFY(fc.OnVote(2, Id("b1"), 2));
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("a2"));
    QCOMPARE(fc.Tree().Find(Id("a1"))->weight, std::uint64_t{60});
    QCOMPARE(fc.Tree().Find(Id("b1"))->weight, std::uint64_t{0});
  }

  void unknownHeadAndValidatorAreErrors() {
    consensus::ForkChoice fc = MakeTree();
    QCOMPARE(fc.OnVote(0, Id("zz"), 1).error().kind, consensus::ForkChoiceErrorKind::UnknownHead);
    QCOMPARE(fc.OnVote(3, Id("a1"), 1).error().kind, consensus::ForkChoiceErrorKind::UnknownValidator);
  }

  void equivocatorWeighsZero() {
    consensus::ForkChoice fc = MakeTree();
    QVERIFY(fc.OnVote(2, Id("b1"), 1));
    QVERIFY(fc.OnVote(1, Id("a2"), 1));
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("b1"));
    fc.OnEquivocation(2);
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("a2"));
    QCOMPARE(fc.Tree().Find(Id("b1"))->weight, std::uint64_t{0});
    QVERIFY(fc.OnVote(2, Id("b1"), 5));  // accepted, but ignored
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("a2"));
    QVERIFY(fc.IsEquivocator(2));
  }

  void boostLastsOneSlot() {
    consensus::ForkChoice fc(consensus::ForkChoiceConfig{50, 2}, Id("genesis"), 0);
    fc.SetWeights(Weights({10, 20, 30}));  // boost = 30
    fc.OnTick(1);
    QVERIFY(fc.OnBlock(Id("b1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Late));
    QVERIFY(fc.OnBlock(Id("a1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Timely));
    QVERIFY(fc.OnBlock(Id("c1"), Id("genesis"), 1, GENESIS, GENESIS, Arrival::Timely));  // second timely: none
    QVERIFY(fc.OnVote(1, Id("b1"), 1));
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("a1"));
    QCOMPARE(fc.Tree().Find(Id("a1"))->weight, std::uint64_t{30});
    fc.OnTick(2);
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("b1"));
    QCOMPARE(fc.Tree().Find(Id("a1"))->weight, std::uint64_t{0});
  }

  void pruneKeepsDescendantsOfFinalized() {
    consensus::ForkChoice fc = MakeTree();
    QVERIFY(fc.OnVote(0, Id("a2"), 1));
    QVERIFY(fc.OnVote(2, Id("b1"), 1));
    QCOMPARE(fc.FindHead(GENESIS, GENESIS).value(), Id("b1"));
    const auto removed = fc.Prune(Id("a1"));
    QVERIFY(removed);
    QCOMPARE(removed->size(), std::size_t{2});  // genesis and b1
    QCOMPARE(fc.Tree().Size(), std::size_t{2});
    const chain::Checkpoint a1{1, Id("a1")};
    QCOMPARE(fc.FindHead(a1, a1).value(), Id("a2"));
    QCOMPARE(fc.Tree().Find(Id("a1"))->weight, std::uint64_t{10});
    QVERIFY(!fc.Tree().Find(Id("a1"))->parent.has_value());
    QCOMPARE(fc.Tree().AncestorAtSlot(Id("a2"), 1), std::optional<chain::BlockId>(Id("a1")));
  }
};

CAIRN_REGISTER_TEST(TestForkChoice);
#include "test_fork_choice.moc"
