// wallet.* over JSON-RPC against the fake wallet: every method becomes the right api::Wallet call and
// renders its answer; parameter checks; error mapping (no wallet, locked, rejected, not found); and
// secrets (passphrases, mnemonics) never appear in an error or in /metrics.
#include <QTest>

#include <set>

#include "fake_wallet.h"
#include "rpc_requests.h"
#include "rpc/dispatch.h"
#include "rpc/error_codes.h"
#include "rpc/methods.h"
#include "json_expect.h"
#include "test_registry.h"

using namespace cairn;
using test::Call;
using test::Json;

namespace {

std::string Repeat(const std::string& hex_pair) {
  std::string out;
  for (int i = 0; i < 32; ++i) out += hex_pair;
  return out;
}

const std::string BOB = test::AddrText(test::BOB), CAROL = test::AddrText(test::CAROL),
                  DAVE = test::AddrText(test::DAVE), ERIN = test::AddrText(test::ERIN),
                  ALICE = test::AddrText(test::ALICE);
const Json SENT{{"id", Repeat("5e")}, {"nonce", 8}, {"fee", "1500"}, {"size", 180}};
const Json OK{{"ok", true}};
const Json INFO{{"exists", true}, {"watch_only", false}, {"confirmed", true}, {"locked", false},
                {"auto_lock_ms", 300000}, {"accounts", 2}, {"path", "/data/wallets/default.wallet"}};

Json AccountJson(int index, const std::string& label, const std::string& address, const std::string& balance) {
  return Json{{"index", index},        {"label", label},   {"address", address}, {"nonce", 7 + index},
              {"balance", balance},    {"spendable", std::to_string(900 + index)}, {"bonded", "500"},
              {"unbonding", "70"},     {"rewards", "12"},  {"pending_out", "3"}};
}

// One request, the one wallet call it must become, and its whole answer.
struct Case {
  std::string method;
  Json params;
  std::string call;
  Json result;
};

std::vector<Case> Cases() {
  const std::string normal = " level=normal fee=- memo=";
  return {
      {"wallet.info", nullptr, "Info", INFO},
      {"wallet.create", {{"passphrase", "pw-1"}, {"words", 12}}, "Create pw-1 words=12",
       {{"mnemonic", std::string(test::FAKE_MNEMONIC)}, {"shown_once", true}}},
      {"wallet.create", Json::array({"pw-1"}), "Create pw-1 words=24",
       {{"mnemonic", std::string(test::FAKE_MNEMONIC)}, {"shown_once", true}}},
      {"wallet.confirm", {{"mnemonic", "abandon ability"}}, "ConfirmMnemonic abandon ability", INFO},
      {"wallet.restore", {{"mnemonic", "m1 m2"}, {"passphrase", "pw"}, {"bip39_passphrase", "x"}},
       "Restore mnemonic=m1 m2 bip39=x passphrase=pw", INFO},
      {"wallet.restore", Json::array({"m1 m2", "pw"}), "Restore mnemonic=m1 m2 bip39= passphrase=pw", INFO},
      {"wallet.create_watch_only", {{"addresses", {BOB, DAVE}}}, "CreateWatchOnly " + BOB + " " + DAVE, INFO},
      {"wallet.unlock", {{"passphrase", "pw"}, {"timeout_ms", 5000}}, "Unlock pw 5000", INFO},
      {"wallet.unlock", Json::array({"pw"}), "Unlock pw 0", INFO},
      {"wallet.lock", nullptr, "Lock", INFO},
      {"wallet.change_passphrase", {{"old", "a1"}, {"new", "b2"}}, "ChangePassphrase a1 b2", INFO},
      {"wallet.set_auto_lock", {{"idle_ms", 60000}}, "SetAutoLock 60000", INFO},
      {"wallet.backup", {{"path", "/tmp/w.bak"}}, "Backup /tmp/w.bak", OK},
      {"wallet.accounts", nullptr, "Accounts",
       {{"accounts", {AccountJson(0, "main", ALICE, "12345678901234567890"), AccountJson(1, "savings", BOB, "1000")}}}},
      {"wallet.create_account", {{"label", "cold"}}, "CreateAccount cold",
       AccountJson(2, "cold", CAROL, "1000")},
      {"wallet.rename_account", {{"account", 1}, {"label", "x"}}, "RenameAccount 1 x", OK},
      {"wallet.balance", {{"account", 1}}, "Accounts",
       {{"account", 1}, {"address", BOB}, {"balance", "1000"}, {"spendable", "901"}, {"bonded", "500"},
        {"unbonding", "70"}, {"rewards", "12"}, {"pending_out", "3"}}},
      {"wallet.balance", nullptr, "Accounts",
       {{"account", nullptr}, {"address", nullptr}, {"balance", "12345678901234568890"}, {"spendable", "1801"},
        {"bonded", "1000"}, {"unbonding", "140"}, {"rewards", "24"}, {"pending_out", "6"}}},
      {"wallet.history_csv", {{"kind", "transfer"}}, "HistoryCsv account=- kind=transfer from=- to=-",
       {{"csv", "id,kind,amount\r\n5e,transfer,0.00000250\r\n"}}},
      {"wallet.estimate_fee", {{"account", 0}, {"method", "send"}, {"to", BOB}, {"amount", "250"}, {"fee_level", "priority"}},
       "EstimateFee 0 transfer to=" + BOB + " amount=250 level=priority",
       {{"fee", "1440"}, {"size", 180}, {"fee_rate", "8"}, {"fee_level", "priority"}}},
      {"wallet.estimate_fee", {{"account", 1}, {"method", "wallet.vote"}, {"proposal_id", 1}, {"option", "no"}},
       "EstimateFee 1 vote 1 no level=normal", {{"fee", "1440"}, {"size", 180}, {"fee_rate", "8"}, {"fee_level", "normal"}}},
      {"wallet.send",
       {{"account", 0}, {"to", BOB}, {"amount", "250"}, {"fee_level", "economy"}, {"fee", "2000"}, {"memo", "rent"}},
       "Submit 0 transfer to=" + BOB + " amount=250 level=economy fee=2000 memo=rent", SENT},
      {"wallet.send", Json::array({1, BOB, "18446744073709551615"}),
       "Submit 1 transfer to=" + BOB + " amount=18446744073709551615" + normal, SENT},
      {"wallet.delegate", {{"account", 0}, {"validator", CAROL}, {"amount", "5000"}}, "Submit 0 delegate " + CAROL + " 5000" + normal, SENT},
      {"wallet.undelegate", {{"account", 0}, {"validator", CAROL}, {"amount", "700"}}, "Submit 0 undelegate " + CAROL + " 700" + normal, SENT},
      {"wallet.redelegate", {{"account", 0}, {"from", CAROL}, {"to", DAVE}, {"amount", "100"}},
       "Submit 0 redelegate " + CAROL + " -> " + DAVE + " 100" + normal, SENT},
      {"wallet.claim_rewards", {{"account", 0}}, "Submit 0 claim_rewards validator=-" + normal, SENT},
      {"wallet.claim_rewards", {{"account", 0}, {"validator", CAROL}}, "Submit 0 claim_rewards validator=" + CAROL + normal, SENT},
      {"wallet.unjail", {{"account", 2}}, "Submit 2 unjail" + normal, SENT},
      {"wallet.propose", {{"account", 0}, {"kind", "text"}, {"title", "T"}, {"description", "D"}, {"deposit", "10"}},
       "Submit 0 propose text title=T description=D deposit=10" + normal, SENT},
      {"wallet.propose",
       {{"account", 0}, {"kind", "parameter_change"}, {"title", "T"}, {"description", ""}, {"deposit", "10"},
        {"name", "min_deposit"}, {"new_value", "9007199254740993"}},
       "Submit 0 propose parameter_change min_deposit=9007199254740993 title=T description= deposit=10" + normal, SENT},
      {"wallet.propose",
       {{"account", 0}, {"kind", "treasury_spend"}, {"title", "Pay"}, {"description", "D"}, {"deposit", "10"},
        {"to", ERIN}, {"amount", "42"}},
       "Submit 0 propose treasury_spend " + ERIN + " 42 title=Pay description=D deposit=10" + normal, SENT},
      {"wallet.propose",
       {{"account", 0}, {"kind", "upgrade_signal"}, {"title", "Up"}, {"description", "D"}, {"deposit", "10"},
        {"version", "1.2.0"}, {"slot", 5000}},
       "Submit 0 propose upgrade_signal 1.2.0@5000 title=Up description=D deposit=10" + normal, SENT},
      {"wallet.deposit", {{"account", 0}, {"proposal_id", 3}, {"amount", "20"}}, "Submit 0 deposit 3 20" + normal, SENT},
      {"wallet.vote", {{"account", 0}, {"proposal_id", 1}, {"option", "veto"}}, "Submit 0 vote 1 veto" + normal, SENT},
      {"wallet.edit_validator", {{"account", 2}, {"commission_bps", 700}, {"website", ""}},
       "Submit 2 edit_validator bps=700 moniker=- website=" + normal, SENT},
      {"wallet.become_validator", {{"account", 2}, {"self_bond", "100000"}, {"commission_bps", 500}, {"moniker", "carol"}},
       "BecomeValidator 2 bond=100000 bps=500 moniker=carol website=",
       {{"id", Repeat("5e")}, {"nonce", 9}, {"fee", "3000"}, {"size", 320}}},
      {"wallet.bump_fee", {{"id", Repeat("5e")}, {"fee", "2000"}}, "BumpFee 5e5e fee=2000",
       {{"id", Repeat("60")}, {"nonce", 8}, {"fee", "2000"}, {"size", 180}}},
      {"wallet.bump_fee", Json::array({Repeat("5e")}), "BumpFee 5e5e fee=-",
       {{"id", Repeat("60")}, {"nonce", 8}, {"fee", "2000"}, {"size", 180}}},
      {"wallet.export_validator_keys", {{"account", 2}, {"export_passphrase", "exp"}}, "ExportValidatorKeys 2 exp",
       {{"keys_json", R"({"version":1,"ciphertext":"00ff"})"}}},
      {"wallet.start_validating", {{"account", 2}, {"passphrase", "pw"}}, "StartValidating 2 pw",
       {{"account", 2}, {"validator_index", 3}, {"operator", DAVE}, {"consensus_pubkey", Repeat("7a")},
        {"hot_key_path", "/data/devnet/validator_hot.key"}, {"validating", true}}},
      {"wallet.start_validating", Json::array({1, "pw"}), "StartValidating 1 pw",
       {{"account", 1}, {"validator_index", 3}, {"operator", DAVE}, {"consensus_pubkey", Repeat("7a")},
        {"hot_key_path", "/data/devnet/validator_hot.key"}, {"validating", true}}},
      {"wallet.stop_validating", nullptr, "StopValidating", OK},
      {"wallet.contacts", nullptr, "Contacts",
       {{"contacts", {{{"address", BOB}, {"label", "bob"}}, {{"address", DAVE}, {"label", "dave \"the validator\""}}}}}},
      {"wallet.set_contact", {{"address", ERIN}, {"label", "erin"}}, "SetContact " + ERIN + " erin", OK},
      {"wallet.remove_contact", {{"address", ERIN}}, "RemoveContact " + ERIN, OK},
  };
}

}  // namespace

