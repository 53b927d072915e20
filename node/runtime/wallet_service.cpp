// WalletService: lifecycle, the wallet file (create, restore, open, lock, backup), accounts with
// balances, validator key export and the address book. Sending is in wallet_service_send.cpp, history
// in wallet_service_history.cpp.
#include "runtime/wallet_service.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "runtime/wallet_service_internal.h"
#include "state/keys.h"
#include "state/queries.h"
#include "util/log.h"
#include "wallet/slip10.h"
#include "wallet/spendable.h"

namespace cairn::runtime {

using namespace wallet_detail;
using wallet::KeystoreErrorKind;

namespace {

api::Error NotRunningWallet() { return Unavailable("the node is not running"); }

// The first account of a new HD wallet: created as soon as it may be (after confirmation or a restore).
constexpr std::string_view FIRST_ACCOUNT_LABEL = "Main";

}  // namespace

api::Error KeystoreToApi(const wallet::KeystoreError& error) {
  switch (error.kind) {
    case KeystoreErrorKind::InvalidInput:
    case KeystoreErrorKind::AlreadyExists:
    case KeystoreErrorKind::MnemonicMismatch:
      return Invalid(error.message);
    case KeystoreErrorKind::NotFound:
    case KeystoreErrorKind::UnknownAccount:
      return NotFoundError(error.message);
    case KeystoreErrorKind::WrongKind: return Unavailable(error.message, "watch_only");
    case KeystoreErrorKind::WrongPassphrase: return Unavailable(error.message, "wrong_passphrase");
    case KeystoreErrorKind::TryLater: return Unavailable(error.message, "try_later");
    case KeystoreErrorKind::Locked: return Unavailable(error.message, "locked");
    case KeystoreErrorKind::Unconfirmed: return Unavailable(error.message, "unconfirmed");
    case KeystoreErrorKind::NotAWallet:
    case KeystoreErrorKind::FutureVersion:
    case KeystoreErrorKind::Damaged:
    case KeystoreErrorKind::WrongChain:
    case KeystoreErrorKind::Io:
      break;
  }
  // The keystore's messages name the file and the fault and never hold secrets.
  return {api::ErrorKind::Internal, error.message, {}};
}

WalletService::Session::Session(const WalletService& service) : m_lock(service.m_gate) {
  if (service.m_engine != nullptr) {
    m_engine = service.m_engine;
    m_readers = service.m_readers.get();
  }
}

WalletService::WalletService(WalletServiceOptions options)
    : m_network_dir(std::move(options.network_dir)),
      m_path((std::filesystem::path(m_network_dir) / WALLETS_DIR_NAME / DEFAULT_WALLET_FILE_NAME).string()),
      m_hrp(std::move(options.hrp)),
      m_clock(options.clock ? options.clock : &util::SystemClock::Instance()),
      m_kdf_limits(options.kdf_limits) {}

WalletService::~WalletService() { Detach(); }

wallet::KeystoreOptions WalletService::KeystoreOpts() const {
  wallet::KeystoreOptions o;
  if (m_kdf_limits) o.kdf_limits = *m_kdf_limits;
  o.clock = m_clock;
  o.hrp = m_hrp;
  return o;
}

void WalletService::Attach(ChainEngine* engine) {
  {
    std::unique_lock lock(m_gate);
    m_engine = engine;
    m_readers = std::make_unique<ReaderPool>(engine->db_path(),
                                             storage::ChainIdentity{engine->genesis().chain_id, engine->genesis_hash()},
                                             MAX_WALLET_READERS);
    std::error_code ec;
    if (!std::filesystem::exists(m_path, ec)) return;
    auto opened = wallet::Keystore::Open(m_path, engine->genesis().chain_id, KeystoreOpts());
    if (!opened) {
      std::lock_guard ks(m_keystore_mutex);
      m_open_error = opened.error().message;
      CAIRN_LOG(Wallet, Error) << "cannot open the wallet: " << m_open_error;
      return;
    }
    std::shared_ptr<wallet::Keystore> keystore = std::move(opened).value();
    keystore->SetAutoLock(std::chrono::milliseconds(m_auto_lock_ms.load()));
    auto activity = OpenActivity(*keystore, engine->genesis_hash());
    std::lock_guard ks(m_keystore_mutex);
    m_keystore = std::move(keystore);
    m_activity = std::move(activity);
    CAIRN_LOG(Wallet, Info) << "opened wallet " << m_path << " (" << wallet::WalletKindName(m_keystore->kind())
                            << ", locked)";
  }
  // After the exclusive hold: reconciling reads the chain through a Session like any call.
  Session s(*this);
  if (s) RestorePending(s);
}

void WalletService::Detach() {
  std::unique_lock lock(m_gate);  // waits for every call in flight
  m_engine = nullptr;
  m_readers.reset();
  std::shared_ptr<wallet::Keystore> closing;
  {
    std::lock_guard ks(m_keystore_mutex);
    closing = std::move(m_keystore);
    m_keystore.reset();
    m_activity.reset();
    m_open_error.clear();
  }
  if (closing) closing->Lock();  // wipes the secrets now even if a copy lingers
  std::lock_guard state(m_state_mutex);
  m_submitted.clear();
}

void WalletService::OnTick() {
  Session s(*this);
  if (!s) return;
  std::shared_ptr<wallet::Keystore> keystore;
  {
    std::lock_guard ks(m_keystore_mutex);
    keystore = m_keystore;
  }
  if (keystore && keystore->MaybeAutoLock()) CAIRN_LOG(Wallet, Debug) << "wallet auto-locked";
  // Frees the nonces of txs the pool dropped at their expiry; History reports them as Expired.
  m_nonces.OnHeadSlot(s.engine().PublishedStatus().head_slot);
}

api::Result<std::shared_ptr<wallet::Keystore>> WalletService::Store(const Session& s) const {
  if (!s) return util::Err(NotRunningWallet());
  std::lock_guard ks(m_keystore_mutex);
  if (m_keystore) return m_keystore;
  if (!m_open_error.empty()) return util::Err(Unavailable("the wallet cannot be used: " + m_open_error));
  return util::Err(NotFoundError("there is no wallet at " + m_path + "; create or restore one first"));
}

void WalletService::Install(const Session& s, std::shared_ptr<wallet::Keystore> keystore) {
  keystore->SetAutoLock(std::chrono::milliseconds(m_auto_lock_ms.load()));
  auto activity = OpenActivity(*keystore, s.engine().genesis_hash());
  std::lock_guard ks(m_keystore_mutex);
  m_keystore = std::move(keystore);
  m_activity = std::move(activity);
  m_open_error.clear();
}

std::shared_ptr<wallet::WalletActivity> WalletService::OpenActivity(const wallet::Keystore& keystore,
                                                                    const crypto::Hash256& genesis_hash) const {
  auto opened = wallet::WalletActivity::Open(m_path, keystore.wallet_id(), genesis_hash);
  if (!opened) {
    // The wallet works without it; only what it remembers across restarts is lost.
    CAIRN_LOG(Wallet, Error) << "cannot use the wallet's activity file: " << opened.error().message
                             << "; pending transactions are not remembered across restarts";
    return nullptr;
  }
  return std::shared_ptr<wallet::WalletActivity>(std::move(opened).value());
}

std::shared_ptr<wallet::WalletActivity> WalletService::Activity() const {
  std::lock_guard ks(m_keystore_mutex);
  return m_activity;
}

api::Result<void> WalletService::PrepareNewFile(const Session& s) const {
  if (!s) return util::Err(NotRunningWallet());
  std::error_code ec;
  if (std::filesystem::exists(m_path, ec)) return util::Err(Invalid("a wallet already exists at " + m_path));
  const std::filesystem::path dir = std::filesystem::path(m_path).parent_path();
  if (!std::filesystem::exists(dir, ec)) {
    // The folder holds key material: owner only.
    if (::mkdir(dir.c_str(), 0700) != 0 && !std::filesystem::exists(dir, ec)) {
      CAIRN_LOG(Wallet, Error) << "cannot create the wallet folder " << dir.string();
      return util::Err(api::Error{api::ErrorKind::Internal, "cannot create the wallet folder " + dir.string(), {}});
    }
  }
  return {};
}

api::Result<void> WalletService::EnsureFirstAccount(wallet::Keystore& keystore) {
  auto accounts = keystore.ListAccounts();
  if (!accounts) return util::Err(KeystoreToApi(accounts.error()));
  if (!accounts->empty()) return {};
  auto created = keystore.CreateAccount(FIRST_ACCOUNT_LABEL);
  if (!created) return util::Err(KeystoreToApi(created.error()));
  return {};
}

bool WalletService::HasActivity(const Session& s, storage::ChainReader* reader, const chain::Address& address) const {
  const bool in_state = s.engine().ReadHead([&](const state::MemoryState& st, const HeadView&) {
    const wallet::AccountFunds funds = wallet::ReadFunds(st, address);
    return funds.nonce > 0 || funds.balance > 0 || funds.bonded > 0 || funds.unbonding > 0 ||
           state::FindValidatorByOperator(st, address).has_value();
  });
  if (in_state || reader == nullptr) return in_state;
  // Everything spent and unbonded long ago, or only ever named (a recipient of nothing left, a
  // depositor refunded): the index still lists it.
  auto txs = reader->TxsByAccount(address, std::nullopt, 1);
  if (!txs) {
    CAIRN_LOG(Storage, Warn) << "account scan: reading the index: " << txs.error().message;
    return false;
  }
  return !txs->txs.empty();
}

api::Result<void> WalletService::ScanAccounts(const Session& s, wallet::Keystore& keystore) {
  std::optional<ReaderPool::Lease> lease;
  if (auto acquired = s.readers().Acquire()) {
    lease.emplace(std::move(acquired).value());
  } else {
    CAIRN_LOG(Storage, Warn) << "account scan without the index (only the head state is read): "
                             << acquired.error().message;
  }
  storage::ChainReader* reader = lease ? &**lease : nullptr;
  std::uint32_t unused = 0;
  std::uint32_t added = 0;
  std::uint32_t index = 1;  // account 0 exists already (EnsureFirstAccount)
  for (; unused < api::ACCOUNT_SCAN_GAP && index <= wallet::MAX_CHILD_INDEX; ++index) {
    auto derived = keystore.PeekAccount(index);
    if (!derived) return util::Err(KeystoreToApi(derived.error()));
    if (!HasActivity(s, reader, derived->address)) {
      ++unused;
      continue;
    }
    unused = 0;
    auto stored = keystore.AddAccount(index, "Account " + std::to_string(index));
    if (!stored && stored.error().kind != KeystoreErrorKind::AlreadyExists) return util::Err(KeystoreToApi(stored.error()));
    ++added;
  }
  CAIRN_LOG(Wallet, Info) << "account scan after the restore: " << added << " more account(s) with on-chain activity ("
                          << "accounts up to " << index - 1 << " derived; " << api::ACCOUNT_SCAN_GAP
                          << " unused in a row end the scan)";
  return {};
}

// ---- the wallet file ------------------------------------------------------------------------------

api::WalletInfo WalletService::Info() {
  api::WalletInfo info;
  info.path = m_path;
  info.auto_lock_ms = m_auto_lock_ms.load();
  Session s(*this);
  std::shared_ptr<wallet::Keystore> keystore;
  if (s) {
    std::lock_guard ks(m_keystore_mutex);
    keystore = m_keystore;
  }
  if (!keystore) {
    std::error_code ec;
    info.exists = std::filesystem::exists(m_path, ec);
    return info;
  }
  info.exists = true;
  info.watch_only = keystore->kind() == wallet::WalletKind::WatchOnly;
  info.confirmed = keystore->IsConfirmed();
  info.locked = keystore->IsLocked();
  if (auto accounts = keystore->ListAccounts()) info.accounts = static_cast<std::uint32_t>(accounts->size());
  return info;
}

api::Result<crypto::SecureBuffer> WalletService::Create(std::string_view passphrase, std::size_t words) {
  Session s(*this);
  std::lock_guard create(m_create_mutex);
  if (auto ok = PrepareNewFile(s); !ok) return util::Err(ok.error());
  auto created = wallet::Keystore::Create(m_path, s.engine().genesis().chain_id, passphrase,
                                          words == 0 ? wallet::DEFAULT_WORD_COUNT : words, KeystoreOpts());
  if (!created) return util::Err(KeystoreToApi(created.error()));
  Install(s, std::shared_ptr<wallet::Keystore>(std::move(created->keystore)));
  CAIRN_LOG(Wallet, Info) << "created wallet " << m_path << " (recovery phrase not yet confirmed)";
  return std::move(created->mnemonic);
}

api::Result<void> WalletService::ConfirmMnemonic(std::string_view words) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if (auto ok = (*keystore)->ConfirmMnemonic(words); !ok) return util::Err(KeystoreToApi(ok.error()));
  CAIRN_LOG(Wallet, Info) << "wallet recovery phrase confirmed";
  return EnsureFirstAccount(**keystore);
}

