// End-to-end: edp_rds_instance and the edp_rds_flavors / edp_rds_versions
// data sources through the real terraform-provider-edp (plugin client,
// protocol 6) against a real otc-sim whose clock runs 600x (an 8-minute
// create takes 0.8 s): create (waits for the job and ACTIVE), no-drift
// plan, in-place changes (security group, resize of flavor and volume,
// port, backup policy, parameters with restart, password reset, tags,
// SSL), replacements, import (password kept from config without an API
// call), out-of-band deletion, destroy that frees the subnet and security
// group at once; PostgreSQL HA; a failed job's reason and a create timeout
// leaving the instance tracked; the same lifecycle under injected faults;
// bad configuration rejected before any API request; the requests one
// lifecycle costs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kRds = "edp_rds_instance";
constexpr const char* kPassword = "Edp-Db-Secret-42";

struct RdsSpec {
  std::string name = "pg-main";
  std::string type = "PostgreSQL";
  std::string version = "13";
  std::string password = kPassword;
  std::optional<int64_t> port;
  std::string flavor = "rds.pg.n1.large.2";
  std::string volume_type = "ULTRAHIGH";
  int64_t size = 40;
  std::vector<std::string> azs = {"eu-de-01"};
  std::string replication;  // "" = single
  std::string sg;           // set by the fixture
  std::string backup_start;  // "" = no block
  std::optional<int64_t> keep_days;
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> tags;
  std::optional<bool> ssl;
  std::string create_timeout;  // "" = default
  std::optional<std::vector<std::string>> public_ips;
};

class RdsE2e : public ProviderE2e {
 protected:
  RdsE2e() : ProviderE2e(600) {}

  // A VPC, a subnet and two security groups made through the provider.
  void MakeNetwork() {
    vpc_ = Converge("edp_vpc", Null("edp_vpc"), Config("edp_vpc", {{"name", S("db-net")}, {"cidr", S("10.50.0.0/16")}}));
    ASSERT_FALSE(vpc_.IsNull());
    subnet_ = Converge("edp_vpc_subnet", Null("edp_vpc_subnet"),
                       Config("edp_vpc_subnet", {{"name", S("db-sub")},
                                                 {"cidr", S("10.50.1.0/24")},
                                                 {"gateway_ip", S("10.50.1.1")},
                                                 {"vpc_id", AttrOf(vpc_, "id")}}));
    ASSERT_FALSE(subnet_.IsNull());
    sg_ = Converge("edp_networking_secgroup", Null("edp_networking_secgroup"),
                   Config("edp_networking_secgroup", {{"name", S("db-sg")}}));
    ASSERT_FALSE(sg_.IsNull());
    sg2_ = Converge("edp_networking_secgroup", Null("edp_networking_secgroup"),
                    Config("edp_networking_secgroup", {{"name", S("db-sg2")}}));
    ASSERT_FALSE(sg2_.IsNull());
  }
  void DestroyNetwork() {
    Destroy("edp_networking_secgroup", sg2_);
    Destroy("edp_networking_secgroup", sg_);
    Destroy("edp_vpc_subnet", subnet_);
    Destroy("edp_vpc", vpc_);
    EXPECT_EQ(Inventory("subnet").size(), 0u);
    EXPECT_EQ(Inventory("vpc").size(), 0u);
  }

  // An EIP (edp_vpc_eip) whose address public_ips can name.
  cty::Value MakeEip() {
    const framework::Block& b = Block("edp_vpc_eip");
    cty::Value ip = edptest::ConfigOf(*b.blocks.at("publicip").block, {{"type", S("5_bgp")}});
    cty::Value bw = edptest::ConfigOf(*b.blocks.at("bandwidth").block,
                                      {{"name", S("db-bw")}, {"size", cty::Value::Int(5)}, {"share_type", S("PER")}});
    return Converge("edp_vpc_eip", Null("edp_vpc_eip"),
                    Config("edp_vpc_eip", {{"publicip", cty::Value::List(ip.type(), {ip})},
                                           {"bandwidth", cty::Value::List(bw.type(), {bw})}}));
  }

