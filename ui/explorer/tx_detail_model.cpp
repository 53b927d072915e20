#include "ui/explorer/tx_detail_model.h"

#include "chain/address.h"
#include "ui/explorer/explorer_format.h"

namespace cairn::ui {

void TxDetailModel::load(const QString& key_text) {
  const QString key = key_text.trimmed();
  api::Node* node = Begin(key);
  if (node == nullptr) return;
  const auto id = explorer::ParseHash(key);
  if (!id) {
    Fail(tr("“%1” is not a transaction id: an id has 64 hexadecimal digits.").arg(key));
    return;
  }
  Start(
      node, [id = *id](api::Node* n) { return n->Transaction(id); },
      [this](api::Result<std::optional<api::TxDetail>> result) {
        if (!result) return Fail(explorer::ErrorSentence(result.error()));
        if (!*result) return NotFound();
        Apply(**result);
        Succeed();
      });
}

void TxDetailModel::Apply(const api::TxDetail& t) {
  const QString prefix = explorer::AddressPrefix();
  m_id = explorer::Hex(t.id);
  m_status = explorer::TxStatusText(t.status);
  m_included = t.position.has_value();
  m_block_id = t.block_id ? explorer::Hex(*t.block_id) : QString();
  m_block_height = t.position ? t.position->height : 0;
  m_position = t.position ? static_cast<int>(t.position->index) : 0;
  m_sender = explorer::AddressText(chain::AddressFromPublicKey(t.tx.sender), prefix);
  m_nonce = t.tx.nonce;
  m_fee = explorer::AmountText(t.tx.fee);
  m_expiry = t.tx.expiry_slot;
  m_kind = explorer::KindCode(t.tx.kind());
  m_kind_label = explorer::KindLabel(t.tx.kind());
  m_payload = explorer::PayloadRows(t.tx.payload, prefix);
  m_memo = explorer::MemoText(t.tx.memo);
  m_size = static_cast<int>(t.size_bytes);
  emit changed();
}

}  // namespace cairn::ui
