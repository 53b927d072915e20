#include "ui/wallet/qr_code.h"

#include <QPainter>

#include <qrencode.h>

#include <memory>

namespace cairn::ui {

QrCode::QrCode(QQuickItem* parent) : QQuickPaintedItem(parent) {
  setAntialiasing(false);  // modules must stay crisp squares
  setImplicitSize(200, 200);
}

void QrCode::setText(const QString& text) {
  if (text == m_text) return;
  m_text = text;
  m_width = 0;
  m_modules.clear();
  if (!text.isEmpty()) {
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (code) {
      m_width = code->width;
      m_modules.resize(static_cast<std::size_t>(m_width * m_width));
      for (int i = 0; i < m_width * m_width; ++i) m_modules[static_cast<std::size_t>(i)] = (code->data[i] & 1) != 0;
    }
  }
  emit textChanged();
  update();
}

void QrCode::setDarkColor(const QColor& c) {
  if (c == m_dark) return;
  m_dark = c;
  emit colorsChanged();
  update();
}

void QrCode::setLightColor(const QColor& c) {
  if (c == m_light) return;
  m_light = c;
  emit colorsChanged();
  update();
}

void QrCode::paint(QPainter* painter) {
  if (m_width <= 0) return;
  const int total = m_width + 2 * QUIET_ZONE;
  const int side = static_cast<int>(std::min(width(), height()));
  const int module = std::max(1, side / total);
  const int drawn = module * total;
  const int x0 = (static_cast<int>(width()) - drawn) / 2;
  const int y0 = (static_cast<int>(height()) - drawn) / 2;
  painter->setRenderHint(QPainter::Antialiasing, false);
  painter->fillRect(x0, y0, drawn, drawn, m_light);
  for (int y = 0; y < m_width; ++y) {
    for (int x = 0; x < m_width; ++x) {
      if (dark(x, y)) {
        painter->fillRect(x0 + (x + QUIET_ZONE) * module, y0 + (y + QUIET_ZONE) * module, module, module, m_dark);
      }
    }
  }
}

}  // namespace cairn::ui
