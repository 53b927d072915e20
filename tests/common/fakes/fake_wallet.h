// A fake api::Wallet for the cairn_rpc tests: every call is recorded as one line of text naming the
// method and its arguments (so a test states exactly which call a request became), answers are fixed
// values, and knobs make calls fail the ways the real wallet does (locked, rejected, wrong passphrase),
// or misbehave (an error message that repeats the secret it was given) to prove the RPC contains it.
//
// Thread safety: a mutex guards the recorder; tests drive it from one thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "api/wallet.h"
#include "fake_node.h"
#include "util/hex.h"
#include "util/overload.h"

namespace cairn::test {

inline constexpr std::string_view FAKE_MNEMONIC = "abandon ability able about above absent absorb abstract";
inline const chain::TxId SENT_ID = Filled(0x5e);

// One line per payload: the kind and its fields, addresses as the wallet receives them (bech32m text).
inline std::string Describe(const wallet::PayloadInput& payload) {
  auto opt = [](const std::optional<std::string>& v) { return v ? *v : std::string("-"); };
  return std::visit(
      util::Overload{
          [](const wallet::TransferInput& p) { return "transfer to=" + p.to + " amount=" + std::to_string(p.amount); },
          [](const wallet::RegisterValidatorInput&) { return std::string("register_validator"); },
          [&](const wallet::EditValidatorInput& p) {
            return "edit_validator bps=" + (p.commission_bps ? std::to_string(*p.commission_bps) : "-") +
                   " moniker=" + opt(p.moniker) + " website=" + opt(p.website);
          },
          [](const wallet::DelegateInput& p) { return "delegate " + p.validator + " " + std::to_string(p.amount); },
          [](const wallet::UndelegateInput& p) { return "undelegate " + p.validator + " " + std::to_string(p.amount); },
          [](const wallet::RedelegateInput& p) {
            return "redelegate " + p.from + " -> " + p.to + " " + std::to_string(p.amount);
          },
          [&](const wallet::ClaimRewardsInput& p) { return "claim_rewards validator=" + opt(p.validator); },
          [](const wallet::UnjailInput&) { return std::string("unjail"); },
          [](const wallet::SubmitProposalInput& p) {
            std::string kind = std::visit(
                util::Overload{
                    [](const wallet::TextProposalInput&) { return std::string("text"); },
                    [](const wallet::ParameterChangeInput& k) {
                      return "parameter_change " + k.name + "=" + std::to_string(k.new_value);
                    },
                    [](const wallet::TreasurySpendInput& k) {
                      return "treasury_spend " + k.to + " " + std::to_string(k.amount);
                    },
                    [](const wallet::UpgradeSignalInput& k) {
                      return "upgrade_signal " + k.version + "@" + std::to_string(k.slot);
                    },
                },
                p.kind);
            return "propose " + kind + " title=" + p.title + " description=" + p.description +
                   " deposit=" + std::to_string(p.deposit);
          },
          [](const wallet::DepositInput& p) {
            return "deposit " + std::to_string(p.proposal_id) + " " + std::to_string(p.amount);
          },
          [](const wallet::GovVoteInput& p) { return "vote " + std::to_string(p.proposal_id) + " " + p.option; },
          [](const wallet::EvidenceInput&) { return std::string("evidence"); },
      },
      payload);
}

class FakeWallet final : public api::Wallet {
 public:
  // ---- knobs and recorders ----
  std::vector<std::string> calls;        // one line per call, in order
  bool locked = false;                   // signing calls fail Unavailable "locked"
  std::optional<api::Error> fail;        // every fallible call fails with this (when set)
  bool echo_secrets = false;             // a buggy wallet: error messages repeat the secrets given
  bool with_reward_and_slash = false;    // History adds a reward and a slash entry
  std::string Last() const {
    std::lock_guard lock(m_mutex);
    return calls.empty() ? std::string() : calls.back();
  }
  // A copy taken under the recorder's lock: for tests whose wallet is called from worker threads.
  std::vector<std::string> Calls() const {
    std::lock_guard lock(m_mutex);
    return calls;
  }

