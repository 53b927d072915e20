// Noise_XX_25519_ChaChaPoly_BLAKE2b (crypto/noise.h): the snow/cacophony vectors reproduced byte for
// byte from both sides, then what the p2p layer relies on beyond them: every tampered byte is caught,
// calls out of turn and after a failure are refused, small-order keys are refused, transport limits,
// replays, and a long random-key session.
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTest>

#include <sodium.h>

#include <random>
#include <string>

#include "crypto/noise.h"
#include "crypto_test_util.h"
#include "vectors.h"

using namespace cairn::crypto;
using cairn::test::Hex;
using cairn::test::HexField;
using cairn::util::Bytes;
using cairn::util::ByteSpan;

namespace {

const Bytes PROLOGUE = cairn::test::ToBytes("cairn/p2p/1");

struct Pair {
  NoiseHandshake initiator;
  NoiseHandshake responder;
  Pair(NoiseKeyPair is, NoiseKeyPair rs, ByteSpan prologue, std::optional<NoiseKeyPair> ie = std::nullopt,
       std::optional<NoiseKeyPair> re = std::nullopt)
      : initiator(NoiseRole::Initiator, std::move(is), prologue, std::move(ie)),
        responder(NoiseRole::Responder, std::move(rs), prologue, std::move(re)) {}
};

// A fresh pair with random keys.
std::unique_ptr<Pair> RandomPair(ByteSpan prologue = PROLOGUE) {
  return std::make_unique<Pair>(NoiseGenerateKeyPair(), NoiseGenerateKeyPair(), prologue);
}

// Fixed keys so that tampering runs are reproducible.
std::unique_ptr<Pair> FixedPair() {
  auto key = [](std::uint8_t n) { return NoiseKeyPairFromPrivate(Bytes(32, n)); };
  return std::make_unique<Pair>(key(1), key(2), PROLOGUE, key(3), key(4));
}

// Message i of the XX handshake goes from the initiator when i is even.
NoiseHandshake& Sender(Pair& p, int i) { return i % 2 == 0 ? p.initiator : p.responder; }
NoiseHandshake& Receiver(Pair& p, int i) { return i % 2 == 0 ? p.responder : p.initiator; }

Bytes Payload(int i) { return cairn::test::ToBytes("payload of message " + std::to_string(i)); }

// Runs messages 0 .. count-1 of the handshake; false (and a test failure) when any step fails.
bool RunHandshake(Pair& p, int count) {
  for (int i = 0; i < count; ++i) {
    auto written = Sender(p, i).WriteMessage(Payload(i));
    if (!written) {
      QTest::qFail(written.error().message.c_str(), __FILE__, __LINE__);
      return false;
    }
    auto read = Receiver(p, i).ReadMessage(*written);
    if (!read || *read != Payload(i)) {
      QTest::qFail("handshake message did not arrive intact", __FILE__, __LINE__);
      return false;
    }
  }
  return true;
}

void VerifyDead(NoiseHandshake& hs) {
  QVERIFY(!hs.my_turn());
  QVERIFY(!hs.finished());
  QCOMPARE(hs.WriteMessage({}).error().kind, NoiseErrorKind::Dead);
  QCOMPARE(hs.ReadMessage(Bytes(200, 1)).error().kind, NoiseErrorKind::Dead);
  QCOMPARE(hs.Split().error().kind, NoiseErrorKind::Dead);
  QCOMPARE(hs.WriteMessageBound([](const NoiseHash&) { return Bytes{}; }).error().kind, NoiseErrorKind::Dead);
}

}  // namespace

class TestNoise : public QObject {
  Q_OBJECT

