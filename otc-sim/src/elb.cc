// ELB v3 dedicated load balancers (api.md section 6): load balancers,
// listeners, pools, members, health monitors, certificates, flavors and
// availability zones under /v3/{project_id}/elb/. Operations are synchronous
// as on OTC: objects come back with provisioning_status ACTIVE (ERROR when a
// `fail` fault fires on the create). A load balancer takes a VIP port in its
// vip_subnet_cidr_id subnet and one port per elb_virsubnet_ids subnet (Store
// kind "port", visible through Neutron /v2.0/ports), binds an existing EIP
// (publicip_ids) or allocates one with its bandwidth in the VPC store
// (publicip). Referential integrity: a load balancer with listeners or pools,
// a listener with pools, a pool with members or a health monitor and a
// certificate used by a listener cannot be deleted (409). Errors are
// {"request_id","error_msg","error_code"}; every response carries request_id.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <set>

#include "otcsim/cidr.h"
#include "otcsim/lifecycle.h"
#include "otcsim/signer.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

const char* kLb = "elb_loadbalancer";
const char* kListener = "elb_listener";
const char* kPool = "elb_pool";
const char* kMember = "elb_member";
const char* kMonitor = "elb_healthmonitor";
const char* kCert = "elb_certificate";
const char* kPort = "port";
const char* kEip = "publicip";
const char* kBw = "bandwidth";
constexpr uint32_t kEipPoolBase = 0x509E0000u;  // 80.158.0.0/16, as src/eip.cc
constexpr std::size_t kMaxPage = 2000;

#define ELB_TRY(expr)                 \
  do {                                \
    if (auto e_ = (expr)) return *e_; \
  } while (0)

Response ElbError(int status, std::string_view code, std::string_view msg) {
  return Response::json(status, json{{"request_id", ""}, {"error_msg", msg}, {"error_code", code}}.dump());
}
Response Bad(std::string_view msg) { return ElbError(400, "ELB.8902", msg); }
Response NotFound(std::string_view what, std::string_view id) {
  return ElbError(404, "ELB.8904", std::string(what) + " " + std::string(id) + " could not be found.");
}
Response Conflict(std::string_view msg) { return ElbError(409, "ELB.8907", msg); }
Response Ok(int status, const char* key, json obj) {
  return Response::json(status, json{{key, std::move(obj)}, {"request_id", ""}}.dump());
}
std::string Field(std::string_view k, std::string_view why) {
  return "Invalid input for field/attribute " + std::string(k) + ". " + std::string(why);
}

std::string ElbTime(int64_t ms) { return IsoTime(ms).substr(0, 19) + "Z"; }

std::string EipTime(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string Ip(uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." + std::to_string((v >> 8) & 255) + "." +
         std::to_string(v & 255);
}

// Creation order for listings: sim time with a per-process tie breaker.
int64_t Seq(int64_t now) {
  static std::atomic<int64_t> n{0};
  return now * 1000 + (n++ % 1000);
}

bool Owned(const json& o, const std::string& pid) { return o.value("_project_id", "") == pid; }
bool OneOf(const std::string& k, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return k == n; });
}
bool Given(const json& o, const char* k) { return o.contains(k) && !o[k].is_null(); }
std::string S(const json& o, const char* k) {
  auto it = o.find(k);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json* Find(Store::Data& d, const char* kind, const std::string& id, const std::string& pid) {
  auto& k = d.of(kind);
  auto it = k.find(id);
  return it == k.end() || !Owned(it->second, pid) ? nullptr : &it->second;
}

// ---- field validation; each returns the error response or nullopt ----

std::optional<Response> CheckString(const json& o, const char* k, std::size_t max, bool required = false) {
  if (!Given(o, k)) return required ? std::optional<Response>(Bad(Field(k, "It is mandatory."))) : std::nullopt;
  if (!o[k].is_string()) return Bad(Field(k, "Value: " + o[k].dump() + " is not a string."));
  if (o[k].get_ref<const std::string&>().size() > max) {
    return Bad(Field(k, "It is longer than " + std::to_string(max) + " characters."));
  }
  if (required && o[k].get_ref<const std::string&>().empty()) return Bad(Field(k, "It must not be empty."));
  return std::nullopt;
}

std::optional<Response> CheckBool(const json& o, const char* k) {
  if (Given(o, k) && !o[k].is_boolean()) return Bad(Field(k, "Value: " + o[k].dump() + " is not a boolean."));
  return std::nullopt;
}

std::optional<Response> CheckInt(const json& o, const char* k, int64_t lo, int64_t hi, bool required = false) {
  if (!Given(o, k)) return required ? std::optional<Response>(Bad(Field(k, "It is mandatory."))) : std::nullopt;
  if (!o[k].is_number_integer()) return Bad(Field(k, "Value: " + o[k].dump() + " is not an integer."));
  int64_t v = o[k].get<int64_t>();
  if (v < lo || v > hi) {
    return Bad(Field(k, "Value: " + std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " +
                            std::to_string(hi) + "]."));
  }
  return std::nullopt;
}

std::optional<Response> CheckEnum(const json& o, const char* k, std::initializer_list<const char*> allowed,
                                  bool required = false) {
  if (!Given(o, k)) return required ? std::optional<Response>(Bad(Field(k, "It is mandatory."))) : std::nullopt;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  if (!o[k].is_string() ||
      std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return o[k].get<std::string>() == a; })) {
    return Bad(Field(k, "Value: " + o[k].dump() + " is not one of [" + list + "]."));
  }
  return std::nullopt;
}

std::optional<Response> CheckStringArray(const json& o, const char* k, std::size_t max_items) {
  if (!Given(o, k)) return std::nullopt;
  if (!o[k].is_array() || o[k].size() > max_items ||
      std::any_of(o[k].begin(), o[k].end(), [](const json& v) { return !v.is_string(); })) {
    return Bad(Field(k, "It must be a list of at most " + std::to_string(max_items) + " strings."));
  }
  return std::nullopt;
}

std::optional<Response> CheckTags(const json& o) {
  if (!Given(o, "tags")) return std::nullopt;
  const json& t = o["tags"];
  if (!t.is_array() || t.size() > 20) return Bad(Field("tags", "It must be a list of at most 20 {key,value} objects."));
  std::set<std::string> keys;
  for (const auto& tag : t) {
    if (!tag.is_object() || !tag.contains("key") || !tag["key"].is_string() || tag["key"].get<std::string>().empty() ||
        tag["key"].get<std::string>().size() > 36 || (tag.contains("value") && !tag["value"].is_string())) {
      return Bad(Field("tags", "Each tag needs a non-empty string key (at most 36 characters) and a string value."));
    }
    if (!keys.insert(tag["key"].get<std::string>()).second) {
      return Bad(Field("tags", "Duplicate tag key '" + tag["key"].get<std::string>() + "'."));
    }
  }
  return std::nullopt;
}

std::optional<Response> CheckTrueOnly(const json& o, const char* k) {
  ELB_TRY(CheckBool(o, k));
  if (Given(o, k) && !o[k].get<bool>()) return Bad(Field(k, "Only true is supported."));
  return std::nullopt;
}

const json* Env(const json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_object() ? &*it : nullptr;
}

// ---- flavors and availability zones ----

struct FlavorDef {
  const char* name;
  const char* type;
  int connection, cps, qps, https_cps, lcu, bandwidth;
};
constexpr FlavorDef kFlavors[] = {
    {"L4_flavor.elb.s1.small", "L4", 500000, 10000, 0, 0, 1, 50000},
    {"L4_flavor.elb.s1.medium", "L4", 1000000, 20000, 0, 0, 2, 100000},
    {"L4_flavor.elb.s2.small", "L4", 2000000, 40000, 0, 0, 4, 200000},
    {"L4_flavor.elb.s2.medium", "L4", 4000000, 80000, 0, 0, 8, 400000},
    {"L7_flavor.elb.s1.small", "L7", 200000, 2000, 4000, 200, 1, 50000},
    {"L7_flavor.elb.s1.medium", "L7", 400000, 4000, 8000, 400, 2, 100000},
    {"L7_flavor.elb.s2.small", "L7", 800000, 8000, 16000, 800, 4, 200000},
    {"L7_flavor.elb.s2.medium", "L7", 2000000, 20000, 40000, 2000, 10, 400000},
};

std::string FlavorId(const FlavorDef& f) {
  std::string h = HexEncode(Sha256(std::string("elb-flavor:") + f.name));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-a" + h.substr(17, 3) + "-" +
         h.substr(20, 12);
}

json FlavorView(const FlavorDef& f) {
  return {{"id", FlavorId(f)},
          {"name", f.name},
          {"type", f.type},
          {"shared", true},
          {"project_id", "admin"},
          {"flavor_sold_out", false},
          {"info",
           {{"connection", f.connection},
            {"cps", f.cps},
            {"qps", f.qps},
            {"https_cps", f.https_cps},
            {"lcu", f.lcu},
            {"bandwidth", f.bandwidth}}}};
}

const FlavorDef* FindFlavor(const std::string& id) {
  for (const auto& f : kFlavors) {
    if (FlavorId(f) == id) return &f;
  }
  return nullptr;
}

std::vector<std::string> AzCodes(const std::string& region) { return {region + "-01", region + "-02", region + "-03"}; }

// ---- listing ----

std::vector<json*> Sorted(Store::Kind& kind, const std::string& pid) {
  std::vector<json*> objs;
  for (auto& [id, o] : kind) {
    if (Owned(o, pid)) objs.push_back(&o);
  }
  std::sort(objs.begin(), objs.end(), [](const json* a, const json* b) {
    return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
           std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
  });
  return objs;
}

// True when `item` passes every query filter in `keys` (string equality, or
// membership for list-valued fields).
bool Matches(const Request& req, const json& item, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    std::string want = req.query_param(k);
    if (want.empty()) continue;
    if (!item.contains(k)) return false;
    const json& v = item[k];
    if (v.is_array()) {
      bool found = false;
      for (std::size_t i = 0; i < v.size(); ++i) found = found || (v[i].is_string() && v[i] == want);
      if (!found) return false;
    } else if (v.is_string()) {
      if (v != want) return false;
    } else if (v.is_number_integer() || v.is_boolean()) {
      if (v.dump() != want) return false;
    } else {
      return false;
    }
  }
  return true;
}

// ELB v3 marker pagination: limit (1..2000), marker (last id of the previous
// page); page_info carries previous_marker, current_count and next_marker
// (only while more items follow).
Response Page(const Request& req, const std::vector<json>& items, const char* key) {
  std::string limit_s = req.query_param("limit");
  std::size_t limit = kMaxPage;
  if (!limit_s.empty()) {
    char* end = nullptr;
    long v = std::strtol(limit_s.c_str(), &end, 10);
    if (end == limit_s.c_str() || *end != '\0' || v < 0 || v > static_cast<long>(kMaxPage)) {
      return Bad(Field("limit", "Value: " + limit_s + " must be an integer in [0, 2000]."));
    }
    limit = static_cast<std::size_t>(v);
  }
  std::string marker = req.query_param("marker");
  std::size_t start = 0;
  if (!marker.empty()) {
    auto it = std::find_if(items.begin(), items.end(), [&](const json& j) { return j.value("id", "") == marker; });
    if (it == items.end()) return Bad(Field("marker", "Value: " + marker + " does not name an item of this list."));
    start = static_cast<std::size_t>(it - items.begin()) + 1;
  }
  json arr = json::array();
  for (std::size_t i = start; i < items.size() && arr.size() < limit; ++i) arr.push_back(items[i]);
  json info = {{"current_count", arr.size()}};
  if (!arr.empty()) info["previous_marker"] = arr.front()["id"];
  if (!arr.empty() && start + arr.size() < items.size()) info["next_marker"] = arr.back()["id"];
  return Response::json(200, json{{key, arr}, {"page_info", info}, {"request_id", ""}}.dump());
}

