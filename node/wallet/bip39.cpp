#include "wallet/bip39.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <string>

#include "crypto/hmac.h"
#include "crypto/sha256.h"
#include "util/utf8.h"

namespace cairn::wallet {

// The only code allowed to call Mnemonic's private constructor: everything that reaches it has been
// validated (or produced from entropy) here.
class MnemonicFactory {
 public:
  static Mnemonic Make(crypto::SecureBuffer text, std::size_t word_count) {
    return Mnemonic(std::move(text), word_count);
  }
};

namespace {

constexpr std::size_t MAX_WORDS = 24;
constexpr std::size_t BITS_PER_WORD = 11;
constexpr std::uint32_t PBKDF2_ROUNDS = 2048;
constexpr std::string_view SALT_PREFIX = "mnemonic";
// An unknown word is quoted back to the user; anything longer is cut so that a paste of the whole
// phrase without spaces is never echoed in full.
constexpr std::size_t MAX_QUOTED_BYTES = 16;

bool IsValidWordCount(std::size_t n) { return n >= 12 && n <= MAX_WORDS && n % 3 == 0; }
bool IsValidEntropySize(std::size_t n) { return n >= 16 && n <= 32 && n % 4 == 0; }

MnemonicError Error(MnemonicErrorKind kind, std::string message) { return {kind, std::move(message)}; }

std::string WordCountMessage(std::size_t got) {
  return "a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, but this one has " + std::to_string(got);
}


// Bytes of the separator starting at `pos`, or 0: ASCII whitespace, or U+00A0 (no-break space, which
// copying from web pages and word processors produces). Neither can be part of an English word.
std::size_t SeparatorAt(std::string_view text, std::size_t pos) {
  switch (text[pos]) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\v':
    case '\f':
      return 1;
    case '\xc2':
      return pos + 1 < text.size() && text[pos + 1] == '\xa0' ? 2 : 0;
    default:
      return 0;
  }
}

struct Token {
  std::size_t begin = 0;
  std::size_t size = 0;
};

// Calls f(token) for each whitespace-separated word; returns the number of words.
template <class F>
std::size_t ForEachWord(std::string_view text, F&& f) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (const std::size_t sep = SeparatorAt(text, pos); sep != 0) {
      pos += sep;
      continue;
    }
    const std::size_t begin = pos;
    while (pos < text.size() && SeparatorAt(text, pos) == 0) ++pos;
    f(Token{begin, pos - begin});
    ++count;
  }
  return count;
}

char FoldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<std::uint16_t> WordIndex(std::string_view word) {
  const auto words = Bip39EnglishWords();
  const auto it = std::lower_bound(words.begin(), words.end(), word);
  if (it == words.end() || *it != word) return std::nullopt;
  return static_cast<std::uint16_t>(it - words.begin());
}

// The one list word starting with the first (up to) four letters of `word`, if exactly one does.
// BIP-39 guarantees four letters identify a word, so this is the word the user most likely meant;
// it is only ever offered as a hint, never substituted.
std::optional<std::string_view> Suggestion(std::string_view word) {
  const std::string_view prefix = word.substr(0, 4);
  if (prefix.empty()) return std::nullopt;
  const auto words = Bip39EnglishWords();
  const auto it = std::lower_bound(words.begin(), words.end(), prefix);
  if (it == words.end() || !it->starts_with(prefix)) return std::nullopt;
  if (std::next(it) != words.end() && std::next(it)->starts_with(prefix)) return std::nullopt;
  return *it;
}

// The word as typed, made safe to show: control characters replaced, long input cut at a character
// boundary (the text was checked to be UTF-8 before).
std::string Quote(std::string_view word) {
  std::string_view shown = word;
  bool cut = false;
  if (shown.size() > MAX_QUOTED_BYTES) {
    std::size_t n = MAX_QUOTED_BYTES;
    while (n > 0 && (static_cast<unsigned char>(shown[n]) & 0xc0) == 0x80) --n;
    shown = shown.substr(0, n);
    cut = true;
  }
  std::string out;
  out.reserve(shown.size() + 3);
  for (const char c : shown) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  if (cut) out += "...";
  return out;
}

std::uint32_t ReadBits(util::ByteSpan bytes, std::size_t bit_offset, std::size_t bit_count) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < bit_count; ++i) {
    const std::size_t bit = bit_offset + i;
    value = (value << 1) | ((bytes[bit / 8] >> (7 - bit % 8)) & 1u);
  }
  return value;
}

