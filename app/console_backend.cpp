#include "console_backend.h"

#include <nlohmann/json.hpp>

#include "crypto/secure_memory.h"
#include "rpc/methods.h"
#include "rpc/rpc_service.h"
#include "rpc_params.h"

namespace cairn::app {

using nlohmann::json;

InProcessConsole::InProcessConsole(api::Node& node, api::Wallet* wallet) {
  rpc::ServiceOptions options;
  options.wallet = wallet;
  options.websocket = rpc::WebSocketMode::Disabled;
  m_service = rpc::MakeService(node, std::move(options));
}

InProcessConsole::~InProcessConsole() = default;

util::Result<std::string, std::string> InProcessConsole::Run(const std::vector<std::string>& words,
                                                             const std::map<std::string, std::string>& secrets) {
  if (words.empty()) return util::Err(std::string("no method given (type help for a list)"));
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  auto params = BuildParams(words.front(), rest, ParamStyle::Positional);
  if (!params) return util::Err(params.error());
  if (params->is_object()) {
    for (const auto& [name, value] : secrets) (*params)[name] = value;
  }
  rpc::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.content_type = "application/json";
  request.remote_ip = "console";
  request.user = "__console__";
  request.body = json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", words.front()}, {"params", *params}}.dump();
  // The body held the secrets: wipe both copies once the service has answered.
  const auto wipe = [](std::string& s) { crypto::Wipe({reinterpret_cast<std::uint8_t*>(s.data()), s.size()}); };
  if (params->is_object()) {
    for (const auto& [name, value] : secrets) {
      if (auto it = params->find(name); it != params->end() && it->is_string()) wipe(it->get_ref<std::string&>());
    }
  }
  rpc::HttpResponse response = m_service->Handle(request);
  wipe(request.body);
  const json reply = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded() || !reply.is_object()) {
    return util::Err("HTTP " + std::to_string(response.status) + " with a body that is not a JSON-RPC response");
  }
  if (const auto error = reply.find("error"); error != reply.end() && !error->is_null()) {
    std::string text = "error " + error->value("code", json()).dump() + ": " + error->value("message", std::string());
    if (const auto data = error->find("data"); data != error->end()) text += " " + data->dump();
    return util::Err(std::move(text));
  }
  const auto result = reply.find("result");
  if (result == reply.end()) return util::Err(std::string("the response has neither result nor error"));
  return result->is_string() ? result->get<std::string>() : result->dump(2);
}

std::vector<ui::ConsoleBackend::MethodHelp> InProcessConsole::Methods() {
  std::vector<MethodHelp> methods;
  for (const auto& m : rpc::Methods()) {
    if (m.transport == rpc::Transport::WebSocketOnly) continue;  // subscriptions need a connection
    MethodHelp help;
    help.name = std::string(m.name);
    help.summary = std::string(m.summary);
    for (const auto& p : m.params) {
      help.params.push_back(ParamHelp{std::string(p.name), std::string(rpc::ParamTypeName(p.type)),
                                      p.required == rpc::Required::Yes, p.secret == rpc::Secret::Yes});
    }
    methods.push_back(std::move(help));
  }
  return methods;
}

}  // namespace cairn::app
