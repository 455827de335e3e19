// cty JSON value codec: the JSON column of cty-encoding.md §4.2, §7 decoding
// rules and error messages.
#include "cty/json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace cty {
namespace {

using testing::Num;
using testing::RawEq;

struct Vector {
  const char* name;
  Value value;
  Type type;
  std::string json;
};

std::vector<Vector> Vectors() {
  Type str = Type::String(), num = Type::Number();
  return {
      {"hello", Value::String("hello"), str, "\"hello\""},
      {"empty", Value::String(""), str, "\"\""},
      {"0", Value::Int(0), num, "0"},
      {"-1", Value::Int(-1), num, "-1"},
      {"2^40", Value::Int(int64_t{1} << 40), num, "1099511627776"},
      {"2^63-1", Value::Int(INT64_MAX), num, "9223372036854775807"},
      {"2^63", Num("9223372036854775808"), num, "9223372036854775808"},
      {"2^70", Num("1180591620717411303424"), num, "1180591620717411303424"},
      {"0.5", Num("0.5"), num, "0.5"},
      {"0.1", Num("0.1"), num, "0.1"},
      {"1e100", Num("1e100"), num, "1" + std::string(100, '0')},
      {"true", Value::True(), Type::Bool(), "true"},
      {"false", Value::False(), Type::Bool(), "false"},
      {"null string", Value::Null(str), str, "null"},
      {"list", Value::List(str, {Value::String("a"), Value::String("b")}), Type::List(str), "[\"a\",\"b\"]"},
      {"empty list", Value::EmptyList(str), Type::List(str), "[]"},
      {"set", Value::Set(str, {Value::String("b"), Value::String("a")}), Type::Set(str), "[\"a\",\"b\"]"},
      {"number set", Value::Set(num, {Value::Int(10), Value::Int(2)}), Type::Set(num), "[2,10]"},
      {"map", Value::Map(num, {{"b", Value::Int(1)}, {"a", Value::Int(2)}}), Type::Map(num), "{\"a\":2,\"b\":1}"},
      {"object", Value::Object({{"b", Value::String("x")}, {"a", Value::Null(num)}}),
       Type::Object({{"a", num}, {"b", str}}), "{\"a\":null,\"b\":\"x\"}"},
      {"empty object", Value::EmptyObject(), Type::EmptyObject(), "{}"},
      {"tuple", Value::Tuple({Value::String("a"), Value::Int(1)}), Type::Tuple({str, num}), "[\"a\",1]"},
      {"dynamic string", Value::String("x"), Type::Dynamic(), "{\"value\":\"x\",\"type\":\"string\"}"},
      {"dynamic null string", Value::Null(str), Type::Dynamic(), "{\"value\":null,\"type\":\"string\"}"},
      {"null dynamic", Value::Null(Type::Dynamic()), Type::Dynamic(), "null"},
      {"dynamic list", Value::List(num, {Value::Int(1)}), Type::Dynamic(),
       "{\"value\":[1],\"type\":[\"list\",\"number\"]}"},
      {"dynamic object", Value::Object({{"a", Value::True()}}), Type::Dynamic(),
       "{\"value\":{\"a\":true},\"type\":[\"object\",{\"a\":\"bool\"}]}"},
      {"escapes", Value::String("<a&b>\"\\\n\t\x01\xe2\x80\xa8"), str,
       "\"\\u003ca\\u0026b\\u003e\\\"\\\\\\n\\t\\u0001\\u2028\""},
      {"unicode", Value::String("\xc3\xa9t\xc3\xa9"), str, "\"\xc3\xa9t\xc3\xa9\""},
  };
}

TEST(JSONTest, EncodesVectors) {
  for (const auto& v : Vectors()) {
    SCOPED_TRACE(v.name);
    auto got = json::Marshal(v.value, v.type);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_EQ(*got, v.json);
  }
}

TEST(JSONTest, DecodesVectors) {
  for (const auto& v : Vectors()) {
    SCOPED_TRACE(v.name);
    auto got = json::Unmarshal(v.json, v.type);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_TRUE(RawEq(*got, v.value));
  }
}

TEST(JSONTest, DecoderConversions) {
  Type str = Type::String(), num = Type::Number(), b = Type::Bool();
  struct Case {
    const char* json;
    Type type;
    Value want;
  };
  std::vector<Case> cases = {
      {"\"12.5\"", num, Num("12.5")},
      {"1.50", num, Num("1.5")},
      {"1e2", num, Value::Int(100)},
      {"-0", num, Num("-0")},
      {"\"true\"", b, Value::True()},
      {"\"0\"", b, Value::False()},
      {"1.50", str, Value::String("1.50")},  // number text kept verbatim
      {"true", str, Value::String("true")},
      {"\"e\\u0301\"", str, Value::String("\xc3\xa9")},
      {"\"\\ud83d\\ude00\"", str, Value::String("\xf0\x9f\x98\x80")},
      {"\"\\ud83d\"", str, Value::String("\xef\xbf\xbd")},
      {" { \"a\" : 1 } ", Type::Object({{"a", num}, {"b", str}}),
       Value::Object({{"a", Value::Int(1)}, {"b", Value::Null(str)}})},
      {"{\"type\":\"string\",\"value\":\"x\"}", Type::Dynamic(), Value::String("x")},
      {"[{\"value\":1,\"type\":\"number\"}]", Type::List(Type::Dynamic()), Value::List(num, {Value::Int(1)})},
      {"[1,1,2]", Type::Set(num), Value::Set(num, {Value::Int(1), Value::Int(2)})},
      {"{\"a\":1,\"a\":2}", Type::Map(num), Value::Map(num, {{"a", Value::Int(2)}})},
      {"123456789012345678901234567890.123456789", num, Num("123456789012345678901234567890.123456789")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto got = json::Unmarshal(c.json, c.type);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_TRUE(RawEq(*got, c.want));
  }
}

TEST(JSONTest, IgnoreUnknownAttributes) {
  Type t = Type::Object({{"a", Type::Number()}});
  auto strict = json::Unmarshal("{\"a\":1,\"gone\":{\"x\":[1,2]}}", t);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().ToString(), "unsupported attribute \"gone\"");
  json::UnmarshalOptions opts;
  opts.ignore_unknown_attributes = true;
  auto lax = json::Unmarshal("{\"a\":1,\"gone\":{\"x\":[1,2]}}", t, opts);
  ASSERT_TRUE(lax.ok()) << lax.error().ToString();
  EXPECT_TRUE(RawEq(*lax, Value::Object({{"a", Value::Int(1)}})));
}

TEST(JSONTest, DecodeErrors) {
  Type str = Type::String(), num = Type::Number();
  struct Case {
    const char* json;
    Type type;
    const char* error;
  };
  std::vector<Case> cases = {
      {"\"x\"", num, "a number is required"},
      {"true", num, "number is required"},
      {"[]", num, "number is required"},
      {"1", Type::Bool(), "bool is required"},
      {"\"yes\"", Type::Bool(), "a bool is required"},
      {"\"True\"", Type::Bool(), "a bool is required; to convert from string, use lowercase \"true\""},
      {"{}", str, "string is required"},
      {"1", Type::List(str), "missing expected ["},
      {"[]", Type::Map(str), "missing expected {"},
      {"[1]", Type::List(Type::Bool()), "[0]: bool is required"},
      {"{\"a\":{\"b\":[\"x\"]}}", Type::Object({{"a", Type::Object({{"b", Type::List(num)}})}}),
       "a.b[0]: a number is required"},
      {"{\"k\":\"x\"}", Type::Map(num), "[\"k\"]: a number is required"},
      {"[\"x\"]", Type::Set(num), "[?]: a number is required"},
      {"[1,2]", Type::Tuple({num}), "too many tuple elements (need 1)"},
      {"[1]", Type::Tuple({num, num}), "not enough tuple elements (need 2)"},
      {"{\"x\":1}", Type::Object({{"a", num}}), "unsupported attribute \"x\""},
      {"{\"value\":1}", Type::Dynamic(), "missing type in dynamically-typed value"},
      {"{\"type\":\"number\"}", Type::Dynamic(), "missing value in dynamically-typed value"},
      {"{\"type\":\"number\",\"value\":1,\"x\":2}", Type::Dynamic(), "invalid key \"x\" in dynamically-typed value"},
      {"{\"type\":\"foo\",\"value\":1}", Type::Dynamic(),
       "failed to decode type for dynamic value: invalid primitive type name \"foo\""},
      {"{\"type\":\"number\",\"value\":\"x\"}", Type::Dynamic(), "a number is required"},
      {"\"x\"", Type::Dynamic(), "missing expected {"},
      {"", str, "unexpected end of JSON input"},
      {"\"x\" 1", str, "invalid character '1' after top-level value"},
      {"[1,]", Type::List(num), "invalid character ']' looking for beginning of value"},
      {"[1 2]", Type::List(num), "invalid character '2' after array element"},
      {"{\"a\" 1}", Type::Map(num), "invalid character '1' after object key"},
      {"{\"a\":1 \"b\":2}", Type::Map(num), "invalid character '\"' after object key:value pair"},
      {"\"a\x01\"", str, "invalid character '\\x01' in string literal"},
      {"\"\\x\"", str, "invalid character 'x' in string escape code"},
      {"01", num, "invalid character '1' after top-level value"},
      {"1.", num, "unexpected end of JSON input"},
      {"1.x", num, "invalid character 'x' after decimal point in numeric literal"},
      {"tru", Type::Bool(), "unexpected end of JSON input"},
      {"trux", Type::Bool(), "invalid character 'x' in literal true (expecting 'e')"},
      {"nul", str, "unexpected end of JSON input"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    auto got = json::Unmarshal(c.json, c.type);
    ASSERT_FALSE(got.ok()) << got->GoString();
    EXPECT_EQ(got.error().ToString(), c.error);
  }
}

TEST(JSONTest, EncodeErrors) {
  auto inf = json::Marshal(Value::Number(Number::Infinity()), Type::Number());
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.error().message, "cannot serialize infinity as JSON");
  auto unk = json::Marshal(Value::Object({{"a", Value::Unknown(Type::String())}}), Type::Object({{"a", Type::String()}}));
  ASSERT_FALSE(unk.ok());
  EXPECT_EQ(unk.error().ToString(), "a: value is not known");
  auto marked = json::Marshal(Value::String("s").Mark(kMarkSensitive), Type::String());
  ASSERT_FALSE(marked.ok());
  EXPECT_EQ(marked.error().message, "value has marks, so it cannot be serialized as JSON");
  auto dyn = json::Marshal(Value::List(Type::String(), {Value::Unknown(Type::String())}), Type::Dynamic());
  ASSERT_FALSE(dyn.ok());
  EXPECT_EQ(dyn.error().ToString(), "[0]: failed to serialize value: value is not known");
}

TEST(JSONTest, WithType) {
  auto enc = json::MarshalWithType(Value::Int(0));
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(*enc, "{\"value\":0,\"type\":\"number\"}");
  auto dec = json::UnmarshalWithType("{\"value\":\"k\",\"type\":\"string\"}");
  ASSERT_TRUE(dec.ok());
  EXPECT_TRUE(RawEq(*dec, Value::String("k")));
}

TEST(JSONTest, MarshalConverts) {
  auto got = json::Marshal(Value::Tuple({Value::Int(1), Value::Int(2)}), Type::Set(Type::String()));
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(*got, "[\"1\",\"2\"]");
}

TEST(JSONTest, DeepNestingIsRejected) {
  std::string deep(100000, '[');
  auto got = json::Unmarshal(deep, Type::Dynamic());
  EXPECT_FALSE(got.ok());
  std::string wrapped;
  for (int i = 0; i < 1000; ++i) wrapped += "{\"type\":[\"list\",\"dynamic\"],\"value\":[";
  auto got2 = json::Unmarshal(wrapped, Type::Dynamic());
  EXPECT_FALSE(got2.ok());
}

}  // namespace
}  // namespace cty
