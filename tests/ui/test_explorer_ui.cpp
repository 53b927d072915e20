// Explorer: the latest-blocks list (first page, paging to the end, live heads, finality, errors).
#include <QAbstractItemModelTester>

#include "test_explorer_ui_support.h"
#include "test_registry.h"
#include "ui/event_bridge.h"
#include "ui/explorer/block_list_model.h"

namespace cairn::test {

namespace {

using Model = ui::BlockListModel;

QVariant At(const Model& m, int row, Model::Role role) { return m.data(m.index(row), role); }
qulonglong HeightAt(const Model& m, int row) { return At(m, row, Model::HeightRole).toULongLong(); }

// Every row one below the previous: no gap, no duplicate.
bool Contiguous(const Model& m) {
  for (int r = 1; r < m.rowCount(); ++r) {
    if (HeightAt(m, r) + 1 != HeightAt(m, r - 1)) return false;
  }
  return true;
}

}  // namespace

class TestExplorerList : public QObject {
  Q_OBJECT

 private slots:
  void firstPageShowsTheFakeChain() {
    RunningSession s;
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY(model.loaded());
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(s.node().last_limit, Model::PAGE_SIZE);
    const auto& head = s.node().blocks[HEAD_HEIGHT];
    QCOMPARE(HeightAt(model, 0), qulonglong{HEAD_HEIGHT});
    QCOMPARE(At(model, 0, Model::BlockIdRole).toString(), HexId(head.id));
    QCOMPARE(At(model, 0, Model::SlotRole).toULongLong(), qulonglong{head.block.unsigned_header().slot});
    QCOMPARE(At(model, 0, Model::ProposerRole).toInt(), 0);  // 6 % 3
    QTRY_COMPARE(At(model, 0, Model::ProposerNameRole).toString(), QStringLiteral("carol"));
    QCOMPARE(At(model, 1, Model::ProposerNameRole).toString(), QStringLiteral("erin"));  // 5 % 3
    QCOMPARE(At(model, 0, Model::TxCountRole).toInt(), 5);
    QCOMPARE(At(model, 1, Model::VoteCountRole).toInt(), 2);  // height 5
    QCOMPARE(At(model, 0, Model::TimestampMsRole).toDouble(), double(head.block.unsigned_header().timestamp_ms));
    QCOMPARE(At(model, 0, Model::FinalityRole).toString(), QStringLiteral("pending"));
    QCOMPARE(At(model, 2, Model::FinalityRole).toString(), QStringLiteral("justified"));  // height 4
    QCOMPARE(At(model, 3, Model::FinalityRole).toString(), QStringLiteral("finalized"));  // height 3
    QCOMPARE(HeightAt(model, 6), qulonglong{0});
    QVERIFY(Contiguous(model));
    QVERIFY(!model.canFetchMore());
    QVERIFY(model.atEnd());
    QVERIFY(model.error().isEmpty());
    const auto roles = model.roleNames();
    for (const char* name : {"height", "blockId", "slot", "proposer", "txCount", "voteCount", "evidenceCount",
                             "finality", "timestampMs", "proposerName"}) {
      QVERIFY2(roles.values().contains(QByteArray(name)), name);
    }
    QVERIFY(roles.keys().contains(Qt::UserRole + 1));
  }

  void loadsWhenTheNodeStartsLater() {
    FakeLauncher launcher;
    ui::Session session(launcher);
    Model model;  // created while the node is still idle
    QCOMPARE(model.rowCount(), 0);
    session.start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-explorer-test"));
    QTRY_COMPARE(model.rowCount(), 7);
    ui::WaitForWorkers();
    session.shutdown();
  }

