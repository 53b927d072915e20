// Evidence of slashable offences (PROTOCOL.md section 7): double proposal, double vote, surround vote.
//
// One offence has one encoding: the two signed objects are ordered a < b by BlockId (headers) or by
// ComputeVoteDataHash (votes); CheckEvidenceStateless rejects the other order. Canonicalize() puts a
// pair into that order. Signature checks need the offender's consensus key from state, so they are a
// separate call (VerifyEvidenceSignatures).
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include <variant>

#include "chain/block_header.h"
#include "chain/codec.h"
#include "chain/vote.h"

namespace cairn::chain {

struct DoubleProposal {
  SignedBlockHeader a;
  SignedBlockHeader b;
  bool operator==(const DoubleProposal&) const = default;
};

struct DoubleVote {
  SignedVote a;
  SignedVote b;
  bool operator==(const DoubleVote&) const = default;
};

struct SurroundVote {
  SignedVote a;
  SignedVote b;
  bool operator==(const SurroundVote&) const = default;
};

enum class EvidenceKind : std::uint8_t { DoubleProposal = 0, DoubleVote = 1, SurroundVote = 2 };
inline constexpr std::uint8_t EVIDENCE_KIND_COUNT = 3;

struct Evidence {
  std::variant<DoubleProposal, DoubleVote, SurroundVote> offence;
  EvidenceKind kind() const { return static_cast<EvidenceKind>(offence.index()); }
  bool operator==(const Evidence&) const = default;
};

void Write(Writer& w, const Evidence& e);
Evidence ReadEvidence(Reader& r);
util::Bytes Encode(const Evidence& evidence);
util::Result<Evidence, DecodeError> DecodeEvidence(util::ByteSpan bytes);

// TaggedHash("evidence", Encode(evidence)): the leaf of a block's evidence_root.
EvidenceHash ComputeEvidenceHash(const Evidence& evidence);

// The validator the evidence accuses.
ValidatorIndex OffenderIndex(const Evidence& evidence);

// Swaps a and b into canonical order (a < b).
void Canonicalize(Evidence& evidence);

// Same proposer/validator, the offence's slot relation, two different objects, canonical order.
// `field` prefixes the Invalid path (e.g. "tx.payload.evidence").
util::Result<void, Invalid> CheckEvidenceStateless(const Evidence& evidence, std::string_view field = "evidence");

// Both signatures verify under the offender's consensus key.
[[nodiscard]] bool VerifyEvidenceSignatures(const Evidence& evidence, const crypto::PublicKey& offender,
                                            const ChainId& chain_id, const crypto::Hash256& genesis_hash);

}  // namespace cairn::chain
