#include "rpc/json_codec.h"

#include <charconv>

#include "chain/block.h"
#include "chain/codec.h"
#include "chain/params.h"
#include "state/state_proof.h"
#include "util/hex.h"
#include "util/overload.h"

namespace cairn::rpc {

using util::Err;

std::string Dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string_view HrpForNetwork(std::string_view network) {
  return network == "mainnet" ? chain::MAINNET_HRP : chain::TESTNET_HRP;
}

std::string Hex(util::ByteSpan bytes) { return util::ToHex(bytes); }
std::string AmountText(std::uint64_t base_units) { return std::to_string(base_units); }

std::string_view DirectionName(api::Direction direction) {
  return direction == api::Direction::Inbound ? "inbound" : "outbound";
}

namespace {

template <class T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// A parameter's value by its kind: base units as amount strings, flags as booleans, the rest numbers.
Json ParamValue(std::string_view name, std::uint64_t value) {
  const chain::ParamInfo* info = chain::FindParam(name);
  if (info != nullptr && info->kind == chain::ParamKind::Units) return AmountText(value);
  if (info != nullptr && info->kind == chain::ParamKind::Flag) return value != 0;
  return value;
}

Json TallyJson(const state::Tally& t) {
  return Json{{"yes", AmountText(t.yes)}, {"no", AmountText(t.no)}, {"abstain", AmountText(t.abstain)},
              {"veto", AmountText(t.veto)}};
}

void SetPosition(Json& out, const std::optional<api::TxCursor>& position, const std::optional<chain::BlockId>& block) {
  out["height"] = position ? Json(position->height) : Json(nullptr);
  out["index"] = position ? Json(position->index) : Json(nullptr);
  out["block"] = block ? Json(Hex(*block)) : Json(nullptr);
}

}  // namespace

std::string JsonCodec::Address(const chain::Address& address) const { return chain::EncodeAddress(address, m_hrp); }

util::Result<chain::Address, std::string> JsonCodec::ParseAddress(std::string_view text) const {
  auto decoded = chain::DecodeAddress(text, m_hrp);
  if (!decoded) return Err(decoded.error().message);
  return *decoded;
}

// ---- node ----

Json JsonCodec::NodeInfo(const api::NodeInfo& i) const {
  return Json{{"version", i.version},           {"user_agent", i.user_agent},
              {"network", i.network},           {"chain_id", i.chain_id.str()},
              {"genesis_hash", Hex(i.genesis_hash)}, {"genesis_time_ms", i.genesis_time_ms},
              {"slot_ms", i.slot_ms},           {"address_prefix", m_hrp},
              {"data_dir", i.data_dir},         {"started_at_ms", i.started_at_ms},
              {"halted", i.halted},             {"halt_reason", i.halt_reason}};
}

Json JsonCodec::Checkpoint(const api::CheckpointInfo& c) const {
  return Json{{"slot", c.slot}, {"root", Hex(c.root)}, {"height", c.height}};
}

Json JsonCodec::Head(const api::ChainHead& h) const {
  return Json{{"height", h.height},
              {"id", Hex(h.id)},
              {"slot", h.slot},
              {"timestamp_ms", h.timestamp_ms},
              {"current_slot", h.current_slot},
              {"justified", Checkpoint(h.justified)},
              {"finalized", Checkpoint(h.finalized)}};
}

Json JsonCodec::Sync(const api::SyncStatus& s) const {
  return Json{{"syncing", s.syncing},
              {"head_height", s.head_height},
              {"best_known_height", s.best_known_height},
              {"indexed_height", s.indexed_height},
              {"peers", s.peers}};
}

Json JsonCodec::Health(const api::Health& h) const {
  return Json{{"ok", h.ok},
              {"problems", h.problems},
              {"finality_lag_slots", h.finality_lag_slots},
              {"head_lag_slots", h.head_lag_slots}};
}

Json JsonCodec::LocalValidator(const api::LocalValidator& v) const {
  return Json{{"has_key", v.has_key},
              {"validating", v.validating},
              {"index", OrNull(v.index)},
              {"active", v.active},
              {"consensus_pubkey", v.consensus_pubkey},
              {"blocks_proposed", v.blocks_proposed},
              {"votes_cast", v.votes_cast}};
}

// ---- chain ----

Json JsonCodec::Header(const chain::SignedBlockHeader& signed_header) const {
  const chain::BlockHeader& h = signed_header.header;
  return Json{{"id", Hex(chain::ComputeBlockId(h))},
              {"version", h.version},
              {"chain_id", h.chain_id.str()},
              {"slot", h.slot},
              {"height", h.height},
              {"parent_hash", Hex(h.parent_hash)},
              {"proposer_index", h.proposer_index},
              {"vrf_proof", Hex(h.vrf_proof)},
              {"state_root", Hex(h.state_root)},
              {"tx_root", Hex(h.tx_root)},
              {"vote_root", Hex(h.vote_root)},
              {"evidence_root", Hex(h.evidence_root)},
              {"timestamp_ms", h.timestamp_ms},
              {"signature", Hex(signed_header.signature)}};
}

Json JsonCodec::Block(const api::BlockDetail& b, BlockTxMode tx_mode, TxDetailMode raw) const {
  const chain::BlockHeader& h = b.block.unsigned_header();
  Json out{{"id", Hex(b.id)},
           {"height", b.height},
           {"slot", h.slot},
           {"timestamp_ms", h.timestamp_ms},
           {"proposer_index", h.proposer_index},
           {"finality", api::FinalityName(b.finality)},
           {"canonical", b.canonical},
           {"size", b.size_bytes},
           {"header", Header(b.block.header)},
           {"tx_count", b.block.body.txs.size()},
           {"vote_count", b.block.body.votes.size()},
           {"evidence_count", b.block.body.evidence.size()}};
  Json txs = Json::array();
  const auto& body_txs = b.block.body.txs;
  for (std::size_t i = 0; i < body_txs.size(); ++i) {
    const chain::TxId id = chain::ComputeTxId(body_txs[i]);
    if (tx_mode == BlockTxMode::Ids) {
      txs.push_back(Hex(id));
      continue;
    }
    // A transaction of a non-canonical block has no place in the chain's transaction index.
    api::TxDetail detail{id, body_txs[i],
                         b.finality == api::Finality::Finalized ? api::TxStatus::Finalized : api::TxStatus::Included,
                         std::nullopt, std::nullopt, chain::Encode(body_txs[i]).size()};
    if (b.canonical) {
      detail.position = api::TxCursor{b.height, static_cast<std::uint32_t>(i)};
      detail.block_id = b.id;
    }
    txs.push_back(Tx(detail, TxDetailMode::Decoded));
  }
  out["txs"] = std::move(txs);
  Json votes = Json::array();
  for (const auto& v : b.block.body.votes) votes.push_back(Vote(v));
  out["votes"] = std::move(votes);
  Json evidence = Json::array();
  for (const auto& e : b.block.body.evidence) evidence.push_back(Evidence(e));
  out["evidence"] = std::move(evidence);
  if (raw == TxDetailMode::WithRaw) out["raw"] = Hex(chain::Encode(b.block));
  return out;
}

Json JsonCodec::BlockSummary(const api::BlockSummary& b) const {
  const chain::BlockHeader& h = b.header.header;
  return Json{{"id", Hex(b.id)},
              {"height", b.height},
              {"slot", h.slot},
              {"timestamp_ms", h.timestamp_ms},
              {"proposer_index", h.proposer_index},
              {"finality", api::FinalityName(b.finality)},
              {"header", Header(b.header)},
              {"tx_count", b.tx_count},
              {"vote_count", b.vote_count},
              {"evidence_count", b.evidence_count}};
}

Json JsonCodec::Tx(const api::TxDetail& t, TxDetailMode raw) const {
  Json out{{"id", Hex(t.id)}, {"size", t.size_bytes}, {"status", api::TxStatusName(t.status)}};
  SetPosition(out, t.position, t.block_id);
  Json envelope = Transaction(t.tx);  // named: a range-for over a temporary's items() would dangle
  for (auto& [key, value] : envelope.items()) out[key] = std::move(value);
  if (raw == TxDetailMode::WithRaw) out["raw"] = Hex(chain::Encode(t.tx));
  return out;
}

Json JsonCodec::Transaction(const chain::Transaction& tx) const {
  Json out{{"chain_id", tx.chain_id.str()},
           {"sender", Hex(tx.sender)},
           {"sender_address", Address(chain::AddressFromPublicKey(tx.sender))},
           {"nonce", tx.nonce},
           {"fee", AmountText(tx.fee)},
           {"expiry_slot", tx.expiry_slot},
           {"memo", Hex(tx.memo)}};
  // The memo is arbitrary bytes; show it as text too when it is printable single-line UTF-8.
  const std::string_view memo_text(reinterpret_cast<const char*>(tx.memo.data()), tx.memo.size());
  chain::DecodeErrorKind kind{};
  std::size_t bad = 0;
  out["memo_text"] = chain::CheckText(memo_text, chain::TextRule::SingleLine, &kind, &bad) ? Json(memo_text) : Json(nullptr);
  out["kind"] = chain::PayloadKindName(tx.kind());
  out["payload"] = Payload(tx.payload);
  out["signature"] = Hex(tx.signature);
  return out;
}

Json JsonCodec::ProposalKind(const chain::ProposalKind& kind) const {
  Json out{{"kind", chain::ProposalKindName(kind)}};
  std::visit(util::Overload{
                 [](const chain::TextProposal&) {},
                 [&](const chain::ParameterChange& p) {
                   out["name"] = p.name;
                   out["new_value"] = ParamValue(p.name, p.new_value);
                 },
                 [&](const chain::TreasurySpend& p) {
                   out["to"] = Address(p.to);
                   out["amount"] = AmountText(p.amount);
                 },
                 [&](const chain::UpgradeSignal& p) {
                   out["version"] = p.version;
                   out["slot"] = p.slot;
                 },
             },
             kind);
  return out;
}

Json JsonCodec::Payload(const chain::Payload& payload) const {
  auto delegation = [&](const chain::Address& validator, chain::Amount amount) {
    return Json{{"validator", Address(validator)}, {"amount", AmountText(amount)}};
  };
  return std::visit(
      util::Overload{
          [&](const chain::Transfer& p) { return Json{{"to", Address(p.to)}, {"amount", AmountText(p.amount)}}; },
          [&](const chain::RegisterValidator& p) {
            return Json{{"consensus_pubkey", Hex(p.consensus_pubkey)}, {"vrf_pubkey", Hex(p.vrf_pubkey)},
                        {"commission_bps", p.commission_bps},         {"self_bond", AmountText(p.self_bond)},
                        {"moniker", p.moniker},                       {"website", p.website}};
          },
          [&](const chain::EditValidator& p) {
            return Json{{"commission_bps", OrNull(p.commission_bps)}, {"moniker", OrNull(p.moniker)},
                        {"website", OrNull(p.website)}};
          },
          [&](const chain::Delegate& p) { return delegation(p.validator, p.amount); },
          [&](const chain::Undelegate& p) { return delegation(p.validator, p.amount); },
          [&](const chain::Redelegate& p) {
            return Json{{"from", Address(p.from)}, {"to", Address(p.to)}, {"amount", AmountText(p.amount)}};
          },
          [&](const chain::ClaimRewards& p) {
            return Json{{"validator", p.validator ? Json(Address(*p.validator)) : Json(nullptr)}};
          },
          [&](const chain::Unjail&) { return Json::object(); },
          [&](const chain::SubmitProposal& p) {
            return Json{{"proposal", ProposalKind(p.kind)}, {"title", p.title},
                        {"description", p.description},     {"deposit", AmountText(p.deposit)}};
          },
          [&](const chain::Deposit& p) {
            return Json{{"proposal_id", p.proposal_id}, {"amount", AmountText(p.amount)}};
          },
          [&](const chain::GovVote& p) {
            return Json{{"proposal_id", p.proposal_id}, {"option", chain::VoteOptionName(p.option)}};
          },
          [&](const chain::Evidence& p) { return Evidence(p); },
      },
      payload);
}

Json JsonCodec::Vote(const chain::SignedVote& signed_vote) const {
  const chain::Vote& v = signed_vote.vote;
  auto checkpoint = [](const chain::Checkpoint& c) { return Json{{"slot", c.slot}, {"root", Hex(c.root)}}; };
  return Json{{"validator_index", v.validator_index},
              {"slot", v.slot},
              {"head_root", Hex(v.head_root)},
              {"target", checkpoint(v.target)},
              {"source", checkpoint(v.source)},
              {"signature", Hex(signed_vote.signature)}};
}

Json JsonCodec::Evidence(const chain::Evidence& e) const {
  Json out{{"kind", chain::EvidenceKindName(e.kind())},
           {"offender_index", chain::OffenderIndex(e)},
           {"hash", Hex(chain::ComputeEvidenceHash(e))}};
  std::visit(util::Overload{
                 [&](const chain::DoubleProposal& o) {
                   out["a"] = Header(o.a);
                   out["b"] = Header(o.b);
                 },
                 [&](const chain::DoubleVote& o) {
                   out["a"] = Vote(o.a);
                   out["b"] = Vote(o.b);
                 },
                 [&](const chain::SurroundVote& o) {
                   out["a"] = Vote(o.a);
                   out["b"] = Vote(o.b);
                 },
             },
             e.offence);
  return out;
}

Json JsonCodec::Params(const chain::ChainParams& params) const {
  Json out = Json::object();
  for (const chain::ParamInfo& info : chain::ParamTable()) {
    out[std::string(info.name)] = ParamValue(info.name, chain::GetParam(params, info.name).value_or(0));
  }
  return out;
}

Json JsonCodec::StateProof(const api::StateProofInfo& p) const {
  Json steps = Json::array();
  for (const auto& s : p.proof.steps) steps.push_back(Json{{"bit_index", s.bit_index}, {"sibling", Hex(s.sibling)}});
  Json other = p.proof.other_leaf ? Json{{"key_hash", Hex(p.proof.other_leaf->key_hash)},
                                         {"value_hash", Hex(p.proof.other_leaf->value_hash)}}
                                  : Json(nullptr);
  return Json{{"key", Hex(p.key)},
              {"present", p.value.has_value()},
              {"value", p.value ? Json(Hex(*p.value)) : Json(nullptr)},
              {"state_root", Hex(p.state_root)},
              {"height", p.height},
              {"block_id", Hex(p.block_id)},
              {"proof", Hex(state::Encode(p.proof))},
              {"steps", std::move(steps)},
              {"other_leaf", std::move(other)}};
}

// ---- accounts, validators, governance ----

Json JsonCodec::Balance(const api::AccountInfo& a) const {
  return Json{{"address", Address(a.address)},
              {"balance", AmountText(a.balance)},
              {"bonded", AmountText(a.bonded)},
              {"unbonding", AmountText(a.unbonding)},
              {"pending_rewards", AmountText(a.pending_rewards)},
              {"height", a.height}};
}

Json JsonCodec::Account(const api::AccountInfo& a) const {
  Json out = Balance(a);
  out["nonce"] = a.nonce;
  out["pending_nonce"] = a.pending_nonce;
  Json delegations = Json::array();
  for (const auto& d : a.delegations) {
    delegations.push_back(Json{{"validator_index", d.validator},
                               {"validator", Address(d.validator_operator)},
                               {"shares", AmountText(d.shares)},
                               {"stake", AmountText(d.stake)},
                               {"pending_rewards", AmountText(d.pending_rewards)}});
  }
  out["delegations"] = std::move(delegations);
  Json unbondings = Json::array();
  for (const auto& u : a.unbondings) {
    unbondings.push_back(Json{{"validator_index", u.validator},
                              {"amount", AmountText(u.amount)},
                              {"creation_slot", u.creation_slot},
                              {"completion_slot", u.completion_slot}});
  }
  out["unbondings"] = std::move(unbondings);
  out["validator_index"] = OrNull(a.validator);
  return out;
}

Json JsonCodec::Validator(const api::ValidatorInfo& info) const {
  const state::Validator& v = info.validator;
  return Json{{"index", info.index},
              {"operator", Address(v.operator_address)},
              {"moniker", v.moniker},
              {"website", v.website},
              {"status", state::ValidatorStatusName(v.status)},
              {"active", info.active},
              {"jailed_until", v.jailed_until},
              {"consensus_pubkey", Hex(v.consensus_pubkey)},
              {"vrf_pubkey", Hex(v.vrf_pubkey)},
              {"commission_bps", v.commission_bps},
              {"commission_changed_slot", v.commission_changed_slot},
              {"tokens", AmountText(v.tokens)},
              {"self_bond", AmountText(info.self_bond)},
              {"total_shares", AmountText(v.total_shares)},
              {"reward_pool", AmountText(v.reward_pool)},
              {"missed_votes", info.missed_votes},
              {"inactivity_score", info.inactivity_score}};
}

Json JsonCodec::Proposal(const api::ProposalInfo& info) const {
  const state::Proposal& p = info.proposal;
  return Json{{"id", p.id},
              {"proposer", Address(p.proposer)},
              {"proposal", ProposalKind(p.kind)},
              {"title", p.title},
              {"description", p.description},
              {"status", state::ProposalStatusName(p.status)},
              {"submit_slot", p.submit_slot},
              {"deposit_end_slot", p.deposit_end_slot},
              {"voting_start_slot", p.voting_start_slot},
              {"voting_end_slot", p.voting_end_slot},
              {"total_deposit", AmountText(p.total_deposit)},
              {"tally", TallyJson(p.tally)},
              {"current_tally", TallyJson(info.current_tally)},
              {"execution", state::ExecutionName(p.execution)},
              {"execution_note", p.execution_note}};
}

// ---- mempool, network ----

Json JsonCodec::Mempool(const api::MempoolInfo& m) const {
  return Json{{"txs", m.txs},         {"bytes", m.bytes},         {"ready", m.ready},
              {"future", m.future},   {"senders", m.senders},     {"max_txs", m.max_txs},
              {"max_bytes", m.max_bytes}, {"min_fee_rate", AmountText(m.min_fee_rate)},
              {"next_block_fee_rate", AmountText(m.next_block_fee_rate)}};
}

Json JsonCodec::PooledTx(const api::PooledTx& t) const {
  return Json{{"id", Hex(t.id)},  {"sender", Address(t.sender)}, {"nonce", t.nonce},
              {"fee", AmountText(t.fee)}, {"size", t.size},      {"ready", t.ready}};
}

Json JsonCodec::Peer(const api::PeerInfo& p) const {
  return Json{{"id", p.id},
              {"address", p.address},
              {"direction", DirectionName(p.direction)},
              {"user_agent", p.user_agent},
              {"protocol_version", p.protocol_version},
              {"height", p.height},
              {"finalized_height", p.finalized_height},
              {"latency_ms", OrNull(p.latency_ms)},
              {"bytes_in", p.bytes_in},
              {"bytes_out", p.bytes_out},
              {"score", p.score},
              {"connected_since_ms", p.connected_since_ms},
              {"country", p.country}};
}

Json JsonCodec::Ban(const api::BanInfo& b) const {
  return Json{{"address", b.address}, {"until_ms", b.until_ms}, {"reason", b.reason}};
}

Json JsonCodec::Event(const api::Event& event) const {
  return std::visit(
      util::Overload{
          [&](const api::NewHeadEvent& e) { return Head(e.head); },
          [&](const api::FinalizedEvent& e) { return Checkpoint(e.finalized); },
          [&](const api::AddressTxEvent& e) {
            Json out{{"address", Address(e.address)}, {"id", Hex(e.id)}, {"status", api::TxStatusName(e.status)}};
            out["height"] = e.position ? Json(e.position->height) : Json(nullptr);
            out["index"] = e.position ? Json(e.position->index) : Json(nullptr);
            return out;
          },
          [&](const api::ProposalUpdateEvent& e) {
            return Json{{"id", e.id}, {"status", state::ProposalStatusName(e.status)}};
          },
          [&](const api::PeerChangeEvent& e) { return Json{{"connected", e.connected}, {"peer", Peer(e.peer)}}; },
      },
      event);
}

// ---- parsers ----

util::Result<crypto::Hash256, std::string> ParseHash(std::string_view text) {
  if (text.size() != 64) {
    return Err("must be 64 hex digits (32 bytes), got " + std::to_string(text.size()) + " characters");
  }
  auto parsed = util::ParseFixedHex<32>(text);
  if (!parsed) return Err(std::string("must be 64 hex digits (32 bytes) without 0x"));
  return *parsed;
}

util::Result<util::Bytes, std::string> ParseHexBytes(std::string_view text, EmptyHex empty) {
  if (text.empty() && empty == EmptyHex::Refuse) return Err(std::string("must not be empty"));
  if (text.size() % 2 != 0) return Err(std::string("must be an even number of hex digits"));
  auto parsed = util::ParseHex(text);
  if (!parsed) return Err(std::string("must be hex digits without 0x"));
  return std::move(*parsed);
}

util::Result<std::uint64_t, std::string> ParseDecimal(std::string_view text) {
  if (text.empty()) return Err(std::string("must be a decimal number, got an empty string"));
  if (text.size() > 1 && text[0] == '0') return Err(std::string("must be a decimal number without leading zeros"));
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) return Err(std::string("is out of range (above 2^64-1)"));
  if (ec != std::errc() || end != text.data() + text.size() || text[0] == '+' || text[0] == '-') {
    return Err(std::string("must be a decimal number (digits only)"));
  }
  return value;
}

std::string FormatTxCursor(const api::TxCursor& c) { return std::to_string(c.height) + "." + std::to_string(c.index); }

util::Result<api::TxCursor, std::string> ParseTxCursor(std::string_view text) {
  const auto dot = text.find('.');
  const std::string expected = "must be a cursor \"<height>.<index>\" from a previous page's next_cursor";
  if (dot == std::string_view::npos) return Err(expected);
  auto height = ParseDecimal(text.substr(0, dot));
  auto index = ParseDecimal(text.substr(dot + 1));
  if (!height || !index || *index > UINT32_MAX) return Err(expected);
  return api::TxCursor{*height, static_cast<std::uint32_t>(*index)};
}

util::Result<std::uint64_t, std::string> ParseNumberCursor(std::string_view text, std::uint64_t max) {
  auto value = ParseDecimal(text);
  if (!value || *value > max) return Err(std::string("must be a cursor (a decimal number) from a previous page's next_cursor"));
  return *value;
}

}  // namespace cairn::rpc
