// The RPC transport over real loopback sockets with a scripted Service: keep-alive and pipelining,
// size limits, timeouts, rate and connection limits, CORS, TLS, and WebSocket sessions.
// Raw POSIX sockets stand in for misbehaving clients; HttpClient/WsClient for well-behaved ones.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "rpc/auth.h"
#include "rpc/http_client.h"
#include "rpc/http_server.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::rpc;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto WAIT = 5s;  // upper bound for events that normally take milliseconds

// What the scripted WebSocket handlers saw; the test waits on it.
struct WsEvents {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::shared_ptr<WsConnection>> connections;
  int destroyed = 0;

  template <class Pred>
  bool WaitFor(Pred pred, std::chrono::milliseconds timeout = WAIT) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, timeout, pred);
  }
  int Destroyed() {
    std::lock_guard lock(mutex);
    return destroyed;
  }
  std::shared_ptr<WsConnection> Connection(std::size_t i) {
    WaitFor([&] { return connections.size() > i; });
    std::lock_guard lock(mutex);
    return i < connections.size() ? connections[i] : nullptr;
  }
};

// Echoes each message; "block" first waits for the test to release it (a slow method).
class EchoHandler : public WsHandler {
 public:
  EchoHandler(std::shared_ptr<WsConnection> connection, WsEvents& events, std::function<void()> block)
      : m_connection(std::move(connection)), m_events(events), m_block(std::move(block)) {}
  ~EchoHandler() override {
    std::lock_guard lock(m_events.mutex);
    ++m_events.destroyed;
    m_events.cv.notify_all();
  }
  void OnMessage(std::string_view text) override {
    if (text == "block") m_block();
    m_connection->Send("echo:" + std::string(text));
  }

 private:
  std::shared_ptr<WsConnection> m_connection;
  WsEvents& m_events;
  std::function<void()> m_block;
};

class ScriptedService : public Service {
 public:
  HttpResponse Handle(const HttpRequest& request) override {
    ++calls;
    if (request.target == "/throw") throw std::runtime_error("scripted failure");
    if (request.target == "/block") Block();
    if (request.target == "/text") {
      return HttpResponse{.status = 200, .content_type = "text/plain", .body = "plain", .headers = {{"X-Scripted", "yes"}}};
    }
    HttpResponse out;
    out.body = "{\"target\":\"" + request.target + "\",\"bytes\":" + std::to_string(request.body.size()) + "}";
    return out;
  }
  std::unique_ptr<WsHandler> OpenWebSocket(const HttpRequest& request, std::shared_ptr<WsConnection> connection) override {
    if (request.target.substr(0, request.target.find('?')) != "/ws") return nullptr;
    std::lock_guard lock(events.mutex);
    events.connections.push_back(connection);
    events.cv.notify_all();
    return std::make_unique<EchoHandler>(std::move(connection), events, [this] { Block(); });
  }
  // A slow method: returns once the test releases it.
  void Block() {
    std::unique_lock lock(gate_mutex);
    blocked = true;
    gate_cv.notify_all();
    gate_cv.wait(lock, [&] { return released; });
  }
  bool WaitBlocked() {
    std::unique_lock lock(gate_mutex);
    return gate_cv.wait_for(lock, WAIT, [&] { return blocked; });
  }
  void Release() {
    {
      std::lock_guard lock(gate_mutex);
      released = true;
    }
    gate_cv.notify_all();
  }

  std::atomic<int> calls{0};
  WsEvents events;
  std::mutex gate_mutex;
  std::condition_variable gate_cv;
  bool blocked = false;   // a /block call is in progress
  bool released = false;  // let it return
};

// Releases a blocked scripted call when it goes out of scope (declared after the server: before it stops).
struct ReleaseOnExit {
  ScriptedService& service;
  ~ReleaseOnExit() { service.Release(); }
};

struct RawResponse {
  unsigned status = 0;
  std::string head;  // lower-cased status line and headers
  std::string body;
  bool Has(const std::string& lower_name) const { return head.find("\r\n" + lower_name + ":") != std::string::npos; }
};

