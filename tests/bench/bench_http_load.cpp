#include "bench_http_load.h"

#include <utility>  // before any Asio header (STACK.md pitfall 1)

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <string_view>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace cairn::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto STEP_TIMEOUT = std::chrono::seconds(10);
// After a failed connect, wait a little rather than hammer a server that refuses.
constexpr auto RECONNECT_DELAY = std::chrono::milliseconds(10);
constexpr std::size_t MAX_RAW_REQUEST_BYTES = 64 * 1024;
constexpr std::string_view CANNED_RESPONSE =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"result\":null}";

struct LoadShared {
  const LoadSpec& spec;
  tcp::resolver::results_type endpoints;
  Clock::time_point end;
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::uint64_t errors = 0;
};

// One keep-alive connection with one request in flight; reconnects after a failure until the end.
class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
 public:
  LoadConnection(net::io_context& ioc, LoadShared& shared, std::size_t first_target)
      : m_shared(shared), m_stream(net::make_strand(ioc)), m_timer(m_stream.get_executor()), m_next(first_target) {}

  ~LoadConnection() {
    std::lock_guard lock(m_shared.mutex);
    m_shared.latencies_ms.insert(m_shared.latencies_ms.end(), m_latencies.begin(), m_latencies.end());
    m_shared.errors += m_errors;
  }

  void Connect() {
    if (Clock::now() >= m_shared.end) return;
    m_stream.expires_after(STEP_TIMEOUT);
    m_stream.async_connect(m_shared.endpoints, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
      if (!ec) return self->Send();
      ++self->m_errors;
      self->m_timer.expires_after(RECONNECT_DELAY);
      self->m_timer.async_wait([self](beast::error_code) { self->Reconnect(); });
    });
  }

 private:
  void Reconnect() {
    beast::error_code ignored;
    m_stream.socket().close(ignored);
    m_buffer.clear();
    Connect();
  }

  void Send() {
    if (Clock::now() >= m_shared.end) return;
    const auto& spec = m_shared.spec;
    m_request = {};
    m_request.method(http::verb::get);
    m_request.version(11);
    m_request.target(spec.targets[m_next++ % spec.targets.size()]);
    m_request.set(http::field::host, spec.host);
    if (!spec.auth_header.empty()) m_request.set(http::field::authorization, spec.auth_header);
    m_request.keep_alive(true);
    m_sent = Clock::now();
    m_stream.expires_after(STEP_TIMEOUT);
    http::async_write(m_stream, m_request, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Fail();
      self->m_response = {};
      http::async_read(self->m_stream, self->m_buffer, self->m_response,
                       [self](beast::error_code read_ec, std::size_t) { self->OnResponse(read_ec); });
    });
  }

  void OnResponse(beast::error_code ec) {
    if (ec) return Fail();
    const unsigned status = m_response.result_int();
    if (status >= 200 && status < 300) {
      m_latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - m_sent).count());
    } else {
      ++m_errors;
    }
    if (!m_response.keep_alive()) return Reconnect();
    Send();
  }

  void Fail() {
    ++m_errors;
    Reconnect();
  }

  LoadShared& m_shared;
  beast::tcp_stream m_stream;
  net::steady_timer m_timer;
  beast::flat_buffer m_buffer;
  http::request<http::empty_body> m_request;
  http::response<http::string_body> m_response;
  Clock::time_point m_sent;
  std::size_t m_next;
  std::vector<double> m_latencies;
  std::uint64_t m_errors = 0;
};

// Nearest-rank percentile of sorted samples.
double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// Answers each "\r\n\r\n"-terminated request with the canned response; no HTTP parsing at all.
class RawSession : public std::enable_shared_from_this<RawSession> {
 public:
  explicit RawSession(tcp::socket socket) : m_socket(std::move(socket)) {}

  void Read() {
    net::async_read_until(m_socket, net::dynamic_buffer(m_in, MAX_RAW_REQUEST_BYTES), "\r\n\r\n",
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            if (ec) return;
                            self->m_in.erase(0, n);
                            net::async_write(self->m_socket, net::buffer(CANNED_RESPONSE),
                                             [self](beast::error_code write_ec, std::size_t) {
                                               if (!write_ec) self->Read();
                                             });
                          });
  }

 private:
  tcp::socket m_socket;
  std::string m_in;
};

}  // namespace

LoadResult RunHttpLoad(const LoadSpec& spec) {
  LoadResult result;
  net::io_context ioc;
  LoadShared shared{spec, {}, {}, {}, {}, 0};
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  shared.endpoints = resolver.resolve(spec.host, std::to_string(spec.port), ec);
  if (ec || spec.targets.empty()) {
    result.errors = 1;
    return result;
  }
  const auto start = Clock::now();
  shared.end = start + spec.duration;
  for (std::size_t i = 0; i < spec.connections; ++i) {
    std::make_shared<LoadConnection>(ioc, shared, i)->Connect();
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < std::max<std::size_t>(1, spec.threads); ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();  // returns once every connection has finished its last request
  for (auto& thread : threads) thread.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::sort(shared.latencies_ms.begin(), shared.latencies_ms.end());
  result.requests = shared.latencies_ms.size();
  result.errors = shared.errors;
  result.requests_per_s = result.seconds > 0 ? static_cast<double>(result.requests) / result.seconds : 0;
  result.p50_ms = Percentile(shared.latencies_ms, 0.50);
  result.p99_ms = Percentile(shared.latencies_ms, 0.99);
  result.max_ms = shared.latencies_ms.empty() ? 0 : shared.latencies_ms.back();
  return result;
}

struct RawServer::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;
  bool stopped = false;

  void Accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) std::make_shared<RawSession>(std::move(socket))->Read();
      Accept();
    });
  }
};

RawServer::RawServer() : m_impl(std::make_unique<Impl>()) {}
RawServer::~RawServer() { Stop(); }

bool RawServer::Start(std::uint16_t port, std::size_t threads, std::string* error) {
  auto& impl = *m_impl;
  if (impl.started) {
    if (error) *error = "RawServer already started";
    return false;
  }
  beast::error_code ec;
  const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), port);
  impl.acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl.acceptor.bind(endpoint, ec);
  if (!ec) impl.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (!ec) impl.port = impl.acceptor.local_endpoint(ec).port();
  if (ec) {
    if (error) *error = "raw server cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + ec.message();
    return false;
  }
  impl.started = true;
  impl.Accept();
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) impl.threads.emplace_back([&impl] { impl.ioc.run(); });
  return true;
}

std::uint16_t RawServer::port() const { return m_impl->port; }

void RawServer::Stop() {
  auto& impl = *m_impl;
  if (!impl.started || impl.stopped) return;
  impl.stopped = true;
  impl.ioc.stop();
  for (auto& thread : impl.threads) thread.join();
  impl.threads.clear();
  beast::error_code ignored;
  impl.acceptor.close(ignored);
}

}  // namespace cairn::bench
