// Round trips of every consensus object and rejection of malformed encodings, each naming the field.
#include <QTest>

#include "chain_fixtures.h"

using namespace cairn;
using namespace cairn::chain;
using namespace cairn::test;

namespace {

template <class T, class D>
bool RoundTrips(const T& value, D decode) {
  const util::Bytes bytes = Encode(value);
  auto decoded = decode(bytes);
  if (!decoded) {
    qWarning("decode failed: %s", decoded.error().Message().c_str());
    return false;
  }
  return *decoded == value && Encode(*decoded) == bytes;
}

DecodeError TxError(const util::Bytes& bytes) {
  auto r = DecodeTransaction(bytes);
  if (r) return DecodeError{DecodeErrorKind::InvalidValue, "<decoded successfully>", 0, {}};
  return r.error();
}

// Byte offset of the payload tag in a MakeTx() encoding: chain id (1+12), sender 32, nonce, fee,
// expiry (24), memo (1+4).
constexpr std::size_t PAYLOAD_TAG_OFFSET = 13 + 32 + 24 + 5;

}  // namespace

class TestEncoding : public QObject {
  Q_OBJECT

 private slots:
  // RPC JSON, the wallet's vote parser and the decoder's field paths all use these names: they must be
  // the documented ones, one per value.
  void enumNamesAreStable() {
    QCOMPARE(VoteOptionName(VoteOption::Yes), std::string_view("yes"));
    QCOMPARE(VoteOptionName(VoteOption::No), std::string_view("no"));
    QCOMPARE(VoteOptionName(VoteOption::Abstain), std::string_view("abstain"));
    QCOMPARE(VoteOptionName(VoteOption::Veto), std::string_view("veto"));
    QCOMPARE(EvidenceKindName(EvidenceKind::DoubleProposal), std::string_view("double_proposal"));
    QCOMPARE(EvidenceKindName(EvidenceKind::DoubleVote), std::string_view("double_vote"));
    QCOMPARE(EvidenceKindName(EvidenceKind::SurroundVote), std::string_view("surround_vote"));
    QCOMPARE(ProposalKindName(ProposalKind{TextProposal{}}), std::string_view("text"));
    QCOMPARE(ProposalKindName(ProposalKind{ParameterChange{}}), std::string_view("parameter_change"));
    QCOMPARE(ProposalKindName(ProposalKind{TreasurySpend{}}), std::string_view("treasury_spend"));
    QCOMPARE(ProposalKindName(ProposalKind{UpgradeSignal{}}), std::string_view("upgrade_signal"));
  }

  void everyPayloadRoundTrips() {
    const auto payloads = AllPayloads();
    QCOMPARE(payloads.size(), std::size_t{19});
    std::vector<bool> seen(PAYLOAD_KIND_COUNT, false);
    for (const auto& p : payloads) {
      const Transaction tx = MakeTx(p);
      seen[static_cast<std::size_t>(tx.kind())] = true;
      QVERIFY2(RoundTrips(tx, DecodeTransaction), std::string(PayloadKindName(tx.kind())).c_str());
    }
    for (bool s : seen) QVERIFY(s);
  }

  void otherObjectsRoundTrip() {
    QVERIFY(RoundTrips(MakeBlock(), DecodeBlock));
    QVERIFY(RoundTrips(MakeBlock().body, DecodeBlockBody));
    QVERIFY(RoundTrips(MakeBlock().header, DecodeSignedBlockHeader));
    QVERIFY(RoundTrips(MakeBlock().header.header, DecodeBlockHeader));
    QVERIFY(RoundTrips(MakeVote(1, 5, 3, 4), DecodeSignedVote));
    QVERIFY(RoundTrips(MakeVote(1, 5, 3, 4).vote, DecodeVote));
    QVERIFY(RoundTrips(DoubleProposalEvidence(), DecodeEvidence));
    QVERIFY(RoundTrips(DoubleVoteEvidence(), DecodeEvidence));
    QVERIFY(RoundTrips(SurroundVoteEvidence(), DecodeEvidence));
    QVERIFY(RoundTrips(MakeGenesis(), DecodeGenesis));
    QVERIFY(RoundTrips(DevnetParams(), DecodeChainParams));
    QVERIFY(RoundTrips(TestnetParams(), DecodeChainParams));
    QVERIFY(RoundTrips(Block{MakeHeader(1, 1), {}}, DecodeBlock));
    QCOMPARE(Encode(MakeVote(1, 5, 3, 4)).size(), SIGNED_VOTE_BYTES);
  }

