#include "storage/database.h"

#include <sqlite3.h>

#include <thread>

#include "util/log.h"

namespace cairn::storage {

std::string_view StorageErrorKindName(StorageError::Kind kind) {
  switch (kind) {
    case StorageError::Kind::Invalid: return "invalid";
    case StorageError::Kind::Io: return "io";
    case StorageError::Kind::Misuse: return "misuse";
  }
  return "unknown";
}

namespace {

// SQLite's default busy handler sleeps in growing steps of up to 100 ms; the chain thread waiting for
// an indexer batch should resume within a millisecond of the lock being released.
int BusyHandler(void* arg, int attempts) {
  const auto* timeout = static_cast<const std::chrono::milliseconds*>(arg);
  // Each attempt sleeps ~1 ms, so the attempt count approximates the time waited.
  if (std::chrono::milliseconds(attempts) >= *timeout) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

bool IsCorruption(int rc) {
  const int primary = rc & 0xff;
  // A short read means the file ends inside a page its own structure points to: truncated.
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT ||
         rc == SQLITE_IOERR_SHORT_READ;
}

}  // namespace

Statement::~Statement() {
  if (m_stmt != nullptr) {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
  }
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

Statement& Statement::Bind(int index, util::ByteSpan blob) {
  // A null pointer would bind NULL; an empty value must stay an empty blob.
  static const std::uint8_t EMPTY = 0;
  const void* data = blob.empty() ? static_cast<const void*>(&EMPTY) : blob.data();
  // SQLITE_TRANSIENT: SQLite copies the bytes now. Binding without a copy made every caller keep the
  // buffer alive until the statement ran, and one did not (a temporary signing root): a copy of even
  // a megabyte block body costs far less than the commit that follows.
  sqlite3_bind_blob64(m_stmt, index, data, blob.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindText(int index, std::string_view text) {
  sqlite3_bind_text64(m_stmt, index, text.empty() ? "" : text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

util::Result<bool, StorageError> Statement::Step() {
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  // Reset at the end (done or failed) so the statement can be bound again; bindings stay.
  sqlite3_reset(m_stmt);
  if (rc == SQLITE_DONE) return false;
  return util::Err(m_db->Error(rc, "reading or writing a table"));
}

util::Result<void, StorageError> Statement::Run() {
  for (;;) {
    auto step = Step();
    if (!step) return util::Err(std::move(step).error());
    if (!*step) return {};
  }
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(m_stmt, column); }

util::ByteSpan Statement::Blob(int column) const {
  const void* data = sqlite3_column_blob(m_stmt, column);
  const int size = sqlite3_column_bytes(m_stmt, column);
  if (data == nullptr || size <= 0) return {};
  return {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)};
}

std::string Statement::Text(int column) const {
  const unsigned char* data = sqlite3_column_text(m_stmt, column);
  const int size = sqlite3_column_bytes(m_stmt, column);
  if (data == nullptr || size <= 0) return {};
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

util::Result<std::unique_ptr<Database>, StorageError> Database::OpenWithFlags(const std::string& path, int flags,
                                                                              std::chrono::milliseconds busy_timeout) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nullptr);
  std::unique_ptr<Database> db(new Database(raw, path));
  if (rc != SQLITE_OK) {
    if (raw == nullptr) return util::Err(StorageError{StorageError::Kind::Io, "chain database '" + path + "': out of memory"});
    return util::Err(db->Error(rc, "opening the file"));
  }
  // A file from elsewhere must not be able to run code through its schema: no triggers, no views, no
  // functions with side effects in schema expressions, and no writes to the schema itself.
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  // The Database lives on the heap and is never moved: the handler may keep a pointer to its member.
  db->m_busy_timeout = busy_timeout;
  sqlite3_busy_handler(raw, &BusyHandler, &db->m_busy_timeout);
  return db;
}

util::Result<std::unique_ptr<Database>, StorageError> Database::Open(const std::string& path, Access access,
                                                                     std::chrono::milliseconds busy_timeout) {
  const int flags = access == Access::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  return OpenWithFlags(path, flags, busy_timeout);
}

util::Result<std::unique_ptr<Database>, StorageError> Database::Create(const std::string& path) {
  return OpenWithFlags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, std::chrono::milliseconds(1000));
}

Database::~Database() {
  for (auto& [sql, stmt] : m_cache) sqlite3_finalize(stmt);
  m_cache.clear();
  if (m_db != nullptr) {
    if (sqlite3_close(m_db) != SQLITE_OK) {
      CAIRN_LOG(Storage, Error) << "closing " << m_path << ": " << sqlite3_errmsg(m_db);
      sqlite3_close_v2(m_db);
    }
  }
}

util::Result<Statement, StorageError> Database::Prepare(const char* sql) {
  auto it = m_cache.find(sql);
  if (it == m_cache.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return util::Err(Error(rc, "preparing a statement"));
    it = m_cache.emplace(sql, stmt).first;
  }
  return Statement(this, it->second);
}

util::Result<void, StorageError> Database::Exec(const char* sql) {
  const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return util::Err(Error(rc, "running a statement"));
  return {};
}

util::Result<std::int64_t, StorageError> Database::PragmaInt(const char* pragma) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(m_db, pragma, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return util::Err(Error(rc, "reading the database header"));
  rc = sqlite3_step(stmt);
  std::int64_t value = 0;
  if (rc == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return util::Err(Error(rc, "reading the database header"));
  return value;
}

util::Result<std::string, StorageError> Database::PragmaText(const char* pragma) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(m_db, pragma, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return util::Err(Error(rc, "running a pragma"));
  std::string text;
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return util::Err(Error(rc, "running a pragma"));
  return text;
}

util::Result<void, StorageError> Database::Begin(TxMode mode) {
  auto stmt = Prepare(mode == TxMode::Write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!stmt) return util::Err(std::move(stmt).error());
  return stmt->Run();
}

util::Result<void, StorageError> Database::Commit() {
  auto stmt = Prepare("COMMIT");
  if (!stmt) return util::Err(std::move(stmt).error());
  auto done = stmt->Run();
  // A failed COMMIT may leave the transaction open (SQLITE_BUSY) or rolled back (I/O error, disk
  // full): end it either way so the connection is usable and nothing half-done stays pending.
  if (!done) Rollback();
  return done;
}

void Database::Rollback() {
  if (sqlite3_get_autocommit(m_db) != 0) return;
  const int rc = sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) CAIRN_LOG(Storage, Error) << "rolling back in " << m_path << ": " << sqlite3_errmsg(m_db);
}

bool Database::InTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }

std::int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }

StorageError Database::Error(int rc, std::string_view what) const {
  std::string text = "chain database '" + m_path + "': " + std::string(what) + " failed: ";
  if (IsCorruption(rc)) {
    text += (rc & 0xff) == SQLITE_NOTADB ? "the file is not a SQLite database or is damaged"
            : rc == SQLITE_IOERR_SHORT_READ ? "the database file is truncated"
                                            : "the database file is damaged (corrupt)";
    text += " (" + std::string(sqlite3_errmsg(m_db)) + "); it was left unchanged";
    return {StorageError::Kind::Invalid, std::move(text)};
  }
  const char* message = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
  text += message;
  if ((rc & 0xff) == SQLITE_BUSY) text += " (another connection holds the database lock)";
  text += " [" + std::string(sqlite3_errstr(rc)) + ", code " + std::to_string(rc) + "]";
  return {StorageError::Kind::Io, std::move(text)};
}

StorageError Database::Fail(StorageError::Kind kind, std::string_view what) const {
  return {kind, "chain database '" + m_path + "': " + std::string(what)};
}

util::Result<Transaction, StorageError> Transaction::Begin(Database& db, TxMode mode) {
  CAIRN_STORAGE_TRY(db.Begin(mode));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (m_db != nullptr) m_db->Rollback();
}

util::Result<void, StorageError> Transaction::Commit() {
  Database* db = m_db;
  m_db = nullptr;
  return db->Commit();
}

}  // namespace cairn::storage
