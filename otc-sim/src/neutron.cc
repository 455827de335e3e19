// Neutron v2.0 security groups and rules (api.md section 2.6) as the
// official provider calls them: groups come with two default egress rules,
// rules are validated as Neutron does (direction, ethertype, protocol, port
// ranges, remote_ip_prefix vs remote_group_id), duplicates are 409, and a
// group still referenced by another group's rule (or a port) cannot be
// deleted (409 SecurityGroupInUse). Errors are {"NeutronError":{...}}.
#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "otcsim/cidr.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

const char* kSg = "security_group";
const char* kRule = "security_group_rule";

Response Bad(std::string_view msg) { return NeutronError(400, "HTTPBadRequest", msg); }
Response SgNotFound(std::string_view id) {
  return NeutronError(404, "SecurityGroupNotFound", "Security group " + std::string(id) + " does not exist");
}
Response RuleNotFound(std::string_view id) {
  return NeutronError(404, "SecurityGroupRuleNotFound", "Security group rule " + std::string(id) + " does not exist");
}

std::string NeutronTime(int64_t ms) { return IsoTime(ms).substr(0, 19) + "Z"; }

// Rejects attributes Neutron does not know for this resource.
std::optional<Response> CheckAttrs(const json& obj, std::initializer_list<const char*> allowed) {
  std::vector<std::string> unknown;
  for (const auto& item : obj.items()) {
    const std::string& k = item.key();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; })) unknown.push_back(k);
  }
  if (unknown.empty()) return std::nullopt;
  std::string list;
  for (const auto& u : unknown) list += (list.empty() ? "'" : ", '") + u + "'";
  return Bad("Unrecognized attribute(s) " + list);
}

std::optional<Response> CheckString(const json& obj, const char* key, std::size_t max) {
  if (!obj.contains(key) || obj[key].is_null()) return std::nullopt;
  if (!obj[key].is_string()) {
    return Bad(std::string("Invalid input for ") + key + ". Reason: '" + obj[key].dump() + "' is not a valid string.");
  }
  if (obj[key].get_ref<const std::string&>().size() > max) {
    return Bad(std::string("Invalid input for ") + key + ". Reason: '" + obj[key].get<std::string>() +
               "' exceeds maximum length of " + std::to_string(max) + ".");
  }
  return std::nullopt;
}

bool Owned(const json& o, const std::string& pid) { return o.value("_project_id", "") == pid; }

// A group with its rules, as Neutron shows it.
json GroupView(Store::Data& d, const json& sg) {
  json out = Store::Public(sg);
  json rules = json::array();
  std::vector<const json*> mine;
  for (auto& [rid, r] : d.of(kRule)) {
    if (r.value("security_group_id", "") == sg.value("id", "")) mine.push_back(&r);
  }
  std::sort(mine.begin(), mine.end(), [](const json* a, const json* b) {
    return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
           std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
  });
  for (const json* r : mine) rules.push_back(Store::Public(*r));
  out["security_group_rules"] = rules;
  return out;
}

json MakeRule(const std::string& id, const std::string& sg_id, const std::string& pid, int64_t now, int64_t seq,
              const std::string& direction, const std::string& ethertype) {
  return {{"id", id},
          {"direction", direction},
          {"ethertype", ethertype},
          {"security_group_id", sg_id},
          {"protocol", nullptr},
          {"port_range_min", nullptr},
          {"port_range_max", nullptr},
          {"remote_ip_prefix", nullptr},
          {"remote_group_id", nullptr},
          {"description", ""},
          {"tenant_id", pid},
          {"project_id", pid},
          {"created_at", NeutronTime(now)},
          {"updated_at", NeutronTime(now)},
          {"_project_id", pid},
          {"_seq", seq}};
}

