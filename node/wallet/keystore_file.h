// Internal to node/wallet's keystore: the wallet file as a whole. Creating one atomically, validating
// one without writing it, recovering a transaction a crash left behind, reading and writing the
// keystore record, and writing an atomic backup. SPEC.md describes the format these functions enforce.
//
// The rule this file exists for: Cairn never writes a wallet file it has not validated. A file that is
// missing, empty, not SQLite, of another application, of a newer format, truncated, damaged, or of
// another chain is reported with its name and left byte-for-byte unchanged, because it may be the only
// copy of someone's keys.
//
// Thread safety: free functions, safe from any thread for different files; the SqliteDb arguments
// follow keystore_sqlite.h (one thread at a time).
// Ownership: nothing is retained; connections passed in stay the caller's. Temporary files and the
// private recovery folder are created beside the target and removed before returning.
// Failure: KeystoreError naming the file; see keystore_error.h for the kinds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/address.h"
#include "crypto/ed25519.h"
#include "util/bytes.h"
#include "util/result.h"
#include "wallet/keystore_error.h"
#include "wallet/keystore_format.h"
#include "wallet/keystore_sqlite.h"

namespace cairn::wallet::detail {

// The keystore table's single row, checked: checksum, header decoded, kind consistent with the secret.
struct StoredRecord {
  util::Bytes header_bytes;  // exactly as stored: the AEAD associated data
  keystore_format::Header header;
  std::optional<util::Bytes> secret;  // nonce || ciphertext || tag; absent for watch-only
  bool confirmed = false;
};

// A row of the accounts table.
struct AccountRow {
  std::uint32_t account = 0;
  std::string label;
  std::optional<crypto::PublicKey> public_key;  // HD wallets
  chain::Address address;
  std::int64_t created_ms = 0;
};

// Validates `path` without writing it: raw header probe, then (only when a journal shows a transaction
// was interrupted) a dry-run recovery on a private copy, then the crashed transaction's rollback on the
// real file (SQLite's own recovery, which restores the last committed state), then a read-only
// connection that checks the schema, the integrity of every page, the record, every account and
// contact row, and the chain id when one is expected.
util::Result<StoredRecord, KeystoreError> ValidateWalletFile(const std::string& path,
                                                             const std::optional<std::string>& expected_chain_id,
                                                             const std::string& vfs);

// Reads and checks the record on an open connection (after ValidateWalletFile, or inside a transaction
// before rewriting it).
util::Result<StoredRecord, KeystoreError> ReadRecord(SqliteDb& db);
// Replaces the record (the caller holds a write transaction when it must be atomic with other writes).
util::Result<void, KeystoreError> WriteRecord(SqliteDb& db, util::ByteSpan header_bytes,
                                              const std::optional<util::Bytes>& secret, bool confirmed);

util::Result<std::vector<AccountRow>, KeystoreError> ReadAccounts(SqliteDb& db);
util::Result<void, KeystoreError> InsertAccount(SqliteDb& db, const AccountRow& row);

// AlreadyExists when `path` (or a journal of that name) exists: checked before any slow work, and again by
// CreateWalletFile, which is what makes it safe.
util::Result<void, KeystoreError> RefuseExisting(const std::string& path);

// Creates `path` (never replacing anything) with the given record and accounts: built under a temporary
// name, synced, then linked into place, so the path holds either nothing or the complete file.
util::Result<void, KeystoreError> CreateWalletFile(const std::string& path, util::ByteSpan header_bytes,
                                                   const std::optional<util::Bytes>& secret, bool confirmed,
                                                   const std::vector<AccountRow>& accounts, const std::string& vfs);

// Writes a consistent copy of `source` to `dest` the same way (temporary file, fsync, link into place;
// an existing `dest` is never replaced).
util::Result<void, KeystoreError> BackupWalletFile(SqliteDb& source, const std::string& dest, const std::string& vfs);

}  // namespace cairn::wallet::detail
