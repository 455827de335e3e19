#include "otc/client.h"

#include <algorithm>
#include <cstdio>

#include "otc/iam.h"
#include "otc/signer.h"
#include "otc/waiter.h"
#include "tfplugin/log.h"
#include "url.h"

namespace otc {
namespace {

constexpr const char* kUserAgent = "terraform-provider-edp (otc client)";

std::time_t ParseIsoTime(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6) return 0;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  return timegm(&tm);
}

std::string TrimSlash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Waits `d` within the context; false when cancelled or past the deadline.
bool SleepWithin(const framework::Context& ctx, std::chrono::milliseconds d) {
  if (ctx.Remaining() < d) {
    ctx.SleepFor(ctx.Remaining());
    return false;
  }
  return ctx.SleepFor(d);
}

Error DoneError(const framework::Context& ctx, const Request& req, const std::string& path, const Error& last) {
  Error e = ctx.Cancelled() ? Error(ErrorKind::kCancelled, "cancelled (StopProvider) while waiting to retry")
                            : Error(ErrorKind::kTimeout, "the operation's deadline passed while waiting to retry");
  e.set_request(req.method, path).set_what(req.what);
  if (!last.ok()) e.set_hint("Last error: " + last.Message());
  return e;
}

}  // namespace

json Response::Json() const {
  if (body.empty()) return nullptr;
  json j = json::parse(body, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

std::vector<int> DefaultOkCodes(std::string_view method) {
  if (method == "GET") return {200};
  if (method == "POST" || method == "PUT") return {201, 202};
  if (method == "PATCH") return {200, 204};
  if (method == "DELETE") return {202, 204};
  if (method == "HEAD") return {204, 206};
  return {200};
}

ClientOptions OptionsFromCredentials(const provider::Credentials& creds) {
  ClientOptions o;
  o.retry.max_retries = static_cast<int>(std::clamp<int64_t>(creds.max_retries, 0, 20));
  o.retry.max_throttle_retries = static_cast<int>(std::clamp<int64_t>(creds.max_backoff_retries, 0, 50));
  o.retry.retry_after_cap =
      std::chrono::milliseconds(std::clamp<int64_t>(creds.backoff_retry_timeout, 1, 3600) * 1000);
  return o;
}

std::shared_ptr<Client> Client::New(const provider::Credentials& creds) {
  return New(creds, OptionsFromCredentials(creds));
}

std::shared_ptr<Client> Client::New(const provider::Credentials& creds, const ClientOptions& options) {
  return std::shared_ptr<Client>(new Client(creds, options));
}

Client::Client(const provider::Credentials& creds, const ClientOptions& options)
    : creds_(creds), policy_(options.retry) {
  TransportOptions t;
  t.ca_file = creds.cacert_file;
  t.insecure = creds.insecure;
  t.client_cert = creds.cert;
  t.client_key = creds.key;
  t.connect_timeout = options.connect_timeout;
  t.request_timeout = options.request_timeout;
  transport_ = std::make_unique<Transport>(std::move(t));
}

Client::~Client() = default;

int Client::auth_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return auth_count_;
}

std::vector<CatalogEndpoint> Client::Catalog() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_.catalog;
}

std::string Client::IdentityUrl() const {
  auto it = creds_.endpoints.find("identity");
  std::string url = TrimSlash(it != creds_.endpoints.end() ? it->second : creds_.auth_url);
  if (url.size() < 3 || url.substr(url.size() - 3) != "/v3") url += "/v3";
  return url;
}

Status Client::Authenticate(const framework::Context& ctx) { return AuthenticateLocked(ctx, false, ""); }

