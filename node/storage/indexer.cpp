#include "storage/indexer.h"

#include <algorithm>

#include "storage/chain_tables.h"
#include "storage/database.h"
#include "storage/index_rows.h"
#include "storage/schema.h"
#include "util/log.h"

namespace cairn::storage {

Indexer::Indexer(std::unique_ptr<Database> db) : m_db(std::move(db)) {}
Indexer::~Indexer() = default;

util::Result<std::unique_ptr<Indexer>, StorageError> Indexer::Open(const std::string& path, const ChainIdentity& identity,
                                                                   const StoreOptions& options) {
  auto db = OpenExisting(path, Access::ReadWrite, identity, options.busy_timeout);
  if (!db) return util::Err(std::move(db).error());
  const char* sync = options.durability == Durability::Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  CAIRN_STORAGE_TRY((*db)->Exec(sync));
  return std::unique_ptr<Indexer>(new Indexer(std::move(db).value()));
}

util::Result<IndexProgress, StorageError> Indexer::IndexUpTo(std::uint64_t max_blocks) {
  // IMMEDIATE: the heights read and the rows written belong to the same snapshot of the chain.
  auto tx = Transaction::Begin(*m_db, TxMode::Write);
  if (!tx) return util::Err(std::move(tx).error());
  IndexProgress progress;
  auto head = ReadHead(*m_db);
  if (!head) return util::Err(std::move(head).error());
  if (!*head) return progress;
  progress.head_height = (*head)->height;
  auto indexed = RequiredMetaHeight(*m_db, META_INDEXED_HEIGHT);
  if (!indexed) return util::Err(std::move(indexed).error());
  progress.indexed_height = *indexed;
  if (*indexed > progress.head_height) {
    return util::Err(m_db->Fail(StorageError::Kind::Invalid, "its indexes claim height " + std::to_string(*indexed) +
                                                                 " above the head: the database is damaged"));
  }
  const chain::Height target = *indexed + std::min<std::uint64_t>(max_blocks, progress.head_height - *indexed);
  for (chain::Height h = *indexed + 1; h <= target; ++h) {
    auto rows = IndexCanonicalBlock(*m_db, h, IndexOp::Insert);
    if (!rows) return util::Err(std::move(rows).error());
    progress.rows_written += *rows;
    ++progress.blocks_indexed;
  }
  if (target == *indexed) return progress;
  CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_INDEXED_HEIGHT, static_cast<std::int64_t>(target)));
  CAIRN_STORAGE_TRY(tx->Commit());
  progress.indexed_height = target;
  CAIRN_LOG(Storage, Debug) << "indexed blocks up to height " << target << " (" << progress.rows_written << " rows)";
  return progress;
}

}  // namespace cairn::storage
