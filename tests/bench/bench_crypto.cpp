// cairn-bench crypto: our Ed25519 wrapper against plain libsodium (the raw limit), ECVRF, SHA-256
// against libsodium's SHA-256 and raw OpenSSL, Merkle roots, and the canonical codec.
#include <openssl/evp.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench_harness.h"
#include "bench_modes.h"
#include "bench_codec.h"
#include "crypto/ecvrf.h"
#include "crypto/ed25519.h"
#include "crypto/merkle.h"
#include "crypto/sha256.h"

namespace cairn::bench {
namespace {

constexpr int ROUNDS = 5;
constexpr double ROUND_SECONDS = 0.4;
constexpr std::size_t BATCH = 64;
constexpr std::size_t MSG_SIZE = 200;  // about the size of a signed transfer

struct Signed {
  crypto::SecretKey key;
  std::vector<std::uint8_t> msg;
  crypto::Signature sig;
};

std::vector<Signed> MakeBatch() {
  std::vector<Signed> out;
  for (std::size_t i = 0; i < BATCH; ++i) {
    auto key = crypto::SecretKey::Generate();
    std::vector<std::uint8_t> msg(MSG_SIZE);
    crypto::RandomBytes(msg);
    const auto sig = crypto::Sign(key, msg);
    out.push_back({std::move(key), std::move(msg), sig});
  }
  return out;
}

[[noreturn]] void Broken(const char* what) {
  std::fflush(stdout);
  std::fprintf(stderr, "cairn-bench: %s: refusing to report figures for a broken path\n", what);
  std::exit(2);
}

}  // namespace

int RunCrypto() {
  crypto::EnsureSodium();
  Report report("crypto");
  const auto batch = MakeBatch();
  std::printf("cairn-bench crypto: %d interleaved rounds of %.1f s each, medians; messages of %zu bytes\n\n", ROUNDS,
              ROUND_SECONDS, MSG_SIZE);

  // Ed25519 verify: the raw limit is libsodium's own call on the same inputs.
  std::size_t failures = 0;
  auto raw_verify = [&] {
    for (const auto& s : batch) {
      failures += crypto_sign_verify_detached(s.sig.data(), s.msg.data(), s.msg.size(), s.key.public_key().data()) != 0;
    }
  };
  auto our_verify = [&] {
    for (const auto& s : batch) failures += !crypto::Verify(s.key.public_key(), s.msg, s.sig);
  };
  const auto [raw_v, our_v] = InterleavedMedians(raw_verify, our_verify, BATCH, ROUND_SECONDS, ROUNDS);
  if (failures != 0) Broken("a valid signature failed to verify");
  report.Figure("raw_verify_per_s", raw_v, "raw libsodium Ed25519 verify (1 core)", "verify/s");
  report.Figure("verify_per_s", our_v, "cairn crypto::Verify (1 core)", "verify/s");
  report.Figure("verify_ratio", our_v / raw_v, "ratio wrapper / raw (goal >= 0.95)", "x");

  crypto::Signature sink{};
  auto raw_sign = [&] {
    for (const auto& s : batch) {
      crypto_sign_detached(sink.data(), nullptr, s.msg.data(), s.msg.size(), s.key.expanded().data());
    }
  };
  auto our_sign = [&] {
    for (const auto& s : batch) sink = crypto::Sign(s.key, s.msg);
  };
  const auto [raw_s, our_s] = InterleavedMedians(raw_sign, our_sign, BATCH, ROUND_SECONDS, ROUNDS);
  report.Figure("raw_sign_per_s", raw_s, "raw libsodium Ed25519 sign (1 core)", "sign/s");
  report.Figure("sign_per_s", our_s, "cairn crypto::Sign (1 core)", "sign/s");
  report.Figure("sign_ratio", our_s / raw_s, "ratio wrapper / raw", "x");

  // ECVRF: no library to compare with; its cost is shown relative to one raw verification.
  std::vector<crypto::VrfProof> proofs;
  for (const auto& s : batch) proofs.push_back(crypto::VrfProve(s.key, s.msg));
  crypto::VrfProof proof_sink{};
  auto vrf_prove = [&] {
    for (const auto& s : batch) proof_sink = crypto::VrfProve(s.key, s.msg);
  };
  std::size_t vrf_failures = 0;
  auto vrf_verify = [&] {
    for (std::size_t i = 0; i < BATCH; ++i) vrf_failures += !crypto::VrfVerify(batch[i].key.public_key(), batch[i].msg, proofs[i]);
  };
  const auto [prove_rate, vrf_verify_rate] = InterleavedMedians(vrf_prove, vrf_verify, BATCH, ROUND_SECONDS, ROUNDS);
  if (vrf_failures != 0) Broken("a valid VRF proof failed to verify");
  report.Figure("vrf_prove_per_s", prove_rate, "ECVRF prove (1 core)", "proofs/s");
  report.Figure("vrf_verify_per_s", vrf_verify_rate, "ECVRF verify (1 core)", "verifies/s");
  report.Figure("vrf_verify_vs_raw_verify", vrf_verify_rate / raw_v, "ECVRF verify / raw Ed25519 verify", "x");

  // SHA-256 throughput on 1 MiB: ours (OpenSSL) against libsodium's SHA-256 as the comparison point.
  std::vector<std::uint8_t> big(1 << 20);
  crypto::RandomBytes(big);
  crypto::Hash256 digest{};
  auto our_sha_big = [&] { digest = crypto::Sha256(big); };
  auto sodium_sha_big = [&] { crypto_hash_sha256(digest.data(), big.data(), big.size()); };
  const auto [our_mb, sodium_mb] = InterleavedMedians(our_sha_big, sodium_sha_big, 1.0, ROUND_SECONDS, ROUNDS);
  report.Figure("sha256_mb_per_s", our_mb, "SHA-256, 1 MiB blocks (OpenSSL)", "MiB/s");
  report.Figure("sodium_sha256_mb_per_s", sodium_mb, "SHA-256, 1 MiB blocks (libsodium)", "MiB/s");

  // Small inputs dominate (ids, Merkle nodes). The raw limit is OpenSSL at its best: a prefetched
  // digest and one reused context, with no wrapper around it.
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::uint8_t small[64] = {1};
  auto raw_sha_small = [&] {
    for (int i = 0; i < 64; ++i) {
      EVP_DigestInit_ex2(ctx, md, nullptr);
      EVP_DigestUpdate(ctx, small, sizeof small);
      EVP_DigestFinal_ex(ctx, digest.data(), nullptr);
    }
  };
  auto our_sha_small = [&] {
    for (int i = 0; i < 64; ++i) digest = crypto::Sha256({small, sizeof small});
  };
  const auto [raw_small, our_small] = InterleavedMedians(raw_sha_small, our_sha_small, 64, ROUND_SECONDS, ROUNDS);
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  report.Figure("raw_sha256_64b_per_s", raw_small, "raw OpenSSL (reused ctx), 64-byte inputs", "hash/s");
  report.Figure("sha256_64b_per_s", our_small, "cairn crypto::Sha256, 64-byte inputs", "hash/s");
  report.Figure("sha256_64b_ratio", our_small / raw_small, "ratio wrapper / raw", "x");

  std::vector<crypto::Hash256> items(5000);
  for (auto& h : items) crypto::RandomBytes(h.bytes);
  auto merkle = [&] { digest = crypto::MerkleRoot(items); };
  report.Figure("merkle_5000_roots_per_s", OpsPerSecond(merkle, 1.0, ROUND_SECONDS * 2),
                "Merkle root of 5,000 ids", "roots/s");

  RunCodecFigures(report, ROUND_SECONDS, ROUNDS);

  std::printf("\n");
  report.PrintJson();
  return 0;
}

}  // namespace cairn::bench
