// ChainReader and Indexer: reads on WAL snapshots while the writer is mid-transaction, explorer
// indexes against a brute-force scan of the synthetic chain, cursor paging, resumption and reverts.
#include <QTest>

#include <atomic>
#include <thread>

#include "storage/chain_reader.h"
#include "storage/index_rows.h"
#include "storage/indexer.h"
#include "storage_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using storage::ChainReader;
using storage::Indexer;
using storage::OpenMode;
using storage::StorageError;
using storage::TxPosition;

namespace {

struct Fixture {
  TempFolder dir;
  std::string path = dir.Path("chain.db");
  SyntheticChain chain{200, 40, true};
  SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
  std::vector<SyntheticBlock> blocks{1};  // blocks[h]
  std::unique_ptr<storage::ChainStore> store;

  Fixture() {
    store = OpenStore(path, chain);
    if (!store || !store->CommitGenesis(chain.Genesis())) qFatal("fixture setup failed");
  }
  void CommitTo(chain::Height to) {
    while (replay.ids.size() <= to) {
      blocks.push_back(chain.Extend(replay));
      const chain::Height h = blocks.size() - 1;
      auto done = store->CommitBlock(blocks.back().block, blocks.back().id, h, blocks.back().diff);
      if (!done) qFatal("%s", done.error().message.c_str());
    }
  }
  // Newest-first positions of the canonical transactions `keep` selects, at heights <= `up_to`.
  template <class Pred>
  std::vector<TxPosition> Expected(chain::Height up_to, Pred keep) const {
    std::vector<TxPosition> out;
    for (chain::Height h = std::min<chain::Height>(up_to, blocks.size() - 1); h >= 1; --h) {
      const auto& txs = blocks[h].block.body.txs;
      for (std::size_t i = txs.size(); i-- > 0;) {
        if (keep(txs[i])) out.push_back({h, static_cast<std::uint32_t>(i)});
      }
    }
    return out;
  }
};

bool Names(const std::vector<chain::Address>& list, const chain::Address& a) {
  return std::find(list.begin(), list.end(), a) != list.end();
}

// Walks every page of a list and returns the positions, checking each page's metadata.
template <class Fetch>
std::vector<TxPosition> AllPages(Fetch fetch, std::size_t page_size, chain::Height indexed) {
  std::vector<TxPosition> out;
  std::optional<TxPosition> cursor;
  for (int guard = 0; guard < 10'000; ++guard) {
    util::Result<storage::TxPage, StorageError> page = fetch(cursor, page_size);
    if (!page) qFatal("%s", page.error().message.c_str());
    if (page->indexed_height != indexed) qFatal("page reports indexed height %llu", static_cast<unsigned long long>(page->indexed_height));
    if (page->txs.size() > page_size) qFatal("page too long");
    for (const auto& r : page->txs) out.push_back(r.position);
    if (!page->next) break;
    if (page->txs.size() != page_size || *page->next != page->txs.back().position) qFatal("bad cursor");
    cursor = page->next;
  }
  return out;
}

}  // namespace

class TestReaderIndexer : public QObject {
  Q_OBJECT

 private slots:
  void readerSeesCommittedBlocks() {
    Fixture f;
    f.CommitTo(6);
    auto reader = ChainReader::Open(f.path, IdentityOf(f.chain));
    STORAGE_VERIFY(reader);
    QCOMPARE((*reader)->identity(), IdentityOf(f.chain));
    auto status = (*reader)->Status();
    STORAGE_VERIFY(status);
    QCOMPARE(status->head->height, 6u);
    QCOMPARE(status->head->id, f.replay.ids[6]);
    QCOMPARE(status->indexed_height, 0u);
    for (chain::Height h = 1; h <= 6; ++h) {
      auto block = (*reader)->BlockByHeight(h);
      STORAGE_VERIFY(block);
      QCOMPARE((*block)->block, f.blocks[h].block);
      QVERIFY((*block)->canonical);
      auto header = (*reader)->HeaderByHash(f.blocks[h].id);
      STORAGE_VERIFY(header);
      QCOMPARE((*header)->header, f.blocks[h].block.header);
      QCOMPARE((*header)->height, h);
      auto diff = (*reader)->DiffByHeight(h);
      STORAGE_VERIFY(diff);
      QCOMPARE(**diff, f.blocks[h].diff);
    }
    QVERIFY(!(*(*reader)->BlockByHeight(7)).has_value());
    QVERIFY(!(*(*reader)->BlockByHeight(0)).has_value());  // the genesis has no block
    QVERIFY(!(*(*reader)->HeaderByHash(crypto::Sha256(util::AsBytes("nope")))).has_value());
  }

