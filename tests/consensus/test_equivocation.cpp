// EquivocationDetector: each offence kind is found once, as canonical evidence that passes the chain's
// structural and signature checks; non-offences yield nothing; MakeEvidenceTransaction builds a valid,
// signed evidence transaction.
#include <QTest>

#include "chain/params.h"
#include "consensus/equivocation.h"
#include "test_helpers.h"
#include "test_registry.h"

using namespace cairn;
using test::Id;

namespace {

crypto::SecretKey Key(std::uint8_t n) {
  util::Bytes seed(crypto::ED25519_SEED_SIZE, n);
  return *crypto::SecretKey::FromSeed(seed);
}
chain::ChainId Chain() { return *chain::ChainId::Parse("cairn-test-1"); }
crypto::Hash256 Genesis() { return Id("genesis-hash"); }

chain::SignedVote MakeVote(chain::ValidatorIndex who, chain::Slot source, chain::Slot target, chain::Slot slot,
                           const std::string& head = "h") {
  chain::Vote v;
  v.validator_index = who;
  v.slot = slot;
  v.head_root = Id(head);
  v.target = {target, Id("t" + std::to_string(target) + head)};
  v.source = {source, Id("s" + std::to_string(source))};
  return chain::SignVote(v, Key(static_cast<std::uint8_t>(who + 1)), Chain(), Genesis());
}

chain::SignedBlockHeader MakeHeader(chain::ValidatorIndex proposer, chain::Slot slot, const std::string& parent) {
  chain::BlockHeader h;
  h.chain_id = Chain();
  h.slot = slot;
  h.height = slot;
  h.parent_hash = Id(parent);
  h.proposer_index = proposer;
  return chain::SignBlockHeader(h, Key(static_cast<std::uint8_t>(proposer + 1)), Genesis());
}

// The evidence is canonical, structurally valid and signed by the offender.
void CheckValid(const chain::Evidence& e, chain::ValidatorIndex offender, chain::EvidenceKind kind) {
  QCOMPARE(e.kind(), kind);
  QCOMPARE(chain::OffenderIndex(e), offender);
  const auto structural = chain::CheckEvidenceStateless(e);
  QVERIFY2(structural, structural ? "" : structural.error().Message().c_str());
  QVERIFY(chain::VerifyEvidenceSignatures(e, Key(static_cast<std::uint8_t>(offender + 1)).public_key(), Chain(),
                                          Genesis()));
  chain::Evidence copy = e;
  chain::Canonicalize(copy);
  QCOMPARE(copy, e);
}

}  // namespace

class TestEquivocation : public QObject {
  Q_OBJECT

 private slots:
  void doubleVoteDetectedOnce() {
    consensus::EquivocationDetector d;
    const auto a = MakeVote(3, 1, 5, 5, "x");
    const auto b = MakeVote(3, 1, 5, 6, "y");  // same target slot, other vote data
    QVERIFY(!d.OnVote(a));
    const auto e = d.OnVote(b);
    QVERIFY(e.has_value());
    CheckValid(*e, 3, chain::EvidenceKind::DoubleVote);
    QVERIFY(!d.OnVote(b));  // reported once
    QVERIFY(!d.OnVote(a));
    // Arrival order does not change the evidence.
    consensus::EquivocationDetector other;
    QVERIFY(!other.OnVote(b));
    QCOMPARE(other.OnVote(a), e);
  }

  void surroundVoteBothDirections() {
    {
      consensus::EquivocationDetector d;
      QVERIFY(!d.OnVote(MakeVote(1, 2, 3, 3)));
      const auto e = d.OnVote(MakeVote(1, 1, 6, 6));  // the new vote surrounds the earlier one
      QVERIFY(e.has_value());
      CheckValid(*e, 1, chain::EvidenceKind::SurroundVote);
      QVERIFY(!d.OnVote(MakeVote(1, 1, 6, 6)));
    }
    {
      consensus::EquivocationDetector d;
      QVERIFY(!d.OnVote(MakeVote(1, 1, 6, 6)));
      const auto e = d.OnVote(MakeVote(1, 2, 3, 3));  // the new vote is surrounded
      QVERIFY(e.has_value());
      CheckValid(*e, 1, chain::EvidenceKind::SurroundVote);
    }
  }

