// Unit tests for node/util: Result, hex, checked arithmetic, clocks, logging.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>
#include <string>

#include "util/checked_math.h"
#include "util/clock.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/result.h"
#include "util/utf8.h"

using namespace cairn::util;

namespace {

enum class ParseError { Empty, TooBig };

Result<int, ParseError> ParseSmall(std::string_view s) {
  if (s.empty()) return Err(ParseError::Empty);
  if (s.size() > 2) return Err(ParseError::TooBig);
  return std::stoi(std::string(s));
}

Result<void, std::string> Check(bool ok) {
  if (!ok) return Err(std::string("not ok"));
  return {};
}

std::string ReadFile(const QString& path) {
  std::ifstream in(path.toStdString());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

class TestUtil : public QObject {
  Q_OBJECT

 private slots:
  void resultCarriesValueOrError() {
    auto ok = ParseSmall("42");
    QVERIFY(ok.has_value());
    QCOMPARE(*ok, 42);
    auto empty = ParseSmall("");
    QVERIFY(!empty);
    QCOMPARE(empty.error(), ParseError::Empty);
    QCOMPARE(ParseSmall("123").error(), ParseError::TooBig);
    QCOMPARE(ParseSmall("").value_or(7), 7);
    QVERIFY(Check(true).has_value());
    QCOMPARE(Check(false).error(), std::string("not ok"));
  }

  void resultHoldsMoveOnlyValues() {
    Result<std::unique_ptr<int>, int> r = std::make_unique<int>(5);
    QVERIFY(r);
    std::unique_ptr<int> p = std::move(r).value();
    QCOMPARE(*p, 5);
  }

  void hexRoundTrip() {
    const Bytes data = {0x00, 0x01, 0xab, 0xff};
    QCOMPARE(ToHex(data), std::string("0001abff"));
    QCOMPARE(*ParseHex("0001ABff"), data);
    QCOMPARE(ParseHex("")->size(), size_t{0});
  }

  void hexRejectsMalformed() {
    QVERIFY(!ParseHex("abc"));     // odd length
    QVERIFY(!ParseHex("zz"));      // not hex
    QVERIFY(!ParseHex("0x00"));    // prefix must be stripped explicitly
    QVERIFY(!ParseHex("00 11"));   // no spaces
    QCOMPARE(StripHexPrefix("0xAB"), std::string_view("AB"));
    QCOMPARE(StripHexPrefix("AB"), std::string_view("AB"));
    QVERIFY(!ParseFixedHex<2>("001122"));
    QCOMPARE(ParseFixedHex<2>("0011")->bytes[1], std::uint8_t{0x11});
  }

  void utf8AcceptsWellFormedText() {
    QVERIFY(IsValidUtf8(""));
    QVERIFY(IsValidUtf8("plain ascii"));
    QVERIFY(IsValidUtf8("gr\xc3\xbc\xc3\x9f"));              // two-byte
    QVERIFY(IsValidUtf8("\xe2\x82\xac"));                       // U+20AC, three bytes
    QVERIFY(IsValidUtf8("\xf0\x9f\x98\x80"));                    // U+1F600, four bytes
    QVERIFY(IsValidUtf8("\xf4\x8f\xbf\xbf"));                    // U+10FFFF, the last code point
    const Utf8Char euro = DecodeUtf8At("a\xe2\x82\xac", 1);
    QCOMPARE(euro.length, size_t{3});
    QCOMPARE(static_cast<std::uint32_t>(euro.code_point), 0x20ACu);
  }

  void utf8RejectsMalformedText() {
    QVERIFY(!IsValidUtf8("\xc0\xaf"));          // overlong '/'
    QVERIFY(!IsValidUtf8("\xe0\x80\xaf"));      // overlong, three bytes
    QVERIFY(!IsValidUtf8("\xed\xa0\x80"));      // U+D800, a surrogate
    QVERIFY(!IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    QVERIFY(!IsValidUtf8("\xe2\x82"));          // truncated
    QVERIFY(!IsValidUtf8("\x80"));              // lone continuation byte
    QVERIFY(!IsValidUtf8("\xff"));              // never valid
    QVERIFY(!IsValidUtf8("ok\xc3("));           // bad continuation
    QCOMPARE(DecodeUtf8At("\xc3(", 0).length, size_t{0});
  }

  void checkedMathDetectsOverflow() {
    QCOMPARE(*CheckedAdd(1, 2), std::uint64_t{3});
    QVERIFY(!CheckedAdd(UINT64_MAX, 1));
    QCOMPARE(*CheckedAdd(UINT64_MAX - 1, 1), UINT64_MAX);
    QVERIFY(!CheckedSub(1, 2));
    QCOMPARE(*CheckedSub(2, 2), std::uint64_t{0});
    QVERIFY(!CheckedMul(std::uint64_t{1} << 32, std::uint64_t{1} << 32));
    QCOMPARE(*CheckedMul(std::uint64_t{1} << 31, std::uint64_t{1} << 32), std::uint64_t{1} << 63);
    // MulDiv keeps the 128-bit intermediate: UINT64_MAX * 10000 / 10000 does not overflow.
    QCOMPARE(*MulDiv(UINT64_MAX, 10000, 10000), UINT64_MAX);
    QCOMPARE(*MulDiv(1000, 2500, 10000), std::uint64_t{250});
    QVERIFY(!MulDiv(1, 1, 0));
    QVERIFY(!MulDiv(UINT64_MAX, 2, 1));
  }

  void manualClockMovesOnlyWhenTold() {
    ManualClock clock(1000);
    QCOMPARE(clock.NowMs(), std::int64_t{1000});
    clock.AdvanceMs(250);
    QCOMPARE(clock.NowMs(), std::int64_t{1250});
    clock.SetMs(5);
    QCOMPARE(clock.SteadyMs(), std::int64_t{5});
    const std::int64_t a = SystemClock::Instance().SteadyMs();
    QVERIFY(SystemClock::Instance().SteadyMs() >= a);
    QVERIFY(SystemClock::Instance().NowMs() > 1'600'000'000'000);  // after 2020
  }

  void logSpecParsing() {
    LogConfig config;
    QVERIFY(ApplyLogSpec(config, "warn,net=debug,p2p=trace").has_value());
    QCOMPARE(config.levels[size_t(LogCategory::Net)], LogLevel::Debug);
    QCOMPARE(config.levels[size_t(LogCategory::P2p)], LogLevel::Trace);
    QCOMPARE(config.levels[size_t(LogCategory::Wallet)], LogLevel::Warn);
    QVERIFY(!ApplyLogSpec(config, "loud"));
    QVERIFY(!ApplyLogSpec(config, "nosuch=debug"));
    QVERIFY(!ApplyLogSpec(config, "net=chatty"));
  }

  void logWritesFilteredEscapedLines() {
    QTemporaryDir dir;
    const QString path = dir.filePath("debug.log");
    ManualClock clock(1'700'000'000'123);
    LogConfig config;
    config.to_stderr = false;
    config.file_path = path.toStdString();
    config.clock = &clock;
    QVERIFY(ApplyLogSpec(config, "info,net=debug").has_value());
    QVERIFY(ConfigureLogging(config).has_value());

    int evaluated = 0;
    auto count = [&] { return ++evaluated; };
    CAIRN_LOG(Net, Debug) << "peer " << count();
    CAIRN_LOG(Wallet, Debug) << "hidden " << count();  // below threshold: not even evaluated
    CAIRN_LOG(Wallet, Warn) << "line\nforged info: x";
    QCOMPARE(evaluated, 1);

    const std::string text = ReadFile(path);
    QVERIFY(text.find("2023-11-14T22:13:20.123Z debug net: peer 1\n") != std::string::npos);
    QVERIFY(text.find("hidden") == std::string::npos);
    QVERIFY(text.find("warn wallet: line\\x0aforged info: x\n") != std::string::npos);
    QCOMPARE(std::count(text.begin(), text.end(), '\n'), 2L);

    LogConfig reset;
    reset.to_stderr = true;
    QVERIFY(ConfigureLogging(reset).has_value());
  }

  void logFileThatCannotOpenIsAnError() {
    LogConfig config;
    config.file_path = "/nonexistent-dir/cairn/debug.log";
    auto r = ConfigureLogging(config);
    QVERIFY(!r);
    QVERIFY(r.error().find("/nonexistent-dir/cairn/debug.log") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestUtil)
#include "test_util.moc"
