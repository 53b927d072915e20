// GET /metrics text: checked by promtool when it is installed, and always by a parser of the
// exposition format here (families declared, counters named _total, histograms cumulative).
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

#include <cmath>
#include <map>
#include <set>

#include "fake_node.h"
#include "rpc_requests.h"
#include "rpc/metrics_text.h"
#include "test_registry.h"

using namespace cairn;

namespace {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> types;  // family -> type
  std::set<std::string> helps;
  std::vector<Sample> samples;
  std::string error;  // first problem found; empty when the text is valid
};

bool IsNameChar(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

double ParseValue(const std::string& text, bool* ok) {
  *ok = true;
  if (text == "+Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  if (text == "NaN") return NAN;
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (...) {
    used = 0;
  }
  *ok = used == text.size() && !text.empty();
  return v;
}

// A parser of the 0.0.4 text format, strict enough to catch what Prometheus would reject.
Exposition Parse(const std::string& text) {
  Exposition out;
  auto fail = [&](const std::string& why, const std::string& line) {
    if (out.error.empty()) out.error = why + ": " + line;
  };
  if (text.empty() || text.back() != '\n') fail("text must end with a newline", "");
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const std::string rest = line.substr(7);
      const std::string name = rest.substr(0, rest.find(' '));
      const std::string arg = rest.find(' ') == std::string::npos ? "" : rest.substr(rest.find(' ') + 1);
      if (line[2] == 'H') {
        if (!out.helps.insert(name).second) fail("HELP twice", line);
        if (arg.empty()) fail("empty HELP", line);
      } else {
        if (out.types.count(name)) fail("TYPE twice", line);
        if (arg != "counter" && arg != "gauge" && arg != "histogram" && arg != "summary" && arg != "untyped") {
          fail("bad TYPE", line);
        }
        for (const auto& s : out.samples) {
          if (s.name.rfind(name, 0) == 0) fail("TYPE after its samples", line);
        }
        out.types[name] = arg;
      }
      continue;
    }
    if (line.empty() || line[0] == '#') {
      fail("unexpected comment or blank line", line);
      continue;
    }
    Sample s;
    std::size_t i = 0;
    while (i < line.size() && IsNameChar(line[i], i == 0)) ++i;
    s.name = line.substr(0, i);
    if (s.name.empty()) fail("no metric name", line);
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::size_t k = i;
        while (k < line.size() && IsNameChar(line[k], k == i)) ++k;
        const std::string label = line.substr(i, k - i);
        if (label.empty() || k + 1 >= line.size() || line[k] != '=' || line[k + 1] != '"') {
          fail("bad label", line);
          break;
        }
        std::string value;
        for (k += 2; k < line.size() && line[k] != '"'; ++k) {
          if (line[k] == '\\') {
            const char e = k + 1 < line.size() ? line[++k] : '?';
            if (e == 'n') value += '\n';
            else if (e == '\\' || e == '"') value += e;
            else fail("bad escape", line);
          } else {
            value += line[k];
          }
        }
        if (k >= line.size()) {
          fail("unterminated label value", line);
          break;
        }
        if (!s.labels.emplace(label, value).second) fail("label twice", line);
        i = k + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size() || line[i] != '}') fail("unterminated labels", line);
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') {
      fail("no value", line);
      continue;
    }
    bool ok = false;
    s.value = ParseValue(line.substr(i + 1), &ok);
    if (!ok) fail("bad value", line);
    out.samples.push_back(std::move(s));
  }
  return out;
}

// The family a sample belongs to (histograms own _bucket, _sum and _count), or empty.
std::string FamilyOf(const Exposition& e, const std::string& name) {
  if (e.types.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string sfx = suffix;
    if (name.size() > sfx.size() && name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0) {
      const std::string stem = name.substr(0, name.size() - sfx.size());
      if (e.types.count(stem) && e.types.at(stem) == "histogram") return stem;
    }
  }
  return {};
}

