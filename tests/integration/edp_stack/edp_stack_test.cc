// Runs the real edp-stack binary on files in a temporary directory and checks
// its output, exit status and the files it leaves behind.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "run_edp_stack.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using edpstack_test::Result;
using edpstack_test::RunEdpStack;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

class EdpStackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "edp-stack-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

constexpr const char* kUnformatted = "a=1\nbbb =  2\n";
constexpr const char* kFormatted = "a   = 1\nbbb = 2\n";

TEST_F(EdpStackTest, VersionAndHelpOnEveryLevel) {
  Result v = RunEdpStack({"--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_THAT(v.out, HasSubstr("edp-stack 0."));

  Result h = RunEdpStack({"--help"});
  EXPECT_EQ(h.status, 0);
  EXPECT_THAT(h.out, HasSubstr("hcl"));
  Result hh = RunEdpStack({"hcl", "--help"});
  EXPECT_EQ(hh.status, 0);
  EXPECT_THAT(hh.out, HasSubstr("fmt"));
  EXPECT_THAT(hh.out, HasSubstr("eval"));
  Result fh = RunEdpStack({"hcl", "fmt", "--help"});
  EXPECT_EQ(fh.status, 0);
  EXPECT_THAT(fh.out, HasSubstr("--check"));
  EXPECT_THAT(fh.out, HasSubstr("--diff"));
  Result eh = RunEdpStack({"hcl", "eval", "--help"});
  EXPECT_EQ(eh.status, 0);
  EXPECT_THAT(eh.out, HasSubstr("--json"));
}

TEST_F(EdpStackTest, UsageErrorsExitTwoWithAHint) {
  Result none = RunEdpStack({});
  EXPECT_EQ(none.status, 2);
  EXPECT_THAT(none.err, HasSubstr("--help"));
  Result bad = RunEdpStack({"hcl", "fmt", "--no-such-flag"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.err, HasSubstr("--no-such-flag"));
  EXPECT_THAT(bad.err, HasSubstr("edp-stack hcl fmt --help"));
  Result unknown = RunEdpStack({"frobnicate"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown command \"frobnicate\"; the commands are: hcl"));
  Result unknown_sub = RunEdpStack({"hcl", "frob"});
  EXPECT_EQ(unknown_sub.status, 2);
  EXPECT_THAT(unknown_sub.err, HasSubstr("edp-stack hcl: unknown command \"frob\"; the commands are: fmt eval"));
  Result missing = RunEdpStack({"hcl", "eval"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.err, HasSubstr("FILE"));
}

TEST_F(EdpStackTest, FmtRewritesInPlaceRecursivelyAndSkipsCaches) {
  Write(dir_ / "root.hcl", kUnformatted);
  Write(dir_ / "live" / "vpc" / "terragrunt.hcl", "inputs={\nx=1\n}\n");
  Write(dir_ / "modules" / "main.tf", "resource \"a\" \"b\" {\nname=\"x\"\n}\n");
  Write(dir_ / "ok.hcl", kFormatted);
  Write(dir_ / "notes.txt", kUnformatted);
  for (const char* skip : {".terragrunt-cache", ".terragrunt-stack", ".git", ".terraform"}) {
    Write(dir_ / skip / "x.hcl", kUnformatted);
  }
  fs::permissions(dir_ / "root.hcl", fs::perms(0640));

  Result r = RunEdpStack({"hcl", "fmt"}, dir_.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "live/vpc/terragrunt.hcl\nmodules/main.tf\nroot.hcl\n");
  EXPECT_EQ(Read(dir_ / "root.hcl"), kFormatted);
  EXPECT_EQ(Read(dir_ / "live" / "vpc" / "terragrunt.hcl"), "inputs = {\n  x = 1\n}\n");
  EXPECT_EQ(Read(dir_ / "modules" / "main.tf"), "resource \"a\" \"b\" {\n  name = \"x\"\n}\n");
  EXPECT_EQ(Read(dir_ / "notes.txt"), kUnformatted);
  for (const char* skip : {".terragrunt-cache", ".terragrunt-stack", ".git", ".terraform"}) {
    EXPECT_EQ(Read(dir_ / skip / "x.hcl"), kUnformatted) << skip;
  }
  EXPECT_EQ(fs::status(dir_ / "root.hcl").permissions() & fs::perms::mask, fs::perms(0640));
  // No temporary files are left behind.
  for (const auto& e : fs::directory_iterator(dir_)) {
    EXPECT_THAT(e.path().filename().string(), Not(HasSubstr("edp-fmt"))) << e.path();
  }

  // A second run changes nothing and prints nothing.
  Result again = RunEdpStack({"hcl", "fmt", dir_.string()});
  EXPECT_EQ(again.status, 0);
  EXPECT_EQ(again.out, "");
}

TEST_F(EdpStackTest, FmtKeepsSymlinksAndReplacesTheirTarget) {
  Write(dir_ / "real" / "target.hcl", kUnformatted);
  fs::create_directories(dir_ / "live");
  fs::create_symlink("../real/target.hcl", dir_ / "live" / "link.hcl");
  Result r = RunEdpStack({"hcl", "fmt", "live/link.hcl"}, dir_.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "live" / "link.hcl"));
  EXPECT_EQ(Read(dir_ / "real" / "target.hcl"), kFormatted);
}

TEST_F(EdpStackTest, FmtNamedFileIsFormattedWhateverItsExtension) {
  Write(dir_ / "values.txt", kUnformatted);
  Result r = RunEdpStack({"hcl", "fmt", (dir_ / "values.txt").string()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Read(dir_ / "values.txt"), kFormatted);
}

TEST_F(EdpStackTest, FmtCheckListsFilesExitsOneAndWritesNothing) {
  Write(dir_ / "a.hcl", kUnformatted);
  Write(dir_ / "b.hcl", kFormatted);
  Result r = RunEdpStack({"hcl", "fmt", "--check", dir_.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, (dir_ / "a.hcl").string() + "\n");
  EXPECT_EQ(Read(dir_ / "a.hcl"), kUnformatted);

  Result clean = RunEdpStack({"hcl", "fmt", "--check", (dir_ / "b.hcl").string()});
  EXPECT_EQ(clean.status, 0);
  EXPECT_EQ(clean.out, "");
}

TEST_F(EdpStackTest, FmtDiffPrintsUnifiedDiff) {
  Write(dir_ / "a.hcl", std::string("# head\nx = 1\n") + kUnformatted);
  Result r = RunEdpStack({"hcl", "fmt", "--check", "--diff", "a.hcl"}, dir_.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "--- a/a.hcl\n+++ b/a.hcl\n@@ -1,4 +1,4 @@\n # head\n-x = 1\n-a=1\n-bbb =  2\n+x   = 1\n+a   = 1\n"
            "+bbb = 2\na.hcl\n");
  EXPECT_EQ(Read(dir_ / "a.hcl"), std::string("# head\nx = 1\n") + kUnformatted);

  // Without --check the diff is printed and the file written.
  Result w = RunEdpStack({"hcl", "fmt", "--diff", "a.hcl"}, dir_.string());
  EXPECT_EQ(w.status, 0);
  EXPECT_THAT(w.out, HasSubstr("+bbb = 2\n"));
  EXPECT_EQ(Read(dir_ / "a.hcl"), "# head\nx   = 1\na   = 1\nbbb = 2\n");
}

TEST_F(EdpStackTest, FmtParseErrorIsReportedWithPositionAndFileUntouched) {
  const std::string bad = "locals {\n  a = 1 +\n}\n";
  Write(dir_ / "bad.hcl", bad);
  Write(dir_ / "good.hcl", kUnformatted);
  Result r = RunEdpStack({"hcl", "fmt", "."}, dir_.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("edp-stack hcl fmt: bad.hcl:2:10: Invalid expression\n"));
  EXPECT_THAT(r.err, HasSubstr("Error: "));
  EXPECT_THAT(r.err, HasSubstr("on bad.hcl line 2:\n  2 |   a = 1 +\n"));
  EXPECT_THAT(r.err, HasSubstr("bad.hcl was left unchanged"));
  EXPECT_EQ(Read(dir_ / "bad.hcl"), bad);
  // The other files are still formatted.
  EXPECT_EQ(Read(dir_ / "good.hcl"), kFormatted);
  EXPECT_EQ(r.out, "good.hcl\n");
}

TEST_F(EdpStackTest, FmtMissingPathIsAnError) {
  Result r = RunEdpStack({"hcl", "fmt", (dir_ / "nope").string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("nope: no such file or directory"));
}

TEST_F(EdpStackTest, FmtStdin) {
  Result r = RunEdpStack({"hcl", "fmt", "-"}, ".", {}, kUnformatted);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, kFormatted);
  Result s = RunEdpStack({"hcl", "fmt", "--stdin"}, ".", {}, kUnformatted);
  EXPECT_EQ(s.out, kFormatted);
  Result c = RunEdpStack({"hcl", "fmt", "--stdin", "--check"}, ".", {}, kUnformatted);
  EXPECT_EQ(c.status, 1);
  EXPECT_EQ(c.out, "");
  Result e = RunEdpStack({"hcl", "fmt", "-"}, ".", {}, "a = [\n");
  EXPECT_EQ(e.status, 1);
  EXPECT_THAT(e.err, HasSubstr("<stdin>:"));
  EXPECT_EQ(e.out, "");
  Result both = RunEdpStack({"hcl", "fmt", "-", "x.hcl"});
  EXPECT_EQ(both.status, 2);
  EXPECT_THAT(both.err, HasSubstr("cannot be combined"));
}

TEST_F(EdpStackTest, EvalPrintsTheJsonDocument) {
  Write(dir_ / "data.txt", "hello");
  Write(dir_ / "terragrunt.hcl",
        "locals {\n  env = \"prod\"\n  n = 1 + 2\n}\n"
        "remote_state {\n  backend = \"s3\"\n  config = { bucket = upper(\"b-${1}\") }\n}\n"
        "dependency \"vpc\" {\n  config_path = \"../vpc\"\n}\n"
        "inputs = { tags = [\"a\", \"b\"], content = file(\"data.txt\") }\n");
  // Run from elsewhere: file() resolves against the file's directory.
  Result r = RunEdpStack({"hcl", "eval", (dir_ / "terragrunt.hcl").string(), "--json"}, "/");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"attributes\":{\"inputs\":{\"type\":[\"object\",{\"content\":\"string\",\"tags\":[\"tuple\","
            "[\"string\",\"string\"]]}],\"value\":{\"content\":\"hello\",\"tags\":[\"a\",\"b\"]}}},"
            "\"blocks\":[{\"type\":\"locals\",\"labels\":[],\"body\":{\"attributes\":{\"env\":{\"type\":"
            "\"string\",\"value\":\"prod\"},\"n\":{\"type\":\"number\",\"value\":3}},\"blocks\":[]}},"
            "{\"type\":\"remote_state\",\"labels\":[],\"body\":{\"attributes\":{\"backend\":{\"type\":"
            "\"string\",\"value\":\"s3\"},\"config\":{\"type\":[\"object\",{\"bucket\":\"string\"}],"
            "\"value\":{\"bucket\":\"B-1\"}}},\"blocks\":[]}},{\"type\":\"dependency\",\"labels\":[\"vpc\"],"
            "\"body\":{\"attributes\":{\"config_path\":{\"type\":\"string\",\"value\":\"../vpc\"}},"
            "\"blocks\":[]}}]}\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(EdpStackTest, EvalHasTryCanAndTemplatestring) {
  Write(dir_ / "t.hcl",
        "a = try(tonumber(\"x\"), 7)\n"
        "b = can(local.nope)\n"
        "c = templatestring(\"hi $${n}\", { n = 2 })\n");
  Result r = RunEdpStack({"hcl", "eval", "t.hcl", "--json"}, dir_.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"attributes\":{\"a\":{\"type\":\"number\",\"value\":7},\"b\":{\"type\":\"bool\","
            "\"value\":false},\"c\":{\"type\":\"string\",\"value\":\"hi 2\"}},\"blocks\":[]}\n");
}

TEST_F(EdpStackTest, EvalErrorsGoToStderr) {
  Write(dir_ / "bad.hcl", "a = 1\nb = nosuchfunc(1)\n");
  Result r = RunEdpStack({"hcl", "eval", "bad.hcl", "--json"}, dir_.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("Error: Call to unknown function"));
  EXPECT_THAT(r.err, HasSubstr("on bad.hcl line 2"));

  Write(dir_ / "syntax.hcl", "a = {\n");
  Result s = RunEdpStack({"hcl", "eval", "syntax.hcl"}, dir_.string());
  EXPECT_EQ(s.status, 1);
  EXPECT_EQ(s.out, "");
  EXPECT_THAT(s.err, HasSubstr("on syntax.hcl line"));

  Result m = RunEdpStack({"hcl", "eval", "missing.hcl"}, dir_.string());
  EXPECT_EQ(m.status, 1);
  EXPECT_THAT(m.err, HasSubstr("cannot read missing.hcl"));

  Result d = RunEdpStack({"hcl", "eval", "."}, dir_.string());
  EXPECT_EQ(d.status, 1);
  EXPECT_THAT(d.err, HasSubstr("is a directory"));
}

}  // namespace
