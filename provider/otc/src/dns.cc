#include "otc/dns.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "otc/paginate.h"
#include "otc/signer.h"

namespace otc::dns {
namespace {

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
int64_t Int(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}
std::vector<std::string> Strings(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& s : *it) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

Zone ParseZone(const json& j) {
  Zone z;
  z.id = Str(j, "id");
  z.name = Str(j, "name");
  z.email = Str(j, "email");
  z.description = Str(j, "description");
  z.zone_type = Str(j, "zone_type");
  z.status = Str(j, "status");
  z.pool_id = Str(j, "pool_id");
  z.project_id = Str(j, "project_id");
  z.created_at = Str(j, "created_at");
  z.updated_at = Str(j, "updated_at");
  z.ttl = Int(j, "ttl");
  z.serial = Int(j, "serial");
  z.masters = Strings(j, "masters");
  if (auto it = j.find("routers"); it != j.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_object()) z.routers.push_back({Str(r, "router_id"), Str(r, "router_region"), Str(r, "status")});
    }
  }
  if (auto it = j.find("links"); it != j.end() && it->is_object()) z.self_link = Str(*it, "self");
  return z;
}

RecordSet ParseRecordSet(const json& j) {
  RecordSet r;
  r.id = Str(j, "id");
  r.zone_id = Str(j, "zone_id");
  r.zone_name = Str(j, "zone_name");
  r.name = Str(j, "name");
  r.type = Str(j, "type");
  r.description = Str(j, "description");
  r.status = Str(j, "status");
  r.created_at = Str(j, "created_at");
  r.updated_at = Str(j, "updated_at");
  r.records = Strings(j, "records");
  r.ttl = Int(j, "ttl");
  auto it = j.find("default");
  r.is_default = it != j.end() && it->is_boolean() && it->get<bool>();
  return r;
}

// The JSON object of a 2xx response (DNS answers with the bare object).
Result<json> Body(const Result<Response>& r, const std::string& what) {
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object() || !body.contains("id")) {
    return Error(ErrorKind::kDecode, "the response is not a DNS object with an \"id\"").set_what(what);
  }
  return body;
}

Status NoBody(const Result<Response>& r) {
  if (!r.ok()) return r.error();
  return Status();
}

Request Dns(std::string method, std::string path, std::string what) {
  Request req;
  req.method = std::move(method);
  req.service = "dns";
  req.path = std::move(path);
  req.what = std::move(what);
  return req;
}

std::string Seg(const std::string& id) { return UriEncode(id, false); }

Error EmptyId(const char* noun, const std::string& what) {
  return Error(ErrorKind::kConfig, std::string("empty ") + noun + " id").set_what(what);
}

Result<std::vector<json>> ListRaw(const framework::Context& ctx, Client& c, const std::string& path,
                                  std::vector<std::pair<std::string, std::string>> query, const std::string& key,
                                  const std::string& what) {
  Request req = Dns("GET", path, what);
  req.query = std::move(query);
  return ListAll(ctx, c, req, {PageStyle::kLinksNext, key, 500});
}

// Answers as if the create had returned `hit`, after an ambiguous failure.
Result<std::optional<Response>> Adopt(std::vector<json> hits, const std::string& noun, const std::string& name,
                                      const std::string& what) {
  if (hits.empty()) return std::optional<Response>();
  if (hits.size() > 1) {
    return Error(ErrorKind::kFailed, "after an interrupted create, " + std::to_string(hits.size()) + " " + noun +
                                         "s named " + Quoted(name) + " exist; not guessing which one is ours")
        .set_what(what)
        .set_hint("Delete the duplicates or import the right one.");
  }
  Response r;
  r.status = 202;
  r.body = hits.front().dump();
  return std::optional<Response>(std::move(r));
}

bool IsHostname(std::string_view s, bool allow_underscore_and_wildcard) {
  if (s.empty() || s.size() > 254) return false;
  if (s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  bool first = true;
  while (start <= s.size()) {
    std::size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) dot = s.size();
    std::string_view label = s.substr(start, dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (!(allow_underscore_and_wildcard && first && label == "*")) {
      if (label.front() == '-' || label.back() == '-') return false;
      for (char ch : label) {
        auto u = static_cast<unsigned char>(ch);
        if (!std::isalnum(u) && ch != '-' && !(allow_underscore_and_wildcard && ch == '_')) return false;
      }
    }
    first = false;
    start = dot + 1;
  }
  return true;
}

bool UInt(std::string_view s, long max) {
  if (s.empty() || s.size() > 5) return false;
  long v = 0;
  for (char ch : s) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
    v = v * 10 + (ch - '0');
  }
  return v <= max;
}

