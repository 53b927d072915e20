// MakeService: the cairn_rpc library's entry point. It builds the Service (service.h) that the RPC
// transport (http_server.h) calls after authentication and limits:
//   POST /            JSON-RPC 2.0 (single requests and batches; methods.h lists the methods)
//   GET  /chain/...   REST resources (rest.h), same JSON as the JSON-RPC results
//   GET  /metrics     Prometheus text (metrics_text.h)
//   WS   /ws          JSON-RPC over WebSocket, plus subscribe / unsubscribe (subscriptions.h)
//
// Thread safety: the Service may be used from any number of I/O threads at once (service.h).
// Ownership: the Service borrows `node` and `options.wallet`, which must outlive it and every WsHandler
// it returned.
// Failure: MakeService does not fail; requests fail as error responses, never as exceptions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/node.h"
#include "rpc/service.h"

namespace cairn::api {
class Wallet;
}

namespace cairn::rpc {

enum class WebSocketMode : std::uint8_t { Enabled, Disabled };

struct ServiceOptions {
  // Bech32m prefix of addresses in requests and answers: a valid bech32 prefix, normally
  // chain::MAINNET_HRP or chain::TESTNET_HRP. Empty: the one of api::Node::Info().network
  // (HrpForNetwork in json_codec.h: "cairn" for mainnet, "tcairn" otherwise).
  std::string address_hrp;
  WebSocketMode websocket = WebSocketMode::Enabled;
  // The node's wallet, served as the wallet.* methods (methods.h lists them). Null: those methods
  // answer UNAVAILABLE "this node has no wallet" (data {"code": "no_wallet"}).
  // wallet.* requests carry passphrases and return a mnemonic once (wallet.create): serve them only
  // on an authenticated, loopback or TLS listener (http_server.h).
  api::Wallet* wallet = nullptr;
};

std::unique_ptr<Service> MakeService(api::Node& node, ServiceOptions options = {});

}  // namespace cairn::rpc