Status Client::AuthenticateLocked(const framework::Context& ctx, bool force, const std::string& stale_token) {
  std::lock_guard<std::mutex> auth_lock(auth_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_.done) {
      if (force && state_.token != stale_token) return Status();  // another thread already re-authenticated
      bool fresh = state_.expires_at == 0 || std::time(nullptr) + 300 < state_.expires_at ||
                   creds_.method != provider::AuthMethod::kPassword;
      if (!force && fresh) return Status();
    }
  }
  AuthState st;
  Status s;
  switch (creds_.method) {
    case provider::AuthMethod::kPassword: s = AuthPassword(ctx, &st); break;
    case provider::AuthMethod::kToken: s = AuthToken(ctx, &st); break;
    case provider::AuthMethod::kAkSk: s = AuthAkSk(ctx, &st); break;
  }
  if (!s.ok()) return s;
  if (creds_.UsesAgency()) {
    return Error(ErrorKind::kConfig,
                 "agency_name/agency_domain_name are configured, but assuming an agency is not supported by "
                 "this client yet")
        .set_hint("Remove agency_name/agency_domain_name and authenticate as a user of the target domain.");
  }
  st.done = true;
  std::lock_guard<std::mutex> lock(mu_);
  state_ = std::move(st);
  ++auth_count_;
  return Status();
}

Status Client::ParseTokenBody(const json& body, AuthState* st) {
  if (!body.is_object() || !body.contains("token") || !body["token"].is_object()) {
    return Error(ErrorKind::kDecode, "the token response has no \"token\" object");
  }
  const json& t = body["token"];
  st->expires_at = ParseIsoTime(Str(t, "expires_at"));
  if (auto p = t.find("project"); p != t.end() && p->is_object()) {
    st->project_id = Str(*p, "id");
    if (auto d = p->find("domain"); d != p->end() && d->is_object()) st->domain_id = Str(*d, "id");
  }
  if (auto u = t.find("user"); u != t.end() && u->is_object()) {
    st->user_id = Str(*u, "id");
    if (auto d = u->find("domain"); d != u->end() && d->is_object() && st->domain_id.empty()) {
      st->domain_id = Str(*d, "id");
    }
  }
  if (auto d = t.find("domain"); d != t.end() && d->is_object() && st->domain_id.empty()) {
    st->domain_id = Str(*d, "id");
  }
  if (auto c = t.find("catalog"); c != t.end() && c->is_array()) st->catalog = iam::ParseCatalog(*c);
  return Status();
}

Status Client::AuthPassword(const framework::Context& ctx, AuthState* st) {
  json user = json::object();
  if (!creds_.user_id.empty()) {
    user["id"] = creds_.user_id;
  } else {
    user["name"] = creds_.user_name;
    if (!creds_.domain_id.empty()) {
      user["domain"] = {{"id", creds_.domain_id}};
    } else {
      user["domain"] = {{"name", creds_.domain_name}};
    }
  }
  json totp_user = user;
  user["password"] = creds_.password;
  json identity = {{"methods", json::array({"password"})}, {"password", {{"user", user}}}};
  if (!creds_.passcode.empty()) {
    identity["methods"].push_back("totp");
    totp_user["passcode"] = creds_.passcode;
    identity["totp"] = {{"user", totp_user}};
  }
  json scope;
  json domain_ref = creds_.domain_id.empty() ? json{{"name", creds_.domain_name}} : json{{"id", creds_.domain_id}};
  if (!creds_.project_id.empty()) {
    scope = {{"project", {{"id", creds_.project_id}}}};
  } else if (!creds_.project_name.empty()) {
    scope = {{"project", {{"name", creds_.project_name}, {"domain", domain_ref}}}};
  } else {
    scope = {{"domain", domain_ref}};
  }
  Request req;
  req.method = "POST";
  req.path = IdentityUrl() + "/auth/tokens";
  req.body = json{{"auth", {{"identity", identity}, {"scope", scope}}}};
  req.ok_codes = {201};
  req.idempotent = true;  // issuing a token twice is harmless
  std::string who = creds_.user_id.empty() ? "user \"" + creds_.user_name + "\"" : "user id " + creds_.user_id;
  req.what = "authenticating " + who + " with a password at " + IdentityUrl();
  AuthState none;
  auto r = Execute(ctx, req, &none);
  if (!r.ok()) {
    Error e = r.error();
    if (e.kind() == ErrorKind::kHttp && (e.http_status() == 401 || e.http_status() == 403 || e.http_status() == 404)) {
      e.set_hint("Check user_name/user_id, password, domain_name and tenant_name/project_name "
                 "(or OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME, OS_PROJECT_NAME).");
    }
    return e;
  }
  st->token = std::string(r->Header("x-subject-token"));
  if (st->token.empty()) {
    return Error(ErrorKind::kDecode, "the response has no X-Subject-Token header").set_what(req.what);
  }
  Status s = ParseTokenBody(r->Json(), st);
  if (!s.ok()) return s.set_what(req.what);
  if ((!creds_.project_id.empty() || !creds_.project_name.empty()) && st->project_id.empty()) {
    return Error(ErrorKind::kAuth, "the token is not scoped to a project").set_what(req.what);
  }
  return Status();
}

