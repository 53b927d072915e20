// SignStore's EIP-3076 interchange: Export and Import (the JSON itself is sign_store_interchange.cpp).
#include <algorithm>
#include <limits>
#include <unordered_set>

#include "storage/sign_store.h"
#include "storage/sign_store_interchange.h"
#include "storage/sign_store_rows.h"
#include "util/log.h"

namespace cairn::storage {

using namespace sign_rows;

util::Result<std::string, StorageError> SignStore::Export() {
  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  auto read = [&]() -> util::Result<Interchange, StorageError> {
    auto tx = Transaction::Begin(db, TxMode::Read);
    if (!tx) return util::Err(std::move(tx).error());
    Interchange out;
    out.genesis_root = m_genesis_root;
    std::vector<std::int64_t> ids;
    {
      auto stmt = db.Prepare("SELECT id, pubkey FROM validators ORDER BY pubkey");
      if (!stmt) return util::Err(std::move(stmt).error());
      for (;;) {
        auto row = stmt->Step();
        if (!row) return util::Err(std::move(row).error());
        if (!*row) break;
        ids.push_back(stmt->Int(0));
        out.data.push_back(InterchangeValidator{stmt->Text(1), {}, {}});
      }
    }
    auto root_of = [](const Statement& s, int column) {
      if (s.IsNull(column) || s.Blob(column).size() != SigningRoot::SIZE) return std::optional<SigningRoot>();
      return std::optional<SigningRoot>(SigningRoot::FromSpan(s.Blob(column)));
    };
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto blocks = db.Prepare("SELECT slot, signing_root FROM signed_blocks WHERE validator = ?1 ORDER BY slot");
      if (!blocks) return util::Err(std::move(blocks).error());
      blocks->Bind(1, ids[i]);
      for (;;) {
        auto row = blocks->Step();
        if (!row) return util::Err(std::move(row).error());
        if (!*row) break;
        out.data[i].blocks.push_back({blocks->Int(0), root_of(*blocks, 1)});
      }
      auto votes = db.Prepare(
          "SELECT source, target, signing_root FROM signed_votes WHERE validator = ?1 ORDER BY target, source");
      if (!votes) return util::Err(std::move(votes).error());
      votes->Bind(1, ids[i]);
      for (;;) {
        auto row = votes->Step();
        if (!row) return util::Err(std::move(row).error());
        if (!*row) break;
        out.data[i].votes.push_back({votes->Int(0), votes->Int(1), root_of(*votes, 2)});
      }
    }
    return out;
  };
  auto interchange = read();
  if (!interchange) return util::Err(Relabel(std::move(interchange).error()));
  std::string text = FormatInterchange(*interchange);
  if (text.empty()) return util::Err(Problem(StorageError::Kind::Io, m_path, "export failed: out of memory"));
  return text;
}

