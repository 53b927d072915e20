// Explorer: block, transaction, account and validator details, and the search box's classification.
#include <QDeadlineTimer>

#include "test_explorer_ui_support.h"
#include "test_registry.h"
#include "ui/explorer/account_detail_model.h"
#include "ui/explorer/block_detail_model.h"
#include "ui/explorer/explorer_search.h"
#include "ui/explorer/tx_detail_model.h"
#include "ui/explorer/validator_detail_model.h"

namespace cairn::test {

namespace {

template <typename M>
void Load(M& model, const QString& key) {
  model.load(key);
  QTRY_VERIFY(!model.loading());
}

QVariantMap RowNamed(const QVariantList& rows, const QString& label) {
  for (const auto& r : rows) {
    if (r.toMap().value(QStringLiteral("label")).toString() == label) return r.toMap();
  }
  return {};
}

const api::Error DISK_ERROR{api::ErrorKind::Internal, "disk I/O error", ""};

}  // namespace

class TestExplorerDetails : public QObject {
  Q_OBJECT

 private slots:
  void blockByHeightAndHash() {
    RunningSession s;
    ui::BlockDetailModel block;
    QSignalSpy changed(&block, &ui::DetailBase::changed);
    Load(block, QStringLiteral("5"));
    QVERIFY(block.found());
    QVERIFY(block.error().isEmpty());
    QCOMPARE(changed.count(), 1);
    const auto& b5 = s.node().blocks[5];
    QCOMPARE(block.height(), qulonglong{5});
    QCOMPARE(block.blockId(), HexId(b5.id));
    QCOMPARE(block.parentId(), HexId(s.node().blocks[4].id));
    QVERIFY(block.hasParent());
    QCOMPARE(block.slot(), qulonglong{6});
    QCOMPARE(block.proposer(), 2);
    QCOMPARE(block.stateRoot(), HexId(b5.block.unsigned_header().state_root));
    QCOMPARE(block.timestampMs(), double(b5.block.unsigned_header().timestamp_ms));
    QCOMPARE(block.sizeBytes(), int(b5.size_bytes));
    QCOMPARE(block.finality(), QStringLiteral("pending"));
    QCOMPARE(block.txs().size(), 3);
    const QVariantMap first = block.txs().at(0).toMap();
    QCOMPARE(first.value(QStringLiteral("txId")).toString(), HexId(chain::ComputeTxId(b5.block.body.txs[0])));
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("transfer"));
    QCOMPARE(first.value(QStringLiteral("sender")).toString(), Text(BOB));
    QCOMPARE(first.value(QStringLiteral("counterparty")).toString(), Text(ALICE));
    QCOMPARE(first.value(QStringLiteral("amount")).toString(), QStringLiteral("1"));
    QCOMPARE(block.votes().size(), 2);
    QCOMPARE(block.votes().at(1).toMap().value(QStringLiteral("validator")).toInt(), 2);
    QCOMPARE(block.evidence().size(), 0);

    Load(block, HexId(s.node().blocks[3].id).toUpper());  // by hash, any case
    QVERIFY(block.found());
    QCOMPARE(block.height(), qulonglong{3});
    QCOMPARE(block.finality(), QStringLiteral("finalized"));
    Load(block, QStringLiteral("0"));
    QVERIFY(!block.hasParent());
  }

  void blockNotFoundAndErrors() {
    RunningSession s;
    ui::BlockDetailModel block;
    Load(block, QStringLiteral("99"));
    QVERIFY(!block.found());
    QVERIFY(block.error().isEmpty());
    Load(block, HexId(Filled(0x99)));
    QVERIFY(!block.found());
    QVERIFY(block.error().isEmpty());
    block.load(QStringLiteral("12abc"));
    QVERIFY(!block.loading());
    QVERIFY(!block.found());
    QVERIFY2(block.error().contains(QStringLiteral("12abc")), qPrintable(block.error()));
    s.node().read_error = DISK_ERROR;
    Load(block, QStringLiteral("1"));
    QVERIFY(!block.found());
    QVERIFY2(block.error().contains(QStringLiteral("disk I/O error")), qPrintable(block.error()));
  }

