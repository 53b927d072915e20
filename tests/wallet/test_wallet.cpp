// Unit tests for node/wallet: BIP-39 mnemonics and seeds, SLIP-0010 ed25519 derivation, paths.
//
// The bip39_english.json vectors carry a fourth column, a BIP-32 xprv: it is the secp256k1 master key
// of the seed ("Bitcoin seed" HMAC key), a curve Cairn never uses; the seed column already pins every
// BIP-39 step, so the xprv is ignored.
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <algorithm>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "util/hex.h"
#include "vectors.h"
#include "wallet/bip39.h"
#include "wallet/slip10.h"

using namespace cairn;
using namespace cairn::wallet;

namespace {

constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";

std::string Hex(util::ByteSpan bytes) { return util::ToHex(bytes); }
std::string Str(const QString& s) { return s.toStdString(); }
bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t space = std::min(text.find(' ', pos), text.size());
    words.emplace_back(text.substr(pos, space - pos));
    pos = space + 1;
  }
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Parses a path the test knows to be valid.
DerivationPath Path(std::string_view text) {
  auto path = ParseDerivationPath(text);
  if (!path) qFatal("test path %s rejected: %s", std::string(text).c_str(), path.error().c_str());
  return std::move(path).value();
}

crypto::PublicKey PublicKeyAt(util::ByteSpan seed, const DerivationPath& path) {
  return SigningKey(*Slip10Derive(seed, path)).public_key();
}

}  // namespace

// Secrets must never reach a log line: every secret-bearing type deletes its operator<<, so
// `CAIRN_LOG(...) << secret` does not compile. These assertions fail the build if one ever regains it.
template <class T>
concept Streamable = requires(std::ostream& os, const T& value) { os << value; };
static_assert(Streamable<std::string>, "the probe itself must work");
static_assert(!Streamable<cairn::crypto::SecureBuffer>);
static_assert(!Streamable<cairn::crypto::SecretKey>);
static_assert(!Streamable<cairn::wallet::Mnemonic>);
static_assert(!Streamable<cairn::wallet::ExtendedKey>);

class TestWallet : public QObject {
  Q_OBJECT

 private slots:
  // ---- BIP-39 wordlist ----

  void wordlistIsTheBip39EnglishList() {
    const auto words = Bip39EnglishWords();
    QCOMPARE(words.size(), std::size_t{2048});
    QCOMPARE(words.front(), std::string_view("abandon"));
    QCOMPARE(words.back(), std::string_view("zoo"));
    QVERIFY(std::adjacent_find(words.begin(), words.end(), [](auto a, auto b) { return a >= b; }) == words.end());
    QCOMPARE(std::set<std::string_view>(words.begin(), words.end()).size(), std::size_t{2048});
    // The embedded list hashes to the same value as the file the build checked.
    crypto::Sha256Hasher hasher;
    for (const auto word : words) hasher.Write(util::AsBytes(word)).Write(util::AsBytes("\n"));
    QCOMPARE(Hex(hasher.Finalize().span()),
             std::string("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"));
  }

  // ---- BIP-39 vectors ----

  void bip39Vectors() {
    CAIRN_LOAD_VECTORS(doc, "bip39_english.json");
    const std::string passphrase = Str(doc.object().value("passphrase").toString());
    QCOMPARE(passphrase, std::string("TREZOR"));
    const QJsonArray cases = doc.object().value("english").toArray();
    QCOMPARE(cases.size(), 24);  // a truncated vector file must not pass quietly
    for (const auto& item : cases) {
      const QJsonArray v = item.toArray();
      QCOMPARE(v.size(), 4);
      const util::Bytes entropy = test::HexField(v[0].toString());
      const std::string words = Str(v[1].toString());
      const std::string seed = Str(v[2].toString());

      auto from_entropy = MnemonicFromEntropy(entropy);
      QVERIFY2(from_entropy, words.c_str());
      QCOMPARE(from_entropy->text(), std::string_view(words));
      QCOMPARE(from_entropy->word_count(), entropy.size() * 3 / 4);

      auto parsed = ParseMnemonic(words);
      QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
      QCOMPARE(parsed->text(), std::string_view(words));
      QCOMPARE(parsed->word_count(), Split(words).size());
      QCOMPARE(Hex(MnemonicToEntropy(*parsed).span()), Hex(entropy));

      auto derived = MnemonicToSeed(*parsed, passphrase);
      QVERIFY(derived);
      QCOMPARE(derived->size(), BIP39_SEED_SIZE);
      QCOMPARE(Hex(derived->span()), seed);
    }
  }

