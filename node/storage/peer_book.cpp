#include "storage/peer_book.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <unordered_set>

#include "storage/database.h"
#include "storage/schema.h"
#include "storage/sign_store.h"
#include "util/log.h"

namespace cairn::storage {
namespace {

// WITHOUT ROWID: small rows looked up by their key. The CHECKs make a file edited by hand into
// something odd fail loudly at the write instead of answering nonsense later.
constexpr const char* SCHEMA_1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID;
CREATE TABLE peers(
  host TEXT NOT NULL CHECK(length(host) BETWEEN 1 AND 64),
  port INTEGER NOT NULL CHECK(port BETWEEN 1 AND 65535),
  id BLOB CHECK(id IS NULL OR length(id) = 32),
  source INTEGER NOT NULL CHECK(source BETWEEN 0 AND 5),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  last_attempt INTEGER NOT NULL,
  failures INTEGER NOT NULL CHECK(failures >= 0),
  PRIMARY KEY(host, port)) WITHOUT ROWID;
CREATE TABLE bans(key TEXT PRIMARY KEY NOT NULL, until INTEGER NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID;
)sql";

constexpr const char* META_SCHEMA_VERSION = "schema_version";
constexpr std::chrono::milliseconds BUSY_TIMEOUT{5'000};
constexpr std::size_t MAX_BAN_REASON_BYTES = 256;
constexpr std::uint32_t MAX_FAILURES = 1'000'000;  // saturates: the back-off is capped long before

// The columns every peer query reads, in ReadPeer's order.
#define PEER_COLUMNS "host, port, id, source, first_seen, last_seen, last_attempt, failures"
// A peer whose host or identity has a ban in force (?1 = now).
#define PEER_NOT_BANNED                                                                          \
  "NOT EXISTS (SELECT 1 FROM bans WHERE bans.until > ?1 AND (bans.key = peers.host OR "          \
  "(peers.id IS NOT NULL AND bans.key = 'id:' || lower(hex(peers.id)))))"
// Stronger sources rank higher (see SourceRank).
#define SOURCE_RANK "CASE source WHEN 5 THEN 5 WHEN 0 THEN 4 WHEN 1 THEN 3 WHEN 3 THEN 2 WHEN 4 THEN 1 ELSE 0 END"

// Database's messages say "chain database"; this file is not one.
StorageError Relabel(StorageError e) {
  static constexpr std::string_view FROM = "chain database";
  if (e.message.compare(0, FROM.size(), FROM) == 0) e.message.replace(0, FROM.size(), "peer book");
  return e;
}

StorageError Problem(StorageError::Kind kind, const std::string& path, const std::string& what) {
  return {kind, "peer book '" + path + "': " + what};
}

int SourceRank(PeerSource s) {
  switch (s) {
    case PeerSource::Manual: return 5;
    case PeerSource::Connect: return 4;
    case PeerSource::Seed: return 3;
    case PeerSource::Lan: return 2;
    case PeerSource::Inbound: return 1;
    case PeerSource::Exchange: return 0;
  }
  return 0;
}

bool PrintableNoSpace(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// An IP literal (or, for configured peers, a host name): short printable ASCII, stored in lower case
// so that "FE80::1" and "fe80::1" are one peer.
std::optional<std::string> NormalizeHost(std::string_view host) {
  if (host.empty() || host.size() > MAX_PEER_HOST_BYTES || !PrintableNoSpace(host)) return std::nullopt;
  return Lower(host);
}

std::optional<std::string> NormalizeBanKey(std::string_view key) {
  static constexpr std::string_view ID = "id:";
  if (key.substr(0, ID.size()) == ID) {
    const auto hex = key.substr(ID.size());
    if (hex.size() != 2 * crypto::PublicKey::SIZE || !std::all_of(hex.begin(), hex.end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        })) {
      return std::nullopt;
    }
    return Lower(key);
  }
  return NormalizeHost(key);
}

std::string TruncateUtf8(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
  return text.substr(0, end);
}

std::int64_t SaturatingSub(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  }
  return out;
}

std::int64_t Limit(std::size_t limit) {
  return static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max()));
}

PeerRecord ReadPeer(const Statement& stmt) {
  PeerRecord r;
  r.host = stmt.Text(0);
  r.port = static_cast<std::uint16_t>(stmt.Int(1));
  if (const auto id = stmt.Blob(2); id.size() == crypto::PublicKey::SIZE) r.id = crypto::PublicKey::FromSpan(id);
  r.source = static_cast<PeerSource>(stmt.Int(3));
  r.first_seen_ms = stmt.Int(4);
  r.last_seen_ms = stmt.Int(5);
  r.last_attempt_ms = stmt.Int(6);
  r.failures = static_cast<std::uint32_t>(std::min<std::int64_t>(stmt.Int(7), MAX_FAILURES));
  return r;
}

