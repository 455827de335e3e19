// cty msgpack codec: every vector of cty-encoding.md §4.2 in both directions,
// the decoder behaviours listed under it, refinements (§5), the dynamic
// wrapper (§6) and error messages/paths.
#include "cty/msgpack.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cty/json.h"
#include "test_util.h"

namespace cty {
namespace {

using testing::AsciiHex;
using testing::Hex;
using testing::Num;
using testing::RawEq;
using testing::Unhex;

struct Vector {
  const char* name;
  Value value;
  Type type;
  std::string hex;
};

Refinements NotNull() {
  Refinements r;
  r.not_null = true;
  return r;
}

std::vector<Vector> Vectors() {
  Type str = Type::String(), num = Type::Number();
  Refinements prefix;
  prefix.string_prefix = "a";
  Refinements range;
  range.number_lower = Number::FromInt64(1);
  range.number_lower_inclusive = true;
  range.number_upper = Number::FromInt64(10);
  range.number_upper_inclusive = false;
  Refinements len;
  len.length_lower = 1;
  len.length_upper = 3;
  Type ab = Type::Object({{"a", num}, {"b", str}});
  return {
      {"hello", Value::String("hello"), str, "a568656c6c6f"},
      {"empty string", Value::String(""), str, "a0"},
      {"0", Value::Int(0), num, "00"},
      {"1", Value::Int(1), num, "01"},
      {"-1", Value::Int(-1), num, "ff"},
      {"-33", Value::Int(-33), num, "d0df"},
      {"127", Value::Int(127), num, "7f"},
      {"128", Value::Int(128), num, "cc80"},
      {"256", Value::Int(256), num, "cd0100"},
      {"70000", Value::Int(70000), num, "ce00011170"},
      {"-200", Value::Int(-200), num, "d1ff38"},
      {"2^40", Value::Int(int64_t{1} << 40), num, "cf0000010000000000"},
      {"2^63-1", Value::Int(INT64_MAX), num, "cf7fffffffffffffff"},
      {"2^63 parsed", Num("9223372036854775808"), num, "b3" + AsciiHex("9223372036854775808")},
      {"2^70 parsed", Num("1180591620717411303424"), num, "b6" + AsciiHex("1180591620717411303424")},
      {"0.5 float64", Value::Number(Number::FromDouble(0.5)), num, "cb3fe0000000000000"},
      {"0.1 float64", Value::Number(Number::FromDouble(0.1)), num, "cb3fb999999999999a"},
      {"0.1 parsed", Num("0.1"), num, "a3302e31"},
      {"1.5 parsed", Num("1.5"), num, "cb3ff8000000000000"},
      {"3.0 parsed", Num("3.0"), num, "03"},
      {"1e100 parsed", Num("1e100"), num, "d965" + AsciiHex("1" + std::string(100, '0'))},
      {"+Inf", Value::Number(Number::Infinity()), num, "cb7ff0000000000000"},
      {"-Inf", Value::Number(Number::Infinity(true)), num, "cbfff0000000000000"},
      {"true", Value::True(), Type::Bool(), "c3"},
      {"false", Value::False(), Type::Bool(), "c2"},
      {"null string", Value::Null(str), str, "c0"},
      {"unknown string", Value::Unknown(str), str, "d40000"},
      {"unknown string not null", Value::Unknown(str, NotNull()), str, "c7030c8101c2"},
      {"unknown string prefix", Value::Unknown(str, prefix), str, "d60c8102a161"},
      {"unknown number [1,10)", Value::Unknown(num, range), num, "c7090c82039201c304920ac2"},
      {"unknown list length 1..3", Value::Unknown(Type::List(str), len), Type::List(str), "c7050c8205010603"},
      {"list", Value::List(str, {Value::String("a"), Value::String("b")}), Type::List(str), "92a161a162"},
      {"empty list", Value::EmptyList(str), Type::List(str), "90"},
      {"null list", Value::Null(Type::List(str)), Type::List(str), "c0"},
      {"set sorted", Value::Set(str, {Value::String("b"), Value::String("a")}), Type::Set(str), "92a161a162"},
      {"set numeric", Value::Set(num, {Value::Int(10), Value::Int(2)}), Type::Set(num), "92020a"},
      {"set with unknown", Value::Set(str, {Value::String("a"), Value::Unknown(str)}), Type::Set(str), "92a161d40000"},
      {"map", Value::Map(num, {{"b", Value::Int(1)}, {"a", Value::Int(2)}}), Type::Map(num), "82a16102a16201"},
      {"object", Value::Object({{"b", Value::String("x")}, {"a", Value::Null(num)}}), ab, "82a161c0a162a178"},
      {"null object", Value::Null(ab), ab, "c0"},
      {"empty object", Value::EmptyObject(), Type::EmptyObject(), "80"},
      {"tuple", Value::Tuple({Value::String("a"), Value::Int(1)}), Type::Tuple({str, num}), "92a16101"},
      {"dynamic string", Value::String("x"), Type::Dynamic(), "92c40822737472696e6722a178"},
      {"dynamic null string", Value::Null(str), Type::Dynamic(), "92c40822737472696e6722c0"},
      {"dynamic unknown string", Value::Unknown(str), Type::Dynamic(), "92c40822737472696e6722d40000"},
      {"null dynamic", Value::Null(Type::Dynamic()), Type::Dynamic(), "c0"},
      {"DynamicVal", Value::DynamicVal(), Type::Dynamic(), "d40000"},
      {"dynamic list", Value::List(num, {Value::Int(1)}), Type::Dynamic(),
       "92c4115b226c697374222c226e756d626572225d9101"},
      {"dynamic object", Value::Object({{"a", Value::True()}}), Type::Dynamic(),
       "92c4175b226f626a656374222c7b2261223a22626f6f6c227d5d81a161c3"},
  };
}

TEST(MsgpackTest, EncodesVectors) {
  for (const auto& v : Vectors()) {
    SCOPED_TRACE(v.name);
    auto got = msgpack::Marshal(v.value, v.type);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_EQ(Hex(*got), v.hex);
  }
}

TEST(MsgpackTest, DecodesVectors) {
  for (const auto& v : Vectors()) {
    SCOPED_TRACE(v.name);
    auto got = msgpack::Unmarshal(Unhex(v.hex), v.type);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_TRUE(RawEq(*got, v.value));
  }
}

struct DecodeCase {
  const char* name;
  std::string hex;
  Type type;
  Value want;
};

TEST(MsgpackTest, DecoderAcceptsEveryClientForm) {
  Type num = Type::Number(), str = Type::String();
  std::vector<DecodeCase> cases = {
      {"fixext1 type 0", "d40000", str, Value::Unknown(str)},
      {"fixext1 other type", "d40500", str, Value::Unknown(str)},
      {"ext8 len 0", "c70000", str, Value::Unknown(str)},
      {"ext8 len 1", "c7010700", num, Value::Unknown(num)},
      {"unknown list", "d40000", Type::List(str), Value::Unknown(Type::List(str))},
      {"string number", "a3312e35", num, Num("1.5")},
      {"bin number", "c403312e35", num, Num("1.5")},
      {"float32", "ca3fc00000", num, Value::Number(Number::FromDouble(1.5))},
      {"float64 integral", "cb4008000000000000", num, Value::Int(3)},
      {"uint64 max", "cfffffffffffffffff", num, Value::Number(Number::FromUint64(UINT64_MAX))},
      {"uint8", "ccff", num, Value::Int(255)},
      {"uint16", "cdffff", num, Value::Int(65535)},
      {"uint32", "ceffffffff", num, Value::Int(4294967295)},
      {"int8", "d080", num, Value::Int(-128)},
      {"int16", "d18000", num, Value::Int(-32768)},
      {"int32", "d280000000", num, Value::Int(INT32_MIN)},
      {"int64", "d38000000000000000", num, Value::Int(INT64_MIN)},
      {"positive fixint in int64", "d30000000000000005", num, Value::Int(5)},
      {"string exponent", "a3316532", num, Value::Int(100)},
      {"string compat float", "b4" + AsciiHex("9223372036854775808."), num, Num("9223372036854775808")},
      {"bin8 string", "c4026869", str, Value::String("hi")},
      {"str8 string", "d9026869", str, Value::String("hi")},
      {"str16 string", "da00026869", str, Value::String("hi")},
      {"str32 string", "db000000026869", str, Value::String("hi")},
      {"nil bool", "c0", Type::Bool(), Value::Null(Type::Bool())},
      {"dynamic with str type", "92a8" + AsciiHex("\"string\"") + "a178", Type::Dynamic(), Value::String("x")},
      {"dynamic refined unknown ignored", "c7030c8101c2", Type::Dynamic(), Value::DynamicVal()},
      {"map keys any order", "82a16201a16102", Type::Map(num), Value::Map(num, {{"a", Value::Int(2)}, {"b", Value::Int(1)}})},
      {"object keys any order", "82a162a178a161c0", Type::Object({{"a", num}, {"b", str}}),
       Value::Object({{"a", Value::Null(num)}, {"b", Value::String("x")}})},
      {"set duplicates collapse", "93a161a162a161", Type::Set(str),
       Value::Set(str, {Value::String("a"), Value::String("b")})},
      {"array16 list", "dc0001a161", Type::List(str), Value::List(str, {Value::String("a")})},
      {"map16 map", "de0001a16101", Type::Map(num), Value::Map(num, {{"a", Value::Int(1)}})},
      {"NFC normalised", "a3" + Hex("e\xcc\x81"), str, Value::String("\xc3\xa9")},
      {"refinement unknown keys ignored", "c7060c8201c20705" "00", str, Value::Unknown(str, NotNull())},
      {"refinement trailing bytes ignored", "c7040c8101c2ff", str, Value::Unknown(str, NotNull())},
      {"refinement null=true", "c7030c8101c3", str, Value::Null(str)},
      {"refined not-null empty list collapses", "c7070c8301c205000600", Type::List(str), Value::EmptyList(str)},
      {"refined number equal bounds", "c70b0c8301c2039205c3049205c3", num, Value::Int(5)},
      {"refinement bound as string number", "c70d0c8203920b" "a3302e35" "c3" "00000000", num, [] {
         Refinements r;
         r.number_lower = Number::FromInt64(0);
         return Value::Unknown(Type::Number(), r);
       }()},
  };
  // Fix up the last case: [ "0.5", true ] lower bound.
  cases.back().hex = "c7080c8103" "92a3302e35c3";
  Refinements half;
  half.number_lower = *Number::Parse("0.5");
  cases.back().want = Value::Unknown(num, half);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = msgpack::Unmarshal(Unhex(c.hex), c.type);
    ASSERT_TRUE(got.ok()) << got.error().ToString();
    EXPECT_TRUE(RawEq(*got, c.want));
  }
}

struct ErrorCase {
  const char* name;
  std::string hex;
  Type type;
  std::string error;  // Error::ToString()
};

TEST(MsgpackTest, DecoderErrorsSayWhatAndWhere) {
  Type num = Type::Number(), str = Type::String();
  Type a = Type::Object({{"a", num}});
  Type ab = Type::Object({{"a", num}, {"b", str}});
  std::vector<ErrorCase> cases = {
      {"empty input", "", str, "EOF"},
      {"truncated string", "a568656c", str, "unexpected EOF"},
      {"truncated header", "cd01", num, "unexpected EOF"},
      {"trailing bytes", "0101", num, "extra data after msgpack value (1 bytes)"},
      {"empty map for object", "80", a, "an object with 1 attributes is required (0 given)"},
      {"too few attributes", "81a161c0", ab, "an object with 2 attributes is required (1 given)"},
      {"unsupported attribute", "81a17801", a, "x: unsupported attribute"},
      {"duplicate attribute", "82a16101a16102", ab, "a: duplicate attribute"},
      {"non-string key", "8101c0", a, "all keys must be strings"},
      {"nested wrong type", "81a161a178", a, "a: number is required"},
      {"bad number string", "a178", num, "number is required"},
      {"bool", "01", Type::Bool(), "bool is required"},
      {"string", "01", str, "string is required"},
      {"list", "01", Type::List(str), "a list is required"},
      {"set", "01", Type::Set(str), "a set is required"},
      {"map", "01", Type::Map(str), "a map is required"},
      {"map key", "8101c0", Type::Map(str), "non-string key in map"},
      {"tuple", "01", Type::Tuple({str}), "a tuple is required"},
      {"tuple length", "92a161a161", Type::Tuple({str}), "a tuple of length 1 is required"},
      {"object", "01", a, "an object is required"},
      {"list element path", "92a16101", Type::List(str), "[1]: string is required"},
      {"map element path", "81a16b01", Type::Map(str), "[\"k\"]: string is required"},
      {"deep path", "81a1619181a10101", Type::Object({{"a", Type::List(Type::Map(str))}}),
       "a[0][\"\\x01\"]: string is required"},
      {"dynamic not array", "a178", Type::Dynamic(), "msgpack: invalid code=a1 decoding array length"},
      {"dynamic wrong length", "91a178", Type::Dynamic(), "dynamic value array must have exactly two elements"},
      {"dynamic type not bytes", "9201a178", Type::Dynamic(), "msgpack: invalid code=01 decoding bytes length"},
      {"dynamic bad type", "92a5" + AsciiHex("\"foo\"") + "c0", Type::Dynamic(), "invalid primitive type name \"foo\""},
      {"ext with payload, other type", "d50501c0", str, "unsupported extension type 0x05 with len 2"},
      {"refinement not a map", "d50c01c0", str, "failed to decode msgpack extension body: not a map"},
      {"refinement prefix on number", "c7040c8102a161", num,
       "failed to decode msgpack extension body: string prefix refinement for non-string type"},
      {"refinement bad null", "c7030c810101", str,
       "failed to decode msgpack extension body: null refinement is not boolean"},
      {"refinement bad bound", "c7030c810301", num,
       "failed to decode msgpack extension body: length bound refinement must be [number, bool] array"},
      {"refinement length on string", "c7030c810501", str,
       "failed to decode msgpack extension body: length lower bound refinement for non-collection type"},
      {"refinement non-int key", "c7030c81a178c2", str,
       "failed to decode msgpack extension body: non-integer key in map"},
      {"refinement inconsistent lengths", "c7050c8205030601", Type::List(str),
       "failed to decode msgpack extension body: collection length upper bound is less than lower bound"},
      {"NaN", "cb7ff8000000000000", num, "number is required"},
      {"invalid code c1", "c1", str, "string is required"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = msgpack::Unmarshal(Unhex(c.hex), c.type);
    ASSERT_FALSE(got.ok()) << got->GoString();
    EXPECT_EQ(got.error().ToString(), c.error);
  }
}

TEST(MsgpackTest, OversizeRefinementRejected) {
  std::string hex = "c9000004010c";  // ext32, 1025 bytes, type 12
  std::string payload(1025, '\0');
  payload[0] = static_cast<char>(0x80);
  auto got = msgpack::Unmarshal(Unhex(hex) + payload, Type::String());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().message, "oversize unknown value refinement");
}

TEST(MsgpackTest, DeepNestingIsRejectedNotCrashing) {
  // A dynamic value whose type is list(dynamic), nested 10000 times.
  std::string one = Unhex("92c412") + "[\"list\",\"dynamic\"]" + Unhex("91");
  std::string data;
  for (int i = 0; i < 10000; ++i) data += one;
  data += Unhex("c0");
  auto got = msgpack::Unmarshal(data, Type::Dynamic());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().message, "value is nested too deeply");
}

