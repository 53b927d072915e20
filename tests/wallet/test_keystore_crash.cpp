// Crash safety of the keystore's writes. ChangePassphrase must leave exactly one of the old and the new
// passphrase working whatever happens and wherever it happens:
//   - an I/O error at every single write, sync, truncate and delete SQLite performs (a VFS shim counts
//     them and fails the n-th, either once or from then on like a dead disk), in process;
//   - a SIGKILL at every one of those points, in a forked child;
//   - a SIGKILL at a random moment from outside, in a forked child, 60 times.
// Create and BackupTo get the same fault sweep: afterwards the target either does not exist or is a
// complete wallet. After each fault the file is reopened with the ordinary VFS, which exercises the
// recovery of an interrupted transaction (keystore_file.cpp).
#include <QObject>
#include <QTemporaryDir>
#include <QTest>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <vector>

#include "keystore_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using namespace cairn::wallet;

namespace {

constexpr std::string_view LEGAL = "legal winner thank year wave sausage worth useful legal winner thank yellow";
constexpr const char* FAULT_VFS = "cairn-fault";

enum class FaultMode { Off, ErrorOnce, ErrorFromThen, Kill };

// Process-wide: the VFS has no per-connection context worth the trouble in a test.
struct FaultState {
  std::atomic<FaultMode> mode{FaultMode::Off};
  std::atomic<int> fail_at{0};
  std::atomic<int> count{0};
  std::atomic<bool> dead{false};
};
FaultState g_fault;

void Arm(FaultMode mode, int fail_at) {
  g_fault.count = 0;
  g_fault.dead = false;
  g_fault.fail_at = fail_at;
  g_fault.mode = mode;
}

// Counts the disarmed operations too, so the caller can tell whether the fault point was reached.
int Disarm() {
  g_fault.mode = FaultMode::Off;
  g_fault.dead = false;
  return g_fault.count.load();
}

// SQLITE_OK, or the error the n-th mutating operation must fail with.
int Tick(int error) {
  const FaultMode mode = g_fault.mode.load();
  if (mode == FaultMode::Off) return SQLITE_OK;
  const int n = ++g_fault.count;
  if (g_fault.dead) return error;
  if (n != g_fault.fail_at) return SQLITE_OK;
  if (mode == FaultMode::Kill) ::kill(::getpid(), SIGKILL);
  if (mode == FaultMode::ErrorFromThen) g_fault.dead = true;
  return error;
}

struct FaultFile {
  sqlite3_file base;
  sqlite3_file* real;
};

sqlite3_vfs* RealVfs() { return sqlite3_vfs_find(nullptr); }
sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int FClose(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int FRead(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) { return Real(f)->pMethods->xRead(Real(f), buf, n, off); }
int FWrite(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (const int rc = Tick(SQLITE_IOERR_WRITE)) return rc;
  return Real(f)->pMethods->xWrite(Real(f), buf, n, off);
}
int FTruncate(sqlite3_file* f, sqlite3_int64 size) {
  if (const int rc = Tick(SQLITE_IOERR_TRUNCATE)) return rc;
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int FSync(sqlite3_file* f, int flags) {
  if (const int rc = Tick(SQLITE_IOERR_FSYNC)) return rc;
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FFileSize(sqlite3_file* f, sqlite3_int64* size) { return Real(f)->pMethods->xFileSize(Real(f), size); }
int FLock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int FUnlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int FCheckReserved(sqlite3_file* f, int* out) { return Real(f)->pMethods->xCheckReservedLock(Real(f), out); }
int FFileControl(sqlite3_file* f, int op, void* arg) { return Real(f)->pMethods->xFileControl(Real(f), op, arg); }
int FSectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int FDeviceCharacteristics(sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); }

// Version 1 methods: no shared memory (WAL is never used) and no memory mapping, so every write goes
// through FWrite.
const sqlite3_io_methods FAULT_METHODS = {
    1, FClose, FRead, FWrite, FTruncate, FSync, FFileSize, FLock, FUnlock, FCheckReserved, FFileControl,
    FSectorSize, FDeviceCharacteristics, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

int FOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = reinterpret_cast<FaultFile*>(file);
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = RealVfs()->xOpen(RealVfs(), name, f->real, flags, out_flags);
  file->pMethods = (rc == SQLITE_OK && f->real->pMethods != nullptr) ? &FAULT_METHODS : nullptr;
  return rc;
}

int FDelete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (const int rc = Tick(SQLITE_IOERR_DELETE)) return rc;  // deleting the journal is the commit point
  return RealVfs()->xDelete(RealVfs(), name, sync_dir);
}

void RegisterFaultVfs() {
  static sqlite3_vfs vfs = [] {
    sqlite3_vfs v = *RealVfs();
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(sizeof(FaultFile)) + RealVfs()->szOsFile;
    v.zName = FAULT_VFS;
    v.pNext = nullptr;
    v.xOpen = FOpen;
    v.xDelete = FDelete;
    v.xSetSystemCall = nullptr;
    v.xGetSystemCall = nullptr;
    v.xNextSystemCall = nullptr;
    return v;
  }();
  static const bool registered = sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  if (!registered) qFatal("could not register the fault VFS");
}

KeystoreOptions FaultOptions() {
  KeystoreOptions options = FastOptions();
  options.sqlite_vfs = FAULT_VFS;
  return options;
}

// Which passphrase opens the wallet: 0 for `a`, 1 for `b`, -1 for neither, 2 for both. Fresh
// Keystores, so one failure does not throttle the other attempt.
int WhichOpens(const std::string& path, const std::string& a, const std::string& b) {
  auto first = Keystore::Open(path, Devnet(), FastOptions());
  if (!first) {
    qWarning("reopening after the fault failed: %s", qPrintable(Describe(first.error())));
    return -1;
  }
  const bool a_ok = (*first)->Unlock(a).has_value();
  first->reset();
  auto second = Keystore::Open(path, Devnet(), FastOptions());
  if (!second) return -1;
  const bool b_ok = (*second)->Unlock(b).has_value();
  if (a_ok && b_ok) return 2;
  return a_ok ? 0 : (b_ok ? 1 : -1);
}

std::string PassphraseFor(int generation) { return "passphrase generation " + std::to_string(generation); }

void MakeWallet(const std::string& path, const std::string& passphrase) {
  auto ks = Keystore::Restore(path, Devnet(), LEGAL, "", passphrase, FastOptions());
  if (!ks) qFatal("restore failed: %s", ks.error().message.c_str());
  if (!(*ks)->CreateAccount("main")) qFatal("account failed");
}

bool NoTemporaryFilesIn(const std::string& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".creating-") != std::string::npos || name.find(".recover-") != std::string::npos) {
      qWarning("left behind: %s", name.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

class TestKeystoreCrash : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { RegisterFaultVfs(); }

  void ioErrorAtEveryWriteOfChangePassphrase() {
    for (const FaultMode mode : {FaultMode::ErrorOnce, FaultMode::ErrorFromThen}) {
      QTemporaryDir dir;
      const std::string path = dir.filePath("w.wallet").toStdString();
      int generation = 0;
      MakeWallet(path, PassphraseFor(generation));
      int n = 1;
      for (;; ++n) {
        const std::string current = PassphraseFor(generation);
        const std::string next = PassphraseFor(generation + 1);
        auto ks = Keystore::Open(path, Devnet(), FaultOptions());
        CAIRN_VERIFY_OK(ks);
        Arm(mode, n);
        auto changed = (*ks)->ChangePassphrase(current, next);
        const int operations = Disarm();
        ks->reset();  // closing may roll back with the disk working again, like a restart
        const int which = WhichOpens(path, current, next);
        QVERIFY2(which == 0 || which == 1, qPrintable(QStringLiteral("fault at operation %1: %2 passphrases open the file")
                                                          .arg(n)
                                                          .arg(which == 2 ? "both" : "neither")));
        if (changed) QCOMPARE(which, 1);  // reported success is durable
        if (which == 1) ++generation;
        QVERIFY(NoTemporaryFilesIn(dir.path().toStdString()));
        if (operations < n) break;  // the fault point lies beyond the last operation: all covered
      }
      qInfo("mode %d: %d write/sync/truncate/delete points covered", static_cast<int>(mode), n - 1);
      QVERIFY(n > 5);
    }
  }

  void sigkillAtEveryWriteOfChangePassphrase() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    int generation = 0;
    MakeWallet(path, PassphraseFor(generation));
    int killed = 0;
    int rolled_back = 0;
    for (int n = 1;; ++n) {
      const std::string current = PassphraseFor(generation);
      const std::string next = PassphraseFor(generation + 1);
      const pid_t pid = ::fork();
      QVERIFY(pid >= 0);
      if (pid == 0) {
        auto ks = Keystore::Open(path, Devnet(), FaultOptions());
        if (!ks) ::_exit(3);
        Arm(FaultMode::Kill, n);
        ::_exit((*ks)->ChangePassphrase(current, next) ? 0 : 4);
      }
      int status = 0;
      QCOMPARE(::waitpid(pid, &status, 0), pid);
      const bool was_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
      QVERIFY2(was_killed || (WIFEXITED(status) && WEXITSTATUS(status) == 0), "the child failed without being killed");
      const util::Bytes left = ReadFileBytes(path);
      const int which = WhichOpens(path, current, next);
      // Opening and unlocking never write, so a change means Open undid an interrupted transaction.
      if (ReadFileBytes(path) != left) ++rolled_back;
      QVERIFY2(which == 0 || which == 1, qPrintable(QStringLiteral("killed at operation %1: %2 passphrases open the file")
                                                        .arg(n)
                                                        .arg(which == 2 ? "both" : "neither")));
      if (!was_killed) {
        QCOMPARE(which, 1);
        break;  // ran to completion: every point before was a kill point
      }
      ++killed;
      if (which == 1) ++generation;
    }
    qInfo("killed at each of %d points; opening rolled back %d interrupted transactions", killed, rolled_back);
    QVERIFY(killed > 5);
    QVERIFY(rolled_back > 0);
  }

  void sigkillAtRandomMomentsDuringChangePassphrase() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("w.wallet").toStdString();
    int generation = 0;
    MakeWallet(path, PassphraseFor(generation));
    // How long a change takes here (the median of five), to aim the kills inside it.
    std::vector<std::chrono::nanoseconds> durations;
    {
      auto ks = Keystore::Open(path, Devnet(), FastOptions());
      CAIRN_VERIFY_OK(ks);
      for (int i = 0; i < 5; ++i) {
        const auto start = std::chrono::steady_clock::now();
        CAIRN_VERIFY_OK((*ks)->ChangePassphrase(PassphraseFor(generation), PassphraseFor(generation + 1)));
        durations.push_back(std::chrono::steady_clock::now() - start);
        ++generation;
      }
    }
    std::sort(durations.begin(), durations.end());
    const std::chrono::nanoseconds typical = durations[2];
    std::mt19937_64 rng(7337);
    int before = 0;
    int after = 0;
    int completed = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 60; ++i) {
      const std::string current = PassphraseFor(generation);
      const std::string next = PassphraseFor(generation + 1);
      int ready[2];
      QCOMPARE(::pipe(ready), 0);
      const pid_t pid = ::fork();
      QVERIFY(pid >= 0);
      if (pid == 0) {
        ::close(ready[0]);
        auto ks = Keystore::Open(path, Devnet(), FastOptions());
        if (!ks) ::_exit(3);
        const char go = 1;
        if (::write(ready[1], &go, 1) != 1) ::_exit(5);
        ::_exit((*ks)->ChangePassphrase(current, next) ? 0 : 4);
      }
      ::close(ready[1]);
      char go = 0;
      const bool child_ready = ::read(ready[0], &go, 1) == 1;
      ::close(ready[0]);
      // The kill point: uniformly over 1.2 times a typical change, from the moment it starts.
      const auto span = static_cast<std::uint64_t>(typical.count()) * 6 / 5 + 1;
      const auto delay = std::chrono::nanoseconds(static_cast<std::int64_t>(rng() % span));
      const auto until = std::chrono::steady_clock::now() + delay;
      while (std::chrono::steady_clock::now() < until) {
      }
      ::kill(pid, SIGKILL);
      int status = 0;
      QCOMPARE(::waitpid(pid, &status, 0), pid);
      QVERIFY(child_ready);
      const bool was_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
      QVERIFY2(was_killed || (WIFEXITED(status) && WEXITSTATUS(status) == 0), "the child failed without being killed");
      const int which = WhichOpens(path, current, next);
      QVERIFY2(which == 0 || which == 1, qPrintable(QStringLiteral("iteration %1: %2 passphrases open the file")
                                                        .arg(i)
                                                        .arg(which == 2 ? "both" : "neither")));
      if (!was_killed) {
        QCOMPARE(which, 1);
        ++completed;
      } else {
        ++(which == 1 ? after : before);
      }
      if (which == 1) ++generation;
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    qInfo("60 random kills (a change takes about %lld us): %d before the commit, %d after it, %d completed; %lld ms",
          static_cast<long long>(typical.count() / 1000), before, after, completed, static_cast<long long>(elapsed.count()));
    QVERIFY(NoTemporaryFilesIn(dir.path().toStdString()));
  }

