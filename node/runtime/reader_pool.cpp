#include "runtime/reader_pool.h"

namespace cairn::runtime {

ReaderPool::Lease::~Lease() {
  if (m_pool != nullptr && m_reader) m_pool->Return(std::move(m_reader), m_discard);
}

ReaderPool::ReaderPool(std::string db_path, storage::ChainIdentity identity, std::size_t max_readers)
    : m_db_path(std::move(db_path)), m_identity(std::move(identity)), m_max(max_readers == 0 ? 1 : max_readers) {}

util::Result<ReaderPool::Lease, storage::StorageError> ReaderPool::Acquire() {
  {
    std::unique_lock lock(m_mutex);
    m_returned.wait(lock, [&] { return !m_idle.empty() || m_open < m_max; });
    if (!m_idle.empty()) {
      auto reader = std::move(m_idle.back());
      m_idle.pop_back();
      return Lease(this, std::move(reader));
    }
    ++m_open;  // reserve the slot; opened outside the lock (it reads the file)
  }
  auto opened = storage::ChainReader::Open(m_db_path, m_identity);
  if (!opened) {
    {
      std::lock_guard lock(m_mutex);
      --m_open;
    }
    m_returned.notify_one();
    return util::Err(std::move(opened).error());
  }
  return Lease(this, std::move(opened).value());
}

void ReaderPool::Return(std::unique_ptr<storage::ChainReader> reader, bool discard) {
  {
    std::lock_guard lock(m_mutex);
    if (discard) {
      --m_open;
    } else {
      m_idle.push_back(std::move(reader));
    }
  }
  m_returned.notify_one();
  // A discarded connection closes here, outside the lock.
}

std::size_t ReaderPool::open_count() const {
  std::lock_guard lock(m_mutex);
  return m_open;
}

}  // namespace cairn::runtime
