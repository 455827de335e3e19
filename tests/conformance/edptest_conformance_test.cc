// The full plan/apply/read/import/upgrade contract of edptest_thing, driven
// over gRPC against the real terraform-provider-edptest binary, on protocol
// 5 and 6, unix and tcp, with and without AutoMTLS.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core_sim.h"
#include "edptest_provider.h"
#include "framework/values.h"
#include "launch.h"

namespace conformance {
namespace {

using framework::AttrOf;

cty::Value S(std::string_view s) { return cty::Value::String(s); }
cty::Value N(int64_t n) { return cty::Value::Int(n); }

using edptest::Summaries;

class EdptestTest : public ::testing::TestWithParam<Transport> {
 protected:
  void SetUp() override {
    const Transport& t = GetParam();
    dir_ = TempDir();
    store_ = dir_ + "/store.json";
    std::vector<std::string> env = {"EDPTEST_STORE=" + store_};
    if (t.protocol == 5) env.push_back("EDPTEST_PROTOCOL5=1");
    std::string error;
    plugin_ = Launch(EDPTEST_PROVIDER_BIN, t, env, &error);
    ASSERT_TRUE(plugin_) << error;
    // The same schema, in process, to build values like OpenTofu does.
    edptest::Options local;
    local.nested_attributes = t.protocol == 6;
    local_ = edptest::NewFrameworkProvider(local);
    schema_ = local_->resource_schemas().at("edptest_thing");
  }
  void TearDown() override {
    if (plugin_) {
      plugin_->provider.reset();
      tfplugin::ExitInfo exit = plugin_->client->Kill();
      EXPECT_TRUE(exit.graceful) << exit.ToString();
      EXPECT_EQ(plugin_->log->SanitizerReport(), "");
    }
    std::filesystem::remove_all(dir_);
  }

  tfplugin::Provider& p() { return *plugin_->provider; }
  const framework::Block& block() const { return schema_.block; }
  cty::Type type() const { return schema_.ImpliedType(); }
  cty::Value Null() const { return cty::Value::Null(type()); }
  cty::Value Config(std::map<std::string, cty::Value> set) const {
    if (!set.count("name")) set.emplace("name", S("thing"));
    return edptest::ConfigOf(block(), set);
  }

  tfplugin::Diagnostics Configure() {
    tfplugin::ConfigureProviderRequest req;
    req.terraform_version = "1.10.0";
    req.config = edptest::ConfigOf(local_->provider_schema().block, {});
    tfplugin::ConfigureProviderResponse resp;
    p().ConfigureProvider(req, resp);
    return resp.diagnostics;
  }
  tfplugin::PlanResourceChangeResponse Plan(const cty::Value& prior, const cty::Value& config,
                                            const std::string& priv = "") {
    tfplugin::PlanResourceChangeRequest req;
    req.type_name = "edptest_thing";
    req.prior_state = prior;
    req.config = config;
    req.proposed_new_state = edptest::ProposedNew(block(), prior, config);
    req.prior_private = priv;
    tfplugin::PlanResourceChangeResponse resp;
    p().PlanResourceChange(req, resp);
    return resp;
  }
  tfplugin::ApplyResourceChangeResponse Apply(const cty::Value& prior, const cty::Value& planned,
                                              const cty::Value& config,
                                              const std::string& priv = "") {
    tfplugin::ApplyResourceChangeRequest req;
    req.type_name = "edptest_thing";
    req.prior_state = prior;
    req.planned_state = planned;
    req.config = config;
    req.planned_private = priv;
    tfplugin::ApplyResourceChangeResponse resp;
    p().ApplyResourceChange(req, resp);
    return resp;
  }
  tfplugin::ReadResourceResponse Read(const cty::Value& state, const std::string& priv) {
    tfplugin::ReadResourceRequest req;
    req.type_name = "edptest_thing";
    req.current_state = state;
    req.private_data = priv;
    tfplugin::ReadResourceResponse resp;
    p().ReadResource(req, resp);
    return resp;
  }