util::Result<std::optional<PeerRecord>, StorageError> FindPeer(Database& db, const std::string& host, std::uint16_t port) {
  auto stmt = db.Prepare("SELECT " PEER_COLUMNS " FROM peers WHERE host = ?1 AND port = ?2");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->BindText(1, host).Bind(2, std::int64_t{port});
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<PeerRecord>();
  return std::optional<PeerRecord>(ReadPeer(*stmt));
}

util::Result<void, StorageError> WritePeer(Database& db, const PeerRecord& r) {
  auto stmt = db.Prepare("INSERT OR REPLACE INTO peers(" PEER_COLUMNS ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->BindText(1, r.host).Bind(2, std::int64_t{r.port});
  if (r.id) {
    stmt->Bind(3, r.id->span());
  } else {
    stmt->BindNull(3);
  }
  stmt->Bind(4, std::int64_t{static_cast<std::uint8_t>(r.source)})
      .Bind(5, r.first_seen_ms)
      .Bind(6, r.last_seen_ms)
      .Bind(7, r.last_attempt_ms)
      .Bind(8, std::int64_t{r.failures});
  return stmt->Run();
}

util::Result<std::int64_t, StorageError> CountPeers(Database& db) {
  auto stmt = db.Prepare("SELECT count(*) FROM peers");
  if (!stmt) return util::Err(std::move(stmt).error());
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  return *row ? stmt->Int(0) : 0;
}

// Deletes the `count` worst records (see the header).
util::Result<void, StorageError> DropWorst(Database& db, std::int64_t count) {
  if (count <= 0) return {};
  auto stmt = db.Prepare(
      "DELETE FROM peers WHERE (host, port) IN (SELECT host, port FROM peers ORDER BY (source IN (0, 1, 5)), "
      "failures DESC, last_seen, first_seen, host, port LIMIT ?1)");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, count);
  CAIRN_STORAGE_TRY(stmt->Run());
  CAIRN_LOG(Storage, Info) << "peer book full: dropped the " << count << " worst records";
  return {};
}

util::Result<void, StorageError> Populate(Database& db) {
  CAIRN_STORAGE_TRY(db.Exec(SCHEMA_1));
  const std::string version = "PRAGMA user_version = " + std::to_string(PEER_BOOK_SCHEMA_VERSION);
  CAIRN_STORAGE_TRY(db.Exec(version.c_str()));
  auto put = db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)");
  if (!put) return util::Err(std::move(put).error());
  return put->BindText(1, META_SCHEMA_VERSION).Bind(2, PEER_BOOK_SCHEMA_VERSION).Run();
}

// Application id, version (header and meta row), exact schema: a file changed by another tool is
// refused, not trusted. Reads only.
util::Result<void, StorageError> CheckBookHeader(Database& db, const std::string& path) {
  const std::string untouched = "; it was left untouched";
  auto app = db.PragmaInt("PRAGMA application_id");
  if (!app) return util::Err(std::move(app).error());
  if (*app != PEER_BOOK_APPLICATION_ID) {
    return util::Err(Problem(StorageError::Kind::Invalid, path, "not a Cairn peer book" + untouched));
  }
  auto version = db.PragmaInt("PRAGMA user_version");
  if (!version) return util::Err(std::move(version).error());
  if (*version > PEER_BOOK_SCHEMA_VERSION) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "written by a newer Cairn (schema version " + std::to_string(*version) +
                                 "); refusing to open it" + untouched));
  }
  if (*version != PEER_BOOK_SCHEMA_VERSION) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "has an unknown schema version " + std::to_string(*version) + untouched));
  }
  auto reference = Database::Create(":memory:");
  if (!reference) return util::Err(std::move(reference).error());
  CAIRN_STORAGE_TRY((*reference)->Exec(SCHEMA_1));
  auto expected = SchemaText(**reference);
  if (!expected) return util::Err(std::move(expected).error());
  auto actual = SchemaText(db);
  if (!actual) return util::Err(std::move(actual).error());
  if (*actual != *expected) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "its tables are not those of a Cairn peer book (damaged, or changed by another tool)" +
                                 untouched));
  }
  auto meta = MetaInt(db, META_SCHEMA_VERSION);
  if (!meta) return util::Err(std::move(meta).error());
  if (!*meta || **meta != *version) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "its meta table does not confirm schema version " + std::to_string(*version) + untouched));
  }
  return {};
}