// ---- subnets and ports ----

json* SubnetById(Store::Data& d, const std::string& id, const std::string& pid) { return Find(d, "subnet", id, pid); }

json* SubnetByNeutronId(Store::Data& d, const std::string& nid, const std::string& pid) {
  for (auto& [id, s] : d.of("subnet")) {
    if (Owned(s, pid) && s.value("neutron_subnet_id", "") == nid) return &s;
  }
  return nullptr;
}

bool IpUsed(Store::Data& d, const std::string& neutron_subnet_id, const std::string& ip) {
  for (auto& [id, p] : d.of(kPort)) {
    if (!p.contains("fixed_ips") || !p["fixed_ips"].is_array()) continue;
    for (const auto& f : p["fixed_ips"]) {
      if (f.value("subnet_id", "") == neutron_subnet_id && f.value("ip_address", "") == ip) return true;
    }
  }
  return false;
}

// The first free host address of `subnet` (skipping network, gateway,
// broadcast and the top two addresses OTC reserves for DHCP), "" when full.
std::string AllocateIp(Store::Data& d, const json& subnet) {
  auto c = ParseCidr(subnet.value("cidr", ""));
  if (!c) return "";
  std::string gw = subnet.value("gateway_ip", "");
  std::string nid = subnet.value("neutron_subnet_id", "");
  for (uint32_t ip = c->network + 2; ip + 2 < c->last(); ++ip) {
    std::string s = Ip(ip);
    if (s != gw && !IpUsed(d, nid, s)) return s;
  }
  return "";
}

std::string Mac(const std::string& id) {
  std::string hex;
  for (char ch : id) {
    if (std::isxdigit(static_cast<unsigned char>(ch))) hex += ch;
  }
  hex.resize(6, '0');
  return "fa:16:3e:" + hex.substr(0, 2) + ":" + hex.substr(2, 2) + ":" + hex.substr(4, 2);
}

json NewPort(const std::string& id, const std::string& pid, const json& subnet, const std::string& ip,
             const std::string& device_id, int64_t now) {
  return {{"id", id},
          {"name", ""},
          {"network_id", subnet.value("id", "")},
          {"tenant_id", pid},
          {"project_id", pid},
          {"mac_address", Mac(id)},
          {"admin_state_up", true},
          {"status", "ACTIVE"},
          {"device_owner", "neutron:LOADBALANCERV3"},
          {"device_id", device_id},
          {"fixed_ips", json::array({{{"subnet_id", subnet.value("neutron_subnet_id", "")}, {"ip_address", ip}}})},
          {"security_groups", json::array()},
          {"allowed_address_pairs", json::array()},
          {"binding:vnic_type", "normal"},
          {"created_at", ElbTime(now)},
          {"updated_at", ElbTime(now)},
          {"_project_id", pid},
          {"_seq", Seq(now)}};
}

// ---- EIPs (the VPC service's store kinds) ----

void SettleEip(json& e, int64_t now) {
  if (e.contains("_ready_at") && e["_ready_at"].is_number() && e["_ready_at"].get<int64_t>() <= now) {
    if (e.value("status", "") == "PENDING_CREATE") e["status"] = e["port_id"].is_string() ? "ACTIVE" : "DOWN";
    e.erase("_ready_at");
  }
}

std::string FreeEipAddress(Store::Data& d) {
  std::set<std::string> used;
  for (auto& [id, e] : d.of(kEip)) used.insert(e.value("public_ip_address", ""));
  for (uint32_t cand = kEipPoolBase + 2; cand < kEipPoolBase + 0xFFFF; ++cand) {
    if ((cand & 255) != 0 && (cand & 255) != 255 && used.count(Ip(cand)) == 0) return Ip(cand);
  }
  return "";
}

void UnbindEips(Store::Data& d, const std::string& port_id) {
  for (auto& [id, e] : d.of(kEip)) {
    if (e.value("port_id", json()).is_string() && e["port_id"] == port_id) {
      e["port_id"] = nullptr;
      e["private_ip_address"] = nullptr;
      e["status"] = "DOWN";
    }
  }
}

// ---- views ----

json IdList(Store::Data& d, const char* kind, const char* ref, const std::string& id) {
  std::vector<std::pair<int64_t, std::string>> ids;
  for (auto& [oid, o] : d.of(kind)) {
    if (o.value(ref, "") == id) ids.emplace_back(o.value("_seq", int64_t{0}), oid);
  }
  std::sort(ids.begin(), ids.end());
  json arr = json::array();
  for (auto& [seq, oid] : ids) arr.push_back({{"id", oid}});
  return arr;
}

json LbView(Store::Data& d, const json& lb) {
  json out = Store::Public(lb);
  std::string id = lb.value("id", "");
  out["listeners"] = IdList(d, kListener, "_lb_id", id);
  out["pools"] = IdList(d, kPool, "_lb_id", id);
  json publicips = json::array();
  json eips = json::array();
  std::string vip_port = S(lb, "vip_port_id");
  if (!vip_port.empty()) {
    for (auto& [eid, e] : d.of(kEip)) {
      if (e.value("port_id", json()).is_string() && e["port_id"] == vip_port) {
        publicips.push_back({{"publicip_id", eid},
                             {"publicip_address", e["public_ip_address"]},
                             {"ip_version", e.value("ip_version", 4)}});
        eips.push_back(
            {{"eip_id", eid}, {"eip_address", e["public_ip_address"]}, {"ip_version", e.value("ip_version", 4)}});
      }
    }
  }
  out["publicips"] = publicips;
  out["eips"] = eips;
  return out;
}

json ListenerView(const json& l) { return Store::Public(l); }

json PoolView(Store::Data& d, const json& p) {
  json out = Store::Public(p);
  std::string id = p.value("id", "");
  json listeners = json::array();
  for (auto& [lid, l] : d.of(kListener)) {
    if (l.value("default_pool_id", json()).is_string() && l["default_pool_id"] == id)
      listeners.push_back({{"id", lid}});
  }
  out["listeners"] = listeners;
  out["loadbalancers"] = json::array({{{"id", p.value("_lb_id", "")}}});
  out["members"] = IdList(d, kMember, "_pool_id", id);
  std::string hm;
  for (auto& [mid, m] : d.of(kMonitor)) {
    if (m.value("_pool_id", "") == id) hm = mid;
  }
  out["healthmonitor_id"] = hm;
  return out;
}

json MemberView(Store::Data& d, const json& m) {
  json out = Store::Public(m);
  bool monitored = false;
  for (auto& [mid, hm] : d.of(kMonitor)) monitored = monitored || hm.value("_pool_id", "") == m.value("_pool_id", "");
  bool up = m.value("admin_state_up", true);
  out["operating_status"] = !monitored ? "NO_MONITOR" : up ? "ONLINE" : "OFFLINE";
  return out;
}

// ---- certificates ----

struct BioDel {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Del {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyDel {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

int NoPassword(char*, int, int, void*) { return 0; }  // never prompt on a TTY

// Parses the first certificate of a PEM chain; sets *expire to its notAfter.
std::unique_ptr<X509, X509Del> ParseCert(const std::string& pem, std::string* expire) {
  std::unique_ptr<BIO, BioDel> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  std::unique_ptr<X509, X509Del> x(PEM_read_bio_X509(bio.get(), nullptr, NoPassword, nullptr));
  if (!x) return nullptr;
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(x.get()), &tm) == 1) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    *expire = buf;
  }
  return x;
}

std::unique_ptr<EVP_PKEY, PkeyDel> ParseKey(const std::string& pem) {
  std::unique_ptr<BIO, BioDel> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  return std::unique_ptr<EVP_PKEY, PkeyDel>(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassword, nullptr));
}

Response CertInvalid(std::string_view what) {
  return ElbError(400, "ELB.1011", "Private_key or certificate content is not valid: " + std::string(what));
}

// Validates certificate/private_key of `c` (merged with `old` on update) and
// returns the expiry time through *expire.
std::optional<Response> CheckCertPair(const std::string& type, const json& cert, const json& key, std::string* expire) {
  if (!cert.is_string() || cert.get<std::string>().empty()) return Bad(Field("certificate", "It is mandatory."));
  if (cert.get<std::string>().size() > 65536) return CertInvalid("the certificate is longer than 64 KiB.");
  auto x = ParseCert(cert.get<std::string>(), expire);
  if (!x) return CertInvalid("the certificate is not a PEM encoded X.509 certificate.");
  if (type == "client") {
    if (key.is_string() && !key.get<std::string>().empty()) {
      return Bad(Field("private_key", "A client (CA) certificate must not carry a private key."));
    }
    return std::nullopt;
  }
  if (!key.is_string() || key.get<std::string>().empty()) {
    return Bad(Field("private_key", "It is mandatory for a server certificate."));
  }
  if (key.get<std::string>().size() > 8192) return CertInvalid("the private key is longer than 8 KiB.");
  auto k = ParseKey(key.get<std::string>());
  if (!k) return CertInvalid("the private key is not a PEM encoded, unencrypted private key.");
  if (X509_check_private_key(x.get(), k.get()) != 1) {
    return CertInvalid("the private key does not match the certificate.");
  }
  return std::nullopt;
}

// ---- load balancers ----

struct NetChoice {
  json* vip_subnet = nullptr;          // v1 subnet object of vip_subnet_cidr_id
  std::vector<json*> backend_subnets;  // elb_virsubnet_ids
  json* ipv6_subnet = nullptr;
  std::string vpc_id;
};

// Resolves the subnets a load balancer names and checks they share one VPC.
std::optional<Response> ResolveNet(Store::Data& d, const json& lb, const std::string& pid, int64_t now,
                                   NetChoice* out) {
  if (Given(lb, "vpc_id")) {
    std::string vpc = lb["vpc_id"];
    if (Find(d, "vpc", vpc, pid) == nullptr) return Bad(Field("vpc_id", "VPC " + vpc + " does not exist."));
    out->vpc_id = vpc;
  }
  auto same_vpc = [&](json* s, const char* field) -> std::optional<Response> {
    Settle(*s, now);
    std::string v = s->value("vpc_id", "");
    if (out->vpc_id.empty()) out->vpc_id = v;
    if (v != out->vpc_id) {
      return Bad(Field(field, "Subnet " + s->value("id", "") + " is in VPC " + v + ", not in VPC " + out->vpc_id +
                                  "; all subnets of a load balancer must be in one VPC."));
    }
    return std::nullopt;
  };
  if (Given(lb, "vip_subnet_cidr_id")) {
    std::string nid = lb["vip_subnet_cidr_id"];
    out->vip_subnet = SubnetByNeutronId(d, nid, pid);
    if (out->vip_subnet == nullptr) {
      return Bad(Field("vip_subnet_cidr_id",
                       "Subnet " + nid + " does not exist (it takes the neutron_subnet_id of a VPC subnet)."));
    }
    ELB_TRY(same_vpc(out->vip_subnet, "vip_subnet_cidr_id"));
  }
  if (Given(lb, "elb_virsubnet_ids")) {
    for (const auto& v : lb["elb_virsubnet_ids"]) {
      json* s = SubnetById(d, v.get<std::string>(), pid);
      if (s == nullptr) {
        return Bad(Field("elb_virsubnet_ids", "Subnet " + v.get<std::string>() +
                                                  " does not exist (it takes VPC subnet ids, i.e. network ids)."));
      }
      ELB_TRY(same_vpc(s, "elb_virsubnet_ids"));
      if (std::find(out->backend_subnets.begin(), out->backend_subnets.end(), s) == out->backend_subnets.end()) {
        out->backend_subnets.push_back(s);
      }
    }
  }
  if (Given(lb, "ipv6_vip_virsubnet_id")) {
    std::string sid = lb["ipv6_vip_virsubnet_id"];
    out->ipv6_subnet = SubnetById(d, sid, pid);
    if (out->ipv6_subnet == nullptr) return Bad(Field("ipv6_vip_virsubnet_id", "Subnet " + sid + " does not exist."));
    ELB_TRY(same_vpc(out->ipv6_subnet, "ipv6_vip_virsubnet_id"));
    if (!out->ipv6_subnet->value("ipv6_enable", false) || S(*out->ipv6_subnet, "cidr_v6").empty()) {
      return Bad(Field("ipv6_vip_virsubnet_id", "Subnet " + sid + " has no IPv6 CIDR; enable IPv6 on it first."));
    }
  }
  return std::nullopt;
}

