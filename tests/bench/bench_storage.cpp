// cairn-bench storage [blocks]: what ChainStore costs per block of 5,000 transfers among 100,000
// accounts (~10,000 changed state keys), with synchronous FULL and NORMAL, beside the raw SQLite
// limits measured in the same run in the same folder: random-key rows per second and the cost of one
// bare commit of a block-sized blob. Ends with one line of JSON.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench_modes.h"
#include "storage/chain_store.h"
#include "storage/indexer.h"
#include "synthetic_chain.h"

using namespace cairn;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint32_t ACCOUNTS = 100'000;
constexpr std::uint32_t TXS = 5'000;

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

// Bytes this process has caused to be written to storage (/proc/self/io write_bytes).
std::uint64_t WrittenBytes() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::uint64_t value = 0;
  while (io >> key >> value) {
    if (key == "write_bytes:") return value;
  }
  return 0;
}

std::uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "cairn-bench-storage: %s\n", what.c_str());
  std::exit(1);
}

template <class R>
void Check(const R& r, const char* what) {
  if (!r) Die(std::string(what) + ": " + r.error().message);
}

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) Die(std::string("sqlite: ") + (error ? error : "?"));
}

struct RawLimits {
  double insert_rows_per_s = 0;  // random 21-byte keys into a WITHOUT ROWID table, 10k rows per commit
  double update_rows_per_s = 0;  // random existing keys, 10k per commit
  double blob_commit_ms = 0;     // one transaction writing a 1.4 MB blob
};

