#include "otc/vpc.h"

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
  std::string what = "reading VPC " + id;
  auto m = GetItem(ctx, c, ItemPath(ctx, c, true, "vpcs", id, "VPC", what), "vpc", what);
  if (!m.ok()) return m.error();
  return ParseVpc(m.value());
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
  std::string what = "reading subnet " + id;
  auto m = GetItem(ctx, c, ItemPath(ctx, c, true, "subnets", id, "subnet", what), "subnet", what);
  if (!m.ok()) return m.error();
  return ParseSubnet(m.value());
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
                                          const std::string& description) {
  std::string what = "creating security group " + Quoted(name);
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = "/v2.0/security-groups";
  json g = {{"name", name}};
  if (!description.empty()) g["description"] = description;
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
  std::string what = "reading security group " + id;
  auto m = GetItem(ctx, c, ItemPath(ctx, c, false, "security-groups", id, "security group", what), "security_group", what);
  if (!m.ok()) return m.error();
  return ParseGroup(m.value());
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
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = "/v2.0/security-group-rules";
  req.body = json{{"security_group_rule", r}};
  req.ok_codes = {201};
  req.what = what;
  auto m = Member(c.Do(ctx, req), "security_group_rule", what);
  if (!m.ok()) return m.error();
  return ParseRule(m.value());
}

Result<SecurityGroupRule> GetSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading security group rule " + id;
  auto m = GetItem(ctx, c, ItemPath(ctx, c, false, "security-group-rules", id, "rule", what), "security_group_rule", what);
  if (!m.ok()) return m.error();
  return ParseRule(m.value());
}

Status DeleteSecurityGroupRule(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting security group rule " + id;
  return DeleteItem(ctx, c, ItemPath(ctx, c, false, "security-group-rules", id, "rule", what), {204}, what);
}

// --- EIPs ------------------------------------------------------------------

Result<Eip> CreateEip(const framework::Context& ctx, Client& c, const EipCreate& in) {
  std::string what = "creating EIP" + (in.alias.empty() ? std::string() : " " + Quoted(in.alias));
  auto path = V1Path(ctx, c, "/publicips");
  if (!path.ok()) return Error(path.error()).set_what(what);
  json ip = {{"type", in.type}};
  if (!in.alias.empty()) ip["alias"] = in.alias;
  json bw = {{"name", in.bandwidth_name.empty() ? in.alias : in.bandwidth_name},
             {"size", in.bandwidth_size},
             {"share_type", in.share_type},
             {"charge_mode", in.charge_mode}};
  Request req;
  req.method = "POST";
  req.service = "network";
  req.path = path.value();
  req.body = json{{"publicip", ip}, {"bandwidth", bw}};
  req.ok_codes = {200};
  req.what = what;
  if (!in.alias.empty()) {
    std::string list_path = path.value();
    req.find_existing = FindByName(
        [&c, list_path](const framework::Context& x) {
          return ListRaw(x, c, list_path, {}, "publicips", "listing EIPs");
        },
        "publicip", in.alias, "alias", what);
  }
  auto m = Member(c.Do(ctx, req), "publicip", what);
  if (!m.ok()) return m.error();
  return ParseEip(m.value());
}

Result<Eip> GetEip(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading EIP " + id;
  auto m = GetItem(ctx, c, ItemPath(ctx, c, true, "publicips", id, "EIP", what), "publicip", what);
  if (!m.ok()) return m.error();
  return ParseEip(m.value());
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

Status DeleteEip(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting EIP " + id;
  return DeleteItem(ctx, c, ItemPath(ctx, c, true, "publicips", id, "EIP", what), {200, 202, 204}, what);
}

}  // namespace otc::vpc
