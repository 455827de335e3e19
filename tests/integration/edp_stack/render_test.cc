// `edp-stack render` as a process: output formats, --write/--out (atomic,
// nothing left on failure), TG_* environment variables and exit statuses.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "run_edp_stack.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Out {
  int status = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class RenderCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("render_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "unit");
    Write("root.hcl", "locals {\n  env = \"prod\"\n}\ninputs = {\n  rel = path_relative_to_include()\n}\n");
    Write("unit/terragrunt.hcl",
          "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n  expose = true\n}\n"
          "feature \"big\" {\n  default = false\n}\n"
          "inputs = {\n  env = include.root.locals.env\n  big = feature.big.value\n}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }

  // Runs edp-stack (argv directly, no shell) in `cwd` with extra env vars.
  Out Run(std::vector<std::string> args, const fs::path& cwd, std::vector<std::string> env = {}) {
    std::map<std::string, std::string> extra;
    for (const auto& kv : env) extra[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    edpstack_test::Result r = edpstack_test::RunEdpStack(args, cwd, extra);
    return Out{r.status, r.out, r.err};
  }

  fs::path dir_;
};

TEST_F(RenderCli, PrintsHclByDefaultAndJsonOnRequest) {
  Out h = Run({"render"}, dir_ / "unit");
  ASSERT_EQ(h.status, 0) << h.err;
  EXPECT_THAT(h.out, HasSubstr("inputs = {\n"));
  EXPECT_THAT(h.out, HasSubstr("env = \"prod\""));
  EXPECT_THAT(h.out, HasSubstr("rel = \"unit\""));
  EXPECT_THAT(h.out, HasSubstr("feature \"big\" {"));

  Out j = Run({"render", "--json", "unit"}, dir_);
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_THAT(j.out, HasSubstr("\"inputs\": {\n    \"big\": false,\n    \"env\": \"prod\",\n    \"rel\": \"unit\"\n  }"));
  Out f = Run({"render", "--format", "json", "--working-dir", (dir_ / "unit").string()}, "/");
  ASSERT_EQ(f.status, 0) << f.err;
  EXPECT_EQ(f.out, j.out);
}

TEST_F(RenderCli, FeatureFlagsFromFlagAndEnvironment) {
  Out a = Run({"render", "--json", "--feature", "big=true", "unit"}, dir_);
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_THAT(a.out, HasSubstr("\"big\": true"));
  Out b = Run({"render", "--json", "unit"}, dir_, {"TG_FEATURE=big=true"});
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_THAT(b.out, HasSubstr("\"big\": true"));
  Out bad = Run({"render", "--feature", "big", "unit"}, dir_);
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.err, HasSubstr("is not NAME=VALUE"));
}

TEST_F(RenderCli, WriteAndOutAreAtomicAndRelativeToTheUnit) {
  Out w = Run({"render", "--json", "--write", "unit"}, dir_);
  ASSERT_EQ(w.status, 0) << w.err;
  EXPECT_TRUE(w.out.empty());
  std::string written = Slurp(dir_ / "unit/terragrunt.rendered.json");
  EXPECT_THAT(written, HasSubstr("\"env\": \"prod\""));
  EXPECT_THAT(w.err, HasSubstr("terragrunt.rendered.json"));

  Out o = Run({"render", "--out", "x.hcl", "unit"}, dir_);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_THAT(Slurp(dir_ / "unit/x.hcl"), HasSubstr("env = \"prod\""));

  // A failing render writes nothing and leaves the old file alone.
  Write("unit/terragrunt.hcl", "inputs = {\n  a = local.missing\n}\n");
  Out f = Run({"render", "--json", "-w", "unit"}, dir_);
  EXPECT_EQ(f.status, 1);
  EXPECT_TRUE(f.out.empty());
  EXPECT_EQ(Slurp(dir_ / "unit/terragrunt.rendered.json"), written);
  for (const auto& e : fs::directory_iterator(dir_ / "unit"))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();

  // An unwritable target: the error names it; no temporary file stays.
  Out u = Run({"render", "--out", "no/such/dir/r.json", "--json"}, dir_ / "unit");
  Write("unit/terragrunt.hcl", "inputs = {}\n");
  u = Run({"render", "--out", "no/such/dir/r.json", "--json"}, dir_ / "unit");
  EXPECT_EQ(u.status, 1);
  EXPECT_THAT(u.err, HasSubstr("no/such/dir/r.json"));
}

TEST_F(RenderCli, ErrorsAndUsage) {
  Write("unit/terragrunt.hcl", "skip = true\n");
  Out s = Run({"render", "unit"}, dir_);
  EXPECT_EQ(s.status, 1);
  EXPECT_THAT(s.err, HasSubstr((dir_ / "unit/terragrunt.hcl").string() + ":1:1: Unsupported argument"));
  EXPECT_THAT(s.err, HasSubstr("use exclude {"));
  EXPECT_THAT(s.err, HasSubstr("1 | skip = true"));
  EXPECT_TRUE(s.out.empty());

  Out none = Run({"render", "nowhere"}, dir_);
  EXPECT_EQ(none.status, 1);
  EXPECT_THAT(none.err, HasSubstr((dir_ / "nowhere").string() + " does not exist"));
  fs::create_directories(dir_ / "empty");
  Out empty = Run({"render", "empty"}, dir_);
  EXPECT_EQ(empty.status, 1);
  EXPECT_THAT(empty.err, HasSubstr("There is no terragrunt.hcl in " + (dir_ / "empty").string()));
  EXPECT_THAT(empty.err, ::testing::Not(HasSubstr(" line ")));  // no snippet for a path error

  Out fmt = Run({"render", "--format", "yaml", "unit"}, dir_);
  EXPECT_EQ(fmt.status, 2);
  EXPECT_THAT(fmt.err, HasSubstr("unknown --format \"yaml\""));
  Out both = Run({"render", "--json", "--format", "hcl", "unit"}, dir_);
  EXPECT_EQ(both.status, 2);
  Out flag = Run({"render", "--bogus"}, dir_);
  EXPECT_EQ(flag.status, 2);
}

}  // namespace
