// Expression-closure functions (can, try) and partial evaluation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hcl/parse.h"

namespace {

using cty::Type;
using cty::Value;

struct Result {
  Value value;
  hcl::Diagnostics diags;
};

hcl::EvalContext Ctx() {
  hcl::EvalContext ctx;
  ctx.closure_functions = hcl::TryFunctions();
  ctx.variables["o"] = Value::Object({{"a", Value::Int(1)}, {"l", Value::Tuple({Value::String("x")})}});
  ctx.variables["u"] = Value::Unknown(Type::Number());
  ctx.variables["partly"] = Value::Object({{"k", Value::Unknown(Type::String())}});
  ctx.variables["secret"] = Value::String("pw").Mark(cty::kMarkSensitive);
  return ctx;
}

Result Eval(const std::string& src, const hcl::EvalContext& ctx) {
  auto p = hcl::ParseExpression(src, "t.hcl");
  EXPECT_FALSE(p.diags.HasErrors()) << src;
  auto r = p.expr->Value(&ctx);
  return {r.value, r.diags};
}

Result Eval(const std::string& src) { return Eval(src, Ctx()); }

std::string FirstError(const hcl::Diagnostics& d) {
  for (const auto& x : d)
    if (x.severity == hcl::Severity::kError) return x.summary + ": " + x.detail;
  return "";
}

TEST(TryFunc, FirstSuccessfulArgumentWins) {
  auto r = Eval("try(o.missing, o.a, 2)");
  ASSERT_FALSE(r.diags.HasErrors()) << FirstError(r.diags);
  EXPECT_TRUE(r.value.RawEquals(Value::Int(1)));
  EXPECT_TRUE(r.diags.empty()) << "diagnostics of failed attempts must be dropped";
}

TEST(TryFunc, ResultKeepsItsOwnType) {
  auto r = Eval("try(o.l, \"fallback\")");
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::Tuple({Value::String("x")})));
  r = Eval("try(o.nope, null)");
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::Null(Type::Dynamic())));
}

TEST(TryFunc, NoExpressionSucceededListsEveryFailure) {
  auto r = Eval("try(o.nope, nosuch)");
  ASSERT_TRUE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::DynamicVal()));
  std::string msg = FirstError(r.diags);
  EXPECT_NE(msg.find("Error in function call: Call to function \"try\" failed: no expression succeeded:\n"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("- Unsupported attribute (at t.hcl:1,6-11)\n  This object does not have an attribute named "
                     "\"nope\".\n"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("- Unknown variable (at t.hcl:1,13-19)\n  There is no variable named \"nosuch\"."),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("\n\nAt least one expression must produce a successful result."), std::string::npos) << msg;
}

TEST(TryFunc, NeedsAtLeastOneArgument) {
  auto r = Eval("try()");
  EXPECT_EQ(FirstError(r.diags), "Error in function call: Call to function \"try\" failed: at least one argument is "
                                 "required.");
}

TEST(TryFunc, UnknownReferenceMakesResultUnknown) {
  auto r = Eval("try(u, 1)");
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::DynamicVal())) << r.value.GoString();
  // Not wholly known (a nested unknown) counts too, like tryfunc's IsWhollyKnown.
  r = Eval("try(partly, 1)");
  EXPECT_TRUE(r.value.RawEquals(Value::DynamicVal())) << r.value.GoString();
  // An earlier success returns before a later unknown is looked at.
  r = Eval("try(1, u)");
  EXPECT_TRUE(r.value.RawEquals(Value::Int(1)));
}

TEST(TryFunc, SensitiveResultStaysSensitive) {
  auto r = Eval("try(secret, \"x\")");
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.IsSensitive());
}

TEST(CanFunc, TrueFalseUnknown) {
  auto r = Eval("can(o.a)");
  EXPECT_TRUE(r.value.RawEquals(Value::True()));
  r = Eval("can(o.nope)");
  ASSERT_FALSE(r.diags.HasErrors()) << "can() reports failure as false, not as an error";
  EXPECT_TRUE(r.value.RawEquals(Value::False()));
  r = Eval("can(u + 1)");
  EXPECT_TRUE(r.value.RawEquals(Value::Unknown(Type::Bool()))) << r.value.GoString();
  r = Eval("can(nosuch_function(1))");
  EXPECT_TRUE(r.value.RawEquals(Value::False()));
}

TEST(CanFunc, ArityErrors) {
  auto r = Eval("can()");
  EXPECT_EQ(FirstError(r.diags),
            "Not enough function arguments: Function \"can\" expects 1 argument(s). Missing value for \"expression\".");
  r = Eval("can(1, 2)");
  EXPECT_EQ(FirstError(r.diags), "Too many function arguments: Function \"can\" expects only 1 argument(s).");
}

TEST(ClosureFunction, ExpandedArgumentsBecomeLiterals) {
  auto r = Eval("try([o.a, 2]...)");
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::Int(1)));
  r = Eval("try(null...)");
  EXPECT_EQ(FirstError(r.diags),
            "Invalid expanding argument value: The expanding argument (indicated by ...) must not be null.");
}

TEST(ClosureFunction, CustomFunctionSeesExpressionAndContext) {
  hcl::EvalContext ctx = Ctx();
  hcl::ClosureFunction source_of;
  source_of.params = {"expr"};
  source_of.impl = [](const std::vector<hcl::ExpressionClosure>& args) -> cty::FuncResult<Value> {
    const hcl::Range& r = args[0].expression->range();
    hcl::Evaluated v = args[0].Value();
    if (v.diags.HasErrors()) return cty::FunctionError{"cannot evaluate", 0};
    return Value::String(std::to_string(r.start.column) + "-" + std::to_string(r.end.column));
  };
  ctx.closure_functions["where"] = source_of;
  auto r = Eval("where(o.a)", ctx);
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::String("7-10"))) << r.value.GoString();
  r = Eval("where(o.nope)", ctx);
  EXPECT_EQ(FirstError(r.diags), "Invalid function argument: Invalid value for \"expr\" parameter: cannot evaluate.");
}

