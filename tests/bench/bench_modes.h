// One function per cairn-bench mode; each returns the process exit code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cairn::bench {

int RunCrypto();
int RunLedger();
// blocks: how many 5,000-transfer blocks to commit (0: the default).
int RunStorage(std::size_t blocks);
int RunChain();
int RunRpc();
int RunNet();
// argc/argv: for QApplication; blocks: how many slots the node runs under the window.
int RunGui(int argc, char** argv, std::uint64_t blocks);

}  // namespace cairn::bench