  cty::Value RdsConfig(const RdsSpec& r) {
    const framework::Block& b = Block(kRds);
    std::map<std::string, cty::Value> db = {
        {"type", S(r.type)}, {"version", S(r.version)}, {"password", S(r.password)}};
    if (r.port) db["port"] = cty::Value::Int(*r.port);
    std::map<std::string, cty::Value> vol = {{"type", S(r.volume_type)}, {"size", cty::Value::Int(r.size)}};
    cty::Value dbv = edptest::ConfigOf(*b.blocks.at("db").block, db);
    cty::Value volv = edptest::ConfigOf(*b.blocks.at("volume").block, vol);
    std::vector<cty::Value> azs;
    for (const auto& a : r.azs) azs.push_back(S(a));
    std::map<std::string, cty::Value> top = {
        {"name", S(r.name)},
        {"flavor", S(r.flavor)},
        {"availability_zone", cty::Value::List(cty::Type::String(), azs)},
        {"vpc_id", AttrOf(vpc_, "id")},
        {"subnet_id", AttrOf(subnet_, "id")},
        {"security_group_id", r.sg.empty() ? AttrOf(sg_, "id") : S(r.sg)},
        {"db", cty::Value::List(dbv.type(), {dbv})},
        {"volume", cty::Value::List(volv.type(), {volv})}};
    if (!r.replication.empty()) top["ha_replication_mode"] = S(r.replication);
    if (!r.backup_start.empty()) {
      std::map<std::string, cty::Value> bs = {{"start_time", S(r.backup_start)}};
      if (r.keep_days) bs["keep_days"] = cty::Value::Int(*r.keep_days);
      cty::Value bsv = edptest::ConfigOf(*b.blocks.at("backup_strategy").block, bs);
      top["backup_strategy"] = cty::Value::List(bsv.type(), {bsv});
    }
    if (!r.params.empty()) top["parameters"] = Map(r.params);
    if (!r.tags.empty()) top["tags"] = Map(r.tags);
    if (r.ssl) top["ssl_enable"] = cty::Value::Bool(*r.ssl);
    if (r.public_ips) {
      std::vector<cty::Value> ips;
      for (const auto& ip : *r.public_ips) ips.push_back(S(ip));
      top["public_ips"] = cty::Value::List(cty::Type::String(), ips);
    }
    if (!r.create_timeout.empty()) {
      top["timeouts"] = edptest::ConfigOf(*b.blocks.at("timeouts").block, {{"create", S(r.create_timeout)}});
    }
    return Config(kRds, top);
  }
  static cty::Value Map(const std::map<std::string, std::string>& t) {
    std::map<std::string, cty::Value> m;
    for (const auto& [k, v] : t) m.emplace(k, S(v));
    return cty::Value::Map(cty::Type::String(), std::move(m));
  }
  static cty::Value In(const cty::Value& state, const char* block, const char* attr) {
    return AttrOf(AttrOf(state, block).Elements().at(0), attr);
  }
  static cty::Path At(const char* block, const char* attr) {
    return cty::Path().GetAttr(block).Index(int64_t{0}).GetAttr(attr);
  }
  // `state` with db.password null (what an import yields).
  static cty::Value WithoutPassword(const cty::Value& state) {
    auto r = framework::SetAtPath(state, At("db", "password"), cty::Value::Null(cty::Type::String()));
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : state;
  }
  json Find(const std::string& id) {
    for (const auto& o : Inventory("rds_instance")) {
      if (o.value("id", "") == id) return o;
    }
    return json();
  }
  // API requests whose method is `method` and whose target contains `part`.
  size_t Requests(const std::string& method, const std::string& part) {
    auto r = Http("GET", sim_.http() + "/_sim/requests?limit=10000");
    size_t n = 0;
    const json log = r.Json();  // kept alive: the loop below iterates into it
    if (!log.is_object() || !log.contains("requests")) return 0;
    for (const auto& e : log["requests"]) {
      if (e.value("method", "") == method && e.value("target", "").find(part) != std::string::npos) ++n;
    }
    return n;
  }
  std::string RdsUrl(const std::string& rest) {
    return sim_.http() + "/v3/" + sim_.cred("project_id") + rest;
  }
  // The database password never reaches the provider's log.
  void ExpectPasswordNotLogged(const std::string& pw) {
    for (const auto& line : plugin_->log->Lines()) EXPECT_EQ(line.find(pw), std::string::npos) << line;
  }

  cty::Value vpc_, subnet_, sg_, sg2_;
};

