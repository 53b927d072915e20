// Ed25519: RFC 8032 known answers, round trips, tampering, public-key validity, and every Wycheproof
// case against libsodium's strict verification (the consensus rule, PROTOCOL.md section 1).
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTest>

#include <sodium.h>

#include <array>
#include <cstring>
#include <optional>

#include "crypto/ed25519.h"
#include "crypto_test_util.h"
#include "vectors.h"

using namespace cairn::crypto;
using cairn::test::BytesFromHex;
using cairn::test::FixedFromHex;
using cairn::util::AsBytes;
using cairn::util::Bytes;

namespace {

// libsodium 1.0.18's strict rule agrees with Wycheproof on all 151 cases (checked below), so no case
// is exempt. Should a libsodium upgrade change a verdict, the consensus rule is what changed: list the
// tcId here with the reason and keep asserting the old verdict, never drop the case.
struct KnownDisagreement {
  int tc_id;
  bool libsodium_accepts;
  const char* reason;
};
constexpr std::array<KnownDisagreement, 0> KNOWN_DISAGREEMENTS{};

// Points of small order (1, 2, 4, 8) in canonical encoding, and the sign-bit variants that decode to
// the same or the negated point.
const char* const SMALL_ORDER_POINTS[] = {
    "0100000000000000000000000000000000000000000000000000000000000000",  // identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  // order 4
    "0000000000000000000000000000000000000000000000000000000000000080",  // order 4
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  // order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  // order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  // order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  // order 8
};

// y >= p: non-canonical encodings (of y - p); some of them decode to points under lenient decoding.
const char* const NON_CANONICAL_POINTS[] = {
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p     (0)
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p + 1 (1)
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  // same, sign bit set
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p + 6
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  // y = 2^255 - 1
};

const char* const BASE_POINT = "5866666666666666666666666666666666666666666666666666666666666666";

struct Rfc8032Case {
  const char* seed;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 section 7.1, TEST 1-3.
constexpr Rfc8032Case RFC8032_CASES[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

std::optional<KnownDisagreement> FindKnown(int tc_id) {
  for (const auto& known : KNOWN_DISAGREEMENTS) {
    if (known.tc_id == tc_id) return known;
  }
  return std::nullopt;
}

}  // namespace

class TestEd25519 : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { EnsureSodium(); }

  void seedMustBe32Bytes() {
    QVERIFY(!SecretKey::FromSeed(Bytes(31, 1)));
    QVERIFY(!SecretKey::FromSeed(Bytes(33, 1)));
    QVERIFY(!SecretKey::FromSeed({}));
    QVERIFY(SecretKey::FromSeed(Bytes(32, 1)));
  }

  void rfc8032KnownAnswers() {
    for (const auto& c : RFC8032_CASES) {
      const auto key = SecretKey::FromSeed(BytesFromHex(c.seed));
      QVERIFY(key);
      QCOMPARE(key->public_key(), FixedFromHex<32>(c.public_key));
      QCOMPARE(cairn::test::Hex(key->seed()), QString::fromLatin1(c.seed));
      const Bytes message = BytesFromHex(c.message);
      const Signature signature = Sign(*key, message);
      QCOMPARE(signature, FixedFromHex<64>(c.signature));
      QVERIFY(Verify(key->public_key(), message, signature));
      QVERIFY(IsValidPublicKey(key->public_key()));
    }
  }

  void signVerifyRoundTrip() {
    for (int i = 0; i < 8; ++i) {
      const SecretKey key = SecretKey::Generate();
      const SecretKey clone = key.Clone();
      QCOMPARE(clone.public_key(), key.public_key());
      QCOMPARE(SecretKey::FromSeed(key.seed())->public_key(), key.public_key());
      Bytes message(static_cast<std::size_t>(i * 37));
      RandomBytes(message);
      const Signature signature = Sign(key, message);
      QVERIFY(Verify(key.public_key(), message, signature));
      QCOMPARE(Sign(clone, message), signature);  // deterministic
    }
  }

