// Noise_XX_25519_ChaChaPoly_BLAKE2b after the Noise Protocol Framework, revision 34: section 5
// (CipherState, SymmetricState, HandshakeState) with the functions of sections 4 and 12 (25519,
// ChaChaPoly, BLAKE2b: HASHLEN 64, BLOCKLEN 128). The names of the spec's operations are kept
// (MixHash, MixKey, EncryptAndHash, ...) so the code can be read against it line by line.
#include "crypto/noise.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "crypto/blake2b.h"

namespace cairn::crypto {

namespace {

constexpr std::size_t KEY_SIZE = 32;        // ChaChaPoly key
constexpr std::size_t BLOCK_SIZE = 128;     // BLAKE2b BLOCKLEN (HMAC padding)
constexpr std::size_t NONCE_SIZE = 12;      // IETF ChaCha20-Poly1305
constexpr std::uint64_t MAX_NONCE = std::numeric_limits<std::uint64_t>::max();  // reserved by the spec

static_assert(crypto_scalarmult_curve25519_BYTES == NOISE_DH_SIZE);
static_assert(crypto_scalarmult_curve25519_SCALARBYTES == NOISE_DH_SIZE);
static_assert(crypto_aead_chacha20poly1305_ietf_KEYBYTES == KEY_SIZE);
static_assert(crypto_aead_chacha20poly1305_ietf_NPUBBYTES == NONCE_SIZE);
static_assert(crypto_aead_chacha20poly1305_ietf_ABYTES == NOISE_TAG_SIZE);

util::Unexpected<NoiseError> Fail(NoiseErrorKind kind, std::string message) {
  return util::Err(NoiseError{kind, std::move(message)});
}

// The spec's nonce layout for ChaChaPoly: 32 bits of zeros, then the counter little-endian.
std::array<std::uint8_t, NONCE_SIZE> NonceBytes(std::uint64_t n) {
  std::array<std::uint8_t, NONCE_SIZE> out{};
  for (std::size_t i = 0; i < 8; ++i) out[4 + i] = static_cast<std::uint8_t>(n >> (8 * i));
  return out;
}

// ENCRYPT(k, n, ad, plaintext) of section 4.2; the caller has checked sizes and the nonce.
util::Bytes AeadEncrypt(const SecureBuffer& key, std::uint64_t n, util::ByteSpan ad, util::ByteSpan plaintext) {
  util::Bytes out(plaintext.size() + NOISE_TAG_SIZE);
  const auto nonce = NonceBytes(n);
  unsigned long long out_len = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data(), &out_len, plaintext.data(), plaintext.size(), ad.data(),
                                            ad.size(), nullptr, nonce.data(), key.data());
  out.resize(static_cast<std::size_t>(out_len));
  return out;
}

// DECRYPT(k, n, ad, ciphertext): nothing when the tag does not verify. The caller has checked that
// the ciphertext holds at least a tag.
std::optional<util::Bytes> AeadDecrypt(const SecureBuffer& key, std::uint64_t n, util::ByteSpan ad,
                                       util::ByteSpan ciphertext) {
  util::Bytes out(ciphertext.size() - NOISE_TAG_SIZE);
  const auto nonce = NonceBytes(n);
  unsigned long long out_len = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(out.data(), &out_len, nullptr, ciphertext.data(), ciphertext.size(),
                                                ad.data(), ad.size(), nonce.data(), key.data()) != 0) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(out_len));
  return out;
}

