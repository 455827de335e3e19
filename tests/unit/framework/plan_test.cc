// PlanResourceChange contract, in-process against edptest_thing.
#include <gtest/gtest.h>

#include "framework/values.h"
#include "harness.h"

namespace fwtest {
namespace {

using framework::AttrOf;

class PlanTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(Summaries(h_.Configure()), ""); }
  cty::Value Unknown(const cty::Type& t) { return cty::Value::Unknown(t); }
  cty::Value At(const cty::Value& v, const cty::Path& p) {
    auto r = v.Apply(p);
    EXPECT_TRUE(r.ok()) << p.ToString();
    return r.ok() ? r.value() : cty::Value();
  }
  Harness h_;
};

TEST_F(PlanTest, CreateMarksComputedUnknownAndAppliesDefaults) {
  auto resp = h_.Plan(cty::Value(), h_.Config({{"name", S("a")}}));
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  const cty::Value& p = resp.planned_state;
  EXPECT_EQ(p.type(), h_.thing_type());
  EXPECT_EQ(AttrOf(p, "name"), S("a"));
  EXPECT_EQ(AttrOf(p, "id"), Unknown(cty::Type::String()));
  EXPECT_EQ(AttrOf(p, "created_at"), Unknown(cty::Type::String()));
  EXPECT_EQ(AttrOf(p, "revision"), Unknown(cty::Type::Number()));
  EXPECT_EQ(AttrOf(p, "size"), N(1));              // default, not unknown
  EXPECT_TRUE(AttrOf(p, "description").IsNull());  // optional, not computed
  EXPECT_TRUE(AttrOf(p, "timeouts").IsNull());
  EXPECT_EQ(AttrOf(p, "rule").LengthInt(), 0u);
  EXPECT_TRUE(resp.requires_replace.empty());
}

TEST_F(PlanTest, CreateKeepsConfiguredValuesExactly) {
  cty::Value tags_empty = cty::Value::EmptyMap(cty::Type::String());
  auto cfg = h_.Config({{"size", N(7)}, {"tags", tags_empty}, {"description", S("")}});
  auto resp = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(AttrOf(resp.planned_state, "size"), N(7));
  EXPECT_EQ(AttrOf(resp.planned_state, "tags"), tags_empty);  // [] stays [], not null
  EXPECT_EQ(AttrOf(resp.planned_state, "description"), S(""));
  auto null_tags = h_.Plan(cty::Value(), h_.Config({}));
  EXPECT_TRUE(AttrOf(null_tags.planned_state, "tags").IsNull());  // null stays null
}

TEST_F(PlanTest, WriteOnlyIsNullInPlan) {
  auto resp = h_.Plan(cty::Value(), h_.Config({{"secret_wo", S("hunter2")}}));
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_TRUE(AttrOf(resp.planned_state, "secret_wo").IsNull());
}

TEST_F(PlanTest, NestedBlocksGetDefaultsAndUnknowns) {
  const framework::Block& rule = *h_.thing().FindBlock("rule")->block;
  cty::Value r0 = edptest::ConfigOf(rule, {{"port", N(80)}});
  cty::Value r1 = edptest::ConfigOf(rule, {{"port", N(53)}, {"protocol", S("udp")}});
  const framework::Block& settings = *h_.thing().FindBlock("settings")->block;
  cty::Value cfg = h_.Config({
      {"rule", cty::Value::List(r0.type(), {r0, r1})},
      {"settings", edptest::ConfigOf(settings, {{"enabled", B(true)}})},
  });
  auto resp = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  const cty::Value& p = resp.planned_state;
  EXPECT_EQ(At(p, P("rule").Index(0).GetAttr("protocol")), S("tcp"));
  EXPECT_EQ(At(p, P("rule").Index(1).GetAttr("protocol")), S("udp"));
  EXPECT_FALSE(At(p, P("rule").Index(0).GetAttr("rule_id")).IsKnown());
  EXPECT_EQ(At(p, P("settings").GetAttr("enabled")), B(true));
  EXPECT_FALSE(At(p, P("settings").GetAttr("level")).IsKnown());
}

