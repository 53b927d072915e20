// WebSocket sessions (plain or TLS) over a connection whose upgrade the Service accepted, and the
// thread-safe WsConnection the Service sends through.
#include <utility>  // before any Asio header (STACK.md pitfall 1)

#include <deque>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "rpc/server_detail.h"
#include "util/log.h"

namespace cairn::rpc::detail {

std::shared_ptr<WsConnectionImpl> WsConnectionImpl::Create(net::any_io_executor strand, std::size_t max_queue_bytes) {
  return std::make_shared<WsConnectionImpl>(std::move(strand), max_queue_bytes);
}

void WsConnectionImpl::Send(std::string text) {
  std::lock_guard lock(m_mutex);
  if (m_closed) return;
  if (m_queued_bytes + text.size() > m_max_queue_bytes) {
    // The client does not read as fast as we produce: dropping it is the only bound on memory.
    m_closed = true;
    net::post(m_strand, [self = shared_from_this()] {
      std::unique_lock session_lock(self->m_mutex);
      auto session = self->m_session.lock();
      session_lock.unlock();
      if (session) session->Abort();
    });
    return;
  }
  // Counted here rather than on the strand, so a burst of Sends is bounded before it is even posted.
  m_queued_bytes += text.size();
  net::post(m_strand, [self = shared_from_this(), text = std::move(text)]() mutable {
    std::unique_lock session_lock(self->m_mutex);
    auto session = self->m_session.lock();
    session_lock.unlock();
    if (session) session->Enqueue(std::move(text));
  });
}

void WsConnectionImpl::Close() {
  std::lock_guard lock(m_mutex);
  if (m_closed) return;
  m_closed = true;  // what was sent before Close is still delivered; nothing after it
  net::post(m_strand, [self = shared_from_this()] {
    std::unique_lock session_lock(self->m_mutex);
    auto session = self->m_session.lock();
    session_lock.unlock();
    if (session) session->RequestClose();
  });
}

void WsConnectionImpl::Attach(std::weak_ptr<WsSessionBase> session) {
  std::lock_guard lock(m_mutex);
  m_session = std::move(session);
}

void WsConnectionImpl::MarkClosed() {
  std::lock_guard lock(m_mutex);
  m_closed = true;
  // The executor refers to the server's io_context; this object may outlive it (the Service may keep
  // it), so the reference is dropped now, while the context is known to be alive.
  m_strand = net::any_io_executor();
}

void WsConnectionImpl::Written(std::size_t bytes) {
  std::lock_guard lock(m_mutex);
  m_queued_bytes -= std::min(bytes, m_queued_bytes);
}

void WsRegistry::Add(const std::shared_ptr<WsConnectionImpl>& connection) {
  std::lock_guard lock(m_mutex);
  if (m_closed) return connection->MarkClosed();
  std::erase_if(m_connections, [](const auto& weak) { return weak.expired(); });
  m_connections.push_back(connection);
}

void WsRegistry::CloseAll() {
  std::lock_guard lock(m_mutex);
  m_closed = true;
  for (const auto& weak : m_connections) {
    if (auto connection = weak.lock()) connection->MarkClosed();
  }
  m_connections.clear();
}

namespace {

// Reads text messages one at a time and hands each to the WsHandler before reading the next; writes
// the queue one message at a time. Everything runs on the connection's strand, except the handler's
// OnMessage, which runs on the server's worker threads when it has some (as HTTP POSTs do).
template <class Stream>
class WsSession final : public WsSessionBase, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(ServerCore& server, Stream&& stream, std::unique_ptr<WsHandler> handler,
            std::shared_ptr<WsConnectionImpl> connection, ConnectionSlot slot, std::string ip)
      : m_server(server), m_ws(std::move(stream)), m_handler(std::move(handler)), m_connection(std::move(connection)),
        m_slot(std::move(slot)), m_ip(std::move(ip)) {}

  // Runs before the members die, so a Send from the handler's destructor is a no-op.
  ~WsSession() override { m_connection->MarkClosed(); }

