#include "otc/rds.h"

#include <algorithm>

#include "otc/paginate.h"
#include "otc/signer.h"

namespace otc::rds {
namespace {

constexpr const char* kService = "rdsv3";

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}
int Int(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (!s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return std::stoi(s);
    }
  }
  return 0;
}
const json& Sub(const json& j, const char* key) {
  static const json kEmpty = json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
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

Instance ParseInstance(const json& j) {
  Instance in;
  in.id = Str(j, "id");
  in.name = Str(j, "name");
  in.status = Str(j, "status");
  in.type = Str(j, "type");
  const json& ds = Sub(j, "datastore");
  in.datastore_type = Str(ds, "type");
  in.datastore_version = Str(ds, "version");
  in.complete_version = Str(ds, "complete_version");
  in.flavor_ref = Str(j, "flavor_ref");
  const json& vol = Sub(j, "volume");
  in.volume_type = Str(vol, "type");
  in.volume_size = Int(vol, "size");
  in.disk_encryption_id = Str(j, "disk_encryption_id");
  in.port = Int(j, "port");  // an integer when listed, a string in the create answer
  in.vpc_id = Str(j, "vpc_id");
  in.subnet_id = Str(j, "subnet_id");
  in.security_group_id = Str(j, "security_group_id");
  in.db_user_name = Str(j, "db_user_name");
  in.created = Str(j, "created");
  in.region = Str(j, "region");
  in.replication_mode = Str(Sub(j, "ha"), "replication_mode");
  const json& bs = Sub(j, "backup_strategy");
  in.backup_start_time = Str(bs, "start_time");
  in.backup_keep_days = Int(bs, "keep_days");
  auto ssl = j.find("enable_ssl");
  in.enable_ssl = ssl != j.end() && ssl->is_boolean() && ssl->get<bool>();
  in.private_ips = Strings(j, "private_ips");
  in.public_ips = Strings(j, "public_ips");
  if (auto it = j.find("nodes"); it != j.end() && it->is_array()) {
    for (const auto& n : *it) {
      if (!n.is_object()) continue;
      in.nodes.push_back(
          Node{Str(n, "id"), Str(n, "name"), Str(n, "role"), Str(n, "status"), Str(n, "availability_zone")});
    }
    // The master first (availability_zones lists the primary first).
    std::stable_sort(in.nodes.begin(), in.nodes.end(),
                     [](const Node& a, const Node& b) { return a.role == "master" && b.role != "master"; });
  }
  if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
    for (const auto& t : *it) {
      if (t.is_object() && !Str(t, "key").empty()) in.tags[Str(t, "key")] = Str(t, "value");
    }
  }
  return in;
}

// The catalog's "rdsv3" endpoint already ends in /v3/{project_id}; paths
// are relative to it. Authenticating first makes a missing project an
// error that names the operation.
Result<std::string> Path(const framework::Context& ctx, Client& c, const std::string& rest,
                         const std::string& what) {
  auto pid = c.ProjectId(ctx);
  if (!pid.ok()) return Error(pid.error()).set_what(what);
  return rest;
}

Result<std::string> InstancePath(const framework::Context& ctx, Client& c, const std::string& id,
                                 const std::string& rest, const std::string& what) {
  if (id.empty()) return Error(ErrorKind::kConfig, "empty RDS instance id").set_what(what);
  return Path(ctx, c, "/instances/" + UriEncode(id, false) + rest, what);
}

// Sends `method` `path` with `body`; the parsed answer.
Result<json> Send(const framework::Context& ctx, Client& c, const std::string& method,
                  const Result<std::string>& path, std::optional<json> body, std::vector<int> ok_codes,
                  const std::string& what, std::optional<bool> idempotent = std::nullopt) {
  if (!path.ok()) return path.error();
  Request req;
  req.method = method;
  req.service = kService;
  req.path = path.value();
  req.body = std::move(body);
  req.ok_codes = std::move(ok_codes);
  req.idempotent = idempotent;
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json j = r->Json();
  return j.is_object() ? j : json::object();
}

Result<std::string> JobOf(const Result<json>& r) {
  if (!r.ok()) return r.error();
  return Str(r.value(), "job_id");
}

Result<std::vector<json>> ListRaw(const framework::Context& ctx, Client& c,
                                  std::vector<std::pair<std::string, std::string>> query, const std::string& what) {
  auto path = Path(ctx, c, "/instances", what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.query = std::move(query);
  req.what = what;
  PageOptions po;
  po.style = PageStyle::kOffset;
  po.items_key = "instances";
  po.limit = 100;
  return ListAll(ctx, c, req, po);
}

}  // namespace

