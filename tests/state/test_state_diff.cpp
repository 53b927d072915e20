// StateDiff encoding and MemoryState application.
#include <QTest>

#include "state/state_diff.h"
#include "test_registry.h"

using namespace cairn;
using state::StateDiff;
using state::StateWrite;

namespace {

util::Bytes B(std::initializer_list<std::uint8_t> bytes) { return util::Bytes(bytes); }

StateDiff SampleDiff() {
  StateDiff d;
  d.writes.push_back({B({1, 1}), std::nullopt, B({9})});           // insert
  d.writes.push_back({B({1, 2}), B({7}), B({8, 8})});              // update
  d.writes.push_back({B({2}), B({5}), std::nullopt});              // delete
  d.writes.push_back({B({3}), std::nullopt, util::Bytes{}});        // insert of an empty value
  return d;
}

}  // namespace

class TestStateDiff : public QObject {
  Q_OBJECT

 private slots:
  void encodingRoundTrips() {
    const StateDiff d = SampleDiff();
    const auto decoded = state::DecodeStateDiff(state::Encode(d));
    QVERIFY(decoded.has_value());
    QVERIFY(*decoded == d);
    QVERIFY(state::DecodeStateDiff(state::Encode(StateDiff{}))->writes.empty());
  }

  void decodingIsStrict() {
    const util::Bytes good = state::Encode(SampleDiff());
    for (std::size_t cut = 0; cut < good.size(); ++cut) {
      QVERIFY(!state::DecodeStateDiff(util::ByteSpan(good).first(cut)));
    }
    util::Bytes trailing = good;
    trailing.push_back(0);
    QCOMPARE(state::DecodeStateDiff(trailing).error().kind, chain::DecodeErrorKind::TrailingBytes);

    StateDiff unsorted = SampleDiff();
    std::swap(unsorted.writes[0], unsorted.writes[1]);
    const auto e1 = state::DecodeStateDiff(state::Encode(unsorted));
    QVERIFY(!e1);
    QVERIFY2(e1.error().Message().find("strictly increasing") != std::string::npos, e1.error().Message().c_str());

    StateDiff duplicate = SampleDiff();
    duplicate.writes[1].key = duplicate.writes[0].key;
    QVERIFY(!state::DecodeStateDiff(state::Encode(duplicate)));

    StateDiff noop;
    noop.writes.push_back({B({1}), B({4}), B({4})});
    QVERIFY(!state::DecodeStateDiff(state::Encode(noop)));

    StateDiff empty_key;
    empty_key.writes.push_back({util::Bytes{}, std::nullopt, B({1})});
    QCOMPARE(state::DecodeStateDiff(state::Encode(empty_key)).error().field, std::string("diff.writes[0].key"));
  }

  void memoryStateAppliesAndUndoes() {
    state::MemoryState s;
    s.Put(B({1, 2}), B({7}));
    s.Put(B({2}), B({5}));
    const StateDiff d = SampleDiff();
    QVERIFY(s.Apply(d).has_value());
    QCOMPARE(*s.Get(B({1, 1})), B({9}));
    QCOMPARE(*s.Get(B({1, 2})), B({8, 8}));
    QVERIFY(!s.Get(B({2})));
    QVERIFY(s.Get(B({3}))->empty());

    // A diff whose `before` values do not match is refused whole.
    const auto again = s.Apply(d);
    QVERIFY(!again);
    QVERIFY(again.error().find("0101") != std::string::npos);
    QCOMPARE(*s.Get(B({1, 2})), B({8, 8}));

    QVERIFY(s.Apply(state::Inverse(d)).has_value());
    QCOMPARE(s.size(), std::size_t{2});
    QCOMPARE(*s.Get(B({1, 2})), B({7}));
    QCOMPARE(*s.Get(B({2})), B({5}));
  }

  void prefixIterationIsOrderedAndBounded() {
    state::MemoryState s;
    for (std::uint8_t a : {3, 1, 2}) {
      for (std::uint8_t b : {2, 1}) s.Put(B({a, b}), B({static_cast<std::uint8_t>(a * 10 + b)}));
    }
    std::vector<util::Bytes> seen;
    s.ForEachWithPrefix(B({2}), [&](util::ByteSpan key, util::ByteSpan) {
      seen.emplace_back(key.begin(), key.end());
      return true;
    });
    QCOMPARE(seen.size(), std::size_t{2});
    QCOMPARE(seen[0], B({2, 1}));
    QCOMPARE(seen[1], B({2, 2}));
    int visits = 0;
    s.ForEachWithPrefix({}, [&](util::ByteSpan, util::ByteSpan) { return ++visits < 4; });
    QCOMPARE(visits, 4);
  }
};

CAIRN_REGISTER_TEST(TestStateDiff);
#include "test_state_diff.moc"
