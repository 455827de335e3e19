// ReadDataSource contract.
#include <gtest/gtest.h>

#include "framework/values.h"
#include "harness.h"

namespace fwtest {
namespace {

class DataSourceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Summaries(h_.Configure()), ""); }
  tfplugin::ReadDataSourceResponse Read(std::map<std::string, cty::Value> set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = "edptest_echo";
    req.config =
        edptest::ConfigOf(h_.provider().data_source_schemas().at("edptest_echo").block, set);
    tfplugin::ReadDataSourceResponse resp;
    h_.provider().ReadDataSource(req, resp);
    return resp;
  }
  Harness h_;
};

TEST_F(DataSourceTest, ReadFillsComputedValues) {
  auto resp = Read({{"input", S("hello")}, {"upper", B(true)}});
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(framework::AttrOf(resp.state, "output"), S("HELLO"));
  EXPECT_EQ(framework::AttrOf(resp.state, "length"), N(5));
  EXPECT_EQ(framework::AttrOf(resp.state, "input"), S("hello"));
  EXPECT_TRUE(framework::AttrOf(resp.state, "thing_name").IsNull());
}

TEST_F(DataSourceTest, ValidationRunsBeforeRead) {
  auto resp = Read({{"output", S("x")}, {"input", S("i")}});
  EXPECT_EQ(Summaries(resp.diagnostics),
            "Error: Invalid Configuration for Read-Only Attribute [at output]");
}

TEST_F(DataSourceTest, ErrorsCarryPaths) {
  auto resp = Read({{"input", S("i")}, {"thing_id", S("thing-404")}});
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Thing Not Found [at thing_id]");
  h_.Create(h_.Config({{"name", S("found")}}));
  auto found = Read({{"input", S("i")}, {"thing_id", S("thing-1")}});
  ASSERT_EQ(Summaries(found.diagnostics), "");
  EXPECT_EQ(framework::AttrOf(found.state, "thing_name"), S("found"));
}

TEST_F(DataSourceTest, UnknownType) {
  tfplugin::ReadDataSourceRequest req;
  req.type_name = "edptest_nope";
  tfplugin::ReadDataSourceResponse resp;
  h_.provider().ReadDataSource(req, resp);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Unknown Data Source Type");
}

}  // namespace
}  // namespace fwtest
