// Checks over a running DevnetCluster that several multi-node scenarios share (test_multinode.cpp):
// finalized heights across nodes, agreement on the finalized block, and a watch that catches a height
// finalized as two different blocks (the safety property a partition must not break).
//
// Thread safety: the test's thread, like the cluster. Ownership: borrow the cluster.
// Failure: a false return; AgreeOnFinalized records why in the cluster (DevnetCluster::Fail),
// FinalityWatch in conflict().
#pragma once

#include <QString>

#include <map>
#include <vector>

#include "devnet_cluster.h"

namespace cairn::test {

// k = from..to.
std::vector<int> Range(int from, int to);

// Every node in `nodes` answers chain.head with a finalized height >= `min` (their heads in `heads`).
bool AllFinalizedAtLeast(DevnetCluster& c, const std::vector<int>& nodes, qint64 min,
                         std::map<int, HeadInfo>* heads = nullptr);
// The highest finalized height among the nodes that answer (-1 when none does).
qint64 MaxFinalized(DevnetCluster& c, const std::vector<int>& nodes);

// All `nodes` hold the same block at the lowest of their finalized heights, that block is what the
// lowest node calls its finalized root, and every node calls it finalized.
bool AgreeOnFinalized(DevnetCluster& c, const std::vector<int>& nodes);

// Watches finalized checkpoints across nodes: a height finalized with two different block ids (on
// two nodes, or on one node over time) is a safety failure. Also checks each node's finalized block
// against the canonical block other nodes hold at that height.
class FinalityWatch {
 public:
  explicit FinalityWatch(DevnetCluster& cluster) : m_c(cluster) {}

  // One round over `nodes`; false on a conflict (conflict() says which). Nodes that do not answer
  // are skipped (a node may be busy; the cluster's waits catch dead ones). `finalized`, when given,
  // receives each answering node's finalized height.
  bool Sample(const std::vector<int>& nodes, std::map<int, qint64>* finalized = nullptr);

  const QString& conflict() const { return m_conflict; }
  int rounds() const { return m_rounds; }
  int cross_checks() const { return m_cross_checks; }
  std::size_t heights_seen() const { return m_seen.size(); }

 private:
  DevnetCluster& m_c;
  std::map<qint64, std::pair<QString, int>> m_seen;  // finalized height -> (root, first node that said so)
  QString m_conflict;
  int m_rounds = 0;
  int m_cross_checks = 0;
};

}  // namespace cairn::test
