// main() for test executables built from registered classes (test_registry.h).
#include <QCoreApplication>
#include <QTest>

#include "test_registry.h"

namespace cairn::test {

std::vector<TestFactory>& RegisteredTests() {
  static std::vector<TestFactory> tests;
  return tests;
}

}  // namespace cairn::test

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int failed = 0;
  for (const auto& factory : cairn::test::RegisteredTests()) {
    const auto test = factory();
    failed += QTest::qExec(test.get(), argc, argv) != 0 ? 1 : 0;
  }
  if (cairn::test::RegisteredTests().empty()) return 1;  // an empty suite proves nothing
  return failed == 0 ? 0 : 1;
}
