#include "util_command.h"

#include <QTextStream>

#include <functional>
#include <array>
#include <limits>
#include <map>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/bech32.h"
#include "chain/genesis.h"
#include "chain/transaction.h"
#include "crypto/ecvrf.h"
#include "crypto/ed25519.h"
#include "crypto/secure_memory.h"
#include "crypto/sha256.h"
#include "rpc/auth.h"
#include "util/hex.h"
#include "util_io.h"
#include "wallet/bip39.h"
#include "wallet/slip10.h"

namespace cairn::app {
namespace {

QString HexOf(util::ByteSpan bytes) { return QString::fromStdString(util::ToHex(bytes)); }

QString ToQString(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

std::string_view AsText(const crypto::SecureBuffer& secret) {
  return {reinterpret_cast<const char*>(secret.data()), secret.size()};
}

QCommandLineOption NetworkOption() {
  return {QStringLiteral("network"), QStringLiteral("Address prefix: mainnet (cairn), testnet or devnet (tcairn)."),
          QStringLiteral("name"), QStringLiteral("mainnet")};
}

std::optional<std::string> Hrp(UtilInvocation& inv, const QCommandLineOption& network) {
  auto hrp = HrpForNetwork(inv.parser().value(network));
  if (!hrp) inv.Fail(QStringLiteral("unknown network '%1' (mainnet, testnet, devnet)").arg(inv.parser().value(network)));
  return hrp;
}

// Reads the 32-byte Ed25519 seed of --key (or standard input) into a signing key.
std::optional<crypto::SecretKey> SigningKeyFrom(UtilInvocation& inv, const QCommandLineOption& key_opt) {
  auto secret = inv.Secret(key_opt, QStringLiteral("private key"));
  if (!secret) return std::nullopt;
  const std::string_view hex_text = util::StripHexPrefix(AsText(*secret));
  if (hex_text.size() != 2 * crypto::ED25519_SEED_SIZE) {
    inv.Fail(QStringLiteral("private key must be 32 bytes (64 hex digits)"));
    return std::nullopt;
  }
  crypto::SecureBuffer seed(crypto::ED25519_SEED_SIZE);
  auto parsed = util::ParseHex(hex_text);
  if (!parsed) {
    inv.Fail(QStringLiteral("private key is not hex"));
    return std::nullopt;
  }
  std::copy(parsed->begin(), parsed->end(), seed.data());
  crypto::Wipe(*parsed);
  return crypto::SecretKey::FromSeed(seed.span());
}

std::optional<util::FixedBytes<32>> PublicKeyFrom(UtilInvocation& inv, const QString& text) {
  auto bytes = inv.Hex(text, QStringLiteral("public key"), 32);
  if (!bytes) return std::nullopt;
  const auto key = crypto::PublicKey::FromSpan(*bytes);
  if (!crypto::IsValidPublicKey(key)) {
    inv.Fail(QStringLiteral("public key is not a valid Ed25519 point of prime order"));
    return std::nullopt;
  }
  return key;
}

int MnemonicNew(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("mnemonic new"), QStringLiteral("[--words N]"),
                     QStringLiteral("Generate a new BIP-39 English mnemonic from the system's random source."));
  const QCommandLineOption words_opt(QStringLiteral("words"), QStringLiteral("Word count: 12, 15, 18, 21 or 24."),
                                     QStringLiteral("N"), QStringLiteral("24"));
  inv.parser().addOption(words_opt);
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  bool ok = false;
  const uint words = inv.parser().value(words_opt).toUInt(&ok);
  if (!ok) return inv.Fail(QStringLiteral("--words must be a number: 12, 15, 18, 21 or 24"));
  auto mnemonic = wallet::GenerateMnemonic(words);
  if (!mnemonic) return inv.Fail(QString::fromStdString(mnemonic.error().message));
  UtilInvocation::Print(QStringLiteral("mnemonic"), ToQString(mnemonic->text()));
  return EXIT_OK;
}

int MnemonicCheck(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("mnemonic check"), QStringLiteral("[--mnemonic WORDS]"),
                     QStringLiteral("Check a BIP-39 mnemonic's words and checksum. Without --mnemonic, reads one "
                                    "line from standard input."));
  const QCommandLineOption mnemonic_opt(QStringLiteral("mnemonic"), QStringLiteral("The mnemonic words."),
                                        QStringLiteral("words"));
  inv.parser().addOption(mnemonic_opt);
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  auto text = inv.Secret(mnemonic_opt, QStringLiteral("mnemonic"));
  if (!text) return EXIT_INVALID;
  auto mnemonic = wallet::ParseMnemonic(AsText(*text));
  if (!mnemonic) return inv.Fail(QString::fromStdString(mnemonic.error().message));
  UtilInvocation::Print(QStringLiteral("valid"), QStringLiteral("%1 words, checksum correct").arg(mnemonic->word_count()));
  return EXIT_OK;
}

int Mnemonic(const QStringList& args) {
  const QString sub = args.value(0);
  if (sub == QStringLiteral("new")) return MnemonicNew(args.mid(1));
  if (sub == QStringLiteral("check")) return MnemonicCheck(args.mid(1));
  QTextStream(stderr) << "cairn util mnemonic: expected 'new' or 'check'\n";
  return EXIT_INVALID;
}

int Derive(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("derive"),
                     QStringLiteral("--path PATH [--mnemonic WORDS] [--passphrase P] | --path PATH --seed-file FILE"),
                     QStringLiteral("Derive an Ed25519 key by SLIP-0010 from a BIP-39 mnemonic, or from a raw seed "
                                    "file such as a devnet's devnet_validator.key, e.g. --path "
                                    "\"m/44'/7337'/0'/0'/0'\" (the first account key). Without --mnemonic or "
                                    "--seed-file, reads the mnemonic from standard input."));
  const QCommandLineOption mnemonic_opt(QStringLiteral("mnemonic"), QStringLiteral("The mnemonic words."),
                                        QStringLiteral("words"));
  const QCommandLineOption passphrase_opt(QStringLiteral("passphrase"),
                                          QStringLiteral("Optional BIP-39 passphrase (the \"25th word\")."),
                                          QStringLiteral("text"));
  const QCommandLineOption seed_file_opt(QStringLiteral("seed-file"),
                                         QStringLiteral("A file holding a 16- to 64-byte seed in hex (one line)."),
                                         QStringLiteral("file"));
  const QCommandLineOption path_opt(QStringLiteral("path"), QStringLiteral("SLIP-0010 path; every level hardened."),
                                    QStringLiteral("path"));
  const QCommandLineOption network_opt = NetworkOption();
  inv.parser().addOptions({mnemonic_opt, passphrase_opt, seed_file_opt, path_opt, network_opt});
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  const auto path_text = inv.Required(path_opt);
  if (!path_text) return EXIT_INVALID;
  const auto path = wallet::ParseDerivationPath(path_text->toStdString());
  if (!path) return inv.Fail(QString::fromStdString(path.error()));
  const auto hrp = Hrp(inv, network_opt);
  if (!hrp) return EXIT_INVALID;
  crypto::SecureBuffer seed;
  if (inv.parser().isSet(seed_file_opt)) {
    if (inv.parser().isSet(mnemonic_opt) || inv.parser().isSet(passphrase_opt)) {
      return inv.Fail(QStringLiteral("--seed-file replaces --mnemonic and --passphrase"));
    }
    auto from_file = ReadSeedFile(inv.parser().value(seed_file_opt).toStdString());
    if (!from_file) return inv.Fail(QString::fromStdString(from_file.error()));
    seed = std::move(*from_file);
  } else {
    auto text = inv.Secret(mnemonic_opt, QStringLiteral("mnemonic"));
    if (!text) return EXIT_INVALID;
    auto mnemonic = wallet::ParseMnemonic(AsText(*text));
    if (!mnemonic) return inv.Fail(QString::fromStdString(mnemonic.error().message));
    // BIP-39 wants the passphrase in Unicode NFKD; the wallet library expects callers to normalize.
    QByteArray passphrase = inv.parser().value(passphrase_opt).normalized(QString::NormalizationForm_KD).toUtf8();
    auto from_words = wallet::MnemonicToSeed(*mnemonic, std::string_view(passphrase.constData(), passphrase.size()));
    crypto::Wipe({reinterpret_cast<std::uint8_t*>(passphrase.data()), static_cast<std::size_t>(passphrase.size())});
    if (!from_words) return inv.Fail(QString::fromStdString(from_words.error().message));
    seed = std::move(*from_words);
  }
  const auto extended = wallet::Slip10Derive(seed.span(), *path);
  if (!extended) return inv.Fail(QString::fromStdString(extended.error()));
  const auto key = wallet::SigningKey(*extended);
  UtilInvocation::Print(QStringLiteral("path"), QString::fromStdString(wallet::FormatDerivationPath(*path)));
  UtilInvocation::Print(QStringLiteral("private"), HexOf(key.seed()));
  UtilInvocation::Print(QStringLiteral("public"), HexOf(key.public_key().span()));
  UtilInvocation::Print(QStringLiteral("address"), QString::fromStdString(chain::EncodeAddress(
                                                       chain::AddressFromPublicKey(key.public_key()), *hrp)));
  return EXIT_OK;
}

