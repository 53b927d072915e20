// Signatures, ids, body roots and the stateless checks of transactions, votes, evidence, blocks, params.
#include <QTest>

#include "chain_fixtures.h"
#include "crypto/merkle.h"

using namespace cairn;
using namespace cairn::chain;
using namespace cairn::test;

namespace {

std::string CheckField(const Transaction& tx, const ChainParams& params = DevnetParams()) {
  auto r = CheckTransactionStateless(tx, params);
  return r ? std::string("ok") : r.error().field;
}

std::string EvidenceField(const Evidence& e) {
  auto r = CheckEvidenceStateless(e);
  return r ? std::string("ok") : r.error().field;
}

}  // namespace

class TestChecks : public QObject {
  Q_OBJECT

 private slots:
  void txSignatureBindsChainAndGenesis() {
    Transaction tx = MakeTx(Transfer{A(3), 5});
    QVERIFY(VerifyTransactionSignature(tx, TestGenesisHash()));
    QVERIFY(!VerifyTransactionSignature(tx, H(1)));
    Transaction other_chain = tx;
    other_chain.chain_id = *ChainId::Parse("cairn-other");
    QVERIFY(!VerifyTransactionSignature(other_chain, TestGenesisHash()));
    Transaction changed = tx;
    changed.fee += 1;
    QVERIFY(!VerifyTransactionSignature(changed, TestGenesisHash()));
    // The message is exactly tag || 0 || chain id || genesis hash || unsigned encoding.
    const util::Bytes msg = TxSigningMessage(tx, TestGenesisHash());
    const util::Bytes unsigned_enc = EncodeUnsigned(tx);
    QCOMPARE(msg.size(), 8 + 1 + 13 + 32 + unsigned_enc.size());
    QVERIFY(std::equal(unsigned_enc.begin(), unsigned_enc.end(), msg.end() - static_cast<std::ptrdiff_t>(unsigned_enc.size())));
    QCOMPARE(std::string(msg.begin(), msg.begin() + 8), std::string("cairn/tx"));
  }

  void voteAndHeaderSignatures() {
    const SignedVote v = MakeVote(1, 5, 3, 4);
    QVERIFY(VerifyVoteSignature(v, TestKey(2).public_key(), TestChainId(), TestGenesisHash()));
    QVERIFY(!VerifyVoteSignature(v, TestKey(3).public_key(), TestChainId(), TestGenesisHash()));
    QVERIFY(!VerifyVoteSignature(v, TestKey(2).public_key(), *ChainId::Parse("x"), TestGenesisHash()));
    QVERIFY(!VerifyVoteSignature(v, TestKey(2).public_key(), TestChainId(), H(3)));
    const SignedBlockHeader h = MakeHeader(4, 1);
    QVERIFY(VerifyBlockHeaderSignature(h, TestKey(2).public_key(), TestGenesisHash()));
    QVERIFY(!VerifyBlockHeaderSignature(h, TestKey(2).public_key(), H(3)));
    // A tx signature can never pass as a vote or header signature: the tags differ.
    QVERIFY(TxSigningMessage(MakeTx(Unjail{}), TestGenesisHash()) != VoteSigningMessage(v.vote, TestChainId(), TestGenesisHash()));
  }

  void txIdChangesWithEveryField() {
    const Transaction base = MakeTx(Transfer{A(3), 5});
    const TxId id = ComputeTxId(base);
    QCOMPARE(id, crypto::TaggedHash("tx", Encode(base)));
    std::vector<Transaction> variants(8, base);
    variants[0].chain_id = *ChainId::Parse("cairn-test-2");
    variants[1].sender = TestKey(9).public_key();
    variants[2].nonce += 1;
    variants[3].fee += 1;
    variants[4].expiry_slot += 1;
    variants[5].memo.push_back(1);
    variants[6].payload = Transfer{A(3), 6};
    variants[7].signature.bytes[0] ^= 1;
    for (const auto& v : variants) QVERIFY(ComputeTxId(v) != id);
    QCOMPARE(ComputeBlockId(MakeHeader(4, 1).header), crypto::TaggedHash("block", Encode(MakeHeader(4, 1).header)));
    // The header signature is not part of the block id.
    SignedBlockHeader h = MakeHeader(4, 1);
    const BlockId before = ComputeBlockId(h.header);
    h.signature.bytes[0] ^= 1;
    QCOMPARE(ComputeBlockId(h.header), before);
  }

