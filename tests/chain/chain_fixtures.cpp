#include "chain_fixtures.h"

namespace cairn::test {

using namespace cairn::chain;

crypto::SecretKey TestKey(std::uint8_t n) {
  util::Bytes seed(32, n);
  return *crypto::SecretKey::FromSeed(seed);
}

ChainId TestChainId() { return *ChainId::Parse("cairn-test-1"); }

crypto::Hash256 TestGenesisHash() { return H(0x99); }

crypto::Hash256 H(std::uint8_t n) {
  crypto::Hash256 h;
  for (std::size_t i = 0; i < h.size(); ++i) h.bytes[i] = static_cast<std::uint8_t>(n + i);
  return h;
}

Address A(std::uint8_t n) { return AddressFromPublicKey(TestKey(n).public_key()); }

std::vector<Payload> AllPayloads() {
  std::vector<Payload> out;
  out.push_back(Transfer{A(3), 5 * COIN});
  out.push_back(RegisterValidator{TestKey(4).public_key(), TestKey(5).public_key(), 500, 2000 * COIN, "alice's node ⛰",
                                  "https://example.org"});
  out.push_back(EditValidator{std::uint16_t{700}, std::nullopt, std::string("")});
  out.push_back(EditValidator{std::nullopt, std::string("bob"), std::nullopt});
  out.push_back(Delegate{A(6), 10});
  out.push_back(Undelegate{A(6), 3});
  out.push_back(Redelegate{A(6), A(7), 2});
  out.push_back(ClaimRewards{});
  out.push_back(ClaimRewards{A(6)});
  out.push_back(Unjail{});
  out.push_back(SubmitProposal{TextProposal{}, "Hello", "line one\nline two\ttab", 10 * COIN});
  out.push_back(SubmitProposal{ParameterChange{"max_validators", 120}, "More validators", "", 1});
  out.push_back(SubmitProposal{TreasurySpend{A(8), 4 * COIN}, "Grant", "for docs", 1});
  out.push_back(SubmitProposal{UpgradeSignal{"v1.2.0", 100000}, "Upgrade", "", 1});
  out.push_back(Deposit{7, 50});
  out.push_back(GovVote{7, VoteOption::Veto});
  out.push_back(DoubleProposalEvidence());
  out.push_back(DoubleVoteEvidence());
  out.push_back(SurroundVoteEvidence());
  return out;
}

Transaction MakeTx(Payload payload, std::uint8_t key) {
  const auto sk = TestKey(key);
  Transaction tx;
  tx.chain_id = TestChainId();
  tx.sender = sk.public_key();
  tx.nonce = 42;
  tx.fee = 100'000;
  tx.expiry_slot = 1'000'000;
  tx.memo = {'h', 'i', 0x00, 0xff};
  tx.payload = std::move(payload);
  SignTransaction(tx, sk, TestGenesisHash());
  return tx;
}

SignedVote MakeVote(std::uint32_t validator, Slot slot, Slot source, Slot target, std::uint8_t head, std::uint8_t key) {
  Vote v;
  v.validator_index = validator;
  v.slot = slot;
  v.head_root = H(head);
  v.source = Checkpoint{source, H(static_cast<std::uint8_t>(source))};
  v.target = Checkpoint{target, H(static_cast<std::uint8_t>(target))};
  return SignVote(v, TestKey(key), TestChainId(), TestGenesisHash());
}

SignedBlockHeader MakeHeader(Slot slot, std::uint8_t variant, std::uint8_t key) {
  BlockHeader h;
  h.chain_id = TestChainId();
  h.slot = slot;
  h.height = slot;
  h.parent_hash = H(1);
  h.proposer_index = 3;
  h.vrf_proof.bytes.fill(0xab);
  h.state_root = H(variant);
  h.tx_root = H(4);
  h.vote_root = H(5);
  h.evidence_root = H(6);
  h.timestamp_ms = 1'700'000'000'000;
  return SignBlockHeader(h, TestKey(key), TestGenesisHash());
}

Evidence DoubleProposalEvidence() {
  Evidence e{DoubleProposal{MakeHeader(10, 1), MakeHeader(10, 2)}};
  Canonicalize(e);
  return e;
}

Evidence DoubleVoteEvidence() {
  Evidence e{DoubleVote{MakeVote(3, 12, 8, 11, 7), MakeVote(3, 12, 8, 11, 9)}};
  Canonicalize(e);
  return e;
}

Evidence SurroundVoteEvidence() {
  Evidence e{SurroundVote{MakeVote(3, 20, 2, 19), MakeVote(3, 15, 5, 14)}};
  Canonicalize(e);
  return e;
}

Block MakeBlock() {
  Block b;
  for (auto& p : AllPayloads()) b.body.txs.push_back(MakeTx(std::move(p)));
  b.body.votes.push_back(MakeVote(1, 29, 27, 28));
  b.body.votes.push_back(MakeVote(2, 29, 27, 28, 7, 3));
  b.body.evidence.push_back(DoubleVoteEvidence());
  BlockHeader h = MakeHeader(30, 1).header;
  SetBodyRoots(h, b.body);
  b.header = SignBlockHeader(h, TestKey(2), TestGenesisHash());
  return b;
}

Genesis MakeGenesis() {
  Genesis g;
  g.chain_id = TestChainId();
  g.genesis_time_ms = 1'700'000'000'000;
  g.params = DevnetParams();
  g.accounts.push_back({A(1), 1000 * COIN});
  g.accounts.push_back({A(2), 18'000'000'000'000'000'000ull});
  g.validators.push_back({A(1), TestKey(11).public_key(), TestKey(12).public_key(), 100 * COIN, 500, "genesis-one"});
  return g;
}

}  // namespace cairn::test
