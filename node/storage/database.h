// Internal to node/storage: one SQLite connection with its pragmas, a cache of prepared statements,
// transactions, and the mapping of SQLite result codes onto StorageError (corruption -> Invalid, the
// rest -> Io). Nothing here runs VACUUM, REINDEX, a recovery or anything else that rewrites a file it
// did not create: a damaged database is reported, never repaired.
//
// Thread safety: a Database and its Statements belong to one thread at a time (connections are
// opened SQLITE_OPEN_NOMUTEX). Several Database objects on one file, in any threads or processes, are
// what SQLite's WAL mode is for: one writer at a time, readers on snapshots.
// Ownership: the Database owns its connection and every cached statement; a Statement borrows one
// cached statement until it is destroyed (which resets it), and must not outlive its Database.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/storage_error.h"
#include "util/bytes.h"
#include "util/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cairn::storage {

enum class Access : std::uint8_t { ReadWrite, ReadOnly };
enum class TxMode : std::uint8_t {
  Read,   // BEGIN DEFERRED: a consistent snapshot for the reads that follow
  Write,  // BEGIN IMMEDIATE: takes the write lock now (waits up to the busy timeout)
};

class Database;

// A cached prepared statement in use. Bound blobs and text are copied (SQLITE_TRANSIENT).
class Statement {
 public:
  Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) { other.m_stmt = nullptr; }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, std::int64_t value);
  // Blobs and text are copied when bound, so the caller's buffer may die before the statement runs.
  Statement& Bind(int index, util::ByteSpan blob);  // an empty span binds an empty blob, not NULL
  Statement& BindText(int index, std::string_view text);
  Statement& BindNull(int index);

  // True when a row is available; false when the statement is done.
  [[nodiscard]] util::Result<bool, StorageError> Step();
  // Steps to completion, ignoring rows.
  [[nodiscard]] util::Result<void, StorageError> Run();

  std::int64_t Int(int column) const;
  util::ByteSpan Blob(int column) const;  // valid until the next Step or reset
  std::string Text(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  Database* m_db;
  sqlite3_stmt* m_stmt;
};

class Database {
 public:
  // Opens an existing file (never creates one: see CreateDatabaseFile in schema.h). Sets the
  // connection-level safety options (defensive mode, untrusted schema, no triggers or views) and the
  // busy timeout, and reads nothing yet: the caller checks the header before any write.
  static util::Result<std::unique_ptr<Database>, StorageError> Open(const std::string& path, Access access,
                                                                    std::chrono::milliseconds busy_timeout);
  // Creates a new empty file (SQLITE_OPEN_CREATE): only for CreateDatabaseFile's temporary file.
  static util::Result<std::unique_ptr<Database>, StorageError> Create(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // `sql` must be a string literal (or otherwise live as long as the Database): it keys the cache.
  [[nodiscard]] util::Result<Statement, StorageError> Prepare(const char* sql);
  // Runs one or more statements that return no rows (schema, pragmas that set).
  [[nodiscard]] util::Result<void, StorageError> Exec(const char* sql);
  // Runs "PRAGMA x" and returns its first column as integer / text.
  [[nodiscard]] util::Result<std::int64_t, StorageError> PragmaInt(const char* pragma);
  [[nodiscard]] util::Result<std::string, StorageError> PragmaText(const char* pragma);

  [[nodiscard]] util::Result<void, StorageError> Begin(TxMode mode);
  [[nodiscard]] util::Result<void, StorageError> Commit();
  // Rolls back if a transaction is open; never fails loudly (an error is logged).
  void Rollback();
  bool InTransaction() const;
  std::int64_t LastInsertRowId() const;

  // An error for SQLite result code `rc` while doing `what`: corruption and "not a database" are
  // Invalid, everything else Io; the message names the file and quotes SQLite.
  StorageError Error(int rc, std::string_view what) const;
  // An error of the given kind whose message names the file.
  StorageError Fail(StorageError::Kind kind, std::string_view what) const;

  const std::string& path() const { return m_path; }
  sqlite3* raw() const { return m_db; }

 private:
  Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
  static util::Result<std::unique_ptr<Database>, StorageError> OpenWithFlags(const std::string& path, int flags,
                                                                             std::chrono::milliseconds busy_timeout);

  sqlite3* m_db;
  std::string m_path;
  std::chrono::milliseconds m_busy_timeout{0};
  std::unordered_map<const char*, sqlite3_stmt*> m_cache;
};

// Rolls back on destruction unless committed.
class Transaction {
 public:
  static util::Result<Transaction, StorageError> Begin(Database& db, TxMode mode);
  Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  [[nodiscard]] util::Result<void, StorageError> Commit();

 private:
  explicit Transaction(Database* db) : m_db(db) {}
  Database* m_db;
};

// The first failure of a chain of storage calls: `CAIRN_STORAGE_TRY(x)` returns x's error.
#define CAIRN_STORAGE_TRY(expr) CAIRN_STORAGE_TRY_IMPL(expr, CAIRN_STORAGE_CONCAT(cairn_try_, __COUNTER__))
#define CAIRN_STORAGE_CONCAT_INNER(a, b) a##b
#define CAIRN_STORAGE_CONCAT(a, b) CAIRN_STORAGE_CONCAT_INNER(a, b)
#define CAIRN_STORAGE_TRY_IMPL(expr, name)                  \
  do {                                                      \
    if (auto name = (expr); !name) {                        \
      return ::cairn::util::Err(std::move(name).error());   \
    }                                                       \
  } while (false)

}  // namespace cairn::storage
