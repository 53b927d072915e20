#include "storage/chain_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "storage/chain_tables.h"
#include "storage/database.h"
#include "storage/index_rows.h"
#include "storage/schema.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::storage {
namespace {

StorageError Misuse(const std::string& path, const std::string& what) {
  return {StorageError::Kind::Misuse, "chain database '" + path + "': " + what + "; nothing was written"};
}

// Keeps a second process from writing the same database: the in-memory view of the un-checkpointed
// state is only right while this store is the only writer. The kernel drops the lock when the
// process dies, however it dies.
util::Result<int, StorageError> AcquireLock(const std::string& path) {
  const std::string lock_path = path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return util::Err(StorageError{StorageError::Kind::Io, "chain database '" + path + "': cannot open its lock file '" +
                                                              lock_path + "': " + std::strerror(errno)});
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    return util::Err(StorageError{StorageError::Kind::Io,
                                  "chain database '" + path + "' is in use by another process (" +
                                      (err == EWOULDBLOCK ? std::string("its lock file is held") : std::strerror(err)) +
                                      ")"});
  }
  return fd;
}

std::string Pragmas(Durability durability) {
  // cache_size: the state table and the hot index pages stay in memory (64 MiB).
  // wal_autocheckpoint: a block writes ~1-2 MB; folding the WAL back every ~16 MB amortises the
  // checkpoint's fsyncs over several blocks. journal_size_limit truncates the WAL after that.
  std::string sql = "PRAGMA synchronous = ";
  sql += durability == Durability::Full ? "FULL" : "NORMAL";
  sql += "; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA cell_size_check = ON;"
         " PRAGMA wal_autocheckpoint = 4096; PRAGMA journal_size_limit = 67108864;";
  return sql;
}

util::Result<void, StorageError> ValidateDiff(const std::string& path, const state::StateDiff& diff) {
  for (std::size_t i = 0; i < diff.writes.size(); ++i) {
    const auto& w = diff.writes[i];
    if (w.key.empty() || w.key.size() > state::MAX_STATE_KEY_BYTES || w.before == w.after ||
        (w.before && w.before->size() > state::MAX_STATE_VALUE_BYTES) ||
        (w.after && w.after->size() > state::MAX_STATE_VALUE_BYTES) ||
        (i > 0 && !state::BytesLess{}(diff.writes[i - 1].key, w.key))) {
      return util::Err(Misuse(path, "the state diff is malformed at write " + std::to_string(i) + " (key " +
                                        util::ToHex(w.key) + ")"));
    }
  }
  if (diff.writes.size() > state::MAX_STATE_DIFF_WRITES) return util::Err(Misuse(path, "the state diff is too large"));
  return {};
}

}  // namespace

