// The p2p messages (PROTOCOL.md section 10) and their canonical binary encoding: one tag byte (the
// MessageKind) then the message's fields in the chain codec (chain/codec.h: fixed-width little-endian
// integers, canonical varints, length-prefixed bytes). Blocks, votes, evidence and transactions are
// carried in exactly their consensus encodings.
//
// Decoding is strict and bounded: every count and length is checked against the limits below and
// against the remaining input before anything is allocated, unknown tags and trailing bytes are
// refused, and a failure names the field (chain::DecodeError). A decode failure is a protocol
// violation by the peer (the peer manager scores it); it never throws.
//
// Thread safety: pure functions over values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "chain/block.h"
#include "chain/codec.h"
#include "chain/evidence.h"
#include "chain/ids.h"
#include "chain/transaction.h"
#include "chain/vote.h"
#include "crypto/ed25519.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::p2p {

inline constexpr std::uint32_t PROTOCOL_VERSION = 1;

// Limits of one message (the transport's frame limit, MAX_MESSAGE_BYTES in p2p/frame.h, bounds
// the whole).
inline constexpr std::size_t MAX_USER_AGENT_BYTES = 64;
inline constexpr std::size_t MAX_TX_IDS_PER_MESSAGE = 1024;      // TxAnnounce, GetTxs
inline constexpr std::size_t MAX_TXS_PER_MESSAGE = 1024;         // Txs
inline constexpr std::size_t MAX_BLOCKS_PER_REQUEST = 128;       // GetBlocks.count, Blocks.blocks
inline constexpr std::size_t MAX_PEERS_PER_MESSAGE = 64;         // Peers
inline constexpr std::size_t MAX_HOST_BYTES = 64;                // an IP literal or a host name
inline constexpr std::size_t MAX_DISCONNECT_TEXT_BYTES = 256;

enum class MessageKind : std::uint8_t {
  Status = 0,
  Ping = 1,
  Pong = 2,
  NewBlock = 3,    // gossip: a block (pushed)
  NewVote = 4,     // gossip: a signed vote (pushed)
  NewEvidence = 5, // gossip: slashing evidence (pushed)
  TxAnnounce = 6,  // gossip: tx ids (announced)
  GetTxs = 7,      // fetch announced txs
  Txs = 8,         // the answer to GetTxs (only the ones still known)
  GetBlocks = 9,   // sync: canonical blocks by height range
  Blocks = 10,     // the answer to GetBlocks
  GetPeers = 11,   // peer exchange
  Peers = 12,
  Disconnect = 13, // a polite goodbye with a reason, before closing
};
inline constexpr std::uint8_t MESSAGE_KIND_COUNT = 14;
std::string_view MessageKindName(MessageKind kind);  // "status", "ping", ... (logs and metrics)

// A block pointer: what a Status says about a chain position.
struct ChainPoint {
  chain::Slot slot = 0;
  chain::Height height = 0;
  chain::BlockId id;  // the genesis hash at height 0
  bool operator==(const ChainPoint&) const = default;
};

struct Status {
  std::uint32_t protocol_version = PROTOCOL_VERSION;
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
  ChainPoint head;
  ChainPoint finalized;
  std::uint16_t listen_port = 0;  // 0: does not accept connections
  std::string user_agent;         // SingleLine text, at most MAX_USER_AGENT_BYTES
  bool operator==(const Status&) const = default;
};

struct Ping { std::uint64_t nonce = 0; bool operator==(const Ping&) const = default; };
struct Pong { std::uint64_t nonce = 0; bool operator==(const Pong&) const = default; };
struct NewBlock { chain::Block block; bool operator==(const NewBlock&) const = default; };
struct NewVote { chain::SignedVote vote; bool operator==(const NewVote&) const = default; };
struct NewEvidence { chain::Evidence evidence; bool operator==(const NewEvidence&) const = default; };
struct TxAnnounce { std::vector<chain::TxId> ids; bool operator==(const TxAnnounce&) const = default; };
struct GetTxs { std::vector<chain::TxId> ids; bool operator==(const GetTxs&) const = default; };
struct Txs { std::vector<chain::Transaction> txs; bool operator==(const Txs&) const = default; };

struct GetBlocks {
  std::uint32_t request_id = 0;
  chain::Height from_height = 1;
  std::uint32_t count = 0;  // 1..MAX_BLOCKS_PER_REQUEST
  bool operator==(const GetBlocks&) const = default;
};
// The canonical blocks from_height, from_height + 1, ... as far as the server has them (possibly
// fewer than asked, possibly none), cut short to stay under the frame limit.
struct Blocks {
  std::uint32_t request_id = 0;
  std::vector<chain::Block> blocks;
  bool operator==(const Blocks&) const = default;
};

struct GetPeers { bool operator==(const GetPeers&) const = default; };
struct PeerAddress {
  std::string host;  // an IP literal (v4 dotted or v6), at most MAX_HOST_BYTES
  std::uint16_t port = 0;
  crypto::PublicKey id;  // the peer's Ed25519 identity as last seen
  bool operator==(const PeerAddress&) const = default;
};
struct Peers { std::vector<PeerAddress> peers; bool operator==(const Peers&) const = default; };

enum class DisconnectReason : std::uint8_t {
  Requested = 0,     // shutdown or operator action
  WrongChain = 1,    // other chain id / genesis
  Incompatible = 2,  // protocol version
  TooManyPeers = 3,
  Banned = 4,
  Misbehaviour = 5,
  Duplicate = 6,     // already connected to this identity
  Self = 7,          // connected to ourselves
};
inline constexpr std::uint8_t DISCONNECT_REASON_COUNT = 8;
struct Disconnect {
  DisconnectReason reason = DisconnectReason::Requested;
  std::string text;  // SingleLine, at most MAX_DISCONNECT_TEXT_BYTES
  bool operator==(const Disconnect&) const = default;
};

using Message = std::variant<Status, Ping, Pong, NewBlock, NewVote, NewEvidence, TxAnnounce, GetTxs, Txs, GetBlocks,
                             Blocks, GetPeers, Peers, Disconnect>;
MessageKind KindOf(const Message& message);

util::Bytes EncodeMessage(const Message& message);
// Strict decode of one whole message (tag byte first); root path "msg".
util::Result<Message, chain::DecodeError> DecodeMessage(util::ByteSpan bytes);

}  // namespace cairn::p2p
