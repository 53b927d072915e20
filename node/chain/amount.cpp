#include "chain/amount.h"

#include "util/checked_math.h"

namespace cairn::chain {

std::string FormatAmount(Amount units) {
  std::string out = std::to_string(units / COIN);
  Amount frac = units % COIN;
  if (frac != 0) {
    std::string digits = std::to_string(frac);
    digits.insert(0, AMOUNT_DECIMALS - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  return out;
}

util::Result<Amount, std::string> ParseAmount(std::string_view text) {
  using util::Err;
  if (text.empty()) return Err(std::string("amount is empty"));
  const auto point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view frac = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  auto all_digits = [](std::string_view s) {
    for (char c : s) if (c < '0' || c > '9') return false;
    return true;
  };
  if (whole.empty()) return Err(std::string("amount needs digits before the decimal point"));
  if (!all_digits(whole) || !all_digits(frac)) return Err(std::string("amount may contain only digits and one '.'"));
  if (point != std::string_view::npos && frac.empty()) return Err(std::string("amount needs digits after the decimal point"));
  if (whole.size() > 1 && whole[0] == '0') return Err(std::string("amount has a leading zero"));
  if (frac.size() > static_cast<std::size_t>(AMOUNT_DECIMALS)) return Err(std::string("amount has more than 8 decimals"));
  Amount coins = 0;
  for (char c : whole) {
    auto m = util::CheckedMul(coins, 10);
    auto a = m ? util::CheckedAdd(*m, static_cast<Amount>(c - '0')) : std::nullopt;
    if (!a) return Err(std::string("amount is too large"));
    coins = *a;
  }
  Amount units_frac = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(AMOUNT_DECIMALS); ++i) {
    units_frac = units_frac * 10 + (i < frac.size() ? static_cast<Amount>(frac[i] - '0') : 0);
  }
  auto scaled = util::CheckedMul(coins, COIN);
  auto total = scaled ? util::CheckedAdd(*scaled, units_frac) : std::nullopt;
  if (!total) return Err(std::string("amount is too large"));
  return *total;
}

}  // namespace cairn::chain
