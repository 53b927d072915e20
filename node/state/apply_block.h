// The state transition (PROTOCOL.md sections 2, 4, 5, 7, 8; SPEC.md "State rules"): ApplyBlock turns a state
// and a block into the StateDiff the block causes, or the first reason the block is invalid.
//
// Pure and deterministic: no I/O, no clock, no floating point, every amount checked. The input state is
// never modified (the transition runs on a copy-on-write overlay); parameters are read from the state.
// Thread safety: ApplyBlock may run on any thread; the StateReader must not change during the call
// (reads only). Several calls may run at once over one unchanging reader.
// Failure: an invalid block (any invalid transaction, vote or evidence invalidates the whole block) gives
// BlockError{where, reason}: `where` is a path into the block ("txs[12].payload.delegate.amount",
// "votes[3].validator_index", "evidence[0]", "header.proposer_index") and `reason` a sentence. A corrupt
// state (undecodable record) gives where = "state".
#pragma once

#include <string>

#include "chain/block.h"
#include "crypto/sha256.h"
#include "state/state_diff.h"
#include "util/result.h"

namespace cairn::state {

// What consensus supplies beyond the block and the parent state.
// What the caller knows about the block's place in the chain. The state cannot hold the id of its own
// latest block: that id covers the header's state_root, the root of the very state it would be in.
struct BlockContext {
  chain::BlockId parent_id;        // the block this one builds on (the genesis hash for block 1)
  chain::Slot finalized_slot = 0;  // the latest finalized slot as seen by the parent (drives the inactivity leak)
};

struct BlockError {
  std::string where;
  std::string reason;
  std::string Message() const { return where + ": " + reason; }
};

// Verify: run chain::CheckBlockStateless with the state's parameters and check every transaction, vote
// and evidence signature. AlreadyVerified: the caller (signature pool / pre-check stage) did both with the
// same parameters; ApplyBlock checks only the stateful rules.
enum class SigCheck : std::uint8_t { Verify, AlreadyVerified };

// Header rules checked here: chain id, height == parent height + 1, slot > parent slot, parent_hash ==
// the parent's block id (the genesis hash for height 1), proposer_index is an effective member of the
// active set of the block's period. Not checked here (consensus): the header signature, the VRF proof's
// validity (only its beta is used), timestamp, state_root.
util::Result<StateDiff, BlockError> ApplyBlock(const StateReader& state, const chain::Block& block,
                                               const crypto::Hash256& genesis_hash, const BlockContext& ctx,
                                               SigCheck sig_check);

}  // namespace cairn::state