std::vector<std::string> Fields(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    std::size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Parses a sequence of "quoted strings" separated by spaces into their
// unescaped contents; nullopt when `v` is not of that form.
std::optional<std::vector<std::string>> QuotedStrings(std::string_view v) {
  std::vector<std::string> out;
  std::size_t i = 0;
  if (v.empty() || v[0] != '"') return std::nullopt;
  while (i < v.size()) {
    if (v[i] == ' ') {
      ++i;
      continue;
    }
    if (v[i] != '"') return std::nullopt;
    ++i;
    std::string cur;
    bool closed = false;
    while (i < v.size()) {
      if (v[i] == '\\' && i + 1 < v.size()) {
        cur += v[i + 1];
        i += 2;
      } else if (v[i] == '"') {
        ++i;
        closed = true;
        break;
      } else {
        cur += v[i++];
      }
    }
    if (!closed) return std::nullopt;
    if (i < v.size() && v[i] != ' ') return std::nullopt;
    out.push_back(std::move(cur));
  }
  return out;
}

}  // namespace

// --- Zones -------------------------------------------------------------------

Result<Zone> CreateZone(const framework::Context& ctx, Client& c, const ZoneCreate& in) {
  std::string what = "creating DNS zone " + Quoted(in.name);
  Request req = Dns("POST", "/v2/zones", what);
  json body = json::object();
  for (const auto& [k, v] : in.extra) body[k] = v;
  body["name"] = in.name;
  body["zone_type"] = in.zone_type;
  if (!in.email.empty()) body["email"] = in.email;
  if (!in.description.empty()) body["description"] = in.description;
  if (in.ttl) body["ttl"] = *in.ttl;
  if (in.router) {
    json r = {{"router_id", in.router->router_id}};
    if (!in.router->router_region.empty()) r["router_region"] = in.router->router_region;
    body["router"] = r;
  }
  req.body = body;
  req.ok_codes = {200, 201, 202};
  const std::string want = NormalizeName(in.name);
  const std::string type = in.zone_type;
  const std::string router_id = in.router ? in.router->router_id : "";
  req.find_existing = [&c, want, type, router_id, what](const framework::Context& x)
      -> Result<std::optional<Response>> {
    auto items = ListRaw(x, c, "/v2/zones", {{"type", type}, {"name", want}}, "zones", "listing DNS zones");
    if (!items.ok()) return items.error();
    std::vector<json> hits;
    for (const auto& z : items.value()) {
      if (NormalizeName(Str(z, "name")) != want) continue;
      if (!router_id.empty()) {
        bool in_vpc = false;
        for (const auto& r : ParseZone(z).routers) in_vpc = in_vpc || r.router_id == router_id;
        if (!in_vpc) continue;
      }
      hits.push_back(z);
    }
    return Adopt(std::move(hits), "DNS zone", want, what);
  };
  auto b = Body(c.Do(ctx, req), what);
  if (!b.ok()) return b.error();
  return ParseZone(b.value());
}

Result<Zone> GetZone(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading DNS zone " + id;
  if (id.empty()) return EmptyId("zone", what);
  auto b = Body(c.Do(ctx, Dns("GET", "/v2/zones/" + Seg(id), what)), what);
  if (!b.ok()) return b.error();
  return ParseZone(b.value());
}

Result<std::vector<Zone>> ListZones(const framework::Context& ctx, Client& c, const ZoneFilter& f) {
  std::vector<std::pair<std::string, std::string>> q = {{"type", f.zone_type}};
  if (!f.name.empty()) q.emplace_back("name", f.name);
  if (!f.status.empty()) q.emplace_back("status", f.status);
  auto items = ListRaw(ctx, c, "/v2/zones", std::move(q), "zones", "listing " + f.zone_type + " DNS zones");
  if (!items.ok()) return items.error();
  std::vector<Zone> out;
  for (const auto& z : items.value()) out.push_back(ParseZone(z));
  return out;
}

