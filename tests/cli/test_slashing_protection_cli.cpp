// `cairn slashing-protection import|export FILE` as a real process: import an EIP-3076 vector's
// interchange, export, re-import, the genesis root taken from --genesis-root, the chain database or
// the existing store, and the refusals (no genesis root, wrong chain, malformed file, existing export
// file without --force). Every failure must exit 1 with exactly one line on stderr, never a crash.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"
#include "storage/chain_store.h"
#include "vectors.h"

namespace {

using cairn::test::Field;
using cairn::test::RunResult;

RunResult Run(const QStringList& args) {
  return cairn::test::RunCairn(QStringList{QStringLiteral("slashing-protection")} + args);
}

bool WriteFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray ReadFile(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QString GENESIS = QStringLiteral("0x") + QString(64, QLatin1Char('0'));
const QString OTHER_GENESIS = QStringLiteral("0x") + QString(64, QLatin1Char('7'));

}  // namespace

#define VERIFY_OK(result)                                                             \
  do {                                                                                \
    const RunResult& r_ = (result);                                                   \
    QCOMPARE(r_.status, QProcess::NormalExit);                                        \
    QVERIFY2(r_.exit_code == 0, qPrintable(r_.err));                                  \
    QVERIFY2(r_.err.isEmpty(), qPrintable(r_.err));                                   \
  } while (0)

class TestSlashingProtectionCli : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;
  // The subcommand and its arguments, then the data folder options.
  static QStringList Common(const QString& datadir, const QStringList& args) {
    return args + QStringList{QStringLiteral("--datadir"), datadir, QStringLiteral("--network"), QStringLiteral("devnet")};
  }

 private slots:
  void usage() {
    const auto none = Run({});
    QCOMPARE(none.exit_code, 1);
    QVERIFY(none.err.contains(QStringLiteral("import")));
    VERIFY_INVALID(Run({QStringLiteral("teleport")}), "unknown subcommand 'teleport'");
    const auto help = Run({QStringLiteral("import"), QStringLiteral("--help")});
    QCOMPARE(help.exit_code, 0);
    for (const char* opt : {"--datadir", "--network", "--genesis-root", "Usage: cairn slashing-protection import"}) {
      QVERIFY2(help.out.contains(QLatin1String(opt)), opt);
    }
    const auto export_help = Run({QStringLiteral("export"), QStringLiteral("--help")});
    QCOMPARE(export_help.exit_code, 0);
    QVERIFY(export_help.out.contains(QStringLiteral("--force")));
    VERIFY_INVALID(Run({QStringLiteral("import")}), "exactly one FILE");
    VERIFY_INVALID(Run({QStringLiteral("import"), QStringLiteral("a"), QStringLiteral("b")}), "exactly one FILE");
    VERIFY_INVALID(Run({QStringLiteral("export"), QStringLiteral("--no-such"), QStringLiteral("f")}), "no-such");
    VERIFY_INVALID(Run(QStringList{QStringLiteral("import"), QStringLiteral("f"), QStringLiteral("--network"), QStringLiteral("moon")}),
                   "unknown network 'moon'");
  }

  void importExportReimport() {
    CAIRN_LOAD_VECTORS(doc, QStringLiteral("eip3076/single_validator_single_block_and_attestation.json"));
    QVERIFY(m_dir.isValid());
    const QString datadir = m_dir.filePath(QStringLiteral("data"));
    const QJsonObject interchange =
        doc.object().value(QStringLiteral("steps")).toArray().at(0).toObject().value(QStringLiteral("interchange")).toObject();
    QCOMPARE(interchange.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("genesis_validators_root")).toString(),
             GENESIS);
    const QString input = m_dir.filePath(QStringLiteral("in.json"));
    QVERIFY(WriteFile(input, QJsonDocument(interchange).toJson()));

