// NonceTracker: hands out the nonces of the wallet's own accounts to concurrent sends and remembers
// which are pending in the pool, so that two sends never take the same nonce and a failed send leaves
// no gap when it can be avoided (PROTOCOL.md section 2: a tx is valid only with nonce == account nonce,
// so a gap stalls every later tx of the account).
//
// Per account the tracker holds: the chain nonce last seen, the nonces handed out (Reserved: a send is
// building/signing/submitting; Pending: in the pool, with fee and expiry slot) and the free nonces (a
// hole below the highest handed-out nonce).
//
// Rules:
// - Reserve(account, chain_nonce) first applies OnChainNonce(chain_nonce), then returns the lowest free
//   nonce if there is one (filling a hole first), else max(chain nonce, highest handed out + 1).
// - Release (the send failed before submission): a Reserved nonce that is the highest handed out is
//   simply taken back (the next Reserve returns it again; trailing free nonces go with it), so no gap
//   remains. A nonce below a later handed-out one becomes free and is handed out by the next Reserve;
//   until then the later txs wait in the pool as Future (mempool future_hold_slots). Releasing a
//   Pending nonce is refused: once submitted, only inclusion, expiry or replacement end it.
// - OnChainNonce(n): entries and free nonces below n are forgotten (included, or superseded).
// - Replacement: MinReplacementFee(old fee, bump%) is what the pool accepts for the same nonce
//   (mempool: fee > old and fee >= old + floor(old * bump / 100)); MarkReplaced records the new fee
//   after the replacement was admitted and refuses a fee below that minimum.
// - Expiry: OnHeadSlot(slot) frees every Pending nonce whose expiry_slot <= slot (the pool drops a tx
//   once the head reaches its expiry slot). Later pending nonces stay Pending but cannot be included
//   until the hole is filled: OnHeadSlot reports them as `blocked`, and the next Reserve returns the
//   lowest freed nonce, so the wallet's next send (or a re-sign of the expired tx) unblocks them. If the
//   freed nonce is the highest handed out, it is taken back like a Release.
//
// Thread safety: every method may be called from any thread; one mutex guards all state, and no
// callback runs under it.
// Ownership: plain data; nothing borrowed.
// Failure: Release/MarkSubmitted/MarkReplaced return a NonceError with a sentence; Reserve cannot fail
// (it returns nothing only when the nonce space of the account is exhausted).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/ids.h"
#include "util/result.h"

namespace cairn::wallet {

// The mempool's default replacement bump (mempool::MempoolConfig::replace_bump_pct).
inline constexpr std::uint64_t DEFAULT_REPLACE_BUMP_PCT = 10;

// The smallest fee that replaces a pooled tx paying `old_fee` (mempool rule above); nothing on overflow.
std::optional<chain::Amount> MinReplacementFee(chain::Amount old_fee, std::uint64_t bump_pct = DEFAULT_REPLACE_BUMP_PCT);

enum class NonceErrorKind : std::uint8_t { Unknown = 1, WrongState, Underpriced };
struct NonceError {
  NonceErrorKind kind = NonceErrorKind::Unknown;
  std::string message;
};

struct ExpiredNonces {
  std::vector<std::uint64_t> freed;    // expired: free for the next Reserve (or taken back)
  std::vector<std::uint64_t> blocked;  // still pending above the lowest freed nonce: wait for the hole
};

class NonceTracker {
 public:
  NonceTracker() = default;
  NonceTracker(const NonceTracker&) = delete;
  NonceTracker& operator=(const NonceTracker&) = delete;

  // A nonce for a new send of `account`; `chain_nonce` is the account's nonce at the head.
  std::optional<std::uint64_t> Reserve(const chain::Address& account, std::uint64_t chain_nonce);
  // The send of a Reserved nonce failed before it reached the pool (see Release above).
  util::Result<void, NonceError> Release(const chain::Address& account, std::uint64_t nonce);
  // A tx of this wallet that a previous run submitted (the activity file remembers it): `nonce` becomes
  // Pending as if reserved and submitted now. Nonces between the highest handed out and `nonce` become
  // free (the next Reserve fills them first). Refused when the nonce is handed out already; a nonce
  // below `chain_nonce` is ignored (included or superseded).
  util::Result<void, NonceError> Adopt(const chain::Address& account, std::uint64_t chain_nonce, std::uint64_t nonce,
                                       chain::Amount fee, chain::Slot expiry_slot);
  // A Reserved nonce's tx was admitted to the pool.
  util::Result<void, NonceError> MarkSubmitted(const chain::Address& account, std::uint64_t nonce, chain::Amount fee,
                                               chain::Slot expiry_slot);
  // A Pending nonce's tx was replaced by one paying `new_fee` (>= MinReplacementFee(old, bump_pct)).
  util::Result<void, NonceError> MarkReplaced(const chain::Address& account, std::uint64_t nonce, chain::Amount new_fee,
                                              chain::Slot new_expiry_slot,
                                              std::uint64_t bump_pct = DEFAULT_REPLACE_BUMP_PCT);
  // The fee the replacement of a Pending nonce must pay at least; nothing when not pending.
  std::optional<chain::Amount> ReplacementFeeFor(const chain::Address& account, std::uint64_t nonce,
                                                 std::uint64_t bump_pct = DEFAULT_REPLACE_BUMP_PCT) const;

  void OnChainNonce(const chain::Address& account, std::uint64_t chain_nonce);
  // Expires pending txs of every account (see Expiry above); the result is per account.
  std::map<chain::Address, ExpiredNonces> OnHeadSlot(chain::Slot head_slot);

  // Introspection (tests, GUI).
  enum class State : std::uint8_t { Reserved, Pending };
  struct Entry {
    State state = State::Reserved;
    chain::Amount fee = 0;
    chain::Slot expiry_slot = 0;
  };
  std::map<std::uint64_t, Entry> EntriesOf(const chain::Address& account) const;
  std::set<std::uint64_t> FreeOf(const chain::Address& account) const;
  // What the next Reserve would return without a chain nonce change.
  std::optional<std::uint64_t> PeekNext(const chain::Address& account) const;

 private:
  struct AccountNonces {
    std::uint64_t chain_nonce = 0;
    std::uint64_t next = 0;                  // one past the highest nonce handed out (>= chain_nonce)
    std::map<std::uint64_t, Entry> entries;  // handed out, >= chain_nonce
    std::set<std::uint64_t> free;            // holes in [chain_nonce, next)
  };
  static void AdvanceLocked(AccountNonces& a, std::uint64_t chain_nonce);
  static void FreeLocked(AccountNonces& a, std::uint64_t nonce);  // the nonce is no longer handed out
  static std::optional<std::uint64_t> NextLocked(const AccountNonces& a);

  mutable std::mutex m_mutex;
  std::unordered_map<chain::Address, AccountNonces> m_accounts;  // guarded by m_mutex
};

}  // namespace cairn::wallet
