// FrameworkProvider with small purpose-built resources: registration
// problems, optional interfaces (custom import, ModifyPlan replacement),
// provider bugs the framework must catch (exceptions, wrong types), group
// blocks, list-nested attributes, block-level validators, deprecation.
#include <gtest/gtest.h>

#include <stdexcept>

#include "framework/framework_provider.h"
#include "framework/plan_modifier.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "harness.h"

namespace fwtest {
namespace {

namespace fw = framework;

fw::Schema WidgetSchema() {
  fw::Schema s;
  s.block.Add("id", fw::StringAttribute().Computed().PlanModifiers({fw::UseStateForUnknown()}));
  s.block.Add("name", fw::StringAttribute().Required());
  s.block.Add("a", fw::StringAttribute().Optional());
  s.block.Add("b", fw::StringAttribute().Optional());
  s.block.Add("old", fw::StringAttribute().Optional().Deprecated("Use name instead."));
  s.block.Add("ports", fw::ListNestedAttribute({{"port", fw::NumberAttribute().Required()},
                                                {"uid", fw::StringAttribute().Computed()}})
                           .Optional());
  fw::Block group;
  group.Add("x", fw::StringAttribute().Optional());
  group.Add("y", fw::StringAttribute().Optional().Computed());
  s.block.Add("opts", fw::GroupBlock(std::move(group)));
  s.block.validators = {fw::ExactlyOneOf({"a", "b"})};
  return s;
}

class Widget final : public fw::Resource,
                     public fw::ResourceWithImportState,
                     public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_widget";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&,
              fw::ResourceSchemaResponse& resp) override {
    resp.schema = WidgetSchema();
  }
  void Create(const fw::Context&, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    std::string name = fw::GetString(req.plan, "name").value_or("");
    if (name == "throw") throw std::runtime_error("boom");
    if (name == "wrong_type") {
      resp.state = cty::Value::String("x");
      return;
    }
    if (name == "null_state") {
      resp.state = cty::Value::Null(resp.state.type());
      return;
    }
    if (name == "fail_early") {
      resp.diagnostics.AddError("API Error", "The API rejected the request.");
      return;  // state untouched: nothing was created
    }
    resp.state = Fill(req.plan);
  }
  void Read(const fw::Context&, const fw::ReadRequest&, fw::ReadResponse&) override {}
  void Update(const fw::Context&, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    resp.state = Fill(req.plan);
  }
  void Delete(const fw::Context&, const fw::DeleteRequest&, fw::DeleteResponse& resp) override {
    resp.diagnostics.AddError("Delete Failed", "The object is protected.");
  }
  void ImportState(const fw::Context&, const fw::ImportStateRequest& req,
                   fw::ImportStateResponse& resp) override {
    auto slash = req.id.find('/');
    if (slash == std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "Expected <id>/<name>, got \"" + req.id + "\".");
      return;
    }
    resp.state = fw::WithAttr(resp.state, "id", cty::Value::String(req.id.substr(0, slash)));
    resp.state = fw::WithAttr(resp.state, "name", cty::Value::String(req.id.substr(slash + 1)));
    resp.private_state.Set("imported", "yes");
  }
  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req,
                  fw::ModifyPlanResponse& resp) override {
    if (!req.state.IsNull() && !req.plan.IsNull() &&
        fw::GetString(req.plan, "b").value_or("") == "replace-me") {
      resp.requires_replace.push_back(P("b"));
    }
  }

 private:
  static cty::Value Fill(cty::Value v) {
    if (!fw::AttrOf(v, "id").IsKnown()) v = fw::WithAttr(v, "id", S("w-1"));
    cty::Value opts = v.GetAttr("opts");
    if (!fw::AttrOf(opts, "y").IsKnown())
      v = fw::WithAttr(v, "opts", fw::WithAttr(opts, "y", S("why")));
    cty::Value ports = v.GetAttr("ports");
    if (ports.IsKnown() && !ports.IsNull()) {
      std::vector<cty::Value> out;
      for (const auto& p : ports.Elements()) out.push_back(fw::WithAttr(p, "uid", S("u")));
      v = fw::WithAttr(v, "ports", cty::Value::List(ports.type().element(), out));
    }
    return v;
  }
};

class NoId final : public fw::Resource {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest&,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = "fake_noid";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&,
              fw::ResourceSchemaResponse& resp) override {
    resp.schema.block.Add("name", fw::StringAttribute().Required());
  }
  void Create(const fw::Context&, const fw::CreateRequest&, fw::CreateResponse&) override {}
  void Read(const fw::Context&, const fw::ReadRequest&, fw::ReadResponse&) override {}
  void Update(const fw::Context&, const fw::UpdateRequest&, fw::UpdateResponse&) override {}
  void Delete(const fw::Context&, const fw::DeleteRequest&, fw::DeleteResponse&) override {}
};

