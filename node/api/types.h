// Plain values of the api (node.h): what rpc/ and ui/ read about the chain, the node and its events.
// Chain objects appear as the chain/ and state/ types themselves (they are plain values too); rpc/
// turns them into JSON, ui/ into model rows.
// Thread safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chain/block.h"
#include "chain/ids.h"
#include "chain/params.h"
#include "chain/transaction.h"
#include "state/records.h"
#include "state/state_proof.h"

namespace cairn::api {

enum class ErrorKind : std::uint8_t { InvalidArgument, NotFound, Rejected, Unavailable, Internal };

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;  // one sentence for a person; never holds secrets
  std::string code;     // Rejected: the mempool's stable code ("fee_too_low", ...); else empty
};

// ---- node ---------------------------------------------------------------------------------------

struct CheckpointInfo {
  chain::Slot slot = 0;
  chain::BlockId root;
  chain::Height height = 0;
};

struct ChainHead {
  chain::Slot current_slot = 0;  // the wall-clock slot the node last ticked
  chain::Height height = 0;
  chain::BlockId id;
  chain::Slot slot = 0;            // the head block's slot
  std::uint64_t timestamp_ms = 0;  // the head block's header timestamp (genesis time for height 0)
  CheckpointInfo justified;
  CheckpointInfo finalized;
};

struct NodeInfo {
  std::string version;     // "0.1.0"
  std::string user_agent;  // "cairn/0.1.0"
  std::string network;     // "devnet", "testnet", ...
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
  std::int64_t genesis_time_ms = 0;
  std::uint64_t slot_ms = 0;
  std::string data_dir;            // the network folder
  std::int64_t started_at_ms = 0;  // wall clock
  bool halted = false;             // block and vote production stopped by a local fault
  std::string halt_reason;
};

struct SyncStatus {
  bool syncing = false;          // behind the best known peer head (never true without a network)
  chain::Height head_height = 0;
  chain::Height best_known_height = 0;  // max(head, peers' heads)
  chain::Height indexed_height = 0;     // how far the explorer indexes reach
  std::uint64_t peers = 0;
};

struct Health {
  bool ok = false;
  std::vector<std::string> problems;  // empty when ok: "halted: ...", "finality lags 140 slots", ...
  std::uint64_t finality_lag_slots = 0;  // current slot - finalized slot
  std::uint64_t head_lag_slots = 0;      // current slot - head slot
};

// ---- metrics (rpc/ renders them in the Prometheus text format) ----------------------------------

struct Histogram {
  std::vector<double> bounds;           // upper bounds (seconds), ascending; +Inf implied
  std::vector<std::uint64_t> buckets;   // cumulative counts, one per bound
  std::uint64_t count = 0;
  double sum = 0;
};

struct MetricsSnapshot {
  chain::Slot current_slot = 0;
  chain::Height head_height = 0;
  chain::Height finalized_height = 0;
  chain::Slot finalized_slot = 0;
  std::uint64_t finality_lag_slots = 0;
  Histogram block_process_seconds;  // own proposals and imported blocks: build/verify + apply + commit
  Histogram vote_process_seconds;   // make + record + sign + count a vote
  std::uint64_t mempool_txs = 0;
  std::uint64_t mempool_bytes = 0;
  std::uint64_t mempool_admitted_total = 0;
  std::uint64_t mempool_rejected_total = 0;
  std::uint64_t peers = 0;
  std::uint64_t bytes_in_total = 0;
  std::uint64_t bytes_out_total = 0;
  std::uint64_t blocks_proposed_total = 0;
  std::uint64_t proposals_missed_total = 0;  // our slot, no block (halted, refused, failed)
  std::uint64_t votes_cast_total = 0;
  std::uint64_t votes_missed_total = 0;      // we were active, no vote (refused, failed)
  std::uint64_t txs_included_total = 0;      // in blocks this node applied
};

// ---- chain --------------------------------------------------------------------------------------

enum class Finality : std::uint8_t { Pending, Justified, Finalized };  // of a canonical block
std::string_view FinalityName(Finality finality);                     // "pending", "justified", "finalized"

