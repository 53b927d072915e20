#include "wallet/keystore_format.h"

#include <cstring>

#include "util/utf8.h"

namespace cairn::wallet::keystore_format {
namespace {

constexpr std::size_t CHAIN_ID_MAX = 32;  // chain::CHAIN_ID_MAX; this file does not need chain/
constexpr std::size_t HEADER_FIXED_SIZE = 8 + 4 + WALLET_ID_SIZE + 1 + 1 + 1 + 8 + 8 + crypto::PWHASH_SALT_SIZE + 1;

std::uint32_t GetU32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
}

std::uint64_t GetU64(const std::uint8_t* p) {
  return std::uint64_t{GetU32(p)} | (std::uint64_t{GetU32(p + 4)} << 32);
}

bool IsChainIdText(std::string_view text) {
  if (text.empty() || text.size() > CHAIN_ID_MAX) return false;
  for (const char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

const char* const SCHEMA_SQL = R"sql(
CREATE TABLE keystore(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  header BLOB NOT NULL,
  secret BLOB,
  confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
  checksum BLOB NOT NULL);
CREATE TABLE accounts(
  account INTEGER PRIMARY KEY CHECK (account BETWEEN 0 AND 2147483647),
  label TEXT NOT NULL,
  public_key BLOB CHECK (public_key IS NULL OR length(public_key) = 32),
  address BLOB NOT NULL CHECK (length(address) = 20),
  created_ms INTEGER NOT NULL);
CREATE TABLE contacts(
  address BLOB PRIMARY KEY NOT NULL CHECK (length(address) = 20),
  label TEXT NOT NULL,
  created_ms INTEGER NOT NULL) WITHOUT ROWID;
)sql";

void PutU32(util::Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void PutU64(util::Bytes& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

util::Bytes EncodeHeader(const Header& header) {
  util::Bytes out;
  out.reserve(HEADER_FIXED_SIZE + header.chain_id.size());
  util::Append(out, util::AsBytes(HEADER_MAGIC));
  PutU32(out, header.format_version);
  util::Append(out, header.wallet_id.span());
  out.push_back(header.kind);
  out.push_back(static_cast<std::uint8_t>(header.chain_id.size()));
  util::Append(out, util::AsBytes(header.chain_id));
  out.push_back(header.kdf);
  PutU64(out, header.limits.opslimit);
  PutU64(out, header.limits.memlimit);
  util::Append(out, header.salt.span());
  out.push_back(header.cipher);
  return out;
}

std::optional<std::uint32_t> PeekFormatVersion(util::ByteSpan bytes) {
  if (bytes.size() < HEADER_MAGIC.size() + 4) return std::nullopt;
  if (std::memcmp(bytes.data(), HEADER_MAGIC.data(), HEADER_MAGIC.size()) != 0) return std::nullopt;
  return GetU32(bytes.data() + HEADER_MAGIC.size());
}

util::Result<Header, std::string> DecodeHeader(util::ByteSpan bytes) {
  const auto version = PeekFormatVersion(bytes);
  if (!version) return util::Err(std::string("the wallet header does not start with the Cairn wallet magic"));
  if (*version != FORMAT_VERSION) {
    return util::Err("the wallet header has format version " + std::to_string(*version) + ", expected " +
                     std::to_string(FORMAT_VERSION));
  }
  if (bytes.size() < HEADER_FIXED_SIZE) return util::Err(std::string("the wallet header is too short"));
  Header h;
  h.format_version = *version;
  std::size_t pos = HEADER_MAGIC.size() + 4;
  h.wallet_id = WalletId::FromSpan(bytes.subspan(pos, WALLET_ID_SIZE));
  pos += WALLET_ID_SIZE;
  h.kind = bytes[pos++];
  const std::size_t chain_len = bytes[pos++];
  if (bytes.size() != HEADER_FIXED_SIZE + chain_len) {
    return util::Err("the wallet header has " + std::to_string(bytes.size()) + " bytes, expected " +
                     std::to_string(HEADER_FIXED_SIZE + chain_len));
  }
  h.chain_id.assign(reinterpret_cast<const char*>(bytes.data() + pos), chain_len);
  pos += chain_len;
  h.kdf = bytes[pos++];
  h.limits.opslimit = GetU64(bytes.data() + pos);
  pos += 8;
  h.limits.memlimit = GetU64(bytes.data() + pos);
  pos += 8;
  h.salt = util::FixedBytes<crypto::PWHASH_SALT_SIZE>::FromSpan(bytes.subspan(pos, crypto::PWHASH_SALT_SIZE));
  pos += crypto::PWHASH_SALT_SIZE;
  h.cipher = bytes[pos++];

  if (!IsChainIdText(h.chain_id)) return util::Err(std::string("the chain id in the wallet header is malformed"));
  if (h.kind == KIND_HD) {
    if (h.kdf != KDF_ARGON2ID13 || h.cipher != CIPHER_XCHACHA20POLY1305_IETF) {
      return util::Err("the wallet header names an unknown key derivation (" + std::to_string(h.kdf) + ") or cipher (" +
                       std::to_string(h.cipher) + ")");
    }
    if (!crypto::PwhashLimitsAcceptable(h.limits)) {
      return util::Err("the wallet header asks for Argon2id parameters out of range (opslimit " +
                       std::to_string(h.limits.opslimit) + ", memlimit " + std::to_string(h.limits.memlimit) + ")");
    }
  } else if (h.kind == KIND_WATCH_ONLY) {
    if (h.kdf != KDF_NONE || h.cipher != CIPHER_NONE || h.limits.opslimit != 0 || h.limits.memlimit != 0 ||
        !h.salt.IsZero()) {
      return util::Err(std::string("the wallet header is watch-only but carries key derivation parameters"));
    }
  } else {
    return util::Err("the wallet header has unknown wallet kind " + std::to_string(h.kind));
  }
  return h;
}

crypto::SecureBuffer EncodePayload(util::ByteSpan entropy, util::ByteSpan seed) {
  crypto::SecureBuffer out(2 + entropy.size() + seed.size());
  out.data()[0] = PAYLOAD_VERSION;
  out.data()[1] = static_cast<std::uint8_t>(entropy.size());
  std::memcpy(out.data() + 2, entropy.data(), entropy.size());
  std::memcpy(out.data() + 2 + entropy.size(), seed.data(), seed.size());
  return out;
}

util::Result<Payload, std::string> DecodePayload(util::ByteSpan bytes) {
  // Only reached after the AEAD verified: a failure here means a Cairn bug or a newer payload, never
  // a random flip, so the reason says so.
  if (bytes.size() < 2 || bytes[0] != PAYLOAD_VERSION) {
    return util::Err(std::string("the decrypted secret has an unknown layout (payload version)"));
  }
  const std::size_t entropy_size = bytes[1];
  if (entropy_size < 16 || entropy_size > 32 || entropy_size % 4 != 0 || bytes.size() != 2 + entropy_size + SEED_SIZE) {
    return util::Err(std::string("the decrypted secret has an impossible length"));
  }
  return Payload{crypto::SecureBuffer::CopyOf(bytes.subspan(2, entropy_size)),
                 crypto::SecureBuffer::CopyOf(bytes.subspan(2 + entropy_size, SEED_SIZE))};
}

crypto::Hash256 RecordChecksum(util::ByteSpan header, const std::optional<util::Bytes>& secret, bool confirmed) {
  // Lengths make the concatenation unambiguous; 0xffffffff marks an absent (NULL) secret.
  util::Bytes data;
  PutU32(data, static_cast<std::uint32_t>(header.size()));
  util::Append(data, header);
  PutU32(data, secret ? static_cast<std::uint32_t>(secret->size()) : 0xffffffffu);
  if (secret) util::Append(data, *secret);
  data.push_back(confirmed ? 1 : 0);
  return crypto::TaggedHash("cairn-wallet-record", data);
}

std::optional<std::string> LabelProblem(std::string_view label) {
  if (label.size() > MAX_LABEL_BYTES) {
    return "the label is longer than " + std::to_string(MAX_LABEL_BYTES) + " bytes";
  }
  for (std::size_t i = 0; i < label.size();) {
    const util::Utf8Char c = util::DecodeUtf8At(label, i);
    if (c.length == 0) return std::string("the label is not valid UTF-8 text");
    const char32_t cp = c.code_point;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return std::string("the label contains a control character");
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
        cp == 0x061c) {
      return std::string("the label contains a text-direction control character");
    }
    i += c.length;
  }
  return std::nullopt;
}

std::optional<std::string> PassphraseProblem(std::string_view passphrase) {
  if (passphrase.empty()) return std::string("the passphrase is empty");
  if (passphrase.size() > crypto::PWHASH_MAX_PASSPHRASE_BYTES) {
    return "the passphrase is longer than " + std::to_string(crypto::PWHASH_MAX_PASSPHRASE_BYTES) + " bytes";
  }
  if (!util::IsValidUtf8(passphrase)) return std::string("the passphrase is not valid UTF-8 text");
  return std::nullopt;
}

}  // namespace cairn::wallet::keystore_format
