// Helpers shared by the test_wallet_keystore classes: fast options, file bytes, direct SQLite access to
// craft damaged or tampered wallet files, and error assertions that print the message on failure.
#pragma once

#include <QTest>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/ids.h"
#include "crypto/pwhash.h"
#include "util/bytes.h"
#include "util/clock.h"
#include "wallet/bip39.h"
#include "wallet/keystore.h"
#include "wallet/keystore_format.h"
#include "wallet/slip10.h"

namespace cairn::test {

inline chain::ChainId Devnet() { return chain::ChainId::Unchecked("devnet"); }

// Argon2id at libsodium's minimum: derivations take microseconds, so no test waits on a KDF.
inline wallet::KeystoreOptions FastOptions(const util::Clock* clock = nullptr) {
  wallet::KeystoreOptions options;
  options.kdf_limits = crypto::PwhashTestLimits();
  options.clock = clock;
  options.hrp = "tcairn";
  return options;
}

inline util::Bytes ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void WriteFileBytes(const std::string& path, util::ByteSpan bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline bool FileExists(const std::string& path) { return std::ifstream(path).good(); }

inline std::string Text(const crypto::SecureBuffer& buffer) {
  return {reinterpret_cast<const char*>(buffer.data()), buffer.size()};
}

inline std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t space = std::min(text.find(' ', pos), text.size());
    if (space > pos) words.emplace_back(text.substr(pos, space - pos));
    pos = space + 1;
  }
  return words;
}

inline std::size_t FindBytes(util::ByteSpan haystack, util::ByteSpan needle) {
  if (needle.empty() || needle.size() > haystack.size()) return std::string::npos;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (std::equal(needle.begin(), needle.end(), haystack.begin() + static_cast<std::ptrdiff_t>(i))) return i;
  }
  return std::string::npos;
}

// The keystore row read and written behind the library's back (to craft files it would never write).
struct RawRecord {
  util::Bytes header;
  std::optional<util::Bytes> secret;
  bool confirmed = false;
  util::Bytes checksum;
};

inline sqlite3* RawOpen(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    qFatal("test could not open %s", path.c_str());
  }
  return db;
}

inline void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = RawOpen(path);
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    qFatal("test SQL failed on %s: %s", path.c_str(), message != nullptr ? message : "?");
  }
  sqlite3_close(db);
}

inline RawRecord ReadRawRecord(const std::string& path) {
  sqlite3* db = RawOpen(path);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT header, secret, confirmed, checksum FROM keystore", -1, &stmt, nullptr);
  RawRecord r;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    auto blob = [&](int c) {
      const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, c));
      return util::Bytes(p, p + sqlite3_column_bytes(stmt, c));
    };
    r.header = blob(0);
    if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) r.secret = blob(1);
    r.confirmed = sqlite3_column_int(stmt, 2) == 1;
    r.checksum = blob(3);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return r;
}

// Writes the record; with `fix_checksum` the checksum is recomputed as an attacker (or a buggy tool)
// would, so only the AEAD or the header checks can catch the change.
inline void WriteRawRecord(const std::string& path, const RawRecord& r, bool fix_checksum) {
  sqlite3* db = RawOpen(path);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "UPDATE keystore SET header = ?1, secret = ?2, confirmed = ?3, checksum = ?4", -1, &stmt, nullptr);
  sqlite3_bind_blob(stmt, 1, r.header.data(), static_cast<int>(r.header.size()), SQLITE_TRANSIENT);
  if (r.secret) {
    sqlite3_bind_blob(stmt, 2, r.secret->data(), static_cast<int>(r.secret->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt, 2);
  }
  sqlite3_bind_int(stmt, 3, r.confirmed ? 1 : 0);
  const util::Bytes checksum = fix_checksum
                                   ? [&] {
                                       const auto h = wallet::keystore_format::RecordChecksum(r.header, r.secret, r.confirmed);
                                       return util::Bytes(h.bytes.begin(), h.bytes.end());
                                     }()
                                   : r.checksum;
  sqlite3_bind_blob(stmt, 4, checksum.data(), static_cast<int>(checksum.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_DONE) qFatal("test could not rewrite the record of %s", path.c_str());
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// The BIP-39 seed of a mnemonic, computed without the keystore.
inline crypto::SecureBuffer SeedOf(std::string_view mnemonic, std::string_view bip39_passphrase = "") {
  auto parsed = wallet::ParseMnemonic(mnemonic);
  if (!parsed) qFatal("test mnemonic rejected: %s", parsed.error().message.c_str());
  return std::move(wallet::MnemonicToSeed(*parsed, bip39_passphrase)).value();
}

// The key at `path` of `seed`, derived without the keystore: the reference every keystore key must equal.
inline crypto::SecretKey KeyAt(util::ByteSpan seed, const util::Result<wallet::DerivationPath, std::string>& path) {
  if (!path) qFatal("test path rejected");
  return wallet::SigningKey(*wallet::Slip10Derive(seed, *path));
}

inline QString Describe(const wallet::KeystoreError& e) {
  return QStringLiteral("[%1] %2").arg(QString::fromStdString(std::string(wallet::KeystoreErrorKindName(e.kind))),
                                       QString::fromStdString(e.message));
}

}  // namespace cairn::test

// Passes when `expr` (a Result) succeeded; otherwise fails printing the error.
#define CAIRN_VERIFY_OK(expr)                                                                 \
  do {                                                                                        \
    const auto& cairn_result_ = (expr);                                                       \
    if (!cairn_result_) QFAIL(qPrintable(::cairn::test::Describe(cairn_result_.error())));    \
  } while (false)

// Passes when `expr` failed with error kind `k`; otherwise fails saying what happened instead.
#define CAIRN_VERIFY_ERROR(expr, k)                                                                          \
  do {                                                                                                       \
    const auto& cairn_result_ = (expr);                                                                      \
    if (cairn_result_) QFAIL("expected error " #k " but the call succeeded");                               \
    if (cairn_result_.error().kind != ::cairn::wallet::KeystoreErrorKind::k) {                               \
      QFAIL(qPrintable(QStringLiteral("expected " #k ", got ") + ::cairn::test::Describe(cairn_result_.error()))); \
    }                                                                                                        \
  } while (false)
