// api::Wallet as NodeContext implements it (runtime/wallet_service.h), on a real devnet node over a
// util::ManualClock with TickSource::External (node_api_fixture.h): one block per slot, the vote of
// slot s finalizes s - 1. Wallet files use fast Argon2id limits (NodeConfig::wallet_kdf_limits).
//
// Covers: calls before Start; Create (24 words) and the "unconfirmed" refusal until ConfirmMnemonic;
// funding from the devnet's operator account through api::Node; a transfer pending -> included ->
// finalized with balances; two concurrent sends with distinct nonces; a delegation (bonded, spendable);
// refusals (more than spendable, a vote on a missing proposal, locked, wrong passphrase); becoming a
// validator with the keystore's keys and validating with them while the wallet stays locked; history
// and its CSV; backup; auto-lock on the tick; and that no passphrase, recovery phrase or hot validator
// key reaches the node's log file. Then: blocks made with the wallet's keys across restarts and
// stop_validating; the hot key file (validator_key_file.h); reward and slash entries; the account scan
// after a restore; pending txs remembered across a restart (re-submitted, expired).
#include <QDir>
#include <QFile>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <sys/stat.h>

#include "api/wallet.h"
#include "chain/address.h"
#include "chain/amount.h"
#include "chain/evidence.h"
#include "crypto/pwhash.h"
#include "node_api_fixture.h"
#include "runtime/validator_key_file.h"
#include "state/genesis_state.h"
#include "util/hex.h"
#include "util/log.h"
#include "wallet/keystore.h"
#include "wallet/keystore_validator.h"
#include "wallet/slip10.h"

using namespace cairn;
using namespace cairn::test;

namespace {

constexpr std::string_view PASSPHRASE = "Tr0ub4dor&3-wallet-test-passphrase";
constexpr std::string_view WRONG_PASSPHRASE = "not-the-passphrase-42";
constexpr std::string_view EXPORT_PASSPHRASE = "export-passphrase-for-validator-keys";

std::string Text(const chain::Address& a) { return chain::EncodeAddress(a, chain::TESTNET_HRP); }

std::string Words(const crypto::SecureBuffer& mnemonic) {
  return std::string(reinterpret_cast<const char*>(mnemonic.data()), mnemonic.size());
}

api::WalletAccount Account0(api::Wallet& w) {
  auto accounts = w.Accounts();
  return accounts && !accounts->empty() ? accounts->front() : api::WalletAccount{};
}

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
  // A created, confirmed wallet whose account 0 holds `funds` from the devnet operator (included and
  // finalized); the recovery phrase.
  std::string CreateFunded(chain::Amount funds) {
    auto mnemonic = wallet().Create(PASSPHRASE, 12);
    if (!mnemonic || !wallet().ConfirmMnemonic(Words(*mnemonic))) return {};
    if (!Fund(Account0(wallet()).address, funds)) return {};
    return Words(*mnemonic);
  }
  bool Fund(const chain::Address& to, chain::Amount amount) {
    if (!api().SubmitTransaction(chain::Encode(Transfer(to, amount, operator_nonce++)))) return false;
    Advance(2);
    return true;
  }
  std::string network_dir() const { return dir.path().toStdString(); }
  chain::Slot next_slot = 1;
  std::uint64_t operator_nonce = 0;
};

std::optional<api::HistoryEntry> Find(const api::HistoryPage& page, const chain::TxId& id, std::uint32_t account = 0) {
  for (const auto& e : page.entries) {
    if (e.id == id && e.account == account) return e;
  }
  return std::nullopt;
}

api::HistoryStatus StatusOf(api::Wallet& w, const chain::TxId& id, std::uint32_t account = 0) {
  auto page = w.History({}, std::nullopt, 100);
  if (!page) return api::HistoryStatus::Failed;
  const auto e = Find(*page, id, account);
  return e ? e->status : api::HistoryStatus::Failed;
}

