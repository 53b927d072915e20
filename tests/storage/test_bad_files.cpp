// Files that are not, or no longer, a usable Cairn chain database: every one must give a clear error
// naming the file, and leave the file's bytes exactly as they were (compared by hash).
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <random>

#include "storage/chain_reader.h"
#include "storage/indexer.h"
#include "storage_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using storage::ChainStore;
using storage::OpenMode;
using storage::StorageError;

namespace {

const SyntheticChain& Chain() {
  static const SyntheticChain chain(150, 60, true);
  return chain;
}

constexpr chain::Height GOOD_HEIGHT = 12;
constexpr chain::Height GOOD_CHECKPOINT = 8;

// A closed, well-formed database: blocks 1..12, a checkpoint at 8, indexes built.
void MakeGoodDatabase(const std::string& path) {
  auto store = OpenStore(path, Chain());
  QVERIFY(store);
  store->SetCheckpointInterval(GOOD_CHECKPOINT, 1ull << 40);
  STORAGE_VERIFY(store->CommitGenesis(Chain().Genesis()));
  SyntheticChain::Replay replay{Chain().Genesis(), {Chain().genesis_hash()}};
  CommitThrough(*store, Chain(), replay, GOOD_HEIGHT);
  auto indexer = storage::Indexer::Open(path, IdentityOf(Chain()));
  STORAGE_VERIFY(indexer);
  STORAGE_VERIFY((*indexer)->IndexUpTo(100));
}

const SyntheticChain::Replay& Expected() {
  static const SyntheticChain::Replay replay = Chain().ReplayTo(GOOD_HEIGHT);
  return replay;
}

// Everything a node would do with the file: open with an integrity check, load the state, read every
// block and diff. Returns the first error, or nothing when all of it worked and matched.
std::optional<StorageError> UseEverything(const std::string& path) {
  storage::StoreOptions options;
  options.integrity_check = storage::IntegrityCheck::Quick;
  {
    auto store = ChainStore::Open(path, OpenMode::CreateIfMissing, Chain().chain_id(), Chain().genesis_hash(), options);
    if (!store) return store.error();
    auto loaded = (*store)->LoadState();
    if (!loaded) return loaded.error();
    if (!SameState(*loaded, Expected().state)) qFatal("a damaged file produced a wrong state without an error");
  }
  auto reader = storage::ChainReader::Open(path, IdentityOf(Chain()));
  if (!reader) return reader.error();
  for (chain::Height h = 1; h <= GOOD_HEIGHT; ++h) {
    auto block = (*reader)->BlockByHeight(h);
    if (!block) return block.error();
    if (!*block || (*block)->id != Expected().ids[h]) qFatal("a damaged file returned a wrong block without an error");
    auto diff = (*reader)->DiffByHeight(h);
    if (!diff) return diff.error();
  }
  return std::nullopt;
}

// Every way in must refuse the file with `kind`, naming it; the bytes stay the same.
void ExpectRefused(const std::string& path, StorageError::Kind kind, const std::string& words) {
  const std::string before = FileHash(path);
  std::vector<StorageError> errors;
  auto store = ChainStore::Open(path, OpenMode::CreateIfMissing, Chain().chain_id(), Chain().genesis_hash());
  if (!store) errors.push_back(store.error());
  store = ChainStore::Open(path, OpenMode::MustExist, Chain().chain_id(), Chain().genesis_hash());
  if (!store) errors.push_back(store.error());
  auto reader = storage::ChainReader::Open(path);
  if (!reader) errors.push_back(reader.error());
  auto indexer = storage::Indexer::Open(path, IdentityOf(Chain()));
  if (!indexer) errors.push_back(indexer.error());
  QCOMPARE(errors.size(), std::size_t{4});
  for (const auto& e : errors) {
    if (e.kind != kind || e.message.find(path) == std::string::npos || e.message.find(words) == std::string::npos) {
      QFAIL(("unexpected error: " + e.message).c_str());
    }
  }
  QCOMPARE(FileHash(path), before);
}

// The file offset of `needle` (which must occur exactly once).
std::optional<std::size_t> FindOnce(const util::Bytes& hay, util::ByteSpan needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  if (it == hay.end()) return std::nullopt;
  if (std::search(it + 1, hay.end(), needle.begin(), needle.end()) != hay.end()) return std::nullopt;
  return static_cast<std::size_t>(it - hay.begin());
}

void FlipAndExpectInvalid(const std::string& path, std::size_t offset, const std::string& words) {
  util::Bytes bytes = ReadAll(path);
  QVERIFY(offset < bytes.size());
  bytes[offset] ^= 0x10;
  WriteAll(path, bytes);
  const std::string before = FileHash(path);
  const auto error = UseEverything(path);
  QVERIFY2(error.has_value(), "a damaged file was used without an error");
  QVERIFY2(error->kind == StorageError::Kind::Invalid, error->message.c_str());
  QVERIFY2(error->message.find(words) != std::string::npos, error->message.c_str());
  QVERIFY2(error->message.find(path) != std::string::npos, error->message.c_str());
  QCOMPARE(FileHash(path), before);
}

}  // namespace

