#include "chain/evidence.h"

#include <utility>

#include "util/overload.h"

namespace cairn::chain {

namespace {

using util::Overload;

util::Result<void, Invalid> Bad(std::string_view field, std::string_view leaf, std::string reason) {
  return util::Err(Invalid{std::string(field) + "." + std::string(leaf), std::move(reason)});
}

bool Surrounds(const Vote& outer, const Vote& inner) {
  return outer.source.slot < inner.source.slot && inner.target.slot < outer.target.slot;
}

}  // namespace

void Write(Writer& w, const Evidence& e) {
  w.U8(static_cast<std::uint8_t>(e.offence.index()));
  std::visit(Overload{[&](const DoubleProposal& d) { Write(w, d.a); Write(w, d.b); },
                      [&](const DoubleVote& d) { Write(w, d.a); Write(w, d.b); },
                      [&](const SurroundVote& d) { Write(w, d.a); Write(w, d.b); }},
             e.offence);
}

Evidence ReadEvidence(Reader& r) {
  const std::uint8_t tag = r.Tag("kind", EVIDENCE_KIND_COUNT);
  auto read_headers = [&r](auto& pair, std::string_view name) {
    Reader::Field f(r, name);
    { Reader::Field g(r, "a"); pair.a = ReadSignedBlockHeader(r); }
    { Reader::Field g(r, "b"); pair.b = ReadSignedBlockHeader(r); }
  };
  auto read_votes = [&r](auto& pair, std::string_view name) {
    Reader::Field f(r, name);
    { Reader::Field g(r, "a"); pair.a = ReadSignedVote(r); }
    { Reader::Field g(r, "b"); pair.b = ReadSignedVote(r); }
  };
  Evidence e;
  switch (static_cast<EvidenceKind>(tag)) {
    case EvidenceKind::DoubleProposal: {
      DoubleProposal d;
      read_headers(d, "double_proposal");
      e.offence = std::move(d);
      break;
    }
    case EvidenceKind::DoubleVote: {
      DoubleVote d;
      read_votes(d, "double_vote");
      e.offence = std::move(d);
      break;
    }
    case EvidenceKind::SurroundVote: {
      SurroundVote d;
      read_votes(d, "surround_vote");
      e.offence = std::move(d);
      break;
    }
  }
  return e;
}

util::Bytes Encode(const Evidence& evidence) {
  Writer w;
  Write(w, evidence);
  return w.Take();
}

util::Result<Evidence, DecodeError> DecodeEvidence(util::ByteSpan bytes) {
  return DecodeWhole<Evidence>(bytes, "evidence", [](Reader& r) { return ReadEvidence(r); });
}

EvidenceHash ComputeEvidenceHash(const Evidence& evidence) { return crypto::TaggedHash("evidence", Encode(evidence)); }

ValidatorIndex OffenderIndex(const Evidence& evidence) {
  return std::visit(Overload{[](const DoubleProposal& d) { return d.a.header.proposer_index; },
                             [](const DoubleVote& d) { return d.a.vote.validator_index; },
                             [](const SurroundVote& d) { return d.a.vote.validator_index; }},
                    evidence.offence);
}

void Canonicalize(Evidence& evidence) {
  std::visit(Overload{[](DoubleProposal& d) {
                        if (ComputeBlockId(d.b.header) < ComputeBlockId(d.a.header)) std::swap(d.a, d.b);
                      },
                      [](auto& d) {
                        if (ComputeVoteDataHash(d.b.vote) < ComputeVoteDataHash(d.a.vote)) std::swap(d.a, d.b);
                      }},
             evidence.offence);
}

util::Result<void, Invalid> CheckEvidenceStateless(const Evidence& evidence, std::string_view field) {
  return std::visit(
      Overload{
          [&](const DoubleProposal& d) -> util::Result<void, Invalid> {
            const std::string f = std::string(field) + ".double_proposal";
            const auto& a = d.a.header;
            const auto& b = d.b.header;
            if (a.proposer_index != b.proposer_index) return Bad(f, "b.proposer_index", "headers have different proposers");
            if (a.slot != b.slot) return Bad(f, "b.slot", "headers are for different slots");
            if (a.chain_id != b.chain_id) return Bad(f, "b.chain_id", "headers are for different chains");
            const BlockId ida = ComputeBlockId(a);
            const BlockId idb = ComputeBlockId(b);
            if (ida == idb) return Bad(f, "b", "headers are identical");
            if (!(ida < idb)) return Bad(f, "a", "headers are not in canonical order (a < b by block id)");
            return {};
          },
          [&](const DoubleVote& d) -> util::Result<void, Invalid> {
            const std::string f = std::string(field) + ".double_vote";
            if (d.a.vote.validator_index != d.b.vote.validator_index) {
              return Bad(f, "b.validator_index", "votes are from different validators");
            }
            if (d.a.vote.target.slot != d.b.vote.target.slot) return Bad(f, "b.target.slot", "votes have different target slots");
            const auto ha = ComputeVoteDataHash(d.a.vote);
            const auto hb = ComputeVoteDataHash(d.b.vote);
            if (ha == hb) return Bad(f, "b", "votes are identical");
            if (!(ha < hb)) return Bad(f, "a", "votes are not in canonical order (a < b by vote data hash)");
            return {};
          },
          [&](const SurroundVote& d) -> util::Result<void, Invalid> {
            const std::string f = std::string(field) + ".surround_vote";
            if (d.a.vote.validator_index != d.b.vote.validator_index) {
              return Bad(f, "b.validator_index", "votes are from different validators");
            }
            if (!Surrounds(d.a.vote, d.b.vote) && !Surrounds(d.b.vote, d.a.vote)) {
              return Bad(f, "b", "neither vote surrounds the other");
            }
            const auto ha = ComputeVoteDataHash(d.a.vote);
            const auto hb = ComputeVoteDataHash(d.b.vote);
            if (!(ha < hb)) return Bad(f, "a", "votes are not in canonical order (a < b by vote data hash)");
            return {};
          }},
      evidence.offence);
}

bool VerifyEvidenceSignatures(const Evidence& evidence, const crypto::PublicKey& offender, const ChainId& chain_id,
                              const crypto::Hash256& genesis_hash) {
  return std::visit(
      Overload{[&](const DoubleProposal& d) {
                 return d.a.header.chain_id == chain_id && d.b.header.chain_id == chain_id &&
                        VerifyBlockHeaderSignature(d.a, offender, genesis_hash) &&
                        VerifyBlockHeaderSignature(d.b, offender, genesis_hash);
               },
               [&](const auto& d) {
                 return VerifyVoteSignature(d.a, offender, chain_id, genesis_hash) &&
                        VerifyVoteSignature(d.b, offender, chain_id, genesis_hash);
               }},
      evidence.offence);
}

}  // namespace cairn::chain
