// The p2p message codec (p2p/messages.h): round trips of every kind with real signed contents, every
// bound one over its limit (failing with the field named), text rules, unknown tags, trailing bytes,
// every truncation, nested consensus objects held to the chain decoders' own verdicts, and random
// inputs and mutations that must never crash and, when accepted, re-encode to the very same bytes.
#include <QObject>
#include <QTest>

#include <limits>
#include <random>
#include <set>
#include <string>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/block.h"
#include "p2p/messages.h"

using namespace cairn;
using namespace cairn::p2p;
using chain::DecodeErrorKind;

namespace {

// --- sample objects with real signatures ---------------------------------------------------------

crypto::SecretKey Key(std::uint8_t n) { return *crypto::SecretKey::FromSeed(util::Bytes(32, n)); }
chain::ChainId TestChainId() { return *chain::ChainId::Parse("cairn-test-1"); }
crypto::Hash256 H(std::uint8_t n) {
  crypto::Hash256 h;
  for (std::size_t i = 0; i < h.size(); ++i) h.bytes[i] = static_cast<std::uint8_t>(n + i);
  return h;
}
const crypto::Hash256 GENESIS = H(0x99);
// The smallest transaction encoding: chain id "x", sender, nonce, fee, expiry, empty memo, a payload tag
// with no fields, signature.
constexpr std::size_t MIN_TX_BYTES = 2 + 32 + 8 + 8 + 8 + 1 + 1 + 64;

chain::Transaction MakeTx(chain::Payload payload, std::uint8_t key, std::uint64_t nonce) {
  const auto sk = Key(key);
  chain::Transaction tx;
  tx.chain_id = TestChainId();
  tx.sender = sk.public_key();
  tx.nonce = nonce;
  tx.fee = 100'000;
  tx.expiry_slot = 1'000'000;
  tx.memo = {'h', 'i', 0x00, 0xff};
  tx.payload = std::move(payload);
  chain::SignTransaction(tx, sk, GENESIS);
  return tx;
}

chain::Transaction TransferTx(std::uint64_t nonce) {
  return MakeTx(chain::Transfer{chain::AddressFromPublicKey(Key(9).public_key()), 5 * chain::COIN}, 1, nonce);
}

chain::SignedVote MakeVote(std::uint32_t validator, chain::Slot slot, chain::Slot source, chain::Slot target,
                           std::uint8_t head = 7) {
  chain::Vote v;
  v.validator_index = validator;
  v.slot = slot;
  v.head_root = H(head);
  v.source = chain::Checkpoint{source, H(static_cast<std::uint8_t>(source))};
  v.target = chain::Checkpoint{target, H(static_cast<std::uint8_t>(target))};
  return chain::SignVote(v, Key(2), TestChainId(), GENESIS);
}

chain::SignedBlockHeader MakeHeader(chain::Slot slot, std::uint8_t variant) {
  chain::BlockHeader h;
  h.chain_id = TestChainId();
  h.slot = slot;
  h.height = slot;
  h.parent_hash = H(1);
  h.proposer_index = 3;
  h.vrf_proof.bytes.fill(0xab);
  h.state_root = H(variant);
  h.timestamp_ms = 1'700'000'000'000;
  return chain::SignBlockHeader(h, Key(2), GENESIS);
}

chain::Evidence DoubleProposalEvidence() {
  chain::Evidence e{chain::DoubleProposal{MakeHeader(10, 1), MakeHeader(10, 2)}};
  chain::Canonicalize(e);
  return e;
}

chain::Evidence DoubleVoteEvidence() {
  chain::Evidence e{chain::DoubleVote{MakeVote(3, 12, 8, 11, 7), MakeVote(3, 12, 8, 11, 9)}};
  chain::Canonicalize(e);
  return e;
}

chain::Block MakeBlock(chain::Slot slot, bool full) {
  chain::Block b;
  if (full) {
    b.body.txs.push_back(TransferTx(1));
    b.body.txs.push_back(MakeTx(chain::GovVote{7, chain::VoteOption::Veto}, 3, 2));
    b.body.txs.push_back(MakeTx(chain::SubmitProposal{chain::TextProposal{}, "Hello", "line one\nline two", 10}, 4, 3));
    b.body.votes.push_back(MakeVote(1, slot - 1, slot - 3, slot - 2));
    b.body.evidence.push_back(DoubleVoteEvidence());
  }
  chain::BlockHeader h = MakeHeader(slot, 1).header;
  chain::SetBodyRoots(h, b.body);
  b.header = chain::SignBlockHeader(h, Key(2), GENESIS);
  return b;
}

std::vector<Message> Samples() {
  std::vector<Message> out;
  out.push_back(Status{PROTOCOL_VERSION, TestChainId(), GENESIS, ChainPoint{100, 90, H(1)}, ChainPoint{80, 70, H(2)},
                       7452, "cairn/0.1.0 (linux) \xe2\x9b\xb0"});
  out.push_back(Ping{0x0123456789abcdefULL});
  out.push_back(Pong{std::numeric_limits<std::uint64_t>::max()});
  out.push_back(NewBlock{MakeBlock(30, true)});
  out.push_back(NewVote{MakeVote(5, 40, 38, 39)});
  out.push_back(NewEvidence{DoubleProposalEvidence()});
  out.push_back(TxAnnounce{{H(10), H(11), H(12)}});
  out.push_back(GetTxs{{H(11), H(12)}});
  out.push_back(Txs{{TransferTx(5), MakeTx(chain::Unjail{}, 6, 6), MakeTx(chain::Payload{DoubleVoteEvidence()}, 7, 7)}});
  out.push_back(GetBlocks{77, 1000, static_cast<std::uint32_t>(MAX_BLOCKS_PER_REQUEST)});
  out.push_back(Blocks{77, {MakeBlock(31, true), MakeBlock(32, false)}});
  out.push_back(GetPeers{});
  out.push_back(Peers{{PeerAddress{"127.0.0.1", 7452, Key(20).public_key()},
                       PeerAddress{"2001:db8::1", 1, Key(21).public_key()},
                       PeerAddress{"seed.example.org", 65535, Key(22).public_key()}}});
  out.push_back(Disconnect{DisconnectReason::Misbehaviour, "bad block at height 12"});
  return out;
}

// --- helpers -------------------------------------------------------------------------------------

// Fails the test unless `bytes` is refused with `kind` at exactly `field`.
void ExpectRefused(util::ByteSpan bytes, DecodeErrorKind kind, const std::string& field) {
  auto decoded = DecodeMessage(bytes);
  QVERIFY2(!decoded.has_value(), field.c_str());
  QCOMPARE(QString::fromStdString(decoded.error().field), QString::fromStdString(field));
  QCOMPARE(decoded.error().kind, kind);
}
void ExpectRefused(const Message& m, DecodeErrorKind kind, const std::string& field) {
  ExpectRefused(EncodeMessage(m), kind, field);
}
void ExpectAccepted(const Message& m) {
  auto decoded = DecodeMessage(EncodeMessage(m));
  QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().Message().c_str());
  QVERIFY(*decoded == m);
}