  // Only the newest load's answer counts.
  void newerLoadWins() {
    RunningSession s;
    ui::BlockDetailModel block;
    block.load(QStringLiteral("2"));
    block.load(QStringLiteral("4"));
    QTRY_VERIFY(!block.loading());
    ui::WaitForWorkers();
    QTest::qWait(20);
    QCOMPARE(block.height(), qulonglong{4});
  }

  void transactionDetails() {
    RunningSession s;
    ui::TxDetailModel tx;
    const auto& transfer = s.node().indexed_txs[0];
    Load(tx, HexId(transfer.id));
    QVERIFY(tx.found());
    QCOMPARE(tx.txId(), HexId(transfer.id));
    QCOMPARE(tx.status(), QStringLiteral("finalized"));
    QVERIFY(tx.included());
    QCOMPARE(tx.blockHeight(), qulonglong{2});
    QCOMPARE(tx.position(), 0);
    QCOMPARE(tx.blockId(), HexId(s.node().blocks[2].id));
    QCOMPARE(tx.sender(), Text(ALICE));
    QCOMPARE(tx.nonce(), qulonglong{0});
    QCOMPARE(tx.fee(), QStringLiteral("1000"));
    QCOMPARE(tx.kind(), QStringLiteral("transfer"));
    QCOMPARE(tx.memo(), QStringLiteral("hi"));
    QCOMPARE(tx.sizeBytes(), int(transfer.size_bytes));
    QCOMPARE(RowNamed(tx.payload(), QStringLiteral("To")).value(QStringLiteral("value")).toString(), Text(BOB));
    QCOMPARE(RowNamed(tx.payload(), QStringLiteral("To")).value(QStringLiteral("type")).toString(), QStringLiteral("address"));
    QCOMPARE(RowNamed(tx.payload(), QStringLiteral("Amount")).value(QStringLiteral("value")).toString(),
             QStringLiteral("250000000"));

    Load(tx, HexId(s.node().indexed_txs[1].id));  // register validator: network text as plain values
    QCOMPARE(tx.kind(), QStringLiteral("register_validator"));
    QCOMPARE(RowNamed(tx.payload(), QStringLiteral("Website")).value(QStringLiteral("value")).toString(),
             QStringLiteral("https://carol.example"));
    QCOMPARE(RowNamed(tx.payload(), QStringLiteral("Commission")).value(QStringLiteral("value")).toString(),
             QStringLiteral("5.00 %"));

    // Every kind of payload the fake has produces rows without failing.
    for (const auto& t : s.node().indexed_txs) {
      Load(tx, HexId(t.id));
      QVERIFY(tx.found());
      QVERIFY(!tx.kindLabel().isEmpty());
    }

    Load(tx, HexId(s.node().pending_tx.id));
    QVERIFY(tx.found());
    QCOMPARE(tx.status(), QStringLiteral("pending"));
    QVERIFY(!tx.included());
    QVERIFY(tx.blockId().isEmpty());
  }

  void transactionNotFoundAndErrors() {
    RunningSession s;
    ui::TxDetailModel tx;
    Load(tx, HexId(Filled(0x98)));
    QVERIFY(!tx.found());
    QVERIFY(tx.error().isEmpty());
    tx.load(QStringLiteral("abcd"));
    QVERIFY(!tx.found());
    QVERIFY(!tx.error().isEmpty());
    s.node().read_error = DISK_ERROR;
    Load(tx, HexId(s.node().indexed_txs[0].id));
    QVERIFY(!tx.found());
    QVERIFY(tx.error().contains(QStringLiteral("disk I/O error")));
  }