    // No chain database and no store yet: the genesis root must be given.
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), input})), "--genesis-root");
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), input, QStringLiteral("--genesis-root"),
                                                     QStringLiteral("0x12")})),
                   "--genesis-root must be 32 bytes");
    // Another chain's root: the interchange does not fit.
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), input, QStringLiteral("--genesis-root"),
                                                     OTHER_GENESIS})),
                   "genesis_validators_root");

    // A failed first import leaves no database behind (it would be bound to the wrong root).
    QVERIFY(!QFile::exists(datadir + QStringLiteral("/devnet/slashing_protection.sqlite")));
    const auto imported = Run(Common(datadir, QStringList{QStringLiteral("import"), input, QStringLiteral("--genesis-root"), GENESIS}));
    VERIFY_OK(imported);
    QCOMPARE(Field(imported, QStringLiteral("validators")), QStringLiteral("1"));
    QCOMPARE(Field(imported, QStringLiteral("blocks")), QStringLiteral("1"));
    QCOMPARE(Field(imported, QStringLiteral("votes")), QStringLiteral("1"));
    QVERIFY(QFile::exists(datadir + QStringLiteral("/devnet/slashing_protection.sqlite")));
    // Now the store supplies the root; a contradicting --genesis-root is refused.
    VERIFY_OK(Run(Common(datadir, QStringList{QStringLiteral("import"), input})));
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), input, QStringLiteral("--genesis-root"),
                                                     OTHER_GENESIS})),
                   "genesis_validators_root");

    const QString exported = m_dir.filePath(QStringLiteral("out.json"));
    const auto first_export = Run(Common(datadir, QStringList{QStringLiteral("export"), exported}));
    VERIFY_OK(first_export);
    QCOMPARE(Field(first_export, QStringLiteral("genesis_validators_root")), GENESIS);
    const QJsonObject out = QJsonDocument::fromJson(ReadFile(exported)).object();
    QCOMPARE(out.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("interchange_format_version")).toString(),
             QStringLiteral("5"));
    const QJsonObject record = out.value(QStringLiteral("data")).toArray().at(0).toObject();
    QCOMPARE(record.value(QStringLiteral("pubkey")).toString(),
             interchange.value(QStringLiteral("data")).toArray().at(0).toObject().value(QStringLiteral("pubkey")).toString());
    QCOMPARE(record.value(QStringLiteral("signed_blocks")).toArray().at(0).toObject().value(QStringLiteral("slot")).toString(),
             QStringLiteral("32"));
    QCOMPARE(record.value(QStringLiteral("signed_attestations")).toArray().at(0).toObject().value(QStringLiteral("target_epoch")).toString(),
             QStringLiteral("20"));

    // The export file exists: refused without --force, replaced with it.
    const QByteArray before = ReadFile(exported);
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("export"), exported})), "--force");
    QCOMPARE(ReadFile(exported), before);
    VERIFY_OK(Run(Common(datadir, QStringList{QStringLiteral("export"), exported, QStringLiteral("--force")})));
    QCOMPARE(ReadFile(exported), before);

    // Re-import the export into a fresh data folder, then export again: the same document.
    const QString datadir2 = m_dir.filePath(QStringLiteral("data2"));
    VERIFY_OK(Run(Common(datadir2, QStringList{QStringLiteral("import"), exported, QStringLiteral("--genesis-root"), GENESIS})));
    const QString exported2 = m_dir.filePath(QStringLiteral("out2.json"));
    VERIFY_OK(Run(Common(datadir2, QStringList{QStringLiteral("export"), exported2})));
    QCOMPARE(ReadFile(exported2), before);
  }

  void refusals() {
    QVERIFY(m_dir.isValid());
    const QString datadir = m_dir.filePath(QStringLiteral("refusals"));
    const QString missing = m_dir.filePath(QStringLiteral("missing.json"));
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), missing, QStringLiteral("--genesis-root"), GENESIS})),
                   "cannot read");
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("export"), m_dir.filePath(QStringLiteral("x.json"))})),
                   "no slashing-protection database");
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("x.json"))));

    const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(WriteFile(bad, (QStringLiteral(R"({"metadata":{"interchange_format_version":"5","genesis_validators_root":")") +
                            GENESIS +
                            QStringLiteral(R"("},"data":[{"pubkey":"0xaa","signed_blocks":[{"slot":"x"}],"signed_attestations":[]}]})"))
                               .toUtf8()));
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), bad, QStringLiteral("--genesis-root"), GENESIS})),
                   "data[0].signed_blocks[0].slot");
    const QString not_json = m_dir.filePath(QStringLiteral("not.json"));
    QVERIFY(WriteFile(not_json, "not json at all\n"));
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), not_json, QStringLiteral("--genesis-root"), GENESIS})),
                   "not valid JSON");
    const QString v4 = m_dir.filePath(QStringLiteral("v4.json"));
    QVERIFY(WriteFile(v4, (QStringLiteral(R"({"metadata":{"interchange_format_version":"4","genesis_validators_root":")") +
                           GENESIS + QStringLiteral(R"("},"data":[]})"))
                              .toUtf8()));
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), v4, QStringLiteral("--genesis-root"), GENESIS})),
                   "version");
  }

  void genesisFromChainDatabase() {
    QVERIFY(m_dir.isValid());
    const QString datadir = m_dir.filePath(QStringLiteral("withchain"));
    QVERIFY(QDir().mkpath(datadir + QStringLiteral("/devnet")));
    cairn::crypto::Hash256 genesis{};
    genesis.bytes.fill(0x77);
    {
      auto chain_store = cairn::storage::ChainStore::Open((datadir + QStringLiteral("/devnet/chain.sqlite")).toStdString(),
                                                          cairn::storage::OpenMode::CreateIfMissing,
                                                          cairn::chain::ChainId::Unchecked("cairn-devnet"), genesis);
      QVERIFY2(chain_store, chain_store ? "" : chain_store.error().message.c_str());
    }
    const QString input = m_dir.filePath(QStringLiteral("chain7.json"));
    QVERIFY(WriteFile(input, (QStringLiteral(R"({"metadata":{"interchange_format_version":"5","genesis_validators_root":")") +
                              OTHER_GENESIS +
                              QStringLiteral(R"("},"data":[{"pubkey":"0xaa","signed_blocks":[{"slot":"3"}],"signed_attestations":[]}]})"))
                                 .toUtf8()));
    const auto imported = Run(Common(datadir, QStringList{QStringLiteral("import"), input}));
    VERIFY_OK(imported);
    QCOMPARE(Field(imported, QStringLiteral("blocks")), QStringLiteral("1"));
    // The interchange of another chain (all-zero root) is refused against the chain database's root.
    const QString zero = m_dir.filePath(QStringLiteral("chain0.json"));
    QVERIFY(WriteFile(zero, (QStringLiteral(R"({"metadata":{"interchange_format_version":"5","genesis_validators_root":")") +
                             GENESIS + QStringLiteral(R"("},"data":[]})"))
                                .toUtf8()));
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), zero})), "genesis_validators_root");
    VERIFY_INVALID(Run(Common(datadir, QStringList{QStringLiteral("import"), input, QStringLiteral("--genesis-root"), GENESIS})),
                   "is not the genesis of the chain database");
  }
};

QTEST_GUILESS_MAIN(TestSlashingProtectionCli)
#include "test_slashing_protection_cli.moc"
