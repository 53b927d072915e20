// WalletService: runtime's implementation of api::Wallet (api/wallet.h) over wallet::Keystore, a
// wallet::NonceTracker, the tx builder and the live engine (DESIGN.md sections 1-2).
//
// The wallet file is <network_dir>/wallets/default.wallet (the folder is created 0700 when a wallet is
// created). Attach opens it, locked, when it exists; Create / Restore / CreateWatchOnly make it.
//
// Where answers come from:
//  - balances, nonces, stake and the pre-signing checks: the engine's head state (ChainEngine::ReadHead);
//  - fee rates: the mempool's next-block estimate; admission: Mempool::Admit (the pool is thread-safe);
//  - history: the explorer indexes (storage::ChainReader::TxsByAccount per account, on this service's
//    own ReaderPool) plus the txs this service submitted that are not indexed yet, plus reward and
//    slash entries (wallet_service_events.cpp);
//  - submitted txs: kept in memory and in the wallet's activity file (wallet/wallet_activity.h), so a
//    restart remembers them. Attach reconciles them with the chain: one past its expiry slot becomes
//    Expired; one whose nonce the chain has passed stays pending until the index shows it included
//    (or it turns Failed: replaced); the others are re-submitted to the pool, as Bitcoin Core
//    re-broadcasts its wallet's txs (the pool is not persisted, so after a restart only the wallet can
//    bring them back; they are signed already, so a locked wallet does it too); one the pool refuses
//    becomes Failed with the pool's reason. Their nonces are taken again in the NonceTracker;
//  - auto-lock: OnTick, called by NodeContext's tick source, calls Keystore::MaybeAutoLock and expires
//    pending txs whose expiry slot the head reached;
//  - validating with the wallet's keys: StartValidating / StopValidating write the hot key file
//    (validator_key_file.h) and switch the engine's keys and production (ChainEngine::SetValidatorKeys,
//    SetValidating).
// Lock order: never the mempool while holding the head gate (as NodeApi); m_state_mutex (pending txs)
// is never held across a keystore, engine or mempool call.
//
// Restore adds the accounts that have on-chain activity (api::ACCOUNT_SCAN_GAP).
//
// Lifecycle: NodeContext builds it at construction (so api::Wallet is valid for the context's whole
// life); Attach after the node started, Detach first thing in Stop (waits for calls in flight, wipes the
// keystore's secrets by closing it). While detached every call answers Unavailable (Info: what the file
// system says; Lock: nothing to do).
//
// Thread safety: every api::Wallet method from any thread, concurrently (api/wallet.h); Attach, Detach
// from the controlling thread; OnTick from the tick source (any one thread at a time).
// Ownership: borrows the engine between Attach and Detach; owns the keystore, the activity file, the
// nonce tracker, the pending-tx records and its reader pool. Passphrases and mnemonics are never stored, logged or put in
// an error message; the mnemonic leaves only in the crypto::SecureBuffer that Create returns.
// Failure: api::Error as api/wallet.h documents; KeystoreErrorKind maps to it in KeystoreToApi.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "api/wallet.h"
#include "crypto/pwhash.h"
#include "runtime/chain_engine.h"
#include "runtime/reader_pool.h"
#include "runtime/shared_gate.h"
#include "util/clock.h"
#include "wallet/keystore.h"
#include "wallet/nonce_tracker.h"
#include "wallet/wallet_activity.h"

namespace cairn::runtime {

inline constexpr const char* WALLETS_DIR_NAME = "wallets";
inline constexpr const char* DEFAULT_WALLET_FILE_NAME = "default.wallet";
// Auto-lock of a wallet whose user never chose one (SetAutoLock changes it for this process).
inline constexpr std::int64_t DEFAULT_WALLET_AUTO_LOCK_MS = 10 * 60 * 1000;
// How long a wallet tx may wait in the pool: its expiry slot is the head slot + this many ms of slots.
inline constexpr std::uint64_t WALLET_TX_LIFETIME_MS = 60 * 60 * 1000;
inline constexpr std::size_t MAX_WALLET_READERS = 2;

// The api::Error for a keystore failure (api/wallet.h's codes: "locked", "unconfirmed", "watch_only",
// "wrong_passphrase", "try_later").
api::Error KeystoreToApi(const wallet::KeystoreError& error);

struct WalletServiceOptions {
  std::string network_dir;
  std::string hrp;                     // address prefix of the network
  const util::Clock* clock = nullptr;  // borrowed; null: the system clock
  // Argon2id cost of new wallet files; nullopt: the keystore's default. Tests inject fast limits.
  std::optional<crypto::PwhashLimits> kdf_limits;
};

class WalletService final : public api::Wallet {
 public:
  explicit WalletService(WalletServiceOptions options);
  ~WalletService() override;
  WalletService(const WalletService&) = delete;
  WalletService& operator=(const WalletService&) = delete;

