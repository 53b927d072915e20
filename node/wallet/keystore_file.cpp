#include "wallet/keystore_file.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "crypto/aead.h"
#include "crypto/secure_memory.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::wallet::detail {
namespace fmt = keystore_format;
namespace {

constexpr std::string_view UNCHANGED = "; it was left unchanged";
// nonce || ciphertext(2 + entropy + seed) || tag, for entropy of 16..32 bytes.
constexpr std::size_t MIN_SECRET_SIZE = crypto::AEAD_NONCE_SIZE + 2 + 16 + fmt::SEED_SIZE + crypto::AEAD_TAG_SIZE;
constexpr std::size_t MAX_SECRET_SIZE = crypto::AEAD_NONCE_SIZE + 2 + 32 + fmt::SEED_SIZE + crypto::AEAD_TAG_SIZE;

KeystoreError FileError(KeystoreErrorKind kind, const std::string& path, std::string_view what) {
  return {kind, FileName(path) + " " + std::string(what)};
}

KeystoreError SysError(const std::string& path, std::string_view what) {
  return {KeystoreErrorKind::Io, FileName(path) + ": " + std::string(what) + " failed: " + std::strerror(errno)};
}

std::uint32_t BigEndian32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::string HexId(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

bool NonEmptyFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

std::string DirectoryOf(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void RemoveQuietly(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    CAIRN_LOG(Wallet, Warn) << "could not remove " << path << ": " << std::strerror(errno);
  }
}

util::Result<void, KeystoreError> SyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return util::Err(SysError(path, "opening for fsync"));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return util::Err(SysError(path, "fsync"));
  return {};
}

// A name beside `path` that nothing else uses, created empty with owner-only permissions: SQLite would
// create the file 0644, and a wallet (even encrypted) is nobody else's business.
util::Result<std::string, KeystoreError> CreatePrivateTemp(const std::string& path) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::array<std::uint8_t, 6> random{};
    crypto::RandomBytes(random);
    const std::string temp = path + ".creating-" + util::ToHex(random);
    const int fd = ::open(temp.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      return temp;
    }
    if (errno != EEXIST) return util::Err(SysError(temp, "creating a temporary file"));
  }
  return util::Err(KeystoreError{KeystoreErrorKind::Io, FileName(path) + ": no free temporary name beside it"});
}

