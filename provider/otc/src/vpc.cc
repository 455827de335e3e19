#include "otc/vpc.h"

#include <cctype>

#include "otc/paginate.h"
#include "otc/signer.h"

namespace otc::vpc {
namespace {

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
bool Bool(const json& j, const char* key, bool def) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() ? it->get<bool>() : def;
}
std::optional<int> OptInt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it != j.end() && it->is_number_integer()) return it->get<int>();
  return std::nullopt;
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

Result<std::string> V1Path(const framework::Context& ctx, Client& c, const std::string& rest) {
  auto pid = c.ProjectId(ctx);
  if (!pid.ok()) return pid.error();
  return "/v1/" + pid.value() + rest;
}

// The request path of one item: "/v1/{project}/COLL/ID" (VPC v1) or
// "/v2.0/COLL/ID" (Neutron). An empty id is a configuration error.
Result<std::string> ItemPath(const framework::Context& ctx, Client& c, bool v1, const std::string& coll,
                             const std::string& id, const char* noun, const std::string& what) {
  if (id.empty()) return Error(ErrorKind::kConfig, std::string("empty ") + noun + " id").set_what(what);
  std::string rest = "/" + coll + "/" + UriEncode(id, false);
  if (!v1) return "/v2.0" + rest;
  auto path = V1Path(ctx, c, rest);
  if (!path.ok()) return Error(path.error()).set_what(what);
  return path;
}

// GET `path`; the object under `member` of the answer.
Result<json> GetItem(const framework::Context& ctx, Client& c, const Result<std::string>& path, const char* member,
                     const std::string& what) {
  if (!path.ok()) return path.error();
  Request req;
  req.service = "network";
  req.path = path.value();
  req.what = what;
  return Member(c.Do(ctx, req), member, what);
}

// GET of one item, parsed into T; errors say "reading NOUN ID".
template <typename T>
Result<T> GetParsed(const framework::Context& ctx, Client& c, bool v1, const char* coll, const std::string& id,
                    const char* noun, const char* member, T (*parse)(const json&)) {
  std::string what = std::string("reading ") + noun + " " + id;
  auto m = GetItem(ctx, c, ItemPath(ctx, c, v1, coll, id, noun, what), member, what);
  if (!m.ok()) return m.error();
  return parse(m.value());
}

