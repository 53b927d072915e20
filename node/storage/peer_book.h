// PeerBook: the node's address book (PROTOCOL.md section 10, "an address book persisted in SQLite"):
// the peers it has heard of (from --connect, seeds, peer exchange, LAN beacons, inbound connections,
// the operator), how dialing them went, and the timed bans of misbehaving peers. The p2p Network asks
// it for dial candidates and for addresses to share, and records every dial outcome.
//
// A peer is keyed by (host, port): its IP literal and its LISTEN port (not the ephemeral port of an
// inbound connection). Rules:
//  - Add merges into an existing record: first_seen is kept; last_seen and last_attempt take the later
//    value; failures are kept (only MarkConnected resets them); the source is replaced only by a
//    stronger one (Manual > Connect > Seed > Lan > Inbound > Exchange), so a peer exchange never demotes
//    a configured peer; an id from Add only fills a missing one (peer exchange is hearsay), while
//    MarkConnected (an authenticated handshake) always sets it.
//  - Back-off: after n >= 1 consecutive failed dials a peer is not a candidate until
//    last_attempt + min(5 s * 2^(n-1), 1 h).
//  - Peers whose host or identity is banned are neither candidates nor shared.
//  - The book holds at most MAX_PEER_BOOK_RECORDS records after Prune; Add lets it grow by at most
//    PEER_BOOK_SLACK before it drops the worst itself, so a flood of peer exchange cannot grow the file
//    without bound between prunes. "Worst" = weak source (Exchange, Lan, Inbound) before strong, then
//    most failures, then longest unseen, then oldest.
//
// The file is its own SQLite database (application_id 'CPBK', user_version = schema version, which
// its meta table repeats), in WAL mode with synchronous=NORMAL (losing the last few updates on power
// loss is harmless for an address book). A file that is not a peer book (another application, a
// Cairn chain or slashing-protection database, not SQLite) or that a newer Cairn wrote is refused
// (Invalid) and left byte for byte as it was: never overwritten, never "repaired".
//
// Thread safety: every method may be called from any thread; calls are serialized by one internal
// mutex (one SQLite connection). Queries are short (the book is bounded), but they do touch the
// disk: do not call from a thread that must never wait on I/O (p2p calls it from its worker thread).
// Ownership: the PeerBook owns its connection; answers are plain values.
// Failure: writes return StorageError (nothing partial is committed: each call is one transaction);
// the read-only queries (Candidates, Sample, size, BanOf, Bans) log a storage error under the storage
// category and answer as if the book were empty. Bad arguments (empty host, port 0, malformed ban
// key) are Misuse. No exception escapes.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"
#include "storage/storage_error.h"
#include "util/result.h"

namespace cairn::storage {

class Database;

inline constexpr const char* PEER_BOOK_FILE_NAME = "peers.sqlite";
inline constexpr std::int32_t PEER_BOOK_APPLICATION_ID = 0x4350424B;  // "CPBK"
inline constexpr std::int64_t PEER_BOOK_SCHEMA_VERSION = 1;

inline constexpr std::size_t MAX_PEER_BOOK_RECORDS = 10'000;
inline constexpr std::size_t PEER_BOOK_SLACK = 1'000;
inline constexpr std::size_t MAX_PEER_HOST_BYTES = 64;  // as p2p's MAX_HOST_BYTES
inline constexpr std::int64_t PEER_BACKOFF_BASE_MS = 5'000;
inline constexpr std::int64_t PEER_BACKOFF_MAX_MS = 60LL * 60 * 1000;
// Prune forgets records with at least this many consecutive failures that were not seen for
// PEER_FORGET_AFTER_MS.
inline constexpr std::uint32_t PEER_FORGET_FAILURES = 10;
inline constexpr std::int64_t PEER_FORGET_AFTER_MS = 7LL * 24 * 60 * 60 * 1000;

enum class PeerSource : std::uint8_t { Connect, Seed, Exchange, Lan, Inbound, Manual };
std::string_view PeerSourceName(PeerSource source);
// Connect, Seed and Manual: the operator or the network's configuration named this peer.
bool IsStrongSource(PeerSource source);

struct PeerRecord {
  std::string host;                     // IP literal
  std::uint16_t port = 0;               // the peer's LISTEN port
  std::optional<crypto::PublicKey> id;  // identity when a handshake with it succeeded
  PeerSource source = PeerSource::Exchange;
  std::int64_t first_seen_ms = 0, last_seen_ms = 0;  // last_seen: last successful connection/ping
  std::int64_t last_attempt_ms = 0;
  std::uint32_t failures = 0;  // consecutive failed dials (reset on success)
  bool operator==(const PeerRecord&) const = default;
};

struct BanRecord {
  std::string key;
  std::int64_t until_ms = 0;
  std::string reason;
  bool operator==(const BanRecord&) const = default;
};

// "host:port", or "[host]:port" for an IPv6 literal. Candidates' `exclude` accepts either form.
std::string PeerAddressKey(std::string_view host, std::uint16_t port);
// How long a peer with `failures` consecutive failed dials waits after its last attempt (0 for none).
std::int64_t PeerBackoffMs(std::uint32_t failures);

class PeerBook {
 public:
  // Opens the book at `path`, creating it when missing; "" opens a fresh in-memory book (tests).
  static util::Result<std::unique_ptr<PeerBook>, StorageError> Open(const std::string& path);
  ~PeerBook();
  PeerBook(const PeerBook&) = delete;
  PeerBook& operator=(const PeerBook&) = delete;

