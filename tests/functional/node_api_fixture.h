// Test fixture of test_node_api.cpp: a devnet NodeContext over a util::ManualClock with
// TickSource::External (the test moves time slot by slot), the operator account's key to sign
// transactions with, and an event collector that the test thread can wait on.
#pragma once

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "api/node.h"
#include "chain/address.h"
#include "chain/transaction.h"
#include "devnet_operator.h"
#include "runtime/node_context.h"

namespace cairn::test {

inline constexpr std::int64_t START_MS = 1'700'000'000'300;
inline constexpr std::int64_t GENESIS_MS = 1'700'000'001'000;  // the next whole second
inline constexpr std::int64_t SLOT_MS = 1000;
inline constexpr chain::Amount FEE = 10'000;  // devnet min_fee_rate is 1 per byte; a transfer is ~200 bytes
inline constexpr int WAIT_MS = 5000;          // for the indexer and event threads

inline chain::Address SomeAddress(std::uint8_t fill) {
  chain::Address a;
  a.bytes.fill(fill);
  return a;
}

// A devnet node in a temporary folder, with the operator account's key (the devnet's funded
// account) re-derived from the key file exactly as devnet_bootstrap derives it.
struct Devnet {
  Devnet() { node = std::make_unique<runtime::NodeContext>(Config()); }

  runtime::NodeConfig Config() const {
    runtime::NodeConfig c;
    c.network_dir = dir.path().toStdString();
    c.clock = &clock;
    c.tick_source = runtime::TickSource::External;
    return c;
  }

  // Stops the node and starts a new one from the same folder.
  bool Restart() {
    node->Stop();
    node = std::make_unique<runtime::NodeContext>(Config());
    return Start();
  }

  bool Start() {
    auto started = node->Start();
    if (!started) {
      qWarning("start failed: %s", started.error().c_str());
      return false;
    }
    operator_key = DevnetOperatorKey(dir.path().toStdString());
    if (!operator_key) return false;
    operator_address = chain::AddressFromPublicKey(operator_key->public_key());
    const api::NodeInfo info = node->api().Info();
    chain_id = info.chain_id;
    genesis_hash = info.genesis_hash;
    return true;
  }

  // Both events of `slot`: its start (propose) and one third in (vote).
  void RunSlot(chain::Slot slot) {
    clock.SetMs(GENESIS_MS + static_cast<std::int64_t>(slot) * SLOT_MS);
    node->RunDueTicks();
    clock.SetMs(GENESIS_MS + static_cast<std::int64_t>(slot) * SLOT_MS + SLOT_MS / 3 + 1);
    node->RunDueTicks();
  }
  void RunSlots(chain::Slot from, chain::Slot to) {
    for (chain::Slot s = from; s <= to; ++s) RunSlot(s);
  }

  // A transaction of the operator account, signed.
  chain::Transaction Signed(chain::Payload payload, std::uint64_t nonce) const {
    chain::Transaction tx;
    tx.chain_id = chain_id;
    tx.sender = operator_key->public_key();
    tx.nonce = nonce;
    tx.fee = FEE;
    tx.expiry_slot = 10'000;
    tx.payload = std::move(payload);
    chain::SignTransaction(tx, *operator_key, genesis_hash);
    return tx;
  }
  chain::Transaction Transfer(const chain::Address& to, chain::Amount amount, std::uint64_t nonce) const {
    return Signed(chain::Transfer{to, amount}, nonce);
  }

  api::Node& api() { return node->api(); }

  QTemporaryDir dir;
  util::ManualClock clock{START_MS};
  std::unique_ptr<runtime::NodeContext> node;
  std::optional<crypto::SecretKey> operator_key;
  chain::Address operator_address;
  chain::ChainId chain_id;
  crypto::Hash256 genesis_hash;
};

// Collects events from the event thread.
class Collector {
 public:
  api::Node::EventCallback Callback() {
    return [this](const api::Event& e) {
      {
        std::lock_guard lock(m_mutex);
        m_events.push_back(e);
      }
      m_cv.notify_all();
    };
  }
  // Waits until `pred(events)` holds (or the timeout passes); returns whether it held.
  template <class P>
  bool WaitFor(P pred, std::chrono::milliseconds timeout = std::chrono::milliseconds(WAIT_MS)) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, timeout, [&] { return pred(m_events); });
  }
  std::vector<api::Event> events() const {
    std::lock_guard lock(m_mutex);
    return m_events;
  }

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<api::Event> m_events;
};

template <class T>
std::vector<T> OfType(const std::vector<api::Event>& events) {
  std::vector<T> out;
  for (const auto& e : events) {
    if (const auto* x = std::get_if<T>(&e)) out.push_back(*x);
  }
  return out;
}

inline bool HasAddressTx(const std::vector<api::Event>& events, const chain::TxId& id, api::TxStatus status) {
  for (const auto& e : OfType<api::AddressTxEvent>(events)) {
    if (e.id == id && e.status == status) return true;
  }
  return false;
}

}  // namespace cairn::test