  std::string dir_;
  std::string store_;
  std::unique_ptr<Plugin> plugin_;
  std::shared_ptr<framework::FrameworkProvider> local_;
  framework::Schema schema_;
};

TEST_P(EdptestTest, SchemaMatchesTheFrameworkSchema) {
  auto s = p().GetProviderSchema();
  ASSERT_EQ(Summaries(s.diagnostics), "");
  ASSERT_TRUE(s.resource_schemas.count("edptest_thing"));
  EXPECT_EQ(s.resource_schemas.at("edptest_thing").version, 2);
  EXPECT_EQ(s.resource_schemas.at("edptest_thing").block.ImpliedType(), type());
  ASSERT_TRUE(s.data_source_schemas.count("edptest_echo"));
  const tfplugin::SchemaAttribute* wo =
      s.resource_schemas.at("edptest_thing").block.FindAttribute("secret_wo");
  ASSERT_NE(wo, nullptr);
  EXPECT_TRUE(wo->write_only);
  EXPECT_TRUE(s.resource_schemas.at("edptest_thing").block.FindAttribute("password")->sensitive);
}

TEST_P(EdptestTest, ValidationErrorsCarryAttributePaths) {
  cty::Value rule = edptest::ConfigOf(*block().FindBlock("rule")->block, {{"port", N(0)}});
  cty::Value endpoint = edptest::ConfigOf(*block().FindBlock("endpoint")->block, {{"url", S("x")}});
  tfplugin::ValidateResourceConfigRequest req;
  req.type_name = "edptest_thing";
  req.config = Config({{"zone", S("d")},
                       {"rule", cty::Value::List(rule.type(), {rule})},
                       {"endpoint", cty::Value::Map(endpoint.type(), {{"main", endpoint}})}});
  tfplugin::ValidateResourceConfigResponse resp;
  p().ValidateResourceConfig(req, resp);
  EXPECT_EQ(Summaries(resp.diagnostics),
            "Error: Invalid Attribute Value Match [at zone]\n"
            "Error: Invalid Attribute Value [at endpoint[\"main\"].url]\n"
            "Error: Invalid Attribute Value [at rule[0].port]");
  // Unknowns are tolerated.
  req.config = Config({{"zone", cty::Value::Unknown(cty::Type::String())}});
  tfplugin::ValidateResourceConfigResponse ok;
  p().ValidateResourceConfig(req, ok);
  EXPECT_EQ(Summaries(ok.diagnostics), "");
}

TEST_P(EdptestTest, FullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  // Create.
  cty::Value cfg = Config({{"name", S("alpha")},
                           {"zone", S("a")},
                           {"tags", cty::Value::EmptyMap(cty::Type::String())},
                           {"secret_wo", S("s3cret")}});
  auto plan = Plan(Null(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  EXPECT_EQ(AttrOf(plan.planned_state, "size"), N(1));
  EXPECT_TRUE(AttrOf(plan.planned_state, "secret_wo").IsNull());
  auto created = Apply(Null(), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "");
  cty::Value state = created.new_state;
  EXPECT_TRUE(state.IsWhollyKnown());
  EXPECT_EQ(AttrOf(state, "id"), S("thing-1"));
  EXPECT_EQ(AttrOf(state, "tags"), cty::Value::EmptyMap(cty::Type::String()));
  EXPECT_TRUE(AttrOf(state, "secret_wo").IsNull());
  EXPECT_NE(created.private_data.find("secret_wo_length"), std::string::npos);

  // Refresh: same object, private echoed.
  auto read = Read(state, created.private_data);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, state);
  EXPECT_EQ(read.private_data, created.private_data);

  // No-op plan.
  auto noop = Plan(state, cfg, created.private_data);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, state);

  // Update in place.
  cty::Value cfg2 = Config({{"name", S("alpha")},
                            {"zone", S("a")},
                            {"description", S("two")},
                            {"tags", cty::Value::EmptyMap(cty::Type::String())}});
  auto plan2 = Plan(state, cfg2, created.private_data);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  EXPECT_EQ(AttrOf(plan2.planned_state, "id"), S("thing-1"));
  auto updated = Apply(state, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "");
  EXPECT_EQ(AttrOf(updated.new_state, "revision"), N(2));
  state = updated.new_state;

  // A replacing change reports its path.
  auto plan3 = Plan(state, Config({{"name", S("alpha")}, {"zone", S("b")}}), updated.private_data);
  ASSERT_EQ(Summaries(plan3.diagnostics), "");
  ASSERT_EQ(plan3.requires_replace.size(), 1u);
  EXPECT_EQ(plan3.requires_replace[0], cty::Path().GetAttr("zone"));

  // Import by ID, then read fills the object in.
  tfplugin::ImportResourceStateRequest ireq;
  ireq.type_name = "edptest_thing";
  ireq.id = "thing-1";
  tfplugin::ImportResourceStateResponse iresp;
  p().ImportResourceState(ireq, iresp);
  ASSERT_EQ(Summaries(iresp.diagnostics), "");
  ASSERT_EQ(iresp.imported_resources.size(), 1u);
  auto after_import =
      Read(iresp.imported_resources[0].state, iresp.imported_resources[0].private_data);
  ASSERT_EQ(Summaries(after_import.diagnostics), "");
  EXPECT_EQ(after_import.new_state, state);

  // Upgrade: same version, and the 0 -> 1 -> 2 chain.
  tfplugin::UpgradeResourceStateRequest ureq;
  ureq.type_name = "edptest_thing";
  ureq.version = 0;
  ureq.raw_state.json = R"({"id":"thing-1","title":"alpha","size":"4","obsolete":true})";
  tfplugin::UpgradeResourceStateResponse uresp;
  p().UpgradeResourceState(ureq, uresp);
  ASSERT_EQ(Summaries(uresp.diagnostics), "");
  EXPECT_EQ(AttrOf(uresp.upgraded_state, "name"), S("alpha"));
  EXPECT_EQ(AttrOf(uresp.upgraded_state, "size"), N(4));
  ureq.version = 3;
  tfplugin::UpgradeResourceStateResponse newer;
  p().UpgradeResourceState(ureq, newer);
  EXPECT_EQ(Summaries(newer.diagnostics), "Error: Resource State From A Newer Provider");

  // Destroy: planned null, private passed through; apply returns null.
  auto dplan = Plan(state, Null(), updated.private_data);
  ASSERT_EQ(Summaries(dplan.diagnostics), "");
  EXPECT_TRUE(dplan.planned_state.IsNull());
  EXPECT_EQ(dplan.planned_private, updated.private_data);
  auto deleted = Apply(state, Null(), Null(), dplan.planned_private);
  ASSERT_EQ(Summaries(deleted.diagnostics), "");
  EXPECT_TRUE(deleted.new_state.IsNull());
  auto gone = Read(state, updated.private_data);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
}

TEST_P(EdptestTest, OutOfBandDeletionReadsAsGone) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value cfg = Config({});
  auto plan = Plan(Null(), cfg);
  auto created = Apply(Null(), plan.planned_state, cfg);
  ASSERT_EQ(Summaries(created.diagnostics), "");
  // Delete behind the provider's back.
  std::ifstream in(store_);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str());
  j["objects"].erase("thing-1");
  std::ofstream(store_) << j.dump();
  auto read = Read(created.new_state, created.private_data);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
}