util::Result<std::unique_ptr<Database>, StorageError> OpenFile(const std::string& path) {
  auto probe = ProbeFile(path);
  if (!probe) return util::Err(std::move(probe).error());
  const std::string untouched = "; it was left untouched";
  switch (probe->state) {
    case FileState::Missing: {
      if (probe->orphan_wal) {
        // A fresh file paired with an old log would read the log's frames as its own pages.
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "the file is missing but its write-ahead log '" + path +
                                     "-wal' remains; move that away first"));
      }
      auto created = CreateFileAtomically(path, PEER_BOOK_APPLICATION_ID, Populate);
      if (!created) return util::Err(std::move(created).error());
      CAIRN_LOG(Storage, Info) << "created peer book " << path;
      break;
    }
    case FileState::Empty:
      return util::Err(Problem(StorageError::Kind::Invalid, path, "is an empty file, not a peer book" + untouched));
    case FileState::NotRegular:
      return util::Err(Problem(StorageError::Kind::Invalid, path, "is not a regular file" + untouched));
    case FileState::NotSqlite:
      return util::Err(Problem(StorageError::Kind::Invalid, path, "is not a SQLite database, so not a peer book" + untouched));
    case FileState::Sqlite:
      // Decided from the raw header, before SQLite may touch the file (it would roll back a foreign
      // file's hot journal on the first read).
      if (probe->application_id == static_cast<std::uint32_t>(APPLICATION_ID)) {
        return util::Err(Problem(StorageError::Kind::Invalid, path, "is a Cairn chain database, not a peer book" + untouched));
      }
      if (probe->application_id == static_cast<std::uint32_t>(SIGN_STORE_APPLICATION_ID)) {
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "is a Cairn slashing-protection database, not a peer book" + untouched));
      }
      if (probe->application_id != static_cast<std::uint32_t>(PEER_BOOK_APPLICATION_ID)) {
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "is a SQLite database of another application, not a Cairn peer book" + untouched));
      }
      // The header's user_version may lag the log, but versions only grow: a newer one is final.
      if (probe->user_version > static_cast<std::uint64_t>(PEER_BOOK_SCHEMA_VERSION)) {
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "written by a newer Cairn (schema version " + std::to_string(probe->user_version) +
                                     "); refusing to open it" + untouched));
      }
      break;
  }
  auto opened = Database::Open(path, Access::ReadWrite, BUSY_TIMEOUT);
  if (!opened) return util::Err(std::move(opened).error());
  Database& db = **opened;
  CAIRN_STORAGE_TRY(db.Exec("PRAGMA cell_size_check = ON"));
  CAIRN_STORAGE_TRY(CheckBookHeader(db, path));
  auto journal = db.PragmaText("PRAGMA journal_mode = WAL");
  if (!journal) return util::Err(std::move(journal).error());
  if (*journal != "wal") return util::Err(Problem(StorageError::Kind::Io, path, "cannot use WAL mode (got " + *journal + ")"));
  // NORMAL: a crash loses nothing; a power loss may lose the last updates, harmless for addresses.
  CAIRN_STORAGE_TRY(db.Exec("PRAGMA synchronous = NORMAL"));
  return opened;
}

}  // namespace

std::string_view PeerSourceName(PeerSource source) {
  switch (source) {
    case PeerSource::Connect: return "connect";
    case PeerSource::Seed: return "seed";
    case PeerSource::Exchange: return "exchange";
    case PeerSource::Lan: return "lan";
    case PeerSource::Inbound: return "inbound";
    case PeerSource::Manual: return "manual";
  }
  return "unknown";
}

bool IsStrongSource(PeerSource source) {
  return source == PeerSource::Connect || source == PeerSource::Seed || source == PeerSource::Manual;
}

std::string PeerAddressKey(std::string_view host, std::uint16_t port) {
  const std::string h(host);
  if (h.find(':') != std::string::npos) return "[" + h + "]:" + std::to_string(port);
  return h + ":" + std::to_string(port);
}

std::int64_t PeerBackoffMs(std::uint32_t failures) {
  if (failures == 0) return 0;
  // 5 s * 2^20 is far above the cap: shifting further could only overflow.
  const std::uint32_t doublings = std::min<std::uint32_t>(failures - 1, 20);
  return std::min(PEER_BACKOFF_BASE_MS << doublings, PEER_BACKOFF_MAX_MS);
}