// Checks (and, when empty, allocates) the IPv4 VIP in the VIP subnet.
std::optional<Response> PickVip(Store::Data& d, const json& subnet, const json& want, std::string* vip) {
  if (want.is_string()) {
    auto ip = ParseIpv4(want.get<std::string>());
    auto c = ParseCidr(subnet.value("cidr", ""));
    if (!ip) return Bad(Field("vip_address", "Value: " + want.get<std::string>() + " is not an IPv4 address."));
    if (!c || !c->contains(*ip) || *ip == c->network || *ip == c->last() ||
        want.get<std::string>() == subnet.value("gateway_ip", "")) {
      return Bad(Field("vip_address", "Address " + want.get<std::string>() + " is not a usable address of subnet " +
                                          subnet.value("cidr", "") + "."));
    }
    if (IpUsed(d, subnet.value("neutron_subnet_id", ""), want.get<std::string>())) {
      return Conflict("IP address " + want.get<std::string>() + " is already in use in subnet " +
                      subnet.value("id", "") + ".");
    }
    *vip = want.get<std::string>();
    return std::nullopt;
  }
  *vip = AllocateIp(d, subnet);
  if (vip->empty()) return Conflict("Subnet " + subnet.value("id", "") + " has no free IP address left.");
  return std::nullopt;
}

std::optional<Response> CheckLbCommon(const json& lb) {
  ELB_TRY(CheckString(lb, "name", 255));
  ELB_TRY(CheckString(lb, "description", 255));
  for (const char* k :
       {"vpc_id", "vip_subnet_cidr_id", "vip_address", "l4_flavor_id", "l7_flavor_id", "ipv6_vip_virsubnet_id"}) {
    ELB_TRY(CheckString(lb, k, 64));
  }
  ELB_TRY(CheckStringArray(lb, "elb_virsubnet_ids", 64));
  ELB_TRY(CheckTrueOnly(lb, "admin_state_up"));
  for (const char* k : {"ip_target_enable", "deletion_protection_enable", "guaranteed"}) ELB_TRY(CheckBool(lb, k));
  for (auto [k, type] : {std::pair{"l4_flavor_id", "L4"}, std::pair{"l7_flavor_id", "L7"}}) {
    if (!Given(lb, k)) continue;
    const FlavorDef* f = FindFlavor(lb[k].get<std::string>());
    if (f == nullptr || std::string(f->type) != type) {
      return Bad(Field(k, "Flavor " + lb[k].get<std::string>() + " is not an " + type +
                              " flavor; list them with GET /v3/{project_id}/elb/flavors?type=" + type + "."));
    }
  }
  return std::nullopt;
}

Response CreateLb(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"loadbalancer\":{...}}.");
  const json* lbp = Env(*body, "loadbalancer");
  if (lbp == nullptr) return Bad(Field("loadbalancer", "It is mandatory and must be an object."));
  const json& lb = *lbp;
  ELB_TRY(CheckLbCommon(lb));
  ELB_TRY(CheckTags(lb));
  const json& azs = lb.contains("availability_zone_list") ? lb["availability_zone_list"] : json();
  if (!azs.is_array() || azs.empty())
    return Bad(Field("availability_zone_list", "It is mandatory and must not be empty."));
  auto known = AzCodes(sim.config().region);
  std::set<std::string> seen;
  for (const auto& az : azs) {
    if (!az.is_string() || std::find(known.begin(), known.end(), az.get<std::string>()) == known.end()) {
      return Bad(Field("availability_zone_list", "Value: " + az.dump() + " is not an availability zone of region " +
                                                     sim.config().region + " (see GET .../elb/availability-zones)."));
    }
    if (!seen.insert(az.get<std::string>()).second) {
      return Bad(Field("availability_zone_list", "Availability zone " + az.get<std::string>() + " is listed twice."));
    }
  }
  bool has_vpc = Given(lb, "vpc_id") || Given(lb, "vip_subnet_cidr_id") ||
                 (Given(lb, "elb_virsubnet_ids") && !lb["elb_virsubnet_ids"].empty());
  if (!has_vpc) {
    return Bad(
        "One of vpc_id, vip_subnet_cidr_id and elb_virsubnet_ids is required to place the load balancer in a VPC.");
  }
  if (Given(lb, "vip_address") && !Given(lb, "vip_subnet_cidr_id")) {
    return Bad(Field("vip_address", "It needs vip_subnet_cidr_id (the subnet the address belongs to)."));
  }
  ELB_TRY(CheckStringArray(lb, "publicip_ids", 1));
  bool bind_eip = Given(lb, "publicip_ids") && !lb["publicip_ids"].empty();
  const json* pub = Given(lb, "publicip") ? &lb["publicip"] : nullptr;
  if (pub != nullptr) {
    if (!pub->is_object()) return Bad(Field("publicip", "It must be an object."));
    if (bind_eip) return Bad("publicip_ids and publicip cannot be given together: bind an existing EIP or create one.");
    ELB_TRY(CheckEnum(*pub, "network_type", {"5_bgp", "5_gray", "5_mailbgp"}, true));
    if (Given(*pub, "ip_version")) {
      if (!(*pub)["ip_version"].is_number_integer() || (*pub)["ip_version"].get<int>() != 4) {
        return Bad(Field("publicip.ip_version", "Only 4 is supported."));
      }
    }
    const json* bw = Env(*pub, "bandwidth");
    if (bw == nullptr) return Bad(Field("publicip.bandwidth", "It is mandatory."));
    ELB_TRY(CheckEnum(*bw, "share_type", {"PER", "WHOLE"}, true));
    ELB_TRY(CheckEnum(*bw, "charge_mode", {"traffic", "bandwidth"}, (*bw)["share_type"] == "PER"));
    if ((*bw)["share_type"] == "PER") {
      ELB_TRY(CheckString(*bw, "name", 64, true));
      ELB_TRY(CheckInt(*bw, "size", 1, 2000, true));
    } else {
      ELB_TRY(CheckString(*bw, "id", 64, true));
    }
  }
  if ((bind_eip || pub != nullptr) && !Given(lb, "vip_subnet_cidr_id")) {
    return Bad("An EIP is bound to the IPv4 private address: set vip_subnet_cidr_id to bind or create one.");
  }
  bool fail = sim.faults().FailOperation("POST", req.path);
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    NetChoice net;
    ELB_TRY(ResolveNet(d, lb, pid, now, &net));
    std::string vip;
    if (net.vip_subnet != nullptr) {
      ELB_TRY(PickVip(d, *net.vip_subnet, Given(lb, "vip_address") ? lb["vip_address"] : json(), &vip));
    }
    json* eip = nullptr;
    json* shared_bw = nullptr;
    if (bind_eip) {
      std::string eid = lb["publicip_ids"][0];
      eip = Find(d, kEip, eid, pid);
      if (eip == nullptr) return Bad(Field("publicip_ids", "EIP " + eid + " does not exist."));
      SettleEip(*eip, now);
      if (eip->value("status", "") == "PENDING_CREATE") return Conflict("EIP " + eid + " is still being created.");
      if (eip->value("port_id", json()).is_string()) {
        return Conflict("EIP " + eid + " is already bound to port " + eip->value("port_id", "") + "; unbind it first.");
      }
    }
    if (pub != nullptr && (*pub)["bandwidth"]["share_type"] == "WHOLE") {
      std::string bid = (*pub)["bandwidth"]["id"];
      shared_bw = Find(d, kBw, bid, pid);
      if (shared_bw == nullptr || shared_bw->value("share_type", "") != "WHOLE") {
        return Bad(Field("publicip.bandwidth.id", "Shared bandwidth " + bid + " does not exist."));
      }
    }
    std::string eip_addr;
    if (pub != nullptr) {
      eip_addr = FreeEipAddress(d);
      if (eip_addr.empty()) return Conflict("The public IP pool is exhausted.");
    }
    // All checks passed: create.
    std::string id = sim.store().NewId();
    json vip_port_id = nullptr;
    if (net.vip_subnet != nullptr) {
      std::string port_id = sim.store().NewId();
      d.of(kPort)[port_id] = NewPort(port_id, pid, *net.vip_subnet, vip, id, now);
      vip_port_id = port_id;
    }
    for (json* s : net.backend_subnets) {
      std::string ip = AllocateIp(d, *s);
      if (ip.empty()) continue;  // a full backend subnet only limits scaling
      std::string port_id = sim.store().NewId();
      json port = NewPort(port_id, pid, *s, ip, id, now);
      port["device_owner"] = "neutron:LOADBALANCERV3_BACKEND";
      d.of(kPort)[port_id] = port;
    }
    std::string ipv6_addr;
    if (net.ipv6_subnet != nullptr) {
      std::string prefix = S(*net.ipv6_subnet, "cidr_v6");
      prefix = prefix.substr(0, prefix.find('/'));
      int n = 2;
      for (auto& [lid, other] : d.of(kLb)) n += other["ipv6_vip_address"].is_string() ? 1 : 0;
      char hex[16];
      std::snprintf(hex, sizeof hex, "%x", n);
      ipv6_addr = prefix + (prefix.ends_with("::") ? "" : "::") + hex;
    }
    std::string created = ElbTime(now);
    json obj = {{"id", id},
                {"project_id", pid},
                {"name", Given(lb, "name") ? lb["name"] : json("")},
                {"description", Given(lb, "description") ? lb["description"] : json("")},
                {"provider", "vlb"},
                {"admin_state_up", true},
                {"provisioning_status", fail ? "ERROR" : "ACTIVE"},
                {"operating_status", fail ? "OFFLINE" : "ONLINE"},
                {"vip_address", vip.empty() ? json() : json(vip)},
                {"vip_port_id", vip_port_id},
                {"vip_subnet_cidr_id", Given(lb, "vip_subnet_cidr_id") ? lb["vip_subnet_cidr_id"] : json()},
                {"vpc_id", net.vpc_id},
                {"availability_zone_list", azs},
                {"l4_flavor_id", Given(lb, "l4_flavor_id") ? lb["l4_flavor_id"] : json()},
                {"l4_scale_flavor_id", nullptr},
                {"l7_flavor_id", Given(lb, "l7_flavor_id") ? lb["l7_flavor_id"] : json()},
                {"l7_scale_flavor_id", nullptr},
                {"tags", Given(lb, "tags") ? lb["tags"] : json::array()},
                {"elb_virsubnet_ids", Given(lb, "elb_virsubnet_ids") ? lb["elb_virsubnet_ids"] : json::array()},
                {"elb_virsubnet_type", net.ipv6_subnet != nullptr ? "dualstack" : "ipv4"},
                {"ip_target_enable", Given(lb, "ip_target_enable") ? lb["ip_target_enable"] : json(false)},
                {"frozen_scene", nullptr},
                {"ipv6_vip_address", ipv6_addr.empty() ? json() : json(ipv6_addr)},
                {"ipv6_vip_virsubnet_id", Given(lb, "ipv6_vip_virsubnet_id") ? lb["ipv6_vip_virsubnet_id"] : json()},
                {"ipv6_vip_port_id", nullptr},
                {"ipv6_bandwidth", nullptr},
                {"guaranteed", Given(lb, "guaranteed") ? lb["guaranteed"] : json(true)},
                {"deletion_protection_enable",
                 Given(lb, "deletion_protection_enable") ? lb["deletion_protection_enable"] : json(false)},
                {"created_at", created},
                {"updated_at", created},
                {"_project_id", pid},
                {"_seq", Seq(now)}};
    if (fail) obj["_fail_reason"] = "The load balancer could not be provisioned (injected fault).";
    if (eip != nullptr) {
      (*eip)["port_id"] = vip_port_id;
      (*eip)["private_ip_address"] = vip;
      (*eip)["status"] = "ACTIVE";
    }
    if (pub != nullptr) {
      const json& b = (*pub)["bandwidth"];
      std::string bw_id = shared_bw != nullptr ? shared_bw->value("id", "") : sim.store().NewId();
      if (shared_bw == nullptr) {
        d.of(kBw)[bw_id] = {{"id", bw_id},
                            {"name", b["name"]},
                            {"size", b["size"]},
                            {"share_type", "PER"},
                            {"charge_mode", b["charge_mode"]},
                            {"bandwidth_type", "bgp"},
                            {"tenant_id", pid},
                            {"status", "NORMAL"},
                            {"_project_id", pid},
                            {"_seq", now}};
      }
      std::string eid = sim.store().NewId();
      d.of(kEip)[eid] = {{"id", eid},
                         {"status", "ACTIVE"},
                         {"type", (*pub)["network_type"]},
                         {"public_ip_address", eip_addr},
                         {"private_ip_address", vip},
                         {"port_id", vip_port_id},
                         {"tenant_id", pid},
                         {"create_time", EipTime(now)},
                         {"bandwidth_id", bw_id},
                         {"ip_version", 4},
                         {"alias", ""},
                         {"_project_id", pid},
                         {"_seq", now}};
    }
    d.of(kLb)[id] = obj;
    dirty = true;
    return Ok(201, "loadbalancer", LbView(d, obj));
  });
}

