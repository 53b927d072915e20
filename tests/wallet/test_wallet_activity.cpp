// The wallet's activity file (wallet/wallet_activity.h, SPEC.md section 9) and the keystore calls added
// for validating and the account scan: validator keys derived on a locked wallet with the passphrase,
// accounts added at chosen indices.
#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "keystore_test_util.h"
#include "test_registry.h"
#include "util/clock.h"
#include "wallet/wallet_activity.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;

namespace {

constexpr std::string_view PASS = "wallet passphrase";
constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";

WalletActivity::WalletId IdOf(std::uint8_t fill) {
  WalletActivity::WalletId id;
  id.bytes.fill(fill);
  return id;
}

crypto::Hash256 Genesis(std::uint8_t fill) {
  crypto::Hash256 h;
  h.bytes.fill(fill);
  return h;
}

PendingTxRecord Record(std::uint8_t fill, std::uint32_t account, std::int64_t at) {
  PendingTxRecord r;
  r.id.bytes.fill(fill);
  r.account = account;
  r.tx = util::Bytes(40, fill);
  r.submitted_ms = at;
  return r;
}

QStringList AsideFiles(const QTemporaryDir& dir) {
  return QDir(dir.path()).entryList({QStringLiteral("*.unused-*")}, QDir::Files | QDir::Hidden);
}

}  // namespace

class TestWalletActivity : public QObject {
  Q_OBJECT

 private slots:
  void pendingRecordsSurviveReopening() {
    QTemporaryDir dir;
    const std::string wallet = dir.filePath("w.wallet").toStdString();
    {
      auto activity = WalletActivity::Open(wallet, IdOf(1), Genesis(2));
      CAIRN_VERIFY_OK(activity);
      struct stat st {};
      QCOMPARE(::stat((wallet + ACTIVITY_FILE_SUFFIX).c_str(), &st), 0);
      QCOMPARE(st.st_mode & 0777, 0600u);
      CAIRN_VERIFY_OK((*activity)->PutPending(Record(0xa1, 0, 2000)));
      CAIRN_VERIFY_OK((*activity)->PutPending(Record(0xa2, 1, 1000)));
      PendingTxRecord failed = Record(0xa3, 0, 3000);
      failed.state = PendingState::Failed;
      failed.note = "the pool refused it";
      CAIRN_VERIFY_OK((*activity)->PutPending(failed));
      CAIRN_VERIFY_OK((*activity)->RemovePending(Record(0xa1, 0, 0).id));
      // Replacing keeps one row per id.
      failed.note = "another transaction with nonce 4 was included instead";
      CAIRN_VERIFY_OK((*activity)->PutPending(failed));
    }
    auto reopened = WalletActivity::Open(wallet, IdOf(1), Genesis(2));
    CAIRN_VERIFY_OK(reopened);
    auto listed = (*reopened)->ListPending();
    CAIRN_VERIFY_OK(listed);
    QCOMPARE(listed->size(), std::size_t{2});
    QCOMPARE((*listed)[0].id, Record(0xa2, 0, 0).id);  // oldest submission first
    QCOMPARE((*listed)[0].account, 1u);
    QCOMPARE((*listed)[0].tx, util::Bytes(40, 0xa2));
    QCOMPARE((*listed)[0].state, PendingState::Pending);
    QCOMPARE((*listed)[1].state, PendingState::Failed);
    QCOMPARE((*listed)[1].note, std::string("another transaction with nonce 4 was included instead"));
    QVERIFY(AsideFiles(dir).isEmpty());
  }

