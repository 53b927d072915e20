// The encrypted keystore: one wallet per SQLite file (e.g. <network_dir>/wallets/<name>.wallet; the
// caller chooses the path). SPEC.md beside this file is the file format.
//
// Kinds: HD (a BIP-39 mnemonic, optional BIP-39 passphrase, SLIP-0010 derivation per PROTOCOL.md
// section 1) and WatchOnly (addresses only). An HD wallet's secret (the mnemonic's entropy and the
// seed) is encrypted at rest with XChaCha20-Poly1305 under Argon2id(passphrase, random salt); the AEAD's
// associated data is the record header (format version, wallet id, kind, chain id, KDF parameters), so
// changing any of those fails authentication. Public data (account labels and public keys, the address
// book) is stored in the clear so it can be listed while the wallet is locked; Unlock re-derives every
// stored account key and refuses a file whose public keys do not match its seed.
//
// States of an HD wallet:
//   - Unconfirmed: just created; the mnemonic was returned once by Create. Nothing is derived, signed or
//     exported until ConfirmMnemonic(words) gets the same words back, so no address can receive funds
//     before the user has written the words down. (An unconfirmed wallet has no accounts, so deleting
//     one whose words were lost loses nothing.)
//   - Locked / unlocked: while unlocked the seed and entropy are held in crypto::SecureBuffer (mlocked,
//     never swapped) and wiped by Lock(), by auto-lock, and by destruction.
//
// Thread safety: every member function may be called from any thread at any time; an internal mutex
// makes each call atomic with respect to the others. Argon2id (Unlock, ChangePassphrase,
// ExportValidatorKeys) runs outside that mutex, so List* and Lock() never wait behind a key derivation;
// passphrase operations are serialized among themselves by a second mutex. Nothing sleeps while holding
// a lock: the slow-down after wrong passphrases is enforced by refusing early attempts (TryLater).
// Calls that derive a key (Create, Restore, Open, Unlock, ChangePassphrase, ExportValidatorKeys,
// BackupTo) take up to about a second with default limits: call them off the GUI thread.
//
// Ownership: a Keystore owns its SQLite connection and its secrets. The Clock in KeystoreOptions is
// borrowed and must outlive the Keystore. Returned keys and mnemonics belong to the caller, in secure
// memory. Two Keystore objects on one file are safe for the file (SQLite transactions) but each keeps
// its own lock state and attempt counter.
//
// Failure: util::Result with a KeystoreError (keystore_error.h). Files that fail validation are never
// written. Secrets never appear in a log line or in an error message.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/address.h"
#include "chain/ids.h"
#include "crypto/ed25519.h"
#include "crypto/pwhash.h"
#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/clock.h"
#include "util/result.h"
#include "wallet/keystore_error.h"
#include "wallet/keystore_validator.h"

