// VPC v1 elastic IPs and bandwidths (api.md section 2.5): apply answers
// PENDING_CREATE and the EIP becomes DOWN (allocated, unbound) on the
// simulated clock; binding a port makes it ACTIVE, unbinding DOWN again. A
// dedicated (PER) bandwidth is created with its EIP and deleted with it; a
// shared (WHOLE) bandwidth must exist. Errors are VPC v1 {"code","message"}.
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "otcsim/cidr.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

constexpr int64_t kEipCreateMs = 2000;  // PENDING_CREATE -> DOWN
const char* kEip = "publicip";
const char* kBw = "bandwidth";
// Addresses come from 80.158.0.0/16 (an OTC eu-de EIP range), .2 upwards.
constexpr uint32_t kPoolBase = 0x509E0000u;

Response Bad(std::string_view msg) { return VpcError(400, "VPC.0501", msg); }
Response EipNotFound() { return VpcError(404, "VPC.0504", "Query resource by id error.The floatingIp is not found."); }
Response BwNotFound() { return VpcError(404, "VPC.0306", "No Eip bandwidth exist with id."); }

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

void Settle(json& obj, int64_t now) {
  if (obj.contains("_ready_at") && obj["_ready_at"].get<int64_t>() <= now) {
    if (obj.value("status", "") == "PENDING_CREATE") obj["status"] = obj.value("port_id", json()).is_string() ? "ACTIVE" : "DOWN";
    obj.erase("_ready_at");
  }
}

bool Owned(const json& o, const std::string& pid) { return o.value("_project_id", "") == pid; }

json BandwidthView(Store::Data& d, const json& bw) {
  json out = Store::Public(bw);
  json info = json::array();
  for (auto& [id, e] : d.of(kEip)) {
    if (e.value("bandwidth_id", "") == bw.value("id", "")) {
      info.push_back({{"publicip_id", id},
                      {"publicip_address", e["public_ip_address"]},
                      {"ip_version", e["ip_version"]},
                      {"publicip_type", e["type"]}});
    }
  }
  out["publicip_info"] = info;
  return out;
}

json EipView(Store::Data& d, json& e, int64_t now) {
  Settle(e, now);
  json out = Store::Public(e);
  auto& bws = d.of(kBw);
  auto it = bws.find(e.value("bandwidth_id", ""));
  if (it != bws.end()) {
    out["bandwidth_size"] = it->second["size"];
    out["bandwidth_share_type"] = it->second["share_type"];
    out["bandwidth_name"] = it->second["name"];
  }
  return out;
}

std::optional<Response> CheckSize(const json& b) {
  if (!b.contains("size")) return Bad("bandwidth size is required.");
  if (!b["size"].is_number_integer() || b["size"].get<int64_t>() < 1 || b["size"].get<int64_t>() > 1000) {
    return VpcError(400, "VPC.0301", "bandwidth size is invalid, the value must be 1 to 1000.");
  }
  return std::nullopt;
}

std::optional<Response> CheckBwName(const json& b, bool required) {
  if (!b.contains("name")) return required ? std::optional<Response>(Bad("bandwidth name is required.")) : std::nullopt;
  if (!b["name"].is_string() || b["name"].get<std::string>().empty() || b["name"].get<std::string>().size() > 64) {
    return Bad("bandwidth name is invalid.");
  }
  return std::nullopt;
}

