// VPC v1: VPCs and subnets (api.md sections 2.1, 2.2), with status
// lifecycles on the simulated clock, CIDR validation and referential
// integrity. Error bodies are VPC v1 style {"code","message"}.
#include <algorithm>
#include <cstdio>
#include <set>

#include "otcsim/cidr.h"
#include "otcsim/lifecycle.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

constexpr int64_t kVpcCreateMs = 2000;     // CREATING -> OK
constexpr int64_t kSubnetCreateMs = 3000;  // UNKNOWN -> ACTIVE
const char* kDefaultDns1 = "100.125.4.25";
const char* kDefaultDns2 = "100.125.129.199";

bool ValidName(const json& j, bool required) {
  if (j.is_null()) return !required;
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  if (s.size() > 64 || (required && s.empty())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

bool ValidVpcCidr(const Cidr& c) {
  static const Cidr kAllowed[] = {{0x0A000000u, 8}, {0xAC100000u, 12}, {0xC0A80000u, 16}};
  for (const auto& a : kAllowed) {
    if (a.contains(c) && c.prefix <= 24) return true;
  }
  return false;
}

const json* Field(const json& body, const char* env) {
  auto it = body.find(env);
  return it != body.end() && it->is_object() ? &*it : nullptr;
}

std::vector<json> Listed(Store::Kind& kind, const std::string& pid, int64_t now) {
  std::vector<json*> objs;
  for (auto& [id, obj] : kind) {
    if (obj.value("_project_id", "") == pid) objs.push_back(&obj);
  }
  std::sort(objs.begin(), objs.end(), [](const json* a, const json* b) {
    return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
           std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
  });
  std::vector<json> out;
  for (json* o : objs) {
    Settle(*o, now);
    out.push_back(*o);
  }
  return out;
}

// limit/marker pagination as the VPC v1 API does it.
json Page(const std::vector<json>& items, const Request& req) {
  std::string marker = req.query_param("marker");
  std::string limit_s = req.query_param("limit");
  std::size_t start = 0;
  if (!marker.empty()) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].value("id", "") == marker) start = i + 1;
    }
  }
  std::size_t limit = items.size();
  if (!limit_s.empty()) limit = static_cast<std::size_t>(std::max(0L, std::strtol(limit_s.c_str(), nullptr, 10)));
  json arr = json::array();
  for (std::size_t i = start; i < items.size() && arr.size() < limit; ++i) arr.push_back(Store::Public(items[i]));
  return arr;
}

Response VpcBad(std::string_view msg) { return VpcError(400, "VPC.0101", msg); }
Response VpcNotFound() { return VpcError(404, "VPC.0101", "getVpc error vpcId is invalid."); }
Response SubnetBad(std::string_view msg) { return VpcError(400, "VPC.0201", msg); }
Response SubnetNotFound() { return VpcError(404, "VPC.0202", "Query resource by id error.The subnet is not found."); }

// Enables IPv6 on a subnet: OTC assigns a /64 of its own IPv6 range (here
// 2a07:b980:10:N::/64, the lowest N no subnet uses), the gateway ::1 of it
// and a Neutron IPv6 subnet.
void EnableIpv6(Store::Data& d, json& subnet, const std::string& neutron_v6_id) {
  std::set<std::string> used;
  for (auto& [oid, o] : d.of("subnet")) used.insert(o.value("cidr_v6", ""));
  char prefix[48];
  for (unsigned n = 0; n < 0x10000u; ++n) {
    std::snprintf(prefix, sizeof prefix, "2a07:b980:10:%x::", n);
    if (used.count(std::string(prefix) + "/64") == 0) break;
  }
  subnet["ipv6_enable"] = true;
  subnet["cidr_v6"] = std::string(prefix) + "/64";
  subnet["gateway_ip_v6"] = std::string(prefix) + "1";
  subnet["neutron_subnet_id_v6"] = neutron_v6_id;
}