bool IsBusy(const Error& e) {
  if (e.kind() != ErrorKind::kHttp || (e.http_status() != 409 && e.http_status() != 403)) return false;
  static const char* kCodes[] = {"DBS.201202", "DBS.200011", "DBS.200018", "DBS.200019", "DBS.200047",
                                 "DBS.200611", "DBS.200080", "DBS.201015", "DBS.201206", "DBS.212033",
                                 "DBS.280011", "DBS.280343", "DBS.280816"};
  return std::any_of(std::begin(kCodes), std::end(kCodes), [&](const char* code) { return e.code() == code; });
}

Result<Created> CreateInstance(const framework::Context& ctx, Client& c, const InstanceCreate& in) {
  const std::string what = "creating RDS instance \"" + in.name + "\"";
  auto path = Path(ctx, c, "/instances", what);
  if (!path.ok()) return path.error();
  json body = {{"name", in.name},
               {"datastore", {{"type", in.datastore_type}, {"version", in.datastore_version}}},
               {"flavor_ref", in.flavor_ref},
               {"volume", {{"type", in.volume_type}, {"size", in.volume_size}}},
               {"region", in.region},
               {"vpc_id", in.vpc_id},
               {"subnet_id", in.subnet_id},
               {"security_group_id", in.security_group_id},
               {"password", in.password},
               {"charge_info", {{"charge_mode", "postPaid"}}}};
  std::string azs;
  for (const auto& az : in.availability_zones) azs += (azs.empty() ? "" : ",") + az;
  body["availability_zone"] = azs;
  if (!in.replication_mode.empty()) body["ha"] = {{"mode", "Ha"}, {"replication_mode", in.replication_mode}};
  if (!in.disk_encryption_id.empty()) body["disk_encryption_id"] = in.disk_encryption_id;
  if (in.port) body["port"] = std::to_string(*in.port);
  if (!in.configuration_id.empty()) body["configuration_id"] = in.configuration_id;
  if (in.backup_start_time) {
    json bs = {{"start_time", *in.backup_start_time}};
    if (in.backup_keep_days) bs["keep_days"] = *in.backup_keep_days;
    body["backup_strategy"] = bs;
  }
  Request req;
  req.method = "POST";
  req.service = kService;
  req.path = path.value();
  req.body = std::move(body);
  req.ok_codes = {202};
  req.what = what;
  const std::string name = in.name;
  // Names are unique per project: after an ambiguous failure, an instance
  // with this name is the one this create made.
  req.find_existing = [&c, name, what](const framework::Context& x) -> Result<std::optional<Response>> {
    auto items = ListRaw(x, c, {{"name", name}}, what);
    if (!items.ok()) return items.error();
    for (const auto& it : items.value()) {
      if (Str(it, "name") == name) {
        Response r;
        r.status = 202;
        r.body = json{{"instance", it}}.dump();
        return std::optional<Response>(std::move(r));
      }
    }
    return std::optional<Response>();
  };
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json j = r->Json();
  if (!j.is_object() || !j.contains("instance") || !j["instance"].is_object() || Str(j["instance"], "id").empty()) {
    return Error(ErrorKind::kDecode, "the response has no \"instance\" object with an id")
        .set_what(what)
        .set_request("POST", req.path);
  }
  return Created{ParseInstance(j["instance"]), Str(j, "job_id")};
}

Result<Instance> GetInstance(const framework::Context& ctx, Client& c, const std::string& id) {
  const std::string what = "reading RDS instance " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty RDS instance id").set_what(what);
  auto items = ListRaw(ctx, c, {{"id", id}}, what);
  if (!items.ok()) return items.error();
  for (const auto& it : items.value()) {
    if (Str(it, "id") == id) return ParseInstance(it);
  }
  auto path = Path(ctx, c, "/instances", what);
  return Error(ErrorKind::kHttp, "no RDS instance with id " + id + " exists")
      .set_what(what)
      .set_http_status(404)
      .set_request("GET", path.ok() ? path.value() : "/instances");
}

Result<std::vector<Instance>> ListInstances(const framework::Context& ctx, Client& c, const std::string& name) {
  std::vector<std::pair<std::string, std::string>> q;
  if (!name.empty()) q.emplace_back("name", name);
  auto items = ListRaw(ctx, c, q, "listing RDS instances");
  if (!items.ok()) return items.error();
  std::vector<Instance> out;
  for (const auto& it : items.value()) out.push_back(ParseInstance(it));
  return out;
}