TEST_F(PlanTest, NestedAttributeComputedInnerIsUnknown) {
  const auto& net = *h_.thing().FindAttribute("network");
  cty::Value v = cty::Value::ObjectOf(net.nested->ObjectType(),
                                      {{"vpc_id", S("vpc-1")},
                                       {"subnet_ids", cty::Value::EmptyList(cty::Type::String())},
                                       {"gateway", cty::Value::Null(cty::Type::String())}});
  auto resp = h_.Plan(cty::Value(), h_.Config({{"network", v}}));
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(At(resp.planned_state, P("network").GetAttr("vpc_id")), S("vpc-1"));
  EXPECT_EQ(At(resp.planned_state, P("network").GetAttr("subnet_ids")),
            cty::Value::EmptyList(cty::Type::String()));
  EXPECT_FALSE(At(resp.planned_state, P("network").GetAttr("gateway")).IsKnown());
}

TEST_F(PlanTest, UnknownConfigValuesStayUnknown) {
  auto cfg = h_.Config({{"name", Unknown(cty::Type::String())},
                        {"tags", Unknown(cty::Type::Map(cty::Type::String()))}});
  auto resp = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_FALSE(AttrOf(resp.planned_state, "name").IsKnown());
  EXPECT_FALSE(AttrOf(resp.planned_state, "tags").IsKnown());
}

TEST_F(PlanTest, NoChangePlansPriorExactly) {
  auto cfg = h_.Config({{"description", S("d")}});
  auto created = h_.Create(cfg);
  auto resp = h_.Plan(created.state, cfg, created.private_data);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(resp.planned_state, created.state);
  EXPECT_TRUE(resp.requires_replace.empty());
  EXPECT_EQ(resp.planned_private, created.private_data);
}

TEST_F(PlanTest, UpdateKeepsStateForUnknownAndMarksOtherComputed) {
  auto created = h_.Create(h_.Config({}));
  auto resp = h_.Plan(created.state, h_.Config({{"description", S("new")}}), created.private_data);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  const cty::Value& p = resp.planned_state;
  EXPECT_EQ(AttrOf(p, "description"), S("new"));
  EXPECT_EQ(AttrOf(p, "id"), AttrOf(created.state, "id"));                  // UseStateForUnknown
  EXPECT_EQ(AttrOf(p, "created_at"), AttrOf(created.state, "created_at"));  // UseStateForUnknown
  EXPECT_FALSE(AttrOf(p, "revision").IsKnown());                            // computed, may change
  EXPECT_EQ(AttrOf(p, "size"), N(1));                                       // default
  EXPECT_TRUE(resp.requires_replace.empty());
}

TEST_F(PlanTest, RemovingAnOptionalComputedValueReturnsToDefault) {
  auto created = h_.Create(h_.Config({{"size", N(5)}}));
  auto resp = h_.Plan(created.state, h_.Config({}), created.private_data);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(AttrOf(resp.planned_state, "size"), N(1));
}

TEST_F(PlanTest, RequiresReplaceOnlyWhenChanged) {
  auto created = h_.Create(h_.Config({{"zone", S("a")}}));
  auto same = h_.Plan(created.state, h_.Config({{"zone", S("a")}, {"description", S("x")}}));
  ASSERT_EQ(Summaries(same.diagnostics), "");
  EXPECT_TRUE(same.requires_replace.empty());
  auto moved = h_.Plan(created.state, h_.Config({{"zone", S("b")}}));
  ASSERT_EQ(Summaries(moved.diagnostics), "");
  ASSERT_EQ(moved.requires_replace.size(), 1u);
  EXPECT_EQ(moved.requires_replace[0], P("zone"));
  // Core's second call for the replacement (prior null) reports none.
  auto second = h_.Plan(cty::Value(), h_.Config({{"zone", S("b")}}));
  EXPECT_TRUE(second.requires_replace.empty());
}