 private slots:
  // Every message of the published vectors from both sides: the initiator's and responder's writes
  // must match byte for byte, and the other side must read each payload back.
  void vectorsReproduceFromBothSides() {
    CAIRN_LOAD_VECTORS(doc, "noise_xx_25519_chachapoly_blake2b.json");
    const QJsonArray vectors = doc.object().value("vectors").toArray();
    QCOMPARE(vectors.size(), 2);
    for (const QJsonValue& value : vectors) {
      const QJsonObject v = value.toObject();
      QCOMPARE(v.value("protocol_name").toString(), QString::fromLatin1(NOISE_PROTOCOL_NAME));
      const Bytes prologue = HexField(v.value("init_prologue").toString());
      QCOMPARE(HexField(v.value("resp_prologue").toString()), prologue);
      auto key = [&](const char* field) { return NoiseKeyPairFromPrivate(HexField(v.value(field).toString())); };
      const NoisePublicKey init_static_pub = key("init_static").public_key;
      const NoisePublicKey resp_static_pub = key("resp_static").public_key;
      Pair p(key("init_static"), key("resp_static"), prologue, key("init_ephemeral"), key("resp_ephemeral"));

      const QJsonArray messages = v.value("messages").toArray();
      QVERIFY(messages.size() >= 4);
      std::optional<NoiseHandshake::Ciphers> init_ciphers;
      std::optional<NoiseHandshake::Ciphers> resp_ciphers;
      for (int i = 0; i < messages.size(); ++i) {
        const QJsonObject m = messages[i].toObject();
        const Bytes payload = HexField(m.value("payload").toString());
        const Bytes ciphertext = HexField(m.value("ciphertext").toString());
        const bool from_initiator = i % 2 == 0;  // both phases alternate, the initiator first
        if (i < 3) {
          QVERIFY(Sender(p, i).my_turn());
          QVERIFY(!Receiver(p, i).my_turn());
          auto written = Sender(p, i).WriteMessage(payload);
          QVERIFY2(written.has_value(), written ? "" : written.error().message.c_str());
          QCOMPARE(Hex(*written), Hex(ciphertext));
          auto read = Receiver(p, i).ReadMessage(ciphertext);
          QVERIFY2(read.has_value(), read ? "" : read.error().message.c_str());
          QCOMPARE(Hex(*read), Hex(payload));
          if (i == 2) {
            QVERIFY(p.initiator.finished());
            QVERIFY(p.responder.finished());
            QCOMPARE(p.initiator.handshake_hash(), p.responder.handshake_hash());
            if (v.contains("handshake_hash")) {
              QCOMPARE(Hex(p.initiator.handshake_hash().span()), v.value("handshake_hash").toString());
            }
            QCOMPARE(p.initiator.remote_static(), resp_static_pub);
            QCOMPARE(p.responder.remote_static(), init_static_pub);
            auto ic = p.initiator.Split();
            auto rc = p.responder.Split();
            QVERIFY(ic.has_value() && rc.has_value());
            init_ciphers.emplace(std::move(*ic));
            resp_ciphers.emplace(std::move(*rc));
          }
          continue;
        }
        NoiseCipherState& send = from_initiator ? init_ciphers->send : resp_ciphers->send;
        NoiseCipherState& receive = from_initiator ? resp_ciphers->receive : init_ciphers->receive;
        auto encrypted = send.Encrypt(payload);
        QVERIFY(encrypted.has_value());
        QCOMPARE(Hex(*encrypted), Hex(ciphertext));
        auto decrypted = receive.Decrypt(ciphertext);
        QVERIFY(decrypted.has_value());
        QCOMPARE(Hex(*decrypted), Hex(payload));
      }
    }
  }

  // The bound payload sees the h that the reader reports, and that h covers the message's keys.
  void boundPayloadSeesTheReadersHash() {
    auto p = RandomPair();
    std::vector<NoiseHash> seen;
    auto make = [&seen](const NoiseHash& h) {
      seen.push_back(h);
      return Bytes(h.bytes.begin(), h.bytes.end());  // the payload is the hash itself
    };
    for (int i = 0; i < 3; ++i) {
      auto written = Sender(*p, i).WriteMessageBound(make);
      QVERIFY(written.has_value());
      auto read = Receiver(*p, i).ReadMessage(*written);
      QVERIFY(read.has_value());
      QCOMPARE(Receiver(*p, i).last_payload_hash(), seen.back());
      QCOMPARE(Hex(*read), Hex(seen.back().span()));
    }
    QCOMPARE(seen.size(), std::size_t{3});
    QVERIFY(seen[0] != seen[1] && seen[1] != seen[2]);
    // The final h also covers the last payload, so it differs from what message 3's payload saw.
    QVERIFY(p->initiator.handshake_hash() != seen[2]);
    QCOMPARE(p->initiator.handshake_hash(), p->responder.handshake_hash());
  }

