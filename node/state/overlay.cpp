#include "state/overlay.h"

#include <algorithm>

namespace cairn::state {
namespace {

bool HasPrefix(util::ByteSpan key, util::ByteSpan prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

}  // namespace

Overlay::Entry& Overlay::Load(const StateKey& key) {
  Entry& e = m_entries[key];
  if (!e.loaded && !e.dirty) {
    e.before = m_base.Get(key.span());
    e.loaded = true;
  }
  return e;
}

const util::Bytes* Overlay::Get(const StateKey& key) {
  Entry& e = Load(key);
  const std::optional<util::Bytes>& v = e.dirty ? e.after : e.before;
  return v ? &*v : nullptr;
}

void Overlay::Put(const StateKey& key, util::Bytes value) {
  Entry& e = m_entries[key];
  e.after = std::move(value);
  e.dirty = true;
}

void Overlay::Erase(const StateKey& key) {
  Entry& e = m_entries[key];
  e.after.reset();
  e.dirty = true;
}

Overlay::Entries Overlay::Scan(const StateKey& prefix, const std::function<bool(util::ByteSpan)>& keep_going) {
  const util::ByteSpan p = prefix.span();
  // Written keys under the prefix, sorted.
  std::vector<std::pair<util::Bytes, const Entry*>> written;
  for (const auto& [key, entry] : m_entries) {
    if (entry.dirty && HasPrefix(key.span(), p)) written.emplace_back(key.ToBytes(), &entry);
  }
  std::sort(written.begin(), written.end(),
            [](const auto& a, const auto& b) { return BytesLess{}(a.first, b.first); });

  Entries out;
  bool stopped = false;
  std::size_t w = 0;
  auto emit = [&](util::ByteSpan key, const std::optional<util::Bytes>& value) {
    if (keep_going && !keep_going(key)) {
      stopped = true;
      return;
    }
    if (value) out.emplace_back(util::Bytes(key.begin(), key.end()), *value);
  };
  m_base.ForEachWithPrefix(p, [&](util::ByteSpan key, util::ByteSpan value) {
    while (!stopped && w < written.size() && BytesLess{}(written[w].first, key)) {
      emit(written[w].first, written[w].second->after);
      ++w;
    }
    if (stopped) return false;
    if (w < written.size() && std::equal(key.begin(), key.end(), written[w].first.begin(), written[w].first.end())) {
      emit(key, written[w].second->after);
      ++w;
    } else {
      emit(key, util::Bytes(value.begin(), value.end()));
    }
    return !stopped;
  });
  while (!stopped && w < written.size()) {
    emit(written[w].first, written[w].second->after);
    ++w;
  }
  return out;
}

StateDiff Overlay::Finish() {
  StateDiff diff;
  for (auto& [key, entry] : m_entries) {
    if (!entry.dirty) continue;
    if (!entry.loaded) {
      entry.before = m_base.Get(key.span());
      entry.loaded = true;
    }
    if (entry.before == entry.after) continue;
    diff.writes.push_back({key.ToBytes(), entry.before, entry.after});
  }
  std::sort(diff.writes.begin(), diff.writes.end(),
            [](const StateWrite& a, const StateWrite& b) { return BytesLess{}(a.key, b.key); });
  return diff;
}

}  // namespace cairn::state
