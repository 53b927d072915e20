// cairn-bench MODE: benchmarks, separate from the test suite. Each mode prints its figures beside the
// raw limit measured in the same run on the same machine, and ends with one line of JSON.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_modes.h"
#include "util/log.h"

int main(int argc, char** argv) {
  // Figures go to stdout; the engine's progress lines would only interleave with them.
  cairn::util::LogConfig quiet;
  quiet.levels.fill(cairn::util::LogLevel::Warn);
  (void)cairn::util::ConfigureLogging(quiet);
  const std::string mode = argc >= 2 ? argv[1] : "";
  if (mode == "crypto") return cairn::bench::RunCrypto();
  if (mode == "ledger") return cairn::bench::RunLedger();
  if (mode == "chain") return cairn::bench::RunChain();
  if (mode == "rpc") return cairn::bench::RunRpc();
  if (mode == "net") return cairn::bench::RunNet();
  if (mode == "gui") {
    const long blocks = argc >= 3 ? std::strtol(argv[2], nullptr, 10) : 3000;
    if (blocks < 10 || blocks > 1'000'000) {
      std::fprintf(stderr, "cairn-bench gui: BLOCKS must be 10..1000000\n");
      return 1;
    }
    return cairn::bench::RunGui(argc, argv, static_cast<std::uint64_t>(blocks));
  }
  if (mode == "storage") {
    const long blocks = argc >= 3 ? std::strtol(argv[2], nullptr, 10) : 20;
    if (blocks < 1 || blocks > 10'000) {
      std::fprintf(stderr, "cairn-bench storage: BLOCKS must be 1..10000\n");
      return 1;
    }
    return cairn::bench::RunStorage(static_cast<std::size_t>(blocks));
  }
  std::fprintf(stderr,
               "usage: cairn-bench MODE\n"
               "modes:\n"
               "  crypto   Ed25519 sign/verify vs plain libsodium, ECVRF, SHA-256, codec\n"
               "  ledger   state transition and apply+commit of 5,000-transfer blocks vs raw verify\n"
               "  storage [BLOCKS]  ChainStore commit cost (synchronous FULL and NORMAL) vs raw SQLite\n"
               "  chain    single-validator devnet node under load: finalized tx/s, finality p50/p95, peak RSS\n"
               "  gui [BLOCKS]  the desktop app while its node imports BLOCKS (3000) blocks: longest GUI stall, first frame\n"
               "  net      4 validators on loopback under load: net finalized tx/s, finality p95, fresh-node sync vs import\n"
               "  rpc      RPC req/s and p99 for /chain/head and blocks, 64 keep-alive connections, vs a raw responder\n");
  return mode.empty() || mode == "--help" ? (mode.empty() ? 1 : 0) : 1;
}
