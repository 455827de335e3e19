// VPC v2.0 resource tags for vpcs, subnets and publicips (api.md 2.4) and
// the VPC v3 secondary CIDR operations (api.md 2.3).
//
// Tags are stored on the resource as "_tags" ([{"key","value"}], the list
// the GET .../{id}/tags routes of vpc.cc and eip.cc return):
//   POST   /v2.0/{pid}/{kind}/{id}/tags          {"tag":{"key","value"}}    -> 204
//   DELETE /v2.0/{pid}/{kind}/{id}/tags/{key}                              -> 204 (404 unknown key)
//   POST   /v2.0/{pid}/{kind}/{id}/tags/action   {"action":"create"|"delete","tags":[...]} -> 204
//   GET    /v2.0/{pid}/{kind}/tags               project tags {"tags":[{"key","values":[..]}]}
// Create overwrites the value of an existing key; batch delete of a key that
// is not there is a no-op (as on OTC). At most 10 tags per resource; keys
// 1..36 characters, values 0..43; letters, digits, '-', '_' (and '.' in
// values). Errors are VPC v1 {"code","message"}.
//
// VPC v3: PUT /v3/{pid}/vpc/vpcs/{id}/add-extend-cidr and
// .../remove-extend-cidr with {"vpc":{"extend_cidrs":[..]},"dry_run":false}
// keep "_extend_cidrs" on the VPC (read back by GET /v3/{pid}/vpc/vpcs/{id})
// and answer 200 {"vpc":{...},"request_id"}; errors are
// {"error_msg","error_code","request_id"}.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "otcsim/cidr.h"
#include "otcsim/lifecycle.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

constexpr std::size_t kMaxTags = 10;
constexpr std::size_t kMaxExtendCidrs = 5;

struct TagKind {
  const char* path;   // URL segment
  const char* store;  // Store kind
  const char* nf_code;
  const char* nf_msg;
};
constexpr TagKind kKinds[] = {
    {"vpcs", "vpc", "VPC.0101", "getVpc error vpcId is invalid."},
    {"subnets", "subnet", "VPC.0202", "Query resource by id error.The subnet is not found."},
    {"publicips", "publicip", "VPC.0504", "Query resource by id error.The floatingIp is not found."},
};

Response TagBad(std::string_view msg) { return VpcError(400, "VPC.0801", msg); }

bool TagChars(const std::string& s, bool value) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '_' || (value && c == '.') || u >= 0x80;
  });
}

// Validates one {"key","value"} tag; `need_value` for create.
std::optional<Response> CheckTag(const json& t, bool need_value) {
  if (!t.is_object()) return TagBad("Each tag must be an object {\"key\":..,\"value\":..}.");
  if (!t.contains("key") || !t["key"].is_string()) return TagBad("tag key is required and must be a string.");
  const std::string& k = t["key"].get_ref<const std::string&>();
  if (k.empty() || k.size() > 36 || !TagChars(k, false)) {
    return TagBad("tag key '" + k + "' is invalid: use 1-36 letters, digits, '-' or '_'.");
  }
  if (t.contains("value") && !t["value"].is_null()) {
    if (!t["value"].is_string()) return TagBad("tag value of key '" + k + "' must be a string.");
    const std::string& v = t["value"].get_ref<const std::string&>();
    if (v.size() > 43 || !TagChars(v, true)) {
      return TagBad("tag value '" + v + "' is invalid: use 0-43 letters, digits, '-', '_' or '.'.");
    }
  } else if (need_value) {
    return TagBad("tag value of key '" + k + "' is required.");
  }
  return std::nullopt;
}