TEST_F(RdsE2e, PostgresSingleFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());

  // Create: the apply returns once the job completed and the instance is ACTIVE.
  RdsSpec spec;
  spec.backup_start = "08:00-09:00";
  spec.keep_days = 5;
  spec.params = {{"work_mem", "8192"}};
  spec.tags = {{"env", "test"}};
  cty::Value cfg = RdsConfig(spec);
  auto plan = Plan(kRds, Null(kRds), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "") << plan.diagnostics.ToString();
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  auto created = Apply(kRds, Null(kRds), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value db = created.new_state;
  ASSERT_TRUE(db.IsWhollyKnown());
  const std::string id = AttrOf(db, "id").AsString();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(AttrOf(db, "status"), S("ACTIVE"));
  EXPECT_EQ(In(db, "db", "port"), cty::Value::Int(5432));
  EXPECT_EQ(In(db, "db", "user_name"), S("root"));
  EXPECT_EQ(In(db, "db", "complete_version"), S("13.8"));
  EXPECT_EQ(In(db, "db", "password"), S(kPassword));
  EXPECT_EQ(In(db, "backup_strategy", "keep_days"), cty::Value::Int(5));
  EXPECT_EQ(AttrOf(db, "parameters"), Map({{"work_mem", "8192"}}));
  EXPECT_EQ(AttrOf(db, "tags"), Map({{"env", "test"}}));
  EXPECT_TRUE(AttrOf(db, "ha_replication_mode").IsNull());
  ASSERT_EQ(AttrOf(db, "nodes").Elements().size(), 1u);
  EXPECT_EQ(AttrOf(AttrOf(db, "nodes").Elements()[0], "role"), S("master"));
  ASSERT_EQ(AttrOf(db, "private_ips").Elements().size(), 1u);
  EXPECT_EQ(AttrOf(db, "private_ips").Elements()[0].AsString().rfind("10.50.1.", 0), 0u);
  ASSERT_EQ(Inventory("rds_instance").size(), 1u);
  EXPECT_EQ(Find(id)["status"], "ACTIVE");

  // Refresh and re-plan: no drift.
  auto read = Read(kRds, db);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, db);
  auto noop = Plan(kRds, db, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, db);
  EXPECT_TRUE(noop.requires_replace.empty());

  // An EIP to bind as the instance's public address.
  cty::Value eip = MakeEip();
  ASSERT_FALSE(eip.IsNull());
  const std::string eip_addr = In(eip, "publicip", "ip_address").AsString();
  const std::string eip_id = AttrOf(eip, "id").AsString();

  // In place: security group, flavor, volume, port, backup policy,
  // parameters (max_connections needs a restart), password, tags, EIP.
  const size_t pw_resets = Requests("POST", "/password");
  spec.public_ips = std::vector<std::string>{eip_addr};
  spec.sg = AttrOf(sg2_, "id").AsString();
  spec.flavor = "rds.pg.n1.xlarge.2";
  spec.size = 60;
  spec.port = 8635;
  spec.backup_start = "22:00-23:00";
  spec.keep_days = 9;
  spec.params = {{"work_mem", "16384"}, {"max_connections", "300"}};
  spec.password = "Edp-Db-Secret-43";
  spec.tags = {{"env", "prod"}, {"team", "edp"}};
  cty::Value cfg2 = RdsConfig(spec);
  auto plan2 = Plan(kRds, db, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "") << plan2.diagnostics.ToString();
  EXPECT_TRUE(plan2.requires_replace.empty());
  auto updated = Apply(kRds, db, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  db = updated.new_state;
  EXPECT_EQ(AttrOf(db, "id"), S(id));
  json remote = Find(id);
  EXPECT_EQ(remote["status"], "ACTIVE");
  EXPECT_EQ(remote["security_group_id"], spec.sg);
  EXPECT_EQ(remote["flavor_ref"], "rds.pg.n1.xlarge.2");
  EXPECT_EQ(remote["volume"]["size"], 60);
  EXPECT_EQ(remote["port"], 8635);
  EXPECT_EQ(remote["backup_strategy"]["start_time"], "22:00-23:00");
  EXPECT_EQ(remote["backup_strategy"]["keep_days"], 9);
  EXPECT_EQ(remote["tags"].size(), 2u);
  EXPECT_EQ(Requests("POST", "/password"), pw_resets + 1);
  EXPECT_EQ(Requests("POST", id + "/action"), 3u);  // resize, enlarge, restart (max_connections)
  EXPECT_EQ(AttrOf(db, "parameters"), Map({{"work_mem", "16384"}, {"max_connections", "300"}}));
  EXPECT_EQ(In(db, "db", "password"), S("Edp-Db-Secret-43"));
  EXPECT_EQ(AttrOf(db, "public_ips"), cty::Value::List(cty::Type::String(), {S(eip_addr)}));
  json bound;
  for (const auto& e : Inventory("publicip")) {
    if (e.value("id", "") == eip_id) bound = e;
  }
  EXPECT_EQ(bound["status"], "ACTIVE");
  EXPECT_TRUE(bound["port_id"].is_string());
  EXPECT_EQ(Read(kRds, db).new_state, db);
  EXPECT_EQ(Plan(kRds, db, cfg2).planned_state, db);

  // The volume cannot shrink: refused at plan time with the path.
  RdsSpec shrink = spec;
  shrink.size = 50;
  auto plan_shrink = Plan(kRds, db, RdsConfig(shrink));
  EXPECT_EQ(Summaries(plan_shrink.diagnostics), "Error: Volume Cannot Shrink [at volume[0].size]");

  // Drift: a parameter changed behind the provider's back shows and is set back.
  auto oob = CallAsUser("PUT", RdsUrl("/instances/" + id + "/configurations"),
                        json{{"values", {{"work_mem", "4096"}}}}.dump());
  ASSERT_EQ(oob.status, 200) << oob.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // its job: 10 s simulated
  auto drift = Read(kRds, db);
  ASSERT_EQ(Summaries(drift.diagnostics), "");
  EXPECT_EQ(AttrOf(drift.new_state, "parameters"), Map({{"work_mem", "4096"}, {"max_connections", "300"}}));
  db = Converge(kRds, drift.new_state, cfg2);
  EXPECT_EQ(AttrOf(db, "parameters"), Map({{"work_mem", "16384"}, {"max_connections", "300"}}));

  // Unbinding the EIP in place: public_ips = [].
  spec.public_ips = std::vector<std::string>{};
  cty::Value cfg_unbind = RdsConfig(spec);
  db = Converge(kRds, db, cfg_unbind);
  EXPECT_EQ(AttrOf(db, "public_ips"), cty::Value::List(cty::Type::String(), {}));
  for (const auto& e : Inventory("publicip")) EXPECT_TRUE(e["port_id"].is_null()) << e.dump();

  // A new major version cannot be changed in place: the plan says so at
  // the path; destroy + create gives a new instance.
  spec.version = "14";
  cty::Value cfg3 = RdsConfig(spec);
  auto plan3 = Plan(kRds, db, cfg3);
  ASSERT_EQ(Summaries(plan3.diagnostics), "");
  ASSERT_EQ(plan3.requires_replace.size(), 1u);
  EXPECT_EQ(plan3.requires_replace[0], At("db", "version"));
  Destroy(kRds, db);
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  cty::Value db2 = Converge(kRds, Null(kRds), cfg3);
  ASSERT_FALSE(db2.IsNull());
  const std::string id2 = AttrOf(db2, "id").AsString();
  EXPECT_NE(id2, id);
  EXPECT_EQ(In(db2, "db", "complete_version"), S("14.4"));
  EXPECT_EQ(In(db2, "db", "port"), cty::Value::Int(8635));

  // Import by ID gives the same state, except what cannot be read back:
  // the password, and which parameters are managed. The next plan only
  // records the configured ones (in place, no replacement) and applying it
  // resets no password, changes no parameter and restarts nothing.
  cty::Value imported = Import(kRds, id2);
  EXPECT_EQ(imported, framework::WithAttr(WithoutPassword(db2), "parameters",
                                          cty::Value::Null(cty::Type::Map(cty::Type::String()))));
  auto iplan = Plan(kRds, imported, cfg3);
  ASSERT_EQ(Summaries(iplan.diagnostics), "");
  EXPECT_TRUE(iplan.requires_replace.empty());
  const size_t pw_before = Requests("POST", "/password");
  const size_t params_before = Requests("PUT", "/configurations");
  const size_t actions_before = Requests("POST", id2 + "/action");
  auto adopted = Apply(kRds, imported, iplan.planned_state, cfg3, iplan.planned_private);
  ASSERT_EQ(Summaries(adopted.diagnostics), "") << adopted.diagnostics.ToString();
  EXPECT_EQ(adopted.new_state, db2);
  EXPECT_EQ(Requests("POST", "/password"), pw_before);
  EXPECT_EQ(Requests("PUT", "/configurations"), params_before);
  EXPECT_EQ(Requests("POST", id2 + "/action"), actions_before);

  // Deleted behind the provider's back: the refresh says gone once the
  // delete job is done; a destroy of the stale state succeeds.
  auto del = CallAsUser("DELETE", RdsUrl("/instances/" + id2));
  ASSERT_EQ(del.status, 202) << del.body;
  cty::Value after = db2;
  for (int i = 0; i < 100 && !after.IsNull(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto r = Read(kRds, db2);
    ASSERT_EQ(Summaries(r.diagnostics), "");
    after = r.new_state;
  }
  EXPECT_TRUE(after.IsNull());
  Destroy(kRds, db2);
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  ExpectPasswordNotLogged(kPassword);
  ExpectPasswordNotLogged("Edp-Db-Secret-43");
  Destroy("edp_vpc_eip", eip);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
  DestroyNetwork();
}

TEST_F(RdsE2e, PostgresHaAndDeleteFreesSubnetAndSecurityGroupAtOnce) {
  ASSERT_EQ(Summaries(Configure()), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());
  RdsSpec spec;
  spec.name = "pg-ha";
  spec.flavor = "rds.pg.n1.large.4.ha";
  spec.azs = {"eu-de-02", "eu-de-01"};
  spec.replication = "sync";
  cty::Value cfg = RdsConfig(spec);
  cty::Value db = Converge(kRds, Null(kRds), cfg);
  ASSERT_FALSE(db.IsNull());
  const std::string id = AttrOf(db, "id").AsString();
  EXPECT_EQ(AttrOf(db, "ha_replication_mode"), S("sync"));
  EXPECT_EQ(Find(id)["type"], "Ha");
  ASSERT_EQ(AttrOf(db, "nodes").Elements().size(), 2u);
  EXPECT_EQ(AttrOf(AttrOf(db, "nodes").Elements()[0], "role"), S("master"));
  EXPECT_EQ(AttrOf(AttrOf(db, "nodes").Elements()[0], "availability_zone"), S("eu-de-02"));
  EXPECT_EQ(AttrOf(AttrOf(db, "nodes").Elements()[1], "availability_zone"), S("eu-de-01"));
  EXPECT_EQ(AttrOf(db, "private_ips").Elements().size(), 2u);
  EXPECT_EQ(Plan(kRds, db, cfg).planned_state, db);

  // An HA resize in place.
  spec.flavor = "rds.pg.n1.xlarge.4.ha";
  db = Converge(kRds, db, RdsConfig(spec));
  EXPECT_EQ(AttrOf(db, "id"), S(id));
  EXPECT_EQ(Find(id)["flavor_ref"], "rds.pg.n1.xlarge.4.ha");

  // The replication mode and the AZs replace the instance.
  RdsSpec async = spec;
  async.replication = "async";
  auto p1 = Plan(kRds, db, RdsConfig(async));
  ASSERT_EQ(Summaries(p1.diagnostics), "");
  ASSERT_EQ(p1.requires_replace.size(), 1u);
  EXPECT_EQ(p1.requires_replace[0], cty::Path().GetAttr("ha_replication_mode"));
  RdsSpec moved = spec;
  moved.azs = {"eu-de-02", "eu-de-03"};
  auto p2 = Plan(kRds, db, RdsConfig(moved));
  ASSERT_EQ(Summaries(p2.diagnostics), "");
  ASSERT_EQ(p2.requires_replace.size(), 1u);
  EXPECT_EQ(p2.requires_replace[0], cty::Path().GetAttr("availability_zone"));

  // Destroy waits until the instance is gone: its security group and
  // subnet can be deleted right afterwards (the official provider's #1393).
  Destroy(kRds, db);
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  DestroyNetwork();
  EXPECT_EQ(Inventory("security_group").size(), 0u);
}

TEST_F(RdsE2e, MySqlSslInPlace) {
  ASSERT_EQ(Summaries(Configure()), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());
  RdsSpec spec;
  spec.name = "my-ssl";
  spec.type = "MySQL";
  spec.version = "8.0";
  spec.flavor = "rds.mysql.n1.large.2";
  spec.ssl = true;
  spec.password = "My(Db)&Pass1";
  cty::Value db = Converge(kRds, Null(kRds), RdsConfig(spec));
  ASSERT_FALSE(db.IsNull());
  const std::string id = AttrOf(db, "id").AsString();
  EXPECT_EQ(AttrOf(db, "ssl_enable"), cty::Value::True());
  EXPECT_EQ(Find(id)["enable_ssl"], true);
  EXPECT_EQ(In(db, "db", "port"), cty::Value::Int(3306));
  spec.ssl = false;
  db = Converge(kRds, db, RdsConfig(spec));
  EXPECT_EQ(AttrOf(db, "ssl_enable"), cty::Value::False());
  EXPECT_EQ(Find(id)["enable_ssl"], false);
  // SSL switched off elsewhere shows as drift.
  auto r = CallAsUser("PUT", RdsUrl("/instances/" + id + "/ssl"), json{{"ssl_option", true}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto read = Read(kRds, db);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(AttrOf(read.new_state, "ssl_enable"), cty::Value::True());
  auto plan = Plan(kRds, read.new_state, RdsConfig(spec));
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_EQ(AttrOf(plan.planned_state, "ssl_enable"), cty::Value::False());
  Destroy(kRds, read.new_state);
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  DestroyNetwork();
}

TEST_F(RdsE2e, FailedJobShowsTheReasonAndATimeoutKeepsTheInstanceTracked) {
  ASSERT_EQ(Summaries(Configure()), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());
  // Every RDS create job fails: the error carries the service's reason and
  // the instance comes back as state (OpenTofu taints it).
  auto f = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", "rds:fail:1:POST"}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  RdsSpec spec;
  spec.name = "pg-fail";
  cty::Value cfg = RdsConfig(spec);
  auto plan = Plan(kRds, Null(kRds), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto failed = Apply(kRds, Null(kRds), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(failed.diagnostics.size(), 1u) << failed.diagnostics.ToString();
  EXPECT_NE(failed.diagnostics[0].detail.find("injected fault"), std::string::npos) << failed.diagnostics[0].detail;
  EXPECT_NE(failed.diagnostics[0].detail.find("failed"), std::string::npos) << failed.diagnostics[0].detail;
  ASSERT_FALSE(failed.new_state.IsNull());
  const std::string id = AttrOf(failed.new_state, "id").AsString();
  EXPECT_EQ(Find(id)["status"], "FAILED");
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status / 100, 2);
  Destroy(kRds, failed.new_state);  // the tainted instance is replaced: deleted first
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);

  // A create that runs out of time returns the instance (id set) so it is
  // tainted, never orphaned.
  spec.name = "pg-slow";
  spec.create_timeout = "300ms";
  cty::Value cfg2 = RdsConfig(spec);
  auto plan2 = Plan(kRds, Null(kRds), cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  auto slow = Apply(kRds, Null(kRds), plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(slow.diagnostics.size(), 1u) << slow.diagnostics.ToString();
  EXPECT_NE(slow.diagnostics[0].detail.find("pg-slow"), std::string::npos) << slow.diagnostics[0].detail;
  ASSERT_FALSE(slow.new_state.IsNull());
  const std::string slow_id = AttrOf(slow.new_state, "id").AsString();
  EXPECT_FALSE(Find(slow_id).is_null());
  Destroy(kRds, slow.new_state);  // waits for the create to finish, then deletes
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  DestroyNetwork();
}

TEST_F(RdsE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(8)}})), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());
  // 503s and 429s on RDS calls, resets on POSTs (the create must look the
  // instance up by name before replaying) and new instances answering 404
  // for a while (eventual consistency).
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "rds:503:0.15;rds:429=1:0.05;rds:reset:0.35:POST;rds:404-after-create=30"},
                     {"seed", 17}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  RdsSpec spec;
  spec.name = "pg-faulty";
  spec.tags = {{"k", "v"}};
  cty::Value db = Converge(kRds, Null(kRds), RdsConfig(spec));
  ASSERT_FALSE(db.IsNull());
  const std::string id = AttrOf(db, "id").AsString();
  EXPECT_EQ(Inventory("rds_instance").size(), 1u);
  spec.flavor = "rds.pg.n1.xlarge.2";
  spec.size = 50;
  spec.tags = {{"k", "w"}};
  cty::Value db2 = Converge(kRds, db, RdsConfig(spec));
  ASSERT_FALSE(db2.IsNull());
  EXPECT_EQ(AttrOf(db2, "id"), S(id));
  EXPECT_EQ(Find(id)["flavor_ref"], "rds.pg.n1.xlarge.2");
  EXPECT_EQ(Find(id)["volume"]["size"], 50);
  auto again = Read(kRds, db2);
  ASSERT_EQ(Summaries(again.diagnostics), "");
  EXPECT_EQ(again.new_state, db2);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;
  Destroy(kRds, db2);
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  ASSERT_EQ(Http("DELETE", sim_.http() + "/_sim/faults").status / 100, 2);
  DestroyNetwork();
}

