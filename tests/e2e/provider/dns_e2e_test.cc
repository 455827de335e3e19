// End-to-end: the real terraform-provider-edp (through the plugin client,
// protocol 6) against a real otc-sim: edp_dns_zone (public, and private
// with VPC associations to edp_vpc) and edp_dns_recordset through create,
// no-drift plan, in-place update, replacement, import, out-of-band deletion
// and destroy; trailing-dot and TXT-quoting round trips; the edp_dns_zone
// data source; the same under injected faults; bad configuration refused
// before any API request; requests per lifecycle.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

class DnsE2e : public ProviderE2e {
 protected:
  static cty::Value Strings(std::initializer_list<const char*> v) {
    std::vector<cty::Value> out;
    for (const char* s : v) out.push_back(S(s));
    return cty::Value::Set(cty::Type::String(), std::move(out));
  }
  static cty::Value Routers(std::initializer_list<std::string> vpc_ids) {
    cty::Type obj = cty::Type::Object({{"router_id", cty::Type::String()}, {"router_region", cty::Type::String()}});
    std::vector<cty::Value> out;
    for (const auto& id : vpc_ids) {
      out.push_back(cty::Value::ObjectOf(obj, {{"router_id", S(id)}, {"router_region", cty::Value::Null(cty::Type::String())}}));
    }
    return cty::Value::Set(obj, std::move(out));
  }
  // Record sets the user made (the zone's own SOA/NS ones left out).
  size_t UserRecordsets() {
    size_t n = 0;
    for (const auto& r : Inventory("dns_recordset")) n += r.value("default", false) ? 0 : 1;
    return n;
  }
  json ZoneInventory(const std::string& id) {
    for (const auto& z : Inventory("dns_zone")) {
      if (z.value("id", "") == id) return z;
    }
    return json();
  }
  // Reads until the object reads as gone (an out-of-band DELETE is
  // asynchronous: PENDING_DELETE first); at most ~10 s.
  cty::Value ReadUntilGone(const std::string& type, const cty::Value& state) {
    cty::Value last = state;
    for (int i = 0; i < 100; ++i) {
      auto r = Read(type, state);
      EXPECT_EQ(Summaries(r.diagnostics), "");
      last = r.new_state;
      if (last.IsNull()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return last;
  }
  tfplugin::ReadDataSourceResponse ReadZoneData(const std::map<std::string, cty::Value>& set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = "edp_dns_zone";
    req.config = edptest::ConfigOf(local_->data_source_schemas().at("edp_dns_zone").block, set);
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  }
  std::string Region() { return sim_.ready().value("region", "eu-de"); }
};

TEST_F(DnsE2e, PublicZoneAndRecordsetsFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");

  // A public zone written without the trailing dot: ACTIVE after the apply,
  // the state keeps the name as written.
  cty::Value zcfg = Config("edp_dns_zone", {{"name", S("example.com")},
                                            {"email", S("admin@example.com")},
                                            {"ttl", cty::Value::Int(600)},
                                            {"description", S("first")}});
  auto zplan = Plan("edp_dns_zone", Null("edp_dns_zone"), zcfg);
  ASSERT_EQ(Summaries(zplan.diagnostics), "");
  EXPECT_EQ(AttrOf(zplan.planned_state, "type"), S("public"));
  EXPECT_EQ(AttrOf(zplan.planned_state, "region"), S(Region()));
  auto zcreated = Apply("edp_dns_zone", Null("edp_dns_zone"), zplan.planned_state, zcfg, zplan.planned_private);
  ASSERT_EQ(Summaries(zcreated.diagnostics), "") << zcreated.diagnostics.ToString();
  cty::Value zone = zcreated.new_state;
  ASSERT_TRUE(zone.IsWhollyKnown());
  EXPECT_EQ(AttrOf(zone, "status"), S("ACTIVE"));
  EXPECT_EQ(AttrOf(zone, "name"), S("example.com"));
  EXPECT_EQ(AttrOf(zone, "ttl"), cty::Value::Int(600));
  const std::string zone_id = AttrOf(zone, "id").AsString();
  EXPECT_EQ(zone_id.size(), 32u);
  ASSERT_EQ(Inventory("dns_zone").size(), 1u);
  EXPECT_EQ(ZoneInventory(zone_id)["name"], "example.com.");
  EXPECT_EQ(ZoneInventory(zone_id)["status"], "ACTIVE");

  // Refresh and re-plan: no drift; the dotted spelling is not a replacement.
  auto zread = Read("edp_dns_zone", zone);
  ASSERT_EQ(Summaries(zread.diagnostics), "");
  EXPECT_EQ(zread.new_state, zone);
  auto znoop = Plan("edp_dns_zone", zone, zcfg);
  ASSERT_EQ(Summaries(znoop.diagnostics), "");
  EXPECT_EQ(znoop.planned_state, zone);
  auto zdot = Plan("edp_dns_zone", zone, Config("edp_dns_zone", {{"name", S("Example.COM.")},
                                                                 {"email", S("admin@example.com")},
                                                                 {"ttl", cty::Value::Int(600)},
                                                                 {"description", S("first")}}));
  ASSERT_EQ(Summaries(zdot.diagnostics), "");
  EXPECT_TRUE(zdot.requires_replace.empty());

  // In-place zone update: email, ttl, description, tags; same ID.
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"env", S("test")}});
  cty::Value zcfg2 = Config("edp_dns_zone", {{"name", S("example.com")},
                                             {"email", S("dns@example.com")},
                                             {"ttl", cty::Value::Int(900)},
                                             {"description", S("second")},
                                             {"tags", tags}});
  auto zplan2 = Plan("edp_dns_zone", zone, zcfg2);
  ASSERT_EQ(Summaries(zplan2.diagnostics), "");
  EXPECT_TRUE(zplan2.requires_replace.empty());
  auto zupdated = Apply("edp_dns_zone", zone, zplan2.planned_state, zcfg2, zplan2.planned_private);
  ASSERT_EQ(Summaries(zupdated.diagnostics), "") << zupdated.diagnostics.ToString();
  zone = zupdated.new_state;
  EXPECT_EQ(AttrOf(zone, "id"), S(zone_id));
  EXPECT_EQ(AttrOf(zone, "tags"), tags);
  EXPECT_EQ(AttrOf(zone, "status"), S("ACTIVE"));
  EXPECT_EQ(Read("edp_dns_zone", zone).new_state, zone);
  EXPECT_EQ(ZoneInventory(zone_id)["description"], "second");
  EXPECT_EQ(ZoneInventory(zone_id)["ttl"], 900);
  EXPECT_EQ(ZoneInventory(zone_id)["email"], "dns@example.com");

  // An A record set, name without the dot.
  cty::Value acfg = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                 {"name", S("www.example.com")},
                                                 {"type", S("A")},
                                                 {"records", Strings({"192.0.2.1", "192.0.2.2"})}});
  cty::Value arec = Converge("edp_dns_recordset", Null("edp_dns_recordset"), acfg);
  ASSERT_FALSE(arec.IsNull());
  ASSERT_TRUE(arec.IsWhollyKnown());
  const std::string a_id = AttrOf(arec, "id").AsString();
  EXPECT_EQ(a_id.rfind(zone_id + "/", 0), 0u) << a_id;
  EXPECT_EQ(AttrOf(arec, "name"), S("www.example.com"));
  EXPECT_EQ(AttrOf(arec, "ttl"), cty::Value::Int(300));
  EXPECT_EQ(AttrOf(arec, "shared"), cty::Value::False());
  EXPECT_EQ(Read("edp_dns_recordset", arec).new_state, arec);
  auto anoop = Plan("edp_dns_recordset", arec, acfg);
  ASSERT_EQ(Summaries(anoop.diagnostics), "");
  EXPECT_EQ(anoop.planned_state, arec);

  // TXT: sent quoted, the state keeps what the configuration says.
  cty::Value tcfg = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                 {"name", S("example.com.")},
                                                 {"type", S("TXT")},
                                                 {"records", Strings({"v=spf1 -all", "\"already quoted\""})},
                                                 {"tags", tags}});
  cty::Value txt = Converge("edp_dns_recordset", Null("edp_dns_recordset"), tcfg);
  ASSERT_FALSE(txt.IsNull());
  EXPECT_EQ(AttrOf(txt, "records"), Strings({"v=spf1 -all", "\"already quoted\""}));
  EXPECT_EQ(AttrOf(txt, "tags"), tags);
  EXPECT_EQ(Read("edp_dns_recordset", txt).new_state, txt);
  EXPECT_EQ(Plan("edp_dns_recordset", txt, tcfg).planned_state, txt);
  bool seen_quoted = false;
  for (const auto& r : Inventory("dns_recordset")) {
    if (r.value("type", "") != "TXT") continue;
    seen_quoted = r["records"].size() == 2 &&
                  (r["records"][0] == "\"v=spf1 -all\"" || r["records"][1] == "\"v=spf1 -all\"");
  }
  EXPECT_TRUE(seen_quoted) << Inventory("dns_recordset").dump();

  // In-place record set update: records, ttl, description.
  cty::Value acfg2 = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                  {"name", S("www.example.com")},
                                                  {"type", S("A")},
                                                  {"ttl", cty::Value::Int(60)},
                                                  {"description", S("web")},
                                                  {"records", Strings({"192.0.2.3"})}});
  auto aplan2 = Plan("edp_dns_recordset", arec, acfg2);
  ASSERT_EQ(Summaries(aplan2.diagnostics), "");
  EXPECT_TRUE(aplan2.requires_replace.empty());
  auto aupdated = Apply("edp_dns_recordset", arec, aplan2.planned_state, acfg2, aplan2.planned_private);
  ASSERT_EQ(Summaries(aupdated.diagnostics), "") << aupdated.diagnostics.ToString();
  arec = aupdated.new_state;
  EXPECT_EQ(AttrOf(arec, "id"), S(a_id));
  EXPECT_EQ(AttrOf(arec, "records"), Strings({"192.0.2.3"}));
  EXPECT_EQ(AttrOf(arec, "ttl"), cty::Value::Int(60));
  EXPECT_EQ(Read("edp_dns_recordset", arec).new_state, arec);

  // A new name replaces the record set (at path name); a new type too.
  cty::Value acfg3 = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                  {"name", S("web.example.com.")},
                                                  {"type", S("A")},
                                                  {"ttl", cty::Value::Int(60)},
                                                  {"description", S("web")},
                                                  {"records", Strings({"192.0.2.3"})}});
  auto aplan3 = Plan("edp_dns_recordset", arec, acfg3);
  ASSERT_EQ(Summaries(aplan3.diagnostics), "");
  ASSERT_EQ(aplan3.requires_replace.size(), 1u);
  EXPECT_EQ(aplan3.requires_replace[0], cty::Path().GetAttr("name"));
  auto atype = Plan("edp_dns_recordset", arec, Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                                            {"name", S("www.example.com")},
                                                                            {"type", S("AAAA")},
                                                                            {"records", Strings({"2001:db8::1"})}}));
  ASSERT_EQ(Summaries(atype.diagnostics), "");
  ASSERT_EQ(atype.requires_replace.size(), 1u);
  EXPECT_EQ(atype.requires_replace[0], cty::Path().GetAttr("type"));
  Destroy("edp_dns_recordset", arec);
  cty::Value arec2 = Converge("edp_dns_recordset", Null("edp_dns_recordset"), acfg3);
  ASSERT_FALSE(arec2.IsNull());
  EXPECT_NE(AttrOf(arec2, "id"), S(a_id));
  EXPECT_EQ(UserRecordsets(), 2u);

  // Import: "<zone_id>/<recordset_id>" gives the same state; the zone by
  // ID gives the API's spelling of the name, which plans no replacement.
  EXPECT_EQ(Import("edp_dns_recordset", AttrOf(arec2, "id").AsString()), arec2);
  cty::Value imported_zone = Import("edp_dns_zone", zone_id);
  EXPECT_EQ(AttrOf(imported_zone, "name"), S("example.com."));
  EXPECT_EQ(framework::WithAttr(imported_zone, "name", S("example.com")), zone);
  auto after_import = Plan("edp_dns_zone", imported_zone, zcfg2);
  ASSERT_EQ(Summaries(after_import.diagnostics), "");
  EXPECT_TRUE(after_import.requires_replace.empty());
  tfplugin::ImportResourceStateRequest bad;
  bad.type_name = "edp_dns_recordset";
  bad.id = "only-one-part";
  tfplugin::ImportResourceStateResponse bad_resp;
  p().ImportResourceState(bad, bad_resp);
  EXPECT_EQ(Summaries(bad_resp.diagnostics), "Error: Invalid Import ID");

  // The data source finds the zone by name, in either spelling.
  auto found = ReadZoneData({{"name", S("example.com.")}});
  ASSERT_EQ(Summaries(found.diagnostics), "");
  EXPECT_EQ(AttrOf(found.state, "id"), S(zone_id));
  EXPECT_EQ(AttrOf(found.state, "zone_type"), S("public"));
  EXPECT_EQ(AttrOf(found.state, "tags"), tags);
  EXPECT_EQ(AttrOf(found.state, "ttl"), cty::Value::Int(900));
  auto by_id = ReadZoneData({{"id", S(zone_id)}});
  ASSERT_EQ(Summaries(by_id.diagnostics), "");
  EXPECT_EQ(AttrOf(by_id.state, "name"), S("example.com."));
  EXPECT_EQ(Summaries(ReadZoneData({{"name", S("nope.example")}}).diagnostics), "Error: No DNS Zone Found");
  // "example.co" is a substring of the zone's name but not the same name.
  EXPECT_EQ(Summaries(ReadZoneData({{"name", S("example.co")}}).diagnostics), "Error: No DNS Zone Found");

  // Out-of-band deletion of a record set, then of the zone: reads as gone.
  auto del = CallAsUser("DELETE", sim_.http() + "/v2/zones/" + zone_id + "/recordsets/" +
                                      AttrOf(arec2, "id").AsString().substr(zone_id.size() + 1));
  ASSERT_EQ(del.status, 202) << del.body;
  EXPECT_TRUE(ReadUntilGone("edp_dns_recordset", arec2).IsNull());
  Destroy("edp_dns_recordset", arec2);  // already gone: fine
  auto zdel = CallAsUser("DELETE", sim_.http() + "/v2/zones/" + zone_id);
  ASSERT_EQ(zdel.status, 202) << zdel.body;
  EXPECT_TRUE(ReadUntilGone("edp_dns_zone", zone).IsNull());
  EXPECT_TRUE(Read("edp_dns_recordset", txt).new_state.IsNull());  // went with its zone
  Destroy("edp_dns_recordset", txt);
  Destroy("edp_dns_zone", zone);
  EXPECT_EQ(Inventory("dns_zone").size(), 0u);
  EXPECT_EQ(Inventory("dns_recordset").size(), 0u);
}

