// DesktopApp: the desktop app (`cairn` without --daemon): settings, the in-process node (NodeHost), the
// session and the QML window. main() runs it through RunGui; the GUI smoke test and `cairn-bench gui`
// build the same object, so what they measure and photograph is the app itself.
//
// Thread safety: the GUI thread; needs a QApplication (STACK.md pitfall 3). Ownership: owns everything it
// builds; the destructor stops the node before the window and the session go.
// Failure: Load() is false when the QML cannot load (the errors are on stderr and in the log).
#pragma once

#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <memory>

#include "node_host.h"
#include "startup_options.h"
#include "ui/app_settings.h"
#include "ui/session.h"

namespace cairn::app {

class DesktopApp {
 public:
  // `config_template`: passed to every node this app starts (tests: manual clocks, fast wallet KDF).
  explicit DesktopApp(const StartupOptions& options, runtime::NodeConfig config_template = {});
  ~DesktopApp();
  DesktopApp(const DesktopApp&) = delete;
  DesktopApp& operator=(const DesktopApp&) = delete;

  bool Load();
  // As at launch: starts the node with the saved network and folder once the first run is done (until
  // then the first-run pages start it).
  void StartNodeIfReady();

  QQuickWindow* window() const;
  QQmlApplicationEngine& engine() { return m_engine; }
  ui::AppSettings& settings() { return m_settings; }
  ui::Session& session() { return m_session; }
  NodeHost& host() { return m_host; }

 private:
  StartupOptions m_options;
  ui::AppSettings m_settings;
  NodeHost m_host;
  ui::Session m_session;
  QQmlApplicationEngine m_engine;  // last: destroyed first, while the session still exists
};

int RunGui(const StartupOptions& options);

}  // namespace cairn::app
