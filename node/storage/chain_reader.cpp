#include "storage/chain_reader.h"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

#include "chain/transaction.h"
#include "storage/chain_tables.h"
#include "storage/database.h"
#include "storage/index_rows.h"
#include "storage/schema.h"

namespace cairn::storage {
namespace {

StorageError Damaged(const Database& db, const std::string& what) {
  return db.Fail(StorageError::Kind::Invalid, what + ": the database is damaged");
}

// Reads one transaction out of a block body without decoding the block: the indexer's offsets give
// its byte range, SQLite's incremental blob I/O reads just those pages. Handles are reused across
// rows and closed before the read transaction ends.
class TxFetcher {
 public:
  explicit TxFetcher(Database& db) : m_db(db) {}
  ~TxFetcher() {
    if (m_offsets != nullptr) sqlite3_blob_close(m_offsets);
    if (m_body != nullptr) sqlite3_blob_close(m_body);
  }
  TxFetcher(const TxFetcher&) = delete;
  TxFetcher& operator=(const TxFetcher&) = delete;

  util::Result<TxRecord, StorageError> Fetch(TxPosition at) {
    const std::string where = "the transaction at height " + std::to_string(at.height) + " index " + std::to_string(at.index);
    CAIRN_STORAGE_TRY(Point(m_offsets, m_offsets_row, "tx_offsets", "offsets", static_cast<std::int64_t>(at.height), where));
    std::uint8_t raw[8];
    const std::int64_t offset = std::int64_t{at.index} * 4;
    if (offset + 8 > sqlite3_blob_bytes(m_offsets)) return util::Err(Damaged(m_db, where + " is beyond its block's offsets"));
    int rc = sqlite3_blob_read(m_offsets, raw, 8, static_cast<int>(offset));
    if (rc != SQLITE_OK) return util::Err(m_db.Error(rc, "reading transaction offsets"));
    const std::uint32_t start = Le32(raw), end = Le32(raw + 4);
    if (at.height != m_block_height) {
      auto row = CanonicalBlock(m_db, at.height);
      if (!row) return util::Err(std::move(row).error());
      if (!*row) return util::Err(Damaged(m_db, where + " is indexed but its block is not on the chain"));
      m_block = **row;
      m_block_height = at.height;
    }
    CAIRN_STORAGE_TRY(Point(m_body, m_body_row, "blocks", "body", m_block.rowid, where));
    if (end <= start || end > static_cast<std::uint32_t>(sqlite3_blob_bytes(m_body))) {
      return util::Err(Damaged(m_db, where + " has offsets outside its block"));
    }
    util::Bytes bytes(end - start);
    rc = sqlite3_blob_read(m_body, bytes.data(), static_cast<int>(bytes.size()), static_cast<int>(start));
    if (rc != SQLITE_OK) return util::Err(m_db.Error(rc, "reading a transaction"));
    auto tx = chain::DecodeTransaction(bytes);
    if (!tx) return util::Err(Damaged(m_db, where + " is undecodable (" + tx.error().Message() + ")"));
    return TxRecord{crypto::TaggedHash("tx", bytes), at, m_block.id, std::move(tx).value()};
  }

 private:
  static std::uint32_t Le32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
  }

  // Points `blob` at row `rowid` of table.column, reusing the handle when it is open.
  util::Result<void, StorageError> Point(sqlite3_blob*& blob, std::int64_t& current, const char* table,
                                         const char* column, std::int64_t rowid, const std::string& where) {
    if (blob != nullptr && current == rowid) return {};
    int rc = SQLITE_OK;
    if (blob != nullptr) {
      rc = sqlite3_blob_reopen(blob, rowid);
    } else {
      rc = sqlite3_blob_open(m_db.raw(), "main", table, column, rowid, 0, &blob);
    }
    if (rc != SQLITE_OK) {
      if (blob != nullptr) sqlite3_blob_close(blob);
      blob = nullptr;
      if ((rc & 0xff) == SQLITE_ERROR) return util::Err(Damaged(m_db, where + " is indexed but its " + table + " row is missing"));
      return util::Err(m_db.Error(rc, "reading a stored block"));
    }
    current = rowid;
    return {};
  }

  Database& m_db;
  sqlite3_blob* m_offsets = nullptr;
  sqlite3_blob* m_body = nullptr;
  std::int64_t m_offsets_row = -1;
  std::int64_t m_body_row = -1;
  chain::Height m_block_height = 0;  // 0: none cached (the genesis has no transactions)
  BlockRow m_block;
};

util::Result<chain::Height, StorageError> IndexedHeight(Database& db) {
  auto indexed = MetaInt(db, META_INDEXED_HEIGHT);
  if (!indexed) return util::Err(std::move(indexed).error());
  return static_cast<chain::Height>(std::max<std::int64_t>(0, indexed->value_or(0)));
}

bool HasAddress(const std::vector<chain::Address>& addresses, util::ByteSpan key) {
  return std::any_of(addresses.begin(), addresses.end(),
                     [&](const chain::Address& a) { return std::equal(key.begin(), key.end(), a.bytes.begin(), a.bytes.end()); });
}

std::size_t ClampLimit(std::size_t limit) { return std::clamp<std::size_t>(limit, 1, MAX_PAGE_SIZE); }

}  // namespace

