// Genesis -> initial ledger state, and the devnet genesis generator (PROTOCOL.md section 11).
//
// Thread safety: pure functions, callable from any thread.
// Failure: GenesisState fails (message naming the problem) for a genesis that ValidateGenesis rejects.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "chain/genesis.h"
#include "state/state_diff.h"

namespace cairn::state {

// Accounts with their balances; validators 0..n-1 in genesis order, each self-bonded by its operator
// (bonded supply in addition to balances); active sets of periods 0 and 1 = the top max_validators by
// stake; randomness seed and parent block id = the genesis hash; last slot and height 0.
util::Result<MemoryState, std::string> GenesisState(const chain::Genesis& genesis);

struct DevnetValidatorKeys {
  chain::Address operator_address;
  crypto::PublicKey consensus_pubkey;
  crypto::PublicKey vrf_pubkey;
  std::string moniker;  // 1..64 bytes
};

inline constexpr chain::Amount DEVNET_SELF_BOND = 1'000 * chain::COIN;
inline constexpr chain::Amount DEVNET_OPERATOR_BALANCE = 1'000'000 * chain::COIN;

// chain id "cairn-devnet", DevnetParams(), each validator self-bonded DEVNET_SELF_BOND with 5% commission
// and its operator funded with DEVNET_OPERATOR_BALANCE, plus `extra_accounts`.
chain::Genesis MakeDevnetGenesis(std::span<const DevnetValidatorKeys> validators, std::int64_t genesis_time_ms,
                                 std::span<const chain::GenesisAccount> extra_accounts = {});

}  // namespace cairn::state