Response CreateVpc(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return VpcBad("The request body is not valid JSON.");
  const json* v = Field(*body, "vpc");
  if (v == nullptr) return VpcBad("vpc is required.");
  json name = v->contains("name") ? (*v)["name"] : json();
  if (!ValidName(name, false)) return VpcBad("name is invalid.");
  std::string cidr_s = "192.168.0.0/16";
  if (v->contains("cidr")) {
    if (!(*v)["cidr"].is_string()) return VpcBad("cidr is invalid.");
    cidr_s = (*v)["cidr"].get<std::string>();
  }
  auto cidr = ParseCidr(cidr_s);
  if (!cidr || !ValidVpcCidr(*cidr)) return VpcBad("cidr is invalid.");
  json desc = v->contains("description") ? (*v)["description"] : json("");
  if (!desc.is_string() || desc.get<std::string>().size() > 255 ||
      desc.get<std::string>().find_first_of("<>") != std::string::npos) {
    return VpcBad("description is invalid.");
  }
  std::string id = sim.store().NewId();
  int64_t now = sim.clock().NowMs();
  json obj = {{"id", id},
              {"name", name.is_string() ? name : json("")},
              {"cidr", cidr_s},
              {"description", desc},
              {"status", "CREATING"},
              {"routes", json::array()},
              {"enable_shared_snat", false},
              {"_project_id", pid},
              {"_seq", now},
              {"_created_ms", now},
              {"_pending", json::array({{{"at", now + kVpcCreateMs}, {"status", "OK"}}})}};
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    d.of("vpc")[id] = obj;
    dirty = true;
    return Response::json(200, json{{"vpc", Store::Public(obj)}}.dump());
  });
}

Response GetVpc(Simulator& sim, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool&) {
    auto& k = d.of("vpc");
    auto it = k.find(id);
    if (it == k.end() || it->second.value("_project_id", "") != pid) return VpcNotFound();
    Settle(it->second, now);
    return Response::json(200, json{{"vpc", Store::Public(it->second)}}.dump());
  });
}

Response UpdateVpc(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return VpcBad("The request body is not valid JSON.");
  const json* v = Field(*body, "vpc");
  if (v == nullptr) return VpcBad("vpc is required.");
  if (v->contains("name") && !ValidName((*v)["name"], false)) return VpcBad("name is invalid.");
  if (v->contains("description") && !(*v)["description"].is_string()) return VpcBad("description is invalid.");
  if (v->contains("enable_shared_snat") && !(*v)["enable_shared_snat"].is_boolean()) {
    return VpcBad("enable_shared_snat is invalid.");
  }
  std::optional<Cidr> new_cidr;
  if (v->contains("cidr")) {
    if (!(*v)["cidr"].is_string()) return VpcBad("cidr is invalid.");
    new_cidr = ParseCidr((*v)["cidr"].get<std::string>());
    if (!new_cidr || !ValidVpcCidr(*new_cidr)) return VpcBad("cidr is invalid.");
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of("vpc");
    auto it = k.find(id);
    if (it == k.end() || it->second.value("_project_id", "") != pid) return VpcNotFound();
    json& obj = it->second;
    Settle(obj, now);
    if (new_cidr) {
      // Existing subnets must stay inside the new CIDR.
      for (auto& [sid, s] : d.of("subnet")) {
        if (s.value("vpc_id", "") != id) continue;
        auto sc = ParseCidr(s.value("cidr", ""));
        if (sc && !new_cidr->contains(*sc)) return VpcBad("cidr is invalid, the subnets are not in the new cidr.");
      }
      obj["cidr"] = (*v)["cidr"];
    }
    for (const char* f : {"name", "description", "enable_shared_snat"}) {
      if (v->contains(f)) obj[f] = (*v)[f];
    }
    dirty = true;
    return Response::json(200, json{{"vpc", Store::Public(obj)}}.dump());
  });
}

