#include "state/ledger.h"

#include "util/hex.h"

namespace cairn::state {

std::optional<std::uint64_t> MulDivCeil(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  if (c == 0) return std::nullopt;
  const U128 n = static_cast<U128>(a) * b;
  const U128 q = n / c + (n % c != 0 ? 1 : 0);
  if (q > UINT64_MAX) return std::nullopt;
  return static_cast<std::uint64_t>(q);
}

std::string Str(std::uint64_t v) { return std::to_string(v); }

Status Ledger::Load() {
  const util::Bytes* g = m_overlay.Get(GlobalsKey());
  const util::Bytes* p = m_overlay.Get(ParamsKey());
  if (!g || !p) return Fail("state", "has no globals or parameters (not a ledger state)");
  auto globals = DecodeGlobals(*g);
  if (!globals) return Fail("state", "corrupt globals: " + globals.error().Message());
  auto params = chain::DecodeChainParams(*p);
  if (!params) return Fail("state", "corrupt parameters: " + params.error().Message());
  m_globals = std::move(*globals);
  m_params = *params;
  return {};
}

void Ledger::Commit() {
  m_overlay.Put(GlobalsKey(), Encode(m_globals));
  if (m_params_dirty) m_overlay.Put(ParamsKey(), chain::Encode(m_params));
  m_params_dirty = false;
}

void Ledger::MarkCorrupt(const std::string& what) {
  if (!m_corrupt) m_corrupt = BlockError{"state", "corrupt record: " + what};
}

namespace {

template <class T, class D>
std::optional<T> Read(Ledger& l, Overlay& o, const StateKey& key, D decode) {
  const util::Bytes* b = o.Get(key);
  if (!b) return std::nullopt;
  auto r = decode(*b);
  if (!r) {
    l.MarkCorrupt(util::ToHex(key.span()) + " " + r.error().Message());
    return std::nullopt;
  }
  return std::move(*r);
}

}  // namespace

Account Ledger::GetAccount(const Address& a) {
  return Read<Account>(*this, m_overlay, AccountKey(a), DecodeAccount).value_or(Account{});
}

void Ledger::PutAccount(const Address& a, const Account& acc) {
  if (acc.balance == 0 && acc.nonce == 0) {
    m_overlay.Erase(AccountKey(a));
  } else {
    m_overlay.Put(AccountKey(a), Encode(acc));
  }
}

std::optional<Validator> Ledger::GetValidator(ValidatorIndex i) {
  return Read<Validator>(*this, m_overlay, ValidatorKey(i), DecodeValidator);
}

void Ledger::PutValidator(ValidatorIndex i, const Validator& v) { m_overlay.Put(ValidatorKey(i), Encode(v)); }

std::optional<ValidatorIndex> Ledger::ValidatorByOperator(const Address& a) {
  return Read<ValidatorIndex>(*this, m_overlay, ValidatorByOperatorKey(a), DecodeU32);
}

std::optional<ValidatorIndex> Ledger::ValidatorByConsensusKey(const crypto::PublicKey& k) {
  return Read<ValidatorIndex>(*this, m_overlay, ValidatorByConsensusKeyKey(k), DecodeU32);
}

std::optional<Delegation> Ledger::GetDelegation(const Address& d, ValidatorIndex i) {
  return Read<Delegation>(*this, m_overlay, DelegationKey(d, i), DecodeDelegation);
}

void Ledger::PutDelegation(const Address& d, ValidatorIndex i, const Delegation& del) {
  if (del.shares == 0) {
    m_overlay.Erase(DelegationKey(d, i));
  } else {
    m_overlay.Put(DelegationKey(d, i), Encode(del));
  }
}

Liveness Ledger::GetLiveness(ValidatorIndex i) {
  return Read<Liveness>(*this, m_overlay, LivenessKey(i), DecodeLiveness).value_or(Liveness{});
}

void Ledger::PutLiveness(ValidatorIndex i, const Liveness& l) {
  if (l.missed == 0 && l.inactivity_score == 0) {
    m_overlay.Erase(LivenessKey(i));  // an all-clear record is the same as none
  } else {
    m_overlay.Put(LivenessKey(i), Encode(l));
  }
}

std::optional<ActiveSet> Ledger::GetActiveSet(std::uint64_t period) {
  return Read<ActiveSet>(*this, m_overlay, ActiveSetKey(period), DecodeActiveSet);
}

std::optional<Proposal> Ledger::GetProposal(chain::ProposalId id) {
  return Read<Proposal>(*this, m_overlay, ProposalKey(id), DecodeProposal);
}

void Ledger::PutProposal(const Proposal& p) { m_overlay.Put(ProposalKey(p.id), Encode(p)); }

std::optional<chain::ChainParams> Ledger::GetPendingParams() {
  return Read<chain::ChainParams>(*this, m_overlay, PendingParamsKey(),
                                  [](util::ByteSpan b) { return chain::DecodeChainParams(b); });
}

std::optional<std::uint64_t> Ledger::GetU64(const StateKey& key) {
  return Read<std::uint64_t>(*this, m_overlay, key, DecodeU64);
}

Status Ledger::Debit(const Address& a, Amount amount, const std::string& where) {
  Account acc = GetAccount(a);
  if (acc.balance < amount) {
    return Fail(where, "exceeds spendable balance " + Str(acc.balance) + " < " + Str(amount));
  }
  acc.balance -= amount;
  PutAccount(a, acc);
  return {};
}

Status Ledger::Credit(const Address& a, Amount amount, const std::string& where) {
  if (amount == 0) return {};
  Account acc = GetAccount(a);
  const auto sum = util::CheckedAdd(acc.balance, amount);
  if (!sum) return Fail(where, "credit overflows the recipient's balance");
  acc.balance = *sum;
  PutAccount(a, acc);
  return {};
}

Status Ledger::AddTreasury(Amount amount, const std::string& where) {
  const auto sum = util::CheckedAdd(m_globals.treasury, amount);
  if (!sum) return Fail(where, "treasury overflow");
  m_globals.treasury = *sum;
  return {};
}

Status Ledger::Burn(Amount amount, const std::string& where) {
  const auto supply = util::CheckedSub(m_globals.supply, amount);
  const auto burned = util::CheckedAdd(m_globals.burned, amount);
  if (!supply || !burned) return Fail(where, "supply accounting overflow");
  m_globals.supply = *supply;
  m_globals.burned = *burned;
  return {};
}

Status Ledger::Slashed(Amount amount, const std::string& where) {
  const auto supply = util::CheckedSub(m_globals.supply, amount);
  const auto slashed = util::CheckedAdd(m_globals.slashed, amount);
  if (!supply || !slashed) return Fail(where, "supply accounting overflow");
  m_globals.supply = *supply;
  m_globals.slashed = *slashed;
  return {};
}

}  // namespace cairn::state