struct BlockDetail {
  chain::Height height = 0;
  chain::BlockId id;
  chain::Block block;  // header (signed) and body (txs, votes, evidence)
  std::size_t size_bytes = 0;
  Finality finality = Finality::Pending;
  bool canonical = true;
};

struct BlockSummary {
  chain::Height height = 0;
  chain::BlockId id;
  chain::SignedBlockHeader header;
  std::uint32_t tx_count = 0;
  std::uint32_t vote_count = 0;
  std::uint32_t evidence_count = 0;
  Finality finality = Finality::Pending;
};

struct BlockPage {
  std::vector<BlockSummary> blocks;
  std::optional<chain::Height> next;  // pass as `before`; none: no more
};

enum class TxStatus : std::uint8_t { Pending, Included, Finalized };
std::string_view TxStatusName(TxStatus status);  // "pending", "included", "finalized"

// Where a transaction sits in the canonical chain; cursors of transaction lists.
struct TxCursor {
  chain::Height height = 0;
  std::uint32_t index = 0;
  auto operator<=>(const TxCursor&) const = default;
};

struct TxDetail {
  chain::TxId id;
  chain::Transaction tx;
  TxStatus status = TxStatus::Pending;
  std::optional<TxCursor> position;  // none while pending
  std::optional<chain::BlockId> block_id;
  std::size_t size_bytes = 0;
};

struct TxPage {
  std::vector<TxDetail> txs;
  std::optional<TxCursor> next;
  chain::Height indexed_height = 0;  // lists reflect blocks up to here
};

struct StateProofInfo {
  util::Bytes key;
  std::optional<util::Bytes> value;  // none: the proof shows the key absent
  state::StateProof proof;
  crypto::Hash256 state_root;        // of the head block below
  chain::Height height = 0;
  chain::BlockId block_id;
};

// ---- accounts, validators, governance -----------------------------------------------------------

struct DelegationInfo {
  chain::ValidatorIndex validator = 0;
  chain::Address validator_operator;
  std::uint64_t shares = 0;
  chain::Amount stake = 0;            // current value of the shares
  chain::Amount pending_rewards = 0;  // claimable now
};

struct UnbondingInfo {
  chain::ValidatorIndex validator = 0;
  chain::Amount amount = 0;
  chain::Slot creation_slot = 0;
  chain::Slot completion_slot = 0;
};

// An address the chain has never seen is a valid, empty account (zero balance and nonce), as in the
// state, where an absent account reads as zero; Account() does not answer NotFound for it.
struct AccountInfo {
  chain::Address address;
  chain::Amount balance = 0;  // spendable
  std::uint64_t nonce = 0;    // the next nonce the chain expects
  std::uint64_t pending_nonce = 0;  // the next nonce after this account's pooled txs
  chain::Amount bonded = 0;         // sum of delegation stakes (self bond included)
  chain::Amount unbonding = 0;
  chain::Amount pending_rewards = 0;
  std::vector<DelegationInfo> delegations;
  std::vector<UnbondingInfo> unbondings;
  std::optional<chain::ValidatorIndex> validator;  // when this address operates a validator
  chain::Height height = 0;                        // the head the answer reflects
};

struct ValidatorInfo {
  chain::ValidatorIndex index = 0;
  state::Validator validator;
  bool active = false;                // in the current period's active set
  std::uint64_t missed_votes = 0;     // in the downtime window
  std::uint64_t inactivity_score = 0;
  chain::Amount self_bond = 0;
};

struct ValidatorPage {
  std::vector<ValidatorInfo> validators;
  std::optional<chain::ValidatorIndex> next;  // pass as `after`
};

struct ProposalInfo {
  state::Proposal proposal;
  state::Tally current_tally;  // running tally while voting (final tally once tallied)
};

struct ProposalPage {
  std::vector<ProposalInfo> proposals;
  std::optional<chain::ProposalId> next;  // pass as `before`
};

// ---- mempool ------------------------------------------------------------------------------------

