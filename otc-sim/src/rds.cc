// RDS v3 (api.md section 4): DB instances (MySQL, PostgreSQL, SQL Server;
// Single and Ha) with jobs, list filters and offset/limit pagination, the
// modifications of 4.5 and the lookups of 4.6. Every asynchronous operation
// is a job ("Running" -> "Completed"/"Failed") whose steps, and the
// instance's status steps, are scheduled on the simulated clock (see
// lifecycle.h). A deleted instance stays in the store (so its subnet and
// security group stay in use) until its delete job completes. Each instance
// has one Neutron port (kind "port", device_owner compute:rds) per private
// IP; EIPs bound to those ports are listed as its public_ips and unbound
// when the instance goes.
//
// Errors are RDS style {"error_code":"DBS.xxxxxx","error_msg":"..."}. Codes
// named in api.md are used as documented (DBS.280434, DBS.200022,
// DBS.280251, DBS.201202 for "busy"); a missing instance is 404 DBS.200002
// and other validation errors 400 DBS.200001 (RDS error-code table) with a
// message naming the field. DBS.200012 (job not found) is ours.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <set>

#include "otcsim/cidr.h"
#include "otcsim/lifecycle.h"
#include "otcsim/sim.h"

namespace otcsim {
namespace {

const char* kInst = "rds_instance";
const char* kJob = "rds_job";

// Sim-time durations (realistic; --time-scale speeds them up).
constexpr int64_t kCreateMs = 8 * 60 * 1000;
constexpr int64_t kDeleteMs = 2 * 60 * 1000;
constexpr int64_t kResizeMs = 5 * 60 * 1000;
constexpr int64_t kEnlargeMs = 3 * 60 * 1000;
constexpr int64_t kRestartMs = 60 * 1000;
constexpr int64_t kPortMs = 60 * 1000;
constexpr int64_t kQuickMs = 10 * 1000;  // security group, parameters

Response RdsError(int status, std::string_view code, std::string_view msg) {
  return Response::json(status, json{{"error_code", code}, {"error_msg", msg}}.dump());
}
Response Bad(std::string_view msg) { return RdsError(400, "DBS.200001", msg); }
Response InstanceNotFound(const std::string& id) {
  return RdsError(404, "DBS.200002", "The DB instance " + id + " does not exist.");
}
Response Busy(const std::string& status) {
  return RdsError(409, "DBS.201202",
                  "The DB instance status (" + status + ") does not allow this operation. Try again when it is ACTIVE.");
}

std::string RdsTime(int64_t ms) { return IsoTime(ms).substr(0, 19) + "+0000"; }

// FNV-1a based stable 32-hex id for catalog entries (flavors, datastores).
std::string StableHex(std::string_view s) {
  uint64_t a = 1469598103934665603ull, b = 1099511628211ull * 7;
  for (char c : s) {
    a = (a ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    b = (b ^ static_cast<unsigned char>(c)) * 1099511628211ull + 0x9e37u;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

std::string Hex32(Simulator& sim) {
  std::string id = sim.store().NewId();
  std::erase(id, '-');
  return id;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---- Static catalog --------------------------------------------------------

struct Version {
  const char* name;
  const char* complete;
};

struct DbParam {
  const char* name;
  const char* type;  // integer | string
  const char* range;  // "lo-hi" for integers, "a,b,c" for enums, "" free text
  const char* deflt;
  bool restart;
  const char* description;
};

struct Engine {
  const char* name;      // as the API spells it
  const char* code;      // flavor spec code part
  const char* job_name;  // job name part
  std::vector<Version> versions;
  int port;
  const char* specials;
  std::vector<std::string> replication;
  const char* db_user;
  std::vector<DbParam> params;
};

const std::vector<Engine>& Engines() {
  static const std::vector<Engine> kEngines = {
      {"MySQL",
       "mysql",
       "Mysql",
       {{"5.7", "5.7.38"}, {"8.0", "8.0.28"}},
       3306,
       "~!@#$%^*-_=+?,()&",
       {"async", "semisync"},
       "root",
       {{"max_connections", "integer", "10-100000", "2500", false, "Maximum number of simultaneous client connections."},
        {"slow_query_log", "string", "ON,OFF", "OFF", false, "Whether the slow query log is enabled."},
        {"long_query_time", "integer", "0-3600", "1", false, "Seconds after which a query counts as slow."},
        {"character_set_server", "string", "utf8,utf8mb4,latin1,gbk", "utf8mb4", true, "Server character set."},
        {"time_zone", "string", "", "UTC", false, "Server time zone."}}},
      {"PostgreSQL",
       "pg",
       "Postgresql",
       {{"11", "11.18"}, {"12", "12.13"}, {"13", "13.8"}, {"14", "14.4"}},
       5432,
       "~!@#$%^*-_=+?,",
       {"async", "sync"},
       "root",
       {{"max_connections", "integer", "10-8388607", "200", true, "Maximum number of concurrent connections."},
        {"work_mem", "integer", "64-2147483647", "4096", false, "Memory (KB) for internal sort operations."},
        {"log_min_duration_statement", "integer", "-1-2147483647", "-1", false,
         "Minimum execution time (ms) above which statements are logged."},
        {"shared_buffers", "integer", "16-1073741823", "16384", true, "Shared memory buffers (8 KB pages)."},
        {"timezone", "string", "", "UTC", false, "Time zone for displaying time stamps."}}},
      {"SQLServer",
       "mssql",
       "Sqlserver",
       {{"2017_SE", "2017_SE"}, {"2019_SE", "2019_SE"}},
       1433,
       "~!@#$%^*-_+?,",
       {"sync"},
       "rdsuser",
       {{"max degree of parallelism", "integer", "0-32767", "0", false, "Maximum degree of parallelism."},
        {"cost threshold for parallelism", "integer", "0-32767", "5", false, "Cost threshold for parallel plans."}}},
  };
  return kEngines;
}

const Engine* FindEngine(std::string_view name) {
  std::string l = Lower(std::string(name));
  for (const auto& e : Engines()) {
    if (Lower(e.name) == l) return &e;
  }
  return nullptr;
}

const Version* FindVersion(const Engine& e, std::string_view v) {
  for (const auto& ver : e.versions) {
    if (v == ver.name) return &ver;
  }
  return nullptr;
}

struct Flavor {
  std::string spec_code;
  int vcpus;
  int ram;
  bool ha;
};

// rds.<code>.n1.<size>.<ratio>[.ha]: size large/xlarge/2xlarge/4xlarge =
// 2/4/8/16 vCPUs; ram = vCPUs * ratio * 2 GB.
std::vector<Flavor> FlavorsOf(const Engine& e) {
  std::vector<Flavor> out;
  const std::pair<const char*, int> sizes[] = {{"large", 2}, {"xlarge", 4}, {"2xlarge", 8}, {"4xlarge", 16}};
  for (bool ha : {false, true}) {
    for (const auto& [size, cpu] : sizes) {
      for (int ratio : {2, 4}) {
        std::string code = std::string("rds.") + e.code + ".n1." + size + "." + std::to_string(ratio);
        if (ha) code += ".ha";
        out.push_back({code, cpu, cpu * ratio * 2, ha});
      }
    }
  }
  return out;
}

const Flavor* FindFlavor(const std::vector<Flavor>& fl, std::string_view code) {
  for (const auto& f : fl) {
    if (f.spec_code == code) return &f;
  }
  return nullptr;
}

std::vector<std::string> Azs(const Simulator& sim) {
  const std::string& r = sim.config().region;
  return {r + "-01", r + "-02", r + "-03"};
}

std::string TemplateId(const Engine& e, const Version& v) {
  return StableHex(std::string("cfg/") + e.name + "/" + v.name) + "pr01";
}

// ---- Validation helpers ----------------------------------------------------

bool ValidInstanceName(const std::string& s) {
  if (s.size() < 4 || s.size() > 64 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// Empty when the password is acceptable, else why not (never echoes it).
std::string PasswordProblem(const std::string& pw, const Engine& e, const std::string& name) {
  if (pw.size() < 8 || pw.size() > 32) return "The password must be 8 to 32 characters long.";
  bool up = false, lo = false, dig = false, sp = false;
  std::string_view specials = e.specials;
  for (char c : pw) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      up = true;
    } else if (std::islower(static_cast<unsigned char>(c))) {
      lo = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      dig = true;
    } else if (specials.find(c) != std::string_view::npos) {
      sp = true;
    } else {
      return std::string("The password contains a character that is not allowed for ") + e.name +
             "; allowed special characters are " + e.specials + ".";
    }
  }
  if (up + lo + dig + sp < 3) {
    return "The password must contain at least three of: uppercase letters, lowercase letters, digits and special "
           "characters.";
  }
  static const char* kWeak[] = {"Password123!", "Passw0rd!", "Admin@123", "Admin123!", "Abc123456!", "P@ssw0rd",
                                "Qwerty123!", "Test@1234"};
  for (const char* w : kWeak) {
    if (Lower(pw) == Lower(w)) return "The password is too weak (it is a common password).";
  }
  if (!name.empty() && Lower(pw).find(Lower(name)) != std::string::npos) {
    return "The password is too weak (it contains the instance name).";
  }
  return "";
}

bool ValidBackupWindow(const std::string& s) {
  // hh:00-HH:00, one hour apart.
  if (s.size() != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':') return false;
  for (int i : {0, 1, 3, 4, 6, 7, 9, 10}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int h1 = std::stoi(s.substr(0, 2)), h2 = std::stoi(s.substr(6, 2));
  if (s.substr(3, 2) != "00" || s.substr(9, 2) != "00" || h1 > 23 || h2 > 23) return false;
  return (h1 + 1) % 24 == h2;
}

bool ValidPeriod(const std::string& s) {
  if (s.empty()) return false;
  std::set<char> seen;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i % 2 == 1) {
      if (s[i] != ',') return false;
    } else if (s[i] < '1' || s[i] > '7' || !seen.insert(s[i]).second) {
      return false;
    }
  }
  return s.back() != ',';
}

const json* Obj(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}
std::string Str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool HasNonString(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && !it->is_null() && !it->is_string();
}

std::optional<Response> CheckKeepDays(const json& bs) {
  if (!bs.contains("keep_days")) return std::nullopt;
  const json& k = bs["keep_days"];
  if (!k.is_number_integer() || k.get<int64_t>() < 0 || k.get<int64_t>() > 732) {
    return Bad("backup_strategy.keep_days must be an integer from 0 to 732.");
  }
  return std::nullopt;
}

std::string Ip(uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." + std::to_string((v >> 8) & 255) + "." +
         std::to_string(v & 255);
}

// ---- Jobs -----------------------------------------------------------------

bool Owned(const json& o, const std::string& pid) { return o.value("_project_id", "") == pid; }

// Adds a job for `inst` that runs `ms` and ends Completed, or Failed with a
// reason when `fail`.
std::string NewJob(Simulator& sim, Store::Data& d, const json& inst, const std::string& name, int64_t now, int64_t ms,
                   bool fail, const std::string& fail_reason) {
  std::string id = sim.store().NewId();
  std::string endpoint;
  if (inst.contains("private_ips") && !inst["private_ips"].empty()) {
    endpoint = inst["private_ips"][0].get<std::string>() + ":" + std::to_string(inst.value("port", 0));
  }
  json job = {{"id", id},
              {"name", name},
              {"status", "Running"},
              {"created", RdsTime(now)},
              {"ended", ""},
              {"process", "0%"},
              {"instance", {{"id", inst["id"]}, {"name", inst["name"]}}},
              {"entities",
               {{"instance",
                 {{"endpoint", endpoint},
                  {"type", inst["type"]},
                  {"datastore", {{"type", inst["datastore"]["type"]}, {"version", inst["datastore"]["version"]}}}}},
                {"resource_ids", json::array({inst["id"]})}}},
              {"fail_reason", ""},
              {"_project_id", inst["_project_id"]},
              {"_start", now},
              {"_end", now + ms}};
  json step = fail ? json{{"status", "Failed"}, {"fail_reason", fail_reason}, {"ended", RdsTime(now + ms)}}
                   : json{{"status", "Completed"}, {"process", "100%"}, {"ended", RdsTime(now + ms)}};
  Schedule(job, now, ms, step, false);
  d.of(kJob)[id] = job;
  return id;
}

json JobView(json& job, int64_t now) {
  Settle(job, now);
  json out = Store::Public(job);
  if (out.value("status", "") == "Running") {
    int64_t start = job.value("_start", now), end = job.value("_end", now);
    int64_t pct = end > start ? (now - start) * 100 / (end - start) : 0;
    out["process"] = std::to_string(std::clamp<int64_t>(pct, 0, 99)) + "%";
  }
  return out;
}

// The addresses of the EIPs bound to the instance's Neutron ports (what
// the list shows as public_ips).
json PublicIps(Store::Data& d, const json& inst) {
  json out = json::array();
  for (const auto& port : inst.value("_ports", json::array())) {
    for (auto& [eid, e] : d.of("publicip")) {
      if (e.value("port_id", json()) == port) out.push_back(e.value("public_ip_address", ""));
    }
  }
  return out;
}

// Drops the instance's Neutron ports; EIPs bound to them become unbound.
void ReleasePorts(Store::Data& d, const json& inst) {
  for (const auto& port : inst.value("_ports", json::array())) {
    for (auto& [eid, e] : d.of("publicip")) {
      if (e.value("port_id", json()) == port) {
        e["port_id"] = nullptr;
        e["private_ip_address"] = nullptr;
        e["status"] = "DOWN";
      }
    }
    if (port.is_string()) d.of("port").erase(port.get<std::string>());
  }
}

// Settles every instance of the store and drops those whose delete job
// completed (with their ports).
void Reap(Store::Data& d, int64_t now, bool& dirty) {
  auto& k = d.of(kInst);
  for (auto it = k.begin(); it != k.end();) {
    bool had = it->second.contains("_pending");
    Settle(it->second, now);
    if (had && !it->second.contains("_pending")) dirty = true;
    if (it->second.value("_gone", false)) {
      ReleasePorts(d, it->second);
      it = k.erase(it);
      dirty = true;
    } else {
      ++it;
    }
  }
}

json* FindInstance(Store::Data& d, const std::string& pid, const std::string& id, int64_t now, bool& dirty) {
  Reap(d, now, dirty);
  auto& k = d.of(kInst);
  auto it = k.find(id);
  if (it == k.end() || !Owned(it->second, pid)) return nullptr;
  return &it->second;
}

const char* kFailReason = "The operation failed on the underlying infrastructure (injected fault).";

// ---- Create ----------------------------------------------------------------

Response CreateInstance(Simulator& sim, const Request& req, const std::string& pid) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  const json& b = *body;
  if (b.contains("restore_point")) {
    return Bad("restore_point (restore to a new instance) is not supported by otc-sim; create the instance without it.");
  }
  for (const char* f : {"name", "password", "flavor_ref", "region", "availability_zone", "vpc_id", "subnet_id",
                        "security_group_id", "configuration_id", "disk_encryption_id", "port"}) {
    if (HasNonString(b, f)) return Bad(std::string(f) + " must be a string.");
  }
  for (const char* f : {"name", "password", "flavor_ref", "region", "availability_zone", "vpc_id", "subnet_id",
                        "security_group_id"}) {
    if (Str(b, f).empty()) return Bad(std::string(f) + " is required.");
  }
  std::string name = Str(b, "name");
  if (!ValidInstanceName(name)) {
    return Bad("The DB instance name must be 4 to 64 characters long, start with a letter and contain only letters, "
               "digits, hyphens and underscores.");
  }
  const json* ds = Obj(b, "datastore");
  if (ds == nullptr || Str(*ds, "type").empty() || Str(*ds, "version").empty()) {
    return Bad("datastore.type and datastore.version are required.");
  }
  const Engine* eng = FindEngine(Str(*ds, "type"));
  if (eng == nullptr) return Bad("datastore.type must be one of MySQL, PostgreSQL, SQLServer.");
  const Version* ver = FindVersion(*eng, Str(*ds, "version"));
  if (ver == nullptr) {
    std::string list;
    for (const auto& v : eng->versions) list += (list.empty() ? "" : ", ") + std::string(v.name);
    return Bad("datastore.version " + Str(*ds, "version") + " is not supported for " + eng->name + "; use one of " +
               list + ".");
  }
  std::string problem = PasswordProblem(Str(b, "password"), *eng, name);
  if (!problem.empty()) return Bad(problem);

  // HA mode.
  bool ha = false;
  std::string repl;
  if (b.contains("ha") && !b["ha"].is_null()) {
    if (!b["ha"].is_object()) return Bad("ha must be an object.");
    std::string mode = Str(b["ha"], "mode");
    if (Lower(mode) != "ha") return Bad("ha.mode must be Ha.");
    ha = true;
    repl = Str(b["ha"], "replication_mode");
    if (std::find(eng->replication.begin(), eng->replication.end(), repl) == eng->replication.end()) {
      std::string list;
      for (const auto& r : eng->replication) list += (list.empty() ? "" : ", ") + r;
      return Bad("ha.replication_mode must be one of " + list + " for " + eng->name + ".");
    }
  }
  auto flavors = FlavorsOf(*eng);
  const Flavor* fl = FindFlavor(flavors, Str(b, "flavor_ref"));
  if (fl == nullptr || fl->ha != ha) return RdsError(400, "DBS.280434", "Invalid specification code.");

  // Volume.
  const json* vol = Obj(b, "volume");
  if (vol == nullptr) return Bad("volume is required.");
  std::string vtype = Str(*vol, "type");
  static const std::set<std::string> kVolTypes = {"COMMON", "ULTRAHIGH", "CLOUDSSD", "ESSD"};
  if (!kVolTypes.count(vtype)) return Bad("volume.type must be one of COMMON, ULTRAHIGH, CLOUDSSD, ESSD.");
  if (!vol->contains("size") || !(*vol)["size"].is_number_integer()) return Bad("volume.size must be an integer.");
  int64_t vsize = (*vol)["size"].get<int64_t>();
  if (vsize < 40 || vsize > 4000 || vsize % 10 != 0) {
    return Bad("volume.size must be from 40 to 4000 GB and a multiple of 10.");
  }

  // Region and AZs.
  if (Str(b, "region") != sim.config().region) {
    return Bad("region " + Str(b, "region") + " is invalid; this endpoint serves " + sim.config().region + ".");
  }
  std::vector<std::string> azs;
  {
    std::string s = Str(b, "availability_zone");
    std::size_t p = 0;
    while (true) {
      std::size_t c = s.find(',', p);
      azs.push_back(s.substr(p, c == std::string::npos ? std::string::npos : c - p));
      if (c == std::string::npos) break;
      p = c + 1;
    }
  }
  auto valid_azs = Azs(sim);
  for (const auto& az : azs) {
    if (std::find(valid_azs.begin(), valid_azs.end(), az) == valid_azs.end()) {
      return Bad("availability_zone " + az + " is invalid.");
    }
  }
  if (!ha && azs.size() != 1) return Bad("availability_zone must name exactly one AZ for a Single instance.");
  if (ha && azs.size() != 2) return Bad("availability_zone must be \"primary,standby\" (two AZs) for an Ha instance.");

  // Port (a string in create).
  int port = eng->port;
  if (!Str(b, "port").empty()) {
    std::string ps = Str(b, "port");
    if (ps.size() > 5 || !std::all_of(ps.begin(), ps.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      return Bad("port must be a number from 1024 to 65535.");
    }
    port = std::stoi(ps);
    if (port < 1024 || port > 65535) return Bad("port must be a number from 1024 to 65535.");
  }

  // Backup strategy.
  json backup = {{"start_time", "00:00-01:00"}, {"keep_days", 7}};
  if (b.contains("backup_strategy") && !b["backup_strategy"].is_null()) {
    if (!b["backup_strategy"].is_object()) return Bad("backup_strategy must be an object.");
    const json& bs = b["backup_strategy"];
    if (!ValidBackupWindow(Str(bs, "start_time"))) {
      return Bad("backup_strategy.start_time must be hh:00-HH:00 with HH one hour after hh, e.g. 08:00-09:00.");
    }
    if (auto e = CheckKeepDays(bs)) return *e;
    backup["start_time"] = bs["start_time"];
    if (bs.contains("keep_days")) backup["keep_days"] = bs["keep_days"];
  }
  std::string cfg_id = Str(b, "configuration_id");
  if (!cfg_id.empty() && cfg_id != TemplateId(*eng, *ver)) {
    return Bad("configuration_id " + cfg_id + " does not exist or does not match " + eng->name + " " + ver->name + ".");
  }
  json charge = {{"charge_mode", "postPaid"}};
  if (b.contains("charge_info") && !b["charge_info"].is_null()) {
    if (!b["charge_info"].is_object() || Str(b["charge_info"], "charge_mode") != "postPaid") {
      return Bad("charge_info.charge_mode must be postPaid (pay-per-use).");
    }
  }

  std::string vpc_id = Str(b, "vpc_id"), subnet_id = Str(b, "subnet_id"), sg_id = Str(b, "security_group_id");
  std::string id = Hex32(sim) + "in01";
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    Reap(d, now, dirty);
    auto& vpcs = d.of("vpc");
    auto vit = vpcs.find(vpc_id);
    if (vit == vpcs.end() || !Owned(vit->second, pid)) return Bad("vpc_id " + vpc_id + " does not exist.");
    auto& subnets = d.of("subnet");
    auto sit = subnets.find(subnet_id);
    if (sit == subnets.end() || !Owned(sit->second, pid)) return Bad("subnet_id " + subnet_id + " does not exist.");
    if (sit->second.value("vpc_id", "") != vpc_id) {
      return Bad("subnet_id " + subnet_id + " does not belong to vpc_id " + vpc_id + ".");
    }
    auto& sgs = d.of("security_group");
    auto git = sgs.find(sg_id);
    if (git == sgs.end() || !Owned(git->second, pid)) {
      return Bad("security_group_id " + sg_id + " does not exist.");
    }
    for (auto& [oid, o] : d.of(kInst)) {
      if (Owned(o, pid) && o.value("name", "") == name) {
        return RdsError(409, "DBS.200022", "The DB instance name already exists.");
      }
    }
    // Private IPs from the subnet, skipping the gateway and taken addresses.
    std::set<std::string> taken;
    for (auto& [oid, o] : d.of(kInst)) {
      for (const auto& ip : o.value("private_ips", json::array())) taken.insert(ip.get<std::string>());
    }
    auto cidr = ParseCidr(sit->second.value("cidr", ""));
    std::string gw = sit->second.value("gateway_ip", "");
    json ips = json::array();
    if (cidr) {
      for (uint32_t a = cidr->network + 10; a < cidr->last() && ips.size() < (ha ? 2u : 1u); ++a) {
        std::string s = Ip(a);
        if (s != gw && !taken.count(s)) ips.push_back(s);
      }
    }
    if (ips.size() < (ha ? 2u : 1u)) return Bad("subnet_id " + subnet_id + " has no free IP addresses.");
    // One Neutron port per private IP (an EIP binds to it: public_ips).
    json port_ids = json::array();
    for (const auto& ip : ips) {
      std::string port_id = sim.store().NewId();
      d.of("port")[port_id] = json{
          {"id", port_id},
          {"name", ""},
          {"network_id", sit->second.value("id", "")},
          {"tenant_id", pid},
          {"project_id", pid},
          {"admin_state_up", true},
          {"status", "ACTIVE"},
          {"device_owner", "compute:rds"},
          {"device_id", id},
          {"fixed_ips",
           json::array({{{"subnet_id", sit->second.value("neutron_subnet_id", "")}, {"ip_address", ip}}})},
          {"security_groups", json::array()},  // the instance's own security_group_id governs
          {"_project_id", pid}};
      port_ids.push_back(port_id);
    }
    json nodes = json::array();
    for (std::size_t i = 0; i < (ha ? 2u : 1u); ++i) {
      nodes.push_back({{"id", Hex32(sim) + "no01"},
                       {"name", name + "_node" + std::to_string(i)},
                       {"role", i == 0 ? "master" : "slave"},
                       {"status", "BUILD"},
                       {"availability_zone", azs[i]}});
    }
    json ready_nodes = nodes;
    for (auto& n : ready_nodes) n["status"] = "ACTIVE";
    json inst = {{"id", id},
                 {"name", name},
                 {"status", "BUILD"},
                 {"alias", ""},
                 {"port", port},
                 {"type", ha ? "Ha" : "Single"},
                 {"region", sim.config().region},
                 {"datastore", {{"type", eng->name}, {"version", ver->name}, {"complete_version", ver->complete}}},
                 {"created", RdsTime(now)},
                 {"updated", RdsTime(now)},
                 {"volume", {{"type", vtype}, {"size", vsize}}},
                 {"nodes", nodes},
                 {"private_ips", ips},
                 {"public_ips", json::array()},
                 {"db_user_name", eng->db_user},
                 {"enable_ssl", false},
                 {"vpc_id", vpc_id},
                 {"subnet_id", subnet_id},
                 {"security_group_id", sg_id},
                 {"flavor_ref", fl->spec_code},
                 {"cpu", std::to_string(fl->vcpus)},
                 {"mem", std::to_string(fl->ram)},
                 {"switch_strategy", ha ? "reliability" : ""},
                 {"backup_strategy", backup},
                 {"maintenance_window", "02:00-06:00"},
                 {"related_instance", json::array()},
                 {"disk_encryption_id", Str(b, "disk_encryption_id")},
                 {"time_zone", ""},
                 {"charge_info", charge},
                 {"tags", json::array()},
                 {"associated_with_ddm", false},
                 {"_project_id", pid},
                 {"_seq", now},
                 {"_uses_subnet", subnet_id},
                 {"_uses_security_group", sg_id},
                 {"_period", "1,2,3,4,5,6,7"},
                 {"_configuration_id", cfg_id.empty() ? TemplateId(*eng, *ver) : cfg_id},
                 {"_params", json::object()},
                 {"_disk_auto", {{"switch_option", false}, {"limit_size", 0}, {"trigger_threshold", 10}}},
                 {"_ports", port_ids}};
    if (ha) inst["ha"] = {{"replication_mode", repl}};
    std::string job_id =
        NewJob(sim, d, inst, std::string("Create") + eng->job_name + "SingleHAInstance", now, kCreateMs, fail, kFailReason);
    if (fail) {
      json failed_nodes = nodes;
      for (auto& n : failed_nodes) n["status"] = "FAILED";
      Schedule(inst, now, kCreateMs, {{"status", "FAILED"}, {"nodes", failed_nodes}});
    } else {
      Schedule(inst, now, kCreateMs, {{"status", "ACTIVE"}, {"nodes", ready_nodes}, {"updated", RdsTime(now + kCreateMs)}});
    }
    inst["_job"] = job_id;
    d.of(kInst)[id] = inst;
    dirty = true;
    json view = {{"id", id},
                 {"name", name},
                 {"status", "BUILD"},
                 {"datastore", {{"type", eng->name}, {"version", ver->name}}},
                 {"flavor_ref", fl->spec_code},
                 {"volume", inst["volume"]},
                 {"region", sim.config().region},
                 {"availability_zone", Str(b, "availability_zone")},
                 {"vpc_id", vpc_id},
                 {"subnet_id", subnet_id},
                 {"security_group_id", sg_id},
                 {"port", std::to_string(port)},
                 {"backup_strategy", backup},
                 {"configuration_id", inst["_configuration_id"]},
                 {"charge_info", charge}};
    if (ha) view["ha"] = {{"mode", "Ha"}, {"replication_mode", repl}};
    return Response::json(202, json{{"instance", view}, {"job_id", job_id}}.dump());
  });
}

// ---- List -----------------------------------------------------------------

Response ListInstances(Simulator& sim, const Request& req, const std::string& pid) {
  auto num = [&](const char* k, int64_t dflt, int64_t lo, int64_t hi, int64_t* out) {
    std::string s = req.query_param(k);
    if (s.empty()) {
      *out = dflt;
      return true;
    }
    if (s.size() > 9 || !std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      return false;
    }
    *out = std::stoll(s);
    return *out >= lo && *out <= hi;
  };
  int64_t offset = 0, limit = 100;
  if (!num("offset", 0, 0, 100000000, &offset)) return Bad("offset must be an integer >= 0.");
  if (!num("limit", 100, 1, 100, &limit)) return Bad("limit must be an integer from 1 to 100.");
  std::string type = req.query_param("type");
  if (!type.empty() && type != "Single" && type != "Ha" && type != "Replica") {
    return Bad("type must be Single, Ha or Replica.");
  }
  std::string dstype = req.query_param("datastore_type");
  if (!dstype.empty() && FindEngine(dstype) == nullptr) {
    return Bad("datastore_type must be MySQL, PostgreSQL or SQLServer.");
  }
  std::string id_f = req.query_param("id"), name_f = req.query_param("name");
  std::string vpc_f = req.query_param("vpc_id"), subnet_f = req.query_param("subnet_id");
  int64_t now = sim.clock().NowMs();
  // An id still hidden by a 404-after-create fault is not listed.
  bool hidden = !id_f.empty() && sim.faults().Hidden("GET", req.path + "/" + id_f, now);
  return sim.store().With([&](Store::Data& d, bool& dirty) {
    Reap(d, now, dirty);
    std::vector<const json*> match;
    for (auto& [id, o] : d.of(kInst)) {
      if (!Owned(o, pid) || hidden) continue;
      if (!id_f.empty() && id != id_f) continue;
      if (!name_f.empty() && o.value("name", "") != name_f) continue;
      if (!type.empty() && o.value("type", "") != type) continue;
      if (!dstype.empty() && Lower(o["datastore"].value("type", "")) != Lower(dstype)) continue;
      if (!vpc_f.empty() && o.value("vpc_id", "") != vpc_f) continue;
      if (!subnet_f.empty() && o.value("subnet_id", "") != subnet_f) continue;
      match.push_back(&o);
    }
    // Newest first.
    std::sort(match.begin(), match.end(), [](const json* a, const json* b) {
      return std::make_pair(a->value("_seq", int64_t{0}), a->value("id", "")) >
             std::make_pair(b->value("_seq", int64_t{0}), b->value("id", ""));
    });
    json arr = json::array();
    for (std::size_t i = static_cast<std::size_t>(offset); i < match.size() && arr.size() < static_cast<std::size_t>(limit); ++i) {
      json view = Store::Public(*match[i]);
      view["public_ips"] = PublicIps(d, *match[i]);
      arr.push_back(std::move(view));
    }
    return Response::json(200, json{{"instances", arr}, {"total_count", match.size()}}.dump());
  });
}

// ---- Delete / modifications -------------------------------------------------

// Runs `fn(inst, dirty)` on an existing ACTIVE instance, or answers 404/409.
template <typename F>
Response WithActive(Simulator& sim, const std::string& pid, const std::string& id, F&& fn) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* inst = FindInstance(d, pid, id, now, dirty);
    if (inst == nullptr) return InstanceNotFound(id);
    if (inst->value("_deleting", false)) return Busy("deleting");
    std::string st = inst->value("status", "");
    if (st != "ACTIVE") return Busy(st);
    return fn(d, *inst, now, dirty);
  });
}

