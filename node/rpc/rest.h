// REST resources (GET only): the JSON-RPC methods' results under readable paths. Each route binds its
// path segments and query parameters to a method of the table and calls Dispatcher::Call, so REST and
// JSON-RPC answer from one handler with one JSON shape. Errors are {"error": {"code", "message"}} with
// the JSON-RPC code and an HTTP status from HttpStatusFor (400, 404, 503, 500); other HTTP methods get
// 405 with Allow: GET.
//
// Parsing is strict: path segments and query text are percent-decoded (a malformed escape is 400), an
// unknown or repeated query parameter is 400, and a trailing slash or an extra segment is 404.
// Thread safety: callable from any thread (the Dispatcher is). Failure: always returns a response.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rpc/dispatch.h"
#include "rpc/service.h"

namespace cairn::rpc {

// Null when `request` names no REST route (the caller answers 404).
std::optional<HttpResponse> HandleRest(const HttpRequest& request, Dispatcher& dispatcher);

// Route patterns ("/chain/block/{id}"), in the order of the route counters.
const std::vector<std::string_view>& RestRouteNames();

// Percent-decoding of one path segment or query component; nothing for a malformed escape. In a
// query component ('+' form) a plus sign is a space.
enum class PlusMode : std::uint8_t { Literal, Space };
std::optional<std::string> PercentDecode(std::string_view text, PlusMode plus);

// An error answer in the REST shape.
HttpResponse RestError(const RpcError& error, Dispatcher& dispatcher);

}  // namespace cairn::rpc
