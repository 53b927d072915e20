// Internal to node/storage: reads and writes of the chain tables (blocks, canonical, diffs) shared by
// the writer, the indexer and the readers. Every read checks what it can: a diff against its
// checksum, a header against its block id; a mismatch is Invalid (the file is damaged).
//
// Thread safety: free functions over a Database the caller owns; call inside a transaction when
// several reads must agree.
#pragma once

#include <cstdint>
#include <optional>

#include "chain/block.h"
#include "state/state_diff.h"
#include "storage/database.h"
#include "storage/types.h"

namespace cairn::storage {

util::Result<std::optional<Head>, StorageError> ReadHead(Database& db);
util::Result<std::optional<chain::BlockId>, StorageError> CanonicalHash(Database& db, chain::Height height);

struct BlockRow {
  std::int64_t rowid = 0;
  chain::Height height = 0;
  chain::BlockId id;
};
util::Result<std::optional<BlockRow>, StorageError> FindBlock(Database& db, const chain::BlockId& id);
// The canonical block at `height` (not the genesis, which has no block row).
util::Result<std::optional<BlockRow>, StorageError> CanonicalBlock(Database& db, chain::Height height);

// Stores a block row (a no-op when a block with that id is stored). Returns its rowid.
util::Result<std::int64_t, StorageError> PutBlock(Database& db, const chain::Block& block, const chain::BlockId& id);

util::Result<chain::SignedBlockHeader, StorageError> ReadHeader(Database& db, const BlockRow& row);
util::Result<chain::Block, StorageError> ReadBlock(Database& db, const BlockRow& row);
// The encoded body: the indexer decodes only what it needs.
util::Result<util::Bytes, StorageError> ReadBodyBytes(Database& db, const BlockRow& row);

// The block's diff; nullopt when none is stored (pruned, or a block never applied).
struct DiffBlob {
  std::size_t encoded_size = 0;
  state::StateDiff diff;
};
util::Result<std::optional<DiffBlob>, StorageError> ReadDiff(Database& db, const BlockRow& row);
util::Result<void, StorageError> PutDiff(Database& db, std::int64_t block_rowid, util::ByteSpan encoded);

}  // namespace cairn::storage
