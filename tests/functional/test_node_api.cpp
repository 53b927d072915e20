// api::Node as NodeContext implements it (runtime/node_api.h), over a util::ManualClock with
// TickSource::External: each slot runs because the test moved the clock, so heights and finality are
// exact (one block per slot; the vote of slot s finalizes s - 1). Covers every method's answers, a
// signed transfer from submission through the pool, a block and the explorer index to finality, a
// proposal's life (deposit, vote, tally), a restart, events (order, filters, unsubscribe, a blocked
// subscriber), concurrent readers while slots run, and calls before Start and after Stop.
//
// Waiting: events arrive on the event thread and the explorer index on the indexer thread, so those
// waits use a condition variable or QTRY_ with short timeouts; everything else is synchronous
// (RunDueTicks returns once the chain thread ran the slot).
#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api/node.h"
#include "chain/transaction.h"
#include "crypto/ed25519.h"
#include "node_api_fixture.h"
#include "runtime/node_context.h"
#include "state/genesis_state.h"
#include "state/keys.h"
#include "state/records.h"
#include "state/state_proof.h"
#include "util/hex.h"

using namespace cairn;
using namespace cairn::test;

class TestNodeApi : public QObject {
  Q_OBJECT

 private slots:
  void callsBeforeStartAndAfterStopAreUnavailable() {
    Devnet net;
    api::Node& api = net.api();
    auto check_unavailable = [&](const char* when) {
      QVERIFY2(!api.Account(SomeAddress(1)), when);
      QCOMPARE(api.Account(SomeAddress(1)).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.BlockByHeight(1).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.BlockByHash(chain::BlockId{}).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.Blocks(std::nullopt, 10).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.Transaction(chain::TxId{}).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.StateProof(state::GlobalsKey().span()).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.AccountTxs(SomeAddress(1), std::nullopt, 10).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.Validators(std::nullopt, 10).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.Validator(SomeAddress(1)).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.Proposals(std::nullopt, 10).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.Proposal(1).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.ProposalTxs(1, std::nullopt, 10).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.SetValidating(true).error().kind, api::ErrorKind::Unavailable);
      QCOMPARE(api.AddPeer("127.0.0.1:1").error().kind, api::ErrorKind::Unavailable);
      // A well-formed transaction: decoding passes, admission finds no node.
      chain::Transaction tx;
      tx.chain_id = chain::ChainId::Unchecked("cairn-devnet");
      const auto key = crypto::SecretKey::Generate();
      tx.sender = key.public_key();
      tx.fee = FEE;
      tx.expiry_slot = 5;
      tx.payload = chain::Transfer{SomeAddress(2), 1};
      chain::SignTransaction(tx, key, crypto::Hash256{});
      QCOMPARE(api.SubmitTransaction(chain::Encode(tx)).error().kind, api::ErrorKind::Unavailable);
      // Calls without an error channel answer empty values.
      QCOMPARE(api.Head().height, chain::Height{0});
      QVERIFY(!api.CheckHealth().ok);
      QVERIFY(!api.CheckHealth().problems.empty());
      QCOMPARE(api.Mempool().txs, std::uint64_t{0});
      QVERIFY(api.MempoolTxs(10).empty());
      QVERIFY(!api.ValidatorStatus().has_key);
      QCOMPARE(api.Info().version, std::string("0.1.0"));
      QCOMPARE(api.Info().user_agent, std::string("cairn/0.1.0"));
      QCOMPARE(api.Metrics().block_process_seconds.bounds.size(),
               runtime::LATENCY_BOUNDS_SECONDS.size());
    };
    check_unavailable("before start");
    if (QTest::currentTestFailed()) return;

    // A subscription taken before Start hears the node once it runs.
    Collector heads;
    auto sub = api.Subscribe({api::EventKind::NewHead}, {}, heads.Callback());
    QVERIFY(net.Start());
    net.RunSlots(1, 2);
    QVERIFY(api.Account(net.operator_address));
    QVERIFY(heads.WaitFor([](const auto& ev) { return OfType<api::NewHeadEvent>(ev).size() == 2; }));
    net.node->Stop();
    check_unavailable("after stop");
    // The subscription outlives the node.
    net.node.reset();
    sub.reset();
  }

