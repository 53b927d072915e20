// One function per cairn-bench mode; each returns the process exit code.
#pragma once

namespace cairn::bench {

int RunCrypto();
int RunLedger();
// blocks: how many 5,000-transfer blocks to commit (0: the default).
int RunStorage(std::size_t blocks);
int RunChain();
int RunRpc();

}  // namespace cairn::bench
