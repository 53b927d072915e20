// A small synchronous HTTP/1.1 client (plain or TLS) for `cairn rpc` and the tests, and a minimal
// synchronous WebSocket client for tests.
//
// Thread safety: a client object is used by one thread at a time; separate objects are independent.
// Ownership: each client owns its socket and a private io_context; nothing is shared.
// Failure: every call returns Result with one sentence naming the server, e.g.
// "cannot connect to 127.0.0.1:7345: Connection refused". A call never takes longer than
// ClientOptions::timeout per network step (connect, handshake, write, read).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace cairn::rpc {

struct ClientOptions {
  bool tls = false;
  bool verify_peer = true;             // TLS: check the chain and that the certificate names the host
  std::optional<std::string> ca_file;  // TLS: PEM trust anchors; without: the system's
  std::chrono::milliseconds timeout{30000};
  std::size_t max_response_bytes = 256u << 20;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  HeaderList headers;  // as received, in order
  // The first header with this name (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
};

class HttpClient {
 public:
  // Connects (and completes the TLS handshake) right away, so a wrong address fails here.
  static util::Result<std::unique_ptr<HttpClient>, std::string> Connect(const std::string& host, std::uint16_t port,
                                                                        ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request on the kept-alive connection and reads the response. When the server had closed
  // the connection (idle timeout, Connection: close) before any response byte arrived, reconnects and
  // sends once more. Content-Type defaults to application/json when a body is given.
  util::Result<ClientResponse, std::string> Request(std::string_view method, std::string_view target,
                                                    std::string_view body = {}, const HeaderList& headers = {});

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

class WsClient {
 public:
  // Connects and performs the upgrade to `target`, sending `headers` (e.g. Authorization). A refused
  // upgrade fails with the HTTP status in the message.
  static util::Result<std::unique_ptr<WsClient>, std::string> Connect(const std::string& host, std::uint16_t port,
                                                                      const std::string& target,
                                                                      const HeaderList& headers = {},
                                                                      ClientOptions options = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  util::Result<void, std::string> Send(std::string_view text);
  // The next text message. On timeout the read stays pending, so a later Read continues it; any other
  // failure (the server closed the connection, a binary message) ends the client.
  util::Result<std::string, std::string> Read(std::chrono::milliseconds timeout);
  // A normal close handshake (bounded by the timeout); then the socket is closed.
  void Close();

 private:
  struct Impl;
  explicit WsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cairn::rpc
