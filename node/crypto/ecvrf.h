// ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381, suite 0x03): the verifiable random function behind the
// proposer's contribution to the randomness mix (PROTOCOL.md section 4). A VRF key is an Ed25519 key
// pair (same seed -> same secret scalar and public key as RFC 8032), so the wallet derives it like any
// other key.
//
// Thread safety: all functions are pure and safe from any thread at once.
// Ownership: nothing is retained; secret intermediates (the scalar x, SHA-512 of the seed, the nonce)
// live on the stack only for the call and are wiped before it returns.
// Failure: no function throws or aborts on any input. VrfVerify and VrfProofToHash return nothing for
// bad input. VrfProve cannot fail for a key made by SecretKey::FromSeed/Generate except with
// probability about 2^-250 (no curve point among 256 hash candidates, or a zero nonce); in that case,
// and for a moved-from SecretKey, it returns an all-zero proof, which VrfVerify always rejects.
//
// Where this is stricter than RFC 9381 (deliberately, for consensus: one valid proof per input):
//  - Points must be canonical encodings (y < p, and no "negative zero" x), as RFC 8032 decoding says.
//  - The public key must be a point of prime order L (libsodium's crypto_core_ed25519_is_valid_point),
//    not merely "8*Y is not the identity" as the RFC's validate_key asks.
//  - Gamma must be of prime order too; the RFC only decodes it. Gamma + T for a small-order T would
//    otherwise give a second accepted proof with the same beta.
//  - A proof whose c or s is zero is rejected (libsodium's scalar multiplication refuses zero scalars).
// None of these ever rejects a proof made by an honest prover from a valid key (a zero c or s, or a
// Gamma outside the prime-order group, occurs with probability below 2^-128).
#pragma once

#include <optional>

#include "crypto/ed25519.h"
#include "util/bytes.h"

namespace cairn::crypto {

using VrfProof = util::FixedBytes<80>;   // Gamma(32) || c(16) || s(32)
using VrfOutput = util::FixedBytes<64>;  // beta

VrfProof VrfProve(const SecretKey& key, util::ByteSpan alpha);

// beta when the proof is valid for (key, alpha); nothing otherwise.
std::optional<VrfOutput> VrfVerify(const PublicKey& key, util::ByteSpan alpha, const VrfProof& proof);

// beta of a proof (no validity check beyond decoding Gamma); nothing if Gamma does not decode.
// Only for a proof already accepted by VrfVerify (e.g. re-reading a stored block); beta from an
// unverified proof means nothing.
std::optional<VrfOutput> VrfProofToHash(const VrfProof& proof);

}  // namespace cairn::crypto
