#include "runtime/devnet_bootstrap.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "crypto/secure_memory.h"
#include "state/genesis_state.h"
#include "util/hex.h"
#include "util/log.h"
#include "wallet/slip10.h"

namespace cairn::runtime {
namespace {

constexpr std::size_t SEED_BYTES = 32;
using ValidatorKeysResult = util::Result<ValidatorKeys, std::string>;

util::Result<crypto::SecretKey, std::string> Derive(util::ByteSpan seed,
                                                    const util::Result<wallet::DerivationPath, std::string>& path) {
  if (!path) return util::Err(path.error());
  auto key = wallet::Slip10Derive(seed, *path);
  if (!key) return util::Err(key.error());
  return wallet::SigningKey(*key);
}

util::Result<void, std::string> WriteSeedFile(const std::string& path, const crypto::SecureBuffer& seed,
                                              std::string_view what) {
  std::string text = util::ToHex(seed.span()) + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return util::Err("cannot create " + path + ": " + std::strerror(errno));
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return util::Err("cannot write " + path);
  }
  CAIRN_LOG(App, Info) << "created " << what << " " << path;
  return {};
}

util::Result<void, std::string> WriteNewKeyFile(const std::string& path, std::string_view what) {
  crypto::SecureBuffer seed(SEED_BYTES);
  crypto::RandomBytes(seed.mutable_span());
  return WriteSeedFile(path, seed, what);
}

// A key file: 64 hex characters (a 32-byte seed) and a newline, mode 0600; created when absent.
util::Result<crypto::SecureBuffer, std::string> LoadOrCreateSeedFile(const std::string& path, std::string_view what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (auto made = WriteNewKeyFile(path, what); !made) return util::Err(made.error());
  }
  std::string text;
  {
    std::ifstream in(path);
    if (!in) return util::Err("cannot read " + path);
    std::getline(in, text);
  }
  auto seed_bytes = util::ParseHex(text);
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  if (!seed_bytes || seed_bytes->size() != SEED_BYTES) {
    return util::Err(path + " does not hold a 64-hex-character seed");
  }
  crypto::SecureBuffer seed = crypto::SecureBuffer::CopyOf(*seed_bytes);
  crypto::Wipe(*seed_bytes);
  return seed;
}

ValidatorKeysResult KeysFromSeed(const crypto::SecureBuffer& seed) {
  auto consensus = Derive(seed.span(), wallet::ConsensusKeyPath(0));
  if (!consensus) return util::Err(consensus.error());
  auto vrf = Derive(seed.span(), wallet::VrfKeyPath(0));
  if (!vrf) return util::Err(vrf.error());
  auto account = Derive(seed.span(), wallet::AccountKeyPath(0, 0));
  if (!account) return util::Err(account.error());
  const chain::Address operator_address = chain::AddressFromPublicKey(account->public_key());
  return ValidatorKeys{std::move(*consensus), std::move(*vrf), operator_address};
}

}  // namespace

util::Result<ValidatorKeys, std::string> LoadOrCreateDevnetKeys(const std::string& network_dir) {
  const std::string path = (std::filesystem::path(network_dir) / DEVNET_KEY_FILE_NAME).string();
  auto seed = LoadOrCreateSeedFile(path, "devnet validator key file");
  if (!seed) return util::Err(seed.error());
  return KeysFromSeed(*seed);
}

util::Result<crypto::SecretKey, std::string> LoadOrCreateNodeIdentity(const std::string& network_dir) {
  const std::string path = (std::filesystem::path(network_dir) / NODE_IDENTITY_FILE_NAME).string();
  auto seed = LoadOrCreateSeedFile(path, "node identity key file");
  if (!seed) return util::Err(seed.error());
  auto key = crypto::SecretKey::FromSeed(seed->span());
  if (!key) return util::Err(path + " does not hold a usable Ed25519 seed");
  return std::move(*key);
}

util::Result<std::vector<std::string>, std::string> WriteDevnetLayout(const std::string& base_dir, std::size_t validators,
                                                                      std::size_t nodes, std::int64_t genesis_time_ms) {
  if (validators == 0) return util::Err(std::string("a devnet needs at least one validator"));
  std::vector<std::string> dirs;
  std::vector<state::DevnetValidatorKeys> genesis_validators;
  for (std::size_t i = 0; i < validators + nodes; ++i) {
    const std::filesystem::path dir = std::filesystem::path(base_dir) / ("node" + std::to_string(i + 1)) / "devnet";
    std::error_code ec;
    if (std::filesystem::exists(dir / GENESIS_FILE_NAME, ec)) {
      return util::Err(dir.string() + " already holds a devnet: choose an empty folder");
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) return util::Err("cannot create " + dir.string() + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    auto keys = LoadOrCreateDevnetKeys(dir.string());
    if (!keys) return util::Err(keys.error());
    if (i < validators) {
      genesis_validators.push_back({keys->operator_address, keys->consensus.public_key(), keys->vrf.public_key(),
                                    "devnet-validator-" + std::to_string(i + 1)});
    }
    dirs.push_back(dir.string());
  }
  const chain::Genesis genesis = state::MakeDevnetGenesis(genesis_validators, genesis_time_ms);
  for (const auto& dir : dirs) {
    const std::string path = (std::filesystem::path(dir) / GENESIS_FILE_NAME).string();
    if (auto saved = chain::SaveGenesisFile(path, genesis, chain::TESTNET_HRP); !saved) {
      return util::Err(path + ": " + saved.error().Message());
    }
  }
  return dirs;
}

util::Result<chain::Genesis, std::string> LoadOrCreateDevnetGenesis(const std::string& network_dir,
                                                                    const ValidatorKeys& keys,
                                                                    const util::Clock& clock) {
  const std::string path = (std::filesystem::path(network_dir) / GENESIS_FILE_NAME).string();
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    auto loaded = chain::LoadGenesisFile(path, chain::TESTNET_HRP);
    if (!loaded) return util::Err(path + ": " + loaded.error().Message());
    return std::move(*loaded);
  }
  const std::int64_t now = clock.NowMs();
  const std::int64_t genesis_time = (now / 1000 + 1) * 1000;
  const state::DevnetValidatorKeys validator{keys.operator_address, keys.consensus.public_key(),
                                             keys.vrf.public_key(), "devnet-validator"};
  chain::Genesis genesis = state::MakeDevnetGenesis(std::span(&validator, 1), genesis_time);
  if (auto saved = chain::SaveGenesisFile(path, genesis, chain::TESTNET_HRP); !saved) {
    return util::Err(path + ": " + saved.error().Message());
  }
  CAIRN_LOG(App, Info) << "created devnet genesis " << path << " (chain " << genesis.chain_id.str()
                       << ", genesis time " << genesis_time << " ms)";
  return genesis;
}

}  // namespace cairn::runtime
