// Small helpers shared by the ChainEngine's source files (chain_engine*.cpp); not for other users.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "chain/block.h"
#include "consensus/weights.h"
#include "state/queries.h"
#include "state/state_diff.h"
#include "util/hex.h"
#include "util/result.h"

namespace cairn::runtime::engine_detail {

inline std::string Short(const chain::BlockId& id) { return util::ToHex(id.span()).substr(0, 8); }

// The fork-choice/finality weights of `slot`'s effective active set, read from the state the block
// (or vote) of that slot builds on.
inline util::Result<consensus::ValidatorWeights, std::string> WeightsAt(const state::StateReader& s, chain::Slot slot) {
  const auto globals = state::GetGlobals(s);
  if (!globals) return util::Err(std::string("the state has no globals record"));
  std::vector<std::uint64_t> stakes(globals->next_validator_index, 0);
  for (const auto& v : state::EffectiveActiveSet(s, slot)) {
    if (v.index < stakes.size()) stakes[v.index] = v.tokens;
  }
  return consensus::ValidatorWeights::Make(std::move(stakes));
}

inline std::vector<chain::Vote> PlainVotes(const chain::Block& block) {
  std::vector<chain::Vote> votes;
  votes.reserve(block.body.votes.size());
  for (const auto& v : block.body.votes) votes.push_back(v.vote);
  return votes;
}

// Durations for the metrics: a real monotonic clock, not the injected one (a ManualClock does not
// move while a block is built, and consensus never sees these numbers).
using Stopwatch = std::chrono::steady_clock;
inline double SecondsSince(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

}  // namespace cairn::runtime::engine_detail
