// Shared by the explorer's ui tests: a running Session over the fakes.
#pragma once

#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "fake_launcher.h"
#include "ui/async.h"
#include "ui/explorer/explorer_format.h"
#include "ui/session.h"

namespace cairn::test {

// A Session started over a FakeLauncher (the launcher outlives the session: declared first).
struct RunningSession {
  FakeLauncher launcher;
  std::unique_ptr<ui::Session> session;

  // `prepare` may change the fake before the node "starts".
  template <typename Prepare>
  explicit RunningSession(Prepare prepare) {
    prepare(launcher.node);
    session = std::make_unique<ui::Session>(launcher);
    QSignalSpy started(session.get(), &ui::Session::started);
    session->start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-explorer-test"));
    if (!started.wait(5000)) qFatal("the fake session did not start");
  }
  RunningSession() : RunningSession([](FakeNode&) {}) {}
  ~RunningSession() {
    ui::WaitForWorkers();
    session->shutdown();
  }
  FakeNode& node() { return launcher.node; }
};

inline QString HexId(const crypto::Hash256& h) { return ui::explorer::Hex(h); }
inline QString Text(std::uint8_t who) { return QString::fromStdString(AddrText(who)); }

}  // namespace cairn::test