util::Bytes Tagged(MessageKind kind, util::ByteSpan body) {
  util::Bytes out{static_cast<std::uint8_t>(kind)};
  util::Append(out, body);
  return out;
}

// An accepted input must be the one canonical encoding of what it decodes to.
bool AcceptedOnlyIfCanonical(util::ByteSpan bytes) {
  auto decoded = DecodeMessage(bytes);
  if (!decoded) return !decoded.error().field.empty();
  const util::Bytes again = EncodeMessage(*decoded);
  return util::Bytes(bytes.begin(), bytes.end()) == again;
}

// The chain decoder's verdict on `body` and ours on the message wrapping it must agree: same
// acceptance, same value, same error kind, and the same field under the message's prefix.
// A list wrapper (Txs) refuses a body below the smallest item at its count instead (`count_field`).
template <class T, class ChainDecode, class Wrap, class Unwrap>
void CompareWithChain(util::ByteSpan body, const std::string& chain_root, const std::string& msg_prefix,
                      ChainDecode chain_decode, Wrap wrap, Unwrap unwrap, std::size_t min_body = 0,
                      const std::string& count_field = {}) {
  auto theirs = chain_decode(body);
  const util::Bytes message = wrap(body);
  auto ours = DecodeMessage(message);
  QCOMPARE(ours.has_value(), theirs.has_value());
  if (theirs) {
    QVERIFY(unwrap(*ours) == *theirs);
    return;
  }
  if (body.size() < min_body) {
    QCOMPARE(ours.error().kind, DecodeErrorKind::LengthExceedsInput);
    QCOMPARE(QString::fromStdString(ours.error().field), QString::fromStdString(count_field));
    return;
  }
  QVERIFY2(ours.error().kind == theirs.error().kind,
           qPrintable(QString::fromStdString(ours.error().Message() + " vs " + theirs.error().Message())));
  if (theirs.error().kind == DecodeErrorKind::TrailingBytes) return;  // reported at each root
  std::string expected = theirs.error().field;
  QVERIFY(expected.rfind(chain_root, 0) == 0);
  expected = msg_prefix + expected.substr(chain_root.size());
  QCOMPARE(QString::fromStdString(ours.error().field), QString::fromStdString(expected));
}