TEST(MsgpackTest, HugeClaimedLengthsFailCleanly) {
  auto got = msgpack::Unmarshal(Unhex("ddffffffff"), Type::List(Type::String()));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().ToString(), "[0]: EOF");
  got = msgpack::Unmarshal(Unhex("dbffffffff"), Type::String());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().message, "unexpected EOF");
}

TEST(MsgpackTest, MarshalRefusesMarkedValues) {
  Value v = Value::Object({{"a", Value::String("s").Mark(kMarkSensitive)}});
  auto got = msgpack::Marshal(v, v.type());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().ToString(), "a: value has marks, so it cannot be serialized");
}

TEST(MsgpackTest, MarshalConvertsNonConformingValues) {
  // A tuple is converted to the list type first, as cty does.
  Value v = Value::Tuple({Value::String("a"), Value::Int(1)});
  auto got = msgpack::Marshal(v, Type::List(Type::String()));
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(Hex(*got), "92a161a131");
  auto bad = msgpack::Marshal(Value::String("x"), Type::List(Type::String()));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "list of string required, but have string");
}

TEST(MsgpackTest, DynamicSlotsInsideStructures) {
  Type t = Type::Object({{"d", Type::Dynamic()}, {"m", Type::Map(Type::Dynamic())}});
  Value v = Value::Object({{"d", Value::Int(1)}, {"m", Value::Map(Type::String(), {{"k", Value::String("v")}})}});
  auto enc = msgpack::Marshal(v, t);
  ASSERT_TRUE(enc.ok()) << enc.error().ToString();
  EXPECT_EQ(Hex(*enc), "82a16492c408226e756d62657222" "01" "a16d81a16b92c40822737472696e6722a176");
  auto dec = msgpack::Unmarshal(*enc, t);
  ASSERT_TRUE(dec.ok()) << dec.error().ToString();
  EXPECT_TRUE(RawEq(*dec, v));
  EXPECT_EQ(dec->type(), v.type());
}

