// Session: one TCP connection to a peer. It runs the handshake (p2p/handshake.h), then reads transport
// frames, reassembles and decodes messages (p2p/frame.h, p2p/messages.h) and hands them to its host
// (the Network); it encrypts and writes what the host sends, in order. It knows nothing of peers,
// scores or the chain: every decision is the host's.
//
// Thread safety: every public method may be called from any thread; the work runs on the session's
// strand (the executor its socket was created with). Calls made on the strand itself (from a host
// callback) take effect immediately, so what the host sends from OnSessionHandshake or OnSessionFault
// goes out before anything else and before the close. Host callbacks run on the strand, one at a time
// per session; OnSessionClosed is always posted (never runs inside a Close() call), exactly once.
// Ownership: shared (std::shared_ptr; pending I/O holds a reference). Borrows the host and the
// identity key, which must outlive the session's last handler (the Network joins its I/O threads
// before it dies). The destructor never calls the host.
// Failure: socket errors, handshake failures, deadlines and frame faults close the session; the host
// learns why through close_reason() in OnSessionClosed (and OnSessionFault for the peer's faults).
#pragma once

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "crypto/ed25519.h"
#include "crypto/noise.h"
#include "p2p/frame.h"
#include "p2p/handshake.h"
#include "p2p/messages.h"
#include "p2p/network.h"

namespace cairn::p2p {

enum class Direction : std::uint8_t { Inbound, Outbound };

class Session;

class SessionHost {
 public:
  virtual ~SessionHost() = default;
  // The handshake succeeded (remote_identity() is set). Whatever the host sends now goes out first;
  // the session then waits handshake_timeout_ms for MarkReady() (the peer's Status) or closes.
  virtual void OnSessionHandshake(const std::shared_ptr<Session>& session) = 0;
  // A decoded message; `encoded_bytes` is its encoded size.
  virtual void OnSessionMessage(const std::shared_ptr<Session>& session, Message message,
                                std::size_t encoded_bytes) = 0;
  // The peer broke the framing or sent an undecodable message. The session has stopped reading; it
  // closes once what the host sends from this callback (e.g. a Disconnect) is flushed.
  virtual void OnSessionFault(const std::shared_ptr<Session>& session, Offence offence, const std::string& detail) = 0;
  // The connection is closed (close_reason() says why). Once.
  virtual void OnSessionClosed(const std::shared_ptr<Session>& session) = 0;
};

struct SessionOptions {
  const crypto::SecretKey* identity = nullptr;  // borrowed
  std::int64_t handshake_timeout_ms = 10'000;   // for the handshake, then again for MarkReady()
  // One maximal message plus room for gossip behind it; a peer that reads slower is dropped.
  std::size_t max_queued_bytes = MAX_MESSAGE_BYTES + (8u << 20);
  std::int64_t close_linger_ms = 1'000;         // SendAndClose waits this long for the flush
  HandshakeTestHooks hooks;                     // tests only
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `socket` is connected and was created on its own strand.
  Session(boost::asio::ip::tcp::socket socket, Direction direction, std::uint64_t id, SessionHost& host,
          SessionOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start();  // begins the handshake
  // Sends an encoded message (EncodeMessage); shared so a broadcast encodes once. Dropped when the
  // session is closing or not yet past the handshake.
  void Send(std::shared_ptr<const util::Bytes> encoded);
  void Send(const Message& message);
  // Sends `message`, then closes when it is flushed (or after close_linger_ms).
  void SendAndClose(const Message& message, std::string reason);
  void SendAndClose(const Message& message, std::string reason, std::int64_t linger_ms);
  void Close(std::string reason);
  // The peer's Status arrived and was accepted: cancels the deadline.
  void MarkReady();

  std::uint64_t id() const { return m_id; }
  Direction direction() const { return m_direction; }
  bool inbound() const { return m_direction == Direction::Inbound; }
  const std::string& remote_ip() const { return m_remote_ip; }
  std::uint16_t remote_port() const { return m_remote_port; }
  std::string remote_address() const;  // "ip:port" ("[v6]:port")
  // Set once the handshake finished; read it only after OnSessionHandshake.
  const crypto::PublicKey& remote_identity() const { return m_remote_identity; }
  std::uint64_t bytes_in() const { return m_bytes_in.load(std::memory_order_relaxed); }
  std::uint64_t bytes_out() const { return m_bytes_out.load(std::memory_order_relaxed); }
  // Encrypted bytes waiting to be written (the host holds back bulk answers while this is high).
  std::size_t queued_bytes() const { return m_queued_bytes.load(std::memory_order_relaxed); }
  // Why it closed; meaningful in OnSessionClosed.
  std::string close_reason() const;

 private:
  void ArmDeadline(std::int64_t ms, const char* what);
  void ReadHeader();
  void ReadBody(std::size_t length);
  void OnHandshakeFrame();
  void OnTransportFrame();
  void FinishHandshake();
  void Fault(Offence offence, const std::string& detail);
  void Enqueue(util::Bytes wire);
  void SealAndEnqueue(util::ByteSpan encoded);
  void StartWrite();
  void DoClose(const std::string& reason);
  void DoCloseAfterFlush(const std::string& reason, std::int64_t linger_ms);

  boost::asio::ip::tcp::socket m_socket;
  boost::asio::steady_timer m_deadline;
  boost::asio::steady_timer m_linger;
  const Direction m_direction;
  const std::uint64_t m_id;
  SessionHost& m_host;
  const SessionOptions m_options;
  std::string m_remote_ip;
  std::uint16_t m_remote_port = 0;

  // Strand state.
  std::unique_ptr<Handshaker> m_handshaker;
  std::optional<crypto::NoiseHandshake::Ciphers> m_ciphers;
  MessageAssembler m_assembler;
  crypto::PublicKey m_remote_identity;
  std::uint8_t m_header[FRAME_HEADER_BYTES] = {};
  util::Bytes m_frame;
  std::deque<util::Bytes> m_queue;
  bool m_writing = false;
  bool m_ready = false;
  bool m_reading_stopped = false;   // after a fault or while closing
  bool m_close_after_flush = false;
  bool m_closed = false;
  std::string m_close_reason;  // written on the strand before OnSessionClosed is posted

  std::atomic<std::uint64_t> m_bytes_in{0};
  std::atomic<std::uint64_t> m_bytes_out{0};
  std::atomic<std::size_t> m_queued_bytes{0};  // written on the strand only
};

}  // namespace cairn::p2p
