// Units: amounts between base units and what a person reads and types (QML singleton `Units`).
// Amounts reach QML as decimal strings of base units: they exceed 2^53, the limit of a JS number.
// The display unit (AppSettings::unit) is CAIRN (10^8 base units), mCAIRN (10^5) or uCAIRN (10^2).
//
// Thread safety: GUI thread (the pure functions Format/Parse from any thread). Ownership: the QML
// engine creates the singleton. Failure: parse() answers {ok: false, error: "..."} for bad input.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

#include "chain/amount.h"

namespace cairn::ui {

// Decimals of a display unit: CAIRN 8, mCAIRN 5, uCAIRN 2; nullopt for an unknown unit.
std::optional<int> UnitDecimals(const QString& unit);
// 150000000 base units in CAIRN -> "1.5"; with `group` thousands are separated ("12,345.6").
QString FormatUnits(chain::Amount amount, int decimals, bool group = false);
// "1.5" in CAIRN -> 150000000; an error sentence for anything else (see chain::ParseAmount).
util::Result<chain::Amount, QString> ParseUnits(const QString& text, int decimals);

class Units : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  Q_PROPERTY(QString unit READ unit NOTIFY unitChanged)  // the display unit's name, e.g. "CAIRN"

 public:
  explicit Units(QObject* parent = nullptr);

  QString unit() const;

  // Base units (decimal string) -> "1,234.5 CAIRN" (withUnit) or "1234.5"; "" for an invalid string.
  Q_INVOKABLE QString format(const QString& baseUnits, bool withUnit = true) const;
  // User text in the display unit -> {ok, baseUnits, error}. Accepts "," as thousands separators.
  Q_INVOKABLE QVariantMap parse(const QString& text) const;

 signals:
  void unitChanged();
};

}  // namespace cairn::ui
