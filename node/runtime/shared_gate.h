// SharedGate: a reader-writer lock in which a waiting writer goes first. Used where many reader
// threads (RPC, GUI, explorer) share data with one writer that must not be held up: the chain thread
// changing the head state in place, and NodeContext::Stop detaching the api.
//
// Why not std::shared_mutex: libstdc++ builds it on a default pthread rwlock, which prefers readers,
// so a steady stream of overlapping readers (four RPC threads polling accounts) can keep the writer
// out indefinitely, and the writer here is the chain thread in the middle of a block. With this gate
// a writer that arrives makes new readers wait; readers already inside finish (their sections are
// short by contract), then the writer runs, then the readers resume.
//
// Thread safety: every method from any thread. Meets the SharedMutex requirements used by
// std::unique_lock and std::shared_lock (lock/unlock, lock_shared/unlock_shared). Not recursive: a
// thread holding it shared must not take it again (a waiting writer would deadlock it).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace cairn::runtime {

class SharedGate {
 public:
  SharedGate() = default;
  SharedGate(const SharedGate&) = delete;
  SharedGate& operator=(const SharedGate&) = delete;

  void lock() {
    std::unique_lock guard(m_mutex);
    ++m_writers_waiting;
    m_writer_cv.wait(guard, [&] { return !m_writer_inside && m_readers == 0; });
    --m_writers_waiting;
    m_writer_inside = true;
  }
  void unlock() {
    {
      std::lock_guard guard(m_mutex);
      m_writer_inside = false;
    }
    m_writer_cv.notify_one();
    m_reader_cv.notify_all();
  }
  void lock_shared() {
    std::unique_lock guard(m_mutex);
    m_reader_cv.wait(guard, [&] { return !m_writer_inside && m_writers_waiting == 0; });
    ++m_readers;
  }
  void unlock_shared() {
    bool wake_writer = false;
    {
      std::lock_guard guard(m_mutex);
      wake_writer = --m_readers == 0 && m_writers_waiting > 0;
    }
    if (wake_writer) m_writer_cv.notify_one();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_reader_cv;
  std::condition_variable m_writer_cv;
  std::uint32_t m_readers = 0;
  std::uint32_t m_writers_waiting = 0;
  bool m_writer_inside = false;
};

}  // namespace cairn::runtime
