// Codec primitives: varints, bools, tags, byte strings, UTF-8 rules, field paths; amounts.
#include <QTest>

#include "chain/amount.h"
#include "chain/codec.h"
#include "chain/ids.h"

using namespace cairn;
using namespace cairn::chain;

namespace {

util::Bytes B(std::initializer_list<int> v) {
  util::Bytes out;
  for (int x : v) out.push_back(static_cast<std::uint8_t>(x));
  return out;
}

}  // namespace

class TestCodec : public QObject {
  Q_OBJECT

 private slots:
  void integersAreLittleEndian() {
    Writer w;
    w.U16(0x0102);
    w.U32(0x03040506);
    w.U64(0x0708090a0b0c0d0eull);
    QCOMPARE(w.bytes(), B({2, 1, 6, 5, 4, 3, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 9, 8, 7}));
    Reader r(w.bytes(), "x");
    QCOMPARE(r.U16("a"), std::uint16_t{0x0102});
    QCOMPARE(r.U32("b"), 0x03040506u);
    QCOMPARE(r.U64("c"), 0x0708090a0b0c0d0eull);
    r.ExpectEnd();
    QVERIFY(r.ok());
  }

  void varintRoundTripsAndIsCanonical() {
    for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 300ull, 16383ull, 16384ull, 0xFFFFFFFFull}) {
      Writer w;
      w.Varint(v);
      Reader r(w.bytes(), "x");
      QCOMPARE(r.Varint("n"), v);
      QVERIFY(r.ok());
      QCOMPARE(r.remaining(), std::size_t{0});
    }
    Writer w;
    w.Varint(300);
    QCOMPARE(w.bytes(), B({0xac, 0x02}));
    const std::vector<util::Bytes> bad = {B({0x80, 0x00}), B({0xff, 0x00}), B({0x80, 0x80, 0x00}),
                                          B({0x80, 0x80, 0x80, 0x80, 0x10}),  // 2^32
                                          B({0xff, 0xff, 0xff, 0xff, 0xff, 0x01})};
    for (const auto& b : bad) {
      Reader r(b, "x");  // b outlives r
      (void)r.Varint("len");
      QVERIFY(!r.ok());
      QCOMPARE(r.error().kind, DecodeErrorKind::NonCanonicalVarint);
      QCOMPARE(r.error().field, std::string("x.len"));
    }
    const util::Bytes t_in = B({0x80});
    Reader t(t_in, "x");
    (void)t.Varint("len");
    QCOMPARE(t.error().kind, DecodeErrorKind::Truncated);
  }

  void boolsAndTags() {
    const util::Bytes r_in = B({0, 1, 2});
    Reader r(r_in, "x");
    QCOMPARE(r.Bool("a"), false);
    QCOMPARE(r.Bool("b"), true);
    (void)r.Bool("c");
    QCOMPARE(r.error().kind, DecodeErrorKind::InvalidBool);
    QCOMPARE(r.error().field, std::string("x.c"));
    QCOMPARE(r.error().offset, std::size_t{2});
    const util::Bytes t_in = B({4});
    Reader t(t_in, "x");
    (void)t.Tag("kind", 4);
    QCOMPARE(t.error().kind, DecodeErrorKind::UnknownTag);
  }

  void byteStringsAreBoundedBeforeAllocation() {
    // Claims 2^32-1 bytes with one byte left: rejected without allocating.
    const util::Bytes r_in = B({0xff, 0xff, 0xff, 0xff, 0x0f, 0x01});
    Reader r(r_in, "x");
    (void)r.VarBytes("memo", 0, SIZE_MAX);
    QCOMPARE(r.error().kind, DecodeErrorKind::LengthExceedsInput);
    const util::Bytes m_in = B({0x03, 1, 2, 3});
    Reader m(m_in, "x");
    (void)m.VarBytes("memo", 0, 2);
    QCOMPARE(m.error().kind, DecodeErrorKind::TooLong);
    const util::Bytes s_in = B({0x00});
    Reader s(s_in, "x");
    (void)s.VarBytes("moniker", 1, 2);
    QCOMPARE(s.error().kind, DecodeErrorKind::TooShort);
    const util::Bytes c_in = B({0x05, 1, 2});
    Reader c(c_in, "x");
    (void)c.Count("items", 100, 1);
    QCOMPARE(c.error().kind, DecodeErrorKind::LengthExceedsInput);
  }

  void errorsAreStickyAndPathsNest() {
    const util::Bytes r_in = B({1});
    Reader r(r_in, "block");
    {
      Reader::Field f(r, "body");
      Reader::Field g(r, "txs");
      Reader::Field i(r, std::size_t{3});
      (void)r.U32("nonce");
    }
    QVERIFY(!r.ok());
    QCOMPARE(r.error().field, std::string("block.body.txs[3].nonce"));
    QCOMPARE(r.U64("later"), std::uint64_t{0});
    QCOMPARE(r.error().field, std::string("block.body.txs[3].nonce"));
    QVERIFY(r.error().Message().find("block.body.txs[3].nonce") == 0);
  }

  void utf8Rules() {
    auto check = [](std::string_view s, TextRule rule) { return CheckText(s, rule, nullptr, nullptr); };
    QVERIFY(check("plain", TextRule::SingleLine));
    QVERIFY(check("caf\xc3\xa9 \xe2\x9b\xb0 \xf0\x9f\x98\x80", TextRule::SingleLine));
    QVERIFY(!check("\xc0\xaf", TextRule::AnyUtf8));              // overlong '/'
    QVERIFY(!check("\xe0\x80\xaf", TextRule::AnyUtf8));          // overlong
    QVERIFY(!check("\xed\xa0\x80", TextRule::AnyUtf8));          // surrogate U+D800
    QVERIFY(!check("\xf4\x90\x80\x80", TextRule::AnyUtf8));      // U+110000
    QVERIFY(!check("\xf8\x88\x80\x80\x80", TextRule::AnyUtf8));  // 5-byte form
    QVERIFY(!check("\xc3", TextRule::AnyUtf8));                  // truncated
    QVERIFY(!check("\x80", TextRule::AnyUtf8));                  // stray continuation
    QVERIFY(check("a\nb", TextRule::MultiLine));
    QVERIFY(!check("a\nb", TextRule::SingleLine));
    QVERIFY(!check("a\rb", TextRule::MultiLine));
    QVERIFY(!check("a\x7f", TextRule::SingleLine));
    QVERIFY(!check("\xc2\x85", TextRule::SingleLine));      // C1 NEL
    QVERIFY(!check("\xe2\x80\xae", TextRule::SingleLine));  // RLO
    QVERIFY(check("\xe2\x80\xae", TextRule::AnyUtf8));
    DecodeErrorKind kind{};
    std::size_t at = 0;
    QVERIFY(!CheckText("ab\x01", TextRule::SingleLine, &kind, &at));
    QCOMPARE(kind, DecodeErrorKind::ControlCharacter);
    QCOMPARE(at, std::size_t{2});
  }

  void chainIds() {
    QVERIFY(ChainId::Parse("cairn-devnet-1").has_value());
    QVERIFY(ChainId::Parse(std::string(32, 'a')).has_value());
    QVERIFY(!ChainId::Parse(std::string(33, 'a')));
    QVERIFY(!ChainId::Parse(""));
    QVERIFY(!ChainId::Parse("Cairn"));
    QVERIFY(!ChainId::Parse("cairn_1"));
    QVERIFY(!ChainId::Parse("cairn 1"));
  }

  void formatAmount() {
    QCOMPARE(FormatAmount(0), std::string("0"));
    QCOMPARE(FormatAmount(1), std::string("0.00000001"));
    QCOMPARE(FormatAmount(COIN), std::string("1"));
    QCOMPARE(FormatAmount(1'234'500'000), std::string("12.345"));
    QCOMPARE(FormatAmount(10 * COIN + 10), std::string("10.0000001"));
    QCOMPARE(FormatAmount(UINT64_MAX), std::string("184467440737.09551615"));
  }

  void parseAmount() {
    QCOMPARE(*ParseAmount("0"), Amount{0});
    QCOMPARE(*ParseAmount("12.345"), Amount{1'234'500'000});
    QCOMPARE(*ParseAmount("12.50"), Amount{1'250'000'000});
    QCOMPARE(*ParseAmount("0.00000001"), Amount{1});
    QCOMPARE(*ParseAmount("184467440737.09551615"), UINT64_MAX);
    for (const char* bad : {"", "0.", ".5", "01", "-1", "+1", "1e5", " 1", "1 ", "1.123456789", "1.2.3", "1,5",
                            "184467440737.09551616", "99999999999999999999", "abc"}) {
      QVERIFY2(!ParseAmount(bad), bad);
    }
    for (Amount v : {Amount{0}, Amount{1}, COIN, Amount{123456789012345}, UINT64_MAX}) {
      QCOMPARE(*ParseAmount(FormatAmount(v)), v);
    }
  }
};

int RunCodecTests(int argc, char** argv) {
  TestCodec t;
  return QTest::qExec(&t, argc, argv);
}

#include "test_codec.moc"