struct MempoolInfo {
  std::uint64_t txs = 0;
  std::uint64_t bytes = 0;
  std::uint64_t ready = 0;
  std::uint64_t future = 0;
  std::uint64_t senders = 0;
  std::uint64_t max_txs = 0;
  std::uint64_t max_bytes = 0;
  std::uint64_t min_fee_rate = 0;        // base units per byte the chain requires
  std::uint64_t next_block_fee_rate = 0;  // per byte that would place a tx in the next block now
};

struct PooledTx {
  chain::TxId id;
  chain::Address sender;
  std::uint64_t nonce = 0;
  chain::Amount fee = 0;
  std::uint32_t size = 0;
  bool ready = true;  // false: waits for a nonce gap to fill
};

// ---- network ------------------------------------------------------------------------------------

enum class Direction : std::uint8_t { Inbound, Outbound };

struct PeerInfo {
  std::string id;       // hex of the peer's Ed25519 identity
  std::string address;  // "ip:port"
  Direction direction = Direction::Outbound;
  std::string user_agent;  // as the peer sent it: untrusted text, not necessarily valid UTF-8
  std::uint32_t protocol_version = 0;
  chain::Height height = 0;
  chain::Height finalized_height = 0;
  std::optional<std::uint32_t> latency_ms;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::int32_t score = 0;
  std::int64_t connected_since_ms = 0;
  std::string country;  // ISO 3166 code when known, else empty
};

struct BanInfo {
  std::string address;  // ip
  std::int64_t until_ms = 0;
  std::string reason;
};

// ---- this node's validator ----------------------------------------------------------------------

struct LocalValidator {
  bool has_key = false;
  bool validating = false;  // producing blocks and votes
  std::optional<chain::ValidatorIndex> index;  // when registered
  bool active = false;                         // in the current active set
  std::string consensus_pubkey;                // hex, empty without a key
  std::uint64_t blocks_proposed = 0;           // since start
  std::uint64_t votes_cast = 0;
};

// ---- events -------------------------------------------------------------------------------------

enum class EventKind : std::uint8_t { NewHead, Finalized, AddressTx, ProposalUpdate, PeerChange };
inline constexpr std::size_t EVENT_KIND_COUNT = 5;
std::string_view EventKindName(EventKind kind);  // "new_head", "finalized", "address_tx", "proposal", "peer"

// A set of EventKinds.
class EventKinds {
 public:
  EventKinds() = default;
  EventKinds(std::initializer_list<EventKind> kinds) {
    for (EventKind k : kinds) m_bits |= Bit(k);
  }
  static EventKinds All() { EventKinds k; k.m_bits = (1u << EVENT_KIND_COUNT) - 1; return k; }
  EventKinds& Add(EventKind kind) {
    m_bits |= Bit(kind);
    return *this;
  }
  bool Has(EventKind kind) const { return (m_bits & Bit(kind)) != 0; }
  bool Empty() const { return m_bits == 0; }

 private:
  static std::uint32_t Bit(EventKind kind) { return 1u << static_cast<unsigned>(kind); }
  std::uint32_t m_bits = 0;
};

struct NewHeadEvent { ChainHead head; };
struct FinalizedEvent { CheckpointInfo finalized; };
// One event per (address, tx) for every address the tx touches (its sender and every address its
// payload names) that the subscription asked for (all of them when it named none).
struct AddressTxEvent {
  chain::Address address;  // the touched address this event is about
  chain::TxId id;
  TxStatus status = TxStatus::Included;
  std::optional<TxCursor> position;
};
struct ProposalUpdateEvent { chain::ProposalId id = 0; state::ProposalStatus status{}; };
struct PeerChangeEvent { PeerInfo peer; bool connected = false; };

using Event = std::variant<NewHeadEvent, FinalizedEvent, AddressTxEvent, ProposalUpdateEvent, PeerChangeEvent>;
inline EventKind KindOf(const Event& e) { return static_cast<EventKind>(e.index()); }

}  // namespace cairn::api
