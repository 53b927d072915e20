// test_wallet_tx, pre-signing state checks (node/wallet/spendable.h) on a chain built by applying real
// blocks with the state rules' harness: a delegation, an unbonding, proposals in both periods, and a
// jailed validator.
#include <QTest>

#include <optional>
#include <string>

#include "state/keys.h"
#include "state/queries.h"
#include "test_registry.h"
#include "tx_test_util.h"
#include "wallet/spendable.h"

using namespace cairn;
using namespace cairn::wallet;

namespace {

constexpr chain::Amount COIN = chain::COIN;
constexpr std::uint32_t ALICE = 1, BOB = 2, VAL_A = 10, VAL_B = 11;

bool Contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

chain::Transaction MakeTx(const state::StateReader& s, std::uint32_t seed, chain::Payload payload, chain::Amount fee,
                          std::uint64_t nonce_offset = 0) {
  chain::Transaction tx;
  tx.chain_id = chain::ChainId::Unchecked("cairn-test");
  tx.sender = test::SeedKey(seed).public_key();
  tx.nonce = state::GetAccount(s, test::SeedAddress(seed)).nonce + nonce_offset;
  tx.fee = fee;
  tx.expiry_slot = 1'000'000;
  tx.payload = std::move(payload);
  return tx;
}

// Alice delegates 300 to A, then undelegates 100 (unbonding); Alice submits proposal 1 (deposit below
// min_deposit: deposit period) and proposal 2 (min_deposit reached: voting period).
struct Scenario {
  test::RulesChain chain;
  Scenario()
      : chain(test::MakeTestGenesis(test::TestParams(), {{ALICE, 1'000 * COIN}, {BOB, 50 * COIN}, {VAL_A, 10 * COIN}, {VAL_B, 10 * COIN}},
                                    {{VAL_A, 1'000 * COIN, 500}, {VAL_B, 1'000 * COIN, 500}})) {}
  bool Setup() {
    const auto step = [&](std::uint32_t seed, chain::Payload p) {
      auto r = chain.Next({chain.Tx(seed, std::move(p))});
      if (!r) qWarning("%s: %s", r.error().where.c_str(), r.error().reason.c_str());
      return r.has_value();
    };
    const std::uint64_t min_deposit = chain.params().min_deposit;
    return step(ALICE, chain::Delegate{test::SeedAddress(VAL_A), 300 * COIN}) &&
           step(ALICE, chain::Undelegate{test::SeedAddress(VAL_A), 100 * COIN}) &&
           step(ALICE, chain::SubmitProposal{chain::TextProposal{}, "one", "", min_deposit / 2}) &&
           step(ALICE, chain::SubmitProposal{chain::TextProposal{}, "two", "", min_deposit});
  }
  const state::StateReader& s() { return chain.state(); }
  chain::Slot head() { return chain.globals().last_slot; }
};

}  // namespace

class TestTxState : public QObject {
  Q_OBJECT

