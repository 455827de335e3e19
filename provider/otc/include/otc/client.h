// otc::Client: an authenticated session against one OTC region, shared by
// every resource of a provider instance.
//
//   auto client = otc::Client::New(creds);   // no network yet
//   otc::Request req;
//   req.method = "POST";
//   req.service = "network";                 // catalog type
//   req.path = "/v1/" + pid + "/vpcs";       // pid from client->ProjectId(ctx)
//   req.body = json{{"vpc", {{"name", "a"}, {"cidr", "10.0.0.0/16"}}}};
//   req.ok_codes = {200};
//   req.find_existing = ...;                 // see below
//   otc::Result<otc::Response> resp = client->Do(ctx, req);
//
// Typed wrappers live in one file per service (iam.h, vpc.h).
//
// Authentication (lazily, on the first request, api.md 1.2-1.4):
//   * password: POST {auth_url}/auth/tokens scoped to the project (id, or
//     name + domain) or, without a project, to the domain; the token, the
//     project id and the catalog come from the answer.
//   * token: GET {auth_url}/auth/tokens validates it and yields the catalog.
//   * AK/SK: no token; every request is SDK-HMAC-SHA256 signed with
//     X-Project-Id (and X-Security-Token for temporary keys); the project id
//     comes from GET /v3/projects?name= when only the name is known, the
//     catalog from GET /v3/auth/catalog.
// A 401 on a token request re-authenticates once (password only, when
// allow_reauth) and replays the request.
//
// Endpoints: Credentials::endpoints overrides (by catalog type) win; else
// the first catalog entry of that type whose interface is endpoint_type and
// whose region is the configured one (or "*"/empty).
//
// Retries (RetryPolicy from max_retries / max_backoff_retries /
// backoff_retry_timeout): 429 honours Retry-After (capped), 5xx and
// connection failures use capped exponential backoff with full jitter; all
// waits end early on StopProvider or the deadline. A request with
// idempotent == false (POST by default) is replayed after an ambiguous
// failure (reset or timeout after sending, 500/502/504) only when
// find_existing says the resource does not exist yet; without find_existing
// it is not replayed and the error says so. 429 and 503 are safe to replay.
//
// Thread safety: all methods are safe to call concurrently.
#ifndef EDP_PROVIDER_OTC_CLIENT_H_
#define EDP_PROVIDER_OTC_CLIENT_H_

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/context.h"
#include "otc/error.h"
#include "otc/retry.h"
#include "otc/transport.h"
#include "provider/otc_config.h"

namespace otc {

using json = nlohmann::json;

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
  // The body parsed as JSON (null for an empty or non-JSON body).
  json Json() const;
  std::string_view Header(std::string_view name) const { return HeaderValue(headers, name); }
};

// Looks up whether an earlier, possibly applied attempt of a create already
// made the resource. Returns the response to use in place of the create's
// (found) or nullopt (not there: replaying is safe).
using FindExisting = std::function<Result<std::optional<Response>>(const framework::Context&)>;

struct Request {
  std::string method = "GET";
  // Catalog type ("network", "identity", "rdsv3", ...) whose endpoint the
  // path is appended to; empty when `path` is an absolute URL.
  std::string service;
  std::string path;  // "/v1/<pid>/vpcs" (already encoded)
  std::vector<std::pair<std::string, std::string>> query;  // encoded here
  std::optional<json> body;
  Headers headers;
  // Accepted statuses; empty = the SDK defaults of api.md 0.4.
  std::vector<int> ok_codes;
  // Defaults to true for GET/HEAD/PUT/DELETE/PATCH, false for POST.
  std::optional<bool> idempotent;
  FindExisting find_existing;
  // For messages: "creating VPC \"net\"".
  std::string what;

  // Non-JSON requests (OBS, obs.h). When `sign` is set it authenticates
  // each attempt in place of the session's token / SDK-HMAC signature (it is
  // called again for every retry, so the signature's date is fresh), no
  // Accept/Content-Type defaults are added, no 401 re-authentication is
  // tried and `path` may contain any (already encoded) object key.
  // `raw_body` is sent as is (and wins over `body`).
  std::optional<std::string> raw_body;
  std::string body_file;  // streamed from disk instead of raw_body (see HttpRequest)
  std::function<Status(const framework::Context&, HttpRequest&)> sign;
};

