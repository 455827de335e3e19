#include "otcsim/sim.h"

#include <openssl/rand.h>

#include <cstdio>
#include <ctime>
#include <exception>

#include "otcsim/signer.h"

namespace otcsim {
namespace {

// Stable 32-hex id derived from a name, so identities survive restarts.
std::string NameId(std::string_view kind, std::string_view name) {
  return HexEncode(Sha256(std::string(kind) + ":" + std::string(name))).substr(0, 32);
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// X-Sdk-Date "YYYYMMDDTHHMMSSZ" -> epoch ms, or -1.
int64_t ParseSdkDate(std::string_view d) {
  if (d.size() != 16 || d[8] != 'T' || d[15] != 'Z') return -1;
  std::tm tm{};
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (d[i] < '0' || d[i] > '9') return -1;
      v = v * 10 + (d[i] - '0');
    }
    return v;
  };
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0) {
    return -1;
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

}  // namespace

User DefaultUser(const std::string& name, const std::string& password, const std::string& domain,
                 const std::string& project, const std::string& ak, const std::string& sk) {
  User u;
  u.name = name;
  u.id = NameId("user", domain + "/" + name);
  u.password = password;
  u.domain_name = domain;
  u.domain_id = NameId("domain", domain);
  u.access_key = ak;
  u.secret_key = sk;
  u.projects.push_back(Project{project, NameId("project", project)});
  return u;
}

Clock::Clock(double scale) : scale_(scale), start_wall_ms_(WallMs()), start_(std::chrono::steady_clock::now()) {}

int64_t Clock::NowMs() const {
  auto real = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_).count();
  return start_wall_ms_ + static_cast<int64_t>(static_cast<double>(real) * scale_ / 1000.0) + offset_ms_.load();
}

std::string IsoTime(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000) * 1000);
  return buf;
}

Response ApigwError(int status, std::string_view code, std::string_view msg) {
  json j = {{"error_msg", msg}, {"error_code", code}, {"request_id", ""}};
  return Response::json(status, j.dump());
}

Response KeystoneError(int status, std::string_view msg) {
  json j = {{"error", {{"code", status}, {"title", std::string(reason_phrase(status))}, {"message", msg}}}};
  return Response::json(status, j.dump());
}

Response VpcError(int status, std::string_view code, std::string_view msg) {
  json j = {{"code", code}, {"message", msg}};
  return Response::json(status, j.dump());
}

Response NeutronError(int status, std::string_view type, std::string_view msg) {
  json j = {{"NeutronError", {{"message", msg}, {"type", type}, {"detail", ""}}}};
  return Response::json(status, j.dump());
}

Response ServiceError(std::string_view service, int status, std::string_view msg) {
  if (service == "iam") return KeystoneError(status, msg);
  if (service == "vpc") {
    return VpcError(status, status == 404 ? "VPC.0101" : "VPC.0001", msg);
  }
  if (service == "neutron") {
    const char* type = status == 404   ? "NotFound"
                       : status == 400 ? "BadRequest"
                       : status == 409 ? "Conflict"
                       : status == 503 ? "ServiceUnavailable"
                                       : "InternalServerError";
    return NeutronError(status, type, msg);
  }
  // Codes and generic messages below are from each service's API error-code
  // table (otc-sim/README.md "Error codes"); `msg` says what happened.
  if (service == "cce") {
    bool nf = status == 404;
    json j = {{"kind", "Status"},
              {"apiVersion", "v1"},
              {"metadata", json::object()},
              {"status", "Failure"},
              {"code", status},
              {"errorCode", nf ? "CCE.01404001" : "CCE.01500001"},
              {"errorMessage", nf ? "Resource not found." : "Internal error."},
              {"error_code", nf ? "CCE_CM.0003" : "CCE_CM.0001"},
              {"error_msg", nf ? "Resource not found" : "Internal error"},
              {"message", msg},
              {"reason", nf ? "NotFound" : std::string(reason_phrase(status))}};
    return Response::json(status, j.dump());
  }
  if (service == "rds") {
    const char* code = status == 404 ? "DBS.200002" : status >= 500 ? "DBS.108000" : "DBS.200001";
    return Response::json(status, json{{"error_code", code}, {"error_msg", msg}}.dump());
  }
  if (service == "elb") {
    const char* code = status == 404   ? "ELB.8904"
                       : status == 409 ? "ELB.8907"
                       : status >= 500 ? "ELB.8906"
                                       : "ELB.8902";
    return Response::json(status, json{{"request_id", ""}, {"error_msg", msg}, {"error_code", code}}.dump());
  }
  if (service == "dns") {
    const char* code = status == 404 ? "DNS.0302" : status >= 500 ? "DNS.0001" : "DNS.0002";
    return Response::json(status, json{{"code", code}, {"message", msg}}.dump());
  }
  if (service == "obs") {
    std::string code = status == 404 ? "NoSuchKey" : status == 503 ? "ServiceUnavailable" : "InternalError";
    Response r;
    r.status = status;
    r.set_header("Content-Type", "application/xml");
    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" +
             std::string(msg) + "</Message><RequestId></RequestId><HostId>otc-sim</HostId></Error>";
    return r;
  }
  return ApigwError(status, "APIGW.0101", msg);
}

