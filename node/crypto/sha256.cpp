#include "crypto/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace cairn::crypto {
namespace {

// Fetching the algorithm once avoids OpenSSL 3's per-call provider lookup.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) {
    std::fputs("fatal: OpenSSL has no SHA256\n", stderr);
    std::abort();
  }
  return md;
}

[[noreturn]] void OpenSslFailure() {
  std::fputs("fatal: OpenSSL SHA-256 call failed\n", stderr);
  std::abort();
}

constexpr std::uint8_t TAG_TERMINATOR = 0x00;

}  // namespace

struct Sha256Hasher::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  void Reset() {
    if (ctx == nullptr || EVP_DigestInit_ex2(ctx, Sha256Md(), nullptr) != 1) OpenSslFailure();
  }
};

Sha256Hasher::Sha256Hasher() : m_impl(new Impl) { m_impl->Reset(); }

Sha256Hasher::Sha256Hasher(std::string_view tag) : Sha256Hasher() {
  Write(util::AsBytes(tag));
  Write({&TAG_TERMINATOR, 1});
}

Sha256Hasher::~Sha256Hasher() {
  EVP_MD_CTX_free(m_impl->ctx);
  delete m_impl;
}

Sha256Hasher& Sha256Hasher::Write(util::ByteSpan data) {
  if (EVP_DigestUpdate(m_impl->ctx, data.data(), data.size()) != 1) OpenSslFailure();
  return *this;
}

Hash256 Sha256Hasher::Finalize() {
  Hash256 out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(m_impl->ctx, out.data(), &len) != 1 || len != out.size()) OpenSslFailure();
  m_impl->Reset();
  return out;
}

Hash256 Sha256(util::ByteSpan data) {
  thread_local Sha256Hasher hasher;
  return hasher.Write(data).Finalize();
}

Hash256 TaggedHash(std::string_view tag, util::ByteSpan data) {
  thread_local Sha256Hasher hasher;
  return hasher.Write(util::AsBytes(tag)).Write({&TAG_TERMINATOR, 1}).Write(data).Finalize();
}

}  // namespace cairn::crypto
