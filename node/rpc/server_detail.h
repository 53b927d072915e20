// Internals shared by http_server.cpp (listener, limits, HTTP sessions) and ws_session.cpp (WebSocket
// sessions). Not part of the public API: only those two files include it, so Beast stays out of
// every other translation unit.
//
// Thread safety: ConnectionLimits, RateLimiter, WsRegistry and WsConnectionImpl lock internally and may
// be used from any I/O thread; a session's state is touched only on its strand.
// Ownership: ServerCore (the base of HttpServer::Impl) outlives every session and connection slot; a
// WsConnectionImpl may outlive the server (the Service may keep it), and is then inert.
#pragma once

#include <utility>  // before any Asio header (STACK.md pitfall 1)

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <boost/asio/ssl.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "rpc/auth.h"
#include "rpc/http_server.h"
#include "rpc/service.h"

namespace cairn::rpc::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

template <class Stream>
inline constexpr bool IS_TLS = std::is_same_v<Stream, TlsStream>;

// How long a closing connection may take to read our last response (and how much of its unread input
// we swallow meanwhile): closing with unread input would send a reset that can destroy that response.
inline constexpr auto LINGER_TIMEOUT = std::chrono::seconds(2);
inline constexpr std::size_t LINGER_MAX_BYTES = 1 << 20;

class ConnectionLimits;

// One accepted connection's place under the limits; released when destroyed.
class ConnectionSlot {
 public:
  ConnectionSlot(ConnectionLimits* limits, std::string ip) : m_limits(limits), m_ip(std::move(ip)) {}
  ConnectionSlot(ConnectionSlot&& other) noexcept
      : m_limits(std::exchange(other.m_limits, nullptr)), m_ip(std::move(other.m_ip)) {}
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot();

 private:
  ConnectionLimits* m_limits;
  std::string m_ip;
};

class ConnectionLimits {
 public:
  ConnectionLimits(std::size_t max_total, std::size_t max_per_ip) : m_max_total(max_total), m_max_per_ip(max_per_ip) {}
  // Nothing when the server or this address is at its limit.
  std::optional<ConnectionSlot> TryAcquire(const std::string& ip);
  void Release(const std::string& ip);

 private:
  std::mutex m_mutex;
  std::size_t m_max_total;
  std::size_t m_max_per_ip;
  std::size_t m_total = 0;
  std::unordered_map<std::string, std::size_t> m_per_ip;
};

// A token bucket per client address. A rate <= 0 turns the limit off.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : m_rate(rate), m_burst(std::max(1.0, burst)) {}
  // Takes a token; when none is left, the whole seconds until one will be (for Retry-After).
  std::optional<unsigned> TryTake(const std::string& ip);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  std::mutex m_mutex;
  double m_rate;
  double m_burst;
  std::unordered_map<std::string, Bucket> m_buckets;
};

// Half-closes a plain connection and reads until the client closes too (bounded in time and bytes).
struct Linger {
  explicit Linger(beast::tcp_stream s) : stream(std::move(s)) {}
  static void Start(std::shared_ptr<Linger> self);
  static void Drain(std::shared_ptr<Linger> self);

  beast::tcp_stream stream;
  std::array<char, 4096> scratch{};
  std::size_t drained = 0;
};

// What a WsConnectionImpl forwards to; implemented per stream type in ws_session.cpp. Strand only.
class WsSessionBase {
 public:
  virtual ~WsSessionBase() = default;
  virtual void Enqueue(std::string text) = 0;
  virtual void RequestClose() = 0;
  virtual void Abort() = 0;
};

// The WsConnection handed to the Service: thread-safe, forwards to the session on its strand, and
// becomes a no-op once the session ends or the server stops.
class WsConnectionImpl final : public WsConnection, public std::enable_shared_from_this<WsConnectionImpl> {
 public:
  static std::shared_ptr<WsConnectionImpl> Create(net::any_io_executor strand, std::size_t max_queue_bytes);
  WsConnectionImpl(net::any_io_executor strand, std::size_t max_queue_bytes)
      : m_strand(std::move(strand)), m_max_queue_bytes(max_queue_bytes) {}

  void Send(std::string text) override;
  void Close() override;

  void Attach(std::weak_ptr<WsSessionBase> session);  // strand
  void MarkClosed();  // any thread, before the io_context is destroyed (it drops the executor)
  void Written(std::size_t bytes);                     // strand: bytes left the queue

 private:
  std::mutex m_mutex;
  net::any_io_executor m_strand;
  std::weak_ptr<WsSessionBase> m_session;
  std::size_t m_max_queue_bytes;
  std::size_t m_queued_bytes = 0;
  bool m_closed = false;
};

// Every WebSocket connection handed out, so Stop() can make them inert before the executor dies.
class WsRegistry {
 public:
  void Add(const std::shared_ptr<WsConnectionImpl>& connection);
  void CloseAll();

 private:
  std::mutex m_mutex;
  std::vector<std::weak_ptr<WsConnectionImpl>> m_connections;
  bool m_closed = false;  // after CloseAll, late additions are made inert at once
};

// The state every session of one server shares. Fields are set before the I/O threads start and only
// read afterwards (the limiters lock internally).
struct ServerCore {
  ServerCore(ServerConfig server_config, Service& server_service)
      : config(std::move(server_config)),
        service(server_service),
        auth(std::nullopt, {}),
        limits(config.max_connections, config.max_connections_per_ip),
        rate(config.requests_per_s_per_ip, config.burst) {}

  ServerConfig config;
  Service& service;
  Authenticator auth;
  ConnectionLimits limits;
  RateLimiter rate;
  WsRegistry ws_registry;
  net::thread_pool* workers = nullptr;  // owned by HttpServer::Impl; joined before the io_context goes
};

// Takes over an HTTP connection whose upgrade request the Service accepted (ws_session.cpp).
void RunWsSession(ServerCore& server, PlainStream&& stream, Request upgrade, std::unique_ptr<WsHandler> handler,
                  std::shared_ptr<WsConnectionImpl> connection, ConnectionSlot slot, std::string ip);
void RunWsSession(ServerCore& server, TlsStream&& stream, Request upgrade, std::unique_ptr<WsHandler> handler,
                  std::shared_ptr<WsConnectionImpl> connection, ConnectionSlot slot, std::string ip);

}  // namespace cairn::rpc::detail
