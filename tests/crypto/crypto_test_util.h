// Helpers shared by the test_crypto classes: literal hex, readable QCOMPARE output for FixedBytes,
// and the entry points that test_main.cpp runs.
#pragma once

#include <QString>
#include <QTest>

#include <cstring>
#include <string_view>

#include "util/bytes.h"
#include "util/hex.h"

namespace cairn::util {

// Found by argument-dependent lookup, so QCOMPARE prints FixedBytes as hex on a mismatch.
template <std::size_t N>
char* toString(const FixedBytes<N>& value) {
  return qstrdup(ToHex(value.span()).c_str());
}

}  // namespace cairn::util

namespace cairn::test {

inline QString Hex(util::ByteSpan bytes) { return QString::fromStdString(util::ToHex(bytes)); }

inline util::Bytes ToBytes(std::string_view text) {
  const util::ByteSpan bytes = util::AsBytes(text);
  return {bytes.begin(), bytes.end()};
}

// Hex literals in the tests are ours; a malformed one is a test bug and fails the running test.
inline util::Bytes BytesFromHex(std::string_view hex) {
  auto bytes = util::ParseHex(hex);
  if (!bytes) {
    QTest::qFail("malformed hex literal in test", __FILE__, __LINE__);
    return {};
  }
  return *bytes;
}

template <std::size_t N>
util::FixedBytes<N> FixedFromHex(std::string_view hex) {
  auto bytes = util::ParseFixedHex<N>(hex);
  if (!bytes) {
    QTest::qFail("malformed or wrong-length hex literal in test", __FILE__, __LINE__);
    return {};
  }
  return *bytes;
}

// One per test class; each returns QTest::qExec's result (0 when every test function passed).
int RunHashTests(int argc, char** argv);
int RunSecureMemoryTests(int argc, char** argv);
int RunEd25519Tests(int argc, char** argv);
int RunEcvrfTests(int argc, char** argv);
int RunMerkleTests(int argc, char** argv);
int RunPwhashAeadTests(int argc, char** argv);
int RunNoiseTests(int argc, char** argv);

}  // namespace cairn::test
