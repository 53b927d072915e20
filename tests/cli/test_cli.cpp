// Functional tests of the `cairn` executable: start-up options and every `cairn util` subcommand,
// run as a real process. Success paths are checked against published vectors (RFC 8032, FIPS 180,
// BIP-39, RFC 9381) or against the libraries; every failure path must exit with status 1 and exactly
// one line on stderr, never a crash.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "chain/address.h"
#include "chain/genesis.h"
#include "chain/transaction.h"
#include "cli_runner.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "state/genesis_state.h"
#include "util/hex.h"
#include "vectors.h"
#include "wallet/bip39.h"
#include "wallet/slip10.h"

namespace {

using cairn::test::Field;
using cairn::test::RunResult;

RunResult Run(const QStringList& args, const QByteArray& input = {}) { return cairn::test::RunCairn(args, input); }

const QString RFC8032_SEED = QStringLiteral("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const QString RFC8032_PUB = QStringLiteral("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const QString RFC8032_SIG = QStringLiteral(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
const QString VECTOR_MNEMONIC = QStringLiteral(
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about");

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

 private slots:
  void versionAndHelp() {
    const auto v = Run({QStringLiteral("--version")});
    QCOMPARE(v.exit_code, 0);
    QVERIFY(v.out.startsWith(QStringLiteral("cairn 0.")));
    const auto h = Run({QStringLiteral("--help")});
    QCOMPARE(h.exit_code, 0);
    for (const char* opt : {"--datadir", "--network", "--daemon", "--version"}) QVERIFY(h.out.contains(opt));
  }

  void badStartupOptions() {
    VERIFY_INVALID(Run({QStringLiteral("--network"), QStringLiteral("moon")}), "unknown network 'moon'");
    VERIFY_INVALID(Run({QStringLiteral("--no-such-option")}), "no-such-option");
    VERIFY_INVALID(Run({QStringLiteral("frobnicate")}), "unknown command 'frobnicate'");
    VERIFY_INVALID(Run({QStringLiteral("--debug"), QStringLiteral("net=loud"), QStringLiteral("--datadir"),
                        QDir::tempPath() + QStringLiteral("/cairn-cli-test-unused")}),
                   "net=loud");
  }

  void badRpcOptions() {
    VERIFY_INVALID(Run({QStringLiteral("--rpc-port"), QStringLiteral("70000")}), "--rpc-port must be a port number");
    VERIFY_INVALID(Run({QStringLiteral("--metrics-port"), QStringLiteral("http")}), "--metrics-port must be a port number");
    VERIFY_INVALID(Run({QStringLiteral("--rpc-bind"), QStringLiteral("example.org")}), "is not an IP address");
    VERIFY_INVALID(Run({QStringLiteral("--metrics-bind"), QStringLiteral("::zz")}), "is not an IP address");
    // Credentials must never cross the network in clear text.
    VERIFY_INVALID(Run({QStringLiteral("--rpc-bind"), QStringLiteral("0.0.0.0")}), "--rpc-tls-cert and --rpc-tls-key");
    VERIFY_INVALID(Run({QStringLiteral("--rpc-tls-cert"), QStringLiteral("cert.pem")}), "go together");
    const auto h = Run({QStringLiteral("--help")});
    for (const char* opt : {"--rpc-port", "--rpc-bind", "--rpc-auth", "--rpc-tls-cert", "--rpc-cors", "--metrics-port", "--no-rpc"}) {
      QVERIFY2(h.out.contains(opt), opt);
    }
  }

  void daemonStartCreatesDataFolderAndLog() {
    QTemporaryDir dir;
    const auto r = Run({QStringLiteral("--daemon"), QStringLiteral("--quiet"), QStringLiteral("--network"),
                        QStringLiteral("testnet"), QStringLiteral("--datadir"), dir.path()});
    QCOMPARE(r.exit_code, 0);
    QVERIFY(r.err.isEmpty());  // --quiet: the log file only
    QFile log(dir.filePath(QStringLiteral("testnet/debug.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(log.readAll());
    QVERIFY2(text.contains(QStringLiteral("network testnet")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("headless")));
  }

  void utilRpcAuth() {
    // The entry's hmac is HMAC-SHA256(key = salt, msg = password), checked here with Qt's own HMAC.
    const auto check = [](const QString& entry, const QString& user, const QString& password) {
      QVERIFY2(entry.startsWith(QStringLiteral("--rpc-auth=") + user + QLatin1Char(':')), qPrintable(entry));
      const QString rest = entry.mid(QStringLiteral("--rpc-auth=").size() + user.size() + 1);
      const auto parts = rest.split(QLatin1Char('$'));
      QCOMPARE(parts.size(), 2);
      QCOMPARE(parts[0].size(), 32);  // 16 random bytes in hex
      const QByteArray want = QMessageAuthenticationCode::hash(password.toUtf8(), parts[0].toUtf8(),
                                                               QCryptographicHash::Sha256).toHex();
      QCOMPARE(parts[1].toUtf8(), want);
    };
    const auto given = Run({QStringLiteral("util"), QStringLiteral("rpcauth"), QStringLiteral("alice"),
                            QStringLiteral("--password"), QStringLiteral("correct horse")});
    QCOMPARE(given.exit_code, 0);
    check(Field(given, QStringLiteral("rpcauth")), QStringLiteral("alice"), QStringLiteral("correct horse"));
    QVERIFY(!given.out.contains(QStringLiteral("password:")));  // a given password is not echoed
    const auto again = Run({QStringLiteral("util"), QStringLiteral("rpcauth"), QStringLiteral("alice"),
                            QStringLiteral("--password"), QStringLiteral("correct horse")});
    QVERIFY(Field(again, QStringLiteral("rpcauth")) != Field(given, QStringLiteral("rpcauth")));  // fresh salt
    const auto generated = Run({QStringLiteral("util"), QStringLiteral("rpcauth"), QStringLiteral("bob")});
    QCOMPARE(generated.exit_code, 0);
    const QString password = Field(generated, QStringLiteral("password"));
    QCOMPARE(password.size(), 64);
    check(Field(generated, QStringLiteral("rpcauth")), QStringLiteral("bob"), password);
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("rpcauth"), QStringLiteral("a:b")}), "");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("rpcauth")}), "");
  }