ChainReader::ChainReader(std::unique_ptr<Database> db, ChainIdentity identity)
    : m_db(std::move(db)), m_identity(std::move(identity)) {}
ChainReader::~ChainReader() = default;

util::Result<std::unique_ptr<ChainReader>, StorageError> ChainReader::Open(const std::string& path,
                                                                           const std::optional<ChainIdentity>& expected) {
  auto db = OpenExisting(path, Access::ReadOnly, expected, std::chrono::milliseconds(5000));
  if (!db) return util::Err(std::move(db).error());
  auto identity = ReadIdentity(**db);
  if (!identity) return util::Err(std::move(identity).error());
  return std::unique_ptr<ChainReader>(new ChainReader(std::move(db).value(), std::move(identity).value()));
}

util::Result<ChainStatus, StorageError> ChainReader::Status() {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  ChainStatus status;
  auto head = ReadHead(*m_db);
  if (!head) return util::Err(std::move(head).error());
  status.head = *head;
  auto cp = MetaInt(*m_db, META_CHECKPOINT_HEIGHT);
  if (!cp) return util::Err(std::move(cp).error());
  status.checkpoint_height = static_cast<chain::Height>(std::max<std::int64_t>(0, cp->value_or(0)));
  auto indexed = IndexedHeight(*m_db);
  if (!indexed) return util::Err(std::move(indexed).error());
  status.indexed_height = *indexed;
  CAIRN_STORAGE_TRY(tx->Commit());
  return status;
}

util::Result<std::optional<StoredBlock>, StorageError> ChainReader::BlockByHeight(chain::Height height) {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  auto row = CanonicalBlock(*m_db, height);
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<StoredBlock>();
  auto block = ReadBlock(*m_db, **row);
  if (!block) return util::Err(std::move(block).error());
  CAIRN_STORAGE_TRY(tx->Commit());
  return std::optional<StoredBlock>(StoredBlock{height, (*row)->id, true, std::move(block).value()});
}

util::Result<std::optional<StoredBlock>, StorageError> ChainReader::BlockByHash(const chain::BlockId& id) {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  auto row = FindBlock(*m_db, id);
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<StoredBlock>();
  auto block = ReadBlock(*m_db, **row);
  if (!block) return util::Err(std::move(block).error());
  auto canonical = CanonicalHash(*m_db, (*row)->height);
  if (!canonical) return util::Err(std::move(canonical).error());
  CAIRN_STORAGE_TRY(tx->Commit());
  return std::optional<StoredBlock>(StoredBlock{(*row)->height, id, *canonical == id, std::move(block).value()});
}

util::Result<std::optional<BlockSummary>, StorageError> ChainReader::HeaderByHeight(chain::Height height) {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  auto row = CanonicalBlock(*m_db, height);
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<BlockSummary>();
  auto header = ReadHeader(*m_db, **row);
  if (!header) return util::Err(std::move(header).error());
  CAIRN_STORAGE_TRY(tx->Commit());
  return std::optional<BlockSummary>(BlockSummary{height, (*row)->id, std::move(header).value()});
}

util::Result<std::optional<BlockSummary>, StorageError> ChainReader::HeaderByHash(const chain::BlockId& id) {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  auto row = FindBlock(*m_db, id);
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<BlockSummary>();
  auto header = ReadHeader(*m_db, **row);
  if (!header) return util::Err(std::move(header).error());
  CAIRN_STORAGE_TRY(tx->Commit());
  return std::optional<BlockSummary>(BlockSummary{(*row)->height, id, std::move(header).value()});
}

util::Result<std::optional<state::StateDiff>, StorageError> ChainReader::DiffByHeight(chain::Height height) {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  auto row = CanonicalBlock(*m_db, height);
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return std::optional<state::StateDiff>();
  auto diff = ReadDiff(*m_db, **row);
  if (!diff) return util::Err(std::move(diff).error());
  CAIRN_STORAGE_TRY(tx->Commit());
  if (!*diff) return std::optional<state::StateDiff>();
  return std::optional<state::StateDiff>(std::move((*diff)->diff));
}

