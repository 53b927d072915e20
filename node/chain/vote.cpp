#include "chain/vote.h"

namespace cairn::chain {

void Write(Writer& w, const Checkpoint& c) {
  w.U64(c.slot);
  w.Fixed(c.root);
}

void Write(Writer& w, const Vote& v) {
  w.U32(v.validator_index);
  w.U64(v.slot);
  w.Fixed(v.head_root);
  Write(w, v.target);
  Write(w, v.source);
}

void Write(Writer& w, const SignedVote& v) {
  Write(w, v.vote);
  w.Fixed(v.signature);
}

Checkpoint ReadCheckpoint(Reader& r) {
  Checkpoint c;
  c.slot = r.U64("slot");
  c.root = r.Fixed<32>("root");
  return c;
}

Vote ReadVote(Reader& r) {
  Vote v;
  v.validator_index = r.U32("validator_index");
  v.slot = r.U64("slot");
  v.head_root = r.Fixed<32>("head_root");
  {
    Reader::Field f(r, "target");
    v.target = ReadCheckpoint(r);
  }
  {
    Reader::Field f(r, "source");
    v.source = ReadCheckpoint(r);
  }
  return v;
}

SignedVote ReadSignedVote(Reader& r) {
  SignedVote s;
  s.vote = ReadVote(r);
  s.signature = r.Fixed<64>("signature");
  return s;
}

util::Bytes Encode(const Vote& vote) {
  Writer w;
  Write(w, vote);
  return w.Take();
}

util::Bytes Encode(const SignedVote& vote) {
  Writer w;
  Write(w, vote);
  return w.Take();
}

util::Result<Vote, DecodeError> DecodeVote(util::ByteSpan bytes) {
  return DecodeWhole<Vote>(bytes, "vote", [](Reader& r) { return ReadVote(r); });
}

util::Result<SignedVote, DecodeError> DecodeSignedVote(util::ByteSpan bytes) {
  return DecodeWhole<SignedVote>(bytes, "vote", [](Reader& r) { return ReadSignedVote(r); });
}

crypto::Hash256 ComputeVoteDataHash(const Vote& vote) { return crypto::TaggedHash("vote/data", Encode(vote)); }

VoteHash ComputeVoteHash(const SignedVote& vote) { return crypto::TaggedHash("vote", Encode(vote)); }

util::Bytes VoteSigningMessage(const Vote& vote, const ChainId& chain_id, const crypto::Hash256& genesis_hash) {
  return SigningMessage("cairn/vote", chain_id, genesis_hash, Encode(vote));
}

SignedVote SignVote(const Vote& vote, const crypto::SecretKey& key, const ChainId& chain_id,
                    const crypto::Hash256& genesis_hash) {
  return SignedVote{vote, crypto::Sign(key, VoteSigningMessage(vote, chain_id, genesis_hash))};
}

bool VerifyVoteSignature(const SignedVote& vote, const crypto::PublicKey& key, const ChainId& chain_id,
                         const crypto::Hash256& genesis_hash) {
  return crypto::Verify(key, VoteSigningMessage(vote.vote, chain_id, genesis_hash), vote.signature);
}

util::Result<void, Invalid> CheckVoteStateless(const Vote& vote, std::string_view field) {
  if (vote.source.slot > vote.target.slot) {
    return util::Err(Invalid{std::string(field) + ".source.slot", "source is later than target"});
  }
  if (vote.target.slot > vote.slot) {
    return util::Err(Invalid{std::string(field) + ".target.slot", "target is later than the vote's slot"});
  }
  return {};
}

}  // namespace cairn::chain
