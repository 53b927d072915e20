#include "runtime/fork_state.h"

#include <algorithm>

namespace cairn::runtime {

ForkState::ForkState(const state::MemoryState& head, const std::vector<const state::StateDiff*>& reverted,
                     const std::vector<const state::StateDiff*>& applied)
    : m_head(head) {
  // Head first: a later (lower) block's `before` overwrites a higher one's, leaving the ancestor's value.
  for (const state::StateDiff* diff : reverted) {
    for (const auto& w : diff->writes) m_overrides[w.key] = w.before;
  }
  for (const state::StateDiff* diff : applied) {
    for (const auto& w : diff->writes) m_overrides[w.key] = w.after;
  }
}

std::optional<util::Bytes> ForkState::Get(util::ByteSpan key) const {
  const auto it = m_overrides.find(key);
  if (it != m_overrides.end()) return it->second;
  return m_head.Get(key);
}

void ForkState::ForEachWithPrefix(util::ByteSpan prefix,
                                  const std::function<bool(util::ByteSpan key, util::ByteSpan value)>& visit) const {
  const util::Bytes start(prefix.begin(), prefix.end());
  auto has_prefix = [&](const util::Bytes& key) {
    return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
  };
  auto o = m_overrides.lower_bound(start);
  const state::BytesLess less;
  bool stopped = false;
  // Emits the overrides before `bound` (all remaining when null); false when the visitor stopped.
  auto emit_overrides_before = [&](const util::Bytes* bound) {
    for (; o != m_overrides.end() && has_prefix(o->first) && (bound == nullptr || less(o->first, *bound)); ++o) {
      if (o->second && !visit(o->first, *o->second)) return false;
    }
    return true;
  };
  m_head.ForEachWithPrefix(prefix, [&](util::ByteSpan key, util::ByteSpan value) {
    const util::Bytes k(key.begin(), key.end());
    if (!emit_overrides_before(&k)) {
      stopped = true;
      return false;
    }
    if (o != m_overrides.end() && o->first == k) {
      const auto& replaced = o->second;
      ++o;
      if (!replaced) return true;  // erased on the way to this state
      if (!visit(k, *replaced)) {
        stopped = true;
        return false;
      }
      return true;
    }
    if (!visit(key, value)) {
      stopped = true;
      return false;
    }
    return true;
  });
  if (!stopped) emit_overrides_before(nullptr);
}

state::StateDiff ForkState::ToParent() const {
  state::StateDiff diff;
  diff.writes.reserve(m_overrides.size());
  for (const auto& [key, value] : m_overrides) {
    auto current = m_head.Get(key);
    if (current == value) continue;
    diff.writes.push_back({key, std::move(current), value});
  }
  return diff;
}

}  // namespace cairn::runtime
