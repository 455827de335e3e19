// CCE v3 (api.md section 3): clusters, jobs, node pools, nodes, cluster
// certificates, master EIP, add-ons, plus the ECS tag read the node resource
// makes. Objects are Kubernetes-style (kind/apiVersion/metadata/spec/status)
// and live in the Store as kinds cce_cluster, cce_nodepool, cce_node, cce_job
// and cce_addon. Lifecycles run on the simulated clock: a pending step is a
// JSON merge patch applied when its time has come (so it can change nested
// fields such as status.phase), and a step carrying "_gone" removes the
// object. Every CCE request first sweeps the CCE kinds, so deleted objects
// (and everything that belonged to a deleted cluster: pools, nodes, jobs,
// add-ons, the security groups CCE created) leave the Store once their delete
// lifecycle is over.
//
// Error bodies are the Kubernetes Status object merged with both CCE code
// styles (api.md 0.6). errorCode/errorMessage follow the CCE API error-code
// table; error_code/error_msg CCE_CM.0004 "Request is invalid" and CCE_CM.0003
// "Resource not found" are seen in real responses, CCE_CM.0302 (403) and
// CCE_CM.0409 (409) are not documented anywhere public (see otc-sim/README.md
// "Error codes").
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "otcsim/cidr.h"
#include "otcsim/lifecycle.h"
#include "otcsim/sim.h"
#include "otcsim/signer.h"

namespace otcsim {
namespace {

const char* kCluster = "cce_cluster";
const char* kPool = "cce_nodepool";
const char* kNode = "cce_node";
const char* kJob = "cce_job";
const char* kAddon = "cce_addon";

constexpr int64_t kSec = 1000;
constexpr int64_t kMin = 60 * kSec;
constexpr int64_t kClusterCreateMs = 6 * kMin;    // single master
constexpr int64_t kClusterCreateHaMs = 9 * kMin;  // three masters
constexpr int64_t kClusterDeleteMs = 2 * kMin;
constexpr int64_t kClusterFailMs = 3 * kMin;
constexpr int64_t kJobStartMs = 1 * kSec;      // Initializing -> Running
constexpr int64_t kNodeVmMs = 3 * kMin;        // Build -> Installing
constexpr int64_t kNodeInstallMs = 2 * kMin;   // Installing -> Active
constexpr int64_t kNodeFailMs = 2 * kMin;
constexpr int64_t kNodeDeleteMs = 2 * kMin;
constexpr int64_t kPoolDeleteMs = 3 * kMin;
constexpr int64_t kAddonInstallMs = 2 * kMin;
constexpr int64_t kAddonDeleteMs = 30 * kSec;

// ---------------------------------------------------------------------------
// Errors

Response CceErrorCode(int status, const char* code_override, std::string_view msg);
Response CceError(int status, std::string_view msg) { return CceErrorCode(status, nullptr, msg); }
// As CceError, with `code_override` (when not null) replacing the errorCode that
// `status` implies, e.g. the add-on family CCE.03409001.
Response CceErrorCode(int status, const char* code_override, std::string_view msg) {
  const char* code = "CCE.01500001";
  const char* cm = "CCE_CM.0001";
  const char* generic = "Internal error.";  // errorMessage (CCE error-code table)
  const char* cm_msg = "Internal error";    // error_msg
  const char* reason = "InternalError";
  switch (status) {
    case 400:
      code = "CCE.01400001", cm = "CCE_CM.0004", generic = "Invalid request.", cm_msg = "Request is invalid",
      reason = "BadRequest";
      break;
    case 403:
      code = "CCE.01403001", cm = "CCE_CM.0302", generic = "Forbidden.", cm_msg = "Forbidden.", reason = "Forbidden";
      break;
    case 404:
      code = "CCE.01404001", cm = "CCE_CM.0003", generic = "Resource not found.", cm_msg = "Resource not found",
      reason = "NotFound";
      break;
    case 409:
      code = "CCE.01409001", cm = "CCE_CM.0409", generic = "The resource already exists.",
      cm_msg = "The resource already exists", reason = "AlreadyExists";
      break;
    default: break;
  }
  if (code_override != nullptr) code = code_override;
  json j = {{"kind", "Status"},        {"apiVersion", "v1"},  {"metadata", json::object()},
            {"status", "Failure"},     {"code", status},      {"errorCode", code},
            {"errorMessage", generic}, {"error_code", cm},    {"error_msg", cm_msg},
            {"message", msg},          {"reason", reason}};
  return Response::json(status, j.dump());
}
Response Bad(std::string_view msg) { return CceError(400, msg); }
Response BadCode(std::string_view code, std::string_view msg) {
  Response r = CceError(400, msg);
  json j = json::parse(r.body);
  j["errorCode"] = code;
  r.body = j.dump();
  return r;
}
Response NotFound(std::string_view what, std::string_view id) {
  return CceError(404, std::string(what) + " " + std::string(id) + " not found");
}

// ---------------------------------------------------------------------------
// Small helpers

// "2020-04-22 07:23:50.157883 +0000 UTC" (api.md 0.7).
std::string CceTime(int64_t ms) {
  std::string iso = IsoTime(ms);  // 2024-01-01T10:00:00.000000Z
  return iso.substr(0, 10) + " " + iso.substr(11, 15) + " +0000 UTC";
}

std::string Ip(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
  return buf;
}

// Five lower-case alphanumerics derived from an id (node name suffixes).
std::string Suffix(const std::string& id) {
  std::string h = HexEncode(Sha256(id));
  std::string out;
  for (int i = 0; i < 5; ++i) out.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[static_cast<unsigned char>(h[i]) % 36]);
  return out;
}

bool Owned(const json& o, const std::string& pid) { return o.value("_project_id", "") == pid; }
bool Gone(const json& o) { return o.value("_gone", false); }

// Schedules `patch` at absolute sim time `at`; it also stamps updateTimestamp.
void At(json& obj, int64_t now, int64_t at, json patch) {
  if (!patch.contains("_gone")) patch["metadata"]["updateTimestamp"] = CceTime(at);
  Schedule(obj, now, std::max<int64_t>(0, at - now), std::move(patch), false);
}
void ClearPending(json& obj) { obj.erase("_pending"); }

std::string Phase(const json& o) {
  auto st = o.find("status");
  if (st == o.end() || !st->is_object()) return "";
  return st->value("phase", "");
}

// Objects of `kind` in project `pid` that are not gone, in creation order.
std::vector<json*> ListOf(Store::Data& d, const char* kind, const std::string& pid) {
  std::vector<json*> out;
  for (auto& [id, o] : d.of(kind)) {
    if (Owned(o, pid) && !Gone(o)) out.push_back(&o);
  }
  std::sort(out.begin(), out.end(), [](const json* a, const json* b) {
    return std::make_pair(a->value("_seq", int64_t{0}), a->value("_id", "")) <
           std::make_pair(b->value("_seq", int64_t{0}), b->value("_id", ""));
  });
  return out;
}

json* Find(Store::Data& d, const char* kind, const std::string& pid, const std::string& id) {
  auto& k = d.of(kind);
  auto it = k.find(id);
  if (it == k.end() || !Owned(it->second, pid) || Gone(it->second)) return nullptr;
  return &it->second;
}

// Settles every CCE object and removes what is gone, with its dependants.
void Sweep(Store::Data& d, int64_t now, bool& dirty) {
  std::set<std::string> gone_clusters;
  for (const char* kind : {kCluster, kPool, kNode, kJob, kAddon}) {
    auto& k = d.of(kind);
    for (auto it = k.begin(); it != k.end();) {
      auto pend = it->second.find("_pending");
      std::size_t before = pend == it->second.end() ? 0 : pend->size();
      Settle(it->second, now);
      pend = it->second.find("_pending");
      if ((pend == it->second.end() ? 0 : pend->size()) != before) dirty = true;
      if (Gone(it->second)) {
        if (std::string(kind) == kCluster) gone_clusters.insert(it->first);
        it = k.erase(it);
        dirty = true;
      } else {
        ++it;
      }
    }
  }
  if (!gone_clusters.empty()) {
    for (const char* kind : {kPool, kNode, kJob, kAddon}) {
      std::erase_if(d.of(kind), [&](const auto& kv) { return gone_clusters.count(kv.second.value("_cluster", "")) > 0; });
    }
    std::set<std::string> sgs;
    for (auto it = d.of("security_group").begin(); it != d.of("security_group").end();) {
      if (gone_clusters.count(it->second.value("_cce_cluster", "")) > 0) {
        sgs.insert(it->first);
        it = d.of("security_group").erase(it);
      } else {
        ++it;
      }
    }
    std::erase_if(d.of("security_group_rule"),
                  [&](const auto& kv) { return sgs.count(kv.second.value("security_group_id", "")) > 0; });
  }
  // Pool node counts follow the nodes.
  for (auto& [pid_, pool] : d.of(kPool)) {
    int n = 0;
    for (auto& [nid, node] : d.of(kNode)) {
      if (node.value("_pool", "") == pool.value("_id", "") && Phase(node) != "Deleting") ++n;
    }
    if (pool["status"].value("currentNode", -1) != n) {
      pool["status"]["currentNode"] = n;
      dirty = true;
    }
  }
}

// ---------------------------------------------------------------------------
// Field validation: the first problem wins and becomes a 400 message.

class Check {
 public:
  std::string err;
  bool ok() const { return err.empty(); }
  void Fail(std::string m) {
    if (err.empty()) err = std::move(m);
  }
  const json* Obj(const json* o, const char* k, const std::string& where, bool required) {
    const json* v = Get(o, k);
    if (v == nullptr) {
      if (required) Fail(where + " is required");
      return nullptr;
    }
    if (!v->is_object()) {
      Fail(where + " must be an object");
      return nullptr;
    }
    return v;
  }
  const json* Arr(const json* o, const char* k, const std::string& where, bool required) {
    const json* v = Get(o, k);
    if (v == nullptr) {
      if (required) Fail(where + " is required");
      return nullptr;
    }
    if (!v->is_array()) {
      Fail(where + " must be an array");
      return nullptr;
    }
    return v;
  }
  std::string Str(const json* o, const char* k, const std::string& where, bool required, std::string def = "") {
    const json* v = Get(o, k);
    if (v == nullptr || (v->is_string() && v->get_ref<const std::string&>().empty())) {
      if (required) Fail(where + " is required");
      return def;
    }
    if (!v->is_string()) {
      Fail(where + " must be a string");
      return def;
    }
    return v->get<std::string>();
  }
  int64_t Int(const json* o, const char* k, const std::string& where, bool required, int64_t def, int64_t lo,
              int64_t hi) {
    const json* v = Get(o, k);
    if (v == nullptr) {
      if (required) Fail(where + " is required");
      return def;
    }
    if (!v->is_number_integer()) {
      Fail(where + " must be an integer");
      return def;
    }
    int64_t n = v->get<int64_t>();
    if (n < lo || n > hi) {
      Fail(where + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
           std::to_string(n));
      return def;
    }
    return n;
  }
  bool Bool(const json* o, const char* k, const std::string& where, bool def) {
    const json* v = Get(o, k);
    if (v == nullptr) return def;
    if (!v->is_boolean()) {
      Fail(where + " must be a boolean");
      return def;
    }
    return v->get<bool>();
  }
  void OneOf(const std::string& v, std::initializer_list<const char*> allowed, const std::string& where) {
    if (std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; })) return;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    Fail(where + " '" + v + "' is invalid, must be one of: " + list);
  }
  // An object whose values are all strings (labels, k8sTags, extendParam).
  json StrMap(const json* o, const char* k, const std::string& where) {
    const json* v = Obj(o, k, where, false);
    if (v == nullptr) return json::object();
    for (auto& [key, val] : v->items()) {
      if (!val.is_string()) Fail(where + "." + key + " must be a string");
    }
    return *v;
  }

 private:
  static const json* Get(const json* o, const char* k) {
    if (o == nullptr) return nullptr;
    auto it = o->find(k);
    if (it == o->end() || it->is_null()) return nullptr;
    return &*it;
  }
};

