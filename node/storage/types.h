// Plain values shared by the storage API: heads, positions, pages and options.
// Thread safety: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "chain/block.h"
#include "chain/ids.h"
#include "chain/transaction.h"
#include "crypto/sha256.h"

namespace cairn::storage {

enum class OpenMode : std::uint8_t {
  CreateIfMissing,  // create a new database when the path does not exist
  MustExist,        // fail (Io) when it does not
};

// How a writer's commit reaches the disk (PRAGMA synchronous in WAL mode).
enum class Durability : std::uint8_t {
  Full,    // the WAL is fsynced at every commit: a committed block survives power loss
  Normal,  // fsync only at WAL checkpoints: survives a process crash, may lose the last commits on
           // power loss (never corrupts). For benchmarks and throwaway chains.
};

enum class IntegrityCheck : std::uint8_t {
  None,   // trust the file (SQLite still reports damage it meets while reading)
  Quick,  // PRAGMA quick_check at open: reads every page, O(database size)
};

struct StoreOptions {
  Durability durability = Durability::Full;
  IntegrityCheck integrity_check = IntegrityCheck::None;
  // How long a writer waits for the lock held by another connection (an indexer batch) before Io.
  std::chrono::milliseconds busy_timeout{10'000};
};

struct ChainIdentity {
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
  bool operator==(const ChainIdentity&) const = default;
};

// The tip of the applied chain. Height 0 is the genesis, whose id is the genesis hash.
struct Head {
  chain::Height height = 0;
  chain::BlockId id;
  bool operator==(const Head&) const = default;
};

// Where a transaction sits in the canonical chain; newer positions compare greater.
struct TxPosition {
  chain::Height height = 0;
  std::uint32_t index = 0;  // index in the block's transaction list
  auto operator<=>(const TxPosition&) const = default;
};

struct TxRecord {
  chain::TxId id;
  TxPosition position;
  chain::BlockId block_id;
  chain::Transaction tx;
};

// One page of a newest-first list. Pass `next` as `before` to get the following page; no `next` means
// the list is exhausted. `indexed_height` is how far the explorer indexes reach: transactions in
// blocks above it are not in any answer yet.
struct TxPage {
  std::vector<TxRecord> txs;
  std::optional<TxPosition> next;
  chain::Height indexed_height = 0;
};

struct BlockSummary {
  chain::Height height = 0;
  chain::BlockId id;
  chain::SignedBlockHeader header;
};

struct BlockPage {
  std::vector<BlockSummary> blocks;
  std::optional<chain::Height> next;  // pass as `before`
  chain::Height indexed_height = 0;
};

struct StoredBlock {
  chain::Height height = 0;
  chain::BlockId id;
  bool canonical = false;
  chain::Block block;
};

// A lookup answer together with the indexed height it reflects.
template <class T>
struct Indexed {
  T value;
  chain::Height indexed_height = 0;
};

struct ChainStatus {
  std::optional<Head> head;        // nullopt before the genesis is committed
  chain::Height checkpoint_height = 0;  // the state table holds the state at this height
  chain::Height indexed_height = 0;     // explorer indexes cover heights 1..indexed_height
};

inline constexpr std::size_t MAX_PAGE_SIZE = 1000;

}  // namespace cairn::storage
