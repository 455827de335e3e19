// The EDP provider block: schema, environment fallbacks, authentication
// combinations (attribute-path diagnostics) and Configure end to end.
#include "provider/otc_config.h"

#include <gtest/gtest.h>

#include "harness.h"
#include "provider/edp_provider.h"

namespace fwtest {
namespace {

namespace fw = framework;
using Env = std::map<std::string, std::string>;

class OtcConfigTest : public ::testing::Test {
 protected:
  cty::Value Config(std::map<std::string, cty::Value> set) {
    return edptest::ConfigOf(schema_.block, set);
  }
  std::optional<provider::Credentials> Resolve(std::map<std::string, cty::Value> set,
                                               Env env = {}) {
    diags_ = tfplugin::Diagnostics();
    return provider::ResolveCredentials(Config(set), fw::MapEnv(env), diags_);
  }
  std::map<std::string, cty::Value> PasswordAuth() {
    return {{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")},
            {"domain_name", S("OTC-EU-DE-00000000001000000001")},
            {"tenant_name", S("eu-de_edp")},
            {"user_name", S("deployer")},
            {"password", S("hunter2")}};
  }
  fw::Schema schema_ = provider::OtcProviderSchema();
  tfplugin::Diagnostics diags_;
};

TEST_F(OtcConfigTest, PasswordAuthFromConfiguration) {
  auto c = Resolve(PasswordAuth());
  ASSERT_TRUE(c) << Summaries(diags_);
  EXPECT_EQ(c->method, provider::AuthMethod::kPassword);
  EXPECT_EQ(c->region, "eu-de");  // from the project name
  EXPECT_EQ(c->project_name, "eu-de_edp");
  EXPECT_EQ(c->max_retries, 2);
  EXPECT_EQ(c->endpoint_type, "public");
  EXPECT_TRUE(c->from_env.empty());
  std::string redacted = c->Redacted();
  EXPECT_EQ(redacted.find("hunter2"), std::string::npos);
  EXPECT_NE(redacted.find("password=(sensitive value)"), std::string::npos);
}

TEST_F(OtcConfigTest, EnvironmentFallbacks) {
  Env env = {{"OS_AUTH_URL", "https://iam.eu-nl.otc.t-systems.com/v3"},
             {"OS_PROJECT_NAME", "eu-nl_edp"},  // second variable of tenant_name
             {"OS_USER_DOMAIN_NAME", "OTC-EU-NL-1"},
             {"OS_USERNAME", "ci"},
             {"OS_PASSWORD", "pw"},
             {"OS_INSECURE", "true"},
             {"OS_REGION_NAME", ""}};  // empty counts as unset
  auto c = Resolve({}, env);
  ASSERT_TRUE(c) << Summaries(diags_);
  EXPECT_EQ(c->auth_url, "https://iam.eu-nl.otc.t-systems.com/v3");
  EXPECT_EQ(c->project_name, "eu-nl_edp");
  EXPECT_EQ(c->domain_name, "OTC-EU-NL-1");
  EXPECT_TRUE(c->insecure);
  EXPECT_EQ(c->region, "eu-nl");
  EXPECT_EQ(c->from_env.at("tenant_name"), "OS_PROJECT_NAME");
  EXPECT_EQ(c->from_env.at("password"), "OS_PASSWORD");
}

TEST_F(OtcConfigTest, ConfigurationBeatsEnvironment) {
  auto c = Resolve(PasswordAuth(), {{"OS_TENANT_NAME", "eu-nl_other"}, {"OS_USERNAME", "x"}});
  ASSERT_TRUE(c) << Summaries(diags_);
  EXPECT_EQ(c->project_name, "eu-de_edp");
  EXPECT_EQ(c->user_name, "deployer");
}

TEST_F(OtcConfigTest, ProjectNameAliasBeatsEnvironment) {
  auto cfg = PasswordAuth();
  cfg.erase("tenant_name");
  cfg.emplace("project_name", S("eu-de_alias"));
  auto c = Resolve(cfg, {{"OS_TENANT_NAME", "eu-de_env"}});
  ASSERT_TRUE(c) << Summaries(diags_);
  EXPECT_EQ(c->project_name, "eu-de_alias");
}

TEST_F(OtcConfigTest, TokenAndAkSk) {
  auto t =
      Resolve({{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")}, {"tenant_id", S("p1")}},
              {{"OS_AUTH_TOKEN", "tok"}});
  ASSERT_TRUE(t) << Summaries(diags_);
  EXPECT_EQ(t->method, provider::AuthMethod::kToken);
  EXPECT_EQ(t->region, "eu-de");  // from the auth_url host
  auto ak = Resolve({{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")},
                     {"tenant_name", S("eu-de")},
                     {"access_key", S("AK")},
                     {"secret_key", S("SK")},
                     {"security_token", S("ST")}});
  ASSERT_TRUE(ak) << Summaries(diags_);
  EXPECT_EQ(ak->method, provider::AuthMethod::kAkSk);
  EXPECT_EQ(ak->region, "eu-de");
}

TEST_F(OtcConfigTest, UserIdClearsUserName) {
  auto cfg = PasswordAuth();
  cfg.emplace("user_id", S("uid"));
  cfg.erase("domain_name");
  auto c = Resolve(cfg);
  ASSERT_TRUE(c) << Summaries(diags_);
  EXPECT_EQ(c->user_id, "uid");
  EXPECT_EQ(c->user_name, "");
}

TEST_F(OtcConfigTest, CombinationErrorsTable) {
  const cty::Value url = S("https://iam.eu-de.otc.t-systems.com/v3");
  const cty::Value project = S("eu-de_edp");
  struct Case {
    const char* name;
    std::map<std::string, cty::Value> config;
    Env env;
    std::string want;
  } cases[] = {
      {"access key without secret",
       {{"auth_url", url}, {"tenant_name", project}, {"access_key", S("AK")}},
       {},
       "Error: Incomplete AK/SK Credentials [at access_key]"},
      {"secret key without access (env)",
       {{"auth_url", url}, {"tenant_name", project}},
       {{"OS_SECRET_KEY", "SK"}},
       "Error: Incomplete AK/SK Credentials [at secret_key]"},
      {"password without user",
       {{"auth_url", url}, {"tenant_name", project}, {"password", S("pw")}},
       {},
       "Error: Password Without User [at password]"},
      {"user without password",
       {{"auth_url", url},
        {"tenant_name", project},
        {"user_name", S("u")},
        {"domain_name", S("d")}},
       {},
       "Error: Missing Password [at user_name]"},
      {"nothing",
       {{"auth_url", url}, {"tenant_name", project}},
       {},
       "Error: No Authentication Method Configured"},
      {"missing auth url",
       {{"tenant_name", project}, {"token", S("t")}},
       {},
       "Error: Missing Auth URL [at auth_url]"},
      {"missing project",
       {{"auth_url", url}, {"token", S("t")}},
       {},
       "Error: Missing Project [at tenant_name]"},
      {"user name without domain",
       {{"auth_url", url}, {"tenant_name", project}, {"user_name", S("u")}, {"password", S("p")}},
       {},
       "Error: Missing Domain [at domain_name]"},
      {"security token alone",
       {{"auth_url", url},
        {"tenant_name", project},
        {"user_id", S("u")},
        {"password", S("p")},
        {"security_token", S("st")}},
       {},
       "Error: Security Token Without AK/SK [at security_token]"},
      {"agency half",
       {{"auth_url", url}, {"tenant_name", project}, {"token", S("t")}, {"agency_name", S("a")}},
       {},
       "Error: Incomplete Agency [at agency_name]"},
      {"cert without key",
       {{"auth_url", url}, {"tenant_name", project}, {"token", S("t")}, {"cert", S("c")}},
       {},
       "Error: Incomplete Client Certificate [at cert]"},
      {"bad bool in env",
       {{"auth_url", url}, {"tenant_name", project}, {"token", S("t")}},
       {{"OS_INSECURE", "yes"}},
       "Error: Invalid Environment Variable [at insecure]"},
      {"bad url in env",
       {{"tenant_name", project}, {"token", S("t")}},
       {{"OS_AUTH_URL", "iam.example.com"}},
       "Error: Invalid Attribute Value [at auth_url]"},
      {"no region derivable",
       {{"auth_url", S("http://127.0.0.1:8080/v3")}, {"tenant_id", S("p")}, {"token", S("t")}},
       {},
       "Error: Missing Region [at region]"},
      {"unknown value",
       {{"auth_url", cty::Value::Unknown(cty::Type::String())},
        {"tenant_name", project},
        {"token", S("t")}},
       {},
       "Error: Unknown Provider Configuration Value [at auth_url]"},
  };
  for (const auto& c : cases) {
    auto creds = Resolve(c.config, c.env);
    EXPECT_FALSE(creds.has_value()) << c.name;
    EXPECT_EQ(Summaries(diags_), c.want) << c.name;
  }
}

TEST_F(OtcConfigTest, NoAuthErrorListsTheOptions) {
  Resolve({{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")}, {"tenant_name", S("eu-de")}});
  std::string detail = DetailOf(diags_, "No Authentication Method Configured");
  for (const char* want : {"token (OS_TOKEN or OS_AUTH_TOKEN)", "OS_ACCESS_KEY", "OS_SECRET_KEY",
                           "OS_PASSWORD", "OS_USERNAME", "OS_USER_ID", "OS_DOMAIN_NAME"}) {
    EXPECT_NE(detail.find(want), std::string::npos) << want << "\n" << detail;
  }
}

TEST_F(OtcConfigTest, EnvironmentSourcedErrorsNameTheVariable) {
  Resolve({{"tenant_name", S("eu-de")}, {"token", S("t")}}, {{"OS_AUTH_URL", "nope"}});
  EXPECT_NE(DetailOf(diags_, "Invalid Attribute Value").find("environment variable OS_AUTH_URL"),
            std::string::npos);
  Resolve({{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")}, {"tenant_name", S("eu-de")}},
          {{"OS_ACCESS_KEY", "AK"}});
  EXPECT_NE(DetailOf(diags_, "Incomplete AK/SK Credentials").find("OS_ACCESS_KEY"),
            std::string::npos);
}

TEST_F(OtcConfigTest, CloudsYamlIsAWarning) {
  auto cfg = PasswordAuth();
  cfg.emplace("cloud", S("otc"));
  auto c = Resolve(cfg);
  ASSERT_TRUE(c);
  EXPECT_EQ(Summaries(diags_), "Warning: clouds.yaml Is Not Read [at cloud]");
}

TEST_F(OtcConfigTest, SecretsNeverAppearInDiagnostics) {
  Resolve({{"auth_url", S("https://iam.eu-de.otc.t-systems.com/v3")},
           {"tenant_name", S("eu-de")},
           {"password", S("hunter2")},
           {"secret_key", S("s3cr3t")}});
  ASSERT_TRUE(diags_.HasError());
  for (const auto& d : diags_) {
    EXPECT_EQ(d.detail.find("hunter2"), std::string::npos);
    EXPECT_EQ(d.detail.find("s3cr3t"), std::string::npos);
  }
}

TEST_F(OtcConfigTest, ProviderValidateAndConfigureEndToEnd) {
  auto p = provider::NewEdpProvider(fw::MapEnv({{"OS_PASSWORD", "pw"}}));
  EXPECT_EQ(p->type_name(), "edp");
  EXPECT_EQ(Summaries(p->registration_diagnostics()), "");
  tfplugin::ValidateProviderConfigRequest vreq;
  vreq.config =
      Config({{"tenant_name", S("a")}, {"project_name", S("b")}, {"auth_url", S("ftp://x")}});
  tfplugin::ValidateProviderConfigResponse vresp;
  p->ValidateProviderConfig(vreq, vresp);
  EXPECT_EQ(Summaries(vresp.diagnostics),
            "Error: Invalid Attribute Value [at auth_url]\n"
            "Error: Invalid Attribute Combination [at project_name]\n"
            "Error: Invalid Attribute Combination [at tenant_name]");

  auto cfg = PasswordAuth();
  cfg.erase("password");  // from OS_PASSWORD
  tfplugin::ConfigureProviderRequest creq;
  creq.config = Config(cfg);
  tfplugin::ConfigureProviderResponse cresp;
  p->ConfigureProvider(creq, cresp);
  EXPECT_EQ(Summaries(cresp.diagnostics), "");
  EXPECT_TRUE(p->configured());

  auto bad = provider::NewEdpProvider(fw::MapEnv({}));
  tfplugin::ConfigureProviderRequest breq;
  breq.config = cty::Value::Null(schema_.ImpliedType());
  tfplugin::ConfigureProviderResponse bresp;
  bad->ConfigureProvider(breq, bresp);
  EXPECT_EQ(Summaries(bresp.diagnostics),
            "Error: Missing Auth URL [at auth_url]\n"
            "Error: No Authentication Method Configured\n"
            "Error: Missing Project [at tenant_name]");
  EXPECT_FALSE(bad->configured());
}

}  // namespace
}  // namespace fwtest
