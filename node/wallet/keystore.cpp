// Keystore: creating and opening wallets, locking, the attempt slow-down, passphrase changes, backups.
// Accounts, the address book and validator keys are in keystore_accounts.cpp.
#include "wallet/keystore.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "crypto/aead.h"
#include "util/log.h"
#include "wallet/bip39.h"
#include "wallet/keystore_file.h"
#include "wallet/keystore_format.h"
#include "wallet/keystore_sqlite.h"
#include "wallet/slip10.h"

namespace cairn::wallet {
namespace fmt = keystore_format;
namespace {

constexpr std::int64_t FIRST_DELAY_MS = 250;
constexpr std::int64_t MAX_DELAY_MS = 8000;

KeystoreError InvalidInput(std::string message) { return {KeystoreErrorKind::InvalidInput, std::move(message)}; }

// After the n-th consecutive failure: 250 ms, 500 ms, 1 s, 2 s, 4 s, then 8 s.
std::int64_t ThrottleDelayMs(std::uint32_t failures) {
  if (failures == 0) return 0;
  const std::uint32_t doublings = std::min<std::uint32_t>(failures - 1, 6);
  return std::min(FIRST_DELAY_MS << doublings, MAX_DELAY_MS);
}

// "0.25 s", "1.5 s", "8 s": rounded up to a hundredth so that "try again in X" is never too early.
std::string Seconds(std::int64_t ms) {
  const std::int64_t hundredths = (std::max<std::int64_t>(ms, 0) + 9) / 10;
  std::string text = std::to_string(hundredths / 100);
  const std::int64_t fraction = hundredths % 100;
  if (fraction != 0) text += fraction % 10 == 0 ? "." + std::to_string(fraction / 10) : (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
  return text + " s";
}

// Why a typed mnemonic is refused, without quoting any word of it: the 1-based position of the first
// word that is not in the list, or the rule that failed.
std::string MnemonicProblem(std::string_view text, const MnemonicError& error) {
  if (error.kind == MnemonicErrorKind::UnknownWord) {
    const auto words = Bip39EnglishWords();
    std::size_t position = 0;
    std::string word;
    auto check = [&]() -> bool {  // true when `word` is the unknown one
      if (word.empty()) return false;
      ++position;
      const bool known = std::binary_search(words.begin(), words.end(), std::string_view(word));
      crypto::Wipe({reinterpret_cast<std::uint8_t*>(word.data()), word.size()});
      word.clear();
      return !known;
    };
    // The same separators as ParseMnemonic: ASCII whitespace and U+00A0 (UTF-8 C2 A0).
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      const bool nbsp = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xa0;
      if (std::isspace(c) != 0 || nbsp) {
        if (nbsp) ++i;
        if (check()) return "word " + std::to_string(position) + " is not in the BIP-39 English word list";
      } else {
        word += static_cast<char>(std::tolower(c));
      }
    }
    if (check()) return "word " + std::to_string(position) + " is not in the BIP-39 English word list";
    return "a word is not in the BIP-39 English word list";
  }
  switch (error.kind) {
    case MnemonicErrorKind::WordCount: return "a recovery phrase has 12, 15, 18, 21 or 24 words";
    case MnemonicErrorKind::Checksum: return "the words fail the recovery phrase's checksum (a wrong or swapped word)";
    case MnemonicErrorKind::Encoding: return "the recovery phrase is not valid UTF-8 text";
    default: return "the recovery phrase is not valid";
  }
}

KeystoreError FromPwhash(const crypto::PwhashError& e) {
  return {e.kind == crypto::PwhashErrorKind::OutOfMemory ? KeystoreErrorKind::Io : KeystoreErrorKind::InvalidInput,
          "key derivation: " + e.message};
}

// Encrypts `payload` for `header` (whose kind, wallet id and chain id are set): fresh salt and nonce,
// the given limits; returns the header bytes (= associated data) and nonce || ciphertext || tag.
util::Result<std::pair<util::Bytes, util::Bytes>, KeystoreError> Seal(fmt::Header header, std::string_view passphrase,
                                                                      const crypto::PwhashLimits& limits,
                                                                      const crypto::SecureBuffer& payload) {
  header.kdf = fmt::KDF_ARGON2ID13;
  header.cipher = fmt::CIPHER_XCHACHA20POLY1305_IETF;
  header.limits = limits;
  crypto::RandomBytes(header.salt.bytes);
  auto key = crypto::DeriveKey(passphrase, header.salt.span(), limits, crypto::AEAD_KEY_SIZE);
  if (!key) return util::Err(FromPwhash(key.error()));
  util::Bytes header_bytes = fmt::EncodeHeader(header);
  const crypto::AeadNonce nonce = crypto::RandomAeadNonce();
  auto sealed = crypto::AeadSeal(*key, nonce, payload.span(), header_bytes);
  if (!sealed) return util::Err(KeystoreError{KeystoreErrorKind::Io, "encryption failed: " + sealed.error().message});
  util::Bytes secret(nonce.bytes.begin(), nonce.bytes.end());
  util::Append(secret, *sealed);
  return std::pair{std::move(header_bytes), std::move(secret)};
}

// Decrypts a record's secret (Argon2id: slow). WrongPassphrase when the AEAD rejects it.
util::Result<fmt::Payload, KeystoreError> OpenSecret(const detail::StoredRecord& record, std::string_view passphrase,
                                                     const std::string& path) {
  auto key = crypto::DeriveKey(passphrase, record.header.salt.span(), record.header.limits, crypto::AEAD_KEY_SIZE);
  if (!key) return util::Err(FromPwhash(key.error()));
  const util::ByteSpan secret = *record.secret;  // ReadRecord guarantees it for HD wallets
  const auto nonce = crypto::AeadNonce::FromSpan(secret.first(crypto::AEAD_NONCE_SIZE));
  auto plain = crypto::AeadOpen(*key, nonce, secret.subspan(crypto::AEAD_NONCE_SIZE), record.header_bytes);
  if (!plain) {
    return util::Err(KeystoreError{KeystoreErrorKind::WrongPassphrase,
                                   "wrong passphrase for " + detail::FileName(path) +
                                       " (or its header or encrypted secret was altered)"});
  }
  auto payload = fmt::DecodePayload(plain->span());
  if (!payload) return util::Err(KeystoreError{KeystoreErrorKind::Damaged, detail::FileName(path) + ": " + payload.error()});
  return std::move(payload).value();
}

util::Result<void, KeystoreError> CheckOptions(const KeystoreOptions& options, const chain::ChainId& chain_id) {
  if (chain_id.empty()) return util::Err(InvalidInput("the chain id is empty"));
  if (!crypto::PwhashLimitsAcceptable(options.kdf_limits)) {
    return util::Err(InvalidInput("the Argon2id limits in the keystore options are out of range"));
  }
  const bool hrp_ok = options.hrp.size() <= 20 && std::all_of(options.hrp.begin(), options.hrp.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                      });
  if (!hrp_ok) return util::Err(InvalidInput("the address prefix '" + options.hrp + "' is not a lower-case bech32 prefix"));
  return {};
}

}  // namespace