// Runs f(tags array) on the resource's tag list under the store lock.
template <typename F>
Response WithTags(Simulator& sim, const TagKind& kind, const std::string& pid, const std::string& id, F&& f) {
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    auto& objs = d.of(kind.store);
    auto it = objs.find(id);
    if (it == objs.end() || it->second.value("_project_id", "") != pid) {
      return VpcError(404, kind.nf_code, kind.nf_msg);
    }
    json& tags = it->second["_tags"];
    if (!tags.is_array()) tags = json::array();
    json before = tags;
    Response r = f(tags);
    if (r.status >= 300) {
      tags = before;
    } else if (tags != before) {
      dirty = true;
    }
    return r;
  });
}

void Upsert(json& tags, const json& t) {
  std::string k = t["key"];
  json v = t.contains("value") && t["value"].is_string() ? t["value"] : json("");
  for (auto& e : tags) {
    if (e.value("key", "") == k) {
      e["value"] = v;
      return;
    }
  }
  tags.push_back({{"key", k}, {"value", v}});
}

Response TooMany() {
  return TagBad("A resource can have at most " + std::to_string(kMaxTags) + " tags; delete some first.");
}

void RegisterTags(Simulator& sim, const TagKind& kind) {
  Router& r = sim.router();
  auto authed = [&sim](auto fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      std::string pid(Param(p, "project_id"));
      Identity who;
      if (auto err = sim.Authenticate(req, pid, &who)) return *err;
      return fn(req, p, pid);
    };
  };
  std::string base = std::string("/v2.0/{project_id}/") + kind.path;
  r.Add("POST", base + "/{id}/tags", authed([&sim, &kind](const Request& req, const Params& p, const std::string& pid) {
          auto body = ParseBody(req);
          if (!body) return TagBad("The request body is not valid JSON; send {\"tag\":{\"key\":..,\"value\":..}}.");
          if (!body->contains("tag")) return TagBad("tag is required.");
          if (auto e = CheckTag((*body)["tag"], true)) return *e;
          const json& t = (*body)["tag"];
          return WithTags(sim, kind, pid, std::string(Param(p, "id")), [&](json& tags) {
            Upsert(tags, t);
            if (tags.size() > kMaxTags) return TooMany();
            return Response::json(204, "");
          });
        }));
  r.Add("DELETE", base + "/{id}/tags/{key}",
        authed([&sim, &kind](const Request&, const Params& p, const std::string& pid) {
          std::string key(Param(p, "key"));
          return WithTags(sim, kind, pid, std::string(Param(p, "id")), [&](json& tags) {
            auto it = std::find_if(tags.begin(), tags.end(), [&](const json& e) { return e.value("key", "") == key; });
            if (it == tags.end()) return VpcError(404, "VPC.0802", "The tag key " + key + " does not exist.");
            tags.erase(it);
            return Response::json(204, "");
          });
        }));
  r.Add("POST", base + "/{id}/tags/action",
        authed([&sim, &kind](const Request& req, const Params& p, const std::string& pid) {
          auto body = ParseBody(req);
          if (!body) return TagBad("The request body is not valid JSON; send {\"action\":\"create\",\"tags\":[...]}.");
          if (!body->contains("action") || !(*body)["action"].is_string() ||
              ((*body)["action"] != "create" && (*body)["action"] != "delete")) {
            return TagBad("action is invalid: it must be \"create\" or \"delete\".");
          }
          if (!body->contains("tags") || !(*body)["tags"].is_array() || (*body)["tags"].empty()) {
            return TagBad("tags is required and must be a non-empty list.");
          }
          bool create = (*body)["action"] == "create";
          std::set<std::string> keys;
          for (const auto& t : (*body)["tags"]) {
            if (auto e = CheckTag(t, create)) return *e;
            if (!keys.insert(t["key"].get<std::string>()).second) {
              return TagBad("tag key '" + t["key"].get<std::string>() + "' appears twice in the request.");
            }
          }
          const json& list = (*body)["tags"];
          return WithTags(sim, kind, pid, std::string(Param(p, "id")), [&](json& tags) {
            for (const auto& t : list) {
              if (create) {
                Upsert(tags, t);
              } else {
                std::string k = t["key"];
                tags.erase(
                    std::remove_if(tags.begin(), tags.end(), [&](const json& e) { return e.value("key", "") == k; }),
                    tags.end());
              }
            }
            if (tags.size() > kMaxTags) return TooMany();
            return Response::json(204, "");
          });
        }));
  r.Add("GET", base + "/tags", authed([&sim, &kind](const Request&, const Params&, const std::string& pid) {
          std::map<std::string, std::set<std::string>> all;
          sim.store().With([&](Store::Data& d, bool&) {
            for (auto& [id, o] : d.of(kind.store)) {
              if (o.value("_project_id", "") != pid || !o.contains("_tags") || !o["_tags"].is_array()) continue;
              for (const auto& t : o["_tags"]) all[t.value("key", "")].insert(t.value("value", ""));
            }
          });
          json arr = json::array();
          for (auto& [k, vs] : all) arr.push_back({{"key", k}, {"values", json(vs)}});
          return Response::json(200, json{{"tags", arr}}.dump());
        }));
}