bool MatchName(const std::string& s, std::size_t min, std::size_t max, const char* extra) {
  if (s.size() < min || s.size() > max) return false;
  if (!(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || std::strchr(extra, c) != nullptr;
    if (!ok) return false;
  }
  char last = s.back();
  return last != '-' && last != '.';
}

// Kind and apiVersion (either spelling, api.md 3).
void CheckEnvelope(Check& c, const json& body, const char* kind) {
  std::string k = c.Str(&body, "kind", "kind", false, kind);
  if (c.ok() && k != kind) c.Fail(std::string("kind must be ") + kind + ", got '" + k + "'");
  for (const char* f : {"apiVersion", "apiversion"}) {
    std::string v = c.Str(&body, f, f, false, "v3");
    if (c.ok() && v != "v3") c.Fail(std::string(f) + " must be v3, got '" + v + "'");
  }
}

// Kubernetes versions CCE offers, minor -> full (api.md 3.1 example v1.29.2-r0).
const std::vector<std::pair<std::string, std::string>>& Versions() {
  static const std::vector<std::pair<std::string, std::string>> v = {{"v1.23", "v1.23.17-r0"},
                                                                      {"v1.25", "v1.25.10-r0"},
                                                                      {"v1.27", "v1.27.8-r0"},
                                                                      {"v1.28", "v1.28.5-r0"},
                                                                      {"v1.29", "v1.29.2-r0"}};
  return v;
}

// Resolves "vX.Y[.Z[-rN]]" to a full version; "" with *err when invalid.
std::string ResolveVersion(const std::string& v, std::string* err) {
  if (v.empty()) return Versions().back().second;
  std::size_t i = 0;
  auto digits = [&]() {
    std::size_t s = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    return i > s;
  };
  bool ok = v[0] == 'v' && (++i, digits()) && i < v.size() && v[i] == '.' && (++i, digits());
  std::string minor = ok ? v.substr(0, i) : "";
  if (ok && i < v.size()) {
    ok = v[i] == '.' && (++i, digits());
    if (ok && i < v.size()) ok = v.compare(i, 2, "-r") == 0 && (i += 2, digits()) && i == v.size();
  }
  if (!ok) {
    *err = "spec.version '" + v + "' is invalid, expected vX.Y[.Z[-rN]] such as v1.29";
    return "";
  }
  std::string list;
  for (const auto& [m, full] : Versions()) {
    if (m == minor) return minor == v ? full : v;
    list += (list.empty() ? "" : ", ") + m;
  }
  *err = "spec.version '" + v + "' is not supported, supported versions: " + list;
  return "";
}

int MaxNodes(const std::string& flavor) {
  if (flavor.find("xlarge") != std::string::npos) return 2000;
  if (flavor.find("large") != std::string::npos) return 1000;
  if (flavor.find("medium") != std::string::npos) return 200;
  return 50;
}

bool PrivateCidr(const Cidr& c) {
  static const Cidr kAllowed[] = {{0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};
  return std::any_of(std::begin(kAllowed), std::end(kAllowed), [&](const Cidr& a) { return a.contains(c); });
}

// IPv4 addresses of `subnet_id` already taken by CCE clusters and nodes.
std::set<uint32_t> UsedIps(Store::Data& d, const std::string& subnet_id) {
  std::set<uint32_t> used;
  for (const char* kind : {kCluster, kNode}) {
    for (auto& [id, o] : d.of(kind)) {
      if (o.value("_uses_subnet", "") != subnet_id) continue;
      if (auto ip = ParseIpv4(o.value("_ip", ""))) used.insert(*ip);
    }
  }
  return used;
}

// Next free address of a subnet (from .10 up, never gateway or broadcast).
std::optional<uint32_t> FreeIp(const json& subnet, const std::set<uint32_t>& used) {
  auto c = ParseCidr(subnet.value("cidr", ""));
  auto gw = ParseIpv4(subnet.value("gateway_ip", ""));
  if (!c) return std::nullopt;
  for (uint32_t ip = c->network + 10; ip < c->last(); ++ip) {
    if (used.count(ip) == 0 && (!gw || ip != *gw)) return ip;
  }
  return std::nullopt;
}

json* FindSubnet(Store::Data& d, const std::string& pid, const std::string& id) {
  auto& k = d.of("subnet");
  auto it = k.find(id);
  if (it == k.end() || !Owned(it->second, pid)) return nullptr;
  return &it->second;
}

json* FindEipByAddress(Store::Data& d, const std::string& pid, const std::string& addr) {
  for (auto& [id, e] : d.of("publicip")) {
    if (Owned(e, pid) && e.value("public_ip_address", "") == addr) return &e;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Jobs: each job and sub-job is its own object (the provider GETs sub-jobs by
// id); a job's view nests its children under spec.subJobs.

json& NewJob(Simulator& sim, Store::Data& d, const std::string& pid, const std::string& type,
             const std::string& cluster, const std::string& resource_id, const std::string& resource_name,
             const std::string& parent, int64_t now, int64_t start_at, int64_t end_at, const std::string& fail_reason) {
  std::string id = sim.store().NewId();
  json job = {{"kind", "Job"},
              {"metadata", {{"uid", id}, {"creationTimestamp", CceTime(now)}, {"updateTimestamp", CceTime(now)}}},
              {"spec",
               {{"type", type},
                {"clusterUID", cluster},
                {"resourceID", resource_id},
                {"resourceName", resource_name},
                {"extendParam", json::object()}}},
              {"status", {{"phase", "Initializing"}, {"reason", ""}, {"message", ""}}},
              {"_id", id},
              {"_project_id", pid},
              {"_cluster", cluster},
              {"_parent", parent},
              {"_seq", now * 1000 + static_cast<int64_t>(d.of(kJob).size() % 1000)}};
  At(job, now, start_at, {{"status", {{"phase", "Running"}}}});
  if (fail_reason.empty()) {
    At(job, now, end_at, {{"status", {{"phase", "Success"}}}});
  } else {
    At(job, now, end_at, {{"status", {{"phase", "Failed"}, {"reason", fail_reason}, {"message", fail_reason}}}});
  }
  return d.of(kJob)[id] = std::move(job);
}

json JobView(Store::Data& d, const json& job) {
  json out = Store::Public(job);
  std::vector<const json*> kids;
  for (auto& [id, j] : d.of(kJob)) {
    if (j.value("_parent", "") == job.value("_id", "")) kids.push_back(&j);
  }
  std::sort(kids.begin(), kids.end(),
            [](const json* a, const json* b) { return a->value("_seq", int64_t{0}) < b->value("_seq", int64_t{0}); });
  json subs = json::array();
  for (const json* k : kids) subs.push_back(JobView(d, *k));
  out["spec"]["subJobs"] = subs;
  return out;
}

// ---------------------------------------------------------------------------
// Nodes

struct NodeTemplate {
  json spec;              // normalised node spec (no secrets)
  std::string subnet_id;  // primary NIC subnet
  std::string fixed_ip;
  std::vector<std::string> eip_ids;
};

// Validates a node template (node create spec or pool nodeTemplate).
NodeTemplate ParseTemplate(Check& c, const json* t, const std::string& where, const std::string& region,
                           const std::string& cluster_version) {
  NodeTemplate out;
  std::string flavor = c.Str(t, "flavor", where + ".flavor", true);
  if (c.ok()) {
    std::size_t dots = static_cast<std::size_t>(std::count(flavor.begin(), flavor.end(), '.'));
    bool chars = std::all_of(flavor.begin(), flavor.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
    });
    if (dots != 2 || !chars || flavor.front() == '.' || flavor.back() == '.') {
      c.Fail(where + ".flavor '" + flavor + "' is not a valid ECS flavor such as s3.large.2");
    }
  }
  std::string az = c.Str(t, "az", where + ".az", true);
  if (c.ok() && az != "random") {
    bool ok = az.size() == region.size() + 3 && az.compare(0, region.size(), region) == 0 &&
              az[region.size()] == '-' && az[region.size() + 1] == '0' && az.back() >= '1' && az.back() <= '3';
    if (!ok) c.Fail(where + ".az '" + az + "' is invalid, use random or " + region + "-01/02/03");
  }
  std::string os = c.Str(t, "os", where + ".os", false, "EulerOS 2.9");
  if (c.ok()) {
    c.OneOf(os, {"EulerOS 2.5", "EulerOS 2.9", "EulerOS 2.10", "CentOS 7.7", "Ubuntu 18.04", "Ubuntu 22.04",
                 "HCE OS 2.0"},
            where + ".os");
  }
  const json* login = c.Obj(t, "login", where + ".login", true);
  json login_out = json::object();
  if (login != nullptr) {
    std::string key = c.Str(login, "sshKey", where + ".login.sshKey", false);
    const json* up = c.Obj(login, "userPassword", where + ".login.userPassword", false);
    if (up != nullptr) {
      std::string user = c.Str(up, "username", where + ".login.userPassword.username", false, "root");
      c.Str(up, "password", where + ".login.userPassword.password", true);
      if (c.ok() && user != "root") c.Fail(where + ".login.userPassword.username must be root");
      login_out["userPassword"] = {{"username", user}};  // the password is never stored or returned
    }
    if (!key.empty()) login_out["sshKey"] = key;
    if (c.ok() && key.empty() && up == nullptr) c.Fail(where + ".login needs sshKey or userPassword");
    if (c.ok() && !key.empty() && up != nullptr) c.Fail(where + ".login takes sshKey or userPassword, not both");
  }
  static const std::initializer_list<const char*> kVolTypes = {"SATA", "SAS", "SSD", "ESSD", "GPSSD", "co-p1", "uh-l1"};
  const json* root = c.Obj(t, "rootVolume", where + ".rootVolume", true);
  json root_out;
  if (root != nullptr) {
    int64_t size = c.Int(root, "size", where + ".rootVolume.size", true, 40, 40, 1024);
    std::string vt = c.Str(root, "volumetype", where + ".rootVolume.volumetype", true);
    if (c.ok()) c.OneOf(vt, kVolTypes, where + ".rootVolume.volumetype");
    root_out = *root;
    root_out["size"] = size;
  }
  const json* data = c.Arr(t, "dataVolumes", where + ".dataVolumes", true);
  if (c.ok() && data != nullptr && data->empty()) c.Fail(where + ".dataVolumes needs at least one volume");
  if (data != nullptr) {
    for (std::size_t i = 0; i < data->size() && c.ok(); ++i) {
      std::string w = where + ".dataVolumes[" + std::to_string(i) + "]";
      if (!(*data)[i].is_object()) {
        c.Fail(w + " must be an object");
        break;
      }
      c.Int(&(*data)[i], "size", w + ".size", true, 100, 100, 32768);
      std::string vt = c.Str(&(*data)[i], "volumetype", w + ".volumetype", true);
      if (c.ok()) c.OneOf(vt, kVolTypes, w + ".volumetype");
    }
  }
  json k8s = c.StrMap(t, "k8sTags", where + ".k8sTags");
  const json* taints = c.Arr(t, "taints", where + ".taints", false);
  if (taints != nullptr) {
    for (std::size_t i = 0; i < taints->size() && c.ok(); ++i) {
      std::string w = where + ".taints[" + std::to_string(i) + "]";
      if (!(*taints)[i].is_object()) {
        c.Fail(w + " must be an object");
        break;
      }
      c.Str(&(*taints)[i], "key", w + ".key", true);
      c.Str(&(*taints)[i], "value", w + ".value", false);
      std::string eff = c.Str(&(*taints)[i], "effect", w + ".effect", true);
      if (c.ok()) c.OneOf(eff, {"NoSchedule", "PreferNoSchedule", "NoExecute"}, w + ".effect");
    }
  }
  const json* rt = c.Obj(t, "runtime", where + ".runtime", false);
  bool new_k8s = cluster_version >= "v1.25";
  std::string runtime = c.Str(rt, "name", where + ".runtime.name", false, new_k8s ? "containerd" : "docker");
  if (c.ok()) c.OneOf(runtime, {"docker", "containerd"}, where + ".runtime.name");
  const json* ext = c.Obj(t, "extendParam", where + ".extendParam", false);
  if (ext != nullptr && ext->contains("maxPods")) c.Int(ext, "maxPods", where + ".extendParam.maxPods", false, 110, 16, 256);
  const json* nic = c.Obj(t, "nodeNicSpec", where + ".nodeNicSpec", false);
  const json* primary = c.Obj(nic, "primaryNic", where + ".nodeNicSpec.primaryNic", false);
  out.subnet_id = c.Str(primary, "subnetId", where + ".nodeNicSpec.primaryNic.subnetId", false);
  const json* fixed = c.Arr(primary, "fixedIps", where + ".nodeNicSpec.primaryNic.fixedIps", false);
  if (fixed != nullptr && c.ok()) {
    if (fixed->size() > 1 || (fixed->size() == 1 && !(*fixed)[0].is_string())) {
      c.Fail(where + ".nodeNicSpec.primaryNic.fixedIps must hold one IPv4 address");
    } else if (fixed->size() == 1) {
      out.fixed_ip = (*fixed)[0].get<std::string>();
      if (!ParseIpv4(out.fixed_ip)) c.Fail("invalid primary fixedIp '" + out.fixed_ip + "'");
    }
  }
  const json* pub = c.Obj(t, "publicIP", where + ".publicIP", false);
  const json* ids = c.Arr(pub, "ids", where + ".publicIP.ids", false);
  if (ids != nullptr) {
    for (const auto& e : *ids) {
      if (!e.is_string()) {
        c.Fail(where + ".publicIP.ids must hold EIP ids");
        break;
      }
      out.eip_ids.push_back(e.get<std::string>());
    }
  }
  if (!c.ok()) return out;
  out.spec = *t;
  out.spec["flavor"] = flavor;
  out.spec["az"] = az;
  out.spec["os"] = os;
  out.spec["login"] = login_out;
  out.spec["rootVolume"] = root_out;
  out.spec["k8sTags"] = k8s;
  out.spec["runtime"] = {{"name", runtime}};
  if (!out.spec.contains("taints")) out.spec["taints"] = json::array();
  if (!out.spec.contains("billingMode")) out.spec["billingMode"] = 0;
  json& e = out.spec["extendParam"];
  if (!e.is_object()) e = json::object();
  if (!e.contains("maxPods")) e["maxPods"] = 110;
  return out;
}

struct NodeOp {
  int64_t ready_at = 0;  // when the node is Active (or failed)
  std::string node_id;
};

// Creates one node of `cluster` with the job chain the provider follows
// (api.md 3.4): parent job -> CreateNode sub-job -> CreateNodeVM/GetPSMCert/InstallNode.
NodeOp CreateNodeWithJobs(Simulator& sim, Store::Data& d, const std::string& pid, const json& cluster,
                          const NodeTemplate& tmpl, const std::string& name, const std::string& ip,
                          const std::string& public_ip, const std::string& pool_id, const std::string& parent_job,
                          int64_t now, const std::string& fail_reason) {
  std::string cid = cluster["metadata"]["uid"];
  std::string id = sim.store().NewId();
  std::string server = sim.store().NewId();
  int64_t vm_done = now + kNodeVmMs;
  int64_t active = vm_done + kNodeInstallMs;
  int64_t end = fail_reason.empty() ? active : now + kNodeFailMs;
  json& sub = NewJob(sim, d, pid, "CreateNode", cid, id, name, parent_job, now, now + kJobStartMs, end, fail_reason);
  std::string sub_id = sub["metadata"]["uid"];
  NewJob(sim, d, pid, "CreateNodeVM", cid, id, name, sub_id, now, now + kJobStartMs,
         fail_reason.empty() ? vm_done : end, fail_reason);
  if (fail_reason.empty()) {
    NewJob(sim, d, pid, "GetPSMCert", cid, "", "", sub_id, now, vm_done, vm_done + 10 * kSec, "");
    NewJob(sim, d, pid, "InstallNode", cid, id, name, sub_id, now, vm_done, active, "");
  }
  json annotations = json::object();
  json labels = json::object();
  if (!pool_id.empty()) annotations["kubernetes.io/node-pool.id"] = pool_id;
  json spec = tmpl.spec;
  spec["nodeNicSpec"]["primaryNic"]["subnetId"] = tmpl.subnet_id;
  if (!tmpl.fixed_ip.empty()) spec["nodeNicSpec"]["primaryNic"]["fixedIps"] = json::array({tmpl.fixed_ip});
  spec.erase("count");
  json node = {{"kind", "Node"},
               {"apiVersion", "v3"},
               {"metadata",
                {{"name", name},
                 {"uid", id},
                 {"creationTimestamp", CceTime(now)},
                 {"updateTimestamp", CceTime(now)},
                 {"labels", labels},
                 {"annotations", annotations}}},
               {"spec", spec},
               {"status",
                {{"phase", "Build"},
                 {"jobID", parent_job},
                 {"serverId", server},
                 {"privateIP", ip},
                 {"publicIP", public_ip},
                 {"reason", ""},
                 {"message", ""}}},
               {"_id", id},
               {"_project_id", pid},
               {"_cluster", cid},
               {"_pool", pool_id},
               {"_uses_subnet", tmpl.subnet_id},
               {"_ip", ip},
               {"_ready_at", end},
               {"_seq", now * 1000 + static_cast<int64_t>(d.of(kNode).size() % 1000)}};
  if (fail_reason.empty()) {
    At(node, now, vm_done, {{"status", {{"phase", "Installing"}}}});
    At(node, now, active, {{"status", {{"phase", "Active"}}}});
  } else {
    At(node, now, end, {{"status", {{"phase", "Error"}, {"reason", fail_reason}, {"message", fail_reason}}}});
  }
  d.of(kNode)[id] = std::move(node);
  return NodeOp{end, id};
}

// Marks a node Deleting; it disappears `after_ms` later (or ends in Error).
void DeleteNodeAt(json& node, int64_t now, int64_t gone_at, const std::string& fail_reason) {
  ClearPending(node);
  node["status"]["phase"] = "Deleting";
  node["metadata"]["updateTimestamp"] = CceTime(now);
  node["_ready_at"] = gone_at;
  if (fail_reason.empty()) {
    At(node, now, gone_at, {{"_gone", true}});
  } else {
    At(node, now, gone_at, {{"status", {{"phase", "Error"}, {"reason", fail_reason}, {"message", fail_reason}}}});
  }
}

std::string FailReason(const std::string& what) {
  return what + " failed: the operation was aborted by an injected fault (otc-sim fail rule)";
}

// Allocates the private IP for a new node (fixed or next free).
std::optional<Response> PickIp(Store::Data& d, const json& subnet, const std::string& fixed,
                               std::set<uint32_t>& used, std::string* ip) {
  if (!fixed.empty()) {
    auto c = ParseCidr(subnet.value("cidr", ""));
    auto v = ParseIpv4(fixed);
    if (!c || !v || !c->contains(*v) || *v == c->network || *v == c->last() ||
        fixed == subnet.value("gateway_ip", "")) {
      return Bad("invalid primary fixedIp " + fixed + ": not a usable address of subnet " + subnet.value("cidr", ""));
    }
    if (used.count(*v) > 0) return Bad("invalid primary fixedIp " + fixed + ": the address is already in use");
    used.insert(*v);
    *ip = fixed;
    return std::nullopt;
  }
  (void)d;
  auto v = FreeIp(subnet, used);
  if (!v) return Bad("subnet " + subnet.value("id", "") + " has no free IP address left");
  used.insert(*v);
  *ip = Ip(*v);
  return std::nullopt;
}

// Resolves a node template's subnet against the cluster (default: cluster subnet).
std::optional<Response> ResolveSubnet(Store::Data& d, const std::string& pid, const json& cluster,
                                      NodeTemplate& tmpl, json** subnet) {
  if (tmpl.subnet_id.empty()) tmpl.subnet_id = cluster["spec"]["hostNetwork"].value("subnet", "");
  *subnet = FindSubnet(d, pid, tmpl.subnet_id);
  if (*subnet == nullptr) return Bad("subnet " + tmpl.subnet_id + " does not exist");
  if ((*subnet)->value("vpc_id", "") != cluster["spec"]["hostNetwork"].value("vpc", "")) {
    return BadCode("CCE.01400002", "subnet " + tmpl.subnet_id + " does not belong to the cluster's VPC");
  }
  return std::nullopt;
}

int ActiveNodes(Store::Data& d, const std::string& cid) {
  int n = 0;
  for (auto& [id, node] : d.of(kNode)) {
    if (node.value("_cluster", "") == cid && Phase(node) != "Deleting") ++n;
  }
  return n;
}

std::optional<Response> ClusterReady(const json* cluster, const std::string& cid) {
  if (cluster == nullptr) return NotFound("cluster", cid);
  std::string ph = Phase(*cluster);
  if (ph != "Available") {
    return CceError(403, "cluster " + cid + " is " + (ph.empty() ? "not ready" : ph) +
                             ", nodes can only be changed while the cluster is Available; retry later");
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Clusters

json NewSecurityGroup(const std::string& id, const std::string& name, const std::string& desc,
                      const std::string& pid, const std::string& cid, int64_t now) {
  std::string t = IsoTime(now).substr(0, 19) + "Z";
  return {{"id", id},           {"name", name},      {"description", desc}, {"tenant_id", pid},
          {"project_id", pid},  {"created_at", t},   {"updated_at", t},     {"_project_id", pid},
          {"_seq", now},        {"_cce_cluster", cid}};
}

json EgressRule(const std::string& id, const std::string& sg, const std::string& pid, int64_t now, int seq,
                const char* ethertype) {
  std::string t = IsoTime(now).substr(0, 19) + "Z";
  return {{"id", id},
          {"direction", "egress"},
          {"ethertype", ethertype},
          {"security_group_id", sg},
          {"protocol", nullptr},
          {"port_range_min", nullptr},
          {"port_range_max", nullptr},
          {"remote_ip_prefix", nullptr},
          {"remote_group_id", nullptr},
          {"description", ""},
          {"tenant_id", pid},
          {"project_id", pid},
          {"created_at", t},
          {"updated_at", t},
          {"_project_id", pid},
          {"_seq", seq}};
}

const std::vector<std::pair<std::string, std::string>>& DefaultAddons() {
  static const std::vector<std::pair<std::string, std::string>> a = {{"coredns", "1.28.4"}, {"everest", "2.1.30"}};
  return a;
}

json NewAddon(const std::string& id, const std::string& name, const std::string& version, const std::string& cid,
              const std::string& pid, int64_t now, int64_t visible_at, json values) {
  json a = {{"kind", "Addon"},
            {"apiVersion", "v3"},
            {"metadata",
             {{"uid", id},
              {"name", name},
              {"alias", name},
              {"creationTimestamp", CceTime(visible_at)},
              {"updateTimestamp", CceTime(visible_at)}}},
            {"spec",
             {{"clusterID", cid},
              {"version", version},
              {"addonTemplateName", name},
              {"addonTemplateType", "helm"},
              {"addonTemplateLabels", json::array()},
              {"description", ""},
              {"values", values}}},
            {"status",
             {{"status", "installing"},
              {"Reason", ""},
              {"message", ""},
              {"targetVersions", json::array()},
              {"currentVersion", {{"version", version}}}}},
            {"_id", id},
            {"_project_id", pid},
            {"_cluster", cid},
            {"_visible_at", visible_at},
            {"_seq", visible_at * 10 + (name == "coredns" ? 0 : 1)}};
  At(a, now, visible_at + kAddonInstallMs, {{"status", {{"status", "running"}}}});
  return a;
}

Response CreateCluster(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected a Cluster object).");
  Check c;
  CheckEnvelope(c, *body, "Cluster");
  const json* md = c.Obj(&*body, "metadata", "metadata", true);
  std::string name = c.Str(md, "name", "metadata.name", true);
  if (c.ok() && !MatchName(name, 4, 128, "")) {
    c.Fail("metadata.name '" + name +
           "' is invalid: use 4-128 characters, lower-case letters, digits and hyphens, starting with a letter and "
           "not ending with a hyphen");
  }
  json labels = c.StrMap(md, "labels", "metadata.labels");
  json annotations = c.StrMap(md, "annotations", "metadata.annotations");
  const json* spec = c.Obj(&*body, "spec", "spec", true);
  // The SDK sends "cce"/"turbo" (fixture requests_test.go); answers use CCE/Turbo.
  std::string category = c.Str(spec, "category", "spec.category", false, "CCE");
  std::string cat_lower = category;
  std::transform(cat_lower.begin(), cat_lower.end(), cat_lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (cat_lower == "cce") category = "CCE";
  if (cat_lower == "turbo") category = "Turbo";
  if (c.ok()) c.OneOf(category, {"CCE", "Turbo"}, "spec.category");
  std::string type = c.Str(spec, "type", "spec.type", true);
  if (c.ok()) c.OneOf(type, {"VirtualMachine", "BareMetal", "ARM64"}, "spec.type");
  std::string flavor = c.Str(spec, "flavor", "spec.flavor", true);
  if (c.ok()) {
    c.OneOf(flavor, {"cce.s1.small", "cce.s1.medium", "cce.s2.small", "cce.s2.medium", "cce.s2.large", "cce.s2.xlarge"},
            "spec.flavor");
  }
  std::string version_in = c.Str(spec, "version", "spec.version", false);
  std::string version;
  if (c.ok()) {
    std::string verr;
    version = ResolveVersion(version_in, &verr);
    if (!verr.empty()) c.Fail(verr);
  }
  std::string desc = c.Str(spec, "description", "spec.description", false);
  if (c.ok() && desc.size() > 200) c.Fail("spec.description must be at most 200 characters");
  int64_t billing = c.Int(spec, "billingMode", "spec.billingMode", false, 0, 0, 0);
  const json* hn = c.Obj(spec, "hostNetwork", "spec.hostNetwork", true);
  std::string vpc_id = c.Str(hn, "vpc", "spec.hostNetwork.vpc", true);
  std::string subnet_id = c.Str(hn, "subnet", "spec.hostNetwork.subnet", true);
  std::string highway = c.Str(hn, "highwaySubnet", "spec.hostNetwork.highwaySubnet", false);
  std::string user_sg = c.Str(hn, "SecurityGroup", "spec.hostNetwork.SecurityGroup", false);
  const json* cn = c.Obj(spec, "containerNetwork", "spec.containerNetwork", true);
  std::string mode = c.Str(cn, "mode", "spec.containerNetwork.mode", true);
  if (c.ok()) c.OneOf(mode, {"overlay_l2", "vpc-router", "eni"}, "spec.containerNetwork.mode");
  if (c.ok() && category == "Turbo" && mode != "eni") c.Fail("a Turbo cluster needs spec.containerNetwork.mode eni");
  if (c.ok() && category == "CCE" && mode == "eni") c.Fail("spec.containerNetwork.mode eni needs spec.category Turbo");
  std::string ccidr_s = c.Str(cn, "cidr", "spec.containerNetwork.cidr", false, mode == "eni" ? "" : "172.16.0.0/16");
  std::optional<Cidr> ccidr;
  if (c.ok() && !ccidr_s.empty()) {
    ccidr = ParseCidr(ccidr_s);
    if (!ccidr || !PrivateCidr(*ccidr) || ccidr->prefix > 19) {
      c.Fail("spec.containerNetwork.cidr '" + ccidr_s +
             "' is invalid: use a private CIDR (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) with a mask of /19 or "
             "shorter");
    }
  }
  const json* eni = c.Obj(spec, "eniNetwork", "spec.eniNetwork", mode == "eni");
  std::string eni_subnet = c.Str(eni, "eniSubnetId", "spec.eniNetwork.eniSubnetId", mode == "eni");
  std::string eni_cidr = c.Str(eni, "eniSubnetCIDR", "spec.eniNetwork.eniSubnetCIDR", mode == "eni");
  const json* auth = c.Obj(spec, "authentication", "spec.authentication", false);
  std::string auth_mode = c.Str(auth, "mode", "spec.authentication.mode", false, "rbac");
  if (c.ok()) c.OneOf(auth_mode, {"rbac", "x509", "authenticating_proxy"}, "spec.authentication.mode");
  const json* proxy = c.Obj(auth, "authenticatingProxy", "spec.authentication.authenticatingProxy", false);
  json proxy_out = json::object();
  if (auth_mode == "authenticating_proxy") {
    for (const char* f : {"ca", "cert", "privateKey"}) {
      c.Str(proxy, f, std::string("spec.authentication.authenticatingProxy.") + f, true);
    }
    if (c.ok()) proxy_out["ca"] = (*proxy)["ca"];  // cert and private key are never returned
  }
  std::string svc_s = c.Str(spec, "kubernetesSvcIpRange", "spec.kubernetesSvcIpRange", false, "10.247.0.0/16");
  std::optional<Cidr> svc;
  if (c.ok()) {
    svc = ParseCidr(svc_s);
    if (!svc || !PrivateCidr(*svc) || svc->prefix < 12 || svc->prefix > 24) {
      c.Fail("spec.kubernetesSvcIpRange '" + svc_s + "' is invalid: use a private CIDR with a mask between /12 and /24");
    }
  }
  std::string proxy_mode = c.Str(spec, "kubeProxyMode", "spec.kubeProxyMode", false, "iptables");
  if (c.ok()) c.OneOf(proxy_mode, {"iptables", "ipvs"}, "spec.kubeProxyMode");
  json ext = c.StrMap(spec, "extendParam", "spec.extendParam");
  std::string region = sim.config().region;
  if (c.ok() && ext.contains("clusterAZ")) {
    std::string az = ext["clusterAZ"];
    bool ok = az == "multi_az" || (az.size() == region.size() + 3 && az.rfind(region + "-0", 0) == 0 &&
                                   az.back() >= '1' && az.back() <= '3');
    if (!ok) c.Fail("spec.extendParam.clusterAZ '" + az + "' is invalid, use multi_az or " + region + "-01/02/03");
    if (ok && az == "multi_az" && flavor.find(".s2.") == std::string::npos) {
      c.Fail("spec.extendParam.clusterAZ multi_az needs an HA flavor (cce.s2.*)");
    }
  }
  std::string ext_ip = c.ok() ? ext.value("clusterExternalIP", "") : "";
  if (c.ok() && !ext_ip.empty() && !ParseIpv4(ext_ip)) c.Fail("spec.extendParam.clusterExternalIP '" + ext_ip + "' is not an IPv4 address");
  bool encrypt = c.Bool(spec, "enableMasterVolumeEncryption", "spec.enableMasterVolumeEncryption", false);
  if (svc && ccidr && svc->overlaps(*ccidr) && c.ok()) {
    c.Fail("spec.kubernetesSvcIpRange " + svc_s + " overlaps spec.containerNetwork.cidr " + ccidr_s);
  }
  if (!c.ok()) return Bad(c.err);

  bool fail = sim.faults().FailOperation(req.method, req.path);
  std::string id = sim.store().NewId();
  std::string ctrl_sg = sim.store().NewId();
  std::string node_sg = user_sg.empty() ? sim.store().NewId() : user_sg;
  std::vector<std::string> rule_ids;
  for (int i = 0; i < 4; ++i) rule_ids.push_back(sim.store().NewId());
  std::vector<std::string> addon_ids;
  for (std::size_t i = 0; i < DefaultAddons().size(); ++i) addon_ids.push_back(sim.store().NewId());
  int64_t now = sim.clock().NowMs();
  Response resp = sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    for (json* o : ListOf(d, kCluster, pid)) {
      if ((*o)["metadata"].value("name", "") == name) {
        return CceError(409, "cluster name " + name + " already exists in this project; choose another name");
      }
    }
    auto& vpcs = d.of("vpc");
    auto vit = vpcs.find(vpc_id);
    if (vit == vpcs.end() || !Owned(vit->second, pid)) return Bad("spec.hostNetwork.vpc: VPC " + vpc_id + " does not exist");
    json* subnet = FindSubnet(d, pid, subnet_id);
    if (subnet == nullptr) return BadCode("CCE.01400002", "spec.hostNetwork.subnet: subnet " + subnet_id + " does not exist");
    if (subnet->value("vpc_id", "") != vpc_id) {
      return BadCode("CCE.01400002", "spec.hostNetwork.subnet: subnet " + subnet_id + " does not belong to VPC " + vpc_id);
    }
    if (!highway.empty() && FindSubnet(d, pid, highway) == nullptr) {
      return Bad("spec.hostNetwork.highwaySubnet: subnet " + highway + " does not exist");
    }
    if (!user_sg.empty()) {
      auto& sgs = d.of("security_group");
      auto sit = sgs.find(user_sg);
      if (sit == sgs.end() || !Owned(sit->second, pid)) {
        return Bad("spec.hostNetwork.SecurityGroup: security group " + user_sg + " does not exist");
      }
    }
    auto vcidr = ParseCidr(vit->second.value("cidr", ""));
    if (vcidr && ccidr && vcidr->overlaps(*ccidr)) {
      return BadCode("CCE.01400005", "spec.containerNetwork.cidr " + ccidr_s + " conflicts with the VPC CIDR " +
                                         vit->second.value("cidr", "") + "; choose a non-overlapping range");
    }
    if (vcidr && svc && vcidr->overlaps(*svc)) {
      return Bad("spec.kubernetesSvcIpRange " + svc_s + " conflicts with the VPC CIDR " + vit->second.value("cidr", ""));
    }
    if (mode == "eni") {
      json* es = nullptr;
      for (auto& [sid, s] : d.of("subnet")) {
        if (Owned(s, pid) && s.value("neutron_subnet_id", "") == eni_subnet) es = &s;
      }
      if (es == nullptr) return Bad("spec.eniNetwork.eniSubnetId: no subnet has IPv4 subnet id " + eni_subnet);
      if (es->value("vpc_id", "") != vpc_id) {
        return BadCode("CCE.01400002", "spec.eniNetwork.eniSubnetId " + eni_subnet + " does not belong to VPC " + vpc_id);
      }
      if (es->value("cidr", "") != eni_cidr) {
        return Bad("spec.eniNetwork.eniSubnetCIDR " + eni_cidr + " does not match the subnet's CIDR " + es->value("cidr", ""));
      }
    }
    std::string external;
    if (!ext_ip.empty()) {
      if (FindEipByAddress(d, pid, ext_ip) == nullptr) {
        return Bad("spec.extendParam.clusterExternalIP: no EIP with address " + ext_ip + " exists");
      }
      external = "https://" + ext_ip + ":5443";
    }
    std::set<uint32_t> used = UsedIps(d, subnet_id);
    auto ip = FreeIp(*subnet, used);
    if (!ip) return Bad("spec.hostNetwork.subnet: subnet " + subnet_id + " has no free IP address left");

    json hostnet = {{"vpc", vpc_id}, {"subnet", subnet_id}, {"SecurityGroup", node_sg}};
    if (!highway.empty()) hostnet["highwaySubnet"] = highway;
    json cnet = {{"mode", mode}};
    if (!ccidr_s.empty()) cnet["cidr"] = ccidr_s;
    json cspec = {{"category", category},
                  {"type", type},
                  {"flavor", flavor},
                  {"version", version},
                  {"description", desc},
                  {"ipv6enable", false},
                  {"hostNetwork", hostnet},
                  {"containerNetwork", cnet},
                  {"authentication", {{"mode", auth_mode}, {"authenticatingProxy", proxy_out}}},
                  {"billingMode", billing},
                  {"kubernetesSvcIpRange", svc_s},
                  {"kubeProxyMode", proxy_mode},
                  {"extendParam", ext},
                  {"enableMasterVolumeEncryption", encrypt}};
    if (mode == "eni") cspec["eniNetwork"] = {{"eniSubnetId", eni_subnet}, {"eniSubnetCIDR", eni_cidr}};
    bool ha = flavor.find(".s2.") != std::string::npos;
    int64_t ready = now + (ha ? kClusterCreateHaMs : kClusterCreateMs);
    int64_t end = fail ? now + kClusterFailMs : ready;
    std::string reason = fail ? FailReason("Create cluster " + name) : "";
    json& job = NewJob(sim, d, pid, "CreateCluster", id, id, name, "", now, now + kJobStartMs, end, reason);
    json cluster = {{"kind", "Cluster"},
                    {"apiVersion", "v3"},
                    {"metadata",
                     {{"name", name},
                      {"uid", id},
                      {"creationTimestamp", CceTime(now)},
                      {"updateTimestamp", CceTime(now)},
                      {"labels", labels},
                      {"annotations", annotations}}},
                    {"spec", cspec},
                    {"status",
                     {{"phase", "Creating"},
                      {"jobID", job["metadata"]["uid"]},
                      {"reason", ""},
                      {"message", ""},
                      {"endpoints",
                       {{"internal", "https://" + Ip(*ip) + ":5443"},
                        {"external", external},
                        {"external_otc", "https://" + id + ".cce." + region + ".otc.t-systems.com"}}}}},
                    {"_id", id},
                    {"_project_id", pid},
                    {"_cluster", id},
                    {"_uses_subnet", subnet_id},
                    {"_uses_security_group", node_sg},  // neutron.cc refuses to delete it meanwhile
                    {"_ip", Ip(*ip)},
                    {"_seq", now}};
    if (fail) {
      At(cluster, now, end, {{"status", {{"phase", "Error"}, {"reason", reason}, {"message", reason}}}});
    } else {
      At(cluster, now, ready, {{"status", {{"phase", "Available"}}}});
    }
    // The security groups CCE creates for the masters and the nodes; the
    // provider finds them by cluster id in their description.
    d.of("security_group")[ctrl_sg] =
        NewSecurityGroup(ctrl_sg, name + "-cce-control-" + Suffix(ctrl_sg),
                         "The security group is created by CCE cluster " + id + " for the master port", pid, id, now);
    d.of("security_group_rule")[rule_ids[0]] = EgressRule(rule_ids[0], ctrl_sg, pid, now, 0, "IPv4");
    d.of("security_group_rule")[rule_ids[1]] = EgressRule(rule_ids[1], ctrl_sg, pid, now, 1, "IPv6");
    if (user_sg.empty()) {
      d.of("security_group")[node_sg] =
          NewSecurityGroup(node_sg, name + "-cce-node-" + Suffix(node_sg),
                           "The security group is created by CCE cluster " + id + " for the node", pid, id, now);
      d.of("security_group_rule")[rule_ids[2]] = EgressRule(rule_ids[2], node_sg, pid, now, 0, "IPv4");
      d.of("security_group_rule")[rule_ids[3]] = EgressRule(rule_ids[3], node_sg, pid, now, 1, "IPv6");
    }
    if (!fail) {
      for (std::size_t i = 0; i < DefaultAddons().size(); ++i) {
        const auto& [an, av] = DefaultAddons()[i];
        d.of(kAddon)[addon_ids[i]] = NewAddon(addon_ids[i], an, av, id, pid, now, ready, json::object());
      }
    }
    d.of(kCluster)[id] = cluster;
    dirty = true;
    return Response::json(201, Store::Public(cluster).dump());
  });
  if (resp.status == 201) sim.faults().NoteCreated(req.method, req.path, {id}, now);
  return resp;
}

Response UpdateCluster(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected {\"spec\":{...}}).");
  Check c;
  const json* spec = c.Obj(&*body, "spec", "spec", false);
  const json* md = c.Obj(&*body, "metadata", "metadata", false);
  std::string alias = c.Str(md, "alias", "metadata.alias", false);
  bool has_desc = spec != nullptr && spec->contains("description");
  std::string desc = c.Str(spec, "description", "spec.description", false);
  if (c.ok() && desc.size() > 200) c.Fail("spec.description must be at most 200 characters");
  const json* san = c.Arr(spec, "customSan", "spec.customSan", false);
  if (san != nullptr && c.ok()) {
    for (const auto& s : *san) {
      if (!s.is_string()) c.Fail("spec.customSan must hold strings");
    }
  }
  const json* hn = c.Obj(spec, "hostNetwork", "spec.hostNetwork", false);
  std::string sg = c.Str(hn, "SecurityGroup", "spec.hostNetwork.SecurityGroup", false);
  if (!c.ok()) return Bad(c.err);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, id);
    if (cl == nullptr) return NotFound("cluster", id);
    if (Phase(*cl) == "Deleting") return CceError(403, "cluster " + id + " is being deleted and cannot be updated");
    if (!sg.empty()) {
      auto& sgs = d.of("security_group");
      auto it = sgs.find(sg);
      if (it == sgs.end() || !Owned(it->second, pid)) {
        return Bad("spec.hostNetwork.SecurityGroup: security group " + sg + " does not exist");
      }
      (*cl)["spec"]["hostNetwork"]["SecurityGroup"] = sg;
      (*cl)["_uses_security_group"] = sg;
    }
    if (has_desc) (*cl)["spec"]["description"] = desc;
    if (san != nullptr) (*cl)["spec"]["customSan"] = *san;
    if (!alias.empty()) (*cl)["metadata"]["alias"] = alias;
    (*cl)["metadata"]["updateTimestamp"] = CceTime(now);
    dirty = true;
    return Response::json(200, Store::Public(*cl).dump());
  });
}

Response DeleteCluster(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  for (const char* f : {"delete_efs", "delete_eni", "delete_evs", "delete_net", "delete_obs", "delete_sfs"}) {
    std::string v = req.query_param(f);
    if (!v.empty() && v != "true" && v != "try" && v != "false") {
      return Bad(std::string(f) + "='" + v + "' is invalid, must be one of: true, try, false");
    }
  }
  bool fail = sim.faults().FailOperation(req.method, req.path);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, id);
    if (cl == nullptr) return NotFound("cluster", id);
    if (Phase(*cl) == "Deleting") return Response::json(200, Store::Public(*cl).dump());
    int64_t end = now + kClusterDeleteMs;
    std::string reason = fail ? FailReason("Delete cluster " + (*cl)["metadata"].value("name", "")) : "";
    json& job = NewJob(sim, d, pid, "DeleteCluster", id, id, (*cl)["metadata"].value("name", ""), "", now,
                       now + kJobStartMs, end, reason);
    ClearPending(*cl);
    (*cl)["status"]["phase"] = "Deleting";
    (*cl)["status"]["jobID"] = job["metadata"]["uid"];
    (*cl)["metadata"]["updateTimestamp"] = CceTime(now);
    if (fail) {
      At(*cl, now, end, {{"status", {{"phase", "Error"}, {"reason", reason}, {"message", reason}}}});
    } else {
      At(*cl, now, end, {{"_gone", true}});
      // Node pools and nodes go with the cluster.
      for (auto& [pid_, pool] : d.of(kPool)) {
        if (pool.value("_cluster", "") != id) continue;
        ClearPending(pool);
        pool["status"]["phase"] = "Deleting";
      }
      for (auto& [nid, node] : d.of(kNode)) {
        if (node.value("_cluster", "") == id) DeleteNodeAt(node, now, end, "");
      }
    }
    dirty = true;
    return Response::json(200, Store::Public(*cl).dump());
  });
}

