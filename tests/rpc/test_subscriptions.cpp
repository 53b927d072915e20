// JSON-RPC over WebSocket: subscribe / unsubscribe against the fake node's event registry, event
// delivery as JSON, the per-connection limits, and teardown when the handler is destroyed.
#include <QTest>

#include <mutex>
#include <thread>

#include "fake_node.h"
#include "rpc_requests.h"
#include "rpc/error_codes.h"
#include "json_expect.h"
#include "test_registry.h"
#include "util/hex.h"

using namespace cairn;
using test::Json;

namespace {

class FakeConnection final : public rpc::WsConnection {
 public:
  void Send(std::string text) override {
    std::lock_guard lock(m_mutex);
    m_sent.push_back(std::move(text));
  }
  void Close() override {
    std::lock_guard lock(m_mutex);
    m_closed = true;
  }
  std::vector<Json> Messages() const {
    std::lock_guard lock(m_mutex);
    std::vector<Json> out;
    for (const auto& text : m_sent) out.push_back(Json::parse(text, nullptr, false));
    return out;
  }
  std::size_t Count() const {
    std::lock_guard lock(m_mutex);
    return m_sent.size();
  }

 private:
  mutable std::mutex m_mutex;
  std::vector<std::string> m_sent;
  bool m_closed = false;
};

rpc::HttpRequest Upgrade(std::string target) {
  rpc::HttpRequest r;
  r.method = "GET";
  r.target = std::move(target);
  return r;
}

}  // namespace

class TestSubscriptions : public QObject {
  Q_OBJECT

  std::unique_ptr<test::FakeNode> m_node;
  std::unique_ptr<rpc::Service> m_service;
  std::shared_ptr<FakeConnection> m_connection;
  std::unique_ptr<rpc::WsHandler> m_handler;

  // Sends one message and returns the reply it caused (null when none).
  Json Send(const Json& message) {
    const std::size_t before = m_connection->Count();
    m_handler->OnMessage(message.dump());
    if (m_connection->Count() == before) return nullptr;
    return m_connection->Messages()[before];
  }
  Json Request(const std::string& method, Json params, int id = 7) {
    Json request{{"jsonrpc", "2.0"}, {"method", method}, {"id", id}};
    if (!params.is_null()) request["params"] = std::move(params);
    return Send(request);
  }
  std::string Subscribe(Json params) {
    Json reply = Request("subscribe", std::move(params));
    if (!reply["result"].is_string()) qWarning("%s", reply.dump().c_str());
    return reply["result"].is_string() ? reply["result"].get<std::string>() : std::string();
  }
  void ExpectError(Json reply, int code, const std::string& mention = {}) {
    JSON_EQ(reply["error"]["code"], code);
    const std::string message = reply["error"]["message"].get<std::string>();
    QVERIFY2(message.find(mention) != std::string::npos, (message + " should mention " + mention).c_str());
  }

 private slots:
  void init() {
    m_node = std::make_unique<test::FakeNode>();
    m_service = rpc::MakeService(*m_node);
    m_connection = std::make_shared<FakeConnection>();
    m_handler = m_service->OpenWebSocket(Upgrade("/ws"), m_connection);
    QVERIFY(m_handler != nullptr);
  }
  void cleanup() {
    m_handler.reset();
    m_service.reset();
    m_node.reset();
  }

  void onlyTheWsEndpointUpgrades() {
    auto other = std::make_shared<FakeConnection>();
    QVERIFY(m_service->OpenWebSocket(Upgrade("/"), other) == nullptr);
    QVERIFY(m_service->OpenWebSocket(Upgrade("/ws/"), other) == nullptr);
    QVERIFY(m_service->OpenWebSocket(Upgrade("/ws?x=1"), other) == nullptr);
    auto closed = rpc::MakeService(*m_node, rpc::ServiceOptions{{}, rpc::WebSocketMode::Disabled});
    QVERIFY(closed->OpenWebSocket(Upgrade("/ws"), other) == nullptr);
  }

  void subscribeDeliversEventsAsJson() {
    const std::string id = Subscribe({{"events", {"new_head"}}});
    QVERIFY(!id.empty());
    QCOMPARE(m_node->LiveSubscriptions(), std::size_t{1});
    m_node->Emit(api::NewHeadEvent{m_node->Head()});
    m_node->Emit(api::FinalizedEvent{});  // not subscribed
    auto messages = m_connection->Messages();
    QCOMPARE(messages.size(), std::size_t{2});  // the subscribe reply, then one event
    Json event = messages[1];
    JSON_EQ(event["jsonrpc"], "2.0");
    JSON_EQ(event["method"], "subscription");
    QVERIFY(!event.contains("id"));
    JSON_EQ(event["params"]["subscription"], id);
    JSON_EQ(event["params"]["event"], "new_head");
    JSON_EQ(event["params"]["result"], test::Call(*m_service, "chain.head")["result"]);
  }

