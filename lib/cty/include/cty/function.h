// cty::Function: a typed function over cty values (go-cty's function
// package), the unit the HCL evaluator calls and lib/funcs provides.
//
// A Function has positional parameters, an optional variadic parameter, a
// return-type callback and an implementation. Call() does what go-cty's
// Function.Call does, in this order:
//   1. arity check ("Not enough function arguments"/"Too many function
//      arguments", with the expected count);
//   2. each argument is converted to its parameter type (Convert); a
//      failure is an ArgError for that argument index;
//   3. null arguments are an ArgError ("argument must not be null") unless
//      the parameter has allow_null; an unknown argument (the argument
//      itself, not nested values: go-cty checks IsKnown) makes the result an
//      unknown of the return type without calling impl, unless
//      allow_unknown; marked arguments are unmarked (deeply) before impl and
//      their marks are re-applied to the result (also to an early unknown
//      result), unless allow_marked;
//   4. return_type(args) decides the result type; impl(args, type) computes
//      the value; refine_result (go-cty RefineResult) refines an unknown
//      result.
//
// Thread safety: immutable after construction; Call is safe concurrently.
#ifndef EDP_CTY_FUNCTION_H_
#define EDP_CTY_FUNCTION_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"

namespace cty {

struct Parameter {
  std::string name;
  std::string description;
  Type type;                 // a type constraint (Dynamic = any)
  bool allow_null = false;
  bool allow_unknown = false;
  bool allow_dynamic_type = false;  // accept values whose type is Dynamic (unknown)
  bool allow_marked = false;
};

// A failed call. `arg_index` names the argument at fault (-1: the call as a
// whole), so HCL can point at that argument's source range.
struct FunctionError {
  std::string message;
  int arg_index = -1;
};

template <typename T>
class FuncResult {
 public:
  FuncResult(T v) : ok_(true), value_(std::move(v)) {}            // NOLINT
  FuncResult(FunctionError e) : ok_(false), error_(std::move(e)) {}  // NOLINT
  bool ok() const { return ok_; }
  const T& value() const { return value_; }
  const FunctionError& error() const { return error_; }

 private:
  bool ok_;
  T value_{};
  FunctionError error_;
};

struct FunctionSpec {
  std::string description;
  std::vector<Parameter> params;
  std::optional<Parameter> var_param;
  // Result type from the (converted) arguments, which may be unknown.
  std::function<FuncResult<Type>(const std::vector<Value>& args)> return_type;
  // Computes the result. Arguments are converted, known (unless the
  // parameter allows unknowns), non-null (unless allowed) and unmarked
  // (unless allow_marked).
  std::function<FuncResult<Value>(const std::vector<Value>& args, const Type& ret)> impl;
  // Optional (go-cty RefineResult): adds what is known about the result to
  // an unknown result's refinements, e.g. `r->not_null = true`. Not applied
  // to unknowns of type Dynamic, which cty cannot refine.
  std::function<void(Refinements* r)> refine_result;
};

class Function {
 public:
  Function() = default;
  explicit Function(FunctionSpec spec);

  FuncResult<Value> Call(const std::vector<Value>& args) const;
  FuncResult<Type> ReturnType(const std::vector<Type>& arg_types) const;

  const std::vector<Parameter>& params() const;
  const std::optional<Parameter>& var_param() const;
  const std::string& description() const;
  bool valid() const { return spec_ != nullptr; }

 private:
  std::shared_ptr<const FunctionSpec> spec_;
};

using FunctionTable = std::map<std::string, Function>;

}  // namespace cty

#endif  // EDP_CTY_FUNCTION_H_
