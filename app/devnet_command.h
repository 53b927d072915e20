// `cairn devnet --validators N [--nodes M]`: a local multi-node devnet (PROTOCOL.md section 11). It
// writes one folder per node with its own devnet key and one shared genesis whose validators are the
// first N nodes (runtime::WriteDevnetLayout), starts every node as a separate `cairn --daemon` process
// on loopback (each seeded with all the others, LAN discovery off), prints their data folders and
// RPC/P2P ports, and stops them all on Ctrl-C (SIGINT), SIGTERM or SIGHUP: SIGTERM to each, then SIGKILL to
// any still running after 15 s. A node that exits on its own is reported; the others keep running.
//
// Thread safety: run on the main thread, once.
// Failure: a one-line message on stderr and exit code 1 (bad options, a folder in use, a port taken,
// a process that cannot start).
#pragma once

#include <QStringList>

namespace cairn::app {

int RunDevnetCommand(const QStringList& arguments);

}  // namespace cairn::app
