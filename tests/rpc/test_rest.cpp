// REST resources (GET): every route, the same JSON as JSON-RPC, strict path and query parsing, and
// the 400 / 404 / 405 / 503 answers.
#include <QTest>

#include "fake_node.h"
#include "rpc_requests.h"
#include "rpc/error_codes.h"
#include "rpc/metrics_text.h"
#include "json_expect.h"
#include "test_registry.h"
#include "util/hex.h"

using namespace cairn;
using test::Json;

class TestRest : public QObject {
  Q_OBJECT

  std::unique_ptr<test::FakeNode> m_node;
  std::unique_ptr<rpc::Service> m_service;

  Json Ok(const std::string& target) {
    auto r = test::Get(*m_service, target);
    if (r.status != 200) qWarning("%s -> %u %s", target.c_str(), r.status, r.body.c_str());
    [&] { QCOMPARE(r.status, 200u); QCOMPARE(r.content_type, std::string("application/json")); }();
    return test::Body(r);
  }
  // The status, and that the body is {"error": {"code", "message"}} with `code` mentioning `mention`.
  void ExpectError(const std::string& target, unsigned status, int code, const std::string& mention = {},
                   const std::string& method = "GET") {
    auto r = test::Get(*m_service, target, method);
    QVERIFY2(r.status == status, (target + " -> " + std::to_string(r.status) + " " + r.body).c_str());
    Json body = test::Body(r);
    JSON_EQ(body["error"]["code"], code);
    const std::string message = body["error"]["message"].get<std::string>();
    QVERIFY2(message.find(mention) != std::string::npos, (message + " should mention " + mention).c_str());
  }
  Json RpcResult(const std::string& method, Json params) {
    return test::Call(*m_service, method, std::move(params))["result"];
  }
  std::string Hash(const crypto::Hash256& h) { return util::ToHex(h.span()); }

 private slots:
  void init() {
    m_node = std::make_unique<test::FakeNode>();
    m_service = rpc::MakeService(*m_node);
  }
  void cleanup() {
    m_service.reset();
    m_node.reset();
  }

  void chainResources() {
    JSON_EQ(Ok("/chain/head"), RpcResult("chain.head", nullptr));
    JSON_EQ(Ok("/chain/head")["height"], 6);
    JSON_EQ(Ok("/chain/finalized")["height"], 3);
    JSON_EQ(Ok("/chain/params")["slot_ms"], chain::DevnetParams().slot_ms);
    Json by_height = Ok("/chain/block/4");
    JSON_EQ(by_height["id"], Hash(m_node->blocks[4].id));
    JSON_EQ(Ok("/chain/block/" + Hash(m_node->blocks[4].id)), by_height);
    JSON_EQ(Ok("/chain/block/0")["height"], 0);
    // Same JSON as the RPC result: one handler behind both.
    JSON_EQ(Ok("/chain/block/4?full=true&raw=true"), RpcResult("chain.block", {{"height", 4}, {"full", true}, {"raw", true}}));
    JSON_EQ(Ok("/chain/block/4?full=false")["txs"][0], Hash(m_node->indexed_txs[2].id));
    const std::string tx_id = Hash(m_node->indexed_txs[0].id);
    JSON_EQ(Ok("/chain/tx/" + tx_id), RpcResult("chain.tx", {{"id", tx_id}}));
    JSON_EQ(Ok("/chain/tx/" + tx_id + "?raw=true")["raw"], util::ToHex(chain::Encode(m_node->indexed_txs[0].tx)));
  }

  void blocksPageWithCursors() {
    std::vector<std::uint64_t> heights;
    std::string target = "/chain/blocks?limit=4";
    for (int pages = 0; pages < 5; ++pages) {
      Json page = Ok(target);
      for (auto& b : page["blocks"]) heights.push_back(b["height"].get<std::uint64_t>());
      if (page["next_cursor"].is_null()) break;
      target = "/chain/blocks?cursor=" + page["next_cursor"].get<std::string>() + "&limit=4";
    }
    QCOMPARE(heights, (std::vector<std::uint64_t>{6, 5, 4, 3, 2, 1, 0}));
    Ok("/chain/blocks?limit=100000");
    QCOMPARE(m_node->last_limit, api::MAX_PAGE_SIZE);
    ExpectError("/chain/blocks?cursor=abc", 400, rpc::INVALID_PARAMS, "query parameter 'cursor'");
  }

