// Indexer: builds the explorer indexes (transactions by id, by account, by validator and by
// proposal; proposal submissions; blocks by proposer) just behind the committed chain, so the block
// commit path writes no per-transaction rows.
//
// Each IndexUpTo call indexes up to `max_blocks` canonical blocks above meta.indexed_height in ONE
// transaction that also advances indexed_height, so a crash loses at most that batch and the next
// call resumes where the last committed batch ended; re-indexing a block is harmless (idempotent
// rows). ChainStore::RevertHead removes the rows of a reverted block in its own transaction, so the
// indexes only ever describe the canonical chain up to indexed_height <= head. Readers report
// indexed_height with every answer.
//
// Thread safety: not thread-safe; one thread owns an Indexer. It has its own read-write connection,
// so it may run in another thread than the ChainStore (SQLite serialises their transactions: keep
// batches small so the chain thread never waits long) or in the same thread between blocks.
// Failure: a failed call wrote nothing. Invalid when a stored block cannot be decoded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/storage_error.h"
#include "storage/types.h"
#include "util/result.h"

namespace cairn::storage {

class Database;

struct IndexProgress {
  chain::Height indexed_height = 0;  // after this call
  chain::Height head_height = 0;     // the canonical head this call saw
  std::uint64_t blocks_indexed = 0;  // by this call
  std::uint64_t rows_written = 0;    // by this call
  bool caught_up() const { return indexed_height >= head_height; }
};

class Indexer {
 public:
  // Opens an existing chain database of the current schema version (the ChainStore creates and
  // upgrades it) and checks it belongs to `identity`.
  static util::Result<std::unique_ptr<Indexer>, StorageError> Open(const std::string& path, const ChainIdentity& identity,
                                                                   const StoreOptions& options = {});
  ~Indexer();
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  // Indexes the next canonical blocks, at most `max_blocks`, in one transaction.
  [[nodiscard]] util::Result<IndexProgress, StorageError> IndexUpTo(std::uint64_t max_blocks);

 private:
  explicit Indexer(std::unique_ptr<Database> db);
  std::unique_ptr<Database> m_db;
};

}  // namespace cairn::storage
