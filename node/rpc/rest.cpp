#include "rpc/rest.h"

#include <algorithm>

namespace cairn::rpc {

using util::Err;

namespace {

// A path segment "{name}" captures that segment as the method's parameter `name`.
struct QueryParam {
  std::string_view query;  // name in the URL
  std::string_view param;  // the method's parameter it binds
};

struct Route {
  std::string_view pattern;
  std::string_view method;
  std::vector<QueryParam> query;
};

const std::vector<QueryParam> PAGE = {{"cursor", "cursor"}, {"limit", "limit"}};

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {"/chain/head", "chain.head", {}},
      {"/chain/finalized", "chain.finalized", {}},
      {"/chain/params", "chain.params", {}},
      {"/chain/block/{block}", "chain.block", {{"full", "full"}, {"raw", "raw"}}},
      {"/chain/blocks", "chain.blocks", {{"cursor", "before"}, {"limit", "limit"}}},
      {"/chain/tx/{id}", "chain.tx", {{"raw", "raw"}}},
      {"/account/{address}", "account.get", {}},
      {"/account/{address}/balance", "account.balance", {}},
      {"/account/{address}/txs", "account.txs", PAGE},
      {"/validators", "validator.list", PAGE},
      {"/validator/{address}", "validator.get", {}},
      {"/governance/proposals", "governance.proposals", PAGE},
      {"/governance/proposal/{id}", "governance.proposal", {}},
      {"/governance/proposal/{id}/txs", "governance.proposal_txs", PAGE},
      {"/mempool", "mempool.info", {}},
      {"/network/peers", "net.peers", {}},
      {"/network/sync", "node.sync", {}},
      {"/node/info", "node.info", {}},
      {"/health", "node.health", {}},
  };
  return routes;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

HttpResponse JsonResponse(unsigned status, const Json& body) {
  HttpResponse r;
  r.status = status;
  r.body = Dump(body);
  return r;
}

RpcError BadRequest(std::string message) { return MakeError(INVALID_PARAMS, std::move(message)); }

// Text from the URL as the JSON value the parameter's declared type takes.
RpcResult<Json> TypedValue(const MethodInfo& method, std::string_view param, std::string_view label,
                           const std::string& text) {
  const auto spec = std::find_if(method.params.begin(), method.params.end(),
                                 [&](const ParamSpec& s) { return s.name == param; });
  if (spec == method.params.end()) return Err(MakeError(INTERNAL_ERROR, "internal error: route names no parameter"));
  if (spec->type == ParamType::Integer) {
    auto value = ParseDecimal(text);
    if (!value) return Err(BadRequest("invalid params: '" + std::string(label) + "' " + value.error()));
    return Json(*value);
  }
  if (spec->type == ParamType::Boolean) {
    if (text != "true" && text != "false") {
      return Err(BadRequest("invalid params: '" + std::string(label) + "' must be true or false"));
    }
    return Json(text == "true");
  }
  return Json(text);
}

// The path captures and query of a matched route as the method's named parameters.
RpcResult<Json> BindRequest(const Route& route, const std::vector<std::string>& captures,
                            std::string_view query_text) {
  const MethodInfo* method = FindMethod(route.method);
  if (method == nullptr) return Err(MakeError(INTERNAL_ERROR, "internal error: route names no method"));
  Json params = Json::object();
  std::size_t capture = 0;
  for (std::string_view segment : Split(route.pattern.substr(1), '/')) {
    if (segment.front() != '{') continue;
    const std::string_view name = segment.substr(1, segment.size() - 2);
    const std::string& text = captures[capture++];
    if (name == "block") {
      // A block by hash (64 hex digits) or by height (digits); 64 digits cannot be a u64 height.
      if (text.size() == 64) {
        params["hash"] = text;
        continue;
      }
      if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Err(BadRequest("invalid params: a block is named by its height (decimal) or its hash (64 hex digits)"));
      }
      auto height = TypedValue(*method, "height", "height", text);
      if (!height) return Err(height.error());
      params["height"] = std::move(*height);
      continue;
    }
    auto value = TypedValue(*method, name, name, text);
    if (!value) return Err(value.error());
    params[std::string(name)] = std::move(*value);
  }
  if (query_text.empty()) return params;
  std::vector<std::string_view> seen;
  for (std::string_view item : Split(query_text, '&')) {
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return Err(BadRequest("invalid params: query items are name=value"));
    auto key = PercentDecode(item.substr(0, eq), PlusMode::Space);
    auto value = PercentDecode(item.substr(eq + 1), PlusMode::Space);
    if (!key || !value) return Err(BadRequest("invalid params: malformed percent-escape in the query"));
    const auto known = std::find_if(route.query.begin(), route.query.end(),
                                    [&](const QueryParam& q) { return q.query == *key; });
    if (known == route.query.end()) {
      std::string allowed;
      for (const QueryParam& q : route.query) allowed += (allowed.empty() ? "" : ", ") + std::string(q.query);
      return Err(BadRequest("invalid params: unknown query parameter '" + key->substr(0, 64) + "' (allowed: " +
                            (allowed.empty() ? std::string("none") : allowed) + ")"));
    }
    if (std::find(seen.begin(), seen.end(), known->query) != seen.end()) {
      return Err(BadRequest("invalid params: query parameter '" + std::string(known->query) + "' given twice"));
    }
    seen.push_back(known->query);
    auto typed = TypedValue(*method, known->param, known->query, *value);
    if (!typed) return Err(typed.error());
    params[std::string(known->param)] = std::move(*typed);
  }
  return params;
}

