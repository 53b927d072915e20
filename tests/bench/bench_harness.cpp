#include "bench_harness.h"

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "crypto/ed25519.h"

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

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return NAN;
  const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

double RawVerifyRate2Core() {
  constexpr std::size_t MESSAGES = 64;
  const auto key = crypto::SecretKey::Generate();
  std::vector<std::vector<std::uint8_t>> msgs;
  std::vector<crypto::Signature> sigs;
  for (std::size_t i = 0; i < MESSAGES; ++i) {
    msgs.emplace_back(160, static_cast<std::uint8_t>(i));
    sigs.push_back(crypto::Sign(key, msgs.back()));
  }
  std::atomic<std::size_t> bad{0};
  std::vector<double> rates;
  for (int round = 0; round < 3; ++round) {
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> done{0};
    auto worker = [&] {
      std::uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        for (std::size_t i = 0; i < MESSAGES; ++i) {
          bad += crypto_sign_verify_detached(sigs[i].data(), msgs[i].data(), msgs[i].size(),
                                             key.public_key().data()) != 0;
        }
        n += MESSAGES;
      }
      done += n;
    };
    const auto start = std::chrono::steady_clock::now();
    std::thread a(worker);
    std::thread b(worker);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    stop = true;
    a.join();
    b.join();
    rates.push_back(static_cast<double>(done.load()) /
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (bad != 0) {
    std::fprintf(stderr, "cairn-bench: raw Ed25519 verification failed\n");
    std::exit(2);
  }
  return Median(rates);
}

}  // namespace cairn::bench
