#include "runtime/chain_engine.h"
#include "runtime/chain_engine_detail.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "chain/block.h"
#include "consensus/proposer_schedule.h"
#include "crypto/ecvrf.h"
#include "state/apply_block.h"
#include "state/genesis_state.h"
#include "state/queries.h"
#include "state/rules.h"
#include "state/keys.h"
#include "storage/chain_reader.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::runtime {
using engine_detail::PlainVotes;
using engine_detail::SecondsSince;
using engine_detail::Short;
using engine_detail::Stopwatch;
using engine_detail::WeightsAt;

namespace {

// Room kept in max_block_bytes for the header and the votes when selecting transactions.
constexpr std::size_t BLOCK_OVERHEAD_BYTES = 64 * 1024;

consensus::StoreConfig StoreConfigOf(const chain::ChainParams& p) {
  consensus::StoreConfig c;
  c.slot_ms = p.slot_ms;
  c.proposer_boost_pct = p.proposer_boost_pct;
  return c;
}

}  // namespace

api::ChainHead ChainHeadOf(const NodeStatus& s) {
  api::ChainHead h;
  h.current_slot = s.slot;
  h.height = s.head_height;
  h.id = s.head_id;
  h.slot = s.head_slot;
  h.timestamp_ms = s.head_timestamp_ms;
  h.justified = {s.justified.slot, s.justified.root, s.justified_height};
  h.finalized = {s.finalized.slot, s.finalized.root, s.finalized_height};
  return h;
}

util::Result<std::unique_ptr<ChainEngine>, std::string> ChainEngine::Open(const std::string& network_dir,
                                                                          chain::Genesis genesis, ValidatorKeys keys,
                                                                          const util::Clock& clock) {
  std::unique_ptr<ChainEngine> e(new ChainEngine());
  e->m_genesis_hash = chain::ComputeGenesisHash(genesis);
  e->m_genesis = std::move(genesis);
  e->m_pubkey_hex = "0x" + util::ToHex(keys.consensus.public_key().span());
  e->m_key_operator = keys.operator_address;
  e->m_key_consensus = keys.consensus.public_key();
  e->m_keys.emplace(std::move(keys));
  e->m_clock = &clock;
  e->m_head_timestamp_ms = e->m_genesis.genesis_time_ms;
  const std::filesystem::path dir(network_dir);

  auto sign_store = storage::SignStore::Open((dir / storage::SIGN_STORE_FILE_NAME).string(), e->m_genesis_hash,
                                             storage::OpenMode::CreateIfMissing);
  if (!sign_store) return util::Err(sign_store.error().message);
  e->m_sign_store = std::move(*sign_store);

  const std::string db_path = (dir / storage::CHAIN_DB_FILE_NAME).string();
  e->m_db_path = db_path;
  std::error_code ec;
  auto init = std::filesystem::exists(db_path, ec) ? e->InitFromDisk(db_path) : e->InitFresh(db_path);
  if (!init) return util::Err(init.error());
  e->m_head_view = {e->m_head.height, e->m_head.id, e->m_head_slot};

  mempool::VerifierConfig verifier_config;
  verifier_config.threads = 0;  // hardware_concurrency: admission signature checks use every core
  e->m_verifier = std::make_unique<mempool::Verifier>(e->m_genesis_hash, verifier_config);
  e->m_mempool = std::make_unique<mempool::Mempool>(e->m_state, e->m_head_slot, *e->m_verifier);
  mempool::Verifier* verifier = e->m_verifier.get();
  e->m_vote_pool = std::make_unique<consensus::VotePool>(
      consensus::VotePoolConfig{}, [verifier](std::size_t n, const std::function<void(std::size_t)>& body) {
        verifier->ParallelFor(n, body);
      });
  e->RefreshStatus();
  // What exists at start-up is not news: events start with the first change.
  e->m_published_head = e->m_status.head_id;
  e->m_published_finalized = e->m_status.finalized;
  e->m_published = e->m_status;
  return e;
}

ChainEngine::~ChainEngine() { Close(); }

void ChainEngine::Close() {
  m_vote_pool.reset();  // its ParallelFor runs on the verifier
  m_mempool.reset();
  m_verifier.reset();
  m_chain_store.reset();
  m_sign_store.reset();
}