// DELETE `path`; `ok_codes` are the statuses the API answers on success.
Status DeleteItem(const framework::Context& ctx, Client& c, const Result<std::string>& path,
                  std::vector<int> ok_codes, const std::string& what) {
  if (!path.ok()) return path.error();
  Request req;
  req.method = "DELETE";
  req.service = "network";
  req.path = path.value();
  req.ok_codes = std::move(ok_codes);
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

Vpc ParseVpc(const json& j) {
  return Vpc{Str(j, "id"), Str(j, "name"), Str(j, "cidr"), Str(j, "description"), Str(j, "status"),
             Bool(j, "enable_shared_snat", false)};
}

Subnet ParseSubnet(const json& j) {
  Subnet s;
  s.id = Str(j, "id");
  s.name = Str(j, "name");
  s.description = Str(j, "description");
  s.cidr = Str(j, "cidr");
  s.gateway_ip = Str(j, "gateway_ip");
  s.vpc_id = Str(j, "vpc_id");
  s.status = Str(j, "status");
  s.availability_zone = Str(j, "availability_zone");
  s.primary_dns = Str(j, "primary_dns");
  s.secondary_dns = Str(j, "secondary_dns");
  s.neutron_network_id = Str(j, "neutron_network_id");
  s.neutron_subnet_id = Str(j, "neutron_subnet_id");
  s.dhcp_enable = Bool(j, "dhcp_enable", true);
  s.ipv6_enable = Bool(j, "ipv6_enable", false);
  s.cidr_v6 = Str(j, "cidr_v6");
  s.gateway_ip_v6 = Str(j, "gateway_ip_v6");
  s.neutron_subnet_id_v6 = Str(j, "neutron_subnet_id_v6");
  if (auto it = j.find("dnsList"); it != j.end() && it->is_array()) {
    for (const auto& d : *it) {
      if (d.is_string()) s.dns_list.push_back(d.get<std::string>());
    }
  }
  return s;
}

SecurityGroupRule ParseRule(const json& j) {
  SecurityGroupRule r;
  r.id = Str(j, "id");
  r.direction = Str(j, "direction");
  r.ethertype = Str(j, "ethertype");
  r.security_group_id = Str(j, "security_group_id");
  r.protocol = Str(j, "protocol");
  r.remote_ip_prefix = Str(j, "remote_ip_prefix");
  r.remote_group_id = Str(j, "remote_group_id");
  r.description = Str(j, "description");
  r.port_range_min = OptInt(j, "port_range_min");
  r.port_range_max = OptInt(j, "port_range_max");
  r.tenant_id = Str(j, "tenant_id");
  if (r.tenant_id.empty()) r.tenant_id = Str(j, "project_id");
  return r;
}

SecurityGroup ParseGroup(const json& j) {
  SecurityGroup g;
  g.id = Str(j, "id");
  g.name = Str(j, "name");
  g.description = Str(j, "description");
  g.project_id = Str(j, "project_id");
  if (g.project_id.empty()) g.project_id = Str(j, "tenant_id");
  if (auto it = j.find("security_group_rules"); it != j.end() && it->is_array()) {
    for (const auto& r : *it) g.rules.push_back(ParseRule(r));
  }
  return g;
}

Eip ParseEip(const json& j) {
  Eip e;
  e.id = Str(j, "id");
  e.status = Str(j, "status");
  e.type = Str(j, "type");
  e.public_ip_address = Str(j, "public_ip_address");
  e.private_ip_address = Str(j, "private_ip_address");
  e.port_id = Str(j, "port_id");
  e.bandwidth_id = Str(j, "bandwidth_id");
  e.alias = Str(j, "alias");
  e.bandwidth_share_type = Str(j, "bandwidth_share_type");
  e.bandwidth_name = Str(j, "bandwidth_name");
  e.create_time = Str(j, "create_time");
  e.bandwidth_size = OptInt(j, "bandwidth_size").value_or(0);
  e.ip_version = OptInt(j, "ip_version").value_or(4);
  return e;
}

// A find-existing callback: lists with `list` and, when exactly one item
// has name `name`, answers as if the create had returned it (wrapped in
// `key`). Several matches are an error: adopting one could take over an
// object this run did not create.
template <typename ListFn>
FindExisting FindByName(ListFn list, std::string key, std::string name, std::string name_field, std::string what) {
  return [=](const framework::Context& ctx) -> Result<std::optional<Response>> {
    auto items = list(ctx);
    if (!items.ok()) return items.error();
    std::vector<json> hits;
    for (const auto& it : items.value()) {
      if (Str(it, name_field.c_str()) == name) hits.push_back(it);
    }
    if (hits.empty()) return std::optional<Response>();
    if (hits.size() > 1) {
      return Error(ErrorKind::kFailed, "after an interrupted create, " + std::to_string(hits.size()) +
                                           " objects named " + Quoted(name) + " exist; not guessing which one is ours")
          .set_what(what)
          .set_hint("Delete the duplicates or import the right one.");
    }
    Response r;
    r.status = 200;
    r.body = json{{key, hits.front()}}.dump();
    return std::optional<Response>(std::move(r));
  };
}

Result<std::vector<json>> ListRaw(const framework::Context& ctx, Client& c, const std::string& path,
                                  std::vector<std::pair<std::string, std::string>> query, const std::string& items,
                                  const std::string& what) {
  Request req;
  req.service = "network";
  req.path = path;
  req.query = std::move(query);
  req.what = what;
  return ListAll(ctx, c, req, {PageStyle::kLinks, items, 0});
}

}  // namespace

// --- VPC -------------------------------------------------------------------

