// The seam between ui/ and whatever runs the node: app/ implements NodeLauncher over runtime::NodeContext
// (and the RPC listeners), ui tests implement it over fakes. ui/ never sees runtime/ (DESIGN.md section 1).
//
// Thread safety: Session (session.h) calls Launch on a worker thread, never on the GUI thread: it may take
// seconds (opening and replaying the chain database). Shutdown runs when the app closes, after the
// window's event loop has ended (Session::shutdown), so joining the node's threads there freezes nothing.
// Ownership: the launcher owns the node; the pointers in Launched stay valid until Shutdown returns.
// Failure: Launch returns one sentence for the user (the details go to the node's log).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "api/node.h"
#include "api/wallet.h"
#include "util/result.h"

namespace cairn::ui {

// The Console page's way to run an RPC method in-process, exactly as `cairn rpc` would over HTTP.
class ConsoleBackend {
 public:
  virtual ~ConsoleBackend() = default;
  struct ParamHelp {
    std::string name;
    std::string type;  // "integer", "hash", "address", ...
    bool required = false;
    bool secret = false;  // a passphrase: asked for in a masked field, never in the command line
  };
  struct MethodHelp {
    std::string name;  // "chain.block"
    std::vector<ParamHelp> params;
    std::string summary;  // one line
  };
  // `words`: the method, then positional parameters as `cairn rpc` takes them (optional ones they
  // cannot be are skipped); `secrets`: values of secret parameters by name. Answers the JSON-RPC result
  // as indented JSON, or an error line ("error -32602: ..."). Any thread; may take a while.
  virtual util::Result<std::string, std::string> Run(const std::vector<std::string>& words,
                                                     const std::map<std::string, std::string>& secrets) = 0;
  virtual std::vector<MethodHelp> Methods() = 0;
};

struct LaunchRequest {
  std::string network = "devnet";
  std::string data_dir;  // the base folder; the node uses <data_dir>/<network>
  bool rpc_enabled = true;
  std::uint16_t rpc_port = 0;  // 0: the network's default
  bool validate_on_launch = true;
};

struct Launched {
  api::Node* node = nullptr;
  api::Wallet* wallet = nullptr;
  ConsoleBackend* console = nullptr;  // may be null (no console)
  std::string network_dir;            // <data_dir>/<network>
  std::string log_path;               // where a fatal error's details are
  std::string rpc_endpoint;           // "127.0.0.1:7451", empty when RPC is off
  std::string rpc_error;              // why RPC is off although asked for (port taken, ...): the node
                                      // runs without it rather than not at all
};

class NodeLauncher {
 public:
  virtual ~NodeLauncher() = default;
  virtual util::Result<Launched, std::string> Launch(const LaunchRequest& request) = 0;
  virtual void Shutdown() = 0;  // idempotent
};

}  // namespace cairn::ui
