// Fee estimation for wallet transactions (PROTOCOL.md section 2: fee >= encoded size * min_fee_rate).
//
// The fee rate is max(min_fee_rate, next_block_rate) scaled by a FeeLevel:
//   Economy  100% : exactly what the pool says would make the next block now (never below the chain
//                   minimum); may wait a few blocks if the pool fills.
//   Normal   125% : a margin over the current next-block rate, so a tx still fits after a burst.
//   Priority 200% : for sends that must land now.
// Scaled rates are rounded up (never below the base). The fee is rate * Encode(tx).size(), computed on
// the tx with every field final (a signature is fixed width, so the unsigned tx with a placeholder
// signature has the signed size). The fee field is fixed width in today's encoding, but PriceTransaction
// still iterates until the size is stable, so a future variable-width fee cannot leave it one byte
// short.
//
// Thread safety: pure functions, callable from any thread.
// Failure: Overflow when rate * size does not fit in 64 bits (reported as nothing here; the builder
// turns it into a TxBuildError naming "fee").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "chain/amount.h"
#include "chain/transaction.h"

namespace cairn::wallet {

enum class FeeLevel : std::uint8_t { Economy = 0, Normal = 1, Priority = 2 };
std::string_view FeeLevelName(FeeLevel level);  // "economy", "normal", "priority"
// The level's multiplier in percent (100, 125, 200).
std::uint64_t FeeLevelPercent(FeeLevel level);

struct FeeQuote {
  std::uint64_t min_fee_rate = 0;     // the head's ChainParams::min_fee_rate
  std::uint64_t next_block_rate = 0;  // mempool::FeeEstimate::fee_rate (0 when the pool is empty)
  FeeLevel level = FeeLevel::Normal;
};

// ceil(max(min_fee_rate, next_block_rate) * percent / 100), never below min_fee_rate; nothing on overflow.
std::optional<std::uint64_t> EffectiveFeeRate(const FeeQuote& quote);

// Sets tx.fee = EffectiveFeeRate(quote) * Encode(tx).size(), re-measuring until the size no longer
// changes (at most a few rounds). Returns the fee, or nothing on overflow (tx.fee is then unchanged).
std::optional<chain::Amount> PriceTransaction(chain::Transaction& tx, const FeeQuote& quote);

}  // namespace cairn::wallet