TEST_F(DnsE2e, PrivateZoneFollowsItsVpcAssociations) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value vpc1 = Converge("edp_vpc", Null("edp_vpc"),
                             Config("edp_vpc", {{"name", S("dns-a")}, {"cidr", S("10.40.0.0/16")}}));
  cty::Value vpc2 = Converge("edp_vpc", Null("edp_vpc"),
                             Config("edp_vpc", {{"name", S("dns-b")}, {"cidr", S("10.41.0.0/16")}}));
  ASSERT_FALSE(vpc1.IsNull());
  ASSERT_FALSE(vpc2.IsNull());
  const std::string v1 = AttrOf(vpc1, "id").AsString(), v2 = AttrOf(vpc2, "id").AsString();

  auto zcfg = [&](std::initializer_list<std::string> vpcs) {
    return Config("edp_dns_zone", {{"name", S("internal.example.")}, {"type", S("private")}, {"router", Routers(vpcs)}});
  };
  cty::Value zone = Converge("edp_dns_zone", Null("edp_dns_zone"), zcfg({v1}));
  ASSERT_FALSE(zone.IsNull());
  ASSERT_TRUE(zone.IsWhollyKnown());
  const std::string zone_id = AttrOf(zone, "id").AsString();
  EXPECT_EQ(AttrOf(zone, "type"), S("private"));
  EXPECT_EQ(AttrOf(zone, "router"), Routers({v1}));  // router_region as configured (unset)
  json inv = ZoneInventory(zone_id);
  ASSERT_EQ(inv["routers"].size(), 1u) << inv.dump();
  EXPECT_EQ(inv["routers"][0]["router_id"], v1);
  EXPECT_EQ(inv["routers"][0]["status"], "ACTIVE");
  EXPECT_EQ(Read("edp_dns_zone", zone).new_state, zone);
  EXPECT_EQ(Plan("edp_dns_zone", zone, zcfg({v1})).planned_state, zone);

  // Associate a second VPC, then drop the first: both in place.
  auto plan2 = Plan("edp_dns_zone", zone, zcfg({v1, v2}));
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  auto both = Apply("edp_dns_zone", zone, plan2.planned_state, zcfg({v1, v2}), plan2.planned_private);
  ASSERT_EQ(Summaries(both.diagnostics), "") << both.diagnostics.ToString();
  EXPECT_EQ(AttrOf(both.new_state, "router"), Routers({v1, v2}));
  EXPECT_EQ(ZoneInventory(zone_id)["routers"].size(), 2u);
  cty::Value only2 = Converge("edp_dns_zone", both.new_state, zcfg({v2}));
  ASSERT_FALSE(only2.IsNull());
  EXPECT_EQ(AttrOf(only2, "id"), S(zone_id));
  EXPECT_EQ(AttrOf(only2, "router"), Routers({v2}));
  inv = ZoneInventory(zone_id);
  ASSERT_EQ(inv["routers"].size(), 1u) << inv.dump();
  EXPECT_EQ(inv["routers"][0]["router_id"], v2);
  zone = only2;
  EXPECT_EQ(Read("edp_dns_zone", zone).new_state, zone);

  // A record set with tags in the private zone (private tag resource type).
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"tier", S("db")}});
  cty::Value rcfg = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                 {"name", S("db.internal.example")},
                                                 {"type", S("CNAME")},
                                                 {"records", Strings({"rds-1.internal.example."})},
                                                 {"tags", tags}});
  cty::Value rec = Converge("edp_dns_recordset", Null("edp_dns_recordset"), rcfg);
  ASSERT_FALSE(rec.IsNull());
  EXPECT_EQ(AttrOf(rec, "tags"), tags);
  EXPECT_EQ(Read("edp_dns_recordset", rec).new_state, rec);

  // The data source tells public and private apart.
  auto found = ReadZoneData({{"name", S("internal.example")}, {"zone_type", S("private")}});
  ASSERT_EQ(Summaries(found.diagnostics), "");
  EXPECT_EQ(AttrOf(found.state, "id"), S(zone_id));
  EXPECT_EQ(Summaries(ReadZoneData({{"name", S("internal.example")}, {"zone_type", S("public")}}).diagnostics),
            "Error: No DNS Zone Found");

  // Public <-> private forces a new zone.
  auto retype = Plan("edp_dns_zone", zone, Config("edp_dns_zone", {{"name", S("internal.example.")},
                                                                   {"type", S("public")}}));
  ASSERT_EQ(Summaries(retype.diagnostics), "");
  ASSERT_EQ(retype.requires_replace.size(), 1u);
  EXPECT_EQ(retype.requires_replace[0], cty::Path().GetAttr("type"));

  // Import gives the same state except the router region, which the API
  // always reports.
  cty::Value imported = Import("edp_dns_zone", zone_id);
  EXPECT_EQ(AttrOf(imported, "type"), S("private"));
  ASSERT_EQ(AttrOf(imported, "router").LengthInt(), 1u);
  EXPECT_EQ(AttrOf(AttrOf(imported, "router").Elements()[0], "router_region"), S(Region()));

  Destroy("edp_dns_recordset", rec);
  Destroy("edp_dns_zone", zone);
  Destroy("edp_vpc", vpc1);
  Destroy("edp_vpc", vpc2);
  EXPECT_EQ(Inventory("dns_zone").size(), 0u);
  EXPECT_EQ(Inventory("dns_recordset").size(), 0u);
  EXPECT_EQ(Inventory("vpc").size(), 0u);
}

