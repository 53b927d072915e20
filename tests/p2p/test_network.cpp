// The p2p Network end to end: real Networks in one process on 127.0.0.1 (ports chosen by the OS), a
// FakeChain behind each (ChainAccess with a mutex and a condition variable, so tests await events
// instead of sleeping), and a RawPeer that speaks the wire protocol by hand to misbehave.
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "chain_fixtures.h"
#include "p2p/frame.h"
#include "p2p/network.h"
#include "raw_peer.h"
#include "test_registry.h"
#include "util/hex.h"
#include "util/log.h"

using namespace cairn;
using namespace std::chrono_literals;
using p2p::Network;
using p2p::PeerRef;

namespace {

constexpr auto WAIT = 10s;

// ---- the chain behind a Network --------------------------------------------------------------------

class FakeChain final : public p2p::ChainAccess {
 public:
  template <class T>
  struct Got {
    PeerRef from;
    T item;
  };

  explicit FakeChain(chain::Height head = 0) {
    m_position.head.height = head;
    m_position.head.slot = head;
    m_position.head.id = test::TestGenesisHash();
    m_position.finalized.id = test::TestGenesisHash();
  }

  // Gossip received is relayed through `network` (as the node does after validation).
  void SetRelay(Network* network) {
    std::lock_guard lock(m_mutex);
    m_relay = network;
  }
  void SetCanonical(std::vector<chain::Block> chain_blocks) {
    std::lock_guard lock(m_mutex);
    m_canonical = std::move(chain_blocks);
    if (!m_canonical.empty()) {
      const auto& last = m_canonical.back().unsigned_header();
      m_position.head = p2p::ChainPoint{last.slot, last.height, chain::ComputeBlockId(last)};
    }
  }
  void AddPooled(const chain::Transaction& tx) {
    std::lock_guard lock(m_mutex);
    m_pool[chain::ComputeTxId(tx)] = tx;
  }

  // Waits until `pred` (run under the chain's lock) holds; false at the deadline.
  bool Await(const std::function<bool()>& pred, std::chrono::milliseconds timeout = WAIT) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, timeout, pred);
  }
  template <class F>
  auto Read(F f) {
    std::lock_guard lock(m_mutex);
    return f();
  }

  p2p::ChainPosition Position() override {
    std::lock_guard lock(m_mutex);
    return m_position;
  }
  void OnBlock(const PeerRef& from, std::shared_ptr<const chain::Block> block) override {
    const auto id = chain::ComputeBlockId(block->unsigned_header());
    Network* relay = Record(blocks, from, id);
    if (relay) relay->BroadcastBlock(block, id, from);
  }
  void OnVote(const PeerRef& from, const chain::SignedVote& vote) override {
    Network* relay = Record(votes, from, chain::ComputeVoteHash(vote));
    if (relay) relay->BroadcastVote(vote, from);
  }
  void OnEvidence(const PeerRef& from, const chain::Evidence& evidence) override {
    Network* relay = Record(evidence_got, from, chain::ComputeEvidenceHash(evidence));
    if (relay) relay->BroadcastEvidence(evidence, from);
  }
  void OnTxs(const PeerRef& from, std::vector<chain::Transaction> list) override {
    std::lock_guard lock(m_mutex);
    for (const auto& tx : list) txs.push_back({from, chain::ComputeTxId(tx)});
    m_cv.notify_all();
  }
  bool HasTx(const chain::TxId& id) override {
    std::lock_guard lock(m_mutex);
    if (m_pool.contains(id)) return true;
    return std::any_of(txs.begin(), txs.end(), [&](const auto& got) { return got.item == id; });
  }
  std::vector<chain::Transaction> PooledTxs(const std::vector<chain::TxId>& ids) override {
    std::lock_guard lock(m_mutex);
    std::vector<chain::Transaction> out;
    for (const auto& id : ids) {
      if (auto it = m_pool.find(id); it != m_pool.end()) out.push_back(it->second);
    }
    return out;
  }
  std::vector<chain::Block> CanonicalBlocks(chain::Height from, std::uint32_t count, std::size_t) override {
    std::lock_guard lock(m_mutex);
    std::vector<chain::Block> out;
    for (chain::Height h = from; h < from + count && h >= 1 && h <= m_canonical.size(); ++h) {
      out.push_back(m_canonical[h - 1]);
    }
    ++served_requests;
    return out;
  }
  void OnSyncBlocks(const PeerRef& from, std::vector<chain::Block> list) override {
    std::lock_guard lock(m_mutex);
    for (const auto& block : list) {
      const auto& header = block.unsigned_header();
      synced.push_back({from, header.height});
      // "Applied" at once: our head moves, as the node's would.
      m_position.head = p2p::ChainPoint{header.slot, header.height, chain::ComputeBlockId(header)};
    }
    m_cv.notify_all();
  }

  // What arrived (read under the lock: Await / Read).
  std::vector<Got<chain::BlockId>> blocks;
  std::vector<Got<chain::VoteHash>> votes;
  std::vector<Got<chain::EvidenceHash>> evidence_got;
  std::vector<Got<chain::TxId>> txs;
  std::vector<Got<chain::Height>> synced;
  std::size_t served_requests = 0;

 private:
  template <class T>
  Network* Record(std::vector<Got<T>>& list, const PeerRef& from, const T& item) {
    std::lock_guard lock(m_mutex);
    list.push_back({from, item});
    m_cv.notify_all();
    return m_relay;
  }

  std::mutex m_mutex;
  std::condition_variable m_cv;
  p2p::ChainPosition m_position;
  std::vector<chain::Block> m_canonical;
  std::map<chain::TxId, chain::Transaction> m_pool;
  Network* m_relay = nullptr;
};

