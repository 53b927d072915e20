#include "consensus/vote_pool.h"

#include <unordered_set>

namespace cairn::consensus {

VotePool::VotePool(VotePoolConfig config, ParallelForFn parallel_for)
    : m_config(config), m_parallel_for(std::move(parallel_for)), m_detector(config.detector) {}

std::vector<VoteAddOutcome> VotePool::AddBatch(const std::vector<chain::SignedVote>& votes,
                                               const ValidatorKeyLookup& key_of, const chain::ChainId& chain_id,
                                               const crypto::Hash256& genesis_hash) {
  std::vector<VoteAddOutcome> outcomes(votes.size());
  std::vector<chain::VoteHash> hashes(votes.size());
  std::vector<crypto::Hash256> data_hashes(votes.size());
  // Votes that passed steps 1-5, with their keys, in batch order.
  std::vector<std::size_t> to_verify;
  std::vector<crypto::PublicKey> keys;
  std::unordered_set<chain::VoteHash> batch_hashes;
  std::unordered_set<crypto::Hash256> batch_data;

  // Steps 1-5 on this thread: cheap, before any signature work.
  for (std::size_t i = 0; i < votes.size(); ++i) {
    const chain::Vote& v = votes[i].vote;
    hashes[i] = chain::ComputeVoteHash(votes[i]);
    data_hashes[i] = chain::ComputeVoteDataHash(v);
    VoteAddStatus& status = outcomes[i].status;
    if (m_known.contains(hashes[i]) || m_known_data.contains(data_hashes[i]) || batch_hashes.contains(hashes[i])) {
      status = VoteAddStatus::Duplicate;
      ++m_stats.duplicates;
      continue;
    }
    // Same data with another signature in this batch: verified separately (one of them may be forged),
    // and step 7 keeps the first good one.
    if (m_floor && v.target.slot <= *m_floor) {
      status = VoteAddStatus::Stale;
      continue;
    }
    if (!chain::CheckVoteStateless(v)) {
      status = VoteAddStatus::Malformed;
      continue;
    }
    const std::optional<crypto::PublicKey> key = key_of ? key_of(v.validator_index) : std::nullopt;
    if (!key) {
      status = VoteAddStatus::UnknownValidator;
      continue;
    }
    if (m_by_order.size() + batch_data.size() >= m_config.capacity && !batch_data.contains(data_hashes[i])) {
      status = VoteAddStatus::Full;
      continue;
    }
    batch_hashes.insert(hashes[i]);
    batch_data.insert(data_hashes[i]);
    to_verify.push_back(i);
    keys.push_back(*key);
  }

  // Step 6: the signature checks, possibly in parallel. Body k writes only good[k].
  std::vector<std::uint8_t> good(to_verify.size(), 0);
  const std::function<void(std::size_t)> body = [&](std::size_t k) {
    good[k] = chain::VerifyVoteSignature(votes[to_verify[k]], keys[k], chain_id, genesis_hash) ? 1 : 0;
  };
  if (m_parallel_for) {
    m_parallel_for(to_verify.size(), body);
  } else {
    for (std::size_t k = 0; k < to_verify.size(); ++k) body(k);
  }
  m_stats.verifications += to_verify.size();

  // Steps 7-8 on this thread, in batch order.
  for (std::size_t k = 0; k < to_verify.size(); ++k) {
    const std::size_t i = to_verify[k];
    VoteAddOutcome& outcome = outcomes[i];
    if (good[k] == 0) {
      outcome.status = VoteAddStatus::BadSignature;
      continue;
    }
    const chain::SignedVote& vote = votes[i];
    const chain::Slot target = vote.vote.target.slot;
    if (m_known_data.contains(data_hashes[i])) {  // an earlier vote of this batch with the same data
      outcome.status = VoteAddStatus::Duplicate;
      ++m_stats.duplicates;
      continue;
    }
    m_known.emplace(hashes[i], target);
    m_known_data.emplace(data_hashes[i], target);
    if (auto evidence = m_detector.OnVote(vote)) {
      outcome.status = VoteAddStatus::Equivocation;
      outcome.evidence = std::move(evidence);
      continue;
    }
    const OrderKey key{target, vote.vote.source.slot, vote.vote.validator_index, vote.vote.slot, hashes[i]};
    m_by_order.emplace(key, vote);
    outcome.status = VoteAddStatus::Added;
  }
  return outcomes;
}

std::vector<chain::SignedVote> VotePool::ForInclusion(
    chain::Slot block_slot, const std::function<bool(const chain::SignedVote&)>& already_counted,
    std::size_t max) const {
  std::vector<chain::SignedVote> out;
  for (const auto& [key, vote] : m_by_order) {
    if (out.size() >= max) break;
    if (vote.vote.slot >= block_slot) continue;
    if (already_counted && already_counted(vote)) continue;
    out.push_back(vote);
  }
  return out;
}

void VotePool::Prune(chain::Slot finalized_slot) {
  if (m_floor && finalized_slot <= *m_floor) return;
  m_floor = finalized_slot;
  // Keys order by target slot first: everything up to the floor is a prefix.
  const OrderKey first_kept{finalized_slot + 1, 0, 0, 0, chain::VoteHash{}};
  m_by_order.erase(m_by_order.begin(), m_by_order.lower_bound(first_kept));
  std::erase_if(m_known, [finalized_slot](const auto& entry) { return entry.second <= finalized_slot; });
  std::erase_if(m_known_data, [finalized_slot](const auto& entry) { return entry.second <= finalized_slot; });
  const chain::Slot retention = m_config.detector_retention_slots;
  if (finalized_slot > retention) m_detector.Prune(finalized_slot - retention);
}

}  // namespace cairn::consensus