Response DeleteInstance(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* inst = FindInstance(d, pid, id, now, dirty);
    if (inst == nullptr) return InstanceNotFound(id);
    std::string st = inst->value("status", "");
    if (inst->value("_deleting", false)) return Busy("deleting");
    if (st != "ACTIVE" && st != "FAILED" && st != "CREATE FAIL") return Busy(st);
    std::string job = NewJob(sim, d, *inst, std::string("Delete") + "Instance", now, kDeleteMs, fail, kFailReason);
    if (fail) {
      inst->erase("_pending");
      Schedule(*inst, now, kDeleteMs, {{"_deleting", false}});
    } else {
      Schedule(*inst, now, kDeleteMs, {{"_gone", true}});
    }
    (*inst)["_deleting"] = true;
    (*inst)["_job"] = job;
    dirty = true;
    return Response::json(202, json{{"job_id", job}}.dump());
  });
}

// Starts a modification: status `busy` now, then ACTIVE with `changes`
// applied after `ms` (or unchanged when the fault fires).
std::string Modify(Simulator& sim, Store::Data& d, json& inst, int64_t now, const std::string& busy,
                   const std::string& job_name, int64_t ms, json changes, bool fail) {
  std::string job = NewJob(sim, d, inst, job_name, now, ms, fail, kFailReason);
  inst["status"] = busy;
  inst["_job"] = job;
  json step = fail ? json::object() : std::move(changes);
  step["status"] = "ACTIVE";
  step["updated"] = RdsTime(now + ms);
  Schedule(inst, now, ms, step, false);
  return job;
}

