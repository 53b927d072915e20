// main() of the ui/ model tests: a QApplication (the models use Qt Gui types), settings in a throwaway
// location (QStandardPaths test mode: a user's real settings are never read or written), then every
// registered test class (test_registry.h).
#include <QApplication>
#include <QStandardPaths>
#include <QTest>

#include "test_registry.h"

namespace cairn::test {

std::vector<TestFactory>& RegisteredTests() {
  static std::vector<TestFactory> tests;
  return tests;
}

}  // namespace cairn::test

int main(int argc, char** argv) {
  QStandardPaths::setTestModeEnabled(true);
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("CairnTest"));
  QCoreApplication::setApplicationName(QStringLiteral("cairn-ui-test"));
  int failed = 0;
  for (const auto& factory : cairn::test::RegisteredTests()) {
    const auto test = factory();
    failed += QTest::qExec(test.get(), argc, argv) != 0 ? 1 : 0;
  }
  if (cairn::test::RegisteredTests().empty()) return 1;  // an empty suite proves nothing
  return failed == 0 ? 0 : 1;
}
