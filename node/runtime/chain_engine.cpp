#include "runtime/chain_engine.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "chain/block.h"
#include "consensus/proposer_schedule.h"
#include "crypto/ecvrf.h"
#include "state/apply_block.h"
#include "state/genesis_state.h"
#include "state/queries.h"
#include "storage/chain_reader.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::runtime {
namespace {

// Room kept in max_block_bytes for the header and the votes when selecting transactions.
constexpr std::size_t BLOCK_OVERHEAD_BYTES = 64 * 1024;

std::string Short(const chain::BlockId& id) { return util::ToHex(id.span()).substr(0, 8); }

// The fork-choice/finality weights of `slot`'s effective active set, read from the state the block
// (or vote) of that slot builds on.
util::Result<consensus::ValidatorWeights, std::string> WeightsAt(const state::StateReader& s, chain::Slot slot) {
  const auto globals = state::GetGlobals(s);
  if (!globals) return util::Err(std::string("the state has no globals record"));
  std::vector<std::uint64_t> stakes(globals->next_validator_index, 0);
  for (const auto& v : state::EffectiveActiveSet(s, slot)) {
    if (v.index < stakes.size()) stakes[v.index] = v.tokens;
  }
  return consensus::ValidatorWeights::Make(std::move(stakes));
}

consensus::StoreConfig StoreConfigOf(const chain::ChainParams& p) {
  consensus::StoreConfig c;
  c.slot_ms = p.slot_ms;
  c.proposer_boost_pct = p.proposer_boost_pct;
  return c;
}

std::vector<chain::Vote> PlainVotes(const chain::Block& block) {
  std::vector<chain::Vote> votes;
  votes.reserve(block.body.votes.size());
  for (const auto& v : block.body.votes) votes.push_back(v.vote);
  return votes;
}

// Durations for the metrics: a real monotonic clock, not the injected one (a ManualClock does not
// move while a block is built, and consensus never sees these numbers).
using Stopwatch = std::chrono::steady_clock;
double SecondsSince(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
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
  e->RefreshStatus();
  // What exists at start-up is not news: events start with the first change.
  e->m_published_head = e->m_status.head_id;
  e->m_published_finalized = e->m_status.finalized;
  e->m_published = e->m_status;
  return e;
}

ChainEngine::~ChainEngine() { Close(); }

void ChainEngine::Close() {
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
    m_head_slot = slot;
    m_head_timestamp_ms = block.unsigned_header().timestamp_ms;
    m_metrics.ObserveBlock(SecondsSince(started));
    if (h == m_head.height && block.unsigned_header().state_root != m_tree.Root()) {
      return util::Err(db_path + ": the loaded state does not match the head block's state root");
    }
  }
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

NodeStatus ChainEngine::PublishedStatus() const {
  std::lock_guard lock(m_published_mutex);
  return m_published;
}

void ChainEngine::OnSlotStart(chain::Slot slot, std::int64_t ms_into_slot) {
  m_store->OnTick(slot, static_cast<std::uint64_t>(ms_into_slot));
  std::string what = "no block (not the proposer)";
  if (slot <= m_head_slot) {
    what = "no block (head already at this slot)";
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
  // Own votes the chain has not counted and can still take (the inclusion window is staking_period).
  std::erase_if(m_pending_votes, [&](const chain::SignedVote& v) {
    return v.vote.slot + params->staking_period < slot;
  });

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
  for (const auto& v : m_pending_votes) {
    if (v.vote.slot < slot && block.body.votes.size() < params->max_block_votes) block.body.votes.push_back(v);
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
  chain::SetBodyRoots(h, block.body);
  // Own block: its signatures need no second check (see ApplyOwnBlock).
  auto diff = ApplyOwnBlock(block, *params, ctx);
  if (!diff && !block.body.txs.empty()) {
    // A pooled tx the pool thought valid is not: propose without txs rather than miss the slot.
    CAIRN_LOG(Consensus, Warn) << "slot " << slot << ": block with txs invalid (" << diff.error().Message()
                               << "); proposing without txs";
    block.body.txs.clear();
    chain::SetBodyRoots(h, block.body);
    diff = ApplyOwnBlock(block, *params, ctx);
  }
  if (!diff) {
    CAIRN_LOG(Consensus, Error) << "slot " << slot << ": own block invalid: " << diff.error().Message();
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

  if (auto committed = m_chain_store->CommitBlock(block, id, h.height, *diff); !committed) {
    m_tree.Apply(state::Inverse(*diff));
    Halt("chain store: " + committed.error().message);
    return std::nullopt;
  }
  {
    // Lock order: the pool mutex (HeadUpdate), then the head gate; api readers never hold the gate
    // while calling the pool. The gate is held only for the in-place change itself.
    auto update = m_mempool->BeginHeadUpdate();
    util::Result<void, std::string> applied;
    {
      std::unique_lock gate(m_head_gate);
      applied = m_state.Apply(*diff);
      if (applied) m_head_view = {h.height, id, slot};
    }
    if (!applied) {
      update.Commit(m_state, m_head_slot);
      Halt("head state: " + applied.error());
      return std::nullopt;
    }
    update.Commit(m_state, slot, &*diff);
  }
  m_head = {h.height, id};
  m_head_slot = slot;
  m_head_timestamp_ms = h.timestamp_ms;
  m_heights[id] = h.height;
  ++m_status.blocks_proposed;
  const chain::Height height = h.height;
  const chain::BlockId parent = h.parent_hash;
  const auto committed = std::make_shared<const chain::Block>(std::move(block));
  if (m_block_observer) m_block_observer(height, *committed);
  const std::size_t tx_count = committed->body.txs.size();
  m_metrics.AddTxsIncluded(tx_count);
  NoteCommitted(committed, id, height, *diff);

  const std::vector<chain::Vote> votes = PlainVotes(*committed);
  auto imported = m_store->OnBlock({id, parent, slot, votes}, *weights, m_store->ArrivalNow(slot));
  m_metrics.ObserveBlock(SecondsSince(started));
  if (!imported) {
    Halt("fork choice refused our own block: " + imported.error().Message());
    return tx_count;
  }
  const auto& carried = committed->body.votes;
  std::erase_if(m_pending_votes, [&](const chain::SignedVote& v) {
    return std::find(carried.begin(), carried.end(), v) != carried.end();
  });
  return tx_count;
}

util::Result<state::StateDiff, state::BlockError> ChainEngine::ApplyOwnBlock(const chain::Block& block,
                                                                              const chain::ChainParams& params,
                                                                              const state::BlockContext& ctx) const {
  // Why skipping the signature checks is safe here: every tx comes from SelectForBlock of this node's
  // own mempool, and the pool admits a tx only after Verifier::VerifySignature/VerifyBatch checked its
  // signature against this chain's genesis hash (the Verifier is built with m_genesis_hash and the
  // pool checks the chain id); pooled txs are immutable values, so the bytes selected are the bytes
  // verified. Every vote is one of m_pending_votes, signed by this node's own key in CastVote.
  // The block carries no evidence. What SigCheck::AlreadyVerified also skips, CheckBlockStateless
  // (limits, roots, stateless tx rules, duplicates), is run here: it is cheap next to the signatures.
  if (!block.body.evidence.empty()) {
    return state::ApplyBlock(m_state, block, m_genesis_hash, ctx, state::SigCheck::Verify);
  }
  if (auto stateless = chain::CheckBlockStateless(block, params); !stateless) {
    return util::Err(state::BlockError{stateless.error().field, stateless.error().reason});
  }
  return state::ApplyBlock(m_state, block, m_genesis_hash, ctx, state::SigCheck::AlreadyVerified);
}

void ChainEngine::OnVoteDeadline(chain::Slot slot, std::int64_t ms_into_slot) {
  m_store->OnTick(slot, static_cast<std::uint64_t>(ms_into_slot));
  m_status.slot = std::max(m_status.slot, slot);
  if (const auto me = MyIndex(slot); me && m_validating.load()) {
    if (m_status.halted || !CastVote(slot, *me)) m_metrics.AddVoteMissed();
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
  m_pending_votes.push_back(std::move(signed_vote));
  ++m_status.votes_cast;
  m_metrics.ObserveVote(SecondsSince(started));
  RefreshStatus();  // the vote may justify or finalize a checkpoint now
  CAIRN_LOG(Consensus, Debug) << "slot " << slot << ": voted head " << Short(vote->head_root) << " source "
                              << vote->source.slot << " target " << vote->target.slot;
  return true;
}

void ChainEngine::RefreshStatus() {
  auto head = m_store->Head();
  const chain::BlockId head_id = head ? *head : m_head.id;
  if (head && *head != m_head.id) {
    CAIRN_LOG(Consensus, Warn) << "fork-choice head " << Short(*head) << " differs from the stored head "
                               << Short(m_head.id) << " (reorgs are not supported yet)";
  }
  auto height_of = [&](const chain::BlockId& id) {
    auto it = m_heights.find(id);
    return it == m_heights.end() ? chain::Height{0} : it->second;
  };
  m_status.head_id = head_id;
  m_status.head_height = height_of(head_id);
  m_status.head_slot = m_head_slot;
  m_status.head_timestamp_ms = m_head_timestamp_ms;
  m_status.justified = m_store->Justified();
  m_status.justified_height = height_of(m_status.justified.root);
  m_status.finalized = m_store->Finalized();
  m_status.finalized_height = height_of(m_status.finalized.root);
}

}  // namespace cairn::runtime