class BadSchema final : public fw::Resource {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest&,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = "fake_bad";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&,
              fw::ResourceSchemaResponse& resp) override {
    resp.schema.block.Add("name",
                          fw::StringAttribute());  // neither required, optional nor computed
  }
  void Create(const fw::Context&, const fw::CreateRequest&, fw::CreateResponse&) override {}
  void Read(const fw::Context&, const fw::ReadRequest&, fw::ReadResponse&) override {}
  void Update(const fw::Context&, const fw::UpdateRequest&, fw::UpdateResponse&) override {}
  void Delete(const fw::Context&, const fw::DeleteRequest&, fw::DeleteResponse&) override {}
};

class FakeProvider final : public fw::Provider {
 public:
  explicit FakeProvider(bool broken) : broken_(broken) {}
  void Metadata(const fw::Context&, const fw::ProviderMetadataRequest&,
                fw::ProviderMetadataResponse& resp) override {
    resp.type_name = "fake";
  }
  void Schema(const fw::Context&, const fw::ProviderSchemaRequest&,
              fw::ProviderSchemaResponse&) override {}
  void Configure(const fw::Context&, const fw::ProviderConfigureRequest&,
                 fw::ProviderConfigureResponse&) override {}
  std::vector<fw::ResourceFactory> Resources() override {
    std::vector<fw::ResourceFactory> out = {[] { return std::make_unique<Widget>(); },
                                            [] { return std::make_unique<NoId>(); }};
    if (broken_) {
      out.push_back([] { return std::make_unique<BadSchema>(); });
      out.push_back([] { return std::make_unique<NoId>(); });  // duplicate type name
    }
    return out;
  }
  std::vector<fw::DataSourceFactory> DataSources() override { return {}; }

 private:
  bool broken_;
};

class CustomResourceTest : public ::testing::Test {
 protected:
  CustomResourceTest() : p_(std::make_shared<FakeProvider>(false)) {}
  const fw::Block& widget() { return p_.resource_schemas().at("fake_widget").block; }
  cty::Value Config(std::map<std::string, cty::Value> set) {
    if (!set.count("name")) set.emplace("name", S("w"));
    if (!set.count("a") && !set.count("b")) set.emplace("a", S("a"));
    return edptest::ConfigOf(widget(), set);
  }
  tfplugin::PlanResourceChangeResponse Plan(const cty::Value& prior, const cty::Value& config) {
    tfplugin::PlanResourceChangeRequest req;
    req.type_name = "fake_widget";
    req.prior_state = prior.IsNull() ? cty::Value::Null(widget().ImpliedType()) : prior;
    req.config = config;
    req.proposed_new_state = edptest::ProposedNew(widget(), req.prior_state, config);
    tfplugin::PlanResourceChangeResponse resp;
    p_.PlanResourceChange(req, resp);
    return resp;
  }
  tfplugin::ApplyResourceChangeResponse Apply(const cty::Value& prior, const cty::Value& planned,
                                              const cty::Value& config) {
    tfplugin::ApplyResourceChangeRequest req;
    req.type_name = "fake_widget";
    req.prior_state = prior.IsNull() ? cty::Value::Null(widget().ImpliedType()) : prior;
    req.planned_state = planned;
    req.config = config;
    tfplugin::ApplyResourceChangeResponse resp;
    p_.ApplyResourceChange(req, resp);
    return resp;
  }
  tfplugin::ApplyResourceChangeResponse Create(const cty::Value& config) {
    auto plan = Plan(cty::Value(), config);
    EXPECT_EQ(Summaries(plan.diagnostics), "");
    return Apply(cty::Value(), plan.planned_state, config);
  }
  tfplugin::Diagnostics Validate(const cty::Value& config) {
    tfplugin::ValidateResourceConfigRequest req;
    req.type_name = "fake_widget";
    req.config = config;
    tfplugin::ValidateResourceConfigResponse resp;
    p_.ValidateResourceConfig(req, resp);
    return resp.diagnostics;
  }
  tfplugin::ImportResourceStateResponse Import(const std::string& type, const std::string& id) {
    tfplugin::ImportResourceStateRequest req;
    req.type_name = type;
    req.id = id;
    tfplugin::ImportResourceStateResponse resp;
    p_.ImportResourceState(req, resp);
    return resp;
  }
  fw::FrameworkProvider p_;
};

TEST_F(CustomResourceTest, GetProviderSchema) {
  auto s = p_.GetProviderSchema();
  EXPECT_EQ(Summaries(s.diagnostics), "");
  EXPECT_EQ(s.resource_schemas.size(), 2u);
  EXPECT_TRUE(s.capabilities.plan_destroy);
  EXPECT_TRUE(s.capabilities.get_provider_schema_optional);
}

TEST_F(CustomResourceTest, RegistrationProblemsAreReportedBySchema) {
  fw::FrameworkProvider broken(std::make_shared<FakeProvider>(true));
  auto s = broken.GetProviderSchema();
  EXPECT_EQ(Summaries(s.diagnostics),
            "Error: Invalid Schema\nError: Invalid Resource Registration");
  EXPECT_NE(s.diagnostics[0].detail.find("fake_bad: Schema problem at name"), std::string::npos);
}

