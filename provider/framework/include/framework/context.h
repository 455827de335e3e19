// framework::Context: what a running provider operation knows about its
// surroundings: whether OpenTofu asked it to stop (StopProvider) and when its
// time is up (the resource's `timeouts`).
//
// Every Resource/DataSource method receives a `const Context&`. Long
// operations poll Done() or, better, wait with SleepFor(), which wakes
// immediately on StopProvider and never sleeps past the deadline:
//
//   while (!ready) {
//     if (!ctx.SleepFor(backoff)) {           // stopped or timed out
//       ctx.AddDoneError(resp.diagnostics, "waiting for the cluster");
//       return;                               // with partial state
//     }
//     ready = Poll();
//   }
//
// A default-constructed Context is never cancelled and has no deadline.
// Contexts are cheap to copy; copies share the cancellation state.
//
// Thread safety: all methods are safe to call from any thread; Cancel() on
// the CancelSource may run concurrently with waiters.
#ifndef EDP_FRAMEWORK_CONTEXT_H_
#define EDP_FRAMEWORK_CONTEXT_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tfplugin/diagnostics.h"

namespace framework {

namespace internal {
struct CancelState;
}  // namespace internal

class Context {
 public:
  using Clock = std::chrono::steady_clock;

  Context();

  bool Cancelled() const;
  bool DeadlineExceeded() const;
  bool Done() const { return Cancelled() || DeadlineExceeded(); }

  std::optional<Clock::time_point> deadline() const { return deadline_; }
  // The timeout the deadline came from (for messages), if any.
  std::optional<std::chrono::milliseconds> timeout() const { return timeout_; }
  // Time left before the deadline (Clock::duration::max() without one;
  // zero once passed).
  Clock::duration Remaining() const;

  // Sleeps for `d` or until cancelled or past the deadline, whichever comes
  // first. Returns true if the whole duration elapsed and the context is not
  // done; false if it woke because of cancellation or the deadline.
  bool SleepFor(Clock::duration d) const;

  // Adds the error explaining why the context is done: "Operation Cancelled"
  // or "Operation Timed Out" (naming `what` and the timeout). Does nothing if
  // the context is not done.
  void AddDoneError(tfplugin::Diagnostics& diags, std::string_view what) const;

  // A copy whose deadline is now + timeout (or the current deadline if
  // that is earlier). `operation` ("create") appears in timeout messages.
  Context WithTimeout(std::chrono::milliseconds timeout, std::string operation) const;

 private:
  friend class CancelSource;
  explicit Context(std::shared_ptr<internal::CancelState> state);

  std::shared_ptr<internal::CancelState> state_;
  std::optional<Clock::time_point> deadline_;
  std::optional<std::chrono::milliseconds> timeout_;
  std::string operation_;
};

// Owns a cancellation state; the contexts it hands out observe it.
class CancelSource {
 public:
  CancelSource();
  Context NewContext() const;
  // Cancels every context from this source and wakes their waiters.
  // Idempotent.
  void Cancel() const;
  bool Cancelled() const;

 private:
  std::shared_ptr<internal::CancelState> state_;
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_CONTEXT_H_
