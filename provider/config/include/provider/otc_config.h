// The OTC provider configuration: the `provider "edp"` block's schema and
// its resolution (configuration + environment) into Credentials.
//
// Attribute names and environment variables follow the official
// opentelekomcloud provider, so provider blocks port unchanged:
//
//   provider "edp" {
//     auth_url    = "https://iam.eu-de.otc.t-systems.com/v3"   # OS_AUTH_URL
//     domain_name = "OTC-EU-DE-00000000001000000001"          # OS_DOMAIN_NAME
//     tenant_name = "eu-de_edp"                                # OS_TENANT_NAME
//     user_name   = "deployer"                                 # OS_USERNAME
//     password    = var.password                               # OS_PASSWORD
//   }
//
// Authentication, in order of precedence: `token`; `access_key` +
// `secret_key` (optionally `security_token` for temporary keys);
// `password` with `user_name` or `user_id`. `agency_name` +
// `agency_domain_name` additionally assume an agency. EDP extensions:
// `project_name`/`project_id` (aliases of tenant_name/tenant_id) and
// `endpoints` (per-service URL overrides, e.g. for otc-sim).
//
// No network calls happen here; the OTC client (provider/otc) turns
// Credentials into authenticated sessions.
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_OTC_CONFIG_H_
#define EDP_PROVIDER_OTC_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "cty/value.h"
#include "framework/env.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace provider {

enum class AuthMethod { kToken, kAkSk, kPassword };

std::string_view AuthMethodName(AuthMethod m);  // "token", "aksk", "password"

struct Credentials {
  AuthMethod method = AuthMethod::kPassword;

  std::string auth_url;  // always set
  std::string region;    // always set (configured or derived)
  std::string cloud;

  std::string project_name;  // tenant_name / project_name
  std::string project_id;    // tenant_id / project_id
  std::string domain_name;
  std::string domain_id;
  std::string user_name;  // cleared when user_id is set
  std::string user_id;
  std::string password;  // secret
  std::string passcode;  // secret (MFA)
  std::string token;     // secret
  std::string access_key;
  std::string secret_key;      // secret
  std::string security_token;  // secret
  std::string agency_name;
  std::string agency_domain_name;
  std::string delegated_project;

  bool insecure = false;
  std::string cacert_file;
  std::string cert;
  std::string key;
  std::string endpoint_type = "public";
  bool swauth = false;
  bool allow_reauth = true;
  int64_t max_retries = 2;
  int64_t max_backoff_retries = 5;
  int64_t backoff_retry_timeout = 60;            // seconds
  std::map<std::string, std::string> endpoints;  // catalog type -> URL

  // Attribute name -> environment variable, for values that came from the
  // environment.
  std::map<std::string, std::string> from_env;

  bool UsesAgency() const { return !agency_name.empty(); }
  // A one-line summary for logs; secrets are shown as "(sensitive value)".
  std::string Redacted() const;
};

// The provider block's schema (every attribute optional; see file comment).
framework::Schema OtcProviderSchema();

// Resolves a provider configuration (an object of OtcProviderSchema's type;
// null counts as empty) with environment fallbacks into Credentials.
// Problems become diagnostics with attribute paths (password without a
// user, access_key without secret_key, no authentication at all, unknown
// values, missing auth_url/project/region, ...); nullopt then.
std::optional<Credentials> ResolveCredentials(const cty::Value& config,
                                              const framework::EnvLookup& env,
                                              tfplugin::Diagnostics& diags);

}  // namespace provider

#endif  // EDP_PROVIDER_OTC_CONFIG_H_
