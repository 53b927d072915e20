// The node's metrics in the Prometheus text exposition format 0.0.4 (what GET /metrics serves):
// api::MetricsSnapshot plus the RPC's own request and error counters.
//
// Every family has `# HELP` and `# TYPE`; counters end in `_total`; histograms have cumulative
// `_bucket{le="..."}` samples ending in `le="+Inf"` (equal to `_count`), then `_sum` and `_count`;
// label values are escaped (backslash, double quote, newline).
// Thread safety: pure functions over values, callable from any thread.
// Failure: none; a malformed histogram in the snapshot (buckets not matching bounds, or not
// cumulative) is rendered clamped into a valid one rather than producing invalid text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/types.h"

namespace cairn::rpc {

inline constexpr std::string_view METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

struct RpcCountersSnapshot {
  std::vector<std::pair<std::string, std::uint64_t>> methods;  // JSON-RPC method name (or "unknown") -> count
  std::vector<std::pair<std::string, std::uint64_t>> routes;   // REST route pattern -> count
  std::vector<std::pair<int, std::uint64_t>> errors;           // error code -> count
};

std::string RenderMetrics(const api::MetricsSnapshot& node, const RpcCountersSnapshot& rpc);

// A label value with `\`, `"` and newline escaped as the format requires.
std::string EscapeLabelValue(std::string_view value);

}  // namespace cairn::rpc