template <class T>
std::size_t CountOf(const std::vector<FakeChain::Got<T>>& list, const T& item) {
  return static_cast<std::size_t>(std::count_if(list.begin(), list.end(), [&](const auto& g) { return g.item == item; }));
}

// ---- nodes ---------------------------------------------------------------------------------------

struct Node {
  crypto::SecretKey key = crypto::SecretKey::Generate();
  std::unique_ptr<FakeChain> chain;  // declared first: outlives the network
  std::unique_ptr<Network> net;
  std::uint16_t port() const { return net->listen_port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  const crypto::PublicKey& id() const { return key.public_key(); }
};

struct NodeOptions {
  std::string name = "node";
  chain::Height head = 0;
  std::vector<std::string> connect;
  crypto::Hash256 genesis = test::TestGenesisHash();
  std::string peer_book_path;
  bool relay = true;
  std::optional<crypto::SecretKey> key;
  std::vector<std::string> seeds;
  std::int64_t ping_interval_ms = 15'000;
  std::size_t max_inbound = 32;

  NodeOptions& Head(chain::Height h) { head = h; return *this; }
  NodeOptions& Connect(std::vector<std::string> c) { connect = std::move(c); return *this; }
  NodeOptions& Genesis(const crypto::Hash256& g) { genesis = g; return *this; }
  NodeOptions& Book(std::string path) { peer_book_path = std::move(path); return *this; }
  NodeOptions& NoRelay() { relay = false; return *this; }
  NodeOptions& Key(const crypto::SecretKey& k) { key = k.Clone(); return *this; }
  NodeOptions& Seeds(std::vector<std::string> s) { seeds = std::move(s); return *this; }
  NodeOptions& PingMs(std::int64_t ms) { ping_interval_ms = ms; return *this; }
  NodeOptions& MaxInbound(std::size_t n) { max_inbound = n; return *this; }
};

NodeOptions Opts(std::string name) {
  NodeOptions options;
  options.name = std::move(name);
  return options;
}

std::unique_ptr<Node> StartNode(const NodeOptions& options) {
  auto node = std::make_unique<Node>();
  if (options.key) node->key = options.key->Clone();
  node->chain = std::make_unique<FakeChain>(options.head);
  p2p::NetworkConfig config;
  config.chain_id = test::TestChainId();
  config.genesis_hash = options.genesis;
  config.user_agent = "cairn-test/" + options.name;
  config.identity = &node->key;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.connect = options.connect;
  config.seeds = options.seeds;
  config.ping_interval_ms = options.ping_interval_ms;
  config.max_inbound = options.max_inbound;
  config.lan_discovery = false;  // tests must not find each other (or other runs) on the LAN
  config.peer_book_path = options.peer_book_path;
  config.handshake_timeout_ms = 3000;
  config.io_threads = 2;  // sessions on strands over a real thread pool
  auto network = Network::Create(std::move(config), *node->chain);
  if (!network) {
    qWarning("Create failed: %s", network.error().c_str());
    return nullptr;
  }
  node->net = std::move(network).value();
  if (auto started = node->net->Start(); !started) {
    qWarning("Start failed: %s", started.error().c_str());
    return nullptr;
  }
  if (options.relay) node->chain->SetRelay(node->net.get());
  return node;
}

std::optional<p2p::PeerSnapshot> PeerWithId(const Network& net, const crypto::PublicKey& id) {
  for (auto& peer : net.Peers()) {
    if (peer.ref.id == id) return peer;
  }
  return std::nullopt;
}

bool Lists(const Network& net, const crypto::PublicKey& id) { return PeerWithId(net, id).has_value(); }

bool Banned(const Network& net, const std::string& key) {
  for (const auto& ban : net.Bans()) {
    if (ban.key == key) return true;
  }
  return false;
}

std::string IdKey(const crypto::PublicKey& id) { return "id:" + util::ToHex(id.span()); }

// Blocks 1..n chained from the test genesis (headers only; the network checks linkage, not signatures).
std::vector<chain::Block> MakeChain(std::size_t n, std::uint8_t variant = 0) {
  std::vector<chain::Block> out;
  chain::BlockId parent = test::TestGenesisHash();
  for (std::size_t h = 1; h <= n; ++h) {
    chain::Block block;
    auto& header = block.header.header;
    header.chain_id = test::TestChainId();
    header.slot = h;
    header.height = h;
    header.parent_hash = parent;
    header.timestamp_ms = 1'000 * h + variant;
    parent = chain::ComputeBlockId(header);
    out.push_back(std::move(block));
  }
  return out;
}

chain::Block GossipBlock(std::uint8_t variant) { return MakeChain(1, variant).front(); }

class LogCapture {
 public:
  void Start(const QString& dir) {
    m_path = (dir + "/p2p.log").toStdString();
    util::LogConfig config;
    // CAIRN_TEST_P2P_LOG=debug (or trace) shows the network's own account on stderr while debugging.
    const QByteArray verbose = qgetenv("CAIRN_TEST_P2P_LOG");
    config.to_stderr = !verbose.isEmpty();
    if (!verbose.isEmpty()) QVERIFY(util::ApplyLogSpec(config, "p2p=" + verbose.toStdString()).has_value());
    config.file_path = m_path;
    QVERIFY(util::ConfigureLogging(config).has_value());
  }
  bool Contains(const std::string& text) const {
    std::ifstream in(m_path);
    std::stringstream all;
    all << in.rdbuf();
    return all.str().find(text) != std::string::npos;
  }

