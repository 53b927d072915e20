// A ui::NodeLauncher over the fakes of tests/common/fakes: Launch answers at once with a FakeNode and
// a FakeWallet (and no console), so ui/ models run exactly as in the app, against fixed data.
// Thread safety: Launch/Shutdown from the Session's worker; the fakes are thread-safe (fake_node.h).
#pragma once

#include <atomic>

#include "fake_node.h"
#include "fake_wallet.h"
#include "ui/node_launcher.h"

namespace cairn::test {

class FakeLauncher final : public ui::NodeLauncher {
 public:
  util::Result<ui::Launched, std::string> Launch(const ui::LaunchRequest& request) override {
    ++launches;
    if (fail_with) return util::Err(*fail_with);
    ui::Launched launched;
    launched.node = &node;
    launched.wallet = &wallet;
    launched.console = console;
    launched.network_dir = request.data_dir + "/" + request.network;
    launched.log_path = launched.network_dir + "/debug.log";
    return launched;
  }
  void Shutdown() override { ++shutdowns; }

  FakeNode node;
  FakeWallet wallet;
  ui::ConsoleBackend* console = nullptr;  // set before start() to give the session a console
  std::optional<std::string> fail_with;  // set before start() to make the launch fail
  std::atomic<int> launches{0};
  std::atomic<int> shutdowns{0};
};

}  // namespace cairn::test
