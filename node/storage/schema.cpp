#include "storage/schema.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/hex.h"
#include "util/log.h"

namespace cairn::storage {
namespace {

// Version 1: the chain. Rowid tables for rows with large blobs (WITHOUT ROWID suits small rows
// only); small columns first so reading a header never walks the body's overflow pages.
constexpr const char* MIGRATION_1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID;
CREATE TABLE blocks(
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  height INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  parent BLOB NOT NULL,
  proposer INTEGER NOT NULL,
  header BLOB NOT NULL,
  body BLOB NOT NULL);
CREATE INDEX blocks_by_height ON blocks(height);
CREATE TABLE canonical(height INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE diffs(block INTEGER PRIMARY KEY, checksum BLOB NOT NULL, diff BLOB NOT NULL);
CREATE TABLE state(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
)sql";

// Version 2: explorer indexes, filled by the Indexer behind the chain. Compact keys: integer
// heights, 20-byte addresses, the first 8 bytes of a txid (collisions are resolved by hashing the
// stored transaction, so a ground prefix collision cannot hide a transaction).
constexpr const char* MIGRATION_2 = R"sql(
CREATE TABLE tx_offsets(height INTEGER PRIMARY KEY, offsets BLOB NOT NULL);
CREATE TABLE tx_by_id(prefix INTEGER NOT NULL, height INTEGER NOT NULL, pos INTEGER NOT NULL,
  PRIMARY KEY(prefix, height, pos)) WITHOUT ROWID;
CREATE TABLE tx_by_account(address BLOB NOT NULL, height INTEGER NOT NULL, pos INTEGER NOT NULL,
  PRIMARY KEY(address, height, pos)) WITHOUT ROWID;
CREATE TABLE blocks_by_proposer(proposer INTEGER NOT NULL, height INTEGER NOT NULL,
  PRIMARY KEY(proposer, height)) WITHOUT ROWID;
CREATE TABLE tx_by_validator(validator BLOB NOT NULL, height INTEGER NOT NULL, pos INTEGER NOT NULL,
  PRIMARY KEY(validator, height, pos)) WITHOUT ROWID;
CREATE TABLE tx_by_proposal(proposal INTEGER NOT NULL, height INTEGER NOT NULL, pos INTEGER NOT NULL,
  PRIMARY KEY(proposal, height, pos)) WITHOUT ROWID;
CREATE TABLE proposal_submissions(kind INTEGER NOT NULL, height INTEGER NOT NULL, pos INTEGER NOT NULL,
  PRIMARY KEY(kind, height, pos)) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES('indexed_height', 0);
)sql";

constexpr std::array<Migration, 2> MIGRATIONS = {{
    {1, "chain: blocks, canonical chain, state diffs, state checkpoint", MIGRATION_1},
    {2, "explorer indexes", MIGRATION_2},
}};
static_assert(MIGRATIONS.size() == SCHEMA_VERSION);

std::uint32_t BigEndian32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::string Quote(const std::string& path) { return "'" + path + "'"; }

std::string HexId(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

std::string ShortHash(const crypto::Hash256& h) { return util::ToHex(h.span()).substr(0, 16) + "..."; }

StorageError SysError(const std::string& path, std::string_view what) {
  return {StorageError::Kind::Io,
          "chain database " + Quote(path) + ": " + std::string(what) + " failed: " + std::strerror(errno)};
}

void RemoveIfPresent(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    CAIRN_LOG(Storage, Warn) << "could not remove leftover " << path << ": " << std::strerror(errno);
  }
}

util::Result<void, StorageError> SyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | (directory ? O_DIRECTORY : 0) | O_CLOEXEC);
  if (fd < 0) return util::Err(SysError(path, "opening for fsync"));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return util::Err(SysError(path, "fsync"));
  return {};
}

std::string DirectoryOf(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

util::Result<void, StorageError> RunMigration(Database& db, const Migration& m) {
  CAIRN_STORAGE_TRY(db.Exec(m.sql));
  const std::string set_version = "PRAGMA user_version = " + std::to_string(m.version);
  return db.Exec(set_version.c_str());
}

}  // namespace

util::Result<std::string, StorageError> SchemaText(Database& db) {
  auto stmt = db.Prepare("SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name");
  if (!stmt) return util::Err(std::move(stmt).error());
  std::string text;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    for (int c = 0; c < 4; ++c) text += stmt->Text(c) + '\x1f';
    text += '\x1e';
  }
  return text;
}

std::span<const Migration> Migrations() { return MIGRATIONS; }

