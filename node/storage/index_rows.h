// Internal to node/storage: the explorer index rows of one canonical block, computed from its encoded
// body, and their insertion or removal. The Indexer inserts them behind the chain; ChainStore removes
// them when it reverts an indexed block, so the indexes only ever describe the canonical chain.
//
// Rows (all keyed by (height, index) of the transaction, newest-first scans use the primary keys):
//   tx_offsets          height -> (n+1) little-endian u32 byte offsets of the txs in the body blob, so a
//                       reader fetches one transaction without decoding the block
//   tx_by_id            first 8 bytes of the txid (big-endian, as a signed integer)
//   tx_by_account       the sender's address and every address the payload names
//   tx_by_validator     the validator operator of a staking payload
//   tx_by_proposal      proposal id of deposits and governance votes
//   proposal_submissions SubmitProposal txs by proposal kind
//   blocks_by_proposer  proposer index -> height
//
// Thread safety: free functions over a Database the caller owns, inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "chain/address.h"
#include "chain/codec.h"
#include "chain/ids.h"
#include "chain/transaction.h"
#include "storage/database.h"

namespace cairn::storage {

// The index keys of one transaction (accounts include the sender).
struct TxKeys {
  std::vector<chain::Address> accounts;
  std::vector<chain::Address> validators;
  std::vector<chain::ProposalId> proposals;
  std::optional<std::uint8_t> submission_kind;
};
TxKeys KeysOf(const chain::Transaction& tx);

struct IndexRows {
  crypto::Hash256 tx_root;  // Merkle root of the txids: checked against the header before indexing
  util::Bytes offsets;
  std::vector<std::int64_t> id_prefixes;  // by transaction index
  std::vector<std::pair<chain::Address, std::uint32_t>> accounts;
  std::vector<std::pair<chain::Address, std::uint32_t>> validators;
  std::vector<std::pair<chain::ProposalId, std::uint32_t>> proposals;
  std::vector<std::pair<std::uint8_t, std::uint32_t>> submissions;
  std::size_t RowCount() const {
    return 1 + id_prefixes.size() + accounts.size() + validators.size() + proposals.size() + submissions.size();
  }
};

std::int64_t TxIdPrefix(const chain::TxId& id);

// Decodes the transactions of an encoded block body (votes and evidence are not needed).
util::Result<IndexRows, chain::DecodeError> ComputeIndexRows(util::ByteSpan body);

enum class IndexOp : std::uint8_t { Insert, Remove };

// Inserts (idempotently) or removes the rows of the canonical block at `height`, read from the
// database. Returns the number of rows touched.
util::Result<std::size_t, StorageError> IndexCanonicalBlock(Database& db, chain::Height height, IndexOp op);

}  // namespace cairn::storage
