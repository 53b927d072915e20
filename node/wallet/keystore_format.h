// Internal to node/wallet's keystore: the byte layouts of SPEC.md (record header, encrypted payload,
// record checksum, validator export associated data), the SQL schema, and label validation.
// Pure functions over bytes: no I/O, no clock, no logging.
//
// Thread safety: every function is safe from any thread at once.
// Ownership: nothing is retained; payloads are returned in secure memory.
// Failure: decoders return a one-sentence reason (Result<T, std::string>) that the caller prefixes with
// the file name; the reason never quotes secret bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/pwhash.h"
#include "crypto/secure_memory.h"
#include "crypto/sha256.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::wallet::keystore_format {

// SQLite header fields (PRAGMA application_id / user_version).
inline constexpr std::int32_t APPLICATION_ID = 0x4341574c;      // "CAWL"
inline constexpr std::int32_t CHAIN_DB_APPLICATION_ID = 0x43414952;  // "CAIR": node/storage's chain database
inline constexpr std::uint32_t FORMAT_VERSION = 1;
inline constexpr int PAGE_SIZE = 4096;

inline constexpr std::string_view HEADER_MAGIC = "CAIRNWLT";  // 8 bytes
inline constexpr std::size_t WALLET_ID_SIZE = 16;
inline constexpr std::uint8_t PAYLOAD_VERSION = 1;
inline constexpr std::size_t SEED_SIZE = 64;  // the BIP-39 seed
inline constexpr std::size_t MAX_LABEL_BYTES = 100;

using WalletId = util::FixedBytes<WALLET_ID_SIZE>;

// Values of the header's kind byte (keystore.h's WalletKind has the same numbers).
inline constexpr std::uint8_t KIND_HD = 1;
inline constexpr std::uint8_t KIND_WATCH_ONLY = 2;
inline constexpr std::uint8_t KDF_NONE = 0;
inline constexpr std::uint8_t KDF_ARGON2ID13 = 1;
inline constexpr std::uint8_t CIPHER_NONE = 0;
inline constexpr std::uint8_t CIPHER_XCHACHA20POLY1305_IETF = 1;

// The record header: everything that describes the encrypted secret. Its encoding is stored as is
// (column keystore.header) and is, byte for byte, the AEAD associated data.
struct Header {
  std::uint32_t format_version = FORMAT_VERSION;
  WalletId wallet_id;
  std::uint8_t kind = KIND_HD;
  std::string chain_id;
  std::uint8_t kdf = KDF_NONE;
  crypto::PwhashLimits limits;  // zero when kdf is KDF_NONE
  util::FixedBytes<crypto::PWHASH_SALT_SIZE> salt;  // zero when kdf is KDF_NONE
  std::uint8_t cipher = CIPHER_NONE;
};

util::Bytes EncodeHeader(const Header& header);
// Strict: exact length, the magic, a known format version (FutureVersion is reported by the caller from
// the first 12 bytes: see PeekFormatVersion), a known kind, consistent KDF/cipher fields, a valid
// chain id, acceptable Argon2id limits.
util::Result<Header, std::string> DecodeHeader(util::ByteSpan bytes);
// The format version in an encoded header, if it is long enough and starts with the magic.
std::optional<std::uint32_t> PeekFormatVersion(util::ByteSpan bytes);

// The plaintext under the AEAD: version || entropy length || entropy || 64-byte seed.
struct Payload {
  crypto::SecureBuffer entropy;  // the BIP-39 entropy (16..32 bytes): the mnemonic, for confirmation
  crypto::SecureBuffer seed;     // the BIP-39 seed (64 bytes), passphrase already applied
};
crypto::SecureBuffer EncodePayload(util::ByteSpan entropy, util::ByteSpan seed);
util::Result<Payload, std::string> DecodePayload(util::ByteSpan bytes);

// SHA-256 over the whole record, to tell accidental damage (a flipped bit, a bad sector) apart from a
// wrong passphrase before any key is derived. Not a defence against an attacker, who can recompute
// it: that is the AEAD's job.
crypto::Hash256 RecordChecksum(util::ByteSpan header, const std::optional<util::Bytes>& secret, bool confirmed);

// The schema of FORMAT_VERSION, run once on a new file.
extern const char* const SCHEMA_SQL;

// Labels (accounts, address book): valid UTF-8, at most MAX_LABEL_BYTES, no control characters (C0,
// DEL, C1) and no bidirectional overrides or isolates (they can make a label display as something
// else). Returns the reason a label is refused.
std::optional<std::string> LabelProblem(std::string_view label);

// Passphrases that encrypt something new (wallet and export passphrases): non-empty, valid UTF-8, at
// most crypto::PWHASH_MAX_PASSPHRASE_BYTES. Returns the reason one is refused (never quoting it).
std::optional<std::string> PassphraseProblem(std::string_view passphrase);

// Little-endian helpers shared with keystore_validator.cpp.
void PutU32(util::Bytes& out, std::uint32_t v);
void PutU64(util::Bytes& out, std::uint64_t v);

}  // namespace cairn::wallet::keystore_format
