#include "p2p/session.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <chrono>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "util/log.h"

namespace cairn::p2p {

namespace asio = boost::asio;
using boost::system::error_code;

Session::Session(asio::ip::tcp::socket socket, Direction direction, std::uint64_t id, SessionHost& host,
                 SessionOptions options)
    : m_socket(std::move(socket)),
      m_deadline(m_socket.get_executor()),
      m_linger(m_socket.get_executor()),
      m_direction(direction),
      m_id(id),
      m_host(host),
      m_options(std::move(options)) {
  error_code ec;
  const auto endpoint = m_socket.remote_endpoint(ec);
  if (!ec) {
    auto address = endpoint.address();
    // An IPv4 peer on a dual-stack listener shows up as ::ffff:a.b.c.d; bans and netgroups want a.b.c.d.
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    m_remote_ip = address.to_string();
    m_remote_port = endpoint.port();
  }
  m_socket.set_option(asio::ip::tcp::no_delay(true), ec);
}

Session::~Session() = default;

std::string Session::remote_address() const {
  if (m_remote_ip.find(':') != std::string::npos) return "[" + m_remote_ip + "]:" + std::to_string(m_remote_port);
  return m_remote_ip + ":" + std::to_string(m_remote_port);
}

std::string Session::close_reason() const { return m_close_reason; }

void Session::Start() {
  asio::dispatch(m_socket.get_executor(), [self = shared_from_this()] {
    if (self->m_closed) return;
    self->m_handshaker = std::make_unique<Handshaker>(
        self->m_direction == Direction::Outbound ? crypto::NoiseRole::Initiator : crypto::NoiseRole::Responder,
        *self->m_options.identity, self->m_options.hooks);
    self->ArmDeadline(self->m_options.handshake_timeout_ms, "handshake timed out");
    if (self->m_handshaker->my_turn()) {
      auto first = self->m_handshaker->Write();
      if (!first) return self->DoClose("handshake failed: " + first.error().message);
      self->Enqueue(FrameHandshakeMessage(*first));
    }
    self->ReadHeader();
  });
}

void Session::ArmDeadline(std::int64_t ms, const char* what) {
  m_deadline.expires_after(std::chrono::milliseconds(ms));
  m_deadline.async_wait([self = shared_from_this(), what](const error_code& ec) {
    if (ec || self->m_closed || self->m_ready) return;
    // The timer may have been re-armed for the next phase after this wait was queued.
    if (self->m_deadline.expiry() > asio::steady_timer::clock_type::now()) return;
    self->DoClose(what);
  });
}

void Session::ReadHeader() {
  if (m_closed || m_reading_stopped) return;
  asio::async_read(m_socket, asio::buffer(m_header, FRAME_HEADER_BYTES),
                   [self = shared_from_this()](const error_code& ec, std::size_t n) {
                     self->m_bytes_in.fetch_add(n, std::memory_order_relaxed);
                     if (self->m_closed || self->m_reading_stopped) return;
                     if (ec) return self->DoClose(ec == asio::error::eof ? "closed by peer" : "read: " + ec.message());
                     const std::size_t length = (std::size_t{self->m_header[0]} << 8) | self->m_header[1];
                     self->ReadBody(length);
                   });
}

void Session::ReadBody(std::size_t length) {
  if (length == 0) {
    if (!m_ciphers) return DoClose("handshake failed: empty handshake message");
    return Fault(Offence::Malformed, "empty transport frame");
  }
  m_frame.resize(length);
  asio::async_read(m_socket, asio::buffer(m_frame), [self = shared_from_this()](const error_code& ec, std::size_t n) {
    self->m_bytes_in.fetch_add(n, std::memory_order_relaxed);
    if (self->m_closed || self->m_reading_stopped) return;
    if (ec) return self->DoClose(ec == asio::error::eof ? "closed by peer" : "read: " + ec.message());
    if (self->m_ciphers) {
      self->OnTransportFrame();
    } else {
      self->OnHandshakeFrame();
    }
  });
}

void Session::OnHandshakeFrame() {
  if (auto read = m_handshaker->Read(m_frame); !read) return DoClose("handshake failed: " + read.error().message);
  if (!m_handshaker->finished() && m_handshaker->my_turn()) {
    auto reply = m_handshaker->Write();
    if (!reply) return DoClose("handshake failed: " + reply.error().message);
    Enqueue(FrameHandshakeMessage(*reply));
  }
  if (m_handshaker->finished()) return FinishHandshake();
  ReadHeader();
}

void Session::FinishHandshake() {
  auto ciphers = m_handshaker->Split();
  if (!ciphers) return DoClose("handshake failed: " + ciphers.error().message);
  m_remote_identity = m_handshaker->remote_identity();
  m_handshaker.reset();
  m_ciphers.emplace(std::move(ciphers).value());
  ArmDeadline(m_options.handshake_timeout_ms, "no status in time");
  m_host.OnSessionHandshake(shared_from_this());
  ReadHeader();
}

void Session::OnTransportFrame() {
  auto plaintext = m_ciphers->receive.Decrypt(m_frame);
  // A frame that does not authenticate is corruption or an attack on the stream, not a message the
  // peer chose to send: the connection cannot continue, but there is nothing to score.
  if (!plaintext) return DoClose("transport frame did not authenticate");
  auto complete = m_assembler.OnChunk(*plaintext);
  if (!complete) return Fault(complete.error().offence, complete.error().detail);
  if (!complete->has_value()) return ReadHeader();
  const util::Bytes& encoded = **complete;
  auto message = DecodeMessage(encoded);
  if (!message) return Fault(Offence::Malformed, message.error().Message());
  m_host.OnSessionMessage(shared_from_this(), std::move(message).value(), encoded.size());
  ReadHeader();
}

void Session::Fault(Offence offence, const std::string& detail) {
  m_reading_stopped = true;
  m_host.OnSessionFault(shared_from_this(), offence, detail);
  DoCloseAfterFlush(std::string(OffenceName(offence)) + ": " + detail, m_options.close_linger_ms);
}

void Session::Send(std::shared_ptr<const util::Bytes> encoded) {
  asio::dispatch(m_socket.get_executor(), [self = shared_from_this(), encoded = std::move(encoded)] {
    self->SealAndEnqueue(*encoded);
  });
}

void Session::Send(const Message& message) { Send(std::make_shared<const util::Bytes>(EncodeMessage(message))); }

void Session::SendAndClose(const Message& message, std::string reason) {
  SendAndClose(message, std::move(reason), m_options.close_linger_ms);
}

void Session::SendAndClose(const Message& message, std::string reason, std::int64_t linger_ms) {
  auto encoded = std::make_shared<const util::Bytes>(EncodeMessage(message));
  asio::dispatch(m_socket.get_executor(),
                 [self = shared_from_this(), encoded = std::move(encoded), reason = std::move(reason), linger_ms] {
                   self->SealAndEnqueue(*encoded);
                   self->DoCloseAfterFlush(reason, linger_ms);
                 });
}

void Session::Close(std::string reason) {
  asio::dispatch(m_socket.get_executor(),
                 [self = shared_from_this(), reason = std::move(reason)] { self->DoClose(reason); });
}

void Session::MarkReady() {
  asio::dispatch(m_socket.get_executor(), [self = shared_from_this()] {
    self->m_ready = true;
    self->m_deadline.cancel();
  });
}

void Session::SealAndEnqueue(util::ByteSpan encoded) {
  if (m_closed || m_close_after_flush || !m_ciphers) return;
  util::Bytes wire;
  if (auto sealed = SealMessage(m_ciphers->send, encoded, wire); !sealed) {
    return DoClose("cannot encrypt: " + sealed.error().message);
  }
  Enqueue(std::move(wire));
}

void Session::Enqueue(util::Bytes wire) {
  m_queued_bytes += wire.size();
  if (m_queued_bytes > m_options.max_queued_bytes) return DoClose("peer reads too slowly (send queue full)");
  m_queue.push_back(std::move(wire));
  StartWrite();
}

void Session::StartWrite() {
  if (m_writing || m_closed || m_queue.empty()) return;
  m_writing = true;
  asio::async_write(m_socket, asio::buffer(m_queue.front()), [self = shared_from_this()](const error_code& ec, std::size_t n) {
    self->m_bytes_out.fetch_add(n, std::memory_order_relaxed);
    self->m_writing = false;
    if (self->m_closed) return;
    if (ec) return self->DoClose("write: " + ec.message());
    self->m_queued_bytes -= self->m_queue.front().size();
    self->m_queue.pop_front();
    if (self->m_queue.empty() && self->m_close_after_flush) return self->DoClose(self->m_close_reason);
    self->StartWrite();
  });
}

void Session::DoCloseAfterFlush(const std::string& reason, std::int64_t linger_ms) {
  if (m_closed) return;
  if (!m_close_after_flush) {
    m_close_after_flush = true;
    m_close_reason = reason;
  }
  m_reading_stopped = true;
  if (m_queue.empty()) return DoClose(m_close_reason);
  m_linger.expires_after(std::chrono::milliseconds(linger_ms));
  m_linger.async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec) return;
    self->DoClose(self->m_close_reason + " (not flushed in time)");
  });
}

void Session::DoClose(const std::string& reason) {
  if (m_closed) return;
  m_closed = true;
  if (!m_close_after_flush || m_close_reason.empty()) m_close_reason = reason;
  m_deadline.cancel();
  m_linger.cancel();
  error_code ignored;
  m_socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  m_socket.close(ignored);
  // Posted so the host never runs its close handling inside its own call to Close().
  asio::post(m_socket.get_executor(), [self = shared_from_this()] { self->m_host.OnSessionClosed(self); });
}

}  // namespace cairn::p2p
