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

}  // namespace cairn::api
