// The Verifier (worker pool, cache), a concurrency test of the pool, and the admission throughput
// measurement (AdmitBatch on 2 workers vs a single-thread raw verify loop, same run).
#include <QElapsedTimer>

#include <atomic>
#include <set>
#include <thread>

#include "chain/address.h"
#include "mempool_fixture.h"
#include "test_registry.h"

namespace cairn::test {
namespace {

// Signed transfers from `senders` seeds (1..), `per_sender` consecutive nonces each, interleaved.
std::vector<chain::Transaction> Workload(const PoolEnv& env, std::uint32_t senders, std::uint64_t per_sender) {
  std::vector<chain::Transaction> txs;
  for (std::uint64_t n = 0; n < per_sender; ++n) {
    for (std::uint32_t s = 1; s <= senders; ++s) txs.push_back(env.Transfer(s, n, 1 + (n + s) % 7));
  }
  return txs;
}

class VerifierTest : public QObject {
  Q_OBJECT

 private slots:
  void parallelForUsesSeveralThreads() {
    PoolEnv env;
    QCOMPARE(env.verifier.thread_count(), std::size_t{2});
    const auto txs = Workload(env, 4, 16);
    std::mutex mutex;
    std::set<std::thread::id> ids;
    std::atomic<int> ok{0};
    env.verifier.ParallelFor(txs.size(), [&](std::size_t i) {
      if (chain::VerifyTransactionSignature(txs[i], env.chain.genesis_hash())) ++ok;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // long enough that no worker takes all
      std::lock_guard lock(mutex);
      ids.insert(std::this_thread::get_id());
    });
    QCOMPARE(ok.load(), static_cast<int>(txs.size()));
    QCOMPARE(ids.size(), std::size_t{2});
    QVERIFY(!ids.contains(std::this_thread::get_id()));
  }

  void batchAgreesWithSequentialAndCaches() {
    PoolEnv env;
    auto txs = Workload(env, 3, 10);
    for (std::size_t i = 0; i < txs.size(); i += 4) txs[i].signature.bytes[9] ^= 0x10;
    std::vector<std::uint8_t> sequential;
    for (const auto& tx : txs) sequential.push_back(chain::VerifyTransactionSignature(tx, env.chain.genesis_hash()) ? 1 : 0);
    QCOMPARE(env.verifier.VerifyBatch(txs), sequential);
    const auto first = env.verifier.stats();
    QCOMPARE(first.verifications, std::uint64_t{txs.size()});
    QCOMPARE(first.cache_hits, std::uint64_t{0});
    QCOMPARE(env.verifier.VerifyBatch(txs), sequential);
    const auto second = env.verifier.stats();
    const auto good = static_cast<std::uint64_t>(std::count(sequential.begin(), sequential.end(), 1));
    QCOMPARE(second.cache_hits, good);                                  // successes are not checked again
    QCOMPARE(second.verifications, txs.size() + (txs.size() - good));  // failures are
    QCOMPARE(second.cache_size, static_cast<std::size_t>(good));
  }

  void cacheIsBounded() {
    PoolEnv env;
    mempool::Verifier small(env.chain.genesis_hash(), {1, 2});
    const auto txs = Workload(env, 3, 1);
    for (const auto& tx : txs) QVERIFY(small.VerifySignature(tx, chain::ComputeTxId(tx)));
    QCOMPARE(small.stats().cache_size, std::size_t{2});
    QVERIFY(small.VerifySignature(txs[0], chain::ComputeTxId(txs[0])));  // evicted first: checked again
    QCOMPARE(small.stats().verifications, std::uint64_t{4});
  }