Response Action(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  int n = body->contains("resize_flavor") + body->contains("enlarge_volume") + body->contains("restart");
  if (n != 1 || body->size() != 1) return Bad("The body must hold exactly one of resize_flavor, enlarge_volume, restart.");
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return WithActive(sim, pid, id, [&](Store::Data& d, json& inst, int64_t now, bool& dirty) -> Response {
    const Engine* eng = FindEngine(inst["datastore"].value("type", ""));
    if (eng == nullptr) return Bad("The DB instance has an unknown engine.");
    if (body->contains("resize_flavor")) {
      const json* rf = Obj(*body, "resize_flavor");
      if (rf == nullptr || Str(*rf, "spec_code").empty()) return Bad("resize_flavor.spec_code is required.");
      auto flavors = FlavorsOf(*eng);
      const Flavor* fl = FindFlavor(flavors, Str(*rf, "spec_code"));
      if (fl == nullptr || fl->ha != (inst.value("type", "") == "Ha")) {
        return RdsError(400, "DBS.280434", "Invalid specification code.");
      }
      if (fl->spec_code == inst.value("flavor_ref", "")) return Bad("The new flavor is the same as the current one.");
      std::string job = Modify(sim, d, inst, now, "MODIFYING INSTANCE TYPE", "ResizeFlavor", kResizeMs,
                               {{"flavor_ref", fl->spec_code}, {"cpu", std::to_string(fl->vcpus)},
                                {"mem", std::to_string(fl->ram)}},
                               fail);
      dirty = true;
      return Response::json(202, json{{"job_id", job}}.dump());
    }
    if (body->contains("enlarge_volume")) {
      const json* ev = Obj(*body, "enlarge_volume");
      if (ev == nullptr || !ev->contains("size") || !(*ev)["size"].is_number_integer()) {
        return Bad("enlarge_volume.size must be an integer.");
      }
      int64_t size = (*ev)["size"].get<int64_t>();
      int64_t cur = inst["volume"].value("size", int64_t{0});
      if (size <= cur || size > 4000 || size % 10 != 0) {
        return Bad("enlarge_volume.size must be larger than the current " + std::to_string(cur) +
                   " GB, at most 4000 GB and a multiple of 10.");
      }
      json vol = inst["volume"];
      vol["size"] = size;
      std::string job = Modify(sim, d, inst, now, "MODIFYING", "EnlargeVolume", kEnlargeMs, {{"volume", vol}}, fail);
      dirty = true;
      return Response::json(202, json{{"job_id", job}}.dump());
    }
    if (!(*body)["restart"].is_object()) return Bad("restart must be an object.");
    std::string job = Modify(sim, d, inst, now, "REBOOTING", "RestartInstance", kRestartMs, json::object(), fail);
    dirty = true;
    return Response::json(202, json{{"job_id", job}}.dump());
  });
}

