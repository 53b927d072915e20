// Network::Impl, shared by the network_*.cpp files (private to p2p/): the peer table and everything
// the public Network methods, the sessions' callbacks, the timers and the worker thread act on.
//
//   network.cpp           the public methods, lifecycle (Create/Start/Stop), snapshots, operator
//                         actions
//   network_peers.cpp     listener, dialer and the dial loop, bans, the sessions' handshake / fault /
//                         close callbacks
//   network_messages.cpp  message dispatch, Status, ping, sync, peer exchange, and their timers
//   network_gossip.cpp    blocks, votes and evidence pushed; transactions announced and fetched
//
// Threads: `io_threads` Asio threads run m_ioc; each session on its own strand; the network's timers
// on m_strand; sync deliveries to the chain on m_delivery_strand (posted under m_mutex, so they reach
// ChainAccess::OnSyncBlocks in the planner's order); one worker thread (m_worker) for everything that
// may touch SQLite or take long: ChainAccess::CanonicalBlocks, peer book reads and writes, dial
// candidates. m_mutex guards every table below; it is never held across a socket operation, a Session
// call or a ChainAccess call (those can re-enter: collect under the lock, act after it).
#pragma once

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "p2p/lan_discovery.h"
#include "p2p/network.h"
#include "p2p/peer_policy.h"
#include "p2p/rate_limit.h"
#include "p2p/seen_cache.h"
#include "p2p/session.h"
#include "p2p/sync_planner.h"
#include "storage/peer_book.h"

namespace cairn::p2p {

namespace asio = boost::asio;

// Gossip and fetch bookkeeping sizes.
inline constexpr std::size_t PEER_KNOWN_CAPACITY = 4096;      // per peer and kind
inline constexpr std::size_t SEEN_BLOCKS_CAPACITY = 16384;
inline constexpr std::size_t SEEN_VOTES_CAPACITY = 131072;
inline constexpr std::size_t SEEN_EVIDENCE_CAPACITY = 4096;
inline constexpr std::size_t SEEN_TXS_CAPACITY = 131072;
inline constexpr std::size_t MAX_ANNOUNCE_QUEUE = 16384;      // ids waiting for one peer
inline constexpr std::size_t MAX_TX_REQUESTS = 65536;          // tx ids being fetched, all peers
inline constexpr std::int64_t TX_REQUEST_TIMEOUT_MS = 10'000;
inline constexpr std::int64_t ANNOUNCE_BATCH_MS = 50;
inline constexpr std::int64_t STATUS_MIN_INTERVAL_MS = 500;
inline constexpr std::int64_t DIAL_INTERVAL_MS = 500;
inline constexpr std::int64_t SYNC_INTERVAL_MS = 200;
inline constexpr std::int64_t GET_PEERS_INTERVAL_MS = 10LL * 60 * 1000;
inline constexpr std::int64_t PING_TIMEOUT_INTERVALS = 4;
// The frame limit less the message's own tag, count and request id: what answers fill at most.
inline constexpr std::size_t MESSAGE_BUDGET = MAX_MESSAGE_BYTES - 64;
inline constexpr std::size_t SERVE_MAX_BYTES = 4u << 20;       // GetBlocks answers, after the first block
// A peer whose send queue holds more than this gets empty GetBlocks answers until it reads: a requester
// that does not read cannot make us buffer block after block for it.
inline constexpr std::size_t SERVE_BACKLOG_BYTES = 2 * SERVE_MAX_BYTES;
inline constexpr std::int64_t SHARE_MAX_AGE_MS = 3LL * 60 * 60 * 1000;  // peer exchange: seen within
inline constexpr std::int64_t STOP_LINGER_MS = 300;            // Stop: time for the goodbyes to flush
inline constexpr std::int64_t DIAL_BACKOFF_BASE_MS = 1'000;    // in-memory back-off of any dialled address
inline constexpr std::int64_t DIAL_BACKOFF_MAX_MS = 60'000;
inline constexpr std::size_t MAX_ADDRESS_IDS = 4096;

// Disconnect texts are SingleLine and bounded; ours are ASCII, but details can quote a peer's field
// names, so anything outside printable ASCII becomes '?'.
std::string SafeText(std::string_view text, std::size_t max_bytes);
std::string ShortId(const crypto::PublicKey& id);  // the first 8 bytes in hex, for logs

struct Network::Impl final : SessionHost {
  Impl(NetworkConfig config, ChainAccess& chain);
  ~Impl() override;

