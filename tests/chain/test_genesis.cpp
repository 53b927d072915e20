// Genesis: JSON good file, every kind of bad file (errors name the JSON path), hash, file round trip.
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include "chain_fixtures.h"

using namespace cairn;
using namespace cairn::chain;
using namespace cairn::test;
using Json = nlohmann::ordered_json;

namespace {

Json GoodJson() { return Json::parse(GenesisToJson(MakeGenesis(), TESTNET_HRP)); }

std::string ErrorPath(const Json& doc) {
  auto r = GenesisFromJson(doc.dump(), TESTNET_HRP);
  return r ? std::string("ok") : r.error().path;
}

}  // namespace

class TestGenesis : public QObject {
  Q_OBJECT

 private slots:
  void jsonRoundTrip() {
    const Genesis g = MakeGenesis();
    QVERIFY(ValidateGenesis(g).has_value());
    const std::string text = GenesisToJson(g, TESTNET_HRP);
    auto back = GenesisFromJson(text, TESTNET_HRP);
    QVERIFY2(back.has_value(), back ? "" : back.error().Message().c_str());
    QVERIFY(*back == g);
    QCOMPARE(ComputeGenesisHash(*back), ComputeGenesisHash(g));
    QCOMPARE(ComputeGenesisHash(g), crypto::TaggedHash("genesis", Encode(g)));
    // Amounts above 2^53 survive because they are strings.
    QVERIFY(text.find("\"18000000000000000000\"") != std::string::npos);
    Genesis changed = g;
    changed.genesis_time_ms += 1;
    QVERIFY(ComputeGenesisHash(changed) != ComputeGenesisHash(g));
  }

  void fileRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("genesis.json").toStdString();
    QVERIFY(SaveGenesisFile(path, MakeGenesis(), TESTNET_HRP).has_value());
    auto g = LoadGenesisFile(path, TESTNET_HRP);
    QVERIFY(g.has_value());
    QVERIFY(*g == MakeGenesis());
    auto missing = LoadGenesisFile(dir.filePath("none.json").toStdString(), TESTNET_HRP);
    QVERIFY(!missing);
    QVERIFY(missing.error().message.find("cannot open") != std::string::npos);
  }

  void badFiles() {
    QCOMPARE(GenesisFromJson("{", TESTNET_HRP).error().path, std::string(""));
    QVERIFY(GenesisFromJson("{", TESTNET_HRP).error().message.find("not valid JSON") == 0);
    QCOMPARE(GenesisFromJson("[]", TESTNET_HRP).error().message, std::string("must be an object"));
    // Duplicate keys are rejected rather than silently resolved.
    std::string dup = GoodJson().dump();
    dup.insert(1, "\"chain_id\":\"x\",");
    QVERIFY(GenesisFromJson(dup, TESTNET_HRP).error().message.find("duplicate key") == 0);
    // The same file read with the other network's prefix names the address.
    auto main = GenesisFromJson(GoodJson().dump(), MAINNET_HRP);
    QCOMPARE(main.error().path, std::string("accounts[0].address"));
    QVERIFY(main.error().message.find("expected 'cairn'") != std::string::npos);

    struct Case {
      const char* expected_path;
      void (*mutate)(Json&);
    };
    const Case cases[] = {
        {"extra", [](Json& j) { j["extra"] = 1; }},
        {"chain_id", [](Json& j) { j.erase("chain_id"); }},
        {"chain_id", [](Json& j) { j["chain_id"] = "Bad Chain"; }},
        {"genesis_time_ms", [](Json& j) { j["genesis_time_ms"] = -1; }},
        {"genesis_time_ms", [](Json& j) { j["genesis_time_ms"] = 1.5; }},
        {"params.slot_ms", [](Json& j) { j["params"].erase("slot_ms"); }},
        {"params.bogus", [](Json& j) { j["params"]["bogus"] = 1; }},
        {"params.min_deposit", [](Json& j) { j["params"]["min_deposit"] = 5; }},
        {"params.burn_expired_deposits", [](Json& j) { j["params"]["burn_expired_deposits"] = 0; }},
        {"params.unbonding_slots", [](Json& j) { j["params"]["unbonding_slots"] = 1; }},
        {"accounts", [](Json& j) { j["accounts"] = Json::object(); }},
        {"accounts[0].balance", [](Json& j) { j["accounts"][0]["balance"] = 5; }},
        {"accounts[0].balance", [](Json& j) { j["accounts"][0]["balance"] = "-5"; }},
        {"accounts[0].balance", [](Json& j) { j["accounts"][0]["balance"] = "05"; }},
        {"accounts[0].balance", [](Json& j) { j["accounts"][0]["balance"] = "18446744073709551616"; }},
        {"accounts[0].address", [](Json& j) { j["accounts"][0]["address"] = "tcairn1qqqq"; }},
        {"accounts[0].memo", [](Json& j) { j["accounts"][0]["memo"] = "x"; }},
        {"accounts[1].address", [](Json& j) { j["accounts"][1]["address"] = j["accounts"][0]["address"]; }},
        {"accounts[1].balance", [](Json& j) { j["accounts"][1]["balance"] = "18446744073709551615"; }},
        {"validators[0].consensus_pubkey", [](Json& j) { j["validators"][0]["consensus_pubkey"] = std::string(64, '0'); }},
        {"validators[0].consensus_pubkey", [](Json& j) { j["validators"][0]["consensus_pubkey"] = "abcd"; }},
        {"validators[0].vrf_pubkey", [](Json& j) { j["validators"][0]["vrf_pubkey"] = std::string(64, '0'); }},
        {"validators[0].commission_bps", [](Json& j) { j["validators"][0]["commission_bps"] = 10001; }},
        {"validators[0].moniker", [](Json& j) { j["validators"][0]["moniker"] = ""; }},
        {"validators[0].moniker", [](Json& j) { j["validators"][0]["moniker"] = "a\nb"; }},
        {"validators[0].self_bond", [](Json& j) { j["validators"][0]["self_bond"] = "1"; }},
        {"validators[0].self_bond", [](Json& j) { j["validators"][0]["self_bond"] = "18446744073709551615"; }},
        {"validators[1].operator", [](Json& j) { j["validators"].push_back(j["validators"][0]); }},
        {"validators[1].consensus_pubkey",
         [](Json& j) {
           Json v = j["validators"][0];
           v["operator"] = j["accounts"][1]["address"];
           j["validators"].push_back(v);
         }},
        {"validators", [](Json& j) { j["validators"] = Json::array(); }},
    };
    for (const auto& c : cases) {
      Json doc = GoodJson();
      c.mutate(doc);
      QCOMPARE(ErrorPath(doc), std::string(c.expected_path));
    }
  }
};

int RunGenesisTests(int argc, char** argv) {
  TestGenesis t;
  return QTest::qExec(&t, argc, argv);
}

#include "test_genesis.moc"
