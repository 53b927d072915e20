// ChainEngine, the side that faces the network: blocks, votes and evidence from peers, fork blocks,
// reorgs to the fork-choice head, and the bookkeeping of blocks above the finalized checkpoint
// (chain_engine.h).
#include <algorithm>
#include <deque>

#include "chain/evidence.h"
#include "consensus/proposer_schedule.h"
#include "consensus/slot_clock.h"
#include "crypto/ecvrf.h"
#include "runtime/chain_engine.h"
#include "runtime/chain_engine_detail.h"
#include "runtime/fork_state.h"
#include "state/apply_block.h"
#include "state/queries.h"
#include "util/log.h"

namespace cairn::runtime {

using engine_detail::PlainVotes;
using engine_detail::SecondsSince;
using engine_detail::Short;
using engine_detail::Stopwatch;
using engine_detail::WeightsAt;

namespace {

// Bounds of what waits (per node, whatever peers send).
constexpr std::size_t MAX_ORPHANS = 256;
constexpr std::size_t MAX_FUTURE_BLOCKS = 64;
constexpr std::size_t MAX_FUTURE_VOTES = 4096;
constexpr std::size_t MAX_WAITING_VOTES = 8192;
constexpr std::size_t MAX_INVALID_REMEMBERED = 10'000;

}  // namespace

std::string_view ImportVerdictName(ImportVerdict verdict) {
  switch (verdict) {
    case ImportVerdict::Accepted: return "accepted";
    case ImportVerdict::Known: return "known";
    case ImportVerdict::Orphan: return "orphan";
    case ImportVerdict::Future: return "future";
    case ImportVerdict::Invalid: return "invalid";
    case ImportVerdict::Refused: return "refused";
  }
  return "unknown";
}

chain::Slot ChainEngine::ClockSlot(std::int64_t* ms_into_slot) const {
  const consensus::SlotClock clock(*m_clock, static_cast<std::int64_t>(m_genesis.genesis_time_ms),
                                   static_cast<std::int64_t>(m_genesis.params.slot_ms));
  const auto now = clock.Now();
  if (ms_into_slot != nullptr) *ms_into_slot = now ? now->ms_into_slot : 0;
  return now ? now->slot : 0;
}

bool ChainEngine::IsCanonical(const chain::BlockId& id) const {
  const auto it = m_heights.find(id);
  return it != m_heights.end() && it->second < m_canon.size() && m_canon[it->second] == id;
}

std::optional<chain::BlockId> ChainEngine::CanonicalId(chain::Height height) const {
  if (height >= m_canon.size()) return std::nullopt;
  return m_canon[height];
}

std::optional<std::pair<std::vector<const state::StateDiff*>, std::vector<const state::StateDiff*>>>
ChainEngine::PathTo(const chain::BlockId& parent) const {
  std::vector<const state::StateDiff*> applied;
  chain::BlockId x = parent;
  while (!IsCanonical(x)) {
    const auto it = m_recent.find(x);
    if (it == m_recent.end()) return std::nullopt;
    applied.push_back(&it->second.diff);
    x = it->second.block->unsigned_header().parent_hash;
  }
  std::reverse(applied.begin(), applied.end());
  const chain::Height ancestor = m_heights.at(x);
  std::vector<const state::StateDiff*> reverted;
  for (chain::Height h = m_head.height; h > ancestor; --h) {
    const auto it = m_recent.find(m_canon[h]);
    if (it == m_recent.end()) return std::nullopt;
    reverted.push_back(&it->second.diff);
  }
  return std::make_pair(std::move(reverted), std::move(applied));
}

std::string ChainEngine::CheckForeignHeader(const state::StateReader& parent_state, const chain::Block& block) const {
  const chain::BlockHeader& h = block.unsigned_header();
  const auto globals = state::GetGlobals(parent_state);
  if (!globals) return "state: the parent state has no globals";
  std::vector<consensus::WeightedValidator> set;
  for (const auto& v : state::EffectiveActiveSet(parent_state, h.slot)) set.push_back({v.index, v.tokens});
  const auto proposer = consensus::ProposerForSlot(set, globals->seed, h.slot);
  if (!proposer || *proposer != h.proposer_index) {
    return "header.proposer_index: validator " + std::to_string(h.proposer_index) + " is not the proposer of slot " +
           std::to_string(h.slot);
  }
  const auto v = state::GetValidator(parent_state, h.proposer_index);
  if (!v) return "header.proposer_index: no such validator";
  if (!chain::VerifyBlockHeaderSignature(block.header, v->consensus_pubkey, m_genesis_hash)) {
    return "header.signature: does not verify under the proposer's consensus key";
  }
  const auto proof = crypto::VrfProof::FromSpan(h.vrf_proof.span());
  if (!crypto::VrfVerify(v->vrf_pubkey, consensus::VrfInput(globals->seed, h.slot), proof)) {
    return "header.vrf_proof: does not verify under the proposer's VRF key";
  }
  return {};
}

std::string ChainEngine::CheckBodySignatures(const state::StateReader& parent_state, const chain::Block& block) {
  // Txs through the Verifier: a tx our pool admitted hits its cache and is not verified again.
  if (!block.body.txs.empty()) {
    const auto ok = m_verifier->VerifyBatch(block.body.txs);
    for (std::size_t i = 0; i < ok.size(); ++i) {
      if (ok[i] == 0) return "txs[" + std::to_string(i) + "].signature: does not verify";
    }
  }
  // Votes: the pool holds only votes whose signature it verified; the others are checked here.
  const auto& votes = block.body.votes;
  std::vector<std::size_t> todo;
  std::vector<std::optional<crypto::PublicKey>> keys;
  for (std::size_t i = 0; i < votes.size(); ++i) {
    if (m_vote_pool->Contains(chain::ComputeVoteHash(votes[i]))) continue;
    todo.push_back(i);
    const auto v = state::GetValidator(parent_state, votes[i].vote.validator_index);
    keys.push_back(v ? std::optional<crypto::PublicKey>(v->consensus_pubkey) : std::nullopt);
  }
  std::vector<std::uint8_t> ok(todo.size(), 0);
  m_verifier->ParallelFor(todo.size(), [&](std::size_t k) {
    ok[k] = keys[k] && chain::VerifyVoteSignature(votes[todo[k]], *keys[k], m_genesis.chain_id, m_genesis_hash) ? 1 : 0;
  });
  for (std::size_t k = 0; k < todo.size(); ++k) {
    if (ok[k] == 0) {
      return "votes[" + std::to_string(todo[k]) + "].signature: does not verify under validator " +
             std::to_string(votes[todo[k]].vote.validator_index) + "'s consensus key";
    }
  }
  return {};
}

ImportOutcome ChainEngine::ImportBlock(std::shared_ptr<const chain::Block> block, bool from_sync) {
  ImportOutcome out = ImportOne(std::move(block), from_sync);
  if (out.verdict == ImportVerdict::Accepted) {
    ImportWaiting(out.id);
    FollowForkChoice();
    RefreshStatus();
    Publish();
  }
  return out;
}

ImportOutcome ChainEngine::ImportOne(std::shared_ptr<const chain::Block> block, bool from_sync) {
  const auto started = Stopwatch::now();
  const chain::BlockHeader& h = block->unsigned_header();
  ImportOutcome out;
  out.id = chain::ComputeBlockId(h);
  // An id is remembered as invalid only once its header signature verified and its body matched the
  // header's roots: before that, the fault may be the sender's, not the block's (anyone can pair a
  // genuine header with a bad signature or body, and must not get the genuine block refused).
  bool binding = false;
  auto verdict = [&](ImportVerdict v, std::string why) {
    out.verdict = v;
    out.reason = std::move(why);
    if (v == ImportVerdict::Invalid) {
      if (binding) {
        if (m_invalid.size() >= MAX_INVALID_REMEMBERED) m_invalid.clear();
        m_invalid.insert(out.id);
      }
      CAIRN_LOG(Consensus, Info) << "invalid block " << Short(out.id) << " at slot " << h.slot << ": " << out.reason;
    }
    return out;
  };
  if (m_heights.contains(out.id)) return verdict(ImportVerdict::Known, {});
  // Halted (a local fault): nothing is imported, and nobody is blamed for it.
  if (m_status.halted) return verdict(ImportVerdict::Refused, "this node is halted: " + m_status.halt_reason);
  if (m_invalid.contains(out.id)) return verdict(ImportVerdict::Invalid, "known to be invalid");
  if (h.chain_id != m_genesis.chain_id) return verdict(ImportVerdict::Invalid, "header.chain_id: another chain");
  const auto parent_height = m_heights.find(h.parent_hash);
  if (parent_height == m_heights.end()) {
    if (h.height <= m_status.finalized_height) {
      return verdict(ImportVerdict::Refused, "an unknown parent at or below our finalized height");
    }
    // Unverified: bounded, and when full the oldest waiting set goes (a peer's junk cannot pin it).
    if (m_orphan_count >= MAX_ORPHANS) {
      m_orphans.clear();
      m_orphan_count = 0;
    }
    auto& waiting = m_orphans[h.parent_hash];
    const bool seen = std::any_of(waiting.begin(), waiting.end(), [&](const auto& b) {
      return chain::ComputeBlockId(b->unsigned_header()) == out.id;
    });
    if (!seen) {
      waiting.push_back(block);
      ++m_orphan_count;
    }
    return verdict(ImportVerdict::Orphan, "parent " + Short(h.parent_hash) + " unknown");
  }
  if (h.height != parent_height->second + 1) {
    return verdict(ImportVerdict::Invalid, "header.height: not its parent's height + 1");
  }
  std::int64_t ms_into_slot = 0;
  const chain::Slot now_slot = ClockSlot(&ms_into_slot);
  if (h.slot > now_slot + 1) {
    // Clocks may differ by a fraction of a slot, never by more than one.
    return verdict(ImportVerdict::Refused, "slot " + std::to_string(h.slot) + " is more than a slot ahead of ours");
  }
  if (h.slot > now_slot) {
    if (m_future_blocks.size() < MAX_FUTURE_BLOCKS) m_future_blocks.push_back(block);
    return verdict(ImportVerdict::Future, "slot " + std::to_string(h.slot) + " has not begun here");
  }
  m_store->OnTick(now_slot, static_cast<std::uint64_t>(ms_into_slot));
  if (!m_store->Contains(h.parent_hash)) {
    out.conflicts_with_finalized = true;
    return verdict(ImportVerdict::Refused, "its parent is not a descendant of our finalized checkpoint");
  }

  // The parent's state: the head itself, or a view of the fork the parent is on.
  const bool on_head = h.parent_hash == m_head.id;
  std::optional<ForkState> fork;
  if (!on_head) {
    auto path = PathTo(h.parent_hash);
    if (!path) return verdict(ImportVerdict::Refused, "the state of its parent is no longer kept");
    fork.emplace(m_state, path->first, path->second);
  }
  const state::StateReader& parent_state = on_head ? static_cast<const state::StateReader&>(m_state) : *fork;
  const auto params = state::GetParams(parent_state);
  if (!params) return verdict(ImportVerdict::Refused, "its parent state has no parameters");

  if (auto why = CheckForeignHeader(parent_state, *block); !why.empty()) return verdict(ImportVerdict::Invalid, why);
  const auto proposal = std::make_pair(h.slot, h.proposer_index);
  if (m_blocks_per_proposal[proposal] >= 2) {
    return verdict(ImportVerdict::Refused, "a third block of one proposer for one slot (already proven a double proposal)");
  }
  // A validly signed header is evidence material whatever its body holds.
  if (auto evidence = m_vote_pool->Detector().OnHeader(block->header)) NoteEvidence(*evidence, true);
  if (auto stateless = chain::CheckBlockStateless(*block, *params); !stateless) {
    return verdict(ImportVerdict::Invalid, stateless.error().field + ": " + stateless.error().reason);
  }
  binding = true;  // the proposer signed this header, and the body is the one it commits to
  if (auto why = CheckBodySignatures(parent_state, *block); !why.empty()) return verdict(ImportVerdict::Invalid, why);
  const consensus::FinalityState* parent_finality = m_store->StateOf(h.parent_hash);
  if (parent_finality == nullptr) return verdict(ImportVerdict::Refused, "no finality state for its parent");
  const state::BlockContext ctx{h.parent_hash, parent_finality->Finalized().slot};
  // Evidence is rare: such a block is checked in full (its evidence signatures included).
  const auto sig_check = block->body.evidence.empty() ? state::SigCheck::AlreadyVerified : state::SigCheck::Verify;
  auto diff = state::ApplyBlock(parent_state, *block, m_genesis_hash, ctx, sig_check);
  if (!diff) return verdict(ImportVerdict::Invalid, diff.error().Message());

  // The state root, on the tree moved to the parent and back (forks), or left at the new head.
  state::StateDiff to_parent;
  if (fork) {
    to_parent = fork->ToParent();
    m_tree.Apply(to_parent);
  }
  m_tree.Apply(*diff);
  const bool root_ok = m_tree.Root() == h.state_root;
  auto undo_tree = [&] {
    m_tree.Apply(state::Inverse(*diff));
    if (fork) m_tree.Apply(state::Inverse(to_parent));
  };
  if (fork || !root_ok) undo_tree();
  if (!root_ok) return verdict(ImportVerdict::Invalid, "header.state_root: does not match the state after the block");

  auto weights = WeightsAt(parent_state, h.slot);
  if (!weights) {
    if (on_head) undo_tree();
    return verdict(ImportVerdict::Refused, weights.error());
  }
  const std::vector<chain::Vote> votes = PlainVotes(*block);
  const auto arrival = from_sync ? consensus::Arrival::Late : m_store->ArrivalNow(h.slot);
  auto imported = m_store->OnBlock({out.id, h.parent_hash, h.slot, votes}, *weights, arrival);
  if (!imported) {
    if (on_head) undo_tree();
    switch (imported.error().kind) {
      case consensus::StoreErrorKind::ConflictsWithFinalized:
        out.conflicts_with_finalized = true;
        return verdict(ImportVerdict::Refused, "conflicts with our finalized checkpoint");
      case consensus::StoreErrorKind::UnknownVoteHead:
        return verdict(ImportVerdict::Orphan, "a vote names a head we do not have: " + imported.error().Message());
      case consensus::StoreErrorKind::DuplicateBlock:
        return verdict(ImportVerdict::Known, {});
      case consensus::StoreErrorKind::Internal:
        Halt("fork choice: " + imported.error().Message());
        return verdict(ImportVerdict::Refused, "local fault");
      default:
        return verdict(ImportVerdict::Invalid, "fork choice: " + imported.error().Message());
    }
  }
  for (const auto& v : block->body.votes) {
    if (auto evidence = m_vote_pool->Detector().OnVote(v)) NoteEvidence(*evidence, true);
  }
  if (on_head) {
    if (!CommitCanonical(block, out.id, std::move(*diff), nullptr)) return verdict(ImportVerdict::Refused, "local fault");
    ++m_blocks_per_proposal[proposal];
  } else {
    if (auto stored = m_chain_store->StoreBlock(*block, out.id); !stored) {
      Halt("chain store: " + stored.error().message);
      return verdict(ImportVerdict::Refused, "local fault");
    }
    m_heights[out.id] = h.height;
    m_recent[out.id] = {block, std::move(*diff), h.height};
    ++m_blocks_per_proposal[proposal];
    CAIRN_LOG(Consensus, Info) << "fork block " << Short(out.id) << " at slot " << h.slot << " height " << h.height
                               << " on parent " << Short(h.parent_hash);
  }
  m_metrics.ObserveBlock(SecondsSince(started));
  return out;
}

void ChainEngine::ImportWaiting(const chain::BlockId& id) {
  std::deque<chain::BlockId> ready{id};
  while (!ready.empty()) {
    const chain::BlockId parent = ready.front();
    ready.pop_front();
    if (auto votes = m_votes_waiting.extract(parent)) {
      m_votes_waiting_count -= votes.mapped().size();
      for (const auto& v : votes.mapped()) (void)m_store->OnVote(v);
    }
    auto children = m_orphans.extract(parent);
    if (!children) continue;
    m_orphan_count -= children.mapped().size();
    for (auto& child : children.mapped()) {
      const auto outcome = ImportOne(child, true);
      if (outcome.verdict != ImportVerdict::Accepted) continue;
      ready.push_back(outcome.id);
      if (m_gossip != nullptr) m_gossip->RelayBlock(child, outcome.id);
    }
  }
}

void ChainEngine::ImportDue(chain::Slot slot) {
  std::vector<std::shared_ptr<const chain::Block>> blocks;
  std::erase_if(m_future_blocks, [&](const auto& b) {
    if (b->unsigned_header().slot > slot) return false;
    blocks.push_back(b);
    return true;
  });
  for (auto& b : blocks) {
    const auto outcome = ImportOne(b, false);
    if (outcome.verdict == ImportVerdict::Accepted) {
      ImportWaiting(outcome.id);
      if (m_gossip != nullptr) m_gossip->RelayBlock(b, outcome.id);
    }
  }
  std::vector<chain::SignedVote> votes;
  std::erase_if(m_future_votes, [&](const chain::SignedVote& v) {
    if (v.vote.slot > slot) return false;
    votes.push_back(v);
    return true;
  });
  if (!votes.empty()) (void)ImportVotes(votes);
}

std::vector<ImportVerdict> ChainEngine::ImportVotes(const std::vector<chain::SignedVote>& votes) {
  std::int64_t ms_into_slot = 0;
  const chain::Slot now_slot = ClockSlot(&ms_into_slot);
  m_store->OnTick(now_slot, static_cast<std::uint64_t>(ms_into_slot));
  std::vector<ImportVerdict> verdicts(votes.size(), ImportVerdict::Accepted);
  std::vector<chain::SignedVote> now;
  std::vector<std::size_t> now_index;
  for (std::size_t i = 0; i < votes.size(); ++i) {
    if (votes[i].vote.slot > now_slot + 1) {
      verdicts[i] = ImportVerdict::Refused;  // more than a slot ahead of our clock
      continue;
    }
    if (votes[i].vote.slot > now_slot) {
      if (m_future_votes.size() < MAX_FUTURE_VOTES) m_future_votes.push_back(votes[i]);
      verdicts[i] = ImportVerdict::Future;
      continue;
    }
    now.push_back(votes[i]);
    now_index.push_back(i);
  }
  const auto outcomes = m_vote_pool->AddBatch(now, KeyLookup(), m_genesis.chain_id, m_genesis_hash);
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    ImportVerdict& verdict = verdicts[now_index[k]];
    switch (outcomes[k].status) {
      case consensus::VoteAddStatus::Added: break;
      case consensus::VoteAddStatus::Duplicate:
      case consensus::VoteAddStatus::Stale: verdict = ImportVerdict::Known; continue;
      case consensus::VoteAddStatus::Full: verdict = ImportVerdict::Refused; continue;
      case consensus::VoteAddStatus::Malformed:
      case consensus::VoteAddStatus::UnknownValidator:
      case consensus::VoteAddStatus::BadSignature: verdict = ImportVerdict::Invalid; continue;
      case consensus::VoteAddStatus::Equivocation:
        // A validly signed conflicting vote: relayed so every node can prove the offence.
        if (outcomes[k].evidence) NoteEvidence(*outcomes[k].evidence, true);
        continue;
    }
    const chain::Vote& vote = now[k].vote;
    auto fed = m_store->OnVote(vote);
    const bool head_unknown = !fed && (fed.error().kind == consensus::StoreErrorKind::UnknownHead ||
                                       fed.error().kind == consensus::StoreErrorKind::UnknownVoteHead);
    if (head_unknown && m_votes_waiting_count < MAX_WAITING_VOTES) {
      m_votes_waiting[vote.head_root].push_back(vote);
      ++m_votes_waiting_count;
    } else if (!fed) {
      CAIRN_LOG(Consensus, Debug) << "vote of validator " << vote.validator_index << " for slot " << vote.slot
                                  << " not counted by the fork choice: " << fed.error().Message();
    }
  }
  FollowForkChoice();
  RefreshStatus();
  Publish();
  return verdicts;
}

