#include "crypto/ecvrf.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <initializer_list>

#include "crypto/ecvrf_detail.h"
#include "crypto/secure_memory.h"

namespace cairn::crypto {
namespace ecvrf_detail {
namespace {

constexpr std::size_t SCALAR_SIZE = 32;
constexpr std::size_t C_SIZE = 16;  // RFC 9381 cLen for this suite
constexpr std::size_t GAMMA_OFFSET = 0;
constexpr std::size_t C_OFFSET = 32;
constexpr std::size_t S_OFFSET = 48;

constexpr std::uint8_t ENCODE_TO_CURVE_FRONT = 0x01;
constexpr std::uint8_t CHALLENGE_FRONT = 0x02;
constexpr std::uint8_t PROOF_TO_HASH_FRONT = 0x03;
constexpr std::uint8_t DOMAIN_BACK = 0x00;

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr std::array<std::uint8_t, SCALAR_SIZE> ORDER_L = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

using Hash512 = std::array<std::uint8_t, 64>;

// SHA-512 over the concatenation of parts. The state is wiped because some callers hash secrets.
void Sha512(std::initializer_list<util::ByteSpan> parts, std::span<std::uint8_t, 64> out) {
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  for (const auto part : parts) crypto_hash_sha512_update(&state, part.data(), part.size());
  crypto_hash_sha512_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
}

util::ByteSpan Byte(const std::uint8_t& b) { return {&b, 1}; }

// s < L, compared from the most significant byte. s is public (part of a proof): no need for
// constant time.
bool IsCanonicalScalar(util::ByteSpan s) {
  for (std::size_t i = SCALAR_SIZE; i-- > 0;) {
    if (s[i] != ORDER_L[i]) return s[i] < ORDER_L[i];
  }
  return false;  // s == L
}

bool IsIdentity(const Point& p) {
  Point identity;
  identity.bytes[0] = 1;
  return p == identity;
}

// libsodium's crypto_core_ed25519_add decodes without a subgroup check, so doubling is the only way
// to multiply a point that may lie outside the prime-order group. Callers pass decodable points.
std::optional<Point> MulByCofactor(const Point& p) {
  Point r = p;
  for (int i = 0; i < 3; ++i) {
    if (crypto_core_ed25519_add(r.data(), r.data(), r.data()) != 0) return std::nullopt;
  }
  return r;
}

VrfOutput HashOfDecodedGamma(const Point& gamma) {
  VrfOutput beta;
  const auto gamma8 = MulByCofactor(gamma);
  // Only called with decodable points, for which doubling cannot fail; an empty beta otherwise
  // keeps the function total.
  if (!gamma8) return beta;
  Sha512({Byte(SUITE), Byte(PROOF_TO_HASH_FRONT), gamma8->span(), Byte(DOMAIN_BACK)}, beta.bytes);
  return beta;
}

std::array<std::uint8_t, C_SIZE> Challenge(const Point& y, const Point& h, const Point& gamma, const Point& u,
                                           const Point& v) {
  Hash512 digest;
  Sha512({Byte(SUITE), Byte(CHALLENGE_FRONT), y.span(), h.span(), gamma.span(), u.span(), v.span(),
          Byte(DOMAIN_BACK)},
         digest);
  std::array<std::uint8_t, C_SIZE> c;
  std::copy_n(digest.begin(), C_SIZE, c.begin());
  return c;
}

// Everything secret that Prove touches, wiped on every exit path.
struct ProveSecrets {
  Hash512 seed_hash{};
  std::array<std::uint8_t, 64> x_wide{};  // clamped x, zero-extended for reduction
  std::array<std::uint8_t, SCALAR_SIZE> x{};
  Hash512 k_string{};
  std::array<std::uint8_t, SCALAR_SIZE> k{};
  std::array<std::uint8_t, SCALAR_SIZE> cx{};
  ProveSecrets() = default;
  ProveSecrets(const ProveSecrets&) = delete;
  ProveSecrets& operator=(const ProveSecrets&) = delete;
  ~ProveSecrets() { sodium_memzero(this, sizeof *this); }
};

bool HasSeed(const SecretKey& key) { return key.expanded().size() == crypto_sign_SECRETKEYBYTES; }

void ClampedScalar(const Hash512& seed_hash, std::span<std::uint8_t, 32> x) {
  std::copy_n(seed_hash.begin(), SCALAR_SIZE, x.begin());
  x[0] &= 248;
  x[31] &= 127;
  x[31] |= 64;
}

}  // namespace

bool IsDecodablePoint(const Point& point) {
  const auto& b = point.bytes;
  // y >= p = 2^255 - 19 exactly when bytes 1..30 are 0xff, the top byte (sign masked) is 0x7f and
  // the low byte is >= 0xed. libsodium would silently reduce such a y.
  const auto middle_all = [&b](std::uint8_t value) {
    return std::all_of(b.begin() + 1, b.begin() + 31, [value](std::uint8_t v) { return v == value; });
  };
  const bool high_all_ones = middle_all(0xff) && (b[31] & 0x7f) == 0x7f;
  if (high_all_ones && b[0] >= 0xed) return false;
  // x = 0 only for y = 1 and y = p - 1; libsodium ignores the sign bit there.
  if ((b[31] & 0x80) != 0) {
    const bool y_is_one = b[0] == 0x01 && middle_all(0x00) && (b[31] & 0x7f) == 0;
    const bool y_is_minus_one = b[0] == 0xec && high_all_ones;
    if (y_is_one || y_is_minus_one) return false;
  }
  // crypto_core_ed25519_add fails exactly when an operand has no x for its y (libsodium's
  // ge25519_frombytes + ge25519_is_on_curve); it does no subgroup or small-order check.
  EnsureSodium();
  Point scratch;
  return crypto_core_ed25519_add(scratch.data(), point.data(), point.data()) == 0;
}

std::optional<EncodedPoint> EncodeToCurveTai(const PublicKey& salt, util::ByteSpan alpha) {
  EnsureSodium();
  Hash512 digest;
  for (int counter = 0; counter <= 0xff; ++counter) {
    const auto ctr = static_cast<std::uint8_t>(counter);
    Sha512({Byte(SUITE), Byte(ENCODE_TO_CURVE_FRONT), salt.span(), alpha, Byte(ctr), Byte(DOMAIN_BACK)}, digest);
    const Point candidate = Point::FromSpan({digest.data(), Point::SIZE});
    if (!IsDecodablePoint(candidate)) continue;
    const auto h = MulByCofactor(candidate);
    if (!h || IsIdentity(*h)) continue;
    return EncodedPoint{*h, ctr};
  }
  return std::nullopt;
}

bool SecretScalar(const SecretKey& key, std::span<std::uint8_t, 32> x) {
  Wipe(x);
  if (!HasSeed(key)) return false;
  ProveSecrets secrets;
  Sha512({key.seed()}, secrets.seed_hash);
  ClampedScalar(secrets.seed_hash, x);
  return true;
}

bool NonceHash(const SecretKey& key, const Point& h, std::span<std::uint8_t, 64> k_string) {
  Wipe(k_string);
  if (!HasSeed(key)) return false;
  ProveSecrets secrets;
  Sha512({key.seed()}, secrets.seed_hash);
  Sha512({util::ByteSpan(secrets.seed_hash).subspan(32), h.span()}, k_string);
  return true;
}

std::optional<VerifierPoints> ComputeVerifierPoints(const PublicKey& y, const Point& h, const VrfProof& proof) {
  EnsureSodium();
  const Point gamma = Point::FromSpan(proof.span().subspan(GAMMA_OFFSET, Point::SIZE));
  const util::ByteSpan s = proof.span().subspan(S_OFFSET, SCALAR_SIZE);
  std::array<std::uint8_t, SCALAR_SIZE> c{};
  std::copy_n(proof.bytes.begin() + C_OFFSET, C_SIZE, c.begin());

  if (!IsCanonicalScalar(s)) return std::nullopt;
  // Prime order for both (see ecvrf.h): implies canonical, decodable and not small order.
  if (crypto_core_ed25519_is_valid_point(y.data()) != 1) return std::nullopt;
  if (crypto_core_ed25519_is_valid_point(gamma.data()) != 1) return std::nullopt;

  // The _noclamp multiplications return -1 for a zero scalar or an identity result; with points of
  // prime order and scalars below L that means a zero c or s, which no honest proof has.
  Point s_b, c_y, s_h, c_gamma;
  VerifierPoints out;
  if (crypto_scalarmult_ed25519_base_noclamp(s_b.data(), s.data()) != 0) return std::nullopt;
  if (crypto_scalarmult_ed25519_noclamp(c_y.data(), c.data(), y.data()) != 0) return std::nullopt;
  if (crypto_scalarmult_ed25519_noclamp(s_h.data(), s.data(), h.data()) != 0) return std::nullopt;
  if (crypto_scalarmult_ed25519_noclamp(c_gamma.data(), c.data(), gamma.data()) != 0) return std::nullopt;
  if (crypto_core_ed25519_sub(out.u.data(), s_b.data(), c_y.data()) != 0) return std::nullopt;
  if (crypto_core_ed25519_sub(out.v.data(), s_h.data(), c_gamma.data()) != 0) return std::nullopt;
  return out;
}

}  // namespace ecvrf_detail

using ecvrf_detail::Point;

VrfProof VrfProve(const SecretKey& key, util::ByteSpan alpha) {
  using namespace ecvrf_detail;
  const VrfProof failed{};
  if (!HasSeed(key)) return failed;
  EnsureSodium();
  ProveSecrets secrets;
  Sha512({key.seed()}, secrets.seed_hash);
  ClampedScalar(secrets.seed_hash, std::span<std::uint8_t, 32>(secrets.x_wide.data(), 32));
  crypto_core_ed25519_scalar_reduce(secrets.x.data(), secrets.x_wide.data());

  const PublicKey& y = key.public_key();
  const auto encoded = EncodeToCurveTai(y, alpha);
  if (!encoded) return failed;
  const Point& h = encoded->h;

  Point gamma, k_b, k_h;
  if (crypto_scalarmult_ed25519_noclamp(gamma.data(), secrets.x.data(), h.data()) != 0) return failed;

  Sha512({util::ByteSpan(secrets.seed_hash).subspan(32), h.span()}, secrets.k_string);
  crypto_core_ed25519_scalar_reduce(secrets.k.data(), secrets.k_string.data());
  if (crypto_scalarmult_ed25519_base_noclamp(k_b.data(), secrets.k.data()) != 0) return failed;
  if (crypto_scalarmult_ed25519_noclamp(k_h.data(), secrets.k.data(), h.data()) != 0) return failed;

  const auto c = Challenge(y, h, gamma, k_b, k_h);
  std::array<std::uint8_t, SCALAR_SIZE> c_wide{};
  std::copy(c.begin(), c.end(), c_wide.begin());

  VrfProof proof;
  crypto_core_ed25519_scalar_mul(secrets.cx.data(), c_wide.data(), secrets.x.data());
  crypto_core_ed25519_scalar_add(proof.data() + S_OFFSET, secrets.k.data(), secrets.cx.data());
  std::copy(gamma.bytes.begin(), gamma.bytes.end(), proof.bytes.begin() + GAMMA_OFFSET);
  std::copy(c.begin(), c.end(), proof.bytes.begin() + C_OFFSET);
  return proof;
}

std::optional<VrfOutput> VrfVerify(const PublicKey& key, util::ByteSpan alpha, const VrfProof& proof) {
  using namespace ecvrf_detail;
  EnsureSodium();
  if (crypto_core_ed25519_is_valid_point(key.data()) != 1) return std::nullopt;
  const auto encoded = EncodeToCurveTai(key, alpha);
  if (!encoded) return std::nullopt;
  const auto points = ComputeVerifierPoints(key, encoded->h, proof);
  if (!points) return std::nullopt;
  const Point gamma = Point::FromSpan(proof.span().subspan(GAMMA_OFFSET, Point::SIZE));
  const auto c = Challenge(key, encoded->h, gamma, points->u, points->v);
  if (!std::equal(c.begin(), c.end(), proof.bytes.begin() + C_OFFSET)) return std::nullopt;
  return HashOfDecodedGamma(gamma);
}

std::optional<VrfOutput> VrfProofToHash(const VrfProof& proof) {
  const Point gamma = Point::FromSpan(proof.span().subspan(ecvrf_detail::GAMMA_OFFSET, Point::SIZE));
  if (!ecvrf_detail::IsDecodablePoint(gamma)) return std::nullopt;
  return ecvrf_detail::HashOfDecodedGamma(gamma);
}

}  // namespace cairn::crypto
