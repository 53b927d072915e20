// JSON-RPC 2.0 over POST /: every method's result against the fake node, the envelope rules
// (batches, notifications, ids) and every error path.
#include <QTest>

#include <map>
#include <set>

#include "chain/codec.h"
#include "fake_node.h"
#include "rpc_requests.h"
#include "rpc/error_codes.h"
#include "rpc/methods.h"
#include "state/state_proof.h"
#include "json_expect.h"
#include "test_registry.h"
#include "util/hex.h"

using namespace cairn;
using test::Call;
using test::Json;

namespace {

std::string HexOf(const util::FixedBytes<32>& h) { return util::ToHex(h.span()); }

}  // namespace

class TestJsonRpc : public QObject {
  Q_OBJECT

  std::unique_ptr<test::FakeNode> m_node;
  std::unique_ptr<rpc::Service> m_service;

  Json Result(const std::string& method, Json params = nullptr) {
    Json r = Call(*m_service, method, std::move(params));
    if (!r.contains("result")) qWarning("%s", r.dump().c_str());
    return r["result"];
  }

 private slots:
  void init() {
    m_node = std::make_unique<test::FakeNode>();
    m_service = rpc::MakeService(*m_node);
  }
  void cleanup() {
    m_service.reset();
    m_node.reset();
  }

  // ---- node ----
  void nodeInfoStatusHealthSync() {
    Json info = Result("node.info");
    JSON_EQ(info["network"], "devnet");
    JSON_EQ(info["address_prefix"], "tcairn");
    JSON_EQ(info["chain_id"], "cairn-test");
    JSON_EQ(info["genesis_hash"], std::string(64, 'a'));
    JSON_EQ(info["slot_ms"], 1000);
    Json status = Result("node.status");
    JSON_EQ(status["head"]["height"], 6);
    JSON_EQ(status["sync"]["best_known_height"], 8);
    JSON_EQ(status["validator"]["validating"], true);
    JSON_EQ(Result("node.health"), (Json{{"ok", true}, {"problems", Json::array()}, {"finality_lag_slots", 2}, {"head_lag_slots", 0}}));
    JSON_EQ(Result("node.sync")["syncing"], false);
  }

  // ---- chain ----
  void chainHeadAndFinalized() {
    Json head = Result("chain.head");
    JSON_EQ(head["height"], 6);
    JSON_EQ(head["id"], HexOf(m_node->blocks[6].id));
    JSON_EQ(head["slot"], 7);
    JSON_EQ(head["current_slot"], 8);
    JSON_EQ(head["justified"]["height"], 4);
    JSON_EQ(head["finalized"], (Json{{"slot", 4}, {"root", HexOf(m_node->blocks[3].id)}, {"height", 3}}));
    JSON_EQ(Result("chain.finalized"), head["finalized"]);
  }

  void chainBlockByHeightHashAndPosition() {
    Json by_height = Result("chain.block", {{"height", 5}});
    JSON_EQ(by_height["id"], HexOf(m_node->blocks[5].id));
    JSON_EQ(by_height["finality"], "pending");
    JSON_EQ(by_height["size"], m_node->blocks[5].size_bytes);
    JSON_EQ(by_height["header"]["parent_hash"], HexOf(m_node->blocks[4].id));
    JSON_EQ(by_height["header"]["tx_root"], HexOf(m_node->blocks[5].block.unsigned_header().tx_root));
    JSON_EQ(by_height["header"]["signature"], util::ToHex(m_node->blocks[5].block.header.signature.span()));
    JSON_EQ(by_height["tx_count"], 3);
    JSON_EQ(by_height["txs"][0], HexOf(chain::ComputeTxId(m_node->blocks[5].block.body.txs[0])));
    JSON_EQ(by_height["votes"].size(), 2);
    JSON_EQ(by_height["votes"][0]["validator_index"], 0);
    JSON_EQ(by_height["votes"][0]["target"]["slot"], 4);
    QVERIFY(!by_height.contains("raw"));
    JSON_EQ(Result("chain.block", {{"hash", HexOf(m_node->blocks[5].id)}}), by_height);
    JSON_EQ(Result("chain.block", Json::array({5})), by_height);  // positional
    JSON_EQ(Result("chain.block", Json::array({nullptr, HexOf(m_node->blocks[5].id)})), by_height);
    JSON_EQ(Result("chain.block", {{"height", 2}})["finality"], "finalized");
    JSON_EQ(Result("chain.block", {{"height", 4}})["finality"], "justified");
  }