std::string_view KeystoreErrorKindName(KeystoreErrorKind kind) {
  switch (kind) {
    case KeystoreErrorKind::InvalidInput: return "invalid-input";
    case KeystoreErrorKind::NotFound: return "not-found";
    case KeystoreErrorKind::AlreadyExists: return "already-exists";
    case KeystoreErrorKind::NotAWallet: return "not-a-wallet";
    case KeystoreErrorKind::FutureVersion: return "future-version";
    case KeystoreErrorKind::Damaged: return "damaged";
    case KeystoreErrorKind::WrongChain: return "wrong-chain";
    case KeystoreErrorKind::WrongKind: return "wrong-kind";
    case KeystoreErrorKind::WrongPassphrase: return "wrong-passphrase";
    case KeystoreErrorKind::TryLater: return "try-later";
    case KeystoreErrorKind::Locked: return "locked";
    case KeystoreErrorKind::Unconfirmed: return "unconfirmed";
    case KeystoreErrorKind::MnemonicMismatch: return "mnemonic-mismatch";
    case KeystoreErrorKind::UnknownAccount: return "unknown-account";
    case KeystoreErrorKind::Io: return "io";
  }
  return "unknown";
}

std::string_view WalletKindName(WalletKind kind) { return kind == WalletKind::Hd ? "HD" : "watch-only"; }

