// Secrets never leave the keystore through logging or error messages. A full scenario runs with every
// log category at trace level into a file; afterwards the file and every error message the scenario
// received are searched for the mnemonic (whole, and every pair of consecutive words), the entropy, the
// seed, every key handed out (hex in either case, and any 16-digit run of it), and the passphrases.
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "chain/address.h"
#include "keystore_test_util.h"
#include "test_registry.h"
#include "util/hex.h"
#include "util/log.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;

namespace {

std::string Upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Collects error messages as the scenario runs.
struct Errors {
  std::vector<std::string> messages;
  template <class R>
  void Note(const R& result) {
    if (!result) messages.push_back(result.error().message);
  }
};

}  // namespace

class TestKeystoreSecrets : public QObject {
  Q_OBJECT

 private slots:
  void secretsNeverReachLogsOrErrors() {
    QTemporaryDir dir;
    const std::string log_path = dir.filePath("scenario.log").toStdString();
    util::LogConfig config;
    config.levels.fill(util::LogLevel::Trace);
    config.to_stderr = false;
    config.file_path = log_path;
    QVERIFY(util::ConfigureLogging(config).has_value());

    const std::string wallet_pass = "Wallet-Passphrase-7f3a";
    const std::string new_pass = "Changed-Passphrase-91bc";
    const std::string export_pass = "Export-Passphrase-55d0";
    const std::string bip39_pass = "Bip39-Passphrase-c4e2";
    const std::string path = dir.filePath("main.wallet").toStdString();
    util::ManualClock clock(1'000'000);
    Errors errors;
    std::vector<std::string> secrets_hex;
    std::string mnemonic;
    {
      auto created = Keystore::Create(path, Devnet(), wallet_pass, 24, FastOptions(&clock));
      CAIRN_VERIFY_OK(created);
      Keystore& w = *created->keystore;
      mnemonic = Text(created->mnemonic);
      auto words = SplitWords(mnemonic);
      errors.Note(w.CreateAccount("too early"));
      // Confirmation attempts that are almost right: one word replaced, two swapped, one misspelt.
      auto replaced = words;
      replaced[7] = replaced[7] == "abandon" ? "ability" : "abandon";
      auto swapped = words;
      std::swap(swapped[3], swapped[4]);
      auto misspelt = words;
      misspelt[10] += "x";
      for (const auto& attempt : {replaced, swapped, misspelt}) {
        std::string text;
        for (const auto& word : attempt) text += word + " ";
        errors.Note(w.ConfirmMnemonic(text));
      }
      CAIRN_VERIFY_OK(w.ConfirmMnemonic(mnemonic));
      for (const char* label : {"main", "savings"}) {
        auto account = w.CreateAccount(label);
        CAIRN_VERIFY_OK(account);
        auto key = w.SigningKey(account->index);
        CAIRN_VERIFY_OK(key);
        secrets_hex.push_back(util::ToHex(key->seed()));
        CAIRN_VERIFY_OK(w.Sign(account->index, util::AsBytes("pay 1 CAIRN")));
        errors.Note(w.AddContact(account->address_text, "\x01" "bad"));
      }
      errors.Note(w.SigningKey(5));
      auto validator = w.ValidatorKeys(0);
      CAIRN_VERIFY_OK(validator);
      secrets_hex.push_back(util::ToHex(validator->consensus.seed()));
      secrets_hex.push_back(util::ToHex(validator->vrf.seed()));
      auto exported = w.ExportValidatorKeys(0, export_pass);
      CAIRN_VERIFY_OK(exported);
      errors.Note(ImportValidatorKeys(*exported, "wrong " + export_pass, Devnet()));
      errors.Note(ImportValidatorKeys(*exported, export_pass, chain::ChainId::Unchecked("testnet")));
      CAIRN_VERIFY_OK(ImportValidatorKeys(*exported, export_pass, Devnet()));
      w.Lock();
      errors.Note(w.SigningKey(0));
      errors.Note(w.Unlock(wallet_pass + "x"));
      errors.Note(w.Unlock(wallet_pass));  // throttled
      clock.AdvanceMs(250);
      CAIRN_VERIFY_OK(w.Unlock(wallet_pass));
      errors.Note(w.ChangePassphrase(new_pass, wallet_pass));
      clock.AdvanceMs(250);
      CAIRN_VERIFY_OK(w.ChangePassphrase(wallet_pass, new_pass));
      CAIRN_VERIFY_OK(w.BackupTo(dir.filePath("backup.wallet").toStdString()));
      errors.Note(w.BackupTo(dir.filePath("backup.wallet").toStdString()));
      w.SetAutoLock(std::chrono::seconds(1));
      clock.AdvanceMs(1000);
      QVERIFY(w.MaybeAutoLock());
    }
    // Restores with the same words: a typo, then a BIP-39 passphrase.
    std::string typo = mnemonic;
    typo.insert(typo.find(' '), "q");
    errors.Note(Keystore::Restore(dir.filePath("typo.wallet").toStdString(), Devnet(), typo, "", wallet_pass, FastOptions()));
    {
      auto restored = Keystore::Restore(dir.filePath("restored.wallet").toStdString(), Devnet(), mnemonic, bip39_pass,
                                        wallet_pass, FastOptions());
      CAIRN_VERIFY_OK(restored);
      auto account = (*restored)->CreateAccount("restored");
      CAIRN_VERIFY_OK(account);
      auto key = (*restored)->SigningKey(0);
      CAIRN_VERIFY_OK(key);
      secrets_hex.push_back(util::ToHex(key->seed()));
      errors.Note((*restored)->ConfirmMnemonic(typo));
    }
    {
      auto reopened = Keystore::Open(path, Devnet(), FastOptions(&clock));
      CAIRN_VERIFY_OK(reopened);
      errors.Note((*reopened)->Unlock(wallet_pass));
      clock.AdvanceMs(250);
      CAIRN_VERIFY_OK((*reopened)->Unlock(new_pass));
    }
    errors.Note(Keystore::Open(path, chain::ChainId::Unchecked("testnet"), FastOptions()));

    util::LogConfig quiet;  // back to stderr only before reading the file
    QVERIFY(util::ConfigureLogging(quiet).has_value());

    const auto seed = SeedOf(mnemonic);
    secrets_hex.push_back(util::ToHex(seed.span()));
    secrets_hex.push_back(util::ToHex(MnemonicToEntropy(*ParseMnemonic(mnemonic)).span()));
    secrets_hex.push_back(util::ToHex(SeedOf(mnemonic, bip39_pass).span()));

    std::vector<std::string> needles = {mnemonic, wallet_pass, new_pass, export_pass, bip39_pass, typo};
    const auto words = SplitWords(mnemonic);
    for (std::size_t i = 0; i + 1 < words.size(); ++i) needles.push_back(words[i] + " " + words[i + 1]);
    for (const auto& hex : secrets_hex) {
      for (std::size_t i = 0; i + 16 <= hex.size(); ++i) {
        needles.push_back(hex.substr(i, 16));
        needles.push_back(Upper(hex.substr(i, 16)));
      }
    }

    const util::Bytes log_bytes = ReadFileBytes(log_path);
    const std::string log(log_bytes.begin(), log_bytes.end());
    QVERIFY2(log.find("unlocked wallet") != std::string::npos, "the scenario's log lines were not captured");
    QVERIFY(log.find("wrong passphrase") != std::string::npos);
    QVERIFY(errors.messages.size() >= 15);
    std::string all_errors;
    for (const auto& m : errors.messages) all_errors += m + "\n";
    for (const auto& needle : needles) {
      QVERIFY2(log.find(needle) == std::string::npos, "a secret appears in the log");
      QVERIFY2(all_errors.find(needle) == std::string::npos, "a secret appears in an error message");
    }
    // The misspelt words the user typed are not echoed either.
    QVERIFY(all_errors.find(words[10] + "x") == std::string::npos);
    qInfo("%zu log bytes and %zu error messages searched for %zu secret strings", log.size(), errors.messages.size(),
          needles.size());
  }
};

CAIRN_REGISTER_TEST(TestKeystoreSecrets);

#include "test_keystore_secrets.moc"