util::Result<void, std::string> ChainEngine::InitFresh(const std::string& db_path) {
  auto genesis_state = state::GenesisState(m_genesis);
  if (!genesis_state) return util::Err("genesis: " + genesis_state.error());
  auto store = storage::ChainStore::Open(db_path, storage::OpenMode::CreateIfMissing, m_genesis.chain_id, m_genesis_hash);
  if (!store) return util::Err(store.error().message);
  m_chain_store = std::move(*store);
  if (auto committed = m_chain_store->CommitGenesis(*genesis_state); !committed) {
    return util::Err(committed.error().message);
  }
  m_state = std::move(*genesis_state);
  m_tree = state::StateTree::Build(m_state);
  auto weights = WeightsAt(m_state, 0);
  if (!weights) return util::Err(weights.error());
  m_store = std::make_unique<consensus::Store>(StoreConfigOf(m_genesis.params), m_genesis_hash, std::move(*weights));
  m_head = {0, m_genesis_hash};
  m_head_slot = 0;
  m_heights[m_genesis_hash] = 0;
  m_canon = {m_genesis_hash};
  return {};
}

util::Result<void, std::string> ChainEngine::InitFromDisk(const std::string& db_path) {
  auto store = storage::ChainStore::Open(db_path, storage::OpenMode::MustExist, m_genesis.chain_id, m_genesis_hash);
  if (!store) return util::Err(store.error().message);
  m_chain_store = std::move(*store);
  if (!m_chain_store->head()) return util::Err(db_path + " holds no genesis");
  m_head = *m_chain_store->head();
  auto loaded = m_chain_store->LoadState();
  if (!loaded) return util::Err(loaded.error().message);
  m_state = std::move(*loaded);
  m_tree = state::StateTree::Build(m_state);

  // Replay the canonical chain into a fresh Store, each block weighed with its parent state's stakes.
  auto reader = storage::ChainReader::Open(db_path, storage::ChainIdentity{m_genesis.chain_id, m_genesis_hash});
  if (!reader) return util::Err(reader.error().message);
  auto replay_state = state::GenesisState(m_genesis);
  if (!replay_state) return util::Err("genesis: " + replay_state.error());
  auto weights = WeightsAt(*replay_state, 0);
  if (!weights) return util::Err(weights.error());
  m_store = std::make_unique<consensus::Store>(StoreConfigOf(m_genesis.params), m_genesis_hash, std::move(*weights));
  m_heights[m_genesis_hash] = 0;
  m_canon = {m_genesis_hash};
  m_canon.reserve(m_head.height + 1);
  for (chain::Height h = 1; h <= m_head.height; ++h) {
    auto stored = (*reader)->BlockByHeight(h);
    if (!stored || !*stored) return util::Err(db_path + ": canonical block " + std::to_string(h) + " is unreadable");
    auto diff = (*reader)->DiffByHeight(h);
    if (!diff || !*diff) return util::Err(db_path + ": the diff of block " + std::to_string(h) + " is missing");
    const auto started = Stopwatch::now();
    const chain::Block& block = (*stored)->block;
    const chain::Slot slot = block.unsigned_header().slot;
    auto block_weights = WeightsAt(*replay_state, slot);
    if (!block_weights) return util::Err(block_weights.error());
    const std::vector<chain::Vote> votes = PlainVotes(block);
    m_store->OnTick(slot, static_cast<std::uint64_t>(m_genesis.params.slot_ms) - 1);
    auto imported = m_store->OnBlock({(*stored)->id, block.unsigned_header().parent_hash, slot, votes},
                                     *block_weights, consensus::Arrival::Late);
    if (!imported) return util::Err("replaying block " + std::to_string(h) + ": " + imported.error().Message());
    if (auto applied = replay_state->Apply(**diff); !applied) {
      return util::Err("replaying block " + std::to_string(h) + ": " + applied.error());
    }
    m_heights[(*stored)->id] = h;
    m_canon.push_back((*stored)->id);
    // Blocks above the finalized checkpoint stay at hand for reorgs and fork validation.
    m_recent[(*stored)->id] = {std::make_shared<const chain::Block>(block), std::move(**diff), h};
    if (h % 256 == 0) {
      m_status.finalized_height = m_heights[m_store->Finalized().root];
      PruneBelowFinalized();
    }
    m_head_slot = slot;
    m_head_timestamp_ms = block.unsigned_header().timestamp_ms;
    m_metrics.ObserveBlock(SecondsSince(started));
    if (h == m_head.height && block.unsigned_header().state_root != m_tree.Root()) {
      return util::Err(db_path + ": the loaded state does not match the head block's state root");
    }
  }
  (void)m_store->Head();  // counts what the replayed blocks justified
  m_status.finalized_height = m_heights[m_store->Finalized().root];
  PruneBelowFinalized();
  if (replay_state->size() != m_state.size()) {
    return util::Err(db_path + ": the replayed state differs from the loaded state");
  }
  CAIRN_LOG(Storage, Info) << "loaded chain database " << db_path << ": head height " << m_head.height << " ("
                           << Short(m_head.id) << "), slot " << m_head_slot;
  return {};
}

