// A fake api::Node for the tests of rpc/ and ui/: deterministic data (seven blocks with transactions of
// every payload kind, votes and evidence, a pending transaction, accounts, three validators, three
// proposals, peers) and recorders for the calls that change something. Events are delivered by
// Emit() synchronously on the caller's thread, filtered as the real node filters them.
//
// Thread safety: the data is fixed after construction; the recorders and the subscription registry
// are behind a mutex, like the real node's, so a test may emit from another thread.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>

#include "api/node.h"
#include "chain/address.h"
#include "chain/block.h"
#include "chain/transaction.h"

namespace cairn::test {

inline crypto::PublicKey Key(std::uint8_t n) {
  crypto::PublicKey k;
  k.bytes.fill(n);
  return k;
}
inline crypto::Hash256 Filled(std::uint8_t n) {
  crypto::Hash256 h;
  h.bytes.fill(n);
  return h;
}
inline chain::Address Addr(std::uint8_t n) { return chain::AddressFromPublicKey(Key(n)); }
inline std::string AddrText(std::uint8_t n) { return chain::EncodeAddress(Addr(n), chain::TESTNET_HRP); }

// Who is who in the fake chain.
inline constexpr std::uint8_t ALICE = 1, BOB = 2, CAROL = 3, DAVE = 4, ERIN = 5, NOBODY = 9;
inline constexpr chain::Height HEAD_HEIGHT = 6, FINALIZED_HEIGHT = 3, JUSTIFIED_HEIGHT = 4;
inline constexpr chain::Amount ALICE_BALANCE = 12'345'678'901'234'567'890ull;  // above 2^53
inline const util::Bytes REJECTED_TX = {0xde, 0xad};  // SubmitTransaction answers Rejected "fee_too_low"
inline const util::Bytes UNDECODABLE_TX = {0x00};      // SubmitTransaction answers InvalidArgument
inline const chain::TxId SUBMITTED_ID = Filled(0x77);

inline chain::Transaction FakeTx(std::uint8_t sender, std::uint64_t nonce, chain::Payload payload) {
  chain::Transaction tx;
  tx.chain_id = chain::ChainId::Unchecked("cairn-test");
  tx.sender = Key(sender);
  tx.nonce = nonce;
  tx.fee = 1000 + nonce;
  tx.expiry_slot = 1000;
  tx.memo = {'h', 'i'};
  tx.payload = std::move(payload);
  tx.signature.bytes.fill(static_cast<std::uint8_t>(0x40 + sender));
  return tx;
}

inline chain::SignedVote FakeVote(chain::ValidatorIndex validator, chain::Slot slot, std::uint8_t head) {
  chain::SignedVote v;
  v.vote = chain::Vote{validator, slot, Filled(head), chain::Checkpoint{slot, Filled(head)},
                       chain::Checkpoint{slot > 0 ? slot - 1 : 0, Filled(static_cast<std::uint8_t>(head + 1))}};
  v.signature.bytes.fill(0x55);
  return v;
}

// Whether a transaction is sent by `a` or names it.
inline bool Touches(const chain::Transaction& tx, const chain::Address& a) {
  if (chain::AddressFromPublicKey(tx.sender) == a) return true;
  if (const auto* p = std::get_if<chain::Transfer>(&tx.payload)) return p->to == a;
  if (const auto* p = std::get_if<chain::Delegate>(&tx.payload)) return p->validator == a;
  if (const auto* p = std::get_if<chain::Undelegate>(&tx.payload)) return p->validator == a;
  if (const auto* p = std::get_if<chain::Redelegate>(&tx.payload)) return p->from == a || p->to == a;
  return false;
}

class FakeNode final : public api::Node {
 public:
  FakeNode() { Build(); }