Response UpdateLb(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"loadbalancer\":{...}}.");
  const json* lbp = Env(*body, "loadbalancer");
  if (lbp == nullptr) return Bad(Field("loadbalancer", "It is mandatory and must be an object."));
  const json& u = *lbp;
  ELB_TRY(CheckLbCommon(u));
  for (const char* k : {"vpc_id", "availability_zone_list", "publicip", "publicip_ids", "tags"}) {
    if (u.contains(k)) return Bad(Field(k, "It cannot be updated."));
  }
  if (Given(u, "ip_target_enable") && !u["ip_target_enable"].get<bool>()) {
    return Bad(Field("ip_target_enable", "Cross-VPC backends cannot be disabled once enabled."));
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* lb = Find(d, kLb, id, pid);
    if (lb == nullptr) return NotFound("Loadbalancer", id);
    json merged = *lb;
    for (auto& [k, v] : u.items()) merged[k] = v;
    merged["vpc_id"] = (*lb)["vpc_id"];
    NetChoice net;
    ELB_TRY(ResolveNet(d, merged, pid, now, &net));
    if (Given(u, "vip_address") && !Given(merged, "vip_subnet_cidr_id")) {
      return Bad(Field("vip_address", "It needs vip_subnet_cidr_id (the subnet the address belongs to)."));
    }
    std::string old_port = S(*lb, "vip_port_id");
    bool subnet_changed =
        u.contains("vip_subnet_cidr_id") && merged["vip_subnet_cidr_id"] != (*lb)["vip_subnet_cidr_id"];
    bool vip_changed = Given(u, "vip_address") && u["vip_address"] != (*lb)["vip_address"];
    if (subnet_changed || vip_changed) {
      // Release the old VIP port first so its address can be reused.
      json saved_port;
      auto& ports = d.of(kPort);
      if (!old_port.empty() && ports.count(old_port) != 0) {
        saved_port = ports[old_port];
        ports.erase(old_port);
      }
      std::string vip;
      if (net.vip_subnet != nullptr) {
        if (auto e = PickVip(d, *net.vip_subnet, Given(u, "vip_address") ? u["vip_address"] : json(), &vip)) {
          if (!saved_port.is_null()) ports[old_port] = saved_port;
          return *e;
        }
        std::string port_id = old_port.empty() ? sim.store().NewId() : old_port;
        ports[port_id] = NewPort(port_id, pid, *net.vip_subnet, vip, id, now);
        (*lb)["vip_port_id"] = port_id;
        (*lb)["vip_address"] = vip;
        for (auto& [eid, e] : d.of(kEip)) {
          if (e.value("port_id", json()).is_string() && e["port_id"] == port_id) e["private_ip_address"] = vip;
        }
      } else {
        if (!old_port.empty()) UnbindEips(d, old_port);
        (*lb)["vip_port_id"] = nullptr;
        (*lb)["vip_address"] = nullptr;
      }
      (*lb)["vip_subnet_cidr_id"] = merged["vip_subnet_cidr_id"];
    }
    if (u.contains("elb_virsubnet_ids")) {
      auto& ports = d.of(kPort);
      std::erase_if(ports, [&](const auto& kv) {
        return kv.second.value("device_id", "") == id &&
               kv.second.value("device_owner", "") == "neutron:LOADBALANCERV3_BACKEND";
      });
      for (json* s : net.backend_subnets) {
        std::string ip = AllocateIp(d, *s);
        if (ip.empty()) continue;
        std::string port_id = sim.store().NewId();
        json port = NewPort(port_id, pid, *s, ip, id, now);
        port["device_owner"] = "neutron:LOADBALANCERV3_BACKEND";
        ports[port_id] = port;
      }
      (*lb)["elb_virsubnet_ids"] = Given(u, "elb_virsubnet_ids") ? u["elb_virsubnet_ids"] : json::array();
    }
    for (const char* k : {"name", "description", "l4_flavor_id", "l7_flavor_id", "ip_target_enable",
                          "deletion_protection_enable", "guaranteed", "ipv6_vip_virsubnet_id"}) {
      if (u.contains(k))
        (*lb)[k] = u[k].is_null() && (std::string(k) == "name" || std::string(k) == "description") ? json("") : u[k];
    }
    (*lb)["updated_at"] = ElbTime(now);
    dirty = true;
    return Ok(200, "loadbalancer", LbView(d, *lb));
  });
}

void DeleteLbObjects(Store::Data& d, const std::string& id) {
  auto& ports = d.of(kPort);
  for (auto& [pid, p] : ports) {
    if (p.value("device_id", "") == id) UnbindEips(d, pid);
  }
  std::erase_if(ports, [&](const auto& kv) { return kv.second.value("device_id", "") == id; });
  d.of(kLb).erase(id);
}

Response DeleteLb(Simulator& sim, const std::string& pid, const std::string& id, bool force) {
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* lb = Find(d, kLb, id, pid);
    if (lb == nullptr) return NotFound("Loadbalancer", id);
    if (lb->value("deletion_protection_enable", false)) {
      return ElbError(409, "ELB.1029",
                      "Load balancer " + id +
                          " has deletion protection enabled; set deletion_protection_enable "
                          "to false before deleting it.");
    }
    if (!force) {
      json ls = IdList(d, kListener, "_lb_id", id);
      json ps = IdList(d, kPool, "_lb_id", id);
      if (!ls.empty() || !ps.empty()) {
        return ElbError(409, "ELB.1008",
                        "Load balancer " + id + " still has " + std::to_string(ls.size()) + " listener(s) and " +
                            std::to_string(ps.size()) + " pool(s); delete them first (or use .../force-elb).");
      }
    } else {
      std::set<std::string> pools;
      for (auto& [p_id, p] : d.of(kPool)) {
        if (p.value("_lb_id", "") == id) pools.insert(p_id);
      }
      std::erase_if(d.of(kMember), [&](const auto& kv) { return pools.count(kv.second.value("_pool_id", "")) != 0; });
      std::erase_if(d.of(kMonitor), [&](const auto& kv) { return pools.count(kv.second.value("_pool_id", "")) != 0; });
      std::erase_if(d.of(kPool), [&](const auto& kv) { return pools.count(kv.first) != 0; });
      std::erase_if(d.of(kListener), [&](const auto& kv) { return kv.second.value("_lb_id", "") == id; });
    }
    DeleteLbObjects(d, id);
    dirty = true;
    return Response::json(204, "");
  });
}

json StatusTree(Store::Data& d, const json& lb) {
  std::string id = lb.value("id", "");
  auto pool_tree = [&](const std::string& pool_id) {
    auto& pools = d.of(kPool);
    auto it = pools.find(pool_id);
    if (it == pools.end()) return json();
    json members = json::array();
    for (auto& [mid, m] : d.of(kMember)) {
      if (m.value("_pool_id", "") != pool_id) continue;
      json mv = MemberView(d, m);
      members.push_back({{"id", mid},
                         {"name", mv["name"]},
                         {"address", mv["address"]},
                         {"protocol_port", mv["protocol_port"]},
                         {"provisioning_status", "ACTIVE"},
                         {"operating_status", mv["operating_status"]}});
    }
    json hm = json::object();
    for (auto& [hid, h] : d.of(kMonitor)) {
      if (h.value("_pool_id", "") == pool_id) {
        hm = {{"id", hid}, {"type", h["type"]}, {"name", h["name"]}, {"provisioning_status", "ACTIVE"}};
      }
    }
    return json{{"id", pool_id},
                {"name", it->second["name"]},
                {"provisioning_status", "ACTIVE"},
                {"operating_status", "ONLINE"},
                {"members", members},
                {"healthmonitor", hm}};
  };
  json listeners = json::array();
  for (auto& [lid, l] : d.of(kListener)) {
    if (l.value("_lb_id", "") != id) continue;
    json pools = json::array();
    if (l["default_pool_id"].is_string()) {
      json p = pool_tree(l["default_pool_id"]);
      if (!p.is_null()) pools.push_back(p);
    }
    listeners.push_back({{"id", lid},
                         {"name", l["name"]},
                         {"provisioning_status", "ACTIVE"},
                         {"operating_status", "ONLINE"},
                         {"pools", pools},
                         {"l7policies", json::array()}});
  }
  json pools = json::array();
  for (auto& [p_id, p] : d.of(kPool)) {
    if (p.value("_lb_id", "") == id) pools.push_back(pool_tree(p_id));
  }
  return {{"loadbalancer",
           {{"id", id},
            {"name", lb["name"]},
            {"provisioning_status", lb["provisioning_status"]},
            {"operating_status", lb["operating_status"]},
            {"listeners", listeners},
            {"pools", pools}}}};
}

// ---- listeners ----

bool Http(const std::string& proto) { return proto == "HTTP" || proto == "HTTPS"; }

// Pool protocols a listener protocol may forward to.
bool PoolFits(const std::string& listener, const std::string& pool) {
  if (listener == "TCP") return pool == "TCP";
  if (listener == "UDP") return pool == "UDP" || pool == "QUIC";
  if (listener == "HTTP") return pool == "HTTP";
  if (listener == "HTTPS") return pool == "HTTP" || pool == "HTTPS";
  return false;
}

