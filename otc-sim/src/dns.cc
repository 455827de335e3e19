// DNS v2 (api.md section 7): public and private zones (private ones bound to
// VPCs, "routers"), record sets, name servers, tags, and links.next/marker
// pagination. Zones and record sets go PENDING_CREATE / PENDING_UPDATE /
// PENDING_DELETE -> ACTIVE (or gone) on the simulated clock; the "fail"
// fault ends an operation in ERROR. Names are stored with a trailing dot,
// timestamps are "2006-01-02T15:04:05.000" (no zone suffix: the SDK parses
// them without one). Errors are {"code":"DNS.xxxx","message":"..."} with the
// codes and statuses of the DNS API error-code table (DNS.0002 generic bad
// request, DNS.0308 bad record value, DNS.0317/0318 default record sets, ...;
// see otc-sim/README.md "Error codes").
#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "otcsim/cidr.h"
#include "otcsim/lifecycle.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

const char* kZone = "dns_zone";
const char* kRs = "dns_recordset";

constexpr int64_t kZoneMs = 5000;    // PENDING_CREATE -> ACTIVE
constexpr int64_t kUpdateMs = 3000;  // PENDING_UPDATE -> ACTIVE, PENDING_DELETE -> gone
constexpr int64_t kRouterMs = 5000;  // router association / disassociation
constexpr int64_t kMaxTtl = 2147483647;
const char* kNs1 = "ns1.open-telekom-cloud.com.";
const char* kNs2 = "ns2.open-telekom-cloud.com.";
const char* kPoolId = "00000000570e54ee01570e9939b20019";

Response DnsError(int status, std::string_view code, std::string_view msg) {
  return Response::json(status, json{{"code", code}, {"message", msg}}.dump());
}
// DNS.0002 "Invalid request." is the documented catch-all for bad input; the
// specific cases below use the codes of the DNS error table instead.
Response Bad(std::string_view msg) { return DnsError(400, "DNS.0002", msg); }
Response ZoneNotFound() { return DnsError(404, "DNS.0302", "This zone does not exist."); }
Response RsNotFound() { return DnsError(404, "DNS.0313", "This record set does not exist."); }
Response NotNormal(const std::string& status) {
  return DnsError(400, "DNS.0209", "This zone is not in normal state (status " + status + "); try again when it is ACTIVE.");
}

std::string DnsTime(int64_t ms) { return IsoTime(ms).substr(0, 23); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Hex32(Simulator& sim) {
  std::string id = sim.store().NewId();
  std::erase(id, '-');
  return id;
}

bool Owned(const json& o, const std::string& pid) { return o.value("_project_id", "") == pid; }

// A domain name with a trailing dot; nullopt when invalid. Labels are 1-63
// characters of letters, digits, '-' (not first/last) and, when
// `record` is set, '_' and a leading "*" wildcard label.
std::optional<std::string> Fqdn(std::string s, bool record) {
  if (s.empty() || s.size() > 254) return std::nullopt;
  if (s.back() != '.') s += '.';
  if (s.size() > 254 || s == ".") return std::nullopt;
  std::size_t start = 0;
  bool first = true;
  while (start < s.size()) {
    std::size_t dot = s.find('.', start);
    std::string_view label(s.data() + start, dot - start);
    if (label.empty() || label.size() > 63) return std::nullopt;
    if (!(record && first && label == "*")) {
      if (label.front() == '-' || label.back() == '-') return std::nullopt;
      for (char c : label) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && !(record && c == '_')) return std::nullopt;
      }
    }
    first = false;
    start = dot + 1;
  }
  return s;
}

bool Hostname(const std::string& s) { return Fqdn(s, false).has_value(); }

bool U16(const std::string& s, long max = 65535) {
  if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return false;
  }
  return std::stol(s) <= max;
}

std::vector<std::string> Fields(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    std::size_t j = s.find(' ', i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    i = j == std::string::npos ? s.size() : j;
  }
  return out;
}

// TXT: either one unquoted token (no spaces or quotes) or a sequence of
// "quoted strings" separated by spaces, each at most 255 characters, with \"
// and \\ escapes inside.
bool ValidTxt(const std::string& v) {
  if (v.empty() || v.size() > 4096) return false;
  if (v[0] != '"') return v.size() <= 255 && v.find_first_of("\" ") == std::string::npos;
  std::size_t i = 0;
  while (i < v.size()) {
    if (v[i] == ' ') {
      ++i;
      continue;
    }
    if (v[i] != '"') return false;
    std::size_t len = 0;
    ++i;
    bool closed = false;
    while (i < v.size()) {
      if (v[i] == '\\' && i + 1 < v.size()) {
        i += 2;
        ++len;
      } else if (v[i] == '"') {
        ++i;
        closed = true;
        break;
      } else {
        ++i;
        ++len;
      }
    }
    if (!closed || len > 255) return false;
    if (i < v.size() && v[i] != ' ') return false;
  }
  return true;
}