api::Result<void> WalletService::Restore(std::string_view mnemonic, std::string_view bip39_passphrase,
                                         std::string_view passphrase) {
  Session s(*this);
  std::lock_guard create(m_create_mutex);
  if (auto ok = PrepareNewFile(s); !ok) return util::Err(ok.error());
  auto restored = wallet::Keystore::Restore(m_path, s.engine().genesis().chain_id, mnemonic, bip39_passphrase,
                                            passphrase, KeystoreOpts());
  if (!restored) return util::Err(KeystoreToApi(restored.error()));
  std::shared_ptr<wallet::Keystore> keystore(std::move(restored).value());
  Install(s, keystore);
  CAIRN_LOG(Wallet, Info) << "restored wallet " << m_path;
  if (auto first = EnsureFirstAccount(*keystore); !first) return first;
  return ScanAccounts(s, *keystore);
}

api::Result<void> WalletService::CreateWatchOnly(const std::vector<std::string>& addresses) {
  Session s(*this);
  std::lock_guard create(m_create_mutex);
  if (auto ok = PrepareNewFile(s); !ok) return util::Err(ok.error());
  auto created = wallet::Keystore::CreateWatchOnly(m_path, s.engine().genesis().chain_id, addresses, KeystoreOpts());
  if (!created) return util::Err(KeystoreToApi(created.error()));
  Install(s, std::shared_ptr<wallet::Keystore>(std::move(created).value()));
  CAIRN_LOG(Wallet, Info) << "created watch-only wallet " << m_path << " with " << addresses.size() << " addresses";
  return {};
}

