#include "ui/wallet/history_model.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSaveFile>

#include "chain/address.h"
#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/session.h"
#include "ui/wallet/wallet_text.h"
#include "util/hex.h"

namespace cairn::ui {

namespace {

api::Wallet* Wallet() { return Session::Instance() ? Session::Instance()->wallet() : nullptr; }

QString Prefix() {
  return Session::Instance() ? Session::Instance()->addressPrefix() : QString::fromLatin1(chain::TESTNET_HRP.data());
}

// "reward" and "slash": the entries that are no transaction of the account (api::HistoryEntryKind).
std::optional<api::HistoryEntryKind> EntryFromKey(const QString& key) {
  for (auto entry : {api::HistoryEntryKind::Reward, api::HistoryEntryKind::Slash}) {
    const std::string_view name = api::HistoryEntryKindName(entry);
    if (key == QLatin1String(name.data(), static_cast<qsizetype>(name.size()))) return entry;
  }
  return std::nullopt;
}

std::optional<chain::PayloadKind> KindFromKey(const QString& key) {
  for (std::uint8_t k = 0; k < chain::PAYLOAD_KIND_COUNT; ++k) {
    const auto kind = static_cast<chain::PayloadKind>(k);
    const std::string_view name = chain::PayloadKindName(kind);
    if (key == QLatin1String(name.data(), static_cast<qsizetype>(name.size()))) return kind;
  }
  return std::nullopt;
}

}  // namespace

HistoryModel::HistoryModel(QObject* parent) : QAbstractListModel(parent) {
  if (auto* session = Session::Instance()) {
    connect(&session->events(), &EventBridge::walletActivity, this, &HistoryModel::reload);
    // A wallet created or restored elsewhere in the app makes no wallet activity of its own.
    connect(&session->events(), &EventBridge::headChanged, this, [this] {
      if (m_no_wallet && !m_busy) reload();
    });
    connect(session, &Session::stateChanged, this, [this] {
      if (Wallet() && !m_loaded && !m_busy) reload();
    });
  }
  // Queued: QML sets account and pageSize after construction; the first page should use them.
  QMetaObject::invokeMethod(this, &HistoryModel::reload, Qt::QueuedConnection);
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() < 0 || index.row() >= count()) return {};
  const api::HistoryEntry& e = m_entries[static_cast<std::size_t>(index.row())];
  switch (role) {
    case TxIdRole: return QString::fromStdString(util::ToHex(e.id.span()));
    case Qt::DisplayRole:
    case KindRole: return e.entry == api::HistoryEntryKind::Transaction ? KindText(e.kind) : EntryText(e.entry);
    case KindKeyRole: {
      const std::string_view name = api::HistoryKindName(e);
      return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
    }
    case StatusRole: {
      const std::string_view name = api::HistoryStatusName(e.status);
      return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
    }
    case OutgoingRole: return e.outgoing;
    case CounterpartyRole:
      return e.counterparty == chain::Address{} ? QString()
                                                : QString::fromStdString(chain::EncodeAddress(e.counterparty, Prefix().toStdString()));
    case AmountRole: return QString::number(static_cast<qulonglong>(e.amount));
    case FeeRole: return QString::number(static_cast<qulonglong>(e.fee));
    case TimestampMsRole: return static_cast<double>(e.timestamp_ms);  // a JS number: exact below 2^53
    case HeightRole: return e.position ? static_cast<double>(e.position->height) : -1.0;
    case NoteRole: return QString::fromStdString(e.note);
    default: return {};
  }
}

QHash<int, QByteArray> HistoryModel::roleNames() const {
  return {{TxIdRole, "txId"},         {KindRole, "kind"},     {KindKeyRole, "kindKey"},
          {StatusRole, "status"},     {OutgoingRole, "outgoing"}, {CounterpartyRole, "counterparty"},
          {AmountRole, "amount"},     {FeeRole, "fee"},       {TimestampMsRole, "timestampMs"},
          {HeightRole, "height"},     {NoteRole, "note"}};
}

QVariantMap HistoryModel::get(int row) const {
  QVariantMap map;
  if (row < 0 || row >= count()) return map;
  const auto names = roleNames();
  for (auto it = names.begin(); it != names.end(); ++it) {
    map.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
  }
  return map;
}

bool HistoryModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && !m_at_end && !m_busy && m_error.isEmpty() && Wallet() != nullptr;
}

api::HistoryFilter HistoryModel::Filter() const {
  api::HistoryFilter filter;
  if (m_account >= 0) filter.account = static_cast<std::uint32_t>(m_account);
  return filter;
}

void HistoryModel::fetchMore(const QModelIndex& parent) {
  if (!canFetchMore(parent)) return;
  api::Wallet* w = Wallet();
  const api::HistoryFilter filter = Filter();
  const std::optional<api::TxCursor> before = m_entries.empty() ? std::nullopt : m_next;
  const std::size_t limit = static_cast<std::size_t>(m_page_size);
  const std::uint64_t generation = m_generation;
  m_busy = true;
  emit busyChanged();
  RunAsync(
      this, [w, filter, before, limit] { return w->History(filter, before, limit); },
      [this, generation, before](api::Result<api::HistoryPage> page) {
        if (generation != m_generation) return;  // reloaded meanwhile: that reload fetches again
        m_busy = false;
        m_loaded = true;
        m_no_wallet = !page && page.error().kind == api::ErrorKind::NotFound;
        if (m_no_wallet || !page) {
          if (m_no_wallet) m_at_end = true;
          else SetError(ErrorSentence(page.error()));
          emit busyChanged();
          ReloadIfPending();  // activity during this fetch (a wallet just created) is not lost
          return;
        }
        SetError({});
        if (!page->entries.empty()) {
          const int first = count();
          beginInsertRows({}, first, first + static_cast<int>(page->entries.size()) - 1);
          for (auto& e : page->entries) m_entries.push_back(std::move(e));
          endInsertRows();
          emit countChanged();
        }
        m_next = page->next;
        // The next page must start older than this one; anything else would page forever.
        m_at_end = !m_next || page->entries.empty() || (before && !(*m_next < *before));
        emit busyChanged();
        ReloadIfPending();
      });
}