// ---- VPC v3 secondary CIDRs ----

Response V3Error(int status, std::string_view code, std::string_view msg) {
  return Response::json(status, json{{"error_msg", msg}, {"error_code", code}, {"request_id", ""}}.dump());
}

json V3View(Store::Data& d, const json& v, const std::string& pid) {
  int subnets = 0;
  std::string id = v.value("id", "");
  for (auto& [sid, sn] : d.of("subnet")) subnets += sn.value("vpc_id", "") == id ? 1 : 0;
  int64_t created_ms = v.contains("_created_ms") && v["_created_ms"].is_number() ? v["_created_ms"].get<int64_t>() : 0;
  std::string created = IsoTime(created_ms).substr(0, 19) + "Z";
  return {{"id", id},
          {"name", v.value("name", "")},
          {"description", v.value("description", "")},
          {"cidr", v.value("cidr", "")},
          {"extend_cidrs", v.contains("_extend_cidrs") ? v["_extend_cidrs"] : json::array()},
          {"status", v.value("status", "") == "OK" ? "ACTIVE" : "PENDING"},
          {"project_id", pid},
          {"enterprise_project_id", "0"},
          {"created_at", created},
          {"updated_at", created},
          {"cloud_resources", json::array({{{"resource_type", "vpc_subnet"}, {"resource_count", subnets}}})},
          {"tags", json::array()}};
}

// Secondary CIDRs OTC refuses (doc: reserved and public ranges used by the platform).
bool ReservedCidr(const Cidr& c) {
  static const Cidr kReserved[] = {{0x64400000u, 10}, {0xA9FE0000u, 16}, {0x7F000000u, 8}, {0x00000000u, 8},
                                   {0xE0000000u, 4},  {0xF0000000u, 4},  {0xC6120000u, 15}};
  return std::any_of(std::begin(kReserved), std::end(kReserved), [&](const Cidr& r) { return r.overlaps(c); });
}

