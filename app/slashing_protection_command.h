// `cairn slashing-protection import|export FILE`: moves a validator's signing history in and out of
// the node's sign store (<datadir>/<network>/slashing_protection.sqlite) as an EIP-3076 interchange
// (format version 5). Import merges (never loses a record) and is all-or-nothing; export refuses to
// overwrite an existing file unless --force and replaces the file atomically.
//
// The store is bound to the chain's genesis root: --genesis-root HEX, else the genesis hash of the
// network's chain database when there is one, else the root the existing sign store was created with.
// A success prints "name: value" lines on stdout and returns 0; a bad input or a refusal prints one
// line on stderr ("cairn slashing-protection SUB: what is wrong") and returns 1. Never crashes.
// Used on the main thread only.
#pragma once

#include <QStringList>

namespace cairn::app {

// `arguments` are what follows "slashing-protection" on the command line.
int RunSlashingProtectionCommand(const QStringList& arguments);

}  // namespace cairn::app
