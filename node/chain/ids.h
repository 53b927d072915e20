// Identifier and index types of the chain, the ChainId text type, and the Invalid value that stateless
// checks return (PROTOCOL.md sections 1-3).
// Thread safety: plain values; free functions are pure and callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/codec.h"
#include "crypto/sha256.h"
#include "util/result.h"

namespace cairn::chain {

using BlockId = crypto::Hash256;     // TaggedHash("block", Encode(BlockHeader))
using TxId = crypto::Hash256;        // TaggedHash("tx", Encode(Transaction)) (signed)
using VoteHash = crypto::Hash256;    // TaggedHash("vote", Encode(SignedVote))
using EvidenceHash = crypto::Hash256;
using GenesisHash = crypto::Hash256;
using Slot = std::uint64_t;
using Height = std::uint64_t;
using ValidatorIndex = std::uint32_t;  // index in the validator registry
using ProposalId = std::uint64_t;

inline constexpr std::size_t CHAIN_ID_MAX = 32;

// True for 1..32 characters of [a-z0-9-].
[[nodiscard]] bool IsValidChainId(std::string_view text);

// A validated chain id. Default-constructed it is empty (invalid); build one with Parse.
class ChainId {
 public:
  ChainId() = default;
  // Fails with a sentence naming the rule that was broken.
  static util::Result<ChainId, std::string> Parse(std::string_view text);
  // For decoders and tests that validated already; the caller guarantees IsValidChainId(text).
  static ChainId Unchecked(std::string text) { ChainId c; c.m_text = std::move(text); return c; }
  const std::string& str() const { return m_text; }
  bool empty() const { return m_text.empty(); }
  auto operator<=>(const ChainId&) const = default;
  bool operator==(const ChainId&) const = default;

 private:
  std::string m_text;
};

// Encoding: varint length || ASCII; decoding rejects an invalid chain id (InvalidValue).
void Write(Writer& w, const ChainId& id);
ChainId ReadChainId(Reader& r, std::string_view name);

// The message every signature covers (PROTOCOL.md section 1):
//   ASCII(tag) || 0x00 || varint(len(chain_id)) || chain_id || genesis_hash (32) || encoding
util::Bytes SigningMessage(std::string_view tag, const ChainId& chain_id, const crypto::Hash256& genesis_hash,
                           util::ByteSpan encoding);

// Why an object failed a stateless check: the dotted path of the field and a sentence.
struct Invalid {
  std::string field;
  std::string reason;
  std::string Message() const { return field + ": " + reason; }
};
using TxInvalid = Invalid;
using BlockInvalid = Invalid;
using EvidenceInvalid = Invalid;

}  // namespace cairn::chain
