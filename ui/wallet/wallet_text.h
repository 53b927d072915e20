// The wallet's sentences for people: api::Error -> what went wrong and what to do, address checks,
// and a passphrase strength estimate. Pure functions, so that pages and tests share one wording.
//
// Thread safety: any thread (tr() is reentrant). Ownership: values. Failure: none; every input maps to
// a sentence (an unknown error code still reads as a sentence naming the code).
#pragma once

#include <QString>

#include "api/types.h"

namespace cairn::ui {

// One sentence for the user about a failed wallet call (locked, wrong passphrase, try later, refused by
// the pool with its code, ...). Never repeats secrets: the api promises its messages hold none.
QString ErrorSentence(const api::Error& error);

// "" when `text` is a valid address for `prefix` ("tcairn", "cairn"), else one sentence saying what is
// wrong (empty, another network's address, a typo).
QString AddressProblem(const QString& text, const QString& prefix);

struct Strength {
  int score = 0;  // 0 (very weak) .. 4 (strong)
  QString hint;   // what would make it stronger, or praise when it is strong
};
// A simple estimate from length, character classes and common patterns (repeats, sequences, the
// most common passwords). Not a cracking model: it only orders passphrases sensibly and explains why.
Strength PassphraseStrength(const QString& text);

}  // namespace cairn::ui
