#include "util/utf8.h"

#include <cstdint>

namespace cairn::util {

Utf8Char DecodeUtf8At(std::string_view text, std::size_t index) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::size_t n = text.size();
  const std::uint8_t c = s[index];
  char32_t cp = 0;
  std::size_t len = 0;
  char32_t min = 0;
  if (c < 0x80) return {c, 1};
  if ((c & 0xE0) == 0xC0) {
    cp = c & 0x1F, len = 2, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    cp = c & 0x0F, len = 3, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    cp = c & 0x07, len = 4, min = 0x10000;
  } else {
    return {};
  }
  if (len > n - index) return {};
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[index + k] & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (s[index + k] & 0x3F);
  }
  if (cp < min) return {};                      // overlong: one character, one spelling
  if (cp >= 0xD800 && cp <= 0xDFFF) return {};  // surrogates are not characters
  if (cp > 0x10FFFF) return {};
  return {cp, len};
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char ch = DecodeUtf8At(text, i);
    if (ch.length == 0) return false;
    i += ch.length;
  }
  return true;
}

}  // namespace cairn::util
