#include "chain/transaction.h"

#include "util/overload.h"

namespace cairn::chain {

namespace {

using util::Overload;

constexpr std::string_view PAYLOAD_NAMES[PAYLOAD_KIND_COUNT] = {
    "transfer", "register_validator", "edit_validator", "delegate", "undelegate", "redelegate",
    "claim_rewards", "unjail", "submit_proposal", "deposit", "vote", "evidence"};

constexpr std::uint8_t PROPOSAL_KIND_COUNT = 4;
constexpr std::string_view PROPOSAL_NAMES[PROPOSAL_KIND_COUNT] = {"text", "parameter_change", "treasury_spend",
                                                                 "upgrade_signal"};

template <class T, class F>
void WriteOptional(Writer& w, const std::optional<T>& v, F&& write) {
  w.Bool(v.has_value());
  if (v) write(*v);
}

void WriteProposalKind(Writer& w, const ProposalKind& kind) {
  w.U8(static_cast<std::uint8_t>(kind.index()));
  std::visit(Overload{[](const TextProposal&) {},
                      [&](const ParameterChange& p) { w.Text(p.name); w.U64(p.new_value); },
                      [&](const TreasurySpend& p) { w.Fixed(p.to); w.U64(p.amount); },
                      [&](const UpgradeSignal& p) { w.Text(p.version); w.U64(p.slot); }},
             kind);
}

void WritePayload(Writer& w, const Payload& payload) {
  w.U8(static_cast<std::uint8_t>(payload.index()));
  std::visit(Overload{
                 [&](const Transfer& p) { w.Fixed(p.to); w.U64(p.amount); },
                 [&](const RegisterValidator& p) {
                   w.Fixed(p.consensus_pubkey);
                   w.Fixed(p.vrf_pubkey);
                   w.U16(p.commission_bps);
                   w.U64(p.self_bond);
                   w.Text(p.moniker);
                   w.Text(p.website);
                 },
                 [&](const EditValidator& p) {
                   WriteOptional(w, p.commission_bps, [&](std::uint16_t v) { w.U16(v); });
                   WriteOptional(w, p.moniker, [&](const std::string& v) { w.Text(v); });
                   WriteOptional(w, p.website, [&](const std::string& v) { w.Text(v); });
                 },
                 [&](const Delegate& p) { w.Fixed(p.validator); w.U64(p.amount); },
                 [&](const Undelegate& p) { w.Fixed(p.validator); w.U64(p.amount); },
                 [&](const Redelegate& p) { w.Fixed(p.from); w.Fixed(p.to); w.U64(p.amount); },
                 [&](const ClaimRewards& p) { WriteOptional(w, p.validator, [&](const Address& a) { w.Fixed(a); }); },
                 [](const Unjail&) {},
                 [&](const SubmitProposal& p) {
                   WriteProposalKind(w, p.kind);
                   w.Text(p.title);
                   w.Text(p.description);
                   w.U64(p.deposit);
                 },
                 [&](const Deposit& p) { w.U64(p.proposal_id); w.U64(p.amount); },
                 [&](const GovVote& p) { w.U64(p.proposal_id); w.U8(static_cast<std::uint8_t>(p.option)); },
                 [&](const Evidence& p) { Write(w, p); },
             },
             payload);
}

ProposalKind ReadProposalKind(Reader& r) {
  const std::uint8_t tag = r.Tag("kind", PROPOSAL_KIND_COUNT);
  Reader::Field f(r, "kind");
  Reader::Field g(r, PROPOSAL_NAMES[tag]);
  switch (tag) {
    case 1: {
      ParameterChange p;
      p.name = r.Text("name", PARAM_NAME_MIN, PARAM_NAME_MAX, TextRule::SingleLine);
      p.new_value = r.U64("new_value");
      return p;
    }
    case 2: {
      TreasurySpend p;
      p.to = r.Fixed<20>("to");
      p.amount = r.U64("amount");
      return p;
    }
    case 3: {
      UpgradeSignal p;
      p.version = r.Text("version", VERSION_MIN, VERSION_MAX, TextRule::SingleLine);
      p.slot = r.U64("slot");
      return p;
    }
    default:
      return TextProposal{};
  }
}

std::optional<std::string> ReadOptionalText(Reader& r, std::string_view name, std::size_t min, std::size_t max) {
  if (!r.Bool(name)) return std::nullopt;
  std::string text = r.Text(name, min, max, TextRule::SingleLine);
  if (!r.ok()) return std::nullopt;
  return text;
}

Payload ReadPayload(Reader& r) {
  const std::uint8_t tag = r.Tag("payload", PAYLOAD_KIND_COUNT);
  Reader::Field f(r, "payload");
  Reader::Field g(r, PAYLOAD_NAMES[tag]);
  switch (static_cast<PayloadKind>(tag)) {
    case PayloadKind::Transfer: {
      Transfer p;
      p.to = r.Fixed<20>("to");
      p.amount = r.U64("amount");
      return p;
    }
    case PayloadKind::RegisterValidator: {
      RegisterValidator p;
      p.consensus_pubkey = r.Fixed<32>("consensus_pubkey");
      p.vrf_pubkey = r.Fixed<32>("vrf_pubkey");
      p.commission_bps = r.U16("commission_bps");
      p.self_bond = r.U64("self_bond");
      p.moniker = r.Text("moniker", MONIKER_MIN, MONIKER_MAX, TextRule::SingleLine);
      p.website = r.Text("website", 0, WEBSITE_MAX, TextRule::SingleLine);
      return p;
    }
    case PayloadKind::EditValidator: {
      EditValidator p;
      if (r.Bool("commission_bps")) {
        const std::uint16_t v = r.U16("commission_bps");
        if (r.ok()) p.commission_bps = v;
      }
      p.moniker = ReadOptionalText(r, "moniker", MONIKER_MIN, MONIKER_MAX);
      p.website = ReadOptionalText(r, "website", 0, WEBSITE_MAX);
      return p;
    }
    case PayloadKind::Delegate: {
      Delegate p;
      p.validator = r.Fixed<20>("validator");
      p.amount = r.U64("amount");
      return p;
    }
    case PayloadKind::Undelegate: {
      Undelegate p;
      p.validator = r.Fixed<20>("validator");
      p.amount = r.U64("amount");
      return p;
    }
    case PayloadKind::Redelegate: {
      Redelegate p;
      p.from = r.Fixed<20>("from");
      p.to = r.Fixed<20>("to");
      p.amount = r.U64("amount");
      return p;
    }
    case PayloadKind::ClaimRewards: {
      ClaimRewards p;
      if (r.Bool("validator")) {
        const Address a = r.Fixed<20>("validator");
        if (r.ok()) p.validator = a;
      }
      return p;
    }
    case PayloadKind::Unjail:
      return Unjail{};
    case PayloadKind::SubmitProposal: {
      SubmitProposal p;
      p.kind = ReadProposalKind(r);
      p.title = r.Text("title", TITLE_MIN, TITLE_MAX, TextRule::SingleLine);
      p.description = r.Text("description", 0, DESCRIPTION_MAX, TextRule::MultiLine);
      p.deposit = r.U64("deposit");
      return p;
    }
    case PayloadKind::Deposit: {
      Deposit p;
      p.proposal_id = r.U64("proposal_id");
      p.amount = r.U64("amount");
      return p;
    }
    case PayloadKind::GovVote: {
      GovVote p;
      p.proposal_id = r.U64("proposal_id");
      p.option = static_cast<VoteOption>(r.Tag("option", VOTE_OPTION_COUNT));
      return p;
    }
    case PayloadKind::Evidence:
      return ReadEvidence(r);
  }
  return Unjail{};  // unreachable: Tag() bounds the value
}

void WriteUnsigned(Writer& w, const Transaction& tx) {
  Write(w, tx.chain_id);
  w.Fixed(tx.sender);
  w.U64(tx.nonce);
  w.U64(tx.fee);
  w.U64(tx.expiry_slot);
  w.VarBytes(tx.memo);
  WritePayload(w, tx.payload);
}

}  // namespace

std::string_view PayloadKindName(PayloadKind kind) {
  const auto i = static_cast<std::size_t>(kind);
  return i < PAYLOAD_KIND_COUNT ? PAYLOAD_NAMES[i] : std::string_view("unknown");
}

std::string_view ProposalKindName(const ProposalKind& kind) {
  static_assert(std::variant_size_v<ProposalKind> == PROPOSAL_KIND_COUNT);
  return PROPOSAL_NAMES[kind.index()];
}

std::string_view VoteOptionName(VoteOption option) {
  switch (option) {
    case VoteOption::Yes: return "yes";
    case VoteOption::No: return "no";
    case VoteOption::Abstain: return "abstain";
    case VoteOption::Veto: return "veto";
  }
  return "unknown";
}

std::string_view EvidenceKindName(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::DoubleProposal: return "double_proposal";
    case EvidenceKind::DoubleVote: return "double_vote";
    case EvidenceKind::SurroundVote: return "surround_vote";
  }
  return "unknown";
}

