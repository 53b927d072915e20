// SyncPlanner: which block ranges (GetBlocks) to ask of which peers while the node is behind, and the
// answers handed back in height order (PROTOCOL.md section 10, "Sync").
//
// Model. Heights above the next one to deliver are either buffered (answered, waiting for a lower
// range), in flight (requested), or open. Plan() cuts the open heights from the next undelivered one up
// to min(best peer head, local head + max_ahead) into batches of `batch` heights and gives each batch to
// a peer whose head covers its start (the count is cut to that peer's head), preferring the peer with
// the fewest requests in flight and then the one asked least recently, within the per-peer and total
// in-flight limits. A request that vanishes (timeout, a removed peer, a short, malformed or dropped
// answer) simply turns its heights open again, so they are asked again on the next Plan: no separate
// queue can drift out of step with the requests.
//
// Answers (OnBlocks) are checked for shape only: the planner validates nothing of consensus (no
// signatures, no state), the node does after delivery. Offences, for the caller to score:
//   - Unrequested: no such request in flight, or it was sent to another peer (the request stays valid
//     for the right peer). An answer to a request that timed out recently is not an offence (a slow
//     peer is not a malicious one): it is ignored.
//   - Malformed: more blocks than asked, heights not consecutive from the request's start, or a block
//     whose parent_hash is not the id of the block before it in the same answer. The request is
//     dropped and its heights asked again (of any peer; the caller will likely disconnect this one).
// Not offences:
//   - A short or empty answer (the server cuts answers to its frame size and may have pruned or lost
//     a range): the missing tail is asked again. An empty answer from a peer whose Status claimed the
//     heights also keeps that peer out of that range (from `from` up) for timeout_ms, so another peer
//     is asked first.
//   - A first block that does not link to the block before it when the planner knows that block's id
//     (the last one it delivered; forgotten on Reset or when the local head moves past it): the peers
//     are on different forks, which says nothing about which is honest. The answer is dropped, its
//     heights asked again, and its peer kept out of that range for timeout_ms. Linkage across answers
//     is checked when the lower answer is delivered, so out-of-order buffering cannot skip it.
//
// Thread safety: not thread-safe; one owner (the network's sync worker, or callers under its lock).
// Ownership: a value; buffers blocks until they are delivered (at most max_ahead heights' worth).
// Failure: OnBlocks returns the Offence; nothing else fails (std::bad_alloc aside). Time comes in as
// `now_ms` (any monotonic milliseconds); no clock is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "chain/block.h"
#include "chain/ids.h"
#include "p2p/network.h"
#include "util/result.h"

namespace cairn::p2p {

struct SyncRequest {
  std::uint64_t session = 0;
  std::uint32_t request_id = 0;  // never 0, unique among the requests in flight and recently expired
  chain::Height from = 0;
  std::uint32_t count = 0;       // 1..min(batch, MAX_BLOCKS_PER_REQUEST)
  bool operator==(const SyncRequest&) const = default;
};

struct SyncConfig {
  std::uint32_t batch = 64;                  // heights per request (clamped to 1..MAX_BLOCKS_PER_REQUEST)
  std::size_t max_in_flight_per_peer = 2;
  std::size_t max_in_flight = 8;
  chain::Height max_ahead = 2048;            // how far above the applied head we fetch and buffer
  std::int64_t timeout_ms = 10'000;          // a request older than this is given to another peer
};

class SyncPlanner {
 public:
  explicit SyncPlanner(SyncConfig config = {});

  // Adds or updates a peer's chain position (from its Status). Lowering a head does not cancel its
  // requests in flight: it will answer short, which is handled.
  void SetPeer(std::uint64_t session, chain::Height head_height, chain::Height finalized_height);
  // Forgets the peer; its requests in flight are dropped and their heights asked of others. Its
  // buffered answers stay (they were well-formed). A later answer from it is Unrequested.
  void RemovePeer(std::uint64_t session);

  // Where our chain is (applied). The next height wanted is local_head + 1, but never below what was
  // already delivered and not yet applied. When this moves the next height up, buffered answers
  // starting at or below it are discarded (their heights are fetched again).
  // The local head's own id is deliberately not used for link checks: if our head sits on a fork, the
  // peers' blocks above it must still reach the node, whose fork choice (not the planner) decides.
  void SetLocalHead(chain::Height height);

