// Network: the node's peer-to-peer layer (PROTOCOL.md section 10, DESIGN.md section 2). It owns the
// Asio I/O threads, the TCP listener and dialer, one Session per connected peer (Noise XX handshake
// binding the peer's Ed25519 identity, then encrypted length-prefixed frames), the peer manager
// (connection limits, per-peer token buckets per message class, misbehaviour scores, timed bans,
// eviction, ping), gossip (de-duplicated push of blocks, votes and evidence; transactions announced by
// id and fetched on demand), sync (block ranges from several peers in parallel, delivered in height
// order) and discovery (--connect / --seed peers, peer exchange, LAN multicast, the SQLite peer book).
//
// The node behind it is reached only through ChainAccess, which runtime/ implements: p2p/ validates
// nothing of consensus (it decodes strictly and rate-limits); the node validates and tells the network
// what it thought of a peer's message through Report(). Gossip is relayed only when the node says so
// (Broadcast* after validation), so an invalid block never travels further than one hop.
//
// Thread safety: every public method may be called from any thread after Create, concurrently, except
// Start and Stop (one controlling thread). ChainAccess methods are called from I/O threads and from
// the network's worker thread; they must not block on the chain thread (queue and return).
// Ownership: borrows ChainAccess (must outlive Stop) and the clock; owns sockets, sessions, the peer
// book connection and its threads.
// Failure: Create/Start return one sentence (e.g. "cannot listen on 0.0.0.0:7452: address in use").
// Peer faults are logged under the p2p category and never escape as errors.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/block.h"
#include "chain/evidence.h"
#include "chain/genesis.h"
#include "chain/transaction.h"
#include "chain/vote.h"
#include "crypto/ed25519.h"
#include "p2p/messages.h"
#include "util/clock.h"
#include "util/result.h"

namespace cairn::p2p {

// A connected peer, as the node refers to it in callbacks and reports. `session` is unique for the
// life of the Network; `id` is the peer's authenticated Ed25519 identity.
struct PeerRef {
  std::uint64_t session = 0;
  crypto::PublicKey id;
};

// What the node thinks of a peer's message (Report). Scores add up; at BAN_SCORE the peer is
// disconnected and banned for NetworkConfig::ban_ms.
enum class Offence : std::uint8_t {
  InvalidBlock,      // 100: signature, proposer, VRF, state root, ... wrong
  InvalidVote,       // 20: bad signature or impossible vote
  InvalidEvidence,   // 20
  InvalidTx,         // 5: bad signature / malformed (stale nonces and fees are not offences)
  Malformed,         // 100: undecodable message (reported by p2p itself)
  Oversized,         // 100: frame over the limit (p2p itself)
  Flooding,          // 10 per message over its token bucket (p2p itself)
  Unrequested,       // 5: an answer nobody asked for
  WrongChainBlocks,  // 100: sync answer that conflicts with our finalized chain
};
inline constexpr std::int32_t BAN_SCORE = 100;
std::int32_t OffenceScore(Offence offence);
std::string_view OffenceName(Offence offence);

// Our chain position for Status messages and sync decisions.
struct ChainPosition {
  ChainPoint head;
  ChainPoint finalized;
};

class ChainAccess {
 public:
  virtual ~ChainAccess() = default;
  // Any thread, quick (a copy of published state).
  virtual ChainPosition Position() = 0;
  // Gossip received (decoded, not validated). Queue and return; the node answers with Broadcast* when
  // valid (to relay it) and Report when not.
  virtual void OnBlock(const PeerRef& from, std::shared_ptr<const chain::Block> block) = 0;
  virtual void OnVote(const PeerRef& from, const chain::SignedVote& vote) = 0;
  virtual void OnEvidence(const PeerRef& from, const chain::Evidence& evidence) = 0;
  virtual void OnTxs(const PeerRef& from, std::vector<chain::Transaction> txs) = 0;
  // Whether a tx is already known (pool or chain): an announced id we know is not fetched.
  virtual bool HasTx(const chain::TxId& id) = 0;
  // The pooled txs among `ids` (to answer GetTxs).
  virtual std::vector<chain::Transaction> PooledTxs(const std::vector<chain::TxId>& ids) = 0;
  // Serving sync: canonical blocks from `from` on, at most `count` and, after the first, at most about
  // `max_bytes` encoded. Called on the network's worker thread (it may read SQLite), never on an I/O
  // thread.
  virtual std::vector<chain::Block> CanonicalBlocks(chain::Height from, std::uint32_t count, std::size_t max_bytes) = 0;
  // Sync received: consecutive canonical blocks of the peer's chain, in height order, delivered in
  // overall height order across requests. Queue and return.
  virtual void OnSyncBlocks(const PeerRef& from, std::vector<chain::Block> blocks) = 0;
};

struct NetworkConfig {
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
  std::string user_agent = "cairn";
  // The node's identity: an Ed25519 key kept in <network_dir>/node_identity.key (runtime's business).
  // Copied into the Network, which keeps it in secure memory.
  const crypto::SecretKey* identity = nullptr;

