// Ledger: the typed working state of one block transition (internal to cairn_state). Rules read and
// write records here, never bytes. Globals and parameters are decoded once per block and written back
// by Commit().
//
// Thread safety: single-threaded, lives for one ApplyBlock call (or one genesis build).
// Failure: a record that does not decode marks the ledger corrupt (sticky, first error kept) and reads
// as absent; ApplyBlock reports it as BlockError{"state", ...}. Money helpers return BlockError naming
// the field given by the caller.
#pragma once

#include <optional>
#include <string>

#include "state/apply_block.h"
#include "state/keys.h"
#include "state/overlay.h"
#include "state/records.h"
#include "util/checked_math.h"

namespace cairn::state {

using Status = util::Result<void, BlockError>;

inline util::Unexpected<BlockError> Fail(std::string where, std::string reason) {
  return util::Err(BlockError{std::move(where), std::move(reason)});
}

#define CAIRN_TRY(expr)                                       \
  do {                                                        \
    if (auto cairn_try_r_ = (expr); !cairn_try_r_) {          \
      return util::Err(BlockError(cairn_try_r_.error()));     \
    }                                                         \
  } while (0)

__extension__ using U128 = unsigned __int128;
inline U128 ToU128(const Fixed128& f) { return (static_cast<U128>(f.hi) << 64) | f.lo; }
inline Fixed128 FromU128(U128 v) { return {static_cast<std::uint64_t>(v >> 64), static_cast<std::uint64_t>(v)}; }

// ceil(a * b / c); nothing on c == 0 or overflow.
std::optional<std::uint64_t> MulDivCeil(std::uint64_t a, std::uint64_t b, std::uint64_t c);
std::string Str(std::uint64_t v);

class Ledger {
 public:
  explicit Ledger(const StateReader& base) : m_overlay(base) {}

  // Decodes globals and params (fails on a state without them).
  Status Load();
  // Writes globals (and params when changed) into the overlay.
  void Commit();
  StateDiff Finish() { return m_overlay.Finish(); }

  Globals& globals() { return m_globals; }
  const chain::ChainParams& params() const { return m_params; }
  void SetParams(const chain::ChainParams& params) {
    m_params = params;
    m_params_dirty = true;
  }
  Overlay& overlay() { return m_overlay; }
  Slot slot() const { return m_slot; }
  void SetSlot(Slot slot) { m_slot = slot; }

  // Corrupt-state tracking.
  bool corrupt() const { return m_corrupt.has_value(); }
  const BlockError& corruption() const { return *m_corrupt; }
  void MarkCorrupt(const std::string& what);

  Account GetAccount(const Address& a);  // zero account when absent
  void PutAccount(const Address& a, const Account& acc);  // erased when balance and nonce are zero
  std::optional<Validator> GetValidator(ValidatorIndex i);
  void PutValidator(ValidatorIndex i, const Validator& v);
  std::optional<ValidatorIndex> ValidatorByOperator(const Address& a);
  std::optional<ValidatorIndex> ValidatorByConsensusKey(const crypto::PublicKey& k);
  std::optional<Delegation> GetDelegation(const Address& d, ValidatorIndex i);
  void PutDelegation(const Address& d, ValidatorIndex i, const Delegation& del);  // erased when no shares
  Liveness GetLiveness(ValidatorIndex i);
  void PutLiveness(ValidatorIndex i, const Liveness& l);
  std::optional<ActiveSet> GetActiveSet(std::uint64_t period);
  std::optional<Proposal> GetProposal(chain::ProposalId id);
  void PutProposal(const Proposal& p);
  std::optional<chain::ChainParams> GetPendingParams();
  std::optional<std::uint64_t> GetU64(const StateKey& key);

  // Balance moves. `where` names the field the amount came from.
  Status Debit(const Address& a, Amount amount, const std::string& where);
  Status Credit(const Address& a, Amount amount, const std::string& where);
  // Supply counters.
  Status AddTreasury(Amount amount, const std::string& where);
  Status Burn(Amount amount, const std::string& where);   // supply -= amount; burned += amount
  Status Slashed(Amount amount, const std::string& where);  // supply -= amount; slashed += amount

 private:
  Overlay m_overlay;
  Globals m_globals;
  chain::ChainParams m_params;
  bool m_params_dirty = false;
  Slot m_slot = 0;
  std::optional<BlockError> m_corrupt;
};

}  // namespace cairn::state
