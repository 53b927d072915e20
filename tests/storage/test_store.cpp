// ChainStore: commit / load round trips, state checkpoints, reverts, forks, pruning, migrations and
// the misuse checks. The expected state always comes from replaying the synthetic chain in memory.
#include <QTest>

#include "storage/chain_reader.h"
#include "storage/indexer.h"
#include "storage/schema.h"
#include "storage_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using storage::ChainStore;
using storage::OpenMode;
using storage::StorageError;

class TestChainStore : public QObject {
  Q_OBJECT

 private slots:
  void createsCommitsGenesisAndReopens() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(50, 10, false);
    {
      auto store = OpenStore(path, chain);
      QVERIFY(store);
      QVERIFY(!store->head());
      QCOMPARE(store->LoadState().error().kind, StorageError::Kind::Misuse);
      STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
      QCOMPARE(store->head()->height, 0u);
      QCOMPARE(store->head()->id, chain.genesis_hash());
      QCOMPARE(store->CommitGenesis(chain.Genesis()).error().kind, StorageError::Kind::Misuse);
    }
    auto store = OpenStore(path, chain, OpenMode::MustExist);
    QVERIFY(store);
    QCOMPARE(store->head()->height, 0u);
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, chain.Genesis()));
    QVERIFY(!FileExists(path + ".creating"));
  }

  void mustExistDoesNotCreate() {
    TempFolder dir;
    const std::string path = dir.Path("missing.db");
    const SyntheticChain chain(5, 1, false);
    auto store = ChainStore::Open(path, OpenMode::MustExist, chain.chain_id(), chain.genesis_hash());
    QVERIFY(!store);
    QCOMPARE(store.error().kind, StorageError::Kind::Io);
    QVERIFY(store.error().message.find(path) != std::string::npos);
    QVERIFY(!FileExists(path));
  }

  void stateRoundTripsThroughCheckpoints_data() {
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("blocks");
    QTest::newRow("checkpoint every block") << 1 << 12;
    QTest::newRow("every 3 blocks") << 3 << 20;
    QTest::newRow("every 7 blocks") << 7 << 30;
    QTest::newRow("never (replay all)") << 1000 << 25;
  }
  void stateRoundTripsThroughCheckpoints() {
    QFETCH(int, interval);
    QFETCH(int, blocks);
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(120, 30, true);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    {
      auto store = OpenStore(path, chain);
      QVERIFY(store);
      store->SetCheckpointInterval(static_cast<std::uint64_t>(interval), 1ull << 40);
      STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
      for (int h = 1; h <= blocks; ++h) {
        CommitThrough(*store, chain, replay, static_cast<chain::Height>(h));
        QCOMPARE(store->head()->height, static_cast<chain::Height>(h));
        QCOMPARE(store->checkpoint_height(), static_cast<chain::Height>(h - h % interval));
        if (h % 4 == 0) {
          auto loaded = store->LoadState();
          STORAGE_VERIFY(loaded);
          QVERIFY(SameState(*loaded, replay.state));
        }
      }
    }
    auto store = OpenStore(path, chain, OpenMode::MustExist);
    QVERIFY(store);
    QCOMPARE(store->head()->id, replay.ids.back());
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
    // An explicit checkpoint, then a reload from the checkpoint alone.
    STORAGE_VERIFY(store->Checkpoint());
    QCOMPARE(store->checkpoint_height(), static_cast<chain::Height>(blocks));
    STORAGE_VERIFY(store->Checkpoint());  // nothing to do
    store.reset();
    store = OpenStore(path, chain, OpenMode::MustExist);
    loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
  }

  void checkpointsWhenDiffBytesExceedTheBound() {
    TempFolder dir;
    const SyntheticChain chain(100, 40, false);
    auto store = OpenStore(dir.Path("chain.db"), chain);
    store->SetCheckpointInterval(1000, 10'000);  // a 40-tx block's diff is ~5 KB
    STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    CommitThrough(*store, chain, replay, 6);
    QVERIFY(store->checkpoint_height() > 0);
    QVERIFY(store->checkpoint_height() < 6);
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
  }

  void commitsWithoutLoadingTheStateFirst() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(80, 20, false);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    {
      auto store = OpenStore(path, chain);
      store->SetCheckpointInterval(5, 1ull << 40);
      STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
      CommitThrough(*store, chain, replay, 8);
    }
    {
      // The store rebuilds its view of the un-checkpointed keys from the stored diffs on demand.
      auto store = OpenStore(path, chain, OpenMode::MustExist);
      store->SetCheckpointInterval(5, 1ull << 40);
      CommitThrough(*store, chain, replay, 17);
      QCOMPARE(store->checkpoint_height(), 15u);
    }
    auto store = OpenStore(path, chain, OpenMode::MustExist);
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
  }

  void rejectsBlocksThatDoNotExtendTheHead() {
    TempFolder dir;
    const SyntheticChain chain(60, 10, false);
    auto store = OpenStore(dir.Path("chain.db"), chain);
    STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    CommitThrough(*store, chain, replay, 3);
    const SyntheticBlock next = chain.Make(replay.state, 4, replay.ids.back());
    auto misuse = [&](const util::Result<void, StorageError>& r) { return !r && r.error().kind == StorageError::Kind::Misuse; };
    QVERIFY(misuse(store->CommitBlock(next.block, next.id, 5, next.diff)));  // wrong height
    const SyntheticBlock orphan = chain.Make(replay.state, 4, replay.ids[2]);
    QVERIFY(misuse(store->CommitBlock(orphan.block, orphan.id, 4, orphan.diff)));  // parent is not the head
    QVERIFY(misuse(store->CommitBlock(next.block, replay.ids[1], 4, next.diff)));  // id does not match
    state::StateDiff unsorted = next.diff;
    std::swap(unsorted.writes.front(), unsorted.writes.back());
    QVERIFY(misuse(store->CommitBlock(next.block, next.id, 4, unsorted)));
    // A diff whose `before` contradicts what the stored chain left at a key ('h' changes every block).
    state::StateDiff contradicting = next.diff;
    for (auto& w : contradicting.writes) {
      if (w.key == util::Bytes{'h'}) w.before = util::Bytes(8, 0x77);
    }
    QVERIFY(misuse(store->CommitBlock(next.block, next.id, 4, contradicting)));
    QCOMPARE(store->head()->height, 3u);
    STORAGE_VERIFY(store->CommitBlock(next.block, next.id, 4, next.diff));
    replay.state.Apply(next.diff).value();
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
  }

  void revertsTheHeadAcrossACheckpoint() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(90, 25, true);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    auto store = OpenStore(path, chain);
    store->SetCheckpointInterval(4, 1ull << 40);
    STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
    QCOMPARE(store->RevertHead().error().kind, StorageError::Kind::Misuse);  // nothing above the genesis
    std::vector<SyntheticBlock> blocks(1);
    while (replay.ids.size() <= 10) {
      blocks.push_back(chain.Extend(replay));
      STORAGE_VERIFY(store->CommitBlock(blocks.back().block, blocks.back().id, blocks.size() - 1, blocks.back().diff));
    }
    QCOMPARE(store->checkpoint_height(), 8u);
    // Revert 10, 9 (above the checkpoint), then 8 (inside it) and 7.
    for (chain::Height h = 10; h >= 7; --h) {
      auto diff = store->RevertHead();
      STORAGE_VERIFY(diff);
      QCOMPARE(*diff, blocks[h].diff);
      replay.state.Apply(state::Inverse(*diff)).value();
      replay.ids.pop_back();
      QCOMPARE(store->head()->height, h - 1);
      QCOMPARE(store->head()->id, replay.ids.back());
      auto loaded = store->LoadState();
      STORAGE_VERIFY(loaded);
      QVERIFY(SameState(*loaded, replay.state));
    }
    QCOMPARE(store->checkpoint_height(), 6u);
    // The same blocks apply again; a reopened store agrees.
    CommitThrough(*store, chain, replay, 12);
    store.reset();
    store = OpenStore(path, chain, OpenMode::MustExist);
    QCOMPARE(store->head()->id, replay.ids.back());
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
  }

  void keepsForkBlocksByHash() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(40, 5, false);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    auto store = OpenStore(path, chain);
    STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
    CommitThrough(*store, chain, replay, 4);
    const SyntheticBlock canonical5 = chain.Make(replay.state, 5, replay.ids.back());
    SyntheticBlock fork5 = canonical5;
    fork5.block.header.header.timestamp_ms += 1;  // same transactions and diff, another block
    fork5.id = chain::ComputeBlockId(fork5.block.unsigned_header());
    STORAGE_VERIFY(store->StoreBlock(fork5.block, fork5.id));
    STORAGE_VERIFY(store->CommitBlock(canonical5.block, canonical5.id, 5, canonical5.diff));
    auto reader = storage::ChainReader::Open(path);
    STORAGE_VERIFY(reader);
    auto fork = (*reader)->BlockByHash(fork5.id);
    STORAGE_VERIFY(fork);
    QVERIFY(fork->has_value());
    QVERIFY(!(*fork)->canonical);
    QCOMPARE((*fork)->block, fork5.block);
    // Reorg to the fork: revert 5, apply the stored fork block.
    STORAGE_VERIFY(store->RevertHead());
    STORAGE_VERIFY(store->CommitBlock(fork5.block, fork5.id, 5, fork5.diff));
    auto now = (*reader)->BlockByHeight(5);
    STORAGE_VERIFY(now);
    QCOMPARE((*now)->id, fork5.id);
    auto old = (*reader)->BlockByHash(canonical5.id);
    STORAGE_VERIFY(old);
    QVERIFY(old->has_value() && !(*old)->canonical);
  }

  void prunesDiffsBelowTheCheckpoint() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(50, 8, false);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    auto store = OpenStore(path, chain);
    store->SetCheckpointInterval(10, 1ull << 40);
    STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
    CommitThrough(*store, chain, replay, 2);
    SyntheticBlock fork3 = chain.Make(replay.state, 3, replay.ids.back());
    fork3.block.header.header.timestamp_ms += 1;
    fork3.id = chain::ComputeBlockId(fork3.block.unsigned_header());
    STORAGE_VERIFY(store->StoreBlock(fork3.block, fork3.id));
    CommitThrough(*store, chain, replay, 14);
    QCOMPARE(store->checkpoint_height(), 10u);
    QCOMPARE(store->PruneDiffsBelow(12).error().kind, StorageError::Kind::Misuse);
    STORAGE_VERIFY(store->PruneDiffsBelow(11));
    auto reader = storage::ChainReader::Open(path);
    STORAGE_VERIFY(reader);
    QVERIFY(!(*(*reader)->DiffByHeight(5)).has_value());
    QVERIFY(!(*(*reader)->DiffByHeight(10)).has_value());
    QVERIFY((*(*reader)->DiffByHeight(11)).has_value());
    QVERIFY((*(*reader)->BlockByHeight(5)).has_value());        // canonical blocks stay
    QVERIFY(!(*(*reader)->BlockByHash(fork3.id)).has_value());  // dead forks go
    auto loaded = store->LoadState();
    STORAGE_VERIFY(loaded);
    QVERIFY(SameState(*loaded, replay.state));
    for (int i = 0; i < 4; ++i) STORAGE_VERIFY(store->RevertHead());  // 14..11
    QCOMPARE(store->head()->height, 10u);
    QCOMPARE(store->RevertHead().error().kind, StorageError::Kind::Misuse);  // block 10's diff is gone
  }

  void aSecondWriterIsLockedOut() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(5, 1, false);
    auto first = OpenStore(path, chain);
    QVERIFY(first);
    auto second = ChainStore::Open(path, OpenMode::MustExist, chain.chain_id(), chain.genesis_hash());
    QVERIFY(!second);
    QCOMPARE(second.error().kind, StorageError::Kind::Io);
    QVERIFY(second.error().message.find("in use") != std::string::npos);
    first.reset();
    QVERIFY(OpenStore(path, chain, OpenMode::MustExist));
  }

  void upgradesAnOlderSchema() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(30, 4, true);
    STORAGE_VERIFY(storage::CreateDatabaseFile(path, chain.chain_id(), chain.genesis_hash(), 1));
    QCOMPARE(RawQueryInt(path, "PRAGMA user_version"), 1);
    // Readers and indexers never upgrade: they ask for the node to open it first.
    auto reader = storage::ChainReader::Open(path);
    QVERIFY(!reader);
    QVERIFY(reader.error().message.find("schema version 1") != std::string::npos);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    {
      auto store = OpenStore(path, chain, OpenMode::MustExist);
      QVERIFY(store);
      STORAGE_VERIFY(store->CommitGenesis(chain.Genesis()));
      CommitThrough(*store, chain, replay, 3);
    }
    QCOMPARE(RawQueryInt(path, "PRAGMA user_version"), storage::SCHEMA_VERSION);
    auto indexer = storage::Indexer::Open(path, IdentityOf(chain));
    STORAGE_VERIFY(indexer);
    auto progress = (*indexer)->IndexUpTo(100);
    STORAGE_VERIFY(progress);
    QCOMPARE(progress->indexed_height, 3u);
  }

  void normalDurabilityAndQuickCheckWork() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(30, 4, false);
    storage::StoreOptions options;
    options.durability = storage::Durability::Normal;
    options.integrity_check = storage::IntegrityCheck::Quick;
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    {
      auto store = ChainStore::Open(path, OpenMode::CreateIfMissing, chain.chain_id(), chain.genesis_hash(), options);
      STORAGE_VERIFY(store);
      STORAGE_VERIFY((*store)->CommitGenesis(chain.Genesis()));
      CommitThrough(**store, chain, replay, 5);
    }
    auto store = ChainStore::Open(path, OpenMode::MustExist, chain.chain_id(), chain.genesis_hash(), options);
    STORAGE_VERIFY(store);
    QCOMPARE((*store)->head()->height, 5u);
  }
};

CAIRN_REGISTER_TEST(TestChainStore);
#include "test_store.moc"
