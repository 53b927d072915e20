// Driving the real desktop app's window the way a person would, for the GUI smoke test and the GUI
// benchmark: find items by their visible text or objectName, click them with synthesized mouse events,
// type into fields, wait for frames, save screenshots.
// Thread safety: the GUI thread.
#pragma once

#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QString>

#include <functional>

namespace cairn::test {

// The first visible item (depth first) whose `text` property equals `text` (buttons, labels).
QQuickItem* FindByText(QQuickItem* root, const QString& text);
// The first visible item with this objectName.
QQuickItem* FindByName(QQuickItem* root, const QString& name);
// Every visible item for which `pred` holds.
QList<QQuickItem*> FindAll(QQuickItem* root, const std::function<bool(QQuickItem*)>& pred);

// A left click in the middle of `item` (scrolled into view by the caller when needed).
void Click(QQuickWindow* window, QQuickItem* item);
// Focuses `field` by clicking it, selects what it holds and types `text` as key events.
void TypeInto(QQuickWindow* window, QQuickItem* field, const QString& text);

// Processes events until `pred` holds or `timeout_ms` passes; returns whether it held.
bool WaitUntil(const std::function<bool()>& pred, int timeout_ms);
// Lets the scene graph render at least `frames` frames (offscreen: one per update request).
void WaitFrames(QQuickWindow* window, int frames = 2);

// Renders the window and saves it as <dir>/<name>.png; returns the image (null on failure).
QImage SaveScreenshot(QQuickWindow* window, const QString& dir, const QString& name);
// True when the image has more than `min_colors` distinct colours (a page, not a blank window).
bool LooksDrawn(const QImage& image, int min_colors = 12);

}  // namespace cairn::test