  void answersEveryQuery() {
    Devnet net;
    QVERIFY(net.Start());
    net.RunSlots(1, 6);
    api::Node& api = net.api();

    const api::NodeInfo info = api.Info();
    QCOMPARE(info.network, std::string("devnet"));
    QCOMPARE(info.chain_id.str(), std::string("cairn-devnet"));
    QCOMPARE(info.genesis_time_ms, GENESIS_MS);
    QCOMPARE(info.slot_ms, std::uint64_t{1000});
    QCOMPARE(info.data_dir, net.dir.path().toStdString());
    QCOMPARE(info.started_at_ms, START_MS);
    QVERIFY(!info.halted);

    const api::ChainHead head = api.Head();
    QCOMPARE(head.current_slot, chain::Slot{6});
    QCOMPARE(head.height, chain::Height{6});
    QCOMPARE(head.slot, chain::Slot{6});
    QCOMPARE(head.finalized.height, chain::Height{5});
    QCOMPARE(head.justified.height, chain::Height{5});
    QCOMPARE(head.finalized.slot, chain::Slot{5});

    // Blocks by height and by hash agree; finality by the published heights.
    auto by_height = api.BlockByHeight(6);
    QVERIFY(by_height && *by_height);
    QCOMPARE((*by_height)->id, head.id);
    QCOMPARE(head.timestamp_ms, (*by_height)->block.unsigned_header().timestamp_ms);
    QCOMPARE((*by_height)->finality, api::Finality::Pending);
    QCOMPARE((*by_height)->size_bytes, chain::Encode((*by_height)->block).size());
    QVERIFY((*by_height)->canonical);
    auto five = api.BlockByHeight(5);
    QVERIFY(five && *five);
    QCOMPARE((*five)->finality, api::Finality::Finalized);
    auto by_hash = api.BlockByHash((*five)->id);
    QVERIFY(by_hash && *by_hash);
    QCOMPARE((*by_hash)->height, chain::Height{5});
    QCOMPARE((*by_hash)->block, (*five)->block);
    QVERIFY(!*api.BlockByHeight(99));
    QVERIFY(!*api.BlockByHash(chain::BlockId{}));

    auto page = api.Blocks(std::nullopt, 2);
    QVERIFY(page);
    QCOMPARE(page->blocks.size(), std::size_t{2});
    QCOMPARE(page->blocks[0].height, chain::Height{6});
    QCOMPARE(page->blocks[0].id, head.id);
    QCOMPARE(page->blocks[1].height, chain::Height{5});
    QCOMPARE(page->blocks[1].vote_count, std::uint32_t{1});  // the vote of slot 4
    QCOMPARE(page->blocks[1].finality, api::Finality::Finalized);
    QCOMPARE(page->next, std::optional<chain::Height>(5));
    auto rest = api.Blocks(page->next, 1000);
    QVERIFY(rest);
    QCOMPARE(rest->blocks.size(), std::size_t{4});
    QCOMPARE(rest->blocks.back().height, chain::Height{1});
    QVERIFY(!rest->next);

    const chain::ChainParams params = api.Params();
    QCOMPARE(params.slot_ms, std::uint64_t{1000});
    QVERIFY(params.min_fee_rate > 0);

    // Validators: the devnet's single one.
    auto validators = api.Validators(std::nullopt, 10);
    QVERIFY(validators);
    QCOMPARE(validators->validators.size(), std::size_t{1});
    const api::ValidatorInfo& v = validators->validators[0];
    QCOMPARE(v.index, chain::ValidatorIndex{0});
    QCOMPARE(v.validator.operator_address, net.operator_address);
    QVERIFY(v.active);
    QVERIFY(v.self_bond >= state::DEVNET_SELF_BOND);
    QCOMPARE(v.missed_votes, std::uint64_t{0});
    QVERIFY(!validators->next);
    QVERIFY(api.Validators(chain::ValidatorIndex{0}, 10)->validators.empty());
    auto one = api.Validator(net.operator_address);
    QVERIFY(one && *one);
    QCOMPARE((*one)->index, chain::ValidatorIndex{0});
    QVERIFY(!*api.Validator(SomeAddress(7)));

    // The operator's account: funded, self-bonded, validator 0.
    auto account = api.Account(net.operator_address);
    QVERIFY(account);
    QCOMPARE(account->address, net.operator_address);
    QVERIFY(account->balance >= state::DEVNET_OPERATOR_BALANCE);
    QCOMPARE(account->nonce, std::uint64_t{0});
    QCOMPARE(account->pending_nonce, std::uint64_t{0});
    QCOMPARE(account->delegations.size(), std::size_t{1});
    QCOMPARE(account->delegations[0].validator_operator, net.operator_address);
    QCOMPARE(account->bonded, account->delegations[0].stake);
    QCOMPARE(account->validator, std::optional<chain::ValidatorIndex>(0));
    QCOMPARE(account->height, chain::Height{6});
    auto nobody = api.Account(SomeAddress(9));
    QVERIFY(nobody);
    QCOMPARE(nobody->balance, chain::Amount{0});
    QVERIFY(nobody->delegations.empty());
    QVERIFY(!nobody->validator);

    // Governance: nothing yet.
    QVERIFY(api.Proposals(std::nullopt, 10)->proposals.empty());
    QVERIFY(!*api.Proposal(1));
    QVERIFY(api.ProposalTxs(1, std::nullopt, 10)->txs.empty());

    // State proofs against the head's root: inclusion and exclusion.
    const auto key = state::AccountKey(net.operator_address);
    auto proof = api.StateProof(key.span());
    QVERIFY(proof);
    QVERIFY(proof->value);
    QCOMPARE(proof->height, chain::Height{6});
    QCOMPARE(proof->block_id, head.id);
    QCOMPARE(proof->state_root, (*by_height)->block.unsigned_header().state_root);
    QVERIFY(state::VerifyStateProof(proof->state_root, key.span(), util::ByteSpan(*proof->value), proof->proof));
    QCOMPARE(state::DecodeAccount(*proof->value)->balance, account->balance);
    const auto absent_key = state::AccountKey(SomeAddress(9));
    auto absent = api.StateProof(absent_key.span());
    QVERIFY(absent);
    QVERIFY(!absent->value);
    QVERIFY(state::VerifyStateProof(absent->state_root, absent_key.span(), std::nullopt, absent->proof));
    QVERIFY(!state::VerifyStateProof(absent->state_root, key.span(), std::nullopt, absent->proof));
    const util::Bytes too_long(state::MAX_STATE_KEY_BYTES + 1, 0x10);
    QCOMPARE(api.StateProof(too_long).error().kind, api::ErrorKind::InvalidArgument);

    // Node, sync, health, metrics, validator status, mempool, network.
    const api::SyncStatus sync = api.Sync();
    QVERIFY(!sync.syncing);
    QCOMPARE(sync.head_height, chain::Height{6});
    QCOMPARE(sync.best_known_height, chain::Height{6});
    QCOMPARE(sync.peers, std::uint64_t{0});
    QTRY_COMPARE_WITH_TIMEOUT(api.Sync().indexed_height, chain::Height{6}, WAIT_MS);
    const api::Health health = api.CheckHealth();
    QVERIFY2(health.ok, health.problems.empty() ? "" : health.problems.front().c_str());
    QCOMPARE(health.finality_lag_slots, std::uint64_t{1});
    QCOMPARE(health.head_lag_slots, std::uint64_t{0});

    const api::MetricsSnapshot m = api.Metrics();
    QCOMPARE(m.head_height, chain::Height{6});
    QCOMPARE(m.finalized_height, chain::Height{5});
    QCOMPARE(m.blocks_proposed_total, std::uint64_t{6});
    QCOMPARE(m.votes_cast_total, std::uint64_t{6});
    QCOMPARE(m.proposals_missed_total, std::uint64_t{0});
    QCOMPARE(m.votes_missed_total, std::uint64_t{0});
    QCOMPARE(m.block_process_seconds.count, std::uint64_t{6});
    QCOMPARE(m.vote_process_seconds.count, std::uint64_t{6});
    QCOMPARE(m.block_process_seconds.bounds.size(), m.block_process_seconds.buckets.size());
    QVERIFY(m.block_process_seconds.buckets.back() <= m.block_process_seconds.count);
    QVERIFY(m.block_process_seconds.sum > 0);

    const api::LocalValidator me = api.ValidatorStatus();
    QVERIFY(me.has_key);
    QVERIFY(me.validating);
    QCOMPARE(me.index, std::optional<chain::ValidatorIndex>(0));
    QVERIFY(me.active);
    QCOMPARE(me.consensus_pubkey, util::ToHex(v.validator.consensus_pubkey.span()));
    QCOMPARE(me.blocks_proposed, std::uint64_t{6});

    const api::MempoolInfo pool = api.Mempool();
    QCOMPARE(pool.txs, std::uint64_t{0});
    QCOMPARE(pool.min_fee_rate, params.min_fee_rate);
    QCOMPARE(pool.next_block_fee_rate, params.min_fee_rate);
    QVERIFY(pool.max_txs > 0);
    QVERIFY(api.Peers().empty());
    QVERIFY(api.Bans().empty());
    QCOMPARE(api.AddPeer("127.0.0.1:9000").error().kind, api::ErrorKind::Unavailable);
    QCOMPARE(api.RemovePeer("x").error().kind, api::ErrorKind::Unavailable);
  }

