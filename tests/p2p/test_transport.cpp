// The p2p transport pieces without sockets: the identity-binding handshake (p2p/handshake.h), the
// chunked encrypted framing and its size limits (p2p/frame.h), and the peer manager's pure rules
// (p2p/peer_policy.h: addresses, ban keys, network groups, eviction).
#include <QObject>
#include <QTest>

#include <optional>
#include <string>

#include "p2p/frame.h"
#include "p2p/handshake.h"
#include "p2p/peer_policy.h"
#include "test_registry.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::p2p;

namespace {

struct Pair {
  crypto::SecretKey initiator_key = crypto::SecretKey::Generate();
  crypto::SecretKey responder_key = crypto::SecretKey::Generate();
  std::optional<crypto::NoiseHandshake::Ciphers> initiator;
  std::optional<crypto::NoiseHandshake::Ciphers> responder;
};

// Runs both sides in memory. Returns the responder's error, if the handshake failed there.
std::optional<std::string> Handshake(Pair& pair, HandshakeTestHooks initiator_hooks = {},
                                     crypto::PublicKey* initiator_saw = nullptr,
                                     crypto::PublicKey* responder_saw = nullptr) {
  Handshaker i(crypto::NoiseRole::Initiator, pair.initiator_key, std::move(initiator_hooks));
  Handshaker r(crypto::NoiseRole::Responder, pair.responder_key);
  for (int step = 0; step < 3; ++step) {
    Handshaker& writer = (step % 2 == 0) ? i : r;
    Handshaker& reader = (step % 2 == 0) ? r : i;
    auto message = writer.Write();
    if (!message) return "write: " + message.error().message;
    if (auto read = reader.Read(*message); !read) return read.error().message;
  }
  if (!i.finished() || !r.finished()) return std::string("not finished");
  if (initiator_saw) *initiator_saw = i.remote_identity();
  if (responder_saw) *responder_saw = r.remote_identity();
  pair.initiator.emplace(std::move(i.Split()).value());
  pair.responder.emplace(std::move(r.Split()).value());
  return std::nullopt;
}

// Seals `encoded` with one side and feeds every frame to an assembler with the other.
util::Result<std::optional<util::Bytes>, FrameError> Transfer(Pair& pair, util::ByteSpan encoded,
                                                              MessageAssembler& assembler, std::size_t* frames = nullptr) {
  util::Bytes wire;
  if (!SealMessage(pair.initiator->send, encoded, wire)) return util::Err(FrameError{Offence::Malformed, "seal"});
  std::size_t at = 0;
  std::size_t count = 0;
  std::optional<util::Bytes> complete;
  while (at < wire.size()) {
    const std::size_t length = (std::size_t{wire[at]} << 8) | wire[at + 1];
    auto plaintext = pair.responder->receive.Decrypt(util::ByteSpan(wire).subspan(at + 2, length));
    if (!plaintext) return util::Err(FrameError{Offence::Malformed, "decrypt"});
    at += 2 + length;
    ++count;
    auto chunk = assembler.OnChunk(*plaintext);
    if (!chunk) return chunk;
    if (chunk->has_value()) complete = std::move(**chunk);
  }
  if (frames) *frames = count;
  return complete;
}

util::Bytes Header(std::uint32_t total, MessageKind kind, std::size_t body_bytes = 0) {
  util::Bytes chunk;
  for (int i = 0; i < 4; ++i) chunk.push_back(static_cast<std::uint8_t>(total >> (8 * i)));
  chunk.push_back(static_cast<std::uint8_t>(kind));
  chunk.resize(chunk.size() + body_bytes, 0);
  return chunk;
}

}  // namespace

class TestTransport : public QObject {
  Q_OBJECT

 private slots:
  void handshakeBindsBothIdentities() {
    Pair pair;
    crypto::PublicKey initiator_saw, responder_saw;
    QCOMPARE(Handshake(pair, {}, &initiator_saw, &responder_saw), std::optional<std::string>());
    QCOMPARE(initiator_saw, pair.responder_key.public_key());
    QCOMPARE(responder_saw, pair.initiator_key.public_key());
    QVERIFY(util::AsBytes("cairn-p2p/1").size() == HandshakePrologue().size());
  }

  void forgedIdentityFailsTheHandshake() {
    Pair pair;
    HandshakeTestHooks hooks;
    hooks.claim_identity = crypto::SecretKey::Generate().public_key();
    const auto error = Handshake(pair, hooks);
    QVERIFY(error.has_value());
    QVERIFY(error->find("signature") != std::string::npos);
  }

