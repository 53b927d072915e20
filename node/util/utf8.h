// Strict UTF-8 (RFC 3629) decoding for text that comes from users and peers: no overlong forms, no
// surrogates, nothing above U+10FFFF, no truncated sequences. Pure functions; any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace cairn::util {

struct Utf8Char {
  char32_t code_point = 0;
  std::size_t length = 0;  // bytes taken, 1..4; 0 when the sequence at that index is malformed
};

// Decodes the character that starts at byte `index` (index < text.size()).
Utf8Char DecodeUtf8At(std::string_view text, std::size_t index);

bool IsValidUtf8(std::string_view text);

}  // namespace cairn::util