  void transferFromPoolToFinalityWithEvents() {
    Devnet net;
    QVERIFY(net.Start());
    api::Node& api = net.api();
    {
      // The subscriptions below must start after slot 3's news: once this one has its last event
      // (Finalized 2, from the vote of slot 3), the event thread has handed slot 3 out.
      Collector settle;
      auto settle_sub = api.Subscribe({api::EventKind::Finalized}, {}, settle.Callback());
      net.RunSlots(1, 3);
      QVERIFY(settle.WaitFor([](const auto& ev) {
        const auto f = OfType<api::FinalizedEvent>(ev);
        return !f.empty() && f.back().finalized.height == 2;
      }));
    }
    const chain::Address recipient = SomeAddress(0x42);
    const chain::Amount amount = 12'345;

    Collector mine;      // the recipient's events, heads and finality
    Collector others;    // AddressTx of an address the transfer does not touch
    Collector finality;  // Finalized only
    auto sub = api.Subscribe({api::EventKind::NewHead, api::EventKind::Finalized, api::EventKind::AddressTx},
                             {recipient}, mine.Callback());
    auto other_sub = api.Subscribe({api::EventKind::AddressTx}, {SomeAddress(0x77)}, others.Callback());
    auto finality_sub = api.Subscribe({api::EventKind::Finalized}, {}, finality.Callback());

    // Decoding is strict: a cut-off encoding names the field that failed.
    const chain::Transaction tx = net.Transfer(recipient, amount, 0);
    const util::Bytes encoded = chain::Encode(tx);
    const util::Bytes cut(encoded.begin(), encoded.end() - 10);
    auto bad = api.SubmitTransaction(cut);
    QVERIFY(!bad);
    QCOMPARE(bad.error().kind, api::ErrorKind::InvalidArgument);
    QVERIFY2(bad.error().message.find("tx.") != std::string::npos, bad.error().message.c_str());
    util::Bytes trailing = encoded;
    trailing.push_back(0);
    QCOMPARE(api.SubmitTransaction(trailing).error().kind, api::ErrorKind::InvalidArgument);

    // Pending in the pool.
    auto submitted = api.SubmitTransaction(encoded);
    QVERIFY2(submitted, submitted ? "" : submitted.error().message.c_str());
    const chain::TxId id = *submitted;
    QCOMPARE(id, chain::ComputeTxId(tx));
    auto pending = api.Transaction(id);
    QVERIFY(pending && *pending);
    QCOMPARE((*pending)->status, api::TxStatus::Pending);
    QVERIFY(!(*pending)->position);
    QCOMPARE((*pending)->tx, tx);
    QCOMPARE(api.Mempool().txs, std::uint64_t{1});
    const auto pooled = api.MempoolTxs(10);
    QCOMPARE(pooled.size(), std::size_t{1});
    QCOMPARE(pooled[0].id, id);
    QCOMPARE(pooled[0].sender, net.operator_address);
    QVERIFY(pooled[0].ready);
    QCOMPARE(api.Account(net.operator_address)->pending_nonce, std::uint64_t{1});
    QCOMPARE(api.Account(net.operator_address)->nonce, std::uint64_t{0});
    auto again = api.SubmitTransaction(encoded);
    QCOMPARE(again.error().kind, api::ErrorKind::Rejected);
    QCOMPARE(again.error().code, std::string("duplicate"));

    // Included by the next block (height 4); balances move at once (head state).
    net.RunSlot(4);
    auto included = api.Transaction(id);
    QVERIFY(included);
    if (*included) {  // the index may lag a moment: then neither pooled nor indexed
      QCOMPARE((*included)->status, api::TxStatus::Included);
    }
    QCOMPARE(api.Account(recipient)->balance, amount);
    QCOMPARE(api.Account(net.operator_address)->nonce, std::uint64_t{1});
    QCOMPARE(api.Account(net.operator_address)->pending_nonce, std::uint64_t{1});
    QCOMPARE(api.Mempool().txs, std::uint64_t{0});
    // A replay: the chain has moved past its nonce.
    auto replayed = api.SubmitTransaction(encoded);
    QCOMPARE(replayed.error().kind, api::ErrorKind::Rejected);
    QCOMPARE(replayed.error().code, std::string("stale_nonce"));
    QCOMPARE(api.Metrics().mempool_rejected_total, std::uint64_t{2});
    QCOMPARE(api.Metrics().txs_included_total, std::uint64_t{1});

    // The explorer index catches up: both parties list it, at its position.
    QTRY_VERIFY_WITH_TIMEOUT(api.AccountTxs(recipient, std::nullopt, 10)->txs.size() == 1, WAIT_MS);
    auto sender_txs = api.AccountTxs(net.operator_address, std::nullopt, 10);
    QVERIFY(sender_txs);
    QCOMPARE(sender_txs->txs.size(), std::size_t{1});
    QCOMPARE(sender_txs->txs[0].id, id);
    QCOMPARE(sender_txs->txs[0].position, std::optional<api::TxCursor>(api::TxCursor{4, 0}));
    QCOMPARE(sender_txs->txs[0].status, api::TxStatus::Included);
    QVERIFY(sender_txs->indexed_height >= 4);
    QVERIFY(api.AccountTxs(SomeAddress(0x77), std::nullopt, 10)->txs.empty());
    auto indexed = api.Transaction(id);
    QVERIFY(indexed && *indexed);
    QCOMPARE((*indexed)->status, api::TxStatus::Included);
    QCOMPARE((*indexed)->block_id, std::optional<chain::BlockId>(api.BlockByHeight(4).value()->id));

    // The vote of slot 5 finalizes height 4.
    net.RunSlot(5);
    QCOMPARE(api.Transaction(id).value()->status, api::TxStatus::Finalized);
    QCOMPARE(api.AccountTxs(recipient, std::nullopt, 10)->txs[0].status, api::TxStatus::Finalized);

    // Events: heads 4 and 5 in order, the recipient's tx included then finalized, finality moving.
    QVERIFY(mine.WaitFor([&](const auto& ev) { return HasAddressTx(ev, id, api::TxStatus::Finalized); }));
    QVERIFY(mine.WaitFor([](const auto& ev) { return OfType<api::NewHeadEvent>(ev).size() >= 2; }));
    const std::vector<api::Event> events = mine.events();
    std::vector<std::string> order;
    for (const auto& e : events) {
      if (const auto* h = std::get_if<api::NewHeadEvent>(&e)) order.push_back("head " + std::to_string(h->head.height));
      if (const auto* f = std::get_if<api::FinalizedEvent>(&e)) order.push_back("final " + std::to_string(f->finalized.height));
      if (const auto* a = std::get_if<api::AddressTxEvent>(&e)) {
        QCOMPARE(a->address, recipient);
        QCOMPARE(a->id, id);
        QCOMPARE(a->position, std::optional<api::TxCursor>(api::TxCursor{4, 0}));
        order.push_back(std::string("tx ") + std::string(api::TxStatusName(a->status)));
      }
    }
    const std::vector<std::string> expected = {"head 4", "tx included", "final 3", "head 5", "final 4", "tx finalized"};
    QCOMPARE(order, expected);
    QCOMPARE(std::get<api::NewHeadEvent>(events[0]).head.id, api.BlockByHeight(4).value()->id);
    QVERIFY(finality.WaitFor([](const auto& ev) { return ev.size() == 2; }));
    for (const auto& e : finality.events()) QCOMPARE(api::KindOf(e), api::EventKind::Finalized);

    // Unsubscribed: nothing more arrives. The event thread hands a slot's news to every subscriber
    // at once, so when the Finalized-only subscriber has slot 6's event, a subscription still
    // registered would have had slot 6's events queued too: no waiting for an absence is needed.
    sub.reset();
    const std::size_t before_reset = mine.events().size();
    net.RunSlot(6);
    QVERIFY(finality.WaitFor([](const auto& ev) { return ev.size() == 3; }));
    QCOMPARE(mine.events().size(), before_reset);
    QVERIFY(others.events().empty());
  }

