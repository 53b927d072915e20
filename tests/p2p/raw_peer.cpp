#include "raw_peer.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace cairn::test {

namespace asio = boost::asio;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

RawPeer::RawPeer() : m_socket(m_io) {}

RawPeer::~RawPeer() {
  error_code ignored;
  m_socket.close(ignored);
}

bool RawPeer::Connect(std::uint16_t port, Ms timeout) {
  bool done = false;
  error_code result;
  m_socket.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](const error_code& ec) {
    done = true;
    result = ec;
  });
  m_io.restart();
  m_io.run_for(timeout);
  if (!done) {
    m_socket.close(result);
    m_io.restart();
    m_io.run();
    return false;
  }
  return !result;
}

bool RawPeer::ReadExactly(util::Bytes& out, std::size_t n, Clock::time_point deadline) {
  out.resize(n);
  bool done = false;
  error_code result;
  asio::async_read(m_socket, asio::buffer(out), [&](const error_code& ec, std::size_t) {
    done = true;
    result = ec;
  });
  m_io.restart();
  m_io.run_until(deadline);
  if (!done) {
    error_code ignored;
    m_socket.cancel(ignored);
    m_io.restart();
    m_io.run();
    return false;
  }
  if (result) {
    m_closed = true;  // eof, reset: the node hung up
    return false;
  }
  return true;
}

bool RawPeer::WriteAll(util::ByteSpan bytes) {
  error_code ec;
  asio::write(m_socket, asio::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

std::optional<util::Bytes> RawPeer::ReadFrame(Clock::time_point deadline) {
  util::Bytes header;
  if (!ReadExactly(header, p2p::FRAME_HEADER_BYTES, deadline)) return std::nullopt;
  const std::size_t length = (std::size_t{header[0]} << 8) | header[1];
  util::Bytes body;
  if (!ReadExactly(body, length, deadline)) return std::nullopt;
  return body;
}

bool RawPeer::Handshake(const crypto::SecretKey& identity, p2p::HandshakeTestHooks hooks, Ms timeout) {
  const auto deadline = Clock::now() + timeout;
  p2p::Handshaker handshaker(crypto::NoiseRole::Initiator, identity, std::move(hooks));
  while (!handshaker.finished()) {
    if (handshaker.my_turn()) {
      auto message = handshaker.Write();
      if (!message || !WriteAll(p2p::FrameHandshakeMessage(*message))) return false;
    } else {
      auto frame = ReadFrame(deadline);
      if (!frame || !handshaker.Read(*frame)) return false;
    }
  }
  auto ciphers = handshaker.Split();
  if (!ciphers) return false;
  m_ciphers.emplace(std::move(ciphers).value());
  return true;
}

bool RawPeer::Establish(const crypto::SecretKey& identity, const chain::ChainId& chain_id,
                        const crypto::Hash256& genesis, Ms timeout) {
  if (!Handshake(identity, {}, timeout)) return false;
  p2p::Status status;
  status.chain_id = chain_id;
  status.genesis_hash = genesis;
  status.user_agent = "raw-peer";
  if (!SendMessage(status)) return false;
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    auto message = Receive(std::chrono::duration_cast<Ms>(deadline - Clock::now()));
    if (!message) return false;
    if (std::holds_alternative<p2p::Status>(*message)) return true;
  }
  return false;
}

bool RawPeer::SendRaw(util::ByteSpan bytes) { return WriteAll(bytes); }

bool RawPeer::SendMessage(const p2p::Message& message) {
  if (!m_ciphers) return false;
  util::Bytes wire;
  if (!p2p::SealMessage(m_ciphers->send, p2p::EncodeMessage(message), wire)) return false;
  return WriteAll(wire);
}

bool RawPeer::SendChunk(util::ByteSpan plaintext) {
  if (!m_ciphers) return false;
  util::Bytes wire;
  if (!p2p::SealChunk(m_ciphers->send, plaintext, wire)) return false;
  return WriteAll(wire);
}

std::optional<p2p::Message> RawPeer::Receive(Ms timeout) {
  if (!m_ciphers || m_closed) return std::nullopt;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto frame = ReadFrame(deadline);
    if (!frame) return std::nullopt;
    auto plaintext = m_ciphers->receive.Decrypt(*frame);
    if (!plaintext) return std::nullopt;
    auto complete = m_assembler.OnChunk(*plaintext);
    if (!complete) return std::nullopt;
    if (!complete->has_value()) continue;
    auto message = p2p::DecodeMessage(**complete);
    if (!message) return std::nullopt;
    if (const auto* goodbye = std::get_if<p2p::Disconnect>(&*message)) m_disconnect = *goodbye;
    if (const auto* status = std::get_if<p2p::Status>(&*message)) m_status = *status;
    return std::move(message).value();
  }
}

bool RawPeer::WaitClosed(Ms timeout) {
  const auto deadline = Clock::now() + timeout;
  util::Bytes sink;
  while (!m_closed && Clock::now() < deadline) {
    if (m_ciphers) {
      if (!Receive(std::chrono::duration_cast<Ms>(deadline - Clock::now()))) {
        if (m_closed) break;
        // A broken stream (undecryptable after a half-read) still ends in a close: keep draining bytes.
        if (!ReadExactly(sink, 1, deadline) && m_closed) break;
      }
    } else if (!ReadExactly(sink, 1, deadline) && m_closed) {
      break;
    }
  }
  return m_closed;
}

}  // namespace cairn::test
