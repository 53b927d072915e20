#include "p2p/frame.h"

#include <algorithm>
#include <string>

namespace cairn::p2p {

namespace {

constexpr std::size_t SMALL_MESSAGE_BYTES = 64u << 10;
constexpr std::size_t VOTE_MESSAGE_BYTES = 1u << 10;
constexpr std::size_t BLOCK_MESSAGE_BYTES = 33u << 20;

FrameError Oversized(std::string detail) { return FrameError{Offence::Oversized, std::move(detail)}; }
FrameError Malformed(std::string detail) { return FrameError{Offence::Malformed, std::move(detail)}; }

}  // namespace

std::size_t MaxMessageBytes(std::uint8_t kind_tag) {
  if (kind_tag >= MESSAGE_KIND_COUNT) return 0;
  switch (static_cast<MessageKind>(kind_tag)) {
    case MessageKind::NewVote:
      return VOTE_MESSAGE_BYTES;
    case MessageKind::NewBlock:
      return BLOCK_MESSAGE_BYTES;
    case MessageKind::Blocks:
    case MessageKind::Txs:
      return MAX_MESSAGE_BYTES;
    case MessageKind::Status:
    case MessageKind::Ping:
    case MessageKind::Pong:
    case MessageKind::Disconnect:
    case MessageKind::GetPeers:
    case MessageKind::Peers:
    case MessageKind::GetBlocks:
    case MessageKind::GetTxs:
    case MessageKind::TxAnnounce:
    case MessageKind::NewEvidence:
      return SMALL_MESSAGE_BYTES;
  }
  return 0;
}

util::Bytes FrameHandshakeMessage(util::ByteSpan message) {
  util::Bytes out;
  out.reserve(FRAME_HEADER_BYTES + message.size());
  out.push_back(static_cast<std::uint8_t>(message.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(message.size() & 0xff));
  util::Append(out, message);
  return out;
}

util::Result<void, crypto::NoiseError> SealChunk(crypto::NoiseCipherState& send, util::ByteSpan plaintext,
                                                 util::Bytes& out) {
  auto sealed = send.Encrypt(plaintext);
  if (!sealed) return util::Err(sealed.error());
  const std::size_t n = sealed->size();
  out.push_back(static_cast<std::uint8_t>(n >> 8));
  out.push_back(static_cast<std::uint8_t>(n & 0xff));
  util::Append(out, *sealed);
  return {};
}

util::Result<void, crypto::NoiseError> SealMessage(crypto::NoiseCipherState& send, util::ByteSpan encoded,
                                                   util::Bytes& out) {
  if (encoded.empty() || encoded.size() > MAX_MESSAGE_BYTES) {
    return util::Err(crypto::NoiseError{crypto::NoiseErrorKind::Input, "message size out of range for a frame"});
  }
  const std::size_t chunks = (MESSAGE_LENGTH_BYTES + encoded.size() + MAX_CHUNK_PLAINTEXT - 1) / MAX_CHUNK_PLAINTEXT;
  out.reserve(out.size() + encoded.size() + MESSAGE_LENGTH_BYTES +
              chunks * (FRAME_HEADER_BYTES + crypto::NOISE_TAG_SIZE));
  // The first chunk: the u32 LE total, then as much of the message as fits.
  util::Bytes first;
  const std::size_t first_body = std::min(encoded.size(), MAX_CHUNK_PLAINTEXT - MESSAGE_LENGTH_BYTES);
  first.reserve(MESSAGE_LENGTH_BYTES + first_body);
  const auto total = static_cast<std::uint32_t>(encoded.size());
  for (int i = 0; i < 4; ++i) first.push_back(static_cast<std::uint8_t>(total >> (8 * i)));
  util::Append(first, encoded.first(first_body));
  if (auto r = SealChunk(send, first, out); !r) return r;
  for (std::size_t at = first_body; at < encoded.size(); at += MAX_CHUNK_PLAINTEXT) {
    const std::size_t n = std::min(MAX_CHUNK_PLAINTEXT, encoded.size() - at);
    if (auto r = SealChunk(send, encoded.subspan(at, n), out); !r) return r;
  }
  return {};
}

util::Result<std::optional<util::Bytes>, FrameError> MessageAssembler::OnChunk(util::ByteSpan chunk) {
  if (chunk.empty()) return util::Err(Malformed("empty transport chunk"));
  if (m_expected == 0) {
    // A new message: the declared length and the kind tag are checked before anything is buffered.
    if (chunk.size() < MESSAGE_LENGTH_BYTES + 1) return util::Err(Malformed("first chunk shorter than its header"));
    std::size_t total = 0;
    for (std::size_t i = 0; i < MESSAGE_LENGTH_BYTES; ++i) total |= static_cast<std::size_t>(chunk[i]) << (8 * i);
    const std::uint8_t tag = chunk[MESSAGE_LENGTH_BYTES];
    if (total == 0) return util::Err(Malformed("message declared empty"));
    if (total > MAX_MESSAGE_BYTES) {
      return util::Err(Oversized("message declared " + std::to_string(total) + " bytes, over the limit of " +
                                 std::to_string(MAX_MESSAGE_BYTES)));
    }
    const std::size_t kind_max = MaxMessageBytes(tag);
    if (kind_max == 0) return util::Err(Malformed("unknown message tag " + std::to_string(tag)));
    if (total > kind_max) {
      return util::Err(Oversized(std::string(MessageKindName(static_cast<MessageKind>(tag))) + " declared " +
                                 std::to_string(total) + " bytes, over its limit of " + std::to_string(kind_max)));
    }
    const util::ByteSpan body = chunk.subspan(MESSAGE_LENGTH_BYTES);
    if (body.size() > total) return util::Err(Malformed("chunk runs past the end of its message"));
    if (body.size() == total) return std::optional<util::Bytes>(util::Bytes(body.begin(), body.end()));
    m_expected = total;
    m_buffer.clear();
    // Grows with what actually arrives (bounded by `total`), not with what was declared.
    m_buffer.reserve(std::min(total, 4 * MAX_CHUNK_PLAINTEXT));
    util::Append(m_buffer, body);
    return std::optional<util::Bytes>();
  }
  if (m_buffer.size() + chunk.size() > m_expected) return util::Err(Malformed("chunk runs past the end of its message"));
  util::Append(m_buffer, chunk);
  if (m_buffer.size() < m_expected) return std::optional<util::Bytes>();
  m_expected = 0;
  util::Bytes done;
  done.swap(m_buffer);
  return std::optional<util::Bytes>(std::move(done));
}

}  // namespace cairn::p2p
