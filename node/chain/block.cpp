#include "chain/block.h"

#include <set>

#include "crypto/merkle.h"

namespace cairn::chain {

namespace {

util::Result<void, BlockInvalid> Bad(std::string field, std::string reason) {
  return util::Err(BlockInvalid{std::move(field), std::move(reason)});
}

}  // namespace

void Write(Writer& w, const BlockBody& body) {
  w.Varint(body.txs.size());
  for (const auto& tx : body.txs) Write(w, tx);
  w.Varint(body.votes.size());
  for (const auto& v : body.votes) Write(w, v);
  w.Varint(body.evidence.size());
  for (const auto& e : body.evidence) Write(w, e);
}

void Write(Writer& w, const Block& block) {
  Write(w, block.header);
  Write(w, block.body);
}

BlockBody ReadBlockBody(Reader& r) {
  BlockBody body;
  // Minimum encoded sizes bound each count by the remaining input before anything is reserved.
  constexpr std::size_t MIN_TX_BYTES = 2 + 32 + 24 + 1 + 1 + 64;
  const std::size_t tx_count = r.Count("txs", MAX_BLOCK_TXS_CAP, MIN_TX_BYTES);
  body.txs.reserve(tx_count);
  {
    Reader::Field f(r, "txs");
    for (std::size_t i = 0; i < tx_count && r.ok(); ++i) {
      Reader::Field g(r, i);
      body.txs.push_back(ReadTransaction(r));
    }
  }
  const std::size_t vote_count = r.Count("votes", MAX_BLOCK_VOTES_CAP, SIGNED_VOTE_BYTES);
  body.votes.reserve(vote_count);
  {
    Reader::Field f(r, "votes");
    for (std::size_t i = 0; i < vote_count && r.ok(); ++i) {
      Reader::Field g(r, i);
      body.votes.push_back(ReadSignedVote(r));
    }
  }
  const std::size_t ev_count = r.Count("evidence", MAX_BLOCK_EVIDENCE_CAP, 1 + 2 * SIGNED_VOTE_BYTES);
  body.evidence.reserve(ev_count);
  {
    Reader::Field f(r, "evidence");
    for (std::size_t i = 0; i < ev_count && r.ok(); ++i) {
      Reader::Field g(r, i);
      body.evidence.push_back(ReadEvidence(r));
    }
  }
  return body;
}

Block ReadBlock(Reader& r) {
  Block b;
  {
    Reader::Field f(r, "header");
    b.header = ReadSignedBlockHeader(r);
  }
  Reader::Field f(r, "body");
  b.body = ReadBlockBody(r);
  return b;
}

util::Bytes Encode(const BlockBody& body) {
  Writer w;
  Write(w, body);
  return w.Take();
}

util::Bytes Encode(const Block& block) {
  Writer w;
  Write(w, block);
  return w.Take();
}

util::Result<BlockBody, DecodeError> DecodeBlockBody(util::ByteSpan bytes) {
  if (bytes.size() > MAX_BLOCK_BYTES_CAP) {
    return util::Err(DecodeError{DecodeErrorKind::TooLong, "body", 0, "above the block size cap"});
  }
  return DecodeWhole<BlockBody>(bytes, "body", [](Reader& r) { return ReadBlockBody(r); });
}

util::Result<Block, DecodeError> DecodeBlock(util::ByteSpan bytes) {
  if (bytes.size() > MAX_BLOCK_BYTES_CAP) {
    return util::Err(DecodeError{DecodeErrorKind::TooLong, "block", 0, "above the block size cap"});
  }
  return DecodeWhole<Block>(bytes, "block", [](Reader& r) { return ReadBlock(r); });
}

BodyRoots ComputeBodyRoots(const BlockBody& body) {
  std::vector<crypto::Hash256> leaves;
  leaves.reserve(body.txs.size());
  for (const auto& tx : body.txs) leaves.push_back(ComputeTxId(tx));
  BodyRoots roots;
  roots.tx_root = crypto::MerkleRoot(leaves);
  leaves.clear();
  for (const auto& v : body.votes) leaves.push_back(ComputeVoteHash(v));
  roots.vote_root = crypto::MerkleRoot(leaves);
  leaves.clear();
  for (const auto& e : body.evidence) leaves.push_back(ComputeEvidenceHash(e));
  roots.evidence_root = crypto::MerkleRoot(leaves);
  return roots;
}

void SetBodyRoots(BlockHeader& header, const BlockBody& body) {
  const BodyRoots roots = ComputeBodyRoots(body);
  header.tx_root = roots.tx_root;
  header.vote_root = roots.vote_root;
  header.evidence_root = roots.evidence_root;
}

util::Result<void, BlockInvalid> CheckBlockStateless(const Block& block, const ChainParams& params) {
  const BlockHeader& h = block.header.header;
  const BlockBody& body = block.body;
  if (h.version != BLOCK_VERSION) return Bad("block.header.version", "unsupported version " + std::to_string(h.version));
  if (!IsValidChainId(h.chain_id.str())) return Bad("block.header.chain_id", "is not a valid chain id");
  if (body.txs.size() > params.max_block_txs) return Bad("block.body.txs", "more transactions than max_block_txs");
  if (body.votes.size() > params.max_block_votes) return Bad("block.body.votes", "more votes than max_block_votes");
  if (body.evidence.size() > params.max_block_evidence) {
    return Bad("block.body.evidence", "more evidence than max_block_evidence");
  }
  const std::size_t size = Encode(block).size();
  if (size > params.max_block_bytes) {
    return Bad("block", "is " + std::to_string(size) + " bytes, above max_block_bytes " + std::to_string(params.max_block_bytes));
  }
  const BodyRoots roots = ComputeBodyRoots(body);
  if (roots.tx_root != h.tx_root) return Bad("block.header.tx_root", "does not match the transactions");
  if (roots.vote_root != h.vote_root) return Bad("block.header.vote_root", "does not match the votes");
  if (roots.evidence_root != h.evidence_root) return Bad("block.header.evidence_root", "does not match the evidence");

  std::set<crypto::Hash256> seen;
  for (std::size_t i = 0; i < body.txs.size(); ++i) {
    const std::string prefix = "block.body.txs[" + std::to_string(i) + "]";
    const Transaction& tx = body.txs[i];
    if (tx.chain_id != h.chain_id) return Bad(prefix + ".chain_id", "differs from the block's chain id");
    if (auto r = CheckTransactionStateless(tx, params); !r) {
      std::string field = r.error().field;
      if (field.rfind("tx", 0) == 0) field.replace(0, 2, prefix);
      return Bad(std::move(field), r.error().reason);
    }
    if (!seen.insert(ComputeTxId(tx)).second) return Bad(prefix, "duplicate transaction");
  }
  seen.clear();
  for (std::size_t i = 0; i < body.votes.size(); ++i) {
    const std::string prefix = "block.body.votes[" + std::to_string(i) + "]";
    const Vote& v = body.votes[i].vote;
    if (auto r = CheckVoteStateless(v, prefix); !r) return r;
    if (v.slot >= h.slot) return Bad(prefix + ".slot", "is not earlier than the block's slot");
    if (!seen.insert(ComputeVoteHash(body.votes[i])).second) return Bad(prefix, "duplicate vote");
  }
  seen.clear();
  for (std::size_t i = 0; i < body.evidence.size(); ++i) {
    const std::string prefix = "block.body.evidence[" + std::to_string(i) + "]";
    if (auto r = CheckEvidenceStateless(body.evidence[i], prefix); !r) return r;
    if (!seen.insert(ComputeEvidenceHash(body.evidence[i])).second) return Bad(prefix, "duplicate evidence");
  }
  return {};
}

}  // namespace cairn::chain
