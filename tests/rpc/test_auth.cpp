// RPC authentication: the cookie file, rpcauth entries, strict Basic parsing, and the server's
// answers (401 after a delay, the Service never reached) over real loopback sockets.
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "rpc/auth.h"
#include "rpc/http_client.h"
#include "rpc/http_server.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::rpc;

namespace {

// Bitcoin Core's rpcauth.py computes the same: hmac.new(salt, password, sha256).hexdigest().
constexpr const char* SALT = "cb77f0957de88ff388cf817ddbc7273";
constexpr const char* ALICE_HMAC = "fc4a7cde450d37bc17d2bcd86cf61adf77448c02beeb5611dcb04577c7996b69";

// Answers every request with the user the server authenticated; counts the calls.
class CountingService : public Service {
 public:
  HttpResponse Handle(const HttpRequest& request) override {
    ++m_calls;
    std::lock_guard lock(m_mutex);
    m_last_user = request.user;
    return HttpResponse{.status = 200, .content_type = "application/json", .body = "{\"user\":\"" + request.user + "\"}",
                        .headers = {}};
  }
  std::unique_ptr<WsHandler> OpenWebSocket(const HttpRequest&, std::shared_ptr<WsConnection>) override {
    ++m_calls;
    return nullptr;
  }
  int calls() const { return m_calls; }
  std::string last_user() {
    std::lock_guard lock(m_mutex);
    return m_last_user;
  }

 private:
  std::atomic<int> m_calls{0};
  std::mutex m_mutex;
  std::string m_last_user;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::unique_ptr<HttpServer> StartServer(ServerConfig config, Service& service) {
  auto server = HttpServer::Start(std::move(config), service);
  if (!server) qFatal("server did not start: %s", server.error().c_str());
  return std::move(*server);
}

ClientResponse Get(std::uint16_t port, const HeaderList& headers, const std::string& target = "/") {
  auto client = HttpClient::Connect("127.0.0.1", port);
  if (!client) qFatal("connect failed: %s", client.error().c_str());
  auto response = (*client)->Request("GET", target, "", headers);
  if (!response) qFatal("request failed: %s", response.error().c_str());
  return *response;
}

}  // namespace

class TestRpcAuth : public QObject {
  Q_OBJECT

 private slots:
  void makeRpcAuthMatchesBitcoinCoreFormat() {
    auto line = MakeRpcAuth("alice", "correct horse", std::string(SALT));
    QVERIFY(line);
    QCOMPARE(*line, std::string("alice:") + SALT + "$" + ALICE_HMAC);
    auto parsed = ParseRpcAuth(*line);
    QVERIFY(parsed);
    QCOMPARE(parsed->user, std::string("alice"));
    QCOMPARE(parsed->salt, std::string(SALT));
    QCOMPARE(parsed->hmac_hex, std::string(ALICE_HMAC));
    // Upper-case hex is the same entry.
    auto upper = ParseRpcAuth(std::string("alice:") + SALT + "$" + QByteArray(ALICE_HMAC).toUpper().toStdString());
    QVERIFY(upper);
    QCOMPARE(upper->hmac_hex, std::string(ALICE_HMAC));
    // A generated salt is fresh each time and still parses.
    auto a = MakeRpcAuth("bob", "pw");
    auto b = MakeRpcAuth("bob", "pw");
    QVERIFY(a && b);
    QVERIFY(*a != *b);
    QVERIFY(ParseRpcAuth(*a));
    QVERIFY(!MakeRpcAuth("b:ob", "pw"));
    QVERIFY(!MakeRpcAuth("bob", "pw", std::string("sa$lt")));
    QVERIFY(!MakeRpcAuth("bob", std::string(MAX_PASSWORD_BYTES + 1, 'x')));
  }

  void parseRpcAuthRejectsBadEntries_data() {
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("message");
    const QString hmac = ALICE_HMAC;
    QTest::newRow("empty") << "" << "user:salt$hmac";
    QTest::newRow("no colon") << "alice" << "user:salt$hmac";
    QTest::newRow("no dollar") << "alice:salt" << "user:salt$hmac";
    QTest::newRow("empty user") << ":salt$" + hmac << "rpcauth user";
    QTest::newRow("space in user") << "al ice:salt$" + hmac << "rpcauth user";
    QTest::newRow("empty salt") << "alice:$" + hmac << "rpcauth salt";
    QTest::newRow("colon in salt") << "alice:sa:lt$" + hmac << "rpcauth salt";
    QTest::newRow("empty hmac") << "alice:salt$" << "64 hex digits";
    QTest::newRow("short hmac") << "alice:salt$" + hmac.left(62) << "64 hex digits";
    QTest::newRow("long hmac") << "alice:salt$" + hmac + "00" << "64 hex digits";
    QTest::newRow("not hex") << "alice:salt$" + hmac.left(63) + "g" << "64 hex digits";
    QTest::newRow("second dollar") << "alice:salt$" + hmac + "$" << "64 hex digits";
  }

