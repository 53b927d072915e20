// FinalityState: each vote-ignore rule, the 2/3 threshold per identical (source, target) link, the
// finalization rule, and copy-on-write tallies between sibling chains.
#include <QTest>

#include "consensus/finality.h"
#include "test_helpers.h"
#include "test_registry.h"

using namespace cairn;
using consensus::FinalityState;
using consensus::VoteOutcome;
using test::Id;

namespace {

// genesis(0) - a1(1) - a2(2) - a3(3) - a4(4);  a1 - b2(2)
test::FakeChain MakeChain() {
  test::FakeChain c;
  c.Add("genesis", 0);
  c.Add("a1", 1, "genesis");
  c.Add("a2", 2, "a1");
  c.Add("a3", 3, "a2");
  c.Add("a4", 4, "a3");
  c.Add("b2", 2, "a1");
  return c;
}

consensus::ValidatorWeights Weights(std::vector<std::uint64_t> stakes) {
  return consensus::ValidatorWeights::Make(std::move(stakes)).value();
}

chain::Vote V(chain::ValidatorIndex v, chain::Slot slot, const std::string& head, chain::Checkpoint target,
              chain::Checkpoint source) {
  return chain::Vote{v, slot, Id(head), target, source};
}

VoteOutcome One(const FinalityState& parent, const consensus::BlockRef& block, const chain::Vote& vote,
                const test::FakeChain& chain, const consensus::ValidatorWeights& w) {
  std::vector<VoteOutcome> outcomes;
  const std::vector<chain::Vote> votes{vote};
  (void)FinalityState::ForBlock(parent, block, votes, w, chain, &outcomes);
  return outcomes.at(0);
}

}  // namespace

class TestFinalityRules : public QObject {
  Q_OBJECT

 private slots:
  void ignoreRules() {
    const test::FakeChain c = MakeChain();
    const auto w = Weights({100, 100, 100});
    const FinalityState g = FinalityState::Genesis(c.Cp("genesis"));
    const consensus::BlockRef at4{Id("x5"), 5, Id("a4")};
    const auto gen = c.Cp("genesis");

    QCOMPARE(One(g, at4, V(0, 2, "a2", c.Cp("a2"), gen), c, w), VoteOutcome::Counted);
    QCOMPARE(One(g, at4, V(0, 5, "a4", c.Cp("a4"), gen), c, w), VoteOutcome::NotBeforeBlock);
    QCOMPARE(One(g, at4, V(3, 2, "a2", c.Cp("a2"), gen), c, w), VoteOutcome::UnknownValidator);
    QCOMPARE(One(g, at4, V(0, 2, "a2", c.Cp("a2"), c.Cp("a2")), c, w), VoteOutcome::TargetNotAfterSource);
    QCOMPARE(One(g, at4, V(0, 2, "a2", gen, gen), c, w), VoteOutcome::TargetNotAfterSource);
    QCOMPARE(One(g, at4, V(0, 2, "a2", c.Cp("a2"), c.Cp("a1")), c, w), VoteOutcome::SourceNotJustified);
    QCOMPARE(One(g, at4, V(0, 2, "b2", c.Cp("b2"), gen), c, w), VoteOutcome::TargetNotInChain);
    // Target in the including chain, but not an ancestor of the voter's head (b2 forks at a1).
    QCOMPARE(One(g, at4, V(0, 2, "b2", c.Cp("a2"), gen), c, w), VoteOutcome::TargetNotInVoterChain);
    // A head the chain view does not know cannot vouch for the target.
    QCOMPARE(One(g, at4, V(0, 2, "zz", c.Cp("a2"), gen), c, w), VoteOutcome::TargetNotInVoterChain);
    // A checkpoint whose slot is not its block's slot is not in the chain.
    QCOMPARE(One(g, at4, V(0, 3, "a3", chain::Checkpoint{3, Id("a2")}, gen), c, w), VoteOutcome::TargetNotInChain);
  }

  void targetMustBeJustifiable() {
    // A long chain: slot 7 is not justifiable after finalized slot 0 (7 is neither <= 5, square nor pronic).
    test::FakeChain c;
    c.Add("genesis", 0);
    std::string parent = "genesis";
    for (int s = 1; s <= 8; ++s) {
      c.Add("c" + std::to_string(s), static_cast<chain::Slot>(s), parent);
      parent = "c" + std::to_string(s);
    }
    const auto w = Weights({100});
    const FinalityState g = FinalityState::Genesis(c.Cp("genesis"));
    const consensus::BlockRef block{Id("c9"), 9, Id("c8")};
    QCOMPARE(One(g, block, V(0, 7, "c7", c.Cp("c7"), c.Cp("genesis")), c, w), VoteOutcome::TargetNotJustifiable);
    QCOMPARE(One(g, block, V(0, 6, "c6", c.Cp("c6"), c.Cp("genesis")), c, w), VoteOutcome::Counted);
    QCOMPARE(One(g, block, V(0, 8, "c8", c.Cp("c8"), c.Cp("genesis")), c, w), VoteOutcome::TargetNotJustifiable);
  }

