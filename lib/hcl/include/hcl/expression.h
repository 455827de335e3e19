// hcl expressions: the native-syntax AST and its evaluation (hclsyntax
// expression*.go).
//
// An Expression is produced by the parser and owned by its parent (or by a
// File/Attribute). Value(ctx) evaluates it to a cty::Value with HCL's exact
// semantics; the result is always usable: on error it is an unknown value of
// the best-known type (usually cty::Value::DynamicVal()) and the diagnostics
// say what went wrong. Unknown operands yield unknown results without new
// diagnostics; sensitive marks propagate.
//
// Thread safety: the AST is immutable after parsing; concurrent Value() calls
// are safe as long as each EvalContext is not modified meanwhile.
#ifndef EDP_HCL_EXPRESSION_H_
#define EDP_HCL_EXPRESSION_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cty/function.h"
#include "cty/value.h"
#include "hcl/diagnostic.h"
#include "hcl/pos.h"

namespace hcl {

class Expression;
struct EvalContext;
struct Traversal;

// Result of evaluation: the value (usable even on error) plus diagnostics.
struct [[nodiscard]] Evaluated {
  cty::Value value;
  Diagnostics diags;
};

// An unevaluated function argument together with the context it would be
// evaluated in (hcl ext/customdecode's ExpressionClosure). Both pointers are
// borrowed for the duration of the call only.
struct ExpressionClosure {
  const Expression* expression = nullptr;
  const EvalContext* context = nullptr;
  // Evaluates the expression in its context.
  Evaluated Value() const;
};

// A function whose arguments are all expression closures, for functions
// that must see evaluation errors instead of failing with them (hcl
// ext/tryfunc's can and try). Called by FunctionCallExpr after the arity
// check (same messages as for cty functions); an error with arg_index >= 0
// is reported on that argument ("Invalid function argument"), otherwise as
// "Error in function call" / "Call to function NAME failed: MESSAGE.".
struct ClosureFunction {
  std::vector<std::string> params;        // names of the positional parameters
  std::optional<std::string> var_param;   // name of the variadic parameter, if any
  std::function<cty::FuncResult<cty::Value>(const std::vector<ExpressionClosure>& args)> impl;
};
using ClosureFunctionTable = std::map<std::string, ClosureFunction>;

// Partial evaluation (used by the orchestrator to evaluate configuration
// before everything it refers to exists, e.g. `dependency.x.outputs.y`
// before x has been applied): when `defer_root(name)` returns true for the
// root name of a scope traversal that cannot be resolved (the variable is
// missing, or one of the traversal's steps fails on it), the traversal
// evaluates to an unknown value of dynamic type instead of an error, and
// is appended to `*deferred` (if set). Unknown results then propagate as
// usual (operators, conditionals and can/try see an unknown value).
struct PartialEvaluation {
  std::function<bool(const std::string& root_name)> defer_root;
  // Not owned; appended to during evaluation, so one collector must not be
  // shared by concurrent evaluations.
  std::vector<Traversal>* deferred = nullptr;
};

// Variables and functions visible to an expression. Lookups fall back to the
// parent chain. `parent` is not owned and must outlive this context.
struct EvalContext {
  std::map<std::string, cty::Value> variables;
  cty::FunctionTable functions;
  // Functions taking expression closures (see ClosureFunction). A name
  // found in `closure_functions` wins over the same name in `functions` of
  // the same context; a nearer context wins over its parents.
  ClosureFunctionTable closure_functions;
  // Off unless `partial.defer_root` is set (looked up along the parent
  // chain like variables).
  PartialEvaluation partial;
  const EvalContext* parent = nullptr;

  const cty::Value* LookupVariable(const std::string& name) const;
  const cty::Function* LookupFunction(const std::string& name) const;
  const ClosureFunction* LookupClosureFunction(const std::string& name) const;
  // The nearest partial-evaluation setting, or null when it is off.
  const PartialEvaluation* LookupPartial() const;
  // A child context whose parent is this one.
  EvalContext NewChild() const;
};

// can and try (hcl ext/tryfunc), plus "core::can" and "core::try" as tofu
// registers them:
//   try(e1, e2, ...) returns the value of the first argument that evaluates
//     without errors (its diagnostics dropped); if an argument refers to a
//     value that is not wholly known, the result is an unknown of dynamic
//     type; if none succeeds the call fails with "no expression
//     succeeded:" and each failure's summary, position and detail.
//   can(e) is true if e evaluates without errors, false if it does not, and
//     an unknown bool if e refers to values that are not wholly known.
ClosureFunctionTable TryFunctions();

// One step of a traversal: a.b (attribute) or a[0] / a["k"] (index with a
// constant key).
struct TraverseStep {
  enum class Kind { kRoot, kAttr, kIndex };
  Kind kind = Kind::kAttr;
  std::string name;  // kRoot, kAttr
  cty::Value key;    // kIndex
  Range range;
};

// A root name followed by steps (hcl.Traversal). A relative traversal has no
// root step.
struct Traversal {
  std::vector<TraverseStep> steps;
  bool IsRelative() const { return steps.empty() || steps[0].kind != TraverseStep::Kind::kRoot; }
  const std::string& RootName() const { return steps[0].name; }  // REQUIRES: !IsRelative()
  Range SourceRange() const;
};

enum class ExprKind {
  kLiteral, kScopeTraversal, kRelativeTraversal, kFunctionCall, kConditional, kIndex,
  kTupleCons, kObjectCons, kObjectConsKey, kTemplate, kTemplateWrap, kTemplateJoin,
  kFor, kSplat, kAnonSymbol, kParentheses, kUnaryOp, kBinaryOp,
  kJSON,  // hcl::JSONExpr (hcl/json.h)
};

class Expression;
using ExprPtr = std::unique_ptr<Expression>;

class Expression {
 public:
  explicit Expression(ExprKind kind, Range range) : kind_(kind), range_(std::move(range)) {}
  virtual ~Expression() = default;
  Expression(const Expression&) = delete;
  Expression& operator=(const Expression&) = delete;