  void everyEventKindRenders() {
    const std::string id = Subscribe({{"events", {"new_head", "finalized", "address_tx", "proposal", "peer"}}});
    m_node->Emit(api::NewHeadEvent{m_node->Head()});
    m_node->Emit(api::FinalizedEvent{m_node->Head().finalized});
    m_node->Emit(api::AddressTxEvent{test::Addr(test::BOB), m_node->indexed_txs[0].id, api::TxStatus::Finalized,
                                     api::TxCursor{2, 0}});
    m_node->Emit(api::ProposalUpdateEvent{1, state::ProposalStatus::Passed});
    m_node->Emit(api::PeerChangeEvent{m_node->Peers()[0], true});
    auto messages = m_connection->Messages();
    QCOMPARE(messages.size(), std::size_t{6});
    std::vector<std::string> names;
    for (std::size_t i = 1; i < messages.size(); ++i) names.push_back(messages[i]["params"]["event"].get<std::string>());
    QCOMPARE(names, (std::vector<std::string>{"new_head", "finalized", "address_tx", "proposal", "peer"}));
    JSON_EQ(messages[2]["params"]["result"], (Json{{"slot", 4}, {"root", util::ToHex(m_node->blocks[3].id.span())}, {"height", 3}}));
    JSON_EQ(messages[3]["params"]["result"],
            (Json{{"address", test::AddrText(test::BOB)}, {"id", util::ToHex(m_node->indexed_txs[0].id.span())},
                  {"status", "finalized"}, {"height", 2}, {"index", 0}}));
    JSON_EQ(messages[4]["params"]["result"], (Json{{"id", 1}, {"status", "passed"}}));
    JSON_EQ(messages[5]["params"]["result"]["connected"], true);
    JSON_EQ(messages[5]["params"]["result"]["peer"]["address"], "10.0.0.1:7337");
  }

  void addressFilterReachesTheNode() {
    Subscribe({{"events", {"address_tx"}}, {"addresses", {test::AddrText(test::ALICE)}}});
    QCOMPARE(m_node->SubscribedAddresses(0), std::vector<chain::Address>{test::Addr(test::ALICE)});
    m_node->Emit(api::AddressTxEvent{test::Addr(test::BOB), m_node->pending_tx.id, api::TxStatus::Pending, std::nullopt});
    m_node->Emit(api::AddressTxEvent{test::Addr(test::ALICE), m_node->pending_tx.id, api::TxStatus::Pending, std::nullopt});
    auto messages = m_connection->Messages();
    QCOMPARE(messages.size(), std::size_t{2});
    JSON_EQ(messages[1]["params"]["result"]["address"], test::AddrText(test::ALICE));
    QVERIFY(messages[1]["params"]["result"]["height"].is_null());
  }

  void unsubscribeEndsDelivery() {
    const std::string a = Subscribe({{"events", {"new_head"}}});
    const std::string b = Subscribe({{"events", {"new_head"}}});
    QVERIFY(a != b);
    JSON_EQ(Request("unsubscribe", {{"id", a}})["result"], true);
    QCOMPARE(m_node->LiveSubscriptions(), std::size_t{1});
    const std::size_t before = m_connection->Count();
    m_node->Emit(api::NewHeadEvent{m_node->Head()});
    auto messages = m_connection->Messages();
    QCOMPARE(messages.size(), before + 1);
    JSON_EQ(messages.back()["params"]["subscription"], b);
    ExpectError(Request("unsubscribe", {{"id", a}}), rpc::NOT_FOUND, a);
    ExpectError(Request("unsubscribe", Json::array({5})), rpc::INVALID_PARAMS, "'id'");
  }

  void subscriptionLimitPerConnection() {
    for (std::size_t i = 0; i < 16; ++i) QVERIFY(!Subscribe({{"events", {"peer"}}}).empty());
    Json refused = Request("subscribe", {{"events", {"peer"}}});
    ExpectError(refused, rpc::LIMIT_EXCEEDED, "16");
    QCOMPARE(m_node->LiveSubscriptions(), std::size_t{16});
    JSON_EQ(Request("unsubscribe", {{"id", "3"}})["result"], true);
    QVERIFY(!Subscribe({{"events", {"peer"}}}).empty());
  }

  void addressLimitPerConnection() {
    auto addresses = [](std::size_t n, std::uint8_t offset) {
      Json list = Json::array();
      for (std::size_t i = 0; i < n; ++i) list.push_back(test::AddrText(static_cast<std::uint8_t>(i + offset)));
      return list;
    };
    QVERIFY(!Subscribe({{"events", {"address_tx"}}, {"addresses", addresses(200, 0)}}).empty());
    ExpectError(Request("subscribe", {{"events", {"address_tx"}}, {"addresses", addresses(57, 1)}}), rpc::LIMIT_EXCEEDED, "256");
    const std::string last = Subscribe({{"events", {"address_tx"}}, {"addresses", addresses(56, 1)}});
    QVERIFY(!last.empty());  // exactly 256 in all
    ExpectError(Request("subscribe", {{"events", {"address_tx"}}, {"addresses", addresses(1, 1)}}), rpc::LIMIT_EXCEEDED);
    JSON_EQ(Request("unsubscribe", {{"id", last}})["result"], true);  // gives its 56 back
    QVERIFY(!Subscribe({{"events", {"address_tx"}}, {"addresses", addresses(56, 2)}}).empty());
  }

