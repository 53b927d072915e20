// Slot arithmetic (PROTOCOL.md section 1: slots of fixed length numbered from genesis time) over an
// injectable util::Clock, so tests and simulations drive time by hand. Consensus code receives slots
// and times as arguments; only the runtime asks a SlotClock.
// Thread safety: immutable after construction; any thread. The clock must outlive the SlotClock.
#pragma once

#include <cstdint>
#include <optional>

#include "chain/ids.h"
#include "util/clock.h"

namespace cairn::consensus {

struct SlotTime {
  chain::Slot slot = 0;
  std::int64_t ms_into_slot = 0;  // 0 .. slot_ms - 1
};

class SlotClock {
 public:
  // slot_ms must be positive (ChainParams validation guarantees 100..60000).
  SlotClock(const util::Clock& clock, std::int64_t genesis_time_ms, std::int64_t slot_ms);

  // The slot at wall time `now_ms`; nothing before genesis.
  std::optional<SlotTime> At(std::int64_t now_ms) const;
  std::optional<SlotTime> Now() const { return At(m_clock.NowMs()); }

  std::int64_t SlotStartMs(chain::Slot slot) const;
  // Votes are cast one third into the slot (PROTOCOL.md section 4); a block seen before this moment
  // of its own slot is timely and earns proposer boost.
  std::int64_t VoteDeadlineMs(chain::Slot slot) const;
  std::int64_t slot_ms() const { return m_slot_ms; }

 private:
  const util::Clock& m_clock;
  std::int64_t m_genesis_ms;
  std::int64_t m_slot_ms;
};

}  // namespace cairn::consensus