ImportOutcome ChainEngine::ImportEvidence(const chain::Evidence& evidence) {
  ImportOutcome out;
  if (auto stateless = chain::CheckEvidenceStateless(evidence); !stateless) {
    out.verdict = ImportVerdict::Invalid;
    out.reason = stateless.error().field + ": " + stateless.error().reason;
    return out;
  }
  const auto offender = state::GetValidator(m_state, chain::OffenderIndex(evidence));
  if (!offender) {
    out.verdict = ImportVerdict::Invalid;
    out.reason = "no such validator";
    return out;
  }
  if (!chain::VerifyEvidenceSignatures(evidence, offender->consensus_pubkey, m_genesis.chain_id, m_genesis_hash)) {
    out.verdict = ImportVerdict::Invalid;
    out.reason = "signatures do not verify under the offender's consensus key";
    return out;
  }
  if (offender->status == state::ValidatorStatus::Tombstoned ||
      std::find(m_pending_evidence.begin(), m_pending_evidence.end(), evidence) != m_pending_evidence.end()) {
    out.verdict = ImportVerdict::Known;
    return out;
  }
  NoteEvidence(evidence, false);
  return out;
}

void ChainEngine::NoteEvidence(const chain::Evidence& evidence, bool gossip) {
  // One proof per offender is enough to slash it (and permanently): more would only grow the list.
  const chain::ValidatorIndex offender = chain::OffenderIndex(evidence);
  if (std::any_of(m_pending_evidence.begin(), m_pending_evidence.end(),
                  [&](const chain::Evidence& e) { return chain::OffenderIndex(e) == offender; })) {
    return;
  }
  if (const auto v = state::GetValidator(m_state, offender); v && v->status == state::ValidatorStatus::Tombstoned) return;
  CAIRN_LOG(Consensus, Warn) << "evidence against validator " << offender << " ("
                             << chain::EvidenceKindName(evidence.kind())
                             << "): it will be slashed when a block carries it";
  m_pending_evidence.push_back(evidence);
  m_store->OnEquivocation(offender);
  if (gossip && m_gossip != nullptr) m_gossip->NewEvidence(evidence);
}

