#include "state/genesis_state.h"

#include "state/rules.h"

namespace cairn::state {

util::Result<MemoryState, std::string> GenesisState(const chain::Genesis& genesis) {
  if (auto r = chain::ValidateGenesis(genesis); !r) return util::Err("invalid genesis: " + r.error().Message());
  MemoryState empty;
  Ledger l(empty);
  const crypto::Hash256 hash = chain::ComputeGenesisHash(genesis);
  Globals& g = l.globals();
  g.chain_id = genesis.chain_id;
  g.seed = hash;
  l.SetParams(genesis.params);
  l.SetSlot(0);
  auto fail = [](const BlockError& e) { return util::Err("genesis: " + e.Message()); };
  Amount supply = 0;
  for (std::size_t i = 0; i < genesis.accounts.size(); ++i) {
    const auto& a = genesis.accounts[i];
    if (auto r = l.Credit(a.address, a.balance, "accounts[" + std::to_string(i) + "]"); !r) return fail(r.error());
    supply += a.balance;  // ValidateGenesis proved the total fits
  }
  for (std::size_t i = 0; i < genesis.validators.size(); ++i) {
    const auto& gv = genesis.validators[i];
    const auto index = static_cast<ValidatorIndex>(i);
    Validator v;
    v.operator_address = gv.operator_address;
    v.consensus_pubkey = gv.consensus_pubkey;
    v.vrf_pubkey = gv.vrf_pubkey;
    v.commission_bps = gv.commission_bps;
    v.moniker = gv.moniker;
    if (auto r = CreateValidator(l, index, std::move(v), gv.self_bond, "validators[" + std::to_string(i) + "]"); !r) {
      return fail(r.error());
    }
    supply += gv.self_bond;
  }
  g.next_validator_index = static_cast<ValidatorIndex>(genesis.validators.size());
  g.supply = supply;
  g.genesis_supply = supply;
  const ActiveSet initial = ComputeInitialSet(l);
  if (initial.members.empty()) return util::Err(std::string("genesis: no validator is eligible for the active set"));
  l.overlay().Put(ActiveSetKey(0), Encode(initial));
  l.overlay().Put(ActiveSetKey(1), Encode(initial));
  l.Commit();
  if (l.corrupt()) return fail(l.corruption());
  MemoryState out;
  for (const auto& w : l.Finish().writes) out.Put(w.key, *w.after);
  return out;
}

chain::Genesis MakeDevnetGenesis(std::span<const DevnetValidatorKeys> validators, std::int64_t genesis_time_ms,
                                 std::span<const chain::GenesisAccount> extra_accounts) {
  chain::Genesis g;
  g.chain_id = chain::ChainId::Unchecked("cairn-devnet");
  g.genesis_time_ms = static_cast<std::uint64_t>(genesis_time_ms);
  g.params = chain::DevnetParams();
  for (const auto& v : validators) {
    g.accounts.push_back({v.operator_address, DEVNET_OPERATOR_BALANCE});
    g.validators.push_back({v.operator_address, v.consensus_pubkey, v.vrf_pubkey, DEVNET_SELF_BOND, 500, v.moniker});
  }
  for (const auto& a : extra_accounts) g.accounts.push_back(a);
  return g;
}

}  // namespace cairn::state
