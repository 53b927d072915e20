#include "ui/shell/console_controller.h"

#include <QRegularExpression>

#include <algorithm>

#include "ui/async.h"
#include "ui/session.h"

namespace cairn::ui {

namespace {

QString FromStd(const std::string& s) { return QString::fromStdString(s); }

QString CommonPrefix(const QStringList& words) {
  if (words.isEmpty()) return {};
  QString prefix = words.first();
  for (const QString& w : words) {
    qsizetype n = 0;
    while (n < prefix.size() && n < w.size() && prefix.at(n) == w.at(n)) ++n;
    prefix.truncate(n);
  }
  return prefix;
}

void WipeString(std::string& s) {
  std::fill(s.begin(), s.end(), '\0');
  s.clear();
}

}  // namespace

ConsoleController::ConsoleController(QObject* parent) : QObject(parent), m_output(this) {
  if (Session* session = Session::Instance()) {
    connect(session, &Session::stateChanged, this, [this] {
      emit availableChanged();
      if (available()) LoadMethods();
    });
  }
  LoadMethods();
  m_output.Append(ConsoleOutputModel::Info,
                  tr("Runs the node's RPC methods here, without the network. Type help for a list, "
                     "help METHOD for one method; Tab completes, Up and Down recall earlier commands."));
}

ConsoleController::~ConsoleController() { ClearPending(); }

ConsoleBackend* ConsoleController::Backend() const {
  if (m_backend_override != nullptr) return m_backend_override;
  Session* session = Session::Instance();
  return session != nullptr ? session->console() : nullptr;
}

void ConsoleController::SetBackend(ConsoleBackend* backend) {
  m_backend_override = backend;
  m_methods.clear();
  emit availableChanged();
  LoadMethods();
}

void ConsoleController::LoadMethods() {
  ConsoleBackend* backend = Backend();
  if (backend == nullptr || !m_methods.empty() || m_methods_loading) return;
  m_methods_loading = true;
  RunAsync(
      this, [backend] { return backend->Methods(); },
      [this](std::vector<ConsoleBackend::MethodHelp> methods) {
        m_methods_loading = false;
        m_methods = std::move(methods);
        std::sort(m_methods.begin(), m_methods.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        emit methodsLoaded();
      });
}

QStringList ConsoleController::MethodNames() const {
  QStringList names;
  for (const auto& m : m_methods) names << FromStd(m.name);
  return names;
}

const ConsoleBackend::MethodHelp* ConsoleController::FindMethod(const QString& name) const {
  const std::string n = name.toStdString();
  for (const auto& m : m_methods) {
    if (m.name == n) return &m;
  }
  return nullptr;
}

QStringList ConsoleController::SplitWords(const QString& line, QString* error) {
  QStringList words;
  QString word;
  bool in_word = false;
  QChar quote;
  for (qsizetype i = 0; i < line.size(); ++i) {
    const QChar c = line.at(i);
    if (!quote.isNull()) {
      if (c == quote) {
        quote = QChar();
      } else if (quote == QLatin1Char('"') && c == QLatin1Char('\\') && i + 1 < line.size()) {
        word += line.at(++i);
      } else {
        word += c;
      }
      continue;
    }
    if (c.isSpace()) {
      if (in_word) words << word;
      word.clear();
      in_word = false;
    } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
      quote = c;
      in_word = true;  // "" is an empty word
    } else {
      word += c;
      in_word = true;
    }
  }
  if (!quote.isNull()) {
    if (error != nullptr) *error = tr("A quote (%1) is not closed.").arg(quote);
    return {};
  }
  if (in_word) words << word;
  if (error != nullptr) error->clear();
  return words;
}

QString ConsoleController::Usage(const ConsoleBackend::MethodHelp& method) const {
  QString usage = FromStd(method.name);
  for (const auto& p : method.params) {
    if (p.secret) continue;  // asked for in a masked field, never typed on the line
    const QString param = FromStd(p.name);
    usage += QLatin1Char(' ') + (p.required ? param : QLatin1Char('[') + param + QLatin1Char(']'));
  }
  return usage;
}

void ConsoleController::Help(const QStringList& words) {
  if (m_methods.empty()) {
    m_output.Append(ConsoleOutputModel::Error, tr("The method list is not available yet: is the node running?"));
    return;
  }
  if (words.size() < 2) {
    QStringList lines{tr("Methods (help METHOD for its parameters):")};
    for (const auto& m : m_methods) lines << QStringLiteral("  %1  %2").arg(FromStd(m.name), -28).arg(FromStd(m.summary));
    m_output.Append(ConsoleOutputModel::Info, lines.join(QLatin1Char('\n')));
    return;
  }
  const auto* method = FindMethod(words.at(1));
  if (method == nullptr) {
    m_output.Append(ConsoleOutputModel::Error, tr("No method named %1. Type help for a list.").arg(words.at(1)));
    return;
  }
  QStringList lines{Usage(*method), QStringLiteral("  ") + FromStd(method->summary)};
  for (const auto& p : method->params) {
    QString line = QStringLiteral("  %1 (%2%3)").arg(FromStd(p.name), FromStd(p.type),
                                                     p.required ? QString() : tr(", optional"));
    if (p.secret) line += QStringLiteral(" ") + tr("secret: asked for in a hidden field");
    lines << line;
  }
  m_output.Append(ConsoleOutputModel::Info, lines.join(QLatin1Char('\n')));
}

QString ConsoleController::AddHistory(const QString& line, const QStringList& words) {
  // A method that takes a secret is remembered by its name only: RefusesSecretOnLine keeps anything
  // but its numeric options off the line, and even those need not be replayed.
  QString entry = line.trimmed();
  if (const auto* method = FindMethod(words.first()); method != nullptr && TakesSecret(*method)) entry = words.first();
  if (m_history.isEmpty() || m_history.last() != entry) m_history << entry;
  m_history_pos = static_cast<int>(m_history.size());
  m_draft.clear();
  return entry;
}

bool ConsoleController::TakesSecret(const ConsoleBackend::MethodHelp& method) {
  return std::any_of(method.params.begin(), method.params.end(), [](const auto& p) { return p.secret; });
}

bool ConsoleController::RefusesSecretOnLine(const QStringList& words) {
  const auto* method = FindMethod(words.first());
  if (method == nullptr || !TakesSecret(*method)) return false;
  // Every other parameter of the methods that take a secret is a number (words, timeout, account), so
  // any other word on the line can only be a passphrase or recovery words typed by mistake: it is
  // neither run, nor remembered, nor echoed.
  static const QRegularExpression number(QStringLiteral("^[0-9]{1,20}$"));
  for (qsizetype i = 1; i < words.size(); ++i) {
    if (!number.match(words.at(i)).hasMatch()) {
      m_output.Append(ConsoleOutputModel::Command, words.first());
      m_output.Append(ConsoleOutputModel::Error,
                      tr("%1 asks for its secrets in a hidden field: type only the method name (and its numeric "
                         "options). What you typed was not run and is not remembered.")
                          .arg(words.first()));
      AddHistory(words.first(), {words.first()});
      return true;
    }
  }
  return false;
}

void ConsoleController::run(const QString& line) {
  if (m_busy || !m_pending_words.empty()) return;
  QString error;
  const QStringList words = SplitWords(line, &error);
  if (!error.isEmpty()) {
    m_output.Append(ConsoleOutputModel::Error, error);
    return;
  }
  if (words.isEmpty()) return;
  if (RefusesSecretOnLine(words)) return;
  // The transcript echoes what the history keeps.
  m_output.Append(ConsoleOutputModel::Command, AddHistory(line, words));
  const QString& name = words.first();
  if (name == QStringLiteral("help")) {
    Help(words);
    return;
  }
  if (name == QStringLiteral("clear")) {
    m_output.clear();
    return;
  }
  if (Backend() == nullptr) {
    m_output.Append(ConsoleOutputModel::Error, tr("The console is not available: the node is not running."));
    return;
  }
  for (const QString& w : words) m_pending_words.push_back(w.toStdString());
  if (const auto* method = FindMethod(name)) {
    for (const auto& p : method->params) {
      if (p.secret && p.required) m_pending_secret_names.push_back(p.name);
    }
  }
  if (m_pending_secret_names.empty()) {
    Execute();
  } else {
    emit secretPromptChanged();
  }
}

QString ConsoleController::secretPrompt() const {
  return m_pending_secret_names.empty() ? QString() : FromStd(m_pending_secret_names.front());
}

void ConsoleController::provideSecret(const QString& value) {
  if (m_pending_secret_names.empty()) return;
  std::string text = value.toStdString();
  m_secrets[m_pending_secret_names.front()] = text;
  WipeString(text);
  m_pending_secret_names.erase(m_pending_secret_names.begin());
  emit secretPromptChanged();
  if (m_pending_secret_names.empty()) Execute();
}

void ConsoleController::cancelSecret() {
  if (m_pending_words.empty()) return;
  ClearPending();
  m_output.Append(ConsoleOutputModel::Info, tr("Cancelled."));
  emit secretPromptChanged();
}

void ConsoleController::ClearPending() {
  for (auto& [name, value] : m_secrets) WipeString(value);
  m_secrets.clear();
  m_pending_words.clear();
  m_pending_secret_names.clear();
}

void ConsoleController::Execute() {
  ConsoleBackend* backend = Backend();
  auto words = std::move(m_pending_words);
  auto secrets = std::move(m_secrets);
  ClearPending();
  if (backend == nullptr) {
    for (auto& [name, value] : secrets) WipeString(value);
    m_output.Append(ConsoleOutputModel::Error, tr("The console is not available: the node is not running."));
    return;
  }
  m_busy = true;
  emit busyChanged();
  RunAsync(
      this,
      [backend, words = std::move(words), secrets = std::move(secrets)]() mutable {
        auto result = backend->Run(words, secrets);
        for (auto& [name, value] : secrets) WipeString(value);
        return result;
      },
      [this](util::Result<std::string, std::string> result) {
        m_busy = false;
        emit busyChanged();
        if (result) {
          m_output.Append(ConsoleOutputModel::Result, FromStd(*result));
        } else {
          m_output.Append(ConsoleOutputModel::Error, FromStd(result.error()));
        }
      });
}

QString ConsoleController::historyUp(const QString& current) {
  if (m_history.isEmpty()) return current;
  if (m_history_pos >= m_history.size()) m_draft = current;
  if (m_history_pos > 0) --m_history_pos;
  return m_history.at(m_history_pos);
}

QString ConsoleController::historyDown() {
  if (m_history_pos >= m_history.size()) return m_draft;
  ++m_history_pos;
  return m_history_pos >= m_history.size() ? m_draft : m_history.at(m_history_pos);
}

QString ConsoleController::complete(const QString& line) {
  const QStringList words = SplitWords(line);
  const bool after_space = line.endsWith(QLatin1Char(' '));
  const bool help_arg = words.size() == 2 && words.first() == QStringLiteral("help") && !after_space;
  const bool first = (words.size() == 1 && !after_space) || words.isEmpty();
  if (!first && !help_arg && !(words.size() == 1 && words.first() == QStringLiteral("help") && after_space)) {
    return line;  // parameters are not completed
  }
  const QString prefix = words.isEmpty() || after_space ? QString() : words.last();
  QStringList candidates;
  if (first) candidates << QStringLiteral("help") << QStringLiteral("clear");
  for (const auto& m : m_methods) candidates << FromStd(m.name);
  candidates = candidates.filter(QRegularExpression(QStringLiteral("^") + QRegularExpression::escape(prefix)));
  candidates.sort();
  if (candidates.isEmpty()) {
    SetHint(tr("No method starts with %1.").arg(prefix));
    return line;
  }
  const QString head = line.left(line.size() - prefix.size());
  if (candidates.size() == 1) {
    SetHint({});
    updateHint(head + candidates.first() + QLatin1Char(' '));
    return head + candidates.first() + QLatin1Char(' ');
  }
  SetHint(candidates.join(QStringLiteral("  ")));
  return head + CommonPrefix(candidates);
}

void ConsoleController::updateHint(const QString& line) {
  const QStringList words = SplitWords(line);
  if (words.isEmpty()) {
    SetHint(tr("Type a method (Tab completes) or help."));
    return;
  }
  if (const auto* method = FindMethod(words.first())) {
    QString hint = Usage(*method) + QStringLiteral("  —  ") + FromStd(method->summary);
    const bool has_secret = std::any_of(method->params.begin(), method->params.end(), [](const auto& p) { return p.secret; });
    if (has_secret) hint += QStringLiteral(" ") + tr("(the passphrase is asked for after Enter)");
    SetHint(hint);
  } else if (words.size() == 1 && !line.endsWith(QLatin1Char(' '))) {
    SetHint(tr("Tab completes the method name."));
  }
}

void ConsoleController::SetHint(const QString& hint) {
  if (hint == m_hint) return;
  m_hint = hint;
  emit hintChanged();
}

}  // namespace cairn::ui
