// Deterministic fault injection (issue 4 "Faults"). A plan is a list of
// rules; each rule matches a service ("vpc", "neutron", "iam", ...; "*" for
// all) or a path prefix ("/v1/..."), optionally a set of methods, and fires
// with probability `rate`. Whether the n-th request matching rule i fires is
// a pure function of (seed, i, n), so the same seed and the same request
// sequence give the same faults.
//
// Text form (--faults), rules separated by ';':
//   SCOPE:KIND[=ARG][:RATE][:METHODS]
//   SCOPE   service name, '*', or a path prefix starting with '/'
//   KIND    429 (ARG = Retry-After seconds, default 1), 500, 502, 503, 504,
//           reset (close the connection without a response),
//           latency (ARG = milliseconds, default 1000),
//           404-after-create (ARG = seconds, default 5: a GET of a resource
//           created by a matching POST answers the service's 404 meanwhile)
//           fail (the request succeeds, but the asynchronous operation it
//           starts ends in the service's error status: a CCE cluster or
//           node pool in "Error", an RDS job "FAILED", a load balancer's
//           provisioning_status "ERROR", a DNS zone/recordset "ERROR")
//   RATE    0..1, default 1
//   METHODS comma list, e.g. GET,POST (default: all)
// e.g. "vpc:503:0.5;/v2.0/security-groups:latency=200;*:429=2:0.1:GET"
//
// JSON form (admin API POST /_sim/faults):
//   {"seed":N?, "rules":[{"service":"vpc"|"path":"/v1/","kind":"503",
//     "rate":0.5,"retry_after":2,"latency_ms":200,"seconds":5,"methods":["GET"]}]}
//   or {"spec":"<text form>"}.
#ifndef OTCSIM_FAULTS_H_
#define OTCSIM_FAULTS_H_

#include <cstdint>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace otcsim {

enum class FaultKind { kStatus, kReset, kLatency, kEventual, kFail };

struct FaultRule {
  std::string service;  // service name or "*" (empty when path is set)
  std::string path;     // path prefix (empty when service is set)
  std::vector<std::string> methods;  // empty: every method
  FaultKind kind = FaultKind::kStatus;
  int status = 503;       // kStatus: 429, 500, 502, 503, 504
  int retry_after = 1;    // 429
  int64_t latency_ms = 1000;
  int64_t eventual_ms = 5000;
  double rate = 1.0;

  std::string kind_name() const;
};

// The service a request path belongs to: "admin", "iam", "vpc", "neutron",
// "cce", "rds", "elb", "dns" or "obs".
std::string ServiceOfPath(std::string_view path);

// Parses the text form; nullopt with *err on a syntax error.
std::optional<std::vector<FaultRule>> ParseFaultSpec(std::string_view spec, std::string* err);
// Parses the JSON form's "rules" array (or "spec" string).
std::optional<std::vector<FaultRule>> ParseFaultJson(const nlohmann::json& j, std::string* err);
nlohmann::json FaultRulesToJson(const std::vector<FaultRule>& rules);

// What to do with one request.
struct FaultDecision {
  FaultKind kind = FaultKind::kStatus;
  int status = 0;  // kStatus
  int retry_after = 0;
  int64_t latency_ms = 0;
  int rule = -1;  // index of the rule that fired
};

// The live plan. Thread-safe.
class FaultInjector {
 public:
  explicit FaultInjector(uint64_t seed = 0) : seed_(seed) {}

  void Set(std::vector<FaultRule> rules, std::optional<uint64_t> seed = std::nullopt);
  void Clear();
  nlohmann::json ToJson();

  // Decision for a request before it is handled (status, reset, latency).
  // Consumes one draw of every matching rule of those kinds; the first rule
  // that fires wins. Admin paths (/_sim/) never fault.
  std::optional<FaultDecision> Decide(std::string_view method, std::string_view path);

  // After a successful create (POST): when a matching 404-after-create rule
  // fires, `ids` stay invisible to GETs until sim time now_ms + seconds.
  void NoteCreated(std::string_view method, std::string_view path, const std::vector<std::string>& ids,
                   int64_t now_ms);
  // Called by a service when it starts an asynchronous operation (create,
  // resize, ...): true when a matching "fail" rule fires, and the service
  // must then let the operation end in its error status. Consumes one draw
  // of every matching fail rule.
  bool FailOperation(std::string_view method, std::string_view path);
  // True when `path` names (as one of its segments) a resource still hidden.
  bool Hidden(std::string_view method, std::string_view path, int64_t now_ms);

  // The draw for the n-th matching request of rule i: uniform in [0,1).
  static double Draw(uint64_t seed, std::size_t rule, uint64_t n);
  static bool Matches(const FaultRule& r, std::string_view method, std::string_view path);

 private:
  std::mutex mu_;
  uint64_t seed_;
  std::vector<FaultRule> rules_;
  std::vector<uint64_t> counters_;
  std::map<std::string, int64_t, std::less<>> hidden_;  // id -> visible-at (sim ms)
  uint64_t fired_ = 0;
  std::atomic<bool> active_{false};  // any rule or hidden id: skip the lock when false
};

}  // namespace otcsim

#endif  // OTCSIM_FAULTS_H_
