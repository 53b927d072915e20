// NodeApi: queries of the head state (accounts, validators, governance, parameters) under the engine's
// head gate, and the explorer lists of the chain database that go with them.
//
// Proposal tallies: state/ has no public query for the running tally of a proposal in its voting
// period (the count is internal to the governance rules), so ProposalInfo::current_tally is the
// tally stored in the proposal record: zero while voting, the final tally once tallied.
#include <algorithm>

#include "runtime/node_api.h"
#include "state/keys.h"
#include "state/records.h"
#include "util/log.h"

namespace cairn::runtime {
namespace {

std::size_t PageLimit(std::size_t limit) { return std::clamp<std::size_t>(limit, 1, api::MAX_PAGE_SIZE); }

api::ValidatorInfo InfoOf(const state::StateReader& st, chain::ValidatorIndex index, state::Validator v,
                          const std::vector<state::ActiveValidator>& active) {
  api::ValidatorInfo info;
  info.index = index;
  info.active = std::any_of(active.begin(), active.end(), [&](const auto& a) { return a.index == index; });
  if (const auto bytes = st.Get(state::LivenessKey(index).span())) {
    if (const auto liveness = state::DecodeLiveness(*bytes)) {
      info.missed_votes = liveness->missed;
      info.inactivity_score = liveness->inactivity_score;
    }
  }
  info.self_bond = state::DelegationStake(st, v.operator_address, index);
  info.validator = std::move(v);
  return info;
}

std::optional<storage::TxPosition> PositionOf(const std::optional<api::TxCursor>& cursor) {
  if (!cursor) return std::nullopt;
  return storage::TxPosition{cursor->height, cursor->index};
}

}  // namespace

std::vector<state::ActiveValidator> ActiveSetNow(const state::StateReader& head_state, chain::Slot current,
                                                 chain::Slot head_slot) {
  if (current > head_slot) {
    auto set = state::EffectiveActiveSet(head_state, current);
    if (!set.empty()) return set;
  }
  return state::EffectiveActiveSet(head_state, head_slot);
}

chain::ChainParams NodeApi::Params() {
  Session s(*this);
  if (!s) return {};
  const auto params = s->engine->ReadHead(
      [](const state::MemoryState& st, const HeadView&) { return state::GetParams(st); });
  return params.value_or(s->engine->genesis().params);
}

api::Result<api::AccountInfo> NodeApi::Account(const chain::Address& address) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  api::AccountInfo info = s->engine->ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    api::AccountInfo a;
    a.address = address;
    a.height = head.height;
    const state::Account account = state::GetAccount(st, address);
    a.balance = account.balance;
    a.nonce = account.nonce;
    // Delegations: 0x30 | delegator[20] | index u32, ascending by validator index.
    st.ForEachWithPrefix(state::DelegationPrefix(address).span(), [&](util::ByteSpan key, util::ByteSpan value) {
      if (key.size() != 25) return true;
      const auto delegation = state::DecodeDelegation(value);
      if (!delegation) return true;
      api::DelegationInfo d;
      d.validator = state::ReadBe32(key, 21);
      if (const auto v = state::GetValidator(st, d.validator)) d.validator_operator = v->operator_address;
      d.shares = delegation->shares;
      d.stake = state::DelegationStake(st, address, d.validator);
      d.pending_rewards = state::PendingRewards(st, address, d.validator);
      a.bonded += d.stake;
      a.pending_rewards += d.pending_rewards;
      a.delegations.push_back(d);
      return true;
    });
    // Unbondings are keyed by completion slot first: this scans all of them (fine while they are
    // few; an index by delegator belongs in state/ when they are not).
    for (const state::UnbondingEntry& u : state::ListUnbondings(st)) {
      if (u.delegator != address) continue;
      a.unbonding += u.entry.amount;
      a.unbondings.push_back({u.validator, u.entry.amount, u.entry.creation_slot, u.completion_slot});
    }
    a.validator = state::FindValidatorByOperator(st, address);
    return a;
  });
  // After the gate is released (lock order): the next nonce after this sender's pooled run.
  info.pending_nonce = info.nonce;
  for (const mempool::PooledTxInfo& t : s->engine->mempool().PendingOf(address)) {
    if (t.nonce == info.pending_nonce) ++info.pending_nonce;
    else if (t.nonce > info.pending_nonce) break;  // a gap: the next nonce to send fills it
  }
  return info;
}