  void readerReadsASnapshotWhileTheWriterIsMidTransaction() {
    Fixture f;
    f.CommitTo(3);
    auto reader = ChainReader::Open(f.path);
    STORAGE_VERIFY(reader);
    int hook_runs = 0;
    f.store->SetBeforeCommitHookForTesting([&] {
      ++hook_runs;
      // Block 4 (and, below, a checkpoint) is written but not committed: readers see block 3.
      auto status = (*reader)->Status();
      if (!status || status->head->height != 3) qFatal("reader saw an uncommitted head");
      auto block = (*reader)->BlockByHeight(4);
      if (!block || block->has_value()) qFatal("reader saw an uncommitted block");
      auto old = (*reader)->BlockByHeight(3);
      if (!old || !old->has_value()) qFatal("reader lost a committed block");
    });
    f.CommitTo(4);
    QCOMPARE(hook_runs, 1);
    f.store->SetBeforeCommitHookForTesting({});
    auto status = (*reader)->Status();
    STORAGE_VERIFY(status);
    QCOMPARE(status->head->height, 4u);
    f.store->SetBeforeCommitHookForTesting([&] {
      auto st = (*reader)->Status();
      if (!st || st->checkpoint_height != 0 || st->head->height != 4) qFatal("reader saw an uncommitted checkpoint");
    });
    STORAGE_VERIFY(f.store->Checkpoint());
    f.store->SetBeforeCommitHookForTesting({});
    QCOMPARE((*(*reader)->Status()).checkpoint_height, 4u);
  }