util::Result<FileProbe, StorageError> ProbeFile(const std::string& path) {
  FileProbe probe;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return util::Err(SysError(path, "looking at the file"));
    struct stat wal {};
    probe.orphan_wal = ::stat((path + "-wal").c_str(), &wal) == 0;
    return probe;
  }
  if (!S_ISREG(st.st_mode)) {
    probe.state = FileState::NotRegular;
    return probe;
  }
  probe.size = static_cast<std::uint64_t>(st.st_size);
  if (probe.size == 0) {
    probe.state = FileState::Empty;
    return probe;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return util::Err(SysError(path, "reading the file header"));
  std::array<unsigned char, 100> header{};
  const std::size_t got = std::fread(header.data(), 1, header.size(), f);
  std::fclose(f);
  static constexpr char MAGIC[] = "SQLite format 3";  // with its NUL: 16 bytes
  if (got < header.size() || std::memcmp(header.data(), MAGIC, sizeof MAGIC) != 0) {
    probe.state = FileState::NotSqlite;
    return probe;
  }
  probe.state = FileState::Sqlite;
  probe.user_version = BigEndian32(header.data() + 60);
  probe.application_id = BigEndian32(header.data() + 68);
  return probe;
}

util::Result<void, StorageError> RequireCairnFile(const std::string& path, const FileProbe& probe) {
  const std::string name = Quote(path);
  const std::string untouched = "; it was left untouched";
  switch (probe.state) {
    case FileState::Missing:
      return util::Err(StorageError{StorageError::Kind::Io, "chain database " + name + " does not exist"});
    case FileState::Empty:
      return util::Err(StorageError{StorageError::Kind::Invalid,
                                    name + " is an empty file, not a Cairn chain database" + untouched +
                                        " (move it away to create a new database there)"});
    case FileState::NotRegular:
      return util::Err(StorageError{StorageError::Kind::Invalid, name + " is not a regular file" + untouched});
    case FileState::NotSqlite:
      return util::Err(StorageError{StorageError::Kind::Invalid,
                                    name + " is not a SQLite database (a different kind of file, or damaged "
                                           "beyond recognition), so not a Cairn chain database" + untouched});
    case FileState::Sqlite:
      break;
  }
  if (probe.application_id != static_cast<std::uint32_t>(APPLICATION_ID)) {
    return util::Err(StorageError{StorageError::Kind::Invalid,
                                  name + " is a SQLite database of another application (application_id " +
                                      HexId(probe.application_id) + "), not a Cairn chain database" + untouched});
  }
  return {};
}

util::Result<void, StorageError> CreateFileAtomically(
    const std::string& path, std::int64_t application_id,
    const std::function<util::Result<void, StorageError>(Database&)>& populate) {
  // Leftovers of an earlier creation that crashed are ours to discard: they were never linked in.
  const std::string temp = path + ".creating";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) RemoveIfPresent(temp + suffix);
  {
    auto opened = Database::Create(temp);
    if (!opened) return util::Err(std::move(opened).error());
    Database& db = **opened;
    const std::string setup = "PRAGMA page_size = " + std::to_string(PAGE_SIZE) + "; PRAGMA journal_mode = DELETE;";
    CAIRN_STORAGE_TRY(db.Exec(setup.c_str()));
    CAIRN_STORAGE_TRY(db.Begin(TxMode::Write));
    const std::string app = "PRAGMA application_id = " + std::to_string(application_id);
    CAIRN_STORAGE_TRY(db.Exec(app.c_str()));
    CAIRN_STORAGE_TRY(populate(db));
    CAIRN_STORAGE_TRY(db.Commit());
    auto mode = db.PragmaText("PRAGMA journal_mode = WAL");
    if (!mode) return util::Err(std::move(mode).error());
    if (*mode != "wal") return util::Err(db.Fail(StorageError::Kind::Io, "cannot switch to WAL mode (got " + *mode + ")"));
  }  // closing the last connection folds the WAL into the file and removes it
  CAIRN_STORAGE_TRY(SyncPath(temp, false));
  // link() fails when the path exists: a database that appeared meanwhile is never replaced.
  if (::link(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    RemoveIfPresent(temp);
    errno = err;
    return util::Err(SysError(path, "putting the new database in place"));
  }
  RemoveIfPresent(temp);
  CAIRN_STORAGE_TRY(SyncPath(DirectoryOf(path), true));
  return {};
}

