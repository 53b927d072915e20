#include "bench_load.h"

#include <optional>
#include <thread>

namespace cairn::bench {

crypto::SecretKey LoadAccountKey(std::uint64_t i, std::uint8_t tag) {
  std::uint8_t seed[32] = {};
  for (int b = 0; b < 8; ++b) seed[b] = static_cast<std::uint8_t>(i >> (8 * b));
  seed[31] = tag;
  return *crypto::SecretKey::FromSeed({seed, sizeof seed});
}

std::vector<chain::Transaction> PresignTransfers(std::size_t count, const std::vector<chain::GenesisAccount>& accounts,
                                                 std::uint8_t tag, const chain::ChainId& chain_id,
                                                 const crypto::Hash256& genesis_hash) {
  const std::size_t n = accounts.size();
  std::vector<chain::Transaction> txs(count);
  auto sign_accounts = [&](std::size_t first, std::size_t last) {
    for (std::size_t from = first; from < last; ++from) {
      const auto key = LoadAccountKey(from, tag);
      for (std::size_t k = from; k < count; k += n) {
        const std::size_t to = (from + 1 + (k * 7919) % (n - 1)) % n;
        chain::Transaction& tx = txs[k];
        tx.chain_id = chain_id;
        tx.sender = key.public_key();
        tx.nonce = k / n;
        tx.fee = 10'000;
        tx.expiry_slot = 1'000'000;
        tx.payload = chain::Transfer{accounts[to].address, 1 + k % 1'000};
        chain::SignTransaction(tx, key, genesis_hash);
      }
    }
  };
  std::thread a(sign_accounts, 0, n / 2);
  sign_accounts(n / 2, n);
  a.join();
  return txs;
}

SteadyWindow SteadyFinalizedRate(const std::vector<std::pair<double, std::size_t>>& events, double warmup_s,
                                 double load_s) {
  std::optional<double> t0;
  std::optional<double> t1;
  std::size_t txs = 0;
  for (const auto& [t, n] : events) {
    if (t < warmup_s || t > load_s) continue;
    if (!t0) {
      t0 = t;  // the first finalization opens the window; what it finalized came before it
      continue;
    }
    t1 = t;
    txs += n;
  }
  if (!t1) return {};
  return {static_cast<double>(txs) / (*t1 - *t0), *t1 - *t0};
}

}  // namespace cairn::bench
