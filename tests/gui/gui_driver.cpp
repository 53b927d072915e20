#include "gui_driver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QSet>
#include <QTest>

namespace cairn::test {

QList<QQuickItem*> FindAll(QQuickItem* root, const std::function<bool(QQuickItem*)>& pred) {
  QList<QQuickItem*> found;
  if (root == nullptr || !root->isVisible()) return found;
  if (pred(root)) found.append(root);
  for (QQuickItem* child : root->childItems()) found.append(FindAll(child, pred));
  return found;
}

QQuickItem* FindByText(QQuickItem* root, const QString& text) {
  const auto all = FindAll(root, [&](QQuickItem* item) {
    const QVariant v = item->property("text");
    return v.isValid() && v.toString() == text;
  });
  return all.isEmpty() ? nullptr : all.first();
}

QQuickItem* FindByName(QQuickItem* root, const QString& name) {
  const auto all = FindAll(root, [&](QQuickItem* item) { return item->objectName() == name; });
  return all.isEmpty() ? nullptr : all.first();
}

void Click(QQuickWindow* window, QQuickItem* item) {
  const QPointF center = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
  QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, center.toPoint());
  QCoreApplication::processEvents();
}

void TypeInto(QQuickWindow* window, QQuickItem* field, const QString& text) {
  Click(window, field);
  field->forceActiveFocus();
  QMetaObject::invokeMethod(field, "selectAll");
  QTest::keyClick(window, Qt::Key_Delete);
  // QTest::keyClicks takes only widgets in Qt 6.4: key events carrying the text, one per character.
  for (const QChar c : text) {
    QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
    QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c));
    QGuiApplication::sendEvent(window, &press);
    QGuiApplication::sendEvent(window, &release);
  }
  QCoreApplication::processEvents();
}

bool WaitUntil(const std::function<bool()>& pred, int timeout_ms) {
  QElapsedTimer timer;
  timer.start();
  while (!pred()) {
    if (timer.elapsed() > timeout_ms) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QTest::qWait(10);
  }
  return true;
}

void WaitFrames(QQuickWindow* window, int frames) {
  for (int i = 0; i < frames; ++i) {
    bool swapped = false;
    const auto c = QObject::connect(window, &QQuickWindow::frameSwapped, window, [&] { swapped = true; });
    window->update();
    WaitUntil([&] { return swapped; }, 1000);
    QObject::disconnect(c);
  }
}

QImage SaveScreenshot(QQuickWindow* window, const QString& dir, const QString& name) {
  QDir().mkpath(dir);
  const QImage image = window->grabWindow();
  if (!image.isNull()) image.save(QDir(dir).filePath(name + QStringLiteral(".png")));
  return image;
}

bool LooksDrawn(const QImage& image, int min_colors) {
  if (image.isNull()) return false;
  QSet<QRgb> colors;
  for (int y = 0; y < image.height(); y += 7) {
    for (int x = 0; x < image.width(); x += 7) {
      colors.insert(image.pixel(x, y));
      if (colors.size() > min_colors) return true;
    }
  }
  return false;
}

}  // namespace cairn::test