// Links a complete, synced temporary file into place; never replaces an existing file (link fails
// with EEXIST, unlike rename).
util::Result<void, KeystoreError> PublishTemp(const std::string& temp, const std::string& path) {
  if (auto synced = SyncPath(temp, false); !synced) return synced;
  if (::link(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    RemoveQuietly(temp);
    if (err == EEXIST) return util::Err(FileError(KeystoreErrorKind::AlreadyExists, path, "already exists; it was not replaced"));
    errno = err;
    return util::Err(SysError(path, "putting the new file in place"));
  }
  RemoveQuietly(temp);
  return SyncPath(DirectoryOf(path), true);
}

// What the first 100 bytes and the size say, before SQLite reads anything.
util::Result<void, KeystoreError> ProbeRawFile(const std::string& path, bool journal_present) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return util::Err(FileError(KeystoreErrorKind::NotFound, path, "does not exist"));
    return util::Err(SysError(path, "looking at the file"));
  }
  if (!S_ISREG(st.st_mode)) return util::Err(FileError(KeystoreErrorKind::NotAWallet, path, "is not a regular file"));
  if (st.st_size == 0) {
    return util::Err(FileError(KeystoreErrorKind::NotAWallet, path, "is an empty file, not a Cairn wallet" + std::string(UNCHANGED)));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return util::Err(SysError(path, "reading the file header"));
  std::array<unsigned char, 100> h{};
  const std::size_t got = std::fread(h.data(), 1, h.size(), f);
  std::fclose(f);
  static constexpr char MAGIC[] = "SQLite format 3";  // with its NUL: 16 bytes
  if (got < sizeof MAGIC || std::memcmp(h.data(), MAGIC, sizeof MAGIC) != 0) {
    return util::Err(FileError(KeystoreErrorKind::NotAWallet, path,
                               "is not a Cairn wallet: not a SQLite database (another kind of file, or damaged beyond "
                               "recognition)" + std::string(UNCHANGED)));
  }
  if (got < h.size()) {
    return util::Err(FileError(KeystoreErrorKind::Damaged, path,
                               "is truncated (" + std::to_string(got) + " bytes)" + std::string(UNCHANGED)));
  }
  const std::uint32_t app = BigEndian32(h.data() + 68);
  if (app == static_cast<std::uint32_t>(fmt::CHAIN_DB_APPLICATION_ID)) {
    return util::Err(FileError(KeystoreErrorKind::NotAWallet, path, "is a Cairn chain database, not a wallet" + std::string(UNCHANGED)));
  }
  if (app != static_cast<std::uint32_t>(fmt::APPLICATION_ID)) {
    return util::Err(FileError(KeystoreErrorKind::NotAWallet, path,
                               "is a SQLite database of another application (application_id " + HexId(app) +
                                   "), not a Cairn wallet" + std::string(UNCHANGED)));
  }
  const std::uint32_t version = BigEndian32(h.data() + 60);
  if (version > fmt::FORMAT_VERSION) {
    return util::Err(FileError(KeystoreErrorKind::FutureVersion, path,
                               "was written by a newer Cairn (wallet format " + std::to_string(version) +
                                   "; this program reads format " + std::to_string(fmt::FORMAT_VERSION) +
                                   "): upgrade Cairn to open it" + std::string(UNCHANGED)));
  }
  if (version == 0) {
    return util::Err(FileError(KeystoreErrorKind::Damaged, path,
                               "has the Cairn wallet marker but no format version: an incomplete or damaged wallet" +
                                   std::string(UNCHANGED)));
  }
  if (h[18] != 1 || h[19] != 1) {
    return util::Err(FileError(KeystoreErrorKind::Damaged, path,
                               "has a damaged SQLite header (journal mode bytes " + std::to_string(h[18]) + "/" +
                                   std::to_string(h[19]) + "; Cairn wallets use a rollback journal)" + std::string(UNCHANGED)));
  }
  const std::uint32_t page_size = (std::uint32_t{h[16]} << 8) | h[17];
  if (page_size != static_cast<std::uint32_t>(fmt::PAGE_SIZE)) {
    return util::Err(FileError(KeystoreErrorKind::Damaged, path,
                               "has a damaged SQLite header (page size " + std::to_string(page_size) + ")" + std::string(UNCHANGED)));
  }
  // With a journal present, an interrupted transaction may have grown or rewritten the file; the
  // size is checked after its rollback instead.
  if (!journal_present) {
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const bool count_valid = BigEndian32(h.data() + 24) == BigEndian32(h.data() + 92);
    const std::uint64_t expected = std::uint64_t{BigEndian32(h.data() + 28)} * page_size;
    if (size % page_size != 0 || (count_valid && size < expected)) {
      return util::Err(FileError(KeystoreErrorKind::Damaged, path,
                                 "is truncated (" + std::to_string(size) + " bytes; its header says " +
                                     std::to_string(expected) + ")" + std::string(UNCHANGED)));
    }
  }
  return {};
}

// The same canonical form as storage::SchemaText: wallet/ sits beside storage/ in the layering and may
// not include it, and a dozen lines do not justify a shared SQLite library below both.
util::Result<std::string, KeystoreError> SchemaText(SqliteDb& db) {
  auto stmt = db.Prepare("SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name");
  if (!stmt) return util::Err(std::move(stmt).error());
  std::string text;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    for (int c = 0; c < 4; ++c) text += stmt->Text(c) + '\x1f';
    text += '\x1e';
  }
  return text;
}

