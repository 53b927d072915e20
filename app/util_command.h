// `cairn util SUBCOMMAND ...`: key, address, signature, VRF, encoding and hash tools for people and
// scripts. Results go to stdout as "name: value" lines; an invalid input prints one line on stderr
// ("cairn util SUB: what is wrong") and returns 1; success returns 0. Never crashes on bad input.
// Secrets (mnemonic, passphrase, private key) may be given as options or, safer, on standard input
// so that they stay out of shell history; they are wiped from memory after use.
#pragma once

#include <QStringList>

namespace cairn::app {

// `arguments` are what follows "util" on the command line.
int RunUtilCommand(const QStringList& arguments);

}  // namespace cairn::app
