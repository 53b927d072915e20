// SecureBuffer ownership (copy, clone, move, empty buffers), Wipe, ConstantTimeEqual, RandomBytes.
#include <QObject>
#include <QTest>

#include <algorithm>
#include <array>
#include <utility>

#include "crypto/secure_memory.h"
#include "crypto_test_util.h"

using namespace cairn::crypto;
using cairn::util::Bytes;
using cairn::util::ByteSpan;

namespace {

bool SameBytes(ByteSpan a, ByteSpan b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

}  // namespace

class TestSecureMemory : public QObject {
  Q_OBJECT

 private slots:
  void newBufferIsZeroFilled() {
    SecureBuffer buffer(48);
    QCOMPARE(buffer.size(), std::size_t{48});
    QVERIFY(!buffer.empty());
    QVERIFY(buffer.data() != nullptr);
    QVERIFY(std::all_of(buffer.span().begin(), buffer.span().end(), [](std::uint8_t b) { return b == 0; }));
  }

  void copyOfAndCloneAreIndependent() {
    const Bytes source = {1, 2, 3, 4, 5};
    SecureBuffer copy = SecureBuffer::CopyOf(source);
    QVERIFY(SameBytes(copy.span(), source));
    SecureBuffer clone = copy.Clone();
    QVERIFY(SameBytes(clone.span(), source));
    QVERIFY(clone.data() != copy.data());
    clone.data()[0] = 0xff;
    QCOMPARE(copy.data()[0], std::uint8_t{1});
    QCOMPARE(clone.mutable_span().size(), source.size());
  }

  void moveTransfersOwnership() {
    SecureBuffer a = SecureBuffer::CopyOf(Bytes{9, 8, 7});
    const std::uint8_t* storage = a.data();
    SecureBuffer b(std::move(a));
    QCOMPARE(b.data(), storage);
    QCOMPARE(b.size(), std::size_t{3});
    QVERIFY(a.empty());  // NOLINT(bugprone-use-after-move): moved-from state is part of the contract
    QVERIFY(a.data() == nullptr);
    QVERIFY(a.span().empty());

    SecureBuffer c = SecureBuffer::CopyOf(Bytes{1});
    c = std::move(b);  // frees c's old storage, takes b's
    QCOMPARE(c.data(), storage);
    QCOMPARE(c.size(), std::size_t{3});
    QVERIFY(b.empty());  // NOLINT(bugprone-use-after-move)

    // A moved-from buffer is reusable.
    b = SecureBuffer::CopyOf(Bytes{4, 4});
    QCOMPARE(b.size(), std::size_t{2});
    QCOMPARE(b.data()[1], std::uint8_t{4});
  }

  void zeroSizeBuffers() {
    SecureBuffer empty_default;
    SecureBuffer empty_sized(0);
    SecureBuffer empty_copy = SecureBuffer::CopyOf({});
    for (const SecureBuffer* buffer : {&empty_default, &empty_sized, &empty_copy}) {
      QVERIFY(buffer->empty());
      QCOMPARE(buffer->size(), std::size_t{0});
      QVERIFY(buffer->span().empty());
    }
    SecureBuffer clone = empty_copy.Clone();
    QVERIFY(clone.empty());
    SecureBuffer moved(std::move(empty_sized));
    QVERIFY(moved.empty());
    Wipe(moved.mutable_span());  // wiping nothing is fine
  }

  void wipeZeroes() {
    SecureBuffer buffer = SecureBuffer::CopyOf(Bytes(40, 0xab));
    Wipe(buffer.mutable_span().subspan(8, 16));
    for (std::size_t i = 0; i < buffer.size(); ++i) {
      QCOMPARE(buffer.data()[i], static_cast<std::uint8_t>((i >= 8 && i < 24) ? 0 : 0xab));
    }
    std::array<std::uint8_t, 8> stack_bytes{1, 2, 3, 4, 5, 6, 7, 8};
    Wipe(stack_bytes);
    QVERIFY(std::all_of(stack_bytes.begin(), stack_bytes.end(), [](std::uint8_t b) { return b == 0; }));
  }

  void constantTimeEqual() {
    const Bytes a = {1, 2, 3, 4};
    const Bytes b = {1, 2, 3, 4};
    const Bytes c = {1, 2, 3, 5};
    const Bytes d = {0, 2, 3, 4};
    const Bytes shorter = {1, 2, 3};
    QVERIFY(ConstantTimeEqual(a, b));
    QVERIFY(!ConstantTimeEqual(a, c));
    QVERIFY(!ConstantTimeEqual(a, d));
    QVERIFY(!ConstantTimeEqual(a, shorter));
    QVERIFY(!ConstantTimeEqual(shorter, a));
    QVERIFY(ConstantTimeEqual({}, {}));
    QVERIFY(!ConstantTimeEqual({}, a));
    QVERIFY(ConstantTimeEqual(SecureBuffer::CopyOf(a).span(), b));
  }

  void randomBytesFill() {
    std::array<std::uint8_t, 64> first{};
    std::array<std::uint8_t, 64> second{};
    RandomBytes(first);
    RandomBytes(second);
    // Each check fails by chance with probability 2^-512.
    QVERIFY(std::any_of(first.begin(), first.end(), [](std::uint8_t b) { return b != 0; }));
    QVERIFY(first != second);
    RandomBytes({});  // an empty request is allowed
  }
};

int cairn::test::RunSecureMemoryTests(int argc, char** argv) {
  TestSecureMemory tests;
  return QTest::qExec(&tests, argc, argv);
}

#include "test_secure_memory.moc"
