#include "otc/elb.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include "otc/paginate.h"
#include "otc/signer.h"
#include "otc/waiter.h"

namespace otc::elb {
namespace {

constexpr const char* kService = "elbv3";

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
bool Bool(const json& j, const char* key, bool def) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : def;
}
int64_t Int(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
std::vector<std::string> Strings(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}
std::vector<std::string> Ids(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_object()) out.push_back(Str(v, "id"));
  }
  return out;
}
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// The object under `key` of a 2xx response, or a decode error.
Result<json> Member(const Result<Response>& r, const char* key, const std::string& what) {
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object() || !body.contains(key) || !body[key].is_object()) {
    return Error(ErrorKind::kDecode, std::string("the response has no \"") + key + "\" object").set_what(what);
  }
  return body[key];
}

Result<std::string> ItemPath(const std::string& coll, const std::string& id, const char* noun,
                             const std::string& what) {
  if (id.empty()) return Error(ErrorKind::kConfig, std::string("empty ") + noun + " id").set_what(what);
  return "/elb/" + coll + "/" + UriEncode(id, false);
}

Result<json> GetItem(const framework::Context& ctx, Client& c, const std::string& coll, const std::string& id,
                     const char* noun, const char* member) {
  std::string what = std::string("reading ") + noun + " " + id;
  auto path = ItemPath(coll, id, noun, what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.ok_codes = {200};
  req.what = what;
  return Member(c.Do(ctx, req), member, what);
}

Status DeleteItem(const framework::Context& ctx, Client& c, const std::string& coll, const std::string& id,
                  const char* noun) {
  std::string what = std::string("deleting ") + noun + " " + id;
  auto path = ItemPath(coll, id, noun, what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "DELETE";
  req.service = kService;
  req.path = path.value();
  req.ok_codes = {202, 204};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

Result<std::vector<json>> ListRaw(const framework::Context& ctx, Client& c, const std::string& coll,
                                  std::vector<std::pair<std::string, std::string>> query, const std::string& what) {
  Request req;
  req.service = kService;
  req.path = "/elb/" + coll;
  req.query = std::move(query);
  req.ok_codes = {200};
  req.what = what;
  return ListAll(ctx, c, req, {PageStyle::kPageInfo, coll, 0});
}

// A find-existing result: `item` as if the create had answered it.
std::optional<Response> AsCreated(const char* member, const json& item) {
  Response r;
  r.status = 201;
  r.body = json{{member, item}}.dump();
  return r;
}

LoadBalancer ParseLb(const json& j) {
  LoadBalancer lb;
  lb.id = Str(j, "id");
  lb.name = Str(j, "name");
  lb.description = Str(j, "description");
  lb.vpc_id = Str(j, "vpc_id");
  lb.vip_subnet_cidr_id = Str(j, "vip_subnet_cidr_id");
  lb.vip_address = Str(j, "vip_address");
  lb.vip_port_id = Str(j, "vip_port_id");
  lb.l4_flavor_id = Str(j, "l4_flavor_id");
  lb.l7_flavor_id = Str(j, "l7_flavor_id");
  lb.provisioning_status = Str(j, "provisioning_status");
  lb.operating_status = Str(j, "operating_status");
  lb.ipv6_vip_virsubnet_id = Str(j, "ipv6_vip_virsubnet_id");
  lb.ipv6_vip_address = Str(j, "ipv6_vip_address");
  lb.created_at = Str(j, "created_at");
  lb.updated_at = Str(j, "updated_at");
  lb.availability_zones = Strings(j, "availability_zone_list");
  lb.elb_virsubnet_ids = Strings(j, "elb_virsubnet_ids");
  lb.listener_ids = Ids(j, "listeners");
  lb.pool_ids = Ids(j, "pools");
  lb.admin_state_up = Bool(j, "admin_state_up", true);
  lb.ip_target_enable = Bool(j, "ip_target_enable", false);
  lb.deletion_protection_enable = Bool(j, "deletion_protection_enable", false);
  if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
    for (const auto& t : *it) {
      if (t.is_object()) lb.tags[Str(t, "key")] = Str(t, "value");
    }
  }
  if (auto it = j.find("publicips"); it != j.end() && it->is_array()) {
    for (const auto& p : *it) {
      if (!p.is_object()) continue;
      LbPublicIp ip{Str(p, "publicip_id"), Str(p, "publicip_address"), static_cast<int>(Int(p, "ip_version"))};
      if (ip.ip_version == 0) ip.ip_version = 4;
      lb.publicips.push_back(ip);
    }
  }
  return lb;
}

Certificate ParseCert(const json& j) {
  Certificate c;
  c.id = Str(j, "id");
  c.name = Str(j, "name");
  c.description = Str(j, "description");
  c.type = Str(j, "type");
  c.domain = Str(j, "domain");
  c.certificate = Str(j, "certificate");
  c.private_key = Str(j, "private_key");
  c.expire_time = Str(j, "expire_time");
  c.created_at = Str(j, "created_at");
  c.updated_at = Str(j, "updated_at");
  return c;
}

Flavor ParseFlavor(const json& j) {
  Flavor f;
  f.id = Str(j, "id");
  f.name = Str(j, "name");
  f.type = Str(j, "type");
  f.shared = Bool(j, "shared", false);
  f.sold_out = Bool(j, "flavor_sold_out", false);
  if (auto it = j.find("info"); it != j.end() && it->is_object()) {
    f.connection = Int(*it, "connection");
    f.cps = Int(*it, "cps");
    f.qps = Int(*it, "qps");
    f.https_cps = Int(*it, "https_cps");
    f.lcu = Int(*it, "lcu");
    f.bandwidth = Int(*it, "bandwidth");
  }
  return f;
}

std::string LbLabel(const std::string& name, const std::string& id) {
  return name.empty() ? "load balancer " + id : "load balancer " + Quoted(name) + " (" + id + ")";
}

}  // namespace

std::string TrimPem(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// ---- Load balancers ---------------------------------------------------------

Result<LoadBalancer> CreateLoadBalancer(const framework::Context& ctx, Client& c, const LoadBalancerCreate& in) {
  std::string what = "creating load balancer" + (in.name.empty() ? std::string() : " " + Quoted(in.name));
  json lb = json::object();
  if (!in.name.empty()) lb["name"] = in.name;
  if (!in.description.empty()) lb["description"] = in.description;
  lb["availability_zone_list"] = in.availability_zones;
  if (!in.vpc_id.empty()) lb["vpc_id"] = in.vpc_id;
  if (!in.vip_subnet_cidr_id.empty()) lb["vip_subnet_cidr_id"] = in.vip_subnet_cidr_id;
  if (!in.vip_address.empty()) lb["vip_address"] = in.vip_address;
  if (!in.elb_virsubnet_ids.empty()) lb["elb_virsubnet_ids"] = in.elb_virsubnet_ids;
  if (!in.ipv6_vip_virsubnet_id.empty()) lb["ipv6_vip_virsubnet_id"] = in.ipv6_vip_virsubnet_id;
  if (!in.l4_flavor_id.empty()) lb["l4_flavor_id"] = in.l4_flavor_id;
  if (!in.l7_flavor_id.empty()) lb["l7_flavor_id"] = in.l7_flavor_id;
  lb["admin_state_up"] = true;
  if (in.ip_target_enable) lb["ip_target_enable"] = *in.ip_target_enable;
  if (in.deletion_protection_enable) lb["deletion_protection_enable"] = *in.deletion_protection_enable;
  if (!in.tags.empty()) {
    json tags = json::array();
    for (const auto& [k, v] : in.tags) tags.push_back({{"key", k}, {"value", v}});
    lb["tags"] = tags;
  }
  if (!in.publicip_id.empty()) lb["publicip_ids"] = json::array({in.publicip_id});
  if (in.new_publicip) {
    const NewPublicIp& p = *in.new_publicip;
    json bw = {{"share_type", p.share_type}};
    if (p.share_type == "WHOLE") {
      bw["id"] = p.bandwidth_id;
    } else {
      bw["name"] = p.bandwidth_name;
      bw["size"] = p.bandwidth_size;
      bw["charge_mode"] = p.charge_mode.empty() ? "traffic" : p.charge_mode;
    }
    lb["publicip"] = {{"network_type", p.network_type}, {"ip_version", 4}, {"bandwidth", bw}};
  }
  Request req;
  req.method = "POST";
  req.service = kService;
  req.path = "/elb/loadbalancers";
  req.body = json{{"loadbalancer", lb}};
  req.ok_codes = {200, 201, 202};
  req.what = what;
  if (!in.name.empty()) {
    LoadBalancerCreate key = in;
    req.find_existing = [&c, key, what](const framework::Context& x) -> Result<std::optional<Response>> {
      auto items = ListRaw(x, c, "loadbalancers", {{"name", key.name}}, "listing load balancers");
      if (!items.ok()) return items.error();
      std::set<std::string> want_azs(key.availability_zones.begin(), key.availability_zones.end());
      std::vector<json> hits;
      for (const auto& j : items.value()) {
        LoadBalancer l = ParseLb(j);
        if (l.name != key.name) continue;
        if (!key.vpc_id.empty() && l.vpc_id != key.vpc_id) continue;
        if (!key.vip_subnet_cidr_id.empty() && l.vip_subnet_cidr_id != key.vip_subnet_cidr_id) continue;
        if (std::set<std::string>(l.availability_zones.begin(), l.availability_zones.end()) != want_azs) continue;
        hits.push_back(j);
      }
      if (hits.empty()) return std::optional<Response>();
      if (hits.size() > 1) {
        return Error(ErrorKind::kFailed, "after an interrupted create, " + std::to_string(hits.size()) +
                                             " load balancers named " + Quoted(key.name) +
                                             " exist in the same network and zones; not guessing which one is ours")
            .set_what(what)
            .set_hint("Give the load balancer a unique name, delete the extra ones or import the right one.");
      }
      return AsCreated("loadbalancer", hits.front());
    };
  }
  auto m = Member(c.Do(ctx, req), "loadbalancer", what);
  if (!m.ok()) return m.error();
  return ParseLb(m.value());
}

Result<LoadBalancer> GetLoadBalancer(const framework::Context& ctx, Client& c, const std::string& id) {
  auto m = GetItem(ctx, c, "loadbalancers", id, "load balancer", "loadbalancer");
  if (!m.ok()) return m.error();
  return ParseLb(m.value());
}

Result<std::vector<LoadBalancer>> ListLoadBalancers(const framework::Context& ctx, Client& c,
                                                    const std::string& name) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!name.empty()) q.emplace_back("name", name);
  auto items = ListRaw(ctx, c, "loadbalancers", std::move(q), "listing load balancers");
  if (!items.ok()) return items.error();
  std::vector<LoadBalancer> out;
  for (const auto& j : items.value()) out.push_back(ParseLb(j));
  return out;
}

