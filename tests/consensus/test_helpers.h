// Small helpers shared by the consensus tests: readable block ids and an in-memory ChainView.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "consensus/finality.h"

namespace cairn::test {

// The ASCII name, zero-padded to 32 bytes: ids compare bytewise as their names do ("b" > "a").
inline chain::BlockId Id(const std::string& name) {
  chain::BlockId id;
  for (std::size_t i = 0; i < name.size() && i < id.bytes.size(); ++i) id.bytes[i] = static_cast<std::uint8_t>(name[i]);
  return id;
}

class FakeChain final : public consensus::ChainView {
 public:
  void Add(const std::string& name, chain::Slot slot, const std::string& parent = {}) {
    m_blocks[Id(name)] = {slot, parent.empty() ? std::optional<chain::BlockId>() : Id(parent)};
  }
  chain::Checkpoint Cp(const std::string& name) const { return {m_blocks.at(Id(name)).first, Id(name)}; }
  std::optional<chain::BlockId> AncestorAtSlot(const chain::BlockId& tip, chain::Slot slot) const override {
    std::optional<chain::BlockId> at = tip;
    while (at) {
      const auto it = m_blocks.find(*at);
      if (it == m_blocks.end()) return std::nullopt;
      if (it->second.first == slot) return at;
      if (it->second.first < slot) return std::nullopt;
      at = it->second.second;
    }
    return std::nullopt;
  }

 private:
  std::map<chain::BlockId, std::pair<chain::Slot, std::optional<chain::BlockId>>> m_blocks;
};

}  // namespace cairn::test