void WriteBits(std::span<std::uint8_t> bytes, std::size_t bit_offset, std::size_t bit_count, std::uint32_t value) {
  for (std::size_t i = 0; i < bit_count; ++i) {
    const std::size_t bit = bit_offset + i;
    if ((value >> (bit_count - 1 - i)) & 1u) bytes[bit / 8] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
  }
}

// The first `bits` bits of SHA-256(entropy), left-aligned in a byte (bits <= 8 for BIP-39 sizes).
std::uint8_t ChecksumByte(util::ByteSpan entropy, std::size_t bits) {
  crypto::Hash256 hash = crypto::Sha256(entropy);
  const auto mask = static_cast<std::uint8_t>(0xffu << (8 - bits));
  const auto out = static_cast<std::uint8_t>(hash.bytes[0] & mask);
  crypto::Wipe(hash.bytes);  // derived from the secret entropy: wiped like it
  return out;
}

// Encodes validated entropy (IsValidEntropySize) as a mnemonic.
Mnemonic EncodeEntropy(util::ByteSpan entropy) {
  const std::size_t checksum_bits = entropy.size() * 8 / 32;
  const std::size_t word_count = (entropy.size() * 8 + checksum_bits) / BITS_PER_WORD;
  crypto::SecureBuffer bits(entropy.size() + 1);
  std::memcpy(bits.data(), entropy.data(), entropy.size());
  bits.data()[entropy.size()] = ChecksumByte(entropy, checksum_bits);

  const auto words = Bip39EnglishWords();
  std::size_t length = word_count - 1;  // separators
  for (std::size_t i = 0; i < word_count; ++i)
    length += words[ReadBits(bits.span(), i * BITS_PER_WORD, BITS_PER_WORD)].size();
  crypto::SecureBuffer text(length);
  std::size_t pos = 0;
  for (std::size_t i = 0; i < word_count; ++i) {
    if (i > 0) text.data()[pos++] = ' ';
    const std::string_view word = words[ReadBits(bits.span(), i * BITS_PER_WORD, BITS_PER_WORD)];
    std::memcpy(text.data() + pos, word.data(), word.size());
    pos += word.size();
  }
  return MnemonicFactory::Make(std::move(text), word_count);
}

// Packs word values into entropy and checks the checksum. Returns an empty buffer on a checksum
// mismatch (empty entropy is never valid).
crypto::SecureBuffer DecodeWords(std::span<const std::uint16_t> values) {
  const std::size_t entropy_size = values.size() * 4 / 3;
  const std::size_t checksum_bits = values.size() / 3;
  crypto::SecureBuffer bits(entropy_size + 1);
  for (std::size_t i = 0; i < values.size(); ++i)
    WriteBits(bits.mutable_span(), i * BITS_PER_WORD, BITS_PER_WORD, values[i]);
  crypto::SecureBuffer entropy = crypto::SecureBuffer::CopyOf(bits.span().first(entropy_size));
  if (ChecksumByte(entropy.span(), checksum_bits) != bits.data()[entropy_size]) return {};
  return entropy;
}

// Word values of a normalized text that is known to be valid (held by a Mnemonic).
std::size_t ValuesOfValidText(std::string_view text, std::array<std::uint16_t, MAX_WORDS>& values) {
  std::size_t n = 0;
  ForEachWord(text, [&](Token t) {
    if (n < MAX_WORDS) values[n++] = WordIndex(text.substr(t.begin, t.size)).value_or(0);
  });
  return n;
}

void WipeValues(std::array<std::uint16_t, MAX_WORDS>& values) {
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(values.data()), sizeof values});
}

}  // namespace

util::Result<Mnemonic, MnemonicError> GenerateMnemonic(std::size_t word_count) {
  if (!IsValidWordCount(word_count)) {
    return util::Err(Error(MnemonicErrorKind::WordCount, "cannot generate a mnemonic of " + std::to_string(word_count) +
                                                             " words: choose 12, 15, 18, 21 or 24"));
  }
  crypto::SecureBuffer entropy(word_count * 4 / 3);
  crypto::RandomBytes(entropy.mutable_span());
  return EncodeEntropy(entropy.span());
}

util::Result<Mnemonic, MnemonicError> MnemonicFromEntropy(util::ByteSpan entropy) {
  if (!IsValidEntropySize(entropy.size())) {
    return util::Err(Error(MnemonicErrorKind::EntropySize,
                           "BIP-39 entropy must be 16, 20, 24, 28 or 32 bytes, not " + std::to_string(entropy.size())));
  }
  return EncodeEntropy(entropy);
}