Response PutBackupPolicy(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  const json* bp = Obj(*body, "backup_policy");
  if (bp == nullptr) return Bad("backup_policy is required.");
  if (!bp->contains("keep_days")) return Bad("backup_policy.keep_days is required.");
  if (auto e = CheckKeepDays(*bp)) return *e;
  int64_t keep = (*bp)["keep_days"].get<int64_t>();
  if (HasNonString(*bp, "start_time") || HasNonString(*bp, "period")) {
    return Bad("backup_policy.start_time and period must be strings.");
  }
  std::string start = Str(*bp, "start_time"), period = Str(*bp, "period");
  if (keep > 0) {
    if (!ValidBackupWindow(start)) {
      return Bad("backup_policy.start_time must be hh:00-HH:00 with HH one hour after hh, e.g. 08:00-09:00.");
    }
    if (bp->contains("period") && !ValidPeriod(period)) {
      return RdsError(400, "DBS.280251", "Invalid backup cycle.");
    }
  }
  return WithActive(sim, pid, id, [&](Store::Data&, json& inst, int64_t, bool& dirty) -> Response {
    inst["backup_strategy"]["keep_days"] = keep;
    if (keep > 0) {
      inst["backup_strategy"]["start_time"] = start;
      if (bp->contains("period")) inst["_period"] = period;
    }
    dirty = true;
    return Response::json(200, "{}");
  });
}

