// The desktop console's ui::ConsoleBackend: runs JSON-RPC methods in-process through the same
// rpc::Service the RPC listener serves (a POST through Service::Handle, no socket, no credentials), so a
// command typed in the Console means what `cairn rpc` means (the words become params in rpc_params.h).
//
// Thread safety: Run and Methods from any thread (Service::Handle is thread-safe); the GUI calls them
// through RunAsync. Ownership: borrows the node and the wallet, which must outlive it (NodeHost destroys
// it before stopping the node). Failure: Run answers an error line, never throws.
#pragma once

#include <memory>

#include "api/node.h"
#include "api/wallet.h"
#include "rpc/service.h"
#include "ui/node_launcher.h"

namespace cairn::app {

class InProcessConsole final : public ui::ConsoleBackend {
 public:
  InProcessConsole(api::Node& node, api::Wallet* wallet);
  ~InProcessConsole() override;

  util::Result<std::string, std::string> Run(const std::vector<std::string>& words,
                                             const std::map<std::string, std::string>& secrets) override;
  std::vector<MethodHelp> Methods() override;

 private:
  std::unique_ptr<rpc::Service> m_service;
};

}  // namespace cairn::app
