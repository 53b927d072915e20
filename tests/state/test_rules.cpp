// Unit tests per rule of the state transition: each happy path and each rejection's `where`.
#include <QTest>

#include "rules_harness.h"
#include "state/genesis_state.h"
#include "test_registry.h"

using namespace cairn;
using test::RulesChain;
using test::SeedAddress;

namespace {

constexpr chain::Amount BAL = 1'000'000;
constexpr chain::Amount BOND = 100'000;

// Validators with operator seeds 10, 11, 12; accounts 1, 2, 3.
chain::Genesis Genesis(chain::ChainParams p = test::TestParams()) {
  return test::MakeTestGenesis(p, {{1, BAL}, {2, BAL}, {3, BAL}, {10, BAL}, {11, BAL}, {12, BAL}},
                               {{10, BOND, 1000}, {11, BOND, 0}, {12, BOND, 0}});
}

std::string Where(const util::Result<state::StateDiff, state::BlockError>& r) { return r ? "(ok)" : r.error().where; }

#define EXPECT_OK(expr)                                                        \
  do {                                                                         \
    const auto r_ = (expr);                                                    \
    QVERIFY2(r_.has_value(), r_ ? "" : r_.error().Message().c_str());          \
  } while (0)

state::Account Acc(RulesChain& c, std::uint32_t seed) { return state::GetAccount(c.state(), SeedAddress(seed)); }

}  // namespace

class TestRules : public QObject {
  Q_OBJECT

 private slots:
  void genesisState() {
    RulesChain c(Genesis());
    const auto g = c.globals();
    QCOMPARE(g.supply, 6 * BAL + 3 * BOND);
    QCOMPARE(g.total_bonded, 3 * BOND);
    QCOMPARE(state::EffectiveActiveSet(c.state(), 0).size(), std::size_t{3});
    QVERIFY(test::CheckSupplyInvariants(c.state()).empty());
    chain::Genesis bad = Genesis();
    bad.validators.clear();
    QVERIFY(!state::GenesisState(bad));
  }

  void transferAndFees() {
    chain::ChainParams p = test::TestParams();
    p.min_fee_rate = 1;
    RulesChain c(Genesis(p));
    const auto tx = c.Tx(1, chain::Transfer{SeedAddress(2), 500});
    const auto proposer_before = Acc(c, 10).balance;
    EXPECT_OK(c.Apply(c.MakeBlock(1, {tx}, {}, {}, 0)));
    QCOMPARE(Acc(c, 1).balance, BAL - 500 - tx.fee);
    QCOMPARE(Acc(c, 1).nonce, std::uint64_t{1});
    QCOMPARE(Acc(c, 2).balance, BAL + 500);
    QCOMPARE(Acc(c, 10).balance, proposer_before + tx.fee);  // fees go to the proposer's operator
  }

  void transferRejections() {
    RulesChain c(Genesis());
    QCOMPARE(Where(c.Apply(c.MakeBlock(1, {c.Tx(1, chain::Transfer{SeedAddress(2), BAL + 1})}))),
             std::string("txs[0].payload.transfer.amount"));
    QCOMPARE(Where(c.Apply(c.MakeBlock(1, {c.Tx(1, chain::Transfer{SeedAddress(2), 1}, 1)}))), std::string("txs[0].nonce"));
    auto expired = c.Tx(1, chain::Transfer{SeedAddress(2), 1});
    expired.expiry_slot = 0;
    chain::SignTransaction(expired, test::SeedKey(1), c.genesis_hash());
    QCOMPARE(Where(c.Apply(c.MakeBlock(1, {expired}))), std::string("txs[0].expiry_slot"));
    auto forged = c.Tx(1, chain::Transfer{SeedAddress(2), 1});
    forged.signature.bytes[0] ^= 1;
    QCOMPARE(Where(c.Apply(c.MakeBlock(1, {forged}))), std::string("txs[0].signature"));
    // The same forged tx passes when the caller vouches for signatures.
    EXPECT_OK(c.Apply(c.MakeBlock(1, {forged}), {}, state::SigCheck::AlreadyVerified));
    // Poor sender: fee exceeds balance.
    chain::ChainParams p = test::TestParams();
    p.min_fee_rate = 1;
    RulesChain d(Genesis(p));
    QCOMPARE(Where(d.Apply(d.MakeBlock(1, {d.Tx(99, chain::Transfer{SeedAddress(2), 1})}))), std::string("txs[0].fee"));
  }