// Errors name the method's parameter; say the query parameter's name where the URL uses another.
RpcError RenameForUrl(const Route& route, RpcError error) {
  for (const QueryParam& q : route.query) {
    if (q.query == q.param) continue;
    const std::string from = "param '" + std::string(q.param) + "'";
    if (auto at = error.message.find(from); at != std::string::npos) {
      error.message.replace(at, from.size(), "query parameter '" + std::string(q.query) + "'");
    }
  }
  return error;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, PlusMode plus) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus == PlusMode::Space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

const std::vector<std::string_view>& RestRouteNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const Route& r : Routes()) out.push_back(r.pattern);
    return out;
  }();
  return names;
}

HttpResponse RestError(const RpcError& error, Dispatcher& dispatcher) {
  dispatcher.counters().CountError(error.code);
  return JsonResponse(HttpStatusFor(error.code), Json{{"error", ErrorJson(error)}});
}

std::optional<HttpResponse> HandleRest(const HttpRequest& request, Dispatcher& dispatcher) {
  const std::string_view target = request.target;
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  if (path.empty() || path.front() != '/') return std::nullopt;
  const std::vector<std::string_view> raw_segments = Split(path.substr(1), '/');
  const auto& routes = Routes();
  for (std::size_t r = 0; r < routes.size(); ++r) {
    const std::vector<std::string_view> pattern = Split(routes[r].pattern.substr(1), '/');
    if (pattern.size() != raw_segments.size()) continue;
    std::vector<std::string> captures;
    bool match = true, malformed = false;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) {
      if (pattern[i].front() == '{') {
        // A malformed escape still matches (the answer is 400, not 404); literals decide the route.
        auto decoded = PercentDecode(raw_segments[i], PlusMode::Literal);
        malformed = malformed || !decoded;
        match = !decoded || !decoded->empty();
        captures.push_back(decoded ? std::move(*decoded) : std::string());
      } else {
        match = pattern[i] == raw_segments[i];
      }
    }
    if (!match) continue;
    const Route& route = routes[r];
    dispatcher.counters().CountRoute(r);
    if (request.method != "GET") {
      HttpResponse response = RestError(MakeError(INVALID_REQUEST, "HTTP method not allowed; use GET"), dispatcher);
      response.status = 405;
      response.headers.emplace_back("Allow", "GET");
      return response;
    }
    if (malformed) return RestError(BadRequest("invalid params: malformed percent-escape in the path"), dispatcher);
    auto params = BindRequest(route, captures, query);
    if (!params) return RestError(params.error(), dispatcher);
    auto result = dispatcher.Call(route.method, *params, nullptr, Dispatcher::Origin::Rest);
    if (!result) return RestError(RenameForUrl(route, result.error()), dispatcher);
    if (route.method == "node.health") {
      const bool ok = result->value("ok", false);
      return JsonResponse(ok ? 200 : 503, *result);
    }
    return JsonResponse(200, *result);
  }
  return std::nullopt;
}

}  // namespace cairn::rpc
