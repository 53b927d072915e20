#include "fault_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <vector>

namespace cairn::test {
namespace {

struct Undo {
  std::string path;
  sqlite3_int64 offset = 0;
  std::vector<char> old_bytes;  // what the write overwrote (within the old size)
  sqlite3_int64 old_size = 0;   // the file's size before the write or truncate
};

struct State {
  sqlite3_vfs* real = nullptr;
  std::uint64_t countdown = 0;  // 0: disarmed
  bool failed = false;
  std::vector<Undo> undo;
} g;

struct File {
  sqlite3_file base;
  sqlite3_file* real;
  std::string path;  // empty: not tracked (temporary files, -shm)
};

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

// True when this call must fail (the machine is off).
bool Fails() {
  if (g.failed) return true;
  if (g.countdown > 0 && --g.countdown == 0) g.failed = true;
  return g.failed;
}

sqlite3_int64 SizeOf(sqlite3_file* real) {
  sqlite3_int64 size = 0;
  real->pMethods->xFileSize(real, &size);
  return size;
}

void Remember(File* f, sqlite3_int64 offset, sqlite3_int64 length) {
  if (f->path.empty()) return;
  Undo u;
  u.path = f->path;
  u.offset = offset;
  u.old_size = SizeOf(f->real);
  const sqlite3_int64 overlap = std::max<sqlite3_int64>(0, std::min(offset + length, u.old_size) - offset);
  u.old_bytes.resize(static_cast<std::size_t>(overlap));
  if (overlap > 0) f->real->pMethods->xRead(f->real, u.old_bytes.data(), static_cast<int>(overlap), offset);
  g.undo.push_back(std::move(u));
}

int Close(sqlite3_file* f) {
  File* file = reinterpret_cast<File*>(f);
  const int rc = file->real->pMethods->xClose(file->real);
  sqlite3_free(file->real);
  file->path.~basic_string();
  return rc;
}
int Read(sqlite3_file* f, void* buf, int amt, sqlite3_int64 off) { return Real(f)->pMethods->xRead(Real(f), buf, amt, off); }
int Write(sqlite3_file* f, const void* buf, int amt, sqlite3_int64 off) {
  if (Fails()) return SQLITE_IOERR_WRITE;
  Remember(reinterpret_cast<File*>(f), off, amt);
  return Real(f)->pMethods->xWrite(Real(f), buf, amt, off);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (Fails()) return SQLITE_IOERR_TRUNCATE;
  File* file = reinterpret_cast<File*>(f);
  const sqlite3_int64 old = SizeOf(file->real);
  if (size < old) Remember(file, size, old - size);
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) {
  if (Fails()) return SQLITE_IOERR_FSYNC;
  const int rc = Real(f)->pMethods->xSync(Real(f), flags);
  File* file = reinterpret_cast<File*>(f);
  if (rc == SQLITE_OK && !file->path.empty()) {
    std::erase_if(g.undo, [&](const Undo& u) { return u.path == file->path; });
  }
  return rc;
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) { return Real(f)->pMethods->xFileSize(Real(f), size); }
int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int Unlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int CheckReserved(sqlite3_file* f, int* out) { return Real(f)->pMethods->xCheckReservedLock(Real(f), out); }
int FileControl(sqlite3_file* f, int op, void* arg) {
  // Memory-mapped I/O would bypass xWrite: keep it off.
  if (op == SQLITE_FCNTL_MMAP_SIZE) {
    *static_cast<sqlite3_int64*>(arg) = 0;
    return SQLITE_OK;
  }
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); }
int ShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), page, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) { return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags); }
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int del) { return Real(f)->pMethods->xShmUnmap(Real(f), del); }