Response MasterEip(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected {\"spec\":{\"action\":...}}).");
  Check c;
  const json* spec = c.Obj(&*body, "spec", "spec", true);
  std::string action = c.Str(spec, "action", "spec.action", true);
  if (c.ok()) c.OneOf(action, {"bind", "unbind"}, "spec.action");
  const json* inner = c.Obj(spec, "spec", "spec.spec", action == "bind");
  std::string eip_id = c.Str(inner, "id", "spec.spec.id", action == "bind");
  std::string addr = c.Str(spec, "elasticIp", "spec.elasticIp", false);
  if (!c.ok()) return Bad(c.err);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, id);
    if (cl == nullptr) return NotFound("cluster", id);
    if (Phase(*cl) != "Available") {
      return CceError(403, "cluster " + id + " is " + Phase(*cl) + "; the master EIP can only change while it is Available");
    }
    std::string public_ip;
    if (action == "bind") {
      auto& eips = d.of("publicip");
      auto it = eips.find(eip_id);
      if (it == eips.end() || !Owned(it->second, pid)) return Bad("spec.spec.id: EIP " + eip_id + " does not exist");
      public_ip = it->second.value("public_ip_address", "");
      if (!addr.empty() && addr != public_ip) {
        return Bad("spec.elasticIp " + addr + " is not the address of EIP " + eip_id + " (" + public_ip + ")");
      }
      (*cl)["status"]["endpoints"]["external"] = "https://" + public_ip + ":5443";
    } else {
      (*cl)["status"]["endpoints"]["external"] = "";
    }
    (*cl)["metadata"]["updateTimestamp"] = CceTime(now);
    dirty = true;
    json out = {{"metadata", json::object()},
                {"spec", {{"action", action}, {"spec", {{"id", eip_id}}}, {"elasticIp", public_ip}}},
                {"status", {{"privateIP", (*cl).value("_ip", "")}, {"publicIP", public_ip}}}};
    return Response::json(200, out.dump());
  });
}

