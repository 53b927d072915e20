// RunAsync: the one way ui/ calls the node. `work` runs on a worker thread of the ui's pool (never the
// GUI thread: api calls may touch disk or wait for a node lock); `done(result)` then runs on the GUI
// thread, unless `context` was destroyed meanwhile, in which case the result is dropped.
//
// Thread safety: call RunAsync from the GUI thread. `work` must capture by value what it uses (it may
// outlive the caller's stack frame) and must not touch QObjects. WaitForWorkers() is for shutdown.
#pragma once

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

namespace cairn::ui {

// The pool every RunAsync uses (a few threads: GUI work is latency-bound, not throughput-bound).
QThreadPool& WorkerPool();
// Waits for every queued and running `work` to finish (shutdown, tests).
void WaitForWorkers();

template <typename Work, typename Done>
void RunAsync(QObject* context, Work work, Done done) {
  QPointer<QObject> guard(context);
  WorkerPool().start([guard, work = std::move(work), done = std::move(done)]() mutable {
    using R = std::invoke_result_t<Work&>;
    if constexpr (std::is_void_v<R>) {
      work();
      QMetaObject::invokeMethod(
          QCoreApplication::instance(), [guard, done = std::move(done)]() mutable {
            if (guard) done();
          },
          Qt::QueuedConnection);
    } else {
      // shared_ptr: the result may be move-only and the queued functor must be copyable.
      auto result = std::make_shared<R>(work());
      QMetaObject::invokeMethod(
          QCoreApplication::instance(), [guard, result, done = std::move(done)]() mutable {
            if (guard) done(std::move(*result));
          },
          Qt::QueuedConnection);
    }
  });
}

}  // namespace cairn::ui