// Normalises a remote_ip_prefix ("10.0.0.5/24" -> "10.0.0.0/24", a bare
// address gets /32 or /128). Returns "" when invalid; *v6 says the family.
std::string NormalizePrefix(const std::string& s, bool* v6) {
  std::string addr = s;
  int prefix = -1;
  if (std::size_t slash = s.find('/'); slash != std::string::npos) {
    addr = s.substr(0, slash);
    std::string p = s.substr(slash + 1);
    if (p.empty() || p.size() > 3 || !std::all_of(p.begin(), p.end(), ::isdigit)) return "";
    prefix = std::atoi(p.c_str());
  }
  unsigned char buf[16];
  if (inet_pton(AF_INET, addr.c_str(), buf) == 1) {
    *v6 = false;
    if (prefix < 0) prefix = 32;
    if (prefix > 32) return "";
  } else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
    *v6 = true;
    if (prefix < 0) prefix = 128;
    if (prefix > 128) return "";
  } else {
    return "";
  }
  int bytes = *v6 ? 16 : 4;
  for (int i = 0; i < bytes; ++i) {
    int keep = std::clamp(prefix - i * 8, 0, 8);
    buf[i] &= static_cast<unsigned char>(keep == 0 ? 0 : 0xFF << (8 - keep));
  }
  char out[INET6_ADDRSTRLEN];
  inet_ntop(*v6 ? AF_INET6 : AF_INET, buf, out, sizeof out);
  return std::string(out) + "/" + std::to_string(prefix);
}

// Validated port value: null, integer or numeric string. Sets *bad on error.
std::optional<int> PortValue(const json& j, bool* bad) {
  if (j.is_null()) return std::nullopt;
  if (j.is_number_integer()) return j.get<int>();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (!s.empty() && s.size() <= 6 && std::all_of(s.begin(), s.end(), ::isdigit)) return std::atoi(s.c_str());
  }
  *bad = true;
  return std::nullopt;
}

Response CreateGroup(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("Malformed request body");
  if (!body->contains("security_group") || !(*body)["security_group"].is_object()) {
    return Bad("Resource body required");
  }
  const json& g = (*body)["security_group"];
  if (auto e = CheckAttrs(g, {"name", "description", "tenant_id", "project_id", "stateful"})) return *e;
  for (const char* f : {"name", "description"}) {
    if (auto e = CheckString(g, f, 255)) return *e;
  }
  for (const char* f : {"tenant_id", "project_id"}) {
    if (auto e = CheckString(g, f, 255)) return *e;
    if (g.contains(f) && g[f].is_string() && g[f].get<std::string>() != pid) {
      return NeutronError(403, "HTTPForbidden", "Only admin can create a resource for another tenant.");
    }
  }
  std::string name = g.contains("name") && g["name"].is_string() ? g["name"].get<std::string>() : "";
  if (name == "default") {
    return NeutronError(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
  }
  std::string id = sim.store().NewId();
  std::string r4 = sim.store().NewId();
  std::string r6 = sim.store().NewId();
  int64_t now = sim.clock().NowMs();
  json sg = {{"id", id},
             {"name", name},
             {"description", g.contains("description") && g["description"].is_string() ? g["description"] : json("")},
             {"tenant_id", pid},
             {"project_id", pid},
             {"created_at", NeutronTime(now)},
             {"updated_at", NeutronTime(now)},
             {"_project_id", pid},
             {"_seq", now}};
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    d.of(kSg)[id] = sg;
    d.of(kRule)[r4] = MakeRule(r4, id, pid, now, 0, "egress", "IPv4");
    d.of(kRule)[r6] = MakeRule(r6, id, pid, now, 1, "egress", "IPv6");
    dirty = true;
    return Response::json(201, json{{"security_group", GroupView(d, sg)}}.dump());
  });
}

Response GetGroup(Simulator& sim, const std::string& pid, const std::string& id) {
  return sim.store().With([&](Store::Data& d, bool&) {
    auto& k = d.of(kSg);
    auto it = k.find(id);
    if (it == k.end() || !Owned(it->second, pid)) return SgNotFound(id);
    return Response::json(200, json{{"security_group", GroupView(d, it->second)}}.dump());
  });
}