// Empty when `v` is a valid value for a record of `type`, else why not.
std::string RecordProblem(const std::string& type, const std::string& v) {
  auto bad = [&](const std::string& want) { return "record \"" + v.substr(0, 80) + "\" is not valid for type " + type + ": " + want + "."; };
  if (type == "A") return ParseIpv4(v) ? "" : bad("expected an IPv4 address");
  if (type == "AAAA") {
    unsigned char buf[16];
    return inet_pton(AF_INET6, v.c_str(), buf) == 1 ? "" : bad("expected an IPv6 address");
  }
  if (type == "CNAME" || type == "NS" || type == "PTR") return Hostname(v) ? "" : bad("expected a domain name");
  auto f = Fields(v);
  if (type == "MX") {
    return f.size() == 2 && U16(f[0]) && Hostname(f[1]) ? "" : bad("expected \"<preference 0-65535> <mail server>\"");
  }
  if (type == "SRV") {
    return f.size() == 4 && U16(f[0]) && U16(f[1]) && U16(f[2]) && Hostname(f[3])
               ? ""
               : bad("expected \"<priority> <weight> <port> <target>\"");
  }
  if (type == "CAA") {
    static const std::set<std::string> kTags = {"issue", "issuewild", "iodef"};
    if (f.size() < 3 || !U16(f[0], 255) || !kTags.count(f[1])) return bad("expected \"<flags 0-255> issue|issuewild|iodef \\\"value\\\"\"");
    std::string rest = v.substr(v.find(f[1]) + f[1].size() + 1);
    return rest.size() >= 2 && rest.front() == '"' && rest.back() == '"' ? "" : bad("the CAA value must be quoted");
  }
  if (type == "TXT") {
    return ValidTxt(v) ? "" : bad("expected quoted strings of at most 255 characters each (\"v=spf1 -all\")");
  }
  return "unsupported record type " + type + ".";
}

// ---- Store access -------------------------------------------------------------

// Applies router association steps of a zone.
void SettleRouters(json& zone, int64_t now) {
  if (!zone.contains("routers") || !zone["routers"].is_array()) return;
  json keep = json::array();
  for (auto& r : zone["routers"]) {
    if (r.contains("_at") && r["_at"].get<int64_t>() <= now) {
      std::string then = r.value("_then", "ACTIVE");
      if (then == "GONE") continue;
      r["status"] = then;
      r.erase("_at");
      r.erase("_then");
    }
    keep.push_back(r);
  }
  zone["routers"] = keep;
}

// Settles every zone and record set; drops those whose delete finished
// (a zone takes its record sets with it).
void Reap(Store::Data& d, int64_t now, bool& dirty) {
  auto& zones = d.of(kZone);
  auto& rss = d.of(kRs);
  std::set<std::string> gone;
  for (auto it = zones.begin(); it != zones.end();) {
    bool had = it->second.contains("_pending");
    Settle(it->second, now);
    SettleRouters(it->second, now);
    if (had && !it->second.contains("_pending")) dirty = true;
    if (it->second.value("_gone", false)) {
      gone.insert(it->first);
      it = zones.erase(it);
      dirty = true;
    } else {
      ++it;
    }
  }
  for (auto it = rss.begin(); it != rss.end();) {
    Settle(it->second, now);
    if (it->second.value("_gone", false) || gone.count(it->second.value("zone_id", ""))) {
      it = rss.erase(it);
      dirty = true;
    } else {
      ++it;
    }
  }
}

json ZoneView(Store::Data& d, const json& z, const std::string& base) {
  json out = Store::Public(z);
  int n = 0;
  for (auto& [id, rs] : d.of(kRs)) n += rs.value("zone_id", "") == z.value("id", "") ? 1 : 0;
  out["record_num"] = n;
  out["links"] = {{"self", base + "/v2/zones/" + z.value("id", "")}};
  if (z.value("zone_type", "") == "private") {
    json routers = json::array();
    for (const auto& r : z["routers"]) routers.push_back(Store::Public(r));
    out["routers"] = routers;
  } else {
    out.erase("routers");
  }
  return out;
}

json RsView(const json& rs, const std::string& base) {
  json out = Store::Public(rs);
  out["links"] = {{"self", base + "/v2/zones/" + rs.value("zone_id", "") + "/recordsets/" + rs.value("id", "")}};
  return out;
}

json* FindZone(Store::Data& d, const std::string& pid, const std::string& id) {
  auto& k = d.of(kZone);
  auto it = k.find(id);
  return it == k.end() || !Owned(it->second, pid) ? nullptr : &it->second;
}

// ---- Pagination -----------------------------------------------------------------

