// Parser tests: structure, ranges and exact diagnostics.
#include <gtest/gtest.h>

#include <string>

#include "cty/value.h"
#include "hcl/parse.h"

namespace {

std::string Diags(const hcl::Diagnostics& ds) {
  std::string s;
  for (const auto& d : ds) {
    s += d.summary;
    if (d.subject) s += " @" + d.subject->ToString();
    s += "; ";
  }
  return s;
}

TEST(HclParse, AttributesAndBlocks) {
  auto f = hcl::ParseConfig("a = 1\nresource \"x\" y {\n  b = \"s\"\n  inner { c = 2 }\n}\n", "t.hcl");
  ASSERT_TRUE(f.diags.empty()) << Diags(f.diags);
  const auto& body = f.file.body;
  ASSERT_EQ(body.attributes.size(), 1u);
  EXPECT_EQ(body.attributes[0].name, "a");
  EXPECT_EQ(body.attributes[0].name_range.ToString(), "t.hcl:1,1-2");
  ASSERT_EQ(body.blocks.size(), 1u);
  const auto& b = *body.blocks[0];
  EXPECT_EQ(b.type, "resource");
  ASSERT_EQ(b.labels.size(), 2u);
  EXPECT_EQ(b.labels[0], "x");
  EXPECT_EQ(b.labels[1], "y");
  EXPECT_EQ(b.label_ranges[0].ToString(), "t.hcl:2,10-13");
  EXPECT_EQ(b.DefRange().ToString(), "t.hcl:2,1-15");
  ASSERT_EQ(b.body.blocks.size(), 1u);
  EXPECT_EQ(b.body.blocks[0]->body.attributes[0].name, "c");
}

struct ErrCase {
  const char* src;
  const char* want;  // summaries with subject ranges
};

class HclParseErrors : public ::testing::TestWithParam<ErrCase> {};

TEST_P(HclParseErrors, ExactDiagnostics) {
  auto f = hcl::ParseConfig(GetParam().src, "t.hcl");
  EXPECT_EQ(Diags(f.diags), GetParam().want) << GetParam().src;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HclParseErrors,
    ::testing::Values(
        ErrCase{"a = 1\na = 2\n", "Attribute redefined @t.hcl:2,1-2; "},
        ErrCase{"a = 1 b = 2\n", "Missing newline after argument @t.hcl:1,7-8; "},
        ErrCase{"a = 1, b = 2\n", "Unexpected comma after argument @t.hcl:1,6-7; "},
        ErrCase{"b {\n  a = 1\n", "Unclosed configuration block @t.hcl:1,3-4; "},
        ErrCase{"a = \n", "Invalid expression @t.hcl:1,5-2,1; "},
        ErrCase{"a = )\nb = (\n", "Invalid expression @t.hcl:1,5-6; "},
        ErrCase{"b { a = 1, c = 2 }\n", "Invalid single-argument block definition @t.hcl:1,10-11; "},
        ErrCase{"b { x {} }\n", "Argument definition required @t.hcl:1,5-8; "},
        ErrCase{"\"a\" = 1\n", "Invalid argument name @t.hcl:1,1-2; "},
        ErrCase{"a = \"x\ny\"\n", "Invalid multi-line string @t.hcl:1,7-2,1; "},
        ErrCase{"a = \"\\q\"\n", "Invalid escape sequence @t.hcl:1,6-8; "},
        ErrCase{"a = 1 & 2\n", "Unsupported operator @t.hcl:1,7-8; "},
        ErrCase{"a = [1 2]\n", "Missing item separator @t.hcl:1,8-9; "},
        ErrCase{"a = {x = 1 y = 2}\n", "Missing attribute separator @t.hcl:1,12-13; "},
        ErrCase{"a = f(1 2)\n", "Missing argument separator @t.hcl:1,9-10; "},
        ErrCase{"a = x.\n", "Invalid attribute name @t.hcl:1,7-2,1; "},
        ErrCase{"b = \"${x\"\n", "Invalid multi-line string @t.hcl:1,10-2,1; Extra characters after interpolation expression @t.hcl:1,9-10; "},
        ErrCase{"a = \"%{ endif }\"\n", "Unexpected endif directive @t.hcl:1,6-16; "},
        ErrCase{"a = x.0.1\n", "Invalid legacy index syntax @t.hcl:1,7-10; "}));

TEST(HclParse, DeepNestingFailsGracefully) {
  std::string deep = "a = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  auto f = hcl::ParseConfig(deep, "t.hcl");
  ASSERT_TRUE(f.diags.HasErrors());
  EXPECT_EQ(f.diags[0].summary, "Nesting too deep");
  EXPECT_EQ(f.diags.size(), 1u) << Diags(f.diags);
  std::string blocks;
  for (int i = 0; i < 5000; ++i) blocks += "b {\n";
  auto g = hcl::ParseConfig(blocks, "t.hcl");
  EXPECT_TRUE(g.diags.HasErrors());
  std::string ops = "a = 1";
  for (int i = 0; i < 100000; ++i) ops += " + 1";
  auto h = hcl::ParseConfig(ops + "\n", "t.hcl");
  EXPECT_TRUE(h.diags.HasErrors());
  std::string neg = "a = " + std::string(100000, '-') + "1\n";
  auto k = hcl::ParseConfig(neg, "t.hcl");
  EXPECT_TRUE(k.diags.HasErrors());
}

TEST(HclParse, RenderDiagnostic) {
  std::string src = "a = 1\nfoo = bar baz\n";
  auto f = hcl::ParseConfig(src, "main.hcl");
  ASSERT_EQ(f.diags.size(), 1u);
  std::string out = hcl::RenderDiagnostic(f.diags[0], [&](const std::string&) { return std::string_view(src); });
  EXPECT_EQ(out,
            "Error: Missing newline after argument\n"
            "\n"
            "  on main.hcl line 2:\n"
            "  2 | foo = bar baz\n"
            "    |           ^^^\n"
            "\n"
            "An argument definition must end with a newline.\n");
}

// Differential-test regressions against hcl 2.14.1 (tests/hcl_corpus).
cty::Value AttrValue(const hcl::Body& body, size_t i) {
  auto r = body.attributes.at(i).expr->Value(nullptr);
  EXPECT_FALSE(r.diags.HasErrors()) << body.attributes.at(i).name;
  return r.value;
}

cty::Value ExprValue(const char* src) {
  auto p = hcl::ParseExpression(src, "e.hcl");
  EXPECT_TRUE(p.diags.empty()) << src << ": " << Diags(p.diags);
  if (!p.expr) return cty::Value::Null(cty::Type::Dynamic());
  auto r = p.expr->Value(nullptr);
  EXPECT_FALSE(r.diags.HasErrors()) << src << ": " << Diags(r.diags);
  return r.value;
}

TEST(HclParse, HeredocCloseMarkerNewlineEndsArgument) {
  auto f = hcl::ParseConfig("a = <<EOT\nhello\nEOT\nb = 1\n", "t.hcl");
  ASSERT_TRUE(f.diags.empty()) << Diags(f.diags);
  ASSERT_EQ(f.file.body.attributes.size(), 2u);
  EXPECT_TRUE(AttrValue(f.file.body, 0).RawEquals(cty::Value::String("hello\n")));
  EXPECT_TRUE(AttrValue(f.file.body, 1).RawEquals(cty::Value::Int(1)));

  auto g = hcl::ParseConfig("blk {\n  a = <<-EOT\n    hi\n    EOT\n}\n", "t.hcl");
  ASSERT_TRUE(g.diags.empty()) << Diags(g.diags);
  ASSERT_EQ(g.file.body.blocks.size(), 1u);
  EXPECT_TRUE(AttrValue(g.file.body.blocks[0]->body, 0).RawEquals(cty::Value::String("hi\n")));

  auto h = hcl::ParseConfig("a = <<EOT\r\nx\r\nEOT\r\nb = 2\r\n", "t.hcl");
  ASSERT_TRUE(h.diags.empty()) << Diags(h.diags);
  EXPECT_EQ(h.file.body.attributes.size(), 2u);

  // Inside an object constructor the newline is the item separator.
  EXPECT_TRUE(ExprValue("{\n  a = <<EOT\nx\nEOT\n  b = 1\n}")
                  .RawEquals(cty::Value::Object({{"a", cty::Value::String("x\n")}, {"b", cty::Value::Int(1)}})));
}

TEST(HclParse, HeredocCloseMarkerAtEOFIsUnterminated) {
  auto f = hcl::ParseConfig("a = <<EOT\nhello\nEOT", "t.hcl");
  ASSERT_TRUE(f.diags.HasErrors());
  EXPECT_EQ(f.diags[0].summary, "Unterminated template string") << Diags(f.diags);
  auto g = hcl::ParseConfig("a = <<-EOT\nhello\n  EOT", "t.hcl");
  ASSERT_TRUE(g.diags.HasErrors());
  EXPECT_EQ(g.diags[0].summary, "Unterminated template string") << Diags(g.diags);
}

TEST(HclParse, ObjectItemsSeparatedByNewlines) {
  auto want = cty::Value::Object({{"x", cty::Value::Int(1)}, {"y", cty::Value::Int(2)},
                                   {"z", cty::Value::Int(3)}, {"w", cty::Value::Int(4)}});
  EXPECT_TRUE(ExprValue("{\n  x = 1\n  y = 2\n  \"z\" = 3\n  (\"w\") = 4\n}").RawEquals(want));
  EXPECT_TRUE(ExprValue("{\n  x = 1,\n  y = 2\n\n  \"z\" = 3, (\"w\") = 4,\n}").RawEquals(want));
  auto f = hcl::ParseConfig("a = {\n  x = 1\n  y = 2\n}\n", "t.hcl");
  ASSERT_TRUE(f.diags.empty()) << Diags(f.diags);
  // Still an error: two items on one line with no separator.
  auto g = hcl::ParseExpression("{ x = 1 y = 2 }", "e.hcl");
  EXPECT_EQ(Diags(g.diags), "Missing attribute separator @e.hcl:1,9-10; ");
}

TEST(HclParse, KeywordObjectKeysAreNames) {
  EXPECT_TRUE(ExprValue("{null = 4, true = 1, false = 2}")
                  .RawEquals(cty::Value::Object({{"null", cty::Value::Int(4)},
                                                 {"true", cty::Value::Int(1)},
                                                 {"false", cty::Value::Int(2)}})));
  // A parenthesized key is an expression: null is then a null value.
  auto p = hcl::ParseExpression("{(null) = 4}", "e.hcl");
  ASSERT_TRUE(p.diags.empty()) << Diags(p.diags);
  auto r = p.expr->Value(nullptr);
  ASSERT_TRUE(r.diags.HasErrors());
  EXPECT_EQ(r.diags[0].summary, "Null value as key");
}

TEST(HclParse, InvalidUTF8InStrings) {
  auto f = hcl::ParseConfig("a = \"x\xff y\"\n", "t.hcl");
  EXPECT_EQ(Diags(f.diags), "Invalid character encoding @t.hcl:1,7-8; ");
  auto g = hcl::ParseConfig("a = <<EOT\nok\nbad \xc3\x28\nEOT\n", "t.hcl");
  ASSERT_TRUE(g.diags.HasErrors());
  EXPECT_EQ(g.diags[0].summary, "Invalid character encoding") << Diags(g.diags);
  auto h = hcl::ParseTemplate("x \xe2\x82 y", "t.tmpl");
  ASSERT_TRUE(h.diags.HasErrors());
  EXPECT_EQ(h.diags[0].summary, "Invalid character encoding") << Diags(h.diags);
  // Valid multi-byte characters are fine.
  auto k = hcl::ParseConfig("a = \"h\xc3\xa9llo \xe2\x82\xac\"\n", "t.hcl");
  ASSERT_TRUE(k.diags.empty()) << Diags(k.diags);
  EXPECT_TRUE(AttrValue(k.file.body, 0).RawEquals(cty::Value::String("h\xc3\xa9llo \xe2\x82\xac")));
}

}  // namespace
