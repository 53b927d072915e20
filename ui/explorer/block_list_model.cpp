#include "ui/explorer/block_list_model.h"

#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/explorer/explorer_format.h"
#include "ui/session.h"

namespace cairn::ui {

BlockListModel::BlockListModel(QObject* parent) : QAbstractListModel(parent) {
  Session* session = Session::Instance();
  if (session == nullptr) return;
  connect(session, &Session::stateChanged, this, &BlockListModel::OnSessionState);
  connect(&session->events(), &EventBridge::headChanged, this, [this] { Request(NEWER | FINALITY); });
  connect(&session->events(), &EventBridge::finalizedChanged, this, [this] { Request(FINALITY); });
  OnSessionState();
}

void BlockListModel::OnSessionState() {
  Session* session = Session::Instance();
  const bool running = session != nullptr && session->running();
  // A node that (re)starts may be another network or folder: what the rows show no longer holds.
  if (running && !m_was_running) Request(RELOAD);
  m_was_running = running;
}

int BlockListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant BlockListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() < 0 || static_cast<std::size_t>(index.row()) >= m_rows.size()) return {};
  const Row& r = m_rows[static_cast<std::size_t>(index.row())];
  switch (role) {
    case HeightRole: return QVariant::fromValue(static_cast<qulonglong>(r.height));
    case BlockIdRole: return explorer::Hex(r.id);
    case SlotRole: return QVariant::fromValue(static_cast<qulonglong>(r.slot));
    case ProposerRole: return static_cast<int>(r.proposer);
    case TxCountRole: return static_cast<int>(r.txs);
    case VoteCountRole: return static_cast<int>(r.votes);
    case EvidenceCountRole: return static_cast<int>(r.evidence);
    case FinalityRole: return explorer::FinalityText(r.finality);
    case TimestampMsRole: return static_cast<double>(r.timestamp_ms);  // exact below 2^53 ms (year 287396)
    case ProposerNameRole: {
      const auto it = m_names.find(r.proposer);
      return it != m_names.end() ? it->second : QString();
    }
    default: return {};
  }
}

QHash<int, QByteArray> BlockListModel::roleNames() const {
  return {{HeightRole, "height"},       {BlockIdRole, "blockId"},         {SlotRole, "slot"},
          {ProposerRole, "proposer"},   {TxCountRole, "txCount"},         {VoteCountRole, "voteCount"},
          {EvidenceCountRole, "evidenceCount"}, {FinalityRole, "finality"}, {TimestampMsRole, "timestampMs"},
          {ProposerNameRole, "proposerName"}};
}

bool BlockListModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && m_loaded && m_next.has_value() && !m_older_failed;
}

void BlockListModel::fetchMore(const QModelIndex& parent) {
  // A view asks again for every delegate it makes near the end; one older page at a time is enough
  // (the rows it brings make the view ask again if it still needs more).
  if (m_current == OLDER) return;
  if (canFetchMore(parent)) Request(OLDER);
}

void BlockListModel::reload() { Request(RELOAD); }

void BlockListModel::retry() {
  m_older_failed = false;
  Request(m_loaded ? OLDER : RELOAD);
}

BlockListModel::Row BlockListModel::ToRow(const api::BlockSummary& b) {
  const auto& h = b.header.header;
  return Row{b.height, b.id, h.slot, h.proposer_index, b.tx_count, b.vote_count, b.evidence_count, b.finality,
             h.timestamp_ms};
}

void BlockListModel::Request(unsigned op) {
  if (!m_loaded) op = (op & OLDER) ? op : RELOAD;  // nothing to extend yet: the first page answers all
  m_pending |= op;
  Pump();
}

void BlockListModel::Pump() {
  if (m_busy || m_pending == 0) return;
  Session* session = Session::Instance();
  if (session == nullptr || !session->running()) {
    m_pending = 0;
    SetError(explorer::NotRunningSentence());
    return;
  }
  if (m_pending & RELOAD) {
    m_pending = 0;  // the first page also answers every other request
    Fetch(RELOAD, std::nullopt, PAGE_SIZE);
  } else if (m_pending & NEWER) {
    m_pending &= ~NEWER;
    Fetch(NEWER, std::nullopt, PAGE_SIZE);
  } else if (m_pending & FINALITY) {
    m_pending &= ~FINALITY;
    // Only the rows above the first finalized one can change; they are the top rows.
    std::size_t open = 0;
    while (open < m_rows.size() && m_rows[open].finality != api::Finality::Finalized) ++open;
    if (open == 0) return Pump();
    Fetch(FINALITY, m_rows.front().height + 1, std::min(open, PAGE_SIZE));
  } else if (m_pending & NAMES) {
    m_pending &= ~NAMES;
    FetchNames();
  } else if (m_pending & OLDER) {
    m_pending &= ~OLDER;
    if (!m_next || m_older_failed) return Pump();
    Fetch(OLDER, m_next, PAGE_SIZE);
  }
}

