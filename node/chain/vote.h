// Votes (attestations, PROTOCOL.md section 4): Checkpoint, Vote, SignedVote, their encoding, signing
// message ("cairn/vote"), hashes and a stateless structural check.
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include "chain/codec.h"
#include "chain/ids.h"
#include "crypto/ed25519.h"

namespace cairn::chain {

struct Checkpoint {
  Slot slot = 0;
  BlockId root;
  auto operator<=>(const Checkpoint&) const = default;
  bool operator==(const Checkpoint&) const = default;
};

struct Vote {
  ValidatorIndex validator_index = 0;
  Slot slot = 0;
  BlockId head_root;
  Checkpoint target;
  Checkpoint source;
  bool operator==(const Vote&) const = default;
};

struct SignedVote {
  Vote vote;
  crypto::Signature signature;
  bool operator==(const SignedVote&) const = default;
};

inline constexpr std::size_t VOTE_BYTES = 4 + 8 + 32 + 40 + 40;
inline constexpr std::size_t SIGNED_VOTE_BYTES = VOTE_BYTES + 64;

void Write(Writer& w, const Checkpoint& c);
void Write(Writer& w, const Vote& v);
void Write(Writer& w, const SignedVote& v);
Checkpoint ReadCheckpoint(Reader& r);
Vote ReadVote(Reader& r);
SignedVote ReadSignedVote(Reader& r);

util::Bytes Encode(const Vote& vote);
util::Bytes Encode(const SignedVote& vote);
util::Result<Vote, DecodeError> DecodeVote(util::ByteSpan bytes);
util::Result<SignedVote, DecodeError> DecodeSignedVote(util::ByteSpan bytes);

// TaggedHash("vote/data", Encode(vote)): identifies what was voted for (orders evidence).
crypto::Hash256 ComputeVoteDataHash(const Vote& vote);
// TaggedHash("vote", Encode(signed vote)): the leaf of a block's vote_root.
VoteHash ComputeVoteHash(const SignedVote& vote);

util::Bytes VoteSigningMessage(const Vote& vote, const ChainId& chain_id, const crypto::Hash256& genesis_hash);
SignedVote SignVote(const Vote& vote, const crypto::SecretKey& key, const ChainId& chain_id,
                    const crypto::Hash256& genesis_hash);
[[nodiscard]] bool VerifyVoteSignature(const SignedVote& vote, const crypto::PublicKey& key, const ChainId& chain_id,
                                       const crypto::Hash256& genesis_hash);

// Structure only: source.slot <= target.slot <= slot. (A vote whose target is not later than its
// source is well formed but ignored by finality, PROTOCOL.md section 5.)
util::Result<void, Invalid> CheckVoteStateless(const Vote& vote, std::string_view field = "vote");

}  // namespace cairn::chain