namespace cairn::wallet {

namespace detail {
class SqliteDb;
}  // namespace detail

enum class WalletKind : std::uint8_t { Hd = 1, WatchOnly = 2 };

std::string_view WalletKindName(WalletKind kind);

struct KeystoreOptions {
  // Argon2id cost for everything this Keystore encrypts (new files, ChangePassphrase, exports). Files
  // keep the parameters they were written with. Tests inject crypto::PwhashTestLimits().
  crypto::PwhashLimits kdf_limits = crypto::PwhashDefaultLimits();
  // Auto-lock idle times and the attempt slow-down read SteadyMs(); account timestamps read NowMs().
  // Null: util::SystemClock::Instance().
  const util::Clock* clock = nullptr;
  // Bech32m prefix for addresses shown and accepted (chain::MAINNET_HRP / TESTNET_HRP). Empty:
  // DefaultHrpForChain(chain id).
  std::string hrp;
  // SQLite VFS name; empty: SQLite's default. A seam for fault-injection tests only.
  std::string sqlite_vfs;
};

// MAINNET_HRP for chain id "mainnet" or "mainnet-*", TESTNET_HRP otherwise. Callers that know their
// network should pass KeystoreOptions::hrp instead.
std::string DefaultHrpForChain(const chain::ChainId& chain_id);

struct AccountInfo {
  std::uint32_t index = 0;  // the BIP-44 account: keys at m/44'/7337'/index'/0'/0'
  std::string label;
  std::optional<crypto::PublicKey> public_key;  // HD accounts; absent for watch-only addresses
  chain::Address address;
  std::string address_text;  // bech32m with the Keystore's hrp
};

struct Contact {
  chain::Address address;
  std::string address_text;
  std::string label;
};

class Keystore;

// What Create returns: the wallet (unlocked, unconfirmed) and its mnemonic, the only time it is shown:
// words separated by single spaces, in secure memory. Show it, then wipe it (let it go out of scope).
struct CreatedKeystore {
  std::unique_ptr<Keystore> keystore;
  crypto::SecureBuffer mnemonic;
};

// Supported word counts for Create: 12, 15, 18, 21, 24.
inline constexpr std::size_t DEFAULT_WORD_COUNT = 24;

class Keystore {
 public:
  // ---- Making and opening files ----
  // A new HD wallet at `path` (which must not exist; its folder must) from a fresh mnemonic of
  // word_count words and no BIP-39 passphrase, encrypted under `passphrase` (non-empty UTF-8, at most
  // crypto::PWHASH_MAX_PASSPHRASE_BYTES; callers normalize Unicode to NFKD first). Returned unlocked and
  // Unconfirmed.
  static util::Result<CreatedKeystore, KeystoreError> Create(const std::string& path, const chain::ChainId& chain_id,
                                                             std::string_view passphrase,
                                                             std::size_t word_count = DEFAULT_WORD_COUNT,
                                                             KeystoreOptions options = {});
  // An HD wallet from an existing mnemonic (ParseMnemonic's forgiving parsing) and BIP-39 passphrase
  // (may be empty; NFKD), encrypted under `passphrase`. Returned unlocked and confirmed, with no
  // accounts: the caller recreates accounts 0.. with CreateAccount (and may scan the chain for more).
  static util::Result<std::unique_ptr<Keystore>, KeystoreError> Restore(const std::string& path,
                                                                        const chain::ChainId& chain_id,
                                                                        std::string_view mnemonic,
                                                                        std::string_view bip39_passphrase,
                                                                        std::string_view passphrase,
                                                                        KeystoreOptions options = {});
  // A watch-only wallet: one account per address (bech32m with the options' hrp; at least one, no
  // duplicates), labelled "" (RenameAccount to label them).
  static util::Result<std::unique_ptr<Keystore>, KeystoreError> CreateWatchOnly(const std::string& path,
                                                                                const chain::ChainId& chain_id,
                                                                                const std::vector<std::string>& addresses,
                                                                                KeystoreOptions options = {});
  // Opens an existing wallet, locked. Validates the whole file read-only first (SPEC.md section 6) and
  // refuses, naming the file and leaving it unchanged, a file that is missing, empty, not a wallet, of a
  // future format, damaged, or of another chain than `expected_chain_id`.
  static util::Result<std::unique_ptr<Keystore>, KeystoreError> Open(const std::string& path,
                                                                     const chain::ChainId& expected_chain_id,
                                                                     KeystoreOptions options = {});
  ~Keystore();  // wipes the secrets
  Keystore(const Keystore&) = delete;
  Keystore& operator=(const Keystore&) = delete;

  const std::string& path() const { return m_path; }
  // Random at creation, never changed (SPEC.md section 2.1): tells this wallet's side files apart.
  const util::FixedBytes<16>& wallet_id() const { return m_wallet_id; }
  WalletKind kind() const { return m_kind; }
  const chain::ChainId& chain_id() const { return m_chain_id; }
  const std::string& hrp() const { return m_hrp; }
  bool IsConfirmed();

