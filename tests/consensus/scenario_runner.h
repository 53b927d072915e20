// Runs one fork-choice / finality scenario file (format: scenarios/README.md) against a fresh
// consensus::Store and returns one line per failed expectation or malformed input (empty: passed).
#pragma once

#include <string>
#include <vector>

namespace cairn::test {

std::vector<std::string> RunForkChoiceScenario(const std::string& file);

}  // namespace cairn::test
