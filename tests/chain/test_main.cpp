// Runs every chain test class; fails if any fails.
#include <QCoreApplication>

int RunCodecTests(int argc, char** argv);
int RunEncodingTests(int argc, char** argv);
int RunBech32Tests(int argc, char** argv);
int RunCheckTests(int argc, char** argv);
int RunGenesisTests(int argc, char** argv);
int RunFuzzTests(int argc, char** argv);

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int failed = 0;
  failed += RunCodecTests(argc, argv) != 0;
  failed += RunEncodingTests(argc, argv) != 0;
  failed += RunBech32Tests(argc, argv) != 0;
  failed += RunCheckTests(argc, argv) != 0;
  failed += RunGenesisTests(argc, argv) != 0;
  failed += RunFuzzTests(argc, argv) != 0;
  return failed == 0 ? 0 : 1;
}
