// Mailbox: the chain thread's work queue (DESIGN.md section 2: one chain thread takes blocks, votes,
// txs and ticks from a mailbox like a single-threaded event loop).
//
// Thread safety: Post and Close may be called from any thread; Run is called by exactly one thread
// (the owner), which executes every task in posting order.
// Ownership: the mailbox owns queued tasks until they run. Tasks capture references to objects of the
// owner (NodeContext), which joins the running thread before destroying them.
// Failure: Post after Close returns false and drops the task. Run returns once Close was called and
// every task posted before it has run (the "drain" step of an ordered shutdown).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace cairn::runtime {

class Mailbox {
 public:
  using Task = std::function<void()>;

  bool Post(Task task) {
    {
      std::lock_guard lock(m_mutex);
      if (m_closed) return false;
      m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
    return true;
  }

  // Refuses new tasks; Run finishes the queued ones, then returns.
  void Close() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_cv.notify_all();
  }

  void Run() {
    for (;;) {
      Task task;
      {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_closed || !m_tasks.empty(); });
        if (m_tasks.empty()) return;  // closed and drained
        task = std::move(m_tasks.front());
        m_tasks.pop_front();
      }
      task();
    }
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Task> m_tasks;
  bool m_closed = false;
};

}  // namespace cairn::runtime