RawLimits MeasureRaw(const std::string& dir, const char* sync) {
  const std::string path = dir + "/raw.db";
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die("raw open");
  Exec(db, "PRAGMA journal_mode = WAL; PRAGMA cache_size = -65536;");
  Exec(db, (std::string("PRAGMA synchronous = ") + sync).c_str());
  Exec(db, "CREATE TABLE kv(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID; CREATE TABLE b(id INTEGER PRIMARY KEY, x BLOB);");
  std::mt19937_64 rng(1);
  std::vector<util::Bytes> keys(ACCOUNTS);
  for (auto& k : keys) {
    k.resize(21);
    for (auto& b : k) b = static_cast<std::uint8_t>(rng());
  }
  const util::Bytes value(16, 7);
  sqlite3_stmt* put = nullptr;
  sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO kv(k, v) VALUES(?1, ?2)", -1, &put, nullptr);
  auto run = [&](std::size_t count, bool existing) {
    const auto t0 = Clock::now();
    for (std::size_t done = 0; done < count;) {
      Exec(db, "BEGIN");
      for (std::size_t i = 0; i < 10'000 && done < count; ++i, ++done) {
        const util::Bytes& k = existing ? keys[rng() % keys.size()] : keys[done];
        sqlite3_bind_blob(put, 1, k.data(), static_cast<int>(k.size()), SQLITE_STATIC);
        sqlite3_bind_blob(put, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        sqlite3_step(put);
        sqlite3_reset(put);
      }
      Exec(db, "COMMIT");
    }
    return static_cast<double>(count) / (Ms(t0, Clock::now()) / 1000.0);
  };
  RawLimits limits;
  limits.insert_rows_per_s = run(keys.size(), false);
  limits.update_rows_per_s = run(100'000, true);
  sqlite3_finalize(put);
  util::Bytes blob(1'400'000, 0x5a);
  sqlite3_stmt* add = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO b(x) VALUES(?1)", -1, &add, nullptr);
  std::vector<double> times;
  for (int i = 0; i < 15; ++i) {
    blob[static_cast<std::size_t>(i)] ^= 1;
    const auto t0 = Clock::now();
    Exec(db, "BEGIN");
    sqlite3_bind_blob(add, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    sqlite3_step(add);
    sqlite3_reset(add);
    Exec(db, "COMMIT");
    times.push_back(Ms(t0, Clock::now()));
  }
  sqlite3_finalize(add);
  limits.blob_commit_ms = Median(times);
  sqlite3_close(db);
  std::filesystem::remove(path);
  return limits;
}

struct ModeResult {
  double genesis_ms = 0;
  double commit_median_ms = 0, commit_mean_ms = 0, commit_max_ms = 0, apply_median_ms = 0;
  double checkpoint_ms = 0;
  std::size_t checkpoint_rows = 0;
  double load_ms = 0;
  double index_median_ms = 0;
  std::uint64_t index_rows_per_block = 0;
  double written_bytes_per_tx = 0;  // /proc/self/io while committing (WAL + WAL checkpoints)
  double file_bytes_per_tx = 0;     // growth of the database file per tx
};

ModeResult RunMode(const std::string& dir, storage::Durability durability, const test::SyntheticChain& chain,
                   const state::MemoryState& genesis, const std::vector<test::SyntheticBlock>& blocks) {
  const std::string path = dir + "/chain.db";
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
  storage::StoreOptions options;
  options.durability = durability;
  ModeResult r;
  std::uint64_t size_after_genesis = 0;
  {
    auto store = storage::ChainStore::Open(path, storage::OpenMode::CreateIfMissing, chain.chain_id(), chain.genesis_hash(), options);
    Check(store, "open");
    const auto t0 = Clock::now();
    Check((*store)->CommitGenesis(genesis), "genesis");
    r.genesis_ms = Ms(t0, Clock::now());
  }
  size_after_genesis = FileSize(path);
  auto opened = storage::ChainStore::Open(path, storage::OpenMode::MustExist, chain.chain_id(), chain.genesis_hash(), options);
  Check(opened, "reopen");
  auto& store = **opened;
  store.SetCheckpointInterval(1'000'000, 1ull << 40);  // checkpoints measured on their own below
  state::MemoryState memory = genesis;
  std::vector<double> commit, apply;
  const std::uint64_t written0 = WrittenBytes();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto& b = blocks[i];
    const auto t0 = Clock::now();
    if (!memory.Apply(b.diff)) Die("apply");
    const auto t1 = Clock::now();
    Check(store.CommitBlock(b.block, b.id, i + 1, b.diff), "commit");
    const auto t2 = Clock::now();
    apply.push_back(Ms(t0, t1));
    commit.push_back(Ms(t1, t2));
  }
  const std::uint64_t written1 = WrittenBytes();
  r.commit_median_ms = Median(commit);
  r.commit_mean_ms = Mean(commit);
  r.commit_max_ms = *std::max_element(commit.begin(), commit.end());
  r.apply_median_ms = Median(apply);
  const double txs = static_cast<double>(blocks.size()) * TXS;
  r.written_bytes_per_tx = static_cast<double>(written1 - written0) / txs;
  {
    auto t0 = Clock::now();
    auto loaded = store.LoadState();  // replays every block: the worst case before a checkpoint
    Check(loaded, "load");
    r.load_ms = Ms(t0, Clock::now());
    // The keys a checkpoint now writes: every key changed since the genesis.
    std::size_t changed = 0;
    for (const auto& [k, v] : loaded->entries()) changed += genesis.Get(k) != v ? 1 : 0;
    r.checkpoint_rows = changed;
    t0 = Clock::now();
    Check(store.Checkpoint(), "checkpoint");
    r.checkpoint_ms = Ms(t0, Clock::now());
  }
  opened.value().reset();
  r.file_bytes_per_tx = static_cast<double>(FileSize(path) - size_after_genesis) / txs;
  auto indexer = storage::Indexer::Open(path, {chain.chain_id(), chain.genesis_hash()}, options);
  Check(indexer, "indexer");
  std::vector<double> index;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const auto t0 = Clock::now();
    auto progress = (*indexer)->IndexUpTo(1);
    Check(progress, "index");
    index.push_back(Ms(t0, Clock::now()));
    r.index_rows_per_block = progress->rows_written;
  }
  r.index_median_ms = Median(index);
  return r;
}

}  // namespace

