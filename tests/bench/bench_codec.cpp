#include "bench_codec.h"

#include <cstdio>
#include <cstdlib>

#include "chain/block.h"
#include "chain/transaction.h"
#include "crypto/ed25519.h"

namespace cairn::bench {
namespace {

constexpr std::size_t BLOCK_TXS = 5000;

chain::Transaction SignedTransfer(const crypto::SecretKey& key, std::uint64_t nonce, const crypto::Hash256& genesis) {
  chain::Transaction tx;
  tx.chain_id = *chain::ChainId::Parse("cairn-bench");
  tx.sender = key.public_key();
  tx.nonce = nonce;
  tx.fee = 1000;
  tx.expiry_slot = 1'000'000;
  chain::Transfer transfer;
  transfer.to.bytes.fill(static_cast<std::uint8_t>(nonce));
  transfer.amount = 12'345'678;
  tx.payload = transfer;
  chain::SignTransaction(tx, key, genesis);
  return tx;
}

}  // namespace

void RunCodecFigures(Report& report, double seconds_per_round, int rounds) {
  const auto key = crypto::SecretKey::Generate();
  crypto::Hash256 genesis;
  genesis.bytes.fill(7);
  const chain::Transaction tx = SignedTransfer(key, 1, genesis);
  const util::Bytes encoded = chain::Encode(tx);
  if (!chain::DecodeTransaction(encoded)) {
    std::fprintf(stderr, "cairn-bench: a fresh transfer does not decode\n");
    std::exit(2);
  }
  std::size_t sink = 0;
  auto encode = [&] { sink += chain::Encode(tx).size(); };
  auto decode = [&] { sink += chain::DecodeTransaction(encoded).has_value(); };
  const auto [enc, dec] = InterleavedMedians(encode, decode, 1.0, seconds_per_round, rounds);
  report.Figure("tx_bytes", static_cast<double>(encoded.size()), "signed transfer size", "bytes");
  report.Figure("tx_encode_per_s", enc, "transfer encode (1 core)", "tx/s");
  report.Figure("tx_decode_per_s", dec, "transfer decode, strict (1 core)", "tx/s");
  auto txid = [&] { sink += chain::ComputeTxId(tx).bytes[0]; };
  report.Figure("txid_per_s", OpsPerSecond(txid, 1.0, seconds_per_round), "transaction id (1 core)", "ids/s");

  chain::Block block;
  block.header.header.chain_id = tx.chain_id;
  block.body.txs.reserve(BLOCK_TXS);
  for (std::size_t i = 0; i < BLOCK_TXS; ++i) block.body.txs.push_back(SignedTransfer(key, i, genesis));
  const util::Bytes block_bytes = chain::Encode(block);
  if (!chain::DecodeBlock(block_bytes)) {
    std::fprintf(stderr, "cairn-bench: a fresh block does not decode\n");
    std::exit(2);
  }
  auto block_encode = [&] { sink += chain::Encode(block).size(); };
  auto block_decode = [&] { sink += chain::DecodeBlock(block_bytes).has_value(); };
  const auto [benc, bdec] = InterleavedMedians(block_encode, block_decode, BLOCK_TXS, seconds_per_round, rounds);
  report.Figure("block_5000_bytes", static_cast<double>(block_bytes.size()), "block of 5,000 transfers", "bytes");
  report.Figure("block_encode_tx_per_s", benc, "block encode (1 core)", "tx/s");
  report.Figure("block_decode_tx_per_s", bdec, "block decode, strict (1 core)", "tx/s");
  if (sink == 0) std::printf("(unreachable)\n");  // keeps the work observable to the optimizer
}

}  // namespace cairn::bench