Result<Zone> UpdateZone(const framework::Context& ctx, Client& c, const std::string& id, const ZoneUpdate& in) {
  std::string what = "updating DNS zone " + id;
  if (id.empty()) return EmptyId("zone", what);
  Request req = Dns("PATCH", "/v2/zones/" + Seg(id), what);
  json body = json::object();
  if (in.email) body["email"] = *in.email;
  if (in.description) body["description"] = *in.description;
  if (in.ttl) body["ttl"] = *in.ttl;
  req.body = body;
  req.ok_codes = {200, 202};
  auto b = Body(c.Do(ctx, req), what);
  if (!b.ok()) return b.error();
  return ParseZone(b.value());
}

Status DeleteZone(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting DNS zone " + id;
  if (id.empty()) return EmptyId("zone", what);
  Request req = Dns("DELETE", "/v2/zones/" + Seg(id), what);
  req.ok_codes = {200, 202, 204};
  return NoBody(c.Do(ctx, req));
}

Status AssociateRouter(const framework::Context& ctx, Client& c, const std::string& zone_id, const Router& r,
                       bool associate) {
  std::string what = std::string(associate ? "associating" : "disassociating") + " VPC " + r.router_id +
                     (associate ? " with" : " from") + " DNS zone " + zone_id;
  if (zone_id.empty()) return EmptyId("zone", what);
  Request req = Dns("POST",
                    "/v2/zones/" + Seg(zone_id) + (associate ? "/associaterouter" : "/disassociaterouter"), what);
  json router = {{"router_id", r.router_id}};
  if (!r.router_region.empty()) router["router_region"] = r.router_region;
  req.body = json{{"router", router}};
  req.ok_codes = {200, 202};
  // Replaying is safe: the caller reads the zone's routers afterwards, and
  // a repeated (dis)association answers 400 "already" which the caller
  // checks against the zone.
  req.idempotent = true;
  return NoBody(c.Do(ctx, req));
}

// --- Record sets -------------------------------------------------------------

Result<RecordSet> CreateRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id,
                                  const RecordSetCreate& in) {
  std::string what = "creating DNS record set " + Quoted(in.name) + " (" + in.type + ")";
  if (zone_id.empty()) return EmptyId("zone", what);
  const std::string path = "/v2/zones/" + Seg(zone_id) + "/recordsets";
  Request req = Dns("POST", path, what);
  json body = json::object();
  for (const auto& [k, v] : in.extra) body[k] = v;
  body["name"] = in.name;
  body["type"] = in.type;
  body["records"] = in.records;
  if (!in.description.empty()) body["description"] = in.description;
  if (in.ttl) body["ttl"] = *in.ttl;
  req.body = body;
  req.ok_codes = {200, 201, 202};
  const std::string want = NormalizeName(in.name), type = in.type;
  req.find_existing = [&c, path, want, type, what](const framework::Context& x) -> Result<std::optional<Response>> {
    auto items = ListRaw(x, c, path, {{"name", want}, {"type", type}}, "recordsets", "listing DNS record sets");
    if (!items.ok()) return items.error();
    std::vector<json> hits;
    for (const auto& r : items.value()) {
      if (NormalizeName(Str(r, "name")) == want && Str(r, "type") == type) hits.push_back(r);
    }
    return Adopt(std::move(hits), "DNS record set", want, what);
  };
  auto b = Body(c.Do(ctx, req), what);
  if (!b.ok()) return b.error();
  return ParseRecordSet(b.value());
}

Result<RecordSet> GetRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id,
                               const std::string& id) {
  std::string what = "reading DNS record set " + id;
  if (zone_id.empty()) return EmptyId("zone", what);
  if (id.empty()) return EmptyId("record set", what);
  auto b = Body(c.Do(ctx, Dns("GET", "/v2/zones/" + Seg(zone_id) + "/recordsets/" + Seg(id), what)), what);
  if (!b.ok()) return b.error();
  return ParseRecordSet(b.value());
}

Result<std::vector<RecordSet>> ListRecordSets(const framework::Context& ctx, Client& c, const std::string& zone_id,
                                              const std::string& name, const std::string& type) {
  std::string what = "listing the record sets of DNS zone " + zone_id;
  if (zone_id.empty()) return EmptyId("zone", what);
  std::vector<std::pair<std::string, std::string>> q;
  if (!name.empty()) q.emplace_back("name", name);
  if (!type.empty()) q.emplace_back("type", type);
  auto items = ListRaw(ctx, c, "/v2/zones/" + Seg(zone_id) + "/recordsets", std::move(q), "recordsets", what);
  if (!items.ok()) return items.error();
  std::vector<RecordSet> out;
  for (const auto& r : items.value()) out.push_back(ParseRecordSet(r));
  return out;
}