  void doubleProposalDetectedOnce() {
    consensus::EquivocationDetector d;
    const auto a = MakeHeader(7, 10, "p1");
    const auto b = MakeHeader(7, 10, "p2");
    QVERIFY(!d.OnHeader(a));
    QVERIFY(!d.OnHeader(a));  // the same header again
    const auto e = d.OnHeader(b);
    QVERIFY(e.has_value());
    CheckValid(*e, 7, chain::EvidenceKind::DoubleProposal);
    QVERIFY(!d.OnHeader(b));
    QVERIFY(!d.OnHeader(MakeHeader(8, 10, "p3")));  // another proposer
    QVERIFY(!d.OnHeader(MakeHeader(7, 11, "p3")));  // another slot
    QCOMPARE(d.HeaderCount(), std::size_t{3});
  }

  void nonOffencesYieldNothing() {
    consensus::EquivocationDetector d;
    const auto a = MakeVote(2, 1, 2, 2);
    QVERIFY(!d.OnVote(a));
    QVERIFY(!d.OnVote(a));                     // same vote twice
    QVERIFY(!d.OnVote(MakeVote(2, 2, 3, 3)));  // consecutive votes
    QVERIFY(!d.OnVote(MakeVote(2, 3, 5, 5)));
    QVERIFY(!d.OnVote(MakeVote(2, 3, 6, 6)));  // same source, later target: no strict surround
    QVERIFY(!d.OnVote(MakeVote(2, 5, 7, 7)));
    QVERIFY(!d.OnVote(MakeVote(9, 1, 2, 2, "z")));  // another validator, same target slot
    QCOMPARE(d.VoteCount(), std::size_t{6});
  }

  void pruneForgetsOldVotesAndBoundHolds() {
    consensus::EquivocationDetector d(consensus::EquivocationConfig{.max_targets_per_validator = 4});
    for (chain::Slot t = 1; t <= 10; ++t) QVERIFY(!d.OnVote(MakeVote(0, t - 1, t, t)));
    QCOMPARE(d.VoteCount(), std::size_t{4});  // targets 7..10
    QVERIFY(!d.OnVote(MakeVote(0, 0, 2, 2, "other")));  // target 2 was pushed out: not detected
    QVERIFY(d.OnVote(MakeVote(0, 6, 9, 9, "other")).has_value());
    d.Prune(10);
    QCOMPARE(d.VoteCount(), std::size_t{1});
    QVERIFY(!d.OnVote(MakeVote(0, 6, 8, 8, "late")));  // below the floor: ignored
    QVERIFY(!d.OnHeader(MakeHeader(1, 9, "p")));
    QCOMPARE(d.HeaderCount(), std::size_t{0});
  }

  void evidenceTransactionIsValid() {
    consensus::EquivocationDetector d;
    QVERIFY(!d.OnVote(MakeVote(4, 1, 5, 5, "x")));
    const auto e = d.OnVote(MakeVote(4, 1, 5, 5, "y"));
    QVERIFY(e.has_value());
    const chain::ChainParams params = chain::DevnetParams();
    const crypto::SecretKey reporter = Key(200);
    // The fee covers the encoded size at the minimum rate (fee's own varint included generously).
    const chain::Transaction probe = consensus::MakeEvidenceTransaction(*e, reporter, 0, 0, 100, Chain(), Genesis());
    const chain::Amount fee = (chain::Encode(probe).size() + 16) * params.min_fee_rate + 1;
    const chain::Transaction tx = consensus::MakeEvidenceTransaction(*e, reporter, 3, fee, 100, Chain(), Genesis());
    QCOMPARE(tx.kind(), chain::PayloadKind::Evidence);
    QCOMPARE(std::get<chain::Evidence>(tx.payload), *e);
    QCOMPARE(tx.sender, reporter.public_key());
    QCOMPARE(tx.nonce, std::uint64_t{3});
    const auto check = chain::CheckTransactionStateless(tx, params);
    QVERIFY2(check, check ? "" : check.error().Message().c_str());
    QVERIFY(chain::VerifyTransactionSignature(tx, Genesis()));
    QVERIFY(!chain::VerifyTransactionSignature(tx, Id("other-genesis")));
  }
};

CAIRN_REGISTER_TEST(TestEquivocation);
#include "test_equivocation.moc"
