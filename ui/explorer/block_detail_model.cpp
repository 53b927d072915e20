#include "ui/explorer/block_detail_model.h"

#include "chain/address.h"
#include "ui/explorer/explorer_format.h"

namespace cairn::ui {

void BlockDetailModel::load(const QString& key_text) {
  const QString key = key_text.trimmed();
  api::Node* node = Begin(key);
  if (node == nullptr) return;
  const auto height = explorer::ParseDecimal(key);
  const auto hash = height ? std::nullopt : explorer::ParseHash(key);
  if (!height && !hash) {
    Fail(tr("“%1” is not a block height or a block id (64 hexadecimal digits).").arg(key));
    return;
  }
  Start(
      node, [height, hash](api::Node* n) { return height ? n->BlockByHeight(*height) : n->BlockByHash(*hash); },
      [this](api::Result<std::optional<api::BlockDetail>> result) {
        if (!result) return Fail(explorer::ErrorSentence(result.error()));
        if (!*result) return NotFound();
        Apply(**result);
        Succeed();
      });
}

void BlockDetailModel::Apply(const api::BlockDetail& b) {
  const auto& h = b.block.unsigned_header();
  const QString prefix = explorer::AddressPrefix();
  m_height = b.height;
  m_id = explorer::Hex(b.id);
  m_parent = explorer::Hex(h.parent_hash);
  m_slot = h.slot;
  m_proposer = static_cast<int>(h.proposer_index);
  m_state_root = explorer::Hex(h.state_root);
  m_tx_root = explorer::Hex(h.tx_root);
  m_timestamp_ms = static_cast<double>(h.timestamp_ms);
  m_size = static_cast<int>(b.size_bytes);
  m_finality = explorer::FinalityText(b.finality);
  m_canonical = b.canonical;
  m_txs.clear();
  for (const auto& tx : b.block.body.txs) {
    const auto amount = explorer::PayloadAmount(tx.payload);
    const auto counterparty = explorer::PayloadCounterparty(tx.payload);
    m_txs << QVariantMap{
        {QStringLiteral("txId"), explorer::Hex(chain::ComputeTxId(tx))},
        {QStringLiteral("kind"), explorer::KindCode(tx.kind())},
        {QStringLiteral("kindLabel"), explorer::KindLabel(tx.kind())},
        {QStringLiteral("sender"), explorer::AddressText(chain::AddressFromPublicKey(tx.sender), prefix)},
        {QStringLiteral("fee"), explorer::AmountText(tx.fee)},
        {QStringLiteral("amount"), amount ? explorer::AmountText(*amount) : QString()},
        {QStringLiteral("counterparty"), counterparty ? explorer::AddressText(*counterparty, prefix) : QString()}};
  }
  m_votes.clear();
  for (const auto& v : b.block.body.votes) {
    m_votes << QVariantMap{{QStringLiteral("validator"), static_cast<int>(v.vote.validator_index)},
                           {QStringLiteral("slot"), static_cast<qulonglong>(v.vote.slot)},
                           {QStringLiteral("headRoot"), explorer::Hex(v.vote.head_root)},
                           {QStringLiteral("targetSlot"), static_cast<qulonglong>(v.vote.target.slot)},
                           {QStringLiteral("sourceSlot"), static_cast<qulonglong>(v.vote.source.slot)}};
  }
  m_evidence.clear();
  for (const auto& e : b.block.body.evidence) {
    m_evidence << QVariantMap{{QStringLiteral("kind"), explorer::EvidenceKindText(e.kind())},
                              {QStringLiteral("offender"), static_cast<int>(chain::OffenderIndex(e))}};
  }
  emit changed();
}

}  // namespace cairn::ui
