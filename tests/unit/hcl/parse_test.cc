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

// Columns count grapheme clusters per token, as hcl does with go-textseg.
namespace {

// The end column of attribute `name`'s expression in `src`.
int ExprEndColumn(const std::string& src, size_t attr = 0) {
  auto f = hcl::ParseConfig(src, "c.hcl");
  EXPECT_FALSE(f.diags.HasErrors()) << Diags(f.diags);
  if (attr >= f.file.body.attributes.size()) return -1;
  return f.file.body.attributes[attr].expr->range().end.column;
}

TEST(HclColumns, AsciiCountsBytes) {
  EXPECT_EQ(ExprEndColumn("a = \"abc\"\n"), 10);
  EXPECT_EQ(ExprEndColumn("a = 1\t+ 2\n"), 10);  // a tab is one column
}

TEST(HclColumns, CombiningMarkJoinsItsBase) {
  // "e" + U+0301 COMBINING ACUTE ACCENT is one column; precomposed too.
  EXPECT_EQ(ExprEndColumn("a = \"e\xCC\x81\"\n"), 8);
  EXPECT_EQ(ExprEndColumn("a = \"\xC3\xA9\"\n"), 8);
  EXPECT_EQ(ExprEndColumn("a = \"e\xCC\x81\xCC\xA7x\"\n"), 9);  // two marks, then x
  // In an identifier (ID_Continue includes marks): "cafe\u0301" is 4 columns.
  auto f = hcl::ParseConfig("cafe\xCC\x81 = 1\n", "c.hcl");
  ASSERT_FALSE(f.diags.HasErrors()) << Diags(f.diags);
  EXPECT_EQ(f.file.body.attributes[0].name_range.end.column, 5);
  EXPECT_EQ(f.file.body.attributes[0].equals_range.start.column, 6);
}

TEST(HclColumns, EmojiSequencesAreOneColumn) {
  // Family: man ZWJ woman ZWJ girl.
  EXPECT_EQ(ExprEndColumn("a = \"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\"\n"), 8);
  // Thumbs up + skin tone modifier (Extend).
  EXPECT_EQ(ExprEndColumn("a = \"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\"\n"), 8);
  // Two flags (regional indicator pairs), then a third lone indicator.
  EXPECT_EQ(ExprEndColumn("a = \"\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\"\n"), 9);
  EXPECT_EQ(ExprEndColumn("a = \"\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA\xF0\x9F\x87\xAB\"\n"), 9);
  // A ZWJ not preceded by a pictograph does not join the next pictograph.
  EXPECT_EQ(ExprEndColumn("a = \"x\xE2\x80\x8D\xF0\x9F\x91\xA7\"\n"), 9);
}

TEST(HclColumns, HangulSyllableFromJamoIsOneColumn) {
  EXPECT_EQ(ExprEndColumn("a = \"\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8\"\n"), 8);  // L V T
}

TEST(HclColumns, CrlfEndsALine) {
  auto f = hcl::ParseConfig("a = 1\r\nbb = \"x\"\r\n", "c.hcl");
  ASSERT_FALSE(f.diags.HasErrors()) << Diags(f.diags);
  ASSERT_EQ(f.file.body.attributes.size(), 2u);
  EXPECT_EQ(f.file.body.attributes[0].expr->range().end.column, 6);
  const hcl::Range& b = f.file.body.attributes[1].expr->range();
  EXPECT_EQ(b.start.line, 2);
  EXPECT_EQ(b.start.column, 6);
  EXPECT_EQ(b.end.column, 9);
  // A heredoc line ending in CRLF: the next line starts at column 1.
  auto h = hcl::ParseConfig("a = <<EOT\r\nx\xCC\x81y\r\nEOT\r\nb = 1\r\n", "c.hcl");
  ASSERT_FALSE(h.diags.HasErrors()) << Diags(h.diags);
  ASSERT_EQ(h.file.body.attributes.size(), 2u);
  EXPECT_EQ(h.file.body.attributes[1].name_range.start.line, 4);
  EXPECT_EQ(h.file.body.attributes[1].name_range.start.column, 1);
}

TEST(HclColumns, DiagnosticsPointAtClusterColumns) {
  auto f = hcl::ParseConfig("x = \"e\xCC\x81\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\" + nope\n", "c.hcl");
  ASSERT_FALSE(f.diags.HasErrors()) << Diags(f.diags);
  auto v = f.file.body.attributes[0].expr->Value(nullptr);
  ASSERT_TRUE(v.diags.HasErrors());
  ASSERT_TRUE(v.diags[0].subject.has_value());
  EXPECT_EQ(v.diags[0].subject->start.column, 12) << Diags(v.diags);
  EXPECT_EQ(v.diags[0].subject->ToString(), "c.hcl:1,12-16");
}

TEST(HclColumns, InvalidEscapeRangeCountsClusters) {
  // The subject of a bad escape starts after "é" (one column).
  auto f = hcl::ParseConfig("x = \"e\xCC\x81\\q\"\n", "c.hcl");
  ASSERT_TRUE(f.diags.HasErrors());
  ASSERT_TRUE(f.diags[0].subject.has_value());
  EXPECT_EQ(f.diags[0].subject->start.column, 7) << Diags(f.diags);
}

}  // namespace

namespace {

// hcl looks for "for" after an opening brace past newlines (parseObjectCons).
TEST(HclParse, ObjectForExpressionMayStartOnTheNextLine) {
  auto f = hcl::ParseConfig("e = {\n  for k, v in {a = 1} :\n  k => v + 1\n}\n", "o.hcl");
  ASSERT_FALSE(f.diags.HasErrors()) << Diags(f.diags);
  auto v = f.file.body.attributes[0].expr->Value(nullptr);
  ASSERT_FALSE(v.diags.HasErrors()) << Diags(v.diags);
  EXPECT_EQ(v.value, cty::Value::Object({{"a", cty::Value::Int(2)}}));
  // An object whose first key is a variable named "for"-something still parses.
  auto g = hcl::ParseConfig("e = {\n  format = 1\n}\n", "o.hcl");
  EXPECT_FALSE(g.diags.HasErrors()) << Diags(g.diags);
}

}  // namespace

namespace {

// Binary operators release their nesting depth: many sibling expressions
// are not "too deep" (a 5k-line .tf file failed before).
TEST(HclParse, ManyBinaryExpressionsAreNotNestedDeep) {
  std::string src;
  for (int i = 0; i < 3 * hcl::kMaxNestingDepth; ++i) {
    src += "x" + std::to_string(i) + " = 1 != 0 && 2 + 3 * 4 > 5\n";
  }
  auto f = hcl::ParseConfig(src, "many.hcl");
  EXPECT_FALSE(f.diags.HasErrors()) << Diags(f.diags);
  EXPECT_EQ(f.file.body.attributes.size(), static_cast<size_t>(3 * hcl::kMaxNestingDepth));
  // Real nesting is still limited.
  std::string deep = "x = " + std::string(hcl::kMaxNestingDepth + 1, '(') + "1" +
                     std::string(hcl::kMaxNestingDepth + 1, ')') + "\n";
  auto d = hcl::ParseConfig(deep, "deep.hcl");
  EXPECT_NE(Diags(d.diags).find("Nesting too deep"), std::string::npos) << Diags(d.diags);
}

}  // namespace