// Every rule this file checks; returns the first violation or empty.
std::string Validate(const Exposition& e) {
  if (!e.error.empty()) return e.error;
  for (const auto& [name, type] : e.types) {
    if (!e.helps.count(name)) return "no HELP for " + name;
    if (type == "counter" && (name.size() < 6 || name.substr(name.size() - 6) != "_total")) return "counter without _total: " + name;
  }
  for (const auto& s : e.samples) {
    if (FamilyOf(e, s.name).empty()) return "sample of an undeclared family: " + s.name;
  }
  for (const auto& [family, type] : e.types) {
    if (type != "histogram") continue;
    std::vector<std::pair<double, double>> buckets;
    double count = -1;
    for (const auto& s : e.samples) {
      if (s.name == family + "_bucket") {
        if (!s.labels.count("le")) return "bucket without le: " + family;
        bool ok = false;
        buckets.emplace_back(ParseValue(s.labels.at("le"), &ok), s.value);
        if (!ok) return "bad le: " + family;
      }
      if (s.name == family + "_count") count = s.value;
    }
    if (buckets.empty() || !std::isinf(buckets.back().first)) return "no +Inf bucket: " + family;
    for (std::size_t i = 1; i < buckets.size(); ++i) {
      if (!(buckets[i].first > buckets[i - 1].first)) return "le not ascending: " + family;
      if (buckets[i].second < buckets[i - 1].second) return "buckets not cumulative: " + family;
    }
    if (buckets.back().second != count) return "+Inf bucket differs from _count: " + family;
  }
  return {};
}

double Value(const Exposition& e, const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  for (const auto& s : e.samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  return NAN;
}

std::string Realistic() {
  rpc::RpcCountersSnapshot rpc;
  rpc.methods = {{"chain.head", 10}, {"tx.submit", 3}, {"unknown", 1}};
  rpc.routes = {{"/chain/block/{block}", 4}, {"/health", 100}};
  rpc.errors = {{-32602, 2}, {-32004, 1}};
  return rpc::RenderMetrics(test::FakeNode::RealisticMetrics(), rpc);
}

}  // namespace

class TestMetrics : public QObject {
  Q_OBJECT

