#include "wallet/nonce_tracker.h"

#include <algorithm>

#include "util/checked_math.h"

namespace cairn::wallet {

namespace {

util::Unexpected<NonceError> Fail(NonceErrorKind kind, std::string message) {
  return util::Err(NonceError{kind, std::move(message)});
}

std::string NonceText(std::uint64_t nonce) { return "nonce " + std::to_string(nonce); }

}  // namespace

std::optional<chain::Amount> MinReplacementFee(chain::Amount old_fee, std::uint64_t bump_pct) {
  // Same arithmetic as the pool's admission: needed = old + floor(old * pct / 100), and strictly more
  // than old (a zero bump of a tiny fee still has to raise it by one unit).
  const auto bump = util::MulDiv(old_fee, bump_pct, 100);
  const auto needed = bump ? util::CheckedAdd(old_fee, *bump) : std::nullopt;
  if (!needed) return std::nullopt;
  if (*needed > old_fee) return *needed;
  return util::CheckedAdd(old_fee, 1);
}

void NonceTracker::AdvanceLocked(AccountNonces& a, std::uint64_t chain_nonce) {
  if (chain_nonce <= a.chain_nonce) return;
  a.chain_nonce = chain_nonce;
  a.entries.erase(a.entries.begin(), a.entries.lower_bound(chain_nonce));
  a.free.erase(a.free.begin(), a.free.lower_bound(chain_nonce));
  a.next = std::max(a.next, chain_nonce);
}

void NonceTracker::FreeLocked(AccountNonces& a, std::uint64_t nonce) {
  a.entries.erase(nonce);
  if (nonce + 1 != a.next) {
    a.free.insert(nonce);
    return;
  }
  // The top nonce: take it back, and every free nonce directly below it, so no hole is left at the top.
  a.next = nonce;
  while (a.next > a.chain_nonce && !a.free.empty() && *a.free.rbegin() == a.next - 1) {
    a.free.erase(std::prev(a.free.end()));
    --a.next;
  }
}

std::optional<std::uint64_t> NonceTracker::NextLocked(const AccountNonces& a) {
  if (!a.free.empty()) return *a.free.begin();
  if (a.next == UINT64_MAX) return std::nullopt;
  return a.next;
}

std::optional<std::uint64_t> NonceTracker::Reserve(const chain::Address& account, std::uint64_t chain_nonce) {
  std::lock_guard lock(m_mutex);
  auto [it, inserted] = m_accounts.try_emplace(account);
  AccountNonces& a = it->second;
  if (inserted) {
    a.chain_nonce = chain_nonce;
    a.next = chain_nonce;
  }
  AdvanceLocked(a, chain_nonce);
  const auto nonce = NextLocked(a);
  if (!nonce) return std::nullopt;
  if (!a.free.empty() && *a.free.begin() == *nonce) {
    a.free.erase(a.free.begin());
  } else {
    a.next = *nonce + 1;
  }
  a.entries[*nonce] = Entry{State::Reserved, 0, 0};
  return nonce;
}

util::Result<void, NonceError> NonceTracker::Adopt(const chain::Address& account, std::uint64_t chain_nonce,
                                                   std::uint64_t nonce, chain::Amount fee, chain::Slot expiry_slot) {
  std::lock_guard lock(m_mutex);
  auto [it, inserted] = m_accounts.try_emplace(account);
  AccountNonces& a = it->second;
  if (inserted) {
    a.chain_nonce = chain_nonce;
    a.next = chain_nonce;
  }
  AdvanceLocked(a, chain_nonce);
  if (nonce < a.chain_nonce) return {};
  if (nonce == UINT64_MAX) return Fail(NonceErrorKind::Unknown, NonceText(nonce) + " is out of range");
  if (a.entries.count(nonce) != 0) return Fail(NonceErrorKind::WrongState, NonceText(nonce) + " is handed out already");
  // The gap is at most the wallet's own pending txs; a far larger one is not a record this wallet made.
  constexpr std::uint64_t MAX_ADOPTED_GAP = 4096;
  if (nonce >= a.next && nonce - a.next > MAX_ADOPTED_GAP) {
    return Fail(NonceErrorKind::Unknown, NonceText(nonce) + " is far above the account's other nonces");
  }
  if (nonce >= a.next) {
    for (std::uint64_t n = a.next; n < nonce; ++n) a.free.insert(n);
    a.next = nonce + 1;
  } else {
    a.free.erase(nonce);
  }
  a.entries[nonce] = Entry{State::Pending, fee, expiry_slot};
  return {};
}

util::Result<void, NonceError> NonceTracker::Release(const chain::Address& account, std::uint64_t nonce) {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  if (it == m_accounts.end()) return Fail(NonceErrorKind::Unknown, NonceText(nonce) + " was not handed out");
  AccountNonces& a = it->second;
  const auto e = a.entries.find(nonce);
  // Below the chain nonce it was forgotten already: releasing it is a harmless no-op.
  if (e == a.entries.end()) {
    if (nonce < a.chain_nonce) return {};
    return Fail(NonceErrorKind::Unknown, NonceText(nonce) + " was not handed out");
  }
  if (e->second.state == State::Pending) {
    return Fail(NonceErrorKind::WrongState, NonceText(nonce) + " is pending in the pool and cannot be released");
  }
  FreeLocked(a, nonce);
  return {};
}

util::Result<void, NonceError> NonceTracker::MarkSubmitted(const chain::Address& account, std::uint64_t nonce,
                                                           chain::Amount fee, chain::Slot expiry_slot) {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  if (it == m_accounts.end()) return Fail(NonceErrorKind::Unknown, NonceText(nonce) + " was not handed out");
  const auto e = it->second.entries.find(nonce);
  if (e == it->second.entries.end()) return Fail(NonceErrorKind::Unknown, NonceText(nonce) + " was not handed out");
  if (e->second.state != State::Reserved) {
    return Fail(NonceErrorKind::WrongState, NonceText(nonce) + " is pending already (a replacement uses MarkReplaced)");
  }
  e->second = Entry{State::Pending, fee, expiry_slot};
  return {};
}

util::Result<void, NonceError> NonceTracker::MarkReplaced(const chain::Address& account, std::uint64_t nonce,
                                                          chain::Amount new_fee, chain::Slot new_expiry_slot,
                                                          std::uint64_t bump_pct) {
  std::lock_guard lock(m_mutex);
  const std::string not_pending = NonceText(nonce) + " is not pending, so there is nothing to replace";
  const auto it = m_accounts.find(account);
  if (it == m_accounts.end()) return Fail(NonceErrorKind::WrongState, not_pending);
  const auto e = it->second.entries.find(nonce);
  if (e == it->second.entries.end() || e->second.state != State::Pending) return Fail(NonceErrorKind::WrongState, not_pending);
  const auto min_fee = MinReplacementFee(e->second.fee, bump_pct);
  if (!min_fee || new_fee < *min_fee) {
    return Fail(NonceErrorKind::Underpriced, "fee " + std::to_string(new_fee) + " does not replace fee " +
                                                 std::to_string(e->second.fee) + " (at least " +
                                                 (min_fee ? std::to_string(*min_fee) : std::string("unpayable")) +
                                                 " is needed)");
  }
  e->second.fee = new_fee;
  e->second.expiry_slot = new_expiry_slot;
  return {};
}

std::optional<chain::Amount> NonceTracker::ReplacementFeeFor(const chain::Address& account, std::uint64_t nonce,
                                                             std::uint64_t bump_pct) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  if (it == m_accounts.end()) return std::nullopt;
  const auto e = it->second.entries.find(nonce);
  if (e == it->second.entries.end() || e->second.state != State::Pending) return std::nullopt;
  return MinReplacementFee(e->second.fee, bump_pct);
}