int Address(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("address"), QStringLiteral("PUBKEY"),
                     QStringLiteral("The bech32m address of an Ed25519 public key (hex)."));
  const QCommandLineOption network_opt = NetworkOption();
  inv.parser().addOption(network_opt);
  if (auto done = inv.Parse(args, 1, 1)) return *done;
  const auto hrp = Hrp(inv, network_opt);
  if (!hrp) return EXIT_INVALID;
  const auto key = PublicKeyFrom(inv, inv.parser().positionalArguments().at(0));
  if (!key) return EXIT_INVALID;
  UtilInvocation::Print(QStringLiteral("address"),
                        QString::fromStdString(chain::EncodeAddress(chain::AddressFromPublicKey(*key), *hrp)));
  return EXIT_OK;
}

QCommandLineOption KeyOption() {
  return {QStringLiteral("key"),
          QStringLiteral("Private key: the 32-byte Ed25519 seed in hex (default: read from standard input)."),
          QStringLiteral("hex")};
}

int Sign(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("sign"), QStringLiteral("--msg HEX [--key HEX]"),
                     QStringLiteral("Sign a message (hex) with an Ed25519 private key."));
  const QCommandLineOption key_opt = KeyOption();
  const QCommandLineOption msg_opt(QStringLiteral("msg"), QStringLiteral("Message bytes in hex."), QStringLiteral("hex"));
  inv.parser().addOptions({key_opt, msg_opt});
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  const auto msg_text = inv.Required(msg_opt);
  if (!msg_text) return EXIT_INVALID;
  const auto msg = inv.Hex(*msg_text, QStringLiteral("--msg"));
  if (!msg) return EXIT_INVALID;
  const auto key = SigningKeyFrom(inv, key_opt);
  if (!key) return EXIT_INVALID;
  UtilInvocation::Print(QStringLiteral("signature"), HexOf(crypto::Sign(*key, *msg).span()));
  UtilInvocation::Print(QStringLiteral("public"), HexOf(key->public_key().span()));
  return EXIT_OK;
}