  // Any changed byte of messages 2 and 3 fails authentication at the reader, which then is dead.
  void tamperedHandshakeMessagesFail() {
    for (int message = 1; message < 3; ++message) {
      std::size_t length = 0;
      {
        auto p = FixedPair();
        QVERIFY(RunHandshake(*p, message));
        length = Sender(*p, message).WriteMessage(Payload(message))->size();
      }
      QVERIFY(length > 64);
      for (std::size_t at = 0; at < length; ++at) {
        auto p = FixedPair();
        QVERIFY(RunHandshake(*p, message));
        Bytes written = *Sender(*p, message).WriteMessage(Payload(message));
        written[at] ^= 0x01;
        auto read = Receiver(*p, message).ReadMessage(written);
        QVERIFY2(!read.has_value(), qPrintable(QStringLiteral("message %1 byte %2").arg(message + 1).arg(at)));
        QCOMPARE(read.error().kind, NoiseErrorKind::Authentication);
        VerifyDead(Receiver(*p, message));
      }
      // Cut short or extended, the message fails too.
      auto p = FixedPair();
      QVERIFY(RunHandshake(*p, message));
      Bytes written = *Sender(*p, message).WriteMessage(Payload(message));
      written.push_back(0);
      QVERIFY(!Receiver(*p, message).ReadMessage(written).has_value());
    }
  }

  // Message 1 carries no tag: a change is caught when the initiator reads message 2 (h differs).
  void tamperedFirstMessageCaughtAtSecond() {
    std::size_t length = FixedPair()->initiator.WriteMessage(Payload(0))->size();
    for (std::size_t at = 0; at < length; ++at) {
      auto p = FixedPair();
      Bytes first = *p->initiator.WriteMessage(Payload(0));
      first[at] ^= 0x80;
      QVERIFY(p->responder.ReadMessage(first).has_value());
      auto second = p->responder.WriteMessage(Payload(1));
      QVERIFY(second.has_value());
      QCOMPARE(p->initiator.ReadMessage(*second).error().kind, NoiseErrorKind::Authentication);
    }
  }

  void differentProloguesFail() {
    Pair p(NoiseGenerateKeyPair(), NoiseGenerateKeyPair(), PROLOGUE);
    NoiseHandshake other(NoiseRole::Responder, NoiseGenerateKeyPair(), cairn::test::ToBytes("cairn/p2p/2"));
    auto first = p.initiator.WriteMessage({});
    QVERIFY(other.ReadMessage(*first).has_value());
    auto second = other.WriteMessage({});
    QCOMPARE(p.initiator.ReadMessage(*second).error().kind, NoiseErrorKind::Authentication);
  }

  void smallOrderEphemeralIsWeakKey() {
    // An all-zero ephemeral in message 1: the responder's ee fails when it writes message 2.
    {
      NoiseHandshake responder(NoiseRole::Responder, NoiseGenerateKeyPair(), PROLOGUE);
      QVERIFY(responder.ReadMessage(Bytes(32, 0)).has_value());
      QCOMPARE(responder.WriteMessage({}).error().kind, NoiseErrorKind::WeakKey);
      VerifyDead(responder);
    }
    // A small-order ephemeral in message 2 (order 8 point): the initiator refuses it at ee.
    {
      NoiseHandshake initiator(NoiseRole::Initiator, NoiseGenerateKeyPair(), PROLOGUE);
      QVERIFY(initiator.WriteMessage({}).has_value());
      Bytes second(32 + 48 + 16, 0x5a);
      const Bytes order8 = cairn::test::BytesFromHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
      std::copy(order8.begin(), order8.end(), second.begin());
      QCOMPARE(initiator.ReadMessage(second).error().kind, NoiseErrorKind::WeakKey);
      VerifyDead(initiator);
    }
  }

  void shortAndLongHandshakeMessagesAreInput() {
    {
      NoiseHandshake responder(NoiseRole::Responder, NoiseGenerateKeyPair(), PROLOGUE);
      QCOMPARE(responder.ReadMessage(Bytes(31, 7)).error().kind, NoiseErrorKind::Input);
      VerifyDead(responder);
    }
    {
      NoiseHandshake responder(NoiseRole::Responder, NoiseGenerateKeyPair(), PROLOGUE);
      QCOMPARE(responder.ReadMessage(Bytes(NOISE_MAX_MESSAGE + 1, 7)).error().kind, NoiseErrorKind::Input);
    }
    {
      auto p = RandomPair();
      QVERIFY(RunHandshake(*p, 1));
      Bytes second = *p->responder.WriteMessage({});
      second.resize(32 + 48 + 15);  // ends inside the payload's tag
      QCOMPARE(p->initiator.ReadMessage(second).error().kind, NoiseErrorKind::Input);
    }
    {
      // Message 1 has 32 bytes of overhead and no tag: exactly the limit passes, one more fails.
      NoiseHandshake a(NoiseRole::Initiator, NoiseGenerateKeyPair(), PROLOGUE);
      auto ok = a.WriteMessage(Bytes(NOISE_MAX_MESSAGE - 32, 1));
      QVERIFY(ok.has_value());
      QCOMPARE(ok->size(), NOISE_MAX_MESSAGE);
      NoiseHandshake b(NoiseRole::Initiator, NoiseGenerateKeyPair(), PROLOGUE);
      QCOMPARE(b.WriteMessage(Bytes(NOISE_MAX_MESSAGE - 31, 1)).error().kind, NoiseErrorKind::Input);
      VerifyDead(b);
    }
  }