std::optional<chain::ValidatorIndex> ChainEngine::MyIndex(chain::Slot slot) const {
  for (const auto& v : state::EffectiveActiveSet(m_state, slot)) {
    if (v.consensus_pubkey == m_keys->consensus.public_key()) return v.index;
  }
  return std::nullopt;
}

void ChainEngine::Halt(const std::string& why) {
  if (!m_status.halted) {
    CAIRN_LOG(Consensus, Error) << "block and vote production stopped: " << why;
    m_status.halt_reason = why;
  }
  m_status.halted = true;
}

void ChainEngine::SetValidatorKeys(ValidatorKeys keys) {
  std::lock_guard lock(m_keys_mutex);
  m_key_operator = keys.operator_address;
  m_key_consensus = keys.consensus.public_key();
  m_next_keys.emplace(std::move(keys));
}

chain::Address ChainEngine::operator_address() const {
  std::lock_guard lock(m_keys_mutex);
  return m_key_operator;
}

crypto::PublicKey ChainEngine::consensus_pubkey() const {
  std::lock_guard lock(m_keys_mutex);
  return m_key_consensus;
}

void ChainEngine::SwapInNextKeys() {
  std::lock_guard lock(m_keys_mutex);
  if (!m_next_keys) return;
  m_keys = std::move(m_next_keys);
  m_next_keys.reset();
  m_pubkey_hex = "0x" + util::ToHex(m_keys->consensus.public_key().span());
  CAIRN_LOG(Consensus, Info) << "validating with consensus key " << m_pubkey_hex.substr(0, 18) << "... from now on";
}

NodeStatus ChainEngine::PublishedStatus() const {
  std::lock_guard lock(m_published_mutex);
  return m_published;
}

void ChainEngine::OnSlotStart(chain::Slot slot, std::int64_t ms_into_slot) {
  SwapInNextKeys();
  m_store->OnTick(slot, static_cast<std::uint64_t>(ms_into_slot));
  RefreshForkChoiceWeights(slot);
  ImportDue(slot);
  FollowForkChoice();
  std::string what = "no block (not the proposer)";
  if (slot <= m_head_slot) {
    what = "no block (head already at this slot)";
  } else if (m_behind && m_behind()) {
    what = "no block (catching up with peers)";
  } else if (auto me = MyIndex(slot)) {
    std::vector<consensus::WeightedValidator> set;
    for (const auto& v : state::EffectiveActiveSet(m_state, slot)) set.push_back({v.index, v.tokens});
    const auto globals = state::GetGlobals(m_state);
    const auto proposer = globals ? consensus::ProposerForSlot(set, globals->seed, slot) : std::nullopt;
    if (proposer && *proposer == *me) {
      if (!m_validating.load()) {
        what = "no block (validating is switched off)";  // the operator's choice: not counted as missed
      } else if (m_status.halted) {
        what = "no block (halted)";
        m_metrics.AddProposalMissed();
      } else if (auto txs = Propose(slot, *me)) {
        what = "proposed height " + std::to_string(m_head.height) + " (" + Short(m_head.id) + ") with " +
               std::to_string(*txs) + " txs";
      } else {
        what = "no block (proposal failed)";
        m_metrics.AddProposalMissed();
      }
    } else if (proposer) {
      what = "no block (proposer is validator " + std::to_string(*proposer) + ")";
    }
  } else {
    what = "no block (not an active validator)";
  }
  m_status.slot = slot;
  RefreshStatus();
  CAIRN_LOG(Consensus, Info) << "slot " << slot << ": " << what << "; head height " << m_status.head_height << " ("
                             << Short(m_status.head_id) << "), justified slot " << m_status.justified.slot
                             << " height " << m_status.justified_height << ", finalized slot "
                             << m_status.finalized.slot << " height " << m_status.finalized_height;
  Publish();
}