Result<Vpc> CreateVpc(const framework::Context& ctx, Client& c, const VpcCreate& in) {
  std::string what = "creating VPC " + Quoted(in.name);
  auto path = V1Path(ctx, c, "/vpcs");
  if (!path.ok()) return Error(path.error()).set_what(what);
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = path.value();
  json vpc = {{"name", in.name}, {"cidr", in.cidr}};
  if (!in.description.empty()) vpc["description"] = in.description;
  req.body = json{{"vpc", vpc}};
  req.ok_codes = {200};
  req.what = what;
  std::string list_path = path.value();
  req.find_existing = FindByName(
      [&c, list_path](const framework::Context& x) { return ListRaw(x, c, list_path, {}, "vpcs", "listing VPCs"); },
      "vpc", in.name, "name", what);
  auto m = Member(c.Do(ctx, req), "vpc", what);
  if (!m.ok()) return m.error();
  return ParseVpc(m.value());
}

Result<Vpc> GetVpc(const framework::Context& ctx, Client& c, const std::string& id) {
  return GetParsed(ctx, c, true, "vpcs", id, "VPC", "vpc", ParseVpc);
}

Result<std::vector<Vpc>> ListVpcs(const framework::Context& ctx, Client& c) {
  auto path = V1Path(ctx, c, "/vpcs");
  if (!path.ok()) return path.error();
  auto items = ListRaw(ctx, c, path.value(), {}, "vpcs", "listing VPCs");
  if (!items.ok()) return items.error();
  std::vector<Vpc> out;
  for (const auto& j : items.value()) out.push_back(ParseVpc(j));
  return out;
}

Result<Vpc> UpdateVpc(const framework::Context& ctx, Client& c, const std::string& id, const VpcUpdate& in) {
  std::string what = "updating VPC " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty VPC id").set_what(what);
  auto path = V1Path(ctx, c, "/vpcs/" + UriEncode(id, false));
  if (!path.ok()) return Error(path.error()).set_what(what);
  json vpc = json::object();
  if (in.name) vpc["name"] = *in.name;
  if (in.cidr) vpc["cidr"] = *in.cidr;
  if (in.description) vpc["description"] = *in.description;
  if (in.enable_shared_snat) vpc["enable_shared_snat"] = *in.enable_shared_snat;
  Request req;
  req.method = "PUT";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"vpc", vpc}};
  req.ok_codes = {200};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "vpc", what);
  if (!m.ok()) return m.error();
  return ParseVpc(m.value());
}

Status DeleteVpc(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting VPC " + id;
  return DeleteItem(ctx, c, ItemPath(ctx, c, true, "vpcs", id, "VPC", what), {200, 202, 204}, what);
}

// --- Subnets ---------------------------------------------------------------

Result<Subnet> CreateSubnet(const framework::Context& ctx, Client& c, const SubnetCreate& in) {
  std::string what = "creating subnet " + Quoted(in.name);
  if (in.vpc_id.empty()) return Error(ErrorKind::kConfig, "empty vpc_id").set_what(what);
  auto path = V1Path(ctx, c, "/subnets");
  if (!path.ok()) return Error(path.error()).set_what(what);
  json s = {{"name", in.name}, {"cidr", in.cidr}, {"gateway_ip", in.gateway_ip}, {"vpc_id", in.vpc_id},
            {"dhcp_enable", in.dhcp_enable}};
  if (!in.description.empty()) s["description"] = in.description;
  if (!in.availability_zone.empty()) s["availability_zone"] = in.availability_zone;
  if (!in.primary_dns.empty()) s["primary_dns"] = in.primary_dns;
  if (!in.secondary_dns.empty()) s["secondary_dns"] = in.secondary_dns;
  if (!in.dns_list.empty()) s["dnsList"] = in.dns_list;
  if (in.ipv6_enable) s["ipv6_enable"] = true;
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"subnet", s}};
  req.ok_codes = {200};
  req.what = what;
  std::string list_path = path.value();
  std::string vpc_id = in.vpc_id;
  req.find_existing = FindByName(
      [&c, list_path, vpc_id](const framework::Context& x) {
        return ListRaw(x, c, list_path, {{"vpc_id", vpc_id}}, "subnets", "listing subnets");
      },
      "subnet", in.name, "name", what);
  auto m = Member(c.Do(ctx, req), "subnet", what);
  if (!m.ok()) return m.error();
  return ParseSubnet(m.value());
}

