// Who proposes a slot (PROTOCOL.md section 4): a stake-weighted sample over the active set, seeded by
// H("proposer" || seed || slot) where seed is the parent state's randomness mix; and what the
// proposer's ECVRF proof is computed over. Pure functions; any thread.
#pragma once

#include <optional>
#include <span>

#include "chain/ids.h"
#include "crypto/sha256.h"
#include "util/bytes.h"

namespace cairn::consensus {

struct WeightedValidator {
  chain::ValidatorIndex index = 0;
  std::uint64_t stake = 0;
};

// The proposer of `slot`. `active_set` must be in ascending index order (the state's canonical order);
// validators with zero stake are never chosen. Nothing when the set has no stake.
// r = first 8 bytes (little endian) of TaggedHash("proposer", seed || u64le(slot)); the chosen one is
// the first validator whose cumulative stake exceeds floor(r * total / 2^64).
std::optional<chain::ValidatorIndex> ProposerForSlot(std::span<const WeightedValidator> active_set,
                                                     const crypto::Hash256& seed, chain::Slot slot);

// The ECVRF input alpha for a block at `slot` on a parent whose randomness mix is `parent_seed`:
// parent_seed (32 bytes) || u64le(slot).
util::Bytes VrfInput(const crypto::Hash256& parent_seed, chain::Slot slot);

}  // namespace cairn::consensus