std::string DefaultHrpForChain(const chain::ChainId& chain_id) {
  const std::string& id = chain_id.str();
  const bool mainnet = id == "mainnet" || id.rfind("mainnet-", 0) == 0;
  return std::string(mainnet ? chain::MAINNET_HRP : chain::TESTNET_HRP);
}

Keystore::Keystore(std::string path, KeystoreOptions options, chain::ChainId chain_id, WalletKind kind, bool confirmed,
                   util::FixedBytes<16> wallet_id, std::unique_ptr<detail::SqliteDb> db)
    : m_path(std::move(path)),
      m_options(std::move(options)),
      m_clock(m_options.clock != nullptr ? m_options.clock : &util::SystemClock::Instance()),
      m_chain_id(std::move(chain_id)),
      m_kind(kind),
      m_hrp(m_options.hrp.empty() ? DefaultHrpForChain(m_chain_id) : m_options.hrp),
      m_wallet_id(wallet_id),
      m_db(std::move(db)),
      m_confirmed(confirmed) {}

Keystore::~Keystore() {
  std::lock_guard lock(m_mutex);
  WipeLocked();
  m_db.reset();
  CAIRN_LOG(Wallet, Debug) << "closed wallet " << m_path;
}

util::Result<std::unique_ptr<Keystore>, KeystoreError> Keystore::OpenValidated(const std::string& path,
                                                                               const chain::ChainId& chain_id,
                                                                               KeystoreOptions options) {
  if (auto ok = CheckOptions(options, chain_id); !ok) return util::Err(std::move(ok).error());
  auto validated = detail::ValidateWalletFile(path, chain_id.str(), options.sqlite_vfs);
  if (!validated) return util::Err(std::move(validated).error());
  // Only now may the file be opened for writing. The writable connection re-reads the record: it must
  // still be the one just validated.
  auto db = detail::SqliteDb::Open(path, detail::OpenMode::ReadWrite, options.sqlite_vfs);
  if (!db) return util::Err(std::move(db).error());
  auto record = detail::ReadRecord(**db);
  if (!record) return util::Err(std::move(record).error());
  if (record->header_bytes != validated->header_bytes || record->secret != validated->secret) {
    return util::Err((*db)->Fail(KeystoreErrorKind::Io, "the file changed while it was being opened; try again"));
  }
  const WalletKind kind = record->header.kind == fmt::KIND_HD ? WalletKind::Hd : WalletKind::WatchOnly;
  return std::unique_ptr<Keystore>(
      new Keystore(path, std::move(options), chain_id, kind, record->confirmed, record->header.wallet_id,
                   std::move(db).value()));
}

util::Result<std::unique_ptr<Keystore>, KeystoreError> Keystore::Open(const std::string& path,
                                                                      const chain::ChainId& expected_chain_id,
                                                                      KeystoreOptions options) {
  auto opened = OpenValidated(path, expected_chain_id, std::move(options));
  if (opened) {
    CAIRN_LOG(Wallet, Info) << "opened " << WalletKindName((*opened)->kind()) << " wallet " << path << " (chain "
                            << expected_chain_id.str() << ", locked)";
  }
  return opened;
}

util::Result<std::unique_ptr<Keystore>, KeystoreError> Keystore::CreateHd(const std::string& path,
                                                                          const chain::ChainId& chain_id,
                                                                          util::ByteSpan entropy, util::ByteSpan seed,
                                                                          std::string_view passphrase, bool confirmed,
                                                                          KeystoreOptions options) {
  if (auto ok = CheckOptions(options, chain_id); !ok) return util::Err(std::move(ok).error());
  if (auto free = detail::RefuseExisting(path); !free) return util::Err(std::move(free).error());
  fmt::Header header;
  header.kind = fmt::KIND_HD;
  header.chain_id = chain_id.str();
  crypto::RandomBytes(header.wallet_id.bytes);
  const crypto::SecureBuffer payload = fmt::EncodePayload(entropy, seed);
  auto sealed = Seal(std::move(header), passphrase, options.kdf_limits, payload);
  if (!sealed) return util::Err(std::move(sealed).error());
  if (auto created = detail::CreateWalletFile(path, sealed->first, sealed->second, confirmed, {}, options.sqlite_vfs);
      !created) {
    return util::Err(std::move(created).error());
  }
  auto opened = OpenValidated(path, chain_id, std::move(options));
  if (!opened) return opened;
  Keystore& ks = **opened;
  std::lock_guard lock(ks.m_mutex);
  ks.m_seed = crypto::SecureBuffer::CopyOf(seed);
  ks.m_entropy = crypto::SecureBuffer::CopyOf(entropy);
  ks.MarkUsedLocked();
  return opened;
}

