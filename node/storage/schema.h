// Internal to node/storage: what makes a file a Cairn chain database, and how one is created,
// recognised and upgraded.
//
//  - PRAGMA application_id = APPLICATION_ID marks the file as ours; anything else is "not a Cairn
//    chain database". The first 100 bytes are read with plain file I/O before SQLite opens the file,
//    so a foreign file (even a SQLite file with a hot rollback journal, which SQLite would roll back
//    on first read) is refused without a single write.
//  - PRAGMA user_version = schema version. MIGRATIONS upgrade an older file one version at a time,
//    each in its own transaction that also sets user_version (a crash leaves either version). A file
//    from a newer Cairn is refused and never touched.
//  - The meta table holds the chain identity (chain id, genesis hash), checked on every open, and the
//    writer's bookkeeping (checkpoint height, state digest, indexed height).
//  - A new database is built under a temporary name and linked into place only when complete, so the
//    path either does not exist or holds a fully initialised database.
//
// Thread safety: free functions over a Database the caller owns (one thread at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "chain/ids.h"
#include "crypto/sha256.h"
#include "storage/database.h"
#include "storage/storage_error.h"
#include "storage/types.h"
#include "util/result.h"

namespace cairn::storage {

inline constexpr std::int32_t APPLICATION_ID = 0x43414952;  // "CAIR"
inline constexpr std::int64_t SCHEMA_VERSION = 2;
inline constexpr int PAGE_SIZE = 4096;

struct Migration {
  std::int64_t version;  // the user_version after it ran
  std::string_view description;
  const char* sql;
};
// In order; Migrations()[i].version == i + 1.
std::span<const Migration> Migrations();

// Creates a SQLite file at `path` so that `path` either does not exist or holds a complete file: it is
// built under "<path>.creating" (page size, `application_id`, then `populate` inside one write
// transaction), switched to WAL, synced, and linked into place; an existing `path` is never replaced.
util::Result<void, StorageError> CreateFileAtomically(
    const std::string& path, std::int64_t application_id,
    const std::function<util::Result<void, StorageError>(Database&)>& populate);

// The schema of `db` as one text (every table and index with its SQL, in a fixed order), to compare a
// file's schema with the one its migrations create: a file changed by another tool is refused.
util::Result<std::string, StorageError> SchemaText(Database& db);

// Meta keys.
inline constexpr const char* META_CHAIN_ID = "chain_id";
inline constexpr const char* META_GENESIS_HASH = "genesis_hash";
inline constexpr const char* META_CHECKPOINT_HEIGHT = "checkpoint_height";
inline constexpr const char* META_STATE_DIGEST = "state_digest";
inline constexpr const char* META_STATE_COUNT = "state_count";
inline constexpr const char* META_INDEXED_HEIGHT = "indexed_height";

enum class FileState : std::uint8_t { Missing, Empty, NotRegular, NotSqlite, Sqlite };
struct FileProbe {
  FileState state = FileState::Missing;
  std::uint64_t size = 0;
  std::uint32_t application_id = 0;  // from the header, when state == Sqlite
  std::uint32_t user_version = 0;    // may lag the WAL: only SQLite's answer is authoritative
  bool orphan_wal = false;           // Missing, but "<path>-wal" exists
};

// Looks at the file without SQLite. Fails (Io) only when the file exists but cannot be read.
util::Result<FileProbe, StorageError> ProbeFile(const std::string& path);
// Invalid unless the probe shows an existing SQLite file with Cairn's application id.
util::Result<void, StorageError> RequireCairnFile(const std::string& path, const FileProbe& probe);

// Creates a chain database at `path` (which must not exist) at schema `version` (tests build older
// versions to exercise migrations). Io if the path appeared meanwhile or the disk fails.
util::Result<void, StorageError> CreateDatabaseFile(const std::string& path, const chain::ChainId& chain_id,
                                                    const crypto::Hash256& genesis_hash,
                                                    std::int64_t version = SCHEMA_VERSION);

// Through SQLite: application id must be ours, user_version must be known. Returns user_version.
util::Result<std::int64_t, StorageError> CheckHeader(Database& db);
// Invalid unless the tables and indexes are exactly those `version`'s migrations create (a damaged
// schema page or a file changed by another tool would otherwise surface later as odd SQL errors).
util::Result<void, StorageError> CheckSchema(Database& db, std::int64_t version);
// Upgrades from `from` to SCHEMA_VERSION, one transaction per migration.
util::Result<void, StorageError> Migrate(Database& db, std::int64_t from);
// Invalid when the database belongs to another chain.
util::Result<void, StorageError> CheckIdentity(Database& db, const chain::ChainId& chain_id,
                                               const crypto::Hash256& genesis_hash);
util::Result<ChainIdentity, StorageError> ReadIdentity(Database& db);
// PRAGMA quick_check: Invalid with SQLite's first complaints when it fails.
util::Result<void, StorageError> QuickCheck(Database& db);

// Opens an existing Cairn database of the current schema version (no creation, no migration), for
// the Indexer and readers; checks the identity when one is given.
util::Result<std::unique_ptr<Database>, StorageError> OpenExisting(const std::string& path, Access access,
                                                                   const std::optional<ChainIdentity>& identity,
                                                                   std::chrono::milliseconds busy_timeout);

// Meta rows. A missing row is nullopt; a row of the wrong type is Invalid.
util::Result<std::optional<std::int64_t>, StorageError> MetaInt(Database& db, const char* key);
util::Result<std::optional<util::Bytes>, StorageError> MetaBlob(Database& db, const char* key);
util::Result<void, StorageError> SetMetaInt(Database& db, const char* key, std::int64_t value);
util::Result<void, StorageError> SetMetaBlob(Database& db, const char* key, util::ByteSpan value);
// A required integer meta row: Invalid when missing or negative.
util::Result<std::uint64_t, StorageError> RequiredMetaHeight(Database& db, const char* key);

}  // namespace cairn::storage