void Mutate(util::Bytes& bytes, std::mt19937& rng) {
  const int rounds = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < rounds; ++k) {
    const std::size_t at = bytes.empty() ? 0 : rng() % bytes.size();
    switch (rng() % 6) {
      case 0: if (!bytes.empty()) bytes[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
      case 1: if (!bytes.empty()) bytes[at] = static_cast<std::uint8_t>(rng()); break;
      case 2: bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(rng())); break;
      case 3: if (!bytes.empty()) bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at)); break;
      case 4: bytes.resize(at); break;
      case 5: {  // a length-like byte: small values hit counts and length prefixes
        if (!bytes.empty()) bytes[at] = static_cast<std::uint8_t>(rng() % 4 == 0 ? 0x80 | rng() : rng() % 130);
        break;
      }
    }
  }
}

}  // namespace

class TestMessages : public QObject {
  Q_OBJECT

 private slots:
  void kindNamesAreDistinct() {
    std::set<std::string_view> names;
    for (std::uint8_t k = 0; k < MESSAGE_KIND_COUNT; ++k) {
      const std::string_view name = MessageKindName(static_cast<MessageKind>(k));
      QVERIFY(!name.empty());
      QVERIFY(name != "unknown");
      names.insert(name);
    }
    QCOMPARE(names.size(), std::size_t{MESSAGE_KIND_COUNT});
    QCOMPARE(MessageKindName(MessageKind::NewBlock), std::string_view("new_block"));
    QCOMPARE(MessageKindName(MessageKind::Disconnect), std::string_view("disconnect"));
  }

  void roundTripEveryKind() {
    std::set<MessageKind> kinds;
    for (const Message& m : Samples()) {
      const MessageKind kind = KindOf(m);
      kinds.insert(kind);
      const util::Bytes bytes = EncodeMessage(m);
      QVERIFY(bytes.size() >= 1);
      QCOMPARE(bytes[0], static_cast<std::uint8_t>(kind));
      auto decoded = DecodeMessage(bytes);
      QVERIFY2(decoded.has_value(), decoded ? "" : decoded.error().Message().c_str());
      QCOMPARE(KindOf(*decoded), kind);
      QVERIFY2(*decoded == m, MessageKindName(kind).data());
      QVERIFY(EncodeMessage(*decoded) == bytes);
    }
    QCOMPARE(kinds.size(), std::size_t{MESSAGE_KIND_COUNT});
  }

