// The Service (service.h) behind MakeService (rpc_service.h): routes HTTP requests to JSON-RPC, REST
// and /metrics, opens WebSocket sessions, and holds the JSON-RPC 2.0 envelope rules shared with the
// WebSocket front end (HandleJsonRpc), the error mapping and the request counters.
#include <algorithm>
#include <cctype>

#include "rpc/dispatch.h"
#include "rpc/rest.h"
#include "rpc/rpc_service.h"
#include "rpc/subscriptions.h"

namespace cairn::rpc {

using util::Err;

// ---- errors ----

RpcError MakeError(int code, std::string message) { return RpcError{code, std::move(message), nullptr}; }

RpcError InvalidParam(std::string_view param, std::string_view why) {
  return MakeError(INVALID_PARAMS, "invalid params: param '" + std::string(param) + "' " + std::string(why));
}

RpcError FromApiError(const api::Error& error) {
  // A stable code beside the message ("locked", "wrong_passphrase", ...) lets clients act on the
  // error without parsing prose; Rejected always carries the mempool's.
  Json data = error.code.empty() ? Json(nullptr) : Json{{"code", error.code}};
  switch (error.kind) {
    case api::ErrorKind::InvalidArgument:
      return RpcError{INVALID_PARAMS, "invalid params: " + error.message, std::move(data)};
    case api::ErrorKind::NotFound: return RpcError{NOT_FOUND, error.message, std::move(data)};
    case api::ErrorKind::Rejected: return RpcError{REJECTED, error.message, Json{{"code", error.code}}};
    case api::ErrorKind::Unavailable: return RpcError{UNAVAILABLE, error.message, std::move(data)};
    case api::ErrorKind::Internal: break;
  }
  return RpcError{INTERNAL_ERROR, error.message.empty() ? "internal error" : error.message, std::move(data)};
}

unsigned HttpStatusFor(int code) {
  switch (code) {
    case PARSE_ERROR:
    case INVALID_REQUEST:
    case INVALID_PARAMS:
    case REJECTED:
    case LIMIT_EXCEEDED: return 400;
    case METHOD_NOT_FOUND:
    case NOT_FOUND: return 404;
    case UNAVAILABLE: return 503;
    default: return 500;
  }
}

Json ErrorJson(const RpcError& error) {
  Json out{{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) out["data"] = error.data;
  return out;
}

// ---- counters ----

void RpcCounters::CountMethod(std::optional<std::size_t> method_index) {
  const std::size_t slot = method_index && *method_index < MAX_METHODS ? *method_index : MAX_METHODS;
  m_methods[slot].fetch_add(1, std::memory_order_relaxed);
}

void RpcCounters::CountRoute(std::size_t route_index) {
  if (route_index < MAX_ROUTES) m_routes[route_index].fetch_add(1, std::memory_order_relaxed);
}

void RpcCounters::CountError(int code) {
  auto it = std::find(ERROR_CODES.begin(), ERROR_CODES.end(), code);
  if (it == ERROR_CODES.end()) it = ERROR_CODES.end() - 1;  // the catch-all code
  m_errors[static_cast<std::size_t>(it - ERROR_CODES.begin())].fetch_add(1, std::memory_order_relaxed);
}

RpcCountersSnapshot RpcCounters::Snapshot(const std::vector<std::string_view>& route_names) const {
  RpcCountersSnapshot out;
  const auto& methods = Methods();
  for (std::size_t i = 0; i < methods.size() && i < MAX_METHODS; ++i) {
    out.methods.emplace_back(std::string(methods[i].name), m_methods[i].load(std::memory_order_relaxed));
  }
  out.methods.emplace_back("unknown", m_methods[MAX_METHODS].load(std::memory_order_relaxed));
  for (std::size_t i = 0; i < route_names.size() && i < MAX_ROUTES; ++i) {
    out.routes.emplace_back(std::string(route_names[i]), m_routes[i].load(std::memory_order_relaxed));
  }
  for (std::size_t i = 0; i < ERROR_CODES.size(); ++i) {
    out.errors.emplace_back(ERROR_CODES[i], m_errors[i].load(std::memory_order_relaxed));
  }
  return out;
}

// ---- JSON-RPC 2.0 envelope ----

namespace {

// The nesting depth of JSON text, counted outside strings. Checked before parsing so no later step
// (parser, dump, destructor) can be driven into deep recursion.
int MaxDepth(std::string_view text) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

Json ErrorResponse(Dispatcher& dispatcher, const Json& id, const RpcError& error) {
  dispatcher.counters().CountError(error.code);
  return Json{{"jsonrpc", "2.0"}, {"error", ErrorJson(error)}, {"id", id}};
}

Json InvalidRequestResponse(Dispatcher& dispatcher, const Json& id, std::string why) {
  return ErrorResponse(dispatcher, id, MakeError(INVALID_REQUEST, "invalid request: " + std::move(why)));
}

// One request object: its response, or nothing for a well-formed notification (which is answered
// by nothing even when it fails, as JSON-RPC 2.0 requires).
std::optional<Json> HandleRequest(const Json& request, Dispatcher& dispatcher, ConnectionMethods* connection) {
  if (!request.is_object()) return InvalidRequestResponse(dispatcher, nullptr, "a request must be a JSON object");
  Json id = nullptr;
  const auto id_it = request.find("id");
  const bool notification = id_it == request.end();
  if (!notification) {
    if (!id_it->is_string() && !id_it->is_number() && !id_it->is_null()) {
      return InvalidRequestResponse(dispatcher, nullptr, "\"id\" must be a string, a number or null");
    }
    id = *id_it;
  }
  for (auto it = request.begin(); it != request.end(); ++it) {
    const std::string& key = it.key();
    if (key != "jsonrpc" && key != "method" && key != "params" && key != "id") {
      return InvalidRequestResponse(dispatcher, id, "unknown member '" + key.substr(0, 64) + "'");
    }
  }
  const auto version = request.find("jsonrpc");
  if (version == request.end() || !version->is_string() || *version != "2.0") {
    return InvalidRequestResponse(dispatcher, id, "\"jsonrpc\" must be \"2.0\"");
  }
  const auto method = request.find("method");
  if (method == request.end() || !method->is_string()) {
    return InvalidRequestResponse(dispatcher, id, "\"method\" must be a string");
  }
  const auto params_it = request.find("params");
  static const Json NO_PARAMS = nullptr;
  const Json& params = params_it == request.end() ? NO_PARAMS : *params_it;
  if (params_it != request.end() && !params.is_array() && !params.is_object()) {
    return InvalidRequestResponse(dispatcher, id, "\"params\" must be an array or an object");
  }
  auto result = dispatcher.Call(method->get_ref<const std::string&>(), params, connection);
  if (notification) {
    if (!result) dispatcher.counters().CountError(result.error().code);
    return std::nullopt;
  }
  if (!result) return ErrorResponse(dispatcher, id, result.error());
  return Json{{"jsonrpc", "2.0"}, {"result", std::move(*result)}, {"id", id}};
}

}  // namespace

std::optional<std::string> HandleJsonRpc(std::string_view text, Dispatcher& dispatcher, ConnectionMethods* connection) {
  if (MaxDepth(text) > MAX_JSON_DEPTH) {
    return Dump(ErrorResponse(dispatcher, nullptr,
                              MakeError(PARSE_ERROR, "parse error: nested deeper than " + std::to_string(MAX_JSON_DEPTH))));
  }
  const Json message = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    return Dump(ErrorResponse(dispatcher, nullptr, MakeError(PARSE_ERROR, "parse error: the body is not valid JSON")));
  }
  if (!message.is_array()) {
    auto response = HandleRequest(message, dispatcher, connection);
    if (!response) return std::nullopt;
    return Dump(*response);
  }
  if (message.empty()) return Dump(InvalidRequestResponse(dispatcher, nullptr, "empty batch"));
  if (message.size() > MAX_BATCH) {
    return Dump(InvalidRequestResponse(dispatcher, nullptr,
                                       "a batch holds at most " + std::to_string(MAX_BATCH) + " requests, got " +
                                           std::to_string(message.size())));
  }
  Json responses = Json::array();
  for (const Json& request : message) {
    if (auto response = HandleRequest(request, dispatcher, connection)) responses.push_back(std::move(*response));
  }
  if (responses.empty()) return std::nullopt;
  return Dump(responses);
}

// ---- HTTP routing ----

namespace {

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

// "application/json" with any parameters ("; charset=utf-8"), case-insensitively.
bool IsJsonContentType(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  constexpr std::string_view JSON = "application/json";
  return media.size() == JSON.size() && std::equal(media.begin(), media.end(), JSON.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

class ServiceImpl final : public Service {
 public:
  ServiceImpl(std::shared_ptr<Dispatcher> dispatcher, WebSocketMode websocket)
      : m_dispatcher(std::move(dispatcher)), m_websocket(websocket) {}

  HttpResponse Handle(const HttpRequest& request) override {
    try {
      return Route(request);
    } catch (...) {
      // Allocation or JSON library failures: answer rather than take the I/O thread down.
      HttpResponse r;
      r.status = 500;
      r.body = R"({"error":{"code":-32603,"message":"internal error"}})";
      return r;
    }
  }

  std::unique_ptr<WsHandler> OpenWebSocket(const HttpRequest& request,
                                           std::shared_ptr<WsConnection> connection) override {
    if (m_websocket != WebSocketMode::Enabled || request.target != "/ws" || !connection) return nullptr;
    return MakeWsSession(m_dispatcher, std::move(connection));
  }

 private:
  HttpResponse Route(const HttpRequest& request) {
    const std::string_view path = PathOf(request.target);
    if (path == "/") return JsonRpc(request);
    if (path == "/metrics") return Metrics(request);
    if (path == "/ws") {
      HttpResponse r = RestError(MakeError(INVALID_REQUEST, "/ws takes a WebSocket upgrade"), *m_dispatcher);
      r.status = 426;
      r.headers.emplace_back("Upgrade", "websocket");
      return r;
    }
    if (auto rest = HandleRest(request, *m_dispatcher)) return std::move(*rest);
    return RestError(MakeError(METHOD_NOT_FOUND, "no such resource"), *m_dispatcher);
  }

  HttpResponse JsonRpc(const HttpRequest& request) {
    if (request.method != "POST") return NotAllowed("POST");
    if (request.target != "/") return RestError(MakeError(INVALID_REQUEST, "JSON-RPC takes no query"), *m_dispatcher);
    if (!IsJsonContentType(request.content_type)) {
      HttpResponse r = RestError(MakeError(INVALID_REQUEST, "JSON-RPC requires Content-Type: application/json"),
                                 *m_dispatcher);
      r.status = 415;
      return r;
    }
    HttpResponse response;
    if (auto body = HandleJsonRpc(request.body, *m_dispatcher, nullptr)) {
      response.body = std::move(*body);
    } else {
      response.status = 204;  // only notifications: nothing to answer
      response.content_type.clear();
    }
    return response;
  }

  HttpResponse Metrics(const HttpRequest& request) {
    if (request.method != "GET") return NotAllowed("GET");
    if (request.target != "/metrics") return RestError(MakeError(INVALID_PARAMS, "/metrics takes no query"), *m_dispatcher);
    HttpResponse response;
    response.content_type = std::string(METRICS_CONTENT_TYPE);
    response.body = RenderMetrics(m_dispatcher->node().Metrics(), m_dispatcher->counters().Snapshot(RestRouteNames()));
    return response;
  }

  HttpResponse NotAllowed(std::string_view allow) {
    HttpResponse r = RestError(MakeError(INVALID_REQUEST, "HTTP method not allowed; use " + std::string(allow)),
                               *m_dispatcher);
    r.status = 405;
    r.headers.emplace_back("Allow", std::string(allow));
    return r;
  }

  std::shared_ptr<Dispatcher> m_dispatcher;
  WebSocketMode m_websocket;
};

}  // namespace

std::unique_ptr<Service> MakeService(api::Node& node, ServiceOptions options) {
  std::string hrp = options.address_hrp.empty() ? std::string(HrpForNetwork(node.Info().network))
                                                : std::move(options.address_hrp);
  auto dispatcher = std::make_shared<Dispatcher>(node, JsonCodec(std::move(hrp)), options.wallet);
  return std::make_unique<ServiceImpl>(std::move(dispatcher), options.websocket);
}

}  // namespace cairn::rpc
