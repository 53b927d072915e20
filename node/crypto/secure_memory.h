// Memory for secrets: allocated with libsodium's guarded allocator (guard pages, mlock so it never
// reaches swap) and wiped when freed. A SecureBuffer has a fixed size, moves but never copies
// implicitly (Clone() makes copying visible), and cannot be streamed into a log line.
// Thread safety: a SecureBuffer is a value owned by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>

#include "util/bytes.h"

namespace cairn::crypto {

// Initializes libsodium once; safe to call from any thread, any number of times. Aborts if
// libsodium cannot initialize (no usable randomness source), since nothing secure can run then.
void EnsureSodium();

class SecureBuffer {
 public:
  SecureBuffer() = default;
  explicit SecureBuffer(std::size_t size);  // zero-filled
  static SecureBuffer CopyOf(util::ByteSpan bytes);
  ~SecureBuffer();
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;
  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;

  SecureBuffer Clone() const { return CopyOf(span()); }
  std::uint8_t* data() { return m_data; }
  const std::uint8_t* data() const { return m_data; }
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  util::ByteSpan span() const { return {m_data, m_size}; }
  std::span<std::uint8_t> mutable_span() { return {m_data, m_size}; }

 private:
  std::uint8_t* m_data = nullptr;
  std::size_t m_size = 0;
};

// Secrets never reach a log line or a stream.
std::ostream& operator<<(std::ostream&, const SecureBuffer&) = delete;

// Wipes memory in a way the optimizer cannot remove.
void Wipe(std::span<std::uint8_t> bytes);

// Constant-time comparison of equal-length byte strings (false when lengths differ).
bool ConstantTimeEqual(util::ByteSpan a, util::ByteSpan b);

// Fills `out` from the operating system's CSPRNG.
void RandomBytes(std::span<std::uint8_t> out);

}  // namespace cairn::crypto
