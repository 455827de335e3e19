// Formatter tests: input/expected pairs (expected outputs are what
// hclwrite.Format produces), idempotence, and semantic equivalence (the
// formatted source parses to the same structure and evaluates to the same
// values).
#include "hcl/format.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "hcl/body.h"
#include "hcl/parse.h"

namespace {

struct Case {
  const char* name;
  const char* input;
  const char* want;
};

const Case kCases[] = {
    {"align_basic",
     "a=1\nbbb =  2\ncc   = 3\n",
     "a   = 1\nbbb = 2\ncc  = 3\n"},
    {"arith_spacing",
     "x=1+2*3-4/5%6\n",
     "x = 1 + 2 * 3 - 4 / 5 % 6\n"},
    {"logic_spacing",
     "x = a==b&&c!=d||!e\ny = a<b\nz = a>=b\nw = a <= b\nv = a>b\n",
     "x = a == b && c != d || !e\ny = a < b\nz = a >= b\nw = a <= b\nv = a > b\n"},
    {"negation",
     "x = -1\ny = a - -b\nz = [-1, - 2]\nw = f(-a)\nv = a*-1\nu = -(1)\n",
     "x = -1\ny = a - -b\nz = [-1, -2]\nw = f(-a)\nv = a * -1\nu = -(1)\n"},
    {"not",
     "x = ! a\ny = !!b\n",
     "x = !a\ny = !!b\n"},
    {"tuple_spacing",
     "x = [ 1 , 2 ,3 ]\ny = [\"a\",\"b\"]\n",
     "x = [1, 2, 3]\ny = [\"a\", \"b\"]\n"},
    {"call_spacing",
     "x = f( a,b ... )\ny = g ()\nz = h(  )\n",
     "x = f(a, b...)\ny = g()\nz = h()\n"},
    {"traversal",
     "x = a . b [ 0 ] . c\ny = a[*].b\nz = a.*.b\nw = a.0.b\nv = a[\"k\"] [1]\n",
     "x = a.b[0].c\ny = a[*].b\nz = a.*.b\nw = a.0.b\nv = a[\"k\"][1]\n"},
    {"object_oneline",
     "x = {a=1, \"b\"=2}\ny = {a=1,b=2}\n",
     "x = { a = 1, \"b\" = 2 }\ny = { a = 1, b = 2 }\n"},
    {"empty_brackets",
     "x = {}\ny = [ ]\nz = {  }\nb { }\n",
     "x = {}\ny = []\nz = {}\nb {}\n"},
    {"nested_blocks",
     "resource \"a\" \"b\" {\nx=1\nnested {\ny=2\ndeeper {\nz = 3\n}\n}\n}\n",
     "resource \"a\" \"b\" {\n  x = 1\n  nested {\n    y = 2\n    deeper {\n      z = 3\n    }\n  }\n}\n"},
    {"reindent",
     "  a = 1\n      b {\n c = 2\n          }\n",
     "a = 1\nb {\n  c = 2\n}\n"},
    {"align_blank_line_breaks_run",
     "a = 1\nbbbb = 2\n\nc = 3\ndd = 4\n",
     "a    = 1\nbbbb = 2\n\nc  = 3\ndd = 4\n"},
    {"align_block_breaks_run",
     "a = 1\nb {\nxxxx = 1\ny = 2\n}\nccccc = 3\nd = 4\n",
     "a = 1\nb {\n  xxxx = 1\n  y    = 2\n}\nccccc = 3\nd     = 4\n"},
    {"align_comment_line_breaks_run",
     "a = 1\n# comment\nbbbb = 2\nc = 3\n",
     "a = 1\n# comment\nbbbb = 2\nc    = 3\n"},
    {"object_multiline",
     "x = {\na = 1\nbbb = 2\n\"quoted key\" = 3\n}\n",
     "x = {\n  a            = 1\n  bbb          = 2\n  \"quoted key\" = 3\n}\n"},
    {"tuple_multiline",
     "x = [\n1,\n2,\n[\n3,\n],\n]\n",
     "x = [\n  1,\n  2,\n  [\n    3,\n  ],\n]\n"},
    {"trailing_comments_aligned",
     "a = 1 # one\nbbb = 22 // two\nc = 333    # three\n",
     "a   = 1   # one\nbbb = 22  // two\nc   = 333 # three\n"},
    {"trailing_comment_on_block",
     "b { # open\nx = 1 # in\n} # close\n",
     "b {     # open\n  x = 1 # in\n}       # close\n"},
    {"block_comment_inline",
     "a = /* c */ 1\nb = 2 /* d */\n",
     "a = /* c */ 1\nb = 2 /* d */\n"},
    {"block_comment_multiline",
     "/*\n   keep\n     this\n*/\na = 1\n   /* x\ny */ b = 2\n",
     "/*\n   keep\n     this\n*/\na           = 1\n/* x\ny */ b = 2\n"},
    {"comments_in_block",
     "b {\n# hash\n// slashes\n/* block */\nx = 1\n}\n",
     "b {\n  # hash\n  // slashes\n  /* block */\n  x = 1\n}\n"},
    {"comment_eof_no_newline",
     "a = 1 # t",
     "a = 1 # t"},
    {"heredoc_verbatim",
     "x = <<EOT\n  keep   this  \n${ a }  and %{ if b }y%{ endif }\nEOT\ny = 2\n",
     "x = <<EOT\n  keep   this  \n${a}  and %{if b}y%{endif}\nEOT\ny = 2\n"},
    {"heredoc_flush_in_block",
     "b {\nx = <<-EOT\n    hello\n      world\n    EOT\ny=1\n}\n",
     "b {\n  x = <<-EOT\n    hello\n      world\n    EOT\n  y = 1\n}\n"},
    {"heredoc_in_call",
     "x = f(<<EOT\nbody\nEOT\n)\nyy = 1\n",
     "x = f(<<EOT\nbody\nEOT\n)\nyy = 1\n"},
    {"quoted_template",
     "x = \"${ a }-%{ if b }x%{ else }y%{ endif }\"\n",
     "x = \"${a}-%{if b}x%{else}y%{endif}\"\n"},
    {"strip_markers",
     "x = \"${~ a ~}\"\ny = <<EOT\n%{ for v in l ~}\n${ v }\n%{~ endfor }\nEOT\n",
     "x = \"${~a~}\"\ny = <<EOT\n%{for v in l~}\n${v}\n%{~endfor}\nEOT\n"},
    {"template_escapes",
     "x = \"$${ a }  %%{ b } \\\"q\\\"  \"\n",
     "x = \"$${ a }  %%{ b } \\\"q\\\"  \"\n"},
    {"interp_object",
     "x = \"${ {a=1}.a }\"\n",
     "x = \"${ { a = 1 }.a}\"\n"},
    {"for_tuple",
     "x = [for x in xs: x if x>1]\ny = [ for i,v in xs : v ]\n",
     "x = [for x in xs : x if x > 1]\ny = [for i, v in xs : v]\n"},
    {"for_object",
     "x = {for k,v in m: k=>v...}\ny = { for k, v in m : k => v if v != null }\n",
     "x = { for k, v in m : k => v... }\ny = { for k, v in m : k => v if v != null }\n"},
    {"for_in_tuple",
     "x = [for x in [1,2]: x]\n",
     "x = [for x in [1, 2] : x]\n"},
    {"conditional",
     "x = a?b:c\ny = a ? [1] : [2]\n",
     "x = a ? b : c\ny = a ? [1] : [2]\n"},
    {"parens",
     "x = ( a + b ) * c\ny = (-a)\n",
     "x = (a + b) * c\ny = (-a)\n"},
    {"oneline_block",
     "b { a = 1 }\nc \"l\" {a=2}\n",
     "b { a = 1 }\nc \"l\" { a = 2 }\n"},
    {"blank_lines_and_trailing_ws",
     "a = 1   \n\n\n   \nb = 2\t\n",
     "a = 1\n\n\n\nb = 2\n"},
    {"no_trailing_newline",
     "a=1",
     "a = 1"},
    {"multiline_call",
     "x = f(\na,\nb,\n)\ny = g(a,\nb)\n",
     "x = f(\n  a,\n  b,\n)\ny = g(a,\nb)\n"},
    {"run_across_multiline_value",
     "a = 1\nbb = {\nc = 2\n}\nddd = 3\ne = 4\n",
     "a = 1\nbb = {\n  c = 2\n}\nddd = 3\ne   = 4\n"},
    {"heredoc_in_run",
     "a = <<EOT\nx\nEOT\nbbbb = 1\n",
     "a    = <<EOT\nx\nEOT\nbbbb = 1\n"},
    {"tabs",
     "\ta\t=\t1\nb {\n\tc = 2\n}\n",
     "a = 1\nb {\n  c = 2\n}\n"},
    {"unicode_align",
     "ü = 1\nab = 2\n名前 = 3\n",
     "ü  = 1\nab = 2\n名前 = 3\n"},
    {"colon_object",
     "x = {a: 1, b: 2}\n",
     "x = { a : 1, b : 2 }\n"},
    {"nested_mixed",
     "locals {\nm = {\nlist = [for s in var.subnets: {\nname = s.name\ncidr = s.cidr\n}]\n}\n}\n",
     "locals {\n  m = {\n    list = [for s in var.subnets : {\n      name = s.name\n      cidr = s.cidr\n    }]\n  }\n}\n"},
    {"deep_nesting_lines",
     "a = [[\n1\n]]\nb = 2\n",
     "a = [[\n  1\n]]\nb = 2\n"},
    {"block_labels",
     "resource   aws_instance   \"web\"   {\n}\n",
     "resource aws_instance \"web\" {\n}\n"},
    {"attr_after_equals_newline",
     "a = (\n1 + 2\n)\n",
     "a = (\n  1 + 2\n)\n"},
    {"splat_full",
     "x = a[*]\ny = a.*\nz = [a[*].b, c.*.d]\n",
     "x = a[*]\ny = a.*\nz = [a[*].b, c.*.d]\n"},
    {"comment_between_attrs",
     "a = 1 /* c */ # d\nbb = 2\n",
     "a  = 1 /* c */ # d\nbb = 2\n"},
    {"namespaced_function_call",
     "x = provider::p::f( 1 )\ny = core :: f(2)\n",
     "x = provider::p::f(1)\ny = core::f(2)\n"},
    {"crlf",
     "a=1\r\nbb = 2 # c\r\nb {\r\nx=1\r\n}\r\n",
     "a  = 1\r\nbb = 2 # c\r\nb {\r\n  x = 1\r\n}\r\n"},
    {"byte_order_mark_dropped",
     "\xEF\xBB\xBF" "a=1\n",
     "a = 1\n"},
    {"trailing_spaces_at_eof_kept",
     "a = 1\n  ",
     "a = 1\n  "},
    {"empty", "", ""},
    {"only_newlines", "\n\n", "\n\n"},
};

// A flattened description of a body: attribute names with their values (or
// "error"), block types and labels, recursively.
void Describe(const hcl::Body& body, std::vector<std::string>* names, std::vector<cty::Value>* values,
              std::vector<bool>* errors) {
  for (const auto& a : body.attributes) {
    names->push_back("attr " + a.name);
    auto r = a.expr->Value(nullptr);
    errors->push_back(r.diags.HasErrors());
    values->push_back(r.diags.HasErrors() ? cty::Value::DynamicVal() : r.value);
  }
  for (const auto& b : body.blocks) {
    std::string d = "block " + b->type;
    for (const auto& l : b->labels) d += " \"" + l + "\"";
    names->push_back(d);
    Describe(b->body, names, values, errors);
    names->push_back("end");
  }
}

// Expects `formatted` to mean the same as `original` when the latter parses.
void ExpectSameMeaning(const std::string& original, const std::string& formatted, const std::string& what) {
  auto a = hcl::ParseConfig(original, "a.hcl");
  auto b = hcl::ParseConfig(formatted, "b.hcl");
  if (a.diags.HasErrors()) {
    EXPECT_TRUE(b.diags.HasErrors()) << what << ": formatted output parses but the input did not";
    return;
  }
  ASSERT_FALSE(b.diags.HasErrors()) << what << ": formatted output does not parse: " << b.diags[0].summary << "\n"
                                    << formatted;
  std::vector<std::string> na, nb;
  std::vector<cty::Value> va, vb;
  std::vector<bool> ea, eb;
  Describe(a.file.body, &na, &va, &ea);
  Describe(b.file.body, &nb, &vb, &eb);
  ASSERT_EQ(na, nb) << what;
  ASSERT_EQ(ea, eb) << what;
  ASSERT_EQ(va.size(), vb.size()) << what;
  for (size_t i = 0; i < va.size(); ++i) {
    EXPECT_TRUE(va[i].RawEquals(vb[i])) << what << ": value " << i << " differs";
  }
}

class HclFormatCases : public ::testing::TestWithParam<Case> {};

TEST_P(HclFormatCases, MatchesExpected) {
  const Case& c = GetParam();
  auto r = hcl::FormatWithDiagnostics(c.input, "in.hcl");
  EXPECT_FALSE(r.diags.HasErrors());
  EXPECT_EQ(r.text, c.want) << "input:\n" << c.input;
}

TEST_P(HclFormatCases, Idempotent) {
  const Case& c = GetParam();
  std::string once = hcl::Format(c.input);
  EXPECT_EQ(hcl::Format(once), once);
  EXPECT_EQ(hcl::Format(c.want), c.want);
}

TEST_P(HclFormatCases, PreservesMeaning) {
  const Case& c = GetParam();
  ExpectSameMeaning(c.input, hcl::Format(c.input), c.name);
}

INSTANTIATE_TEST_SUITE_P(All, HclFormatCases, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

std::vector<std::filesystem::path> FuzzSeeds() {
  std::vector<std::filesystem::path> out;
  std::filesystem::path dir = std::filesystem::path(EDP_SOURCE_DIR) / "tests/fuzz/corpus/fuzz_hcl_parse";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

TEST(HclFormat, FuzzSeedsIdempotentAndSameMeaning) {
  auto seeds = FuzzSeeds();
  ASSERT_FALSE(seeds.empty());
  for (const auto& p : seeds) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string src = ss.str();
    std::string once = hcl::Format(src);
    EXPECT_EQ(hcl::Format(once), once) << p;
    ExpectSameMeaning(src, once, p.string());
  }
}

TEST(HclFormat, LexErrorsReturnInputWithDiagnostics) {
  for (const char* src : {"a = 1 ; b = 2\n", "a = 1 /* open\n", "a = \"x\n", "a\t=  `x`\n", "a = \xff\n"}) {
    auto r = hcl::FormatWithDiagnostics(src, "bad.hcl");
    EXPECT_TRUE(r.diags.HasErrors()) << src;
    EXPECT_EQ(r.text, src);
    EXPECT_EQ(hcl::Format(src), src);
  }
  auto r = hcl::FormatWithDiagnostics("a = 1 ; b\n", "bad.hcl");
  ASSERT_TRUE(r.diags.HasErrors());
  ASSERT_TRUE(r.diags[0].subject.has_value());
  EXPECT_EQ(r.diags[0].subject->filename, "bad.hcl");
  EXPECT_EQ(r.diags[0].subject->start.column, 7);
}

TEST(HclFormat, SyntaxErrorsAreFormattedAnyway) {
  // Like hclwrite: only lexical errors stop the formatter.
  EXPECT_EQ(hcl::Format("a = {\nb=[1 2\n"), "a = {\n  b = [1 2\n");
}

TEST(HclFormat, NeverMergesTokens) {
  // hclwrite's rules would print `1 . 5` as `1.5`, a number: when the
  // formatted text would not lex to the same tokens, the input is kept.
  EXPECT_EQ(hcl::Format("a = 1 . 5\n"), "a = 1 . 5\n");
}

}  // namespace