  // Admitting threads, a chain thread building and applying blocks from the pool: no crash, no
  // deadlock, invariants hold, every tx ends up included.
  void admissionRacesHeadUpdates() {
    PoolEnv env;
    constexpr std::uint32_t THREADS = 4, SENDERS_PER_THREAD = 3;
    constexpr std::uint64_t NONCES = 40;
    std::vector<std::vector<chain::Transaction>> work(THREADS);
    for (std::uint32_t t = 0; t < THREADS; ++t) {
      for (std::uint64_t n = 0; n < NONCES; ++n) {
        for (std::uint32_t s = 0; s < SENDERS_PER_THREAD; ++s) {
          work[t].push_back(env.Transfer(1 + t * SENDERS_PER_THREAD + s, n, 1 + n % 5));
        }
      }
    }
    std::atomic<bool> done{false};
    std::vector<std::thread> admitters;
    for (std::uint32_t t = 0; t < THREADS; ++t) {
      admitters.emplace_back([&, t] {
        const auto& txs = work[t];
        for (std::size_t i = 0; i < txs.size(); i += 10) {
          if (t % 2 == 0) {
            (void)env.pool->AdmitBatch({txs.begin() + static_cast<std::ptrdiff_t>(i),
                                        txs.begin() + static_cast<std::ptrdiff_t>(std::min(i + 10, txs.size()))});
          } else {
            for (std::size_t j = i; j < std::min(i + 10, txs.size()); ++j) (void)env.pool->Admit(txs[j]);
          }
          (void)env.pool->EstimateFeeRate();
        }
      });
    }
    std::thread invariants([&] {
      while (!done) {
        const auto problem = env.pool->CheckInvariants();
        if (!problem.empty()) qFatal("invariant: %s", problem.c_str());
        std::this_thread::yield();
      }
    });
    std::size_t included = 0;
    const std::size_t total = THREADS * SENDERS_PER_THREAD * NONCES;
    for (int block = 0; block < 400 && included < total; ++block) {
      const auto txs = env.pool->SelectForBlock(25, 1 << 20);
      included += txs.size();
      env.NextBlock(txs, block % 3 != 0);
      if (txs.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (auto& t : admitters) t.join();
    done = true;
    invariants.join();
    QCOMPARE(env.pool->CheckInvariants(), std::string());
    // Txs refused while their predecessor was still in flight (stale after inclusion) are fine; what
    // was admitted and not included must still be pooled and ready.
    QCOMPARE(included + env.pool->size(), total);
  }

  // Best of three alternating rounds, so other load on the machine hits both sides alike.
  void measuresAdmissionThroughput() {
    PoolEnv env;
    const auto txs = Workload(env, 40, 100);  // 4000 transfers
    const auto seconds = [](const QElapsedTimer& t) { return static_cast<double>(t.nsecsElapsed()) / 1e9; };
    double raw_best = 1e9, batch_best = 1e9, pool_best = 1e9;
    for (int round = 0; round < 3; ++round) {
      QElapsedTimer timer;
      timer.start();
      std::size_t ok = 0;
      for (const auto& tx : txs) ok += chain::VerifyTransactionSignature(tx, env.chain.genesis_hash()) ? 1 : 0;
      raw_best = std::min(raw_best, seconds(timer));
      QCOMPARE(ok, txs.size());

      mempool::Verifier verifier(env.chain.genesis_hash(), {2, 1 << 16});
      timer.restart();
      const auto flags = verifier.VerifyBatch(txs);
      batch_best = std::min(batch_best, seconds(timer));
      QCOMPARE(static_cast<std::size_t>(std::count(flags.begin(), flags.end(), 1)), txs.size());

      mempool::Verifier pool_verifier(env.chain.genesis_hash(), {2, 1 << 16});
      mempool::Mempool pool(env.chain.state(), env.Slot(), pool_verifier);
      timer.restart();
      const auto results = pool.AdmitBatch(txs);
      pool_best = std::min(pool_best, seconds(timer));
      for (const auto& r : results) QVERIFY(r);
      QCOMPARE(pool.size(), txs.size());
    }
    const double n = static_cast<double>(txs.size());
    qInfo("raw verify, 1 thread: %.0f tx/s; VerifyBatch, 2 workers: %.0f tx/s; AdmitBatch, 2 workers: %.0f tx/s "
          "(%.2fx raw)", n / raw_best, n / batch_best, n / pool_best, raw_best / pool_best);
  }
};

CAIRN_REGISTER_TEST(VerifierTest);

}  // namespace
}  // namespace cairn::test

#include "test_verifier.moc"
