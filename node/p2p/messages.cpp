// The p2p message codec (messages.h). Consensus objects go through the chain's own Write/Read
// functions, so a block inside NewBlock meets exactly the strictness of a block from disk; this file
// adds only the framing around them and the per-message bounds.
#include "p2p/messages.h"

#include <limits>
#include <utility>

#include "chain/params.h"
#include "util/overload.h"

namespace cairn::p2p {

namespace {

using chain::DecodeErrorKind;
using chain::Reader;
using chain::Writer;

static_assert(std::variant_size_v<Message> == MESSAGE_KIND_COUNT, "one variant alternative per MessageKind");

// Smallest encodings, so that a count is checked against the remaining input before anything is
// reserved (Reader::Count). A chain id takes at least 2 bytes (length + 1 character).
constexpr std::size_t MIN_CHAIN_ID_BYTES = 2;
constexpr std::size_t MIN_TX_BYTES = MIN_CHAIN_ID_BYTES + 32 + 8 + 8 + 8 + 1 + 1 + 64;
constexpr std::size_t MIN_HEADER_BYTES =
    4 + MIN_CHAIN_ID_BYTES + 8 + 8 + 32 + 4 + chain::VRF_PROOF_BYTES + 4 * 32 + 8 + 64;
constexpr std::size_t MIN_BLOCK_BYTES = MIN_HEADER_BYTES + 3;  // three empty body lists
constexpr std::size_t MIN_PEER_BYTES = 2 + 2 + 32;             // host of one byte, port, id
constexpr std::size_t TX_ID_BYTES = 32;

// --- writing -------------------------------------------------------------------------------------

void WritePoint(Writer& w, const ChainPoint& p) {
  w.U64(p.slot);
  w.U64(p.height);
  w.Fixed(p.id);
}

void WriteIds(Writer& w, const std::vector<chain::TxId>& ids) {
  w.Varint(ids.size());
  for (const auto& id : ids) w.Fixed(id);
}

void WriteBody(Writer& w, const Message& message) {
  std::visit(util::Overload{
                 [&](const Status& m) {
                   w.U32(m.protocol_version);
                   chain::Write(w, m.chain_id);
                   w.Fixed(m.genesis_hash);
                   WritePoint(w, m.head);
                   WritePoint(w, m.finalized);
                   w.U16(m.listen_port);
                   w.Text(m.user_agent);
                 },
                 [&](const Ping& m) { w.U64(m.nonce); },
                 [&](const Pong& m) { w.U64(m.nonce); },
                 [&](const NewBlock& m) { chain::Write(w, m.block); },
                 [&](const NewVote& m) { chain::Write(w, m.vote); },
                 [&](const NewEvidence& m) { chain::Write(w, m.evidence); },
                 [&](const TxAnnounce& m) { WriteIds(w, m.ids); },
                 [&](const GetTxs& m) { WriteIds(w, m.ids); },
                 [&](const Txs& m) {
                   w.Varint(m.txs.size());
                   for (const auto& tx : m.txs) chain::Write(w, tx);
                 },
                 [&](const GetBlocks& m) {
                   w.U32(m.request_id);
                   w.U64(m.from_height);
                   w.U32(m.count);
                 },
                 [&](const Blocks& m) {
                   w.U32(m.request_id);
                   w.Varint(m.blocks.size());
                   for (const auto& b : m.blocks) chain::Write(w, b);
                 },
                 [&](const GetPeers&) {},
                 [&](const Peers& m) {
                   w.Varint(m.peers.size());
                   for (const auto& p : m.peers) {
                     w.Text(p.host);
                     w.U16(p.port);
                     w.Fixed(p.id);
                   }
                 },
                 [&](const Disconnect& m) {
                   w.U8(static_cast<std::uint8_t>(m.reason));
                   w.Text(m.text);
                 },
             },
             message);
}

// --- reading -------------------------------------------------------------------------------------

ChainPoint ReadPoint(Reader& r, std::string_view name) {
  Reader::Field f(r, name);
  ChainPoint p;
  p.slot = r.U64("slot");
  p.height = r.U64("height");
  p.id = r.Fixed<32>("id");
  return p;
}

std::vector<chain::TxId> ReadIds(Reader& r) {
  const std::size_t n = r.Count("ids", MAX_TX_IDS_PER_MESSAGE, TX_ID_BYTES);
  std::vector<chain::TxId> ids;
  ids.reserve(n);
  Reader::Field f(r, "ids");
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    Reader::Field g(r, i);
    ids.push_back(r.Fixed<32>(""));
  }
  return ids;
}

// Reads one consensus object with the chain's reader and applies the chain's whole-object size cap
// (DecodeTransaction / DecodeBlock check it before reading; inside a list the size is known after).
template <class T, class F>
T ReadCapped(Reader& r, std::size_t cap, std::string_view what, F&& read) {
  const std::size_t start = r.offset();
  T value = read(r);
  if (r.ok() && r.offset() - start > cap) {
    r.FailAt(DecodeErrorKind::TooLong, "", start, std::string(what) + " above the chain's size cap");
  }
  return value;
}

Status ReadStatus(Reader& r) {
  Status m;
  m.protocol_version = r.U32("protocol_version");
  m.chain_id = chain::ReadChainId(r, "chain_id");
  m.genesis_hash = r.Fixed<32>("genesis_hash");
  m.head = ReadPoint(r, "head");
  m.finalized = ReadPoint(r, "finalized");
  m.listen_port = r.U16("listen_port");
  m.user_agent = r.Text("user_agent", 0, MAX_USER_AGENT_BYTES, chain::TextRule::SingleLine);
  return m;
}

Txs ReadTxs(Reader& r) {
  Txs m;
  const std::size_t n = r.Count("txs", MAX_TXS_PER_MESSAGE, MIN_TX_BYTES);
  m.txs.reserve(n);
  Reader::Field f(r, "txs");
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    Reader::Field g(r, i);
    m.txs.push_back(ReadCapped<chain::Transaction>(r, chain::MAX_TX_BYTES_CAP, "transaction",
                                                   [](Reader& rr) { return chain::ReadTransaction(rr); }));
  }
  return m;
}

