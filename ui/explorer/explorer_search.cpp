#include "ui/explorer/explorer_search.h"

#include "chain/address.h"
#include "ui/async.h"
#include "ui/explorer/explorer_format.h"
#include "ui/session.h"

namespace cairn::ui {

namespace {

QVariantMap Found(const QString& kind, const QString& key, const QString& validator = {}) {
  return {{QStringLiteral("kind"), kind}, {QStringLiteral("key"), key}, {QStringLiteral("validator"), validator}};
}

}  // namespace

ExplorerSearch::Shape ExplorerSearch::ShapeOf(const QString& raw, const QString& prefix) {
  const QString text = raw.trimmed();
  if (text.isEmpty()) return Shape::Empty;
  if (explorer::ParseDecimal(text)) return Shape::Height;
  if (explorer::ParseHash(text)) return Shape::Hash;
  if (text.startsWith(prefix + QLatin1Char('1'), Qt::CaseInsensitive)) return Shape::Address;
  return Shape::Unknown;
}

void ExplorerSearch::classify(const QString& raw) {
  const QString text = raw.trimmed();
  const quint64 generation = ++m_generation;
  const QString prefix = explorer::AddressPrefix();
  const Shape shape = ShapeOf(text, prefix);
  if (shape == Shape::Empty) {
    return Fail(tr("Type a block height, a block or transaction id, or an address."));
  }
  if (shape == Shape::Unknown) {
    return Fail(tr("No block, transaction or address matches “%1”. Search takes a block height, a 64-digit "
                   "block or transaction id, or an address starting with %2.")
                    .arg(text, prefix + QLatin1Char('1')));
  }
  Session* session = Session::Instance();
  api::Node* node = session != nullptr ? session->node() : nullptr;
  if (node == nullptr) return Fail(explorer::NotRunningSentence());

  std::optional<chain::Address> address;
  if (shape == Shape::Address) {
    auto decoded = chain::DecodeAddress(text.toLower().toStdString(), prefix.toStdString());
    if (!decoded) {
      return Fail(tr("“%1” is not a valid address: %2.").arg(text, QString::fromStdString(decoded.error().message)));
    }
    address = *decoded;
  }
  m_busy = true;
  m_error.clear();
  m_result.clear();
  emit stateChanged();

  // The worker answers {kind, key, validator} or an error sentence; strings only (no QObjects there).
  struct Outcome {
    QVariantMap result;
    QString error;
  };
  const auto height = explorer::ParseDecimal(text);
  const auto hash = explorer::ParseHash(text);
  RunAsync(
      this,
      [node, shape, height, hash, address, text, prefix]() -> Outcome {
        if (shape == Shape::Height) {
          auto block = node->BlockByHeight(*height);
          if (!block) return {{}, explorer::ErrorSentence(block.error())};
          if (!*block) {
            return {{}, QCoreApplication::translate("Explorer", "There is no block at height %1 yet; the chain is at height %2.")
                            .arg(text)
                            .arg(static_cast<qulonglong>(node->Head().height))};
          }
          return {Found(QStringLiteral("block"), text), {}};
        }
        if (shape == Shape::Hash) {
          const QString key = explorer::Hex(*hash);
          auto block = node->BlockByHash(*hash);
          if (!block) return {{}, explorer::ErrorSentence(block.error())};
          if (*block) return {Found(QStringLiteral("block"), key), {}};
          auto tx = node->Transaction(*hash);
          if (!tx) return {{}, explorer::ErrorSentence(tx.error())};
          if (*tx) return {Found(QStringLiteral("tx"), key), {}};
          return {{}, QCoreApplication::translate("Explorer", "No block or transaction has the id %1.").arg(key)};
        }
        const QString key = explorer::AddressText(*address, prefix);
        auto validator = node->Validator(*address);
        if (!validator) return {{}, explorer::ErrorSentence(validator.error())};
        return {Found(QStringLiteral("account"), key, *validator ? key : QString()), {}};
      },
      [this, generation](Outcome outcome) {
        if (generation != m_generation) return;
        if (!outcome.error.isEmpty()) return Fail(outcome.error);
        Answer(outcome.result);
      });
}

void ExplorerSearch::Answer(const QVariantMap& result) {
  m_busy = false;
  m_error.clear();
  m_result = result;
  emit stateChanged();
  emit resolved(result);
}

void ExplorerSearch::Fail(const QString& sentence) {
  ++m_generation;
  m_busy = false;
  m_error = sentence;
  m_result.clear();
  emit stateChanged();
}

}  // namespace cairn::ui
