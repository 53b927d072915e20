#include "scenario_runner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "consensus/store.h"
#include "test_helpers.h"

namespace cairn::test {

namespace {

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A JSON object whose every key must be read; "comment" is always allowed.
class Strict {
 public:
  Strict(QJsonObject object, std::string where) : m_object(std::move(object)), m_where(std::move(where)) {
    m_used.insert("comment");
  }
  const std::string& where() const { return m_where; }
  bool Has(const char* key) const { return m_object.contains(QLatin1String(key)); }
  QJsonValue Take(const char* key, bool required = true) {
    if (!Has(key)) {
      if (required) Fail(std::string("missing key \"") + key + "\"");
      return QJsonValue(QJsonValue::Undefined);
    }
    m_used.insert(key);
    return m_object.value(QLatin1String(key));
  }
  std::uint64_t U64(const char* key) { return ToU64(Take(key), key); }
  std::uint64_t ToU64(const QJsonValue& v, const std::string& what) const {
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > 9007199254740991.0 || d != static_cast<double>(static_cast<std::uint64_t>(d))) {
      Fail(what + ": expected a non-negative integer");
    }
    return static_cast<std::uint64_t>(d);
  }
  std::string Str(const char* key) {
    const QJsonValue v = Take(key);
    if (!v.isString()) Fail(std::string(key) + ": expected a string");
    return v.toString().toStdString();
  }
  std::optional<std::string> OptStr(const char* key) { return Has(key) ? std::optional(Str(key)) : std::nullopt; }
  std::optional<bool> OptBool(const char* key) {
    if (!Has(key)) return std::nullopt;
    const QJsonValue v = Take(key);
    if (!v.isBool()) Fail(std::string(key) + ": expected true or false");
    return v.toBool();
  }
  QJsonArray Array(const char* key, bool required = true) {
    const QJsonValue v = Take(key, required);
    if (v.isUndefined()) return {};
    if (!v.isArray()) Fail(std::string(key) + ": expected an array");
    return v.toArray();
  }
  Strict Obj(const char* key) {
    const QJsonValue v = Take(key);
    if (!v.isObject()) Fail(std::string(key) + ": expected an object");
    return Strict(v.toObject(), m_where + "." + key);
  }
  Strict ToObject(const QJsonValue& v, const std::string& what) const {
    if (!v.isObject()) Fail(what + ": expected an object");
    return Strict(v.toObject(), m_where + "." + what);
  }
  std::vector<std::string> Keys() const {
    std::vector<std::string> keys;
    for (auto it = m_object.begin(); it != m_object.end(); ++it) keys.push_back(it.key().toStdString());
    return keys;
  }
  void Finish() const {
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
      if (!m_used.contains(it.key().toStdString())) Fail("unknown key \"" + it.key().toStdString() + "\"");
    }
  }
  [[noreturn]] void Fail(const std::string& message) const { throw ScenarioError(m_where + ": " + message); }

 private:
  QJsonObject m_object;
  std::string m_where;
  std::set<std::string> m_used;
};

std::string KindName(consensus::StoreErrorKind kind) {
  using K = consensus::StoreErrorKind;
  switch (kind) {
    case K::DuplicateBlock: return "DuplicateBlock";
    case K::UnknownParent: return "UnknownParent";
    case K::SlotNotAfterParent: return "SlotNotAfterParent";
    case K::FutureBlock: return "FutureBlock";
    case K::ConflictsWithFinalized: return "ConflictsWithFinalized";
    case K::UnknownVoteHead: return "UnknownVoteHead";
    case K::UnknownValidator: return "UnknownValidator";
    case K::UnknownHead: return "UnknownHead";
    case K::FutureVote: return "FutureVote";
    case K::BadVote: return "BadVote";
    case K::TargetNotInHeadChain: return "TargetNotInHeadChain";
    case K::Internal: return "Internal";
  }
  return "?";
}

class Runner {
 public:
  explicit Runner(std::string file) : m_file(std::move(file)) {}

