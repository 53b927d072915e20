// Injectable time source. Consensus code never reads a clock (DESIGN.md 3.3); the runtime passes
// time in, taken from a Clock, so tests and simulations can drive time by hand.
// Thread safety: every Clock method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace cairn::util {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time: milliseconds since the Unix epoch (UTC). Used for slots and log stamps.
  virtual std::int64_t NowMs() const = 0;
  // Monotonic milliseconds from an arbitrary origin: for timeouts and durations only.
  virtual std::int64_t SteadyMs() const = 0;
};

// The machine's clocks.
class SystemClock final : public Clock {
 public:
  std::int64_t NowMs() const override;
  std::int64_t SteadyMs() const override;
  // A process-wide instance for code that has no clock injected.
  static const SystemClock& Instance();
};

// A clock that moves only when told to: for deterministic tests and simulations.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t now_ms = 0) : m_now(now_ms) {}
  std::int64_t NowMs() const override { return m_now.load(); }
  std::int64_t SteadyMs() const override { return m_now.load(); }
  void SetMs(std::int64_t now_ms) { m_now.store(now_ms); }
  void AdvanceMs(std::int64_t delta_ms) { m_now.fetch_add(delta_ms); }

 private:
  std::atomic<std::int64_t> m_now;
};

}  // namespace cairn::util