  // Consensus objects travel in exactly their consensus encodings.
  void consensusObjectsKeepTheirEncoding() {
    const chain::Block block = MakeBlock(30, true);
    QVERIFY(EncodeMessage(NewBlock{block}) == Tagged(MessageKind::NewBlock, chain::Encode(block)));
    const chain::SignedVote vote = MakeVote(5, 40, 38, 39);
    QVERIFY(EncodeMessage(NewVote{vote}) == Tagged(MessageKind::NewVote, chain::Encode(vote)));
    const chain::Evidence ev = DoubleProposalEvidence();
    QVERIFY(EncodeMessage(NewEvidence{ev}) == Tagged(MessageKind::NewEvidence, chain::Encode(ev)));
    const chain::Transaction tx = TransferTx(1);
    util::Bytes body{1};
    util::Append(body, chain::Encode(tx));
    QVERIFY(EncodeMessage(Txs{{tx}}) == Tagged(MessageKind::Txs, body));
    // Signatures survive the trip.
    auto decoded = DecodeMessage(EncodeMessage(Txs{{tx}}));
    QVERIFY(chain::VerifyTransactionSignature(std::get<Txs>(*decoded).txs[0], GENESIS));
  }

  void everyBoundAtAndOverTheLimit() {
    Status status = std::get<Status>(Samples()[0]);
    status.user_agent = std::string(MAX_USER_AGENT_BYTES, 'a');
    ExpectAccepted(status);
    status.user_agent += 'a';
    ExpectRefused(status, DecodeErrorKind::TooLong, "msg.status.user_agent");

    TxAnnounce announce{std::vector<chain::TxId>(MAX_TX_IDS_PER_MESSAGE, H(3))};
    ExpectAccepted(announce);
    announce.ids.push_back(H(4));
    ExpectRefused(announce, DecodeErrorKind::TooLong, "msg.tx_announce.ids");

    GetTxs get_txs{std::vector<chain::TxId>(MAX_TX_IDS_PER_MESSAGE, H(3))};
    ExpectAccepted(get_txs);
    get_txs.ids.push_back(H(4));
    ExpectRefused(get_txs, DecodeErrorKind::TooLong, "msg.get_txs.ids");

    Txs txs{std::vector<chain::Transaction>(MAX_TXS_PER_MESSAGE, TransferTx(1))};
    ExpectAccepted(txs);
    txs.txs.push_back(TransferTx(2));
    ExpectRefused(txs, DecodeErrorKind::TooLong, "msg.txs.txs");

    Blocks blocks{9, std::vector<chain::Block>(MAX_BLOCKS_PER_REQUEST, MakeBlock(3, false))};
    ExpectAccepted(blocks);
    blocks.blocks.push_back(MakeBlock(4, false));
    ExpectRefused(blocks, DecodeErrorKind::TooLong, "msg.blocks.blocks");

    const PeerAddress peer{"10.0.0.1", 7452, Key(20).public_key()};
    Peers peers{std::vector<PeerAddress>(MAX_PEERS_PER_MESSAGE, peer)};
    ExpectAccepted(peers);
    peers.peers.push_back(peer);
    ExpectRefused(peers, DecodeErrorKind::TooLong, "msg.peers.peers");

    Peers host{{peer, PeerAddress{std::string(MAX_HOST_BYTES, 'h'), 1, Key(21).public_key()}}};
    ExpectAccepted(host);
    host.peers[1].host += 'h';
    ExpectRefused(host, DecodeErrorKind::TooLong, "msg.peers.peers[1].host");
    host.peers[1].host.clear();
    ExpectRefused(host, DecodeErrorKind::TooShort, "msg.peers.peers[1].host");

    Disconnect bye{DisconnectReason::Self, std::string(MAX_DISCONNECT_TEXT_BYTES, 't')};
    ExpectAccepted(bye);
    bye.text += 't';
    ExpectRefused(bye, DecodeErrorKind::TooLong, "msg.disconnect.text");
  }

