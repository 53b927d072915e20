#include "mempool/verifier.h"

#include <algorithm>

namespace cairn::mempool {

Verifier::Verifier(const crypto::Hash256& genesis_hash, VerifierConfig config)
    : m_genesis_hash(genesis_hash) {
  m_cache.capacity = config.cache_capacity;
  std::size_t n = config.threads != 0 ? config.threads : std::thread::hardware_concurrency();
  n = std::max<std::size_t>(n, 1);
  m_threads.reserve(n);
  for (std::size_t i = 0; i < n; ++i) m_threads.emplace_back([this] { WorkerLoop(); });
}

Verifier::~Verifier() {
  {
    std::lock_guard lock(m_job_mutex);
    m_stop = true;
  }
  m_work_cv.notify_all();
  for (auto& t : m_threads) t.join();
}

void Verifier::WorkerLoop() {
  std::unique_lock lock(m_job_mutex);
  for (;;) {
    m_work_cv.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
    if (m_jobs.empty()) return;  // m_stop and nothing left
    std::shared_ptr<Job> job = m_jobs.front();
    lock.unlock();
    std::size_t done = 0;
    for (;;) {
      const std::size_t begin = job->next.fetch_add(job->chunk, std::memory_order_relaxed);
      if (begin >= job->n) break;
      const std::size_t end = std::min(job->n, begin + job->chunk);
      for (std::size_t i = begin; i < end; ++i) (*job->body)(i);
      done += end - begin;
    }
    lock.lock();
    // Every index is claimed: later workers must not pick this job up again.
    if (!m_jobs.empty() && m_jobs.front() == job) m_jobs.pop_front();
    job->finished += done;
    if (job->finished == job->n) m_done_cv.notify_all();
  }
}

void Verifier::ParallelFor(std::size_t n, const std::function<void(std::size_t)>& body) {
  if (n == 0) return;
  if (n == 1) {
    body(0);
    return;
  }
  auto job = std::make_shared<Job>();
  job->body = &body;
  job->n = n;
  // Small chunks keep the tail short (every worker finishes at about the same time); not so small
  // that the shared counter becomes the bottleneck.
  job->chunk = std::max<std::size_t>(1, n / (m_threads.size() * 8));
  std::unique_lock lock(m_job_mutex);
  m_jobs.push_back(job);
  m_work_cv.notify_all();
  m_done_cv.wait(lock, [&] { return job->finished == job->n; });
}

template <class K>
void Verifier::BoundedSet<K>::Insert(const K& k) {
  if (capacity == 0 || !set.insert(k).second) return;
  order.push_back(k);
  while (order.size() > capacity) {
    set.erase(order.front());
    order.pop_front();
  }
}

bool Verifier::CacheContains(const chain::TxId& id) {
  std::lock_guard lock(m_cache_mutex);
  return m_cache.set.contains(id);
}

void Verifier::CacheInsert(const chain::TxId& id) {
  std::lock_guard lock(m_cache_mutex);
  m_cache.Insert(id);
}

bool Verifier::VerifySignature(const chain::Transaction& tx, const chain::TxId& id) {
  if (CacheContains(id)) {
    m_cache_hits.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  m_verifications.fetch_add(1, std::memory_order_relaxed);
  if (!chain::VerifyTransactionSignature(tx, m_genesis_hash)) return false;
  CacheInsert(id);
  return true;
}

std::vector<std::uint8_t> Verifier::VerifyBatch(const std::vector<chain::Transaction>& txs) {
  std::vector<std::uint8_t> ok(txs.size(), 0);
  ParallelFor(txs.size(), [&](std::size_t i) { ok[i] = VerifySignature(txs[i], chain::ComputeTxId(txs[i])) ? 1 : 0; });
  return ok;
}

void Verifier::ClearCache() {
  std::lock_guard lock(m_cache_mutex);
  m_cache.set.clear();
  m_cache.order.clear();
}

VerifierStats Verifier::stats() const {
  VerifierStats s;
  s.verifications = m_verifications.load(std::memory_order_relaxed);
  s.cache_hits = m_cache_hits.load(std::memory_order_relaxed);
  std::lock_guard lock(m_cache_mutex);
  s.cache_size = m_cache.set.size();
  return s;
}

}  // namespace cairn::mempool
