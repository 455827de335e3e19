// lib/funcs: results and error messages of the OpenTofu functions, checked
// against go-cty / OpenTofu behaviour.
#include "funcs/funcs.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cty/cty.h"

namespace funcs {
namespace {

using cty::Type;
using cty::Value;

Value S(const char* s) { return Value::String(s); }
Value N(const char* text) { return Value::Number(*cty::Number::Parse(text)); }
Value I(int64_t i) { return Value::Int(i); }
Value Sens(const Value& v) { return v.Mark(cty::kMarkSensitive); }
Value ListS(std::vector<Value> v) { return Value::List(Type::String(), std::move(v)); }
Value SetS(std::vector<Value> v) { return Value::Set(Type::String(), std::move(v)); }
Value Tup(std::vector<Value> v) { return Value::Tuple(std::move(v)); }
Value Unk(const Type& t) {
  cty::Refinements r;
  r.not_null = true;
  return Value::Unknown(t, r);
}

// The unknown length of a set with unknown elements.
Value SetLen(int64_t lo, int64_t hi) {
  cty::Refinements r;
  r.not_null = true;
  r.number_lower = cty::Number::FromInt64(lo);
  r.number_upper = cty::Number::FromInt64(hi);
  return Value::Unknown(Type::Number(), r);
}

const cty::FunctionTable& Table() {
  static const cty::FunctionTable* t = new cty::FunctionTable(Standard());
  return *t;
}

// One call: either `want` or an error `err` (with argument index `arg`).
struct Case {
  const char* fn;
  std::vector<Value> args;
  Value want;
  const char* err = nullptr;
  int arg = -1;
};

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fn);
    auto it = Table().find(c.fn);
    ASSERT_NE(it, Table().end()) << "no function " << c.fn;
    auto r = it->second.Call(c.args);
    std::string desc = std::string(c.fn) + "(";
    for (size_t i = 0; i < c.args.size(); ++i) desc += (i ? ", " : "") + c.args[i].GoString();
    desc += ")";
    if (c.err) {
      ASSERT_FALSE(r.ok()) << desc << " = " << r.value().GoString();
      EXPECT_EQ(r.error().message, c.err) << desc;
      EXPECT_EQ(r.error().arg_index, c.arg) << desc;
    } else {
      ASSERT_TRUE(r.ok()) << desc << ": " << r.error().message;
      EXPECT_TRUE(r.value().RawEquals(c.want)) << desc << "\n got  " << r.value().GoString() << "\n want "
                                               << c.want.GoString();
    }
  }
}

TEST(FuncsTest, Numeric) {
  Check({
      {"abs", {I(-3)}, I(3)},
      {"abs", {N("-1.5")}, N("1.5")},
      {"abs", {Sens(I(-1))}, Sens(I(1))},
      {"abs", {Value::Unknown(Type::Number())}, Unk(Type::Number())},
      {"ceil", {N("1.2")}, I(2)},
      {"ceil", {N("-1.2")}, I(-1)},
      {"ceil", {N("5")}, I(5)},
      {"floor", {N("1.8")}, I(1)},
      {"floor", {N("-1.2")}, I(-2)},
      {"floor", {N("-0.5")}, I(-1)},
      {"log", {I(50), I(10)}, Value::Number(cty::Number::FromDouble(1.6989700043360185))},
      {"log", {I(16), I(2)}, I(4)},
      {"pow", {I(3), I(2)}, I(9)},
      {"pow", {I(4), I(0)}, I(1)},
      {"max", {I(12), I(54), I(3)}, I(54)},
      {"max", {}, Value(), "must pass at least one number"},
      {"min", {I(12), I(54), I(3)}, I(3)},
      {"min", {N("1.5"), S("2")}, N("1.5")},
      {"parseint", {S("100"), I(10)}, I(100)},
      {"parseint", {S("FF"), I(16)}, I(255)},
      {"parseint", {S("-10"), I(16)}, I(-16)},
      {"parseint", {S("zz"), I(36)}, I(1295)},
      {"parseint", {S("Z"), I(62)}, I(61)},
      {"parseint", {S("123456789012345678901234567890"), I(10)}, N("123456789012345678901234567890")},
      {"parseint", {S("12"), I(2)}, Value(), "cannot parse \"12\" as a base 2 integer", 0},
      {"parseint", {Sens(S("12")), I(2)}, Value(), "cannot parse (sensitive value) as a base (sensitive value) integer",
       0},
      {"parseint", {S("FF"), I(1)}, Value(), "base must be a whole number between 2 and 62 inclusive", 1},
      {"parseint", {I(1), I(10)}, Value(), "first argument must be a string, not number", 0},
      {"parseint", {Sens(S("ff")), I(16)}, Sens(I(255))},
      {"signum", {I(-42)}, I(-1)},
      {"signum", {I(0)}, I(0)},
      {"signum", {I(3)}, I(1)},
      {"signum", {N("1.5")}, Value(),
       "value must be a whole number, between -9223372036854775808 and 9223372036854775807"},
  });
}