// A client that does exactly what the test says, byte for byte, for the misbehaving cases.
class RawConn {
 public:
  explicit RawConn(std::uint16_t port, const char* source_ip = nullptr) {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    if (source_ip) {
      ::inet_pton(AF_INET, source_ip, &addr.sin_addr);
      if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) qFatal("bind to %s failed", source_ip);
    }
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) qFatal("raw connect failed");
  }
  ~RawConn() { Close(); }
  RawConn(const RawConn&) = delete;
  RawConn& operator=(const RawConn&) = delete;

  void Close() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }
  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // One response (Content-Length framed); nothing on close or timeout. Later responses stay buffered.
  std::optional<RawResponse> ReadResponse(std::chrono::milliseconds timeout = WAIT) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      if (const auto end = m_in.find("\r\n\r\n"); end != std::string::npos) {
        RawResponse out;
        out.head = m_in.substr(0, end + 2);
        std::transform(out.head.begin(), out.head.end(), out.head.begin(), [](char c) { return std::tolower(c); });
        out.status = static_cast<unsigned>(std::stoul(out.head.substr(9, 3)));
        std::size_t length = 0;
        if (const auto at = out.head.find("\r\ncontent-length:"); at != std::string::npos) {
          length = std::stoul(out.head.substr(at + 17));
        }
        if (m_in.size() >= end + 4 + length) {
          out.body = m_in.substr(end + 4, length);
          m_in.erase(0, end + 4 + length);
          return out;
        }
      }
      if (ReadMore(deadline) <= 0) return std::nullopt;
    }
  }
  // True once the server has closed the connection (end of stream or reset) within the timeout.
  bool WaitClosed(std::chrono::milliseconds timeout = WAIT) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      const int got = ReadMore(deadline);
      if (got == 0) return true;
      if (got < 0) return false;
    }
  }

 private:
  // >0: bytes read; 0: closed by the peer; <0: timeout.
  int ReadMore(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd pfd{m_fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(std::max<decltype(left)>(0, left))) <= 0) return -1;
    char chunk[16384];
    const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    m_in.append(chunk, static_cast<std::size_t>(n));
    return static_cast<int>(n);
  }

  int m_fd = -1;
  std::string m_in;
};