  void txLayoutIsAsSpecified() {
    const util::Bytes b = Encode(MakeTx(Transfer{A(3), 5}));
    QCOMPARE(b.size(), PAYLOAD_TAG_OFFSET + 1 + 20 + 8 + 64);
    QCOMPARE(b[0], std::uint8_t{12});  // chain id length
    QCOMPARE(b[PAYLOAD_TAG_OFFSET], std::uint8_t{0});
    QCOMPARE(b[PAYLOAD_TAG_OFFSET + 21], std::uint8_t{5});  // amount, little endian
  }

  void truncationAtEveryOffsetOfATx() {
    for (const auto& p : AllPayloads()) {
      const util::Bytes b = Encode(MakeTx(p));
      for (std::size_t n = 0; n < b.size(); ++n) {
        const DecodeError e = TxError(util::Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)));
        QVERIFY2(e.kind == DecodeErrorKind::Truncated || e.kind == DecodeErrorKind::LengthExceedsInput, e.Message().c_str());
        QVERIFY2(e.field.rfind("tx.", 0) == 0, e.Message().c_str());
        QVERIFY(e.offset <= n);
      }
    }
    const util::Bytes b = Encode(MakeTx(Transfer{A(3), 5}));
    QCOMPARE(TxError(util::Bytes(b.begin(), b.begin() + 100)).field, std::string("tx.payload.transfer.amount"));
    QCOMPARE(TxError(util::Bytes(b.begin(), b.end() - 1)).field, std::string("tx.signature"));
    QCOMPARE(TxError({}).field, std::string("tx.chain_id"));
  }

  void truncationAtEveryOffsetOfABlock() {
    const util::Bytes b = Encode(MakeBlock());
    for (std::size_t n = 0; n < b.size(); ++n) {
      auto r = DecodeBlock(util::ByteSpan(b.data(), n));
      QVERIFY(!r);
      QVERIFY2(r.error().field.rfind("block.", 0) == 0, r.error().Message().c_str());
      QVERIFY(r.error().kind == DecodeErrorKind::Truncated || r.error().kind == DecodeErrorKind::LengthExceedsInput);
    }
  }

  void trailingBytesRejected() {
    util::Bytes b = Encode(MakeTx(Unjail{}));
    b.push_back(0);
    QCOMPARE(TxError(b).kind, DecodeErrorKind::TrailingBytes);
    QCOMPARE(TxError(b).field, std::string("tx"));
    util::Bytes blk = Encode(MakeBlock());
    blk.push_back(0);
    QCOMPARE(DecodeBlock(blk).error().kind, DecodeErrorKind::TrailingBytes);
    util::Bytes v = Encode(MakeVote(1, 2, 0, 1));
    v.push_back(1);
    QCOMPARE(DecodeSignedVote(v).error().kind, DecodeErrorKind::TrailingBytes);
  }

  void nonMinimalAndOversizedLengths() {
    util::Bytes b = Encode(MakeTx(Transfer{A(3), 5}));
    util::Bytes overlong = b;
    overlong[PAYLOAD_TAG_OFFSET - 5] = 0x84;  // memo length 4 as 0x84 0x00
    overlong.insert(overlong.begin() + PAYLOAD_TAG_OFFSET - 4, 0x00);
    QCOMPARE(TxError(overlong).kind, DecodeErrorKind::NonCanonicalVarint);
    QCOMPARE(TxError(overlong).field, std::string("tx.memo"));

    util::Bytes chain_overlong = b;
    chain_overlong[0] = 0x8c;
    chain_overlong.insert(chain_overlong.begin() + 1, 0x00);
    QCOMPARE(TxError(chain_overlong).kind, DecodeErrorKind::NonCanonicalVarint);
    QCOMPARE(TxError(chain_overlong).field, std::string("tx.chain_id"));

    Transaction short_tx = MakeTx(Unjail{});
    short_tx.memo.clear();
    util::Bytes s = Encode(short_tx);
    s[PAYLOAD_TAG_OFFSET - 5] = 100;  // memo claims 100 bytes; fewer remain
    QCOMPARE(TxError(s).kind, DecodeErrorKind::LengthExceedsInput);
    QCOMPARE(TxError(s).field, std::string("tx.memo"));

    // A block whose tx count claims 2^32-1 entries: rejected from the count alone.
    util::Bytes blk = Encode(Block{MakeHeader(1, 1), {}});
    const auto count_at = static_cast<std::ptrdiff_t>(blk.size() - 3);
    blk.erase(blk.begin() + count_at);
    const util::Bytes huge = {0xff, 0xff, 0xff, 0xff, 0x0f};
    blk.insert(blk.begin() + count_at, huge.begin(), huge.end());
    auto r = DecodeBlock(blk);
    QCOMPARE(r.error().kind, DecodeErrorKind::TooLong);
    QCOMPARE(r.error().field, std::string("block.body.txs"));
  }

  void overMaximumFields() {
    Transaction memo = MakeTx(Unjail{});
    memo.memo.assign(MEMO_MAX + 1, 7);
    QCOMPARE(TxError(Encode(memo)).kind, DecodeErrorKind::TooLong);
    QCOMPARE(TxError(Encode(memo)).field, std::string("tx.memo"));
    memo.memo.assign(MEMO_MAX, 7);
    QVERIFY(DecodeTransaction(Encode(memo)).has_value());

    RegisterValidator rv = std::get<RegisterValidator>(AllPayloads()[1]);
    rv.moniker.assign(MONIKER_MAX + 1, 'm');
    QCOMPARE(TxError(Encode(MakeTx(rv))).field, std::string("tx.payload.register_validator.moniker"));
    QCOMPARE(TxError(Encode(MakeTx(rv))).kind, DecodeErrorKind::TooLong);
    rv.moniker.clear();
    QCOMPARE(TxError(Encode(MakeTx(rv))).kind, DecodeErrorKind::TooShort);
    rv.moniker = "ok";
    rv.website.assign(WEBSITE_MAX + 1, 'w');
    QCOMPARE(TxError(Encode(MakeTx(rv))).field, std::string("tx.payload.register_validator.website"));

    SubmitProposal sp{TextProposal{}, std::string(TITLE_MAX + 1, 't'), "", 1};
    QCOMPARE(TxError(Encode(MakeTx(sp))).field, std::string("tx.payload.submit_proposal.title"));
    sp.title = "t";
    sp.description.assign(DESCRIPTION_MAX + 1, 'd');
    QCOMPARE(TxError(Encode(MakeTx(sp))).field, std::string("tx.payload.submit_proposal.description"));
    SubmitProposal up{UpgradeSignal{std::string(VERSION_MAX + 1, 'v'), 1}, "t", "", 1};
    QCOMPARE(TxError(Encode(MakeTx(up))).field, std::string("tx.payload.submit_proposal.kind.upgrade_signal.version"));

    Block blk = MakeBlock();
    blk.body.txs[3].memo.assign(MEMO_MAX + 1, 1);
    auto r = DecodeBlock(Encode(blk));
    QCOMPARE(r.error().field, std::string("block.body.txs[3].memo"));
  }

  void badBoolsAndTags() {
    util::Bytes b = Encode(MakeTx(EditValidator{std::uint16_t{5}, std::nullopt, std::nullopt}));
    b[PAYLOAD_TAG_OFFSET + 1] = 2;
    QCOMPARE(TxError(b).kind, DecodeErrorKind::InvalidBool);
    QCOMPARE(TxError(b).field, std::string("tx.payload.edit_validator.commission_bps"));

    util::Bytes c = Encode(MakeTx(ClaimRewards{}));
    c[PAYLOAD_TAG_OFFSET + 1] = 0xff;
    QCOMPARE(TxError(c).field, std::string("tx.payload.claim_rewards.validator"));

    util::Bytes t = Encode(MakeTx(Unjail{}));
    t[PAYLOAD_TAG_OFFSET] = PAYLOAD_KIND_COUNT;
    QCOMPARE(TxError(t).kind, DecodeErrorKind::UnknownTag);
    QCOMPARE(TxError(t).field, std::string("tx.payload"));

    util::Bytes v = Encode(MakeTx(GovVote{1, VoteOption::Yes}));
    v[PAYLOAD_TAG_OFFSET + 9] = 4;
    QCOMPARE(TxError(v).kind, DecodeErrorKind::UnknownTag);
    QCOMPARE(TxError(v).field, std::string("tx.payload.vote.option"));

    util::Bytes k = Encode(MakeTx(SubmitProposal{TextProposal{}, "t", "", 1}));
    k[PAYLOAD_TAG_OFFSET + 1] = 4;
    QCOMPARE(TxError(k).field, std::string("tx.payload.submit_proposal.kind"));

    util::Bytes e = Encode(MakeTx(DoubleVoteEvidence()));
    e[PAYLOAD_TAG_OFFSET + 1] = 3;
    QCOMPARE(TxError(e).field, std::string("tx.payload.evidence.kind"));

    util::Bytes ev = Encode(DoubleVoteEvidence());
    ev[0] = 9;
    QCOMPARE(DecodeEvidence(ev).error().field, std::string("evidence.kind"));
  }

  void badTextRejected() {
    RegisterValidator rv = std::get<RegisterValidator>(AllPayloads()[1]);
    rv.moniker = "bad\xc0\xafname";
    QCOMPARE(TxError(Encode(MakeTx(rv))).kind, DecodeErrorKind::InvalidUtf8);
    QCOMPARE(TxError(Encode(MakeTx(rv))).field, std::string("tx.payload.register_validator.moniker"));
    rv.moniker = "tab\there";
    QCOMPARE(TxError(Encode(MakeTx(rv))).kind, DecodeErrorKind::ControlCharacter);
    SubmitProposal sp{TextProposal{}, "t", "surrogate \xed\xa0\x80", 1};
    QCOMPARE(TxError(Encode(MakeTx(sp))).kind, DecodeErrorKind::InvalidUtf8);
    QCOMPARE(TxError(Encode(MakeTx(sp))).field, std::string("tx.payload.submit_proposal.description"));
  }

  void badChainIdRejected() {
    Transaction tx = MakeTx(Unjail{});
    tx.chain_id = ChainId::Unchecked("Cairn");
    QCOMPARE(TxError(Encode(tx)).kind, DecodeErrorKind::InvalidValue);
    QCOMPARE(TxError(Encode(tx)).field, std::string("tx.chain_id"));
    tx.chain_id = ChainId::Unchecked(std::string(33, 'a'));
    QCOMPARE(TxError(Encode(tx)).kind, DecodeErrorKind::TooLong);
    tx.chain_id = ChainId::Unchecked("");
    QCOMPARE(TxError(Encode(tx)).kind, DecodeErrorKind::TooShort);
    Block b = MakeBlock();
    b.header.header.chain_id = ChainId::Unchecked("a_b");
    QCOMPARE(DecodeBlock(Encode(b)).error().field, std::string("block.header.chain_id"));
  }

  void oversizedInputsRejectedUpFront() {
    const util::Bytes big(MAX_BLOCK_BYTES_CAP + 1, 0);
    QCOMPARE(DecodeBlock(big).error().kind, DecodeErrorKind::TooLong);
    const util::Bytes big_tx(MAX_TX_BYTES_CAP + 1, 0);
    QCOMPARE(DecodeTransaction(big_tx).error().kind, DecodeErrorKind::TooLong);
  }
};

int RunEncodingTests(int argc, char** argv) {
  TestEncoding t;
  return QTest::qExec(&t, argc, argv);
}

#include "test_encoding.moc"
