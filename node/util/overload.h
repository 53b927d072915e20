// Overload{lambdas...}: one visitor from several lambdas, for std::visit over the chain's variants.
#pragma once

namespace cairn::util {

template <class... Ts>
struct Overload : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overload(Ts...) -> Overload<Ts...>;

}  // namespace cairn::util