void BlockListModel::Fetch(unsigned op, std::optional<chain::Height> before, std::size_t limit) {
  api::Node* node = Session::Instance()->node();
  ++m_fetches;
  m_current = op;
  SetBusy(true);
  RunAsync(
      this, [node, before, limit] { return node->Blocks(before, limit); },
      [this, op](api::Result<api::BlockPage> page) { Done(op, std::move(page)); });
}

void BlockListModel::FetchNames() {
  api::Node* node = Session::Instance()->node();
  m_current = NAMES;
  SetBusy(true);
  RunAsync(
      this, [node] { return node->Validators(std::nullopt, api::MAX_PAGE_SIZE); },
      [this](api::Result<api::ValidatorPage> page) {
        m_current = 0;
        // After an error the next first page asks again: names are a nicety, not worth a retry loop.
        if (page) {
          m_names_loaded = true;
          for (const auto& v : page->validators) m_names[v.index] = QString::fromStdString(v.validator.moniker);
          if (!m_rows.empty()) emit dataChanged(index(0), index(count() - 1), {ProposerNameRole});
        }
        SetBusy(false);
        Pump();
      });
}

void BlockListModel::Done(unsigned op, api::Result<api::BlockPage> page) {
  m_current = 0;
  if (!page) {
    if (op == OLDER) m_older_failed = true;
    SetError(explorer::ErrorSentence(page.error()));
  } else {
    SetError({});
    switch (op) {
      case RELOAD: ApplyFirstPage(*page); break;
      case NEWER: ApplyNewer(*page); break;
      case FINALITY: ApplyFinality(*page); break;
      case OLDER: ApplyOlder(*page); break;
      default: break;
    }
  }
  SetBusy(false);
  Pump();
}

void BlockListModel::ApplyFirstPage(const api::BlockPage& page) {
  const int before = count();
  beginResetModel();
  m_rows.clear();
  for (const auto& b : page.blocks) m_rows.push_back(ToRow(b));
  m_next = page.next;
  m_loaded = true;
  m_older_failed = false;
  endResetModel();
  if (!m_names_loaded) m_pending |= NAMES;
  if (count() != before) emit countChanged();
}

void BlockListModel::ApplyOlder(const api::BlockPage& page) {
  std::vector<Row> rows;
  for (const auto& b : page.blocks) {
    if (m_rows.empty() || b.height < m_rows.back().height) rows.push_back(ToRow(b));
  }
  m_next = page.next;
  if (!rows.empty()) {
    const int first = count();
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    m_rows.insert(m_rows.end(), rows.begin(), rows.end());
    endInsertRows();
    emit countChanged();
  }
}

void BlockListModel::ApplyNewer(const api::BlockPage& page) {
  if (m_rows.empty()) return ApplyFirstPage(page);
  const Row& top = m_rows.front();
  std::vector<Row> rows;  // newest first
  bool joined = false;    // the page reaches our top block, unchanged
  for (const auto& b : page.blocks) {
    if (b.height > top.height) {
      rows.push_back(ToRow(b));
    } else {
      joined = b.height == top.height && b.id == top.id;
      break;
    }
  }
  // The head moved by more than a page, went below our top, or replaced it: our rows no longer join
  // the head's chain, so start again from the head (the view cannot keep a position in a gap anyway).
  if (!joined) {
    if (!page.blocks.empty()) ApplyFirstPage(page);
    return;
  }
  if (rows.empty()) return;
  beginInsertRows({}, 0, static_cast<int>(rows.size()) - 1);
  m_rows.insert(m_rows.begin(), rows.begin(), rows.end());
  endInsertRows();
  emit countChanged();
  emit newBlocks(static_cast<int>(rows.size()));
}

void BlockListModel::ApplyFinality(const api::BlockPage& page) {
  if (m_rows.empty()) return;
  int first = -1, last = -1;
  const chain::Height top = m_rows.front().height;
  for (const auto& b : page.blocks) {
    if (b.height > top) continue;
    const std::size_t row = static_cast<std::size_t>(top - b.height);
    if (row >= m_rows.size() || m_rows[row].id != b.id) continue;  // replaced meanwhile: the next head reloads
    if (m_rows[row].finality == b.finality) continue;
    m_rows[row].finality = b.finality;
    first = first < 0 ? static_cast<int>(row) : std::min(first, static_cast<int>(row));
    last = std::max(last, static_cast<int>(row));
  }
  if (first >= 0) emit dataChanged(index(first), index(last), {FinalityRole});
}

void BlockListModel::SetBusy(bool busy) {
  if (m_busy == busy) return;
  m_busy = busy;
  emit loadingChanged();
}

void BlockListModel::SetError(const QString& error) {
  if (m_error == error) return;
  m_error = error;
  emit errorChanged();
}

}  // namespace cairn::ui