util::Result<Indexed<std::optional<TxRecord>>, StorageError> ChainReader::TxById(const chain::TxId& id) {
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  Indexed<std::optional<TxRecord>> answer;
  auto indexed = IndexedHeight(*m_db);
  if (!indexed) return util::Err(std::move(indexed).error());
  answer.indexed_height = *indexed;
  std::vector<TxPosition> candidates;
  {
    auto stmt = m_db->Prepare("SELECT height, pos FROM tx_by_id WHERE prefix = ?1 ORDER BY height, pos");
    if (!stmt) return util::Err(std::move(stmt).error());
    stmt->Bind(1, TxIdPrefix(id));
    for (;;) {
      auto step = stmt->Step();
      if (!step) return util::Err(std::move(step).error());
      if (!*step) break;
      candidates.push_back({static_cast<chain::Height>(stmt->Int(0)), static_cast<std::uint32_t>(stmt->Int(1))});
    }
  }
  {
    TxFetcher fetcher(*m_db);
    // The prefix is only 8 bytes: the full id decides (the same tx may also appear twice on chain
    // only if a rule allowed it; the first inclusion wins).
    for (const auto& at : candidates) {
      auto record = fetcher.Fetch(at);
      if (!record) return util::Err(std::move(record).error());
      if (record->id == id) {
        answer.value = std::move(record).value();
        break;
      }
    }
  }
  CAIRN_STORAGE_TRY(tx->Commit());
  return answer;
}

util::Result<TxPage, StorageError> ChainReader::ListTxs(TxList list, util::ByteSpan key_blob, std::int64_t key_int,
                                                        std::optional<TxPosition> from, std::size_t limit) {
  const std::optional<TxPosition>& before = from;
  static constexpr const char* SQL[] = {
      "SELECT height, pos FROM tx_by_account WHERE address = ?1 AND height <= ?2 AND (height < ?2 OR pos < ?3) "
      "ORDER BY height DESC, pos DESC LIMIT ?4",
      "SELECT height, pos FROM tx_by_validator WHERE validator = ?1 AND height <= ?2 AND (height < ?2 OR pos < ?3) "
      "ORDER BY height DESC, pos DESC LIMIT ?4",
      "SELECT height, pos FROM tx_by_proposal WHERE proposal = ?1 AND height <= ?2 AND (height < ?2 OR pos < ?3) "
      "ORDER BY height DESC, pos DESC LIMIT ?4",
      "SELECT height, pos FROM proposal_submissions WHERE kind = ?1 AND height <= ?2 AND (height < ?2 OR pos < ?3) "
      "ORDER BY height DESC, pos DESC LIMIT ?4",
      "SELECT height, pos FROM proposal_submissions WHERE ?1 IS NULL AND height <= ?2 AND (height < ?2 OR pos < ?3) "
      "ORDER BY height DESC, pos DESC LIMIT ?4",
      "SELECT height, pos FROM tx_by_account WHERE address = ?1 AND height >= ?2 AND (height > ?2 OR pos > ?3) "
      "ORDER BY height, pos LIMIT ?4",
  };
  limit = ClampLimit(limit);
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  TxPage page;
  auto indexed = IndexedHeight(*m_db);
  if (!indexed) return util::Err(std::move(indexed).error());
  page.indexed_height = *indexed;
  std::vector<TxPosition> positions;
  {
    auto stmt = m_db->Prepare(SQL[static_cast<std::size_t>(list)]);
    if (!stmt) return util::Err(std::move(stmt).error());
    if (list == TxList::Account || list == TxList::Validator || list == TxList::AccountOldestFirst) {
      stmt->Bind(1, key_blob);
    } else if (list == TxList::AllKinds) {
      stmt->BindNull(1);
    } else {
      stmt->Bind(1, key_int);
    }
    if (list == TxList::AccountOldestFirst) {
      // Without `from`: everything (heights start at 1; position (0, -1) is below them all).
      stmt->Bind(2, from ? static_cast<std::int64_t>(from->height) : 0)
          .Bind(3, from ? std::int64_t{from->index} : -1)
          .Bind(4, static_cast<std::int64_t>(limit + 1));
    } else {
      const std::int64_t height = before ? static_cast<std::int64_t>(before->height) : std::numeric_limits<std::int64_t>::max();
      stmt->Bind(2, height).Bind(3, before ? std::int64_t{before->index} : 0).Bind(4, static_cast<std::int64_t>(limit + 1));
    }
    for (;;) {
      auto step = stmt->Step();
      if (!step) return util::Err(std::move(step).error());
      if (!*step) break;
      positions.push_back({static_cast<chain::Height>(stmt->Int(0)), static_cast<std::uint32_t>(stmt->Int(1))});
    }
  }
  if (positions.size() > limit) {
    positions.resize(limit);
    page.next = positions.back();
  }
  {
    TxFetcher fetcher(*m_db);
    page.txs.reserve(positions.size());
    for (const auto& at : positions) {
      auto record = fetcher.Fetch(at);
      if (!record) return util::Err(std::move(record).error());
      // Index rows carry no checksum: a row that points at a transaction not about the key is damage.
      const TxKeys keys = KeysOf(record->tx);
      bool mentions = false;
      switch (list) {
        case TxList::Account:
        case TxList::AccountOldestFirst: mentions = HasAddress(keys.accounts, key_blob); break;
        case TxList::Validator: mentions = HasAddress(keys.validators, key_blob); break;
        case TxList::Proposal:
          mentions = std::find(keys.proposals.begin(), keys.proposals.end(), static_cast<chain::ProposalId>(key_int)) !=
                     keys.proposals.end();
          break;
        case TxList::Kind: mentions = keys.submission_kind == key_int; break;
        case TxList::AllKinds: mentions = keys.submission_kind.has_value(); break;
      }
      if (!mentions) {
        return util::Err(Damaged(*m_db, "an index row points at the transaction at height " + std::to_string(at.height) +
                                            " index " + std::to_string(at.index) + ", which it does not describe"));
      }
      page.txs.push_back(std::move(record).value());
    }
  }
  CAIRN_STORAGE_TRY(tx->Commit());
  return page;
}