  // New requests to send now; see the model above. Also expires requests older than timeout_ms (their
  // heights are asked of another peer; the slow peer gets no new request for timeout_ms).
  std::vector<SyncRequest> Plan(std::int64_t now_ms);

  // An answer; see the checks above. Returns the blocks now deliverable IN ORDER (contiguous from the
  // next height to deliver), possibly from several buffered answers, grouped by the session that
  // served them (consecutive Deliveries may come from different sessions, never out of order).
  struct Delivery {
    std::uint64_t session = 0;
    std::vector<chain::Block> blocks;
  };
  util::Result<std::vector<Delivery>, Offence> OnBlocks(std::uint64_t session, std::uint32_t request_id,
                                                        std::vector<chain::Block> blocks, std::int64_t now_ms);

  // The chain could not apply a delivered block (fork, invalid): forgets buffered and delivered state
  // above the local head so that range is fetched again. Requests in flight stay (their heights are
  // still wanted; their answers are link-checked on delivery like any other).
  void Reset();
  // The node met a peer's chain that forks off below its head (a block whose parent it lacks): fetch
  // the peers' chains again from `from` (just above the node's finalized block) up to their heads.
  // Blocks the node has come back as known; the fork's blocks reach its fork choice. Until delivery
  // passes the head the node had when this was called, SetLocalHead does not move the next height up.
  void Rewind(chain::Height from);

  bool syncing() const;                     // best peer head > local head, or a Rewind in progress
  chain::Height best_known_height() const;  // max(local head, peer heads)
  std::size_t in_flight() const { return m_requests.size(); }
  chain::Height local_head() const { return m_local_head; }
  chain::Height next_to_deliver() const { return m_next_deliver; }
  std::size_t buffered_blocks() const;

 private:
  struct Peer {
    chain::Height head = 0;
    chain::Height finalized = 0;
    std::size_t in_flight = 0;
    std::int64_t cooldown_until_ms = 0;  // after a timeout: no new requests before this
    // After an empty or unlinkable answer: no requests at or above `avoid_from` before `avoid_until_ms`.
    chain::Height avoid_from = 0;
    std::int64_t avoid_until_ms = 0;
    std::uint64_t last_assigned = 0;     // assignment sequence number, to spread batches round-robin
  };
  struct Request {
    std::uint64_t session = 0;
    chain::Height from = 0;
    std::uint32_t count = 0;
    std::int64_t sent_ms = 0;
  };
  struct Buffered {
    std::uint64_t session = 0;
    std::vector<chain::Block> blocks;  // non-empty, consecutive, internally linked
    std::vector<chain::BlockId> ids;   // ids[i] = ComputeBlockId(blocks[i] header)
  };

  bool Eligible(const Peer& peer, chain::Height start, std::int64_t now_ms) const;
  Peer* ChoosePeer(chain::Height start, std::int64_t now_ms, std::uint64_t* session);
  std::uint32_t NextRequestId();
  void DropRequest(std::map<std::uint32_t, Request>::iterator it);
  void RememberExpired(std::uint32_t request_id, std::uint64_t session);
  void Avoid(std::uint64_t session, chain::Height from, std::int64_t now_ms);
  void Buffer(std::uint64_t session, std::vector<chain::Block> blocks, std::vector<chain::BlockId> ids);
  std::vector<Delivery> DeliverReady(std::int64_t now_ms);
  chain::Height Target() const;

  SyncConfig m_config;
  std::map<std::uint64_t, Peer> m_peers;
  std::map<std::uint32_t, Request> m_requests;
  std::map<chain::Height, Buffered> m_buffer;  // by first height; ranges never overlap
  // Requests that timed out lately, so their late answers are ignored rather than scored.
  std::map<std::uint32_t, std::uint64_t> m_expired;
  std::deque<std::uint32_t> m_expired_order;

  chain::Height m_local_head = 0;
  chain::Height m_next_deliver = 1;
  std::optional<chain::Height> m_rewind_until;  // Rewind: the local head then; cleared once delivered past
  // The id of the block at m_next_deliver - 1 when known: the next delivery must link to it.
  std::optional<chain::BlockId> m_prev_id;
  std::uint32_t m_next_request_id = 1;
  std::uint64_t m_assign_seq = 0;
};

}  // namespace cairn::p2p