  void identityPayloadIsBoundToTheHash() {
    const auto key = crypto::SecretKey::Generate();
    crypto::NoiseHash h;
    h.bytes.fill(7);
    const auto payload = MakeIdentityPayload(key, h);
    QCOMPARE(payload.size(), IDENTITY_PAYLOAD_BYTES);
    QCOMPARE(VerifyIdentityPayload(payload, h), std::optional(key.public_key()));
    crypto::NoiseHash other = h;
    other.bytes[0] ^= 1;
    QVERIFY(!VerifyIdentityPayload(payload, other));  // replayed into another handshake
    QVERIFY(!VerifyIdentityPayload(util::ByteSpan(payload).first(95), h));
    auto flipped = payload;
    flipped[40] ^= 0x10;
    QVERIFY(!VerifyIdentityPayload(flipped, h));
  }

  void messagesRoundTripInChunks() {
    Pair pair;
    QVERIFY(!Handshake(pair));
    MessageAssembler assembler;
    // A small message: one frame.
    const util::Bytes ping = EncodeMessage(Ping{42});
    std::size_t frames = 0;
    auto got = Transfer(pair, ping, assembler, &frames);
    QVERIFY(got && got->has_value());
    QCOMPARE(**got, ping);
    QCOMPARE(frames, std::size_t{1});
    // A Blocks-sized message (within its limit) crossing several chunk boundaries.
    util::Bytes big(3 * MAX_CHUNK_PLAINTEXT + 123, 0);
    big[0] = static_cast<std::uint8_t>(MessageKind::Blocks);
    for (std::size_t i = 1; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
    got = Transfer(pair, big, assembler, &frames);
    QVERIFY(got && got->has_value());
    QVERIFY(**got == big);
    QCOMPARE(frames, std::size_t{4});
    QVERIFY(!assembler.in_message());
    // A message exactly filling the first chunk, then one more byte.
    util::Bytes edge(MAX_CHUNK_PLAINTEXT - MESSAGE_LENGTH_BYTES, 1);
    edge[0] = static_cast<std::uint8_t>(MessageKind::Txs);
    got = Transfer(pair, edge, assembler, &frames);
    QVERIFY(got && got->has_value() && **got == edge);
    QCOMPARE(frames, std::size_t{1});
    edge.push_back(2);
    got = Transfer(pair, edge, assembler, &frames);
    QVERIFY(got && got->has_value() && **got == edge);
    QCOMPARE(frames, std::size_t{2});
  }

  void limitsAreCheckedBeforeTheBody() {
    struct Case {
      std::uint32_t total;
      MessageKind kind;
      Offence expected;
    };
    const Case cases[] = {
        {1025, MessageKind::NewVote, Offence::Oversized},
        {(64u << 10) + 1, MessageKind::Status, Offence::Oversized},
        {(64u << 10) + 1, MessageKind::NewEvidence, Offence::Oversized},
        {(64u << 10) + 1, MessageKind::GetTxs, Offence::Oversized},
        {(33u << 20) + 1, MessageKind::NewBlock, Offence::Oversized},
        {static_cast<std::uint32_t>(MAX_MESSAGE_BYTES) + 1, MessageKind::Blocks, Offence::Oversized},
        {0xffffffffu, MessageKind::Txs, Offence::Oversized},
        {0, MessageKind::Ping, Offence::Malformed},
    };
    for (const auto& c : cases) {
      MessageAssembler assembler;
      auto result = assembler.OnChunk(Header(c.total, c.kind, 10));
      QVERIFY2(!result, MessageKindName(c.kind).data());
      QCOMPARE(result.error().offence, c.expected);
    }
    // At the limits themselves: accepted (the body may follow).
    for (auto [total, kind] : {std::pair{1024u, MessageKind::NewVote}, std::pair{33u << 20, MessageKind::NewBlock},
                               std::pair{static_cast<std::uint32_t>(MAX_MESSAGE_BYTES), MessageKind::Blocks}}) {
      MessageAssembler assembler;
      auto result = assembler.OnChunk(Header(total, kind, 10));
      QVERIFY(result && !result->has_value());
      QVERIFY(assembler.in_message());
    }
    QCOMPARE(MaxMessageBytes(MESSAGE_KIND_COUNT), std::size_t{0});
  }

  void malformedChunks() {
    {
      MessageAssembler assembler;
      auto r = assembler.OnChunk(util::Bytes{5, 0, 0, 0, 200, 1, 2, 3, 4});  // unknown tag
      QVERIFY(!r);
      QCOMPARE(r.error().offence, Offence::Malformed);
    }
    {
      MessageAssembler assembler;
      auto r = assembler.OnChunk(util::Bytes{1, 0, 0});  // shorter than its header
      QVERIFY(!r);
      QCOMPARE(r.error().offence, Offence::Malformed);
    }
    {
      MessageAssembler assembler;
      auto r = assembler.OnChunk(Header(3, MessageKind::Ping, 5));  // runs past its declared end
      QVERIFY(!r);
      QCOMPARE(r.error().offence, Offence::Malformed);
    }
    {
      MessageAssembler assembler;
      QVERIFY(assembler.OnChunk(Header(100, MessageKind::Ping, 10)));
      auto r = assembler.OnChunk(util::Bytes(91, 0));  // one byte too many in the continuation
      QVERIFY(!r);
      QCOMPARE(r.error().offence, Offence::Malformed);
    }
    {
      MessageAssembler assembler;
      auto r = assembler.OnChunk({});
      QVERIFY(!r);
      QCOMPARE(r.error().offence, Offence::Malformed);
    }
  }

  void hostPortParsing() {
    QVERIFY(ParseHostPort("1.2.3.4:7452") == std::optional(HostPort{"1.2.3.4", 7452}));
    QVERIFY(ParseHostPort("[::1]:80") == std::optional(HostPort{"::1", 80}));
    QVERIFY(ParseHostPort("seed.example.org:7452") == std::optional(HostPort{"seed.example.org", 7452}));
    QCOMPARE(ParseHostPort("[::ffff:10.0.0.1]:5")->host, std::string("10.0.0.1"));  // v4-mapped is v4
    for (const char* bad : {"1.2.3.4", "1.2.3.4:0", "1.2.3.4:65536", ":80", "::1:80", "[::1]80", "a b:1", "h:1x", "[zz]:1"}) {
      QVERIFY2(!ParseHostPort(bad), bad);
    }
    QCOMPARE((HostPort{"::1", 80}.str()), std::string("[::1]:80"));
    QCOMPARE((HostPort{"1.2.3.4", 80}.str()), std::string("1.2.3.4:80"));
  }

  void banKeysAndGroups() {
    const auto id = crypto::SecretKey::Generate().public_key();
    const std::string by_id = "id:" + util::ToHex(id.span());
    for (const char* local : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.0.9",
                              "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:192.168.0.1"}) {
      QVERIFY2(IsLocalAddress(local), local);
      QCOMPARE(BanKey(local, id), by_id);
    }
    for (const char* pub : {"8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1"}) {
      QVERIFY2(!IsLocalAddress(pub), pub);
      QCOMPARE(BanKey(pub, id), std::string(pub));
    }
    QCOMPARE(BanKey("::ffff:8.8.4.4", id), std::string("8.8.4.4"));
    QCOMPARE(NetGroup("8.8.4.4"), std::string("v4:8.8"));
    QCOMPARE(NetGroup("::ffff:8.8.4.4"), std::string("v4:8.8"));
    QCOMPARE(NetGroup("2001:db8:1::1"), std::string("v6:2001:0db8"));
  }

