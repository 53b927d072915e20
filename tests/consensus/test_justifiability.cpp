// The 3SF-mini justifiability rule and the integer square root beneath it.
#include <QTest>

#include <set>

#include "consensus/finality.h"
#include "test_registry.h"

using namespace cairn;

class TestJustifiability : public QObject {
  Q_OBJECT

 private slots:
  void isqrtIsExact() {
    for (std::uint64_t n = 0; n < 20000; ++n) {
      const std::uint64_t r = consensus::ISqrt(n);
      QVERIFY(r * r <= n && (r + 1) * (r + 1) > n);
    }
    QCOMPARE(consensus::ISqrt(UINT64_MAX), std::uint64_t{4294967295});
    QCOMPARE(consensus::ISqrt(std::uint64_t{4294967295} * 4294967295), std::uint64_t{4294967295});
    QCOMPARE(consensus::ISqrt(std::uint64_t{4294967295} * 4294967295 - 1), std::uint64_t{4294967294});
  }

  // d = 0..200 against the list written out by hand: d <= 5, squares, pronic numbers.
  void distancesUpTo200() {
    const std::set<std::uint64_t> reference = {0,  1,  2,  3,  4,  5,  6,  9,  12,  16,  20,  25,  30,  36,  42,
                                               49, 56, 64, 72, 81, 90, 100, 110, 121, 132, 144, 156, 169, 182, 196};
    for (std::uint64_t d = 0; d <= 200; ++d) {
      QVERIFY2(consensus::IsJustifiable(0, d) == reference.contains(d), std::to_string(d).c_str());
      QVERIFY2(consensus::IsJustifiable(1000, 1000 + d) == reference.contains(d), std::to_string(d).c_str());
    }
  }

  void beforeFinalizedIsNeverJustifiable() {
    QVERIFY(!consensus::IsJustifiable(10, 9));
    QVERIFY(consensus::IsJustifiable(10, 10));
  }

  void largeDistances() {
    const std::uint64_t x = 4294967295;  // the largest x with x * x in 64 bits
    QVERIFY(consensus::IsJustifiable(0, x * x));
    QVERIFY(!consensus::IsJustifiable(0, x * x + 1));
    QVERIFY(consensus::IsJustifiable(0, (x - 1) * x));
    QVERIFY(consensus::IsJustifiable(7, 7 + x * x));
    QVERIFY(!consensus::IsJustifiable(0, UINT64_MAX));
  }
};

CAIRN_REGISTER_TEST(TestJustifiability);
#include "test_justifiability.moc"
