#include "rpc_params.h"

#include <algorithm>
#include <cctype>

namespace cairn::app {
namespace {

using nlohmann::json;

bool IsHexText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// Whether command-line text can stand for a parameter of this type (for positional words).
bool Fits(rpc::ParamType type, const std::string& text) {
  switch (type) {
    case rpc::ParamType::Integer:
      return !text.empty() && text.size() <= 20 &&
             std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    case rpc::ParamType::Boolean: return text == "true" || text == "false";
    case rpc::ParamType::Hash: return text.size() == 64 && IsHexText(text);
    case rpc::ParamType::Hex: return text.size() % 2 == 0 && IsHexText(text);
    case rpc::ParamType::Address: return text.find('1') != std::string::npos && !IsHexText(text);
    case rpc::ParamType::StringList:
    case rpc::ParamType::AddressList: return !text.empty() && text.front() == '[';
    case rpc::ParamType::String:
    case rpc::ParamType::Cursor: return true;
  }
  return true;
}

}  // namespace

json ParamValue(const rpc::ParamSpec* spec, const std::string& text) {
  if (spec != nullptr) {
    switch (spec->type) {
      case rpc::ParamType::String:
      case rpc::ParamType::Hash:
      case rpc::ParamType::Hex:
      case rpc::ParamType::Address:
      case rpc::ParamType::Cursor:
        return json(text);
      case rpc::ParamType::Integer:
      case rpc::ParamType::Boolean:
      case rpc::ParamType::StringList:
      case rpc::ParamType::AddressList:
        break;
    }
  }
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? json(text) : parsed;
}

util::Result<json, std::string> BuildParams(std::string_view method_name, const std::vector<std::string>& words,
                                            ParamStyle style) {
  const rpc::MethodInfo* method = rpc::FindMethod(method_name);
  const bool named = style == ParamStyle::Named;
  const auto spec_named = [&](std::string_view name) -> const rpc::ParamSpec* {
    if (method == nullptr) return nullptr;
    for (const auto& p : method->params) {
      if (p.name == name) return &p;
    }
    return nullptr;
  };
  json params = named || method != nullptr ? json::object() : json::array();
  std::size_t next_param = 0;  // positional words of a known method: the next declared one to fill
  for (const std::string& text : words) {
    if (!named && method == nullptr) {
      params.push_back(ParamValue(nullptr, text));
      continue;
    }
    if (!named) {
      // In declared order, an optional parameter the text cannot be is skipped. Secret parameters are
      // never positional, so `wallet.unlock 60000` sets the timeout.
      const auto skip = [&](std::size_t k) {
        const rpc::ParamSpec& p = method->params[k];
        return p.secret == rpc::Secret::Yes || (p.required == rpc::Required::No && !Fits(p.type, text));
      };
      std::size_t k = next_param;
      while (k < method->params.size() && skip(k)) ++k;
      if (k >= method->params.size()) {  // nothing fits: the next non-secret one, and the node names the problem
        k = next_param;
        while (k < method->params.size() && method->params[k].secret == rpc::Secret::Yes) ++k;
      }
      if (k >= method->params.size()) return util::Err("too many PARAMS for " + std::string(method_name));
      params[std::string(method->params[k].name)] = ParamValue(&method->params[k], text);
      next_param = k + 1;
      continue;
    }
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return util::Err("--named: '" + text + "' is not name=value");
    const std::string name = text.substr(0, eq);
    params[name] = ParamValue(spec_named(name), text.substr(eq + 1));
  }
  return params;
}

}  // namespace cairn::app
