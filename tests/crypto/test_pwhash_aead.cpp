// The libsodium wrappers for data at rest: Argon2id key derivation (crypto/pwhash.h) and
// XChaCha20-Poly1305 IETF (crypto/aead.h). Published vectors pin the primitives; the rest checks what
// the wrappers add: size and limit checks, authentication of every byte, secure-memory results.
#include <QObject>
#include <QTest>

#include <string>

#include "crypto/aead.h"
#include "crypto/pwhash.h"
#include "crypto_test_util.h"

using namespace cairn::crypto;
using cairn::test::BytesFromHex;
using cairn::test::Hex;
using cairn::util::Bytes;
using cairn::util::ByteSpan;

namespace {

// draft-irtf-cfrg-xchacha-03, appendix A.3.1.
constexpr std::string_view XC_PLAINTEXT =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
constexpr std::string_view XC_AAD = "50515253c0c1c2c3c4c5c6c7";
constexpr std::string_view XC_KEY = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
constexpr std::string_view XC_NONCE = "404142434445464748494a4b4c4d4e4f5051525354555657";
constexpr std::string_view XC_CIPHERTEXT_AND_TAG =
    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c"
    "54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da97688"
    "12f615c68b13b52ec0875924c1c7987947deafd8780acf49";

SecureBuffer KeyFromHex(std::string_view hex) { return SecureBuffer::CopyOf(BytesFromHex(hex)); }

AeadNonce NonceFromHex(std::string_view hex) { return AeadNonce::FromSpan(BytesFromHex(hex)); }

const Bytes SALT = cairn::test::ToBytes("ABCDEFGHIJKLMNOP");

}  // namespace

class TestPwhashAead : public QObject {
  Q_OBJECT

 private slots:
  // ---- Argon2id ----
  void argon2idMatchesReferenceImplementation() {
    // Reference argon2 CLI: echo -n "123" | argon2 ABCDEFGHIJKLMNOP -id -v 13 -k 1024 -t 5 (p = 1).
    auto key = DeriveKey("123", SALT, {5, 1024 * 1024}, 32);
    QVERIFY(key.has_value());
    QCOMPARE(Hex(key->span()), QStringLiteral("3c5d010180ba0cf5b6b858cba23b318e42d33088983c404598599c3b029ecac6"));
  }

  void argon2idDependsOnEveryInput() {
    const PwhashLimits limits = PwhashTestLimits();
    const QString base = Hex(DeriveKey("passphrase", SALT, limits, 32)->span());
    QCOMPARE(Hex(DeriveKey("passphrase", SALT, limits, 32)->span()), base);  // deterministic
    QVERIFY(Hex(DeriveKey("passphrasf", SALT, limits, 32)->span()) != base);
    Bytes other_salt = SALT;
    other_salt[15] ^= 1;
    QVERIFY(Hex(DeriveKey("passphrase", other_salt, limits, 32)->span()) != base);
    QVERIFY(Hex(DeriveKey("passphrase", SALT, {limits.opslimit + 1, limits.memlimit}, 32)->span()) != base);
    QVERIFY(Hex(DeriveKey("passphrase", SALT, {limits.opslimit, limits.memlimit * 2}, 32)->span()) != base);
    QCOMPARE(DeriveKey("passphrase", SALT, limits, 64)->size(), std::size_t{64});
    QVERIFY(DeriveKey("", SALT, limits, 32).has_value());  // empty is a value; policy belongs to callers
  }

  void argon2idRefusesBadParameters() {
    const PwhashLimits limits = PwhashTestLimits();
    QCOMPARE(DeriveKey("p", Bytes(15, 0), limits, 32).error().kind, PwhashErrorKind::Input);
    QCOMPARE(DeriveKey("p", SALT, limits, 15).error().kind, PwhashErrorKind::Input);
    QCOMPARE(DeriveKey("p", SALT, limits, 65).error().kind, PwhashErrorKind::Input);
    QCOMPARE(DeriveKey(std::string(PWHASH_MAX_PASSPHRASE_BYTES + 1, 'a'), SALT, limits, 32).error().kind,
             PwhashErrorKind::Input);
    QVERIFY(DeriveKey(std::string(PWHASH_MAX_PASSPHRASE_BYTES, 'a'), SALT, limits, 32).has_value());
    // A hostile file may not ask for unbounded work or memory.
    QCOMPARE(DeriveKey("p", SALT, {0, limits.memlimit}, 32).error().kind, PwhashErrorKind::Limits);
    QCOMPARE(DeriveKey("p", SALT, {17, limits.memlimit}, 32).error().kind, PwhashErrorKind::Limits);
    QCOMPARE(DeriveKey("p", SALT, {1, 4096}, 32).error().kind, PwhashErrorKind::Limits);
    QCOMPARE(DeriveKey("p", SALT, {1, (std::uint64_t{4} << 30) + 1}, 32).error().kind, PwhashErrorKind::Limits);
    QVERIFY(PwhashLimitsAcceptable(PwhashDefaultLimits()));
    QVERIFY(PwhashLimitsAcceptable(PwhashTestLimits()));
    QCOMPARE(PwhashDefaultLimits().memlimit, std::uint64_t{256} << 20);
    QCOMPARE(PwhashDefaultLimits().opslimit, std::uint64_t{3});
  }

