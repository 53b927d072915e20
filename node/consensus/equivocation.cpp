#include "consensus/equivocation.h"

#include <algorithm>

namespace cairn::consensus {
namespace {

// Same relation as chain::CheckEvidenceStateless (chain/SPEC.md: surround_vote).
bool Surrounds(const chain::Vote& outer, const chain::Vote& inner) {
  return outer.source.slot < inner.source.slot && inner.target.slot < outer.target.slot;
}

}  // namespace

std::optional<chain::Evidence> EquivocationDetector::ReportOnce(chain::Evidence evidence, chain::Slot slot) {
  chain::Canonicalize(evidence);
  const chain::EvidenceHash hash = chain::ComputeEvidenceHash(evidence);
  if (!m_reported.emplace(hash, slot).second) return std::nullopt;
  return evidence;
}

std::optional<chain::Evidence> EquivocationDetector::OnVote(const chain::SignedVote& vote) {
  const chain::Vote& v = vote.vote;
  if (v.target.slot < m_floor) return std::nullopt;
  auto& mine = m_votes[v.validator_index];

  // Double vote: a different vote for the same target slot.
  if (const auto same = mine.find(v.target.slot); same != mine.end()) {
    if (same->second.vote == v) return std::nullopt;  // the same vote data (maybe another signature)
    return ReportOnce(chain::Evidence{chain::DoubleVote{same->second, vote}}, v.target.slot);
  }

  // Surround vote against any remembered vote (the lowest-target one first: deterministic).
  std::optional<chain::Evidence> found;
  for (const auto& [target, earlier] : mine) {
    if (Surrounds(earlier.vote, v) || Surrounds(v, earlier.vote)) {
      found = ReportOnce(chain::Evidence{chain::SurroundVote{earlier, vote}}, std::min(target, v.target.slot));
      if (found) break;
    }
  }

  // Remember it under its (free) target slot, keeping the highest targets within the bound.
  mine.emplace(v.target.slot, vote);
  ++m_vote_count;
  while (mine.size() > std::max<std::size_t>(1, m_config.max_targets_per_validator)) {
    mine.erase(mine.begin());
    --m_vote_count;
  }
  return found;
}

std::optional<chain::Evidence> EquivocationDetector::OnHeader(const chain::SignedBlockHeader& header) {
  const chain::BlockHeader& h = header.header;
  if (h.slot < m_floor) return std::nullopt;
  const auto [it, inserted] = m_headers.try_emplace({h.slot, h.proposer_index}, header);
  if (inserted) return std::nullopt;
  const chain::BlockHeader& first = it->second.header;
  if (first.chain_id != h.chain_id) return std::nullopt;  // another chain's header: not an offence here
  if (chain::ComputeBlockId(first) == chain::ComputeBlockId(h)) return std::nullopt;
  return ReportOnce(chain::Evidence{chain::DoubleProposal{it->second, header}}, h.slot);
}

void EquivocationDetector::Prune(chain::Slot slot) {
  if (slot <= m_floor) return;
  m_floor = slot;
  for (auto it = m_votes.begin(); it != m_votes.end();) {
    auto& mine = it->second;
    const auto keep = mine.lower_bound(slot);
    m_vote_count -= static_cast<std::size_t>(std::distance(mine.begin(), keep));
    mine.erase(mine.begin(), keep);
    it = mine.empty() ? m_votes.erase(it) : std::next(it);
  }
  m_headers.erase(m_headers.begin(), m_headers.lower_bound({slot, 0}));
  std::erase_if(m_reported, [slot](const auto& entry) { return entry.second < slot; });
}

chain::Transaction MakeEvidenceTransaction(const chain::Evidence& evidence, const crypto::SecretKey& key,
                                           std::uint64_t nonce, chain::Amount fee, chain::Slot expiry_slot,
                                           const chain::ChainId& chain_id, const crypto::Hash256& genesis_hash) {
  chain::Transaction tx;
  tx.chain_id = chain_id;
  tx.sender = key.public_key();
  tx.nonce = nonce;
  tx.fee = fee;
  tx.expiry_slot = expiry_slot;
  tx.payload = evidence;
  chain::SignTransaction(tx, key, genesis_hash);
  return tx;
}

}  // namespace cairn::consensus
