// The OTC provider block: schema and credential resolution.
#include "provider/otc_config.h"

#include <utility>
#include <vector>

#include "framework/validator.h"
#include "framework/validators.h"
#include "framework/values.h"

namespace provider {

using framework::Attribute;
using framework::StringAttribute;

std::string_view AuthMethodName(AuthMethod m) {
  switch (m) {
    case AuthMethod::kToken:
      return "token";
    case AuthMethod::kAkSk:
      return "aksk";
    case AuthMethod::kPassword:
      return "password";
  }
  return "unknown";
}

std::string Credentials::Redacted() const {
  auto secret = [](const std::string& s) {
    return s.empty() ? std::string() : "(sensitive value)";
  };
  std::string out = "auth_method=" + std::string(AuthMethodName(method)) + " auth_url=" + auth_url +
                    " region=" + region;
  auto add = [&out](const char* k, const std::string& v) {
    if (!v.empty()) out += std::string(" ") + k + "=" + v;
  };
  add("project_name", project_name);
  add("project_id", project_id);
  add("domain_name", domain_name);
  add("domain_id", domain_id);
  add("user_name", user_name);
  add("user_id", user_id);
  add("password", secret(password));
  add("passcode", secret(passcode));
  add("token", secret(token));
  add("access_key", access_key);
  add("secret_key", secret(secret_key));
  add("security_token", secret(security_token));
  add("agency_name", agency_name);
  add("agency_domain_name", agency_domain_name);
  add("delegated_project", delegated_project);
  if (insecure) out += " insecure=true";
  out += " max_retries=" + std::to_string(max_retries);
  for (const auto& [service, url] : endpoints) out += " endpoint[" + service + "]=" + url;
  return out;
}

framework::Schema OtcProviderSchema() {
  framework::Schema s;
  framework::Block& b = s.block;
  b.description =
      "The EDP provider manages Open Telekom Cloud (OTC) resources for Edge Developer Platform "
      "clusters. Its configuration follows the official `opentelekomcloud` provider: the same "
      "attribute names and environment variables.";
  auto str = [] { return StringAttribute().Optional(); };
  b.Add("auth_url", str()
                        .Env({"OS_AUTH_URL"})
                        .Validators({framework::IsHttpUrl()})
                        .Description("The Identity (IAM) endpoint, e.g. "
                                     "`https://iam.eu-de.otc.t-systems.com/v3`. Required (here or "
                                     "in the environment)."));
  b.Add("region", str()
                      .Env({"OS_REGION_NAME", "OS_REGION"})
                      .Description("The region (`eu-de`, `eu-nl`). If unset, the part of the "
                                   "project name before `_`, else the second label of the "
                                   "`auth_url` host."));
  b.Add("cloud", str()
                     .Env({"OS_CLOUD"})
                     .Description("An entry in `clouds.yaml`. Not read by this provider: set the "
                                  "values directly."));
  b.Add("tenant_name", str()
                           .Env({"OS_TENANT_NAME", "OS_PROJECT_NAME"})
                           .Validators({framework::ConflictsWith({"project_name"})})
                           .Description("The project name, e.g. `eu-de_edp`. One of "
                                        "`tenant_name`, `tenant_id` or `delegated_project` is "
                                        "required."));
  b.Add("tenant_id", str()
                         .Env({"OS_TENANT_ID", "OS_PROJECT_ID"})
                         .Validators({framework::ConflictsWith({"project_id"})})
                         .Description("The project ID."));
  b.Add("project_name", str()
                            .Validators({framework::ConflictsWith({"tenant_name"})})
                            .Description("Alias of `tenant_name`."));
  b.Add("project_id", str()
                          .Validators({framework::ConflictsWith({"tenant_id"})})
                          .Description("Alias of `tenant_id`."));
  b.Add("domain_name",
        str()
            .Env({"OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME", "OS_DOMAIN_NAME",
                  "OS_DEFAULT_DOMAIN"})
            .Description("The account (domain) name, e.g. `OTC-EU-DE-00000000001000000001`. "
                         "Required with `user_name`."));
  b.Add("domain_id", str()
                         .Env({"OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_ID", "OS_DOMAIN_ID"})
                         .Description("The account (domain) ID."));
  b.Add("user_name",
        str().Env({"OS_USERNAME"}).Description("The user name for password authentication."));
  b.Add("user_id", str()
                       .Env({"OS_USER_ID"})
                       .Description("The user ID for password authentication; takes precedence "
                                    "over `user_name`."));
  b.Add("password", str()
                        .Sensitive()
                        .Env({"OS_PASSWORD"})
                        .Description("The password (with `user_name` or `user_id`)."));
  b.Add("passcode", str()
                        .Sensitive()
                        .Env({"OS_PASSCODE"})
                        .Description("A virtual MFA one-time passcode (with `password`)."));
  b.Add("token", str()
                     .Sensitive()
                     .Env({"OS_TOKEN", "OS_AUTH_TOKEN"})
                     .Description("An existing IAM token; takes precedence over every other "
                                  "authentication method."));
  b.Add("access_key", str()
                          .Env({"OS_ACCESS_KEY"})
                          .Description("The access key (AK) for AK/SK authentication, with "
                                       "`secret_key`."));
  b.Add("secret_key", str()
                          .Sensitive()
                          .Env({"OS_SECRET_KEY"})
                          .Description("The secret key (SK) for AK/SK authentication, with "
                                       "`access_key`."));
  b.Add("security_token", str()
                              .Sensitive()
                              .Env({"OS_SECURITY_TOKEN"})
                              .Description("The security token of temporary AK/SK credentials."));
  b.Add(
      "agency_name",
      str().Env({"OS_AGENCY_NAME"}).Description("Assume this agency (with `agency_domain_name`)."));
  b.Add("agency_domain_name",
        str().Env({"OS_AGENCY_DOMAIN_NAME"}).Description("The domain that owns `agency_name`."));
  b.Add("delegated_project",
        str().Env({"OS_DELEGATED_PROJECT"}).Description("The project to work in with the agency."));
  b.Add("insecure", framework::BoolAttribute()
                        .Optional()
                        .Env({"OS_INSECURE"})
                        .Description("Skip TLS certificate verification. Defaults to `false`."));
  b.Add("cacert_file", str()
                           .Env({"OS_CACERT"})
                           .Description("A CA certificate bundle (path or PEM content) to verify "
                                        "the API endpoints."));
  b.Add("cert",
        str().Env({"OS_CERT"}).Description("A client certificate (path or PEM), with `key`."));
  b.Add("key", str().Env({"OS_KEY"}).Description("The client certificate's key (path or PEM)."));
  b.Add("endpoint_type",
        str()
            .Env({"OS_ENDPOINT_TYPE"})
            .Validators({framework::StringOneOf(
                {"public", "publicURL", "internal", "internalURL", "admin", "adminURL"})})
            .Description("Which catalog interface to use. Defaults to `public`."));
  b.Add("swauth", framework::BoolAttribute()
                      .Optional()
                      .Env({"OS_SWAUTH"})
                      .Description("Skip authentication entirely. Defaults to `false`."));
  b.Add("allow_reauth", framework::BoolAttribute()
                            .Optional()
                            .Env({"OS_ALLOW_REAUTH"})
                            .Description("Authenticate again when a token expires. Defaults to "
                                         "`true`."));
  b.Add("max_retries", framework::NumberAttribute()
                           .Optional()
                           .Validators({framework::IntAtLeast(0)})
                           .Description("Retries of failed connections. Defaults to `2`."));
  b.Add("max_backoff_retries", framework::NumberAttribute()
                                   .Optional()
                                   .Env({"OS_MAX_BACKOFF_RETRIES"})
                                   .Validators({framework::IntAtLeast(0)})
                                   .Description("Retries after HTTP 429 (Too Many Requests). "
                                                "Defaults to `5`."));
  b.Add("backoff_retry_timeout", framework::NumberAttribute()
                                     .Optional()
                                     .Env({"OS_BACKOFF_RETRY_TIMEOUT"})
                                     .Validators({framework::IntAtLeast(0)})
                                     .Description("Seconds to wait after HTTP 429. Defaults to "
                                                  "`60`."));
  b.Add("endpoints",
        framework::MapAttribute(cty::Type::String())
            .Optional()
            .Validators({framework::EachValue(framework::IsHttpUrl())})
            .Description("EDP extension: endpoint URLs by service catalog type "
                         "(`vpc`, `ccev2.0`, `rdsv3`, ...) that replace the catalog's, "
                         "e.g. to use otc-sim."));
  return s;
}

namespace {

const char* const kAuthHelp =
    "Configure one of:\n"
    "  - token (OS_TOKEN or OS_AUTH_TOKEN)\n"
    "  - access_key and secret_key (OS_ACCESS_KEY, OS_SECRET_KEY), optionally security_token "
    "(OS_SECURITY_TOKEN)\n"
    "  - password (OS_PASSWORD) with user_name (OS_USERNAME) and domain_name (OS_DOMAIN_NAME), "
    "or with user_id (OS_USER_ID)";

cty::Path P(const char* name) { return cty::Path().GetAttr(name); }

class Resolver {
 public:
  Resolver(const framework::Block& block, const cty::Value& config,
           std::map<std::string, std::string> from_env, tfplugin::Diagnostics& diags)
      : block_(block), config_(config), from_env_(std::move(from_env)), diags_(diags) {}