  void fetchMorePagesToTheEnd() {
    RunningSession s([](FakeNode& n) {
      while (n.blocks.size() < 257) n.AppendBlock();
    });
    Model model;  // no QAbstractItemModelTester here: it calls fetchMore itself
    QTRY_VERIFY(model.loaded());
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(HeightAt(model, 0), qulonglong{256});
    QVERIFY(model.canFetchMore());
    QVERIFY(!model.atEnd());

    model.fetchMore();
    model.fetchMore();  // while the first runs: ignored (the view asks again once rows arrive)
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), 200);
    QVERIFY(model.canFetchMore());
    model.fetchMore();
    QTRY_COMPARE(model.rowCount(), 257);
    QTRY_VERIFY(!model.loading());
    QVERIFY(!model.canFetchMore());
    QVERIFY(model.atEnd());
    QCOMPARE(HeightAt(model, 256), qulonglong{0});
    QVERIFY(Contiguous(model));
    QCOMPARE(model.fetchCount(), 3);  // three pages, nothing loaded twice
  }

  void newHeadInsertsAtTheTop() {
    RunningSession s;
    Model model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY(model.loaded());
    QTRY_VERIFY(!model.loading());
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy news(&model, &Model::newBlocks);

    s.node().AppendBlock();
    const auto& newest = s.node().AppendBlock();
    const QString newest_id = HexId(newest.id);
    s.node().Emit(api::NewHeadEvent{s.node().Head()});
    QTRY_COMPARE(model.rowCount(), 9);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);  // first
    QCOMPARE(inserted.at(0).at(2).toInt(), 1);  // last
    QCOMPARE(reset.count(), 0);                 // the view keeps its rows and position
    QCOMPARE(news.count(), 1);
    QCOMPARE(news.at(0).at(0).toInt(), 2);
    QCOMPARE(HeightAt(model, 0), qulonglong{8});
    QCOMPARE(At(model, 0, Model::BlockIdRole).toString(), newest_id);
    QCOMPARE(HeightAt(model, 2), qulonglong{HEAD_HEIGHT});
    QVERIFY(Contiguous(model));

    // The same head again: nothing to insert.
    QTRY_VERIFY(!model.loading());
    s.node().Emit(api::NewHeadEvent{s.node().Head()});
    QTest::qWait(2 * static_cast<int>(ui::COALESCE_INTERVAL.count()));
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), 9);
    QCOMPARE(inserted.count(), 1);
  }

  // A head more than a page ahead cannot be joined to the rows: the list restarts from the head.
  void headFarAheadReloads() {
    RunningSession s;
    Model model;
    QTRY_VERIFY(model.loaded());
    QTRY_VERIFY(!model.loading());
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    for (int i = 0; i < 150; ++i) s.node().AppendBlock();
    s.node().Emit(api::NewHeadEvent{s.node().Head()});
    QTRY_COMPARE(reset.count(), 1);
    QTRY_VERIFY(!model.loading());
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(HeightAt(model, 0), qulonglong{156});
    QVERIFY(model.canFetchMore());
  }

  void finalityUpdatesInPlace() {
    RunningSession s;
    Model model;
    QTRY_VERIFY(model.loaded());
    QTRY_VERIFY(!model.loading());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    s.node().blocks[4].finality = api::Finality::Finalized;
    s.node().blocks[5].finality = api::Finality::Justified;
    s.node().Emit(api::FinalizedEvent{api::CheckpointInfo{5, s.node().blocks[4].id, 4}});
    QTRY_VERIFY(changed.count() >= 1);
    QTRY_VERIFY(!model.loading());
    QCOMPARE(At(model, 2, Model::FinalityRole).toString(), QStringLiteral("finalized"));  // height 4
    QCOMPARE(At(model, 1, Model::FinalityRole).toString(), QStringLiteral("justified"));  // height 5
    QCOMPARE(At(model, 0, Model::FinalityRole).toString(), QStringLiteral("pending"));
    const auto roles = changed.last().at(2).value<QList<int>>();
    QCOMPARE(roles, QList<int>{Model::FinalityRole});
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowCount(), 7);
  }

  void failedFetchSaysWhyAndRetries() {
    RunningSession s([](FakeNode& n) {
      n.read_error = api::Error{api::ErrorKind::Internal, "database is locked", ""};
    });
    Model model;
    QTRY_VERIFY(!model.error().isEmpty());
    QVERIFY2(model.error().contains(QStringLiteral("database is locked")), qPrintable(model.error()));
    QCOMPARE(model.rowCount(), 0);
    QTRY_VERIFY(!model.loading());
    s.node().read_error.reset();
    model.retry();
    QTRY_COMPARE(model.rowCount(), 7);
    QVERIFY(model.error().isEmpty());
  }
};

CAIRN_REGISTER_TEST(TestExplorerList);

}  // namespace cairn::test

#include "test_explorer_ui.moc"
