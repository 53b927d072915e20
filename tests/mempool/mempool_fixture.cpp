#include "mempool_fixture.h"

#include "chain/address.h"

namespace cairn::test {

chain::ChainParams PoolParams() {
  chain::ChainParams p = TestParams();
  p.min_fee_rate = 1;
  return p;
}

namespace {

chain::Genesis PoolGenesis(const chain::ChainParams& params) {
  std::vector<std::pair<std::uint32_t, chain::Amount>> accounts;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) accounts.emplace_back(seed, RICH);
  accounts.emplace_back(POOR_SEED, POOR_BALANCE);
  accounts.emplace_back(VALIDATOR_SEED, RICH);
  return MakeTestGenesis(params, accounts, {{VALIDATOR_SEED, 1'000'000, 0}});
}

}  // namespace

PoolEnv::PoolEnv(mempool::MempoolConfig config, chain::ChainParams params, std::size_t threads)
    : chain(PoolGenesis(params)), verifier(chain.genesis_hash(), mempool::VerifierConfig{threads, 1 << 16}) {
  pool = std::make_unique<mempool::Mempool>(chain.state(), Slot(), verifier, config);
}

void PoolEnv::SignAtRate(chain::Transaction& tx, std::uint32_t seed, std::uint64_t rate) const {
  for (int i = 0; i < 4; ++i) tx.fee = chain::Encode(tx).size() * rate;
  chain::SignTransaction(tx, SeedKey(seed), chain.genesis_hash());
}

chain::Transaction PoolEnv::Transfer(std::uint32_t seed, std::uint64_t nonce, std::uint64_t rate, chain::Amount amount,
                                     chain::Slot expiry) const {
  chain::Transaction tx;
  tx.chain_id = chain.genesis().chain_id;
  tx.sender = SeedKey(seed).public_key();
  tx.nonce = nonce;
  tx.expiry_slot = expiry != 0 ? expiry : Slot() + 1000;
  tx.payload = chain::Transfer{SeedAddress(99), amount};
  SignAtRate(tx, seed, rate);
  return tx;
}

state::StateDiff PoolEnv::NextBlock(const std::vector<chain::Transaction>& txs, bool with_diff) {
  auto update = pool->BeginHeadUpdate();
  auto diff = chain.Next(txs);
  if (!diff) {
    qFatal("block rejected: %s %s", diff.error().where.c_str(), diff.error().reason.c_str());
  }
  update.Commit(chain.state(), Slot(), with_diff ? &*diff : nullptr);
  return *diff;
}

std::string Outcome(const mempool::AdmitResult& r) {
  if (r) return r->placement == mempool::TxPlacement::Ready ? "ok:ready" : "ok:future";
  return std::string(mempool::AdmitCodeName(r.error().code));
}

}  // namespace cairn::test