  void bodyRoots() {
    const Block b = MakeBlock();
    std::vector<crypto::Hash256> ids;
    for (const auto& tx : b.body.txs) ids.push_back(ComputeTxId(tx));
    const BodyRoots roots = ComputeBodyRoots(b.body);
    QCOMPARE(roots.tx_root, crypto::MerkleRoot(ids));
    QCOMPARE(roots.tx_root, b.header.header.tx_root);
    QCOMPARE(roots.vote_root, b.header.header.vote_root);
    QCOMPARE(roots.evidence_root, b.header.header.evidence_root);
    QCOMPARE(ComputeBodyRoots(BlockBody{}).tx_root, crypto::MerkleRoot({}));
    BlockBody swapped = b.body;
    std::swap(swapped.txs[0], swapped.txs[1]);
    QVERIFY(ComputeBodyRoots(swapped).tx_root != roots.tx_root);
  }

  void everySampleTxPassesStatelessCheck() {
    for (const auto& p : AllPayloads()) {
      const Transaction tx = MakeTx(p);
      auto r = CheckTransactionStateless(tx, DevnetParams());
      QVERIFY2(r.has_value(), r ? "" : r.error().Message().c_str());
    }
  }

  void statelessTxRejections() {
    QCOMPARE(CheckField(MakeTx(Transfer{A(3), 0})), std::string("tx.payload.transfer.amount"));
    QCOMPARE(CheckField(MakeTx(Delegate{A(3), 0})), std::string("tx.payload.delegate.amount"));
    QCOMPARE(CheckField(MakeTx(Undelegate{A(3), 0})), std::string("tx.payload.undelegate.amount"));
    QCOMPARE(CheckField(MakeTx(Redelegate{A(3), A(3), 1})), std::string("tx.payload.redelegate.to"));
    QCOMPARE(CheckField(MakeTx(Deposit{1, 0})), std::string("tx.payload.deposit.amount"));
    QCOMPARE(CheckField(MakeTx(EditValidator{})), std::string("tx.payload.edit_validator"));
    QCOMPARE(CheckField(MakeTx(EditValidator{std::uint16_t{10001}, std::nullopt, std::nullopt})),
             std::string("tx.payload.edit_validator.commission_bps"));
    QCOMPARE(CheckField(MakeTx(GovVote{1, static_cast<VoteOption>(7)})), std::string("tx.payload.vote.option"));

    RegisterValidator rv = std::get<RegisterValidator>(AllPayloads()[1]);
    RegisterValidator bad = rv;
    bad.commission_bps = 10001;
    QCOMPARE(CheckField(MakeTx(bad)), std::string("tx.payload.register_validator.commission_bps"));
    bad = rv;
    bad.self_bond = DevnetParams().min_self_bond - 1;
    QCOMPARE(CheckField(MakeTx(bad)), std::string("tx.payload.register_validator.self_bond"));
    bad = rv;
    bad.consensus_pubkey = crypto::PublicKey{};  // small-order point
    QCOMPARE(CheckField(MakeTx(bad)), std::string("tx.payload.register_validator.consensus_pubkey"));
    bad = rv;
    bad.moniker = "a\x1b[31m";
    QCOMPARE(CheckField(MakeTx(bad)), std::string("tx.payload.register_validator.moniker"));

    QCOMPARE(CheckField(MakeTx(SubmitProposal{ParameterChange{"slot_ms", 5}, "t", "", 1})),
             std::string("tx.payload.submit_proposal.kind.parameter_change.name"));
    QCOMPARE(CheckField(MakeTx(SubmitProposal{ParameterChange{"chain_id", 5}, "t", "", 1})),
             std::string("tx.payload.submit_proposal.kind.parameter_change.name"));
    QCOMPARE(CheckField(MakeTx(SubmitProposal{TreasurySpend{A(1), 0}, "t", "", 1})),
             std::string("tx.payload.submit_proposal.kind.treasury_spend.amount"));
    QCOMPARE(CheckField(MakeTx(SubmitProposal{TextProposal{}, "", "", 1})), std::string("tx.payload.submit_proposal.title"));
    QCOMPARE(CheckField(MakeTx(SubmitProposal{TextProposal{}, "t", "", 0})), std::string("tx.payload.submit_proposal.deposit"));

    Transaction memo = MakeTx(Unjail{});
    memo.memo.assign(MEMO_MAX + 1, 0);
    QCOMPARE(CheckField(memo), std::string("tx.memo"));
    Transaction cheap = MakeTx(Unjail{});
    cheap.fee = 0;
    QCOMPARE(CheckField(cheap), std::string("tx.fee"));
    ChainParams small = DevnetParams();
    small.max_tx_bytes = 256;
    QCOMPARE(CheckField(MakeTx(SubmitProposal{TextProposal{}, "t", std::string(300, 'x'), 1}), small), std::string("tx"));
    // Sender keys are left to the strict signature check: the identity key with R = identity and
    // S = 0 satisfies a lax cofactorless verifier for every message, and must be refused here.
    Transaction bad_sender = MakeTx(Unjail{});
    bad_sender.sender = crypto::PublicKey{};
    bad_sender.sender.bytes[0] = 1;
    bad_sender.signature = crypto::Signature{};
    bad_sender.signature.bytes[0] = 1;
    QCOMPARE(CheckField(bad_sender), std::string("ok"));
    QVERIFY(!VerifyTransactionSignature(bad_sender, crypto::Hash256{}));
    QCOMPARE(CheckField(MakeTx(DoubleVoteEvidence())), std::string("ok"));
    Evidence self = DoubleVoteEvidence();
    std::get<DoubleVote>(self.offence).b = std::get<DoubleVote>(self.offence).a;
    QCOMPARE(CheckField(MakeTx(self)), std::string("tx.payload.evidence.double_vote.b"));
  }