Response DeleteVpc(Simulator& sim, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of("vpc");
    auto it = k.find(id);
    if (it == k.end() || it->second.value("_project_id", "") != pid) return VpcNotFound();
    Settle(it->second, now);
    if (it->second.value("status", "") == "CREATING") {
      return VpcError(409, "VPC.0103", "Resource status is busy, try it again later.");
    }
    for (auto& [sid, s] : d.of("subnet")) {
      if (s.value("vpc_id", "") == id) {
        return VpcError(409, "VPC.0104", "Router contains subnets, please delete subnet first.");
      }
    }
    k.erase(it);
    dirty = true;
    return Response::json(204, "");
  });
}

Response CreateSubnet(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return SubnetBad("The request body is not valid JSON.");
  const json* s = Field(*body, "subnet");
  if (s == nullptr) return SubnetBad("subnet is required.");
  for (const char* f : {"name", "cidr", "gateway_ip", "vpc_id"}) {
    if (!s->contains(f) || !(*s)[f].is_string() || (*s)[f].get<std::string>().empty()) {
      return SubnetBad(std::string(f) + " is required.");
    }
  }
  if (!ValidName((*s)["name"], true)) return SubnetBad("name is invalid.");
  std::string cidr_s = (*s)["cidr"].get<std::string>();
  std::string gw_s = (*s)["gateway_ip"].get<std::string>();
  std::string vpc_id = (*s)["vpc_id"].get<std::string>();
  auto cidr = ParseCidr(cidr_s);
  if (!cidr || cidr->prefix < 8 || cidr->prefix > 29) return SubnetBad("cidr is invalid.");
  auto gw = ParseIpv4(gw_s);
  if (!gw) return SubnetBad("gateway_ip is invalid.");
  if (!cidr->contains(*gw) || *gw == cidr->network || *gw == cidr->last()) {
    return SubnetBad("gateway_ip is not in the subnet cidr.");
  }
  for (const char* f : {"dhcp_enable", "ipv6_enable"}) {
    if (s->contains(f) && !(*s)[f].is_boolean()) return SubnetBad(std::string(f) + " is invalid.");
  }
  for (const char* f : {"primary_dns", "secondary_dns", "availability_zone", "description"}) {
    if (s->contains(f) && !(*s)[f].is_string()) return SubnetBad(std::string(f) + " is invalid.");
  }
  for (const char* f : {"primary_dns", "secondary_dns"}) {
    if (s->contains(f) && !ParseIpv4((*s)[f].get<std::string>())) return SubnetBad(std::string(f) + " is invalid.");
  }
  if (s->contains("dnsList") && !(*s)["dnsList"].is_array()) return SubnetBad("dnsList is invalid.");
  if (s->contains("extra_dhcp_opts") && !(*s)["extra_dhcp_opts"].is_array()) {
    return SubnetBad("extra_dhcp_opts is invalid.");
  }
  std::string id = sim.store().NewId();
  std::string neutron_subnet_id = sim.store().NewId();
  std::string neutron_v6_id = s->value("ipv6_enable", json()) == true ? sim.store().NewId() : "";
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& vpcs = d.of("vpc");
    auto vit = vpcs.find(vpc_id);
    if (vit == vpcs.end() || vit->second.value("_project_id", "") != pid) {
      return SubnetBad("vpc_id is invalid, the vpc does not exist.");
    }
    // Inside the VPC's CIDR or one of its secondary CIDRs (VPC v3).
    auto vcidr = ParseCidr(vit->second.value("cidr", ""));
    bool inside = vcidr && vcidr->contains(*cidr);
    if (vit->second.contains("_extend_cidrs") && vit->second["_extend_cidrs"].is_array()) {
      for (const auto& e : vit->second["_extend_cidrs"]) {
        auto ec = e.is_string() ? ParseCidr(e.get<std::string>()) : std::nullopt;
        inside = inside || (ec && ec->contains(*cidr));
      }
    }
    if (!inside) return SubnetBad("cidr is not in the vpc cidr.");
    for (auto& [oid, o] : d.of("subnet")) {
      if (o.value("vpc_id", "") != vpc_id) continue;
      auto oc = ParseCidr(o.value("cidr", ""));
      if (oc && oc->overlaps(*cidr)) return SubnetBad("cidr conflicts with subnet " + o.value("name", oid) + ".");
    }
    std::string dns1 = s->value("primary_dns", std::string(kDefaultDns1));
    std::string dns2 = s->value("secondary_dns", s->contains("primary_dns") ? std::string() : std::string(kDefaultDns2));
    json dns_list = s->contains("dnsList") ? (*s)["dnsList"] : json::array();
    if (dns_list.empty()) {
      dns_list.push_back(dns1);
      if (!dns2.empty()) dns_list.push_back(dns2);
    }
    json obj = {{"id", id},
                {"name", (*s)["name"]},
                {"description", s->value("description", std::string())},
                {"cidr", cidr_s},
                {"gateway_ip", gw_s},
                {"dhcp_enable", s->value("dhcp_enable", true)},
                {"ipv6_enable", s->value("ipv6_enable", false)},
                {"cidr_v6", ""},
                {"gateway_ip_v6", ""},
                {"primary_dns", dns1},
                {"secondary_dns", dns2},
                {"dnsList", dns_list},
                {"availability_zone", s->value("availability_zone", std::string())},
                {"vpc_id", vpc_id},
                {"status", "UNKNOWN"},
                {"neutron_network_id", id},
                {"neutron_subnet_id", neutron_subnet_id},
                {"extra_dhcp_opts", s->contains("extra_dhcp_opts") ? (*s)["extra_dhcp_opts"] : json::array()},
                {"_project_id", pid},
                {"_seq", now},
                {"_pending", json::array({{{"at", now + kSubnetCreateMs}, {"status", "ACTIVE"}}})}};
    if (obj["ipv6_enable"] == true) EnableIpv6(d, obj, neutron_v6_id);
    d.of("subnet")[id] = obj;
    dirty = true;
    return Response::json(200, json{{"subnet", Store::Public(obj)}}.dump());
  });
}

