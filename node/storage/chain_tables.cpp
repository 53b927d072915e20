#include "storage/chain_tables.h"

#include <string>

namespace cairn::storage {
namespace {

StorageError Damaged(const Database& db, const std::string& what) {
  return db.Fail(StorageError::Kind::Invalid, what + ": the database is damaged; it was left untouched");
}

util::Result<chain::BlockId, StorageError> HashColumn(const Database& db, const Statement& stmt, int column,
                                                      std::string_view what) {
  const auto blob = stmt.Blob(column);
  if (blob.size() != chain::BlockId::SIZE) return util::Err(Damaged(db, "a malformed " + std::string(what)));
  return chain::BlockId::FromSpan(blob);
}

}  // namespace

util::Result<std::optional<Head>, StorageError> ReadHead(Database& db) {
  auto stmt = db.Prepare("SELECT height, hash FROM canonical ORDER BY height DESC LIMIT 1");
  if (!stmt) return util::Err(std::move(stmt).error());
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<Head>();
  auto hash = HashColumn(db, *stmt, 1, "canonical block hash");
  if (!hash) return util::Err(std::move(hash).error());
  if (stmt->Int(0) < 0) return util::Err(Damaged(db, "a negative canonical height"));
  return std::optional<Head>(Head{static_cast<chain::Height>(stmt->Int(0)), *hash});
}

util::Result<std::optional<chain::BlockId>, StorageError> CanonicalHash(Database& db, chain::Height height) {
  auto stmt = db.Prepare("SELECT hash FROM canonical WHERE height = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, static_cast<std::int64_t>(height));
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<chain::BlockId>();
  auto hash = HashColumn(db, *stmt, 0, "canonical block hash");
  if (!hash) return util::Err(std::move(hash).error());
  return std::optional<chain::BlockId>(*hash);
}

util::Result<std::optional<BlockRow>, StorageError> FindBlock(Database& db, const chain::BlockId& id) {
  auto stmt = db.Prepare("SELECT id, height FROM blocks WHERE hash = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, id.span());
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<BlockRow>();
  return std::optional<BlockRow>(BlockRow{stmt->Int(0), static_cast<chain::Height>(stmt->Int(1)), id});
}

util::Result<std::optional<BlockRow>, StorageError> CanonicalBlock(Database& db, chain::Height height) {
  auto hash = CanonicalHash(db, height);
  if (!hash) return util::Err(std::move(hash).error());
  if (!*hash || height == 0) return std::optional<BlockRow>();
  auto found = FindBlock(db, **hash);
  if (!found) return util::Err(std::move(found).error());
  if (!*found || (*found)->height != height) {
    return util::Err(Damaged(db, "the canonical block at height " + std::to_string(height) + " is missing"));
  }
  return found;
}

util::Result<std::int64_t, StorageError> PutBlock(Database& db, const chain::Block& block, const chain::BlockId& id) {
  auto existing = FindBlock(db, id);
  if (!existing) return util::Err(std::move(existing).error());
  if (*existing) return (*existing)->rowid;
  const chain::BlockHeader& h = block.unsigned_header();
  const util::Bytes header = chain::Encode(block.header);
  const util::Bytes body = chain::Encode(block.body);
  auto stmt = db.Prepare(
      "INSERT INTO blocks(hash, height, slot, parent, proposer, header, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, id.span())
      .Bind(2, static_cast<std::int64_t>(h.height))
      .Bind(3, static_cast<std::int64_t>(h.slot))
      .Bind(4, h.parent_hash.span())
      .Bind(5, static_cast<std::int64_t>(h.proposer_index))
      .Bind(6, header)
      .Bind(7, body);
  CAIRN_STORAGE_TRY(stmt->Run());
  return db.LastInsertRowId();
}

util::Result<chain::SignedBlockHeader, StorageError> ReadHeader(Database& db, const BlockRow& row) {
  auto stmt = db.Prepare("SELECT header FROM blocks WHERE id = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, row.rowid);
  auto found = stmt->Step();
  if (!found) return util::Err(std::move(found).error());
  if (!*found) return util::Err(Damaged(db, "a block row vanished"));
  auto header = chain::DecodeSignedBlockHeader(stmt->Blob(0));
  if (!header || chain::ComputeBlockId(header->header) != row.id) {
    return util::Err(Damaged(db, "the stored header of the block at height " + std::to_string(row.height) +
                                     " does not match its id"));
  }
  return std::move(header).value();
}

util::Result<chain::Block, StorageError> ReadBlock(Database& db, const BlockRow& row) {
  auto stmt = db.Prepare("SELECT header, body FROM blocks WHERE id = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, row.rowid);
  auto found = stmt->Step();
  if (!found) return util::Err(std::move(found).error());
  if (!*found) return util::Err(Damaged(db, "a block row vanished"));
  const std::string where = "the stored block at height " + std::to_string(row.height);
  auto header = chain::DecodeSignedBlockHeader(stmt->Blob(0));
  if (!header || chain::ComputeBlockId(header->header) != row.id) {
    return util::Err(Damaged(db, where + " has a header that does not match its id"));
  }
  auto body = chain::DecodeBlockBody(stmt->Blob(1));
  if (!body) return util::Err(Damaged(db, where + " has an undecodable body (" + body.error().Message() + ")"));
  chain::Block block{std::move(header).value(), std::move(body).value()};
  const chain::BodyRoots roots = chain::ComputeBodyRoots(block.body);
  const chain::BlockHeader& h = block.unsigned_header();
  if (roots.tx_root != h.tx_root || roots.vote_root != h.vote_root || roots.evidence_root != h.evidence_root) {
    return util::Err(Damaged(db, where + " has a body that does not match its header's roots"));
  }
  return block;
}

util::Result<util::Bytes, StorageError> ReadBodyBytes(Database& db, const BlockRow& row) {
  auto stmt = db.Prepare("SELECT body FROM blocks WHERE id = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, row.rowid);
  auto found = stmt->Step();
  if (!found) return util::Err(std::move(found).error());
  if (!*found) return util::Err(Damaged(db, "a block row vanished"));
  const auto blob = stmt->Blob(0);
  return util::Bytes(blob.begin(), blob.end());
}

util::Result<std::optional<DiffBlob>, StorageError> ReadDiff(Database& db, const BlockRow& row) {
  auto stmt = db.Prepare("SELECT checksum, diff FROM diffs WHERE block = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, row.rowid);
  auto found = stmt->Step();
  if (!found) return util::Err(std::move(found).error());
  if (!*found) return std::optional<DiffBlob>();
  const auto blob = stmt->Blob(1);
  const std::string where = "the state diff of the block at height " + std::to_string(row.height);
  const auto stored = stmt->Blob(0);
  if (stored.size() != crypto::Hash256::SIZE || crypto::Sha256(blob) != crypto::Hash256::FromSpan(stored)) {
    return util::Err(Damaged(db, where + " does not match its checksum"));
  }
  auto diff = state::DecodeStateDiff(blob);
  if (!diff) return util::Err(Damaged(db, where + " is undecodable (" + diff.error().Message() + ")"));
  return std::optional<DiffBlob>(DiffBlob{blob.size(), std::move(diff).value()});
}

util::Result<void, StorageError> PutDiff(Database& db, std::int64_t block_rowid, util::ByteSpan encoded) {
  const crypto::Hash256 checksum = crypto::Sha256(encoded);
  auto stmt = db.Prepare("INSERT OR REPLACE INTO diffs(block, checksum, diff) VALUES(?1, ?2, ?3)");
  if (!stmt) return util::Err(std::move(stmt).error());
  return stmt->Bind(1, block_rowid).Bind(2, checksum.span()).Bind(3, encoded).Run();
}

}  // namespace cairn::storage