  void tamperingFails() {
    const auto key = SecretKey::FromSeed(BytesFromHex(RFC8032_CASES[2].seed));
    QVERIFY(key);
    const Bytes message = cairn::test::ToBytes("transfer 100 to alice");
    const Signature signature = Sign(*key, message);
    QVERIFY(Verify(key->public_key(), message, signature));
    for (std::size_t bit = 0; bit < message.size() * 8; ++bit) {
      Bytes changed = message;
      changed[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
      QVERIFY2(!Verify(key->public_key(), changed, signature), qPrintable(QStringLiteral("message bit %1").arg(bit)));
    }
    Bytes longer = message;
    longer.push_back(0);
    QVERIFY(!Verify(key->public_key(), longer, signature));
    for (std::size_t bit = 0; bit < Signature::SIZE * 8; ++bit) {
      Signature changed = signature;
      changed.bytes[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
      QVERIFY2(!Verify(key->public_key(), message, changed), qPrintable(QStringLiteral("signature bit %1").arg(bit)));
    }
    const SecretKey other = SecretKey::Generate();
    QVERIFY(!Verify(other.public_key(), message, signature));
  }

  void malleatedSignatureFails() {
    // S + L verifies under a lenient rule (same group element); strict verification rejects it.
    const auto key = SecretKey::FromSeed(BytesFromHex(RFC8032_CASES[0].seed));
    QVERIFY(key);
    Signature signature = Sign(*key, {});
    unsigned char s_plus_l[32];
    static const unsigned char L[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                        0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0x10};
    std::memcpy(s_plus_l, signature.data() + 32, 32);
    sodium_add(s_plus_l, L, 32);
    std::memcpy(signature.data() + 32, s_plus_l, 32);
    QVERIFY(!Verify(key->public_key(), {}, signature));
  }

  void publicKeyValidity() {
    QVERIFY(IsValidPublicKey(FixedFromHex<32>(BASE_POINT)));
    for (const char* hex : SMALL_ORDER_POINTS) {
      QVERIFY2(!IsValidPublicKey(FixedFromHex<32>(hex)), hex);
    }
    for (const char* hex : NON_CANONICAL_POINTS) {
      QVERIFY2(!IsValidPublicKey(FixedFromHex<32>(hex)), hex);
    }
    // Base point + a point of order 8: on the curve, canonical, not small order, but outside the
    // prime-order subgroup.
    PublicKey mixed;
    QCOMPARE(crypto_core_ed25519_add(mixed.data(), FixedFromHex<32>(BASE_POINT).data(),
                                     FixedFromHex<32>(SMALL_ORDER_POINTS[4]).data()),
             0);
    QVERIFY(!IsValidPublicKey(mixed));
    // A y with no x on the curve (y = 2).
    QVERIFY(!IsValidPublicKey(FixedFromHex<32>("0200000000000000000000000000000000000000000000000000000000000000")));
  }

  void smallOrderKeyForgeryFails() {
    // With A = identity and R = identity, S = 0 satisfies the cofactorless equation for every
    // message: the classic "signature valid for anything" key.
    const PublicKey identity = FixedFromHex<32>(SMALL_ORDER_POINTS[0]);
    Signature forged;
    forged.bytes[0] = 1;  // R = identity, S = 0
    QVERIFY(!Verify(identity, AsBytes("anything"), forged));
    QVERIFY(!Verify(identity, {}, forged));
  }

  void wycheproof() {
    CAIRN_LOAD_VECTORS(doc, "wycheproof_ed25519_test.json");
    const QJsonObject root = doc.object();
    QStringList mismatches;
    QSet<int> seen_known;
    int cases = 0;
    int accepted_count = 0;
    int rejected_count = 0;
    for (const auto group_value : root.value("testGroups").toArray()) {
      const QJsonObject group = group_value.toObject();
      const Bytes pk = cairn::test::HexField(group.value("publicKey").toObject().value("pk").toString());
      for (const auto test_value : group.value("tests").toArray()) {
        const QJsonObject test = test_value.toObject();
        ++cases;
        const int tc_id = test.value("tcId").toInt();
        const QString result = test.value("result").toString();
        const QString what = QStringLiteral("tcId %1 (%2, flags %3)")
                                 .arg(tc_id)
                                 .arg(test.value("comment").toString(),
                                      test.value("flags").toVariant().toStringList().join(','));
        if (result != "valid" && result != "invalid") {
          mismatches << QStringLiteral("%1: unexpected result '%2'").arg(what, result);
          continue;
        }
        const bool expected = result == "valid";
        const Bytes message = cairn::test::HexField(test.value("msg").toString());
        const Bytes sig = cairn::test::HexField(test.value("sig").toString());
        if (pk.size() != PublicKey::SIZE || sig.size() != Signature::SIZE) {
          // Our fixed-size types cannot even carry these, so they are rejected by construction.
          ++rejected_count;
          if (expected) mismatches << QStringLiteral("%1: valid, but key or signature has a wrong length").arg(what);
          continue;
        }
        const bool accepted = Verify(PublicKey::FromSpan(pk), message, Signature::FromSpan(sig));
        ++(accepted ? accepted_count : rejected_count);
        if (const auto known = FindKnown(tc_id)) {
          seen_known.insert(tc_id);
          if (accepted != known->libsodium_accepts || accepted == expected) {
            mismatches << QStringLiteral("%1: listed as a known disagreement (%2) but libsodium %3 it")
                              .arg(what, QString::fromLatin1(known->reason), accepted ? "accepts" : "rejects");
          }
        } else if (accepted != expected) {
          mismatches << QStringLiteral("%1: Wycheproof says %2, libsodium %3 it")
                            .arg(what, result, accepted ? "accepts" : "rejects");
        }
      }
    }
    QCOMPARE(cases, root.value("numberOfTests").toInt());
    for (const auto& known : KNOWN_DISAGREEMENTS) {
      if (!seen_known.contains(known.tc_id)) {
        mismatches << QStringLiteral("known disagreement tcId %1 is not in the file").arg(known.tc_id);
      }
    }
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join('\n')));
    // Both verdicts must actually occur, or the loop above proved little.
    QVERIFY(accepted_count > 0);
    QVERIFY(rejected_count > 0);
    qInfo("Wycheproof Ed25519: %d cases, %d accepted, %d rejected", cases, accepted_count, rejected_count);
  }
};

int cairn::test::RunEd25519Tests(int argc, char** argv) {
  TestEd25519 tests;
  return QTest::qExec(&tests, argc, argv);
}

#include "test_ed25519.moc"
