// Date and time functions: formatdate timeadd (go-cty stdlib datetime.go),
// timecmp and the impure timestamp (OpenTofu lang/funcs/datetime.go).
// Timestamps are RFC 3339 as Go's time.Parse(time.RFC3339, ...) reads them,
// with its error reporting as go-cty rewords it.
#include <chrono>
#include <cmath>

#include "internal.h"

namespace funcs::internal {
namespace {

struct Time {
  int64_t unix = 0;     // seconds since the epoch (UTC)
  int64_t nanos = 0;    // 0..999999999
  int64_t offset = 0;   // zone offset in seconds east of UTC
};

struct Civil {
  int64_t year;
  int month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil ToCivil(const Time& t) {
  int64_t local = t.unix + t.offset;
  int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  int64_t secs = local - days * 86400;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Civil c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  int64_t wd = (days + 4) % 7;  // 1970-01-01 was a Thursday
  c.weekday = static_cast<int>(wd < 0 ? wd + 7 : wd);
  return c;
}

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
int DaysIn(int m, int64_t y) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string Pad(int64_t v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  while (static_cast<int>(s.size()) < width) s.insert(0, "0");
  return v < 0 ? "-" + s : s;
}

// Go time.Format zone layouts: "Z07:00" (z = true, colon), "-0700", "-07:00".
std::string Zone(const Time& t, bool z, bool colon) {
  if (z && t.offset == 0) return "Z";
  int64_t off = t.offset;
  std::string sign = off < 0 ? "-" : "+";
  if (off < 0) off = -off;
  return sign + Pad(off / 3600, 2) + (colon ? ":" : "") + Pad(off / 60 % 60, 2);
}

std::string FormatRFC3339(const Time& t) {
  Civil c = ToCivil(t);
  return Pad(c.year, 4) + "-" + Pad(c.month, 2) + "-" + Pad(c.day, 2) + "T" + Pad(c.hour, 2) + ":" +
         Pad(c.minute, 2) + ":" + Pad(c.second, 2) + Zone(t, true, true);
}

// A Go time.ParseError as go-cty's parseTimestamp words it.
std::string ParseError(std::string_view layout_elem, std::string_view value_elem, std::string_view message) {
  if (layout_elem.empty() && value_elem.empty() && !message.empty()) {
    return "not a valid RFC3339 timestamp" + std::string(message);
  }
  std::string what;
  if (layout_elem == "2006") {
    what = "year";
  } else if (layout_elem == "01") {
    what = "month";
  } else if (layout_elem == "02") {
    what = "day of month";
  } else if (layout_elem == "15") {
    what = "hour";
  } else if (layout_elem == "04") {
    what = "minute";
  } else if (layout_elem == "05") {
    what = "second";
  } else if (layout_elem == "Z07:00") {
    what = "UTC offset";
  } else if (layout_elem == "T") {
    return "not a valid RFC3339 timestamp: missing required time introducer 'T'";
  } else if (layout_elem == ":" || layout_elem == "-") {
    if (value_elem.empty()) {
      return "not a valid RFC3339 timestamp: end of string where " + GoQuote(layout_elem) + " is expected";
    }
    return "not a valid RFC3339 timestamp: found " + GoQuote(value_elem) + " where " + GoQuote(layout_elem) +
           " is expected";
  } else {
    what = "timestamp segment";
  }
  if (value_elem.empty()) return "not a valid RFC3339 timestamp: end of string before " + what;
  return "not a valid RFC3339 timestamp: cannot use " + GoQuote(value_elem) + " as " + what;
}

bool IsDigit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// Go getnum: one or two digits (exactly two when fixed).
bool GetNum(std::string_view* s, bool fixed, int* out) {
  if (!IsDigit(*s, 0)) return false;
  if (!IsDigit(*s, 1)) {
    if (fixed) return false;
    *out = (*s)[0] - '0';
    s->remove_prefix(1);
    return true;
  }
  *out = ((*s)[0] - '0') * 10 + ((*s)[1] - '0');
  s->remove_prefix(2);
  return true;
}

// time.Parse(time.RFC3339, s).
bool ParseRFC3339(std::string_view in, Time* t, std::string* err) {
  std::string_view v = in;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int64_t nanos = 0;
  auto lit = [&](std::string_view l) {
    if (v.substr(0, l.size()) != l) {
      *err = ParseError(l, v, "");
      return false;
    }
    v.remove_prefix(l.size());
    return true;
  };
  auto num = [&](std::string_view elem, bool fixed, int* out, int lo, int hi, const char* range) {
    std::string_view hold = v;
    if (!GetNum(&v, fixed, out)) {
      *err = ParseError(elem, hold, "");
      return false;
    }
    if (*out < lo || *out > hi) {
      *err = ParseError(elem, v, std::string(": ") + range + " out of range");
      return false;
    }
    return true;
  };
  // year: four digits
  if (v.size() < 4 || !IsDigit(v, 0)) {
    *err = ParseError("2006", v, "");
    return false;
  }
  if (!IsDigit(v, 1) || !IsDigit(v, 2) || !IsDigit(v, 3)) {  // Go reports what follows the four bytes
    *err = ParseError("2006", v.substr(4), "");
    return false;
  }
  year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  v.remove_prefix(4);
  if (!lit("-") || !num("01", true, &month, 1, 12, "month") || !lit("-") ||
      !num("02", true, &day, 1, 31, "day") || !lit("T") || !num("15", false, &hour, 0, 23, "hour") || !lit(":") ||
      !num("04", true, &minute, 0, 59, "minute") || !lit(":") || !num("05", true, &second, 0, 59, "second")) {
    return false;
  }
  // Fractional seconds are accepted after the seconds even though the
  // layout has none.
  if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && IsDigit(v, 1)) {
    size_t n = 1;
    while (IsDigit(v, n)) ++n;
    std::string frac(v.substr(1, n - 1));
    frac = frac.substr(0, 9);
    while (frac.size() < 9) frac += '0';
    nanos = std::stoll(frac);
    v.remove_prefix(n);
  }
  int64_t offset = 0;
  std::string_view hold = v;
  if (!v.empty() && v[0] == 'Z') {
    v.remove_prefix(1);
  } else {
    if (v.size() < 6 || v[3] != ':') {
      *err = ParseError("Z07:00", hold, "");
      return false;
    }
    std::string_view hh = v.substr(1, 2), mm = v.substr(4, 2);
    int h = 0, m = 0;
    if (!GetNum(&hh, true, &h) || !GetNum(&mm, true, &m) || (v[0] != '+' && v[0] != '-')) {
      *err = ParseError("Z07:00", hold, "");
      return false;
    }
    char sign = v[0];
    v.remove_prefix(6);
    // Go (1.19, the reference checked) applies no range check to offsets.
    offset = (h * 60 + m) * 60;
    if (sign == '-') offset = -offset;
  }
  if (!v.empty()) {
    *err = ParseError("", v, ": extra text: " + GoQuote(v));
    return false;
  }
  if (day > DaysIn(month, year)) {
    *err = ParseError("", "", ": day out of range");
    return false;
  }
  t->unix = (DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) - offset;
  t->nanos = nanos;
  t->offset = offset;
  return true;
}

// time.ParseDuration; the result in nanoseconds.
bool ParseDuration(const std::string& s, int64_t* out, std::string* err) {
  const std::string orig = s;
  auto invalid = [&] {
    *err = "time: invalid duration " + GoQuote(orig);
    return false;
  };
  std::string_view v = s;
  bool neg = false;
  if (!v.empty() && (v[0] == '-' || v[0] == '+')) {
    neg = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v == "0") {
    *out = 0;
    return true;
  }
  if (v.empty()) return invalid();
  uint64_t total = 0;
  const uint64_t kMax = static_cast<uint64_t>(1) << 63;
  while (!v.empty()) {
    if (!(v[0] == '.' || IsDigit(v, 0))) return invalid();
    uint64_t whole = 0;
    size_t pl = v.size();
    bool overflow = false;
    while (IsDigit(v, 0)) {
      if (whole > (kMax - 1) / 10) overflow = true;
      whole = whole * 10 + static_cast<uint64_t>(v[0] - '0');
      if (whole > kMax) overflow = true;
      v.remove_prefix(1);
    }
    if (overflow) return invalid();
    bool pre = pl != v.size();
    bool post = false;
    uint64_t frac = 0;
    double scale = 1;
    if (!v.empty() && v[0] == '.') {
      v.remove_prefix(1);
      size_t pl2 = v.size();
      bool frac_over = false;
      while (IsDigit(v, 0)) {
        if (!frac_over) {
          if (frac > (kMax - 1) / 10) {
            frac_over = true;
          } else {
            uint64_t y = frac * 10 + static_cast<uint64_t>(v[0] - '0');
            if (y > kMax) {
              frac_over = true;
            } else {
              frac = y;
              scale *= 10;
            }
          }
        }
        v.remove_prefix(1);
      }
      post = pl2 != v.size();
    }
    if (!pre && !post) return invalid();
    size_t i = 0;
    while (i < v.size() && v[i] != '.' && !(v[i] >= '0' && v[i] <= '9')) ++i;
    if (i == 0) {
      *err = "time: missing unit in duration " + GoQuote(orig);
      return false;
    }
    std::string_view u = v.substr(0, i);
    v.remove_prefix(i);
    uint64_t unit;
    if (u == "ns") unit = 1;
    else if (u == "us" || u == "\xc2\xb5s" || u == "\xce\xbcs") unit = 1000;
    else if (u == "ms") unit = 1000000;
    else if (u == "s") unit = 1000000000;
    else if (u == "m") unit = 60ULL * 1000000000;
    else if (u == "h") unit = 3600ULL * 1000000000;
    else {
      *err = "time: unknown unit " + GoQuote(u) + " in duration " + GoQuote(orig);
      return false;
    }
    if (whole > kMax / unit) return invalid();
    whole *= unit;
    if (frac > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(frac) * (static_cast<double>(unit) / scale));
      if (whole > kMax) return invalid();
    }
    total += whole;
    if (total > kMax) return invalid();
  }
  if (neg) {
    *out = total == kMax ? INT64_MIN : -static_cast<int64_t>(total);
    return true;
  }
  if (total > kMax - 1) return invalid();
  *out = static_cast<int64_t>(total);
  return true;
}

bool IsVerbChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// go-cty splitDateFormat tokens.
std::vector<std::string> SplitDateFormat(std::string_view f) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p < f.size()) {
    std::string_view d = f.substr(p);
    size_t len = d.size();
    if (d[0] == '\'') {
      if (d.size() > 1 && d[1] == '\'') {
        len = 2;
      } else {
        for (size_t i = 1; i < d.size(); ++i) {
          if (d[i] == '\'') {
            if (i + 1 == d.size()) {
              len = d.size();
              break;
            }
            if (d[i + 1] == '\'') {
              ++i;
              continue;
            }
            len = i + 1;
            break;
          }
        }
      }
    } else if (IsVerbChar(d[0])) {
      len = 1;
      while (len < d.size() && d[len] == d[0]) ++len;
    } else {
      len = 1;
      while (len < d.size() && d[len] != '\'' && !IsVerbChar(d[len])) ++len;
    }
    out.emplace_back(d.substr(0, len));
    p += len;
  }
  return out;
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};
const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