TEST(FuncsTest, String) {
  cty::Refinements pre;
  pre.string_prefix = "https://";
  Value url = Value::Unknown(Type::String(), pre);
  Check({
      {"upper", {S("héllo wörld")}, S("HÉLLO WÖRLD")},
      {"upper", {Value::DynamicVal()}, Unk(Type::String())},
      {"upper", {Sens(S("a"))}, Sens(S("A"))},
      {"upper", {Value::Null(Type::String())}, Value(), "argument must not be null", 0},
      {"lower", {S("HELLO ÀÉ")}, S("hello àé")},
      {"strrev", {S("hello")}, S("olleh")},
      {"strrev", {S("a\u0301b🇩🇪")}, S("🇩🇪ba\u0301")},
      {"title", {S("hello world-foo_bar é")}, S("Hello World-Foo_bar É")},
      {"trimspace", {S("  \t hello \n")}, S("hello")},
      {"chomp", {S("hello\r\n\n\r")}, S("hello")},
      {"chomp", {S("hel\nlo")}, S("hel\nlo")},
      {"trim", {S("?!hello?!"), S("!?")}, S("hello")},
      {"trim", {S("foobar"), S("")}, S("foobar")},
      {"trimprefix", {S("helloworld"), S("hello")}, S("world")},
      {"trimprefix", {S("helloworld"), S("cat")}, S("helloworld")},
      {"trimsuffix", {S("helloworld"), S("world")}, S("hello")},
      {"startswith", {S("hello world"), S("hello")}, Value::True()},
      {"startswith", {S("hello world"), S("world")}, Value::False()},
      {"startswith", {url, S("https:")}, Value::True()},
      {"startswith", {url, S("ftp://")}, Value::False()},
      {"startswith", {url, S("https://example")}, Unk(Type::Bool())},
      {"startswith", {Value::Unknown(Type::String()), S("")}, Value::True()},
      {"endswith", {S("hello world"), S("world")}, Value::True()},
      {"strcontains", {S("hello world"), S("o w")}, Value::True()},
      {"strcontains", {S("hello world"), S("x")}, Value::False()},
      {"substr", {S("hello world"), I(1), I(4)}, S("ello")},
      {"substr", {S("🤔🤷"), I(0), I(1)}, S("🤔")},
      {"substr", {S("hello world"), I(-5), I(3)}, S("wor")},
      {"substr", {S("hello world"), I(-5), I(-1)}, S("world")},
      {"substr", {S("hello world"), I(-3), I(0)}, S("rld")},
      {"substr", {S("hello"), I(10), I(2)}, S("")},
      {"substr", {S("hello"), I(2), I(0)}, S("")},
      {"substr", {S("hello"), I(3), I(100)}, S("lo")},
      {"join", {S(", "), ListS({S("foo"), S("bar")})}, S("foo, bar")},
      {"join", {S("-"), ListS({S("a")}), Tup({S("b"), I(1)})}, S("a-b-1")},
      {"join", {S(",")}, Value(), "at least one list is required"},
      {"join", {S(","), ListS({S("a"), Value::Null(Type::String())})}, Value(),
       "element 1 is null; cannot concatenate null values", 1},
      {"join", {S(","), ListS({S("a")}), ListS({Value::Null(Type::String())})}, Value(),
       "element 0 of list 2 is null; cannot concatenate null values", 2},
      {"join", {S(","), ListS({S("a"), Value::Unknown(Type::String())})}, Unk(Type::String())},
      {"split", {S(","), S("a,b,,c")}, ListS({S("a"), S("b"), S(""), S("c")})},
      {"split", {S(","), S("")}, ListS({S("")})},
      {"split", {S(""), S("ab")}, ListS({S("a"), S("b")})},
      {"indent", {I(2), S("a\nb\n")}, S("a\n  b\n  ")},
      {"replace", {S("1 + 2 + 3"), S("+"), S("-")}, S("1 - 2 - 3")},
      {"replace", {S("ab"), S(""), S("-")}, S("-a-b-")},
  });
}

