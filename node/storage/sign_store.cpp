#include "storage/sign_store.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "storage/database.h"
#include "storage/schema.h"
#include "storage/sign_store_interchange.h"
#include "storage/sign_store_rows.h"
#include "util/log.h"

namespace cairn::storage {
namespace {

using namespace sign_rows;

// Votes are keyed by (validator, target, source) rather than (validator, target): an imported
// interchange may hold two votes for one target with different sources (slashable data), and both
// must be kept. Roots are NULL when unknown. Watermarks (NULL: no import yet) are the minimal
// strategy's low bounds.
constexpr const char* SCHEMA_1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID;
CREATE TABLE validators(
  id INTEGER PRIMARY KEY,
  pubkey TEXT NOT NULL UNIQUE,
  block_watermark INTEGER,
  source_watermark INTEGER,
  target_watermark INTEGER);
CREATE TABLE signed_blocks(validator INTEGER NOT NULL, slot INTEGER NOT NULL, signing_root BLOB,
  PRIMARY KEY(validator, slot)) WITHOUT ROWID;
CREATE TABLE signed_votes(validator INTEGER NOT NULL, target INTEGER NOT NULL, source INTEGER NOT NULL,
  signing_root BLOB, PRIMARY KEY(validator, target, source)) WITHOUT ROWID;
CREATE INDEX signed_votes_by_source ON signed_votes(validator, source);
)sql";

constexpr const char* META_GENESIS_ROOT = "genesis_validators_root";
constexpr std::int64_t MAX_SLOT = std::numeric_limits<std::int64_t>::max();
constexpr std::chrono::milliseconds BUSY_TIMEOUT{10'000};

util::Unexpected<SignError> Refuse(SignRefusal::Kind kind, std::string message) {
  return util::Err(SignError{SignRefusal{kind, std::move(message)}});
}

util::Unexpected<SignError> Fault(StorageError e) { return util::Err(SignError{Relabel(std::move(e))}); }

#define SIGN_TRY(expr)                                           \
  do {                                                           \
    if (auto sign_try_ = (expr); !sign_try_) return Fault(sign_try_.error()); \
  } while (false)

std::string SchemaVersionPragma() { return "PRAGMA user_version = " + std::to_string(SIGN_STORE_SCHEMA_VERSION); }

// Builds the store with CreateFileAtomically, like the chain database: `path` either does not exist
// or holds a complete store.
util::Result<void, StorageError> CreateStoreFile(const std::string& path, const SigningRoot& genesis_root) {
  auto created = CreateFileAtomically(path, SIGN_STORE_APPLICATION_ID, [&](Database& db) -> util::Result<void, StorageError> {
    CAIRN_STORAGE_TRY(db.Exec(SCHEMA_1));
    CAIRN_STORAGE_TRY(db.Exec(SchemaVersionPragma().c_str()));
    auto put = db.Prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)");
    if (!put) return util::Err(std::move(put).error());
    CAIRN_STORAGE_TRY(put->BindText(1, META_GENESIS_ROOT).Bind(2, genesis_root.span()).Run());
    return {};
  });
  if (!created) return util::Err(Relabel(created.error()));
  CAIRN_LOG(Storage, Info) << "created slashing-protection database " << path;
  return {};
}

// Application id, version, exact schema: a file changed by another tool is refused, not trusted.
util::Result<void, StorageError> CheckStoreHeader(Database& db, const std::string& path) {
  auto app = db.PragmaInt("PRAGMA application_id");
  if (!app) return util::Err(std::move(app).error());
  if (*app != SIGN_STORE_APPLICATION_ID) {
    return util::Err(Problem(StorageError::Kind::Invalid, path, "not a Cairn slashing-protection database; it was left untouched"));
  }
  auto version = db.PragmaInt("PRAGMA user_version");
  if (!version) return util::Err(std::move(version).error());
  if (*version > SIGN_STORE_SCHEMA_VERSION) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "written by a newer Cairn (schema version " + std::to_string(*version) +
                                 "); refusing to open it, it was left untouched"));
  }
  if (*version != SIGN_STORE_SCHEMA_VERSION) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "has an unknown schema version " + std::to_string(*version) + "; it was left untouched"));
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
                             "its tables are not those of a Cairn slashing-protection database (damaged, or changed "
                             "by another tool); it was left untouched"));
  }
  return {};
}