util::Result<void, KeystoreError> CheckStructure(SqliteDb& db) {
  auto app = db.QueryInt("PRAGMA application_id");
  if (!app) return util::Err(std::move(app).error());
  auto version = db.QueryInt("PRAGMA user_version");
  if (!version) return util::Err(std::move(version).error());
  if (*app != fmt::APPLICATION_ID || *version != fmt::FORMAT_VERSION) {
    return util::Err(db.Fail(KeystoreErrorKind::Damaged, "the SQLite header changed while it was being read" + std::string(UNCHANGED)));
  }
  auto reference = SqliteDb::Open(":memory:", OpenMode::ReadWrite, "");
  if (!reference) return util::Err(std::move(reference).error());
  if (auto done = (*reference)->Exec(fmt::SCHEMA_SQL); !done) return done;
  auto expected = SchemaText(**reference);
  if (!expected) return util::Err(std::move(expected).error());
  auto actual = SchemaText(db);
  if (!actual) return util::Err(std::move(actual).error());
  if (*actual != *expected) {
    return util::Err(db.Fail(KeystoreErrorKind::Damaged,
                             "the tables are not those of wallet format " + std::to_string(fmt::FORMAT_VERSION) +
                                 " (damaged, or changed by another tool)" + std::string(UNCHANGED)));
  }
  // Every page, not only those the queries below touch: damage anywhere is reported now rather than
  // at some later write.
  auto check = db.Prepare("PRAGMA quick_check(5)");
  if (!check) return util::Err(std::move(check).error());
  std::string problems;
  for (;;) {
    auto row = check->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    const std::string line = check->Text(0);
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  if (!problems.empty()) {
    return util::Err(db.Fail(KeystoreErrorKind::Damaged, "the file is damaged (" + problems + ")" + std::string(UNCHANGED)));
  }
  return {};
}

util::Result<void, KeystoreError> CheckRows(SqliteDb& db, const StoredRecord& record) {
  auto accounts = ReadAccounts(db);
  if (!accounts) return util::Err(std::move(accounts).error());
  const bool hd = record.header.kind == fmt::KIND_HD;
  for (const auto& row : *accounts) {
    const std::string where = "account " + std::to_string(row.account) + " ";
    if (hd && !row.public_key) return util::Err(db.Fail(KeystoreErrorKind::Damaged, where + "has no public key" + std::string(UNCHANGED)));
    if (!hd && row.public_key) return util::Err(db.Fail(KeystoreErrorKind::Damaged, where + "of a watch-only wallet has a public key" + std::string(UNCHANGED)));
    if (row.public_key && chain::AddressFromPublicKey(*row.public_key) != row.address) {
      return util::Err(db.Fail(KeystoreErrorKind::Damaged, where + "has an address that does not match its public key" + std::string(UNCHANGED)));
    }
  }
  auto stmt = db.Prepare("SELECT address, label, created_ms FROM contacts");
  if (!stmt) return util::Err(std::move(stmt).error());
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    if (!stmt->IsBlob(0) || stmt->Blob(0).size() != chain::Address::SIZE || !stmt->IsText(1) || !stmt->IsInteger(2) ||
        fmt::LabelProblem(stmt->Text(1))) {
      return util::Err(db.Fail(KeystoreErrorKind::Damaged, "an address book entry is malformed" + std::string(UNCHANGED)));
    }
  }
  return {};
}

util::Result<StoredRecord, KeystoreError> ValidateOpenDb(SqliteDb& db, const std::optional<std::string>& expected_chain_id) {
  if (auto ok = CheckStructure(db); !ok) return util::Err(std::move(ok).error());
  auto record = ReadRecord(db);
  if (!record) return record;
  if (expected_chain_id && record->header.chain_id != *expected_chain_id) {
    return util::Err(db.Fail(KeystoreErrorKind::WrongChain, "it is a wallet of chain '" + record->header.chain_id +
                                                                "', not '" + *expected_chain_id + "'" + std::string(UNCHANGED)));
  }
  if (auto ok = CheckRows(db, *record); !ok) return util::Err(std::move(ok).error());
  return record;
}

util::Result<void, KeystoreError> CopyFileExact(const std::string& from, const std::string& to) {
  std::FILE* in = std::fopen(from.c_str(), "rb");
  if (in == nullptr) return util::Err(SysError(from, "reading for recovery"));
  const int fd = ::open(to.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::fclose(in);
    return util::Err(SysError(to, "creating a recovery copy"));
  }
  std::array<char, 16384> buf{};
  bool ok = true;
  for (std::size_t got; ok && (got = std::fread(buf.data(), 1, buf.size(), in)) > 0;) {
    ok = ::write(fd, buf.data(), got) == static_cast<ssize_t>(got);
  }
  ok = ok && std::ferror(in) == 0;
  std::fclose(in);
  ::close(fd);
  if (!ok) return util::Err(SysError(to, "writing a recovery copy"));
  return {};
}