  std::optional<std::string> listen_host = std::string("0.0.0.0");  // nullopt: no listener
  std::uint16_t listen_port = 0;                                    // 0: ephemeral (tests)
  std::vector<std::string> connect;  // "host:port": dial only these, no other outbound (like bitcoind -connect)
  std::vector<std::string> seeds;    // "host:port": bootstrap peers, then peer exchange and the book
  bool lan_discovery = true;         // UDP multicast beacons on the LAN
  std::string multicast_group = "239.255.74.51";
  std::uint16_t multicast_port = 7453;

  std::string peer_book_path;  // SQLite file; empty: in memory (tests)
  std::size_t max_inbound = 32;
  std::size_t max_outbound = 8;
  std::int64_t ban_ms = 24LL * 60 * 60 * 1000;
  std::int64_t handshake_timeout_ms = 10'000;
  std::int64_t ping_interval_ms = 15'000;
  std::size_t io_threads = 1;
  const util::Clock* clock = nullptr;  // null: the system clock
};

// One connected peer, for the api (peer table, peer map) and metrics.
struct PeerSnapshot {
  PeerRef ref;
  std::string address;  // "ip:port" of the TCP connection
  bool inbound = false;
  std::uint32_t protocol_version = 0;
  std::string user_agent;  // untrusted
  ChainPoint head;
  ChainPoint finalized;
  std::uint16_t listen_port = 0;
  std::optional<std::uint32_t> latency_ms;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::int32_t score = 0;
  std::int64_t connected_since_ms = 0;
  std::string country;  // empty: unknown (no GeoIP database is shipped)
};

struct BanSnapshot {
  std::string key;  // an IP, or "id:<hex>" for an identity (loopback and LAN peers are banned by identity)
  std::int64_t until_ms = 0;
  std::string reason;
};

struct SyncSnapshot {
  bool syncing = false;
  chain::Height best_known_height = 0;  // max over peers' heads and ours
  std::size_t requests_in_flight = 0;
};

class Network {
 public:
  static util::Result<std::unique_ptr<Network>, std::string> Create(NetworkConfig config, ChainAccess& chain);
  ~Network();  // Stop()s
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  [[nodiscard]] util::Result<void, std::string> Start();
  void Stop();  // idempotent: says Disconnect{Requested} to peers, closes sockets, joins threads

  std::uint16_t listen_port() const;  // the bound port (after Start), 0 without a listener
  const crypto::PublicKey& identity() const;

  // Gossip, any thread. `from`: the peer it came from (not sent back to it); nullopt for our own.
  void BroadcastBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id,
                      std::optional<PeerRef> from);
  void BroadcastVote(const chain::SignedVote& vote, std::optional<PeerRef> from);
  void BroadcastEvidence(const chain::Evidence& evidence, std::optional<PeerRef> from);
  void AnnounceTxs(const std::vector<chain::TxId>& ids, std::optional<PeerRef> from);
  // Our head or finalized checkpoint moved: peers get a fresh Status (at most once per 500 ms).
  void NotifyChainChanged();
  // The node's verdict on a peer's message.
  void Report(const PeerRef& peer, Offence offence, std::string_view detail);
  // The node could not apply a block because its parent was missing (a gossiped block ahead of us, or
  // a peer's chain that forks off below our head): starts a sync from our head, or, with `from`,
  // fetches the peers' chains again from that height (just above our finalized block) so the fork's
  // blocks reach the node's fork choice.
  void RequestSync(std::optional<chain::Height> from = std::nullopt);

  std::vector<PeerSnapshot> Peers() const;
  std::vector<BanSnapshot> Bans() const;
  SyncSnapshot Sync() const;
  // Operator actions (api AddPeer / RemovePeer / unban).
  util::Result<void, std::string> AddPeer(const std::string& host_port);
  util::Result<void, std::string> RemovePeer(const std::string& id_hex_or_address);  // disconnects
  util::Result<void, std::string> Unban(const std::string& key);

 private:
  Network() = default;
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace cairn::p2p