  void scanRangesAndSlashesRoundTrip() {
    QTemporaryDir dir;
    const std::string wallet = dir.filePath("w.wallet").toStdString();
    auto activity = WalletActivity::Open(wallet, IdOf(1), Genesis(2));
    CAIRN_VERIFY_OK(activity);
    auto scanned = (*activity)->Scanned();
    CAIRN_VERIFY_OK(scanned);
    QVERIFY(scanned->empty());
    ValidatorSlash slash;
    slash.height = 40;
    slash.validator = 3;
    slash.operator_address.bytes.fill(0x33);
    slash.kind = SlashKind::Offence;
    slash.tokens_before = UINT64_MAX - 5;  // u64 values survive SQLite's signed integers
    slash.shares_before = 1ull << 63;
    slash.tokens_after = 90;
    slash.shares_after = 100;
    CAIRN_VERIFY_OK((*activity)->AddScanned({30, 50}, {slash}));
    CAIRN_VERIFY_OK((*activity)->AddScanned({51, 60}, {}));   // adjacent above
    CAIRN_VERIFY_OK((*activity)->AddScanned({10, 29}, {}));   // adjacent below
    CAIRN_VERIFY_OK((*activity)->AddScanned({55, 70}, {}));   // overlapping
    CAIRN_VERIFY_ERROR((*activity)->AddScanned({90, 95}, {}), InvalidInput);  // a hole would be lost
    scanned = (*activity)->Scanned();
    CAIRN_VERIFY_OK(scanned);
    QCOMPARE(scanned->from, chain::Height{10});
    QCOMPARE(scanned->to, chain::Height{70});
    auto slashes = (*activity)->Slashes();
    CAIRN_VERIFY_OK(slashes);
    QCOMPARE(slashes->size(), std::size_t{1});
    QVERIFY(slashes->front() == slash);
  }

  void aFileOfAnotherWalletOrDamagedIsMovedAsideNotDeleted() {
    QTemporaryDir dir;
    const std::string wallet = dir.filePath("w.wallet").toStdString();
    const std::string path = wallet + ACTIVITY_FILE_SUFFIX;
    {
      auto first = WalletActivity::Open(wallet, IdOf(1), Genesis(2));
      CAIRN_VERIFY_OK(first);
      CAIRN_VERIFY_OK((*first)->PutPending(Record(0xb1, 0, 1)));
    }
    const util::Bytes original = ReadFileBytes(path);
    // Another wallet (a new wallet restored at the same path): its records are not this wallet's.
    auto other = WalletActivity::Open(wallet, IdOf(9), Genesis(2));
    CAIRN_VERIFY_OK(other);
    QVERIFY((*other)->ListPending()->empty());
    QStringList aside = AsideFiles(dir);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(ReadFileBytes(dir.filePath(aside.front()).toStdString()), original);
    other->reset();
    // Another chain: the same.
    CAIRN_VERIFY_OK(WalletActivity::Open(wallet, IdOf(9), Genesis(7)));
    QCOMPARE(AsideFiles(dir).size(), 2);
    // Garbage.
    WriteFileBytes(path, util::AsBytes("this is not a database at all, just text that is long enough"));
    auto fresh = WalletActivity::Open(wallet, IdOf(9), Genesis(7));
    CAIRN_VERIFY_OK(fresh);
    CAIRN_VERIFY_OK((*fresh)->PutPending(Record(0xb2, 0, 1)));
    QCOMPARE(AsideFiles(dir).size(), 3);
    // An empty file (a crash right after its creation) is simply started.
    fresh->reset();
    WriteFileBytes(path, {});
    CAIRN_VERIFY_OK(WalletActivity::Open(wallet, IdOf(9), Genesis(7)));
    QCOMPARE(AsideFiles(dir).size(), 3);
  }