Response Apply(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (!body->contains("publicip") || !(*body)["publicip"].is_object()) return Bad("publicip is required.");
  if (!body->contains("bandwidth") || !(*body)["bandwidth"].is_object()) return Bad("bandwidth is required.");
  const json& p = (*body)["publicip"];
  const json& b = (*body)["bandwidth"];
  if (!p.contains("type") || !p["type"].is_string()) return Bad("PublicIp type is required.");
  std::string type = p["type"];
  if (type != "5_bgp" && type != "5_mailbgp") return Bad("PublicIp type is invalid.");
  int ip_version = 4;
  if (p.contains("ip_version")) {
    if (!p["ip_version"].is_number_integer() || p["ip_version"].get<int>() != 4) {
      return Bad("ip_version is invalid, only 4 is supported.");
    }
  }
  std::optional<uint32_t> want_ip;
  if (p.contains("ip_address") && !p["ip_address"].is_null()) {
    if (!p["ip_address"].is_string() || !(want_ip = ParseIpv4(p["ip_address"].get<std::string>()))) {
      return Bad("ip_address is invalid.");
    }
  }
  if (p.contains("port_id") && !p["port_id"].is_null() && !p["port_id"].is_string()) return Bad("port_id is invalid.");
  if (p.contains("alias") && !p["alias"].is_string()) return Bad("alias is invalid.");
  if (!b.contains("share_type") || !b["share_type"].is_string()) return Bad("bandwidth share_type is required.");
  std::string share = b["share_type"];
  if (share != "PER" && share != "WHOLE") return Bad("bandwidth share_type is invalid.");
  std::string charge = "bandwidth";
  if (b.contains("charge_mode") && !b["charge_mode"].is_null()) {
    if (!b["charge_mode"].is_string() ||
        (b["charge_mode"] != "traffic" && b["charge_mode"] != "bandwidth")) {
      return Bad("bandwidth charge_mode is invalid.");
    }
    charge = b["charge_mode"];
  }
  if (share == "PER") {
    if (auto e = CheckBwName(b, true)) return *e;
    if (auto e = CheckSize(b)) return *e;
  } else if (!b.contains("id") || !b["id"].is_string()) {
    return Bad("bandwidth id is required for a shared bandwidth.");
  }
  std::string id = sim.store().NewId();
  std::string new_bw = sim.store().NewId();
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& eips = d.of(kEip);
    auto used = [&](uint32_t ip) {
      return std::any_of(eips.begin(), eips.end(),
                         [&](const auto& kv) { return kv.second.value("public_ip_address", "") == Ip(ip); });
    };
    uint32_t ip = 0;
    if (want_ip) {
      Cidr pool{kPoolBase, 16};
      if (!pool.contains(*want_ip)) return Bad("ip_address is not in the public ip pool.");
      if (used(*want_ip)) return VpcError(409, "VPC.0522", "The IP address is in use.");
      ip = *want_ip;
    } else {
      for (uint32_t cand = kPoolBase + 2; cand < kPoolBase + 0xFFFF; ++cand) {
        if ((cand & 255) != 0 && (cand & 255) != 255 && !used(cand)) {
          ip = cand;
          break;
        }
      }
      if (ip == 0) return VpcError(409, "VPC.0532", "No more IP addresses available on network (the public IP pool is exhausted).");
    }
    std::string bw_id;
    if (share == "WHOLE") {
      auto& bws = d.of(kBw);
      auto it = bws.find(b["id"].get<std::string>());
      if (it == bws.end() || !Owned(it->second, pid) || it->second.value("share_type", "") != "WHOLE") {
        return BwNotFound();
      }
      bw_id = it->first;
    } else {
      bw_id = new_bw;
      d.of(kBw)[bw_id] = {{"id", bw_id},
                          {"name", b["name"]},
                          {"size", b["size"]},
                          {"share_type", "PER"},
                          {"charge_mode", charge},
                          {"bandwidth_type", "bgp"},
                          {"tenant_id", pid},
                          {"status", "NORMAL"},
                          {"_project_id", pid},
                          {"_seq", now}};
    }
    json port = p.contains("port_id") && p["port_id"].is_string() ? p["port_id"] : json();
    json e = {{"id", id},
              {"status", "PENDING_CREATE"},
              {"type", type},
              {"public_ip_address", Ip(ip)},
              {"private_ip_address", nullptr},
              {"port_id", port},
              {"tenant_id", pid},
              {"create_time", EipTime(now)},
              {"bandwidth_id", bw_id},
              {"ip_version", ip_version},
              {"alias", p.value("alias", std::string())},
              {"_project_id", pid},
              {"_seq", now},
              {"_ready_at", now + kEipCreateMs}};
    eips[id] = e;
    dirty = true;
    json out = {{"id", id},
                {"status", "PENDING_CREATE"},
                {"type", type},
                {"public_ip_address", Ip(ip)},
                {"tenant_id", pid},
                {"create_time", e["create_time"]},
                {"bandwidth_size", 0},
                {"ip_version", ip_version}};
    return Response::json(200, json{{"publicip", out}}.dump());
  });
}