// Requests per lifecycle (create with its waits, one refresh, an in-place
// resize, destroy with its wait), recorded in the test XML and bounded so a
// polling regression shows up.
TEST_F(RdsE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());
  size_t start = ApiRequests();
  RdsSpec spec;
  spec.name = "pg-count";
  cty::Value db = Converge(kRds, Null(kRds), RdsConfig(spec));
  ASSERT_FALSE(db.IsNull());
  size_t after_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kRds, db).diagnostics), "");
  size_t after_read = ApiRequests();
  spec.flavor = "rds.pg.n1.xlarge.2";
  db = Converge(kRds, db, RdsConfig(spec));
  ASSERT_FALSE(db.IsNull());
  size_t after_update = ApiRequests();
  Destroy(kRds, db);
  size_t after_destroy = ApiRequests();
  RecordProperty("rds_create_requests", static_cast<int>(after_create - start));
  RecordProperty("rds_refresh_requests", static_cast<int>(after_read - after_create));
  RecordProperty("rds_resize_requests", static_cast<int>(after_update - after_read));
  RecordProperty("rds_destroy_requests", static_cast<int>(after_destroy - after_update));
  std::printf("[ requests ] edp_rds_instance create=%zu refresh=%zu resize=%zu destroy=%zu total=%zu\n",
              after_create - start, after_read - after_create, after_update - after_read,
              after_destroy - after_update, after_destroy - start);
  // Create: POST + job polls + the ACTIVE check + the read-back.
  EXPECT_LE(after_create - start, 8u);
  EXPECT_EQ(after_read - after_create, 1u);  // one list ?id=
  EXPECT_LE(after_update - after_read, 7u);  // action + job polls + ACTIVE check + read-back
  EXPECT_LE(after_destroy - after_update, 6u);  // DELETE + job polls + the final list
  DestroyNetwork();
}