  void ioErrorAtEveryWriteOfCreateAndBackup() {
    QTemporaryDir dir;
    const std::string source = dir.filePath("source.wallet").toStdString();
    MakeWallet(source, "source passphrase");
    for (int n = 1;; ++n) {
      const std::string path = dir.filePath(QStringLiteral("new-%1.wallet").arg(n)).toStdString();
      Arm(FaultMode::ErrorFromThen, n);
      auto created = Keystore::Restore(path, Devnet(), LEGAL, "", "passphrase", FaultOptions());
      const int operations = Disarm();
      if (created) {
        created->reset();
      } else {
        QVERIFY2(!FileExists(path), "a failed Create left a file at the wallet's path");
      }
      if (FileExists(path)) CAIRN_VERIFY_OK(Keystore::Open(path, Devnet(), FastOptions()));
      QVERIFY(NoTemporaryFilesIn(dir.path().toStdString()));
      if (operations < n) {
        QVERIFY(created.has_value());
        break;
      }
    }
    auto ks = Keystore::Open(source, Devnet(), FaultOptions());
    CAIRN_VERIFY_OK(ks);
    for (int n = 1;; ++n) {
      const std::string backup = dir.filePath(QStringLiteral("backup-%1.wallet").arg(n)).toStdString();
      Arm(FaultMode::ErrorFromThen, n);
      auto written = (*ks)->BackupTo(backup);
      const int operations = Disarm();
      if (!written) QVERIFY2(!FileExists(backup), "a failed backup left a file");
      if (FileExists(backup)) {
        auto copy = Keystore::Open(backup, Devnet(), FastOptions());
        CAIRN_VERIFY_OK(copy);
        CAIRN_VERIFY_OK((*copy)->Unlock("source passphrase"));
      }
      QVERIFY(NoTemporaryFilesIn(dir.path().toStdString()));
      if (operations < n) {
        CAIRN_VERIFY_OK(written);
        break;
      }
    }
  }
};

CAIRN_REGISTER_TEST(TestKeystoreCrash);

#include "test_keystore_crash.moc"
