// cairn-bench chain: a single-validator devnet node (runtime::NodeContext, tick thread on the system
// clock, stores in a temporary folder) under a load generator that submits pre-signed transfers through
// Mempool::AdmitBatch as fast as admission takes them. Measures transfers included AND finalized per
// second over a steady window, the time from submission to finality in slots (p50/p95) and the peak
// RSS, beside the raw 2-core libsodium Ed25519 verification rate measured in the same run.
//
// Genesis for the run: the devnet genesis (the node's own key as the sole validator) plus ACCOUNTS
// funded accounts with deterministic keys, 1 s slots, max_block_txs / max_block_bytes raised. The
// bench writes devnet_validator.key (through LoadOrCreateDevnetKeys) and genesis.json into the empty
// folder before starting the node, which then loads both as on any later start: no runtime hook.
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench_harness.h"
#include "bench_load.h"
#include "bench_modes.h"
#include "chain/address.h"
#include "chain/genesis.h"
#include "chain/params.h"
#include "chain/transaction.h"
#include "crypto/ed25519.h"
#include "runtime/devnet_bootstrap.h"
#include "runtime/node_context.h"
#include "state/genesis_state.h"

namespace cairn::bench {
namespace {

constexpr std::size_t ACCOUNTS = 20'000;
constexpr std::uint64_t INITIAL_BALANCE = 1'000'000 * chain::COIN;
constexpr std::uint64_t SLOT_MS = 1'000;
constexpr std::uint64_t MAX_BLOCK_TXS = 40'000;
constexpr std::uint64_t MAX_BLOCK_BYTES = 16u << 20;
constexpr double LOAD_SECONDS = 25;
constexpr double WARMUP_SECONDS = 5;      // excluded from the throughput window and the latency sample
constexpr double DRAIN_SECONDS = 8;       // after the load: let submitted txs finalize
constexpr std::size_t BATCH = 1'000;      // txs per AdmitBatch call
constexpr std::size_t MAX_PRESIGNED = 1'500'000;

constexpr std::uint8_t LOAD_TAG = 0xc7;  // this benchmark's load accounts

using SteadyClock = std::chrono::steady_clock;

double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

[[noreturn]] void Fail(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "cairn-bench chain: %s\n", what.c_str());
  std::exit(2);
}


double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int RunChain() {
  crypto::EnsureSodium();
  Report report("chain");
  std::printf("cairn-bench chain: single-validator devnet node, %zu funded accounts, %llu ms slots, blocks of up to "
              "%llu txs / %llu MiB, %.0f s of load (first %.0f s excluded)\n\n",
              ACCOUNTS, static_cast<unsigned long long>(SLOT_MS), static_cast<unsigned long long>(MAX_BLOCK_TXS),
              static_cast<unsigned long long>(MAX_BLOCK_BYTES >> 20), LOAD_SECONDS, WARMUP_SECONDS);

  const double raw2 = RawVerifyRate2Core();  // bench_harness.h
  report.Figure("raw_verify_per_s_2core", raw2, "raw libsodium Ed25519 verify (2 threads)", "verify/s");

  // Folder, key and genesis.
  char dir_template[] = "/tmp/cairn-bench-chain-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) Fail("cannot make a temporary folder");
  const std::filesystem::path dir(dir_template);
  auto keys = runtime::LoadOrCreateDevnetKeys(dir.string());
  if (!keys) Fail(keys.error());

  const auto setup_start = SteadyClock::now();
  // Secret keys live in a small locked pool: only public keys are kept; signing re-derives each key.
  std::vector<chain::GenesisAccount> accounts;
  std::unordered_map<crypto::PublicKey, std::uint32_t> account_of;
  for (std::size_t i = 0; i < ACCOUNTS; ++i) {
    const auto pub = LoadAccountKey(i, LOAD_TAG).public_key();
    accounts.push_back({chain::AddressFromPublicKey(pub), INITIAL_BALANCE});
    account_of.emplace(pub, static_cast<std::uint32_t>(i));
  }
  const state::DevnetValidatorKeys validator{keys->operator_address, keys->consensus.public_key(),
                                             keys->vrf.public_key(), "bench-validator"};
  // Genesis time: after the pre-signing below (estimated generously from the raw rate), whole second.
  const std::size_t presigned =
      std::min<std::size_t>(MAX_PRESIGNED, static_cast<std::size_t>(raw2 * 0.6 * LOAD_SECONDS * 1.5));
  chain::Genesis genesis = state::MakeDevnetGenesis(std::span(&validator, 1), 0, accounts);
  genesis.params.slot_ms = SLOT_MS;
  genesis.params.max_block_txs = MAX_BLOCK_TXS;
  genesis.params.max_block_bytes = MAX_BLOCK_BYTES;

  // The genesis hash covers the genesis time, and signatures cover the genesis hash: fix the time
  // first (far enough ahead to cover the signing), then sign.
  const double sign_rate_guess = raw2;  // signing is faster than verifying; 2 threads
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const double lead_s = 3.0 + static_cast<double>(presigned) / sign_rate_guess * 1.5;
  genesis.genesis_time_ms = static_cast<std::uint64_t>((now_ms + static_cast<std::int64_t>(lead_s * 1000)) / 1000 + 1) * 1000;
  const crypto::Hash256 genesis_hash = chain::ComputeGenesisHash(genesis);
  if (auto saved = chain::SaveGenesisFile((dir / runtime::GENESIS_FILE_NAME).string(), genesis, chain::TESTNET_HRP);
      !saved) {
    Fail("genesis: " + saved.error().Message());
  }

  // Pre-signed transfers, untimed: tx k is account k % ACCOUNTS's nonce k / ACCOUNTS.
  std::vector<chain::Transaction> txs = PresignTransfers(presigned, accounts, LOAD_TAG, genesis.chain_id, genesis_hash);
  std::printf("(setup: %zu accounts, %zu signed transfers in %.1f s, not timed; RSS after setup %.0f MB)\n", ACCOUNTS,
              presigned, Seconds(setup_start), PeakRssMb());

  // Inclusion: the node's block observer (chain thread) hands over the tx indices of each block.
  struct IncludedBlock {
    chain::Height height = 0;
    std::vector<std::uint32_t> txs;
  };
  std::mutex included_mutex;
  std::vector<IncludedBlock> included;  // guarded by included_mutex
  std::atomic<std::uint64_t> foreign_txs{0};

  runtime::NodeConfig config;
  config.network_dir = dir.string();
  config.block_observer = [&](chain::Height height, const chain::Block& block) {
    IncludedBlock b{height, {}};
    b.txs.reserve(block.body.txs.size());
    for (const auto& tx : block.body.txs) {
      auto it = account_of.find(tx.sender);
      if (it == account_of.end()) {
        ++foreign_txs;
        continue;
      }
      b.txs.push_back(static_cast<std::uint32_t>(tx.nonce * ACCOUNTS + it->second));
    }
    std::lock_guard lock(included_mutex);
    included.push_back(std::move(b));
  };
  runtime::NodeContext node(config);
  if (auto started = node.Start(); !started) Fail("node start: " + started.error());
  mempool::Mempool* const pool_ptr = node.mempool();
  if (pool_ptr == nullptr) Fail("the started node has no mempool");
  mempool::Mempool& pool_ref = *pool_ptr;
  mempool::Mempool* const pool = &pool_ref;
  const std::size_t pool_capacity = pool_ref.config().max_txs;

  // Wait for genesis time (the first slot starts one slot later).
  while (std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
             .count() < static_cast<std::int64_t>(genesis.genesis_time_ms)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  // Load generator.
  std::vector<SteadyClock::time_point> submitted_at(presigned);
  std::atomic<bool> stop_load{false};
  std::atomic<std::size_t> submitted{0};
  std::atomic<std::uint64_t> rejected{0};
  std::string first_rejection;
  const auto load_start = SteadyClock::now();
  std::thread generator([&] {
    std::size_t next = 0;
    while (!stop_load.load() && next < presigned) {
      if (pool->size() + BATCH > pool_capacity) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      const std::size_t end = std::min(presigned, next + BATCH);
      std::vector<chain::Transaction> batch(std::make_move_iterator(txs.begin() + static_cast<std::ptrdiff_t>(next)),
                                            std::make_move_iterator(txs.begin() + static_cast<std::ptrdiff_t>(end)));
      const auto t = SteadyClock::now();
      for (std::size_t k = next; k < end; ++k) submitted_at[k] = t;
      const auto results = pool->AdmitBatch(std::move(batch));
      for (const auto& r : results) {
        if (!r) {
          if (rejected++ == 0) first_rejection = r.error().Message();
        }
      }
      next = end;
      submitted.store(next);
    }
  });

  // Finality: poll the status; a block is final when its height <= finalized height.
  std::vector<std::pair<double, std::size_t>> final_events;  // (seconds since load start, txs finalized)
  std::vector<double> latency_slots;                          // txs submitted after the warm-up
  std::size_t finalized_total = 0;
  std::uint64_t txs_included = 0;
  std::size_t blocks_seen = 0;
  chain::Height last_final = 0;
  std::vector<IncludedBlock> pending;  // included, not yet final
  const double end_at = LOAD_SECONDS + DRAIN_SECONDS;
  const auto warmup_point = load_start + std::chrono::duration_cast<SteadyClock::duration>(
                                             std::chrono::duration<double>(WARMUP_SECONDS));
  const auto load_end_point = load_start + std::chrono::duration_cast<SteadyClock::duration>(
                                               std::chrono::duration<double>(LOAD_SECONDS));
  std::size_t window_submitted = 0;
  while (Seconds(load_start) < end_at) {
    if (!stop_load && Seconds(load_start) >= LOAD_SECONDS) stop_load = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    {
      std::lock_guard lock(included_mutex);
      for (auto& b : included) {
        txs_included += b.txs.size();
        ++blocks_seen;
        pending.push_back(std::move(b));
      }
      included.clear();
    }
    const auto status = node.status();
    if (status.halted) Fail("the node halted");
    if (status.finalized_height <= last_final) continue;
    last_final = status.finalized_height;
    const auto now = SteadyClock::now();
    std::size_t count = 0;
    std::erase_if(pending, [&](const IncludedBlock& b) {
      if (b.height > last_final) return false;
      for (const std::uint32_t k : b.txs) {
        const auto at = submitted_at[k];
        if (at >= warmup_point && at < load_end_point) {
          latency_slots.push_back(std::chrono::duration<double, std::milli>(now - at).count() /
                                  static_cast<double>(SLOT_MS));
        }
      }
      count += b.txs.size();
      return true;
    });
    finalized_total += count;
    final_events.emplace_back(Seconds(load_start), count);
  }
  stop_load = true;
  generator.join();
  const auto final_status = node.status();
  const auto pool_stats = pool->stats();
  node.Stop();
  for (std::size_t k = 0; k < submitted.load(); ++k) {
    if (submitted_at[k] >= warmup_point && submitted_at[k] < load_end_point) ++window_submitted;
  }

  const SteadyWindow window = SteadyFinalizedRate(final_events, WARMUP_SECONDS, LOAD_SECONDS);
  const double finalized_rate = window.rate;

  std::printf("\n");
  report.Figure("submitted_txs", static_cast<double>(submitted.load()), "transfers submitted (whole load)", "txs");
  report.Figure("submit_per_s", static_cast<double>(submitted.load()) / LOAD_SECONDS, "submission rate (whole load)",
                "tx/s");
  report.Figure("rejected_txs", static_cast<double>(rejected.load()), "transfers refused by admission", "txs");
  if (!first_rejection.empty()) report.Note("first_rejection", first_rejection);
  report.Note("generator_exhausted", submitted.load() >= presigned ? "yes (pre-signed set ran out: the load "
                                                                      "was capped by the bench)"
                                                                    : "no");
  report.Figure("blocks", static_cast<double>(blocks_seen), "blocks proposed and committed", "blocks");
  report.Figure("txs_included", static_cast<double>(txs_included), "transfers included", "txs");
  report.Figure("txs_finalized", static_cast<double>(finalized_total), "transfers finalized (incl. drain)", "txs");
  report.Figure("steady_window_s", window.seconds, "steady window (finalization to finalization)",
                "s");
  report.Figure("finalized_tx_per_s", finalized_rate, "sustained included+finalized transfers", "tx/s");
  report.Figure("raw_verify_per_s_2core_beside", raw2, "raw limit: Ed25519 verify (2 threads)", "verify/s");
  report.Figure("finalized_vs_raw_2core", finalized_rate / raw2, "ratio to raw 2-core verify (goal >= 0.6)", "x");
  const double p50 = Percentile(latency_slots, 0.50);
  const double p95 = Percentile(latency_slots, 0.95);
  report.Figure("latency_sample_txs", static_cast<double>(latency_slots.size()),
                "latency sample (submitted after warm-up, finalized)", "txs");
  report.Figure("window_submitted_txs", static_cast<double>(window_submitted), "submitted after warm-up during load",
                "txs");
  report.Figure("finality_p50_slots", p50, "submission -> finality p50", "slots");
  report.Figure("finality_p95_slots", p95, "submission -> finality p95 (goal <= 3)", "slots");
  report.Figure("final_height", static_cast<double>(final_status.finalized_height), "finalized height at the end",
                "");
  report.Figure("head_height", static_cast<double>(final_status.head_height), "head height at the end", "");
  report.Figure("pool_txs_left", static_cast<double>(pool_stats.txs), "transfers still pooled at the end", "txs");
  if (foreign_txs.load() != 0) {
    report.Figure("foreign_txs", static_cast<double>(foreign_txs.load()), "included txs not from the bench", "txs");
  }
  report.Figure("peak_rss_mb", PeakRssMb(), "peak RSS (whole process, incl. pre-signed txs)", "MB");
  std::filesystem::remove_all(dir);
  std::printf("\n");
  report.PrintJson();
  return 0;
}

}  // namespace cairn::bench
