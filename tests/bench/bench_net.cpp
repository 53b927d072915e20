// cairn-bench net: four validator nodes (runtime::NodeContext each, own folder, own stores, p2p on
// 127.0.0.1 with real sockets and Noise sessions) in one process, under a transfer load submitted
// round-robin to their mempools, so every transaction travels by gossip to the other three. Then a
// fifth, fresh node syncs the whole chain from them.
//
// Figures, each beside its raw limit from the same run:
//  - raw_verify_per_s_2core: libsodium Ed25519 verification on 2 threads;
//  - net_finalized_tx_per_s: transfers included and finalized per second (node 1's view), steady
//    window, under a paced load of 0.6 x raw / 4; goal >= 0.5 x raw / 4, since on these 2 cores every
//    node verifies every transaction;
//  - finality_p95_slots: submission to finality, 95th percentile, in slots (goal <= 4);
//  - sync_blocks_per_s / sync_tx_per_s of the fresh node, and sync_ratio_vs_import: its tx/s over the
//    rate at which a node imports the same blocks straight from the store with the same checks but no
//    network (measured in this run, same background); goal >= 0.7.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
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
#include "chain/transaction.h"
#include "crypto/ed25519.h"
#include "runtime/chain_engine.h"
#include "runtime/devnet_bootstrap.h"
#include "runtime/node_context.h"
#include "state/genesis_state.h"
#include "storage/chain_reader.h"
#include "util/log.h"

namespace cairn::bench {
namespace {

constexpr std::size_t VALIDATORS = 4;
constexpr std::size_t ACCOUNTS = 8'000;
constexpr std::uint64_t INITIAL_BALANCE = 1'000'000 * chain::COIN;
constexpr std::uint64_t SLOT_MS = 1'000;
constexpr std::uint64_t MAX_BLOCK_TXS = 20'000;
constexpr std::uint64_t MAX_BLOCK_BYTES = 8u << 20;
constexpr double LOAD_SECONDS = 30;
constexpr double WARMUP_SECONDS = 6;
constexpr double DRAIN_SECONDS = 8;
constexpr std::size_t BATCH = 100;
constexpr double OFFERED_SHARE = 0.6;
constexpr double SYNC_TIMEOUT_S = 300;

constexpr std::uint8_t LOAD_TAG = 0x5e;  // this benchmark's load accounts

using SteadyClock = std::chrono::steady_clock;

double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

[[noreturn]] void Fail(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "cairn-bench net: %s\n", what.c_str());
  std::exit(2);
}


std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

runtime::NodeConfig NodeConfigFor(const std::filesystem::path& dir, const std::vector<std::string>& seeds) {
  runtime::NodeConfig config;
  config.network_dir = dir.string();
  runtime::P2pConfig p2p;
  p2p.listen_host = std::string("127.0.0.1");
  p2p.listen_port = 0;
  p2p.seeds = seeds;
  p2p.lan_discovery = false;
  config.p2p = std::move(p2p);
  return config;
}

}  // namespace

