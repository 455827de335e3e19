#include "otcsim/faults.h"

#include <algorithm>
#include <cstdlib>

namespace otcsim {
namespace {

using json = nlohmann::json;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

bool ParseNumber(std::string_view s, double* out) {
  std::string t(s);
  if (t.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (*end != '\0') return false;
  *out = v;
  return true;
}

uint64_t SplitMix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

const char* kServices[] = {"*", "iam", "vpc", "neutron", "cce", "rds", "elb", "dns", "obs"};

// Sets kind/status and the argument; false for an unknown kind or bad arg.
bool SetKind(FaultRule* r, std::string_view kind, std::optional<double> arg, std::string* err) {
  if (kind == "429" || kind == "500" || kind == "502" || kind == "503" || kind == "504") {
    r->kind = FaultKind::kStatus;
    r->status = std::atoi(std::string(kind).c_str());
    if (arg && kind == "429") r->retry_after = static_cast<int>(*arg);
  } else if (kind == "reset") {
    r->kind = FaultKind::kReset;
  } else if (kind == "latency" || kind == "slow") {
    r->kind = FaultKind::kLatency;
    if (arg) r->latency_ms = static_cast<int64_t>(*arg);
  } else if (kind == "404-after-create" || kind == "eventual") {
    r->kind = FaultKind::kEventual;
    if (arg) r->eventual_ms = static_cast<int64_t>(*arg * 1000);
  } else if (kind == "fail") {
    r->kind = FaultKind::kFail;
  } else {
    *err = "unknown fault kind '" + std::string(kind) + "'";
    return false;
  }
  if (arg && *arg < 0) {
    *err = "fault argument must not be negative";
    return false;
  }
  return true;
}

bool SetScope(FaultRule* r, std::string_view scope, std::string* err) {
  if (!scope.empty() && scope.front() == '/') {
    r->path = std::string(scope);
    return true;
  }
  if (std::find(std::begin(kServices), std::end(kServices), scope) == std::end(kServices)) {
    *err = "unknown service '" + std::string(scope) + "'";
    return false;
  }
  r->service = std::string(scope);
  return true;
}

}  // namespace

std::string FaultRule::kind_name() const {
  switch (kind) {
    case FaultKind::kStatus:
      return std::to_string(status);
    case FaultKind::kReset:
      return "reset";
    case FaultKind::kLatency:
      return "latency";
    case FaultKind::kEventual:
      return "404-after-create";
    case FaultKind::kFail:
      return "fail";
  }
  return "";
}

std::string ServiceOfPath(std::string_view path) {
  auto starts = [&](std::string_view p) { return path.substr(0, p.size()) == p; };
  if (starts("/_sim/") || path == "/_sim") return "admin";
  if (starts("/v2.0/security-group") || starts("/v2.0/ports") || starts("/v2.0/floatingips") ||
      starts("/v2.0/networks") || starts("/v2.0/subnets")) {
    return "neutron";
  }
  if (starts("/v1/") || starts("/v2.0/")) return "vpc";
  if (starts("/api/v3/projects") || starts("/api/v3/")) return "cce";
  if (starts("/v3/auth") || starts("/v3/projects") || starts("/v3/domains") || starts("/v3/users") ||
      starts("/v3-ext/") || starts("/v3.0/OS-CREDENTIAL/") || path == "/v3" || path == "/v3/") {
    return "iam";
  }
  if (starts("/v3/")) {
    // /v3/{pid}/vpc/... (VPC v3), /v3/{pid}/elb/... (ELB v3), else RDS.
    std::size_t p = path.find('/', 4);
    std::string_view rest = p == std::string_view::npos ? std::string_view() : path.substr(p);
    if (rest.substr(0, 5) == "/vpc/") return "vpc";
    if (rest.substr(0, 5) == "/elb/") return "elb";
    return "rds";
  }
  if (starts("/v2/")) return "dns";
  return "obs";
}

std::optional<std::vector<FaultRule>> ParseFaultSpec(std::string_view spec, std::string* err) {
  std::vector<FaultRule> rules;
  for (std::string_view raw : Split(spec, ';')) {
    raw = Trim(raw);
    if (raw.empty()) continue;
    auto parts = Split(raw, ':');
    if (parts.size() < 2 || parts.size() > 4) {
      *err = "fault rule '" + std::string(raw) + "' is not SCOPE:KIND[=ARG][:RATE][:METHODS]";
      return std::nullopt;
    }
    FaultRule r;
    if (!SetScope(&r, Trim(parts[0]), err)) return std::nullopt;
    std::string_view kind = Trim(parts[1]);
    std::optional<double> arg;
    if (std::size_t eq = kind.find('='); eq != std::string_view::npos) {
      double v = 0;
      if (!ParseNumber(kind.substr(eq + 1), &v)) {
        *err = "bad fault argument in '" + std::string(raw) + "'";
        return std::nullopt;
      }
      arg = v;
      kind = kind.substr(0, eq);
    }
    if (!SetKind(&r, kind, arg, err)) return std::nullopt;
    if (parts.size() >= 3 && !Trim(parts[2]).empty()) {
      if (!ParseNumber(Trim(parts[2]), &r.rate) || r.rate < 0 || r.rate > 1) {
        *err = "fault rate must be a number in [0,1] in '" + std::string(raw) + "'";
        return std::nullopt;
      }
    }
    if (parts.size() == 4) {
      for (std::string_view m : Split(parts[3], ',')) {
        m = Trim(m);
        if (m.empty()) continue;
        std::string up(m);
        std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        r.methods.push_back(up);
      }
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

std::optional<std::vector<FaultRule>> ParseFaultJson(const json& j, std::string* err) {
  if (!j.is_object()) {
    *err = "body must be a JSON object";
    return std::nullopt;
  }
  if (j.contains("spec")) {
    if (!j["spec"].is_string()) {
      *err = "spec must be a string";
      return std::nullopt;
    }
    return ParseFaultSpec(j["spec"].get<std::string>(), err);
  }
  if (!j.contains("rules") || !j["rules"].is_array()) {
    *err = "body must carry \"rules\": [...] or \"spec\": \"...\"";
    return std::nullopt;
  }
  std::vector<FaultRule> rules;
  for (const auto& jr : j["rules"]) {
    if (!jr.is_object()) {
      *err = "every rule must be an object";
      return std::nullopt;
    }
    FaultRule r;
    std::string scope;
    if (jr.contains("path") && jr["path"].is_string()) {
      scope = jr["path"].get<std::string>();
      if (scope.empty() || scope.front() != '/') {
        *err = "path must start with '/'";
        return std::nullopt;
      }
    } else if (jr.contains("service") && jr["service"].is_string()) {
      scope = jr["service"].get<std::string>();
    } else {
      scope = "*";
    }
    if (!SetScope(&r, scope, err)) return std::nullopt;
    std::string kind;
    if (jr.contains("kind") && jr["kind"].is_string()) {
      kind = jr["kind"].get<std::string>();
    } else if (jr.contains("kind") && jr["kind"].is_number_integer()) {
      kind = std::to_string(jr["kind"].get<int>());
    } else {
      *err = "every rule needs a kind";
      return std::nullopt;
    }
    if (!SetKind(&r, kind, std::nullopt, err)) return std::nullopt;
    auto num = [&](const char* k, double* out) {
      if (!jr.contains(k)) return true;
      if (!jr[k].is_number()) {
        *err = std::string(k) + " must be a number";
        return false;
      }
      *out = jr[k].get<double>();
      if (*out < 0) {
        *err = std::string(k) + " must not be negative";
        return false;
      }
      return true;
    };
    double retry = r.retry_after, lat = static_cast<double>(r.latency_ms), secs = static_cast<double>(r.eventual_ms) / 1000;
    if (!num("rate", &r.rate) || !num("retry_after", &retry) || !num("latency_ms", &lat) || !num("seconds", &secs)) {
      return std::nullopt;
    }
    if (r.rate > 1) {
      *err = "rate must be in [0,1]";
      return std::nullopt;
    }
    r.retry_after = static_cast<int>(retry);
    r.latency_ms = static_cast<int64_t>(lat);
    r.eventual_ms = static_cast<int64_t>(secs * 1000);
    if (jr.contains("methods")) {
      if (!jr["methods"].is_array()) {
        *err = "methods must be an array of strings";
        return std::nullopt;
      }
      for (const auto& m : jr["methods"]) {
        if (!m.is_string()) {
          *err = "methods must be an array of strings";
          return std::nullopt;
        }
        std::string up = m.get<std::string>();
        std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        r.methods.push_back(up);
      }
    }
    rules.push_back(std::move(r));
  }
  return rules;
}

json FaultRulesToJson(const std::vector<FaultRule>& rules) {
  json arr = json::array();
  for (const auto& r : rules) {
    json o = {{"kind", r.kind_name()}, {"rate", r.rate}};
    if (!r.path.empty()) {
      o["path"] = r.path;
    } else {
      o["service"] = r.service;
    }
    if (!r.methods.empty()) o["methods"] = r.methods;
    if (r.kind == FaultKind::kStatus && r.status == 429) o["retry_after"] = r.retry_after;
    if (r.kind == FaultKind::kLatency) o["latency_ms"] = r.latency_ms;
    if (r.kind == FaultKind::kEventual) o["seconds"] = static_cast<double>(r.eventual_ms) / 1000;
    arr.push_back(o);
  }
  return arr;
}

double FaultInjector::Draw(uint64_t seed, std::size_t rule, uint64_t n) {
  uint64_t x = SplitMix(SplitMix(seed ^ 0x6F74632D73696D00ull) ^ SplitMix(rule * 0x100000001B3ull + 1) ^ (n * 0x9E37ull));
  x = SplitMix(x + n);
  return static_cast<double>(x >> 11) * (1.0 / 9007199254740992.0);
}

bool FaultInjector::Matches(const FaultRule& r, std::string_view method, std::string_view path) {
  if (!r.methods.empty() && std::find(r.methods.begin(), r.methods.end(), method) == r.methods.end()) return false;
  if (!r.path.empty()) return path.substr(0, r.path.size()) == r.path;
  std::string svc = ServiceOfPath(path);
  if (svc == "admin") return false;
  if (r.service == "*") return true;
  // Neutron lives on the VPC endpoint: "vpc" covers it too.
  return r.service == svc || (r.service == "vpc" && svc == "neutron");
}

void FaultInjector::Set(std::vector<FaultRule> rules, std::optional<uint64_t> seed) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = std::move(rules);
  counters_.assign(rules_.size(), 0);
  fired_ = 0;
  hidden_.clear();
  if (seed) seed_ = *seed;
  active_.store(!rules_.empty());
}

void FaultInjector::Clear() { Set({}); }

json FaultInjector::ToJson() {
  std::lock_guard<std::mutex> lock(mu_);
  json counts = json::array();
  for (uint64_t c : counters_) counts.push_back(c);
  return {{"seed", seed_}, {"rules", FaultRulesToJson(rules_)}, {"matched", counts}, {"fired", fired_},
          {"hidden", hidden_.size()}};
}

std::optional<FaultDecision> FaultInjector::Decide(std::string_view method, std::string_view path) {
  if (!active_.load(std::memory_order_relaxed) || path.substr(0, 6) == "/_sim/") return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<FaultDecision> out;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const FaultRule& r = rules_[i];
    if (r.kind == FaultKind::kEventual || r.kind == FaultKind::kFail || !Matches(r, method, path)) continue;
    uint64_t n = counters_[i]++;
    if (out || Draw(seed_, i, n) >= r.rate) continue;
    FaultDecision d;
    d.kind = r.kind;
    d.status = r.status;
    d.retry_after = r.retry_after;
    d.latency_ms = r.latency_ms;
    d.rule = static_cast<int>(i);
    out = d;
    ++fired_;
  }
  return out;
}

void FaultInjector::NoteCreated(std::string_view method, std::string_view path, const std::vector<std::string>& ids,
                                int64_t now_ms) {
  if (ids.empty() || !active_.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const FaultRule& r = rules_[i];
    if (r.kind != FaultKind::kEventual || !Matches(r, method, path)) continue;
    uint64_t n = counters_[i]++;
    if (Draw(seed_, i, n) >= r.rate) continue;
    for (const auto& id : ids) hidden_[id] = now_ms + r.eventual_ms;
    ++fired_;
    break;
  }
}

bool FaultInjector::FailOperation(std::string_view method, std::string_view path) {
  if (!active_.load(std::memory_order_relaxed)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  bool fail = false;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const FaultRule& r = rules_[i];
    if (r.kind != FaultKind::kFail || !Matches(r, method, path)) continue;
    uint64_t n = counters_[i]++;
    if (fail || Draw(seed_, i, n) >= r.rate) continue;
    fail = true;
    ++fired_;
  }
  return fail;
}

bool FaultInjector::Hidden(std::string_view method, std::string_view path, int64_t now_ms) {
  if (!active_.load(std::memory_order_relaxed) || (method != "GET" && method != "HEAD")) return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (hidden_.empty()) return false;
  for (std::string_view seg : Split(path, '/')) {
    if (seg.empty()) continue;
    auto it = hidden_.find(seg);
    if (it == hidden_.end()) continue;
    if (it->second > now_ms) return true;
    hidden_.erase(it);
  }
  return false;
}

}  // namespace otcsim
