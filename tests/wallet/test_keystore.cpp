// Keystore life cycle: create / confirm / unlock / lock round trips, restore, watch-only, the
// slow-down after wrong passphrases and auto-lock (both on a manual clock, so nothing waits),
// passphrase changes, backups, and one run with the real default Argon2id limits.
#include <QElapsedTimer>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "chain/address.h"
#include "keystore_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view PASS = "correct horse battery staple";
constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::set<std::string> DirListing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

}  // namespace

class TestKeystore : public QObject {
  Q_OBJECT

 private slots:
  void createIsUnconfirmedUntilTheWordsComeBack() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("main.wallet").toStdString();
    auto created = Keystore::Create(path, Devnet(), PASS, 12, FastOptions());
    CAIRN_VERIFY_OK(created);
    Keystore& ks = *created->keystore;
    const std::string mnemonic = Text(created->mnemonic);
    const auto words = SplitWords(mnemonic);
    QCOMPARE(words.size(), std::size_t{12});
    QCOMPARE(ks.kind(), WalletKind::Hd);
    QVERIFY(!ks.IsLocked());
    QVERIFY(!ks.IsConfirmed());

    // Nothing is derived before confirmation.
    CAIRN_VERIFY_ERROR(ks.CreateAccount("main"), Unconfirmed);
    CAIRN_VERIFY_ERROR(ks.SigningKey(0), Unconfirmed);
    CAIRN_VERIFY_ERROR(ks.ValidatorKeys(0), Unconfirmed);
    CAIRN_VERIFY_ERROR(ks.ExportValidatorKeys(0, "export"), Unconfirmed);

    // Wrong words: two swapped, a different valid phrase, an unknown word, too few words.
    auto swapped = words;
    std::swap(swapped[0], swapped[1]);
    if (swapped != words) CAIRN_VERIFY_ERROR(ks.ConfirmMnemonic(Join(swapped)), MnemonicMismatch);
    CAIRN_VERIFY_ERROR(ks.ConfirmMnemonic(LEGAL), MnemonicMismatch);
    auto unknown = words;
    unknown[4] = "notaword";
    auto refused = ks.ConfirmMnemonic(Join(unknown));
    CAIRN_VERIFY_ERROR(refused, MnemonicMismatch);
    QVERIFY2(refused.error().message.find("word 5") != std::string::npos, refused.error().message.c_str());
    QVERIFY(refused.error().message.find("notaword") == std::string::npos);
    CAIRN_VERIFY_ERROR(ks.ConfirmMnemonic(Join({words.begin(), words.end() - 1})), MnemonicMismatch);
    QVERIFY(!ks.IsConfirmed());

    // The same words typed differently (case, spacing) are the same words.
    std::string shouted = "  " + Join(words) + " ";
    for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CAIRN_VERIFY_OK(ks.ConfirmMnemonic(shouted));
    QVERIFY(ks.IsConfirmed());
    CAIRN_VERIFY_OK(ks.ConfirmMnemonic(mnemonic));  // idempotent

