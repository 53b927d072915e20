// api::Wallet: the wallet as rpc/ and ui/ see it (DESIGN.md sections 1-2), beside api::Node. One
// wallet per network folder: <network_dir>/wallets/default.wallet (wallet/keystore.h), opened at start
// when it exists. runtime/ implements it over wallet::Keystore, wallet::NonceTracker, the tx builder
// and the live node; tests of rpc/ and ui/ implement it with fakes.
//
// Thread safety: any method from any thread, concurrently. Calls that derive a key from a passphrase
// (Create, Restore, Unlock, ChangePassphrase, StartValidating) take about half a second of CPU by
// design (Argon2id): call them from a worker, never from a GUI thread. Nothing here waits for block
// processing.
// Ownership: values owned by the caller. Secrets cross this interface only as crypto::SecureBuffer
// (mnemonics) or as the caller's own strings (passphrases), which the implementation never stores,
// logs or puts in an error message.
// Failure: api::Error (node.h): InvalidArgument (input wrong: the message names the field),
// NotFound (no wallet, no such account), Rejected (the pool refused the tx: code = the mempool's),
// Unavailable (locked: code "locked"; unconfirmed mnemonic: "unconfirmed"; watch-only: "watch_only";
// wrong passphrase: "wrong_passphrase"; too many attempts: "try_later"; node not running), Internal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/node.h"
#include "crypto/secure_memory.h"
#include "wallet/fee_estimate.h"
#include "wallet/tx_builder.h"

namespace cairn::api {

// The gap limit of the account scan after Restore (BIP-44 wallets use 20 addresses; accounts are
// created by hand and rarely skipped).
inline constexpr std::uint32_t ACCOUNT_SCAN_GAP = 5;

struct WalletInfo {
  bool exists = false;
  bool watch_only = false;
  bool confirmed = false;  // the mnemonic was confirmed (always true for restored and watch-only wallets)
  bool locked = true;
  std::int64_t auto_lock_ms = 0;  // 0: never
  std::uint32_t accounts = 0;
  std::string path;
};

// In base units. spendable = balance - pending spends of this wallet's pooled txs.
struct WalletBalance {
  chain::Amount balance = 0;
  chain::Amount spendable = 0;
  chain::Amount bonded = 0;
  chain::Amount unbonding = 0;
  chain::Amount rewards = 0;  // claimable now
  chain::Amount pending_out = 0;
};

struct WalletAccount {
  std::uint32_t index = 0;
  std::string label;
  chain::Address address;
  WalletBalance balance;
  std::uint64_t nonce = 0;  // the chain's
};

enum class HistoryStatus : std::uint8_t { Pending, Included, Finalized, Failed, Expired };
std::string_view HistoryStatusName(HistoryStatus status);  // "pending", "included", "finalized", "failed", "expired"

// What a history entry records:
//  - Transaction: a transaction of (or naming) the account; `kind` is its payload.
//  - Reward: staking rewards paid to the account's balance when a delegation of it was settled by its
//    own transaction (ClaimRewards, and the automatic payout of Delegate, Undelegate and Redelegate);
//    `id`, `kind`, `position` and `status` are that transaction's, `amount` the rewards paid, `fee` 0,
//    `outgoing` false, `counterparty` the validator's operator (empty when several were settled).
//  - Slash: a validator the account had stake with (its own included) was jailed for downtime or
//    tombstoned for an offence; `amount` is the stake the account lost by it (its delegation and, for
//    an offence, its unbonding entries), `counterparty` the validator's operator, `position` the
//    block (index 0), `id` all zero (no transaction), `kind` Evidence, `note` what happened.
// A validator's commission and block fees are credited to its operator's balance at every block and
// are not listed one by one.
enum class HistoryEntryKind : std::uint8_t { Transaction, Reward, Slash };
std::string_view HistoryEntryKindName(HistoryEntryKind kind);  // "transaction", "reward", "slash"

struct HistoryEntry {
  chain::TxId id;
  std::uint32_t account = 0;           // the wallet account it concerns
  chain::PayloadKind kind = chain::PayloadKind::Transfer;
  HistoryStatus status = HistoryStatus::Pending;
  bool outgoing = true;                // sent by the account (else received or named by it)
  chain::Address counterparty;         // recipient, sender, validator or proposal's proposer as relevant
  chain::Amount amount = 0;            // moved by the payload (0 for none)
  chain::Amount fee = 0;               // paid by the account when outgoing
  std::optional<TxCursor> position;    // when included
  std::uint64_t timestamp_ms = 0;      // block time when included, submission time when pending
  std::string note;                    // why it failed or expired, what a slash was; empty otherwise
  HistoryEntryKind entry = HistoryEntryKind::Transaction;
};

// "reward" and "slash" for those entries, else the payload kind's name (chain::PayloadKindName): the
// kind column of the CSV and the RPC's "kind".
std::string_view HistoryKindName(const HistoryEntry& entry);

struct HistoryFilter {
  std::optional<std::uint32_t> account;          // none: every account
  std::optional<chain::PayloadKind> kind;        // transaction entries of this payload kind only
  std::optional<HistoryEntryKind> entry;         // entries of this kind only
  std::optional<std::uint64_t> from_ms, to_ms;   // inclusive time range
};

struct HistoryPage {
  std::vector<HistoryEntry> entries;  // newest first; pending entries come first
  std::optional<TxCursor> next;
};

struct SentTx {
  chain::TxId id;
  std::uint64_t nonce = 0;
  chain::Amount fee = 0;
  std::size_t size_bytes = 0;
};

// The keys this node validates with after StartValidating (the wallet's account's validator).
struct WalletValidator {
  std::uint32_t account = 0;
  chain::ValidatorIndex index = 0;
  chain::Address operator_address;
  crypto::PublicKey consensus_pubkey;
  std::string hot_key_path;  // where the hot keys were written
};

struct FeeEstimate {
  chain::Amount fee = 0;  // for the given payload at the given level, exact
  std::size_t size_bytes = 0;
  std::uint64_t fee_rate = 0;  // per byte, after the level's multiplier
};

class Wallet {
 public:
  virtual ~Wallet() = default;