TEST(FuncsTest, Collection) {
  Type ls = Type::List(Type::String());
  Value obj = Value::Object({{"b", I(1)}, {"a", S("x")}});
  Value m = Value::Map(Type::String(), {{"b", S("2")}, {"a", S("1")}});
  Check({
      {"length", {ListS({S("a"), S("b")})}, I(2)},
      {"length", {S("héllo🤔")}, I(6)},
      {"length", {obj}, I(2)},
      {"length", {Value::DynamicVal()}, Unk(Type::Number())},
      {"length", {Value::Unknown(ls)}, Unk(Type::Number())},
      {"length", {ListS({Value::Unknown(Type::String())})}, I(1)},
      {"length", {SetS({Value::Unknown(Type::String())})}, I(1)},
      {"length", {SetS({S("a"), Value::Unknown(Type::String())})}, SetLen(1, 2)},
      {"length", {Sens(ListS({S("a")}))}, Sens(I(1))},
      {"length", {I(1)}, Value(), "argument must be a string, a collection type, or a structural type"},
      {"element", {ListS({S("a"), S("b")}), I(3)}, S("b")},
      {"element", {Tup({S("a"), I(1)}), I(1)}, I(1)},
      {"element", {ListS({S("a")}), I(-1)}, Value(), "cannot use element function with a negative index"},
      {"element", {ListS({}), I(0)}, Value(), "cannot use element function with an empty list"},
      {"concat", {ListS({S("a")}), ListS({S("b")})}, ListS({S("a"), S("b")})},
      {"concat", {Tup({S("a")}), Tup({I(1)})}, Tup({S("a"), I(1)})},
      {"concat", {ListS({S("a")}), S("b")}, Value(), "all arguments must be lists or tuples; got string", 1},
      {"contains", {ListS({S("a"), S("b")}), S("b")}, Value::True()},
      {"contains", {ListS({S("a")}), S("c")}, Value::False()},
      {"contains", {S("a"), S("c")}, Value(), "argument must be list, tuple, or set"},
      {"distinct", {ListS({S("a"), S("b"), S("a")})}, ListS({S("a"), S("b")})},
      {"chunklist", {ListS({S("a"), S("b"), S("c")}), I(2)},
       Value::List(ls, {ListS({S("a"), S("b")}), ListS({S("c")})})},
      {"flatten", {Tup({ListS({S("a")}), Tup({Tup({S("b")}), I(1)})})}, Tup({S("a"), S("b"), I(1)})},
      {"flatten", {Tup({})}, Tup({})},
      {"keys", {obj}, Tup({S("a"), S("b")})},
      {"keys", {m}, ListS({S("a"), S("b")})},
      {"values", {m}, ListS({S("1"), S("2")})},
      {"values", {obj}, Tup({S("x"), I(1)})},
      {"lookup", {m, S("a")}, S("1")},
      {"lookup", {m, S("c"), S("d")}, S("d")},
      {"lookup", {m, S("c")}, Value(), "lookup failed to find key \"c\""},
      {"lookup", {obj, S("z")}, Value(), "the given object has no attribute \"z\"", 0},
      {"merge", {m, Value::Map(Type::String(), {{"c", S("3")}})},
       Value::Map(Type::String(), {{"a", S("1")}, {"b", S("2")}, {"c", S("3")}})},
      {"merge", {m, obj}, Value::Object({{"a", S("x")}, {"b", I(1)}})},
      {"merge", {}, Value::EmptyObject()},
      {"merge", {S("a")}, Value(), "arguments must be maps or objects, got \"string\""},
      {"reverse", {ListS({S("a"), S("b")})}, ListS({S("b"), S("a")})},
      {"slice", {ListS({S("a"), S("b"), S("c")}), I(1), I(3)}, ListS({S("b"), S("c")})},
      {"slice", {ListS({S("a")}), I(2), I(1)}, Value(), "start index must not be greater than the length of the list",
       1},
      {"zipmap", {ListS({S("a"), S("b")}), ListS({S("1"), S("2")})}, Value::Map(Type::String(), {{"a", S("1")}, {"b", S("2")}})},
      {"zipmap", {ListS({S("a")}), Tup({I(1)})}, Value::Object({{"a", I(1)}})},
      {"range", {I(3)}, Value::List(Type::Number(), {I(0), I(1), I(2)})},
      {"range", {I(1), I(4), I(2)}, Value::List(Type::Number(), {I(1), I(3)})},
      {"range", {I(3), I(0)}, Value::List(Type::Number(), {I(3), I(2), I(1)})},
      {"range", {I(0)}, Value::EmptyList(Type::Number())},
      {"range", {I(0), I(1), I(-1)}, Value(), "end must be less than start when step is negative", 1},
      {"setunion", {SetS({S("a"), S("b")}), SetS({S("c"), S("b")})}, SetS({S("a"), S("b"), S("c")})},
      {"setintersection", {SetS({S("a"), S("b")}), SetS({S("c"), S("b")})}, SetS({S("b")})},
      {"setsubtract", {SetS({S("a"), S("b")}), SetS({S("b")})}, SetS({S("a")})},
      {"setproduct", {ListS({S("a"), S("b")}), ListS({S("1")})},
       Value::List(Type::Tuple({Type::String(), Type::String()}), {Tup({S("a"), S("1")}), Tup({S("b"), S("1")})})},
      {"sum", {Tup({I(1), S("2"), N("0.5")})}, N("3.5")},
      {"sum", {ListS({})}, Value(), "cannot sum an empty list", 0},
      {"transpose", {Value::Map(ls, {{"a", ListS({S("1"), S("2")})}, {"b", ListS({S("2")})}})},
       Value::Map(ls, {{"1", ListS({S("a")})}, {"2", ListS({S("a"), S("b")})}})},
      {"matchkeys", {ListS({S("i-1"), S("i-2")}), ListS({S("us-1"), S("us-2")}), ListS({S("us-2")})},
       ListS({S("i-2")})},
      {"one", {ListS({S("a")})}, S("a")},
      {"one", {ListS({})}, Value::Null(Type::String())},
      {"one", {ListS({S("a"), S("b")})}, Value(), "must be a list, set, or tuple value with either zero or one elements",
       0},
      {"coalesce", {S(""), S("b")}, S("b")},
      {"coalesce", {I(1), S("b")}, S("1")},
      {"coalesce", {Value::Null(Type::String())}, Value(), "no non-null, non-empty-string arguments"},
      {"coalescelist", {ListS({}), ListS({S("b")})}, ListS({S("b")})},
      {"compact", {ListS({S("a"), S(""), S("b")})}, ListS({S("a"), S("b")})},
      {"index", {ListS({S("a"), S("b")}), S("b")}, I(1)},
      {"index", {ListS({S("a")}), S("c")}, Value(), "item not found"},
      {"sort", {ListS({S("b"), S("a"), S("c")})}, ListS({S("a"), S("b"), S("c")})},
      {"alltrue", {Tup({Value::True(), S("true")})}, Value::True()},
      {"alltrue", {Value::List(Type::Bool(), {})}, Value::True()},
      {"anytrue", {Tup({Value::False(), Value::True()})}, Value::True()},
      {"anytrue", {Value::List(Type::Bool(), {Value::False(), Value::Unknown(Type::Bool())})}, Unk(Type::Bool())},
  });
}