// Validates the listener attributes in `l` (the request, merged with the
// stored object on update) against `proto`.
std::optional<Response> CheckListenerFields(Store::Data& d, const json& u, const json& l, const std::string& proto,
                                            const std::string& pid, const std::string& self_id) {
  ELB_TRY(CheckString(u, "name", 255));
  ELB_TRY(CheckString(u, "description", 255));
  for (const char* k : {"default_pool_id", "default_tls_container_ref", "client_ca_tls_container_ref",
                        "security_policy_id", "sni_match_algo"}) {
    ELB_TRY(CheckString(u, k, 64));
  }
  ELB_TRY(CheckTrueOnly(u, "admin_state_up"));
  for (const char* k :
       {"http2_enable", "enable_member_retry", "transparent_client_ip_enable", "enhance_l7policy_enable"}) {
    ELB_TRY(CheckBool(u, k));
  }
  ELB_TRY(CheckStringArray(u, "sni_container_refs", 30));
  ELB_TRY(CheckEnum(u, "tls_ciphers_policy",
                    {"tls-1-0", "tls-1-1", "tls-1-0-inherit", "tls-1-2", "tls-1-2-strict", "tls-1-2-fs",
                     "tls-1-0-with-1-3", "tls-1-2-fs-with-1-3"}));
  ELB_TRY(CheckInt(u, "keepalive_timeout", Http(proto) ? 0 : 10, 4000));
  ELB_TRY(CheckInt(u, "client_timeout", 1, 300));
  ELB_TRY(CheckInt(u, "member_timeout", 1, 300));
  if (!Http(proto) && (Given(u, "client_timeout") || Given(u, "member_timeout") || Given(u, "enable_member_retry"))) {
    return ElbError(400, "ELB.8901",
                    "Only [ HTTP, HTTPS ] listeners support 'client_timeout', 'member_timeout' and "
                    "'enable_member_retry'.");
  }
  if (Given(u, "http2_enable") && u["http2_enable"].get<bool>() && proto != "HTTPS") {
    return ElbError(400, "ELB.8901", "Only HTTPS listeners support 'http2_enable'.");
  }
  for (const char* k : {"default_tls_container_ref", "client_ca_tls_container_ref", "tls_ciphers_policy",
                        "security_policy_id", "sni_match_algo"}) {
    if (Given(u, k) && proto != "HTTPS")
      return ElbError(400, "ELB.8901", std::string("Only HTTPS listeners support '") + k + "'.");
  }
  if (Given(u, "sni_container_refs") && !u["sni_container_refs"].empty() && proto != "HTTPS") {
    return ElbError(400, "ELB.8901", "Only HTTPS listeners support 'sni_container_refs'.");
  }
  if (Given(u, "insert_headers")) {
    const json& h = u["insert_headers"];
    if (!h.is_object()) return Bad(Field("insert_headers", "It must be an object."));
    if (!Http(proto) && !h.empty())
      return ElbError(400, "ELB.8901", "Only [ HTTP, HTTPS ] listeners support 'insert_headers'.");
    for (auto& [k, v] : h.items()) {
      if (k != "X-Forwarded-ELB-IP" && k != "X-Forwarded-Port" && k != "X-Forwarded-For-Port" &&
          k != "X-Forwarded-Host") {
        return Bad(Field("insert_headers", "Unknown header '" + k +
                                               "'; supported: X-Forwarded-ELB-IP, X-Forwarded-Port, "
                                               "X-Forwarded-For-Port, X-Forwarded-Host."));
      }
      if (!v.is_boolean()) return Bad(Field("insert_headers." + k, "It must be a boolean."));
    }
  }
  if (Given(u, "ipgroup")) {
    const json& g = u["ipgroup"];
    if (!g.is_object()) return Bad(Field("ipgroup", "It must be an object."));
    ELB_TRY(CheckString(g, "ipgroup_id", 64, true));
    ELB_TRY(CheckBool(g, "enable_ipgroup"));
    ELB_TRY(CheckEnum(g, "type", {"white", "black"}));
  }
  // Certificates.
  if (proto == "HTTPS" && !Given(l, "default_tls_container_ref")) {
    return Bad(Field("default_tls_container_ref", "It is mandatory for HTTPS listeners (a server certificate id)."));
  }
  auto want_cert = [&](const json& ref, const char* field, const char* type) -> std::optional<Response> {
    std::string cid = ref.get<std::string>();
    json* c = Find(d, kCert, cid, pid);
    if (c == nullptr) return NotFound("Certificate", cid);
    if (c->value("type", "") != type) {
      return Bad(Field(field, "Certificate " + cid + " is a " + c->value("type", "") + " certificate, not a " + type +
                                  " certificate."));
    }
    return std::nullopt;
  };
  if (Given(u, "default_tls_container_ref"))
    ELB_TRY(want_cert(u["default_tls_container_ref"], "default_tls_container_ref", "server"));
  if (Given(u, "client_ca_tls_container_ref")) {
    ELB_TRY(want_cert(u["client_ca_tls_container_ref"], "client_ca_tls_container_ref", "client"));
  }
  if (Given(u, "sni_container_refs")) {
    for (const auto& ref : u["sni_container_refs"]) {
      ELB_TRY(want_cert(ref, "sni_container_refs", "server"));
      if (S(*Find(d, kCert, ref, pid), "domain").empty()) {
        return Bad(Field("sni_container_refs",
                         "Certificate " + ref.get<std::string>() + " has no domain; SNI certificates need one."));
      }
    }
  }
  // Default pool.
  if (Given(u, "default_pool_id")) {
    std::string pool_id = u["default_pool_id"];
    json* p = Find(d, kPool, pool_id, pid);
    if (p == nullptr) return NotFound("Pool", pool_id);
    if (p->value("_lb_id", "") != l.value("_lb_id", "")) {
      return Bad(Field("default_pool_id", "Pool " + pool_id + " belongs to another load balancer."));
    }
    if (!PoolFits(proto, p->value("protocol", ""))) {
      return Bad(Field("default_pool_id",
                       "A " + proto + " listener cannot forward to a " + p->value("protocol", "") + " pool."));
    }
    for (auto& [lid, other] : d.of(kListener)) {
      if (lid != self_id && other["default_pool_id"] == pool_id) {
        return Conflict("Pool " + pool_id + " is already the default pool of listener " + lid + ".");
      }
    }
  }
  return std::nullopt;
}

Response CreateListener(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"listener\":{...}}.");
  const json* lp = Env(*body, "listener");
  if (lp == nullptr) return Bad(Field("listener", "It is mandatory and must be an object."));
  const json& u = *lp;
  ELB_TRY(CheckString(u, "loadbalancer_id", 64, true));
  ELB_TRY(CheckEnum(u, "protocol", {"TCP", "UDP", "HTTP", "HTTPS"}, true));
  ELB_TRY(CheckInt(u, "protocol_port", 1, 65535, true));
  ELB_TRY(CheckTags(u));
  std::string proto = u["protocol"];
  std::string lb_id = u["loadbalancer_id"];
  int64_t port = u["protocol_port"];
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* lb = Find(d, kLb, lb_id, pid);
    if (lb == nullptr) return NotFound("Loadbalancer", lb_id);
    json l = u;
    l["_lb_id"] = lb_id;
    ELB_TRY(CheckListenerFields(d, u, l, proto, pid, ""));
    bool udp = proto == "UDP";
    for (auto& [lid, other] : d.of(kListener)) {
      if (other.value("_lb_id", "") != lb_id || other.value("protocol_port", 0) != port) continue;
      if ((other.value("protocol", "") == "UDP") == udp) {
        return ElbError(409, "ELB.8907",
                        "Port " + std::to_string(port) + " is already used by " + other.value("protocol", "") +
                            " listener " + lid + " on load balancer " + lb_id + ".");
      }
    }
    std::string id = sim.store().NewId();
    std::string created = ElbTime(now);
    bool http = Http(proto);
    json headers = http ? json{{"X-Forwarded-Host", true}} : json::object();
    if (Given(u, "insert_headers")) {
      for (auto& [k, v] : u["insert_headers"].items()) headers[k] = v;
    }
    auto get = [&](const char* k, json def) { return Given(u, k) ? u[k] : def; };
    json obj = {{"id", id},
                {"name", get("name", "")},
                {"description", get("description", "")},
                {"protocol", proto},
                {"protocol_port", port},
                {"loadbalancers", json::array({{{"id", lb_id}}})},
                {"admin_state_up", true},
                {"project_id", pid},
                {"connection_limit", -1},
                {"default_pool_id", get("default_pool_id", nullptr)},
                {"default_tls_container_ref", get("default_tls_container_ref", nullptr)},
                {"client_ca_tls_container_ref", get("client_ca_tls_container_ref", nullptr)},
                {"sni_container_refs", get("sni_container_refs", json::array())},
                {"sni_match_algo", get("sni_match_algo", proto == "HTTPS" ? json("wildcard") : json())},
                {"tls_ciphers_policy", get("tls_ciphers_policy", proto == "HTTPS" ? json("tls-1-0") : json())},
                {"security_policy_id", get("security_policy_id", nullptr)},
                {"http2_enable", get("http2_enable", false)},
                {"enable_member_retry", get("enable_member_retry", http)},
                {"keepalive_timeout", get("keepalive_timeout", http ? 60 : 300)},
                {"client_timeout", get("client_timeout", http ? json(60) : json())},
                {"member_timeout", get("member_timeout", http ? json(60) : json())},
                {"ipgroup", get("ipgroup", nullptr)},
                {"insert_headers", headers},
                {"transparent_client_ip_enable", get("transparent_client_ip_enable", !http)},
                {"enhance_l7policy_enable", get("enhance_l7policy_enable", false)},
                {"tags", get("tags", json::array())},
                {"created_at", created},
                {"updated_at", created},
                {"_lb_id", lb_id},
                {"_project_id", pid},
                {"_seq", Seq(now)}};
    d.of(kListener)[id] = obj;
    (*lb)["updated_at"] = created;
    dirty = true;
    return Ok(201, "listener", ListenerView(obj));
  });
}

Response UpdateListener(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"listener\":{...}}.");
  const json* lp = Env(*body, "listener");
  if (lp == nullptr) return Bad(Field("listener", "It is mandatory and must be an object."));
  const json& u = *lp;
  for (const char* k : {"protocol", "protocol_port", "loadbalancer_id", "tags"}) {
    if (u.contains(k)) return Bad(Field(k, "It cannot be updated."));
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* l = Find(d, kListener, id, pid);
    if (l == nullptr) return NotFound("Listener", id);
    json merged = *l;
    for (auto& [k, v] : u.items()) merged[k] = v;
    ELB_TRY(CheckListenerFields(d, u, merged, l->value("protocol", ""), pid, id));
    for (auto& [k, v] : u.items()) {
      if (k == "insert_headers" && v.is_object()) {
        for (auto& [hk, hv] : v.items()) (*l)["insert_headers"][hk] = hv;
      } else if ((k == "name" || k == "description") && v.is_null()) {
        (*l)[k] = "";
      } else if (OneOf(k, {"name", "description", "default_pool_id", "default_tls_container_ref",
                           "client_ca_tls_container_ref", "sni_container_refs", "sni_match_algo", "tls_ciphers_policy",
                           "security_policy_id", "http2_enable", "enable_member_retry", "keepalive_timeout",
                           "client_timeout", "member_timeout", "ipgroup", "transparent_client_ip_enable",
                           "enhance_l7policy_enable"})) {
        (*l)[k] = v;
      }
    }
    (*l)["updated_at"] = ElbTime(now);
    dirty = true;
    return Ok(200, "listener", ListenerView(*l));
  });
}

// ---- pools ----

