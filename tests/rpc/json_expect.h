// Assertions shared by the rpc_service tests: JSON equality shown as text on failure, and the shape of
// a JSON-RPC error response.
#pragma once

#include <QTest>

#include <string>

#include <nlohmann/json.hpp>

#define JSON_EQ(actual, expected)                                                     \
  QCOMPARE(QString::fromStdString(nlohmann::json(actual).dump()),                     \
           QString::fromStdString(nlohmann::json(expected).dump()))

namespace cairn::test {

// A JSON-RPC 2.0 error (no result) with `code` whose message mentions `mention`.
inline void ExpectRpcError(const nlohmann::json& response, int code, const std::string& mention = {}) {
  QVERIFY2(response.contains("error") && !response.contains("result"), response.dump().c_str());
  JSON_EQ(response["jsonrpc"], "2.0");
  JSON_EQ(response["error"]["code"], code);
  const std::string message = response["error"]["message"].get<std::string>();
  QVERIFY2(message.find(mention) != std::string::npos, (message + " should mention " + mention).c_str());
}

}  // namespace cairn::test