std::string Encode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Pages `items` (already filtered and sorted) by limit/marker and builds
// {"links":{"self","next"?}, <key>:[...], "metadata":{"total_count"}}.
Response Paged(const Request& req, const std::vector<json>& items, const char* key) {
  std::string ls = req.query_param("limit"), marker = req.query_param("marker");
  std::size_t limit = 500;
  if (!ls.empty()) {
    if (ls.size() > 4 || !std::all_of(ls.begin(), ls.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        std::stoul(ls) > 500) {
      return DnsError(400, "DNS.0006", "limit must be an integer from 0 to 500.");
    }
    limit = std::stoul(ls);
  }
  std::size_t start = 0;
  if (!marker.empty()) {
    auto it = std::find_if(items.begin(), items.end(), [&](const json& j) { return j.value("id", "") == marker; });
    if (it == items.end()) return DnsError(400, "DNS.0007", "marker " + marker + " is invalid: no such item in this list.");
    start = static_cast<std::size_t>(it - items.begin()) + 1;
  }
  json arr = json::array();
  for (std::size_t i = start; i < items.size() && arr.size() < limit; ++i) arr.push_back(items[i]);
  std::string self = req.base_url + req.path + (req.query.empty() ? "" : "?" + req.query);
  json links = {{"self", self}};
  if (limit > 0 && start + arr.size() < items.size()) {
    std::string q;
    for (const auto& [k, v] : parse_query(req.query)) {
      if (k == "marker" || k == "limit") continue;
      q += Encode(k) + "=" + Encode(v) + "&";
    }
    q += "limit=" + std::to_string(limit) + "&marker=" + Encode(arr.back().value("id", ""));
    links["next"] = req.base_url + req.path + "?" + q;
  }
  return Response::json(200, json{{"links", links}, {key, arr}, {"metadata", {{"total_count", items.size()}}}}.dump());
}

bool Contains(const std::string& hay, const std::string& needle) {
  return Lower(hay).find(Lower(needle)) != std::string::npos;
}

// ---- Zones ----------------------------------------------------------------------

std::optional<Response> CheckTags(const json& b) {
  if (!b.contains("tags") || b["tags"].is_null()) return std::nullopt;
  if (!b["tags"].is_array()) return Bad("tags must be an array of {\"key\",\"value\"}.");
  for (const auto& t : b["tags"]) {
    if (!t.is_object() || !t.contains("key") || !t["key"].is_string() || t["key"].get<std::string>().empty() ||
        t["key"].get<std::string>().size() > 36 || (t.contains("value") && !t["value"].is_string())) {
      return Bad("every tag needs a non-empty string key (at most 36 characters) and a string value.");
    }
  }
  return std::nullopt;
}

// `code` is DNS.0203 for zones and DNS.0303 for record sets.
std::optional<Response> CheckTtl(const json& b, int64_t lo, std::string_view code) {
  if (!b.contains("ttl") || b["ttl"].is_null()) return std::nullopt;
  if (!b["ttl"].is_number_integer() || b["ttl"].get<int64_t>() < lo || b["ttl"].get<int64_t>() > kMaxTtl) {
    return DnsError(400, code, "ttl must be an integer from " + std::to_string(lo) + " to 2147483647.");
  }
  return std::nullopt;
}

// `desc_code` is DNS.0206 for zones and DNS.0305 for record sets.
std::optional<Response> CheckEmailDesc(const json& b, std::string_view desc_code) {
  if (b.contains("email") && !b["email"].is_null()) {
    if (!b["email"].is_string()) return DnsError(400, "DNS.0201", "email must be a string.");
    const auto& e = b["email"].get_ref<const std::string&>();
    std::size_t at = e.find('@');
    if (e.size() > 255 || at == std::string::npos || at == 0 || at + 1 >= e.size() || e.find('@', at + 1) != std::string::npos) {
      return DnsError(400, "DNS.0201", "email must be an address like admin@example.com.");
    }
  }
  if (b.contains("description") && !b["description"].is_null()) {
    if (!b["description"].is_string() || b["description"].get<std::string>().size() > 255) {
      return DnsError(400, desc_code, "description must be a string of at most 255 characters.");
    }
  }
  return std::nullopt;
}

json DefaultRecordset(Simulator& sim, const json& zone, const std::string& type, json records, int64_t now) {
  json rs = {{"id", Hex32(sim)},
             {"zone_id", zone["id"]},
             {"zone_name", zone["name"]},
             {"project_id", zone["project_id"]},
             {"name", zone["name"]},
             {"type", type},
             {"records", std::move(records)},
             {"ttl", 300},
             {"status", zone["status"]},
             {"action", "CREATE"},
             {"description", ""},
             {"version", 1},
             {"created_at", DnsTime(now)},
             {"updated_at", nullptr},
             {"default", true},
             {"_project_id", zone["_project_id"]},
             {"_seq", now}};
  return rs;
}

Response CreateZone(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  const json& b = *body;
  if (!b.contains("name") || !b["name"].is_string()) return DnsError(400, "DNS.0202", "name is required (a domain name).");
  auto name = Fqdn(b["name"].get<std::string>(), false);
  if (!name) return DnsError(400, "DNS.0202", "Invalid zone name: labels of letters, digits and '-' up to 63 characters.");
  std::string type = "public";
  if (b.contains("zone_type") && !b["zone_type"].is_null()) {
    if (!b["zone_type"].is_string() || (b["zone_type"] != "public" && b["zone_type"] != "private")) {
      return DnsError(400, "DNS.0204", "zone_type must be public or private.");
    }
    type = b["zone_type"].get<std::string>();
  }
  if (type == "public" && std::count(name->begin(), name->end(), '.') < 2) {
    return DnsError(400, "DNS.0202", "Invalid zone name: a public zone needs at least two labels (example.com.).");
  }
  if (auto e = CheckTtl(b, 300, "DNS.0203")) return *e;
  if (auto e = CheckEmailDesc(b, "DNS.0206")) return *e;
  if (auto e = CheckTags(b)) return *e;
  bool has_router = b.contains("router") && !b["router"].is_null();
  std::string router_id, router_region = sim.config().region;
  if (type == "public" && has_router) return Bad("router is only allowed for private zones.");
  if (type == "private") {
    if (!has_router || !b["router"].is_object() || !b["router"].contains("router_id") ||
        !b["router"]["router_id"].is_string()) {
      return Bad("router.router_id (a VPC id) is required for a private zone.");
    }
    router_id = b["router"]["router_id"].get<std::string>();
    if (b["router"].contains("router_region") && !b["router"]["router_region"].is_null()) {
      if (!b["router"]["router_region"].is_string() || b["router"]["router_region"] != sim.config().region) {
        return Bad("router.router_region must be " + sim.config().region + ".");
      }
    }
  }
  std::string id = Hex32(sim);
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    if (type == "private") {
      auto& vpcs = d.of("vpc");
      auto vit = vpcs.find(router_id);
      if (vit == vpcs.end() || !Owned(vit->second, pid)) return Bad("router.router_id " + router_id + " is not an existing VPC.");
    }
    for (auto& [oid, z] : d.of(kZone)) {
      if (Lower(z.value("name", "")) != Lower(*name) || z.value("zone_type", "") != type) continue;
      if (type == "public") {
        if (!Owned(z, pid)) return DnsError(400, "DNS.0211", "The zone name is used by another tenant.");
        return DnsError(400, "DNS.0208", "This zone already exists.");
      }
      for (const auto& r : z["routers"]) {
        if (Owned(z, pid) && r.value("router_id", "") == router_id) {
          return DnsError(400, "DNS.0208", "This zone already exists (in VPC " + router_id + ").");
        }
      }
    }
    std::string plain = name->substr(0, name->size() - 1);
    json z = {{"id", id},
              {"name", *name},
              {"description", b.contains("description") && b["description"].is_string() ? b["description"] : json("")},
              {"email", b.contains("email") && b["email"].is_string() ? b["email"] : json("hostmaster@" + plain)},
              {"ttl", b.contains("ttl") && b["ttl"].is_number_integer() ? b["ttl"] : json(300)},
              {"serial", 1},
              {"masters", json::array()},
              {"status", "PENDING_CREATE"},
              {"pool_id", kPoolId},
              {"project_id", pid},
              {"zone_type", type},
              {"created_at", DnsTime(now)},
              {"updated_at", nullptr},
              {"routers", json::array()},
              {"_project_id", pid},
              {"_seq", now},
              {"_tags", b.contains("tags") && b["tags"].is_array() ? b["tags"] : json::array()}};
    const char* final_status = fail ? "ERROR" : "ACTIVE";
    if (type == "private") {
      z["routers"].push_back({{"router_id", router_id},
                              {"router_region", router_region},
                              {"status", "PENDING_CREATE"},
                              {"_at", now + kZoneMs},
                              {"_then", final_status}});
    }
    Schedule(z, now, kZoneMs, {{"status", final_status}});
    std::string email = z["email"].get<std::string>();
    std::replace(email.begin(), email.end(), '@', '.');
    json soa = DefaultRecordset(sim, z, "SOA",
                                json::array({std::string(kNs1) + " " + email + ". 1 7200 900 1209600 300"}), now);
    json ns = DefaultRecordset(sim, z, "NS", json::array({kNs1, kNs2}), now);
    for (json* rs : {&soa, &ns}) {
      Schedule(*rs, now, kZoneMs, {{"status", final_status}, {"action", "NONE"}});
      d.of(kRs)[(*rs)["id"].get<std::string>()] = *rs;
    }
    d.of(kZone)[id] = z;
    dirty = true;
    return Response::json(202, ZoneView(d, z, req.base_url).dump());
  });
}

