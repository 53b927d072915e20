#include "p2p/rate_limit.h"

#include <algorithm>
#include <utility>

namespace cairn::p2p {

std::int32_t OffenceScore(Offence offence) {
  switch (offence) {
    case Offence::InvalidBlock: return 100;
    case Offence::InvalidVote: return 20;
    case Offence::InvalidEvidence: return 20;
    case Offence::InvalidTx: return 5;
    case Offence::Malformed: return 100;
    case Offence::Oversized: return 100;
    case Offence::Flooding: return 10;
    case Offence::Unrequested: return 5;
    case Offence::WrongChainBlocks: return 100;
  }
  return BAN_SCORE;  // not reached for valid enumerators; an impossible value is treated as the worst
}

std::string_view OffenceName(Offence offence) {
  switch (offence) {
    case Offence::InvalidBlock: return "invalid_block";
    case Offence::InvalidVote: return "invalid_vote";
    case Offence::InvalidEvidence: return "invalid_evidence";
    case Offence::InvalidTx: return "invalid_tx";
    case Offence::Malformed: return "malformed";
    case Offence::Oversized: return "oversized";
    case Offence::Flooding: return "flooding";
    case Offence::Unrequested: return "unrequested";
    case Offence::WrongChainBlocks: return "wrong_chain_blocks";
  }
  return "unknown";
}

MessageClass ClassOf(MessageKind kind) {
  switch (kind) {
    case MessageKind::Status:
    case MessageKind::Ping:
    case MessageKind::Pong:
    case MessageKind::Disconnect: return MessageClass::Control;
    case MessageKind::NewBlock:
    case MessageKind::Blocks: return MessageClass::Block;
    case MessageKind::NewVote: return MessageClass::Vote;
    case MessageKind::NewEvidence: return MessageClass::Evidence;
    case MessageKind::TxAnnounce: return MessageClass::TxAnnounce;
    case MessageKind::GetTxs:
    case MessageKind::Txs: return MessageClass::TxData;
    case MessageKind::GetBlocks: return MessageClass::BlockRequest;
    case MessageKind::GetPeers:
    case MessageKind::Peers: return MessageClass::PeerExchange;
  }
  return MessageClass::Control;  // decoded kinds are always valid; Control is the tightest general bucket
}

std::string_view MessageClassName(MessageClass c) {
  switch (c) {
    case MessageClass::Control: return "control";
    case MessageClass::Block: return "block";
    case MessageClass::Vote: return "vote";
    case MessageClass::Evidence: return "evidence";
    case MessageClass::TxAnnounce: return "tx_announce";
    case MessageClass::TxData: return "tx_data";
    case MessageClass::BlockRequest: return "block_request";
    case MessageClass::PeerExchange: return "peer_exchange";
  }
  return "unknown";
}

bool IsRateLimited(MessageKind kind) { return kind != MessageKind::Blocks; }

bool CountsItems(MessageClass c) {
  return c == MessageClass::Vote || c == MessageClass::TxAnnounce || c == MessageClass::TxData;
}

BucketSpec DefaultSpec(MessageClass c) {
  switch (c) {
    case MessageClass::Control: return {10, 50};
    case MessageClass::Block: return {20, 60};
    // 100 validators vote once per 1 s slot; 2000 absorbs a backlog of ~20 slots after a partition.
    case MessageClass::Vote: return {500, 2000};
    case MessageClass::Evidence: return {10, 50};
    case MessageClass::TxAnnounce: return {5000, 20000};
    case MessageClass::TxData: return {5000, 20000};
    case MessageClass::BlockRequest: return {20, 60};
    // Peer exchange is worth a few answers per connection, not a stream.
    case MessageClass::PeerExchange: return {0.1, 3};
  }
  return {0, 0};
}

// ---- TokenBucket ----

TokenBucket::TokenBucket(BucketSpec spec, std::int64_t now_ms)
    : m_spec(spec), m_tokens(std::max(0.0, spec.burst)), m_last_ms(now_ms) {}

double TokenBucket::Refilled(std::int64_t now_ms) const {
  if (now_ms <= m_last_ms) return m_tokens;
  const double elapsed_s = static_cast<double>(now_ms - m_last_ms) / 1000.0;
  return std::min(m_spec.burst, m_tokens + elapsed_s * m_spec.rate_per_s);
}

double TokenBucket::Available(std::int64_t now_ms) const { return Refilled(now_ms); }

bool TokenBucket::Take(double tokens, std::int64_t now_ms) {
  m_tokens = Refilled(now_ms);
  m_last_ms = std::max(m_last_ms, now_ms);
  // `!(tokens >= 0)` also refuses NaN.
  if (!(tokens >= 0) || tokens > m_tokens) return false;
  m_tokens -= tokens;
  return true;
}

// ---- PeerLimits ----

namespace {

std::array<BucketSpec, MESSAGE_CLASS_COUNT> DefaultSpecs() {
  std::array<BucketSpec, MESSAGE_CLASS_COUNT> specs{};
  for (std::size_t i = 0; i < MESSAGE_CLASS_COUNT; ++i) specs[i] = DefaultSpec(static_cast<MessageClass>(i));
  return specs;
}

template <std::size_t... I>
std::array<TokenBucket, MESSAGE_CLASS_COUNT> MakeBuckets(const std::array<BucketSpec, MESSAGE_CLASS_COUNT>& specs,
                                                         std::int64_t now_ms, std::index_sequence<I...>) {
  return {TokenBucket(specs[I], now_ms)...};
}

}  // namespace

std::array<TokenBucket, MESSAGE_CLASS_COUNT> PeerLimits::Make(const std::array<BucketSpec, MESSAGE_CLASS_COUNT>& specs,
                                                              std::int64_t now_ms) {
  return MakeBuckets(specs, now_ms, std::make_index_sequence<MESSAGE_CLASS_COUNT>{});
}

PeerLimits::PeerLimits(std::int64_t now_ms) : m_buckets(Make(DefaultSpecs(), now_ms)) {}

PeerLimits::PeerLimits(const std::array<BucketSpec, MESSAGE_CLASS_COUNT>& specs, std::int64_t now_ms)
    : m_buckets(Make(specs, now_ms)) {}

bool PeerLimits::Allow(MessageKind kind, std::size_t items, std::int64_t now_ms) {
  if (!IsRateLimited(kind)) return true;
  const MessageClass c = ClassOf(kind);
  const std::size_t count = CountsItems(c) ? std::max<std::size_t>(items, 1) : 1;
  return m_buckets[static_cast<std::size_t>(c)].Take(static_cast<double>(count), now_ms);
}

// ---- PeerScore ----

void PeerScore::Add(Offence offence, std::int64_t now_ms) {
  if (now_ms > m_since_ms) {
    const std::int64_t minutes = (now_ms - m_since_ms) / SCORE_DECAY_MS;
    if (m_score <= minutes) {
      // Fully decayed: a clean record earns no credit against future offences.
      m_score = 0;
      m_since_ms = now_ms;
    } else {
      m_score -= minutes;
      m_since_ms += minutes * SCORE_DECAY_MS;  // keep the partial minute already served
    }
  }
  m_score += OffenceScore(offence);
}

std::int32_t PeerScore::Value(std::int64_t now_ms) const {
  const std::int64_t minutes = now_ms > m_since_ms ? (now_ms - m_since_ms) / SCORE_DECAY_MS : 0;
  const std::int64_t value = std::max<std::int64_t>(0, m_score - minutes);
  return static_cast<std::int32_t>(std::min<std::int64_t>(value, INT32_MAX));
}

}  // namespace cairn::p2p