  virtual WalletInfo Info() = 0;
  // A new HD wallet (24 words unless `words`); the mnemonic is returned ONCE and the wallet refuses to
  // sign until ConfirmMnemonic. AlreadyExists -> InvalidArgument "a wallet already exists at ...".
  virtual Result<crypto::SecureBuffer> Create(std::string_view passphrase, std::size_t words) = 0;
  virtual Result<void> ConfirmMnemonic(std::string_view words) = 0;
  // An HD wallet from its recovery phrase, confirmed and unlocked. Accounts 0, 1, 2, ... are derived and
  // every one with on-chain activity (a nonce, a balance, stake, unbonding, a validator, or an indexed
  // transaction) is added, until ACCOUNT_SCAN_GAP consecutive unused ones (account 0 always).
  virtual Result<void> Restore(std::string_view mnemonic, std::string_view bip39_passphrase,
                               std::string_view passphrase) = 0;
  virtual Result<void> CreateWatchOnly(const std::vector<std::string>& addresses) = 0;
  // Unlocks until Lock or `auto_lock_ms` of inactivity (0: the wallet's setting).
  virtual Result<void> Unlock(std::string_view passphrase, std::int64_t auto_lock_ms) = 0;
  virtual void Lock() = 0;
  virtual Result<void> ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase) = 0;
  virtual Result<void> SetAutoLock(std::int64_t idle_ms) = 0;
  // An atomic, complete copy; refuses to overwrite an existing file.
  virtual Result<void> Backup(const std::string& path) = 0;

  virtual Result<std::vector<WalletAccount>> Accounts() = 0;
  virtual Result<WalletAccount> CreateAccount(std::string_view label) = 0;  // needs unlocked
  virtual Result<void> RenameAccount(std::uint32_t index, std::string_view label) = 0;

  virtual Result<HistoryPage> History(const HistoryFilter& filter, std::optional<TxCursor> before,
                                      std::size_t limit) = 0;
  // The whole filtered history as CSV (header row; RFC 4180 quoting; amounts in CAIRN as
  // chain::FormatAmount writes them: up to 8 decimals, trailing zeros trimmed).
  virtual Result<std::string> HistoryCsv(const HistoryFilter& filter) = 0;

  // Builds, checks (funds, stake, state rules), signs and submits one transaction from `account`.
  // `fee` overrides the estimate when given (it must still meet the chain's minimum).
  virtual Result<SentTx> Submit(std::uint32_t account, const wallet::PayloadInput& payload, wallet::FeeLevel level,
                                std::optional<chain::Amount> fee, std::string_view memo) = 0;
  virtual Result<FeeEstimate> EstimateFee(std::uint32_t account, const wallet::PayloadInput& payload,
                                          wallet::FeeLevel level) = 0;
  // Re-sends a pending tx with the same nonce and a fee raised by at least the pool's bump.
  virtual Result<SentTx> BumpFee(const chain::TxId& id, std::optional<chain::Amount> fee) = 0;

  // RegisterValidator with this account's consensus and VRF keys (derived separately from the account
  // key), self bond and commission: "become a validator" in one action.
  virtual Result<SentTx> BecomeValidator(std::uint32_t account, chain::Amount self_bond, std::uint16_t commission_bps,
                                         std::string_view moniker, std::string_view website) = 0;
  // The account's validator keys as an encrypted JSON document (wallet/SPEC.md), for another machine.
  virtual Result<std::string> ExportValidatorKeys(std::uint32_t account, std::string_view export_passphrase) = 0;
  // The node validates (proposes and votes) with `account`'s consensus and VRF keys from the next slot
  // on, and after restarts, while the account key stays locked. Works on a locked wallet: `passphrase`
  // decrypts the seed only to derive the keys (Argon2id: slow; wrong passphrases are slowed down as by
  // Unlock) and the wallet stays locked or unlocked as it was. Refused (InvalidArgument, naming what is
  // wrong) unless the head state has a validator operated by the account with exactly those keys and it
  // is not tombstoned; Unavailable "watch_only" for a watch-only wallet. Only the HOT keys are written
  // to disk (the consensus and VRF keys and the operator address, never the seed or the account key);
  // see runtime/validator_key_file.h for the file and the trust model.
  virtual Result<WalletValidator> StartValidating(std::uint32_t account, std::string_view passphrase) = 0;
  // Block and vote production off, now and after restarts (when the node validates with the devnet key
  // file instead, only until the next start). The hot keys stay on disk: StartValidating switches
  // production on again; delete the file named by WalletValidator::hot_key_path to remove them.
  virtual Result<void> StopValidating() = 0;

  virtual Result<std::vector<std::pair<chain::Address, std::string>>> Contacts() = 0;
  virtual Result<void> SetContact(std::string_view address, std::string_view label) = 0;  // add or rename
  virtual Result<void> RemoveContact(std::string_view address) = 0;
};

}  // namespace cairn::api
