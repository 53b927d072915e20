// bech32m against the BIP-350 test vectors; addresses.
#include <QTest>

#include <random>

#include "chain/address.h"
#include "chain/bech32.h"
#include "crypto/sha256.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::chain;

class TestBech32 : public QObject {
  Q_OBJECT

 private slots:
  void bip350ValidStrings() {
    for (const char* s : {"A1LQFN3A", "a1lqfn3a",
                          "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
                          "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
                          "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
                          "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "?1v759aa"}) {
      auto r = Bech32mDecodeRaw(s);
      QVERIFY2(r.has_value(), s);
    }
    QCOMPARE(Bech32mDecodeRaw("A1LQFN3A")->hrp, std::string("a"));
  }

  void bip350InvalidStrings() {
    struct Case {
      std::string text;
      Bech32Error error;
    };
    const std::vector<Case> cases = {
        {std::string("\x20") + "1xj0phk", Bech32Error::InvalidHrp},
        {std::string("\x7f") + "1g6xzxy", Bech32Error::InvalidHrp},
        {std::string("\x80") + "1vctc34", Bech32Error::InvalidHrp},
        {"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4", Bech32Error::TooLong},
        {"qyrz8wqd2c9m", Bech32Error::NoSeparator},
        {"1qyrz8wqd2c9m", Bech32Error::InvalidHrp},
        {"y1b0jsk6g", Bech32Error::InvalidCharacter},
        {"lt1igcx5c0", Bech32Error::InvalidCharacter},
        {"in1muywd", Bech32Error::TooShort},
        {"mm1crxm3i", Bech32Error::InvalidCharacter},
        {"au1s5cgom", Bech32Error::InvalidCharacter},
        {"M1VUXWEZ", Bech32Error::BadChecksum},
        {"16plkw9", Bech32Error::InvalidHrp},
        {"1p2gdwpf", Bech32Error::InvalidHrp},
        // Segwit vectors of BIP-350 that fail at the bech32m layer.
        {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", Bech32Error::BadChecksum},
        {"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", Bech32Error::BadChecksum},
        {"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", Bech32Error::InvalidCharacter},
        {"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", Bech32Error::MixedCase},
        // Valid BIP-173 (bech32) strings must not pass as bech32m.
        {"A12UEL5L", Bech32Error::BadChecksum},
        {"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Bech32Error::BadChecksum},
    };
    for (const auto& c : cases) {
      auto r = Bech32mDecodeRaw(c.text);
      QVERIFY2(!r, c.text.c_str());
      QVERIFY2(r.error() == c.error, (c.text + ": " + std::string(Bech32ErrorMessage(r.error()))).c_str());
    }
  }

  void bip350ProgramsAndPadding() {
    // The witness version is the first 5-bit value; the program is the rest converted to bytes.
    auto r = Bech32mDecodeRaw("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
    QVERIFY(r.has_value());
    std::vector<std::uint8_t> program(r->values.begin() + 1, r->values.end());
    auto bytes = ConvertBits5To8(program);
    QVERIFY(bytes.has_value());
    QCOMPARE(util::ToHex(*bytes), std::string("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
    for (const char* s : {"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
                          "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j"}) {
      auto raw = Bech32mDecodeRaw(s);
      QVERIFY2(raw.has_value(), s);
      std::vector<std::uint8_t> p(raw->values.begin() + 1, raw->values.end());
      auto conv = ConvertBits5To8(p);
      QVERIFY2(!conv && conv.error() == Bech32Error::BadPadding, s);
    }
  }

  void randomRoundTrips() {
    std::mt19937 rng(350);
    for (int i = 0; i < 500; ++i) {
      util::Bytes data(rng() % 45);
      for (auto& b : data) b = static_cast<std::uint8_t>(rng());
      auto text = Bech32mEncode("cairn", data);
      QVERIFY(text.has_value());
      for (char c : *text) QVERIFY(!(c >= 'A' && c <= 'Z'));
      auto back = Bech32mDecode(*text);
      QVERIFY(back.has_value());
      QCOMPARE(back->hrp, std::string("cairn"));
      QCOMPARE(back->data, data);
      // Any single substitution is detected.
      std::string bad = *text;
      const std::size_t pos = 6 + rng() % (bad.size() - 6);
      bad[pos] = bad[pos] == 'q' ? 'p' : 'q';
      QVERIFY(!Bech32mDecode(bad));
    }
    QCOMPARE(Bech32mEncode("cairn", util::Bytes(60, 0)).error(), Bech32Error::TooLong);
    QCOMPARE(Bech32mEncode("", util::Bytes{}).error(), Bech32Error::InvalidHrp);
  }

  void addresses() {
    crypto::PublicKey key;
    key.bytes.fill(7);
    const Address a = AddressFromPublicKey(key);
    QCOMPARE(a.span().size(), std::size_t{20});
    const auto h = crypto::TaggedHash("addr", key.span());
    QVERIFY(std::equal(a.bytes.begin(), a.bytes.end(), h.bytes.begin()));
    const std::string main = EncodeAddress(a, MAINNET_HRP);
    const std::string test = EncodeAddress(a, TESTNET_HRP);
    QVERIFY(main.rfind("cairn1", 0) == 0);
    QVERIFY(test.rfind("tcairn1", 0) == 0);
    QCOMPARE(*DecodeAddress(main, MAINNET_HRP), a);
    QCOMPARE(*DecodeAddress(test, TESTNET_HRP), a);
    auto wrong = DecodeAddress(main, TESTNET_HRP);
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().kind, AddressErrorKind::WrongPrefix);
    QVERIFY(wrong.error().message.find("'cairn'") != std::string::npos);
    QVERIFY(wrong.error().message.find("'tcairn'") != std::string::npos);
    auto short_addr = DecodeAddress(*Bech32mEncode("cairn", util::Bytes(19, 1)), MAINNET_HRP);
    QCOMPARE(short_addr.error().kind, AddressErrorKind::WrongLength);
    std::string typo = main;
    typo[10] = typo[10] == 'q' ? 'p' : 'q';
    QCOMPARE(DecodeAddress(typo, MAINNET_HRP).error().kind, AddressErrorKind::Bech32);
  }
};

int RunBech32Tests(int argc, char** argv) {
  TestBech32 t;
  return QTest::qExec(&t, argc, argv);
}

#include "test_bech32.moc"
