// Transaction builder (PROTOCOL.md section 2): turns user-level inputs (bech32m address text, amounts,
// labels, vote option names) into a chain::Transaction with chain id, sender, nonce, fee, expiry and
// memo; prices it exactly from its encoded size (fee_estimate.h); checks it with
// chain::CheckTransactionStateless against the given ChainParams; signs it with a key the caller
// supplies (the keystore's SigningKey) and returns it with its id and encoding.
//
// Stateful checks (balance, stake, validator and proposal status) are in spendable.h and nonces come
// from nonce_tracker.h: this file needs no state, so it can build offline (cold signing).
//
// Evidence payloads are refused: evidence is assembled and submitted by the node from what it saw on
// the network, never from user input.
//
// Thread safety: plain values and pure functions, callable from any thread.
// Ownership: nothing is kept; the SecretKey is borrowed for the duration of SignTx.
// Failure: every function returns a TxBuildError (kind + field + one sentence) instead of throwing; the
// message never contains key material.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/params.h"
#include "chain/transaction.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "util/bytes.h"
#include "util/result.h"
#include "wallet/fee_estimate.h"

namespace cairn::wallet {

enum class TxBuildErrorKind : std::uint8_t {
  BadInput = 1,       // the user typed something unusable (address, option name, memo)
  Unsupported,        // a payload the wallet does not build (Evidence)
  Invalid,            // the built tx fails a stateless chain rule (field limits, size, fee)
  InsufficientFunds,  // spendable balance below fee + amounts (spendable.h)
  InsufficientStake,  // Undelegate/Redelegate above the delegation's stake (spendable.h)
  NotAllowed,         // a state rule forbids it now (not jailed, proposal not in its period, ...)
  WrongKey,           // the signing key is not the sender's
  Overflow,           // an amount or fee sum does not fit in 64 bits
};
std::string_view TxBuildErrorKindName(TxBuildErrorKind kind);

struct TxBuildError {
  TxBuildErrorKind kind = TxBuildErrorKind::BadInput;
  std::string field;    // dotted path of the offending input, e.g. "payload.to", "fee"
  std::string message;  // one sentence for the user
};

template <class T>
using TxResult = util::Result<T, TxBuildError>;

// --- User-level payload inputs -------------------------------------------------------------------
// Addresses are bech32m text and must carry the BuildContext's hrp.

struct TransferInput {
  std::string to;
  chain::Amount amount = 0;
};
struct RegisterValidatorInput {
  crypto::PublicKey consensus_pubkey;  // from the keystore's validator keys
  crypto::PublicKey vrf_pubkey;
  std::uint16_t commission_bps = 0;
  chain::Amount self_bond = 0;
  std::string moniker;
  std::string website;
};
struct EditValidatorInput {
  std::optional<std::uint16_t> commission_bps;
  std::optional<std::string> moniker;
  std::optional<std::string> website;  // present and empty clears it
};
struct DelegateInput {
  std::string validator;  // the validator's operator address
  chain::Amount amount = 0;
};
struct UndelegateInput {
  std::string validator;
  chain::Amount amount = 0;
};
struct RedelegateInput {
  std::string from;
  std::string to;
  chain::Amount amount = 0;
};
struct ClaimRewardsInput {
  std::optional<std::string> validator;  // absent: every delegation
};
struct UnjailInput {};

struct TextProposalInput {};
struct ParameterChangeInput {
  std::string name;
  std::uint64_t new_value = 0;
};
struct TreasurySpendInput {
  std::string to;
  chain::Amount amount = 0;
};
struct UpgradeSignalInput {
  std::string version;
  chain::Slot slot = 0;
};
using ProposalKindInput = std::variant<TextProposalInput, ParameterChangeInput, TreasurySpendInput, UpgradeSignalInput>;
struct SubmitProposalInput {
  ProposalKindInput kind;
  std::string title;
  std::string description;
  chain::Amount deposit = 0;
};
struct DepositInput {
  chain::ProposalId proposal_id = 0;
  chain::Amount amount = 0;
};
struct GovVoteInput {
  chain::ProposalId proposal_id = 0;
  std::string option;  // "yes", "no", "abstain" or "veto" (ASCII case-insensitive)
};
// Present only so that a caller forwarding arbitrary requests gets a clear refusal.
struct EvidenceInput {
  chain::Evidence evidence;
};

using PayloadInput = std::variant<TransferInput, RegisterValidatorInput, EditValidatorInput, DelegateInput, UndelegateInput,
                                  RedelegateInput, ClaimRewardsInput, UnjailInput, SubmitProposalInput, DepositInput,
                                  GovVoteInput, EvidenceInput>;

// "yes" -> Yes, ...; BadInput naming `field` otherwise.
TxResult<chain::VoteOption> ParseVoteOption(std::string_view text, std::string_view field = "payload.option");
// DecodeAddress with the error turned into a BadInput naming `field`.
TxResult<chain::Address> ParseAddress(std::string_view text, std::string_view hrp, std::string_view field);

// Converts the inputs into a chain payload (addresses decoded, option parsed). No range checks here:
// those are CheckTransactionStateless's, run by BuildUnsigned on the whole tx.
TxResult<chain::Payload> MakePayload(const PayloadInput& input, std::string_view hrp);

// --- Building and signing ------------------------------------------------------------------------

// What does not change from one tx to the next on a network.
struct BuildContext {
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
  std::string hrp;             // expected address prefix (chain::MAINNET_HRP / TESTNET_HRP)
  chain::ChainParams params;   // the head's parameters (min_fee_rate, max_tx_bytes, limits)
};

struct TxRequest {
  crypto::PublicKey sender;
  std::uint64_t nonce = 0;      // from NonceTracker::Reserve
  chain::Slot expiry_slot = 0;  // last slot in which it may be included
  util::Bytes memo;             // <= chain::MEMO_MAX bytes
};

// Builds the unsigned tx with its fee set by PriceTransaction(quote) and checks it with
// CheckTransactionStateless (Invalid naming the chain's field path on failure). Evidence payloads are
// refused (Unsupported).
TxResult<chain::Transaction> BuildUnsigned(const BuildContext& ctx, const TxRequest& request, chain::Payload payload,
                                           const FeeQuote& quote);
TxResult<chain::Transaction> BuildUnsigned(const BuildContext& ctx, const TxRequest& request, const PayloadInput& input,
                                           const FeeQuote& quote);

struct SignedTx {
  chain::Transaction tx;
  chain::TxId id;
  util::Bytes encoding;  // chain::Encode(tx): what is submitted to the pool
};

// Signs `tx` (built by BuildUnsigned: unchanged apart from the signature) with `key`. WrongKey when the
// key's public key is not tx.sender (nothing is signed then); the signature is verified before returning.
TxResult<SignedTx> SignTx(const BuildContext& ctx, chain::Transaction tx, const crypto::SecretKey& key);

}  // namespace cairn::wallet
