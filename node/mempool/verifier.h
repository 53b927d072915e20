// Verifier: the signature-check worker pool and the signature cache of the mempool (DESIGN.md 2:
// "signature checks fan out to a worker pool").
//
// - A fixed set of std::thread workers (hardware_concurrency by default) runs ParallelFor jobs; a job
//   is split into chunks claimed through an atomic counter, so every worker stays busy until the job
//   is drained. Jobs from concurrent callers queue and run in arrival order.
// - A bounded cache of TxIds whose signature verified (FIFO eviction). A TxId covers the whole signed
//   encoding, signature included, so a hit proves the same bytes verified before: a transaction
//   re-admitted after a reorg, or relayed twice, is verified once. Only successes are cached.
// - A bounded cache of sender keys that passed crypto::IsValidPublicKey (a subgroup check about as
//   costly as a signature check): a sender's key is validated once, not once per transaction.
//
// Thread safety: every method may be called from any thread, concurrently. ParallelFor must not be
// called from inside a ParallelFor body (the caller waits for the workers: that would deadlock).
// The cache and the job queue have their own mutexes, independent of the mempool's.
// Ownership: the Verifier owns its threads; the destructor finishes queued jobs and joins them. It
// must outlive every Mempool using it.
// Failure: none reported; a body that throws terminates the process (bodies are noexcept in spirit).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "chain/transaction.h"

namespace cairn::mempool {

struct VerifierConfig {
  std::size_t threads = 0;                 // 0: std::thread::hardware_concurrency() (at least 1)
  std::size_t cache_capacity = 262'144;    // TxIds (about 60 bytes each with the index)
};

struct VerifierStats {
  std::uint64_t verifications = 0;  // ed25519 checks actually run
  std::uint64_t cache_hits = 0;     // checks skipped because the TxId verified before
  std::size_t cache_size = 0;
};

class Verifier {
 public:
  Verifier(const crypto::Hash256& genesis_hash, VerifierConfig config = {});
  ~Verifier();
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;

  // Runs body(i) for every i in [0, n) on the workers and returns when all calls have returned.
  // n <= 1 runs on the calling thread (no hand-off for single admissions).
  void ParallelFor(std::size_t n, const std::function<void(std::size_t)>& body);

  // The signature check of `tx`, whose id is `id`, through the cache. Any thread.
  [[nodiscard]] bool VerifySignature(const chain::Transaction& tx, const chain::TxId& id);
  // Ids and signatures of a batch on the workers; result[i] is 1 when txs[i] verifies.
  std::vector<std::uint8_t> VerifyBatch(const std::vector<chain::Transaction>& txs);

  // Forgets every cached id (tests, or after a key-compromise scare).
  void ClearCache();
  VerifierStats stats() const;
  std::size_t thread_count() const { return m_threads.size(); }
  const crypto::Hash256& genesis_hash() const { return m_genesis_hash; }

 private:
  struct Job {
    const std::function<void(std::size_t)>* body = nullptr;
    std::size_t n = 0;
    std::size_t chunk = 1;
    std::atomic<std::size_t> next{0};  // next index to claim
    std::size_t finished = 0;          // indices done; guarded by m_job_mutex
  };

  void WorkerLoop();
  // A set with FIFO eviction, guarded by m_cache_mutex.
  template <class K>
  struct BoundedSet {
    std::size_t capacity = 0;
    std::unordered_set<K> set;
    std::deque<K> order;
    void Insert(const K& k);
  };
  bool CacheContains(const chain::TxId& id);
  void CacheInsert(const chain::TxId& id);

  const crypto::Hash256 m_genesis_hash;

  std::mutex m_job_mutex;
  std::condition_variable m_work_cv;  // workers: a job was queued or stop
  std::condition_variable m_done_cv;  // callers: some job finished
  std::deque<std::shared_ptr<Job>> m_jobs;  // jobs with indices left to claim
  bool m_stop = false;
  std::vector<std::thread> m_threads;

  mutable std::mutex m_cache_mutex;
  BoundedSet<chain::TxId> m_cache;

  std::atomic<std::uint64_t> m_verifications{0};
  std::atomic<std::uint64_t> m_cache_hits{0};
};

}  // namespace cairn::mempool
