// cty::Type: structural equality, JSON type expressions (cty-encoding.md §2)
// and names.
#include "cty/type.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cty/result.h"

namespace cty {
namespace {

TEST(TypeTest, StructuralEquality) {
  EXPECT_EQ(Type::Object({{"a", Type::String()}}), Type::Object({{"a", Type::String()}}));
  EXPECT_NE(Type::Object({{"a", Type::String()}}), Type::Object({{"a", Type::Number()}}));
  EXPECT_NE(Type::Object({{"a", Type::String()}}), Type::Object({{"a", Type::String()}}, {"a"}));
  EXPECT_EQ(Type::List(Type::Map(Type::Bool())), Type::List(Type::Map(Type::Bool())));
  EXPECT_NE(Type::List(Type::String()), Type::Set(Type::String()));
  EXPECT_EQ(Type::Tuple({}), Type::EmptyTuple());
  EXPECT_EQ(Type::Object({}), Type::EmptyObject());
  EXPECT_EQ(Type(), Type::Dynamic());
  EXPECT_NE(Type::Tuple({Type::String()}), Type::Tuple({Type::String(), Type::String()}));
  // operator< is a strict total order consistent with ==.
  std::vector<Type> ts = {Type::String(), Type::Number(), Type::List(Type::String()), Type::Object({{"a", Type::Bool()}}),
                          Type::Object({{"b", Type::Bool()}}), Type::Tuple({Type::Number()}), Type::Dynamic()};
  for (const auto& a : ts) {
    for (const auto& b : ts) {
      EXPECT_EQ(a == b, !(a < b) && !(b < a)) << a.GoString() << " vs " << b.GoString();
    }
  }
}

TEST(TypeTest, Accessors) {
  Type o = Type::Object({{"b", Type::Number()}, {"a", Type::List(Type::Dynamic())}}, {"b"});
  EXPECT_TRUE(o.IsObject());
  EXPECT_TRUE(o.HasDynamic());
  EXPECT_TRUE(o.HasAttribute("a"));
  EXPECT_FALSE(o.HasAttribute("c"));
  EXPECT_TRUE(o.IsOptionalAttribute("b"));
  EXPECT_FALSE(o.IsOptionalAttribute("a"));
  EXPECT_EQ(o.attribute("b"), Type::Number());
  EXPECT_EQ(o.attributes().begin()->first, "a");
  EXPECT_EQ(o.WithoutOptionalAttributesDeep(), Type::Object({{"b", Type::Number()}, {"a", Type::List(Type::Dynamic())}}));
  Type nested = Type::List(Type::Object({{"x", Type::String()}}, {"x"}));
  EXPECT_EQ(nested.WithoutOptionalAttributesDeep(), Type::List(Type::Object({{"x", Type::String()}})));
  EXPECT_TRUE(Type::Map(Type::String()).IsCollection());
  EXPECT_EQ(Type::Set(Type::Bool()).element(), Type::Bool());
  EXPECT_FALSE(Type::Tuple({Type::String()}).HasDynamic());
  EXPECT_EQ(Type::Tuple({Type::String(), Type::Bool()}).tuple_elements().size(), 2u);
}

TEST(TypeTest, AttributeNamesAreNFC) {
  Type t = Type::Object({{"e\xcc\x81", Type::String()}});
  EXPECT_TRUE(t.HasAttribute("\xc3\xa9"));
}

struct JSONCase {
  Type type;
  const char* json;
};

TEST(TypeTest, JSONRoundTrip) {
  std::vector<JSONCase> cases = {
      {Type::String(), "\"string\""},
      {Type::Number(), "\"number\""},
      {Type::Bool(), "\"bool\""},
      {Type::Dynamic(), "\"dynamic\""},
      {Type::List(Type::Number()), "[\"list\",\"number\"]"},
      {Type::Set(Type::Bool()), "[\"set\",\"bool\"]"},
      {Type::Map(Type::String()), "[\"map\",\"string\"]"},
      {Type::Object({{"b", Type::String()}, {"a", Type::Number()}}), "[\"object\",{\"a\":\"number\",\"b\":\"string\"}]"},
      {Type::Tuple({Type::String(), Type::Bool()}), "[\"tuple\",[\"string\",\"bool\"]]"},
      {Type::Object({{"a", Type::String()}, {"b", Type::Number()}}, {"b"}),
       "[\"object\",{\"a\":\"string\",\"b\":\"number\"},[\"b\"]]"},
      {Type::EmptyObject(), "[\"object\",{}]"},
      {Type::EmptyTuple(), "[\"tuple\",[]]"},
      {Type::Object({{"<&>", Type::String()}}), "[\"object\",{\"\\u003c\\u0026\\u003e\":\"string\"}]"},
      {Type::List(Type::Object({{"x", Type::Map(Type::Dynamic())}})), "[\"list\",[\"object\",{\"x\":[\"map\",\"dynamic\"]}]]"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    EXPECT_EQ(c.type.ToJSON(), c.json);
    auto back = Type::FromJSON(c.json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, c.type);
  }
}

TEST(TypeTest, JSONParseAcceptsWhitespaceAndNullMembers) {
  auto t = Type::FromJSON(" [ \"object\" , { \"a\" : [ \"list\" , \"string\" ] } ] \n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, Type::Object({{"a", Type::List(Type::String())}}));
  // Go decodes null into an empty map/slice.
  EXPECT_EQ(*Type::FromJSON("[\"object\",null]"), Type::EmptyObject());
  EXPECT_EQ(*Type::FromJSON("[\"tuple\",null]"), Type::EmptyTuple());
}

TEST(TypeTest, JSONParseErrorsAreCtys) {
  std::vector<std::pair<const char*, const char*>> cases = {
      {"\"foo\"", "invalid primitive type name \"foo\""},
      {"\"string\" \"x\"", "extraneous data after type description"},
      {"\"string\"x", "extraneous data after type description"},
      {"{}", "invalid complex type description"},
      {"[]", "invalid complex type kind name"},
      {"[1]", "invalid complex type kind name"},
      {"[\"foo\",\"string\"]", "invalid complex type kind name"},
      {"[\"list\",\"string\",\"x\"]", "unexpected extra data in type description"},
      {"[\"list\",\"string\"] 1", "unexpected extra data in type description"},
      {"1", "invalid type description"},
      {"null", "invalid type description"},
      {"true", "invalid type description"},
      {"[\"list\"]", "expected comma after array element"},
      {"[\"list\",null]", "invalid type description"},
      {"[\"list\",\"foo\"]", "invalid primitive type name \"foo\""},
      {"[\"object\",{\"a\":\"string\"},[\"b\"]]", "optional contains undeclared attribute \"b\""},
      {"[\"object\",{\"a\":\"string\"},[\"a\"],1]", "unexpected extra data in type description"},
      {"[\"object\",\"x\"]", "json: cannot unmarshal string into Go value of type map[string]cty.Type"},
      {"[\"object\",{},\"x\"]", "json: cannot unmarshal string into Go value of type []string"},
      {"[\"tuple\",{}]", "json: cannot unmarshal object into Go value of type []cty.Type"},
      {"[\"list\",\"string\"", "unexpected end of JSON input"},
      {"", "EOF"},
      {"[\"list\",\"str", "unexpected end of JSON input"},
      {"[\"list\",,]", "invalid character ',' looking for beginning of value"},
      {"[\"object\",{\"a\" \"string\"}]", "invalid character '\"' after object key"},
  };
  for (const auto& [json, err] : cases) {
    SCOPED_TRACE(json);
    auto t = Type::FromJSON(json);
    ASSERT_FALSE(t.ok()) << t->GoString();
    EXPECT_EQ(t.error().message, err);
  }
}

TEST(TypeTest, JSONParseLimitsNesting) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "[\"list\",";
  deep += "\"string\"";
  for (int i = 0; i < 5000; ++i) deep += "]";
  auto t = Type::FromJSON(deep);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "type description is nested too deeply");
}

TEST(TypeTest, FriendlyNames) {
  EXPECT_EQ(Type::String().FriendlyName(), "string");
  EXPECT_EQ(Type::List(Type::Number()).FriendlyName(), "list of number");
  EXPECT_EQ(Type::Map(Type::Bool()).FriendlyName(), "map of bool");
  EXPECT_EQ(Type::Set(Type::List(Type::String())).FriendlyName(), "set of list of string");
  EXPECT_EQ(Type::Object({{"a", Type::String()}}).FriendlyName(), "object");
  EXPECT_EQ(Type::Tuple({Type::String()}).FriendlyName(), "tuple");
  EXPECT_EQ(Type::Dynamic().FriendlyName(), "dynamic");
  EXPECT_EQ(Type::Dynamic().FriendlyNameForConstraint(), "any type");
  EXPECT_EQ(Type::List(Type::Dynamic()).FriendlyName(), "list of dynamic");
  EXPECT_EQ(Type::List(Type::Dynamic()).FriendlyNameForConstraint(), "list of any single type");
  EXPECT_EQ(Type::Map(Type::List(Type::Dynamic())).FriendlyNameForConstraint(), "map of list of any single type");
}

TEST(TypeTest, GoStringIsHCLSpelling) {
  EXPECT_EQ(Type::List(Type::Number()).GoString(), "list(number)");
  EXPECT_EQ(Type::Object({{"a", Type::String()}, {"b", Type::Number()}}, {"b"}).GoString(),
            "object({a=string,b=optional(number)})");
  EXPECT_EQ(Type::Tuple({Type::String(), Type::Bool()}).GoString(), "tuple([string,bool])");
  EXPECT_EQ(Type::Map(Type::Dynamic()).GoString(), "map(any)");
  EXPECT_EQ(Type::Object({{"a b", Type::String()}}).GoString(), "object({\"a b\"=string})");
}

}  // namespace
}  // namespace cty
