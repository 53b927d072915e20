// Helpers shared by the storage tests: temporary folders, file hashes, raw SQLite access for building
// hostile files, and QCOMPARE-friendly checks of Results.
#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <string>

#include "state/state_diff.h"
#include "storage/chain_store.h"
#include "storage/storage_error.h"
#include "synthetic_chain.h"

namespace cairn::test {

// A fresh temporary folder; Path("chain.db") names a file in it.
class TempFolder {
 public:
  TempFolder() { QVERIFY(m_dir.isValid()); }
  std::string Path(const std::string& name) const { return (m_dir.path() + "/" + QString::fromStdString(name)).toStdString(); }

 private:
  QTemporaryDir m_dir;
};

// SHA-256 of a file's bytes (empty optional if it cannot be read).
std::string FileHash(const std::string& path);
bool FileExists(const std::string& path);
util::Bytes ReadAll(const std::string& path);
void WriteAll(const std::string& path, util::ByteSpan bytes);

// Runs `sql` on the file through a plain SQLite connection (for building foreign or tampered files).
bool RawSql(const std::string& path, const std::string& sql);
// The first column of the first row of `sql`, as an integer (-1 on error).
std::int64_t RawQueryInt(const std::string& path, const std::string& sql);

std::unique_ptr<storage::ChainStore> OpenStore(const std::string& path, const SyntheticChain& chain,
                                               storage::OpenMode mode = storage::OpenMode::CreateIfMissing);
storage::ChainIdentity IdentityOf(const SyntheticChain& chain);

// Commits blocks head+1..to, keeping `replay` (the expected chain) in step.
void CommitThrough(storage::ChainStore& store, const SyntheticChain& chain, SyntheticChain::Replay& replay,
                   chain::Height to);

bool SameState(const state::MemoryState& a, const state::MemoryState& b);

}  // namespace cairn::test

// QVERIFY for a Result, printing the error message on failure.
#define STORAGE_VERIFY(expr)                                                                  \
  do {                                                                                        \
    auto&& storage_verify_r = (expr);                                                         \
    if (!storage_verify_r) QFAIL(("failed: " + storage_verify_r.error().message).c_str());    \
  } while (false)