  // The minimum item sizes that bound counts are not tighter than the smallest real items.
  void smallestItemsAccepted() {
    chain::Transaction tx;
    tx.chain_id = chain::ChainId::Unchecked("x");
    tx.payload = chain::Unjail{};
    QCOMPARE(chain::Encode(tx).size(), MIN_TX_BYTES);
    ExpectAccepted(Txs{{tx, tx}});
    chain::Block block;
    block.header.header.chain_id = chain::ChainId::Unchecked("x");
    ExpectAccepted(Blocks{1, {block, block, block}});
    ExpectAccepted(NewBlock{block});
    ExpectAccepted(Peers{{PeerAddress{"a", 0, {}}, PeerAddress{"b", 1, {}}}});
    ExpectAccepted(TxAnnounce{});
    ExpectAccepted(Txs{});
    ExpectAccepted(Peers{});
    ExpectAccepted(Disconnect{});
  }

  void getBlocksCountAndRange() {
    ExpectAccepted(GetBlocks{1, 1, 1});
    ExpectAccepted(GetBlocks{1, 5, static_cast<std::uint32_t>(MAX_BLOCKS_PER_REQUEST)});
    ExpectRefused(GetBlocks{1, 5, 0}, DecodeErrorKind::InvalidValue, "msg.get_blocks.count");
    ExpectRefused(GetBlocks{1, 5, static_cast<std::uint32_t>(MAX_BLOCKS_PER_REQUEST + 1)}, DecodeErrorKind::TooLong,
                  "msg.get_blocks.count");
    ExpectRefused(GetBlocks{1, 5, std::numeric_limits<std::uint32_t>::max()}, DecodeErrorKind::TooLong,
                  "msg.get_blocks.count");
    const chain::Height top = std::numeric_limits<chain::Height>::max();
    ExpectAccepted(GetBlocks{1, top - 10, 10});
    ExpectRefused(GetBlocks{1, top - 9, 10}, DecodeErrorKind::InvalidValue, "msg.get_blocks.from_height");
  }