  // ---- knobs and recorders ----
  api::Health health{true, {}, 2, 0};
  bool has_validator_key = true;
  std::vector<util::Bytes> submitted;
  std::vector<std::string> added_peers;
  std::vector<bool> validating_calls;
  std::size_t last_limit = 0;  // the `limit` of the last paged call
  // Delivered straight from Subscribe, before it returns (as a real node may do on another thread).
  std::optional<api::Event> emit_on_subscribe;
  api::MetricsSnapshot metrics = RealisticMetrics();
  // ui/ status knobs (unset: the fixed data above). Set through the setters: the node is read on workers.
  void SetHeadTimestamp(std::uint64_t timestamp_ms) {
    std::lock_guard lock(m_state->mutex);
    m_head_timestamp_ms = timestamp_ms;
  }
  void SetHalted(std::string reason) {
    std::lock_guard lock(m_state->mutex);
    m_halt_reason = std::move(reason);
  }
  void SetSync(api::SyncStatus sync) {
    std::lock_guard lock(m_state->mutex);
    m_sync = sync;
  }
  void SetNetwork(std::string network) {
    std::lock_guard lock(m_state->mutex);
    m_network = std::move(network);
  }
  // Explorer tests. Set only while no call is running (they are read without the mutex).
  // When set, every chain/account read (blocks, txs, accounts, validators) fails with this error.
  std::optional<api::Error> read_error;
  // When set, Blocks() synthesizes this many blocks (heights 0..n-1, none stored) instead of `blocks`.
  std::optional<chain::Height> synthetic_chain;

  // Blocks and txs as the fake serves them (tests compare against these).
  std::vector<api::BlockDetail> blocks;
  std::vector<api::TxDetail> indexed_txs;  // ascending position
  api::TxDetail pending_tx;

  // Delivers to every live subscription that asked for the event's kind (and address), in order.
  void Emit(const api::Event& event) {
    std::lock_guard lock(m_state->mutex);
    for (auto& [id, sub] : m_state->subs) {
      if (!sub.kinds.Has(api::KindOf(event))) continue;
      if (const auto* tx = std::get_if<api::AddressTxEvent>(&event); tx != nullptr && !sub.addresses.empty()) {
        if (std::find(sub.addresses.begin(), sub.addresses.end(), tx->address) == sub.addresses.end()) continue;
      }
      sub.callback(event);
    }
  }
  std::size_t LiveSubscriptions() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->subs.size();
  }
  std::vector<chain::Address> SubscribedAddresses(std::size_t nth) const {
    std::lock_guard lock(m_state->mutex);
    auto it = m_state->subs.begin();
    std::advance(it, static_cast<long>(nth));
    return it->second.addresses;
  }

  // ---- api::Node ----
  api::NodeInfo Info() override {
    api::NodeInfo i;
    i.version = "0.1.0";
    i.user_agent = "cairn/0.1.0";
    i.network = "devnet";
    i.chain_id = chain::ChainId::Unchecked("cairn-test");
    i.genesis_hash = Filled(0xaa);
    i.genesis_time_ms = 1'700'000'000'000;
    i.slot_ms = 1000;
    i.data_dir = "/tmp/cairn-test";
    i.started_at_ms = 1'700'000'100'000;
    std::lock_guard lock(m_state->mutex);
    if (m_halt_reason) {
      i.halted = true;
      i.halt_reason = *m_halt_reason;
    }
    if (m_network) i.network = *m_network;
    return i;
  }
  // Appends an empty pending block on top of `blocks` (a new head; Head() and Blocks() follow it) and
  // returns it. Call only while no call is running, then Emit a NewHeadEvent.
  const api::BlockDetail& AppendBlock() {
    api::BlockDetail d;
    const auto& parent = blocks.back();
    d.height = parent.height + 1;
    chain::BlockHeader& header = d.block.header.header;
    header.chain_id = chain::ChainId::Unchecked("cairn-test");
    header.slot = parent.block.unsigned_header().slot + 1;
    header.height = d.height;
    header.parent_hash = parent.id;
    header.proposer_index = static_cast<chain::ValidatorIndex>(d.height % 3);
    header.timestamp_ms = 1'700'000'000'000 + header.slot * 1000;
    chain::SetBodyRoots(header, d.block.body);
    d.id = chain::ComputeBlockId(header);
    d.size_bytes = chain::Encode(d.block).size();
    blocks.push_back(std::move(d));
    return blocks.back();
  }