  void headerRules() {
    RulesChain c(Genesis());
    auto b = c.MakeBlock(1);
    b.header.header.height = 5;
    QCOMPARE(Where(c.Apply(b, {}, state::SigCheck::AlreadyVerified)), std::string("header.height"));
    b = c.MakeBlock(1);
    b.header.header.parent_hash.bytes[0] ^= 1;
    QCOMPARE(Where(c.Apply(b, {}, state::SigCheck::AlreadyVerified)), std::string("header.parent_hash"));
    QCOMPARE(Where(c.Apply(c.MakeBlock(1, {}, {}, {}, 7))), std::string("header.proposer_index"));
    EXPECT_OK(c.Apply(c.MakeBlock(2)));
    QCOMPARE(Where(c.Apply(c.MakeBlock(2))), std::string("header.slot"));
  }

  void stakingLifecycle() {
    RulesChain c(Genesis());
    const crypto::PublicKey cons = test::SeedKey(5, test::KeyRole::Consensus).public_key();
    const crypto::PublicKey vrf = test::SeedKey(5, test::KeyRole::Vrf).public_key();
    // Seed 1 registers a validator; a duplicate registration and consensus key are refused.
    EXPECT_OK(c.Next({c.Tx(1, chain::RegisterValidator{cons, vrf, 500, 1000, "one", ""})}));
    QCOMPARE(*c.IndexOf(1), chain::ValidatorIndex{3});
    QCOMPARE(Where(c.Next({c.Tx(1, chain::RegisterValidator{cons, vrf, 500, 1000, "one", ""})})),
             std::string("txs[0].payload.register_validator"));
    QCOMPARE(Where(c.Next({c.Tx(2, chain::RegisterValidator{cons, vrf, 500, 1000, "two", ""})})),
             std::string("txs[0].payload.register_validator.consensus_pubkey"));
    // Delegate, undelegate (unbonding), redelegate; rejections name the field.
    EXPECT_OK(c.Next({c.Tx(2, chain::Delegate{SeedAddress(10), 5000})}));
    QCOMPARE(state::DelegationStake(c.state(), SeedAddress(2), 0), chain::Amount{5000});
    QCOMPARE(Where(c.Next({c.Tx(2, chain::Delegate{SeedAddress(77), 5})})), std::string("txs[0].payload.delegate.validator"));
    QCOMPARE(Where(c.Next({c.Tx(2, chain::Delegate{SeedAddress(10), 10 * BAL})})), std::string("txs[0].payload.delegate.amount"));
    QCOMPARE(Where(c.Next({c.Tx(2, chain::Undelegate{SeedAddress(10), 5001})})), std::string("txs[0].payload.undelegate.amount"));
    QCOMPARE(Where(c.Next({c.Tx(2, chain::Undelegate{SeedAddress(11), 1})})), std::string("txs[0].payload.undelegate"));
    EXPECT_OK(c.Next({c.Tx(2, chain::Undelegate{SeedAddress(10), 2000})}));
    QCOMPARE(state::ListUnbondings(c.state()).size(), std::size_t{1});
    EXPECT_OK(c.Next({c.Tx(2, chain::Redelegate{SeedAddress(10), SeedAddress(11), 1000})}));
    QCOMPARE(state::DelegationStake(c.state(), SeedAddress(2), 0), chain::Amount{2000});
    QCOMPARE(state::DelegationStake(c.state(), SeedAddress(2), 1), chain::Amount{1000});
    const auto before = Acc(c, 2).balance;
    // Unbonding completes after unbonding_slots.
    const chain::Slot done = state::ListUnbondings(c.state())[0].completion_slot;
    EXPECT_OK(c.Apply(c.MakeBlock(done)));
    QCOMPARE(Acc(c, 2).balance, before + 2000);
    QVERIFY(state::ListUnbondings(c.state()).empty());
    // Edit: commission limited per day.
    EXPECT_OK(c.Next({c.Tx(10, chain::EditValidator{std::uint16_t{1050}, std::string("ten"), std::nullopt})}));
    QCOMPARE(state::GetValidator(c.state(), 0)->moniker, std::string("ten"));
    QCOMPARE(Where(c.Next({c.Tx(10, chain::EditValidator{std::uint16_t{1060}, std::nullopt, std::nullopt})})),
             std::string("txs[0].payload.edit_validator.commission_bps"));
    QCOMPARE(Where(c.Next({c.Tx(11, chain::EditValidator{std::uint16_t{5000}, std::nullopt, std::nullopt})})),
             std::string("txs[0].payload.edit_validator.commission_bps"));
    QCOMPARE(Where(c.Next({c.Tx(3, chain::EditValidator{std::nullopt, std::string("x"), std::nullopt})})),
             std::string("txs[0].payload.edit_validator"));
    QCOMPARE(Where(c.Next({c.Tx(3, chain::Unjail{})})), std::string("txs[0].payload.unjail"));
    QCOMPARE(Where(c.Next({c.Tx(10, chain::Unjail{})})), std::string("txs[0].payload.unjail"));
  }

