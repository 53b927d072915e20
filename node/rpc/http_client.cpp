#include "rpc/http_client.h"

#include <utility>  // before any Asio header (STACK.md pitfall 1)

#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace cairn::rpc {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Clock = std::chrono::steady_clock;

// Slack on top of the socket's own expiry (which is what normally ends a slow step).
constexpr auto RUN_SLACK = std::chrono::seconds(1);
constexpr std::uint32_t MAX_RESPONSE_HEADER_BYTES = 1 << 20;

// Runs the private io_context until `done` or the deadline; true when done.
bool RunUntil(net::io_context& ioc, const bool& done, Clock::time_point deadline) {
  while (!done) {
    if (ioc.stopped()) ioc.restart();
    if (ioc.run_one_until(deadline) == 0 && Clock::now() >= deadline) return done;
  }
  return true;
}

std::string HostPort(const std::string& host, std::uint16_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

beast::string_view Bsv(std::string_view s) { return {s.data(), s.size()}; }

bool IsIpAddress(const std::string& host) {
  beast::error_code ec;
  (void)net::ip::make_address(host, ec);
  return !ec;
}

util::Result<std::unique_ptr<ssl::context>, std::string> MakeClientTls(const ClientOptions& options) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  beast::error_code ec;
  if (!options.verify_peer) {
    ctx->set_verify_mode(ssl::verify_none);
    return ctx;
  }
  ctx->set_verify_mode(ssl::verify_peer);
  if (options.ca_file) {
    ctx->load_verify_file(*options.ca_file, ec);
    if (ec) return util::Err("cannot load CA file '" + *options.ca_file + "': " + ec.message());
  } else {
    ctx->set_default_verify_paths(ec);
    if (ec) return util::Err("cannot load the system's CA certificates: " + ec.message());
  }
  return ctx;
}

// Resolves and connects, within the timeout.
util::Result<beast::tcp_stream, std::string> ConnectTcp(net::io_context& ioc, const std::string& host,
                                                        std::uint16_t port, std::chrono::milliseconds timeout) {
  const std::string where = HostPort(host, port);
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return util::Err("cannot resolve " + host + ": " + ec.message());
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  bool done = false;
  stream.async_connect(endpoints, [&](beast::error_code result, const tcp::endpoint&) {
    ec = result;
    done = true;
  });
  if (!RunUntil(ioc, done, Clock::now() + timeout + RUN_SLACK)) ec = beast::error::timeout;
  if (ec) return util::Err("cannot connect to " + where + ": " + ec.message());
  return stream;
}

util::Result<std::unique_ptr<TlsStream>, std::string> HandshakeTls(net::io_context& ioc, beast::tcp_stream stream,
                                                                   ssl::context& ctx, const std::string& host,
                                                                   std::uint16_t port, const ClientOptions& options) {
  auto tls = std::make_unique<TlsStream>(std::move(stream), ctx);
  // SNI carries host names only (RFC 6066); an address is checked against the certificate's IP entries.
  if (!IsIpAddress(host)) SSL_set_tlsext_host_name(tls->native_handle(), host.c_str());
  if (options.verify_peer) tls->set_verify_callback(ssl::host_name_verification(host));
  beast::get_lowest_layer(*tls).expires_after(options.timeout);
  beast::error_code ec;
  bool done = false;
  tls->async_handshake(ssl::stream_base::client, [&](beast::error_code result) {
    ec = result;
    done = true;
  });
  if (!RunUntil(ioc, done, Clock::now() + options.timeout + RUN_SLACK)) ec = beast::error::timeout;
  if (ec) return util::Err("TLS handshake with " + HostPort(host, port) + " failed: " + ec.message());
  return tls;
}

}  // namespace

std::optional<std::string> ClientResponse::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (beast::iequals(field, Bsv(name))) return value;
  }
  return std::nullopt;
}

struct HttpClient::Impl {
  std::string host;
  std::uint16_t port = 0;
  ClientOptions options;
  std::string where;
  net::io_context ioc;
  std::unique_ptr<ssl::context> tls_ctx;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<TlsStream> tls;
  beast::flat_buffer buffer;
  std::size_t requests_on_connection = 0;

  template <class F>
  void WithStream(F&& f) {
    if (tls) f(*tls);
    else f(*plain);
  }

  void Disconnect() {
    if (plain) plain->close();
    if (tls) beast::get_lowest_layer(*tls).close();
    plain.reset();
    tls.reset();
    buffer.clear();
  }

  util::Result<void, std::string> Open() {
    Disconnect();
    auto stream = ConnectTcp(ioc, host, port, options.timeout);
    if (!stream) return util::Err(std::move(stream).error());
    if (!tls_ctx) {
      plain = std::make_unique<beast::tcp_stream>(std::move(*stream));
    } else {
      auto secured = HandshakeTls(ioc, std::move(*stream), *tls_ctx, host, port, options);
      if (!secured) return util::Err(std::move(secured).error());
      tls = std::move(*secured);
    }
    requests_on_connection = 0;
    return {};
  }

