// ChainReader: queries on the stored chain for RPC, the GUI and the explorer, over its own read-only
// SQLite connection. In WAL mode it reads a consistent snapshot while the ChainStore commits: each
// call runs in one read transaction, sees only complete blocks, and never blocks the writer (a reader
// that stays inside a transaction only keeps the WAL from being recycled).
//
// Explorer answers (transactions by id / account / validator / proposal, proposal submissions,
// blocks by proposer) come from indexes the Indexer builds behind the chain; each answer carries the
// indexed height it reflects. Lists are newest first and paged with cursors: pass a page's `next` as
// `before` for the following page; `limit` is capped at MAX_PAGE_SIZE.
//
// Every block read is checked against its id (header) and roots (body), a diff against its checksum
// and a transaction fetched by id against its hash: damage is reported as Kind::Invalid, never
// returned as data.
//
// Thread safety: not thread-safe; open one ChainReader per thread (they are cheap: one connection).
// Ownership: answers are plain values owned by the caller.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "chain/address.h"
#include "state/state_diff.h"
#include "storage/storage_error.h"
#include "storage/types.h"
#include "util/result.h"

namespace cairn::storage {

class Database;

class ChainReader {
 public:
  // Opens an existing chain database of the current schema, read-only. With `expected`, Invalid
  // when the database belongs to another chain.
  static util::Result<std::unique_ptr<ChainReader>, StorageError> Open(const std::string& path,
                                                                       const std::optional<ChainIdentity>& expected = {});
  ~ChainReader();
  ChainReader(const ChainReader&) = delete;
  ChainReader& operator=(const ChainReader&) = delete;

  const ChainIdentity& identity() const { return m_identity; }

  [[nodiscard]] util::Result<ChainStatus, StorageError> Status();

  // Canonical blocks by height (1..head) and any stored block by id (fork blocks too).
  [[nodiscard]] util::Result<std::optional<StoredBlock>, StorageError> BlockByHeight(chain::Height height);
  [[nodiscard]] util::Result<std::optional<StoredBlock>, StorageError> BlockByHash(const chain::BlockId& id);
  [[nodiscard]] util::Result<std::optional<BlockSummary>, StorageError> HeaderByHeight(chain::Height height);
  [[nodiscard]] util::Result<std::optional<BlockSummary>, StorageError> HeaderByHash(const chain::BlockId& id);
  // The state diff of the canonical block at `height`; nullopt when pruned or absent.
  [[nodiscard]] util::Result<std::optional<state::StateDiff>, StorageError> DiffByHeight(chain::Height height);

  [[nodiscard]] util::Result<Indexed<std::optional<TxRecord>>, StorageError> TxById(const chain::TxId& id);
  // Transactions sent by `address` or naming it in their payload (recipient, validator, ...).
  [[nodiscard]] util::Result<TxPage, StorageError> TxsByAccount(const chain::Address& address,
                                                                std::optional<TxPosition> before, std::size_t limit);
  // The same list oldest first: the transactions after `after` (from the first when none); pass a page's
  // `next` as `after` for the following page. (The wallet finds an account's first activity with it.)
  [[nodiscard]] util::Result<TxPage, StorageError> TxsByAccountFrom(const chain::Address& address,
                                                                    std::optional<TxPosition> after, std::size_t limit);
  // Staking transactions about the validator whose operator address is `validator`.
  [[nodiscard]] util::Result<TxPage, StorageError> TxsByValidator(const chain::Address& validator,
                                                                  std::optional<TxPosition> before, std::size_t limit);
  // Deposits and votes on a proposal.
  [[nodiscard]] util::Result<TxPage, StorageError> TxsByProposal(chain::ProposalId proposal,
                                                                 std::optional<TxPosition> before, std::size_t limit);
  // SubmitProposal transactions, of one kind (the ProposalKind variant index) or all.
  [[nodiscard]] util::Result<TxPage, StorageError> ProposalSubmissions(std::optional<std::uint8_t> kind,
                                                                       std::optional<TxPosition> before,
                                                                       std::size_t limit);
  [[nodiscard]] util::Result<BlockPage, StorageError> BlocksByProposer(chain::ValidatorIndex proposer,
                                                                       std::optional<chain::Height> before,
                                                                       std::size_t limit);

 private:
  ChainReader(std::unique_ptr<Database> db, ChainIdentity identity);
  enum class TxList : std::uint8_t { Account, Validator, Proposal, Kind, AllKinds, AccountOldestFirst };
  // `from`: below it (newest first), or above it for AccountOldestFirst.
  util::Result<TxPage, StorageError> ListTxs(TxList list, util::ByteSpan key_blob, std::int64_t key_int,
                                             std::optional<TxPosition> from, std::size_t limit);

  std::unique_ptr<Database> m_db;
  ChainIdentity m_identity;
};

}  // namespace cairn::storage
