// otc::WaitUntil: polls a status function until it reports done or failed.
//
// Intervals are short and adaptive: the first poll happens at once, then
// the interval starts at `initial`, grows by `growth` per unchanged status up
// to `max_interval`, and drops back to `initial` whenever the status
// changes. Waiting ends early on StopProvider (promptly: the sleep wakes at
// once) or at the earlier of the Context deadline and `timeout`.
//
// Errors say what was waited for, the last status seen and the elapsed
// time; a failure carries the service's reason:
//   "VPC \"a\" did not become OK within 2m0s (last status CREATING after 2m0.1s)"
//   "CCE cluster \"c\" failed while waiting to become Available: status Error: <reason> (after 3.2s)"
//
// Thread safety: reentrant; the poll function runs on the calling thread.
#ifndef EDP_PROVIDER_OTC_WAITER_H_
#define EDP_PROVIDER_OTC_WAITER_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "framework/context.h"
#include "otc/error.h"

namespace otc {

struct PollResult {
  enum State { kPending, kDone, kFailed };
  State state = kPending;
  std::string status;  // the service's status word, for messages
  std::string reason;  // the service's failure reason (kFailed)
};

struct WaitOptions {
  std::string what;    // "VPC \"a\" to become OK"
  std::chrono::milliseconds initial{500};
  std::chrono::milliseconds max_interval{10000};
  double growth = 1.5;
  std::optional<std::chrono::milliseconds> timeout;  // on top of the context deadline
  // A poll error with these HTTP statuses counts as pending (e.g. 404 right
  // after a create on an eventually consistent API).
  std::vector<int> pending_statuses;
};

using PollFunc = std::function<Result<PollResult>(const framework::Context&)>;

// Returns ok when poll reports kDone; kFailed -> ErrorKind::kFailed; the
// deadline/timeout -> kTimeout; StopProvider -> kCancelled; a poll error
// (other than pending_statuses) is returned as is, with `what` prefixed.
Status WaitUntil(const framework::Context& ctx, const WaitOptions& opts, const PollFunc& poll);

// "1m2.5s", "350ms" for messages.
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_WAITER_H_
