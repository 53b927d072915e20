#include "chain/codec.h"

#include "util/utf8.h"

namespace cairn::chain {

std::string_view DecodeErrorKindName(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::Truncated: return "input truncated";
    case DecodeErrorKind::TrailingBytes: return "trailing bytes after the object";
    case DecodeErrorKind::NonCanonicalVarint: return "non-canonical or oversized varint";
    case DecodeErrorKind::LengthExceedsInput: return "length exceeds remaining input";
    case DecodeErrorKind::TooLong: return "too long";
    case DecodeErrorKind::TooShort: return "too short";
    case DecodeErrorKind::InvalidBool: return "invalid bool (must be 0x00 or 0x01)";
    case DecodeErrorKind::UnknownTag: return "unknown tag";
    case DecodeErrorKind::InvalidUtf8: return "invalid UTF-8";
    case DecodeErrorKind::ControlCharacter: return "control character not allowed";
    case DecodeErrorKind::InvalidValue: return "invalid value";
  }
  return "unknown decode error";
}

std::string DecodeError::Message() const {
  std::string out = field + ": " + std::string(DecodeErrorKindName(kind)) + " at offset " + std::to_string(offset);
  if (!detail.empty()) out += " (" + detail + ")";
  return out;
}

namespace {

bool IsForbiddenControl(std::uint32_t cp, TextRule rule) {
  if (rule == TextRule::AnyUtf8) return false;
  if (rule == TextRule::MultiLine && (cp == '\n' || cp == '\t')) return false;
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
  // Bidi embedding/override/isolate controls can make a display name render as another.
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;
  return false;
}

}  // namespace

bool CheckText(std::string_view text, TextRule rule, DecodeErrorKind* kind, std::size_t* bad_index) {
  auto fail = [&](DecodeErrorKind k, std::size_t at) {
    if (kind) *kind = k;
    if (bad_index) *bad_index = at;
    return false;
  };
  for (std::size_t i = 0; i < text.size();) {
    const util::Utf8Char ch = util::DecodeUtf8At(text, i);
    if (ch.length == 0) return fail(DecodeErrorKind::InvalidUtf8, i);
    if (IsForbiddenControl(static_cast<std::uint32_t>(ch.code_point), rule)) {
      return fail(DecodeErrorKind::ControlCharacter, i);
    }
    i += ch.length;
  }
  return true;
}

void Writer::U16(std::uint16_t v) {
  for (int i = 0; i < 2; ++i) m_out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void Writer::U32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) m_out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void Writer::U64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) m_out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void Writer::Varint(std::uint64_t v) {
  while (v >= 0x80) {
    m_out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  m_out.push_back(static_cast<std::uint8_t>(v));
}
void Writer::VarBytes(util::ByteSpan bytes) {
  Varint(bytes.size());
  Raw(bytes);
}

Reader::Reader(util::ByteSpan input, std::string_view root) : m_input(input) { m_path.emplace_back(root); }

std::string Reader::Path(std::string_view leaf) const {
  std::string out;
  for (const auto& seg : m_path) {
    if (!out.empty() && !seg.empty() && seg[0] != '[') out += '.';
    out += seg;
  }
  if (!leaf.empty()) {
    if (!out.empty() && leaf[0] != '[') out += '.';
    out += leaf;
  }
  return out;
}

void Reader::FailAt(DecodeErrorKind kind, std::string_view name, std::size_t offset, std::string detail) {
  if (m_failed) return;
  m_failed = true;
  m_error = DecodeError{kind, Path(name), offset, std::move(detail)};
}

void Reader::Fail(DecodeErrorKind kind, std::string_view name, std::string detail) {
  FailAt(kind, name, m_pos, std::move(detail));
}

util::ByteSpan Reader::Take(std::string_view name, std::size_t n) {
  if (m_failed) return {};
  if (n > remaining()) {
    Fail(DecodeErrorKind::Truncated, name,
         "need " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
    return {};
  }
  auto out = m_input.subspan(m_pos, n);
  m_pos += n;
  return out;
}

std::uint8_t Reader::U8(std::string_view name) {
  auto s = Take(name, 1);
  return s.empty() ? 0 : s[0];
}
std::uint16_t Reader::U16(std::string_view name) {
  auto s = Take(name, 2);
  if (s.empty()) return 0;
  return static_cast<std::uint16_t>(s[0] | (s[1] << 8));
}
std::uint32_t Reader::U32(std::string_view name) {
  auto s = Take(name, 4);
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < s.size(); ++i) v |= static_cast<std::uint32_t>(s[i]) << (8 * i);
  return v;
}
std::uint64_t Reader::U64(std::string_view name) {
  auto s = Take(name, 8);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < s.size(); ++i) v |= static_cast<std::uint64_t>(s[i]) << (8 * i);
  return v;
}
bool Reader::Bool(std::string_view name) {
  const std::size_t at = m_pos;
  auto s = Take(name, 1);
  if (s.empty()) return false;
  if (s[0] > 1) {
    FailAt(DecodeErrorKind::InvalidBool, name, at, "byte " + std::to_string(s[0]));
    return false;
  }
  return s[0] == 1;
}

