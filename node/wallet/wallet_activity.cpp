#include "wallet/wallet_activity.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "crypto/secure_memory.h"
#include "util/hex.h"
#include "util/log.h"
#include "wallet/keystore_sqlite.h"

namespace cairn::wallet {
namespace {

// SPEC.md section 9. Amounts and shares are u64 stored in SQLite's signed INTEGER bit for bit.
constexpr const char* ACTIVITY_SCHEMA_SQL = R"sql(
CREATE TABLE meta(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  wallet_id BLOB NOT NULL CHECK (length(wallet_id) = 16),
  genesis_hash BLOB NOT NULL CHECK (length(genesis_hash) = 32),
  scanned_from INTEGER NOT NULL,
  scanned_to INTEGER NOT NULL);
CREATE TABLE pending_txs(
  id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 32),
  account INTEGER NOT NULL CHECK (account BETWEEN 0 AND 2147483647),
  tx BLOB NOT NULL,
  submitted_ms INTEGER NOT NULL,
  state INTEGER NOT NULL CHECK (state IN (0, 1, 2)),
  note TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE validator_slashes(
  height INTEGER NOT NULL,
  validator INTEGER NOT NULL,
  operator BLOB NOT NULL CHECK (length(operator) = 20),
  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
  tokens_before INTEGER NOT NULL,
  shares_before INTEGER NOT NULL,
  tokens_after INTEGER NOT NULL,
  shares_after INTEGER NOT NULL,
  PRIMARY KEY(height, validator)) WITHOUT ROWID;
)sql";

std::string Name(const std::string& path) { return "wallet activity file '" + path + "'"; }

KeystoreError IoError(const std::string& path, std::string_view what) {
  return {KeystoreErrorKind::Io, Name(path) + ": " + std::string(what) + " failed: " + std::strerror(errno)};
}

std::string SchemaText(detail::SqliteDb& db) {
  auto stmt = db.Prepare("SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name");
  if (!stmt) return {};
  std::string text;
  for (;;) {
    auto row = stmt->Step();
    if (!row || !*row) break;
    for (int c = 0; c < 4; ++c) text += stmt->Text(c) + '\x1f';
    text += '\x1e';
  }
  return text;
}

// Why an existing, non-empty file cannot be used for this wallet; nothing when it can.
std::optional<std::string> Unusable(detail::SqliteDb& db, const WalletActivity::WalletId& wallet_id,
                                    const crypto::Hash256& genesis_hash) {
  auto app = db.QueryInt("PRAGMA application_id");
  if (!app) return app.error().message;
  if (*app != ACTIVITY_APPLICATION_ID) return std::string("it is not a wallet activity file");
  auto version = db.QueryInt("PRAGMA user_version");
  if (!version) return version.error().message;
  if (*version != ACTIVITY_FORMAT_VERSION) return "it has format " + std::to_string(*version);
  auto reference = detail::SqliteDb::Open(":memory:", detail::OpenMode::ReadWrite, "");
  if (!reference || !(*reference)->Exec(ACTIVITY_SCHEMA_SQL)) return std::string("cannot build the reference schema");
  if (SchemaText(db) != SchemaText(**reference)) return std::string("its tables are not those of format 1");
  auto check = db.QueryInt("SELECT count(*) FROM pragma_quick_check WHERE quick_check <> 'ok'");
  if (!check) return check.error().message;
  if (*check != 0) return std::string("it fails SQLite's integrity check");
  auto stmt = db.Prepare("SELECT wallet_id, genesis_hash FROM meta WHERE id = 1");
  if (!stmt) return stmt.error().message;
  auto row = stmt->Step();
  if (!row) return row.error().message;
  if (!*row) return std::string("it has no meta row");
  if (stmt->Blob(0) != util::Bytes(wallet_id.bytes.begin(), wallet_id.bytes.end())) {
    return std::string("it belongs to another wallet");
  }
  if (stmt->Blob(1) != util::Bytes(genesis_hash.bytes.begin(), genesis_hash.bytes.end())) {
    return std::string("it belongs to another chain");
  }
  return std::nullopt;
}

// Renames an unusable file (and its journal) aside: never deleted, in case it matters to someone.
util::Result<void, KeystoreError> MoveAside(const std::string& path, const std::string& why) {
  std::array<std::uint8_t, 4> random{};
  crypto::RandomBytes(random);
  const std::string aside = path + ".unused-" + util::ToHex(random);
  if (::rename(path.c_str(), aside.c_str()) != 0) return util::Err(IoError(path, "moving it aside"));
  const std::string journal = path + "-journal";
  if (::rename(journal.c_str(), (aside + "-journal").c_str()) != 0 && errno != ENOENT) {
    CAIRN_LOG(Wallet, Warn) << "could not move " << journal << " aside: " << std::strerror(errno);
  }
  CAIRN_LOG(Wallet, Warn) << Name(path) << " cannot be used (" << why << "): moved to " << aside
                          << "; starting a new one (pending transactions and the slash scan start over)";
  return {};
}

util::Result<void, KeystoreError> CreateSchema(detail::SqliteDb& db, const WalletActivity::WalletId& wallet_id,
                                               const crypto::Hash256& genesis_hash) {
  if (auto done = db.Exec("PRAGMA journal_mode = DELETE"); !done) return done;
  auto tx = detail::SqliteTransaction::Begin(db);
  if (!tx) return util::Err(std::move(tx).error());
  const std::string marks = "PRAGMA application_id = " + std::to_string(ACTIVITY_APPLICATION_ID) +
                            "; PRAGMA user_version = " + std::to_string(ACTIVITY_FORMAT_VERSION);
  if (auto done = db.Exec(marks.c_str()); !done) return done;
  if (auto done = db.Exec(ACTIVITY_SCHEMA_SQL); !done) return done;
  auto meta = db.Prepare("INSERT INTO meta(id, wallet_id, genesis_hash, scanned_from, scanned_to) VALUES(1, ?1, ?2, 1, 0)");
  if (!meta) return util::Err(std::move(meta).error());
  if (auto done = meta->Bind(1, wallet_id.span()).Bind(2, genesis_hash.span()).Run(); !done) return done;
  return tx->Commit();
}

bool IsEmptyFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

}  // namespace