  void validatorKeysFromALockedWallet() {
    QTemporaryDir dir;
    util::ManualClock clock(1'000'000);
    auto ks = Keystore::Restore(dir.filePath("w.wallet").toStdString(), Devnet(), LEGAL, "", PASS, FastOptions(&clock));
    CAIRN_VERIFY_OK(ks);
    Keystore& w = **ks;
    CAIRN_VERIFY_OK(w.CreateAccount("main"));
    CAIRN_VERIFY_OK(w.CreateAccount("second"));
    auto expected = w.ValidatorKeys(1);
    CAIRN_VERIFY_OK(expected);
    const auto account_key = KeyAt(SeedOf(LEGAL).span(), AccountKeyPath(1, 0));
    w.Lock();

    auto keys = w.ValidatorKeysWithPassphrase(1, PASS);
    CAIRN_VERIFY_OK(keys);
    QVERIFY(keys->keys.consensus.public_key() == expected->consensus.public_key());
    QVERIFY(keys->keys.vrf.public_key() == expected->vrf.public_key());
    QVERIFY(keys->operator_address == chain::AddressFromPublicKey(account_key.public_key()));
    QVERIFY(w.IsLocked());  // derived and wiped: the wallet stays locked
    CAIRN_VERIFY_ERROR(w.SigningKey(1), Locked);

    CAIRN_VERIFY_ERROR(w.ValidatorKeysWithPassphrase(7, PASS), UnknownAccount);
    CAIRN_VERIFY_ERROR(w.ValidatorKeysWithPassphrase(1, "wrong passphrase"), WrongPassphrase);
    // Counted with Unlock's attempts: the next try is too early, whichever call makes it.
    CAIRN_VERIFY_ERROR(w.ValidatorKeysWithPassphrase(1, PASS), TryLater);
    CAIRN_VERIFY_ERROR(w.Unlock(PASS), TryLater);
    clock.AdvanceMs(300);
    CAIRN_VERIFY_OK(w.Unlock(PASS));
    // Unlocked, it stays unlocked.
    CAIRN_VERIFY_OK(w.ValidatorKeysWithPassphrase(0, PASS));
    QVERIFY(!w.IsLocked());

    auto watch = Keystore::CreateWatchOnly(dir.filePath("watch.wallet").toStdString(), Devnet(),
                                           {AddressOf(account_key.public_key())}, FastOptions());
    CAIRN_VERIFY_OK(watch);
    CAIRN_VERIFY_ERROR((*watch)->ValidatorKeysWithPassphrase(0, PASS), WrongKind);
  }

  void accountsAtChosenIndices() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    const auto seed = SeedOf(LEGAL);
    {
      auto ks = Keystore::Restore(path, Devnet(), LEGAL, "", PASS, FastOptions());
      CAIRN_VERIFY_OK(ks);
      CAIRN_VERIFY_OK((*ks)->CreateAccount("main"));
      auto peeked = (*ks)->PeekAccount(3);
      CAIRN_VERIFY_OK(peeked);
      QVERIFY(peeked->public_key == KeyAt(seed.span(), AccountKeyPath(3, 0)).public_key());
      QCOMPARE((*ks)->ListAccounts()->size(), std::size_t{1});  // peeking stores nothing
      auto added = (*ks)->AddAccount(3, "found by the scan");
      CAIRN_VERIFY_OK(added);
      QCOMPARE(added->address, peeked->address);
      CAIRN_VERIFY_ERROR((*ks)->AddAccount(3, "again"), AlreadyExists);
      auto next = (*ks)->CreateAccount("next");
      CAIRN_VERIFY_OK(next);
      QCOMPARE(next->index, 4u);  // above the highest, the gap stays
      (*ks)->Lock();
      CAIRN_VERIFY_ERROR((*ks)->PeekAccount(5), Locked);
      CAIRN_VERIFY_ERROR((*ks)->AddAccount(5, ""), Locked);
    }
    // A file with a gap opens, validates and unlocks (every stored key matches the seed).
    auto reopened = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(reopened);
    CAIRN_VERIFY_OK((*reopened)->Unlock(PASS));
    auto listed = (*reopened)->ListAccounts();
    CAIRN_VERIFY_OK(listed);
    QCOMPARE(listed->size(), std::size_t{3});
    QCOMPARE((*listed)[1].index, 3u);
    QCOMPARE((*listed)[1].label, std::string("found by the scan"));
    CAIRN_VERIFY_OK((*reopened)->SigningKey(3));
  }

 private:
  static std::string AddressOf(const crypto::PublicKey& key) {
    return chain::EncodeAddress(chain::AddressFromPublicKey(key), "tcairn");
  }
};

CAIRN_REGISTER_TEST(TestWalletActivity);

#include "test_wallet_activity.moc"
