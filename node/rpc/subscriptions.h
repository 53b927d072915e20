// JSON-RPC over WebSocket ("/ws"): every method of the table plus subscribe / unsubscribe.
//
// subscribe {events: [...], addresses?: [...]} calls api::Node::Subscribe and answers a subscription
// id (a string); each event is then pushed as
//   {"jsonrpc":"2.0","method":"subscription","params":{"subscription":"<id>","event":"new_head","result":{...}}}
// unsubscribe {id} ends one; destroying the session ends them all (before it returns). A connection
// holds at most MAX_SUBSCRIPTIONS subscriptions naming at most MAX_SUBSCRIBED_ADDRESSES addresses in
// all; beyond that subscribe answers LIMIT_EXCEEDED.
//
// Thread safety: OnMessage runs on one thread at a time (service.h). Event callbacks run on node
// threads and only render the event and call WsConnection::Send, which is thread-safe; they hold no
// pointer to the session.
// Ownership: the session shares the Dispatcher and the connection; its api::Subscriptions are its own.
#pragma once

#include <cstddef>
#include <memory>

#include "rpc/dispatch.h"
#include "rpc/service.h"

namespace cairn::rpc {

inline constexpr std::size_t MAX_SUBSCRIPTIONS = 16;
inline constexpr std::size_t MAX_SUBSCRIBED_ADDRESSES = 256;

std::unique_ptr<WsHandler> MakeWsSession(std::shared_ptr<Dispatcher> dispatcher,
                                         std::shared_ptr<WsConnection> connection);

}  // namespace cairn::rpc