  void chainBlockFullAndRaw() {
    Json full = Result("chain.block", {{"height", 4}, {"full", true}, {"raw", true}});
    JSON_EQ(full["txs"].size(), 4);
    Json tx = full["txs"][2];
    JSON_EQ(tx["kind"], "vote");
    JSON_EQ(tx["status"], "included");
    JSON_EQ(tx["height"], 4);
    JSON_EQ(tx["index"], 2);
    JSON_EQ(tx["block"], HexOf(m_node->blocks[4].id));
    JSON_EQ(full["raw"], util::ToHex(chain::Encode(m_node->blocks[4].block)));
    JSON_EQ(Result("chain.block", {{"height", 2}, {"full", true}})["txs"][0]["status"], "finalized");
  }

  void chainBlockErrors() {
    test::ExpectRpcError(Call(*m_service, "chain.block", Json::object()), rpc::INVALID_PARAMS, "exactly one");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", 1}, {"hash", HexOf(m_node->blocks[1].id)}}),
                rpc::INVALID_PARAMS, "exactly one");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", 99}}), rpc::NOT_FOUND, "99");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"hash", std::string(64, 'f')}}), rpc::NOT_FOUND);
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"hash", "abc"}}), rpc::INVALID_PARAMS, "'hash'");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"hash", std::string(64, 'g')}}), rpc::INVALID_PARAMS, "hex");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", "5"}}), rpc::INVALID_PARAMS, "'height' must be a non-negative integer");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", -1}}), rpc::INVALID_PARAMS, "'height'");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", 1.5}}), rpc::INVALID_PARAMS, "'height'");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", 1}, {"full", "yes"}}), rpc::INVALID_PARAMS, "'full' must be true or false");
    test::ExpectRpcError(Call(*m_service, "chain.block", {{"height", 1}, {"fulll", true}}), rpc::INVALID_PARAMS, "unknown param 'fulll'");
    test::ExpectRpcError(Call(*m_service, "chain.block", Json::array({1, nullptr, true, true, 5})), rpc::INVALID_PARAMS, "at most 4");
  }

  void chainBlocksPagesToTheEnd() {
    std::vector<std::uint64_t> heights;
    Json cursor = nullptr;
    int pages = 0;
    do {
      Json params{{"limit", 3}};
      if (!cursor.is_null()) params["before"] = cursor;
      Json page = Result("chain.blocks", params);
      for (auto& b : page["blocks"]) heights.push_back(b["height"].get<std::uint64_t>());
      cursor = page["next_cursor"];
      QVERIFY(cursor.is_null() || cursor.is_string());
      QVERIFY(++pages < 10);
    } while (!cursor.is_null());
    QCOMPARE(heights, (std::vector<std::uint64_t>{6, 5, 4, 3, 2, 1, 0}));
    QCOMPARE(pages, 3);
    Json first = Result("chain.blocks")["blocks"][0];
    JSON_EQ(first["tx_count"], 5);
    JSON_EQ(first["header"]["height"], 6);
    QCOMPARE(m_node->last_limit, std::size_t{20});  // the default page size
    Result("chain.blocks", {{"limit", 1000000}});
    QCOMPARE(m_node->last_limit, api::MAX_PAGE_SIZE);  // capped, not an error
    test::ExpectRpcError(Call(*m_service, "chain.blocks", {{"limit", 0}}), rpc::INVALID_PARAMS, "'limit'");
    test::ExpectRpcError(Call(*m_service, "chain.blocks", {{"before", "x1"}}), rpc::INVALID_PARAMS, "'before'");
    test::ExpectRpcError(Call(*m_service, "chain.blocks", {{"before", "01"}}), rpc::INVALID_PARAMS, "'before'");
    test::ExpectRpcError(Call(*m_service, "chain.blocks", {{"before", 3}}), rpc::INVALID_PARAMS, "'before' must be a string");
  }

  void chainTxIndexedPendingRaw() {
    const auto& detail = m_node->indexed_txs[0];  // height 2 index 0: alice -> bob
    Json tx = Result("chain.tx", {{"id", HexOf(detail.id)}});
    JSON_EQ(tx["id"], HexOf(detail.id));
    JSON_EQ(tx["size"], detail.size_bytes);
    JSON_EQ(tx["status"], "finalized");
    JSON_EQ(tx["height"], 2);
    JSON_EQ(tx["index"], 0);
    JSON_EQ(tx["block"], HexOf(m_node->blocks[2].id));
    JSON_EQ(tx["sender"], util::ToHex(test::Key(test::ALICE).span()));
    JSON_EQ(tx["sender_address"], test::AddrText(test::ALICE));
    JSON_EQ(tx["nonce"], 0);
    JSON_EQ(tx["fee"], "1000");
    JSON_EQ(tx["memo"], "6869");
    JSON_EQ(tx["memo_text"], "hi");
    JSON_EQ(tx["kind"], "transfer");
    JSON_EQ(tx["payload"], (Json{{"to", test::AddrText(test::BOB)}, {"amount", "250000000"}}));
    QVERIFY(!tx.contains("raw"));
    JSON_EQ(Result("chain.tx", {{"id", HexOf(detail.id)}, {"raw", true}})["raw"], util::ToHex(chain::Encode(detail.tx)));
    Json pending = Result("chain.tx", Json::array({HexOf(m_node->pending_tx.id)}));
    JSON_EQ(pending["status"], "pending");
    QVERIFY(pending["height"].is_null() && pending["index"].is_null() && pending["block"].is_null());
    test::ExpectRpcError(Call(*m_service, "chain.tx", {{"id", std::string(64, '0')}}), rpc::NOT_FOUND, "no transaction");
    test::ExpectRpcError(Call(*m_service, "chain.tx"), rpc::INVALID_PARAMS, "'id' is required");
    test::ExpectRpcError(Call(*m_service, "chain.tx", {{"id", "0x" + std::string(62, '0')}}), rpc::INVALID_PARAMS, "'id'");
  }

  void everyPayloadKindRendersItsFields() {
    std::map<std::string, Json> by_kind;
    for (const auto& d : m_node->indexed_txs) {
      Json tx = Result("chain.tx", {{"id", HexOf(d.id)}});
      by_kind[tx["kind"].get<std::string>()] = tx["payload"];
    }
    QCOMPARE(by_kind.size(), std::size_t{chain::PAYLOAD_KIND_COUNT});
    JSON_EQ(by_kind["register_validator"],
            (Json{{"consensus_pubkey", std::string(64, '3')}, {"vrf_pubkey", util::ToHex(test::Key(0x34).span())},
                  {"commission_bps", 500}, {"self_bond", "100000"}, {"moniker", "carol"}, {"website", "https://carol.example"}}));
    JSON_EQ(by_kind["edit_validator"], (Json{{"commission_bps", nullptr}, {"moniker", "carol2"}, {"website", nullptr}}));
    JSON_EQ(by_kind["delegate"], (Json{{"validator", test::AddrText(test::CAROL)}, {"amount", "5000"}}));
    JSON_EQ(by_kind["undelegate"], (Json{{"validator", test::AddrText(test::CAROL)}, {"amount", "700"}}));
    JSON_EQ(by_kind["redelegate"],
            (Json{{"from", test::AddrText(test::CAROL)}, {"to", test::AddrText(test::DAVE)}, {"amount", "100"}}));
    JSON_EQ(by_kind["claim_rewards"], (Json{{"validator", nullptr}}));
    JSON_EQ(by_kind["unjail"], Json::object());
    // An amount-valued parameter above 2^53 stays exact: a string.
    JSON_EQ(by_kind["submit_proposal"]["proposal"],
            (Json{{"kind", "treasury_spend"}, {"to", test::AddrText(test::ERIN)}, {"amount", "42"}}));
    JSON_EQ(by_kind["deposit"], (Json{{"proposal_id", 1}, {"amount", "20"}}));
    JSON_EQ(by_kind["vote"], (Json{{"proposal_id", 1}, {"option", "veto"}}));
    JSON_EQ(by_kind["evidence"]["kind"], "double_vote");
    JSON_EQ(by_kind["evidence"]["offender_index"], 1);
    JSON_EQ(by_kind["evidence"]["a"]["head_root"], util::ToHex(test::Filled(0x61).span()));
    JSON_EQ(by_kind["evidence"]["b"]["slot"], 4);
    Json change = Result("chain.tx", {{"id", HexOf(m_node->indexed_txs[3].id)}})["payload"];
    JSON_EQ(change["proposal"], (Json{{"kind", "parameter_change"}, {"name", "min_deposit"}, {"new_value", "9007199254740993"}}));
    JSON_EQ(change["deposit"], "10");
  }

  void chainParamsAndStateProof() {
    Json params = Result("chain.params");
    const auto devnet = chain::DevnetParams();
    JSON_EQ(params["slot_ms"], devnet.slot_ms);
    JSON_EQ(params["min_deposit"], std::to_string(devnet.min_deposit));
    JSON_EQ(params["burn_expired_deposits"], devnet.burn_expired_deposits);
    QCOMPARE(params.size(), chain::ParamTable().size());
    Json present = Result("chain.state_proof", {{"key", "01ab"}});
    JSON_EQ(present["key"], "01ab");
    JSON_EQ(present["present"], true);
    JSON_EQ(present["value"], "1020");
    JSON_EQ(present["steps"][1]["bit_index"], 17);
    auto raw = util::ParseHex(present["proof"].get<std::string>());
    QVERIFY(raw.has_value());
    auto decoded = state::DecodeStateProof(*raw);
    QVERIFY(decoded.has_value());
    QCOMPARE(decoded->steps.size(), std::size_t{2});
    Json absent = Result("chain.state_proof", {{"key", "02"}});
    JSON_EQ(absent["present"], false);
    QVERIFY(absent["value"].is_null() && absent["other_leaf"].is_object());
    test::ExpectRpcError(Call(*m_service, "chain.state_proof", {{"key", "abc"}}), rpc::INVALID_PARAMS, "'key' must be an even number");
    test::ExpectRpcError(Call(*m_service, "chain.state_proof", {{"key", ""}}), rpc::INVALID_PARAMS, "'key'");
  }

  // ---- accounts, validators, governance ----
  void accounts() {
    Json alice = Result("account.get", {{"address", test::AddrText(test::ALICE)}});
    JSON_EQ(alice["address"], test::AddrText(test::ALICE));
    JSON_EQ(alice["balance"], "12345678901234567890");
    JSON_EQ(alice["nonce"], 7);
    JSON_EQ(alice["pending_nonce"], 8);
    JSON_EQ(alice["delegations"][0], (Json{{"validator_index", 0}, {"validator", test::AddrText(test::CAROL)},
                                           {"shares", "5000"}, {"stake", "5000"}, {"pending_rewards", "12"}}));
    JSON_EQ(alice["unbondings"][0]["completion_slot"], 140);
    QVERIFY(alice["validator_index"].is_null());
    JSON_EQ(Result("account.get", {{"address", test::AddrText(test::CAROL)}})["validator_index"], 0);
    JSON_EQ(Result("account.balance", Json::array({test::AddrText(test::ALICE)})),
            (Json{{"address", test::AddrText(test::ALICE)}, {"balance", "12345678901234567890"}, {"bonded", "5000"},
                  {"unbonding", "0"}, {"pending_rewards", "12"}, {"height", 6}}));
    JSON_EQ(Result("account.balance", {{"address", test::AddrText(test::NOBODY)}})["balance"], "0");
    // Wrong network prefix, bad checksum, wrong type.
    test::ExpectRpcError(Call(*m_service, "account.get", {{"address", chain::EncodeAddress(test::Addr(1), chain::MAINNET_HRP)}}),
                rpc::INVALID_PARAMS, "'address'");
    std::string corrupt = test::AddrText(test::ALICE);
    corrupt.back() = corrupt.back() == 'q' ? 'p' : 'q';
    test::ExpectRpcError(Call(*m_service, "account.get", {{"address", corrupt}}), rpc::INVALID_PARAMS, "'address'");
    test::ExpectRpcError(Call(*m_service, "account.get", {{"address", 5}}), rpc::INVALID_PARAMS, "'address' must be a string");
  }

  void accountTxsPageToTheEnd() {
    std::vector<std::string> expected;
    for (auto it = m_node->indexed_txs.rbegin(); it != m_node->indexed_txs.rend(); ++it) {
      if (test::Touches(it->tx, test::Addr(test::ALICE))) expected.push_back(HexOf(it->id));
    }
    QVERIFY(expected.size() > 4);
    std::vector<std::string> seen;
    Json cursor = nullptr;
    for (int pages = 0; pages < 10; ++pages) {
      Json params{{"address", test::AddrText(test::ALICE)}, {"limit", 2}};
      if (!cursor.is_null()) params["cursor"] = cursor;
      Json page = Result("account.txs", params);
      for (auto& t : page["txs"]) seen.push_back(t["id"].get<std::string>());
      JSON_EQ(page["indexed_height"], 6);
      cursor = page["next_cursor"];
      if (cursor.is_null()) break;
      QVERIFY(cursor.get<std::string>().find('.') != std::string::npos);  // "<height>.<index>"
    }
    QCOMPARE(seen, expected);
    for (const char* bad : {"6", "6.", ".1", "a.b", "6.1.2", "6.99999999999", "-1.0"}) {
      test::ExpectRpcError(Call(*m_service, "account.txs", {{"address", test::AddrText(test::ALICE)}, {"cursor", bad}}),
                  rpc::INVALID_PARAMS, "'cursor'");
    }
  }

  void validators() {
    std::vector<std::uint64_t> indices;
    Json cursor = nullptr;
    for (int pages = 0; pages < 5; ++pages) {
      Json params{{"limit", 2}};
      if (!cursor.is_null()) params["cursor"] = cursor;
      Json page = Result("validator.list", params);
      for (auto& v : page["validators"]) indices.push_back(v["index"].get<std::uint64_t>());
      cursor = page["next_cursor"];
      if (cursor.is_null()) break;
    }
    QCOMPARE(indices, (std::vector<std::uint64_t>{0, 1, 2}));
    Json dave = Result("validator.get", {{"address", test::AddrText(test::DAVE)}});
    JSON_EQ(dave["index"], 1);
    JSON_EQ(dave["operator"], test::AddrText(test::DAVE));
    JSON_EQ(dave["status"], "jailed");
    JSON_EQ(dave["tokens"], "105001");
    JSON_EQ(dave["active"], false);
    JSON_EQ(Result("validator.list")["validators"][2]["status"], "tombstoned");
    test::ExpectRpcError(Call(*m_service, "validator.get", {{"address", test::AddrText(test::NOBODY)}}), rpc::NOT_FOUND);
    test::ExpectRpcError(Call(*m_service, "validator.list", {{"cursor", "4294967296"}}), rpc::INVALID_PARAMS, "'cursor'");
  }

  void governance() {
    Json page = Result("governance.proposals", {{"limit", 2}});
    JSON_EQ(page["proposals"][0]["id"], 3);
    JSON_EQ(page["proposals"][0]["status"], "deposit_period");
    JSON_EQ(page["next_cursor"], "2");
    Json rest = Result("governance.proposals", {{"cursor", "2"}});
    JSON_EQ(rest["proposals"].size(), 1);
    QVERIFY(rest["next_cursor"].is_null());
    Json one = Result("governance.proposal", {{"id", 1}});
    JSON_EQ(one["status"], "voting_period");
    JSON_EQ(one["proposal"]["new_value"], "9007199254740993");
    JSON_EQ(one["current_tally"], (Json{{"yes", "100"}, {"no", "20"}, {"abstain", "3"}, {"veto", "4"}}));
    JSON_EQ(one["execution"], "none");
    Json txs = Result("governance.proposal_txs", {{"id", 1}});
    JSON_EQ(txs["txs"].size(), 2);
    JSON_EQ(txs["txs"][0]["kind"], "deposit");  // newest first
    JSON_EQ(txs["txs"][1]["kind"], "vote");
    test::ExpectRpcError(Call(*m_service, "governance.proposal", {{"id", 9}}), rpc::NOT_FOUND, "9");
    test::ExpectRpcError(Call(*m_service, "governance.proposal", {{"id", "1"}}), rpc::INVALID_PARAMS, "'id'");
  }

  // ---- mempool and submission ----
  void mempool() {
    Json info = Result("mempool.info");
    JSON_EQ(info["txs"], 1);
    JSON_EQ(info["min_fee_rate"], "1");
    Json txs = Result("mempool.txs", {{"limit", 5}});
    JSON_EQ(txs["txs"][0]["id"], HexOf(m_node->pending_tx.id));
    JSON_EQ(txs["txs"][0]["fee"], "1007");
    QVERIFY(txs["next_cursor"].is_null());
  }

  void txSubmit() {
    Json ok = Result("tx.submit", {{"tx", "0102aBcD"}});
    JSON_EQ(ok, (Json{{"id", std::string(64, '7')}}));
    QCOMPARE(m_node->submitted.back(), (util::Bytes{0x01, 0x02, 0xab, 0xcd}));
    Json rejected = Call(*m_service, "tx.submit", {{"tx", "dead"}});
    test::ExpectRpcError(rejected, rpc::REJECTED, "fee");
    JSON_EQ(rejected["error"]["data"], (Json{{"code", "fee_too_low"}}));
    test::ExpectRpcError(Call(*m_service, "tx.submit", {{"tx", "00"}}), rpc::INVALID_PARAMS, "param 'tx': tx.chain_id");
    const std::size_t before = m_node->submitted.size();
    test::ExpectRpcError(Call(*m_service, "tx.submit", {{"tx", "0x0102"}}), rpc::INVALID_PARAMS, "'tx'");
    test::ExpectRpcError(Call(*m_service, "tx.submit", {{"tx", "123"}}), rpc::INVALID_PARAMS, "'tx'");
    QCOMPARE(m_node->submitted.size(), before);  // bad hex never reaches the node
  }

  // ---- network and validator ----
  void network() {
    Json peers = Result("net.peers")["peers"];
    JSON_EQ(peers.size(), 2);
    JSON_EQ(peers[0]["direction"], "outbound");
    JSON_EQ(peers[0]["latency_ms"], 25);
    QVERIFY(peers[1]["latency_ms"].is_null());
    JSON_EQ(peers[1]["user_agent"], "cairn/\xEF\xBF\xBD bad");  // invalid UTF-8 from a peer is replaced
    JSON_EQ(Result("net.bans")["bans"][0]["reason"], "bad blocks");
    JSON_EQ(Result("net.add_peer", {{"address", "10.1.1.1:7337"}}), (Json{{"ok", true}}));
    QCOMPARE(m_node->added_peers, std::vector<std::string>{"10.1.1.1:7337"});
    test::ExpectRpcError(Call(*m_service, "net.add_peer", {{"address", "nope"}}), rpc::INVALID_PARAMS, "host:port");
    JSON_EQ(Result("net.remove_peer", {{"peer", "ab01"}}), (Json{{"ok", true}}));
    test::ExpectRpcError(Call(*m_service, "net.remove_peer", {{"peer", "zz"}}), rpc::NOT_FOUND, "no peer");
    JSON_EQ(Result("net.unban", {{"address", "10.9.9.9"}}), (Json{{"ok", true}}));
    test::ExpectRpcError(Call(*m_service, "net.unban", {{"address", "10.1.2.3"}}), rpc::NOT_FOUND, "no ban");
  }

  void localValidator() {
    JSON_EQ(Result("validator.status")["blocks_proposed"], 3);
    JSON_EQ(Result("validator.stop")["validating"], false);
    JSON_EQ(Result("validator.start")["validating"], true);
    QCOMPARE(m_node->validating_calls, (std::vector<bool>{false, true}));
    m_node->has_validator_key = false;
    test::ExpectRpcError(Call(*m_service, "validator.start"), rpc::UNAVAILABLE, "no validator key");
  }

  void methodListing() {
    Json methods = Result("rpc.methods")["methods"];
    QCOMPARE(methods.size(), rpc::Methods().size());
    std::set<std::string> names;
    for (auto& m : methods) names.insert(m["name"].get<std::string>());
    for (const char* name :
         {"node.info", "node.status", "node.health", "node.sync", "chain.head", "chain.finalized", "chain.block",
          "chain.blocks", "chain.tx", "chain.params", "chain.state_proof", "account.get", "account.balance",
          "account.txs", "validator.get", "validator.list", "governance.proposals", "governance.proposal",
          "governance.proposal_txs", "mempool.info", "mempool.txs", "tx.submit", "net.peers", "net.bans",
          "net.add_peer", "net.remove_peer", "net.unban", "validator.status", "validator.start", "validator.stop", "rpc.methods",
          "subscribe", "unsubscribe"}) {
      QVERIFY2(names.count(name) == 1, name);
      QVERIFY2(rpc::FindMethod(name) != nullptr, name);
    }
    const auto* block = rpc::FindMethod("chain.block");
    QCOMPARE(block->params.size(), std::size_t{4});
    QCOMPARE(rpc::ParamTypeName(block->params[1].type), std::string_view("hash"));
    for (auto& m : methods) {
      if (m["name"] == "account.txs") JSON_EQ(m["params"][0], (Json{{"name", "address"}, {"type", "address"}, {"required", true}, {"secret", false}}));
      if (m["name"] == "subscribe") JSON_EQ(m["transport"], "websocket");
      QVERIFY(!m["summary"].get<std::string>().empty());
    }
    test::ExpectRpcError(Call(*m_service, "subscribe", {{"events", {"new_head"}}}), rpc::METHOD_NOT_FOUND, "WebSocket");
  }

  // ---- envelope ----
  void envelopeErrors() {
    auto post = [&](const std::string& body) { return test::Body(test::Post(*m_service, body)); };
    Json parse = post("{\"jsonrpc\":\"2.0\",");
    test::ExpectRpcError(parse, rpc::PARSE_ERROR);
    QVERIFY(parse["id"].is_null());
    test::ExpectRpcError(post(std::string(100, '[') + std::string(100, ']')), rpc::PARSE_ERROR, "nested");
    test::ExpectRpcError(post("42"), rpc::INVALID_REQUEST);
    test::ExpectRpcError(post(R"({"method":"chain.head","id":1})"), rpc::INVALID_REQUEST, "jsonrpc");
    test::ExpectRpcError(post(R"({"jsonrpc":"1.0","method":"chain.head","id":1})"), rpc::INVALID_REQUEST, "jsonrpc");
    test::ExpectRpcError(post(R"({"jsonrpc":"2.0","method":5,"id":1})"), rpc::INVALID_REQUEST, "method");
    test::ExpectRpcError(post(R"({"jsonrpc":"2.0","method":"chain.head","params":3,"id":1})"), rpc::INVALID_REQUEST, "params");
    test::ExpectRpcError(post(R"({"jsonrpc":"2.0","method":"chain.head","id":{}})"), rpc::INVALID_REQUEST, "id");
    test::ExpectRpcError(post(R"({"jsonrpc":"2.0","method":"chain.head","id":1,"extra":1})"), rpc::INVALID_REQUEST, "extra");
    Json unknown = post(R"({"jsonrpc":"2.0","method":"chain.nope","id":"abc"})");
    test::ExpectRpcError(unknown, rpc::METHOD_NOT_FOUND, "chain.nope");
    JSON_EQ(unknown["id"], "abc");
    Json ok = post(R"({"jsonrpc":"2.0","method":"chain.head","id":null})");
    QVERIFY(ok["id"].is_null() && ok["result"].is_object());
  }

  void batches() {
    const std::string batch = R"([
      {"jsonrpc":"2.0","method":"chain.head","id":1},
      {"jsonrpc":"2.0","method":"chain.head"},
      {"jsonrpc":"2.0","method":"no.such","id":"b"},
      {"foo":"boo"},
      {"jsonrpc":"2.0","method":"account.get","params":{"address":"x"},"id":3},
      {"jsonrpc":"2.0","method":"no.such"}
    ])";
    auto response = test::Post(*m_service, batch);
    QCOMPARE(response.status, 200u);
    Json out = test::Body(response);
    QVERIFY(out.is_array());
    QCOMPARE(out.size(), std::size_t{4});  // two notifications answer nothing
    JSON_EQ(out[0]["id"], 1);
    JSON_EQ(out[0]["result"]["height"], 6);
    test::ExpectRpcError(out[1], rpc::METHOD_NOT_FOUND);
    JSON_EQ(out[1]["id"], "b");
    test::ExpectRpcError(out[2], rpc::INVALID_REQUEST);
    QVERIFY(out[2]["id"].is_null());
    test::ExpectRpcError(out[3], rpc::INVALID_PARAMS, "'address'");
    JSON_EQ(out[3]["id"], 3);

    auto notifications = test::Post(*m_service, R"([{"jsonrpc":"2.0","method":"chain.head"},{"jsonrpc":"2.0","method":"x"}])");
    QCOMPARE(notifications.status, 204u);
    QVERIFY(notifications.body.empty());
    QCOMPARE(test::Post(*m_service, R"({"jsonrpc":"2.0","method":"chain.head"})").status, 204u);

    Json empty = test::Body(test::Post(*m_service, "[]"));
    QVERIFY(empty.is_object());
    test::ExpectRpcError(empty, rpc::INVALID_REQUEST, "empty batch");
    Json big = Json::array();
    for (int i = 0; i <= 100; ++i) big.push_back(Json{{"jsonrpc", "2.0"}, {"method", "chain.head"}, {"id", i}});
    test::ExpectRpcError(test::Body(test::Post(*m_service, big.dump())), rpc::INVALID_REQUEST, "at most 100");
    big.erase(big.size() - 1);
    QCOMPARE(test::Body(test::Post(*m_service, big.dump())).size(), std::size_t{100});
  }

  void httpRules() {
    QCOMPARE(test::Post(*m_service, R"({"jsonrpc":"2.0","method":"chain.head","id":1})", "text/plain").status, 415u);
    QCOMPARE(test::Post(*m_service, R"({"jsonrpc":"2.0","method":"chain.head","id":1})", "").status, 415u);
    auto charset = test::Post(*m_service, R"({"jsonrpc":"2.0","method":"chain.head","id":1})",
                              "Application/JSON; charset=utf-8");
    QCOMPARE(charset.status, 200u);
    QCOMPARE(charset.content_type, std::string("application/json"));
    auto get = test::Get(*m_service, "/");
    QCOMPARE(get.status, 405u);
    QCOMPARE(get.headers.at(0), (std::pair<std::string, std::string>{"Allow", "POST"}));
  }

  void requestsAreCountedByBoundedMethodNames() {
    Call(*m_service, "chain.head");
    Call(*m_service, "chain.head");
    Call(*m_service, "evil\"name\nwith junk");
    const std::string metrics = test::Get(*m_service, "/metrics").body;
    QVERIFY(metrics.find("cairn_rpc_requests_total{method=\"chain.head\"} 2\n") != std::string::npos);
    QVERIFY(metrics.find("cairn_rpc_requests_total{method=\"unknown\"} 1\n") != std::string::npos);
    QVERIFY(metrics.find("evil") == std::string::npos);
    QVERIFY(metrics.find("cairn_rpc_errors_total{code=\"-32601\"} 1\n") != std::string::npos);
  }
};

CAIRN_REGISTER_TEST(TestJsonRpc);
#include "test_jsonrpc.moc"