    // The first account's key is the one PROTOCOL.md's path gives for this mnemonic.
    auto account = ks.CreateAccount("main");
    CAIRN_VERIFY_OK(account);
    QCOMPARE(account->index, 0u);
    const auto seed = SeedOf(mnemonic);
    const auto expected = KeyAt(seed.span(), AccountKeyPath(0, 0));
    QVERIFY(account->public_key == expected.public_key());
    QCOMPARE(account->address_text, chain::EncodeAddress(chain::AddressFromPublicKey(expected.public_key()), "tcairn"));
    auto key = ks.SigningKey(0);
    CAIRN_VERIFY_OK(key);
    QVERIFY(key->public_key() == expected.public_key());
    const util::Bytes message = {1, 2, 3};
    auto signature = ks.Sign(0, message);
    CAIRN_VERIFY_OK(signature);
    QVERIFY(crypto::Verify(expected.public_key(), message, *signature));
  }

  void confirmationAndKeysSurviveReopening() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    std::string mnemonic;
    {
      auto created = Keystore::Create(path, Devnet(), PASS, 24, FastOptions());
      CAIRN_VERIFY_OK(created);
      mnemonic = Text(created->mnemonic);
      QCOMPARE(SplitWords(mnemonic).size(), std::size_t{24});
    }  // closed before confirming: the words must still be asked for
    {
      auto ks = Keystore::Open(path, Devnet(), FastOptions());
      CAIRN_VERIFY_OK(ks);
      QVERIFY((*ks)->IsLocked());
      QVERIFY(!(*ks)->IsConfirmed());
      CAIRN_VERIFY_ERROR((*ks)->ConfirmMnemonic(mnemonic), Locked);
      CAIRN_VERIFY_OK((*ks)->Unlock(PASS));
      CAIRN_VERIFY_OK((*ks)->ConfirmMnemonic(mnemonic));
      CAIRN_VERIFY_OK((*ks)->CreateAccount("a"));
    }
    auto ks = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(ks);
    QVERIFY((*ks)->IsConfirmed());
    QVERIFY((*ks)->IsLocked());
    auto listed = (*ks)->ListAccounts();  // public data while locked
    CAIRN_VERIFY_OK(listed);
    QCOMPARE(listed->size(), std::size_t{1});
    CAIRN_VERIFY_ERROR((*ks)->SigningKey(0), Locked);
    CAIRN_VERIFY_ERROR((*ks)->CreateAccount("b"), Locked);
    CAIRN_VERIFY_ERROR((*ks)->ValidatorKeys(0), Locked);
    CAIRN_VERIFY_OK((*ks)->Unlock(PASS));
    auto key = (*ks)->SigningKey(0);
    CAIRN_VERIFY_OK(key);
    QVERIFY(key->public_key() == KeyAt(SeedOf(mnemonic).span(), AccountKeyPath(0, 0)).public_key());
    (*ks)->Lock();
    QVERIFY((*ks)->IsLocked());
    CAIRN_VERIFY_ERROR((*ks)->Sign(0, util::Bytes{1}), Locked);
  }

  void createRefusesBadInputAndExistingFiles() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    CAIRN_VERIFY_ERROR(Keystore::Create(path, Devnet(), PASS, 13, FastOptions()), InvalidInput);
    CAIRN_VERIFY_ERROR(Keystore::Create(path, Devnet(), "", 12, FastOptions()), InvalidInput);
    CAIRN_VERIFY_ERROR(Keystore::Create(path, Devnet(), "\xff\xfe", 12, FastOptions()), InvalidInput);
    CAIRN_VERIFY_ERROR(Keystore::Create(path, chain::ChainId(), PASS, 12, FastOptions()), InvalidInput);
    auto bad_limits = FastOptions();
    bad_limits.kdf_limits.opslimit = 0;
    CAIRN_VERIFY_ERROR(Keystore::Create(path, Devnet(), PASS, 12, bad_limits), InvalidInput);
    QVERIFY(DirListing(dir.path().toStdString()).empty());  // nothing left behind

    CAIRN_VERIFY_OK(Keystore::Create(path, Devnet(), PASS, 12, FastOptions()));
    const util::Bytes before = ReadFileBytes(path);
    CAIRN_VERIFY_ERROR(Keystore::Create(path, Devnet(), PASS, 12, FastOptions()), AlreadyExists);
    CAIRN_VERIFY_ERROR(Keystore::Restore(path, Devnet(), LEGAL, "", PASS, FastOptions()), AlreadyExists);
    QVERIFY(ReadFileBytes(path) == before);
    QCOMPARE(DirListing(dir.path().toStdString()), std::set<std::string>{"w.wallet"});
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);  // the wallet is nobody else's business
  }

  void restoreDerivesTheMnemonicsKeys() {
    QTemporaryDir dir;
    const std::string a = dir.filePath("a.wallet").toStdString();
    const std::string b = dir.filePath("b.wallet").toStdString();
    auto ks = Keystore::Restore(a, Devnet(), LEGAL, "TREZOR", PASS, FastOptions());
    CAIRN_VERIFY_OK(ks);
    QVERIFY((*ks)->IsConfirmed());
    QVERIFY(!(*ks)->IsLocked());
    auto account = (*ks)->CreateAccount("");
    CAIRN_VERIFY_OK(account);
    const auto seed = SeedOf(LEGAL, "TREZOR");
    QVERIFY(account->public_key == KeyAt(seed.span(), AccountKeyPath(0, 0)).public_key());
    CAIRN_VERIFY_OK((*ks)->ConfirmMnemonic(LEGAL));  // a restored wallet knows its words

    // The BIP-39 passphrase is part of the seed: another one is another wallet.
    auto other = Keystore::Restore(b, Devnet(), LEGAL, "", PASS, FastOptions());
    CAIRN_VERIFY_OK(other);
    auto other_account = (*other)->CreateAccount("");
    CAIRN_VERIFY_OK(other_account);
    QVERIFY(other_account->public_key != account->public_key);
    QVERIFY(other_account->public_key == KeyAt(SeedOf(LEGAL).span(), AccountKeyPath(0, 0)).public_key());

    auto bad_word = Keystore::Restore(dir.filePath("c.wallet").toStdString(), Devnet(),
                                      "legal winner thank yeer wave sausage worth useful legal winner thank yellow", "",
                                      PASS, FastOptions());
    CAIRN_VERIFY_ERROR(bad_word, InvalidInput);
    QVERIFY2(bad_word.error().message.find("word 4") != std::string::npos, bad_word.error().message.c_str());
    QVERIFY(bad_word.error().message.find("yeer") == std::string::npos);
    CAIRN_VERIFY_ERROR(Keystore::Restore(dir.filePath("c.wallet").toStdString(), Devnet(),
                                         "legal winner thank year wave sausage worth useful legal winner yellow thank", "",
                                         PASS, FastOptions()),
                       InvalidInput);
    QVERIFY(!FileExists(dir.filePath("c.wallet").toStdString()));
  }

  void watchOnlyHasAddressesAndNoSecrets() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("watch.wallet").toStdString();
    const auto seed = SeedOf(LEGAL);
    const std::string addr0 = chain::EncodeAddress(chain::AddressFromPublicKey(KeyAt(seed.span(), AccountKeyPath(0, 0)).public_key()), "tcairn");
    const std::string addr1 = chain::EncodeAddress(chain::AddressFromPublicKey(KeyAt(seed.span(), AccountKeyPath(1, 0)).public_key()), "tcairn");
    CAIRN_VERIFY_ERROR(Keystore::CreateWatchOnly(path, Devnet(), {}, FastOptions()), InvalidInput);
    CAIRN_VERIFY_ERROR(Keystore::CreateWatchOnly(path, Devnet(), {addr0, addr0}, FastOptions()), InvalidInput);
    const std::string mainnet = chain::EncodeAddress(chain::AddressFromPublicKey(KeyAt(seed.span(), AccountKeyPath(0, 0)).public_key()), "cairn");
    CAIRN_VERIFY_ERROR(Keystore::CreateWatchOnly(path, Devnet(), {mainnet}, FastOptions()), InvalidInput);
    QVERIFY(!FileExists(path));
    {
      auto ks = Keystore::CreateWatchOnly(path, Devnet(), {addr0, addr1}, FastOptions());
      CAIRN_VERIFY_OK(ks);
      CAIRN_VERIFY_OK((*ks)->RenameAccount(1, "savings"));
    }
    auto ks = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(ks);
    Keystore& w = **ks;
    QCOMPARE(w.kind(), WalletKind::WatchOnly);
    QVERIFY(w.IsLocked());
    auto accounts = w.ListAccounts();
    CAIRN_VERIFY_OK(accounts);
    QCOMPARE(accounts->size(), std::size_t{2});
    QCOMPARE((*accounts)[0].address_text, addr0);
    QCOMPARE((*accounts)[1].address_text, addr1);
    QCOMPARE((*accounts)[1].label, std::string("savings"));
    QVERIFY(!(*accounts)[0].public_key.has_value());
    CAIRN_VERIFY_ERROR(w.Unlock(PASS), WrongKind);
    CAIRN_VERIFY_ERROR(w.SigningKey(0), WrongKind);
    CAIRN_VERIFY_ERROR(w.CreateAccount("x"), WrongKind);
    CAIRN_VERIFY_ERROR(w.ValidatorKeys(0), WrongKind);
    CAIRN_VERIFY_ERROR(w.ChangePassphrase(PASS, "new"), WrongKind);
    CAIRN_VERIFY_ERROR(w.ConfirmMnemonic(LEGAL), WrongKind);
    CAIRN_VERIFY_OK(w.AddContact(addr0, "me"));
  }

  void wrongPassphrasesSlowDownOnSchedule() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    util::ManualClock clock(1'000'000);
    CAIRN_VERIFY_OK(Keystore::Create(path, Devnet(), PASS, 12, FastOptions(&clock)));
    auto ks = Keystore::Open(path, Devnet(), FastOptions(&clock));
    CAIRN_VERIFY_OK(ks);
    Keystore& w = **ks;
    CAIRN_VERIFY_OK(w.Unlock(PASS));  // no failure yet: no wait
    w.Lock();

    const std::int64_t schedule[] = {250, 500, 1000, 2000, 4000, 8000, 8000, 8000};
    for (const std::int64_t wait : schedule) {
      auto wrong = w.Unlock("not the passphrase");
      CAIRN_VERIFY_ERROR(wrong, WrongPassphrase);
      // Even the right passphrase is refused until the wait is over: the wait cannot be probed around.
      auto early = w.Unlock(PASS);
      CAIRN_VERIFY_ERROR(early, TryLater);
      QCOMPARE(early.error().retry_after_ms, wait);
      QVERIFY2(early.error().message.find("try again in") != std::string::npos, early.error().message.c_str());
      clock.AdvanceMs(wait - 1);
      auto still = w.ChangePassphrase(PASS, "other");  // every passphrase check shares the schedule
      CAIRN_VERIFY_ERROR(still, TryLater);
      QCOMPARE(still.error().retry_after_ms, std::int64_t{1});
      clock.AdvanceMs(1);
      QVERIFY(w.IsLocked());
    }
    auto message = w.Unlock("wrong again");
    QVERIFY2(message.error().message.find("8 s") != std::string::npos, message.error().message.c_str());
    clock.AdvanceMs(8000);
    CAIRN_VERIFY_OK(w.Unlock(PASS));  // success resets the count
    w.Lock();
    CAIRN_VERIFY_ERROR(w.ChangePassphrase("wrong", "other"), WrongPassphrase);
    auto early = w.Unlock(PASS);
    CAIRN_VERIFY_ERROR(early, TryLater);
    QCOMPARE(early.error().retry_after_ms, std::int64_t{250});
    QVERIFY2(early.error().message.find("0.25 s") != std::string::npos, early.error().message.c_str());
  }

  void autoLockFollowsTheInjectedClock() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    util::ManualClock clock(5'000);
    auto created = Keystore::Create(path, Devnet(), PASS, 12, FastOptions(&clock));
    CAIRN_VERIFY_OK(created);
    Keystore& w = *created->keystore;
    CAIRN_VERIFY_OK(w.ConfirmMnemonic(Text(created->mnemonic)));
    CAIRN_VERIFY_OK(w.CreateAccount("a"));
    w.SetAutoLock(60s);

    clock.AdvanceMs(59'999);
    QVERIFY(!w.MaybeAutoLock());
    CAIRN_VERIFY_OK(w.SigningKey(0));  // use restarts the idle time
    clock.AdvanceMs(59'999);
    QVERIFY(!w.IsLocked());
    CAIRN_VERIFY_OK(w.ListAccounts());  // listing is not use
    CAIRN_VERIFY_OK(w.ListContacts());
    clock.AdvanceMs(1);
    QVERIFY(w.MaybeAutoLock());
    QVERIFY(!w.MaybeAutoLock());
    QVERIFY(w.IsLocked());
    CAIRN_VERIFY_ERROR(w.SigningKey(0), Locked);

    // Without a timer: the next call notices the idle time before it uses the seed.
    CAIRN_VERIFY_OK(w.Unlock(PASS));
    clock.AdvanceMs(60'000);
    CAIRN_VERIFY_ERROR(w.Sign(0, util::Bytes{7}), Locked);

    CAIRN_VERIFY_OK(w.Unlock(PASS));
    w.SetAutoLock(0ms);  // disabled
    clock.AdvanceMs(24LL * 3600 * 1000);
    QVERIFY(!w.IsLocked());
    CAIRN_VERIFY_OK(w.SigningKey(0));
  }

  void changePassphraseReencrypts() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    util::ManualClock clock(0);
    auto created = Keystore::Create(path, Devnet(), "old pass", 12, FastOptions(&clock));
    CAIRN_VERIFY_OK(created);
    CAIRN_VERIFY_OK(created->keystore->ConfirmMnemonic(Text(created->mnemonic)));
    auto account = created->keystore->CreateAccount("a");
    CAIRN_VERIFY_OK(account);
    created->keystore.reset();

    const RawRecord before = ReadRawRecord(path);
    auto stronger = FastOptions(&clock);
    stronger.kdf_limits.opslimit = 2;  // a passphrase change also moves the file to the current limits
    auto ks = Keystore::Open(path, Devnet(), stronger);
    CAIRN_VERIFY_OK(ks);
    Keystore& w = **ks;
    const util::Bytes bytes_before = ReadFileBytes(path);
    CAIRN_VERIFY_ERROR(w.ChangePassphrase("old pass", ""), InvalidInput);
    CAIRN_VERIFY_ERROR(w.ChangePassphrase("wrong", "new pass"), WrongPassphrase);
    QVERIFY(ReadFileBytes(path) == bytes_before);  // a refused change writes nothing
    clock.AdvanceMs(250);
    CAIRN_VERIFY_OK(w.ChangePassphrase("old pass", "new pass"));
    QVERIFY(w.IsLocked());  // lock state unchanged

    const RawRecord after = ReadRawRecord(path);
    auto old_header = keystore_format::DecodeHeader(before.header);
    auto new_header = keystore_format::DecodeHeader(after.header);
    QVERIFY(old_header && new_header);
    QVERIFY(new_header->wallet_id == old_header->wallet_id);
    QVERIFY(new_header->salt != old_header->salt);
    QCOMPARE(new_header->limits.opslimit, std::uint64_t{2});
    QVERIFY(!std::equal(after.secret->begin(), after.secret->begin() + 24, before.secret->begin()));  // new nonce

    CAIRN_VERIFY_ERROR(w.Unlock("old pass"), WrongPassphrase);
    clock.AdvanceMs(250);
    CAIRN_VERIFY_OK(w.Unlock("new pass"));
    auto key = w.SigningKey(0);
    CAIRN_VERIFY_OK(key);
    QVERIFY(key->public_key() == *account->public_key);
    CAIRN_VERIFY_OK(w.ChangePassphrase("new pass", "third pass"));
    QVERIFY(!w.IsLocked());
    auto reopened = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(reopened);
    CAIRN_VERIFY_OK((*reopened)->Unlock("third pass"));
  }

  void backupIsAConsistentCopyThatOpens() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    const std::string backup = dir.filePath("backup.wallet").toStdString();
    auto created = Keystore::Create(path, Devnet(), PASS, 12, FastOptions());
    CAIRN_VERIFY_OK(created);
    Keystore& w = *created->keystore;
    CAIRN_VERIFY_OK(w.ConfirmMnemonic(Text(created->mnemonic)));
    auto account = w.CreateAccount("main");
    CAIRN_VERIFY_OK(account);
    CAIRN_VERIFY_OK(w.AddContact(account->address_text, "myself"));
    w.Lock();
    CAIRN_VERIFY_OK(w.BackupTo(backup));  // works while locked
    QCOMPARE(DirListing(dir.path().toStdString()), (std::set<std::string>{"w.wallet", "backup.wallet"}));
    struct stat st {};
    QCOMPARE(::stat(backup.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);

    const util::Bytes backup_bytes = ReadFileBytes(backup);
    CAIRN_VERIFY_ERROR(w.BackupTo(backup), AlreadyExists);
    CAIRN_VERIFY_ERROR(w.BackupTo(path), AlreadyExists);
    QVERIFY(ReadFileBytes(backup) == backup_bytes);

    auto copy = Keystore::Open(backup, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(copy);
    QVERIFY((*copy)->IsConfirmed());
    auto accounts = (*copy)->ListAccounts();
    CAIRN_VERIFY_OK(accounts);
    QCOMPARE(accounts->size(), std::size_t{1});
    QCOMPARE((*accounts)[0].label, std::string("main"));
    auto contacts = (*copy)->ListContacts();
    CAIRN_VERIFY_OK(contacts);
    QCOMPARE(contacts->size(), std::size_t{1});
    CAIRN_VERIFY_ERROR((*copy)->Unlock("wrong"), WrongPassphrase);
    auto fresh = Keystore::Open(backup, Devnet(), FastOptions());  // own attempt counter
    CAIRN_VERIFY_OK(fresh);
    CAIRN_VERIFY_OK((*fresh)->Unlock(PASS));
    auto key = (*fresh)->SigningKey(0);
    CAIRN_VERIFY_OK(key);
    QVERIFY(key->public_key() == *account->public_key);
  }

  void realDefaultLimitsOnce() {
    // The one test that pays for the real Argon2id cost (256 MiB, 3 passes): it proves the defaults
    // are what new files get and that such a file unlocks.
    QTemporaryDir dir;
    const std::string path = dir.filePath("real.wallet").toStdString();
    KeystoreOptions options;
    options.hrp = "tcairn";
    QElapsedTimer timer;
    timer.start();
    auto created = Keystore::Create(path, Devnet(), PASS, 12, options);
    CAIRN_VERIFY_OK(created);
    const qint64 create_ms = timer.restart();
    created->keystore.reset();
    auto header = keystore_format::DecodeHeader(ReadRawRecord(path).header);
    QVERIFY(header.has_value());
    QVERIFY(header->limits == crypto::PwhashDefaultLimits());
    auto ks = Keystore::Open(path, Devnet(), options);
    CAIRN_VERIFY_OK(ks);
    timer.restart();
    CAIRN_VERIFY_OK((*ks)->Unlock(PASS));
    qInfo("default limits: create %lld ms, unlock %lld ms", static_cast<long long>(create_ms),
          static_cast<long long>(timer.elapsed()));
  }
};

CAIRN_REGISTER_TEST(TestKeystore);

#include "test_keystore.moc"