  // Insert or update (see the merge rules above).
  [[nodiscard]] util::Result<void, StorageError> Add(const PeerRecord& record);
  // A handshake with the peer listening at host:port succeeded: failures = 0, id set, last_seen = now.
  // An unknown address is added (source Inbound, first seen now).
  [[nodiscard]] util::Result<void, StorageError> MarkConnected(const std::string& host, std::uint16_t port,
                                                               const crypto::PublicKey& id, std::int64_t now_ms);
  // A dial failed: failures + 1, last_attempt = now. An unknown address is ignored.
  [[nodiscard]] util::Result<void, StorageError> MarkFailed(const std::string& host, std::uint16_t port,
                                                            std::int64_t now_ms);
  [[nodiscard]] util::Result<void, StorageError> Remove(const std::string& host, std::uint16_t port);

  // Dial candidates not in `exclude` ("host:port"), not banned, whose back-off has passed, best first:
  // recently connected, fewer failures (then stronger source, then address); at most `limit`.
  std::vector<PeerRecord> Candidates(std::size_t limit, std::int64_t now_ms,
                                     const std::vector<std::string>& exclude) const;
  // For peer exchange: up to `limit` records, not banned, seen (last_seen > 0) within `max_age_ms`,
  // random order.
  std::vector<PeerRecord> Sample(std::size_t limit, std::int64_t now_ms, std::int64_t max_age_ms) const;
  std::size_t size() const;
  // The record of host:port, if any (tests, the api's peer details).
  std::optional<PeerRecord> Find(const std::string& host, std::uint16_t port) const;

  // Bans (persisted): key is an IP or "id:<64 hex>" (stored in lower case). A second ban of a key
  // replaces the first unless it ends sooner (the longer ban wins, with its reason). Reasons are
  // truncated to 256 bytes.
  [[nodiscard]] util::Result<void, StorageError> Ban(const std::string& key, std::int64_t until_ms,
                                                     const std::string& reason);
  // False: no ban was recorded for the key (an expired ban not yet pruned is still recorded).
  [[nodiscard]] util::Result<bool, StorageError> Unban(const std::string& key);
  std::optional<BanRecord> BanOf(const std::string& key, std::int64_t now_ms) const;  // active only
  std::vector<BanRecord> Bans(std::int64_t now_ms) const;  // active ones, soonest expiry first
  // Forgets records with failures >= 10 not seen for 7 days and expired bans; bounds the book at
  // 10,000 records (drops the worst).
  [[nodiscard]] util::Result<void, StorageError> Prune(std::int64_t now_ms);

  const std::string& path() const { return m_path; }

 private:
  PeerBook(std::unique_ptr<Database> db, std::string path);

  mutable std::mutex m_mutex;
  std::unique_ptr<Database> m_db;
  std::string m_path;
};

}  // namespace cairn::storage
