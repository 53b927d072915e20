// Shared helpers of test_wallet_tx: a build context on the rules harness's test chain and one input of
// every payload kind (each proposal kind separately).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chain/address.h"
#include "chain/params.h"
#include "rules_harness.h"
#include "wallet/tx_builder.h"

namespace cairn::test {

inline constexpr std::string_view TX_HRP = chain::TESTNET_HRP;

inline std::string AddrText(std::uint32_t seed) { return chain::EncodeAddress(SeedAddress(seed), TX_HRP); }

inline wallet::BuildContext TxContext(std::uint64_t min_fee_rate = 3) {
  wallet::BuildContext ctx;
  ctx.chain_id = chain::ChainId::Unchecked("cairn-test");
  for (std::size_t i = 0; i < ctx.genesis_hash.size(); ++i) ctx.genesis_hash.bytes[i] = static_cast<std::uint8_t>(i * 7 + 1);
  ctx.hrp = std::string(TX_HRP);
  ctx.params = TestParams();
  ctx.params.min_fee_rate = min_fee_rate;
  return ctx;
}

inline std::string GovernableParamName() {
  for (const auto& info : chain::ParamTable()) {
    if (info.governable == chain::Governable::Yes && info.kind == chain::ParamKind::Slots) return std::string(info.name);
  }
  return {};
}

// (label, input, expected chain payload kind): every kind the wallet builds.
inline std::vector<std::pair<std::string, wallet::PayloadInput>> EveryWalletInput() {
  using namespace wallet;
  std::vector<std::pair<std::string, PayloadInput>> out;
  out.emplace_back("transfer", TransferInput{AddrText(2), 12 * chain::COIN});
  out.emplace_back("register_validator",
                   RegisterValidatorInput{SeedKey(1, KeyRole::Consensus).public_key(), SeedKey(1, KeyRole::Vrf).public_key(),
                                          500, 1'000 * chain::COIN, "rock", "https://example.org"});
  out.emplace_back("edit_validator", EditValidatorInput{std::uint16_t{600}, std::string("pebble"), std::string()});
  out.emplace_back("delegate", DelegateInput{AddrText(10), 5 * chain::COIN});
  out.emplace_back("undelegate", UndelegateInput{AddrText(10), 2 * chain::COIN});
  out.emplace_back("redelegate", RedelegateInput{AddrText(10), AddrText(11), 1 * chain::COIN});
  out.emplace_back("claim_rewards_one", ClaimRewardsInput{AddrText(10)});
  out.emplace_back("claim_rewards_all", ClaimRewardsInput{});
  out.emplace_back("unjail", UnjailInput{});
  out.emplace_back("proposal_text", SubmitProposalInput{TextProposalInput{}, "Hello", "A text proposal.\nTwo lines.", 1'000});
  out.emplace_back("proposal_param",
                   SubmitProposalInput{ParameterChangeInput{GovernableParamName(), 40}, "Longer votes", "", 1'000});
  out.emplace_back("proposal_treasury",
                   SubmitProposalInput{TreasurySpendInput{AddrText(3), 7 * chain::COIN}, "Pay the docs", "", 1'000});
  out.emplace_back("proposal_upgrade", SubmitProposalInput{UpgradeSignalInput{"1.2.0", 5'000}, "Upgrade", "", 1'000});
  out.emplace_back("deposit", DepositInput{1, 500});
  out.emplace_back("gov_vote", GovVoteInput{1, "Veto"});
  return out;
}

}  // namespace cairn::test
