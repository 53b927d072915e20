#include "wallet/keystore_sqlite.h"

#include <sqlite3.h>

#include <utility>

#include "util/log.h"

namespace cairn::wallet::detail {
namespace {

bool IsDamage(int rc) {
  const int primary = rc & 0xff;
  // A short read means the file ends inside a page its own structure points to: truncated.
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT ||
         rc == SQLITE_IOERR_SHORT_READ;
}

}  // namespace

std::string FileName(const std::string& path) { return "wallet file '" + path + "'"; }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : m_db(other.m_db), m_stmt(std::exchange(other.m_stmt, nullptr)) {}

SqliteStatement::~SqliteStatement() {
  if (m_stmt != nullptr) sqlite3_finalize(m_stmt);
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, util::ByteSpan blob) {
  static const std::uint8_t EMPTY = 0;  // a null pointer would bind NULL, not an empty blob
  sqlite3_bind_blob64(m_stmt, index, blob.empty() ? &EMPTY : blob.data(), blob.size(), SQLITE_TRANSIENT);
  return *this;
}

SqliteStatement& SqliteStatement::BindText(int index, std::string_view text) {
  sqlite3_bind_text64(m_stmt, index, text.empty() ? "" : text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

util::Result<bool, KeystoreError> SqliteStatement::Step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  sqlite3_reset(m_stmt);
  if (rc == SQLITE_DONE) return false;
  return util::Err(m_db->Error(rc, "reading or writing a table"));
}

util::Result<void, KeystoreError> SqliteStatement::Run() {
  for (;;) {
    auto step = Step();
    if (!step) return util::Err(std::move(step).error());
    if (!*step) return {};
  }
}

std::int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(m_stmt, column); }

util::Bytes SqliteStatement::Blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
  const int size = sqlite3_column_bytes(m_stmt, column);
  if (data == nullptr || size <= 0) return {};
  return {data, data + size};
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* data = sqlite3_column_text(m_stmt, column);
  const int size = sqlite3_column_bytes(m_stmt, column);
  if (data == nullptr || size <= 0) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool SqliteStatement::IsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }
bool SqliteStatement::IsInteger(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_INTEGER; }
bool SqliteStatement::IsBlob(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_BLOB; }
bool SqliteStatement::IsText(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_TEXT; }

util::Result<std::unique_ptr<SqliteDb>, KeystoreError> SqliteDb::Open(const std::string& path, OpenMode mode,
                                                                      const std::string& vfs) {
  const int flags = (mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX |
                    SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_PRIVATECACHE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, vfs.empty() ? nullptr : vfs.c_str());
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
  if (rc != SQLITE_OK) {
    if (raw == nullptr) return util::Err(KeystoreError{KeystoreErrorKind::Io, FileName(path) + ": out of memory"});
    return util::Err(db->Error(rc, "opening the file"));
  }
  // A wallet file may come from elsewhere (a backup, a download): its schema must not be able to run
  // anything, and nothing may write to the schema.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_busy_timeout(raw, 2000);
  if (auto done = db->Exec("PRAGMA cell_size_check = ON"); !done) return util::Err(std::move(done).error());
  if (mode == OpenMode::ReadOnly) {
    if (auto done = db->Exec("PRAGMA query_only = ON"); !done) return util::Err(std::move(done).error());
  } else {
    // EXTRA: the journal's deletion (the commit point in rollback mode) is synced too, so a committed
    // passphrase change survives a power cut, not only a crash.
    if (auto done = db->Exec("PRAGMA synchronous = EXTRA; PRAGMA secure_delete = ON"); !done) {
      return util::Err(std::move(done).error());
    }
  }
  return db;
}

SqliteDb::~SqliteDb() {
  if (m_db != nullptr && sqlite3_close(m_db) != SQLITE_OK) {
    CAIRN_LOG(Wallet, Error) << "closing " << FileName(m_path) << ": " << sqlite3_errmsg(m_db);
    sqlite3_close_v2(m_db);
  }
}

util::Result<SqliteStatement, KeystoreError> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    if (stmt != nullptr) sqlite3_finalize(stmt);
    return util::Err(Error(rc, "reading the file"));
  }
  return SqliteStatement(this, stmt);
}

util::Result<void, KeystoreError> SqliteDb::Exec(const char* sql) {
  const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return util::Err(Error(rc, "running a statement"));
  return {};
}

util::Result<std::int64_t, KeystoreError> SqliteDb::QueryInt(const char* sql) {
  auto stmt = Prepare(sql);
  if (!stmt) return util::Err(std::move(stmt).error());
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  return *row ? stmt->Int(0) : std::int64_t{0};
}

std::int64_t SqliteDb::Changes() const { return sqlite3_changes64(m_db); }

KeystoreError SqliteDb::Error(int rc, std::string_view what) const {
  std::string text = FileName(m_path) + ": " + std::string(what) + " failed: ";
  const char* sqlite_message = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
  if (IsDamage(rc)) {
    text += rc == SQLITE_IOERR_SHORT_READ ? "the file is truncated" : "the file is damaged";
    text += " (" + std::string(sqlite_message) + ")";
    return {KeystoreErrorKind::Damaged, std::move(text)};
  }
  text += sqlite_message;
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) text += " (another process is using the wallet)";
  text += " [" + std::string(sqlite3_errstr(rc)) + ", code " + std::to_string(rc) + "]";
  return {KeystoreErrorKind::Io, std::move(text)};
}

KeystoreError SqliteDb::Fail(KeystoreErrorKind kind, std::string_view what) const {
  return {kind, FileName(m_path) + ": " + std::string(what)};
}

util::Result<SqliteTransaction, KeystoreError> SqliteTransaction::Begin(SqliteDb& db) {
  if (auto begun = db.Exec("BEGIN IMMEDIATE"); !begun) return util::Err(std::move(begun).error());
  return SqliteTransaction(&db);
}

SqliteTransaction::~SqliteTransaction() {
  if (m_db != nullptr && sqlite3_get_autocommit(m_db->raw()) == 0) {
    if (sqlite3_exec(m_db->raw(), "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK) {
      CAIRN_LOG(Wallet, Warn) << "rolling back in " << FileName(m_db->path()) << ": " << sqlite3_errmsg(m_db->raw());
    }
  }
}

util::Result<void, KeystoreError> SqliteTransaction::Commit() {
  SqliteDb* db = std::exchange(m_db, nullptr);
  if (auto done = db->Exec("COMMIT"); !done) {
    // A failed COMMIT may leave the transaction open (busy) or already rolled back (I/O error): end
    // it so the connection stays usable. The journal keeps the file recoverable either way.
    if (sqlite3_get_autocommit(db->raw()) == 0) sqlite3_exec(db->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    return done;
  }
  return {};
}

}  // namespace cairn::wallet::detail