TEST(FuncsTest, Conversion) {
  Check({
      {"tostring", {I(5)}, S("5")},
      {"tostring", {Value::Null(Type::Dynamic())}, Value::Null(Type::String())},
      {"tostring", {Value::Unknown(Type::Number())}, Value::Unknown(Type::String())},
      {"tostring", {ListS({})}, Value(), "cannot convert list of string to string", 0},
      {"tonumber", {S("1.5")}, N("1.5")},
      {"tonumber", {S("x")}, Value(),
       "cannot convert \"x\" to number; given string must be a decimal representation of a number", 0},
      {"tonumber", {Sens(S("x"))}, Value(), "cannot convert this sensitive string to number", 0},
      {"tobool", {S("true")}, Value::True()},
      {"tobool", {S("yes")}, Value(), "cannot convert \"yes\" to bool; only the strings \"true\" or \"false\" are allowed",
       0},
      {"tolist", {Tup({S("a"), I(1)})}, ListS({S("a"), S("1")})},
      {"toset", {Tup({S("b"), S("a"), S("b")})}, SetS({S("a"), S("b")})},
      {"tomap", {Value::Object({{"a", S("x")}})}, Value::Map(Type::String(), {{"a", S("x")}})},
      {"tomap", {S("x")}, Value(), "cannot convert string to map of any single type", 0},
      {"sensitive", {S("x")}, Sens(S("x"))},
      {"nonsensitive", {Sens(S("x"))}, S("x")},
      {"issensitive", {Sens(S("x"))}, Value::True()},
      {"issensitive", {S("x")}, Value::False()},
  });
}

TEST(FuncsTest, Encoding) {
  cty::Refinements obj_prefix;
  obj_prefix.not_null = true;
  obj_prefix.string_prefix = "{";
  Check({
      {"base64encode", {S("Hello World")}, S("SGVsbG8gV29ybGQ=")},
      {"base64decode", {S("SGVsbG8gV29ybGQ=")}, S("Hello World")},
      {"base64decode", {S("SGVsbG8gV29ybGQ")}, Value(), "failed to decode base64 data \"SGVsbG8gV29ybGQ\""},
      {"base64decode", {Sens(S("SGVsbG8gV29ybGQ"))}, Value(), "failed to decode base64 data (sensitive value)"},
      {"base64decode", {S("/w==")}, Value(), "the result of decoding the provided string is not valid UTF-8"},
      {"jsonencode", {Value::Object({{"a", S("<b>&")}, {"n", N("1.5")}, {"l", Tup({I(1), Value::True()})}})},
       S("{\"a\":\"\\u003cb\\u003e\\u0026\",\"l\":[1,true],\"n\":1.5}")},
      {"jsonencode", {SetS({S("b"), S("a")})}, S("[\"a\",\"b\"]")},
      {"jsonencode", {Value::Null(Type::String())}, S("null")},
      {"jsonencode", {Value::Object({{"a", Value::Unknown(Type::String())}})}, Value::Unknown(Type::String(), obj_prefix)},
      {"jsonencode", {Value::Unknown(Type::String())}, Unk(Type::String())},
      {"jsondecode", {S("{\"b\":[1,\"x\",null],\"a\":true}")},
       Value::Object({{"a", Value::True()}, {"b", Tup({I(1), S("x"), Value::Null(Type::Dynamic())})}})},
      {"jsondecode", {S("")}, Value(), "EOF"},
      {"jsondecode", {S("[1,]")}, Value(), "invalid character ']' looking for beginning of value"},
      {"jsondecode", {S("{1")}, Value(), "invalid character '1'"},
      {"jsondecode", {S("1 2")}, Value(), "extraneous data after JSON object"},
      {"jsondecode", {S("tru")}, Value(), "unexpected EOF"},
      {"urlencode", {S("a b&c=d/é~")}, S("a+b%26c%3Dd%2F%C3%A9~")},
      {"urldecode", {S("a+b%26c%3Dd%2F%C3%A9~")}, S("a b&c=d/é~")},
      {"urldecode", {S("100%zz")}, Value(), "failed to decode URL '': invalid URL escape \"%zz\""},
      {"urldecode", {S("1%2")}, Value(), "failed to decode URL '': invalid URL escape \"%2\""},
      {"csvdecode", {S("a,b\r\n\"x,y\",\"q\"\"r\"\n\n5,6")},
       Value::List(Type::Object({{"a", Type::String()}, {"b", Type::String()}}),
                   {Value::Object({{"a", S("x,y")}, {"b", S("q\"r")}}), Value::Object({{"a", S("5")}, {"b", S("6")}})})},
      {"csvdecode", {S("a\n")}, Value::EmptyList(Type::Object({{"a", Type::String()}}))},
      {"csvdecode", {S("")}, Value(), "missing header line"},
      {"csvdecode", {S("a,a\n1,2\n")}, Value(), "duplicate column name \"a\""},
      {"csvdecode", {S("a,b\n1,2,3\n")}, Value(), "CSV parse error on line 2: wrong number of fields"},
      {"csvdecode", {S("a,b\n1,x\"y\n")}, Value(), "CSV parse error on line 2: bare \" in non-quoted-field"},
      {"csvdecode", {Value::Unknown(Type::String())}, Value::DynamicVal()},
  });
}

