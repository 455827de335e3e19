// `edp-stack find` and `edp-stack dag graph` on real trees: discovery,
// dependency and dependencies blocks through includes and functions, queue
// order (plan and destroy), JSON, DOT, filters, and the errors (missing
// dependency, cycle, syntax error) with their exit status.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_edp_stack.h"

namespace {

namespace fs = std::filesystem;
using edpstack_test::RunEdpStack;
using ::testing::HasSubstr;

class FindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("edp-find-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    Write("root.hcl", "locals {\n  region = \"eu-de\"\n}\n");
    Write("live/vpc/terragrunt.hcl", "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n");
    Write("live/db/terragrunt.hcl",
          "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n"
          "dependency \"vpc\" {\n  config_path  = \"../vpc\"\n  mock_outputs = { id = \"mock\" }\n}\n");
    Write("live/app/terragrunt.hcl",
          "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\n"
          "locals {\n  deps = \"..\"\n}\n"
          "dependency \"db\" {\n  config_path = \"${local.deps}/db\"\n}\n"
          "dependencies {\n  paths = [\"../dns\", \"../vpc\"]\n}\n");
    Write("live/dns/terragrunt.hcl", "terraform {\n  source = \".\"\n}\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  fs::path root_;
};

TEST_F(FindTest, ListsUnitsInPathOrderAndInRunOrder) {
  auto r = RunEdpStack({"find"}, root_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "live/app\nlive/db\nlive/dns\nlive/vpc\n");
  r = RunEdpStack({"find", "--dag", "--dependencies"}, root_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "live/dns\nlive/vpc\nlive/db: live/vpc\nlive/app: live/db, live/dns, live/vpc\n");
  r = RunEdpStack({"find", "--dag", "--queue-construct-as", "destroy", "--working-dir", root_.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "live/app\nlive/db\nlive/vpc\nlive/dns\n");
}

TEST_F(FindTest, JsonAndEnvironmentVariables) {
  auto r = RunEdpStack({"find", "--json"}, "/", {{"TG_WORKING_DIR", root_.string()}, {"TG_DAG", "true"}});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "[\n  {\n    \"type\": \"unit\",\n    \"path\": \"live/dns\"\n  },\n"
            "  {\n    \"type\": \"unit\",\n    \"path\": \"live/vpc\"\n  },\n"
            "  {\n    \"type\": \"unit\",\n    \"path\": \"live/db\"\n  },\n"
            "  {\n    \"type\": \"unit\",\n    \"path\": \"live/app\"\n  }\n]\n");
}

TEST_F(FindTest, DagGraphPrintsDotAndFiltersMarkExcludedUnits) {
  auto r = RunEdpStack({"dag", "graph", "--queue-exclude-dir", "live/dns"}, root_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "digraph {\n"
            "\t\"live/app\" ;\n"
            "\t\"live/app\" -> \"live/db\";\n"
            "\t\"live/app\" -> \"live/dns\";\n"
            "\t\"live/app\" -> \"live/vpc\";\n"
            "\t\"live/db\" ;\n"
            "\t\"live/db\" -> \"live/vpc\";\n"
            "\t\"live/dns\" [color=red];\n"
            "\t\"live/vpc\" ;\n"
            "}\n");
  r = RunEdpStack({"find", "--queue-include-dir", "live/d*"}, root_);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "live/db\nlive/dns\n");
}

TEST_F(FindTest, MissingDependencyNamesUnitAndDeclaration) {
  Write("live/dns/terragrunt.hcl", "dependency \"zone\" {\n  config_path = \"../zone\"\n}\n");
  auto r = RunEdpStack({"find"}, root_);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("unit live/dns depends on " + (root_ / "live/zone").string()));
  EXPECT_THAT(r.err, HasSubstr("live/dns/terragrunt.hcl:1:1"));
}

TEST_F(FindTest, CycleIsAnErrorNamingTheCycle) {
  Write("live/vpc/terragrunt.hcl", "dependencies {\n  paths = [\"../app\"]\n}\n");
  auto r = RunEdpStack({"dag", "graph"}, root_);
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("Found a dependency cycle between modules: live/app -> live/db -> live/vpc -> live/app"));
}

TEST_F(FindTest, SyntaxErrorIsReportedWithPositionAndNothingIsListed) {
  Write("live/db/terragrunt.hcl", "dependency \"vpc\" {\n  config_path = \n}\n");
  auto r = RunEdpStack({"find"}, root_);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("live/db/terragrunt.hcl:2"));
}

TEST_F(FindTest, UnknownFlagIsAUsageError) {
  auto r = RunEdpStack({"find", "--no-such-flag"}, root_);
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--no-such-flag"));
}

}  // namespace
