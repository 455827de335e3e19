// edptest_thing: a resource exercising every framework feature.
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "cty/json.h"
#include "edptest_provider.h"
#include "framework/plan_modifier.h"
#include "framework/resource.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "store.h"

namespace edptest {
namespace {

using framework::AttrOf;
using framework::GetString;
using framework::WithAttr;
namespace fw = framework;

fw::Schema ThingSchema(bool nested) {
  fw::Schema s;
  s.version = 2;
  fw::Block& b = s.block;
  b.description = "A test object stored by the edptest provider.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The thing's ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The name.")
                    .Validators({fw::StringLengthBetween(1, 64)}));
  b.Add("zone", fw::StringAttribute()
                    .Optional()
                    .Description("The zone.")
                    .Validators({fw::StringOneOf({"a", "b", "c"})})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("size", fw::NumberAttribute()
                    .Optional()
                    .Computed()
                    .Default(cty::Value::Int(1))
                    .Validators({fw::IntBetween(1, 100)}));
  b.Add("description", fw::StringAttribute().Optional());
  b.Add("user", fw::StringAttribute().Optional());
  b.Add("password",
        fw::StringAttribute().Optional().Sensitive().Validators({fw::RequiredWith({"user"})}));
  b.Add("secret_wo",
        fw::StringAttribute().Optional().WriteOnly().Description("A secret that is never stored."));
  b.Add("cidr", fw::StringAttribute().Optional().Validators(
                    {fw::IsCidr(), fw::ConflictsWith({"auto_cidr"})}));
  b.Add("auto_cidr", fw::BoolAttribute().Optional());
  b.Add("tags", fw::MapAttribute(cty::Type::String()).Optional());
  b.Add("mode", fw::StringAttribute().Optional().Validators({fw::StringOneOf(
                    {"normal", "slow_create", "fail_after_partial_create", "fail_update",
                     "inconsistent", "leave_unknown", "bad_plan"})}));
  b.Add("replace_trigger", fw::StringAttribute().Optional().PlanModifiers({fw::RequiresReplaceIf(
                               [](const fw::PlanModifierRequest& req) {
                                 return !(req.plan.IsKnown() && !req.plan.IsNull() &&
                                          req.plan.AsString().rfind("inplace-", 0) == 0);
                               },
                               "the new value does not start with `inplace-`")}));
  b.Add("created_at", fw::StringAttribute().Computed().PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("revision", fw::NumberAttribute().Computed().Description("Incremented by every update."));
  if (nested) {
    b.Add("network", fw::SingleNestedAttribute(
                         {{"vpc_id", fw::StringAttribute().Required()},
                          {"subnet_ids", fw::ListAttribute(cty::Type::String()).Optional()},
                          {"gateway", fw::StringAttribute().Computed()}})
                         .Optional()
                         .Description("Network placement (protocol 6 nested attribute)."));
  }
  fw::Block rule;
  rule.Add("port", fw::NumberAttribute().Required().Validators({fw::IntBetween(1, 65535)}));
  rule.Add("protocol", fw::StringAttribute()
                           .Optional()
                           .Computed()
                           .Default(cty::Value::String("tcp"))
                           .Validators({fw::StringOneOf({"tcp", "udp"})}));
  rule.Add("rule_id", fw::StringAttribute().Computed());
  b.Add("rule", fw::ListBlock(std::move(rule)).MaxItems(5));
  fw::Block label;
  label.Add("key", fw::StringAttribute().Required());
  label.Add("value", fw::StringAttribute().Optional());
  b.Add("label", fw::SetBlock(std::move(label)));
  fw::Block settings;
  settings.Add("enabled", fw::BoolAttribute().Optional());
  settings.Add("level", fw::NumberAttribute().Optional().Computed());
  b.Add("settings", fw::SingleBlock(std::move(settings)));
  fw::Block endpoint;
  endpoint.Add("url", fw::StringAttribute().Required().Validators({fw::IsHttpUrl()}));
  endpoint.Add("weight", fw::NumberAttribute().Optional());
  b.Add("endpoint", fw::MapBlock(std::move(endpoint)));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(2))
                         .Read(std::chrono::minutes(1))
                         .Update(std::chrono::minutes(2))
                         .Delete(std::chrono::minutes(2)));
  return s;
}

cty::Value WithUnknownsSet(const cty::Value& obj, const std::string& name, cty::Value v) {
  if (AttrOf(obj, name).IsKnown()) return obj;
  return WithAttr(obj, name, std::move(v));
}