TEST(FuncsTest, Hash) {
  Check({
      {"md5", {S("hello world")}, S("5eb63bbbe01eeed093cb22bb8f5acdc3")},
      {"sha1", {S("hello world")}, S("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")},
      {"sha256", {S("hello world")}, S("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")},
      {"sha512", {S("hello world")},
       S("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7"
         "dc5542e93ae9cd76f")},
      {"base64sha256", {S("hello world")}, S("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")},
      {"base64sha512", {S("hello world")},
       S("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")},
      {"md5", {Sens(S("hello world"))}, Sens(S("5eb63bbbe01eeed093cb22bb8f5acdc3"))},
      {"uuidv5", {S("dns"), S("tada")}, S("faa898db-9b9d-5b75-86a9-149e7bb8e3b8")},
      {"uuidv5", {S("url"), S("https://www.terraform.io/")}, S("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")},
      {"uuidv5", {S("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}"), S("x")}, S("05b16a01-46c6-56dd-bd6e-c6dfb4a1427a")},
      {"uuidv5", {S("nope"), S("x")}, Value(), "uuidv5() doesn't support namespace nope (invalid UUID length: 4)"},
  });
  auto u = Table().at("uuid").Call({});
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u.value().AsString().size(), 36u);
  StandardOptions pure_opts;
  pure_opts.pure_only = true;
  cty::FunctionTable pure_table = Standard(pure_opts);
  auto pure = pure_table.at("uuid").Call({});
  ASSERT_TRUE(pure.ok());
  EXPECT_TRUE(pure.value().RawEquals(Unk(Type::String())));
  auto pure_bcrypt = pure_table.at("bcrypt").Call({S("x")});
  ASSERT_TRUE(pure_bcrypt.ok());
  EXPECT_TRUE(pure_bcrypt.value().RawEquals(Unk(Type::String())));
  auto hash = Table().at("bcrypt").Call({S("secret"), I(4)});
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_EQ(hash.value().AsString().substr(0, 7), "$2a$04$");
  EXPECT_EQ(hash.value().AsString().size(), 60u);
  auto bad_cost = Table().at("bcrypt").Call({S("secret"), I(32)});
  ASSERT_FALSE(bad_cost.ok());
  EXPECT_EQ(bad_cost.error().message,
            "error occurred generating password crypto/bcrypt: cost 32 is outside allowed range (4,31)");
  EXPECT_TRUE(Table().at("plantimestamp").Call({}).value().RawEquals(Unk(Type::String())));
  StandardOptions plan_opts;
  plan_opts.plan_timestamp = "2024-01-02T03:04:05Z";
  EXPECT_TRUE(Standard(plan_opts).at("plantimestamp").Call({}).value().RawEquals(S("2024-01-02T03:04:05Z")));
  EXPECT_TRUE(Table().at("core::upper").Call({S("a")}).value().RawEquals(S("A")));
}

TEST(FuncsTest, Format) {
  Check({
      {"format", {S("Hello, %s!"), S("Ander")}, S("Hello, Ander!")},
      {"format", {S("%5d|%-5d|%05d|%+d"), I(42), I(42), I(42), I(42)}, S("   42|42   |00042|+42")},
      {"format", {S("%x %X %o %b %#x"), I(255), I(255), I(255), I(255), I(255)}, S("ff FF 377 11111111 0xff")},
      {"format", {S("%.2f|%8.2f|%e|%g"), N("3.14159"), N("3.14159"), N("123456.789"), N("123456.789")},
       S("3.14|    3.14|1.234568e+05|123456.789")},
      {"format", {S("%v %v %v"), N("1e21"), Value::True(), Tup({I(1), S("a")})}, S("1e+21 true [1,\"a\"]")},
      {"format", {S("%q|%.3s|%6s"), S("a\"b<"), S("héllo"), S("ab")}, S("\"a\\\"b\\u003c\"|hél|    ab")},
      {"format", {S("%[2]s %[1]s"), S("a"), S("b")}, S("b a")},
      {"format", {S("100%%")}, S("100%")},
      {"format", {S("%s"), Value::Unknown(Type::String())}, Unk(Type::String())},
      {"format", {S("%d"), N("1.5")}, Value(), "unsupported value for \"%d\" at 0: an integer is required"},
      {"format", {S("%z"), I(1)}, Value(), "unsupported format verb 'z' in \"%z\" at offset 0"},
      {"format", {S("abc %")}, Value(), "invalid format string starting at offset 5"},
      {"format", {S("%!"), I(1)}, Value(), "unrecognized format character '!' at offset 1"},
      {"format", {S("%s %s"), S("a")}, Value(), "not enough arguments for \"%s\" at 3: need index 2 but have 1 total"},
      {"format", {S("x"), S("a")}, Value(), "too many arguments; no verbs in format string", 1},
      {"format", {S("%s"), S("a"), S("b")}, Value(), "too many arguments; only 1 used by format string", 2},
      {"format", {S("%s"), Value::Null(Type::String())}, Value(),
       "unsupported value for \"%s\" at 0: null value cannot be formatted"},
      {"formatlist", {S("%s=%s"), ListS({S("a"), S("b")}), ListS({S("1"), S("2")})}, ListS({S("a=1"), S("b=2")})},
      {"formatlist", {S("%s-%s"), ListS({S("a"), S("b")}), S("x")}, ListS({S("a-x"), S("b-x")})},
      {"formatlist", {S("%s"), ListS({S("a"), S("b")}), ListS({S("1")})}, Value(),
       "argument 2 has length 1, which is inconsistent with argument 1 of length 2", 2},
      {"formatlist", {S("%s"), Value::Unknown(Type::List(Type::String()))}, Unk(Type::List(Type::String()))},
  });
}

