// templatefile and templatestring (OpenTofu semantics), and StandardContext.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "funcs/funcs.h"
#include "hcl/parse.h"

namespace funcs {
namespace {

using cty::Type;
using cty::Value;

Value S(const char* s) { return Value::String(s); }
Value Obj(std::map<std::string, Value> m) { return Value::Object(std::move(m)); }

class TemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "template_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    Write("hello.tmpl", "Hello, ${name}!\n%{ for x in xs }[${x}]%{ endfor }");
    Write("wrap.tmpl", "${ items }");
    Write("missing.tmpl", "ok\n  ${nosuch}");
    Write("badcall.tmpl", "x ${upper([])}");
    Write("syntax.tmpl", "x ${");
    Write("recursive.tmpl", "${templatefile(\"hello.tmpl\", {name = \"n\", xs = []})}");
    Write("nested.tmpl", "${templatestring(\"<$${v}>\", {v = v})}");
    Write("trying.tmpl", "${try(v.nope, \"fallback\")}");
    StandardOptions opts;
    opts.base_dir = dir_.string();
    table_ = Standard(opts);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& content) { std::ofstream(dir_ / name) << content; }
  cty::FuncResult<Value> Call(const char* fn, std::vector<Value> args) { return table_.at(fn).Call(args); }

  std::filesystem::path dir_;
  cty::FunctionTable table_;
};

