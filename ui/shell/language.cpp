#include "ui/shell/language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QQmlEngine>

#include "ui/app_settings.h"

namespace cairn::ui {

Language::Language(QQmlEngine* engine, QObject* parent) : QObject(parent), m_engine(engine) {}

Language::~Language() {
  if (m_translator) QCoreApplication::removeTranslator(m_translator.get());
}

Language* Language::create(QQmlEngine* engine, QJSEngine*) {
  auto* language = new Language(engine);
  if (AppSettings* settings = AppSettings::Instance()) language->apply(settings->language());
  return language;
}

bool Language::apply(const QString& code) {
  QString wanted = code;
  if (wanted.isEmpty()) wanted = QLocale::system().name().section(QLatin1Char('_'), 0, 0);
  if (m_translator) {
    QCoreApplication::removeTranslator(m_translator.get());
    m_translator.reset();
  }
  bool ok = true;
  QString installed = QStringLiteral("en");
  if (wanted != QStringLiteral("en")) {
    auto translator = std::make_unique<QTranslator>();
    if (translator->load(QStringLiteral(":/i18n/cairn_%1.qm").arg(wanted))) {
      QCoreApplication::installTranslator(translator.get());
      m_translator = std::move(translator);
      installed = wanted;
    } else {
      ok = code.isEmpty();  // a system language without a translation is simply English
    }
  }
  if (m_engine) m_engine->retranslate();
  if (installed != m_current) {
    m_current = installed;
    emit currentChanged();
  }
  return ok;
}

}  // namespace cairn::ui