  void twoThirdsOfTheIdenticalLinkJustifies() {
    const test::FakeChain c = MakeChain();
    const auto w = Weights({100, 100, 101});  // W = 301: 200 is short (600 < 602), 201 is enough
    const FinalityState g = FinalityState::Genesis(c.Cp("genesis"));
    const auto gen = c.Cp("genesis");
    const consensus::BlockRef at3{Id("a3"), 3, Id("a2")};

    std::vector<chain::Vote> votes{V(0, 2, "a2", c.Cp("a2"), gen), V(1, 2, "a2", c.Cp("a2"), gen),
                                   V(1, 2, "a2", c.Cp("a2"), gen)};
    std::vector<VoteOutcome> outcomes;
    const FinalityState s1 = FinalityState::ForBlock(g, at3, votes, w, c, &outcomes);
    QCOMPARE(outcomes.at(2), VoteOutcome::AlreadyCounted);
    QCOMPARE(s1.LinkWeight(gen, c.Cp("a2")), std::uint64_t{200});
    QCOMPARE(s1.Justified(), gen);

    // Validator 2 votes genesis -> a1 instead: a different link, nothing adds up.
    const std::vector<chain::Vote> other{V(2, 2, "a2", c.Cp("a1"), gen)};
    const FinalityState s2 = FinalityState::ForBlock(s1, at3, other, w, c);
    QCOMPARE(s2.Justified(), gen);

    // With validator 2 on the same link, a2 is justified. Slot 1 is justifiable and lies between, so
    // genesis stays the finalized checkpoint (it is anyway): nothing new is finalized.
    const std::vector<chain::Vote> third{V(2, 2, "a2", c.Cp("a2"), gen)};
    const FinalityState s3 = FinalityState::ForBlock(s1, at3, third, w, c);
    QCOMPARE(s3.Justified(), c.Cp("a2"));
    QCOMPARE(s3.Finalized(), gen);
    QVERIFY(s3.IsJustified(c.Cp("a2")));
    QVERIFY(!s3.IsJustified(c.Cp("a1")));

    // Copy on write: the parent's tally did not see validator 2.
    QCOMPARE(s1.LinkWeight(gen, c.Cp("a2")), std::uint64_t{200});
    QCOMPARE(s3.LinkWeight(gen, c.Cp("a2")), std::uint64_t{301});
  }

  void consecutiveJustifiedLinkFinalizes() {
    const test::FakeChain c = MakeChain();
    const auto w = Weights({100, 100, 100});
    const auto gen = c.Cp("genesis");
    FinalityState s = FinalityState::Genesis(gen);
    const auto all = [&](chain::Slot slot, const std::string& head, chain::Checkpoint target, chain::Checkpoint source) {
      return std::vector<chain::Vote>{V(0, slot, head, target, source), V(1, slot, head, target, source),
                                      V(2, slot, head, target, source)};
    };
    // Block a2 carries the slot-1 votes genesis -> a1: a1 justified, genesis finalized (as before).
    s = FinalityState::ForBlock(s, {Id("a2"), 2, Id("a1")}, all(1, "a1", c.Cp("a1"), gen), w, c);
    QCOMPARE(s.Justified(), c.Cp("a1"));
    QCOMPARE(s.Finalized(), gen);
    // Block a3 carries a1 -> a2: no slot strictly between 1 and 2, so a1 is finalized.
    s = FinalityState::ForBlock(s, {Id("a3"), 3, Id("a2")}, all(2, "a2", c.Cp("a2"), c.Cp("a1")), w, c);
    QCOMPARE(s.Justified(), c.Cp("a2"));
    QCOMPARE(s.Finalized(), c.Cp("a1"));
    // Pending links of finalized targets are dropped; a vote at or below the finalized slot is stale.
    QCOMPARE(s.PendingLinks(), std::size_t{1});
    std::vector<VoteOutcome> outcomes;
    (void)FinalityState::ForBlock(s, {Id("a4"), 4, Id("a3")}, all(1, "a1", c.Cp("a1"), gen), w, c, &outcomes);
    QCOMPARE(outcomes.at(0), VoteOutcome::TargetFinalized);
  }

  void skippingAJustifiableSlotDoesNotFinalize() {
    const test::FakeChain c = MakeChain();
    const auto w = Weights({100});
    const auto gen = c.Cp("genesis");
    FinalityState s = FinalityState::Genesis(gen);
    s = FinalityState::ForBlock(s, {Id("a2"), 2, Id("a1")}, std::vector{V(0, 1, "a1", c.Cp("a1"), gen)}, w, c);
    QCOMPARE(s.Finalized(), gen);
    // a1 -> a3 skips slot 2 (justifiable): a3 is justified, a1 is not finalized.
    s = FinalityState::ForBlock(s, {Id("a4"), 4, Id("a3")}, std::vector{V(0, 3, "a3", c.Cp("a3"), c.Cp("a1"))}, w, c);
    QCOMPARE(s.Justified(), c.Cp("a3"));
    QCOMPARE(s.Finalized(), gen);
  }

  void zeroStakeJustifiesNothing() {
    const test::FakeChain c = MakeChain();
    const FinalityState g = FinalityState::Genesis(c.Cp("genesis"));
    const auto s = FinalityState::ForBlock(g, {Id("a2"), 2, Id("a1")},
                                           std::vector{V(0, 1, "a1", c.Cp("a1"), c.Cp("genesis"))}, Weights({0}), c);
    QCOMPARE(s.Justified(), c.Cp("genesis"));
  }
};

CAIRN_REGISTER_TEST(TestFinalityRules);
#include "test_finality_rules.moc"