class TestWalletRpc : public QObject {
  Q_OBJECT

  std::unique_ptr<test::FakeNode> m_node;
  std::unique_ptr<test::FakeWallet> m_wallet;
  std::unique_ptr<rpc::Service> m_service;

  Json Result(const std::string& method, Json params = nullptr) {
    Json r = Call(*m_service, method, std::move(params));
    if (!r.contains("result")) qWarning("%s", r.dump().c_str());
    return r["result"];
  }
  // The wallet calls a request made; nothing when it never reached the wallet.
  std::vector<std::string> CallsOf(const std::string& method, const Json& params, Json* response = nullptr) {
    m_wallet->calls.clear();
    Json r = Call(*m_service, method, params);
    if (response != nullptr) *response = r;
    return m_wallet->calls;
  }

 private slots:
  void init() {
    m_node = std::make_unique<test::FakeNode>();
    m_wallet = std::make_unique<test::FakeWallet>();
    rpc::ServiceOptions options;
    options.wallet = m_wallet.get();
    m_service = rpc::MakeService(*m_node, options);
  }
  void cleanup() {
    m_service.reset();
    m_wallet.reset();
    m_node.reset();
  }

  void everyMethodMakesItsWalletCallAndRendersItsAnswer() {
    std::set<std::string> covered;
    for (const Case& c : Cases()) {
      Json response;
      const auto calls = CallsOf(c.method, c.params, &response);
      const std::string what = c.method + " " + c.params.dump() + " -> " + response.dump();
      QVERIFY2(response.contains("result"), what.c_str());
      QVERIFY2(!calls.empty() && calls.front() == c.call, (what + "\n  first call: " + (calls.empty() ? "" : calls.front()) +
                                                           "\n  expected:   " + c.call).c_str());
      QCOMPARE(QString::fromStdString(response["result"].dump()), QString::fromStdString(c.result.dump()));
      covered.insert(c.method);
    }
    // A wallet method added to the table without a case here fails this test.
    for (const rpc::MethodInfo& m : rpc::Methods()) {
      if (m.name.rfind("wallet.", 0) == 0 && m.name != "wallet.history") {
        QVERIFY2(covered.count(std::string(m.name)) == 1, std::string(m.name).c_str());
      }
    }
  }

