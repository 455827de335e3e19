// orchestrator/discovery (units and stacks under a directory, glob
// filters) and orchestrator/graph (the DAG: errors, queue order, DOT).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "discovery/discovery.h"
#include "graph/dag.h"

namespace {

namespace fs = std::filesystem;

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("edp-discovery-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Touch(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << "# test\n";
  }
  std::vector<std::string> Paths(const discovery::Found& f) {
    std::vector<std::string> out;
    for (const auto& c : f.components) out.push_back((c.kind == discovery::Kind::kUnit ? "unit " : "stack ") + c.path);
    return out;
  }
  fs::path root_;
};

TEST_F(TempTree, FindsUnitsAndStacksSkippingCachesAndHiddenDirs) {
  Touch("prod/vpc/terragrunt.hcl");
  Touch("prod/app/terragrunt.hcl");
  Touch("prod/edp/terragrunt.stack.hcl");
  Touch("prod/edp/.terragrunt-stack/db/terragrunt.hcl");  // generated units are found
  Touch("prod/app/.terragrunt-cache/x/terragrunt.hcl");   // never
  Touch("prod/app/.terraform/modules/terragrunt.hcl");    // never
  Touch(".git/terragrunt.hcl");                           // never
  Touch("prod/edp/.terragrunt-stack.tmp-Ab12Cd/db/terragrunt.hcl");  // never (generate in progress)
  Touch(".hidden/terragrunt.hcl");                        // only with `hidden`
  Touch("root.hcl");
  auto found = discovery::Discover({root_, "terragrunt.hcl", false});
  EXPECT_TRUE(found.errors.empty());
  EXPECT_EQ(Paths(found), (std::vector<std::string>{"unit prod/app", "stack prod/edp",
                                                    "unit prod/edp/.terragrunt-stack/db", "unit prod/vpc"}));
  auto with_hidden = discovery::Discover({root_, "terragrunt.hcl", true});
  EXPECT_EQ(with_hidden.components.front().path, ".hidden");
  EXPECT_EQ(with_hidden.components.size(), 5u);  // the .tmp- tree stays out even with `hidden`
}

TEST_F(TempTree, UnitAndStackInOneDirectoryIsAnError) {
  Touch("both/terragrunt.hcl");
  Touch("both/terragrunt.stack.hcl");
  auto found = discovery::Discover({root_, "terragrunt.hcl", false});
  ASSERT_EQ(found.errors.size(), 1u);
  EXPECT_NE(found.errors[0].find("both terragrunt.hcl and terragrunt.stack.hcl"), std::string::npos)
      << found.errors[0];
  EXPECT_TRUE(found.components.empty());
}

TEST(Discovery, MissingWorkingDirIsAnErrorThatSaysWhatToDo) {
  auto found = discovery::Discover({"/nonexistent/edp/dir", "terragrunt.hcl", false});
  ASSERT_EQ(found.errors.size(), 1u);
  EXPECT_NE(found.errors[0].find("--working-dir"), std::string::npos);
}