namespace {

// Ids a successful create answered with: {"x":{"id":..}} or {"id":..}.
std::vector<std::string> CreatedIds(const std::string& body) {
  std::vector<std::string> ids;
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return ids;
  if (j.contains("id") && j["id"].is_string()) ids.push_back(j["id"].get<std::string>());
  for (auto& [k, v] : j.items()) {
    if (v.is_object() && v.contains("id") && v["id"].is_string()) ids.push_back(v["id"].get<std::string>());
  }
  return ids;
}

Response FaultResponse(const FaultDecision& d, std::string_view service) {
  Response r;
  switch (d.kind) {
    case FaultKind::kStatus:
      if (d.status == 429) {
        // The API gateway throttles before the service sees the request.
        r = ApigwError(429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit");
        r.set_header("Retry-After", std::to_string(d.retry_after));
      } else {
        const char* msg = d.status == 500   ? "Internal server error (injected fault)."
                          : d.status == 502 ? "Bad gateway (injected fault)."
                          : d.status == 503 ? "Service unavailable, please try again later (injected fault)."
                                            : "Gateway timeout (injected fault).";
        r = ServiceError(service, d.status, msg);
      }
      break;
    case FaultKind::kReset:
      r.status = 0;
      r.abort = true;
      break;
    default:
      break;
  }
  return r;
}

}  // namespace

std::optional<json> ParseBody(const Request& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

Simulator::Simulator(Config cfg)
    : cfg_(std::move(cfg)),
      store_(cfg_.state_file, cfg_.seed, cfg_.seeded),
      clock_(cfg_.time_scale),
      faults_(cfg_.seed) {
  if (!cfg_.faults.empty()) {
    std::string err;
    // main() validates the spec first; an invalid one here means no faults.
    if (auto rules = ParseFaultSpec(cfg_.faults, &err)) faults_.Set(std::move(*rules));
  }
  if (cfg_.seeded) {
    request_prefix_ = cfg_.seed;
  } else {
    RAND_bytes(reinterpret_cast<unsigned char*>(&request_prefix_), sizeof request_prefix_);
  }
  RegisterIam(*this);
  RegisterVpc(*this);
  RegisterNeutron(*this);
  RegisterEip(*this);
  RegisterCce(*this);
  RegisterRds(*this);
  RegisterObs(*this);
  RegisterElb(*this);
  RegisterPorts(*this);
  RegisterVpcTags(*this);
  RegisterDns(*this);
  RegisterAdmin(*this);
}

void Simulator::SweepAll() {
  int64_t now = clock_.NowMs();
  store_.With([&](Store::Data& d, bool& dirty) {
    for (const auto& s : sweepers_) s(d, now, dirty);
  });
}

Response Simulator::ProtocolError(int status) {
  std::string msg = status == 413   ? "Request entity too large"
                    : status == 431 ? "Request header fields too large"
                    : status == 501 ? "Transfer encoding not implemented"
                                    : "Bad request";
  Response r = ApigwError(status, "APIGW.0201", msg);
  r.close = true;
  return r;
}

Response Simulator::Dispatch(Request& req) {
  auto t0 = std::chrono::steady_clock::now();
  uint64_t seq = ++request_seq_;
  char rid[33];
  std::snprintf(rid, sizeof rid, "%016llx%016llx", static_cast<unsigned long long>(request_prefix_),
                static_cast<unsigned long long>(seq));
  const Handler* h = nullptr;
  Params params;
  Response resp;
  std::optional<FaultDecision> fault = faults_.Decide(req.method, req.path);
  int64_t delay_ms = 0;
  if (fault && fault->kind == FaultKind::kLatency) {
    delay_ms = fault->latency_ms;
    fault.reset();
  }
  auto result = router_.Match(req.method, req.path, &h, &params);
  if (fault) {
    resp = FaultResponse(*fault, ServiceOfPath(req.path));
  } else if (result == Router::Result::kFound && faults_.Hidden(req.method, req.path, clock_.NowMs())) {
    std::string svc = ServiceOfPath(req.path);
    resp = svc == "neutron" ? NeutronError(404, "NotFound", "The resource could not be found.")
                            : ServiceError(svc, 404, "The resource could not be found.");
  } else {
    switch (result) {
      case Router::Result::kFound:
        try {
          resp = (*h)(req, params);
        } catch (const std::exception& e) {
          // Wrong JSON types etc. must never take the simulator down.
          resp = ApigwError(400, "APIGW.0201", std::string("Invalid request: ") + e.what());
        }
        break;
      case Router::Result::kNoPath:
      case Router::Result::kNoMethod:
        resp = ApigwError(404, "APIGW.0101", "The API does not exist or has not been published in the environment");
        break;
    }
    if (req.method == "POST" && resp.status >= 200 && resp.status < 300) {
      faults_.NoteCreated(req.method, req.path, CreatedIds(resp.body), clock_.NowMs());
    }
  }
  resp.delay_ms = delay_ms;
  if (resp.body.find("\"request_id\":\"\"") != std::string::npos) {
    std::size_t p = resp.body.find("\"request_id\":\"\"");
    resp.body.insert(p + 14, rid);
  }
  resp.set_header("X-Request-Id", rid);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  {
    std::lock_guard<std::mutex> lock(log_mu_);
    log_.push_back(LogEntry{clock_.NowMs(), req.method, req.target, resp.status, micros, rid});
    if (log_.size() > 10000) log_.pop_front();
  }
  if (cfg_.log_requests) {
    std::fprintf(stderr, "otc-sim: %s %s -> %d (%lld us)\n", req.method.c_str(), req.target.c_str(), resp.status,
                 static_cast<long long>(micros));
  }
  return resp;
}

Simulator::TempCredential Simulator::FindTempCredential(std::string_view ak) {
  std::shared_lock<std::shared_mutex> lock(tokens_mu_);
  auto it = temp_creds_.find(ak);
  return it == temp_creds_.end() ? TempCredential{} : it->second;
}

Response Simulator::DispatchObs(Request& req) {
  auto t0 = std::chrono::steady_clock::now();
  uint64_t seq = ++request_seq_;
  char rid[33];
  std::snprintf(rid, sizeof rid, "%016llX%016llX", static_cast<unsigned long long>(request_prefix_),
                static_cast<unsigned long long>(seq));
  Response resp;
  if (obs_handler_) {
    try {
      resp = obs_handler_(req, rid);
    } catch (const std::exception& e) {
      resp = ServiceError("obs", 500, std::string("Internal error: ") + e.what());
    }
  } else {
    resp = ServiceError("obs", 501, "OBS is not available in this simulator.");
  }
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  {
    std::lock_guard<std::mutex> lock(log_mu_);
    log_.push_back(LogEntry{clock_.NowMs(), req.method, "obs:" + req.target, resp.status, micros, rid});
    if (log_.size() > 10000) log_.pop_front();
  }
  if (cfg_.log_requests) {
    std::fprintf(stderr, "otc-sim: OBS %s %s -> %d (%lld us)\n", req.method.c_str(), req.target.c_str(), resp.status,
                 static_cast<long long>(micros));
  }
  return resp;
}

json Simulator::RequestLog(std::size_t limit) {
  std::lock_guard<std::mutex> lock(log_mu_);
  json arr = json::array();
  std::size_t start = log_.size() > limit ? log_.size() - limit : 0;
  for (std::size_t i = start; i < log_.size(); ++i) {
    const auto& e = log_[i];
    arr.push_back({{"time", IsoTime(e.time_ms)},
                   {"method", e.method},
                   {"target", e.target},
                   {"status", e.status},
                   {"micros", e.micros},
                   {"request_id", e.request_id}});
  }
  return arr;
}

void Simulator::Reset() {
  store_.Reset();
  std::lock_guard<std::mutex> lock(log_mu_);
  log_.clear();
}

std::string Simulator::IssueToken(const Identity& who, const std::vector<std::string>& methods, int64_t* issued,
                                  int64_t* expires) {
  unsigned char raw[48];
  RAND_bytes(raw, sizeof raw);
  std::string token = "MIIsim" + HexEncode(std::string_view(reinterpret_cast<char*>(raw), sizeof raw));
  *issued = clock_.NowMs();
  *expires = *issued + 24LL * 3600 * 1000;
  std::unique_lock<std::shared_mutex> lock(tokens_mu_);
  tokens_[token] = TokenInfo{who, *issued, *expires, methods};
  return token;
}

bool Simulator::LookupToken(std::string_view token, Identity* who, int64_t* issued, int64_t* expires,
                            std::vector<std::string>* methods) {
  std::shared_lock<std::shared_mutex> lock(tokens_mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end() || it->second.expires <= clock_.NowMs()) return false;
  *who = it->second.who;
  if (issued != nullptr) *issued = it->second.issued;
  if (expires != nullptr) *expires = it->second.expires;
  if (methods != nullptr) *methods = it->second.methods;
  return true;
}

void Simulator::RevokeToken(std::string_view token) {
  std::unique_lock<std::shared_mutex> lock(tokens_mu_);
  auto it = tokens_.find(token);
  if (it != tokens_.end()) tokens_.erase(it);
}

Simulator::TempCredential Simulator::IssueTempCredential(const User* user, int64_t seconds) {
  static const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz";
  auto random = [](std::size_t n, std::size_t alphabet) {
    std::string raw(n, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(n));
    std::string out;
    for (char c : raw) out += kAlnum[static_cast<unsigned char>(c) % alphabet];
    return out;
  };
  TempCredential c;
  c.user = user;
  c.access = random(20, 36);
  c.secret = random(40, 62);
  c.security_token = "gQpzaW0tdGVtcG9yYXJ5" + random(200, 62);
  c.expires = clock_.NowMs() + seconds * 1000;
  std::unique_lock<std::shared_mutex> lock(tokens_mu_);
  std::erase_if(temp_creds_, [&](const auto& kv) { return kv.second.expires <= clock_.NowMs(); });
  temp_creds_[c.access] = c;
  return c;
}

const User* Simulator::FindUserByName(std::string_view name, std::string_view domain_name,
                                      std::string_view domain_id) const {
  for (const auto& u : cfg_.users) {
    if (u.name != name) continue;
    if (!domain_name.empty() && u.domain_name != domain_name) continue;
    if (!domain_id.empty() && u.domain_id != domain_id) continue;
    return &u;
  }
  return nullptr;
}

const User* Simulator::FindUserById(std::string_view id) const {
  for (const auto& u : cfg_.users) {
    if (u.id == id) return &u;
  }
  return nullptr;
}

const User* Simulator::FindUserByAccessKey(std::string_view ak) const {
  for (const auto& u : cfg_.users) {
    if (!u.access_key.empty() && u.access_key == ak) return &u;
  }
  return nullptr;
}

std::optional<Response> Simulator::Authenticate(const Request& req, std::string_view project_id, Identity* who) {
  std::string_view token = req.header("x-auth-token");
  std::string_view authz = req.header("authorization");
  if (!token.empty()) {
    if (!LookupToken(token, who, nullptr, nullptr, nullptr)) {
      return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: Authentication failed");
    }
  } else if (authz.substr(0, 16) == "SDK-HMAC-SHA256 ") {
    SdkAuthorization a;
    if (!ParseSdkAuthorization(authz, &a)) {
      return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: Authorization header is malformed");
    }
    const User* u = FindUserByAccessKey(a.access_key);
    std::string secret = u != nullptr ? u->secret_key : std::string();
    if (u == nullptr) {
      // Temporary credentials (api.md 1.6) need their X-Security-Token.
      TempCredential tc;
      {
        std::shared_lock<std::shared_mutex> lock(tokens_mu_);
        auto it = temp_creds_.find(a.access_key);
        if (it != temp_creds_.end()) tc = it->second;
      }
      if (tc.user == nullptr) {
        return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: ak " + a.access_key + " not exist");
      }
      if (tc.expires <= clock_.NowMs()) {
        return ApigwError(401, "APIGW.0301",
                          "Incorrect IAM authentication information: the temporary ak " + a.access_key +
                              " has expired; obtain new credentials from /v3.0/OS-CREDENTIAL/securitytokens");
      }
      std::string_view st = req.header("x-security-token");
      if (st.empty()) {
        return ApigwError(401, "APIGW.0301",
                          "Incorrect IAM authentication information: temporary ak " + a.access_key +
                              " needs the X-Security-Token header");
      }
      if (st != tc.security_token) {
        return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: security token is invalid");
      }
      u = tc.user;
      secret = tc.secret;
    }
    std::string date(req.header("x-sdk-date"));
    int64_t when = ParseSdkDate(date);
    if (when < 0) {
      return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: x-sdk-date is invalid");
    }
    int64_t skew = when - WallMs();
    if (skew > 15 * 60 * 1000 || skew < -15 * 60 * 1000) {
      return ApigwError(401, "APIGW.0301",
                        "Incorrect IAM authentication information: request time expired (x-sdk-date out of range)");
    }
    if (a.scoped && a.scope.substr(0, 8) != date.substr(0, 8)) {
      return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: credential scope date mismatch");
    }
    std::string canonical = SdkCanonicalRequest(req, a.signed_headers);
    std::string expect = SdkSignature(secret, date, a.scoped ? a.scope : "", canonical);
    if (expect != a.signature) {
      return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail");
    }
    who->user = u;
    who->domain_scoped = true;
    std::string_view pid = req.header("x-project-id");
    if (!pid.empty()) {
      for (const auto& p : u->projects) {
        if (p.id == pid) {
          who->project_id = p.id;
          who->project_name = p.name;
          who->domain_scoped = false;
        }
      }
      if (who->project_id.empty()) {
        return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: project id is invalid");
      }
    } else if (!project_id.empty()) {
      // The Go SDK always sends X-Project-Id for project clients; accept the
      // URL's project when it belongs to the key's user.
      for (const auto& p : u->projects) {
        if (p.id == project_id) {
          who->project_id = p.id;
          who->project_name = p.name;
          who->domain_scoped = false;
        }
      }
    }
  } else {
    return ApigwError(401, "APIGW.0301", "Incorrect IAM authentication information: x-auth-token not found");
  }
  if (!project_id.empty() && who->project_id != project_id) {
    return ApigwError(403, "APIGW.0302", "The IAM or enterprise project policy does not allow you to perform this action");
  }
  return std::nullopt;
}

}  // namespace otcsim