// ---------------------------------------------------------------------------
// Certificates: a per-cluster EC CA (kept in the cluster's internal fields)
// and a fresh client certificate per request.

struct Ossl {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Ossl>;
using Cert = std::unique_ptr<X509, Ossl>;

std::string Pem(EVP_PKEY* key, X509* cert) {
  std::unique_ptr<BIO, Ossl> bio(BIO_new(BIO_s_mem()));
  if (!bio) return "";
  bool ok = key != nullptr ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1
                           : PEM_write_bio_X509(bio.get(), cert) == 1;
  if (!ok) return "";
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

Cert SignCert(EVP_PKEY* key, const std::string& cn, const std::string& org, X509* issuer, EVP_PKEY* issuer_key,
              int64_t days, bool ca, uint64_t serial) {
  Cert cert(X509_new());
  if (!cert) return nullptr;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days * 86400));
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!org.empty()) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  const char* bc = ca ? "critical,CA:TRUE" : "critical,CA:FALSE";
  const char* ku = ca ? "critical,keyCertSign,cRLSign,digitalSignature" : "critical,digitalSignature,keyEncipherment";
  const std::pair<int, const char*> exts[] = {{NID_basic_constraints, bc}, {NID_key_usage, ku}};
  for (const auto& [nid, val] : exts) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, val);
    if (ext == nullptr) return nullptr;
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (!ca) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_ext_key_usage, "clientAuth");
    if (ext != nullptr) {
      X509_add_ext(cert.get(), ext, -1);
      X509_EXTENSION_free(ext);
    }
  }
  if (X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) == 0) return nullptr;
  return cert;
}