  api::ChainHead Head() override {
    api::ChainHead h;
    const auto& head = blocks.back();  // blocks[HEAD_HEIGHT] unless AppendBlock() added some
    h.current_slot = head.block.unsigned_header().slot + 1;
    h.height = head.height;
    h.id = head.id;
    h.slot = head.block.unsigned_header().slot;
    h.timestamp_ms = head.block.unsigned_header().timestamp_ms;
    h.justified = Checkpoint(JUSTIFIED_HEIGHT);
    h.finalized = Checkpoint(FINALIZED_HEIGHT);
    std::lock_guard lock(m_state->mutex);
    if (m_head_timestamp_ms) h.timestamp_ms = *m_head_timestamp_ms;
    return h;
  }
  api::SyncStatus Sync() override {
    std::lock_guard lock(m_state->mutex);
    return m_sync.value_or(api::SyncStatus{false, HEAD_HEIGHT, HEAD_HEIGHT + 2, HEAD_HEIGHT, 2});
  }
  api::Health CheckHealth() override { return health; }
  api::MetricsSnapshot Metrics() override { return metrics; }

  api::Result<std::optional<api::BlockDetail>> BlockByHeight(chain::Height height) override {
    if (read_error) return util::Err(*read_error);
    if (height >= blocks.size()) return std::optional<api::BlockDetail>();
    return std::optional<api::BlockDetail>(blocks[height]);
  }
  api::Result<std::optional<api::BlockDetail>> BlockByHash(const chain::BlockId& id) override {
    if (read_error) return util::Err(*read_error);
    for (const auto& b : blocks) {
      if (b.id == id) return std::optional<api::BlockDetail>(b);
    }
    return std::optional<api::BlockDetail>();
  }
  api::Result<api::BlockPage> Blocks(std::optional<chain::Height> before, std::size_t limit) override {
    last_limit = limit;
    if (read_error) return util::Err(*read_error);
    if (synthetic_chain) return SyntheticBlocks(*synthetic_chain, before, limit);
    api::BlockPage page;
    const chain::Height top = blocks.size() - 1;  // HEAD_HEIGHT unless AppendBlock() added some
    chain::Height h = std::min<chain::Height>(before.value_or(top + 1), top + 1);
    while (h > 0 && page.blocks.size() < limit) {
      --h;
      const auto& b = blocks[h];
      page.blocks.push_back(api::BlockSummary{b.height, b.id, b.block.header,
                                              static_cast<std::uint32_t>(b.block.body.txs.size()),
                                              static_cast<std::uint32_t>(b.block.body.votes.size()),
                                              static_cast<std::uint32_t>(b.block.body.evidence.size()), b.finality});
    }
    if (h > 0) page.next = h;
    return page;
  }
  api::Result<std::optional<api::TxDetail>> Transaction(const chain::TxId& id) override {
    if (read_error) return util::Err(*read_error);
    if (id == pending_tx.id) return std::optional<api::TxDetail>(pending_tx);
    for (const auto& t : indexed_txs) {
      if (t.id == id) return std::optional<api::TxDetail>(t);
    }
    return std::optional<api::TxDetail>();
  }
  chain::ChainParams Params() override { return chain::DevnetParams(); }
  api::Result<api::StateProofInfo> StateProof(util::ByteSpan key) override {
    api::StateProofInfo p;
    p.key.assign(key.begin(), key.end());
    if (!key.empty() && key[0] == 0x01) p.value = util::Bytes{0x10, 0x20};
    p.proof.steps = {{3, Filled(0x31)}, {17, Filled(0x32)}};
    if (!p.value) p.proof.other_leaf = state::StateProofLeaf{Filled(0x33), Filled(0x34)};
    p.state_root = Filled(0x30);
    p.height = HEAD_HEIGHT;
    p.block_id = blocks[HEAD_HEIGHT].id;
    return p;
  }