  // ---- api::Wallet ----
  api::WalletInfo Info() override {
    Record("Info");
    return api::WalletInfo{true, false, true, locked, 300'000, 2, "/data/wallets/default.wallet"};
  }
  api::Result<crypto::SecureBuffer> Create(std::string_view passphrase, std::size_t words) override {
    Record("Create " + std::string(passphrase) + " words=" + std::to_string(words));
    if (auto e = Failure(passphrase)) return util::Err(*e);
    return crypto::SecureBuffer::CopyOf(util::ByteSpan(reinterpret_cast<const std::uint8_t*>(FAKE_MNEMONIC.data()),
                                                       FAKE_MNEMONIC.size()));
  }
  api::Result<void> ConfirmMnemonic(std::string_view words) override {
    Record("ConfirmMnemonic " + std::string(words));
    return Void(words);
  }
  api::Result<void> Restore(std::string_view mnemonic, std::string_view bip39_passphrase,
                            std::string_view passphrase) override {
    Record("Restore mnemonic=" + std::string(mnemonic) + " bip39=" + std::string(bip39_passphrase) +
           " passphrase=" + std::string(passphrase));
    // A wordlist error of the kind that would give a word away.
    return Void(echo_secrets ? "unknown word '" + std::string(mnemonic.substr(0, mnemonic.find(' '))) + "'" : "");
  }
  api::Result<void> CreateWatchOnly(const std::vector<std::string>& addresses) override {
    std::string line = "CreateWatchOnly";
    for (const auto& a : addresses) line += " " + a;
    Record(line);
    return Void("");
  }
  api::Result<void> Unlock(std::string_view passphrase, std::int64_t auto_lock_ms) override {
    Record("Unlock " + std::string(passphrase) + " " + std::to_string(auto_lock_ms));
    return Void(passphrase);
  }
  void Lock() override { Record("Lock"); }
  api::Result<void> ChangePassphrase(std::string_view old_passphrase, std::string_view new_passphrase) override {
    Record("ChangePassphrase " + std::string(old_passphrase) + " " + std::string(new_passphrase));
    return Void(std::string(old_passphrase) + "/" + std::string(new_passphrase));
  }
  api::Result<void> SetAutoLock(std::int64_t idle_ms) override {
    Record("SetAutoLock " + std::to_string(idle_ms));
    return Void("");
  }
  api::Result<void> Backup(const std::string& path) override {
    Record("Backup " + path);
    return Void("");
  }

  api::Result<std::vector<api::WalletAccount>> Accounts() override {
    Record("Accounts");
    if (fail) return util::Err(*fail);
    return std::vector<api::WalletAccount>{Account(0, "main", ALICE), Account(1, "savings", BOB)};
  }
  api::Result<api::WalletAccount> CreateAccount(std::string_view label) override {
    Record("CreateAccount " + std::string(label));
    if (auto e = Failure("", true)) return util::Err(*e);
    return Account(2, std::string(label), CAROL);
  }
  api::Result<void> RenameAccount(std::uint32_t index, std::string_view label) override {
    Record("RenameAccount " + std::to_string(index) + " " + std::string(label));
    return Void("");
  }

  api::Result<api::HistoryPage> History(const api::HistoryFilter& filter, std::optional<api::TxCursor> before,
                                        std::size_t limit) override {
    Record("History " + DescribeFilter(filter) + " before=" + (before ? FormatCursor(*before) : "-") +
           " limit=" + std::to_string(limit));
    if (fail) return util::Err(*fail);
    api::HistoryPage page;
    api::HistoryEntry pending{SENT_ID, 0, chain::PayloadKind::Transfer, api::HistoryStatus::Pending, true,
                              Addr(BOB), 250, 10, std::nullopt, 1'700'000'009'000, "", api::HistoryEntryKind::Transaction};
    api::HistoryEntry failed{Filled(0x5f), 1, chain::PayloadKind::Delegate, api::HistoryStatus::Failed, true,
                             Addr(CAROL), 5'000, 12, api::TxCursor{5, 1}, 1'700'000'005'000, "insufficient funds",
                             api::HistoryEntryKind::Transaction};
    page.entries = {pending, failed};
    if (with_reward_and_slash) {
      api::HistoryEntry reward{Filled(0x61), 0, chain::PayloadKind::ClaimRewards, api::HistoryStatus::Finalized, false,
                               Addr(DAVE), 1'234, 0, api::TxCursor{4, 0}, 1'700'000'004'000, "",
                               api::HistoryEntryKind::Reward};
      api::HistoryEntry slash{chain::TxId{}, 0, chain::PayloadKind::Evidence, api::HistoryStatus::Finalized, true,
                              Addr(DAVE), 77, 0, api::TxCursor{3, 0}, 1'700'000'003'000,
                              "validator 1 was jailed for missing votes (downtime)", api::HistoryEntryKind::Slash};
      page.entries.push_back(reward);
      page.entries.push_back(slash);
    }
    page.next = api::TxCursor{5, 1};
    return page;
  }
  api::Result<std::string> HistoryCsv(const api::HistoryFilter& filter) override {
    Record("HistoryCsv " + DescribeFilter(filter));
    if (fail) return util::Err(*fail);
    return std::string("id,kind,amount\r\n5e,transfer,0.00000250\r\n");
  }

  api::Result<api::SentTx> Submit(std::uint32_t account, const wallet::PayloadInput& payload, wallet::FeeLevel level,
                                  std::optional<chain::Amount> fee, std::string_view memo) override {
    Record("Submit " + std::to_string(account) + " " + Describe(payload) + " level=" +
           std::string(wallet::FeeLevelName(level)) + " fee=" + (fee ? std::to_string(*fee) : "-") +
           " memo=" + std::string(memo));
    if (auto e = Failure("", true)) return util::Err(*e);
    return api::SentTx{SENT_ID, 8, 1'500, 180};
  }
  api::Result<api::FeeEstimate> EstimateFee(std::uint32_t account, const wallet::PayloadInput& payload,
                                            wallet::FeeLevel level) override {
    Record("EstimateFee " + std::to_string(account) + " " + Describe(payload) + " level=" +
           std::string(wallet::FeeLevelName(level)));
    if (fail) return util::Err(*fail);
    return api::FeeEstimate{1'440, 180, 8};
  }
  api::Result<api::SentTx> BumpFee(const chain::TxId& id, std::optional<chain::Amount> fee) override {
    Record("BumpFee " + util::ToHex(id.span()).substr(0, 4) + " fee=" + (fee ? std::to_string(*fee) : "-"));
    if (auto e = Failure("", true)) return util::Err(*e);
    return api::SentTx{Filled(0x60), 8, 2'000, 180};
  }

  api::Result<api::SentTx> BecomeValidator(std::uint32_t account, chain::Amount self_bond, std::uint16_t commission_bps,
                                           std::string_view moniker, std::string_view website) override {
    Record("BecomeValidator " + std::to_string(account) + " bond=" + std::to_string(self_bond) +
           " bps=" + std::to_string(commission_bps) + " moniker=" + std::string(moniker) + " website=" + std::string(website));
    if (auto e = Failure("", true)) return util::Err(*e);
    return api::SentTx{SENT_ID, 9, 3'000, 320};
  }
  api::Result<std::string> ExportValidatorKeys(std::uint32_t account, std::string_view export_passphrase) override {
    Record("ExportValidatorKeys " + std::to_string(account) + " " + std::string(export_passphrase));
    if (auto e = Failure(export_passphrase, true)) return util::Err(*e);
    return std::string(R"({"version":1,"ciphertext":"00ff"})");
  }

  api::Result<api::WalletValidator> StartValidating(std::uint32_t account, std::string_view passphrase) override {
    Record("StartValidating " + std::to_string(account) + " " + std::string(passphrase));
    if (auto e = Failure(passphrase)) return util::Err(*e);
    crypto::PublicKey key;
    key.bytes.fill(0x7a);
    return api::WalletValidator{account, 3, Addr(DAVE), key, "/data/devnet/validator_hot.key"};
  }
  api::Result<void> StopValidating() override {
    Record("StopValidating");
    return Void("");
  }

  api::Result<std::vector<std::pair<chain::Address, std::string>>> Contacts() override {
    Record("Contacts");
    if (fail) return util::Err(*fail);
    return std::vector<std::pair<chain::Address, std::string>>{{Addr(BOB), "bob"}, {Addr(DAVE), "dave \"the validator\""}};
  }
  api::Result<void> SetContact(std::string_view address, std::string_view label) override {
    Record("SetContact " + std::string(address) + " " + std::string(label));
    return Void("");
  }
  api::Result<void> RemoveContact(std::string_view address) override {
    Record("RemoveContact " + std::string(address));
    return Void("");
  }

 private:
  void Record(std::string line) {
    std::lock_guard lock(m_mutex);
    calls.push_back(std::move(line));
  }

  // The knob-selected failure; `secret` is what a buggy wallet would repeat.
  std::optional<api::Error> Failure(std::string_view secret, bool needs_unlocked = false) const {
    if (needs_unlocked && locked) return api::Error{api::ErrorKind::Unavailable, "the wallet is locked", "locked"};
    if (!fail) return std::nullopt;
    api::Error e = *fail;
    if (echo_secrets && !secret.empty()) e.message += " (given '" + std::string(secret) + "')";
    return e;
  }
  api::Result<void> Void(std::string_view secret) {
    if (auto e = Failure(secret)) return util::Err(*e);
    return {};
  }

  static api::WalletAccount Account(std::uint32_t index, std::string label, std::uint8_t who) {
    api::WalletAccount a;
    a.index = index;
    a.label = std::move(label);
    a.address = Addr(who);
    a.nonce = 7 + index;
    a.balance = api::WalletBalance{index == 0 ? ALICE_BALANCE : 1'000, 900 + index, 500, 70, 12, 3};
    return a;
  }
  static std::string FormatCursor(const api::TxCursor& c) {
    return std::to_string(c.height) + "." + std::to_string(c.index);
  }
  static std::string DescribeFilter(const api::HistoryFilter& f) {
    auto num = [](const auto& v) { return v ? std::to_string(*v) : std::string("-"); };
    const std::string kind = f.kind    ? std::string(chain::PayloadKindName(*f.kind))
                             : f.entry ? std::string(api::HistoryEntryKindName(*f.entry))
                                       : std::string("-");
    return "account=" + num(f.account) + " kind=" + kind + " from=" + num(f.from_ms) + " to=" + num(f.to_ms);
  }

  mutable std::mutex m_mutex;
};

}  // namespace cairn::test