TEST_F(RdsE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  ASSERT_EQ(Summaries(Configure()), "");
  ASSERT_NO_FATAL_FAILURE(MakeNetwork());
  size_t before = ApiRequests();
  auto check = [&](const RdsSpec& r, const std::string& want) {
    EXPECT_EQ(Summaries(Validate(kRds, RdsConfig(r)).diagnostics), want) << r.name;
  };
  RdsSpec s;
  RdsSpec short_pw = s;
  short_pw.password = "Ab1!";
  check(short_pw, "Error: Invalid Database Password [at db[0].password]");
  RdsSpec weak = s;
  weak.password = "alllowercase";
  check(weak, "Error: Invalid Database Password [at db[0].password]");
  RdsSpec amp = s;  // '&' is allowed for MySQL only
  amp.password = "Pg&Secret123";
  check(amp, "Error: Invalid Database Password [at db[0].password]");
  {
    auto v = Validate(kRds, RdsConfig(weak));
    ASSERT_EQ(v.diagnostics.size(), 1u);
    EXPECT_EQ(v.diagnostics[0].detail.find("alllowercase"), std::string::npos) << "the password is never echoed";
  }
  RdsSpec ha_one_az = s;
  ha_one_az.replication = "async";
  ha_one_az.flavor = "rds.pg.n1.large.2.ha";
  check(ha_one_az, "Error: Wrong Number Of Availability Zones [at availability_zone]");
  RdsSpec single_ha_flavor = s;
  single_ha_flavor.flavor = "rds.pg.n1.large.2.ha";
  check(single_ha_flavor, "Error: Flavor Needs HA [at flavor]");
  RdsSpec semisync = s;
  semisync.replication = "semisync";
  semisync.flavor = "rds.pg.n1.large.2.ha";
  semisync.azs = {"eu-de-01", "eu-de-02"};
  check(semisync, "Error: Invalid Replication Mode [at ha_replication_mode]");
  RdsSpec odd_size = s;
  odd_size.size = 45;
  check(odd_size, "Error: Invalid Volume Size [at volume[0].size]");
  RdsSpec tiny = s;
  tiny.size = 20;
  check(tiny, "Error: Invalid Attribute Value [at volume[0].size]");
  RdsSpec window = s;
  window.backup_start = "08:30-09:30";
  check(window, "Error: Invalid Backup Window [at backup_strategy[0].start_time]");
  RdsSpec ssl_pg = s;
  ssl_pg.ssl = true;
  check(ssl_pg, "Error: SSL Not Switchable [at ssl_enable]");
  RdsSpec bad_name = s;
  bad_name.name = "1db";
  EXPECT_NE(Summaries(Validate(kRds, RdsConfig(bad_name)).diagnostics), "");
  RdsSpec engine = s;
  engine.type = "Oracle";
  check(engine, "Error: Invalid Attribute Value Match [at db[0].type]");
  RdsSpec port = s;
  port.port = 80;
  check(port, "Error: Invalid Attribute Value [at db[0].port]");
  check(s, "");
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";

  // An import ID that is not an instance ID.
  tfplugin::ImportResourceStateRequest ireq;
  ireq.type_name = kRds;
  ireq.id = "pg-main/x";
  tfplugin::ImportResourceStateResponse iresp;
  p().ImportResourceState(ireq, iresp);
  EXPECT_EQ(Summaries(iresp.diagnostics), "Error: Invalid Import ID");
  EXPECT_EQ(ApiRequests(), before);
  EXPECT_EQ(Inventory("rds_instance").size(), 0u);
  DestroyNetwork();
}