PeerBook::PeerBook(std::unique_ptr<Database> db, std::string path) : m_db(std::move(db)), m_path(std::move(path)) {}

PeerBook::~PeerBook() = default;

util::Result<std::unique_ptr<PeerBook>, StorageError> PeerBook::Open(const std::string& path) {
  if (path.empty()) {
    auto db = Database::Create(":memory:");
    if (!db) return util::Err(Relabel(std::move(db).error()));
    if (auto populated = Populate(**db); !populated) return util::Err(Relabel(populated.error()));
    return std::unique_ptr<PeerBook>(new PeerBook(std::move(*db), path));
  }
  auto db = OpenFile(path);
  if (!db) return util::Err(Relabel(std::move(db).error()));
  return std::unique_ptr<PeerBook>(new PeerBook(std::move(*db), path));
}

util::Result<void, StorageError> PeerBook::Add(const PeerRecord& record) {
  const auto host = NormalizeHost(record.host);
  if (!host || record.port == 0) {
    return util::Err(Problem(StorageError::Kind::Misuse, m_path, "a peer needs a host (at most 64 printable bytes) and a port"));
  }
  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  auto write = [&]() -> util::Result<void, StorageError> {
    auto tx = Transaction::Begin(db, TxMode::Write);
    if (!tx) return util::Err(std::move(tx).error());
    auto existing = FindPeer(db, *host, record.port);
    if (!existing) return util::Err(std::move(existing).error());
    PeerRecord merged = record;
    merged.host = *host;
    merged.failures = std::min(merged.failures, MAX_FAILURES);
    if (*existing) {
      const PeerRecord& old = **existing;
      merged.first_seen_ms = old.first_seen_ms;
      merged.last_seen_ms = std::max(old.last_seen_ms, record.last_seen_ms);
      merged.last_attempt_ms = std::max(old.last_attempt_ms, record.last_attempt_ms);
      merged.failures = old.failures;
      merged.source = SourceRank(record.source) > SourceRank(old.source) ? record.source : old.source;
      merged.id = old.id ? old.id : record.id;
    }
    CAIRN_STORAGE_TRY(WritePeer(db, merged));
    if (!*existing) {
      auto count = CountPeers(db);
      if (!count) return util::Err(std::move(count).error());
      if (*count > static_cast<std::int64_t>(MAX_PEER_BOOK_RECORDS + PEER_BOOK_SLACK)) {
        CAIRN_STORAGE_TRY(DropWorst(db, *count - static_cast<std::int64_t>(MAX_PEER_BOOK_RECORDS)));
      }
    }
    return tx->Commit();
  };
  auto done = write();
  if (!done) return util::Err(Relabel(done.error()));
  return {};
}

util::Result<void, StorageError> PeerBook::MarkConnected(const std::string& host_in, std::uint16_t port,
                                                         const crypto::PublicKey& id, std::int64_t now_ms) {
  const auto host = NormalizeHost(host_in);
  if (!host || port == 0) return util::Err(Problem(StorageError::Kind::Misuse, m_path, "MarkConnected needs a host and a port"));
  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  auto write = [&]() -> util::Result<void, StorageError> {
    auto tx = Transaction::Begin(db, TxMode::Write);
    if (!tx) return util::Err(std::move(tx).error());
    auto existing = FindPeer(db, *host, port);
    if (!existing) return util::Err(std::move(existing).error());
    PeerRecord r;
    if (*existing) {
      r = **existing;
    } else {
      r.host = *host;
      r.port = port;
      r.source = PeerSource::Inbound;
      r.first_seen_ms = now_ms;
    }
    r.id = id;
    r.failures = 0;
    r.last_seen_ms = std::max(r.last_seen_ms, now_ms);
    CAIRN_STORAGE_TRY(WritePeer(db, r));
    return tx->Commit();
  };
  auto done = write();
  if (!done) return util::Err(Relabel(done.error()));
  return {};
}

util::Result<void, StorageError> PeerBook::MarkFailed(const std::string& host_in, std::uint16_t port, std::int64_t now_ms) {
  const auto host = NormalizeHost(host_in);
  if (!host || port == 0) return util::Err(Problem(StorageError::Kind::Misuse, m_path, "MarkFailed needs a host and a port"));
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare(
      "UPDATE peers SET failures = min(failures + 1, ?4), last_attempt = max(last_attempt, ?3) "
      "WHERE host = ?1 AND port = ?2");
  if (!stmt) return util::Err(Relabel(std::move(stmt).error()));
  stmt->BindText(1, *host).Bind(2, std::int64_t{port}).Bind(3, now_ms).Bind(4, std::int64_t{MAX_FAILURES});
  if (auto done = stmt->Run(); !done) return util::Err(Relabel(done.error()));
  return {};
}