  // ---- one connected (or connecting) peer; under m_mutex ----
  struct Peer {
    Peer(std::shared_ptr<Session> s, std::int64_t now_wall_ms, std::int64_t now_steady_ms)
        : session(std::move(s)), connected_since_ms(now_wall_ms), connected_steady_ms(now_steady_ms),
          limits(now_steady_ms) {}
    std::shared_ptr<Session> session;
    std::string dial_address;  // outbound: the address dialled ("host:port")
    bool handshaken = false;   // identity known
    bool ready = false;        // its Status accepted
    bool closing = false;      // a goodbye is on its way; ignore what it still says
    bool duplicate = false;    // closed as a second connection to a connected identity
    crypto::PublicKey identity;
    Status status;
    std::int64_t connected_since_ms;  // wall clock
    std::int64_t connected_steady_ms;
    PeerLimits limits;
    PeerScore score;
    SeenCache<chain::BlockId> known_blocks{PEER_KNOWN_CAPACITY};
    SeenCache<chain::VoteHash> known_votes{PEER_KNOWN_CAPACITY};
    SeenCache<chain::EvidenceHash> known_evidence{PEER_KNOWN_CAPACITY};
    SeenCache<chain::TxId> known_txs{PEER_KNOWN_CAPACITY};
    std::vector<chain::TxId> announce_queue;
    std::unordered_set<chain::TxId> requested_txs;  // asked of this peer, not yet answered
    std::optional<std::uint32_t> latency_ms;
    std::optional<std::uint64_t> ping_nonce;  // outstanding
    std::int64_t ping_sent_ms = 0;
    std::int64_t last_get_peers_ms = 0;
    bool peers_requested = false;
    PeerRef ref() const { return PeerRef{session->id(), identity}; }
  };

  // ---- network.cpp ----
  util::Result<void, std::string> Start();
  void Stop();
  void StartAccept();
  void OnAccepted(asio::ip::tcp::socket socket);
  void Dial(const HostPort& address);
  void OnDialed(const HostPort& address, asio::ip::tcp::socket socket);
  void DialFailed(const std::string& address, const std::string& why);
  void DialTick();  // worker thread
  void DialTimer();  // m_strand: hands a DialTick to the worker
  void AddSession(std::shared_ptr<Session> session, const std::string& dial_address);
  std::optional<std::string> ActiveBan(const std::string& key) const;  // under m_mutex; the reason
  // Scores an offence; bans and disconnects at BAN_SCORE.
  void Punish(std::uint64_t session, Offence offence, const std::string& detail);
  void BanAndClose(std::uint64_t session, const std::string& reason);  // m_mutex NOT held
  void OnLanPeer(const std::string& ip, std::uint16_t port, const crypto::PublicKey& id);
  void ArmTimer(asio::steady_timer& timer, std::int64_t ms, void (Impl::*tick)());
  void PostWorker(std::function<void()> job);
  void SendTo(const std::vector<std::shared_ptr<Session>>& sessions, const std::shared_ptr<const util::Bytes>& bytes);
  std::int64_t NowMs() const { return m_clock.NowMs(); }
  std::int64_t SteadyMs() const { return m_clock.SteadyMs(); }
  std::string Describe(const Session& session) const;
  SessionOptions MakeSessionOptions() const;  // "1.2.3.4:5 (id abcd1234)" for logs

  // SessionHost (session strands)
  void OnSessionHandshake(const std::shared_ptr<Session>& session) override;
  void OnSessionMessage(const std::shared_ptr<Session>& session, Message message, std::size_t encoded_bytes) override;
  void OnSessionFault(const std::shared_ptr<Session>& session, Offence offence, const std::string& detail) override;
  void OnSessionClosed(const std::shared_ptr<Session>& session) override;

  // ---- network_messages.cpp ----
  Status MakeStatus();  // calls ChainAccess::Position: m_mutex NOT held
  void OnStatus(const std::shared_ptr<Session>& session, const Status& status);
  void OnPong(const std::shared_ptr<Session>& session, const Pong& pong);
  void OnNewBlock(const std::shared_ptr<Session>& session, NewBlock message);
  void OnNewVote(const std::shared_ptr<Session>& session, const NewVote& message);
  void OnNewEvidence(const std::shared_ptr<Session>& session, const NewEvidence& message);
  void OnTxAnnounce(const std::shared_ptr<Session>& session, const TxAnnounce& message);
  void OnGetTxs(const std::shared_ptr<Session>& session, const GetTxs& message);
  void OnTxs(const std::shared_ptr<Session>& session, Txs message);
  void OnGetBlocks(const std::shared_ptr<Session>& session, const GetBlocks& message);
  void OnBlocks(const std::shared_ptr<Session>& session, Blocks message);
  void OnGetPeers(const std::shared_ptr<Session>& session);
  void OnPeers(const std::shared_ptr<Session>& session, const p2p::Peers& message);
  void OnDisconnect(const std::shared_ptr<Session>& session, const Disconnect& message);
  // Plans sync requests and sends them; `refresh_head` reads our head first (ChainAccess::Position).
  void RunSync(bool refresh_head);
  void SyncTick();
  void PingTick();
  void StatusTick();
  void AnnounceTick();
  void ScheduleStatus();
  void ScheduleAnnounce();
  void Broadcast(const std::shared_ptr<const util::Bytes>& bytes, std::optional<std::uint64_t> from,
                 const std::function<bool(Peer&)>& mark_known);