  void historyFiltersPagesAndRendersEntries() {
    Json page;
    auto calls = CallsOf("wallet.history",
                         {{"account", 1}, {"kind", "delegate"}, {"from_ms", 1}, {"to_ms", 2}, {"cursor", "6.0"}, {"limit", 500}},
                         &page);
    QCOMPARE(calls, std::vector<std::string>{"History account=1 kind=delegate from=1 to=2 before=6.0 limit=100"});
    page = page["result"];
    JSON_EQ(page["next_cursor"], "5.1");
    JSON_EQ(page["entries"][0], (Json{{"id", Repeat("5e")}, {"account", 0}, {"kind", "transfer"}, {"entry", "transaction"},
                                      {"payload", "transfer"}, {"status", "pending"},
                                      {"outgoing", true}, {"counterparty", BOB}, {"amount", "250"}, {"fee", "10"},
                                      {"height", nullptr}, {"index", nullptr}, {"timestamp_ms", 1700000009000},
                                      {"note", ""}}));
    JSON_EQ(page["entries"][1]["status"], "failed");
    JSON_EQ(page["entries"][1]["height"], 5);
    JSON_EQ(page["entries"][1]["note"], "insufficient funds");
    QCOMPARE(CallsOf("wallet.history", nullptr), std::vector<std::string>{"History account=- kind=- from=- to=- before=- limit=20"});

    // Rewards and slashes: their own kinds (also as filters); a slash has no transaction id.
    m_wallet->with_reward_and_slash = true;
    QCOMPARE(CallsOf("wallet.history", {{"kind", "reward"}}, &page),
             std::vector<std::string>{"History account=- kind=reward from=- to=- before=- limit=20"});
    QCOMPARE(CallsOf("wallet.history", {{"kind", "slash"}}, &page),
             std::vector<std::string>{"History account=- kind=slash from=- to=- before=- limit=20"});
    page = page["result"];
    JSON_EQ(page["entries"][2], (Json{{"id", Repeat("61")}, {"account", 0}, {"kind", "reward"}, {"entry", "reward"},
                                      {"payload", "claim_rewards"}, {"status", "finalized"}, {"outgoing", false},
                                      {"counterparty", DAVE}, {"amount", "1234"}, {"fee", "0"}, {"height", 4},
                                      {"index", 0}, {"timestamp_ms", 1700000004000}, {"note", ""}}));
    JSON_EQ(page["entries"][3], (Json{{"id", nullptr}, {"account", 0}, {"kind", "slash"}, {"entry", "slash"},
                                      {"payload", nullptr}, {"status", "finalized"}, {"outgoing", true},
                                      {"counterparty", DAVE}, {"amount", "77"}, {"fee", "0"}, {"height", 3},
                                      {"index", 0}, {"timestamp_ms", 1700000003000},
                                      {"note", "validator 1 was jailed for missing votes (downtime)"}}));
  }