int Verify(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("verify"), QStringLiteral("--pubkey HEX --msg HEX --sig HEX"),
                     QStringLiteral("Verify an Ed25519 signature with the chain's strict rule. Exit code 0: "
                                    "valid; 1: invalid."));
  const QCommandLineOption pub_opt(QStringLiteral("pubkey"), QStringLiteral("Public key (32 bytes hex)."),
                                   QStringLiteral("hex"));
  const QCommandLineOption msg_opt(QStringLiteral("msg"), QStringLiteral("Message bytes in hex."), QStringLiteral("hex"));
  const QCommandLineOption sig_opt(QStringLiteral("sig"), QStringLiteral("Signature (64 bytes hex)."),
                                   QStringLiteral("hex"));
  inv.parser().addOptions({pub_opt, msg_opt, sig_opt});
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  const auto pub_text = inv.Required(pub_opt);
  const auto msg_text = pub_text ? inv.Required(msg_opt) : std::nullopt;
  const auto sig_text = msg_text ? inv.Required(sig_opt) : std::nullopt;
  if (!sig_text) return EXIT_INVALID;
  const auto pub = inv.Hex(*pub_text, QStringLiteral("--pubkey"), 32);
  const auto msg = pub ? inv.Hex(*msg_text, QStringLiteral("--msg")) : std::nullopt;
  const auto sig = msg ? inv.Hex(*sig_text, QStringLiteral("--sig"), 64) : std::nullopt;
  if (!sig) return EXIT_INVALID;
  if (!crypto::Verify(crypto::PublicKey::FromSpan(*pub), *msg, crypto::Signature::FromSpan(*sig))) {
    return inv.Fail(QStringLiteral("signature is NOT valid for this public key and message"));
  }
  UtilInvocation::Print(QStringLiteral("signature"), QStringLiteral("valid"));
  return EXIT_OK;
}

