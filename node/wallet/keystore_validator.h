// A validator's keys (PROTOCOL.md section 1: the consensus key m/44'/7337'/account'/1'/0' and the VRF
// key m/44'/7337'/account'/2'/0') and the encrypted JSON that moves them to another machine without
// the mnemonic (SPEC.md section 5 has the format).
//
// Thread safety: free functions, safe from any thread at once; a ValidatorKeySet is a value owned by one
// thread at a time.
// Ownership: a returned ValidatorKeySet belongs to the caller (move-only: its keys live in secure
// memory and are wiped when it is destroyed); nothing is retained.
// Failure: KeystoreError (keystore_error.h). Export and import run Argon2id (about a second): call them
// off the GUI thread. Nothing here logs, and no message contains a key or the passphrase.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "chain/ids.h"
#include "crypto/ed25519.h"
#include "crypto/pwhash.h"
#include "util/bytes.h"
#include "util/result.h"
#include "wallet/keystore_error.h"

namespace cairn::wallet {

struct ValidatorKeySet {
  std::uint32_t account = 0;
  crypto::SecretKey consensus;  // signs blocks and votes
  crypto::SecretKey vrf;        // proves the proposer's randomness contribution
};

std::ostream& operator<<(std::ostream&, const ValidatorKeySet&) = delete;

inline constexpr std::string_view VALIDATOR_EXPORT_TYPE = "cairn-validator-keys";
inline constexpr std::uint32_t VALIDATOR_EXPORT_VERSION = 1;
// Larger inputs are refused before parsing: a real export is under 1 KiB.
inline constexpr std::size_t VALIDATOR_EXPORT_MAX_BYTES = 16 * 1024;

// The keys of `account` from a BIP-39 seed. Fails (InvalidInput) when account exceeds MAX_CHILD_INDEX or
// the seed has an impossible size.
util::Result<ValidatorKeySet, KeystoreError> DeriveValidatorKeys(util::ByteSpan seed, std::uint32_t account);

// The export JSON for `keys`, encrypted under `export_passphrase` (non-empty UTF-8, at most
// crypto::PWHASH_MAX_PASSPHRASE_BYTES) with a fresh salt and nonce and the given Argon2id limits.
util::Result<std::string, KeystoreError> EncodeValidatorKeyExport(const ValidatorKeySet& keys,
                                                                   const chain::ChainId& chain_id,
                                                                   std::string_view export_passphrase,
                                                                   const crypto::PwhashLimits& limits);

// Reads an export: strict JSON (exactly the documented members, hex of the right lengths), version
// (FutureVersion for a newer one), chain (WrongChain), Argon2id limits within
// crypto::PwhashLimitsAcceptable (Damaged otherwise: a file may not demand unbounded memory), then
// decrypts (WrongPassphrase) and checks that the keys match the public keys the file states (Damaged).
// InvalidInput when the text is not an export at all.
util::Result<ValidatorKeySet, KeystoreError> ImportValidatorKeys(std::string_view json, std::string_view export_passphrase,
                                                                 const chain::ChainId& expected_chain_id);

}  // namespace cairn::wallet
