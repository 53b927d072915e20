// The transfer load shared by the node benchmarks (cairn-bench chain, net): deterministic funded
// accounts and a pre-signed set of transfers among them, made before the timed part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "chain/genesis.h"
#include "chain/transaction.h"
#include "crypto/ed25519.h"

namespace cairn::bench {

// The key of load account `i`; `tag` keeps the accounts of different benchmarks apart.
crypto::SecretKey LoadAccountKey(std::uint64_t i, std::uint8_t tag);

// `count` transfers among `accounts` (their genesis entries, in key order): tx k is sent by account
// k % accounts.size() with nonce k / accounts.size(), fee 10,000, to a spread of recipients. Signed
// on two threads; untimed setup.
std::vector<chain::Transaction> PresignTransfers(std::size_t count, const std::vector<chain::GenesisAccount>& accounts,
                                                 std::uint8_t tag, const chain::ChainId& chain_id,
                                                 const crypto::Hash256& genesis_hash);

// Finalized transfers per second over the steady window of a load: from the first finalization
// after `warmup_s` to the last one before `load_s` (seconds since the load began). `events` are
// (seconds since the load began, transfers finalized then). Rate and window are 0 without two events.
struct SteadyWindow {
  double rate = 0;
  double seconds = 0;
};
SteadyWindow SteadyFinalizedRate(const std::vector<std::pair<double, std::size_t>>& events, double warmup_s,
                                 double load_s);

}  // namespace cairn::bench