TEST_F(DnsE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  // 503s and 429s on DNS calls, connection resets on creates (the
  // ambiguous case: the client looks the zone/record set up before
  // replaying), and new objects answering 404 for a while.
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "dns:503:0.15;dns:429=1:0.1:GET;dns:reset:0.3:POST;dns:404-after-create=2"},
                     {"seed", 17}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(10)}})), "");
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"env", S("faulty")}});
  cty::Value zone = Converge("edp_dns_zone", Null("edp_dns_zone"),
                             Config("edp_dns_zone", {{"name", S("faulty.example.org")}, {"tags", tags}}));
  ASSERT_FALSE(zone.IsNull());
  const std::string zone_id = AttrOf(zone, "id").AsString();
  cty::Value rcfg = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                 {"name", S("mail.faulty.example.org")},
                                                 {"type", S("MX")},
                                                 {"records", Strings({"10 mx1.faulty.example.org.", "20 mx2.faulty.example.org."})},
                                                 {"tags", tags}});
  cty::Value rec = Converge("edp_dns_recordset", Null("edp_dns_recordset"), rcfg);
  ASSERT_FALSE(rec.IsNull());
  cty::Value rcfg2 = Config("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                                  {"name", S("mail.faulty.example.org")},
                                                  {"type", S("MX")},
                                                  {"ttl", cty::Value::Int(120)},
                                                  {"records", Strings({"10 mx1.faulty.example.org."})}});
  rec = Converge("edp_dns_recordset", rec, rcfg2);
  ASSERT_FALSE(rec.IsNull());
  EXPECT_EQ(AttrOf(rec, "records"), Strings({"10 mx1.faulty.example.org."}));
  EXPECT_EQ(Inventory("dns_zone").size(), 1u);
  EXPECT_EQ(UserRecordsets(), 1u);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;
  Destroy("edp_dns_recordset", rec);
  Destroy("edp_dns_zone", zone);
  EXPECT_EQ(Inventory("dns_zone").size(), 0u);
  EXPECT_EQ(Inventory("dns_recordset").size(), 0u);
}

