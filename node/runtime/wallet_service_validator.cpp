// WalletService: validating with a wallet account's keys (api/wallet.h StartValidating/StopValidating;
// the hot key file and its trust model are in validator_key_file.h).
//
// Order of StartValidating: keys derived with the passphrase (the wallet's lock state unchanged) ->
// checked against the head state's validator -> written to the hot key file -> handed to the engine.
// The file is written first so that a node that validates with the keys also restarts with them; if
// the write fails nothing changes. The engine swaps keys at its next slot event; the sign store keeps
// each key's history apart, so the switch cannot make either key sign twice.
#include "runtime/validator_key_file.h"
#include "runtime/wallet_service.h"
#include "runtime/wallet_service_internal.h"
#include "state/queries.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::runtime {

using namespace wallet_detail;

namespace {

std::string KeyText(const crypto::PublicKey& key) { return util::ToHex(key.span()); }

}  // namespace

api::Result<api::WalletValidator> WalletService::StartValidating(std::uint32_t account, std::string_view passphrase) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  if ((*keystore)->kind() != wallet::WalletKind::Hd) {
    return util::Err(Unavailable("a watch-only wallet has no validator keys", "watch_only"));
  }
  std::lock_guard serial(m_validator_mutex);
  auto identity = (*keystore)->ValidatorKeysWithPassphrase(account, passphrase);
  if (!identity) {
    CAIRN_LOG(Wallet, Info) << "start validating refused: " << wallet::KeystoreErrorKindName(identity.error().kind);
    return util::Err(KeystoreToApi(identity.error()));
  }
  const crypto::PublicKey consensus = identity->keys.consensus.public_key();
  const crypto::PublicKey vrf = identity->keys.vrf.public_key();
  const chain::Address operator_address = identity->operator_address;

  // The head state must have this account's validator with exactly these keys: anything else would
  // validate for nobody (or fail to sign for the registered keys).
  struct Found {
    std::optional<chain::ValidatorIndex> index;
    std::optional<state::Validator> validator;
  };
  const Found found = s.engine().ReadHead([&](const state::MemoryState& st, const HeadView&) {
    Found f;
    f.index = state::FindValidatorByOperator(st, operator_address);
    if (f.index) f.validator = state::GetValidator(st, *f.index);
    return f;
  });
  const std::string who = "account " + std::to_string(account);
  if (!found.index || !found.validator) {
    return util::Err(Invalid(who + " is not a registered validator at the head (wallet.become_validator first, and "
                                   "wait until its registration is included)"));
  }
  const std::string which = "validator " + std::to_string(*found.index) + " of " + who;
  if (found.validator->consensus_pubkey != consensus) {
    return util::Err(Invalid(which + " is registered with consensus key " + KeyText(found.validator->consensus_pubkey) +
                             ", not the wallet's key for the account (" + KeyText(consensus) + ")"));
  }
  if (found.validator->vrf_pubkey != vrf) {
    return util::Err(Invalid(which + " is registered with VRF key " + KeyText(found.validator->vrf_pubkey) +
                             ", not the wallet's key for the account (" + KeyText(vrf) + ")"));
  }
  if (found.validator->status == state::ValidatorStatus::Tombstoned) {
    return util::Err(Invalid(which + " is tombstoned: it can never validate again"));
  }

  HotValidatorKeys hot{account, true,
                       ValidatorKeys{std::move(identity->keys.consensus), std::move(identity->keys.vrf), operator_address}};
  auto previous = ReadValidatorHotKey(m_network_dir, s.engine().genesis_hash());
  if (auto written = WriteValidatorHotKey(m_network_dir, s.engine().genesis_hash(), hot); !written) {
    CAIRN_LOG(Wallet, Error) << "start validating: " << written.error();
    return util::Err(api::Error{api::ErrorKind::Internal, written.error(), {}});
  }
  if (previous && *previous && (*previous)->account != account) {
    CAIRN_LOG(Wallet, Warn) << "the hot validator keys of wallet account " << (*previous)->account
                            << " were replaced by those of account " << account;
  }
  s.engine().SetValidatorKeys(ValidatorKeys{hot.keys.consensus.Clone(), hot.keys.vrf.Clone(), operator_address});
  s.engine().SetValidating(true);
  const std::string path = ValidatorHotKeyPath(m_network_dir);
  CAIRN_LOG(Wallet, Info) << "validating with the keys of wallet account " << account << " (validator "
                          << *found.index << ", consensus key " << KeyText(consensus).substr(0, 16)
                          << "...) from the next slot; hot keys in " << path;
  return api::WalletValidator{account, *found.index, operator_address, consensus, path};
}

api::Result<void> WalletService::StopValidating() {
  Session s(*this);
  if (!s) return util::Err(Unavailable("the node is not running"));
  std::lock_guard serial(m_validator_mutex);
  // First the file, so that a restart does not switch production back on.
  auto hot = ReadValidatorHotKey(m_network_dir, s.engine().genesis_hash());
  if (!hot) {
    CAIRN_LOG(Wallet, Error) << "stop validating: " << hot.error();
    s.engine().SetValidating(false);  // stopping now is safe whatever the file holds
    return util::Err(api::Error{api::ErrorKind::Internal,
                                "production is off until the node restarts, but " + hot.error(), {}});
  }
  if (*hot && (*hot)->validating) {
    (*hot)->validating = false;
    if (auto written = WriteValidatorHotKey(m_network_dir, s.engine().genesis_hash(), **hot); !written) {
      CAIRN_LOG(Wallet, Error) << "stop validating: " << written.error();
      s.engine().SetValidating(false);
      return util::Err(api::Error{api::ErrorKind::Internal,
                                  "production is off until the node restarts: " + written.error(), {}});
    }
  }
  s.engine().SetValidating(false);
  CAIRN_LOG(Wallet, Info) << "block and vote production switched off"
                          << (*hot ? " (the hot validator keys stay in " + ValidatorHotKeyPath(m_network_dir) + ")"
                                   : std::string(" (the devnet key: production is on again after a restart)"));
  return {};
}

}  // namespace cairn::runtime
