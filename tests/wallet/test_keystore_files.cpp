// Damaged, foreign and tampered wallet files: each is refused with an error that names the file and
// says what is wrong, and the file is left byte-for-byte unchanged (no journal or temporary file appears
// beside it either). Tampering that keeps the checksum valid (what an attacker would do) is caught by
// the AEAD, whose associated data is the whole record header.
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <functional>
#include <random>
#include <set>

#include "chain/address.h"
#include "crypto/aead.h"
#include "keystore_test_util.h"
#include "test_registry.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;
namespace fmt = cairn::wallet::keystore_format;

namespace {

constexpr std::string_view PASS = "file test passphrase";
constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";

std::set<std::string> DirListing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

// A confirmed HD wallet with one account and one contact, closed.
void MakeWallet(const std::string& path) {
  auto ks = Keystore::Restore(path, Devnet(), LEGAL, "", PASS, FastOptions());
  if (!ks) qFatal("restore failed: %s", ks.error().message.c_str());
  if (!(*ks)->CreateAccount("main")) qFatal("account failed");
  const auto other = KeyAt(SeedOf(LEGAL, "x").span(), AccountKeyPath(0, 0)).public_key();
  if (!(*ks)->AddContact(chain::EncodeAddress(chain::AddressFromPublicKey(other), "tcairn"), "friend")) qFatal("contact failed");
}

// Opens `path` expecting refusal of kind `kind`; checks the message names the file and contains
// `needle`, and that neither the file nor its folder changed.
bool ExpectRefused(const std::string& path, KeystoreErrorKind kind, std::string_view needle,
                   const chain::ChainId& chain = Devnet()) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const util::Bytes before = ReadFileBytes(path);
  const auto listing = DirListing(dir);
  auto opened = Keystore::Open(path, chain, FastOptions());
  bool ok = true;
  if (opened) {
    qWarning("opened %s although it should be refused", path.c_str());
    return false;
  }
  if (opened.error().kind != kind) {
    qWarning("wrong kind: %s", qPrintable(Describe(opened.error())));
    ok = false;
  }
  if (opened.error().message.find(path) == std::string::npos || opened.error().message.find(needle) == std::string::npos) {
    qWarning("message lacks the file name or '%s': %s", std::string(needle).c_str(), opened.error().message.c_str());
    ok = false;
  }
  if (ReadFileBytes(path) != before) {
    qWarning("the refused file was modified");
    ok = false;
  }
  if (DirListing(dir) != listing) {
    qWarning("files appeared or disappeared beside the refused file");
    ok = false;
  }
  return ok;
}

struct Region {
  const char* name;
  std::size_t offset;  // in the file
};

}  // namespace

class TestKeystoreFiles : public QObject {
  Q_OBJECT

 private slots:
  void missingEmptyAndForeignFiles() {
    QTemporaryDir dir;
    const std::string missing = dir.filePath("missing.wallet").toStdString();
    CAIRN_VERIFY_ERROR(Keystore::Open(missing, Devnet(), FastOptions()), NotFound);
    QVERIFY(!FileExists(missing));

    const std::string empty = dir.filePath("empty.wallet").toStdString();
    WriteFileBytes(empty, {});
    QVERIFY(ExpectRefused(empty, KeystoreErrorKind::NotAWallet, "empty file"));

    const std::string text = dir.filePath("notes.wallet").toStdString();
    WriteFileBytes(text, util::AsBytes("these are not the keys you are looking for\n"));
    QVERIFY(ExpectRefused(text, KeystoreErrorKind::NotAWallet, "not a SQLite database"));

    const std::string other = dir.filePath("other.wallet").toStdString();
    WriteFileBytes(other, {});
    RawExec(other, "CREATE TABLE t(x); INSERT INTO t VALUES(1);");
    QVERIFY(ExpectRefused(other, KeystoreErrorKind::NotAWallet, "another application"));

    const std::string chain_db = dir.filePath("chain.wallet").toStdString();
    WriteFileBytes(chain_db, {});
    RawExec(chain_db, "PRAGMA application_id = 1128352082; CREATE TABLE meta(k, v);");  // 0x43414952
    QVERIFY(ExpectRefused(chain_db, KeystoreErrorKind::NotAWallet, "chain database"));

    const std::string folder = dir.filePath("folder.wallet").toStdString();
    std::filesystem::create_directory(folder);
    CAIRN_VERIFY_ERROR(Keystore::Open(folder, Devnet(), FastOptions()), NotAWallet);
  }

  void futureFormatVersions() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("future.wallet").toStdString();
    MakeWallet(path);
    RawExec(path, "PRAGMA user_version = 2");
    QVERIFY(ExpectRefused(path, KeystoreErrorKind::FutureVersion, "newer Cairn"));