Response UpdateZone(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (auto e = CheckTtl(*body, 300, "DNS.0203")) return *e;
  if (auto e = CheckEmailDesc(*body, "DNS.0206")) return *e;
  for (auto& [k, v] : body->items()) {
    if (k != "email" && k != "ttl" && k != "description") return Bad("field " + k + " cannot be updated; only email, ttl, description.");
  }
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    json* z = FindZone(d, pid, id);
    if (z == nullptr) return ZoneNotFound();
    if (z->value("status", "") != "ACTIVE") return NotNormal(z->value("status", ""));
    for (const char* f : {"email", "ttl", "description"}) {
      if (body->contains(f) && !(*body)[f].is_null()) (*z)[f] = (*body)[f];
    }
    (*z)["status"] = "PENDING_UPDATE";
    (*z)["updated_at"] = DnsTime(now);
    (*z)["serial"] = z->value("serial", 1) + 1;
    Schedule(*z, now, kUpdateMs, {{"status", fail ? "ERROR" : "ACTIVE"}});
    dirty = true;
    return Response::json(202, ZoneView(d, *z, req.base_url).dump());
  });
}

Response DeleteZone(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    json* z = FindZone(d, pid, id);
    if (z == nullptr) return ZoneNotFound();
    if (z->value("status", "") == "PENDING_DELETE") return NotNormal("PENDING_DELETE");
    z->erase("_pending");
    (*z)["status"] = "PENDING_DELETE";
    (*z)["updated_at"] = DnsTime(now);
    Schedule(*z, now, kUpdateMs, fail ? json{{"status", "ERROR"}} : json{{"_gone", true}});
    dirty = true;
    return Response::json(202, ZoneView(d, *z, req.base_url).dump());
  });
}