  void Run(const Request& upgrade) {
    const auto& config = m_server.config;
    m_connection->Attach(this->weak_from_this());
    beast::get_lowest_layer(m_ws).expires_never();  // websocket::stream keeps its own timers
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = config.header_timeout;
    timeouts.idle_timeout = config.idle_timeout;
    timeouts.keep_alive_pings = true;  // an idle but live client answers the ping and stays
    m_ws.set_option(timeouts);
    // Beast would otherwise announce its name and version.
    m_ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "cairn"); }));
    m_ws.read_message_max(config.max_ws_message_bytes);
    m_ws.async_accept(upgrade, [self = this->shared_from_this()](beast::error_code ec) { self->OnAccept(ec); });
  }

  void Enqueue(std::string text) override {
    if (m_finished || m_close_requested) {
      m_connection->Written(text.size());
      return;
    }
    m_queue.push_back(std::move(text));
    if (m_open && !m_writing) Write();
  }

  void RequestClose() override {
    if (m_finished) return;
    m_close_requested = true;
    if (m_open && !m_writing) DoClose();
  }

  void Abort() override {
    CAIRN_LOG(Rpc, Info) << m_server.config.name << ": closing WebSocket of " << m_ip << ": more than "
                         << m_server.config.max_ws_queue_bytes << " bytes queued (client not reading)";
    Finish({});
  }

 private:
  void OnAccept(beast::error_code ec) {
    if (ec) return Finish(ec);
    m_open = true;
    Read();
    if (!m_queue.empty()) {
      Write();
    } else if (m_close_requested) {
      DoClose();
    }
  }

  void Read() {
    m_ws.async_read(m_in, [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) return Finish(ec);
    if (m_finished) return;
    if (!m_ws.got_text()) {
      m_in.consume(m_in.size());
      m_close_code = websocket::close_code::unknown_data;  // the protocol is JSON text
      return RequestClose();
    }
    std::string text = beast::buffers_to_string(m_in.data());
    m_in.consume(m_in.size());
    if (m_server.workers == nullptr) return OnHandled(Deliver(text));
    // As for HTTP POSTs: a message may take a while (a wallet unlock runs Argon2id for about half a
    // second), so it runs on a worker and this I/O thread serves its other connections meanwhile. The
    // next message is read only after this one was handled, which keeps them in order; the handler is
    // touched by one thread at a time (Finish leaves it to OnHandled while a worker has it).
    m_in_handler = true;
    net::post(*m_server.workers, [self = this->shared_from_this(), text = std::move(text)]() {
      const bool ok = self->Deliver(text);
      net::post(self->m_ws.get_executor(), [self, ok] { self->OnHandled(ok); });
    });
  }

  // Any thread, while it alone has the handler. False when the handler threw.
  bool Deliver(const std::string& text) {
    try {
      m_handler->OnMessage(text);
      return true;
    } catch (const std::exception& e) {
      CAIRN_LOG(Rpc, Error) << m_server.config.name << ": WebSocket handler threw: " << e.what();
    } catch (...) {
      CAIRN_LOG(Rpc, Error) << m_server.config.name << ": WebSocket handler threw a non-exception";
    }
    return false;
  }

  // Strand: the message was handled; read the next one unless the connection is closing.
  void OnHandled(bool ok) {
    m_in_handler = false;
    if (m_finished) {
      m_handler.reset();  // Finish ran while a worker had it
      return;
    }
    if (!ok) {
      m_close_code = websocket::close_code::internal_error;
      return RequestClose();
    }
    if (!m_close_requested) Read();
  }

  void Write() {
    m_writing = true;
    m_ws.text(true);
    m_ws.async_write(net::buffer(m_queue.front()),
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    m_writing = false;
    m_connection->Written(m_queue.front().size());
    m_queue.pop_front();
    if (ec) return Finish(ec);
    if (m_finished) return;
    if (!m_queue.empty()) return Write();
    if (m_close_requested) DoClose();
  }

  void DoClose() {
    if (m_close_sent) return;
    m_close_sent = true;
    m_ws.async_close(websocket::close_reason(m_close_code),
                     [self = this->shared_from_this()](beast::error_code ec) { self->Finish(ec); });
  }

  // The connection is over: drop the socket (which completes any pending operation) and destroy the
  // handler now, on the strand, which ends its subscriptions.
  void Finish(beast::error_code ec) {
    if (m_finished) return;
    m_finished = true;
    CAIRN_LOG(Rpc, Debug) << m_server.config.name << ": WebSocket of " << m_ip << " ended"
                          << (ec ? ": " + ec.message() : std::string());
    m_connection->MarkClosed();
    beast::get_lowest_layer(m_ws).close();
    if (!m_in_handler) m_handler.reset();  // else OnHandled does it when the worker is done
  }

  ServerCore& m_server;
  websocket::stream<Stream> m_ws;
  std::unique_ptr<WsHandler> m_handler;
  std::shared_ptr<WsConnectionImpl> m_connection;
  ConnectionSlot m_slot;
  std::string m_ip;
  beast::flat_buffer m_in;
  std::deque<std::string> m_queue;
  websocket::close_code m_close_code = websocket::close_code::normal;
  bool m_open = false;
  bool m_writing = false;
  bool m_close_requested = false;
  bool m_close_sent = false;
  bool m_finished = false;
  bool m_in_handler = false;  // a worker is running the handler's OnMessage
};

template <class Stream>
void RunTyped(ServerCore& server, Stream&& stream, Request upgrade, std::unique_ptr<WsHandler> handler,
              std::shared_ptr<WsConnectionImpl> connection, ConnectionSlot slot, std::string ip) {
  auto session = std::make_shared<WsSession<Stream>>(server, std::move(stream), std::move(handler),
                                                     std::move(connection), std::move(slot), std::move(ip));
  session->Run(upgrade);
}

}  // namespace

void RunWsSession(ServerCore& server, PlainStream&& stream, Request upgrade, std::unique_ptr<WsHandler> handler,
                  std::shared_ptr<WsConnectionImpl> connection, ConnectionSlot slot, std::string ip) {
  RunTyped(server, std::move(stream), std::move(upgrade), std::move(handler), std::move(connection), std::move(slot),
           std::move(ip));
}

void RunWsSession(ServerCore& server, TlsStream&& stream, Request upgrade, std::unique_ptr<WsHandler> handler,
                  std::shared_ptr<WsConnectionImpl> connection, ConnectionSlot slot, std::string ip) {
  RunTyped(server, std::move(stream), std::move(upgrade), std::move(handler), std::move(connection), std::move(slot),
           std::move(ip));
}

}  // namespace cairn::rpc::detail