std::optional<Response> CheckPoolFields(const json& u, const std::string& proto) {
  ELB_TRY(CheckString(u, "name", 255));
  ELB_TRY(CheckString(u, "description", 255));
  ELB_TRY(CheckEnum(u, "lb_algorithm", {"ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"}));
  ELB_TRY(CheckTrueOnly(u, "admin_state_up"));
  ELB_TRY(CheckBool(u, "member_deletion_protection_enable"));
  ELB_TRY(CheckString(u, "vpc_id", 64));
  ELB_TRY(CheckEnum(u, "type", {"instance", "ip", ""}));
  if (Given(u, "lb_algorithm") && u["lb_algorithm"] == "QUIC_CID" && proto != "QUIC") {
    return Bad(Field("lb_algorithm", "QUIC_CID is only supported by QUIC pools."));
  }
  if (Given(u, "session_persistence")) {
    const json& sp = u["session_persistence"];
    if (!sp.is_object()) return Bad(Field("session_persistence", "It must be an object or null."));
    ELB_TRY(CheckEnum(sp, "type", {"SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"}, true));
    std::string t = sp["type"];
    if (Http(proto) && t == "SOURCE_IP") {
      return Bad(Field("session_persistence.type", "HTTP and HTTPS pools support HTTP_COOKIE and APP_COOKIE only."));
    }
    if (!Http(proto) && t != "SOURCE_IP") {
      return Bad(Field("session_persistence.type", "TCP, UDP and QUIC pools support SOURCE_IP only."));
    }
    ELB_TRY(CheckString(sp, "cookie_name", 1024));
    if (t == "APP_COOKIE" && !Given(sp, "cookie_name")) {
      return Bad(Field("session_persistence.cookie_name", "It is mandatory for APP_COOKIE."));
    }
    ELB_TRY(CheckInt(sp, "persistence_timeout", 1, t == "SOURCE_IP" ? 60 : 1440));
  }
  if (Given(u, "slow_start")) {
    const json& ss = u["slow_start"];
    if (!ss.is_object()) return Bad(Field("slow_start", "It must be an object or null."));
    if (!Http(proto)) return Bad(Field("slow_start", "Only HTTP and HTTPS pools support slow start."));
    ELB_TRY(CheckBool(ss, "enable"));
    ELB_TRY(CheckInt(ss, "duration", 30, 1200));
  }
  return std::nullopt;
}

json NormalizePersistence(const json& sp) {
  if (sp.is_null()) return nullptr;
  std::string t = sp["type"];
  return {{"type", t},
          {"cookie_name", Given(sp, "cookie_name") ? sp["cookie_name"] : json()},
          {"persistence_timeout",
           Given(sp, "persistence_timeout") ? sp["persistence_timeout"] : json(t == "SOURCE_IP" ? 1 : 1440)}};
}

Response CreatePool(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"pool\":{...}}.");
  const json* pp = Env(*body, "pool");
  if (pp == nullptr) return Bad(Field("pool", "It is mandatory and must be an object."));
  const json& u = *pp;
  ELB_TRY(CheckEnum(u, "lb_algorithm", {"ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"}, true));
  ELB_TRY(CheckEnum(u, "protocol", {"TCP", "UDP", "HTTP", "HTTPS", "QUIC"}, true));
  ELB_TRY(CheckString(u, "loadbalancer_id", 64));
  ELB_TRY(CheckString(u, "listener_id", 64));
  if (!Given(u, "loadbalancer_id") && !Given(u, "listener_id")) {
    return Bad("One of loadbalancer_id and listener_id is required.");
  }
  std::string proto = u["protocol"];
  ELB_TRY(CheckPoolFields(u, proto));
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    std::string lb_id = S(u, "loadbalancer_id");
    json* listener = nullptr;
    if (Given(u, "listener_id")) {
      std::string lid = u["listener_id"];
      listener = Find(d, kListener, lid, pid);
      if (listener == nullptr) return NotFound("Listener", lid);
      if (!lb_id.empty() && listener->value("_lb_id", "") != lb_id) {
        return Bad(Field("listener_id", "Listener " + lid + " belongs to another load balancer."));
      }
      lb_id = listener->value("_lb_id", "");
      if (!PoolFits(listener->value("protocol", ""), proto)) {
        return Bad(Field("protocol",
                         "A " + listener->value("protocol", "") + " listener cannot forward to a " + proto + " pool."));
      }
      if ((*listener)["default_pool_id"].is_string()) {
        return Conflict("Listener " + lid + " already has default pool " +
                        (*listener)["default_pool_id"].get<std::string>() + ".");
      }
    }
    if (Find(d, kLb, lb_id, pid) == nullptr) return NotFound("Loadbalancer", lb_id);
    std::string id = sim.store().NewId();
    std::string created = ElbTime(now);
    auto get = [&](const char* k, json def) { return Given(u, k) ? u[k] : def; };
    json obj = {{"id", id},
                {"name", get("name", "")},
                {"description", get("description", "")},
                {"lb_algorithm", u["lb_algorithm"]},
                {"protocol", proto},
                {"admin_state_up", true},
                {"project_id", pid},
                {"session_persistence", NormalizePersistence(get("session_persistence", nullptr))},
                {"slow_start", get("slow_start", nullptr)},
                {"member_deletion_protection_enable", get("member_deletion_protection_enable", false)},
                {"ip_version", proto == "UDP" || proto == "QUIC" ? "v4" : "dualstack"},
                {"vpc_id", get("vpc_id", "")},
                {"type", get("type", "")},
                {"created_at", created},
                {"updated_at", created},
                {"_lb_id", lb_id},
                {"_project_id", pid},
                {"_seq", Seq(now)}};
    d.of(kPool)[id] = obj;
    if (listener != nullptr) {
      (*listener)["default_pool_id"] = id;
      (*listener)["updated_at"] = created;
    }
    dirty = true;
    return Ok(201, "pool", PoolView(d, obj));
  });
}

Response UpdatePool(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"pool\":{...}}.");
  const json* pp = Env(*body, "pool");
  if (pp == nullptr) return Bad(Field("pool", "It is mandatory and must be an object."));
  const json& u = *pp;
  for (const char* k : {"protocol", "loadbalancer_id", "listener_id"}) {
    if (u.contains(k)) return Bad(Field(k, "It cannot be updated."));
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* p = Find(d, kPool, id, pid);
    if (p == nullptr) return NotFound("Pool", id);
    ELB_TRY(CheckPoolFields(u, p->value("protocol", "")));
    for (auto& [k, v] : u.items()) {
      if (k == "session_persistence") {
        (*p)[k] = NormalizePersistence(v);
      } else if ((k == "name" || k == "description") && v.is_null()) {
        (*p)[k] = "";
      } else if (OneOf(k, {"name", "description", "lb_algorithm", "slow_start", "member_deletion_protection_enable",
                           "type", "vpc_id"})) {
        (*p)[k] = v;
      }
    }
    (*p)["updated_at"] = ElbTime(now);
    dirty = true;
    return Ok(200, "pool", PoolView(d, *p));
  });
}

// ---- members ----

Response CreateMember(Simulator& sim, const Request& req, const std::string& pid, const std::string& pool_id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"member\":{...}}.");
  const json* mp = Env(*body, "member");
  if (mp == nullptr) return Bad(Field("member", "It is mandatory and must be an object."));
  const json& u = *mp;
  ELB_TRY(CheckString(u, "address", 64, true));
  ELB_TRY(CheckInt(u, "protocol_port", 1, 65535, true));
  ELB_TRY(CheckString(u, "subnet_cidr_id", 64));
  ELB_TRY(CheckString(u, "name", 255));
  ELB_TRY(CheckInt(u, "weight", 0, 100));
  ELB_TRY(CheckTrueOnly(u, "admin_state_up"));
  ELB_TRY(CheckString(u, "project_id", 64));
  std::string addr = u["address"];
  auto ip = ParseIpv4(addr);
  if (!ip) return Bad(Field("address", "Value: " + addr + " is not an IPv4 address."));
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* pool = Find(d, kPool, pool_id, pid);
    if (pool == nullptr) return NotFound("Pool", pool_id);
    json* lb = Find(d, kLb, pool->value("_lb_id", ""), pid);
    if (Given(u, "subnet_cidr_id")) {
      std::string nid = u["subnet_cidr_id"];
      json* s = SubnetByNeutronId(d, nid, pid);
      if (s == nullptr) {
        return Bad(Field("subnet_cidr_id",
                         "Subnet " + nid + " does not exist (it takes the neutron_subnet_id of a VPC subnet)."));
      }
      auto c = ParseCidr(s->value("cidr", ""));
      if (!c || !c->contains(*ip) || *ip == c->network || *ip == c->last()) {
        return Bad(
            Field("address", "Address " + addr + " is not inside subnet " + nid + " (" + s->value("cidr", "") + ")."));
      }
      if (lb != nullptr && s->value("vpc_id", "") != lb->value("vpc_id", "") && !lb->value("ip_target_enable", false)) {
        return Bad(Field("subnet_cidr_id", "Subnet " + nid +
                                               " is not in the load balancer's VPC; enable "
                                               "ip_target_enable on the load balancer for cross-VPC backends."));
      }
    } else if (lb != nullptr && !lb->value("ip_target_enable", false)) {
      return Bad(Field("subnet_cidr_id",
                       "It is mandatory unless the load balancer has ip_target_enable=true "
                       "(IP-type backends)."));
    }
    int64_t port = u["protocol_port"];
    for (auto& [mid, m] : d.of(kMember)) {
      if (m.value("_pool_id", "") == pool_id && m.value("address", "") == addr && m.value("protocol_port", 0) == port) {
        return Conflict("Member " + addr + ":" + std::to_string(port) + " already exists in pool " + pool_id + " (" +
                        mid + ").");
      }
    }
    std::string id = sim.store().NewId();
    std::string created = ElbTime(now);
    json obj = {{"id", id},
                {"name", Given(u, "name") ? u["name"] : json("")},
                {"address", addr},
                {"protocol_port", port},
                {"subnet_cidr_id", Given(u, "subnet_cidr_id") ? u["subnet_cidr_id"] : json()},
                {"weight", Given(u, "weight") ? u["weight"] : json(1)},
                {"admin_state_up", true},
                {"project_id", pid},
                {"pool_id", pool_id},
                {"ip_version", "v4"},
                {"member_type", Given(u, "subnet_cidr_id") ? "instance" : "ip"},
                {"created_at", created},
                {"updated_at", created},
                {"_pool_id", pool_id},
                {"_project_id", pid},
                {"_seq", Seq(now)}};
    d.of(kMember)[id] = obj;
    dirty = true;
    return Ok(201, "member", MemberView(d, obj));
  });
}

json* FindMember(Store::Data& d, const std::string& pool_id, const std::string& id, const std::string& pid) {
  json* m = Find(d, kMember, id, pid);
  return m != nullptr && m->value("_pool_id", "") == pool_id ? m : nullptr;
}

// ---- health monitors ----