  // A count is checked against the input left before anything is reserved.
  void countsBoundedByRemainingInput() {
    chain::Writer w;
    w.U8(static_cast<std::uint8_t>(MessageKind::Txs));
    w.Varint(MAX_TXS_PER_MESSAGE);
    w.Raw(util::Bytes(500, 0));
    ExpectRefused(w.bytes(), DecodeErrorKind::LengthExceedsInput, "msg.txs.txs");
    chain::Writer b;
    b.U8(static_cast<std::uint8_t>(MessageKind::Blocks));
    b.U32(1);
    b.Varint(MAX_BLOCKS_PER_REQUEST);
    b.Raw(util::Bytes(1000, 0));
    ExpectRefused(b.bytes(), DecodeErrorKind::LengthExceedsInput, "msg.blocks.blocks");
    chain::Writer p;
    p.U8(static_cast<std::uint8_t>(MessageKind::Peers));
    p.Varint(2);
    p.Raw(util::Bytes(36 + 35, 1));
    ExpectRefused(p.bytes(), DecodeErrorKind::LengthExceedsInput, "msg.peers.peers");
    chain::Writer big;  // a count above 2^32 is not even a canonical varint
    big.U8(static_cast<std::uint8_t>(MessageKind::TxAnnounce));
    big.Raw(util::Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
    ExpectRefused(big.bytes(), DecodeErrorKind::NonCanonicalVarint, "msg.tx_announce.ids");
  }

  void textRules() {
    Status status = std::get<Status>(Samples()[0]);
    status.user_agent = "cairn\n0.1";
    ExpectRefused(status, DecodeErrorKind::ControlCharacter, "msg.status.user_agent");
    status.user_agent = "cairn\xff";
    ExpectRefused(status, DecodeErrorKind::InvalidUtf8, "msg.status.user_agent");
    status.user_agent = "ok";
    status.chain_id = chain::ChainId::Unchecked("Not-Valid");
    ExpectRefused(status, DecodeErrorKind::InvalidValue, "msg.status.chain_id");

    Peers peers{{PeerAddress{"10.0.0.1\t", 1, Key(20).public_key()}}};
    ExpectRefused(peers, DecodeErrorKind::ControlCharacter, "msg.peers.peers[0].host");
    peers.peers[0].host = "\xc0\x80";  // overlong NUL
    ExpectRefused(peers, DecodeErrorKind::InvalidUtf8, "msg.peers.peers[0].host");

    Disconnect bye{DisconnectReason::Banned, "evil \xe2\x80\xae txet"};  // U+202E right-to-left override
    ExpectRefused(bye, DecodeErrorKind::ControlCharacter, "msg.disconnect.text");
    bye.text = "caf\xc3\xa9 closed";
    ExpectAccepted(bye);
    util::Bytes raw = EncodeMessage(bye);
    raw[1] = DISCONNECT_REASON_COUNT;
    ExpectRefused(raw, DecodeErrorKind::UnknownTag, "msg.disconnect.reason");
  }

  void unknownTagAndEmptyInput() {
    ExpectRefused(util::Bytes{}, DecodeErrorKind::Truncated, "msg.kind");
    ExpectRefused(util::Bytes{MESSAGE_KIND_COUNT}, DecodeErrorKind::UnknownTag, "msg.kind");
    ExpectRefused(util::Bytes{0xff, 0, 0, 0, 0, 0, 0, 0, 0}, DecodeErrorKind::UnknownTag, "msg.kind");
    // The smallest messages decode from their tag alone or a few bytes.
    QVERIFY(DecodeMessage(util::Bytes{static_cast<std::uint8_t>(MessageKind::GetPeers)}).has_value());
  }

  void trailingBytesRejected() {
    for (const Message& m : Samples()) {
      util::Bytes bytes = EncodeMessage(m);
      bytes.push_back(0);
      auto decoded = DecodeMessage(bytes);
      QVERIFY2(!decoded.has_value(), MessageKindName(KindOf(m)).data());
      QCOMPARE(decoded.error().kind, DecodeErrorKind::TrailingBytes);
      QCOMPARE(decoded.error().offset, bytes.size() - 1);
    }
  }

  void everyTruncationFails() {
    for (const Message& m : Samples()) {
      const util::Bytes bytes = EncodeMessage(m);
      for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto decoded = DecodeMessage(util::ByteSpan(bytes).first(n));
        if (decoded.has_value()) {
          QFAIL(qPrintable(QStringLiteral("%1 cut to %2 bytes was accepted")
                               .arg(QString::fromUtf8(MessageKindName(KindOf(m)).data()))
                               .arg(n)));
        }
        QVERIFY(!decoded.error().field.empty());
      }
    }
  }

