// Shared setup of the mempool tests: a real genesis state (rules harness), signed transfers at a chosen
// fee rate, a Verifier and a Mempool on the chain's head, and block application that moves the pool.
#pragma once

#include <QTest>

#include <memory>

#include "mempool/mempool.h"
#include "rules_harness.h"

namespace cairn::test {

inline constexpr std::uint32_t VALIDATOR_SEED = 200;
inline constexpr chain::Amount RICH = 1'000'000'000'000;  // balance of seeds 1..40
inline constexpr std::uint32_t POOR_SEED = 50;             // balance POOR_BALANCE
inline constexpr chain::Amount POOR_BALANCE = 100'000;

// TestParams with min_fee_rate 1 (so fee rates matter).
chain::ChainParams PoolParams();

struct PoolEnv {
  explicit PoolEnv(mempool::MempoolConfig config = {}, chain::ChainParams params = PoolParams(), std::size_t threads = 2);

  // Signed transfer of `amount` to seed 99 paying `rate` base units per encoded byte (exactly
  // rate * size), expiring at `expiry` (0: head slot + 1000).
  chain::Transaction Transfer(std::uint32_t seed, std::uint64_t nonce, std::uint64_t rate = 1, chain::Amount amount = 1,
                              chain::Slot expiry = 0) const;
  // Sets the fee to rate * size (the encoding's size depends on the fee's varint) and signs.
  void SignAtRate(chain::Transaction& tx, std::uint32_t seed, std::uint64_t rate) const;

  // Applies a block with `txs` at the next slot and moves the pool to it (with the block's diff, or
  // without when `with_diff` is false). Fails the test when the block is invalid.
  state::StateDiff NextBlock(const std::vector<chain::Transaction>& txs = {}, bool with_diff = true);
  chain::Slot Slot() const { return chain.globals().last_slot; }

  RulesChain chain;
  mempool::Verifier verifier;
  std::unique_ptr<mempool::Mempool> pool;
};

// Admission result as "ok:ready", "ok:future" or the error code name.
std::string Outcome(const mempool::AdmitResult& r);

}  // namespace cairn::test