Response GetBackupPolicy(Simulator& sim, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* inst = FindInstance(d, pid, id, now, dirty);
    if (inst == nullptr) return InstanceNotFound(id);
    json bs = (*inst)["backup_strategy"];
    json out = {{"keep_days", bs["keep_days"]}};
    if (bs.value("keep_days", 0) > 0) {
      out["start_time"] = bs["start_time"];
      out["period"] = inst->value("_period", "1,2,3,4,5,6,7");
    }
    return Response::json(200, json{{"backup_policy", out}}.dump());
  });
}

Response PutSecurityGroup(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  std::string sg = Str(*body, "security_group_id");
  if (sg.empty()) return Bad("security_group_id is required.");
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return WithActive(sim, pid, id, [&](Store::Data& d, json& inst, int64_t now, bool& dirty) -> Response {
    auto& sgs = d.of("security_group");
    auto it = sgs.find(sg);
    if (it == sgs.end() || !Owned(it->second, pid)) return Bad("security_group_id " + sg + " does not exist.");
    std::string job = Modify(sim, d, inst, now, "MODIFYING", "ModifySecurityGroup", kQuickMs,
                             {{"security_group_id", sg}, {"_uses_security_group", sg}}, fail);
    dirty = true;
    return Response::json(200, json{{"job_id", job}}.dump());
  });
}

