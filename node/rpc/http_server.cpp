// HttpServer: the listener, limits, TLS setup and the HTTP/1.1 session. WebSocket sessions are in
// ws_session.cpp; what the two share is in server_detail.h.
#include "rpc/http_server.h"

#include <utility>  // before any Asio header (STACK.md pitfall 1)

#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http.hpp>

#include "rpc/server_detail.h"
#include "util/log.h"

namespace cairn::rpc {
using namespace detail;  // NOLINT: this file implements detail's declarations

namespace {

constexpr auto AUTH_FAILURE_DELAY = std::chrono::milliseconds(250);
constexpr auto ACCEPT_RETRY_DELAY = std::chrono::milliseconds(100);
constexpr std::size_t READ_CHUNK = 16 * 1024;
constexpr std::size_t MAX_TRACKED_IPS = 10000;
constexpr unsigned MAX_RETRY_AFTER_S = 3600;
// The canned answer for a connection over the limits: written raw, before any parsing.
constexpr std::string_view BUSY_RESPONSE =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 32\r\n"
    "Connection: close\r\n\r\n{\"error\":\"too many connections\"}";

HttpResponse ErrorResponse(unsigned status, std::string_view message) {
  HttpResponse out;
  out.status = status;
  out.body = "{\"error\":\"" + std::string(message) + "\"}";  // our own constant messages: no escaping needed
  return out;
}

std::string_view Sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

util::Result<std::unique_ptr<ssl::context>, std::string> MakeServerTls(const TlsFiles& files) {
  for (const auto& [what, path] : {std::pair{"certificate chain", &files.cert_chain_file},
                                   std::pair{"private key", &files.private_key_file}}) {
    std::FILE* f = std::fopen(path->c_str(), "rb");
    if (!f) return util::Err("cannot read TLS " + std::string(what) + " file '" + *path + "': " + std::strerror(errno));
    std::fclose(f);
  }
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(files.cert_chain_file, ec);
  if (ec) return util::Err("cannot load TLS certificate chain from '" + files.cert_chain_file + "': " + ec.message());
  // OpenSSL refuses here a key that does not belong to the certificate loaded above.
  ctx->use_private_key_file(files.private_key_file, ssl::context::pem, ec);
  if (ec || SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    return util::Err("cannot use TLS private key '" + files.private_key_file + "' with certificate '" +
                     files.cert_chain_file + "': " + (ec ? ec.message() : std::string("key does not match")));
  }
  return ctx;
}

}  // namespace

namespace detail {

ConnectionSlot::~ConnectionSlot() {
  if (m_limits) m_limits->Release(m_ip);
}

std::optional<ConnectionSlot> ConnectionLimits::TryAcquire(const std::string& ip) {
  std::lock_guard lock(m_mutex);
  auto& count = m_per_ip[ip];
  if (m_total >= m_max_total || count >= m_max_per_ip) {
    if (count == 0) m_per_ip.erase(ip);
    return std::nullopt;
  }
  ++m_total;
  ++count;
  return ConnectionSlot(this, ip);
}

void ConnectionLimits::Release(const std::string& ip) {
  std::lock_guard lock(m_mutex);
  --m_total;
  if (auto it = m_per_ip.find(ip); it != m_per_ip.end() && --it->second == 0) m_per_ip.erase(it);
}

std::optional<unsigned> RateLimiter::TryTake(const std::string& ip) {
  if (m_rate <= 0) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(m_mutex);
  if (m_buckets.size() >= MAX_TRACKED_IPS) {
    // Full buckets carry no information (a new one starts full): dropping them bounds the map.
    std::erase_if(m_buckets, [&](const auto& entry) {
      return entry.second.tokens + std::chrono::duration<double>(now - entry.second.last).count() * m_rate >= m_burst;
    });
  }
  auto [it, inserted] = m_buckets.try_emplace(ip, Bucket{m_burst, now});
  Bucket& bucket = it->second;
  bucket.tokens = std::min(m_burst, bucket.tokens + std::chrono::duration<double>(now - bucket.last).count() * m_rate);
  bucket.last = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait = std::ceil((1 - bucket.tokens) / m_rate);
  return static_cast<unsigned>(std::clamp(wait, 1.0, static_cast<double>(MAX_RETRY_AFTER_S)));
}

void Linger::Start(std::shared_ptr<Linger> self) {
  beast::error_code ignored;
  self->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  self->stream.expires_after(LINGER_TIMEOUT);
  Drain(std::move(self));
}

void Linger::Drain(std::shared_ptr<Linger> self) {
  auto& stream = self->stream;
  stream.async_read_some(net::buffer(self->scratch), [self](beast::error_code ec, std::size_t n) {
    self->drained += n;
    if (!ec && self->drained < LINGER_MAX_BYTES) Drain(self);
  });
}

}  // namespace detail

namespace {

// One HTTP connection: reads a request, checks it, answers, and repeats while keep-alive holds, so
// pipelined requests are answered in order. Every step runs on the connection's strand.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(ServerCore& server, Stream stream, ConnectionSlot slot, std::string ip)
      : m_server(server), m_stream(std::move(stream)), m_slot(std::move(slot)), m_ip(std::move(ip)),
        m_timer(m_stream.get_executor()) {}

