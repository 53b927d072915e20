// ConsoleController: the Console page's logic. A command line is split into words (quotes allowed),
// `help [method]` and `clear` are answered here, anything else runs through the session's
// ConsoleBackend (node_launcher.h) on a worker (RunAsync). Secret parameters (passphrases) are never
// taken from the command line: the controller asks for each through `secretPrompt`, which the page
// answers with a masked field (provideSecret / cancelSecret). The history (up/down) lives in memory only
// and holds command lines, which never contain secret values.
//
// Thread safety: GUI thread only. Ownership: QML creates it (QML_ELEMENT); it borrows the session's
// backend (or the one given by SetBackend, for tests). Failure: errors are transcript rows of kind Error.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <map>
#include <string>
#include <vector>

#include "ui/node_launcher.h"
#include "ui/shell/console_output_model.h"

namespace cairn::ui {

class ConsoleController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(cairn::ui::ConsoleOutputModel* output READ output CONSTANT)
  Q_PROPERTY(bool available READ available NOTIFY availableChanged)
  Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
  Q_PROPERTY(QString secretPrompt READ secretPrompt NOTIFY secretPromptChanged)  // "" when none is asked
  Q_PROPERTY(QString hint READ hint NOTIFY hintChanged)

 public:
  explicit ConsoleController(QObject* parent = nullptr);
  ~ConsoleController() override;

  // Words of a command line: whitespace separates, '...' and "..." group (a backslash escapes inside
  // double quotes). An unterminated quote sets *error and answers nothing.
  static QStringList SplitWords(const QString& line, QString* error = nullptr);

  // Tests: a backend instead of the session's. Borrowed; null: back to the session's.
  void SetBackend(ConsoleBackend* backend);
  QStringList MethodNames() const;
  QStringList History() const { return m_history; }

  ConsoleOutputModel* output() { return &m_output; }
  bool available() const { return Backend() != nullptr; }
  bool busy() const { return m_busy; }
  QString secretPrompt() const;
  QString hint() const { return m_hint; }

  Q_INVOKABLE void run(const QString& line);
  Q_INVOKABLE void provideSecret(const QString& value);
  Q_INVOKABLE void cancelSecret();
  // Previous / next history entry; `current` is kept as the draft to come back to.
  Q_INVOKABLE QString historyUp(const QString& current);
  Q_INVOKABLE QString historyDown();
  // Tab: the line with its last word completed (method names, also after "help "); when several
  // match, the common prefix, and `hint` lists them.
  Q_INVOKABLE QString complete(const QString& line);
  // The hint line for what is typed so far: the method's parameters, or how to get help.
  Q_INVOKABLE void updateHint(const QString& line);

 signals:
  void availableChanged();
  void busyChanged();
  void secretPromptChanged();
  void hintChanged();
  void methodsLoaded();

 private:
  ConsoleBackend* Backend() const;
  void LoadMethods();
  const ConsoleBackend::MethodHelp* FindMethod(const QString& name) const;
  static bool TakesSecret(const ConsoleBackend::MethodHelp& method);
  // True (and says why in the transcript) when a secret-taking method has a word on the line that can
  // only be a secret: nothing runs and the word is kept nowhere.
  bool RefusesSecretOnLine(const QStringList& words);
  QString Usage(const ConsoleBackend::MethodHelp& method) const;
  void Help(const QStringList& words);
  QString AddHistory(const QString& line, const QStringList& words);  // answers the entry kept
  void Execute();
  void ClearPending();
  void SetHint(const QString& hint);

  ConsoleOutputModel m_output;
  ConsoleBackend* m_backend_override = nullptr;
  std::vector<ConsoleBackend::MethodHelp> m_methods;
  bool m_methods_loading = false;
  bool m_busy = false;
  QString m_hint;
  QStringList m_history;
  int m_history_pos = 0;
  QString m_draft;
  // The command waiting for its secret parameters.
  std::vector<std::string> m_pending_words;
  std::vector<std::string> m_pending_secret_names;  // still to ask, in order
  std::map<std::string, std::string> m_secrets;
};

}  // namespace cairn::ui
