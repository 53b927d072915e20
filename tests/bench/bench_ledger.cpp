// cairn-bench ledger: blocks of 5,000 transfers among 100,000 accounts through the state transition,
// then through the full apply + state root + SQLite commit path, against the raw single-core Ed25519
// verification rate measured in the same run.
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_harness.h"
#include "bench_modes.h"
#include "chain/address.h"
#include "chain/block.h"
#include "chain/genesis.h"
#include "chain/params.h"
#include "chain/transaction.h"
#include "crypto/ecvrf.h"
#include "crypto/ed25519.h"
#include "state/apply_block.h"
#include "state/genesis_state.h"
#include "state/state_tree.h"
#include "storage/chain_store.h"

namespace cairn::bench {
namespace {

constexpr std::size_t ACCOUNTS = 100'000;
constexpr std::size_t TXS_PER_BLOCK = 5'000;
constexpr std::size_t BLOCKS = 12;
constexpr std::uint64_t INITIAL_BALANCE = 1'000'000 * chain::COIN;

using SteadyClock = std::chrono::steady_clock;

double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

[[noreturn]] void Fail(const std::string& what) {
  std::fflush(stdout);
  std::fprintf(stderr, "cairn-bench ledger: %s\n", what.c_str());
  std::exit(2);
}

// Deterministic account keys: seed i -> key i, so the setup needs no secret storage for 100k keys.
crypto::SecretKey AccountKey(std::uint64_t i) {
  std::uint8_t seed[32] = {};
  for (int b = 0; b < 8; ++b) seed[b] = static_cast<std::uint8_t>(i >> (8 * b));
  seed[31] = 0xa5;
  return *crypto::SecretKey::FromSeed({seed, sizeof seed});
}

double RawVerifyRate() {
  const auto key = crypto::SecretKey::Generate();
  std::vector<std::uint8_t> msg(160, 7);
  const auto sig = crypto::Sign(key, msg);
  std::size_t bad = 0;
  const double rate = OpsPerSecond(
      [&] {
        for (int i = 0; i < 64; ++i) {
          bad += crypto_sign_verify_detached(sig.data(), msg.data(), msg.size(), key.public_key().data()) != 0;
        }
      },
      64, 1.5);
  if (bad != 0) Fail("raw verification failed");
  return rate;
}

struct Fixture {
  chain::Genesis genesis;
  crypto::Hash256 genesis_hash;
  crypto::SecretKey validator_key = crypto::SecretKey::Generate();
  std::vector<chain::Address> addresses;
  std::vector<chain::Block> blocks;
};

Fixture MakeFixture() {
  Fixture f;
  f.genesis.chain_id = *chain::ChainId::Parse("cairn-bench-ledger");
  f.genesis.genesis_time_ms = 1'700'000'000'000;
  f.genesis.params = chain::DevnetParams();
  f.genesis.params.max_block_txs = TXS_PER_BLOCK;
  f.addresses.reserve(ACCOUNTS);
  for (std::size_t i = 0; i < ACCOUNTS; ++i) {
    f.addresses.push_back(chain::AddressFromPublicKey(AccountKey(i).public_key()));
    f.genesis.accounts.push_back({f.addresses.back(), INITIAL_BALANCE});
  }
  chain::GenesisValidator v;
  v.operator_address = chain::AddressFromPublicKey(f.validator_key.public_key());
  v.consensus_pubkey = f.validator_key.public_key();
  v.vrf_pubkey = f.validator_key.public_key();
  v.self_bond = 1000 * chain::COIN;
  v.moniker = "bench";
  f.genesis.validators.push_back(v);
  f.genesis_hash = chain::ComputeGenesisHash(f.genesis);

  // Pre-signed blocks: signing is not what this benchmark measures.
  std::mt19937_64 rng(42);
  std::vector<std::uint64_t> nonces(ACCOUNTS, 0);
  chain::BlockId parent = f.genesis_hash;  // block 1's parent is the genesis
  for (std::size_t b = 0; b < BLOCKS; ++b) {
    chain::Block block;
    auto& h = block.header.header;
    h.version = 1;
    h.chain_id = f.genesis.chain_id;
    h.slot = b + 1;
    h.height = b + 1;
    h.parent_hash = parent;
    h.proposer_index = 0;
    h.timestamp_ms = f.genesis.genesis_time_ms + h.slot * f.genesis.params.slot_ms;
    std::uint8_t alpha[8];
    for (int i = 0; i < 8; ++i) alpha[i] = static_cast<std::uint8_t>(h.slot >> (8 * i));
    h.vrf_proof = crypto::VrfProve(f.validator_key, {alpha, sizeof alpha});
    block.body.txs.reserve(TXS_PER_BLOCK);
    for (std::size_t t = 0; t < TXS_PER_BLOCK; ++t) {
      const std::uint64_t from = rng() % ACCOUNTS;
      std::uint64_t to = rng() % ACCOUNTS;
      if (to == from) to = (to + 1) % ACCOUNTS;
      const auto key = AccountKey(from);
      chain::Transaction tx;
      tx.chain_id = f.genesis.chain_id;
      tx.sender = key.public_key();
      tx.nonce = nonces[from]++;
      tx.fee = 1'000;
      tx.expiry_slot = 1'000'000;
      tx.payload = chain::Transfer{f.addresses[to], 1 + rng() % 1'000'000};
      chain::SignTransaction(tx, key, f.genesis_hash);
      block.body.txs.push_back(std::move(tx));
    }
    chain::SetBodyRoots(h, block.body);
    parent = chain::ComputeBlockId(h);
    f.blocks.push_back(std::move(block));
  }
  return f;
}

std::uint64_t FolderBytes(const std::filesystem::path& dir) {
  std::uint64_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

}  // namespace

int RunLedger() {
  crypto::EnsureSodium();
  Report report("ledger");
  std::printf("cairn-bench ledger: %zu blocks of %zu transfers among %zu accounts\n\n", BLOCKS, TXS_PER_BLOCK, ACCOUNTS);

  const double raw = RawVerifyRate();
  report.Figure("raw_verify_per_s_1core", raw, "raw libsodium Ed25519 verify (1 core)", "verify/s");

  auto setup_start = SteadyClock::now();
  Fixture f = MakeFixture();
  auto genesis_state = state::GenesisState(f.genesis);
  if (!genesis_state) Fail("genesis: " + genesis_state.error());
  std::printf("(setup: %zu signed transfers in %.1f s, not timed)\n", BLOCKS * TXS_PER_BLOCK, Seconds(setup_start));

  const double total_txs = static_cast<double>(BLOCKS * TXS_PER_BLOCK);

  // 1. State transition alone, signatures already verified: ApplyBlock and moving the in-memory
  //    state forward by the diff.
  {
    state::MemoryState mem = *genesis_state;
    chain::BlockId parent = f.genesis_hash;
    const auto start = SteadyClock::now();
    for (const auto& block : f.blocks) {
      const state::BlockContext ctx{parent, block.header.header.slot};
      auto diff = state::ApplyBlock(mem, block, f.genesis_hash, ctx, state::SigCheck::AlreadyVerified);
      if (!diff) Fail("block " + std::to_string(block.header.header.height) + ": " + diff.error().Message());
      if (auto applied = mem.Apply(*diff); !applied) Fail(applied.error());
      parent = chain::ComputeBlockId(block.header.header);
    }
    const double rate = total_txs / Seconds(start);
    report.Figure("transition_tx_per_s", rate, "state transition, sigs pre-checked (1 core)", "tx/s");
    report.Figure("transition_vs_raw_verify", rate / raw, "ratio to raw verify (goal >= 4)", "x");
  }

  // 2. Full path: transition + state tree root + one SQLite transaction per block (synchronous=FULL).
  {
    char dir_template[] = "/tmp/cairn-bench-ledger-XXXXXX";
    if (mkdtemp(dir_template) == nullptr) Fail("cannot make a temporary folder");
    const std::filesystem::path dir(dir_template);
    const std::string path = (dir / "chain.db").string();
    state::MemoryState mem = *genesis_state;
    {
      auto genesis_store =
          storage::ChainStore::Open(path, storage::OpenMode::CreateIfMissing, f.genesis.chain_id, f.genesis_hash);
      if (!genesis_store) Fail("open store: " + genesis_store.error().message);
      if (auto g = (*genesis_store)->CommitGenesis(mem); !g) Fail("commit genesis: " + g.error().message);
    }
    const auto before_bytes = FolderBytes(dir);  // genesis only, WAL folded in by the close
    auto store = storage::ChainStore::Open(path, storage::OpenMode::MustExist, f.genesis.chain_id, f.genesis_hash);
    if (!store) Fail("reopen store: " + store.error().message);
    state::StateTree tree = state::StateTree::Build(mem);
    (void)tree.Root();

    double tree_seconds = 0;
    double commit_seconds = 0;
    const auto start = SteadyClock::now();
    chain::BlockId parent = f.genesis_hash;
    for (auto& block : f.blocks) {
      // The header now carries the real state root, so each block links to its parent's final id.
      block.header.header.parent_hash = parent;
      const state::BlockContext ctx{parent, block.header.header.slot};
      auto diff = state::ApplyBlock(mem, block, f.genesis_hash, ctx, state::SigCheck::AlreadyVerified);
      if (!diff) Fail("block " + std::to_string(block.header.header.height) + ": " + diff.error().Message());
      if (auto applied = mem.Apply(*diff); !applied) Fail(applied.error());
      const auto tree_start = SteadyClock::now();
      tree.Apply(*diff);
      block.header.header.state_root = tree.Root();
      tree_seconds += Seconds(tree_start);
      const auto commit_start = SteadyClock::now();
      const auto id = chain::ComputeBlockId(block.header.header);
      if (auto c = (*store)->CommitBlock(block, id, block.header.header.height, *diff); !c) Fail(c.error().message);
      commit_seconds += Seconds(commit_start);
      parent = id;
    }
    // The store checkpoints its state table every ~120 such blocks; checkpointing once in these 12
    // blocks charges the run ten times the real rate, so the figure errs on the low side.
    const auto checkpoint_start = SteadyClock::now();
    if (auto c = (*store)->Checkpoint(); !c) Fail("checkpoint: " + c.error().message);
    const double checkpoint_seconds = Seconds(checkpoint_start);
    const double elapsed = Seconds(start);
    const double rate = total_txs / elapsed;
    report.Figure("apply_commit_tx_per_s", rate, "apply + state root + SQLite commit (1 core)", "tx/s");
    report.Figure("apply_commit_vs_raw_verify", rate / raw, "ratio to raw verify (goal >= 1.5)", "x");
    report.Figure("tree_ms_per_block", 1000 * tree_seconds / BLOCKS, "state tree update + root per block", "ms");
    report.Figure("commit_ms_per_block", 1000 * commit_seconds / BLOCKS, "SQLite commit per block", "ms");
    report.Figure("checkpoint_ms", 1000 * checkpoint_seconds, "state checkpoint (once per run, timed)", "ms");
    store->reset();  // closing folds the WAL into the database file
    const auto after_bytes = FolderBytes(dir);
    report.Figure("disk_bytes_per_tx", static_cast<double>(after_bytes - before_bytes) / total_txs,
                  "bytes on disk per transaction", "bytes");
    std::filesystem::remove_all(dir);
  }

  std::printf("\n");
  report.PrintJson();
  return 0;
}

}  // namespace cairn::bench
