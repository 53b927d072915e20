// cairn-bench gui: the real desktop app (app/desktop_app.h, offscreen unless a display is set) while
// its node produces and imports blocks as fast as the machine allows (a manual clock stepped slot after
// slot by a driver thread: each step is a full proposal, state transition, SQLite commit, vote,
// indexing and event delivery). The GUI thread's longest stall is measured by a 10 ms timer that
// records its own lateness, on the explorer page (the live block list) and then on the overview.
// Raw limits measured in the same run: the same timer's lateness on the idle app before the import,
// and the start-to-first-frame time of an empty Qt Quick window in the same process.
#include <QApplication>
#include <QElapsedTimer>
#include <QQmlApplicationEngine>
#include <QQuickView>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "bench_harness.h"
#include "bench_modes.h"
#include "cairn_qml_plugins.h"
#include "desktop_app.h"
#include "util/clock.h"

namespace cairn::bench {

namespace {

constexpr std::int64_t START_MS = 1'700'000'000'300;
constexpr std::int64_t GENESIS_MS = 1'700'000'001'000;  // the devnet genesis: the next whole second
constexpr std::int64_t SLOT_MS = 1000;

// A 10 ms timer measuring how late each of its ticks fires: the GUI thread's stalls.
class StallMeter {
 public:
  StallMeter() {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(10);
    QObject::connect(&m_timer, &QTimer::timeout, [this] {
      const qint64 now = m_clock.nsecsElapsed();
      if (m_last != 0) m_lateness_ms.push_back(static_cast<double>(now - m_last) / 1e6 - 10.0);
      m_last = now;
    });
  }
  void Start() {
    m_lateness_ms.clear();
    m_last = 0;
    m_clock.start();
    m_timer.start();
  }
  void Stop() { m_timer.stop(); }
  double Max() const { return m_lateness_ms.empty() ? 0 : *std::max_element(m_lateness_ms.begin(), m_lateness_ms.end()); }
  double Percentile(double p) const {
    if (m_lateness_ms.empty()) return 0;
    std::vector<double> v = m_lateness_ms;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
  }
  std::size_t Samples() const { return m_lateness_ms.size(); }