void HistoryModel::ReloadIfPending() {
  if (!m_reload_pending) return;
  m_reload_pending = false;
  reload();
}

void HistoryModel::reload() {
  if (m_busy) {  // activity while a page loads: start over once it has answered
    m_reload_pending = true;
    return;
  }
  ++m_generation;
  beginResetModel();
  m_entries.clear();
  m_next.reset();
  m_at_end = false;
  endResetModel();
  emit countChanged();
  SetError({});
  fetchMore({});
}

void HistoryModel::setAccount(int account) {
  if (account < -1 || account == m_account) return;
  m_account = account;
  emit accountChanged();
  m_busy = false;  // a page for the old account is dropped by the generation check
  reload();
}

void HistoryModel::setPageSize(int size) {
  if (size < 1 || size > 500 || size == m_page_size) return;
  m_page_size = size;
  emit pageSizeChanged();
}

void HistoryModel::SetError(const QString& error) {
  if (error == m_error) return;
  m_error = error;
  emit errorChanged();
}

void HistoryModel::exportCsv(const QUrl& fileUrl, const QString& kind, double fromMs, double toMs) {
  api::Wallet* w = Wallet();
  if (!w) {
    emit exportDone(false, tr("The node is not running."));
    return;
  }
  if (!fileUrl.isLocalFile() || fileUrl.toLocalFile().isEmpty()) {
    emit exportDone(false, tr("Choose a file on this computer to export to."));
    return;
  }
  const QString path = fileUrl.toLocalFile();
  if (QFileInfo(path).isDir()) {
    emit exportDone(false, tr("%1 is a folder: choose a file name.").arg(path));
    return;
  }
  api::HistoryFilter filter = Filter();
  if (!kind.isEmpty()) {
    filter.kind = KindFromKey(kind);
    filter.entry = EntryFromKey(kind);
  }
  if (fromMs > 0) filter.from_ms = static_cast<std::uint64_t>(fromMs);
  if (toMs > 0) filter.to_ms = static_cast<std::uint64_t>(toMs);
  m_exporting = true;
  emit exportingChanged();
  RunAsync(
      this,
      [w, filter, path]() -> QString {  // "" on success, else the sentence
        auto csv = w->HistoryCsv(filter);
        if (!csv) return ErrorSentence(csv.error());
        QSaveFile file(path);  // written beside, renamed over: a failed export never leaves half a file
        if (!file.open(QIODevice::WriteOnly)) {
          return tr("Could not write %1: %2.").arg(path, file.errorString());
        }
        file.write(csv->data(), static_cast<qint64>(csv->size()));
        if (!file.commit()) return tr("Could not write %1: %2.").arg(path, file.errorString());
        return {};
      },
      [this, path](const QString& error) {
        m_exporting = false;
        emit exportingChanged();
        emit exportDone(error.isEmpty(), error.isEmpty() ? tr("Saved the history to %1.").arg(path) : error);
      });
}

QString HistoryModel::KindText(chain::PayloadKind kind) {
  switch (kind) {
    case chain::PayloadKind::Transfer: return tr("Transfer");
    case chain::PayloadKind::RegisterValidator: return tr("Validator registration");
    case chain::PayloadKind::EditValidator: return tr("Validator update");
    case chain::PayloadKind::Delegate: return tr("Delegation");
    case chain::PayloadKind::Undelegate: return tr("Undelegation");
    case chain::PayloadKind::Redelegate: return tr("Redelegation");
    case chain::PayloadKind::ClaimRewards: return tr("Reward claim");
    case chain::PayloadKind::Unjail: return tr("Unjail");
    case chain::PayloadKind::SubmitProposal: return tr("Proposal");
    case chain::PayloadKind::Deposit: return tr("Proposal deposit");
    case chain::PayloadKind::GovVote: return tr("Vote");
    case chain::PayloadKind::Evidence: return tr("Evidence");
  }
  return tr("Transaction");
}

QString HistoryModel::EntryText(api::HistoryEntryKind entry) {
  switch (entry) {
    case api::HistoryEntryKind::Reward: return tr("Staking reward");
    case api::HistoryEntryKind::Slash: return tr("Slash");
    case api::HistoryEntryKind::Transaction: break;
  }
  return tr("Transaction");
}

QString HistoryModel::kindText(const QString& kindKey) {
  if (const auto entry = EntryFromKey(kindKey)) return EntryText(*entry);
  const auto kind = KindFromKey(kindKey);
  return kind ? KindText(*kind) : QString();
}

QStringList HistoryModel::kindKeys() {
  QStringList keys;
  for (std::uint8_t k = 0; k < chain::PAYLOAD_KIND_COUNT; ++k) {
    const std::string_view name = chain::PayloadKindName(static_cast<chain::PayloadKind>(k));
    keys.append(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())));
  }
  for (auto entry : {api::HistoryEntryKind::Reward, api::HistoryEntryKind::Slash}) {
    const std::string_view name = api::HistoryEntryKindName(entry);
    keys.append(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())));
  }
  return keys;
}

}  // namespace cairn::ui
