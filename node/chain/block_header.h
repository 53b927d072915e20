// Block headers (PROTOCOL.md section 3): BlockHeader, SignedBlockHeader, encoding, BlockId and the
// proposer's signature ("cairn/block"). Separate from block.h because evidence (and so transactions)
// carries signed headers.
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include "chain/codec.h"
#include "chain/ids.h"
#include "crypto/ed25519.h"

namespace cairn::chain {

inline constexpr std::uint32_t BLOCK_VERSION = 1;
inline constexpr std::size_t VRF_PROOF_BYTES = 80;
using VrfProof = util::FixedBytes<VRF_PROOF_BYTES>;

struct BlockHeader {
  std::uint32_t version = BLOCK_VERSION;
  ChainId chain_id;
  Slot slot = 0;
  Height height = 0;
  BlockId parent_hash;
  ValidatorIndex proposer_index = 0;
  VrfProof vrf_proof;
  crypto::Hash256 state_root;
  crypto::Hash256 tx_root;
  crypto::Hash256 vote_root;
  crypto::Hash256 evidence_root;
  std::uint64_t timestamp_ms = 0;
  bool operator==(const BlockHeader&) const = default;
};

struct SignedBlockHeader {
  BlockHeader header;
  crypto::Signature signature;
  bool operator==(const SignedBlockHeader&) const = default;
};

void Write(Writer& w, const BlockHeader& h);
void Write(Writer& w, const SignedBlockHeader& h);
BlockHeader ReadBlockHeader(Reader& r);
SignedBlockHeader ReadSignedBlockHeader(Reader& r);

util::Bytes Encode(const BlockHeader& header);
util::Bytes Encode(const SignedBlockHeader& header);
util::Result<BlockHeader, DecodeError> DecodeBlockHeader(util::ByteSpan bytes);
util::Result<SignedBlockHeader, DecodeError> DecodeSignedBlockHeader(util::ByteSpan bytes);

// TaggedHash("block", Encode(header)); the signature is not covered.
BlockId ComputeBlockId(const BlockHeader& header);

// SigningMessage("cairn/block", header.chain_id, genesis_hash, Encode(header)).
util::Bytes BlockSigningMessage(const BlockHeader& header, const crypto::Hash256& genesis_hash);
SignedBlockHeader SignBlockHeader(const BlockHeader& header, const crypto::SecretKey& key,
                                  const crypto::Hash256& genesis_hash);
[[nodiscard]] bool VerifyBlockHeaderSignature(const SignedBlockHeader& header, const crypto::PublicKey& key,
                                              const crypto::Hash256& genesis_hash);

}  // namespace cairn::chain
