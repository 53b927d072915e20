// Store end to end with honest voters built by MakeVote: the healthy chain finalizes every block two
// slots later, and after a long outage the 3SF-mini target choice resumes finality.
#include <QTest>

#include "consensus/store.h"
#include "test_helpers.h"
#include "test_registry.h"

using namespace cairn;
using test::Id;

namespace {

consensus::ValidatorWeights Weights(std::vector<std::uint64_t> stakes) {
  return consensus::ValidatorWeights::Make(std::move(stakes)).value();
}

// Runs slots first..last: block n carries the votes made at slot n-1 by `voters`.
void RunSlots(consensus::Store& store, const consensus::ValidatorWeights& w, chain::Slot first, chain::Slot last,
              std::vector<chain::ValidatorIndex> voters, std::vector<chain::Vote>& pending) {
  for (chain::Slot n = first; n <= last; ++n) {
    store.OnTick(n, 0);
    const chain::BlockId parent = store.Head().value();
    const chain::BlockId root = Id("s" + std::to_string(n));
    const auto imported = store.OnBlock({root, parent, n, pending}, w, store.ArrivalNow(n));
    QVERIFY2(imported, imported ? "" : imported.error().Message().c_str());
    pending.clear();
    for (const chain::ValidatorIndex v : voters) pending.push_back(store.MakeVote(v, n).value());
  }
}

}  // namespace

class TestStore : public QObject {
  Q_OBJECT

 private slots:
  void honestVotersFinalizeTwoSlotsBehind() {
    const auto w = Weights({100, 100, 100, 100});
    consensus::Store store(consensus::StoreConfig{}, Id("genesis"), w);
    std::vector<chain::Vote> pending;
    RunSlots(store, w, 1, 3, {0, 1, 2, 3}, pending);
    for (chain::Slot n = 4; n <= 40; ++n) {
      RunSlots(store, w, n, n, {0, 1, 2, 3}, pending);
      QCOMPARE(store.Finalized().slot, n - 2);
      QCOMPARE(store.Justified().slot, n - 1);
      QCOMPARE(store.Head().value(), Id("s" + std::to_string(n)));
    }
    QVERIFY(store.Forks().Tree().Size() <= 3);  // pruned below finalized
  }

  void finalityResumesAfterAnOutage() {
    const auto w = Weights({100, 100, 100, 100});
    consensus::Store store(consensus::StoreConfig{}, Id("genesis"), w);
    std::vector<chain::Vote> pending;
    RunSlots(store, w, 1, 5, {0, 1, 2, 3}, pending);
    RunSlots(store, w, 6, 6, {0, 1}, pending);  // block 6 still carries the full slot-5 votes
    const chain::Slot stuck = store.Finalized().slot;
    QCOMPARE(stuck, chain::Slot{4});
    RunSlots(store, w, 7, 60, {0, 1}, pending);  // half the stake: nothing new is justified
    QCOMPARE(store.Finalized().slot, stuck);
    RunSlots(store, w, 61, 120, {0, 1, 2, 3}, pending);
    QVERIFY2(store.Finalized().slot > 100, std::to_string(store.Finalized().slot).c_str());
  }
};

CAIRN_REGISTER_TEST(TestStore);
#include "test_store.moc"
