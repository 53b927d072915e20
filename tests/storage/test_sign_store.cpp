// SignStore (slashing protection): every refusal kind, idempotent re-signs, durability across reopen,
// the genesis binding on open and import, malformed interchanges (path-named errors, nothing changed),
// slashable interchanges (accepted, conflicting roots forgotten), export -> import round trips, and
// racing signers on one file.
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

#include "storage/sign_store.h"
#include "storage_test_util.h"
#include "test_registry.h"

using namespace cairn;
using namespace cairn::test;
using storage::ImportSummary;
using storage::InterchangeError;
using storage::OpenMode;
using storage::SignRefusal;
using storage::SignStore;
using storage::SigningRoot;
using storage::StorageError;

namespace {

SigningRoot Root(std::uint8_t fill) {
  SigningRoot r;
  r.bytes.fill(fill);
  return r;
}

const SigningRoot GENESIS = Root(0x11);
const SigningRoot OTHER_GENESIS = Root(0x22);
const std::string KEY_A = "0xaa01";
const std::string KEY_B = "0xbb02";
const std::string GENESIS_HEX = "0x" + std::string(64, '1') ;

std::unique_ptr<SignStore> OpenSign(const std::string& path, const SigningRoot& genesis = GENESIS) {
  auto opened = SignStore::Open(path, genesis);
  if (!opened) qWarning("%s", opened.error().message.c_str());
  return opened ? std::move(*opened) : nullptr;
}

std::string Interchange(const std::string& data, const std::string& genesis = GENESIS_HEX) {
  return R"({"metadata":{"interchange_format_version":"5","genesis_validators_root":")" + genesis +
         R"("},"data":)" + data + "}";
}

std::string Exported(SignStore& store) {
  auto text = store.Export();
  if (!text) qWarning("%s", text.error().message.c_str());
  return text ? *text : std::string("<export failed>");
}

}  // namespace

#define VERIFY_SIGNED(expr)                                                            \
  do {                                                                                 \
    auto&& sign_r = (expr);                                                            \
    if (!sign_r) QFAIL(("refused or failed: " + sign_r.error().message()).c_str());     \
  } while (false)

#define VERIFY_REFUSED(expr, expected_kind)                                                             \
  do {                                                                                                  \
    auto&& sign_r = (expr);                                                                             \
    QVERIFY2(!sign_r, "signed although it should be refused");                                          \
    QVERIFY2(sign_r.error().refused(), sign_r.error().message().c_str());                               \
    QVERIFY2(std::get<SignRefusal>(sign_r.error().value).kind == (expected_kind), sign_r.error().message().c_str()); \
    QVERIFY(!sign_r.error().message().empty());                                                         \
  } while (false)

class TestSignStore : public QObject {
  Q_OBJECT

