// JSON forms of the api/ values and chain objects that the RPC serves, and the strict text parsers
// for request parameters (cairn_rpc internal; JSON-RPC, REST and WebSocket events all render through
// here, so one object has one JSON shape everywhere).
//
// Conventions (the RPC's public contract):
//  - ids, hashes, keys, signatures and raw bytes: lowercase hex without "0x";
//  - addresses: bech32m with the network's prefix (JsonCodec::hrp());
//  - amounts and share counts: decimal strings of base units (u64 exceeds the 2^53 that many JSON
//    readers keep exactly); heights, slots, nonces, indices and counts: JSON numbers;
//  - enums: their stable snake_case names; absent optionals: null.
//
// Thread safety: a JsonCodec is immutable after construction; every function may be called from any
// thread. Failure: renderers cannot fail (text that is not UTF-8 is replaced when dumped, see Dump);
// parsers return a sentence saying what was expected, without the parameter name (callers add it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/types.h"
#include "chain/address.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::rpc {

// Insertion-ordered, so responses list fields in the order written here.
using Json = nlohmann::ordered_json;

// Serializes compactly; invalid UTF-8 (peer user agents come from the network) is replaced by U+FFFD
// instead of throwing.
std::string Dump(const Json& json);

// The bech32m prefix of a network's addresses: MAINNET_HRP for "mainnet", TESTNET_HRP for every other
// network (devnet and testnet genesis files use the test prefix).
std::string_view HrpForNetwork(std::string_view network);

enum class TxDetailMode : std::uint8_t { Decoded, WithRaw };  // WithRaw adds "raw": canonical hex
enum class BlockTxMode : std::uint8_t { Ids, Full };

class JsonCodec {
 public:
  explicit JsonCodec(std::string hrp) : m_hrp(std::move(hrp)) {}
  const std::string& hrp() const { return m_hrp; }

  std::string Address(const chain::Address& address) const;
  // Strict bech32m with this codec's prefix.
  util::Result<chain::Address, std::string> ParseAddress(std::string_view text) const;

  // ---- node ----
  Json NodeInfo(const api::NodeInfo& info) const;
  Json Head(const api::ChainHead& head) const;
  Json Checkpoint(const api::CheckpointInfo& checkpoint) const;
  Json Sync(const api::SyncStatus& sync) const;
  Json Health(const api::Health& health) const;
  Json LocalValidator(const api::LocalValidator& validator) const;

  // ---- chain ----
  Json Block(const api::BlockDetail& block, BlockTxMode txs, TxDetailMode raw) const;
  Json BlockSummary(const api::BlockSummary& block) const;
  Json Header(const chain::SignedBlockHeader& header) const;
  Json Tx(const api::TxDetail& tx, TxDetailMode raw) const;
  // The envelope and payload of a transaction (no chain position).
  Json Transaction(const chain::Transaction& tx) const;
  Json Payload(const chain::Payload& payload) const;
  Json ProposalKind(const chain::ProposalKind& kind) const;
  Json Vote(const chain::SignedVote& vote) const;
  Json Evidence(const chain::Evidence& evidence) const;
  Json Params(const chain::ChainParams& params) const;
  Json StateProof(const api::StateProofInfo& proof) const;

  // ---- accounts, validators, governance ----
  Json Account(const api::AccountInfo& account) const;
  Json Balance(const api::AccountInfo& account) const;
  Json Validator(const api::ValidatorInfo& validator) const;
  Json Proposal(const api::ProposalInfo& proposal) const;

  // ---- mempool, network ----
  Json Mempool(const api::MempoolInfo& mempool) const;
  Json PooledTx(const api::PooledTx& tx) const;
  Json Peer(const api::PeerInfo& peer) const;
  Json Ban(const api::BanInfo& ban) const;

  // ---- events (the "result" of a subscription notification) ----
  Json Event(const api::Event& event) const;

 private:
  std::string m_hrp;
};

std::string Hex(util::ByteSpan bytes);
template <std::size_t N>
std::string Hex(const util::FixedBytes<N>& bytes) { return Hex(bytes.span()); }
std::string AmountText(std::uint64_t base_units);

// Stable name of a peer connection's direction (chain enums are named by chain/).
std::string_view DirectionName(api::Direction direction);

// ---- strict parsers (errors are sentences without the parameter's name) ----
// Exactly 64 hex digits (either case, no "0x").
util::Result<crypto::Hash256, std::string> ParseHash(std::string_view text);
// An even number of hex digits (either case, no "0x"); empty allowed only when `allow_empty`.
enum class EmptyHex : std::uint8_t { Refuse, Allow };
util::Result<util::Bytes, std::string> ParseHexBytes(std::string_view text, EmptyHex empty = EmptyHex::Refuse);
// Decimal digits without sign, spaces or leading zeros, within u64.
util::Result<std::uint64_t, std::string> ParseDecimal(std::string_view text);

// Cursors are opaque to clients: they pass back the "next_cursor" of a page. Transaction lists use
// "<height>.<index>"; block, validator and proposal lists use one decimal number.
std::string FormatTxCursor(const api::TxCursor& cursor);
util::Result<api::TxCursor, std::string> ParseTxCursor(std::string_view text);
util::Result<std::uint64_t, std::string> ParseNumberCursor(std::string_view text, std::uint64_t max);

}  // namespace cairn::rpc
