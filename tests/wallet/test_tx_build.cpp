// test_wallet_tx, building and pricing (node/wallet/tx_builder.h, fee_estimate.h): every payload kind
// builds, signs, round-trips and passes the chain's stateless check; every input refusal names its
// field; fees are exact at encoding size boundaries.
#include <QTest>

#include <set>
#include <string>

#include "chain/transaction.h"
#include "test_registry.h"
#include "tx_test_util.h"
#include "wallet/fee_estimate.h"
#include "wallet/tx_builder.h"

using namespace cairn;
using namespace cairn::wallet;

namespace {

bool Contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

TxRequest Request(std::uint32_t seed = 1, std::string_view memo = "") {
  TxRequest r;
  r.sender = test::SeedKey(seed).public_key();
  r.nonce = 4;
  r.expiry_slot = 1'000;
  r.memo.assign(memo.begin(), memo.end());
  return r;
}

FeeQuote Quote(std::uint64_t min_rate, std::uint64_t next_rate = 0, FeeLevel level = FeeLevel::Economy) {
  return FeeQuote{min_rate, next_rate, level};
}

chain::PayloadKind ExpectedKind(const PayloadInput& input) { return static_cast<chain::PayloadKind>(input.index()); }

}  // namespace

class TestTxBuild : public QObject {
  Q_OBJECT