std::optional<std::size_t> ChainEngine::Propose(chain::Slot slot, chain::ValidatorIndex me) {
  const auto started = Stopwatch::now();
  const auto params = state::GetParams(m_state);
  const auto globals = state::GetGlobals(m_state);
  if (!params || !globals) {
    Halt("the head state has no parameters or globals");
    return std::nullopt;
  }
  auto weights = WeightsAt(m_state, slot);
  if (!weights) {
    Halt(weights.error());
    return std::nullopt;
  }

  chain::Block block;
  chain::BlockHeader& h = block.header.header;
  h.chain_id = m_genesis.chain_id;
  h.slot = slot;
  h.height = m_head.height + 1;
  h.parent_hash = m_head.id;
  h.proposer_index = me;
  const auto proof = crypto::VrfProve(m_keys->vrf, consensus::VrfInput(globals->seed, slot));
  h.vrf_proof = chain::VrfProof::FromSpan(proof.span());
  h.timestamp_ms = static_cast<std::uint64_t>(std::max<std::int64_t>(m_clock->NowMs(), 0));
  block.body.votes = VotesForInclusion(slot, *params);
  for (const auto& e : m_pending_evidence) {
    if (block.body.evidence.size() < params->max_block_evidence) block.body.evidence.push_back(e);
  }
  const std::size_t tx_bytes =
      params->max_block_bytes > BLOCK_OVERHEAD_BYTES ? params->max_block_bytes - BLOCK_OVERHEAD_BYTES : 0;
  block.body.txs = m_mempool->SelectForBlock(params->max_block_txs, tx_bytes, slot);

  // The leak reads the finalized slot of the parent's chain (what every node derives from the same
  // blocks), not this store's, which also counts votes seen outside blocks.
  const consensus::FinalityState* parent_finality = m_store->StateOf(m_head.id);
  if (parent_finality == nullptr) {
    Halt("the head block has no finality state");
    return std::nullopt;
  }
  const state::BlockContext ctx{m_head.id, parent_finality->Finalized().slot};
  // A part the head state refuses (a pooled tx gone stale, a vote or evidence the chain settled
  // meanwhile) is left out and the block built again: better a thinner block than a missed slot.
  std::optional<state::StateDiff> diff;
  for (int attempt = 0; attempt < 4 && !diff; ++attempt) {
    chain::SetBodyRoots(h, block.body);
    auto applied = ApplyOwnBlock(block, *params, ctx);
    if (applied) {
      diff = std::move(*applied);
      break;
    }
    const std::string& where = applied.error().where;
    CAIRN_LOG(Consensus, Warn) << "slot " << slot << ": own block invalid (" << applied.error().Message()
                               << "); proposing without that part";
    if (where.rfind("txs", 0) == 0 && !block.body.txs.empty()) {
      block.body.txs.clear();
    } else if (where.rfind("votes", 0) == 0 && !block.body.votes.empty()) {
      block.body.votes.clear();
    } else if (where.rfind("evidence", 0) == 0 && !block.body.evidence.empty()) {
      std::erase_if(m_pending_evidence, [&](const chain::Evidence& e) {
        return std::find(block.body.evidence.begin(), block.body.evidence.end(), e) != block.body.evidence.end();
      });
      block.body.evidence.clear();
    } else {
      break;
    }
  }
  if (!diff) {
    CAIRN_LOG(Consensus, Error) << "slot " << slot << ": no valid block could be built";
    return std::nullopt;
  }
  m_tree.Apply(*diff);
  h.state_root = m_tree.Root();
  const chain::BlockId id = chain::ComputeBlockId(h);

  // Rule 7: durable record first, then the signature.
  const auto signing_root = crypto::Sha256(chain::BlockSigningMessage(h, m_genesis_hash));
  if (auto recorded = m_sign_store->CheckAndRecordBlock(m_pubkey_hex, slot, signing_root); !recorded) {
    m_tree.Apply(state::Inverse(*diff));
    if (recorded.error().refused()) {
      CAIRN_LOG(Consensus, Warn) << "slot " << slot << ": sign store refused the block: " << recorded.error().message();
    } else {
      Halt("sign store: " + recorded.error().message());
    }
    return std::nullopt;
  }
  block.header = chain::SignBlockHeader(h, m_keys->consensus, m_genesis_hash);
  const auto committed = std::make_shared<const chain::Block>(std::move(block));
  const chain::BlockId parent = committed->unsigned_header().parent_hash;
  if (!CommitCanonical(committed, id, std::move(*diff), nullptr)) return std::nullopt;
  ++m_status.blocks_proposed;
  const std::size_t tx_count = committed->body.txs.size();
  (void)m_vote_pool->Detector().OnHeader(committed->header);

  const std::vector<chain::Vote> votes = PlainVotes(*committed);
  auto imported = m_store->OnBlock({id, parent, slot, votes}, *weights, m_store->ArrivalNow(slot));
  m_metrics.ObserveBlock(SecondsSince(started));
  if (!imported) {
    Halt("fork choice refused our own block: " + imported.error().Message());
    return tx_count;
  }
  if (m_gossip != nullptr) m_gossip->OwnBlock(committed, id);
  if (m_double_propose.load()) GossipConflictingTwin(*committed);
  return tx_count;
}

