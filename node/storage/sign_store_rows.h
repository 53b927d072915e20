// Row-level helpers of the sign store, shared by its check-and-record path (sign_store.cpp) and its
// interchange import and export (sign_store_io.cpp). Internal to node/storage: callers hold the
// store's mutex and, for writes, an open write transaction.
#pragma once

#include <optional>
#include <string>

#include "storage/database.h"
#include "storage/sign_store.h"

namespace cairn::storage::sign_rows {

// Database's messages say "chain database"; this file is not one.
StorageError Relabel(StorageError e);

StorageError Problem(StorageError::Kind kind, const std::string& path, const std::string& what);

util::Unexpected<InterchangeError> ImportFault(StorageError e);

bool SameKnownRoot(const Statement& stmt, int column, const SigningRoot& root);

// Binds `root`, or NULL (unknown) when it is absent or all zero.
void BindRoot(Statement& stmt, int index, const std::optional<SigningRoot>& root);

struct ValidatorRow {
  std::int64_t id = 0;
  std::optional<std::int64_t> block_watermark;
  std::optional<std::int64_t> source_watermark;
  std::optional<std::int64_t> target_watermark;
};

util::Result<std::optional<ValidatorRow>, StorageError> FindValidator(Database& db, const std::string& pubkey);

util::Result<std::int64_t, StorageError> ValidatorId(Database& db, const std::string& pubkey);

// A recorded vote of `validator` that the vote (source, target) surrounds or is surrounded by, with
// which of the two it is; nothing when there is none.
struct SurroundHit {
  SignRefusal::Kind kind;
  std::int64_t source;
  std::int64_t target;
};

util::Result<std::optional<SurroundHit>, StorageError> FindSurround(Database& db, std::int64_t validator,
                                                                    std::int64_t source, std::int64_t target);

}  // namespace cairn::storage::sign_rows

#define SIGN_IMPORT_TRY(expr)                                                                           \
  do {                                                                                                  \
    if (auto import_try_ = (expr); !import_try_) return ::cairn::storage::sign_rows::ImportFault(import_try_.error()); \
  } while (false)
