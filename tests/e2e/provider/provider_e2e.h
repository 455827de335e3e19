// The fixture of the provider's end-to-end tests: a real otc-sim process
// (time-scaled) and the real terraform-provider-edp launched through the
// plugin client with AutoMTLS and driven over protocol 6 as OpenTofu drives
// it, plus the plan/apply/read/import/destroy steps, otc-sim's admin
// inventory and request log, and out-of-band calls with a project token.
// TearDown checks the provider exited cleanly, its sanitizer report is
// empty and no log line contains the password.
#ifndef EDP_TESTS_E2E_PROVIDER_PROVIDER_E2E_H_
#define EDP_TESTS_E2E_PROVIDER_PROVIDER_E2E_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core_sim.h"
#include "framework/values.h"
#include "launch.h"
#include "provider/edp_provider.h"
#include "provider/otc_config.h"
#include "sim_process.h"

namespace e2e {

using conformance::Plugin;
using edptest::Summaries;
using framework::AttrOf;
using otcsim_test::Http;
using otcsim_test::json;
using otcsim_test::SimProcess;

inline cty::Value S(std::string_view s) { return cty::Value::String(s); }

class ProviderE2e : public ::testing::Test {
 protected:
  // otc-sim's time scale (simulated seconds per real second). A family whose
  // objects take minutes in OTC (CCE, RDS) passes a larger one from its
  // fixture's default constructor: `CceE2e() : ProviderE2e(200) {}`.
  explicit ProviderE2e(int time_scale = 20)
      : sim_({"--time-scale", std::to_string(time_scale), "--seed", "5"}) {}

  void SetUp() override {
    ASSERT_TRUE(sim_.ok()) << "otc-sim did not start";
    std::vector<std::string> env;
    // Never inherit real OTC credentials from the developer's shell.
    for (const char* v : {"OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_TOKEN", "OS_AUTH_TOKEN",
                          "OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_TENANT_NAME", "OS_PROJECT_NAME",
                          "OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_CLOUD", "OS_REGION_NAME"}) {
      env.push_back(v);
    }
    env.push_back("TF_LOG_PROVIDER=debug");
    std::string error;
    conformance::Transport t;  // protocol 6, unix socket, AutoMTLS
    plugin_ = conformance::Launch(EDP_PROVIDER_BIN, t, env, &error);
    ASSERT_TRUE(plugin_) << error;
    local_ = provider::NewEdpProvider(framework::MapEnv({}));
  }
  void TearDown() override {
    if (plugin_) {
      plugin_->provider.reset();
      tfplugin::ExitInfo exit = plugin_->client->Kill();
      EXPECT_TRUE(exit.graceful) << exit.ToString();
      EXPECT_EQ(plugin_->log->SanitizerReport(), "");
      // Secrets never reach the provider's log.
      for (const auto& line : plugin_->log->Lines()) {
        EXPECT_EQ(line.find(sim_.cred("password")), std::string::npos) << line;
      }
    }
  }

  tfplugin::Provider& p() { return *plugin_->provider; }
  const framework::Block& Block(const std::string& type) const {
    return local_->resource_schemas().at(type).block;
  }
  cty::Value Null(const std::string& type) const {
    return cty::Value::Null(local_->resource_schemas().at(type).ImpliedType());
  }
  cty::Value Config(const std::string& type, const std::map<std::string, cty::Value>& set) const {
    return edptest::ConfigOf(Block(type), set);
  }

