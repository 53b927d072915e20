// ChainStore's state half: state checkpoints, the in-memory view of keys changed since the last one,
// and rebuilding the state at start-up.
#include "storage/chain_store.h"

#include "storage/chain_tables.h"
#include "storage/database.h"
#include "storage/schema.h"
#include "util/log.h"

namespace cairn::storage {
namespace {

StorageError Damaged(const Database& db, const std::string& what) {
  return db.Fail(StorageError::Kind::Invalid, what + ": the database is damaged; it was left untouched");
}

// Calls `visit(height, diff)` for the canonical blocks from+1..to, in order.
template <class Visit>
util::Result<void, StorageError> ForEachDiff(Database& db, chain::Height from, chain::Height to, Visit&& visit) {
  for (chain::Height h = from + 1; h <= to; ++h) {
    auto row = CanonicalBlock(db, h);
    if (!row) return util::Err(std::move(row).error());
    if (!*row) return util::Err(Damaged(db, "the canonical block at height " + std::to_string(h) + " is missing"));
    auto diff = ReadDiff(db, **row);
    if (!diff) return util::Err(std::move(diff).error());
    if (!*diff) {
      return util::Err(Damaged(db, "the state diff of the block at height " + std::to_string(h) +
                                       ", above the state checkpoint, is missing"));
    }
    CAIRN_STORAGE_TRY(visit(h, **diff));
  }
  return {};
}

}  // namespace

util::Result<void, StorageError> ChainStore::EnsurePending() {
  if (m_pending_loaded || !m_head) return {};
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  PendingState pending;
  std::uint64_t bytes = 0;
  CAIRN_STORAGE_TRY(ForEachDiff(*m_db, m_checkpoint_height, m_head->height,
                                [&](chain::Height h, const DiffBlob& blob) -> util::Result<void, StorageError> {
                                  if (pending.Forward(blob.diff)) {
                                    return util::Err(Damaged(*m_db, "the state diff at height " + std::to_string(h) +
                                                                        " does not follow the one before it"));
                                  }
                                  bytes += blob.encoded_size;
                                  return {};
                                }));
  CAIRN_STORAGE_TRY(tx->Commit());
  m_pending = std::move(pending);
  m_pending_diff_bytes = bytes;
  m_pending_loaded = true;
  return {};
}

util::Result<state::MemoryState, StorageError> ChainStore::LoadState() {
  CAIRN_STORAGE_TRY(Writable());
  if (!m_head) return util::Err(StorageError{StorageError::Kind::Misuse, "chain database '" + m_path + "' has no genesis yet"});
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  state::MemoryState loaded;
  StateDigest digest;
  std::int64_t count = 0;
  {
    auto rows = m_db->Prepare("SELECT key, value FROM state ORDER BY key");
    if (!rows) return util::Err(std::move(rows).error());
    for (;;) {
      auto step = rows->Step();
      if (!step) return util::Err(std::move(step).error());
      if (!*step) break;
      const auto key = rows->Blob(0);
      const auto value = rows->Blob(1);
      loaded.Put(key, value);
      digest.Add(key, value);
      ++count;
    }
  }
  if (digest != m_digest || count != m_state_count) {
    return util::Err(Damaged(*m_db, "the state checkpoint at height " + std::to_string(m_checkpoint_height) +
                                        " does not match its digest (" + std::to_string(count) + " keys read, " +
                                        std::to_string(m_state_count) + " expected)"));
  }
  PendingState pending;
  std::uint64_t bytes = 0;
  CAIRN_STORAGE_TRY(ForEachDiff(*m_db, m_checkpoint_height, m_head->height,
                                [&](chain::Height h, const DiffBlob& blob) -> util::Result<void, StorageError> {
                                  if (auto applied = loaded.Apply(blob.diff); !applied) {
                                    return util::Err(Damaged(*m_db, "replaying the block at height " +
                                                                        std::to_string(h) + ": " + applied.error()));
                                  }
                                  // Apply just checked the diff against the full state.
                                  (void)pending.Forward(blob.diff);
                                  bytes += blob.encoded_size;
                                  return {};
                                }));
  CAIRN_STORAGE_TRY(tx->Commit());
  m_pending = std::move(pending);
  m_pending_diff_bytes = bytes;
  m_pending_loaded = true;
  CAIRN_LOG(Storage, Info) << "loaded the state at height " << m_head->height << ": " << loaded.size()
                           << " keys, " << (m_head->height - m_checkpoint_height) << " blocks replayed";
  return loaded;
}

util::Result<ChainStore::CheckpointResult, StorageError> ChainStore::WriteCheckpointRows(chain::Height at) {
  CheckpointResult result{m_digest, m_state_count};
  auto upsert = m_db->Prepare("INSERT OR REPLACE INTO state(key, value) VALUES(?1, ?2)");
  if (!upsert) return util::Err(std::move(upsert).error());
  auto erase = m_db->Prepare("DELETE FROM state WHERE key = ?1");
  if (!erase) return util::Err(std::move(erase).error());
  // Keys in order: neighbouring rows share B-tree pages.
  for (const auto* item : m_pending.Sorted()) {
    const util::Bytes& key = item->first;
    const PendingState::Entry& entry = item->second;
    if (entry.base) {
      result.digest.Remove(key, *entry.base);
      --result.count;
    }
    if (entry.head) {
      result.digest.Add(key, *entry.head);
      ++result.count;
      CAIRN_STORAGE_TRY(upsert->Bind(1, key).Bind(2, *entry.head).Run());
    } else {
      CAIRN_STORAGE_TRY(erase->Bind(1, key).Run());
    }
  }
  CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_CHECKPOINT_HEIGHT, static_cast<std::int64_t>(at)));
  CAIRN_STORAGE_TRY(SetMetaBlob(*m_db, META_STATE_DIGEST, result.digest.ToBytes().span()));
  CAIRN_STORAGE_TRY(SetMetaInt(*m_db, META_STATE_COUNT, result.count));
  return result;
}

void ChainStore::FinishCheckpoint(const CheckpointResult& result, chain::Height at) {
  CAIRN_LOG(Storage, Debug) << "state checkpoint at height " << at << ": " << m_pending.entries().size()
                            << " keys written";
  m_digest = result.digest;
  m_state_count = result.count;
  m_checkpoint_height = at;
  m_pending.Clear();
  m_pending_diff_bytes = 0;
}

util::Result<void, StorageError> ChainStore::Checkpoint() {
  CAIRN_STORAGE_TRY(Writable());
  if (!m_head || m_checkpoint_height == m_head->height) return {};
  CAIRN_STORAGE_TRY(EnsurePending());
  const chain::Height at = m_head->height;
  CheckpointResult result;
  CAIRN_STORAGE_TRY(Write([&]() -> util::Result<void, StorageError> {
    auto written = WriteCheckpointRows(at);
    if (!written) return util::Err(std::move(written).error());
    result = *written;
    return {};
  }));
  FinishCheckpoint(result, at);
  return {};
}

}  // namespace cairn::storage