 private slots:
  void everyKindBuildsSignsAndRoundTrips() {
    const BuildContext ctx = test::TxContext(3);
    const auto key = test::SeedKey(1);
    const auto inputs = test::EveryWalletInput();
    QCOMPARE(inputs.size(), std::size_t{15});
    std::set<std::size_t> kinds;
    for (const auto& [label, input] : inputs) {
      auto built = BuildUnsigned(ctx, Request(1, "rent"), input, Quote(3));
      QVERIFY2(built.has_value(), (label + ": " + (built ? std::string() : built.error().message)).c_str());
      QCOMPARE(built->kind(), ExpectedKind(input));
      kinds.insert(input.index());
      QCOMPARE(built->chain_id, ctx.chain_id);
      QCOMPARE(built->sender, key.public_key());
      QCOMPARE(built->nonce, std::uint64_t{4});
      QCOMPARE(built->expiry_slot, chain::Slot{1'000});
      QCOMPARE(built->memo, (util::Bytes{'r', 'e', 'n', 't'}));

      auto signed_tx = SignTx(ctx, *built, key);
      QVERIFY2(signed_tx.has_value(), label.c_str());
      QVERIFY(chain::VerifyTransactionSignature(signed_tx->tx, ctx.genesis_hash));
      QVERIFY(chain::CheckTransactionStateless(signed_tx->tx, ctx.params).has_value());
      QCOMPARE(signed_tx->id, chain::ComputeTxId(signed_tx->tx));
      QCOMPARE(signed_tx->encoding, chain::Encode(signed_tx->tx));
      // Signing changed nothing but the signature.
      chain::Transaction unsigned_copy = signed_tx->tx;
      unsigned_copy.signature = {};
      QCOMPARE(unsigned_copy, *built);
      // Exact fee: rate * signed size.
      QCOMPARE(signed_tx->tx.fee, 3 * signed_tx->encoding.size());
      auto decoded = chain::DecodeTransaction(signed_tx->encoding);
      QVERIFY2(decoded.has_value(), label.c_str());
      QCOMPARE(*decoded, signed_tx->tx);
      // Another genesis (network) does not verify.
      crypto::Hash256 other = ctx.genesis_hash;
      other.bytes[0] ^= 1;
      QVERIFY(!chain::VerifyTransactionSignature(signed_tx->tx, other));
    }
    QCOMPARE(kinds.size(), std::size_t{chain::PAYLOAD_KIND_COUNT - 1});  // all but Evidence
  }

  void payloadFieldsComeFromInputs() {
    auto transfer = MakePayload(TransferInput{test::AddrText(2), 5}, test::TX_HRP);
    QVERIFY(transfer.has_value());
    QCOMPARE(std::get<chain::Transfer>(*transfer), (chain::Transfer{test::SeedAddress(2), 5}));
    auto vote = MakePayload(GovVoteInput{9, "ABSTAIN"}, test::TX_HRP);
    QVERIFY(vote.has_value());
    QCOMPARE(std::get<chain::GovVote>(*vote), (chain::GovVote{9, chain::VoteOption::Abstain}));
    for (auto [name, option] : {std::pair{"yes", chain::VoteOption::Yes}, std::pair{"no", chain::VoteOption::No},
                                std::pair{"veto", chain::VoteOption::Veto}}) {
      auto parsed = ParseVoteOption(name);
      QVERIFY(parsed.has_value());
      QCOMPARE(*parsed, option);
    }
    auto spend = MakePayload(SubmitProposalInput{TreasurySpendInput{test::AddrText(3), 8}, "t", "", 1}, test::TX_HRP);
    QVERIFY(spend.has_value());
    const auto& proposal = std::get<chain::SubmitProposal>(*spend);
    QCOMPARE(std::get<chain::TreasurySpend>(proposal.kind), (chain::TreasurySpend{test::SeedAddress(3), 8}));
    auto all = MakePayload(ClaimRewardsInput{}, test::TX_HRP);
    QVERIFY(all.has_value() && !std::get<chain::ClaimRewards>(*all).validator.has_value());
  }

  void inputRefusalsNameTheField() {
    const BuildContext ctx = test::TxContext(3);
    struct Case {
      PayloadInput input;
      TxBuildErrorKind kind;
      std::string field;
      std::string words;
    };
    const std::string mainnet = chain::EncodeAddress(test::SeedAddress(2), chain::MAINNET_HRP);
    const std::vector<Case> cases = {
        {TransferInput{mainnet, 1}, TxBuildErrorKind::BadInput, "payload.to", "prefix"},
        {TransferInput{"tcairn1notanaddress", 1}, TxBuildErrorKind::BadInput, "payload.to", "payload.to: "},
        {DelegateInput{"", 1}, TxBuildErrorKind::BadInput, "payload.validator", "payload.validator: "},
        {RedelegateInput{test::AddrText(10), mainnet, 1}, TxBuildErrorKind::BadInput, "payload.to", "prefix"},
        {ClaimRewardsInput{std::string("x")}, TxBuildErrorKind::BadInput, "payload.validator", "payload.validator: "},
        {SubmitProposalInput{TreasurySpendInput{mainnet, 1}, "t", "", 1}, TxBuildErrorKind::BadInput, "payload.kind.to", "prefix"},
        {GovVoteInput{1, "maybe"}, TxBuildErrorKind::BadInput, "payload.option", "'maybe' is not a vote option"},
        {EvidenceInput{}, TxBuildErrorKind::Unsupported, "payload", "evidence is assembled and submitted by the node"},
        // Stateless chain rules, reported with the chain's field path.
        {TransferInput{test::AddrText(2), 0}, TxBuildErrorKind::Invalid, "", "amount"},
        {RedelegateInput{test::AddrText(10), test::AddrText(10), 1}, TxBuildErrorKind::Invalid, "", "to"},
        {RegisterValidatorInput{test::SeedKey(1, test::KeyRole::Consensus).public_key(),
                                test::SeedKey(1, test::KeyRole::Vrf).public_key(), 500, 1'000 * chain::COIN, "", ""},
         TxBuildErrorKind::Invalid, "", "moniker"},
        {RegisterValidatorInput{test::SeedKey(1, test::KeyRole::Consensus).public_key(),
                                test::SeedKey(1, test::KeyRole::Vrf).public_key(), 500, 1, "rock", ""},
         TxBuildErrorKind::Invalid, "", "self_bond"},
        {EditValidatorInput{}, TxBuildErrorKind::Invalid, "", "payload"},
        {SubmitProposalInput{ParameterChangeInput{"chain_id", 1}, "t", "", 1}, TxBuildErrorKind::Invalid, "", "name"},
    };
    for (const Case& c : cases) {
      auto built = BuildUnsigned(ctx, Request(), c.input, Quote(3));
      QVERIFY(!built.has_value());
      const TxBuildError& e = built.error();
      const std::string info = std::string(TxBuildErrorKindName(e.kind)) + " " + e.field + " | " + e.message;
      QVERIFY2(e.kind == c.kind, info.c_str());
      if (!c.field.empty()) QVERIFY2(e.field == c.field, info.c_str());
      QVERIFY2(!e.field.empty(), info.c_str());
      QVERIFY2(Contains(e.message, c.words), info.c_str());
      QVERIFY2(Contains(e.message, e.field), info.c_str());  // the message names the field
    }
  }

  void envelopeRefusals() {
    const BuildContext ctx = test::TxContext(3);
    // Evidence given as a chain payload directly.
    auto evidence = BuildUnsigned(ctx, Request(), chain::Payload{chain::Evidence{}}, Quote(3));
    QVERIFY(!evidence && evidence.error().kind == TxBuildErrorKind::Unsupported);
    // Memo over 256 bytes.
    auto memo = BuildUnsigned(ctx, Request(1, std::string(chain::MEMO_MAX + 1, 'm')), TransferInput{test::AddrText(2), 1}, Quote(3));
    QVERIFY(!memo);
    QCOMPARE(memo.error().kind, TxBuildErrorKind::BadInput);
    QCOMPARE(memo.error().field, std::string("memo"));
    QVERIFY(Contains(memo.error().message, "257 bytes"));
    // No chain id.
    BuildContext no_chain = ctx;
    no_chain.chain_id = {};
    auto chainless = BuildUnsigned(no_chain, Request(), TransferInput{test::AddrText(2), 1}, Quote(3));
    QVERIFY(!chainless && chainless.error().field == "chain_id");
    // A fee rate whose fee overflows.
    auto overflow = BuildUnsigned(ctx, Request(), TransferInput{test::AddrText(2), 1}, Quote(3, UINT64_MAX / 50));
    QVERIFY(!overflow);
    QCOMPARE(overflow.error().kind, TxBuildErrorKind::Overflow);
    QCOMPARE(overflow.error().field, std::string("fee"));
    // A quote below the chain's minimum cannot happen through EffectiveFeeRate, but params demanding
    // more than the quote does are caught by the stateless check.
    BuildContext strict = ctx;
    strict.params.min_fee_rate = 4;
    auto cheap = BuildUnsigned(strict, Request(), TransferInput{test::AddrText(2), 1}, Quote(3));
    QVERIFY(!cheap);
    QCOMPARE(cheap.error().kind, TxBuildErrorKind::Invalid);
    QVERIFY(Contains(cheap.error().message, "fee"));
  }

  void signingWithAnotherKeyIsRefused() {
    const BuildContext ctx = test::TxContext(3);
    auto built = BuildUnsigned(ctx, Request(1), TransferInput{test::AddrText(2), 1}, Quote(3));
    QVERIFY(built.has_value());
    auto wrong = SignTx(ctx, *built, test::SeedKey(2));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().kind, TxBuildErrorKind::WrongKey);
    QCOMPARE(wrong.error().field, std::string("sender"));
  }

  void feeRateLevels() {
    QCOMPARE(EffectiveFeeRate(Quote(5, 0, FeeLevel::Economy)).value_or(0), std::uint64_t{5});
    QCOMPARE(EffectiveFeeRate(Quote(5, 8, FeeLevel::Economy)).value_or(0), std::uint64_t{8});
    QCOMPARE(EffectiveFeeRate(Quote(5, 8, FeeLevel::Normal)).value_or(0), std::uint64_t{10});
    QCOMPARE(EffectiveFeeRate(Quote(3, 0, FeeLevel::Normal)).value_or(0), std::uint64_t{4});  // ceil(3.75)
    QCOMPARE(EffectiveFeeRate(Quote(5, 8, FeeLevel::Priority)).value_or(0), std::uint64_t{16});
    QCOMPARE(EffectiveFeeRate(Quote(0, 0, FeeLevel::Priority)).value_or(99), std::uint64_t{0});
    QCOMPARE(EffectiveFeeRate(Quote(1, 1, FeeLevel::Normal)).value_or(0), std::uint64_t{2});  // ceil(1.25)
    // Huge rates: the multiplication overflows 64 bits before the division.
    QVERIFY(!EffectiveFeeRate(Quote(0, UINT64_MAX, FeeLevel::Priority)).has_value());
    QCOMPARE(EffectiveFeeRate(Quote(0, UINT64_MAX / 2, FeeLevel::Economy)).value_or(0), UINT64_MAX / 2);
    QCOMPARE(FeeLevelName(FeeLevel::Normal), std::string_view("normal"));
  }

  void feeIsExactAcrossSizeBoundaries() {
    // Memo lengths around the varint boundary of its length prefix (127 -> 128 takes a second byte),
    // and the largest memo.
    for (FeeLevel level : {FeeLevel::Economy, FeeLevel::Normal, FeeLevel::Priority}) {
      for (std::size_t len : {0, 1, 126, 127, 128, 129, 255, 256}) {
        const BuildContext ctx = test::TxContext(7);
        const FeeQuote quote = Quote(7, 9, level);
        const std::uint64_t rate = *EffectiveFeeRate(quote);
        auto built = BuildUnsigned(ctx, Request(1, std::string(len, 'x')), TransferInput{test::AddrText(2), 1}, quote);
        QVERIFY(built.has_value());
        auto signed_tx = SignTx(ctx, *built, test::SeedKey(1));
        QVERIFY(signed_tx.has_value());
        const std::size_t size = signed_tx->encoding.size();
        QCOMPARE(signed_tx->tx.fee, rate * size);
        // Exactly enough: at a min_fee_rate equal to the effective rate the tx passes, one unit less fails.
        BuildContext exact = ctx;
        exact.params.min_fee_rate = rate;
        QVERIFY(chain::CheckTransactionStateless(signed_tx->tx, exact.params).has_value());
        chain::Transaction short_fee = signed_tx->tx;
        short_fee.fee -= 1;
        QVERIFY(!chain::CheckTransactionStateless(short_fee, exact.params).has_value());
      }
    }
    // PriceTransaction is idempotent: pricing a priced tx gives the same fee.
    chain::Transaction tx;
    tx.chain_id = chain::ChainId::Unchecked("cairn-test");
    tx.payload = chain::Transfer{test::SeedAddress(2), 1};
    const auto first = PriceTransaction(tx, Quote(11));
    QVERIFY(first.has_value());
    tx.fee = 123'456'789'012;  // a wide placeholder must not change the result
    QCOMPARE(PriceTransaction(tx, Quote(11)).value_or(0), *first);
    QCOMPARE(*first, 11 * chain::Encode(tx).size());
  }

  void maxTxBytesBoundary() {
    BuildContext ctx = test::TxContext(1);
    auto probe = BuildUnsigned(ctx, Request(1, std::string(100, 'x')), TransferInput{test::AddrText(2), 1}, Quote(1));
    QVERIFY(probe.has_value());
    ctx.params.max_tx_bytes = chain::Encode(*probe).size();
    auto at_limit = BuildUnsigned(ctx, Request(1, std::string(100, 'x')), TransferInput{test::AddrText(2), 1}, Quote(1));
    QVERIFY(at_limit.has_value());
    auto over = BuildUnsigned(ctx, Request(1, std::string(101, 'x')), TransferInput{test::AddrText(2), 1}, Quote(1));
    QVERIFY(!over);
    QCOMPARE(over.error().kind, TxBuildErrorKind::Invalid);
    QVERIFY(Contains(over.error().message, "above the limit"));
  }
};

CAIRN_REGISTER_TEST(TestTxBuild);

#include "test_tx_build.moc"
