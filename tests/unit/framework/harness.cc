#include "harness.h"

#include <gtest/gtest.h>

#include "framework/env.h"
#include "framework/values.h"

namespace fwtest {

std::string DetailOf(const tfplugin::Diagnostics& diags, std::string_view summary) {
  for (const auto& d : diags) {
    if (d.summary == summary) return d.detail;
  }
  return "";
}

Harness::Harness(bool nested_attributes, std::map<std::string, std::string> env) {
  edptest::Options options;
  options.nested_attributes = nested_attributes;
  options.env = framework::MapEnv(std::move(env));
  provider_ = edptest::NewFrameworkProvider(std::move(options));
}

const framework::Schema& Harness::thing_schema() const {
  return provider_->resource_schemas().at("edptest_thing");
}

cty::Value Harness::Config(std::map<std::string, cty::Value> set) const {
  if (!set.count("name")) set.emplace("name", S("thing"));
  return edptest::ConfigOf(thing(), set);
}

tfplugin::Diagnostics Harness::Configure(std::map<std::string, cty::Value> config) {
  tfplugin::ConfigureProviderRequest req;
  req.terraform_version = "1.10.0";
  req.config = edptest::ConfigOf(provider_->provider_schema().block, config);
  tfplugin::ConfigureProviderResponse resp;
  provider_->ConfigureProvider(req, resp);
  return resp.diagnostics;
}

tfplugin::Diagnostics Harness::Validate(const cty::Value& config) {
  tfplugin::ValidateResourceConfigRequest req;
  req.type_name = "edptest_thing";
  req.config = config;
  tfplugin::ValidateResourceConfigResponse resp;
  provider_->ValidateResourceConfig(req, resp);
  return resp.diagnostics;
}

tfplugin::PlanResourceChangeResponse Harness::Plan(const cty::Value& prior,
                                                   const cty::Value& config,
                                                   const std::string& prior_private) {
  tfplugin::PlanResourceChangeRequest req;
  req.type_name = "edptest_thing";
  req.prior_state = prior.IsNull() ? cty::Value::Null(thing_type()) : prior;
  req.config = config.IsNull() ? cty::Value::Null(thing_type()) : config;
  req.proposed_new_state = edptest::ProposedNew(thing(), req.prior_state, req.config);
  req.prior_private = prior_private;
  tfplugin::PlanResourceChangeResponse resp;
  provider_->PlanResourceChange(req, resp);
  return resp;
}

tfplugin::ApplyResourceChangeResponse Harness::Apply(const cty::Value& prior,
                                                     const cty::Value& planned,
                                                     const cty::Value& config,
                                                     const std::string& planned_private) {
  tfplugin::ApplyResourceChangeRequest req;
  req.type_name = "edptest_thing";
  req.prior_state = prior.IsNull() ? cty::Value::Null(thing_type()) : prior;
  req.planned_state = planned.IsNull() ? cty::Value::Null(thing_type()) : planned;
  req.config = config.IsNull() ? cty::Value::Null(thing_type()) : config;
  req.planned_private = planned_private;
  tfplugin::ApplyResourceChangeResponse resp;
  provider_->ApplyResourceChange(req, resp);
  return resp;
}

tfplugin::ReadResourceResponse Harness::Read(const cty::Value& state, const std::string& priv) {
  tfplugin::ReadResourceRequest req;
  req.type_name = "edptest_thing";
  req.current_state = state;
  req.private_data = priv;
  tfplugin::ReadResourceResponse resp;
  provider_->ReadResource(req, resp);
  return resp;
}

Harness::Applied Harness::Create(const cty::Value& config) {
  auto plan = Plan(cty::Value(), config);
  EXPECT_EQ(Summaries(plan.diagnostics), "");
  auto apply = Apply(cty::Value(), plan.planned_state, config, plan.planned_private);
  EXPECT_EQ(Summaries(apply.diagnostics), "");
  return {apply.new_state, apply.private_data};
}

Harness::Applied Harness::Update(const Applied& prior, const cty::Value& config) {
  auto plan = Plan(prior.state, config, prior.private_data);
  EXPECT_EQ(Summaries(plan.diagnostics), "");
  auto apply = Apply(prior.state, plan.planned_state, config, plan.planned_private);
  EXPECT_EQ(Summaries(apply.diagnostics), "");
  return {apply.new_state, apply.private_data};
}

}  // namespace fwtest
