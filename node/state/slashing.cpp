// Slashing: evidence of double proposals, double votes and surround votes (penalty with correlation,
// tombstone, whistleblower reward, reaching unbonding and redelegated stake), downtime jailing and the
// correlation window (SPEC.md "State rules" section 5).
#include "state/rules.h"
#include "util/overload.h"

namespace cairn::state {
namespace {

Slot OffenceSlot(const chain::Evidence& e) {
  return std::visit(util::Overload{[](const chain::DoubleProposal& o) { return o.a.header.slot; },
                                   [](const chain::DoubleVote& o) { return std::max(o.a.vote.slot, o.b.vote.slot); },
                                   [](const chain::SurroundVote& o) { return std::max(o.a.vote.slot, o.b.vote.slot); }},
                    e.offence);
}

// Stake slashed inside the correlation window (including the records of this block).
Amount RecentlySlashed(Ledger& l) {
  Amount sum = 0;
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::SlashRecord))) {
    const auto v = DecodeU64(value);
    if (!v) {
      l.MarkCorrupt("slash record");
      continue;
    }
    sum = util::CheckedAdd(sum, *v).value_or(UINT64_MAX);
  }
  return sum;
}

// Slashes unbonding entries of `offender` created at or after the offence slot by `bps`.
util::Result<Amount, BlockError> SlashUnbondings(Ledger& l, ValidatorIndex offender, Slot offence_slot, std::uint64_t bps) {
  Amount total = 0;
  for (const auto& [key, value] : l.overlay().Scan(PrefixU32(KeyPrefix::UnbondingByValidator, offender))) {
    if (key.size() != 41) {
      l.MarkCorrupt("unbonding index");
      continue;
    }
    const Slot completion = ReadBe64(key, 5);
    const Address delegator = Address::FromSpan(util::ByteSpan(key).subspan(13, 20));
    const StateKey entry_key = UnbondingKey(completion, delegator, offender, ReadBe64(key, 33));
    const util::Bytes* raw = l.overlay().Get(entry_key);
    auto entry = raw ? DecodeUnbonding(*raw) : util::Result<Unbonding, chain::DecodeError>(util::Err(chain::DecodeError{}));
    if (!entry) {
      l.MarkCorrupt("unbonding entry");
      continue;
    }
    if (entry->creation_slot < offence_slot) continue;  // unbonded before the offence: not at stake
    const Amount cut = std::min(entry->amount, *util::MulDiv(entry->initial_amount, bps, chain::BPS_DENOMINATOR));
    entry->amount -= cut;
    total += cut;
    l.overlay().Put(entry_key, Encode(*entry));
  }
  return total;
}

// Slashes the destination stake of redelegations away from `offender` made at or after the offence.
util::Result<Amount, BlockError> SlashRedelegations(Ledger& l, ValidatorIndex offender, Slot offence_slot,
                                                   std::uint64_t bps, const std::string& where) {
  Amount total = 0;
  for (const auto& [key, value] : l.overlay().Scan(PrefixU32(KeyPrefix::RedelegationBySource, offender))) {
    if (key.size() != 45) {
      l.MarkCorrupt("redelegation index");
      continue;
    }
    const Slot completion = ReadBe64(key, 5);
    const Address delegator = Address::FromSpan(util::ByteSpan(key).subspan(13, 20));
    const ValidatorIndex dst = ReadBe32(key, 33);
    const StateKey entry_key = RedelegationKey(completion, delegator, offender, dst, ReadBe64(key, 37));
    const util::Bytes* raw = l.overlay().Get(entry_key);
    if (!raw) continue;
    auto entry = DecodeRedelegation(*raw);
    if (!entry) {
      l.MarkCorrupt("redelegation entry");
      continue;
    }
    if (entry->creation_slot < offence_slot) continue;
    auto w = l.GetValidator(dst);
    auto d = l.GetDelegation(delegator, dst);
    if (!w || !d || w->tokens == 0 || w->total_shares == 0) continue;
    const Amount cut_tokens = *util::MulDiv(entry->initial_amount, bps, chain::BPS_DENOMINATOR);
    std::uint64_t shares = std::min({d->shares, entry->shares_dst, MulDivCeil(cut_tokens, w->total_shares, w->tokens).value_or(UINT64_MAX)});
    if (shares == 0) continue;
    CAIRN_TRY(SettleDelegation(l, delegator, *w, *d, where));
    const Amount tokens = StakeOf(*w, shares);
    CAIRN_TRY(ReduceTokens(l, *w, tokens, where));
    w->total_shares -= shares;
    d->shares -= shares;
    entry->shares_dst -= shares;
    CAIRN_TRY(SweepEmptyPool(l, *w, where));
    total += tokens;
    l.PutValidator(dst, *w);
    l.PutDelegation(delegator, dst, *d);
    l.overlay().Put(entry_key, Encode(*entry));
  }
  return total;
}

}  // namespace