Result<RecordSet> UpdateRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id,
                                  const std::string& id, const RecordSetUpdate& in) {
  std::string what = "updating DNS record set " + id;
  if (zone_id.empty()) return EmptyId("zone", what);
  if (id.empty()) return EmptyId("record set", what);
  Request req = Dns("PUT", "/v2/zones/" + Seg(zone_id) + "/recordsets/" + Seg(id), what);
  json body = {{"records", in.records}};
  if (in.ttl) body["ttl"] = *in.ttl;
  if (in.description) body["description"] = *in.description;
  req.body = body;
  req.ok_codes = {200, 202};
  auto b = Body(c.Do(ctx, req), what);
  if (!b.ok()) return b.error();
  return ParseRecordSet(b.value());
}

Status DeleteRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id, const std::string& id) {
  std::string what = "deleting DNS record set " + id;
  if (zone_id.empty()) return EmptyId("zone", what);
  if (id.empty()) return EmptyId("record set", what);
  Request req = Dns("DELETE", "/v2/zones/" + Seg(zone_id) + "/recordsets/" + Seg(id), what);
  req.ok_codes = {200, 202, 204};
  return NoBody(c.Do(ctx, req));
}

// --- Tags ----------------------------------------------------------------------

std::string TagResourceType(std::string_view zone_type, bool recordset) {
  return std::string("DNS-") + (zone_type == "private" ? "private" : "public") +
         (recordset ? "_recordset" : "_zone");
}

namespace {
Result<std::string> TagsPath(const framework::Context& ctx, Client& c, const std::string& rtype,
                             const std::string& id, const std::string& what) {
  if (id.empty()) return EmptyId("DNS object", what);
  auto pid = c.ProjectId(ctx);
  if (!pid.ok()) return Error(pid.error()).set_what(what);
  return "/v2/" + pid.value() + "/" + rtype + "/" + Seg(id) + "/tags";
}

Status TagAction(const framework::Context& ctx, Client& c, const std::string& path, const char* action,
                 const std::map<std::string, std::string>& tags, const std::string& what) {
  Request req = Dns("POST", path + "/action", what);
  json list = json::array();
  for (const auto& [k, v] : tags) list.push_back({{"key", k}, {"value", v}});
  req.body = json{{"action", action}, {"tags", list}};
  req.ok_codes = {200, 204};
  req.idempotent = true;  // create/delete of a tag set is a set operation
  return NoBody(c.Do(ctx, req));
}
}  // namespace

Result<std::map<std::string, std::string>> GetTags(const framework::Context& ctx, Client& c,
                                                   const std::string& resource_type, const std::string& id) {
  std::string what = "reading the tags of " + resource_type + " " + id;
  auto path = TagsPath(ctx, c, resource_type, id, what);
  if (!path.ok()) return path.error();
  Request req = Dns("GET", path.value(), what);
  req.ok_codes = {200, 202};
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object() || !body.contains("tags") || !body["tags"].is_array()) {
    return Error(ErrorKind::kDecode, "the response has no \"tags\" list").set_what(what);
  }
  std::map<std::string, std::string> out;
  for (const auto& t : body["tags"]) {
    if (!t.is_object() || !t.contains("key") || !t["key"].is_string()) continue;
    out[t["key"].get<std::string>()] = Str(t, "value");
  }
  return out;
}

Status SetTags(const framework::Context& ctx, Client& c, const std::string& resource_type, const std::string& id,
               const std::map<std::string, std::string>& have, const std::map<std::string, std::string>& want) {
  if (have == want) return Status();
  std::string what = "updating the tags of " + resource_type + " " + id;
  auto path = TagsPath(ctx, c, resource_type, id, what);
  if (!path.ok()) return path.error();
  std::map<std::string, std::string> remove, add;
  for (const auto& [k, v] : have) {
    if (!want.count(k)) remove.emplace(k, v);
  }
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || it->second != v) add.emplace(k, v);
  }
  if (!remove.empty()) {
    auto s = TagAction(ctx, c, path.value(), "delete", remove, what);
    if (!s.ok()) return s;
  }
  if (!add.empty()) return TagAction(ctx, c, path.value(), "create", add, what);
  return Status();
}

