// The scripted fork-choice and finality scenarios: every *.json under tests/consensus/scenarios is
// one test row (format: scenarios/README.md).
#include <QDir>
#include <QTest>

#include "scenario_runner.h"
#include "test_registry.h"

#ifndef CAIRN_CONSENSUS_SCENARIOS
#error "CAIRN_CONSENSUS_SCENARIOS must name the scenarios folder (tests/consensus/CMakeLists.txt)"
#endif

namespace {

QStringList ScenarioFiles() {
  return QDir(QStringLiteral(CAIRN_CONSENSUS_SCENARIOS)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

}  // namespace

class TestForkChoiceScenarios : public QObject {
  Q_OBJECT

 private slots:
  // Never pass silently: the folder must exist and hold scenarios.
  void suiteIsPresent() {
    QVERIFY2(QDir(QStringLiteral(CAIRN_CONSENSUS_SCENARIOS)).exists(), "the scenarios folder is missing");
    QVERIFY2(!ScenarioFiles().isEmpty(), "the scenarios folder holds no scenario");
  }

  void scenario_data() {
    QTest::addColumn<QString>("file");
    const QStringList files = ScenarioFiles();
    if (files.isEmpty()) QTest::newRow("(none)") << QString();
    for (const QString& name : files) {
      QTest::newRow(name.toUtf8().constData()) << QStringLiteral(CAIRN_CONSENSUS_SCENARIOS "/") + name;
    }
  }

  void scenario() {
    QFETCH(QString, file);
    QVERIFY2(!file.isEmpty(), "no scenarios found in " CAIRN_CONSENSUS_SCENARIOS);
    const auto failures = cairn::test::RunForkChoiceScenario(file.toStdString());
    std::string message;
    for (const auto& f : failures) message += "\n  " + f;
    QVERIFY2(failures.empty(), message.c_str());
  }
};

CAIRN_REGISTER_TEST(TestForkChoiceScenarios);
#include "test_fc_scenarios.moc"
