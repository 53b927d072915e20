// ui/wallet: history paging and filters, CSV export, and the QR code item.
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "fake_launcher.h"
#include "test_registry.h"
#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/session.h"
#include "ui/wallet/history_filter_model.h"
#include "ui/wallet/history_model.h"
#include "ui/wallet/qr_code.h"
#include "util/hex.h"

namespace cairn::test {

class TestWalletHistoryUi : public QObject {
  Q_OBJECT

  FakeLauncher* m_launcher = nullptr;
  ui::Session* m_session = nullptr;

  std::size_t HistoryCalls() const {
    const auto c = m_launcher->wallet.Calls();  // a locked copy: workers record calls too
    return static_cast<std::size_t>(std::count_if(c.begin(), c.end(), [](const std::string& l) { return l.rfind("History ", 0) == 0; }));
  }

 private slots:
  void init() {
    m_launcher = new FakeLauncher;
    m_session = new ui::Session(*m_launcher);
    m_session->start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-wallet-ui-test"));
    QTRY_VERIFY(m_session->running());
  }
  void cleanup() {
    ui::WaitForWorkers();
    QCoreApplication::processEvents();
    delete m_session;
    delete m_launcher;
  }

  void pagesWithTheCursor() {
    ui::HistoryModel model;
    model.setPageSize(2);
    QTRY_COMPARE(model.count(), 2);
    QTRY_VERIFY(!model.busy());
    QCOMPARE(m_launcher->wallet.Last(), std::string("History account=- kind=- from=- to=- before=- limit=2"));
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(ui::HistoryModel::TxIdRole).toString(), QString::fromStdString(util::ToHex(SENT_ID.span())));
    QCOMPARE(first.data(ui::HistoryModel::KindRole).toString(), QStringLiteral("Transfer"));
    QCOMPARE(first.data(ui::HistoryModel::StatusRole).toString(), QStringLiteral("pending"));
    QCOMPARE(first.data(ui::HistoryModel::OutgoingRole).toBool(), true);
    QCOMPARE(first.data(ui::HistoryModel::CounterpartyRole).toString(), QString::fromStdString(AddrText(BOB)));
    QCOMPARE(first.data(ui::HistoryModel::AmountRole).toString(), QStringLiteral("250"));
    QCOMPARE(first.data(ui::HistoryModel::FeeRole).toString(), QStringLiteral("10"));
    QCOMPARE(first.data(ui::HistoryModel::TimestampMsRole).toDouble(), 1'700'000'009'000.0);
    QCOMPARE(first.data(ui::HistoryModel::HeightRole).toDouble(), -1.0);
    const QModelIndex second = model.index(1);
    QCOMPARE(second.data(ui::HistoryModel::KindRole).toString(), QStringLiteral("Delegation"));
    QCOMPARE(second.data(ui::HistoryModel::KindKeyRole).toString(), QStringLiteral("delegate"));
    QCOMPARE(second.data(ui::HistoryModel::HeightRole).toDouble(), 5.0);
    QCOMPARE(second.data(ui::HistoryModel::NoteRole).toString(), QStringLiteral("insufficient funds"));
    QCOMPARE(model.get(1).value("status").toString(), QStringLiteral("failed"));
    QVERIFY(model.roleNames().contains(Qt::UserRole + 1));

    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QTRY_COMPARE(model.count(), 4);
    QTRY_VERIFY(!model.busy());
    QCOMPARE(m_launcher->wallet.Last(), std::string("History account=- kind=- from=- to=- before=5.1 limit=2"));
    // The fake answers the same cursor again: the list ends instead of paging forever.
    QVERIFY(!model.canFetchMore({}));
  }

  void reloadsOnActivityAndAccount() {
    ui::HistoryModel model;
    QTRY_COMPARE(model.count(), 2);
    QTRY_VERIFY(!model.busy());
    const auto calls = HistoryCalls();
    m_session->events().SetWatchedAddresses({Addr(ALICE)});
    ui::WaitForWorkers();               // the node is asked for ALICE's events on a worker...
    QCoreApplication::processEvents();  // ...and the subscription adopted here
    m_launcher->node.Emit(api::AddressTxEvent{Addr(ALICE), Filled(3), api::TxStatus::Included, std::nullopt});
    QTRY_VERIFY(HistoryCalls() > calls);
    QTRY_COMPARE(model.count(), 2);  // reset, not appended
    model.setAccount(1);
    QTRY_VERIFY(m_launcher->wallet.Last().rfind("History account=1 ", 0) == 0);
    QTRY_COMPARE(model.count(), 2);
  }

