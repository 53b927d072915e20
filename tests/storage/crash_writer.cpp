// storage_crash_writer <database> [accounts] [txs-per-block]
//
// Opens (or creates) a chain database and commits the synthetic chain forever, with state
// checkpoints every 7 blocks, a revert and re-commit every 13th block and indexer batches every 3rd,
// so a SIGKILL lands inside every kind of transaction. Prints "ready <height>" once it has opened the
// database and loaded the state, then nothing; exits non-zero with a message on any error.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "storage/chain_store.h"
#include "storage/indexer.h"
#include "synthetic_chain.h"
#include "util/log.h"

using namespace cairn;

namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "crash_writer: %s\n", what.c_str());
  std::exit(2);
}

template <class R>
void Check(const R& result, const char* what) {
  if (!result) Die(std::string(what) + ": " + result.error().message);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: storage_crash_writer <database> [accounts] [txs-per-block]");
  util::LogConfig log;
  log.levels.fill(util::LogLevel::Warn);
  if (!util::ConfigureLogging(log)) Die("logging");
  const std::string path = argv[1];
  const auto accounts = static_cast<std::uint32_t>(argc > 2 ? std::atoi(argv[2]) : 300);
  const auto txs = static_cast<std::uint32_t>(argc > 3 ? std::atoi(argv[3]) : 40);
  const test::SyntheticChain chain(accounts, txs, true);

  auto opened = storage::ChainStore::Open(path, storage::OpenMode::CreateIfMissing, chain.chain_id(), chain.genesis_hash());
  Check(opened, "open");
  storage::ChainStore& store = **opened;
  store.SetCheckpointInterval(7, 1ull << 40);
  if (!store.head()) Check(store.CommitGenesis(chain.Genesis()), "genesis");
  auto loaded = store.LoadState();
  Check(loaded, "load state");
  state::MemoryState state = std::move(loaded).value();
  auto indexer = storage::Indexer::Open(path, {chain.chain_id(), chain.genesis_hash()});
  Check(indexer, "open indexer");

  std::printf("ready %llu\n", static_cast<unsigned long long>(store.head()->height));
  std::fflush(stdout);

  for (;;) {
    const chain::Height height = store.head()->height + 1;
    const test::SyntheticBlock made = chain.Make(state, height, store.head()->id);
    Check(store.CommitBlock(made.block, made.id, height, made.diff), "commit");
    if (!state.Apply(made.diff)) Die("apply");
    if (height % 13 == 0) {
      auto reverted = store.RevertHead();
      Check(reverted, "revert");
      if (!state.Apply(state::Inverse(*reverted))) Die("undo");
      Check(store.CommitBlock(made.block, made.id, height, made.diff), "re-commit");
      if (!state.Apply(made.diff)) Die("re-apply");
    }
    if (height % 3 == 0) Check((*indexer)->IndexUpTo(4), "index");
    if (height % 50 == 0) Check(store.Checkpoint(), "checkpoint");
  }
}