Response PutPort(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (!body->contains("port") || !(*body)["port"].is_number_integer()) return Bad("port must be an integer.");
  int64_t port = (*body)["port"].get<int64_t>();
  if (port < 1024 || port > 65535) return Bad("port must be from 1024 to 65535.");
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return WithActive(sim, pid, id, [&](Store::Data& d, json& inst, int64_t now, bool& dirty) -> Response {
    if (inst.value("port", 0) == port) return Bad("The new port is the same as the current one.");
    std::string job = Modify(sim, d, inst, now, "MODIFYING DATABASE PORT", "ModifyPort", kPortMs, {{"port", port}}, fail);
    dirty = true;
    return Response::json(200, json{{"job_id", job}}.dump());
  });
}

Response PutSsl(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (!body->contains("ssl_option") || !(*body)["ssl_option"].is_boolean()) return Bad("ssl_option must be a boolean.");
  bool on = (*body)["ssl_option"].get<bool>();
  return WithActive(sim, pid, id, [&](Store::Data&, json& inst, int64_t, bool& dirty) -> Response {
    if (inst["datastore"].value("type", "") != "MySQL") return Bad("SSL can only be switched for MySQL instances.");
    inst["enable_ssl"] = on;
    dirty = true;
    return Response::json(200, "{}");
  });
}

Response PutPassword(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  if (HasNonString(*body, "db_user_pwd") || Str(*body, "db_user_pwd").empty()) return Bad("db_user_pwd is required.");
  std::string pw = Str(*body, "db_user_pwd");
  return WithActive(sim, pid, id, [&](Store::Data&, json& inst, int64_t, bool&) -> Response {
    const Engine* eng = FindEngine(inst["datastore"].value("type", ""));
    if (eng == nullptr) return Bad("The DB instance has an unknown engine.");
    std::string problem = PasswordProblem(pw, *eng, inst.value("name", ""));
    if (!problem.empty()) return Bad(problem);
    return Response::json(200, "{}");  // the password itself is never stored
  });
}

Response DiskAuto(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  std::optional<json> body;
  if (req.method == "PUT") {
    body = ParseBody(req);
    if (!body) return Bad("The request body is not valid JSON.");
    if (!body->contains("switch_option") || !(*body)["switch_option"].is_boolean()) {
      return Bad("switch_option must be a boolean.");
    }
    for (const char* f : {"limit_size", "trigger_threshold"}) {
      if (body->contains(f) && !(*body)[f].is_number_integer()) return Bad(std::string(f) + " must be an integer.");
    }
    int64_t th = body->value("trigger_threshold", int64_t{10});
    if (th != 10 && th != 15 && th != 20) return Bad("trigger_threshold must be 10, 15 or 20.");
    int64_t lim = body->value("limit_size", int64_t{0});
    if ((*body)["switch_option"].get<bool>() && (lim < 40 || lim > 4000)) {
      return Bad("limit_size must be from 40 to 4000 GB when switch_option is true.");
    }
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* inst = FindInstance(d, pid, id, now, dirty);
    if (inst == nullptr) return InstanceNotFound(id);
    if (body) {
      (*inst)["_disk_auto"] = {{"switch_option", (*body)["switch_option"]},
                               {"limit_size", body->value("limit_size", int64_t{0})},
                               {"trigger_threshold", body->value("trigger_threshold", int64_t{10})}};
      dirty = true;
      return Response::json(200, "{}");
    }
    return Response::json(200, (*inst)["_disk_auto"].dump());
  });
}

