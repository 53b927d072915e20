// ECVRF-EDWARDS25519-SHA512-TAI: RFC 9381 Appendix B.3 examples with every intermediate value, round
// trips, and rejection of every kind of bad proof or key, including the cases where Cairn is stricter
// than the RFC (see ecvrf.h).
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTest>

#include <sodium.h>

#include <array>
#include <cstring>

#include "crypto/ecvrf.h"
#include "crypto/ecvrf_detail.h"
#include "crypto_test_util.h"
#include "vectors.h"

using namespace cairn::crypto;
using cairn::crypto::ecvrf_detail::Point;
using cairn::test::BytesFromHex;
using cairn::test::FixedFromHex;
using cairn::test::ToBytes;
using cairn::util::Bytes;
using cairn::util::ByteSpan;

namespace {

// RFC 8032 TEST 1-3 seeds: the keys of RFC 9381 Examples 16-18.
const char* const SEEDS[] = {
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
};

const char* const IDENTITY = "0100000000000000000000000000000000000000000000000000000000000000";
const char* const ORDER_8_POINT = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05";
const char* const SMALL_ORDER_POINTS[] = {
    IDENTITY,
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    ORDER_8_POINT,
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
};
const char* const BASE_POINT = "5866666666666666666666666666666666666666666666666666666666666666";

constexpr std::array<std::uint8_t, 32> ORDER_L = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                                  0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                                  0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};

SecretKey KeyFromSeed(const char* seed_hex) { return *SecretKey::FromSeed(BytesFromHex(seed_hex)); }

Point GammaOf(const VrfProof& proof) { return Point::FromSpan(proof.span().first(32)); }

VrfProof WithGamma(VrfProof proof, const Point& gamma) {
  std::memcpy(proof.data(), gamma.data(), 32);
  return proof;
}

Point Add(const Point& a, const Point& b) {
  Point r;
  if (crypto_core_ed25519_add(r.data(), a.data(), b.data()) != 0) {
    QTest::qFail("point addition failed", __FILE__, __LINE__);
  }
  return r;
}

// p + t as a little-endian 255-bit y with the sign bit clear: the non-canonical twin of y = t.
Point NonCanonicalY(std::uint8_t t) {
  Point p = FixedFromHex<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  p.bytes[0] = static_cast<std::uint8_t>(0xed + t);
  return p;
}

}  // namespace