  // Mutated blocks, votes, evidence and transactions get the chain decoders' own verdicts.
  void nestedObjectsUseChainStrictness() {
    std::mt19937 rng(7);
    auto wrap_as = [](MessageKind kind) {
      return [kind](util::ByteSpan body) { return Tagged(kind, body); };
    };
    auto wrap_tx = [](util::ByteSpan body) {
      util::Bytes inner{1};
      util::Append(inner, body);
      return Tagged(MessageKind::Txs, inner);
    };
    const util::Bytes block = chain::Encode(MakeBlock(30, true));
    const util::Bytes vote = chain::Encode(MakeVote(5, 40, 38, 39));
    const util::Bytes evidence = chain::Encode(DoubleProposalEvidence());
    const util::Bytes tx = chain::Encode(MakeTx(chain::RegisterValidator{Key(4).public_key(), Key(5).public_key(), 500,
                                                                         2000 * chain::COIN, "node", "https://x.org"},
                                                1, 1));
    for (int i = 0; i < 1500; ++i) {
      util::Bytes b = block;
      Mutate(b, rng);
      CompareWithChain<chain::Block>(
          b, "block", "msg.new_block.block", [](util::ByteSpan s) { return chain::DecodeBlock(s); },
          wrap_as(MessageKind::NewBlock), [](const Message& m) { return std::get<NewBlock>(m).block; });
      util::Bytes v = vote;
      Mutate(v, rng);
      CompareWithChain<chain::SignedVote>(
          v, "vote", "msg.new_vote.vote", [](util::ByteSpan s) { return chain::DecodeSignedVote(s); },
          wrap_as(MessageKind::NewVote), [](const Message& m) { return std::get<NewVote>(m).vote; });
      util::Bytes e = evidence;
      Mutate(e, rng);
      CompareWithChain<chain::Evidence>(
          e, "evidence", "msg.new_evidence.evidence", [](util::ByteSpan s) { return chain::DecodeEvidence(s); },
          wrap_as(MessageKind::NewEvidence), [](const Message& m) { return std::get<NewEvidence>(m).evidence; });
      util::Bytes t = tx;
      Mutate(t, rng);
      CompareWithChain<chain::Transaction>(
          t, "tx", "msg.txs.txs[0]", [](util::ByteSpan s) { return chain::DecodeTransaction(s); }, wrap_tx,
          [](const Message& m) { return std::get<Txs>(m).txs.at(0); }, MIN_TX_BYTES, "msg.txs.txs");
      if (QTest::currentTestFailed()) return;
    }
    // A named nested failure, for the record: a block whose chain id breaks the rule.
    chain::Block bad = MakeBlock(30, false);
    bad.header.header.chain_id = chain::ChainId::Unchecked("UPPER");
    ExpectRefused(NewBlock{bad}, DecodeErrorKind::InvalidValue, "msg.new_block.block.header.chain_id");
    chain::Transaction memo = TransferTx(1);
    memo.memo.assign(chain::MEMO_MAX + 1, 1);
    ExpectRefused(Txs{{TransferTx(2), memo}}, DecodeErrorKind::TooLong, "msg.txs.txs[1].memo");
  }

  void randomInputsNeverCrash() {
    std::mt19937 rng(20240601);
    for (int i = 0; i < 10'000; ++i) {
      util::Bytes bytes(rng() % 400);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
      if (!bytes.empty() && rng() % 4 != 0) bytes[0] = static_cast<std::uint8_t>(rng() % (MESSAGE_KIND_COUNT + 1));
      if (!AcceptedOnlyIfCanonical(bytes)) QFAIL("a random input was accepted in a non-canonical form");
    }
    const std::vector<Message> samples = Samples();
    std::vector<util::Bytes> encodings;
    for (const Message& m : samples) encodings.push_back(EncodeMessage(m));
    int mutated_accepted = 0;
    for (int i = 0; i < 10'000; ++i) {
      util::Bytes bytes = encodings[rng() % encodings.size()];
      Mutate(bytes, rng);
      if (!AcceptedOnlyIfCanonical(bytes)) {
        QFAIL(qPrintable(QStringLiteral("mutation %1 was accepted in a non-canonical form").arg(i)));
      }
      if (DecodeMessage(bytes).has_value()) ++mutated_accepted;
    }
    // Mutations of fixed-width fields (hashes, nonces, signatures) stay valid encodings: some must
    // pass, or the mutator is not exercising the accept path at all.
    QVERIFY(mutated_accepted > 100);
  }
};

QTEST_APPLESS_MAIN(TestMessages)

#include "test_messages.moc"