  std::vector<std::string> Run() {
    QFile f(QString::fromStdString(m_file));
    if (!f.open(QIODevice::ReadOnly)) return {"cannot read " + m_file};
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    if (doc.isNull() || !doc.isObject()) return {m_file + ": not a JSON object: " + parse.errorString().toStdString()};
    try {
      Strict top(doc.object(), m_file);
      (void)top.Str("description");
      consensus::StoreConfig config;
      if (top.Has("config")) {
        Strict c = top.Obj("config");
        if (c.Has("slot_ms")) config.slot_ms = c.U64("slot_ms");
        if (c.Has("proposer_boost_pct")) config.proposer_boost_pct = c.U64("proposer_boost_pct");
        if (c.Has("stale_source_slots")) config.stale_source_slots = c.U64("stale_source_slots");
        c.Finish();
      }
      m_weights = ReadStakes(top, top.Array("validators"), "validators");
      if (top.Has("invariants")) {
        Strict inv = top.Obj("invariants");
        m_finality_within = inv.U64("finality_within");
        inv.Finish();
      }
      m_slots[Id("genesis")] = 0;
      m_store.emplace(config, Id("genesis"), m_weights);
      const QJsonArray steps = top.Array("steps");
      top.Finish();
      if (steps.isEmpty()) top.Fail("no steps");
      for (qsizetype i = 0; i < steps.size(); ++i) {
        if (!steps[i].isObject()) throw ScenarioError(m_file + ": steps[" + std::to_string(i) + "] is not an object");
        Step(Strict(steps[i].toObject(), m_file + ": steps[" + std::to_string(i) + "]"));
      }
    } catch (const ScenarioError& e) {
      m_failures.push_back(std::string("malformed: ") + e.what());
    }
    return m_failures;
  }

 private:
  consensus::ValidatorWeights ReadStakes(const Strict& at, const QJsonArray& array, const std::string& what) {
    std::vector<std::uint64_t> stakes;
    for (qsizetype i = 0; i < array.size(); ++i) stakes.push_back(at.ToU64(array[i], what + "[" + std::to_string(i) + "]"));
    auto w = consensus::ValidatorWeights::Make(std::move(stakes));
    if (!w) at.Fail(w.error());
    return std::move(w).value();
  }

  chain::Checkpoint Cp(const Strict& at, const std::string& name) const {
    const auto it = m_slots.find(Id(name));
    if (it == m_slots.end()) at.Fail("unknown block name \"" + name + "\"");
    return chain::Checkpoint{it->second, Id(name)};
  }

  // {"validators": [..], "slot", "head", "target", "source"} -> one vote per validator.
  std::vector<chain::Vote> ReadVotes(Strict& v) {
    const QJsonArray validators = v.Array("validators");
    const chain::Slot slot = v.U64("slot");
    const chain::BlockId head = Id(v.Str("head"));
    const chain::Checkpoint target = Cp(v, v.Str("target"));
    const chain::Checkpoint source = Cp(v, v.Str("source"));
    std::vector<chain::Vote> votes;
    for (qsizetype i = 0; i < validators.size(); ++i) {
      const auto index = v.ToU64(validators[i], "validators[" + std::to_string(i) + "]");
      if (index > UINT32_MAX) v.Fail("validator index too large");
      votes.push_back(chain::Vote{static_cast<chain::ValidatorIndex>(index), slot, head, target, source});
    }
    return votes;
  }

  void CheckError(const Strict& at, const std::optional<consensus::StoreError>& got, const std::optional<std::string>& want) {
    const std::string got_name = got ? KindName(got->kind) : "none";
    if (got_name != want.value_or("none")) {
      m_failures.push_back(at.where() + ": expected error " + want.value_or("none") + ", got " + got_name +
                           (got ? " (" + got->Message() + ")" : ""));
    }
  }

  void Step(Strict step) {
    if (step.Has("tick")) {
      Strict t = step.Obj("tick");
      m_store->OnTick(t.U64("slot"), t.Has("ms") ? t.U64("ms") : 0);
      t.Finish();
    } else if (step.Has("block")) {
      Block(step.Obj("block"));
    } else if (step.Has("vote")) {
      Strict v = step.Obj("vote");
      const auto want = v.OptStr("error");
      for (const chain::Vote& vote : ReadVotes(v)) {
        const auto r = m_store->OnVote(vote);
        CheckError(v, r ? std::nullopt : std::optional(r.error()), want);
      }
      v.Finish();
    } else if (step.Has("equivocation")) {
      Strict e = step.Obj("equivocation");
      const auto index = e.U64("validator");
      if (index > UINT32_MAX) e.Fail("validator index too large");
      m_store->OnEquivocation(static_cast<chain::ValidatorIndex>(index));
      e.Finish();
    } else if (step.Has("stakes")) {
      m_weights = ReadStakes(step, step.Array("stakes"), "stakes");
      m_store->SetWeights(m_weights);
    } else if (step.Has("expect")) {
      Expect(step.Obj("expect"));
    } else {
      step.Fail("a step needs one of tick, block, vote, equivocation, stakes, expect");
    }
    step.Finish();
    CheckInvariants(step);
  }

