#include "rules_harness.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "chain/address.h"
#include "crypto/ecvrf.h"
#include "state/genesis_state.h"

namespace cairn::test {

crypto::SecretKey SeedKey(std::uint32_t seed, KeyRole role) {
  util::Bytes bytes(32, 0);
  bytes[0] = static_cast<std::uint8_t>(role);
  for (int i = 0; i < 4; ++i) bytes[1 + i] = static_cast<std::uint8_t>(seed >> (8 * i));
  bytes[31] = 0x5a;
  return *crypto::SecretKey::FromSeed(bytes);
}

chain::Address SeedAddress(std::uint32_t seed) { return chain::AddressFromPublicKey(SeedKey(seed).public_key()); }

std::optional<std::uint32_t> SeedOfAddress(const chain::Address& address) {
  static const std::map<chain::Address, std::uint32_t> table = [] {
    std::map<chain::Address, std::uint32_t> t;
    for (std::uint32_t s = 0; s < 256; ++s) t.emplace(SeedAddress(s), s);
    return t;
  }();
  const auto it = table.find(address);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

namespace {


}  // namespace

chain::ChainParams TestParams() {
  chain::ChainParams p = chain::DevnetParams();
  p.staking_period = 8;
  p.inflation_bps = 0;
  p.min_fee_rate = 0;
  p.min_self_bond = 100;
  p.min_deposit = 1000;
  p.deposit_slots = 20;
  p.voting_slots = 20;
  p.downtime_window = 20;
  p.max_missed_votes = 10;
  p.jail_slots = 10;
  p.evidence_window = 50;
  p.unbonding_slots = 60;
  p.correlation_window_slots = 100;
  p.leak_after = 16;
  return p;
}

chain::Genesis MakeTestGenesis(const chain::ChainParams& params, const std::vector<std::pair<std::uint32_t, chain::Amount>>& accounts,
                               const std::vector<GenesisValidatorSpec>& validators) {
  chain::Genesis g;
  g.chain_id = chain::ChainId::Unchecked("cairn-test");
  g.genesis_time_ms = 1'700'000'000'000;
  g.params = params;
  for (const auto& [seed, balance] : accounts) g.accounts.push_back({SeedAddress(seed), balance});
  for (const auto& v : validators) {
    g.validators.push_back({SeedAddress(v.seed), SeedKey(v.seed, KeyRole::Consensus).public_key(),
                            SeedKey(v.seed, KeyRole::Vrf).public_key(), v.self_bond, v.commission_bps,
                            "v" + std::to_string(v.seed)});
  }
  return g;
}

RulesChain::RulesChain(const chain::Genesis& genesis)
    : m_genesis(genesis), m_genesis_hash(chain::ComputeGenesisHash(genesis)), m_last_block_id(m_genesis_hash) {
  auto s = state::GenesisState(genesis);
  if (!s) {
    std::fprintf(stderr, "genesis: %s\n", s.error().c_str());
    std::abort();
  }
  m_state = std::move(*s);
}

chain::Transaction RulesChain::Tx(std::uint32_t seed, chain::Payload payload, std::uint64_t nonce_offset) const {
  const auto key = SeedKey(seed);
  chain::Transaction tx;
  tx.chain_id = m_genesis.chain_id;
  tx.sender = key.public_key();
  tx.nonce = state::GetAccount(m_state, SeedAddress(seed)).nonce + nonce_offset;
  tx.expiry_slot = globals().last_slot + 1000;
  tx.payload = std::move(payload);
  tx.fee = chain::Encode(tx).size() * params().min_fee_rate;
  chain::SignTransaction(tx, key, m_genesis_hash);
  return tx;
}

std::optional<chain::ValidatorIndex> RulesChain::IndexOf(std::uint32_t operator_seed) const {
  return state::FindValidatorByOperator(m_state, SeedAddress(operator_seed));
}

chain::SignedVote RulesChain::VoteBy(std::uint32_t seed, chain::Slot slot, chain::Slot source, chain::Slot target,
                                     std::uint8_t head) const {
  chain::Vote v;
  v.validator_index = *IndexOf(seed);
  v.slot = slot;
  v.head_root.bytes.fill(head);
  v.target = {target, {}};
  v.source = {source, {}};
  return chain::SignVote(v, SeedKey(seed, KeyRole::Consensus), m_genesis.chain_id, m_genesis_hash);
}

std::vector<chain::SignedVote> RulesChain::VotesFor(chain::Slot vote_slot, const std::vector<std::uint32_t>& except) const {
  std::vector<chain::SignedVote> out;
  for (const auto& a : state::EffectiveActiveSet(m_state, vote_slot)) {
    const auto v = state::GetValidator(m_state, a.index);
    const auto found = SeedOfAddress(v->operator_address);
    if (!found || std::find(except.begin(), except.end(), *found) != except.end()) continue;
    out.push_back(VoteBy(*found, vote_slot, vote_slot > 0 ? vote_slot - 1 : 0, vote_slot, 1));
  }
  return out;
}

chain::Evidence RulesChain::DoubleProposal(std::uint32_t seed, chain::Slot slot) const {
  chain::BlockHeader h;
  h.chain_id = m_genesis.chain_id;
  h.slot = slot;
  h.height = slot;
  h.proposer_index = *IndexOf(seed);
  chain::BlockHeader h2 = h;
  h2.timestamp_ms = 1;
  const auto key = SeedKey(seed, KeyRole::Consensus);
  chain::Evidence e{chain::DoubleProposal{chain::SignBlockHeader(h, key, m_genesis_hash),
                                          chain::SignBlockHeader(h2, key, m_genesis_hash)}};
  chain::Canonicalize(e);
  return e;
}

chain::Evidence RulesChain::DoubleVote(std::uint32_t seed, chain::Slot slot) const {
  chain::Evidence e{chain::DoubleVote{VoteBy(seed, slot, 0, slot, 1), VoteBy(seed, slot, 0, slot, 2)}};
  chain::Canonicalize(e);
  return e;
}

chain::Evidence RulesChain::SurroundVote(std::uint32_t seed, chain::Slot slot) const {
  chain::Evidence e{chain::SurroundVote{VoteBy(seed, slot, 0, slot, 1), VoteBy(seed, slot, 1, slot - 1, 2)}};
  chain::Canonicalize(e);
  return e;
}

chain::Block RulesChain::MakeBlock(chain::Slot slot, std::vector<chain::Transaction> txs, std::vector<chain::SignedVote> votes,
                                   std::vector<chain::Evidence> evidence, std::optional<chain::ValidatorIndex> proposer) const {
  const state::Globals g = globals();
  chain::Block b;
  chain::BlockHeader& h = b.header.header;
  h.chain_id = m_genesis.chain_id;
  h.slot = slot;
  h.height = g.last_height + 1;
  h.parent_hash = m_last_block_id;
  b.body.txs = std::move(txs);
  b.body.votes = std::move(votes);
  b.body.evidence = std::move(evidence);
  if (!proposer) {
    // The state's set at the block's period (after a boundary the next set is already stored).
    const auto set = state::EffectiveActiveSet(m_state, slot);
    proposer = set.empty() ? 0 : set.front().index;
  }
  h.proposer_index = *proposer;
  const auto v = state::GetValidator(m_state, *proposer);
  const std::uint32_t seed = v ? SeedOfAddress(v->operator_address).value_or(0) : 0;
  util::Bytes alpha(g.seed.bytes.begin(), g.seed.bytes.end());
  alpha.push_back(static_cast<std::uint8_t>(slot));
  h.vrf_proof = crypto::VrfProve(SeedKey(seed, KeyRole::Vrf), alpha);
  chain::SetBodyRoots(h, b.body);
  b.header = chain::SignBlockHeader(h, SeedKey(seed, KeyRole::Consensus), m_genesis_hash);
  return b;
}

std::string CheckSupplyInvariants(const state::StateReader& s) {
  const auto g = state::GetGlobals(s);
  if (!g) return "no globals";
  const auto b = state::ComputeSupplyBreakdown(s);
  if (g->supply != g->genesis_supply + g->issued - g->burned - g->slashed) {
    return "supply " + std::to_string(g->supply) + " != genesis + issued - burned - slashed";
  }
  if (b.Total() != g->supply) {
    return "supply " + std::to_string(g->supply) + " != sum of holdings " + std::to_string(b.Total()) +
           " (balances " + std::to_string(b.balances) + ", bonded " + std::to_string(b.bonded) + ", unbonding " +
           std::to_string(b.unbonding) + ", escrow " + std::to_string(b.escrow) + ", treasury " +
           std::to_string(b.treasury) + ", pools " + std::to_string(b.reward_pools) + ")";
  }
  if (b.bonded != g->total_bonded) return "total_bonded " + std::to_string(g->total_bonded) + " != sum of tokens";
  return {};
}

util::Result<state::StateDiff, state::BlockError> RulesChain::Apply(const chain::Block& block, std::optional<chain::Slot> finalized,
                                                                    state::SigCheck sig_check) {
  const chain::Slot fin = finalized.value_or(globals().last_slot);
  auto diff = state::ApplyBlock(m_state, block, m_genesis_hash, state::BlockContext{m_last_block_id, fin}, sig_check);
  if (!diff) return diff;
  state::MemoryState before = m_state;
  if (auto r = m_state.Apply(*diff); !r) return util::Err(state::BlockError{"invariant", r.error()});
  state::MemoryState undo = m_state;
  if (auto r = undo.Apply(state::Inverse(*diff)); !r || undo.entries() != before.entries()) {
    return util::Err(state::BlockError{"invariant", "inverse diff does not restore the parent state"});
  }
  if (auto msg = CheckSupplyInvariants(m_state); !msg.empty()) return util::Err(state::BlockError{"invariant", msg});
  m_last_block_id = chain::ComputeBlockId(block.unsigned_header());
  return diff;
}

util::Result<state::StateDiff, state::BlockError> RulesChain::Next(std::vector<chain::Transaction> txs,
                                                                   const std::vector<std::uint32_t>& absent) {
  const chain::Slot slot = globals().last_slot + 1;
  return Apply(MakeBlock(slot, std::move(txs), slot > 1 ? VotesFor(slot - 1, absent) : std::vector<chain::SignedVote>{}));
}

}  // namespace cairn::test