Result<std::string> DeleteInstance(const framework::Context& ctx, Client& c, const std::string& id) {
  const std::string what = "deleting RDS instance " + id;
  return JobOf(Send(ctx, c, "DELETE", InstancePath(ctx, c, id, "", what), std::nullopt, {200, 202}, what));
}

Result<Job> GetJob(const framework::Context& ctx, Client& c, const std::string& job_id) {
  const std::string what = "reading RDS job " + job_id;
  auto path = Path(ctx, c, "/jobs", what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.query = {{"id", job_id}};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json j = r->Json();
  if (!j.is_object() || !j.contains("job") || !j["job"].is_object()) {
    return Error(ErrorKind::kDecode, "the response has no \"job\" object").set_what(what).set_request("GET", req.path);
  }
  const json& job = j["job"];
  return Job{Str(job, "id"), Str(job, "name"), Str(job, "status"), Str(job, "process"), Str(job, "fail_reason")};
}

Result<std::string> ResizeFlavor(const framework::Context& ctx, Client& c, const std::string& id,
                                 const std::string& spec_code) {
  const std::string what = "resizing RDS instance " + id + " to flavor " + spec_code;
  return JobOf(Send(ctx, c, "POST", InstancePath(ctx, c, id, "/action", what),
                    json{{"resize_flavor", {{"spec_code", spec_code}}}}, {200, 201, 202}, what, true));
}

Result<std::string> EnlargeVolume(const framework::Context& ctx, Client& c, const std::string& id, int size) {
  const std::string what = "enlarging the volume of RDS instance " + id + " to " + std::to_string(size) + " GB";
  return JobOf(Send(ctx, c, "POST", InstancePath(ctx, c, id, "/action", what),
                    json{{"enlarge_volume", {{"size", size}}}}, {200, 201, 202}, what, true));
}

Result<std::string> Restart(const framework::Context& ctx, Client& c, const std::string& id) {
  const std::string what = "restarting RDS instance " + id;
  return JobOf(Send(ctx, c, "POST", InstancePath(ctx, c, id, "/action", what), json{{"restart", json::object()}},
                    {200, 202}, what, true));
}

Result<std::string> SetSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id,
                                     const std::string& security_group_id) {
  const std::string what = "changing the security group of RDS instance " + id;
  return JobOf(Send(ctx, c, "PUT", InstancePath(ctx, c, id, "/security-group", what),
                    json{{"security_group_id", security_group_id}}, {200, 202}, what));
}

Result<std::string> SetPort(const framework::Context& ctx, Client& c, const std::string& id, int port) {
  const std::string what = "changing the port of RDS instance " + id + " to " + std::to_string(port);
  return JobOf(
      Send(ctx, c, "PUT", InstancePath(ctx, c, id, "/port", what), json{{"port", port}}, {200, 202}, what));
}

Status SetSsl(const framework::Context& ctx, Client& c, const std::string& id, bool enable) {
  const std::string what = std::string(enable ? "enabling" : "disabling") + " SSL of RDS instance " + id;
  auto r = Send(ctx, c, "PUT", InstancePath(ctx, c, id, "/ssl", what), json{{"ssl_option", enable}}, {200, 202}, what);
  return r.ok() ? Status() : r.error();
}

Status ResetPassword(const framework::Context& ctx, Client& c, const std::string& id, const std::string& password) {
  const std::string what = "resetting the password of RDS instance " + id;
  // Setting the same password twice is harmless: safe to replay.
  auto r = Send(ctx, c, "POST", InstancePath(ctx, c, id, "/password", what), json{{"db_user_pwd", password}},
                {200, 202}, what, true);
  return r.ok() ? Status() : r.error();
}

Status SetBackupPolicy(const framework::Context& ctx, Client& c, const std::string& id, const std::string& start_time,
                       int keep_days, const std::string& period) {
  const std::string what = "changing the backup policy of RDS instance " + id;
  json bp = {{"keep_days", keep_days}};
  if (!start_time.empty()) bp["start_time"] = start_time;
  if (!period.empty()) bp["period"] = period;
  auto r = Send(ctx, c, "PUT", InstancePath(ctx, c, id, "/backups/policy", what), json{{"backup_policy", bp}},
                {200}, what);
  return r.ok() ? Status() : r.error();
}

Result<ParamsApplied> SetParameters(const framework::Context& ctx, Client& c, const std::string& id,
                                    const std::map<std::string, std::string>& values) {
  const std::string what = "changing the parameters of RDS instance " + id;
  json v = json::object();
  for (const auto& [k, val] : values) v[k] = val;
  auto r = Send(ctx, c, "PUT", InstancePath(ctx, c, id, "/configurations", what), json{{"values", v}}, {200, 202},
                what);
  if (!r.ok()) return r.error();
  auto rr = r->find("restart_required");
  return ParamsApplied{Str(r.value(), "job_id"), rr != r->end() && rr->is_boolean() && rr->get<bool>()};
}