TEST_F(CustomResourceTest, ExceptionsBecomeDiagnostics) {
  auto resp = Create(Config({{"name", S("throw")}}));
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Provider Internal Error");
  EXPECT_NE(DetailOf(resp.diagnostics, "Provider Internal Error").find("boom"), std::string::npos);
  EXPECT_TRUE(resp.new_state.IsNull());
}

TEST_F(CustomResourceTest, WrongTypeAndMissingStateAreProviderBugs) {
  auto wrong = Create(Config({{"name", S("wrong_type")}}));
  EXPECT_EQ(Summaries(wrong.diagnostics), "Error: Provider Produced Value Of The Wrong Type");
  EXPECT_EQ(wrong.new_state.type(), widget().ImpliedType());
  auto null_state = Create(Config({{"name", S("null_state")}}));
  EXPECT_EQ(Summaries(null_state.diagnostics), "Error: Missing Resource State After Create");
}

TEST_F(CustomResourceTest, FailureBeforeCreationSavesNothing) {
  auto resp = Create(Config({{"name", S("fail_early")}}));
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: API Error");
  EXPECT_TRUE(resp.new_state.IsNull());
}

TEST_F(CustomResourceTest, FailedDeleteKeepsTheObject) {
  auto created = Create(Config({}));
  ASSERT_EQ(Summaries(created.diagnostics), "");
  auto resp = Apply(created.new_state, cty::Value::Null(widget().ImpliedType()),
                    cty::Value::Null(widget().ImpliedType()));
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Delete Failed");
  EXPECT_EQ(resp.new_state, created.new_state);
}

TEST_F(CustomResourceTest, GroupBlocksAndListNestedAttributes) {
  const auto& ports = *widget().FindAttribute("ports");
  cty::Value port =
      cty::Value::ObjectOf(ports.nested->ObjectType(),
                           {{"port", N(80)}, {"uid", cty::Value::Null(cty::Type::String())}});
  auto cfg = Config({{"ports", cty::Value::List(port.type(), {port})}});
  auto plan = Plan(cty::Value(), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto uid = plan.planned_state.Apply(P("ports").Index(0).GetAttr("uid"));
  ASSERT_TRUE(uid.ok());
  EXPECT_FALSE(uid->IsKnown());
  auto y = plan.planned_state.Apply(P("opts").GetAttr("y"));
  ASSERT_TRUE(y.ok());
  EXPECT_FALSE(y->IsKnown());  // group block: never null, computed inside is unknown
  auto applied = Apply(cty::Value(), plan.planned_state, cfg);
  ASSERT_EQ(Summaries(applied.diagnostics), "");
  EXPECT_TRUE(applied.new_state.IsWhollyKnown());
}

TEST_F(CustomResourceTest, BlockValidatorsAndDeprecation) {
  EXPECT_EQ(Summaries(Validate(Config({{"a", S("1")}, {"b", S("2")}}))),
            "Error: Invalid Attribute Combination");
  EXPECT_EQ(Summaries(Validate(Config({{"a", S("1")}, {"old", S("x")}}))),
            "Warning: Attribute Deprecated [at old]");
  EXPECT_EQ(DetailOf(Validate(Config({{"old", S("x")}})), "Attribute Deprecated"),
            "Use name instead.");
}

TEST_F(CustomResourceTest, ModifyPlanRequiresReplace) {
  auto created = Create(Config({{"b", S("x")}}));
  ASSERT_EQ(Summaries(created.diagnostics), "");
  auto plan = Plan(created.new_state, Config({{"b", S("replace-me")}}));
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  ASSERT_EQ(plan.requires_replace.size(), 1u);
  EXPECT_EQ(plan.requires_replace[0], P("b"));
}

TEST_F(CustomResourceTest, CustomImport) {
  auto ok = Import("fake_widget", "w-7/seven");
  ASSERT_EQ(Summaries(ok.diagnostics), "");
  ASSERT_EQ(ok.imported_resources.size(), 1u);
  EXPECT_EQ(fw::AttrOf(ok.imported_resources[0].state, "id"), S("w-7"));
  EXPECT_EQ(fw::AttrOf(ok.imported_resources[0].state, "name"), S("seven"));
  EXPECT_EQ(ok.imported_resources[0].private_data, "{\"imported\":\"yes\"}");
  EXPECT_FALSE(fw::AttrOf(ok.imported_resources[0].state, "opts").IsNull());  // group block
  auto bad = Import("fake_widget", "nope");
  EXPECT_EQ(Summaries(bad.diagnostics), "Error: Invalid Import ID");
  auto noid = Import("fake_noid", "x");
  EXPECT_EQ(Summaries(noid.diagnostics), "Error: Resource Import Not Supported");
}

}  // namespace
}  // namespace fwtest
