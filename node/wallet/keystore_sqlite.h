// Internal to node/wallet's keystore: one SQLite connection to a wallet file, statements, write
// transactions, and the mapping of SQLite result codes onto KeystoreError with the file named.
// (node/storage has its own wrapper; the wallet may not depend on storage, and needs far less.)
//
// Thread safety: a SqliteDb and its statements belong to one thread at a time; the Keystore calls
// them only while holding its mutex (connections are opened SQLITE_OPEN_NOMUTEX).
// Ownership: SqliteDb owns its connection; a SqliteStatement owns its prepared statement and must not
// outlive its SqliteDb.
// Failure: every call returns a KeystoreError: corruption and "not a database" are Damaged, a busy
// lock and I/O failures are Io.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"
#include "wallet/keystore_error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cairn::wallet::detail {

enum class OpenMode : std::uint8_t { ReadOnly, ReadWrite };

class SqliteDb;

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  ~SqliteStatement();

  // Blobs and text are copied when bound (SQLITE_TRANSIENT).
  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& Bind(int index, util::ByteSpan blob);  // an empty span binds an empty blob, not NULL
  SqliteStatement& BindText(int index, std::string_view text);
  SqliteStatement& BindNull(int index);

  // True when a row is available; false when done.
  [[nodiscard]] util::Result<bool, KeystoreError> Step();
  [[nodiscard]] util::Result<void, KeystoreError> Run();

  std::int64_t Int(int column) const;
  util::Bytes Blob(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  bool IsInteger(int column) const;
  bool IsBlob(int column) const;
  bool IsText(int column) const;

 private:
  friend class SqliteDb;
  SqliteStatement(const SqliteDb* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  const SqliteDb* m_db;
  sqlite3_stmt* m_stmt;
};

class SqliteDb {
 public:
  // Opens an existing file (never creates one). `vfs` empty: SQLite's default. Sets the safety options
  // (defensive, untrusted schema, no triggers or views, cell size checks) and, for ReadOnly, query_only.
  // ReadWrite also sets synchronous=FULL and secure_delete (freed pages are zeroed, so a secret
  // encrypted under an old passphrase does not linger in the file).
  static util::Result<std::unique_ptr<SqliteDb>, KeystoreError> Open(const std::string& path, OpenMode mode,
                                                                     const std::string& vfs);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  [[nodiscard]] util::Result<SqliteStatement, KeystoreError> Prepare(std::string_view sql);
  // Runs statements that return no rows.
  [[nodiscard]] util::Result<void, KeystoreError> Exec(const char* sql);
  // The first column of the first row of `sql` as an integer (PRAGMAs, counts).
  [[nodiscard]] util::Result<std::int64_t, KeystoreError> QueryInt(const char* sql);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t Changes() const;

  // An error for SQLite result code `rc` while doing `what`, naming the file.
  KeystoreError Error(int rc, std::string_view what) const;
  KeystoreError Fail(KeystoreErrorKind kind, std::string_view what) const;

  const std::string& path() const { return m_path; }
  sqlite3* raw() const { return m_db; }

 private:
  SqliteDb(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
  sqlite3* m_db;
  std::string m_path;
};

// BEGIN IMMEDIATE on construction (Begin); rolls back on destruction unless committed.
class SqliteTransaction {
 public:
  static util::Result<SqliteTransaction, KeystoreError> Begin(SqliteDb& db);
  SqliteTransaction(SqliteTransaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();
  [[nodiscard]] util::Result<void, KeystoreError> Commit();

 private:
  explicit SqliteTransaction(SqliteDb* db) : m_db(db) {}
  SqliteDb* m_db;
};

// "wallet file '<path>'": how every message about a file starts.
std::string FileName(const std::string& path);

}  // namespace cairn::wallet::detail