TEST(ClosureFunction, NearerPlainFunctionShadowsClosureFunction) {
  hcl::EvalContext outer = Ctx();
  hcl::EvalContext inner = outer.NewChild();
  cty::FunctionSpec spec;
  spec.params = {cty::Parameter{"x", "", Type::Dynamic()}};
  spec.return_type = [](const std::vector<Value>&) -> cty::FuncResult<Type> { return Type::String(); };
  spec.impl = [](const std::vector<Value>&, const Type&) -> cty::FuncResult<Value> { return Value::String("plain"); };
  inner.functions["can"] = cty::Function(spec);
  auto r = Eval("can(1)", inner);
  EXPECT_TRUE(r.value.RawEquals(Value::String("plain")));
  EXPECT_EQ(inner.LookupClosureFunction("can"), nullptr);
  EXPECT_NE(outer.LookupClosureFunction("can"), nullptr);
}

TEST(ClosureFunction, UnknownFunctionSuggestsClosureNames) {
  auto r = Eval("tyr(1)");
  EXPECT_EQ(FirstError(r.diags), "Call to unknown function: There is no function named \"tyr\". Did you mean \"try\"?");
}

// ---- Partial evaluation ----

bool IsDependency(const std::string& root) { return root == "dependency"; }

TEST(PartialEval, MissingRootBecomesUnknownAndIsReported) {
  hcl::EvalContext ctx = Ctx();
  auto p = hcl::ParseExpression("\"${dependency.vpc.outputs.id}-${o.a}\"", "t.hcl");
  ASSERT_FALSE(p.diags.HasErrors());
  auto r = hcl::EvalPartial(*p.expr, ctx, IsDependency);
  ASSERT_FALSE(r.diags.HasErrors()) << FirstError(r.diags);
  EXPECT_TRUE(r.value.RawEquals(Value::Unknown(Type::String()))) << r.value.GoString();
  ASSERT_EQ(r.deferred.size(), 1u);
  ASSERT_EQ(r.deferred[0].steps.size(), 4u);
  EXPECT_EQ(r.deferred[0].RootName(), "dependency");
  EXPECT_EQ(r.deferred[0].steps[3].name, "id");
  EXPECT_EQ(r.deferred[0].SourceRange().ToString(), "t.hcl:1,4-29");
}

TEST(PartialEval, MissingOutputAttributeOfExistingRootIsDeferred) {
  hcl::EvalContext ctx = Ctx();
  ctx.variables["dependency"] = Value::Object({{"vpc", Value::Object({{"outputs", Value::EmptyObject()}})}});
  auto p = hcl::ParseExpression("dependency.vpc.outputs.id", "t.hcl");
  auto r = hcl::EvalPartial(*p.expr, ctx, IsDependency);
  ASSERT_FALSE(r.diags.HasErrors()) << FirstError(r.diags);
  EXPECT_TRUE(r.value.RawEquals(Value::DynamicVal()));
  EXPECT_EQ(r.deferred.size(), 1u);
}

TEST(PartialEval, OtherRootsStillFail) {
  hcl::EvalContext ctx = Ctx();
  auto p = hcl::ParseExpression("local.x", "t.hcl");
  auto r = hcl::EvalPartial(*p.expr, ctx, IsDependency);
  EXPECT_EQ(FirstError(r.diags), "Unknown variable: There is no variable named \"local\".");
  EXPECT_TRUE(r.deferred.empty());
  // And so does a deferrable root that resolves fine: nothing is deferred.
  ctx.variables["dependency"] = Value::Object({{"x", Value::Int(3)}});
  p = hcl::ParseExpression("dependency.x + 1", "t.hcl");
  r = hcl::EvalPartial(*p.expr, ctx, IsDependency);
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::Int(4)));
  EXPECT_TRUE(r.deferred.empty());
}

TEST(PartialEval, UnknownsFlowThroughOperatorsForAndTry) {
  hcl::EvalContext ctx = Ctx();
  struct C {
    const char* src;
    Value want;
  };
  for (const C& c : {C{"dependency.a.outputs.n + 1", Value::Unknown(Type::Number())},
                     C{"dependency.a.outputs.ok ? 1 : 2", Value::Unknown(Type::Number())},
                     C{"[for x in dependency.a.outputs.list : x]", Value::DynamicVal()},
                     C{"try(dependency.a.outputs.id, \"fallback\")", Value::DynamicVal()},
                     C{"can(dependency.a.outputs.id)", Value::Unknown(Type::Bool())},
                     C{"dependency.a.outputs.list[0]", Value::DynamicVal()}}) {
    auto p = hcl::ParseExpression(c.src, "t.hcl");
    ASSERT_FALSE(p.diags.HasErrors()) << c.src;
    auto r = hcl::EvalPartial(*p.expr, ctx, IsDependency);
    ASSERT_FALSE(r.diags.HasErrors()) << c.src << ": " << FirstError(r.diags);
    EXPECT_TRUE(r.value.RawEquals(c.want)) << c.src << " = " << r.value.GoString();
    EXPECT_FALSE(r.deferred.empty()) << c.src;
  }
}

TEST(PartialEval, OffByDefault) {
  hcl::EvalContext ctx = Ctx();
  auto r = Eval("dependency.a.outputs.id", ctx);
  EXPECT_EQ(FirstError(r.diags), "Unknown variable: There is no variable named \"dependency\".");
  EXPECT_EQ(ctx.LookupPartial(), nullptr);
}

}  // namespace
