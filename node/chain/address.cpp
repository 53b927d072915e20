#include "chain/address.h"

#include "chain/bech32.h"
#include "crypto/sha256.h"

namespace cairn::chain {

Address AddressFromPublicKey(const crypto::PublicKey& key) {
  const crypto::Hash256 h = crypto::TaggedHash("addr", key.span());
  return Address::FromSpan(h.span().first(Address::SIZE));
}

std::string EncodeAddress(const Address& address, std::string_view hrp) {
  auto text = Bech32mEncode(hrp, address.span());
  // Only an invalid hrp (a programming error: callers pass the constants) can fail here.
  return text ? *text : std::string();
}

util::Result<Address, AddressError> DecodeAddress(std::string_view text, std::string_view expected_hrp) {
  auto decoded = Bech32mDecode(text);
  if (!decoded) {
    return util::Err(AddressError{AddressErrorKind::Bech32,
                                  "address " + std::string(Bech32ErrorMessage(decoded.error()))});
  }
  if (decoded->hrp != expected_hrp) {
    return util::Err(AddressError{AddressErrorKind::WrongPrefix, "address is for network prefix '" + decoded->hrp +
                                                                     "', expected '" + std::string(expected_hrp) + "'"});
  }
  if (decoded->data.size() != Address::SIZE) {
    return util::Err(AddressError{AddressErrorKind::WrongLength, "address holds " + std::to_string(decoded->data.size()) +
                                                                     " bytes, expected 20"});
  }
  return Address::FromSpan(decoded->data);
}

}  // namespace cairn::chain
