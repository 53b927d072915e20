#include "wallet/keystore_validator.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <optional>
#include <set>

#include "crypto/aead.h"
#include "util/hex.h"
#include "wallet/keystore_format.h"
#include "wallet/slip10.h"

namespace cairn::wallet {
namespace fmt = keystore_format;
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view KDF_NAME = "argon2id13";
constexpr std::string_view CIPHER_NAME = "xchacha20poly1305-ietf";
constexpr std::size_t KEY_SEED_SIZE = crypto::ED25519_SEED_SIZE;

KeystoreError Error(KeystoreErrorKind kind, std::string message) { return {kind, "validator key export: " + std::move(message)}; }

// Everything outside the ciphertext, in a fixed binary layout (SPEC.md section 5): the JSON can be
// re-ordered or re-indented freely, but no value can change without failing authentication.
util::Bytes AssociatedData(std::uint32_t version, const std::string& chain_id, std::uint32_t account,
                           const crypto::PublicKey& consensus, const crypto::PublicKey& vrf,
                           const crypto::PwhashLimits& limits, util::ByteSpan salt) {
  util::Bytes ad;
  util::Append(ad, util::AsBytes(VALIDATOR_EXPORT_TYPE));
  ad.push_back(0);
  fmt::PutU32(ad, version);
  ad.push_back(static_cast<std::uint8_t>(chain_id.size()));
  util::Append(ad, util::AsBytes(chain_id));
  fmt::PutU32(ad, account);
  util::Append(ad, consensus.span());
  util::Append(ad, vrf.span());
  ad.push_back(fmt::KDF_ARGON2ID13);
  fmt::PutU64(ad, limits.opslimit);
  fmt::PutU64(ad, limits.memlimit);
  util::Append(ad, salt);
  ad.push_back(fmt::CIPHER_XCHACHA20POLY1305_IETF);
  return ad;
}

util::Result<crypto::SecretKey, KeystoreError> Derive(util::ByteSpan seed,
                                                      const util::Result<DerivationPath, std::string>& path) {
  if (!path) return util::Err(KeystoreError{KeystoreErrorKind::InvalidInput, path.error()});
  auto key = Slip10Derive(seed, *path);
  if (!key) return util::Err(KeystoreError{KeystoreErrorKind::InvalidInput, key.error()});
  return SigningKey(*key);
}

bool HasExactly(const Json& object, std::initializer_list<std::string_view> names) {
  if (!object.is_object() || object.size() != names.size()) return false;
  for (const auto name : names) {
    if (!object.contains(std::string(name))) return false;
  }
  return true;
}

std::optional<std::string> GetString(const Json& object, const char* name) {
  const Json& v = object.at(name);
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

std::optional<std::uint64_t> GetUnsigned(const Json& object, const char* name) {
  const Json& v = object.at(name);
  if (!v.is_number_unsigned()) return std::nullopt;
  return v.get<std::uint64_t>();
}

template <std::size_t N>
std::optional<util::FixedBytes<N>> GetHex(const Json& object, const char* name) {
  const auto text = GetString(object, name);
  if (!text) return std::nullopt;
  return util::ParseFixedHex<N>(*text);
}

}  // namespace

util::Result<ValidatorKeySet, KeystoreError> DeriveValidatorKeys(util::ByteSpan seed, std::uint32_t account) {
  auto consensus = Derive(seed, ConsensusKeyPath(account));
  if (!consensus) return util::Err(std::move(consensus).error());
  auto vrf = Derive(seed, VrfKeyPath(account));
  if (!vrf) return util::Err(std::move(vrf).error());
  return ValidatorKeySet{account, std::move(consensus).value(), std::move(vrf).value()};
}

util::Result<std::string, KeystoreError> EncodeValidatorKeyExport(const ValidatorKeySet& keys,
                                                                   const chain::ChainId& chain_id,
                                                                   std::string_view export_passphrase,
                                                                   const crypto::PwhashLimits& limits) {
  if (auto problem = fmt::PassphraseProblem(export_passphrase)) return util::Err(Error(KeystoreErrorKind::InvalidInput, *problem));
  if (chain_id.empty()) return util::Err(Error(KeystoreErrorKind::InvalidInput, "the chain id is empty"));
  util::FixedBytes<crypto::PWHASH_SALT_SIZE> salt;
  crypto::RandomBytes(salt.bytes);
  auto key = crypto::DeriveKey(export_passphrase, salt.span(), limits, crypto::AEAD_KEY_SIZE);
  if (!key) {
    return util::Err(Error(key.error().kind == crypto::PwhashErrorKind::OutOfMemory ? KeystoreErrorKind::Io
                                                                                    : KeystoreErrorKind::InvalidInput,
                           key.error().message));
  }
  crypto::SecureBuffer plain(2 * KEY_SEED_SIZE);
  std::memcpy(plain.data(), keys.consensus.seed().data(), KEY_SEED_SIZE);
  std::memcpy(plain.data() + KEY_SEED_SIZE, keys.vrf.seed().data(), KEY_SEED_SIZE);
  const util::Bytes ad = AssociatedData(VALIDATOR_EXPORT_VERSION, chain_id.str(), keys.account,
                                        keys.consensus.public_key(), keys.vrf.public_key(), limits, salt.span());
  const crypto::AeadNonce nonce = crypto::RandomAeadNonce();
  auto sealed = crypto::AeadSeal(*key, nonce, plain.span(), ad);
  if (!sealed) return util::Err(Error(KeystoreErrorKind::Io, sealed.error().message));

  Json json;
  json["type"] = std::string(VALIDATOR_EXPORT_TYPE);
  json["version"] = VALIDATOR_EXPORT_VERSION;
  json["chain_id"] = chain_id.str();
  json["account"] = keys.account;
  json["consensus_public_key"] = util::ToHex(keys.consensus.public_key().span());
  json["vrf_public_key"] = util::ToHex(keys.vrf.public_key().span());
  json["kdf"] = Json{{"function", std::string(KDF_NAME)},
                     {"opslimit", limits.opslimit},
                     {"memlimit", limits.memlimit},
                     {"salt", util::ToHex(salt.span())}};
  json["cipher"] = Json{{"function", std::string(CIPHER_NAME)}, {"nonce", util::ToHex(nonce.span())}, {"ciphertext", util::ToHex(*sealed)}};
  return json.dump(2) + "\n";
}

util::Result<ValidatorKeySet, KeystoreError> ImportValidatorKeys(std::string_view text, std::string_view export_passphrase,
                                                                 const chain::ChainId& expected_chain_id) {
  const auto not_export = [](std::string why) { return util::Err(Error(KeystoreErrorKind::InvalidInput, std::move(why))); };
  const auto damaged = [](std::string why) { return util::Err(Error(KeystoreErrorKind::Damaged, std::move(why))); };
  if (text.size() > VALIDATOR_EXPORT_MAX_BYTES) return not_export("larger than any export (" + std::to_string(text.size()) + " bytes)");
  // Parsing without exceptions: untrusted text from a file must not be able to throw through us.
  const Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return not_export("not JSON text with an object at the top");
  if (!json.contains("type") || GetString(json, "type") != std::string(VALIDATOR_EXPORT_TYPE)) {
    return not_export("not a Cairn validator key export (no \"type\": \"cairn-validator-keys\")");
  }
  if (!json.contains("version") || !GetUnsigned(json, "version")) return damaged("\"version\" is missing or not a number");
  const std::uint64_t version = *GetUnsigned(json, "version");
  if (version > VALIDATOR_EXPORT_VERSION) {
    return util::Err(Error(KeystoreErrorKind::FutureVersion, "made by a newer Cairn (version " + std::to_string(version) +
                                                                 "; this program reads version " +
                                                                 std::to_string(VALIDATOR_EXPORT_VERSION) + ")"));
  }
  if (version != VALIDATOR_EXPORT_VERSION) return damaged("unknown version " + std::to_string(version));
  if (!HasExactly(json, {"type", "version", "chain_id", "account", "consensus_public_key", "vrf_public_key", "kdf", "cipher"}) ||
      !HasExactly(json.at("kdf"), {"function", "opslimit", "memlimit", "salt"}) ||
      !HasExactly(json.at("cipher"), {"function", "nonce", "ciphertext"})) {
    return damaged("the members are not exactly those of version 1");
  }
  const auto chain_id = GetString(json, "chain_id");
  const auto account = GetUnsigned(json, "account");
  const auto consensus_pub = GetHex<crypto::PublicKey::SIZE>(json, "consensus_public_key");
  const auto vrf_pub = GetHex<crypto::PublicKey::SIZE>(json, "vrf_public_key");
  const Json& kdf = json.at("kdf");
  const Json& cipher = json.at("cipher");
  const auto opslimit = GetUnsigned(kdf, "opslimit");
  const auto memlimit = GetUnsigned(kdf, "memlimit");
  const auto salt = GetHex<crypto::PWHASH_SALT_SIZE>(kdf, "salt");
  const auto nonce = GetHex<crypto::AEAD_NONCE_SIZE>(cipher, "nonce");
  const auto ciphertext_hex = GetString(cipher, "ciphertext");
  const auto ciphertext = ciphertext_hex ? util::ParseHex(*ciphertext_hex) : std::nullopt;
  if (!chain_id || !account || *account > MAX_CHILD_INDEX || !consensus_pub || !vrf_pub || !opslimit || !memlimit ||
      !salt || !nonce || !ciphertext || ciphertext->size() != 2 * KEY_SEED_SIZE + crypto::AEAD_TAG_SIZE ||
      GetString(kdf, "function") != std::string(KDF_NAME) || GetString(cipher, "function") != std::string(CIPHER_NAME)) {
    return damaged("a member has the wrong type, length or value");
  }
  if (*chain_id != expected_chain_id.str()) {
    return util::Err(Error(KeystoreErrorKind::WrongChain, "the keys are for chain '" + *chain_id + "', not '" +
                                                              expected_chain_id.str() + "'"));
  }
  const crypto::PwhashLimits limits{*opslimit, *memlimit};
  if (!crypto::PwhashLimitsAcceptable(limits)) return damaged("its Argon2id parameters are out of range");
  auto key = crypto::DeriveKey(export_passphrase, salt->span(), limits, crypto::AEAD_KEY_SIZE);
  if (!key) {
    return util::Err(Error(key.error().kind == crypto::PwhashErrorKind::OutOfMemory ? KeystoreErrorKind::Io
                                                                                    : KeystoreErrorKind::InvalidInput,
                           key.error().message));
  }
  const auto index = static_cast<std::uint32_t>(*account);
  const util::Bytes ad = AssociatedData(VALIDATOR_EXPORT_VERSION, *chain_id, index, *consensus_pub, *vrf_pub, limits, salt->span());
  auto plain = crypto::AeadOpen(*key, *nonce, *ciphertext, ad);
  if (!plain) {
    return util::Err(Error(KeystoreErrorKind::WrongPassphrase, "wrong export passphrase (or the file was altered)"));
  }
  auto consensus = crypto::SecretKey::FromSeed(plain->span().first(KEY_SEED_SIZE));
  auto vrf = crypto::SecretKey::FromSeed(plain->span().subspan(KEY_SEED_SIZE, KEY_SEED_SIZE));
  if (!consensus || !vrf || consensus->public_key() != *consensus_pub || vrf->public_key() != *vrf_pub) {
    return damaged("the decrypted keys do not match the public keys it states");
  }
  return ValidatorKeySet{index, std::move(*consensus), std::move(*vrf)};
}

}  // namespace cairn::wallet
