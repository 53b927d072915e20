// main() of the Qt Quick tests (tst_*.qml here): a QApplication (STACK.md pitfall 3: QUICK_TEST_MAIN
// would make a QGuiApplication), every Cairn QML module imported, and the singletons the components
// read (AppSettings, Session over fakes) created before the engine, as the app does.
#include <QApplication>
#include <QQmlEngine>
#include <QStandardPaths>
#include <QtQuickTest/quicktest.h>

#include "cairn_qml_plugins.h"
#include "fake_launcher.h"
#include "ui/app_settings.h"
#include "ui/session.h"

class Setup : public QObject {
  Q_OBJECT

 public slots:
  void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

int main(int argc, char** argv) {
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("CairnTest"));
  QCoreApplication::setApplicationName(QStringLiteral("cairn-qml-test"));
  cairn::ui::AppSettings settings(QStringLiteral("/tmp/cairn-qml-test"));
  cairn::test::FakeLauncher launcher;
  cairn::ui::Session session(launcher);
  session.start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-qml-test"));
  Setup setup;
  const int code = quick_test_main_with_setup(argc, argv, "cairn_qml", QUICK_TEST_SOURCE_DIR, &setup);
  session.shutdown();
  return code;
}

#include "qml_test_main.moc"
