#include "rpc/subscriptions.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace cairn::rpc {

using util::Err;

namespace {

// Events that arrive before the client has the subscription id are held until the subscribe response
// is sent, so a client never sees a notification for an id it does not know yet.
class Gate {
 public:
  static constexpr std::size_t MAX_HELD = 1024;

  explicit Gate(std::shared_ptr<WsConnection> connection) : m_connection(std::move(connection)) {}

  void Deliver(std::string text) {
    std::lock_guard lock(m_mutex);
    if (m_open) {
      m_connection->Send(std::move(text));  // under the lock: keeps order with Open's flush
    } else if (m_held.size() < MAX_HELD) {
      m_held.push_back(std::move(text));
    } else {
      m_overflowed = true;
    }
  }

  void Open() {
    std::lock_guard lock(m_mutex);
    m_open = true;
    for (auto& text : m_held) m_connection->Send(std::move(text));
    m_held.clear();
    // A burst larger than we hold would reach the client with a gap: close instead, like a slow reader.
    if (m_overflowed) m_connection->Close();
  }

 private:
  std::mutex m_mutex;
  std::shared_ptr<WsConnection> m_connection;
  bool m_open = false;
  bool m_overflowed = false;
  std::vector<std::string> m_held;
};

std::optional<api::EventKind> ParseEventKind(std::string_view name) {
  for (std::size_t i = 0; i < api::EVENT_KIND_COUNT; ++i) {
    const auto kind = static_cast<api::EventKind>(i);
    if (api::EventKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string EventNames() {
  std::string out;
  for (std::size_t i = 0; i < api::EVENT_KIND_COUNT; ++i) {
    out += (i == 0 ? "" : ", ") + std::string(api::EventKindName(static_cast<api::EventKind>(i)));
  }
  return out;
}

// api::EventKinds is built from an initializer list only; repeating a kind is harmless, so pad the
// (non-empty, duplicate-free) list to every slot.
api::EventKinds KindsOf(std::vector<api::EventKind> list) {
  static_assert(api::EVENT_KIND_COUNT == 5, "KindsOf lists every slot");
  while (list.size() < api::EVENT_KIND_COUNT) list.push_back(list.front());
  return api::EventKinds{list[0], list[1], list[2], list[3], list[4]};
}

class WsSession final : public WsHandler, public ConnectionMethods {
 public:
  WsSession(std::shared_ptr<Dispatcher> dispatcher, std::shared_ptr<WsConnection> connection)
      : m_dispatcher(std::move(dispatcher)), m_connection(std::move(connection)) {}

  // Destroying each api::Subscription waits for a callback running on a node thread; after this no
  // event of this session is delivered.
  ~WsSession() override { m_subscriptions.clear(); }

  WsSession(const WsSession&) = delete;
  WsSession& operator=(const WsSession&) = delete;

  void OnMessage(std::string_view text) override {
    std::optional<std::string> response;
    try {
      response = HandleJsonRpc(text, *m_dispatcher, this);
    } catch (...) {
      response = Dump(Json{{"jsonrpc", "2.0"}, {"error", ErrorJson(MakeError(INTERNAL_ERROR, "internal error"))},
                           {"id", nullptr}});
    }
    if (response) m_connection->Send(std::move(*response));
    for (auto& gate : m_new_gates) gate->Open();
    m_new_gates.clear();
  }

  RpcResult<Json> Subscribe(const BoundParams& params) override {
    const auto& names = params.Need<std::vector<std::string>>("events");
    if (names.empty()) return Err(InvalidParam("events", "must name at least one of: " + EventNames()));
    std::vector<api::EventKind> list;
    for (const std::string& name : names) {
      const auto kind = ParseEventKind(name);
      if (!kind) {
        return Err(InvalidParam("events", "has an unknown event '" + name.substr(0, 64) + "' (events: " + EventNames() + ")"));
      }
      if (std::find(list.begin(), list.end(), *kind) == list.end()) list.push_back(*kind);
    }
    const api::EventKinds kinds = KindsOf(list);
    const auto* given = params.Get<std::vector<chain::Address>>("addresses");
    std::vector<chain::Address> addresses = given != nullptr ? *given : std::vector<chain::Address>{};
    if (!addresses.empty() && !kinds.Has(api::EventKind::AddressTx)) {
      return Err(InvalidParam("addresses", "only filter the address_tx event, which is not subscribed"));
    }
    if (m_subscriptions.size() >= MAX_SUBSCRIPTIONS) {
      return Err(MakeError(LIMIT_EXCEEDED, "a connection holds at most " + std::to_string(MAX_SUBSCRIPTIONS) +
                                               " subscriptions; unsubscribe one first"));
    }
    if (m_address_count + addresses.size() > MAX_SUBSCRIBED_ADDRESSES) {
      return Err(MakeError(LIMIT_EXCEEDED, "a connection watches at most " + std::to_string(MAX_SUBSCRIBED_ADDRESSES) +
                                               " addresses; it watches " + std::to_string(m_address_count) +
                                               " and this asks for " + std::to_string(addresses.size()) + " more"));
    }
    const std::string id = std::to_string(++m_next_id);
    auto gate = std::make_shared<Gate>(m_connection);
    // Runs on a node thread: it touches only what it owns (no pointer to the session).
    auto callback = [gate, id, codec = m_dispatcher->codec()](const api::Event& event) {
      try {
        Json message{{"jsonrpc", "2.0"},
                     {"method", "subscription"},
                     {"params", Json{{"subscription", id},
                                     {"event", api::EventKindName(api::KindOf(event))},
                                     {"result", codec.Event(event)}}}};
        gate->Deliver(Dump(message));
      } catch (...) {
        // Out of memory while rendering: drop this event rather than throw into the node.
      }
    };
    const std::size_t address_count = addresses.size();
    auto subscription = m_dispatcher->node().Subscribe(kinds, std::move(addresses), std::move(callback));
    if (!subscription) return Err(MakeError(UNAVAILABLE, "the node cannot take subscriptions now"));
    m_subscriptions.emplace(id, Entry{std::move(subscription), address_count});
    m_address_count += address_count;
    m_new_gates.push_back(std::move(gate));
    return Json(id);
  }

  RpcResult<Json> Unsubscribe(const BoundParams& params) override {
    const std::string& id = params.Need<std::string>("id");
    auto it = m_subscriptions.find(id);
    if (it == m_subscriptions.end()) return Err(MakeError(NOT_FOUND, "no subscription '" + id.substr(0, 64) + "'"));
    m_address_count -= it->second.address_count;
    m_subscriptions.erase(it);  // waits for a running callback
    return Json(true);
  }

 private:
  struct Entry {
    std::unique_ptr<api::Subscription> subscription;
    std::size_t address_count = 0;
  };

  std::shared_ptr<Dispatcher> m_dispatcher;
  std::shared_ptr<WsConnection> m_connection;
  std::map<std::string, Entry> m_subscriptions;
  std::size_t m_address_count = 0;
  std::uint64_t m_next_id = 0;
  std::vector<std::shared_ptr<Gate>> m_new_gates;  // opened once the current message is answered
};

}  // namespace

std::unique_ptr<WsHandler> MakeWsSession(std::shared_ptr<Dispatcher> dispatcher, std::shared_ptr<WsConnection> connection) {
  return std::make_unique<WsSession>(std::move(dispatcher), std::move(connection));
}

}  // namespace cairn::rpc