  // One request/response on the open connection. `response_started`: some response byte arrived, so
  // a retry could repeat a request the server acted on.
  util::Result<ClientResponse, std::string> Exchange(http::request<http::string_body>& req, bool& response_started) {
    beast::error_code ec;
    bool done = false;
    const auto deadline = [&] { return Clock::now() + options.timeout + RUN_SLACK; };
    WithStream([&](auto& stream) {
      beast::get_lowest_layer(stream).expires_after(options.timeout);
      http::async_write(stream, req, [&](beast::error_code result, std::size_t) {
        ec = result;
        done = true;
      });
    });
    if (!RunUntil(ioc, done, deadline())) ec = beast::error::timeout;
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_response_bytes);
    parser.header_limit(MAX_RESPONSE_HEADER_BYTES);
    if (!ec) {
      done = false;
      WithStream([&](auto& stream) {
        beast::get_lowest_layer(stream).expires_after(options.timeout);
        http::async_read(stream, buffer, parser, [&](beast::error_code result, std::size_t) {
          ec = result;
          done = true;
        });
      });
      if (!RunUntil(ioc, done, deadline())) ec = beast::error::timeout;
    }
    response_started = parser.got_some();
    if (ec) {
      Disconnect();
      return util::Err("request to " + where + " failed: " + ec.message());
    }
    ++requests_on_connection;
    auto& res = parser.get();
    ClientResponse out;
    out.status = res.result_int();
    out.body = std::move(res.body());
    for (const auto& field : res) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    if (!res.keep_alive()) Disconnect();
    return out;
  }
};

util::Result<std::unique_ptr<HttpClient>, std::string> HttpClient::Connect(const std::string& host, std::uint16_t port,
                                                                           ClientOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->host = host;
  impl->port = port;
  impl->options = std::move(options);
  impl->where = HostPort(host, port);
  if (impl->options.tls) {
    auto ctx = MakeClientTls(impl->options);
    if (!ctx) return util::Err(std::move(ctx).error());
    impl->tls_ctx = std::move(*ctx);
  }
  if (auto opened = impl->Open(); !opened) return util::Err(opened.error());
  return std::unique_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::HttpClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HttpClient::~HttpClient() { m_impl->Disconnect(); }

util::Result<ClientResponse, std::string> HttpClient::Request(std::string_view method, std::string_view target,
                                                              std::string_view body, const HeaderList& headers) {
  http::request<http::string_body> req;
  req.version(11);
  const auto verb = http::string_to_verb(Bsv(method));
  if (verb == http::verb::unknown) {
    req.method_string(Bsv(method));
  } else {
    req.method(verb);
  }
  req.target(Bsv(target));
  req.set(http::field::host, m_impl->where);
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    req.insert(Bsv(name), Bsv(value));
    has_content_type = has_content_type || beast::iequals(Bsv(name), "Content-Type");
  }
  if (!body.empty() && !has_content_type) req.set(http::field::content_type, "application/json");
  req.body() = std::string(body);
  req.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    if (!m_impl->plain && !m_impl->tls) {
      if (auto opened = m_impl->Open(); !opened) return util::Err(opened.error());
    }
    const bool reused = m_impl->requests_on_connection > 0;
    bool response_started = false;
    auto result = m_impl->Exchange(req, response_started);
    // A kept-alive connection the server closed meanwhile fails before any response byte: retry once
    // on a fresh one. A fresh connection failing, or a partial response, is a real error.
    if (result || response_started || !reused || attempt > 0) return result;
  }
}

// ---------------------------------------------------------------------------------------------------
struct WsClient::Impl {
  ClientOptions options;
  std::string where;
  net::io_context ioc;
  std::unique_ptr<ssl::context> tls_ctx;  // before the streams: they use it until destroyed
  std::unique_ptr<websocket::stream<beast::tcp_stream>> plain;
  std::unique_ptr<websocket::stream<TlsStream>> tls;
  beast::flat_buffer buffer;
  bool read_pending = false;
  bool read_done = false;
  beast::error_code read_ec;
  bool ended = false;

  template <class F>
  void WithWs(F&& f) {
    if (tls) f(*tls);
    else f(*plain);
  }

  void Drop() {
    ended = true;
    WithWs([](auto& ws) { beast::get_lowest_layer(ws).close(); });
  }

  template <class Ws>
  util::Result<void, std::string> Upgrade(Ws& ws, const std::string& host_port, const std::string& target,
                                          const HeaderList& headers) {
    ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [name, value] : headers) req.set(Bsv(name), Bsv(value));
    }));
    beast::get_lowest_layer(ws).expires_after(options.timeout);
    websocket::response_type res;
    beast::error_code ec;
    bool done = false;
    ws.async_handshake(res, host_port, target, [&](beast::error_code result) {
      ec = result;
      done = true;
    });
    if (!RunUntil(ioc, done, Clock::now() + options.timeout + RUN_SLACK)) ec = beast::error::timeout;
    // From here websocket::stream's own (client: none) timeouts apply, and Read's deadline.
    beast::get_lowest_layer(ws).expires_never();
    if (ec == websocket::error::upgrade_declined) {
      return util::Err("WebSocket upgrade to " + target + " on " + where + " refused: HTTP " +
                       std::to_string(res.result_int()));
    }
    if (ec) return util::Err("WebSocket handshake with " + where + " failed: " + ec.message());
    return {};
  }
};

