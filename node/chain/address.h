// Account addresses: the first 20 bytes of TaggedHash("addr", pubkey), shown as bech32m with the
// network's prefix ("cairn" on main networks, "tcairn" on test networks) (PROTOCOL.md section 1).
// Thread safety: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/ed25519.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::chain {

using Address = util::FixedBytes<20>;

inline constexpr std::string_view MAINNET_HRP = "cairn";
inline constexpr std::string_view TESTNET_HRP = "tcairn";

Address AddressFromPublicKey(const crypto::PublicKey& key);

// Lower-case bech32m text. The hrp must be valid bech32 (as the two constants above are).
std::string EncodeAddress(const Address& address, std::string_view hrp);

enum class AddressErrorKind : std::uint8_t { Bech32, WrongPrefix, WrongLength };

struct AddressError {
  AddressErrorKind kind = AddressErrorKind::Bech32;
  std::string message;  // a full sentence for the user, e.g. "address is for network prefix 'cairn', expected 'tcairn'"
};

util::Result<Address, AddressError> DecodeAddress(std::string_view text, std::string_view expected_hrp);

}  // namespace cairn::chain
