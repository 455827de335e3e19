#include "otc/waiter.h"

#include <algorithm>
#include <cstdio>

namespace otc {

std::string FormatDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms < 1000) return std::to_string(ms) + "ms";
  int64_t h = ms / 3600000;
  int64_t m = (ms / 60000) % 60;
  double s = static_cast<double>(ms % 60000) / 1000.0;
  char sec[32];
  std::snprintf(sec, sizeof sec, "%.1fs", s);
  std::string out;
  if (h > 0) out += std::to_string(h) + "h";
  if (h > 0 || m > 0) out += std::to_string(m) + "m";
  return out + sec;
}

Status WaitUntil(const framework::Context& ctx, const WaitOptions& opts, const PollFunc& poll) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start); };
  framework::Context wctx = opts.timeout ? ctx.WithTimeout(*opts.timeout, "wait") : ctx;
  std::string last_status = "(none yet)";
  auto interval = opts.initial;
  std::string prev;
  auto timed_out = [&]() {
    std::string limit;
    if (opts.timeout || ctx.timeout()) {
      auto t = opts.timeout ? *opts.timeout : *ctx.timeout();
      if (ctx.timeout() && opts.timeout) t = std::min(*opts.timeout, *ctx.timeout());
      limit = " within " + FormatDuration(t);
    }
    return Error(ErrorKind::kTimeout, "timed out waiting for " + opts.what + limit + " (last status " + last_status +
                                          " after " + FormatDuration(elapsed()) + ")")
        .set_hint("Increase the resource's timeouts, or check the object in the console: it may be stuck.");
  };
  auto cancelled = [&]() {
    return Error(ErrorKind::kCancelled, "cancelled (StopProvider) while waiting for " + opts.what +
                                            " (last status " + last_status + " after " + FormatDuration(elapsed()) +
                                            ")");
  };
  for (;;) {
    if (ctx.Cancelled()) return cancelled();
    if (wctx.DeadlineExceeded()) return timed_out();
    auto r = poll(wctx);
    if (!r.ok()) {
      const Error& e = r.error();
      if (e.kind() == ErrorKind::kCancelled) return cancelled();
      if (e.kind() == ErrorKind::kTimeout) return timed_out();
      bool pending = e.kind() == ErrorKind::kHttp &&
                     std::find(opts.pending_statuses.begin(), opts.pending_statuses.end(), e.http_status()) !=
                         opts.pending_statuses.end();
      if (!pending) {
        Error out = e;
        out.set_what("waiting for " + opts.what + (e.what().empty() ? "" : " (" + e.what() + ")"));
        return out;
      }
      last_status = "HTTP " + std::to_string(e.http_status());
    } else {
      const PollResult& p = r.value();
      if (!p.status.empty()) last_status = p.status;
      if (p.state == PollResult::kDone) return Status();
      if (p.state == PollResult::kFailed) {
        std::string msg = opts.what + " failed: status " + (p.status.empty() ? "(unknown)" : p.status);
        if (!p.reason.empty()) msg += ": " + p.reason;
        msg += " (after " + FormatDuration(elapsed()) + ")";
        return Error(ErrorKind::kFailed, msg);
      }
    }
    if (last_status != prev) {
      interval = opts.initial;  // progress: look again soon
      prev = last_status;
    } else {
      auto grown = std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(interval.count()) * opts.growth));
      interval = std::min(std::max(grown, interval), opts.max_interval);
    }
    if (!wctx.SleepFor(interval)) {
      if (ctx.Cancelled()) return cancelled();
      return timed_out();
    }
  }
}

}  // namespace otc