Response GetSubnet(Simulator& sim, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool&) {
    auto& k = d.of("subnet");
    auto it = k.find(id);
    if (it == k.end() || it->second.value("_project_id", "") != pid) return SubnetNotFound();
    Settle(it->second, now);
    return Response::json(200, json{{"subnet", Store::Public(it->second)}}.dump());
  });
}

Response UpdateSubnet(Simulator& sim, const Request& req, const std::string& pid, const std::string& vpc_id,
                      const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return SubnetBad("The request body is not valid JSON.");
  const json* s = Field(*body, "subnet");
  if (s == nullptr) return SubnetBad("subnet is required.");
  if (!s->contains("name") || !ValidName((*s)["name"], true)) return SubnetBad("name is invalid.");
  std::string neutron_v6_id = s->value("ipv6_enable", json()) == true ? sim.store().NewId() : "";
  for (const char* f : {"dhcp_enable", "ipv6_enable"}) {
    if (s->contains(f) && !(*s)[f].is_boolean()) return SubnetBad(std::string(f) + " is invalid.");
  }
  for (const char* f : {"primary_dns", "secondary_dns", "description"}) {
    if (s->contains(f) && !(*s)[f].is_string()) return SubnetBad(std::string(f) + " is invalid.");
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of("subnet");
    auto it = k.find(id);
    if (it == k.end() || it->second.value("_project_id", "") != pid || it->second.value("vpc_id", "") != vpc_id) {
      return SubnetNotFound();
    }
    json& obj = it->second;
    Settle(obj, now);
    // IPv6 can be enabled on an existing subnet but never disabled again.
    bool had_v6 = obj.value("ipv6_enable", false);
    if (s->contains("ipv6_enable") && (*s)["ipv6_enable"] == false && had_v6) {
      return SubnetBad("IPv6 cannot be disabled on a subnet once it is enabled.");
    }
    for (const char* f : {"name", "description", "dhcp_enable", "primary_dns", "secondary_dns",
                          "dnsList", "extra_dhcp_opts"}) {
      if (s->contains(f)) obj[f] = (*s)[f];
    }
    if (s->contains("ipv6_enable") && (*s)["ipv6_enable"] == true && !had_v6) EnableIpv6(d, obj, neutron_v6_id);
    dirty = true;
    return Response::json(200, json{{"subnet", {{"id", id}, {"status", obj["status"]}}}}.dump());
  });
}

