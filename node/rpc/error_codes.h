// The RPC's error codes: JSON-RPC 2.0's own and the server's (-32000..-32099). Part of the public
// contract: JSON-RPC errors carry them in "error.code", REST errors in {"error": {"code": ...}}.
// Thread safety: constants.
#pragma once

#include <array>

namespace cairn::rpc {

// JSON-RPC 2.0 codes, then the server's own (-32000..-32099).
inline constexpr int PARSE_ERROR = -32700;
inline constexpr int INVALID_REQUEST = -32600;
inline constexpr int METHOD_NOT_FOUND = -32601;
inline constexpr int INVALID_PARAMS = -32602;
inline constexpr int INTERNAL_ERROR = -32603;
inline constexpr int NOT_FOUND = -32004;
inline constexpr int LIMIT_EXCEEDED = -32005;  // per-connection subscription limits
inline constexpr int REJECTED = -32010;        // data: {"code": the mempool's stable code}
inline constexpr int UNAVAILABLE = -32011;
// Every code the server emits (metrics label them; the set is closed so labels stay bounded).
inline constexpr std::array<int, 10> ERROR_CODES = {PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS,
                                                    INTERNAL_ERROR, NOT_FOUND, LIMIT_EXCEEDED, REJECTED, UNAVAILABLE,
                                                    -32000};  // -32000: anything else (never expected)

}  // namespace cairn::rpc
