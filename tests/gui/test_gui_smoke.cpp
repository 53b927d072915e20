// The real desktop app (app/desktop_app.h: the same window, QML, node and wallet as `cairn`), offscreen
// on a fresh devnet in a temporary folder: the first run starts the node and creates a wallet through the
// window's own pages, the devnet's funded account pays the wallet, every page is visited and
// photographed (<build>/tests/gui/screenshots/*.png, or $CAIRN_SCREENSHOT_DIR), a send is made from the
// Send page with the passphrase and followed into the explorer, and no QML warning may appear.
#include <QApplication>
#include <QDir>
#include <QQmlEngine>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "chain/address.h"
#include "chain/codec.h"
#include "chain/transaction.h"
#include "crypto/pwhash.h"
#include "desktop_app.h"
#include "devnet_operator.h"
#include "gui_driver.h"
#include "util/hex.h"

#include "cairn_qml_plugins.h"

namespace cairn::test {

namespace {

QStringList g_qml_warnings;
QtMessageHandler g_previous_handler = nullptr;

void CaptureQmlWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (type != QtDebugMsg && type != QtInfoMsg &&
      (message.contains(QStringLiteral("qrc:/")) || message.contains(QStringLiteral(".qml")))) {
    g_qml_warnings.append(message);
  }
  g_previous_handler(type, context, message);
}

constexpr int NODE_TIMEOUT_MS = 60'000;
constexpr const char* PASSPHRASE = "correct horse battery staple 42";

}  // namespace

class TestGuiSmoke : public QObject {
  Q_OBJECT

 public:
  QQuickWindow* window() { return m_app->window(); }
  QQuickItem* root() { return window()->contentItem(); }

  QString Shots() const {
    const QString env = qEnvironmentVariable("CAIRN_SCREENSHOT_DIR");
    return env.isEmpty() ? QStringLiteral(CAIRN_SCREENSHOT_DEFAULT_DIR) : env;
  }

  void Shot(const QString& name) {
    WaitFrames(window(), 3);
    const QImage image = SaveScreenshot(window(), Shots(), name);
    QVERIFY2(LooksDrawn(image), qPrintable(name + QStringLiteral(" looks blank")));
  }

  QQuickItem* ShowPage(const QString& page) {
    QVariant item;
    QQuickItem* loaded = nullptr;
    WaitUntil(
        [&] {
          QMetaObject::invokeMethod(window(), "showPage", Q_RETURN_ARG(QVariant, item), Q_ARG(QVariant, page));
          loaded = qvariant_cast<QQuickItem*>(item);
          return loaded != nullptr;
        },
        5000);
    return loaded;
  }

  // The devnet's funded account (first account key of the devnet seed file) pays `to`.
  std::optional<chain::TxId> Fund(const chain::Address& to, chain::Amount amount) {
    runtime::NodeContext* node = m_app->host().node();
    const auto operator_key = DevnetOperatorKey(m_app->session().networkDir().toStdString());
    if (!operator_key) return std::nullopt;
    const crypto::SecretKey& key = *operator_key;
    const api::NodeInfo info = node->api().Info();
    auto account = node->api().Account(chain::AddressFromPublicKey(key.public_key()));
    if (!account) return std::nullopt;
    chain::Transaction tx;
    tx.chain_id = info.chain_id;
    tx.sender = key.public_key();
    tx.nonce = account->pending_nonce;
    tx.fee = 10'000;
    tx.expiry_slot = node->api().Head().current_slot + 1000;
    tx.payload = chain::Transfer{to, amount};
    chain::SignTransaction(tx, key, info.genesis_hash);
    auto id = node->api().SubmitTransaction(chain::Encode(tx));
    if (!id) {
      qWarning("funding refused: %s", id.error().message.c_str());
      return std::nullopt;
    }
    return *id;
  }

