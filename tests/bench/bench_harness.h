// Measurement helpers shared by cairn-bench modes. Machines here are noisy, so a figure is the median
// of several rounds, and a wrapper is compared with its raw limit by interleaving their rounds
// (A B A B ...) so that both see the same machine conditions. Every printed figure is also collected
// for the closing JSON line.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cairn::bench {

// Runs `op` (which performs `ops_per_call` operations) repeatedly for about `seconds`; returns ops/s.
double OpsPerSecond(const std::function<void()>& op, double ops_per_call, double seconds);

// Median ops/s over `rounds` rounds of each, interleaved. Returns {a, b}.
std::pair<double, double> InterleavedMedians(const std::function<void()>& a, const std::function<void()>& b,
                                             double ops_per_call, double seconds_per_round, int rounds);

double Median(std::vector<double> values);

// The p-quantile (0 < p <= 1) of `values` (reordered); NaN when empty.
double Percentile(std::vector<double>& values, double p);

// The raw limit of every transaction and vote check: libsodium Ed25519 verification on 2 threads over
// the same 64 messages, median of 3 rounds of 1.5 s (verify/s). Exits the process if a check fails.
double RawVerifyRate2Core();

// Figures printed by a mode, in order, and emitted as one JSON object at the end.
class Report {
 public:
  explicit Report(std::string mode) : m_mode(std::move(mode)) {}
  // Prints "label: value unit" and records key=value.
  void Figure(const std::string& key, double value, const std::string& label, const std::string& unit);
  void Note(const std::string& key, const std::string& value);
  // The one-line JSON object; call last.
  void PrintJson() const;

 private:
  std::string m_mode;
  std::vector<std::pair<std::string, std::string>> m_fields;  // key, JSON-encoded value
};

}  // namespace cairn::bench