util::Result<CreatedKeystore, KeystoreError> Keystore::Create(const std::string& path, const chain::ChainId& chain_id,
                                                              std::string_view passphrase, std::size_t word_count,
                                                              KeystoreOptions options) {
  if (auto problem = fmt::PassphraseProblem(passphrase)) return util::Err(InvalidInput(*problem));
  auto mnemonic = GenerateMnemonic(word_count);
  if (!mnemonic) return util::Err(InvalidInput("a new recovery phrase has 12, 15, 18, 21 or 24 words"));
  const crypto::SecureBuffer entropy = MnemonicToEntropy(*mnemonic);
  auto seed = MnemonicToSeed(*mnemonic, "");
  if (!seed) return util::Err(InvalidInput(seed.error().message));
  auto ks = CreateHd(path, chain_id, entropy.span(), seed->span(), passphrase, /*confirmed=*/false, std::move(options));
  if (!ks) return util::Err(std::move(ks).error());
  CAIRN_LOG(Wallet, Info) << "created HD wallet " << path << " (chain " << chain_id.str() << ", " << word_count
                          << " words, awaiting confirmation of the recovery phrase)";
  return CreatedKeystore{std::move(ks).value(), crypto::SecureBuffer::CopyOf(util::AsBytes(mnemonic->text()))};
}

util::Result<std::unique_ptr<Keystore>, KeystoreError> Keystore::Restore(const std::string& path,
                                                                         const chain::ChainId& chain_id,
                                                                         std::string_view mnemonic_text,
                                                                         std::string_view bip39_passphrase,
                                                                         std::string_view passphrase,
                                                                         KeystoreOptions options) {
  if (auto problem = fmt::PassphraseProblem(passphrase)) return util::Err(InvalidInput(*problem));
  auto mnemonic = ParseMnemonic(mnemonic_text);
  if (!mnemonic) return util::Err(InvalidInput(MnemonicProblem(mnemonic_text, mnemonic.error())));
  const crypto::SecureBuffer entropy = MnemonicToEntropy(*mnemonic);
  auto seed = MnemonicToSeed(*mnemonic, bip39_passphrase);
  if (!seed) return util::Err(InvalidInput("the BIP-39 passphrase is not valid UTF-8 or is too long"));
  auto ks = CreateHd(path, chain_id, entropy.span(), seed->span(), passphrase, /*confirmed=*/true, std::move(options));
  if (ks) CAIRN_LOG(Wallet, Info) << "restored HD wallet " << path << " (chain " << chain_id.str() << ")";
  return ks;
}

util::Result<std::unique_ptr<Keystore>, KeystoreError> Keystore::CreateWatchOnly(const std::string& path,
                                                                                 const chain::ChainId& chain_id,
                                                                                 const std::vector<std::string>& addresses,
                                                                                 KeystoreOptions options) {
  if (auto ok = CheckOptions(options, chain_id); !ok) return util::Err(std::move(ok).error());
  if (addresses.empty()) return util::Err(InvalidInput("a watch-only wallet needs at least one address"));
  const std::string hrp = options.hrp.empty() ? DefaultHrpForChain(chain_id) : options.hrp;
  const std::int64_t now = (options.clock != nullptr ? options.clock : &util::SystemClock::Instance())->NowMs();
  std::vector<detail::AccountRow> rows;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    auto decoded = chain::DecodeAddress(addresses[i], hrp);
    if (!decoded) return util::Err(InvalidInput("address " + std::to_string(i + 1) + ": " + decoded.error().message));
    for (const auto& row : rows) {
      if (row.address == *decoded) return util::Err(InvalidInput("address " + std::to_string(i + 1) + " is listed twice"));
    }
    rows.push_back({static_cast<std::uint32_t>(i), "", std::nullopt, *decoded, now});
  }
  fmt::Header header;
  header.kind = fmt::KIND_WATCH_ONLY;
  header.chain_id = chain_id.str();
  crypto::RandomBytes(header.wallet_id.bytes);
  const util::Bytes header_bytes = fmt::EncodeHeader(header);
  if (auto created = detail::CreateWalletFile(path, header_bytes, std::nullopt, /*confirmed=*/true, rows, options.sqlite_vfs);
      !created) {
    return util::Err(std::move(created).error());
  }
  auto ks = OpenValidated(path, chain_id, std::move(options));
  if (ks) CAIRN_LOG(Wallet, Info) << "created watch-only wallet " << path << " with " << rows.size() << " addresses";
  return ks;
}