  void parseRpcAuthRejectsBadEntries() {
    QFETCH(QString, entry);
    QFETCH(QString, message);
    auto parsed = ParseRpcAuth(entry.toStdString());
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().find(message.toStdString()) != std::string::npos, parsed.error().c_str());
  }

  void base64IsStrict() {
    QCOMPARE(EncodeBase64("alice:correct horse"), std::string("YWxpY2U6Y29ycmVjdCBob3JzZQ=="));
    for (std::string text : {"", "a", "ab", "abc", "abcd", "\xff\x00\x10 x"}) {
      QCOMPARE(DecodeBase64Strict(EncodeBase64(text)).value_or("<none>"), text);
    }
    QCOMPARE(DecodeBase64Strict("YWI=").value_or("<none>"), std::string("ab"));
    for (const char* bad : {"YWI", "YWJ=", "YQ=a", "Y===", "=WJj", "YW\nJj", "YW Jj", "YWJj=", "YWJ!", "YQ==YWJj"}) {
      QVERIFY2(!DecodeBase64Strict(bad), bad);
    }
  }

  void authenticatorChecksCookieAndUsers() {
    const Credential cookie{std::string(COOKIE_USER), std::string(64, 'a')};
    auto alice = ParseRpcAuth(std::string("alice:") + SALT + "$" + ALICE_HMAC);
    QVERIFY(alice);
    const Authenticator auth(cookie, {*alice});
    QCOMPARE(auth.Authenticate(BasicAuthHeader(cookie.user, cookie.password)).value_or(""), std::string("__cookie__"));
    QCOMPARE(auth.Authenticate(BasicAuthHeader("alice", "correct horse")).value_or(""), std::string("alice"));
    // The scheme is case-insensitive, the credentials are not.
    QCOMPARE(auth.Authenticate("basic " + EncodeBase64("alice:correct horse")).value_or(""), std::string("alice"));
    QCOMPARE(auth.Authenticate(BasicAuthHeader("alice", "Correct horse")).error(), AuthFailure::Rejected);
    QCOMPARE(auth.Authenticate(BasicAuthHeader("bob", "correct horse")).error(), AuthFailure::Rejected);
    QCOMPARE(auth.Authenticate(BasicAuthHeader("alice", cookie.password)).error(), AuthFailure::Rejected);
    QCOMPARE(auth.Authenticate(BasicAuthHeader(cookie.user, "correct horse")).error(), AuthFailure::Rejected);
    QCOMPARE(auth.Authenticate("").error(), AuthFailure::Missing);
    QCOMPARE(auth.Authenticate("Bearer abc").error(), AuthFailure::Malformed);
    QCOMPARE(auth.Authenticate("Basic").error(), AuthFailure::Malformed);
    QCOMPARE(auth.Authenticate("Basic !!!!").error(), AuthFailure::Malformed);
    QCOMPARE(auth.Authenticate("Basic " + EncodeBase64("no-colon")).error(), AuthFailure::Malformed);
    QCOMPARE(auth.Authenticate("Basic " + EncodeBase64(":pw")).error(), AuthFailure::Malformed);
    QCOMPARE(auth.Authenticate("Basic  " + EncodeBase64("alice:correct horse")).error(), AuthFailure::Malformed);
    QCOMPARE(auth.Authenticate(BasicAuthHeader("alice", std::string(MAX_AUTH_HEADER_BYTES, 'x'))).error(),
             AuthFailure::Malformed);
    QCOMPARE(Authenticator(std::nullopt, {}).Authenticate(BasicAuthHeader("alice", "correct horse")).error(),
             AuthFailure::Rejected);
  }

  void cookieFileIsPrivateFreshAndAtomic() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(".cookie").toStdString();
    const mode_t old_mask = ::umask(0);  // even a permissive umask must not widen the mode
    auto first = CreateCookieFile(path);
    ::umask(old_mask);
    QVERIFY2(first, first ? "" : first.error().c_str());
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    QCOMPARE(first->user, std::string(COOKIE_USER));
    QCOMPARE(first->password.size(), 64u);
    QCOMPARE(ReadAll(path), "__cookie__:" + first->password);
    QVERIFY(!Exists(path + ".tmp"));
    auto read = ReadCookieFile(path);
    QVERIFY(read);
    QCOMPARE(read->password, first->password);

    auto second = CreateCookieFile(path);
    QVERIFY(second);
    QVERIFY(second->password != first->password);
    QCOMPARE(ReadCookieFile(path)->password, second->password);

    QVERIFY(RemoveCookieFile(path));
    QVERIFY(!Exists(path));
    QVERIFY(RemoveCookieFile(path));  // already gone: fine
    auto missing = ReadCookieFile(path);
    QVERIFY(!missing);
    QVERIFY(missing.error().find(path) != std::string::npos);