void NonceTracker::OnChainNonce(const chain::Address& account, std::uint64_t chain_nonce) {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  if (it != m_accounts.end()) AdvanceLocked(it->second, chain_nonce);
}

std::map<chain::Address, ExpiredNonces> NonceTracker::OnHeadSlot(chain::Slot head_slot) {
  std::lock_guard lock(m_mutex);
  std::map<chain::Address, ExpiredNonces> out;
  for (auto& [account, a] : m_accounts) {
    std::vector<std::uint64_t> expired;
    for (const auto& [nonce, e] : a.entries) {
      // The pool admits only expiry_slot > head slot and drops a tx once the head reaches it.
      if (e.state == State::Pending && e.expiry_slot <= head_slot) expired.push_back(nonce);
    }
    if (expired.empty()) continue;
    ExpiredNonces& report = out[account];
    // Highest first, so an expired run at the top is taken back entirely rather than left as holes.
    for (auto n = expired.rbegin(); n != expired.rend(); ++n) FreeLocked(a, *n);
    report.freed = std::move(expired);
    for (const auto& [nonce, e] : a.entries) {
      if (e.state == State::Pending && nonce > report.freed.front()) report.blocked.push_back(nonce);
    }
  }
  return out;
}

std::map<std::uint64_t, NonceTracker::Entry> NonceTracker::EntriesOf(const chain::Address& account) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  return it == m_accounts.end() ? std::map<std::uint64_t, Entry>{} : it->second.entries;
}

std::set<std::uint64_t> NonceTracker::FreeOf(const chain::Address& account) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  return it == m_accounts.end() ? std::set<std::uint64_t>{} : it->second.free;
}

std::optional<std::uint64_t> NonceTracker::PeekNext(const chain::Address& account) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_accounts.find(account);
  if (it == m_accounts.end()) return std::nullopt;
  return NextLocked(it->second);
}

}  // namespace cairn::wallet