  void indexesMatchABruteForceScan() {
    Fixture f;
    f.CommitTo(30);
    auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
    STORAGE_VERIFY(indexer);
    // Index in batches of 7 blocks; queries report how far they reach.
    auto progress = (*indexer)->IndexUpTo(7);
    STORAGE_VERIFY(progress);
    QCOMPARE(progress->indexed_height, 7u);
    QCOMPARE(progress->head_height, 30u);
    QVERIFY(!progress->caught_up());
    auto reader = ChainReader::Open(f.path);
    STORAGE_VERIFY(reader);
    const chain::Address& someone = f.chain.address(17);
    auto partial = AllPages([&](auto c, auto n) { return (*reader)->TxsByAccount(someone, c, n); }, 4, 7);
    QCOMPARE(partial, f.Expected(7, [&](const chain::Transaction& tx) { return Names(storage::KeysOf(tx).accounts, someone); }));
    while (!progress->caught_up()) {
      progress = (*indexer)->IndexUpTo(7);
      STORAGE_VERIFY(progress);
    }
    QCOMPARE(progress->indexed_height, 30u);
    QCOMPARE((*(*indexer)->IndexUpTo(7)).blocks_indexed, 0u);

    for (std::uint32_t a : {0u, 3u, 17u, 199u}) {
      const chain::Address& address = f.chain.address(a);
      const auto expected = f.Expected(30, [&](const chain::Transaction& tx) { return Names(storage::KeysOf(tx).accounts, address); });
      QVERIFY(!expected.empty());
      for (std::size_t page : {1u, 5u, 1000u}) {
        QCOMPARE(AllPages([&](auto c, auto n) { return (*reader)->TxsByAccount(address, c, n); }, page, 30), expected);
      }
    }
    for (std::uint32_t v = 0; v < 7; ++v) {
      const chain::Address& validator = f.chain.address(v);
      const auto expected = f.Expected(30, [&](const chain::Transaction& tx) { return Names(storage::KeysOf(tx).validators, validator); });
      QCOMPARE(AllPages([&](auto c, auto n) { return (*reader)->TxsByValidator(validator, c, n); }, 3, 30), expected);
    }
    for (chain::ProposalId p = 0; p < 4; ++p) {
      const auto expected = f.Expected(30, [&](const chain::Transaction& tx) {
        const auto ps = storage::KeysOf(tx).proposals;
        return std::find(ps.begin(), ps.end(), p) != ps.end();
      });
      QVERIFY(!expected.empty());
      QCOMPARE(AllPages([&](auto c, auto n) { return (*reader)->TxsByProposal(p, c, n); }, 2, 30), expected);
    }
    const auto submissions = f.Expected(30, [](const chain::Transaction& tx) { return storage::KeysOf(tx).submission_kind.has_value(); });
    QVERIFY(!submissions.empty());
    QCOMPARE(AllPages([&](auto c, auto n) { return (*reader)->ProposalSubmissions(std::nullopt, c, n); }, 4, 30), submissions);
    QCOMPARE(AllPages([&](auto c, auto n) { return (*reader)->ProposalSubmissions(std::uint8_t{2}, c, n); }, 4, 30), submissions);
    QVERIFY(AllPages([&](auto c, auto n) { return (*reader)->ProposalSubmissions(std::uint8_t{0}, c, n); }, 4, 30).empty());

    // Blocks by proposer, newest first, paged by height.
    std::vector<chain::Height> proposed;
    std::optional<chain::Height> before;
    for (;;) {
      auto page = (*reader)->BlocksByProposer(2, before, 2);
      STORAGE_VERIFY(page);
      for (const auto& b : page->blocks) {
        proposed.push_back(b.height);
        QCOMPARE(b.id, f.blocks[b.height].id);
        QCOMPARE(b.header.header.proposer_index, 2u);
      }
      if (!page->next) break;
      before = page->next;
    }
    QCOMPARE(proposed, (std::vector<chain::Height>{27, 22, 17, 12, 7, 2}));

    // Transactions by id: every one of a block, full records.
    for (chain::Height h : {1u, 15u, 30u}) {
      const auto& txs = f.blocks[h].block.body.txs;
      for (std::size_t i = 0; i < txs.size(); i += 7) {
        auto found = (*reader)->TxById(chain::ComputeTxId(txs[i]));
        STORAGE_VERIFY(found);
        QCOMPARE(found->indexed_height, 30u);
        QVERIFY(found->value.has_value());
        QCOMPARE(found->value->tx, txs[i]);
        QCOMPARE(found->value->position, (TxPosition{h, static_cast<std::uint32_t>(i)}));
        QCOMPARE(found->value->block_id, f.blocks[h].id);
      }
    }
    auto missing = (*reader)->TxById(crypto::Sha256(util::AsBytes("no such tx")));
    STORAGE_VERIFY(missing);
    QVERIFY(!missing->value.has_value());
  }

  void unindexedBlocksAreReportedAsSuch() {
    Fixture f;
    f.CommitTo(5);
    auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
    STORAGE_VERIFY((*indexer)->IndexUpTo(3));
    auto reader = ChainReader::Open(f.path);
    auto found = (*reader)->TxById(chain::ComputeTxId(f.blocks[5].block.body.txs[0]));
    STORAGE_VERIFY(found);
    QVERIFY(!found->value.has_value());
    QCOMPARE(found->indexed_height, 3u);  // the caller can tell "not found" from "not indexed yet"
  }