api::Result<api::TxPage> NodeApi::AccountTxs(const chain::Address& address, std::optional<api::TxCursor> before,
                                             std::size_t limit) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  auto reader = Reader(s);
  if (!reader) return util::Err(reader.error());
  auto page = (*reader)->TxsByAccount(address, PositionOf(before), PageLimit(limit));
  if (!page) {
    reader->Discard();
    CAIRN_LOG(Storage, Error) << "listing an account's transactions: " << page.error().message;
    return util::Err(InternalError("listing an account's transactions"));
  }
  return ToApi(std::move(page).value(), s->engine->PublishedStatus());
}

api::Result<api::ValidatorPage> NodeApi::Validators(std::optional<chain::ValidatorIndex> after, std::size_t limit) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  const std::size_t max = PageLimit(limit);
  const chain::Slot current = s->engine->PublishedStatus().slot;
  return s->engine->ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    api::ValidatorPage page;
    const auto active = ActiveSetNow(st, current, head.slot);
    // 0x20 | index u32 big-endian: key order is index order. There is no seek, so a late page walks
    // the first ones (fine for the few hundred validators a chain has).
    st.ForEachWithPrefix(state::StateKey(state::KeyPrefix::Validator).span(),
                         [&](util::ByteSpan key, util::ByteSpan value) {
                           if (key.size() != 5) return true;
                           const chain::ValidatorIndex index = state::ReadBe32(key, 1);
                           if (after && index <= *after) return true;
                           auto v = state::DecodeValidator(value);
                           if (!v) return true;
                           if (page.validators.size() == max) {
                             page.next = page.validators.back().index;  // there is at least one more
                             return false;
                           }
                           page.validators.push_back(InfoOf(st, index, std::move(v).value(), active));
                           return true;
                         });
    return api::Result<api::ValidatorPage>(std::move(page));
  });
}

api::Result<std::optional<api::ValidatorInfo>> NodeApi::Validator(const chain::Address& operator_address) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  const chain::Slot current = s->engine->PublishedStatus().slot;
  return s->engine->ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    std::optional<api::ValidatorInfo> out;
    const auto index = state::FindValidatorByOperator(st, operator_address);
    if (!index) return api::Result<std::optional<api::ValidatorInfo>>(out);
    auto v = state::GetValidator(st, *index);
    if (!v) return api::Result<std::optional<api::ValidatorInfo>>(out);
    out = InfoOf(st, *index, std::move(*v), ActiveSetNow(st, current, head.slot));
    return api::Result<std::optional<api::ValidatorInfo>>(std::move(out));
  });
}

api::Result<api::ProposalPage> NodeApi::Proposals(std::optional<chain::ProposalId> before, std::size_t limit) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  const std::size_t max = PageLimit(limit);
  return s->engine->ReadHead([&](const state::MemoryState& st, const HeadView&) {
    api::ProposalPage page;
    const auto globals = state::GetGlobals(st);
    if (!globals) return api::Result<api::ProposalPage>(std::move(page));
    // Ids are handed out densely from 1 (Globals::next_proposal_id).
    chain::ProposalId id = before ? std::min(*before, globals->next_proposal_id) : globals->next_proposal_id;
    while (id > 1) {
      --id;
      auto p = state::GetProposal(st, id);
      if (!p) continue;
      if (page.proposals.size() == max) {
        page.next = page.proposals.back().proposal.id;
        break;
      }
      const state::Tally tally = p->tally;
      page.proposals.push_back({std::move(*p), tally});
    }
    return api::Result<api::ProposalPage>(std::move(page));
  });
}

api::Result<std::optional<api::ProposalInfo>> NodeApi::Proposal(chain::ProposalId id) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  return s->engine->ReadHead([&](const state::MemoryState& st, const HeadView&) {
    std::optional<api::ProposalInfo> out;
    if (auto p = state::GetProposal(st, id)) {
      const state::Tally tally = p->tally;
      out = api::ProposalInfo{std::move(*p), tally};
    }
    return api::Result<std::optional<api::ProposalInfo>>(std::move(out));
  });
}

api::Result<api::TxPage> NodeApi::ProposalTxs(chain::ProposalId id, std::optional<api::TxCursor> before,
                                              std::size_t limit) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  auto reader = Reader(s);
  if (!reader) return util::Err(reader.error());
  auto page = (*reader)->TxsByProposal(id, PositionOf(before), PageLimit(limit));
  if (!page) {
    reader->Discard();
    CAIRN_LOG(Storage, Error) << "listing a proposal's transactions: " << page.error().message;
    return util::Err(InternalError("listing a proposal's transactions"));
  }
  return ToApi(std::move(page).value(), s->engine->PublishedStatus());
}

}  // namespace cairn::runtime
