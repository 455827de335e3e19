// RDS v3 (api.md section 4) against the real otc-sim binary: create/job/
// list/delete lifecycles on the simulated clock, validation, modifications,
// lookups, the "fail" fault, subnet/security-group in-use checks and
// persistence with --state.
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";
const char* kPassword = "Sim-Db_pass42";

class Rds : public ::testing::Test {
 protected:
  void SetUp() override { Init(); }
  void Init() {
    ASSERT_TRUE(sim_->ok());
    token_ = ProjectToken(*sim_);
    ASSERT_FALSE(token_.empty());
  }
  std::string pid() const { return sim_->cred("project_id"); }
  HttpResult Raw(const std::string& method, const std::string& path, const std::string& body) {
    return Http(method, sim_->http() + path, body, {kJson, "X-Auth-Token: " + token_});
  }
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Raw(method, path, body.is_null() ? "" : body.dump());
  }
  HttpResult R(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Call(method, "/v3/" + pid() + path, body);
  }
  void Advance(double s) {
    ASSERT_EQ(Http("POST", sim_->http() + "/_sim/clock/advance", json{{"seconds", s}}.dump(), {kJson}).status, 200);
  }
  // A VPC, subnet and security group to place instances in.
  void Network() {
    auto v = Call("POST", "/v1/" + pid() + "/vpcs", {{"vpc", {{"name", "vpc-db"}, {"cidr", "192.168.0.0/16"}}}});
    ASSERT_EQ(v.status, 200) << v.body;
    vpc_ = v.Json()["vpc"]["id"];
    auto s = Call("POST", "/v1/" + pid() + "/subnets",
                  {{"subnet", {{"name", "sn-db"}, {"cidr", "192.168.1.0/24"}, {"gateway_ip", "192.168.1.1"}, {"vpc_id", vpc_}}}});
    ASSERT_EQ(s.status, 200) << s.body;
    subnet_ = s.Json()["subnet"]["id"];
    auto g = Call("POST", "/v2.0/security-groups", {{"security_group", {{"name", "sg-db"}}}});
    ASSERT_EQ(g.status, 201) << g.body;
    sg_ = g.Json()["security_group"]["id"];
  }
  json Body(const std::string& name, const std::string& engine = "PostgreSQL", const std::string& version = "13") {
    std::string code = engine == "MySQL" ? "mysql" : "pg";
    return {{"name", name},
            {"datastore", {{"type", engine}, {"version", version}}},
            {"password", kPassword},
            {"flavor_ref", "rds." + code + ".n1.large.2"},
            {"volume", {{"type", "ULTRAHIGH"}, {"size", 100}}},
            {"region", "eu-de"},
            {"availability_zone", "eu-de-01"},
            {"vpc_id", vpc_},
            {"subnet_id", subnet_},
            {"security_group_id", sg_},
            {"port", "8635"},
            {"backup_strategy", {{"start_time", "08:00-09:00"}, {"keep_days", 7}}}};
  }
  json Instance(const std::string& id) {
    auto l = R("GET", "/instances?id=" + id);
    EXPECT_EQ(l.status, 200) << l.body;
    json j = l.Json();
    if (j["instances"].empty()) return nullptr;
    return j["instances"][0];
  }
  json Job(const std::string& id) {
    auto j = R("GET", "/jobs?id=" + id);
    EXPECT_EQ(j.status, 200) << j.body;
    return j.Json()["job"];
  }
  void ExpectError(const HttpResult& r, int status, const std::string& code, const std::string& msg_part = "") {
    EXPECT_EQ(r.status, status) << r.body;
    json j = r.Json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j.value("error_code", ""), code) << r.body;
    EXPECT_NE(j.value("error_msg", ""), "") << r.body;
    if (!msg_part.empty()) {
      EXPECT_NE(j.value("error_msg", "").find(msg_part), std::string::npos) << r.body;
    }
  }
  // Creates an instance and runs its create job to completion.
  std::string Ready(const json& body) {
    auto c = R("POST", "/instances", body);
    EXPECT_EQ(c.status, 202) << c.body;
    std::string id = c.Json()["instance"]["id"];
    Advance(8 * 60 + 1);
    EXPECT_EQ(Instance(id)["status"], "ACTIVE");
    return id;
  }

  std::unique_ptr<SimProcess> sim_ = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", "7", "--https-listen", "off"});
  std::string token_, vpc_, subnet_, sg_;
};

