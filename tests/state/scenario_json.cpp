#include "scenario_json.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <charconv>

namespace cairn::test::scenario {

namespace {

std::optional<std::uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

chain::Amount ParseAmount(const std::string& text, const std::string& where) {
  const auto bad = [&] { return ScenarioError(where + ": bad amount '" + text + "' (base units or \"12.5 CAIRN\")"); };
  constexpr std::string_view SUFFIX = " CAIRN";
  std::string_view t = text;
  if (t.size() > SUFFIX.size() && t.substr(t.size() - SUFFIX.size()) == SUFFIX) {
    t.remove_suffix(SUFFIX.size());
    const auto dot = t.find('.');
    const std::string_view whole = t.substr(0, dot);
    std::string frac = dot == std::string_view::npos ? std::string() : std::string(t.substr(dot + 1));
    if (frac.size() > 8 || (dot != std::string_view::npos && frac.empty())) throw bad();
    frac.append(8 - frac.size(), '0');
    const auto w = ParseDecimal(whole);
    const auto f = ParseDecimal(frac);
    if (!w || !f || *w > UINT64_MAX / chain::COIN - 1) throw bad();
    return *w * chain::COIN + *f;
  }
  const auto v = ParseDecimal(t);
  if (!v) throw bad();
  return *v;
}

QJsonObject LoadJsonObject(const std::string& file) {
  QFile f(QString::fromStdString(file));
  if (!f.open(QIODevice::ReadOnly)) throw ScenarioError(file + ": cannot open");
  QJsonParseError err{};
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
  if (err.error != QJsonParseError::NoError) {
    throw ScenarioError(file + ": invalid JSON at offset " + std::to_string(err.offset) + ": " + err.errorString().toStdString());
  }
  if (!doc.isObject()) throw ScenarioError(file + ": the top level must be an object");
  return doc.object();
}

std::uint32_t ParseSeed(const std::string& text, const std::string& where) {
  const auto v = ParseDecimal(text);
  if (!v || *v > 255) throw ScenarioError(where + ": bad seed '" + text + "' (0..255)");
  return static_cast<std::uint32_t>(*v);
}

StrictObject::StrictObject(QJsonObject object, std::string where) : m_object(std::move(object)), m_where(std::move(where)) {}

void StrictObject::Fail(const std::string& message) const { throw ScenarioError(m_where + ": " + message); }

std::vector<std::string> StrictObject::Keys() const {
  std::vector<std::string> out;
  for (auto it = m_object.begin(); it != m_object.end(); ++it) {
    if (it.key() != QLatin1String("comment")) out.push_back(it.key().toStdString());
  }
  return out;
}

QJsonValue StrictObject::Take(const char* key, bool required) {
  const QJsonValue v = m_object.value(QLatin1String(key));
  if (v.isUndefined()) {
    if (required) Fail(std::string("missing key '") + key + "'");
    return v;
  }
  m_used.insert(key);
  return v;
}

std::uint64_t StrictObject::ToU64(const QJsonValue& v, const std::string& what) const {
  if (v.isString()) {
    const auto parsed = ParseDecimal(v.toString().toStdString());
    if (!parsed) Fail(what + ": not a decimal integer");
    return *parsed;
  }
  if (!v.isDouble()) Fail(what + ": expected an integer");
  const double d = v.toDouble();
  if (d < 0 || d > 9007199254740992.0 || static_cast<double>(static_cast<std::uint64_t>(d)) != d) {
    Fail(what + ": expected a non-negative integer below 2^53 (use a string for larger values)");
  }
  return static_cast<std::uint64_t>(d);
}

chain::Amount StrictObject::ToAmount(const QJsonValue& v, const std::string& what) const {
  if (!v.isString()) Fail(what + ": amounts are strings (\"1500\" or \"12.5 CAIRN\")");
  return ParseAmount(v.toString().toStdString(), m_where + ": " + what);
}

StrictObject StrictObject::ToObject(const QJsonValue& v, const std::string& what) const {
  if (!v.isObject()) Fail(what + ": expected an object");
  return StrictObject(v.toObject(), m_where + ": " + what);
}

std::uint64_t StrictObject::U64(const char* key) { return ToU64(Take(key, true), key); }

std::optional<std::uint64_t> StrictObject::OptU64(const char* key) {
  const QJsonValue v = Take(key, false);
  if (v.isUndefined()) return std::nullopt;
  return ToU64(v, key);
}

chain::Amount StrictObject::Amount(const char* key) { return ToAmount(Take(key, true), key); }

std::optional<chain::Amount> StrictObject::OptAmount(const char* key) {
  const QJsonValue v = Take(key, false);
  if (v.isUndefined()) return std::nullopt;
  return ToAmount(v, key);
}

std::string StrictObject::Str(const char* key) {
  const QJsonValue v = Take(key, true);
  if (!v.isString()) Fail(std::string(key) + ": expected a string");
  return v.toString().toStdString();
}

std::optional<std::string> StrictObject::OptStr(const char* key) {
  if (!Has(key)) return std::nullopt;
  return Str(key);
}

bool StrictObject::Bool(const char* key, bool fallback) {
  const QJsonValue v = Take(key, false);
  if (v.isUndefined()) return fallback;
  if (!v.isBool()) Fail(std::string(key) + ": expected true or false");
  return v.toBool();
}

StrictObject StrictObject::Obj(const char* key) { return ToObject(Take(key, true), key); }

QJsonArray StrictObject::Array(const char* key) {
  const QJsonValue v = Take(key, false);
  if (v.isUndefined()) return {};
  if (!v.isArray()) Fail(std::string(key) + ": expected an array");
  return v.toArray();
}

QJsonValue StrictObject::Value(const char* key) { return Take(key, false); }

void StrictObject::SkipComment() {
  const QJsonValue v = Take("comment", false);
  if (v.isUndefined() || v.isString()) return;
  if (v.isArray()) {
    for (const auto& line : v.toArray()) {
      if (!line.isString()) Fail("comment: expected strings");
    }
    return;
  }
  Fail("comment: expected a string or an array of strings");
}

void StrictObject::Finish() const {
  std::string unknown;
  for (auto it = m_object.begin(); it != m_object.end(); ++it) {
    const std::string key = it.key().toStdString();
    if (m_used.count(key) == 0 && key != "comment") unknown += (unknown.empty() ? "'" : ", '") + key + "'";
  }
  if (!unknown.empty()) Fail("unknown key(s) " + unknown);
}

}  // namespace cairn::test::scenario