  // ---- Mnemonic confirmation (HD) ----
  // Marks the wallet confirmed when `words` is its mnemonic (same words in the same order; case and
  // spacing are forgiven). Needs the wallet unlocked. Already confirmed: succeeds if the words match.
  // MnemonicMismatch says neither which word differs nor what it should be.
  util::Result<void, KeystoreError> ConfirmMnemonic(std::string_view words);

  // ---- Locking (HD) ----
  // Decrypts the secret. After n consecutive wrong passphrases (n >= 1) the next attempt is refused
  // with TryLater until min(0.25 s * 2^(n-1), 8 s) has passed since the failure; a refused attempt
  // does not count. A correct passphrase resets the count. WrongKind for a watch-only wallet.
  util::Result<void, KeystoreError> Unlock(std::string_view passphrase);
  void Lock();
  // True for a watch-only wallet. Applies auto-lock first.
  bool IsLocked();
  // Locks after `idle` without a secret-using call (Unlock, ConfirmMnemonic, CreateAccount, SigningKey,
  // Sign, ValidatorKeys, ExportValidatorKeys); zero disables. Listing does not count as use, so a GUI
  // that polls does not keep the wallet open. Every call checks the idle time first; a timer may call
  // MaybeAutoLock() so that the secret is wiped on time even when nothing else calls.
  void SetAutoLock(std::chrono::milliseconds idle);
  // Locks now if the idle time has passed; true when it locked.
  bool MaybeAutoLock();
  // Re-encrypts the secret under `new_passphrase` (with a new salt, nonce and the options' limits) and
  // commits it in one SQLite transaction: after a crash at any point exactly one of the two
  // passphrases opens the file. A wrong old passphrase counts as a failed attempt (see Unlock). The lock
  // state is unchanged.
  util::Result<void, KeystoreError> ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase);
  // A consistent copy of the wallet at `path` (which must not exist): written to a temporary file,
  // synced, linked into place, then validated. It opens with the same passphrase. Works while locked.
  util::Result<void, KeystoreError> BackupTo(const std::string& path);

  // ---- Accounts ----
  // Derives the next account (lowest unused index) and stores its public key. Needs HD, confirmed,
  // unlocked. The label follows keystore_format::LabelProblem (UTF-8, at most 100 bytes, no control or
  // direction characters).
  util::Result<AccountInfo, KeystoreError> CreateAccount(std::string_view label);
  util::Result<void, KeystoreError> RenameAccount(std::uint32_t account, std::string_view label);
  // The account at a given index, for the account scan after a restore, which adds the used ones and
  // skips the others (so indices may have gaps; CreateAccount continues above the highest). PeekAccount
  // derives it without storing anything; AddAccount stores it (AlreadyExists when it is there). Both
  // need HD, confirmed, unlocked.
  util::Result<AccountInfo, KeystoreError> PeekAccount(std::uint32_t account);
  util::Result<AccountInfo, KeystoreError> AddAccount(std::uint32_t account, std::string_view label);
  // Works while locked (public keys are stored).
  util::Result<std::vector<AccountInfo>, KeystoreError> ListAccounts();
  // The account's key m/44'/7337'/account'/0'/0'. Needs HD, confirmed, unlocked, an existing account.
  util::Result<crypto::SecretKey, KeystoreError> SigningKey(std::uint32_t account);
  // Signs without handing the key out (same requirements as SigningKey).
  util::Result<crypto::Signature, KeystoreError> Sign(std::uint32_t account, util::ByteSpan message);

  // ---- Address book (works while locked; watch-only wallets have one too) ----
  util::Result<Contact, KeystoreError> AddContact(std::string_view address, std::string_view label);
  util::Result<void, KeystoreError> RenameContact(std::string_view address, std::string_view label);
  util::Result<void, KeystoreError> RemoveContact(std::string_view address);
  util::Result<std::vector<Contact>, KeystoreError> ListContacts();