std::string B64(const std::string& s) {
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(s.data()),
                          static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(std::max(0, n)));
  return out;
}

// Makes sure the cluster has a CA; returns false when OpenSSL failed.
bool EnsureCa(json& cl) {
  if (cl.contains("_ca_cert") && cl.contains("_ca_key")) return true;
  PKey key(EVP_EC_gen("P-256"));
  if (!key) return false;
  Cert ca = SignCert(key.get(), "cce-" + cl["metadata"].value("uid", ""), "CCE", nullptr, nullptr, 3650, true, 1);
  if (!ca) return false;
  cl["_ca_cert"] = Pem(nullptr, ca.get());
  cl["_ca_key"] = Pem(key.get(), nullptr);
  return true;
}

Response Kubeconfig(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  int64_t days = 1825;
  if (req.method == "POST") {
    auto body = ParseBody(req);
    if (!body) return Bad("The request body is not valid JSON (expected {\"duration\": days}).");
    Check c;
    days = c.Int(&*body, "duration", "duration", true, 1825, -1, 1825);
    if (c.ok() && days == 0) c.Fail("duration must be between 1 and 1825 days, or -1 for the maximum");
    if (!c.ok()) return Bad(c.err);
    if (days == -1) days = 1825;
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, id);
    if (cl == nullptr) return NotFound("cluster", id);
    std::string ph = Phase(*cl);
    if (ph == "Creating" || ph == "Error" || ph == "Deleting") {
      return Bad("cluster " + id + " is " + ph + "; certificates are available once the cluster is Available");
    }
    if (!cl->contains("_ca_cert")) {
      if (!EnsureCa(*cl)) return CceError(500, "could not create the cluster CA");
      dirty = true;
    }
    std::string ca_pem = (*cl)["_ca_cert"];
    std::string ca_key_pem = (*cl)["_ca_key"];
    std::unique_ptr<BIO, Ossl> cb(BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size())));
    std::unique_ptr<BIO, Ossl> kb(BIO_new_mem_buf(ca_key_pem.data(), static_cast<int>(ca_key_pem.size())));
    Cert ca(cb ? PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr) : nullptr);
    PKey ca_key(kb ? PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr) : nullptr);
    PKey key(EVP_EC_gen("P-256"));
    if (!ca || !ca_key || !key) return CceError(500, "could not load the cluster CA");
    Cert client = SignCert(key.get(), "user", "system:masters", ca.get(), ca_key.get(), days, false,
                           static_cast<uint64_t>(now));
    if (!client) return CceError(500, "could not sign the client certificate");
    std::string ca_b64 = B64(ca_pem);
    json clusters = json::array();
    json contexts = json::array();
    const json& ep = (*cl)["status"]["endpoints"];
    clusters.push_back({{"name", "internalCluster"},
                        {"cluster", {{"server", ep.value("internal", "")}, {"certificate-authority-data", ca_b64}}}});
    contexts.push_back({{"name", "internal"}, {"context", {{"cluster", "internalCluster"}, {"user", "user"}}}});
    if (!ep.value("external", "").empty()) {
      clusters.push_back(
          {{"name", "externalCluster"},
           {"cluster", {{"server", ep.value("external", "")}, {"certificate-authority-data", ca_b64}}}});
      contexts.push_back({{"name", "external"}, {"context", {{"cluster", "externalCluster"}, {"user", "user"}}}});
    }
    json kc = {{"kind", "Config"},
               {"apiVersion", "v1"},
               {"preferences", json::object()},
               {"clusters", clusters},
               {"users",
                json::array({{{"name", "user"},
                              {"user",
                               {{"client-certificate-data", B64(Pem(nullptr, client.get()))},
                                {"client-key-data", B64(Pem(key.get(), nullptr))}}}}})},
               {"contexts", contexts},
               {"current-context", "internal"}};
    return Response::json(200, kc.dump());
  });
}

