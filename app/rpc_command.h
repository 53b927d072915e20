// `cairn rpc [options] METHOD [PARAMS...]`: calls one JSON-RPC method of a running node and prints the
// result as JSON. Credentials come from the node's cookie file in the data folder unless --rpc-user is
// given; the password is then read from --rpc-password or one line of standard input.
// Exit codes: 0 with the result on stdout; 1 with "cairn rpc: ..." on stderr (bad usage, no node,
// authentication refused, or the method's error with its JSON-RPC code).
// Thread safety: main thread only.
#pragma once

#include <QString>
#include <QStringList>

namespace cairn::app {

// The cookie file the node writes in its network folder at each start (and removes on a clean stop).
inline constexpr const char* RPC_COOKIE_FILE_NAME = ".cookie";

int RunRpcCommand(const QStringList& arguments);

}  // namespace cairn::app