Response DeleteSubnet(Simulator& sim, const std::string& pid, const std::string& vpc_id, const std::string& id) {
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& k = d.of("subnet");
    auto it = k.find(id);
    if (it == k.end() || it->second.value("_project_id", "") != pid || it->second.value("vpc_id", "") != vpc_id) {
      return SubnetNotFound();
    }
    // Ports (ELB VIPs and backends, ...) keep a subnet in use.
    for (auto& [port_id, port] : d.of("port")) {
      if (port.value("network_id", "") == id) {
        return VpcError(409, "VPC.0209", "subnet is still used ,such as computer,LB.");
      }
    }
    // CCE clusters and nodes mark their subnet with "_uses_subnet"; one whose
    // delete lifecycle is over (a due "_gone" step) no longer counts.
    int64_t now = sim.clock().NowMs();
    for (auto& [kind, objs] : d.kinds) {
      for (auto& [oid, o] : objs) {
        if (o.value("_uses_subnet", "") != id) continue;
        bool gone = false;
        for (const auto& step : o.value("_pending", json::array())) {
          gone = gone || (step.value("_gone", false) && step.value("at", int64_t{0}) <= now);
        }
        if (!gone) return VpcError(409, "VPC.0209", "subnet is still used ,such as computer,LB.");
      }
    }
    k.erase(it);
    dirty = true;
    return Response::json(204, "");
  });
}

}  // namespace