class TestEcvrf : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { EnsureSodium(); }

  void rfc9381Examples() {
    CAIRN_LOAD_VECTORS(doc, "ecvrf_edwards25519_sha512_tai.json");
    const QJsonArray vectors = doc.object().value("vectors").toArray();
    QCOMPARE(vectors.size(), 3);
    for (const auto value : vectors) {
      const QJsonObject v = value.toObject();
      const QByteArray name = v.value("name").toString().toUtf8();
      auto field = [&v](const char* key) { return cairn::test::HexField(v.value(key).toString()); };
      const auto key = SecretKey::FromSeed(field("sk"));
      QVERIFY2(key, name);
      const Bytes alpha = field("alpha");
      QCOMPARE(cairn::test::Hex(key->public_key().span()), v.value("pk").toString());

      std::array<std::uint8_t, 32> x{};
      QVERIFY(ecvrf_detail::SecretScalar(*key, x));
      QCOMPARE(cairn::test::Hex(x), v.value("x").toString());

      const auto encoded = ecvrf_detail::EncodeToCurveTai(key->public_key(), alpha);
      QVERIFY2(encoded, name);
      QCOMPARE(cairn::test::Hex(encoded->h.span()), v.value("H").toString());
      QCOMPARE(int{encoded->ctr}, v.value("ctr").toInt());

      std::array<std::uint8_t, 64> k_string{};
      QVERIFY(ecvrf_detail::NonceHash(*key, encoded->h, k_string));
      QCOMPARE(cairn::test::Hex(k_string), v.value("k").toString());

      const VrfProof proof = VrfProve(*key, alpha);
      QCOMPARE(cairn::test::Hex(proof.span()), v.value("pi").toString());

      const auto points = ecvrf_detail::ComputeVerifierPoints(key->public_key(), encoded->h, proof);
      QVERIFY2(points, name);
      QCOMPARE(cairn::test::Hex(points->u.span()), v.value("U").toString());
      QCOMPARE(cairn::test::Hex(points->v.span()), v.value("V").toString());

      const auto beta = VrfVerify(key->public_key(), alpha, proof);
      QVERIFY2(beta, name);
      QCOMPARE(cairn::test::Hex(beta->span()), v.value("beta").toString());
      const auto beta_again = VrfProofToHash(proof);
      QVERIFY(beta_again);
      QCOMPARE(*beta_again, *beta);
      Wipe(x);
      Wipe(k_string);
    }
  }

  void roundTrip() {
    for (int i = 0; i < 6; ++i) {
      const SecretKey key = SecretKey::Generate();
      Bytes alpha(static_cast<std::size_t>(i * 19));
      RandomBytes(alpha);
      const VrfProof proof = VrfProve(key, alpha);
      QCOMPARE(VrfProve(key, alpha), proof);  // deterministic: one proof per (key, alpha)
      const auto beta = VrfVerify(key.public_key(), alpha, proof);
      QVERIFY(beta);
      QCOMPARE(*VrfProofToHash(proof), *beta);
      QVERIFY(crypto_core_ed25519_is_valid_point(GammaOf(proof).data()) == 1);
      // Another input or another key gives another output.
      Bytes other_alpha = alpha;
      other_alpha.push_back(0);
      QVERIFY(*VrfVerify(key.public_key(), other_alpha, VrfProve(key, other_alpha)) != *beta);
      const SecretKey other_key = SecretKey::Generate();
      QVERIFY(*VrfVerify(other_key.public_key(), alpha, VrfProve(other_key, alpha)) != *beta);
    }
  }

  void flippedBitsAreRejected() {
    const SecretKey key = KeyFromSeed(SEEDS[0]);
    const Bytes alpha = ToBytes("parent seed || slot 42");
    const VrfProof proof = VrfProve(key, alpha);
    QVERIFY(VrfVerify(key.public_key(), alpha, proof));
    for (std::size_t bit = 0; bit < VrfProof::SIZE * 8; ++bit) {
      VrfProof changed = proof;
      changed.bytes[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
      const char* part = bit < 256 ? "Gamma" : bit < 384 ? "c" : "s";
      QVERIFY2(!VrfVerify(key.public_key(), alpha, changed),
               qPrintable(QStringLiteral("%1, proof bit %2").arg(part).arg(bit)));
    }
  }

  void scalarNotBelowOrderIsRejected() {
    const SecretKey key = KeyFromSeed(SEEDS[1]);
    const Bytes alpha = ToBytes("alpha");
    const VrfProof proof = VrfProve(key, alpha);
    QVERIFY(VrfVerify(key.public_key(), alpha, proof));
    // s + L is the same scalar mod L, so the verification equations still hold: only the range
    // check stops this second encoding of the same proof.
    VrfProof s_plus_l = proof;
    sodium_add(s_plus_l.data() + 48, ORDER_L.data(), 32);
    QVERIFY(s_plus_l.bytes[79] < 0x80);  // no overflow out of 256 bits
    QVERIFY(!VrfVerify(key.public_key(), alpha, s_plus_l));
    VrfProof s_equals_l = proof;
    std::memcpy(s_equals_l.data() + 48, ORDER_L.data(), 32);
    QVERIFY(!VrfVerify(key.public_key(), alpha, s_equals_l));
    VrfProof s_max = proof;
    std::memset(s_max.data() + 48, 0xff, 32);
    QVERIFY(!VrfVerify(key.public_key(), alpha, s_max));
    VrfProof s_zero = proof;
    std::memset(s_zero.data() + 48, 0, 32);
    QVERIFY(!VrfVerify(key.public_key(), alpha, s_zero));
    VrfProof c_zero = proof;
    std::memset(c_zero.data() + 32, 0, 16);
    QVERIFY(!VrfVerify(key.public_key(), alpha, c_zero));
  }

  void wrongAlphaOrKeyIsRejected() {
    const SecretKey key = KeyFromSeed(SEEDS[2]);
    const SecretKey other = KeyFromSeed(SEEDS[0]);
    const Bytes alpha = ToBytes("slot 7");
    const VrfProof proof = VrfProve(key, alpha);
    QVERIFY(VrfVerify(key.public_key(), alpha, proof));
    QVERIFY(!VrfVerify(key.public_key(), ToBytes("slot 8"), proof));
    QVERIFY(!VrfVerify(key.public_key(), ToBytes(std::string_view("slot 7\0", 7)), proof));
    QVERIFY(!VrfVerify(key.public_key(), {}, proof));
    QVERIFY(!VrfVerify(other.public_key(), alpha, proof));
    QVERIFY(!VrfVerify(key.public_key(), alpha, VrfProve(other, alpha)));
    QVERIFY(!VrfVerify(key.public_key(), alpha, VrfProof{}));
  }

  void strictPointDecoding() {
    using ecvrf_detail::IsDecodablePoint;
    QVERIFY(IsDecodablePoint(FixedFromHex<32>(BASE_POINT)));
    // No subgroup check in decoding: small-order and mixed-order points decode.
    for (const char* hex : SMALL_ORDER_POINTS) QVERIFY2(IsDecodablePoint(FixedFromHex<32>(hex)), hex);
    QVERIFY(IsDecodablePoint(Add(FixedFromHex<32>(BASE_POINT), FixedFromHex<32>(ORDER_8_POINT))));
    // y = 2 has no x.
    Point y2;
    y2.bytes[0] = 2;
    QVERIFY(!IsDecodablePoint(y2));
    // "Negative zero" x: libsodium's own decoding (behind crypto_core_ed25519_add) accepts these, which
    // is why IsDecodablePoint checks them first.
    for (const char* hex : {"0100000000000000000000000000000000000000000000000000000000000080",
                            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}) {
      const Point p = FixedFromHex<32>(hex);
      QVERIFY2(!IsDecodablePoint(p), hex);
      Point scratch;
      QVERIFY2(crypto_core_ed25519_add(scratch.data(), p.data(), p.data()) == 0, hex);
    }
    // Every y in [p, 2^255) is non-canonical; where y - p is on the curve, libsodium decodes it
    // silently reduced, and IsDecodablePoint must still refuse.
    int lenient_decodes = 0;
    for (std::uint8_t t = 0; t < 19; ++t) {
      for (const std::uint8_t sign : {0x00, 0x80}) {
        Point non_canonical = NonCanonicalY(t);
        non_canonical.bytes[31] |= sign;
        QVERIFY(!IsDecodablePoint(non_canonical));
        Point scratch;
        if (crypto_core_ed25519_add(scratch.data(), non_canonical.data(), non_canonical.data()) == 0) ++lenient_decodes;
      }
    }
    QVERIFY(lenient_decodes > 0);  // otherwise this loop tests nothing
  }

  void nonCanonicalGammaIsRejected() {
    const SecretKey key = KeyFromSeed(SEEDS[0]);
    const Bytes alpha = ToBytes("alpha");
    const VrfProof proof = VrfProve(key, alpha);
    int tried = 0;
    for (std::uint8_t t = 0; t < 19; ++t) {
      Point canonical;
      canonical.bytes[0] = t;
      if (!ecvrf_detail::IsDecodablePoint(canonical)) continue;
      ++tried;
      const VrfProof with_non_canonical = WithGamma(proof, NonCanonicalY(t));
      QVERIFY(!VrfProofToHash(with_non_canonical));
      QVERIFY(!VrfVerify(key.public_key(), alpha, with_non_canonical));
      QVERIFY(VrfProofToHash(WithGamma(proof, canonical)));  // the canonical twin decodes
    }
    QVERIFY(tried > 0);
  }

  void identityAndSmallOrderGammaAreRejected() {
    const SecretKey key = KeyFromSeed(SEEDS[1]);
    const Bytes alpha = ToBytes("alpha");
    const VrfProof proof = VrfProve(key, alpha);
    for (const char* hex : SMALL_ORDER_POINTS) {
      const VrfProof bad = WithGamma(proof, FixedFromHex<32>(hex));
      QVERIFY2(!VrfVerify(key.public_key(), alpha, bad), hex);
      // ProofToHash only decodes, as documented: these do decode.
      QVERIFY2(VrfProofToHash(bad), hex);
    }
  }

  void badKeysAreRejected() {
    const SecretKey key = KeyFromSeed(SEEDS[2]);
    const Bytes alpha = ToBytes("alpha");
    const VrfProof proof = VrfProve(key, alpha);
    for (const char* hex : SMALL_ORDER_POINTS) {
      QVERIFY2(!VrfVerify(FixedFromHex<32>(hex), alpha, proof), hex);
      QVERIFY2(!VrfVerify(FixedFromHex<32>(hex), alpha, WithGamma(proof, FixedFromHex<32>(IDENTITY))), hex);
    }
    // Y + T with T of order 8: passes RFC 9381's validate_key (8 * Y' is not the identity) but is
    // not of prime order, so Cairn refuses it (see ecvrf.h).
    const PublicKey mixed = Add(key.public_key(), FixedFromHex<32>(ORDER_8_POINT));
    QVERIFY(!VrfVerify(mixed, alpha, proof));
    QVERIFY(!VrfVerify(NonCanonicalY(1), alpha, proof));
  }

  void gammaWithTorsionIsRejected() {
    // A key holder can add a point T of order 8 to Gamma and grind the nonce until 8 divides c; the
    // RFC's equations then still hold (c * T = 0) and beta is unchanged (8 * T = 0). An RFC verifier
    // accepts this second proof; Cairn requires Gamma of prime order and refuses it.
    const SecretKey key = KeyFromSeed(SEEDS[0]);
    const PublicKey& y = key.public_key();
    const Bytes alpha = ToBytes("slot 99");
    const VrfProof honest = VrfProve(key, alpha);
    const auto honest_beta = VrfVerify(y, alpha, honest);
    QVERIFY(honest_beta);
    const auto encoded = ecvrf_detail::EncodeToCurveTai(y, alpha);
    QVERIFY(encoded);
    const Point& h = encoded->h;
    std::array<std::uint8_t, 64> x_wide{};
    QVERIFY(ecvrf_detail::SecretScalar(key, std::span<std::uint8_t, 32>(x_wide.data(), 32)));
    std::array<std::uint8_t, 32> x{};
    crypto_core_ed25519_scalar_reduce(x.data(), x_wide.data());
    const Point gamma = GammaOf(honest);
    const Point gamma_t = Add(gamma, FixedFromHex<32>(ORDER_8_POINT));

    std::optional<VrfProof> forged;
    std::array<std::uint8_t, 32> k{}, c{}, cx{};
    Point u, v;
    for (int attempt = 0; attempt < 400 && !forged; ++attempt) {
      crypto_core_ed25519_scalar_random(k.data());
      QCOMPARE(crypto_scalarmult_ed25519_base_noclamp(u.data(), k.data()), 0);
      QCOMPARE(crypto_scalarmult_ed25519_noclamp(v.data(), k.data(), h.data()), 0);
      std::array<std::uint8_t, 64> digest{};
      const std::uint8_t front[] = {0x03, 0x02};
      const std::uint8_t back = 0x00;
      crypto_hash_sha512_state state;
      crypto_hash_sha512_init(&state);
      crypto_hash_sha512_update(&state, front, sizeof front);
      for (const Point* p : std::initializer_list<const Point*>{&y, &h, &gamma_t, &u, &v}) {
        crypto_hash_sha512_update(&state, p->data(), 32);
      }
      crypto_hash_sha512_update(&state, &back, 1);
      crypto_hash_sha512_final(&state, digest.data());
      if (digest[0] % 8 != 0) continue;
      c.fill(0);
      std::memcpy(c.data(), digest.data(), 16);
      VrfProof p;
      crypto_core_ed25519_scalar_mul(cx.data(), c.data(), x.data());
      crypto_core_ed25519_scalar_add(p.data() + 48, k.data(), cx.data());
      std::memcpy(p.data(), gamma_t.data(), 32);
      std::memcpy(p.data() + 32, c.data(), 16);
      forged = p;
    }
    QVERIFY2(forged, "no nonce with 8 | c in 400 tries (probability 2^-77)");

    // What an RFC 9381 verifier computes: U' = sB - cY, V' = sH - c*Gamma_t = sH - c*Gamma.
    const std::uint8_t* s = forged->data() + 48;
    Point s_b, c_y, s_h, c_gamma, u_check, v_check;
    QCOMPARE(crypto_scalarmult_ed25519_base_noclamp(s_b.data(), s), 0);
    QCOMPARE(crypto_scalarmult_ed25519_noclamp(c_y.data(), c.data(), y.data()), 0);
    QCOMPARE(crypto_scalarmult_ed25519_noclamp(s_h.data(), s, h.data()), 0);
    QCOMPARE(crypto_scalarmult_ed25519_noclamp(c_gamma.data(), c.data(), gamma.data()), 0);
    QCOMPARE(crypto_core_ed25519_sub(u_check.data(), s_b.data(), c_y.data()), 0);
    QCOMPARE(crypto_core_ed25519_sub(v_check.data(), s_h.data(), c_gamma.data()), 0);
    QCOMPARE(u_check, u);
    QCOMPARE(v_check, v);

    QVERIFY(*forged != honest);
    QCOMPARE(*VrfProofToHash(*forged), *honest_beta);
    QVERIFY(!VrfVerify(y, alpha, *forged));
    Wipe(x_wide);
    Wipe(x);
    Wipe(k);
    Wipe(cx);
  }

  void movedFromKeyGivesRejectedProof() {
    SecretKey key = KeyFromSeed(SEEDS[0]);
    const PublicKey public_key = key.public_key();
    SecretKey taken = std::move(key);
    const Bytes alpha = ToBytes("alpha");
    const VrfProof proof = VrfProve(key, alpha);  // NOLINT(bugprone-use-after-move): documented behaviour
    QCOMPARE(proof, VrfProof{});
    QVERIFY(!VrfVerify(public_key, alpha, proof));
    std::array<std::uint8_t, 32> x{};
    QVERIFY(!ecvrf_detail::SecretScalar(key, x));
    QVERIFY(VrfVerify(public_key, alpha, VrfProve(taken, alpha)));
  }
};

int cairn::test::RunEcvrfTests(int argc, char** argv) {
  TestEcvrf tests;
  return QTest::qExec(&tests, argc, argv);
}

#include "test_ecvrf.moc"
