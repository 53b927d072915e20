// test_crypto: runs every node/crypto test class in one executable (one test executable per library,
// DESIGN.md section 5). QTEST_GUILESS_MAIN handles a single class, so this is its multi-class form:
// the process exits non-zero, failing the ctest run, when any class has a failure.
// Options such as -v2 or -silent apply to every class. Selecting test functions by name does not
// work here: every class that lacks the named function would report it as a failure.
#include <QCoreApplication>
#include <QTest>

#include "crypto_test_util.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QTEST_SET_MAIN_SOURCE_PATH
  using Runner = int (*)(int, char**);
  const Runner runners[] = {
      cairn::test::RunHashTests,  cairn::test::RunSecureMemoryTests, cairn::test::RunEd25519Tests,
      cairn::test::RunEcvrfTests, cairn::test::RunMerkleTests,       cairn::test::RunPwhashAeadTests,
      cairn::test::RunNoiseTests,
  };
  int failed_classes = 0;
  for (const Runner run : runners) {
    if (run(argc, argv) != 0) ++failed_classes;
  }
  return failed_classes == 0 ? 0 : 1;
}