void Write(Writer& w, const Transaction& tx) {
  WriteUnsigned(w, tx);
  w.Fixed(tx.signature);
}

Transaction ReadTransaction(Reader& r) {
  Transaction tx;
  tx.chain_id = ReadChainId(r, "chain_id");
  tx.sender = r.Fixed<32>("sender");
  tx.nonce = r.U64("nonce");
  tx.fee = r.U64("fee");
  tx.expiry_slot = r.U64("expiry_slot");
  tx.memo = r.VarBytes("memo", 0, MEMO_MAX);
  tx.payload = ReadPayload(r);
  tx.signature = r.Fixed<64>("signature");
  return tx;
}

util::Bytes Encode(const Transaction& tx) {
  Writer w;
  Write(w, tx);
  return w.Take();
}

util::Bytes EncodeUnsigned(const Transaction& tx) {
  Writer w;
  WriteUnsigned(w, tx);
  return w.Take();
}

util::Result<Transaction, DecodeError> DecodeTransaction(util::ByteSpan bytes) {
  if (bytes.size() > MAX_TX_BYTES_CAP) {
    return util::Err(DecodeError{DecodeErrorKind::TooLong, "tx", 0, "transaction larger than 1 MiB"});
  }
  return DecodeWhole<Transaction>(bytes, "tx", [](Reader& r) { return ReadTransaction(r); });
}

TxId ComputeTxId(const Transaction& tx) { return crypto::TaggedHash("tx", Encode(tx)); }

util::Bytes TxSigningMessage(const Transaction& tx, const crypto::Hash256& genesis_hash) {
  return SigningMessage("cairn/tx", tx.chain_id, genesis_hash, EncodeUnsigned(tx));
}

void SignTransaction(Transaction& tx, const crypto::SecretKey& key, const crypto::Hash256& genesis_hash) {
  tx.signature = crypto::Sign(key, TxSigningMessage(tx, genesis_hash));
}

bool VerifyTransactionSignature(const Transaction& tx, const crypto::Hash256& genesis_hash) {
  return crypto::Verify(tx.sender, TxSigningMessage(tx, genesis_hash), tx.signature);
}

}  // namespace cairn::chain
