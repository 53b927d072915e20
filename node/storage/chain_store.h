// ChainStore: the chain's single writer on SQLite (WAL mode). Per applied block ONE transaction
// stores the block (header and body as two blobs), its canonical-chain row and its state diff, so a
// `kill -9` at any instant leaves the database at the last committed block. With Durability::Full
// (the default) a power loss does too; with Normal it may leave an earlier, still complete, block.
//
// State. The node keeps the whole state in memory; the database lets it rebuild that state at
// start-up: the `state` table holds the state at the checkpoint height, and the diffs of the blocks
// above it are replayed (MemoryState::Apply checks each diff's `before` values, so a gap or a
// damaged row is detected, never silently accepted). A state checkpoint writes only the keys changed
// since the previous one; it runs inside the transaction of the block that makes it due (or when
// Checkpoint() is called), so its cost is paid in one commit every `blocks` blocks or `diff_bytes`
// bytes of diffs. A digest of the state table, kept in the meta table, proves it intact on reload.
//
// Forks. Blocks are stored by id (several per height may exist: StoreBlock keeps a fork block
// without applying it); `canonical` maps height -> id for the applied chain, whose head is its
// highest row. RevertHead undoes the head block in one transaction (also removing its explorer index
// rows and, if a checkpoint already covers it, rolling the state table back) and returns its diff.
// Height 0 is the genesis: its id is the genesis hash and it has no block row; block 1's parent must
// be the genesis hash.
//
// Files. `<path>` is the SQLite database, beside it SQLite's `<path>-wal` and `<path>-shm`, and
// `<path>.lock`, an advisory lock (flock) that keeps a second writer process out. A file that is not
// a Cairn chain database, is damaged, comes from a newer Cairn or belongs to another chain is refused
// with StorageError::Kind::Invalid and left byte for byte as it was.
//
// Thread safety: not thread-safe; one thread (the chain thread) owns a ChainStore. Readers open
// their own ChainReader connections in any thread or process, and an Indexer may write the explorer
// tables from another thread: SQLite serialises the writers (a writer waits up to
// StoreOptions::busy_timeout for the lock).
// Failure: every call returns a StorageError; a failed call wrote nothing. If a COMMIT itself fails
// (an I/O error at the very end), whether the block reached the disk is unknown: the store then
// refuses further writes with Kind::Io until it is reopened, which reads the truth back.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chain/block.h"
#include "state/state_diff.h"
#include "storage/pending_state.h"
#include "storage/storage_error.h"
#include "storage/types.h"
#include "util/result.h"

namespace cairn::storage {

// The chain database's file name inside a network folder (<datadir>/<network>/).
inline constexpr const char* CHAIN_DB_FILE_NAME = "chain.sqlite";

class Database;

class ChainStore {
 public:
  // Opens (or, with CreateIfMissing and no file at `path`, creates) the chain database of the chain
  // identified by `chain_id` and `genesis_hash`, upgrading an older schema. Does not load the state.
  static util::Result<std::unique_ptr<ChainStore>, StorageError> Open(const std::string& path, OpenMode mode,
                                                                      const chain::ChainId& chain_id,
                                                                      const crypto::Hash256& genesis_hash,
                                                                      const StoreOptions& options = {});
  ~ChainStore();
  ChainStore(const ChainStore&) = delete;
  ChainStore& operator=(const ChainStore&) = delete;

  // Stores the genesis state as height 0 (the head becomes {0, genesis hash}). Misuse if a genesis
  // is already stored.
  [[nodiscard]] util::Result<void, StorageError> CommitGenesis(const state::MemoryState& genesis_state);

  // Appends `block` (whose id is `id`, at `height` == head + 1, parent == head id) with the state
  // diff that applying it produced. Misuse, writing nothing, when the block does not extend the head
  // or the diff is malformed or contradicts the stored chain.
  [[nodiscard]] util::Result<void, StorageError> CommitBlock(const chain::Block& block, const chain::BlockId& id,
                                                             std::uint64_t height, const state::StateDiff& diff);

  // Keeps a block that is not (yet) on the applied chain, e.g. a fork block, by id.
  [[nodiscard]] util::Result<void, StorageError> StoreBlock(const chain::Block& block, const chain::BlockId& id);

  // Undoes the head block: the head moves to its parent. Returns the block's diff (apply
  // state::Inverse of it to the in-memory state). Misuse at the genesis or when its diff was pruned.
  [[nodiscard]] util::Result<state::StateDiff, StorageError> RevertHead();

  // The state at the head: the checkpoint plus the replayed diffs. Invalid when anything read
  // disagrees (digest, checksum, a diff that does not fit). Misuse before the genesis.
  [[nodiscard]] util::Result<state::MemoryState, StorageError> LoadState();

  // Writes a state checkpoint at the head now (a no-op when nothing changed since the last one).
  [[nodiscard]] util::Result<void, StorageError> Checkpoint();
  // A checkpoint runs with the block that brings the un-checkpointed chain to `blocks` blocks or
  // `diff_bytes` bytes of encoded diffs, whichever comes first (default 1000 blocks, 64 MiB). Bounds
  // start-up replay and memory; each checkpoint writes the keys changed since the previous one (for
  // 5,000-transfer blocks among 100,000 accounts: every ~120 blocks, ~95,000 rows, ~0.2-0.3 s).
  void SetCheckpointInterval(std::uint64_t blocks, std::uint64_t diff_bytes);
  bool CheckpointDue() const;

  // Deletes the diffs of every block below `height`, and the blocks below it that are not on the
  // applied chain. The caller guarantees those heights are final; `height` may not exceed the
  // checkpoint height + 1 (later diffs are needed to rebuild the state). Blocks stay.
  [[nodiscard]] util::Result<void, StorageError> PruneDiffsBelow(std::uint64_t height);

  std::optional<Head> head() const { return m_head; }
  chain::Height checkpoint_height() const { return m_checkpoint_height; }
  const std::string& path() const { return m_path; }

  // Tests only: runs inside every write transaction just before COMMIT.
  void SetBeforeCommitHookForTesting(std::function<void()> hook) { m_before_commit = std::move(hook); }

 private:
  ChainStore() = default;
  util::Result<void, StorageError> Writable() const;
  util::Result<void, StorageError> EnsurePending();
  bool DueAfter(std::uint64_t extra_diff_bytes) const;
  // Runs `body` in a write transaction and commits it; a failed COMMIT breaks the store.
  util::Result<void, StorageError> Write(const std::function<util::Result<void, StorageError>()>& body);
  struct CheckpointResult {
    StateDigest digest;
    std::int64_t count = 0;
  };
  util::Result<CheckpointResult, StorageError> WriteCheckpointRows(chain::Height at);
  void FinishCheckpoint(const CheckpointResult& result, chain::Height at);

  std::string m_path;
  std::unique_ptr<Database> m_db;
  int m_lock_fd = -1;
  ChainIdentity m_identity;
  std::optional<Head> m_head;
  chain::Height m_checkpoint_height = 0;
  StateDigest m_digest;
  std::int64_t m_state_count = 0;
  PendingState m_pending;  // keys changed between the checkpoint and the head
  bool m_pending_loaded = false;
  std::uint64_t m_pending_diff_bytes = 0;
  std::uint64_t m_interval_blocks = 1000;
  std::uint64_t m_interval_bytes = 64ull << 20;
  bool m_broken = false;
  std::function<void()> m_before_commit;
};

}  // namespace cairn::storage