  void badSubscribeParams() {
    ExpectError(Request("subscribe", {{"events", Json::array()}}), rpc::INVALID_PARAMS, "'events'");
    ExpectError(Request("subscribe", {{"events", {"new_head", "blocks"}}}), rpc::INVALID_PARAMS, "blocks");
    ExpectError(Request("subscribe", {{"events", "new_head"}}), rpc::INVALID_PARAMS, "'events'");
    ExpectError(Request("subscribe", Json::object()), rpc::INVALID_PARAMS, "'events' is required");
    ExpectError(Request("subscribe", {{"events", {"new_head"}}, {"addresses", {test::AddrText(1)}}}),
                rpc::INVALID_PARAMS, "'addresses'");
    ExpectError(Request("subscribe", {{"events", {"address_tx"}}, {"addresses", {"tcairn1bad"}}}),
                rpc::INVALID_PARAMS, "entry 0");
    ExpectError(Request("subscribe", {{"events", {"new_head"}}, {"since", 1}}), rpc::INVALID_PARAMS, "unknown param 'since'");
    QCOMPARE(m_node->LiveSubscriptions(), std::size_t{0});
  }

  void destroyingTheHandlerUnsubscribes() {
    Subscribe({{"events", {"new_head"}}});
    Subscribe({{"events", {"finalized"}}});
    Subscribe({{"events", {"address_tx"}}, {"addresses", {test::AddrText(1)}}});
    QCOMPARE(m_node->LiveSubscriptions(), std::size_t{3});
    const std::size_t before = m_connection->Count();
    m_handler.reset();
    QCOMPARE(m_node->LiveSubscriptions(), std::size_t{0});
    m_node->Emit(api::NewHeadEvent{m_node->Head()});
    QCOMPARE(m_connection->Count(), before);
  }

  void otherMethodsAndBatchesOverWebSocket() {
    Json head = Request("chain.head", nullptr);
    JSON_EQ(head["result"]["height"], 6);
    JSON_EQ(head["id"], 7);
    // "params": null is not a structured value (JSON-RPC 2.0 section 4.2).
    ExpectError(Send(Json{{"jsonrpc", "2.0"}, {"method", "chain.head"}, {"params", nullptr}, {"id", 1}}),
                rpc::INVALID_REQUEST, "params");
    Json batch = Send(Json::array({Json{{"jsonrpc", "2.0"}, {"method", "subscribe"}, {"params", {{"events", {"peer"}}}}, {"id", 1}},
                                   Json{{"jsonrpc", "2.0"}, {"method", "chain.head"}},
                                   Json{{"jsonrpc", "2.0"}, {"method", "node.sync"}, {"id", 2}}}));
    QVERIFY(batch.is_array());
    QCOMPARE(batch.size(), std::size_t{2});
    QVERIFY(batch[0]["result"].is_string());
    JSON_EQ(batch[1]["result"]["head_height"], 6);
    ExpectError(Send(Json("not json")), rpc::INVALID_REQUEST);
    const std::size_t before = m_connection->Count();
    m_handler->OnMessage("{oops");
    QCOMPARE(m_connection->Count(), before + 1);
    ExpectError(m_connection->Messages().back(), rpc::PARSE_ERROR);
    QVERIFY(Send(Json{{"jsonrpc", "2.0"}, {"method", "chain.head"}}).is_null());  // a notification: no reply
  }

  void eventRaisedDuringSubscribeFollowsTheReply() {
    m_node->emit_on_subscribe = api::NewHeadEvent{m_node->Head()};
    const std::string id = Subscribe({{"events", {"new_head"}}});
    auto messages = m_connection->Messages();
    QCOMPARE(messages.size(), std::size_t{2});
    JSON_EQ(messages[0]["result"], id);            // the client learns the id first
    JSON_EQ(messages[1]["params"]["subscription"], id);
  }

  void eventsFromANodeThread() {
    const std::string id = Subscribe({{"events", {"proposal"}}});
    std::thread node_thread([&] {
      for (chain::ProposalId p = 1; p <= 200; ++p) m_node->Emit(api::ProposalUpdateEvent{p, state::ProposalStatus::VotingPeriod});
    });
    node_thread.join();
    auto messages = m_connection->Messages();
    QCOMPARE(messages.size(), std::size_t{201});
    for (std::size_t i = 1; i < messages.size(); ++i) JSON_EQ(messages[i]["params"]["result"]["id"], i);
  }
};

CAIRN_REGISTER_TEST(TestSubscriptions);
#include "test_subscriptions.moc"