  api::Result<api::AccountInfo> Account(const chain::Address& address) override {
    if (read_error) return util::Err(*read_error);
    api::AccountInfo a;  // an address the chain never saw is an empty account
    a.address = address;
    a.height = HEAD_HEIGHT;
    if (address == Addr(ALICE)) {
      a.balance = ALICE_BALANCE;
      a.nonce = 7;
      a.pending_nonce = 8;
      a.bonded = 5'000;
      a.pending_rewards = 12;
      a.delegations = {{0, Addr(CAROL), 5'000, 5'000, 12}};
      a.unbondings = {{0, 700, 40, 140}};
    }
    if (address == Addr(CAROL)) a.validator = 0;
    return a;
  }
  api::Result<api::TxPage> AccountTxs(const chain::Address& address, std::optional<api::TxCursor> before,
                                      std::size_t limit) override {
    if (read_error) return util::Err(*read_error);
    return Page([&](const api::TxDetail& t) { return Touches(t.tx, address); }, before, limit);
  }
  api::Result<api::ValidatorPage> Validators(std::optional<chain::ValidatorIndex> after, std::size_t limit) override {
    last_limit = limit;
    if (read_error) return util::Err(*read_error);
    api::ValidatorPage page;
    for (const auto& v : m_validators) {
      if (after && v.index <= *after) continue;
      if (page.validators.size() == limit) {
        page.next = page.validators.back().index;
        break;
      }
      page.validators.push_back(v);
    }
    return page;
  }
  api::Result<std::optional<api::ValidatorInfo>> Validator(const chain::Address& op) override {
    if (read_error) return util::Err(*read_error);
    for (const auto& v : m_validators) {
      if (v.validator.operator_address == op) return std::optional<api::ValidatorInfo>(v);
    }
    return std::optional<api::ValidatorInfo>();
  }
  api::Result<api::ProposalPage> Proposals(std::optional<chain::ProposalId> before, std::size_t limit) override {
    last_limit = limit;
    api::ProposalPage page;
    for (auto it = m_proposals.rbegin(); it != m_proposals.rend(); ++it) {
      if (before && it->proposal.id >= *before) continue;
      if (page.proposals.size() == limit) {
        page.next = page.proposals.back().proposal.id;
        break;
      }
      page.proposals.push_back(*it);
    }
    return page;
  }
  api::Result<std::optional<api::ProposalInfo>> Proposal(chain::ProposalId id) override {
    for (const auto& p : m_proposals) {
      if (p.proposal.id == id) return std::optional<api::ProposalInfo>(p);
    }
    return std::optional<api::ProposalInfo>();
  }
  api::Result<api::TxPage> ProposalTxs(chain::ProposalId id, std::optional<api::TxCursor> before,
                                       std::size_t limit) override {
    return Page(
        [&](const api::TxDetail& t) {
          if (const auto* d = std::get_if<chain::Deposit>(&t.tx.payload)) return d->proposal_id == id;
          if (const auto* v = std::get_if<chain::GovVote>(&t.tx.payload)) return v->proposal_id == id;
          return false;
        },
        before, limit);
  }

  api::MempoolInfo Mempool() override { return api::MempoolInfo{1, 150, 1, 0, 1, 5000, 1 << 20, 1, 2}; }
  std::vector<api::PooledTx> MempoolTxs(std::size_t limit) override {
    std::vector<api::PooledTx> out{{pending_tx.id, Addr(ALICE), 7, 1007, 150, true}};
    out.resize(std::min(out.size(), limit));
    return out;
  }
  api::Result<chain::TxId> SubmitTransaction(util::ByteSpan encoded) override {
    std::lock_guard lock(m_state->mutex);
    submitted.emplace_back(encoded.begin(), encoded.end());
    if (submitted.back() == REJECTED_TX) {
      return util::Err(api::Error{api::ErrorKind::Rejected, "fee below the minimum", "fee_too_low"});
    }
    if (submitted.back() == UNDECODABLE_TX) {
      return util::Err(api::Error{api::ErrorKind::InvalidArgument, "tx.chain_id: truncated at offset 1", ""});
    }
    return SUBMITTED_ID;
  }

