// Keystore accounts, labels, the address book, validator keys and their encrypted export.
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <set>

#include "chain/address.h"
#include "crypto/aead.h"
#include "keystore_test_util.h"
#include "test_registry.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;

namespace {

constexpr std::string_view PASS = "wallet passphrase";
constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";

// A restored (hence confirmed, unlocked) wallet on LEGAL.
std::unique_ptr<Keystore> RestoredWallet(const QTemporaryDir& dir, const char* name = "w.wallet") {
  auto ks = Keystore::Restore(dir.filePath(name).toStdString(), Devnet(), LEGAL, "", PASS, FastOptions());
  if (!ks) qFatal("restore failed: %s", ks.error().message.c_str());
  return std::move(ks).value();
}

std::string AddressOf(const crypto::PublicKey& key) {
  return chain::EncodeAddress(chain::AddressFromPublicKey(key), "tcairn");
}

// Edits one member of an export's JSON (a string path like "kdf.opslimit").
std::string EditExport(const std::string& json, const QString& member, const QJsonValue& value) {
  QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
  const QStringList parts = member.split('.');
  if (parts.size() == 1) {
    root[parts[0]] = value;
  } else {
    QJsonObject inner = root[parts[0]].toObject();
    inner[parts[1]] = value;
    root[parts[0]] = inner;
  }
  return QJsonDocument(root).toJson().toStdString();
}

QString FlipHexDigit(const QString& hex, int index) {
  QString out = hex;
  out[index] = out[index] == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
  return out;
}

}  // namespace

class TestKeystoreAccounts : public QObject {
  Q_OBJECT

 private slots:
  void accountsFollowTheProtocolPaths() {
    QTemporaryDir dir;
    auto w = RestoredWallet(dir);
    const auto seed = SeedOf(LEGAL);
    std::set<std::string> addresses;
    for (std::uint32_t i = 0; i < 3; ++i) {
      auto account = w->CreateAccount("account " + std::to_string(i));
      CAIRN_VERIFY_OK(account);
      QCOMPARE(account->index, i);
      const auto expected = KeyAt(seed.span(), AccountKeyPath(i, 0));
      QVERIFY(account->public_key == expected.public_key());
      QCOMPARE(account->address_text, AddressOf(expected.public_key()));
      addresses.insert(account->address_text);
      auto signature = w->Sign(i, util::AsBytes("message"));
      CAIRN_VERIFY_OK(signature);
      QVERIFY(crypto::Verify(expected.public_key(), util::AsBytes("message"), *signature));
    }
    QCOMPARE(addresses.size(), std::size_t{3});
    CAIRN_VERIFY_ERROR(w->SigningKey(3), UnknownAccount);
    CAIRN_VERIFY_ERROR(w->Sign(99, util::Bytes{}), UnknownAccount);

    CAIRN_VERIFY_OK(w->RenameAccount(1, "Savings \xe2\x82\xac"));  // UTF-8 is fine
    CAIRN_VERIFY_ERROR(w->RenameAccount(7, "x"), UnknownAccount);
    w->Lock();
    auto listed = w->ListAccounts();
    CAIRN_VERIFY_OK(listed);
    QCOMPARE(listed->size(), std::size_t{3});
    QCOMPARE((*listed)[1].label, std::string("Savings \xe2\x82\xac"));
    QCOMPARE((*listed)[2].label, std::string("account 2"));
    QCOMPARE((*listed)[0].address_text, AddressOf(KeyAt(seed.span(), AccountKeyPath(0, 0)).public_key()));
    CAIRN_VERIFY_OK(w->RenameAccount(2, "renamed while locked"));
  }

  void labelsAreValidated() {
    QTemporaryDir dir;
    auto w = RestoredWallet(dir);
    CAIRN_VERIFY_OK(w->CreateAccount(""));
    CAIRN_VERIFY_OK(w->CreateAccount(std::string(100, 'x')));
    std::string euros;
    for (int i = 0; i < 33; ++i) euros += "\xe2\x82\xac";  // 99 bytes of 3-byte characters
    CAIRN_VERIFY_OK(w->RenameAccount(0, euros));
    const std::string refused[] = {
        std::string(101, 'x'),
        "tab\there",
        "new\nline",
        std::string("nul\0byte", 8),
        "\x7f",
        "\xc2\x85",        // C1 control (NEL)
        "\xe2\x80\xae" "evil",  // right-to-left override
        "\xe2\x81\xa6x",    // left-to-right isolate
        "\xff",            // not UTF-8
        "\xc0\xaf",        // overlong
        "\xed\xa0\x80",    // surrogate
    };
    for (const auto& label : refused) {
      CAIRN_VERIFY_ERROR(w->CreateAccount(label), InvalidInput);
      CAIRN_VERIFY_ERROR(w->RenameAccount(0, label), InvalidInput);
      CAIRN_VERIFY_ERROR(w->AddContact(AddressOf(KeyAt(SeedOf(LEGAL).span(), AccountKeyPath(9, 0)).public_key()), label),
                         InvalidInput);
    }
    auto listed = w->ListAccounts();
    CAIRN_VERIFY_OK(listed);
    QCOMPARE(listed->size(), std::size_t{2});
    QCOMPARE((*listed)[0].label, euros);
  }

