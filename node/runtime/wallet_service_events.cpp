// WalletService: reward and slash entries of the history (api/wallet.h HistoryEntryKind).
//
// Rewards. A delegation's rewards reach the delegator's balance only when the delegation is settled,
// and only the delegator's own transactions settle it (ClaimRewards, and Delegate, Undelegate and
// Redelegate, which settle first); those are in the account's transaction index already. The amount
// is read from the block's state diff, with the F1 formula of state/rewards.cpp:
//   paid = floor(shares_before * (acc - snapshot_before) / 2^64)
// where `acc` is the validator's accumulator when the transactions ran. It changes in a block only
// before the transactions (the proposer's bonus) and after them (the voters' pool), so every settlement
// in one block uses the same `acc`, which is the delegation's snapshot after the block. A delegation
// withdrawn completely has no record after the block; then `acc` is the validator's accumulator before
// the block, exact unless that validator proposed the block, where the proposer bonus of that one block
// is left out (a few base units). The pool cap of the state rule is not applied (it only binds when a
// pool is drained by rounding). A block's rewards of one delegation go to the account's first
// transaction in the block that settles it.
//
// Slashes. A slash is no transaction of the account, so the wallet scans finalized blocks' state diffs
// for validators whose status turned Jailed (downtime) or Tombstoned (an offence) and keeps them in the
// activity file (wallet_activity.h), from the first block any of its accounts could have had stake in
// (its first indexed transaction; block 1 for a genesis validator): each block is scanned once, ever.
// The account's loss at a slash of validator V in block h:
//   delegation: StakeOf(shares) before minus after, with the account's shares before the block (the
//     diff's `before` when the delegation changed in that block, else its value at the next change: the
//     `before` of the first later block where the account's own staking tx touched it, found through its
//     transaction index oldest first from that height, else the head's);
//   offence: also what its unbonding entries from V lost (the diff shows them shrink).
// Stake redelegated away from V and then slashed at the destination is not counted (rare; the entry
// would need the redelegation records of every later block).
#include <algorithm>

#include "runtime/wallet_service.h"
#include "runtime/wallet_service_internal.h"
#include "state/keys.h"
#include "state/queries.h"
#include "state/records.h"
#include "util/checked_math.h"
#include "util/log.h"
#include "util/overload.h"

