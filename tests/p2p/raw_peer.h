// RawPeer: a hand-driven p2p client for the network tests. It speaks the real wire protocol with the
// library's own pieces (p2p/handshake.h, p2p/frame.h, p2p/messages.h) over a blocking-style loopback
// socket, but lets a test misbehave at any point: send garbage before the handshake, forge the
// identity payload (HandshakeTestHooks), declare oversized messages, flood.
//
// Thread safety: one test thread. Every wait has a deadline; nothing sleeps.
#pragma once

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <chrono>
#include <cstdint>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "crypto/ed25519.h"
#include "crypto/noise.h"
#include "p2p/frame.h"
#include "p2p/handshake.h"
#include "p2p/messages.h"

namespace cairn::test {

class RawPeer {
 public:
  using Ms = std::chrono::milliseconds;

  RawPeer();
  ~RawPeer();

  bool Connect(std::uint16_t port, Ms timeout = Ms(3000));
  // Runs the Noise XX handshake as the initiator with `identity`. True once our last message is sent
  // (the node may still refuse the payload: it then closes, see WaitClosed).
  bool Handshake(const crypto::SecretKey& identity, p2p::HandshakeTestHooks hooks = {}, Ms timeout = Ms(3000));
  // Handshake, then exchange Status with the node (ours names `chain_id`/`genesis`). True when the
  // node's Status arrived.
  bool Establish(const crypto::SecretKey& identity, const chain::ChainId& chain_id, const crypto::Hash256& genesis,
                 Ms timeout = Ms(3000));

  bool SendRaw(util::ByteSpan bytes);
  bool SendMessage(const p2p::Message& message);
  bool SendChunk(util::ByteSpan plaintext);  // one transport frame carrying exactly this plaintext

  // The next message from the node, or nothing (timeout, closed, broken stream).
  std::optional<p2p::Message> Receive(Ms timeout = Ms(3000));
  // Reads and drops messages until the node closes the connection. True when it did within `timeout`.
  bool WaitClosed(Ms timeout = Ms(3000));
  // The last Disconnect the node sent us, if any (Receive and WaitClosed record it).
  const std::optional<p2p::Disconnect>& last_disconnect() const { return m_disconnect; }
  const std::optional<p2p::Status>& peer_status() const { return m_status; }

 private:
  bool ReadExactly(util::Bytes& out, std::size_t n, std::chrono::steady_clock::time_point deadline);
  bool WriteAll(util::ByteSpan bytes);
  std::optional<util::Bytes> ReadFrame(std::chrono::steady_clock::time_point deadline);

  boost::asio::io_context m_io;
  boost::asio::ip::tcp::socket m_socket;
  std::optional<crypto::NoiseHandshake::Ciphers> m_ciphers;
  p2p::MessageAssembler m_assembler;
  std::optional<p2p::Disconnect> m_disconnect;
  std::optional<p2p::Status> m_status;
  bool m_closed = false;
};

}  // namespace cairn::test
