// BIP-39 mnemonics (English wordlist only) and their seeds: the wallet's backup format
// (PROTOCOL.md section 1: mnemonic -> seed -> SLIP-0010 ed25519 derivation).
//
// Secrets: a Mnemonic keeps its text in secure memory (crypto::SecureBuffer), and entropy and seeds are
// returned in SecureBuffers. Nothing here logs, and no error message ever quotes the whole mnemonic (at
// most the one word that is wrong, so the user can find it).
//
// Thread safety: every free function is safe to call from any thread at the same time. A Mnemonic is a
// value owned by one thread at a time (move it to hand it over).
// Failure: functions that take user input return util::Result with a MnemonicError; nothing throws, and
// no input makes them crash. Functions that cannot fail (their argument is already validated because a
// Mnemonic can only be made by the functions below) return plain values.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::wallet {

enum class MnemonicErrorKind {
  WordCount,    // not 12, 15, 18, 21 or 24 words
  UnknownWord,  // a word is not in the English list
  Checksum,     // all words are known but the checksum does not match (a wrong or swapped word)
  EntropySize,  // entropy is not 16..32 bytes in steps of 4
  Encoding,     // text or passphrase is not valid UTF-8 (or the passphrase is unreasonably long)
};

// One clear sentence for the user. Names a word position and that word when useful, never the whole
// mnemonic, so it may be shown and logged.
struct MnemonicError {
  MnemonicErrorKind kind;
  std::string message;
};

// A valid English mnemonic: 12..24 known words with a correct checksum, stored normalized (ASCII lower
// case, single spaces, no leading or trailing space) in secure memory. Only the functions below create
// one, so holding a Mnemonic proves it is valid. Move-only; Clone() makes a copy visible.
class Mnemonic {
 public:
  // A moved-from Mnemonic is empty: text() is "", word_count() is 0, MnemonicToEntropy gives an empty
  // buffer and MnemonicToSeed fails with WordCount.
  Mnemonic(Mnemonic&& other) noexcept
      : m_text(std::move(other.m_text)), m_word_count(std::exchange(other.m_word_count, 0)) {}
  Mnemonic& operator=(Mnemonic&& other) noexcept {
    m_text = std::move(other.m_text);
    m_word_count = std::exchange(other.m_word_count, 0);
    return *this;
  }
  Mnemonic(const Mnemonic&) = delete;
  Mnemonic& operator=(const Mnemonic&) = delete;

  // The normalized words separated by single spaces. The view points into this object's secure memory:
  // valid while the Mnemonic lives and is not moved from. Do not copy it into a std::string that
  // outlives the call without wiping it.
  std::string_view text() const { return {reinterpret_cast<const char*>(m_text.data()), m_text.size()}; }
  std::size_t word_count() const { return m_word_count; }
  Mnemonic Clone() const { return Mnemonic(m_text.Clone(), m_word_count); }

 private:
  Mnemonic(crypto::SecureBuffer text, std::size_t word_count) : m_text(std::move(text)), m_word_count(word_count) {}
  friend class MnemonicFactory;  // bip39.cpp: the only code that builds validated mnemonics

  crypto::SecureBuffer m_text;
  std::size_t m_word_count = 0;
};

std::ostream& operator<<(std::ostream&, const Mnemonic&) = delete;

// A fresh mnemonic of word_count words (12, 15, 18, 21 or 24) from the system CSPRNG.
// Fails with WordCount for any other count.
util::Result<Mnemonic, MnemonicError> GenerateMnemonic(std::size_t word_count);

// The mnemonic encoding of `entropy` (16, 20, 24, 28 or 32 bytes); fails with EntropySize otherwise.
util::Result<Mnemonic, MnemonicError> MnemonicFromEntropy(util::ByteSpan entropy);

// Parses text a user typed or pasted. Forgiving only where that cannot change the meaning: leading and
// trailing whitespace is ignored, runs of whitespace (ASCII whitespace or U+00A0 no-break space) count
// as one separator, and ASCII upper case is folded. A misspelt word is never corrected: it fails with
// UnknownWord naming its 1-based position and, when one exists, the list word with the same first four
// letters as a suggestion. Fails with Encoding (text is not UTF-8), WordCount, UnknownWord or Checksum.
util::Result<Mnemonic, MnemonicError> ParseMnemonic(std::string_view text);

// The entropy the mnemonic encodes (16..32 bytes); empty for a moved-from Mnemonic.
crypto::SecureBuffer MnemonicToEntropy(const Mnemonic& mnemonic);

inline constexpr std::size_t BIP39_SEED_SIZE = 64;
// Passphrases longer than this are refused (Encoding): far beyond any real passphrase, and it keeps
// sizes within the int range of the PBKDF2 implementation.
inline constexpr std::size_t BIP39_MAX_PASSPHRASE_BYTES = 4096;

// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(password = text, salt = "mnemonic" + passphrase,
// 2048 iterations). The passphrase must be UTF-8 already in Unicode NFKD form: this layer has no Unicode
// tables, so callers with non-ASCII input normalize first (the app layer does so with Qt); an
// unnormalized passphrase derives a different seed, i.e. a different wallet. Fails with Encoding when
// the passphrase is not valid UTF-8 or is longer than BIP39_MAX_PASSPHRASE_BYTES. Takes ~1 ms-10 ms of
// CPU: call it off the GUI thread.
util::Result<crypto::SecureBuffer, MnemonicError> MnemonicToSeed(const Mnemonic& mnemonic, std::string_view passphrase);

// The 2048 BIP-39 English words in list order (index = word value): static storage, never freed.
std::span<const std::string_view> Bip39EnglishWords();

}  // namespace cairn::wallet