  void rewardsAccrueAndClaim() {
    chain::ChainParams p = test::TestParams();
    p.inflation_bps = 10000;
    p.slot_ms = 60000;
    constexpr chain::Amount BIG = 1'000'000'000'000;
    RulesChain c(test::MakeTestGenesis(p, {{2, BIG}, {10, BIG}}, {{10, BIG, 1000}, {11, BIG, 0}, {12, BIG, 0}}));
    EXPECT_OK(c.Next({c.Tx(2, chain::Delegate{SeedAddress(10), BIG / 2})}));
    for (int i = 0; i < 5; ++i) EXPECT_OK(c.Next());
    const auto pending = state::PendingRewards(c.state(), SeedAddress(2), 0);
    QVERIFY(pending > 0);
    QVERIFY(c.globals().issued > 0);
    QVERIFY(c.globals().treasury > 0);
    const auto before = Acc(c, 2).balance;
    EXPECT_OK(c.Next({c.Tx(2, chain::ClaimRewards{SeedAddress(10)})}));
    QVERIFY(Acc(c, 2).balance >= before + pending);
    QCOMPARE(Where(c.Next({c.Tx(2, chain::ClaimRewards{SeedAddress(12)})})), std::string("txs[0].payload.claim_rewards.validator"));
    EXPECT_OK(c.Next({c.Tx(10, chain::ClaimRewards{})}));
  }