Response ListZones(Simulator& sim, const Request& req, const std::string& pid) {
  std::string type = req.query_param("type");
  if (type.empty()) type = "public";
  if (type != "public" && type != "private") return DnsError(400, "DNS.0204", "type must be public or private.");
  std::string name = req.query_param("name"), status = req.query_param("status"), tags = req.query_param("tags");
  // tags=k,v|k2,v2 : every pair must match (value optional).
  std::vector<std::pair<std::string, std::string>> want;
  if (!tags.empty()) {
    std::size_t p = 0;
    while (p <= tags.size()) {
      std::size_t bar = tags.find('|', p);
      std::string item = tags.substr(p, bar == std::string::npos ? std::string::npos : bar - p);
      std::size_t comma = item.find(',');
      want.emplace_back(item.substr(0, comma), comma == std::string::npos ? "" : item.substr(comma + 1));
      if (bar == std::string::npos) break;
      p = bar + 1;
    }
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    std::vector<const json*> zs;
    for (auto& [id, z] : d.of(kZone)) {
      if (!Owned(z, pid) || z.value("zone_type", "") != type) continue;
      if (!name.empty() && !Contains(z.value("name", ""), name)) continue;
      if (!status.empty() && z.value("status", "") != status) continue;
      bool ok = true;
      for (const auto& [k, v] : want) {
        bool found = false;
        for (const auto& t : z.value("_tags", json::array())) {
          if (t.value("key", "") == k && (v.empty() || t.value("value", "") == v)) found = true;
        }
        ok = ok && found;
      }
      if (ok) zs.push_back(&z);
    }
    std::sort(zs.begin(), zs.end(), [](const json* a, const json* b) {
      return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
             std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
    });
    std::vector<json> items;
    for (const json* z : zs) items.push_back(ZoneView(d, *z, req.base_url));
    return Paged(req, items, "zones");
  });
}

Response RouterAssoc(Simulator& sim, const Request& req, const std::string& pid, const std::string& id, bool associate) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (!body->contains("router") || !(*body)["router"].is_object() || !(*body)["router"].contains("router_id") ||
      !(*body)["router"]["router_id"].is_string()) {
    return Bad("router.router_id (a VPC id) is required.");
  }
  const json& r = (*body)["router"];
  std::string router_id = r["router_id"].get<std::string>();
  if (r.contains("router_region") && !r["router_region"].is_null() && r["router_region"] != sim.config().region) {
    return Bad("router.router_region must be " + sim.config().region + ".");
  }
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    json* z = FindZone(d, pid, id);
    if (z == nullptr) return ZoneNotFound();
    if (z->value("zone_type", "") != "private") return Bad("Only private zones can be associated with VPCs.");
    if (z->value("status", "") != "ACTIVE") return NotNormal(z->value("status", ""));
    json& routers = (*z)["routers"];
    auto it = std::find_if(routers.begin(), routers.end(), [&](const json& x) { return x.value("router_id", "") == router_id; });
    json out = {{"router_id", router_id}, {"router_region", sim.config().region}};
    if (associate) {
      auto& vpcs = d.of("vpc");
      auto vit = vpcs.find(router_id);
      if (vit == vpcs.end() || !Owned(vit->second, pid)) return Bad("router.router_id " + router_id + " is not an existing VPC.");
      if (it != routers.end()) return DnsError(400, "DNS.0212", "The VPC " + router_id + " is already associated with this zone.");
      routers.push_back({{"router_id", router_id},
                         {"router_region", sim.config().region},
                         {"status", "PENDING_CREATE"},
                         {"_at", now + kRouterMs},
                         {"_then", fail ? "ERROR" : "ACTIVE"}});
      out["status"] = "PENDING_CREATE";
    } else {
      if (it == routers.end()) return Bad("The VPC " + router_id + " is not associated with this zone.");
      if (routers.size() < 2) return Bad("A private zone must stay associated with at least one VPC.");
      (*it)["status"] = "PENDING_DELETE";
      (*it)["_at"] = now + kRouterMs;
      (*it)["_then"] = fail ? "ERROR" : "GONE";
      out["status"] = "PENDING_DELETE";
    }
    dirty = true;
    return Response::json(202, out.dump());
  });
}

// ---- Record sets ------------------------------------------------------------------

// Validates records for `type`; on success returns nullopt.
std::optional<Response> CheckRecords(const json& b, const std::string& type) {
  if (!b.contains("records") || !b["records"].is_array() || b["records"].empty() || b["records"].size() > 50) {
    return DnsError(400, "DNS.0308", "records must be a non-empty array of at most 50 strings.");
  }
  std::set<std::string> seen;
  for (const auto& r : b["records"]) {
    if (!r.is_string()) return DnsError(400, "DNS.0308", "records must be strings.");
    std::string problem = RecordProblem(type, r.get<std::string>());
    if (!problem.empty()) return DnsError(400, "DNS.0308", problem);
    if (!seen.insert(r.get<std::string>()).second) return DnsError(400, "DNS.0308", "records contain a duplicate value.");
  }
  if (type == "CNAME" && b["records"].size() != 1) return DnsError(400, "DNS.0308", "A CNAME record set holds exactly one record.");
  return std::nullopt;
}

