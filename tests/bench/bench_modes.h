// One function per cairn-bench mode; each returns the process exit code.
#pragma once

namespace cairn::bench {

int RunCrypto();

}  // namespace cairn::bench
