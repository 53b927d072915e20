// Admission rules and their errors, replacement, nonce gaps, batch = sequential.
#include "chain/address.h"
#include "test_registry.h"
#include "mempool_fixture.h"

namespace cairn::test {
namespace {

using mempool::AdmitCode;
using mempool::AdmitErrorKind;
using mempool::TxPlacement;

class AdmissionTest : public QObject {
  Q_OBJECT

 private slots:
  void admitsAValidTransfer() {
    PoolEnv env;
    const auto tx = env.Transfer(1, 0);
    const auto r = env.pool->Admit(tx);
    QVERIFY2(r, r ? "" : r.error().Message().c_str());
    QCOMPARE(r->placement, TxPlacement::Ready);
    QVERIFY(r->id == chain::ComputeTxId(tx));
    QVERIFY(env.pool->Contains(r->id));
    QVERIFY(*env.pool->Get(r->id) == tx);
    QCOMPARE(env.pool->size(), std::size_t{1});
    QCOMPARE(env.pool->bytes(), chain::Encode(tx).size());
    QCOMPARE(env.pool->PendingOf(SeedAddress(1)).size(), std::size_t{1});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void refusesEachInvalidKind() {
    PoolEnv env;
    env.NextBlock();  // head slot 1, so a tx can be expired
    auto bad_sig = env.Transfer(1, 0);
    bad_sig.signature.bytes[0] ^= 1;
    auto wrong_chain = env.Transfer(1, 0);
    wrong_chain.chain_id = chain::ChainId::Unchecked("other-chain");
    env.SignAtRate(wrong_chain, 1, 1);
    auto malformed = env.Transfer(1, 0);
    malformed.memo.assign(chain::MEMO_MAX + 1, 7);
    env.SignAtRate(malformed, 1, 1);
    auto cheap = env.Transfer(1, 0);
    cheap.fee -= 1;
    chain::SignTransaction(cheap, SeedKey(1), env.chain.genesis_hash());
    const auto expired = env.Transfer(1, 0, 1, 1, /*expiry=*/env.Slot());
    auto zero_amount = env.Transfer(1, 0, 1, 0);  // a no-op transfer is stateless-invalid
    auto overflow = env.Transfer(1, 0, 1, UINT64_MAX);

    const std::vector<std::pair<chain::Transaction, AdmitCode>> cases = {
        {bad_sig, AdmitCode::BadSignature}, {wrong_chain, AdmitCode::WrongChain}, {malformed, AdmitCode::Malformed},
        {cheap, AdmitCode::FeeTooLow},      {expired, AdmitCode::Expired},        {zero_amount, AdmitCode::Malformed},
        {overflow, AdmitCode::SpendOverflow},
    };
    for (const auto& [tx, code] : cases) {
      const auto r = env.pool->Admit(tx);
      QVERIFY2(!r, std::string(mempool::AdmitCodeName(code)).c_str());
      QCOMPARE(mempool::AdmitCodeName(r.error().code), mempool::AdmitCodeName(code));
      QCOMPARE(r.error().kind, AdmitErrorKind::Invalid);
      QVERIFY(!r.error().reason.empty());
    }
    QCOMPARE(env.pool->size(), std::size_t{0});
  }

  // A sender key that is not a curve point, or is of small order, is refused by the strict signature
  // check (the stateless rules leave sender keys to it).
  void refusesBadSenderKeysThroughTheSignatureCheck() {
    PoolEnv env;
    auto not_a_point = env.Transfer(4, 0);
    not_a_point.sender.bytes.fill(0xff);
    auto small_order = env.Transfer(5, 0);
    small_order.sender = crypto::PublicKey{};
    small_order.sender.bytes[0] = 1;  // the identity point
    for (const auto& tx : {not_a_point, small_order}) {
      QVERIFY(chain::CheckTransactionStateless(tx, PoolParams()).has_value());
      const auto r = env.pool->Admit(tx);
      QVERIFY(!r);
      QCOMPARE(r.error().code, AdmitCode::BadSignature);
    }
    QCOMPARE(env.pool->size(), std::size_t{0});
  }

  void refusesDuplicates() {
    PoolEnv env;
    const auto tx = env.Transfer(1, 0);
    QVERIFY(env.pool->Admit(tx));
    const auto again = env.pool->Admit(tx);
    QVERIFY(!again);
    QCOMPARE(again.error().code, AdmitCode::Duplicate);
    QCOMPARE(again.error().kind, AdmitErrorKind::Known);
  }

  void refusesPolicyViolations() {
    mempool::MempoolConfig config;
    config.max_per_sender = 3;
    config.max_nonce_ahead = 10;
    PoolEnv env(config);
    const auto too_far = env.pool->Admit(env.Transfer(1, 10));
    QCOMPARE(Outcome(too_far), std::string("nonce_too_far"));
    QCOMPARE(too_far.error().kind, AdmitErrorKind::Policy);
    for (std::uint64_t n = 0; n < 3; ++n) QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, n))), std::string("ok:ready"));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, 3))), std::string("sender_limit"));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, 5))), std::string("sender_limit"));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(2, 0))), std::string("ok:ready"));  // other senders unaffected
  }

  void checksBalanceAgainstPendingSpend() {
    PoolEnv env;
    // The first spends about 60% of the balance, so a second of the same size no longer fits.
    const chain::Amount amount = POOR_BALANCE * 6 / 10;
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(POOR_SEED, 0, 1, amount))), std::string("ok:ready"));
    const auto r = env.pool->Admit(env.Transfer(POOR_SEED, 1, 1, amount));
    QCOMPARE(Outcome(r), std::string("insufficient_balance"));
    QCOMPARE(r.error().kind, AdmitErrorKind::Policy);
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(POOR_SEED, 1, 1, 1000))), std::string("ok:ready"));
    // A future alone larger than the balance is refused too.
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(POOR_SEED, 5, 1, POOR_BALANCE))), std::string("insufficient_balance"));
    // An account that does not exist has nothing to pay with.
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(77, 0))), std::string("insufficient_balance"));
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void replacesOnlyWithEnoughBump() {
    PoolEnv env;  // bump 10%
    const auto original = env.Transfer(1, 0, 100);
    QVERIFY(env.pool->Admit(original));
    const auto five_pct = env.Transfer(1, 0, 105, 2);
    const auto refused = env.pool->Admit(five_pct);
    QCOMPARE(Outcome(refused), std::string("replacement_underpriced"));
    QCOMPARE(refused.error().kind, AdmitErrorKind::Policy);
    const auto ten_pct = env.Transfer(1, 0, 111, 3);
    const auto r = env.pool->Admit(ten_pct);
    QVERIFY2(r, r ? "" : r.error().Message().c_str());
    QVERIFY(r->replaced);
    QCOMPARE(r->placement, TxPlacement::Ready);
    QVERIFY(!env.pool->Contains(chain::ComputeTxId(original)));
    QVERIFY(env.pool->Contains(chain::ComputeTxId(ten_pct)));
    QCOMPARE(env.pool->size(), std::size_t{1});
    QCOMPARE(env.pool->stats().replaced, std::uint64_t{1});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void holdsANonceGapUntilItFills() {
    PoolEnv env;
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, 2))), std::string("ok:future"));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, 1))), std::string("ok:future"));
    QCOMPARE(env.pool->stats().ready, std::size_t{0});
    QVERIFY(env.pool->SelectForBlock(100, 1 << 20).empty());
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, 0))), std::string("ok:ready"));
    for (const auto& info : env.pool->PendingOf(SeedAddress(1))) QCOMPARE(info.placement, TxPlacement::Ready);
    QCOMPARE(env.pool->stats().ready, std::size_t{3});
    QCOMPARE(env.pool->SelectForBlock(100, 1 << 20).size(), std::size_t{3});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void batchGivesTheSameResultsAsSequential() {
    PoolEnv seq_env, batch_env;
    std::vector<chain::Transaction> txs;
    for (std::uint32_t seed = 1; seed <= 6; ++seed) {
      for (std::uint64_t n = 0; n < 5; ++n) txs.push_back(seq_env.Transfer(seed, (n * 3) % 5, 1 + seed));
    }
    txs.push_back(txs[3]);  // duplicate
    auto bad = txs[4];
    bad.signature.bytes[5] ^= 0x40;
    txs.push_back(bad);
    txs.push_back(seq_env.Transfer(POOR_SEED, 0, 1, POOR_BALANCE));  // insufficient
    std::vector<std::string> sequential;
    for (const auto& tx : txs) sequential.push_back(Outcome(seq_env.pool->Admit(tx)));
    const auto results = batch_env.pool->AdmitBatch(txs);
    QCOMPARE(results.size(), txs.size());
    for (std::size_t i = 0; i < txs.size(); ++i) QCOMPARE(Outcome(results[i]), sequential[i]);
    QCOMPARE(batch_env.pool->size(), seq_env.pool->size());
    QCOMPARE(batch_env.pool->CheckInvariants(), std::string());
  }
};

CAIRN_REGISTER_TEST(AdmissionTest);

}  // namespace
}  // namespace cairn::test

#include "test_admission.moc"