  void accountResources() {
    const std::string alice = test::AddrText(test::ALICE);
    JSON_EQ(Ok("/account/" + alice), RpcResult("account.get", {{"address", alice}}));
    JSON_EQ(Ok("/account/" + alice + "/balance")["balance"], "12345678901234567890");
    // Percent-encoded path segments decode ('t' is %74).
    JSON_EQ(Ok("/account/%74" + alice.substr(1) + "/balance")["address"], alice);
    std::vector<std::string> ids;
    std::string target = "/account/" + alice + "/txs?limit=3";
    for (int pages = 0; pages < 10; ++pages) {
      Json page = Ok(target);
      for (auto& t : page["txs"]) ids.push_back(t["id"].get<std::string>());
      if (page["next_cursor"].is_null()) break;
      target = "/account/" + alice + "/txs?limit=3&cursor=" + page["next_cursor"].get<std::string>();
    }
    std::vector<std::string> all;
    Json everything = RpcResult("account.txs", {{"address", alice}, {"limit", 100}});
    for (auto& t : everything["txs"]) all.push_back(t["id"].get<std::string>());
    QCOMPARE(ids, all);
    QVERIFY(ids.size() > 3);
    ExpectError("/account/cairn1notanaddress", 400, rpc::INVALID_PARAMS, "'address'");
    ExpectError("/account/" + alice + "/txs?cursor=7", 400, rpc::INVALID_PARAMS, "'cursor'");
  }

  void validatorAndGovernanceResources() {
    Json list = Ok("/validators?limit=2");
    JSON_EQ(list["validators"].size(), 2);
    JSON_EQ(list["next_cursor"], "1");
    JSON_EQ(Ok("/validators?cursor=1")["validators"][0]["index"], 2);
    JSON_EQ(Ok("/validator/" + test::AddrText(test::CAROL))["moniker"], "carol");
    ExpectError("/validator/" + test::AddrText(test::NOBODY), 404, rpc::NOT_FOUND, "no validator");
    JSON_EQ(Ok("/governance/proposals")["proposals"].size(), 3);
    JSON_EQ(Ok("/governance/proposals?limit=1&cursor=3")["proposals"][0]["id"], 2);
    JSON_EQ(Ok("/governance/proposal/2")["status"], "passed");
    JSON_EQ(Ok("/governance/proposal/1/txs")["txs"].size(), 2);
    ExpectError("/governance/proposal/77", 404, rpc::NOT_FOUND, "77");
    ExpectError("/governance/proposal/x", 400, rpc::INVALID_PARAMS, "'id'");
    ExpectError("/governance/proposal/01", 400, rpc::INVALID_PARAMS, "leading zeros");
  }

  void nodeAndNetworkResources() {
    JSON_EQ(Ok("/node/info")["address_prefix"], "tcairn");
    JSON_EQ(Ok("/network/sync"), RpcResult("node.sync", nullptr));
    JSON_EQ(Ok("/network/peers")["peers"].size(), 2);
    JSON_EQ(Ok("/mempool")["txs"], 1);
    JSON_EQ(Ok("/health")["ok"], true);
    m_node->health = api::Health{false, {"halted: disk full", "finality lags 140 slots"}, 140, 3};
    auto sick = test::Get(*m_service, "/health");
    QCOMPARE(sick.status, 503u);
    Json body = test::Body(sick);
    JSON_EQ(body["ok"], false);
    JSON_EQ(body["problems"][0], "halted: disk full");
  }

  void notFound() {
    ExpectError("/chain/block/99", 404, rpc::NOT_FOUND, "99");
    ExpectError("/chain/block/" + std::string(64, 'e'), 404, rpc::NOT_FOUND);
    ExpectError("/chain/tx/" + std::string(64, 'e'), 404, rpc::NOT_FOUND);
    ExpectError("/chain/nothing", 404, rpc::METHOD_NOT_FOUND);
    ExpectError("/chain/head/", 404, rpc::METHOD_NOT_FOUND);  // no trailing slash
    ExpectError("/chain/head/extra", 404, rpc::METHOD_NOT_FOUND);
    ExpectError("/chain/block/", 404, rpc::METHOD_NOT_FOUND);  // an empty segment names nothing
    ExpectError("/chain/%68ead", 404, rpc::METHOD_NOT_FOUND);   // literals are compared undecoded
    ExpectError("", 404, rpc::METHOD_NOT_FOUND);
  }

