// DetailBase: what every explorer detail object shares: `loading`, `error` (one sentence), `found`, and
// the rule that only the answer to the newest load() counts (a user clicking through links faster than
// the node answers must not see an older object appear).
//
// Thread safety: GUI thread; Start() runs `work` through RunAsync on a worker (it must capture values
// only) and `done` back on the GUI thread. Ownership: QML or a test owns the subclasses.
// Failure: Fail() sets error and found=false; NotFound() sets found=false with no error (the view says
// "not found" in its own words).
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <utility>

#include "api/node.h"
#include "ui/async.h"

namespace cairn::ui {

class DetailBase : public QObject {
  Q_OBJECT
  QML_ANONYMOUS
  Q_PROPERTY(bool loading READ loading NOTIFY stateChanged)
  Q_PROPERTY(QString error READ error NOTIFY stateChanged)
  Q_PROPERTY(bool found READ found NOTIFY stateChanged)
  Q_PROPERTY(QString key READ key NOTIFY stateChanged)  // what the last load() asked for

 public:
  using QObject::QObject;

  bool loading() const { return m_loading; }
  QString error() const { return m_error; }
  bool found() const { return m_found; }
  QString key() const { return m_key; }

 signals:
  void stateChanged();
  void changed();  // the object's data changed (every data property notifies with it)

 protected:
  // Begins a load of `key`: loading, no error, found unchanged until the answer. Returns the node or
  // null (then the error is set already: the node is not running).
  api::Node* Begin(const QString& key);
  // Runs `work(node)` on a worker; `done(result)` runs on the GUI thread if no newer load began since.
  template <typename Work, typename Done>
  void Start(api::Node* node, Work work, Done done) {
    const std::uint64_t generation = m_generation;
    RunAsync(
        this, [node, work = std::move(work)]() mutable { return work(node); },
        [this, generation, done = std::move(done)](auto result) mutable {
          if (generation == m_generation) done(std::move(result));
        });
  }
  void Succeed();                      // found, not loading
  void NotFound();                     // not found, no error
  void Fail(const QString& sentence);  // not found, error
  void Cancel() { ++m_generation; }    // drops the answer of a running load

 private:
  void Set(bool loading, bool found, const QString& error);

  bool m_loading = false;
  bool m_found = false;
  QString m_error;
  QString m_key;
  std::uint64_t m_generation = 0;
};

}  // namespace cairn::ui
