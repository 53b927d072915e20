// Strict reading of the scenario files (tests/state/scenarios/README.md): every key a reader does not
// consume is an error naming the file and the path, so a typo in a scenario can never pass silently.
//
// Errors are thrown as ScenarioError (test code only); the runner turns them into a test failure.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "chain/amount.h"

namespace cairn::test::scenario {

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "123" (base units) or "12.5 CAIRN" (up to 8 decimals); throws with `where` for anything else.
chain::Amount ParseAmount(const std::string& text, const std::string& where);

// Reads a file holding one JSON object.
QJsonObject LoadJsonObject(const std::string& file);

// A JSON object whose keys must all be consumed: call Finish() once the reader is done.
class StrictObject {
 public:
  // `where` names the file and the path inside it ("blocks/002.json: txs[1]").
  StrictObject(QJsonObject object, std::string where);

  const std::string& where() const { return m_where; }
  bool Has(const char* key) const { return m_object.contains(QLatin1String(key)); }
  std::vector<std::string> Keys() const;  // every key (each counts as consumed)

  std::uint64_t U64(const char* key);
  std::optional<std::uint64_t> OptU64(const char* key);
  chain::Amount Amount(const char* key);
  std::optional<chain::Amount> OptAmount(const char* key);
  std::string Str(const char* key);
  std::optional<std::string> OptStr(const char* key);
  bool Bool(const char* key, bool fallback);
  StrictObject Obj(const char* key);
  QJsonArray Array(const char* key);  // an absent key reads as an empty array
  QJsonValue Value(const char* key);  // consumed; Undefined when absent
  // A "comment" (string or array of strings) is allowed anywhere and ignored.
  void SkipComment();

  // Throws naming every key that was never consumed.
  void Finish() const;

  // Conversions of an already consumed value (`what` names it in errors).
  std::uint64_t ToU64(const QJsonValue& v, const std::string& what) const;
  chain::Amount ToAmount(const QJsonValue& v, const std::string& what) const;
  StrictObject ToObject(const QJsonValue& v, const std::string& what) const;
  [[noreturn]] void Fail(const std::string& message) const;

 private:
  QJsonValue Take(const char* key, bool required);

  QJsonObject m_object;
  std::string m_where;
  std::set<std::string> m_used;
};

// Seed numbers are JSON integers or decimal strings (object keys); 0..255.
std::uint32_t ParseSeed(const std::string& text, const std::string& where);

}  // namespace cairn::test::scenario