Result<Subnet> GetSubnet(const framework::Context& ctx, Client& c, const std::string& id) {
  return GetParsed(ctx, c, true, "subnets", id, "subnet", "subnet", ParseSubnet);
}

Result<std::vector<Subnet>> ListSubnets(const framework::Context& ctx, Client& c, const std::string& vpc_id) {
  auto path = V1Path(ctx, c, "/subnets");
  if (!path.ok()) return path.error();
  std::vector<std::pair<std::string, std::string>> q;
  if (!vpc_id.empty()) q.emplace_back("vpc_id", vpc_id);
  auto items = ListRaw(ctx, c, path.value(), q, "subnets", "listing subnets");
  if (!items.ok()) return items.error();
  std::vector<Subnet> out;
  for (const auto& j : items.value()) {
    Subnet s = ParseSubnet(j);
    if (vpc_id.empty() || s.vpc_id == vpc_id) out.push_back(std::move(s));  // the SDK filters client-side too
  }
  return out;
}

Status UpdateSubnet(const framework::Context& ctx, Client& c, const std::string& vpc_id, const std::string& id,
                    const SubnetUpdate& in) {
  std::string what = "updating subnet " + id;
  if (id.empty() || vpc_id.empty()) return Error(ErrorKind::kConfig, "empty subnet or VPC id").set_what(what);
  auto path = V1Path(ctx, c, "/vpcs/" + UriEncode(vpc_id, false) + "/subnets/" + UriEncode(id, false));
  if (!path.ok()) return Error(path.error()).set_what(what);
  json s = {{"name", in.name}};
  if (in.description) s["description"] = *in.description;
  if (in.primary_dns) s["primary_dns"] = *in.primary_dns;
  if (in.secondary_dns) s["secondary_dns"] = *in.secondary_dns;
  if (in.dns_list) s["dnsList"] = *in.dns_list;
  if (in.dhcp_enable) s["dhcp_enable"] = *in.dhcp_enable;
  if (in.ipv6_enable) s["ipv6_enable"] = *in.ipv6_enable;
  Request req;
  req.method = "PUT";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"subnet", s}};
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

Status DeleteSubnet(const framework::Context& ctx, Client& c, const std::string& vpc_id, const std::string& id) {
  std::string what = "deleting subnet " + id;
  if (id.empty() || vpc_id.empty()) return Error(ErrorKind::kConfig, "empty subnet or VPC id").set_what(what);
  auto path = V1Path(ctx, c, "/vpcs/" + UriEncode(vpc_id, false) + "/subnets/" + UriEncode(id, false));
  if (!path.ok()) return Error(path.error()).set_what(what);
  Request req;
  req.method = "DELETE";
  req.service = "network";
  req.path = path.value();
  req.ok_codes = {200, 202, 204};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

// --- Security groups (Neutron) --------------------------------------------

Result<SecurityGroup> CreateSecurityGroup(const framework::Context& ctx, Client& c, const std::string& name,
                                          const std::string& description, const std::string& tenant_id) {
  std::string what = "creating security group " + Quoted(name);
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = "/v2.0/security-groups";
  json g = {{"name", name}};
  if (!description.empty()) g["description"] = description;
  if (!tenant_id.empty()) g["tenant_id"] = tenant_id;
  req.body = json{{"security_group", g}};
  req.ok_codes = {201};
  req.what = what;
  req.find_existing = FindByName(
      [&c, name](const framework::Context& x) {
        return ListRaw(x, c, "/v2.0/security-groups", {{"name", name}}, "security_groups",
                       "listing security groups");
      },
      "security_group", name, "name", what);
  auto m = Member(c.Do(ctx, req), "security_group", what);
  if (!m.ok()) return m.error();
  return ParseGroup(m.value());
}

Result<SecurityGroup> GetSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id) {
  return GetParsed(ctx, c, false, "security-groups", id, "security group", "security_group", ParseGroup);
}

