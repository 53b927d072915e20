#include "ui/explorer/detail_base.h"

#include "ui/explorer/explorer_format.h"
#include "ui/session.h"

namespace cairn::ui {

api::Node* DetailBase::Begin(const QString& key) {
  ++m_generation;
  m_key = key;
  Session* session = Session::Instance();
  api::Node* node = session != nullptr ? session->node() : nullptr;
  if (node == nullptr) {
    Set(false, false, explorer::NotRunningSentence());
    return nullptr;
  }
  Set(true, m_found, {});
  return node;
}

void DetailBase::Succeed() { Set(false, true, {}); }
void DetailBase::NotFound() { Set(false, false, {}); }
void DetailBase::Fail(const QString& sentence) { Set(false, false, sentence); }

void DetailBase::Set(bool loading, bool found, const QString& error) {
  m_loading = loading;
  m_found = found;
  m_error = error;
  emit stateChanged();
}

}  // namespace cairn::ui