  ExprKind kind() const { return kind_; }
  const Range& range() const { return range_; }
  // The range of the leading part (for "on X line N" snippets).
  virtual Range StartRange() const { return range_; }
  // `ctx` may be null: then any variable reference or function call is an
  // error ("Variables not allowed" / "Function calls not allowed").
  virtual Evaluated Value(const EvalContext* ctx) const = 0;
  // Calls fn on each direct child expression.
  virtual void WalkChildren(const std::function<void(const Expression&)>& fn) const = 0;

 private:
  ExprKind kind_;
  Range range_;
};

// Statically determined variable references (hcl.Variables): every scope
// traversal in `expr` whose root is not a local symbol of an enclosing for
// expression, in source order.
std::vector<Traversal> Variables(const Expression& expr);

// hcl.Traversal.TraverseAbs: the value `t` (absolute) refers to in `ctx`,
// with "Unknown variable"/"Unsupported attribute"-style errors. Honours
// partial evaluation like a ScopeTraversalExpr does.
Evaluated TraverseAbs(const Traversal& t, const EvalContext* ctx);

// Evaluates `expr` in `ctx` with partial evaluation on for the root names
// `defer_root` accepts (see PartialEvaluation). `deferred` receives the
// traversals that evaluated to unknown because of that, in evaluation
// order (a traversal evaluated twice is listed twice).
struct [[nodiscard]] PartialResult {
  cty::Value value;
  Diagnostics diags;
  std::vector<Traversal> deferred;
};
PartialResult EvalPartial(const Expression& expr, const EvalContext& ctx,
                          std::function<bool(const std::string& root_name)> defer_root);

// ---- Node types (hclsyntax names) ----

class LiteralValueExpr final : public Expression {
 public:
  LiteralValueExpr(cty::Value v, Range r) : Expression(ExprKind::kLiteral, std::move(r)), val(std::move(v)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>&) const override {}
  cty::Value val;
};

class ScopeTraversalExpr final : public Expression {
 public:
  ScopeTraversalExpr(Traversal t, Range r) : Expression(ExprKind::kScopeTraversal, std::move(r)), traversal(std::move(t)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>&) const override {}
  Traversal traversal;
};

class RelativeTraversalExpr final : public Expression {
 public:
  RelativeTraversalExpr(ExprPtr src, Traversal t, Range r)
      : Expression(ExprKind::kRelativeTraversal, std::move(r)), source(std::move(src)), traversal(std::move(t)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*source); }
  ExprPtr source;
  Traversal traversal;
};

class FunctionCallExpr final : public Expression {
 public:
  FunctionCallExpr(Range r) : Expression(ExprKind::kFunctionCall, std::move(r)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override {
    for (const auto& a : args) fn(*a);
  }
  Range StartRange() const override { return Range::Between(name_range, open_paren_range); }
  Evaluated CallClosureFunction(const ClosureFunction& fn, const EvalContext* ctx) const;
  std::string name;  // may contain "::" for provider functions
  std::vector<ExprPtr> args;
  bool expand_final = false;  // f(args...)
  Range name_range, open_paren_range, close_paren_range;
};

class ConditionalExpr final : public Expression {
 public:
  ConditionalExpr(ExprPtr c, ExprPtr t, ExprPtr f, Range r)
      : Expression(ExprKind::kConditional, std::move(r)), condition(std::move(c)), true_result(std::move(t)), false_result(std::move(f)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override {
    fn(*condition); fn(*true_result); fn(*false_result);
  }
  Range StartRange() const override { return condition->StartRange(); }
  ExprPtr condition, true_result, false_result;
};

class IndexExpr final : public Expression {
 public:
  IndexExpr(ExprPtr c, ExprPtr k, Range r, Range bracket)
      : Expression(ExprKind::kIndex, std::move(r)), collection(std::move(c)), key(std::move(k)), bracket_range(std::move(bracket)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*collection); fn(*key); }
  Range StartRange() const override { return collection->StartRange(); }
  ExprPtr collection, key;
  Range bracket_range;
};

class TupleConsExpr final : public Expression {
 public:
  TupleConsExpr(Range r, Range open) : Expression(ExprKind::kTupleCons, std::move(r)), open_range(std::move(open)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override {
    for (const auto& e : exprs) fn(*e);
  }
  Range StartRange() const override { return open_range; }
  std::vector<ExprPtr> exprs;
  Range open_range;
};

// An object key: a bare identifier is the literal string unless wrapped in
// parentheses (force_non_literal).
class ObjectConsKeyExpr final : public Expression {
 public:
  ObjectConsKeyExpr(ExprPtr w, bool force, Range r)
      : Expression(ExprKind::kObjectConsKey, std::move(r)), wrapped(std::move(w)), force_non_literal(force) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*wrapped); }
  // The bare identifier if the key is one (and not forced), else nullopt.
  std::optional<std::string> LiteralName() const;
  ExprPtr wrapped;
  bool force_non_literal;
};

