// api::Wallet as NodeContext implements it (runtime/wallet_service.h), on a real devnet node over a
// util::ManualClock with TickSource::External (node_api_fixture.h): one block per slot, the vote of
// slot s finalizes s - 1. Wallet files use fast Argon2id limits (NodeConfig::wallet_kdf_limits).
//
// Covers: calls before Start; Create (24 words) and the "unconfirmed" refusal until ConfirmMnemonic;
// funding from the devnet's operator account through api::Node; a transfer pending -> included ->
// finalized with balances; two concurrent sends with distinct nonces; a delegation (bonded, spendable);
// refusals (more than spendable, a vote on a missing proposal, locked, wrong passphrase); becoming a
// validator with the keystore's keys; history and its CSV; backup; auto-lock on the tick; and that no
// passphrase or recovery phrase reaches the node's log file.
#include <QTest>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "api/wallet.h"
#include "chain/address.h"
#include "chain/amount.h"
#include "crypto/pwhash.h"
#include "node_api_fixture.h"
#include "state/genesis_state.h"
#include "util/log.h"
#include "wallet/keystore.h"
#include "wallet/keystore_validator.h"

using namespace cairn;
using namespace cairn::test;

namespace {

constexpr std::string_view PASSPHRASE = "Tr0ub4dor&3-wallet-test-passphrase";
constexpr std::string_view WRONG_PASSPHRASE = "not-the-passphrase-42";
constexpr std::string_view EXPORT_PASSPHRASE = "export-passphrase-for-validator-keys";

std::string Text(const chain::Address& a) { return chain::EncodeAddress(a, chain::TESTNET_HRP); }

// A devnet whose wallet files use fast Argon2id limits.
struct WalletNet : Devnet {
  WalletNet() {
    runtime::NodeConfig c = Config();
    c.wallet_kdf_limits = crypto::PwhashTestLimits();
    node = std::make_unique<runtime::NodeContext>(std::move(c));
  }
  api::Wallet& wallet() { return node->wallet(); }
  // Runs the next `n` slots.
  void Advance(chain::Slot n) {
    RunSlots(next_slot, next_slot + n - 1);
    next_slot += n;
  }
  chain::Slot next_slot = 1;
};

std::string Words(const crypto::SecureBuffer& mnemonic) {
  return std::string(reinterpret_cast<const char*>(mnemonic.data()), mnemonic.size());
}

std::optional<api::HistoryEntry> Find(const api::HistoryPage& page, const chain::TxId& id, std::uint32_t account = 0) {
  for (const auto& e : page.entries) {
    if (e.id == id && e.account == account) return e;
  }
  return std::nullopt;
}

api::HistoryStatus StatusOf(api::Wallet& w, const chain::TxId& id) {
  auto page = w.History({}, std::nullopt, 100);
  if (!page) return api::HistoryStatus::Failed;
  const auto e = Find(*page, id);
  return e ? e->status : api::HistoryStatus::Failed;
}

api::WalletAccount Account0(api::Wallet& w) {
  auto accounts = w.Accounts();
  return accounts && !accounts->empty() ? accounts->front() : api::WalletAccount{};
}

}  // namespace