  void evidenceDoubleProposal() {
    QCOMPARE(EvidenceField(DoubleProposalEvidence()), std::string("ok"));
    const auto good = std::get<DoubleProposal>(DoubleProposalEvidence().offence);
    Evidence swapped{DoubleProposal{good.b, good.a}};
    QCOMPARE(EvidenceField(swapped), std::string("evidence.double_proposal.a"));
    Evidence same{DoubleProposal{good.a, good.a}};
    QCOMPARE(EvidenceField(same), std::string("evidence.double_proposal.b"));
    Evidence other_slot{DoubleProposal{MakeHeader(10, 1), MakeHeader(11, 2)}};
    Canonicalize(other_slot);
    QCOMPARE(EvidenceField(other_slot), std::string("evidence.double_proposal.b.slot"));
    SignedBlockHeader x = MakeHeader(10, 2);
    x.header.proposer_index = 9;
    Evidence other_proposer{DoubleProposal{MakeHeader(10, 1), x}};
    Canonicalize(other_proposer);
    QCOMPARE(EvidenceField(other_proposer), std::string("evidence.double_proposal.b.proposer_index"));
    QCOMPARE(OffenderIndex(DoubleProposalEvidence()), ValidatorIndex{3});
    QVERIFY(VerifyEvidenceSignatures(DoubleProposalEvidence(), TestKey(2).public_key(), TestChainId(), TestGenesisHash()));
    QVERIFY(!VerifyEvidenceSignatures(DoubleProposalEvidence(), TestKey(3).public_key(), TestChainId(), TestGenesisHash()));
  }