// Neutron list filters (exact match) and limit/marker paging with *_links.
Response ListOf(Simulator& sim, const Request& req, const std::string& pid, const char* kind, const char* plural,
                std::initializer_list<const char*> filters) {
  std::string limit_s = req.query_param("limit");
  std::string marker = req.query_param("marker");
  long limit = -1;
  if (!limit_s.empty()) {
    char* end = nullptr;
    limit = std::strtol(limit_s.c_str(), &end, 10);
    if (*end != '\0' || limit < 0) return Bad("Invalid input for limit. Reason: '" + limit_s + "' is not an integer.");
    if (limit == 0) limit = -1;
  }
  auto q = parse_query(req.query);
  return sim.store().With([&](Store::Data& d, bool&) {
    std::vector<json*> objs;
    for (auto& [id, o] : d.of(kind)) {
      if (!Owned(o, pid)) continue;
      bool ok = true;
      for (const char* f : filters) {
        for (const auto& [k, v] : q) {
          if (k != f) continue;
          const json& fv = o.contains(f) ? o[f] : json();
          std::string have = fv.is_string() ? fv.get<std::string>() : fv.is_null() ? "" : fv.dump();
          if (have != v) ok = false;
        }
      }
      if (ok) objs.push_back(&o);
    }
    std::sort(objs.begin(), objs.end(), [](const json* a, const json* b) {
      return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
             std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
    });
    std::size_t start = 0;
    if (!marker.empty()) {
      for (std::size_t i = 0; i < objs.size(); ++i) {
        if (objs[i]->value("id", "") == marker) start = i + 1;
      }
    }
    json arr = json::array();
    std::size_t i = start;
    for (; i < objs.size() && (limit < 0 || arr.size() < static_cast<std::size_t>(limit)); ++i) {
      arr.push_back(std::string(kind) == kSg ? GroupView(d, *objs[i]) : Store::Public(*objs[i]));
    }
    json out = {{plural, arr}};
    if (limit > 0 && i < objs.size() && !arr.empty()) {
      std::string next = req.base_url + req.path + "?limit=" + std::to_string(limit) +
                         "&marker=" + arr.back().value("id", "");
      out[std::string(plural) + "_links"] = json::array({{{"rel", "next"}, {"href", next}}});
    }
    return Response::json(200, out.dump());
  });
}

Response UpdateGroup(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("Malformed request body");
  if (!body->contains("security_group") || !(*body)["security_group"].is_object()) {
    return Bad("Resource body required");
  }
  const json& g = (*body)["security_group"];
  if (auto e = CheckAttrs(g, {"name", "description", "stateful"})) return *e;
  for (const char* f : {"name", "description"}) {
    if (auto e = CheckString(g, f, 255)) return *e;
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of(kSg);
    auto it = k.find(id);
    if (it == k.end() || !Owned(it->second, pid)) return SgNotFound(id);
    json& sg = it->second;
    for (const char* f : {"name", "description"}) {
      if (g.contains(f)) sg[f] = g[f].is_null() ? json("") : g[f];
    }
    sg["updated_at"] = NeutronTime(now);
    dirty = true;
    return Response::json(200, json{{"security_group", GroupView(d, sg)}}.dump());
  });
}

Response DeleteGroup(Simulator& sim, const std::string& pid, const std::string& id) {
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of(kSg);
    auto it = k.find(id);
    if (it == k.end() || !Owned(it->second, pid)) return SgNotFound(id);
    auto in_use = NeutronError(409, "SecurityGroupInUse",
                               "Security Group " + id + " in use.");
    for (auto& [rid, r] : d.of(kRule)) {
      if (r.value("remote_group_id", json()).is_string() && r["remote_group_id"] == id &&
          r.value("security_group_id", "") != id) {
        return in_use;
      }
    }
    for (auto& [portid, p] : d.of("port")) {
      if (p.contains("security_groups") && p["security_groups"].is_array()) {
        for (const auto& s : p["security_groups"]) {
          if (s == id) return in_use;
        }
      }
    }
    // Resources of other services (RDS instances) mark their group with
    // "_uses_security_group"; one whose delete is over (a due "_gone" step)
    // no longer counts.
    int64_t now = sim.clock().NowMs();
    for (auto& [kind, objs] : d.kinds) {
      for (auto& [oid, o] : objs) {
        if (o.value("_uses_security_group", "") != id) continue;
        bool gone = false;
        for (const auto& step : o.value("_pending", json::array())) {
          gone = gone || (step.value("_gone", false) && step.value("at", int64_t{0}) <= now);
        }
        if (!gone) return in_use;
      }
    }
    std::erase_if(d.of(kRule), [&](const auto& kv) { return kv.second.value("security_group_id", "") == id; });
    k.erase(it);
    dirty = true;
    return Response::json(204, "");
  });
}