int VrfProve(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("vrf-prove"), QStringLiteral("--alpha HEX [--key HEX]"),
                     QStringLiteral("RFC 9381 ECVRF-EDWARDS25519-SHA512-TAI: prove alpha (hex) with a private key; "
                                    "prints the 80-byte proof and the 64-byte output beta."));
  const QCommandLineOption key_opt = KeyOption();
  const QCommandLineOption alpha_opt(QStringLiteral("alpha"), QStringLiteral("VRF input in hex (may be empty)."),
                                     QStringLiteral("hex"));
  inv.parser().addOptions({key_opt, alpha_opt});
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  const auto alpha_text = inv.Required(alpha_opt);
  if (!alpha_text) return EXIT_INVALID;
  const auto alpha = inv.Hex(*alpha_text, QStringLiteral("--alpha"));
  if (!alpha) return EXIT_INVALID;
  const auto key = SigningKeyFrom(inv, key_opt);
  if (!key) return EXIT_INVALID;
  const auto proof = crypto::VrfProve(*key, *alpha);
  const auto beta = crypto::VrfProofToHash(proof);
  if (!beta) return inv.Fail(QStringLiteral("internal error: fresh proof does not decode"));
  UtilInvocation::Print(QStringLiteral("proof"), HexOf(proof.span()));
  UtilInvocation::Print(QStringLiteral("beta"), HexOf(beta->span()));
  UtilInvocation::Print(QStringLiteral("public"), HexOf(key->public_key().span()));
  return EXIT_OK;
}

int VrfVerify(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("vrf-verify"), QStringLiteral("--pubkey HEX --alpha HEX --proof HEX"),
                     QStringLiteral("Verify an ECVRF proof; prints beta when valid (exit 0), else exit 1."));
  const QCommandLineOption pub_opt(QStringLiteral("pubkey"), QStringLiteral("Public key (32 bytes hex)."),
                                   QStringLiteral("hex"));
  const QCommandLineOption alpha_opt(QStringLiteral("alpha"), QStringLiteral("VRF input in hex."), QStringLiteral("hex"));
  const QCommandLineOption proof_opt(QStringLiteral("proof"), QStringLiteral("Proof (80 bytes hex)."),
                                     QStringLiteral("hex"));
  inv.parser().addOptions({pub_opt, alpha_opt, proof_opt});
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  const auto pub_text = inv.Required(pub_opt);
  const auto alpha_text = pub_text ? inv.Required(alpha_opt) : std::nullopt;
  const auto proof_text = alpha_text ? inv.Required(proof_opt) : std::nullopt;
  if (!proof_text) return EXIT_INVALID;
  const auto pub = inv.Hex(*pub_text, QStringLiteral("--pubkey"), 32);
  const auto alpha = pub ? inv.Hex(*alpha_text, QStringLiteral("--alpha")) : std::nullopt;
  const auto proof = alpha ? inv.Hex(*proof_text, QStringLiteral("--proof"), 80) : std::nullopt;
  if (!proof) return EXIT_INVALID;
  const auto beta = crypto::VrfVerify(crypto::PublicKey::FromSpan(*pub), *alpha, crypto::VrfProof::FromSpan(*proof));
  if (!beta) return inv.Fail(QStringLiteral("proof is NOT valid for this public key and input"));
  UtilInvocation::Print(QStringLiteral("beta"), HexOf(beta->span()));
  return EXIT_OK;
}