 private slots:
  void promtoolAcceptsTheText() {
    const QString promtool = QStandardPaths::findExecutable("promtool");
    if (promtool.isEmpty()) QSKIP("promtool not found (Debian package prometheus)");
    QTemporaryFile file;
    QVERIFY(file.open());
    const std::string text = Realistic();
    QCOMPARE(file.write(text.data(), static_cast<qint64>(text.size())), static_cast<qint64>(text.size()));
    file.close();
    QProcess process;
    process.setStandardInputFile(file.fileName());
    process.start(promtool, {"check", "metrics"});
    QVERIFY(process.waitForFinished(60'000));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, output.constData());
  }

  void everyFamilyDeclaredAndHistogramsCumulative() {
    const Exposition e = Parse(Realistic());
    const std::string problem = Validate(e);
    QVERIFY2(problem.empty(), problem.c_str());
    const std::map<std::string, std::string> expected = {
        {"cairn_chain_height", "gauge"},
        {"cairn_chain_finalized_height", "gauge"},
        {"cairn_chain_finality_lag_slots", "gauge"},
        {"cairn_chain_slot", "gauge"},
        {"cairn_block_process_seconds", "histogram"},
        {"cairn_vote_process_seconds", "histogram"},
        {"cairn_mempool_txs", "gauge"},
        {"cairn_mempool_bytes", "gauge"},
        {"cairn_mempool_admitted_total", "counter"},
        {"cairn_mempool_rejected_total", "counter"},
        {"cairn_peers", "gauge"},
        {"cairn_p2p_bytes_received_total", "counter"},
        {"cairn_p2p_bytes_sent_total", "counter"},
        {"cairn_validator_blocks_proposed_total", "counter"},
        {"cairn_validator_proposals_missed_total", "counter"},
        {"cairn_validator_votes_cast_total", "counter"},
        {"cairn_validator_votes_missed_total", "counter"},
        {"cairn_txs_included_total", "counter"},
        {"cairn_rpc_requests_total", "counter"},
        {"cairn_rpc_errors_total", "counter"},
    };
    for (const auto& [name, type] : expected) {
      QVERIFY2(e.types.count(name) && e.types.at(name) == type, name.c_str());
    }
    QCOMPARE(Value(e, "cairn_chain_height"), 1200.0);
    QCOMPARE(Value(e, "cairn_chain_finality_lag_slots"), 4.0);
    QCOMPARE(Value(e, "cairn_p2p_bytes_received_total"), 123456789012.0);
    QCOMPARE(Value(e, "cairn_block_process_seconds_bucket", {{"le", "0.005"}}), 10.0);
    QCOMPARE(Value(e, "cairn_block_process_seconds_bucket", {{"le", "+Inf"}}), 1201.0);
    QCOMPARE(Value(e, "cairn_block_process_seconds_count"), 1201.0);
    QCOMPARE(Value(e, "cairn_block_process_seconds_sum"), 31.75);
    QCOMPARE(Value(e, "cairn_rpc_requests_total", {{"method", "tx.submit"}}), 3.0);
    QCOMPARE(Value(e, "cairn_rpc_errors_total", {{"code", "-32602"}}), 2.0);
  }

  void labelValuesAreEscaped() {
    QCOMPARE(rpc::EscapeLabelValue("a\"b\\c\nd"), std::string("a\\\"b\\\\c\\nd"));
    rpc::RpcCountersSnapshot rpc;
    const std::string odd = "we\"ird\\na\nme";
    rpc.routes = {{odd, 5}};
    const Exposition e = Parse(rpc::RenderMetrics(api::MetricsSnapshot{}, rpc));
    QVERIFY2(Validate(e).empty(), Validate(e).c_str());
    QCOMPARE(Value(e, "cairn_rpc_rest_requests_total", {{"route", odd}}), 5.0);
  }

  void malformedHistogramStillRendersValidText() {
    api::MetricsSnapshot m;
    // More bounds than buckets, a non-cumulative run, a repeated bound, and a count below the buckets.
    m.block_process_seconds = api::Histogram{{0.1, 0.2, 0.2, 0.5}, {5, 3, 9}, 2, 1.5};
    m.vote_process_seconds = api::Histogram{{}, {}, 0, 0};
    const Exposition e = Parse(rpc::RenderMetrics(m, {}));
    const std::string problem = Validate(e);
    QVERIFY2(problem.empty(), problem.c_str());
    QCOMPARE(Value(e, "cairn_block_process_seconds_bucket", {{"le", "0.2"}}), 5.0);
    QCOMPARE(Value(e, "cairn_block_process_seconds_count"), 5.0);
    QCOMPARE(Value(e, "cairn_vote_process_seconds_bucket", {{"le", "+Inf"}}), 0.0);
  }

  void parserRejectsBrokenText() {
    // The checks above are only as good as the parser: it must see these problems.
    QVERIFY(!Validate(Parse("# HELP x_total a\n# TYPE x_total counter\ny_total 1\n")).empty());
    QVERIFY(!Validate(Parse("# HELP x a\n# TYPE x counter\nx 1\n")).empty());
    QVERIFY(!Validate(Parse("# TYPE x gauge\nx 1\n")).empty());
    QVERIFY(!Validate(Parse("# HELP h a\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                            "h_sum 1\nh_count 1\n")).empty());
    QVERIFY(!Validate(Parse("# HELP h a\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n")).empty());
    QVERIFY(!Validate(Parse("# HELP g a\n# TYPE g gauge\ng{a=\"x\\q\"} 1\n")).empty());
    QVERIFY(Validate(Parse("# HELP g a\n# TYPE g gauge\ng{a=\"x\\\"\"} 1\n")).empty());
  }
};

CAIRN_REGISTER_TEST(TestMetrics);
#include "test_metrics.moc"
