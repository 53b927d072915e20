// SlotClock and the stake-weighted proposer schedule.
#include <QTest>

#include <map>

#include "consensus/proposer_schedule.h"
#include "consensus/slot_clock.h"
#include "test_registry.h"

using namespace cairn;
using consensus::WeightedValidator;

namespace {

crypto::Hash256 Seed(std::uint8_t fill) {
  crypto::Hash256 s;
  s.bytes.fill(fill);
  return s;
}

}  // namespace

class TestSchedule : public QObject {
  Q_OBJECT

 private slots:
  void slotClockCountsFromGenesis() {
    util::ManualClock clock(999);
    const consensus::SlotClock slot_clock(clock, 1000, 2000);
    QVERIFY(!slot_clock.Now());  // before genesis
    clock.SetMs(1000);
    QCOMPARE(slot_clock.Now()->slot, chain::Slot{0});
    QCOMPARE(slot_clock.Now()->ms_into_slot, std::int64_t{0});
    clock.SetMs(1000 + 2000 * 7 + 1999);
    QCOMPARE(slot_clock.Now()->slot, chain::Slot{7});
    QCOMPARE(slot_clock.Now()->ms_into_slot, std::int64_t{1999});
    clock.AdvanceMs(1);
    QCOMPARE(slot_clock.Now()->slot, chain::Slot{8});
    QCOMPARE(slot_clock.SlotStartMs(8), std::int64_t{17000});
    QCOMPARE(slot_clock.VoteDeadlineMs(8), std::int64_t{17000 + 666});  // one third into the slot
  }

  void vrfInputIsSeedThenLittleEndianSlot() {
    const util::Bytes alpha = consensus::VrfInput(Seed(0xab), 0x0102030405060708ULL);
    QCOMPARE(alpha.size(), std::size_t{40});
    QCOMPARE(alpha[0], std::uint8_t{0xab});
    QCOMPARE(alpha[31], std::uint8_t{0xab});
    QCOMPARE(alpha[32], std::uint8_t{0x08});
    QCOMPARE(alpha[39], std::uint8_t{0x01});
  }

  void noStakeNoProposer() {
    QVERIFY(!consensus::ProposerForSlot({}, Seed(1), 5));
    const std::vector<WeightedValidator> zero = {{3, 0}, {4, 0}};
    QVERIFY(!consensus::ProposerForSlot(zero, Seed(1), 5));
  }

  void deterministicAndNeverZeroStake() {
    const std::vector<WeightedValidator> set = {{0, 0}, {2, 100}, {5, 0}, {9, 300}};
    for (chain::Slot s = 0; s < 500; ++s) {
      const auto a = consensus::ProposerForSlot(set, Seed(7), s);
      QVERIFY(a.has_value());
      QCOMPARE(a, consensus::ProposerForSlot(set, Seed(7), s));
      QVERIFY(*a == 2 || *a == 9);
    }
    const std::vector<WeightedValidator> one = {{42, 1}};
    QCOMPARE(*consensus::ProposerForSlot(one, Seed(3), 99), chain::ValidatorIndex{42});
  }

  void frequenciesFollowStake() {
    const std::vector<WeightedValidator> set = {{1, 1000}, {2, 2000}, {3, 7000}};
    std::map<chain::ValidatorIndex, int> count;
    constexpr int SLOTS = 40'000;
    for (chain::Slot s = 0; s < SLOTS; ++s) ++count[*consensus::ProposerForSlot(set, Seed(9), s)];
    // Expected 10% / 20% / 70%; a standard deviation is at most 0.25 percentage points here.
    QVERIFY2(std::abs(count[1] * 100.0 / SLOTS - 10) < 1.5, std::to_string(count[1]).c_str());
    QVERIFY2(std::abs(count[2] * 100.0 / SLOTS - 20) < 1.5, std::to_string(count[2]).c_str());
    QVERIFY2(std::abs(count[3] * 100.0 / SLOTS - 70) < 1.5, std::to_string(count[3]).c_str());
  }

  void seedChangesTheSchedule() {
    const std::vector<WeightedValidator> set = {{1, 1}, {2, 1}, {3, 1}, {4, 1}};
    int same = 0;
    for (chain::Slot s = 0; s < 200; ++s) {
      same += consensus::ProposerForSlot(set, Seed(1), s) == consensus::ProposerForSlot(set, Seed(2), s);
    }
    QVERIFY2(same < 100, std::to_string(same).c_str());  // independent draws agree about a quarter of the time
  }

  void matchesTheSpecifiedDraw() {
    // The rule written out independently: r from the tagged hash, target = floor(r * total / 2^64).
    const std::vector<WeightedValidator> set = {{4, 5}, {6, 11}, {8, 3}};
    for (chain::Slot s = 0; s < 64; ++s) {
      util::Bytes msg(32, 0x5a);
      for (int i = 0; i < 8; ++i) msg.push_back(static_cast<std::uint8_t>(s >> (8 * i)));
      const auto h = crypto::TaggedHash("proposer", msg);
      long double r = 0;
      for (int i = 7; i >= 0; --i) r = r * 256 + h.bytes[static_cast<std::size_t>(i)];
      const auto target = static_cast<std::uint64_t>(r * 19 / 18446744073709551616.0L);
      const chain::ValidatorIndex want = target < 5 ? 4 : (target < 16 ? 6 : 8);
      QCOMPARE(*consensus::ProposerForSlot(set, Seed(0x5a), s), want);
    }
  }
};

CAIRN_REGISTER_TEST(TestSchedule);
#include "test_schedule.moc"