TEST_F(PlanTest, RequiresReplaceIfConsultsItsFunction) {
  auto created = h_.Create(h_.Config({{"replace_trigger", S("one")}}));
  auto inplace = h_.Plan(created.state, h_.Config({{"replace_trigger", S("inplace-two")}}));
  EXPECT_TRUE(inplace.requires_replace.empty());
  auto replace = h_.Plan(created.state, h_.Config({{"replace_trigger", S("two")}}));
  ASSERT_EQ(replace.requires_replace.size(), 1u);
  EXPECT_EQ(replace.requires_replace[0], P("replace_trigger"));
}

TEST_F(PlanTest, TimeoutsOnlyChangeMarksNothingUnknown) {
  auto created = h_.Create(h_.Config({}));
  const framework::Block& tb = *h_.thing().FindBlock("timeouts")->block;
  auto cfg = h_.Config({{"timeouts", edptest::ConfigOf(tb, {{"create", S("5m")}})}});
  auto resp = h_.Plan(created.state, cfg);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_TRUE(resp.planned_state.IsWhollyKnown());
  EXPECT_EQ(AttrOf(resp.planned_state, "revision"), AttrOf(created.state, "revision"));
  auto apply = h_.Apply(created.state, resp.planned_state, cfg);
  ASSERT_EQ(Summaries(apply.diagnostics), "");
  EXPECT_EQ(apply.new_state, resp.planned_state);  // Update was not called
}

TEST_F(PlanTest, DestroyPlansNullAndPassesPrivateThrough) {
  auto created = h_.Create(h_.Config({}));
  auto resp = h_.Plan(created.state, cty::Value(), created.private_data);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_TRUE(resp.planned_state.IsNull());
  EXPECT_EQ(resp.planned_private, created.private_data);
}

TEST_F(PlanTest, ModifyPlanThatChangesConfigIsAProviderBug) {
  auto resp =
      h_.Plan(cty::Value(), h_.Config({{"mode", S("bad_plan")}, {"description", S("mine")}}));
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Provider Produced Invalid Plan [at description]");
  std::string detail = DetailOf(resp.diagnostics, "Provider Produced Invalid Plan");
  EXPECT_NE(detail.find("\"changed-by-plan\""), std::string::npos) << detail;
  EXPECT_NE(detail.find("\"mine\""), std::string::npos) << detail;
  EXPECT_NE(detail.find("bug in the provider"), std::string::npos) << detail;
}

TEST_F(PlanTest, SetAndMapBlocksArePreserved) {
  const framework::Block& label = *h_.thing().FindBlock("label")->block;
  const framework::Block& endpoint = *h_.thing().FindBlock("endpoint")->block;
  cty::Value l1 = edptest::ConfigOf(label, {{"key", S("a")}, {"value", S("1")}});
  cty::Value l2 = edptest::ConfigOf(label, {{"key", S("b")}});
  cty::Value e1 = edptest::ConfigOf(endpoint, {{"url", S("https://x.example")}});
  cty::Value cfg = h_.Config({{"label", cty::Value::Set(l1.type(), {l1, l2})},
                              {"endpoint", cty::Value::Map(e1.type(), {{"primary", e1}})}});
  auto resp = h_.Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(resp.diagnostics), "");
  EXPECT_EQ(AttrOf(resp.planned_state, "label"), AttrOf(cfg, "label"));
  EXPECT_EQ(AttrOf(resp.planned_state, "endpoint"), AttrOf(cfg, "endpoint"));
}

TEST_F(PlanTest, UnknownResourceType) {
  tfplugin::PlanResourceChangeRequest req;
  req.type_name = "edptest_nope";
  tfplugin::PlanResourceChangeResponse resp;
  h_.provider().PlanResourceChange(req, resp);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Unknown Resource Type");
}

}  // namespace
}  // namespace fwtest
