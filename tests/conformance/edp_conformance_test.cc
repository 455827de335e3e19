// The real terraform-provider-edp over gRPC (protocol 5 and 6, unix and tcp,
// with and without AutoMTLS): schema, provider-block validation with
// attribute paths, configuration from the environment, auth-combination
// errors, and that secrets never reach the logs.
#include <gtest/gtest.h>

#include "core_sim.h"
#include "launch.h"
#include "provider/otc_config.h"

namespace conformance {
namespace {

cty::Value S(std::string_view s) { return cty::Value::String(s); }

using edptest::Summaries;

class EdpProviderTest : public ::testing::TestWithParam<Transport> {
 protected:
  std::unique_ptr<Plugin> Start(std::vector<std::string> env) {
    std::string error;
    // Never inherit real OTC credentials from the developer's shell.
    for (const char* v : {"OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_TOKEN", "OS_AUTH_TOKEN",
                          "OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_TENANT_NAME", "OS_PROJECT_NAME",
                          "OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_CLOUD", "OS_REGION_NAME"}) {
      env.insert(env.begin(), v);
    }
    env.push_back("TF_LOG_PROVIDER=trace");
    auto plugin = Launch(EDP_PROVIDER_BIN, GetParam(), env, &error);
    EXPECT_TRUE(plugin) << error;
    return plugin;
  }
  static void Stop(std::unique_ptr<Plugin>& plugin) {
    plugin->provider.reset();
    tfplugin::ExitInfo exit = plugin->client->Kill();
    EXPECT_TRUE(exit.graceful) << exit.ToString();
    EXPECT_EQ(plugin->log->SanitizerReport(), "");
  }
  cty::Value Config(std::map<std::string, cty::Value> set) {
    return edptest::ConfigOf(schema_.block, set);
  }
  framework::Schema schema_ = provider::OtcProviderSchema();
};

TEST_P(EdpProviderTest, SchemaValidateConfigure) {
  auto plugin = Start({"OS_PASSWORD=never-log-me-42", "OS_USER_DOMAIN_NAME=OTC-EU-DE-1"});
  ASSERT_TRUE(plugin);
  tfplugin::Provider& p = *plugin->provider;

  auto s = p.GetProviderSchema();
  ASSERT_EQ(Summaries(s.diagnostics), "");
  EXPECT_EQ(s.provider.block.ImpliedType(), schema_.ImpliedType());
  for (const char* secret : {"password", "secret_key", "token", "security_token", "passcode"}) {
    const tfplugin::SchemaAttribute* a = s.provider.block.FindAttribute(secret);
    ASSERT_NE(a, nullptr) << secret;
    EXPECT_TRUE(a->sensitive) << secret;
  }
  EXPECT_TRUE(s.capabilities.plan_destroy);

  // Mistakes come back with attribute paths.
  tfplugin::ValidateProviderConfigRequest bad;
  bad.config = Config({{"auth_url", S("iam.eu-de.otc.t-systems.com")},
                       {"max_retries", cty::Value::Int(-1)},
                       {"endpoint_type", S("private")},
                       {"endpoints", cty::Value::Map(cty::Type::String(), {{"vpc", S("nope")}})}});
  tfplugin::ValidateProviderConfigResponse bad_resp;
  p.ValidateProviderConfig(bad, bad_resp);
  EXPECT_EQ(Summaries(bad_resp.diagnostics),
            "Error: Invalid Attribute Value [at auth_url]\n"
            "Error: Invalid Attribute Value Match [at endpoint_type]\n"
            "Error: Invalid Attribute Value [at endpoints[\"vpc\"]]\n"
            "Error: Invalid Attribute Value [at max_retries]");

  // Unknown values are fine during validation.
  tfplugin::ValidateProviderConfigRequest unknown;
  unknown.config = Config({{"auth_url", cty::Value::Unknown(cty::Type::String())}});
  tfplugin::ValidateProviderConfigResponse unknown_resp;
  p.ValidateProviderConfig(unknown, unknown_resp);
  EXPECT_EQ(Summaries(unknown_resp.diagnostics), "");

  // Configure: password and domain from the environment.
  tfplugin::ConfigureProviderRequest conf;
  conf.terraform_version = "1.10.0";
  conf.config = Config({{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")},
                        {"tenant_name", S("eu-de_edp")},
                        {"user_name", S("deployer")}});
  tfplugin::ConfigureProviderResponse conf_resp;
  p.ConfigureProvider(conf, conf_resp);
  EXPECT_EQ(Summaries(conf_resp.diagnostics), "");
  Stop(plugin);
  EXPECT_FALSE(plugin->log->Contains("never-log-me-42")) << "a secret reached the provider log";
  EXPECT_TRUE(plugin->log->Contains("provider configured"));
}

TEST_P(EdpProviderTest, AuthCombinationErrors) {
  auto plugin = Start({"OS_ACCESS_KEY=AKEXAMPLE"});
  ASSERT_TRUE(plugin);
  tfplugin::ConfigureProviderRequest conf;
  conf.config = Config(
      {{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")}, {"tenant_name", S("eu-de_edp")}});
  tfplugin::ConfigureProviderResponse resp;
  plugin->provider->ConfigureProvider(conf, resp);
  EXPECT_EQ(Summaries(resp.diagnostics), "Error: Incomplete AK/SK Credentials [at access_key]");
  bool mentions_env = false;
  for (const auto& d : resp.diagnostics) {
    mentions_env = mentions_env || d.detail.find("OS_ACCESS_KEY") != std::string::npos;
  }
  EXPECT_TRUE(mentions_env);
  Stop(plugin);
}

TEST_P(EdpProviderTest, NoCredentialsAtAll) {
  auto plugin = Start({});
  ASSERT_TRUE(plugin);
  tfplugin::ConfigureProviderRequest conf;
  conf.config = Config({});
  tfplugin::ConfigureProviderResponse resp;
  plugin->provider->ConfigureProvider(conf, resp);
  EXPECT_EQ(Summaries(resp.diagnostics),
            "Error: Missing Auth URL [at auth_url]\n"
            "Error: No Authentication Method Configured\n"
            "Error: Missing Project [at tenant_name]");
  Stop(plugin);
}

INSTANTIATE_TEST_SUITE_P(Transports, EdpProviderTest, ::testing::ValuesIn(AllTransports()),
                         ParamName);

}  // namespace
}  // namespace conformance
