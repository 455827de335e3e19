// cty::Function::Call / ReturnType with go-cty function-package semantics.
#include "cty/function.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace cty {
namespace {

using testing::RawEq;

Value S(const char* s) { return Value::String(s); }

// upper(str string) string, with a call counter.
Function Upper(int* calls, bool allow_null = false) {
  FunctionSpec spec;
  spec.params = {Parameter{"str", "", Type::String(), allow_null, false, false, false}};
  spec.return_type = [](const std::vector<Value>&) -> FuncResult<Type> { return Type::String(); };
  spec.impl = [calls](const std::vector<Value>& args, const Type&) -> FuncResult<Value> {
    ++*calls;
    if (args[0].IsNull()) return Value::String("<null>");
    std::string s = args[0].AsString();
    for (char& c : s) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
    return Value::String(s);
  };
  return Function(spec);
}

// join(sep string, lists... list(string)) string
Function Join() {
  FunctionSpec spec;
  spec.params = {Parameter{"separator", "", Type::String()}};
  spec.var_param = Parameter{"lists", "", Type::List(Type::String())};
  spec.return_type = [](const std::vector<Value>&) -> FuncResult<Type> { return Type::String(); };
  spec.impl = [](const std::vector<Value>& args, const Type&) -> FuncResult<Value> {
    std::string out;
    bool first = true;
    for (size_t i = 1; i < args.size(); ++i) {
      for (const Value& e : args[i].Elements()) {
        if (!first) out += args[0].AsString();
        out += e.AsString();
        first = false;
      }
    }
    return Value::String(out);
  };
  return Function(spec);
}

TEST(FunctionTest, CallsImplWithConvertedArguments) {
  int calls = 0;
  Function f = Upper(&calls);
  auto r = f.Call({S("abc")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(RawEq(r.value(), S("ABC")));
  auto n = f.Call({Value::Int(12)});  // number converts to string
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(RawEq(n.value(), S("12")));
  EXPECT_EQ(calls, 2);
}

TEST(FunctionTest, Arity) {
  int calls = 0;
  Function f = Upper(&calls);
  auto few = f.Call({});
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.error().arg_index, -1);
  EXPECT_EQ(few.error().message,
            "Not enough function arguments: the function expects 1 argument(s). Missing value for \"str\".");
  auto many = f.Call({S("a"), S("b")});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().message, "Too many function arguments: the function expects only 1 argument(s).");
  auto j = Join().Call({});
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().message,
            "Not enough function arguments: the function expects at least 1 argument(s). Missing value for "
            "\"separator\".");
  EXPECT_EQ(calls, 0);
}

TEST(FunctionTest, ConversionErrorNamesArgument) {
  auto r = Join().Call({S(","), Value::List(Type::String(), {S("a")}), Value::Tuple({Value::EmptyObject()})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().arg_index, 2);
  EXPECT_EQ(r.error().message, "element 0: string required, but have object");
  auto ok = Join().Call({S("-"), Value::Tuple({S("a"), Value::Int(1)}), Value::List(Type::String(), {S("b")})});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(RawEq(ok.value(), S("a-1-b")));
}

TEST(FunctionTest, NullArguments) {
  int calls = 0;
  auto r = Upper(&calls).Call({Value::Null(Type::String())});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().arg_index, 0);
  EXPECT_EQ(r.error().message, "argument must not be null");
  auto v = Join().Call({S(","), Value::Null(Type::List(Type::String()))});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().arg_index, 1);
  auto allowed = Upper(&calls, true).Call({Value::Null(Type::Dynamic())});
  ASSERT_TRUE(allowed.ok());
  EXPECT_TRUE(RawEq(allowed.value(), S("<null>")));
  EXPECT_EQ(calls, 1);
}