util::Result<SigningRoot, StorageError> ReadGenesisRoot(Database& db, const std::string& path) {
  auto stmt = db.Prepare("SELECT value FROM meta WHERE key = ?1 AND typeof(value) = 'blob'");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->BindText(1, META_GENESIS_ROOT);
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row || stmt->Blob(0).size() != SigningRoot::SIZE) {
    return util::Err(Problem(StorageError::Kind::Invalid, path, "its genesis_validators_root is missing or malformed"));
  }
  return SigningRoot::FromSpan(stmt->Blob(0));
}

std::string Vote(std::int64_t source, std::int64_t target) {
  return "(source " + std::to_string(source) + ", target " + std::to_string(target) + ")";
}

}  // namespace

std::string_view SignRefusalKindName(SignRefusal::Kind kind) {
  switch (kind) {
    case SignRefusal::Kind::DoubleProposal: return "double proposal";
    case SignRefusal::Kind::BlockBelowWatermark: return "block at or below the imported watermark";
    case SignRefusal::Kind::SourceAfterTarget: return "source after target";
    case SignRefusal::Kind::DoubleVote: return "double vote";
    case SignRefusal::Kind::SurroundingVote: return "surrounding vote";
    case SignRefusal::Kind::SurroundedVote: return "surrounded vote";
    case SignRefusal::Kind::SourceBelowWatermark: return "source below the imported watermark";
    case SignRefusal::Kind::TargetBelowWatermark: return "target at or below the imported watermark";
  }
  return "unknown";
}

const std::string& SignError::message() const {
  if (const auto* r = refusal()) return r->message;
  return std::get<StorageError>(value).message;
}

SignStore::SignStore(std::unique_ptr<Database> db, std::string path, const SigningRoot& genesis_root)
    : m_db(std::move(db)), m_path(std::move(path)), m_genesis_root(genesis_root) {}

SignStore::~SignStore() = default;

util::Result<std::unique_ptr<SignStore>, StorageError> SignStore::Open(const std::string& path,
                                                                       const SigningRoot& genesis_root, OpenMode mode) {
  return OpenImpl(path, genesis_root, mode);
}

util::Result<std::unique_ptr<SignStore>, StorageError> SignStore::OpenExisting(const std::string& path) {
  return OpenImpl(path, std::nullopt, OpenMode::MustExist);
}

