// format and formatlist (go-cty stdlib format.go / format_fsm.rl): Go
// fmt-like verbs over cty values.
#include <gmp.h>

#include <algorithm>

#include "cty/json.h"
#include "internal.h"

namespace funcs::internal {
namespace {

struct Verb {
  std::string raw;
  size_t offset = 0;
  int64_t arg_num = 0;
  char mode = 0;
  bool zero = false, sharp = false, plus = false, minus = false, space = false;
  bool has_prec = false, has_width = false;
  int64_t prec = -1, width = -1;
};

size_t GraphemeCount(std::string_view s) { return GraphemeBoundaries(s).size() - 1; }

std::string PadWidth(const Verb& v, std::string s) {
  if (v.width < 0) return s;
  size_t have = GraphemeCount(s);
  if (have >= static_cast<size_t>(v.width)) return s;
  std::string pad(static_cast<size_t>(v.width) - have, v.zero ? '0' : ' ');
  return v.minus ? s + pad : pad + s;
}

std::string Unsupported(const Verb& v, const std::string& why) {
  return "unsupported value for " + GoQuote(v.raw) + " at " + std::to_string(v.offset) + ": " + why;
}

// big.Float.Format for e, E, f, g, G.
std::string FormatFloat(const Verb& v, const cty::Number& n) {
  char mode = v.mode;
  int prec = v.has_prec ? static_cast<int>(v.prec) : 6;
  char fmt = static_cast<char>(mode == 'E' ? 'e' : mode == 'G' ? 'g' : mode);
  if ((mode == 'g' || mode == 'G') && !v.has_prec) prec = -1;
  std::string buf = n.Text(fmt, prec);
  if (mode == 'E' || mode == 'G') std::replace(buf.begin(), buf.end(), 'e', 'E');
  std::string sign;
  if (!buf.empty() && buf[0] == '-') {
    sign = "-";
    buf.erase(0, 1);
  } else if (!buf.empty() && buf[0] == '+') {
    sign = v.space ? " " : "+";
    buf.erase(0, 1);
  } else if (v.plus) {
    sign = "+";
  } else if (v.space) {
    sign = " ";
  }
  size_t padding = 0;
  if (v.has_width && static_cast<size_t>(v.width) > sign.size() + buf.size()) {
    padding = static_cast<size_t>(v.width) - sign.size() - buf.size();
  }
  if (v.zero && !n.IsInfinity()) return sign + std::string(padding, '0') + buf;
  if (v.minus) return sign + buf + std::string(padding, ' ');
  return std::string(padding, ' ') + sign + buf;
}

// big.Int.Format for b, d, o, x, X.
std::string FormatInteger(const Verb& v, const cty::Number& n) {
  std::string dec = n.IsZero() ? "0" : n.ToString();
  bool neg = !dec.empty() && dec[0] == '-';
  if (neg) dec.erase(0, 1);
  int base = v.mode == 'b' ? 2 : v.mode == 'o' ? 8 : (v.mode == 'x' || v.mode == 'X') ? 16 : 10;
  std::string digits = dec;
  if (base != 10) {
    mpz_t z;
    mpz_init_set_str(z, dec.c_str(), 10);
    std::string out(mpz_sizeinbase(z, base) + 2, '\0');
    mpz_get_str(out.data(), base, z);
    out.resize(std::char_traits<char>::length(out.c_str()));
    mpz_clear(z);
    digits = out;
  }
  if (v.mode == 'X') std::transform(digits.begin(), digits.end(), digits.begin(), ::toupper);
  std::string sign = neg ? "-" : v.plus ? "+" : v.space ? " " : "";
  std::string prefix;
  if (v.sharp) {
    prefix = v.mode == 'b' ? "0b" : v.mode == 'o' ? "0" : v.mode == 'x' ? "0x" : v.mode == 'X' ? "0X" : "";
  }
  size_t zeros = 0, left = 0, right = 0;
  if (v.has_prec) {
    if (digits.size() < static_cast<size_t>(v.prec)) {
      zeros = static_cast<size_t>(v.prec) - digits.size();
    } else if (digits == "0" && v.prec == 0) {
      return "";
    }
  }
  size_t length = sign.size() + prefix.size() + zeros + digits.size();
  if (v.has_width && length < static_cast<size_t>(v.width)) {
    size_t d = static_cast<size_t>(v.width) - length;
    if (v.minus) {
      right = d;
    } else if (v.zero && !v.has_prec) {
      zeros = d;
    } else {
      left = d;
    }
  }
  return std::string(left, ' ') + sign + prefix + std::string(zeros, '0') + digits + std::string(right, ' ');
}

bool Append(Verb* v, std::string* buf, const Args& a, std::string* err) {
  size_t idx = static_cast<size_t>(v->arg_num - 1);
  if (v->arg_num < 1 || idx >= a.size()) {
    *err = "not enough arguments for " + GoQuote(v->raw) + " at " + std::to_string(v->offset) + ": need index " +
           std::to_string(v->arg_num) + " but have " + std::to_string(a.size()) + " total";
    return false;
  }
  const Value& arg = a[idx];
  if (v->mode != 'v' && arg.IsNull()) {
    *err = Unsupported(*v, "null value cannot be formatted");
    return false;
  }
  if (!v->has_width) v->width = -1;
  if (!v->has_prec) v->prec = -1;
  switch (v->mode) {
    case 'v': {
      if (!v->sharp && !arg.IsNull()) {
        if (arg.type() == Type::String()) {
          *buf += PadWidth(*v, arg.AsString());
          return true;
        }
        if (arg.type() == Type::Number()) {
          *buf += PadWidth(*v, arg.AsNumber().Text('g', -1));
          return true;
        }
      }
      if (arg.IsNull()) {
        *buf += PadWidth(*v, "null");
        return true;
      }
      auto j = cty::json::Marshal(arg, arg.type());
      if (!j.ok()) {
        *err = Unsupported(*v, j.error().message);
        return false;
      }
      *buf += PadWidth(*v, j.value());
      return true;
    }
    case 't': {
      auto c = cty::Convert(arg, Type::Bool());
      if (!c.ok()) {
        *err = Unsupported(*v, c.error().message);
        return false;
      }
      *buf += c.value().AsBool() ? "true" : "false";
      return true;
    }
    case 'b': case 'd': case 'o': case 'x': case 'X': case 'e': case 'E': case 'f': case 'g': case 'G': {
      auto c = cty::Convert(arg, Type::Number());
      if (!c.ok()) {
        *err = Unsupported(*v, c.error().message);
        return false;
      }
      const cty::Number& n = c.value().AsNumber();
      if (v->mode == 'e' || v->mode == 'E' || v->mode == 'f' || v->mode == 'g' || v->mode == 'G') {
        *buf += FormatFloat(*v, n);
        return true;
      }
      if (!n.IsInteger()) {
        *err = Unsupported(*v, "an integer is required");
        return false;
      }
      *buf += FormatInteger(*v, n);
      return true;
    }
    case 's': case 'q': {
      auto c = cty::Convert(arg, Type::String());
      if (!c.ok()) {
        *err = Unsupported(*v, c.error().message);
        return false;
      }
      std::string s = c.value().AsString();
      if (v->prec > 0) {
        auto b = GraphemeBoundaries(s);
        size_t k = std::min(static_cast<size_t>(v->prec), b.size() - 1);
        s = s.substr(0, b[k]);
      }
      if (v->mode == 'q') s = cty::json::Marshal(Value::String(s), Type::String()).value();
      *buf += PadWidth(*v, s);
      return true;
    }
    default: {
      std::string r = "'";
      r += v->mode;
      r += "'";
      *err = "unsupported format verb " + r + " in " + GoQuote(v->raw) + " at offset " + std::to_string(v->offset);
      return false;
    }
  }
}

std::string QuoteRuneAt(std::string_view s, size_t p) {
  size_t i = p;
  char32_t r = DecodeRune(s, &i);
  std::string out = "'";
  if (r == '\'') return "'\\''";
  if (r < 0x20 || r == 0x7f) {
    static const char* hex = "0123456789abcdef";
    out += "\\x";
    out += hex[r >> 4];
    out += hex[r & 15];
  } else {
    AppendRune(&out, r);
  }
  return out + "'";
}

// The go-cty format state machine. Returns the formatted text or an error
// (with an argument index for "too many arguments").
FuncResult<Value> FormatFSM(const std::string& f, const Args& a) {
  std::string buf;
  int64_t next_arg = 1;
  int64_t highest = 0;
  size_t p = 0;
  const size_t n = f.size();
  while (p < n) {
    if (f[p] != '%') {
      buf += f[p++];
      continue;
    }
    if (p + 1 < n && f[p + 1] == '%') {
      buf += '%';
      p += 2;
      continue;
    }
    Verb v;
    v.arg_num = next_arg;
    size_t ts = p++;
    auto at_end = [&]() -> FuncResult<Value> {
      return Err("invalid format string starting at offset " + std::to_string(n));
    };
    for (; p < n; ++p) {
      char c = f[p];
      if (c == '#') v.sharp = true;
      else if (c == '0') v.zero = true;
      else if (c == '-') v.minus = true;
      else if (c == '+') v.plus = true;
      else if (c == ' ') v.space = true;
      else break;
    }
    if (p < n && f[p] == '[') {
      ++p;
      v.arg_num = 0;
      if (p < n && f[p] >= '1' && f[p] <= '9') {
        while (p < n && f[p] >= '0' && f[p] <= '9') v.arg_num = v.arg_num * 10 + (f[p++] - '0');
      }
      if (p >= n) return at_end();
      if (v.arg_num == 0 || f[p] != ']') {
        return Err("unrecognized format character " + QuoteRuneAt(f, p) + " at offset " + std::to_string(p));
      }
      ++p;
    }
    if (p < n && f[p] >= '1' && f[p] <= '9') {
      v.has_width = true;
      v.width = 0;
      while (p < n && f[p] >= '0' && f[p] <= '9') v.width = v.width * 10 + (f[p++] - '0');
    }
    if (p < n && f[p] == '.') {
      v.has_prec = true;
      v.prec = 0;
      ++p;
      while (p < n && f[p] >= '0' && f[p] <= '9') v.prec = v.prec * 10 + (f[p++] - '0');
    }
    if (p >= n) return at_end();
    char m = f[p];
    if (!((m >= 'a' && m <= 'z') || (m >= 'A' && m <= 'Z'))) {
      return Err("unrecognized format character " + QuoteRuneAt(f, p) + " at offset " + std::to_string(p));
    }
    v.mode = m;
    v.raw = f.substr(ts, p + 1 - ts);
    v.offset = ts;
    ++p;
    highest = std::max(highest, v.arg_num);
    std::string err;
    if (!Append(&v, &buf, a, &err)) return Err(err);
    next_arg = v.arg_num + 1;
  }
  if (highest < static_cast<int64_t>(a.size())) {
    int bad = static_cast<int>(highest + 1);
    if (highest == 0) return ArgErr(bad, "too many arguments; no verbs in format string");
    return ArgErr(bad, "too many arguments; only " + std::to_string(highest) + " used by format string");
  }
  return Value::String(buf);
}

FuncResult<Value> Format(const Args& a) {
  Args rest(a.begin() + 1, a.end());
  for (const Value& v : rest) {
    if (!v.IsWhollyKnown()) return Value::Unknown(Type::String());
  }
  return FormatFSM(a[0].AsString(), rest);
}

FuncResult<Value> FormatList(const Args& all, const Type& ret) {
  const std::string& fmt = all[0].AsString();
  Args a(all.begin() + 1, all.end());
  if (a.empty()) {
    auto r = FormatFSM(fmt, a);
    if (!r.ok()) return r.error();
    return Value::List(Type::String(), {r.value()});
  }
  int64_t iter_len = -1;
  size_t chooser = 0;
  std::vector<bool> iterate(a.size(), false);
  bool unknown = false;
  for (size_t i = 0; i < a.size(); ++i) {
    const Value& arg = a[i];
    const Type& t = arg.type();
    if ((t.IsList() || t.IsSet() || t.IsTuple()) && !arg.IsNull()) {
      if (!t.IsTuple() && !arg.IsKnown()) {
        unknown = true;
        continue;
      }
      if (t.IsSet() && !arg.IsWhollyKnown()) {  // length not known
        unknown = true;
        continue;
      }
      int64_t len = t.IsTuple() ? static_cast<int64_t>(t.tuple_elements().size())
                                : static_cast<int64_t>(arg.LengthInt());
      if (iter_len == -1) {
        iter_len = len;
        chooser = i;
      } else if (len != iter_len) {
        return ArgErr(static_cast<int>(i + 1), "argument " + std::to_string(i + 1) + " has length " +
                                                   std::to_string(len) + ", which is inconsistent with argument " +
                                                   std::to_string(chooser + 1) + " of length " +
                                                   std::to_string(iter_len));
      }
      if (!arg.IsKnown()) {
        unknown = true;
        continue;
      }
      iterate[i] = true;
    } else if (t.IsDynamic() && !arg.IsKnown()) {
      unknown = true;
    }
  }
  if (unknown) return Value::Unknown(ret);
  if (iter_len == 0) return Value::EmptyList(Type::String());
  if (iter_len == -1) iter_len = 1;
  std::vector<Value> out;
  for (int64_t k = 0; k < iter_len; ++k) {
    Args fa(a.size());
    bool skip = false;
    for (size_t i = 0; i < a.size(); ++i) {
      fa[i] = iterate[i] ? a[i].Elements()[static_cast<size_t>(k)] : a[i];
      if (!fa[i].IsWhollyKnown()) {
        skip = true;
        break;
      }
    }
    if (skip) {
      out.push_back(Value::Unknown(Type::String()));
      continue;
    }
    auto r = FormatFSM(fmt, fa);
    if (!r.ok()) return Err("error on format iteration " + std::to_string(k) + ": " + r.error().message);
    out.push_back(r.value());
  }
  return Value::List(Type::String(), std::move(out));
}

}  // namespace

void AddFormat(cty::FunctionTable* t) {
  (*t)["format"] = Fn({Param("format", Type::String())}, Param("args", Type::Dynamic(), kAllowNull),
                      Static(Type::String()), [](const Args& a, const Type&) { return Format(a); });
  (*t)["formatlist"] = Fn({Param("format", Type::String())}, Param("args", Type::Dynamic(), kAllowNull | kAllowUnknown),
                          Static(Type::List(Type::String())), FormatList);
}

}  // namespace funcs::internal