  void evictionProtectsDiverseAndLongLived() {
    std::vector<EvictionCandidate> peers;
    // 4 old peers, 4 fast peers and 2 lone groups: all protected.
    for (std::uint64_t i = 1; i <= 4; ++i) peers.push_back({i, "v4:1.1", static_cast<std::int64_t>(i), std::nullopt});
    for (std::uint64_t i = 5; i <= 8; ++i) peers.push_back({i, "v4:1.1", 100 + static_cast<std::int64_t>(i), 1});
    peers.push_back({9, "v4:9.9", 200, std::nullopt});
    peers.push_back({10, "v4:10.10", 201, std::nullopt});
    QCOMPARE(SelectEviction(peers), std::optional<std::uint64_t>());  // nothing unprotected: refuse
    // An attacker's addresses, all in one group and young: its youngest goes first.
    for (std::uint64_t i = 11; i <= 16; ++i) peers.push_back({i, "v4:6.6", 300 + static_cast<std::int64_t>(i), 500});
    // Another group with two unprotected members.
    peers.push_back({17, "v4:9.9", 1000, std::nullopt});
    QCOMPARE(SelectEviction(peers), std::optional<std::uint64_t>(16));
    peers.pop_back();
    peers.erase(peers.begin() + 15);  // 16 gone: then 15
    QCOMPARE(SelectEviction(peers), std::optional<std::uint64_t>(15));
    QCOMPARE(SelectEviction({}), std::optional<std::uint64_t>());
  }
};

CAIRN_REGISTER_TEST(TestTransport);

#include "test_transport.moc"
