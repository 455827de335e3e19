// Parser tests: structure, ranges and exact diagnostics.
#include <gtest/gtest.h>

#include <string>

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

}  // namespace