std::vector<chain::SignedVote> ChainEngine::VotesForInclusion(chain::Slot slot, const chain::ChainParams& params) const {
  // What the head chain has not counted and can still take: inside the inclusion window, not counted
  // for (slot, validator), from a member of that slot's active set, and whose head is on our head
  // chain: an ancestor of the block being built, so every node that can import the block knows it
  // (a vote for a side-branch block would make nodes that never saw that block refuse ours).
  const chain::Slot window = state::VoteInclusionWindow(params);
  std::map<std::uint64_t, std::optional<state::ActiveSet>> sets;
  return m_vote_pool->ForInclusion(
      slot,
      [&](const chain::SignedVote& v) {
        if (slot - v.vote.slot > window) return true;
        if (!IsCanonical(v.vote.head_root)) return true;
        if (m_state.Get(state::CountedVoteKey(v.vote.slot, v.vote.validator_index).span())) return true;
        const std::uint64_t period = state::PeriodOf(params, v.vote.slot);
        auto it = sets.find(period);
        if (it == sets.end()) it = sets.emplace(period, state::GetActiveSet(m_state, period)).first;
        return !it->second || !state::IsMember(*it->second, v.vote.validator_index);
      },
      params.max_block_votes);
}

void ChainEngine::GossipConflictingTwin(const chain::Block& block) {
  if (m_gossip == nullptr) return;
  chain::Block twin = block;
  twin.header.header.timestamp_ms += 1;  // another header for the same slot: a double proposal
  twin.header = chain::SignBlockHeader(twin.header.header, m_keys->consensus, m_genesis_hash);
  CAIRN_LOG(Consensus, Warn) << "slot " << block.unsigned_header().slot
                             << ": TEST SWITCH: gossiping a second, conflicting block (double proposal)";
  m_gossip->OwnBlock(std::make_shared<const chain::Block>(std::move(twin)), chain::ComputeBlockId(twin.header.header));
}

util::Result<state::StateDiff, state::BlockError> ChainEngine::ApplyOwnBlock(const chain::Block& block,
                                                                              const chain::ChainParams& params,
                                                                              const state::BlockContext& ctx) const {
  // Why skipping the signature checks is safe here: every tx comes from SelectForBlock of this node's
  // own mempool, and the pool admits a tx only after Verifier::VerifySignature/VerifyBatch checked its
  // signature against this chain's genesis hash (the Verifier is built with m_genesis_hash and the
  // pool checks the chain id); pooled txs are immutable values, so the bytes selected are the bytes
  // verified. Every vote comes from the VotePool, which verified its signature against the
  // validator's consensus key before storing it (a validator's consensus key never changes).
  // Evidence is rare: a block carrying any is checked in full. What SigCheck::AlreadyVerified also
  // skips, CheckBlockStateless (limits, roots, stateless tx rules, duplicates), is run here: it is
  // cheap next to the signatures.
  if (!block.body.evidence.empty()) {
    return state::ApplyBlock(m_state, block, m_genesis_hash, ctx, state::SigCheck::Verify);
  }
  if (auto stateless = chain::CheckBlockStateless(block, params); !stateless) {
    return util::Err(state::BlockError{stateless.error().field, stateless.error().reason});
  }
  return state::ApplyBlock(m_state, block, m_genesis_hash, ctx, state::SigCheck::AlreadyVerified);
}

void ChainEngine::OnVoteDeadline(chain::Slot slot, std::int64_t ms_into_slot) {
  SwapInNextKeys();
  m_store->OnTick(slot, static_cast<std::uint64_t>(ms_into_slot));
  m_status.slot = std::max(m_status.slot, slot);
  FollowForkChoice();
  if (const auto me = MyIndex(slot); me && m_validating.load()) {
    if (m_behind && m_behind()) {
      CAIRN_LOG(Consensus, Debug) << "slot " << slot << ": no vote (catching up with peers)";
    } else if (m_status.halted || !CastVote(slot, *me)) {
      m_metrics.AddVoteMissed();
    }
  }
  Publish();
}