TEST(FuncsTest, DateTime) {
  Check({
      {"formatdate", {S("YYYY-MM-DD hh:mm:ss ZZZZZ"), S("2017-03-04T21:05:06+05:30")}, S("2017-03-04 21:05:06 +05:30")},
      {"formatdate", {S("EEEE, MMMM D, YYYY H:m:s aa AA"), S("2017-03-04T21:05:06Z")},
       S("Saturday, March 4, 2017 9:5:6 pm PM")},
      {"formatdate", {S("DD MMM YY ZZZ 'o''clock'"), S("2017-03-04T09:05:06Z")}, S("04 Mar 17 UTC o'clock")},
      {"formatdate", {S("YYY"), S("2017-03-04T09:05:06Z")}, Value(),
       "invalid date format verb \"YYY\": year must either be \"YY\" or \"YYYY\"", 0},
      {"formatdate", {S("'open"), S("2017-03-04T09:05:06Z")}, Value(), "unterminated literal '", 0},
      {"formatdate", {S("YYYY"), S("2017-13-04T09:05:06Z")}, Value(),
       "not a valid RFC3339 timestamp: cannot use \"-04T09:05:06Z\" as month", 1},
      {"formatdate", {S("YYYY"), S("2017-02-30T09:05:06Z")}, Value(), "not a valid RFC3339 timestamp: day out of range", 1},
      {"formatdate", {S("YYYY"), S("2017-03-04 09:05:06Z")}, Value(),
       "not a valid RFC3339 timestamp: missing required time introducer 'T'", 1},
      {"formatdate", {S("YYYY"), S("2017-03-04T09:05:06")}, Value(),
       "not a valid RFC3339 timestamp: end of string before UTC offset", 1},
      {"timeadd", {S("2017-03-04T09:05:06+05:30"), S("1.5h")}, S("2017-03-04T10:35:06+05:30")},
      {"timeadd", {S("2017-03-04T09:05:06Z"), S("-10m5s")}, S("2017-03-04T08:55:01Z")},
      {"timeadd", {S("2017-03-04T09:05:06Z"), S("1d")}, Value(), "time: unknown unit \"d\" in duration \"1d\""},
      {"timeadd", {S("2017-03-04T09:05:06Z"), S("1")}, Value(), "time: missing unit in duration \"1\""},
      {"timeadd", {S("2017-03-04T09:05:06Z"), S("")}, Value(), "time: invalid duration \"\""},
      {"timecmp", {S("2017-03-04T09:05:06Z"), S("2017-03-04T14:35:06+05:30")}, I(0)},
      {"timecmp", {S("2017-03-04T09:05:06Z"), S("2017-03-04T09:05:07Z")}, I(-1)},
      {"timecmp", {S("2017-03-04T09:05:06Z"), S("bad")}, Value(),
       "not a valid RFC3339 timestamp: cannot use \"bad\" as year", 1},
  });
  auto now = Table().at("timestamp").Call({});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now.value().AsString().size(), 20u);
}

TEST(FuncsTest, Network) {
  Check({
      {"cidrhost", {S("10.12.112.0/20"), I(268)}, S("10.12.113.12")},
      {"cidrhost", {S("10.12.112.0/20"), I(-1)}, S("10.12.127.255")},
      {"cidrhost", {S("fd00:fd12:3456:7890::/56"), I(34)}, S("fd00:fd12:3456:7800::22")},
      {"cidrhost", {S("10.12.112.0/20"), I(4096)}, Value(), "prefix of 20 does not accommodate a host numbered 4096"},
      {"cidrhost", {S("10.12.112.0/20"), I(-4097)}, Value(), "prefix of 20 does not accommodate a host numbered -1"},
      {"cidrhost", {S("x"), I(1)}, Value(), "invalid CIDR expression: invalid CIDR address: x"},
      {"cidrnetmask", {S("172.16.0.0/12")}, S("255.240.0.0")},
      {"cidrnetmask", {S("fd00::/64")}, Value(), "IPv6 addresses cannot have a netmask: fd00::/64"},
      {"cidrsubnet", {S("172.16.0.0/12"), I(4), I(2)}, S("172.18.0.0/16")},
      {"cidrsubnet", {S("fd00:fd12:3456:7890::/56"), I(16), I(162)}, S("fd00:fd12:3456:7800:a200::/72")},
      {"cidrsubnet", {S("10.1.2.0/24"), I(4), I(16)}, Value(), "prefix extension of 4 does not accommodate a subnet numbered 16"},
      {"cidrsubnet", {S("10.1.2.0/24"), I(9), I(0)}, Value(), "insufficient address space to extend prefix of 24 by 9"},
      {"cidrsubnets", {S("10.1.0.0/16"), I(4), I(4), I(8), I(4)},
       ListS({S("10.1.0.0/20"), S("10.1.16.0/20"), S("10.1.32.0/24"), S("10.1.48.0/20")})},
      {"cidrsubnets", {S("10.1.0.0/24"), I(1), I(1), I(1)}, Value(),
       "not enough remaining address space for a subnet with a prefix of 25 bits after 10.1.0.128/25", 3},
      {"cidrsubnets", {S("10.1.0.0/16"), I(0)}, Value(), "must extend prefix by at least one bit", 1},
      {"cidrsubnets", {S("10.1.0.0/30"), I(3)}, Value(),
       "would extend prefix to 33 bits, which is too long for an IPv4 address", 1},
      {"cidrcontains", {S("10.0.0.0/8"), S("10.1.2.3")}, Value::True()},
      {"cidrcontains", {S("10.0.0.0/8"), S("10.0.0.0/7")}, Value::False()},
      {"cidrcontains", {S("10.0.0.0/8"), S("::1")}, Value(), "address family mismatch: 10.0.0.0/8 vs. ::1"},
      {"cidrcontains", {S("10.0.0.0/8"), S("x")}, Value(), "invalid IP address or prefix: x"},
  });
}