void RegisterVpc(Simulator& sim) {
  Router& r = sim.router();
  // Every route authenticates against the URL's project first.
  auto authed = [&sim](auto fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      std::string pid(Param(p, "project_id"));
      Identity who;
      if (auto err = sim.Authenticate(req, pid, &who)) return *err;
      return fn(req, p, pid);
    };
  };
  r.Add("POST", "/v1/{project_id}/vpcs",
        authed([&sim](const Request& req, const Params&, const std::string& pid) { return CreateVpc(sim, req, pid); }));
  r.Add("GET", "/v1/{project_id}/vpcs", authed([&sim](const Request& req, const Params&, const std::string& pid) {
          int64_t now = sim.clock().NowMs();
          auto items = sim.store().With([&](Store::Data& d, bool&) { return Listed(d.of("vpc"), pid, now); });
          return Response::json(200, json{{"vpcs", Page(items, req)}}.dump());
        }));
  r.Add("GET", "/v1/{project_id}/vpcs/{id}", authed([&sim](const Request&, const Params& p, const std::string& pid) {
          return GetVpc(sim, pid, std::string(Param(p, "id")));
        }));
  r.Add("PUT", "/v1/{project_id}/vpcs/{id}", authed([&sim](const Request& req, const Params& p, const std::string& pid) {
          return UpdateVpc(sim, req, pid, std::string(Param(p, "id")));
        }));
  r.Add("DELETE", "/v1/{project_id}/vpcs/{id}",
        authed([&sim](const Request&, const Params& p, const std::string& pid) {
          return DeleteVpc(sim, pid, std::string(Param(p, "id")));
        }));
  r.Add("POST", "/v1/{project_id}/subnets", authed([&sim](const Request& req, const Params&, const std::string& pid) {
          return CreateSubnet(sim, req, pid);
        }));
  r.Add("GET", "/v1/{project_id}/subnets", authed([&sim](const Request& req, const Params&, const std::string& pid) {
          int64_t now = sim.clock().NowMs();
          std::string vpc_id = req.query_param("vpc_id");
          auto items = sim.store().With([&](Store::Data& d, bool&) { return Listed(d.of("subnet"), pid, now); });
          if (!vpc_id.empty()) {
            std::erase_if(items, [&](const json& s) { return s.value("vpc_id", "") != vpc_id; });
          }
          return Response::json(200, json{{"subnets", Page(items, req)}}.dump());
        }));
  r.Add("GET", "/v1/{project_id}/subnets/{id}", authed([&sim](const Request&, const Params& p, const std::string& pid) {
          return GetSubnet(sim, pid, std::string(Param(p, "id")));
        }));
  r.Add("PUT", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{id}",
        authed([&sim](const Request& req, const Params& p, const std::string& pid) {
          return UpdateSubnet(sim, req, pid, std::string(Param(p, "vpc_id")), std::string(Param(p, "id")));
        }));
  r.Add("DELETE", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{id}",
        authed([&sim](const Request&, const Params& p, const std::string& pid) {
          return DeleteSubnet(sim, pid, std::string(Param(p, "vpc_id")), std::string(Param(p, "id")));
        }));
  // VPC v3 read (the provider's VPC Read calls it for secondary CIDRs).
  r.Add("GET", "/v3/{project_id}/vpc/vpcs/{id}", authed([&sim](const Request&, const Params& p, const std::string& pid) {
          std::string id(Param(p, "id"));
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool&) {
            auto& k = d.of("vpc");
            auto it = k.find(id);
            if (it == k.end() || it->second.value("_project_id", "") != pid) {
              json e = {{"error_msg", "Vpc " + id + " could not be found."}, {"error_code", "VPC.0602"}, {"request_id", ""}};
              return Response::json(404, e.dump());
            }
            json& v = it->second;
            Settle(v, now);
            int subnets = 0;
            for (auto& [sid, sn] : d.of("subnet")) subnets += sn.value("vpc_id", "") == id ? 1 : 0;
            std::string created = IsoTime(v.value("_created_ms", now)).substr(0, 19) + "Z";
            json out = {{"id", id},
                        {"name", v["name"]},
                        {"description", v["description"]},
                        {"cidr", v["cidr"]},
                        {"extend_cidrs", v.contains("_extend_cidrs") ? v["_extend_cidrs"] : json::array()},
                        {"status", v.value("status", "") == "OK" ? "ACTIVE" : "PENDING"},
                        {"project_id", pid},
                        {"enterprise_project_id", "0"},
                        {"created_at", created},
                        {"updated_at", created},
                        {"cloud_resources", json::array({{{"resource_type", "vpc_subnet"}, {"resource_count", subnets}}})},
                        {"tags", json::array()}};
            return Response::json(200, json{{"vpc", out}, {"request_id", ""}}.dump());
          });
        }));
  // v2.0 tag reads (the provider's VPC/subnet Read always calls them).
  for (const char* kind : {"vpcs", "subnets"}) {
    std::string store_kind = std::string(kind) == "vpcs" ? "vpc" : "subnet";
    r.Add("GET", std::string("/v2.0/{project_id}/") + kind + "/{id}/tags",
          authed([&sim, store_kind](const Request&, const Params& p, const std::string& pid) {
            std::string id(Param(p, "id"));
            return sim.store().With([&](Store::Data& d, bool&) {
              auto& k = d.of(store_kind);
              auto it = k.find(id);
              if (it == k.end() || it->second.value("_project_id", "") != pid) {
                return store_kind == "vpc" ? VpcNotFound() : SubnetNotFound();
              }
              json tags = it->second.contains("_tags") ? it->second["_tags"] : json::array();
              return Response::json(200, json{{"tags", tags}}.dump());
            });
          }));
  }
}

}  // namespace otcsim