// Requests per lifecycle (create with its waits, one refresh, an update,
// destroy with its wait), recorded in the test XML and bounded.
TEST_F(DnsE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  size_t start = ApiRequests();
  cty::Value zone = Converge("edp_dns_zone", Null("edp_dns_zone"),
                             Config("edp_dns_zone", {{"name", S("count.example.net")}}));
  ASSERT_FALSE(zone.IsNull());
  size_t after_zone = ApiRequests();
  cty::Value rcfg = Config("edp_dns_recordset", {{"zone_id", AttrOf(zone, "id")},
                                                 {"name", S("www.count.example.net")},
                                                 {"type", S("A")},
                                                 {"records", Strings({"192.0.2.7"})}});
  auto plan = Plan("edp_dns_recordset", Null("edp_dns_recordset"), rcfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  auto created = Apply("edp_dns_recordset", Null("edp_dns_recordset"), plan.planned_state, rcfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "");
  cty::Value rec = created.new_state;
  const std::string priv = created.private_data;
  size_t after_rec = ApiRequests();
  ASSERT_EQ(Summaries(Read("edp_dns_zone", zone).diagnostics), "");
  ASSERT_EQ(Summaries(Read("edp_dns_recordset", rec, priv).diagnostics), "");
  size_t after_read = ApiRequests();
  cty::Value rcfg2 = Config("edp_dns_recordset", {{"zone_id", AttrOf(zone, "id")},
                                                  {"name", S("www.count.example.net")},
                                                  {"type", S("A")},
                                                  {"records", Strings({"192.0.2.8"})}});
  auto plan2 = Plan("edp_dns_recordset", rec, rcfg2, priv);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  auto updated = Apply("edp_dns_recordset", rec, plan2.planned_state, rcfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "");
  size_t after_update = ApiRequests();
  Destroy("edp_dns_recordset", updated.new_state);
  Destroy("edp_dns_zone", zone);
  size_t after_destroy = ApiRequests();
  RecordProperty("dns_zone_create_requests", static_cast<int>(after_zone - start));
  RecordProperty("dns_recordset_create_requests", static_cast<int>(after_rec - after_zone));
  RecordProperty("dns_refresh_requests", static_cast<int>(after_read - after_rec));
  RecordProperty("dns_recordset_update_requests", static_cast<int>(after_update - after_read));
  RecordProperty("dns_destroy_requests", static_cast<int>(after_destroy - after_update));
  std::printf("[dns requests] zone create %zu, recordset create %zu, refresh (zone+recordset) %zu, "
              "recordset update %zu, destroy (recordset+zone) %zu\n",
              after_zone - start, after_rec - after_zone, after_read - after_rec, after_update - after_read,
              after_destroy - after_update);
  // Zone: (auth +) POST + a few polls + tags GET + final GET (+ tags GET).
  EXPECT_LE(after_zone - start, 12u);
  // Record set: plan-time zone GET + POST + polls + zone GET + tags GET + GET.
  EXPECT_LE(after_rec - after_zone, 12u);
  EXPECT_EQ(after_read - after_rec, 4u);  // zone GET + tags; record set GET + tags (zone type cached)
  EXPECT_LE(after_update - after_read, 10u);
  EXPECT_LE(after_destroy - after_update, 14u);
}

TEST_F(DnsE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  auto zone = [&](std::map<std::string, cty::Value> set) { return Validate("edp_dns_zone", Config("edp_dns_zone", set)); };
  EXPECT_EQ(Summaries(zone({{"name", S("bad_name!.com")}}).diagnostics), "Error: Invalid Zone Name [at name]");
  EXPECT_EQ(Summaries(zone({{"name", S("localhost")}}).diagnostics), "Error: Invalid Zone Name [at name]");
  EXPECT_EQ(Summaries(zone({{"name", S("a.example")}, {"type", S("private")}}).diagnostics),
            "Error: Private Zone Without VPC [at router]");
  EXPECT_EQ(Summaries(zone({{"name", S("a.example")}, {"router", Routers({"vpc-1"})}}).diagnostics),
            "Error: Router On A Public Zone [at router]");
  auto ttl = zone({{"name", S("a.example")}, {"ttl", cty::Value::Int(10)}});
  ASSERT_EQ(ttl.diagnostics.size(), 1u);
  ASSERT_TRUE(ttl.diagnostics[0].attribute.has_value());
  EXPECT_EQ(*ttl.diagnostics[0].attribute, cty::Path().GetAttr("ttl"));
  EXPECT_EQ(Summaries(zone({{"name", S("a.example")}, {"type", S("secret")}}).diagnostics),
            "Error: Invalid Attribute Value Match [at type]");

  auto rs = [&](const char* type, cty::Value records, std::map<std::string, cty::Value> extra = {}) {
    std::map<std::string, cty::Value> set = {{"zone_id", S("z")}, {"name", S("x.example.com")}, {"type", S(type)},
                                             {"records", records}};
    for (auto& [k, v] : extra) set[k] = v;
    return Validate("edp_dns_recordset", Config("edp_dns_recordset", set));
  };
  EXPECT_EQ(Summaries(rs("A", Strings({"192.0.2.1", "300.1.1.1"})).diagnostics), "Error: Invalid A Record [at records]");
  EXPECT_EQ(Summaries(rs("AAAA", Strings({"192.0.2.1"})).diagnostics), "Error: Invalid AAAA Record [at records]");
  EXPECT_EQ(Summaries(rs("MX", Strings({"mail.example.com."})).diagnostics), "Error: Invalid MX Record [at records]");
  EXPECT_EQ(Summaries(rs("SRV", Strings({"10 5 sip.example.com."})).diagnostics),
            "Error: Invalid SRV Record [at records]");
  EXPECT_EQ(Summaries(rs("CAA", Strings({"0 issue ca.example.net"})).diagnostics),
            "Error: Invalid CAA Record [at records]");
  EXPECT_EQ(Summaries(rs("CNAME", Strings({"a.example.com.", "b.example.com."})).diagnostics),
            "Error: Invalid CNAME Record [at records]");
  EXPECT_EQ(Summaries(rs("SPF", Strings({"x"})).diagnostics), "Error: Invalid Attribute Value Match [at type]");
  auto rttl = rs("A", Strings({"192.0.2.1"}), {{"ttl", cty::Value::Int(0)}});
  ASSERT_EQ(rttl.diagnostics.size(), 1u);
  ASSERT_TRUE(rttl.diagnostics[0].attribute.has_value());
  EXPECT_EQ(*rttl.diagnostics[0].attribute, cty::Path().GetAttr("ttl"));
  EXPECT_EQ(Summaries(rs("A", Strings({"192.0.2.1"}), {{"name", S("bad name.example.com")}}).diagnostics),
            "Error: Invalid Record Name [at name]");
  // Valid forms of every type pass.
  for (auto [type, rec] : std::vector<std::pair<const char*, const char*>>{
           {"A", "192.0.2.1"}, {"AAAA", "2001:db8::1"}, {"CNAME", "a.example.com."}, {"MX", "10 mail.example.com."},
           {"TXT", "hello world"}, {"SRV", "10 5 5060 sip.example.com."}, {"NS", "ns1.example.com."},
           {"CAA", "0 issue \"ca.example.net\""}, {"PTR", "host.example.com."}}) {
    EXPECT_EQ(Summaries(rs(type, Strings({rec})).diagnostics), "") << type << " " << rec;
  }
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";
}

TEST_F(DnsE2e, RecordOutsideTheZoneIsRefusedAtPlan) {
  ASSERT_EQ(Summaries(Configure()), "");
  cty::Value zone = Converge("edp_dns_zone", Null("edp_dns_zone"),
                             Config("edp_dns_zone", {{"name", S("inside.example.com")}}));
  ASSERT_FALSE(zone.IsNull());
  size_t before = ApiRequests();
  auto plan = Plan("edp_dns_recordset", Null("edp_dns_recordset"),
                   Config("edp_dns_recordset", {{"zone_id", AttrOf(zone, "id")},
                                                {"name", S("www.example.com")},
                                                {"type", S("A")},
                                                {"records", Strings({"192.0.2.1"})}}));
  EXPECT_EQ(Summaries(plan.diagnostics), "Error: Record Outside The Zone [at name]");
  ASSERT_EQ(plan.diagnostics.size(), 1u);
  EXPECT_NE(plan.diagnostics[0].detail.find("inside.example.com."), std::string::npos) << plan.diagnostics[0].detail;
  // A name that merely ends in the zone's text is outside too.
  auto suffix = Plan("edp_dns_recordset", Null("edp_dns_recordset"),
                     Config("edp_dns_recordset", {{"zone_id", AttrOf(zone, "id")},
                                                  {"name", S("notinside.example.com")},
                                                  {"type", S("A")},
                                                  {"records", Strings({"192.0.2.1"})}}));
  EXPECT_EQ(Summaries(suffix.diagnostics), "Error: Record Outside The Zone [at name]");
  auto nozone = Plan("edp_dns_recordset", Null("edp_dns_recordset"),
                     Config("edp_dns_recordset", {{"zone_id", S("00000000000000000000000000000000")},
                                                  {"name", S("www.example.com")},
                                                  {"type", S("A")},
                                                  {"records", Strings({"192.0.2.1"})}}));
  EXPECT_EQ(Summaries(nozone.diagnostics), "Error: DNS Zone Not Found [at zone_id]");
  EXPECT_EQ(ApiRequests() - before, 3u) << "one zone GET per plan, nothing else";
  EXPECT_EQ(UserRecordsets(), 0u);
  Destroy("edp_dns_zone", zone);
  EXPECT_EQ(Inventory("dns_zone").size(), 0u);
}

}  // namespace
