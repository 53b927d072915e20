#include "consensus/slot_clock.h"

namespace cairn::consensus {

SlotClock::SlotClock(const util::Clock& clock, std::int64_t genesis_time_ms, std::int64_t slot_ms)
    : m_clock(clock), m_genesis_ms(genesis_time_ms), m_slot_ms(slot_ms > 0 ? slot_ms : 1) {}

std::optional<SlotTime> SlotClock::At(std::int64_t now_ms) const {
  if (now_ms < m_genesis_ms) return std::nullopt;
  const std::int64_t since = now_ms - m_genesis_ms;
  return SlotTime{static_cast<chain::Slot>(since / m_slot_ms), since % m_slot_ms};
}

std::int64_t SlotClock::SlotStartMs(chain::Slot slot) const {
  return m_genesis_ms + static_cast<std::int64_t>(slot) * m_slot_ms;
}

std::int64_t SlotClock::VoteDeadlineMs(chain::Slot slot) const { return SlotStartMs(slot) + m_slot_ms / 3; }

}  // namespace cairn::consensus