GetBlocks ReadGetBlocks(Reader& r) {
  GetBlocks m;
  m.request_id = r.U32("request_id");
  m.from_height = r.U64("from_height");
  const std::size_t count_at = r.offset();
  m.count = r.U32("count");
  if (!r.ok()) return m;
  if (m.count == 0) {
    r.FailAt(DecodeErrorKind::InvalidValue, "count", count_at, "a request for no blocks");
  } else if (m.count > MAX_BLOCKS_PER_REQUEST) {
    r.FailAt(DecodeErrorKind::TooLong, "count", count_at,
             std::to_string(m.count) + " > max " + std::to_string(MAX_BLOCKS_PER_REQUEST));
  } else if (m.from_height > std::numeric_limits<chain::Height>::max() - m.count) {
    // The server walks the range up to its exclusive end from_height + count, which must not wrap.
    r.FailAt(DecodeErrorKind::InvalidValue, "from_height", count_at - 8, "the range passes the largest height");
  }
  return m;
}

Blocks ReadBlocks(Reader& r) {
  Blocks m;
  m.request_id = r.U32("request_id");
  const std::size_t n = r.Count("blocks", MAX_BLOCKS_PER_REQUEST, MIN_BLOCK_BYTES);
  m.blocks.reserve(n);
  Reader::Field f(r, "blocks");
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    Reader::Field g(r, i);
    m.blocks.push_back(ReadCapped<chain::Block>(r, chain::MAX_BLOCK_BYTES_CAP, "block",
                                                [](Reader& rr) { return chain::ReadBlock(rr); }));
  }
  return m;
}