Status ApplyEvidence(Ledger& l, const chain::Evidence& e, const Address& whistleblower, const std::string& where,
                     SigCheck sig_check, const crypto::Hash256& genesis_hash) {
  const ValidatorIndex offender = chain::OffenderIndex(e);
  auto v = l.GetValidator(offender);
  if (!v) return Fail(where, "offender " + Str(offender) + " is not a registered validator");
  if (v->status == ValidatorStatus::Tombstoned) {
    return Fail(where, "validator " + Str(offender) + " is already tombstoned (its offence was punished)");
  }
  if (sig_check == SigCheck::Verify &&
      !chain::VerifyEvidenceSignatures(e, v->consensus_pubkey, l.globals().chain_id, genesis_hash)) {
    return Fail(where, "signatures do not verify under validator " + Str(offender) + "'s consensus key");
  }
  const Slot offence_slot = OffenceSlot(e);
  const chain::ChainParams& p = l.params();
  if (offence_slot > l.slot()) return Fail(where, "offence slot " + Str(offence_slot) + " is after the block's slot");
  if (l.slot() - offence_slot > p.evidence_window) {
    return Fail(where, "offence at slot " + Str(offence_slot) + " is older than the evidence window of " +
                           Str(p.evidence_window) + " slots");
  }

  // Penalty fraction: the base fraction, raised by the stake slashed together inside the window.
  const Amount before = v->tokens;
  const Amount recent = util::CheckedAdd(RecentlySlashed(l), before).value_or(UINT64_MAX);
  std::uint64_t correlated = chain::BPS_DENOMINATOR;
  if (l.globals().total_bonded > 0) {
    const U128 c = static_cast<U128>(recent) * p.correlation_multiplier * chain::BPS_DENOMINATOR / l.globals().total_bonded;
    correlated = c > chain::BPS_DENOMINATOR ? chain::BPS_DENOMINATOR : static_cast<std::uint64_t>(c);
  }
  const std::uint64_t bps = std::min<std::uint64_t>(chain::BPS_DENOMINATOR, std::max(p.slash_fraction_bps, correlated));

  Amount total = *util::MulDiv(before, bps, chain::BPS_DENOMINATOR);
  CAIRN_TRY(ReduceTokens(l, *v, total, where));
  v->status = ValidatorStatus::Tombstoned;
  l.PutValidator(offender, *v);
  auto unbonding = SlashUnbondings(l, offender, offence_slot, bps);
  if (!unbonding) return util::Err(unbonding.error());
  auto redelegated = SlashRedelegations(l, offender, offence_slot, bps, where);
  if (!redelegated) return util::Err(redelegated.error());
  total += *unbonding + *redelegated;
  l.overlay().Put(SlashRecordKey(l.slot(), offender), EncodeU64(before));

  const Amount reward = *util::MulDiv(total, p.whistleblower_reward_bps, chain::BPS_DENOMINATOR);
  CAIRN_TRY(l.Credit(whistleblower, reward, where));
  return l.Slashed(total - reward, where);
}

Status JailForDowntime(Ledger& l, ValidatorIndex i, Validator& v) {
  const std::string where = "downtime";
  const Amount penalty = *util::MulDiv(v.tokens, l.params().downtime_slash_bps, chain::BPS_DENOMINATOR);
  CAIRN_TRY(ReduceTokens(l, v, penalty, where));
  CAIRN_TRY(l.Slashed(penalty, where));
  v.status = ValidatorStatus::Jailed;
  v.jailed_until = util::CheckedAdd(l.slot(), l.params().jail_slots).value_or(UINT64_MAX);
  l.PutValidator(i, v);
  return {};
}

Status PruneSlashRecords(Ledger& l) {
  const Slot window = l.params().correlation_window_slots;
  const Slot slot = l.slot();
  const auto old = [&](util::ByteSpan key) { return ReadBe64(key, 1) + window < slot; };
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::SlashRecord), old)) {
    l.overlay().Erase(StateKey::FromSpan(key));
  }
  return {};
}

}  // namespace cairn::state