Status Client::AuthToken(const framework::Context& ctx, AuthState* st) {
  Request req;
  req.method = "GET";
  req.path = IdentityUrl() + "/auth/tokens";
  req.headers = {{"X-Auth-Token", creds_.token}, {"X-Subject-Token", creds_.token}};
  req.ok_codes = {200, 203};
  req.what = "validating the configured token at " + IdentityUrl();
  AuthState none;
  auto r = Execute(ctx, req, &none);
  if (!r.ok()) {
    Error e = r.error();
    if (e.kind() == ErrorKind::kHttp && (e.http_status() == 401 || e.http_status() == 404)) {
      e.set_hint("The token is invalid, expired or revoked; provide a new one (token or OS_AUTH_TOKEN).");
    }
    return e;
  }
  st->token = creds_.token;
  Status s = ParseTokenBody(r->Json(), st);
  if (!s.ok()) return s.set_what(req.what);
  return Status();
}

Status Client::AuthAkSk(const framework::Context& ctx, AuthState* st) {
  st->project_id = creds_.project_id;
  AuthState signing;  // AK/SK only, no project header yet
  if (st->project_id.empty() && !creds_.project_name.empty()) {
    Request req;
    req.method = "GET";
    req.path = IdentityUrl() + "/projects";
    req.query = {{"name", creds_.project_name}};
    req.what = "looking up project \"" + creds_.project_name + "\" for access key " + creds_.access_key;
    auto r = Execute(ctx, req, &signing);
    if (!r.ok()) {
      Error e = r.error();
      if (e.kind() == ErrorKind::kHttp && (e.http_status() == 401 || e.http_status() == 403)) {
        e.set_hint("Check access_key/secret_key (OS_ACCESS_KEY/OS_SECRET_KEY) and security_token for temporary keys.");
      }
      return e;
    }
    json body = r->Json();
    if (body.contains("projects") && body["projects"].is_array()) {
      for (const auto& p : body["projects"]) {
        if (Str(p, "name") == creds_.project_name) {
          st->project_id = Str(p, "id");
          st->domain_id = Str(p, "domain_id");
          break;
        }
      }
    }
    if (st->project_id.empty()) {
      return Error(ErrorKind::kAuth, "no project named \"" + creds_.project_name + "\" is visible to this access key")
          .set_what(req.what)
          .set_hint("Check tenant_name/project_name (OS_PROJECT_NAME) or set tenant_id/project_id.");
    }
  }
  signing.project_id = st->project_id;
  std::string next = IdentityUrl() + "/auth/catalog";
  for (int page = 0; !next.empty() && page < 100; ++page) {
    Request req;
    req.method = "GET";
    req.path = next;
    req.what = "reading the IAM catalog with access key " + creds_.access_key;
    auto r = Execute(ctx, req, &signing);
    if (!r.ok()) return r.error();
    json body = r->Json();
    if (!body.contains("catalog") || !body["catalog"].is_array()) {
      return Error(ErrorKind::kDecode, "the catalog response has no \"catalog\" array").set_what(req.what);
    }
    auto part = iam::ParseCatalog(body["catalog"]);
    st->catalog.insert(st->catalog.end(), part.begin(), part.end());
    next.clear();
    if (body.contains("links") && body["links"].is_object()) {
      std::string n = Str(body["links"], "next");
      internal::UrlParts a, b;
      if (!n.empty() && internal::ParseUrl(n, &a) && internal::ParseUrl(req.path, &b) && a.Origin() == b.Origin() &&
          n != req.path) {
        next = n;
      }
    }
  }
  return Status();
}