  void methodNotAllowed() {
    for (const char* method : {"POST", "PUT", "DELETE", "HEAD"}) {
      auto r = test::Get(*m_service, "/chain/head", method);
      QCOMPARE(r.status, 405u);
      QCOMPARE(r.headers.at(0), (std::pair<std::string, std::string>{"Allow", "GET"}));
    }
    QCOMPARE(test::Get(*m_service, "/metrics", "POST").status, 405u);
  }

  void strictQueryAndPath() {
    ExpectError("/chain/head?x=1", 400, rpc::INVALID_PARAMS, "unknown query parameter 'x'");
    ExpectError("/chain/blocks?limit=2&limit=3", 400, rpc::INVALID_PARAMS, "twice");
    ExpectError("/chain/blocks?limit=", 400, rpc::INVALID_PARAMS, "'limit'");
    ExpectError("/chain/blocks?limit=-1", 400, rpc::INVALID_PARAMS, "'limit'");
    ExpectError("/chain/blocks?limit=0", 400, rpc::INVALID_PARAMS, "'limit'");
    ExpectError("/chain/blocks?limit=2&", 400, rpc::INVALID_PARAMS, "name=value");
    ExpectError("/chain/blocks?limit", 400, rpc::INVALID_PARAMS, "name=value");
    ExpectError("/chain/blocks?li%6dit=2&limit=3", 400, rpc::INVALID_PARAMS, "twice");  // keys decode first
    ExpectError("/chain/blocks?limit=%zz", 400, rpc::INVALID_PARAMS, "percent");
    ExpectError("/chain/blocks?limit=%2", 400, rpc::INVALID_PARAMS, "percent");
    ExpectError("/chain/block/4?full=yes", 400, rpc::INVALID_PARAMS, "'full'");
    ExpectError("/chain/block/12ab", 400, rpc::INVALID_PARAMS, "height");
    ExpectError("/chain/block/99999999999999999999999", 400, rpc::INVALID_PARAMS, "height");
    ExpectError("/chain/tx/abcd", 400, rpc::INVALID_PARAMS, "'id'");
    ExpectError("/account/%zz/balance", 400, rpc::INVALID_PARAMS, "percent");
    JSON_EQ(Ok("/chain/blocks?limit=%32")["blocks"].size(), 2);  // "%32" is "2"
  }

  void metricsEndpoint() {
    Ok("/chain/head");
    Ok("/chain/block/1");
    test::Get(*m_service, "/chain/block/99");
    auto r = test::Get(*m_service, "/metrics");
    QCOMPARE(r.status, 200u);
    QCOMPARE(r.content_type, std::string(rpc::METRICS_CONTENT_TYPE));
    QVERIFY(r.body.find("cairn_chain_height 1200\n") != std::string::npos);
    QVERIFY(r.body.find("cairn_rpc_rest_requests_total{route=\"/chain/block/{block}\"} 2\n") != std::string::npos);
    QVERIFY(r.body.find("cairn_rpc_rest_requests_total{route=\"/chain/head\"} 1\n") != std::string::npos);
    QVERIFY(r.body.find("cairn_rpc_errors_total{code=\"-32004\"} 1\n") != std::string::npos);
    // REST calls are counted by route, not by method.
    QVERIFY(r.body.find("cairn_rpc_requests_total{method=\"chain.head\"} 0\n") != std::string::npos);
    QCOMPARE(test::Get(*m_service, "/metrics?x=1").status, 400u);
  }

  void webSocketPathOverPlainHttp() {
    auto r = test::Get(*m_service, "/ws");
    QCOMPARE(r.status, 426u);
  }
};

CAIRN_REGISTER_TEST(TestRest);
#include "test_rest.moc"