const sqlite3_io_methods METHODS = {
    2,        Close,       Read,     Write,         Truncate,   Sync,      FileSize, Lock, Unlock, CheckReserved,
    FileControl, SectorSize, DeviceCharacteristics, ShmMap, ShmLock, ShmBarrier, ShmUnmap, nullptr, nullptr,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  File* file = reinterpret_cast<File*>(f);
  file->base.pMethods = nullptr;
  file->real = static_cast<sqlite3_file*>(sqlite3_malloc(g.real->szOsFile));
  if (file->real == nullptr) return SQLITE_NOMEM;
  std::memset(file->real, 0, static_cast<std::size_t>(g.real->szOsFile));
  const int rc = g.real->xOpen(g.real, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    sqlite3_free(file->real);
    return rc;
  }
  new (&file->path) std::string();
  const bool durable = (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
  if (name != nullptr && durable) file->path = name;
  file->base.pMethods = &METHODS;
  return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (Fails()) return SQLITE_IOERR_DELETE;
  std::erase_if(g.undo, [&](const Undo& u) { return u.path == name; });
  return g.real->xDelete(g.real, name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) { return g.real->xAccess(g.real, name, flags, out); }
int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) { return g.real->xFullPathname(g.real, name, n, out); }
void* DlOpen(sqlite3_vfs*, const char* name) { return g.real->xDlOpen(g.real, name); }
void DlError(sqlite3_vfs*, int n, char* out) { g.real->xDlError(g.real, n, out); }
void (*DlSym(sqlite3_vfs*, void* h, const char* sym))(void) { return g.real->xDlSym(g.real, h, sym); }
void DlClose(sqlite3_vfs*, void* h) { g.real->xDlClose(g.real, h); }
int Randomness(sqlite3_vfs*, int n, char* out) { return g.real->xRandomness(g.real, n, out); }
int Sleep(sqlite3_vfs*, int us) { return g.real->xSleep(g.real, us); }
int CurrentTime(sqlite3_vfs*, double* out) { return g.real->xCurrentTime(g.real, out); }
int GetLastError(sqlite3_vfs*, int n, char* out) { return g.real->xGetLastError(g.real, n, out); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) { return g.real->xCurrentTimeInt64(g.real, out); }

sqlite3_vfs g_vfs = {
    2, 0, 1024, nullptr, "cairn-fault", nullptr, Open, Delete, Access, FullPathname, DlOpen, DlError, DlSym, DlClose,
    Randomness, Sleep, CurrentTime, GetLastError, CurrentTimeInt64, nullptr, nullptr, nullptr,
};

}  // namespace

void FaultVfs::Install() {
  g.real = sqlite3_vfs_find(nullptr);
  g_vfs.szOsFile = static_cast<int>(sizeof(File));
  g_vfs.mxPathname = g.real->mxPathname;
  sqlite3_vfs_register(&g_vfs, 1);
}

void FaultVfs::Uninstall() {
  sqlite3_vfs_unregister(&g_vfs);
  sqlite3_vfs_register(g.real, 1);
  g.undo.clear();
}

void FaultVfs::FailAfter(std::uint64_t n) {
  g.countdown = n;
  g.failed = false;
}

bool FaultVfs::Failed() { return g.failed; }

std::size_t FaultVfs::CutPowerAndRestart() {
  const std::size_t undone = g.undo.size();
  for (auto it = g.undo.rbegin(); it != g.undo.rend(); ++it) {
    sqlite3_file* real = static_cast<sqlite3_file*>(sqlite3_malloc(g.real->szOsFile));
    std::memset(real, 0, static_cast<std::size_t>(g.real->szOsFile));
    int out = 0;
    if (g.real->xOpen(g.real, it->path.c_str(), real, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MAIN_DB, &out) == SQLITE_OK) {
      if (!it->old_bytes.empty()) {
        real->pMethods->xWrite(real, it->old_bytes.data(), static_cast<int>(it->old_bytes.size()), it->offset);
      }
      real->pMethods->xTruncate(real, it->old_size);
      real->pMethods->xClose(real);
    }
    sqlite3_free(real);
  }
  g.undo.clear();
  g.countdown = 0;
  g.failed = false;
  return undone;
}

}  // namespace cairn::test