Result<AccessKeys> Client::ObjectStorageKeys(const framework::Context& ctx, const std::string& stale_access_key) {
  if (!creds_.access_key.empty() && !creds_.secret_key.empty()) {
    AccessKeys k;
    k.access_key = creds_.access_key;
    k.secret_key = creds_.secret_key;
    k.security_token = creds_.security_token;
    return k;
  }
  std::lock_guard<std::mutex> lock(keys_mu_);
  const std::time_t now = std::time(nullptr);
  if (!keys_.access_key.empty()) {
    bool replaced = !stale_access_key.empty() && stale_access_key != keys_.access_key;
    if (replaced || (stale_access_key.empty() && now + 300 < keys_.expires_at)) return keys_;
  }
  Status s = Authenticate(ctx);
  if (!s.ok()) return s;
  std::string token;
  {
    std::lock_guard<std::mutex> state_lock(mu_);
    token = state_.token;
  }
  std::string url = IdentityUrl();
  url = url.substr(0, url.size() - 3) + "/v3.0/OS-CREDENTIAL/securitytokens";
  Request req;
  req.method = "POST";
  req.path = url;
  req.body = json{{"auth", {{"identity", {{"methods", json::array({"token"})},
                                           {"token", {{"id", token}, {"duration_seconds", 900}}}}}}}};
  req.ok_codes = {201};
  req.idempotent = true;  // issuing another temporary key is harmless
  req.what = "obtaining temporary AK/SK for OBS from IAM (no access_key/secret_key configured)";
  auto r = Do(ctx, req);
  if (!r.ok()) {
    Error e = r.error();
    if (e.kind() == ErrorKind::kHttp && (e.http_status() == 401 || e.http_status() == 403)) {
      e.set_hint("The user may not be allowed to create temporary credentials; configure access_key/secret_key "
                 "(OS_ACCESS_KEY/OS_SECRET_KEY) for OBS resources.");
    }
    return e;
  }
  json body = r->Json();
  const json* c = body.is_object() && body.contains("credential") && body["credential"].is_object()
                      ? &body["credential"]
                      : nullptr;
  AccessKeys k;
  if (c != nullptr) {
    k.access_key = Str(*c, "access");
    k.secret_key = Str(*c, "secret");
    k.security_token = Str(*c, "securitytoken");
    k.expires_at = ParseIsoTime(Str(*c, "expires_at"));
  }
  if (k.access_key.empty() || k.secret_key.empty() || k.security_token.empty()) {
    return Error(ErrorKind::kDecode, "the answer has no credential.access/secret/securitytoken")
        .set_request(req.method, "/v3.0/OS-CREDENTIAL/securitytokens")
        .set_what(req.what);
  }
  if (k.expires_at == 0) k.expires_at = now + 900;
  k.temporary = true;
  keys_ = k;
  ++keys_issued_;
  tfplugin::log::Info("OTC API: obtained temporary AK/SK for OBS",
                      {{"access_key", k.access_key}, {"expires_at", Str(*c, "expires_at")}});
  return k;
}

int Client::temporary_keys_issued() const {
  std::lock_guard<std::mutex> lock(keys_mu_);
  return keys_issued_;
}

Result<std::string> Client::ProjectId(const framework::Context& ctx) {
  Status s = Authenticate(ctx);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  if (state_.project_id.empty()) {
    return Error(ErrorKind::kAuth, "the credentials are not scoped to a project")
        .set_hint("Set tenant_name/project_name or tenant_id/project_id in the provider block "
                  "(or OS_PROJECT_NAME / OS_PROJECT_ID).");
  }
  return state_.project_id;
}

Result<std::string> Client::Endpoint(const framework::Context& ctx, std::string_view service_type) {
  if (auto it = creds_.endpoints.find(std::string(service_type)); it != creds_.endpoints.end()) {
    return TrimSlash(it->second);
  }
  Status s = Authenticate(ctx);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  const CatalogEndpoint* wildcard = nullptr;
  for (const auto& e : state_.catalog) {
    if (e.type != service_type || e.interface != creds_.endpoint_type) continue;
    if (e.region == creds_.region) return TrimSlash(e.url);
    if ((e.region.empty() || e.region == "*") && wildcard == nullptr) wildcard = &e;
  }
  if (wildcard != nullptr) return TrimSlash(wildcard->url);
  return Error(ErrorKind::kConfig, "the IAM catalog has no " + creds_.endpoint_type + " endpoint of type \"" +
                                       std::string(service_type) + "\" for region \"" + creds_.region + "\"")
      .set_hint("Check the region, or set endpoints = { \"" + std::string(service_type) +
                "\" = \"https://...\" } in the provider block.");
}