// A crashed writer left a journal. Play it back on a private copy first: only if the rolled-back copy
// is a valid wallet is the real file allowed to be rolled back.
util::Result<void, KeystoreError> RecoverInterruptedTransaction(const std::string& path,
                                                                const std::optional<std::string>& expected_chain_id,
                                                                const std::string& vfs) {
  std::string dir_template = DirectoryOf(path) + "/." + BaseName(path) + ".recover-XXXXXX";
  if (::mkdtemp(dir_template.data()) == nullptr) return util::Err(SysError(path, "creating a recovery folder beside it"));
  const std::string dir = dir_template;
  const std::string copy = dir + "/wallet";
  auto result = [&]() -> util::Result<void, KeystoreError> {
    if (auto copied = CopyFileExact(path, copy); !copied) return copied;
    if (!Exists(path + "-journal")) return {};  // the writer finished meanwhile: nothing to undo
    if (auto copied = CopyFileExact(path + "-journal", copy + "-journal"); !copied) return copied;
    auto db = SqliteDb::Open(copy, OpenMode::ReadWrite, vfs);
    if (!db) return util::Err(std::move(db).error());
    // The first read rolls the copy back; then it must pass every check the real file would.
    auto valid = ValidateOpenDb(**db, expected_chain_id);
    if (!valid) {
      // Report the real file, not the private copy the problem was found in.
      KeystoreError error = std::move(valid).error();
      const std::string copy_name = FileName(copy);
      if (error.message.rfind(copy_name, 0) == 0) error.message.erase(0, copy_name.size());
      error.message = FileName(path) + " (with its interrupted transaction undone)" + error.message;
      return util::Err(std::move(error));
    }
    return {};
  }();
  for (const char* suffix : {"", "-journal"}) RemoveQuietly(copy + suffix);
  if (::rmdir(dir.c_str()) != 0) CAIRN_LOG(Wallet, Warn) << "could not remove " << dir << ": " << std::strerror(errno);
  if (!result) return result;
  auto real = SqliteDb::Open(path, OpenMode::ReadWrite, vfs);
  if (!real) return util::Err(std::move(real).error());
  auto read = (*real)->QueryInt("PRAGMA schema_version");  // any read performs the rollback
  if (!read) return util::Err(std::move(read).error());
  CAIRN_LOG(Wallet, Info) << "recovered from an interrupted write in " << path;
  return {};
}

}  // namespace

util::Result<void, KeystoreError> RefuseExisting(const std::string& path) {
  if (Exists(path)) return util::Err(FileError(KeystoreErrorKind::AlreadyExists, path, "already exists; it was not replaced"));
  // A journal left by some earlier file of that name would be rolled back into the new one.
  if (Exists(path + "-journal")) {
    return util::Err(FileError(KeystoreErrorKind::AlreadyExists, path,
                               "does not exist but its journal '" + path + "-journal' does; move that away first"));
  }
  return {};
}

util::Result<StoredRecord, KeystoreError> ReadRecord(SqliteDb& db) {
  auto count = db.QueryInt("SELECT count(*) FROM keystore");
  if (!count) return util::Err(std::move(count).error());
  if (*count != 1) {
    return util::Err(db.Fail(KeystoreErrorKind::Damaged, "the file has " + std::to_string(*count) + " key records, expected 1" + std::string(UNCHANGED)));
  }
  auto stmt = db.Prepare("SELECT header, secret, confirmed, checksum FROM keystore WHERE id = 1");
  if (!stmt) return util::Err(std::move(stmt).error());
  auto row = stmt->Step();
  if (!row) return util::Err(std::move(row).error());
  const auto damaged = [&](std::string_view what) {
    return util::Err(db.Fail(KeystoreErrorKind::Damaged, std::string(what) + std::string(UNCHANGED)));
  };
  if (!*row) return damaged("the file has no key record");
  if (!stmt->IsBlob(0) || !(stmt->IsBlob(1) || stmt->IsNull(1)) || !stmt->IsInteger(2) || !stmt->IsBlob(3)) {
    return damaged("the key record has values of the wrong type");
  }
  StoredRecord record;
  record.header_bytes = stmt->Blob(0);
  if (!stmt->IsNull(1)) record.secret = stmt->Blob(1);
  record.confirmed = stmt->Int(2) == 1;
  const util::Bytes checksum = stmt->Blob(3);
  if (checksum.size() != crypto::Hash256::SIZE ||
      !std::equal(checksum.begin(), checksum.end(),
                  fmt::RecordChecksum(record.header_bytes, record.secret, record.confirmed).bytes.begin())) {
    // Checked before the header is interpreted, so a flipped bit is always reported as damage rather than
    // as a wrong passphrase or a strange version.
    return damaged("the file is damaged: its key record fails its checksum (a changed or lost byte)");
  }
  if (const auto version = fmt::PeekFormatVersion(record.header_bytes); version && *version > fmt::FORMAT_VERSION) {
    return util::Err(db.Fail(KeystoreErrorKind::FutureVersion, "the key record has a newer format (" +
                                                                   std::to_string(*version) + "): upgrade Cairn to open it" +
                                                                   std::string(UNCHANGED)));
  }
  auto header = fmt::DecodeHeader(record.header_bytes);
  if (!header) return damaged("the file is damaged: " + header.error());
  record.header = std::move(header).value();
  const bool hd = record.header.kind == fmt::KIND_HD;
  if (hd && (!record.secret || record.secret->size() < MIN_SECRET_SIZE || record.secret->size() > MAX_SECRET_SIZE ||
             (record.secret->size() - MIN_SECRET_SIZE) % 4 != 0)) {
    return damaged("the file is damaged: its encrypted secret is missing or has an impossible size");
  }
  if (!hd && (record.secret || !record.confirmed)) return damaged("the file is damaged: a watch-only wallet with secret-key fields");
  return record;
}

