#include "otc/retry.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <string>

namespace otc {

std::chrono::milliseconds BackoffCeiling(const RetryPolicy& p, int attempt) {
  if (attempt < 0) attempt = 0;
  int64_t base = std::max<int64_t>(p.base.count(), 0);
  int64_t cap = std::max<int64_t>(p.cap.count(), 0);
  int64_t ceiling = base;
  for (int i = 0; i < attempt && ceiling < cap; ++i) ceiling *= 2;  // no overflow: stops at cap
  return std::chrono::milliseconds(std::min(ceiling, cap));
}

std::chrono::milliseconds BackoffDelay(const RetryPolicy& p, int attempt, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  auto ceiling = BackoffCeiling(p, attempt).count();
  auto d = static_cast<int64_t>(static_cast<double>(ceiling) * unit);
  return std::chrono::milliseconds(std::clamp<int64_t>(d, 0, ceiling));
}

namespace {

// Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); -1 when invalid.
std::time_t ParseHttpDate(std::string_view v) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t comma = v.find(", ");
  if (comma == std::string_view::npos) return -1;
  std::string rest(v.substr(comma + 2));
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  char mon[4] = {0};
  char zone[4] = {0};
  if (std::sscanf(rest.c_str(), "%2d %3s %4d %2d:%2d:%2d %3s", &day, mon, &year, &hh, &mm, &ss, zone) != 7) {
    return -1;
  }
  if (std::strcmp(zone, "GMT") != 0) return -1;
  int month = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::strcmp(mon, kMonths[i]) == 0) month = i;
  }
  if (month < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || year < 1970) return -1;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  return timegm(&tm);
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value, std::time_t now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(value.front()))) {
    int64_t secs = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), secs);
    if (ec == std::errc::result_out_of_range) return std::chrono::milliseconds(INT64_MAX / 2);
    if (ec != std::errc() || ptr != value.data() + value.size()) return std::nullopt;
    if (secs > INT64_MAX / 2000) return std::chrono::milliseconds(INT64_MAX / 2);
    return std::chrono::milliseconds(secs * 1000);
  }
  if (value.front() == '-') return std::nullopt;
  std::time_t at = ParseHttpDate(value);
  if (at < 0) return std::nullopt;
  if (at <= now) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<int64_t>(at - now) * 1000);
}

double JitterUnit() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace otc
