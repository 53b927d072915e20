#include "cluster_checks.h"

#include <QDebug>
#include <QJsonObject>

#include <algorithm>

namespace cairn::test {

std::vector<int> Range(int from, int to) {
  std::vector<int> out;
  for (int k = from; k <= to; ++k) out.push_back(k);
  return out;
}

bool AllFinalizedAtLeast(DevnetCluster& c, const std::vector<int>& nodes, qint64 min, std::map<int, HeadInfo>* heads) {
  for (int k : nodes) {
    const auto head = c.Head(k);
    if (!head || head->finalized_height < min) return false;
    if (heads != nullptr) (*heads)[k] = *head;
  }
  return true;
}

qint64 MaxFinalized(DevnetCluster& c, const std::vector<int>& nodes) {
  qint64 max = -1;
  for (int k : nodes) {
    if (const auto head = c.Head(k)) max = std::max(max, head->finalized_height);
  }
  return max;
}

bool AgreeOnFinalized(DevnetCluster& c, const std::vector<int>& nodes) {
  std::map<int, HeadInfo> heads;
  if (!AllFinalizedAtLeast(c, nodes, 0, &heads)) {
    c.Fail(QStringLiteral("a node did not answer chain.head"));
    return false;
  }
  int lowest_node = nodes.front();
  for (int k : nodes) {
    if (heads[k].finalized_height < heads[lowest_node].finalized_height) lowest_node = k;
  }
  const qint64 height = heads[lowest_node].finalized_height;
  const QString root = heads[lowest_node].finalized_root;
  for (int k : nodes) {
    const auto block = c.BlockAt(k, height);
    if (!block) {
      c.Fail(QStringLiteral("node %1 has no block at finalized height %2").arg(k).arg(height));
      return false;
    }
    const QString id = block->value(QStringLiteral("id")).toString();
    const QString finality = block->value(QStringLiteral("finality")).toString();
    if (id != root || finality != QStringLiteral("finalized")) {
      c.Fail(QStringLiteral("at finalized height %1 node %2 holds %3 (%4) but node %5 finalized %6")
                 .arg(height)
                 .arg(k)
                 .arg(id, finality)
                 .arg(lowest_node)
                 .arg(root));
      return false;
    }
  }
  qInfo().noquote() << "agreement at finalized height" << height << "block" << root.left(16);
  return true;
}

bool FinalityWatch::Sample(const std::vector<int>& nodes, std::map<int, qint64>* finalized) {
  std::map<int, HeadInfo> heads;
  for (int k : nodes) {
    const auto head = m_c.Head(k);
    if (!head || head->finalized_height < 0) continue;
    heads[k] = *head;
    if (finalized != nullptr) (*finalized)[k] = head->finalized_height;
    auto [it, fresh] = m_seen.emplace(head->finalized_height, std::make_pair(head->finalized_root, k));
    if (!fresh && it->second.first != head->finalized_root) {
      m_conflict = QStringLiteral("height %1 finalized as %2 by node %3 and as %4 by node %5")
                       .arg(head->finalized_height)
                       .arg(it->second.first)
                       .arg(it->second.second)
                       .arg(head->finalized_root)
                       .arg(k);
      return false;
    }
  }
  for (const auto& [k, head] : heads) {
    for (const auto& [m, other] : heads) {
      if (m == k || other.height < head.finalized_height) continue;
      const auto block = m_c.BlockAt(m, head.finalized_height);
      if (!block) continue;  // not there (yet): nothing to compare
      const QString id = block->value(QStringLiteral("id")).toString();
      if (id != head.finalized_root) {
        m_conflict = QStringLiteral("node %1 finalized %2 at height %3, node %4 holds %5 (%6) there")
                         .arg(k)
                         .arg(head.finalized_root)
                         .arg(head.finalized_height)
                         .arg(m)
                         .arg(id, block->value(QStringLiteral("finality")).toString());
        return false;
      }
      ++m_cross_checks;
    }
  }
  ++m_rounds;
  return true;
}

}  // namespace cairn::test
