#include "storage/pending_state.h"

#include <algorithm>

#include "util/hex.h"

namespace cairn::storage {
namespace {

constexpr std::size_t ENTRY_OVERHEAD = 96;  // map node, two optionals, three vector headers

std::array<std::uint64_t, 4> EntryLimbs(util::ByteSpan key, util::ByteSpan value) {
  // The key length first keeps (key, value) -> bytes injective. Keys are at most 128 bytes.
  util::Bytes buf;
  buf.reserve(2 + key.size() + value.size());
  buf.push_back(static_cast<std::uint8_t>(key.size() & 0xff));
  buf.push_back(static_cast<std::uint8_t>(key.size() >> 8));
  util::Append(buf, key);
  util::Append(buf, value);
  const crypto::Hash256 h = crypto::TaggedHash("cairn/storage/state-entry", buf);
  std::array<std::uint64_t, 4> limbs{};
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 8; ++j) limbs[i] |= std::uint64_t{h.bytes[i * 8 + j]} << (8 * j);
  }
  return limbs;
}

std::size_t ValueBytes(const std::optional<util::Bytes>& v) { return v ? v->size() : 0; }

}  // namespace

void StateDigest::Add(util::ByteSpan key, util::ByteSpan value) {
  const auto x = EntryLimbs(key, value);
  unsigned carry = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint64_t sum = m_limbs[i] + x[i];
    const unsigned c1 = sum < m_limbs[i] ? 1 : 0;
    const std::uint64_t total = sum + carry;
    const unsigned c2 = total < sum ? 1 : 0;
    m_limbs[i] = total;
    carry = c1 | c2;
  }
}

void StateDigest::Remove(util::ByteSpan key, util::ByteSpan value) {
  const auto x = EntryLimbs(key, value);
  unsigned borrow = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint64_t diff = m_limbs[i] - x[i];
    const unsigned b1 = m_limbs[i] < x[i] ? 1 : 0;
    const std::uint64_t total = diff - borrow;
    const unsigned b2 = diff < borrow ? 1 : 0;
    m_limbs[i] = total;
    borrow = b1 | b2;
  }
}

crypto::Hash256 StateDigest::ToBytes() const {
  crypto::Hash256 out;
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 8; ++j) out.bytes[i * 8 + j] = static_cast<std::uint8_t>(m_limbs[i] >> (8 * j));
  }
  return out;
}

StateDigest StateDigest::FromBytes(const crypto::Hash256& bytes) {
  StateDigest d;
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 8; ++j) d.m_limbs[i] |= std::uint64_t{bytes.bytes[i * 8 + j]} << (8 * j);
  }
  return d;
}


// Moves `key` from value `from` to value `to` at the head. An entry whose head returns to its base is
// dropped; a key without an entry has head == base == `from`.
void PendingState::Set(const util::Bytes& key, const std::optional<util::Bytes>& from,
                       const std::optional<util::Bytes>& to) {
  auto it = m_entries.find(key);
  if (it == m_entries.end()) {
    m_bytes += ENTRY_OVERHEAD + key.size() + ValueBytes(from) + ValueBytes(to);
    m_entries.emplace(key, Entry{from, to});
    return;
  }
  m_bytes -= ValueBytes(it->second.head);
  if (it->second.base == to) {
    m_bytes -= ENTRY_OVERHEAD + key.size() + ValueBytes(it->second.base);
    m_entries.erase(it);
    return;
  }
  it->second.head = to;
  m_bytes += ValueBytes(to);
}

std::optional<std::string> PendingState::Forward(const state::StateDiff& diff) {
  for (std::size_t i = 0; i < diff.writes.size(); ++i) {
    const auto& w = diff.writes[i];
    const auto it = m_entries.find(w.key);
    if (it != m_entries.end() && it->second.head != w.before) {
      // Undo the writes already made; a key appears once per diff, so this is exact.
      for (std::size_t j = i; j-- > 0;) Set(diff.writes[j].key, diff.writes[j].after, diff.writes[j].before);
      return "the diff's value before the block at key " + util::ToHex(w.key) +
             " differs from the value the stored chain left there";
    }
    Set(w.key, w.before, w.after);
  }
  return std::nullopt;
}

std::vector<const PendingState::Map::value_type*> PendingState::Sorted() const {
  std::vector<const Map::value_type*> out;
  out.reserve(m_entries.size());
  for (const auto& entry : m_entries) out.push_back(&entry);
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return state::BytesLess{}(a->first, b->first); });
  return out;
}

void PendingState::Backward(const state::StateDiff& diff) {
  for (const auto& w : diff.writes) Set(w.key, w.after, w.before);
}

void PendingState::Clear() {
  m_entries.clear();
  m_bytes = 0;
}

}  // namespace cairn::storage
