// Genesis: the chain's starting point (PROTOCOL.md section 11): chain id, time, parameters, funded
// accounts and the initial validators; its canonical encoding, GenesisHash, validation and the JSON file
// form (strict: unknown or duplicate keys rejected, amounts as decimal strings of base units, keys as hex,
// addresses as bech32m with the network's prefix). Errors name the JSON path ("validators[1].self_bond").
//
// Genesis validator self bonds are bonded supply in addition to account balances (they are not taken
// from an account). Total supply = sum(balances) + sum(self_bond) must fit in 64 bits.
// Thread safety: plain values; functions are pure except the file load/save, callable from any thread.
#pragma once

#include <string>
#include <vector>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/codec.h"
#include "chain/ids.h"
#include "chain/params.h"
#include "crypto/ed25519.h"

namespace cairn::chain {

struct GenesisAccount {
  Address address;
  Amount balance = 0;
  bool operator==(const GenesisAccount&) const = default;
};

struct GenesisValidator {
  Address operator_address;
  crypto::PublicKey consensus_pubkey;
  crypto::PublicKey vrf_pubkey;
  Amount self_bond = 0;
  std::uint16_t commission_bps = 0;
  std::string moniker;
  bool operator==(const GenesisValidator&) const = default;
};

struct Genesis {
  ChainId chain_id;
  std::uint64_t genesis_time_ms = 0;  // start of slot 0, Unix milliseconds
  ChainParams params;
  std::vector<GenesisAccount> accounts;
  std::vector<GenesisValidator> validators;
  bool operator==(const Genesis&) const = default;
};

inline constexpr std::size_t GENESIS_MAX_ACCOUNTS = 1u << 20;
inline constexpr std::size_t GENESIS_MAX_VALIDATORS = 10'000;

struct GenesisError {
  std::string path;     // JSON path, e.g. "accounts[2].balance"; empty for the whole file
  std::string message;
  std::string Message() const { return path.empty() ? message : path + ": " + message; }
};

void Write(Writer& w, const Genesis& genesis);
Genesis ReadGenesis(Reader& r);
util::Bytes Encode(const Genesis& genesis);
util::Result<Genesis, DecodeError> DecodeGenesis(util::ByteSpan bytes);

// TaggedHash("genesis", Encode(genesis)).
GenesisHash ComputeGenesisHash(const Genesis& genesis);

// Params valid, chain id valid, no duplicate accounts / operators / consensus keys, valid keys,
// commission <= 10000, monikers, self bonds >= min_self_bond, non-zero total stake, no supply overflow.
util::Result<void, GenesisError> ValidateGenesis(const Genesis& genesis);

// Parses and validates. `hrp` is the address prefix of the network (MAINNET_HRP / TESTNET_HRP).
util::Result<Genesis, GenesisError> GenesisFromJson(std::string_view json_text, std::string_view hrp);
std::string GenesisToJson(const Genesis& genesis, std::string_view hrp);

// File wrappers: the only I/O in this library.
util::Result<Genesis, GenesisError> LoadGenesisFile(const std::string& path, std::string_view hrp);
util::Result<void, GenesisError> SaveGenesisFile(const std::string& path, const Genesis& genesis, std::string_view hrp);

}  // namespace cairn::chain
