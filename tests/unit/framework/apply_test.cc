// ApplyResourceChange contract, in-process against edptest_thing.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "framework/private_state.h"
#include "framework/values.h"
#include "harness.h"

namespace fwtest {
namespace {

using framework::AttrOf;

class ApplyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Summaries(h_.Configure()), ""); }
  cty::Value Timeouts(std::map<std::string, cty::Value> set) {
    return edptest::ConfigOf(*h_.thing().FindBlock("timeouts")->block, set);
  }
  Harness h_;
};

TEST_F(ApplyTest, CreateReturnsWhollyKnownStateAndPrivate) {
  auto cfg = h_.Config({{"name", S("a")}, {"secret_wo", S("hunter2")}});
  auto plan = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto resp = h_.Apply(cty::Value(), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_TRUE(resp.new_state.IsWhollyKnown());
  EXPECT_EQ(AttrOf(resp.new_state, "id"), S("thing-1"));
  EXPECT_EQ(AttrOf(resp.new_state, "revision"), N(1));
  EXPECT_TRUE(AttrOf(resp.new_state, "secret_wo").IsNull());  // write-only never stored
  tfplugin::Diagnostics d;
  auto priv = framework::PrivateState::Decode(resp.private_data, d);
  EXPECT_EQ(priv.Get("created_by"), "edptest");
  EXPECT_EQ(priv.Get("secret_wo_length"), "7");
}

TEST_F(ApplyTest, ChangedPlannedValueIsReportedAsProviderBug) {
  auto cfg = h_.Config({{"mode", S("inconsistent")}, {"description", S("mine")}});
  auto plan = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto resp = h_.Apply(cty::Value(), plan.planned_state, cfg);
  EXPECT_EQ(Summaries(resp.diagnostics),
            "Error: Provider Produced Inconsistent Result After Create [at description]");
  EXPECT_EQ(DetailOf(resp.diagnostics, "Provider Produced Inconsistent Result After Create"),
            "After creating edptest_thing, description was planned as \"mine\" but is now "
            "\"tampered\". A provider must keep every value it planned. This is always a bug in "
            "the provider, not in your configuration; please report it to the provider "
            "developers.");
  // The object exists: it is returned so OpenTofu taints it instead of
  // losing it.
  EXPECT_EQ(AttrOf(resp.new_state, "id"), S("thing-1"));
}

TEST_F(ApplyTest, UnknownLeftAfterCreateIsReportedAndNulled) {
  auto cfg = h_.Config({{"mode", S("leave_unknown")}});
  auto plan = h_.Plan(cty::Value(), cfg);
  auto resp = h_.Apply(cty::Value(), plan.planned_state, cfg);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Unknown Value After Create [at created_at]");
  EXPECT_TRUE(resp.new_state.IsWhollyKnown());
  EXPECT_TRUE(AttrOf(resp.new_state, "created_at").IsNull());
  EXPECT_EQ(AttrOf(resp.new_state, "id"), S("thing-1"));
}

TEST_F(ApplyTest, PartialCreateReturnsPartialStateWithErrors) {
  auto cfg = h_.Config({{"mode", S("fail_after_partial_create")}});
  auto plan = h_.Plan(cty::Value(), cfg);
  auto resp = h_.Apply(cty::Value(), plan.planned_state, cfg);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Partial Create Failure");
  ASSERT_FALSE(resp.new_state.IsNull());
  EXPECT_TRUE(resp.new_state.IsWhollyKnown());
  EXPECT_EQ(AttrOf(resp.new_state, "id"), S("thing-1"));
  EXPECT_TRUE(AttrOf(resp.new_state, "revision").IsNull());
  EXPECT_FALSE(resp.private_data.empty());
}

TEST_F(ApplyTest, StopProviderCancelsSlowCreatePromptly) {
  auto cfg = h_.Config({{"mode", S("slow_create")}});
  auto plan = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto started = std::chrono::steady_clock::now();
  auto fut = std::async(std::launch::async,
                        [&] { return h_.Apply(cty::Value(), plan.planned_state, cfg); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(h_.provider().StopProvider(), "");
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto resp = fut.get();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Operation Cancelled");
  EXPECT_TRUE(resp.new_state.IsNull());  // nothing created, nothing saved
  // Stop is not a shutdown: later operations work.
  auto ok = h_.Create(h_.Config({}));
  EXPECT_FALSE(ok.state.IsNull());
}

TEST_F(ApplyTest, CreateTimeoutFromTimeoutsBlock) {
  auto cfg =
      h_.Config({{"mode", S("slow_create")}, {"timeouts", Timeouts({{"create", S("50ms")}})}});
  auto plan = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto resp = h_.Apply(cty::Value(), plan.planned_state, cfg);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Operation Timed Out");
  EXPECT_NE(DetailOf(resp.diagnostics, "Operation Timed Out").find("create timeout (50ms)"),
            std::string::npos);
}

TEST_F(ApplyTest, UpdateFillsComputedValues) {
  auto created = h_.Create(h_.Config({}));
  auto updated = h_.Update(created, h_.Config({{"description", S("x")}}));
  EXPECT_EQ(AttrOf(updated.state, "revision"), N(2));
  EXPECT_EQ(AttrOf(updated.state, "id"), AttrOf(created.state, "id"));
  EXPECT_EQ(AttrOf(updated.state, "description"), S("x"));
  EXPECT_EQ(updated.private_data, created.private_data);
}

TEST_F(ApplyTest, FailedUpdateKeepsPriorState) {
  auto created = h_.Create(h_.Config({}));
  auto cfg = h_.Config({{"mode", S("fail_update")}});
  auto plan = h_.Plan(created.state, cfg, created.private_data);
  auto resp = h_.Apply(created.state, plan.planned_state, cfg, plan.planned_private);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Update Failed");
  EXPECT_EQ(resp.new_state, created.state);
}

TEST_F(ApplyTest, DeleteReturnsNullAndRemovesTheObject) {
  auto created = h_.Create(h_.Config({}));
  auto resp = h_.Apply(created.state, cty::Value(), cty::Value(), created.private_data);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_TRUE(resp.new_state.IsNull());
  auto read = h_.Read(created.state);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
}

TEST_F(ApplyTest, UnconfiguredProviderFailsCleanly) {
  Harness fresh;
  auto cfg = fresh.Config({});
  auto plan = fresh.Plan(cty::Value(), cfg);
  auto resp = fresh.Apply(cty::Value(), plan.planned_state, cfg);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Provider Not Configured");
  EXPECT_TRUE(resp.new_state.IsNull());
}

TEST_F(ApplyTest, ConcurrentCreatesAreIndependent) {
  std::vector<std::future<Harness::Applied>> futures;
  for (int i = 0; i < 8; ++i) {
    futures.push_back(std::async(std::launch::async, [this, i] {
      return h_.Create(h_.Config({{"name", S("n" + std::to_string(i))}}));
    }));
  }
  std::set<std::string> ids;
  for (auto& f : futures) ids.insert(AttrOf(f.get().state, "id").AsString());
  EXPECT_EQ(ids.size(), 8u);
}

}  // namespace
}  // namespace fwtest