  // ---- configuration and collaborators ----
  NetworkConfig m_config;
  std::optional<crypto::SecretKey> m_identity;
  ChainAccess& m_chain;
  const util::Clock& m_clock;
  std::vector<HostPort> m_connect;
  std::vector<HostPort> m_seeds;
  std::unique_ptr<storage::PeerBook> m_book;

  // ---- Asio (m_ioc first: destroyed last, after everything bound to it) ----
  asio::io_context m_ioc;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work;
  asio::strand<asio::io_context::executor_type> m_strand;
  asio::strand<asio::io_context::executor_type> m_delivery_strand;
  asio::ip::tcp::acceptor m_acceptor;
  asio::steady_timer m_dial_timer;
  asio::steady_timer m_sync_timer;
  asio::steady_timer m_ping_timer;
  asio::steady_timer m_status_timer;
  asio::steady_timer m_announce_timer;
  std::vector<std::thread> m_threads;
  asio::io_context m_worker;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_worker_work;
  std::thread m_worker_thread;
  std::unique_ptr<LanDiscovery> m_lan;
  std::uint16_t m_listen_port = 0;
  std::atomic<bool> m_started{false};
  std::atomic<bool> m_stopping{false};
  std::atomic<bool> m_dial_tick_queued{false};
  std::atomic<std::uint64_t> m_next_session{1};
  std::atomic<std::uint64_t> m_next_nonce{1};

  // ---- tables, under m_mutex ----
  mutable std::mutex m_mutex;
  std::condition_variable m_peers_changed;
  std::map<std::uint64_t, Peer> m_peers;
  std::map<std::string, storage::BanRecord> m_bans;   // cache of the book's bans, by key
  std::set<std::string> m_dialing;                    // addresses with a dial in progress
  std::set<std::string> m_self_addresses;             // dialled and found to be us: never again
  struct Backoff {
    std::uint32_t failures = 0;
    std::int64_t next_ms = 0;  // steady
  };
  std::map<std::string, Backoff> m_backoff;           // dial failures by address (the book keeps them too)
  // The identity found at each address we dialled: an address whose identity is connected already
  // (through another address, or inbound) is not dialled again, which would only end as a duplicate.
  std::map<std::string, crypto::PublicKey> m_address_ids;
  std::vector<HostPort> m_manual;                     // AddPeer
  // One outbound connection attempt: resolve, connect, all on its own strand (which becomes the
  // session's strand on success) under a deadline.
  struct DialOp {
    explicit DialOp(asio::io_context& ioc)
        : strand(asio::make_strand(ioc)), resolver(strand), socket(strand), timer(strand) {}
    asio::strand<asio::io_context::executor_type> strand;
    asio::ip::tcp::resolver resolver;
    asio::ip::tcp::socket socket;
    asio::steady_timer timer;
    bool finished = false;
  };
  std::map<std::uint64_t, std::shared_ptr<DialOp>> m_dial_ops;  // in progress, closed by Stop
  SeenCache<chain::BlockId> m_seen_blocks{SEEN_BLOCKS_CAPACITY};
  SeenCache<chain::VoteHash> m_seen_votes{SEEN_VOTES_CAPACITY};
  SeenCache<chain::EvidenceHash> m_seen_evidence{SEEN_EVIDENCE_CAPACITY};
  SeenCache<chain::TxId> m_seen_txs{SEEN_TXS_CAPACITY};
  std::unordered_map<chain::TxId, std::int64_t> m_tx_requests;  // id -> steady ms asked
  SyncPlanner m_planner;
  std::int64_t m_last_status_ms = -STATUS_MIN_INTERVAL_MS;  // steady
  bool m_status_scheduled = false;                           // on m_strand
  bool m_announce_scheduled = false;                         // under m_mutex
};

}  // namespace cairn::p2p