namespace cairn::runtime {

namespace {

__extension__ using U128 = unsigned __int128;  // g++/clang builtin; __extension__ keeps -Wpedantic quiet

constexpr std::size_t DELEGATION_KEY_SIZE = 1 + chain::Address::SIZE + 4;
constexpr std::size_t VALIDATOR_KEY_SIZE = 1 + 4;
constexpr std::size_t UNBONDING_KEY_SIZE = 1 + 8 + chain::Address::SIZE + 4 + 8;
// Blocks scanned per activity-file transaction.
constexpr chain::Height SCAN_BATCH = 512;

U128 ToU128(const state::Fixed128& f) { return (static_cast<U128>(f.hi) << 64) | f.lo; }

chain::Amount Settled(std::uint64_t shares, const state::Fixed128& snapshot, const state::Fixed128& acc) {
  const U128 a = ToU128(acc);
  const U128 s = ToU128(snapshot);
  if (a <= s || shares == 0) return 0;
  const U128 diff = a - s;
  const auto hi = static_cast<std::uint64_t>(diff >> 64);
  const auto lo = static_cast<std::uint64_t>(diff);
  const U128 whole = static_cast<U128>(shares) * hi + ((static_cast<U128>(shares) * lo) >> 64);
  return whole > UINT64_MAX ? UINT64_MAX : static_cast<chain::Amount>(whole);
}

chain::Amount StakeOf(chain::Amount tokens, std::uint64_t total_shares, std::uint64_t shares) {
  if (total_shares == 0) return 0;
  return static_cast<chain::Amount>(static_cast<U128>(shares) * tokens / total_shares);
}

bool StartsWith(util::ByteSpan key, util::ByteSpan prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

// The diff's write of `key`, if the block changed it.
const state::StateWrite* WriteOf(const state::StateDiff& diff, util::ByteSpan key) {
  const auto it = std::lower_bound(diff.writes.begin(), diff.writes.end(), key, [](const state::StateWrite& w, util::ByteSpan k) {
    return std::lexicographical_compare(w.key.begin(), w.key.end(), k.begin(), k.end());
  });
  if (it == diff.writes.end() || !std::equal(it->key.begin(), it->key.end(), key.begin(), key.end())) return nullptr;
  return &*it;
}

// The writes whose key starts with `prefix`.
std::vector<const state::StateWrite*> WritesWithPrefix(const state::StateDiff& diff, util::ByteSpan prefix) {
  std::vector<const state::StateWrite*> out;
  auto it = std::lower_bound(diff.writes.begin(), diff.writes.end(), prefix, [](const state::StateWrite& w, util::ByteSpan k) {
    return std::lexicographical_compare(w.key.begin(), w.key.end(), k.begin(), k.end());
  });
  for (; it != diff.writes.end() && StartsWith(it->key, prefix); ++it) out.push_back(&*it);
  return out;
}

template <class T, class Decode>
std::optional<T> DecodeOpt(const std::optional<util::Bytes>& bytes, Decode decode) {
  if (!bytes) return std::nullopt;
  auto decoded = decode(*bytes);
  if (!decoded) return std::nullopt;
  return std::move(decoded).value();
}

std::optional<state::Delegation> Before(const state::StateWrite& w) {
  return DecodeOpt<state::Delegation>(w.before, state::DecodeDelegation);
}

// The validators (by index) whose delegations of the sender `tx` settles.
struct Settlement {
  bool all = false;  // every delegation of the sender (ClaimRewards without a validator)
  std::vector<chain::ValidatorIndex> indexes;
};

Settlement SettledBy(const chain::Transaction& tx, ChainEngine& engine) {
  std::vector<chain::Address> operators;
  Settlement out;
  bool& all = out.all;
  std::visit(util::Overload{
                 [&](const chain::Delegate& p) { operators.push_back(p.validator); },
                 [&](const chain::Undelegate& p) { operators.push_back(p.validator); },
                 [&](const chain::Redelegate& p) { operators.insert(operators.end(), {p.from, p.to}); },
                 [&](const chain::ClaimRewards& p) {
                   if (p.validator) operators.push_back(*p.validator);
                   else all = true;
                 },
                 [&](const auto&) {},
             },
             tx.payload);
  if (all) return out;
  // An operator's validator index never changes once registered: the head state answers for any block.
  engine.ReadHead([&](const state::MemoryState& st, const HeadView&) {
    for (const auto& op : operators) {
      if (const auto index = state::FindValidatorByOperator(st, op)) out.indexes.push_back(*index);
    }
  });
  return out;
}

bool Settles(const chain::Transaction& tx) {
  const auto kind = static_cast<chain::PayloadKind>(tx.payload.index());
  return kind == chain::PayloadKind::Delegate || kind == chain::PayloadKind::Undelegate ||
         kind == chain::PayloadKind::Redelegate || kind == chain::PayloadKind::ClaimRewards;
}

}  // namespace

// ---- HistoryReads ---------------------------------------------------------------------------------

std::optional<std::uint64_t> WalletService::HistoryReads::TimeAt(chain::Height height) {
  if (const auto it = times.find(height); it != times.end()) return it->second;
  if (!ok()) return std::nullopt;
  auto header = reader.HeaderByHeight(height);
  if (!header) {
    Fail(header.error().message);
    return std::nullopt;
  }
  if (!*header) {
    Fail("no header at height " + std::to_string(height));
    return std::nullopt;
  }
  return times[height] = (*header)->header.header.timestamp_ms;
}

const state::StateDiff* WalletService::HistoryReads::DiffAt(chain::Height height) {
  if (const auto it = diffs.find(height); it != diffs.end()) return it->second ? &*it->second : nullptr;
  if (!ok()) return nullptr;
  auto diff = reader.DiffByHeight(height);
  if (!diff) {
    Fail(diff.error().message);
    return nullptr;
  }
  auto& slot = diffs[height] = std::move(diff).value();  // nullopt when pruned
  return slot ? &*slot : nullptr;
}

const chain::Block* WalletService::HistoryReads::BlockAt(chain::Height height) {
  if (const auto it = blocks.find(height); it != blocks.end()) return it->second ? &*it->second : nullptr;
  if (!ok()) return nullptr;
  auto block = reader.BlockByHeight(height);
  if (!block) {
    Fail(block.error().message);
    return nullptr;
  }
  auto& slot = blocks[height];
  if (*block) slot = std::move((*block)->block);
  return slot ? &*slot : nullptr;
}

const std::vector<wallet::ValidatorSlash>& WalletService::HistoryReads::Slashes() {
  if (!slashes) {
    slashes.emplace();
    if (activity) {
      auto listed = activity->Slashes();
      if (listed) {
        *slashes = std::move(listed).value();
      } else {
        CAIRN_LOG(Wallet, Warn) << "reading the slashes the wallet found: " << listed.error().message;
      }
    }
  }
  return *slashes;
}

// ---- rewards --------------------------------------------------------------------------------------

std::optional<api::HistoryEntry> WalletService::RewardEntry(HistoryReads& reads, const wallet::AccountInfo& account,
                                                            const storage::TxRecord& record,
                                                            const api::HistoryEntry& tx_entry) const {
  if (!Settles(record.tx) || chain::AddressFromPublicKey(record.tx.sender) != account.address) return std::nullopt;
  const chain::Height height = record.position.height;
  const auto key = std::make_pair(account.address, height);
  auto cached = reads.rewards.find(key);
  if (cached == reads.rewards.end()) {
    std::map<std::uint32_t, HistoryReads::Paid> paid_by_tx;
    const state::StateDiff* diff = reads.DiffAt(height);
    const chain::Block* block = diff ? reads.BlockAt(height) : nullptr;
    if (diff && block) {
      // Rewards per validator from the account's delegation records in the diff.
      struct Reward {
        chain::Amount amount = 0;
        chain::Address validator;
      };
      std::map<chain::ValidatorIndex, Reward> rewards;
      const state::StateKey prefix = state::DelegationPrefix(account.address);
      for (const state::StateWrite* w : WritesWithPrefix(*diff, prefix.span())) {
        if (w->key.size() != DELEGATION_KEY_SIZE) continue;
        const chain::ValidatorIndex index = state::ReadBe32(w->key, prefix.size());
        const auto before = Before(*w);
        if (!before) continue;  // created in this block: nothing earned yet
        const state::StateWrite* vw = WriteOf(*diff, state::ValidatorKey(index).span());
        const auto validator_before = vw ? DecodeOpt<state::Validator>(vw->before, state::DecodeValidator) : std::nullopt;
        const auto validator_after = vw ? DecodeOpt<state::Validator>(vw->after, state::DecodeValidator) : std::nullopt;
        state::Fixed128 acc;
        if (const auto after = DecodeOpt<state::Delegation>(w->after, state::DecodeDelegation)) {
          acc = after->reward_snapshot;
        } else if (validator_before) {
          acc = validator_before->reward_per_share;
        } else {
          continue;
        }
        const chain::Amount amount = Settled(before->shares, before->reward_snapshot, acc);
        if (amount == 0) continue;
        const auto& v = validator_after ? validator_after : validator_before;
        rewards[index] = Reward{amount, v ? v->operator_address : chain::Address{}};
      }
      // Each validator's rewards to the account's first tx of the block that settles it.
      const auto& txs = block->body.txs;
      for (std::uint32_t i = 0; i < txs.size() && !rewards.empty(); ++i) {
        const chain::Transaction& tx = txs[i];
        if (!Settles(tx) || chain::AddressFromPublicKey(tx.sender) != account.address) continue;
        Settlement settled = SettledBy(tx, reads.s.engine());
        if (settled.all) {
          for (const auto& [index, reward] : rewards) settled.indexes.push_back(index);
        }
        for (const chain::ValidatorIndex index : settled.indexes) {
          const auto it = rewards.find(index);
          if (it == rewards.end()) continue;
          HistoryReads::Paid& paid = paid_by_tx[i];
          paid.validator = paid.amount == 0 ? std::optional(it->second.validator) : std::nullopt;
          paid.amount = util::CheckedAdd(paid.amount, it->second.amount).value_or(UINT64_MAX);
          rewards.erase(it);
        }
      }
    }
    cached = reads.rewards.emplace(key, std::move(paid_by_tx)).first;
  }
  const auto paid = cached->second.find(record.position.index);
  if (paid == cached->second.end() || paid->second.amount == 0) return std::nullopt;
  api::HistoryEntry e = tx_entry;
  e.entry = api::HistoryEntryKind::Reward;
  e.outgoing = false;
  e.amount = paid->second.amount;
  e.fee = 0;
  e.counterparty = paid->second.validator.value_or(chain::Address{});
  e.note.clear();
  return e;
}

// ---- slashes --------------------------------------------------------------------------------------

void WalletService::ScanSlashes(HistoryReads& reads, const std::vector<wallet::AccountInfo>& accounts) const {
  if (!reads.activity) return;
  std::lock_guard serial(m_scan_mutex);
  // Where stake of these accounts could first have been: block 1 for a genesis validator, else the
  // account's first indexed transaction (a delegation needs one).
  std::optional<chain::Height> start;
  const chain::Genesis& genesis = reads.s.engine().genesis();
  for (const wallet::AccountInfo& a : accounts) {
    const bool at_genesis = std::any_of(genesis.validators.begin(), genesis.validators.end(),
                                        [&](const chain::GenesisValidator& v) { return v.operator_address == a.address; });
    if (at_genesis) {
      start = 1;
      break;
    }
    auto first = reads.reader.TxsByAccountFrom(a.address, std::nullopt, 1);
    if (!first) return reads.Fail(first.error().message);
    if (!first->txs.empty()) start = std::min(start.value_or(UINT64_MAX), first->txs.front().position.height);
  }
  if (!start) return;
  // Finalized blocks only: their diffs never change, so a scanned height is done for good.
  const chain::Height to = reads.head.finalized_height;
  auto scanned = reads.activity->Scanned();
  if (!scanned) {
    CAIRN_LOG(Wallet, Warn) << "slash scan: " << scanned.error().message;
    return;
  }
  std::vector<wallet::ScanRange> todo;
  if (scanned->empty()) {
    todo.push_back({*start, to});
  } else {
    if (*start < scanned->from) todo.push_back({*start, scanned->from - 1});
    if (scanned->to < to) todo.push_back({scanned->to + 1, to});
  }
  chain::Height total = 0;
  for (const auto& r : todo) total += r.empty() ? 0 : r.to - r.from + 1;
  if (total > 10 * SCAN_BATCH) {
    CAIRN_LOG(Wallet, Info) << "scanning " << total << " blocks for slashes of validators the wallet's accounts had stake in";
  }
  for (const wallet::ScanRange& range : todo) {
    for (chain::Height from = range.from; from <= range.to && !range.empty(); from += SCAN_BATCH) {
      const chain::Height until = std::min(range.to, from + SCAN_BATCH - 1);
      std::vector<wallet::ValidatorSlash> found;
      for (chain::Height h = from; h <= until; ++h) {
        auto diff = reads.reader.DiffByHeight(h);
        if (!diff) return reads.Fail(diff.error().message);
        if (!*diff) continue;  // pruned: nothing to learn
        const std::uint8_t prefix_byte = static_cast<std::uint8_t>(state::KeyPrefix::Validator);
        for (const state::StateWrite* w : WritesWithPrefix(**diff, util::ByteSpan(&prefix_byte, 1))) {
          if (w->key.size() != VALIDATOR_KEY_SIZE) continue;
          const auto before = DecodeOpt<state::Validator>(w->before, state::DecodeValidator);
          const auto after = DecodeOpt<state::Validator>(w->after, state::DecodeValidator);
          if (!before || !after || before->status == after->status ||
              after->status == state::ValidatorStatus::Candidate) {
            continue;
          }
          found.push_back({h, state::ReadBe32(w->key, 1), after->operator_address,
                           after->status == state::ValidatorStatus::Jailed ? wallet::SlashKind::Downtime
                                                                          : wallet::SlashKind::Offence,
                           before->tokens, before->total_shares, after->tokens, after->total_shares});
        }
      }
      if (auto added = reads.activity->AddScanned({from, until}, found); !added) {
        CAIRN_LOG(Wallet, Warn) << "slash scan: " << added.error().message;
        return;
      }
    }
  }
  reads.slashes.reset();  // re-read with what this scan found
}

std::vector<api::HistoryEntry> WalletService::SlashEntries(HistoryReads& reads, const wallet::AccountInfo& account,
                                                           std::optional<api::TxCursor> before) const {
  std::vector<api::HistoryEntry> out;
  const auto& slashes = reads.Slashes();
  if (slashes.empty()) return out;
  for (const wallet::ValidatorSlash& slash : slashes) {
    const api::TxCursor at{slash.height, 0};
    if (before && !(at < *before)) continue;
    const state::StateDiff* diff = reads.DiffAt(slash.height);
    if (!reads.ok()) return out;
    const state::StateKey key = state::DelegationKey(account.address, slash.validator);
    // The account's shares before the block.
    std::optional<std::uint64_t> shares;
    const state::StateWrite* w = diff ? WriteOf(*diff, key.span()) : nullptr;
    if (w) {
      const auto d = Before(*w);
      shares = d ? d->shares : 0;
    } else {
      // Unchanged by the block: the same as before the account's next staking tx that touched it.
      std::optional<storage::TxPosition> after = storage::TxPosition{slash.height, UINT32_MAX};
      while (!shares && after) {
        auto page = reads.reader.TxsByAccountFrom(account.address, after, storage::MAX_PAGE_SIZE);
        if (!page) {
          reads.Fail(page.error().message);
          return out;
        }
        for (const storage::TxRecord& r : page->txs) {
          if (!Settles(r.tx) || chain::AddressFromPublicKey(r.tx.sender) != account.address) continue;
          const state::StateDiff* later = reads.DiffAt(r.position.height);
          if (!reads.ok()) return out;
          const state::StateWrite* lw = later ? WriteOf(*later, key.span()) : nullptr;
          if (!lw) continue;
          const auto d = Before(*lw);
          shares = d ? d->shares : 0;
          break;
        }
        after = page->next;
      }
      if (!shares) {
        shares = reads.s.engine().ReadHead([&](const state::MemoryState& st, const HeadView&) {
          const auto d = state::GetDelegation(st, account.address, slash.validator);
          return d ? d->shares : 0;
        });
      }
    }
    chain::Amount lost = 0;
    if (*shares > 0) {
      const chain::Amount had = StakeOf(slash.tokens_before, slash.shares_before, *shares);
      const chain::Amount has = StakeOf(slash.tokens_after, slash.shares_after, *shares);
      lost = had > has ? had - has : 0;
    }
    if (slash.kind == wallet::SlashKind::Offence && diff) {
      const std::uint8_t prefix_byte = static_cast<std::uint8_t>(state::KeyPrefix::Unbonding);
      for (const state::StateWrite* u : WritesWithPrefix(*diff, util::ByteSpan(&prefix_byte, 1))) {
        if (u->key.size() != UNBONDING_KEY_SIZE) continue;
        const util::ByteSpan k(u->key);
        if (chain::Address::FromSpan(k.subspan(9, chain::Address::SIZE)) != account.address ||
            state::ReadBe32(k, 29) != slash.validator) {
          continue;
        }
        const auto b = DecodeOpt<state::Unbonding>(u->before, state::DecodeUnbonding);
        const auto a = DecodeOpt<state::Unbonding>(u->after, state::DecodeUnbonding);
        if (b && a && a->amount < b->amount) lost += b->amount - a->amount;
      }
    }
    if (lost == 0) continue;  // no stake of this account there
    const auto time = reads.TimeAt(slash.height);
    if (!time) return out;
    api::HistoryEntry e;
    e.account = account.index;
    e.kind = chain::PayloadKind::Evidence;
    e.entry = api::HistoryEntryKind::Slash;
    e.status = slash.height <= reads.head.finalized_height ? api::HistoryStatus::Finalized : api::HistoryStatus::Included;
    e.outgoing = true;  // stake left the account
    e.counterparty = slash.operator_address;
    e.amount = lost;
    e.position = at;
    e.timestamp_ms = *time;
    e.note = "validator " + std::to_string(slash.validator) +
             (slash.kind == wallet::SlashKind::Downtime ? " was jailed for missing votes (downtime)"
                                                        : " was tombstoned for a double-signing offence");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cairn::runtime