Result<LoadBalancer> UpdateLoadBalancer(const framework::Context& ctx, Client& c, const std::string& id,
                                        const LoadBalancerUpdate& in) {
  std::string what = "updating load balancer " + id;
  auto path = ItemPath("loadbalancers", id, "load balancer", what);
  if (!path.ok()) return path.error();
  json lb = json::object();
  if (in.name) lb["name"] = *in.name;
  if (in.description) lb["description"] = *in.description;
  if (in.vip_subnet_cidr_id) {
    lb["vip_subnet_cidr_id"] = in.vip_subnet_cidr_id->empty() ? json() : json(*in.vip_subnet_cidr_id);
  }
  if (in.vip_address && !in.vip_address->empty()) lb["vip_address"] = *in.vip_address;
  if (in.l4_flavor_id) lb["l4_flavor_id"] = *in.l4_flavor_id;
  if (in.l7_flavor_id) lb["l7_flavor_id"] = *in.l7_flavor_id;
  if (in.elb_virsubnet_ids) lb["elb_virsubnet_ids"] = *in.elb_virsubnet_ids;
  if (in.ip_target_enable) lb["ip_target_enable"] = *in.ip_target_enable;
  if (in.deletion_protection_enable) lb["deletion_protection_enable"] = *in.deletion_protection_enable;
  Request req;
  req.method = "PUT";
  req.service = kService;
  req.path = path.value();
  req.body = json{{"loadbalancer", lb}};
  req.ok_codes = {200, 202};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "loadbalancer", what);
  if (!m.ok()) return m.error();
  return ParseLb(m.value());
}