util::Result<std::unique_ptr<ChainStore>, StorageError> ChainStore::Open(const std::string& path, OpenMode mode,
                                                                         const chain::ChainId& chain_id,
                                                                         const crypto::Hash256& genesis_hash,
                                                                         const StoreOptions& options) {
  if (chain_id.empty()) return util::Err(Misuse(path, "no chain id given"));
  std::unique_ptr<ChainStore> store(new ChainStore());
  store->m_path = path;
  store->m_identity = {chain_id, genesis_hash};

  auto probe = ProbeFile(path);
  if (!probe) return util::Err(std::move(probe).error());
  if (probe->state == FileState::Missing) {
    if (probe->orphan_wal) {
      return util::Err(StorageError{StorageError::Kind::Invalid,
                                    "found the write-ahead log '" + path + "-wal' without its database '" + path +
                                        "'; it was left untouched (move it away to start a new database)"});
    }
    if (mode == OpenMode::MustExist) return util::Err(RequireCairnFile(path, *probe).error());
    auto lock = AcquireLock(path);
    if (!lock) return util::Err(std::move(lock).error());
    store->m_lock_fd = *lock;
    CAIRN_STORAGE_TRY(CreateDatabaseFile(path, chain_id, genesis_hash));
    probe = ProbeFile(path);
    if (!probe) return util::Err(std::move(probe).error());
  }
  CAIRN_STORAGE_TRY(RequireCairnFile(path, *probe));
  if (store->m_lock_fd < 0) {
    auto lock = AcquireLock(path);
    if (!lock) return util::Err(std::move(lock).error());
    store->m_lock_fd = *lock;
  }

  auto opened = Database::Open(path, Access::ReadWrite, options.busy_timeout);
  if (!opened) return util::Err(std::move(opened).error());
  store->m_db = std::move(opened).value();
  Database& db = *store->m_db;
  auto version = CheckHeader(db);
  if (!version) return util::Err(std::move(version).error());
  if (options.integrity_check == IntegrityCheck::Quick) CAIRN_STORAGE_TRY(QuickCheck(db));
  CAIRN_STORAGE_TRY(CheckSchema(db, *version));
  CAIRN_STORAGE_TRY(CheckIdentity(db, chain_id, genesis_hash));
  auto journal = db.PragmaText("PRAGMA journal_mode");
  if (!journal) return util::Err(std::move(journal).error());
  if (*journal != "wal") {
    // Every Cairn database is created in WAL mode. Another mode means another tool changed the file
    // or its header is damaged; switching it back would be a write to a file we cannot vouch for.
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "is not in WAL mode (journal_mode " + *journal +
                                 "): its header is damaged or another tool changed it; it was left untouched (if "
                                 "you changed it yourself, run: sqlite3 '" + path + "' 'PRAGMA journal_mode=WAL')"));
  }
  const std::string pragmas = Pragmas(options.durability);
  CAIRN_STORAGE_TRY(db.Exec(pragmas.c_str()));
  if (*version < SCHEMA_VERSION) CAIRN_STORAGE_TRY(Migrate(db, *version));

  auto head = ReadHead(db);
  if (!head) return util::Err(std::move(head).error());
  store->m_head = *head;
  if (store->m_head) {
    auto cp = RequiredMetaHeight(db, META_CHECKPOINT_HEIGHT);
    if (!cp) return util::Err(std::move(cp).error());
    auto indexed = RequiredMetaHeight(db, META_INDEXED_HEIGHT);
    if (!indexed) return util::Err(std::move(indexed).error());
    auto digest = MetaBlob(db, META_STATE_DIGEST);
    if (!digest) return util::Err(std::move(digest).error());
    auto count = MetaInt(db, META_STATE_COUNT);
    if (!count) return util::Err(std::move(count).error());
    if (*cp > store->m_head->height || *indexed > store->m_head->height || !*digest ||
        (*digest)->size() != crypto::Hash256::SIZE || !*count) {
      return util::Err(db.Fail(StorageError::Kind::Invalid,
                               "its bookkeeping is inconsistent (head " + std::to_string(store->m_head->height) +
                                   ", checkpoint " + std::to_string(*cp) + ", indexed " + std::to_string(*indexed) +
                                   "): the database is damaged; it was left untouched"));
    }
    store->m_checkpoint_height = *cp;
    store->m_digest = StateDigest::FromBytes(crypto::Hash256::FromSpan(**digest));
    store->m_state_count = **count;
  }
  CAIRN_LOG(Storage, Info) << "opened chain database " << path << " at height "
                           << (store->m_head ? std::to_string(store->m_head->height) : std::string("(no genesis)"))
                           << ", checkpoint " << store->m_checkpoint_height;
  return store;
}

ChainStore::~ChainStore() {
  m_db.reset();  // close the connection before releasing the lock
  if (m_lock_fd >= 0) ::close(m_lock_fd);
}

util::Result<void, StorageError> ChainStore::Writable() const {
  if (m_broken) {
    return util::Err(StorageError{StorageError::Kind::Io,
                                  "chain database '" + m_path + "': an earlier commit failed at the end, so what "
                                  "reached the disk is unknown; reopen the database to continue"});
  }
  return {};
}

util::Result<void, StorageError> ChainStore::Write(const std::function<util::Result<void, StorageError>()>& body) {
  CAIRN_STORAGE_TRY(Writable());
  auto tx = Transaction::Begin(*m_db, TxMode::Write);
  if (!tx) return util::Err(std::move(tx).error());
  CAIRN_STORAGE_TRY(body());
  if (m_before_commit) m_before_commit();
  auto committed = tx->Commit();
  if (!committed) {
    m_broken = true;
    CAIRN_LOG(Storage, Error) << committed.error().message;
  }
  return committed;
}

bool ChainStore::DueAfter(std::uint64_t extra_diff_bytes) const {
  if (!m_head) return false;
  const std::uint64_t blocks = m_head->height + (extra_diff_bytes > 0 ? 1 : 0) - m_checkpoint_height;
  return blocks > 0 && (blocks >= m_interval_blocks || m_pending_diff_bytes + extra_diff_bytes >= m_interval_bytes);
}

bool ChainStore::CheckpointDue() const { return DueAfter(0); }

void ChainStore::SetCheckpointInterval(std::uint64_t blocks, std::uint64_t diff_bytes) {
  m_interval_blocks = blocks == 0 ? 1 : blocks;
  m_interval_bytes = diff_bytes == 0 ? 1 : diff_bytes;
}

