#include "state/state_diff.h"

#include <algorithm>

#include "util/hex.h"

namespace cairn::state {
namespace {

// Presence flag then, when present, the value: an absent value and an empty value differ.
void WriteOptional(chain::Writer& w, const std::optional<util::Bytes>& v) {
  w.Bool(v.has_value());
  if (v) w.VarBytes(*v);
}

std::optional<util::Bytes> ReadOptional(chain::Reader& r, std::string_view name) {
  if (!r.Bool(name)) return std::nullopt;
  return r.VarBytes(name, 0, MAX_STATE_VALUE_BYTES);
}

}  // namespace

util::Bytes Encode(const StateDiff& diff) {
  chain::Writer w;
  w.Varint(diff.writes.size());
  for (const auto& write : diff.writes) {
    w.VarBytes(write.key);
    WriteOptional(w, write.before);
    WriteOptional(w, write.after);
  }
  return w.Take();
}

util::Result<StateDiff, chain::DecodeError> DecodeStateDiff(util::ByteSpan bytes) {
  return chain::DecodeWhole<StateDiff>(bytes, "diff", [](chain::Reader& r) {
    StateDiff diff;
    // A write takes at least 3 bytes (empty key length, two absent flags).
    const std::size_t count = r.Count("writes", MAX_STATE_DIFF_WRITES, 3);
    diff.writes.reserve(count);
    chain::Reader::Field writes(r, "writes");
    for (std::size_t i = 0; i < count && r.ok(); ++i) {
      chain::Reader::Field f(r, i);
      const std::size_t start = r.offset();
      StateWrite write;
      write.key = r.VarBytes("key", 1, MAX_STATE_KEY_BYTES);
      write.before = ReadOptional(r, "before");
      write.after = ReadOptional(r, "after");
      if (!r.ok()) break;
      if (!diff.writes.empty() && !BytesLess{}(diff.writes.back().key, write.key)) {
        r.FailAt(chain::DecodeErrorKind::InvalidValue, "key", start, "keys must be strictly increasing");
      } else if (write.before == write.after) {
        r.FailAt(chain::DecodeErrorKind::InvalidValue, "after", start, "a write must change its key");
      }
      diff.writes.push_back(std::move(write));
    }
    return diff;
  });
}

StateDiff Inverse(const StateDiff& diff) {
  StateDiff out;
  out.writes.reserve(diff.writes.size());
  for (const auto& w : diff.writes) out.writes.push_back({w.key, w.after, w.before});
  return out;
}

std::optional<util::Bytes> MemoryState::Get(util::ByteSpan key) const {
  const auto it = m_map.find(key);
  if (it == m_map.end()) return std::nullopt;
  return it->second;
}

void MemoryState::ForEachWithPrefix(util::ByteSpan prefix,
                                    const std::function<bool(util::ByteSpan, util::ByteSpan)>& visit) const {
  for (auto it = m_map.lower_bound(prefix); it != m_map.end(); ++it) {
    const util::Bytes& key = it->first;
    if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin())) break;
    if (!visit(key, it->second)) break;
  }
}

util::Result<void, std::string> MemoryState::Apply(const StateDiff& diff) {
  for (const auto& w : diff.writes) {
    const auto it = m_map.find(util::ByteSpan(w.key));
    const bool present = it != m_map.end();
    if (present != w.before.has_value() || (present && it->second != *w.before)) {
      return util::Err("state diff does not match the state at key " + util::ToHex(w.key));
    }
  }
  for (const auto& w : diff.writes) {
    if (w.after) {
      m_map.insert_or_assign(w.key, *w.after);
    } else {
      m_map.erase(w.key);
    }
  }
  return {};
}

void MemoryState::Put(util::ByteSpan key, util::ByteSpan value) {
  m_map.insert_or_assign(util::Bytes(key.begin(), key.end()), util::Bytes(value.begin(), value.end()));
}

}  // namespace cairn::state