bool ChainEngine::CastVote(chain::Slot slot, chain::ValidatorIndex me) {
  const auto started = Stopwatch::now();
  auto vote = m_store->MakeVote(me, slot);
  if (!vote) {
    CAIRN_LOG(Consensus, Warn) << "slot " << slot << ": cannot make a vote: " << vote.error().Message();
    return false;
  }
  const auto signing_root =
      crypto::Sha256(chain::VoteSigningMessage(*vote, m_genesis.chain_id, m_genesis_hash));
  auto recorded = m_sign_store->CheckAndRecordVote(m_pubkey_hex, vote->source.slot, vote->target.slot, signing_root);
  if (!recorded) {
    if (recorded.error().refused()) {
      // Normal after a restart or a gap: the head's target may equal one already voted for.
      CAIRN_LOG(Consensus, Debug) << "slot " << slot << ": no vote: " << recorded.error().message();
    } else {
      Halt("sign store: " + recorded.error().message());
    }
    return false;
  }
  chain::SignedVote signed_vote = chain::SignVote(*vote, m_keys->consensus, m_genesis.chain_id, m_genesis_hash);
  if (auto fed = m_store->OnVote(*vote); !fed) {
    CAIRN_LOG(Consensus, Warn) << "slot " << slot << ": own vote refused by the fork choice: " << fed.error().Message();
  }
  const auto added = m_vote_pool->AddBatch({signed_vote}, KeyLookup(), m_genesis.chain_id, m_genesis_hash);
  // Stale: its target is at or below the finalized slot (e.g. slot 1's vote for the genesis): it still
  // counts for the fork choice, no block needs to carry it.
  if (const auto status = added.front().status;
      status != consensus::VoteAddStatus::Added && status != consensus::VoteAddStatus::Stale) {
    CAIRN_LOG(Consensus, Warn) << "slot " << slot << ": own vote not pooled (status " << static_cast<int>(status) << ")";
  }
  ++m_status.votes_cast;
  m_metrics.ObserveVote(SecondsSince(started));
  if (m_gossip != nullptr) m_gossip->OwnVote(signed_vote);
  RefreshStatus();  // the vote may justify or finalize a checkpoint now
  CAIRN_LOG(Consensus, Debug) << "slot " << slot << ": voted head " << Short(vote->head_root) << " source "
                              << vote->source.slot << " target " << vote->target.slot;
  return true;
}

void ChainEngine::RefreshForkChoiceWeights(chain::Slot slot) {
  // The fork choice weighs latest votes with the active stakes of the current period (PROTOCOL.md
  // section 6): validators that joined and stake that moved since genesis count from their period on.
  const auto params = state::GetParams(m_state);
  if (!params) return;
  const std::uint64_t period = state::PeriodOf(*params, slot);
  if (m_weights_period == period) return;
  auto weights = WeightsAt(m_state, slot);
  if (!weights) return;
  m_store->SetWeights(std::move(*weights));
  m_weights_period = period;
}

consensus::ValidatorKeyLookup ChainEngine::KeyLookup() const {
  return [this](chain::ValidatorIndex index) -> std::optional<crypto::PublicKey> {
    const auto v = state::GetValidator(m_state, index);
    if (!v) return std::nullopt;
    return v->consensus_pubkey;
  };
}

void ChainEngine::RefreshStatus() {
  auto head = m_store->Head();
  const chain::BlockId head_id = head ? *head : m_head.id;
  auto height_of = [&](const chain::BlockId& id) {
    auto it = m_heights.find(id);
    return it == m_heights.end() ? chain::Height{0} : it->second;
  };
  m_status.head_id = m_head.id;
  m_status.head_height = m_head.height;
  if (head && head_id != m_head.id) {
    CAIRN_LOG(Consensus, Debug) << "fork-choice head " << Short(head_id) << " not followed yet (stored head "
                                << Short(m_head.id) << ")";
  }
  m_status.head_slot = m_head_slot;
  m_status.head_timestamp_ms = m_head_timestamp_ms;
  m_status.justified = m_store->Justified();
  m_status.justified_height = height_of(m_status.justified.root);
  const bool finalized_moved = m_status.finalized != m_store->Finalized();
  m_status.finalized = m_store->Finalized();
  m_status.finalized_height = height_of(m_status.finalized.root);
  if (finalized_moved) PruneBelowFinalized();
}

}  // namespace cairn::runtime
