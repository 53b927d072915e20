// Lets a test executable made of several files run every Qt Test class it contains without a
// hand-kept list: each file registers its classes with CAIRN_REGISTER_TEST(Class), and
// registry_main.cpp runs them all, failing when any fails.
#pragma once

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace cairn::test {

using TestFactory = std::function<std::unique_ptr<QObject>()>;

std::vector<TestFactory>& RegisteredTests();

struct TestRegistrar {
  explicit TestRegistrar(TestFactory factory) { RegisteredTests().push_back(std::move(factory)); }
};

}  // namespace cairn::test

#define CAIRN_REGISTER_TEST(Class) \
  static const ::cairn::test::TestRegistrar cairn_registrar_##Class([] { return std::make_unique<Class>(); })