  std::string Str(const char* name) const {
    return framework::GetString(config_, name).value_or("");
  }
  bool Set(const char* name) const { return !Str(name).empty(); }

  // " (from OS_X)" when the value came from the environment.
  std::string Source(const char* name) const {
    auto it = from_env_.find(name);
    return it == from_env_.end() ? "" : " (from the environment variable " + it->second + ")";
  }

  void Error(const char* attr, std::string summary, std::string detail) {
    diags_.AddAttributeError(P(attr), std::move(summary), std::move(detail));
  }

  // Runs the validators of attributes whose values came from the
  // environment (configured ones were checked by ValidateProviderConfig).
  void ValidateEnvValues() {
    for (const auto& [name, var] : from_env_) {
      const framework::Attribute* a = block_.FindAttribute(name);
      if (!a) continue;
      framework::ValidatorRequest req;
      req.path = cty::Path().GetAttr(name);
      req.value = config_.GetAttr(name);
      req.parent = config_;
      req.name = name;
      req.sensitive = a->sensitive;
      req.config = config_;
      tfplugin::Diagnostics found;
      for (const auto& v : a->validators) v->Validate(req, found);
      for (auto d : found) {
        d.detail += " (value from the environment variable " + var + ")";
        diags_.Add(std::move(d));
      }
    }
  }

