// The error value of every storage call (DESIGN.md 3.2: invalid vs local error, kept apart).
//
// Thread safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cairn::storage {

struct StorageError {
  enum class Kind : std::uint8_t {
    // The database cannot be trusted or used as it is: not SQLite, damaged (SQLITE_CORRUPT, a failed
    // integrity check, a checksum or digest mismatch), not a Cairn chain database, written by a newer
    // Cairn, or belonging to another chain. Retrying cannot help; the file is left exactly as it was.
    Invalid,
    // A local fault: I/O error, disk full, permissions, missing file, the database locked by another
    // process or connection. The database holds its last complete commit; retry or stop safely.
    Io,
    // The call does not fit the stored chain (a block whose parent is not the head, nothing to
    // revert, pruning above the checkpoint, ...). A caller bug; nothing was written.
    Misuse,
  };
  Kind kind = Kind::Io;
  std::string message;  // a full sentence naming the database file

  bool invalid() const { return kind == Kind::Invalid; }
};

std::string_view StorageErrorKindName(StorageError::Kind kind);

}  // namespace cairn::storage
