#include "api/types.h"

namespace cairn::api {

std::string_view FinalityName(Finality finality) {
  switch (finality) {
    case Finality::Pending: return "pending";
    case Finality::Justified: return "justified";
    case Finality::Finalized: return "finalized";
  }
  return "unknown";
}

std::string_view TxStatusName(TxStatus status) {
  switch (status) {
    case TxStatus::Pending: return "pending";
    case TxStatus::Included: return "included";
    case TxStatus::Finalized: return "finalized";
  }
  return "unknown";
}

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::NewHead: return "new_head";
    case EventKind::Finalized: return "finalized";
    case EventKind::AddressTx: return "address_tx";
    case EventKind::ProposalUpdate: return "proposal";
    case EventKind::PeerChange: return "peer";
  }
  return "unknown";
}

}  // namespace cairn::api
