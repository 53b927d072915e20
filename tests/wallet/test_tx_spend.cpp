// test_wallet_tx, the spend rule: wallet::TxSpend must equal mempool::SpendOf on every payload kind (the
// wallet restates the rule because it may not link the mempool; this test is what keeps them equal).
#include <QTest>

#include "mempool/mempool.h"
#include "test_registry.h"
#include "tx_test_util.h"
#include "wallet/spendable.h"

using namespace cairn;

class TestTxSpend : public QObject {
  Q_OBJECT

 private slots:
  void walletSpendEqualsMempoolSpendOf() {
    std::vector<chain::Payload> payloads;
    for (const auto& [label, input] : test::EveryWalletInput()) {
      auto payload = wallet::MakePayload(input, test::TX_HRP);
      QVERIFY2(payload.has_value(), label.c_str());
      payloads.push_back(*payload);
    }
    payloads.emplace_back(chain::Evidence{});
    std::set<std::size_t> kinds;
    for (const auto& payload : payloads) kinds.insert(payload.index());
    QCOMPARE(kinds.size(), std::size_t{chain::PAYLOAD_KIND_COUNT});

    for (const chain::Amount fee : {chain::Amount{0}, chain::Amount{7}, chain::Amount{UINT64_MAX - 5}, UINT64_MAX}) {
      for (const auto& payload : payloads) {
        chain::Transaction tx;
        tx.fee = fee;
        tx.payload = payload;
        const auto wallet_spend = wallet::TxSpend(tx);
        const auto pool_spend = mempool::SpendOf(tx);
        const std::string info = std::string(chain::PayloadKindName(tx.kind())) + " fee " + std::to_string(fee);
        QVERIFY2(wallet_spend == pool_spend, info.c_str());
      }
    }
    // The rule itself, so that both drifting together is caught too.
    chain::Transaction tx;
    tx.fee = 3;
    tx.payload = chain::Transfer{test::SeedAddress(2), 10};
    QCOMPARE(wallet::TxSpend(tx).value_or(0), chain::Amount{13});
    tx.payload = chain::Undelegate{test::SeedAddress(10), 10};
    QCOMPARE(wallet::TxSpend(tx).value_or(0), chain::Amount{3});
    tx.payload = chain::SubmitProposal{chain::TreasurySpend{test::SeedAddress(3), 50}, "t", "", 20};
    QCOMPARE(wallet::TxSpend(tx).value_or(0), chain::Amount{23});
  }
};

CAIRN_REGISTER_TEST(TestTxSpend);

#include "test_tx_spend.moc"