FuncResult<Value> FormatDate(const Args& a) {
  Time t;
  std::string err;
  if (!ParseRFC3339(a[1].AsString(), &t, &err)) return ArgErr(1, err);
  Civil c = ToCivil(t);
  std::string buf;
  for (const std::string& tok : SplitDateFormat(a[0].AsString())) {
    if (tok[0] == '\'') {
      if (tok.back() != '\'' || tok.size() == 1) return ArgErr(0, "unterminated literal '");
      if (tok.size() == 2) {
        buf += '\'';
      } else {
        for (size_t i = 1; i + 1 < tok.size(); ++i) {
          buf += tok[i];
          if (tok[i] == '\'') ++i;
        }
      }
      continue;
    }
    if (!IsVerbChar(tok[0])) {
      buf += tok;
      continue;
    }
    size_t n = tok.size();
    auto bad = [&](const std::string& why) {
      return ArgErr(0, "invalid date format verb " + GoQuote(tok) + (why.empty() ? "" : ": " + why));
    };
    auto one_two = [&](int64_t v, const char* why) -> std::optional<FunctionError> {
      if (n == 1) {
        buf += std::to_string(v);
      } else if (n == 2) {
        buf += Pad(v, 2);
      } else {
        return bad(why);
      }
      return std::nullopt;
    };
    std::optional<FunctionError> e;
    switch (tok[0]) {
      case 'Y':
        if (n == 2) {
          buf += Pad(((c.year % 100) + 100) % 100, 2);
        } else if (n == 4) {
          buf += Pad(c.year, 4);
        } else {
          return bad("year must either be \"YY\" or \"YYYY\"");
        }
        break;
      case 'M':
        if (n == 1) {
          buf += std::to_string(c.month);
        } else if (n == 2) {
          buf += Pad(c.month, 2);
        } else if (n == 3) {
          buf += std::string(kMonths[c.month - 1]).substr(0, 3);
        } else if (n == 4) {
          buf += kMonths[c.month - 1];
        } else {
          return bad("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
        }
        break;
      case 'D':
        e = one_two(c.day, "day of month must either be \"D\" or \"DD\"");
        break;
      case 'E':
        if (n == 3) {
          buf += std::string(kDays[c.weekday]).substr(0, 3);
        } else if (n == 4) {
          buf += kDays[c.weekday];
        } else {
          return bad("day of week must either be \"EEE\" or \"EEEE\"");
        }
        break;
      case 'h':
        e = one_two(c.hour, "24-hour must either be \"h\" or \"hh\"");
        break;
      case 'H':
        e = one_two(c.hour % 12 == 0 ? 12 : c.hour % 12, "12-hour must either be \"H\" or \"HH\"");
        break;
      case 'A':
      case 'a':
        if (n != 2) return bad(std::string("must be \"") + tok[0] + tok[0] + "\"");
        buf += c.hour < 12 ? (tok[0] == 'A' ? "AM" : "am") : (tok[0] == 'A' ? "PM" : "pm");
        break;
      case 'm':
        e = one_two(c.minute, "minute must either be \"m\" or \"mm\"");
        break;
      case 's':
        e = one_two(c.second, "second must either be \"s\" or \"ss\"");
        break;
      case 'Z':
        if (n == 1) {
          buf += Zone(t, true, true);
        } else if (n == 3) {
          std::string z = Zone(t, false, false);
          buf += z == "+0000" ? "UTC" : z;
        } else if (n == 4) {
          buf += Zone(t, false, false);
        } else if (n == 5) {
          buf += Zone(t, false, true);
        } else {
          return bad("timezone must be Z, ZZZZ, or ZZZZZ");
        }
        break;
      default:
        return bad("");
    }
    if (e) return *e;
  }
  return Value::String(buf);
}

FuncResult<Value> TimeAdd(const Args& a) {
  Time t;
  std::string err;
  if (!ParseRFC3339(a[0].AsString(), &t, &err)) return Err(err);
  int64_t d = 0;
  if (!ParseDuration(a[1].AsString(), &d, &err)) return Err(err);
  int64_t ns = t.nanos + d % 1000000000;
  t.unix += d / 1000000000;
  if (ns < 0) {
    ns += 1000000000;
    t.unix -= 1;
  } else if (ns >= 1000000000) {
    ns -= 1000000000;
    t.unix += 1;
  }
  t.nanos = ns;
  return Value::String(FormatRFC3339(t));
}

FuncResult<Value> TimeCmp(const Args& a) {
  Time x, y;
  std::string err;
  if (!ParseRFC3339(a[0].AsString(), &x, &err)) return ArgErr(0, err);
  if (!ParseRFC3339(a[1].AsString(), &y, &err)) return ArgErr(1, err);
  if (x.unix == y.unix && x.nanos == y.nanos) return Value::Int(0);
  bool before = x.unix < y.unix || (x.unix == y.unix && x.nanos < y.nanos);
  return Value::Int(before ? -1 : 1);
}

}  // namespace

