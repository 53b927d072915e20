// SignStore: slashing protection for this node's validators (PROTOCOL.md 7, DESIGN.md 3.7). Before a
// block header or a vote is signed, the validator asks the sign store; the store refuses anything that
// could be slashable and otherwise records the message and commits it to disk (WAL fsync,
// synchronous=FULL) before it answers, so a signature can only leave the node after its record is
// durable. Import and export use the EIP-3076 interchange format, version 5 (sign_store_interchange.h).
//
// What is refused (the checks run inside one write transaction, so two connections or processes on
// the same file cannot both pass them):
//  - blocks: a second block for a slot already signed, unless it is the very same message (same
//    signing root, known on both sides); after an import, any slot <= the watermark (EIP-3076
//    "minimal" strategy, as Lighthouse: an import sets a low watermark at the highest slot the store
//    then holds for that validator, imported or signed here, even for a re-sign of that message).
//  - votes (source and target are FFG slots): source > target; a second vote for a target already
//    voted for, unless it is the same message; a vote that surrounds, or is surrounded by, an earlier
//    one; after an import, source < the source watermark or target <= the target watermark (the
//    highest source and target held for that validator when the interchange was imported).
// An all-zero signing root means "unknown" and never matches anything, so it is never a re-sign.
// Pubkeys are opaque 0x-prefixed hex strings (Ed25519 keys for this node, BLS keys in interchange
// files from elsewhere); they are compared in lower case.
//
// The file is its own SQLite database (application_id 'CSLP', user_version = schema version), bound
// at creation to one genesis_validators_root (our genesis hash); opening it for another root, or
// importing an interchange of another root, fails and changes nothing.
//
// Thread safety: every method may be called from any thread; calls are serialized by an internal
// mutex. Several SignStores (or processes) on one file are safe too: checks and writes share one
// IMMEDIATE transaction. Ownership: the SignStore owns its connection; answers are plain values.
// Failure: a refusal is a SignRefusal (nothing written); a local fault is a StorageError (nothing
// written, the database holds its last commit: the caller must not sign). No exception escapes.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "crypto/sha256.h"
#include "storage/storage_error.h"
#include "storage/types.h"
#include "util/result.h"

namespace cairn::storage {

class Database;

inline constexpr std::int32_t SIGN_STORE_APPLICATION_ID = 0x43534C50;  // "CSLP"
inline constexpr std::int64_t SIGN_STORE_SCHEMA_VERSION = 1;
// The file name inside a network's data folder.
inline constexpr const char* SIGN_STORE_FILE_NAME = "slashing_protection.sqlite";

using SigningRoot = crypto::Hash256;

// Why a message was not signed. Nothing was written.
struct SignRefusal {
  enum class Kind : std::uint8_t {
    DoubleProposal,        // another (or an unidentified) block was signed for this slot
    BlockBelowWatermark,   // slot <= the block watermark left by an import
    SourceAfterTarget,     // the vote's source is later than its target
    DoubleVote,            // another (or an unidentified) vote was signed for this target
    SurroundingVote,       // the vote surrounds an earlier vote
    SurroundedVote,        // the vote is surrounded by an earlier vote
    SourceBelowWatermark,  // source < the source watermark left by an import
    TargetBelowWatermark,  // target <= the target watermark left by an import
  };
  Kind kind = Kind::DoubleProposal;
  std::string message;  // one sentence naming the validator and the conflicting record
};

std::string_view SignRefusalKindName(SignRefusal::Kind kind);

// The failure of a CheckAndRecord call: a refusal or a local fault, never both.
struct SignError {
  std::variant<SignRefusal, StorageError> value;

  bool refused() const { return std::holds_alternative<SignRefusal>(value); }
  const SignRefusal* refusal() const { return std::get_if<SignRefusal>(&value); }
  const StorageError* storage() const { return std::get_if<StorageError>(&value); }
  const std::string& message() const;
};

// The failure of Import: the interchange is unusable (Malformed, with the JSON path of the first
// problem, e.g. "data[2].signed_blocks[0].slot"), of another format version or another chain, or a
// local fault. In every case nothing was imported.
struct InterchangeError {
  enum class Kind : std::uint8_t { Malformed, UnsupportedVersion, GenesisMismatch, Storage };
  Kind kind = Kind::Malformed;
  std::string path;     // the JSON path of the offending value ("" for the whole document)
  std::string message;  // a full sentence, including the path
};

struct ImportSummary {
  std::size_t validators = 0;    // distinct pubkeys in the interchange
  std::size_t blocks = 0;        // block records read
  std::size_t attestations = 0;  // vote records read
  // Records that conflict with another record of the interchange or of the database (double
  // proposals, double or surround votes: slashable data). They are imported all the same: the
  // signatures exist, so forgetting them could only make a new slashable signature possible. A
  // conflicting record at an already known slot or target is kept with an unknown signing root.
  std::size_t slashable = 0;
};

class SignStore {
 public:
  // Opens the store at `path` bound to `genesis_root`. CreateIfMissing creates a new store bound to
  // it; an existing store bound to another root is Invalid (and left untouched), as is a file that is
  // not a Cairn sign store or comes from a newer Cairn.
  static util::Result<std::unique_ptr<SignStore>, StorageError> Open(const std::string& path,
                                                                     const SigningRoot& genesis_root,
                                                                     OpenMode mode = OpenMode::CreateIfMissing);
  // Opens an existing store bound to whatever root it was created with (for export tools).
  static util::Result<std::unique_ptr<SignStore>, StorageError> OpenExisting(const std::string& path);

  ~SignStore();
  SignStore(const SignStore&) = delete;
  SignStore& operator=(const SignStore&) = delete;

  // Succeeds when a block header for `slot` may be signed, after committing its record; succeeds
  // without writing for an exact re-sign of a recorded block (same slot and known root).
  [[nodiscard]] util::Result<void, SignError> CheckAndRecordBlock(std::string_view pubkey, std::uint64_t slot,
                                                                  const SigningRoot& signing_root);
  // The same for a vote whose FFG source and target slots are given.
  [[nodiscard]] util::Result<void, SignError> CheckAndRecordVote(std::string_view pubkey, std::uint64_t source_slot,
                                                                 std::uint64_t target_slot,
                                                                 const SigningRoot& signing_root);

  // The whole store as an EIP-3076 interchange (format version 5), pretty-printed JSON.
  [[nodiscard]] util::Result<std::string, StorageError> Export();
  // Merges an EIP-3076 interchange (format version 5) into the store in one transaction: every record
  // is kept (the union with what the store holds), and the watermarks of each validator in the
  // interchange rise to the highest block slot (if it lists blocks), source and target (if it lists
  // votes) the store then holds for it. Validates the whole document first; fails as a whole.
  [[nodiscard]] util::Result<ImportSummary, InterchangeError> Import(std::string_view json);

  const SigningRoot& genesis_root() const { return m_genesis_root; }
  const std::string& path() const { return m_path; }

 private:
  SignStore(std::unique_ptr<Database> db, std::string path, const SigningRoot& genesis_root);
  static util::Result<std::unique_ptr<SignStore>, StorageError> OpenImpl(const std::string& path,
                                                                         const std::optional<SigningRoot>& genesis_root,
                                                                         OpenMode mode);

  std::mutex m_mutex;
  std::unique_ptr<Database> m_db;
  std::string m_path;
  SigningRoot m_genesis_root;
};

}  // namespace cairn::storage
