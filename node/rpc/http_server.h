// The RPC transport: an HTTP/1.1 + WebSocket server (Boost.Beast, optional TLS) that authenticates and
// bounds every request before handing it to a Service (service.h), which gives it meaning.
//
// What the server guarantees before the Service sees a request: the client passed authentication
// (except for `unauthenticated_paths` and allowed CORS preflights), stayed under the per-IP request
// rate, the connection limits, the header/body size limits and the timeouts. Errors it answers itself
// carry a short JSON body {"error":"..."}: 400 malformed, 401 unauthenticated (delayed ~250 ms, on a
// timer, to slow password guessing), 404 refused WebSocket, 413 body too large, 429 rate limited
// (with Retry-After), 431 header too large, 500 Service threw, 503 too many connections.
//
// Thread safety: Start, port and Stop are called from one owner thread. The Service is called from
// the server's I/O threads, several at once (see service.h); each connection lives on its own strand,
// so one slow client or Service call never blocks another connection.
// Ownership: the caller owns the Service, which must outlive the server (Stop() or the destructor
// returns only after the last call into it). The server owns its threads, sockets and the WsHandlers
// the Service returns; Stop() destroys the remaining handlers on the calling thread.
// Failure: Start fails with a one-sentence message (bad address, port in use, unreadable TLS files,
// cookie not writable, auth required without credentials); after a successful Start, failures are per
// connection and are logged (category Rpc), never thrown.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rpc/auth.h"
#include "rpc/service.h"
#include "util/result.h"

namespace cairn::rpc {

// PEM files for TLS: the certificate chain (leaf first) and its private key.
struct TlsFiles {
  std::string cert_chain_file;
  std::string private_key_file;
};

struct ServerConfig {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port, see HttpServer::port()
  std::optional<std::string> cookie_path;  // written at Start (mode 0600), removed at Stop
  std::vector<UserCredential> users;
  bool require_auth = true;
  std::optional<TlsFiles> tls;  // TLS 1.2+ only when set
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds header_timeout{10000};  // connection (and TLS handshake) to end of headers
  std::chrono::milliseconds body_timeout{30000};    // end of headers to end of body; also each response write
  std::chrono::milliseconds idle_timeout{60000};    // keep-alive wait between requests; WebSocket idle (pinged)
  std::size_t max_connections = 512;
  std::size_t max_connections_per_ip = 128;
  double requests_per_s_per_ip = 5000;  // token bucket refill rate (<= 0: no rate limit) ...
  double burst = 10000;                 // ... and capacity
  std::vector<std::string> cors_origins;  // exact Origin values; empty: never any CORS header
  std::size_t io_threads = 2;
  // POST requests (JSON-RPC) and WebSocket messages run on these threads, not on an I/O thread: a
  // method may take a while (a wallet unlock runs Argon2id for about half a second) and an I/O thread
  // must keep serving its other connections meanwhile. GET requests (REST, /metrics) stay on the I/O
  // threads.
  std::size_t worker_threads = 2;
  std::size_t max_ws_queue_bytes = 4 << 20;  // unsent WebSocket output beyond this closes the connection
  std::size_t max_ws_message_bytes = 1 << 20;
  std::vector<std::string> unauthenticated_paths;  // exact paths (query ignored), e.g. {"/metrics"}
  std::string name = "rpc";  // in log lines, to tell listeners apart
};

class HttpServer {
 public:
  // Binds, writes the cookie (if configured) and starts `config.io_threads` I/O threads.
  static util::Result<std::unique_ptr<HttpServer>, std::string> Start(ServerConfig config, Service& service);

  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the ephemeral one when config.port was 0).
  std::uint16_t port() const;

  // Closes the listener and every connection, joins the I/O threads, destroys the remaining WsHandlers
  // and removes the cookie file. Idempotent. WsConnection::Send after Stop is a no-op. Never call it
  // from inside a Service or WsHandler call: it joins the threads those run on.
  void Stop();

 private:
  class Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cairn::rpc
