#include "chain/block_header.h"

namespace cairn::chain {

void Write(Writer& w, const BlockHeader& h) {
  w.U32(h.version);
  Write(w, h.chain_id);
  w.U64(h.slot);
  w.U64(h.height);
  w.Fixed(h.parent_hash);
  w.U32(h.proposer_index);
  w.Fixed(h.vrf_proof);
  w.Fixed(h.state_root);
  w.Fixed(h.tx_root);
  w.Fixed(h.vote_root);
  w.Fixed(h.evidence_root);
  w.U64(h.timestamp_ms);
}

void Write(Writer& w, const SignedBlockHeader& h) {
  Write(w, h.header);
  w.Fixed(h.signature);
}

BlockHeader ReadBlockHeader(Reader& r) {
  BlockHeader h;
  h.version = r.U32("version");
  h.chain_id = ReadChainId(r, "chain_id");
  h.slot = r.U64("slot");
  h.height = r.U64("height");
  h.parent_hash = r.Fixed<32>("parent_hash");
  h.proposer_index = r.U32("proposer_index");
  h.vrf_proof = r.Fixed<VRF_PROOF_BYTES>("vrf_proof");
  h.state_root = r.Fixed<32>("state_root");
  h.tx_root = r.Fixed<32>("tx_root");
  h.vote_root = r.Fixed<32>("vote_root");
  h.evidence_root = r.Fixed<32>("evidence_root");
  h.timestamp_ms = r.U64("timestamp_ms");
  return h;
}

SignedBlockHeader ReadSignedBlockHeader(Reader& r) {
  SignedBlockHeader s;
  s.header = ReadBlockHeader(r);
  s.signature = r.Fixed<64>("signature");
  return s;
}

util::Bytes Encode(const BlockHeader& header) {
  Writer w;
  Write(w, header);
  return w.Take();
}

util::Bytes Encode(const SignedBlockHeader& header) {
  Writer w;
  Write(w, header);
  return w.Take();
}

util::Result<BlockHeader, DecodeError> DecodeBlockHeader(util::ByteSpan bytes) {
  return DecodeWhole<BlockHeader>(bytes, "header", [](Reader& r) { return ReadBlockHeader(r); });
}

util::Result<SignedBlockHeader, DecodeError> DecodeSignedBlockHeader(util::ByteSpan bytes) {
  return DecodeWhole<SignedBlockHeader>(bytes, "header", [](Reader& r) { return ReadSignedBlockHeader(r); });
}

BlockId ComputeBlockId(const BlockHeader& header) { return crypto::TaggedHash("block", Encode(header)); }

util::Bytes BlockSigningMessage(const BlockHeader& header, const crypto::Hash256& genesis_hash) {
  return SigningMessage("cairn/block", header.chain_id, genesis_hash, Encode(header));
}

SignedBlockHeader SignBlockHeader(const BlockHeader& header, const crypto::SecretKey& key,
                                  const crypto::Hash256& genesis_hash) {
  return SignedBlockHeader{header, crypto::Sign(key, BlockSigningMessage(header, genesis_hash))};
}

bool VerifyBlockHeaderSignature(const SignedBlockHeader& header, const crypto::PublicKey& key,
                                const crypto::Hash256& genesis_hash) {
  return crypto::Verify(key, BlockSigningMessage(header.header, genesis_hash), header.signature);
}

}  // namespace cairn::chain
