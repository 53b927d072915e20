// Blocks (PROTOCOL.md section 3): BlockBody {txs, votes, evidence}, Block {signed header, body}, their
// encoding, body roots and the stateless block check. The header lives in block_header.h.
//
// Decoding applies hard caps (MAX_BLOCK_*_CAP in params.h) so a peer cannot make us allocate beyond
// them; the tighter parameter limits are checked by CheckBlockStateless.
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include <vector>

#include "chain/block_header.h"
#include "chain/evidence.h"
#include "chain/params.h"
#include "chain/transaction.h"
#include "chain/vote.h"

namespace cairn::chain {

struct BlockBody {
  std::vector<Transaction> txs;
  std::vector<SignedVote> votes;  // votes for earlier slots
  std::vector<Evidence> evidence;
  bool operator==(const BlockBody&) const = default;
};

struct Block {
  SignedBlockHeader header;
  BlockBody body;
  const BlockHeader& unsigned_header() const { return header.header; }
  bool operator==(const Block&) const = default;
};

struct BodyRoots {
  crypto::Hash256 tx_root;        // MerkleRoot(ComputeTxId(tx)...)
  crypto::Hash256 vote_root;      // MerkleRoot(ComputeVoteHash(vote)...)
  crypto::Hash256 evidence_root;  // MerkleRoot(ComputeEvidenceHash(e)...)
  bool operator==(const BodyRoots&) const = default;
};

void Write(Writer& w, const BlockBody& body);
void Write(Writer& w, const Block& block);
BlockBody ReadBlockBody(Reader& r);
Block ReadBlock(Reader& r);

util::Bytes Encode(const BlockBody& body);
util::Bytes Encode(const Block& block);
util::Result<BlockBody, DecodeError> DecodeBlockBody(util::ByteSpan bytes);
// Fails with TooLong for input above MAX_BLOCK_BYTES_CAP before reading anything.
util::Result<Block, DecodeError> DecodeBlock(util::ByteSpan bytes);

BodyRoots ComputeBodyRoots(const BlockBody& body);
// Writes the body roots into a header (for proposers and tests).
void SetBodyRoots(BlockHeader& header, const BlockBody& body);

// Version, chain id, counts and size within params, roots match the header, every tx passes
// CheckTransactionStateless with the header's chain id, votes structurally valid and for earlier slots,
// evidence structurally valid, no duplicate tx / vote / evidence. Not signatures.
util::Result<void, BlockInvalid> CheckBlockStateless(const Block& block, const ChainParams& params);

}  // namespace cairn::chain