int RunNet() {
  crypto::EnsureSodium();
  Report report("net");
  std::printf("cairn-bench net: %zu validator nodes in one process on 127.0.0.1 (p2p over real sockets), %zu funded "
              "accounts, %llu ms slots, %.0f s of transfers submitted round-robin (first %.0f s excluded), then a "
              "fresh node syncs\n\n",
              VALIDATORS, ACCOUNTS, static_cast<unsigned long long>(SLOT_MS), LOAD_SECONDS, WARMUP_SECONDS);
  const double raw2 = RawVerifyRate2Core();
  report.Figure("raw_verify_per_s_2core", raw2, "raw libsodium Ed25519 verify (2 threads)", "verify/s");

  char dir_template[] = "/tmp/cairn-bench-net-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) Fail("cannot make a temporary folder");
  const std::filesystem::path base(dir_template);
  std::vector<std::filesystem::path> dirs;
  std::vector<state::DevnetValidatorKeys> validators;
  for (std::size_t i = 0; i < VALIDATORS + 1; ++i) {
    dirs.push_back(base / ("node" + std::to_string(i + 1)));
    std::filesystem::create_directories(dirs.back());
    auto keys = runtime::LoadOrCreateDevnetKeys(dirs.back().string());
    if (!keys) Fail(keys.error());
    if (i < VALIDATORS) {
      validators.push_back({keys->operator_address, keys->consensus.public_key(), keys->vrf.public_key(),
                            "bench-" + std::to_string(i + 1)});
    }
  }
  std::vector<chain::GenesisAccount> accounts;
  std::unordered_map<crypto::PublicKey, std::uint32_t> account_of;
  for (std::size_t i = 0; i < ACCOUNTS; ++i) {
    const auto pub = LoadAccountKey(i, LOAD_TAG).public_key();
    accounts.push_back({chain::AddressFromPublicKey(pub), INITIAL_BALANCE});
    account_of.emplace(pub, static_cast<std::uint32_t>(i));
  }
  // Offered load: a steady OFFERED_SHARE x raw / 4 transfers per second (every node verifies every tx
  // once, at admission; blocks hit the verifier cache), above the goal of 0.5 x raw / 4, so that the
  // figures show whether the net keeps up with it and how long a tx waits, not how long a backlog is.
  const double offered_rate = raw2 / 4.0 * OFFERED_SHARE;
  const std::size_t presigned = static_cast<std::size_t>(offered_rate * LOAD_SECONDS) + BATCH;
  chain::Genesis genesis = state::MakeDevnetGenesis(validators, 0, accounts);
  genesis.params.slot_ms = SLOT_MS;
  genesis.params.max_block_txs = MAX_BLOCK_TXS;
  genesis.params.max_block_bytes = MAX_BLOCK_BYTES;
  const double lead_s = 4.0 + static_cast<double>(presigned) / raw2 * 1.5;
  genesis.genesis_time_ms = static_cast<std::uint64_t>((NowMs() + static_cast<std::int64_t>(lead_s * 1000)) / 1000 + 1) * 1000;
  const crypto::Hash256 genesis_hash = chain::ComputeGenesisHash(genesis);
  for (const auto& dir : dirs) {
    if (auto saved = chain::SaveGenesisFile((dir / runtime::GENESIS_FILE_NAME).string(), genesis, chain::TESTNET_HRP);
        !saved) {
      Fail("genesis: " + saved.error().Message());
    }
  }

  const auto setup_start = SteadyClock::now();
  std::vector<chain::Transaction> txs = PresignTransfers(presigned, accounts, LOAD_TAG, genesis.chain_id, genesis_hash);
  std::printf("(setup: %zu signed transfers in %.1f s, not timed)\n", presigned, Seconds(setup_start));

  // Node 1's view of inclusion and finality.
  struct IncludedBlock {
    chain::Height height = 0;
    std::vector<std::uint32_t> txs;
  };
  std::mutex included_mutex;
  std::vector<IncludedBlock> included;  // guarded by included_mutex

  std::vector<std::unique_ptr<runtime::NodeContext>> nodes;
  std::vector<std::string> seeds;
  for (std::size_t i = 0; i < VALIDATORS; ++i) {
    runtime::NodeConfig config = NodeConfigFor(dirs[i], seeds);
    if (i == 0) {
      config.block_observer = [&](chain::Height height, const chain::Block& block) {
        IncludedBlock b{height, {}};
        for (const auto& tx : block.body.txs) {
          if (auto it = account_of.find(tx.sender); it != account_of.end()) {
            b.txs.push_back(static_cast<std::uint32_t>(tx.nonce * ACCOUNTS + it->second));
          }
        }
        std::lock_guard lock(included_mutex);
        included.push_back(std::move(b));
      };
    }
    nodes.push_back(std::make_unique<runtime::NodeContext>(std::move(config)));
    if (auto started = nodes.back()->Start(); !started) Fail("node start: " + started.error());
    seeds.push_back("127.0.0.1:" + std::to_string(nodes.back()->network()->listen_port()));
  }
  while (NowMs() < static_cast<std::int64_t>(genesis.genesis_time_ms)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& n : nodes) {
    if (n->network()->Peers().size() < VALIDATORS - 1) {
      std::printf("(note: a node has %zu peers at genesis)\n", n->network()->Peers().size());
    }
  }

  // Load: round-robin batches to the four pools, each kept below its capacity.
  std::vector<SteadyClock::time_point> submitted_at(presigned);
  std::atomic<bool> stop_load{false};
  std::atomic<std::size_t> submitted{0};
  std::atomic<std::uint64_t> rejected{0};
  const auto load_start = SteadyClock::now();
  std::thread generator([&] {
    std::size_t next = 0;
    std::size_t target = 0;
    while (!stop_load.load() && next < presigned) {
      if (static_cast<double>(next + BATCH) > offered_rate * Seconds(load_start)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // pacing: the offered rate
        continue;
      }
      mempool::Mempool* pool = nodes[target % VALIDATORS]->mempool();
      ++target;
      if (pool == nullptr) continue;
      const std::size_t end = std::min(presigned, next + BATCH);
      std::vector<chain::Transaction> batch(txs.begin() + static_cast<std::ptrdiff_t>(next),
                                            txs.begin() + static_cast<std::ptrdiff_t>(end));
      const auto t = SteadyClock::now();
      for (std::size_t k = next; k < end; ++k) submitted_at[k] = t;
      for (const auto& r : pool->AdmitBatch(std::move(batch))) {
        if (!r) ++rejected;
      }
      next = end;
      submitted.store(next);
    }
  });

  std::vector<std::pair<double, std::size_t>> final_events;
  std::vector<double> latency_slots;
  std::size_t finalized_total = 0;
  chain::Height last_final = 0;
  std::vector<IncludedBlock> pending;
  const auto warmup_point =
      load_start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(WARMUP_SECONDS));
  const auto load_end_point =
      load_start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(LOAD_SECONDS));
  while (Seconds(load_start) < LOAD_SECONDS + DRAIN_SECONDS) {
    if (!stop_load && Seconds(load_start) >= LOAD_SECONDS) stop_load = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    {
      std::lock_guard lock(included_mutex);
      for (auto& b : included) pending.push_back(std::move(b));
      included.clear();
    }
    const auto status = nodes[0]->status();
    if (status.halted) Fail("node 1 halted: " + status.halt_reason);
    if (status.finalized_height <= last_final) continue;
    last_final = status.finalized_height;
    const auto now = SteadyClock::now();
    std::size_t count = 0;
    std::erase_if(pending, [&](const IncludedBlock& b) {
      if (b.height > last_final) return false;
      for (const std::uint32_t k : b.txs) {
        if (submitted_at[k] >= warmup_point && submitted_at[k] < load_end_point) {
          latency_slots.push_back(std::chrono::duration<double, std::milli>(now - submitted_at[k]).count() /
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

  const SteadyWindow window = SteadyFinalizedRate(final_events, WARMUP_SECONDS, LOAD_SECONDS);
  const double net_rate = window.rate;
  const double p95 = Percentile(latency_slots, 0.95);
  const double p50 = Percentile(latency_slots, 0.50);
  const auto head1 = nodes[0]->status();

  std::printf("\n");
  report.Figure("offered_tx_per_s", offered_rate, "offered load (0.6 x raw / 4, paced)", "tx/s");
  report.Figure("submitted_txs", static_cast<double>(submitted.load()), "transfers submitted", "txs");
  report.Figure("rejected_txs", static_cast<double>(rejected.load()), "transfers refused by admission", "txs");
  report.Figure("txs_finalized", static_cast<double>(finalized_total), "transfers finalized (incl. drain)", "txs");
  report.Figure("net_finalized_tx_per_s", net_rate, "sustained finalized transfers, whole net", "tx/s");
  report.Figure("net_goal_tx_per_s", 0.5 * raw2 / 4.0, "goal: 0.5 x raw 2-core verify / 4", "tx/s");
  report.Figure("net_vs_raw_over_4", net_rate / (raw2 / 4.0), "ratio to raw/4 (goal >= 0.5)", "x");
  report.Figure("finality_p50_slots", p50, "submission to finality, median", "slots");
  report.Figure("finality_p95_slots", p95, "submission to finality, 95th percentile (goal <= 4)", "slots");
  report.Figure("chain_height", static_cast<double>(head1.head_height), "chain height after the load", "blocks");

  // Import baseline: the same blocks through ChainEngine::ImportBlock, straight from node 1's store.
  const chain::Height target = head1.head_height;
  std::vector<std::shared_ptr<const chain::Block>> blocks;
  std::size_t chain_txs = 0;
  {
    auto reader = storage::ChainReader::Open((dirs[0] / storage::CHAIN_DB_FILE_NAME).string());
    if (!reader) Fail(reader.error().message);
    for (chain::Height h = 1; h <= target; ++h) {
      auto stored = (*reader)->BlockByHeight(h);
      if (!stored || !*stored) Fail("cannot read block " + std::to_string(h) + " of node 1");
      chain_txs += (*stored)->block.body.txs.size();
      blocks.push_back(std::make_shared<const chain::Block>(std::move((*stored)->block)));
    }
  }
  double import_s = 0;
  {
    const std::filesystem::path import_dir = base / "import";
    std::filesystem::create_directories(import_dir);
    auto keys = runtime::LoadOrCreateDevnetKeys(import_dir.string());
    if (!keys) Fail(keys.error());
    auto engine = runtime::ChainEngine::Open(import_dir.string(), genesis, std::move(*keys), util::SystemClock::Instance());
    if (!engine) Fail("import engine: " + engine.error());
    const auto start = SteadyClock::now();
    for (const auto& b : blocks) {
      const auto outcome = (*engine)->ImportBlock(b, true);
      if (outcome.verdict != runtime::ImportVerdict::Accepted) {
        Fail("import baseline: block at height " + std::to_string(b->unsigned_header().height) + " " +
             std::string(runtime::ImportVerdictName(outcome.verdict)) + ": " + outcome.reason);
      }
    }
    import_s = Seconds(start);
  }
  const double import_tx_rate = static_cast<double>(chain_txs) / import_s;
  const double import_block_rate = static_cast<double>(target) / import_s;

  // Sync: a fresh node seeded with the four.
  const auto sync_start = SteadyClock::now();
  runtime::NodeContext syncer(NodeConfigFor(dirs[VALIDATORS], seeds));
  if (auto started = syncer.Start(); !started) Fail("sync node start: " + started.error());
  while (syncer.status().head_height < target) {
    if (Seconds(sync_start) > SYNC_TIMEOUT_S) {
      Fail("the fresh node reached height " + std::to_string(syncer.status().head_height) + " of " +
           std::to_string(target) + " in " + std::to_string(SYNC_TIMEOUT_S) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double sync_s = Seconds(sync_start);
  syncer.Stop();
  for (auto& n : nodes) n->Stop();
  std::error_code ec;
  std::filesystem::remove_all(base, ec);

  const double sync_block_rate = static_cast<double>(target) / sync_s;
  const double sync_tx_rate = static_cast<double>(chain_txs) / sync_s;
  report.Figure("sync_blocks", static_cast<double>(target), "blocks synced by the fresh node", "blocks");
  report.Figure("sync_txs", static_cast<double>(chain_txs), "transfers in them", "txs");
  report.Figure("sync_blocks_per_s", sync_block_rate, "fresh node sync (start to head, handshakes included)", "blocks/s");
  report.Figure("sync_tx_per_s", sync_tx_rate, "fresh node sync", "tx/s");
  report.Figure("import_blocks_per_s", import_block_rate, "raw limit: import of the same blocks, no network", "blocks/s");
  report.Figure("import_tx_per_s", import_tx_rate, "raw limit: import of the same blocks, no network", "tx/s");
  report.Figure("sync_ratio_vs_import", sync_tx_rate / import_tx_rate, "sync tx/s over import tx/s (goal >= 0.7)", "x");
  report.PrintJson();
  return 0;
}

}  // namespace cairn::bench