  void Run() {
    net::dispatch(m_stream.get_executor(), [self = this->shared_from_this()] {
      if constexpr (IS_TLS<Stream>) {
        beast::get_lowest_layer(self->m_stream).expires_after(self->m_server.config.header_timeout);
        self->m_stream.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) {
            CAIRN_LOG(Rpc, Debug) << self->m_server.config.name << ": TLS handshake with " << self->m_ip
                                  << " failed: " << ec.message();
            return;
          }
          self->ReadRequest();
        });
      } else {
        self->ReadRequest();
      }
    });
  }

 private:
  auto& Lowest() { return beast::get_lowest_layer(m_stream); }

  void ReadRequest() {
    const auto& config = m_server.config;
    m_cors_origin.clear();  // an error answer before the next header must not reuse this one's origin
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(config.max_header_bytes, UINT32_MAX)));
    m_parser->body_limit(config.max_body_bytes);
    if (m_first || m_buffer.size() > 0) return ReadHeader();
    // Between keep-alive requests the client may stay quiet for idle_timeout; once it starts a
    // request, it has header_timeout to finish the header.
    Lowest().expires_after(config.idle_timeout);
    m_stream.async_read_some(m_buffer.prepare(READ_CHUNK),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                               self->m_buffer.commit(n);
                               if (ec) return self->FailRead(ec);
                               self->ReadHeader();
                             });
  }

  void ReadHeader() {
    m_first = false;
    Lowest().expires_after(m_server.config.header_timeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            beast::bind_front_handler(&HttpSession::OnHeader, this->shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return FailRead(ec);
    const auto& config = m_server.config;
    auto& req = m_parser->get();
    // An error answered before the body was read leaves that body on the wire: only then close.
    const bool keep_alive = req.keep_alive() && m_parser->is_done();
    m_cors_origin.clear();
    if (auto origin = req.find(http::field::origin); origin != req.end()) {
      const auto& allowed = config.cors_origins;
      if (std::find(allowed.begin(), allowed.end(), Sv(origin->value())) != allowed.end()) {
        m_cors_origin = std::string(origin->value());
      }
    }
    if (auto retry_after = m_server.rate.TryTake(m_ip)) {
      auto response = ErrorResponse(429, "too many requests");
      response.headers.emplace_back("Retry-After", std::to_string(*retry_after));
      return Reply(std::move(response), keep_alive);
    }
    if (req.method() == http::verb::options && !m_cors_origin.empty() &&
        req.find(http::field::access_control_request_method) != req.end()) {
      HttpResponse preflight{.status = 204, .content_type = "", .body = "", .headers = {}};
      preflight.headers = {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                           {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                           {"Access-Control-Max-Age", "600"}};
      return Reply(std::move(preflight), keep_alive);
    }
    m_user.clear();
    const auto& open_paths = config.unauthenticated_paths;
    const std::string_view path = PathOf(Sv(req.target()));
    if (config.require_auth && std::find(open_paths.begin(), open_paths.end(), path) == open_paths.end()) {
      auto user = m_server.auth.Authenticate(Sv(req[http::field::authorization]));
      if (!user) return RejectAuth(user.error(), keep_alive);
      m_user = std::move(*user);
    }
    if (websocket::is_upgrade(req)) return UpgradeToWebSocket(keep_alive);
    if (!m_parser->is_done() && beast::iequals(req[http::field::expect], "100-continue")) {
      // Clients such as curl wait for this before sending a large body.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
      Lowest().expires_after(config.body_timeout);
      return http::async_write(m_stream, *go_on,
                               [self = this->shared_from_this(), go_on](beast::error_code write_ec, std::size_t) {
                                 if (!write_ec) self->ReadBody();
                               });
    }
    ReadBody();
  }

  void RejectAuth(AuthFailure failure, bool keep_alive) {
    CAIRN_LOG(Rpc, Info) << m_server.config.name << ": authentication failed from " << m_ip << " ("
                         << AuthFailureName(failure) << ")";
    // A timer, not a sleep: the thread serves other connections while this guesser waits.
    m_timer.expires_after(AUTH_FAILURE_DELAY);
    m_timer.async_wait([self = this->shared_from_this(), keep_alive](beast::error_code ec) {
      if (ec) return;
      auto response = ErrorResponse(401, "authentication required");
      response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"cairn\"");
      self->Reply(std::move(response), keep_alive);
    });
  }

  void ReadBody() {
    if (m_parser->is_done()) return OnBody({}, 0);
    Lowest().expires_after(m_server.config.body_timeout);
    http::async_read(m_stream, m_buffer, *m_parser,
                     beast::bind_front_handler(&HttpSession::OnBody, this->shared_from_this()));
  }

  HttpRequest MakeRequest(Request& req) {
    return HttpRequest{std::string(req.method_string()), std::string(req.target()),
                       std::string(req[http::field::content_type]), std::move(req.body()), m_ip, m_user};
  }

  void OnBody(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return FailRead(ec);
    auto& req = m_parser->get();
    const bool keep_alive = req.keep_alive();
    m_head = req.method() == http::verb::head;
    HttpRequest request = MakeRequest(req);
    if (req.method() != http::verb::post || m_server.workers == nullptr) {
      return Reply(Invoke(m_server, request), keep_alive);
    }
    // The next request of this connection is only read after this reply is written, so moving the
    // call to a worker keeps the connection's requests in order.
    net::post(*m_server.workers, [self = this->shared_from_this(), request = std::move(request), keep_alive]() mutable {
      HttpResponse response = Invoke(self->m_server, request);
      net::post(self->m_stream.get_executor(), [self, response = std::move(response), keep_alive]() mutable {
        self->Reply(std::move(response), keep_alive);
      });
    });
  }

  static HttpResponse Invoke(ServerCore& server, const HttpRequest& request) {
    try {
      return server.service.Handle(request);
    } catch (const std::exception& e) {
      CAIRN_LOG(Rpc, Error) << server.config.name << ": service threw: " << e.what();
    } catch (...) {
      CAIRN_LOG(Rpc, Error) << server.config.name << ": service threw a non-exception";
    }
    return ErrorResponse(500, "internal error");
  }

  void UpgradeToWebSocket(bool keep_alive) {
    auto& req = m_parser->get();
    if (!m_parser->is_done()) return Reply(ErrorResponse(400, "WebSocket upgrade with a body"), false);
    auto connection = WsConnectionImpl::Create(m_stream.get_executor(), m_server.config.max_ws_queue_bytes);
    std::unique_ptr<WsHandler> handler;
    try {
      handler = m_server.service.OpenWebSocket(MakeRequest(req), connection);
    } catch (const std::exception& e) {
      CAIRN_LOG(Rpc, Error) << m_server.config.name << ": service threw opening a WebSocket: " << e.what();
      connection->MarkClosed();
      return Reply(ErrorResponse(500, "internal error"), keep_alive);
    }
    if (!handler) {
      connection->MarkClosed();
      return Reply(ErrorResponse(404, "no such WebSocket endpoint"), keep_alive);
    }
    m_server.ws_registry.Add(connection);
    RunWsSession(m_server, std::move(m_stream), m_parser->release(), std::move(handler), std::move(connection),
                 std::move(m_slot), m_ip);
  }

  void FailRead(beast::error_code ec) {
    const auto& name = m_server.config.name;
    if (ec == http::error::header_limit) return Reply(ErrorResponse(431, "request header too large"), false);
    if (ec == http::error::body_limit) return Reply(ErrorResponse(413, "request body too large"), false);
    if (ec == beast::error::timeout) {
      CAIRN_LOG(Rpc, Debug) << name << ": closing slow or idle connection from " << m_ip;
      return;
    }
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec.category() != http::make_error_code(http::error::bad_method).category()) {
      return;  // the client went away or the transport failed: nobody to answer
    }
    CAIRN_LOG(Rpc, Debug) << name << ": malformed request from " << m_ip << ": " << ec.message();
    Reply(ErrorResponse(400, "malformed request"), false);
  }

  void Reply(HttpResponse response, bool keep_alive) {
    const unsigned version = m_parser && m_parser->is_header_done() ? m_parser->get().version() : 11;
    m_response = {};
    m_response.version(version);
    m_response.result(response.status >= 100 && response.status <= 599 ? response.status : 500);
    for (auto& [field, value] : response.headers) m_response.insert(field, value);
    if (!response.content_type.empty()) m_response.set(http::field::content_type, response.content_type);
    if (!m_cors_origin.empty()) {
      m_response.set(http::field::access_control_allow_origin, m_cors_origin);
      m_response.set(http::field::vary, "Origin");
    }
    m_response.body() = std::move(response.body);
    m_response.keep_alive(keep_alive);
    m_response.prepare_payload();
    if (m_head) m_response.body().clear();  // HEAD: the length of the body that GET would send, no body
    m_head = false;
    Lowest().expires_after(m_server.config.body_timeout);
    http::async_write(m_stream, m_response,
                      [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (keep_alive) return self->ReadRequest();
                        self->Close();
                      });
  }

  void Close() {
    if constexpr (IS_TLS<Stream>) {
      Lowest().expires_after(LINGER_TIMEOUT);
      m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      Linger::Start(std::make_shared<Linger>(std::move(m_stream)));
    }
  }

  ServerCore& m_server;
  Stream m_stream;
  ConnectionSlot m_slot;
  std::string m_ip;
  net::steady_timer m_timer;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
  Response m_response;  // kept here while async_write sends it
  std::string m_cors_origin;
  std::string m_user;
  bool m_first = true;
  bool m_head = false;
};

}  // namespace

