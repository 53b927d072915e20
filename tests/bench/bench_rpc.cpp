// cairn-bench rpc: the real RPC stack (HttpServer + the JSON service over the live node's api::Node)
// under HTTP load while a single-validator devnet node produces a block every slot.
//
// Load: 64 keep-alive connections, one request in flight on each, cookie authentication on every
// request (as `cairn rpc` and scripts use it), for GET /chain/head and for GET /chain/block/{height}
// cycling over every height the chain has. Raw limit: RawServer, a bare Asio responder that answers a
// canned 200 without parsing, driven by the same load generator in the same run: what this machine's
// loopback, kernel and load generator allow at all. Goal (issue): >= 20,000 req/s for the head, p99 < 20 ms.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench_harness.h"
#include "bench_http_load.h"
#include "bench_modes.h"
#include "rpc/auth.h"
#include "rpc/http_server.h"
#include "rpc/rpc_service.h"
#include "runtime/node_context.h"

namespace cairn::bench {
namespace {

constexpr std::size_t CONNECTIONS = 64;
constexpr std::chrono::milliseconds ROUND{3000};
constexpr chain::Height MIN_HEIGHT = 3;

[[noreturn]] void Fail(const std::string& why) {
  std::fprintf(stderr, "cairn-bench rpc: %s\n", why.c_str());
  std::exit(1);
}

void PrintLoad(Report& report, const std::string& key, const std::string& label, const LoadResult& r) {
  report.Figure(key + "_req_per_s", r.requests_per_s, label + ": requests", "req/s");
  report.Figure(key + "_p50_ms", r.p50_ms, label + ": p50 latency", "ms");
  report.Figure(key + "_p99_ms", r.p99_ms, label + ": p99 latency", "ms");
  report.Figure(key + "_errors", static_cast<double>(r.errors), label + ": errors", "requests");
}

}  // namespace

int RunRpc() {
  Report report("rpc");
  const auto dir = std::filesystem::temp_directory_path() /
                   ("cairn-bench-rpc-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);

  runtime::NodeConfig config;
  config.network_dir = dir.string();
  runtime::NodeContext node(config);
  if (auto started = node.Start(); !started) Fail("node start: " + started.error());
  // Blocks to ask for; the genesis time is the next second, so this takes a few slots.
  while (node.status().head_height < MIN_HEIGHT) {
    if (node.status().halted) Fail("the node halted");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  auto service = rpc::MakeService(node.api());
  rpc::ServerConfig server_config;
  server_config.cookie_path = (dir / ".cookie").string();
  // The load generator is one client address making every request: lift the per-IP limits that
  // exist to stop one abusive client, or they would be what is measured.
  server_config.requests_per_s_per_ip = 1e9;
  server_config.burst = 1e9;
  auto server = rpc::HttpServer::Start(server_config, *service);
  if (!server) Fail("server: " + server.error());
  auto cookie = rpc::ReadCookieFile(*server_config.cookie_path);
  if (!cookie) Fail(cookie.error());
  const std::string auth = rpc::BasicAuthHeader(cookie->user, cookie->password);

  RawServer raw;
  std::string raw_error;
  if (!raw.Start(0, server_config.io_threads, &raw_error)) Fail("raw server: " + raw_error);

  LoadSpec raw_spec;
  raw_spec.port = raw.port();
  raw_spec.connections = CONNECTIONS;
  raw_spec.duration = ROUND;
  const LoadResult raw_result = RunHttpLoad(raw_spec);
  std::printf("raw limit: bare Asio responder, same load generator, %zu connections\n", CONNECTIONS);
  PrintLoad(report, "raw", "raw responder", raw_result);

  LoadSpec head_spec = raw_spec;
  head_spec.port = (*server)->port();
  head_spec.targets = {"/chain/head"};
  head_spec.auth_header = auth;
  const LoadResult head = RunHttpLoad(head_spec);
  PrintLoad(report, "head", "GET /chain/head", head);
  report.Figure("head_vs_raw", raw_result.requests_per_s > 0 ? head.requests_per_s / raw_result.requests_per_s : 0,
                "head req/s over the raw responder's", "x");

  LoadSpec block_spec = head_spec;
  block_spec.targets.clear();
  const chain::Height height = node.status().head_height;
  for (chain::Height h = 1; h <= height; ++h) block_spec.targets.push_back("/chain/block/" + std::to_string(h));
  const LoadResult block = RunHttpLoad(block_spec);
  PrintLoad(report, "block", "GET /chain/block/{height}", block);

  const auto final_status = node.status();
  report.Figure("head_height_end", static_cast<double>(final_status.head_height), "head height at the end (blocks kept coming)", "");
  report.Figure("p99_ms", std::max(head.p99_ms, block.p99_ms), "p99 latency, worst of head and block (goal < 20)", "ms");
  std::printf("goal: head >= 20000 req/s (%s), p99 < 20 ms (%s)\n", head.requests_per_s >= 20'000 ? "met" : "missed",
              std::max(head.p99_ms, block.p99_ms) < 20 ? "met" : "missed");
  raw.Stop();
  (*server)->Stop();
  service.reset();
  node.Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  report.PrintJson();
  return head.errors + block.errors == 0 ? 0 : 1;
}

}  // namespace cairn::bench
