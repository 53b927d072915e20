// ValidatorWeights: the stake of each validator index for one staking period and their checked total
// (the active stake W of PROTOCOL.md section 5). Finality counts votes with it; the fork choice weighs
// latest votes with it.
// Thread safety: an immutable value after construction; share it freely.
// Failure: Make() refuses stakes whose sum overflows 64 bits; lookups of unknown indices return nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "chain/ids.h"
#include "util/result.h"

namespace cairn::consensus {

class ValidatorWeights {
 public:
  ValidatorWeights() = default;  // nobody has stake; W = 0 (nothing can be justified)

  // stakes[i] is validator i's active stake (0 for an inactive one). Fails if the sum overflows.
  static util::Result<ValidatorWeights, std::string> Make(std::vector<std::uint64_t> stakes);

  // Stake of a validator, nothing when the index is outside the registry.
  std::optional<std::uint64_t> StakeOf(chain::ValidatorIndex index) const {
    if (index >= m_stakes.size()) return std::nullopt;
    return m_stakes[index];
  }
  std::size_t Size() const { return m_stakes.size(); }
  std::uint64_t Total() const { return m_total; }
  const std::vector<std::uint64_t>& Stakes() const { return m_stakes; }

 private:
  std::vector<std::uint64_t> m_stakes;
  std::uint64_t m_total = 0;
};

// True iff 3 * weight >= 2 * total and total > 0 (128-bit arithmetic: never wraps).
[[nodiscard]] bool IsSupermajority(std::uint64_t weight, std::uint64_t total);

}  // namespace cairn::consensus
