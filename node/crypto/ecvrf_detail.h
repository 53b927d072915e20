// Internal steps of the ECVRF in ecvrf.h, exposed so that tests can check them against the
// intermediate values RFC 9381 Appendix B.3 prints. Not for production code: use ecvrf.h.
// Thread safety: pure functions, callable from any thread.
// Failure: no function throws or aborts; each reports failure as its return value.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "crypto/ecvrf.h"

namespace cairn::crypto::ecvrf_detail {

using Point = util::FixedBytes<32>;

inline constexpr std::uint8_t SUITE = 0x03;

// RFC 8032 section 5.1.3 decoding succeeds: y < p, y is the y of a curve point, and x = 0 is not
// encoded with the sign bit set. No subgroup check: small-order and mixed-order points decode.
[[nodiscard]] bool IsDecodablePoint(const Point& point);

struct EncodedPoint {
  Point h;            // cofactor * candidate, never the identity
  std::uint8_t ctr;   // the counter that produced it
};

// ECVRF_encode_to_curve_try_and_increment with salt = the public key bytes; nothing when all 256
// counters fail (probability about 2^-256).
std::optional<EncodedPoint> EncodeToCurveTai(const PublicKey& salt, util::ByteSpan alpha);

// The secret scalar x = clamp(SHA-512(seed)[0..32]) before reduction mod L, as RFC 9381 prints it.
// The output is a secret: the caller wipes it. False (and zeros) for a moved-from key.
[[nodiscard]] bool SecretScalar(const SecretKey& key, std::span<std::uint8_t, 32> x);

// The nonce string SHA-512(SHA-512(seed)[32..64] || h) before reduction mod L. A secret, as above.
[[nodiscard]] bool NonceHash(const SecretKey& key, const Point& h, std::span<std::uint8_t, 64> k_string);

struct VerifierPoints {
  Point u;  // s*B - c*Y
  Point v;  // s*H - c*Gamma
};

// The verifier's U and V for `proof` against key `y` and encoded point `h`; nothing wherever
// VrfVerify rejects before comparing challenges (bad key, Gamma, s >= L, zero c or s).
std::optional<VerifierPoints> ComputeVerifierPoints(const PublicKey& y, const Point& h, const VrfProof& proof);

}  // namespace cairn::crypto::ecvrf_detail
