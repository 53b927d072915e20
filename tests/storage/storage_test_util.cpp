#include "storage_test_util.h"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "util/hex.h"

namespace cairn::test {

util::Bytes ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return util::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, util::ByteSpan bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::string FileHash(const std::string& path) {
  if (!FileExists(path)) return "(missing)";
  return util::ToHex(crypto::Sha256(ReadAll(path)).span());
}

bool FileExists(const std::string& path) { return std::filesystem::exists(path); }

bool RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK;
  char* error = nullptr;
  ok = ok && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK;
  if (error != nullptr) {
    qWarning("raw sql failed: %s", error);
    sqlite3_free(error);
  }
  sqlite3_close(db);
  return ok;
}

std::int64_t RawQueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::int64_t value = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return value;
}

std::unique_ptr<storage::ChainStore> OpenStore(const std::string& path, const SyntheticChain& chain,
                                               storage::OpenMode mode) {
  auto store = storage::ChainStore::Open(path, mode, chain.chain_id(), chain.genesis_hash());
  if (!store) {
    qWarning("%s", store.error().message.c_str());
    return nullptr;
  }
  return std::move(store).value();
}

storage::ChainIdentity IdentityOf(const SyntheticChain& chain) { return {chain.chain_id(), chain.genesis_hash()}; }

void CommitThrough(storage::ChainStore& store, const SyntheticChain& chain, SyntheticChain::Replay& replay,
                   chain::Height to) {
  while (replay.ids.size() <= to) {
    const chain::Height height = replay.ids.size();
    const SyntheticBlock made = chain.Extend(replay);
    auto done = store.CommitBlock(made.block, made.id, height, made.diff);
    if (!done) qFatal("commit of block %llu failed: %s", static_cast<unsigned long long>(height), done.error().message.c_str());
  }
}

bool SameState(const state::MemoryState& a, const state::MemoryState& b) { return a.entries() == b.entries(); }

}  // namespace cairn::test
