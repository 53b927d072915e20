// WalletController (QML `WalletController`): the wallet as the pages see it. State (exists, watch-only,
// confirmed, locked), accounts with balances, the selected account's receive address, and the actions:
// create (the recovery words are shown once, kept in memory until confirmed, then wiped), confirm,
// restore, watch-only, unlock/lock, fee estimate and send. Each page may make its own instance: they all
// read the same wallet through Session.
//
// Thread safety: GUI thread only. Every api::Wallet call runs through RunAsync; results come back as
// property changes and `operationDone(operation, ok, message)`.
// Ownership: QML owns instances; the wallet is borrowed from Session while it runs.
// Failure: every failed call ends in `operationDone(op, false, sentence)` (wallet_text.h wording) and
// lastError; nothing throws. Passphrases are copied only into the worker job that needs them, in
// self-wiping buffers; the copies this class makes on the way are wiped. The strings QML holds (the text
// fields') are JavaScript's and cannot be wiped: the pages clear their fields after use.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <vector>

#include "api/wallet.h"
#include "crypto/secure_memory.h"

namespace cairn::ui {

class WalletController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(bool available READ available NOTIFY stateChanged)  // the node runs and has a wallet interface
  Q_PROPERTY(bool loaded READ loaded NOTIFY stateChanged)         // the first refresh answered
  Q_PROPERTY(bool exists READ exists NOTIFY stateChanged)
  Q_PROPERTY(bool watchOnly READ watchOnly NOTIFY stateChanged)
  Q_PROPERTY(bool confirmed READ confirmed NOTIFY stateChanged)
  Q_PROPERTY(bool locked READ locked NOTIFY stateChanged)
  Q_PROPERTY(bool canSend READ canSend NOTIFY stateChanged)  // exists, has keys, confirmed
  // Each: {index, label, address, spendable, balance, bonded, unbonding, rewards, pendingOut, nonce};
  // amounts as base-unit strings.
  Q_PROPERTY(QVariantList accounts READ accounts NOTIFY accountsChanged)
  Q_PROPERTY(int currentAccount READ currentAccount WRITE setCurrentAccount NOTIFY accountsChanged)  // row in accounts
  Q_PROPERTY(QVariantMap current READ current NOTIFY accountsChanged)  // accounts[currentAccount] or {}
  Q_PROPERTY(QString receiveAddress READ receiveAddress NOTIFY accountsChanged)
  Q_PROPERTY(QVariantMap totals READ totals NOTIFY accountsChanged)  // balances summed over accounts
  Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)        // create/confirm/restore/watch-only/unlock/send
  Q_PROPERTY(bool refreshing READ refreshing NOTIFY busyChanged)
  Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
  // The recovery words of a wallet just created, until confirmMnemonic succeeds or forgetMnemonic.
  Q_PROPERTY(QStringList mnemonicWords READ mnemonicWords NOTIFY mnemonicChanged)
  Q_PROPERTY(bool feeBusy READ feeBusy NOTIFY feeChanged)
  Q_PROPERTY(QString fee READ fee NOTIFY feeChanged)  // base units of the last estimate, "" when none
  Q_PROPERTY(QString feeError READ feeError NOTIFY feeChanged)

 public:
  explicit WalletController(QObject* parent = nullptr);
  ~WalletController() override;

  bool available() const;
  bool loaded() const { return m_loaded; }
  bool exists() const { return m_info.exists; }
  bool watchOnly() const { return m_info.watch_only; }
  bool confirmed() const { return m_info.confirmed; }
  bool locked() const { return m_info.locked; }
  bool canSend() const { return m_info.exists && !m_info.watch_only && m_info.confirmed; }
  QVariantList accounts() const;
  int currentAccount() const { return m_current; }
  void setCurrentAccount(int row);
  QVariantMap current() const;
  QString receiveAddress() const;
  QVariantMap totals() const;
  bool busy() const { return m_busy > 0; }
  bool refreshing() const { return m_refreshing; }
  QString lastError() const { return m_last_error; }
  QStringList mnemonicWords() const;
  bool feeBusy() const { return m_fee_busy; }
  QString fee() const { return m_fee; }
  QString feeError() const { return m_fee_error; }

  Q_INVOKABLE void refresh();
  // Operations ("create", "confirm", "restore", "watchOnly", "unlock", "send") end in operationDone.
  Q_INVOKABLE void create(const QString& passphrase, int words = 24);
  // The whole mnemonic as typed (spaces and case are normalised).
  Q_INVOKABLE void confirmMnemonic(const QString& words);
  // Checks chosen words (1-based positions) against the words in memory, then confirms with them all.
  Q_INVOKABLE void confirmSelectedWords(const QVariantList& positions, const QStringList& words);
  Q_INVOKABLE void forgetMnemonic();  // wipes the words in memory (e.g. the user left the setup)
  Q_INVOKABLE void restore(const QString& mnemonic, const QString& bip39Passphrase, const QString& passphrase);
  Q_INVOKABLE void createWatchOnly(const QStringList& addresses);
  Q_INVOKABLE void unlock(const QString& passphrase);
  Q_INVOKABLE void lock();
  // A new account (the next derivation index) with `label`; the passphrase unlocks the wallet for it when
  // locked (and it is locked again after). operationDone("createAccount", ...); the new account is then
  // the current one.
  Q_INVOKABLE void createAccount(const QString& label, const QString& passphrase);
  // operationDone("renameAccount", ...). `label` is trimmed; empty is refused.
  Q_INVOKABLE void renameAccount(int index, const QString& label);
  // level: "economy", "normal" or "priority". Results land in fee/feeError; a newer call wins.
  Q_INVOKABLE void estimateFee(const QString& to, const QString& amountBase, const QString& level);
  // Unlocks with `passphrase` (when given), submits from the current account, and locks again when it
  // was locked before. operationDone("send", true, txId) or (.., false, sentence).
  Q_INVOKABLE void send(const QString& to, const QString& amountBase, const QString& level, const QString& memo,
                        const QString& passphrase);

  // "" or a sentence (wallet_text.h) for the session's network prefix.
  Q_INVOKABLE QString validateAddress(const QString& text) const;
  // {score: 0..4, hint: "..."}
  Q_INVOKABLE QVariantMap passphraseStrength(const QString& text) const;
  // Mnemonic text -> "" or why it cannot be a recovery phrase (word count, characters).
  Q_INVOKABLE QString validateMnemonic(const QString& text) const;
  // Addresses one per line -> "" or the first problem ("Line 2: ...").
  Q_INVOKABLE QString validateAddressList(const QString& text) const;

 signals:
  void stateChanged();
  void accountsChanged();
  void busyChanged();
  void lastErrorChanged();
  void mnemonicChanged();
  void feeChanged();
  void operationDone(const QString& operation, bool ok, const QString& message);

 private:
  // Why these recovery words cannot be a phrase, or empty (validateMnemonic wipes them after).
  static QString MnemonicProblem(const QStringList& words);
  struct Snapshot {
    api::WalletInfo info;
    std::vector<api::WalletAccount> accounts;
    std::optional<api::Error> error;
  };
  api::Wallet* Wallet() const;
  void OnSessionState();
  void ApplyAutoLock();
  void Apply(Snapshot snapshot);
  // Runs `work` (returning api::Result<void>) as operation `op` and refreshes afterwards.
  template <typename Work>
  void RunOperation(const QString& op, Work work);
  void Finish(const QString& op, bool ok, const QString& message);
  void SetError(const QString& error);
  void WipeMnemonic();

  api::WalletInfo m_info;
  std::vector<api::WalletAccount> m_accounts;
  int m_current = 0;
  bool m_select_newest = false;  // createAccount: the next accounts that differ make the newest current
  bool m_loaded = false;
  bool m_refreshing = false;
  bool m_refresh_again = false;
  int m_busy = 0;
  QString m_last_error;
  crypto::SecureBuffer m_mnemonic;
  bool m_fee_busy = false;
  QString m_fee;
  QString m_fee_error;
  std::uint64_t m_fee_generation = 0;
  int m_applied_auto_lock = -1;  // minutes last sent to the wallet
  bool m_was_running = false;
};

}  // namespace cairn::ui