util::Result<Mnemonic, MnemonicError> ParseMnemonic(std::string_view text) {
  if (!util::IsValidUtf8(text)) {
    return util::Err(Error(MnemonicErrorKind::Encoding, "the mnemonic is not valid UTF-8 text"));
  }
  const std::size_t word_count = ForEachWord(text, [](Token) {});
  if (!IsValidWordCount(word_count))
    return util::Err(Error(MnemonicErrorKind::WordCount, WordCountMessage(word_count)));

  // Token positions and word values reveal parts of the secret: keep them on the stack and wipe them.
  std::array<Token, MAX_WORDS> tokens{};
  std::size_t n = 0;
  ForEachWord(text, [&](Token t) { tokens[n++] = t; });
  std::size_t length = word_count - 1;
  for (std::size_t i = 0; i < word_count; ++i) length += tokens[i].size;

  crypto::SecureBuffer normalized(length);
  auto* out = reinterpret_cast<char*>(normalized.data());
  std::array<std::size_t, MAX_WORDS> starts{};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < word_count; ++i) {
    if (i > 0) out[pos++] = ' ';
    starts[i] = pos;
    for (std::size_t j = 0; j < tokens[i].size; ++j) out[pos++] = FoldAscii(text[tokens[i].begin + j]);
  }

  std::array<std::uint16_t, MAX_WORDS> values{};
  std::optional<MnemonicError> error;
  for (std::size_t i = 0; i < word_count && !error; ++i) {
    const std::string_view word(out + starts[i], tokens[i].size);
    if (const auto value = WordIndex(word)) {
      values[i] = *value;
      continue;
    }
    std::string message = "word " + std::to_string(i + 1) + " '" + Quote(text.substr(tokens[i].begin, tokens[i].size)) +
                          "' is not in the BIP-39 English list";
    if (const auto suggestion = Suggestion(word)) message += " (did you mean '" + std::string(*suggestion) + "'?)";
    error = Error(MnemonicErrorKind::UnknownWord, std::move(message));
  }
  if (!error && DecodeWords(std::span(values).first(word_count)).empty()) {
    error = Error(MnemonicErrorKind::Checksum,
                  "every word is in the list but the checksum does not match: a word is wrong or two words "
                  "are swapped");
  }
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(tokens.data()), sizeof tokens});
  crypto::Wipe({reinterpret_cast<std::uint8_t*>(starts.data()), sizeof starts});
  WipeValues(values);
  if (error) return util::Err(std::move(*error));
  return MnemonicFactory::Make(std::move(normalized), word_count);
}

crypto::SecureBuffer MnemonicToEntropy(const Mnemonic& mnemonic) {
  if (mnemonic.word_count() == 0) return {};  // moved from
  std::array<std::uint16_t, MAX_WORDS> values{};
  const std::size_t n = ValuesOfValidText(mnemonic.text(), values);
  crypto::SecureBuffer entropy = DecodeWords(std::span(values).first(n));
  WipeValues(values);
  return entropy;
}

util::Result<crypto::SecureBuffer, MnemonicError> MnemonicToSeed(const Mnemonic& mnemonic,
                                                                 std::string_view passphrase) {
  if (mnemonic.word_count() == 0) {
    return util::Err(Error(MnemonicErrorKind::WordCount, "the mnemonic is empty (it was moved from)"));
  }
  if (passphrase.size() > BIP39_MAX_PASSPHRASE_BYTES) {
    return util::Err(Error(MnemonicErrorKind::Encoding,
                           "the passphrase is longer than " + std::to_string(BIP39_MAX_PASSPHRASE_BYTES) + " bytes"));
  }
  if (!util::IsValidUtf8(passphrase)) {
    return util::Err(Error(MnemonicErrorKind::Encoding, "the passphrase is not valid UTF-8 text"));
  }
  // The salt holds the passphrase: build it in secure memory rather than a std::string.
  crypto::SecureBuffer salt(SALT_PREFIX.size() + passphrase.size());
  std::memcpy(salt.data(), SALT_PREFIX.data(), SALT_PREFIX.size());
  if (!passphrase.empty()) std::memcpy(salt.data() + SALT_PREFIX.size(), passphrase.data(), passphrase.size());
  crypto::SecureBuffer seed(BIP39_SEED_SIZE);
  crypto::Pbkdf2HmacSha512(util::AsBytes(mnemonic.text()), salt.span(), PBKDF2_ROUNDS, seed.mutable_span());
  return seed;
}

}  // namespace cairn::wallet