util::Result<void, StorageError> PeerBook::Remove(const std::string& host_in, std::uint16_t port) {
  const auto host = NormalizeHost(host_in);
  if (!host) return {};  // no such record can exist
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("DELETE FROM peers WHERE host = ?1 AND port = ?2");
  if (!stmt) return util::Err(Relabel(std::move(stmt).error()));
  stmt->BindText(1, *host).Bind(2, std::int64_t{port});
  if (auto done = stmt->Run(); !done) return util::Err(Relabel(done.error()));
  return {};
}

std::vector<PeerRecord> PeerBook::Candidates(std::size_t limit, std::int64_t now_ms,
                                             const std::vector<std::string>& exclude) const {
  std::vector<PeerRecord> out;
  if (limit == 0) return out;
  std::unordered_set<std::string> excluded;
  for (const auto& e : exclude) excluded.insert(Lower(e));
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("SELECT " PEER_COLUMNS " FROM peers WHERE " PEER_NOT_BANNED
                            " ORDER BY last_seen DESC, failures, " SOURCE_RANK " DESC, host, port");
  if (!stmt) {
    CAIRN_LOG(Storage, Error) << Relabel(stmt.error()).message;
    return out;
  }
  stmt->Bind(1, now_ms);
  for (;;) {
    auto row = stmt->Step();
    if (!row) {
      CAIRN_LOG(Storage, Error) << Relabel(row.error()).message;
      return {};
    }
    if (!*row) break;
    PeerRecord r = ReadPeer(*stmt);
    if (r.failures > 0 && SaturatingSub(now_ms, r.last_attempt_ms) < PeerBackoffMs(r.failures)) continue;
    const bool skip = excluded.count(r.host + ":" + std::to_string(r.port)) != 0 ||
                      excluded.count(PeerAddressKey(r.host, r.port)) != 0;
    if (skip) continue;
    out.push_back(std::move(r));
    if (out.size() >= limit) break;  // the Statement's destructor resets the query
  }
  return out;
}

std::vector<PeerRecord> PeerBook::Sample(std::size_t limit, std::int64_t now_ms, std::int64_t max_age_ms) const {
  std::vector<PeerRecord> out;
  if (limit == 0 || max_age_ms < 0) return out;
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("SELECT " PEER_COLUMNS " FROM peers WHERE last_seen > 0 AND last_seen >= ?2 AND " PEER_NOT_BANNED
                            " ORDER BY random() LIMIT ?3");
  if (!stmt) {
    CAIRN_LOG(Storage, Error) << Relabel(stmt.error()).message;
    return out;
  }
  stmt->Bind(1, now_ms).Bind(2, SaturatingSub(now_ms, max_age_ms)).Bind(3, Limit(limit));
  for (;;) {
    auto row = stmt->Step();
    if (!row) {
      CAIRN_LOG(Storage, Error) << Relabel(row.error()).message;
      return {};
    }
    if (!*row) break;
    out.push_back(ReadPeer(*stmt));
  }
  return out;
}

std::size_t PeerBook::size() const {
  std::lock_guard lock(m_mutex);
  auto count = CountPeers(*m_db);
  if (!count) {
    CAIRN_LOG(Storage, Error) << Relabel(count.error()).message;
    return 0;
  }
  return static_cast<std::size_t>(*count);
}

std::optional<PeerRecord> PeerBook::Find(const std::string& host_in, std::uint16_t port) const {
  const auto host = NormalizeHost(host_in);
  if (!host) return std::nullopt;
  std::lock_guard lock(m_mutex);
  auto found = FindPeer(*m_db, *host, port);
  if (!found) {
    CAIRN_LOG(Storage, Error) << Relabel(found.error()).message;
    return std::nullopt;
  }
  return *found;
}

