#include "wallet/fee_estimate.h"

#include <algorithm>

#include "util/checked_math.h"

namespace cairn::wallet {

std::string_view FeeLevelName(FeeLevel level) {
  switch (level) {
    case FeeLevel::Economy: return "economy";
    case FeeLevel::Normal: return "normal";
    case FeeLevel::Priority: return "priority";
  }
  return "unknown";
}

std::uint64_t FeeLevelPercent(FeeLevel level) {
  switch (level) {
    case FeeLevel::Economy: return 100;
    case FeeLevel::Normal: return 125;
    case FeeLevel::Priority: return 200;
  }
  return 100;
}

std::optional<std::uint64_t> EffectiveFeeRate(const FeeQuote& quote) {
  const std::uint64_t base = std::max(quote.min_fee_rate, quote.next_block_rate);
  // ceil(base * pct / 100) = floor((base * pct + 99) / 100), with a 128-bit intermediate in MulDiv.
  const auto scaled = util::CheckedMul(base, FeeLevelPercent(quote.level));
  if (!scaled) {
    // base * pct overflowed 64 bits: fall back to MulDiv's exact floor and round up by hand.
    const auto floor = util::MulDiv(base, FeeLevelPercent(quote.level), 100);
    if (!floor) return std::nullopt;
    return std::max(*floor, quote.min_fee_rate);
  }
  const std::uint64_t rate = *scaled / 100 + (*scaled % 100 != 0 ? 1 : 0);
  return std::max(rate, quote.min_fee_rate);
}

std::optional<chain::Amount> PriceTransaction(chain::Transaction& tx, const FeeQuote& quote) {
  const auto rate = EffectiveFeeRate(quote);
  if (!rate) return std::nullopt;
  chain::Transaction probe = tx;
  probe.fee = 0;  // placeholder: the smallest value, so the size can only grow from here
  std::size_t size = chain::Encode(probe).size();
  // Each round sets the fee for the last measured size. The size only grows between rounds and the
  // fee's width is bounded (u64), so this settles within a few rounds; the bound is a safety net. If
  // a wider size ever measured smaller again, the fee for the larger size is kept: it still covers
  // rate * actual size (at most a byte's worth more, never less).
  for (int round = 0; round < 16; ++round) {
    const auto fee = util::CheckedMul(*rate, static_cast<std::uint64_t>(size));
    if (!fee) return std::nullopt;
    probe.fee = *fee;
    const std::size_t measured = chain::Encode(probe).size();
    if (measured <= size) {
      tx.fee = *fee;
      return *fee;
    }
    size = measured;
  }
  return std::nullopt;
}

}  // namespace cairn::wallet