Result<std::vector<SecurityGroup>> ListSecurityGroups(const framework::Context& ctx, Client& c,
                                                      const std::string& name) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!name.empty()) q.emplace_back("name", name);
  auto items = ListRaw(ctx, c, "/v2.0/security-groups", q, "security_groups", "listing security groups");
  if (!items.ok()) return items.error();
  std::vector<SecurityGroup> out;
  for (const auto& j : items.value()) {
    SecurityGroup g = ParseGroup(j);
    if (name.empty() || g.name == name) out.push_back(std::move(g));
  }
  return out;
}

Result<SecurityGroup> UpdateSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id,
                                          const std::optional<std::string>& name,
                                          const std::optional<std::string>& description) {
  std::string what = "updating security group " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty security group id").set_what(what);
  json g = json::object();
  if (name) g["name"] = *name;
  if (description) g["description"] = *description;
  Request req;
  req.method = "PUT";
  req.service = "network";
  req.path = "/v2.0/security-groups/" + UriEncode(id, false);
  req.body = json{{"security_group", g}};
  req.ok_codes = {200};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "security_group", what);
  if (!m.ok()) return m.error();
  return ParseGroup(m.value());
}

Status DeleteSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting security group " + id;
  return DeleteItem(ctx, c, ItemPath(ctx, c, false, "security-groups", id, "security group", what), {204}, what);
}

Result<std::vector<SecurityGroupRule>> ListSecurityGroupRules(const framework::Context& ctx, Client& c,
                                                              const std::string& security_group_id) {
  std::string what = "listing the rules of security group " + security_group_id;
  if (security_group_id.empty()) return Error(ErrorKind::kConfig, "empty security group id").set_what(what);
  auto items = ListRaw(ctx, c, "/v2.0/security-group-rules", {{"security_group_id", security_group_id}},
                       "security_group_rules", what);
  if (!items.ok()) return items.error();
  std::vector<SecurityGroupRule> out;
  for (const auto& j : items.value()) {
    SecurityGroupRule r = ParseRule(j);
    if (r.security_group_id == security_group_id) out.push_back(std::move(r));
  }
  return out;
}

namespace {

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Neutron's duplicate-rule key (api.md 2.6): two rules equal here cannot
// both exist in one group.
bool SameRule(const SecurityGroupRule& a, const SecurityGroupRule& b) {
  return a.direction == b.direction && a.ethertype == b.ethertype && Lower(a.protocol) == Lower(b.protocol) &&
         a.port_range_min == b.port_range_min && a.port_range_max == b.port_range_max &&
         Lower(a.remote_ip_prefix) == Lower(b.remote_ip_prefix) && a.remote_group_id == b.remote_group_id;
}

}  // namespace

