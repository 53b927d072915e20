// The wallet's activity file: what the wallet knows about its own transactions and the chain that is
// not in the keystore, kept in a small SQLite file beside it (<wallet file>.activity; SPEC.md section 9):
//   - the transactions it submitted that the chain has not included yet (pending, failed, expired),
//     so a restart neither forgets them nor reuses their nonces;
//   - the validator slashes it found scanning the chain (validator_slashes), with how far it scanned,
//     so the history's slash entries cost one scan of each block, ever.
//
// Why a separate file: nothing in it is secret or irreplaceable (the chain has every included tx, a
// pending one is in the pool or gone, the scan can be redone), it is written at every send and scan,
// and the keystore, which is the only copy of someone's keys, stays written only when keys or labels
// change. A file that does not belong to this wallet (another wallet id or chain), or that is damaged
// or of another format, is moved aside (renamed, never deleted, logged) and a fresh one is started.
//
// Thread safety: every method from any thread; one mutex serializes them (SQLite work is short).
// Ownership: owns its connection. Failure: KeystoreError (Io, Damaged) naming the file; messages hold no
// secret (there is none here: transactions are signed public data).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/ids.h"
#include "crypto/sha256.h"
#include "util/bytes.h"
#include "util/result.h"
#include "wallet/keystore_error.h"

namespace cairn::wallet {

namespace detail {
class SqliteDb;
}  // namespace detail

inline constexpr const char* ACTIVITY_FILE_SUFFIX = ".activity";
inline constexpr std::int32_t ACTIVITY_APPLICATION_ID = 0x43415741;  // "CAWA"
inline constexpr std::uint32_t ACTIVITY_FORMAT_VERSION = 1;

// The state of a submitted transaction the index does not have.
enum class PendingState : std::uint8_t { Pending = 0, Failed = 1, Expired = 2 };

struct PendingTxRecord {
  chain::TxId id;
  std::uint32_t account = 0;
  util::Bytes tx;  // the signed transaction's canonical encoding
  std::int64_t submitted_ms = 0;
  PendingState state = PendingState::Pending;
  std::string note;  // why it failed or expired
};

enum class SlashKind : std::uint8_t { Downtime = 1, Offence = 2 };

// A validator jailed for downtime or tombstoned for an offence in the block at `height`: its record just
// before and just after that block (the block's state diff).
struct ValidatorSlash {
  chain::Height height = 0;
  chain::ValidatorIndex validator = 0;
  chain::Address operator_address;
  SlashKind kind = SlashKind::Downtime;
  chain::Amount tokens_before = 0;
  std::uint64_t shares_before = 0;
  chain::Amount tokens_after = 0;
  std::uint64_t shares_after = 0;
  bool operator==(const ValidatorSlash&) const = default;
};

// Heights [from, to] were scanned for slashes; empty when to < from.
struct ScanRange {
  chain::Height from = 1;
  chain::Height to = 0;
  bool empty() const { return to < from; }
};

class WalletActivity {
 public:
  using WalletId = util::FixedBytes<16>;

  // Opens <wallet_path>.activity, creating it (0600) when absent, for the wallet `wallet_id` on the chain
  // `genesis_hash`. A file that does not fit is moved aside first (see above). Fails only when no file
  // can be used at all (the folder is not writable, ...).
  static util::Result<std::unique_ptr<WalletActivity>, KeystoreError> Open(const std::string& wallet_path,
                                                                           const WalletId& wallet_id,
                                                                           const crypto::Hash256& genesis_hash,
                                                                           const std::string& vfs = {});
  ~WalletActivity();
  WalletActivity(const WalletActivity&) = delete;
  WalletActivity& operator=(const WalletActivity&) = delete;

  const std::string& path() const { return m_path; }

  // Inserts or replaces the record with that id.
  util::Result<void, KeystoreError> PutPending(const PendingTxRecord& record);
  util::Result<void, KeystoreError> RemovePending(const chain::TxId& id);
  // Every record, oldest submission first. Rows that do not decode are skipped and logged.
  util::Result<std::vector<PendingTxRecord>, KeystoreError> ListPending();

  util::Result<ScanRange, KeystoreError> Scanned();
  // Records `range` as scanned with the slashes found in it, in one transaction. The new range must
  // touch or overlap the scanned one (the union stays one interval); an empty scan state takes it as is.
  util::Result<void, KeystoreError> AddScanned(ScanRange range, const std::vector<ValidatorSlash>& slashes);
  // Every slash recorded, by height then validator.
  util::Result<std::vector<ValidatorSlash>, KeystoreError> Slashes();

 private:
  WalletActivity(std::string path, std::unique_ptr<detail::SqliteDb> db);

  const std::string m_path;
  std::mutex m_mutex;
  std::unique_ptr<detail::SqliteDb> m_db;  // guarded by m_mutex
};

}  // namespace cairn::wallet