TEST_F(TemplateTest, TemplateFileRendersWithVars) {
  auto r = Call("templatefile", {S("hello.tmpl"), Obj({{"name", S("Ada")}, {"xs", Value::Tuple({S("a"), S("b")})}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(S("Hello, Ada!\n[a][b]"))) << r.value().GoString();
  // core:: name too.
  r = Call("core::templatefile", {S("hello.tmpl"), Obj({{"name", S("B")}, {"xs", Value::EmptyTuple()}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(S("Hello, B!\n")));
}

TEST_F(TemplateTest, SingleInterpolationKeepsType) {
  auto r = Call("templatefile", {S("wrap.tmpl"), Obj({{"items", Value::Tuple({Value::Int(1)})}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(Value::Tuple({Value::Int(1)}))) << r.value().GoString();
}

TEST_F(TemplateTest, TemplateFileErrors) {
  auto r = Call("templatefile", {S("nope.tmpl"), Obj({})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().arg_index, 0);
  EXPECT_EQ(r.error().message.rfind("no file exists at \"nope.tmpl\"; this function works only with files", 0), 0u)
      << r.error().message;

  r = Call("templatefile", {S("missing.tmpl"), Obj({{"other", S("x")}})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().arg_index, 1);
  EXPECT_EQ(r.error().message, "vars map does not contain key \"nosuch\", referenced at missing.tmpl:2,5-11");

  r = Call("templatefile", {S("badcall.tmpl"), Obj({})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "badcall.tmpl:1,11-13: Invalid function argument; Invalid value for \"str\" parameter: string required, but have tuple.");

  r = Call("templatefile", {S("syntax.tmpl"), Obj({})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("syntax.tmpl:1,", 0), 0u) << r.error().message;

  r = Call("templatefile", {S("hello.tmpl"), S("not a map")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().arg_index, 1);
  EXPECT_EQ(r.error().message, "invalid vars value: must be a map");

  r = Call("templatefile", {S("hello.tmpl"), Obj({{"not valid", S("x")}})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "invalid template variable name \"not valid\": must start with a letter, followed by zero or more "
            "letters, digits, and underscores");
}

TEST_F(TemplateTest, TemplateFileCannotRecurse) {
  auto r = Call("templatefile", {S("recursive.tmpl"), Obj({})});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cannot recursively call templatefile from inside templatefile call"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().message.rfind("recursive.tmpl:1,3-", 0), 0u) << r.error().message;
}

TEST_F(TemplateTest, TemplatesSeeFunctionsAndTry) {
  auto r = Call("templatefile", {S("nested.tmpl"), Obj({{"v", S("x")}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(S("<x>"))) << r.value().GoString();
  r = Call("templatefile", {S("trying.tmpl"), Obj({{"v", Obj({})}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(S("fallback")));
}

TEST_F(TemplateTest, UnknownAndSensitive) {
  auto r = Call("templatefile", {Value::Unknown(Type::String()), Obj({})});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().RawEquals(Value::DynamicVal())) << r.value().GoString();
  r = Call("templatefile", {S("hello.tmpl"), Obj({{"name", Value::Unknown(Type::String())}, {"xs", Value::EmptyTuple()}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(Value::Unknown(Type::String()))) << r.value().GoString();
  r = Call("templatefile",
           {S("hello.tmpl"), Obj({{"name", S("pw").Mark(cty::kMarkSensitive)}, {"xs", Value::EmptyTuple()}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().IsSensitive());
  EXPECT_EQ(r.value().Unmark().AsString(), "Hello, pw!\n");
}

TEST_F(TemplateTest, TemplateString) {
  auto r = Call("templatestring", {S("Hi ${upper(n)}%{ if n == \"x\" }!%{ endif }"), Obj({{"n", S("x")}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(S("Hi X!"))) << r.value().GoString();

  r = Call("templatestring", {S("${n}"), Value::Map(Type::Number(), {{"n", Value::Int(5)}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(Value::Int(5)));

  r = Call("templatestring", {S("${a}"), Obj({})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "vars map does not contain key \"a\"");
  EXPECT_EQ(r.error().arg_index, 1);

  r = Call("templatestring", {S("${"), Obj({})});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("NoFileNeeded:1,", 0), 0u) << r.error().message;

  r = Call("templatestring", {S("${x}").Mark(cty::kMarkSensitive), Obj({{"x", S("v")}})});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().IsSensitive());

  r = Call("templatestring", {S("${x}"), Obj({{"x", S("v")}}).Mark(cty::kMarkSensitive)});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().IsSensitive());

  r = Call("templatestring", {S("a"), Value::Unknown(Type::Dynamic())});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r.value().RawEquals(Value::DynamicVal()));
}

TEST_F(TemplateTest, SelfExpandingTemplateStopsWithError) {
  const char* t = "${templatestring(t, {t = t})}";
  auto r = Call("templatestring", {S(t), Obj({{"t", S(t)}})});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("maximum template nesting depth 64 reached"), std::string::npos)
      << r.error().message.substr(0, 300);
}

TEST_F(TemplateTest, DeepButFiniteNestingRendersOncePerLevel) {
  // 40 nested renders; rendering twice per level (type, then value) would
  // take 2^40 steps.
  const char* t = "%{ if n > 0 }${templatestring(t, {t = t, n = n - 1})}x%{ endif }";
  auto r = Call("templatestring", {S(t), Obj({{"t", S(t)}, {"n", Value::Int(40)}})});
  ASSERT_TRUE(r.ok()) << r.error().message.substr(0, 300);
  EXPECT_EQ(r.value().AsString(), std::string(40, 'x'));
}

TEST(StandardContext, HasFunctionsAndTry) {
  hcl::EvalContext ctx = StandardContext();
  auto p = hcl::ParseExpression("try(upper(1 + []), lower(\"OK\"))", "x.hcl");
  ASSERT_FALSE(p.diags.HasErrors());
  auto r = p.expr->Value(&ctx);
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(S("ok")));
  p = hcl::ParseExpression("core::can(core::tonumber(\"x\"))", "x.hcl");
  ASSERT_FALSE(p.diags.HasErrors());
  r = p.expr->Value(&ctx);
  ASSERT_FALSE(r.diags.HasErrors());
  EXPECT_TRUE(r.value.RawEquals(Value::False()));
  EXPECT_TRUE(ctx.functions.count("templatestring"));
  EXPECT_TRUE(ctx.functions.count("core::templatefile"));
}

}  // namespace
}  // namespace funcs