json ParamList(const Engine& e, const json& values) {
  json arr = json::array();
  for (const auto& p : e.params) {
    std::string v = values.contains(p.name) ? values[p.name].get<std::string>() : std::string(p.deflt);
    arr.push_back({{"name", p.name},
                   {"value", v},
                   {"restart_required", p.restart},
                   {"readonly", false},
                   {"value_range", p.range},
                   {"type", p.type},
                   {"description", p.description}});
  }
  return arr;
}

// Empty when `value` fits parameter `p`.
std::string ParamProblem(const DbParam& p, const std::string& value) {
  std::string range = p.range;
  if (std::string(p.type) == "integer") {
    std::size_t dash = range.find('-', 1);
    long long lo = std::stoll(range.substr(0, dash)), hi = std::stoll(range.substr(dash + 1));
    char* end = nullptr;
    errno = 0;
    long long v = value.empty() ? 0 : std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || errno != 0 || v < lo || v > hi) {
      return std::string("parameter ") + p.name + " must be an integer in " + range + ".";
    }
    return "";
  }
  if (range.empty()) return value.size() <= 256 ? "" : std::string("parameter ") + p.name + " is too long.";
  std::string padded = "," + range + ",";
  if (value.empty() || value.find(',') != std::string::npos || padded.find("," + value + ",") == std::string::npos) {
    return std::string("parameter ") + p.name + " must be one of " + range + ".";
  }
  return "";
}

Response PutConfigurations(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  const json* values = Obj(*body, "values");
  if (values == nullptr || values->empty()) return Bad("values must be a non-empty object of parameter names to values.");
  for (auto& [k, v] : values->items()) {
    if (!v.is_string()) return Bad("parameter " + k + " must be given as a string value.");
  }
  bool fail = sim.faults().FailOperation(req.method, req.path);
  return WithActive(sim, pid, id, [&](Store::Data& d, json& inst, int64_t now, bool& dirty) -> Response {
    const Engine* eng = FindEngine(inst["datastore"].value("type", ""));
    if (eng == nullptr) return Bad("The DB instance has an unknown engine.");
    bool restart = false;
    json merged = inst.value("_params", json::object());
    for (auto& [k, v] : values->items()) {
      const DbParam* p = nullptr;
      for (const auto& cand : eng->params) {
        if (k == cand.name) p = &cand;
      }
      if (p == nullptr) return Bad("parameter " + k + " does not exist for " + eng->name + ".");
      std::string problem = ParamProblem(*p, v.get<std::string>());
      if (!problem.empty()) return Bad(problem);
      restart = restart || p->restart;
      merged[k] = v;
    }
    std::string job = NewJob(sim, d, inst, "ModifyInstanceParameters", now, kQuickMs, fail, kFailReason);
    if (!fail) Schedule(inst, now, kQuickMs, {{"_params", merged}});
    dirty = true;
    return Response::json(200, json{{"job_id", job}, {"restart_required", restart}}.dump());
  });
}

Response GetConfigurations(Simulator& sim, const std::string& pid, const std::string& id) {
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* inst = FindInstance(d, pid, id, now, dirty);
    if (inst == nullptr) return InstanceNotFound(id);
    const Engine* eng = FindEngine((*inst)["datastore"].value("type", ""));
    if (eng == nullptr) return Bad("The DB instance has an unknown engine.");
    json out = {{"datastore_version_name", (*inst)["datastore"]["version"]},
                {"datastore_name", eng->name},
                {"created", (*inst)["created"]},
                {"updated", (*inst)["updated"]},
                {"configuration_parameters", ParamList(*eng, inst->value("_params", json::object()))}};
    return Response::json(200, out.dump());
  });
}

Response TagsAction(Simulator& sim, const Request& req, const std::string& pid, const std::string& id) {
  auto body = ParseBody(req);
  if (!body) return Bad("The request body is not valid JSON.");
  std::string action = Str(*body, "action");
  if (action != "create" && action != "delete") return Bad("action must be create or delete.");
  if (!body->contains("tags") || !(*body)["tags"].is_array() || (*body)["tags"].empty()) {
    return Bad("tags must be a non-empty array of {\"key\",\"value\"}.");
  }
  for (const auto& t : (*body)["tags"]) {
    if (!t.is_object() || Str(t, "key").empty() || Str(t, "key").size() > 36 || HasNonString(t, "value") ||
        Str(t, "value").size() > 43) {
      return Bad("every tag needs a key of 1 to 36 characters and a string value of at most 43 characters.");
    }
  }
  int64_t now = sim.clock().NowMs();
  return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
    json* inst = FindInstance(d, pid, id, now, dirty);
    if (inst == nullptr) return InstanceNotFound(id);
    json tags = json::array();
    for (const auto& t : (*inst)["tags"]) {
      bool named = false;
      for (const auto& n : (*body)["tags"]) named = named || Str(n, "key") == t.value("key", "");
      if (!named) tags.push_back(t);
    }
    if (action == "create") {
      for (const auto& n : (*body)["tags"]) tags.push_back({{"key", Str(n, "key")}, {"value", Str(n, "value")}});
      if (tags.size() > 20) return Bad("A DB instance can have at most 20 tags.");
    }
    (*inst)["tags"] = tags;
    dirty = true;
    return Response::json(204, "");
  });
}

// ---- Lookups -----------------------------------------------------------------

Response Flavors(Simulator& sim, const Request& req, const std::string& engine) {
  const Engine* eng = FindEngine(engine);
  if (eng == nullptr) return Bad("database_name " + engine + " is invalid; use MySQL, PostgreSQL or SQLServer.");
  std::string vf = req.query_param("version_name");
  if (!vf.empty() && FindVersion(*eng, vf) == nullptr) {
    return Bad("version_name " + vf + " is not supported for " + eng->name + ".");
  }
  std::string spec = req.query_param("spec_code");
  json versions = json::array();
  for (const auto& v : eng->versions) versions.push_back(v.name);
  json arr = json::array();
  for (const auto& f : FlavorsOf(*eng)) {
    if (!spec.empty() && f.spec_code != spec) continue;
    json az_status = json::object(), az_desc = json::object();
    for (const auto& az : Azs(sim)) {
      az_status[az] = "normal";
      az_desc[az] = az;
    }
    arr.push_back({{"id", StableHex("flavor/" + f.spec_code)},
                   {"vcpus", std::to_string(f.vcpus)},
                   {"ram", f.ram},
                   {"spec_code", f.spec_code},
                   {"version_name", versions},
                   {"instance_mode", f.ha ? "ha" : "single"},
                   {"az_status", az_status},
                   {"az_desc", az_desc},
                   {"group_type", "normal"}});
  }
  return Response::json(200, json{{"flavors", arr}}.dump());
}

