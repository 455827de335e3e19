// Neutron v2.0 ports as the official provider reads them (api.md 2.7):
// GET /v2.0/ports with Neutron filters (id, name, network_id, device_id,
// device_owner, status, mac_address and repeated fixed_ips=ip_address=..|
// subnet_id=..) plus limit/marker paging with ports_links, and
// GET /v2.0/ports/{id}. Ports are created by the services that own them
// (e.g. ELB v3 VIP and backend ports, Store kind "port"); they are read-only
// here. Errors are {"NeutronError":{...}}.
#include <algorithm>

#include "otcsim/sim.h"

namespace otcsim {
namespace {

const char* kPort = "port";

bool FixedIpMatches(const json& port, const std::string& filter) {
  // filter is "ip_address=1.2.3.4" or "subnet_id=<id>".
  std::size_t eq = filter.find('=');
  if (eq == std::string::npos) return false;
  std::string key = filter.substr(0, eq);
  std::string want = filter.substr(eq + 1);
  if (!port.contains("fixed_ips") || !port["fixed_ips"].is_array()) return false;
  return std::any_of(port["fixed_ips"].begin(), port["fixed_ips"].end(), [&](const json& f) {
    return f.is_object() && f.contains(key) && f[key].is_string() && f[key] == want;
  });
}

Response ListPorts(Simulator& sim, const Request& req, const std::string& pid) {
  auto query = parse_query(req.query);
  std::vector<std::string> fixed;
  for (auto& [k, v] : query) {
    if (k == "fixed_ips") {
      if (v.find('=') == std::string::npos) {
        return NeutronError(400, "HTTPBadRequest",
                            "Invalid input for fixed_ips. Reason: '" + v +
                                "' is not of the form ip_address=<address> or subnet_id=<id>.");
      }
      fixed.push_back(v);
    }
  }
  std::string limit_s = req.query_param("limit");
  std::size_t limit = SIZE_MAX;
  if (!limit_s.empty()) {
    char* end = nullptr;
    long v = std::strtol(limit_s.c_str(), &end, 10);
    if (end == limit_s.c_str() || *end != '\0' || v < 0) {
      return NeutronError(400, "HTTPBadRequest",
                          "Invalid input for limit. Reason: '" + limit_s + "' is not an integer >= 0.");
    }
    limit = v == 0 ? SIZE_MAX : static_cast<std::size_t>(v);
  }
  std::string marker = req.query_param("marker");
  std::vector<json> all = sim.store().With([&](Store::Data& d, bool&) {
    std::vector<json> out;
    for (auto& [id, p] : d.of(kPort)) {
      if (p.value("_project_id", "") != pid) continue;
      json v = Store::Public(p);
      bool ok = true;
      for (const char* f : {"id", "name", "network_id", "device_id", "device_owner", "status", "mac_address",
                            "tenant_id", "project_id"}) {
        std::string want = req.query_param(f);
        if (!want.empty() && (!v.contains(f) || !v[f].is_string() || v[f] != want)) ok = false;
      }
      for (const auto& f : fixed) ok = ok && FixedIpMatches(v, f);
      if (ok) out.push_back(std::move(v));
    }
    return out;
  });
  std::sort(all.begin(), all.end(), [](const json& a, const json& b) { return a.value("id", "") < b.value("id", ""); });
  std::size_t start = 0;
  if (!marker.empty()) {
    while (start < all.size() && all[start].value("id", "") <= marker) ++start;
  }
  json arr = json::array();
  for (std::size_t i = start; i < all.size() && arr.size() < limit; ++i) arr.push_back(all[i]);
  json out = {{"ports", arr}};
  if (limit != SIZE_MAX && start + arr.size() < all.size() && !arr.empty()) {
    std::string href =
        req.base_url + "/v2.0/ports?limit=" + std::to_string(limit) + "&marker=" + arr.back()["id"].get<std::string>();
    out["ports_links"] = json::array({{{"rel", "next"}, {"href", href}}});
  }
  return Response::json(200, out.dump());
}

}  // namespace

void RegisterPorts(Simulator& sim) {
  Router& r = sim.router();
  r.Add("GET", "/v2.0/ports", [&sim](const Request& req, const Params&) {
    Identity who;
    if (auto err = sim.Authenticate(req, "", &who)) return *err;
    if (who.project_id.empty()) {
      return NeutronError(401, "NotAuthorized", "Neutron calls need a project-scoped token or X-Project-Id.");
    }
    return ListPorts(sim, req, who.project_id);
  });
  r.Add("GET", "/v2.0/ports/{id}", [&sim](const Request& req, const Params& p) {
    Identity who;
    if (auto err = sim.Authenticate(req, "", &who)) return *err;
    std::string id(Param(p, "id"));
    return sim.store().With([&](Store::Data& d, bool&) {
      auto& ports = d.of(kPort);
      auto it = ports.find(id);
      if (it == ports.end() || it->second.value("_project_id", "") != who.project_id) {
        return NeutronError(404, "PortNotFound", "Port " + id + " could not be found.");
      }
      return Response::json(200, json{{"port", Store::Public(it->second)}}.dump());
    });
  });
}

}  // namespace otcsim