  void accountDetailsAndHistory() {
    RunningSession s;
    ui::AccountDetailModel account;
    Load(account, Text(ALICE));
    QVERIFY(account.found());
    QCOMPARE(account.address(), Text(ALICE));
    QCOMPARE(account.balance(), QStringLiteral("12345678901234567890"));  // exact above 2^53
    QCOMPARE(account.nonce(), qulonglong{7});
    QCOMPARE(account.pendingNonce(), qulonglong{8});
    QCOMPARE(account.bonded(), QStringLiteral("5000"));
    QCOMPARE(account.rewards(), QStringLiteral("12"));
    QCOMPARE(account.delegations().size(), 1);
    QCOMPARE(account.delegations().at(0).toMap().value(QStringLiteral("operator")).toString(), Text(CAROL));
    QCOMPARE(account.unbondings().size(), 1);
    QVERIFY(!account.isValidator());
    QVERIFY(account.seen());

    int touching = 0;
    for (const auto& t : s.node().indexed_txs) touching += Touches(t.tx, Addr(ALICE)) ? 1 : 0;
    auto* txs = account.txs();
    QTRY_COMPARE(txs->rowCount(), touching);
    QTRY_VERIFY(!txs->loading());
    QCOMPARE(s.node().last_limit, ui::AccountTxModel::PAGE_SIZE);
    QVERIFY(!txs->canFetchMore());  // one page holds them all
    const auto row0 = txs->index(0);
    QCOMPARE(row0.data(ui::AccountTxModel::HeightRole).toULongLong(), qulonglong{6});  // newest first
    QVERIFY(row0.data(ui::AccountTxModel::OutgoingRole).toBool());

    Load(account, Text(CAROL));
    QVERIFY(account.isValidator());
    QCOMPARE(account.validatorIndex(), 0);

    Load(account, Text(NOBODY));  // never seen: an empty account, not "not found"
    QVERIFY(account.found());
    QVERIFY(!account.seen());
    QCOMPARE(account.balance(), QStringLiteral("0"));
    QTRY_VERIFY(!account.txs()->loading());
    QCOMPARE(account.txs()->rowCount(), 0);
  }

  void accountBadAddressAndErrors() {
    RunningSession s;
    ui::AccountDetailModel account;
    account.load(QStringLiteral("tcairn1notanaddress"));
    QVERIFY(!account.found());
    QVERIFY(!account.error().isEmpty());
    account.load(QString::fromStdString(chain::EncodeAddress(Addr(ALICE), chain::MAINNET_HRP)));
    QVERIFY(!account.found());
    QVERIFY2(account.error().contains(QStringLiteral("tcairn")), qPrintable(account.error()));
    s.node().read_error = DISK_ERROR;
    Load(account, Text(ALICE));
    QVERIFY(!account.found());
    QVERIFY(account.error().contains(QStringLiteral("disk I/O error")));
    QTRY_VERIFY(!account.txs()->error().isEmpty());
  }

  void validatorByAddressAndIndex() {
    RunningSession s;
    ui::ValidatorDetailModel v;
    Load(v, Text(CAROL));
    QVERIFY(v.found());
    QCOMPARE(v.index(), 0);
    QCOMPARE(v.operatorAddress(), Text(CAROL));
    QCOMPARE(v.consensusKey(), HexId(Filled(0x33)));
    QCOMPARE(v.moniker(), QStringLiteral("carol"));
    QCOMPARE(v.commissionBps(), 500);
    QCOMPARE(v.stake(), QStringLiteral("105000"));
    QCOMPARE(v.selfBond(), QStringLiteral("100000"));
    QCOMPARE(v.status(), QStringLiteral("candidate"));
    QVERIFY(!v.jailed());
    QVERIFY(v.active());
    QCOMPARE(v.missedVotes(), qulonglong{0});

    Load(v, QStringLiteral("1"));  // by index, as a block names its proposer
    QVERIFY(v.found());
    QCOMPARE(v.moniker(), QStringLiteral("dave"));
    QCOMPARE(v.operatorAddress(), Text(DAVE));
    QVERIFY(v.jailed());
    QVERIFY(!v.active());
    QCOMPARE(v.missedVotes(), qulonglong{1});
    Load(v, QStringLiteral("0"));
    QCOMPARE(v.moniker(), QStringLiteral("carol"));
  }

  void validatorNotFoundAndErrors() {
    RunningSession s;
    ui::ValidatorDetailModel v;
    Load(v, Text(ALICE));
    QVERIFY(!v.found());
    QVERIFY(v.error().isEmpty());
    Load(v, QStringLiteral("7"));
    QVERIFY(!v.found());
    QVERIFY(v.error().isEmpty());
    v.load(QStringLiteral("carol"));
    QVERIFY(!v.found());
    QVERIFY(!v.error().isEmpty());
    s.node().read_error = DISK_ERROR;
    Load(v, Text(CAROL));
    QVERIFY(v.error().contains(QStringLiteral("disk I/O error")));
  }

  void notRunningIsAnError() {
    FakeLauncher launcher;
    ui::Session session(launcher);  // never started
    ui::BlockDetailModel block;
    block.load(QStringLiteral("1"));
    QVERIFY(!block.loading());
    QCOMPARE(block.error(), QStringLiteral("The node is not running."));
  }
};

