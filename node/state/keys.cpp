#include "state/keys.h"

namespace cairn::state {

StateKey StateKey::FromSpan(util::ByteSpan bytes) {
  StateKey k;
  return k.Raw(bytes);
}

StateKey& StateKey::U32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) m_data[m_len++] = static_cast<std::uint8_t>(v >> shift);
  return *this;
}

StateKey& StateKey::U64(std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) m_data[m_len++] = static_cast<std::uint8_t>(v >> shift);
  return *this;
}

StateKey& StateKey::Raw(util::ByteSpan bytes) {
  std::memcpy(m_data.data() + m_len, bytes.data(), bytes.size());
  m_len = static_cast<std::uint8_t>(m_len + bytes.size());
  return *this;
}

std::size_t StateKeyHasher::operator()(const StateKey& k) const noexcept {
  // FNV-1a: keys are short and built by us, so no adversarial flooding concern beyond addresses,
  // which are hash outputs already.
  std::uint64_t h = 1469598103934665603ull;
  for (std::uint8_t b : k.span()) {
    h ^= b;
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h);
}

std::uint32_t ReadBe32(util::ByteSpan bytes, std::size_t offset) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | bytes[offset + i];
  return v;
}

std::uint64_t ReadBe64(util::ByteSpan bytes, std::size_t offset) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | bytes[offset + i];
  return v;
}

StateKey GlobalsKey() { return StateKey(KeyPrefix::Globals); }
StateKey ParamsKey() { return StateKey(KeyPrefix::Params); }
StateKey PendingParamsKey() { return StateKey(KeyPrefix::PendingParams); }
StateKey AccountKey(const chain::Address& a) { return StateKey(KeyPrefix::Account).Fixed(a); }
StateKey ValidatorKey(chain::ValidatorIndex i) { return StateKey(KeyPrefix::Validator).U32(i); }
StateKey ValidatorByOperatorKey(const chain::Address& a) { return StateKey(KeyPrefix::ValidatorByOperator).Fixed(a); }
StateKey ValidatorByConsensusKeyKey(const crypto::PublicKey& k) {
  return StateKey(KeyPrefix::ValidatorByConsensusKey).Fixed(k);
}
StateKey LivenessKey(chain::ValidatorIndex i) { return StateKey(KeyPrefix::Liveness).U32(i); }
StateKey ActiveSetKey(std::uint64_t period) { return StateKey(KeyPrefix::ActiveSet).U64(period); }
StateKey DelegationKey(const chain::Address& d, chain::ValidatorIndex i) {
  return StateKey(KeyPrefix::Delegation).Fixed(d).U32(i);
}
StateKey DelegationPrefix(const chain::Address& d) { return StateKey(KeyPrefix::Delegation).Fixed(d); }
StateKey UnbondingKey(chain::Slot completion, const chain::Address& d, chain::ValidatorIndex i, std::uint64_t seq) {
  return StateKey(KeyPrefix::Unbonding).U64(completion).Fixed(d).U32(i).U64(seq);
}
StateKey UnbondingByValidatorKey(chain::ValidatorIndex i, chain::Slot completion, const chain::Address& d,
                                 std::uint64_t seq) {
  return StateKey(KeyPrefix::UnbondingByValidator).U32(i).U64(completion).Fixed(d).U64(seq);
}
StateKey RedelegationKey(chain::Slot completion, const chain::Address& d, chain::ValidatorIndex src,
                         chain::ValidatorIndex dst, std::uint64_t seq) {
  return StateKey(KeyPrefix::Redelegation).U64(completion).Fixed(d).U32(src).U32(dst).U64(seq);
}
StateKey RedelegationBySourceKey(chain::ValidatorIndex src, chain::Slot completion, const chain::Address& d,
                                 chain::ValidatorIndex dst, std::uint64_t seq) {
  return StateKey(KeyPrefix::RedelegationBySource).U32(src).U64(completion).Fixed(d).U32(dst).U64(seq);
}
StateKey CountedVoteKey(chain::Slot slot, chain::ValidatorIndex i) {
  return StateKey(KeyPrefix::CountedVote).U64(slot).U32(i);
}
StateKey BlockSlotKey(chain::Slot slot) { return StateKey(KeyPrefix::BlockSlot).U64(slot); }
StateKey SlashRecordKey(chain::Slot slot, chain::ValidatorIndex i) {
  return StateKey(KeyPrefix::SlashRecord).U64(slot).U32(i);
}
StateKey ProposalKey(chain::ProposalId id) { return StateKey(KeyPrefix::Proposal).U64(id); }
StateKey ProposalDepositKey(chain::ProposalId id, const chain::Address& d) {
  return StateKey(KeyPrefix::ProposalDeposit).U64(id).Fixed(d);
}
StateKey ProposalVoteKey(chain::ProposalId id, const chain::Address& v) {
  return StateKey(KeyPrefix::ProposalVote).U64(id).Fixed(v);
}
StateKey ProposalQueueKey(chain::Slot end_slot, chain::ProposalId id) {
  return StateKey(KeyPrefix::ProposalQueue).U64(end_slot).U64(id);
}
StateKey UpgradeSignalKey(chain::ProposalId id) { return StateKey(KeyPrefix::UpgradeSignal).U64(id); }
StateKey PrefixU32(KeyPrefix prefix, std::uint32_t value) { return StateKey(prefix).U32(value); }
StateKey PrefixU64(KeyPrefix prefix, std::uint64_t value) { return StateKey(prefix).U64(value); }

}  // namespace cairn::state
