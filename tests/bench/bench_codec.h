// Codec figures for cairn-bench crypto: encode/decode rates of signed transfers and of a block of
// 5,000 of them, next to the raw verification rate they must stay far above.
#pragma once

#include "bench_harness.h"

namespace cairn::bench {

void RunCodecFigures(Report& report, double seconds_per_round, int rounds);

}  // namespace cairn::bench
