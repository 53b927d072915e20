#include "runtime/engine_metrics.h"

namespace cairn::runtime {

void LatencyHistogram::Observe(double seconds) {
  std::size_t i = 0;
  while (i < LATENCY_BOUNDS_SECONDS.size() && seconds > LATENCY_BOUNDS_SECONDS[i]) ++i;
  if (i < m_buckets.size()) ++m_buckets[i];  // past the last bound: only in count (+Inf)
  ++m_count;
  m_sum += seconds;
}

api::Histogram LatencyHistogram::Snapshot() const {
  api::Histogram h;
  h.bounds.assign(LATENCY_BOUNDS_SECONDS.begin(), LATENCY_BOUNDS_SECONDS.end());
  h.buckets.reserve(m_buckets.size());
  std::uint64_t cumulative = 0;
  for (const std::uint64_t b : m_buckets) {
    cumulative += b;
    h.buckets.push_back(cumulative);
  }
  h.count = m_count;
  h.sum = m_sum;
  return h;
}

void EngineMetrics::ObserveBlock(double seconds) {
  std::lock_guard lock(m_mutex);
  m_block.Observe(seconds);
}

void EngineMetrics::ObserveVote(double seconds) {
  std::lock_guard lock(m_mutex);
  m_vote.Observe(seconds);
}

void EngineMetrics::AddProposalMissed() {
  std::lock_guard lock(m_mutex);
  ++m_proposals_missed;
}

void EngineMetrics::AddVoteMissed() {
  std::lock_guard lock(m_mutex);
  ++m_votes_missed;
}

void EngineMetrics::AddTxsIncluded(std::uint64_t count) {
  std::lock_guard lock(m_mutex);
  m_txs_included += count;
}

EngineCounters EngineMetrics::Snapshot() const {
  std::lock_guard lock(m_mutex);
  return {m_block.Snapshot(), m_vote.Snapshot(), m_proposals_missed, m_votes_missed, m_txs_included};
}

}  // namespace cairn::runtime