  std::vector<api::PeerInfo> Peers() override {
    api::PeerInfo a{"ab01", "10.0.0.1:7337", api::Direction::Outbound, "cairn/0.1.0", 1, 6, 3, 25, 1000, 2000, 5,
                    1'700'000'000'500, "NL"};
    api::PeerInfo b{"ab02", "10.0.0.2:7337", api::Direction::Inbound, "cairn/\xff bad", 1, 5, 3, std::nullopt, 10, 20,
                    -3, 1'700'000'000'900, ""};
    return {a, b};
  }
  std::vector<api::BanInfo> Bans() override { return {{"10.9.9.9", 1'800'000'000'000, "bad blocks"}}; }
  api::Result<void> AddPeer(const std::string& host_port) override {
    if (host_port.find(':') == std::string::npos) {
      return util::Err(api::Error{api::ErrorKind::InvalidArgument, "peer address must be host:port", ""});
    }
    std::lock_guard lock(m_state->mutex);
    added_peers.push_back(host_port);
    return {};
  }
  api::Result<void> RemovePeer(const std::string& peer) override {
    if (peer == "ab01") return {};
    return util::Err(api::Error{api::ErrorKind::NotFound, "no peer " + peer, ""});
  }

  api::Result<void> Unban(const std::string& address) override {
    if (address == "10.9.9.9") return {};
    return util::Err(api::Error{api::ErrorKind::NotFound, "no ban on " + address, ""});
  }

  api::LocalValidator ValidatorStatus() override {
    std::lock_guard lock(m_state->mutex);
    api::LocalValidator v;
    v.has_key = has_validator_key;
    v.validating = has_validator_key && m_validating;
    if (has_validator_key) {
      v.index = 0;
      v.active = true;
      v.consensus_pubkey = std::string(64, 'c');
      v.blocks_proposed = 3;
      v.votes_cast = 9;
    }
    return v;
  }
  api::Result<void> SetValidating(bool on) override {
    std::lock_guard lock(m_state->mutex);
    validating_calls.push_back(on);
    if (!has_validator_key) return util::Err(api::Error{api::ErrorKind::Unavailable, "this node holds no validator key", ""});
    m_validating = on;
    return {};
  }

  std::unique_ptr<api::Subscription> Subscribe(api::EventKinds kinds, std::vector<chain::Address> addresses,
                                               EventCallback callback) override {
    std::uint64_t id = 0;
    {
      std::lock_guard lock(m_state->mutex);
      id = ++m_state->next_id;
      m_state->subs.emplace(id, Sub{kinds, addresses, callback});
    }
    if (emit_on_subscribe && kinds.Has(api::KindOf(*emit_on_subscribe))) callback(*emit_on_subscribe);
    return std::make_unique<FakeSubscription>(m_state, id);
  }