Result<SecurityGroupRule> CreateSecurityGroupRule(const framework::Context& ctx, Client& c,
                                                  const SecurityGroupRule& in) {
  std::string what = "creating a rule in security group " + in.security_group_id;
  if (in.security_group_id.empty()) return Error(ErrorKind::kConfig, "empty security_group_id").set_what(what);
  json r = {{"direction", in.direction}, {"ethertype", in.ethertype}, {"security_group_id", in.security_group_id}};
  if (!in.protocol.empty()) r["protocol"] = in.protocol;
  if (in.port_range_min) r["port_range_min"] = *in.port_range_min;
  if (in.port_range_max) r["port_range_max"] = *in.port_range_max;
  if (!in.remote_ip_prefix.empty()) r["remote_ip_prefix"] = in.remote_ip_prefix;
  if (!in.remote_group_id.empty()) r["remote_group_id"] = in.remote_group_id;
  if (!in.description.empty()) r["description"] = in.description;
  if (!in.tenant_id.empty()) r["tenant_id"] = in.tenant_id;
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = "/v2.0/security-group-rules";
  req.body = json{{"security_group_rule", r}};
  req.ok_codes = {201};
  req.what = what;
  req.find_existing = [&c, in, what](const framework::Context& x) -> Result<std::optional<Response>> {
    auto items = ListRaw(x, c, "/v2.0/security-group-rules", {{"security_group_id", in.security_group_id}},
                         "security_group_rules", "listing the rules of security group " + in.security_group_id);
    if (!items.ok()) return items.error();
    for (const auto& j : items.value()) {
      SecurityGroupRule have = ParseRule(j);
      // A rule that differs only in its description is someone else's:
      // the replayed create then fails with 409, which is reported.
      if (have.security_group_id == in.security_group_id && SameRule(have, in) &&
          have.description == in.description) {
        Response resp;
        resp.status = 201;
        resp.body = json{{"security_group_rule", j}}.dump();
        return std::optional<Response>(std::move(resp));
      }
    }
    return std::optional<Response>();
  };
  auto m = Member(c.Do(ctx, req), "security_group_rule", what);
  if (!m.ok()) return m.error();
  return ParseRule(m.value());
}

Result<SecurityGroupRule> GetSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id) {
  return GetParsed(ctx, c, false, "security-group-rules", id, "security group rule", "security_group_rule", ParseRule);
}

Status DeleteSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting security group rule " + id;
  return DeleteItem(ctx, c, ItemPath(ctx, c, false, "security-group-rules", id, "rule", what), {204}, what);
}

// --- EIPs ------------------------------------------------------------------

Result<Eip> CreateEip(const framework::Context& ctx, Client& c, const EipCreate& in) {
  std::string what = "creating EIP" + (in.alias.empty() ? std::string() : " " + Quoted(in.alias)) +
                     (in.bandwidth_name.empty() ? std::string() : " (bandwidth " + Quoted(in.bandwidth_name) + ")");
  auto path = V1Path(ctx, c, "/publicips");
  if (!path.ok()) return Error(path.error()).set_what(what);
  json ip = {{"type", in.type}};
  if (!in.alias.empty()) ip["alias"] = in.alias;
  if (!in.ip_address.empty()) ip["ip_address"] = in.ip_address;
  if (in.ip_version != 0) ip["ip_version"] = in.ip_version;
  json bw = {{"share_type", in.share_type}};
  if (in.share_type == "WHOLE") {
    bw["id"] = in.bandwidth_id;
  } else {
    bw["name"] = in.bandwidth_name.empty() ? in.alias : in.bandwidth_name;
    bw["size"] = in.bandwidth_size;
  }
  if (!in.charge_mode.empty()) bw["charge_mode"] = in.charge_mode;
  json body = json::object();
  for (const auto& [k, v] : in.extra) body[k] = v;
  body["publicip"] = ip;
  body["bandwidth"] = bw;
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = path.value();
  req.body = body;
  req.ok_codes = {200};
  req.what = what;
  const bool whole = in.share_type == "WHOLE";
  if (!whole || !in.alias.empty()) {
    // The EIP this create would have made: same type and alias, and its
    // own bandwidth by name (PER) or the shared one by id (WHOLE).
    std::string list_path = path.value();
    EipCreate key = in;
    req.find_existing = [&c, list_path, key, whole, what](const framework::Context& x)
        -> Result<std::optional<Response>> {
      auto items = ListRaw(x, c, list_path, {}, "publicips", "listing EIPs");
      if (!items.ok()) return items.error();
      std::vector<json> hits;
      for (const auto& j : items.value()) {
        Eip e = ParseEip(j);
        if (e.type != key.type || e.alias != key.alias) continue;
        if (whole ? e.bandwidth_id != key.bandwidth_id
                  : (e.bandwidth_share_type != "PER" || e.bandwidth_name != key.bandwidth_name)) {
          continue;
        }
        if (!key.ip_address.empty() && e.public_ip_address != key.ip_address) continue;
        hits.push_back(j);
      }
      if (hits.empty()) return std::optional<Response>();
      if (hits.size() > 1) {
        return Error(ErrorKind::kFailed, "after an interrupted create, " + std::to_string(hits.size()) +
                                             " EIPs with the same type, alias and bandwidth exist; not guessing "
                                             "which one is ours")
            .set_what(what)
            .set_hint("Give the EIP a unique publicip.name or bandwidth.name, delete the extra EIPs or import "
                      "the right one.");
      }
      Response r;
      r.status = 200;
      r.body = json{{"publicip", hits.front()}}.dump();
      return std::optional<Response>(std::move(r));
    };
  }
  auto m = Member(c.Do(ctx, req), "publicip", what);
  if (!m.ok()) return m.error();
  return ParseEip(m.value());
}