namespace cairn::bench {

int RunStorage(std::size_t block_count) {
  char dir_template[] = "/tmp/cairn-bench-storage-XXXXXX";
  const char* dir_c = ::mkdtemp(dir_template);
  if (dir_c == nullptr) Die("mkdtemp");
  const std::string dir = dir_c;
  std::printf("storage benchmark in %s: blocks of %u transfers among %u accounts, SQLite %s\n", dir.c_str(), TXS,
              ACCOUNTS, sqlite3_libversion());

  const RawLimits raw_full = MeasureRaw(dir, "FULL");
  const RawLimits raw_normal = MeasureRaw(dir, "NORMAL");
  std::printf("raw SQLite limit: random-key inserts %.0f rows/s, random-key updates %.0f rows/s (10k rows per commit)\n",
              raw_full.insert_rows_per_s, raw_full.update_rows_per_s);
  std::printf("raw SQLite limit: one commit of a 1.4 MB blob: %.2f ms (FULL), %.2f ms (NORMAL)\n", raw_full.blob_commit_ms,
              raw_normal.blob_commit_ms);

  const test::SyntheticChain chain(ACCOUNTS, TXS, false);
  auto t0 = Clock::now();
  const state::MemoryState genesis = chain.Genesis();
  test::SyntheticChain::Replay replay{genesis, {chain.genesis_hash()}};
  std::vector<test::SyntheticBlock> blocks;
  std::size_t diff_writes = 0, diff_bytes = 0, body_bytes = 0;
  for (std::size_t i = 0; i < block_count; ++i) {
    blocks.push_back(chain.Extend(replay));
    diff_writes += blocks.back().diff.writes.size();
    diff_bytes += state::Encode(blocks.back().diff).size();
    body_bytes += chain::Encode(blocks.back().block.body).size();
  }
  const double n = static_cast<double>(block_count);
  std::printf("generated %zu blocks in %.0f ms: %.0f changed keys, %.0f KB body, %.0f KB diff per block\n", block_count,
              Ms(t0, Clock::now()), static_cast<double>(diff_writes) / n, static_cast<double>(body_bytes) / n / 1024,
              static_cast<double>(diff_bytes) / n / 1024);

  std::string json = "{\"mode\":\"storage\"";
  for (const auto durability : {storage::Durability::Full, storage::Durability::Normal}) {
    const bool full = durability == storage::Durability::Full;
    const char* name = full ? "full" : "normal";
    const ModeResult r = RunMode(dir, durability, chain, genesis, blocks);
    // A checkpoint every max_blocks blocks at the default 64 MiB diff-byte bound.
    const double interval = std::max(1.0, std::floor(64.0 * 1024 * 1024 / (static_cast<double>(diff_bytes) / n)));
    const double per_block = r.apply_median_ms + r.commit_median_ms + r.checkpoint_ms / interval;
    const double tx_per_s = TXS / (per_block / 1000.0);
    std::printf("\nsynchronous=%s\n", full ? "FULL" : "NORMAL");
    std::printf("  genesis (100,000 state rows): %.0f ms\n", r.genesis_ms);
    std::printf("  CommitBlock: median %.1f ms, mean %.1f ms, max %.1f ms (5 b-tree entries: block row + 2 index keys,"
                " canonical, diff; the mean and max include WAL checkpoints)\n",
                r.commit_median_ms, r.commit_mean_ms, r.commit_max_ms);
    std::printf("  MemoryState::Apply of the diff: median %.1f ms\n", r.apply_median_ms);
    std::printf("  checkpoint after %zu blocks: %zu rows in %.0f ms (%.0f rows/s); every %.0f blocks at the 64 MiB bound\n",
                block_count, r.checkpoint_rows, r.checkpoint_ms,
                static_cast<double>(r.checkpoint_rows) / (r.checkpoint_ms / 1000.0), interval);
    std::printf("  apply + commit + amortised checkpoint: %.1f ms per block = %.0f tx/s (target 30000: x%.2f)\n",
                per_block, tx_per_s, tx_per_s / 30000.0);
    std::printf("  bytes: %.0f per tx written to disk while committing (WAL + WAL checkpoints), %.0f per tx in the file\n",
                r.written_bytes_per_tx, r.file_bytes_per_tx);
    std::printf("  LoadState replaying %zu blocks: %.0f ms\n", block_count, r.load_ms);
    std::printf("  Indexer: median %.0f ms per block, %llu rows per block (%.0f tx/s)\n", r.index_median_ms,
                static_cast<unsigned long long>(r.index_rows_per_block), TXS / (r.index_median_ms / 1000.0));
    const std::string p = std::string(",\"") + name + "_";
    char buf[768];
    std::snprintf(buf, sizeof buf,
                  "%scommit_ms\":%.2f%sapply_ms\":%.2f%scheckpoint_ms\":%.1f%scheckpoint_rows\":%zu%stx_per_s\":%.0f"
                  "%sdisk_bytes_per_tx\":%.0f%sfile_bytes_per_tx\":%.0f%sindex_ms\":%.1f%sload_ms\":%.0f",
                  p.c_str(), r.commit_median_ms, p.c_str(), r.apply_median_ms, p.c_str(), r.checkpoint_ms, p.c_str(),
                  r.checkpoint_rows, p.c_str(), tx_per_s, p.c_str(), r.written_bytes_per_tx, p.c_str(), r.file_bytes_per_tx,
                  p.c_str(), r.index_median_ms, p.c_str(), r.load_ms);
    json += buf;
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, ",\"raw_insert_rows_per_s\":%.0f,\"raw_update_rows_per_s\":%.0f,\"raw_blob_commit_ms\":%.2f}",
                raw_full.insert_rows_per_s, raw_full.update_rows_per_s, raw_full.blob_commit_ms);
  json += buf;
  std::printf("\n%s\n", json.c_str());
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace cairn::bench
