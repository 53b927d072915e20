#include "desktop_app.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QQuickStyle>

#include "util/log.h"

namespace cairn::app {

namespace {

// Fusion: a desktop look that every scene-graph backend draws, including the software renderer of
// machines without OpenGL (Material's raised buttons and dialogs are shader effects that it cannot draw:
// primary buttons would be invisible there). QT_QUICK_CONTROLS_STYLE still overrides it.
void SetStyle() {
  if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE")) QQuickStyle::setStyle(QStringLiteral("Fusion"));
  QPalette palette = QGuiApplication::palette();
  palette.setColor(QPalette::Highlight, QColor(0x1f, 0x7a, 0x6d));
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::Link, QColor(0x1f, 0x7a, 0x6d));
  QGuiApplication::setPalette(palette);
}

// resources/icons/cairn.svg drawn with QPainter (this Qt has no SVG image plugin): a stack of stones
// on a teal tile.
QIcon CairnIcon() {
  QIcon icon;
  for (int size : {16, 32, 48, 64, 128, 256}) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x1f, 0x7a, 0x6d));
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48);
    const struct { double cx, cy, rx, ry; QRgb color; } stones[] = {
        {128, 198, 78, 24, 0xd7eeea}, {128, 152, 60, 22, 0xb9e0d9}, {128, 110, 44, 19, 0xd7eeea},
        {128, 74, 28, 15, 0xb9e0d9}, {128, 46, 11, 11, 0xffffff}};
    for (const auto& s : stones) {
      p.setBrush(QColor(s.color));
      p.drawEllipse(QPointF(s.cx, s.cy), s.rx, s.ry);
    }
    p.end();
    icon.addPixmap(pixmap);
  }
  return icon;
}

}  // namespace

// The command line's --datadir is what the first run proposes; --network/--datadir given explicitly
// become the saved choice.
DesktopApp::DesktopApp(const StartupOptions& options, runtime::NodeConfig config_template)
    : m_options(options), m_settings(options.base_datadir), m_host(options), m_session(m_host) {
  cairn::app::ApplyNetworkOptions(options, config_template);
  m_host.SetConfigTemplate(std::move(config_template));
  if (options.network_given) m_settings.setNetwork(options.network);
  if (options.datadir_given) m_settings.setDataDir(options.base_datadir);
  SetStyle();
  m_engine.addImportPath(QStringLiteral("qrc:/"));  // Qt 6.4 does not look for our modules' qmldirs there
}

DesktopApp::~DesktopApp() {
  m_session.shutdown();  // the node stops before the QML engine and the session go
}

bool DesktopApp::Load() {
  m_engine.load(QUrl(QStringLiteral("qrc:/Cairn/Main.qml")));
  if (window() == nullptr) {
    CAIRN_LOG(App, Error) << "the window could not be loaded (see the QML errors above)";
    return false;
  }
  return true;
}

void DesktopApp::StartNodeIfReady() {
  if (m_settings.firstRunDone()) m_session.start(m_settings.network(), m_settings.dataDir());
}

QQuickWindow* DesktopApp::window() const {
  const auto roots = m_engine.rootObjects();
  return roots.isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(roots.first());
}

int RunGui(const StartupOptions& options) {
  QGuiApplication::setApplicationDisplayName(QStringLiteral("Cairn"));
  QGuiApplication::setDesktopFileName(QStringLiteral("org.cairn.Cairn"));
  QGuiApplication::setWindowIcon(CairnIcon());
  DesktopApp app(options);
  if (!app.Load()) return 1;
  app.StartNodeIfReady();
  return QApplication::exec();
}

}  // namespace cairn::app