  void Block(Strict b) {
    const std::string name = b.Str("id");
    if (name.size() > 32) b.Fail("block names are at most 32 characters");
    const chain::Slot slot = b.U64("slot");
    m_slots[Id(name)] = slot;
    std::vector<chain::Vote> votes;
    const QJsonArray groups = b.Array("votes", false);
    for (qsizetype i = 0; i < groups.size(); ++i) {
      Strict g = b.ToObject(groups[i], "votes[" + std::to_string(i) + "]");
      const auto more = ReadVotes(g);
      votes.insert(votes.end(), more.begin(), more.end());
      g.Finish();
    }
    const consensus::BlockInput input{Id(name), Id(b.Str("parent")), slot, votes};
    const auto timely = b.OptBool("timely");
    const consensus::Arrival arrival =
        timely ? (*timely ? consensus::Arrival::Timely : consensus::Arrival::Late) : m_store->ArrivalNow(slot);
    const auto want = b.OptStr("error");
    const auto r = m_store->OnBlock(input, m_weights, arrival);
    CheckError(b, r ? std::nullopt : std::optional(r.error()), want);
    if (b.Has("counted")) {
      const std::uint64_t want_counted = b.U64("counted");
      std::uint64_t counted = 0;
      if (r) {
        for (const auto o : r->vote_outcomes) counted += o == consensus::VoteOutcome::Counted ? 1 : 0;
      }
      if (counted != want_counted) {
        m_failures.push_back(b.where() + ": expected " + std::to_string(want_counted) + " counted votes, got " +
                             std::to_string(counted));
      }
    }
    b.Finish();
  }

  std::string NameOf(const chain::BlockId& id) const {
    std::string s;
    for (const auto byte : id.bytes) {
      if (byte == 0) break;
      s.push_back(static_cast<char>(byte));
    }
    return s;
  }

  void Expect(Strict e) {
    const auto compare = [&](const char* what, const std::string& want, const std::string& got) {
      if (want != got) m_failures.push_back(e.where() + ": " + what + " expected " + want + ", got " + got);
    };
    if (e.Has("head")) {
      const std::string want = e.Str("head");
      const auto head = m_store->Head();
      compare("head", want, head ? NameOf(*head) : "error " + head.error().Message());
    }
    if (e.Has("justified")) compare("justified", e.Str("justified"), NameOf(m_store->Justified().root));
    if (e.Has("finalized")) compare("finalized", e.Str("finalized"), NameOf(m_store->Finalized().root));
    if (e.Has("weights")) {
      Strict w = e.Obj("weights");
      (void)m_store->Head();  // weights are those of the last head computation
      for (const std::string& name : w.Keys()) {
        if (name == "comment") continue;
        const std::uint64_t want = w.U64(name.c_str());
        const auto got = m_store->WeightOf(Id(name));
        compare(("weight of " + name).c_str(), std::to_string(want), got ? std::to_string(*got) : "not in the tree");
      }
      w.Finish();
    }
    if (e.Has("known")) {
      const QJsonArray known = e.Array("known");
      for (qsizetype i = 0; i < known.size(); ++i) {
        const std::string name = known[i].toString().toStdString();
        if (!m_store->Contains(Id(name))) m_failures.push_back(e.where() + ": block " + name + " should be in the tree");
      }
    }
    if (e.Has("pruned")) {
      const QJsonArray pruned = e.Array("pruned");
      for (qsizetype i = 0; i < pruned.size(); ++i) {
        const std::string name = pruned[i].toString().toStdString();
        if (m_store->Contains(Id(name))) m_failures.push_back(e.where() + ": block " + name + " should be pruned");
      }
    }
    e.Finish();
  }

  void CheckInvariants(const Strict& step) {
    if (!m_finality_within) return;
    const chain::Slot now = m_store->CurrentSlot();
    if (now < *m_finality_within) return;
    if (m_store->Finalized().slot + *m_finality_within < now) {
      m_failures.push_back(step.where() + ": finalized slot " + std::to_string(m_store->Finalized().slot) +
                           " lags the current slot " + std::to_string(now) + " by more than " +
                           std::to_string(*m_finality_within));
    }
  }

  std::string m_file;
  std::optional<consensus::Store> m_store;
  consensus::ValidatorWeights m_weights;
  std::map<chain::BlockId, chain::Slot> m_slots;
  std::optional<std::uint64_t> m_finality_within;
  std::vector<std::string> m_failures;
};

}  // namespace

std::vector<std::string> RunForkChoiceScenario(const std::string& file) { return Runner(file).Run(); }

}  // namespace cairn::test
