// cty::Function: go-cty's function.Function.Call / ReturnTypeForValues.
//
// Differences from go-cty, all deliberate:
//   * Call converts each argument to its parameter type first (HCL's
//     FunctionCallExpr does this before calling go-cty, which only tests
//     conformance); a failed conversion is an ArgError carrying cty's
//     conversion message.
//   * A variadic argument's ArgError names the argument's real index (go-cty
//     passes the index within the variadic tail, a known bug).
//   * A result that does not conform to the return type is an error, not a
//     panic.
// Arity errors come back with arg_index -1; HCL callers that want tofu's
// exact diagnostic ("Function %q expects ...") check params()/var_param()
// themselves before calling.
#include "cty/function.h"

#include <string>
#include <utility>

#include "cty/convert.h"

namespace cty {
namespace {

// go-cty Type.TestConformance, reduced to a yes/no answer: Dynamic in `want`
// matches anything.
bool Conforms(const Type& have, const Type& want) {
  if (want.IsDynamic()) return true;
  if (have.kind() != want.kind()) return false;
  switch (want.kind()) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      return Conforms(have.element(), want.element());
    case Kind::kObject: {
      const auto& ha = have.attributes();
      const auto& wa = want.attributes();
      if (ha.size() != wa.size()) return false;
      for (const auto& [name, t] : wa) {
        auto it = ha.find(name);
        if (it == ha.end() || !Conforms(it->second, t)) return false;
      }
      return true;
    }
    case Kind::kTuple: {
      const auto& he = have.tuple_elements();
      const auto& we = want.tuple_elements();
      if (he.size() != we.size()) return false;
      for (size_t i = 0; i < we.size(); ++i) {
        if (!Conforms(he[i], we[i])) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

std::string ArityMessage(const FunctionSpec& spec, size_t given) {
  size_t want = spec.params.size();
  if (given < want) {
    return std::string("Not enough function arguments: the function expects ") + (spec.var_param ? "at least " : "") +
           std::to_string(want) + " argument(s). Missing value for \"" + spec.params[given].name + "\".";
  }
  return "Too many function arguments: the function expects only " + std::to_string(want) + " argument(s).";
}

const Parameter& ParamFor(const FunctionSpec& spec, size_t i) {
  return i < spec.params.size() ? spec.params[i] : *spec.var_param;
}

// ReturnTypeForValues, after the arity check.
FuncResult<Type> TypeForValues(const FunctionSpec& spec, const std::vector<Value>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const Parameter& p = ParamFor(spec, i);
    Value v = args[i];
    if (!p.allow_marked && v.ContainsMarked()) v = v.UnmarkDeep();
    if (v.IsNull() && !p.allow_null) {
      return FunctionError{"argument must not be null", static_cast<int>(i)};
    }
    if (v.type().IsDynamic()) {
      if (!p.allow_dynamic_type) return Type::Dynamic();
    } else if (!Conforms(v.type(), p.type)) {
      return FunctionError{p.type.FriendlyNameForConstraint() + " required", static_cast<int>(i)};
    }
  }
  if (!spec.return_type) return Type::Dynamic();
  return spec.return_type(args);
}

// Applies spec.refine_result to an unknown, non-Dynamic result (marks kept).
Value Refine(const FunctionSpec& spec, const Value& v) {
  if (!spec.refine_result || v.IsKnown() || v.type().IsDynamic()) return v;
  Refinements r = v.refinements();
  spec.refine_result(&r);
  Value out = Value::Unknown(v.type(), std::move(r));
  return v.marks() ? out.Mark(v.marks()) : out;
}

}  // namespace

Function::Function(FunctionSpec spec) : spec_(std::make_shared<const FunctionSpec>(std::move(spec))) {}

const std::vector<Parameter>& Function::params() const { return spec_->params; }
const std::optional<Parameter>& Function::var_param() const { return spec_->var_param; }
const std::string& Function::description() const { return spec_->description; }

FuncResult<Type> Function::ReturnType(const std::vector<Type>& arg_types) const {
  const FunctionSpec& spec = *spec_;
  size_t n = arg_types.size();
  if (n < spec.params.size() || (!spec.var_param && n > spec.params.size())) {
    return FunctionError{ArityMessage(spec, n), -1};
  }
  std::vector<Value> vals;
  vals.reserve(n);
  for (const Type& t : arg_types) vals.push_back(Value::Unknown(t));
  return TypeForValues(spec, vals);
}

FuncResult<Value> Function::Call(const std::vector<Value>& in_args) const {
  const FunctionSpec& spec = *spec_;
  size_t n = in_args.size();
  if (n < spec.params.size() || (!spec.var_param && n > spec.params.size())) {
    return FunctionError{ArityMessage(spec, n), -1};
  }

  std::vector<Value> args;
  args.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const Parameter& p = ParamFor(spec, i);
    Result<Value> conv = Convert(in_args[i], p.type);
    if (!conv.ok()) return FunctionError{conv.error().message, static_cast<int>(i)};
    args.push_back(std::move(conv).value());
  }

  FuncResult<Type> ret = TypeForValues(spec, args);
  if (!ret.ok()) return ret.error();
  const Type& expected = ret.value();

  // Unknown short-circuit and unmarking; marks are collected over all
  // arguments first so an early unknown result still carries them.
  bool return_unknown = false;
  Marks result_marks = kMarkNone;
  for (size_t i = 0; i < n; ++i) {
    const Parameter& p = ParamFor(spec, i);
    if (!p.allow_unknown && !args[i].IsKnown()) return_unknown = true;
    if (!p.allow_marked && args[i].ContainsMarked()) {
      std::vector<std::pair<Path, Marks>> paths;
      args[i] = args[i].UnmarkDeep(&paths);
      for (const auto& pm : paths) result_marks |= pm.second;
    }
  }
  if (return_unknown) {
    Value u = Refine(spec, Value::Unknown(expected));
    return result_marks ? u.Mark(result_marks) : u;
  }

  if (!spec.impl) return FunctionError{"function has no implementation", -1};
  FuncResult<Value> out = spec.impl(args, expected);
  if (!out.ok()) return out;
  Value v = out.value();
  if (!Conforms(v.type(), expected)) {
    return FunctionError{"function returned a value of type " + v.type().GoString() +
                             ", which does not conform to its return type " + expected.GoString(),
                         -1};
  }
  v = Refine(spec, v);
  if (result_marks) v = v.Mark(result_marks);
  return v;
}

}  // namespace cty