Status DeleteLoadBalancer(const framework::Context& ctx, Client& c, const std::string& id) {
  return DeleteItem(ctx, c, "loadbalancers", id, "load balancer");
}

Result<LoadBalancer> WaitLoadBalancerActive(const framework::Context& ctx, Client& c, const std::string& id,
                                            const std::string& what) {
  WaitOptions opts;
  opts.what = what;
  // Synchronous API: the first poll (at once) normally sees ACTIVE; a
  // load balancer still provisioning is polled at 0.5 s growing to 5 s.
  opts.initial = std::chrono::milliseconds(500);
  opts.max_interval = std::chrono::seconds(5);
  opts.pending_statuses = {404};  // eventual consistency right after the create
  LoadBalancer last;
  Status s = WaitUntil(ctx, opts, [&](const framework::Context& x) -> Result<PollResult> {
    auto lb = GetLoadBalancer(x, c, id);
    if (!lb.ok()) return lb.error();
    last = lb.value();
    const std::string& st = lb->provisioning_status;
    if (st == "ACTIVE") return PollResult{PollResult::kDone, st, ""};
    if (st == "ERROR") {
      return PollResult{PollResult::kFailed, st,
                        "the ELB service reported provisioning_status ERROR (operating_status " +
                            lb->operating_status + ") for " + LbLabel(lb->name, id) +
                            "; delete it (it is tainted) and check the quota, flavors and subnets"};
    }
    return PollResult{PollResult::kPending, st, ""};
  });
  if (!s.ok()) return s;
  return last;
}