  void governanceThroughTheApi() {
    Devnet net;
    QVERIFY(net.Start());
    api::Node& api = net.api();
    Collector proposals;
    auto sub = api.Subscribe({api::EventKind::ProposalUpdate}, {}, proposals.Callback());
    net.RunSlots(1, 2);
    const chain::ChainParams params = api.Params();

    // Submitted with half the minimum deposit: a deposit period.
    chain::SubmitProposal submit;
    submit.kind = chain::TextProposal{};
    submit.title = "Plant a cairn";
    submit.deposit = params.min_deposit / 2;
    QVERIFY(api.SubmitTransaction(chain::Encode(net.Signed(submit, 0))));
    net.RunSlot(3);
    auto listed = api.Proposals(std::nullopt, 10);
    QVERIFY(listed);
    QCOMPARE(listed->proposals.size(), std::size_t{1});
    QCOMPARE(listed->proposals[0].proposal.id, chain::ProposalId{1});
    QCOMPARE(listed->proposals[0].proposal.status, state::ProposalStatus::DepositPeriod);
    QCOMPARE(listed->proposals[0].proposal.title, submit.title);

    // The rest of the deposit starts the vote; then the operator (all the stake) votes yes.
    const chain::Transaction deposit = net.Signed(chain::Deposit{1, params.min_deposit - submit.deposit}, 1);
    QVERIFY(api.SubmitTransaction(chain::Encode(deposit)));
    net.RunSlot(4);
    QCOMPARE(api.Proposal(1).value()->proposal.status, state::ProposalStatus::VotingPeriod);
    const chain::Transaction vote = net.Signed(chain::GovVote{1, chain::VoteOption::Yes}, 2);
    QVERIFY(api.SubmitTransaction(chain::Encode(vote)));
    net.RunSlot(5);
    QTRY_VERIFY_WITH_TIMEOUT(api.ProposalTxs(1, std::nullopt, 10)->txs.size() == 2, WAIT_MS);
    auto txs = api.ProposalTxs(1, std::nullopt, 10);
    QCOMPARE(txs->txs[0].id, chain::ComputeTxId(vote));  // newest first
    QCOMPARE(txs->txs[1].id, chain::ComputeTxId(deposit));
    auto first_page = api.ProposalTxs(1, std::nullopt, 1);
    QCOMPARE(first_page->txs.size(), std::size_t{1});
    QVERIFY(first_page->next);
    QCOMPARE(api.ProposalTxs(1, first_page->next, 10)->txs.front().id, chain::ComputeTxId(deposit));

    // The voting period ends: tallied and passed.
    const chain::Slot end = api.Proposal(1).value()->proposal.voting_end_slot;
    QVERIFY(end > 5 && end < 400);
    net.RunSlots(6, end + 1);
    const auto done = api.Proposal(1).value();
    QCOMPARE(done->proposal.status, state::ProposalStatus::Passed);
    QVERIFY(done->current_tally.yes > 0);
    QCOMPARE(done->current_tally, done->proposal.tally);

    QVERIFY(proposals.WaitFor([](const auto& ev) { return ev.size() >= 3; }));
    std::vector<state::ProposalStatus> statuses;
    for (const auto& u : OfType<api::ProposalUpdateEvent>(proposals.events())) {
      QCOMPARE(u.id, chain::ProposalId{1});
      statuses.push_back(u.status);
    }
    const std::vector<state::ProposalStatus> expected = {
        state::ProposalStatus::DepositPeriod, state::ProposalStatus::VotingPeriod, state::ProposalStatus::Passed};
    QCOMPARE(statuses, expected);
  }