bool ChainEngine::CommitCanonical(std::shared_ptr<const chain::Block> block, const chain::BlockId& id,
                                  state::StateDiff diff, mempool::Mempool::HeadUpdate* held_update) {
  const chain::BlockHeader& h = block->unsigned_header();
  if (auto committed = m_chain_store->CommitBlock(*block, id, h.height, diff); !committed) {
    m_tree.Apply(state::Inverse(diff));
    Halt("chain store: " + committed.error().message);
    return false;
  }
  // Lock order: the pool mutex (HeadUpdate), then the head gate; api readers never hold the gate
  // while calling the pool. The gate is held only for the in-place change itself.
  std::optional<mempool::Mempool::HeadUpdate> own_update;
  if (held_update == nullptr) own_update.emplace(m_mempool->BeginHeadUpdate());
  util::Result<void, std::string> applied;
  {
    std::unique_lock gate(m_head_gate);
    applied = m_state.Apply(diff);
    if (applied) m_head_view = {h.height, id, h.slot};
  }
  if (!applied) {
    m_tree.Apply(state::Inverse(diff));  // the store is now a block ahead: Halt stops everything
    if (own_update) own_update->Commit(m_state, m_head_slot);
    Halt("head state: " + applied.error());
    return false;
  }
  if (own_update) own_update->Commit(m_state, h.slot, &diff);
  m_head = {h.height, id};
  m_head_slot = h.slot;
  m_head_timestamp_ms = h.timestamp_ms;
  m_heights[id] = h.height;
  m_canon.resize(h.height);
  m_canon.push_back(id);
  if (m_block_observer) m_block_observer(h.height, *block);
  m_metrics.AddTxsIncluded(block->body.txs.size());
  NoteCommitted(block, id, h.height, diff);
  if (!block->body.evidence.empty()) {
    std::erase_if(m_pending_evidence, [&](const chain::Evidence& e) {
      return std::find(block->body.evidence.begin(), block->body.evidence.end(), e) != block->body.evidence.end();
    });
  }
  m_recent[id] = {std::move(block), std::move(diff), h.height};
  return true;
}