TEST_P(EdptestTest, ContractViolationsAndFailures) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value bad = Config({{"mode", S("inconsistent")}, {"description", S("mine")}});
  auto plan = Plan(Null(), bad);
  auto resp = Apply(Null(), plan.planned_state, bad);
  EXPECT_EQ(Summaries(resp.diagnostics),
            "Error: Provider Produced Inconsistent Result After Create [at description]");
  EXPECT_FALSE(resp.new_state.IsNull());  // tainted, not orphaned

  cty::Value partial = Config({{"mode", S("fail_after_partial_create")}});
  auto pplan = Plan(Null(), partial);
  auto presp = Apply(Null(), pplan.planned_state, partial);
  EXPECT_EQ(Summaries(presp.diagnostics), "Error: Partial Create Failure");
  ASSERT_FALSE(presp.new_state.IsNull());
  EXPECT_TRUE(presp.new_state.IsWhollyKnown());
  EXPECT_EQ(AttrOf(presp.new_state, "id"), S("thing-2"));

  cty::Value bad_plan = Config({{"mode", S("bad_plan")}});
  EXPECT_EQ(Summaries(Plan(Null(), bad_plan).diagnostics),
            "Error: Provider Produced Invalid Plan [at description]");
}

TEST_P(EdptestTest, StopProviderDuringSlowCreateReturnsPromptly) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value cfg = Config({{"mode", S("slow_create")}});
  auto plan = Plan(Null(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto fut = std::async(std::launch::async, [&] { return Apply(Null(), plan.planned_state, cfg); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto stop_start = std::chrono::steady_clock::now();
  EXPECT_EQ(p().StopProvider(), "");
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_start, std::chrono::seconds(5));
  auto resp = fut.get();
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Operation Cancelled");
  EXPECT_TRUE(resp.new_state.IsNull());
  // The provider keeps working after a stop.
  auto ok = Plan(Null(), Config({}));
  EXPECT_EQ(Summaries(ok.diagnostics), "");
}

TEST_P(EdptestTest, DataSourceRead) {
  ASSERT_EQ(Summaries(Configure()), "");
  tfplugin::ReadDataSourceRequest req;
  req.type_name = "edptest_echo";
  req.config = edptest::ConfigOf(local_->data_source_schemas().at("edptest_echo").block,
                                 {{"input", S("hi")}, {"thing_id", S("thing-9")}});
  tfplugin::ReadDataSourceResponse resp;
  p().ReadDataSource(req, resp);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Thing Not Found [at thing_id]");
  req.config = edptest::ConfigOf(local_->data_source_schemas().at("edptest_echo").block,
                                 {{"input", S("hi")}});
  tfplugin::ReadDataSourceResponse ok;
  p().ReadDataSource(req, ok);
  ASSERT_EQ(Summaries(ok.diagnostics), "");
  EXPECT_EQ(AttrOf(ok.state, "output"), S("hi"));
}

INSTANTIATE_TEST_SUITE_P(Transports, EdptestTest, ::testing::ValuesIn(AllTransports()), ParamName);

}  // namespace
}  // namespace conformance