util::Result<std::unique_ptr<WsClient>, std::string> WsClient::Connect(const std::string& host, std::uint16_t port,
                                                                       const std::string& target,
                                                                       const HeaderList& headers,
                                                                       ClientOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->where = HostPort(host, port);
  auto stream = ConnectTcp(impl->ioc, host, port, impl->options.timeout);
  if (!stream) return util::Err(std::move(stream).error());
  util::Result<void, std::string> upgraded;
  if (impl->options.tls) {
    auto ctx = MakeClientTls(impl->options);
    if (!ctx) return util::Err(std::move(ctx).error());
    impl->tls_ctx = std::move(*ctx);
    auto secured = HandshakeTls(impl->ioc, std::move(*stream), *impl->tls_ctx, host, port, impl->options);
    if (!secured) return util::Err(std::move(secured).error());
    impl->tls = std::make_unique<websocket::stream<TlsStream>>(std::move(**secured));
    upgraded = impl->Upgrade(*impl->tls, impl->where, target, headers);
  } else {
    impl->plain = std::make_unique<websocket::stream<beast::tcp_stream>>(std::move(*stream));
    upgraded = impl->Upgrade(*impl->plain, impl->where, target, headers);
  }
  if (!upgraded) return util::Err(upgraded.error());
  return std::unique_ptr<WsClient>(new WsClient(std::move(impl)));
}

WsClient::WsClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
WsClient::~WsClient() { m_impl->WithWs([](auto& ws) { beast::get_lowest_layer(ws).close(); }); }

util::Result<void, std::string> WsClient::Send(std::string_view text) {
  auto& impl = *m_impl;
  if (impl.ended) return util::Err("WebSocket to " + impl.where + " is closed");
  beast::error_code ec;
  bool done = false;
  impl.WithWs([&](auto& ws) {
    ws.text(true);
    ws.async_write(net::buffer(text.data(), text.size()), [&](beast::error_code result, std::size_t) {
      ec = result;
      done = true;
    });
  });
  if (!RunUntil(impl.ioc, done, Clock::now() + impl.options.timeout)) {
    impl.Drop();
    RunUntil(impl.ioc, done, Clock::now() + RUN_SLACK);  // the write's handler refers to this frame
    return util::Err("sending to " + impl.where + " timed out");
  }
  if (ec) {
    impl.Drop();
    return util::Err("sending to " + impl.where + " failed: " + ec.message());
  }
  return {};
}

util::Result<std::string, std::string> WsClient::Read(std::chrono::milliseconds timeout) {
  auto& impl = *m_impl;
  if (impl.ended && !impl.read_done) return util::Err("WebSocket to " + impl.where + " is closed");
  if (!impl.read_pending && !impl.read_done) {
    impl.read_pending = true;
    impl.WithWs([&](auto& ws) {
      // Members, not locals: a read left pending by a timeout completes in a later call.
      ws.async_read(impl.buffer, [&impl](beast::error_code result, std::size_t) {
        impl.read_ec = result;
        impl.read_pending = false;
        impl.read_done = true;
      });
    });
  }
  if (!RunUntil(impl.ioc, impl.read_done, Clock::now() + timeout)) {
    return util::Err("no WebSocket message from " + impl.where + " within " + std::to_string(timeout.count()) + " ms");
  }
  impl.read_done = false;
  if (impl.read_ec) {
    impl.Drop();
    return util::Err("WebSocket to " + impl.where + " closed: " + impl.read_ec.message());
  }
  bool text = true;
  impl.WithWs([&](auto& ws) { text = ws.got_text(); });
  std::string message = beast::buffers_to_string(impl.buffer.data());
  impl.buffer.consume(impl.buffer.size());
  if (!text) {
    impl.Drop();
    return util::Err("WebSocket from " + impl.where + " sent a binary message");
  }
  return message;
}

void WsClient::Close() {
  auto& impl = *m_impl;
  if (impl.ended) return;
  bool done = false;
  impl.WithWs([&](auto& ws) {
    ws.async_close(websocket::close_code::normal, [&done](beast::error_code) { done = true; });
  });
  RunUntil(impl.ioc, done, Clock::now() + impl.options.timeout);
  impl.Drop();
  // Let the close (and a read it ended) finish, since their handlers refer to this frame and to impl.
  RunUntil(impl.ioc, done, Clock::now() + RUN_SLACK);
  if (impl.read_pending) RunUntil(impl.ioc, impl.read_done, Clock::now() + RUN_SLACK);
}

}  // namespace cairn::rpc