class HttpServer::Impl : public ServerCore {
 public:
  using ServerCore::ServerCore;

  void Accept() {
    m_acceptor->async_accept(net::make_strand(*m_ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (ec) {
        // E.g. out of file descriptors: retrying at once would spin.
        CAIRN_LOG(Rpc, Warn) << config.name << ": accept failed: " << ec.message();
        m_accept_timer->expires_after(ACCEPT_RETRY_DELAY);
        return m_accept_timer->async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
      }
      OnAccepted(std::move(socket));
      Accept();
    });
  }

  void OnAccepted(tcp::socket socket) {
    beast::error_code ec;
    auto address = socket.remote_endpoint(ec).address();
    if (ec) return;  // already gone
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
    }
    std::string ip = address.to_string();
    auto slot = limits.TryAcquire(ip);
    if (!slot) {
      CAIRN_LOG(Rpc, Debug) << config.name << ": refusing connection from " << ip << ": too many connections";
      if (m_tls) return;  // no TLS handshake just to say no: the socket closes here
      auto linger = std::make_shared<Linger>(beast::tcp_stream(std::move(socket)));
      linger->stream.expires_after(LINGER_TIMEOUT);
      auto& stream = linger->stream;
      return net::async_write(stream, net::buffer(BUSY_RESPONSE), [linger](beast::error_code write_ec, std::size_t) {
        if (!write_ec) Linger::Start(linger);
      });
    }
    if (m_tls) {
      std::make_shared<HttpSession<TlsStream>>(*this, TlsStream(std::move(socket), *m_tls), std::move(*slot),
                                               std::move(ip))->Run();
    } else {
      std::make_shared<HttpSession<PlainStream>>(*this, PlainStream(std::move(socket)), std::move(*slot),
                                                 std::move(ip))->Run();
    }
  }

  void RunThread() {
    for (;;) {
      try {
        m_ioc->run();
        return;
      } catch (const std::exception& e) {
        // A bug in one connection's handler must not take the node down; that connection is dropped.
        CAIRN_LOG(Rpc, Error) << config.name << ": I/O thread caught: " << e.what();
      }
    }
  }

  void StopAll() {
    if (m_stopped) return;
    m_stopped = true;
    ws_registry.CloseAll();  // Send from other threads becomes a no-op before the executor goes away
    m_ioc->stop();
    for (auto& thread : m_threads) {
      if (thread.joinable()) thread.join();
    }
    m_threads.clear();
    // Calls in progress finish (the Service outlives the server); their replies are queued on the
    // stopped io_context and destroyed with it below.
    if (m_workers) m_workers->join();
    m_accept_timer.reset();
    m_acceptor.reset();
    m_ioc.reset();  // destroys the pending handlers, hence the sessions and their WsHandlers, here
    if (config.cookie_path) {
      if (auto removed = RemoveCookieFile(*config.cookie_path); !removed) {
        CAIRN_LOG(Rpc, Warn) << config.name << ": " << removed.error();
      }
    }
    CAIRN_LOG(Rpc, Info) << config.name << ": stopped";
  }

  std::unique_ptr<ssl::context> m_tls;
  std::unique_ptr<net::io_context> m_ioc;
  std::unique_ptr<net::thread_pool> m_workers;
  std::unique_ptr<tcp::acceptor> m_acceptor;
  std::unique_ptr<net::steady_timer> m_accept_timer;
  std::vector<std::thread> m_threads;
  std::uint16_t m_port = 0;
  bool m_stopped = false;
};

