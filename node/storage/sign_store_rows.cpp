#include "storage/sign_store_rows.h"

#include <cstring>

namespace cairn::storage::sign_rows {

// Database's messages say "chain database"; this file is not one.
StorageError Relabel(StorageError e) {
  static constexpr std::string_view FROM = "chain database";
  if (e.message.compare(0, FROM.size(), FROM) == 0) e.message.replace(0, FROM.size(), "slashing-protection database");
  return e;
}

StorageError Problem(StorageError::Kind kind, const std::string& path, const std::string& what) {
  return {kind, "slashing-protection database '" + path + "': " + what};
}

util::Unexpected<InterchangeError> ImportFault(StorageError e) {
  e = Relabel(std::move(e));
  return util::Err(InterchangeError{InterchangeError::Kind::Storage, "", "import failed, nothing was imported: " + e.message});
}

bool SameKnownRoot(const Statement& stmt, int column, const SigningRoot& root) {
  if (root.IsZero() || stmt.IsNull(column)) return false;
  const auto stored = stmt.Blob(column);
  return stored.size() == SigningRoot::SIZE && std::memcmp(stored.data(), root.data(), SigningRoot::SIZE) == 0;
}

void BindRoot(Statement& stmt, int index, const std::optional<SigningRoot>& root) {
  if (root && !root->IsZero()) {
    stmt.Bind(index, root->span());
  } else {
    stmt.BindNull(index);
  }
}

util::Result<std::optional<ValidatorRow>, StorageError> FindValidator(Database& db, const std::string& pubkey) {
  auto stmt = db.Prepare(
      "SELECT id, block_watermark, source_watermark, target_watermark FROM validators WHERE pubkey = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->BindText(1, pubkey);
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<ValidatorRow>();
  ValidatorRow v;
  v.id = stmt->Int(0);
  if (!stmt->IsNull(1)) v.block_watermark = stmt->Int(1);
  if (!stmt->IsNull(2)) v.source_watermark = stmt->Int(2);
  if (!stmt->IsNull(3)) v.target_watermark = stmt->Int(3);
  CAIRN_STORAGE_TRY(stmt->Run());  // finish the statement (one row at most)
  return std::optional<ValidatorRow>(v);
}

util::Result<std::int64_t, StorageError> ValidatorId(Database& db, const std::string& pubkey) {
  auto found = FindValidator(db, pubkey);
  if (!found) return util::Err(std::move(found).error());
  if (*found) return (*found)->id;
  auto insert = db.Prepare("INSERT INTO validators(pubkey) VALUES(?1)");
  if (!insert) return util::Err(std::move(insert).error());
  CAIRN_STORAGE_TRY(insert->BindText(1, pubkey).Run());
  return db.LastInsertRowId();
}

util::Result<std::optional<SurroundHit>, StorageError> FindSurround(Database& db, std::int64_t validator,
                                                                    std::int64_t source, std::int64_t target) {
  {
    auto stmt = db.Prepare(
        "SELECT source, target FROM signed_votes WHERE validator = ?1 AND source > ?2 AND target < ?3 LIMIT 1");
    if (!stmt) return util::Err(std::move(stmt).error());
    stmt->Bind(1, validator).Bind(2, source).Bind(3, target);
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (*row) {
      SurroundHit hit{SignRefusal::Kind::SurroundingVote, stmt->Int(0), stmt->Int(1)};
      CAIRN_STORAGE_TRY(stmt->Run());
      return std::optional<SurroundHit>(hit);
    }
  }
  auto stmt = db.Prepare(
      "SELECT source, target FROM signed_votes WHERE validator = ?1 AND source < ?2 AND target > ?3 LIMIT 1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, validator).Bind(2, source).Bind(3, target);
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<SurroundHit>();
  SurroundHit hit{SignRefusal::Kind::SurroundedVote, stmt->Int(0), stmt->Int(1)};
  CAIRN_STORAGE_TRY(stmt->Run());
  return std::optional<SurroundHit>(hit);
}

}  // namespace cairn::storage::sign_rows