util::Result<void, StorageError> ChainStore::CommitGenesis(const state::MemoryState& genesis_state) {
  if (m_head) return util::Err(Misuse(m_path, "the genesis is already stored"));
  StateDigest digest;
  std::int64_t count = 0;
  CAIRN_STORAGE_TRY(Write([&]() -> util::Result<void, StorageError> {
    auto put = m_db->Prepare("INSERT INTO state(key, value) VALUES(?1, ?2)");
    if (!put) return util::Err(std::move(put).error());
    for (const auto& [key, value] : genesis_state.entries()) {
      CAIRN_STORAGE_TRY(put->Bind(1, key).Bind(2, value).Run());
      digest.Add(key, value);
      ++count;
    }
    auto canonical = m_db->Prepare("INSERT INTO canonical(height, hash) VALUES(0, ?1)");
    if (!canonical) return util::Err(std::move(canonical).error());
    CAIRN_STORAGE_TRY(canonical->Bind(1, m_identity.genesis_hash.span()).Run());
    CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_CHECKPOINT_HEIGHT, 0));
    CAIRN_STORAGE_TRY(SetMetaBlob(*m_db, META_STATE_DIGEST, digest.ToBytes().span()));
    return SetMetaInt(*m_db, META_STATE_COUNT, count);
  }));
  m_head = Head{0, m_identity.genesis_hash};
  m_checkpoint_height = 0;
  m_digest = digest;
  m_state_count = count;
  m_pending.Clear();
  m_pending_loaded = true;
  m_pending_diff_bytes = 0;
  return {};
}

util::Result<void, StorageError> ChainStore::CommitBlock(const chain::Block& block, const chain::BlockId& id,
                                                         std::uint64_t height, const state::StateDiff& diff) {
  CAIRN_STORAGE_TRY(Writable());
  if (!m_head) return util::Err(Misuse(m_path, "no genesis is stored yet"));
  const chain::BlockHeader& h = block.unsigned_header();
  const std::string at = "block " + util::ToHex(id.span()).substr(0, 16) + " at height " + std::to_string(height);
  if (height != m_head->height + 1 || h.height != height) {
    return util::Err(Misuse(m_path, at + " does not extend the head at height " + std::to_string(m_head->height)));
  }
  if (h.parent_hash != m_head->id) return util::Err(Misuse(m_path, at + " has a parent other than the head"));
  if (h.chain_id != m_identity.chain_id) return util::Err(Misuse(m_path, at + " is for chain " + h.chain_id.str()));
  if (chain::ComputeBlockId(h) != id) return util::Err(Misuse(m_path, at + ": the id does not match the header"));
  CAIRN_STORAGE_TRY(ValidateDiff(m_path, diff));
  CAIRN_STORAGE_TRY(EnsurePending());
  const util::Bytes encoded = state::Encode(diff);
  const bool checkpoint = DueAfter(encoded.size());
  // Undone below if the transaction fails.
  if (auto conflict = m_pending.Forward(diff)) return util::Err(Misuse(m_path, at + ": " + *conflict));
  CheckpointResult result;
  auto done = Write([&]() -> util::Result<void, StorageError> {
    auto rowid = PutBlock(*m_db, block, id);
    if (!rowid) return util::Err(std::move(rowid).error());
    CAIRN_STORAGE_TRY(PutDiff(*m_db, *rowid, encoded));
    auto canonical = m_db->Prepare("INSERT INTO canonical(height, hash) VALUES(?1, ?2)");
    if (!canonical) return util::Err(std::move(canonical).error());
    CAIRN_STORAGE_TRY(canonical->Bind(1, static_cast<std::int64_t>(height)).Bind(2, id.span()).Run());
    if (checkpoint) {
      auto written = WriteCheckpointRows(height);
      if (!written) return util::Err(std::move(written).error());
      result = *written;
    }
    return {};
  });
  if (!done) {
    m_pending.Backward(diff);
    return done;
  }
  m_head = Head{height, id};
  m_pending_diff_bytes += encoded.size();
  if (checkpoint) FinishCheckpoint(result, height);
  return {};
}

util::Result<void, StorageError> ChainStore::StoreBlock(const chain::Block& block, const chain::BlockId& id) {
  const chain::BlockHeader& h = block.unsigned_header();
  if (chain::ComputeBlockId(h) != id) return util::Err(Misuse(m_path, "the block id does not match the header"));
  if (h.chain_id != m_identity.chain_id) return util::Err(Misuse(m_path, "the block is for chain " + h.chain_id.str()));
  return Write([&]() -> util::Result<void, StorageError> {
    auto rowid = PutBlock(*m_db, block, id);
    if (!rowid) return util::Err(std::move(rowid).error());
    return {};
  });
}

