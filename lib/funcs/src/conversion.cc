// Type conversion and sensitivity functions (OpenTofu lang/funcs
// conversion.go and sensitive.go): tobool tolist tomap tonumber toset
// tostring sensitive nonsensitive issensitive.
#include "internal.h"

namespace funcs::internal {
namespace {

// convert.MismatchMessage, obtained from the converter itself.
std::string Mismatch(const Type& got, const Type& want) {
  auto r = cty::Convert(Value::Unknown(got), want);
  return r.ok() ? std::string() : r.error().message;
}

Function MakeTo(const Type& want) {
  const unsigned flags = kAllowNull | kAllowMarked | kAllowDynamic;
  return Fn(
      {Param("v", Type::Dynamic(), flags)},
      [want](const Args& a) -> FuncResult<Type> {
        const Type& got = a[0].type();
        if (got == want || cty::CanConvertUnsafe(got, want)) return want;
        if (got.IsTuple() && want.IsTuple()) {
          return ArgErr(0, "incompatible tuple type for conversion: " + Mismatch(got, want));
        }
        if (got.IsObject() && want.IsObject()) {
          return ArgErr(0, "incompatible object type for conversion: " + Mismatch(got, want));
        }
        return ArgErr(0, "cannot convert " + got.FriendlyName() + " to " + want.FriendlyNameForConstraint());
      },
      [want](const Args& a, const Type& ret) -> FuncResult<Value> {
        auto r = cty::Convert(a[0], ret);
        if (r.ok()) return r.value();
        Value v = a[0].UnmarkDeep();
        const Type& got = v.type();
        std::vector<std::pair<cty::Path, cty::Marks>> marks;
        a[0].UnmarkDeep(&marks);
        bool sensitive = false;
        for (const auto& pm : marks) sensitive |= (pm.second & cty::kMarkSensitive) != 0;
        if (sensitive) {
          return ArgErr(0, "cannot convert this sensitive " + got.FriendlyName() + " to " +
                               want.FriendlyNameForConstraint());
        }
        if (got == Type::String() && (want == Type::Bool() || want == Type::Number())) {
          std::string what = v.IsNull() ? "string" : GoQuote(v.AsString());
          if (want == Type::Bool()) {
            return ArgErr(0, "cannot convert " + what + " to bool; only the strings \"true\" or \"false\" are allowed");
          }
          return ArgErr(0, "cannot convert " + what +
                               " to number; given string must be a decimal representation of a number");
        }
        return ArgErr(0, "cannot convert " + got.FriendlyName() + " to " + want.FriendlyNameForConstraint());
      },
      false);
}

Function MarkFn(bool sensitive) {
  return Fn({Param("value", Type::Dynamic(), kAllowUnknown | kAllowNull | kAllowMarked | kAllowDynamic)},
            [](const Args& a) -> FuncResult<Type> { return a[0].type(); },
            [sensitive](const Args& a, const Type&) -> FuncResult<Value> {
              Value v = a[0].Unmark();
              if (sensitive) return v.Mark(cty::kMarkSensitive);
              cty::Marks rest = a[0].marks() & static_cast<cty::Marks>(~cty::kMarkSensitive);
              return rest ? v.Mark(rest) : v;
            },
            false);
}

}  // namespace

void AddConversion(cty::FunctionTable* t) {
  (*t)["tobool"] = MakeTo(Type::Bool());
  (*t)["tonumber"] = MakeTo(Type::Number());
  (*t)["tostring"] = MakeTo(Type::String());
  (*t)["tolist"] = MakeTo(Type::List(Type::Dynamic()));
  (*t)["toset"] = MakeTo(Type::Set(Type::Dynamic()));
  (*t)["tomap"] = MakeTo(Type::Map(Type::Dynamic()));
  (*t)["sensitive"] = MarkFn(true);
  (*t)["nonsensitive"] = MarkFn(false);
  (*t)["issensitive"] =
      Fn({Param("value", Type::Dynamic(), kAllowUnknown | kAllowNull | kAllowMarked | kAllowDynamic)},
         Static(Type::Bool()),
         [](const Args& a, const Type&) -> FuncResult<Value> { return Value::Bool(a[0].IsSensitive()); }, false);
}

}  // namespace funcs::internal