class TestBadFiles : public QObject {
  Q_OBJECT

 private slots:
  void goodDatabaseIsUsable() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    QVERIFY(!FileExists(path + "-wal"));  // closed cleanly: everything is in the main file
    const std::string before = FileHash(path);
    const auto error = UseEverything(path);
    QVERIFY2(!error, error ? error->message.c_str() : "");
    // Opening, loading and reading write nothing into the main file.
    QCOMPARE(FileHash(path), before);
  }

  void emptyFile() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    WriteAll(path, {});
    ExpectRefused(path, StorageError::Kind::Invalid, "empty file");
  }

  void randomBytes() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    std::mt19937 rng(7);
    util::Bytes noise(8192);
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    WriteAll(path, noise);
    ExpectRefused(path, StorageError::Kind::Invalid, "not a SQLite database");
    WriteAll(path, util::AsBytes("SQLite"));  // too short for a header
    ExpectRefused(path, StorageError::Kind::Invalid, "not a SQLite database");
  }

  void foreignSqliteDatabase() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    QVERIFY(RawSql(path, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('mine');"));
    ExpectRefused(path, StorageError::Kind::Invalid, "another application");
    QVERIFY(RawSql(path, "PRAGMA application_id = 1234;"));
    ExpectRefused(path, StorageError::Kind::Invalid, "not a Cairn chain database");
  }

  void databaseOfAnotherChain() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain other(10, 2, false);  // another genesis hash
    auto other_id = chain::ChainId::Unchecked("other-chain");
    {
      auto store = ChainStore::Open(path, OpenMode::CreateIfMissing, other_id, other.genesis_hash());
      STORAGE_VERIFY(store);
    }
    const std::string before = FileHash(path);
    auto store = ChainStore::Open(path, OpenMode::MustExist, Chain().chain_id(), Chain().genesis_hash());
    QVERIFY(!store);
    QCOMPARE(store.error().kind, StorageError::Kind::Invalid);
    QVERIFY2(store.error().message.find("belongs to chain 'other-chain'") != std::string::npos, store.error().message.c_str());
    QVERIFY(store.error().message.find("not 'storage-test'") != std::string::npos);
    auto indexer = storage::Indexer::Open(path, IdentityOf(Chain()));
    QVERIFY(!indexer);
    QCOMPARE(indexer.error().kind, StorageError::Kind::Invalid);
    auto reader = storage::ChainReader::Open(path, IdentityOf(Chain()));
    QVERIFY(!reader);
    QCOMPARE(reader.error().kind, StorageError::Kind::Invalid);
    QCOMPARE(FileHash(path), before);
  }

  void schemaFromTheFuture() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    QVERIFY(RawSql(path, "PRAGMA user_version = 99;"));
    ExpectRefused(path, StorageError::Kind::Invalid, "newer Cairn (schema version 99");
  }

  void notInWalMode() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    QVERIFY(RawSql(path, "PRAGMA journal_mode = DELETE;"));
    const std::string before = FileHash(path);
    auto store = ChainStore::Open(path, OpenMode::MustExist, Chain().chain_id(), Chain().genesis_hash());
    QVERIFY(!store);
    QCOMPARE(store.error().kind, StorageError::Kind::Invalid);
    QVERIFY(store.error().message.find("WAL mode") != std::string::npos);
    QCOMPARE(FileHash(path), before);
  }

  void orphanWalAndDirectory() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    WriteAll(path + "-wal", util::AsBytes("stale log"));
    auto store = ChainStore::Open(path, OpenMode::CreateIfMissing, Chain().chain_id(), Chain().genesis_hash());
    QVERIFY(!store);
    QCOMPARE(store.error().kind, StorageError::Kind::Invalid);
    QVERIFY(!FileExists(path));
    std::filesystem::create_directory(dir.Path("folder.db"));
    store = ChainStore::Open(dir.Path("folder.db"), OpenMode::CreateIfMissing, Chain().chain_id(), Chain().genesis_hash());
    QVERIFY(!store);
    QCOMPARE(store.error().kind, StorageError::Kind::Invalid);
  }

  void truncatedFile() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    for (const double fraction : {0.5, 0.9}) {
      util::Bytes bytes = ReadAll(path);
      bytes.resize(static_cast<std::size_t>(static_cast<double>(bytes.size()) * fraction) / 4096 * 4096 + 100);
      WriteAll(path, bytes);
      const std::string before = FileHash(path);
      const auto error = UseEverything(path);
      QVERIFY2(error.has_value(), "a truncated file was used without an error");
      QVERIFY2(error->kind == StorageError::Kind::Invalid, error->message.c_str());
      QCOMPARE(FileHash(path), before);
    }
  }

  void bitFlipInTheStateCheckpoint() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    // A state row: key followed directly by its value (in diffs a presence flag and a length sit
    // between them). The value at the checkpoint height comes from the replay.
    const SyntheticChain::Replay at_checkpoint = Chain().ReplayTo(GOOD_CHECKPOINT);
    const util::Bytes file = ReadAll(path);
    std::optional<std::size_t> offset;
    for (std::uint32_t i = 0; i < Chain().accounts() && !offset; ++i) {
      util::Bytes row = AccountKey(Chain().address(i));
      util::Append(row, *at_checkpoint.state.Get(row));
      if (auto found = FindOnce(file, row)) offset = *found + row.size() - 3;
    }
    QVERIFY(offset);
    FlipAndExpectInvalid(path, *offset, "does not match its digest");
  }

  void bitFlipInAStateDiff() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    const SyntheticChain::Replay before_last = Chain().ReplayTo(GOOD_HEIGHT - 1);
    const SyntheticBlock last = Chain().Make(before_last.state, GOOD_HEIGHT, before_last.ids.back());
    const util::Bytes encoded = state::Encode(last.diff);
    const auto offset = FindOnce(ReadAll(path), util::ByteSpan(encoded).first(48));
    QVERIFY(offset);
    FlipAndExpectInvalid(path, *offset + 40, "does not match its checksum");
  }

  void bitFlipInABlockBody() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    const SyntheticChain::Replay before_last = Chain().ReplayTo(GOOD_HEIGHT - 1);
    const SyntheticBlock last = Chain().Make(before_last.state, GOOD_HEIGHT, before_last.ids.back());
    const util::Bytes body = chain::Encode(last.block.body);
    const auto offset = FindOnce(ReadAll(path), util::ByteSpan(body).first(64));
    QVERIFY(offset);
    FlipAndExpectInvalid(path, *offset + 50, "roots");
  }

  void bitFlipInTheSchemaPage() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    MakeGoodDatabase(path);
    const auto offset = FindOnce(ReadAll(path), util::AsBytes("CREATE TABLE canonical"));
    QVERIFY(offset);
    FlipAndExpectInvalid(path, *offset + 14, "");
  }

  // Random single-bit flips anywhere past the file header: each either changes nothing that is read
  // (free space) or is reported; never a wrong answer, never a changed file.
  void randomBitFlips() {
    TempFolder dir;
    const std::string good = dir.Path("good.db");
    MakeGoodDatabase(good);
    const util::Bytes pristine = ReadAll(good);
    std::mt19937_64 rng(20240601);
    int reported = 0, harmless = 0;
    for (int trial = 0; trial < 40; ++trial) {
      const std::string path = dir.Path("flip" + std::to_string(trial) + ".db");
      util::Bytes bytes = pristine;
      const std::size_t offset = 100 + rng() % (bytes.size() - 100);
      bytes[offset] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      WriteAll(path, bytes);
      const std::string before = FileHash(path);
      const auto error = UseEverything(path);
      if (error) {
        ++reported;
        QVERIFY2(error->message.find(path) != std::string::npos, error->message.c_str());
      } else {
        ++harmless;
      }
      QCOMPARE(FileHash(path), before);
    }
    qInfo("random bit flips: %d reported, %d in bytes nothing reads", reported, harmless);
  }
};

CAIRN_REGISTER_TEST(TestBadFiles);
#include "test_bad_files.moc"