api::Result<void> WalletService::Unlock(std::string_view passphrase, std::int64_t auto_lock_ms) {
  if (auto_lock_ms < 0) return util::Err(Invalid("auto_lock_ms: must not be negative"));
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if (auto ok = (*keystore)->Unlock(passphrase); !ok) {
    CAIRN_LOG(Wallet, Info) << "wallet unlock refused: " << wallet::KeystoreErrorKindName(ok.error().kind);
    return util::Err(KeystoreToApi(ok.error()));
  }
  (*keystore)->SetAutoLock(std::chrono::milliseconds(auto_lock_ms != 0 ? auto_lock_ms : m_auto_lock_ms.load()));
  CAIRN_LOG(Wallet, Info) << "wallet unlocked";
  return {};
}

void WalletService::Lock() {
  Session s(*this);
  if (auto keystore = Store(s)) (*keystore)->Lock();
}

api::Result<void> WalletService::ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if (auto ok = (*keystore)->ChangePassphrase(old_passphrase, new_passphrase); !ok) {
    return util::Err(KeystoreToApi(ok.error()));
  }
  CAIRN_LOG(Wallet, Info) << "wallet passphrase changed";
  return {};
}

api::Result<void> WalletService::SetAutoLock(std::int64_t idle_ms) {
  if (idle_ms < 0) return util::Err(Invalid("idle_ms: must not be negative (0 disables auto-lock)"));
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  m_auto_lock_ms.store(idle_ms);
  (*keystore)->SetAutoLock(std::chrono::milliseconds(idle_ms));
  return {};
}