util::Result<state::StateDiff, StorageError> ChainStore::RevertHead() {
  CAIRN_STORAGE_TRY(Writable());
  if (!m_head || m_head->height == 0) return util::Err(Misuse(m_path, "there is no block to revert"));
  CAIRN_STORAGE_TRY(EnsurePending());
  const chain::Height height = m_head->height;
  const bool in_checkpoint = m_checkpoint_height >= height;
  std::optional<DiffBlob> reverted;
  chain::BlockId parent;
  CheckpointResult result{m_digest, m_state_count};
  auto done = Write([&]() -> util::Result<void, StorageError> {
    auto row = CanonicalBlock(*m_db, height);
    if (!row) return util::Err(std::move(row).error());
    if (!*row) return util::Err(m_db->Fail(StorageError::Kind::Invalid, "the head block is missing"));
    auto diff = ReadDiff(*m_db, **row);
    if (!diff) return util::Err(std::move(diff).error());
    if (!*diff) return util::Err(Misuse(m_path, "the diff of the head block was pruned, so it cannot be reverted"));
    reverted = std::move(*diff);
    auto header = ReadHeader(*m_db, **row);
    if (!header) return util::Err(std::move(header).error());
    parent = header->header.parent_hash;
    auto indexed = RequiredMetaHeight(*m_db, META_INDEXED_HEIGHT);
    if (!indexed) return util::Err(std::move(indexed).error());
    if (*indexed >= height) {
      auto removed = IndexCanonicalBlock(*m_db, height, IndexOp::Remove);
      if (!removed) return util::Err(std::move(removed).error());
      CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_INDEXED_HEIGHT, static_cast<std::int64_t>(height - 1)));
    }
    if (in_checkpoint) {
      // The checkpoint already holds this block's effect: roll the state table back with it.
      auto upsert = m_db->Prepare("INSERT OR REPLACE INTO state(key, value) VALUES(?1, ?2)");
      if (!upsert) return util::Err(std::move(upsert).error());
      auto erase = m_db->Prepare("DELETE FROM state WHERE key = ?1");
      if (!erase) return util::Err(std::move(erase).error());
      for (const auto& w : reverted->diff.writes) {
        if (w.after) { result.digest.Remove(w.key, *w.after); --result.count; }
        if (w.before) {
          result.digest.Add(w.key, *w.before);
          ++result.count;
          CAIRN_STORAGE_TRY(upsert->Bind(1, w.key).Bind(2, *w.before).Run());
        } else {
          CAIRN_STORAGE_TRY(erase->Bind(1, w.key).Run());
        }
      }
      CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_CHECKPOINT_HEIGHT, static_cast<std::int64_t>(height - 1)));
      CAIRN_STORAGE_TRY(SetMetaBlob(*m_db, META_STATE_DIGEST, result.digest.ToBytes().span()));
      CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_STATE_COUNT, result.count));
    }
    auto drop = m_db->Prepare("DELETE FROM canonical WHERE height = ?1");
    if (!drop) return util::Err(std::move(drop).error());
    return drop->Bind(1, static_cast<std::int64_t>(height)).Run();
  });
  if (!done) return util::Err(done.error());
  if (in_checkpoint) {
    FinishCheckpoint(result, height - 1);
  } else {
    m_pending.Backward(reverted->diff);
    m_pending_diff_bytes -= std::min<std::uint64_t>(m_pending_diff_bytes, reverted->encoded_size);
  }
  m_head = Head{height - 1, parent};
  return std::move(reverted->diff);
}

util::Result<void, StorageError> ChainStore::PruneDiffsBelow(std::uint64_t height) {
  if (height > m_checkpoint_height + 1) {
    return util::Err(Misuse(m_path, "cannot prune diffs below height " + std::to_string(height) +
                                        ": the state checkpoint is at " + std::to_string(m_checkpoint_height)));
  }
  return Write([&]() -> util::Result<void, StorageError> {
    auto diffs = m_db->Prepare("DELETE FROM diffs WHERE block IN (SELECT id FROM blocks WHERE height < ?1)");
    if (!diffs) return util::Err(std::move(diffs).error());
    CAIRN_STORAGE_TRY(diffs->Bind(1, static_cast<std::int64_t>(height)).Run());
    auto forks = m_db->Prepare(
        "DELETE FROM blocks WHERE height < ?1 AND NOT EXISTS "
        "(SELECT 1 FROM canonical c WHERE c.height = blocks.height AND c.hash = blocks.hash)");
    if (!forks) return util::Err(std::move(forks).error());
    return forks->Bind(1, static_cast<std::int64_t>(height)).Run();
  });
}

}  // namespace cairn::storage
