// cairn-bench MODE: benchmarks, separate from the test suite. Each mode prints its figures beside the
// raw limit measured in the same run on the same machine, and ends with one line of JSON.
#include <cstdio>
#include <cstring>
#include <string>

#include "bench_modes.h"

int main(int argc, char** argv) {
  const std::string mode = argc >= 2 ? argv[1] : "";
  if (mode == "crypto") return cairn::bench::RunCrypto();
  std::fprintf(stderr,
               "usage: cairn-bench MODE\n"
               "modes:\n"
               "  crypto   Ed25519 sign/verify vs plain libsodium, ECVRF, SHA-256, codec\n");
  return mode.empty() || mode == "--help" ? (mode.empty() ? 1 : 0) : 1;
}