  // ---- XChaCha20-Poly1305 ----
  void aeadMatchesDraftVector() {
    const SecureBuffer key = KeyFromHex(XC_KEY);
    const AeadNonce nonce = NonceFromHex(XC_NONCE);
    const Bytes aad = BytesFromHex(XC_AAD);
    auto sealed = AeadSeal(key, nonce, cairn::util::AsBytes(XC_PLAINTEXT), aad);
    QVERIFY(sealed.has_value());
    QCOMPARE(Hex(*sealed), QString::fromLatin1(XC_CIPHERTEXT_AND_TAG.data(), XC_CIPHERTEXT_AND_TAG.size()));
    auto opened = AeadOpen(key, nonce, BytesFromHex(XC_CIPHERTEXT_AND_TAG), aad);
    QVERIFY(opened.has_value());
    QCOMPARE(std::string(reinterpret_cast<const char*>(opened->data()), opened->size()), std::string(XC_PLAINTEXT));
  }

  void aeadRejectsEveryChangedByte() {
    const SecureBuffer key = KeyFromHex(XC_KEY);
    const AeadNonce nonce = NonceFromHex(XC_NONCE);
    const Bytes aad = BytesFromHex(XC_AAD);
    const Bytes sealed = BytesFromHex(XC_CIPHERTEXT_AND_TAG);
    for (std::size_t i = 0; i < sealed.size(); ++i) {  // ciphertext and tag
      Bytes changed = sealed;
      changed[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
      QCOMPARE(AeadOpen(key, nonce, changed, aad).error().kind, AeadErrorKind::Authentication);
    }
    for (std::size_t i = 0; i < aad.size(); ++i) {
      Bytes changed = aad;
      changed[i] ^= 0x80;
      QCOMPARE(AeadOpen(key, nonce, sealed, changed).error().kind, AeadErrorKind::Authentication);
    }
    QCOMPARE(AeadOpen(key, nonce, sealed, ByteSpan{}).error().kind, AeadErrorKind::Authentication);
    for (std::size_t i = 0; i < AEAD_NONCE_SIZE; ++i) {
      AeadNonce changed = nonce;
      changed.bytes[i] ^= 1;
      QCOMPARE(AeadOpen(key, changed, sealed, aad).error().kind, AeadErrorKind::Authentication);
    }
    SecureBuffer wrong = key.Clone();
    wrong.data()[31] ^= 1;
    QCOMPARE(AeadOpen(wrong, nonce, sealed, aad).error().kind, AeadErrorKind::Authentication);
    // Truncated: a shorter ciphertext, or a lost tag.
    QCOMPARE(AeadOpen(key, nonce, ByteSpan(sealed).first(sealed.size() - 1), aad).error().kind, AeadErrorKind::Authentication);
    QCOMPARE(AeadOpen(key, nonce, ByteSpan(sealed).first(AEAD_TAG_SIZE - 1), aad).error().kind, AeadErrorKind::Input);
  }

  void aeadRoundTripsEmptyAndFreshNonces() {
    const SecureBuffer key = KeyFromHex(XC_KEY);
    const AeadNonce a = RandomAeadNonce();
    const AeadNonce b = RandomAeadNonce();
    QVERIFY(a != b);
    auto sealed = AeadSeal(key, a, ByteSpan{}, ByteSpan{});
    QVERIFY(sealed.has_value());
    QCOMPARE(sealed->size(), AEAD_TAG_SIZE);
    auto opened = AeadOpen(key, a, *sealed, ByteSpan{});
    QVERIFY(opened.has_value());
    QVERIFY(opened->empty());
    QCOMPARE(AeadOpen(key, b, *sealed, ByteSpan{}).error().kind, AeadErrorKind::Authentication);
  }

  void aeadRefusesWrongSizes() {
    const SecureBuffer short_key(31);
    const AeadNonce nonce = RandomAeadNonce();
    QCOMPARE(AeadSeal(short_key, nonce, Bytes{1}, ByteSpan{}).error().kind, AeadErrorKind::Input);
    QCOMPARE(AeadOpen(short_key, nonce, Bytes(32, 0), ByteSpan{}).error().kind, AeadErrorKind::Input);
    const SecureBuffer key(32);
    QCOMPARE(AeadSeal(key, nonce, Bytes(AEAD_MAX_PLAINTEXT_SIZE + 1, 0), ByteSpan{}).error().kind, AeadErrorKind::Input);
  }
};

int cairn::test::RunPwhashAeadTests(int argc, char** argv) {
  TestPwhashAead test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_pwhash_aead.moc"