// Temporary AK/SK + security token (api.md 1.6). `expires_at` is 0 for the
// configured (permanent) keys.
struct AccessKeys {
  std::string access_key, secret_key, security_token;  // secret_key, token: secrets
  std::time_t expires_at = 0;
  bool temporary = false;
};

// Knobs that are not part of the provider block (tests, future settings).
struct ClientOptions {
  RetryPolicy retry;
  std::chrono::milliseconds connect_timeout{10000};
  // Per HTTP exchange; also capped by the Context deadline.
  std::chrono::milliseconds request_timeout{120000};
};

// The options the provider block implies: max_retries, max_backoff_retries
// and backoff_retry_timeout (the cap on Retry-After waits).
ClientOptions OptionsFromCredentials(const provider::Credentials& creds);

struct CatalogEndpoint {
  std::string type, interface, region, url;
};

class Client {
 public:
  // Validates nothing over the network. The transport options come from
  // the credentials (cacert_file, insecure, cert/key).
  static std::shared_ptr<Client> New(const provider::Credentials& creds);
  static std::shared_ptr<Client> New(const provider::Credentials& creds, const ClientOptions& options);

  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Authenticates if not done yet (or the token is near expiry).
  Status Authenticate(const framework::Context& ctx);

  // The scoped project's id (authenticating first); "" with an error.
  Result<std::string> ProjectId(const framework::Context& ctx);
  // The base URL (no trailing '/') for a catalog type.
  Result<std::string> Endpoint(const framework::Context& ctx, std::string_view service_type);
  std::vector<CatalogEndpoint> Catalog() const;

  // Sends `req` with authentication and retries (see file comment).
  Result<Response> Do(const framework::Context& ctx, const Request& req);

  // AK/SK for services that need them (OBS): the configured access_key /
  // secret_key (+ security_token) when set; otherwise temporary ones issued
  // by IAM (POST /v3.0/OS-CREDENTIAL/securitytokens with the session's
  // token), cached and renewed 5 minutes before they expire. A non-empty
  // `stale_access_key` forces a renewal unless another thread already
  // replaced that key (the service rejected it as expired).
  Result<AccessKeys> ObjectStorageKeys(const framework::Context& ctx, const std::string& stale_access_key = "");
  // Number of temporary credentials issued so far (tests observe renewal).
  int temporary_keys_issued() const;

  const provider::Credentials& credentials() const { return creds_; }
  const RetryPolicy& retry_policy() const { return policy_; }
  // Number of successful authentications so far (tests observe re-auth).
  int auth_count() const;
  // auth_url (or the "identity" endpoint override) ending in "/v3".
  std::string IdentityUrl() const;

 private:
  Client(const provider::Credentials& creds, const ClientOptions& options);

  struct AuthState {
    std::string token;  // secret
    std::time_t expires_at = 0;
    std::string project_id, domain_id, user_id;
    std::vector<CatalogEndpoint> catalog;
    bool done = false;
  };

  Status AuthenticateLocked(const framework::Context& ctx, bool force, const std::string& stale_token);
  Status AuthPassword(const framework::Context& ctx, AuthState* st);
  Status AuthToken(const framework::Context& ctx, AuthState* st);
  Status AuthAkSk(const framework::Context& ctx, AuthState* st);
  Status ParseTokenBody(const json& body, AuthState* st);
  // Do() with the session's state, or with `fixed` (bootstrap requests made
  // while authenticating: no token, no re-authentication).
  Result<Response> Execute(const framework::Context& ctx, const Request& req, const AuthState* fixed);
  Result<std::string> BuildUrl(const framework::Context& ctx, const Request& req);

  provider::Credentials creds_;
  RetryPolicy policy_;
  std::unique_ptr<Transport> transport_;
  mutable std::mutex mu_;      // guards state_ and auth_count_
  std::mutex auth_mu_;         // serialises authentication
  AuthState state_;
  int auth_count_ = 0;
  mutable std::mutex keys_mu_;  // guards keys_ and keys_issued_; held while issuing
  AccessKeys keys_;
  int keys_issued_ = 0;
};

// Default OK codes per method (api.md 0.4).
std::vector<int> DefaultOkCodes(std::string_view method);

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_CLIENT_H_
