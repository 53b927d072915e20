#include "consensus/proposer_schedule.h"

#include "util/checked_math.h"

namespace cairn::consensus {
namespace {

void AppendU64Le(util::Bytes& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

util::Bytes VrfInput(const crypto::Hash256& parent_seed, chain::Slot slot) {
  util::Bytes alpha(parent_seed.bytes.begin(), parent_seed.bytes.end());
  AppendU64Le(alpha, slot);
  return alpha;
}

std::optional<chain::ValidatorIndex> ProposerForSlot(std::span<const WeightedValidator> active_set,
                                                     const crypto::Hash256& seed, chain::Slot slot) {
  std::uint64_t total = 0;
  for (const auto& v : active_set) {
    const auto sum = util::CheckedAdd(total, v.stake);
    if (!sum) return std::nullopt;  // cannot happen for real stakes (the supply fits in 64 bits)
    total = *sum;
  }
  if (total == 0) return std::nullopt;
  const crypto::Hash256 r = crypto::TaggedHash("proposer", VrfInput(seed, slot));
  std::uint64_t x = 0;
  for (int i = 0; i < 8; ++i) x |= static_cast<std::uint64_t>(r.bytes[static_cast<std::size_t>(i)]) << (8 * i);
  // Scaling a 64-bit uniform value into [0, total) by multiplication has no modulo bias worth the name
  // (at most total / 2^64) and needs no retry loop.
  __extension__ using U128 = unsigned __int128;
  const auto target = static_cast<std::uint64_t>((static_cast<U128>(x) * total) >> 64);
  std::uint64_t cumulative = 0;
  for (const auto& v : active_set) {
    cumulative += v.stake;
    if (cumulative > target) return v.index;
  }
  return std::nullopt;  // unreachable: target < total
}

}  // namespace cairn::consensus
