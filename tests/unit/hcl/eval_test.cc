// Evaluator tests: exact values and diagnostics (hcl semantics).
#include <gtest/gtest.h>

#include <string>

#include "cty/convert.h"
#include "hcl/body.h"
#include "hcl/parse.h"

namespace {

using cty::Value;

hcl::EvalContext Ctx() {
  hcl::EvalContext ctx;
  ctx.variables["n"] = Value::Int(5);
  ctx.variables["s"] = Value::String("hi");
  ctx.variables["l"] = Value::List(cty::Type::Number(), {Value::Int(1), Value::Int(2)});
  ctx.variables["o"] = Value::Object({{"a", Value::Int(1)}, {"b", Value::String("x")}});
  ctx.variables["objs"] = Value::Tuple({Value::Object({{"id", Value::String("a")}}),
                                        Value::Object({{"id", Value::String("b")}})});
  ctx.variables["u"] = Value::Unknown(cty::Type::Number());
  ctx.variables["secret"] = Value::String("pw").Mark(cty::kMarkSensitive);
  return ctx;
}

struct Case {
  const char* expr;
  Value want;
};

class HclEvalValues : public ::testing::TestWithParam<Case> {};

TEST_P(HclEvalValues, ExactValue) {
  auto p = hcl::ParseExpression(GetParam().expr, "e.hcl");
  ASSERT_TRUE(p.diags.empty()) << GetParam().expr << ": " << p.diags[0].summary << " " << p.diags[0].detail;
  auto ctx = Ctx();
  auto r = p.expr->Value(&ctx);
  ASSERT_FALSE(r.diags.HasErrors()) << GetParam().expr << ": " << r.diags[0].summary << " " << r.diags[0].detail;
  EXPECT_TRUE(r.value.RawEquals(GetParam().want))
      << GetParam().expr << " = " << r.value.GoString() << ", want " << GetParam().want.GoString();
}

Value Str(const char* s) { return Value::String(s); }
Value Num(int64_t n) { return Value::Int(n); }

INSTANTIATE_TEST_SUITE_P(
    Cases, HclEvalValues,
    ::testing::Values(
        Case{"1 + 2 * 3", Num(7)}, Case{"(1 + 2) * 3", Num(9)}, Case{"-n + 1", Num(-4)},
        Case{"7 % 4", Num(3)}, Case{"1 < 2 && !false", Value::True()}, Case{"1 == 1.0", Value::True()},
        Case{"\"a\" != \"b\"", Value::True()}, Case{"true || false", Value::True()},
        Case{"n > 3 ? \"big\" : \"small\"", Str("big")}, Case{"true ? 1 : \"x\"", Str("1")},
        Case{"\"${s} there\"", Str("hi there")}, Case{"\"${n}\"", Num(5)}, Case{"\"$${s}\"", Str("${s}")},
        Case{"\"a\\tb\\u00e9\"", Str("a\tb\xC3\xA9")}, Case{"l[1]", Num(2)}, Case{"l.0", Num(1)},
        Case{"o.b", Str("x")}, Case{"o[\"a\"]", Num(1)}, Case{"objs[*].id", Value::Tuple({Str("a"), Str("b")})},
        Case{"objs.*.id", Value::Tuple({Str("a"), Str("b")})},
        Case{"o.*.a", Value::Tuple({Num(1)})}, Case{"null[*]", Value::EmptyTuple()},
        Case{"[for x in l : x * 2]", Value::Tuple({Num(2), Num(4)})},
        Case{"[for i, x in l : i if x > 1]", Value::Tuple({Num(1)})},
        Case{"{for k, v in o : k => v}", Value::Object({{"a", Num(1)}, {"b", Str("x")}})},
        Case{"{for x in [\"a\", \"b\", \"a\"] : x => x...}",
             Value::Object({{"a", Value::Tuple({Str("a"), Str("a")})}, {"b", Value::Tuple({Str("b")})}})},
        Case{"{a = 1, \"b\" = 2, (s) = 3}", Value::Object({{"a", Num(1)}, {"b", Num(2)}, {"hi", Num(3)}})},
        Case{"[1, \"a\", true]", Value::Tuple({Num(1), Str("a"), Value::True()})},
        Case{"\"%{ if n > 1 }yes%{ else }no%{ endif }\"", Str("yes")},
        Case{"\"%{ for x in l }<${x}>%{ endfor }\"", Str("<1><2>")},
        Case{"\"a ${~ \" b \" ~} c\"", Str("a b c")},
        Case{"<<-EOT\n    a\n      b\n    EOT\n", Str("a\n  b\n")},
        Case{"<<EOT\nx ${s}\nEOT\n", Str("x hi\n")},
        Case{"u + 1", Value::Unknown(cty::Type::Number())},
        Case{"null == null", Value::True()},
        Case{"secret == \"pw\"", Value::True().Mark(cty::kMarkSensitive)}));

struct ErrCase {
  const char* expr;
  const char* summary;
  const char* detail;
  const char* subject;
};

class HclEvalErrors : public ::testing::TestWithParam<ErrCase> {};

TEST_P(HclEvalErrors, ExactDiagnostic) {
  auto p = hcl::ParseExpression(GetParam().expr, "e.hcl");
  ASSERT_TRUE(p.diags.empty()) << GetParam().expr;
  auto ctx = Ctx();
  auto r = p.expr->Value(&ctx);
  ASSERT_EQ(r.diags.size(), 1u) << GetParam().expr;
  EXPECT_EQ(r.diags[0].summary, GetParam().summary);
  EXPECT_EQ(r.diags[0].detail, GetParam().detail);
  EXPECT_EQ(r.diags[0].subject->ToString(), GetParam().subject);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HclEvalErrors,
    ::testing::Values(
        ErrCase{"o.c", "Unsupported attribute", "This object does not have an attribute named \"c\".", "e.hcl:1,2-4"},
        ErrCase{"l[5]", "Invalid index",
                "The given key does not identify an element in this collection value: the given index is greater than "
                "or equal to the length of the collection.",
                "e.hcl:1,2-5"},
        ErrCase{"nn", "Unknown variable", "There is no variable named \"nn\". Did you mean \"n\"?", "e.hcl:1,1-3"},
        ErrCase{"1 + \"a\"", "Invalid operand", "Unsuitable value for right operand: a number is required.",
                "e.hcl:1,5-8"},
        ErrCase{"\"a${null}\"", "Invalid template interpolation value",
                "The expression result is null. Cannot include a null value in a string template.", "e.hcl:1,5-9"},
        ErrCase{"{for x in [\"a\", \"a\"] : x => 1}", "Duplicate object key",
                "Two different items produced the key \"a\" in this 'for' expression. If duplicates are expected, use "
                "the ellipsis (...) after the value expression to enable grouping by key.",
                "e.hcl:1,24-25"},
        ErrCase{"nosuch(1)", "Call to unknown function", "There is no function named \"nosuch\".", "e.hcl:1,1-7"},
        ErrCase{"null ? 1 : 2", "Null condition",
                "The condition value is null. Conditions must either be true or false.", "e.hcl:1,1-5"}));

TEST(HclEval, VariablesExcludeForLocals) {
  auto p = hcl::ParseExpression("[for x in var.list : x + local.y[0]]", "e.hcl");
  ASSERT_TRUE(p.diags.empty());
  auto vars = hcl::Variables(*p.expr);
  ASSERT_EQ(vars.size(), 2u);
  EXPECT_EQ(vars[0].RootName(), "var");
  EXPECT_EQ(vars[0].steps[1].name, "list");
  EXPECT_EQ(vars[1].RootName(), "local");
  EXPECT_EQ(vars[1].steps.size(), 3u);
}

TEST(HclEval, ContentSchema) {
  auto f = hcl::ParseConfig("nmae = 1\nblok {}\n", "c.hcl");
  ASSERT_TRUE(f.diags.empty());
  hcl::BodySchema schema{{{"name", true}}, {{"block", {}}}};
  auto c = hcl::Content(f.file.body, schema);
  ASSERT_EQ(c.diags.size(), 3u);
  EXPECT_EQ(c.diags[0].summary, "Missing required argument");
  EXPECT_EQ(c.diags[1].detail, "Blocks of type \"blok\" are not expected here. Did you mean \"block\"?");
  EXPECT_EQ(c.diags[2].detail, "An argument named \"nmae\" is not expected here. Did you mean \"name\"?");
}

}  // namespace