Response UpdateEip(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (!body->contains("publicip") || !(*body)["publicip"].is_object()) return Bad("publicip is required.");
  const json& p = (*body)["publicip"];
  if (p.contains("port_id") && !p["port_id"].is_null() && !p["port_id"].is_string()) return Bad("port_id is invalid.");
  if (p.contains("alias") && !p["alias"].is_string()) return Bad("alias is invalid.");
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& eips = d.of(kEip);
    auto it = eips.find(id);
    if (it == eips.end() || !Owned(it->second, pid)) return EipNotFound();
    json& e = it->second;
    Settle(e, now);
    if (e.value("status", "") == "PENDING_CREATE") {
      return VpcError(409, "VPC.0512", "Resource status is busy, try it again later.");
    }
    if (p.contains("port_id")) {
      bool bind = p["port_id"].is_string() && !p["port_id"].get<std::string>().empty();
      if (bind && e.value("port_id", json()).is_string() && e["port_id"] != p["port_id"]) {
        return VpcError(409, "VPC.0510", "Floatingip has already associated with port; unbind it first.");
      }
      e["port_id"] = bind ? p["port_id"] : json();
      e["status"] = bind ? "ACTIVE" : "DOWN";
      if (!bind) e["private_ip_address"] = nullptr;
    }
    if (p.contains("alias")) e["alias"] = p["alias"];
    dirty = true;
    return Response::json(200, json{{"publicip", EipView(d, e, now)}}.dump());
  });
}

Response DeleteEip(Simulator& sim, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    auto& eips = d.of(kEip);
    auto it = eips.find(id);
    if (it == eips.end() || !Owned(it->second, pid)) return EipNotFound();
    Settle(it->second, now);
    if (it->second.value("status", "") == "PENDING_CREATE") {
      return VpcError(409, "VPC.0512", "Resource status is busy, try it again later.");
    }
    std::string bw_id = it->second.value("bandwidth_id", "");
    eips.erase(it);
    auto& bws = d.of(kBw);
    auto bit = bws.find(bw_id);
    if (bit != bws.end() && bit->second.value("share_type", "") == "PER") bws.erase(bit);
    dirty = true;
    return Response::json(204, "");
  });
}

}  // namespace

