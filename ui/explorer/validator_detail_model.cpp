#include "ui/explorer/validator_detail_model.h"

#include "chain/address.h"
#include "ui/explorer/explorer_format.h"

namespace cairn::ui {

void ValidatorDetailModel::load(const QString& text) {
  const QString key = text.trimmed();
  api::Node* node = Begin(key);
  if (node == nullptr) return;
  using Answer = api::Result<std::optional<api::ValidatorInfo>>;
  if (const auto index = explorer::ParseDecimal(key); index && *index <= UINT32_MAX) {
    const auto wanted = static_cast<chain::ValidatorIndex>(*index);
    Start(
        node,
        [wanted](api::Node* n) -> Answer {
          // Validators() pages by "after": ask for the one right after wanted - 1.
          auto page = n->Validators(wanted == 0 ? std::nullopt : std::optional<chain::ValidatorIndex>(wanted - 1), 1);
          if (!page) return util::Err(page.error());
          if (page->validators.empty() || page->validators.front().index != wanted) return std::optional<api::ValidatorInfo>();
          return std::optional<api::ValidatorInfo>(page->validators.front());
        },
        [this](Answer result) {
          if (!result) return Fail(explorer::ErrorSentence(result.error()));
          if (!*result) return NotFound();
          Apply(**result);
          Succeed();
        });
    return;
  }
  auto address = chain::DecodeAddress(key.toStdString(), explorer::AddressPrefix().toStdString());
  if (!address) {
    Fail(tr("“%1” is not a validator's operator address or index: %2.")
             .arg(key, QString::fromStdString(address.error().message)));
    return;
  }
  Start(
      node, [a = *address](api::Node* n) { return n->Validator(a); },
      [this](Answer result) {
        if (!result) return Fail(explorer::ErrorSentence(result.error()));
        if (!*result) return NotFound();
        Apply(**result);
        Succeed();
      });
}

void ValidatorDetailModel::Apply(const api::ValidatorInfo& v) {
  const auto& r = v.validator;
  m_index = static_cast<int>(v.index);
  m_operator = explorer::AddressText(r.operator_address);
  m_consensus = explorer::Hex(r.consensus_pubkey);
  m_vrf = explorer::Hex(r.vrf_pubkey);
  m_moniker = QString::fromStdString(r.moniker);
  m_website = QString::fromStdString(r.website);
  m_commission = r.commission_bps;
  m_stake = explorer::AmountText(r.tokens);
  m_self_bond = explorer::AmountText(v.self_bond);
  const auto status = state::ValidatorStatusName(r.status);
  m_status = QString::fromUtf8(status.data(), static_cast<qsizetype>(status.size()));
  m_jailed = r.status != state::ValidatorStatus::Candidate;
  m_jailed_until = r.jailed_until;
  m_active = v.active;
  m_missed = v.missed_votes;
  emit changed();
}

}  // namespace cairn::ui