// ---------------------------------------------------------------------------
// Node pools

bool MatchPoolName(const std::string& n) { return MatchName(n, 1, 50, ""); }

struct PoolInput {
  std::string name;
  int64_t count = 0;
  json autoscaling;
  bool has_count = false;
};

void ParseAutoscaling(Check& c, const json* spec, PoolInput* in) {
  const json* as = c.Obj(spec, "autoscaling", "spec.autoscaling", false);
  bool en = c.Bool(as, "enable", "spec.autoscaling.enable", false);
  int64_t mn = c.Int(as, "minNodeCount", "spec.autoscaling.minNodeCount", false, 0, 0, 2000);
  int64_t mx = c.Int(as, "maxNodeCount", "spec.autoscaling.maxNodeCount", false, 0, 0, 2000);
  int64_t cd = c.Int(as, "scaleDownCooldownTime", "spec.autoscaling.scaleDownCooldownTime", false, 0, 0, 2147483647);
  int64_t pr = c.Int(as, "priority", "spec.autoscaling.priority", false, 0, 0, 2147483647);
  if (c.ok() && en && mn > mx) c.Fail("spec.autoscaling.minNodeCount must not exceed maxNodeCount");
  if (c.ok() && en && (in->count < mn || in->count > mx)) {
    c.Fail("spec.initialNodeCount must lie between spec.autoscaling.minNodeCount and maxNodeCount");
  }
  in->autoscaling = {{"enable", en}, {"minNodeCount", mn}, {"maxNodeCount", mx}, {"scaleDownCooldownTime", cd},
                     {"priority", pr}};
}

// Creates `n` nodes for pool `pool`; returns when the last one is ready.
std::optional<Response> AddPoolNodes(Simulator& sim, Store::Data& d, const std::string& pid, const json& cluster,
                                     json& pool, int64_t n, const std::string& job_id, int64_t now,
                                     int64_t* ready_at) {
  NodeTemplate tmpl;
  tmpl.spec = pool["spec"]["nodeTemplate"];
  tmpl.subnet_id = tmpl.spec["nodeNicSpec"]["primaryNic"].value("subnetId", "");
  json* subnet = nullptr;
  if (auto e = ResolveSubnet(d, pid, cluster, tmpl, &subnet)) return e;
  std::set<uint32_t> used = UsedIps(d, tmpl.subnet_id);
  std::vector<std::string> ips;
  for (int64_t i = 0; i < n; ++i) {
    std::string ip;
    if (auto e = PickIp(d, *subnet, "", used, &ip)) return e;
    ips.push_back(ip);
  }
  for (const std::string& ip : ips) {
    std::string nid_seed = sim.store().NewId();
    std::string name = pool["metadata"].value("name", "") + "-" + Suffix(nid_seed);
    NodeOp op = CreateNodeWithJobs(sim, d, pid, cluster, tmpl, name, ip, "", pool["metadata"].value("uid", ""),
                                   job_id, now, "");
    d.of(kNode)[op.node_id]["metadata"]["labels"]["cce.cloud.com/cce-nodepool"] = pool["metadata"].value("name", "");
    *ready_at = std::max(*ready_at, op.ready_at);
  }
  return std::nullopt;
}

Response CreatePool(Simulator& sim, const Request& req, const std::string& pid, const std::string& cid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected a NodePool object).");
  Check c;
  CheckEnvelope(c, *body, "NodePool");
  const json* md = c.Obj(&*body, "metadata", "metadata", true);
  PoolInput in;
  in.name = c.Str(md, "name", "metadata.name", true);
  if (c.ok() && !MatchPoolName(in.name)) {
    c.Fail("metadata.name '" + in.name +
           "' is invalid: use 1-50 lower-case letters, digits and hyphens, starting with a letter and not ending with "
           "a hyphen");
  }
  const json* spec = c.Obj(&*body, "spec", "spec", true);
  std::string type = c.Str(spec, "type", "spec.type", false);
  if (c.ok() && type != "vm") c.Fail("invalid nodepool type: " + type + ", should be vm");
  in.count = c.Int(spec, "initialNodeCount", "spec.initialNodeCount", true, 0, 0, 2000);
  ParseAutoscaling(c, spec, &in);
  const json* nm = c.Obj(spec, "nodeManagement", "spec.nodeManagement", false);
  std::string sgref = c.Str(nm, "serverGroupReference", "spec.nodeManagement.serverGroupReference", false);
  const json* csg = c.Arr(spec, "customSecurityGroups", "spec.customSecurityGroups", false);
  std::vector<std::string> sgs;
  if (csg != nullptr) {
    for (const auto& s : *csg) {
      if (!s.is_string()) {
        c.Fail("spec.customSecurityGroups must hold security group ids");
        break;
      }
      sgs.push_back(s.get<std::string>());
    }
  }
  const json* tmpl_in = c.Obj(spec, "nodeTemplate", "spec.nodeTemplate", true);
  if (!c.ok()) return Bad(c.err);
  bool fail = sim.faults().FailOperation(req.method, req.path);
  std::string id = sim.store().NewId();
  int64_t now = sim.clock().NowMs();
  Response resp = sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, cid);
    if (auto e = ClusterReady(cl, cid)) return *e;
    NodeTemplate tmpl = ParseTemplate(c, tmpl_in, "spec.nodeTemplate", sim.config().region,
                                      (*cl)["spec"].value("version", ""));
    if (!c.ok()) return Bad(c.err);
    for (json* p : ListOf(d, kPool, pid)) {
      if (p->value("_cluster", "") == cid && (*p)["metadata"].value("name", "") == in.name) {
        return CceError(409, "node pool name " + in.name + " already exists in cluster " + cid);
      }
    }
    for (const auto& s : sgs) {
      auto& k = d.of("security_group");
      auto it = k.find(s);
      if (it == k.end() || !Owned(it->second, pid)) {
        return Bad("spec.customSecurityGroups: security group " + s + " does not exist");
      }
    }
    json* subnet = nullptr;
    if (auto e = ResolveSubnet(d, pid, *cl, tmpl, &subnet)) return *e;
    int limit = MaxNodes((*cl)["spec"].value("flavor", ""));
    if (ActiveNodes(d, cid) + in.count > limit) {
      return Bad("spec.initialNodeCount " + std::to_string(in.count) + " exceeds the cluster's limit of " +
                 std::to_string(limit) + " nodes (flavor " + (*cl)["spec"].value("flavor", "") + ")");
    }
    tmpl.spec["nodeNicSpec"]["primaryNic"]["subnetId"] = tmpl.subnet_id;
    tmpl.spec["k8sTags"]["cce.cloud.com/cce-nodepool"] = in.name;
    tmpl.spec["count"] = 1;
    std::string reason = fail ? FailReason("Create node pool " + in.name) : "";
    json pool = {{"kind", "NodePool"},
                 {"apiVersion", "v3"},
                 {"metadata",
                  {{"name", in.name}, {"uid", id}, {"creationTimestamp", CceTime(now)}, {"updateTimestamp", CceTime(now)}}},
                 {"spec",
                  {{"type", "vm"},
                   {"nodeTemplate", tmpl.spec},
                   {"initialNodeCount", in.count},
                   {"autoscaling", in.autoscaling},
                   {"nodeManagement", {{"serverGroupReference", sgref}}},
                   {"customSecurityGroups", sgs}}},
                 {"status", {{"currentNode", 0}, {"phase", "Synchronizing"}, {"jobId", ""}}},
                 {"_id", id},
                 {"_project_id", pid},
                 {"_cluster", cid},
                 {"_uses_security_group", sgs.empty() ? std::string() : sgs[0]},
                 {"_seq", now}};
    int64_t ready = now + kJobStartMs;
    json& job = NewJob(sim, d, pid, "CreateNodePool", cid, id, in.name, "", now, now + kJobStartMs,
                       fail ? now + kNodeFailMs : now + kNodeVmMs + kNodeInstallMs, reason);
    std::string job_id = job["metadata"]["uid"];
    pool["status"]["jobId"] = job_id;
    if (fail) {
      At(pool, now, now + kNodeFailMs, {{"status", {{"phase", "Error"}, {"message", reason}}}});
    } else {
      if (auto e = AddPoolNodes(sim, d, pid, *cl, pool, in.count, job_id, now, &ready)) return *e;
      At(pool, now, ready, {{"status", {{"phase", ""}}}});
    }
    d.of(kPool)[id] = pool;
    Sweep(d, now, dirty);
    dirty = true;
    return Response::json(201, Store::Public(d.of(kPool)[id]).dump());
  });
  if (resp.status == 201) sim.faults().NoteCreated(req.method, req.path, {id}, now);
  return resp;
}