  void outOfTurnCallsFailWithOrder() {
    {
      NoiseHandshake initiator(NoiseRole::Initiator, NoiseGenerateKeyPair(), PROLOGUE);
      QVERIFY(initiator.my_turn());
      QCOMPARE(initiator.ReadMessage(Bytes(32, 1)).error().kind, NoiseErrorKind::Order);
      VerifyDead(initiator);
    }
    {
      NoiseHandshake responder(NoiseRole::Responder, NoiseGenerateKeyPair(), PROLOGUE);
      QVERIFY(!responder.my_turn());
      QCOMPARE(responder.WriteMessage({}).error().kind, NoiseErrorKind::Order);
      VerifyDead(responder);
    }
    {
      auto p = RandomPair();
      QVERIFY(RunHandshake(*p, 1));
      QVERIFY(!p->initiator.my_turn());
      QCOMPARE(p->initiator.WriteMessage({}).error().kind, NoiseErrorKind::Order);
    }
    {
      auto p = RandomPair();
      QVERIFY(RunHandshake(*p, 3));
      QVERIFY(!p->initiator.my_turn() && !p->responder.my_turn());
      QCOMPARE(p->initiator.WriteMessage({}).error().kind, NoiseErrorKind::Order);
      QCOMPARE(p->responder.ReadMessage(Bytes(100, 0)).error().kind, NoiseErrorKind::Order);
    }
  }

  void splitOnlyAfterFinishAndOnce() {
    for (int done = 0; done < 3; ++done) {
      auto p = RandomPair();
      QVERIFY(RunHandshake(*p, done));
      QVERIFY(!p->initiator.finished());
      QCOMPARE(p->initiator.Split().error().kind, NoiseErrorKind::Order);
      VerifyDead(p->initiator);
    }
    auto p = RandomPair();
    QVERIFY(RunHandshake(*p, 3));
    QVERIFY(p->initiator.Split().has_value());
    QCOMPARE(p->initiator.Split().error().kind, NoiseErrorKind::Order);
    QCOMPARE(p->initiator.Split().error().kind, NoiseErrorKind::Dead);
  }

  // Two fresh objects with random keys agree on everything and carry 1,000 messages each way.
  void randomSessionAgreesAndTransports() {
    NoiseKeyPair is = NoiseGenerateKeyPair();
    NoiseKeyPair rs = NoiseGenerateKeyPair();
    const NoisePublicKey is_pub = is.public_key;
    const NoisePublicKey rs_pub = rs.public_key;
    QVERIFY(is_pub != rs_pub);
    Pair p(std::move(is), std::move(rs), PROLOGUE);
    QVERIFY(RunHandshake(p, 3));
    QCOMPARE(p.initiator.handshake_hash(), p.responder.handshake_hash());
    QVERIFY(!p.initiator.handshake_hash().IsZero());
    QCOMPARE(p.initiator.remote_static(), rs_pub);
    QCOMPARE(p.responder.remote_static(), is_pub);
    auto ic = p.initiator.Split();
    auto rc = p.responder.Split();
    QVERIFY(ic.has_value() && rc.has_value());
    QVERIFY(ic->send.has_key() && ic->receive.has_key());
    std::mt19937 rng(12345);
    for (int i = 0; i < 1000; ++i) {
      Bytes a(rng() % 300);
      for (auto& b : a) b = static_cast<std::uint8_t>(rng());
      auto ca = ic->send.Encrypt(a);
      QVERIFY(ca.has_value());
      QCOMPARE(ca->size(), a.size() + NOISE_TAG_SIZE);
      auto pa = rc->receive.Decrypt(*ca);
      QVERIFY(pa.has_value());
      QVERIFY(*pa == a);
      Bytes b(rng() % 300);
      for (auto& x : b) x = static_cast<std::uint8_t>(rng());
      auto cb = rc->send.Encrypt(b);
      QVERIFY(cb.has_value());
      auto pb = ic->receive.Decrypt(*cb);
      QVERIFY(pb.has_value());
      QVERIFY(*pb == b);
    }
    QCOMPARE(ic->send.nonce(), std::uint64_t{1000});
    QCOMPARE(ic->receive.nonce(), std::uint64_t{1000});
    // The directions use different keys: a message cannot be reflected back to its sender.
    auto own = ic->send.Encrypt(Bytes{1, 2, 3});
    QCOMPARE(ic->receive.Decrypt(*own).error().kind, NoiseErrorKind::Authentication);
  }