Result<Eip> GetEip(const framework::Context& ctx, Client& c, const std::string& id) {
  return GetParsed(ctx, c, true, "publicips", id, "EIP", "publicip", ParseEip);
}

Result<std::vector<Eip>> ListEips(const framework::Context& ctx, Client& c) {
  auto path = V1Path(ctx, c, "/publicips");
  if (!path.ok()) return path.error();
  auto items = ListRaw(ctx, c, path.value(), {}, "publicips", "listing EIPs");
  if (!items.ok()) return items.error();
  std::vector<Eip> out;
  for (const auto& j : items.value()) out.push_back(ParseEip(j));
  return out;
}

Result<Eip> UpdateEipPort(const framework::Context& ctx, Client& c, const std::string& id,
                          const std::string& port_id) {
  std::string what = (port_id.empty() ? "unbinding EIP " : "binding EIP ") + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty EIP id").set_what(what);
  auto path = V1Path(ctx, c, "/publicips/" + UriEncode(id, false));
  if (!path.ok()) return Error(path.error()).set_what(what);
  Request req;
  req.method = "PUT";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"publicip", {{"port_id", port_id.empty() ? json(nullptr) : json(port_id)}}}};
  req.ok_codes = {200};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "publicip", what);
  if (!m.ok()) return m.error();
  return ParseEip(m.value());
}

Result<Eip> UpdateEipAlias(const framework::Context& ctx, Client& c, const std::string& id,
                           const std::string& alias) {
  std::string what = "renaming EIP " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty EIP id").set_what(what);
  auto path = V1Path(ctx, c, "/publicips/" + UriEncode(id, false));
  if (!path.ok()) return Error(path.error()).set_what(what);
  Request req;
  req.method = "PUT";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"publicip", {{"alias", alias}}}};
  req.ok_codes = {200};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "publicip", what);
  if (!m.ok()) return m.error();
  return ParseEip(m.value());
}

Status DeleteEip(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting EIP " + id;
  return DeleteItem(ctx, c, ItemPath(ctx, c, true, "publicips", id, "EIP", what), {200, 202, 204}, what);
}

// --- Bandwidths ------------------------------------------------------------

namespace {

Bandwidth ParseBandwidth(const json& j) {
  Bandwidth b;
  b.id = Str(j, "id");
  b.name = Str(j, "name");
  b.share_type = Str(j, "share_type");
  b.charge_mode = Str(j, "charge_mode");
  b.bandwidth_type = Str(j, "bandwidth_type");
  b.status = Str(j, "status");
  b.size = OptInt(j, "size").value_or(0);
  if (auto it = j.find("publicip_info"); it != j.end() && it->is_array()) {
    for (const auto& p : *it) {
      if (p.is_object()) b.publicip_ids.push_back(Str(p, "publicip_id"));
    }
  }
  return b;
}

}  // namespace

Result<Bandwidth> GetBandwidth(const framework::Context& ctx, Client& c, const std::string& id) {
  return GetParsed(ctx, c, true, "bandwidths", id, "bandwidth", "bandwidth", ParseBandwidth);
}