util::Result<std::unique_ptr<HttpServer>, std::string> HttpServer::Start(ServerConfig config, Service& service) {
  config.io_threads = std::max<std::size_t>(1, config.io_threads);
  if (config.require_auth && !config.cookie_path && config.users.empty()) {
    return util::Err(config.name + " requires authentication but has no cookie file and no users configured");
  }
  beast::error_code ec;
  const auto address = net::ip::make_address(config.bind_address, ec);
  if (ec) return util::Err("invalid bind address '" + config.bind_address + "': " + ec.message());
  std::unique_ptr<ssl::context> tls;
  if (config.tls) {
    auto made = MakeServerTls(*config.tls);
    if (!made) return util::Err(std::move(made).error());
    tls = std::move(*made);
  }

  auto impl = std::make_unique<Impl>(std::move(config), service);
  const auto& cfg = impl->config;
  impl->m_tls = std::move(tls);
  impl->m_ioc = std::make_unique<net::io_context>(static_cast<int>(cfg.io_threads));
  if (cfg.worker_threads > 0) {
    impl->m_workers = std::make_unique<net::thread_pool>(cfg.worker_threads);
    impl->workers = impl->m_workers.get();
  }
  impl->m_acceptor = std::make_unique<tcp::acceptor>(*impl->m_ioc);
  impl->m_accept_timer = std::make_unique<net::steady_timer>(*impl->m_ioc);
  auto& acceptor = *impl->m_acceptor;
  const tcp::endpoint endpoint(address, cfg.port);
  const std::string where = cfg.bind_address + ":" + std::to_string(cfg.port);
  if (acceptor.open(endpoint.protocol(), ec); ec) return util::Err("cannot listen on " + where + ": " + ec.message());
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec) {
    return util::Err("cannot listen on " + where + ": " + ec.message());
  }
  if (acceptor.bind(endpoint, ec); ec) return util::Err("cannot listen on " + where + ": " + ec.message());
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) {
    return util::Err("cannot listen on " + where + ": " + ec.message());
  }
  impl->m_port = acceptor.local_endpoint(ec).port();

  std::optional<Credential> cookie;
  if (cfg.cookie_path) {
    auto created = CreateCookieFile(*cfg.cookie_path);
    if (!created) return util::Err(std::move(created).error());
    cookie = std::move(*created);
  }
  impl->auth = Authenticator(std::move(cookie), cfg.users);

  const std::string bound = cfg.bind_address + ":" + std::to_string(impl->m_port);
  if (!address.is_loopback() && !cfg.tls) {
    CAIRN_LOG(Rpc, Warn) << cfg.name << ": listening on non-loopback " << bound
                         << " without TLS: credentials and data cross the network in clear text";
  }
  if (!address.is_loopback() && !cfg.require_auth) {
    CAIRN_LOG(Rpc, Warn) << cfg.name << ": listening on non-loopback " << bound << " without authentication";
  }
  CAIRN_LOG(Rpc, Info) << cfg.name << ": listening on " << bound << (cfg.tls ? " (TLS)" : "");

  impl->Accept();
  for (std::size_t i = 0; i < cfg.io_threads; ++i) {
    impl->m_threads.emplace_back([raw = impl.get()] { raw->RunThread(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HttpServer::~HttpServer() { Stop(); }
std::uint16_t HttpServer::port() const { return m_impl->m_port; }
void HttpServer::Stop() { m_impl->StopAll(); }

}  // namespace cairn::rpc
