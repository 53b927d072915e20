#include "rpc_endpoints.h"

#include <QDir>

#include <string_view>

#include "rpc/auth.h"
#include "rpc/rpc_service.h"
#include "rpc_command.h"
#include "util/log.h"

namespace cairn::app {
namespace {

// The --metrics-port listener runs without credentials (Prometheus scrapes it), so it must answer
// /metrics and nothing else: everything else is 404, whatever the wrapped service could do.
class MetricsOnlyService final : public rpc::Service {
 public:
  explicit MetricsOnlyService(rpc::Service& inner) : m_inner(inner) {}
  rpc::HttpResponse Handle(const rpc::HttpRequest& request) override {
    const std::string_view target = request.target;
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/metrics") return m_inner.Handle(request);
    return {404, "application/json", R"({"error":{"code":404,"message":"this listener serves /metrics only"}})", {}};
  }
  std::unique_ptr<rpc::WsHandler> OpenWebSocket(const rpc::HttpRequest&, std::shared_ptr<rpc::WsConnection>) override {
    return nullptr;
  }

 private:
  rpc::Service& m_inner;
};

}  // namespace

util::Result<std::unique_ptr<RpcEndpoints>, std::string> RpcEndpoints::Start(const StartupOptions& options,
                                                                             api::Node& node, api::Wallet* wallet) {
  std::unique_ptr<RpcEndpoints> endpoints(new RpcEndpoints());
  rpc::ServerConfig config;
  config.name = "rpc";
  config.bind_address = options.rpc_bind == QStringLiteral("localhost") ? "127.0.0.1" : options.rpc_bind.toStdString();
  config.port = options.rpc_port;
  config.cookie_path = QDir(options.NetworkDir()).filePath(QLatin1String(RPC_COOKIE_FILE_NAME)).toStdString();
  for (const QString& entry : options.rpc_auth) {
    auto user = rpc::ParseRpcAuth(entry.toStdString());
    if (!user) return util::Err("--rpc-auth: " + user.error());
    config.users.push_back(std::move(*user));
  }
  if (!options.rpc_tls_cert.isEmpty()) {
    config.tls = rpc::TlsFiles{options.rpc_tls_cert.toStdString(), options.rpc_tls_key.toStdString()};
  }
  for (const QString& origin : options.rpc_cors) config.cors_origins.push_back(origin.toStdString());

  rpc::ServiceOptions service_options;
  // Only behind authentication: the metrics listener wraps this service but passes /metrics alone.
  service_options.wallet = wallet;
  endpoints->m_service = rpc::MakeService(node, service_options);
  auto rpc_server = rpc::HttpServer::Start(config, *endpoints->m_service);
  if (!rpc_server) return util::Err("RPC server: " + rpc_server.error());
  endpoints->m_rpc = std::move(*rpc_server);
  // The server logs its address; what a user also needs is where the credentials are.
  CAIRN_LOG(Rpc, Info) << "RPC cookie for `cairn rpc` and scripts: " << *config.cookie_path;

  if (options.metrics_port) {
    rpc::ServerConfig metrics;
    metrics.name = "metrics";
    metrics.bind_address =
        options.metrics_bind == QStringLiteral("localhost") ? "127.0.0.1" : options.metrics_bind.toStdString();
    metrics.port = *options.metrics_port;
    metrics.require_auth = false;
    metrics.io_threads = 1;
    endpoints->m_metrics_service = std::make_unique<MetricsOnlyService>(*endpoints->m_service);
    auto metrics_server = rpc::HttpServer::Start(metrics, *endpoints->m_metrics_service);
    if (!metrics_server) return util::Err("metrics server: " + metrics_server.error());
    endpoints->m_metrics = std::move(*metrics_server);
  }
  return endpoints;
}

RpcEndpoints::~RpcEndpoints() {
  if (m_metrics) m_metrics->Stop();
  if (m_rpc) m_rpc->Stop();  // removes the cookie
}

std::uint16_t RpcEndpoints::rpc_port() const { return m_rpc->port(); }

std::optional<std::uint16_t> RpcEndpoints::metrics_port() const {
  if (!m_metrics) return std::nullopt;
  return m_metrics->port();
}

}  // namespace cairn::app