// ---- state ----

KeystoreError Keystore::Fail(KeystoreErrorKind kind, std::string_view what) const {
  return {kind, detail::FileName(m_path) + ": " + std::string(what)};
}

void Keystore::WipeLocked() {
  m_seed = crypto::SecureBuffer();  // the old buffers are wiped as they are freed
  m_entropy = crypto::SecureBuffer();
}

bool Keystore::ApplyAutoLockLocked() {
  if (m_seed.empty() || m_auto_lock_ms <= 0) return false;
  const std::int64_t idle = NowSteady() - m_last_use_ms;
  if (idle < m_auto_lock_ms) return false;
  WipeLocked();
  CAIRN_LOG(Wallet, Info) << "locked wallet " << m_path << " after " << idle / 1000 << " s idle";
  return true;
}

util::Result<void, KeystoreError> Keystore::RequireSecretsLocked(std::string_view action) {
  ApplyAutoLockLocked();
  if (m_kind != WalletKind::Hd) {
    return util::Err(Fail(KeystoreErrorKind::WrongKind, "a watch-only wallet has no keys to " + std::string(action)));
  }
  if (!m_confirmed) {
    return util::Err(Fail(KeystoreErrorKind::Unconfirmed,
                          "confirm the recovery phrase (ConfirmMnemonic) before you " + std::string(action)));
  }
  if (m_seed.empty()) return util::Err(Fail(KeystoreErrorKind::Locked, "the wallet is locked: unlock it to " + std::string(action)));
  return {};
}

util::Result<void, KeystoreError> Keystore::ThrottleCheckLocked() {
  const std::int64_t now = NowSteady();
  if (m_failures > 0 && now < m_next_attempt_ms) {
    KeystoreError error = Fail(KeystoreErrorKind::TryLater, "too many wrong passphrases: try again in " +
                                                                Seconds(m_next_attempt_ms - now));
    error.retry_after_ms = m_next_attempt_ms - now;
    return util::Err(std::move(error));
  }
  return {};
}

void Keystore::RecordFailureLocked() {
  if (m_failures < 1000) ++m_failures;
  m_next_attempt_ms = NowSteady() + ThrottleDelayMs(m_failures);
  CAIRN_LOG(Wallet, Warn) << "wrong passphrase for wallet " << m_path << " (" << m_failures
                          << " in a row; next attempt in " << Seconds(ThrottleDelayMs(m_failures)) << ")";
}

bool Keystore::IsConfirmed() {
  std::lock_guard lock(m_mutex);
  return m_confirmed;
}

void Keystore::Lock() {
  std::lock_guard lock(m_mutex);
  if (!m_seed.empty()) CAIRN_LOG(Wallet, Info) << "locked wallet " << m_path;
  WipeLocked();
}

bool Keystore::IsLocked() {
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  return m_seed.empty();
}

void Keystore::SetAutoLock(std::chrono::milliseconds idle) {
  std::lock_guard lock(m_mutex);
  m_auto_lock_ms = std::max<std::int64_t>(idle.count(), 0);
}

bool Keystore::MaybeAutoLock() {
  std::lock_guard lock(m_mutex);
  return ApplyAutoLockLocked();
}

util::Result<void, KeystoreError> Keystore::Unlock(std::string_view passphrase) {
  std::lock_guard serial(m_passphrase_mutex);
  detail::StoredRecord record;
  {
    std::lock_guard lock(m_mutex);
    ApplyAutoLockLocked();
    if (m_kind != WalletKind::Hd) return util::Err(Fail(KeystoreErrorKind::WrongKind, "a watch-only wallet has no passphrase to unlock"));
    if (auto allowed = ThrottleCheckLocked(); !allowed) return allowed;
    auto read = detail::ReadRecord(*m_db);
    if (!read) return util::Err(std::move(read).error());
    record = std::move(read).value();
  }
  auto payload = OpenSecret(record, passphrase, m_path);  // Argon2id, outside m_mutex
  std::lock_guard lock(m_mutex);
  if (!payload) {
    KeystoreError error = std::move(payload).error();
    if (error.kind == KeystoreErrorKind::WrongPassphrase) {
      RecordFailureLocked();
      error.message += "; next attempt possible in " + Seconds(ThrottleDelayMs(m_failures));
    }
    return util::Err(std::move(error));
  }
  if (auto verified = VerifyAccountKeysLocked(payload->seed.span()); !verified) return verified;
  m_failures = 0;
  m_next_attempt_ms = 0;
  m_seed = std::move(payload->seed);
  m_entropy = std::move(payload->entropy);
  MarkUsedLocked();
  CAIRN_LOG(Wallet, Info) << "unlocked wallet " << m_path;
  return {};
}