Response ExtendCidr(Simulator& sim, const Request& req, const std::string& pid, const std::string& id, bool add) {
  auto body = ParseBody(req);
  if (!body)
    return V3Error(400, "VPC.0002", "The request body is not valid JSON; send {\"vpc\":{\"extend_cidrs\":[..]}}.");
  auto vit = body->find("vpc");
  if (vit == body->end() || !vit->is_object() || !vit->contains("extend_cidrs") || !(*vit)["extend_cidrs"].is_array() ||
      (*vit)["extend_cidrs"].empty()) {
    return V3Error(400, "VPC.0002", "vpc.extend_cidrs is required and must be a non-empty list of CIDRs.");
  }
  bool dry_run = false;
  if (body->contains("dry_run")) {
    if (!(*body)["dry_run"].is_boolean()) return V3Error(400, "VPC.0002", "dry_run must be a boolean.");
    dry_run = (*body)["dry_run"];
  }
  std::vector<std::pair<std::string, Cidr>> want;
  for (const auto& c : (*vit)["extend_cidrs"]) {
    std::optional<Cidr> parsed;
    if (c.is_string()) parsed = ParseCidr(c.get<std::string>());
    if (!parsed) return V3Error(400, "VPC.0002", "extend_cidrs entry " + c.dump() + " is not a valid IPv4 CIDR.");
    want.emplace_back(c.get<std::string>(), *parsed);
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    auto& vpcs = d.of("vpc");
    auto it = vpcs.find(id);
    if (it == vpcs.end() || it->second.value("_project_id", "") != pid) {
      return V3Error(404, "VPC.0602", "Vpc " + id + " could not be found.");
    }
    json& v = it->second;
    Settle(v, now);
    json ext = v.contains("_extend_cidrs") && v["_extend_cidrs"].is_array() ? v["_extend_cidrs"] : json::array();
    auto primary = ParseCidr(v.value("cidr", ""));
    for (const auto& [s, c] : want) {
      bool present = std::find(ext.begin(), ext.end(), json(s)) != ext.end();
      if (add) {
        if (present) return V3Error(409, "VPC.0610", "Secondary CIDR " + s + " is already added to VPC " + id + ".");
        if (c.prefix < 10 || c.prefix > 28) {
          return V3Error(400, "VPC.0611", "Secondary CIDR " + s + " must have a prefix length between 10 and 28.");
        }
        if (ReservedCidr(c)) return V3Error(400, "VPC.0611", "Secondary CIDR " + s + " overlaps a reserved range.");
        if (primary && primary->overlaps(c)) {
          return V3Error(400, "VPC.0611",
                         "Secondary CIDR " + s + " overlaps the VPC CIDR " + v.value("cidr", "") + ".");
        }
        for (const auto& e : ext) {
          auto ec = ParseCidr(e.get<std::string>());
          if (ec && ec->overlaps(c)) {
            return V3Error(400, "VPC.0611",
                           "Secondary CIDR " + s + " overlaps secondary CIDR " + e.get<std::string>() + ".");
          }
        }
        ext.push_back(s);
        if (ext.size() > kMaxExtendCidrs) {
          return V3Error(400, "VPC.0612",
                         "A VPC can have at most " + std::to_string(kMaxExtendCidrs) + " secondary CIDRs.");
        }
      } else {
        if (!present) return V3Error(404, "VPC.0613", "Secondary CIDR " + s + " is not a CIDR of VPC " + id + ".");
        for (auto& [sid, sn] : d.of("subnet")) {
          auto sc = ParseCidr(sn.value("cidr", ""));
          if (sn.value("vpc_id", "") == id && sc && c.overlaps(*sc)) {
            return V3Error(409, "VPC.0614",
                           "Secondary CIDR " + s + " is still used by subnet " + sid + "; delete the subnet first.");
          }
        }
        ext.erase(std::remove(ext.begin(), ext.end(), json(s)), ext.end());
      }
    }
    if (!dry_run) {
      v["_extend_cidrs"] = ext;
      dirty = true;
    }
    json view = V3View(d, v, pid);
    view["extend_cidrs"] = ext;
    return Response::json(200, json{{"vpc", view}, {"request_id", ""}}.dump());
  });
}

}  // namespace

void RegisterVpcTags(Simulator& sim) {
  for (const auto& kind : kKinds) RegisterTags(sim, kind);
  Router& r = sim.router();
  for (bool add : {true, false}) {
    r.Add("PUT", std::string("/v3/{project_id}/vpc/vpcs/{id}/") + (add ? "add-extend-cidr" : "remove-extend-cidr"),
          [&sim, add](const Request& req, const Params& p) -> Response {
            std::string pid(Param(p, "project_id"));
            Identity who;
            if (auto err = sim.Authenticate(req, pid, &who)) return *err;
            return ExtendCidr(sim, req, pid, std::string(Param(p, "id")), add);
          });
  }
}

}  // namespace otcsim
