// ChainEngine, the side that faces readers on other threads: the published status and events of each
// slot event, and state proofs (chain_engine.h).
#include <algorithm>

#include "runtime/chain_engine.h"
#include "state/keys.h"
#include "state/records.h"

namespace cairn::runtime {
namespace {

// The proposals whose record appears or changes status in `diff` (writes are sorted by key, so the
// Proposal records are one run).
std::vector<api::ProposalUpdateEvent> ProposalUpdates(const state::StateDiff& diff) {
  std::vector<api::ProposalUpdateEvent> out;
  const auto prefix = static_cast<std::uint8_t>(state::KeyPrefix::Proposal);
  auto it = std::lower_bound(diff.writes.begin(), diff.writes.end(), prefix,
                             [](const state::StateWrite& w, std::uint8_t p) { return w.key.empty() || w.key[0] < p; });
  for (; it != diff.writes.end() && !it->key.empty() && it->key[0] == prefix; ++it) {
    if (it->key.size() != 9 || !it->after) continue;  // proposals are never erased; anything else is not ours
    const auto after = state::DecodeProposal(*it->after);
    if (!after) continue;
    if (it->before) {
      const auto before = state::DecodeProposal(*it->before);
      if (before && before->status == after->status) continue;
    }
    out.push_back({after->id, after->status});
  }
  return out;
}

}  // namespace

void ChainEngine::NoteCommitted(std::shared_ptr<const chain::Block> block, const chain::BlockId& id,
                                chain::Height height, const state::StateDiff& diff) {
  if (m_sink == nullptr) return;
  m_unpublished.push_back({height, id, std::move(block), ProposalUpdates(diff)});
}

void ChainEngine::Publish() {
  {
    std::lock_guard lock(m_published_mutex);
    m_published = m_status;
  }
  Publication p;
  p.blocks = std::move(m_unpublished);
  m_unpublished.clear();
  if (m_status.head_id != m_published_head) {
    p.new_head = ChainHeadOf(m_status);
    m_published_head = m_status.head_id;
  }
  if (m_status.finalized != m_published_finalized) {
    p.finalized = api::CheckpointInfo{m_status.finalized.slot, m_status.finalized.root, m_status.finalized_height};
    m_published_finalized = m_status.finalized;
  }
  if (m_sink != nullptr && !p.empty()) m_sink->Publish(std::move(p));
}

HeadProof ChainEngine::ProveState(util::ByteSpan key) {
  HeadProof out;
  out.state_root = m_tree.Root();
  out.proof = m_tree.Prove(key);
  out.value = m_state.Get(key);
  out.height = m_head.height;
  out.id = m_head.id;
  return out;
}

}  // namespace cairn::runtime