  void addressBookRoundTrips() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    const auto seed = SeedOf(LEGAL, "other");
    const std::string alice = AddressOf(KeyAt(seed.span(), AccountKeyPath(0, 0)).public_key());
    const std::string bob = AddressOf(KeyAt(seed.span(), AccountKeyPath(1, 0)).public_key());
    {
      auto w = RestoredWallet(dir);
      w->Lock();  // the address book needs no secrets
      auto added = w->AddContact(alice, "Alice");
      CAIRN_VERIFY_OK(added);
      QCOMPARE(added->address_text, alice);
      CAIRN_VERIFY_OK(w->AddContact(bob, "Bob"));
      CAIRN_VERIFY_ERROR(w->AddContact(alice, "Alice again"), AlreadyExists);
      CAIRN_VERIFY_ERROR(w->AddContact("tcairn1notanaddress", "x"), InvalidInput);
      const std::string mainnet = chain::EncodeAddress(chain::AddressFromPublicKey(KeyAt(seed.span(), AccountKeyPath(2, 0)).public_key()), "cairn");
      CAIRN_VERIFY_ERROR(w->AddContact(mainnet, "wrong network"), InvalidInput);
      CAIRN_VERIFY_OK(w->RenameContact(bob, "Robert"));
      CAIRN_VERIFY_ERROR(w->RenameContact(AddressOf(KeyAt(seed.span(), AccountKeyPath(5, 0)).public_key()), "x"), UnknownAccount);
    }
    auto reopened = Keystore::Open(path, Devnet(), FastOptions());
    CAIRN_VERIFY_OK(reopened);
    Keystore& w = **reopened;
    auto contacts = w.ListContacts();
    CAIRN_VERIFY_OK(contacts);
    QCOMPARE(contacts->size(), std::size_t{2});
    QCOMPARE((*contacts)[0].label, std::string("Alice"));  // sorted by label
    QCOMPARE((*contacts)[1].label, std::string("Robert"));
    QCOMPARE((*contacts)[1].address_text, bob);
    CAIRN_VERIFY_OK(w.RemoveContact(alice));
    CAIRN_VERIFY_ERROR(w.RemoveContact(alice), UnknownAccount);
    contacts = w.ListContacts();
    CAIRN_VERIFY_OK(contacts);
    QCOMPARE(contacts->size(), std::size_t{1});
  }

  void validatorKeysUseTheirOwnPaths() {
    QTemporaryDir dir;
    auto w = RestoredWallet(dir);
    const auto seed = SeedOf(LEGAL);
    auto keys = w->ValidatorKeys(3);  // need not be a created account
    CAIRN_VERIFY_OK(keys);
    QCOMPARE(keys->account, 3u);
    QVERIFY(keys->consensus.public_key() == KeyAt(seed.span(), ConsensusKeyPath(3)).public_key());
    QVERIFY(keys->vrf.public_key() == KeyAt(seed.span(), VrfKeyPath(3)).public_key());
    QVERIFY(keys->consensus.public_key() != keys->vrf.public_key());
    QVERIFY(keys->consensus.public_key() != KeyAt(seed.span(), AccountKeyPath(3, 0)).public_key());
    CAIRN_VERIFY_ERROR(w->ValidatorKeys(MAX_CHILD_INDEX + 1), InvalidInput);
    w->Lock();
    CAIRN_VERIFY_ERROR(w->ValidatorKeys(3), Locked);
    CAIRN_VERIFY_ERROR(w->ExportValidatorKeys(3, "export pass"), Locked);
  }

  void validatorExportRoundTripsAndIsSelfDescribing() {
    QTemporaryDir dir;
    auto w = RestoredWallet(dir);
    auto keys = w->ValidatorKeys(2);
    CAIRN_VERIFY_OK(keys);
    CAIRN_VERIFY_ERROR(w->ExportValidatorKeys(2, ""), InvalidInput);
    auto exported = w->ExportValidatorKeys(2, "export pass");
    CAIRN_VERIFY_OK(exported);

    // Self-describing: a reader learns everything it needs from the file itself.
    const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(*exported)).object();
    QCOMPARE(root["type"].toString(), QStringLiteral("cairn-validator-keys"));
    QCOMPARE(root["version"].toInt(), 1);
    QCOMPARE(root["chain_id"].toString(), QStringLiteral("devnet"));
    QCOMPARE(root["account"].toInt(), 2);
    QCOMPARE(root["consensus_public_key"].toString().toStdString(), util::ToHex(keys->consensus.public_key().span()));
    QCOMPARE(root["vrf_public_key"].toString().toStdString(), util::ToHex(keys->vrf.public_key().span()));
    QCOMPARE(root["kdf"].toObject()["function"].toString(), QStringLiteral("argon2id13"));
    QCOMPARE(root["kdf"].toObject()["opslimit"].toInteger(), qint64(crypto::PwhashTestLimits().opslimit));
    QCOMPARE(root["kdf"].toObject()["salt"].toString().size(), 32);
    QCOMPARE(root["cipher"].toObject()["function"].toString(), QStringLiteral("xchacha20poly1305-ietf"));
    QCOMPARE(root["cipher"].toObject()["nonce"].toString().size(), 48);
    QCOMPARE(root["cipher"].toObject()["ciphertext"].toString().size(), (64 + 16) * 2);
    QCOMPARE(root.size(), 8);
    // The secret keys are not in it in the clear.
    QVERIFY(exported->find(util::ToHex(keys->consensus.seed())) == std::string::npos);
    QVERIFY(exported->find(util::ToHex(keys->vrf.seed())) == std::string::npos);

    auto imported = ImportValidatorKeys(*exported, "export pass", Devnet());
    CAIRN_VERIFY_OK(imported);
    QCOMPARE(imported->account, 2u);
    QVERIFY(imported->consensus.public_key() == keys->consensus.public_key());
    QVERIFY(imported->vrf.public_key() == keys->vrf.public_key());
    QVERIFY(crypto::ConstantTimeEqual(imported->consensus.seed(), keys->consensus.seed()));
    QVERIFY(crypto::ConstantTimeEqual(imported->vrf.seed(), keys->vrf.seed()));
    // Re-indenting or reordering JSON is harmless.
    const std::string compact = QJsonDocument(root).toJson(QJsonDocument::Compact).toStdString();
    CAIRN_VERIFY_OK(ImportValidatorKeys(compact, "export pass", Devnet()));
  }

  void validatorImportRefusesWhatItMust() {
    QTemporaryDir dir;
    auto w = RestoredWallet(dir);
    auto exported = w->ExportValidatorKeys(0, "export pass");
    CAIRN_VERIFY_OK(exported);
    const std::string& json = *exported;
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(json, "wrong pass", Devnet()), WrongPassphrase);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(json, "export pass", chain::ChainId::Unchecked("testnet")), WrongChain);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys("not json", "export pass", Devnet()), InvalidInput);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys("{\"type\": \"something-else\"}", "export pass", Devnet()), InvalidInput);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(std::string(VALIDATOR_EXPORT_MAX_BYTES + 1, ' '), "export pass", Devnet()),
                       InvalidInput);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "version", 2), "export pass", Devnet()), FutureVersion);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "extra", 1), "export pass", Devnet()), Damaged);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "account", "0"), "export pass", Devnet()), Damaged);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "kdf.salt", "00"), "export pass", Devnet()), Damaged);
    // A file may not make the importer allocate without bound.
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "kdf.memlimit", 1e12), "export pass", Devnet()), Damaged);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "kdf.opslimit", 1000), "export pass", Devnet()), Damaged);

    // Every value is bound by the associated data: changing one (consistently) fails authentication.
    const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "account", 1), "export pass", Devnet()), WrongPassphrase);
    CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, "kdf.opslimit", 2), "export pass", Devnet()), WrongPassphrase);
    for (const char* member : {"consensus_public_key", "vrf_public_key"}) {
      CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, member, FlipHexDigit(root[member].toString(), 5)),
                                             "export pass", Devnet()),
                         WrongPassphrase);
    }
    for (const char* member : {"kdf.salt", "cipher.nonce", "cipher.ciphertext"}) {
      const QStringList parts = QString::fromLatin1(member).split('.');
      const QString value = root[parts[0]].toObject()[parts[1]].toString();
      for (const int index : {0, static_cast<int>(value.size()) - 1}) {  // first byte, and the tag's last
        CAIRN_VERIFY_ERROR(ImportValidatorKeys(EditExport(json, member, FlipHexDigit(value, index)), "export pass", Devnet()),
                           WrongPassphrase);
      }
    }
  }
};

CAIRN_REGISTER_TEST(TestKeystoreAccounts);

#include "test_keystore_accounts.moc"