int Bech32m(const QStringList& args) {
  const QString sub = args.value(0);
  if (sub == QStringLiteral("encode")) {
    UtilInvocation inv(QStringLiteral("bech32m encode"), QStringLiteral("HRP HEX"),
                       QStringLiteral("Encode bytes (hex) as bech32m (BIP-350) with the given human-readable part."));
    if (auto done = inv.Parse(args.mid(1), 2, 2)) return *done;
    const auto data = inv.Hex(inv.parser().positionalArguments().at(1), QStringLiteral("data"));
    if (!data) return EXIT_INVALID;
    auto encoded = chain::Bech32mEncode(inv.parser().positionalArguments().at(0).toStdString(), *data);
    if (!encoded) return inv.Fail(ToQString(chain::Bech32ErrorMessage(encoded.error())));
    UtilInvocation::Print(QStringLiteral("bech32m"), QString::fromStdString(*encoded));
    return EXIT_OK;
  }
  if (sub == QStringLiteral("decode")) {
    UtilInvocation inv(QStringLiteral("bech32m decode"), QStringLiteral("STRING"),
                       QStringLiteral("Decode a bech32m (BIP-350) string into its human-readable part and bytes."));
    if (auto done = inv.Parse(args.mid(1), 1, 1)) return *done;
    auto decoded = chain::Bech32mDecode(inv.parser().positionalArguments().at(0).toStdString());
    if (!decoded) return inv.Fail(ToQString(chain::Bech32ErrorMessage(decoded.error())));
    UtilInvocation::Print(QStringLiteral("hrp"), QString::fromStdString(decoded->hrp));
    UtilInvocation::Print(QStringLiteral("data"), HexOf(decoded->data));
    return EXIT_OK;
  }
  QTextStream(stderr) << "cairn util bech32m: expected 'encode HRP HEX' or 'decode STRING'\n";
  return EXIT_INVALID;
}

int Hash(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("hash"), QStringLiteral("[--tag TAG] [--text] INPUT"),
                     QStringLiteral("SHA-256 of INPUT (hex, or UTF-8 text with --text). With --tag, the chain's "
                                    "domain-separated hash SHA-256(TAG || 0x00 || INPUT)."));
  const QCommandLineOption tag_opt(QStringLiteral("tag"), QStringLiteral("Domain tag (ASCII)."), QStringLiteral("tag"));
  const QCommandLineOption text_opt(QStringLiteral("text"), QStringLiteral("INPUT is text, not hex."));
  inv.parser().addOptions({tag_opt, text_opt});
  if (auto done = inv.Parse(args, 1, 1)) return *done;
  const QString input = inv.parser().positionalArguments().at(0);
  util::Bytes data;
  if (inv.parser().isSet(text_opt)) {
    const QByteArray utf8 = input.toUtf8();
    data.assign(utf8.begin(), utf8.end());
  } else {
    auto parsed = inv.Hex(input, QStringLiteral("INPUT"));
    if (!parsed) return EXIT_INVALID;
    data = std::move(*parsed);
  }
  if (inv.parser().isSet(tag_opt)) {
    const QString tag = inv.parser().value(tag_opt);
    for (const QChar c : tag) {
      if (c.unicode() < 0x21 || c.unicode() > 0x7e) return inv.Fail(QStringLiteral("--tag must be printable ASCII"));
    }
    UtilInvocation::Print(QStringLiteral("sha256"), HexOf(crypto::TaggedHash(tag.toStdString(), data).span()));
  } else {
    UtilInvocation::Print(QStringLiteral("sha256"), HexOf(crypto::Sha256(data).span()));
  }
  return EXIT_OK;
}