TEST_F(Rds, CreateJobListDeleteLifecycle) {
  Network();
  auto c = R("POST", "/instances", Body("pg-1"));
  ASSERT_EQ(c.status, 202) << c.body;
  json inst = c.Json()["instance"];
  std::string id = inst["id"], job = c.Json()["job_id"];
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id.substr(32), "in01");
  EXPECT_EQ(inst["status"], "BUILD");
  EXPECT_EQ(inst["port"], "8635");  // a string in create
  EXPECT_EQ(inst["datastore"], (json{{"type", "PostgreSQL"}, {"version", "13"}}));
  EXPECT_EQ(inst["flavor_ref"], "rds.pg.n1.large.2");
  EXPECT_EQ(inst["backup_strategy"]["start_time"], "08:00-09:00");
  EXPECT_FALSE(c.body.find(kPassword) != std::string::npos) << "the password must never be echoed";

  json j = Job(job);
  EXPECT_EQ(j["status"], "Running");
  EXPECT_EQ(j["instance"]["id"], id);
  EXPECT_EQ(j["entities"]["instance"]["type"], "Single");
  EXPECT_EQ(j["fail_reason"], "");

  json got = Instance(id);
  ASSERT_TRUE(got.is_object());
  EXPECT_EQ(got["status"], "BUILD");
  EXPECT_EQ(got["port"], 8635);  // an integer in list
  ASSERT_TRUE(got.contains("enable_ssl"));
  EXPECT_EQ(got["enable_ssl"], false);
  EXPECT_EQ(got["type"], "Single");
  EXPECT_EQ(got["cpu"], "2");
  EXPECT_EQ(got["mem"], "8");
  EXPECT_EQ(got["datastore"]["complete_version"], "13.8");
  ASSERT_EQ(got["nodes"].size(), 1u);
  EXPECT_EQ(got["nodes"][0]["role"], "master");
  EXPECT_EQ(got["private_ips"][0], "192.168.1.10");
  std::string created = got["created"];
  EXPECT_EQ(created.substr(19), "+0000");  // 2018-08-20T02:33:49+0800 style

  // Dependent subnet / security group are in use.
  EXPECT_EQ(Call("DELETE", "/v1/" + pid() + "/vpcs/" + vpc_ + "/subnets/" + subnet_).status, 409);
  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + sg_).status, 409);
  // Busy while BUILD.
  ExpectError(R("DELETE", "/instances/" + id), 409, "DBS.201202", "BUILD");

  Advance(8 * 60 + 1);
  EXPECT_EQ(Job(job)["status"], "Completed");
  EXPECT_EQ(Job(job)["process"], "100%");
  got = Instance(id);
  EXPECT_EQ(got["status"], "ACTIVE");
  EXPECT_EQ(got["nodes"][0]["status"], "ACTIVE");

  auto d = R("DELETE", "/instances/" + id);
  ASSERT_EQ(d.status, 202) << d.body;
  std::string djob = d.Json()["job_id"];
  EXPECT_EQ(Job(djob)["status"], "Running");
  // Still there (and still using the subnet) until the delete job completes.
  EXPECT_TRUE(Instance(id).is_object());
  EXPECT_EQ(Call("DELETE", "/v1/" + pid() + "/vpcs/" + vpc_ + "/subnets/" + subnet_).status, 409);
  ExpectError(R("DELETE", "/instances/" + id), 409, "DBS.201202");
  Advance(2 * 60 + 1);
  EXPECT_EQ(Job(djob)["status"], "Completed");
  auto empty = R("GET", "/instances?id=" + id);
  EXPECT_EQ(empty.Json(), (json{{"instances", json::array()}, {"total_count", 0}}));
  auto res = Http("GET", sim_->http() + "/_sim/resources");
  EXPECT_EQ(res.Json()["resources"].value("rds_instance", json::object()).size(), 0u) << res.body;
  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + sg_).status, 204);
  EXPECT_EQ(Call("DELETE", "/v1/" + pid() + "/vpcs/" + vpc_ + "/subnets/" + subnet_).status, 204);
  ExpectError(R("DELETE", "/instances/" + id), 404, "DBS.200002", "does not exist");
  ExpectError(R("GET", "/jobs?id=00000000-0000-4000-8000-000000000000"), 404, "DBS.200012");
  ExpectError(R("GET", "/jobs"), 400, "DBS.200001", "id");
}