  void failureShowsError() {
    m_launcher->wallet.fail = api::Error{api::ErrorKind::Unavailable, "", "locked"};
    ui::HistoryModel model;
    QTRY_VERIFY(!model.error().isEmpty());
    QCOMPARE(model.count(), 0);
    QVERIFY(!model.canFetchMore({}));
    m_launcher->wallet.fail.reset();
    model.reload();
    QTRY_COMPARE(model.count(), 2);
    QVERIFY(model.error().isEmpty());
  }

  // No wallet yet is an empty list, not an error; a wallet made later shows up with the next head.
  void noWalletIsEmptyThenLoads() {
    m_launcher->wallet.fail = api::Error{api::ErrorKind::NotFound, "there is no wallet at /x", ""};
    ui::HistoryModel model;
    QTRY_VERIFY(model.loaded());
    QTRY_VERIFY(!model.busy());
    QCOMPARE(model.count(), 0);
    QCOMPARE(model.error(), QString());
    QVERIFY(!model.canFetchMore({}));
    m_launcher->wallet.fail.reset();
    api::ChainHead head;
    head.height = 42;
    m_launcher->node.Emit(api::NewHeadEvent{head});
    QTRY_COMPARE(model.count(), 2);
  }

  void filters() {
    ui::HistoryModel model;
    ui::HistoryFilterModel proxy;
    proxy.setSourceModel(&model);
    QTRY_COMPARE(proxy.count(), 2);
    model.fetchMore({});
    QTRY_COMPARE(proxy.count(), 4);
    proxy.setKind(QStringLiteral("delegate"));
    QCOMPARE(proxy.count(), 2);
    QCOMPARE(proxy.get(0).value("kindKey").toString(), QStringLiteral("delegate"));
    proxy.setKind(QStringLiteral("transfer"));
    QCOMPARE(proxy.count(), 2);
    proxy.setKind(QString());
    proxy.setFromMs(1'700'000'006'000.0);
    QCOMPARE(proxy.count(), 2);  // only the pending transfers are newer
    proxy.setToMs(1'700'000'008'000.0);
    QCOMPARE(proxy.count(), 0);
    proxy.setFromMs(0);
    QCOMPARE(proxy.count(), 2);  // the failed delegations are older
    proxy.setToMs(0);
    proxy.setSearch(QStringLiteral("INSUFFICIENT"));  // the note, any case
    QCOMPARE(proxy.count(), 2);
    proxy.setSearch(QString::fromStdString(AddrText(BOB)).mid(8, 10));  // part of the counterparty
    QCOMPARE(proxy.count(), 2);
    proxy.setSearch(QStringLiteral("5e5e5e"));  // part of the tx id
    QCOMPARE(proxy.count(), 2);
    proxy.setSearch(QStringLiteral("nothing like this"));
    QCOMPARE(proxy.count(), 0);
  }

  void rewardAndSlashEntriesHaveTheirOwnKinds() {
    m_launcher->wallet.with_reward_and_slash = true;
    ui::HistoryModel model;
    ui::HistoryFilterModel proxy;
    proxy.setSourceModel(&model);
    QTRY_COMPARE(model.count(), 4);
    const QModelIndex reward = model.index(2);
    QCOMPARE(reward.data(ui::HistoryModel::KindRole).toString(), QStringLiteral("Staking reward"));
    QCOMPARE(reward.data(ui::HistoryModel::KindKeyRole).toString(), QStringLiteral("reward"));
    QCOMPARE(reward.data(ui::HistoryModel::AmountRole).toString(), QStringLiteral("1234"));
    QCOMPARE(reward.data(ui::HistoryModel::OutgoingRole).toBool(), false);
    const QModelIndex slash = model.index(3);
    QCOMPARE(slash.data(ui::HistoryModel::KindRole).toString(), QStringLiteral("Slash"));
    QCOMPARE(slash.data(ui::HistoryModel::KindKeyRole).toString(), QStringLiteral("slash"));
    QCOMPARE(slash.data(ui::HistoryModel::NoteRole).toString(),
             QStringLiteral("validator 1 was jailed for missing votes (downtime)"));
    // The kind filter offers them, by name.
    const QStringList keys = ui::HistoryModel::kindKeys();
    QVERIFY(keys.contains(QStringLiteral("reward")) && keys.contains(QStringLiteral("slash")));
    QCOMPARE(ui::HistoryModel::kindText(QStringLiteral("slash")), QStringLiteral("Slash"));
    QCOMPARE(ui::HistoryModel::kindText(QStringLiteral("claim_rewards")), QStringLiteral("Reward claim"));
    proxy.setKind(QStringLiteral("slash"));
    QCOMPARE(proxy.count(), 1);
    proxy.setKind(QStringLiteral("reward"));
    QCOMPARE(proxy.count(), 1);
    QCOMPARE(proxy.get(0).value("kind").toString(), QStringLiteral("Staking reward"));
    // And the export asks the wallet for that entry kind.
    QTemporaryDir dir;
    QSignalSpy done(&model, &ui::HistoryModel::exportDone);
    model.exportCsv(QUrl::fromLocalFile(dir.filePath(QStringLiteral("rewards.csv"))), QStringLiteral("reward"));
    QTRY_COMPARE(done.count(), 1);
    const auto calls = m_launcher->wallet.Calls();
    QVERIFY(std::find(calls.begin(), calls.end(), "HistoryCsv account=- kind=reward from=- to=-") != calls.end());
  }