  void restartResumesWithTheIndexAndNoStaleEvents() {
    Devnet net;
    QVERIFY(net.Start());
    const chain::Address recipient = SomeAddress(0x55);
    QVERIFY(net.api().SubmitTransaction(chain::Encode(net.Transfer(recipient, 777, 0))));
    net.RunSlots(1, 4);
    QVERIFY(net.Restart());
    api::Node& api = net.api();
    QCOMPARE(api.Head().height, chain::Height{4});
    QCOMPARE(api.Head().finalized.height, chain::Height{2});  // replay counts only the votes blocks carry
    QCOMPARE(api.Metrics().block_process_seconds.count, std::uint64_t{4});  // the replayed blocks
    QCOMPARE(api.Metrics().blocks_proposed_total, std::uint64_t{0});        // by this process
    QCOMPARE(api.Account(recipient)->balance, chain::Amount{777});
    QTRY_COMPARE_WITH_TIMEOUT(api.Sync().indexed_height, chain::Height{4}, WAIT_MS);
    auto txs = api.AccountTxs(recipient, std::nullopt, 10);
    QCOMPARE(txs->txs.size(), std::size_t{1});
    QCOMPARE(txs->txs[0].status, api::TxStatus::Finalized);
    QCOMPARE(txs->txs[0].position, std::optional<api::TxCursor>(api::TxCursor{1, 0}));

    // The first news after a restart is the first change, not a replay of what was there.
    Collector heads;
    auto sub = api.Subscribe({api::EventKind::NewHead}, {}, heads.Callback());
    net.RunSlot(5);
    QVERIFY(heads.WaitFor([](const auto& ev) { return !ev.empty(); }));
    const auto seen = OfType<api::NewHeadEvent>(heads.events());
    QCOMPARE(seen.size(), std::size_t{1});
    QCOMPARE(seen[0].head.height, chain::Height{5});
  }