  void transportTamperingAndReplayFail() {
    auto p = RandomPair();
    QVERIFY(RunHandshake(*p, 3));
    auto ic = p->initiator.Split();
    auto rc = p->responder.Split();
    QVERIFY(ic.has_value() && rc.has_value());
    const Bytes first = *ic->send.Encrypt(cairn::test::ToBytes("first"));
    const Bytes second = *ic->send.Encrypt(cairn::test::ToBytes("second"));
    QVERIFY(rc->receive.Decrypt(first).has_value());
    // Replaying the first message where the second is due.
    QCOMPARE(rc->receive.Decrypt(first).error().kind, NoiseErrorKind::Authentication);
    // The cipher is dead now: even the genuine next message is refused.
    QCOMPARE(rc->receive.Decrypt(second).error().kind, NoiseErrorKind::Dead);

    // Each byte of a transport message, changed, fails (fresh sessions: a failure kills the cipher).
    for (std::size_t at = 0; at < 5 + NOISE_TAG_SIZE; ++at) {
      auto q = FixedPair();
      QVERIFY(RunHandshake(*q, 3));
      auto qi = q->initiator.Split();
      auto qr = q->responder.Split();
      Bytes message = *qr->send.Encrypt(cairn::test::ToBytes("hello"));
      message[at] ^= 0x10;
      QCOMPARE(qi->receive.Decrypt(message).error().kind, NoiseErrorKind::Authentication);
    }
  }

  void cipherLimits() {
    SecureBuffer key(32);
    RandomBytes(key.mutable_span());
    NoiseCipherState sender(key.Clone());
    NoiseCipherState receiver(key.Clone());
    auto largest = sender.Encrypt(Bytes(NOISE_MAX_MESSAGE - NOISE_TAG_SIZE, 9));
    QVERIFY(largest.has_value());
    QCOMPARE(largest->size(), NOISE_MAX_MESSAGE);
    QVERIFY(receiver.Decrypt(*largest).has_value());
    QCOMPARE(sender.Encrypt(Bytes(NOISE_MAX_MESSAGE - NOISE_TAG_SIZE + 1, 9)).error().kind, NoiseErrorKind::Input);
    QCOMPARE(sender.Encrypt(Bytes{1}).error().kind, NoiseErrorKind::Dead);
    QCOMPARE(receiver.Decrypt(Bytes(NOISE_MAX_MESSAGE + 1, 0)).error().kind, NoiseErrorKind::Input);
    NoiseCipherState other(key.Clone());
    QCOMPARE(other.Decrypt(Bytes(NOISE_TAG_SIZE - 1, 0)).error().kind, NoiseErrorKind::Input);

    // A cipher with no key never passes plaintext through.
    NoiseCipherState empty;
    QVERIFY(!empty.has_key());
    QCOMPARE(empty.Encrypt(Bytes{1}).error().kind, NoiseErrorKind::Order);
    NoiseCipherState empty2;
    QCOMPARE(empty2.Decrypt(Bytes(32, 0)).error().kind, NoiseErrorKind::Order);
  }

  void keyPairFromPrivateMatchesLibsodium() {
    const Bytes priv(32, 0x42);
    const NoiseKeyPair pair = NoiseKeyPairFromPrivate(priv);
    NoisePublicKey expected;
    QCOMPARE(crypto_scalarmult_curve25519_base(expected.data(), priv.data()), 0);
    QCOMPARE(pair.public_key, expected);
    QCOMPARE(Hex(pair.private_key.span()), Hex(priv));
    const NoiseKeyPair a = NoiseGenerateKeyPair();
    const NoiseKeyPair b = NoiseGenerateKeyPair();
    QVERIFY(a.public_key != b.public_key);
    QCOMPARE(NoiseKeyPairFromPrivate(a.private_key.span()).public_key, a.public_key);
  }

  void malformedKeyPairStartsDead() {
    NoiseHandshake hs(NoiseRole::Initiator, NoiseKeyPair{}, PROLOGUE);
    VerifyDead(hs);
  }
};

int cairn::test::RunNoiseTests(int argc, char** argv) {
  TestNoise test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_noise.moc"
