// Per-peer defences of the peer manager (PROTOCOL.md section 10, "Defence"): a token bucket per
// message class and peer, and the peer's misbehaviour score with its decay.
//
// Everything here is a pure value over `now_ms` arguments (milliseconds on any monotonic scale the
// caller keeps consistent): no clock is read, so behaviour is deterministic and testable. Floating
// point is fine here: rate limiting is local policy, not consensus.
//
// Thread safety: TokenBucket, PeerLimits and PeerScore are plain values with no internal locking; one
// owner at a time (the peer's strand or the peer manager under its lock). The free functions are pure
// and callable from any thread.
// Ownership: plain values, nothing borrowed.
// Failure: nothing fails; a refusal is a `false` return (the caller scores it as Offence::Flooding).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "p2p/messages.h"
#include "p2p/network.h"

namespace cairn::p2p {

// Message classes with their own token bucket per peer.
enum class MessageClass : std::uint8_t {
  Control,       // Status, Ping, Pong, Disconnect
  Block,         // NewBlock (and, for metrics only, Blocks: see IsRateLimited)
  Vote,          // NewVote, counted per vote
  Evidence,      // NewEvidence
  TxAnnounce,    // TxAnnounce, counted per id
  TxData,        // Txs counted per tx; GetTxs counted per requested id (serving costs the same data)
  BlockRequest,  // GetBlocks, counted per request
  PeerExchange,  // GetPeers, Peers
};
inline constexpr std::size_t MESSAGE_CLASS_COUNT = 8;

MessageClass ClassOf(MessageKind kind);
std::string_view MessageClassName(MessageClass c);  // "control", "block", ... (logs and metrics)

// Whether a message kind goes through a bucket at all. Blocks (sync answers) do not: they arrive only
// because we asked, bounded by our own requests; an unrequested one is the sync planner's
// Offence::Unrequested instead.
bool IsRateLimited(MessageKind kind);

// Whether a class counts the items of a message (ids, txs, votes) rather than the message itself.
bool CountsItems(MessageClass c);

struct BucketSpec {
  double rate_per_s = 0;  // tokens added per second
  double burst = 0;       // bucket size: the most that can be taken at once after a quiet period
};

// Generous for honest nodes on a 100-validator chain with 1 s slots (a node catching up, a vote
// storm after a partition heals, a mempool refill), tight enough that a flooding peer is cut off long
// before it costs real CPU.
BucketSpec DefaultSpec(MessageClass c);

class TokenBucket {
 public:
  // Starts full (an honest peer's first burst, e.g. the votes of the current slot, passes).
  TokenBucket(BucketSpec spec, std::int64_t now_ms);

  // Refills for the time since the last call, then takes `tokens` if that many are there. False: over
  // budget, nothing taken. A clock that goes backwards refills nothing (and does not move the refill
  // point back). A request above `burst` can never pass.
  bool Take(double tokens, std::int64_t now_ms);

  // Tokens available at `now_ms` (refilled, capped at burst), without taking any.
  double Available(std::int64_t now_ms) const;
  const BucketSpec& spec() const { return m_spec; }

 private:
  double Refilled(std::int64_t now_ms) const;

  BucketSpec m_spec;
  double m_tokens;
  std::int64_t m_last_ms;
};

// One per peer: a bucket per class, each with DefaultSpec (or the specs given).
class PeerLimits {
 public:
  explicit PeerLimits(std::int64_t now_ms);
  PeerLimits(const std::array<BucketSpec, MESSAGE_CLASS_COUNT>& specs, std::int64_t now_ms);

  // Whether the message may be processed. `items`: ids / txs / votes in the message (values below 1
  // count as 1); only the item-counting classes (CountsItems) use it, the others count one per message.
  // Kinds that are not rate-limited (IsRateLimited) are always allowed. False: drop the message and
  // score Offence::Flooding.
  bool Allow(MessageKind kind, std::size_t items, std::int64_t now_ms);

  const TokenBucket& bucket(MessageClass c) const { return m_buckets[static_cast<std::size_t>(c)]; }

 private:
  static std::array<TokenBucket, MESSAGE_CLASS_COUNT> Make(const std::array<BucketSpec, MESSAGE_CLASS_COUNT>& specs,
                                                            std::int64_t now_ms);
  std::array<TokenBucket, MESSAGE_CLASS_COUNT> m_buckets;
};

// Misbehaviour score of one peer: offences add OffenceScore; the score decays by one point per whole
// minute (SCORE_DECAY_MS) and never below zero; Banned() when it is at or above BAN_SCORE. The ban
// itself (its duration, the disconnect) is the peer manager's; a decayed score does not lift a ban.
inline constexpr std::int64_t SCORE_DECAY_MS = 60'000;

class PeerScore {
 public:
  void Add(Offence offence, std::int64_t now_ms);
  std::int32_t Value(std::int64_t now_ms) const;
  bool Banned(std::int64_t now_ms) const { return Value(now_ms) >= BAN_SCORE; }

 private:
  // The score at m_since_ms; decay since then is applied on reading, in whole minutes, and the
  // fraction of a minute already elapsed is kept on Add so decay stays exactly one point per minute.
  std::int64_t m_score = 0;
  std::int64_t m_since_ms = 0;
};

}  // namespace cairn::p2p
