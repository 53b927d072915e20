#include "runtime/node_context.h"

#include <chrono>
#include <future>

#include "util/log.h"

namespace cairn::runtime {

NodeContext::NodeContext(NodeConfig config)
    : m_config(std::move(config)), m_clock(m_config.clock ? m_config.clock : &util::SystemClock::Instance()) {}

NodeContext::~NodeContext() { Stop(); }

util::Result<void, std::string> NodeContext::Start() {
  if (m_engine) return util::Err(std::string("the node is already started"));
  if (m_config.network != "devnet") {
    return util::Err("network " + m_config.network + " is not supported by this build yet (only devnet)");
  }
  auto keys = LoadOrCreateDevnetKeys(m_config.network_dir);
  if (!keys) return util::Err(keys.error());
  auto genesis = LoadOrCreateDevnetGenesis(m_config.network_dir, *keys, *m_clock);
  if (!genesis) return util::Err(genesis.error());
  const auto genesis_time = static_cast<std::int64_t>(genesis->genesis_time_ms);
  const auto slot_ms = static_cast<std::int64_t>(genesis->params.slot_ms);
  auto engine = ChainEngine::Open(m_config.network_dir, std::move(*genesis), std::move(*keys), *m_clock);
  if (!engine) return util::Err(engine.error());
  m_engine = std::move(*engine);
  if (m_config.block_observer) m_engine->SetBlockObserver(m_config.block_observer);
  m_slot_clock.emplace(*m_clock, genesis_time, slot_ms);
  m_status = m_engine->status();
  m_stopped = false;
  CAIRN_LOG(Consensus, Info) << "node started: chain " << m_engine->genesis().chain_id.str() << ", head height "
                             << m_status.head_height << ", finalized height " << m_status.finalized_height << ", "
                             << slot_ms << " ms slots";

  m_chain_thread = std::thread([this] { m_mailbox.Run(); });
  if (m_config.tick_source == TickSource::Thread) m_tick_thread = std::thread([this] { TickLoop(); });
  return {};
}

void NodeContext::Stop() {
  if (m_stopped || !m_engine) return;
  m_stopped = true;
  // 1. Tick source: no new events.
  {
    std::lock_guard lock(m_tick_mutex);
    m_stopping = true;
  }
  m_tick_cv.notify_all();
  if (m_tick_thread.joinable()) m_tick_thread.join();
  // 2. Chain thread: run what is queued, then exit.
  m_mailbox.Close();
  if (m_chain_thread.joinable()) m_chain_thread.join();
  // 3. Stores.
  m_engine->Close();
  CAIRN_LOG(Consensus, Info) << "node stopped at head height " << m_status.head_height << ", finalized height "
                             << m_status.finalized_height;
}

NodeStatus NodeContext::status() const {
  std::lock_guard lock(m_status_mutex);
  return m_status;
}

std::int64_t NodeContext::EventTimeMs(const Event& e) const {
  return e.vote ? m_slot_clock->VoteDeadlineMs(e.slot) : m_slot_clock->SlotStartMs(e.slot);
}

NodeContext::Event NodeContext::FirstEventAt(std::int64_t now_ms) const {
  const auto at = m_slot_clock->At(now_ms);
  // Slot 0 is the genesis itself: the first block is for slot 1.
  if (!at || at->slot == 0) return {1, false};
  // Within the first third a late start still proposes; later only the vote of this slot is left.
  return {at->slot, at->ms_into_slot >= m_slot_clock->slot_ms() / 3};
}

void NodeContext::PostDue(std::int64_t now_ms) {
  if (!m_next) m_next = FirstEventAt(now_ms);
  // Fell behind by more than a slot: skip to the current slot.
  if (now_ms - EventTimeMs(*m_next) > m_slot_clock->slot_ms()) {
    const Event skip_to = FirstEventAt(now_ms);
    CAIRN_LOG(Consensus, Warn) << "slot events late by " << now_ms - EventTimeMs(*m_next)
                               << " ms; skipping to slot " << skip_to.slot;
    m_next = skip_to;
  }
  while (EventTimeMs(*m_next) <= now_ms) {
    const Event e = *m_next;
    const std::int64_t ms_into = now_ms - m_slot_clock->SlotStartMs(e.slot);
    m_mailbox.Post([this, e, ms_into] {
      if (e.vote) m_engine->OnVoteDeadline(e.slot, ms_into);
      else m_engine->OnSlotStart(e.slot, ms_into);
      std::lock_guard lock(m_status_mutex);
      m_status = m_engine->status();
    });
    m_next = Next(e);
  }
}

void NodeContext::RunDueTicks() {
  if (!m_engine || m_stopped) return;
  PostDue(m_clock->NowMs());
  std::promise<void> done;
  auto future = done.get_future();
  if (m_mailbox.Post([&done] { done.set_value(); })) future.wait();
}

void NodeContext::TickLoop() {
  std::unique_lock lock(m_tick_mutex);
  while (!m_stopping) {
    const std::int64_t now = m_clock->NowMs();
    PostDue(now);
    const std::int64_t wait_ms = std::max<std::int64_t>(EventTimeMs(*m_next) - m_clock->NowMs(), 1);
    // Capped so that a clock that jumps (or a manual one) is re-read at least a few times a second.
    m_tick_cv.wait_for(lock, std::chrono::milliseconds(std::min<std::int64_t>(wait_ms, 250)),
                       [&] { return m_stopping; });
  }
}

}  // namespace cairn::runtime
