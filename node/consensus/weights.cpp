#include "consensus/weights.h"

#include "util/checked_math.h"

namespace cairn::consensus {

util::Result<ValidatorWeights, std::string> ValidatorWeights::Make(std::vector<std::uint64_t> stakes) {
  std::uint64_t total = 0;
  for (const std::uint64_t stake : stakes) {
    const auto sum = util::CheckedAdd(total, stake);
    if (!sum) return util::Err(std::string("validator stakes overflow 64 bits"));
    total = *sum;
  }
  ValidatorWeights w;
  w.m_stakes = std::move(stakes);
  w.m_total = total;
  return w;
}

bool IsSupermajority(std::uint64_t weight, std::uint64_t total) {
  if (total == 0) return false;
  __extension__ using U128 = unsigned __int128;
  return static_cast<U128>(weight) * 3 >= static_cast<U128>(total) * 2;
}

}  // namespace cairn::consensus
