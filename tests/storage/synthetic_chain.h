// A deterministic synthetic chain for the storage tests, the crash test and the storage benchmark:
// block h's transactions and state diff are a pure function of h and the state before it, so a test
// can recompute exactly what a (killed) writer must have stored.
//
// State keys: 'a' || address -> balance u64 LE || nonce u64 LE; 'h' -> the last height (u64 LE);
// every 5th block creates 't' || height and deletes the key created three such blocks earlier, so
// diffs contain creations and deletions. Signatures and the state root are zero: storage checks
// neither.
#pragma once

#include <cstdint>
#include <vector>

#include "chain/block.h"
#include "state/state_diff.h"

namespace cairn::test {

struct SyntheticBlock {
  chain::Block block;
  chain::BlockId id;
  state::StateDiff diff;
};

class SyntheticChain {
 public:
  // `mixed_payloads`: every 8th transaction is a staking or governance payload (for the indexes)
  // instead of a transfer.
  SyntheticChain(std::uint32_t accounts, std::uint32_t txs_per_block, bool mixed_payloads);

  const chain::ChainId& chain_id() const { return m_chain_id; }
  const crypto::Hash256& genesis_hash() const { return m_genesis_hash; }
  const chain::Address& address(std::uint32_t i) const { return m_addresses[i]; }
  const crypto::PublicKey& public_key(std::uint32_t i) const { return m_keys[i]; }
  std::uint32_t accounts() const { return static_cast<std::uint32_t>(m_keys.size()); }

  state::MemoryState Genesis() const;
  // Block `height` on top of `state` (the state at height - 1) whose head is `parent`.
  SyntheticBlock Make(const state::MemoryState& state, chain::Height height, const chain::BlockId& parent) const;

  // Replays blocks 1..height from the genesis; ids[i] is block i's id (ids[0] the genesis hash).
  struct Replay {
    state::MemoryState state;
    std::vector<chain::BlockId> ids;
  };
  Replay ReplayTo(chain::Height height) const;
  // Extends a replay by one block and returns that block.
  SyntheticBlock Extend(Replay& replay) const;

 private:
  chain::ChainId m_chain_id;
  crypto::Hash256 m_genesis_hash;
  std::uint32_t m_txs_per_block;
  bool m_mixed;
  std::vector<crypto::PublicKey> m_keys;
  std::vector<chain::Address> m_addresses;
};

util::Bytes AccountKey(const chain::Address& address);

}  // namespace cairn::test