Response UpdatePool(Simulator& sim, const Request& req, const std::string& pid, const std::string& cid,
                    const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected a NodePool object).");
  Check c;
  CheckEnvelope(c, *body, "NodePool");
  const json* md = c.Obj(&*body, "metadata", "metadata", false);
  PoolInput in;
  in.name = c.Str(md, "name", "metadata.name", false);
  if (c.ok() && !in.name.empty() && !MatchPoolName(in.name)) c.Fail("metadata.name '" + in.name + "' is invalid");
  const json* spec = c.Obj(&*body, "spec", "spec", true);
  std::string type = c.Str(spec, "type", "spec.type", false);
  if (c.ok() && type != "vm") c.Fail("invalid nodepool type: " + type + ", should be vm");
  in.has_count = spec != nullptr && spec->contains("initialNodeCount");
  in.count = c.Int(spec, "initialNodeCount", "spec.initialNodeCount", false, 0, 0, 2000);
  const json* tmpl = c.Obj(spec, "nodeTemplate", "spec.nodeTemplate", false);
  json k8s = c.StrMap(tmpl, "k8sTags", "spec.nodeTemplate.k8sTags");
  const json* taints = c.Arr(tmpl, "taints", "spec.nodeTemplate.taints", false);
  if (taints != nullptr) {
    for (const auto& t : *taints) {
      if (!t.is_object()) {
        c.Fail("spec.nodeTemplate.taints must hold objects");
        break;
      }
      std::string eff = c.Str(&t, "effect", "spec.nodeTemplate.taints[].effect", true);
      c.Str(&t, "key", "spec.nodeTemplate.taints[].key", true);
      if (c.ok()) c.OneOf(eff, {"NoSchedule", "PreferNoSchedule", "NoExecute"}, "spec.nodeTemplate.taints[].effect");
    }
  }
  if (!c.ok()) return Bad(c.err);
  int64_t now = sim.clock().NowMs();
  // Only a change of the node count starts an asynchronous operation.
  bool fail = false;
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, cid);
    if (cl == nullptr) return NotFound("cluster", cid);
    json* pool = Find(d, kPool, pid, id);
    if (pool == nullptr || pool->value("_cluster", "") != cid) return NotFound("node pool", id);
    if (Phase(*pool) == "Deleting") return CceError(403, "node pool " + id + " is being deleted and cannot be updated");
    if (!in.has_count) in.count = (*pool)["spec"].value("initialNodeCount", 0);
    in.autoscaling = (*pool)["spec"]["autoscaling"];
    if (spec->contains("autoscaling")) ParseAutoscaling(c, spec, &in);
    if (!c.ok()) return Bad(c.err);
    if (!in.name.empty() && in.name != (*pool)["metadata"].value("name", "")) {
      for (json* p : ListOf(d, kPool, pid)) {
        if (p->value("_cluster", "") == cid && (*p)["metadata"].value("name", "") == in.name) {
          return CceError(409, "node pool name " + in.name + " already exists in cluster " + cid);
        }
      }
    }
    std::vector<json*> nodes;
    for (auto& [nid, node] : d.of(kNode)) {
      if (node.value("_pool", "") == id && Phase(node) != "Deleting") nodes.push_back(&node);
    }
    int64_t have = static_cast<int64_t>(nodes.size());
    if (in.count != have) {
      if (auto e = ClusterReady(cl, cid)) return *e;
      int limit = MaxNodes((*cl)["spec"].value("flavor", ""));
      if (ActiveNodes(d, cid) - have + in.count > limit) {
        return Bad("spec.initialNodeCount " + std::to_string(in.count) + " exceeds the cluster's limit of " +
                   std::to_string(limit) + " nodes");
      }
      fail = sim.faults().FailOperation(req.method, req.path);
    }
    if (!in.name.empty()) (*pool)["metadata"]["name"] = in.name;
    if (tmpl != nullptr && tmpl->contains("k8sTags")) {
      k8s["cce.cloud.com/cce-nodepool"] = (*pool)["metadata"]["name"];
      (*pool)["spec"]["nodeTemplate"]["k8sTags"] = k8s;
    }
    if (taints != nullptr) (*pool)["spec"]["nodeTemplate"]["taints"] = *taints;
    (*pool)["spec"]["autoscaling"] = in.autoscaling;
    (*pool)["metadata"]["updateTimestamp"] = CceTime(now);
    if (in.count != have) {
      std::string pname = (*pool)["metadata"].value("name", "");
      std::string reason = fail ? FailReason("Scale node pool " + pname) : "";
      int64_t end = now + (in.count > have ? kNodeVmMs + kNodeInstallMs : kNodeDeleteMs);
      json& job = NewJob(sim, d, pid, in.count > have ? "ScaleUpNodePool" : "ScaleDownNodePool", cid, id, pname, "",
                         now, now + kJobStartMs, fail ? now + kNodeFailMs : end, reason);
      std::string job_id = job["metadata"]["uid"];
      ClearPending(*pool);
      (*pool)["status"]["phase"] = "Synchronizing";
      (*pool)["status"]["jobId"] = job_id;
      (*pool)["spec"]["initialNodeCount"] = in.count;
      if (fail) {
        At(*pool, now, now + kNodeFailMs, {{"status", {{"phase", "Error"}, {"message", reason}}}});
      } else {
        int64_t ready = now + kJobStartMs;
        if (in.count > have) {
          if (auto e = AddPoolNodes(sim, d, pid, *cl, *pool, in.count - have, job_id, now, &ready)) return *e;
        } else {
          std::sort(nodes.begin(), nodes.end(), [](const json* a, const json* b) {
            return a->value("_seq", int64_t{0}) > b->value("_seq", int64_t{0});
          });
          for (int64_t i = 0; i < have - in.count; ++i) {
            DeleteNodeAt(*nodes[static_cast<std::size_t>(i)], now, now + kNodeDeleteMs, "");
            ready = std::max(ready, now + kNodeDeleteMs);
          }
        }
        for (auto& [nid, node] : d.of(kNode)) {
          if (node.value("_pool", "") == id) ready = std::max(ready, node.value("_ready_at", int64_t{0}));
        }
        At(*pool, now, ready, {{"status", {{"phase", ""}}}});
      }
    } else {
      (*pool)["spec"]["initialNodeCount"] = in.count;
    }
    json out = *pool;
    Sweep(d, now, dirty);
    dirty = true;
    json* after = Find(d, kPool, pid, id);
    return Response::json(200, Store::Public(after != nullptr ? *after : out).dump());
  });
}

Response DeletePool(Simulator& sim, const Request& req, const std::string& pid, const std::string& cid,
                    const std::string& id) {
  bool fail = sim.faults().FailOperation(req.method, req.path);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    if (Find(d, kCluster, pid, cid) == nullptr) return NotFound("cluster", cid);
    json* pool = Find(d, kPool, pid, id);
    if (pool == nullptr || pool->value("_cluster", "") != cid) return NotFound("node pool", id);
    if (Phase(*pool) == "Deleting") return Response::json(200, Store::Public(*pool).dump());
    std::string pname = (*pool)["metadata"].value("name", "");
    std::string reason = fail ? FailReason("Delete node pool " + pname) : "";
    int64_t end = now + kPoolDeleteMs;
    json& job = NewJob(sim, d, pid, "DeleteNodePool", cid, id, pname, "", now, now + kJobStartMs, end, reason);
    ClearPending(*pool);
    (*pool)["status"]["phase"] = "Deleting";
    (*pool)["status"]["jobId"] = job["metadata"]["uid"];
    (*pool)["metadata"]["updateTimestamp"] = CceTime(now);
    if (fail) {
      At(*pool, now, end, {{"status", {{"phase", "Error"}, {"message", reason}}}});
    } else {
      At(*pool, now, end, {{"_gone", true}});
      for (auto& [nid, node] : d.of(kNode)) {
        if (node.value("_pool", "") == id) DeleteNodeAt(node, now, end, "");
      }
    }
    dirty = true;
    return Response::json(200, Store::Public(*pool).dump());
  });
}

// ---------------------------------------------------------------------------
// Nodes

Response CreateNodes(Simulator& sim, const Request& req, const std::string& pid, const std::string& cid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected a Node object).");
  Check c;
  CheckEnvelope(c, *body, "Node");
  const json* md = c.Obj(&*body, "metadata", "metadata", false);
  std::string name = c.Str(md, "name", "metadata.name", false);
  if (c.ok() && !name.empty() && !MatchName(name, 1, 56, ".")) {
    c.Fail("metadata.name '" + name +
           "' is invalid: use 1-56 lower-case letters, digits, hyphens and dots, starting with a letter and not "
           "ending with a hyphen or dot");
  }
  json labels = c.StrMap(md, "labels", "metadata.labels");
  json annotations = c.StrMap(md, "annotations", "metadata.annotations");
  const json* spec = c.Obj(&*body, "spec", "spec", true);
  int64_t count = c.Int(spec, "count", "spec.count", false, 1, 1, 50);
  if (!c.ok()) return Bad(c.err);
  bool fail = sim.faults().FailOperation(req.method, req.path);
  int64_t now = sim.clock().NowMs();
  std::string first_id;
  Response resp = sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = Find(d, kCluster, pid, cid);
    if (auto e = ClusterReady(cl, cid)) return *e;
    NodeTemplate tmpl = ParseTemplate(c, spec, "spec", sim.config().region, (*cl)["spec"].value("version", ""));
    if (!c.ok()) return Bad(c.err);
    if (!tmpl.fixed_ip.empty() && count > 1) return Bad("invalid primary fixedIp: fixedIps needs spec.count 1");
    json* subnet = nullptr;
    if (auto e = ResolveSubnet(d, pid, *cl, tmpl, &subnet)) return *e;
    int limit = MaxNodes((*cl)["spec"].value("flavor", ""));
    if (ActiveNodes(d, cid) + count > limit) {
      return Bad("spec.count " + std::to_string(count) + " exceeds the cluster's limit of " + std::to_string(limit) +
                 " nodes");
    }
    std::vector<std::string> eips;
    for (const auto& eid : tmpl.eip_ids) {
      auto& k = d.of("publicip");
      auto it = k.find(eid);
      if (it == k.end() || !Owned(it->second, pid)) return Bad("spec.publicIP.ids: EIP " + eid + " does not exist");
      if (it->second.value("port_id", json()).is_string()) return Bad("spec.publicIP.ids: EIP " + eid + " is already bound");
      eips.push_back(it->second.value("public_ip_address", ""));
    }
    if (!eips.empty() && static_cast<int64_t>(eips.size()) != count) {
      return Bad("spec.publicIP.ids must name one EIP per node (spec.count " + std::to_string(count) + ")");
    }
    std::set<uint32_t> used = UsedIps(d, tmpl.subnet_id);
    std::vector<std::string> ips;
    for (int64_t i = 0; i < count; ++i) {
      std::string ip;
      if (auto e = PickIp(d, *subnet, tmpl.fixed_ip, used, &ip)) return *e;
      ips.push_back(ip);
    }
    std::string cname = (*cl)["metadata"].value("name", "");
    std::string reason = fail ? FailReason("Create node") : "";
    int64_t end = fail ? now + kNodeFailMs : now + kNodeVmMs + kNodeInstallMs;
    json& job = NewJob(sim, d, pid, "ScaleupCluster", cid, cid, cname, "", now, now + kJobStartMs, end, reason);
    std::string job_id = job["metadata"]["uid"];
    for (int64_t i = 0; i < count; ++i) {
      std::string seed = sim.store().NewId();
      std::string n = name.empty() ? cname + "-" + Suffix(seed) : (count > 1 ? name + "-" + Suffix(seed) : name);
      NodeOp op = CreateNodeWithJobs(sim, d, pid, *cl, tmpl, n, ips[static_cast<std::size_t>(i)],
                                     eips.empty() ? "" : eips[static_cast<std::size_t>(i)], "", job_id, now, reason);
      json& node = d.of(kNode)[op.node_id];
      for (auto& [k, v] : labels.items()) node["metadata"]["labels"][k] = v;
      for (auto& [k, v] : annotations.items()) node["metadata"]["annotations"][k] = v;
      if (first_id.empty()) first_id = op.node_id;
    }
    dirty = true;
    return Response::json(201, Store::Public(d.of(kNode)[first_id]).dump());
  });
  if (resp.status == 201) sim.faults().NoteCreated(req.method, req.path, {first_id}, now);
  return resp;
}

Response UpdateNode(Simulator& sim, const Request& req, const std::string& pid, const std::string& cid,
                    const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected {\"metadata\":{\"name\":...}}).");
  Check c;
  const json* md = c.Obj(&*body, "metadata", "metadata", true);
  std::string name = c.Str(md, "name", "metadata.name", true);
  if (c.ok() && !MatchName(name, 1, 56, ".")) c.Fail("metadata.name '" + name + "' is invalid");
  if (!c.ok()) return Bad(c.err);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    if (Find(d, kCluster, pid, cid) == nullptr) return NotFound("cluster", cid);
    json* node = Find(d, kNode, pid, id);
    if (node == nullptr || node->value("_cluster", "") != cid) return NotFound("node", id);
    (*node)["metadata"]["name"] = name;
    (*node)["metadata"]["updateTimestamp"] = CceTime(now);
    dirty = true;
    return Response::json(200, Store::Public(*node).dump());
  });
}

Response DeleteNode(Simulator& sim, const Request& req, const std::string& pid, const std::string& cid,
                    const std::string& id) {
  bool fail = sim.faults().FailOperation(req.method, req.path);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    if (Find(d, kCluster, pid, cid) == nullptr) return NotFound("cluster", cid);
    json* node = Find(d, kNode, pid, id);
    if (node == nullptr || node->value("_cluster", "") != cid) return NotFound("node", id);
    if (Phase(*node) == "Deleting") return Response::json(200, Store::Public(*node).dump());
    std::string reason = fail ? FailReason("Delete node " + (*node)["metadata"].value("name", "")) : "";
    json& job = NewJob(sim, d, pid, "DeleteNode", cid, id, (*node)["metadata"].value("name", ""), "", now,
                       now + kJobStartMs, now + kNodeDeleteMs, reason);
    DeleteNodeAt(*node, now, now + kNodeDeleteMs, reason);
    (*node)["status"]["jobID"] = job["metadata"]["uid"];
    // A pool node deleted on its own leaves the pool one node smaller.
    if (!fail && !node->value("_pool", "").empty()) {
      if (json* pool = Find(d, kPool, pid, node->value("_pool", ""))) {
        (*pool)["spec"]["initialNodeCount"] = std::max(0, (*pool)["spec"].value("initialNodeCount", 0) - 1);
      }
    }
    dirty = true;
    return Response::json(200, Store::Public(*node).dump());
  });
}