 private slots:
  void blockRefusalsAndResign() {
    TempFolder dir;
    auto store = OpenSign(dir.Path("sp.sqlite"));
    QVERIFY(store);
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 10, Root(1)));
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 10, Root(1)));  // the same block again: harmless
    VERIFY_REFUSED(store->CheckAndRecordBlock(KEY_A, 10, Root(2)), SignRefusal::Kind::DoubleProposal);
    VERIFY_REFUSED(store->CheckAndRecordBlock(KEY_A, 10, SigningRoot{}), SignRefusal::Kind::DoubleProposal);
    // An unknown (zero) root never counts as the same block.
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 11, SigningRoot{}));
    VERIFY_REFUSED(store->CheckAndRecordBlock(KEY_A, 11, SigningRoot{}), SignRefusal::Kind::DoubleProposal);
    // Earlier slots are fine without an import (no watermark), other validators are independent, and
    // pubkeys compare case-insensitively.
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 5, Root(3)));
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_B, 10, Root(2)));
    VERIFY_REFUSED(store->CheckAndRecordBlock("0xAA01", 10, Root(2)), SignRefusal::Kind::DoubleProposal);
    // A malformed pubkey is a caller bug, not a refusal.
    auto bad = store->CheckAndRecordBlock("aa01", 12, Root(1));
    QVERIFY(!bad && !bad.error().refused());
    QCOMPARE(std::get<StorageError>(bad.error().value).kind, StorageError::Kind::Misuse);
  }

  void voteRefusalsAndResign() {
    TempFolder dir;
    auto store = OpenSign(dir.Path("sp.sqlite"));
    QVERIFY(store);
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 2, 3, Root(1)));
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 2, 3, Root(1)));
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 2, 3, Root(2)), SignRefusal::Kind::DoubleVote);
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 1, 3, Root(1)), SignRefusal::Kind::DoubleVote);
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 5, 4, Root(1)), SignRefusal::Kind::SourceAfterTarget);
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 5, 6, Root(1)));
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 4, 7, Root(1)), SignRefusal::Kind::SurroundingVote);
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 10, 20, Root(1)));
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 11, 19, Root(1)), SignRefusal::Kind::SurroundedVote);
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 6, 7, Root(1)));  // touches neither
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 21, 21, Root(1)));  // source == target is not slashable
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_B, 11, 19, Root(1)));  // another validator
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 0, 1, SigningRoot{}));
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 0, 1, SigningRoot{}), SignRefusal::Kind::DoubleVote);
  }

  void watermarksAfterImport() {
    TempFolder dir;
    auto store = OpenSign(dir.Path("sp.sqlite"));
    QVERIFY(store);
    auto imported = store->Import(Interchange(
        R"([{"pubkey":")" + KEY_A + R"(","signed_blocks":[{"slot":"50"},{"slot":"40","signing_root":"0x)" +
        std::string(64, 'a') + R"("}],"signed_attestations":[{"source_epoch":"10","target_epoch":"20"}]}])"));
    QVERIFY2(imported, imported ? "" : imported.error().message.c_str());
    QCOMPARE(imported->validators, std::size_t{1});
    QCOMPARE(imported->blocks, std::size_t{2});
    QCOMPARE(imported->attestations, std::size_t{1});
    QCOMPARE(imported->slashable, std::size_t{0});
    VERIFY_REFUSED(store->CheckAndRecordBlock(KEY_A, 40, Root(0xaa)), SignRefusal::Kind::BlockBelowWatermark);
    VERIFY_REFUSED(store->CheckAndRecordBlock(KEY_A, 45, Root(1)), SignRefusal::Kind::BlockBelowWatermark);
    VERIFY_REFUSED(store->CheckAndRecordBlock(KEY_A, 50, Root(1)), SignRefusal::Kind::BlockBelowWatermark);
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 51, Root(1)));
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 9, 21, Root(1)), SignRefusal::Kind::SourceBelowWatermark);
    VERIFY_REFUSED(store->CheckAndRecordVote(KEY_A, 10, 20, Root(1)), SignRefusal::Kind::TargetBelowWatermark);
    VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 10, 21, Root(1)));
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_B, 1, Root(1)));  // not in the interchange: no watermark
  }

  void durableAcrossReopen() {
    TempFolder dir;
    const std::string path = dir.Path("sp.sqlite");
    {
      auto store = OpenSign(path);
      QVERIFY(store);
      VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 7, Root(1)));
      VERIFY_SIGNED(store->CheckAndRecordVote(KEY_A, 3, 4, Root(1)));
    }
    QCOMPARE(RawQueryInt(path, "PRAGMA application_id"), std::int64_t{storage::SIGN_STORE_APPLICATION_ID});
    QCOMPARE(RawQueryInt(path, "PRAGMA user_version"), storage::SIGN_STORE_SCHEMA_VERSION);
    QCOMPARE(RawQueryInt(path, "SELECT count(*) FROM signed_blocks"), std::int64_t{1});
    auto store = SignStore::Open(path, GENESIS, OpenMode::MustExist);
    QVERIFY(store);
    VERIFY_REFUSED((*store)->CheckAndRecordBlock(KEY_A, 7, Root(2)), SignRefusal::Kind::DoubleProposal);
    VERIFY_REFUSED((*store)->CheckAndRecordVote(KEY_A, 2, 5, Root(1)), SignRefusal::Kind::SurroundingVote);
    VERIFY_SIGNED((*store)->CheckAndRecordBlock(KEY_A, 7, Root(1)));
    auto existing = SignStore::OpenExisting(path);
    QVERIFY(existing);
    QVERIFY((*existing)->genesis_root() == GENESIS);
  }

  void badFilesAndGenesisOnOpen() {
    TempFolder dir;
    const std::string path = dir.Path("sp.sqlite");
    auto missing = SignStore::Open(path, GENESIS, OpenMode::MustExist);
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind, StorageError::Kind::Io);
    QVERIFY(!FileExists(path));
    QVERIFY(!SignStore::OpenExisting(path));
    { QVERIFY(OpenSign(path)); }
    const std::string before = FileHash(path);
    auto other = SignStore::Open(path, OTHER_GENESIS);
    QVERIFY(!other);
    QCOMPARE(other.error().kind, StorageError::Kind::Invalid);
    QVERIFY2(other.error().message.find("genesis_validators_root") != std::string::npos, other.error().message.c_str());
    QVERIFY2(other.error().message.find(path) != std::string::npos, other.error().message.c_str());
    QCOMPARE(FileHash(path), before);

    const std::string foreign = dir.Path("foreign.sqlite");
    QVERIFY(RawSql(foreign, "CREATE TABLE t(x); PRAGMA application_id = 7;"));
    auto not_ours = SignStore::Open(foreign, GENESIS);
    QVERIFY(!not_ours);
    QCOMPARE(not_ours.error().kind, StorageError::Kind::Invalid);
    const std::string text = dir.Path("text.sqlite");
    WriteAll(text, util::AsBytes("hello, not a database"));
    auto not_sqlite = SignStore::Open(text, GENESIS);
    QVERIFY(!not_sqlite);
    QCOMPARE(not_sqlite.error().kind, StorageError::Kind::Invalid);
  }

  void importGenesisMismatchChangesNothing() {
    TempFolder dir;
    auto store = OpenSign(dir.Path("sp.sqlite"));
    QVERIFY(store);
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 3, Root(1)));
    const std::string before = Exported(*store);
    auto imported = store->Import(Interchange(R"([{"pubkey":"0xcc","signed_blocks":[{"slot":"9"}],"signed_attestations":[]}])",
                                              "0x" + std::string(64, '2')));
    QVERIFY(!imported);
    QCOMPARE(imported.error().kind, InterchangeError::Kind::GenesisMismatch);
    QCOMPARE(imported.error().path, std::string("metadata.genesis_validators_root"));
    QCOMPARE(Exported(*store), before);
  }

  void malformedInterchangesNameThePath_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind");
    const int malformed = static_cast<int>(InterchangeError::Kind::Malformed);
    const std::string good_validator = R"({"pubkey":"0xaa","signed_blocks":[{"slot":"1"}],"signed_attestations":[]})";
    auto row = [&](const char* name, const std::string& json, const char* path, int kind) {
      QTest::newRow(name) << QString::fromStdString(json) << QString::fromLatin1(path) << kind;
    };
    row("not json", "{\"metadata\": ", "", malformed);
    row("not an object", "[1,2]", "", malformed);
    row("no metadata", R"({"data":[]})", "metadata", malformed);
    row("version 4", R"({"metadata":{"interchange_format_version":"4","genesis_validators_root":")" + GENESIS_HEX +
                         R"("},"data":[]})",
        "metadata.interchange_format_version", static_cast<int>(InterchangeError::Kind::UnsupportedVersion));
    row("version as number", R"({"metadata":{"interchange_format_version":5,"genesis_validators_root":")" + GENESIS_HEX +
                                  R"("},"data":[]})",
        "metadata.interchange_format_version", malformed);
    row("short genesis", Interchange("[]", "0x1234"), "metadata.genesis_validators_root", malformed);
    row("no data", R"({"metadata":{"interchange_format_version":"5","genesis_validators_root":")" + GENESIS_HEX + R"("}})",
        "data", malformed);
    row("data not array", Interchange("{}"), "data", malformed);
    row("no pubkey", Interchange("[" + good_validator + R"(,{"signed_blocks":[],"signed_attestations":[]}])"),
        "data[1].pubkey", malformed);
    row("pubkey not hex", Interchange(R"([{"pubkey":"0xzz","signed_blocks":[],"signed_attestations":[]}])"),
        "data[0].pubkey", malformed);
    row("no signed_blocks", Interchange(R"([{"pubkey":"0xaa","signed_attestations":[]}])"), "data[0].signed_blocks",
        malformed);
    row("slot as number", Interchange("[" + good_validator + R"(,{"pubkey":"0xbb","signed_blocks":[{"slot":"2"},{"slot":3}],"signed_attestations":[]}])"),
        "data[1].signed_blocks[1].slot", malformed);
    row("negative slot", Interchange(R"([{"pubkey":"0xaa","signed_blocks":[{"slot":"-1"}],"signed_attestations":[]}])"),
        "data[0].signed_blocks[0].slot", malformed);
    row("huge slot", Interchange(R"([{"pubkey":"0xaa","signed_blocks":[{"slot":"18446744073709551615"}],"signed_attestations":[]}])"),
        "data[0].signed_blocks[0].slot", malformed);
    row("bad root", Interchange(R"([{"pubkey":"0xaa","signed_blocks":[{"slot":"1","signing_root":"0x12"}],"signed_attestations":[]}])"),
        "data[0].signed_blocks[0].signing_root", malformed);
    row("no target", Interchange("[" + good_validator + R"(,{"pubkey":"0xbb","signed_blocks":[],"signed_attestations":[{"source_epoch":"1"}]}])"),
        "data[1].signed_attestations[0].target_epoch", malformed);
    row("attestation not object", Interchange(R"([{"pubkey":"0xaa","signed_blocks":[],"signed_attestations":[7]}])"),
        "data[0].signed_attestations[0]", malformed);
  }

  void malformedInterchangesNameThePath() {
    QFETCH(QString, json);
    QFETCH(QString, path);
    QFETCH(int, kind);
    TempFolder dir;
    auto store = OpenSign(dir.Path("sp.sqlite"));
    QVERIFY(store);
    VERIFY_SIGNED(store->CheckAndRecordBlock(KEY_A, 3, Root(1)));
    const std::string before = Exported(*store);
    const std::string text = json.toStdString();
    auto imported = store->Import(text);
    QVERIFY(!imported);
    QCOMPARE(static_cast<int>(imported.error().kind), kind);
    QCOMPARE(QString::fromStdString(imported.error().path), path);
    const std::string& message = imported.error().message;
    if (!path.isEmpty()) QVERIFY2(message.find("'" + path.toStdString() + "'") != std::string::npos, message.c_str());
    QCOMPARE(Exported(*store), before);  // nothing imported, not even the valid part
  }

  void slashableInterchangeIsKept() {
    TempFolder dir;
    auto store = OpenSign(dir.Path("sp.sqlite"));
    QVERIFY(store);
    const std::string r1 = "0x" + std::string(64, '3');
    const std::string r2 = "0x" + std::string(64, '4');
    auto imported = store->Import(Interchange(
        R"([{"pubkey":"0xaa","signed_blocks":[{"slot":"5","signing_root":")" + r1 + R"("},{"slot":"5","signing_root":")" + r2 +
        R"("}],"signed_attestations":[{"source_epoch":"1","target_epoch":"10"},{"source_epoch":"2","target_epoch":"9"},)"
        R"({"source_epoch":"3","target_epoch":"10"}]}])"));
    QVERIFY2(imported, imported ? "" : imported.error().message.c_str());
    QCOMPARE(imported->slashable, std::size_t{3});  // the second block, the surrounded vote, the double vote
    auto text = store->Export();
    QVERIFY(text);
    // The slot's two roots conflict: neither is kept as "the" block.
    QVERIFY2(text->find(r1) == std::string::npos && text->find(r2) == std::string::npos, text->c_str());
    QVERIFY(text->find("\"target_epoch\": \"9\"") != std::string::npos);
    QVERIFY(text->find("\"source_epoch\": \"3\"") != std::string::npos);
  }

  void exportImportRoundTrip() {
    TempFolder dir;
    auto first = OpenSign(dir.Path("one.sqlite"));
    QVERIFY(first);
    VERIFY_SIGNED(first->CheckAndRecordBlock(KEY_A, 4, Root(1)));
    VERIFY_SIGNED(first->CheckAndRecordBlock(KEY_A, 9, SigningRoot{}));
    VERIFY_SIGNED(first->CheckAndRecordBlock(KEY_B, 4, Root(2)));
    VERIFY_SIGNED(first->CheckAndRecordVote(KEY_A, 1, 2, Root(3)));
    VERIFY_SIGNED(first->CheckAndRecordVote(KEY_A, 2, 5, Root(4)));
    VERIFY_SIGNED(first->CheckAndRecordVote(KEY_B, 0, 3, SigningRoot{}));
    const std::string exported = Exported(*first);
    QVERIFY(exported.find("\"interchange_format_version\": \"5\"") != std::string::npos);
    QVERIFY(exported.find("\"genesis_validators_root\": \"" + GENESIS_HEX + "\"") != std::string::npos);

    auto second = OpenSign(dir.Path("two.sqlite"));
    QVERIFY(second);
    auto imported = second->Import(exported);
    QVERIFY2(imported, imported ? "" : imported.error().message.c_str());
    QCOMPARE(imported->validators, std::size_t{2});
    QCOMPARE(imported->blocks, std::size_t{3});
    QCOMPARE(imported->attestations, std::size_t{3});
    QCOMPARE(imported->slashable, std::size_t{0});
    QCOMPARE(Exported(*second), exported);
    // Importing again (or into the source store) changes nothing.
    QVERIFY(second->Import(exported));
    QCOMPARE(Exported(*second), exported);
    QVERIFY(first->Import(exported));
    QCOMPARE(Exported(*first), exported);
    // The imported history protects: every recorded message is now below a watermark.
    VERIFY_REFUSED(second->CheckAndRecordBlock(KEY_A, 4, Root(1)), SignRefusal::Kind::BlockBelowWatermark);
    VERIFY_REFUSED(second->CheckAndRecordVote(KEY_A, 2, 5, Root(4)), SignRefusal::Kind::TargetBelowWatermark);
    VERIFY_SIGNED(second->CheckAndRecordVote(KEY_A, 2, 6, Root(4)));
  }

  void racingSignersOnOneFile() {
    TempFolder dir;
    const std::string path = dir.Path("sp.sqlite");
    { QVERIFY(OpenSign(path)); }
    // Two stores (connections) and several threads each try a different block for the same slots:
    // exactly one block per slot may win.
    auto one = SignStore::Open(path, GENESIS);
    auto two = SignStore::Open(path, GENESIS);
    QVERIFY(one && two);
    constexpr int SLOTS = 20;
    std::atomic<int> wins{0};
    std::atomic<int> faults{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      SignStore* store = (t % 2 == 0 ? *one : *two).get();
      threads.emplace_back([store, t, &wins, &faults] {
        for (int slot = 1; slot <= SLOTS; ++slot) {
          auto r = store->CheckAndRecordBlock(KEY_A, static_cast<std::uint64_t>(slot), Root(static_cast<std::uint8_t>(t + 1)));
          if (r) {
            ++wins;
          } else if (!r.error().refused()) {
            ++faults;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    QCOMPARE(faults.load(), 0);
    QCOMPARE(wins.load(), SLOTS);
  }
};

CAIRN_REGISTER_TEST(TestSignStore);
#include "test_sign_store.moc"
