// QrCode (QML `QrCode`): paints `text` as a QR code (libqrencode, error correction level M, 8-bit mode)
// with the standard quiet zone of 4 modules, scaled to the largest whole module size that fits and
// centred; a fraction of a module would blur the edges that scanners rely on.
//
// Thread safety: GUI thread (the scene graph calls paint on the render thread with the GUI thread
// blocked, as for every QQuickPaintedItem). Ownership: QML owns it.
// Failure: text that cannot be encoded (too long) paints nothing and sets `valid` false.
#pragma once

#include <QColor>
#include <QQuickPaintedItem>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace cairn::ui {

class QrCode : public QQuickPaintedItem {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
  Q_PROPERTY(QColor darkColor READ darkColor WRITE setDarkColor NOTIFY colorsChanged)
  Q_PROPERTY(QColor lightColor READ lightColor WRITE setLightColor NOTIFY colorsChanged)
  Q_PROPERTY(bool valid READ valid NOTIFY textChanged)
  Q_PROPERTY(int modules READ modules NOTIFY textChanged)  // symbol width in modules, without quiet zone

 public:
  static constexpr int QUIET_ZONE = 4;

  explicit QrCode(QQuickItem* parent = nullptr);

  QString text() const { return m_text; }
  void setText(const QString& text);
  QColor darkColor() const { return m_dark; }
  void setDarkColor(const QColor& c);
  QColor lightColor() const { return m_light; }
  void setLightColor(const QColor& c);
  bool valid() const { return m_width > 0; }
  int modules() const { return m_width; }
  bool dark(int x, int y) const { return m_modules[static_cast<std::size_t>(y * m_width + x)]; }

  void paint(QPainter* painter) override;

 signals:
  void textChanged();
  void colorsChanged();

 private:
  QString m_text;
  QColor m_dark{Qt::black};
  QColor m_light{Qt::white};
  int m_width = 0;
  std::vector<bool> m_modules;  // row-major, m_width * m_width
};

}  // namespace cairn::ui