  void seedWithoutPassphraseDiffers() {
    auto m = *ParseMnemonic(LEGAL);
    auto empty = *MnemonicToSeed(m, "");
    auto trezor = *MnemonicToSeed(m, "TREZOR");
    QVERIFY(Hex(empty.span()) != Hex(trezor.span()));
    // A non-ASCII passphrase already in NFKD ("e" + combining acute) is accepted.
    QVERIFY(MnemonicToSeed(m, "caf\x65\xcc\x81"));
  }

  // ---- BIP-39 parsing: forgiving where safe ----

  void parseNormalizesWhitespaceAndCase() {
    const std::string messy =
        "  LEGAL winner\tThank   year\n\nwave\r\nsausage worth useful legal\xc2\xa0winner thank YeLLoW \n";
    auto m = ParseMnemonic(messy);
    QVERIFY2(m, m ? "" : m.error().message.c_str());
    QCOMPARE(m->text(), LEGAL);
    QCOMPARE(m->word_count(), std::size_t{12});
    QCOMPARE(Hex(MnemonicToEntropy(*m).span()), std::string("7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f"));
    auto clone = m->Clone();
    QCOMPARE(clone.text(), LEGAL);
  }

  void movedFromMnemonicIsEmpty() {
    auto m = *ParseMnemonic(LEGAL);
    Mnemonic taken = std::move(m);
    QCOMPARE(taken.text(), LEGAL);
    QCOMPARE(m.word_count(), std::size_t{0});  // NOLINT(bugprone-use-after-move): documented state
    QVERIFY(m.text().empty());
    QVERIFY(MnemonicToEntropy(m).empty());
    auto seed = MnemonicToSeed(m, "");
    QVERIFY(!seed);
    QCOMPARE(seed.error().kind, MnemonicErrorKind::WordCount);
  }

  // ---- BIP-39 rejections ----

  void rejectsWrongWordCount() {
    const auto words = Split(LEGAL);
    for (const std::size_t n : {0, 1, 11, 13, 23, 25, 48}) {
      std::vector<std::string> w;
      for (std::size_t i = 0; i < n; ++i) w.push_back(words[i % words.size()]);
      auto r = ParseMnemonic(Join(w));
      QVERIFY(!r);
      QCOMPARE(r.error().kind, MnemonicErrorKind::WordCount);
      QVERIFY2(Contains(r.error().message, std::to_string(n)), r.error().message.c_str());
    }
    QCOMPARE(ParseMnemonic("   \t\n").error().kind, MnemonicErrorKind::WordCount);
  }

  void rejectsUnknownWordWithPositionAndSuggestion() {
    auto words = Split(LEGAL);
    words[6] = "abandn";
    auto r = ParseMnemonic(Join(words));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, MnemonicErrorKind::UnknownWord);
    QCOMPARE(r.error().message,
             std::string("word 7 'abandn' is not in the BIP-39 English list (did you mean 'abandon'?)"));
    // The message never carries the rest of the phrase.
    QVERIFY(!Contains(r.error().message, "legal"));
    QVERIFY(!Contains(r.error().message, "winner"));

    // No list word shares the first four letters: no suggestion, only the position.
    words[6] = "xyzzy";
    r = ParseMnemonic(Join(words));
    QCOMPARE(r.error().kind, MnemonicErrorKind::UnknownWord);
    QCOMPARE(r.error().message, std::string("word 7 'xyzzy' is not in the BIP-39 English list"));