Response CreateRule(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("Malformed request body");
  if (!body->contains("security_group_rule") || !(*body)["security_group_rule"].is_object()) {
    return Bad("Resource body required");
  }
  const json& r = (*body)["security_group_rule"];
  if (auto e = CheckAttrs(r, {"direction", "ethertype", "security_group_id", "protocol", "port_range_min",
                              "port_range_max", "remote_ip_prefix", "remote_group_id", "description", "tenant_id",
                              "project_id", "remote_address_group_id"})) {
    return *e;
  }
  for (const char* f : {"direction", "ethertype", "security_group_id", "remote_ip_prefix", "remote_group_id",
                        "tenant_id", "project_id"}) {
    if (auto e = CheckString(r, f, 255)) return *e;
  }
  if (auto e = CheckString(r, "description", 255)) return *e;
  if (!r.contains("direction") || r["direction"].is_null()) {
    return Bad("Failed to parse request. Required attribute 'direction' not specified");
  }
  if (!r.contains("security_group_id") || r["security_group_id"].is_null()) {
    return Bad("Failed to parse request. Required attribute 'security_group_id' not specified");
  }
  std::string direction = r["direction"];
  if (direction != "ingress" && direction != "egress") {
    return Bad("Invalid input for direction. Reason: '" + direction + "' is not in ['ingress', 'egress'].");
  }
  std::string ethertype = r.contains("ethertype") && r["ethertype"].is_string() ? r["ethertype"].get<std::string>() : "IPv4";
  if (ethertype != "IPv4" && ethertype != "IPv6") {
    return NeutronError(400, "SecurityGroupRuleInvalidEtherType",
                        "Security group rule for ethertype '" + ethertype + "' not supported. Allowed values are ['IPv4', 'IPv6'].");
  }
  // Protocol: a name or 0..255.
  json protocol = nullptr;
  std::string proto_name;
  if (r.contains("protocol") && !r["protocol"].is_null()) {
    const json& p = r["protocol"];
    std::string s = p.is_string() ? p.get<std::string>() : p.is_number_integer() ? std::to_string(p.get<int>()) : "";
    static const char* kNames[] = {"ah",   "dccp", "egp",  "esp",    "gre",  "icmp", "icmpv6", "igmp", "ipip",
                                   "ipv6-encap", "ipv6-frag", "ipv6-icmp", "ipv6-nonxt", "ipv6-opts", "ipv6-route",
                                   "ospf", "pgm",  "rsvp", "sctp",   "tcp",  "udp",  "udplite", "vrrp", "any"};
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool named = std::find_if(std::begin(kNames), std::end(kNames), [&](const char* n) { return lower == n; }) != std::end(kNames);
    bool numeric = !s.empty() && s.size() <= 3 && std::all_of(s.begin(), s.end(), ::isdigit) && std::atoi(s.c_str()) <= 255;
    if (!named && !numeric) {
      return NeutronError(400, "SecurityGroupRuleInvalidProtocol",
                          "Security group rule protocol " + (s.empty() ? p.dump() : s) +
                              " not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre', 'icmp', "
                              "'icmpv6', 'igmp', 'ipv6-icmp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer "
                              "representations [0 to 255] are supported.");
    }
    if (lower != "any") {
      protocol = named ? lower : s;
      proto_name = named ? lower : s == "6" ? "tcp" : s == "17" ? "udp" : s == "1" ? "icmp" : s == "58" ? "ipv6-icmp" : s;
    }
  }
  bool bad = false;
  std::optional<int> pmin = r.contains("port_range_min") ? PortValue(r["port_range_min"], &bad) : std::nullopt;
  std::optional<int> pmax = r.contains("port_range_max") ? PortValue(r["port_range_max"], &bad) : std::nullopt;
  if (bad) return Bad("Invalid input for port_range_min/port_range_max. Reason: not an integer.");
  if ((pmin || pmax) && protocol.is_null()) {
    return NeutronError(400, "SecurityGroupProtocolRequiredWithPorts",
                        "Must also specify protocol if port range is given.");
  }
  if (proto_name == "tcp" || proto_name == "udp" || proto_name == "sctp" || proto_name == "dccp" ||
      proto_name == "udplite") {
    for (auto v : {pmin, pmax}) {
      if (v && (*v < 1 || *v > 65535)) {
        return NeutronError(400, "SecurityGroupInvalidPortValue", "Invalid value for port " + std::to_string(*v) + ".");
      }
    }
    if (pmin && pmax && *pmin > *pmax) {
      return NeutronError(400, "SecurityGroupInvalidPortRange",
                          "For TCP/UDP protocols, port_range_min must be <= port_range_max");
    }
    if (pmin.has_value() != pmax.has_value()) {
      // Neutron fills the missing bound with the given one.
      if (pmin) pmax = pmin;
      else pmin = pmax;
    }
  } else if (proto_name == "icmp" || proto_name == "ipv6-icmp" || proto_name == "icmpv6") {
    if (pmin && (*pmin < 0 || *pmin > 255)) {
      return NeutronError(400, "SecurityGroupInvalidIcmpValue",
                          "Invalid value for ICMP type (port-range-min): " + std::to_string(*pmin) + ". It must be 0 to 255.");
    }
    if (pmax && (*pmax < 0 || *pmax > 255)) {
      return NeutronError(400, "SecurityGroupInvalidIcmpValue",
                          "Invalid value for ICMP code (port-range-max): " + std::to_string(*pmax) + ". It must be 0 to 255.");
    }
    if (pmax && !pmin) {
      return NeutronError(400, "SecurityGroupMissingIcmpType",
                          "ICMP code (port-range-max) " + std::to_string(*pmax) + " is provided but ICMP type (port-range-min) is missing.");
    }
  } else if (pmin || pmax) {
    return NeutronError(400, "SecurityGroupInvalidProtocolForPortRange",
                        "Invalid protocol " + proto_name + " for port range, only supported for TCP, UDP, UDPLITE, SCTP and DCCP.");
  }
  json remote_ip = nullptr, remote_group = nullptr;
  if (r.contains("remote_ip_prefix") && r["remote_ip_prefix"].is_string()) {
    bool v6 = false;
    std::string norm = NormalizePrefix(r["remote_ip_prefix"].get<std::string>(), &v6);
    if (norm.empty()) {
      return Bad("Invalid input for remote_ip_prefix. Reason: '" + r["remote_ip_prefix"].get<std::string>() +
                 "' is neither a valid IP address, nor is it a valid IP subnet.");
    }
    if (v6 != (ethertype == "IPv6")) {
      return NeutronError(400, "SecurityGroupRuleParameterConflict",
                          "Conflicting value ethertype " + ethertype + " for CIDR " + r["remote_ip_prefix"].get<std::string>());
    }
    remote_ip = norm;
  }
  if (r.contains("remote_group_id") && r["remote_group_id"].is_string()) remote_group = r["remote_group_id"];
  if (!remote_ip.is_null() && !remote_group.is_null()) {
    return NeutronError(400, "SecurityGroupRemoteGroupAndRemoteIpPrefix",
                        "Only remote_ip_prefix or remote_group_id may be provided.");
  }
  for (const char* f : {"tenant_id", "project_id"}) {
    if (r.contains(f) && r[f].is_string() && r[f].get<std::string>() != pid) {
      return NeutronError(403, "HTTPForbidden", "Only admin can create a resource for another tenant.");
    }
  }
  std::string sg_id = r["security_group_id"];
  std::string id = sim.store().NewId();
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& groups = d.of(kSg);
    auto git = groups.find(sg_id);
    if (git == groups.end() || !Owned(git->second, pid)) return SgNotFound(sg_id);
    if (remote_group.is_string()) {
      auto rit = groups.find(remote_group.get<std::string>());
      if (rit == groups.end() || !Owned(rit->second, pid)) return SgNotFound(remote_group.get<std::string>());
    }
    json rule = MakeRule(id, sg_id, pid, now, now, direction, ethertype);
    rule["protocol"] = protocol;
    rule["port_range_min"] = pmin ? json(*pmin) : json();
    rule["port_range_max"] = pmax ? json(*pmax) : json();
    rule["remote_ip_prefix"] = remote_ip;
    rule["remote_group_id"] = remote_group;
    if (r.contains("description") && r["description"].is_string()) rule["description"] = r["description"];
    for (auto& [oid, o] : d.of(kRule)) {
      bool same = true;
      for (const char* f : {"security_group_id", "direction", "ethertype", "protocol", "port_range_min",
                            "port_range_max", "remote_ip_prefix", "remote_group_id"}) {
        if (o.value(f, json()) != rule[f]) same = false;
      }
      if (same) {
        return NeutronError(409, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is " + oid + ".");
      }
    }
    d.of(kRule)[id] = rule;
    git->second["updated_at"] = NeutronTime(now);
    dirty = true;
    return Response::json(201, json{{"security_group_rule", Store::Public(rule)}}.dump());
  });
}