std::optional<Response> CheckMonitorFields(const json& u, bool create) {
  ELB_TRY(CheckEnum(u, "type", {"TCP", "UDP_CONNECT", "HTTP", "HTTPS", "PING"}, create));
  ELB_TRY(CheckInt(u, "delay", 1, 50, create));
  ELB_TRY(CheckInt(u, "timeout", 1, 50, create));
  ELB_TRY(CheckInt(u, "max_retries", 1, 10, create));
  ELB_TRY(CheckInt(u, "max_retries_down", 1, 10));
  ELB_TRY(CheckInt(u, "monitor_port", 1, 65535));
  ELB_TRY(CheckString(u, "name", 255));
  ELB_TRY(CheckString(u, "url_path", 255));
  ELB_TRY(CheckString(u, "domain_name", 100));
  ELB_TRY(CheckString(u, "expected_codes", 64));
  ELB_TRY(
      CheckEnum(u, "http_method", {"GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH"}));
  ELB_TRY(CheckTrueOnly(u, "admin_state_up"));
  if (Given(u, "url_path") && !u["url_path"].get<std::string>().starts_with("/")) {
    return Bad(Field("url_path", "It must start with '/'."));
  }
  if (Given(u, "domain_name")) {
    const std::string& dn = u["domain_name"].get_ref<const std::string&>();
    bool ok = !dn.empty() && std::isalnum(static_cast<unsigned char>(dn[0])) &&
              std::all_of(dn.begin(), dn.end(),
                          [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; });
    if (!ok)
      return Bad(
          Field("domain_name", "It may contain letters, digits, '.' and '-' and must start with a letter or digit."));
  }
  return std::nullopt;
}

std::optional<Response> CheckMonitorAgainstPool(const json& m, const json& pool) {
  if (m["timeout"].get<int64_t>() > m["delay"].get<int64_t>()) {
    return Bad(Field("timeout", "It must not be greater than delay."));
  }
  std::string proto = pool.value("protocol", "");
  std::string type = m["type"];
  if ((proto == "UDP" || proto == "QUIC") != (type == "UDP_CONNECT" || type == "PING")) {
    return Bad(Field("type", "A " + type + " health check cannot monitor a " + proto +
                                 " pool (UDP/QUIC pools take UDP_CONNECT or PING, the others TCP, HTTP or HTTPS)."));
  }
  return std::nullopt;
}

Response CreateMonitor(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"healthmonitor\":{...}}.");
  const json* hp = Env(*body, "healthmonitor");
  if (hp == nullptr) return Bad(Field("healthmonitor", "It is mandatory and must be an object."));
  const json& u = *hp;
  ELB_TRY(CheckString(u, "pool_id", 64, true));
  ELB_TRY(CheckMonitorFields(u, true));
  std::string pool_id = u["pool_id"];
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* pool = Find(d, kPool, pool_id, pid);
    if (pool == nullptr) return NotFound("Pool", pool_id);
    ELB_TRY(CheckMonitorAgainstPool(u, *pool));
    for (auto& [hid, h] : d.of(kMonitor)) {
      if (h.value("_pool_id", "") == pool_id)
        return Conflict("Pool " + pool_id + " already has health monitor " + hid + ".");
    }
    std::string id = sim.store().NewId();
    std::string created = ElbTime(now);
    bool http = u["type"] == "HTTP" || u["type"] == "HTTPS";
    auto get = [&](const char* k, json def) { return Given(u, k) ? u[k] : def; };
    json obj = {{"id", id},
                {"name", get("name", "")},
                {"type", u["type"]},
                {"delay", u["delay"]},
                {"timeout", u["timeout"]},
                {"max_retries", u["max_retries"]},
                {"max_retries_down", get("max_retries_down", 3)},
                {"monitor_port", get("monitor_port", nullptr)},
                {"url_path", get("url_path", http ? json("/") : json())},
                {"domain_name", get("domain_name", nullptr)},
                {"http_method", get("http_method", http ? json("GET") : json())},
                {"expected_codes", get("expected_codes", http ? json("200") : json())},
                {"admin_state_up", true},
                {"project_id", pid},
                {"pools", json::array({{{"id", pool_id}}})},
                {"created_at", created},
                {"updated_at", created},
                {"_pool_id", pool_id},
                {"_project_id", pid},
                {"_seq", Seq(now)}};
    d.of(kMonitor)[id] = obj;
    dirty = true;
    return Ok(201, "healthmonitor", Store::Public(obj));
  });
}

// ---- certificates ----

Response CreateCert(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"certificate\":{...}}.");
  const json* cp = Env(*body, "certificate");
  if (cp == nullptr) return Bad(Field("certificate", "It is mandatory and must be an object."));
  const json& u = *cp;
  ELB_TRY(CheckString(u, "name", 255));
  ELB_TRY(CheckString(u, "description", 255));
  ELB_TRY(CheckString(u, "domain", 10000));
  ELB_TRY(CheckEnum(u, "type", {"server", "client"}));
  ELB_TRY(CheckString(u, "certificate", 65536, true));
  ELB_TRY(CheckString(u, "private_key", 8192));
  ELB_TRY(CheckTrueOnly(u, "admin_state_up"));
  std::string type = Given(u, "type") ? u["type"].get<std::string>() : "server";
  if (type == "client" && Given(u, "domain")) return Bad(Field("domain", "Client (CA) certificates take no domain."));
  std::string expire;
  ELB_TRY(CheckCertPair(type, u["certificate"], Given(u, "private_key") ? u["private_key"] : json(), &expire));
  int64_t now = sim.clock().NowMs();
  std::string id = sim.store().NewId();
  std::string created = ElbTime(now);
  json obj = {{"id", id},
              {"project_id", pid},
              {"name", Given(u, "name") ? u["name"] : json("")},
              {"description", Given(u, "description") ? u["description"] : json("")},
              {"type", type},
              {"domain", Given(u, "domain") ? u["domain"] : json()},
              {"certificate", u["certificate"]},
              {"private_key", Given(u, "private_key") ? u["private_key"] : json("")},
              {"admin_state_up", true},
              {"expire_time", expire},
              {"created_at", created},
              {"updated_at", created},
              {"_project_id", pid},
              {"_seq", Seq(now)}};
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    d.of(kCert)[id] = obj;
    dirty = true;
    return Ok(201, "certificate", Store::Public(obj));
  });
}

Response UpdateCert(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON; send {\"certificate\":{...}}.");
  const json* cp = Env(*body, "certificate");
  if (cp == nullptr) return Bad(Field("certificate", "It is mandatory and must be an object."));
  const json& u = *cp;
  ELB_TRY(CheckString(u, "name", 255));
  ELB_TRY(CheckString(u, "description", 255));
  ELB_TRY(CheckString(u, "domain", 10000));
  ELB_TRY(CheckString(u, "certificate", 65536));
  ELB_TRY(CheckString(u, "private_key", 8192));
  if (u.contains("type")) return Bad(Field("type", "It cannot be updated."));
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* c = Find(d, kCert, id, pid);
    if (c == nullptr) return NotFound("Certificate", id);
    std::string type = c->value("type", "server");
    if (type == "client" && Given(u, "domain")) return Bad(Field("domain", "Client (CA) certificates take no domain."));
    json cert = Given(u, "certificate") ? u["certificate"] : (*c)["certificate"];
    json key = Given(u, "private_key") ? u["private_key"] : (*c)["private_key"];
    std::string expire = c->value("expire_time", "");
    ELB_TRY(CheckCertPair(type, cert, key, &expire));
    for (const char* k : {"name", "description", "domain", "certificate", "private_key"}) {
      if (u.contains(k)) (*c)[k] = u[k].is_null() && std::string(k) != "domain" ? json("") : u[k];
    }
    (*c)["expire_time"] = expire;
    (*c)["updated_at"] = ElbTime(now);
    dirty = true;
    return Ok(200, "certificate", Store::Public(*c));
  });
}

bool CertUsed(Store::Data& d, const std::string& id, std::string* by) {
  for (auto& [lid, l] : d.of(kListener)) {
    bool used = l["default_tls_container_ref"] == id || l["client_ca_tls_container_ref"] == id;
    if (l["sni_container_refs"].is_array()) {
      for (const auto& r : l["sni_container_refs"]) used = used || r == id;
    }
    if (used) {
      *by = lid;
      return true;
    }
  }
  return false;
}

// ---- generic get/list/delete ----

using View = std::function<json(Store::Data&, json&)>;

Response GetOne(Simulator& sim, const char* kind, const char* what, const char* key, const std::string& pid,
                const std::string& id, const View& view) {
  return sim.store().With([&](Store::Data& d, bool&) -> Response {
    json* o = Find(d, kind, id, pid);
    if (o == nullptr) return NotFound(what, id);
    return Ok(200, key, view(d, *o));
  });
}

Response ListAll(Simulator& sim, const Request& req, const char* kind, const char* key, const std::string& pid,
                 std::initializer_list<const char*> filters, const View& view,
                 const std::function<bool(const json&)>& keep = nullptr) {
  std::vector<json> items = sim.store().With([&](Store::Data& d, bool&) {
    std::vector<json> out;
    for (json* o : Sorted(d.of(kind), pid)) {
      if (keep && !keep(*o)) continue;
      json v = view(d, *o);
      if (Matches(req, v, filters)) out.push_back(std::move(v));
    }
    return out;
  });
  return Page(req, items, key);
}

}  // namespace

