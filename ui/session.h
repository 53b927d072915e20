// Session: the running node as the GUI sees it (QML singleton `Session`). It starts the node through a
// NodeLauncher on a worker thread, exposes its state (starting, running, failed) and owns the EventBridge
// that carries node events to the GUI thread. Every model and controller in ui/ reaches the node through
// Session::Instance()->node() / wallet(), and only through RunAsync (async.h).
//
// Thread safety: GUI thread only (node() and wallet() return pointers that other threads may use once
// obtained, per api/node.h). Ownership: created by app/ (or a test) before the QML engine, which then
// finds it through create(); it borrows the launcher. shutdown() stops the node and must run before the
// launcher is destroyed.
// Failure: a failed launch sets state Failed and errorText (one sentence) with logPath for details.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>

#include "ui/node_launcher.h"

class QQmlEngine;
class QJSEngine;

namespace cairn::ui {

class EventBridge;

class Session : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  Q_PROPERTY(State state READ state NOTIFY stateChanged)
  Q_PROPERTY(bool running READ running NOTIFY stateChanged)
  Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
  Q_PROPERTY(QString network READ network NOTIFY stateChanged)
  Q_PROPERTY(QString dataDir READ dataDir NOTIFY stateChanged)
  Q_PROPERTY(QString networkDir READ networkDir NOTIFY stateChanged)
  Q_PROPERTY(QString logPath READ logPath NOTIFY stateChanged)
  Q_PROPERTY(QString rpcEndpoint READ rpcEndpoint NOTIFY stateChanged)
  Q_PROPERTY(QString addressPrefix READ addressPrefix NOTIFY stateChanged)
  Q_PROPERTY(bool hasConsole READ hasConsole NOTIFY stateChanged)
  Q_PROPERTY(QString rpcError READ rpcError NOTIFY stateChanged)

 public:
  enum class State { Idle, Starting, Running, Failed, Stopping };
  Q_ENUM(State)

  explicit Session(NodeLauncher& launcher, QObject* parent = nullptr);
  ~Session() override;

  static Session* Instance();  // the one app/ created; null before
  static Session* create(QQmlEngine* engine, QJSEngine* js);

  State state() const { return m_state; }
  bool running() const { return m_state == State::Running; }
  QString errorText() const { return m_error; }
  QString network() const { return m_request_network; }
  QString dataDir() const { return m_request_data_dir; }
  QString networkDir() const { return QString::fromStdString(m_launched.network_dir); }
  QString logPath() const { return QString::fromStdString(m_launched.log_path); }
  QString rpcEndpoint() const { return QString::fromStdString(m_launched.rpc_endpoint); }
  QString addressPrefix() const;
  bool hasConsole() const { return m_launched.console != nullptr; }
  QString rpcError() const { return QString::fromStdString(m_launched.rpc_error); }

  // Null unless running.
  api::Node* node() const { return running() ? m_launched.node : nullptr; }
  api::Wallet* wallet() const { return running() ? m_launched.wallet : nullptr; }
  ConsoleBackend* console() const { return running() ? m_launched.console : nullptr; }
  EventBridge& events() { return *m_events; }

  // Starts the node (Idle or Failed only). Settings other than network and folder come from
  // AppSettings (app_settings.h) as they are now.
  Q_INVOKABLE void start(const QString& network, const QString& dataDir);
  // Failed -> Idle, so that first run can offer another network or folder.
  Q_INVOKABLE void reset();
  // Stops the node and waits for it (blocks: only at application exit, after the event loop, and in tests).
  void shutdown();

 signals:
  void stateChanged();
  void started();

 private:
  void SetState(State state, QString error = {});

  NodeLauncher& m_launcher;
  State m_state = State::Idle;
  QString m_error;
  QString m_request_network;
  QString m_request_data_dir;
  Launched m_launched;
  std::uint64_t m_generation = 0;  // a launch result from an earlier generation is ignored
  std::unique_ptr<EventBridge> m_events;
};

}  // namespace cairn::ui