  void evidenceDoubleVote() {
    QCOMPARE(EvidenceField(DoubleVoteEvidence()), std::string("ok"));
    const auto good = std::get<DoubleVote>(DoubleVoteEvidence().offence);
    QCOMPARE(EvidenceField(Evidence{DoubleVote{good.b, good.a}}), std::string("evidence.double_vote.a"));
    QCOMPARE(EvidenceField(Evidence{DoubleVote{good.a, good.a}}), std::string("evidence.double_vote.b"));
    Evidence other_target{DoubleVote{MakeVote(3, 12, 8, 11), MakeVote(3, 12, 8, 10)}};
    Canonicalize(other_target);
    QCOMPARE(EvidenceField(other_target), std::string("evidence.double_vote.b.target.slot"));
    Evidence other_validator{DoubleVote{MakeVote(3, 12, 8, 11, 7), MakeVote(4, 12, 8, 11, 9)}};
    Canonicalize(other_validator);
    QCOMPARE(EvidenceField(other_validator), std::string("evidence.double_vote.b.validator_index"));
    QVERIFY(VerifyEvidenceSignatures(DoubleVoteEvidence(), TestKey(2).public_key(), TestChainId(), TestGenesisHash()));
    QVERIFY(!VerifyEvidenceSignatures(DoubleVoteEvidence(), TestKey(2).public_key(), TestChainId(), H(0)));
  }

  void evidenceSurroundVote() {
    QCOMPARE(EvidenceField(SurroundVoteEvidence()), std::string("ok"));
    const auto good = std::get<SurroundVote>(SurroundVoteEvidence().offence);
    QCOMPARE(EvidenceField(Evidence{SurroundVote{good.b, good.a}}), std::string("evidence.surround_vote.a"));
    // Equal sources, equal targets, or overlapping without nesting: no surround.
    for (auto [s2, t2] : {std::pair<Slot, Slot>{2, 14}, std::pair<Slot, Slot>{5, 19}, std::pair<Slot, Slot>{3, 30}}) {
      Evidence e{SurroundVote{MakeVote(3, 20, 2, 19), MakeVote(3, 30, s2, t2)}};
      Canonicalize(e);
      QCOMPARE(EvidenceField(e), std::string("evidence.surround_vote.b"));
    }
    Evidence other_validator{SurroundVote{MakeVote(3, 20, 2, 19), MakeVote(4, 15, 5, 14)}};
    Canonicalize(other_validator);
    QCOMPARE(EvidenceField(other_validator), std::string("evidence.surround_vote.b.validator_index"));
  }

  void blockStatelessCheck() {
    const Block good = MakeBlock();
    auto ok = CheckBlockStateless(good, DevnetParams());
    QVERIFY2(ok.has_value(), ok ? "" : ok.error().Message().c_str());
    auto field = [](const Block& b, const ChainParams& p = DevnetParams()) {
      auto r = CheckBlockStateless(b, p);
      return r ? std::string("ok") : r.error().field;
    };
    Block b = good;
    b.header.header.tx_root = H(0);
    QCOMPARE(field(b), std::string("block.header.tx_root"));
    b = good;
    b.header.header.version = 2;
    QCOMPARE(field(b), std::string("block.header.version"));
    b = good;
    b.body.votes.push_back(b.body.votes[0]);
    SetBodyRoots(b.header.header, b.body);
    QCOMPARE(field(b), std::string("block.body.votes[2]"));
    b = good;
    b.body.votes[0] = MakeVote(1, 30, 27, 28);  // not earlier than the block's slot 30
    SetBodyRoots(b.header.header, b.body);
    QCOMPARE(field(b), std::string("block.body.votes[0].slot"));
    b = good;
    b.body.txs[3] = MakeTx(Transfer{A(3), 0});
    SetBodyRoots(b.header.header, b.body);
    QCOMPARE(field(b), std::string("block.body.txs[3].payload.transfer.amount"));
    b = good;
    b.body.txs.push_back(b.body.txs[0]);
    SetBodyRoots(b.header.header, b.body);
    QCOMPARE(field(b), std::string("block.body.txs[19]"));
    ChainParams few = DevnetParams();
    few.max_block_txs = 2;
    QCOMPARE(field(good, few), std::string("block.body.txs"));
    few = DevnetParams();
    few.max_block_bytes = 1000;
    QCOMPARE(field(good, few), std::string("block"));
  }