Response CreateRecordset(Simulator& sim, const Request& req, const std::string& pid, const std::string& zone_id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  const json& b = *body;
  if (!b.contains("name") || !b["name"].is_string()) return DnsError(400, "DNS.0304", "name is required.");
  if (!b.contains("type") || !b["type"].is_string()) return DnsError(400, "DNS.0307", "type is required.");
  std::string type = b["type"].get<std::string>();
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const std::set<std::string> kTypes = {"A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA", "PTR"};
  if (!kTypes.count(type)) return DnsError(400, "DNS.0307", "type must be one of A, AAAA, CNAME, MX, TXT, NS, SRV, CAA, PTR.");
  auto name = Fqdn(b["name"].get<std::string>(), true);
  if (!name) return DnsError(400, "DNS.0304", "Invalid record set name.");
  if (auto e = CheckRecords(b, type)) return *e;
  if (auto e = CheckTtl(b, 1, "DNS.0303")) return *e;
  if (auto e = CheckEmailDesc(b, "DNS.0305")) return *e;
  if (auto e = CheckTags(b)) return *e;
  std::string id = Hex32(sim);
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    json* z = FindZone(d, pid, zone_id);
    if (z == nullptr) return ZoneNotFound();
    std::string zs = z->value("status", "");
    if (zs != "ACTIVE" && zs != "PENDING_UPDATE") return NotNormal(zs);
    std::string zname = Lower(z->value("name", "")), lname = Lower(*name);
    bool inside = lname == zname || (lname.size() > zname.size() && lname.compare(lname.size() - zname.size(), zname.size(), zname) == 0 &&
                                     lname[lname.size() - zname.size() - 1] == '.');
    if (!inside) return DnsError(400, "DNS.0304", "Invalid record set name: " + *name + " is not within zone " + z->value("name", "") + ".");
    if (type == "CNAME" && lname == zname) return DnsError(400, "DNS.0304", "A CNAME record set cannot be created at the zone apex.");
    for (auto& [oid, o] : d.of(kRs)) {
      if (o.value("zone_id", "") != zone_id || Lower(o.value("name", "")) != lname) continue;
      if (o.value("type", "") == type) return DnsError(400, "DNS.0312", "This record set already exists.");
      if (type == "CNAME" || o.value("type", "") == "CNAME") {
        return DnsError(400, "DNS.0312", "A CNAME record set cannot coexist with other record sets of the same name.");
      }
    }
    json rs = {{"id", id},
               {"zone_id", zone_id},
               {"zone_name", (*z)["name"]},
               {"project_id", pid},
               {"name", *name},
               {"type", type},
               {"records", b["records"]},
               {"ttl", b.contains("ttl") && b["ttl"].is_number_integer() ? b["ttl"] : (*z)["ttl"]},
               {"status", "PENDING_CREATE"},
               {"action", "CREATE"},
               {"description", b.contains("description") && b["description"].is_string() ? b["description"] : json("")},
               {"version", 1},
               {"created_at", DnsTime(now)},
               {"updated_at", nullptr},
               {"default", false},
               {"_project_id", pid},
               {"_seq", now},
               {"_tags", b.contains("tags") && b["tags"].is_array() ? b["tags"] : json::array()}};
    Schedule(rs, now, kUpdateMs, {{"status", fail ? "ERROR" : "ACTIVE"}, {"action", "NONE"}});
    d.of(kRs)[id] = rs;
    (*z)["serial"] = z->value("serial", 1) + 1;
    dirty = true;
    return Response::json(202, RsView(rs, req.base_url).dump());
  });
}

json* FindRs(Store::Data& d, const std::string& pid, const std::string& zone_id, const std::string& id) {
  auto& k = d.of(kRs);
  auto it = k.find(id);
  if (it == k.end() || !Owned(it->second, pid) || it->second.value("zone_id", "") != zone_id) return nullptr;
  return &it->second;
}

Response UpdateRecordset(Simulator& sim, const Request& req, const std::string& pid, const std::string& zone_id,
                         const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (auto e = CheckTtl(*body, 1, "DNS.0303")) return *e;
  if (auto e = CheckEmailDesc(*body, "DNS.0305")) return *e;
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    if (FindZone(d, pid, zone_id) == nullptr) return ZoneNotFound();
    json* rs = FindRs(d, pid, zone_id, id);
    if (rs == nullptr) return RsNotFound();
    if (rs->value("default", false)) return DnsError(400, "DNS.0318", "The default SOA/NS record sets cannot be modified.");
    std::string st = rs->value("status", "");
    if (st != "ACTIVE" && st != "ERROR") {
      return DnsError(400, "DNS.0314", "The record set is " + st + "; try again when it is ACTIVE.");
    }
    if (body->contains("records")) {
      if (auto e = CheckRecords(*body, rs->value("type", ""))) return *e;
      (*rs)["records"] = (*body)["records"];
    }
    for (const char* f : {"ttl", "description"}) {
      if (body->contains(f) && !(*body)[f].is_null()) (*rs)[f] = (*body)[f];
    }
    (*rs)["status"] = "PENDING_UPDATE";
    (*rs)["action"] = "UPDATE";
    (*rs)["version"] = rs->value("version", 1) + 1;
    (*rs)["updated_at"] = DnsTime(now);
    Schedule(*rs, now, kUpdateMs, {{"status", fail ? "ERROR" : "ACTIVE"}, {"action", "NONE"}});
    dirty = true;
    return Response::json(202, RsView(*rs, req.base_url).dump());
  });
}

