// The one canonical binary encoding of every consensus object (PROTOCOL.md section 1, SPEC.md "Encoding").
//
// Writer appends primitives; Reader decodes them strictly: it never reads past the end, checks every
// length against the remaining input before allocating, rejects non-minimal varints, bad bools, unknown
// enum tags and malformed UTF-8, and reports the first failure as a DecodeError naming the field by a
// dotted path ("tx.payload.transfer.amount", "block.body.txs[3].memo") and the byte offset.
//
// Reader is sticky: after the first failure every later read is a no-op returning a zero value, so a
// decoder reads its fields in order and checks once at the end (Finish()). Field path segments are
// pushed by the RAII guard Reader::Field.
//
// Thread safety: Writer and Reader are single-thread values. A Reader borrows the input span; the
// caller keeps the bytes alive while decoding. Nothing here throws (except std::bad_alloc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace cairn::chain {

enum class DecodeErrorKind : std::uint8_t {
  Truncated,           // input ended inside a field
  TrailingBytes,       // bytes left after the top-level object
  NonCanonicalVarint,  // overlong varint (e.g. 0x80 0x00) or > 2^32
  LengthExceedsInput,  // a length/count prefix larger than what is left
  TooLong,             // a length/count above the field's maximum
  TooShort,            // a length below the field's minimum
  InvalidBool,         // a bool byte other than 0x00 / 0x01
  UnknownTag,          // an enum / variant tag out of range
  InvalidUtf8,         // malformed UTF-8 (overlong, surrogate, > U+10FFFF, truncated sequence)
  ControlCharacter,    // a control or bidi-override character in a text field that forbids it
  InvalidValue,        // a value the type forbids (bad chain id, ...)
};

std::string_view DecodeErrorKindName(DecodeErrorKind kind);

struct DecodeError {
  DecodeErrorKind kind = DecodeErrorKind::Truncated;
  std::string field;        // dotted path of the failing field
  std::size_t offset = 0;   // byte offset in the top-level input where the field starts / failed
  std::string detail;       // optional extra words
  // "tx.memo: length exceeds remaining input at offset 91 (...)"
  std::string Message() const;
};

// Rules for text fields. All text must be well-formed UTF-8.
enum class TextRule : std::uint8_t {
  AnyUtf8,     // any well-formed UTF-8
  SingleLine,  // no control characters (C0, DEL, C1) and no bidi override/isolate characters
  MultiLine,   // as SingleLine but '\n' and '\t' are allowed
};

// Checks text against a rule; returns InvalidUtf8 / ControlCharacter, or nothing when fine.
// `bad_index` receives the byte index of the first offending byte.
[[nodiscard]] bool CheckText(std::string_view text, TextRule rule, DecodeErrorKind* kind, std::size_t* bad_index);

// Appends canonical encodings to a byte vector.
class Writer {
 public:
  void U8(std::uint8_t v) { m_out.push_back(v); }
  void U16(std::uint16_t v);
  void U32(std::uint32_t v);
  void U64(std::uint64_t v);
  void Bool(bool v) { m_out.push_back(v ? 1 : 0); }
  // Canonical unsigned LEB128; only for lengths and counts (< 2^32).
  void Varint(std::uint64_t v);
  // Raw bytes with no length (fixed-size arrays).
  void Raw(util::ByteSpan bytes) { util::Append(m_out, bytes); }
  template <std::size_t N>
  void Fixed(const util::FixedBytes<N>& b) { Raw(b.span()); }
  // varint length || bytes.
  void VarBytes(util::ByteSpan bytes);
  void Text(std::string_view text) { VarBytes(util::AsBytes(text)); }

  const util::Bytes& bytes() const { return m_out; }
  util::Bytes Take() { return std::move(m_out); }
  std::size_t size() const { return m_out.size(); }

 private:
  util::Bytes m_out;
};

inline constexpr std::uint64_t MAX_VARINT_VALUE = 0xFFFFFFFFull;

class Reader {
 public:
  // `root` is the first path segment ("tx", "block", ...).
  Reader(util::ByteSpan input, std::string_view root);

  // Each read takes the leaf name of the field; a failure records path + "." + name.
  std::uint8_t U8(std::string_view name);
  std::uint16_t U16(std::string_view name);
  std::uint32_t U32(std::string_view name);
  std::uint64_t U64(std::string_view name);
  bool Bool(std::string_view name);
  // A canonical varint <= MAX_VARINT_VALUE.
  std::uint64_t Varint(std::string_view name);
  // A count of items each at least `min_item_bytes` long: bounded by `max` and by remaining input.
  std::size_t Count(std::string_view name, std::size_t max, std::size_t min_item_bytes = 1);
  // An enum tag byte; values >= `count` are UnknownTag.
  std::uint8_t Tag(std::string_view name, std::uint8_t count);
  template <std::size_t N>
  util::FixedBytes<N> Fixed(std::string_view name) {
    util::FixedBytes<N> out;
    if (auto span = Take(name, N); !span.empty()) out = util::FixedBytes<N>::FromSpan(span);
    return out;
  }
  // varint length (min..max) || bytes.
  util::Bytes VarBytes(std::string_view name, std::size_t min, std::size_t max);
  // varint length (min..max bytes) || UTF-8 text checked against `rule`.
  std::string Text(std::string_view name, std::size_t min, std::size_t max, TextRule rule);

  // Records a failure at the current offset (first failure wins).
  void Fail(DecodeErrorKind kind, std::string_view name, std::string detail = {});
  void FailAt(DecodeErrorKind kind, std::string_view name, std::size_t offset, std::string detail = {});

  bool ok() const { return !m_failed; }
  std::size_t offset() const { return m_pos; }
  std::size_t remaining() const { return m_input.size() - m_pos; }
  // Fails with TrailingBytes when input is left over.
  void ExpectEnd();
  const DecodeError& error() const { return m_error; }
  std::string Path(std::string_view leaf) const;

  // RAII path segment: Field f(r, "payload"); Field g(r, index) appends "[index]".
  class Field {
   public:
    Field(Reader& r, std::string_view name);
    Field(Reader& r, std::size_t index);
    ~Field();
    Field(const Field&) = delete;
    Field& operator=(const Field&) = delete;

   private:
    Reader& m_reader;
  };

 private:
  util::ByteSpan Take(std::string_view name, std::size_t n);

  util::ByteSpan m_input;
  std::size_t m_pos = 0;
  bool m_failed = false;
  DecodeError m_error;
  std::vector<std::string> m_path;
};

// Runs `decode(reader)` over the whole input, requiring that nothing is left over.
template <class T, class F>
util::Result<T, DecodeError> DecodeWhole(util::ByteSpan input, std::string_view root, F&& decode) {
  Reader r(input, root);
  T value = decode(r);
  r.ExpectEnd();
  if (!r.ok()) return util::Err(r.error());
  return value;
}

}  // namespace cairn::chain