  // Makes the service live over `engine` (started) and opens the wallet file, locked, when it exists
  // (a file that fails to open is logged and reported by every later call).
  void Attach(ChainEngine* engine);
  void Detach();
  // Auto-lock and expiry of pending txs; quick, never waits for the chain thread.
  void OnTick();

  std::string path() const { return m_path; }

  // ---- api::Wallet ----
  api::WalletInfo Info() override;
  api::Result<crypto::SecureBuffer> Create(std::string_view passphrase, std::size_t words) override;
  api::Result<void> ConfirmMnemonic(std::string_view words) override;
  api::Result<void> Restore(std::string_view mnemonic, std::string_view bip39_passphrase,
                            std::string_view passphrase) override;
  api::Result<void> CreateWatchOnly(const std::vector<std::string>& addresses) override;
  api::Result<void> Unlock(std::string_view passphrase, std::int64_t auto_lock_ms) override;
  void Lock() override;
  api::Result<void> ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase) override;
  api::Result<void> SetAutoLock(std::int64_t idle_ms) override;
  api::Result<void> Backup(const std::string& path) override;

  api::Result<std::vector<api::WalletAccount>> Accounts() override;
  api::Result<api::WalletAccount> CreateAccount(std::string_view label) override;
  api::Result<void> RenameAccount(std::uint32_t index, std::string_view label) override;

  api::Result<api::HistoryPage> History(const api::HistoryFilter& filter, std::optional<api::TxCursor> before,
                                        std::size_t limit) override;
  api::Result<std::string> HistoryCsv(const api::HistoryFilter& filter) override;

  api::Result<api::SentTx> Submit(std::uint32_t account, const wallet::PayloadInput& payload, wallet::FeeLevel level,
                                  std::optional<chain::Amount> fee, std::string_view memo) override;
  api::Result<api::FeeEstimate> EstimateFee(std::uint32_t account, const wallet::PayloadInput& payload,
                                            wallet::FeeLevel level) override;
  api::Result<api::SentTx> BumpFee(const chain::TxId& id, std::optional<chain::Amount> fee) override;
  api::Result<api::SentTx> BecomeValidator(std::uint32_t account, chain::Amount self_bond, std::uint16_t commission_bps,
                                           std::string_view moniker, std::string_view website) override;
  api::Result<std::string> ExportValidatorKeys(std::uint32_t account, std::string_view export_passphrase) override;
  api::Result<api::WalletValidator> StartValidating(std::uint32_t account, std::string_view passphrase) override;
  api::Result<void> StopValidating() override;

  api::Result<std::vector<std::pair<chain::Address, std::string>>> Contacts() override;
  api::Result<void> SetContact(std::string_view address, std::string_view label) override;
  api::Result<void> RemoveContact(std::string_view address) override;

 private:
  // A call's hold on the live node (as NodeApi::Session): while it exists, Detach waits.
  class Session {
   public:
    explicit Session(const WalletService& service);
    explicit operator bool() const { return m_engine != nullptr; }
    ChainEngine& engine() const { return *m_engine; }
    ReaderPool& readers() const { return *m_readers; }

   private:
    std::shared_lock<SharedGate> m_lock;
    ChainEngine* m_engine = nullptr;
    ReaderPool* m_readers = nullptr;
  };

  // A tx this service admitted to the pool, until the index has it (or it is known dead).
  struct SubmittedTx {
    std::uint32_t account = 0;
    chain::Address sender;
    chain::Transaction tx;
    std::uint64_t submitted_ms = 0;
    api::HistoryStatus status = api::HistoryStatus::Pending;  // Pending, Failed or Expired
    std::string note;
  };

  // What Submit-like calls need about an account: its address and public key.
  struct SendingAccount {
    std::uint32_t index = 0;
    chain::Address address;
    crypto::PublicKey public_key;
  };

  // What a history call reads: its reader and the chain facts shared by the entries it builds
  // (wallet_service_events.cpp).
  struct HistoryReads;

