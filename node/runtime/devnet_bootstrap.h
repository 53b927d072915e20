// Devnet bootstrap (PROTOCOL.md section 11): the first start in an empty network folder makes this
// machine's validator key and a genesis in which it is the sole validator; later starts load both.
//
// Files in the network folder:
//  - devnet_validator.key: 64 hex characters (a random 32-byte seed) and a newline, mode 0600. The
//    consensus, VRF and operator keys are derived from it exactly as the wallet derives them from a
//    BIP-39 seed (wallet/slip10.h: ConsensusKeyPath(0), VrfKeyPath(0), AccountKeyPath(0, 0)).
//    THIS FILE EXISTS ONLY FOR THE DEVNET and holds the seed unencrypted: the wallet issue replaces it
//    with the encrypted keystore.
//  - genesis.json: chain::SaveGenesisFile of state::MakeDevnetGenesis, genesis time = the next whole
//    second after the first start.
//
// Thread safety: free functions, call them from one thread at a time per folder (start-up).
// Failure: a one-sentence message naming the file; nothing is half-written on failure of the key file
// (it is created exclusively and removed again if writing fails).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chain/address.h"
#include "chain/genesis.h"
#include "crypto/ed25519.h"
#include "util/clock.h"
#include "util/result.h"

namespace cairn::runtime {

inline constexpr const char* DEVNET_KEY_FILE_NAME = "devnet_validator.key";
inline constexpr const char* GENESIS_FILE_NAME = "genesis.json";
// The node's p2p identity (an Ed25519 seed in the same format as the devnet key file). Not a
// validator key: it only names the node to its peers (any network, not only the devnet).
inline constexpr const char* NODE_IDENTITY_FILE_NAME = "node_identity.key";

// The keys a local validator signs with. Move-only (the secret keys are).
struct ValidatorKeys {
  crypto::SecretKey consensus;
  crypto::SecretKey vrf;
  chain::Address operator_address;
};

// Loads <network_dir>/devnet_validator.key, creating it (with a fresh random seed) when absent.
util::Result<ValidatorKeys, std::string> LoadOrCreateDevnetKeys(const std::string& network_dir);

// Loads <network_dir>/node_identity.key, creating it (random) when absent.
util::Result<crypto::SecretKey, std::string> LoadOrCreateNodeIdentity(const std::string& network_dir);

// A local multi-node devnet (`cairn devnet`): folders <base_dir>/node1/devnet ... node<validators+nodes>/devnet,
// each with its own devnet key file, and one genesis whose validators are the first `validators`
// nodes' keys, written into every folder. Returns the network folders in order. Refuses a folder
// that already holds a genesis (never overwrites a devnet).
util::Result<std::vector<std::string>, std::string> WriteDevnetLayout(const std::string& base_dir, std::size_t validators,
                                                                      std::size_t nodes, std::int64_t genesis_time_ms);

// Loads <network_dir>/genesis.json, or, when absent, writes a devnet genesis whose only validator is
// `keys` with genesis time = the next whole second of `clock`.
util::Result<chain::Genesis, std::string> LoadOrCreateDevnetGenesis(const std::string& network_dir,
                                                                    const ValidatorKeys& keys,
                                                                    const util::Clock& clock);

}  // namespace cairn::runtime
