#include "crypto/hmac.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>

#include "crypto/secure_memory.h"

namespace cairn::crypto {
namespace {

[[noreturn]] void Fatal(const char* what) {
  std::fprintf(stderr, "fatal: %s\n", what);
  std::abort();
}

}  // namespace

void HmacSha512(util::ByteSpan key, std::initializer_list<util::ByteSpan> parts, std::span<std::uint8_t> out) {
  if (out.size() != HMAC_SHA512_SIZE) Fatal("HmacSha512 output must be 64 bytes");
  EnsureSodium();
  crypto_auth_hmacsha512_state state;
  crypto_auth_hmacsha512_init(&state, key.data(), key.size());
  for (const auto part : parts) crypto_auth_hmacsha512_update(&state, part.data(), part.size());
  crypto_auth_hmacsha512_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
}

void HmacSha512(util::ByteSpan key, util::ByteSpan data, std::span<std::uint8_t> out) {
  HmacSha512(key, {data}, out);
}

void Pbkdf2HmacSha512(util::ByteSpan password, util::ByteSpan salt, std::uint32_t iterations,
                      std::span<std::uint8_t> out) {
  if (iterations == 0 || iterations > 0x7fffffff) Fatal("PBKDF2 iteration count out of range");
  const int ok = PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                                   salt.data(), static_cast<int>(salt.size()), static_cast<int>(iterations),
                                   EVP_sha512(), static_cast<int>(out.size()), out.data());
  if (ok != 1) Fatal("OpenSSL PBKDF2 failed");
}

}  // namespace cairn::crypto