util::Result<std::unique_ptr<SignStore>, StorageError> SignStore::OpenImpl(
    const std::string& path, const std::optional<SigningRoot>& genesis_root, OpenMode mode) {
  auto probe = ProbeFile(path);
  if (!probe) return util::Err(Relabel(std::move(probe).error()));
  const std::string untouched = "; it was left untouched";
  switch (probe->state) {
    case FileState::Missing:
      if (probe->orphan_wal) {
        // The database was deleted but its log remains: creating a new store there would pair a
        // fresh file with old log frames, and silently forget what was signed.
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "the file is missing but its write-ahead log '" + path +
                                     "-wal' remains; move that away (or restore the database) first"));
      }
      if (mode == OpenMode::MustExist || !genesis_root) {
        return util::Err(Problem(StorageError::Kind::Io, path, "does not exist"));
      }
      CAIRN_STORAGE_TRY(CreateStoreFile(path, *genesis_root));
      break;
    case FileState::Empty:
      return util::Err(Problem(StorageError::Kind::Invalid, path, "is an empty file, not a slashing-protection database" + untouched));
    case FileState::NotRegular:
      return util::Err(Problem(StorageError::Kind::Invalid, path, "is not a regular file" + untouched));
    case FileState::NotSqlite:
      return util::Err(Problem(StorageError::Kind::Invalid, path, "is not a SQLite database" + untouched));
    case FileState::Sqlite:
      if (probe->application_id == static_cast<std::uint32_t>(APPLICATION_ID)) {
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "is a Cairn chain database, not a slashing-protection database" + untouched));
      }
      if (probe->application_id != static_cast<std::uint32_t>(SIGN_STORE_APPLICATION_ID)) {
        return util::Err(Problem(StorageError::Kind::Invalid, path,
                                 "is a SQLite database of another application, not a Cairn slashing-protection "
                                 "database" + untouched));
      }
      break;
  }

  auto opened = Database::Open(path, Access::ReadWrite, BUSY_TIMEOUT);
  if (!opened) return util::Err(Relabel(std::move(opened).error()));
  Database& db = **opened;
  auto setup = [&]() -> util::Result<SigningRoot, StorageError> {
    CAIRN_STORAGE_TRY(db.Exec("PRAGMA cell_size_check = ON"));
    CAIRN_STORAGE_TRY(CheckStoreHeader(db, path));
    auto journal = db.PragmaText("PRAGMA journal_mode = WAL");
    if (!journal) return util::Err(std::move(journal).error());
    if (*journal != "wal") return util::Err(Problem(StorageError::Kind::Io, path, "cannot use WAL mode (got " + *journal + ")"));
    // FULL: every commit fsyncs the WAL, so a recorded signature survives power loss (DESIGN.md 3.7).
    CAIRN_STORAGE_TRY(db.Exec("PRAGMA synchronous = FULL"));
    auto sync = db.PragmaInt("PRAGMA synchronous");
    if (!sync) return util::Err(std::move(sync).error());
    if (*sync != 2) return util::Err(Problem(StorageError::Kind::Io, path, "cannot set synchronous = FULL"));
    return ReadGenesisRoot(db, path);
  };
  auto stored = setup();
  if (!stored) return util::Err(Relabel(std::move(stored).error()));
  if (genesis_root && *stored != *genesis_root) {
    return util::Err(Problem(StorageError::Kind::Invalid, path,
                             "belongs to genesis_validators_root " + RootHex(*stored) + ", not " + RootHex(*genesis_root) +
                                 untouched));
  }
  return std::unique_ptr<SignStore>(new SignStore(std::move(*opened), path, *stored));
}

util::Result<void, SignError> SignStore::CheckAndRecordBlock(std::string_view pubkey, std::uint64_t slot_u,
                                                             const SigningRoot& signing_root) {
  const auto key = NormalizePubkey(pubkey);
  if (!key) return Fault(Problem(StorageError::Kind::Misuse, m_path, "pubkey is not 0x-prefixed hex"));
  if (slot_u > static_cast<std::uint64_t>(MAX_SLOT)) {
    return Fault(Problem(StorageError::Kind::Misuse, m_path, "slot out of range"));
  }
  const auto slot = static_cast<std::int64_t>(slot_u);
  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  auto tx = Transaction::Begin(db, TxMode::Write);
  if (!tx) return Fault(std::move(tx).error());
  auto validator = FindValidator(db, *key);
  if (!validator) return Fault(std::move(validator).error());
  if (*validator) {
    const ValidatorRow& v = **validator;
    if (v.block_watermark && slot <= *v.block_watermark) {
      return Refuse(SignRefusal::Kind::BlockBelowWatermark,
                    "validator " + *key + ": block at slot " + std::to_string(slot) +
                        " is at or below the watermark set by a slashing-protection import (slot " +
                        std::to_string(*v.block_watermark) + ")");
    }
    auto stmt = db.Prepare("SELECT signing_root FROM signed_blocks WHERE validator = ?1 AND slot = ?2");
    if (!stmt) return Fault(std::move(stmt).error());
    stmt->Bind(1, v.id).Bind(2, slot);
    auto row = stmt->Step();
    if (!row) return Fault(std::move(row).error());
    if (*row) {
      const bool same = SameKnownRoot(*stmt, 0, signing_root);
      SIGN_TRY(stmt->Run());
      if (same) return {};  // the very same block: signing it again is harmless, nothing to write
      return Refuse(SignRefusal::Kind::DoubleProposal,
                    "validator " + *key + ": a different block was already signed for slot " + std::to_string(slot));
    }
  }
  std::int64_t id = 0;
  if (*validator) {
    id = (*validator)->id;
  } else {
    auto created = ValidatorId(db, *key);
    if (!created) return Fault(std::move(created).error());
    id = *created;
  }
  auto insert = db.Prepare("INSERT INTO signed_blocks(validator, slot, signing_root) VALUES(?1, ?2, ?3)");
  if (!insert) return Fault(std::move(insert).error());
  insert->Bind(1, id).Bind(2, slot);
  BindRoot(*insert, 3, signing_root);
  SIGN_TRY(insert->Run());
  SIGN_TRY(tx->Commit());
  return {};
}