TEST(FunctionTest, UnknownArgumentsShortCircuit) {
  int calls = 0;
  Function f = Upper(&calls);
  auto r = f.Call({Value::Unknown(Type::String())});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(RawEq(r.value(), Value::Unknown(Type::String())));
  auto d = f.Call({Value::DynamicVal()});
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(RawEq(d.value(), Value::Unknown(Type::String())));
  EXPECT_EQ(calls, 0);
  // A nested unknown reaches impl (go-cty checks IsKnown, not
  // IsWhollyKnown).
  FunctionSpec spec;
  spec.params = {Parameter{"list", "", Type::List(Type::String())}};
  spec.return_type = [](const std::vector<Value>&) -> FuncResult<Type> { return Type::Number(); };
  spec.impl = [](const std::vector<Value>& args, const Type&) -> FuncResult<Value> {
    return Value::Int(static_cast<int64_t>(args[0].LengthInt()));
  };
  spec.refine_result = [](Refinements* ref) { ref->not_null = true; };
  Function length(spec);
  auto l = length.Call({Value::List(Type::String(), {S("a"), Value::Unknown(Type::String())})});
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(RawEq(l.value(), Value::Int(2)));
  Refinements nn;
  nn.not_null = true;
  auto lu = length.Call({Value::Unknown(Type::List(Type::String())).Mark(kMarkSensitive)});
  ASSERT_TRUE(lu.ok());
  EXPECT_TRUE(RawEq(lu.value(), Value::Unknown(Type::Number(), nn).Mark(kMarkSensitive)));
}

TEST(FunctionTest, MarksPropagate) {
  int calls = 0;
  Function f = Upper(&calls);
  auto r = f.Call({S("a").Mark(kMarkSensitive)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(RawEq(r.value(), S("A").Mark(kMarkSensitive)));
  // Deep marks become a mark on the result.
  auto j = Join().Call({S(","), Value::List(Type::String(), {S("a"), S("b").Mark(kMarkSensitive)})});
  ASSERT_TRUE(j.ok());
  EXPECT_TRUE(RawEq(j.value(), S("a,b").Mark(kMarkSensitive)));
  // Unknown plus marked: the unknown result is marked.
  auto u = Join().Call({S(",").Mark(kMarkSensitive), Value::Unknown(Type::List(Type::String()))});
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(RawEq(u.value(), Value::Unknown(Type::String()).Mark(kMarkSensitive)));
}

TEST(FunctionTest, AllowMarkedSeesMarks) {
  FunctionSpec spec;
  spec.params = {Parameter{"value", "", Type::Dynamic(), true, true, true, true}};
  spec.return_type = [](const std::vector<Value>&) -> FuncResult<Type> { return Type::Bool(); };
  spec.impl = [](const std::vector<Value>& args, const Type&) -> FuncResult<Value> {
    return Value::Bool(args[0].IsSensitive());
  };
  Function f(spec);
  auto r = f.Call({S("x").Mark(kMarkSensitive)});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(RawEq(r.value(), Value::True()));
}

TEST(FunctionTest, DynamicArgumentGivesDynamicReturnType) {
  FunctionSpec spec;
  spec.params = {Parameter{"v", "", Type::Dynamic()}};
  spec.return_type = [](const std::vector<Value>& args) -> FuncResult<Type> { return args[0].type(); };
  spec.impl = [](const std::vector<Value>& args, const Type&) -> FuncResult<Value> { return args[0]; };
  Function f(spec);
  auto t = f.ReturnType({Type::Dynamic()});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value(), Type::Dynamic());
  auto t2 = f.ReturnType({Type::Number()});
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(t2.value(), Type::Number());
  auto r = f.Call({Value::DynamicVal()});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(RawEq(r.value(), Value::DynamicVal()));
}

TEST(FunctionTest, ReturnTypeErrorsAndNonConformingResult) {
  FunctionSpec spec;
  spec.params = {Parameter{"v", "", Type::Number()}};
  spec.return_type = [](const std::vector<Value>& args) -> FuncResult<Type> {
    if (args[0].IsKnown() && args[0].AsNumber().IsNegative()) return FunctionError{"must be positive", 0};
    return Type::Number();
  };
  spec.impl = [](const std::vector<Value>&, const Type&) -> FuncResult<Value> { return Value::String("x"); };
  Function f(spec);
  auto neg = f.Call({Value::Int(-1)});
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.error().message, "must be positive");
  EXPECT_EQ(neg.error().arg_index, 0);
  auto bad = f.Call({Value::Int(1)});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().arg_index, -1);
}

}  // namespace
}  // namespace cty
