// The simulator: configuration, simulated clock, IAM identities and tokens,
// request log, and the dispatch that routes every request to a service.
// Services register their routes from RegisterIam/RegisterVpc/RegisterAdmin.
// Dispatch() is thread-safe.
#ifndef OTCSIM_SIM_H_
#define OTCSIM_SIM_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "otcsim/faults.h"
#include "otcsim/http.h"
#include "otcsim/router.h"
#include "otcsim/store.h"

namespace otcsim {

struct Project {
  std::string name;
  std::string id;
};

struct User {
  std::string name;
  std::string id;
  std::string password;
  std::string domain_name;
  std::string domain_id;
  std::string access_key;
  std::string secret_key;
  std::vector<Project> projects;
};

struct Config {
  std::string region = "eu-de";
  double time_scale = 1.0;
  uint64_t seed = 0;
  bool seeded = false;
  std::string state_file;
  std::string faults;  // fault plan, text form (see faults.h)
  bool log_requests = false;
  std::vector<User> users;
};

// A default demo identity: user "demo", domain "OTC-EU-DE-00000000001000000001",
// project "eu-de_demo", fixed AK/SK. Ids are derived from the names.
User DefaultUser(const std::string& name, const std::string& password, const std::string& domain,
                 const std::string& project, const std::string& ak, const std::string& sk);

// Simulated time in milliseconds since the epoch: start wall time plus
// real elapsed time times the scale plus manual advances.
class Clock {
 public:
  explicit Clock(double scale);
  int64_t NowMs() const;
  void Advance(int64_t ms) { offset_ms_ += ms; }
  double scale() const { return scale_; }

 private:
  double scale_;
  int64_t start_wall_ms_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<int64_t> offset_ms_{0};
};

// Formats sim time: "2024-01-01T10:00:00.000000Z".
std::string IsoTime(int64_t ms);

struct Identity {
  const User* user = nullptr;
  std::string project_id;  // empty for domain scope
  std::string project_name;
  bool domain_scoped = false;
};

struct LogEntry {
  int64_t time_ms;
  std::string method;
  std::string target;
  int status;
  int64_t micros;
  std::string request_id;
};

class Simulator {
 public:
  explicit Simulator(Config cfg);

  bool Load(std::string* err) { return store_.Load(err); }
  Response Dispatch(Request& req);
  Response ProtocolError(int status);

  Router& router() { return router_; }
  Store& store() { return store_; }
  Clock& clock() { return clock_; }
  const Config& config() const { return cfg_; }
  FaultInjector& faults() { return faults_; }

  // Authenticates a service request (X-Auth-Token or SDK-HMAC-SHA256).
  // Returns an error response (API gateway 401 body) on failure. When
  // `project_id` is non-empty the identity must be scoped to it (403).
  std::optional<Response> Authenticate(const Request& req, std::string_view project_id, Identity* who);

  // Token store.
  std::string IssueToken(const Identity& who, const std::vector<std::string>& methods, int64_t* issued,
                         int64_t* expires);
  bool LookupToken(std::string_view token, Identity* who, int64_t* issued, int64_t* expires,
                   std::vector<std::string>* methods);
  void RevokeToken(std::string_view token);

  // Temporary AK/SK + security token (api.md 1.6), issued by IAM for
  // `user` and valid `seconds` of simulated time. Authenticate() accepts a
  // request signed with `access`/`secret` only when it carries
  // X-Security-Token: security_token and the credential has not expired.
  struct TempCredential {
    const User* user = nullptr;
    std::string access;
    std::string secret;
    std::string security_token;
    int64_t expires = 0;
  };
  TempCredential IssueTempCredential(const User* user, int64_t seconds);
  // The temporary credential with access key `ak` (expired ones included);
  // user == nullptr when there is none. Used by OBS signatures.
  TempCredential FindTempCredential(std::string_view ak);

  const User* FindUserByName(std::string_view name, std::string_view domain_name, std::string_view domain_id) const;
  const User* FindUserById(std::string_view id) const;
  const User* FindUserByAccessKey(std::string_view ak) const;

  // A service's sweeper brings its objects up to date at `now` (applies due
  // lifecycle steps, drops resources whose deletion finished). The admin
  // API runs every sweeper before it lists resources, so the inventory is
  // current even for a service that has had no request since.
  using Sweeper = std::function<void(Store::Data&, int64_t now, bool& dirty)>;
  void AddSweeper(Sweeper s) { sweepers_.push_back(std::move(s)); }
  void SweepAll();

  json RequestLog(std::size_t limit);
  void Reset();

  // OBS is served on its own listener (main.cc --obs-listen) because it is
  // addressed by bucket, not by path prefix. RegisterObs() installs the
  // handler; DispatchObs() gives it a request id and logs it like Dispatch().
  using ObsHandler = std::function<Response(Request&, const std::string& request_id)>;
  void SetObsHandler(ObsHandler h) { obs_handler_ = std::move(h); }
  Response DispatchObs(Request& req);
  // Base URL of the OBS listener for the catalog "object" entry ("" = none).
  void set_obs_url(std::string url) { obs_url_ = std::move(url); }
  const std::string& obs_url() const { return obs_url_; }

 private:
  struct TokenInfo {
    Identity who;
    int64_t issued;
    int64_t expires;
    std::vector<std::string> methods;
  };

  Config cfg_;
  std::vector<Sweeper> sweepers_;  // set up in the constructor, read-only after
  Router router_;
  Store store_;
  Clock clock_;
  FaultInjector faults_;
  std::shared_mutex tokens_mu_;
  std::map<std::string, TokenInfo, std::less<>> tokens_;
  std::map<std::string, TempCredential, std::less<>> temp_creds_;  // by access key; guarded by tokens_mu_
  std::mutex log_mu_;
  std::deque<LogEntry> log_;
  std::atomic<uint64_t> request_seq_{0};
  uint64_t request_prefix_ = 0;  // first half of every X-Request-Id
  ObsHandler obs_handler_;
  std::string obs_url_;
};

// Error bodies.
Response ApigwError(int status, std::string_view code, std::string_view msg);
Response KeystoneError(int status, std::string_view msg);
Response VpcError(int status, std::string_view code, std::string_view msg);
Response NeutronError(int status, std::string_view type, std::string_view msg);
// The error body a service answers with for `status` (fault injection).
Response ServiceError(std::string_view service, int status, std::string_view msg);

// Parses a JSON request body; nullopt for malformed JSON or a non-object.
std::optional<json> ParseBody(const Request& req);

void RegisterIam(Simulator& sim);
void RegisterVpc(Simulator& sim);
void RegisterNeutron(Simulator& sim);
void RegisterEip(Simulator& sim);
void RegisterCce(Simulator& sim);
void RegisterRds(Simulator& sim);
void RegisterObs(Simulator& sim);
// Largest OBS request body (object or part) the OBS listener accepts.
inline constexpr std::size_t kObsMaxObjectBytes = 64u * 1024 * 1024;
// The OBS XML error for a request the parser rejected (413 -> EntityTooLarge).
Response ObsProtocolError(int status);
void RegisterElb(Simulator& sim);
void RegisterPorts(Simulator& sim);     // src/ports.cc: Neutron ports (read side)
void RegisterVpcTags(Simulator& sim);   // src/vpc_tags.cc: v2.0 tag writes, VPC v3 extend CIDRs
void RegisterDns(Simulator& sim);
void RegisterAdmin(Simulator& sim);

}  // namespace otcsim

#endif  // OTCSIM_SIM_H_
