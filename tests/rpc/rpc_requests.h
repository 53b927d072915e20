// Requests against an rpc::Service as the transport would make them, for the cairn_rpc tests.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "rpc/rpc_service.h"

namespace cairn::test {

using Json = nlohmann::json;

inline rpc::HttpResponse Post(rpc::Service& service, std::string body, std::string content_type = "application/json") {
  rpc::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.remote_ip = "127.0.0.1";
  return service.Handle(r);
}

inline rpc::HttpResponse Get(rpc::Service& service, std::string target, std::string method = "GET") {
  rpc::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.remote_ip = "127.0.0.1";
  return service.Handle(r);
}

// The parsed body; a discarded value when it is not JSON (tests then fail on the shape).
inline Json Body(const rpc::HttpResponse& response) { return Json::parse(response.body, nullptr, false); }

// One JSON-RPC call; returns the whole response object.
inline Json Call(rpc::Service& service, const std::string& method, Json params = nullptr, Json id = 1) {
  Json request{{"jsonrpc", "2.0"}, {"method", method}, {"id", std::move(id)}};
  if (!params.is_null()) request["params"] = std::move(params);
  return Body(Post(service, request.dump()));
}

}  // namespace cairn::test