 private slots:
  void fundsExcludeBondedAndUnbonding() {
    Scenario sc;
    QVERIFY(sc.Setup());
    const AccountFunds f = ReadFunds(sc.s(), test::SeedAddress(ALICE));
    const chain::Amount deposits = sc.chain.params().min_deposit / 2 + sc.chain.params().min_deposit;
    // 1000 - 300 delegated - deposits: the 100 undelegated are unbonding, not back in the balance yet.
    QCOMPARE(f.balance, 700 * COIN - deposits);
    QCOMPARE(f.balance, state::GetAccount(sc.s(), test::SeedAddress(ALICE)).balance);
    QCOMPARE(f.bonded, 200 * COIN);
    QCOMPARE(f.unbonding, 100 * COIN);
    QCOMPARE(f.nonce, std::uint64_t{4});
    QCOMPARE(Spendable(f, {}).value_or(0), f.balance);
    // The operator's self bond counts as bonded for the operator.
    QCOMPARE(ReadFunds(sc.s(), test::SeedAddress(VAL_A)).bonded, 1'000 * COIN);
  }

  void insufficientFundsMessage() {
    Scenario sc;
    QVERIFY(sc.Setup());
    AccountFunds f = ReadFunds(sc.s(), test::SeedAddress(ALICE));
    f.balance = 10 * COIN;  // round numbers for the message
    chain::Transaction tx = MakeTx(sc.s(), ALICE, chain::Transfer{test::SeedAddress(BOB), 12 * COIN}, COIN / 2);
    auto r = CheckFunds(tx, f, {});
    QVERIFY(!r);
    QCOMPARE(r.error().kind, TxBuildErrorKind::InsufficientFunds);
    QCOMPARE(r.error().field, std::string("payload.amount"));
    QCOMPARE(r.error().message, std::string("payload.amount: needs 12.5 CAIRN (amount 12 + fee 0.5), spendable is 10 CAIRN; "
                                            "not spendable: 200 CAIRN bonded and 100 CAIRN unbonding"));
    // Exactly enough passes; one unit more fails.
    tx.payload = chain::Transfer{test::SeedAddress(BOB), 10 * COIN - COIN / 2};
    QVERIFY(CheckFunds(tx, f, {}).has_value());
    tx.fee += 1;
    QVERIFY(!CheckFunds(tx, f, {}).has_value());
    // Fee-only payloads name the fee.
    chain::Transaction vote = MakeTx(sc.s(), ALICE, chain::GovVote{2, chain::VoteOption::Yes}, 11 * COIN);
    auto fee_only = CheckFunds(vote, f, {});
    QVERIFY(!fee_only);
    QCOMPARE(fee_only.error().field, std::string("fee"));
    QVERIFY(Contains(fee_only.error().message, "needs 11 CAIRN (fee 11), spendable is 10 CAIRN"));
    // Self bond and deposits are named as such.
    chain::Transaction reg = MakeTx(sc.s(), ALICE,
                                    chain::RegisterValidator{test::SeedKey(ALICE, test::KeyRole::Consensus).public_key(),
                                                             test::SeedKey(ALICE, test::KeyRole::Vrf).public_key(), 0, 20 * COIN, "r", ""},
                                    0);
    QVERIFY(Contains(CheckFunds(reg, f, {}).error().message, "(self bond 20 + fee 0)"));
  }

  void pendingSpendsCount() {
    Scenario sc;
    QVERIFY(sc.Setup());
    const AccountFunds f = ReadFunds(sc.s(), test::SeedAddress(ALICE));
    const std::vector<chain::Transaction> pending = {
        MakeTx(sc.s(), ALICE, chain::Transfer{test::SeedAddress(BOB), f.balance - 100 * COIN}, 0, 0),
        // Already included (below the account nonce): not counted.
        MakeTx(sc.s(), ALICE, chain::Transfer{test::SeedAddress(BOB), 500 * COIN}, 0, 0),
    };
    std::vector<chain::Transaction> with_old = pending;
    with_old[1].nonce = f.nonce - 1;
    QCOMPARE(Spendable(f, with_old).value_or(0), 100 * COIN);
    chain::Transaction next = MakeTx(sc.s(), ALICE, chain::Transfer{test::SeedAddress(BOB), 150 * COIN}, 0, 1);
    auto r = CheckFunds(next, f, with_old);
    QVERIFY(!r);
    QVERIFY2(Contains(r.error().message, "spendable is 100 CAIRN (balance " + chain::FormatAmount(f.balance) + " CAIRN minus " +
                                             chain::FormatAmount(f.balance - 100 * COIN) + " CAIRN in pending transactions)"),
             r.error().message.c_str());
    // A replacement of the pending nonce does not count the tx it replaces.
    chain::Transaction replacement = MakeTx(sc.s(), ALICE, chain::Transfer{test::SeedAddress(BOB), f.balance - 1}, 1, 0);
    QVERIFY(CheckFunds(replacement, f, with_old).has_value());
    // Through the full check as well.
    QVERIFY(CheckAgainstState(sc.s(), sc.head(), replacement, with_old).has_value());
    QVERIFY(!CheckAgainstState(sc.s(), sc.head(), next, with_old).has_value());
  }

  void stakeChecks() {
    Scenario sc;
    QVERIFY(sc.Setup());
    const auto check = [&](chain::Payload p, std::vector<chain::Transaction> pending = {}) {
      return CheckAgainstState(sc.s(), sc.head(), MakeTx(sc.s(), ALICE, std::move(p), 0), pending);
    };
    const chain::Address a = test::SeedAddress(VAL_A), b = test::SeedAddress(VAL_B), nobody = test::SeedAddress(BOB);
    QVERIFY(check(chain::Undelegate{a, 200 * COIN}).has_value());
    auto over = check(chain::Undelegate{a, 200 * COIN + 1});
    QVERIFY(!over);
    QCOMPARE(over.error().kind, TxBuildErrorKind::InsufficientStake);
    QVERIFY2(Contains(over.error().message, "is more than the delegation's stake of 200 CAIRN"), over.error().message.c_str());
    // Pending undelegations and redelegations from the same validator reduce what is left.
    const std::vector<chain::Transaction> pending = {MakeTx(sc.s(), ALICE, chain::Undelegate{a, 120 * COIN}, 0, 0),
                                                     MakeTx(sc.s(), ALICE, chain::Redelegate{a, b, 30 * COIN}, 0, 1),
                                                     MakeTx(sc.s(), ALICE, chain::Undelegate{b, 500 * COIN}, 0, 2)};
    chain::Transaction third = MakeTx(sc.s(), ALICE, chain::Undelegate{a, 51 * COIN}, 0, 3);
    auto left = CheckAgainstState(sc.s(), sc.head(), third, pending);
    QVERIFY(!left);
    QVERIFY2(Contains(left.error().message, "stake of 50 CAIRN (200 CAIRN minus 150 CAIRN in pending transactions)"),
             left.error().message.c_str());
    third.payload = chain::Undelegate{a, 50 * COIN};
    QVERIFY(CheckAgainstState(sc.s(), sc.head(), third, pending).has_value());
    // Redelegate: source stake and a live target.
    QVERIFY(check(chain::Redelegate{a, b, 200 * COIN}).has_value());
    QCOMPARE(check(chain::Redelegate{a, b, 201 * COIN}).error().kind, TxBuildErrorKind::InsufficientStake);
    QCOMPARE(check(chain::Redelegate{b, a, 1}).error().kind, TxBuildErrorKind::InsufficientStake);  // no delegation to B
    auto no_target = check(chain::Redelegate{a, nobody, 1});
    QVERIFY(!no_target && no_target.error().field == "payload.to");
    auto no_source = check(chain::Undelegate{nobody, 1});
    QVERIFY(!no_source && no_source.error().kind == TxBuildErrorKind::NotAllowed);
    auto no_validator = check(chain::Delegate{nobody, 1});
    QVERIFY(!no_validator && Contains(no_validator.error().message, "no validator has this operator address"));
    QVERIFY(check(chain::Delegate{b, 1}).has_value());
    // Validator management needs (or must not have) a validator.
    QVERIFY(!check(chain::EditValidator{std::uint16_t{1}, {}, {}}).has_value());
    auto twice = CheckAgainstState(sc.s(), sc.head(),
                                   MakeTx(sc.s(), VAL_A,
                                          chain::RegisterValidator{test::SeedKey(VAL_A, test::KeyRole::Consensus).public_key(),
                                                                   test::SeedKey(VAL_A, test::KeyRole::Vrf).public_key(), 0,
                                                                   COIN, "again", ""},
                                          0),
                                   {});
    QVERIFY(!twice && Contains(twice.error().message, "already operates a validator"));
  }

  void tombstonedTargetRefused() {
    Scenario sc;
    QVERIFY(sc.Setup());
    const auto index = sc.chain.IndexOf(VAL_B);
    QVERIFY(index.has_value());
    state::Validator v = *state::GetValidator(sc.s(), *index);
    v.status = state::ValidatorStatus::Tombstoned;
    sc.chain.state().Put(state::ValidatorKey(*index).span(), state::Encode(v));
    auto r = CheckAgainstState(sc.s(), sc.head(), MakeTx(sc.s(), ALICE, chain::Delegate{test::SeedAddress(VAL_B), 1}, 0), {});
    QVERIFY(!r);
    QVERIFY(Contains(r.error().message, "is tombstoned"));
    auto unjail = CheckAgainstState(sc.s(), sc.head(), MakeTx(sc.s(), VAL_B, chain::Unjail{}, 0), {});
    QVERIFY(!unjail && Contains(unjail.error().message, "can never be unjailed"));
  }

  void unjailRules() {
    Scenario sc;
    QVERIFY(sc.Setup());
    const auto unjail = [&](std::uint32_t seed) {
      return CheckAgainstState(sc.s(), sc.head(), MakeTx(sc.s(), seed, chain::Unjail{}, 0), {});
    };
    auto not_operator = unjail(ALICE);
    QVERIFY(!not_operator && Contains(not_operator.error().message, "operates no validator"));
    auto not_jailed = unjail(VAL_A);
    QVERIFY(!not_jailed && Contains(not_jailed.error().message, "is not jailed"));
    // Jail validator B until two slots after the next one.
    const auto index = *sc.chain.IndexOf(VAL_B);
    state::Validator v = *state::GetValidator(sc.s(), index);
    v.status = state::ValidatorStatus::Jailed;
    v.jailed_until = sc.head() + 3;
    sc.chain.state().Put(state::ValidatorKey(index).span(), state::Encode(v));
    auto early = unjail(VAL_B);
    QVERIFY(!early);
    QCOMPARE(early.error().kind, TxBuildErrorKind::NotAllowed);
    QVERIFY2(Contains(early.error().message, "is jailed until slot " + std::to_string(sc.head() + 3)), early.error().message.c_str());
    // The tx lands in head + 1 at the earliest: allowed once head + 1 reaches jailed_until.
    QVERIFY(CheckAgainstState(sc.s(), sc.head() + 2, MakeTx(sc.s(), VAL_B, chain::Unjail{}, 0), {}).has_value());
    QVERIFY(!CheckAgainstState(sc.s(), sc.head() + 1, MakeTx(sc.s(), VAL_B, chain::Unjail{}, 0), {}).has_value());
  }

  void governancePeriods() {
    Scenario sc;
    QVERIFY(sc.Setup());
    QCOMPARE(state::GetProposal(sc.s(), 1)->status, state::ProposalStatus::DepositPeriod);
    QCOMPARE(state::GetProposal(sc.s(), 2)->status, state::ProposalStatus::VotingPeriod);
    const auto check = [&](chain::Payload p) {
      return CheckAgainstState(sc.s(), sc.head(), MakeTx(sc.s(), BOB, std::move(p), 0), {});
    };
    QVERIFY(check(chain::GovVote{2, chain::VoteOption::No}).has_value());
    auto vote_early = check(chain::GovVote{1, chain::VoteOption::No});
    QVERIFY(!vote_early);
    QCOMPARE(vote_early.error().field, std::string("payload.proposal_id"));
    QVERIFY2(Contains(vote_early.error().message, "proposal 1 is in status deposit_period; votes are accepted only in status voting_period"),
             vote_early.error().message.c_str());
    QVERIFY(check(chain::Deposit{1, 10}).has_value());
    auto deposit_late = check(chain::Deposit{2, 10});
    QVERIFY(!deposit_late && Contains(deposit_late.error().message, "deposits are accepted only in status deposit_period"));
    auto missing = check(chain::GovVote{99, chain::VoteOption::Yes});
    QVERIFY(!missing && Contains(missing.error().message, "there is no proposal 99"));
    // A deposit is still a spend: more than Bob has is refused before the period check.
    auto poor = check(chain::Deposit{1, 51 * COIN});
    QVERIFY(!poor && poor.error().kind == TxBuildErrorKind::InsufficientFunds);
    auto evidence = check(chain::Evidence{});
    QVERIFY(!evidence && evidence.error().kind == TxBuildErrorKind::Unsupported);
  }
};

CAIRN_REGISTER_TEST(TestTxState);

#include "test_tx_state.moc"
