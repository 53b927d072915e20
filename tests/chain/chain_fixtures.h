// Shared sample objects for the chain tests: deterministic keys, one transaction per payload kind,
// votes, evidence of each kind, a block and a genesis.
#pragma once

#include <vector>

#include "chain/block.h"
#include "chain/genesis.h"
#include "chain/transaction.h"

namespace cairn::test {

crypto::SecretKey TestKey(std::uint8_t n);
chain::ChainId TestChainId();
crypto::Hash256 TestGenesisHash();
crypto::Hash256 H(std::uint8_t n);  // a recognisable 32-byte value
chain::Address A(std::uint8_t n);

std::vector<chain::Payload> AllPayloads();  // every payload kind, including each proposal and evidence kind
chain::Transaction MakeTx(chain::Payload payload, std::uint8_t key = 1);  // signed
chain::SignedVote MakeVote(std::uint32_t validator, chain::Slot slot, chain::Slot source, chain::Slot target,
                           std::uint8_t head = 7, std::uint8_t key = 2);
chain::SignedBlockHeader MakeHeader(chain::Slot slot, std::uint8_t variant, std::uint8_t key = 2);
chain::Evidence DoubleProposalEvidence();
chain::Evidence DoubleVoteEvidence();
chain::Evidence SurroundVoteEvidence();
chain::Block MakeBlock();  // txs of every kind, votes, evidence; roots set; signed
chain::Genesis MakeGenesis();

}  // namespace cairn::test