  void paramsValidateAndGovern() {
    QVERIFY(ValidateParams(DevnetParams()).has_value());
    QVERIFY(ValidateParams(TestnetParams()).has_value());
    QCOMPARE(DevnetParams().slot_ms, std::uint64_t{1000});
    QCOMPARE(TestnetParams().slot_ms, std::uint64_t{2000});
    auto bad = [](auto mutate) {
      ChainParams p = DevnetParams();
      mutate(p);
      auto r = ValidateParams(p);
      return r ? std::string("ok") : r.error().field;
    };
    QCOMPARE(bad([](ChainParams& p) { p.unbonding_slots = p.evidence_window; }), std::string("unbonding_slots"));
    QCOMPARE(bad([](ChainParams& p) { p.quorum_bps = 10001; }), std::string("quorum_bps"));
    QCOMPARE(bad([](ChainParams& p) { p.slot_ms = 0; }), std::string("slot_ms"));
    QCOMPARE(bad([](ChainParams& p) { p.max_missed_votes = p.downtime_window; }), std::string("max_missed_votes"));
    QCOMPARE(bad([](ChainParams& p) { p.max_validators = 0; }), std::string("max_validators"));
    QCOMPARE(bad([](ChainParams& p) { p.proposer_boost_pct = 101; }), std::string("proposer_boost_pct"));
    QCOMPARE(bad([](ChainParams& p) { p.max_block_bytes = p.max_tx_bytes - 1; }), std::string("max_block_bytes"));
    QCOMPARE(bad([](ChainParams& p) { p.max_block_votes = p.max_validators - 1; }), std::string("max_block_votes"));
    QCOMPARE(bad([](ChainParams& p) { p.community_tax_bps = 6000; p.proposer_bonus_bps = 5000; }), std::string("proposer_bonus_bps"));
    QCOMPARE(bad([](ChainParams& p) { p.min_self_bond = 0; }), std::string("min_self_bond"));

    ChainParams p = DevnetParams();
    QVERIFY(SetGovernableParam(p, "max_validators", 150).has_value());
    QCOMPARE(*GetParam(p, "max_validators"), std::uint64_t{150});
    QVERIFY(SetGovernableParam(p, "burn_expired_deposits", 1).has_value());
    QVERIFY(p.burn_expired_deposits);
    QVERIFY(!SetGovernableParam(p, "burn_expired_deposits", 2));
    QVERIFY(!SetGovernableParam(p, "slot_ms", 500));
    QVERIFY(!SetGovernableParam(p, "chain_id", 1));
    QVERIFY(!SetGovernableParam(p, "nope", 1));
    QVERIFY(!IsGovernableParam("staking_period"));
    QVERIFY(IsGovernableParam("unbonding_slots"));
    QCOMPARE(ParamTable().size(), std::size_t{37});
    for (const auto& info : ParamTable()) QVERIFY(GetParam(TestnetParams(), info.name).has_value());
    QCOMPARE(Encode(p).size(), std::size_t{36 * 8 + 1});
    util::Bytes enc = Encode(p);
    enc.back() = 2;
    QCOMPARE(DecodeChainParams(enc).error().field, std::string("params.burn_expired_deposits"));
  }
};

int RunCheckTests(int argc, char** argv) {
  TestChecks t;
  return QTest::qExec(&t, argc, argv);
}

#include "test_checks.moc"