  wallet::KeystoreOptions KeystoreOpts() const;
  // The open keystore; Unavailable (node not running or wallet file unusable) / NotFound (no wallet).
  api::Result<std::shared_ptr<wallet::Keystore>> Store(const Session& s) const;
  void Install(const Session& s, std::shared_ptr<wallet::Keystore> keystore);
  // The activity file of `keystore` (opened with it; null when it cannot be used: logged).
  std::shared_ptr<wallet::WalletActivity> OpenActivity(const wallet::Keystore& keystore,
                                                       const crypto::Hash256& genesis_hash) const;
  std::shared_ptr<wallet::WalletActivity> Activity() const;
  // Restore's account scan: adds accounts 1.. with on-chain activity (wallet_service.cpp).
  api::Result<void> ScanAccounts(const Session& s, wallet::Keystore& keystore);
  bool HasActivity(const Session& s, storage::ChainReader* reader, const chain::Address& address) const;
  api::Result<void> PrepareNewFile(const Session& s) const;
  // After confirmation or a restore: account 0 exists.
  api::Result<void> EnsureFirstAccount(wallet::Keystore& keystore);
  api::Result<SendingAccount> FindAccount(wallet::Keystore& keystore, std::uint32_t account) const;
  wallet::BuildContext BuildCtx(const Session& s, const chain::ChainParams& params) const;
  api::WalletBalance BalanceOf(const Session& s, const chain::Address& address, std::uint64_t* nonce) const;

  // Pending txs of this wallet (wallet_service_pending.cpp).
  std::vector<chain::Transaction> PendingSpends(const chain::Address& sender, chain::Slot head_slot) const;
  void Track(std::uint32_t account, const chain::Address& sender, const chain::Transaction& tx, const chain::TxId& id);
  // The tx `id` was replaced (BumpFee) or is known included: forgotten here and in the activity file.
  void Untrack(const chain::TxId& id);
  // Writes one record's current state to the activity file (m_state_mutex not held).
  void Persist(const chain::TxId& id, const SubmittedTx& sub) const;
  // Drops pending records the index now has; marks dead ones Failed or Expired.
  void RefreshPending(const Session& s, storage::ChainReader& reader);
  // Attach: the records of the activity file back in memory, reconciled with the chain (see above).
  void RestorePending(const Session& s);

  // Reward and slash entries (wallet_service_events.cpp). Storage faults are left in `reads`.
  // The reward entry of `record` (the account's own tx `tx_entry` describes) when its settlement of
  // delegations paid rewards.
  std::optional<api::HistoryEntry> RewardEntry(HistoryReads& reads, const wallet::AccountInfo& account,
                                               const storage::TxRecord& record, const api::HistoryEntry& tx_entry) const;
  // Slash entries of `account` below `before` (all when none).
  std::vector<api::HistoryEntry> SlashEntries(HistoryReads& reads, const wallet::AccountInfo& account,
                                              std::optional<api::TxCursor> before) const;
  // Scans the finalized blocks the accounts may have had stake in, not scanned before, for validator
  // slashes (into the activity file).
  void ScanSlashes(HistoryReads& reads, const std::vector<wallet::AccountInfo>& accounts) const;

  // The send path shared by Submit, BumpFee and BecomeValidator (wallet_service_send.cpp).
  api::Result<api::SentTx> SendPayload(const Session& s, wallet::Keystore& keystore, std::uint32_t account,
                                       const chain::Payload& payload, wallet::FeeLevel level,
                                       std::optional<chain::Amount> fee, util::Bytes memo,
                                       std::optional<chain::TxId> replaces);

  const std::string m_network_dir;
  const std::string m_path;
  const std::string m_hrp;
  const util::Clock* const m_clock;
  const std::optional<crypto::PwhashLimits> m_kdf_limits;

  mutable SharedGate m_gate;              // shared: a call in flight; exclusive: Attach/Detach
  ChainEngine* m_engine = nullptr;        // guarded by m_gate
  std::unique_ptr<ReaderPool> m_readers;  // guarded by m_gate

  mutable std::mutex m_keystore_mutex;  // guards the two below (held only to copy or swap them)
  std::shared_ptr<wallet::Keystore> m_keystore;
  std::shared_ptr<wallet::WalletActivity> m_activity;  // null without a wallet or when unusable
  std::string m_open_error;  // why the existing file could not be opened at Attach
  std::mutex m_create_mutex;  // serializes Create / Restore / CreateWatchOnly
  std::atomic<std::int64_t> m_auto_lock_ms{DEFAULT_WALLET_AUTO_LOCK_MS};

  std::mutex m_validator_mutex;  // serializes StartValidating / StopValidating (the hot key file)
  mutable std::mutex m_scan_mutex;  // serializes slash scans

  wallet::NonceTracker m_nonces;
  mutable std::mutex m_state_mutex;               // guards m_submitted
  std::map<chain::TxId, SubmittedTx> m_submitted;
};

}  // namespace cairn::runtime