    // Upper case is folded before the suggestion; the first unknown word is the one reported.
    words = Split(LEGAL);
    words[0] = "SAUSAG";
    words[11] = "qqqq";
    r = ParseMnemonic(Join(words));
    QCOMPARE(r.error().message,
             std::string("word 1 'SAUSAG' is not in the BIP-39 English list (did you mean 'sausage'?)"));

    // Non-ASCII letters are never folded into a list word, only suggested.
    words = Split(LEGAL);
    words[11] = "yell\xc3\xb6w";
    r = ParseMnemonic(Join(words));
    QCOMPARE(r.error().kind, MnemonicErrorKind::UnknownWord);
    QVERIFY2(Contains(r.error().message, "word 12") && Contains(r.error().message, "did you mean 'yellow'"),
             r.error().message.c_str());

    // A four-letter abbreviation is not accepted as the word (never "fixed"), only suggested.
    words = Split(LEGAL);
    words[3] = "year";  // a real word: fine
    words[4] = "wave";
    words[5] = "saus";
    r = ParseMnemonic(Join(words));
    QCOMPARE(r.error().message,
             std::string("word 6 'saus' is not in the BIP-39 English list (did you mean 'sausage'?)"));

    // Long garbage is quoted only in part; control characters are not echoed.
    words = Split(LEGAL);
    words[2] = "thankyearwavesausageworthuseful";
    r = ParseMnemonic(Join(words));
    QVERIFY2(!Contains(r.error().message, "useful") && Contains(r.error().message, "..."), r.error().message.c_str());
    words[2] = std::string("th\x01nk");
    r = ParseMnemonic(Join(words));
    QCOMPARE(r.error().message, std::string("word 3 'th?nk' is not in the BIP-39 English list"));
  }

  void rejectsBadChecksum() {
    auto words = Split(LEGAL);
    std::swap(words[0], words[1]);  // "winner legal ...": every word known, checksum wrong
    auto r = ParseMnemonic(Join(words));
    QVERIFY(!r);
    QCOMPARE(r.error().kind, MnemonicErrorKind::Checksum);
    QVERIFY(!Contains(r.error().message, "winner"));

    std::string twelve_abandon;
    for (int i = 0; i < 12; ++i) twelve_abandon += "abandon ";
    QCOMPARE(ParseMnemonic(twelve_abandon).error().kind, MnemonicErrorKind::Checksum);
    QVERIFY(
        ParseMnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                      "abandon about"));
  }

  void rejectsBadEntropySizes() {
    for (const std::size_t n : {0, 4, 12, 15, 17, 30, 33, 64}) {
      const util::Bytes entropy(n, 0x5a);
      auto r = MnemonicFromEntropy(entropy);
      QVERIFY(!r);
      QCOMPARE(r.error().kind, MnemonicErrorKind::EntropySize);
      QVERIFY(Contains(r.error().message, std::to_string(n)));
    }
    for (const std::size_t n : {16, 20, 24, 28, 32}) QVERIFY(MnemonicFromEntropy(util::Bytes(n, 0x5a)));
  }

  void rejectsInvalidUtf8() {
    auto m = *ParseMnemonic(LEGAL);
    for (const std::string_view bad : {std::string_view("\xff"), std::string_view("abc\xc0\x80"),  // overlong NUL
                                       std::string_view("\xed\xa0\x80"),                           // surrogate
                                       std::string_view("\xe2\x82"),                               // truncated
                                       std::string_view("\xf4\x90\x80\x80"),                       // > U+10FFFF
                                       std::string_view("caf\xe9")}) {                             // Latin-1
      auto r = MnemonicToSeed(m, bad);
      QVERIFY(!r);
      QCOMPARE(r.error().kind, MnemonicErrorKind::Encoding);
    }
    QVERIFY(MnemonicToSeed(m, "\xf0\x9f\x94\x91"));  // U+1F511, four bytes, valid
    QCOMPARE(MnemonicToSeed(m, std::string(BIP39_MAX_PASSPHRASE_BYTES + 1, 'a')).error().kind,
             MnemonicErrorKind::Encoding);
    QVERIFY(MnemonicToSeed(m, std::string(BIP39_MAX_PASSPHRASE_BYTES, 'a')));
    // The mnemonic text itself must be UTF-8 too.
    QCOMPARE(ParseMnemonic(std::string(LEGAL) + " \xff").error().kind, MnemonicErrorKind::Encoding);
  }

  // Random word sequences: accepted exactly when the checksum holds (about 1 in 2^(words/3)), and an
  // accepted phrase re-encodes to itself. Random bytes never crash the parser.
  void randomInputsAreJudgedConsistently() {
    std::mt19937 rng(7337);  // fixed: a failure must reproduce
    const auto words = Bip39EnglishWords();
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    int accepted = 0;
    for (int trial = 0; trial < 2000; ++trial) {
      std::string text;
      for (int i = 0; i < 12; ++i) text += (i ? " " : "") + std::string(words[pick(rng)]);
      auto m = ParseMnemonic(text);
      if (!m) {
        QCOMPARE(m.error().kind, MnemonicErrorKind::Checksum);
        continue;
      }
      ++accepted;
      QCOMPARE(MnemonicFromEntropy(MnemonicToEntropy(*m).span())->text(), std::string_view(text));
    }
    QVERIFY2(accepted > 60 && accepted < 200, std::to_string(accepted).c_str());  // expect ~125

    std::uniform_int_distribution<int> byte(0, 255);
    for (int trial = 0; trial < 2000; ++trial) {
      std::string junk(static_cast<std::size_t>(byte(rng)), '\0');
      for (auto& c : junk) c = static_cast<char>(byte(rng) % 4 == 0 ? ' ' : byte(rng));
      auto m = ParseMnemonic(junk);
      if (!m) QVERIFY(!m.error().message.empty());
      auto p = ParseDerivationPath("m/" + junk);
      if (!p) QVERIFY(!p.error().empty());
    }
  }

  // ---- BIP-39 generation ----

  void generatedMnemonicsParseBack() {
    for (const std::size_t n : {12, 15, 18, 21, 24}) {
      auto m = GenerateMnemonic(n);
      QVERIFY(m);
      QCOMPARE(m->word_count(), n);
      QCOMPARE(Split(m->text()).size(), n);
      auto parsed = ParseMnemonic(m->text());
      QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
      QCOMPARE(parsed->text(), m->text());
      QCOMPARE(parsed->word_count(), n);
      QCOMPARE(MnemonicToEntropy(*parsed).size(), n * 4 / 3);
      QCOMPARE(Hex(MnemonicToEntropy(*parsed).span()), Hex(MnemonicToEntropy(*m).span()));
    }
    QVERIFY(GenerateMnemonic(12)->text() != GenerateMnemonic(12)->text());
    QVERIFY(GenerateMnemonic(24)->text() != GenerateMnemonic(24)->text());
    for (const std::size_t n : {0, 11, 13, 25})
      QCOMPARE(GenerateMnemonic(n).error().kind, MnemonicErrorKind::WordCount);
  }

  // ---- SLIP-0010 vectors ----

  void slip10Vectors() {
    CAIRN_LOAD_VECTORS(doc, "slip10_ed25519.json");
    const QJsonArray vectors = doc.object().value("vectors").toArray();
    QVERIFY(!vectors.isEmpty());
    int checked = 0;
    for (const auto& item : vectors) {
      const QJsonObject v = item.toObject();
      const util::Bytes seed = test::HexField(v.value("seed").toString());
      const QJsonArray chains = v.value("chains").toArray();
      QVERIFY(!chains.isEmpty());
      for (const auto& chain_item : chains) {
        const QJsonObject c = chain_item.toObject();
        const std::string path_text = Str(c.value("path").toString());
        auto path = ParseDerivationPath(path_text);
        QVERIFY2(path, path ? "" : path.error().c_str());
        QCOMPARE(FormatDerivationPath(*path), path_text);

        auto key = Slip10Derive(seed, *path);
        QVERIFY(key);
        QCOMPARE(Hex(key->chain_code.span()), Str(c.value("chain_code").toString()));
        QCOMPARE(Hex(key->key.span()), Str(c.value("private").toString()));
        const crypto::SecretKey signing = SigningKey(*key);
        QCOMPARE("00" + Hex(signing.public_key().span()), Str(c.value("public").toString()));
        QCOMPARE(Hex(signing.seed()), Hex(key->key.span()));
        ++checked;
      }
    }
    QCOMPARE(checked, 12);
  }

  void childStepsMatchDerive() {
    const util::Bytes seed = *util::ParseHex("000102030405060708090a0b0c0d0e0f");
    ExtendedKey key = *Slip10Master(seed);
    for (const std::uint32_t i : {0u, 1u, 2u}) key = Slip10Child(key, i | HARDENED);
    auto derived = *Slip10Derive(seed, Path("m/0'/1'/2'"));
    QCOMPARE(Hex(key.key.span()), Hex(derived.key.span()));
    QCOMPARE(Hex(key.chain_code.span()), Hex(derived.chain_code.span()));
    // ed25519 has only hardened children: an index without the bit means the same hardened child.
    auto master = *Slip10Master(seed);
    QCOMPARE(Hex(Slip10Child(master, 7).key.span()), Hex(Slip10Child(master, 7 | HARDENED).key.span()));
    QCOMPARE(Hex(Slip10Child(master, 0).key.span()),
             std::string("68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3"));
  }

  void slip10RejectsBadSeedSizes() {
    for (const std::size_t n : {0, 1, 15, 65, 128}) {
      auto r = Slip10Master(util::Bytes(n, 1));
      QVERIFY(!r);
      QVERIFY2(Contains(r.error(), std::to_string(n)), r.error().c_str());
      QVERIFY(!Slip10Derive(util::Bytes(n, 1), Path("m/0'")));
    }
    QVERIFY(Slip10Master(util::Bytes(16, 1)));
    QVERIFY(Slip10Master(util::Bytes(64, 1)));
  }

  // ---- derivation paths ----

  void parsesPaths() {
    QCOMPARE(Path("m").indices.size(), std::size_t{0});
    QCOMPARE(FormatDerivationPath(Path("m")), std::string("m"));
    const DerivationPath expected{{44 | HARDENED, 7337 | HARDENED, 0 | HARDENED, 0 | HARDENED, 5 | HARDENED}};
    QVERIFY(Path("m/44'/7337'/0'/0'/5'") == expected);
    QVERIFY(Path("m/44h/7337H/0'/0h/5'") == expected);
    QCOMPARE(FormatDerivationPath(Path("m/44h/7337H/0'/0h/5H")), std::string("m/44'/7337'/0'/0'/5'"));
    QCOMPARE(Path("m/2147483647'").indices.front(), std::uint32_t{0xffffffff});
    QCOMPARE(Path("m/0'").indices.front(), HARDENED);

    std::string deepest = "m";
    for (std::size_t i = 0; i < MAX_DERIVATION_DEPTH; ++i) deepest += "/1'";
    QCOMPARE(Path(deepest).indices.size(), MAX_DERIVATION_DEPTH);
  }

  void rejectsMalformedPaths_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("mentions");  // the error must contain this text
    const auto row = [](const char* name, const QString& path, const char* mentions) {
      QTest::newRow(name) << path << QString::fromUtf8(mentions);
    };
    row("empty", "", "starts with 'm'");
    row("no m", "44'/0'", "starts with 'm'");
    row("leading slash", "/44'/0'", "starts with 'm'");
    row("capital M", "M/44'", "starts with 'm'");
    row("m without slash", "m44'", "starts with 'm/'");
    row("trailing slash", "m/44'/", "component 2 is empty");
    row("only slash", "m/", "component 1 is empty");
    row("double slash", "m//0'", "component 1 is empty");
    row("space inside", "m/44'/ 0'", "component 2 ' 0'' contains a space");
    row("space at end", "m/44'/0' ", "component 2 '0' ' contains a space");
    row("space at start", " m/44'", "space");
    row("space after m", "m /44'", "space");
    row("tab", "m/44'\t/0'", "component 1");
    row("not hardened", "m/44'/7337'/0", "component 3 '0' is not hardened");
    row("not hardened first", "m/44/7337'", "component 1 '44' is not hardened");
    row("2^31 marked", "m/2147483648'", "component 1 '2147483648'' is too large");
    row("2^31 unmarked", "m/0'/2147483648", "component 2 '2147483648' is too large");
    row("2^32", "m/4294967296'", "too large");
    row("huge", "m/99999999999999999999999'", "too large");
    row("negative", "m/-1'", "component 1 '-1'' is not a decimal index");
    row("plus", "m/+1'", "not a decimal index");
    row("double mark", "m/0''", "component 1 '0''' is not a decimal index");
    row("mark only", "m/'", "not a decimal index");
    row("hex", "m/0x1'", "not a decimal index");
    row("letters", "m/abc'", "not a decimal index");
    row("leading zero", "m/007'", "component 1 '007'' has a leading zero");
    row("unicode prime", "m/0\xe2\x80\xb2", "component 1");
    row("nul byte", QString::fromLatin1("m/0'\0", 5), "component 1 '0'?' is not a decimal index");
  }

  void rejectsMalformedPaths() {
    QFETCH(QString, path);
    QFETCH(QString, mentions);
    auto r = ParseDerivationPath(path.toStdString());
    QVERIFY(!r);
    QVERIFY2(Contains(r.error(), mentions.toStdString()), r.error().c_str());
  }

  void rejectsTooDeepPaths() {
    std::string deep = "m";
    for (std::size_t i = 0; i <= MAX_DERIVATION_DEPTH; ++i) deep += "/1'";
    auto r = ParseDerivationPath(deep);
    QVERIFY(!r);
    QVERIFY2(Contains(r.error(), "256 levels") && Contains(r.error(), "255"), r.error().c_str());
  }

  // ---- Cairn key paths (PROTOCOL.md section 1) ----

  void cairnKeyPaths() {
    QCOMPARE(FormatDerivationPath(*AccountKeyPath(0, 0)), std::string("m/44'/7337'/0'/0'/0'"));
    QCOMPARE(FormatDerivationPath(*AccountKeyPath(3, 17)), std::string("m/44'/7337'/3'/0'/17'"));
    QCOMPARE(FormatDerivationPath(*ConsensusKeyPath(3)), std::string("m/44'/7337'/3'/1'/0'"));
    QCOMPARE(FormatDerivationPath(*VrfKeyPath(3)), std::string("m/44'/7337'/3'/2'/0'"));
    QVERIFY(*AccountKeyPath(2, 9) == Path("m/44'/7337'/2'/0'/9'"));
    QVERIFY(AccountKeyPath(MAX_CHILD_INDEX, MAX_CHILD_INDEX));

    // Indices that would alias a smaller one once hardened are refused.
    QVERIFY(!AccountKeyPath(HARDENED, 0));
    QVERIFY(!AccountKeyPath(0, HARDENED));
    QVERIFY(!ConsensusKeyPath(0xffffffffu));
    QVERIFY2(Contains(VrfKeyPath(HARDENED | 5).error(), "2147483653"), VrfKeyPath(HARDENED | 5).error().c_str());

    // From one mnemonic, each role gives a different key, and derivation is deterministic.
    auto seed = *MnemonicToSeed(*ParseMnemonic(LEGAL), "");
    const auto account = PublicKeyAt(seed.span(), *AccountKeyPath(0, 0));
    const auto next = PublicKeyAt(seed.span(), *AccountKeyPath(0, 1));
    const auto consensus = PublicKeyAt(seed.span(), *ConsensusKeyPath(0));
    const auto vrf = PublicKeyAt(seed.span(), *VrfKeyPath(0));
    const auto other_account = PublicKeyAt(seed.span(), *ConsensusKeyPath(1));
    QCOMPARE(std::set<crypto::PublicKey>({account, next, consensus, vrf, other_account}).size(), std::size_t{5});
    QVERIFY(account == PublicKeyAt(seed.span(), Path("m/44'/7337'/0'/0'/0'")));
    QVERIFY(crypto::IsValidPublicKey(consensus));
    QVERIFY(crypto::IsValidPublicKey(vrf));
  }
};

QTEST_GUILESS_MAIN(TestWallet)
#include "test_wallet.moc"
