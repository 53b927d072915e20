// Walks one scenario folder: genesis, then each block with its expect or fails file.
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <map>

#include "scenario_runner.h"
#include "state/genesis_state.h"
#include "util/hex.h"

namespace cairn::test::scenario {

namespace {

struct BlockFiles {
  bool block = false, expect = false, fails = false;
};

// blocks/NNN.json, NNN.expect.json, NNN.fails.json; anything else, a gap or a stray expect is an error.
std::map<int, BlockFiles> ListBlocks(const std::string& dir) {
  const QDir blocks(QString::fromStdString(dir + "/blocks"));
  if (!blocks.exists()) throw ScenarioError(dir + ": no blocks/ folder");
  static const QRegularExpression NAME(QStringLiteral("^(\\d{3})\\.(json|expect\\.json|fails\\.json)$"));
  std::map<int, BlockFiles> out;
  for (const QFileInfo& f : blocks.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
    const auto m = NAME.match(f.fileName());
    if (!m.hasMatch() || !f.isFile()) throw ScenarioError(dir + "/blocks: unexpected entry '" + f.fileName().toStdString() + "'");
    BlockFiles& b = out[m.captured(1).toInt()];
    const QString kind = m.captured(2);
    if (kind == QLatin1String("json")) b.block = true;
    else if (kind == QLatin1String("expect.json")) b.expect = true;
    else b.fails = true;
  }
  if (out.empty()) throw ScenarioError(dir + "/blocks: no block files");
  int expected_number = 1;
  for (const auto& [n, b] : out) {
    const std::string name = dir + "/blocks/" + QString::number(n).rightJustified(3, QLatin1Char('0')).toStdString();
    if (n != expected_number++) throw ScenarioError(name + ".json: block numbers must run 001, 002, ... without gaps");
    if (!b.block) throw ScenarioError(name + ".json: missing (an expect or fails file without its block)");
    if (b.expect && b.fails) throw ScenarioError(name + ": both an expect and a fails file");
  }
  return out;
}

void CheckTopLevel(const std::string& dir) {
  const QDir d(QString::fromStdString(dir));
  for (const QString& entry : d.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
    if (entry != QLatin1String("genesis.json") && entry != QLatin1String("blocks")) {
      throw ScenarioError(dir + ": unexpected entry '" + entry.toStdString() + "' (only genesis.json and blocks/)");
    }
  }
}

}  // namespace

std::vector<std::string> RunScenario(const std::string& dir) {
  std::vector<std::string> failures;
  try {
    CheckTopLevel(dir);
    const chain::Genesis genesis = ParseGenesis(StrictObject(LoadJsonObject(dir + "/genesis.json"), "genesis.json"));
    if (auto s = state::GenesisState(genesis); !s) throw ScenarioError("genesis.json: rejected: " + s.error());
    RulesChain chain(genesis);
    state::StateTree tree = state::StateTree::Build(chain.state());
    for (const auto& [n, files] : ListBlocks(dir)) {
      const std::string base = "blocks/" + QString::number(n).rightJustified(3, QLatin1Char('0')).toStdString();
      StrictObject spec(LoadJsonObject(dir + "/" + base + ".json"), base + ".json");
      const std::uint64_t repeat = spec.OptU64("repeat").value_or(1);
      if (repeat == 0 || (repeat > 1 && (!files.expect || (spec.Has("slot") && !spec.Value("slot").isString())))) {
        spec.Fail("repeat needs an expect file and slot \"next\"");
      }
      for (std::uint64_t r = 0; r < repeat; ++r) {
        const std::string label = base + (repeat > 1 ? " (repeat " + std::to_string(r + 1) + ")" : "");
        const BlockPlan plan = BuildBlock(chain, spec);
        spec.Finish();
        auto result = chain.Apply(plan.block, plan.finalized);
        if (result) {
          if (!files.expect) {
            failures.push_back(label + ": applied, but a block without an expect file must fail");
            return failures;
          }
          tree.Apply(*result);
          continue;
        }
        const state::BlockError& err = result.error();
        if (files.expect || err.where == "invariant") {
          failures.push_back(label + ": failed: " + err.Message());
          return failures;
        }
        if (files.fails) {
          StrictObject f(LoadJsonObject(dir + "/" + base + ".fails.json"), base + ".fails.json");
          const std::string where = f.Str("where");
          const auto reason = f.OptStr("reason_contains");
          f.Finish();
          if (err.where != where) failures.push_back(f.where() + ": where: expected '" + where + "', got " + err.Message());
          if (reason && err.reason.find(*reason) == std::string::npos) {
            failures.push_back(f.where() + ": reason lacks '" + *reason + "': " + err.Message());
          }
        }
      }
      if (!files.expect) continue;
      const crypto::Hash256 root = tree.Root();
      const crypto::Hash256 rebuilt = state::StateTree::Build(chain.state()).Root();
      if (root != rebuilt) failures.push_back(base + ": incremental state root differs from a rebuilt tree");
      const std::string expect_name = base + ".expect.json";
      for (auto& m : CheckExpectations(chain, StrictObject(LoadJsonObject(dir + "/" + expect_name), expect_name), root)) {
        failures.push_back(std::move(m));
      }
    }
  } catch (const ScenarioError& e) {
    failures.push_back(e.what());
  }
  return failures;
}

}  // namespace cairn::test::scenario
