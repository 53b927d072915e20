// `cairn util SUBCOMMAND ...`: key, address, signature, VRF, encoding and hash tools for people and
// scripts. Results go to stdout; an invalid input prints one line on stderr and returns 1; success
// returns 0. Never crashes on bad input.
#pragma once

#include <QStringList>

namespace cairn::app {

// `arguments` are what follows "util" on the command line.
int RunUtilCommand(const QStringList& arguments);

}  // namespace cairn::app
