// Data-driven scenario suite of the state transition: every folder under tests/state/scenarios is one
// test row (format and conventions: tests/state/scenarios/README.md).
#include <QDir>
#include <QFileInfo>
#include <QTest>

#include "scenario_runner.h"
#include "test_registry.h"

#ifndef CAIRN_SCENARIOS_DIR
#error "CAIRN_SCENARIOS_DIR must name the scenarios folder (tests/state/rules_tests.cmake)"
#endif

namespace {

QStringList ScenarioFolders() {
  const QDir root(QStringLiteral(CAIRN_SCENARIOS_DIR));
  return root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace

class TestScenarios : public QObject {
  Q_OBJECT

 private slots:
  // Never pass silently: the folder must exist and hold scenarios.
  void suiteIsPresent() {
    QVERIFY2(QDir(QStringLiteral(CAIRN_SCENARIOS_DIR)).exists(), "the scenarios folder is missing");
    QVERIFY2(!ScenarioFolders().isEmpty(), "the scenarios folder holds no scenario");
  }

  void scenario_data() {
    QTest::addColumn<QString>("dir");
    const QStringList folders = ScenarioFolders();
    if (folders.isEmpty()) QTest::newRow("(none)") << QString();
    for (const QString& name : folders) {
      QTest::newRow(name.toUtf8().constData()) << QStringLiteral(CAIRN_SCENARIOS_DIR "/") + name;
    }
  }

  void scenario() {
    QFETCH(QString, dir);
    QVERIFY2(!dir.isEmpty(), "no scenarios found in " CAIRN_SCENARIOS_DIR);
    const auto failures = cairn::test::scenario::RunScenario(dir.toStdString());
    std::string message;
    for (const auto& f : failures) message += "\n  " + f;
    QVERIFY2(failures.empty(), (QFileInfo(dir).fileName().toStdString() + ":" + message).c_str());
  }
};

CAIRN_REGISTER_TEST(TestScenarios);
#include "test_scenarios.moc"
