// The devnet's funded operator account, as tests re-derive it: the first account key of the devnet seed
// file (<network dir>/devnet_validator.key), exactly as runtime/devnet_bootstrap derives it. Header-only:
// a test using it links cairn_wallet and cairn_runtime's headers.
#pragma once

#include <fstream>
#include <optional>
#include <string>

#include "crypto/ed25519.h"
#include "runtime/devnet_bootstrap.h"
#include "util/hex.h"
#include "wallet/slip10.h"

namespace cairn::test {

inline std::optional<crypto::SecretKey> DevnetOperatorKey(const std::string& network_dir) {
  std::ifstream in(network_dir + "/" + runtime::DEVNET_KEY_FILE_NAME);
  std::string hex;
  std::getline(in, hex);
  const auto seed = util::ParseHex(hex);
  const auto path = wallet::AccountKeyPath(0, 0);
  if (!seed || !path) return std::nullopt;
  const auto extended = wallet::Slip10Derive(*seed, *path);
  if (!extended) return std::nullopt;
  return wallet::SigningKey(*extended);
}

}  // namespace cairn::test