Peers ReadPeers(Reader& r) {
  Peers m;
  const std::size_t n = r.Count("peers", MAX_PEERS_PER_MESSAGE, MIN_PEER_BYTES);
  m.peers.reserve(n);
  Reader::Field f(r, "peers");
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    Reader::Field g(r, i);
    PeerAddress p;
    p.host = r.Text("host", 1, MAX_HOST_BYTES, chain::TextRule::SingleLine);
    p.port = r.U16("port");
    p.id = r.Fixed<32>("id");
    m.peers.push_back(std::move(p));
  }
  return m;
}

Disconnect ReadDisconnect(Reader& r) {
  Disconnect m;
  m.reason = static_cast<DisconnectReason>(r.Tag("reason", DISCONNECT_REASON_COUNT));
  m.text = r.Text("text", 0, MAX_DISCONNECT_TEXT_BYTES, chain::TextRule::SingleLine);
  return m;
}

Message ReadBody(Reader& r, MessageKind kind) {
  // Error paths read "msg.<kind>.<field>", e.g. "msg.txs.txs[3].memo".
  Reader::Field f(r, MessageKindName(kind));
  switch (kind) {
    case MessageKind::Status: return ReadStatus(r);
    case MessageKind::Ping: return Ping{r.U64("nonce")};
    case MessageKind::Pong: return Pong{r.U64("nonce")};
    case MessageKind::NewBlock: {
      Reader::Field g(r, "block");
      return NewBlock{ReadCapped<chain::Block>(r, chain::MAX_BLOCK_BYTES_CAP, "block",
                                               [](Reader& rr) { return chain::ReadBlock(rr); })};
    }
    case MessageKind::NewVote: {
      Reader::Field g(r, "vote");
      return NewVote{chain::ReadSignedVote(r)};
    }
    case MessageKind::NewEvidence: {
      Reader::Field g(r, "evidence");
      return NewEvidence{chain::ReadEvidence(r)};
    }
    case MessageKind::TxAnnounce: return TxAnnounce{ReadIds(r)};
    case MessageKind::GetTxs: return GetTxs{ReadIds(r)};
    case MessageKind::Txs: return ReadTxs(r);
    case MessageKind::GetBlocks: return ReadGetBlocks(r);
    case MessageKind::Blocks: return ReadBlocks(r);
    case MessageKind::GetPeers: return GetPeers{};
    case MessageKind::Peers: return ReadPeers(r);
    case MessageKind::Disconnect: return ReadDisconnect(r);
  }
  return Message{};  // unreachable: Tag() bounded the kind
}

}  // namespace

std::string_view MessageKindName(MessageKind kind) {
  switch (kind) {
    case MessageKind::Status: return "status";
    case MessageKind::Ping: return "ping";
    case MessageKind::Pong: return "pong";
    case MessageKind::NewBlock: return "new_block";
    case MessageKind::NewVote: return "new_vote";
    case MessageKind::NewEvidence: return "new_evidence";
    case MessageKind::TxAnnounce: return "tx_announce";
    case MessageKind::GetTxs: return "get_txs";
    case MessageKind::Txs: return "txs";
    case MessageKind::GetBlocks: return "get_blocks";
    case MessageKind::Blocks: return "blocks";
    case MessageKind::GetPeers: return "get_peers";
    case MessageKind::Peers: return "peers";
    case MessageKind::Disconnect: return "disconnect";
  }
  return "unknown";
}

MessageKind KindOf(const Message& message) { return static_cast<MessageKind>(message.index()); }

util::Bytes EncodeMessage(const Message& message) {
  Writer w;
  w.U8(static_cast<std::uint8_t>(KindOf(message)));
  WriteBody(w, message);
  return w.Take();
}

util::Result<Message, chain::DecodeError> DecodeMessage(util::ByteSpan bytes) {
  return chain::DecodeWhole<Message>(bytes, "msg", [](Reader& r) -> Message {
    const std::uint8_t tag = r.Tag("kind", MESSAGE_KIND_COUNT);
    if (!r.ok()) return Message{};
    return ReadBody(r, static_cast<MessageKind>(tag));
  });
}

}  // namespace cairn::p2p