  // ---- Validator keys ----
  // The consensus and VRF keys of `account` (which need not be a created account: a validator may use
  // any index). Needs HD, confirmed, unlocked.
  util::Result<ValidatorKeySet, KeystoreError> ValidatorKeys(std::uint32_t account);
  // The consensus and VRF keys of an existing account and its address, on a LOCKED wallet too: decrypts
  // the secret with `passphrase` (Argon2id, outside the main mutex; refused early and counted like
  // Unlock's attempts), derives, checks the account's stored public key against the seed (Damaged when
  // it differs) and wipes the decrypted secret. The lock state and the idle timer do not change. Needs
  // HD and confirmed; WrongKind for watch-only, UnknownAccount for an account the wallet does not have.
  struct ValidatorIdentity {
    ValidatorKeySet keys;
    chain::Address operator_address;  // the account's address: the validator's operator
  };
  util::Result<ValidatorIdentity, KeystoreError> ValidatorKeysWithPassphrase(std::uint32_t account,
                                                                              std::string_view passphrase);
  // ValidatorKeys(account) as encrypted JSON (keystore_validator.h; import with ImportValidatorKeys).
  util::Result<std::string, KeystoreError> ExportValidatorKeys(std::uint32_t account, std::string_view export_passphrase);

 private:
  Keystore(std::string path, KeystoreOptions options, chain::ChainId chain_id, WalletKind kind, bool confirmed,
           util::FixedBytes<16> wallet_id, std::unique_ptr<detail::SqliteDb> db);
  static util::Result<std::unique_ptr<Keystore>, KeystoreError> CreateHd(const std::string& path,
                                                                         const chain::ChainId& chain_id,
                                                                         util::ByteSpan entropy, util::ByteSpan seed,
                                                                         std::string_view passphrase, bool confirmed,
                                                                         KeystoreOptions options);
  static util::Result<std::unique_ptr<Keystore>, KeystoreError> OpenValidated(const std::string& path,
                                                                              const chain::ChainId& chain_id,
                                                                              KeystoreOptions options);

  // All below: the caller holds m_mutex.
  std::int64_t NowSteady() const { return m_clock->SteadyMs(); }
  bool ApplyAutoLockLocked();
  void WipeLocked();
  void MarkUsedLocked() { m_last_use_ms = NowSteady(); }
  util::Result<void, KeystoreError> RequireSecretsLocked(std::string_view action);
  util::Result<void, KeystoreError> ThrottleCheckLocked();
  void RecordFailureLocked();
  KeystoreError Fail(KeystoreErrorKind kind, std::string_view what) const;
  std::string AddressText(const chain::Address& address) const;
  util::Result<chain::Address, KeystoreError> ParseAddress(std::string_view text) const;
  util::Result<crypto::SecretKey, KeystoreError> DeriveAccountKeyLocked(std::uint32_t account);
  util::Result<AccountInfo, KeystoreError> DeriveAccountLocked(std::uint32_t account, std::string_view label);
  util::Result<void, KeystoreError> VerifyAccountKeysLocked(util::ByteSpan seed);

  const std::string m_path;
  const KeystoreOptions m_options;
  const util::Clock* const m_clock;
  const chain::ChainId m_chain_id;
  const WalletKind m_kind;
  const std::string m_hrp;
  const util::FixedBytes<16> m_wallet_id;

  // Serializes passphrase operations (held during Argon2id); taken before m_mutex, never after it.
  std::mutex m_passphrase_mutex;
  mutable std::mutex m_mutex;  // guards everything below
  std::unique_ptr<detail::SqliteDb> m_db;
  bool m_confirmed;
  crypto::SecureBuffer m_seed;     // empty while locked
  crypto::SecureBuffer m_entropy;  // empty while locked
  std::int64_t m_auto_lock_ms = 0;
  std::int64_t m_last_use_ms = 0;
  std::uint32_t m_failures = 0;          // consecutive wrong passphrases
  std::int64_t m_next_attempt_ms = 0;    // steady time before which attempts are refused
};

}  // namespace cairn::wallet