  void parameterErrorsNeverReachTheWallet() {
    const std::vector<std::tuple<std::string, Json, std::string>> bad = {
        {"wallet.send", {{"account", "0"}, {"to", BOB}, {"amount", "1"}}, "'account' must be a non-negative integer"},
        {"wallet.send", {{"account", 4294967296}, {"to", BOB}, {"amount", "1"}}, "'account' must be at most 4294967295"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", 250}}, "'amount' must be a string"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "2.5"}}, "'amount' must be a decimal number"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "-1"}}, "'amount'"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "18446744073709551616"}}, "'amount' is out of range"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", ""}}, "'amount'"},
        {"wallet.send", {{"account", 0}, {"to", chain::EncodeAddress(test::Addr(2), chain::MAINNET_HRP)}, {"amount", "1"}}, "'to'"},
        {"wallet.send", {{"account", 0}, {"to", BOB}}, "'amount' is required"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "1"}, {"fee_level", "fast"}}, "'fee_level' must be"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "1"}, {"fee", "1e3"}}, "'fee'"},
        {"wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "1"}, {"validator", CAROL}}, "unknown param 'validator'"},
        {"wallet.unlock", {{"passphrase", 1234}}, "'passphrase' must be a string"},
        {"wallet.unlock", {{"passphrase", "pw"}, {"timeout_ms", -5}}, "'timeout_ms'"},
        {"wallet.create", {{"passphrase", "pw"}, {"words", "24"}}, "'words' must be a non-negative integer"},
        {"wallet.create_watch_only", {{"addresses", Json::array()}}, "'addresses' must not be empty"},
        {"wallet.create_watch_only", {{"addresses", {BOB, "nope"}}}, "'addresses' entry 1 is not an address"},
        {"wallet.history", {{"kind", "nope"}}, "'kind' must be a transaction kind"},
        {"wallet.history", {{"kind", "transaction"}}, "'kind' must be a transaction kind"},
        {"wallet.start_validating", {{"account", 0}}, "'passphrase' is required"},
        {"wallet.start_validating", {{"passphrase", "pw"}}, "'account' is required"},
        {"wallet.history", {{"from_ms", 5}, {"to_ms", 4}}, "'to_ms' must not be before"},
        {"wallet.history", {{"cursor", "x"}}, "'cursor'"},
        {"wallet.history", {{"limit", 0}}, "'limit' must be at least 1"},
        {"wallet.balance", {{"account", -1}}, "'account'"},
        {"wallet.propose", {{"account", 0}, {"kind", "bogus"}, {"title", "T"}, {"description", "D"}, {"deposit", "1"}}, "'kind' must be"},
        {"wallet.propose", {{"account", 0}, {"kind", "text"}, {"title", "T"}, {"description", "D"}, {"deposit", "1"}, {"to", ERIN}},
         "'to' does not apply to kind 'text'"},
        {"wallet.propose", {{"account", 0}, {"kind", "parameter_change"}, {"title", "T"}, {"description", "D"}, {"deposit", "1"},
                            {"name", "min_deposit"}}, "'new_value' is required"},
        {"wallet.propose", {{"account", 0}, {"kind", "parameter_change"}, {"title", "T"}, {"description", "D"}, {"deposit", "1"},
                            {"name", "x"}, {"new_value", "ten"}}, "'new_value' must be a decimal number"},
        {"wallet.propose", {{"account", 0}, {"kind", "upgrade_signal"}, {"title", "T"}, {"description", "D"}, {"deposit", "1"},
                            {"version", "1"}}, "'slot' is required"},
        {"wallet.vote", {{"account", 0}, {"proposal_id", 1}, {"option", "maybe"}}, "'option' must be"},
        {"wallet.edit_validator", {{"account", 0}}, "at least one of"},
        {"wallet.edit_validator", {{"account", 0}, {"commission_bps", 70000}}, "'commission_bps' must be at most 65535"},
        {"wallet.become_validator", {{"account", 0}, {"self_bond", "1"}, {"commission_bps", 65536}, {"moniker", "m"}},
         "'commission_bps' must be at most 65535"},
        {"wallet.bump_fee", {{"id", "5e"}}, "'id'"},
        {"wallet.set_contact", {{"address", "bob"}, {"label", "b"}}, "'address'"},
        {"wallet.estimate_fee", {{"account", 0}, {"method", "become_validator"}}, "'method' must be a send-like"},
        {"wallet.estimate_fee", {{"account", 0}, {"method", "send"}, {"to", BOB}}, "'amount' is required"},
        {"wallet.estimate_fee", {{"account", 0}, {"method", "send"}, {"to", BOB}, {"amount", "1"}, {"validator", CAROL}},
         "'validator' does not apply to method 'send'"},
        {"wallet.estimate_fee", Json::array({0, "send"}), "'to' is required"},
        {"wallet.rename_account", Json::array({0, "x", "extra"}), "takes at most 2 params"},
    };
    for (const auto& [method, params, mention] : bad) {
      Json response;
      const auto calls = CallsOf(method, params, &response);
      test::ExpectRpcError(response, rpc::INVALID_PARAMS, mention);
      QVERIFY2(calls.empty(), (method + " " + params.dump() + " reached the wallet").c_str());
    }
  }

  void walletErrorsMapToRpcErrors() {
    m_wallet->locked = true;
    Json locked = Call(*m_service, "wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "1"}});
    test::ExpectRpcError(locked, rpc::UNAVAILABLE, "locked");
    JSON_EQ(locked["error"]["data"], (Json{{"code", "locked"}}));
    test::ExpectRpcError(Call(*m_service, "wallet.create_account"), rpc::UNAVAILABLE, "locked");
    m_wallet->locked = false;

    m_wallet->fail = api::Error{api::ErrorKind::Rejected, "fee below the minimum", "fee_too_low"};
    Json rejected = Call(*m_service, "wallet.delegate", {{"account", 0}, {"validator", CAROL}, {"amount", "1"}});
    test::ExpectRpcError(rejected, rpc::REJECTED, "fee below the minimum");
    JSON_EQ(rejected["error"]["data"], (Json{{"code", "fee_too_low"}}));

    m_wallet->fail = api::Error{api::ErrorKind::Unavailable, "wrong passphrase", "wrong_passphrase"};
    Json wrong = Call(*m_service, "wallet.unlock", {{"passphrase", "pw"}});
    test::ExpectRpcError(wrong, rpc::UNAVAILABLE, "wrong passphrase");  // a message without secrets passes unchanged
    JSON_EQ(wrong["error"]["data"], (Json{{"code", "wrong_passphrase"}}));

    m_wallet->fail = api::Error{api::ErrorKind::NotFound, "no account 9", ""};
    Json missing = Call(*m_service, "wallet.rename_account", {{"account", 9}, {"label", "x"}});
    test::ExpectRpcError(missing, rpc::NOT_FOUND, "no account 9");
    QVERIFY(!missing["error"].contains("data"));  // no code: no data
    test::ExpectRpcError(Call(*m_service, "wallet.accounts"), rpc::NOT_FOUND, "no account 9");

    m_wallet->fail = api::Error{api::ErrorKind::InvalidArgument, "payload.to: wrong network prefix", ""};
    test::ExpectRpcError(Call(*m_service, "wallet.send", {{"account", 0}, {"to", BOB}, {"amount", "1"}}), rpc::INVALID_PARAMS,
                "invalid params: payload.to");
    m_wallet->fail = api::Error{api::ErrorKind::Internal, "disk full", ""};
    test::ExpectRpcError(Call(*m_service, "wallet.backup", {{"path", "/x"}}), rpc::INTERNAL_ERROR, "disk full");
    m_wallet->fail.reset();
    test::ExpectRpcError(Call(*m_service, "wallet.balance", {{"account", 5}}), rpc::NOT_FOUND, "no account 5");
  }

  void withoutAWalletEveryWalletMethodIsUnavailable() {
    auto bare = rpc::MakeService(*m_node);  // the existing signature still compiles and means "no wallet"
    std::size_t wallet_methods = 0;
    for (const rpc::MethodInfo& m : rpc::Methods()) {
      if (m.name.rfind("wallet.", 0) != 0) continue;
      ++wallet_methods;
      for (const Json& params : {Json(nullptr), Json{{"bogus", 1}}, Json{{"passphrase", "s3cret-x"}}}) {
        Json r = Call(*bare, std::string(m.name), params);
        test::ExpectRpcError(r, rpc::UNAVAILABLE, "this node has no wallet");
        JSON_EQ(r["error"]["data"], (Json{{"code", "no_wallet"}}));
      }
    }
    QCOMPARE(wallet_methods, std::size_t{35});
    QVERIFY(m_wallet->calls.empty());
    JSON_EQ(Result("chain.head")["height"], 6);  // the node's methods are unaffected
  }

  void secretsNeverAppearInErrorsOrMetrics() {
    // A buggy wallet that repeats what it was given: the RPC withholds the message, keeps code and data.code.
    m_wallet->echo_secrets = true;
    m_wallet->fail = api::Error{api::ErrorKind::Unavailable, "wrong passphrase", "wrong_passphrase"};
    const std::vector<std::tuple<std::string, Json, std::vector<std::string>>> requests = {
        {"wallet.unlock", {{"passphrase", "Hunter2-Unlock"}}, {"Hunter2-Unlock"}},
        {"wallet.unlock", Json::array({"Hunter2-Positional"}), {"Hunter2-Positional"}},
        {"wallet.create", {{"passphrase", "Hunter2-Create"}}, {"Hunter2-Create"}},
        {"wallet.change_passphrase", {{"old", "Old-Secret-1"}, {"new", "New-Secret-2"}}, {"Old-Secret-1", "New-Secret-2"}},
        {"wallet.confirm", {{"mnemonic", "zebra lunar orbit"}}, {"zebra", "lunar", "orbit"}},
        {"wallet.restore", {{"mnemonic", "zebra lunar orbit"}, {"passphrase", "Restore-Pw"}, {"bip39_passphrase", "B39-Pw"}},
         {"zebra", "lunar", "orbit", "Restore-Pw", "B39-Pw"}},
        {"wallet.export_validator_keys", {{"account", 0}, {"export_passphrase", "Export-Pw-9"}}, {"Export-Pw-9"}},
        {"wallet.start_validating", {{"account", 0}, {"passphrase", "Validate-Pw-7"}}, {"Validate-Pw-7"}},
    };
    for (const auto& [method, params, secrets] : requests) {
      Json r = Call(*m_service, method, params);
      test::ExpectRpcError(r, rpc::UNAVAILABLE, "withheld");
      JSON_EQ(r["error"]["data"], (Json{{"code", "wrong_passphrase"}}));
      for (const auto& s : secrets) QVERIFY2(r.dump().find(s) == std::string::npos, (method + " echoed " + s).c_str());
    }
    // The same failure without the echo keeps its message (withholding is not blanket).
    m_wallet->echo_secrets = false;
    test::ExpectRpcError(Call(*m_service, "wallet.unlock", {{"passphrase", "Hunter2-Unlock"}}), rpc::UNAVAILABLE, "wrong passphrase");
    m_wallet->fail.reset();

    // Binding errors on requests carrying secrets never repeat a value either.
    m_wallet->calls.clear();
    const std::vector<Json> malformed = {
        Json{{"passphrase", "Bind-Secret-1"}, {"timeout_ms", "Bind-Secret-1"}},
        Json{{"passphrase", "Bind-Secret-1"}, {"pasphrase", "Bind-Secret-1"}},
        Json::array({"Bind-Secret-1", 5, "Bind-Secret-1"}),
        Json{{"timeout_ms", 5}},
    };
    for (const Json& params : malformed) {
      Json r = Call(*m_service, "wallet.unlock", params);
      test::ExpectRpcError(r, rpc::INVALID_PARAMS);
      QVERIFY2(r.dump().find("Bind-Secret-1") == std::string::npos, r.dump().c_str());
    }
    QVERIFY(m_wallet->calls.empty());

    const std::string metrics = test::Get(*m_service, "/metrics").body;
    for (const char* secret : {"Hunter2", "Old-Secret", "New-Secret", "zebra", "lunar", "Restore-Pw", "B39-Pw", "Export-Pw",
                               "Bind-Secret", "Validate-Pw"}) {
      QVERIFY2(metrics.find(secret) == std::string::npos, secret);
    }
    QVERIFY(metrics.find("cairn_rpc_requests_total{method=\"wallet.unlock\"} 7\n") != std::string::npos);
  }

  void methodListingMarksSecretsAndCountsEveryMethod() {
    const std::set<std::pair<std::string, std::string>> secret_params = {
        {"wallet.create", "passphrase"},     {"wallet.confirm", "mnemonic"},        {"wallet.restore", "mnemonic"},
        {"wallet.restore", "passphrase"},    {"wallet.restore", "bip39_passphrase"}, {"wallet.unlock", "passphrase"},
        {"wallet.change_passphrase", "old"}, {"wallet.change_passphrase", "new"},
        {"wallet.export_validator_keys", "export_passphrase"}, {"wallet.start_validating", "passphrase"}};
    Json methods = Result("rpc.methods")["methods"];
    QCOMPARE(methods.size(), rpc::Methods().size());
    std::set<std::pair<std::string, std::string>> listed_secret;
    std::set<std::string> names;
    for (const Json& m : methods) {
      names.insert(m["name"].get<std::string>());
      for (const Json& p : m["params"]) {
        if (p["secret"].get<bool>()) listed_secret.emplace(m["name"].get<std::string>(), p["name"].get<std::string>());
      }
    }
    QVERIFY(listed_secret == secret_params);
    for (const Case& c : Cases()) QVERIFY2(names.count(c.method) == 1, c.method.c_str());
    QVERIFY(names.count("wallet.history") == 1);
    JSON_EQ(methods[0]["params"], Json::array());
    const rpc::MethodInfo* send = rpc::FindMethod("wallet.send");
    QVERIFY(send != nullptr);
    QCOMPARE(send->params.size(), std::size_t{6});
    QCOMPARE(send->params[2].name, std::string_view("amount"));
    QCOMPARE(rpc::ParamTypeName(send->params[2].type), std::string_view("string"));

    // Every method has its own counter slot: the last rows of the table are not lumped into "unknown".
    QVERIFY(rpc::Methods().size() <= rpc::RpcCounters::MAX_METHODS);
    Call(*m_service, "rpc.methods");
    Call(*m_service, "wallet.remove_contact", {{"address", ERIN}});
    const std::string metrics = test::Get(*m_service, "/metrics").body;
    QVERIFY(metrics.find("cairn_rpc_requests_total{method=\"rpc.methods\"} 2\n") != std::string::npos);
    QVERIFY(metrics.find("cairn_rpc_requests_total{method=\"wallet.remove_contact\"} 1\n") != std::string::npos);
    QVERIFY(metrics.find("cairn_rpc_requests_total{method=\"unknown\"} 0\n") != std::string::npos);
  }
};

CAIRN_REGISTER_TEST(TestWalletRpc);
#include "test_wallet_rpc.moc"
