// What the chain thread tells the event side after each slot event (DESIGN.md section 2: "fork choice
// and finality update -> events to api subscribers"): the blocks it committed, the new head, and the
// finalized checkpoint when it moved. The EventHub turns a Publication into api::Events on its own
// thread (the per-address expansion of a block's transactions included), so the chain thread only
// moves a block it no longer needs into a shared pointer.
//
// Thread safety: plain values; ChainEventSink::Publish is called on the chain thread only.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "api/types.h"
#include "chain/block.h"

namespace cairn::runtime {

struct CommittedBlock {
  chain::Height height = 0;
  chain::BlockId id;
  std::shared_ptr<const chain::Block> block;
  // Proposals whose record changed status in this block's state diff (ascending id).
  std::vector<api::ProposalUpdateEvent> proposal_updates;
};

struct Publication {
  std::vector<CommittedBlock> blocks;        // in commit order
  std::optional<api::ChainHead> new_head;    // the head moved (after `blocks`)
  std::optional<api::CheckpointInfo> finalized;  // the finalized checkpoint moved
  bool empty() const { return blocks.empty() && !new_head && !finalized; }
};

class ChainEventSink {
 public:
  virtual ~ChainEventSink() = default;
  // Called on the chain thread after the node status was published (a subscriber that reacts by
  // reading Head() sees at least this head). Must be quick and never block on subscribers.
  virtual void Publish(Publication publication) = 0;
};

}  // namespace cairn::runtime