class ObjectConsExpr final : public Expression {
 public:
  struct Item {
    ExprPtr key;  // usually ObjectConsKeyExpr
    ExprPtr value;
  };
  ObjectConsExpr(Range r, Range open) : Expression(ExprKind::kObjectCons, std::move(r)), open_range(std::move(open)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override {
    for (const auto& i : items) { fn(*i.key); fn(*i.value); }
  }
  Range StartRange() const override { return open_range; }
  std::vector<Item> items;
  Range open_range;
};

// A template: literal and interpolated parts concatenated into a string.
class TemplateExpr final : public Expression {
 public:
  TemplateExpr(Range r) : Expression(ExprKind::kTemplate, std::move(r)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override {
    for (const auto& p : parts) fn(*p);
  }
  bool IsStringLiteral() const;
  std::vector<ExprPtr> parts;
};

// "${expr}" alone: the value of expr, not converted to string.
class TemplateWrapExpr final : public Expression {
 public:
  TemplateWrapExpr(ExprPtr w, Range r) : Expression(ExprKind::kTemplateWrap, std::move(r)), wrapped(std::move(w)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*wrapped); }
  ExprPtr wrapped;
};

// Joins the string elements of a tuple (the desugared %{for} directive).
class TemplateJoinExpr final : public Expression {
 public:
  TemplateJoinExpr(ExprPtr t, Range r) : Expression(ExprKind::kTemplateJoin, std::move(r)), tuple(std::move(t)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*tuple); }
  ExprPtr tuple;
};

class ForExpr final : public Expression {
 public:
  ForExpr(Range r) : Expression(ExprKind::kFor, std::move(r)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override;
  std::string key_var;  // empty if absent
  std::string val_var;
  ExprPtr coll_expr;
  ExprPtr key_expr;  // null for tuple form
  ExprPtr val_expr;
  ExprPtr cond_expr;  // may be null
  bool group = false;  // `...`
  Range open_range, close_range;
};

// The placeholder for "each element" inside a splat's Each expression.
class AnonSymbolExpr final : public Expression {
 public:
  explicit AnonSymbolExpr(Range r) : Expression(ExprKind::kAnonSymbol, std::move(r)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>&) const override {}
};

class SplatExpr final : public Expression {
 public:
  SplatExpr(Range r) : Expression(ExprKind::kSplat, std::move(r)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*source); fn(*each); }
  Range StartRange() const override { return source->StartRange(); }
  ExprPtr source;
  ExprPtr each;             // evaluated with `item` bound to each element
  const AnonSymbolExpr* item = nullptr;  // owned inside `each`
  Range marker_range;
};

class ParenthesesExpr final : public Expression {
 public:
  ParenthesesExpr(ExprPtr e, Range r) : Expression(ExprKind::kParentheses, std::move(r)), expr(std::move(e)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*expr); }
  ExprPtr expr;
};

enum class Operation {
  kOr, kAnd, kEqual, kNotEqual, kGreaterThan, kGreaterThanOrEqual, kLessThan, kLessThanOrEqual,
  kAdd, kSubtract, kMultiply, kDivide, kModulo, kLogicalNot, kNegate,
};

class UnaryOpExpr final : public Expression {
 public:
  UnaryOpExpr(Operation o, ExprPtr v, Range r, Range sym)
      : Expression(ExprKind::kUnaryOp, std::move(r)), op(o), val(std::move(v)), symbol_range(std::move(sym)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*val); }
  Operation op;
  ExprPtr val;
  Range symbol_range;
};

class BinaryOpExpr final : public Expression {
 public:
  BinaryOpExpr(ExprPtr l, Operation o, ExprPtr r2, Range r)
      : Expression(ExprKind::kBinaryOp, std::move(r)), lhs(std::move(l)), op(o), rhs(std::move(r2)) {}
  Evaluated Value(const EvalContext* ctx) const override;
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override { fn(*lhs); fn(*rhs); }
  Range StartRange() const override { return lhs->StartRange(); }
  ExprPtr lhs;
  Operation op;
  ExprPtr rhs;
};

}  // namespace hcl

#endif  // EDP_HCL_EXPRESSION_H_