std::uint64_t Reader::Varint(std::string_view name) {
  if (m_failed) return 0;
  const std::size_t start = m_pos;
  std::uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    if (m_pos >= m_input.size()) {
      FailAt(DecodeErrorKind::Truncated, name, start, "varint");
      return 0;
    }
    const std::uint8_t b = m_input[m_pos++];
    if (shift >= 35) {  // a 6th byte: beyond 2^35 > 2^32 either way
      FailAt(DecodeErrorKind::NonCanonicalVarint, name, start, "more than 5 bytes");
      return 0;
    }
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      if (b == 0 && shift > 0) {
        FailAt(DecodeErrorKind::NonCanonicalVarint, name, start, "overlong encoding");
        return 0;
      }
      break;
    }
  }
  if (v > MAX_VARINT_VALUE) {
    FailAt(DecodeErrorKind::NonCanonicalVarint, name, start, "value above 2^32-1");
    return 0;
  }
  return v;
}

std::size_t Reader::Count(std::string_view name, std::size_t max, std::size_t min_item_bytes) {
  const std::size_t at = m_pos;
  const std::uint64_t n = Varint(name);
  if (m_failed) return 0;
  if (n > max) {
    FailAt(DecodeErrorKind::TooLong, name, at, std::to_string(n) + " > max " + std::to_string(max));
    return 0;
  }
  if (min_item_bytes > 0 && n > remaining() / min_item_bytes) {
    FailAt(DecodeErrorKind::LengthExceedsInput, name, at,
           std::to_string(n) + " items, " + std::to_string(remaining()) + " bytes left");
    return 0;
  }
  return static_cast<std::size_t>(n);
}

std::uint8_t Reader::Tag(std::string_view name, std::uint8_t count) {
  const std::size_t at = m_pos;
  const std::uint8_t t = U8(name);
  if (m_failed) return 0;
  if (t >= count) {
    FailAt(DecodeErrorKind::UnknownTag, name, at, "tag " + std::to_string(t));
    return 0;
  }
  return t;
}

util::Bytes Reader::VarBytes(std::string_view name, std::size_t min, std::size_t max) {
  const std::size_t at = m_pos;
  const std::uint64_t n = Varint(name);
  if (m_failed) return {};
  if (n > max) {
    FailAt(DecodeErrorKind::TooLong, name, at, std::to_string(n) + " bytes > max " + std::to_string(max));
    return {};
  }
  if (n > remaining()) {  // before allocating anything
    FailAt(DecodeErrorKind::LengthExceedsInput, name, at,
           std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
    return {};
  }
  if (n < min) {
    FailAt(DecodeErrorKind::TooShort, name, at, std::to_string(n) + " bytes < min " + std::to_string(min));
    return {};
  }
  auto s = Take(name, static_cast<std::size_t>(n));
  return util::Bytes(s.begin(), s.end());
}

std::string Reader::Text(std::string_view name, std::size_t min, std::size_t max, TextRule rule) {
  const std::size_t at = m_pos;
  util::Bytes raw = VarBytes(name, min, max);
  if (m_failed) return {};
  std::string text(raw.begin(), raw.end());
  DecodeErrorKind kind{};
  std::size_t bad = 0;
  if (!CheckText(text, rule, &kind, &bad)) {
    FailAt(kind, name, at, "byte " + std::to_string(bad) + " of the text");
    return {};
  }
  return text;
}

void Reader::ExpectEnd() {
  if (!m_failed && m_pos != m_input.size()) {
    Fail(DecodeErrorKind::TrailingBytes, "", std::to_string(remaining()) + " bytes left");
  }
}

Reader::Field::Field(Reader& r, std::string_view name) : m_reader(r) { r.m_path.emplace_back(name); }
Reader::Field::Field(Reader& r, std::size_t index) : m_reader(r) {
  r.m_path.push_back("[" + std::to_string(index) + "]");
}
Reader::Field::~Field() { m_reader.m_path.pop_back(); }

}  // namespace cairn::chain