 private:
  const framework::Block& block_;
  const cty::Value& config_;
  std::map<std::string, std::string> from_env_;
  tfplugin::Diagnostics& diags_;
};

std::string HostOf(const std::string& url) {
  std::string_view s = url;
  auto scheme = s.find("://");
  if (scheme != std::string_view::npos) s.remove_prefix(scheme + 3);
  s = s.substr(0, s.find_first_of("/?#"));
  auto at = s.rfind('@');
  if (at != std::string_view::npos) s.remove_prefix(at + 1);
  s = s.substr(0, s.find(':'));
  return std::string(s);
}

std::string RegionFromHost(const std::string& host) {
  auto first = host.find('.');
  if (first == std::string::npos) return "";
  auto second = host.find('.', first + 1);
  if (second == std::string::npos) return "";
  std::string label = host.substr(first + 1, second - first - 1);
  bool digits = !label.empty();
  for (char c : label) digits = digits && c >= '0' && c <= '9';
  return digits ? "" : label;
}

}  // namespace

std::optional<Credentials> ResolveCredentials(const cty::Value& config_in,
                                              const framework::EnvLookup& env,
                                              tfplugin::Diagnostics& diags) {
  static const framework::Schema schema = OtcProviderSchema();
  const framework::Block& block = schema.block;
  const size_t errors_before = [&] {
    size_t n = 0;
    for (const auto& d : diags) n += d.severity == tfplugin::Severity::kError ? 1 : 0;
    return n;
  }();
  auto failed = [&] {
    size_t n = 0;
    for (const auto& d : diags) n += d.severity == tfplugin::Severity::kError ? 1 : 0;
    return n > errors_before;
  };

  cty::Value config = config_in.IsNull() ? framework::EmptyValue(block) : config_in;
  if (config.type() != block.ImpliedType()) {
    diags.AddError("Invalid Provider Configuration",
                   "The provider configuration does not have the provider schema's type. This is "
                   "a bug in the plugin client.");
    return std::nullopt;
  }
  if (!config.IsWhollyKnown()) {
    for (const auto& [name, v] : config.Attributes()) {
      if (v.IsWhollyKnown()) continue;
      diags.AddAttributeError(
          cty::Path().GetAttr(name), "Unknown Provider Configuration Value",
          "The value of " + name +
              " depends on something not known until apply, but the provider needs it now to "
              "talk to OTC. Use a value known at plan time (a variable or literal), or apply the "
              "resources it depends on first with -target.");
    }
    return std::nullopt;
  }

  // Aliases: project_name/project_id fill tenant_name/tenant_id before the
  // environment is consulted (configuration beats environment).
  for (auto [alias, name] :
       {std::pair{"project_name", "tenant_name"}, {"project_id", "tenant_id"}}) {
    cty::Value a = config.GetAttr(alias);
    if (!a.IsNull() && config.GetAttr(name).IsNull()) config = framework::WithAttr(config, name, a);
  }
  std::map<std::string, std::string> from_env;
  config = framework::ApplyEnvDefaults(block, config, env, diags, &from_env);
  if (failed()) return std::nullopt;

  Resolver r(block, config, from_env, diags);
  r.ValidateEnvValues();

  Credentials c;
  c.from_env = from_env;
  c.auth_url = r.Str("auth_url");
  c.region = r.Str("region");
  c.cloud = r.Str("cloud");
  c.project_name = r.Str("tenant_name");
  c.project_id = r.Str("tenant_id");
  c.domain_name = r.Str("domain_name");
  c.domain_id = r.Str("domain_id");
  c.user_name = r.Str("user_name");
  c.user_id = r.Str("user_id");
  c.password = r.Str("password");
  c.passcode = r.Str("passcode");
  c.token = r.Str("token");
  c.access_key = r.Str("access_key");
  c.secret_key = r.Str("secret_key");
  c.security_token = r.Str("security_token");
  c.agency_name = r.Str("agency_name");
  c.agency_domain_name = r.Str("agency_domain_name");
  c.delegated_project = r.Str("delegated_project");
  c.cacert_file = r.Str("cacert_file");
  c.cert = r.Str("cert");
  c.key = r.Str("key");
  if (auto v = framework::GetString(config, "endpoint_type")) c.endpoint_type = *v;
  if (auto v = framework::GetBool(config, "insecure")) c.insecure = *v;
  if (auto v = framework::GetBool(config, "swauth")) c.swauth = *v;
  if (auto v = framework::GetBool(config, "allow_reauth")) c.allow_reauth = *v;
  if (auto v = framework::GetInt(config, "max_retries")) c.max_retries = *v;
  if (auto v = framework::GetInt(config, "max_backoff_retries")) c.max_backoff_retries = *v;
  if (auto v = framework::GetInt(config, "backoff_retry_timeout")) c.backoff_retry_timeout = *v;
  cty::Value endpoints = config.GetAttr("endpoints");
  if (!endpoints.IsNull()) {
    for (const auto& [k, v] : endpoints.MapElements()) {
      if (!v.IsNull()) c.endpoints.emplace(k, v.AsString());
    }
  }

  if (c.auth_url.empty()) {
    r.Error("auth_url", "Missing Auth URL",
            "Set auth_url in the provider block or the OS_AUTH_URL environment variable to the "
            "IAM endpoint, e.g. https://iam.eu-de.otc.t-systems.com/v3.");
  }

  // Authentication method, in the official provider's precedence.
  if (!c.token.empty()) {
    c.method = AuthMethod::kToken;
  } else if (!c.access_key.empty() || !c.secret_key.empty()) {
    c.method = AuthMethod::kAkSk;
    if (c.secret_key.empty()) {
      r.Error("access_key", "Incomplete AK/SK Credentials",
              "access_key is set" + r.Source("access_key") +
                  " but secret_key is not. Set secret_key (or OS_SECRET_KEY) as well.");
    } else if (c.access_key.empty()) {
      r.Error("secret_key", "Incomplete AK/SK Credentials",
              "secret_key is set" + r.Source("secret_key") +
                  " but access_key is not. Set access_key (or OS_ACCESS_KEY) as well.");
    }
  } else if (!c.password.empty()) {
    c.method = AuthMethod::kPassword;
    if (c.user_name.empty() && c.user_id.empty()) {
      r.Error("password", "Password Without User",
              "password is set" + r.Source("password") +
                  " but neither user_name nor user_id is. Set user_name (OS_USERNAME) with "
                  "domain_name, or user_id (OS_USER_ID).");
    }
  } else if (!c.user_name.empty() || !c.user_id.empty()) {
    const char* which = c.user_id.empty() ? "user_name" : "user_id";
    r.Error(which, "Missing Password",
            std::string(which) + " is set" + r.Source(which) +
                " but no password. Set password (or OS_PASSWORD), or use another authentication "
                "method.\n" +
                kAuthHelp);
  } else {
    diags.AddError("No Authentication Method Configured",
                   std::string("The provider found no credentials in its configuration or the "
                               "environment.\n") +
                       kAuthHelp);
  }
  if (!c.security_token.empty() && c.method != AuthMethod::kAkSk && c.token.empty()) {
    r.Error("security_token", "Security Token Without AK/SK",
            "security_token" + r.Source("security_token") +
                " belongs to temporary AK/SK credentials: set access_key and secret_key too.");
  }
  if (!c.passcode.empty() && c.method != AuthMethod::kPassword) {
    r.Error("passcode", "Passcode Without Password",
            "passcode (MFA) is only used with password authentication.");
  }
  if (c.method == AuthMethod::kPassword && !c.user_id.empty()) {
    c.user_name.clear();  // the user ID identifies the user on its own
  } else if (c.method == AuthMethod::kPassword && !c.user_name.empty() && c.domain_name.empty() &&
             c.domain_id.empty()) {
    r.Error("domain_name", "Missing Domain",
            "user_name identifies a user only within an account: set domain_name (or "
            "OS_DOMAIN_NAME), e.g. OTC-EU-DE-00000000001000000001, or domain_id.");
  }

  if (c.agency_name.empty() != c.agency_domain_name.empty()) {
    const char* missing = c.agency_name.empty() ? "agency_name" : "agency_domain_name";
    const char* present = c.agency_name.empty() ? "agency_domain_name" : "agency_name";
    r.Error(present, "Incomplete Agency",
            std::string(present) + " needs " + missing +
                " as well (both name the agency to "
                "assume).");
  }
  if (c.project_name.empty() && c.project_id.empty() && c.delegated_project.empty()) {
    r.Error("tenant_name", "Missing Project",
            "Set tenant_name (OS_TENANT_NAME or OS_PROJECT_NAME), e.g. eu-de_edp, or tenant_id "
            "(OS_TENANT_ID or OS_PROJECT_ID), or delegated_project.");
  }
  if (c.cert.empty() != c.key.empty()) {
    r.Error(c.cert.empty() ? "key" : "cert", "Incomplete Client Certificate",
            "cert and key must be set together.");
  }
  if (!c.cloud.empty()) {
    diags.AddAttributeWarning(P("cloud"), "clouds.yaml Is Not Read",
                              "cloud" + r.Source("cloud") +
                                  " names a clouds.yaml entry, but this provider does not read "
                                  "clouds.yaml. Set the values in the provider block or the "
                                  "OS_* environment variables instead.");
  }

  if (c.region.empty()) {
    std::string project = !c.project_name.empty() ? c.project_name : c.delegated_project;
    if (!project.empty()) {
      c.region = project.substr(0, project.find('_'));
    } else {
      c.region = RegionFromHost(HostOf(c.auth_url));
    }
  }
  if (c.region.empty() && !c.auth_url.empty()) {
    r.Error("region", "Missing Region",
            "The region could not be derived from the project name or auth_url; set region (or "
            "OS_REGION_NAME), e.g. eu-de.");
  }
  if (failed()) return std::nullopt;
  return c;
}

}  // namespace provider
