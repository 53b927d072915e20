#include "synthetic_chain.h"

#include <cstdlib>
#include <map>

#include "chain/address.h"

namespace cairn::test {
namespace {

std::uint64_t SplitMix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

util::Bytes U64Bytes(std::uint64_t v) {
  util::Bytes out(8);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}

std::uint64_t ReadU64(const util::Bytes& b, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{b[at + i]} << (8 * i);
  return v;
}

util::Bytes AccountValue(std::uint64_t balance, std::uint64_t nonce) {
  util::Bytes v = U64Bytes(balance);
  util::Append(v, U64Bytes(nonce));
  return v;
}

util::Bytes TempKey(chain::Height h) {
  util::Bytes k = {'t'};
  util::Append(k, U64Bytes(h));
  return k;
}

// The working set of a block: keys it reads and writes, with their value before the block.
class Overlay {
 public:
  explicit Overlay(const state::MemoryState& base) : m_base(base) {}
  std::optional<util::Bytes> Get(const util::Bytes& key) {
    auto it = m_values.find(key);
    if (it != m_values.end()) return it->second.second;
    auto v = m_base.Get(key);
    m_values.emplace(key, std::make_pair(v, v));
    return v;
  }
  void Set(const util::Bytes& key, std::optional<util::Bytes> value) {
    Get(key);
    m_values[key].second = std::move(value);
  }
  state::StateDiff Diff() const {
    state::StateDiff diff;
    for (const auto& [key, values] : m_values) {
      if (values.first != values.second) diff.writes.push_back({key, values.first, values.second});
    }
    return diff;
  }

 private:
  const state::MemoryState& m_base;
  std::map<util::Bytes, std::pair<std::optional<util::Bytes>, std::optional<util::Bytes>>, state::BytesLess> m_values;
};

}  // namespace

util::Bytes AccountKey(const chain::Address& address) {
  util::Bytes k = {'a'};
  util::Append(k, address.span());
  return k;
}

SyntheticChain::SyntheticChain(std::uint32_t accounts, std::uint32_t txs_per_block, bool mixed_payloads)
    : m_chain_id(chain::ChainId::Unchecked("storage-test")), m_txs_per_block(txs_per_block), m_mixed(mixed_payloads) {
  m_genesis_hash = crypto::TaggedHash("synthetic-genesis", U64Bytes(accounts));
  m_keys.reserve(accounts);
  m_addresses.reserve(accounts);
  for (std::uint32_t i = 0; i < accounts; ++i) {
    m_keys.push_back(crypto::TaggedHash("synthetic-key", U64Bytes(i)));
    m_addresses.push_back(chain::AddressFromPublicKey(m_keys.back()));
  }
}

state::MemoryState SyntheticChain::Genesis() const {
  state::MemoryState s;
  for (const auto& a : m_addresses) s.Put(AccountKey(a), AccountValue(1'000'000'000'000ull, 0));
  s.Put(util::Bytes{'h'}, U64Bytes(0));
  return s;
}

SyntheticBlock SyntheticChain::Make(const state::MemoryState& state, chain::Height height,
                                    const chain::BlockId& parent) const {
  std::uint64_t rng = height * 0x2545F4914F6CDD1Dull + 17;
  Overlay overlay(state);
  chain::Block block;
  chain::BlockHeader& h = block.header.header;
  h.chain_id = m_chain_id;
  h.slot = height * 2;
  h.height = height;
  h.parent_hash = parent;
  h.proposer_index = static_cast<chain::ValidatorIndex>(height % 5);
  h.timestamp_ms = 1'700'000'000'000ull + height * 1000;
  const auto n = static_cast<std::uint32_t>(m_keys.size());
  block.body.txs.reserve(m_txs_per_block);
  for (std::uint32_t j = 0; j < m_txs_per_block; ++j) {
    const auto from = static_cast<std::uint32_t>(SplitMix(rng) % n);
    auto to = static_cast<std::uint32_t>(SplitMix(rng) % n);
    if (to == from) to = (to + 1) % n;
    const util::Bytes from_key = AccountKey(m_addresses[from]);
    const util::Bytes sender = *overlay.Get(from_key);
    const std::uint64_t amount = 1 + SplitMix(rng) % 1000;
    const std::uint64_t fee = 1;
    chain::Transaction tx;
    tx.chain_id = m_chain_id;
    tx.sender = m_keys[from];
    tx.nonce = ReadU64(sender, 8);
    tx.fee = fee;
    tx.expiry_slot = h.slot + 100;
    std::uint64_t moved = 0;
    if (m_mixed && j % 8 == 7) {
      switch ((height + j) % 5) {
        case 0: tx.payload = chain::Delegate{m_addresses[to % 7], amount}; break;
        case 1: tx.payload = chain::Redelegate{m_addresses[to % 7], m_addresses[(to + 1) % 7], amount}; break;
        case 2: tx.payload = chain::GovVote{height % 4, chain::VoteOption::Yes}; break;
        case 3: tx.payload = chain::Deposit{height % 4, amount}; break;
        default:
          tx.payload = chain::SubmitProposal{chain::TreasurySpend{m_addresses[to], amount}, "spend", "", amount};
          break;
      }
    } else {
      tx.payload = chain::Transfer{m_addresses[to], amount};
      moved = amount;
    }
    overlay.Set(from_key, AccountValue(ReadU64(sender, 0) - moved - fee, tx.nonce + 1));
    if (moved > 0) {
      const util::Bytes to_key = AccountKey(m_addresses[to]);
      const util::Bytes recipient = *overlay.Get(to_key);
      overlay.Set(to_key, AccountValue(ReadU64(recipient, 0) + moved, ReadU64(recipient, 8)));
    }
    block.body.txs.push_back(std::move(tx));
  }
  overlay.Set(util::Bytes{'h'}, U64Bytes(height));
  if (height % 5 == 0) {
    overlay.Set(TempKey(height), U64Bytes(height * 3));
    if (height >= 15) overlay.Set(TempKey(height - 15), std::nullopt);
  }
  chain::SetBodyRoots(h, block.body);
  SyntheticBlock out;
  out.id = chain::ComputeBlockId(h);
  out.block = std::move(block);
  out.diff = overlay.Diff();
  return out;
}

SyntheticChain::Replay SyntheticChain::ReplayTo(chain::Height height) const {
  Replay replay{Genesis(), {m_genesis_hash}};
  while (replay.ids.size() <= height) Extend(replay);
  return replay;
}

SyntheticBlock SyntheticChain::Extend(Replay& replay) const {
  const chain::Height height = replay.ids.size();
  SyntheticBlock made = Make(replay.state, height, replay.ids.back());
  if (!replay.state.Apply(made.diff)) std::abort();  // the generator is broken
  replay.ids.push_back(made.id);
  return made;
}

}  // namespace cairn::test