// A signed transfer for `cairn rpc tx.submit`, until the wallet builds them: the sender's account key,
// the chain from its genesis file. Checked against the genesis parameters before it is printed.
int Transfer(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("transfer"),
                     QStringLiteral("--genesis FILE --to ADDRESS --amount CAIRN --nonce N [--fee CAIRN] "
                                    "[--expiry-slot S] [--key HEX]"),
                     QStringLiteral("Build and sign a transfer; prints its id and its canonical encoding (hex) for "
                                    "`cairn rpc tx.submit`. Without --key, the sender's 32-byte account key is "
                                    "read from standard input."));
  const QCommandLineOption genesis_opt(QStringLiteral("genesis"), QStringLiteral("The chain's genesis.json."),
                                       QStringLiteral("file"));
  const QCommandLineOption to_opt(QStringLiteral("to"), QStringLiteral("Recipient address."), QStringLiteral("address"));
  const QCommandLineOption amount_opt(QStringLiteral("amount"), QStringLiteral("Amount in CAIRN (e.g. 1.5)."),
                                      QStringLiteral("amount"));
  const QCommandLineOption nonce_opt(QStringLiteral("nonce"),
                                     QStringLiteral("The sender's next nonce (cairn rpc account.get: pending_nonce)."),
                                     QStringLiteral("n"));
  const QCommandLineOption fee_opt(QStringLiteral("fee"), QStringLiteral("Fee in CAIRN (default: 0.0001)."),
                                   QStringLiteral("amount"), QStringLiteral("0.0001"));
  const QCommandLineOption expiry_opt(QStringLiteral("expiry-slot"),
                                      QStringLiteral("Last slot it may be included in (default: no practical limit)."),
                                      QStringLiteral("slot"), QString::number(std::numeric_limits<std::uint32_t>::max()));
  const QCommandLineOption key_opt(QStringLiteral("key"), QStringLiteral("The sender's account key (hex)."),
                                   QStringLiteral("hex"));
  inv.parser().addOptions({genesis_opt, to_opt, amount_opt, nonce_opt, fee_opt, expiry_opt, key_opt});
  if (auto done = inv.Parse(args, 0, 0)) return *done;
  const auto genesis_path = inv.Required(genesis_opt);
  const auto to_text = inv.Required(to_opt);
  const auto amount_text = inv.Required(amount_opt);
  const auto nonce_text = inv.Required(nonce_opt);
  if (!genesis_path || !to_text || !amount_text || !nonce_text) return EXIT_INVALID;
  auto genesis = chain::LoadGenesisFile(genesis_path->toStdString(), chain::TESTNET_HRP);
  if (!genesis) return inv.Fail(QStringLiteral("--genesis: ") + QString::fromStdString(genesis.error().Message()));
  auto to = chain::DecodeAddress(to_text->toStdString(), chain::TESTNET_HRP);
  if (!to) return inv.Fail(QStringLiteral("--to: ") + QString::fromStdString(to.error().message));
  auto amount = chain::ParseAmount(amount_text->toStdString());
  if (!amount) return inv.Fail(QStringLiteral("--amount: ") + QString::fromStdString(amount.error()));
  auto fee = chain::ParseAmount(inv.parser().value(fee_opt).toStdString());
  if (!fee) return inv.Fail(QStringLiteral("--fee: ") + QString::fromStdString(fee.error()));
  bool nonce_ok = false;
  const qulonglong nonce = nonce_text->toULongLong(&nonce_ok);
  if (!nonce_ok) return inv.Fail(QStringLiteral("--nonce must be a whole number"));
  bool expiry_ok = false;
  const qulonglong expiry = inv.parser().value(expiry_opt).toULongLong(&expiry_ok);
  if (!expiry_ok) return inv.Fail(QStringLiteral("--expiry-slot must be a whole number"));
  auto key = SigningKeyFrom(inv, key_opt);
  if (!key) return EXIT_INVALID;

  chain::Transaction tx;
  tx.chain_id = genesis->chain_id;
  tx.sender = key->public_key();
  tx.nonce = nonce;
  tx.fee = *fee;
  tx.expiry_slot = expiry;
  tx.payload = chain::Transfer{*to, *amount};
  if (auto valid = chain::CheckTransactionStateless(tx, genesis->params); !valid) {
    return inv.Fail(QString::fromStdString(valid.error().Message()));
  }
  chain::SignTransaction(tx, *key, chain::ComputeGenesisHash(*genesis));
  UtilInvocation::Print(QStringLiteral("id"), HexOf(chain::ComputeTxId(tx).span()));
  UtilInvocation::Print(QStringLiteral("tx"), HexOf(chain::Encode(tx)));
  return EXIT_OK;
}