class TestWalletApi : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_log_dir;
  std::string m_log_path;

 private slots:
  void initTestCase() {
    m_log_path = (m_log_dir.path() + "/node.log").toStdString();
    util::LogConfig config;
    config.levels.fill(util::LogLevel::Debug);
    config.to_stderr = false;
    config.file_path = m_log_path;
    QVERIFY(util::ConfigureLogging(config).has_value());
  }

  void cleanupTestCase() { QVERIFY(util::ConfigureLogging(util::LogConfig{}).has_value()); }

  void callsBeforeStartAndAfterStopAreUnavailable() {
    WalletNet net;
    auto check = [&] {
      QCOMPARE(net.wallet().Create(PASSPHRASE, 0).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(net.wallet().Accounts().error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(net.wallet().Unlock(PASSPHRASE, 0).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(net.wallet().History({}, std::nullopt, 10).error().kind, api::ErrorKind::Unavailable);
      net.wallet().Lock();  // nothing to do, no crash
    };
    check();
    QVERIFY(!net.wallet().Info().exists);
    QVERIFY(net.Start());
    // Running, no wallet yet: NotFound.
    QCOMPARE(net.wallet().Accounts().error().kind, api::ErrorKind::NotFound);
    QVERIFY(net.wallet().Create(PASSPHRASE, 12));
    net.node->Stop();
    check();
    QVERIFY(net.wallet().Info().exists);  // the file system still says so
    // A restart opens the existing wallet, locked.
    QVERIFY(net.Restart());
    const api::WalletInfo info = net.wallet().Info();
    QVERIFY(info.exists);
    QVERIFY(info.locked);
    QVERIFY(!info.confirmed);
    QCOMPARE(net.wallet().Create(PASSPHRASE, 0).error().kind, api::ErrorKind::InvalidArgument);
  }

  void endToEnd() {
    WalletNet net;
    QVERIFY(net.Start());
    api::Wallet& w = net.wallet();
    net.Advance(2);

    // ---- Create: 24 words, shown once; nothing is signed until they are confirmed.
    auto mnemonic = w.Create(PASSPHRASE, 0);
    QVERIFY(mnemonic);
    const std::string words = Words(*mnemonic);
    QCOMPARE(QString::fromStdString(words).split(' ').size(), 24);
    api::WalletInfo info = w.Info();
    QVERIFY(info.exists);
    QVERIFY(!info.confirmed);
    QVERIFY(!info.locked);
    QCOMPARE(info.path, (net.dir.path() + "/wallets/default.wallet").toStdString());
    const auto unconfirmed = w.Submit(0, wallet::TransferInput{Text(SomeAddress(0x42)), chain::COIN},
                                      wallet::FeeLevel::Normal, std::nullopt, "");
    QVERIFY(!unconfirmed);
    QCOMPARE(unconfirmed.error().kind, api::ErrorKind::Unavailable);
    QCOMPARE(unconfirmed.error().code, std::string("unconfirmed"));
    QCOMPARE(w.ConfirmMnemonic("abandon abandon abandon").error().kind, api::ErrorKind::InvalidArgument);
    QVERIFY(w.ConfirmMnemonic(words));
    QVERIFY(w.Info().confirmed);
    auto accounts = w.Accounts();
    QVERIFY(accounts);
    QCOMPARE(accounts->size(), std::size_t{1});
    const chain::Address mine = accounts->front().address;
    QCOMPARE(accounts->front().balance.balance, chain::Amount{0});

    // ---- Fund account 0 from the devnet's operator account through api::Node.
    const chain::Amount FUNDS = 1'000 * chain::COIN;
    auto funded = net.api().SubmitTransaction(chain::Encode(net.Transfer(mine, FUNDS, 0)));
    QVERIFY2(funded, funded ? "" : funded.error().message.c_str());
    net.Advance(2);  // included, then finalized
    QCOMPARE(Account0(w).balance.balance, FUNDS);
    QCOMPARE(Account0(w).balance.spendable, FUNDS);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, *funded), api::HistoryStatus::Finalized, WAIT_MS);
    {
      auto page = w.History({}, std::nullopt, 10);
      QVERIFY(page);
      const auto e = Find(*page, *funded);
      QVERIFY(e);
      QVERIFY(!e->outgoing);
      QCOMPARE(e->counterparty, net.operator_address);
      QCOMPARE(e->amount, FUNDS);
      QCOMPARE(e->fee, chain::Amount{0});
      QVERIFY(e->position);
      QVERIFY(e->timestamp_ms >= static_cast<std::uint64_t>(GENESIS_MS));
    }

    // ---- A transfer: pending -> included -> finalized; balances move.
    const chain::Address recipient = SomeAddress(0x42);
    const chain::Amount SENT = 10 * chain::COIN;
    auto estimate = w.EstimateFee(0, wallet::TransferInput{Text(recipient), SENT}, wallet::FeeLevel::Normal);
    QVERIFY(estimate);
    auto sent = w.Submit(0, wallet::TransferInput{Text(recipient), SENT}, wallet::FeeLevel::Normal, std::nullopt,
                         "rent");
    QVERIFY2(sent, sent ? "" : sent.error().message.c_str());
    QCOMPARE(sent->nonce, std::uint64_t{0});
    // The estimate has no memo: the 4 memo bytes are priced at the same rate.
    QCOMPARE(sent->fee, estimate->fee + 4 * estimate->fee_rate);
    QCOMPARE(sent->size_bytes, estimate->size_bytes + 4);
    {
      auto page = w.History({}, std::nullopt, 10);
      QVERIFY(page);
      QVERIFY(!page->entries.empty());
      QCOMPARE(page->entries.front().id, sent->id);  // pending first
      QCOMPARE(page->entries.front().status, api::HistoryStatus::Pending);
      QCOMPARE(page->entries.front().counterparty, recipient);
      QVERIFY(!page->entries.front().position);
      const api::WalletBalance b = Account0(w).balance;
      QCOMPARE(b.balance, FUNDS);
      QCOMPARE(b.spendable, FUNDS - SENT - sent->fee);
      QCOMPARE(b.pending_out, SENT + sent->fee);
    }
    net.Advance(1);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, sent->id), api::HistoryStatus::Included, WAIT_MS);
    net.Advance(1);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, sent->id), api::HistoryStatus::Finalized, WAIT_MS);
    chain::Amount expected = FUNDS - SENT - sent->fee;
    QCOMPARE(Account0(w).balance.balance, expected);
    QCOMPARE(Account0(w).balance.spendable, expected);
    QCOMPARE(Account0(w).nonce, std::uint64_t{1});
    QCOMPARE(net.api().Account(recipient)->balance, SENT);

    // ---- Two concurrent sends take distinct nonces and both finalize.
    api::Result<api::SentTx> a = util::Err(api::Error{}), b = util::Err(api::Error{});
    std::thread ta([&] { a = w.Submit(0, wallet::TransferInput{Text(SomeAddress(0x51)), chain::COIN}, wallet::FeeLevel::Economy, std::nullopt, ""); });
    std::thread tb([&] { b = w.Submit(0, wallet::TransferInput{Text(SomeAddress(0x52)), chain::COIN}, wallet::FeeLevel::Economy, std::nullopt, ""); });
    ta.join();
    tb.join();
    QVERIFY2(a, a ? "" : a.error().message.c_str());
    QVERIFY2(b, b ? "" : b.error().message.c_str());
    QCOMPARE((std::set<std::uint64_t>{a->nonce, b->nonce}), (std::set<std::uint64_t>{1, 2}));
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, a->id), api::HistoryStatus::Finalized, WAIT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, b->id), api::HistoryStatus::Finalized, WAIT_MS);
    expected -= 2 * chain::COIN + a->fee + b->fee;
    QCOMPARE(Account0(w).balance.balance, expected);

    // ---- Delegate to the devnet validator: bonded shows it, spendable excludes it.
    const chain::Amount STAKE = 100 * chain::COIN;
    auto delegated = w.Submit(0, wallet::DelegateInput{Text(net.operator_address), STAKE}, wallet::FeeLevel::Normal,
                              std::nullopt, "");
    QVERIFY2(delegated, delegated ? "" : delegated.error().message.c_str());
    net.Advance(2);
    expected -= STAKE + delegated->fee;
    {
      const api::WalletBalance bal = Account0(w).balance;
      QCOMPARE(bal.balance, expected);
      QCOMPARE(bal.spendable, expected);
      QVERIFY2(bal.bonded >= STAKE - 1 && bal.bonded <= STAKE + chain::COIN, std::to_string(bal.bonded).c_str());
    }

    // ---- Refusals before anything is signed.
    const chain::Amount spendable = Account0(w).balance.spendable;
    auto too_much = w.Submit(0, wallet::TransferInput{Text(recipient), spendable}, wallet::FeeLevel::Normal,
                             std::nullopt, "");
    QVERIFY(!too_much);
    QCOMPARE(too_much.error().kind, api::ErrorKind::InvalidArgument);
    QVERIFY2(too_much.error().message.find(chain::FormatAmount(spendable)) != std::string::npos,
             too_much.error().message.c_str());
    auto no_proposal = w.Submit(0, wallet::GovVoteInput{999, "yes"}, wallet::FeeLevel::Normal, std::nullopt, "");
    QVERIFY(!no_proposal);
    QCOMPARE(no_proposal.error().kind, api::ErrorKind::InvalidArgument);
    auto bad_address = w.Submit(0, wallet::TransferInput{"cairn1nope", 1}, wallet::FeeLevel::Normal, std::nullopt, "");
    QCOMPARE(bad_address.error().kind, api::ErrorKind::InvalidArgument);
    QCOMPARE(w.Submit(7, wallet::TransferInput{Text(recipient), 1}, wallet::FeeLevel::Normal, std::nullopt, "")
                 .error().kind,
             api::ErrorKind::NotFound);
    // A refused send leaves no nonce gap: the next one still takes nonce 4.

    // ---- Become a validator with the keystore's consensus key.
    auto registered = w.BecomeValidator(0, 10 * chain::COIN, 500, "wallet-validator", "https://example.org");
    QVERIFY2(registered, registered ? "" : registered.error().message.c_str());
    QCOMPARE(registered->nonce, std::uint64_t{4});
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, registered->id), api::HistoryStatus::Finalized, WAIT_MS);
    auto validator = net.api().Validator(mine);
    QVERIFY(validator && *validator);
    auto exported = w.ExportValidatorKeys(0, EXPORT_PASSPHRASE);
    QVERIFY(exported);
    auto keys = wallet::ImportValidatorKeys(*exported, EXPORT_PASSPHRASE, net.chain_id);
    QVERIFY(keys);
    QCOMPARE((*validator)->validator.consensus_pubkey, keys->consensus.public_key());
    QCOMPARE((*validator)->validator.vrf_pubkey, keys->vrf.public_key());

    // ---- Locking and passphrases.
    w.Lock();
    QVERIFY(w.Info().locked);
    auto locked = w.Submit(0, wallet::TransferInput{Text(recipient), 1}, wallet::FeeLevel::Normal, std::nullopt, "");
    QCOMPARE(locked.error().kind, api::ErrorKind::Unavailable);
    QCOMPARE(locked.error().code, std::string("locked"));
    QVERIFY(w.Accounts());  // listing works while locked
    auto wrong = w.Unlock(WRONG_PASSPHRASE, 0);
    QCOMPARE(wrong.error().kind, api::ErrorKind::Unavailable);
    QCOMPARE(wrong.error().code, std::string("wrong_passphrase"));
    auto too_soon = w.Unlock(PASSPHRASE, 0);  // the slow-down after a wrong passphrase
    QCOMPARE(too_soon.error().code, std::string("try_later"));
    net.clock.AdvanceMs(300);  // past the 0.25 s wait (the next slot's tick is later still)
    QVERIFY(w.Unlock(PASSPHRASE, 0));
    QVERIFY(!w.Info().locked);

    // ---- Auto-lock runs on the node's tick.
    QVERIFY(w.SetAutoLock(1500));
    QCOMPARE(w.Info().auto_lock_ms, std::int64_t{1500});
    QVERIFY(w.Unlock(PASSPHRASE, 0));
    net.Advance(3);
    QVERIFY(w.Info().locked);

    // ---- History and CSV.
    auto history = w.History({}, std::nullopt, 100);
    QVERIFY(history);
    // funding, transfer, two sends, delegation, registration; all final.
    QCOMPARE(history->entries.size(), std::size_t{6});
    QVERIFY(!history->next);
    for (std::size_t i = 1; i < history->entries.size(); ++i) {
      QVERIFY(history->entries[i - 1].position > history->entries[i].position);
    }
    auto first_two = w.History({}, std::nullopt, 2);
    QVERIFY(first_two && first_two->next);
    QCOMPARE(first_two->entries.size(), std::size_t{2});
    auto rest = w.History({}, first_two->next, 100);
    QVERIFY(rest);
    QCOMPARE(rest->entries.size(), std::size_t{4});
    api::HistoryFilter transfers;
    transfers.kind = chain::PayloadKind::Transfer;
    QCOMPARE(w.History(transfers, std::nullopt, 100)->entries.size(), std::size_t{4});
    auto csv = w.HistoryCsv({});
    QVERIFY(csv);
    QVERIFY(csv->rfind("time,account,status,kind,direction,counterparty,amount,fee,id,height\r\n", 0) == 0);
    QCOMPARE(QString::fromStdString(*csv).count("\r\n"), 1 + 6);
    QVERIFY(csv->find(",finalized,transfer,in," + Text(net.operator_address) + ",1000,0,") != std::string::npos);

    // ---- Backup: a complete copy that Keystore::Open accepts; never overwritten.
    const std::string backup = (net.dir.path() + "/backup.wallet").toStdString();
    QVERIFY(w.Backup(backup));
    wallet::KeystoreOptions opts;
    opts.hrp = std::string(chain::TESTNET_HRP);
    auto reopened = wallet::Keystore::Open(backup, net.chain_id, opts);
    QVERIFY(reopened);
    QVERIFY((*reopened)->Unlock(PASSPHRASE));
    QCOMPARE((*reopened)->ListAccounts()->front().address, mine);
    QCOMPARE(w.Backup(backup).error().kind, api::ErrorKind::InvalidArgument);

    net.node->Stop();

    // ---- No passphrase and no run of recovery words in the log.
    std::ifstream in(m_log_path);
    std::stringstream log;
    log << in.rdbuf();
    const std::string text = log.str();
    QVERIFY(text.find("wallet unlocked") != std::string::npos);  // the log was captured
    for (std::string_view secret : {PASSPHRASE, WRONG_PASSPHRASE, EXPORT_PASSPHRASE}) {
      QVERIFY2(text.find(secret) == std::string::npos, std::string(secret).c_str());
    }
    const QStringList list = QString::fromStdString(words).split(' ');
    for (int i = 0; i + 2 < list.size(); ++i) {
      const std::string run = (list[i] + ' ' + list[i + 1] + ' ' + list[i + 2]).toStdString();
      QVERIFY2(text.find(run) == std::string::npos, "three recovery words in a row appear in the log");
    }
  }

  void bumpFeeReplacesThePendingTx() {
    WalletNet net;
    QVERIFY(net.Start());
    api::Wallet& w = net.wallet();
    auto mnemonic = w.Create(PASSPHRASE, 12);
    QVERIFY(mnemonic);
    QVERIFY(w.ConfirmMnemonic(Words(*mnemonic)));
    const chain::Address mine = Account0(w).address;
    QVERIFY(net.api().SubmitTransaction(chain::Encode(net.Transfer(mine, 50 * chain::COIN, 0))));
    net.Advance(2);
    auto sent = w.Submit(0, wallet::TransferInput{Text(SomeAddress(0x61)), chain::COIN}, wallet::FeeLevel::Economy,
                         std::nullopt, "");
    QVERIFY(sent);
    // Below the pool's bump: refused with the numbers.
    auto low = w.BumpFee(sent->id, sent->fee + 1);
    QCOMPARE(low.error().kind, api::ErrorKind::InvalidArgument);
    auto bumped = w.BumpFee(sent->id, std::nullopt);
    QVERIFY2(bumped, bumped ? "" : bumped.error().message.c_str());
    QCOMPARE(bumped->nonce, sent->nonce);
    QVERIFY(bumped->fee >= sent->fee + sent->fee / 10);
    QVERIFY(bumped->id != sent->id);
    QCOMPARE(w.BumpFee(sent->id, std::nullopt).error().kind, api::ErrorKind::NotFound);
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, bumped->id), api::HistoryStatus::Finalized, WAIT_MS);
    QCOMPARE(Account0(w).balance.balance, 49 * chain::COIN - bumped->fee);
    QVERIFY(!Find(*w.History({}, std::nullopt, 100), sent->id));
  }

  void watchOnlyAndContacts() {
    WalletNet net;
    QVERIFY(net.Start());
    api::Wallet& w = net.wallet();
    QVERIFY(w.CreateWatchOnly({Text(net.operator_address)}));
    QVERIFY(w.Info().watch_only);
    auto accounts = w.Accounts();
    QVERIFY(accounts);
    QCOMPARE(accounts->size(), std::size_t{1});
    QVERIFY(accounts->front().balance.balance >= state::DEVNET_OPERATOR_BALANCE - chain::COIN);
    auto refused = w.Submit(0, wallet::TransferInput{Text(SomeAddress(3)), 1}, wallet::FeeLevel::Normal, std::nullopt, "");
    QCOMPARE(refused.error().code, std::string("watch_only"));
    QCOMPARE(w.Unlock(PASSPHRASE, 0).error().code, std::string("watch_only"));

    QVERIFY(w.SetContact(Text(SomeAddress(4)), "Alice"));
    QVERIFY(w.SetContact(Text(SomeAddress(4)), "Alice B."));
    auto contacts = w.Contacts();
    QVERIFY(contacts);
    QCOMPARE(contacts->size(), std::size_t{1});
    QCOMPARE(contacts->front().second, std::string("Alice B."));
    QVERIFY(w.RemoveContact(Text(SomeAddress(4))));
    QCOMPARE(w.RemoveContact(Text(SomeAddress(4))).error().kind, api::ErrorKind::NotFound);
    QCOMPARE(w.SetContact("garbage", "x").error().kind, api::ErrorKind::InvalidArgument);
  }
};

QTEST_GUILESS_MAIN(TestWalletApi)
#include "test_wallet_api.moc"