Response Datastores(const std::string& engine) {
  const Engine* eng = FindEngine(engine);
  if (eng == nullptr) return Bad("database_name " + engine + " is invalid; use MySQL, PostgreSQL or SQLServer.");
  json arr = json::array();
  for (const auto& v : eng->versions) {
    arr.push_back({{"id", StableHex(std::string("ds/") + eng->name + "/" + v.name)}, {"name", v.name}});
  }
  return Response::json(200, json{{"dataStores", arr}}.dump());
}

Response StorageTypes(Simulator& sim, const std::string& engine) {
  const Engine* eng = FindEngine(engine);
  if (eng == nullptr) return Bad("database_name " + engine + " is invalid; use MySQL, PostgreSQL or SQLServer.");
  json arr = json::array();
  for (const char* t : {"COMMON", "ULTRAHIGH", "CLOUDSSD", "ESSD"}) {
    json az = json::object();
    for (const auto& a : Azs(sim)) az[a] = "normal";
    arr.push_back({{"name", t}, {"az_status", az}});
  }
  return Response::json(200, json{{"storage_type", arr}}.dump());
}

json TemplateView(const Engine& e, const Version& v, bool with_params) {
  json t = {{"id", TemplateId(e, v)},
            {"name", std::string("Default-") + e.name + "-" + v.name},
            {"description", std::string("Default parameter group for ") + e.name + " " + v.name},
            {"datastore_version_name", v.name},
            {"datastore_name", e.name},
            {"created", "2023-01-01T00:00:00+0000"},
            {"updated", "2023-01-01T00:00:00+0000"},
            {"user_defined", false}};
  if (with_params) t["configuration_parameters"] = ParamList(e, json::object());
  return t;
}

}  // namespace

void RegisterRds(Simulator& sim) {
  sim.AddSweeper(Reap);
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
  auto id_of = [](P p) { return std::string(Param(p, "id")); };
  const std::string base = "/v3/{project_id}";
  r.Add("POST", base + "/instances", authed([&sim](const Request& req, P, S pid) { return CreateInstance(sim, req, pid); }));
  r.Add("GET", base + "/instances", authed([&sim](const Request& req, P, S pid) { return ListInstances(sim, req, pid); }));
  r.Add("DELETE", base + "/instances/{id}", authed([&sim, id_of](const Request& req, P p, S pid) {
          return DeleteInstance(sim, req, pid, id_of(p));
        }));
  r.Add("POST", base + "/instances/{id}/action", authed([&sim, id_of](const Request& req, P p, S pid) {
          return Action(sim, req, pid, id_of(p));
        }));
  r.Add("PUT", base + "/instances/{id}/backups/policy", authed([&sim, id_of](const Request& req, P p, S pid) {
          return PutBackupPolicy(sim, req, pid, id_of(p));
        }));
  r.Add("GET", base + "/instances/{id}/backups/policy",
        authed([&sim, id_of](const Request&, P p, S pid) { return GetBackupPolicy(sim, pid, id_of(p)); }));
  r.Add("PUT", base + "/instances/{id}/security-group", authed([&sim, id_of](const Request& req, P p, S pid) {
          return PutSecurityGroup(sim, req, pid, id_of(p));
        }));
  r.Add("PUT", base + "/instances/{id}/port",
        authed([&sim, id_of](const Request& req, P p, S pid) { return PutPort(sim, req, pid, id_of(p)); }));
  r.Add("PUT", base + "/instances/{id}/ssl",
        authed([&sim, id_of](const Request& req, P p, S pid) { return PutSsl(sim, req, pid, id_of(p)); }));
  r.Add("POST", base + "/instances/{id}/password",
        authed([&sim, id_of](const Request& req, P p, S pid) { return PutPassword(sim, req, pid, id_of(p)); }));
  for (const char* m : {"GET", "PUT"}) {
    r.Add(m, base + "/instances/{id}/disk-auto-expansion",
          authed([&sim, id_of](const Request& req, P p, S pid) { return DiskAuto(sim, req, pid, id_of(p)); }));
  }
  r.Add("POST", base + "/instances/{id}/tags/action",
        authed([&sim, id_of](const Request& req, P p, S pid) { return TagsAction(sim, req, pid, id_of(p)); }));
  r.Add("PUT", base + "/instances/{id}/configurations", authed([&sim, id_of](const Request& req, P p, S pid) {
          return PutConfigurations(sim, req, pid, id_of(p));
        }));
  r.Add("GET", base + "/instances/{id}/configurations",
        authed([&sim, id_of](const Request&, P p, S pid) { return GetConfigurations(sim, pid, id_of(p)); }));
  r.Add("GET", base + "/jobs", authed([&sim](const Request& req, P, S pid) {
          std::string id = req.query_param("id");
          if (id.empty()) return Bad("The query parameter id (the job id) is required.");
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            Reap(d, now, dirty);
            auto& k = d.of(kJob);
            auto it = k.find(id);
            if (it == k.end() || !Owned(it->second, pid)) {
              return RdsError(404, "DBS.200012", "The job " + id + " does not exist.");
            }
            return Response::json(200, json{{"job", JobView(it->second, now)}}.dump());
          });
        }));
  r.Add("GET", base + "/flavors/{engine}", authed([&sim](const Request& req, P p, S) {
          return Flavors(sim, req, std::string(Param(p, "engine")));
        }));
  r.Add("GET", base + "/datastores/{engine}",
        authed([](const Request&, P p, S) { return Datastores(std::string(Param(p, "engine"))); }));
  r.Add("GET", base + "/storage-type/{engine}",
        authed([&sim](const Request&, P p, S) { return StorageTypes(sim, std::string(Param(p, "engine"))); }));
  r.Add("GET", base + "/configurations", authed([](const Request&, P, S) {
          json arr = json::array();
          for (const auto& e : Engines()) {
            for (const auto& v : e.versions) arr.push_back(TemplateView(e, v, false));
          }
          return Response::json(200, json{{"configurations", arr}}.dump());
        }));
  r.Add("GET", base + "/configurations/{id}", authed([id_of](const Request&, P p, S) {
          std::string id = id_of(p);
          for (const auto& e : Engines()) {
            for (const auto& v : e.versions) {
              if (TemplateId(e, v) == id) return Response::json(200, TemplateView(e, v, true).dump());
            }
          }
          return RdsError(404, "DBS.200001", "The parameter template " + id + " does not exist.");
        }));
  r.Add("GET", base + "/backups", authed([&sim](const Request& req, P, S pid) {
          std::string inst = req.query_param("instance_id");
          if (inst.empty()) return Bad("The query parameter instance_id is required.");
          int64_t now = sim.clock().NowMs();
          return sim.store().With([&](Store::Data& d, bool& dirty) -> Response {
            if (FindInstance(d, pid, inst, now, dirty) == nullptr) return InstanceNotFound(inst);
            return Response::json(200, R"({"backups":[],"total_count":0})");
          });
        }));
}

}  // namespace otcsim
