// The keystore from several threads at once: signing, deriving and listing while another thread keeps
// locking and unlocking (and re-encrypting). Nothing may crash, every key handed out must be the right
// key, and no key may come out of a call that ran entirely while the wallet was locked.
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "chain/address.h"
#include "keystore_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;

namespace {

constexpr std::string_view PASS = "threads passphrase";
constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";

}  // namespace

class TestKeystoreThreads : public QObject {
  Q_OBJECT

 private slots:
  void fourThreadsNeverSeeAKeyWhileLocked() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    auto restored = Keystore::Restore(path, Devnet(), LEGAL, "", PASS, FastOptions());
    CAIRN_VERIFY_OK(restored);
    Keystore& w = **restored;
    CAIRN_VERIFY_OK(w.CreateAccount("a"));
    CAIRN_VERIFY_OK(w.CreateAccount("b"));
    const auto seed = SeedOf(LEGAL);
    const crypto::PublicKey expected[2] = {KeyAt(seed.span(), AccountKeyPath(0, 0)).public_key(),
                                           KeyAt(seed.span(), AccountKeyPath(1, 0)).public_key()};
    const crypto::PublicKey expected_consensus = KeyAt(seed.span(), ConsensusKeyPath(1)).public_key();
    const std::string contact = chain::EncodeAddress(chain::AddressFromPublicKey(expected[1]), "tcairn");

    // Odd epoch: Lock() has returned and Unlock() has not begun. A call that starts and ends in the same
    // odd epoch ran entirely while the wallet was locked and must be refused.
    std::atomic<int> epoch{0};
    std::atomic<bool> stop{false};
    std::atomic<int> wrong_key{0}, key_while_locked{0}, unexpected_error{0}, granted{0}, refused{0};

    auto check = [&](int e1, int e2, bool ok, KeystoreErrorKind kind) {
      std::this_thread::yield();  // two cores, four threads: let the toggler run
      if (ok) {
        ++granted;
        if (e1 == e2 && e1 % 2 == 1) ++key_while_locked;
      } else {
        ++refused;
        if (kind != KeystoreErrorKind::Locked) ++unexpected_error;
      }
    };

    std::vector<std::thread> threads;
    threads.emplace_back([&] {  // the toggler: 200 rounds, or fewer (at least 20) on a slow machine
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
      for (int i = 0; i < 200 && (i < 20 || std::chrono::steady_clock::now() < deadline); ++i) {
        w.Lock();
        epoch.fetch_add(1);
        for (int spin = 0; spin < 8; ++spin) std::this_thread::yield();
        epoch.fetch_add(1);
        if (!w.Unlock(PASS)) ++unexpected_error;
        for (int spin = 0; spin < 8; ++spin) std::this_thread::yield();
        if (i % 25 == 0 && !w.ChangePassphrase(PASS, PASS)) ++unexpected_error;  // re-encrypts in place
      }
      stop = true;
    });
    threads.emplace_back([&] {  // signing keys
      for (std::uint32_t i = 0; !stop; ++i) {
        const int e1 = epoch.load();
        auto key = w.SigningKey(i % 2);
        const int e2 = epoch.load();
        if (key && key->public_key() != expected[i % 2]) ++wrong_key;
        check(e1, e2, key.has_value(), key ? KeystoreErrorKind::Io : key.error().kind);
      }
    });
    threads.emplace_back([&] {  // signatures and validator keys
      const util::Bytes message = {4, 5, 6};
      for (int i = 0; !stop; ++i) {
        const int e1 = epoch.load();
        if (i % 2 == 0) {
          auto signature = w.Sign(0, message);
          const int e2 = epoch.load();
          if (signature && !crypto::Verify(expected[0], message, *signature)) ++wrong_key;
          check(e1, e2, signature.has_value(), signature ? KeystoreErrorKind::Io : signature.error().kind);
        } else {
          auto keys = w.ValidatorKeys(1);
          const int e2 = epoch.load();
          if (keys && keys->consensus.public_key() != expected_consensus) ++wrong_key;
          check(e1, e2, keys.has_value(), keys ? KeystoreErrorKind::Io : keys.error().kind);
        }
      }
    });
    threads.emplace_back([&] {  // public data: always available, locked or not
      for (int i = 0; !stop; ++i) {
        auto accounts = w.ListAccounts();
        if (!accounts || accounts->size() != 2 || (*accounts)[1].public_key != expected[1]) ++unexpected_error;
        // Writes too, but rarely: each one is a synced transaction.
        if (i % 64 == 0) {
          if (!w.AddContact(contact, "c")) ++unexpected_error;
        } else if (i % 64 == 32) {
          if (!w.RemoveContact(contact)) ++unexpected_error;
        }
        (void)w.IsLocked();
        (void)w.MaybeAutoLock();
        std::this_thread::yield();
      }
    });
    for (auto& t : threads) t.join();

    qInfo("%d keys granted, %d refused while locked", granted.load(), refused.load());
    QCOMPARE(wrong_key.load(), 0);
    QCOMPARE(key_while_locked.load(), 0);
    QCOMPARE(unexpected_error.load(), 0);
    QVERIFY(granted.load() > 0);
    QVERIFY(refused.load() > 0);  // the race was real: both states were seen
    QVERIFY(!w.IsLocked());
    auto reopened = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(reopened);
    CAIRN_VERIFY_OK((*reopened)->Unlock(PASS));
  }
};

CAIRN_REGISTER_TEST(TestKeystoreThreads);

#include "test_keystore_threads.moc"
