// Logging with categories and levels (DESIGN.md 3.6).
//
//   CAIRN_LOG(Net, Debug) << "dialing " << endpoint;
//
// The stream expression is evaluated only when the category is enabled at that level, so debug
// logging costs one relaxed atomic load when off. Lines go to stderr and/or a file; control characters
// in messages are escaped, so text from the network cannot forge log lines.
// Secrets are never logged: secret types in crypto/ delete their operator<<, so writing one to a log
// line does not compile.
// Thread safety: Configure() from the main thread before other threads log (or while they do: it is
// safe, lines may go to the old sink); logging from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/result.h"

namespace cairn::util {

enum class LogCategory : std::uint8_t {
  App, Net, P2p, Consensus, State, Storage, Mempool, Wallet, Rpc, Ui, Crypto, Chain,
  Count
};
enum class LogLevel : std::uint8_t { Trace, Debug, Info, Warn, Error, Off };

inline constexpr std::size_t LOG_CATEGORY_COUNT = static_cast<std::size_t>(LogCategory::Count);

std::string_view LogCategoryName(LogCategory c);
std::string_view LogLevelName(LogLevel l);
std::optional<LogCategory> ParseLogCategory(std::string_view name);
std::optional<LogLevel> ParseLogLevel(std::string_view name);

struct LogConfig {
  // Threshold per category: lines below it are dropped.
  std::array<LogLevel, LOG_CATEGORY_COUNT> levels;
  bool to_stderr = true;
  std::string file_path;  // empty: no file
  const Clock* clock = nullptr;  // null: the system clock

  LogConfig() { levels.fill(LogLevel::Info); }
};

// Applies "LEVEL" or "CATEGORY=LEVEL" items separated by commas, e.g. "info,net=debug,p2p=trace",
// on top of `config`. Returns the offending item on error.
Result<void, std::string> ApplyLogSpec(LogConfig& config, std::string_view spec);

// Installs `config`: opens (appends to) the log file if one is named. Fails with a message naming
// the file when it cannot be opened; logging then keeps its previous sinks.
Result<void, std::string> ConfigureLogging(const LogConfig& config);

bool LogEnabled(LogCategory category, LogLevel level);
void WriteLogLine(LogCategory category, LogLevel level, std::string_view message);

// One log line being built; written when destroyed.
class LogLine {
 public:
  LogLine(LogCategory category, LogLevel level) : m_category(category), m_level(level) {}
  ~LogLine() { WriteLogLine(m_category, m_level, m_stream.str()); }
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;
  std::ostream& stream() { return m_stream; }

 private:
  LogCategory m_category;
  LogLevel m_level;
  std::ostringstream m_stream;
};

// Lets the macro be a single expression (no dangling-else hazard).
struct LogVoidify {
  void operator&(std::ostream&) {}
};

}  // namespace cairn::util

#define CAIRN_LOG(category, level)                                                                   \
  !::cairn::util::LogEnabled(::cairn::util::LogCategory::category, ::cairn::util::LogLevel::level) \
      ? (void)0                                                                                     \
      : ::cairn::util::LogVoidify() &                                                               \
            ::cairn::util::LogLine(::cairn::util::LogCategory::category, ::cairn::util::LogLevel::level).stream()