Result<std::string> Client::BuildUrl(const framework::Context& ctx, const Request& req) {
  std::string url;
  if (req.service.empty()) {
    url = req.path;
  } else {
    auto ep = Endpoint(ctx, req.service);
    if (!ep.ok()) return Error(ep.error()).set_what(req.what);
    url = ep.value() + req.path;
  }
  internal::UrlParts u;
  if (!internal::ParseUrl(url, &u)) {
    return Error(ErrorKind::kConfig, "not an http(s) URL: \"" + url + "\"").set_what(req.what)
        .set_hint("Check auth_url and endpoints in the provider block.");
  }
  if (!req.sign && (u.path.find("//") != std::string::npos ||
                    (!u.path.empty() && u.path.back() == '/' && u.path.size() > 1 && !req.service.empty()))) {
    // An empty id would make ".../nodes/" or "...//x": the gateway answers
    // APIGW.0101, which hides the real problem.
    return Error(ErrorKind::kConfig, "the request path has an empty segment (an id is empty)")
        .set_request(req.method, u.path)
        .set_what(req.what)
        .set_hint("This is a bug in the provider; please report it.");
  }
  char sep = u.query.empty() ? '?' : '&';
  for (const auto& [k, v] : req.query) {
    url += sep + UriEncode(k, false) + "=" + UriEncode(v, false);
    sep = '&';
  }
  return url;
}

Result<Response> Client::Do(const framework::Context& ctx, const Request& req) { return Execute(ctx, req, nullptr); }