Response DeleteRecordset(Simulator& sim, const Request& req, const std::string& pid, const std::string& zone_id,
                         const std::string& id) {
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    if (FindZone(d, pid, zone_id) == nullptr) return ZoneNotFound();
    json* rs = FindRs(d, pid, zone_id, id);
    if (rs == nullptr) return RsNotFound();
    if (rs->value("default", false)) return DnsError(400, "DNS.0317", "The default SOA/NS record sets cannot be deleted.");
    if (rs->value("status", "") == "PENDING_DELETE") return DnsError(400, "DNS.0314", "The record set is already being deleted.");
    rs->erase("_pending");
    (*rs)["status"] = "PENDING_DELETE";
    (*rs)["action"] = "DELETE";
    (*rs)["updated_at"] = DnsTime(now);
    Schedule(*rs, now, kUpdateMs, fail ? json{{"status", "ERROR"}} : json{{"_gone", true}});
    dirty = true;
    return Response::json(202, RsView(*rs, req.base_url).dump());
  });
}

Response ListRecordsets(Simulator& sim, const Request& req, const std::string& pid, const std::string& zone_id) {
  std::string name = req.query_param("name"), type = req.query_param("type"), status = req.query_param("status");
  std::string zone_f = zone_id.empty() ? req.query_param("zone_id") : zone_id;
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    if (!zone_id.empty() && FindZone(d, pid, zone_id) == nullptr) return ZoneNotFound();
    std::vector<const json*> rs;
    for (auto& [id, r] : d.of(kRs)) {
      if (!Owned(r, pid)) continue;
      if (!zone_f.empty() && r.value("zone_id", "") != zone_f) continue;
      if (!name.empty() && !Contains(r.value("name", ""), name)) continue;
      if (!type.empty() && Lower(r.value("type", "")) != Lower(type)) continue;
      if (!status.empty() && r.value("status", "") != status) continue;
      rs.push_back(&r);
    }
    std::sort(rs.begin(), rs.end(), [](const json* a, const json* b) {
      return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) <
             std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
    });
    std::vector<json> items;
    for (const json* r : rs) items.push_back(RsView(*r, req.base_url));
    return Paged(req, items, "recordsets");
  });
}

// ---- Tags ---------------------------------------------------------------------------

Response Tags(Simulator& sim, const Request& req, const std::string& pid, const std::string& rtype,
              const std::string& id, bool action) {
  static const std::set<std::string> kTypes = {"DNS-public_zone", "DNS-private_zone", "DNS-public_recordset",
                                               "DNS-private_recordset"};
  if (!kTypes.count(rtype)) return Bad("resource_type must be one of DNS-public_zone, DNS-private_zone, DNS-public_recordset, DNS-private_recordset.");
  std::optional<json> body;
  if (action) {
    body = ParseBody(req);
    if (!body) return Bad("The request body is not valid JSON.");
    if (!body->contains("action") || ((*body)["action"] != "create" && (*body)["action"] != "delete")) {
      return Bad("action must be create or delete.");
    }
    if (!body->contains("tags") || !(*body)["tags"].is_array()) return Bad("tags must be an array.");
    if (auto e = CheckTags(*body)) return *e;
  }
  bool zone = rtype.find("zone") != std::string::npos;
  std::string want_type = rtype.find("public") != std::string::npos ? "public" : "private";
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    json* obj = nullptr;
    if (zone) {
      obj = FindZone(d, pid, id);
      if (obj == nullptr || obj->value("zone_type", "") != want_type) return ZoneNotFound();
    } else {
      auto& k = d.of(kRs);
      auto it = k.find(id);
      if (it == k.end() || !Owned(it->second, pid)) return RsNotFound();
      json* z = FindZone(d, pid, it->second.value("zone_id", ""));
      if (z == nullptr || z->value("zone_type", "") != want_type) return RsNotFound();
      obj = &it->second;
    }
    json& tags = (*obj)["_tags"];
    if (!tags.is_array()) tags = json::array();
    if (!body) return Response::json(200, json{{"tags", tags}}.dump());
    for (const auto& t : (*body)["tags"]) {
      std::string key = t["key"].get<std::string>();
      json kept = json::array();
      for (const auto& x : tags) {
        if (x.value("key", "") != key) kept.push_back(x);
      }
      if ((*body)["action"] == "create") kept.push_back({{"key", key}, {"value", t.value("value", "")}});
      tags = kept;
    }
    dirty = true;
    return Response::json(204, "");
  });
}

}  // namespace