util::Result<void, StorageError> CreateDatabaseFile(const std::string& path, const chain::ChainId& chain_id,
                                                    const crypto::Hash256& genesis_hash, std::int64_t version) {
  if (version < 1 || version > SCHEMA_VERSION) {
    return util::Err(StorageError{StorageError::Kind::Misuse, "unknown schema version " + std::to_string(version)});
  }
  auto created = CreateFileAtomically(path, APPLICATION_ID, [&](Database& db) -> util::Result<void, StorageError> {
    for (const auto& m : MIGRATIONS) {
      if (m.version > version) break;
      CAIRN_STORAGE_TRY(RunMigration(db, m));
    }
    auto put = db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)");
    if (!put) return util::Err(std::move(put).error());
    CAIRN_STORAGE_TRY(put->BindText(1, META_CHAIN_ID).BindText(2, chain_id.str()).Run());
    CAIRN_STORAGE_TRY(put->BindText(1, META_GENESIS_HASH).Bind(2, genesis_hash.span()).Run());
    return {};
  });
  if (!created) return created;
  CAIRN_LOG(Storage, Info) << "created chain database " << path << " for chain " << chain_id.str();
  return {};
}

util::Result<std::int64_t, StorageError> CheckHeader(Database& db) {
  auto app = db.PragmaInt("PRAGMA application_id");
  if (!app) return util::Err(std::move(app).error());
  if (*app != APPLICATION_ID) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "not a Cairn chain database (application_id " +
                                 HexId(static_cast<std::uint32_t>(*app)) + "); it was left untouched"));
  }
  auto version = db.PragmaInt("PRAGMA user_version");
  if (!version) return util::Err(std::move(version).error());
  if (*version > SCHEMA_VERSION) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "written by a newer Cairn (schema version " + std::to_string(*version) +
                                 "; this program knows versions up to " + std::to_string(SCHEMA_VERSION) +
                                 "); refusing to open it, it was left untouched"));
  }
  if (*version < 1) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "has Cairn's application id but no schema (user_version 0): an incomplete or "
                             "damaged database; it was left untouched"));
  }
  return *version;
}

util::Result<void, StorageError> CheckSchema(Database& db, std::int64_t version) {
  // The reference: the same migrations run on an empty in-memory database.
  auto reference = Database::Create(":memory:");
  if (!reference) return util::Err(std::move(reference).error());
  for (const auto& m : MIGRATIONS) {
    if (m.version > version) break;
    CAIRN_STORAGE_TRY(RunMigration(**reference, m));
  }
  auto expected = SchemaText(**reference);
  if (!expected) return util::Err(std::move(expected).error());
  auto actual = SchemaText(db);
  if (!actual) return util::Err(std::move(actual).error());
  if (*actual != *expected) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "its tables are not those of Cairn schema version " + std::to_string(version) +
                                 " (damaged, or changed by another tool); it was left untouched"));
  }
  return {};
}

util::Result<void, StorageError> Migrate(Database& db, std::int64_t from) {
  for (const auto& m : MIGRATIONS) {
    if (m.version <= from) continue;
    CAIRN_LOG(Storage, Info) << "upgrading " << db.path() << " to schema version " << m.version << ": "
                             << m.description;
    auto tx = Transaction::Begin(db, TxMode::Write);
    if (!tx) return util::Err(std::move(tx).error());
    // Re-read inside the write lock: another process may have migrated meanwhile.
    auto now = db.PragmaInt("PRAGMA user_version");
    if (!now) return util::Err(std::move(now).error());
    if (*now >= m.version) continue;
    CAIRN_STORAGE_TRY(RunMigration(db, m));
    CAIRN_STORAGE_TRY(tx->Commit());
  }
  return {};
}

util::Result<ChainIdentity, StorageError> ReadIdentity(Database& db) {
  auto stmt = db.Prepare("SELECT value FROM meta WHERE key = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  ChainIdentity id;
  stmt->BindText(1, META_CHAIN_ID);
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  const std::string chain_text = *row ? stmt->Text(0) : std::string();
  if (!*row || !chain::IsValidChainId(chain_text)) {
    return util::Err(db.Fail(StorageError::Kind::Invalid, "the chain id in its meta table is missing or malformed"));
  }
  id.chain_id = chain::ChainId::Unchecked(chain_text);
  auto genesis = MetaBlob(db, META_GENESIS_HASH);
  if (!genesis) return util::Err(std::move(genesis).error());
  if (!*genesis || (*genesis)->size() != crypto::Hash256::SIZE) {
    return util::Err(db.Fail(StorageError::Kind::Invalid, "the genesis hash in its meta table is missing or malformed"));
  }
  id.genesis_hash = crypto::Hash256::FromSpan(**genesis);
  return id;
}

util::Result<void, StorageError> CheckIdentity(Database& db, const chain::ChainId& chain_id,
                                               const crypto::Hash256& genesis_hash) {
  auto id = ReadIdentity(db);
  if (!id) return util::Err(std::move(id).error());
  if (id->chain_id != chain_id || id->genesis_hash != genesis_hash) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "belongs to chain '" + id->chain_id.str() + "' (genesis " + ShortHash(id->genesis_hash) +
                                 "), not '" + chain_id.str() + "' (genesis " + ShortHash(genesis_hash) +
                                 "); it was left untouched"));
  }
  return {};
}