void AddDateTime(cty::FunctionTable* t, bool pure_only) {
  (*t)["formatdate"] = Fn({Param("format", Type::String()), Param("time", Type::String())}, Static(Type::String()),
                          [](const Args& a, const Type&) { return FormatDate(a); });
  (*t)["timeadd"] = Fn({Param("timestamp", Type::String()), Param("duration", Type::String())},
                       Static(Type::String()), [](const Args& a, const Type&) { return TimeAdd(a); });
  (*t)["timecmp"] = Fn({Param("timestamp_a", Type::String()), Param("timestamp_b", Type::String())},
                       Static(Type::Number()), [](const Args& a, const Type&) { return TimeCmp(a); });
  // Impure: unknown in pure-only mode (tofu's function.Unpredictable).
  (*t)["timestamp"] = Fn({}, Static(Type::String()), [pure_only](const Args&, const Type&) -> FuncResult<Value> {
    if (pure_only) return Value::Unknown(Type::String());
    auto now = std::chrono::system_clock::now().time_since_epoch();
    Time tm;
    tm.unix = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    return Value::String(FormatRFC3339(tm));
  });
}

void AddPlanTimestamp(cty::FunctionTable* t, const std::string& plan_timestamp) {
  (*t)["plantimestamp"] = Fn({}, Static(Type::String()), [plan_timestamp](const Args&, const Type&) -> FuncResult<Value> {
    if (plan_timestamp.empty()) return Value::Unknown(Type::String());
    return Value::String(plan_timestamp);
  });
}

}  // namespace funcs::internal
