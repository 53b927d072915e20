#include "bench_harness.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cairn::bench {

double OpsPerSecond(const std::function<void()>& op, double ops_per_call, double seconds) {
  using Clock = std::chrono::steady_clock;
  op();  // warm caches and lazy initialization outside the timed window
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::uint64_t calls = 0;
  auto now = start;
  do {
    op();
    ++calls;
    now = Clock::now();
  } while (now < deadline);
  const double elapsed = std::chrono::duration<double>(now - start).count();
  return static_cast<double>(calls) * ops_per_call / elapsed;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::pair<double, double> InterleavedMedians(const std::function<void()>& a, const std::function<void()>& b,
                                             double ops_per_call, double seconds_per_round, int rounds) {
  std::vector<double> ra, rb;
  for (int i = 0; i < rounds; ++i) {
    ra.push_back(OpsPerSecond(a, ops_per_call, seconds_per_round));
    rb.push_back(OpsPerSecond(b, ops_per_call, seconds_per_round));
  }
  return {Median(ra), Median(rb)};
}

void Report::Figure(const std::string& key, double value, const std::string& label, const std::string& unit) {
  std::printf("%-44s %14.3f %s\n", (label + ":").c_str(), value, unit.c_str());
  char buf[64];
  if (!std::isfinite(value)) {
    std::snprintf(buf, sizeof buf, "null");
  } else {
    std::snprintf(buf, sizeof buf, "%.4f", value);
  }
  m_fields.emplace_back(key, buf);
}

void Report::Note(const std::string& key, const std::string& value) {
  std::printf("%-44s %s\n", (key + ":").c_str(), value.c_str());
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) quoted += c;
  }
  m_fields.emplace_back(key, quoted + "\"");
}

void Report::PrintJson() const {
  std::string line = "{\"mode\":\"" + m_mode + "\"";
  for (const auto& [key, value] : m_fields) line += ",\"" + key + "\":" + value;
  line += "}";
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

}  // namespace cairn::bench