Status WaitLoadBalancerDeleted(const framework::Context& ctx, Client& c, const std::string& id,
                               const std::string& what) {
  WaitOptions opts;
  opts.what = what;
  opts.initial = std::chrono::milliseconds(500);
  opts.max_interval = std::chrono::seconds(5);
  return WaitUntil(ctx, opts, [&](const framework::Context& x) -> Result<PollResult> {
    auto lb = GetLoadBalancer(x, c, id);
    if (!lb.ok() && lb.error().IsNotFound()) return PollResult{PollResult::kDone, "deleted", ""};
    if (!lb.ok()) return lb.error();
    return PollResult{PollResult::kPending, lb->provisioning_status, ""};
  });
}

// ---- Certificates -----------------------------------------------------------

Result<Certificate> CreateCertificate(const framework::Context& ctx, Client& c, const CertificateCreate& in) {
  std::string what = "creating certificate" + (in.name.empty() ? std::string() : " " + Quoted(in.name));
  json cert = {{"certificate", in.certificate}, {"type", in.type}};
  if (!in.name.empty()) cert["name"] = in.name;
  if (!in.description.empty()) cert["description"] = in.description;
  if (!in.domain.empty()) cert["domain"] = in.domain;
  if (!in.private_key.empty()) cert["private_key"] = in.private_key;
  Request req;
  req.method = "POST";
  req.service = kService;
  req.path = "/elb/certificates";
  req.body = json{{"certificate", cert}};
  req.ok_codes = {200, 201};
  req.what = what;
  CertificateCreate key = in;
  key.private_key.clear();  // not needed for the lookup
  req.find_existing = [&c, key, what](const framework::Context& x) -> Result<std::optional<Response>> {
    std::vector<std::pair<std::string, std::string>> q;
    if (!key.name.empty()) q.emplace_back("name", key.name);
    auto items = ListRaw(x, c, "certificates", std::move(q), "listing certificates");
    if (!items.ok()) return items.error();
    const std::string body = TrimPem(key.certificate);
    std::vector<json> hits;
    for (const auto& j : items.value()) {
      Certificate ce = ParseCert(j);
      if (ce.name != key.name || ce.type != key.type || TrimPem(ce.certificate) != body) continue;
      hits.push_back(j);
    }
    if (hits.empty()) return std::optional<Response>();
    if (hits.size() > 1) {
      return Error(ErrorKind::kFailed, "after an interrupted create, " + std::to_string(hits.size()) +
                                           " certificates with the same name, type and body exist; not guessing "
                                           "which one is ours")
          .set_what(what)
          .set_hint("Give the certificate a unique name, delete the extra ones or import the right one.");
    }
    return AsCreated("certificate", hits.front());
  };
  auto m = Member(c.Do(ctx, req), "certificate", what);
  if (!m.ok()) return m.error();
  return ParseCert(m.value());
}