  void blockedSubscriberNeverHoldsUpTheChain() {
    Devnet net;
    QVERIFY(net.Start());
    std::mutex mutex;
    std::condition_variable cv;
    bool release = false;
    std::atomic<int> delivered{0};
    auto blocked = net.api().Subscribe(api::EventKinds::All(), {}, [&](const api::Event&) {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return release; });
      ++delivered;
    });
    net.RunSlots(1, 8);  // would hang if publishing waited for the subscriber
    QCOMPARE(net.node->status().head_height, chain::Height{8});
    QCOMPARE(net.api().Head().height, chain::Height{8});
    {
      std::lock_guard lock(mutex);
      release = true;
    }
    cv.notify_all();
    QTRY_VERIFY_WITH_TIMEOUT(delivered.load() >= 8 + 6, WAIT_MS);  // 8 heads, finality from slot 3 on
    blocked.reset();
  }

  void setValidatingSwitchesDuties() {
    Devnet net;
    QVERIFY(net.Start());
    net.RunSlots(1, 2);
    api::Node& api = net.api();
    QVERIFY(api.SetValidating(false));
    QVERIFY(!api.ValidatorStatus().validating);
    net.RunSlots(3, 4);
    QCOMPARE(api.Head().height, chain::Height{2});
    QCOMPARE(api.Metrics().proposals_missed_total, std::uint64_t{0});  // switched off is not missed
    QVERIFY(api.SetValidating(true));
    net.RunSlots(5, 6);
    QCOMPARE(api.Head().height, chain::Height{4});
    QCOMPARE(api.Head().slot, chain::Slot{6});
    QVERIFY(api.ValidatorStatus().validating);
  }

  void concurrentReadersSeeConsistentValues() {
    Devnet net;
    QVERIFY(net.Start());
    net.RunSlots(1, 2);
    api::Node& api = net.api();
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> reads{0};
    std::mutex problems_mutex;
    std::vector<std::string> problems;
    auto problem = [&](std::string what) {
      std::lock_guard lock(problems_mutex);
      if (problems.size() < 10) problems.push_back(std::move(what));
    };
    auto reader = [&](int which) {
      chain::Height last_head = 0;
      chain::Height last_account = 0;
      std::uint64_t i = 0;
      while (!stop.load()) {
        ++i;
        const api::ChainHead head = api.Head();
        if (head.height < last_head) problem("head went back from " + std::to_string(last_head));
        if (head.finalized.height > head.height) problem("finalized above the head");
        last_head = head.height;
        auto block = api.BlockByHeight(head.height);
        if (!block || !*block) {
          problem("the published head " + std::to_string(head.height) + " is not readable");
        } else if ((*block)->id != head.id) {
          problem("block " + std::to_string(head.height) + " differs from the head");
        }
        auto account = api.Account(net.operator_address);
        if (!account) {
          problem("account: " + account.error().message);
        } else {
          if (account->height < last_account) problem("account height went back");
          last_account = account->height;
          if (account->delegations.size() != 1) problem("the self bond vanished");
        }
        if (which == 0 && i % 16 == 0) {
          auto proof = api.StateProof(state::GlobalsKey().span());
          if (!proof || !proof->value ||
              !state::VerifyStateProof(proof->state_root, state::GlobalsKey().span(), util::ByteSpan(*proof->value),
                                       proof->proof)) {
            problem("a globals proof failed");
          }
        }
        reads.fetch_add(1);
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(reader, t);
    const auto started = std::chrono::steady_clock::now();
    net.RunSlots(3, 30);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    stop.store(true);
    for (auto& t : threads) t.join();
    for (const auto& p : problems) qWarning("%s", p.c_str());
    QVERIFY(problems.empty());
    QCOMPARE(api.Head().height, chain::Height{30});
    QVERIFY(reads.load() > 0);
    qInfo("28 slots with 4 readers: %lld ms, %llu reads",
          static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()),
          static_cast<unsigned long long>(reads.load()));
  }
};

QTEST_GUILESS_MAIN(TestNodeApi)
#include "test_node_api.moc"