 private slots:
  void initTestCase() {
    g_previous_handler = qInstallMessageHandler(CaptureQmlWarnings);
    QVERIFY(m_dir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
    {
      QSettings s;
      s.setValue(QStringLiteral("rpcEnabled"), false);  // no fixed port: tests run side by side
    }
    auto parsed = app::ParseStartupOptions({QStringLiteral("cairn"), QStringLiteral("--quiet"), QStringLiteral("--datadir"),
                                            m_dir.filePath(QStringLiteral("data"))});
    QVERIFY(parsed.options);
    runtime::NodeConfig config;
    config.wallet_kdf_limits = crypto::PwhashTestLimits();
    m_app = std::make_unique<app::DesktopApp>(*parsed.options, config);
    QVERIFY(m_app->Load());
    m_app->StartNodeIfReady();
    QVERIFY(!m_app->session().running());  // first run: nothing starts before the user chooses
    QVERIFY(QTest::qWaitForWindowExposed(window()));
  }

  void firstRunStartsTheNode() {
    QVERIFY(FindByText(root(), QStringLiteral("Welcome to Cairn")) != nullptr);
    Shot(QStringLiteral("01-first-run"));
    // The folder field proposes --datadir; the devnet is chosen by default.
    QVERIFY(FindByText(root(), m_dir.filePath(QStringLiteral("data"))) != nullptr);
    QQuickItem* start = FindByText(root(), QStringLiteral("Start the node"));
    QVERIFY(start != nullptr);
    Click(window(), start);
    QVERIFY(WaitUntil([&] { return m_app->session().running(); }, NODE_TIMEOUT_MS));
    QCOMPARE(m_app->settings().network(), QStringLiteral("devnet"));
  }

  // Through the window's own setup pages: passphrase, the 24 words read off the screen, confirmation.
  void firstRunCreatesAWallet() {
    QVERIFY(WaitUntil([&] { return FindByText(root(), QStringLiteral("Set up your wallet")) != nullptr; }, 10'000));
    Shot(QStringLiteral("02-wallet-setup"));
    Click(window(), FindByText(root(), QStringLiteral("Create a new wallet")));
    QQuickItem* pass = nullptr;
    QVERIFY(WaitUntil([&] { return (pass = FindByName(root(), QStringLiteral("newPassphrase"))) != nullptr; }, 5000));
    TypeInto(window(), pass, QString::fromLatin1(PASSPHRASE));
    TypeInto(window(), FindByName(root(), QStringLiteral("repeatPassphrase")), QString::fromLatin1(PASSPHRASE));
    Shot(QStringLiteral("03-passphrase"));
    QQuickItem* create = FindByText(root(), QStringLiteral("Create wallet"));
    QVERIFY(create != nullptr && create->isEnabled());
    Click(window(), create);

    QVERIFY(WaitUntil([&] { return FindByName(root(), QStringLiteral("mnemonicWord23")) != nullptr; }, 20'000));
    QStringList words;
    for (int i = 0; i < 24; ++i) {
      QQuickItem* word = FindByName(root(), QStringLiteral("mnemonicWord%1").arg(i));
      QVERIFY(word != nullptr);
      words << word->property("text").toString();
    }
    QCOMPARE(words.size(), 24);
    Shot(QStringLiteral("04-recovery-words"));
    Click(window(), FindByText(root(), QStringLiteral("I have written down all 24 words in order")));
    Click(window(), FindByText(root(), QStringLiteral("Continue")));

    const auto fields = FindAll(root(), [](QQuickItem* item) { return item->objectName().startsWith(QStringLiteral("confirmWord")); });
    QVERIFY(!fields.isEmpty());
    for (QQuickItem* field : fields) {
      const int position = field->objectName().mid(QStringLiteral("confirmWord").size()).toInt();
      QVERIFY(position >= 1 && position <= 24);
      TypeInto(window(), field, words.at(position - 1));
    }
    Shot(QStringLiteral("05-confirm-words"));
    Click(window(), FindByText(root(), QStringLiteral("Confirm")));
    QVERIFY(WaitUntil([&] { return m_app->settings().firstRunDone(); }, 20'000));
    const api::WalletInfo info = m_app->host().node()->wallet().Info();
    QVERIFY(info.exists && info.confirmed);
  }

  void walletIsFunded() {
    auto accounts = m_app->host().node()->wallet().Accounts();
    QVERIFY(accounts && !accounts->empty());
    m_address = accounts->front().address;
    QVERIFY(Fund(m_address, 250 * chain::COIN));
    QVERIFY(WaitUntil(
        [&] {
          auto a = m_app->host().node()->api().Account(m_address);
          return a && a->balance == 250 * chain::COIN;
        },
        NODE_TIMEOUT_MS));
  }

  // Every page, photographed once the chain has moved a little; each must load and draw.
  void everyPageLoadsAndDraws() {
    const QStringList pages = {QStringLiteral("overview"), QStringLiteral("send"), QStringLiteral("receive"),
                               QStringLiteral("transactions"), QStringLiteral("explorer"), QStringLiteral("settings"),
                               QStringLiteral("console")};
    int n = 10;
    for (const QString& page : pages) {
      QQuickItem* item = ShowPage(page);
      QVERIFY2(item != nullptr, qPrintable(page));
      QTest::qWait(400);  // the page's first answers from the node (worker threads)
      Shot(QStringLiteral("%1-%2").arg(n++).arg(page));
    }
    // The overview shows the funded balance as the units formatter writes it.
    ShowPage(QStringLiteral("overview"));
    QVERIFY(WaitUntil([&] { return FindByText(root(), QStringLiteral("250 CAIRN")) != nullptr; }, 10'000));
  }

  // A send from the Send page: recipient and amount typed, reviewed, confirmed with the passphrase; the
  // result links to the transaction, which the chain includes.
  void sendFromTheSendPage() {
    QQuickItem* page = ShowPage(QStringLiteral("send"));
    QVERIFY(page != nullptr);
    const chain::Address recipient = chain::AddressFromPublicKey(crypto::PublicKey{});
    const QString to = QString::fromStdString(chain::EncodeAddress(recipient, chain::TESTNET_HRP));
    QQuickItem* toField = FindByName(root(), QStringLiteral("recipientField"));
    QVERIFY(toField != nullptr);
    TypeInto(window(), toField, to);
    TypeInto(window(), FindByName(root(), QStringLiteral("amountField")), QStringLiteral("12.5"));
    QQuickItem* review = FindByText(page, QStringLiteral("Review"));
    QVERIFY(review != nullptr);
    QVERIFY(WaitUntil([&] { return review->isEnabled(); }, 10'000));  // the fee estimate arrived
    Shot(QStringLiteral("20-send-form"));
    Click(window(), review);
    QQuickItem* pass = nullptr;
    QVERIFY(WaitUntil([&] { return (pass = FindByName(root(), QStringLiteral("sendPassphrase"))) != nullptr; }, 5000));
    TypeInto(window(), pass, QString::fromLatin1(PASSPHRASE));
    Shot(QStringLiteral("21-send-review"));
    Click(window(), FindByName(root(), QStringLiteral("sendButton")));
    QVERIFY(WaitUntil([&] { return !page->property("sentTxId").toString().isEmpty(); }, 20'000));
    Shot(QStringLiteral("22-send-result"));
    const QString id_hex = page->property("sentTxId").toString();
    auto id = util::ParseHex(id_hex.toStdString());
    QVERIFY(id && id->size() == 32);
    const chain::TxId tx_id = chain::TxId::FromSpan(*id);
    QVERIFY(WaitUntil(
        [&] {
          auto tx = m_app->host().node()->api().Transaction(tx_id);
          return tx && *tx && (*tx)->status != api::TxStatus::Pending;
        },
        NODE_TIMEOUT_MS));
    QVERIFY(WaitUntil(
        [&] {
          auto a = m_app->host().node()->api().Account(recipient);
          return a && a->balance == 12 * chain::COIN + chain::COIN / 2;
        },
        NODE_TIMEOUT_MS));

    // "View in explorer" opens the transaction's page.
    Click(window(), FindByText(page, QStringLiteral("View in explorer")));
    QVERIFY(WaitUntil([&] { return FindByText(root(), id_hex) != nullptr; }, 10'000));
    Shot(QStringLiteral("23-explorer-tx"));
  }

  // Receive: a second account from the same words, named in the dialog, becomes the one shown.
  void receivePageAddsAnAccount() {
    QQuickItem* page = ShowPage(QStringLiteral("receive"));
    QVERIFY(page != nullptr);
    const auto before = m_app->host().node()->wallet().Accounts();
    QVERIFY(before && before->size() == 1);
    Click(window(), FindByText(page, QStringLiteral("New account…")));
    QQuickItem* name = nullptr;
    QVERIFY(WaitUntil([&] { return (name = FindByName(root(), QStringLiteral("accountNameField"))) != nullptr; }, 5000));
    TypeInto(window(), name, QStringLiteral("Savings"));
    QQuickItem* pass = FindByName(root(), QStringLiteral("accountPassphrase"));
    if (pass != nullptr && pass->isVisible()) TypeInto(window(), pass, QString::fromLatin1(PASSPHRASE));
    Shot(QStringLiteral("25-new-account"));
    Click(window(), FindByName(root(), QStringLiteral("accountDialogOk")));
    QVERIFY(WaitUntil(
        [&] {
          auto accounts = m_app->host().node()->wallet().Accounts();
          return accounts && accounts->size() == 2 && accounts->back().label == "Savings";
        },
        20'000));
    const auto after = m_app->host().node()->wallet().Accounts();
    const QString second = QString::fromStdString(chain::EncodeAddress(after->back().address, chain::TESTNET_HRP));
    QVERIFY(WaitUntil([&] { return FindByText(page, second) != nullptr; }, 10'000));  // now the shown address
    Shot(QStringLiteral("26-receive-second-account"));
  }

  // The console runs a real RPC method in-process and shows its answer.
  void consoleRunsAMethod() {
    ShowPage(QStringLiteral("console"));
    QQuickItem* input = FindByName(root(), QStringLiteral("consoleInput"));
    QVERIFY(input != nullptr);
    TypeInto(window(), input, QStringLiteral("chain.head"));
    QTest::keyClick(window(), Qt::Key_Return);
    const auto answered = [&] {
      return !FindAll(root(), [](QQuickItem* item) {
                return item->property("text").toString().contains(QStringLiteral("\"finalized\""));
              }).isEmpty();
    };
    QVERIFY(WaitUntil(answered, 10'000));
    Shot(QStringLiteral("24-console-answer"));
  }

  // German, switched while the app runs (what the Settings page's language box does): the pages
  // re-translate in place.
  void switchesToGerman() {
    const int type = qmlTypeId("Cairn.Ui.Shell", 1, 0, "Language");
    QVERIFY(type >= 0);
    auto* language = m_app->engine().singletonInstance<QObject*>(type);
    QVERIFY(language != nullptr);
    bool applied = false;
    QMetaObject::invokeMethod(language, "apply", Q_RETURN_ARG(bool, applied), Q_ARG(QString, QStringLiteral("de")));
    QVERIFY(applied);
    ShowPage(QStringLiteral("overview"));
    QVERIFY(WaitUntil([&] { return FindByText(root(), QStringLiteral("Übersicht")) != nullptr; }, 5000));
    // Texts made in C++ (the status bar's) follow at once too.
    QVERIFY(WaitUntil([&] { return FindByText(root(), QStringLiteral("Auf dem neuesten Stand")) != nullptr; }, 5000));
    QVERIFY(FindByText(root(), QStringLiteral("Up to date")) == nullptr);
    Shot(QStringLiteral("30-overview-de"));
    ShowPage(QStringLiteral("settings"));
    Shot(QStringLiteral("31-settings-de"));
    QMetaObject::invokeMethod(language, "apply", Q_RETURN_ARG(bool, applied), Q_ARG(QString, QStringLiteral("en")));
    QVERIFY(WaitUntil([&] { return FindByText(root(), QStringLiteral("Settings")) != nullptr; }, 5000));
  }

  // Last: the app closes (node stopped, window and pages destroyed) without a single QML warning over
  // the whole run.
  void closesWithoutQmlWarnings() {
    m_app.reset();
    QVERIFY2(g_qml_warnings.isEmpty(), qPrintable(g_qml_warnings.join(QLatin1Char('\n'))));
  }

  void cleanupTestCase() {
    m_app.reset();
    qInstallMessageHandler(g_previous_handler);
  }

 private:
  QTemporaryDir m_dir;
  std::unique_ptr<app::DesktopApp> m_app;
  chain::Address m_address;
};

}  // namespace cairn::test

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("CairnSmokeTest"));
  cairn::test::TestGuiSmoke test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_gui_smoke.moc"
