// Cancellation and deadlines for provider operations.
#include "framework/context.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "framework/timeouts.h"

namespace framework {
namespace internal {

struct CancelState {
  std::atomic<bool> cancelled{false};
  std::mutex mu;
  std::condition_variable cv;
};

}  // namespace internal

Context::Context() = default;

Context::Context(std::shared_ptr<internal::CancelState> state) : state_(std::move(state)) {}

bool Context::Cancelled() const {
  return state_ && state_->cancelled.load(std::memory_order_acquire);
}

bool Context::DeadlineExceeded() const { return deadline_ && Clock::now() >= *deadline_; }

Context::Clock::duration Context::Remaining() const {
  if (!deadline_) return Clock::duration::max();
  auto now = Clock::now();
  return now >= *deadline_ ? Clock::duration::zero() : *deadline_ - now;
}

bool Context::SleepFor(Clock::duration d) const {
  if (Done()) return false;
  auto now = Clock::now();
  // Avoid overflow for huge durations.
  Clock::time_point until =
      d >= Clock::time_point::max() - now ? Clock::time_point::max() : now + d;
  bool capped = false;
  if (deadline_ && *deadline_ < until) {
    until = *deadline_;
    capped = true;
  }
  if (!state_) {
    std::this_thread::sleep_until(until);
  } else {
    std::unique_lock<std::mutex> lock(state_->mu);
    state_->cv.wait_until(lock, until,
                          [this] { return state_->cancelled.load(std::memory_order_acquire); });
  }
  return !capped && !Done();
}

void Context::AddDoneError(tfplugin::Diagnostics& diags, std::string_view what) const {
  if (Cancelled()) {
    diags.AddError("Operation Cancelled",
                   "The provider was asked to stop (interrupt) while " + std::string(what) +
                       ". The operation was abandoned; the remote object may be incomplete. Run "
                       "the command again to continue.");
    return;
  }
  if (DeadlineExceeded()) {
    std::string limit = timeout_ ? FormatGoDuration(*timeout_) : "the deadline";
    std::string op = operation_.empty() ? "operation" : operation_;
    diags.AddError("Operation Timed Out",
                   "The " + op + " timeout (" + limit + ") expired while " + std::string(what) +
                       ". Increase it in the resource's timeouts block (timeouts { " + op +
                       " = \"...\" }) if the service is just slow, then run the command again.");
  }
}

Context Context::WithTimeout(std::chrono::milliseconds timeout, std::string operation) const {
  Context c = *this;
  auto now = Clock::now();
  Clock::time_point d = timeout >= std::chrono::duration_cast<std::chrono::milliseconds>(
                                       Clock::time_point::max() - now)
                            ? Clock::time_point::max()
                            : now + timeout;
  if (!c.deadline_ || d < *c.deadline_) c.deadline_ = d;
  c.timeout_ = timeout;
  c.operation_ = std::move(operation);
  return c;
}

CancelSource::CancelSource() : state_(std::make_shared<internal::CancelState>()) {}

Context CancelSource::NewContext() const { return Context(state_); }

void CancelSource::Cancel() const {
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->cancelled.store(true, std::memory_order_release);
  }
  state_->cv.notify_all();
}

bool CancelSource::Cancelled() const { return state_->cancelled.load(std::memory_order_acquire); }

}  // namespace framework
