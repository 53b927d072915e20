// Values the mempool hands out: why an admission failed (AdmitError), what an admission did (Admitted),
// and the fee rate (fee per encoded byte, compared exactly by cross-multiplication, never as a float).
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/amount.h"
#include "chain/ids.h"
#include "util/result.h"

namespace cairn::mempool {

// Invalid: the transaction breaks a consensus rule against the head (a peer sending it may be scored).
// Policy: valid, but this node's pool will not hold it now (limits, fees, gaps); it may pass later.
// Known: the pool already holds this exact transaction (not a fault of the sender).
enum class AdmitErrorKind : std::uint8_t { Invalid, Policy, Known };

enum class AdmitCode : std::uint8_t {
  // Invalid.
  WrongChain,              // chain_id is not the head's
  Malformed,               // fails chain::CheckTransactionStateless (size, fields, keys)
  FeeTooLow,               // fee < encoded size * min_fee_rate
  BadSignature,            // does not verify under the sender's key
  Expired,                 // expiry_slot <= head slot: no future block may include it
  StaleNonce,              // nonce < the account's nonce at the head
  SpendOverflow,           // fee + amounts overflow 64 bits
  // Policy.
  NonceTooFar,             // nonce >= account nonce + max_nonce_ahead (a gap the pool will not hold)
  InsufficientBalance,     // balance < pending spend of earlier nonces + this tx's fee + amounts
  SenderLimit,             // the sender already has max_per_sender txs pooled
  ReplacementUnderpriced,  // same (sender, nonce) pooled and the fee bump is below the configured minimum
  PoolFull,                // full, and the tx does not beat the fee rate of what eviction would remove
  // Known.
  Duplicate,               // same TxId pooled
};

AdmitErrorKind KindOf(AdmitCode code);
std::string_view AdmitCodeName(AdmitCode code);  // "wrong_chain", "fee_too_low", ... (stable, for RPC)

struct AdmitError {
  AdmitErrorKind kind = AdmitErrorKind::Invalid;
  AdmitCode code = AdmitCode::Malformed;
  std::string reason;  // a sentence with the numbers involved, e.g. "nonce 3 < account nonce 5"
  std::string Message() const { return std::string(AdmitCodeName(code)) + ": " + reason; }
};

// Ready: its nonce continues the sender's contiguous run from the account nonce and the balance covers
// it (block building may take it). Future: held behind a nonce gap or an unaffordable predecessor for
// at most MempoolConfig::future_hold_slots.
enum class TxPlacement : std::uint8_t { Ready, Future };

struct Admitted {
  chain::TxId id;
  TxPlacement placement = TxPlacement::Ready;
  bool replaced = false;      // took the place of the same (sender, nonce)
  std::uint32_t evicted = 0;  // other txs removed to make room
};

using AdmitResult = util::Result<Admitted, AdmitError>;

// fee / size as an exact rational. size is never 0 for an encoded transaction.
struct FeeRate {
  chain::Amount fee = 0;
  std::uint32_t size = 1;

  // Cross-multiplied in 128 bits: exact, no floats, no overflow.
  friend bool operator<(const FeeRate& a, const FeeRate& b) {
    __extension__ using U128 = unsigned __int128;
    return static_cast<U128>(a.fee) * b.size < static_cast<U128>(b.fee) * a.size;
  }
  friend bool operator==(const FeeRate& a, const FeeRate& b) { return !(a < b) && !(b < a); }
  std::uint64_t Floor() const { return fee / size; }  // base units per byte, rounded down
};

}  // namespace cairn::mempool
