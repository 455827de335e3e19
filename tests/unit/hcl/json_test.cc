// HCL JSON syntax tests: parser positions and diagnostics, schema-driven
// bodies, template evaluation and static analysis (hcl/v2/json semantics).
#include <gtest/gtest.h>

#include <string>

#include "cty/number.h"
#include "hcl/body.h"
#include "hcl/json.h"
#include "hcl/parse.h"

namespace {

using cty::Value;

hcl::ParsedFile MustParse(const std::string& src) {
  auto f = hcl::ParseJSON(src, "t.hcl.json");
  EXPECT_FALSE(f.diags.HasErrors()) << src << ": " << (f.diags.empty() ? "" : f.diags[0].summary);
  return f;
}

std::string FirstError(const std::string& src) {
  auto f = hcl::ParseJSON(src, "t.hcl.json");
  if (!f.diags.HasErrors()) return "";
  return f.diags[0].summary + ": " + f.diags[0].detail;
}

Value Eval(const hcl::Attribute* a, const hcl::EvalContext* ctx) {
  auto ev = a->expr->Value(ctx);
  EXPECT_FALSE(ev.diags.HasErrors()) << (ev.diags.empty() ? "" : ev.diags[0].detail);
  return ev.value;
}

TEST(HclJson, ParsesScalarsAndPositions) {
  auto f = MustParse("{\n  \"a\": \"x\",\n\t\"b\": 1.50\n}");
  ASSERT_TRUE(f.file.body.IsJSON());
  auto attrs = hcl::JustAttributes(f.file.body);
  ASSERT_TRUE(attrs.diags.empty());
  ASSERT_EQ(attrs.attributes.size(), 2u);
  const hcl::Attribute* a = attrs.attributes["a"];
  EXPECT_EQ(a->name_range.ToString(), "t.hcl.json:2,3-6");
  EXPECT_EQ(a->src_range.ToString(), "t.hcl.json:2,3-11");
  EXPECT_EQ(a->name_range.start.byte, 4u);
  // A tab counts two columns, as in hcl's JSON scanner.
  EXPECT_EQ(attrs.attributes["b"]->name_range.ToString(), "t.hcl.json:3,3-6");
  EXPECT_EQ(f.file.body.end_range.ToString(), "t.hcl.json:4,1-2");
  EXPECT_EQ(Eval(a, nullptr), Value::String("x"));
  EXPECT_EQ(Eval(attrs.attributes["b"], nullptr), Value::Number(cty::Number::Parse("1.5").value()));
}

TEST(HclJson, StringColumnsCountGraphemeClusters) {
  // "e" + U+0301 is one column, as hcl counts; bytes still advance by three.
  auto f = MustParse("{\"e\xCC\x81\": 1, \"b\": 2}");
  auto attrs = hcl::JustAttributes(f.file.body);
  ASSERT_EQ(attrs.attributes.size(), 2u);
  EXPECT_EQ(attrs.attributes["b"]->name_range.start.byte, 11u);
  EXPECT_EQ(attrs.attributes["b"]->name_range.ToString(), "t.hcl.json:1,10-13");  // 11-14 if code points counted
}

TEST(HclJson, NumbersKeepExactDecimalText) {
  auto f = MustParse(R"({"n": 0.1, "big": 123456789012345678901234567890, "e": 1e-3})");
  auto attrs = hcl::JustAttributes(f.file.body);
  EXPECT_EQ(Eval(attrs.attributes["n"], nullptr), Value::Number(cty::Number::Parse("0.1").value()));
  EXPECT_EQ(Eval(attrs.attributes["big"], nullptr),
            Value::Number(cty::Number::Parse("123456789012345678901234567890").value()));
  EXPECT_EQ(Eval(attrs.attributes["e"], nullptr), Value::Number(cty::Number::Parse("0.001").value()));
}

TEST(HclJson, ValuesBecomeTuplesObjectsAndDynamicNull) {
  auto f = MustParse(R"({"v": [1, true, null, {"k": "s"}]})");
  auto attrs = hcl::JustAttributes(f.file.body);
  Value want = Value::Tuple({Value::Int(1), Value::True(), Value::Null(cty::Type::Dynamic()),
                             Value::Object({{"k", Value::String("s")}})});
  EXPECT_EQ(Eval(attrs.attributes["v"], nullptr), want);
}

TEST(HclJson, StringsAreTemplatesOnlyWithAContext) {
  auto f = MustParse(R"({"t": "${n + 1}-x", "w": "${n}", "k": {"${s}": 1}})");
  auto attrs = hcl::JustAttributes(f.file.body);
  hcl::EvalContext ctx;
  ctx.variables["n"] = Value::Int(2);
  ctx.variables["s"] = Value::String("key");
  EXPECT_EQ(Eval(attrs.attributes["t"], &ctx), Value::String("3-x"));
  EXPECT_EQ(Eval(attrs.attributes["w"], &ctx), Value::Int(2));  // a lone interpolation keeps its type
  EXPECT_EQ(Eval(attrs.attributes["k"], &ctx), Value::Object({{"key", Value::Int(1)}}));
  // Literal-only mode (no context): the text as written.
  EXPECT_EQ(Eval(attrs.attributes["t"], nullptr), Value::String("${n + 1}-x"));
  EXPECT_EQ(Eval(attrs.attributes["k"], nullptr), Value::Object({{"${s}", Value::Int(1)}}));
}

TEST(HclJson, TemplateDiagnosticsPointIntoTheString) {
  auto f = MustParse("{\"a\": \"ab${nope}\"}");
  auto attrs = hcl::JustAttributes(f.file.body);
  hcl::EvalContext ctx;
  ctx.variables["x"] = Value::Int(1);
  auto ev = attrs.attributes["a"]->expr->Value(&ctx);
  ASSERT_TRUE(ev.diags.HasErrors());
  EXPECT_EQ(ev.diags[0].summary, "Unknown variable");
  ASSERT_TRUE(ev.diags[0].subject);
  // The string starts at column 7, the template one column later.
  EXPECT_EQ(ev.diags[0].subject->ToString(), "t.hcl.json:1,12-16");
  EXPECT_TRUE(ev.value.type() == cty::Type::Dynamic() || !ev.value.IsKnown());
}

TEST(HclJson, TemplateSyntaxErrorIsReportedAtEvaluation) {
  auto f = MustParse(R"({"a": "${"})");
  auto attrs = hcl::JustAttributes(f.file.body);
  hcl::EvalContext ctx;
  auto ev = attrs.attributes["a"]->expr->Value(&ctx);
  ASSERT_TRUE(ev.diags.HasErrors());
  EXPECT_FALSE(ev.value.IsKnown());
}

TEST(HclJson, VariablesComeFromTemplatesAndKeys) {
  auto f = MustParse(R"({"a": ["${var.x}", {"${local.k}": "${[for v in var.l: v]}"}], "n": 1})");
  auto attrs = hcl::JustAttributes(f.file.body);
  auto vars = hcl::Variables(*attrs.attributes["a"]->expr);
  ASSERT_EQ(vars.size(), 3u);
  EXPECT_EQ(vars[0].RootName(), "var");
  EXPECT_EQ(vars[0].steps[1].name, "x");
  EXPECT_EQ(vars[0].SourceRange().ToString(), "t.hcl.json:1,11-16");
  EXPECT_EQ(vars[1].RootName(), "local");
  EXPECT_EQ(vars[2].steps[1].name, "l");  // `v` is local to the for expression
  EXPECT_TRUE(hcl::Variables(*attrs.attributes["n"]->expr).empty());
}

TEST(HclJson, StringEscapesDecodeLikeEncodingJson) {
  auto f = MustParse(R"({"s": "q\" \\ \/ \n \u00e9 \ud83d\ude00 \ud800"})");
  auto attrs = hcl::JustAttributes(f.file.body);
  EXPECT_EQ(Eval(attrs.attributes["s"], nullptr), Value::String("q\" \\ / \n \xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD"));
}

TEST(HclJson, SyntaxErrorsHaveHclMessages) {
  EXPECT_EQ(FirstError(R"({"a": 1,})"),
            "Trailing comma in object: JSON does not permit a trailing comma after the final property in an object.");
  EXPECT_EQ(FirstError(R"({"a": [1,]})"),
            "Trailing comma in array: JSON does not permit a trailing comma after the final value in an array.");
  EXPECT_EQ(FirstError("{\"a\": 1 // c\n}"),
            "Missing attribute seperator comma: A comma must appear between each property definition in an object.");
  EXPECT_EQ(FirstError(R"({"a" = 1})"),
            "Missing property value colon: JSON uses a colon as its name/value delimiter, not an equals sign.");
  EXPECT_EQ(FirstError(R"({"a": True})"), "Invalid JSON keyword: \"True\" is not a valid JSON keyword. Did you mean \"true\"?");
  EXPECT_EQ(FirstError(R"({"a": NaN})"), "Invalid JSON keyword: The JavaScript identifier \"NaN\" cannot be used in JSON.");
  EXPECT_EQ(FirstError(R"({"a": 01})"), "Invalid JSON number: There is a syntax error in the given JSON number.");
  EXPECT_EQ(FirstError(R"({"a": 1)"), "Unclosed object: No closing brace was found for this JSON object.");
  EXPECT_EQ(FirstError(R"({"a": 1} 2)"), "Extraneous data after value: Extra characters appear after the JSON value.");
  EXPECT_EQ(FirstError(R"("str")"),
            "Root value must be object: The root value in a JSON-based configuration must be either a JSON object "
            "or a JSON array of objects.");
  EXPECT_EQ(FirstError(""), "Missing value: The JSON data ends prematurely.");
  EXPECT_EQ(FirstError("/* c */ {}"),
            "Invalid start of value: A JSON value must start with a brace, a bracket, a number, a string, or a "
            "keyword.");
  EXPECT_EQ(FirstError(R"({1: 2})"), "Invalid object property name: A JSON object property name must be a string");
}

TEST(HclJson, InvalidStringPointsAtTheBadByte) {
  auto f = hcl::ParseJSON(R"({"a": "x\q"})", "t.hcl.json");
  ASSERT_TRUE(f.diags.HasErrors());
  EXPECT_EQ(f.diags[0].summary, "Invalid JSON string");
  ASSERT_TRUE(f.diags[0].subject && f.diags[0].context);
  // As hcl: token start (col 7) + Go's SyntaxError offset (4: one past the
  // offending "q").
  EXPECT_EQ(f.diags[0].subject->ToString(), "t.hcl.json:1,11-12");
  EXPECT_EQ(f.diags[0].context->ToString(), "t.hcl.json:1,7-12");
  // A raw control character ends the string token.
  EXPECT_EQ(FirstError("{\"a\": \"x\ty\"}"), "Invalid JSON string: There is a syntax error in the given JSON string.");
}

TEST(HclJson, DeepNestingIsAnErrorNotACrash) {
  std::string src = "{\"a\": " + std::string(10000, '[') + std::string(10000, ']') + "}";
  auto f = hcl::ParseJSON(src, "t.hcl.json");
  ASSERT_TRUE(f.diags.HasErrors());
  EXPECT_EQ(f.diags[0].summary, "Nesting too deep");
}

TEST(HclJson, ContentMapsPropertiesToAttributesAndLabelledBlocks) {
  auto f = MustParse(R"({
    "name": "x",
    "resource": {"aws_instance": {"web": {"ami": "a"}, "db": [{"ami": "b"}, {"ami": "c"}]}},
    "locals": null,
    "//": "a comment"
  })");
  hcl::BodySchema schema{{{"name", true}}, {{"resource", {"type", "name"}}, {"locals", {}}}};
  auto c = hcl::Content(f.file.body, schema);
  ASSERT_TRUE(c.diags.empty()) << c.diags[0].summary << ": " << c.diags[0].detail;
  ASSERT_EQ(c.content.attributes.count("name"), 1u);
  ASSERT_EQ(c.content.blocks.size(), 3u);  // web, db x2; a null "locals" is no block
  EXPECT_EQ(c.content.blocks[0]->labels, (std::vector<std::string>{"aws_instance", "web"}));
  EXPECT_EQ(c.content.blocks[1]->labels, (std::vector<std::string>{"aws_instance", "db"}));
  EXPECT_EQ(c.content.blocks[2]->labels, (std::vector<std::string>{"aws_instance", "db"}));
  EXPECT_EQ(c.content.blocks[0]->type_range.ToString(), "t.hcl.json:3,5-15");
  EXPECT_EQ(c.content.blocks[0]->label_ranges[1].ToString(), "t.hcl.json:3,35-40");
  EXPECT_EQ(c.content.blocks[0]->DefRange().ToString(), "t.hcl.json:3,42-43");
  auto inner = hcl::JustAttributes(c.content.blocks[2]->body);
  ASSERT_TRUE(inner.diags.empty());
  EXPECT_EQ(Eval(inner.attributes["ami"], nullptr), Value::String("c"));
}

