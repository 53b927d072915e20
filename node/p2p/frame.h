// The p2p wire framing below the messages (PROTOCOL.md section 10): how handshake messages and
// encrypted application messages travel over one TCP stream.
//
//   handshake message:  u16 big-endian length || Noise handshake message
//   transport frame:    u16 big-endian length || Noise transport message (ciphertext || 16-byte tag)
//
// An application message (EncodeMessage) is the plaintext stream  u32 LE total length || message,
// cut into chunks of at most MAX_CHUNK_PLAINTEXT bytes, each chunk encrypted into one transport frame.
// A chunk never spans two messages, and the first chunk of a message carries at least the length and
// the message's tag byte, so the receiver checks the declared total against MAX_MESSAGE_BYTES and
// against the limit of that message kind BEFORE it reads (or allocates for) the body: a peer cannot
// make us buffer 34 MiB for what claims to be a vote.
//
// Thread safety: pure functions; a MessageAssembler is a single-thread value (one per session, used on
// its strand). Failure: FrameError, which names the Offence the peer committed (Oversized, Malformed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "crypto/noise.h"
#include "p2p/messages.h"
#include "p2p/network.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::p2p {

// The largest application message: above the chain's 32 MiB block cap (MAX_BLOCK_BYTES_CAP), so a
// NewBlock or a Blocks answer carrying one maximal block fits.
inline constexpr std::size_t MAX_MESSAGE_BYTES = 34u << 20;
inline constexpr std::size_t FRAME_HEADER_BYTES = 2;                      // u16 BE length
inline constexpr std::size_t MAX_FRAME_BYTES = crypto::NOISE_MAX_MESSAGE;  // after the header
inline constexpr std::size_t MAX_CHUNK_PLAINTEXT = crypto::NOISE_MAX_MESSAGE - crypto::NOISE_TAG_SIZE;
inline constexpr std::size_t MESSAGE_LENGTH_BYTES = 4;                    // u32 LE total, first chunk

// The largest encoding a message of this kind may have (tag byte included); 0 for an unknown tag.
std::size_t MaxMessageBytes(std::uint8_t kind_tag);

struct FrameError {
  Offence offence = Offence::Malformed;  // Oversized or Malformed
  std::string detail;                    // one sentence for the log
};

// u16 BE length || message, for a handshake message (at most NOISE_MAX_MESSAGE bytes: the caller's
// Noise state guarantees it).
util::Bytes FrameHandshakeMessage(util::ByteSpan message);

// Encrypts one plaintext chunk (at most MAX_CHUNK_PLAINTEXT bytes) into a framed transport message
// appended to `out`. Fails only when the cipher does (nonce exhausted, dead state).
[[nodiscard]] util::Result<void, crypto::NoiseError> SealChunk(crypto::NoiseCipherState& send,
                                                               util::ByteSpan plaintext, util::Bytes& out);

// The framed transport messages of one encoded application message, appended to `out`. The message
// must be 1..MAX_MESSAGE_BYTES bytes (the sender's own encoder guarantees it; a bigger one is a bug).
[[nodiscard]] util::Result<void, crypto::NoiseError> SealMessage(crypto::NoiseCipherState& send,
                                                                 util::ByteSpan encoded, util::Bytes& out);

// Reassembles application messages from decrypted chunks, enforcing the size rules above.
class MessageAssembler {
 public:
  // A decrypted chunk. Returns the complete encoded message when this chunk finishes one, nothing
  // while a message is incomplete. After an error the assembler must not be used again (the session
  // ends).
  util::Result<std::optional<util::Bytes>, FrameError> OnChunk(util::ByteSpan chunk);
  // True between the first and last chunk of a message.
  bool in_message() const { return m_expected != 0; }

 private:
  util::Bytes m_buffer;
  std::size_t m_expected = 0;  // declared total of the message being assembled; 0: none
};

}  // namespace cairn::p2p