  void utilTransfer() {
    QTemporaryDir dir;
    const auto sender = *cairn::crypto::SecretKey::FromSeed(cairn::util::Bytes(32, 7));
    const auto validator = *cairn::crypto::SecretKey::FromSeed(cairn::util::Bytes(32, 9));
    const cairn::state::DevnetValidatorKeys v{cairn::chain::AddressFromPublicKey(validator.public_key()),
                                              validator.public_key(), validator.public_key(), "v0"};
    const auto genesis = cairn::state::MakeDevnetGenesis({&v, 1}, 1'700'000'000'000);
    const QString genesis_path = dir.filePath(QStringLiteral("genesis.json"));
    QVERIFY(cairn::chain::SaveGenesisFile(genesis_path.toStdString(), genesis, cairn::chain::TESTNET_HRP));
    const QString to = QString::fromStdString(cairn::chain::EncodeAddress(
        cairn::chain::AddressFromPublicKey(validator.public_key()), cairn::chain::TESTNET_HRP));
    const QString key_hex = QString::fromStdString(cairn::util::ToHex(sender.seed()));
    const QStringList base = {QStringLiteral("util"), QStringLiteral("transfer"), QStringLiteral("--genesis"),
                              genesis_path, QStringLiteral("--to"), to, QStringLiteral("--nonce"), QStringLiteral("3")};

    // The key on standard input; the printed encoding decodes to exactly what was asked, correctly signed.
    const auto r = Run(base + QStringList{QStringLiteral("--amount"), QStringLiteral("1.5")}, key_hex.toUtf8() + "\n");
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    auto bytes = cairn::util::ParseHex(Field(r, QStringLiteral("tx")).toStdString());
    QVERIFY(bytes.has_value());
    auto tx = cairn::chain::DecodeTransaction(*bytes);
    QVERIFY(tx.has_value());
    QCOMPARE(tx->nonce, 3u);
    QCOMPARE(tx->sender, sender.public_key());
    QCOMPARE(std::get<cairn::chain::Transfer>(tx->payload).amount, 150'000'000u);
    QCOMPARE(tx->fee, 10'000u);
    QVERIFY(cairn::chain::VerifyTransactionSignature(*tx, cairn::chain::ComputeGenesisHash(genesis)));
    QCOMPARE(Field(r, QStringLiteral("id")), QString::fromStdString(cairn::util::ToHex(cairn::chain::ComputeTxId(*tx).span())));

    VERIFY_INVALID(Run(base + QStringList{QStringLiteral("--amount"), QStringLiteral("1.123456789")}, key_hex.toUtf8() + "\n"),
                   "--amount");
    VERIFY_INVALID(Run(base + QStringList{QStringLiteral("--amount"), QStringLiteral("1"), QStringLiteral("--to"),
                                          QStringLiteral("cairn1qqqq")},
                       key_hex.toUtf8() + "\n"),
                   "--to");
    VERIFY_INVALID(Run(base + QStringList{QStringLiteral("--amount"), QStringLiteral("1"), QStringLiteral("--fee"),
                                          QStringLiteral("0")},
                       key_hex.toUtf8() + "\n"),
                   "fee");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("transfer"), QStringLiteral("--genesis"),
                        dir.filePath(QStringLiteral("missing.json")), QStringLiteral("--to"), to, QStringLiteral("--amount"),
                        QStringLiteral("1"), QStringLiteral("--nonce"), QStringLiteral("0")},
                       key_hex.toUtf8() + "\n"),
                   "--genesis");
  }

  void utilUsage() {
    const auto none = Run({QStringLiteral("util")});
    QCOMPARE(none.exit_code, 1);
    QVERIFY(none.err.contains(QStringLiteral("vrf-prove")));
    const auto help = Run({QStringLiteral("util"), QStringLiteral("--help")});
    QCOMPARE(help.exit_code, 0);
    for (const char* sub : {"mnemonic", "derive", "address", "sign", "verify", "vrf-prove", "vrf-verify", "bech32m", "hash"}) {
      QVERIFY2(help.out.contains(sub), sub);
    }
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("teleport")}), "unknown subcommand 'teleport'");
    const auto sub_help = Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--help")});
    QCOMPARE(sub_help.exit_code, 0);
    QVERIFY(sub_help.out.contains(QStringLiteral("Usage: cairn util derive --path")));
  }

  void mnemonicNewAndCheck() {
    for (int words : {12, 24}) {
      const auto r = Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("new"),
                          QStringLiteral("--words"), QString::number(words)});
      QCOMPARE(r.exit_code, 0);
      const QString m = Field(r, QStringLiteral("mnemonic"));
      QCOMPARE(m.split(' ').size(), words);
      QVERIFY(cairn::wallet::ParseMnemonic(m.toStdString()).has_value());
      const auto check = Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("check")}, m.toUtf8() + "\n");
      QCOMPARE(check.exit_code, 0);
      QVERIFY(Field(check, QStringLiteral("valid")).startsWith(QString::number(words)));
    }
    const auto def = Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("new")});
    QCOMPARE(Field(def, QStringLiteral("mnemonic")).split(' ').size(), 24);
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("new"), QStringLiteral("--words"),
                        QStringLiteral("13")}),
                   "13");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("new"), QStringLiteral("--words"),
                        QStringLiteral("many")}),
                   "--words");
    QString swapped = VECTOR_MNEMONIC;
    swapped.replace(QStringLiteral("about"), QStringLiteral("abandon"));
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("check"),
                        QStringLiteral("--mnemonic"), swapped}),
                   "checksum");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("check"),
                        QStringLiteral("--mnemonic"), VECTOR_MNEMONIC + QStringLiteral(" zzzz")}),
                   "13");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("mnemonic"), QStringLiteral("check")}), "standard input");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("mnemonic")}), "'new' or 'check'");
  }

  void deriveFromASeedFile() {
    QTemporaryDir dir;
    const cairn::util::Bytes seed(32, 0x5a);
    QFile file(dir.filePath(QStringLiteral("devnet_validator.key")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(cairn::util::ToHex(seed) + "\n"));
    file.close();
    const QString path = QStringLiteral("m/44'/7337'/0'/0'/0'");
    const auto r = Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--seed-file"), file.fileName(),
                        QStringLiteral("--path"), path});
    QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    const auto parsed = cairn::wallet::ParseDerivationPath(path.toStdString());
    const auto want = cairn::wallet::SigningKey(*cairn::wallet::Slip10Derive(seed, *parsed));
    QCOMPARE(Field(r, QStringLiteral("private")), QString::fromStdString(cairn::util::ToHex(want.seed())));
    // A file that is not a seed: named, never quoted.
    QFile bad(dir.filePath(QStringLiteral("bad.key")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("not hex at all\n");
    bad.close();
    const auto refused = Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--seed-file"),
                              bad.fileName(), QStringLiteral("--path"), path});
    VERIFY_INVALID(refused, "bad.key: not a seed");
    QVERIFY(!refused.err.contains(QStringLiteral("not hex at all")));
  }

  void deriveMatchesTheWalletLibrary() {
    const QString path = QStringLiteral("m/44'/7337'/0'/0'/3'");
    auto mnemonic = cairn::wallet::ParseMnemonic(VECTOR_MNEMONIC.toStdString());
    QVERIFY(mnemonic.has_value());
    auto seed = cairn::wallet::MnemonicToSeed(*mnemonic, "TREZOR");
    QVERIFY(seed.has_value());
    const auto extended =
        cairn::wallet::Slip10Derive(seed->span(), *cairn::wallet::ParseDerivationPath(path.toStdString()));
    QVERIFY(extended.has_value());
    const auto key = cairn::wallet::SigningKey(*extended);
    const QString want_pub = QString::fromStdString(cairn::util::ToHex(key.public_key().span()));

    const auto r = Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--mnemonic"), VECTOR_MNEMONIC,
                        QStringLiteral("--passphrase"), QStringLiteral("TREZOR"), QStringLiteral("--path"), path});
    QCOMPARE(r.exit_code, 0);
    QCOMPARE(Field(r, QStringLiteral("public")), want_pub);
    QCOMPARE(Field(r, QStringLiteral("private")), QString::fromStdString(cairn::util::ToHex(key.seed())));
    QCOMPARE(Field(r, QStringLiteral("address")),
             QString::fromStdString(cairn::chain::EncodeAddress(cairn::chain::AddressFromPublicKey(key.public_key()),
                                                                cairn::chain::MAINNET_HRP)));
    QVERIFY(Field(r, QStringLiteral("address")).startsWith(QStringLiteral("cairn1")));

    // The mnemonic may come on standard input, and the testnet prefix on request.
    const auto piped = Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--passphrase"),
                            QStringLiteral("TREZOR"), QStringLiteral("--path"), path, QStringLiteral("--network"),
                            QStringLiteral("testnet")},
                           VECTOR_MNEMONIC.toUtf8() + "\n");
    QCOMPARE(piped.exit_code, 0);
    QCOMPARE(Field(piped, QStringLiteral("public")), want_pub);
    QVERIFY(Field(piped, QStringLiteral("address")).startsWith(QStringLiteral("tcairn1")));

    // A different passphrase is a different wallet.
    const auto other = Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--mnemonic"),
                            VECTOR_MNEMONIC, QStringLiteral("--path"), path});
    QCOMPARE(other.exit_code, 0);
    QVERIFY(Field(other, QStringLiteral("public")) != want_pub);

    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--mnemonic"), VECTOR_MNEMONIC}),
                   "--path");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--mnemonic"), VECTOR_MNEMONIC,
                        QStringLiteral("--path"), QStringLiteral("m/44/0")}),
                   "44");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--mnemonic"), VECTOR_MNEMONIC,
                        QStringLiteral("--path"), path, QStringLiteral("--network"), QStringLiteral("moon")}),
                   "moon");
  }

  void addressOfPublicKey() {
    const auto r = Run({QStringLiteral("util"), QStringLiteral("address"), RFC8032_PUB});
    QCOMPARE(r.exit_code, 0);
    const auto pub = cairn::crypto::PublicKey::FromSpan(*cairn::util::ParseHex(RFC8032_PUB.toStdString()));
    QCOMPARE(Field(r, QStringLiteral("address")),
             QString::fromStdString(cairn::chain::EncodeAddress(cairn::chain::AddressFromPublicKey(pub), "cairn")));
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("address"), QStringLiteral("abcd")}), "32 bytes");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("address"), QStringLiteral("xyz")}), "hex");
    // The identity point is a valid encoding but of small order: never a key.
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("address"),
                        QStringLiteral("0100000000000000000000000000000000000000000000000000000000000000")}),
                   "prime order");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("address")}), "PUBKEY");
  }

  void signAndVerifyRfc8032() {
    // RFC 8032 section 7.1, test 1: empty message.
    const auto s = Run({QStringLiteral("util"), QStringLiteral("sign"), QStringLiteral("--msg"), QString(),
                        QStringLiteral("--key"), RFC8032_SEED});
    QCOMPARE(s.exit_code, 0);
    QCOMPARE(Field(s, QStringLiteral("signature")), RFC8032_SIG);
    QCOMPARE(Field(s, QStringLiteral("public")), RFC8032_PUB);
    const auto piped = Run({QStringLiteral("util"), QStringLiteral("sign"), QStringLiteral("--msg"), QStringLiteral("")},
                           RFC8032_SEED.toUtf8() + "\n");
    QCOMPARE(Field(piped, QStringLiteral("signature")), RFC8032_SIG);

    const auto v = Run({QStringLiteral("util"), QStringLiteral("verify"), QStringLiteral("--pubkey"), RFC8032_PUB,
                        QStringLiteral("--msg"), QString(), QStringLiteral("--sig"), RFC8032_SIG});
    QCOMPARE(v.exit_code, 0);
    QCOMPARE(Field(v, QStringLiteral("signature")), QStringLiteral("valid"));
    QString bad_sig = RFC8032_SIG;
    bad_sig[0] = QLatin1Char('f');
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("verify"), QStringLiteral("--pubkey"), RFC8032_PUB,
                        QStringLiteral("--msg"), QString(), QStringLiteral("--sig"), bad_sig}),
                   "NOT valid");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("verify"), QStringLiteral("--pubkey"), RFC8032_PUB,
                        QStringLiteral("--msg"), QStringLiteral("00"), QStringLiteral("--sig"), RFC8032_SIG}),
                   "NOT valid");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("verify"), QStringLiteral("--pubkey"), RFC8032_PUB,
                        QStringLiteral("--msg"), QString(), QStringLiteral("--sig"), QStringLiteral("00")}),
                   "64 bytes");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("verify"), QStringLiteral("--pubkey"), RFC8032_PUB}), "--msg");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("sign"), QStringLiteral("--msg"), QStringLiteral("0g"),
                        QStringLiteral("--key"), RFC8032_SEED}),
                   "hex");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("sign"), QStringLiteral("--msg"), QStringLiteral("00"),
                        QStringLiteral("--key"), QStringLiteral("1234")}),
                   "32 bytes");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("sign"), QStringLiteral("--msg"), QStringLiteral("00")}),
                   "standard input");
  }

  void vrfProveAndVerify() {
    CAIRN_LOAD_VECTORS(doc, QStringLiteral("ecvrf_edwards25519_sha512_tai.json"));
    const QJsonArray cases = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("vectors")).toArray();
    QVERIFY2(!cases.isEmpty(), "no ECVRF vectors found");
    for (const auto& item : cases) {
      const QJsonObject c = item.toObject();
      const QString sk = c.value(QStringLiteral("sk")).toString();
      const QString pk = c.value(QStringLiteral("pk")).toString();
      const QString alpha = c.value(QStringLiteral("alpha")).toString();
      const QString pi = c.value(QStringLiteral("pi")).toString();
      const QString beta = c.value(QStringLiteral("beta")).toString();
      QVERIFY2(!sk.isEmpty() && !pi.isEmpty() && !beta.isEmpty(), "unexpected ECVRF vector layout");
      const auto p = Run({QStringLiteral("util"), QStringLiteral("vrf-prove"), QStringLiteral("--key"), sk,
                          QStringLiteral("--alpha"), alpha});
      QCOMPARE(p.exit_code, 0);
      QCOMPARE(Field(p, QStringLiteral("proof")), pi);
      QCOMPARE(Field(p, QStringLiteral("beta")), beta);
      const auto v = Run({QStringLiteral("util"), QStringLiteral("vrf-verify"), QStringLiteral("--pubkey"), pk,
                          QStringLiteral("--alpha"), alpha, QStringLiteral("--proof"), pi});
      QCOMPARE(v.exit_code, 0);
      QCOMPARE(Field(v, QStringLiteral("beta")), beta);
      VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("vrf-verify"), QStringLiteral("--pubkey"), pk,
                          QStringLiteral("--alpha"), alpha + QStringLiteral("00"), QStringLiteral("--proof"), pi}),
                     "NOT valid");
    }
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("vrf-verify"), QStringLiteral("--pubkey"), RFC8032_PUB,
                        QStringLiteral("--alpha"), QString(), QStringLiteral("--proof"), QStringLiteral("00")}),
                   "80 bytes");
  }

  void bech32mEncodeDecode() {
    const auto e = Run({QStringLiteral("util"), QStringLiteral("bech32m"), QStringLiteral("encode"), QStringLiteral("cairn"),
                        QStringLiteral("00112233445566778899aabbccddeeff00112233")});
    QCOMPARE(e.exit_code, 0);
    const QString text = Field(e, QStringLiteral("bech32m"));
    QVERIFY(text.startsWith(QStringLiteral("cairn1")));
    const auto d = Run({QStringLiteral("util"), QStringLiteral("bech32m"), QStringLiteral("decode"), text});
    QCOMPARE(d.exit_code, 0);
    QCOMPARE(Field(d, QStringLiteral("hrp")), QStringLiteral("cairn"));
    QCOMPARE(Field(d, QStringLiteral("data")), QStringLiteral("00112233445566778899aabbccddeeff00112233"));
    // BIP-350's first valid test string: HRP "a", no data.
    const auto bip = Run({QStringLiteral("util"), QStringLiteral("bech32m"), QStringLiteral("decode"), QStringLiteral("A1LQFN3A")});
    QCOMPARE(bip.exit_code, 0);
    QCOMPARE(Field(bip, QStringLiteral("hrp")), QStringLiteral("a"));
    QString corrupt = text;
    corrupt[corrupt.size() - 1] = corrupt.endsWith('q') ? QLatin1Char('p') : QLatin1Char('q');
    const auto bad = Run({QStringLiteral("util"), QStringLiteral("bech32m"), QStringLiteral("decode"), corrupt});
    QCOMPARE(bad.exit_code, 1);
    QVERIFY(!bad.err.trimmed().isEmpty() && bad.err.trimmed().count('\n') == 0);
    // A BIP-173 (bech32, not bech32m) string must be refused.
    const auto old = Run({QStringLiteral("util"), QStringLiteral("bech32m"), QStringLiteral("decode"), QStringLiteral("a12uel5l")});
    QCOMPARE(old.exit_code, 1);
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("bech32m"), QStringLiteral("encode"), QStringLiteral("cairn"),
                        QStringLiteral("0")}),
                   "hex");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("bech32m")}), "encode HRP HEX");
  }

  void hashes() {
    const auto abc = Run({QStringLiteral("util"), QStringLiteral("hash"), QStringLiteral("--text"), QStringLiteral("abc")});
    QCOMPARE(abc.exit_code, 0);
    QCOMPARE(Field(abc, QStringLiteral("sha256")),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const auto hex = Run({QStringLiteral("util"), QStringLiteral("hash"), QStringLiteral("616263")});
    QCOMPARE(Field(hex, QStringLiteral("sha256")), Field(abc, QStringLiteral("sha256")));
    const auto tagged = Run({QStringLiteral("util"), QStringLiteral("hash"), QStringLiteral("--tag"), QStringLiteral("addr"),
                             RFC8032_PUB});
    QCOMPARE(tagged.exit_code, 0);
    const auto pub = *cairn::util::ParseHex(RFC8032_PUB.toStdString());
    QCOMPARE(Field(tagged, QStringLiteral("sha256")),
             QString::fromStdString(cairn::util::ToHex(cairn::crypto::TaggedHash("addr", pub).span())));
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("hash"), QStringLiteral("abc")}), "hex");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("hash"), QStringLiteral("--tag"), QStringLiteral("a b"),
                        QStringLiteral("00")}),
                   "ASCII");
    VERIFY_INVALID(Run({QStringLiteral("util"), QStringLiteral("hash")}), "INPUT");
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
