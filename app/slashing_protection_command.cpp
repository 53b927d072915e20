#include "slashing_protection_command.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>

#include <optional>

#include "startup_options.h"
#include "storage/chain_reader.h"
#include "storage/chain_store.h"
#include "storage/sign_store.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::app {
namespace {

constexpr int EXIT_DONE = 0;
constexpr int EXIT_BAD = 1;
// Interchange files are a few records per validator and slot; anything larger is not one.
constexpr qint64 MAX_INTERCHANGE_BYTES = 512LL * 1024 * 1024;

QString Q(const std::string& s) { return QString::fromStdString(s); }

class Invocation {
 public:
  explicit Invocation(QString sub) : m_sub(std::move(sub)) {}

  int Fail(const QString& message) const {
    // One line: messages from lower layers never contain a newline, but make sure.
    QString line = message;
    line.replace('\n', ' ');
    QTextStream(stderr) << "cairn slashing-protection " << m_sub << ": " << line << "\n";
    return EXIT_BAD;
  }
  static void Print(const QString& name, const QString& value) { QTextStream(stdout) << name << ": " << value << "\n"; }

 private:
  QString m_sub;
};

struct Options {
  QString file;
  QString network_dir;
  std::optional<storage::SigningRoot> genesis_root;  // from --genesis-root
  bool force = false;
};

QString SignStorePath(const Options& o) { return QDir(o.network_dir).filePath(QString::fromLatin1(storage::SIGN_STORE_FILE_NAME)); }

// Parses the subcommand's options. Returns an exit code when finished (help, or bad usage).
std::optional<int> ParseOptions(const QString& sub, const QStringList& arguments, const Invocation& inv, Options& out) {
  QCommandLineParser parser;
  const bool is_export = sub == QStringLiteral("export");
  parser.setApplicationDescription(
      is_export ? QStringLiteral("Write this node's slashing-protection history (every block and vote its validators "
                                 "signed) to FILE as an EIP-3076 interchange, format version 5.")
                : QStringLiteral("Merge an EIP-3076 interchange file (format version 5) into this node's "
                                 "slashing-protection database. All or nothing; existing records are kept; afterwards "
                                 "nothing at or below the highest imported slot, source or target can be signed."));
  parser.addHelpOption();
  const QCommandLineOption datadir_opt(QStringLiteral("datadir"),
                                       QStringLiteral("Folder holding one sub-folder per network (default: %1).").arg(DefaultDataDir()),
                                       QStringLiteral("dir"));
  const QCommandLineOption network_opt(QStringLiteral("network"),
                                       QStringLiteral("Network: %1 (default: devnet).").arg(KnownNetworks().join(", ")),
                                       QStringLiteral("name"), QStringLiteral("devnet"));
  const QCommandLineOption genesis_opt(
      QStringLiteral("genesis-root"),
      QStringLiteral("The chain's genesis root (genesis_validators_root), 32 bytes hex. Needed until the node has "
                     "created this network's chain database (%1) or slashing-protection database, from which it is "
                     "otherwise taken; when given it must match them.")
          .arg(QString::fromLatin1(storage::CHAIN_DB_FILE_NAME)),
      QStringLiteral("hex"));
  parser.addOptions({datadir_opt, network_opt, genesis_opt});
  const QCommandLineOption force_opt(QStringLiteral("force"), QStringLiteral("Overwrite FILE if it exists."));
  if (is_export) parser.addOption(force_opt);
  parser.addPositionalArgument(QStringLiteral("FILE"), is_export ? QStringLiteral("The interchange file to write.")
                                                                 : QStringLiteral("The interchange file to read."));

  QStringList with_program = arguments;
  with_program.prepend(QStringLiteral("cairn slashing-protection ") + sub);
  if (!parser.parse(with_program)) return inv.Fail(parser.errorText());
  if (parser.isSet(QStringLiteral("help"))) {
    QString help = parser.helpText();
    const qsizetype eol = help.indexOf('\n');
    help.replace(0, eol,
                 QStringLiteral("Usage: cairn slashing-protection %1 [--datadir DIR] [--network NAME] [--genesis-root HEX]%2 FILE")
                     .arg(sub, is_export ? QStringLiteral(" [--force]") : QString()));
    QTextStream(stdout) << help;
    return EXIT_DONE;
  }
  if (parser.positionalArguments().size() != 1) {
    return inv.Fail(QStringLiteral("expected exactly one FILE (see cairn slashing-protection %1 --help)").arg(sub));
  }
  out.file = parser.positionalArguments().first();
  const QString network = parser.value(network_opt);
  if (!KnownNetworks().contains(network)) {
    return inv.Fail(QStringLiteral("unknown network '%1' (known: %2)").arg(network, KnownNetworks().join(", ")));
  }
  const QString base = parser.isSet(datadir_opt) ? QDir(parser.value(datadir_opt)).absolutePath() : DefaultDataDir();
  out.network_dir = QDir(base).filePath(network);
  if (parser.isSet(genesis_opt)) {
    const std::string text = parser.value(genesis_opt).trimmed().toStdString();
    auto root = util::ParseFixedHex<32>(util::StripHexPrefix(text));
    if (!root) return inv.Fail(QStringLiteral("--genesis-root must be 32 bytes of hex (64 digits, optional 0x)"));
    out.genesis_root = *root;
  }
  out.force = is_export && parser.isSet(force_opt);
  return std::nullopt;
}

// The genesis root to bind the store to: --genesis-root, else the chain database's genesis hash
// (checked against --genesis-root when both exist). Nothing (without an error) when neither exists:
// the caller may still fall back on an existing sign store's own root.
std::optional<int> ResolveGenesis(const Options& o, const Invocation& inv, std::optional<storage::SigningRoot>& root) {
  root = o.genesis_root;
  const QString chain_path = QDir(o.network_dir).filePath(QString::fromLatin1(storage::CHAIN_DB_FILE_NAME));
  if (!QFileInfo::exists(chain_path)) return std::nullopt;
  auto reader = storage::ChainReader::Open(chain_path.toStdString());
  if (!reader) return inv.Fail(QStringLiteral("cannot read the genesis root: %1").arg(Q(reader.error().message)));
  const storage::SigningRoot chain_root = (*reader)->identity().genesis_hash;
  if (root && *root != chain_root) {
    return inv.Fail(QStringLiteral("--genesis-root %1 is not the genesis of the chain database %2 (%3)")
                        .arg(Q(util::ToHex(root->span())), chain_path, Q(util::ToHex(chain_root.span()))));
  }
  root = chain_root;
  return std::nullopt;
}

int Import(const Options& o, const Invocation& inv) {
  QFile file(o.file);
  if (!file.open(QIODevice::ReadOnly)) return inv.Fail(QStringLiteral("cannot read %1: %2").arg(o.file, file.errorString()));
  if (file.size() > MAX_INTERCHANGE_BYTES) {
    return inv.Fail(QStringLiteral("%1 is too large for an interchange file (over %2 MiB)").arg(o.file).arg(MAX_INTERCHANGE_BYTES >> 20));
  }
  const QByteArray json = file.readAll();
  if (file.error() != QFileDevice::NoError) return inv.Fail(QStringLiteral("cannot read %1: %2").arg(o.file, file.errorString()));

  std::optional<storage::SigningRoot> root;
  if (auto done = ResolveGenesis(o, inv, root)) return *done;
  const QString store_path = SignStorePath(o);
  util::Result<std::unique_ptr<storage::SignStore>, storage::StorageError> store =
      util::Err(storage::StorageError{storage::StorageError::Kind::Misuse, ""});
  const bool existed = QFileInfo::exists(store_path);
  if (root) {
    if (!QDir().mkpath(o.network_dir)) return inv.Fail(QStringLiteral("cannot create data folder %1").arg(o.network_dir));
    store = storage::SignStore::Open(store_path.toStdString(), *root, storage::OpenMode::CreateIfMissing);
  } else if (existed) {
    store = storage::SignStore::OpenExisting(store_path.toStdString());
  } else {
    return inv.Fail(QStringLiteral("no genesis root: %1 has no chain or slashing-protection database yet; give "
                                   "--genesis-root HEX")
                        .arg(o.network_dir));
  }
  if (!store) return inv.Fail(Q(store.error().message));
  auto summary = (*store)->Import(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
  if (!summary) {
    if (!existed) {
      // A store created just now for a failed import holds nothing; leaving it would bind the
      // network folder to a genesis root that may well be the wrong one.
      store->reset();
      for (const char* suffix : {"", "-wal", "-shm"}) QFile::remove(store_path + QString::fromLatin1(suffix));
    }
    return inv.Fail(QStringLiteral("%1: %2").arg(o.file, Q(summary.error().message)));
  }
  Invocation::Print(QStringLiteral("imported"), o.file);
  Invocation::Print(QStringLiteral("database"), store_path);
  Invocation::Print(QStringLiteral("validators"), QString::number(summary->validators));
  Invocation::Print(QStringLiteral("blocks"), QString::number(summary->blocks));
  Invocation::Print(QStringLiteral("votes"), QString::number(summary->attestations));
  if (summary->slashable > 0) {
    Invocation::Print(QStringLiteral("warning"),
                      QStringLiteral("%1 record(s) conflict with other records (the history is already slashable); "
                                     "all were kept")
                          .arg(summary->slashable));
  }
  return EXIT_DONE;
}

int Export(const Options& o, const Invocation& inv) {
  if (QFileInfo::exists(o.file) && !o.force) {
    return inv.Fail(QStringLiteral("%1 already exists (use --force to overwrite it)").arg(o.file));
  }
  std::optional<storage::SigningRoot> root;
  if (auto done = ResolveGenesis(o, inv, root)) return *done;
  const QString store_path = SignStorePath(o);
  if (!QFileInfo::exists(store_path)) {
    return inv.Fail(QStringLiteral("no slashing-protection database at %1: nothing has been signed or imported on this "
                                   "network")
                        .arg(store_path));
  }
  auto store = root ? storage::SignStore::Open(store_path.toStdString(), *root, storage::OpenMode::MustExist)
                    : storage::SignStore::OpenExisting(store_path.toStdString());
  if (!store) return inv.Fail(Q(store.error().message));
  auto text = (*store)->Export();
  if (!text) return inv.Fail(Q(text.error().message));
  // QSaveFile writes a temporary file and renames it over FILE on commit: never a half-written file.
  QSaveFile out(o.file);
  if (!out.open(QIODevice::WriteOnly)) return inv.Fail(QStringLiteral("cannot write %1: %2").arg(o.file, out.errorString()));
  out.write(text->data(), static_cast<qint64>(text->size()));
  if (!out.commit()) return inv.Fail(QStringLiteral("cannot write %1: %2").arg(o.file, out.errorString()));
  Invocation::Print(QStringLiteral("exported"), o.file);
  Invocation::Print(QStringLiteral("database"), store_path);
  Invocation::Print(QStringLiteral("genesis_validators_root"), QStringLiteral("0x") + Q(util::ToHex((*store)->genesis_root().span())));
  return EXIT_DONE;
}

void PrintUsage(QTextStream& out) {
  out << "Usage: cairn slashing-protection import|export [options] FILE\n\n"
         "Move validators' slashing-protection history in or out as an EIP-3076 interchange (version 5).\n"
         "  import FILE   merge FILE into <datadir>/<network>/" << storage::SIGN_STORE_FILE_NAME << "\n"
         "  export FILE   write that database to FILE (--force to overwrite)\n"
         "Options: --datadir DIR, --network NAME, --genesis-root HEX (needed until the node has created the\n"
         "network's chain database). See cairn slashing-protection import --help.\n";
}

}  // namespace

int RunSlashingProtectionCommand(const QStringList& arguments) {
  // Storage reports through return values here; its info lines would only clutter the output.
  util::LogConfig log_config;
  log_config.levels.fill(util::LogLevel::Error);
  (void)util::ConfigureLogging(log_config);

  if (arguments.isEmpty() || arguments.first() == QStringLiteral("--help") || arguments.first() == QStringLiteral("-h")) {
    QTextStream out(arguments.isEmpty() ? stderr : stdout);
    PrintUsage(out);
    return arguments.isEmpty() ? EXIT_BAD : EXIT_DONE;
  }
  const QString sub = arguments.first();
  if (sub.startsWith('-')) {
    QTextStream(stderr) << "cairn slashing-protection: the subcommand comes first: cairn slashing-protection "
                           "import|export FILE [options]\n";
    return EXIT_BAD;
  }
  if (sub != QStringLiteral("import") && sub != QStringLiteral("export")) {
    QTextStream(stderr) << "cairn slashing-protection: unknown subcommand '" << sub
                        << "' (expected import or export; see cairn slashing-protection --help)\n";
    return EXIT_BAD;
  }
  const Invocation inv(sub);
  Options options;
  if (auto done = ParseOptions(sub, arguments.mid(1), inv, options)) return *done;
  return sub == QStringLiteral("import") ? Import(options, inv) : Export(options, inv);
}

}  // namespace cairn::app
