// Keystore: accounts, signing, the address book and validator keys (the rest is in keystore.cpp).
#include <utility>

#include "util/log.h"
#include "wallet/keystore.h"
#include "wallet/keystore_file.h"
#include "wallet/keystore_format.h"
#include "wallet/keystore_sqlite.h"
#include "wallet/slip10.h"

namespace cairn::wallet {
namespace fmt = keystore_format;
namespace {

KeystoreError InvalidInput(std::string message) { return {KeystoreErrorKind::InvalidInput, std::move(message)}; }

util::Result<void, KeystoreError> CheckLabel(std::string_view label) {
  if (auto problem = fmt::LabelProblem(label)) return util::Err(InvalidInput(*problem));
  return {};
}

}  // namespace

std::string Keystore::AddressText(const chain::Address& address) const { return chain::EncodeAddress(address, m_hrp); }

util::Result<chain::Address, KeystoreError> Keystore::ParseAddress(std::string_view text) const {
  auto decoded = chain::DecodeAddress(text, m_hrp);
  if (!decoded) return util::Err(InvalidInput(decoded.error().message));
  return *decoded;
}

util::Result<crypto::SecretKey, KeystoreError> Keystore::DeriveAccountKeyLocked(std::uint32_t account) {
  auto path = AccountKeyPath(account, 0);
  if (!path) return util::Err(InvalidInput(path.error()));
  auto key = Slip10Derive(m_seed.span(), *path);
  if (!key) return util::Err(Fail(KeystoreErrorKind::Damaged, "its seed has an impossible size"));
  return wallet::SigningKey(*key);  // the free function of slip10.h, not the member
}

util::Result<void, KeystoreError> Keystore::VerifyAccountKeysLocked(util::ByteSpan seed) {
  auto rows = detail::ReadAccounts(*m_db);
  if (!rows) return util::Err(std::move(rows).error());
  for (const auto& row : *rows) {
    auto path = AccountKeyPath(row.account, 0);
    bool matches = false;
    if (path && row.public_key) {
      auto key = Slip10Derive(seed, *path);
      matches = key && wallet::SigningKey(*key).public_key() == *row.public_key;
    }
    if (!matches) {
      // Someone who can write the file could swap in their own public key so that "receive" shows their
      // address; the seed is the authority, and a mismatch means the file was altered.
      return util::Err(Fail(KeystoreErrorKind::Damaged, "the public key stored for account " + std::to_string(row.account) +
                                                            " does not belong to this wallet's seed (the file was "
                                                            "altered); refusing to unlock"));
    }
  }
  return {};
}

util::Result<AccountInfo, KeystoreError> Keystore::DeriveAccountLocked(std::uint32_t account, std::string_view label) {
  auto key = DeriveAccountKeyLocked(account);
  if (!key) return util::Err(std::move(key).error());
  const chain::Address address = chain::AddressFromPublicKey(key->public_key());
  return AccountInfo{account, std::string(label), key->public_key(), address, AddressText(address)};
}

util::Result<AccountInfo, KeystoreError> Keystore::CreateAccount(std::string_view label) {
  if (auto ok = CheckLabel(label); !ok) return util::Err(std::move(ok).error());
  std::lock_guard lock(m_mutex);
  if (auto ok = RequireSecretsLocked("create an account"); !ok) return util::Err(std::move(ok).error());
  auto next = m_db->QueryInt("SELECT ifnull(max(account) + 1, 0) FROM accounts");
  if (!next) return util::Err(std::move(next).error());
  if (*next < 0 || *next > MAX_CHILD_INDEX) return util::Err(InvalidInput("every account index is in use"));
  const auto index = static_cast<std::uint32_t>(*next);
  auto info = DeriveAccountLocked(index, label);
  if (!info) return info;
  detail::AccountRow row{index, info->label, info->public_key, info->address, m_clock->NowMs()};
  if (auto inserted = detail::InsertAccount(*m_db, row); !inserted) return util::Err(std::move(inserted).error());
  MarkUsedLocked();
  CAIRN_LOG(Wallet, Info) << "created account " << index << " in wallet " << m_path;
  return info;
}

util::Result<AccountInfo, KeystoreError> Keystore::PeekAccount(std::uint32_t account) {
  if (account > MAX_CHILD_INDEX) return util::Err(InvalidInput("account index above 2^31 - 1"));
  std::lock_guard lock(m_mutex);
  if (auto ok = RequireSecretsLocked("derive an account"); !ok) return util::Err(std::move(ok).error());
  MarkUsedLocked();
  return DeriveAccountLocked(account, "");
}

util::Result<AccountInfo, KeystoreError> Keystore::AddAccount(std::uint32_t account, std::string_view label) {
  if (account > MAX_CHILD_INDEX) return util::Err(InvalidInput("account index above 2^31 - 1"));
  if (auto ok = CheckLabel(label); !ok) return util::Err(std::move(ok).error());
  std::lock_guard lock(m_mutex);
  if (auto ok = RequireSecretsLocked("add an account"); !ok) return util::Err(std::move(ok).error());
  auto exists = m_db->Prepare("SELECT 1 FROM accounts WHERE account = ?1");
  if (!exists) return util::Err(std::move(exists).error());
  exists->Bind(1, std::int64_t{account});
  auto row = exists->Step();
  if (!row) return util::Err(std::move(row).error());
  if (*row) return util::Err(Fail(KeystoreErrorKind::AlreadyExists, "account " + std::to_string(account) + " exists"));
  auto info = DeriveAccountLocked(account, label);
  if (!info) return info;
  detail::AccountRow stored{account, info->label, info->public_key, info->address, m_clock->NowMs()};
  if (auto inserted = detail::InsertAccount(*m_db, stored); !inserted) return util::Err(std::move(inserted).error());
  MarkUsedLocked();
  CAIRN_LOG(Wallet, Info) << "added account " << account << " to wallet " << m_path;
  return info;
}

util::Result<void, KeystoreError> Keystore::RenameAccount(std::uint32_t account, std::string_view label) {
  if (auto ok = CheckLabel(label); !ok) return ok;
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  auto stmt = m_db->Prepare("UPDATE accounts SET label = ?1 WHERE account = ?2");
  if (!stmt) return util::Err(std::move(stmt).error());
  if (auto done = stmt->BindText(1, label).Bind(2, std::int64_t{account}).Run(); !done) return done;
  if (m_db->Changes() == 0) return util::Err(Fail(KeystoreErrorKind::UnknownAccount, "there is no account " + std::to_string(account)));
  return {};
}

util::Result<std::vector<AccountInfo>, KeystoreError> Keystore::ListAccounts() {
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  auto rows = detail::ReadAccounts(*m_db);
  if (!rows) return util::Err(std::move(rows).error());
  std::vector<AccountInfo> out;
  out.reserve(rows->size());
  for (auto& row : *rows) {
    out.push_back({row.account, std::move(row.label), row.public_key, row.address, AddressText(row.address)});
  }
  return out;
}

util::Result<crypto::SecretKey, KeystoreError> Keystore::SigningKey(std::uint32_t account) {
  std::lock_guard lock(m_mutex);
  if (auto ok = RequireSecretsLocked("sign"); !ok) return util::Err(std::move(ok).error());
  auto stmt = m_db->Prepare("SELECT public_key FROM accounts WHERE account = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, std::int64_t{account});
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  if (!*row) return util::Err(Fail(KeystoreErrorKind::UnknownAccount, "there is no account " + std::to_string(account)));
  const util::Bytes stored = stmt->Blob(0);
  auto key = DeriveAccountKeyLocked(account);
  if (!key) return util::Err(std::move(key).error());
  // Unlock checked every stored key; a row written since then by another process is checked here.
  if (stored.size() != crypto::PublicKey::SIZE || crypto::PublicKey::FromSpan(stored) != key->public_key()) {
    return util::Err(Fail(KeystoreErrorKind::Damaged, "the public key stored for account " + std::to_string(account) +
                                                          " does not belong to this wallet's seed (the file was altered)"));
  }
  MarkUsedLocked();
  return std::move(key).value();
}

util::Result<crypto::Signature, KeystoreError> Keystore::Sign(std::uint32_t account, util::ByteSpan message) {
  auto key = SigningKey(account);
  if (!key) return util::Err(std::move(key).error());
  return crypto::Sign(*key, message);
}

util::Result<Contact, KeystoreError> Keystore::AddContact(std::string_view address, std::string_view label) {
  auto parsed = ParseAddress(address);
  if (!parsed) return util::Err(std::move(parsed).error());
  if (auto ok = CheckLabel(label); !ok) return util::Err(std::move(ok).error());
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  auto stmt = m_db->Prepare("INSERT INTO contacts(address, label, created_ms) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
  if (!stmt) return util::Err(std::move(stmt).error());
  if (auto done = stmt->Bind(1, parsed->span()).BindText(2, label).Bind(3, m_clock->NowMs()).Run(); !done) {
    return util::Err(std::move(done).error());
  }
  if (m_db->Changes() == 0) {
    return util::Err(Fail(KeystoreErrorKind::AlreadyExists, "address " + AddressText(*parsed) + " is already in the address book"));
  }
  return Contact{*parsed, AddressText(*parsed), std::string(label)};
}

util::Result<void, KeystoreError> Keystore::RenameContact(std::string_view address, std::string_view label) {
  auto parsed = ParseAddress(address);
  if (!parsed) return util::Err(std::move(parsed).error());
  if (auto ok = CheckLabel(label); !ok) return ok;
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  auto stmt = m_db->Prepare("UPDATE contacts SET label = ?2 WHERE address = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  if (auto done = stmt->Bind(1, parsed->span()).BindText(2, label).Run(); !done) return done;
  if (m_db->Changes() == 0) {
    return util::Err(Fail(KeystoreErrorKind::UnknownAccount, "address " + AddressText(*parsed) + " is not in the address book"));
  }
  return {};
}

util::Result<void, KeystoreError> Keystore::RemoveContact(std::string_view address) {
  auto parsed = ParseAddress(address);
  if (!parsed) return util::Err(std::move(parsed).error());
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  auto stmt = m_db->Prepare("DELETE FROM contacts WHERE address = ?1");
  if (!stmt) return util::Err(std::move(stmt).error());
  if (auto done = stmt->Bind(1, parsed->span()).Run(); !done) return done;
  if (m_db->Changes() == 0) {
    return util::Err(Fail(KeystoreErrorKind::UnknownAccount, "address " + AddressText(*parsed) + " is not in the address book"));
  }
  return {};
}

util::Result<std::vector<Contact>, KeystoreError> Keystore::ListContacts() {
  std::lock_guard lock(m_mutex);
  ApplyAutoLockLocked();
  auto stmt = m_db->Prepare("SELECT address, label FROM contacts ORDER BY label, address");
  if (!stmt) return util::Err(std::move(stmt).error());
  std::vector<Contact> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    const util::Bytes raw = stmt->Blob(0);
    if (raw.size() != chain::Address::SIZE) return util::Err(Fail(KeystoreErrorKind::Damaged, "an address book entry is malformed"));
    const auto address = chain::Address::FromSpan(raw);
    out.push_back({address, AddressText(address), stmt->Text(1)});
  }
  return out;
}

util::Result<ValidatorKeySet, KeystoreError> Keystore::ValidatorKeys(std::uint32_t account) {
  if (account > MAX_CHILD_INDEX) return util::Err(InvalidInput("account index above 2^31 - 1"));
  std::lock_guard lock(m_mutex);
  if (auto ok = RequireSecretsLocked("derive validator keys"); !ok) return util::Err(std::move(ok).error());
  auto keys = DeriveValidatorKeys(m_seed.span(), account);
  if (keys) MarkUsedLocked();
  return keys;
}

util::Result<std::string, KeystoreError> Keystore::ExportValidatorKeys(std::uint32_t account,
                                                                       std::string_view export_passphrase) {
  if (auto problem = fmt::PassphraseProblem(export_passphrase)) return util::Err(InvalidInput("export passphrase: " + *problem));
  auto keys = ValidatorKeys(account);
  if (!keys) return util::Err(std::move(keys).error());
  // Argon2id runs with no lock held: the keys are this call's own copies.
  auto json = EncodeValidatorKeyExport(*keys, m_chain_id, export_passphrase, m_options.kdf_limits);
  if (json) CAIRN_LOG(Wallet, Info) << "exported the validator keys of account " << account << " from wallet " << m_path;
  return json;
}

}  // namespace cairn::wallet
