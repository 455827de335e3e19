// Numeric functions: abs ceil floor log max min parseint pow signum
// (go-cty stdlib number.go; parseint as OpenTofu's).
#include <gmp.h>

#include <cmath>

#include "internal.h"

namespace funcs::internal {
namespace {

using cty::Number;

Value NumberOrError(double d, FunctionError* err) {
  if (std::isnan(d)) {
    *err = Err("panic in function implementation: Float.SetFloat64(NaN)");
    return Value();
  }
  return Value::Number(Number::FromDouble(d));
}

// Rounds a finite non-integer toward -inf (floor) or +inf (ceil). The
// shortest decimal text of a non-integer binary float has the same integer
// part as the float itself, so the text is exact enough.
Value RoundToInteger(const Value& v, bool up) {
  const Number& n = v.AsNumber();
  if (n.IsInfinity() || n.IsInteger()) return v;
  std::string text = n.ToString();
  std::string ip = text.substr(0, text.find('.'));
  if (ip == "-0" || ip.empty()) ip = "0";
  Number i = *Number::Parse(ip);
  if (up && !n.IsNegative()) i = *i.Add(Number::FromInt64(1));
  if (!up && n.IsNegative()) i = *i.Subtract(Number::FromInt64(1));
  return Value::Number(i);
}

Function Ceil(bool up) {
  return Fn({Param("num", Type::Number())},
               Static(Type::Number()),
               [up](const Args& a, const Type&) -> FuncResult<Value> { return RoundToInteger(a[0], up); });
}

Function MinMax(bool max) {
  return Fn({}, Param("numbers", Type::Number(), kAllowDynamic),
               Static(Type::Number()),
               [max](const Args& a, const Type&) -> FuncResult<Value> {
                 if (a.empty()) return Err("must pass at least one number");
                 Value best = Value::Number(Number::Infinity(max));
                 for (const Value& v : a) {
                   int c = v.AsNumber().Compare(best.AsNumber());
                   if (max ? c > 0 : c < 0) best = v;
                 }
                 return best;
               });
}

// Go big.Int.SetString digit value, or -1.
int DigitValue(char c, int base) {
  int d = -1;
  if (c >= '0' && c <= '9') {
    d = c - '0';
  } else if (c >= 'a' && c <= 'z') {
    d = c - 'a' + 10;
  } else if (c >= 'A' && c <= 'Z') {
    d = base <= 36 ? c - 'A' + 10 : c - 'A' + 36;
  }
  return d < base ? d : -1;
}

std::optional<std::string> ParseIntText(const std::string& s, int base) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == s.size()) return std::nullopt;
  mpz_t z;
  mpz_init(z);
  for (; i < s.size(); ++i) {
    int d = DigitValue(s[i], base);
    if (d < 0) {
      mpz_clear(z);
      return std::nullopt;
    }
    mpz_mul_ui(z, z, static_cast<unsigned long>(base));
    mpz_add_ui(z, z, static_cast<unsigned long>(d));
  }
  if (neg) mpz_neg(z, z);
  std::string out(mpz_sizeinbase(z, 10) + 2, '\0');
  mpz_get_str(out.data(), 10, z);
  out.resize(std::char_traits<char>::length(out.c_str()));
  mpz_clear(z);
  return out;
}

Function ParseInt() {
  return Fn({Param("number", Type::Dynamic(), kAllowMarked), Param("base", Type::Number(), kAllowMarked)},
               [](const Args& a) -> FuncResult<Type> {
                 if (a[0].type() != Type::String()) {
                   return ArgErr(0, "first argument must be a string, not " + a[0].type().FriendlyName());
                 }
                 return Type::Number();
               },
               [](const Args& a, const Type&) -> FuncResult<Value> {
                 Value num = a[0].Unmark();
                 Value base_v = a[1].Unmark();
                 std::string err;
                 auto base = ToInt(base_v, &err);
                 if (!base) return ArgErr(1, err);
                 if (*base < 2 || *base > 62) {
                   return ArgErr(1, "base must be a whole number between 2 and 62 inclusive");
                 }
                 auto text = ParseIntText(num.AsString(), static_cast<int>(*base));
                 if (!text) {
                   bool sens = a[0].IsSensitive() || a[1].IsSensitive();
                   return ArgErr(0, "cannot parse " + RedactString(num.AsString(), sens) + " as a base " +
                                        (sens ? std::string("(sensitive value)") : std::to_string(*base)) +
                                        " integer");
                 }
                 return Value::Number(*Number::Parse(*text)).Mark(a[0].marks() | a[1].marks());
               });
}

Function FloatBinary(const char* p1, const char* p2, double (*op)(double, double)) {
  return Fn({Param(p1, Type::Number()), Param(p2, Type::Number())},
               Static(Type::Number()),
               [op](const Args& a, const Type&) -> FuncResult<Value> {
                 std::string err;
                 auto x = ToFloat(a[0], &err);
                 if (!x) return Err(err);
                 auto y = ToFloat(a[1], &err);
                 if (!y) return Err(err);
                 FunctionError fe;
                 Value v = NumberOrError(op(*x, *y), &fe);
                 if (!fe.message.empty()) return fe;
                 return v;
               });
}

}  // namespace

void AddNumeric(cty::FunctionTable* t) {
  (*t)["abs"] = Fn({Param("num", Type::Number(), kAllowDynamic | kAllowMarked)},
                      Static(Type::Number()),
                      [](const Args& a, const Type&) -> FuncResult<Value> {
                        return Value::Number(a[0].AsNumber().Abs()).Mark(a[0].marks());
                      });
  (*t)["ceil"] = Ceil(true);
  (*t)["floor"] = Ceil(false);
  (*t)["log"] = FloatBinary("num", "base", [](double x, double b) { return std::log(x) / std::log(b); });
  (*t)["pow"] = FloatBinary("num", "power", [](double x, double y) { return std::pow(x, y); });
  (*t)["max"] = MinMax(true);
  (*t)["min"] = MinMax(false);
  (*t)["parseint"] = ParseInt();
  (*t)["signum"] = Fn({Param("num", Type::Number())},
                         Static(Type::Number()),
                         [](const Args& a, const Type&) -> FuncResult<Value> {
                           std::string err;
                           auto i = ToInt(a[0], &err);
                           if (!i) return Err(err);
                           return Value::Int(*i < 0 ? -1 : (*i > 0 ? 1 : 0));
                         });
}

}  // namespace funcs::internal
