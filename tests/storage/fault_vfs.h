// A SQLite VFS for power-loss tests (the LevelDB fault-injection Env idea): it wraps the default VFS,
// remembers what every write or truncate since a file's last sync overwrote, and can
//  - fail: after a chosen number of write/sync/truncate calls, that call and every later one fails
//    with SQLITE_IOERR (the machine is "off"), and
//  - cut power: undo every write and truncate not followed by a sync of its file, newest first, as
//    if the page cache never reached the disk.
// File creation and deletion are treated as durable; the -shm index is not tracked (SQLite rebuilds
// it after a crash).
//
// Thread safety: for single-threaded tests only.
#pragma once

#include <cstdint>

namespace cairn::test {

class FaultVfs {
 public:
  // Registers the VFS as SQLite's default (connections opened from now on use it).
  static void Install();
  // Restores the previous default. Connections opened meanwhile must be closed first.
  static void Uninstall();
  // The `n`-th write/sync/truncate from now (1-based) and all later ones fail; 0 disarms.
  static void FailAfter(std::uint64_t n);
  static bool Failed();
  // Undoes every unsynced write (call after closing the connections), then lets I/O work again.
  // Returns the number of writes undone.
  static std::size_t CutPowerAndRestart();
};

}  // namespace cairn::test
