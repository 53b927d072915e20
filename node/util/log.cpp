#include "util/log.h"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

namespace cairn::util {
namespace {

constexpr std::array<std::string_view, LOG_CATEGORY_COUNT> CATEGORY_NAMES = {
    "app", "net", "p2p", "consensus", "state", "storage", "mempool", "wallet", "rpc", "ui", "crypto", "chain"};
constexpr std::array<std::string_view, 6> LEVEL_NAMES = {"trace", "debug", "info", "warn", "error", "off"};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

struct LogState {
  std::array<std::atomic<std::uint8_t>, LOG_CATEGORY_COUNT> thresholds;
  std::mutex mutex;  // guards the sinks below
  bool to_stderr = true;
  std::unique_ptr<std::FILE, FileCloser> file;
  const Clock* clock = &SystemClock::Instance();

  LogState() {
    for (auto& t : thresholds) t.store(static_cast<std::uint8_t>(LogLevel::Info));
  }
};

LogState& State() {
  static LogState state;
  return state;
}

std::string FormatTimestamp(std::int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // sized for any int the format could print, to satisfy -Wformat-truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(((ms % 1000) + 1000) % 1000));
  return buf;
}

// Escapes control characters so one call always produces exactly one line.
void AppendEscaped(std::string& out, std::string_view message) {
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string_view LogCategoryName(LogCategory c) { return CATEGORY_NAMES.at(static_cast<std::size_t>(c)); }
std::string_view LogLevelName(LogLevel l) { return LEVEL_NAMES.at(static_cast<std::size_t>(l)); }

std::optional<LogCategory> ParseLogCategory(std::string_view name) {
  for (std::size_t i = 0; i < CATEGORY_NAMES.size(); ++i) {
    if (CATEGORY_NAMES[i] == name) return static_cast<LogCategory>(i);
  }
  return std::nullopt;
}

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (std::size_t i = 0; i < LEVEL_NAMES.size(); ++i) {
    if (LEVEL_NAMES[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

Result<void, std::string> ApplyLogSpec(LogConfig& config, std::string_view spec) {
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      const auto level = ParseLogLevel(item);
      if (!level) return Err("unknown log level '" + std::string(item) + "'");
      config.levels.fill(*level);
      continue;
    }
    const auto category = ParseLogCategory(item.substr(0, eq));
    const auto level = ParseLogLevel(item.substr(eq + 1));
    if (!category || !level) return Err("bad log setting '" + std::string(item) + "' (want CATEGORY=LEVEL)");
    config.levels[static_cast<std::size_t>(*category)] = *level;
  }
  return {};
}

Result<void, std::string> ConfigureLogging(const LogConfig& config) {
  std::unique_ptr<std::FILE, FileCloser> file;
  if (!config.file_path.empty()) {
    file.reset(std::fopen(config.file_path.c_str(), "a"));
    if (!file) return Err("cannot open log file " + config.file_path);
  }
  LogState& s = State();
  std::lock_guard lock(s.mutex);
  s.file = std::move(file);
  s.to_stderr = config.to_stderr;
  s.clock = config.clock ? config.clock : &SystemClock::Instance();
  for (std::size_t i = 0; i < LOG_CATEGORY_COUNT; ++i) {
    s.thresholds[i].store(static_cast<std::uint8_t>(config.levels[i]), std::memory_order_relaxed);
  }
  return {};
}

bool LogEnabled(LogCategory category, LogLevel level) {
  const auto threshold = State().thresholds[static_cast<std::size_t>(category)].load(std::memory_order_relaxed);
  return static_cast<std::uint8_t>(level) >= threshold && level != LogLevel::Off;
}

void WriteLogLine(LogCategory category, LogLevel level, std::string_view message) {
  LogState& s = State();
  std::string line;
  line.reserve(message.size() + 48);
  {
    std::lock_guard lock(s.mutex);
    line = FormatTimestamp(s.clock->NowMs());
  }
  line += ' ';
  line += LogLevelName(level);
  line += ' ';
  line += LogCategoryName(category);
  line += ": ";
  AppendEscaped(line, message);
  line += '\n';
  std::lock_guard lock(s.mutex);
  if (s.to_stderr) std::fwrite(line.data(), 1, line.size(), stderr);
  if (s.file) {
    std::fwrite(line.data(), 1, line.size(), s.file.get());
    std::fflush(s.file.get());  // a crash must not eat the lines that explain it
  }
}

}  // namespace cairn::util