util::Result<Keystore::ValidatorIdentity, KeystoreError> Keystore::ValidatorKeysWithPassphrase(
    std::uint32_t account, std::string_view passphrase) {
  if (account > MAX_CHILD_INDEX) return util::Err(InvalidInput("account index above 2^31 - 1"));
  std::lock_guard serial(m_passphrase_mutex);
  detail::StoredRecord record;
  std::optional<crypto::PublicKey> stored;
  {
    std::lock_guard lock(m_mutex);
    ApplyAutoLockLocked();
    if (m_kind != WalletKind::Hd) return util::Err(Fail(KeystoreErrorKind::WrongKind, "a watch-only wallet has no validator keys"));
    if (!m_confirmed) {
      return util::Err(Fail(KeystoreErrorKind::Unconfirmed, "confirm the recovery phrase before you derive validator keys"));
    }
    auto rows = detail::ReadAccounts(*m_db);
    if (!rows) return util::Err(std::move(rows).error());
    for (const auto& row : *rows) {
      if (row.account == account) stored = row.public_key;
    }
    if (!stored) return util::Err(Fail(KeystoreErrorKind::UnknownAccount, "there is no account " + std::to_string(account)));
    if (auto allowed = ThrottleCheckLocked(); !allowed) return util::Err(std::move(allowed).error());
    auto read = detail::ReadRecord(*m_db);
    if (!read) return util::Err(std::move(read).error());
    record = std::move(read).value();
  }
  auto payload = OpenSecret(record, passphrase, m_path);  // Argon2id, outside m_mutex
  {
    std::lock_guard lock(m_mutex);
    if (!payload) {
      KeystoreError error = std::move(payload).error();
      if (error.kind == KeystoreErrorKind::WrongPassphrase) {
        RecordFailureLocked();
        error.message += "; next attempt possible in " + Seconds(ThrottleDelayMs(m_failures));
      }
      return util::Err(std::move(error));
    }
    m_failures = 0;
    m_next_attempt_ms = 0;
  }
  // The decrypted payload is wiped when it goes out of scope, whatever happens below.
  auto path = AccountKeyPath(account, 0);
  if (!path) return util::Err(InvalidInput(path.error()));
  auto account_key = Slip10Derive(payload->seed.span(), *path);
  if (!account_key) return util::Err(Fail(KeystoreErrorKind::Damaged, "its seed has an impossible size"));
  const crypto::PublicKey public_key = wallet::SigningKey(*account_key).public_key();
  if (public_key != *stored) {
    return util::Err(Fail(KeystoreErrorKind::Damaged, "the public key stored for account " + std::to_string(account) +
                                                          " does not belong to this wallet's seed (the file was altered)"));
  }
  auto keys = DeriveValidatorKeys(payload->seed.span(), account);
  if (!keys) return util::Err(std::move(keys).error());
  CAIRN_LOG(Wallet, Info) << "derived the validator keys of account " << account << " of wallet " << m_path
                          << " with its passphrase (the wallet's lock state is unchanged)";
  return ValidatorIdentity{std::move(keys).value(), chain::AddressFromPublicKey(public_key)};
}