api::WalletAccount AccountAt(api::Wallet& w, std::uint32_t index) {
  auto accounts = w.Accounts();
  if (accounts) {
    for (const auto& a : *accounts) {
      if (a.index == index) return a;
    }
  }
  return {};
}

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The hot key file's two key seeds as hex (validator_key_file.h: consensus at 69, VRF at 101).
std::vector<std::string> HotKeySeedsHex(const std::string& network_dir) {
  const std::string bytes = FileText(runtime::ValidatorHotKeyPath(network_dir));
  if (bytes.size() != runtime::VALIDATOR_HOT_KEY_FILE_SIZE) return {};
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  return {util::ToHex(util::ByteSpan(p + 69, 32)), util::ToHex(util::ByteSpan(p + 101, 32))};
}

std::vector<api::HistoryEntry> EntriesOf(api::Wallet& w, api::HistoryEntryKind kind) {
  api::HistoryFilter filter;
  filter.entry = kind;
  auto page = w.History(filter, std::nullopt, 100);
  return page ? page->entries : std::vector<api::HistoryEntry>{};
}

// Every line of the log holds none of `secrets`.
bool LogHoldsNone(const std::string& log_path, const std::vector<std::string>& secrets) {
  const std::string text = FileText(log_path);
  for (const std::string& secret : secrets) {
    if (secret.empty() || text.find(secret) != std::string::npos) return false;
  }
  return !text.empty();
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

    // ---- Validating with the wallet's keys while the wallet stays locked.
    w.Lock();
    QVERIFY(w.Info().locked);
    auto validating = w.StartValidating(0, PASSPHRASE);
    QVERIFY2(validating, validating ? "" : validating.error().message.c_str());
    QVERIFY(w.Info().locked);
    QCOMPARE(validating->index, (*validator)->index);
    QCOMPARE(validating->operator_address, mine);
    QCOMPARE(validating->consensus_pubkey, keys->consensus.public_key());
    {
      const api::LocalValidator status = net.api().ValidatorStatus();
      QCOMPARE(status.consensus_pubkey, util::ToHex(keys->consensus.public_key().span()));
      QCOMPARE(status.index, std::optional<chain::ValidatorIndex>((*validator)->index));
      QVERIFY(status.validating);
    }
    const std::vector<std::string> hot_seeds = HotKeySeedsHex(net.network_dir());
    QCOMPARE(hot_seeds.size(), std::size_t{2});
    QCOMPARE(hot_seeds[0], util::ToHex(keys->consensus.seed()));
    QCOMPARE(hot_seeds[1], util::ToHex(keys->vrf.seed()));

    // ---- Locking and passphrases.
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
    QVERIFY(text.find(runtime::VALIDATOR_HOT_KEY_FILE_NAME) != std::string::npos);  // the switch was logged
    for (const std::string& seed : hot_seeds) {
      QVERIFY2(text.find(seed) == std::string::npos, "a hot validator key seed appears in the log");
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
    QCOMPARE(w.StartValidating(0, PASSPHRASE).error().code, std::string("watch_only"));

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

  // ---- Validating with the wallet's keys: blocks, restarts, stop ----------------------------------

  void blocksWithTheWalletKeysAcrossRestarts() {
    WalletNet net;
    QVERIFY(net.Start());
    api::Wallet& w = net.wallet();
    QVERIFY(!net.CreateFunded(20'000 * chain::COIN).empty());
    const chain::Address mine = Account0(w).address;
    QVERIFY(w.CreateAccount("not a validator"));
    // Ten times the devnet validator's stake: it proposes most slots and finalizes alone.
    auto registered = w.BecomeValidator(0, 10'000 * chain::COIN, 500, "wallet-validator", "");
    QVERIFY2(registered, registered ? "" : registered.error().message.c_str());
    net.Advance(2);
    std::optional<api::ValidatorInfo> info;
    for (int i = 0; i < 100 && !(info && info->active); ++i) {
      net.Advance(1);
      auto v = net.api().Validator(mine);
      if (v && *v) info = **v;
    }
    QVERIFY2(info && info->active, "the wallet's validator never entered the active set");
    const chain::ValidatorIndex index = info->index;
    const std::string devnet_key = net.api().ValidatorStatus().consensus_pubkey;
    QVERIFY(devnet_key != util::ToHex(info->validator.consensus_pubkey.span()));

    // Refusals, on the locked wallet.
    w.Lock();
    auto not_validator = w.StartValidating(1, PASSPHRASE);
    QCOMPARE(not_validator.error().kind, api::ErrorKind::InvalidArgument);
    QVERIFY2(not_validator.error().message.find("not a registered validator") != std::string::npos,
             not_validator.error().message.c_str());
    QCOMPARE(w.StartValidating(7, PASSPHRASE).error().kind, api::ErrorKind::NotFound);
    auto wrong = w.StartValidating(0, WRONG_PASSPHRASE);
    QCOMPARE(wrong.error().code, std::string("wrong_passphrase"));
    QVERIFY2(wrong.error().message.find(WRONG_PASSPHRASE) == std::string::npos, wrong.error().message.c_str());
    QVERIFY(!QFile::exists(QString::fromStdString(runtime::ValidatorHotKeyPath(net.network_dir()))));
    net.clock.AdvanceMs(300);  // past the slow-down after a wrong passphrase

    auto started = w.StartValidating(0, PASSPHRASE);
    QVERIFY2(started, started ? "" : started.error().message.c_str());
    QCOMPARE(started->index, index);
    QVERIFY(w.Info().locked);
    QCOMPARE(net.api().ValidatorStatus().consensus_pubkey, util::ToHex(info->validator.consensus_pubkey.span()));
    struct stat st {};
    QCOMPARE(::stat(started->hot_key_path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    const std::vector<std::string> seeds = HotKeySeedsHex(net.network_dir());
    QCOMPARE(seeds.size(), std::size_t{2});

    // Blocks are now made with the wallet's key: by its validator, and only by it.
    auto proposed_by_wallet = [&](chain::Height from) {
      std::size_t by_wallet = 0;
      const chain::Height head = net.api().Head().height;
      for (chain::Height h = from; h <= head; ++h) {
        auto block = net.api().BlockByHeight(h);
        if (!block || !*block) return std::size_t{0};
        if ((*block)->block.header.header.proposer_index != index) return std::size_t{0};
        ++by_wallet;
      }
      return by_wallet;
    };
    net.Advance(1);  // the engine swaps keys at its next slot event
    chain::Height from = net.api().Head().height + 1;
    net.Advance(8);
    QVERIFY2(proposed_by_wallet(from) > 0, "no block by the wallet's validator after start_validating");

    // A restart keeps validating with the hot keys, with the wallet still locked.
    QVERIFY(net.Restart());
    QVERIFY(net.wallet().Info().locked);
    {
      const api::LocalValidator status = net.api().ValidatorStatus();
      QCOMPARE(status.consensus_pubkey, util::ToHex(info->validator.consensus_pubkey.span()));
      QVERIFY(status.validating);
    }
    from = net.api().Head().height + 1;
    net.Advance(8);
    QVERIFY2(proposed_by_wallet(from) > 0, "no block by the wallet's validator after a restart");

    // Stop: no production, also after a restart; the hot keys stay.
    QVERIFY(net.wallet().StopValidating());
    QVERIFY(!net.api().ValidatorStatus().validating);
    net.Advance(1);
    const chain::Height stopped_at = net.api().Head().height;
    net.Advance(3);
    QCOMPARE(net.api().Head().height, stopped_at);
    QVERIFY(net.Restart());
    QVERIFY(!net.api().ValidatorStatus().validating);
    QCOMPARE(net.api().ValidatorStatus().consensus_pubkey, util::ToHex(info->validator.consensus_pubkey.span()));
    net.Advance(3);
    QCOMPARE(net.api().Head().height, stopped_at);
    auto again = net.wallet().StartValidating(0, PASSPHRASE);
    QVERIFY2(again, again ? "" : again.error().message.c_str());
    QVERIFY(net.api().ValidatorStatus().validating);
    net.Advance(6);
    QVERIFY(net.api().Head().height > stopped_at);

    // A damaged hot key file stops the start, naming the file, and is left as it was.
    net.node->Stop();
    const std::string path = runtime::ValidatorHotKeyPath(net.network_dir());
    std::string bytes = FileText(path);
    bytes[80] = static_cast<char>(bytes[80] ^ 0x01);
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << bytes;
    }
    runtime::NodeConfig config = net.Config();
    net.node = std::make_unique<runtime::NodeContext>(config);
    auto refused = net.node->Start();
    QVERIFY(!refused);
    QVERIFY2(refused.error().find("damaged") != std::string::npos && refused.error().find(path) != std::string::npos,
             refused.error().c_str());
    QCOMPARE(FileText(path), bytes);

    // No key of the hot key file reached the log.
    QVERIFY(LogHoldsNone(m_log_path, seeds));
  }

  void hotKeyFile() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    crypto::Hash256 genesis_hash;
    genesis_hash.bytes.fill(0x42);
    runtime::HotValidatorKeys hot{3, true,
                                  runtime::ValidatorKeys{crypto::SecretKey::Generate(), crypto::SecretKey::Generate(),
                                                         SomeAddress(0x77)}};
    auto none = runtime::ReadValidatorHotKey(folder, genesis_hash);
    QVERIFY(none && !*none);
    QVERIFY(runtime::WriteValidatorHotKey(folder, genesis_hash, hot));
    const std::string path = runtime::ValidatorHotKeyPath(folder);
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    QCOMPARE(static_cast<std::size_t>(st.st_size), runtime::VALIDATOR_HOT_KEY_FILE_SIZE);
    auto read = runtime::ReadValidatorHotKey(folder, genesis_hash);
    QVERIFY2(read && *read, read ? "" : read.error().c_str());
    QCOMPARE((*read)->account, 3u);
    QVERIFY((*read)->validating);
    QCOMPARE((*read)->keys.consensus.public_key(), hot.keys.consensus.public_key());
    QCOMPARE((*read)->keys.vrf.public_key(), hot.keys.vrf.public_key());
    QCOMPARE((*read)->keys.operator_address, SomeAddress(0x77));
    QVERIFY(QDir(dir.path()).entryList({QStringLiteral("*.writing-*")}, QDir::Files).isEmpty());

    // Replaced atomically by a valid one; the flag round-trips.
    hot.validating = false;
    QVERIFY(runtime::WriteValidatorHotKey(folder, genesis_hash, hot));
    read = runtime::ReadValidatorHotKey(folder, genesis_hash);
    QVERIFY(read && *read && !(*read)->validating);

    // Another chain's file.
    crypto::Hash256 other = genesis_hash;
    other.bytes[0] ^= 1;
    auto wrong_chain = runtime::ReadValidatorHotKey(folder, other);
    QVERIFY(!wrong_chain);
    QVERIFY2(wrong_chain.error().find("another chain") != std::string::npos, wrong_chain.error().c_str());

    // Damage of any kind is refused, and the damaged file is never replaced.
    const std::string good = FileText(path);
    auto write_raw = [&](const std::string& text) {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << text;
    };
    std::string flipped = good;
    flipped[100] = static_cast<char>(flipped[100] ^ 0x10);
    std::string newer = good;
    newer[8] = 2;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {flipped, "checksum"}, {good.substr(0, 120), "bytes instead of"}, {newer, "newer Cairn"},
        {"garbage that is not a key file", "not a Cairn validator key file"}};
    for (const auto& [content, why] : cases) {
      write_raw(content);
      auto refused = runtime::ReadValidatorHotKey(folder, genesis_hash);
      QVERIFY(!refused);
      QVERIFY2(refused.error().find(why) != std::string::npos, refused.error().c_str());
      QVERIFY(!runtime::WriteValidatorHotKey(folder, genesis_hash, hot));
      QCOMPARE(FileText(path), content);
    }

    // NodeContext's choice: the devnet key without a file.
    QVERIFY(QFile::remove(QString::fromStdString(path)));
    chain::Genesis genesis;
    genesis.chain_id = chain::ChainId::Unchecked("cairn-devnet");
    const crypto::SecretKey devnet = crypto::SecretKey::Generate();
    auto chosen = runtime::ChooseValidatorKeys(folder, genesis,
                                               runtime::ValidatorKeys{devnet.Clone(), devnet.Clone(), SomeAddress(1)});
    QVERIFY(chosen);
    QCOMPARE(chosen->keys.consensus.public_key(), devnet.public_key());
    QVERIFY(chosen->validating && !chosen->wallet_account);
  }

  // ---- Rewards and slashes in the history -----------------------------------------------------------

  void rewardAndSlashEntries() {
    WalletNet net;
    QVERIFY(net.Start());
    api::Wallet& w = net.wallet();
    QVERIFY(!net.CreateFunded(5'000 * chain::COIN).empty());
    auto delegated = w.Submit(0, wallet::DelegateInput{Text(net.operator_address), 1'000 * chain::COIN},
                              wallet::FeeLevel::Normal, std::nullopt, "");
    QVERIFY2(delegated, delegated ? "" : delegated.error().message.c_str());
    net.Advance(8);  // rewards accrue
    QVERIFY(Account0(w).balance.rewards > 0);
    QVERIFY(EntriesOf(w, api::HistoryEntryKind::Reward).empty());  // a first delegation pays nothing

    // A claim: the entry's amount is exactly what reached the balance.
    chain::Amount before = Account0(w).balance.balance;
    auto claimed = w.Submit(0, wallet::ClaimRewardsInput{Text(net.operator_address)}, wallet::FeeLevel::Normal,
                            std::nullopt, "");
    QVERIFY2(claimed, claimed ? "" : claimed.error().message.c_str());
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, claimed->id), api::HistoryStatus::Finalized, WAIT_MS);
    const chain::Amount claim_reward = Account0(w).balance.balance + claimed->fee - before;
    QVERIFY(claim_reward > 0);
    auto rewards = EntriesOf(w, api::HistoryEntryKind::Reward);
    QCOMPARE(rewards.size(), std::size_t{1});
    QCOMPARE(rewards[0].id, claimed->id);
    QCOMPARE(rewards[0].amount, claim_reward);
    QCOMPARE(rewards[0].kind, chain::PayloadKind::ClaimRewards);
    QCOMPARE(rewards[0].counterparty, net.operator_address);
    QVERIFY(!rewards[0].outgoing);
    QCOMPARE(rewards[0].fee, chain::Amount{0});
    QCOMPARE(rewards[0].status, api::HistoryStatus::Finalized);

    // A partial undelegation pays the rewards earned since, on the side.
    net.Advance(4);
    before = Account0(w).balance.balance;
    auto undelegated = w.Submit(0, wallet::UndelegateInput{Text(net.operator_address), 100 * chain::COIN},
                                wallet::FeeLevel::Normal, std::nullopt, "");
    QVERIFY2(undelegated, undelegated ? "" : undelegated.error().message.c_str());
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, undelegated->id), api::HistoryStatus::Finalized, WAIT_MS);
    const chain::Amount undelegate_reward = Account0(w).balance.balance + undelegated->fee - before;
    rewards = EntriesOf(w, api::HistoryEntryKind::Reward);
    QCOMPARE(rewards.size(), std::size_t{2});
    QCOMPARE(rewards[0].id, undelegated->id);  // newest first
    QCOMPARE(rewards[0].amount, undelegate_reward);
    QCOMPARE(rewards[0].kind, chain::PayloadKind::Undelegate);

    // A slash: account 1 runs a validator that double-votes (evidence from the devnet operator).
    auto second = w.CreateAccount("validator");
    QVERIFY(second);
    QVERIFY(net.Fund(second->address, 500 * chain::COIN));
    auto registered = w.BecomeValidator(1, 200 * chain::COIN, 0, "slashed", "");
    QVERIFY2(registered, registered ? "" : registered.error().message.c_str());
    net.Advance(2);
    auto offender = net.api().Validator(second->address);
    QVERIFY(offender && *offender);
    auto exported = w.ExportValidatorKeys(1, EXPORT_PASSPHRASE);
    QVERIFY(exported);
    auto keys = wallet::ImportValidatorKeys(*exported, EXPORT_PASSPHRASE, net.chain_id);
    QVERIFY(keys);
    const chain::Amount bonded_before = AccountAt(w, 1).balance.bonded;
    chain::Vote a;
    a.validator_index = (*offender)->index;
    a.slot = net.next_slot - 1;
    a.target.slot = a.slot;
    a.target.root.bytes.fill(0x01);
    a.head_root.bytes.fill(0x01);
    chain::Vote b = a;
    b.target.root.bytes.fill(0x02);
    b.head_root.bytes.fill(0x02);
    chain::Evidence evidence{chain::DoubleVote{chain::SignVote(a, keys->consensus, net.chain_id, net.genesis_hash),
                                               chain::SignVote(b, keys->consensus, net.chain_id, net.genesis_hash)}};
    chain::Canonicalize(evidence);
    auto reported = net.api().SubmitTransaction(chain::Encode(net.Signed(chain::Payload(evidence), net.operator_nonce++)));
    QVERIFY2(reported, reported ? "" : reported.error().message.c_str());
    net.Advance(3);  // included, then finalized: the wallet scans finalized blocks
    auto tombstoned = net.api().Validator(second->address);
    QVERIFY(tombstoned && *tombstoned);
    QCOMPARE((*tombstoned)->validator.status, state::ValidatorStatus::Tombstoned);
    const chain::Amount lost = bonded_before - AccountAt(w, 1).balance.bonded;
    QVERIFY(lost > 0);
    auto slashes = EntriesOf(w, api::HistoryEntryKind::Slash);
    QCOMPARE(slashes.size(), std::size_t{1});
    QCOMPARE(slashes[0].account, 1u);
    QCOMPARE(slashes[0].amount, lost);
    QCOMPARE(slashes[0].counterparty, second->address);
    QVERIFY(slashes[0].outgoing);
    QVERIFY2(slashes[0].note.find("tombstoned") != std::string::npos, slashes[0].note.c_str());
    auto included = net.api().Transaction(*reported);
    QVERIFY(included && *included && (*included)->position);
    QCOMPARE(slashes[0].position, (std::optional<api::TxCursor>(api::TxCursor{(*included)->position->height, 0})));
    // Later stake changes of the account do not change what it lost then (its shares at the slash
    // come from the diff of its next staking transaction).
    auto withdrawn = w.Submit(1, wallet::UndelegateInput{Text(second->address), 10 * chain::COIN}, wallet::FeeLevel::Normal,
                              std::nullopt, "");
    QVERIFY2(withdrawn, withdrawn ? "" : withdrawn.error().message.c_str());
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, withdrawn->id, 1), api::HistoryStatus::Finalized, WAIT_MS);
    slashes = EntriesOf(w, api::HistoryEntryKind::Slash);
    QCOMPARE(slashes.size(), std::size_t{1});
    QCOMPARE(slashes[0].amount, lost);
    // Account 0 delegates to the devnet validator only: nothing lost there.
    api::HistoryFilter only0;
    only0.account = 0;
    only0.entry = api::HistoryEntryKind::Slash;
    QVERIFY(w.History(only0, std::nullopt, 100)->entries.empty());

    // In the whole history, the CSV and the transaction-kind filter.
    auto all = w.History({}, std::nullopt, 100);
    QVERIFY(all);
    std::size_t reward_count = 0, slash_count = 0;
    for (const auto& e : all->entries) {
      reward_count += e.entry == api::HistoryEntryKind::Reward;
      slash_count += e.entry == api::HistoryEntryKind::Slash;
    }
    QCOMPARE(reward_count, std::size_t{2});
    QCOMPARE(slash_count, std::size_t{1});
    api::HistoryFilter claims;
    claims.kind = chain::PayloadKind::ClaimRewards;
    auto claim_page = w.History(claims, std::nullopt, 100);
    QVERIFY(claim_page);
    QCOMPARE(claim_page->entries.size(), std::size_t{1});  // the transaction, not its reward
    auto csv = w.HistoryCsv({});
    QVERIFY(csv);
    QVERIFY2(csv->find(",finalized,reward,in," + Text(net.operator_address) + "," + chain::FormatAmount(claim_reward) +
                       ",0," + util::ToHex(claimed->id.span())) != std::string::npos,
             csv->c_str());
    QVERIFY2(csv->find(",finalized,slash,out," + Text(second->address) + "," + chain::FormatAmount(lost) + ",0,,") !=
                 std::string::npos,
             csv->c_str());
    // Paging never loses or repeats an entry.
    std::size_t paged = 0;
    std::optional<api::TxCursor> cursor;
    bool first_page = true;
    do {
      auto page = w.History({}, cursor, 2);
      QVERIFY(page);
      for (const auto& e : page->entries) paged += e.position.has_value() || first_page;
      first_page = false;
      cursor = page->next;
    } while (cursor);
    QCOMPARE(paged, all->entries.size());
  }

  // ---- The account scan after a restore -------------------------------------------------------------

  void restoreFindsTheUsedAccounts() {
    WalletNet net;
    QVERIFY(net.Start());
    api::Wallet& w = net.wallet();
    const std::string words = net.CreateFunded(100 * chain::COIN);
    QVERIFY(!words.empty());
    std::vector<chain::Address> addresses{Account0(w).address};
    for (int i = 1; i <= 8; ++i) {
      auto created = w.CreateAccount("a" + std::to_string(i));
      QVERIFY(created);
      addresses.push_back(created->address);
    }
    // Account 2 receives funds; account 8 too, but five unused accounts (3..7) lie before it.
    for (int to : {2, 8}) {
      auto sent = w.Submit(0, wallet::TransferInput{Text(addresses[static_cast<std::size_t>(to)]), chain::COIN},
                           wallet::FeeLevel::Normal, std::nullopt, "");
      QVERIFY2(sent, sent ? "" : sent.error().message.c_str());
    }
    net.Advance(2);
    QCOMPARE(AccountAt(w, 2).balance.balance, chain::COIN);

    net.node->Stop();
    for (const char* suffix : {"", ".activity"}) {
      std::filesystem::remove(w.Info().path + suffix);
    }
    QVERIFY(net.Restart());
    QVERIFY(net.wallet().Restore(words, "", PASSPHRASE));
    auto restored = net.wallet().Accounts();
    QVERIFY(restored);
    std::vector<std::uint32_t> indices;
    for (const auto& a : *restored) {
      indices.push_back(a.index);
      QCOMPARE(a.address, addresses[a.index]);
    }
    QCOMPARE(indices, (std::vector<std::uint32_t>{0, 2}));
    QCOMPARE(AccountAt(net.wallet(), 2).balance.balance, chain::COIN);
  }

  // ---- Pending transactions across restarts ---------------------------------------------------------

  void pendingTxsSurviveARestart() {
    WalletNet net;
    QVERIFY(net.Start());
    QVERIFY(!net.CreateFunded(100 * chain::COIN).empty());
    auto sent = net.wallet().Submit(0, wallet::TransferInput{Text(SomeAddress(0x71)), chain::COIN},
                                    wallet::FeeLevel::Normal, std::nullopt, "");
    QVERIFY(sent);
    // Restarted before any block: the pool is empty again, the wallet remembers and re-submits.
    QVERIFY(net.Restart());
    api::Wallet& w = net.wallet();
    QCOMPARE(StatusOf(w, sent->id), api::HistoryStatus::Pending);
    QCOMPARE(net.api().Mempool().txs, std::uint64_t{1});
    // Its nonce stays taken, though the wallet is locked after the restart and the chain is behind.
    QVERIFY(w.Unlock(PASSPHRASE, 0));
    auto next = w.Submit(0, wallet::TransferInput{Text(SomeAddress(0x72)), chain::COIN}, wallet::FeeLevel::Normal,
                         std::nullopt, "");
    QVERIFY(next);
    QCOMPARE(next->nonce, sent->nonce + 1);
    net.Advance(2);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, sent->id), api::HistoryStatus::Finalized, WAIT_MS);
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(w, next->id), api::HistoryStatus::Finalized, WAIT_MS);

    // One that expires while the node is down is reported expired, then and after another restart.
    auto late = w.Submit(0, wallet::TransferInput{Text(SomeAddress(0x73)), chain::COIN}, wallet::FeeLevel::Normal,
                         std::nullopt, "");
    QVERIFY(late);
    net.node->Stop();
    net.next_slot += runtime::WALLET_TX_LIFETIME_MS / SLOT_MS + 10;  // far past its expiry slot
    QVERIFY(net.Restart());
    net.Advance(2);  // a block far past the expiry: the pool drops it
    QTRY_COMPARE_WITH_TIMEOUT(StatusOf(net.wallet(), late->id), api::HistoryStatus::Expired, WAIT_MS);
    QVERIFY(net.Restart());
    QCOMPARE(StatusOf(net.wallet(), late->id), api::HistoryStatus::Expired);
    auto page = net.wallet().History({}, std::nullopt, 100);
    QVERIFY(page);
    const auto expired = Find(*page, late->id);
    QVERIFY(expired && expired->note.find("expired") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestWalletApi)
#include "test_wallet_api.moc"