Result<Certificate> GetCertificate(const framework::Context& ctx, Client& c, const std::string& id) {
  auto m = GetItem(ctx, c, "certificates", id, "certificate", "certificate");
  if (!m.ok()) return m.error();
  return ParseCert(m.value());
}

Result<std::vector<Certificate>> ListCertificates(const framework::Context& ctx, Client& c,
                                                  const std::string& name) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!name.empty()) q.emplace_back("name", name);
  auto items = ListRaw(ctx, c, "certificates", std::move(q), "listing certificates");
  if (!items.ok()) return items.error();
  std::vector<Certificate> out;
  for (const auto& j : items.value()) out.push_back(ParseCert(j));
  return out;
}

Result<Certificate> UpdateCertificate(const framework::Context& ctx, Client& c, const std::string& id,
                                      const CertificateUpdate& in) {
  std::string what = "updating certificate " + id;
  auto path = ItemPath("certificates", id, "certificate", what);
  if (!path.ok()) return path.error();
  json cert = json::object();
  if (in.name) cert["name"] = *in.name;
  if (in.description) cert["description"] = *in.description;
  if (in.domain) cert["domain"] = *in.domain;
  if (in.certificate) cert["certificate"] = *in.certificate;
  if (in.private_key) cert["private_key"] = *in.private_key;
  Request req;
  req.method = "PUT";
  req.service = kService;
  req.path = path.value();
  req.body = json{{"certificate", cert}};
  req.ok_codes = {200, 202};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "certificate", what);
  if (!m.ok()) return m.error();
  return ParseCert(m.value());
}

Status DeleteCertificate(const framework::Context& ctx, Client& c, const std::string& id) {
  return DeleteItem(ctx, c, "certificates", id, "certificate");
}

Result<Certificate> WaitCertificate(const framework::Context& ctx, Client& c, const std::string& id,
                                    const std::string& what) {
  WaitOptions opts;
  opts.what = what;
  opts.initial = std::chrono::milliseconds(300);
  opts.max_interval = std::chrono::seconds(5);
  opts.pending_statuses = {404};
  Certificate last;
  Status s = WaitUntil(ctx, opts, [&](const framework::Context& x) -> Result<PollResult> {
    auto ce = GetCertificate(x, c, id);
    if (!ce.ok()) return ce.error();
    last = ce.value();
    return PollResult{PollResult::kDone, "present", ""};
  });
  if (!s.ok()) return s;
  return last;
}

// ---- Flavors and availability zones -----------------------------------------

Result<std::vector<Flavor>> ListFlavors(const framework::Context& ctx, Client& c, const std::string& name,
                                        const std::string& type) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!name.empty()) q.emplace_back("name", name);
  if (!type.empty()) q.emplace_back("type", type);
  auto items = ListRaw(ctx, c, "flavors", std::move(q), "listing ELB flavors");
  if (!items.ok()) return items.error();
  std::vector<Flavor> out;
  for (const auto& j : items.value()) out.push_back(ParseFlavor(j));
  return out;
}

Result<Flavor> GetFlavor(const framework::Context& ctx, Client& c, const std::string& id) {
  auto m = GetItem(ctx, c, "flavors", id, "ELB flavor", "flavor");
  if (!m.ok()) return m.error();
  return ParseFlavor(m.value());
}

Result<std::vector<std::vector<AvailabilityZone>>> ListAvailabilityZones(const framework::Context& ctx,
                                                                         Client& c) {
  std::string what = "listing ELB availability zones";
  Request req;
  req.service = kService;
  req.path = "/elb/availability-zones";
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object() || !body.contains("availability_zones") || !body["availability_zones"].is_array()) {
    return Error(ErrorKind::kDecode, "the response has no \"availability_zones\" list").set_what(what);
  }
  std::vector<std::vector<AvailabilityZone>> out;
  for (const auto& set : body["availability_zones"]) {
    if (!set.is_array()) continue;
    std::vector<AvailabilityZone> azs;
    for (const auto& a : set) {
      if (a.is_object()) azs.push_back({Str(a, "code"), Str(a, "state"), Strings(a, "protocol")});
    }
    out.push_back(std::move(azs));
  }
  return out;
}

}  // namespace otc::elb