// Fills every computed value the plan left unknown.
cty::Value Fill(cty::Value v, const std::string& id, int64_t revision, const std::string& created) {
  v = WithUnknownsSet(v, "id", cty::Value::String(id));
  v = WithUnknownsSet(v, "created_at", cty::Value::String(created));
  v = WithUnknownsSet(v, "revision", cty::Value::Int(revision));
  cty::Value rules = v.GetAttr("rule");
  if (rules.IsKnown() && !rules.IsNull()) {
    std::vector<cty::Value> out;
    int64_t i = 0;
    for (const auto& r : rules.Elements()) {
      out.push_back(
          WithUnknownsSet(r, "rule_id", cty::Value::String(id + "-rule-" + std::to_string(i++))));
    }
    v = WithAttr(v, "rule", cty::Value::List(rules.type().element(), std::move(out)));
  }
  cty::Value settings = v.GetAttr("settings");
  if (settings.IsKnown() && !settings.IsNull()) {
    v = WithAttr(v, "settings", WithUnknownsSet(settings, "level", cty::Value::Int(3)));
  }
  if (v.type().HasAttribute("network")) {
    cty::Value net = v.GetAttr("network");
    if (net.IsKnown() && !net.IsNull()) {
      std::string vpc = GetString(net, "vpc_id").value_or("");
      v = WithAttr(v, "network", WithUnknownsSet(net, "gateway", cty::Value::String("gw-" + vpc)));
    }
  }
  return v;
}