api::Result<void> WalletService::Backup(const std::string& path) {
  if (path.empty()) return util::Err(Invalid("path: no backup file was named"));
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if (auto ok = (*keystore)->BackupTo(path); !ok) return util::Err(KeystoreToApi(ok.error()));
  CAIRN_LOG(Wallet, Info) << "wallet backed up to " << path;
  return {};
}

// ---- accounts -------------------------------------------------------------------------------------

api::WalletBalance WalletService::BalanceOf(const Session& s, const chain::Address& address,
                                            std::uint64_t* nonce) const {
  struct Read {
    wallet::AccountFunds funds;
    chain::Amount rewards = 0;
    chain::Slot head_slot = 0;
  };
  const Read r = s.engine().ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    Read out;
    out.funds = wallet::ReadFunds(st, address);
    out.head_slot = head.slot;
    const state::StateKey prefix = state::DelegationPrefix(address);
    st.ForEachWithPrefix(prefix.span(), [&](util::ByteSpan key, util::ByteSpan) {
      if (key.size() == prefix.size() + 4) {
        out.rewards += state::PendingRewards(st, address, state::ReadBe32(key, prefix.size()));
      }
      return true;
    });
    return out;
  });
  const std::vector<chain::Transaction> pending = PendingSpends(address, r.head_slot);
  api::WalletBalance b;
  b.balance = r.funds.balance;
  b.spendable = wallet::Spendable(r.funds, pending).value_or(0);
  b.pending_out = b.balance - std::min(b.balance, b.spendable);
  b.bonded = r.funds.bonded;
  b.unbonding = r.funds.unbonding;
  b.rewards = r.rewards;
  if (nonce) *nonce = r.funds.nonce;
  return b;
}

