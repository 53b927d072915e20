#include "mempool/admit.h"

namespace cairn::mempool {

AdmitErrorKind KindOf(AdmitCode code) {
  switch (code) {
    case AdmitCode::WrongChain:
    case AdmitCode::Malformed:
    case AdmitCode::FeeTooLow:
    case AdmitCode::BadSignature:
    case AdmitCode::Expired:
    case AdmitCode::StaleNonce:
    case AdmitCode::SpendOverflow:
      return AdmitErrorKind::Invalid;
    case AdmitCode::NonceTooFar:
    case AdmitCode::InsufficientBalance:
    case AdmitCode::SenderLimit:
    case AdmitCode::ReplacementUnderpriced:
    case AdmitCode::PoolFull:
      return AdmitErrorKind::Policy;
    case AdmitCode::Duplicate:
      return AdmitErrorKind::Known;
  }
  return AdmitErrorKind::Invalid;
}

std::string_view AdmitCodeName(AdmitCode code) {
  switch (code) {
    case AdmitCode::WrongChain: return "wrong_chain";
    case AdmitCode::Malformed: return "malformed";
    case AdmitCode::FeeTooLow: return "fee_too_low";
    case AdmitCode::BadSignature: return "bad_signature";
    case AdmitCode::Expired: return "expired";
    case AdmitCode::StaleNonce: return "stale_nonce";
    case AdmitCode::SpendOverflow: return "spend_overflow";
    case AdmitCode::NonceTooFar: return "nonce_too_far";
    case AdmitCode::InsufficientBalance: return "insufficient_balance";
    case AdmitCode::SenderLimit: return "sender_limit";
    case AdmitCode::ReplacementUnderpriced: return "replacement_underpriced";
    case AdmitCode::PoolFull: return "pool_full";
    case AdmitCode::Duplicate: return "duplicate";
  }
  return "unknown";
}

}  // namespace cairn::mempool