class Thing final : public fw::Resource,
                    public fw::ResourceWithConfigure,
                    public fw::ResourceWithUpgradeState,
                    public fw::ResourceWithModifyPlan,
                    public fw::ResourceWithValidateConfig {
 public:
  explicit Thing(bool nested) : nested_(nested) {}

  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_thing";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&,
              fw::ResourceSchemaResponse& resp) override {
    resp.schema = ThingSchema(nested_);
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req,
                 fw::ConfigureResponse&) override {
    if (auto* d = std::any_cast<std::shared_ptr<ProviderData>>(&req.provider_data)) {
      store_ = (*d)->store;
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req,
              fw::CreateResponse& resp) override {
    if (!Ready(resp.diagnostics)) return;
    std::string mode = GetString(req.plan, "mode").value_or("normal");
    if (mode == "slow_create") {
      if (!ctx.SleepFor(std::chrono::hours(1))) {
        ctx.AddDoneError(resp.diagnostics, "creating the thing");
        resp.NothingCreated();
        return;
      }
    }
    std::string id = store_->NextId("thing");
    resp.private_state.Set("created_by", "edptest");
    cty::Value secret = AttrOf(req.config, "secret_wo");
    if (secret.IsKnown() && !secret.IsNull()) {
      resp.private_state.Set("secret_wo_length", std::to_string(secret.AsString().size()));
    }
    if (mode == "fail_after_partial_create") {
      cty::Value partial = WithAttr(req.plan, "id", cty::Value::String(id));
      partial = WithAttr(partial, "created_at", cty::Value::String("created-" + id));
      Save(id, partial.UnknownAsNull());
      resp.state = partial;  // revision stays unknown: the framework nulls it
      resp.diagnostics.AddError("Partial Create Failure",
                                "The thing " + id + " was created but could not be finished.");
      return;
    }
    cty::Value state = Fill(req.plan, id, 1, "created-" + id);
    if (mode == "inconsistent")
      state = WithAttr(state, "description", cty::Value::String("tampered"));
    if (mode == "leave_unknown") {
      state = WithAttr(state, "created_at", cty::Value::Unknown(cty::Type::String()));
    }
    Save(id, state.UnknownAsNull());
    resp.state = state;
  }

  void Read(const fw::Context&, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!Ready(resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id) {
      resp.RemoveResource();
      return;
    }
    auto json = store_->Get(*id);
    if (!json) {
      resp.RemoveResource();
      return;
    }
    auto v = cty::json::Unmarshal(*json, req.state.type(), {true});
    if (!v.ok()) {
      resp.diagnostics.AddError("Corrupt Store Object", "The stored object " + *id +
                                                            " is invalid: " + v.error().ToString());
      return;
    }
    resp.state = std::move(v).value();
  }

  void Update(const fw::Context&, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!Ready(resp.diagnostics)) return;
    std::string mode = GetString(req.plan, "mode").value_or("normal");
    if (mode == "fail_update") {
      resp.diagnostics.AddError("Update Failed", "The test provider was told to fail updates.");
      return;
    }
    std::string id = GetString(req.state, "id").value_or("");
    int64_t revision = framework::GetInt(req.state, "revision").value_or(0) + 1;
    std::string created = GetString(req.state, "created_at").value_or("created-" + id);
    cty::Value state = Fill(req.plan, id, revision, created);
    if (mode == "inconsistent")
      state = WithAttr(state, "description", cty::Value::String("tampered"));
    Save(id, state.UnknownAsNull());
    resp.state = state;
  }

  void Delete(const fw::Context&, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!Ready(resp.diagnostics)) return;
    if (auto id = GetString(req.state, "id")) store_->Delete(*id);
  }

  std::map<int64_t, fw::StateUpgrader> StateUpgraders() override {
    std::map<int64_t, fw::StateUpgrader> m;
    fw::StateUpgrader from0;
    from0.to_version = 1;
    from0.upgrade = [](const fw::Context&, const fw::UpgradeStateRequest& req,
                       fw::UpgradeStateResponse& resp) {
      auto j = nlohmann::json::parse(req.raw_json, nullptr, false);
      if (!j.is_object()) {
        resp.diagnostics.AddError("Invalid Version 0 State", "The stored state is not an object.");
        return;
      }
      if (j.contains("title")) {
        j["name"] = j["title"];
        j.erase("title");
      }
      if (j.contains("size") && j["size"].is_string()) {
        const std::string s = j["size"].get<std::string>();
        bool digits = !s.empty();
        for (char c : s) digits = digits && std::isdigit(static_cast<unsigned char>(c));
        if (digits) {
          j["size"] = std::stoll(s);
        } else {
          j["size"] = nullptr;
        }
      }
      resp.json = j.dump();
    };
    m.emplace(0, std::move(from0));
    fw::StateUpgrader from1;
    from1.prior_schema = ThingSchemaV1();
    from1.upgrade = [nested = nested_](const fw::Context&, const fw::UpgradeStateRequest& req,
                                       fw::UpgradeStateResponse& resp) {
      fw::Schema current = ThingSchema(nested);
      cty::Value v = fw::EmptyValue(current.block);
      for (const char* name : {"id", "name", "zone", "description", "tags"}) {
        v = WithAttr(v, name, req.prior_state.GetAttr(name));
      }
      cty::Value size = req.prior_state.GetAttr("size");
      v = WithAttr(v, "size", size.IsNull() ? cty::Value::Int(1) : size);
      v = WithAttr(v, "created_at", cty::Value::String("legacy"));
      v = WithAttr(v, "revision", cty::Value::Int(0));
      resp.state = v;
    };
    m.emplace(1, std::move(from1));
    return m;
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req,
                  fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    if (GetString(req.plan, "mode").value_or("") == "bad_plan") {
      resp.plan = WithAttr(resp.plan, "description", cty::Value::String("changed-by-plan"));
    }
  }

  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    if (GetString(req.config, "name").value_or("") == "forbidden") {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("name"), "Forbidden Name",
                                         "The name \"forbidden\" is reserved by the test "
                                         "provider.");
    }
  }

 private:
  bool Ready(tfplugin::Diagnostics& diags) {
    if (store_) return true;
    diags.AddError("Provider Not Configured",
                   "edptest_thing needs a configured provider (ConfigureProvider first).");
    return false;
  }
  void Save(const std::string& id, const cty::Value& v) {
    auto json = cty::json::Marshal(v, v.type());
    if (json.ok()) store_->Put(id, json.value());
  }

  bool nested_;
  std::shared_ptr<Store> store_;
};

}  // namespace

fw::Block ThingSchemaV0() {
  fw::Block b;
  b.Add("id", fw::StringAttribute().Computed());
  b.Add("title", fw::StringAttribute().Required());
  b.Add("size", fw::StringAttribute().Optional());
  b.Add("tags", fw::MapAttribute(cty::Type::String()).Optional());
  return b;
}

fw::Block ThingSchemaV1() {
  fw::Block b;
  b.Add("id", fw::StringAttribute().Computed());
  b.Add("name", fw::StringAttribute().Required());
  b.Add("zone", fw::StringAttribute().Optional());
  b.Add("size", fw::NumberAttribute().Optional().Computed());
  b.Add("description", fw::StringAttribute().Optional());
  b.Add("tags", fw::MapAttribute(cty::Type::String()).Optional());
  return b;
}

fw::ResourceFactory ThingFactory(bool nested_attributes) {
  return [nested_attributes] { return std::make_unique<Thing>(nested_attributes); };
}

}  // namespace edptest