// Bitcoin Core's rpcauth.py: a user line for --rpc-auth, so the node stores only a salted hash.
int RpcAuth(const QStringList& args) {
  UtilInvocation inv(QStringLiteral("rpcauth"), QStringLiteral("USER [--password P]"),
                     QStringLiteral("Print a --rpc-auth entry (user:salt$hmac) for USER. Without --password a "
                                    "random password is generated and printed once."));
  const QCommandLineOption password_opt(QStringLiteral("password"), QStringLiteral("The password to hash."),
                                        QStringLiteral("P"));
  inv.parser().addOption(password_opt);
  if (auto done = inv.Parse(args, 1, 1)) return *done;
  const std::string user = inv.parser().positionalArguments().first().toStdString();
  std::string password;
  const bool generated = !inv.parser().isSet(password_opt);
  if (generated) {
    std::array<std::uint8_t, 32> random{};
    crypto::RandomBytes(random);
    password = util::ToHex(random);
    crypto::Wipe(random);
  } else {
    password = inv.parser().value(password_opt).toStdString();
    if (password.empty()) return inv.Fail(QStringLiteral("--password must not be empty"));
  }
  auto entry = rpc::MakeRpcAuth(user, password);
  if (!entry) {
    crypto::Wipe({reinterpret_cast<std::uint8_t*>(password.data()), password.size()});
    return inv.Fail(QString::fromStdString(entry.error()));
  }
  UtilInvocation::Print(QStringLiteral("rpcauth"), QStringLiteral("--rpc-auth=") + QString::fromStdString(*entry));
  if (generated) UtilInvocation::Print(QStringLiteral("password"), QString::fromStdString(password));
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(password.data()), password.size()});
  return EXIT_OK;
}

struct Subcommand {
  const char* usage;
  std::function<int(const QStringList&)> run;
};

const std::map<QString, Subcommand>& Subcommands() {
  static const std::map<QString, Subcommand> table = {
      {QStringLiteral("mnemonic"), {"mnemonic new [--words N] | mnemonic check [--mnemonic WORDS]", Mnemonic}},
      {QStringLiteral("derive"), {"derive --path PATH [--mnemonic WORDS] [--passphrase P] [--network N]", Derive}},
      {QStringLiteral("address"), {"address PUBKEY [--network N]", Address}},
      {QStringLiteral("sign"), {"sign --msg HEX [--key HEX]", Sign}},
      {QStringLiteral("verify"), {"verify --pubkey HEX --msg HEX --sig HEX", Verify}},
      {QStringLiteral("vrf-prove"), {"vrf-prove --alpha HEX [--key HEX]", VrfProve}},
      {QStringLiteral("vrf-verify"), {"vrf-verify --pubkey HEX --alpha HEX --proof HEX", VrfVerify}},
      {QStringLiteral("bech32m"), {"bech32m encode HRP HEX | bech32m decode STRING", Bech32m}},
      {QStringLiteral("hash"), {"hash [--tag TAG] [--text] INPUT", Hash}},
      {QStringLiteral("rpcauth"), {"rpcauth USER [--password P]", RpcAuth}},
      {QStringLiteral("transfer"),
       {"transfer --genesis FILE --to ADDRESS --amount CAIRN --nonce N [--fee CAIRN] [--key HEX]", Transfer}},
  };
  return table;
}

void PrintUsage(QTextStream& out) {
  out << "Usage: cairn util SUBCOMMAND [options]   (cairn util SUBCOMMAND --help for details)\n\n";
  for (const auto& [name, sub] : Subcommands()) out << "  " << sub.usage << "\n";
  out << "\nSecrets (--mnemonic, --key) are read from standard input when the option is not given.\n"
         "Exit status: 0 on success, 1 on invalid input (one line on stderr says why).\n";
}

}  // namespace

int RunUtilCommand(const QStringList& arguments) {
  if (arguments.isEmpty() || arguments.first() == QStringLiteral("--help") || arguments.first() == QStringLiteral("-h")) {
    QTextStream out(arguments.isEmpty() ? stderr : stdout);
    PrintUsage(out);
    return arguments.isEmpty() ? EXIT_INVALID : EXIT_OK;
  }
  const auto it = Subcommands().find(arguments.first());
  if (it == Subcommands().end()) {
    QTextStream(stderr) << "cairn util: unknown subcommand '" << arguments.first() << "' (see cairn util --help)\n";
    return EXIT_INVALID;
  }
  return it->second.run(arguments.mid(1));
}

}  // namespace cairn::app