util::Result<TxPage, StorageError> ChainReader::TxsByAccount(const chain::Address& address,
                                                             std::optional<TxPosition> before, std::size_t limit) {
  return ListTxs(TxList::Account, address.span(), 0, before, limit);
}

util::Result<TxPage, StorageError> ChainReader::TxsByAccountFrom(const chain::Address& address,
                                                                 std::optional<TxPosition> after, std::size_t limit) {
  return ListTxs(TxList::AccountOldestFirst, address.span(), 0, after, limit);
}

util::Result<TxPage, StorageError> ChainReader::TxsByValidator(const chain::Address& validator,
                                                               std::optional<TxPosition> before, std::size_t limit) {
  return ListTxs(TxList::Validator, validator.span(), 0, before, limit);
}

util::Result<TxPage, StorageError> ChainReader::TxsByProposal(chain::ProposalId proposal,
                                                              std::optional<TxPosition> before, std::size_t limit) {
  return ListTxs(TxList::Proposal, {}, static_cast<std::int64_t>(proposal), before, limit);
}

util::Result<TxPage, StorageError> ChainReader::ProposalSubmissions(std::optional<std::uint8_t> kind,
                                                                    std::optional<TxPosition> before, std::size_t limit) {
  if (kind) return ListTxs(TxList::Kind, {}, *kind, before, limit);
  return ListTxs(TxList::AllKinds, {}, 0, before, limit);
}

util::Result<BlockPage, StorageError> ChainReader::BlocksByProposer(chain::ValidatorIndex proposer,
                                                                    std::optional<chain::Height> before,
                                                                    std::size_t limit) {
  limit = ClampLimit(limit);
  auto tx = Transaction::Begin(*m_db, TxMode::Read);
  if (!tx) return util::Err(std::move(tx).error());
  BlockPage page;
  auto indexed = IndexedHeight(*m_db);
  if (!indexed) return util::Err(std::move(indexed).error());
  page.indexed_height = *indexed;
  std::vector<chain::Height> heights;
  {
    auto stmt = m_db->Prepare(
        "SELECT height FROM blocks_by_proposer WHERE proposer = ?1 AND height < ?2 ORDER BY height DESC LIMIT ?3");
    if (!stmt) return util::Err(std::move(stmt).error());
    const std::int64_t bound = before ? static_cast<std::int64_t>(*before) : std::numeric_limits<std::int64_t>::max();
    stmt->Bind(1, static_cast<std::int64_t>(proposer)).Bind(2, bound).Bind(3, static_cast<std::int64_t>(limit + 1));
    for (;;) {
      auto step = stmt->Step();
      if (!step) return util::Err(std::move(step).error());
      if (!*step) break;
      heights.push_back(static_cast<chain::Height>(stmt->Int(0)));
    }
  }
  if (heights.size() > limit) {
    heights.resize(limit);
    page.next = heights.back();
  }
  for (const chain::Height h : heights) {
    auto row = CanonicalBlock(*m_db, h);
    if (!row) return util::Err(std::move(row).error());
    if (!*row) return util::Err(Damaged(*m_db, "the indexed block at height " + std::to_string(h) + " is not on the chain"));
    auto header = ReadHeader(*m_db, **row);
    if (!header) return util::Err(std::move(header).error());
    page.blocks.push_back({h, (*row)->id, std::move(header).value()});
  }
  CAIRN_STORAGE_TRY(tx->Commit());
  return page;
}

}  // namespace cairn::storage