TEST(MsgpackTest, NumbersOutsideInt64UseCompatibleForms) {
  // Integers outside int64 that are exact float64s are sent as decimal
  // strings by cty >= 1.14.4; older clients sent float64. Both decode equal.
  // Numerically equal, but cty compares numbers by their shortest text at
  // their own precision, so the float64 form (53 bits) differs from the
  // parsed one.
  Value two70 = Num("1180591620717411303424");
  auto from_float = msgpack::Unmarshal(Unhex("cb4450000000000000"), Type::Number());
  ASSERT_TRUE(from_float.ok());
  EXPECT_EQ(from_float->AsNumber().Compare(two70.AsNumber()), 0);
  EXPECT_FALSE(from_float->Equals(two70).AsBool());
  EXPECT_EQ(from_float->AsNumber().ToString(), "1180591620717411300000");
  // Re-encoded like cty >= 1.14.4 does: a non-int64 integer becomes its
  // Text('f', -1) string.
  EXPECT_EQ(Hex(*msgpack::Marshal(*from_float, Type::Number())), "b6" + AsciiHex("1180591620717411300000"));
}

TEST(MsgpackTest, NestedBlocksWithDynamicAreTuples) {
  // §10.6: a LIST block whose type contains dynamic is a tuple; element
  // objects may have different concrete types.
  Type blk = Type::Object({{"v", Type::Dynamic()}});
  Type t = Type::Tuple({blk, blk});
  Value v = Value::Tuple({Value::Object({{"v", Value::String("x")}}), Value::Object({{"v", Value::Int(1)}})});
  auto enc = msgpack::Marshal(v, t);
  ASSERT_TRUE(enc.ok()) << enc.error().ToString();
  auto dec = msgpack::Unmarshal(*enc, t);
  ASSERT_TRUE(dec.ok()) << dec.error().ToString();
  EXPECT_TRUE(RawEq(*dec, v));
  EXPECT_NE(dec->Elements()[0].type(), dec->Elements()[1].type());
}