void RegisterDns(Simulator& sim) {
  sim.AddSweeper(Reap);
  Router& r = sim.router();
  // DNS paths carry no project: the token's project owns the resources.
  auto authed = [&sim](auto fn) {
    return [&sim, fn](const Request& req, const Params& p) -> Response {
      std::string pid(Param(p, "project_id"));
      Identity who;
      if (auto err = sim.Authenticate(req, pid, &who)) return *err;
      if (who.project_id.empty()) return DnsError(401, "DNS.0005", "Authentication required: DNS needs a project-scoped token (or X-Project-Id with AK/SK).");
      return fn(req, p, who.project_id);
    };
  };
  using P = const Params&;
  using S = const std::string&;
  auto zid = [](P p) { return std::string(Param(p, "zone_id")); };
  r.Add("POST", "/v2/zones", authed([&sim](const Request& req, P, S pid) { return CreateZone(sim, req, pid); }));
  r.Add("GET", "/v2/zones", authed([&sim](const Request& req, P, S pid) { return ListZones(sim, req, pid); }));
  r.Add("GET", "/v2/zones/{zone_id}", authed([&sim, zid](const Request& req, P p, S pid) {
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            Reap(d, now, dirty);
            json* z = FindZone(d, pid, zid(p));
            if (z == nullptr) return ZoneNotFound();
            return Response::json(200, ZoneView(d, *z, req.base_url).dump());
          });
        }));
  r.Add("PATCH", "/v2/zones/{zone_id}",
        authed([&sim, zid](const Request& req, P p, S pid) { return UpdateZone(sim, req, pid, zid(p)); }));
  r.Add("DELETE", "/v2/zones/{zone_id}",
        authed([&sim, zid](const Request& req, P p, S pid) { return DeleteZone(sim, req, pid, zid(p)); }));
  r.Add("POST", "/v2/zones/{zone_id}/associaterouter",
        authed([&sim, zid](const Request& req, P p, S pid) { return RouterAssoc(sim, req, pid, zid(p), true); }));
  r.Add("POST", "/v2/zones/{zone_id}/disassociaterouter",
        authed([&sim, zid](const Request& req, P p, S pid) { return RouterAssoc(sim, req, pid, zid(p), false); }));
  r.Add("GET", "/v2/zones/{zone_id}/nameservers", authed([&sim, zid](const Request&, P p, S pid) {
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            Reap(d, now, dirty);
            json* z = FindZone(d, pid, zid(p));
            if (z == nullptr) return ZoneNotFound();
            json ns = json::array();
            if (z->value("zone_type", "") == "public") {
              ns.push_back({{"hostname", kNs1}, {"priority", 1}});
              ns.push_back({{"hostname", kNs2}, {"priority", 2}});
            } else {
              ns.push_back({{"address", "100.125.4.25"}, {"priority", 1}});
              ns.push_back({{"address", "100.125.129.199"}, {"priority", 2}});
            }
            return Response::json(200, json{{"nameservers", ns}}.dump());
          });
        }));
  r.Add("POST", "/v2/zones/{zone_id}/recordsets",
        authed([&sim, zid](const Request& req, P p, S pid) { return CreateRecordset(sim, req, pid, zid(p)); }));
  r.Add("GET", "/v2/zones/{zone_id}/recordsets",
        authed([&sim, zid](const Request& req, P p, S pid) { return ListRecordsets(sim, req, pid, zid(p)); }));
  r.Add("GET", "/v2/recordsets", authed([&sim](const Request& req, P, S pid) { return ListRecordsets(sim, req, pid, ""); }));
  r.Add("GET", "/v2/zones/{zone_id}/recordsets/{id}", authed([&sim, zid](const Request& req, P p, S pid) {
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            Reap(d, now, dirty);
            if (FindZone(d, pid, zid(p)) == nullptr) return ZoneNotFound();
            json* rs = FindRs(d, pid, zid(p), std::string(Param(p, "id")));
            if (rs == nullptr) return RsNotFound();
            return Response::json(200, RsView(*rs, req.base_url).dump());
          });
        }));
  r.Add("PUT", "/v2/zones/{zone_id}/recordsets/{id}", authed([&sim, zid](const Request& req, P p, S pid) {
          return UpdateRecordset(sim, req, pid, zid(p), std::string(Param(p, "id")));
        }));
  r.Add("DELETE", "/v2/zones/{zone_id}/recordsets/{id}", authed([&sim, zid](const Request& req, P p, S pid) {
          return DeleteRecordset(sim, req, pid, zid(p), std::string(Param(p, "id")));
        }));
  r.Add("GET", "/v2/{project_id}/{rtype}/{id}/tags", authed([&sim](const Request& req, P p, S pid) {
          return Tags(sim, req, pid, std::string(Param(p, "rtype")), std::string(Param(p, "id")), false);
        }));
  r.Add("POST", "/v2/{project_id}/{rtype}/{id}/tags/action", authed([&sim](const Request& req, P p, S pid) {
          return Tags(sim, req, pid, std::string(Param(p, "rtype")), std::string(Param(p, "id")), true);
        }));
}

}  // namespace otcsim