WalletActivity::WalletActivity(std::string path, std::unique_ptr<detail::SqliteDb> db)
    : m_path(std::move(path)), m_db(std::move(db)) {}

WalletActivity::~WalletActivity() = default;

util::Result<std::unique_ptr<WalletActivity>, KeystoreError> WalletActivity::Open(const std::string& wallet_path,
                                                                                   const WalletId& wallet_id,
                                                                                   const crypto::Hash256& genesis_hash,
                                                                                   const std::string& vfs) {
  const std::string path = wallet_path + ACTIVITY_FILE_SUFFIX;
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !IsEmptyFile(path)) {
    std::optional<std::string> problem;
    if (!S_ISREG(st.st_mode)) {
      problem = "it is not a regular file";
    } else {
      auto db = detail::SqliteDb::Open(path, detail::OpenMode::ReadWrite, vfs);
      if (!db) {
        problem = db.error().message;
      } else if (problem = Unusable(**db, wallet_id, genesis_hash); !problem) {
        return std::unique_ptr<WalletActivity>(new WalletActivity(path, std::move(db).value()));
      }
    }
    if (auto moved = MoveAside(path, *problem); !moved) return util::Err(std::move(moved).error());
  }
  // New (or an empty file a crash left between its creation and its schema): created 0600 before
  // SQLite touches it, as SQLite would make it 0644.
  if (!IsEmptyFile(path)) {
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) return util::Err(IoError(path, "creating the file"));
    ::close(fd);
  }
  auto db = detail::SqliteDb::Open(path, detail::OpenMode::ReadWrite, vfs);
  if (!db) return util::Err(std::move(db).error());
  if (auto done = CreateSchema(**db, wallet_id, genesis_hash); !done) return util::Err(std::move(done).error());
  CAIRN_LOG(Wallet, Info) << "created " << Name(path);
  return std::unique_ptr<WalletActivity>(new WalletActivity(path, std::move(db).value()));
}