class TestExplorerSearch : public QObject {
  Q_OBJECT

  static QVariantMap Classify(ui::ExplorerSearch& search, const QString& text) {
    QSignalSpy resolved(&search, &ui::ExplorerSearch::resolved);
    search.classify(text);
    QDeadlineTimer deadline(5000);
    while (search.busy() && !deadline.hasExpired()) QTest::qWait(5);  // QTRY_* cannot return a value
    if (resolved.isEmpty()) return {};
    return resolved.at(0).at(0).toMap();
  }
  static void Expect(const QVariantMap& r, const char* kind, const QString& key, const QString& validator = {}) {
    QCOMPARE(r.value(QStringLiteral("kind")).toString(), QString::fromLatin1(kind));
    QCOMPARE(r.value(QStringLiteral("key")).toString(), key);
    QCOMPARE(r.value(QStringLiteral("validator")).toString(), validator);
  }

 private slots:
  void shapes() {
    using S = ui::ExplorerSearch::Shape;
    const QString p = QStringLiteral("tcairn");
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QStringLiteral("  "), p), S::Empty);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QStringLiteral("42"), p), S::Height);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QString(64, QLatin1Char('a')), p), S::Hash);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QStringLiteral("0x") + QString(64, QLatin1Char('F')), p), S::Hash);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QString(63, QLatin1Char('a')), p), S::Unknown);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(Text(ALICE), p), S::Address);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QStringLiteral("-5"), p), S::Unknown);
    QCOMPARE(ui::ExplorerSearch::ShapeOf(QStringLiteral("hello"), p), S::Unknown);
  }

  void classifiesEveryKind() {
    RunningSession s;
    ui::ExplorerSearch search;
    Expect(Classify(search, QStringLiteral(" 3 ")), "block", QStringLiteral("3"));
    const QString block_id = HexId(s.node().blocks[2].id);
    Expect(Classify(search, block_id.toUpper()), "block", block_id);
    const QString tx_id = HexId(s.node().indexed_txs[3].id);
    Expect(Classify(search, QStringLiteral("0x") + tx_id), "tx", tx_id);
    Expect(Classify(search, HexId(s.node().pending_tx.id)), "tx", HexId(s.node().pending_tx.id));
    Expect(Classify(search, Text(ALICE)), "account", Text(ALICE));
    Expect(Classify(search, Text(CAROL)), "account", Text(CAROL), Text(CAROL));  // operates validator 0
    QVERIFY(search.error().isEmpty());
    QCOMPARE(search.result().value(QStringLiteral("kind")).toString(), QStringLiteral("account"));
  }

  void badInputSaysWhy() {
    RunningSession s;
    ui::ExplorerSearch search;
    QVERIFY(Classify(search, QStringLiteral("hello")).isEmpty());
    QVERIFY2(search.error().startsWith(QStringLiteral("No block, transaction or address matches")),
             qPrintable(search.error()));
    QVERIFY(search.result().isEmpty());
    QVERIFY(Classify(search, QString()).isEmpty());
    QVERIFY(!search.error().isEmpty());
    QVERIFY(Classify(search, QStringLiteral("99")).isEmpty());
    QVERIFY2(search.error().contains(QStringLiteral("height 99")), qPrintable(search.error()));
    QVERIFY(Classify(search, HexId(Filled(0x97))).isEmpty());
    QVERIFY2(search.error().contains(QStringLiteral("No block or transaction")), qPrintable(search.error()));
    QVERIFY(Classify(search, QStringLiteral("tcairn1qqqqqqq")).isEmpty());
    QVERIFY(search.error().contains(QStringLiteral("not a valid address")));
    s.node().read_error = DISK_ERROR;
    QVERIFY(Classify(search, QStringLiteral("1")).isEmpty());
    QVERIFY(search.error().contains(QStringLiteral("disk I/O error")));
    s.node().read_error.reset();
    Expect(Classify(search, QStringLiteral("1")), "block", QStringLiteral("1"));  // recovers
    QVERIFY(search.error().isEmpty());
  }
};

CAIRN_REGISTER_TEST(TestExplorerDetails);
CAIRN_REGISTER_TEST(TestExplorerSearch);

}  // namespace cairn::test

#include "test_explorer_ui_details.moc"
