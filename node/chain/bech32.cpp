#include "chain/bech32.h"

namespace cairn::chain {

namespace {

constexpr std::string_view CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t BECH32M_CONST = 0x2bc830a3;
constexpr std::size_t MAX_LENGTH = 90;
constexpr std::size_t MAX_HRP = 83;
constexpr std::size_t CHECKSUM_LENGTH = 6;

std::uint32_t PolyMod(const std::vector<std::uint8_t>& values) {
  static constexpr std::uint32_t GEN[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t chk = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) chk ^= GEN[i];
    }
  }
  return chk;
}

std::vector<std::uint8_t> HrpExpand(std::string_view hrp) {
  std::vector<std::uint8_t> out;
  out.reserve(hrp.size() * 2 + 1);
  for (char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
  out.push_back(0);
  for (char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
  return out;
}

bool ValidHrp(std::string_view hrp) {
  if (hrp.empty() || hrp.size() > MAX_HRP) return false;
  for (char c : hrp) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) return false;
  }
  return true;
}

int CharValue(char c) {
  const auto pos = CHARSET.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string_view Bech32ErrorMessage(Bech32Error error) {
  switch (error) {
    case Bech32Error::MixedCase: return "mixes upper and lower case";
    case Bech32Error::InvalidCharacter: return "contains a character outside the bech32 alphabet";
    case Bech32Error::NoSeparator: return "has no '1' separator";
    case Bech32Error::InvalidHrp: return "has an empty, too long or invalid prefix";
    case Bech32Error::BadChecksum: return "has a wrong checksum (mistyped?)";
    case Bech32Error::TooLong: return "is longer than 90 characters";
    case Bech32Error::TooShort: return "is too short to hold a checksum";
    case Bech32Error::BadPadding: return "has invalid padding bits";
  }
  return "is not valid bech32m";
}

util::Result<std::string, Bech32Error> Bech32mEncode(std::string_view hrp, util::ByteSpan data) {
  if (!ValidHrp(hrp)) return util::Err(Bech32Error::InvalidHrp);
  std::string lower_hrp(hrp);
  for (char& c : lower_hrp) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::uint8_t> values;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t b : data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      values.push_back(static_cast<std::uint8_t>((acc >> bits) & 31));
    }
  }
  if (bits > 0) values.push_back(static_cast<std::uint8_t>((acc << (5 - bits)) & 31));
  if (lower_hrp.size() + 1 + values.size() + CHECKSUM_LENGTH > MAX_LENGTH) return util::Err(Bech32Error::TooLong);

  std::vector<std::uint8_t> check = HrpExpand(lower_hrp);
  check.insert(check.end(), values.begin(), values.end());
  check.insert(check.end(), CHECKSUM_LENGTH, 0);
  const std::uint32_t mod = PolyMod(check) ^ BECH32M_CONST;
  std::string out = lower_hrp + "1";
  for (std::uint8_t v : values) out += CHARSET[v];
  for (std::size_t i = 0; i < CHECKSUM_LENGTH; ++i) out += CHARSET[(mod >> (5 * (5 - i))) & 31];
  return out;
}

util::Result<Bech32Raw, Bech32Error> Bech32mDecodeRaw(std::string_view text) {
  bool lower = false, upper = false;
  const auto last_one = text.rfind('1');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126) {
      const bool in_hrp = last_one != std::string_view::npos && i < last_one;
      return util::Err(in_hrp ? Bech32Error::InvalidHrp : Bech32Error::InvalidCharacter);
    }
    if (c >= 'a' && c <= 'z') lower = true;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  if (lower && upper) return util::Err(Bech32Error::MixedCase);
  if (text.size() > MAX_LENGTH) return util::Err(Bech32Error::TooLong);
  const auto sep = text.rfind('1');
  if (sep == std::string_view::npos) return util::Err(Bech32Error::NoSeparator);
  if (sep == 0 || sep > MAX_HRP) return util::Err(Bech32Error::InvalidHrp);
  if (text.size() - sep - 1 < CHECKSUM_LENGTH) return util::Err(Bech32Error::TooShort);
  std::string hrp(text.substr(0, sep));
  for (char& c : hrp) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::uint8_t> values;
  for (std::size_t i = sep + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const int v = CharValue(c);
    if (v < 0) return util::Err(Bech32Error::InvalidCharacter);
    values.push_back(static_cast<std::uint8_t>(v));
  }
  std::vector<std::uint8_t> check = HrpExpand(hrp);
  check.insert(check.end(), values.begin(), values.end());
  if (PolyMod(check) != BECH32M_CONST) return util::Err(Bech32Error::BadChecksum);
  values.resize(values.size() - CHECKSUM_LENGTH);
  return Bech32Raw{std::move(hrp), std::move(values)};
}

util::Result<util::Bytes, Bech32Error> ConvertBits5To8(const std::vector<std::uint8_t>& values) {
  util::Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t v : values) {
    acc = ((acc << 5) | v) & 0xFFF;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  if (bits > 4) return util::Err(Bech32Error::BadPadding);
  if ((acc & ((1u << bits) - 1)) != 0) return util::Err(Bech32Error::BadPadding);
  return out;
}

util::Result<Bech32Decoded, Bech32Error> Bech32mDecode(std::string_view text) {
  auto raw = Bech32mDecodeRaw(text);
  if (!raw) return util::Err(raw.error());
  auto bytes = ConvertBits5To8(raw->values);
  if (!bytes) return util::Err(bytes.error());
  return Bech32Decoded{std::move(raw->hrp), std::move(*bytes)};
}

}  // namespace cairn::chain