 private:
  QTimer m_timer;
  QElapsedTimer m_clock;
  qint64 m_last = 0;
  std::vector<double> m_lateness_ms;
};

void Pump(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

template <class Pred>
bool PumpUntil(Pred pred, int timeout_ms) {
  QElapsedTimer t;
  t.start();
  while (!pred()) {
    if (t.elapsed() > timeout_ms) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
  return true;
}

QVariant ShowPage(QQuickWindow* window, const char* page) {
  QVariant item;
  QMetaObject::invokeMethod(window, "showPage", Q_RETURN_ARG(QVariant, item), Q_ARG(QVariant, QString::fromLatin1(page)));
  return item;
}

// Start-to-first-frame of an empty Qt Quick window: what any Qt Quick app pays on this machine.
double EmptyWindowFirstFrameMs() {
  QElapsedTimer t;
  t.start();
  QQuickView view;
  view.resize(1200, 780);
  bool swapped = false;
  QObject::connect(&view, &QQuickWindow::frameSwapped, [&] { swapped = true; });
  view.show();
  PumpUntil([&] { return swapped; }, 10'000);
  return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

}  // namespace

int RunGui(int argc, char** argv, std::uint64_t blocks) {
  QElapsedTimer since_start;
  since_start.start();
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  QApplication qapp(argc, argv);
  QTemporaryDir dir;
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.filePath(QStringLiteral("config")));
  QCoreApplication::setOrganizationName(QStringLiteral("CairnBench"));
  {
    QSettings s;
    s.setValue(QStringLiteral("firstRunDone"), true);
    s.setValue(QStringLiteral("rpcEnabled"), false);
    s.setValue(QStringLiteral("dataDir"), dir.filePath(QStringLiteral("data")));
  }
  util::ManualClock clock{START_MS};
  runtime::NodeConfig config;
  config.clock = &clock;
  config.tick_source = runtime::TickSource::External;
  auto parsed = app::ParseStartupOptions({QStringLiteral("cairn"), QStringLiteral("--quiet"), QStringLiteral("--datadir"),
                                          dir.filePath(QStringLiteral("data")),
                                          QStringLiteral("--debug"), QStringLiteral("warn")});
  if (!parsed.options) return 1;

  app::DesktopApp desktop(*parsed.options, config);
  double first_frame_ms = -1;
  if (!desktop.Load()) return 1;
  QObject::connect(desktop.window(), &QQuickWindow::frameSwapped, [&] {
    if (first_frame_ms < 0) first_frame_ms = static_cast<double>(since_start.nsecsElapsed()) / 1e6;
  });
  desktop.StartNodeIfReady();
  if (!PumpUntil([&] { return first_frame_ms >= 0 && desktop.session().running(); }, 60'000)) {
    std::fprintf(stderr, "cairn-bench gui: the window or the node did not come up\n");
    return 1;
  }
  runtime::NodeContext* node = desktop.host().node();

  Report report("gui");
  std::printf("cairn-bench gui: %llu blocks imported as fast as the node can, the window %s\n",
              static_cast<unsigned long long>(blocks), qgetenv("QT_QPA_PLATFORM").constData());

  // Raw limit: the meter on the idle app.
  ShowPage(desktop.window(), "explorer");
  Pump(500);
  StallMeter meter;
  meter.Start();
  Pump(2000);
  meter.Stop();
  const double idle_max = meter.Max();

  // The import, first with the explorer's live list in view, then the overview.
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> finished{false};
  QElapsedTimer import_clock;
  import_clock.start();
  std::thread driver([&] {
    for (std::uint64_t slot = 1; slot <= blocks; ++slot) {
      const auto s = static_cast<std::int64_t>(slot);
      clock.SetMs(GENESIS_MS + s * SLOT_MS);
      node->RunDueTicks();
      clock.SetMs(GENESIS_MS + s * SLOT_MS + SLOT_MS / 3 + 1);
      node->RunDueTicks();
      done = slot;
    }
    finished = true;
  });
  meter.Start();
  bool switched = false;
  while (!finished) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    if (!switched && done >= blocks / 2) {
      ShowPage(desktop.window(), "overview");  // page switches happen while the node is busy, too
      switched = true;
    }
  }
  driver.join();
  const double import_s = static_cast<double>(import_clock.nsecsElapsed()) / 1e9;
  Pump(500);  // the last coalesced updates
  meter.Stop();
  const auto head = node->api().Head();

  const double empty_first_frame_ms = EmptyWindowFirstFrameMs();

  report.Figure("blocks", static_cast<double>(blocks), "blocks imported", "");
  report.Figure("import_blocks_per_s", static_cast<double>(blocks) / import_s, "import rate with the GUI running", "blocks/s");
  report.Figure("head_height", static_cast<double>(head.height), "head height at the end", "");
  report.Figure("raw_idle_stall_ms", idle_max, "raw: longest 10 ms-timer lateness, idle app", "ms");
  report.Figure("max_gui_stall_ms", meter.Max(), "longest GUI-thread stall during the import (goal < 50)", "ms");
  report.Figure("p99_gui_stall_ms", meter.Percentile(0.99), "p99 timer lateness during the import", "ms");
  report.Figure("stall_samples", static_cast<double>(meter.Samples()), "timer samples", "");
  report.Figure("raw_empty_window_first_frame_ms", empty_first_frame_ms,
                "raw: an empty Qt Quick window, start to first frame", "ms");
  report.Figure("start_to_first_frame_ms", first_frame_ms, "Cairn cold start (QApplication to first frame)", "ms");
  report.PrintJson();
  return meter.Max() < 50 ? 0 : 1;
}

}  // namespace cairn::bench