  void slashingEvidence() {
    RulesChain c(Genesis());
    EXPECT_OK(c.Next());
    EXPECT_OK(c.Next({c.Tx(2, chain::Delegate{SeedAddress(11), 10'000})}));
    EXPECT_OK(c.Next({c.Tx(2, chain::Undelegate{SeedAddress(11), 4'000})}));
    const auto tokens = state::GetValidator(c.state(), 1)->tokens;
    const auto wb = Acc(c, 3).balance;
    EXPECT_OK(c.Next({c.Tx(3, c.DoubleVote(11, 2))}));
    const auto v = *state::GetValidator(c.state(), 1);
    QCOMPARE(v.status, state::ValidatorStatus::Tombstoned);
    QVERIFY(v.tokens < tokens);
    QVERIFY(Acc(c, 3).balance > wb);                                            // whistleblower
    QVERIFY(state::ListUnbondings(c.state())[0].entry.amount < 4'000);           // unbonding reached
    QVERIFY(c.globals().slashed > 0);
    QCOMPARE(Where(c.Next({c.Tx(3, c.DoubleProposal(11, 2))})), std::string("txs[0].payload.evidence"));
    // Evidence in the block body; a bad signature is refused.
    EXPECT_OK(c.Apply(c.MakeBlock(c.globals().last_slot + 1, {}, {}, {c.SurroundVote(12, 3)})));
    QCOMPARE(state::GetValidator(c.state(), 2)->status, state::ValidatorStatus::Tombstoned);
    auto forged = c.DoubleProposal(10, 3);
    std::get<chain::DoubleProposal>(forged.offence).a.signature.bytes[1] ^= 1;
    QCOMPARE(Where(c.Apply(c.MakeBlock(c.globals().last_slot + 1, {}, {}, {forged}))), std::string("evidence[0]"));
  }

  void votesRules() {
    RulesChain c(Genesis());
    EXPECT_OK(c.Next());
    EXPECT_OK(c.Next());
    auto votes = c.VotesFor(2);
    votes.push_back(votes[0]);
    const std::string dup = Where(c.Apply(c.MakeBlock(3, {}, votes)));
    QVERIFY2(dup.find("votes[") != std::string::npos, dup.c_str());
    EXPECT_OK(c.Apply(c.MakeBlock(3, {}, c.VotesFor(2))));
    QCOMPARE(Where(c.Apply(c.MakeBlock(4, {}, c.VotesFor(2)))), std::string("votes[0]"));  // already counted
    QCOMPARE(Where(c.Apply(c.MakeBlock(40, {}, c.VotesFor(3)))), std::string("votes[0].slot"));  // too old
  }

  void downtimeJailAndUnjail() {
    RulesChain c(Genesis());
    for (int i = 0; i < 25; ++i) EXPECT_OK(c.Next({}, {12}));
    auto v = *state::GetValidator(c.state(), 2);
    QCOMPARE(v.status, state::ValidatorStatus::Jailed);
    QVERIFY(v.tokens < BOND);
    QCOMPARE(Where(c.Next({c.Tx(12, chain::Unjail{})}, {12})), std::string("txs[0].payload.unjail"));
    while (c.globals().last_slot < v.jailed_until) EXPECT_OK(c.Next({}, {12}));
    EXPECT_OK(c.Next({c.Tx(12, chain::Unjail{})}, {12}));
    QCOMPARE(state::GetValidator(c.state(), 2)->status, state::ValidatorStatus::Candidate);
  }

  void activeSetChurn() {
    chain::ChainParams p = test::TestParams();
    p.max_validators = 2;
    p.churn_limit = 1;
    RulesChain c(Genesis(p));
    QCOMPARE(state::GetActiveSet(c.state(), 0)->members, (std::vector<chain::ValidatorIndex>{0, 1}));
    EXPECT_OK(c.Next({c.Tx(2, chain::Delegate{SeedAddress(12), 50'000})}));
    while (c.globals().current_period < 1) EXPECT_OK(c.Next());
    // Computed at boundary 1, effective from period 2.
    QCOMPARE(state::GetActiveSet(c.state(), 2)->members, (std::vector<chain::ValidatorIndex>{0, 2}));
    QCOMPARE(state::GetActiveSet(c.state(), 1)->members, (std::vector<chain::ValidatorIndex>{0, 1}));
  }

  void governanceOutcomes() {
    RulesChain c(Genesis());
    // 1: parameter change passes; applied at the next boundary.
    EXPECT_OK(c.Next({c.Tx(1, chain::SubmitProposal{chain::ParameterChange{"max_validators", 50}, "p", "", 1000})}));
    QCOMPARE(state::GetProposal(c.state(), 1)->status, state::ProposalStatus::VotingPeriod);
    EXPECT_OK(c.Next({c.Tx(10, chain::GovVote{1, chain::VoteOption::Yes}), c.Tx(11, chain::GovVote{1, chain::VoteOption::Yes})}));
    QCOMPARE(Where(c.Next({c.Tx(1, chain::Deposit{1, 5})})), std::string("txs[0].payload.deposit.proposal_id"));
    QCOMPARE(Where(c.Next({c.Tx(1, chain::GovVote{9, chain::VoteOption::Yes})})), std::string("txs[0].payload.vote.proposal_id"));
    const chain::Slot end = state::GetProposal(c.state(), 1)->voting_end_slot;
    while (c.globals().last_slot < end) EXPECT_OK(c.Next());
    auto pr = *state::GetProposal(c.state(), 1);
    QCOMPARE(pr.status, state::ProposalStatus::Passed);
    QCOMPARE(pr.execution, state::Execution::Applied);
    QCOMPARE(c.params().max_validators, std::uint64_t{100});
    QVERIFY(state::GetPendingParams(c.state()));
    while (c.globals().current_period == chain::Slot{c.globals().last_slot / 8}) {
      EXPECT_OK(c.Next());
      if (!state::GetPendingParams(c.state())) break;
    }
    QCOMPARE(c.params().max_validators, std::uint64_t{50});
  }
};

CAIRN_REGISTER_TEST(TestRules);
#include "test_rules.moc"
