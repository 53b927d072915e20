// State keys of the ledger (SPEC.md "State rules" section 1): a one-byte prefix per record kind followed by
// fixed-width big-endian fields, so a prefix scan yields a useful order (unbondings by completion slot,
// votes of one proposal, delegations of one delegator, ...).
//
// StateKey is a small inline byte string (no heap allocation) used by the overlay's hash map.
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>

#include "chain/address.h"
#include "chain/ids.h"
#include "crypto/ed25519.h"
#include "util/bytes.h"

namespace cairn::state {

// Record kinds (first key byte).
enum class KeyPrefix : std::uint8_t {
  Globals = 0x01,              // singleton: Globals
  Params = 0x02,               // singleton: chain::ChainParams encoding
  PendingParams = 0x03,        // singleton: params adopted at the next staking boundary
  Account = 0x10,              // | address[20] -> Account
  Validator = 0x20,            // | index u32 -> Validator
  ValidatorByOperator = 0x21,  // | address[20] -> index u32
  ValidatorByConsensusKey = 0x22,  // | pubkey[32] -> index u32
  Liveness = 0x23,             // | index u32 -> Liveness
  ActiveSet = 0x24,            // | period u64 -> ActiveSet
  Delegation = 0x30,           // | delegator[20] | index u32 -> Delegation
  Unbonding = 0x31,            // | completion u64 | delegator[20] | index u32 | seq u64 -> Unbonding
  UnbondingByValidator = 0x32, // | index u32 | completion u64 | delegator[20] | seq u64 -> marker
  Redelegation = 0x33,         // | completion u64 | delegator[20] | src u32 | dst u32 | seq u64 -> Redelegation
  RedelegationBySource = 0x34, // | src u32 | completion u64 | delegator[20] | dst u32 | seq u64 -> marker
  CountedVote = 0x40,          // | slot u64 | index u32 -> marker
  BlockSlot = 0x41,            // | slot u64 -> marker: a block was applied at this slot (liveness assessment)
  SlashRecord = 0x42,          // | slot u64 | index u32 -> u64 stake (correlation window)
  Proposal = 0x50,             // | id u64 -> Proposal
  ProposalDeposit = 0x51,      // | id u64 | depositor[20] -> u64 amount
  ProposalVote = 0x52,         // | id u64 | voter[20] -> u8 option
  ProposalQueue = 0x53,        // | end slot u64 | id u64 -> marker (deposit or voting period end)
  UpgradeSignal = 0x54,        // | proposal id u64 -> UpgradeRecord
};

inline constexpr std::size_t STATE_KEY_MAX = 63;

// An inline key of up to STATE_KEY_MAX bytes.
class StateKey {
 public:
  StateKey() = default;
  explicit StateKey(KeyPrefix prefix) { U8(static_cast<std::uint8_t>(prefix)); }
  static StateKey FromSpan(util::ByteSpan bytes);  // caller guarantees size <= STATE_KEY_MAX

  StateKey& U8(std::uint8_t v) { m_data[m_len++] = v; return *this; }
  StateKey& U32(std::uint32_t v);
  StateKey& U64(std::uint64_t v);
  StateKey& Raw(util::ByteSpan bytes);
  template <std::size_t N>
  StateKey& Fixed(const util::FixedBytes<N>& b) { return Raw(b.span()); }

  util::ByteSpan span() const { return {m_data.data(), m_len}; }
  std::size_t size() const { return m_len; }
  util::Bytes ToBytes() const { return util::Bytes(m_data.begin(), m_data.begin() + m_len); }
  bool operator==(const StateKey& o) const {
    return m_len == o.m_len && std::memcmp(m_data.data(), o.m_data.data(), m_len) == 0;
  }

 private:
  std::array<std::uint8_t, STATE_KEY_MAX> m_data{};
  std::uint8_t m_len = 0;
};

struct StateKeyHasher {
  std::size_t operator()(const StateKey& k) const noexcept;
};

// Big-endian field readers for parsing keys found by prefix scans (caller checks the length).
std::uint32_t ReadBe32(util::ByteSpan bytes, std::size_t offset);
std::uint64_t ReadBe64(util::ByteSpan bytes, std::size_t offset);

// Key builders.
StateKey GlobalsKey();
StateKey ParamsKey();
StateKey PendingParamsKey();
StateKey AccountKey(const chain::Address& address);
StateKey ValidatorKey(chain::ValidatorIndex index);
StateKey ValidatorByOperatorKey(const chain::Address& address);
StateKey ValidatorByConsensusKeyKey(const crypto::PublicKey& key);
StateKey LivenessKey(chain::ValidatorIndex index);
StateKey ActiveSetKey(std::uint64_t period);
StateKey DelegationKey(const chain::Address& delegator, chain::ValidatorIndex index);
StateKey DelegationPrefix(const chain::Address& delegator);
StateKey UnbondingKey(chain::Slot completion, const chain::Address& delegator, chain::ValidatorIndex index,
                      std::uint64_t seq);
StateKey UnbondingByValidatorKey(chain::ValidatorIndex index, chain::Slot completion, const chain::Address& delegator,
                                 std::uint64_t seq);
StateKey RedelegationKey(chain::Slot completion, const chain::Address& delegator, chain::ValidatorIndex src,
                         chain::ValidatorIndex dst, std::uint64_t seq);
StateKey RedelegationBySourceKey(chain::ValidatorIndex src, chain::Slot completion, const chain::Address& delegator,
                                 chain::ValidatorIndex dst, std::uint64_t seq);
StateKey CountedVoteKey(chain::Slot slot, chain::ValidatorIndex index);
StateKey BlockSlotKey(chain::Slot slot);
StateKey SlashRecordKey(chain::Slot slot, chain::ValidatorIndex index);
StateKey ProposalKey(chain::ProposalId id);
StateKey ProposalDepositKey(chain::ProposalId id, const chain::Address& depositor);
StateKey ProposalVoteKey(chain::ProposalId id, const chain::Address& voter);
StateKey ProposalQueueKey(chain::Slot end_slot, chain::ProposalId id);
StateKey UpgradeSignalKey(chain::ProposalId id);

// Prefix of one id / index (for scans): e.g. PrefixU64(KeyPrefix::ProposalVote, id).
StateKey PrefixU32(KeyPrefix prefix, std::uint32_t value);
StateKey PrefixU64(KeyPrefix prefix, std::uint64_t value);

}  // namespace cairn::state
