#include "api/wallet.h"

namespace cairn::api {

std::string_view HistoryStatusName(HistoryStatus status) {
  switch (status) {
    case HistoryStatus::Pending: return "pending";
    case HistoryStatus::Included: return "included";
    case HistoryStatus::Finalized: return "finalized";
    case HistoryStatus::Failed: return "failed";
    case HistoryStatus::Expired: return "expired";
  }
  return "unknown";
}

std::string_view HistoryEntryKindName(HistoryEntryKind kind) {
  switch (kind) {
    case HistoryEntryKind::Transaction: return "transaction";
    case HistoryEntryKind::Reward: return "reward";
    case HistoryEntryKind::Slash: return "slash";
  }
  return "unknown";
}

std::string_view HistoryKindName(const HistoryEntry& entry) {
  if (entry.entry != HistoryEntryKind::Transaction) return HistoryEntryKindName(entry.entry);
  return chain::PayloadKindName(entry.kind);
}

}  // namespace cairn::api