api::Result<std::vector<api::WalletAccount>> WalletService::Accounts() {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto listed = (*keystore)->ListAccounts();
  if (!listed) return util::Err(KeystoreToApi(listed.error()));
  std::vector<api::WalletAccount> out;
  out.reserve(listed->size());
  for (wallet::AccountInfo& a : *listed) {
    api::WalletAccount w;
    w.index = a.index;
    w.label = std::move(a.label);
    w.address = a.address;
    w.balance = BalanceOf(s, a.address, &w.nonce);
    out.push_back(std::move(w));
  }
  return out;
}

api::Result<api::WalletAccount> WalletService::CreateAccount(std::string_view label) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto created = (*keystore)->CreateAccount(label);
  if (!created) return util::Err(KeystoreToApi(created.error()));
  api::WalletAccount w;
  w.index = created->index;
  w.label = created->label;
  w.address = created->address;
  w.balance = BalanceOf(s, created->address, &w.nonce);
  CAIRN_LOG(Wallet, Info) << "created wallet account " << w.index;
  return w;
}

api::Result<void> WalletService::RenameAccount(std::uint32_t index, std::string_view label) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if (auto ok = (*keystore)->RenameAccount(index, label); !ok) return util::Err(KeystoreToApi(ok.error()));
  return {};
}

api::Result<WalletService::SendingAccount> WalletService::FindAccount(wallet::Keystore& keystore,
                                                                      std::uint32_t account) const {
  auto listed = keystore.ListAccounts();
  if (!listed) return util::Err(KeystoreToApi(listed.error()));
  const auto it = std::find_if(listed->begin(), listed->end(), [&](const auto& a) { return a.index == account; });
  if (it == listed->end()) return util::Err(NotFoundError("account " + std::to_string(account) + " does not exist"));
  if (!it->public_key) {
    return util::Err(Unavailable("account " + std::to_string(account) + " is watch-only: it cannot sign", "watch_only"));
  }
  return SendingAccount{it->index, it->address, *it->public_key};
}

// ---- validator keys and the address book ----------------------------------------------------------

api::Result<std::string> WalletService::ExportValidatorKeys(std::uint32_t account, std::string_view export_passphrase) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto exported = (*keystore)->ExportValidatorKeys(account, export_passphrase);
  if (!exported) return util::Err(KeystoreToApi(exported.error()));
  CAIRN_LOG(Wallet, Info) << "exported the validator keys of wallet account " << account;
  return std::move(exported).value();
}

api::Result<std::vector<std::pair<chain::Address, std::string>>> WalletService::Contacts() {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto listed = (*keystore)->ListContacts();
  if (!listed) return util::Err(KeystoreToApi(listed.error()));
  std::vector<std::pair<chain::Address, std::string>> out;
  out.reserve(listed->size());
  for (wallet::Contact& c : *listed) out.emplace_back(c.address, std::move(c.label));
  return out;
}

api::Result<void> WalletService::SetContact(std::string_view address, std::string_view label) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto added = (*keystore)->AddContact(address, label);
  if (added) return {};
  if (added.error().kind != KeystoreErrorKind::AlreadyExists) return util::Err(KeystoreToApi(added.error()));
  if (auto renamed = (*keystore)->RenameContact(address, label); !renamed) {
    return util::Err(KeystoreToApi(renamed.error()));
  }
  return {};
}

api::Result<void> WalletService::RemoveContact(std::string_view address) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if (auto ok = (*keystore)->RemoveContact(address); !ok) return util::Err(KeystoreToApi(ok.error()));
  return {};
}

}  // namespace cairn::runtime