  void exportCsv() {
    QTemporaryDir dir;
    ui::HistoryModel model;
    QSignalSpy done(&model, &ui::HistoryModel::exportDone);
    const QString path = dir.filePath(QStringLiteral("history.csv"));
    model.exportCsv(QUrl::fromLocalFile(path), QStringLiteral("delegate"), 1000, 0);
    QTRY_COMPARE(done.count(), 1);
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("id,kind,amount\r\n5e,transfer,0.00000250\r\n"));
    const auto calls = m_launcher->wallet.Calls();
    QVERIFY(std::find(calls.begin(), calls.end(), "HistoryCsv account=- kind=delegate from=1000 to=-") != calls.end());
    QVERIFY(!model.exporting());

    model.exportCsv(QUrl::fromLocalFile(dir.filePath(QStringLiteral("missing/folder/h.csv"))));
    QTRY_COMPARE(done.count(), 2);
    QVERIFY(!done.last().at(0).toBool());
    QVERIFY(done.last().at(1).toString().startsWith(QStringLiteral("Could not write")));
    model.exportCsv(QUrl(QStringLiteral("https://example.com/h.csv")));
    QCOMPARE(done.count(), 3);
    QVERIFY(!done.last().at(0).toBool());
    model.exportCsv(QUrl::fromLocalFile(dir.path()));  // a folder
    QCOMPARE(done.count(), 4);
    QVERIFY(!done.last().at(0).toBool());

    m_launcher->wallet.fail = api::Error{api::ErrorKind::Internal, "disk full", ""};
    const QString other = dir.filePath(QStringLiteral("other.csv"));
    model.exportCsv(QUrl::fromLocalFile(other));
    QTRY_COMPARE(done.count(), 5);
    QVERIFY(!done.last().at(0).toBool());
    QVERIFY(!QFile::exists(other));  // nothing half-written
  }

  void qrCodePaints() {
    ui::QrCode qr;
    QVERIFY(!qr.valid());
    qr.setText(QString::fromStdString(AddrText(ALICE)));
    QVERIFY(qr.valid());
    QVERIFY(qr.modules() >= 21);
    QCOMPARE((qr.modules() - 17) % 4, 0);  // a QR version's width
    // The finder pattern's corner module is dark; its separator is light.
    QVERIFY(qr.dark(0, 0));
    QVERIFY(!qr.dark(7, 7));

    qr.setSize(QSizeF(300, 200));
    QImage image(300, 200, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    qr.paint(&painter);
    painter.end();
    int min_x = 300, max_x = -1, min_y = 200, max_y = -1, dark = 0, light = 0;
    for (int y = 0; y < 200; ++y) {
      for (int x = 0; x < 300; ++x) {
        const QRgb p = image.pixel(x, y);
        if (qAlpha(p) == 0) continue;
        if (qGray(p) < 128) {
          ++dark;
        } else {
          ++light;
        }
        min_x = std::min(min_x, x), max_x = std::max(max_x, x);
        min_y = std::min(min_y, y), max_y = std::max(max_y, y);
      }
    }
    QVERIFY(dark > 0);
    QVERIFY(light > dark / 4);
    QCOMPARE(max_x - min_x, max_y - min_y);  // painted area is square, centred in the wider item
    const int module = (max_x - min_x + 1) / (qr.modules() + 2 * ui::QrCode::QUIET_ZONE);
    QVERIFY(module >= 1);
    QVERIFY(qGray(image.pixel(min_x + 1, min_y + 1)) > 128);                 // quiet zone
    QVERIFY(qGray(image.pixel(min_x + 4 * module, min_y + 4 * module)) < 128);  // finder corner

    qr.setText(QString(8000, QLatin1Char('x')));  // beyond any QR version
    QVERIFY(!qr.valid());
  }
};

CAIRN_REGISTER_TEST(TestWalletHistoryUi);

}  // namespace cairn::test

#include "test_wallet_ui_history.moc"
