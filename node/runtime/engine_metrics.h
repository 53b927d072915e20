// EngineMetrics: the chain thread's counters and latency histograms for api::Node::Metrics (and so
// the Prometheus endpoint of rpc/).
//
// Histograms have fixed upper bounds (LATENCY_BOUNDS_SECONDS, 1 ms .. 10 s, +Inf implied), so an
// observation is a short linear search and two increments, and a snapshot is a copy.
//
// Thread safety: every method from any thread. The chain thread records (a few times per slot); api
// readers take snapshots. One mutex guards everything: both sides hold it for a handful of
// instructions, so readers never wait for block processing.
// Failure: none.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>

#include "api/types.h"

namespace cairn::runtime {

inline constexpr std::array<double, 13> LATENCY_BOUNDS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                                  0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

// Not thread-safe on its own: EngineMetrics guards it.
class LatencyHistogram {
 public:
  void Observe(double seconds);
  api::Histogram Snapshot() const;  // cumulative buckets, as Prometheus wants them

 private:
  std::array<std::uint64_t, LATENCY_BOUNDS_SECONDS.size()> m_buckets{};  // per bucket, not cumulative
  std::uint64_t m_count = 0;
  double m_sum = 0;
};

struct EngineCounters {
  api::Histogram block_process_seconds;
  api::Histogram vote_process_seconds;
  std::uint64_t proposals_missed = 0;
  std::uint64_t votes_missed = 0;
  std::uint64_t txs_included = 0;
};

class EngineMetrics {
 public:
  // A block this node built (build to fork-choice import) or replayed at start-up.
  void ObserveBlock(double seconds);
  // A vote made, recorded, signed and counted.
  void ObserveVote(double seconds);
  void AddProposalMissed();
  void AddVoteMissed();
  void AddTxsIncluded(std::uint64_t count);
  EngineCounters Snapshot() const;

 private:
  mutable std::mutex m_mutex;
  LatencyHistogram m_block;
  LatencyHistogram m_vote;
  std::uint64_t m_proposals_missed = 0;
  std::uint64_t m_votes_missed = 0;
  std::uint64_t m_txs_included = 0;
};

}  // namespace cairn::runtime