// ---------------------------------------------------------------------------
// Add-ons (served on {cluster_id}.cce... hosts; the path is what matters).

const std::vector<std::string>& AddonTemplates() {
  static const std::vector<std::string> t = {"coredns", "everest", "autoscaler", "metrics-server", "npd",
                                             "gpu-beta", "nginx-ingress", "volcano", "dashboard"};
  return t;
}

json* FindAddonCluster(Store::Data& d, const std::string& pid, const std::string& cid) {
  return cid.empty() ? nullptr : Find(d, kCluster, pid, cid);
}

bool AddonVisible(const json& a, int64_t now) { return a.value("_visible_at", int64_t{0}) <= now && !Gone(a); }

Response CreateAddon(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON (expected an Addon object).");
  Check c;
  CheckEnvelope(c, *body, "Addon");
  const json* spec = c.Obj(&*body, "spec", "spec", true);
  std::string cid = c.Str(spec, "clusterID", "spec.clusterID", true);
  std::string version = c.Str(spec, "version", "spec.version", true);
  std::string tname = c.Str(spec, "addonTemplateName", "spec.addonTemplateName", true);
  const json* values = c.Obj(spec, "values", "spec.values", true);
  if (c.ok() && std::find(AddonTemplates().begin(), AddonTemplates().end(), tname) == AddonTemplates().end()) {
    c.Fail("spec.addonTemplateName '" + tname + "' is not a known add-on template");
  }
  if (!c.ok()) return Bad(c.err);
  std::string id = sim.store().NewId();
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Sweep(d, now, dirty);
    json* cl = FindAddonCluster(d, pid, cid);
    if (auto e = ClusterReady(cl, cid)) return *e;
    for (auto& [aid, a] : d.of(kAddon)) {
      if (a.value("_cluster", "") == cid && AddonVisible(a, now) && a["metadata"].value("name", "") == tname) {
        return CceErrorCode(409, "CCE.03409001", "add-on " + tname + " is already installed in cluster " + cid);
      }
    }
    json a = NewAddon(id, tname, version, cid, pid, now, now, *values);
    d.of(kAddon)[id] = a;
    dirty = true;
    return Response::json(201, Store::Public(a).dump());
  });
}

// ---------------------------------------------------------------------------
// Views

json ListView(std::vector<json> items) { return {{"kind", "List"}, {"apiVersion", "v3"}, {"items", std::move(items)}}; }

}  // namespace

void RegisterCce(Simulator& sim) {
  sim.AddSweeper(Sweep);
  Router& r = sim.router();
  const std::string base = "/api/v3/projects/{project_id}";
  using Fn = std::function<Response(const Request&, const Params&, const std::string&)>;
  auto authed = [&sim](Fn fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      std::string pid(Param(p, "project_id"));
      Identity who;
      if (auto err = sim.Authenticate(req, pid, &who)) return *err;
      return fn(req, p, pid);
    };
  };
  auto P = [](const Params& p, const char* k) { return std::string(Param(p, k)); };
  // Read helpers: sweep, then look up.
  auto read = [&sim](const std::string& pid, const std::function<Response(Store::Data&)>& f) {
    int64_t now = sim.clock().NowMs();
    (void)pid;
    return sim.store().With([&](Store::Data& d, bool& dirty) {
      Sweep(d, now, dirty);
      return f(d);
    });
  };

  // Clusters.
  r.Add("POST", base + "/clusters",
        authed([&sim](const Request& req, const Params&, const std::string& pid) { return CreateCluster(sim, req, pid); }));
  r.Add("GET", base + "/clusters", authed([read](const Request&, const Params&, const std::string& pid) {
          return read(pid, [&](Store::Data& d) {
            std::vector<json> items;
            for (json* o : ListOf(d, kCluster, pid)) items.push_back(Store::Public(*o));
            return Response::json(200, ListView(items).dump());
          });
        }));
  r.Add("GET", base + "/clusters/{cluster_id}", authed([read, P](const Request&, const Params& p, const std::string& pid) {
          std::string id = P(p, "cluster_id");
          return read(pid, [&](Store::Data& d) {
            json* o = Find(d, kCluster, pid, id);
            return o == nullptr ? NotFound("cluster", id) : Response::json(200, Store::Public(*o).dump());
          });
        }));
  r.Add("PUT", base + "/clusters/{cluster_id}",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return UpdateCluster(sim, req, pid, P(p, "cluster_id"));
        }));
  r.Add("DELETE", base + "/clusters/{cluster_id}",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return DeleteCluster(sim, req, pid, P(p, "cluster_id"));
        }));
  r.Add("PUT", base + "/clusters/{cluster_id}/mastereip",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return MasterEip(sim, req, pid, P(p, "cluster_id"));
        }));
  for (const char* m : {"GET", "POST"}) {
    r.Add(m, base + "/clusters/{cluster_id}/clustercert",
          authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
            return Kubeconfig(sim, req, pid, P(p, "cluster_id"));
          }));
  }

  // Jobs.
  r.Add("GET", base + "/jobs/{job_id}", authed([read, P](const Request&, const Params& p, const std::string& pid) {
          std::string id = P(p, "job_id");
          return read(pid, [&](Store::Data& d) {
            json* j = Find(d, kJob, pid, id);
            return j == nullptr ? NotFound("job", id) : Response::json(200, JobView(d, *j).dump());
          });
        }));

  // GET list and GET one of a cluster's children (node pools, nodes).
  auto child_reads = [&](const std::string& coll, const char* kind, const char* noun) {
    r.Add("GET", base + "/clusters/{cluster_id}/" + coll,
          authed([read, P, kind](const Request&, const Params& p, const std::string& pid) {
            std::string cid = P(p, "cluster_id");
            return read(pid, [&](Store::Data& d) {
              if (Find(d, kCluster, pid, cid) == nullptr) return NotFound("cluster", cid);
              std::vector<json> items;
              for (json* o : ListOf(d, kind, pid)) {
                if (o->value("_cluster", "") == cid) items.push_back(Store::Public(*o));
              }
              return Response::json(200, ListView(items).dump());
            });
          }));
    r.Add("GET", base + "/clusters/{cluster_id}/" + coll + "/{id}",
          authed([read, P, kind, noun](const Request&, const Params& p, const std::string& pid) {
            std::string cid = P(p, "cluster_id");
            std::string id = P(p, "id");
            return read(pid, [&](Store::Data& d) {
              if (Find(d, kCluster, pid, cid) == nullptr) return NotFound("cluster", cid);
              json* o = Find(d, kind, pid, id);
              if (o == nullptr || o->value("_cluster", "") != cid) return NotFound(noun, id);
              return Response::json(200, Store::Public(*o).dump());
            });
          }));
  };

  // Node pools.
  r.Add("POST", base + "/clusters/{cluster_id}/nodepools",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return CreatePool(sim, req, pid, P(p, "cluster_id"));
        }));
  child_reads("nodepools", kPool, "node pool");
  r.Add("PUT", base + "/clusters/{cluster_id}/nodepools/{id}",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return UpdatePool(sim, req, pid, P(p, "cluster_id"), P(p, "id"));
        }));
  r.Add("DELETE", base + "/clusters/{cluster_id}/nodepools/{id}",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return DeletePool(sim, req, pid, P(p, "cluster_id"), P(p, "id"));
        }));

  // Nodes.
  r.Add("POST", base + "/clusters/{cluster_id}/nodes",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return CreateNodes(sim, req, pid, P(p, "cluster_id"));
        }));
  child_reads("nodes", kNode, "node");
  r.Add("PUT", base + "/clusters/{cluster_id}/nodes/{id}",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return UpdateNode(sim, req, pid, P(p, "cluster_id"), P(p, "id"));
        }));
  r.Add("DELETE", base + "/clusters/{cluster_id}/nodes/{id}",
        authed([&sim, P](const Request& req, const Params& p, const std::string& pid) {
          return DeleteNode(sim, req, pid, P(p, "cluster_id"), P(p, "id"));
        }));

  // Add-ons: no project in the path; the token's project owns them.
  auto addon_auth = [&sim](std::function<Response(const Request&, const Params&, const std::string&)> fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      Identity who;
      if (auto err = sim.Authenticate(req, "", &who)) return *err;
      if (who.project_id.empty()) {
        return ApigwError(403, "APIGW.0302", "CCE add-ons need a project-scoped token (or X-Project-Id with AK/SK)");
      }
      return fn(req, p, who.project_id);
    };
  };
  r.Add("GET", "/api/v3/addons", addon_auth([&sim, read](const Request& req, const Params&, const std::string& pid) {
          std::string cid = req.query_param("cluster_id");
          if (cid.empty()) return Bad("query parameter cluster_id is required");
          int64_t now = sim.clock().NowMs();
          return read(pid, [&](Store::Data& d) {
            if (Find(d, kCluster, pid, cid) == nullptr) return NotFound("cluster", cid);
            std::vector<json*> mine;
            for (auto& [id, a] : d.of(kAddon)) {
              if (a.value("_cluster", "") == cid && Owned(a, pid) && AddonVisible(a, now)) mine.push_back(&a);
            }
            std::sort(mine.begin(), mine.end(), [](const json* a, const json* b) {
              return a->value("_seq", int64_t{0}) < b->value("_seq", int64_t{0});
            });
            std::vector<json> items;
            for (json* a : mine) items.push_back(Store::Public(*a));
            return Response::json(200, ListView(items).dump());
          });
        }));
  r.Add("POST", "/api/v3/addons", addon_auth([&sim](const Request& req, const Params&, const std::string& pid) {
          return CreateAddon(sim, req, pid);
        }));
  auto addon_one = [&sim, P](bool del) {
    return [&sim, P, del](const Request& req, const Params& p, const std::string& pid) {
      std::string id = P(p, "id");
      std::string cid = req.query_param("cluster_id");
      int64_t now = sim.clock().NowMs();
      return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
        Sweep(d, now, dirty);
        json* a = Find(d, kAddon, pid, id);
        if (a == nullptr || !AddonVisible(*a, now) || (!cid.empty() && a->value("_cluster", "") != cid)) {
          return NotFound("add-on", id);
        }
        if (del && (*a)["status"].value("status", "") != "deleting") {
          ClearPending(*a);
          (*a)["status"]["status"] = "deleting";
          At(*a, now, now + kAddonDeleteMs, {{"_gone", true}});
          dirty = true;
        }
        return Response::json(200, Store::Public(*a).dump());
      });
    };
  };
  r.Add("GET", "/api/v3/addons/{id}", addon_auth(addon_one(false)));
  r.Add("DELETE", "/api/v3/addons/{id}", addon_auth(addon_one(true)));
  r.Add("GET", "/api/v3/addontemplates", addon_auth([](const Request& req, const Params&, const std::string&) {
          std::string want = req.query_param("addon_template_name");
          std::vector<json> items;
          for (const auto& t : AddonTemplates()) {
            if (!want.empty() && want != t) continue;
            items.push_back({{"kind", "Addon"},
                             {"apiVersion", "v3"},
                             {"metadata", {{"name", t}, {"alias", t}}},
                             {"spec",
                              {{"type", "helm"},
                               {"require", t == "coredns" || t == "everest"},
                               {"labels", json::array()},
                               {"description", t + " add-on"},
                               {"versions", json::array()}}}});
          }
          return Response::json(200, ListView(items).dump());
        }));

  // ECS server tags of CCE nodes (the node resource Read, api.md 3.4).
  r.Add("GET", "/v1/{project_id}/cloudservers/{server_id}/tags",
        authed([read, P](const Request&, const Params& p, const std::string& pid) {
          std::string sid = P(p, "server_id");
          return read(pid, [&](Store::Data& d) {
            for (json* n : ListOf(d, kNode, pid)) {
              if ((*n)["status"].value("serverId", "") != sid) continue;
              json tags = json::array({{{"key", "CCE-Cluster-ID"}, {"value", n->value("_cluster", "")}},
                                       {{"key", "CCE-Dynamic-Provisioning-Node"}, {"value", n->value("_id", "")}}});
              return Response::json(200, json{{"tags", tags}}.dump());
            }
            json e = {{"error", {{"code", "Ecs.0114"}, {"message", "Instance[" + sid + "] could not be found."}}}};
            return Response::json(404, e.dump());
          });
        }));
}

}  // namespace otcsim
