// api::Node: THE narrow interface through which rpc/ and ui/ see a running node (DESIGN.md sections 1
// and 2; after Bitcoin Core's interfaces::Node). Plain values in, plain values out; no Qt, no sockets.
// runtime/ implements it over the live engine; unit tests of rpc/ and ui/ implement it with fakes.
//
// Thread safety: every method may be called from any thread, concurrently. No method waits for block
// processing to finish: reads use their own read-only SQLite connections (WAL snapshots) and short
// reader locks on the head state; the few calls that need the chain thread (state proofs) wait at most
// `CHAIN_THREAD_TIMEOUT` and then fail with Unavailable.
// Ownership: answers are values owned by the caller. A Subscription keeps its callback alive until it is
// destroyed; destroying it unsubscribes (waiting for a callback that is running on another thread).
// Failure: every fallible call returns api::Error: InvalidArgument (the caller's input is wrong: the
// message says how), NotFound, Rejected (a transaction the node will not take: `code` is the stable
// mempool code), Unavailable (not possible now: stopped, not a validator, no network yet), Internal
// (a local fault; the message names it, the node logs the details).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/types.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::api {

inline constexpr std::chrono::milliseconds CHAIN_THREAD_TIMEOUT{2000};
inline constexpr std::size_t MAX_PAGE_SIZE = 100;  // larger `limit`s are capped to this

template <typename T>
using Result = util::Result<T, Error>;

// Destroying it ends the subscription. Never copied.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

class Node {
 public:
  virtual ~Node() = default;

  // ---- node -------------------------------------------------------------------------------------
  virtual NodeInfo Info() = 0;
  virtual ChainHead Head() = 0;
  virtual SyncStatus Sync() = 0;
  virtual Health CheckHealth() = 0;
  virtual MetricsSnapshot Metrics() = 0;

  // ---- chain (blocks and transactions come from the chain database) -----------------------------
  virtual Result<std::optional<BlockDetail>> BlockByHeight(chain::Height height) = 0;
  virtual Result<std::optional<BlockDetail>> BlockByHash(const chain::BlockId& id) = 0;
  // Canonical blocks, newest first, below `before` (none: from the head).
  virtual Result<BlockPage> Blocks(std::optional<chain::Height> before, std::size_t limit) = 0;
  // A pooled transaction (status Pending) or an indexed one; nullopt when neither.
  virtual Result<std::optional<TxDetail>> Transaction(const chain::TxId& id) = 0;
  virtual chain::ChainParams Params() = 0;
  // Inclusion or exclusion proof of a raw state key (state/keys.h) against the head's state root.
  virtual Result<StateProofInfo> StateProof(util::ByteSpan key) = 0;

  // ---- accounts, validators, governance (head state) --------------------------------------------
  virtual Result<AccountInfo> Account(const chain::Address& address) = 0;
  // Transactions sent by the address or naming it, newest first.
  virtual Result<TxPage> AccountTxs(const chain::Address& address, std::optional<TxCursor> before,
                                    std::size_t limit) = 0;
  // Every registered validator, ascending index, from `after` (exclusive; none: from the first).
  virtual Result<ValidatorPage> Validators(std::optional<chain::ValidatorIndex> after, std::size_t limit) = 0;
  // By operator address.
  virtual Result<std::optional<ValidatorInfo>> Validator(const chain::Address& operator_address) = 0;
  // Proposals, newest (highest id) first, below `before`.
  virtual Result<ProposalPage> Proposals(std::optional<chain::ProposalId> before, std::size_t limit) = 0;
  virtual Result<std::optional<ProposalInfo>> Proposal(chain::ProposalId id) = 0;
  // Deposits and votes on a proposal, newest first.
  virtual Result<TxPage> ProposalTxs(chain::ProposalId id, std::optional<TxCursor> before, std::size_t limit) = 0;

  // ---- mempool ----------------------------------------------------------------------------------
  virtual MempoolInfo Mempool() = 0;
  // Pooled transactions, highest fee rate first.
  virtual std::vector<PooledTx> MempoolTxs(std::size_t limit) = 0;
  // A strictly decoded, signed transaction (chain/SPEC.md encoding): decoded (InvalidArgument with the
  // field when it does not decode), signature checked, admitted to the pool (Rejected with the code).
  virtual Result<chain::TxId> SubmitTransaction(util::ByteSpan encoded) = 0;

  // ---- network (empty / Unavailable until the node has a network) -------------------------------
  virtual std::vector<PeerInfo> Peers() = 0;
  virtual std::vector<BanInfo> Bans() = 0;
  virtual Result<void> AddPeer(const std::string& host_port) = 0;
  virtual Result<void> RemovePeer(const std::string& peer_id_or_address) = 0;
  // Lifts a ban (BanInfo::address as Bans() lists it); NotFound when there is none.
  virtual Result<void> Unban(const std::string& address) = 0;

  // ---- this node's validator --------------------------------------------------------------------
  virtual LocalValidator ValidatorStatus() = 0;
  // Starts or stops block and vote production (Unavailable when the node holds no validator key).
  virtual Result<void> SetValidating(bool on) = 0;

  // ---- events -----------------------------------------------------------------------------------
  // `callback` runs on a node thread, never concurrently with itself for one subscription; it must be
  // quick and must not call Subscribe or destroy its own Subscription. Events of kinds not in `kinds`
  // are not delivered. AddressTx events are delivered only for addresses in `addresses` (all when
  // empty).
  // Never returns null: on a node that is not running the subscription simply receives nothing.
  using EventCallback = std::function<void(const Event&)>;
  virtual std::unique_ptr<Subscription> Subscribe(EventKinds kinds, std::vector<chain::Address> addresses,
                                                  EventCallback callback) = 0;
};

}  // namespace cairn::api