std::string StatusWord(std::string_view status) {
  return std::string(status.substr(0, status.find('_')));
}

// --- Names and records -------------------------------------------------------

std::string NormalizeName(std::string_view name) {
  std::string out;
  for (char ch : name) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  while (!out.empty() && out.back() == '.') out.pop_back();
  if (out.empty()) return "";
  return out + ".";
}

bool NameInZone(std::string_view name, std::string_view zone) {
  std::string n = NormalizeName(name), z = NormalizeName(zone);
  if (n.empty() || z.empty()) return false;
  if (n == z) return true;
  return n.size() > z.size() && n.compare(n.size() - z.size(), z.size(), z) == 0 && n[n.size() - z.size() - 1] == '.';
}

std::string QuoteTxt(std::string_view value) {
  if (QuotedStrings(value)) return std::string(value);
  std::string out;
  std::size_t i = 0;
  do {
    std::string_view chunk = value.substr(i, 255);
    if (!out.empty()) out += ' ';
    out += '"';
    for (char ch : chunk) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
    i += 255;
  } while (i < value.size());
  return out;
}

std::string UnquoteTxt(std::string_view value) {
  auto parts = QuotedStrings(value);
  if (!parts) return std::string(value);
  std::string out;
  for (const auto& p : *parts) out += p;
  return out;
}

bool ValidDomainName(std::string_view name, bool record) { return IsHostname(name, record); }

const std::vector<std::string>& RecordTypes() {
  static const std::vector<std::string> kTypes = {"A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"};
  return kTypes;
}

std::string RecordProblem(std::string_view type, std::string_view value) {
  const std::string v(value);
  auto bad = [&](const std::string& want) {
    return "\"" + v.substr(0, 80) + "\" is not a valid " + std::string(type) + " record: expected " + want + ".";
  };
  if (v.empty()) return "a record must not be empty.";
  if (type == "A") {
    in_addr a{};
    return inet_pton(AF_INET, v.c_str(), &a) == 1 ? "" : bad("an IPv4 address such as 192.0.2.10");
  }
  if (type == "AAAA") {
    in6_addr a{};
    return inet_pton(AF_INET6, v.c_str(), &a) == 1 ? "" : bad("an IPv6 address such as 2001:db8::1");
  }
  if (type == "CNAME" || type == "NS" || type == "PTR") {
    return IsHostname(v, false) ? "" : bad("a domain name such as host.example.com.");
  }
  auto f = Fields(v);
  if (type == "MX") {
    return f.size() == 2 && UInt(f[0], 65535) && IsHostname(f[1], false)
               ? ""
               : bad("\"<preference 0-65535> <mail server>\" such as \"10 mail.example.com.\"");
  }
  if (type == "SRV") {
    return f.size() == 4 && UInt(f[0], 65535) && UInt(f[1], 65535) && UInt(f[2], 65535) && IsHostname(f[3], false)
               ? ""
               : bad("\"<priority> <weight> <port> <target>\" such as \"10 5 5060 sip.example.com.\"");
  }
  if (type == "CAA") {
    const std::string form = "\"<flags 0-255> issue|issuewild|iodef \\\"<value>\\\"\" such as \"0 issue \\\"ca.example.net\\\"\"";
    if (f.size() < 3 || !UInt(f[0], 255) || (f[1] != "issue" && f[1] != "issuewild" && f[1] != "iodef")) {
      return bad(form);
    }
    std::size_t at = v.find(f[1], f[0].size()) + f[1].size();
    std::string rest = v.substr(at);
    rest.erase(0, rest.find_first_not_of(' '));
    return rest.size() >= 2 && rest.front() == '"' && rest.back() == '"' ? "" : bad(form + " (the value in quotes)");
  }
  if (type == "TXT") {
    if (v.size() > 4000) return bad("at most 4000 characters");
    if (v.front() == '"' && !QuotedStrings(v)) {
      return bad("plain text, or a sequence of complete \"quoted strings\"");
    }
    auto parts = QuotedStrings(QuoteTxt(v));
    for (const auto& p : parts.value_or(std::vector<std::string>{})) {
      if (p.size() > 255) return bad("quoted strings of at most 255 characters each");
    }
    return "";
  }
  return "unsupported record type \"" + std::string(type) + "\".";
}

}  // namespace otc::dns
