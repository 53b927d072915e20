// Helpers shared by the wallet_service*.cpp files only (not part of runtime's interface).
// Thread safety: pure functions, and HistoryReads, which one history call owns. Failure: they build
// api::Error values; messages never hold secrets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/wallet.h"
#include "runtime/wallet_service.h"
#include "state/state_diff.h"
#include "wallet/tx_builder.h"
#include "wallet/wallet_activity.h"

namespace cairn::runtime::wallet_detail {

inline api::Error Invalid(std::string message) { return {api::ErrorKind::InvalidArgument, std::move(message), {}}; }
inline api::Error Unavailable(std::string message, std::string code = {}) {
  return {api::ErrorKind::Unavailable, std::move(message), std::move(code)};
}
inline api::Error NotFoundError(std::string message) { return {api::ErrorKind::NotFound, std::move(message), {}}; }

// A builder or pre-signing check refusal: always the user's input or funds, never a local fault.
inline api::Error FromBuild(const wallet::TxBuildError& e) { return Invalid(e.message); }

}  // namespace cairn::runtime::wallet_detail

namespace cairn::runtime {

// What one history call reads from the chain database, each item once: block times, state diffs and
// blocks (for reward and slash entries), the slashes the activity file holds. The first storage fault
// is kept in `fault`; later reads then answer nothing.
struct WalletService::HistoryReads {
  HistoryReads(const Session& session, storage::ChainReader& chain_reader, NodeStatus head_status,
               std::shared_ptr<wallet::WalletActivity> wallet_activity)
      : s(session), reader(chain_reader), head(std::move(head_status)), activity(std::move(wallet_activity)) {}

  std::optional<std::uint64_t> TimeAt(chain::Height height);
  const state::StateDiff* DiffAt(chain::Height height);
  const chain::Block* BlockAt(chain::Height height);
  const std::vector<wallet::ValidatorSlash>& Slashes();
  bool ok() const { return fault.empty(); }
  void Fail(std::string what) {
    if (fault.empty()) fault = std::move(what);
  }

  const Session& s;
  storage::ChainReader& reader;
  const NodeStatus head;
  const std::shared_ptr<wallet::WalletActivity> activity;  // null: no slash entries
  std::string fault;

  std::map<chain::Height, std::uint64_t> times;
  std::map<chain::Height, std::optional<state::StateDiff>> diffs;
  std::map<chain::Height, std::optional<chain::Block>> blocks;
  std::optional<std::vector<wallet::ValidatorSlash>> slashes;
  // Rewards paid per tx index of one (delegator, height), with the validator's operator when one alone
  // paid (see wallet_service_events.cpp).
  struct Paid {
    chain::Amount amount = 0;
    std::optional<chain::Address> validator;  // none when several validators paid
  };
  std::map<std::pair<chain::Address, chain::Height>, std::map<std::uint32_t, Paid>> rewards;
};

}  // namespace cairn::runtime
