// HTTP load for cairn-bench: an asynchronous load generator (keep-alive connections, one request in
// flight on each) and RawServer, a bare Asio responder that answers without parsing, as the raw limit
// the real server is measured against in the same run.
//
// Thread safety: RunHttpLoad blocks its caller and runs its own threads; RawServer's Start/port/Stop are
// called from one owner thread. Ownership: each owns its io_context and threads.
// Failure: connection and request failures are counted in LoadResult::errors, never thrown; RawServer
// Start returns false (with a message) when it cannot listen.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cairn::bench {

struct LoadSpec {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::vector<std::string> targets = {"/"};  // GET targets, cycled over the requests
  std::string auth_header;                   // the whole Authorization value; empty: none sent
  std::size_t connections = 64;
  std::chrono::milliseconds duration{2000};
  std::size_t threads = 1;
};

struct LoadResult {
  std::uint64_t requests = 0;  // completed with a 2xx status
  std::uint64_t errors = 0;    // other statuses, and failed connections or exchanges
  double seconds = 0;
  double requests_per_s = 0;
  double p50_ms = 0;  // latency percentiles over every completed request (exact, from all samples)
  double p99_ms = 0;
  double max_ms = 0;
};

LoadResult RunHttpLoad(const LoadSpec& spec);

// Reads until a blank line, writes one canned 200 response with a small JSON body, repeats (keep-alive).
// Requests with bodies are not supported: it is a yardstick for GET, not a server.
class RawServer {
 public:
  RawServer();
  ~RawServer();  // Stop()
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  // Listens on 127.0.0.1:`port` (0: ephemeral) with `threads` I/O threads.
  bool Start(std::uint16_t port = 0, std::size_t threads = 1, std::string* error = nullptr);
  std::uint16_t port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cairn::bench
