#include "ui/wallet/wallet_controller.h"

#include <QSet>

#include <limits>
#include <memory>
#include <mutex>

#include "chain/address.h"
#include "ui/app_settings.h"
#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/session.h"
#include "ui/wallet/wallet_text.h"
#include "util/hex.h"

namespace cairn::ui {

namespace {

// Serialises this app's changes of the wallet's lock state (worker threads; see send()).
std::mutex& LockStateMutex() {
  static std::mutex mutex;
  return mutex;
}

using SecretPtr = std::shared_ptr<crypto::SecureBuffer>;

// A passphrase or mnemonic leaves Qt's strings for a buffer that wipes itself; the UTF-8 copy made on
// the way is wiped at once. (The QString the caller holds is QML's: the page clears its field.)
SecretPtr Secret(const QString& text) {
  QByteArray utf8 = text.toUtf8();
  auto buffer = std::make_shared<crypto::SecureBuffer>(crypto::SecureBuffer::CopyOf(
      util::ByteSpan(reinterpret_cast<const std::uint8_t*>(utf8.constData()), static_cast<std::size_t>(utf8.size()))));
  crypto::Wipe(std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(utf8.data()), static_cast<std::size_t>(utf8.size())));
  return buffer;
}

std::string_view View(const crypto::SecureBuffer& buffer) {
  return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

std::optional<wallet::FeeLevel> ParseLevel(const QString& level) {
  if (level == QLatin1String("economy")) return wallet::FeeLevel::Economy;
  if (level == QLatin1String("normal") || level.isEmpty()) return wallet::FeeLevel::Normal;
  if (level == QLatin1String("priority")) return wallet::FeeLevel::Priority;
  return std::nullopt;
}

std::optional<chain::Amount> ParseBase(const QString& text) {
  bool ok = false;
  const qulonglong v = text.trimmed().toULongLong(&ok);
  if (!ok) return std::nullopt;
  return static_cast<chain::Amount>(v);
}

QString Base(chain::Amount amount) { return QString::number(static_cast<qulonglong>(amount)); }

chain::Amount SaturatingAdd(chain::Amount a, chain::Amount b) {
  return a > std::numeric_limits<chain::Amount>::max() - b ? std::numeric_limits<chain::Amount>::max() : a + b;
}

QString Prefix() {
  return Session::Instance() ? Session::Instance()->addressPrefix() : QString::fromLatin1(chain::TESTNET_HRP.data());
}

QString NormaliseWords(const QString& text) { return text.simplified().toLower(); }

// Overwrites a temporary copy of secret text before it is freed (a string shared with another, e.g.
// the caller's, is detached first, so only the copy is touched).
void WipeText(QString& text) { text.fill(QChar(0)); }

// Recovery words as the wallet takes them (single spaces, lower case), with the normalised copy wiped.
SecretPtr WordsSecret(const QString& text) {
  QString words = NormaliseWords(text);
  SecretPtr secret = Secret(words);
  WipeText(words);
  return secret;
}

}  // namespace

WalletController::WalletController(QObject* parent) : QObject(parent) {
  if (auto* session = Session::Instance()) {
    connect(session, &Session::stateChanged, this, &WalletController::OnSessionState);
    connect(&session->events(), &EventBridge::walletActivity, this, &WalletController::refresh);
    connect(&session->events(), &EventBridge::headChanged, this, &WalletController::refresh);
  }
  if (auto* settings = AppSettings::Instance()) {
    connect(settings, &AppSettings::changed, this, &WalletController::ApplyAutoLock);
  }
  OnSessionState();
}

WalletController::~WalletController() { WipeMnemonic(); }

api::Wallet* WalletController::Wallet() const {
  return Session::Instance() ? Session::Instance()->wallet() : nullptr;
}

bool WalletController::available() const { return Wallet() != nullptr; }

void WalletController::OnSessionState() {
  const bool running = Wallet() != nullptr;
  if (running == m_was_running) return;
  m_was_running = running;
  emit stateChanged();
  if (running) {
    m_applied_auto_lock = -1;
    ApplyAutoLock();
    refresh();
  }
}

void WalletController::ApplyAutoLock() {
  auto* settings = AppSettings::Instance();
  api::Wallet* w = Wallet();
  if (!settings || !w) return;
  const int minutes = settings->autoLockMinutes();
  if (minutes == m_applied_auto_lock) return;
  m_applied_auto_lock = minutes;
  const std::int64_t ms = std::int64_t{minutes} * 60'000;
  RunAsync(
      this, [w, ms] { return w->SetAutoLock(ms); },
      [this](api::Result<void> r) {
        if (!r) SetError(ErrorSentence(r.error()));
      });
}

// ---- state ------------------------------------------------------------------------------------

void WalletController::refresh() {
  api::Wallet* w = Wallet();
  if (!w) return;
  if (m_refreshing) {  // a burst of events: one more refresh after this one, not one per event
    m_refresh_again = true;
    return;
  }
  m_refreshing = true;
  emit busyChanged();
  RunAsync(
      this,
      [w] {
        Snapshot s;
        s.info = w->Info();
        if (s.info.exists) {
          auto accounts = w->Accounts();
          if (accounts) s.accounts = std::move(*accounts);
          else s.error = accounts.error();
        }
        return s;
      },
      [this](Snapshot s) {
        m_refreshing = false;
        Apply(std::move(s));
        emit busyChanged();
        if (m_refresh_again) {
          m_refresh_again = false;
          refresh();
        }
      });
}

void WalletController::Apply(Snapshot s) {
  const bool state_changed = !m_loaded || s.info.exists != m_info.exists || s.info.watch_only != m_info.watch_only ||
                             s.info.confirmed != m_info.confirmed || s.info.locked != m_info.locked;
  m_info = s.info;
  m_loaded = true;
  if (s.error) {
    SetError(ErrorSentence(*s.error));
  } else {
    // Compare before replacing: an unchanged balance should not re-lay out every page on each head.
    bool same = s.accounts.size() == m_accounts.size();
    for (std::size_t i = 0; same && i < s.accounts.size(); ++i) {
      const auto& a = s.accounts[i];
      const auto& b = m_accounts[i];
      same = a.index == b.index && a.label == b.label && a.address == b.address && a.nonce == b.nonce &&
             a.balance.balance == b.balance.balance && a.balance.spendable == b.balance.spendable &&
             a.balance.bonded == b.balance.bonded && a.balance.unbonding == b.balance.unbonding &&
             a.balance.rewards == b.balance.rewards && a.balance.pending_out == b.balance.pending_out;
    }
    if (!same) {
      m_accounts = std::move(s.accounts);
      if (m_current >= static_cast<int>(m_accounts.size())) m_current = 0;
      if (m_select_newest && !m_accounts.empty()) m_current = static_cast<int>(m_accounts.size()) - 1;
      m_select_newest = false;
      std::vector<chain::Address> watched;
      for (const auto& a : m_accounts) watched.push_back(a.address);
      if (auto* session = Session::Instance()) session->events().SetWatchedAddresses(watched);
      emit accountsChanged();
    }
  }
  if (state_changed) emit stateChanged();
}

QVariantList WalletController::accounts() const {
  QVariantList list;
  const std::string hrp = Prefix().toStdString();
  for (const auto& a : m_accounts) {
    list.append(QVariantMap{
        {QStringLiteral("index"), static_cast<int>(a.index)},
        {QStringLiteral("label"), QString::fromStdString(a.label)},
        {QStringLiteral("address"), QString::fromStdString(chain::EncodeAddress(a.address, hrp))},
        {QStringLiteral("spendable"), Base(a.balance.spendable)},
        {QStringLiteral("balance"), Base(a.balance.balance)},
        {QStringLiteral("bonded"), Base(a.balance.bonded)},
        {QStringLiteral("unbonding"), Base(a.balance.unbonding)},
        {QStringLiteral("rewards"), Base(a.balance.rewards)},
        {QStringLiteral("pendingOut"), Base(a.balance.pending_out)},
        {QStringLiteral("nonce"), QString::number(a.nonce)},
    });
  }
  return list;
}

void WalletController::setCurrentAccount(int row) {
  if (row < 0 || row >= static_cast<int>(m_accounts.size()) || row == m_current) return;
  m_current = row;
  emit accountsChanged();
}

QVariantMap WalletController::current() const {
  const QVariantList list = accounts();
  return m_current < list.size() ? list[m_current].toMap() : QVariantMap{};
}

QString WalletController::receiveAddress() const {
  if (m_current >= static_cast<int>(m_accounts.size())) return {};
  return QString::fromStdString(chain::EncodeAddress(m_accounts[m_current].address, Prefix().toStdString()));
}

QVariantMap WalletController::totals() const {
  api::WalletBalance t;
  for (const auto& a : m_accounts) {
    t.balance = SaturatingAdd(t.balance, a.balance.balance);
    t.spendable = SaturatingAdd(t.spendable, a.balance.spendable);
    t.bonded = SaturatingAdd(t.bonded, a.balance.bonded);
    t.unbonding = SaturatingAdd(t.unbonding, a.balance.unbonding);
    t.rewards = SaturatingAdd(t.rewards, a.balance.rewards);
    t.pending_out = SaturatingAdd(t.pending_out, a.balance.pending_out);
  }
  return {{QStringLiteral("spendable"), Base(t.spendable)}, {QStringLiteral("balance"), Base(t.balance)},
          {QStringLiteral("bonded"), Base(t.bonded)},       {QStringLiteral("unbonding"), Base(t.unbonding)},
          {QStringLiteral("rewards"), Base(t.rewards)},     {QStringLiteral("pendingOut"), Base(t.pending_out)}};
}

void WalletController::SetError(const QString& error) {
  if (error == m_last_error) return;
  m_last_error = error;
  emit lastErrorChanged();
}

void WalletController::Finish(const QString& op, bool ok, const QString& message) {
  SetError(ok ? QString() : message);
  emit operationDone(op, ok, message);
}

// ---- operations ---------------------------------------------------------------------------------

template <typename Work>
void WalletController::RunOperation(const QString& op, Work work) {
  api::Wallet* w = Wallet();
  if (!w) {
    Finish(op, false, tr("The node is not running."));
    return;
  }
  ++m_busy;
  emit busyChanged();
  RunAsync(
      this, [w, work = std::move(work)]() mutable -> api::Result<void> { return work(*w); },
      [this, op](api::Result<void> r) {
        --m_busy;
        emit busyChanged();
        if (r) {
          if (op == QLatin1String("confirm")) WipeMnemonic();
          Finish(op, true, {});
        } else {
          Finish(op, false, ErrorSentence(r.error()));
        }
        refresh();
      });
}

void WalletController::create(const QString& passphrase, int words) {
  api::Wallet* w = Wallet();
  if (!w) {
    Finish(QStringLiteral("create"), false, tr("The node is not running."));
    return;
  }
  if (words != 12 && words != 15 && words != 18 && words != 21 && words != 24) words = 24;
  ++m_busy;
  emit busyChanged();
  SecretPtr pass = Secret(passphrase);
  RunAsync(
      this, [w, pass, words] { return w->Create(View(*pass), static_cast<std::size_t>(words)); },
      [this](api::Result<crypto::SecureBuffer> r) {
        --m_busy;
        emit busyChanged();
        if (r) {
          m_mnemonic = std::move(*r);
          emit mnemonicChanged();
          Finish(QStringLiteral("create"), true, {});
        } else {
          Finish(QStringLiteral("create"), false, ErrorSentence(r.error()));
        }
        refresh();
      });
}

QStringList WalletController::mnemonicWords() const {
  if (m_mnemonic.empty()) return {};
  return QString::fromUtf8(reinterpret_cast<const char*>(m_mnemonic.data()), static_cast<qsizetype>(m_mnemonic.size()))
      .split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

void WalletController::WipeMnemonic() {
  if (m_mnemonic.empty()) return;
  m_mnemonic = crypto::SecureBuffer();  // the old buffer wipes itself as it goes
  emit mnemonicChanged();
}

void WalletController::forgetMnemonic() { WipeMnemonic(); }

void WalletController::confirmMnemonic(const QString& words) {
  SecretPtr typed = WordsSecret(words);
  RunOperation(QStringLiteral("confirm"), [typed](api::Wallet& w) { return w.ConfirmMnemonic(View(*typed)); });
}

void WalletController::confirmSelectedWords(const QVariantList& positions, const QStringList& words) {
  const QStringList all = mnemonicWords();
  if (all.isEmpty()) {
    Finish(QStringLiteral("confirm"), false,
           tr("The recovery words are no longer in memory. Type all of them to confirm."));
    return;
  }
  if (positions.size() != words.size() || positions.isEmpty()) {
    Finish(QStringLiteral("confirm"), false, tr("Type each of the requested words."));
    return;
  }
  for (qsizetype i = 0; i < positions.size(); ++i) {
    const int pos = positions[i].toInt();
    QString typed = NormaliseWords(words[i]);
    const bool matches = pos >= 1 && pos <= all.size() && typed == all[pos - 1];
    WipeText(typed);
    if (!matches) {
      Finish(QStringLiteral("confirm"), false,
             tr("Word %1 does not match. Check what you wrote down and try again.").arg(pos));
      return;
    }
  }
  auto mnemonic = std::make_shared<crypto::SecureBuffer>(m_mnemonic.Clone());
  RunOperation(QStringLiteral("confirm"), [mnemonic](api::Wallet& w) { return w.ConfirmMnemonic(View(*mnemonic)); });
}

void WalletController::restore(const QString& mnemonic, const QString& bip39Passphrase, const QString& passphrase) {
  SecretPtr words = WordsSecret(mnemonic);
  SecretPtr bip39 = Secret(bip39Passphrase);
  SecretPtr pass = Secret(passphrase);
  RunOperation(QStringLiteral("restore"), [words, bip39, pass](api::Wallet& w) {
    return w.Restore(View(*words), View(*bip39), View(*pass));
  });
}

void WalletController::createWatchOnly(const QStringList& addresses) {
  std::vector<std::string> list;
  for (const QString& a : addresses) {
    const QString t = a.trimmed();
    if (!t.isEmpty()) list.push_back(t.toStdString());
  }
  RunOperation(QStringLiteral("watchOnly"), [list](api::Wallet& w) { return w.CreateWatchOnly(list); });
}

void WalletController::unlock(const QString& passphrase) {
  SecretPtr pass = Secret(passphrase);
  RunOperation(QStringLiteral("unlock"), [pass](api::Wallet& w) {
    std::lock_guard guard(LockStateMutex());
    return w.Unlock(View(*pass), 0);
  });
}

void WalletController::lock() {
  RunOperation(QStringLiteral("lock"), [](api::Wallet& w) -> api::Result<void> {
    std::lock_guard guard(LockStateMutex());
    w.Lock();
    return {};
  });
}

void WalletController::createAccount(const QString& label, const QString& passphrase) {
  const QString name = label.trimmed();
  if (name.isEmpty()) return Finish(QStringLiteral("createAccount"), false, tr("Give the account a name."));
  if (name.toUtf8().size() > 64) {
    return Finish(QStringLiteral("createAccount"), false, tr("The name is too long: at most 64 bytes."));
  }
  SecretPtr pass = Secret(passphrase);
  const std::string text = name.toStdString();
  m_select_newest = true;
  RunOperation(QStringLiteral("createAccount"), [pass, text](api::Wallet& w) -> api::Result<void> {
    // Unlock, derive and lock again as one step (see send()).
    std::lock_guard guard(LockStateMutex());
    const bool was_locked = w.Info().locked;
    if (was_locked && !pass->empty()) {
      if (auto u = w.Unlock(View(*pass), 0); !u) return util::Err(u.error());
    }
    auto created = w.CreateAccount(text);
    if (was_locked && !pass->empty()) w.Lock();
    if (!created) return util::Err(created.error());
    return {};
  });
}

void WalletController::renameAccount(int index, const QString& label) {
  const QString name = label.trimmed();
  if (name.isEmpty()) return Finish(QStringLiteral("renameAccount"), false, tr("Give the account a name."));
  if (name.toUtf8().size() > 64) {
    return Finish(QStringLiteral("renameAccount"), false, tr("The name is too long: at most 64 bytes."));
  }
  if (index < 0) return Finish(QStringLiteral("renameAccount"), false, tr("No such account."));
  const std::string text = name.toStdString();
  const auto account = static_cast<std::uint32_t>(index);
  RunOperation(QStringLiteral("renameAccount"),
               [account, text](api::Wallet& w) { return w.RenameAccount(account, text); });
}

// ---- fee and send -------------------------------------------------------------------------------

void WalletController::estimateFee(const QString& to, const QString& amountBase, const QString& level) {
  api::Wallet* w = Wallet();
  const auto lvl = ParseLevel(level);
  const std::uint64_t generation = ++m_fee_generation;
  if (!w || !lvl || m_accounts.empty()) {
    m_fee.clear();
    m_fee_error = !w ? tr("The node is not running.") : !lvl ? tr("Unknown fee level.") : QString();
    m_fee_busy = false;
    emit feeChanged();
    return;
  }
  // The fee depends on the transaction's size, not on who receives what: while the form is incomplete,
  // price a transfer to the account itself so the user sees the fee (and "Max" works) at once.
  const bool recipient_ok = AddressProblem(to, Prefix()).isEmpty();
  const std::string recipient =
      recipient_ok ? to.trimmed().toStdString() : chain::EncodeAddress(m_accounts[m_current].address, Prefix().toStdString());
  const chain::Amount amount = ParseBase(amountBase).value_or(1);
  const std::uint32_t account = m_accounts[m_current].index;
  m_fee_busy = true;
  emit feeChanged();
  RunAsync(
      this,
      [w, account, recipient, amount, level = *lvl] {
        return w->EstimateFee(account, wallet::TransferInput{recipient, amount}, level);
      },
      [this, generation](api::Result<api::FeeEstimate> r) {
        if (generation != m_fee_generation) return;  // the user changed the form meanwhile
        m_fee_busy = false;
        if (r) {
          m_fee = Base(r->fee);
          m_fee_error.clear();
        } else {
          m_fee.clear();
          m_fee_error = ErrorSentence(r.error());
        }
        emit feeChanged();
      });
}

void WalletController::send(const QString& to, const QString& amountBase, const QString& level, const QString& memo,
                            const QString& passphrase) {
  const QString op = QStringLiteral("send");
  api::Wallet* w = Wallet();
  if (!w) return Finish(op, false, tr("The node is not running."));
  if (const QString problem = AddressProblem(to, Prefix()); !problem.isEmpty()) return Finish(op, false, problem);
  const auto amount = ParseBase(amountBase);
  if (!amount || *amount == 0) return Finish(op, false, tr("Enter an amount greater than zero."));
  const auto lvl = ParseLevel(level);
  if (!lvl) return Finish(op, false, tr("Unknown fee level."));
  if (memo.toUtf8().size() > 256) return Finish(op, false, tr("The memo is too long: at most 256 bytes."));
  const std::uint32_t account = m_accounts.empty() ? 0 : m_accounts[m_current].index;
  SecretPtr pass = Secret(passphrase);
  const std::string recipient = to.trimmed().toStdString();
  const std::string memo_text = memo.toStdString();
  ++m_busy;
  emit busyChanged();
  RunAsync(
      this,
      [w, pass, account, recipient, amount = *amount, lvl = *lvl, memo_text]() -> api::Result<api::SentTx> {
        // Unlock, send and lock again as one step: another send or an unlock from another page (this app's
        // worker threads) must not lock the wallet under this Submit, nor be locked by it.
        std::lock_guard guard(LockStateMutex());
        const bool was_locked = w->Info().locked;
        if (!pass->empty()) {
          if (auto u = w->Unlock(View(*pass), 0); !u) return util::Err(u.error());
        }
        auto sent = w->Submit(account, wallet::TransferInput{recipient, amount}, lvl, std::nullopt, memo_text);
        // The passphrase unlocked the wallet for this send only: leave it as the user had it.
        if (was_locked && !pass->empty()) w->Lock();
        return sent;
      },
      [this, op](api::Result<api::SentTx> r) {
        --m_busy;
        emit busyChanged();
        if (r) Finish(op, true, QString::fromStdString(util::ToHex(r->id.span())));
        else Finish(op, false, ErrorSentence(r.error()));
        refresh();
      });
}

// ---- checks -------------------------------------------------------------------------------------

QString WalletController::validateAddress(const QString& text) const { return AddressProblem(text, Prefix()); }

QVariantMap WalletController::passphraseStrength(const QString& text) const {
  const Strength s = PassphraseStrength(text);
  return {{QStringLiteral("score"), s.score}, {QStringLiteral("hint"), s.hint}};
}

QString WalletController::validateMnemonic(const QString& text) const {
  QString normal = NormaliseWords(text);
  QStringList words = normal.split(QLatin1Char(' '), Qt::SkipEmptyParts);
  const QString problem = MnemonicProblem(words);
  WipeText(normal);
  for (QString& word : words) WipeText(word);
  return problem;
}

QString WalletController::MnemonicProblem(const QStringList& words) {
  if (words.isEmpty()) return tr("Enter your recovery words.");
  for (const QString& word : words) {
    for (QChar c : word) {
      if (c < QLatin1Char('a') || c > QLatin1Char('z')) {
        return tr("Recovery words contain only the letters a to z; \"%1\" has other characters.").arg(word);
      }
    }
  }
  if (words.size() % 3 != 0 || words.size() < 12 || words.size() > 24) {
    return tr("A recovery phrase has 12, 15, 18, 21 or 24 words; this has %n.", nullptr, static_cast<int>(words.size()));
  }
  return {};
}

QString WalletController::validateAddressList(const QString& text) const {
  const QStringList lines = text.split(QLatin1Char('\n'));
  int count = 0;
  QSet<QString> seen;
  for (qsizetype i = 0; i < lines.size(); ++i) {
    const QString line = lines[i].trimmed();
    if (line.isEmpty()) continue;
    ++count;
    if (const QString problem = AddressProblem(line, Prefix()); !problem.isEmpty()) {
      return tr("Line %1: %2").arg(i + 1).arg(problem);
    }
    if (seen.contains(line.toLower())) return tr("Line %1: this address is already in the list.").arg(i + 1);
    seen.insert(line.toLower());
  }
  return count == 0 ? tr("Enter at least one address, one per line.") : QString();
}

}  // namespace cairn::ui
