// Result<T, E>: a value or an error, for node/ code that reports failures as values (DESIGN.md 3.2).
//
// A small stand-in for C++23 std::expected (g++ 12 has none). Construct a success from a T, a failure
// from Err(e). Reading value() of a failure (or error() of a success) is a programming error and
// aborts: check has_value() / operator bool first.
// Thread safety: a Result is a plain value; the usual rules for values apply.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace cairn::util {

template <class E>
struct Unexpected {
  E error;
};

// Err(e) marks a value as the error branch of a Result.
template <class E>
[[nodiscard]] Unexpected<std::decay_t<E>> Err(E&& e) {
  return Unexpected<std::decay_t<E>>{std::forward<E>(e)};
}

[[noreturn]] inline void ResultMisuse(const char* what) {
  std::fprintf(stderr, "fatal: %s\n", what);
  std::abort();
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  template <class U = T>
    requires std::is_constructible_v<T, U&&> && (!std::is_same_v<std::decay_t<U>, Result>)
  Result(U&& value) : m_v(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT: implicit by design
  template <class G>
    requires std::is_constructible_v<E, G&&>
  Result(Unexpected<G> err) : m_v(std::in_place_index<1>, std::move(err.error)) {}  // NOLINT

  bool has_value() const { return m_v.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { Check(true); return std::get<0>(m_v); }
  const T& value() const& { Check(true); return std::get<0>(m_v); }
  T&& value() && { Check(true); return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { Check(false); return std::get<1>(m_v); }
  E&& error() && { Check(false); return std::get<1>(std::move(m_v)); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(m_v) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void Check(bool want_value) const {
    if (has_value() != want_value) ResultMisuse(want_value ? "Result::value() on an error" : "Result::error() on a value");
  }
  std::variant<T, E> m_v;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Result() = default;
  template <class G>
    requires std::is_constructible_v<E, G&&>
  Result(Unexpected<G> err) : m_error(std::move(err.error)), m_failed(true) {}  // NOLINT

  bool has_value() const { return !m_failed; }
  explicit operator bool() const { return has_value(); }
  void value() const { if (m_failed) ResultMisuse("Result<void>::value() on an error"); }
  const E& error() const& {
    if (!m_failed) ResultMisuse("Result<void>::error() on a value");
    return m_error;
  }

 private:
  E m_error{};
  bool m_failed = false;
};

}  // namespace cairn::util