TEST(HclJson, ContentReportsExtraneousAndMissing) {
  auto f = MustParse(R"({"nmae": 1, "//": "ok"})");
  hcl::BodySchema schema{{{"name", true}}, {{"block", {}}}};
  auto c = hcl::Content(f.file.body, schema);
  ASSERT_EQ(c.diags.size(), 2u);
  EXPECT_EQ(c.diags[0].summary, "Missing required argument");
  EXPECT_EQ(c.diags[0].detail, "The argument \"name\" is required, but no definition was found.");
  EXPECT_EQ(c.diags[0].subject->ToString(), "t.hcl.json:1,23-24");  // the closing brace
  EXPECT_EQ(c.diags[1].summary, "Extraneous JSON object property");
  EXPECT_EQ(c.diags[1].detail, "No argument or block type is named \"nmae\". Did you mean \"name\"?");
}

TEST(HclJson, BlockShapeErrors) {
  hcl::BodySchema schema{{}, {{"variable", {"name"}}, {"locals", {}}}};
  {
    auto f = MustParse(R"({"variable": {}})");
    auto c = hcl::Content(f.file.body, schema);
    ASSERT_EQ(c.diags.size(), 1u);
    EXPECT_EQ(c.diags[0].summary, "Missing block label");
    EXPECT_EQ(c.diags[0].detail,
              "At least one object property is required, whose name represents the variable block's name.");
  }
  {
    auto f = MustParse(R"({"locals": "x"})");
    auto c = hcl::Content(f.file.body, schema);
    ASSERT_EQ(c.diags.size(), 1u);
    EXPECT_EQ(c.diags[0].detail,
              "Either a JSON object or a JSON array is required, representing the contents of one or more "
              "\"locals\" blocks.");
  }
  {
    auto f = MustParse(R"({"variable": {"v": 1}})");
    auto c = hcl::Content(f.file.body, schema);
    ASSERT_EQ(c.diags.size(), 1u);
    EXPECT_EQ(c.diags[0].summary, "Incorrect JSON value type");
  }
}

TEST(HclJson, DuplicatesAreReportedWhereHclReportsThem) {
  auto f = MustParse(R"({"a": 1, "a": 2, "o": {"k": 1, "k": 2}})");
  auto attrs = hcl::JustAttributes(f.file.body);
  ASSERT_EQ(attrs.diags.size(), 1u);
  EXPECT_EQ(attrs.diags[0].summary, "Duplicate attribute definition");
  EXPECT_EQ(attrs.diags[0].detail, "The argument \"a\" was already set at t.hcl.json:1,2-8.");
  auto ev = attrs.attributes["o"]->expr->Value(nullptr);
  ASSERT_EQ(ev.diags.size(), 1u);
  EXPECT_EQ(ev.diags[0].summary, "Duplicate object attribute");

  hcl::BodySchema schema{{{"a", false}}, {}};
  auto c = hcl::PartialContent(f.file.body, schema);
  ASSERT_EQ(c.diags.size(), 1u);
  EXPECT_EQ(c.diags[0].summary, "Duplicate argument");
}

TEST(HclJson, PartialContentRemainHidesConsumedNames) {
  auto f = MustParse(R"({"a": 1, "b": 2, "locals": {"x": 1}})");
  hcl::BodySchema schema{{{"a", false}}, {{"locals", {}}}};
  auto c = hcl::PartialContent(f.file.body, schema);
  ASSERT_TRUE(c.diags.empty());
  ASSERT_TRUE(c.remain);
  auto rest = hcl::JustAttributes(*c.remain);
  ASSERT_TRUE(rest.diags.empty());
  ASSERT_EQ(rest.attributes.size(), 1u);
  EXPECT_EQ(rest.attributes.count("b"), 1u);
  // The remain body reports only what is left.
  auto strict = hcl::Content(*c.remain, hcl::BodySchema{});
  ASSERT_EQ(strict.diags.size(), 1u);
  EXPECT_EQ(strict.diags[0].detail, "No argument or block type is named \"b\".");
}

TEST(HclJson, JustAttributesNeedsAnObject) {
  auto f = MustParse(R"([{"a": 1}])");
  auto attrs = hcl::JustAttributes(f.file.body);
  ASSERT_EQ(attrs.diags.size(), 1u);
  EXPECT_EQ(attrs.diags[0].detail, "A JSON object is required here, setting the arguments for this block.");
  // ...while Content merges an array of objects.
  auto c = hcl::Content(f.file.body, hcl::BodySchema{{{"a", true}}, {}});
  EXPECT_TRUE(c.diags.empty());
  EXPECT_EQ(c.content.attributes.count("a"), 1u);
}

TEST(HclJson, NativeRemainBodyWorksToo) {
  auto f = hcl::ParseConfig("a = 1\nb = 2\nblk {}\n", "n.hcl");
  ASSERT_TRUE(f.diags.empty());
  auto c = hcl::PartialContent(f.file.body, hcl::BodySchema{{{"a", false}}, {{"blk", {}}}});
  ASSERT_TRUE(c.diags.empty());
  ASSERT_EQ(c.content.blocks.size(), 1u);
  auto rest = hcl::JustAttributes(*c.remain);
  EXPECT_TRUE(rest.diags.empty());
  ASSERT_EQ(rest.attributes.size(), 1u);
  EXPECT_EQ(rest.attributes.count("b"), 1u);
  // Consumed attributes and block types are gone from the remain body.
  auto strict = hcl::Content(*c.remain, hcl::BodySchema{{{"a", true}}, {}});
  ASSERT_EQ(strict.diags.size(), 2u);
  EXPECT_EQ(strict.diags[0].summary, "Missing required argument");
  EXPECT_EQ(strict.diags[1].detail, "An argument named \"b\" is not expected here. Did you mean \"a\"?");
}

TEST(HclJson, ParseJSONExpressionAndFilenames) {
  auto e = hcl::ParseJSONExpression(R"({"a": "${1 + 1}"})", "e.json");
  ASSERT_TRUE(e.diags.empty());
  hcl::EvalContext ctx;
  auto ev = e.expr->Value(&ctx);
  ASSERT_FALSE(ev.diags.HasErrors());
  EXPECT_EQ(ev.value, Value::Object({{"a", Value::Int(2)}}));
  auto bad = hcl::ParseJSONExpression("[1 2]", "e.json");
  ASSERT_TRUE(bad.diags.HasErrors());
  EXPECT_EQ(bad.diags[0].summary, "Missing attribute seperator comma");
  EXPECT_TRUE(hcl::IsJSONFilename("main.tf.json"));
  EXPECT_TRUE(hcl::IsJSONFilename("x.hcl.json"));
  EXPECT_FALSE(hcl::IsJSONFilename("x.hcl"));
  EXPECT_FALSE(hcl::IsJSONFilename("json"));
}

}  // namespace