// HMAC (RFC 2104) over BLAKE2b-512 with its 128-byte block, as section 4.3 defines HMAC-HASH. Not
// BLAKE2b's own keyed mode: Noise specifies HMAC for every hash, and the vectors depend on it.
void HmacBlake2b(util::ByteSpan key, std::initializer_list<util::ByteSpan> parts, std::span<std::uint8_t> out) {
  std::array<std::uint8_t, BLOCK_SIZE> block{};
  if (key.size() > BLOCK_SIZE) {
    crypto_generichash_blake2b(block.data(), NOISE_HASH_SIZE, key.data(), key.size(), nullptr, 0);
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<std::uint8_t, BLOCK_SIZE> pad{};
  std::array<std::uint8_t, NOISE_HASH_SIZE> inner{};
  crypto_generichash_blake2b_state state;

  for (std::size_t i = 0; i < BLOCK_SIZE; ++i) pad[i] = block[i] ^ 0x36;
  crypto_generichash_blake2b_init(&state, nullptr, 0, NOISE_HASH_SIZE);
  crypto_generichash_blake2b_update(&state, pad.data(), pad.size());
  for (const util::ByteSpan part : parts) crypto_generichash_blake2b_update(&state, part.data(), part.size());
  crypto_generichash_blake2b_final(&state, inner.data(), inner.size());

  for (std::size_t i = 0; i < BLOCK_SIZE; ++i) pad[i] = block[i] ^ 0x5c;
  crypto_generichash_blake2b_init(&state, nullptr, 0, NOISE_HASH_SIZE);
  crypto_generichash_blake2b_update(&state, pad.data(), pad.size());
  crypto_generichash_blake2b_update(&state, inner.data(), inner.size());
  crypto_generichash_blake2b_final(&state, out.data(), out.size());

  // Every one of these held key-derived material (the chaining key is secret).
  sodium_memzero(block.data(), block.size());
  sodium_memzero(pad.data(), pad.size());
  sodium_memzero(inner.data(), inner.size());
  sodium_memzero(&state, sizeof state);
}

// HKDF(chaining_key, input_key_material, 2) of section 4.3: two HASHLEN outputs.
void Hkdf2(util::ByteSpan chaining_key, util::ByteSpan input_key_material, SecureBuffer& out1, SecureBuffer& out2) {
  SecureBuffer temp_key(NOISE_HASH_SIZE);
  out1 = SecureBuffer(NOISE_HASH_SIZE);
  out2 = SecureBuffer(NOISE_HASH_SIZE);
  const std::uint8_t one = 0x01;
  const std::uint8_t two = 0x02;
  HmacBlake2b(chaining_key, {input_key_material}, temp_key.mutable_span());
  HmacBlake2b(temp_key.span(), {util::ByteSpan(&one, 1)}, out1.mutable_span());
  HmacBlake2b(temp_key.span(), {out1.span(), util::ByteSpan(&two, 1)}, out2.mutable_span());
}

// The first 32 bytes of a HASHLEN output: the spec truncates temp_k when HASHLEN is 64.
SecureBuffer TruncateToKey(const SecureBuffer& full) { return SecureBuffer::CopyOf(full.span().first(KEY_SIZE)); }

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Key pairs

NoiseKeyPair NoiseGenerateKeyPair() {
  EnsureSodium();
  SecureBuffer private_key(NOISE_DH_SIZE);
  RandomBytes(private_key.mutable_span());
  return NoiseKeyPairFromPrivate(private_key.span());
}

NoiseKeyPair NoiseKeyPairFromPrivate(util::ByteSpan private_key) {
  EnsureSodium();
  if (private_key.size() != NOISE_DH_SIZE) {
    // Only tests and our own generator call this; another length is a bug in the caller.
    std::fprintf(stderr, "fatal: NoiseKeyPairFromPrivate needs a %zu-byte private key\n", NOISE_DH_SIZE);
    std::abort();
  }
  NoiseKeyPair pair;
  pair.private_key = SecureBuffer::CopyOf(private_key);
  // Cannot fail for a clamped scalar (libsodium clamps): the result is never the identity.
  (void)crypto_scalarmult_curve25519_base(pair.public_key.data(), pair.private_key.data());
  return pair;
}

// ---------------------------------------------------------------------------------------------------
// Transport ciphers

NoiseCipherState::NoiseCipherState(SecureBuffer key) : m_key(std::move(key)) {
  // A key of another length cannot come from Split(); refuse to use it rather than read past it.
  if (!m_key.empty() && m_key.size() != KEY_SIZE) m_dead = true;
}

util::Result<util::Bytes, NoiseError> NoiseCipherState::Encrypt(util::ByteSpan plaintext) {
  if (m_dead) return Fail(NoiseErrorKind::Dead, "the transport cipher failed earlier");
  if (m_key.empty()) {
    m_dead = true;
    return Fail(NoiseErrorKind::Order, "the transport cipher has no key (handshake not split)");
  }
  if (plaintext.size() > NOISE_MAX_MESSAGE - NOISE_TAG_SIZE) {
    m_dead = true;
    return Fail(NoiseErrorKind::Input, "plaintext longer than a Noise message allows");
  }
  if (m_nonce == MAX_NONCE) {
    m_dead = true;
    return Fail(NoiseErrorKind::NonceExhausted, "transport nonce exhausted");
  }
  util::Bytes out = AeadEncrypt(m_key, m_nonce, {}, plaintext);
  ++m_nonce;
  return out;
}

util::Result<util::Bytes, NoiseError> NoiseCipherState::Decrypt(util::ByteSpan ciphertext_and_tag) {
  if (m_dead) return Fail(NoiseErrorKind::Dead, "the transport cipher failed earlier");
  if (m_key.empty()) {
    m_dead = true;
    return Fail(NoiseErrorKind::Order, "the transport cipher has no key (handshake not split)");
  }
  if (ciphertext_and_tag.size() < NOISE_TAG_SIZE || ciphertext_and_tag.size() > NOISE_MAX_MESSAGE) {
    m_dead = true;
    return Fail(NoiseErrorKind::Input, "transport message shorter than a tag or longer than a Noise message");
  }
  if (m_nonce == MAX_NONCE) {
    m_dead = true;
    return Fail(NoiseErrorKind::NonceExhausted, "transport nonce exhausted");
  }
  auto plaintext = AeadDecrypt(m_key, m_nonce, {}, ciphertext_and_tag);
  if (!plaintext) {
    m_dead = true;
    return Fail(NoiseErrorKind::Authentication, "transport message failed authentication");
  }
  ++m_nonce;
  return std::move(*plaintext);
}

// ---------------------------------------------------------------------------------------------------
// The handshake

namespace {

enum class Token : std::uint8_t { E, S, EE, ES, SE };

// The XX pattern: message i is PATTERN[i]; the initiator writes the even ones.
const std::vector<Token> XX_PATTERN[3] = {
    {Token::E},
    {Token::E, Token::EE, Token::S, Token::ES},
    {Token::S, Token::SE},
};
constexpr int XX_MESSAGES = 3;

}  // namespace

struct NoiseHandshake::Impl {
  NoiseRole role = NoiseRole::Initiator;
  NoiseKeyPair s;                 // local static
  std::optional<NoiseKeyPair> e;  // local ephemeral (injected by tests, else drawn when first written)
  NoisePublicKey rs;              // remote static, once read
  NoisePublicKey re;              // remote ephemeral, once read

  // SymmetricState (section 5.2) with its CipherState (section 5.1).
  SecureBuffer ck;  // chaining key, HASHLEN
  NoiseHash h;      // handshake hash (public: both sides know it)
  SecureBuffer k;   // empty until the first MixKey
  std::uint64_t n = 0;

  NoiseHash last_payload_h;
  int message = 0;  // index of the next message of the pattern; XX_MESSAGES once finished
  bool dead = false;
  bool split = false;

  // --- SymmetricState -----------------------------------------------------------------------------

  void InitializeSymmetric(std::string_view protocol_name) {
    // Section 5.2: a name of at most HASHLEN bytes is zero-padded, a longer one hashed.
    const util::ByteSpan name = util::AsBytes(protocol_name);
    if (name.size() <= NOISE_HASH_SIZE) {
      h = NoiseHash{};
      std::copy(name.begin(), name.end(), h.bytes.begin());
    } else {
      h = Blake2b512(name);
    }
    ck = SecureBuffer::CopyOf(h.span());
    k = SecureBuffer();
    n = 0;
  }

  void MixHash(util::ByteSpan data) {
    crypto_generichash_blake2b_state state;
    crypto_generichash_blake2b_init(&state, nullptr, 0, NOISE_HASH_SIZE);
    crypto_generichash_blake2b_update(&state, h.data(), h.size());
    crypto_generichash_blake2b_update(&state, data.data(), data.size());
    crypto_generichash_blake2b_final(&state, h.data(), h.size());
  }

  void MixKey(util::ByteSpan input_key_material) {
    SecureBuffer out1;
    SecureBuffer out2;
    Hkdf2(ck.span(), input_key_material, out1, out2);
    ck = std::move(out1);
    k = TruncateToKey(out2);
    n = 0;
  }

  util::Result<util::Bytes, NoiseError> EncryptAndHash(util::ByteSpan plaintext) {
    util::Bytes ciphertext;
    if (k.empty()) {
      ciphertext.assign(plaintext.begin(), plaintext.end());
    } else {
      if (n == MAX_NONCE) return Fail(NoiseErrorKind::NonceExhausted, "handshake nonce exhausted");
      ciphertext = AeadEncrypt(k, n, h.span(), plaintext);
      ++n;
    }
    MixHash(ciphertext);
    return ciphertext;
  }

  util::Result<util::Bytes, NoiseError> DecryptAndHash(util::ByteSpan ciphertext) {
    util::Bytes plaintext;
    if (k.empty()) {
      plaintext.assign(ciphertext.begin(), ciphertext.end());
    } else {
      if (n == MAX_NONCE) return Fail(NoiseErrorKind::NonceExhausted, "handshake nonce exhausted");
      if (ciphertext.size() < NOISE_TAG_SIZE) return Fail(NoiseErrorKind::Input, "handshake field shorter than a tag");
      auto opened = AeadDecrypt(k, n, h.span(), ciphertext);
      if (!opened) return Fail(NoiseErrorKind::Authentication, "handshake message failed authentication");
      plaintext = std::move(*opened);
      ++n;
    }
    MixHash(ciphertext);
    return plaintext;
  }

  // --- DH tokens ----------------------------------------------------------------------------------

  // MixKey(DH(local private, remote public)); an all-zero shared secret means the peer sent a
  // small-order point, which would make the "secret" public.
  util::Result<void, NoiseError> MixDh(const SecureBuffer& local_private, const NoisePublicKey& remote_public) {
    SecureBuffer shared(NOISE_DH_SIZE);
    const int rc = crypto_scalarmult_curve25519(shared.data(), local_private.data(), remote_public.data());
    if (rc != 0 || sodium_is_zero(shared.data(), shared.size()) != 0) {
      return Fail(NoiseErrorKind::WeakKey, "the peer's X25519 key gives an all-zero shared secret");
    }
    MixKey(shared.span());
    return {};
  }

  util::Result<void, NoiseError> ApplyDh(Token token) {
    const bool initiator = role == NoiseRole::Initiator;
    switch (token) {
      case Token::EE: return MixDh(e->private_key, re);
      case Token::ES: return initiator ? MixDh(e->private_key, rs) : MixDh(s.private_key, re);
      case Token::SE: return initiator ? MixDh(s.private_key, re) : MixDh(e->private_key, rs);
      case Token::E:
      case Token::S: break;
    }
    return {};
  }

  bool MyTurn() const {
    if (dead || message >= XX_MESSAGES) return false;
    return (message % 2 == 0) == (role == NoiseRole::Initiator);
  }

  // Records a failure: the state dies and its secrets go at once.
  util::Unexpected<NoiseError> Die(NoiseErrorKind kind, std::string message_text) {
    dead = true;
    WipeSecrets();
    return Fail(kind, std::move(message_text));
  }
  util::Unexpected<NoiseError> Die(NoiseError error) {
    dead = true;
    WipeSecrets();
    return util::Err(std::move(error));
  }

  void WipeSecrets() {
    s.private_key = SecureBuffer();
    if (e) e->private_key = SecureBuffer();
    ck = SecureBuffer();
    k = SecureBuffer();
  }

  util::Result<util::Bytes, NoiseError> Write(util::ByteSpan payload,
                                              const std::function<util::Bytes(const NoiseHash&)>* make_payload) {
    if (dead) return Fail(NoiseErrorKind::Dead, "the handshake failed earlier");
    if (!MyTurn()) return Die(NoiseErrorKind::Order, "handshake message written out of turn");
    util::Bytes out;
    for (const Token token : XX_PATTERN[message]) {
      switch (token) {
        case Token::E: {
          if (!e) e = NoiseGenerateKeyPair();
          util::Append(out, e->public_key.span());
          MixHash(e->public_key.span());
          break;
        }
        case Token::S: {
          auto encrypted = EncryptAndHash(s.public_key.span());
          if (!encrypted) return Die(std::move(encrypted).error());
          util::Append(out, *encrypted);
          break;
        }
        default: {
          if (auto mixed = ApplyDh(token); !mixed) return Die(mixed.error());
          break;
        }
      }
    }
    util::Bytes made;
    if (make_payload != nullptr) {
      made = (*make_payload)(h);
      payload = made;
    }
    const std::size_t overhead = out.size() + (k.empty() ? 0 : NOISE_TAG_SIZE);
    if (payload.size() > NOISE_MAX_MESSAGE - overhead) {
      return Die(NoiseErrorKind::Input, "handshake payload longer than a Noise message allows");
    }
    auto encrypted = EncryptAndHash(payload);
    if (!encrypted) return Die(std::move(encrypted).error());
    util::Append(out, *encrypted);
    ++message;
    return out;
  }

  util::Result<util::Bytes, NoiseError> Read(util::ByteSpan input) {
    if (dead) return Fail(NoiseErrorKind::Dead, "the handshake failed earlier");
    if (message >= XX_MESSAGES || MyTurn()) return Die(NoiseErrorKind::Order, "handshake message read out of turn");
    if (input.size() > NOISE_MAX_MESSAGE) return Die(NoiseErrorKind::Input, "handshake message longer than allowed");
    std::size_t pos = 0;
    for (const Token token : XX_PATTERN[message]) {
      switch (token) {
        case Token::E: {
          if (input.size() - pos < NOISE_DH_SIZE) return Die(NoiseErrorKind::Input, "handshake message too short");
          re = NoisePublicKey::FromSpan(input.subspan(pos, NOISE_DH_SIZE));
          pos += NOISE_DH_SIZE;
          MixHash(re.span());
          break;
        }
        case Token::S: {
          const std::size_t len = NOISE_DH_SIZE + (k.empty() ? 0 : NOISE_TAG_SIZE);
          if (input.size() - pos < len) return Die(NoiseErrorKind::Input, "handshake message too short");
          auto decrypted = DecryptAndHash(input.subspan(pos, len));
          if (!decrypted) return Die(std::move(decrypted).error());
          rs = NoisePublicKey::FromSpan(*decrypted);
          pos += len;
          break;
        }
        default: {
          if (auto mixed = ApplyDh(token); !mixed) return Die(mixed.error());
          break;
        }
      }
    }
    last_payload_h = h;
    auto payload = DecryptAndHash(input.subspan(pos));
    if (!payload) return Die(std::move(payload).error());
    ++message;
    return payload;
  }
};

NoiseHandshake::NoiseHandshake(NoiseRole role, NoiseKeyPair local_static, util::ByteSpan prologue,
                               std::optional<NoiseKeyPair> ephemeral)
    : m_impl(new Impl) {
  EnsureSodium();
  m_impl->role = role;
  m_impl->s = std::move(local_static);
  m_impl->e = std::move(ephemeral);
  // Section 5.3 Initialize(): XX has no pre-message keys, so only the name and the prologue.
  m_impl->InitializeSymmetric(NOISE_PROTOCOL_NAME);
  m_impl->MixHash(prologue);
  const bool bad_static = m_impl->s.private_key.size() != NOISE_DH_SIZE;
  const bool bad_ephemeral = m_impl->e && m_impl->e->private_key.size() != NOISE_DH_SIZE;
  // A key pair of the wrong shape (moved-from, say) cannot be used; the state is born dead.
  if (bad_static || bad_ephemeral) {
    m_impl->dead = true;
    m_impl->WipeSecrets();
  }
}

NoiseHandshake::~NoiseHandshake() { delete m_impl; }

bool NoiseHandshake::my_turn() const { return m_impl->MyTurn(); }

bool NoiseHandshake::finished() const { return !m_impl->dead && m_impl->message >= XX_MESSAGES; }

util::Result<util::Bytes, NoiseError> NoiseHandshake::WriteMessage(util::ByteSpan payload) {
  return m_impl->Write(payload, nullptr);
}

util::Result<util::Bytes, NoiseError> NoiseHandshake::WriteMessageBound(
    const std::function<util::Bytes(const NoiseHash& h)>& make_payload) {
  return m_impl->Write({}, &make_payload);
}

util::Result<util::Bytes, NoiseError> NoiseHandshake::ReadMessage(util::ByteSpan message) {
  return m_impl->Read(message);
}

const NoiseHash& NoiseHandshake::last_payload_hash() const { return m_impl->last_payload_h; }

const NoiseHash& NoiseHandshake::handshake_hash() const { return m_impl->h; }

const NoisePublicKey& NoiseHandshake::remote_static() const { return m_impl->rs; }

util::Result<NoiseHandshake::Ciphers, NoiseError> NoiseHandshake::Split() {
  Impl& st = *m_impl;
  if (st.dead) return Fail(NoiseErrorKind::Dead, "the handshake failed earlier");
  if (st.split) return st.Die(NoiseErrorKind::Order, "the handshake was split already");
  if (st.message < XX_MESSAGES) return st.Die(NoiseErrorKind::Order, "Split before the handshake finished");
  SecureBuffer out1;
  SecureBuffer out2;
  Hkdf2(st.ck.span(), {}, out1, out2);
  NoiseCipherState initiator_to_responder(TruncateToKey(out1));
  NoiseCipherState responder_to_initiator(TruncateToKey(out2));
  st.split = true;
  st.WipeSecrets();
  if (st.role == NoiseRole::Initiator) {
    return Ciphers{std::move(initiator_to_responder), std::move(responder_to_initiator)};
  }
  return Ciphers{std::move(responder_to_initiator), std::move(initiator_to_responder)};
}

}  // namespace cairn::crypto
