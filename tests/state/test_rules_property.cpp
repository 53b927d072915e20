// Property test: seeded random sequences of valid blocks with every transaction kind. After each block:
// supply == genesis + issued - burned - slashed; the holdings (balances, bonded, unbonding, escrow,
// treasury, reward pools) sum to the supply exactly; the diff's inverse restores the parent state
// (all checked by RulesChain::Apply).
#include <QTest>

#include <random>

#include "rules_harness.h"
#include "test_registry.h"

using namespace cairn;
using test::SeedAddress;

namespace {

// Out of line: g++ 12 reports a false null dereference when the string moves are inlined.
[[gnu::noinline]] chain::Payload RandomProposal(std::uint64_t which, std::uint64_t value, chain::Amount deposit) {
  chain::SubmitProposal p;
  p.title = "t";
  p.deposit = deposit;
  if (which == 1) {
    p.kind = chain::ParameterChange{value % 2 ? "max_validators" : "inflation_bps", value};
  } else if (which == 2) {
    p.kind = chain::TreasurySpend{SeedAddress(1), value % 200 + 1};
  } else if (which == 3) {
    p.kind = chain::UpgradeSignal{"v2", 1000};
  }
  return p;
}

chain::Payload RandomPayload(std::mt19937_64& rng, const test::RulesChain& c, std::uint32_t& sender) {
  auto pick = [&](std::uint64_t n) { return static_cast<std::uint64_t>(rng() % n); };
  const std::uint32_t validators[] = {10, 11, 12, 13, 14};
  const chain::Address val = SeedAddress(validators[pick(5)]);
  const chain::Amount amount = 1 + pick(50'000);
  const chain::ProposalId last_id = c.globals().next_proposal_id - 1;
  const chain::ProposalId pid = last_id == 0 ? 1 : 1 + pick(last_id);
  sender = static_cast<std::uint32_t>(1 + pick(6));
  switch (pick(14)) {
    case 0: case 1: case 2: return chain::Transfer{SeedAddress(static_cast<std::uint32_t>(1 + pick(8))), amount};
    case 3: return chain::Delegate{val, amount};
    case 4: return chain::Undelegate{val, 1 + pick(5'000)};
    case 5: return chain::Redelegate{val, SeedAddress(validators[pick(5)]), 1 + pick(5'000)};
    case 6: return chain::ClaimRewards{pick(2) ? std::optional<chain::Address>(val) : std::nullopt};
    case 7: {
      sender = validators[pick(5)];
      const auto cons = test::SeedKey(sender, test::KeyRole::Consensus).public_key();
      const auto vrf = test::SeedKey(sender, test::KeyRole::Vrf).public_key();
      return chain::RegisterValidator{cons, vrf, static_cast<std::uint16_t>(pick(2000)), 100 + pick(100'000), "r", ""};
    }
    case 8:
      sender = validators[pick(5)];
      return pick(2) ? chain::Payload{chain::Unjail{}}
                     : chain::Payload{chain::EditValidator{static_cast<std::uint16_t>(pick(2000)), std::nullopt, std::nullopt}};
    case 9: return RandomProposal(pick(4), 1 + pick(3000), 1 + pick(1500));
    case 10: return chain::Deposit{pid, 1 + pick(1000)};
    case 11: case 12:
      if (pick(2)) sender = validators[pick(5)];
      return chain::GovVote{pid, static_cast<chain::VoteOption>(pick(4))};
    default: {
      const std::uint32_t offender = validators[pick(3)];
      const chain::Slot slot = c.globals().last_slot;
      if (slot < 3 || !c.IndexOf(offender)) return chain::Transfer{SeedAddress(2), 1};
      switch (pick(3)) {
        case 0: return c.DoubleProposal(offender, slot - 1);
        case 1: return c.DoubleVote(offender, slot - 1);
        default: return c.SurroundVote(offender, slot - 1);
      }
    }
  }
}

}  // namespace

class TestRulesProperty : public QObject {
  Q_OBJECT

 private slots:
  void randomSequencesKeepSupply() {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      std::mt19937_64 rng(seed);
      chain::ChainParams p = test::TestParams();
      p.inflation_bps = 10000;
      p.slot_ms = 60'000;
      p.max_validators = 4;
      p.churn_limit = 1;
      p.min_deposit = 2000;
      test::RulesChain c(test::MakeTestGenesis(
          p, {{1, 1'000'000}, {2, 1'000'000}, {3, 1'000'000}, {4, 500'000}, {5, 10'000}, {6, 1}, {10, 1'000'000},
              {11, 1'000'000}, {12, 1'000'000}, {13, 1'000'000}, {14, 1'000'000}},
          {{10, 1'000'000'000, 1000}, {11, 800'000'000, 500}, {12, 600'000'000, 0}}));
      int applied_txs = 0;
      for (int block = 0; block < 120; ++block) {
        const chain::Slot slot = c.globals().last_slot + 1 + (rng() % 4 == 0 ? rng() % 5 : 0);
        std::vector<std::uint32_t> absent;
        if (rng() % 3 == 0) absent.push_back(static_cast<std::uint32_t>(10 + rng() % 5));
        const auto votes = c.VotesFor(slot - 1, absent);
        const chain::Slot finalized = rng() % 4 == 0 ? 0 : c.globals().last_slot;
        std::vector<chain::Transaction> txs;
        std::map<std::uint32_t, std::uint64_t> pending;  // txs per sender already in the block
        for (int n = 0; n < 6; ++n) {
          std::uint32_t sender = 0;
          chain::Payload payload = RandomPayload(rng, c, sender);
          auto candidate = txs;
          candidate.push_back(c.Tx(sender, payload, pending[sender]));
          const auto trial = state::ApplyBlock(c.state(), c.MakeBlock(slot, candidate, votes), c.genesis_hash(),
                                               c.NextContext(finalized), state::SigCheck::Verify);
          if (trial) {
            txs = std::move(candidate);
            ++pending[sender];
          }
        }
        const auto proposer_ok = state::ApplyBlock(c.state(), c.MakeBlock(slot, txs, votes), c.genesis_hash(),
                                                   c.NextContext(finalized), state::SigCheck::AlreadyVerified);
        if (!proposer_ok) continue;  // e.g. the default proposer was jailed by this block's assessment
        const auto r = c.Apply(c.MakeBlock(slot, txs, votes), finalized);
        QVERIFY2(r.has_value(), r ? "" : r.error().Message().c_str());
        applied_txs += static_cast<int>(txs.size());
      }
      QVERIFY2(applied_txs > 150, std::to_string(applied_txs).c_str());
      QVERIFY(c.globals().issued > 0);
    }
  }
};

CAIRN_REGISTER_TEST(TestRulesProperty);
#include "test_rules_property.moc"