    // A newer record inside a file whose SQLite header still says 1.
    const std::string inner = dir.filePath("inner.wallet").toStdString();
    MakeWallet(inner);
    RawRecord record = ReadRawRecord(inner);
    record.header[8] = 2;  // format version, little-endian after the 8-byte magic
    WriteRawRecord(inner, record, /*fix_checksum=*/true);
    QVERIFY(ExpectRefused(inner, KeystoreErrorKind::FutureVersion, "newer format"));
  }

  void wrongChainAndSchema() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    MakeWallet(path);
    QVERIFY(ExpectRefused(path, KeystoreErrorKind::WrongChain, "chain 'devnet'", chain::ChainId::Unchecked("testnet")));
    RawExec(path, "CREATE TABLE extra(x)");
    QVERIFY(ExpectRefused(path, KeystoreErrorKind::Damaged, "tables"));
  }

  void truncatedFiles() {
    QTemporaryDir dir;
    const std::string original = dir.filePath("original.wallet").toStdString();
    MakeWallet(original);
    const util::Bytes bytes = ReadFileBytes(original);
    QVERIFY(bytes.size() >= 3 * fmt::PAGE_SIZE);
    const std::size_t sizes[] = {10, 99, 100, 1000, fmt::PAGE_SIZE, 2 * fmt::PAGE_SIZE, bytes.size() - fmt::PAGE_SIZE,
                                 bytes.size() - 1};
    for (const std::size_t size : sizes) {
      const std::string path = dir.filePath(QStringLiteral("cut-%1.wallet").arg(size)).toStdString();
      WriteFileBytes(path, util::ByteSpan(bytes).first(size));
      const auto kind = size < 16 ? KeystoreErrorKind::NotAWallet : KeystoreErrorKind::Damaged;
      QVERIFY2(ExpectRefused(path, kind, size < 16 ? "not a SQLite" : "truncated"), path.c_str());
    }
  }

  void bitFlipsInEveryRegionAreDamage() {
    QTemporaryDir dir;
    const std::string original = dir.filePath("original.wallet").toStdString();
    MakeWallet(original);
    const util::Bytes bytes = ReadFileBytes(original);
    const RawRecord record = ReadRawRecord(original);
    const std::size_t header_at = FindBytes(bytes, record.header);
    const std::size_t secret_at = FindBytes(bytes, *record.secret);
    const std::size_t checksum_at = FindBytes(bytes, record.checksum);
    QVERIFY(header_at != std::string::npos && secret_at != std::string::npos && checksum_at != std::string::npos);
    QCOMPARE(FindBytes(util::ByteSpan(bytes).subspan(header_at + 1), record.header), std::string::npos);  // one copy
    const std::size_t chain_len = record.header[29];
    const std::size_t tail = 30 + chain_len;  // kdf byte
    const std::size_t secret_size = record.secret->size();
    const Region regions[] = {
        {"header magic", header_at + 0},
        {"header format version", header_at + 8},
        {"header wallet id", header_at + 12},
        {"header kind", header_at + 28},
        {"header chain id", header_at + 30},
        {"header kdf id", header_at + tail},
        {"header opslimit", header_at + tail + 1},
        {"header memlimit", header_at + tail + 9},
        {"header salt", header_at + tail + 17},
        {"header cipher id", header_at + tail + 33},
        {"nonce", secret_at + 3},
        {"ciphertext", secret_at + crypto::AEAD_NONCE_SIZE + 10},
        {"tag", secret_at + secret_size - 1},
        {"checksum", checksum_at + 31},
    };
    for (const Region& region : regions) {
      for (const int bit : {0, 7}) {
        util::Bytes flipped = bytes;
        flipped[region.offset] ^= static_cast<std::uint8_t>(1u << bit);
        const std::string path = dir.filePath(QStringLiteral("flip-%1-%2.wallet").arg(region.offset).arg(bit)).toStdString();
        WriteFileBytes(path, flipped);
        QVERIFY2(ExpectRefused(path, KeystoreErrorKind::Damaged, "checksum"), region.name);
      }
    }
    // The SQLite header's own fields.
    const struct {
      const char* name;
      std::function<void(util::Bytes&)> apply;
      KeystoreErrorKind kind;
      const char* needle;
    } sqlite_regions[] = {
        {"magic", [](util::Bytes& b) { b[0] ^= 1; }, KeystoreErrorKind::NotAWallet, "not a SQLite"},
        {"page size", [](util::Bytes& b) { b[16] ^= 1; }, KeystoreErrorKind::Damaged, "page size"},
        {"write version", [](util::Bytes& b) { b[18] ^= 3; }, KeystoreErrorKind::Damaged, "journal mode"},
        {"user_version 0", [](util::Bytes& b) { b[63] = 0; }, KeystoreErrorKind::Damaged, "no format version"},
        {"user_version 3", [](util::Bytes& b) { b[63] ^= 2; }, KeystoreErrorKind::FutureVersion, "newer"},
        {"application id", [](util::Bytes& b) { b[68] ^= 1; }, KeystoreErrorKind::NotAWallet, "another application"},
        {"page count", [](util::Bytes& b) { b[31] += 1; }, KeystoreErrorKind::Damaged, "truncated"},
    };
    for (const auto& r : sqlite_regions) {
      util::Bytes flipped = bytes;
      r.apply(flipped);
      const std::string path = dir.filePath(QStringLiteral("sqlite-%1.wallet").arg(r.name)).toStdString();
      WriteFileBytes(path, flipped);
      QVERIFY2(ExpectRefused(path, r.kind, r.needle), r.name);
    }
  }

  void tamperingWithAValidChecksumFailsAuthentication() {
    QTemporaryDir dir;
    const std::string original = dir.filePath("original.wallet").toStdString();
    MakeWallet(original);
    const RawRecord record = ReadRawRecord(original);
    const std::size_t tail = 30 + record.header[29];
    struct Edit {
      const char* name;
      std::function<void(RawRecord&)> apply;
    };
    const Edit edits[] = {
        {"wallet id", [](RawRecord& r) { r.header[12] ^= 1; }},
        {"opslimit", [tail](RawRecord& r) { r.header[tail + 1] ^= 2; }},       // 1 -> 3: still acceptable
        {"memlimit", [tail](RawRecord& r) { r.header[tail + 9 + 2] ^= 1; }},   // + 64 KiB
        {"salt", [tail](RawRecord& r) { r.header[tail + 17 + 5] ^= 0x10; }},
        {"nonce", [](RawRecord& r) { (*r.secret)[0] ^= 1; }},
        {"ciphertext", [](RawRecord& r) { (*r.secret)[40] ^= 1; }},
        {"tag", [](RawRecord& r) { r.secret->back() ^= 1; }},
    };
    for (const Edit& edit : edits) {
      const std::string path = dir.filePath(QStringLiteral("tamper-%1.wallet").arg(edit.name)).toStdString();
      std::filesystem::copy_file(original, path);
      RawRecord changed = record;
      edit.apply(changed);
      WriteRawRecord(path, changed, /*fix_checksum=*/true);
      const util::Bytes before = ReadFileBytes(path);
      auto ks = Keystore::Open(path, Devnet(), FastOptions());
      CAIRN_VERIFY_OK(ks);  // structurally fine
      auto unlocked = (*ks)->Unlock(PASS);
      QVERIFY2(!unlocked && unlocked.error().kind == KeystoreErrorKind::WrongPassphrase, edit.name);
      QVERIFY(unlocked.error().message.find(path) != std::string::npos);
      ks->reset();
      QVERIFY2(ReadFileBytes(path) == before, edit.name);
    }

    // The chain id is bound too: a wallet relabelled for another chain does not decrypt there.
    const std::string relabelled = dir.filePath("relabelled.wallet").toStdString();
    std::filesystem::copy_file(original, relabelled);
    RawRecord changed = record;
    changed.header[30] = 'e';  // "devnet" -> "eevnet"
    WriteRawRecord(relabelled, changed, true);
    auto ks = Keystore::Open(relabelled, chain::ChainId::Unchecked("eevnet"), FastOptions());
    CAIRN_VERIFY_OK(ks);
    CAIRN_VERIFY_ERROR((*ks)->Unlock(PASS), WrongPassphrase);
  }

  void headerValuesNoCairnWritesAreDamage() {
    QTemporaryDir dir;
    const std::string original = dir.filePath("original.wallet").toStdString();
    MakeWallet(original);
    const RawRecord record = ReadRawRecord(original);
    const std::size_t tail = 30 + record.header[29];
    struct Edit {
      const char* name;
      const char* needle;
      std::function<void(RawRecord&)> apply;
    };
    const Edit edits[] = {
        {"unknown kind", "unknown wallet kind 7", [](RawRecord& r) { r.header[28] = 7; }},
        {"watch-only with a secret", "watch-only", [](RawRecord& r) { r.header[28] = fmt::KIND_WATCH_ONLY; }},
        {"HD without a secret", "secret", [](RawRecord& r) { r.secret.reset(); }},
        {"opslimit zero", "out of range", [tail](RawRecord& r) { r.header[tail + 1] = 0; }},
        {"memlimit 1 TiB", "out of range", [tail](RawRecord& r) { r.header[tail + 9 + 5] = 1; }},
        {"unknown cipher", "cipher", [tail](RawRecord& r) { r.header[tail + 33] = 9; }},
        {"short header", "bytes", [](RawRecord& r) { r.header.pop_back(); }},
        {"short secret", "impossible size", [](RawRecord& r) { r.secret->pop_back(); }},
        {"bad chain id", "chain id", [](RawRecord& r) { r.header[30] = 'A'; }},
    };
    for (const Edit& edit : edits) {
      const std::string path = dir.filePath(QStringLiteral("odd-%1.wallet").arg(edit.name)).toStdString();
      std::filesystem::copy_file(original, path);
      RawRecord changed = record;
      edit.apply(changed);
      WriteRawRecord(path, changed, /*fix_checksum=*/true);
      QVERIFY2(ExpectRefused(path, KeystoreErrorKind::Damaged, edit.needle), edit.name);
    }
  }

  void swappedAccountKeyIsCaughtAtUnlock() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    MakeWallet(path);
    // An attacker replaces account 0's key and address by their own, consistently.
    const auto theirs = KeyAt(SeedOf(LEGAL, "attacker").span(), AccountKeyPath(0, 0)).public_key();
    const auto address = chain::AddressFromPublicKey(theirs);
    RawExec(path, "UPDATE accounts SET public_key = x'" + util::ToHex(theirs.span()) + "', address = x'" +
                      util::ToHex(address.span()) + "' WHERE account = 0");
    const util::Bytes before = ReadFileBytes(path);
    auto ks = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(ks);
    auto unlocked = (*ks)->Unlock(PASS);
    CAIRN_VERIFY_ERROR(unlocked, Damaged);
    QVERIFY2(unlocked.error().message.find("account 0") != std::string::npos, unlocked.error().message.c_str());
    QVERIFY((*ks)->IsLocked());
    ks->reset();
    QVERIFY(ReadFileBytes(path) == before);

    // An inconsistent row (address not of the key) is refused at Open already.
    RawExec(path, "UPDATE accounts SET address = zeroblob(20) WHERE account = 0");
    QVERIFY(ExpectRefused(path, KeystoreErrorKind::Damaged, "does not match its public key"));
  }

  void randomBitFlipsNeverCrashNeverWriteNeverLie() {
    QTemporaryDir dir;
    const std::string original = dir.filePath("original.wallet").toStdString();
    MakeWallet(original);
    const util::Bytes bytes = ReadFileBytes(original);
    const auto expected_key = KeyAt(SeedOf(LEGAL).span(), AccountKeyPath(0, 0)).public_key();
    const std::string path = dir.filePath("flipped.wallet").toStdString();
    std::mt19937_64 rng(20240531);
    int refused = 0;
    int opened = 0;
    for (int i = 0; i < 300; ++i) {
      util::Bytes flipped = bytes;
      const std::size_t at = rng() % flipped.size();
      flipped[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      WriteFileBytes(path, flipped);
      auto ks = Keystore::Open(path, Devnet(), FastOptions());
      if (!ks) {
        ++refused;
        const auto kind = ks.error().kind;
        QVERIFY2(kind == KeystoreErrorKind::Damaged || kind == KeystoreErrorKind::NotAWallet ||
                     kind == KeystoreErrorKind::FutureVersion,
                 qPrintable(Describe(ks.error())));
        QVERIFY(ks.error().message.find(path) != std::string::npos);
      } else {
        // Unused space, or bytes SQLite does not rely on: the wallet must still be the same wallet.
        ++opened;
        auto unlocked = (*ks)->Unlock(PASS);
        if (unlocked) {
          auto key = (*ks)->SigningKey(0);
          QVERIFY2(!key || key->public_key() == expected_key, "a flipped file produced a different key");
        } else {
          QVERIFY2(unlocked.error().kind == KeystoreErrorKind::Damaged || unlocked.error().kind == KeystoreErrorKind::WrongPassphrase,
                   qPrintable(Describe(unlocked.error())));
        }
        ks->reset();
      }
      QVERIFY2(ReadFileBytes(path) == flipped, "a damaged file was written");
      for (const char* suffix : {"-journal", "-wal"}) QVERIFY(!FileExists(path + suffix));
    }
    qInfo("300 random flips: %d refused at open, %d opened", refused, opened);
    QVERIFY(refused > 0);
  }
};

CAIRN_REGISTER_TEST(TestKeystoreFiles);

#include "test_keystore_files.moc"
