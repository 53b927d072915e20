// WalletService: the wallet's history and its CSV.
//
// History = the explorer index (TxsByAccount per wallet account, newest first) + the txs this wallet
// submitted that the index does not have yet (wallet_service_pending.cpp: pending, failed, expired).
// A tx between two accounts of this wallet appears once per account (out of one, into the other).
//
// Reward and slash entries (wallet_service_events.cpp) join the indexed entries: a reward at its
// transaction's position, a slash at (its block, 0).
//
// Paging: `before` is a TxCursor; a page holds the `limit` newest indexed entries below it (more when
// several accounts share the last position: a position is never split across pages). Pending entries
// (no position) come first on the first page and are not counted against `limit`.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <tuple>
#include <map>

#include "runtime/wallet_service.h"
#include "runtime/wallet_service_internal.h"
#include "state/queries.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/overload.h"

namespace cairn::runtime {

using namespace wallet_detail;

namespace {

std::size_t PageLimit(std::size_t limit) { return std::clamp<std::size_t>(limit, 1, api::MAX_PAGE_SIZE); }

// Kind, direction, counterparty and amount of `tx` as seen from `self`.
api::HistoryEntry Describe(const chain::Transaction& tx, const chain::Address& self, ChainEngine& engine) {
  api::HistoryEntry e;
  const chain::Address sender = chain::AddressFromPublicKey(tx.sender);
  e.kind = static_cast<chain::PayloadKind>(tx.payload.index());
  e.outgoing = sender == self;
  e.fee = e.outgoing ? tx.fee : 0;
  if (!e.outgoing) e.counterparty = sender;
  auto proposer_of = [&](chain::ProposalId id) {
    const auto p = engine.ReadHead(
        [&](const state::MemoryState& st, const HeadView&) { return state::GetProposal(st, id); });
    return p ? p->proposer : chain::Address{};
  };
  std::visit(util::Overload{
                 [&](const chain::Transfer& p) {
                   e.amount = p.amount;
                   if (e.outgoing) e.counterparty = p.to;
                 },
                 [&](const chain::RegisterValidator& p) { e.amount = p.self_bond; },
                 [&](const chain::Delegate& p) {
                   e.amount = p.amount;
                   if (e.outgoing) e.counterparty = p.validator;
                 },
                 [&](const chain::Undelegate& p) {
                   e.amount = p.amount;
                   if (e.outgoing) e.counterparty = p.validator;
                 },
                 [&](const chain::Redelegate& p) {
                   e.amount = p.amount;
                   if (e.outgoing) e.counterparty = p.to;
                 },
                 [&](const chain::ClaimRewards& p) {
                   if (e.outgoing && p.validator) e.counterparty = *p.validator;
                 },
                 [&](const chain::SubmitProposal& p) { e.amount = p.deposit; },
                 [&](const chain::Deposit& p) {
                   e.amount = p.amount;
                   if (e.outgoing) e.counterparty = proposer_of(p.proposal_id);
                 },
                 [&](const chain::GovVote& p) {
                   if (e.outgoing) e.counterparty = proposer_of(p.proposal_id);
                 },
                 [&](const auto&) {},
             },
             tx.payload);
  return e;
}

bool Matches(const api::HistoryFilter& f, const api::HistoryEntry& e) {
  if (f.account && *f.account != e.account) return false;
  if (f.kind && (e.entry != api::HistoryEntryKind::Transaction || *f.kind != e.kind)) return false;
  if (f.entry && *f.entry != e.entry) return false;
  if (f.from_ms && e.timestamp_ms < *f.from_ms) return false;
  if (f.to_ms && e.timestamp_ms > *f.to_ms) return false;
  return true;
}

// RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes inside.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string IsoTime(std::uint64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // room for any int the format can print
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned>(ms % 1000));
  return buf;
}

}  // namespace