TEST(FuncsTest, Filesystem) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "funcs_test_XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  fs::path dir(tmpl);
  fs::create_directories(dir / "sub" / "deep");
  std::ofstream(dir / "hello.txt") << "hello world";
  std::ofstream(dir / "sub" / "a.txt") << "a";
  std::ofstream(dir / "sub" / "deep" / "b.txt") << "b";
  std::ofstream(dir / "sub" / "c.json") << "{}";
  std::ofstream(dir / "bin.dat") << std::string("\xff\xfe", 2);
  StandardOptions opts;
  opts.base_dir = dir.string();
  cty::FunctionTable t = Standard(opts);
  auto call = [&](const char* fn, std::vector<Value> args) { return t.at(fn).Call(args); };
  auto ok = [&](const char* fn, std::vector<Value> args, const Value& want) {
    auto r = call(fn, args);
    ASSERT_TRUE(r.ok()) << fn << ": " << r.error().message;
    EXPECT_TRUE(r.value().RawEquals(want)) << fn << " got " << r.value().GoString() << " want " << want.GoString();
  };
  ok("file", {S("hello.txt")}, S("hello world"));
  ok("file", {Sens(S("hello.txt"))}, Sens(S("hello world")));
  ok("filebase64", {S("bin.dat")}, S("//4="));
  ok("fileexists", {S("hello.txt")}, Value::True());
  ok("fileexists", {S("nope.txt")}, Value::False());
  ok("filemd5", {S("hello.txt")}, S("5eb63bbbe01eeed093cb22bb8f5acdc3"));
  ok("filebase64sha256", {S("hello.txt")}, S("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="));
  ok("fileset", {S("sub"), S("*.txt")}, SetS({S("a.txt")}));
  ok("fileset", {S("sub"), S("**/*.txt")}, SetS({S("a.txt"), S("deep/b.txt")}));
  ok("fileset", {S("."), S("sub/{a,c}.*")}, SetS({S("sub/a.txt"), S("sub/c.json")}));
  ok("fileset", {S("sub"), S("*.none")}, Value::EmptySet(Type::String()));
  ok("basename", {S("foo/bar/baz.txt")}, S("baz.txt"));
  ok("basename", {S("")}, S("."));
  ok("dirname", {S("foo/bar/baz.txt")}, S("foo/bar"));
  ok("dirname", {S("baz.txt")}, S("."));
  ok("abspath", {S("/a/../b/./c")}, S("/b/c"));
  auto missing = call("file", {S("nope.txt")});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().arg_index, 0);
  EXPECT_EQ(missing.error().message,
            "no file exists at \"nope.txt\"; this function works only with files that are distributed as part of the "
            "configuration source code, so if this file will be created by a resource in this configuration you must "
            "instead obtain this result from an attribute of that resource");
  auto binary = call("file", {S("bin.dat")});
  ASSERT_FALSE(binary.ok());
  EXPECT_EQ(binary.error().message,
            "contents of \"bin.dat\" are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded "
            "contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead");
  auto isdir = call("fileexists", {S("sub")});
  ASSERT_FALSE(isdir.ok());
  EXPECT_EQ(isdir.error().message, "\"" + (dir / "sub").string() + "\" is a directory, not a file");
  fs::remove_all(dir);
}

TEST(FuncsTest, Regex) {
  Type ss = Type::Tuple({Type::String(), Type::String()});
  Check({
      {"regex", {S("[a-z]+"), S("53453453.345345aaabbbccc23454")}, S("aaabbbccc")},
      {"regex", {S("(\\d\\d\\d\\d)-(\\d\\d)"), S("2019-02-01")}, Tup({S("2019"), S("02")})},
      {"regex", {S("(?P<k>\\w+)=(?P<v>\\w+)"), S("a=1")}, Value::Object({{"k", S("a")}, {"v", S("1")}})},
      {"regex", {S("(a)|(b)"), S("b")}, Tup({Value::Null(Type::String()), S("b")})},
      {"regex", {S("x"), S("abc")}, Value(), "pattern did not match any part of the given string"},
      {"regex", {S("(abc"), S("x")}, Value(), "invalid regexp pattern: missing closing ) in (abc", 0},
      {"regex", {S("a(?P<n>b)(c)"), S("abc")}, Value(),
       "invalid regexp pattern: cannot mix both named and unnamed capture groups", 0},
      {"regex", {Value::Unknown(Type::String()), S("abc")}, Value::DynamicVal()},
      {"regexall", {S("[a-z]+"), S("1234abcd5678efgh9")}, ListS({S("abcd"), S("efgh")})},
      {"regexall", {S("a*"), S("baaab")}, ListS({S(""), S("aaa"), S("")})},
      {"regexall", {S("(\\d)(\\d)"), S("12345")}, Value::List(ss, {Tup({S("1"), S("2")}), Tup({S("3"), S("4")})})},
      {"regexall", {S("z"), S("abc")}, Value::EmptyList(Type::String())},
      {"replace", {S("hello world"), S("/w.*d/"), S("everybody")}, S("hello everybody")},
      {"replace", {S("banana"), S("/(an)/"), S("[$1]")}, S("b[an][an]a")},
      {"replace", {S("banana"), S("/(an)/"), S("$1x")}, S("ba")},
      {"replace", {S("banana"), S("/(?P<g>an)/"), S("<${g}>")}, S("b<an><an>a")},
      {"replace", {S("ab"), S("/b*/"), S("-")}, S("-a-")},
      {"replace", {S("x"), S("/(/"), S("y")}, Value(), "error parsing regexp: missing closing ): `(`"},
  });
}

// A fresh RSA key (PEM) and the PKCS #1 v1.5 encryption of `msg` (base64).
void MakeRsaFixture(const std::string& msg, std::string* pem, std::string* ct_b64) {
  EVP_PKEY* key = EVP_RSA_gen(1024);
  ASSERT_NE(key, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  pem->assign(data, static_cast<size_t>(len));
  BIO_free(bio);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_encrypt_init(ctx);
  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
  size_t n = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(msg.data());
  EVP_PKEY_encrypt(ctx, nullptr, &n, in, msg.size());
  std::string ct(n, '\0');
  EVP_PKEY_encrypt(ctx, reinterpret_cast<unsigned char*>(ct.data()), &n, in, msg.size());
  ct.resize(n);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);
  // The ciphertext is not UTF-8, so base64encode cannot take it: encode here.
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(ct[k])); };
  for (; i + 2 < ct.size(); i += 3) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int k = 18; k >= 0; k -= 6) out += b64[(v >> k) & 63];
  }
  if (i + 1 == ct.size()) {
    unsigned v = byte(i) << 16;
    out += b64[(v >> 18) & 63];
    out += b64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == ct.size()) {
    unsigned v = byte(i) << 16 | byte(i + 1) << 8;
    out += b64[(v >> 18) & 63];
    out += b64[(v >> 12) & 63];
    out += b64[(v >> 6) & 63];
    out += '=';
  }
  *ct_b64 = out;
}

