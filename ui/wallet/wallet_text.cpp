#include "ui/wallet/wallet_text.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

#include "chain/address.h"

namespace cairn::ui {

namespace {

// lupdate reads the context from this class.
class WalletText {
  Q_DECLARE_TR_FUNCTIONS(WalletText)
};

// A sentence from the api: it starts in lower case ("the wallet is locked"); shown on its own it
// reads better capitalised and with a full stop.
QString AsSentence(const std::string& message) {
  QString s = QString::fromStdString(message).trimmed();
  if (s.isEmpty()) return s;
  s[0] = s[0].toUpper();
  if (!s.endsWith(QLatin1Char('.')) && !s.endsWith(QLatin1Char('?')) && !s.endsWith(QLatin1Char('!'))) {
    s += QLatin1Char('.');
  }
  return s;
}

QString RejectedSentence(const std::string& code, const std::string& message) {
  if (code == "fee_too_low") return WalletText::tr("The network refused the transaction: its fee is too low. Choose a higher fee level and try again.");
  if (code == "insufficient_balance") return WalletText::tr("The network refused the transaction: the account does not have enough funds for the amount and the fee.");
  if (code == "stale_nonce" || code == "duplicate") return WalletText::tr("The network refused the transaction: it was already sent. Check your transactions before sending again.");
  if (code == "nonce_too_far" || code == "sender_limit") return WalletText::tr("The network refused the transaction: this account has too many transactions waiting. Try again after some are included.");
  if (code == "pool_full") return WalletText::tr("The network refused the transaction: the transaction pool is full. Try again later or choose a higher fee level.");
  if (code == "replacement_underpriced") return WalletText::tr("The network refused the transaction: a replacement must pay a higher fee.");
  if (code == "expired") return WalletText::tr("The network refused the transaction: it expired before it could be included.");
  const QString detail = AsSentence(message);
  return code.empty() ? WalletText::tr("The network refused the transaction. %1").arg(detail).trimmed()
                      : WalletText::tr("The network refused the transaction (%1). %2")
                            .arg(QString::fromStdString(code), detail)
                            .trimmed();
}

}  // namespace

QString ErrorSentence(const api::Error& error) {
  switch (error.kind) {
    case api::ErrorKind::Unavailable:
      if (error.code == "locked") return WalletText::tr("The wallet is locked. Enter your passphrase to unlock it.");
      if (error.code == "wrong_passphrase") return WalletText::tr("The passphrase is wrong. Check it and try again.");
      if (error.code == "try_later") return WalletText::tr("Too many wrong passphrases. Wait a minute, then try again.");
      if (error.code == "unconfirmed") return WalletText::tr("Confirm your recovery words first: the wallet signs nothing until you have.");
      if (error.code == "watch_only") return WalletText::tr("This is a watch-only wallet: it has no keys and cannot send.");
      return error.message.empty() ? WalletText::tr("The node is not running.") : AsSentence(error.message);
    case api::ErrorKind::Rejected:
      return RejectedSentence(error.code, error.message);
    case api::ErrorKind::NotFound:
      return error.message.empty() ? WalletText::tr("There is no wallet yet.") : AsSentence(error.message);
    case api::ErrorKind::InvalidArgument:
      return AsSentence(error.message);
    case api::ErrorKind::Internal:
      return WalletText::tr("The wallet failed: %1 The node's log has the details.").arg(AsSentence(error.message));
  }
  return AsSentence(error.message);
}

QString AddressProblem(const QString& text, const QString& prefix) {
  const QString trimmed = text.trimmed();
  if (trimmed.isEmpty()) return WalletText::tr("Enter an address.");
  const std::string hrp = prefix.toStdString();
  auto decoded = chain::DecodeAddress(trimmed.toStdString(), hrp);
  if (decoded) return {};
  switch (decoded.error().kind) {
    case chain::AddressErrorKind::WrongPrefix:
      return WalletText::tr("This address belongs to another network: addresses here start with \"%1\".").arg(prefix);
    case chain::AddressErrorKind::WrongLength:
      return WalletText::tr("This is not an account address (it has the wrong length).");
    case chain::AddressErrorKind::Bech32:
      break;
  }
  if (!trimmed.toLower().startsWith(prefix + QLatin1Char('1'))) {
    return WalletText::tr("An address here starts with \"%1\".").arg(prefix + QLatin1Char('1'));
  }
  return WalletText::tr("This address has a typo: a character is wrong, missing or extra.");
}

Strength PassphraseStrength(const QString& text) {
  if (text.isEmpty()) return {0, WalletText::tr("Choose a passphrase of at least 12 characters, or several words.")};
  // The passwords every guesser tries first (and this app's own name).
  static const QStringList COMMON = {
      QStringLiteral("password"), QStringLiteral("passwort"), QStringLiteral("123456"), QStringLiteral("qwerty"),
      QStringLiteral("azerty"),   QStringLiteral("letmein"),  QStringLiteral("welcome"), QStringLiteral("admin"),
      QStringLiteral("iloveyou"), QStringLiteral("monkey"),   QStringLiteral("dragon"),  QStringLiteral("secret"),
      QStringLiteral("abc123"),   QStringLiteral("cairn"),    QStringLiteral("wallet"),  QStringLiteral("bitcoin"),
      QStringLiteral("111111"),   QStringLiteral("000000"),   QStringLiteral("asdf"),    QStringLiteral("football")};
  const QString lower = text.toLower();

  bool has_lower = false, has_upper = false, has_digit = false, has_other = false;
  for (QChar c : text) {
    if (c.isLower()) has_lower = true;
    else if (c.isUpper()) has_upper = true;
    else if (c.isDigit()) has_digit = true;
    else has_other = true;
  }
  int pool = (has_lower ? 26 : 0) + (has_upper ? 26 : 0) + (has_digit ? 10 : 0) + (has_other ? 33 : 0);
  const int classes = int(has_lower) + int(has_upper) + int(has_digit) + int(has_other);

  // Effective length: repeats and runs ("aaaa", "1234", "abcd") add almost nothing for a guesser.
  double effective = 0;
  for (qsizetype i = 0; i < text.size(); ++i) {
    if (i > 0) {
      const int step = text[i].unicode() - text[i - 1].unicode();
      if (step == 0 || step == 1 || step == -1) {
        effective += 0.25;
        continue;
      }
    }
    effective += 1;
  }
  QString common_hit;
  for (const QString& word : COMMON) {
    if (lower.contains(word)) {
      if (common_hit.isEmpty()) common_hit = word;
      effective -= word.size() - 1;  // a dictionary word counts as about one character
    }
  }
  effective = std::max(effective, 1.0);
  const double bits = effective * std::log2(std::max(pool, 2));

  Strength s;
  s.score = bits < 28 ? 0 : bits < 40 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  if (!common_hit.isEmpty()) s.score = std::min(s.score, 1);
  if (!common_hit.isEmpty()) {
    s.hint = WalletText::tr("Avoid common words and patterns such as \"%1\".").arg(common_hit);
  } else if (effective < text.size() * 0.75) {
    s.hint = WalletText::tr("Avoid repeated characters and runs like \"abcd\" or \"1234\".");
  } else if (text.size() < 12) {
    s.hint = WalletText::tr("Make it longer: 12 characters or more, or several unrelated words.");
  } else if (s.score < 3 && classes < 3) {
    s.hint = WalletText::tr("Add another word, or mix in capitals, digits or symbols.");
  } else if (s.score < 4) {
    s.hint = WalletText::tr("Good. One more word would make it strong.");
  } else {
    s.hint = WalletText::tr("Strong passphrase.");
  }
  return s;
}

}  // namespace cairn::ui
