// The seam between the RPC transport (http_server.h: sockets, TLS, auth, limits, WebSocket framing)
// and what the requests mean (service.cpp + methods: JSON-RPC 2.0, REST, /metrics, subscriptions).
// The server authenticates and bounds a request before the Service sees it; the Service never sees
// sockets, and the server never parses JSON.
//
// Thread safety: Service::Handle and Service::OpenWebSocket may be called from several threads at
// once. Handle of a GET, and OpenWebSocket, run on an I/O thread and must be quick; Handle of a POST
// (JSON-RPC) runs on the server's worker threads and may take a while (ServerConfig::worker_threads).
// A WsHandler's OnMessage runs on the worker threads too, one message at a time per connection, in
// arrival order: a slow one (a wallet unlock) holds up only its own connection, never an I/O thread.
// WsConnection::Send/Close may be called from any thread (e.g. an api::Node event callback).
// Ownership: the server owns each WsHandler it got from OpenWebSocket and destroys it when the
// connection closes (which must end the handler's subscriptions); the handler holds its connection
// by shared_ptr, and Send on a closed connection, or after the server stopped, is a no-op.
// Failure: Handle always produces a response (errors are responses); it must not throw.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn::rpc {

struct HttpRequest {
  std::string method;        // "GET", "POST", ...
  std::string target;        // path and query, as received: "/chain/block/12?x=1"
  std::string content_type;  // the Content-Type header, or empty
  std::string body;          // at most ServerConfig::max_body_bytes
  std::string remote_ip;     // for logs and rate limits
  std::string user;          // the authenticated user ("__cookie__" for the cookie), empty without auth
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Queues a text message. A connection whose client does not read fast enough (more than
  // ServerConfig::max_ws_queue_bytes queued) is closed rather than allowed to grow without bound.
  virtual void Send(std::string text) = 0;
  virtual void Close() = 0;
};

class WsHandler {
 public:
  virtual ~WsHandler() = default;
  virtual void OnMessage(std::string_view text) = 0;
};

class Service {
 public:
  virtual ~Service() = default;
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // A WebSocket upgrade of `request` (its target names the endpoint). Null: refuse the upgrade (404).
  virtual std::unique_ptr<WsHandler> OpenWebSocket(const HttpRequest& request,
                                                   std::shared_ptr<WsConnection> connection) = 0;
};

}  // namespace cairn::rpc
