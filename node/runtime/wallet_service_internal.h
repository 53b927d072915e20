// Helpers shared by the wallet_service*.cpp files only (not part of runtime's interface).
// Thread safety: pure functions. Failure: they build api::Error values; messages never hold secrets.
#pragma once

#include <string>

#include "api/wallet.h"
#include "wallet/tx_builder.h"

namespace cairn::runtime::wallet_detail {

inline api::Error Invalid(std::string message) { return {api::ErrorKind::InvalidArgument, std::move(message), {}}; }
inline api::Error Unavailable(std::string message, std::string code = {}) {
  return {api::ErrorKind::Unavailable, std::move(message), std::move(code)};
}
inline api::Error NotFoundError(std::string message) { return {api::ErrorKind::NotFound, std::move(message), {}}; }

// A builder or pre-signing check refusal: always the user's input or funds, never a local fault.
inline api::Error FromBuild(const wallet::TxBuildError& e) { return Invalid(e.message); }

}  // namespace cairn::runtime::wallet_detail