TEST_F(Rds, HaInstance) {
  Network();
  json b = Body("my-ha", "MySQL", "8.0");
  b["flavor_ref"] = "rds.mysql.n1.xlarge.4.ha";
  b["availability_zone"] = "eu-de-01,eu-de-02";
  b["ha"] = {{"mode", "Ha"}, {"replication_mode", "semisync"}};
  b.erase("port");
  auto c = R("POST", "/instances", b);
  ASSERT_EQ(c.status, 202) << c.body;
  EXPECT_EQ(c.Json()["instance"]["ha"], (json{{"mode", "Ha"}, {"replication_mode", "semisync"}}));
  EXPECT_EQ(c.Json()["instance"]["port"], "3306");
  std::string id = c.Json()["instance"]["id"];
  Advance(8 * 60 + 1);
  json got = Instance(id);
  EXPECT_EQ(got["type"], "Ha");
  EXPECT_EQ(got["ha"]["replication_mode"], "semisync");
  ASSERT_EQ(got["nodes"].size(), 2u);
  EXPECT_EQ(got["nodes"][0]["role"], "master");
  EXPECT_EQ(got["nodes"][0]["availability_zone"], "eu-de-01");
  EXPECT_EQ(got["nodes"][1]["role"], "slave");
  EXPECT_EQ(got["nodes"][1]["availability_zone"], "eu-de-02");
  EXPECT_EQ(got["private_ips"].size(), 2u);
  EXPECT_EQ(got["cpu"], "4");
  EXPECT_EQ(got["mem"], "32");
}

TEST_F(Rds, CreateValidation) {
  Network();
  auto bad = [&](json b, const std::string& code, const std::string& part) {
    ExpectError(R("POST", "/instances", b), 400, code, part);
  };
  json b = Body("pg-v");
  json x = b;
  x.erase("name");
  bad(x, "DBS.200001", "name is required");
  x = b;
  x["name"] = "1bad";
  bad(x, "DBS.200001", "start with a letter");
  x = b;
  x["name"] = 5;
  bad(x, "DBS.200001", "name must be a string");
  x = b;
  x["password"] = "short1A";
  bad(x, "DBS.200001", "8 to 32");
  x = b;
  x["password"] = "alllowercase1";
  bad(x, "DBS.200001", "at least three");
  x = b;
  x["password"] = "Passw0rd!";
  bad(x, "DBS.200001", "too weak");
  x = b;
  x["password"] = "Abc(12345)x";  // '(' is not allowed for PostgreSQL
  bad(x, "DBS.200001", "not allowed");
  x = b;
  x["flavor_ref"] = "rds.pg.n1.huge.2";
  bad(x, "DBS.280434", "Invalid specification code");
  x = b;
  x["flavor_ref"] = "rds.pg.n1.large.2.ha";  // HA flavor for a Single instance
  bad(x, "DBS.280434", "");
  x = b;
  x["datastore"]["version"] = "9.6";
  bad(x, "DBS.200001", "not supported");
  x = b;
  x["datastore"]["type"] = "Oracle";
  bad(x, "DBS.200001", "datastore.type");
  x = b;
  x["volume"]["size"] = 45;
  bad(x, "DBS.200001", "multiple of 10");
  x = b;
  x["volume"]["type"] = "FAST";
  bad(x, "DBS.200001", "volume.type");
  x = b;
  x["backup_strategy"]["start_time"] = "08:30-09:30";
  bad(x, "DBS.200001", "start_time");
  x = b;
  x["backup_strategy"]["keep_days"] = 800;
  bad(x, "DBS.200001", "keep_days");
  x = b;
  x["port"] = "80";
  bad(x, "DBS.200001", "port");
  x = b;
  x["availability_zone"] = "eu-de-09";
  bad(x, "DBS.200001", "availability_zone");
  x = b;
  x["region"] = "eu-nl";
  bad(x, "DBS.200001", "region");
  x = b;
  x["vpc_id"] = "00000000-0000-4000-8000-000000000000";
  bad(x, "DBS.200001", "vpc_id");
  x = b;
  x["subnet_id"] = "00000000-0000-4000-8000-000000000000";
  bad(x, "DBS.200001", "subnet_id");
  x = b;
  x["security_group_id"] = "00000000-0000-4000-8000-000000000000";
  bad(x, "DBS.200001", "security_group_id");
  x = b;
  x["ha"] = {{"mode", "Ha"}, {"replication_mode", "semisync"}};  // PostgreSQL: async|sync
  x["flavor_ref"] = "rds.pg.n1.large.2.ha";
  x["availability_zone"] = "eu-de-01,eu-de-02";
  bad(x, "DBS.200001", "replication_mode");
  x["ha"]["replication_mode"] = "sync";
  x["availability_zone"] = "eu-de-01";
  bad(x, "DBS.200001", "two AZs");
  // Subnet of another VPC.
  auto v2 = Call("POST", "/v1/" + pid() + "/vpcs", {{"vpc", {{"name", "other"}, {"cidr", "10.0.0.0/16"}}}});
  ASSERT_EQ(v2.status, 200);
  x = b;
  x["vpc_id"] = v2.Json()["vpc"]["id"];
  bad(x, "DBS.200001", "does not belong");
  // Malformed and oversized bodies get the RDS error body.
  ExpectError(Raw("POST", "/v3/" + pid() + "/instances", "{\"name\":"), 400, "DBS.200001", "JSON");
  ExpectError(Raw("POST", "/v3/" + pid() + "/instances", "[1,2]"), 400, "DBS.200001", "JSON");
  ExpectError(Raw("POST", "/v3/" + pid() + "/instances", std::string(2 << 20, 'x')), 400, "DBS.200001", "JSON");
  x = b;
  x["restore_point"] = {{"instance_id", "x"}, {"type", "backup"}};
  bad(x, "DBS.200001", "not supported");
  // Duplicate name.
  ASSERT_EQ(R("POST", "/instances", b).status, 202);
  ExpectError(R("POST", "/instances", b), 409, "DBS.200022", "already exists");
  // Unauthenticated.
  EXPECT_EQ(Http("GET", sim_->http() + "/v3/" + pid() + "/instances").status, 401);
}

