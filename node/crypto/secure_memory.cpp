#include "crypto/secure_memory.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace cairn::crypto {

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) {
    std::fputs("fatal: libsodium failed to initialize\n", stderr);
    std::abort();
  }
}

SecureBuffer::SecureBuffer(std::size_t size) : m_size(size) {
  if (size == 0) return;
  EnsureSodium();
  m_data = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (m_data == nullptr) {
    std::fputs("fatal: out of secure memory\n", stderr);
    std::abort();
  }
  std::memset(m_data, 0, size);
}

SecureBuffer SecureBuffer::CopyOf(util::ByteSpan bytes) {
  SecureBuffer out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.m_data, bytes.data(), bytes.size());
  return out;
}

SecureBuffer::~SecureBuffer() {
  if (m_data != nullptr) sodium_free(m_data);  // sodium_free wipes before unmapping
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    if (m_data != nullptr) sodium_free(m_data);
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
  }
  return *this;
}

void Wipe(std::span<std::uint8_t> bytes) { sodium_memzero(bytes.data(), bytes.size()); }

bool ConstantTimeEqual(util::ByteSpan a, util::ByteSpan b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void RandomBytes(std::span<std::uint8_t> out) {
  if (out.empty()) return;  // an empty span may carry a null pointer, which randombytes_buf declares nonnull
  EnsureSodium();
  randombytes_buf(out.data(), out.size());
}

}  // namespace cairn::crypto
