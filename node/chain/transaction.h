// Transactions (PROTOCOL.md section 2): the envelope, every payload, their canonical encoding, signing
// ("cairn/tx"), TxId and the stateless validity check. Stateful rules (nonce, balance, expiry against
// the current slot, validator existence) belong to state/.
//
// Naming: the governance vote payload is GovVote (Vote is the consensus attestation in vote.h); the
// text proposal kind is TextProposal.
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/codec.h"
#include "chain/evidence.h"
#include "chain/ids.h"
#include "chain/params.h"
#include "crypto/ed25519.h"

namespace cairn::chain {

// Field limits (bytes of UTF-8 for text).
inline constexpr std::size_t MEMO_MAX = 256;
inline constexpr std::size_t MONIKER_MIN = 1, MONIKER_MAX = 64;
inline constexpr std::size_t WEBSITE_MAX = 128;
inline constexpr std::size_t TITLE_MIN = 1, TITLE_MAX = 140;
inline constexpr std::size_t DESCRIPTION_MAX = 10'000;
inline constexpr std::size_t VERSION_MIN = 1, VERSION_MAX = 32;
inline constexpr std::size_t PARAM_NAME_MIN = 1, PARAM_NAME_MAX = 64;

struct Transfer {
  Address to;
  Amount amount = 0;
  bool operator==(const Transfer&) const = default;
};

struct RegisterValidator {
  crypto::PublicKey consensus_pubkey;
  crypto::PublicKey vrf_pubkey;
  std::uint16_t commission_bps = 0;  // <= 10000
  Amount self_bond = 0;
  std::string moniker;  // 1..64 bytes, no control characters
  std::string website;  // 0..128 bytes, no control characters
  bool operator==(const RegisterValidator&) const = default;
};

struct EditValidator {  // at least one field present
  std::optional<std::uint16_t> commission_bps;
  std::optional<std::string> moniker;
  std::optional<std::string> website;  // present and empty clears it
  bool operator==(const EditValidator&) const = default;
};

struct Delegate {
  Address validator;  // the validator's operator address
  Amount amount = 0;
  bool operator==(const Delegate&) const = default;
};

struct Undelegate {
  Address validator;
  Amount amount = 0;
  bool operator==(const Undelegate&) const = default;
};

struct Redelegate {
  Address from;
  Address to;  // != from
  Amount amount = 0;
  bool operator==(const Redelegate&) const = default;
};

struct ClaimRewards {
  std::optional<Address> validator;  // absent: every delegation of the sender
  bool operator==(const ClaimRewards&) const = default;
};

struct Unjail {
  bool operator==(const Unjail&) const = default;
};

struct TextProposal {
  bool operator==(const TextProposal&) const = default;
};
struct ParameterChange {
  std::string name;  // a governable parameter (IsGovernableParam)
  std::uint64_t new_value = 0;
  bool operator==(const ParameterChange&) const = default;
};
struct TreasurySpend {
  Address to;
  Amount amount = 0;
  bool operator==(const TreasurySpend&) const = default;
};
struct UpgradeSignal {
  std::string version;  // 1..32 bytes, no control characters
  Slot slot = 0;
  bool operator==(const UpgradeSignal&) const = default;
};
using ProposalKind = std::variant<TextProposal, ParameterChange, TreasurySpend, UpgradeSignal>;

struct SubmitProposal {
  ProposalKind kind;
  std::string title;        // 1..140 bytes, no control characters
  std::string description;  // 0..10000 bytes, no control characters but '\n' and '\t'
  Amount deposit = 0;
  bool operator==(const SubmitProposal&) const = default;
};

struct Deposit {
  ProposalId proposal_id = 0;
  Amount amount = 0;
  bool operator==(const Deposit&) const = default;
};

enum class VoteOption : std::uint8_t { Yes = 0, No = 1, Abstain = 2, Veto = 3 };
inline constexpr std::uint8_t VOTE_OPTION_COUNT = 4;

struct GovVote {
  ProposalId proposal_id = 0;
  VoteOption option = VoteOption::Yes;
  bool operator==(const GovVote&) const = default;
};

// Variant index == payload tag on the wire.
using Payload = std::variant<Transfer, RegisterValidator, EditValidator, Delegate, Undelegate, Redelegate, ClaimRewards,
                             Unjail, SubmitProposal, Deposit, GovVote, Evidence>;
enum class PayloadKind : std::uint8_t {
  Transfer = 0, RegisterValidator, EditValidator, Delegate, Undelegate, Redelegate, ClaimRewards, Unjail,
  SubmitProposal, Deposit, GovVote, Evidence,
};
inline constexpr std::uint8_t PAYLOAD_KIND_COUNT = 12;
std::string_view PayloadKindName(PayloadKind kind);  // "transfer", "register_validator", ... (path segment)
// "text", "parameter_change", "treasury_spend", "upgrade_signal" (also the decoder's field path segments).
std::string_view ProposalKindName(const ProposalKind& kind);
std::string_view VoteOptionName(VoteOption option);  // "yes", "no", "abstain", "veto"
std::string_view EvidenceKindName(EvidenceKind kind);  // "double_proposal", "double_vote", "surround_vote"

struct Transaction {
  ChainId chain_id;
  crypto::PublicKey sender;
  std::uint64_t nonce = 0;
  Amount fee = 0;
  Slot expiry_slot = 0;  // last slot in which the tx may be included
  util::Bytes memo;      // <= 256 arbitrary bytes
  Payload payload;
  crypto::Signature signature;

  PayloadKind kind() const { return static_cast<PayloadKind>(payload.index()); }
  bool operator==(const Transaction&) const = default;
};

void Write(Writer& w, const Transaction& tx);
Transaction ReadTransaction(Reader& r);

util::Bytes Encode(const Transaction& tx);
// The encoding without the trailing signature (what the signature covers).
util::Bytes EncodeUnsigned(const Transaction& tx);
// Strict: trailing bytes, input over MAX_TX_BYTES_CAP and every malformed field are errors.
util::Result<Transaction, DecodeError> DecodeTransaction(util::ByteSpan bytes);

// TaggedHash("tx", Encode(tx)) over the signed encoding.
TxId ComputeTxId(const Transaction& tx);

// SigningMessage("cairn/tx", tx.chain_id, genesis_hash, EncodeUnsigned(tx)).
util::Bytes TxSigningMessage(const Transaction& tx, const crypto::Hash256& genesis_hash);
// Sets tx.signature (the key should be the sender's: tx.sender is not changed).
void SignTransaction(Transaction& tx, const crypto::SecretKey& key, const crypto::Hash256& genesis_hash);
[[nodiscard]] bool VerifyTransactionSignature(const Transaction& tx, const crypto::Hash256& genesis_hash);

// Every rule that needs no state: field ranges and text rules, amounts > 0 where a zero would be a
// no-op, valid keys, encoded size <= params.max_tx_bytes, fee >= size * params.min_fee_rate, self
// bond >= params.min_self_bond, governable parameter names, evidence structure. Not the signature.
util::Result<void, TxInvalid> CheckTransactionStateless(const Transaction& tx, const ChainParams& params);

}  // namespace cairn::chain