util::Result<void, KeystoreError> WriteRecord(SqliteDb& db, util::ByteSpan header_bytes,
                                              const std::optional<util::Bytes>& secret, bool confirmed) {
  auto stmt = db.Prepare(
      "INSERT INTO keystore(id, header, secret, confirmed, checksum) VALUES(1, ?1, ?2, ?3, ?4) "
      "ON CONFLICT(id) DO UPDATE SET header = excluded.header, secret = excluded.secret, "
      "confirmed = excluded.confirmed, checksum = excluded.checksum");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, header_bytes);
  if (secret) {
    stmt->Bind(2, *secret);
  } else {
    stmt->BindNull(2);
  }
  stmt->Bind(3, std::int64_t{confirmed ? 1 : 0});
  stmt->Bind(4, fmt::RecordChecksum(header_bytes, secret, confirmed).span());
  return stmt->Run();
}

util::Result<std::vector<AccountRow>, KeystoreError> ReadAccounts(SqliteDb& db) {
  auto stmt = db.Prepare("SELECT account, label, public_key, address, created_ms FROM accounts ORDER BY account");
  if (!stmt) return util::Err(std::move(stmt).error());
  std::vector<AccountRow> rows;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return util::Err(std::move(row).error());
    if (!*row) break;
    const bool pk_ok = stmt->IsNull(2) || (stmt->IsBlob(2) && stmt->Blob(2).size() == crypto::PublicKey::SIZE);
    if (!stmt->IsInteger(0) || stmt->Int(0) < 0 || stmt->Int(0) > 0x7fffffff || !stmt->IsText(1) || !pk_ok ||
        !stmt->IsBlob(3) || stmt->Blob(3).size() != chain::Address::SIZE || !stmt->IsInteger(4) ||
        fmt::LabelProblem(stmt->Text(1))) {
      return util::Err(db.Fail(KeystoreErrorKind::Damaged, "an account row is malformed" + std::string(UNCHANGED)));
    }
    AccountRow r;
    r.account = static_cast<std::uint32_t>(stmt->Int(0));
    r.label = stmt->Text(1);
    if (!stmt->IsNull(2)) r.public_key = crypto::PublicKey::FromSpan(stmt->Blob(2));
    r.address = chain::Address::FromSpan(stmt->Blob(3));
    r.created_ms = stmt->Int(4);
    rows.push_back(std::move(r));
  }
  return rows;
}

