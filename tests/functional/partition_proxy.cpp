#include <utility>  // before Asio (STACK.md pitfall 1)

#include "partition_proxy.h"

#include <array>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace cairn::test {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

struct Link;

// One forwarded connection: the dialling node's socket and ours to the target. Everything runs on the
// proxy's single I/O thread, so no strand is needed.
struct Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket accepted, Link& owner)
      : client(std::move(accepted)), server(client.get_executor()), link(owner) {}

  void Start(const tcp::endpoint& target);
  void Pump(tcp::socket& from, tcp::socket& to, std::array<std::uint8_t, 16384>& buffer);
  void Close();

  tcp::socket client;
  tcp::socket server;
  std::array<std::uint8_t, 16384> up{};    // client -> server
  std::array<std::uint8_t, 16384> down{};  // server -> client
  Link& link;
  bool closed = false;
};

struct Link {
  Link(asio::io_context& io, std::uint16_t target_port)
      : acceptor(io), target(asio::ip::make_address_v4("127.0.0.1"), target_port) {}

  void Accept() {
    acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        if (cut) {
          // A partition: the dialling node learns nothing but a closed connection.
          boost::system::error_code ignored;
          socket.close(ignored);
          ++refused;
        } else {
          auto connection = std::make_shared<Connection>(std::move(socket), *this);
          open.insert(connection);
          ++forwarded;
          connection->Start(target);
        }
      }
      Accept();
    });
  }

  void CloseAll() {
    // Close() erases from `open`: iterate over a copy.
    const auto connections = open;
    for (const auto& c : connections) c->Close();
  }

  tcp::acceptor acceptor;
  tcp::endpoint target;
  bool cut = false;
  std::set<std::shared_ptr<Connection>> open;
  std::size_t forwarded = 0;
  std::size_t refused = 0;
};

void Connection::Start(const tcp::endpoint& target) {
  server.async_connect(target, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (self->closed) return;
    if (ec) {
      self->Close();
      return;
    }
    self->Pump(self->client, self->server, self->up);
    self->Pump(self->server, self->client, self->down);
  });
}

void Connection::Pump(tcp::socket& from, tcp::socket& to, std::array<std::uint8_t, 16384>& buffer) {
  from.async_read_some(asio::buffer(buffer), [self = shared_from_this(), &from, &to, &buffer](
                                                 const boost::system::error_code& ec, std::size_t n) {
    if (self->closed) return;
    if (ec) {
      self->Close();
      return;
    }
    asio::async_write(to, asio::buffer(buffer.data(), n),
                      [self, &from, &to, &buffer](const boost::system::error_code& wec, std::size_t) {
                        if (self->closed) return;
                        if (wec) {
                          self->Close();
                          return;
                        }
                        self->Pump(from, to, buffer);
                      });
  });
}

void Connection::Close() {
  if (closed) return;
  closed = true;
  boost::system::error_code ignored;
  client.shutdown(tcp::socket::shutdown_both, ignored);
  server.shutdown(tcp::socket::shutdown_both, ignored);
  client.close(ignored);
  server.close(ignored);
  link.open.erase(shared_from_this());
}

}  // namespace

struct PartitionProxy::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::map<std::pair<int, int>, std::unique_ptr<Link>> links;  // I/O thread only
  std::thread thread;

  // Runs `fn` on the I/O thread and waits for it (never call from the I/O thread itself).
  template <class F>
  auto OnIo(F fn) -> decltype(fn()) {
    std::packaged_task<decltype(fn())()> task(std::move(fn));
    auto done = task.get_future();
    asio::post(io, [&task] { task(); });
    return done.get();
  }
};

PartitionProxy::PartitionProxy() : m_impl(std::make_unique<Impl>()) {
  m_impl->thread = std::thread([impl = m_impl.get()] { impl->io.run(); });
}

PartitionProxy::~PartitionProxy() {
  m_impl->OnIo([impl = m_impl.get()] {
    for (auto& [pair, link] : impl->links) {
      boost::system::error_code ignored;
      link->acceptor.close(ignored);
      link->CloseAll();
    }
  });
  // Every handler still queued was aborted by the closes above and returns without re-arming, so
  // run() ends by itself once they have run: nothing is left holding a socket of a dead link.
  m_impl->work.reset();
  m_impl->thread.join();
  m_impl->links.clear();
}

util::Result<std::uint16_t, std::string> PartitionProxy::AddLink(int from, int to, std::uint16_t target_port) {
  return m_impl->OnIo([&]() -> util::Result<std::uint16_t, std::string> {
    auto link = std::make_unique<Link>(m_impl->io, target_port);
    boost::system::error_code ec;
    const tcp::endpoint local(asio::ip::make_address_v4("127.0.0.1"), 0);
    link->acceptor.open(local.protocol(), ec);
    if (!ec) link->acceptor.bind(local, ec);
    if (!ec) link->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return util::Err("proxy " + std::to_string(from) + "->" + std::to_string(to) +
                       ": cannot listen: " + ec.message());
    const std::uint16_t port = link->acceptor.local_endpoint().port();
    link->Accept();
    m_impl->links[{from, to}] = std::move(link);
    return port;
  });
}

void PartitionProxy::Cut(const std::function<bool(int, int)>& crosses) {
  m_impl->OnIo([&] {
    for (auto& [pair, link] : m_impl->links) {
      if (!crosses(pair.first, pair.second)) continue;
      link->cut = true;
      link->CloseAll();
    }
  });
}

void PartitionProxy::HealAll() {
  m_impl->OnIo([&] {
    for (auto& [pair, link] : m_impl->links) link->cut = false;
  });
}

PartitionProxy::LinkCounts PartitionProxy::Counts(int from, int to) const {
  return m_impl->OnIo([&] {
    LinkCounts counts;
    const auto it = m_impl->links.find({from, to});
    if (it == m_impl->links.end()) return counts;
    counts.forwarded = it->second->forwarded;
    counts.refused = it->second->refused;
    counts.open = it->second->open.size();
    return counts;
  });
}

}  // namespace cairn::test