util::Result<void, SignError> SignStore::CheckAndRecordVote(std::string_view pubkey, std::uint64_t source_u,
                                                            std::uint64_t target_u, const SigningRoot& signing_root) {
  const auto key = NormalizePubkey(pubkey);
  if (!key) return Fault(Problem(StorageError::Kind::Misuse, m_path, "pubkey is not 0x-prefixed hex"));
  if (source_u > target_u) {
    return Refuse(SignRefusal::Kind::SourceAfterTarget, "validator " + *key + ": vote source " + std::to_string(source_u) +
                                                            " is after its target " + std::to_string(target_u));
  }
  if (target_u > static_cast<std::uint64_t>(MAX_SLOT)) {
    return Fault(Problem(StorageError::Kind::Misuse, m_path, "vote target out of range"));
  }
  const auto source = static_cast<std::int64_t>(source_u);
  const auto target = static_cast<std::int64_t>(target_u);
  const std::string vote = Vote(source, target);
  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  auto tx = Transaction::Begin(db, TxMode::Write);
  if (!tx) return Fault(std::move(tx).error());
  auto validator = FindValidator(db, *key);
  if (!validator) return Fault(std::move(validator).error());
  std::int64_t id = 0;
  if (*validator) {
    const ValidatorRow& v = **validator;
    id = v.id;
    if (v.source_watermark && source < *v.source_watermark) {
      return Refuse(SignRefusal::Kind::SourceBelowWatermark,
                    "validator " + *key + ": vote " + vote + " has a source below the watermark set by a slashing-protection import (source " +
                        std::to_string(*v.source_watermark) + ")");
    }
    if (v.target_watermark && target <= *v.target_watermark) {
      return Refuse(SignRefusal::Kind::TargetBelowWatermark,
                    "validator " + *key + ": vote " + vote + " has a target at or below the watermark set by a slashing-protection import (target " +
                        std::to_string(*v.target_watermark) + ")");
    }
    auto stmt = db.Prepare("SELECT source, signing_root FROM signed_votes WHERE validator = ?1 AND target = ?2");
    if (!stmt) return Fault(std::move(stmt).error());
    stmt->Bind(1, id).Bind(2, target);
    bool any = false;
    bool same = false;
    std::int64_t other_source = 0;
    for (;;) {
      auto row = stmt->Step();
      if (!row) return Fault(std::move(row).error());
      if (!*row) break;
      if (!any) other_source = stmt->Int(0);
      any = true;
      if (stmt->Int(0) == source && SameKnownRoot(*stmt, 1, signing_root)) same = true;
    }
    if (same) return {};  // the very same vote: signing it again is harmless, nothing to write
    if (any) {
      return Refuse(SignRefusal::Kind::DoubleVote, "validator " + *key + ": vote " + vote +
                                                       " conflicts with the vote already signed for target " +
                                                       std::to_string(target) + " " + Vote(other_source, target));
    }
    auto hit = FindSurround(db, id, source, target);
    if (!hit) return Fault(std::move(hit).error());
    if (*hit) {
      const bool surrounds = (*hit)->kind == SignRefusal::Kind::SurroundingVote;
      return Refuse((*hit)->kind, "validator " + *key + ": vote " + vote + (surrounds ? " surrounds" : " is surrounded by") +
                                      " the earlier vote " + Vote((*hit)->source, (*hit)->target));
    }
  } else {
    auto created = ValidatorId(db, *key);
    if (!created) return Fault(std::move(created).error());
    id = *created;
  }
  auto insert = db.Prepare("INSERT INTO signed_votes(validator, target, source, signing_root) VALUES(?1, ?2, ?3, ?4)");
  if (!insert) return Fault(std::move(insert).error());
  insert->Bind(1, id).Bind(2, target).Bind(3, source);
  BindRoot(*insert, 4, signing_root);
  SIGN_TRY(insert->Run());
  SIGN_TRY(tx->Commit());
  return {};
}

}  // namespace cairn::storage