Result<std::map<std::string, std::string>> GetParameters(const framework::Context& ctx, Client& c,
                                                         const std::string& id) {
  const std::string what = "reading the parameters of RDS instance " + id;
  auto r = Send(ctx, c, "GET", InstancePath(ctx, c, id, "/configurations", what), std::nullopt, {200}, what);
  if (!r.ok()) return r.error();
  std::map<std::string, std::string> out;
  auto it = r->find("configuration_parameters");
  if (it == r->end() || !it->is_array()) {
    return Error(ErrorKind::kDecode, "the response has no \"configuration_parameters\" array").set_what(what);
  }
  for (const auto& p : *it) {
    if (p.is_object() && !Str(p, "name").empty()) out[Str(p, "name")] = Str(p, "value");
  }
  return out;
}

Status TagAction(const framework::Context& ctx, Client& c, const std::string& id, const std::string& action,
                 const std::map<std::string, std::string>& tags) {
  if (tags.empty()) return Status();
  const std::string what = (action == "create" ? "tagging" : "removing tags of") + std::string(" RDS instance ") + id;
  json arr = json::array();
  for (const auto& [k, v] : tags) {
    json t = {{"key", k}};
    if (action == "create") t["value"] = v;
    arr.push_back(t);
  }
  // Both actions are idempotent (create replaces a key's value).
  auto r = Send(ctx, c, "POST", InstancePath(ctx, c, id, "/tags/action", what),
                json{{"action", action}, {"tags", arr}}, {200, 204}, what, true);
  return r.ok() ? Status() : r.error();
}

Result<std::vector<Flavor>> ListFlavors(const framework::Context& ctx, Client& c, const std::string& database,
                                        const std::string& version) {
  const std::string what = "listing RDS flavors of " + database + " " + version;
  auto path = Path(ctx, c, "/flavors/" + UriEncode(database, false), what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  if (!version.empty()) req.query = {{"version_name", version}};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json j = r->Json();
  if (!j.is_object() || !j.contains("flavors") || !j["flavors"].is_array()) {
    return Error(ErrorKind::kDecode, "the response has no \"flavors\" array").set_what(what);
  }
  std::vector<Flavor> out;
  for (const auto& f : j["flavors"]) {
    if (!f.is_object()) continue;
    Flavor fl;
    fl.spec_code = Str(f, "spec_code");
    fl.vcpus = Str(f, "vcpus");
    fl.ram = Int(f, "ram");
    fl.instance_mode = Str(f, "instance_mode");
    fl.versions = Strings(f, "version_name");
    for (const auto& [az, st] : Sub(f, "az_status").items()) {
      if (st.is_string()) fl.az_status[az] = st.get<std::string>();
    }
    out.push_back(std::move(fl));
  }
  return out;
}

Result<std::vector<std::string>> ListVersions(const framework::Context& ctx, Client& c, const std::string& database) {
  const std::string what = "listing RDS versions of " + database;
  auto r = Send(ctx, c, "GET", Path(ctx, c, "/datastores/" + UriEncode(database, false), what), std::nullopt, {200},
                what);
  if (!r.ok()) return r.error();
  auto it = r->find("dataStores");
  if (it == r->end() || !it->is_array()) {
    return Error(ErrorKind::kDecode, "the response has no \"dataStores\" array").set_what(what);
  }
  std::vector<std::string> out;
  for (const auto& d : *it) {
    if (d.is_object() && !Str(d, "name").empty()) out.push_back(Str(d, "name"));
  }
  return out;
}

Result<std::string> FindPortByIp(const framework::Context& ctx, Client& c, const std::string& ip) {
  const std::string what = "looking up the port of address " + ip;
  Request req;
  req.service = "network";
  req.path = "/v2.0/ports";
  req.query = {{"fixed_ips", "ip_address=" + ip}};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json j = r->Json();
  if (!j.is_object() || !j.contains("ports") || !j["ports"].is_array()) {
    return Error(ErrorKind::kDecode, "the response has no \"ports\" array").set_what(what);
  }
  for (const auto& p : j["ports"]) {
    if (p.is_object() && !Str(p, "id").empty()) return Str(p, "id");
  }
  return Error(ErrorKind::kHttp, "no port holds address " + ip)
      .set_what(what)
      .set_http_status(404)
      .set_request("GET", "/v2.0/ports");
}

}  // namespace otc::rds
