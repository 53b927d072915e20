// ReaderPool: read-only ChainReader connections for api readers (DESIGN.md section 2: readers use
// their own read-only SQLite connections on WAL snapshots, never the chain thread's writer).
//
// Connections are opened on demand, up to `max_readers`; a caller finding all of them in use waits
// for one to come back (reads are short: one read transaction per call). A connection that reported
// an error is closed rather than reused, so a transient fault does not stick to the pool.
//
// Thread safety: Acquire from any thread; a Lease is used by one thread at a time.
// Ownership: the pool owns idle connections, a Lease the one it holds until it is destroyed (which
// returns it). Every Lease must be gone before the pool is destroyed.
// Failure: Acquire returns the StorageError of opening a connection (Io, Invalid).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/chain_reader.h"
#include "util/result.h"

namespace cairn::runtime {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<storage::ChainReader> reader)
        : m_pool(pool), m_reader(std::move(reader)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    storage::ChainReader* operator->() { return m_reader.get(); }
    storage::ChainReader& operator*() { return *m_reader; }
    // The connection misbehaved: close it instead of returning it to the pool.
    void Discard() { m_discard = true; }

   private:
    ReaderPool* m_pool;
    std::unique_ptr<storage::ChainReader> m_reader;
    bool m_discard = false;
  };

  ReaderPool(std::string db_path, storage::ChainIdentity identity, std::size_t max_readers);
  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  [[nodiscard]] util::Result<Lease, storage::StorageError> Acquire();

  std::size_t open_count() const;  // connections in use or idle

 private:
  void Return(std::unique_ptr<storage::ChainReader> reader, bool discard);

  const std::string m_db_path;
  const storage::ChainIdentity m_identity;
  const std::size_t m_max;
  mutable std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<storage::ChainReader>> m_idle;  // guarded by m_mutex
  std::size_t m_open = 0;                                     // guarded by m_mutex
};

}  // namespace cairn::runtime