api::Result<api::HistoryPage> WalletService::History(const api::HistoryFilter& filter,
                                                     std::optional<api::TxCursor> before, std::size_t limit) {
  Session s(*this);
  auto keystore = Store(s);
  if (!keystore) return util::Err(keystore.error());
  auto listed = (*keystore)->ListAccounts();
  if (!listed) return util::Err(KeystoreToApi(listed.error()));
  std::vector<wallet::AccountInfo> accounts;
  for (auto& a : *listed) {
    if (!filter.account || *filter.account == a.index) accounts.push_back(std::move(a));
  }
  if (filter.account && accounts.empty()) {
    return util::Err(NotFoundError("account " + std::to_string(*filter.account) + " does not exist"));
  }
  auto lease = s.readers().Acquire();
  if (!lease) {
    CAIRN_LOG(Storage, Error) << "wallet history: cannot open a chain database reader: " << lease.error().message;
    return util::Err(api::Error{api::ErrorKind::Internal, "cannot read the chain database (see the node's log)", {}});
  }
  RefreshPending(s, **lease);
  const NodeStatus head = s.engine().PublishedStatus();
  const std::size_t max = PageLimit(limit);

  api::HistoryPage page;
  if (!before) {
    std::vector<std::pair<chain::TxId, SubmittedTx>> submitted;
    {
      std::lock_guard state(m_state_mutex);
      submitted.assign(m_submitted.begin(), m_submitted.end());
    }
    for (const auto& [id, sub] : submitted) {
      api::HistoryEntry e = Describe(sub.tx, sub.sender, s.engine());
      e.id = id;
      e.account = sub.account;
      e.status = sub.status;
      e.timestamp_ms = sub.submitted_ms;
      e.note = sub.note;
      if (Matches(filter, e)) page.entries.push_back(std::move(e));
    }
    std::stable_sort(page.entries.begin(), page.entries.end(),
                     [](const auto& a, const auto& b) { return a.timestamp_ms > b.timestamp_ms; });
  }

  auto storage_fault = [&](const std::string& what) {
    lease->Discard();
    CAIRN_LOG(Storage, Error) << "wallet history: " << what;
    return util::Err(api::Error{api::ErrorKind::Internal, "cannot read the wallet's history (see the node's log)", {}});
  };
  HistoryReads reads(s, **lease, head, Activity());
  const bool want_rewards = !filter.kind && (!filter.entry || *filter.entry == api::HistoryEntryKind::Reward);
  const bool want_slashes = !filter.kind && (!filter.entry || *filter.entry == api::HistoryEntryKind::Slash);
  if (want_slashes) ScanSlashes(reads, accounts);
  if (!reads.ok()) return storage_fault(reads.fault);

  std::vector<api::HistoryEntry> indexed;
  for (const wallet::AccountInfo& a : accounts) {
    std::optional<storage::TxPosition> cursor;
    if (before) cursor = storage::TxPosition{before->height, before->index};
    std::size_t taken = 0;
    bool done = false;
    while (!done && taken < max) {
      auto txs = (*lease)->TxsByAccount(a.address, cursor, max);
      if (!txs) return storage_fault(txs.error().message);
      for (storage::TxRecord& r : txs->txs) {
        const auto ts = reads.TimeAt(r.position.height);
        if (!ts) return storage_fault(reads.fault);
        if (filter.from_ms && *ts < *filter.from_ms) {  // older entries only from here on
          done = true;
          break;
        }
        api::HistoryEntry e = Describe(r.tx, a.address, s.engine());
        e.id = r.id;
        e.account = a.index;
        e.status = r.position.height <= head.finalized_height ? api::HistoryStatus::Finalized
                                                                : api::HistoryStatus::Included;
        e.position = api::TxCursor{r.position.height, r.position.index};
        e.timestamp_ms = *ts;
        std::optional<api::HistoryEntry> reward;
        if (want_rewards) reward = RewardEntry(reads, a, r, e);
        if (!reads.ok()) return storage_fault(reads.fault);
        // A reward shares its transaction's position: both count, and a page never splits them.
        if (Matches(filter, e)) {
          indexed.push_back(std::move(e));
          ++taken;
        }
        if (reward && Matches(filter, *reward)) {
          indexed.push_back(std::move(*reward));
          ++taken;
        }
        if (taken >= max) break;
      }
      if (!txs->next) done = true;
      cursor = txs->next;
    }
    if (want_slashes) {
      for (api::HistoryEntry& e : SlashEntries(reads, a, before)) {
        if (Matches(filter, e)) indexed.push_back(std::move(e));
      }
      if (!reads.ok()) return storage_fault(reads.fault);
    }
  }
  std::stable_sort(indexed.begin(), indexed.end(), [](const auto& a, const auto& b) {
    return std::tie(b.position, a.account) < std::tie(a.position, b.account);
  });
  std::size_t keep = std::min(max, indexed.size());
  while (keep > 0 && keep < indexed.size() && indexed[keep].position == indexed[keep - 1].position) ++keep;
  // More may follow when a page is full: the next call asks below the last position shown.
  if (keep > 0 && (keep < indexed.size() || keep >= max)) page.next = indexed[keep - 1].position;
  for (std::size_t i = 0; i < keep; ++i) page.entries.push_back(std::move(indexed[i]));
  return page;
}

api::Result<std::string> WalletService::HistoryCsv(const api::HistoryFilter& filter) {
  std::string hrp = m_hrp;
  std::string out = "time,account,status,kind,direction,counterparty,amount,fee,id,height\r\n";
  std::optional<api::TxCursor> before;
  do {
    auto page = History(filter, before, api::MAX_PAGE_SIZE);
    if (!page) return util::Err(page.error());
    for (const api::HistoryEntry& e : page->entries) {
      const bool has_counterparty = e.counterparty != chain::Address{};
      out += IsoTime(e.timestamp_ms) + ',' + std::to_string(e.account) + ',' +
             std::string(api::HistoryStatusName(e.status)) + ',' + std::string(api::HistoryKindName(e)) + ',' +
             (e.outgoing ? "out" : "in") + ',' +
             CsvField(has_counterparty ? chain::EncodeAddress(e.counterparty, hrp) : std::string()) + ',' +
             CsvField(chain::FormatAmount(e.amount)) + ',' + CsvField(chain::FormatAmount(e.fee)) + ',' +
             (e.entry == api::HistoryEntryKind::Slash ? std::string() : util::ToHex(e.id.span())) + ',' + (e.position ? std::to_string(e.position->height) : std::string()) +
             "\r\n";
    }
    before = page->next;
  } while (before);
  return out;
}

}  // namespace cairn::runtime