TEST_F(Rds, Modifications) {
  Network();
  std::string id = Ready(Body("pg-mod"));
  // Resize flavor.
  auto rz = R("POST", "/instances/" + id + "/action", {{"resize_flavor", {{"spec_code", "rds.pg.n1.xlarge.2"}}}});
  ASSERT_EQ(rz.status, 202) << rz.body;
  std::string job = rz.Json()["job_id"];
  EXPECT_EQ(Instance(id)["status"], "MODIFYING INSTANCE TYPE");
  ExpectError(R("POST", "/instances/" + id + "/action", {{"enlarge_volume", {{"size", 200}}}}), 409, "DBS.201202",
              "MODIFYING INSTANCE TYPE");
  Advance(5 * 60 + 1);
  json got = Instance(id);
  EXPECT_EQ(got["status"], "ACTIVE");
  EXPECT_EQ(got["flavor_ref"], "rds.pg.n1.xlarge.2");
  EXPECT_EQ(got["cpu"], "4");
  EXPECT_EQ(Job(job)["status"], "Completed");
  ExpectError(R("POST", "/instances/" + id + "/action", {{"resize_flavor", {{"spec_code", "rds.mysql.n1.large.2"}}}}),
              400, "DBS.280434");
  // Enlarge volume.
  ExpectError(R("POST", "/instances/" + id + "/action", {{"enlarge_volume", {{"size", 50}}}}), 400, "DBS.200001",
              "larger than the current 100");
  ASSERT_EQ(R("POST", "/instances/" + id + "/action", {{"enlarge_volume", {{"size", 200}}}}).status, 202);
  EXPECT_EQ(Instance(id)["status"], "MODIFYING");
  Advance(3 * 60 + 1);
  EXPECT_EQ(Instance(id)["volume"]["size"], 200);
  // Restart.
  ASSERT_EQ(R("POST", "/instances/" + id + "/action", {{"restart", json::object()}}).status, 202);
  EXPECT_EQ(Instance(id)["status"], "REBOOTING");
  Advance(61);
  ExpectError(R("POST", "/instances/" + id + "/action", json{{"restart", json::object()}, {"x", 1}}), 400, "DBS.200001");
  // Port.
  ASSERT_EQ(R("PUT", "/instances/" + id + "/port", {{"port", 5433}}).status, 200);
  EXPECT_EQ(Instance(id)["status"], "MODIFYING DATABASE PORT");
  Advance(61);
  EXPECT_EQ(Instance(id)["port"], 5433);
  ExpectError(R("PUT", "/instances/" + id + "/port", {{"port", "5433"}}), 400, "DBS.200001", "integer");
  // Backup policy.
  auto bp = R("PUT", "/instances/" + id + "/backups/policy",
              {{"backup_policy", {{"keep_days", 3}, {"start_time", "19:00-20:00"}, {"period", "1,3,5"}}}});
  ASSERT_EQ(bp.status, 200) << bp.body;
  auto gbp = R("GET", "/instances/" + id + "/backups/policy");
  EXPECT_EQ(gbp.Json()["backup_policy"], (json{{"keep_days", 3}, {"start_time", "19:00-20:00"}, {"period", "1,3,5"}}));
  EXPECT_EQ(Instance(id)["backup_strategy"], (json{{"start_time", "19:00-20:00"}, {"keep_days", 3}}));
  ExpectError(R("PUT", "/instances/" + id + "/backups/policy",
                {{"backup_policy", {{"keep_days", 3}, {"start_time", "19:00-20:00"}, {"period", "1,8"}}}}),
              400, "DBS.280251", "Invalid backup cycle");
  ASSERT_EQ(R("PUT", "/instances/" + id + "/backups/policy", {{"backup_policy", {{"keep_days", 0}}}}).status, 200);
  EXPECT_EQ(R("GET", "/instances/" + id + "/backups/policy").Json()["backup_policy"], (json{{"keep_days", 0}}));
  // Parameters.
  ExpectError(R("PUT", "/instances/" + id + "/configurations", {{"values", {{"no_such", "1"}}}}), 400, "DBS.200001",
              "no_such");
  ExpectError(R("PUT", "/instances/" + id + "/configurations", {{"values", {{"max_connections", "5"}}}}), 400,
              "DBS.200001", "10-8388607");
  auto pc = R("PUT", "/instances/" + id + "/configurations", {{"values", {{"max_connections", "300"}}}});
  ASSERT_EQ(pc.status, 200) << pc.body;
  EXPECT_EQ(pc.Json()["restart_required"], true);
  Advance(11);
  auto gc = R("GET", "/instances/" + id + "/configurations");
  ASSERT_EQ(gc.status, 200);
  EXPECT_EQ(gc.Json()["datastore_name"], "PostgreSQL");
  bool found = false;
  json params = gc.Json()["configuration_parameters"];
  for (const auto& p : params) {
    if (p["name"] == "max_connections") {
      found = true;
      EXPECT_EQ(p["value"], "300");
      EXPECT_EQ(p["restart_required"], true);
    }
  }
  EXPECT_TRUE(found);
  // Security group.
  auto g2 = Call("POST", "/v2.0/security-groups", {{"security_group", {{"name", "sg-2"}}}});
  std::string sg2 = g2.Json()["security_group"]["id"];
  ExpectError(R("PUT", "/instances/" + id + "/security-group", {{"security_group_id", "nope"}}), 400, "DBS.200001");
  ASSERT_EQ(R("PUT", "/instances/" + id + "/security-group", {{"security_group_id", sg2}}).status, 200);
  Advance(11);
  EXPECT_EQ(Instance(id)["security_group_id"], sg2);
  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + sg_).status, 204);  // no longer used
  EXPECT_EQ(Call("DELETE", "/v2.0/security-groups/" + sg2).status, 409);
  // Password reset and SSL.
  ExpectError(R("POST", "/instances/" + id + "/password", {{"db_user_pwd", "weak"}}), 400, "DBS.200001", "8 to 32");
  EXPECT_EQ(R("POST", "/instances/" + id + "/password", {{"db_user_pwd", "An0ther-Secret"}}).status, 200);
  ExpectError(R("PUT", "/instances/" + id + "/ssl", {{"ssl_option", true}}), 400, "DBS.200001", "MySQL");
  // Disk auto-expansion.
  ASSERT_EQ(R("PUT", "/instances/" + id + "/disk-auto-expansion",
              {{"switch_option", true}, {"limit_size", 400}, {"trigger_threshold", 15}})
                .status,
            200);
  EXPECT_EQ(R("GET", "/instances/" + id + "/disk-auto-expansion").Json()["limit_size"], 400);
  // Tags.
  ASSERT_EQ(R("POST", "/instances/" + id + "/tags/action",
              {{"action", "create"}, {"tags", {{{"key", "env"}, {"value", "dev"}}, {{"key", "team"}, {"value", "db"}}}}})
                .status,
            204);
  ASSERT_EQ(R("POST", "/instances/" + id + "/tags/action", {{"action", "delete"}, {"tags", {{{"key", "team"}}}}}).status,
            204);
  EXPECT_EQ(Instance(id)["tags"], (json{{{"key", "env"}, {"value", "dev"}}}));
  ExpectError(R("POST", "/instances/" + id + "/tags/action", {{"action", "rename"}, {"tags", json::array()}}), 400,
              "DBS.200001", "action");
  // Unknown instance.
  ExpectError(R("PUT", "/instances/nope/port", {{"port", 5000}}), 404, "DBS.200002", "nope");
}