util::Result<void, KeystoreError> InsertAccount(SqliteDb& db, const AccountRow& row) {
  auto stmt = db.Prepare("INSERT INTO accounts(account, label, public_key, address, created_ms) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return util::Err(std::move(stmt).error());
  stmt->Bind(1, std::int64_t{row.account}).BindText(2, row.label);
  if (row.public_key) {
    stmt->Bind(3, row.public_key->span());
  } else {
    stmt->BindNull(3);
  }
  stmt->Bind(4, row.address.span()).Bind(5, row.created_ms);
  return stmt->Run();
}

util::Result<StoredRecord, KeystoreError> ValidateWalletFile(const std::string& path,
                                                             const std::optional<std::string>& expected_chain_id,
                                                             const std::string& vfs) {
  const bool journal = NonEmptyFile(path + "-journal");
  if (auto probed = ProbeRawFile(path, journal); !probed) return util::Err(std::move(probed).error());
  if (journal) {
    if (auto recovered = RecoverInterruptedTransaction(path, expected_chain_id, vfs); !recovered) {
      return util::Err(std::move(recovered).error());
    }
    if (auto probed = ProbeRawFile(path, NonEmptyFile(path + "-journal")); !probed) return util::Err(std::move(probed).error());
  }
  auto db = SqliteDb::Open(path, OpenMode::ReadOnly, vfs);
  if (!db) return util::Err(std::move(db).error());
  return ValidateOpenDb(**db, expected_chain_id);
}

util::Result<void, KeystoreError> CreateWalletFile(const std::string& path, util::ByteSpan header_bytes,
                                                   const std::optional<util::Bytes>& secret, bool confirmed,
                                                   const std::vector<AccountRow>& accounts, const std::string& vfs) {
  if (auto free = RefuseExisting(path); !free) return free;
  auto temp = CreatePrivateTemp(path);
  if (!temp) return util::Err(std::move(temp).error());
  auto built = [&]() -> util::Result<void, KeystoreError> {
    auto db = SqliteDb::Open(*temp, OpenMode::ReadWrite, vfs);
    if (!db) return util::Err(std::move(db).error());
    SqliteDb& d = **db;
    const std::string setup = "PRAGMA page_size = " + std::to_string(fmt::PAGE_SIZE) +
                              "; PRAGMA journal_mode = DELETE; PRAGMA auto_vacuum = NONE";
    if (auto done = d.Exec(setup.c_str()); !done) return done;
    auto tx = SqliteTransaction::Begin(d);
    if (!tx) return util::Err(std::move(tx).error());
    const std::string marks = "PRAGMA application_id = " + std::to_string(fmt::APPLICATION_ID) +
                              "; PRAGMA user_version = " + std::to_string(fmt::FORMAT_VERSION);
    if (auto done = d.Exec(marks.c_str()); !done) return done;
    if (auto done = d.Exec(fmt::SCHEMA_SQL); !done) return done;
    if (auto done = WriteRecord(d, header_bytes, secret, confirmed); !done) return done;
    for (const auto& row : accounts) {
      if (auto done = InsertAccount(d, row); !done) return done;
    }
    return tx->Commit();
  }();
  if (!built) {
    for (const char* suffix : {"", "-journal"}) RemoveQuietly(*temp + suffix);
    return built;
  }
  return PublishTemp(*temp, path);
}

util::Result<void, KeystoreError> BackupWalletFile(SqliteDb& source, const std::string& dest, const std::string& vfs) {
  if (auto free = RefuseExisting(dest); !free) return free;
  auto temp = CreatePrivateTemp(dest);
  if (!temp) return util::Err(std::move(temp).error());
  auto copied = [&]() -> util::Result<void, KeystoreError> {
    auto db = SqliteDb::Open(*temp, OpenMode::ReadWrite, vfs);
    if (!db) return util::Err(std::move(db).error());
    // The online backup copies every page inside one read transaction of the source: a consistent
    // snapshot, with the source's header (application id, format version) included.
    sqlite3_backup* backup = sqlite3_backup_init((*db)->raw(), "main", source.raw(), "main");
    if (backup == nullptr) return util::Err((*db)->Error(sqlite3_errcode((*db)->raw()), "starting the backup"));
    const int step = sqlite3_backup_step(backup, -1);
    const int finish = sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE) return util::Err((*db)->Error(step, "copying the wallet"));
    if (finish != SQLITE_OK) return util::Err((*db)->Error(finish, "finishing the backup"));
    return {};
  }();
  if (!copied) {
    for (const char* suffix : {"", "-journal"}) RemoveQuietly(*temp + suffix);
    return copied;
  }
  return PublishTemp(*temp, dest);
}

}  // namespace cairn::wallet::detail