util::Result<void, KeystoreError> Keystore::ConfirmMnemonic(std::string_view words) {
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  if (m_kind != WalletKind::Hd) return util::Err(Fail(KeystoreErrorKind::WrongKind, "a watch-only wallet has no recovery phrase"));
  if (m_seed.empty()) return util::Err(Fail(KeystoreErrorKind::Locked, "the wallet is locked: unlock it to confirm the recovery phrase"));
  auto parsed = ParseMnemonic(words);
  if (!parsed) {
    return util::Err(Fail(KeystoreErrorKind::MnemonicMismatch,
                          "these words are not the wallet's recovery phrase: " + MnemonicProblem(words, parsed.error())));
  }
  if (!crypto::ConstantTimeEqual(MnemonicToEntropy(*parsed).span(), m_entropy.span())) {
    return util::Err(Fail(KeystoreErrorKind::MnemonicMismatch, "these words are not the wallet's recovery phrase"));
  }
  MarkUsedLocked();
  if (m_confirmed) return {};
  auto tx = detail::SqliteTransaction::Begin(*m_db);
  if (!tx) return util::Err(std::move(tx).error());
  auto record = detail::ReadRecord(*m_db);
  if (!record) return util::Err(std::move(record).error());
  if (auto written = detail::WriteRecord(*m_db, record->header_bytes, record->secret, true); !written) return written;
  if (auto committed = tx->Commit(); !committed) return committed;
  m_confirmed = true;
  CAIRN_LOG(Wallet, Info) << "recovery phrase confirmed for wallet " << m_path;
  return {};
}

util::Result<void, KeystoreError> Keystore::ChangePassphrase(std::string_view old_passphrase,
                                                             std::string_view new_passphrase) {
  if (auto problem = fmt::PassphraseProblem(new_passphrase)) return util::Err(InvalidInput("new passphrase: " + *problem));
  std::lock_guard serial(m_passphrase_mutex);
  detail::StoredRecord record;
  {
    std::lock_guard lock(m_mutex);
    ApplyAutoLockLocked();
    if (m_kind != WalletKind::Hd) return util::Err(Fail(KeystoreErrorKind::WrongKind, "a watch-only wallet has no passphrase"));
    if (auto allowed = ThrottleCheckLocked(); !allowed) return allowed;
    auto read = detail::ReadRecord(*m_db);
    if (!read) return util::Err(std::move(read).error());
    record = std::move(read).value();
  }
  auto payload = OpenSecret(record, old_passphrase, m_path);
  if (!payload) {
    std::lock_guard lock(m_mutex);
    KeystoreError error = std::move(payload).error();
    if (error.kind == KeystoreErrorKind::WrongPassphrase) {
      RecordFailureLocked();
      error.message += "; next attempt possible in " + Seconds(ThrottleDelayMs(m_failures));
    }
    return util::Err(std::move(error));
  }
  {
    std::lock_guard lock(m_mutex);
    m_failures = 0;
    m_next_attempt_ms = 0;
  }
  // Same wallet id, chain and kind; new salt, nonce and limits.
  auto sealed = Seal(record.header, new_passphrase, m_options.kdf_limits,
                     fmt::EncodePayload(payload->entropy.span(), payload->seed.span()));
  if (!sealed) return util::Err(std::move(sealed).error());

  std::lock_guard lock(m_mutex);
  // One transaction: SQLite's journal makes the old record or the new one survive any crash.
  auto tx = detail::SqliteTransaction::Begin(*m_db);
  if (!tx) return util::Err(std::move(tx).error());
  auto current = detail::ReadRecord(*m_db);
  if (!current) return util::Err(std::move(current).error());
  if (current->header_bytes != record.header_bytes || current->secret != record.secret) {
    return util::Err(Fail(KeystoreErrorKind::Io, "its passphrase was changed by another process meanwhile; nothing was changed"));
  }
  if (auto written = detail::WriteRecord(*m_db, sealed->first, sealed->second, current->confirmed); !written) return written;
  if (auto committed = tx->Commit(); !committed) return committed;
  CAIRN_LOG(Wallet, Info) << "changed the passphrase of wallet " << m_path;
  return {};
}

util::Result<void, KeystoreError> Keystore::BackupTo(const std::string& path) {
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  if (auto written = detail::BackupWalletFile(*m_db, path, m_options.sqlite_vfs); !written) return written;
  if (auto valid = detail::ValidateWalletFile(path, m_chain_id.str(), m_options.sqlite_vfs); !valid) {
    return util::Err(KeystoreError{KeystoreErrorKind::Io, "the backup was written but does not validate: " + valid.error().message});
  }
  CAIRN_LOG(Wallet, Info) << "backed up wallet " << m_path << " to " << path;
  return {};
}

}  // namespace cairn::wallet
