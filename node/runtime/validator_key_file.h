// The validator's HOT key file: <network_dir>/validator_hot.key, written by the wallet's
// StartValidating (api/wallet.h) so that the node validates with a wallet account's consensus and VRF
// keys, across restarts, while the wallet (and the account key that moves funds) stays locked.
//
// Trust model. The file holds the consensus key seed, the VRF key seed and the operator address of one
// wallet account (PROTOCOL.md section 1: m/44'/7337'/account'/1'/0' and /2'/0'), NEVER the mnemonic,
// the seed or the account key. Anyone who reads it can sign blocks and votes as that validator and
// nothing else: no transfer, stake movement or vote on a proposal needs these keys. The damage such a
// thief can do is to make the validator equivocate and get it slashed; the local sign store (slashing
// protection) keeps THIS node from ever signing twice, and moving the keys elsewhere goes through the
// wallet's export together with the slashing-protection export. The file is created 0600 in the
// network folder (like the chain database and the devnet key it replaces), written atomically and
// never replaced when it does not validate.
//
// Format (version 1), 165 bytes, integers little-endian:
//   magic "CAIRNHOT" (8) | version u32 (1) | flags u8 (bit 0: validating; other bits 0)
//   | genesis hash (32: the chain the keys belong to) | account u32 | operator address (20)
//   | consensus key seed (32) | VRF key seed (32)
//   | checksum (32) = TaggedHash("cairn-validator-hot-key", every byte before it)
// The checksum tells a damaged file (flipped bit, truncated write) from a good one; it is no defence
// against someone who can write the file (the keys are only as safe as the folder's permissions).
//
// Thread safety: free functions, safe from any thread for different folders; callers serialize writes
// to one folder (WalletService does). Failure: a one-sentence message naming the file; a refused file is
// left unchanged. Nothing here logs a key: log lines name the file, the account and public keys only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "chain/genesis.h"
#include "crypto/sha256.h"
#include "runtime/devnet_bootstrap.h"
#include "util/result.h"

namespace cairn::runtime {

inline constexpr const char* VALIDATOR_HOT_KEY_FILE_NAME = "validator_hot.key";
inline constexpr std::uint32_t VALIDATOR_HOT_KEY_VERSION = 1;
inline constexpr std::size_t VALIDATOR_HOT_KEY_FILE_SIZE = 165;

struct HotValidatorKeys {
  std::uint32_t account = 0;  // the wallet account the keys were derived for
  bool validating = true;     // false after StopValidating: the node starts with production off
  ValidatorKeys keys;
};

std::string ValidatorHotKeyPath(const std::string& network_dir);

// The file's keys; nullopt when there is no file. Refused: damaged (size, magic, checksum, flags,
// keys), written by a newer Cairn, or made for another chain than `genesis_hash`.
util::Result<std::optional<HotValidatorKeys>, std::string> ReadValidatorHotKey(const std::string& network_dir,
                                                                               const crypto::Hash256& genesis_hash);

// Writes the file atomically (a 0600 temporary beside it, fsync, rename, fsync of the folder). An
// existing file is replaced only when it validates (ReadValidatorHotKey): a damaged one may be the only
// copy of keys someone wants back, so it is reported and left for the user to move away.
util::Result<void, std::string> WriteValidatorHotKey(const std::string& network_dir, const crypto::Hash256& genesis_hash,
                                                     const HotValidatorKeys& hot);

// NodeContext::Start: the keys the engine validates with. The hot key file when there is one (with its
// validating flag); else `devnet_keys` (devnet_bootstrap.h), validating. A hot key file that cannot be
// used stops the start with its reason rather than silently validating with other keys.
struct ChosenValidatorKeys {
  ValidatorKeys keys;
  bool validating = true;
  std::optional<std::uint32_t> wallet_account;  // set when the keys came from the hot key file
};
util::Result<ChosenValidatorKeys, std::string> ChooseValidatorKeys(const std::string& network_dir,
                                                                   const chain::Genesis& genesis,
                                                                   ValidatorKeys devnet_keys);

}  // namespace cairn::runtime