Result<Response> Client::Execute(const framework::Context& ctx, const Request& req, const AuthState* fixed) {
  if (fixed == nullptr && !req.sign) {
    Status s = Authenticate(ctx);
    if (!s.ok()) return s;
  }
  auto url_r = BuildUrl(ctx, req);
  if (!url_r.ok()) return url_r.error();
  const std::string& url = url_r.value();
  internal::UrlParts parts;
  internal::ParseUrl(url, &parts);
  const std::string path = parts.path;
  const bool idempotent = req.idempotent.value_or(req.method != "POST");
  const std::vector<int> ok_codes = req.ok_codes.empty() ? DefaultOkCodes(req.method) : req.ok_codes;
  std::string body = req.raw_body ? *req.raw_body : req.body ? req.body->dump() : "";

  int retries = 0;
  int throttles = 0;
  bool reauthed = false;
  Error last;
  auto note_retries = [&](Error e) {
    e.set_what(req.what);
    if (retries + throttles > 0) {
      e.set_hint(e.hint() + (e.hint().empty() ? "" : " ") + "(gave up after " + std::to_string(retries + throttles) +
                 " retries)");
    }
    return e;
  };
  for (;;) {
    AuthState auth;
    if (fixed != nullptr) {
      auth = *fixed;
    } else {
      std::lock_guard<std::mutex> lock(mu_);
      auth = state_;
    }
    HttpRequest hr;
    hr.method = req.method;
    hr.url = url;
    hr.body = body;
    hr.body_file = req.body_file;
    if (!req.sign) {
      hr.headers.emplace_back("Accept", "application/json");
      if (req.body && !req.raw_body) hr.headers.emplace_back("Content-Type", "application/json");
    }
    hr.headers.emplace_back("User-Agent", kUserAgent);
    for (const auto& h : req.headers) SetHeader(hr.headers, h.first, h.second);
    if (req.sign) {
      Status s = req.sign(ctx, hr);
      if (!s.ok()) {
        if (s.what().empty()) s.set_what(req.what);
        return s;
      }
    } else if (creds_.method == provider::AuthMethod::kAkSk) {
      SdkHmacSign(hr, creds_.access_key, creds_.secret_key, std::time(nullptr));
      // Added after signing, as the Go SDK does: not signed.
      if (!auth.project_id.empty()) hr.headers.emplace_back("X-Project-Id", auth.project_id);
      if (!creds_.security_token.empty()) hr.headers.emplace_back("X-Security-Token", creds_.security_token);
    } else if (!auth.token.empty() && HeaderValue(hr.headers, "X-Auth-Token").empty()) {
      hr.headers.emplace_back("X-Auth-Token", auth.token);
    }

    HttpResponse resp;
    TransportFailure failure;
    if (!transport_->Do(ctx, hr, &resp, &failure)) {
      Error e = failure.error;
      e.set_request(req.method, path);
      if (e.kind() == ErrorKind::kCancelled || e.kind() == ErrorKind::kTimeout || e.kind() == ErrorKind::kConfig) {
        return note_retries(e);
      }
      if (retries >= policy_.max_retries) return note_retries(e);
      if (failure.maybe_applied && !idempotent) {
        if (!req.find_existing) {
          e.set_hint("The request may have reached the service, so it was not repeated (that could create a "
                     "duplicate). Check whether the object exists and import it, or run apply again.");
          return note_retries(e);
        }
        auto found = req.find_existing(ctx);
        if (!found.ok()) return found.error();
        if (found.value()) {
          tfplugin::log::Info("OTC API: the earlier attempt had been applied; using the existing object",
                              {{"method", req.method}, {"path", path}});
          return *found.value();
        }
      }
      last = e;
      auto delay = BackoffDelay(policy_, retries, JitterUnit());
      ++retries;
      tfplugin::log::Warn("OTC API request failed, retrying",
                          {{"method", req.method}, {"path", path}, {"error", e.message()},
                           {"delay_ms", std::to_string(delay.count())}});
      if (!SleepWithin(ctx, delay)) return DoneError(ctx, req, path, last);
      continue;
    }

    if (std::find(ok_codes.begin(), ok_codes.end(), resp.status) != ok_codes.end()) {
      return Response{resp.status, std::move(resp.headers), std::move(resp.body)};
    }
    Error e = Error::Http(resp.status, req.method, path, resp.body);
    if (e.request_id().empty()) {
      std::string_view rid = resp.Header("x-request-id");
      if (rid.empty()) rid = resp.Header("x-obs-request-id");
      if (!rid.empty()) e.set_request_id(std::string(rid));
    }
    if (resp.status == 401 && fixed == nullptr && !req.sign && !reauthed && creds_.method == provider::AuthMethod::kPassword &&
        creds_.allow_reauth) {
      reauthed = true;
      tfplugin::log::Info("OTC API: token rejected (401), re-authenticating", {{"path", path}});
      Status s = AuthenticateLocked(ctx, true, auth.token);
      if (!s.ok()) return s;
      continue;
    }
    if (resp.status == 429 && throttles < policy_.max_throttle_retries) {
      auto delay = BackoffDelay(policy_, throttles, JitterUnit());
      if (auto ra = ParseRetryAfter(resp.Header("retry-after"), std::time(nullptr))) {
        delay = std::min(*ra, policy_.retry_after_cap);
      }
      ++throttles;
      last = e;
      tfplugin::log::Warn("OTC API throttled (429), retrying",
                          {{"method", req.method}, {"path", path}, {"delay_ms", std::to_string(delay.count())}});
      if (!SleepWithin(ctx, delay)) return DoneError(ctx, req, path, last);
      continue;
    }
    if (resp.status >= 500 && resp.status <= 599 && retries < policy_.max_retries) {
      // 503 means the request was not taken; 500/502/504 may have been
      // applied behind the gateway.
      if (!idempotent && resp.status != 503) {
        if (!req.find_existing) {
          e.set_hint("The service may have applied the request, so it was not repeated (that could create a "
                     "duplicate). Check whether the object exists and import it, or run apply again.");
          return note_retries(e);
        }
        auto found = req.find_existing(ctx);
        if (!found.ok()) return found.error();
        if (found.value()) return *found.value();
      }
      auto delay = BackoffDelay(policy_, retries, JitterUnit());
      ++retries;
      last = e;
      tfplugin::log::Warn("OTC API server error, retrying",
                          {{"method", req.method}, {"path", path}, {"status", std::to_string(resp.status)},
                           {"delay_ms", std::to_string(delay.count())}});
      if (!SleepWithin(ctx, delay)) return DoneError(ctx, req, path, last);
      continue;
    }
    return note_retries(e);
  }
}

}  // namespace otc