TEST(Discovery, GlobsMatchLikeTerragruntQueueFilters) {
  using discovery::GlobMatch;
  EXPECT_TRUE(GlobMatch("prod/*", "prod/vpc"));
  EXPECT_FALSE(GlobMatch("prod/*", "non-prod/vpc"));
  EXPECT_TRUE(GlobMatch("./prod/**", "prod/edp/.terragrunt-stack/db"));
  EXPECT_TRUE(GlobMatch("**/vpc", "prod/vpc"));
  EXPECT_TRUE(GlobMatch("**/vpc", "vpc"));
  EXPECT_TRUE(GlobMatch("prod", "prod/vpc"));  // a directory selects what is below it
  EXPECT_FALSE(GlobMatch("pro", "prod/vpc"));
  EXPECT_TRUE(GlobMatch("non-prod/garm-*", "non-prod/garm-provider-test/db"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_FALSE(GlobMatch("a?c", "a/c"));
}

graph::Unit U(const std::string& path, std::vector<std::string> deps = {}) {
  graph::Unit u;
  u.dir = fs::path("/w") / path;
  u.path = path;
  for (auto& d : deps) u.dependencies.push_back(fs::path("/w") / d);
  return u;
}

TEST(Graph, QueueOrderIsLevelsWithTiesByPathAndReversedForDestroy) {
  std::string err;
  auto g = graph::Dag::Build({U("app", {"vpc", "db"}), U("vpc"), U("db", {"vpc"}), U("dns"), U("web", {"app"})}, {},
                             &err);
  ASSERT_TRUE(g) << err;
  auto names = [&](const std::vector<size_t>& order) {
    std::vector<std::string> out;
    for (size_t i : order) out.push_back(g->nodes()[i].unit.path);
    return out;
  };
  EXPECT_EQ(names(g->Order(false)), (std::vector<std::string>{"dns", "vpc", "db", "app", "web"}));
  EXPECT_EQ(names(g->Order(true)), (std::vector<std::string>{"web", "app", "db", "vpc", "dns"}));
  EXPECT_EQ(names(g->Dependents(*g->Find("/w/vpc"))), (std::vector<std::string>{"app", "db", "web"}));
}

TEST(Graph, DotHasTerragruntsShape) {
  std::string err;
  auto excluded = U("vpc");
  excluded.excluded = true;
  auto g = graph::Dag::Build({U("app", {"vpc", "db"}), excluded, U("db")}, {}, &err);
  ASSERT_TRUE(g) << err;
  EXPECT_EQ(g->Dot(),
            "digraph {\n"
            "\t\"app\" ;\n"
            "\t\"app\" -> \"db\";\n"
            "\t\"app\" -> \"vpc\";\n"
            "\t\"db\" ;\n"
            "\t\"vpc\" [color=red];\n"
            "}\n");
  auto empty = graph::Dag::Build({}, {}, &err);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->Dot(), "digraph {\n}\n");
}

TEST(Graph, CycleIsAnErrorNamingTheCycle) {
  std::string err;
  EXPECT_FALSE(graph::Dag::Build({U("a", {"b"}), U("b", {"c"}), U("c", {"a"}), U("d", {"a"})}, {}, &err));
  EXPECT_EQ(err,
            "Found a dependency cycle between modules: a -> b -> c -> a: break the cycle by removing one of these "
            "dependency blocks");
  EXPECT_FALSE(graph::Dag::Build({U("a", {"a"})}, {}, &err));
  EXPECT_NE(err.find("depends on itself"), std::string::npos) << err;
}

TEST(Graph, MissingDependencyNamesUnitPathAndDeclaration) {
  std::string err;
  auto app = U("app", {"vpcc"});
  app.declared_at = {"app/terragrunt.hcl:3:1"};
  EXPECT_FALSE(graph::Dag::Build({app, U("vpc")}, {}, &err));
  EXPECT_EQ(err,
            "unit app depends on /w/vpcc (declared at app/terragrunt.hcl:3:1), which is not a unit (no "
            "terragrunt.hcl there): fix the path in the dependency or dependencies block");
}

TEST(Graph, ExternalDependenciesAreAssumedAppliedUnlessIncluded) {
  std::string err;
  auto ext = U("../shared/vpc");
  ext.dir = "/shared/vpc";
  ext.external = true;
  auto app = U("app");
  app.dependencies = {"/shared/vpc"};
  auto g = graph::Dag::Build({app, ext}, {}, &err);
  ASSERT_TRUE(g) << err;
  EXPECT_TRUE(g->nodes()[*g->Find("/w/app")].deps.empty());
  EXPECT_EQ(g->Order(false).size(), 1u);  // the external unit is not in the queue
  auto gi = graph::Dag::Build({app, ext}, {true}, &err);
  ASSERT_TRUE(gi) << err;
  EXPECT_EQ(gi->nodes()[*gi->Find("/w/app")].deps.size(), 1u);
  EXPECT_EQ(gi->Order(false, true).size(), 2u);
}

}  // namespace