  static api::MetricsSnapshot RealisticMetrics() {
    api::MetricsSnapshot m;
    m.current_slot = 1234;
    m.head_height = 1200;
    m.finalized_height = 1197;
    m.finalized_slot = 1230;
    m.finality_lag_slots = 4;
    m.block_process_seconds = api::Histogram{{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
                                             {10, 400, 900, 1150, 1190, 1198, 1199, 1200, 1200}, 1201, 31.75};
    m.vote_process_seconds = api::Histogram{{0.001, 0.0025, 0.005, 0.01}, {700, 1100, 1190, 1199}, 1200, 2.5};
    m.mempool_txs = 12;
    m.mempool_bytes = 4096;
    m.mempool_admitted_total = 5000;
    m.mempool_rejected_total = 17;
    m.peers = 8;
    m.bytes_in_total = 123'456'789'012;
    m.bytes_out_total = 98'765'432;
    m.blocks_proposed_total = 300;
    m.proposals_missed_total = 2;
    m.votes_cast_total = 1190;
    m.votes_missed_total = 5;
    m.txs_included_total = 4800;
    return m;
  }

 private:
  struct Sub {
    api::EventKinds kinds;
    std::vector<chain::Address> addresses;
    EventCallback callback;
  };
  struct State {
    mutable std::mutex mutex;
    std::map<std::uint64_t, Sub> subs;
    std::uint64_t next_id = 0;
  };
  class FakeSubscription final : public api::Subscription {
   public:
    FakeSubscription(std::shared_ptr<State> state, std::uint64_t id) : m_state(std::move(state)), m_id(id) {}
    ~FakeSubscription() override {
      std::lock_guard lock(m_state->mutex);
      m_state->subs.erase(m_id);
    }

   private:
    std::shared_ptr<State> m_state;
    std::uint64_t m_id;
  };

  // Blocks of a chain of `count` heights made up on the fly (explorer paging tests over a long chain):
  // the newest 2 blocks are pending, the rest finalized.
  static api::BlockPage SyntheticBlocks(chain::Height count, std::optional<chain::Height> before, std::size_t limit) {
    api::BlockPage page;
    chain::Height h = std::min<chain::Height>(before.value_or(count), count);
    while (h > 0 && page.blocks.size() < limit) {
      --h;
      api::BlockSummary b;
      b.height = h;
      b.header.header.height = h;
      b.header.header.slot = h;
      b.header.header.proposer_index = static_cast<chain::ValidatorIndex>(h % 3);
      b.header.header.timestamp_ms = 1'700'000'000'000 + h * 1000;
      b.id.bytes.fill(0);
      for (int i = 0; i < 8; ++i) b.id.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(h >> (8 * i));
      b.finality = h + 2 >= count ? api::Finality::Pending : api::Finality::Finalized;
      page.blocks.push_back(b);
    }
    if (h > 0) page.next = h;
    return page;
  }

  api::CheckpointInfo Checkpoint(chain::Height h) const {
    return api::CheckpointInfo{blocks[h].block.unsigned_header().slot, blocks[h].id, h};
  }

  template <class Pred>
  api::TxPage Page(Pred matches, std::optional<api::TxCursor> before, std::size_t limit) {
    last_limit = limit;
    api::TxPage page;
    page.indexed_height = HEAD_HEIGHT;
    for (auto it = indexed_txs.rbegin(); it != indexed_txs.rend(); ++it) {
      if (!matches(*it) || (before && !(*it->position < *before))) continue;
      if (page.txs.size() == limit) {
        page.next = page.txs.back().position;
        break;
      }
      page.txs.push_back(*it);
    }
    return page;
  }

  void Build() {
    using namespace chain;
    std::map<Height, std::vector<chain::Transaction>> txs;
    txs[2] = {FakeTx(ALICE, 0, Transfer{Addr(BOB), 250'000'000}),
              FakeTx(CAROL, 0, RegisterValidator{Key(0x33), Key(0x34), 500, 100'000, "carol", "https://carol.example"})};
    txs[4] = {FakeTx(ALICE, 1, Delegate{Addr(CAROL), 5'000}),
              FakeTx(ALICE, 2, SubmitProposal{ParameterChange{"min_deposit", 9'007'199'254'740'993ull}, "Raise", "why", 10}),
              FakeTx(BOB, 0, GovVote{1, VoteOption::Veto}), FakeTx(ALICE, 3, ClaimRewards{})};
    txs[5] = {FakeTx(BOB, 1, Transfer{Addr(ALICE), 1}), FakeTx(BOB, 2, chain::Deposit{1, 20}),
              FakeTx(BOB, 3, chain::Evidence{DoubleVote{FakeVote(1, 4, 0x61), FakeVote(1, 4, 0x62)}})};
    txs[6] = {FakeTx(CAROL, 1, EditValidator{std::nullopt, std::string("carol2"), std::nullopt}),
              FakeTx(ALICE, 4, Undelegate{Addr(CAROL), 700}), FakeTx(ALICE, 5, Redelegate{Addr(CAROL), Addr(DAVE), 100}),
              FakeTx(DAVE, 0, Unjail{}),
              FakeTx(ERIN, 0, SubmitProposal{TreasurySpend{Addr(ERIN), 42}, "Pay", "", 10})};
    BlockId parent;
    for (Height h = 0; h <= HEAD_HEIGHT; ++h) {
      api::BlockDetail d;
      d.height = h;
      BlockHeader& header = d.block.header.header;
      header.chain_id = ChainId::Unchecked("cairn-test");
      header.slot = h + (h >= 3 ? 1 : 0);  // slot 3 had no block
      header.height = h;
      header.parent_hash = parent;
      header.proposer_index = static_cast<ValidatorIndex>(h % 3);
      header.timestamp_ms = 1'700'000'000'000 + header.slot * 1000;
      d.block.body.txs = txs[h];
      if (h == 5) d.block.body.votes = {FakeVote(0, 4, 0x50), FakeVote(2, 4, 0x50)};
      SetBodyRoots(header, d.block.body);
      d.block.header.signature.bytes.fill(static_cast<std::uint8_t>(h));
      d.id = ComputeBlockId(header);
      d.size_bytes = Encode(d.block).size();
      d.finality = h <= FINALIZED_HEIGHT ? api::Finality::Finalized
                   : h <= JUSTIFIED_HEIGHT ? api::Finality::Justified
                                           : api::Finality::Pending;
      parent = d.id;
      for (std::uint32_t i = 0; i < d.block.body.txs.size(); ++i) {
        const auto& tx = d.block.body.txs[i];
        indexed_txs.push_back(api::TxDetail{ComputeTxId(tx), tx,
                                            h <= FINALIZED_HEIGHT ? api::TxStatus::Finalized : api::TxStatus::Included,
                                            api::TxCursor{h, i}, d.id, Encode(tx).size()});
      }
      blocks.push_back(std::move(d));
    }
    const auto pending = FakeTx(ALICE, 7, Transfer{Addr(BOB), 3});
    pending_tx = api::TxDetail{ComputeTxId(pending), pending, api::TxStatus::Pending, std::nullopt, std::nullopt,
                               Encode(pending).size()};

    const state::ValidatorStatus statuses[] = {state::ValidatorStatus::Candidate, state::ValidatorStatus::Jailed,
                                               state::ValidatorStatus::Tombstoned};
    for (ValidatorIndex i = 0; i < 3; ++i) {
      api::ValidatorInfo v;
      v.index = i;
      v.validator.operator_address = Addr(static_cast<std::uint8_t>(CAROL + i));
      v.validator.consensus_pubkey = Key(static_cast<std::uint8_t>(0x33 + i));
      v.validator.vrf_pubkey = Key(static_cast<std::uint8_t>(0x43 + i));
      v.validator.commission_bps = 500;
      v.validator.moniker = i == 0 ? "carol" : i == 1 ? "dave" : "erin";
      v.validator.status = statuses[i];
      v.validator.tokens = 105'000 + i;
      v.validator.total_shares = 105'000;
      v.active = i == 0;
      v.missed_votes = i;
      v.self_bond = 100'000;
      m_validators.push_back(v);
    }
    const std::pair<chain::ProposalKind, state::ProposalStatus> kinds[] = {
        {ParameterChange{"min_deposit", 9'007'199'254'740'993ull}, state::ProposalStatus::VotingPeriod},
        {TextProposal{}, state::ProposalStatus::Passed},
        {TreasurySpend{Addr(ERIN), 42}, state::ProposalStatus::DepositPeriod}};
    for (ProposalId id = 1; id <= 3; ++id) {
      api::ProposalInfo p;
      p.proposal.id = id;
      p.proposal.proposer = Addr(id == 3 ? ERIN : ALICE);
      p.proposal.kind = kinds[id - 1].first;
      p.proposal.title = "Proposal " + std::to_string(id);
      p.proposal.status = kinds[id - 1].second;
      p.proposal.total_deposit = 10 * id;
      p.current_tally = state::Tally{100, 20, 3, 4};
      m_proposals.push_back(p);
    }
  }

  std::shared_ptr<State> m_state = std::make_shared<State>();
  std::vector<api::ValidatorInfo> m_validators;
  std::vector<api::ProposalInfo> m_proposals;  // ascending id
  bool m_validating = true;
  std::optional<std::uint64_t> m_head_timestamp_ms;  // guarded by m_state->mutex, like the knobs below
  std::optional<std::string> m_halt_reason;
  std::optional<api::SyncStatus> m_sync;
  std::optional<std::string> m_network;
};

}  // namespace cairn::test