 private:
  std::string m_path;
};

}  // namespace

class TestNetwork : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  LogCapture m_log;

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_log.Start(m_dir.path());
  }
  void cleanupTestCase() { QVERIFY(util::ConfigureLogging(util::LogConfig{}).has_value()); }

  void twoNodesConnect() {
    auto b = StartNode(Opts("b").Head(5));
    QVERIFY(b);
    auto a = StartNode(Opts("a").Head(3).Connect({b->address()}));
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*a->net, b->id()) && Lists(*b->net, a->id()), 10000);
    const auto at_a = *PeerWithId(*a->net, b->id());
    const auto at_b = *PeerWithId(*b->net, a->id());
    QCOMPARE(a->net->Peers().size(), std::size_t{1});
    QCOMPARE(b->net->Peers().size(), std::size_t{1});
    QVERIFY(!at_a.inbound);
    QVERIFY(at_b.inbound);
    QCOMPARE(at_a.user_agent, std::string("cairn-test/b"));
    QCOMPARE(at_b.user_agent, std::string("cairn-test/a"));
    QCOMPARE(at_a.head.height, chain::Height{5});
    QCOMPARE(at_b.head.height, chain::Height{3});
    QCOMPARE(at_a.listen_port, b->port());
    QCOMPARE(at_b.listen_port, a->port());
    QCOMPARE(at_a.address, b->address());
    QCOMPARE(at_a.protocol_version, p2p::PROTOCOL_VERSION);
    QCOMPARE(a->net->identity(), a->id());
    // Traffic is counted on the socket (handshake + Status at least).
    QVERIFY(at_a.bytes_in > 96 && at_a.bytes_out > 96);
  }

  void otherGenesisIsDroppedAndLogged() {
    auto a = StartNode(Opts("a"));
    QVERIFY(a);
    crypto::Hash256 other = test::H(0x55);
    auto c = StartNode(Opts("c").Connect({a->address()}).Genesis(other));
    QVERIFY(c);
    const auto prefix = [](const crypto::Hash256& h) { return util::ToHex(h.span().first(8)) + "..."; };
    const std::string a_says = "dropped: other genesis " + prefix(other) + ", ours " + prefix(test::TestGenesisHash());
    const std::string c_says = "dropped: other genesis " + prefix(test::TestGenesisHash()) + ", ours " + prefix(other);
    QTRY_VERIFY_WITH_TIMEOUT(m_log.Contains(a_says) && m_log.Contains(c_says), 10000);
    QVERIFY(!Lists(*a->net, c->id()));
    QVERIFY(!Lists(*c->net, a->id()));
    QVERIFY(a->net->Peers().empty());
  }

  void gossipRelaysOnceWithoutEcho() {
    // A -> B <- C: B relays what A says to C, and never back to A.
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    auto a = StartNode(Opts("a").Connect({b->address()}));
    auto c = StartNode(Opts("c").Connect({b->address()}));
    QVERIFY(a && c);
    QTRY_VERIFY_WITH_TIMEOUT(b->net->Peers().size() == 2 && Lists(*a->net, b->id()) && Lists(*c->net, b->id()), 10000);
    // A raw peer at B, to send B duplicates and markers directly.
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer raw;
    QVERIFY(raw.Connect(b->port()));
    QVERIFY(raw.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, raw_key.public_key()), 10000);

    // Blocks.
    const auto block = std::make_shared<const chain::Block>(GossipBlock(1));
    const auto id = chain::ComputeBlockId(block->unsigned_header());
    a->net->BroadcastBlock(block, id, std::nullopt);
    QVERIFY(c->chain->Await([&] { return CountOf(c->chain->blocks, id) == 1; }));
    QVERIFY(raw.SendMessage(p2p::NewBlock{*block}));  // a duplicate: B has seen it
    const chain::Block marker = GossipBlock(2);
    const auto marker_id = chain::ComputeBlockId(marker.unsigned_header());
    QVERIFY(raw.SendMessage(p2p::NewBlock{marker}));
    // The marker went through B (after the duplicate) to A and C.
    QVERIFY(a->chain->Await([&] { return CountOf(a->chain->blocks, marker_id) == 1; }));
    QVERIFY(c->chain->Await([&] { return CountOf(c->chain->blocks, marker_id) == 1; }));
    QCOMPARE(b->chain->Read([&] { return CountOf(b->chain->blocks, id); }), std::size_t{1});
    QCOMPARE(b->chain->Read([&] { return b->chain->blocks.front().from.id; }), a->id());
    QCOMPARE(c->chain->Read([&] { return CountOf(c->chain->blocks, id); }), std::size_t{1});
    QCOMPARE(a->chain->Read([&] { return CountOf(a->chain->blocks, id); }), std::size_t{0});  // no echo
    // The raw peer got the block from B's relay of A's broadcast, and not the marker it sent.
    bool raw_saw_block = false;
    bool raw_saw_marker = false;
    while (auto message = raw.Receive(300ms)) {
      if (const auto* nb = std::get_if<p2p::NewBlock>(&*message)) {
        raw_saw_block |= chain::ComputeBlockId(nb->block.unsigned_header()) == id;
        raw_saw_marker |= chain::ComputeBlockId(nb->block.unsigned_header()) == marker_id;
      }
    }
    QVERIFY(raw_saw_block);
    QVERIFY(!raw_saw_marker);

    // Votes.
    const auto vote = test::MakeVote(1, 10, 8, 9);
    const auto vote_hash = chain::ComputeVoteHash(vote);
    a->net->BroadcastVote(vote, std::nullopt);
    QVERIFY(c->chain->Await([&] { return CountOf(c->chain->votes, vote_hash) == 1; }));
    QVERIFY(raw.SendMessage(p2p::NewVote{vote}));
    const auto vote_marker = test::MakeVote(2, 10, 8, 9);
    const auto vote_marker_hash = chain::ComputeVoteHash(vote_marker);
    QVERIFY(raw.SendMessage(p2p::NewVote{vote_marker}));
    QVERIFY(a->chain->Await([&] { return CountOf(a->chain->votes, vote_marker_hash) == 1; }));
    QVERIFY(c->chain->Await([&] { return CountOf(c->chain->votes, vote_marker_hash) == 1; }));
    QCOMPARE(b->chain->Read([&] { return CountOf(b->chain->votes, vote_hash); }), std::size_t{1});
    QCOMPARE(c->chain->Read([&] { return CountOf(c->chain->votes, vote_hash); }), std::size_t{1});
    QCOMPARE(a->chain->Read([&] { return CountOf(a->chain->votes, vote_hash); }), std::size_t{0});

    // Evidence.
    const auto evidence = test::DoubleVoteEvidence();
    const auto evidence_hash = chain::ComputeEvidenceHash(evidence);
    a->net->BroadcastEvidence(evidence, std::nullopt);
    QVERIFY(c->chain->Await([&] { return CountOf(c->chain->evidence_got, evidence_hash) == 1; }));
    QVERIFY(raw.SendMessage(p2p::NewEvidence{evidence}));
    const auto evidence_marker = test::SurroundVoteEvidence();
    const auto evidence_marker_hash = chain::ComputeEvidenceHash(evidence_marker);
    QVERIFY(raw.SendMessage(p2p::NewEvidence{evidence_marker}));
    QVERIFY(a->chain->Await([&] { return CountOf(a->chain->evidence_got, evidence_marker_hash) == 1; }));
    QVERIFY(c->chain->Await([&] { return CountOf(c->chain->evidence_got, evidence_marker_hash) == 1; }));
    QCOMPARE(b->chain->Read([&] { return CountOf(b->chain->evidence_got, evidence_hash); }), std::size_t{1});
    QCOMPARE(c->chain->Read([&] { return CountOf(c->chain->evidence_got, evidence_hash); }), std::size_t{1});
    QCOMPARE(a->chain->Read([&] { return CountOf(a->chain->evidence_got, evidence_hash); }), std::size_t{0});
  }

  void txAnnounceFetch() {
    auto b = StartNode(Opts("b").NoRelay());
    QVERIFY(b);
    auto a = StartNode(Opts("a").Connect({b->address()}).NoRelay());
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*a->net, b->id()) && Lists(*b->net, a->id()), 10000);
    const auto tx = test::MakeTx(chain::Transfer{test::A(3), 5}, 1);
    const auto tx_id = chain::ComputeTxId(tx);
    a->chain->AddPooled(tx);
    a->net->AnnounceTxs({tx_id}, std::nullopt);
    QVERIFY(b->chain->Await([&] { return CountOf(b->chain->txs, tx_id) == 1; }));
    QCOMPARE(b->chain->Read([&] { return b->chain->txs.front().from.id; }), a->id());

    // Transactions nobody asked for are not handed to the chain and cost the sender.
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer raw;
    QVERIFY(raw.Connect(b->port()));
    QVERIFY(raw.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    const auto other_tx = test::MakeTx(chain::Transfer{test::A(4), 7}, 2);
    QVERIFY(raw.SendMessage(p2p::Txs{{other_tx}}));
    QVERIFY(raw.SendMessage(p2p::Ping{77}));
    bool ponged = false;
    while (auto message = raw.Receive(3s)) {
      if (const auto* pong = std::get_if<p2p::Pong>(&*message); pong && pong->nonce == 77) {
        ponged = true;
        break;
      }
    }
    QVERIFY(ponged);  // B handled the Txs before the Ping
    QCOMPARE(b->chain->Read([&] { return CountOf(b->chain->txs, chain::ComputeTxId(other_tx)); }), std::size_t{0});
    const auto at_b = PeerWithId(*b->net, raw_key.public_key());
    QVERIFY(at_b);
    QCOMPARE(at_b->score, p2p::OffenceScore(p2p::Offence::Unrequested));
  }

  void syncFromTwoServersInOrder() {
    const auto blocks = MakeChain(1000);
    auto s1 = StartNode(Opts("s1").NoRelay());
    auto s2 = StartNode(Opts("s2").NoRelay());
    QVERIFY(s1 && s2);
    auto n = StartNode(Opts("n").Connect({s1->address(), s2->address()}).NoRelay());
    QVERIFY(n);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*n->net, s1->id()) && Lists(*n->net, s2->id()), 10000);
    // Both servers learn their chain at once and say so: their fresh Status starts the sync.
    s1->chain->SetCanonical(blocks);
    s2->chain->SetCanonical(blocks);
    s1->net->NotifyChainChanged();
    s2->net->NotifyChainChanged();
    QVERIFY(n->chain->Await([&] { return n->chain->synced.size() >= 1000; }, 20s));
    const auto synced = n->chain->Read([&] { return n->chain->synced; });
    QCOMPARE(synced.size(), std::size_t{1000});
    std::set<crypto::PublicKey> servers;
    for (std::size_t i = 0; i < synced.size(); ++i) {
      QCOMPARE(synced[i].item, chain::Height{i + 1});  // strict height order, no gaps, no repeats
      servers.insert(synced[i].from.id);
    }
    QVERIFY(servers.contains(s1->id()));
    QVERIFY(servers.contains(s2->id()));
    QCOMPARE(servers.size(), std::size_t{2});
    QTRY_VERIFY_WITH_TIMEOUT(!n->net->Sync().syncing, 5000);
    QCOMPARE(n->net->Sync().best_known_height, chain::Height{1000});
  }

  void garbageIsDroppedNodeKeepsServing() {
    auto a = StartNode(Opts("a"));
    QVERIFY(a);
    test::RawPeer garbage;
    QVERIFY(garbage.Connect(a->port()));
    util::Bytes junk = {0x00, 0x40};
    for (int i = 0; i < 64; ++i) junk.push_back(static_cast<std::uint8_t>(i * 37 + 11));
    QVERIFY(garbage.SendRaw(junk));
    QVERIFY(garbage.WaitClosed());
    QVERIFY(a->net->Bans().empty());  // a local peer that never authenticated is only disconnected
    // Still serving others.
    auto b = StartNode(Opts("b").Connect({a->address()}));
    QVERIFY(b);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*a->net, b->id()) && Lists(*b->net, a->id()), 10000);
  }

  void oversizedFrameBansByIdentityAndUnban() {
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    auto a = StartNode(Opts("a").Connect({b->address()}));
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, a->id()), 10000);

    const auto raw_key = crypto::SecretKey::Generate();
    {
      test::RawPeer raw;
      QVERIFY(raw.Connect(b->port()));
      QVERIFY(raw.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
      // A vote that declares 2 MiB: refused before its body is read.
      util::Bytes chunk;
      const std::uint32_t declared = 2u << 20;
      for (int i = 0; i < 4; ++i) chunk.push_back(static_cast<std::uint8_t>(declared >> (8 * i)));
      chunk.push_back(static_cast<std::uint8_t>(p2p::MessageKind::NewVote));
      chunk.resize(chunk.size() + 100, 0);
      QVERIFY(raw.SendChunk(chunk));
      QVERIFY(raw.WaitClosed());
      QVERIFY(raw.last_disconnect());
      QCOMPARE(raw.last_disconnect()->reason, p2p::DisconnectReason::Banned);
    }
    QVERIFY(Banned(*b->net, IdKey(raw_key.public_key())));
    QCOMPARE(b->net->Bans().size(), std::size_t{1});  // by identity: 127.0.0.1 itself is not banned
    {
      // Coming back with the same identity is refused right after the handshake.
      test::RawPeer again;
      QVERIFY(again.Connect(b->port()));
      QVERIFY(again.Handshake(raw_key));
      QVERIFY(again.WaitClosed());
      QVERIFY(again.last_disconnect());
      QCOMPARE(again.last_disconnect()->reason, p2p::DisconnectReason::Banned);
      QVERIFY(!again.peer_status());
    }
    QVERIFY(!Lists(*b->net, raw_key.public_key()));
    QVERIFY(Lists(*b->net, a->id()));  // others unaffected
    QVERIFY(Lists(*a->net, b->id()));

    QVERIFY(b->net->Unban(IdKey(raw_key.public_key())).has_value());
    QVERIFY(!Banned(*b->net, IdKey(raw_key.public_key())));
    QVERIFY(!b->net->Unban(IdKey(raw_key.public_key())).has_value());  // nothing left to lift
    test::RawPeer forgiven;
    QVERIFY(forgiven.Connect(b->port()));
    QVERIFY(forgiven.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, raw_key.public_key()), 10000);
  }

  void pingFloodIsBanned() {
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer raw;
    QVERIFY(raw.Connect(b->port()));
    QVERIFY(raw.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    for (std::uint64_t i = 0; i < 200; ++i) {
      if (!raw.SendMessage(p2p::Ping{i})) break;  // the node may hang up mid-flood
    }
    QVERIFY(raw.WaitClosed());
    QVERIFY(Banned(*b->net, IdKey(raw_key.public_key())));
    const auto bans = b->net->Bans();
    QVERIFY(bans.front().reason.find("flooding") != std::string::npos);
  }

  void forgedIdentityIsRefused() {
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    const auto signer = crypto::SecretKey::Generate();
    const auto victim = crypto::SecretKey::Generate();
    test::RawPeer raw;
    QVERIFY(raw.Connect(b->port()));
    p2p::HandshakeTestHooks hooks;
    hooks.claim_identity = victim.public_key();  // claims the victim's key, signs with its own
    QVERIFY(raw.Handshake(signer, hooks));
    QVERIFY(raw.WaitClosed());
    QVERIFY(!raw.peer_status());  // never got as far as a Status
    QVERIFY(!Lists(*b->net, victim.public_key()));
    QVERIFY(!Lists(*b->net, signer.public_key()));
    QVERIFY(b->net->Peers().empty());
  }

  void stopIsQuickWithPeers() {
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    auto a = StartNode(Opts("a").Connect({b->address()}));
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*a->net, b->id()) && Lists(*b->net, a->id()), 10000);
    // A peer that authenticated and then went silent (reads nothing more).
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer silent;
    QVERIFY(silent.Connect(a->port()));
    QVERIFY(silent.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*a->net, raw_key.public_key()), 10000);
    const auto started = std::chrono::steady_clock::now();
    a->net->Stop();
    const auto took = std::chrono::steady_clock::now() - started;
    QVERIFY2(took < 2s, std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()).c_str());
    QTRY_VERIFY_WITH_TIMEOUT(!Lists(*b->net, a->id()), 10000);  // B saw it leave
    a->net->Stop();  // idempotent
  }

  void banPersistsAcrossRestart() {
    const std::string book = (m_dir.path() + "/peers.sqlite").toStdString();
    const auto raw_key = crypto::SecretKey::Generate();
    const auto node_key = crypto::SecretKey::Generate();
    {
      auto p = StartNode(Opts("p").Book(book).Key(node_key));
      QVERIFY(p);
      test::RawPeer raw;
      QVERIFY(raw.Connect(p->port()));
      QVERIFY(raw.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
      QVERIFY(raw.SendChunk(util::Bytes{1, 0, 0, 0, 0xee}));  // an unknown tag: Malformed, a ban on its own
      QVERIFY(raw.WaitClosed());
      QVERIFY(Banned(*p->net, IdKey(raw_key.public_key())));
      p->net->Stop();
    }
    auto p = StartNode(Opts("p").Book(book).Key(node_key));
    QVERIFY(p);
    QVERIFY(Banned(*p->net, IdKey(raw_key.public_key())));
    test::RawPeer again;
    QVERIFY(again.Connect(p->port()));
    QVERIFY(again.Handshake(raw_key));
    QVERIFY(again.WaitClosed());
    QVERIFY(again.last_disconnect());
    QCOMPARE(again.last_disconnect()->reason, p2p::DisconnectReason::Banned);
  }

  void peerExchangeFindsNewPeers() {
    // A knows only B (a seed); B knows C; A learns C from B's answer to GetPeers and dials it.
    auto c = StartNode(Opts("c"));
    QVERIFY(c);
    auto b = StartNode(Opts("b").Connect({c->address()}));
    QVERIFY(b);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, c->id()), 10000);
    auto a = StartNode(Opts("a").Seeds({b->address()}));
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*a->net, b->id()) && Lists(*a->net, c->id()), 10000);
    QVERIFY(!PeerWithId(*a->net, c->id())->inbound);
  }

  void pingMeasuresLatencyAndDropsTheSilent() {
    auto b = StartNode(Opts("b").PingMs(100));
    QVERIFY(b);
    auto a = StartNode(Opts("a").Connect({b->address()}));
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, a->id()) && PeerWithId(*b->net, a->id())->latency_ms.has_value(), 10000);
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer silent;  // reads the pings, never answers
    QVERIFY(silent.Connect(b->port()));
    QVERIFY(silent.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    QVERIFY(silent.WaitClosed(5s));
    QVERIFY(silent.last_disconnect());
    QCOMPARE(silent.last_disconnect()->text, std::string("no pong"));
    QVERIFY(Lists(*b->net, a->id()));  // the one that answers stays
    QVERIFY(b->net->Bans().empty());   // silence is not an offence
  }

  void secondConnectionOfAnIdentityIsRefused() {
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer first;
    QVERIFY(first.Connect(b->port()));
    QVERIFY(first.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    test::RawPeer second;
    QVERIFY(second.Connect(b->port()));
    QVERIFY(second.Handshake(raw_key));
    QVERIFY(second.WaitClosed());
    QVERIFY(second.last_disconnect());
    QCOMPARE(second.last_disconnect()->reason, p2p::DisconnectReason::Duplicate);
    // The older connection is the one kept.
    QVERIFY(first.SendMessage(p2p::Ping{5}));
    std::optional<p2p::Message> answer;
    while ((answer = first.Receive(3s)) && !std::holds_alternative<p2p::Pong>(*answer)) {
    }
    QVERIFY(answer);
    QCOMPARE(b->net->Peers().size(), std::size_t{1});
  }

  void inboundLimitRefusesWhenAllAreProtected() {
    auto b = StartNode(Opts("b").MaxInbound(1));
    QVERIFY(b);
    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer first;
    QVERIFY(first.Connect(b->port()));
    QVERIFY(first.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, raw_key.public_key()), 10000);
    test::RawPeer refused;
    QVERIFY(refused.Connect(b->port()));
    QVERIFY(refused.WaitClosed());  // closed before any handshake byte
    QVERIFY(Lists(*b->net, raw_key.public_key()));
  }

  void reportBansAndRemovePeerDisconnects() {
    auto b = StartNode(Opts("b"));
    QVERIFY(b);
    auto a = StartNode(Opts("a").Connect({b->address()}));
    QVERIFY(a);
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, a->id()), 10000);
    // The node's verdict on a block from A: a ban, by identity on loopback.
    b->net->Report(PeerWithId(*b->net, a->id())->ref, p2p::Offence::InvalidBlock, "state root mismatch");
    QTRY_VERIFY_WITH_TIMEOUT(!Lists(*b->net, a->id()) && !Lists(*a->net, b->id()), 10000);
    QVERIFY(Banned(*b->net, IdKey(a->id())));
    QVERIFY(b->net->Bans().front().reason.find("state root mismatch") != std::string::npos);
    // A report about a session that is gone changes nothing.
    b->net->Report(PeerRef{12345, a->id()}, p2p::Offence::InvalidBlock, "late");
    QCOMPARE(b->net->Bans().size(), std::size_t{1});

    const auto raw_key = crypto::SecretKey::Generate();
    test::RawPeer raw;
    QVERIFY(raw.Connect(b->port()));
    QVERIFY(raw.Establish(raw_key, test::TestChainId(), test::TestGenesisHash()));
    QTRY_VERIFY_WITH_TIMEOUT(Lists(*b->net, raw_key.public_key()), 10000);
    QVERIFY(!b->net->RemovePeer("nobody").has_value());
    QVERIFY(b->net->RemovePeer(util::ToHex(raw_key.public_key().span())).has_value());
    QVERIFY(raw.WaitClosed());
    QVERIFY(raw.last_disconnect());
    QCOMPARE(raw.last_disconnect()->reason, p2p::DisconnectReason::Requested);
    QVERIFY(!Banned(*b->net, IdKey(raw_key.public_key())));
  }

  void selfConnectionIsDroppedAndNotRedialled() {
    auto a = StartNode(Opts("a"));
    QVERIFY(a);
    QVERIFY(a->net->AddPeer(a->address()).has_value());
    QTRY_VERIFY_WITH_TIMEOUT(m_log.Contains("dialled ourselves at " + a->address()), 10000);
    QVERIFY(a->net->Peers().empty());
    QVERIFY(!a->net->AddPeer(a->address()).has_value());  // known to be us now
  }
};

CAIRN_REGISTER_TEST(TestNetwork);

#include "test_network.moc"