TEST(MsgpackTest, ResourceStateRoundTrip) {
  Type rule = Type::Object({{"name", Type::String()}, {"ports", Type::Set(Type::Number())}});
  Type t = Type::Object({{"id", Type::String()},
                         {"count", Type::Number()},
                         {"enabled", Type::Bool()},
                         {"tags", Type::Map(Type::String())},
                         {"rules", Type::List(rule)},
                         {"zones", Type::Set(Type::String())},
                         {"timeouts", Type::Object({{"create", Type::String()}})},
                         {"ratio", Type::Number()}});
  Value v = Value::ObjectOf(
      t, {{"id", Value::String("i-1")},
          {"count", Value::Unknown(Type::Number(), [] {
             Refinements r;
             r.not_null = true;
             r.number_lower = Number::FromInt64(0);
             return r;
           }())},
          {"enabled", Value::Null(Type::Bool())},
          {"tags", Value::Map(Type::String(), {{"env", Value::String("prod")}})},
          {"rules", Value::List(rule, {Value::ObjectOf(rule, {{"name", Value::String("web")},
                                                               {"ports", Value::Set(Type::Number(), {Value::Int(443), Value::Int(80)})}}),
                                       Value::Unknown(rule)})},
          {"zones", Value::EmptySet(Type::String())},
          {"timeouts", Value::Null(Type::Object({{"create", Type::String()}}))},
          {"ratio", Num("0.1")}});
  auto enc = msgpack::Marshal(v, t);
  ASSERT_TRUE(enc.ok()) << enc.error().ToString();
  auto dec = msgpack::Unmarshal(*enc, t);
  ASSERT_TRUE(dec.ok()) << dec.error().ToString();
  EXPECT_TRUE(RawEq(*dec, v));
  EXPECT_EQ(dec->type(), t);
  // Ports are in cty set order (numeric).
  EXPECT_EQ(dec->GetAttr("rules").Elements()[0].GetAttr("ports").Elements()[0].AsNumber().ToInt64(), 80);
}

}  // namespace
}  // namespace cty