    auto unwritable = CreateCookieFile(dir.filePath("no/such/dir/.cookie").toStdString());
    QVERIFY(!unwritable);
    QVERIFY(unwritable.error().find("no/such/dir") != std::string::npos);
  }

  void readCookieFileRejectsMalformed() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("cookie").toStdString();
    for (std::string content : {std::string("__cookie__:abc"), std::string("user:") + std::string(64, 'a'),
                                "__cookie__:" + std::string(63, 'a') + "g", std::string(), std::string(5000, 'a')}) {
      std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
      auto read = ReadCookieFile(path);
      QVERIFY(!read);
      QVERIFY2(read.error().find(path) != std::string::npos && read.error().find("malformed") != std::string::npos,
               read.error().c_str());
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "__cookie__:" << std::string(64, 'b') << "\n";
    QCOMPARE(ReadCookieFile(path).value_or(Credential{}).password, std::string(64, 'b'));
  }

  void serverRegeneratesCookieEachStartAndRemovesIt() {
    QTemporaryDir dir;
    CountingService service;
    ServerConfig config;
    config.cookie_path = dir.filePath(".cookie").toStdString();
    auto server = StartServer(config, service);
    auto first = ReadCookieFile(*config.cookie_path);
    QVERIFY(first);
    struct stat st {};
    QCOMPARE(::stat(config.cookie_path->c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    const auto ok = Get(server->port(), {{"Authorization", BasicAuthHeader(first->user, first->password)}});
    QCOMPARE(ok.status, 200u);
    QCOMPARE(service.last_user(), std::string("__cookie__"));
    server->Stop();
    QVERIFY(!Exists(*config.cookie_path));
    server->Stop();  // idempotent

    auto again = StartServer(config, service);
    auto second = ReadCookieFile(*config.cookie_path);
    QVERIFY(second);
    QVERIFY(second->password != first->password);
    const int calls = service.calls();
    const auto stale = Get(again->port(), {{"Authorization", BasicAuthHeader(first->user, first->password)}});
    QCOMPARE(stale.status, 401u);
    QCOMPARE(service.calls(), calls);
    QCOMPARE(Get(again->port(), {{"Authorization", BasicAuthHeader(second->user, second->password)}}).status, 200u);
    again.reset();
    QVERIFY(!Exists(*config.cookie_path));
  }

  void serverAcceptsUsersAndRejectsOthersSlowly() {
    CountingService service;
    ServerConfig config;
    config.users = {*ParseRpcAuth(std::string("alice:") + SALT + "$" + ALICE_HMAC)};
    config.unauthenticated_paths = {"/metrics"};
    auto server = StartServer(config, service);
    const auto port = server->port();

    const auto ok = Get(port, {{"Authorization", BasicAuthHeader("alice", "correct horse")}});
    QCOMPARE(ok.status, 200u);
    QCOMPARE(ok.body, std::string("{\"user\":\"alice\"}"));
    QCOMPARE(service.calls(), 1);

    const std::vector<HeaderList> refused = {
        {},                                                               // missing
        {{"Authorization", BasicAuthHeader("alice", "wrong password")}},  // wrong password
        {{"Authorization", "Basic YWxpY2U6!!!"}},                         // malformed base64
        {{"Authorization", BasicAuthHeader("mallory", "correct horse")}}, // unknown user
    };
    for (const auto& headers : refused) {
      const auto start = std::chrono::steady_clock::now();
      const auto response = Get(port, headers);
      const auto elapsed = std::chrono::steady_clock::now() - start;
      QCOMPARE(response.status, 401u);
      QCOMPARE(response.Header("WWW-Authenticate").value_or(""), std::string("Basic realm=\"cairn\""));
      QVERIFY(response.body.find("\"error\"") != std::string::npos);
      QVERIFY2(elapsed >= std::chrono::milliseconds(200), "401 was not delayed");
    }
    QCOMPARE(service.calls(), 1);  // the Service never saw a refused request

    // A refused WebSocket upgrade never reaches OpenWebSocket either.
    auto ws = WsClient::Connect("127.0.0.1", port, "/ws");
    QVERIFY(!ws);
    QVERIFY2(ws.error().find("401") != std::string::npos, ws.error().c_str());
    QCOMPARE(service.calls(), 1);

    // An unauthenticated path is served without credentials and without a user.
    const auto metrics = Get(port, {}, "/metrics?x=1");
    QCOMPARE(metrics.status, 200u);
    QCOMPARE(service.last_user(), std::string());
    QCOMPARE(Get(port, {}, "/metricsx").status, 401u);
  }

  void authCanBeTurnedOffButNotLeftImpossible() {
    CountingService service;
    ServerConfig config;
    auto refused = HttpServer::Start(config, service);
    QVERIFY(!refused);
    QVERIFY2(refused.error().find("no cookie file and no users") != std::string::npos, refused.error().c_str());
    config.require_auth = false;
    auto server = StartServer(config, service);
    QCOMPARE(Get(server->port(), {}).status, 200u);
    QCOMPARE(service.last_user(), std::string());
  }
};

CAIRN_REGISTER_TEST(TestRpcAuth);
#include "test_auth.moc"