Response GetRule(Simulator& sim, const std::string& pid, const std::string& id) {
  return sim.store().With([&](Store::Data& d, bool&) {
    auto& k = d.of(kRule);
    auto it = k.find(id);
    if (it == k.end() || !Owned(it->second, pid)) return RuleNotFound(id);
    return Response::json(200, json{{"security_group_rule", Store::Public(it->second)}}.dump());
  });
}

Response DeleteRule(Simulator& sim, const std::string& pid, const std::string& id) {
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of(kRule);
    auto it = k.find(id);
    if (it == k.end() || !Owned(it->second, pid)) return RuleNotFound(id);
    k.erase(it);
    dirty = true;
    return Response::json(204, "");
  });
}

}  // namespace

void RegisterNeutron(Simulator& sim) {
  Router& r = sim.router();
  // Neutron URLs carry no project: the token's project owns the resources.
  auto authed = [&sim](auto fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      Identity who;
      if (auto err = sim.Authenticate(req, "", &who)) return *err;
      if (who.project_id.empty()) {
        return ApigwError(403, "APIGW.0302", "The IAM or enterprise project policy does not allow you to perform this action");
      }
      return fn(req, p, who.project_id);
    };
  };
  using P = const Params&;
  using S = const std::string&;
  r.Add("POST", "/v2.0/security-groups", authed([&sim](const Request& req, P, S pid) { return CreateGroup(sim, req, pid); }));
  r.Add("GET", "/v2.0/security-groups", authed([&sim](const Request& req, P, S pid) {
          return ListOf(sim, req, pid, kSg, "security_groups", {"id", "name", "description", "tenant_id", "project_id"});
        }));
  r.Add("GET", "/v2.0/security-groups/{id}",
        authed([&sim](const Request&, P p, S pid) { return GetGroup(sim, pid, std::string(Param(p, "id"))); }));
  r.Add("PUT", "/v2.0/security-groups/{id}", authed([&sim](const Request& req, P p, S pid) {
          return UpdateGroup(sim, req, pid, std::string(Param(p, "id")));
        }));
  r.Add("DELETE", "/v2.0/security-groups/{id}",
        authed([&sim](const Request&, P p, S pid) { return DeleteGroup(sim, pid, std::string(Param(p, "id"))); }));
  r.Add("POST", "/v2.0/security-group-rules",
        authed([&sim](const Request& req, P, S pid) { return CreateRule(sim, req, pid); }));
  r.Add("GET", "/v2.0/security-group-rules", authed([&sim](const Request& req, P, S pid) {
          return ListOf(sim, req, pid, kRule, "security_group_rules",
                        {"id", "security_group_id", "direction", "ethertype", "protocol", "remote_group_id",
                         "remote_ip_prefix", "tenant_id", "project_id"});
        }));
  r.Add("GET", "/v2.0/security-group-rules/{id}",
        authed([&sim](const Request&, P p, S pid) { return GetRule(sim, pid, std::string(Param(p, "id"))); }));
  r.Add("DELETE", "/v2.0/security-group-rules/{id}",
        authed([&sim](const Request&, P p, S pid) { return DeleteRule(sim, pid, std::string(Param(p, "id"))); }));
}

}  // namespace otcsim
