// Retry timing: capped exponential backoff with full jitter and Retry-After
// parsing.
//
// Thread safety: pure functions (the jitter source is passed in).
#ifndef EDP_PROVIDER_OTC_RETRY_H_
#define EDP_PROVIDER_OTC_RETRY_H_

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string_view>

namespace otc {

struct RetryPolicy {
  int max_retries = 4;          // 5xx and connection errors
  int max_throttle_retries = 5; // 429
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{20000};
  // Retry-After values above this are clamped.
  std::chrono::milliseconds retry_after_cap{60000};
};

// Full jitter: a uniformly random delay in [0, min(cap, base * 2^attempt)]
// (attempt counts from 0). `unit` is a uniform random number in [0, 1).
std::chrono::milliseconds BackoffDelay(const RetryPolicy& p, int attempt, double unit);
// The upper bound BackoffDelay draws from.
std::chrono::milliseconds BackoffCeiling(const RetryPolicy& p, int attempt);

// Parses a Retry-After header: delta-seconds ("2") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now`). nullopt when
// absent or unparseable; negative/past values give 0. Not capped.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, std::time_t now);

// A uniform double in [0,1) from a thread-local generator.
double JitterUnit();

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_RETRY_H_
