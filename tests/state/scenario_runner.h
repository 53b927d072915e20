// The scenario runner (tests/state/scenarios/README.md): a genesis, a list of blocks and the expected
// state after each, applied with RulesChain (rules_harness.h) and checked against the ledger and the
// state root. scenario_build.cpp turns scenario JSON into a genesis and blocks, scenario_expect.cpp
// checks expectations, scenario_runner.cpp walks a scenario folder.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules_harness.h"
#include "scenario_json.h"
#include "state/state_tree.h"

namespace cairn::test::scenario {

// genesis.json -> a genesis (TestParams() with the overrides, accounts and validators by seed).
chain::Genesis ParseGenesis(StrictObject genesis);

// One block file, built against the chain's current state.
struct BlockPlan {
  chain::Block block;
  std::optional<chain::Slot> finalized;  // BlockContext.finalized_slot (default: the parent's slot)
};
BlockPlan BuildBlock(RulesChain& chain, StrictObject& spec);

// Mismatches between an expect file and the chain (empty: all expectations hold). `root` is the state
// root after the block.
std::vector<std::string> CheckExpectations(RulesChain& chain, StrictObject expect, const crypto::Hash256& root);

// Runs the scenario in `dir`; returns every failure (empty: the scenario passed).
std::vector<std::string> RunScenario(const std::string& dir);

}  // namespace cairn::test::scenario
