// cty::Value: construction, NFC, sets, equality with unknowns, marks, paths.
#include "cty/value.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace cty {
namespace {

using testing::Num;
using testing::RawEq;

Value S(const char* s) { return Value::String(s); }

Refinements NotNull() {
  Refinements r;
  r.not_null = true;
  return r;
}

TEST(ValueTest, Basics) {
  Value v;
  EXPECT_TRUE(v.IsNull());
  EXPECT_TRUE(v.type().IsDynamic());
  EXPECT_FALSE(Value::DynamicVal().IsKnown());
  EXPECT_TRUE(Value::Null(Type::String()).IsKnown());
  EXPECT_EQ(S("x").AsString(), "x");
  EXPECT_EQ(Value::Int(5).AsNumber().ToInt64(), 5);
  EXPECT_TRUE(Value::True().AsBool());
  Value l = Value::List(Type::String(), {S("a"), Value::Unknown(Type::String())});
  EXPECT_TRUE(l.IsKnown());
  EXPECT_FALSE(l.IsWhollyKnown());
  EXPECT_TRUE(l.ContainsUnknown());
  EXPECT_EQ(l.LengthInt(), 2u);
  EXPECT_EQ(Value::Tuple({S("a"), Value::Int(1)}).type(), Type::Tuple({Type::String(), Type::Number()}));
  EXPECT_EQ(Value::Object({{"a", S("x")}}).type(), Type::Object({{"a", Type::String()}}));
  EXPECT_EQ(Value::Unknown(Type::Tuple({Type::String()})).LengthInt(), 1u);
}

TEST(ValueTest, StringsAreNFC) {
  EXPECT_EQ(S("e\xcc\x81").AsString(), "\xc3\xa9");   // e + combining acute -> é
  EXPECT_EQ(S("\xe2\x84\xab").AsString(), "\xc3\x85");  // ANGSTROM SIGN -> Å
  EXPECT_EQ(S("plain ascii").AsString(), "plain ascii");
  EXPECT_EQ(S("\xff\xfe").AsString(), "\xff\xfe");  // invalid UTF-8 kept as is
  Value m = Value::Map(Type::String(), {{"e\xcc\x81", S("v")}});
  EXPECT_EQ(m.MapElements().begin()->first, "\xc3\xa9");
}

TEST(ValueTest, DynamicElementTypeIsDerived) {
  Value l = Value::List(Type::Dynamic(), {S("a"), S("b")});
  EXPECT_EQ(l.type(), Type::List(Type::String()));
  // Null/unknown dynamic elements take the derived element type, as in cty.
  Value mixed = Value::List(Type::Dynamic(), {Value::Null(Type::Dynamic()), S("x"), Value::DynamicVal()});
  EXPECT_EQ(mixed.type(), Type::List(Type::String()));
  EXPECT_TRUE(RawEq(mixed.Elements()[0], Value::Null(Type::String())));
  EXPECT_TRUE(RawEq(mixed.Elements()[2], Value::Unknown(Type::String())));
  Value e = Value::EmptyList(Type::Dynamic());
  EXPECT_EQ(e.type(), Type::List(Type::Dynamic()));
  Value o = Value::ObjectOf(Type::Object({{"a", Type::Dynamic()}}), {{"a", Value::Int(1)}});
  EXPECT_EQ(o.type(), Type::Object({{"a", Type::Number()}}));
}

TEST(ValueTest, RefinementsAreNormalised) {
  Refinements r;
  r.string_prefix = "";
  r.length_lower = 0;
  r.number_lower = Number::FromInt64(1);  // not applicable to strings
  EXPECT_TRUE(Value::Unknown(Type::String(), r).refinements().empty());
  // Dynamic values cannot be refined.
  EXPECT_TRUE(RawEq(Value::Unknown(Type::Dynamic(), NotNull()), Value::DynamicVal()));
  // Collapses as cty's RefinementBuilder.NewValue does.
  Refinements eq;
  eq.not_null = true;
  eq.number_lower = Number::FromInt64(3);
  eq.number_upper = Number::FromInt64(3);
  EXPECT_TRUE(RawEq(Value::Unknown(Type::Number(), eq), Value::Int(3)));
  Refinements len2;
  len2.not_null = true;
  len2.length_lower = 2;
  len2.length_upper = 2;
  EXPECT_TRUE(RawEq(Value::Unknown(Type::List(Type::String()), len2),
                    Value::List(Type::String(), {Value::Unknown(Type::String()), Value::Unknown(Type::String())})));
  Refinements len1 = len2;
  len1.length_lower = len1.length_upper = 1;
  EXPECT_TRUE(RawEq(Value::Unknown(Type::Set(Type::String()), len1),
                    Value::Set(Type::String(), {Value::Unknown(Type::String())})));
  len2.not_null = false;  // no collapse without not-null
  EXPECT_FALSE(Value::Unknown(Type::List(Type::String()), len2).IsKnown());
}

TEST(ValueTest, SetOrderingAndDedup) {
  Type str = Type::String(), num = Type::Number();
  Value s = Value::Set(str, {S("b"), Value::Null(str), Value::Unknown(str), S("a"), S("b"), Value::Unknown(str)});
  ASSERT_EQ(s.Elements().size(), 5u);
  EXPECT_EQ(s.Elements()[0].AsString(), "a");
  EXPECT_EQ(s.Elements()[1].AsString(), "b");
  EXPECT_FALSE(s.Elements()[2].IsKnown());
  EXPECT_FALSE(s.Elements()[3].IsKnown());  // unknowns never collapse
  EXPECT_TRUE(s.Elements()[4].IsNull());
  Value n = Value::Set(num, {Value::Int(10), Value::Int(2), Num("2.0"), Num("-1.5"), Value::Int(10)});
  ASSERT_EQ(n.Elements().size(), 3u);
  EXPECT_EQ(n.Elements()[0].AsNumber().ToString(), "-1.5");
  EXPECT_EQ(n.Elements()[1].AsNumber().ToString(), "2");
  EXPECT_EQ(n.Elements()[2].AsNumber().ToString(), "10");
  Value b = Value::Set(Type::Bool(), {Value::True(), Value::False(), Value::True()});
  ASSERT_EQ(b.Elements().size(), 2u);
  EXPECT_FALSE(b.Elements()[0].AsBool());
  // Complex elements are ordered by cty's hash bytes: "<10;>" < "<1;>" < "<2;>"
  // ('0' sorts before ';').
  auto obj = [](int64_t a) { return Value::Object({{"a", Value::Int(a)}}); };
  Value o = Value::Set(obj(0).type(), {obj(2), obj(10), obj(1), obj(2)});
  ASSERT_EQ(o.Elements().size(), 3u);
  EXPECT_EQ(o.Elements()[0].GetAttr("a").AsNumber().ToString(), "10");
  EXPECT_EQ(o.Elements()[1].GetAttr("a").AsNumber().ToString(), "1");
  EXPECT_EQ(o.Elements()[2].GetAttr("a").AsNumber().ToString(), "2");
  // Objects that differ only by unknowns stay distinct.
  Value u = Value::Object({{"a", Value::Unknown(Type::Number())}});
  EXPECT_EQ(Value::Set(u.type(), {u, u}).Elements().size(), 2u);
  // Numbers that print the same are the same element (0.1 float64 vs parsed).
  EXPECT_EQ(Value::Set(num, {Num("0.1"), Value::Number(Number::FromDouble(0.1))}).Elements().size(), 1u);
  EXPECT_TRUE(SetElementLess(S("a"), S("b")));
  EXPECT_TRUE(SetElementLess(S("z"), Value::Unknown(str)));
  EXPECT_TRUE(SetElementLess(Value::Unknown(str), Value::Null(str)));
}

TEST(ValueTest, SetMarksMoveToTheSet) {
  Value s = Value::Set(Type::String(), {S("a").Mark(kMarkSensitive), S("b")});
  EXPECT_TRUE(s.IsSensitive());
  EXPECT_FALSE(s.Elements()[0].IsMarked());
}

struct EqCase {
  const char* name;
  Value a, b;
  int want;  // 1 true, 0 false, -1 unknown
};

TEST(ValueTest, EqualsFollowsCtyUnknownRules) {
  Type str = Type::String(), num = Type::Number();
  Refinements prefix;
  prefix.string_prefix = "ab";
  Refinements range;
  range.number_lower = Number::FromInt64(1);
  range.number_upper = Number::FromInt64(10);
  range.number_upper_inclusive = false;
  Refinements len;
  len.length_lower = 2;
  auto list = [](std::vector<Value> v) { return Value::List(Type::String(), std::move(v)); };
  std::vector<EqCase> cases = {
      {"equal strings", S("a"), S("a"), 1},
      {"different strings", S("a"), S("b"), 0},
      {"1 == 1.0", Value::Int(1), Num("1.0"), 1},
      {"0.1 float vs parsed", Value::Number(Number::FromDouble(0.1)), Num("0.1"), 1},
      {"-0 == 0", Num("-0"), Value::Int(0), 1},
      {"different types", S("1"), Value::Int(1), 0},
      {"null == null any type", Value::Null(str), Value::Null(num), 1},
      {"null vs value", Value::Null(str), S("a"), 0},
      {"unknown vs unknown", Value::Unknown(str), Value::Unknown(str), -1},
      {"known vs unknown", S("a"), Value::Unknown(str), -1},
      {"unknown vs different type", S("a"), Value::Unknown(num), 0},
      {"null vs unknown", Value::Null(str), Value::Unknown(str), -1},
      {"null vs not-null unknown", Value::Null(str), Value::Unknown(str, NotNull()), 0},
      {"prefix excludes", S("xyz"), Value::Unknown(str, prefix), 0},
      {"prefix matches", S("abc"), Value::Unknown(str, prefix), -1},
      {"range excludes upper", Value::Int(10), Value::Unknown(num, range), 0},
      {"range includes", Value::Int(1), Value::Unknown(num, range), -1},
      {"length excludes", list({S("a")}), Value::Unknown(Type::List(str), len), 0},
      {"DynamicVal", S("a"), Value::DynamicVal(), -1},
      {"list with unknown", list({S("a"), Value::Unknown(str)}), list({S("a"), S("b")}), -1},
      {"list false before unknown", list({S("x"), Value::Unknown(str)}), list({S("a"), S("b")}), 0},
      {"list lengths", list({S("a")}), list({S("a"), S("b")}), 0},
      {"objects", Value::Object({{"a", S("x")}}), Value::Object({{"a", S("x")}}), 1},
      {"maps", Value::Map(str, {{"k", S("v")}}), Value::Map(str, {{"k", S("w")}}), 0},
      {"sets", Value::Set(str, {S("a"), S("b")}), Value::Set(str, {S("b"), S("a")}), 1},
      {"set with unknown element", Value::Set(str, {S("a"), Value::Unknown(str)}), Value::Set(str, {S("a"), S("b")}),
       -1},
      {"tuple", Value::Tuple({S("a"), Value::Int(1)}), Value::Tuple({S("a"), Value::Int(1)}), 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Value got = c.a.Equals(c.b);
    ASSERT_EQ(got.type(), Type::Bool());
    if (c.want < 0) {
      EXPECT_FALSE(got.IsKnown());
      EXPECT_TRUE(got.refinements().not_null);
    } else {
      ASSERT_TRUE(got.IsKnown());
      EXPECT_EQ(got.AsBool(), c.want == 1);
    }
  }
}

TEST(ValueTest, EqualsPropagatesMarks) {
  Value a = S("a").Mark(kMarkSensitive);
  Value r = a.Equals(S("a"));
  EXPECT_TRUE(r.IsSensitive());
  EXPECT_TRUE(r.Unmark().AsBool());
  Value deep = Value::Object({{"x", S("a").Mark(kMarkSensitive)}});
  EXPECT_TRUE(deep.Equals(Value::Object({{"x", S("a")}})).IsSensitive());
}

TEST(ValueTest, RawEquals) {
  EXPECT_TRUE(Value::Unknown(Type::String()).RawEquals(Value::Unknown(Type::String())));
  EXPECT_FALSE(Value::Unknown(Type::String()).RawEquals(Value::Unknown(Type::String(), NotNull())));
  EXPECT_FALSE(Value::Unknown(Type::String()).RawEquals(Value::Unknown(Type::Number())));
  EXPECT_FALSE(S("a").RawEquals(S("a").Mark(kMarkSensitive)));
  EXPECT_TRUE(S("a").Mark(kMarkSensitive).RawEquals(S("a").Mark(kMarkSensitive)));
  EXPECT_FALSE(Value::Null(Type::String()).RawEquals(Value::Null(Type::Number())));
  EXPECT_TRUE(Value::Int(1) == Num("1.0"));
  EXPECT_FALSE(Value::List(Type::String(), {S("a")}).RawEquals(Value::Set(Type::String(), {S("a")})));
  EXPECT_TRUE(Value::Set(Type::String(), {S("b"), S("a")}).RawEquals(Value::Set(Type::String(), {S("a"), S("b")})));
}

TEST(ValueTest, GetAttrAndIndex) {
  Value o = Value::Object({{"a", S("x")}, {"l", Value::List(Type::String(), {S("p"), S("q")})}});
  EXPECT_EQ(o.GetAttr("a").AsString(), "x");
  EXPECT_TRUE(RawEq(Value::Unknown(o.type()).GetAttr("a"), Value::Unknown(Type::String())));
  EXPECT_TRUE(RawEq(Value::Null(o.type()).GetAttr("a"), Value::Null(Type::String())));
  EXPECT_TRUE(o.Mark(kMarkSensitive).GetAttr("a").IsSensitive());
  EXPECT_TRUE(RawEq(Value::DynamicVal().GetAttr("a"), Value::DynamicVal()));
  Value l = o.GetAttr("l");
  EXPECT_EQ(l.Index(Value::Int(1))->AsString(), "q");
  EXPECT_EQ(l.Index(Value::Int(2)).error().message, "value does not have given index key");
  EXPECT_EQ(l.Index(Num("0.5")).error().message, "element key for list must be non-negative integer");
  EXPECT_EQ(l.Index(S("0")).error().message, "element key for list must be number");
  EXPECT_TRUE(RawEq(*l.Index(Value::Unknown(Type::Number())), Value::Unknown(Type::String())));
  Value m = Value::Map(Type::Number(), {{"k", Value::Int(1)}});
  EXPECT_EQ(m.Index(S("k"))->AsNumber().ToInt64(), 1);
  EXPECT_EQ(m.Index(S("z")).error().message, "value does not have given index key");
  Value t = Value::Tuple({S("a"), Value::Int(1)});
  EXPECT_EQ(t.Index(Value::Int(1))->type(), Type::Number());
  EXPECT_TRUE(RawEq(*Value::Unknown(t.type()).Index(Value::Int(0)), Value::Unknown(Type::String())));
  Value s = Value::Set(Type::String(), {S("a")});
  EXPECT_EQ(s.Index(S("a"))->AsString(), "a");
  EXPECT_TRUE(S("a").Index(Value::Int(0)).error().message == "not a list, map, or tuple type");
}

TEST(ValueTest, ApplyPath) {
  Value o = Value::Object({{"a", Value::Map(Type::List(Type::String()), {{"k", Value::List(Type::String(), {S("v")})}})},
                           {"n", Value::Null(Type::Object({{"x", Type::String()}}))}});
  Path p = Path().GetAttr("a").Index("k").Index(0);
  EXPECT_EQ(o.Apply(p)->AsString(), "v");
  EXPECT_EQ(p.ToString(), "a[\"k\"][0]");
  EXPECT_EQ(o.Apply(Path().GetAttr("zz")).error().message, "at step 0: object has no attribute \"zz\"");
  EXPECT_EQ(o.Apply(Path().GetAttr("a").Index(0)).error().message, "at step 1: not a list type");
  EXPECT_EQ(o.Apply(Path().GetAttr("a").Index("nope")).error().message,
            "at step 1: value does not have given index key");
  EXPECT_EQ(o.Apply(Path().GetAttr("n").GetAttr("x")).error().message,
            "at step 1: cannot access attributes on a null value");
  EXPECT_EQ(o.Apply(Path().GetAttr("a").GetAttr("k")).error().message, "at step 1: not an object type");
}

TEST(ValueTest, PathAndErrorRendering) {
  Path p = Path().GetAttr("a").Index("k\"q").Index(3).GetAttr("b").Index(Value::Unknown(Type::String()));
  EXPECT_EQ(p.ToString(), "a[\"k\\\"q\"][3].b[?]");
  EXPECT_TRUE(p.HasPrefix(Path().GetAttr("a").Index("k\"q")));
  EXPECT_FALSE(p.HasPrefix(Path().GetAttr("b")));
  EXPECT_EQ(Path().Index(0).GetAttr("x").ToString(), "[0].x");
  EXPECT_EQ((Error{"boom", Path().GetAttr("x")}).ToString(), "x: boom");
  EXPECT_EQ((Error{"boom", Path()}).ToString(), "boom");
  EXPECT_EQ(Path().Index(Num("1.0")), Path().Index(1));
}

TEST(ValueTest, UnmarkDeepAndMarkWithPaths) {
  Value v = Value::Object({
      {"a", S("secret").Mark(kMarkSensitive)},
      {"l", Value::List(Type::String(), {S("x"), S("y").Mark(kMarkSensitive)})},
      {"m", Value::Map(Type::String(), {{"k", S("z").Mark(kMarkSensitive)}}).Mark(kMarkSensitive)},
      {"s", Value::Set(Type::String(), {S("p").Mark(kMarkSensitive)})},
  });
  EXPECT_TRUE(v.ContainsMarked());
  EXPECT_FALSE(v.IsMarked());
  std::vector<std::pair<Path, Marks>> paths;
  Value u = v.UnmarkDeep(&paths);
  EXPECT_FALSE(u.ContainsMarked());
  std::vector<std::string> got;
  for (const auto& [p, m] : paths) {
    EXPECT_EQ(m, kMarkSensitive);
    got.push_back(p.ToString());
  }
  // Depth first, children before their parent (cty transform order).
  EXPECT_EQ(got, (std::vector<std::string>{"a", "l[1]", "m[\"k\"]", "m", "s"}));
  Value back = u.MarkWithPaths(paths);
  EXPECT_TRUE(RawEq(back, v));
  // Paths that do not exist are ignored.
  EXPECT_TRUE(RawEq(u.MarkWithPaths({{Path().GetAttr("nope"), kMarkSensitive}}), u));
}

TEST(ValueTest, UnknownAsNull) {
  Type str = Type::String();
  Value v = Value::Object({{"a", Value::Unknown(str)},
                           {"l", Value::List(str, {S("x"), Value::Unknown(str)})},
                           {"s", Value::Set(str, {Value::Unknown(str), Value::Unknown(str)})},
                           {"d", Value::DynamicVal()}});
  Value want = Value::Object({{"a", Value::Null(str)},
                              {"l", Value::List(str, {S("x"), Value::Null(str)})},
                              {"s", Value::Set(str, {Value::Null(str)})},  // unknowns merge once null
                              {"d", Value::Null(Type::Dynamic())}});
  EXPECT_TRUE(RawEq(v.UnknownAsNull(), want));
  EXPECT_TRUE(Value::Unknown(str).Mark(kMarkSensitive).UnknownAsNull().IsSensitive());
}

TEST(ValueTest, GoString) {
  EXPECT_EQ(S("a\"b").GoString(), "cty.StringVal(\"a\\\"b\")");
  EXPECT_EQ(Value::Int(1).GoString(), "cty.NumberIntVal(1)");
  EXPECT_EQ(Value::Number(Number::FromDouble(1.5)).GoString(), "cty.NumberFloatVal(1.5)");
  EXPECT_EQ(Num("0.1").GoString(), "cty.MustParseNumberVal(\"0.1\")");
  EXPECT_EQ(Value::True().GoString(), "cty.True");
  EXPECT_EQ(Value::Null(Type::List(Type::String())).GoString(), "cty.NullVal(cty.List(cty.String))");
  EXPECT_EQ(Value::DynamicVal().GoString(), "cty.DynamicVal");
  EXPECT_EQ(Value::Unknown(Type::String(), NotNull()).GoString(), "cty.UnknownVal(cty.String).RefineNotNull()");
  Refinements r;
  r.string_prefix = "ab";
  EXPECT_EQ(Value::Unknown(Type::String(), r).GoString(),
            "cty.UnknownVal(cty.String).Refine().StringPrefixFull(\"ab\").NewValue()");
  EXPECT_EQ(Value::Object({{"a", Value::Int(1)}, {"b", Value::EmptyList(Type::Bool())}}).GoString(),
            "cty.ObjectVal(map[string]cty.Value{\"a\":cty.NumberIntVal(1), \"b\":cty.ListValEmpty(cty.Bool)})");
  EXPECT_EQ(Value::EmptyObject().GoString(), "cty.EmptyObjectVal");
  EXPECT_EQ(Value::Set(Type::String(), {S("x")}).GoString(), "cty.SetVal([]cty.Value{cty.StringVal(\"x\")})");
  EXPECT_EQ(Value::Null(Type::Object({{"a", Type::String()}})).GoString(),
            "cty.NullVal(cty.Object(map[string]cty.Type{\"a\":cty.String}))");
  EXPECT_EQ(S("s").Mark(kMarkSensitive).GoString(), "cty.StringVal(\"s\").Mark(\"sensitive\")");
}

TEST(ValueTest, WalkVisitsDepthFirst) {
  Value v = Value::Object({{"a", Value::List(Type::String(), {S("x")})}, {"b", Value::Map(Type::Bool(), {{"k", Value::True()}})}});
  std::vector<std::string> seen;
  Walk(v, [&](const Path& p, const Value&) {
    seen.push_back(p.ToString());
    return p.ToString() != "b";  // do not descend into b
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"", "a", "a[0]", "b"}));
}

}  // namespace
}  // namespace cty