void RegisterEip(Simulator& sim) {
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
  using S = const std::string&;
  r.Add("POST", "/v1/{project_id}/publicips", authed([&sim](const Request& req, P, S pid) { return Apply(sim, req, pid); }));
  r.Add("GET", "/v1/{project_id}/publicips/{id}", authed([&sim](const Request&, P p, S pid) {
          std::string id(Param(p, "id"));
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool&) {
            auto& eips = d.of(kEip);
            auto it = eips.find(id);
            if (it == eips.end() || !Owned(it->second, pid)) return EipNotFound();
            return Response::json(200, json{{"publicip", EipView(d, it->second, now)}}.dump());
          });
        }));
  r.Add("GET", "/v1/{project_id}/publicips", authed([&sim](const Request& req, P, S pid) {
          int64_t now = sim.clock().NowMs();
          std::string marker = req.query_param("marker");
          std::string limit_s = req.query_param("limit");
          std::size_t limit = limit_s.empty() ? SIZE_MAX : std::strtoul(limit_s.c_str(), nullptr, 10);
          return sim.store().With([&](Store::Data& d, bool&) {
            std::vector<json*> objs;
            for (auto& [id, e] : d.of(kEip)) {
              if (Owned(e, pid)) objs.push_back(&e);
            }
            std::sort(objs.begin(), objs.end(), [](const json* a, const json* b) {
              return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
                     std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
            });
            std::size_t start = 0;
            for (std::size_t i = 0; i < objs.size() && !marker.empty(); ++i) {
              if (objs[i]->value("id", "") == marker) start = i + 1;
            }
            json arr = json::array();
            for (std::size_t i = start; i < objs.size() && arr.size() < limit; ++i) arr.push_back(EipView(d, *objs[i], now));
            return Response::json(200, json{{"publicips", arr}}.dump());
          });
        }));
  r.Add("PUT", "/v1/{project_id}/publicips/{id}", authed([&sim](const Request& req, P p, S pid) {
          return UpdateEip(sim, req, pid, std::string(Param(p, "id")));
        }));
  r.Add("DELETE", "/v1/{project_id}/publicips/{id}",
        authed([&sim](const Request&, P p, S pid) { return DeleteEip(sim, pid, std::string(Param(p, "id"))); }));
  r.Add("GET", "/v1/{project_id}/bandwidths/{id}", authed([&sim](const Request&, P p, S pid) {
          std::string id(Param(p, "id"));
          return sim.store().With([&](Store::Data& d, bool&) {
            auto& bws = d.of(kBw);
            auto it = bws.find(id);
            if (it == bws.end() || !Owned(it->second, pid)) return BwNotFound();
            return Response::json(200, json{{"bandwidth", BandwidthView(d, it->second)}}.dump());
          });
        }));
  r.Add("GET", "/v1/{project_id}/bandwidths", authed([&sim](const Request&, P, S pid) {
          return sim.store().With([&](Store::Data& d, bool&) {
            json arr = json::array();
            for (auto& [id, bw] : d.of(kBw)) {
              if (Owned(bw, pid)) arr.push_back(BandwidthView(d, bw));
            }
            return Response::json(200, json{{"bandwidths", arr}}.dump());
          });
        }));
  r.Add("PUT", "/v1/{project_id}/bandwidths/{id}", authed([&sim](const Request& req, P p, S pid) {
          std::string id(Param(p, "id"));
          auto body = ParseBody(req);
          if (!body) return Bad("The request body is not valid JSON.");
          if (!body->contains("bandwidth") || !(*body)["bandwidth"].is_object()) return Bad("bandwidth is required.");
          const json& b = (*body)["bandwidth"];
          if (!b.contains("name") && !b.contains("size")) return Bad("bandwidth name or size is required.");
          if (auto e = CheckBwName(b, false)) return *e;
          if (b.contains("size")) {
            if (auto e = CheckSize(b)) return *e;
          }
          return sim.store().With([&](Store::Data& d, bool& dirty) {
            auto& bws = d.of(kBw);
            auto it = bws.find(id);
            if (it == bws.end() || !Owned(it->second, pid)) return BwNotFound();
            for (const char* f : {"name", "size"}) {
              if (b.contains(f)) it->second[f] = b[f];
            }
            dirty = true;
            return Response::json(200, json{{"bandwidth", BandwidthView(d, it->second)}}.dump());
          });
        }));
  // v2.0 tag read (the provider's EIP Read always calls it).
  r.Add("GET", "/v2.0/{project_id}/publicips/{id}/tags", authed([&sim](const Request&, P p, S pid) {
          std::string id(Param(p, "id"));
          return sim.store().With([&](Store::Data& d, bool&) {
            auto& eips = d.of(kEip);
            auto it = eips.find(id);
            if (it == eips.end() || !Owned(it->second, pid)) return EipNotFound();
            json tags = it->second.contains("_tags") ? it->second["_tags"] : json::array();
            return Response::json(200, json{{"tags", tags}}.dump());
          });
        }));
}

}  // namespace otcsim
