#include "ui/explorer/account_tx_model.h"

#include "chain/address.h"
#include "ui/async.h"
#include "ui/explorer/explorer_format.h"
#include "ui/session.h"

namespace cairn::ui {

int AccountTxModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant AccountTxModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() < 0 || static_cast<std::size_t>(index.row()) >= m_rows.size()) return {};
  const Row& r = m_rows[static_cast<std::size_t>(index.row())];
  switch (role) {
    case TxIdRole: return r.id;
    case KindRole: return r.kind;
    case KindLabelRole: return r.kind_label;
    case StatusRole: return r.status;
    case HeightRole: return r.height;
    case SenderRole: return r.sender;
    case OutgoingRole: return r.outgoing;
    case AmountRole: return r.amount;
    case FeeRole: return r.fee;
    case CounterpartyRole: return r.counterparty;
    default: return {};
  }
}

QHash<int, QByteArray> AccountTxModel::roleNames() const {
  return {{TxIdRole, "txId"},     {KindRole, "kind"},         {KindLabelRole, "kindLabel"}, {StatusRole, "status"},
          {HeightRole, "height"}, {SenderRole, "sender"},     {OutgoingRole, "outgoing"},   {AmountRole, "amount"},
          {FeeRole, "fee"},       {CounterpartyRole, "counterparty"}};
}

bool AccountTxModel::canFetchMore(const QModelIndex& parent) const {
  return !parent.isValid() && m_address && m_more && m_error.isEmpty();
}

void AccountTxModel::fetchMore(const QModelIndex& parent) {
  if (canFetchMore(parent) && !m_busy) Fetch();
}

void AccountTxModel::setAddress(std::optional<chain::Address> address) {
  ++m_generation;  // an answer for the previous address is dropped
  beginResetModel();
  m_rows.clear();
  m_address = address;
  m_next.reset();
  m_more = address.has_value();
  m_error.clear();
  endResetModel();
  emit countChanged();
  m_busy = false;
  if (m_address) Fetch();
  emit loadingChanged();
}

void AccountTxModel::retry() {
  m_error.clear();
  if (m_address && m_more && !m_busy) Fetch();
  emit loadingChanged();
}

void AccountTxModel::Fetch() {
  Session* session = Session::Instance();
  api::Node* node = session != nullptr ? session->node() : nullptr;
  if (node == nullptr) {
    m_error = explorer::NotRunningSentence();
    emit loadingChanged();
    return;
  }
  m_busy = true;
  emit loadingChanged();
  const chain::Address address = *m_address;
  const auto before = m_next;
  const std::uint64_t generation = m_generation;
  RunAsync(
      this, [node, address, before] { return node->AccountTxs(address, before, PAGE_SIZE); },
      [this, generation, address](api::Result<api::TxPage> page) {
        if (generation != m_generation) return;
        m_busy = false;
        if (!page) {
          m_error = explorer::ErrorSentence(page.error());
          emit loadingChanged();
          return;
        }
        const QString prefix = explorer::AddressPrefix();
        std::vector<Row> rows;
        for (const auto& t : page->txs) {
          const chain::Address sender = chain::AddressFromPublicKey(t.tx.sender);
          const auto amount = explorer::PayloadAmount(t.tx.payload);
          const auto other = explorer::PayloadCounterparty(t.tx.payload);
          rows.push_back(Row{explorer::Hex(t.id), explorer::KindCode(t.tx.kind()), explorer::KindLabel(t.tx.kind()),
                             explorer::TxStatusText(t.status), explorer::AddressText(sender, prefix),
                             amount ? explorer::AmountText(*amount) : QString(), explorer::AmountText(t.tx.fee),
                             other ? explorer::AddressText(*other, prefix) : QString(),
                             t.position ? static_cast<qulonglong>(t.position->height) : 0, sender == address});
        }
        m_next = page->next;
        m_more = page->next.has_value();
        if (!rows.empty()) {
          beginInsertRows({}, count(), count() + static_cast<int>(rows.size()) - 1);
          m_rows.insert(m_rows.end(), rows.begin(), rows.end());
          endInsertRows();
          emit countChanged();
        }
        emit loadingChanged();
      });
}

}  // namespace cairn::ui