TEST(FuncsTest, RsaDecrypt) {
  std::string pem, ct;
  MakeRsaFixture("hello rsa", &pem, &ct);
  Check({
      {"rsadecrypt", {Value::String(ct), Value::String(pem)}, S("hello rsa")},
      {"rsadecrypt", {S("!!"), Value::String(pem)}, Value(),
       "failed to decode input \"!!\": cipher text must be base64-encoded", 0},
      {"rsadecrypt", {Value::String(ct), S("not a key")}, Value(), "invalid private key: ssh: no key found", 1},
      {"rsadecrypt", {S("aGVsbG8="), Value::String(pem)}, Value(), "failed to decrypt: crypto/rsa: decryption error"},
  });
}

TEST(FuncsTest, Charset) {
  Check({
      {"textencodebase64", {S("Hello, World!"), S("UTF-16LE")}, S("SABlAGwAbABvACwAIABXAG8AcgBsAGQAIQA=")},
      {"textencodebase64", {S("Hello"), S("UTF-16")}, S("/v8ASABlAGwAbABv")},
      {"textencodebase64", {S("héllo"), S("ISO-8859-1")}, S("aOlsbG8=")},
      {"textencodebase64", {S("✓"), S("ISO-8859-1")}, Value(),
       "the given string contains characters that cannot be represented in ISO_8859-1:1987", 0},
      {"textencodebase64", {S("x"), S("nope")}, Value(),
       "\"nope\" is not a supported IANA encoding name or alias in this OpenTofu version", 1},
      {"textdecodebase64", {S("SABlAGwAbABvAA=="), S("UTF-16LE")}, S("Hello")},
      {"textdecodebase64", {S("aOls"), S("ISO-8859-1")}, S("hél")},
      {"textdecodebase64", {S("SGk=x"), S("UTF-8")}, Value(), "the given value is has an invalid base64 symbol at offset 4",
       0},
      {"textdecodebase64", {S("/w=="), S("UTF-8")}, Value(),
       "the given string contains symbols that are not defined for UTF-8", 0},
      {"base64gunzip", {S("H4sIAAAAAAAA/8pIzcnJVyjPL8pJAQAAAP//AQAA//+FEUoNCwAAAA==")}, S("hello world")},
      {"base64gunzip", {S("aGVsbG8gd29ybGQ=")}, Value(), "failed to gunzip bytestream: gzip: invalid header"},
      {"base64gunzip", {S("")}, Value(), "failed to gunzip bytestream: EOF"},
  });
}

TEST(FuncsTest, Yaml) {
  Check({
      {"yamldecode", {S("a: 1\nb: [x, yes]\nc: {d: ~}\n")},
       Value::Object({{"a", I(1)},
                      {"b", Tup({S("x"), Value::True()})},
                      {"c", Value::Object({{"d", Value::Null(Type::Dynamic())}})}})},
      {"yamldecode", {S("")}, Value(), "on line 1, column 1: missing start of document"},
      {"yamldecode", {S("'123'")}, S("123")},
      {"yamldecode", {S("0x1F")}, I(31)},
      {"yamldecode", {S("2001-12-14t21:59:43.10-05:00")}, S("2001-12-14T21:59:43-05:00")},
      {"yamldecode", {S("base: &b {a: 1}\nderived:\n  <<: *b\n  c: 3\n")},
       Value::Object({{"base", Value::Object({{"a", I(1)}})}, {"derived", Value::Object({{"a", I(1)}, {"c", I(3)}})}})},
      {"yamldecode", {S(".nan")}, Value(), "floating point NaN is not supported"},
      {"yamldecode", {S("!!foo x")}, Value(), "unsupported tag \"tag:yaml.org,2002:foo\""},
      {"yamldecode", {S("a: *nope\n")}, Value(), "reference to undefined anchor \"nope\""},
      {"yamldecode", {S("---\na\n---\nb\n")}, Value(), "on line 2, column 1: unexpected extra content after value"},
      {"yamldecode", {S("a: b: c\n")}, Value(), "mapping values are not allowed in this context"},
      {"yamldecode", {S("a:\n  - b\n c: d\n")}, Value(),
       "on line 2, column 2: did not find expected key"},
      {"yamldecode", {Value::Unknown(Type::String())}, Value::DynamicVal()},
      {"yamldecode", {S("~")}, Value::DynamicVal()},  // go-cty-yaml: a null document is DynamicVal
      {"yamlencode", {Value::Object({{"a", S("x")}, {"b", N("1.5")}, {"c", Tup({Value::True(), Value::Null(Type::String())})},
                                     {"d", S("multi\nline\n")}})},
       S("\"a\": \"x\"\n\"b\": 1.5\n\"c\":\n- true\n- null\n\"d\": |\n  multi\n  line\n")},
      {"yamlencode", {I(12)}, S("12\n...\n")},
      {"yamlencode", {S("a\n\nb\n\n")}, S("|+\n  a\n\n  b\n\n")},
      {"yamlencode", {Value::Object({{"a", Value::Unknown(Type::String())}})}, Value::Unknown(Type::String())},
  });
}

}  // namespace
}  // namespace funcs