util::Result<ImportSummary, InterchangeError> SignStore::Import(std::string_view json) {
  auto parsed = ParseInterchange(json);
  if (!parsed) return util::Err(std::move(parsed).error());
  const Interchange& interchange = *parsed;
  if (interchange.genesis_root != m_genesis_root) {
    return util::Err(InterchangeError{
        InterchangeError::Kind::GenesisMismatch, "metadata.genesis_validators_root",
        "interchange 'metadata.genesis_validators_root': " + RootHex(interchange.genesis_root) +
            " is another chain's; this slashing-protection database belongs to " + RootHex(m_genesis_root) +
            ". Nothing was imported"});
  }

  std::lock_guard lock(m_mutex);
  Database& db = *m_db;
  ImportSummary summary;
  std::unordered_set<std::string> seen;
  auto tx = Transaction::Begin(db, TxMode::Write);
  if (!tx) return ImportFault(std::move(tx).error());
  for (const auto& v : interchange.data) {
    auto id_result = ValidatorId(db, v.pubkey);
    if (!id_result) return ImportFault(std::move(id_result).error());
    const std::int64_t id = *id_result;
    seen.insert(v.pubkey);

    bool any_block = false;
    for (const auto& b : v.blocks) {
      ++summary.blocks;
      any_block = true;
      auto find = db.Prepare("SELECT signing_root FROM signed_blocks WHERE validator = ?1 AND slot = ?2");
      if (!find) return ImportFault(std::move(find).error());
      find->Bind(1, id).Bind(2, b.slot);
      auto row = find->Step();
      if (!row) return ImportFault(std::move(row).error());
      if (!*row) {
        SIGN_IMPORT_TRY(find->Run());
        auto insert = db.Prepare("INSERT INTO signed_blocks(validator, slot, signing_root) VALUES(?1, ?2, ?3)");
        if (!insert) return ImportFault(std::move(insert).error());
        insert->Bind(1, id).Bind(2, b.slot);
        BindRoot(*insert, 3, b.signing_root);
        SIGN_IMPORT_TRY(insert->Run());
        continue;
      }
      const bool stored_known = !find->IsNull(0);
      const bool same = b.signing_root ? SameKnownRoot(*find, 0, *b.signing_root) : !stored_known;
      if (stored_known && b.signing_root && !same) ++summary.slashable;
      SIGN_IMPORT_TRY(find->Run());
      if (!same) {
        // Two records for one slot: which block was signed is no longer certain, so neither root
        // may count as a harmless re-sign.
        auto forget = db.Prepare("UPDATE signed_blocks SET signing_root = NULL WHERE validator = ?1 AND slot = ?2");
        if (!forget) return ImportFault(std::move(forget).error());
        SIGN_IMPORT_TRY(forget->Bind(1, id).Bind(2, b.slot).Run());
      }
    }

    bool any_vote = false;
    for (const auto& a : v.votes) {
      ++summary.attestations;
      any_vote = true;
      bool slashable = a.source > a.target;
      bool exact_row = false;
      bool same = false;
      auto find = db.Prepare("SELECT source, signing_root FROM signed_votes WHERE validator = ?1 AND target = ?2");
      if (!find) return ImportFault(std::move(find).error());
      find->Bind(1, id).Bind(2, a.target);
      for (;;) {
        auto row = find->Step();
        if (!row) return ImportFault(std::move(row).error());
        if (!*row) break;
        if (find->Int(0) != a.source) {
          slashable = true;  // a double vote: another source for the same target
          continue;
        }
        exact_row = true;
        const bool stored_known = !find->IsNull(1);
        same = a.signing_root ? SameKnownRoot(*find, 1, *a.signing_root) : !stored_known;
        if (stored_known && a.signing_root && !same) slashable = true;
      }
      if (!slashable) {
        auto hit = FindSurround(db, id, a.source, a.target);
        if (!hit) return ImportFault(std::move(hit).error());
        slashable = hit->has_value();
      }
      if (slashable) ++summary.slashable;
      if (!exact_row) {
        auto insert =
            db.Prepare("INSERT INTO signed_votes(validator, target, source, signing_root) VALUES(?1, ?2, ?3, ?4)");
        if (!insert) return ImportFault(std::move(insert).error());
        insert->Bind(1, id).Bind(2, a.target).Bind(3, a.source);
        BindRoot(*insert, 4, a.signing_root);
        SIGN_IMPORT_TRY(insert->Run());
      } else if (!same) {
        auto forget = db.Prepare(
            "UPDATE signed_votes SET signing_root = NULL WHERE validator = ?1 AND target = ?2 AND source = ?3");
        if (!forget) return ImportFault(std::move(forget).error());
        SIGN_IMPORT_TRY(forget->Bind(1, id).Bind(2, a.target).Bind(3, a.source).Run());
      }
    }

    // Minimal strategy (as Lighthouse): after an import, nothing at or below the highest record the
    // store now holds for this validator, imported or signed here, may be signed again.
    if (any_block) {
      auto stmt = db.Prepare(
          "UPDATE validators SET block_watermark = "
          "(SELECT max(slot) FROM signed_blocks WHERE validator = ?1) WHERE id = ?1");
      if (!stmt) return ImportFault(std::move(stmt).error());
      SIGN_IMPORT_TRY(stmt->Bind(1, id).Run());
    }
    if (any_vote) {
      auto stmt = db.Prepare(
          "UPDATE validators SET source_watermark = (SELECT max(source) FROM signed_votes WHERE validator = ?1), "
          "target_watermark = (SELECT max(target) FROM signed_votes WHERE validator = ?1) WHERE id = ?1");
      if (!stmt) return ImportFault(std::move(stmt).error());
      SIGN_IMPORT_TRY(stmt->Bind(1, id).Run());
    }
  }
  SIGN_IMPORT_TRY(tx->Commit());
  summary.validators = seen.size();
  if (summary.slashable > 0) {
    CAIRN_LOG(Storage, Warn) << "slashing-protection import into " << m_path << ": " << summary.slashable
                             << " record(s) conflict with other records (slashable history); kept all of them";
  }
  CAIRN_LOG(Storage, Info) << "slashing-protection import into " << m_path << ": " << summary.validators
                           << " validator(s), " << summary.blocks << " block(s), " << summary.attestations
                           << " vote(s)";
  return summary;
}

}  // namespace cairn::storage