util::Result<void, KeystoreError> WalletActivity::PutPending(const PendingTxRecord& r) {
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare(
      "INSERT OR REPLACE INTO pending_txs(id, account, tx, submitted_ms, state, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return util::Err(std::move(stmt).error());
  return stmt->Bind(1, r.id.span())
      .Bind(2, std::int64_t{r.account})
      .Bind(3, r.tx)
      .Bind(4, r.submitted_ms)
      .Bind(5, static_cast<std::int64_t>(r.state))
      .BindText(6, r.note)
      .Run();
}

util::Result<void, KeystoreError> WalletActivity::RemovePending(const chain::TxId& id) {
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("DELETE FROM pending_txs WHERE id = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  return stmt->Bind(1, id.span()).Run();
}

util::Result<std::vector<PendingTxRecord>, KeystoreError> WalletActivity::ListPending() {
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("SELECT id, account, tx, submitted_ms, state, note FROM pending_txs ORDER BY submitted_ms, id");
  if (!stmt) return util::Err(std::move(stmt).error());
  std::vector<PendingTxRecord> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    if (!stmt->IsBlob(0) || !stmt->IsInteger(1) || !stmt->IsBlob(2) || !stmt->IsInteger(3) || !stmt->IsInteger(4) ||
        !stmt->IsText(5)) {
      CAIRN_LOG(Wallet, Warn) << Name(m_path) << ": skipping a malformed pending transaction row";
      continue;
    }
    PendingTxRecord r;
    r.id = chain::TxId::FromSpan(stmt->Blob(0));  // length checked by the table
    r.account = static_cast<std::uint32_t>(stmt->Int(1));
    r.tx = stmt->Blob(2);
    r.submitted_ms = stmt->Int(3);
    r.state = static_cast<PendingState>(stmt->Int(4));
    r.note = stmt->Text(5);
    out.push_back(std::move(r));
  }
  return out;
}

util::Result<ScanRange, KeystoreError> WalletActivity::Scanned() {
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("SELECT scanned_from, scanned_to FROM meta WHERE id = 1");
  if (!stmt) return util::Err(std::move(stmt).error());
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return util::Err(m_db->Fail(KeystoreErrorKind::Damaged, "the activity file lost its meta row"));
  return ScanRange{static_cast<chain::Height>(stmt->Int(0)), static_cast<chain::Height>(stmt->Int(1))};
}

util::Result<void, KeystoreError> WalletActivity::AddScanned(ScanRange range, const std::vector<ValidatorSlash>& slashes) {
  if (range.empty()) return {};
  std::lock_guard lock(m_mutex);
  auto tx = detail::SqliteTransaction::Begin(*m_db);
  if (!tx) return util::Err(std::move(tx).error());
  auto read = m_db->Prepare("SELECT scanned_from, scanned_to FROM meta WHERE id = 1");
  if (!read) return util::Err(std::move(read).error());
  auto row = read->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return util::Err(m_db->Fail(KeystoreErrorKind::Damaged, "the activity file lost its meta row"));
  ScanRange now{static_cast<chain::Height>(read->Int(0)), static_cast<chain::Height>(read->Int(1))};
  if (!now.empty() && (range.to + 1 < now.from || range.from > now.to + 1)) {
    return util::Err(KeystoreError{KeystoreErrorKind::InvalidInput,
                                   Name(m_path) + ": scanned heights must stay one interval (" +
                                       std::to_string(range.from) + ".." + std::to_string(range.to) + " beside " +
                                       std::to_string(now.from) + ".." + std::to_string(now.to) + ")"});
  }
  const ScanRange merged = now.empty() ? range
                                       : ScanRange{std::min(now.from, range.from), std::max(now.to, range.to)};
  auto insert = m_db->Prepare(
      "INSERT OR REPLACE INTO validator_slashes(height, validator, operator, kind, tokens_before, shares_before, "
      "tokens_after, shares_after) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert) return util::Err(std::move(insert).error());
  for (const ValidatorSlash& s : slashes) {
    if (auto done = insert->Bind(1, static_cast<std::int64_t>(s.height))
                        .Bind(2, std::int64_t{s.validator})
                        .Bind(3, s.operator_address.span())
                        .Bind(4, static_cast<std::int64_t>(s.kind))
                        .Bind(5, static_cast<std::int64_t>(s.tokens_before))
                        .Bind(6, static_cast<std::int64_t>(s.shares_before))
                        .Bind(7, static_cast<std::int64_t>(s.tokens_after))
                        .Bind(8, static_cast<std::int64_t>(s.shares_after))
                        .Run();
        !done) {
      return done;
    }
  }
  auto update = m_db->Prepare("UPDATE meta SET scanned_from = ?1, scanned_to = ?2 WHERE id = 1");
  if (!update) return util::Err(std::move(update).error());
  if (auto done = update->Bind(1, static_cast<std::int64_t>(merged.from)).Bind(2, static_cast<std::int64_t>(merged.to)).Run();
      !done) {
    return done;
  }
  return tx->Commit();
}

util::Result<std::vector<ValidatorSlash>, KeystoreError> WalletActivity::Slashes() {
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare(
      "SELECT height, validator, operator, kind, tokens_before, shares_before, tokens_after, shares_after "
      "FROM validator_slashes ORDER BY height, validator");
  if (!stmt) return util::Err(std::move(stmt).error());
  std::vector<ValidatorSlash> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    ValidatorSlash s;
    s.height = static_cast<chain::Height>(stmt->Int(0));
    s.validator = static_cast<chain::ValidatorIndex>(stmt->Int(1));
    s.operator_address = chain::Address::FromSpan(stmt->Blob(2));  // length checked by the table
    s.kind = static_cast<SlashKind>(stmt->Int(3));
    s.tokens_before = static_cast<chain::Amount>(stmt->Int(4));
    s.shares_before = static_cast<std::uint64_t>(stmt->Int(5));
    s.tokens_after = static_cast<chain::Amount>(stmt->Int(6));
    s.shares_after = static_cast<std::uint64_t>(stmt->Int(7));
    out.push_back(s);
  }
  return out;
}

}  // namespace cairn::wallet