void RegisterElb(Simulator& sim) {
  Router& r = sim.router();
  auto authed = [&sim](auto fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      std::string pid(Param(p, "project_id"));
      Identity who;
      if (auto err = sim.Authenticate(req, pid, &who)) return *err;
      return fn(req, p, pid);
    };
  };
  using P = const Params&;
  using Str = const std::string&;
  const std::string base = "/v3/{project_id}/elb";
  auto id_of = [](P p) { return std::string(Param(p, "id")); };
  View lb_view = [](Store::Data& d, json& o) { return LbView(d, o); };
  View listener_view = [](Store::Data&, json& o) { return ListenerView(o); };
  View pool_view = [](Store::Data& d, json& o) { return PoolView(d, o); };
  View member_view = [](Store::Data& d, json& o) { return MemberView(d, o); };
  View plain_view = [](Store::Data&, json& o) { return Store::Public(o); };

  // Flavors and availability zones.
  r.Add("GET", base + "/flavors", authed([](const Request& req, P, Str) {
          std::vector<json> items;
          for (const auto& f : kFlavors) {
            json v = FlavorView(f);
            if (Matches(req, v, {"id", "name", "type", "shared"})) items.push_back(v);
          }
          return Page(req, items, "flavors");
        }));
  r.Add("GET", base + "/flavors/{id}", authed([id_of](const Request&, P p, Str) {
          const FlavorDef* f = FindFlavor(id_of(p));
          if (f == nullptr) return NotFound("Flavor", id_of(p));
          return Ok(200, "flavor", FlavorView(*f));
        }));
  r.Add("GET", base + "/availability-zones", authed([&sim](const Request&, P, Str) {
          json set = json::array();
          for (const auto& code : AzCodes(sim.config().region)) {
            set.push_back({{"code", code},
                           {"state", "ACTIVE"},
                           {"protocol", json::array({"L4", "L7"})},
                           {"public_border_group", "center"},
                           {"category", 0}});
          }
          return Response::json(200, json{{"availability_zones", json::array({set})}, {"request_id", ""}}.dump());
        }));

  // Load balancers.
  r.Add("POST", base + "/loadbalancers",
        authed([&sim](const Request& req, P, Str pid) { return CreateLb(sim, req, pid); }));
  r.Add("GET", base + "/loadbalancers", authed([&sim, lb_view](const Request& req, P, Str pid) {
          return ListAll(sim, req, kLb, "loadbalancers", pid,
                         {"id", "name", "vpc_id", "vip_address", "vip_subnet_cidr_id", "availability_zone_list",
                          "provisioning_status", "operating_status", "description"},
                         lb_view);
        }));
  r.Add("GET", base + "/loadbalancers/{id}", authed([&sim, id_of, lb_view](const Request&, P p, Str pid) {
          return GetOne(sim, kLb, "Loadbalancer", "loadbalancer", pid, id_of(p), lb_view);
        }));
  r.Add("GET", base + "/loadbalancers/{id}/statuses", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool&) -> Response {
            json* lb = Find(d, kLb, id, pid);
            if (lb == nullptr) return NotFound("Loadbalancer", id);
            return Ok(200, "statuses", StatusTree(d, *lb));
          });
        }));
  r.Add("PUT", base + "/loadbalancers/{id}",
        authed([&sim, id_of](const Request& req, P p, Str pid) { return UpdateLb(sim, req, pid, id_of(p)); }));
  r.Add("DELETE", base + "/loadbalancers/{id}",
        authed([&sim, id_of](const Request&, P p, Str pid) { return DeleteLb(sim, pid, id_of(p), false); }));
  r.Add("DELETE", base + "/loadbalancers/{id}/force-elb",
        authed([&sim, id_of](const Request&, P p, Str pid) { return DeleteLb(sim, pid, id_of(p), true); }));

  // Listeners.
  r.Add("POST", base + "/listeners",
        authed([&sim](const Request& req, P, Str pid) { return CreateListener(sim, req, pid); }));
  r.Add("GET", base + "/listeners", authed([&sim, listener_view](const Request& req, P, Str pid) {
          std::string lb = req.query_param("loadbalancer_id");
          return ListAll(sim, req, kListener, "listeners", pid,
                         {"id", "name", "protocol", "protocol_port", "default_pool_id", "description"}, listener_view,
                         [lb](const json& o) { return lb.empty() || o.value("_lb_id", "") == lb; });
        }));
  r.Add("GET", base + "/listeners/{id}", authed([&sim, id_of, listener_view](const Request&, P p, Str pid) {
          return GetOne(sim, kListener, "Listener", "listener", pid, id_of(p), listener_view);
        }));
  r.Add("PUT", base + "/listeners/{id}",
        authed([&sim, id_of](const Request& req, P p, Str pid) { return UpdateListener(sim, req, pid, id_of(p)); }));
  r.Add("DELETE", base + "/listeners/{id}", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            json* l = Find(d, kListener, id, pid);
            if (l == nullptr) return NotFound("Listener", id);
            if ((*l)["default_pool_id"].is_string()) {
              return ElbError(409, "ELB.8907",
                              "Listener " + id + " still has default pool " +
                                  (*l)["default_pool_id"].get<std::string>() +
                                  "; delete the pool or set default_pool_id to null first.");
            }
            d.of(kListener).erase(id);
            dirty = true;
            return Response::json(204, "");
          });
        }));

  // Pools.
  r.Add("POST", base + "/pools", authed([&sim](const Request& req, P, Str pid) { return CreatePool(sim, req, pid); }));
  r.Add("GET", base + "/pools", authed([&sim, pool_view](const Request& req, P, Str pid) {
          std::string lb = req.query_param("loadbalancer_id");
          return ListAll(sim, req, kPool, "pools", pid,
                         {"id", "name", "protocol", "lb_algorithm", "healthmonitor_id", "description"}, pool_view,
                         [lb](const json& o) { return lb.empty() || o.value("_lb_id", "") == lb; });
        }));
  r.Add("GET", base + "/pools/{id}", authed([&sim, id_of, pool_view](const Request&, P p, Str pid) {
          return GetOne(sim, kPool, "Pool", "pool", pid, id_of(p), pool_view);
        }));
  r.Add("PUT", base + "/pools/{id}",
        authed([&sim, id_of](const Request& req, P p, Str pid) { return UpdatePool(sim, req, pid, id_of(p)); }));
  r.Add("DELETE", base + "/pools/{id}", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            json* pool = Find(d, kPool, id, pid);
            if (pool == nullptr) return NotFound("Pool", id);
            json members = IdList(d, kMember, "_pool_id", id);
            if (!members.empty()) {
              return ElbError(
                  409, "ELB.8907",
                  "Pool " + id + " still has " + std::to_string(members.size()) + " member(s); remove them first.");
            }
            for (auto& [hid, h] : d.of(kMonitor)) {
              if (h.value("_pool_id", "") == id) {
                return ElbError(409, "ELB.8907",
                                "Pool " + id + " still has health monitor " + hid + "; delete it first.");
              }
            }
            for (auto& [lid, l] : d.of(kListener)) {
              if (l["default_pool_id"] == id) {
                l["default_pool_id"] = nullptr;
                l["updated_at"] = ElbTime(sim.clock().NowMs());
              }
            }
            d.of(kPool).erase(id);
            dirty = true;
            return Response::json(204, "");
          });
        }));

  // Members.
  r.Add("POST", base + "/pools/{pool_id}/members", authed([&sim](const Request& req, P p, Str pid) {
          return CreateMember(sim, req, pid, std::string(Param(p, "pool_id")));
        }));
  r.Add("GET", base + "/pools/{pool_id}/members", authed([&sim, member_view](const Request& req, P p, Str pid) {
          std::string pool_id(Param(p, "pool_id"));
          bool exists =
              sim.store().With([&](Store::Data& d, bool&) { return Find(d, kPool, pool_id, pid) != nullptr; });
          if (!exists) return NotFound("Pool", pool_id);
          return ListAll(sim, req, kMember, "members", pid,
                         {"id", "name", "address", "protocol_port", "subnet_cidr_id", "weight", "operating_status"},
                         member_view, [pool_id](const json& o) { return o.value("_pool_id", "") == pool_id; });
        }));
  r.Add("GET", base + "/pools/{pool_id}/members/{id}", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string pool_id(Param(p, "pool_id"));
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool&) -> Response {
            if (Find(d, kPool, pool_id, pid) == nullptr) return NotFound("Pool", pool_id);
            json* m = FindMember(d, pool_id, id, pid);
            if (m == nullptr) return NotFound("Member", id);
            return Ok(200, "member", MemberView(d, *m));
          });
        }));
  r.Add("PUT", base + "/pools/{pool_id}/members/{id}", authed([&sim, id_of](const Request& req, P p, Str pid) {
          std::string pool_id(Param(p, "pool_id"));
          std::string id = id_of(p);
          auto body = ParseBody(req);
          if (!body) return Bad("The request body is not valid JSON; send {\"member\":{...}}.");
          const json* mp = Env(*body, "member");
          if (mp == nullptr) return Bad(Field("member", "It is mandatory and must be an object."));
          const json& u = *mp;
          for (const char* k : {"address", "protocol_port", "subnet_cidr_id"}) {
            if (u.contains(k)) return Bad(Field(k, "It cannot be updated."));
          }
          ELB_TRY(CheckString(u, "name", 255));
          ELB_TRY(CheckInt(u, "weight", 0, 100));
          ELB_TRY(CheckTrueOnly(u, "admin_state_up"));
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            if (Find(d, kPool, pool_id, pid) == nullptr) return NotFound("Pool", pool_id);
            json* m = FindMember(d, pool_id, id, pid);
            if (m == nullptr) return NotFound("Member", id);
            if (u.contains("name")) (*m)["name"] = u["name"].is_null() ? json("") : u["name"];
            if (Given(u, "weight")) (*m)["weight"] = u["weight"];
            (*m)["updated_at"] = ElbTime(now);
            dirty = true;
            return Ok(200, "member", MemberView(d, *m));
          });
        }));
  r.Add("DELETE", base + "/pools/{pool_id}/members/{id}", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string pool_id(Param(p, "pool_id"));
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            json* pool = Find(d, kPool, pool_id, pid);
            if (pool == nullptr) return NotFound("Pool", pool_id);
            if (FindMember(d, pool_id, id, pid) == nullptr) return NotFound("Member", id);
            if (pool->value("member_deletion_protection_enable", false)) {
              return ElbError(409, "ELB.8907",
                              "Pool " + pool_id +
                                  " has member_deletion_protection_enable=true; disable it before "
                                  "removing members.");
            }
            d.of(kMember).erase(id);
            dirty = true;
            return Response::json(204, "");
          });
        }));

  // Health monitors.
  r.Add("POST", base + "/healthmonitors",
        authed([&sim](const Request& req, P, Str pid) { return CreateMonitor(sim, req, pid); }));
  r.Add("GET", base + "/healthmonitors", authed([&sim, plain_view](const Request& req, P, Str pid) {
          return ListAll(sim, req, kMonitor, "healthmonitors", pid, {"id", "name", "type", "delay", "timeout"},
                         plain_view);
        }));
  r.Add("GET", base + "/healthmonitors/{id}", authed([&sim, id_of, plain_view](const Request&, P p, Str pid) {
          return GetOne(sim, kMonitor, "Healthmonitor", "healthmonitor", pid, id_of(p), plain_view);
        }));
  r.Add("PUT", base + "/healthmonitors/{id}", authed([&sim, id_of](const Request& req, P p, Str pid) {
          std::string id = id_of(p);
          auto body = ParseBody(req);
          if (!body) return Bad("The request body is not valid JSON; send {\"healthmonitor\":{...}}.");
          const json* hp = Env(*body, "healthmonitor");
          if (hp == nullptr) return Bad(Field("healthmonitor", "It is mandatory and must be an object."));
          const json& u = *hp;
          if (u.contains("pool_id")) return Bad(Field("pool_id", "It cannot be updated."));
          ELB_TRY(CheckMonitorFields(u, false));
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            json* h = Find(d, kMonitor, id, pid);
            if (h == nullptr) return NotFound("Healthmonitor", id);
            json merged = *h;
            for (auto& [k, v] : u.items()) {
              if (!v.is_null()) merged[k] = v;
            }
            json* pool = Find(d, kPool, h->value("_pool_id", ""), pid);
            if (pool != nullptr) ELB_TRY(CheckMonitorAgainstPool(merged, *pool));
            for (auto& [k, v] : u.items()) {
              if (OneOf(k, {"name", "type", "delay", "timeout", "max_retries", "max_retries_down", "monitor_port",
                            "url_path", "domain_name", "http_method", "expected_codes"})) {
                (*h)[k] = v.is_null() && k == "name" ? json("") : v;
              }
            }
            (*h)["updated_at"] = ElbTime(now);
            dirty = true;
            return Ok(200, "healthmonitor", Store::Public(*h));
          });
        }));
  r.Add("DELETE", base + "/healthmonitors/{id}", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            if (Find(d, kMonitor, id, pid) == nullptr) return NotFound("Healthmonitor", id);
            d.of(kMonitor).erase(id);
            dirty = true;
            return Response::json(204, "");
          });
        }));

  // Certificates.
  r.Add("POST", base + "/certificates",
        authed([&sim](const Request& req, P, Str pid) { return CreateCert(sim, req, pid); }));
  r.Add("GET", base + "/certificates", authed([&sim, plain_view](const Request& req, P, Str pid) {
          return ListAll(sim, req, kCert, "certificates", pid, {"id", "name", "description", "type", "domain"},
                         plain_view);
        }));
  r.Add("GET", base + "/certificates/{id}", authed([&sim, id_of, plain_view](const Request&, P p, Str pid) {
          return GetOne(sim, kCert, "Certificate", "certificate", pid, id_of(p), plain_view);
        }));
  r.Add("PUT", base + "/certificates/{id}",
        authed([&sim, id_of](const Request& req, P p, Str pid) { return UpdateCert(sim, req, pid, id_of(p)); }));
  r.Add("DELETE", base + "/certificates/{id}", authed([&sim, id_of](const Request&, P p, Str pid) {
          std::string id = id_of(p);
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            if (Find(d, kCert, id, pid) == nullptr) return NotFound("Certificate", id);
            std::string by;
            if (CertUsed(d, id, &by)) {
              return ElbError(409, "ELB.8907",
                              "Certificate " + id + " is used by listener " + by + "; detach it first.");
            }
            d.of(kCert).erase(id);
            dirty = true;
            return Response::json(204, "");
          });
        }));
}

}  // namespace otcsim
