#include "rpc/metrics_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <type_traits>

namespace cairn::rpc {

namespace {

// Shortest text that reads back as the same double; the format's spellings for the special values.
std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer, end);
}

class Writer {
 public:
  void Family(std::string_view name, std::string_view type, std::string_view help) {
    m_out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    m_out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  }
  void Sample(std::string_view name, std::string_view labels, std::string_view value) {
    m_out.append(name);
    if (!labels.empty()) m_out.append("{").append(labels).append("}");
    m_out.append(" ").append(value).append("\n");
  }
  void Gauge(std::string_view name, std::string_view help, std::uint64_t value) {
    Family(name, "gauge", help);
    Sample(name, {}, std::to_string(value));
  }
  void Counter(std::string_view name, std::string_view help, std::uint64_t value) {
    Family(name, "counter", help);
    Sample(name, {}, std::to_string(value));
  }
  void Histogram(std::string_view name, std::string_view help, const api::Histogram& h) {
    Family(name, "histogram", help);
    const std::string bucket = std::string(name) + "_bucket";
    // Clamp so the text is valid whatever the snapshot holds: buckets non-decreasing, +Inf = _count
    // the largest of them. Bounds must ascend strictly; a bound that does not is skipped.
    const std::size_t n = std::min(h.bounds.size(), h.buckets.size());
    std::uint64_t running = 0;
    double last_bound = -INFINITY;
    for (std::size_t i = 0; i < n; ++i) {
      if (!(h.bounds[i] > last_bound) || std::isinf(h.bounds[i]) || std::isnan(h.bounds[i])) continue;
      last_bound = h.bounds[i];
      running = std::max(running, h.buckets[i]);
      Sample(bucket, "le=\"" + FormatDouble(h.bounds[i]) + "\"", std::to_string(running));
    }
    const std::uint64_t count = std::max(running, h.count);
    Sample(bucket, "le=\"+Inf\"", std::to_string(count));
    Sample(std::string(name) + "_sum", {}, FormatDouble(h.sum));
    Sample(std::string(name) + "_count", {}, std::to_string(count));
  }
  template <class Key>
  void Labelled(std::string_view name, std::string_view help, std::string_view label,
                const std::vector<std::pair<Key, std::uint64_t>>& values) {
    Family(name, "counter", help);
    for (const auto& [key, count] : values) {
      std::string text;
      if constexpr (std::is_same_v<Key, int>) {
        text = std::to_string(key);
      } else {
        text = key;
      }
      Sample(name, std::string(label) + "=\"" + EscapeLabelValue(text) + "\"", std::to_string(count));
    }
  }
  std::string Take() { return std::move(m_out); }

 private:
  std::string m_out;
};

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderMetrics(const api::MetricsSnapshot& m, const RpcCountersSnapshot& rpc) {
  Writer w;
  w.Gauge("cairn_chain_height", "Height of the head block.", m.head_height);
  w.Gauge("cairn_chain_finalized_height", "Height of the latest finalized block.", m.finalized_height);
  w.Gauge("cairn_chain_finalized_slot", "Slot of the latest finalized checkpoint.", m.finalized_slot);
  w.Gauge("cairn_chain_finality_lag_slots", "Slots between the current slot and the finalized slot.",
          m.finality_lag_slots);
  w.Gauge("cairn_chain_slot", "The wall-clock slot the node last ticked.", m.current_slot);
  w.Histogram("cairn_block_process_seconds",
              "Time to build or verify, apply and commit a block (own proposals and imported blocks).",
              m.block_process_seconds);
  w.Histogram("cairn_vote_process_seconds", "Time to make, record, sign and count a vote.", m.vote_process_seconds);
  w.Gauge("cairn_mempool_txs", "Transactions in the mempool.", m.mempool_txs);
  w.Gauge("cairn_mempool_bytes", "Encoded size of the transactions in the mempool.", m.mempool_bytes);
  w.Counter("cairn_mempool_admitted_total", "Transactions admitted to the mempool.", m.mempool_admitted_total);
  w.Counter("cairn_mempool_rejected_total", "Transactions the mempool refused.", m.mempool_rejected_total);
  w.Gauge("cairn_peers", "Connected peers.", m.peers);
  w.Counter("cairn_p2p_bytes_received_total", "Bytes received from peers.", m.bytes_in_total);
  w.Counter("cairn_p2p_bytes_sent_total", "Bytes sent to peers.", m.bytes_out_total);
  w.Counter("cairn_validator_blocks_proposed_total", "Blocks this node's validator proposed.",
            m.blocks_proposed_total);
  w.Counter("cairn_validator_proposals_missed_total", "Slots of this node's validator without its block.",
            m.proposals_missed_total);
  w.Counter("cairn_validator_votes_cast_total", "Votes this node's validator cast.", m.votes_cast_total);
  w.Counter("cairn_validator_votes_missed_total", "Slots this node's active validator did not vote in.",
            m.votes_missed_total);
  w.Counter("cairn_txs_included_total", "Transactions in blocks this node applied.", m.txs_included_total);
  w.Labelled("cairn_rpc_requests_total", "RPC requests by JSON-RPC method (unknown names count as unknown).",
             "method", rpc.methods);
  w.Labelled("cairn_rpc_rest_requests_total", "REST requests by route.", "route", rpc.routes);
  w.Labelled("cairn_rpc_errors_total", "RPC error responses by JSON-RPC error code.", "code", rpc.errors);
  return w.Take();
}

}  // namespace cairn::rpc
