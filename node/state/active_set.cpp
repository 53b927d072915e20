// Staking boundaries: pending parameters, active-set rotation and the next set with the churn limit
// (SPEC.md "State rules" section 7).
#include <algorithm>

#include "state/rules.h"

namespace cairn::state {
namespace {

struct Candidate {
  ValidatorIndex index;
  Amount tokens;
};

// Higher stake first; ties to the lower index.
bool StrongerFirst(const Candidate& a, const Candidate& b) {
  return a.tokens != b.tokens ? a.tokens > b.tokens : a.index < b.index;
}

// Every validator that may be active: not jailed or tombstoned, tokens > 0, self stake >= min_self_bond.
std::vector<Candidate> Eligible(Ledger& l) {
  std::vector<Candidate> out;
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::Validator))) {
    auto v = DecodeValidator(value);
    if (!v || key.size() != 5) {
      l.MarkCorrupt("validator record");
      continue;
    }
    const ValidatorIndex index = ReadBe32(key, 1);
    if (v->status != ValidatorStatus::Candidate || v->tokens == 0) continue;
    if (SelfStake(l, index, *v) < l.params().min_self_bond) continue;
    out.push_back({index, v->tokens});
  }
  std::sort(out.begin(), out.end(), StrongerFirst);
  return out;
}

ActiveSet Sorted(std::vector<ValidatorIndex> members) {
  std::sort(members.begin(), members.end());
  return ActiveSet{std::move(members)};
}

ActiveSet ComputeNextSet(Ledger& l, const ActiveSet& previous) {
  const chain::ChainParams& p = l.params();
  const std::vector<Candidate> eligible = Eligible(l);
  std::vector<Candidate> target(eligible.begin(),
                                eligible.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(eligible.size(), p.max_validators)));
  auto in = [](const std::vector<Candidate>& list, ValidatorIndex i) {
    return std::any_of(list.begin(), list.end(), [&](const Candidate& c) { return c.index == i; });
  };
  // Ineligible members leave unconditionally; the churn limit bounds the voluntary changes.
  std::vector<Candidate> keep;
  for (const Candidate& c : eligible) {
    if (IsMember(previous, c.index)) keep.push_back(c);
  }
  std::vector<Candidate> exits;  // weakest first
  for (auto it = keep.rbegin(); it != keep.rend(); ++it) {
    if (!in(target, it->index)) exits.push_back(*it);
  }
  std::vector<Candidate> entries;  // strongest first
  for (const Candidate& c : target) {
    if (!IsMember(previous, c.index)) entries.push_back(c);
  }
  const std::uint64_t n_exit = std::min<std::uint64_t>(exits.size(), p.churn_limit);
  const std::uint64_t staying = keep.size() - n_exit;
  const std::uint64_t room = p.max_validators > staying ? p.max_validators - staying : 0;
  const std::uint64_t n_enter = std::min<std::uint64_t>({entries.size(), p.churn_limit, room});
  std::vector<ValidatorIndex> members;
  for (const Candidate& c : keep) {
    const bool leaving = std::any_of(exits.begin(), exits.begin() + static_cast<std::ptrdiff_t>(n_exit),
                                     [&](const Candidate& e) { return e.index == c.index; });
    if (!leaving) members.push_back(c.index);
  }
  for (std::uint64_t n = 0; n < n_enter; ++n) members.push_back(entries[n].index);
  if (members.empty()) {
    // Never produce an empty set: fall back to the unconstrained target, else keep the old set.
    for (const Candidate& c : target) members.push_back(c.index);
    if (members.empty()) return previous;
  }
  return Sorted(std::move(members));
}

}  // namespace

std::uint64_t PeriodOf(const chain::ChainParams& p, Slot slot) { return slot / p.staking_period; }

bool IsMember(const ActiveSet& set, ValidatorIndex i) {
  return std::binary_search(set.members.begin(), set.members.end(), i);
}

ActiveSet ComputeInitialSet(Ledger& l) {
  std::vector<ValidatorIndex> members;
  for (const Candidate& c : Eligible(l)) {
    if (members.size() >= l.params().max_validators) break;
    members.push_back(c.index);
  }
  return Sorted(std::move(members));
}

Status ProcessBoundary(Ledger& l, std::uint64_t period) {
  Globals& g = l.globals();
  const std::uint64_t current = g.current_period;
  if (period <= current) return {};
  if (auto pending = l.GetPendingParams()) {
    // staking_period and slot_ms are not governable, so periods keep their meaning.
    l.SetParams(*pending);
    l.overlay().Erase(PendingParamsKey());
  }
  const auto next = l.GetActiveSet(current + 1);
  if (!next) return Fail("state", "active set of period " + Str(current + 1) + " missing");
  // Periods without any block do not rotate: every skipped period keeps the set that was next.
  if (period - 1 > current + 1) l.overlay().Put(ActiveSetKey(period - 1), Encode(*next));
  if (period > current + 1) l.overlay().Put(ActiveSetKey(period), Encode(*next));
  const auto now = l.GetActiveSet(period);
  l.overlay().Put(ActiveSetKey(period + 1), Encode(ComputeNextSet(l, *now)));
  const auto stale = [period](util::ByteSpan key) { return ReadBe64(key, 1) + 1 < period; };
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::ActiveSet), stale)) {
    l.overlay().Erase(StateKey::FromSpan(key));
  }
  g.current_period = period;
  return {};
}

Status CheckProposer(Ledger& l, ValidatorIndex proposer) {
  const auto set = l.GetActiveSet(PeriodOf(l.params(), l.slot()));
  if (!set || !IsMember(*set, proposer)) {
    return Fail("header.proposer_index", "validator " + Str(proposer) + " is not in the active set of slot " + Str(l.slot()));
  }
  const auto v = l.GetValidator(proposer);
  if (!v || v->status != ValidatorStatus::Candidate) {
    return Fail("header.proposer_index", "validator " + Str(proposer) + " is jailed or tombstoned");
  }
  return {};
}

}  // namespace cairn::state
