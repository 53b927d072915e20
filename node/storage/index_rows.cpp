#include "storage/index_rows.h"

#include <algorithm>

#include "chain/params.h"
#include "crypto/merkle.h"
#include "chain/transaction.h"
#include "storage/chain_tables.h"
#include "util/overload.h"

namespace cairn::storage {
namespace {

void PutU32(util::Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

template <class T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Runs `sql` with (key, height, index) for each row; keys bind through `bind_key`.
template <class Rows, class BindKey>
util::Result<void, StorageError> RunRows(Database& db, const char* sql, const Rows& rows, chain::Height height,
                                         BindKey bind_key) {
  auto stmt = db.Prepare(sql);
  if (!stmt) return util::Err(std::move(stmt).error());
  for (const auto& [key, index] : rows) {
    bind_key(*stmt, key);
    stmt->Bind(2, static_cast<std::int64_t>(height)).Bind(3, static_cast<std::int64_t>(index));
    CAIRN_STORAGE_TRY(stmt->Run());
  }
  return {};
}

}  // namespace

TxKeys KeysOf(const chain::Transaction& tx) {
  TxKeys keys;
  const chain::Address sender = chain::AddressFromPublicKey(tx.sender);
  keys.accounts.push_back(sender);
  auto account = [&](const chain::Address& a) { keys.accounts.push_back(a); };
  auto validator = [&](const chain::Address& a) { keys.validators.push_back(a); };
  std::visit(util::Overload{
                 [&](const chain::Transfer& p) { account(p.to); },
                 [&](const chain::RegisterValidator&) { validator(sender); },
                 [&](const chain::EditValidator&) { validator(sender); },
                 [&](const chain::Delegate& p) { account(p.validator); validator(p.validator); },
                 [&](const chain::Undelegate& p) { account(p.validator); validator(p.validator); },
                 [&](const chain::Redelegate& p) {
                   account(p.from); account(p.to); validator(p.from); validator(p.to);
                 },
                 [&](const chain::ClaimRewards& p) {
                   if (p.validator) { account(*p.validator); validator(*p.validator); }
                 },
                 [&](const chain::Unjail&) { validator(sender); },
                 [&](const chain::SubmitProposal& p) {
                   keys.submission_kind = static_cast<std::uint8_t>(p.kind.index());
                   if (const auto* spend = std::get_if<chain::TreasurySpend>(&p.kind)) account(spend->to);
                 },
                 [&](const chain::Deposit& p) { keys.proposals.push_back(p.proposal_id); },
                 [&](const chain::GovVote& p) { keys.proposals.push_back(p.proposal_id); },
                 // The offender is a validator index: mapping it to an address needs the state.
                 [&](const chain::Evidence&) {},
             },
             tx.payload);
  return keys;
}

std::int64_t TxIdPrefix(const chain::TxId& id) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | id.bytes[i];
  return static_cast<std::int64_t>(v);
}

util::Result<IndexRows, chain::DecodeError> ComputeIndexRows(util::ByteSpan body) {
  chain::Reader r(body, "body");
  IndexRows rows;
  const std::size_t count = r.Count("txs", chain::MAX_BLOCK_TXS_CAP, 1);
  rows.id_prefixes.reserve(count);
  rows.accounts.reserve(2 * count);
  rows.offsets.reserve(4 * (count + 1));
  std::vector<crypto::Hash256> ids;
  ids.reserve(count);
  {
    chain::Reader::Field f(r, "txs");
    for (std::size_t i = 0; i < count && r.ok(); ++i) {
      chain::Reader::Field g(r, i);
      const std::size_t start = r.offset();
      const chain::Transaction tx = chain::ReadTransaction(r);
      if (!r.ok()) break;
      const auto index = static_cast<std::uint32_t>(i);
      PutU32(rows.offsets, static_cast<std::uint32_t>(start));
      // Strict decoding makes the stored bytes the canonical encoding: hashing them is the txid.
      ids.push_back(crypto::TaggedHash("tx", body.subspan(start, r.offset() - start)));
      rows.id_prefixes.push_back(TxIdPrefix(ids.back()));
      TxKeys keys = KeysOf(tx);
      for (const auto& a : keys.accounts) rows.accounts.emplace_back(a, index);
      for (const auto& a : keys.validators) rows.validators.emplace_back(a, index);
      for (const auto p : keys.proposals) rows.proposals.emplace_back(p, index);
      if (keys.submission_kind) rows.submissions.emplace_back(*keys.submission_kind, index);
    }
  }
  if (!r.ok()) return util::Err(r.error());
  PutU32(rows.offsets, static_cast<std::uint32_t>(r.offset()));
  rows.tx_root = crypto::MerkleRoot(ids);
  // Sorted keys insert into neighbouring B-tree pages; duplicates (a transfer to oneself) collapse.
  SortUnique(rows.accounts);
  SortUnique(rows.validators);
  SortUnique(rows.proposals);
  SortUnique(rows.submissions);
  return rows;
}

util::Result<std::size_t, StorageError> IndexCanonicalBlock(Database& db, chain::Height height, IndexOp op) {
  auto block = CanonicalBlock(db, height);
  if (!block) return util::Err(std::move(block).error());
  if (!*block) {
    return util::Err(db.Fail(StorageError::Kind::Invalid, "the canonical block at height " + std::to_string(height) +
                                                              " is missing: the database is damaged"));
  }
  auto body = ReadBodyBytes(db, **block);
  if (!body) return util::Err(std::move(body).error());
  // The header is checked against the block id, and the body against the header's tx root, so
  // the indexes never describe damaged data.
  auto header = ReadHeader(db, **block);
  if (!header) return util::Err(std::move(header).error());
  auto computed = ComputeIndexRows(*body);
  if (!computed || computed->tx_root != header->header.tx_root) {
    return util::Err(db.Fail(StorageError::Kind::Invalid,
                             "the body of the block at height " + std::to_string(height) +
                                 (computed ? std::string(" does not match its header's tx root")
                                           : " is undecodable (" + computed.error().Message() + ")") +
                                 ": the database is damaged"));
  }
  const std::uint32_t proposer_index = header->header.proposer_index;
  const IndexRows& rows = *computed;
  const auto h = static_cast<std::int64_t>(height);
  std::vector<std::pair<std::int64_t, std::uint32_t>> ids;
  ids.reserve(rows.id_prefixes.size());
  for (std::size_t i = 0; i < rows.id_prefixes.size(); ++i) ids.emplace_back(rows.id_prefixes[i], static_cast<std::uint32_t>(i));
  std::sort(ids.begin(), ids.end());
  auto bind_int = [](Statement& s, std::int64_t v) { s.Bind(1, v); };
  auto bind_u64 = [](Statement& s, std::uint64_t v) { s.Bind(1, static_cast<std::int64_t>(v)); };
  auto bind_u8 = [](Statement& s, std::uint8_t v) { s.Bind(1, static_cast<std::int64_t>(v)); };
  auto bind_addr = [](Statement& s, const chain::Address& a) { s.Bind(1, a.span()); };
  if (op == IndexOp::Insert) {
    auto offsets = db.Prepare("INSERT OR REPLACE INTO tx_offsets(height, offsets) VALUES(?1, ?2)");
    if (!offsets) return util::Err(std::move(offsets).error());
    CAIRN_STORAGE_TRY(offsets->Bind(1, h).Bind(2, rows.offsets).Run());
    auto by_proposer = db.Prepare("INSERT OR IGNORE INTO blocks_by_proposer(proposer, height) VALUES(?1, ?2)");
    if (!by_proposer) return util::Err(std::move(by_proposer).error());
    CAIRN_STORAGE_TRY(by_proposer->Bind(1, static_cast<std::int64_t>(proposer_index)).Bind(2, h).Run());
    CAIRN_STORAGE_TRY(RunRows(db, "INSERT OR IGNORE INTO tx_by_id(prefix, height, pos) VALUES(?1, ?2, ?3)", ids, height, bind_int));
    CAIRN_STORAGE_TRY(RunRows(db, "INSERT OR IGNORE INTO tx_by_account(address, height, pos) VALUES(?1, ?2, ?3)", rows.accounts, height, bind_addr));
    CAIRN_STORAGE_TRY(RunRows(db, "INSERT OR IGNORE INTO tx_by_validator(validator, height, pos) VALUES(?1, ?2, ?3)", rows.validators, height, bind_addr));
    CAIRN_STORAGE_TRY(RunRows(db, "INSERT OR IGNORE INTO tx_by_proposal(proposal, height, pos) VALUES(?1, ?2, ?3)", rows.proposals, height, bind_u64));
    CAIRN_STORAGE_TRY(RunRows(db, "INSERT OR IGNORE INTO proposal_submissions(kind, height, pos) VALUES(?1, ?2, ?3)", rows.submissions, height, bind_u8));
  } else {
    auto offsets = db.Prepare("DELETE FROM tx_offsets WHERE height = ?1");
    if (!offsets) return util::Err(std::move(offsets).error());
    CAIRN_STORAGE_TRY(offsets->Bind(1, h).Run());
    auto by_proposer = db.Prepare("DELETE FROM blocks_by_proposer WHERE proposer = ?1 AND height = ?2");
    if (!by_proposer) return util::Err(std::move(by_proposer).error());
    CAIRN_STORAGE_TRY(by_proposer->Bind(1, static_cast<std::int64_t>(proposer_index)).Bind(2, h).Run());
    CAIRN_STORAGE_TRY(RunRows(db, "DELETE FROM tx_by_id WHERE prefix = ?1 AND height = ?2 AND pos = ?3", ids, height, bind_int));
    CAIRN_STORAGE_TRY(RunRows(db, "DELETE FROM tx_by_account WHERE address = ?1 AND height = ?2 AND pos = ?3", rows.accounts, height, bind_addr));
    CAIRN_STORAGE_TRY(RunRows(db, "DELETE FROM tx_by_validator WHERE validator = ?1 AND height = ?2 AND pos = ?3", rows.validators, height, bind_addr));
    CAIRN_STORAGE_TRY(RunRows(db, "DELETE FROM tx_by_proposal WHERE proposal = ?1 AND height = ?2 AND pos = ?3", rows.proposals, height, bind_u64));
    CAIRN_STORAGE_TRY(RunRows(db, "DELETE FROM proposal_submissions WHERE kind = ?1 AND height = ?2 AND pos = ?3", rows.submissions, height, bind_u8));
  }
  return rows.RowCount() + 1;
}

}  // namespace cairn::storage
