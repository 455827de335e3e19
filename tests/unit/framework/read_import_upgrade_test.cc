// ReadResource, ImportResourceState and UpgradeResourceState contracts.
#include <gtest/gtest.h>

#include "cty/json.h"
#include "framework/values.h"
#include "harness.h"

namespace fwtest {
namespace {

using framework::AttrOf;

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Summaries(h_.Configure()), ""); }

  tfplugin::ImportResourceStateResponse Import(const std::string& id) {
    tfplugin::ImportResourceStateRequest req;
    req.type_name = "edptest_thing";
    req.id = id;
    tfplugin::ImportResourceStateResponse resp;
    h_.provider().ImportResourceState(req, resp);
    return resp;
  }
  tfplugin::UpgradeResourceStateResponse Upgrade(int64_t version, std::string json) {
    tfplugin::UpgradeResourceStateRequest req;
    req.type_name = "edptest_thing";
    req.version = version;
    req.raw_state.json = std::move(json);
    tfplugin::UpgradeResourceStateResponse resp;
    h_.provider().UpgradeResourceState(req, resp);
    return resp;
  }
  Harness h_;
};

TEST_F(LifecycleTest, ReadEchoesStateAndPrivate) {
  auto created =
      h_.Create(h_.Config({{"tags", cty::Value::Map(cty::Type::String(), {{"a", S("b")}})}}));
  auto read = h_.Read(created.state, created.private_data);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, created.state);
  EXPECT_EQ(read.private_data, created.private_data);
}

TEST_F(LifecycleTest, ReadOfDeletedObjectReturnsNull) {
  auto created = h_.Create(h_.Config({}));
  ASSERT_EQ(Summaries(h_.Apply(created.state, cty::Value(), cty::Value()).diagnostics), "");
  auto read = h_.Read(created.state, created.private_data);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
}

TEST_F(LifecycleTest, ImportPassesTheIdThroughThenReadFillsIn) {
  auto created = h_.Create(h_.Config({{"description", S("imported")}}));
  auto imported = Import("thing-1");
  ASSERT_EQ(Summaries(imported.diagnostics), "");
  ASSERT_EQ(imported.imported_resources.size(), 1u);
  const auto& r = imported.imported_resources[0];
  EXPECT_EQ(r.type_name, "edptest_thing");
  EXPECT_EQ(AttrOf(r.state, "id"), S("thing-1"));
  EXPECT_TRUE(AttrOf(r.state, "name").IsNull());
  EXPECT_EQ(AttrOf(r.state, "rule").LengthInt(), 0u);  // blocks empty, never null
  auto read = h_.Read(r.state, r.private_data);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, created.state);
}

TEST_F(LifecycleTest, ImportWithEmptyIdFails) {
  auto imported = Import("");
  EXPECT_EQ(Summaries(imported.diagnostics), "Error: Missing Import ID");
  EXPECT_TRUE(imported.imported_resources.empty());
}

TEST_F(LifecycleTest, UpgradeSameVersionIgnoresRemovedAttributes) {
  auto created = h_.Create(h_.Config({{"description", S("d")}}));
  auto json = cty::json::Marshal(created.state, created.state.type());
  ASSERT_TRUE(json.ok());
  std::string with_extra = "{\"removed_attribute\":42," + json.value().substr(1);
  auto resp = Upgrade(2, with_extra);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(resp.upgraded_state, created.state);
}

TEST_F(LifecycleTest, UpgradeFromVersion0ChainsThroughVersion1) {
  auto resp = Upgrade(0, R"({"id":"thing-9","title":"old","size":"5","tags":{"k":"v"}})");
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  const cty::Value& s = resp.upgraded_state;
  EXPECT_EQ(s.type(), h_.thing_type());
  EXPECT_EQ(AttrOf(s, "id"), S("thing-9"));
  EXPECT_EQ(AttrOf(s, "name"), S("old"));
  EXPECT_EQ(AttrOf(s, "size"), N(5));
  EXPECT_EQ(AttrOf(s, "created_at"), S("legacy"));
  EXPECT_EQ(AttrOf(s, "revision"), N(0));
  EXPECT_EQ(AttrOf(s, "tags"), cty::Value::Map(cty::Type::String(), {{"k", S("v")}}));
  EXPECT_EQ(AttrOf(s, "rule").LengthInt(), 0u);
}

TEST_F(LifecycleTest, UpgradeFromVersion1) {
  auto resp = Upgrade(1, R"({"id":"thing-3","name":"n","zone":"b","size":null})");
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(AttrOf(resp.upgraded_state, "zone"), S("b"));
  EXPECT_EQ(AttrOf(resp.upgraded_state, "size"), N(1));
}

TEST_F(LifecycleTest, UpgradeFromNewerVersionFails) {
  auto resp = Upgrade(3, "{}");
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Resource State From A Newer Provider");
  EXPECT_NE(DetailOf(resp.diagnostics, "Resource State From A Newer Provider")
                .find("schema version 3, but this provider only knows versions up to 2"),
            std::string::npos);
}

TEST_F(LifecycleTest, UpgradeOfDamagedJsonFails) {
  auto resp = Upgrade(2, R"({"name": [1, 2]})");
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Invalid Resource State");
  auto missing = Upgrade(2, "");
  EXPECT_EQ(Summaries(missing.diagnostics), "Error: Missing Resource State");
}

}  // namespace
}  // namespace fwtest