TEST_F(Rds, ListFiltersAndPagination) {
  Network();
  ASSERT_EQ(R("POST", "/instances", Body("pg-a")).status, 202);
  ASSERT_EQ(R("POST", "/instances", Body("pg-b", "PostgreSQL", "14")).status, 202);
  json m = Body("my-c", "MySQL", "5.7");
  m["flavor_ref"] = "rds.mysql.n1.large.2.ha";
  m["availability_zone"] = "eu-de-02,eu-de-03";
  m["ha"] = {{"mode", "Ha"}, {"replication_mode", "async"}};
  ASSERT_EQ(R("POST", "/instances", m).status, 202);
  auto all = R("GET", "/instances").Json();
  EXPECT_EQ(all["total_count"], 3);
  ASSERT_EQ(all["instances"].size(), 3u);
  EXPECT_EQ(all["instances"][0]["name"], "my-c");  // newest first
  auto p1 = R("GET", "/instances?limit=2&offset=0").Json();
  auto p2 = R("GET", "/instances?limit=2&offset=2").Json();
  EXPECT_EQ(p1["total_count"], 3);
  EXPECT_EQ(p1["instances"].size(), 2u);
  EXPECT_EQ(p2["instances"].size(), 1u);
  std::set<std::string> names;
  for (const auto& i : p1["instances"]) names.insert(i["name"]);
  for (const auto& i : p2["instances"]) names.insert(i["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"pg-a", "pg-b", "my-c"}));
  EXPECT_EQ(R("GET", "/instances?type=Ha").Json()["total_count"], 1);
  EXPECT_EQ(R("GET", "/instances?datastore_type=PostgreSQL").Json()["total_count"], 2);
  EXPECT_EQ(R("GET", "/instances?name=pg-b").Json()["instances"][0]["datastore"]["version"], "14");
  EXPECT_EQ(R("GET", "/instances?vpc_id=" + vpc_ + "&subnet_id=" + subnet_).Json()["total_count"], 3);
  EXPECT_EQ(R("GET", "/instances?vpc_id=other").Json()["total_count"], 0);
  ExpectError(R("GET", "/instances?limit=0"), 400, "DBS.200001", "limit");
  ExpectError(R("GET", "/instances?limit=101"), 400, "DBS.200001", "limit");
  ExpectError(R("GET", "/instances?offset=-1"), 400, "DBS.200001", "offset");
  ExpectError(R("GET", "/instances?type=Cluster"), 400, "DBS.200001", "type");
}

TEST_F(Rds, Lookups) {
  auto f = R("GET", "/flavors/PostgreSQL?version_name=13");
  ASSERT_EQ(f.status, 200) << f.body;
  bool found = false;
  json flavors = f.Json()["flavors"];
  for (const auto& fl : flavors) {
    if (fl["spec_code"] == "rds.pg.n1.large.2") {
      found = true;
      EXPECT_EQ(fl["vcpus"], "2");
      EXPECT_EQ(fl["ram"], 8);
      EXPECT_EQ(fl["instance_mode"], "single");
      EXPECT_EQ(fl["az_status"]["eu-de-01"], "normal");
      EXPECT_NE(std::find(fl["version_name"].begin(), fl["version_name"].end(), "13"), fl["version_name"].end());
    }
  }
  EXPECT_TRUE(found);
  auto one = R("GET", "/flavors/mysql?version_name=8.0&spec_code=rds.mysql.n1.large.2.ha").Json()["flavors"];
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["instance_mode"], "ha");
  ExpectError(R("GET", "/flavors/PostgreSQL?version_name=7"), 400, "DBS.200001", "version_name");
  ExpectError(R("GET", "/flavors/Oracle"), 400, "DBS.200001", "Oracle");
  auto ds = R("GET", "/datastores/MySQL");
  ASSERT_EQ(ds.status, 200);
  ASSERT_EQ(ds.Json()["dataStores"].size(), 2u);
  EXPECT_EQ(ds.Json()["dataStores"][1]["name"], "8.0");
  EXPECT_EQ(R("GET", "/storage-type/PostgreSQL?version_name=13").Json()["storage_type"][0]["name"], "COMMON");
  auto cfgs = R("GET", "/configurations");
  ASSERT_EQ(cfgs.status, 200);
  std::string cfg_id = cfgs.Json()["configurations"][0]["id"];
  auto cfg = R("GET", "/configurations/" + cfg_id);
  ASSERT_EQ(cfg.status, 200);
  EXPECT_FALSE(cfg.Json()["configuration_parameters"].empty());
}

TEST_F(Rds, FailFaultEndsJobFailed) {
  Network();
  ASSERT_EQ(Http("POST", sim_->http() + "/_sim/faults", json{{"spec", "rds:fail:1:POST"}}.dump(), {kJson}).status, 200);
  auto c = R("POST", "/instances", Body("pg-fail"));
  ASSERT_EQ(c.status, 202) << c.body;
  std::string id = c.Json()["instance"]["id"], job = c.Json()["job_id"];
  Advance(8 * 60 + 1);
  json j = Job(job);
  EXPECT_EQ(j["status"], "Failed");
  EXPECT_NE(j["fail_reason"], "");
  EXPECT_EQ(Instance(id)["status"], "FAILED");
  ASSERT_EQ(Http("DELETE", sim_->http() + "/_sim/faults").status, 204);
  // A failed instance can be deleted.
  auto d = R("DELETE", "/instances/" + id);
  ASSERT_EQ(d.status, 202) << d.body;
  Advance(2 * 60 + 1);
  EXPECT_TRUE(Instance(id).is_null());
}

TEST_F(Rds, FailFaultOnModificationKeepsOldValues) {
  Network();
  std::string id = Ready(Body("pg-mf"));
  ASSERT_EQ(Http("POST", sim_->http() + "/_sim/faults", json{{"spec", "rds:fail:1:POST"}}.dump(), {kJson}).status, 200);
  auto rz = R("POST", "/instances/" + id + "/action", {{"enlarge_volume", {{"size", 300}}}});
  ASSERT_EQ(rz.status, 202);
  Advance(3 * 60 + 1);
  EXPECT_EQ(Job(rz.Json()["job_id"])["status"], "Failed");
  json got = Instance(id);
  EXPECT_EQ(got["status"], "ACTIVE");
  EXPECT_EQ(got["volume"]["size"], 100);
}

TEST_F(Rds, NotFoundAfterCreateFault) {
  Network();
  ASSERT_EQ(Http("POST", sim_->http() + "/_sim/faults", json{{"spec", "rds:404-after-create=60"}}.dump(), {kJson}).status,
            200);
  auto c = R("POST", "/instances", Body("pg-late"));
  ASSERT_EQ(c.status, 202) << c.body;
  std::string id = c.Json()["instance"]["id"];
  EXPECT_EQ(R("GET", "/instances?id=" + id).Json(), (json{{"instances", json::array()}, {"total_count", 0}}));
  Advance(61);
  EXPECT_EQ(Instance(id)["name"], "pg-late");
}

TEST_F(Rds, PersistsAcrossRestart) {
  char tmpl[] = "/tmp/otcsim-rds-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string state = std::string(tmpl) + "/state.json";
  std::string id, job;
  sim_ = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", "8", "--https-listen", "off", "--state", state});
  Init();
  Network();
  auto c = R("POST", "/instances", Body("pg-keep"));
  ASSERT_EQ(c.status, 202);
  id = c.Json()["instance"]["id"];
  job = c.Json()["job_id"];
  sim_.reset();
  sim_ = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", "8", "--https-listen", "off", "--state", state});
  Init();
  json got = Instance(id);
  ASSERT_TRUE(got.is_object());
  EXPECT_EQ(got["name"], "pg-keep");
  EXPECT_EQ(Job(job)["instance"]["id"], id);
  sim_.reset();
  std::remove(state.c_str());
  rmdir(tmpl);
}

}  // namespace
}  // namespace otcsim_test