Result<Bandwidth> UpdateBandwidth(const framework::Context& ctx, Client& c, const std::string& id,
                                  const std::optional<std::string>& name, const std::optional<int>& size) {
  std::string what = "updating bandwidth " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty bandwidth id").set_what(what);
  auto path = V1Path(ctx, c, "/bandwidths/" + UriEncode(id, false));
  if (!path.ok()) return Error(path.error()).set_what(what);
  json b = json::object();
  if (name) b["name"] = *name;
  if (size) b["size"] = *size;
  Request req;
  req.method = "PUT";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"bandwidth", b}};
  req.ok_codes = {200};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "bandwidth", what);
  if (!m.ok()) return m.error();
  return ParseBandwidth(m.value());
}

// --- VPC v3 secondary CIDRs ----------------------------------------------------

namespace {

// ".../v3/{pid}/vpc/vpcs/{id}" as an absolute URL.
Result<std::string> V3VpcUrl(const framework::Context& ctx, Client& c, const std::string& id,
                             const std::string& what) {
  if (id.empty()) return Error(ErrorKind::kConfig, "empty VPC id").set_what(what);
  std::string base;
  auto vpc_ep = c.Endpoint(ctx, "vpc");
  if (vpc_ep.ok()) {
    base = vpc_ep.value();
    if (auto pos = base.find("v1"); pos != std::string::npos) base.replace(pos, 2, "v3");
  } else {
    auto net = c.Endpoint(ctx, "network");
    if (!net.ok()) return Error(net.error()).set_what(what);
    auto pid = c.ProjectId(ctx);
    if (!pid.ok()) return Error(pid.error()).set_what(what);
    base = net.value() + "/v3/" + pid.value();
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/vpc/vpcs/" + UriEncode(id, false);
}

VpcV3 ParseVpcV3(const json& j) {
  VpcV3 v;
  v.id = Str(j, "id");
  v.name = Str(j, "name");
  v.cidr = Str(j, "cidr");
  v.status = Str(j, "status");
  if (auto it = j.find("extend_cidrs"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      if (e.is_string()) v.extend_cidrs.push_back(e.get<std::string>());
    }
  }
  return v;
}

Result<VpcV3> ChangeExtendCidrs(const framework::Context& ctx, Client& c, const std::string& id,
                                const std::vector<std::string>& cidrs, bool add) {
  std::string what = std::string(add ? "adding" : "removing") + " secondary CIDR" + (cidrs.size() == 1 ? " " : "s ");
  for (size_t i = 0; i < cidrs.size(); ++i) what += (i ? ", " : "") + cidrs[i];
  what += (add ? " to VPC " : " from VPC ") + id;
  auto url = V3VpcUrl(ctx, c, id, what);
  if (!url.ok()) return url.error();
  Request req;
  req.method = "PUT";
  req.path = url.value() + (add ? "/add-extend-cidr" : "/remove-extend-cidr");
  req.body = json{{"vpc", {{"extend_cidrs", cidrs}}}, {"dry_run", false}};
  req.ok_codes = {200};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "vpc", what);
  if (!m.ok()) return m.error();
  return ParseVpcV3(m.value());
}

}  // namespace

Result<VpcV3> GetVpcV3(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading VPC " + id + " (VPC v3)";
  auto url = V3VpcUrl(ctx, c, id, what);
  if (!url.ok()) return url.error();
  Request req;
  req.path = url.value();
  req.what = what;
  auto m = Member(c.Do(ctx, req), "vpc", what);
  if (!m.ok()) return m.error();
  return ParseVpcV3(m.value());
}

Result<VpcV3> AddSecondaryCidrs(const framework::Context& ctx, Client& c, const std::string& id,
                                const std::vector<std::string>& cidrs) {
  return ChangeExtendCidrs(ctx, c, id, cidrs, true);
}

Result<VpcV3> RemoveSecondaryCidrs(const framework::Context& ctx, Client& c, const std::string& id,
                                   const std::vector<std::string>& cidrs) {
  return ChangeExtendCidrs(ctx, c, id, cidrs, false);
}

}  // namespace otc::vpc