void ChainEngine::FollowForkChoice() {
  auto head = m_store->Head();
  if (!head) {
    CAIRN_LOG(Consensus, Warn) << "fork choice has no head: " << head.error().Message();
    return;
  }
  if (*head == m_head.id || m_status.halted) return;
  if (!m_heights.contains(*head)) return;
  (void)ReorgTo(*head);
}

bool ChainEngine::ReorgTo(const chain::BlockId& target) {
  // The fork blocks from the target down to the canonical chain.
  std::vector<chain::BlockId> path;
  chain::BlockId x = target;
  while (!IsCanonical(x)) {
    const auto it = m_recent.find(x);
    if (it == m_recent.end()) {
      Halt("reorg to " + Short(target) + ": block " + Short(x) + " is no longer kept");
      return false;
    }
    path.push_back(x);
    x = it->second.block->unsigned_header().parent_hash;
  }
  const chain::Height ancestor_height = m_heights.at(x);
  if (ancestor_height < m_status.finalized_height) {
    CAIRN_LOG(Consensus, Error) << "refusing a reorg to " << Short(target) << ": it would revert finalized height "
                                << m_status.finalized_height;
    return false;
  }
  CAIRN_LOG(Consensus, Info) << "reorg: head " << Short(m_head.id) << " (height " << m_head.height << ") -> "
                             << Short(target) << " (height " << ancestor_height + path.size() << "), "
                             << m_head.height - ancestor_height << " block(s) reverted";
  auto update = m_mempool->BeginHeadUpdate();
  std::vector<chain::Transaction> readmit;
  while (m_head.height > ancestor_height) {
    const chain::BlockId old = m_head.id;
    const auto rec = m_recent.find(old);
    if (rec == m_recent.end()) {
      update.Commit(m_state, m_head_slot);
      Halt("reorg: the head block " + Short(old) + " is no longer kept");
      return false;
    }
    auto reverted = m_chain_store->RevertHead();
    if (!reverted) {
      update.Commit(m_state, m_head_slot);
      Halt("chain store: " + reverted.error().message);
      return false;
    }
    const state::StateDiff undo = state::Inverse(*reverted);
    const chain::BlockId parent = rec->second.block->unsigned_header().parent_hash;
    const chain::Height parent_height = m_head.height - 1;
    chain::Slot parent_slot = 0;
    std::uint64_t parent_time = m_genesis.genesis_time_ms;
    if (const auto p = m_recent.find(parent); p != m_recent.end()) {
      parent_slot = p->second.block->unsigned_header().slot;
      parent_time = p->second.block->unsigned_header().timestamp_ms;
    } else if (parent_height != 0) {
      update.Commit(m_state, m_head_slot);
      Halt("reorg: the parent " + Short(parent) + " is no longer kept");
      return false;
    }
    util::Result<void, std::string> applied;
    {
      std::unique_lock gate(m_head_gate);
      applied = m_state.Apply(undo);
      if (applied) m_head_view = {parent_height, parent, parent_slot};
    }
    if (!applied) {
      update.Commit(m_state, m_head_slot);
      Halt("reorg: head state: " + applied.error());
      return false;
    }
    m_tree.Apply(undo);
    readmit.insert(readmit.end(), rec->second.block->body.txs.begin(), rec->second.block->body.txs.end());
    m_canon.pop_back();
    m_head = {parent_height, parent};
    m_head_slot = parent_slot;
    m_head_timestamp_ms = parent_time;
  }
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    const auto rec = m_recent.find(*it);
    m_tree.Apply(rec->second.diff);
    if (!CommitCanonical(rec->second.block, *it, rec->second.diff, &update)) {
      update.Commit(m_state, m_head_slot);
      return false;
    }
  }
  update.Commit(m_state, m_head_slot);
  const auto target_rec = m_recent.find(target);
  if (target_rec != m_recent.end() && m_tree.Root() != target_rec->second.block->unsigned_header().state_root) {
    Halt("reorg: the state root after the reorg does not match block " + Short(target));
    return false;
  }
  if (!readmit.empty()) (void)m_mempool->Readmit(std::move(readmit));
  return true;
}

void ChainEngine::PruneBelowFinalized() {
  const chain::Height finalized = m_status.finalized_height;
  // The finalized block itself stays: a reorg may go back to it (never below).
  std::erase_if(m_recent, [&](const auto& entry) { return entry.second.height < finalized; });
  if (m_vote_pool) m_vote_pool->Prune(m_status.finalized.slot);
  const chain::Slot finalized_slot = m_status.finalized.slot;
  std::erase_if(m_blocks_per_proposal, [&](const auto& entry) { return entry.first.first < finalized_slot; });
  for (auto it = m_votes_waiting.begin(); it != m_votes_waiting.end();) {
    std::erase_if(it->second, [&](const chain::Vote& v) { return v.target.slot <= finalized_slot; });
    if (it->second.empty()) {
      it = m_votes_waiting.erase(it);
    } else {
      ++it;
    }
  }
  m_votes_waiting_count = 0;
  for (const auto& [head, votes] : m_votes_waiting) m_votes_waiting_count += votes.size();
}

}  // namespace cairn::runtime