util::Result<void, StorageError> QuickCheck(Database& db) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db.raw(), "PRAGMA quick_check(5)", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return util::Err(db.Error(rc, "the integrity check"));
  std::string problems;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    const std::string line = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    if (line == "ok") continue;
    if (!problems.empty()) problems += "; ";
    problems += line;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return util::Err(db.Error(rc, "the integrity check"));
  if (!problems.empty()) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "failed the integrity check (" + problems + "); it was left untouched"));
  }
  return {};
}

util::Result<std::unique_ptr<Database>, StorageError> OpenExisting(const std::string& path, Access access,
                                                                   const std::optional<ChainIdentity>& identity,
                                                                   std::chrono::milliseconds busy_timeout) {
  auto probe = ProbeFile(path);
  if (!probe) return util::Err(std::move(probe).error());
  CAIRN_STORAGE_TRY(RequireCairnFile(path, *probe));
  auto opened = Database::Open(path, access, busy_timeout);
  if (!opened) return util::Err(std::move(opened).error());
  Database& db = **opened;
  if (access == Access::ReadOnly) CAIRN_STORAGE_TRY(db.Exec("PRAGMA query_only = ON"));
  CAIRN_STORAGE_TRY(db.Exec("PRAGMA cell_size_check = ON; PRAGMA cache_size = -16384"));
  auto version = CheckHeader(db);
  if (!version) return util::Err(std::move(version).error());
  CAIRN_STORAGE_TRY(CheckSchema(db, *version));
  if (*version != SCHEMA_VERSION) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "has schema version " + std::to_string(*version) + "; this program needs " +
                                 std::to_string(SCHEMA_VERSION) + " (open it with the node first, which upgrades it)"));
  }
  if (identity) CAIRN_STORAGE_TRY(CheckIdentity(db, identity->chain_id, identity->genesis_hash));
  return opened;
}

util::Result<std::optional<std::int64_t>, StorageError> MetaInt(Database& db, const char* key) {
  auto stmt = db.Prepare("SELECT value, typeof(value) = 'integer' FROM meta WHERE key = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->BindText(1, key);
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<std::int64_t>();
  if (stmt->Int(1) == 0) {
    return util::Err(db.Fail(StorageError::Kind::Invalid, std::string("meta value '") + key + "' is not an integer"));
  }
  return std::optional<std::int64_t>(stmt->Int(0));
}

util::Result<std::optional<util::Bytes>, StorageError> MetaBlob(Database& db, const char* key) {
  auto stmt = db.Prepare("SELECT value, typeof(value) = 'blob' FROM meta WHERE key = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->BindText(1, key);
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<util::Bytes>();
  if (stmt->Int(1) == 0) {
    return util::Err(db.Fail(StorageError::Kind::Invalid, std::string("meta value '") + key + "' is not a blob"));
  }
  const auto blob = stmt->Blob(0);
  return std::optional<util::Bytes>(util::Bytes(blob.begin(), blob.end()));
}

util::Result<void, StorageError> SetMetaInt(Database& db, const char* key, std::int64_t value) {
  auto stmt = db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
  if (!stmt) return util::Err(std::move(stmt).error());
  return stmt->BindText(1, key).Bind(2, value).Run();
}

util::Result<void, StorageError> SetMetaBlob(Database& db, const char* key, util::ByteSpan value) {
  auto stmt = db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
  if (!stmt) return util::Err(std::move(stmt).error());
  return stmt->BindText(1, key).Bind(2, value).Run();
}

util::Result<std::uint64_t, StorageError> RequiredMetaHeight(Database& db, const char* key) {
  auto value = MetaInt(db, key);
  if (!value) return util::Err(std::move(value).error());
  if (!*value || **value < 0) {
    return util::Err(db.Fail(StorageError::Kind::Invalid, std::string("meta value '") + key + "' is missing or negative"));
  }
  return static_cast<std::uint64_t>(**value);
}

}  // namespace cairn::storage