  void indexerResumesAndIsIdempotent() {
    Fixture f;
    f.CommitTo(12);
    {
      auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
      STORAGE_VERIFY((*indexer)->IndexUpTo(5));
    }  // interrupted: the next indexer resumes from meta.indexed_height
    {
      auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
      auto progress = (*indexer)->IndexUpTo(100);
      STORAGE_VERIFY(progress);
      QCOMPARE(progress->blocks_indexed, 7u);
    }
    const auto rows = RawQueryInt(f.path, "SELECT count(*) FROM tx_by_account");
    const auto ids = RawQueryInt(f.path, "SELECT count(*) FROM tx_by_id");
    QCOMPARE(ids, 12 * 40);
    // A crash after rows were written but before indexed_height moved cannot happen (one
    // transaction), but re-indexing is harmless anyway.
    f.store.reset();
    QVERIFY(RawSql(f.path, "UPDATE meta SET value = 4 WHERE key = 'indexed_height'"));
    auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
    STORAGE_VERIFY((*indexer)->IndexUpTo(100));
    QCOMPARE(RawQueryInt(f.path, "SELECT count(*) FROM tx_by_account"), rows);
    QCOMPARE(RawQueryInt(f.path, "SELECT count(*) FROM tx_by_id"), ids);
    QCOMPARE(RawQueryInt(f.path, "SELECT value FROM meta WHERE key = 'indexed_height'"), 12);
  }

  void revertRemovesIndexRows() {
    Fixture f;
    f.CommitTo(8);
    auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
    STORAGE_VERIFY((*indexer)->IndexUpTo(100));
    const auto all_rows = RawQueryInt(f.path, "SELECT count(*) FROM tx_by_account");
    const chain::TxId last = chain::ComputeTxId(f.blocks[8].block.body.txs[3]);
    STORAGE_VERIFY(f.store->RevertHead());
    STORAGE_VERIFY(f.store->RevertHead());
    auto reader = ChainReader::Open(f.path);
    auto status = (*reader)->Status();
    QCOMPARE(status->indexed_height, 6u);
    auto found = (*reader)->TxById(last);
    STORAGE_VERIFY(found);
    QVERIFY(!found->value.has_value());
    QCOMPARE(RawQueryInt(f.path, "SELECT count(*) FROM tx_by_account WHERE height > 6"), 0);
    QCOMPARE(RawQueryInt(f.path, "SELECT count(*) FROM blocks_by_proposer WHERE height > 6"), 0);
    // Re-apply the same blocks and index them again: the same rows come back.
    for (chain::Height h = 7; h <= 8; ++h) STORAGE_VERIFY(f.store->CommitBlock(f.blocks[h].block, f.blocks[h].id, h, f.blocks[h].diff));
    STORAGE_VERIFY((*indexer)->IndexUpTo(100));
    QCOMPARE(RawQueryInt(f.path, "SELECT count(*) FROM tx_by_account"), all_rows);
    found = (*reader)->TxById(last);
    QVERIFY(found->value.has_value());
  }

  void indexerRunsBesideTheWriterInAnotherThread() {
    Fixture f;
    f.CommitTo(1);
    std::atomic<bool> done{false};
    std::string failure;
    std::thread indexing([&] {
      auto indexer = Indexer::Open(f.path, IdentityOf(f.chain));
      if (!indexer) { failure = indexer.error().message; return; }
      for (;;) {
        const bool last = done.load();
        auto progress = (*indexer)->IndexUpTo(2);
        if (!progress) { failure = progress.error().message; return; }
        if (last && progress->caught_up()) return;
      }
    });
    std::thread reading([&] {
      auto reader = ChainReader::Open(f.path);
      if (!reader) { failure = reader.error().message; return; }
      while (!done.load()) {
        auto page = (*reader)->TxsByAccount(f.chain.address(1), std::nullopt, 20);
        if (!page) { failure = page.error().message; return; }
      }
    });
    f.CommitTo(40);
    done = true;
    indexing.join();
    reading.join();
    QVERIFY2(failure.empty(), failure.c_str());
    QCOMPARE(RawQueryInt(f.path, "SELECT value FROM meta WHERE key = 'indexed_height'"), 40);
  }

  void readerOpenFailures() {
    TempFolder dir;
    auto missing = ChainReader::Open(dir.Path("none.db"));
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, StorageError::Kind::Io);
    Fixture f;
    const SyntheticChain other(3, 1, false);
    auto wrong = ChainReader::Open(f.path, IdentityOf(other));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().kind, StorageError::Kind::Invalid);
  }
};

CAIRN_REGISTER_TEST(TestReaderIndexer);
#include "test_reader.moc"
