// SHA-256 (NIST FIPS 180-2 examples), TaggedHash, HMAC-SHA-512 (RFC 4231), PBKDF2-HMAC-SHA-512 and
// BLAKE2b (RFC 7693 Appendix A, BLAKE2 reference KAT).
#include <QObject>
#include <QTest>

#include <array>
#include <string>

#include "crypto/blake2b.h"
#include "crypto/hmac.h"
#include "crypto/sha256.h"
#include "crypto_test_util.h"

using namespace cairn::crypto;
using cairn::test::BytesFromHex;
using cairn::test::FixedFromHex;
using cairn::util::AsBytes;
using cairn::util::Bytes;
using cairn::util::ByteSpan;

namespace {

Bytes Concat(ByteSpan a, ByteSpan b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

QString HmacHex(ByteSpan key, ByteSpan data) {
  std::array<std::uint8_t, HMAC_SHA512_SIZE> out{};
  HmacSha512(key, data, out);
  return cairn::test::Hex(out);
}

}  // namespace

class TestHashes : public QObject {
  Q_OBJECT

 private slots:
  void sha256NistExamples() {
    QCOMPARE(Sha256(AsBytes("abc")),
             FixedFromHex<32>("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(Sha256({}), FixedFromHex<32>("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(Sha256(AsBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
             FixedFromHex<32>("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  }

  void sha256MillionAIncremental() {
    // Uneven chunks cross the 64-byte block boundary at every possible offset.
    const std::string chunk(997, 'a');
    Sha256Hasher hasher;
    std::size_t left = 1'000'000;
    while (left > 0) {
      const std::size_t n = std::min(left, chunk.size());
      hasher.Write(AsBytes(std::string_view(chunk).substr(0, n)));
      left -= n;
    }
    QCOMPARE(hasher.Finalize(),
             FixedFromHex<32>("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  }

  void sha256IncrementalEqualsOneShot() {
    Bytes data(300);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
    const Hash256 expected = Sha256(data);
    for (std::size_t split = 0; split <= data.size(); split += 13) {
      Sha256Hasher hasher;
      hasher.Write(ByteSpan(data).first(split)).Write(ByteSpan(data).subspan(split));
      QCOMPARE(hasher.Finalize(), expected);
    }
  }

  void sha256HasherResetsAfterFinalize() {
    Sha256Hasher hasher("some/tag");
    hasher.Write(AsBytes("first"));
    (void)hasher.Finalize();
    // After Finalize the hasher is untagged and empty.
    QCOMPARE(hasher.Write(AsBytes("abc")).Finalize(), Sha256(AsBytes("abc")));
    QCOMPARE(hasher.Finalize(), Sha256({}));
  }

  void taggedHashIsSha256OfTagZeroData() {
    using namespace std::string_view_literals;
    const std::uint8_t zero = 0;
    for (const std::string_view tag : {""sv, "merkle/leaf"sv, "tx"sv}) {
      for (const std::string_view data : {""sv, "abc"sv, "payload with \0 inside"sv}) {
        const Bytes preimage = Concat(Concat(AsBytes(tag), {&zero, 1}), AsBytes(data));
        QCOMPARE(TaggedHash(tag, AsBytes(data)), Sha256(preimage));
        Sha256Hasher hasher(tag);
        QCOMPARE(hasher.Write(AsBytes(data)).Finalize(), Sha256(preimage));
      }
    }
    // The terminator keeps (tag, data) pairs apart that plain concatenation would merge.
    QVERIFY(TaggedHash("ab", AsBytes("c")) != TaggedHash("a", AsBytes("bc")));
    QVERIFY(TaggedHash("a", {}) != Sha256(AsBytes("a")));
  }

  void hmacSha512Rfc4231() {
    // Test case 5 (truncated output) is left out: the API has a fixed 64-byte output.
    QCOMPARE(HmacHex(Bytes(20, 0x0b), AsBytes("Hi There")),
             QStringLiteral("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                            "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"));
    QCOMPARE(HmacHex(AsBytes("Jefe"), AsBytes("what do ya want for nothing?")),
             QStringLiteral("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
    QCOMPARE(HmacHex(Bytes(20, 0xaa), Bytes(50, 0xdd)),
             QStringLiteral("fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                            "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"));
    QCOMPARE(HmacHex(BytesFromHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Bytes(50, 0xcd)),
             QStringLiteral("b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                            "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"));
    QCOMPARE(HmacHex(Bytes(131, 0xaa), AsBytes("Test Using Larger Than Block-Size Key - Hash Key First")),
             QStringLiteral("80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                            "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"));
    QCOMPARE(HmacHex(Bytes(131, 0xaa),
                     AsBytes("This is a test using a larger than block-size key and a larger than block-size "
                             "data. The key needs to be hashed before being used by the HMAC algorithm.")),
             QStringLiteral("e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                            "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"));
  }

  void hmacSha512PartsEqualConcatenation() {
    const Bytes key = BytesFromHex("000102030405");
    std::array<std::uint8_t, HMAC_SHA512_SIZE> whole{};
    std::array<std::uint8_t, HMAC_SHA512_SIZE> parts{};
    HmacSha512(key, AsBytes("Bitcoin seed"), whole);
    HmacSha512(key, {AsBytes("Bit"), ByteSpan{}, AsBytes("coin "), AsBytes("seed")}, parts);
    QCOMPARE(cairn::test::Hex(parts), cairn::test::Hex(whole));
  }

  void pbkdf2HmacSha512KnownAnswers() {
    std::array<std::uint8_t, 64> out{};
    Pbkdf2HmacSha512(AsBytes("password"), AsBytes("salt"), 1, out);
    QCOMPARE(cairn::test::Hex(out),
             QStringLiteral("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                            "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"));
    Pbkdf2HmacSha512(AsBytes("password"), AsBytes("salt"), 2, out);
    QCOMPARE(cairn::test::Hex(out),
             QStringLiteral("e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
                            "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e"));
    // One iteration is one HMAC over salt || INT(1).
    std::array<std::uint8_t, HMAC_SHA512_SIZE> block{};
    HmacSha512(AsBytes("password"), {AsBytes("salt"), BytesFromHex("00000001")}, block);
    Pbkdf2HmacSha512(AsBytes("password"), AsBytes("salt"), 1, out);
    QCOMPARE(cairn::test::Hex(out), cairn::test::Hex(block));
  }

  void blake2bKnownAnswers() {
    QCOMPARE(Blake2b512({}),
             FixedFromHex<64>("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                              "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"));
    QCOMPARE(Blake2b512(AsBytes("abc")),
             FixedFromHex<64>("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                              "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"));
    // BLAKE2 reference blake2b-kat.txt, keyed with 00..3f: the empty message and 00..fe.
    Bytes key(64);
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
    Bytes message(255);
    for (std::size_t i = 0; i < message.size(); ++i) message[i] = static_cast<std::uint8_t>(i);
    std::array<std::uint8_t, 64> out{};
    QVERIFY(Blake2b({}, key, out));
    QCOMPARE(cairn::test::Hex(out),
             QStringLiteral("10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                            "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568"));
    QVERIFY(Blake2b(message, key, out));
    QCOMPARE(cairn::test::Hex(out),
             QStringLiteral("142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
                            "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461"));
  }

  void blake2bLengths() {
    std::array<std::uint8_t, 65> big{};
    const Bytes key65(65, 1);
    QVERIFY(!Blake2b(AsBytes("abc"), {}, std::span<std::uint8_t>(big.data(), 0)));
    QVERIFY(!Blake2b(AsBytes("abc"), {}, big));                                  // 65-byte output
    QVERIFY(!Blake2b(AsBytes("abc"), key65, std::span<std::uint8_t>(big.data(), 32)));
    QVERIFY(!Blake2b(AsBytes("abc"), {}, std::span<std::uint8_t>(big.data(), 15)));  // libsodium's minimum is 16
    QVERIFY(Blake2b(AsBytes("abc"), {}, std::span<std::uint8_t>(big.data(), 16)));
    QVERIFY(Blake2b(AsBytes("abc"), Bytes(64, 1), std::span<std::uint8_t>(big.data(), 64)));
    // The output length is a parameter of BLAKE2b, not a truncation.
    std::array<std::uint8_t, 32> short_out{};
    QVERIFY(Blake2b(AsBytes("abc"), {}, short_out));
    QVERIFY(cairn::test::Hex(short_out) != cairn::test::Hex(ByteSpan(Blake2b512(AsBytes("abc")).span()).first(32)));
  }
};

int cairn::test::RunHashTests(int argc, char** argv) {
  TestHashes tests;
  return QTest::qExec(&tests, argc, argv);
}

#include "test_hashes.moc"