util::Result<void, StorageError> PeerBook::Ban(const std::string& key_in, std::int64_t until_ms, const std::string& reason) {
  const auto key = NormalizeBanKey(key_in);
  if (!key) return util::Err(Problem(StorageError::Kind::Misuse, m_path, "a ban key is an IP or \"id:\" and 64 hex digits"));
  std::lock_guard lock(m_mutex);
  // The longer ban wins: a short automatic ban must not cut an operator's long one.
  auto stmt = m_db->Prepare(
      "INSERT INTO bans(key, until, reason) VALUES(?1, ?2, ?3) ON CONFLICT(key) DO UPDATE SET "
      "until = excluded.until, reason = excluded.reason WHERE excluded.until >= bans.until");
  if (!stmt) return util::Err(Relabel(std::move(stmt).error()));
  stmt->BindText(1, *key).Bind(2, until_ms).BindText(3, TruncateUtf8(reason, MAX_BAN_REASON_BYTES));
  if (auto done = stmt->Run(); !done) return util::Err(Relabel(done.error()));
  return {};
}

util::Result<bool, StorageError> PeerBook::Unban(const std::string& key_in) {
  const auto key = NormalizeBanKey(key_in);
  if (!key) return false;
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("DELETE FROM bans WHERE key = ?1");
  if (!stmt) return util::Err(Relabel(std::move(stmt).error()));
  stmt->BindText(1, *key);
  if (auto done = stmt->Run(); !done) return util::Err(Relabel(done.error()));
  return sqlite3_changes(m_db->raw()) > 0;
}

std::optional<BanRecord> PeerBook::BanOf(const std::string& key_in, std::int64_t now_ms) const {
  const auto key = NormalizeBanKey(key_in);
  if (!key) return std::nullopt;
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("SELECT key, until, reason FROM bans WHERE key = ?1 AND until > ?2");
  if (!stmt) {
    CAIRN_LOG(Storage, Error) << Relabel(stmt.error()).message;
    return std::nullopt;
  }
  stmt->BindText(1, *key).Bind(2, now_ms);
  auto row = stmt->Step();
  if (!row) {
    CAIRN_LOG(Storage, Error) << Relabel(row.error()).message;
    return std::nullopt;
  }
  if (!*row) return std::nullopt;
  return BanRecord{stmt->Text(0), stmt->Int(1), stmt->Text(2)};
}

std::vector<BanRecord> PeerBook::Bans(std::int64_t now_ms) const {
  std::vector<BanRecord> out;
  std::lock_guard lock(m_mutex);
  auto stmt = m_db->Prepare("SELECT key, until, reason FROM bans WHERE until > ?1 ORDER BY until, key");
  if (!stmt) {
    CAIRN_LOG(Storage, Error) << Relabel(stmt.error()).message;
    return out;
  }
  stmt->Bind(1, now_ms);
  for (;;) {
    auto row = stmt->Step();
    if (!row) {
      CAIRN_LOG(Storage, Error) << Relabel(row.error()).message;
      return {};
    }
    if (!*row) break;
    out.push_back(BanRecord{stmt->Text(0), stmt->Int(1), stmt->Text(2)});
  }
  return out;
}

util::Result<void, StorageError> PeerBook::Prune(std::int64_t now_ms) {
  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  auto write = [&]() -> util::Result<void, StorageError> {
    auto tx = Transaction::Begin(db, TxMode::Write);
    if (!tx) return util::Err(std::move(tx).error());
    auto forget = db.Prepare("DELETE FROM peers WHERE failures >= ?1 AND last_seen < ?2");
    if (!forget) return util::Err(std::move(forget).error());
    forget->Bind(1, std::int64_t{PEER_FORGET_FAILURES}).Bind(2, SaturatingSub(now_ms, PEER_FORGET_AFTER_MS));
    CAIRN_STORAGE_TRY(forget->Run());
    const int forgotten = sqlite3_changes(db.raw());
    auto expired = db.Prepare("DELETE FROM bans WHERE until <= ?1");
    if (!expired) return util::Err(std::move(expired).error());
    expired->Bind(1, now_ms);
    CAIRN_STORAGE_TRY(expired->Run());
    const int unbanned = sqlite3_changes(db.raw());
    auto count = CountPeers(db);
    if (!count) return util::Err(std::move(count).error());
    CAIRN_STORAGE_TRY(DropWorst(db, *count - static_cast<std::int64_t>(MAX_PEER_BOOK_RECORDS)));
    CAIRN_STORAGE_TRY(tx->Commit());
    if (forgotten > 0 || unbanned > 0) {
      CAIRN_LOG(Storage, Debug) << "peer book pruned: " << forgotten << " unreachable peers forgotten, " << unbanned
                                << " expired bans removed";
    }
    return {};
  };
  auto done = write();
  if (!done) return util::Err(Relabel(done.error()));
  return {};
}

}  // namespace cairn::storage
