// Go duration syntax and the `timeouts` block.
#include "framework/timeouts.h"

#include <cstdint>
#include <limits>

#include "framework/validators.h"
#include "framework/values.h"

namespace framework {

std::string_view OperationName(Operation op) {
  switch (op) {
    case Operation::kCreate:
      return "create";
    case Operation::kRead:
      return "read";
    case Operation::kUpdate:
      return "update";
    case Operation::kDelete:
      return "delete";
  }
  return "operation";
}

namespace {

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

constexpr uint64_t kMaxDuration = uint64_t{1} << 63;

uint64_t UnitNanos(std::string_view u) {
  if (u == "ns") return 1;
  if (u == "us" || u == "\xC2\xB5s" || u == "\xCE\xBCs") return 1000;
  if (u == "ms") return 1000 * 1000;
  if (u == "s") return 1000 * 1000 * 1000;
  if (u == "m") return uint64_t{60} * 1000 * 1000 * 1000;
  if (u == "h") return uint64_t{3600} * 1000 * 1000 * 1000;
  return 0;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::chrono::nanoseconds> ParseGoDuration(std::string_view text, std::string* error) {
  auto fail = [&](std::string msg) -> std::optional<std::chrono::nanoseconds> {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  const std::string invalid = "time: invalid duration " + Quote(text);
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return fail(invalid);
  uint64_t d = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || IsDigit(s[0]))) return fail(invalid);
    // Integer part.
    uint64_t v = 0;
    size_t i = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (v > (kMaxDuration - 1) / 10) return fail(invalid);
      v = v * 10 + static_cast<uint64_t>(s[i] - '0');
      if (v > kMaxDuration) return fail(invalid);
    }
    bool pre = i > 0;
    s.remove_prefix(i);
    // Fraction.
    uint64_t f = 0;
    double scale = 1;
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && IsDigit(s[j]); ++j) {
        if (overflow) continue;
        if (f > (std::numeric_limits<int64_t>::max() - 9) / 10) {
          overflow = true;
          continue;
        }
        f = f * 10 + static_cast<uint64_t>(s[j] - '0');
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return fail(invalid);
    // Unit.
    size_t k = 0;
    while (k < s.size() && s[k] != '.' && !IsDigit(s[k])) ++k;
    if (k == 0) return fail("time: missing unit in duration " + Quote(text));
    std::string_view u = s.substr(0, k);
    s.remove_prefix(k);
    uint64_t unit = UnitNanos(u);
    if (unit == 0) return fail("time: unknown unit " + Quote(u) + " in duration " + Quote(text));
    if (v > kMaxDuration / unit) return fail(invalid);
    v *= unit;
    if (f > 0) {
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kMaxDuration) return fail(invalid);
    }
    d += v;
    if (d > kMaxDuration) return fail(invalid);
  }
  if (neg) {
    if (d == kMaxDuration) return std::chrono::nanoseconds(std::numeric_limits<int64_t>::min());
    return std::chrono::nanoseconds(-static_cast<int64_t>(d));
  }
  if (d > kMaxDuration - 1) return fail(invalid);
  return std::chrono::nanoseconds(static_cast<int64_t>(d));
}

namespace {

// Go's fmtFrac: the low `prec` digits of v as a fraction without trailing
// zeros (and without the dot when zero); returns v / 10^prec.
uint64_t FracPart(uint64_t v, int prec, std::string& frac) {
  bool print = false;
  std::string digits;
  for (int i = 0; i < prec; ++i) {
    uint64_t digit = v % 10;
    print = print || digit != 0;
    if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
    v /= 10;
  }
  frac = print ? "." + digits : "";
  return v;
}

}  // namespace

std::string FormatGoDuration(std::chrono::nanoseconds d) {
  int64_t n = d.count();
  if (n == 0) return "0s";
  bool neg = n < 0;
  uint64_t u = neg ? uint64_t{0} - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string out;
  if (u < 1000000000) {
    std::string frac;
    std::string unit;
    if (u < 1000) {
      out = std::to_string(u) + "ns";
    } else if (u < 1000000) {
      u = FracPart(u, 3, frac);
      out = std::to_string(u) + frac + "\xC2\xB5s";
    } else {
      u = FracPart(u, 6, frac);
      out = std::to_string(u) + frac + "ms";
    }
  } else {
    std::string frac;
    u = FracPart(u, 9, frac);
    out = std::to_string(u % 60) + frac + "s";
    u /= 60;
    if (u > 0) {
      out = std::to_string(u % 60) + "m" + out;
      u /= 60;
      if (u > 0) out = std::to_string(u) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

void AddTimeouts(Schema& schema, TimeoutDefaults defaults) {
  Block b;
  b.description = "Operation timeouts as Go durations (\"30m\", \"1h30m\").";
  auto add = [&](Operation op, const std::optional<std::chrono::milliseconds>& def) {
    if (!def) return;
    std::string name(OperationName(op));
    b.Add(name, StringAttribute()
                    .Optional()
                    .Description("Time allowed to " + name + " the resource. Defaults to `" +
                                 FormatGoDuration(*def) + "`.")
                    .Validators({IsGoDuration()}));
  };
  add(Operation::kCreate, defaults.create);
  add(Operation::kRead, defaults.read);
  add(Operation::kUpdate, defaults.update);
  add(Operation::kDelete, defaults.delete_);
  schema.block.Add(std::string(kTimeoutsBlock), SingleBlock(std::move(b)));
  schema.timeouts = defaults;
}

std::optional<std::chrono::milliseconds> EffectiveTimeout(const Schema& schema,
                                                          const cty::Value& object, Operation op) {
  if (!schema.timeouts) return std::nullopt;
  std::optional<std::chrono::milliseconds> def;
  switch (op) {
    case Operation::kCreate:
      def = schema.timeouts->create;
      break;
    case Operation::kRead:
      def = schema.timeouts->read;
      break;
    case Operation::kUpdate:
      def = schema.timeouts->update;
      break;
    case Operation::kDelete:
      def = schema.timeouts->delete_;
      break;
  }
  if (!def) return std::nullopt;
  if (!object.type().IsObject() || !object.type().HasAttribute(kTimeoutsBlock)) return def;
  cty::Value block = AttrOf(object, kTimeoutsBlock);
  if (block.IsNull() || !block.IsKnown()) return def;
  auto text = GetString(block, OperationName(op));
  if (!text) return def;
  auto parsed = ParseGoDuration(*text);
  if (!parsed || parsed->count() < 0) return def;
  return std::chrono::duration_cast<std::chrono::milliseconds>(*parsed);
}

}  // namespace framework
