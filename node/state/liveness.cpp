// Votes carried by blocks, downtime assessment and the inactivity leak (SPEC.md "State rules" section 6).
#include <map>

#include "state/rules.h"

namespace cairn::state {

Slot VoteInclusionWindow(const chain::ChainParams& p) { return p.staking_period; }

Status ApplyVotes(Ledger& l, const std::vector<chain::SignedVote>& votes, SigCheck sig_check,
                  const crypto::Hash256& genesis_hash, std::vector<std::pair<ValidatorIndex, Amount>>& weights) {
  const Slot slot = l.slot();
  const Slot window = VoteInclusionWindow(l.params());
  std::map<std::uint64_t, std::optional<ActiveSet>> sets;
  weights.reserve(votes.size());
  for (std::size_t n = 0; n < votes.size(); ++n) {
    const chain::Vote& vote = votes[n].vote;
    const std::string where = "votes[" + std::to_string(n) + "]";
    if (vote.slot >= slot) return Fail(where + ".slot", "is not before the block's slot " + Str(slot));
    if (slot - vote.slot > window) {
      return Fail(where + ".slot", "slot " + Str(vote.slot) + " is outside the inclusion window of " + Str(window) + " slots");
    }
    const std::uint64_t period = PeriodOf(l.params(), vote.slot);
    auto it = sets.find(period);
    if (it == sets.end()) it = sets.emplace(period, l.GetActiveSet(period)).first;
    const ValidatorIndex index = vote.validator_index;
    if (!it->second || !IsMember(*it->second, index)) {
      return Fail(where + ".validator_index", "validator " + Str(index) + " is not in the active set of slot " + Str(vote.slot));
    }
    auto v = l.GetValidator(index);
    if (!v) return Fail("state", "active validator " + Str(index) + " missing");
    const StateKey counted = CountedVoteKey(vote.slot, index);
    if (l.overlay().Get(counted)) {
      return Fail(where, "a vote of validator " + Str(index) + " for slot " + Str(vote.slot) + " was already counted");
    }
    if (sig_check == SigCheck::Verify &&
        !chain::VerifyVoteSignature(votes[n], v->consensus_pubkey, l.globals().chain_id, genesis_hash)) {
      return Fail(where + ".signature", "does not verify under validator " + Str(index) + "'s consensus key");
    }
    l.overlay().Put(counted, util::Bytes{1});
    // A vote of a validator jailed or tombstoned since its slot is still valid; it earns nothing.
    if (v->status == ValidatorStatus::Candidate) weights.emplace_back(index, v->tokens);
  }
  return {};
}

namespace {

void ResizeWindow(Liveness& live, std::uint64_t window) {
  if (live.window == window) return;
  live.window = window;
  live.missed = 0;
  live.bits.assign((window + 7) / 8, 0);
}

// Records one assessed slot for one validator; may jail it or burn an inactivity penalty.
Status AssessOne(Ledger& l, ValidatorIndex i, Slot assessed, bool voted, bool leaking) {
  auto v = l.GetValidator(i);
  if (!v) return Fail("state", "active validator " + Str(i) + " missing");
  if (v->status != ValidatorStatus::Candidate) return {};  // jailed / tombstoned: already out
  const chain::ChainParams& p = l.params();
  Liveness live = l.GetLiveness(i);
  const Liveness old = live;
  ResizeWindow(live, p.downtime_window);
  const std::uint64_t bit = assessed % live.window;
  const std::uint8_t mask = static_cast<std::uint8_t>(1u << (bit % 8));
  const bool was_missed = (live.bits[bit / 8] & mask) != 0;
  if (!voted && !was_missed) {
    live.bits[bit / 8] |= mask;
    ++live.missed;
  } else if (voted && was_missed) {
    live.bits[bit / 8] &= static_cast<std::uint8_t>(~mask);
    --live.missed;
  }
  // Inactivity score (Altair-style): +bias per miss while leaking, -1 per vote, -recovery without leak.
  if (voted) {
    live.inactivity_score -= std::min<std::uint64_t>(1, live.inactivity_score);
  } else if (leaking) {
    live.inactivity_score = util::CheckedAdd(live.inactivity_score, p.inactivity_score_bias).value_or(UINT64_MAX);
  }
  if (!leaking) live.inactivity_score -= std::min(p.inactivity_score_recovery, live.inactivity_score);
  bool validator_changed = false;
  if (!voted && live.inactivity_score > 0) {
    const U128 denominator = static_cast<U128>(p.inactivity_score_bias) * p.inactivity_penalty_quotient;
    const U128 raw = denominator == 0 ? 0 : static_cast<U128>(v->tokens) * live.inactivity_score / denominator;
    const Amount penalty = raw > v->tokens ? v->tokens : static_cast<Amount>(raw);
    if (penalty > 0) {
      CAIRN_TRY(ReduceTokens(l, *v, penalty, "inactivity"));
      CAIRN_TRY(l.Burn(penalty, "inactivity"));
      validator_changed = true;
    }
  }
  if (live.missed > p.max_missed_votes) {
    live.missed = 0;
    std::fill(live.bits.begin(), live.bits.end(), 0);
    CAIRN_TRY(JailForDowntime(l, i, *v));
    validator_changed = false;  // written by JailForDowntime
  }
  if (validator_changed) l.PutValidator(i, *v);
  if (!(live == old)) l.PutLiveness(i, live);
  return {};
}

}  // namespace

Status AssessLiveness(Ledger& l, const BlockContext& ctx) {
  const Slot slot = l.slot();
  const Slot window = VoteInclusionWindow(l.params());
  const bool leaking = slot > ctx.finalized_slot && slot - ctx.finalized_slot > l.params().leak_after;
  const auto aged = [&](util::ByteSpan key) { return ReadBe64(key, 1) + window < slot; };
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::BlockSlot), aged)) {
    const Slot assessed = ReadBe64(key, 1);
    const auto set = l.GetActiveSet(PeriodOf(l.params(), assessed));
    if (set) {
      for (ValidatorIndex i : set->members) {
        const bool voted = l.overlay().Get(CountedVoteKey(assessed, i)) != nullptr;
        CAIRN_TRY(AssessOne(l, i, assessed, voted, leaking));
      }
    }
    l.overlay().Erase(StateKey::FromSpan(key));
  }
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::CountedVote), aged)) {
    l.overlay().Erase(StateKey::FromSpan(key));
  }
  return {};
}

}  // namespace cairn::state
