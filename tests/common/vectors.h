// Access to ../shared/vectors for vector tests. VectorsDir() is CAIRN_VECTORS_DIR when set, else the
// folder configured at build time. LoadVectorJson() QSKIPs (naming the folder) when the folder is
// absent, so a vector test never passes silently without its data; a present but unreadable file fails.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <optional>

#include "util/bytes.h"

namespace cairn::test {

QString VectorsDir();

// Reads and parses <VectorsDir>/<relative>. On failure, records a QFAIL/QSKIP and returns nothing:
// the calling test function must return at once when it gets nothing.
std::optional<QJsonDocument> LoadVectorJson(const QString& relative);

// Hex text to bytes for vector fields; QFAILs on malformed hex in the vector file.
util::Bytes HexField(const QString& hex);

}  // namespace cairn::test

// Use in a test function: CAIRN_LOAD_VECTORS(doc, "file.json"); then use `doc` (a QJsonDocument).
// Returns from the test function when the vectors are missing (skipped) or unreadable (failed).
#define CAIRN_LOAD_VECTORS(var, relative)                            \
  auto var##_loaded = ::cairn::test::LoadVectorJson(relative);       \
  if (!var##_loaded) return;                                         \
  const QJsonDocument& var = *var##_loaded