  tfplugin::Diagnostics Configure(const std::map<std::string, cty::Value>& extra = {}) {
    std::map<std::string, cty::Value> set = {
        {"auth_url", S(sim_.http() + "/v3")},        {"user_name", S(sim_.cred("user"))},
        {"password", S(sim_.cred("password"))},      {"domain_name", S(sim_.cred("domain"))},
        {"tenant_name", S(sim_.cred("project"))},    {"region", S(sim_.ready().value("region", "eu-de"))}};
    for (const auto& [k, v] : extra) set[k] = v;
    tfplugin::ConfigureProviderRequest req;
    req.terraform_version = "1.10.0";
    req.config = edptest::ConfigOf(local_->provider_schema().block, set);
    tfplugin::ConfigureProviderResponse resp;
    p().ConfigureProvider(req, resp);
    return resp.diagnostics;
  }
  tfplugin::ValidateResourceConfigResponse Validate(const std::string& type, const cty::Value& config) {
    tfplugin::ValidateResourceConfigRequest req;
    req.type_name = type;
    req.config = config;
    tfplugin::ValidateResourceConfigResponse resp;
    p().ValidateResourceConfig(req, resp);
    return resp;
  }
  tfplugin::PlanResourceChangeResponse Plan(const std::string& type, const cty::Value& prior,
                                            const cty::Value& config, const std::string& priv = "") {
    tfplugin::PlanResourceChangeRequest req;
    req.type_name = type;
    req.prior_state = prior;
    req.config = config;
    req.proposed_new_state = edptest::ProposedNew(Block(type), prior, config);
    req.prior_private = priv;
    tfplugin::PlanResourceChangeResponse resp;
    p().PlanResourceChange(req, resp);
    return resp;
  }
  tfplugin::ApplyResourceChangeResponse Apply(const std::string& type, const cty::Value& prior,
                                              const cty::Value& planned, const cty::Value& config,
                                              const std::string& priv = "") {
    tfplugin::ApplyResourceChangeRequest req;
    req.type_name = type;
    req.prior_state = prior;
    req.planned_state = planned;
    req.config = config;
    req.planned_private = priv;
    tfplugin::ApplyResourceChangeResponse resp;
    p().ApplyResourceChange(req, resp);
    return resp;
  }
  tfplugin::ReadResourceResponse Read(const std::string& type, const cty::Value& state,
                                      const std::string& priv = "") {
    tfplugin::ReadResourceRequest req;
    req.type_name = type;
    req.current_state = state;
    req.private_data = priv;
    tfplugin::ReadResourceResponse resp;
    p().ReadResource(req, resp);
    return resp;
  }
  // Plan + apply of `config` over `prior`; fails the test on diagnostics.
  cty::Value Converge(const std::string& type, const cty::Value& prior, const cty::Value& config) {
    auto plan = Plan(type, prior, config);
    EXPECT_EQ(Summaries(plan.diagnostics), "") << plan.diagnostics.ToString();
    auto applied = Apply(type, prior, plan.planned_state, config, plan.planned_private);
    EXPECT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
    return applied.new_state;
  }
  // Destroy (plan + apply to null).
  void Destroy(const std::string& type, const cty::Value& state) {
    auto plan = Plan(type, state, Null(type));
    ASSERT_EQ(Summaries(plan.diagnostics), "");
    ASSERT_TRUE(plan.planned_state.IsNull());
    auto applied = Apply(type, state, Null(type), Null(type), plan.planned_private);
    ASSERT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
    EXPECT_TRUE(applied.new_state.IsNull());
  }
  cty::Value Import(const std::string& type, const std::string& id) {
    tfplugin::ImportResourceStateRequest ireq;
    ireq.type_name = type;
    ireq.id = id;
    tfplugin::ImportResourceStateResponse iresp;
    p().ImportResourceState(ireq, iresp);
    EXPECT_EQ(Summaries(iresp.diagnostics), "");
    if (iresp.imported_resources.size() != 1) return Null(type);
    auto read = Read(type, iresp.imported_resources[0].state, iresp.imported_resources[0].private_data);
    EXPECT_EQ(Summaries(read.diagnostics), "");
    return read.new_state;
  }

  // The simulator's inventory of one kind ("vpc", "subnet").
  json Inventory(const std::string& kind) {
    auto r = Http("GET", sim_.http() + "/_sim/resources");
    EXPECT_EQ(r.status, 200) << r.body;
    json all = r.Json();
    if (!all.is_object() || !all["resources"].contains(kind)) return json::array();
    return all["resources"][kind];
  }
  // API requests (not admin calls) the simulator has seen.
  size_t ApiRequests() {
    auto r = Http("GET", sim_.http() + "/_sim/requests?limit=10000");
    EXPECT_EQ(r.status, 200) << r.body;
    size_t n = 0;
    const json log = r.Json();
    EXPECT_TRUE(log.is_object() && log.contains("requests")) << r.body;
    if (!log.is_object() || !log.contains("requests")) return 0;
    for (const auto& e : log["requests"]) {
      if (e.value("target", "").rfind("/_sim/", 0) != 0) ++n;
    }
    return n;
  }
  // Deletes an object behind the provider's back, through the public API.
  void DeleteOutOfBand(const std::string& path) {
    std::string token = otcsim_test::ProjectToken(sim_);
    ASSERT_FALSE(token.empty());
    auto r = Http("DELETE", sim_.http() + "/v1/" + sim_.cred("project_id") + path, "",
                  {"X-Auth-Token: " + token});
    ASSERT_EQ(r.status / 100, 2) << r.body;
  }

  // Any API call behind the provider's back with a project-scoped token;
  // `url` is absolute (sim_.http() + "/v2/zones/...").
  otcsim_test::HttpResult CallAsUser(const std::string& method, const std::string& url,
                                     const std::string& body = "") {
    std::string token = otcsim_test::ProjectToken(sim_);
    EXPECT_FALSE(token.empty());
    std::vector<std::string> headers = {"X-Auth-Token: " + token};
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return Http(method, url, body, headers);
  }

  SimProcess sim_;
  std::unique_ptr<Plugin> plugin_;
  std::shared_ptr<framework::FrameworkProvider> local_;
};

}  // namespace e2e

#endif  // EDP_TESTS_E2E_PROVIDER_PROVIDER_E2E_H_
