// ApplyBlock: header rules, begin-block processing (liveness, boundary, proposer, randomness,
// maturities, governance, issuance), transactions, votes, evidence, rewards (SPEC.md "State rules" section 9).
#include "state/apply_block.h"

#include "crypto/ecvrf.h"
#include "state/rules.h"

namespace cairn::state {

util::Result<StateDiff, BlockError> ApplyBlock(const StateReader& state, const chain::Block& block,
                                               const crypto::Hash256& genesis_hash, const BlockContext& ctx,
                                               SigCheck sig_check) {
  Ledger l(state);
  CAIRN_TRY(l.Load());
  const chain::BlockHeader& h = block.unsigned_header();
  {
    const Globals& g = l.globals();
    if (h.chain_id != g.chain_id) return Fail("header.chain_id", "is not this chain's id " + g.chain_id.str());
    if (h.height != g.last_height + 1) {
      return Fail("header.height", "is " + Str(h.height) + ", expected " + Str(g.last_height + 1));
    }
    if (h.slot <= g.last_slot) return Fail("header.slot", "is not after the parent's slot " + Str(g.last_slot));
    if (h.parent_hash != ctx.parent_id) return Fail("header.parent_hash", "does not name the parent block");
  }
  if (sig_check == SigCheck::Verify) {
    if (auto r = chain::CheckBlockStateless(block, l.params()); !r) {
      // One path style for every error: "txs[1].payload...", "header.slot".
      std::string where = r.error().field;
      for (const std::string_view prefix : {"block.body.", "block."}) {
        if (where.rfind(prefix, 0) == 0) {
          where.erase(0, prefix.size());
          break;
        }
      }
      return Fail(where.empty() ? "block" : where, r.error().reason);
    }
  }
  const Slot elapsed = h.slot - l.globals().last_slot;
  l.SetSlot(h.slot);

  // Begin block. Liveness first: it assesses older slots against the sets still stored.
  CAIRN_TRY(AssessLiveness(l, ctx));
  CAIRN_TRY(ProcessBoundary(l, PeriodOf(l.params(), h.slot)));
  CAIRN_TRY(CheckProposer(l, h.proposer_index));
  const auto beta = crypto::VrfProofToHash(h.vrf_proof);
  if (!beta) return Fail("header.vrf_proof", "does not decode");
  {
    util::Bytes mix(l.globals().seed.bytes.begin(), l.globals().seed.bytes.end());
    util::Append(mix, beta->span());
    l.globals().seed = crypto::TaggedHash("seed", mix);
  }
  CAIRN_TRY(MatureEntries(l));
  CAIRN_TRY(PruneSlashRecords(l));
  CAIRN_TRY(ProcessGovernance(l));
  auto voter_pool = Issue(l, h.proposer_index, elapsed);
  if (!voter_pool) return util::Err(voter_pool.error());

  Amount fees = 0;
  for (std::size_t i = 0; i < block.body.txs.size(); ++i) {
    CAIRN_TRY(ApplyTransaction(l, block.body.txs[i], i, sig_check, genesis_hash, fees));
  }
  std::vector<std::pair<ValidatorIndex, Amount>> weights;
  CAIRN_TRY(ApplyVotes(l, block.body.votes, sig_check, genesis_hash, weights));
  auto proposer = l.GetValidator(h.proposer_index);
  if (!proposer) return Fail("header.proposer_index", "no such validator");
  for (std::size_t i = 0; i < block.body.evidence.size(); ++i) {
    CAIRN_TRY(ApplyEvidence(l, block.body.evidence[i], proposer->operator_address, "evidence[" + std::to_string(i) + "]",
                            sig_check, genesis_hash));
  }
  CAIRN_TRY(DistributeVoterPool(l, *voter_pool, weights));
  CAIRN_TRY(l.Credit(proposer->operator_address, fees, "header.proposer_index"));

  l.overlay().Put(BlockSlotKey(h.slot), util::Bytes{1});
  Globals& g = l.globals();
  g.last_slot = h.slot;
  g.last_height = h.height;
  l.Commit();
  if (l.corrupt()) return util::Err(l.corruption());
  return l.Finish();
}

}  // namespace cairn::state