TEST_F(RdsE2e, FlavorsAndVersionsDataSources) {
  ASSERT_EQ(Summaries(Configure()), "");
  auto read = [&](const std::string& type, const std::map<std::string, cty::Value>& set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = type;
    req.config = edptest::ConfigOf(local_->data_source_schemas().at(type).block, set);
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  };
  auto ha = read("edp_rds_flavors", {{"db_type", S("PostgreSQL")}, {"db_version", S("13")}, {"instance_mode", S("ha")}});
  ASSERT_EQ(Summaries(ha.diagnostics), "") << ha.diagnostics.ToString();
  const auto& flavors = AttrOf(ha.state, "flavors").Elements();
  ASSERT_EQ(flavors.size(), 8u);
  for (const auto& fl : flavors) {
    EXPECT_EQ(AttrOf(fl, "mode"), S("ha"));
    const std::string name = AttrOf(fl, "name").AsString();
    EXPECT_EQ(name.substr(name.size() - 3), ".ha") << name;
    EXPECT_EQ(AttrOf(fl, "az_status").MapElements().at(sim_.ready().value("region", "eu-de") + "-01"), S("normal"));
  }
  EXPECT_EQ(AttrOf(flavors[0], "name"), S("rds.pg.n1.large.2.ha"));
  EXPECT_EQ(AttrOf(flavors[0], "vcpus"), S("2"));
  EXPECT_EQ(AttrOf(flavors[0], "memory"), cty::Value::Int(8));
  // Nothing matches: a clear error naming the filters.
  auto none =
      read("edp_rds_flavors", {{"db_type", S("MySQL")}, {"db_version", S("8.0")}, {"instance_mode", S("replica")}});
  ASSERT_EQ(Summaries(none.diagnostics), "Error: No RDS Flavor Found");
  EXPECT_NE(none.diagnostics[0].detail.find("replica flavor for MySQL 8.0"), std::string::npos)
      << none.diagnostics[0].detail;
  // An unknown version: the service's own message.
  auto bad = read("edp_rds_flavors", {{"db_type", S("PostgreSQL")}, {"db_version", S("9.6")}, {"instance_mode", S("single")}});
  ASSERT_EQ(bad.diagnostics.size(), 1u);
  EXPECT_NE(bad.diagnostics[0].detail.find("9.6"), std::string::npos) << bad.diagnostics[0].detail;

  auto versions = read("edp_rds_versions", {{"database_name", S("postgresql")}});
  ASSERT_EQ(Summaries(versions.diagnostics), "") << versions.diagnostics.ToString();
  EXPECT_EQ(AttrOf(versions.state, "id"), S("PostgreSQL"));
  EXPECT_EQ(AttrOf(versions.state, "versions"),
            cty::Value::List(cty::Type::String(), {S("11"), S("12"), S("13"), S("14")}));
  size_t before = ApiRequests();
  tfplugin::ValidateDataResourceConfigRequest vreq;
  vreq.type_name = "edp_rds_versions";
  vreq.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_rds_versions").block,
                                  {{"database_name", S("Oracle")}});
  tfplugin::ValidateDataResourceConfigResponse vresp;
  p().ValidateDataResourceConfig(vreq, vresp);
  EXPECT_EQ(Summaries(vresp.diagnostics), "Error: Invalid Attribute Value Match [at database_name]");
  EXPECT_EQ(ApiRequests(), before);
}

}  // namespace
