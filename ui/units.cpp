#include "ui/units.h"

#include "ui/app_settings.h"

namespace cairn::ui {

std::optional<int> UnitDecimals(const QString& unit) {
  if (unit == QStringLiteral("CAIRN")) return 8;
  if (unit == QStringLiteral("mCAIRN")) return 5;
  if (unit == QStringLiteral("uCAIRN")) return 2;
  return std::nullopt;
}

QString FormatUnits(chain::Amount amount, int decimals, bool group) {
  const QString digits = QString::number(amount);
  QString whole = digits.size() > decimals ? digits.left(digits.size() - decimals) : QStringLiteral("0");
  QString frac = digits.size() > decimals ? digits.right(decimals) : digits.rightJustified(decimals, QLatin1Char('0'));
  while (frac.endsWith(QLatin1Char('0'))) frac.chop(1);
  if (group) {
    for (qsizetype i = whole.size() - 3; i > 0; i -= 3) whole.insert(i, QLatin1Char(','));
  }
  return frac.isEmpty() ? whole : whole + QLatin1Char('.') + frac;
}

util::Result<chain::Amount, QString> ParseUnits(const QString& text, int decimals) {
  QString t = text.trimmed();
  t.remove(QLatin1Char(','));
  if (t.isEmpty()) return util::Err(QObject::tr("Enter an amount."));
  const qsizetype point = t.indexOf(QLatin1Char('.'));
  const QString whole = point < 0 ? t : t.left(point);
  const QString frac = point < 0 ? QString() : t.mid(point + 1);
  if (frac.size() > decimals) return util::Err(QObject::tr("At most %n decimal(s) in this unit.", nullptr, decimals));
  // Written in base units, then as whole CAIRN with 8 decimals, so that chain::ParseAmount (the
  // chain's own rules: digits only, no leading zeros, no overflow) has the last word.
  // A unit with d decimals is 10^d base units: its digits, fraction padded to d, are base units.
  QString base = whole + frac.leftJustified(decimals, QLatin1Char('0'));
  if (point >= 0 && frac.isEmpty()) return util::Err(QObject::tr("Digits must follow the decimal point."));
  if (whole.isEmpty()) return util::Err(QObject::tr("Write a digit before the decimal point."));
  base = base.rightJustified(chain::AMOUNT_DECIMALS + 1, QLatin1Char('0'));
  QString coin_whole = base.left(base.size() - chain::AMOUNT_DECIMALS);
  if (whole != QStringLiteral("0") && whole.startsWith(QLatin1Char('0'))) {
    return util::Err(QObject::tr("Remove the leading zeros."));
  }
  while (coin_whole.size() > 1 && coin_whole.startsWith(QLatin1Char('0'))) coin_whole.remove(0, 1);
  const QString as_coin = coin_whole + QLatin1Char('.') + base.right(chain::AMOUNT_DECIMALS);
  auto parsed = chain::ParseAmount(as_coin.toStdString());
  if (!parsed) return util::Err(QString::fromStdString(parsed.error()));
  return *parsed;
}

Units::Units(QObject* parent) : QObject(parent) {
  if (auto* settings = AppSettings::Instance()) {
    connect(settings, &AppSettings::changed, this, &Units::unitChanged);
  }
}

QString Units::unit() const {
  auto* settings = AppSettings::Instance();
  const QString u = settings != nullptr ? settings->unit() : QStringLiteral("CAIRN");
  return UnitDecimals(u) ? u : QStringLiteral("CAIRN");
}

QString Units::format(const QString& baseUnits, bool withUnit) const {
  bool ok = false;
  const chain::Amount amount = baseUnits.toULongLong(&ok);
  if (!ok) return {};
  const QString u = unit();
  const QString text = FormatUnits(amount, *UnitDecimals(u), true);
  return withUnit ? text + QLatin1Char(' ') + (u == QStringLiteral("uCAIRN") ? QStringLiteral("µCAIRN") : u) : text;
}

QVariantMap Units::parse(const QString& text) const {
  auto parsed = ParseUnits(text, *UnitDecimals(unit()));
  if (!parsed) return {{QStringLiteral("ok"), false}, {QStringLiteral("error"), parsed.error()}};
  return {{QStringLiteral("ok"), true}, {QStringLiteral("baseUnits"), QString::number(*parsed)}};
}

}  // namespace cairn::ui