std::string GetRequest(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

ServerConfig OpenConfig() {
  ServerConfig config;
  config.require_auth = false;
  return config;
}

std::unique_ptr<HttpServer> StartServer(ServerConfig config, Service& service) {
  auto server = HttpServer::Start(std::move(config), service);
  if (!server) qFatal("server did not start: %s", server.error().c_str());
  return std::move(*server);
}

std::unique_ptr<HttpClient> Connect(std::uint16_t port, ClientOptions options = {}) {
  auto client = HttpClient::Connect("127.0.0.1", port, std::move(options));
  if (!client) qFatal("connect failed: %s", client.error().c_str());
  return std::move(*client);
}

ClientResponse MustRequest(HttpClient& client, const std::string& method, const std::string& target,
                           const std::string& body = "", const HeaderList& headers = {}) {
  auto response = client.Request(method, target, body, headers);
  if (!response) qFatal("request failed: %s", response.error().c_str());
  return std::move(*response);
}

// A self-signed P-256 certificate for 127.0.0.1 and localhost, written as PEM files.
bool WriteSelfSigned(const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("cairn test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  if (!san) return false;
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_out(BIO_new_file(cert_path.c_str(), "w"), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_out(BIO_new_file(key_path.c_str(), "w"), BIO_free);
  return cert_out && key_out && PEM_write_bio_X509(cert_out.get(), cert.get()) == 1 &&
         PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
}

}  // namespace

class TestHttpServer : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_tls.cert_chain_file = m_dir.filePath("cert.pem").toStdString();
    m_tls.private_key_file = m_dir.filePath("key.pem").toStdString();
    QVERIFY(WriteSelfSigned(m_tls.cert_chain_file, m_tls.private_key_file));
    QVERIFY(WriteSelfSigned(m_dir.filePath("other-cert.pem").toStdString(), m_dir.filePath("other-key.pem").toStdString()));
  }

  void keepAliveAndPipeliningAnswerInOrder() {
    ScriptedService service;
    auto server = StartServer(OpenConfig(), service);
    auto client = Connect(server->port());
    for (int i = 0; i < 3; ++i) {
      const auto response = MustRequest(*client, "POST", "/k" + std::to_string(i), "12345");
      QCOMPARE(response.status, 200u);
      QCOMPARE(response.body, "{\"target\":\"/k" + std::to_string(i) + "\",\"bytes\":5}");
    }
    // Three requests in one write, on one connection: three answers in the same order.
    RawConn raw(server->port());
    QVERIFY(raw.Send(GetRequest("/p1") + "POST /p2 HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc" +
                     GetRequest("/p3")));
    const char* expected[] = {"{\"target\":\"/p1\",\"bytes\":0}", "{\"target\":\"/p2\",\"bytes\":3}",
                              "{\"target\":\"/p3\",\"bytes\":0}"};
    for (const char* body : expected) {
      const auto response = raw.ReadResponse();
      QVERIFY(response);
      QCOMPARE(response->status, 200u);
      QCOMPARE(response->body, std::string(body));
      QVERIFY(response->head.find("connection: close") == std::string::npos);
    }
    QCOMPARE(service.calls.load(), 6);
  }

  void sizeLimitsAndMalformedRequests() {
    ScriptedService service;
    auto config = OpenConfig();
    config.max_body_bytes = 1024;
    config.max_header_bytes = 1024;
    auto server = StartServer(config, service);
    const auto port = server->port();

    auto client = Connect(port);
    QCOMPARE(MustRequest(*client, "POST", "/", std::string(1024, 'x')).status, 200u);
    const auto too_big = MustRequest(*client, "POST", "/", std::string(4096, 'x'));
    QCOMPARE(too_big.status, 413u);
    QVERIFY(too_big.body.starts_with("{\"error\":"));
    QCOMPARE(service.calls.load(), 1);

    RawConn chunked(port);
    QVERIFY(chunked.Send("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" +
                         std::string(4096, 'x') + "\r\n0\r\n\r\n"));
    QCOMPARE(chunked.ReadResponse().value_or(RawResponse{}).status, 413u);
    QVERIFY(chunked.WaitClosed());

    RawConn big_header(port);
    QVERIFY(big_header.Send(GetRequest("/", "X-Big: " + std::string(4000, 'a') + "\r\n")));
    const auto header_response = big_header.ReadResponse();
    QVERIFY(header_response);
    QCOMPARE(header_response->status, 431u);
    QVERIFY(big_header.WaitClosed());

    for (const std::string& bad : {std::string("NOT AN HTTP REQUEST\r\n\r\n"),
                                  std::string("GET / HTTP/1.1\r\nHost: test\r\nContent-Length: abc\r\n\r\n"),
                                  std::string("GET / HTTP/1.1\r\nBad Header\r\n\r\n")}) {
      RawConn raw(port);
      QVERIFY(raw.Send(bad));
      const auto response = raw.ReadResponse();
      QVERIFY2(response && response->status == 400, bad.c_str());
      QVERIFY(response->Has("connection"));
      QVERIFY(raw.WaitClosed());
    }
    QCOMPARE(service.calls.load(), 1);
  }

  void aSlowPostDoesNotHoldTheIoThread() {
    ScriptedService service;
    auto config = OpenConfig();
    config.io_threads = 1;  // with the call on this thread, the GET below could not be served
    auto server = StartServer(config, service);
    std::atomic<unsigned> slow_status{0};  // checked on the test thread: QTest macros belong there
    std::thread slow([&] {
      auto client = HttpClient::Connect("127.0.0.1", server->port());
      if (!client) return;
      auto response = (*client)->Request("POST", "/block", "{}");
      if (response) slow_status = response->status;
    });
    {
      std::unique_lock lock(service.gate_mutex);
      QVERIFY(service.gate_cv.wait_for(lock, WAIT, [&] { return service.blocked; }));
    }
    auto other = Connect(server->port());
    QCOMPARE(MustRequest(*other, "GET", "/meanwhile").status, 200u);
    {
      std::lock_guard lock(service.gate_mutex);
      QVERIFY(!service.released);  // served while the POST was still running
      service.released = true;
    }
    service.gate_cv.notify_all();
    slow.join();
    QCOMPARE(slow_status.load(), 200u);
  }

  void slowClientsAreClosedWhileOthersAreServed() {
    ScriptedService service;
    auto config = OpenConfig();
    config.io_threads = 1;  // one thread: a stalled client must not hold it
    config.header_timeout = 600ms;
    config.body_timeout = 600ms;
    config.idle_timeout = 400ms;
    auto server = StartServer(config, service);
    const auto start = Clock::now();
    RawConn half_header(server->port());
    QVERIFY(half_header.Send("GET / HTTP/1.1\r\nHost: te"));
    RawConn half_body(server->port());
    QVERIFY(half_body.Send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\n0123456789"));

    auto client = Connect(server->port());
    QCOMPARE(MustRequest(*client, "GET", "/meanwhile").status, 200u);
    // Served while both stalled clients were still connected.
    QVERIFY(!half_header.WaitClosed(0ms) && !half_body.WaitClosed(0ms));

    QVERIFY(half_header.WaitClosed());
    QVERIFY(half_body.WaitClosed());
    QVERIFY(Clock::now() - start >= 550ms);

    // A kept-alive connection that stays quiet is closed after idle_timeout.
    RawConn idle(server->port());
    QVERIFY(idle.Send(GetRequest("/")));
    QCOMPARE(idle.ReadResponse().value_or(RawResponse{}).status, 200u);
    const auto idle_start = Clock::now();
    QVERIFY(idle.WaitClosed());
    QVERIFY(Clock::now() - idle_start >= 350ms);
    QCOMPARE(service.calls.load(), 2);
  }

  void rateLimitAnswers429WithRetryAfter() {
    ScriptedService service;
    auto config = OpenConfig();
    config.requests_per_s_per_ip = 0.01;
    config.burst = 3;
    auto server = StartServer(config, service);
    auto client = Connect(server->port());
    for (int i = 0; i < 3; ++i) QCOMPARE(MustRequest(*client, "GET", "/").status, 200u);
    const auto limited = MustRequest(*client, "GET", "/");
    QCOMPARE(limited.status, 429u);
    QVERIFY(std::stoi(limited.Header("Retry-After").value_or("0")) >= 1);
    QCOMPARE(MustRequest(*client, "GET", "/").status, 429u);  // same connection, still limited
    QCOMPARE(service.calls.load(), 3);
  }

  void connectionLimitsAnswer503() {
    ScriptedService service;
    auto config = OpenConfig();
    config.max_connections = 2;
    auto server = StartServer(config, service);
    const auto port = server->port();
    auto a = std::make_unique<RawConn>(port);
    RawConn b(port);
    for (RawConn* conn : {a.get(), &b}) {
      QVERIFY(conn->Send(GetRequest("/")));
      QCOMPARE(conn->ReadResponse().value_or(RawResponse{}).status, 200u);
    }
    RawConn refused(port);
    QVERIFY(refused.Send(GetRequest("/")));
    QCOMPARE(refused.ReadResponse().value_or(RawResponse{}).status, 503u);
    QVERIFY(refused.WaitClosed());

    // The slot comes back once the server notices a client left.
    a.reset();
    bool served = false;
    for (const auto deadline = Clock::now() + WAIT; !served && Clock::now() < deadline;) {
      RawConn retry(port);
      served = retry.Send(GetRequest("/")) && retry.ReadResponse().value_or(RawResponse{}).status == 200;
    }
    QVERIFY(served);

    // Per address: a second connection from 127.0.0.1 is refused, one from 127.0.0.2 is not.
    ScriptedService other_service;
    auto per_ip = OpenConfig();
    per_ip.max_connections_per_ip = 1;
    auto other = StartServer(per_ip, other_service);
    RawConn first(other->port());
    QVERIFY(first.Send(GetRequest("/")));
    QCOMPARE(first.ReadResponse().value_or(RawResponse{}).status, 200u);
    RawConn same_ip(other->port());
    QVERIFY(same_ip.Send(GetRequest("/")));
    QCOMPARE(same_ip.ReadResponse().value_or(RawResponse{}).status, 503u);
    RawConn other_ip(other->port(), "127.0.0.2");
    QVERIFY(other_ip.Send(GetRequest("/")));
    QCOMPARE(other_ip.ReadResponse().value_or(RawResponse{}).status, 200u);
  }

  void corsHeadersOnlyForAllowedOrigins() {
    ScriptedService service;
    ServerConfig config;
    config.users = {*ParseRpcAuth(*MakeRpcAuth("alice", "pw"))};
    config.cors_origins = {"https://ok.example"};
    auto server = StartServer(config, service);
    auto client = Connect(server->port());
    const HeaderList auth = {{"Authorization", BasicAuthHeader("alice", "pw")}};
    auto with = [&](HeaderList headers, const std::string& origin) {
      headers.emplace_back("Origin", origin);
      return headers;
    };

    const auto allowed = MustRequest(*client, "GET", "/", "", with(auth, "https://ok.example"));
    QCOMPARE(allowed.status, 200u);
    QCOMPARE(allowed.Header("Access-Control-Allow-Origin").value_or(""), std::string("https://ok.example"));
    QCOMPARE(allowed.Header("Vary").value_or(""), std::string("Origin"));
    const auto other = MustRequest(*client, "GET", "/", "", with(auth, "https://evil.example"));
    QCOMPARE(other.status, 200u);
    QVERIFY(!other.Header("Access-Control-Allow-Origin") && !other.Header("Vary"));

    // A preflight carries no credentials: answered by the server itself for an allowed origin only.
    const int calls = service.calls;
    HeaderList preflight = {{"Access-Control-Request-Method", "POST"},
                            {"Access-Control-Request-Headers", "authorization, content-type"}};
    const auto ok = MustRequest(*client, "OPTIONS", "/", "", with(preflight, "https://ok.example"));
    QCOMPARE(ok.status, 204u);
    QCOMPARE(ok.Header("Access-Control-Allow-Origin").value_or(""), std::string("https://ok.example"));
    QVERIFY(ok.Header("Access-Control-Allow-Methods").value_or("").find("POST") != std::string::npos);
    QVERIFY(ok.Header("Access-Control-Allow-Headers").value_or("").find("Authorization") != std::string::npos);
    const auto refused = MustRequest(*client, "OPTIONS", "/", "", with(preflight, "https://evil.example"));
    QCOMPARE(refused.status, 401u);
    QVERIFY(!refused.Header("Access-Control-Allow-Origin"));
    QCOMPARE(service.calls.load(), calls);

    ScriptedService plain_service;
    auto no_cors = OpenConfig();
    auto plain = StartServer(no_cors, plain_service);
    auto plain_client = Connect(plain->port());
    const auto none = MustRequest(*plain_client, "GET", "/", "", {{"Origin", "https://ok.example"}});
    QVERIFY(!none.Header("Access-Control-Allow-Origin") && !none.Header("Vary"));
  }

  void responsesAreMinimalAndExceptionsBecome500() {
    ScriptedService service;
    auto server = StartServer(OpenConfig(), service);
    auto client = Connect(server->port());
    const auto text = MustRequest(*client, "GET", "/text");
    QCOMPARE(text.status, 200u);
    QCOMPARE(text.body, std::string("plain"));
    QCOMPARE(text.Header("Content-Type").value_or(""), std::string("text/plain"));
    QCOMPARE(text.Header("X-Scripted").value_or(""), std::string("yes"));
    QVERIFY(!text.Header("Server") && !text.Header("Date"));
    const auto thrown = MustRequest(*client, "GET", "/throw");
    QCOMPARE(thrown.status, 500u);
    QCOMPARE(thrown.Header("Content-Type").value_or(""), std::string("application/json"));
    QCOMPARE(MustRequest(*client, "GET", "/after").status, 200u);  // same connection, server unharmed
    // Connection: close is honoured: the server answers, then closes.
    RawConn raw(server->port());
    QVERIFY(raw.Send(GetRequest("/", "Connection: close\r\n")));
    const auto closing = raw.ReadResponse();
    QVERIFY(closing && closing->status == 200 && closing->head.find("connection: close") != std::string::npos);
    QVERIFY(raw.WaitClosed());
  }

  void clientReconnectsAndReportsErrorsClearly() {
    ScriptedService service;
    auto server = StartServer(OpenConfig(), service);
    const auto port = server->port();
    auto client = Connect(port);
    QCOMPARE(MustRequest(*client, "GET", "/").status, 200u);
    server.reset();  // closes the kept-alive connection under the client
    auto config = OpenConfig();
    config.port = port;
    auto restarted = StartServer(config, service);
    QCOMPARE(MustRequest(*client, "GET", "/again").status, 200u);
    restarted.reset();
    auto refused = HttpClient::Connect("127.0.0.1", port);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), "cannot connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
  }

  void tlsRoundTripAndPlainClientFailsCleanly() {
    ScriptedService service;
    auto config = OpenConfig();
    config.tls = m_tls;
    auto server = StartServer(config, service);
    ClientOptions tls;
    tls.tls = true;
    tls.ca_file = m_tls.cert_chain_file;
    auto client = Connect(server->port(), tls);
    QCOMPARE(MustRequest(*client, "GET", "/a").status, 200u);
    QCOMPARE(MustRequest(*client, "POST", "/b", "xyz").body, std::string("{\"target\":\"/b\",\"bytes\":3}"));

    ClientOptions untrusted;
    untrusted.tls = true;
    auto rejected = HttpClient::Connect("127.0.0.1", server->port(), untrusted);
    QVERIFY(!rejected);
    QVERIFY2(rejected.error().find("certificate verify failed") != std::string::npos, rejected.error().c_str());

    ClientOptions plain;
    plain.timeout = 3s;
    const auto start = Clock::now();
    auto plain_client = HttpClient::Connect("127.0.0.1", server->port(), plain);
    QVERIFY(plain_client);  // TCP connects; the HTTP exchange is what fails
    auto failed = (*plain_client)->Request("GET", "/");
    QVERIFY(!failed);
    QVERIFY2(failed.error().find("request to 127.0.0.1:") == 0, failed.error().c_str());
    QVERIFY(Clock::now() - start < 2500ms);

    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws", {}, tls);
    QVERIFY2(ws, ws ? "" : ws.error().c_str());
    QVERIFY((*ws)->Send("over tls"));
    QCOMPARE((*ws)->Read(WAIT).value_or("<none>"), std::string("echo:over tls"));
    QCOMPARE(MustRequest(*client, "GET", "/still").status, 200u);
    QCOMPARE(service.calls.load(), 3);
  }

  void tlsStartErrorsAreClear() {
    ScriptedService service;
    auto config = OpenConfig();
    config.tls = TlsFiles{m_dir.filePath("missing.pem").toStdString(), m_tls.private_key_file};
    auto missing = HttpServer::Start(config, service);
    QVERIFY(!missing);
    QVERIFY2(missing.error().find("missing.pem") != std::string::npos, missing.error().c_str());
    config.tls = TlsFiles{m_tls.cert_chain_file, m_dir.filePath("other-key.pem").toStdString()};
    auto mismatched = HttpServer::Start(config, service);
    QVERIFY(!mismatched);
    QVERIFY2(mismatched.error().find("other-key.pem") != std::string::npos, mismatched.error().c_str());
    config.tls = TlsFiles{m_tls.private_key_file, m_tls.private_key_file};
    QVERIFY(!HttpServer::Start(config, service));
  }

  void webSocketEchoesInOrderAndPushesFromOtherThreads() {
    ScriptedService service;
    ServerConfig config;
    config.users = {*ParseRpcAuth(*MakeRpcAuth("alice", "pw"))};
    auto server = StartServer(config, service);
    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws?x=1",
                                {{"Authorization", BasicAuthHeader("alice", "pw")}});
    QVERIFY2(ws, ws ? "" : ws.error().c_str());
    auto& client = **ws;
    for (int i = 0; i < 20; ++i) QVERIFY(client.Send("m" + std::to_string(i)));
    for (int i = 0; i < 20; ++i) QCOMPARE(client.Read(WAIT).value_or("<none>"), "echo:m" + std::to_string(i));

    auto connection = service.events.Connection(0);
    QVERIFY(connection);
    QVERIFY(!client.Read(50ms));  // nothing pending; the read stays open for the pushes below
    std::thread pusher([connection] {
      for (int i = 0; i < 5; ++i) connection->Send("push" + std::to_string(i));
    });
    pusher.join();
    for (int i = 0; i < 5; ++i) QCOMPARE(client.Read(WAIT).value_or("<none>"), "push" + std::to_string(i));

    auto refused = WsClient::Connect("127.0.0.1", server->port(), "/nope",
                                     {{"Authorization", BasicAuthHeader("alice", "pw")}});
    QVERIFY(!refused);
    QVERIFY2(refused.error().find("404") != std::string::npos, refused.error().c_str());
  }

  void aSlowWebSocketMessageDoesNotHoldTheIoThread() {
    ScriptedService service;
    auto config = OpenConfig();
    config.io_threads = 1;  // with the message handled on this thread, nothing below could be served
    auto server = StartServer(config, service);
    const ReleaseOnExit release{service};  // a failing check must not leave the handler blocked
    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(ws);
    QVERIFY((*ws)->Send("block"));
    QVERIFY(service.WaitBlocked());
    QVERIFY((*ws)->Send("after"));  // waits its turn behind the slow one
    auto other = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(other);
    QVERIFY((*other)->Send("meanwhile"));
    QCOMPARE((*other)->Read(WAIT).value_or("<none>"), std::string("echo:meanwhile"));
    auto http = Connect(server->port());
    QCOMPARE(MustRequest(*http, "GET", "/meanwhile").status, 200u);
    {
      std::lock_guard lock(service.gate_mutex);
      QVERIFY(!service.released);  // all of that was served while the message was being handled
    }
    service.Release();
    QCOMPARE((*ws)->Read(WAIT).value_or("<none>"), std::string("echo:block"));
    QCOMPARE((*ws)->Read(WAIT).value_or("<none>"), std::string("echo:after"));
  }

  void webSocketClientLeavingDuringASlowMessage() {
    ScriptedService service;
    auto server = StartServer(OpenConfig(), service);
    const ReleaseOnExit release{service};
    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(ws);
    QVERIFY((*ws)->Send("block"));
    QVERIFY(service.WaitBlocked());
    ws->reset();  // gone while a worker runs its handler: the handler must outlive that call
    auto other = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(other);
    QVERIFY((*other)->Send("x"));
    QCOMPARE((*other)->Read(WAIT).value_or("<none>"), std::string("echo:x"));
    QCOMPARE(service.events.Destroyed(), 0);
    service.Release();
    QVERIFY(service.events.WaitFor([&] { return service.events.destroyed == 1; }));
  }

  void webSocketHandlerDestroyedWhenClientLeaves() {
    ScriptedService service;
    auto server = StartServer(OpenConfig(), service);
    auto polite = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(polite);
    auto connection = service.events.Connection(0);
    QCOMPARE(service.events.Destroyed(), 0);
    (*polite)->Close();
    QVERIFY(service.events.WaitFor([&] { return service.events.destroyed == 1; }));
    connection->Send("after close");  // a no-op, not a crash

    auto abrupt = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(abrupt);
    QVERIFY(service.events.Connection(1));
    abrupt->reset();  // socket closed without a close frame
    QVERIFY(service.events.WaitFor([&] { return service.events.destroyed == 2; }));
  }

  void webSocketOversizeMessageCloses() {
    ScriptedService service;
    auto config = OpenConfig();
    config.max_ws_message_bytes = 1024;
    auto server = StartServer(config, service);
    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(ws);
    QVERIFY((*ws)->Send(std::string(1024, 'a')));
    QCOMPARE((*ws)->Read(WAIT).value_or("").size(), 1029u);
    QVERIFY((*ws)->Send(std::string(4096, 'a')));
    auto closed = (*ws)->Read(WAIT);
    QVERIFY(!closed);
    QVERIFY2(closed.error().find("closed") != std::string::npos, closed.error().c_str());
    QVERIFY(service.events.WaitFor([&] { return service.events.destroyed == 1; }));
  }

  void webSocketSlowReaderIsDropped() {
    ScriptedService service;
    auto config = OpenConfig();
    config.max_ws_queue_bytes = 64 * 1024;
    auto server = StartServer(config, service);
    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(ws);
    auto connection = service.events.Connection(0);
    const std::string chunk(32 * 1024, 'z');
    // The client reads nothing: the queue must hit its bound long before 64 MiB.
    for (int i = 0; i < 2048 && service.events.Destroyed() == 0; ++i) connection->Send(chunk);
    QVERIFY(service.events.WaitFor([&] { return service.events.destroyed == 1; }));
    bool ended = false;
    for (int i = 0; i < 4096 && !ended; ++i) ended = !(*ws)->Read(WAIT);
    QVERIFY(ended);
  }

  void stopDestroysHandlersAndSendBecomesNoOp() {
    ScriptedService service;
    auto server = StartServer(OpenConfig(), service);
    auto ws = WsClient::Connect("127.0.0.1", server->port(), "/ws");
    QVERIFY(ws);
    auto connection = service.events.Connection(0);
    QVERIFY((*ws)->Send("hi"));
    QCOMPARE((*ws)->Read(WAIT).value_or(""), std::string("echo:hi"));
    server->Stop();
    QCOMPARE(service.events.Destroyed(), 1);
    connection->Send("after stop");
    connection->Close();
    QVERIFY(!(*ws)->Read(WAIT));
  }

 private:
  QTemporaryDir m_dir;
  TlsFiles m_tls;
};

CAIRN_REGISTER_TEST(TestHttpServer);
#include "test_http_server.moc"
