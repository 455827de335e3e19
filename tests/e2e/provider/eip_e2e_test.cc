// End-to-end: edp_vpc_eip and the edp_identity_project data source through
// the real terraform-provider-edp (plugin client, protocol 6) against a
// real otc-sim: create (waits for DOWN), no-drift plan, in-place bandwidth
// resize/rename, alias, port bind/re-bind/unbind and tags, a replacement,
// import, out-of-band deletion, destroy (unbinding first); the same under
// injected faults; bad configuration rejected before any API request; the
// requests one lifecycle costs.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

constexpr const char* kEip = "edp_vpc_eip";

struct EipSpec {
  std::string type = "5_bgp";
  std::string name;  // publicip.name (alias); "" = unset
  std::string port;  // publicip.port_id; "" = unset
  std::string bw_name = "bw-a";
  int64_t size = 5;  // 0 = unset
  std::string share = "PER";
  std::string charge;  // "" = unset
  std::string bw_id;   // "" = unset
  std::map<std::string, std::string> tags;
  std::optional<bool> unbind;
  std::optional<int64_t> ip_version;
};

class EipE2e : public ProviderE2e {
 protected:
  cty::Value EipConfig(const EipSpec& e) {
    const framework::Block& b = Block(kEip);
    std::map<std::string, cty::Value> ip = {{"type", S(e.type)}};
    if (!e.name.empty()) ip["name"] = S(e.name);
    if (!e.port.empty()) ip["port_id"] = S(e.port);
    if (e.ip_version) ip["ip_version"] = cty::Value::Int(*e.ip_version);
    std::map<std::string, cty::Value> bw = {{"share_type", S(e.share)}};
    if (!e.bw_name.empty()) bw["name"] = S(e.bw_name);
    if (e.size != 0) bw["size"] = cty::Value::Int(e.size);
    if (!e.charge.empty()) bw["charge_mode"] = S(e.charge);
    if (!e.bw_id.empty()) bw["id"] = S(e.bw_id);
    cty::Value ipv = edptest::ConfigOf(*b.blocks.at("publicip").block, ip);
    cty::Value bwv = edptest::ConfigOf(*b.blocks.at("bandwidth").block, bw);
    std::map<std::string, cty::Value> top = {{"publicip", cty::Value::List(ipv.type(), {ipv})},
                                             {"bandwidth", cty::Value::List(bwv.type(), {bwv})}};
    if (!e.tags.empty()) top["tags"] = Tags(e.tags);
    if (e.unbind) top["unbind_port"] = cty::Value::Bool(*e.unbind);
    return Config(kEip, top);
  }
  static cty::Value Tags(const std::map<std::string, std::string>& t) {
    std::map<std::string, cty::Value> m;
    for (const auto& [k, v] : t) m.emplace(k, S(v));
    return cty::Value::Map(cty::Type::String(), std::move(m));
  }
  static cty::Value Ip(const cty::Value& state, const char* attr) {
    return AttrOf(AttrOf(state, "publicip").Elements().at(0), attr);
  }
  static cty::Value Bw(const cty::Value& state, const char* attr) {
    return AttrOf(AttrOf(state, "bandwidth").Elements().at(0), attr);
  }
  // The simulator's object of `kind` with `id` (null when absent).
  json Find(const std::string& kind, const std::string& id) {
    for (const auto& o : Inventory(kind)) {
      if (o.value("id", "") == id) return o;
    }
    return json();
  }
};

TEST_F(EipE2e, EipFullLifecycle) {
  ASSERT_EQ(Summaries(Configure()), "");

  // Create: the apply returns once the EIP is allocated (DOWN).
  EipSpec spec;
  spec.name = "eip-a";
  spec.charge = "traffic";
  spec.tags = {{"env", "test"}};
  cty::Value cfg = EipConfig(spec);
  auto plan = Plan(kEip, Null(kEip), cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  auto created = Apply(kEip, Null(kEip), plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(created.diagnostics), "") << created.diagnostics.ToString();
  cty::Value eip = created.new_state;
  ASSERT_TRUE(eip.IsWhollyKnown());
  const std::string id = AttrOf(eip, "id").AsString();
  EXPECT_EQ(Ip(eip, "name"), S("eip-a"));
  EXPECT_EQ(Ip(eip, "ip_address").AsString().rfind("80.158.", 0), 0u) << Ip(eip, "ip_address").AsString();
  EXPECT_EQ(Ip(eip, "ip_version"), cty::Value::Int(4));
  EXPECT_TRUE(Ip(eip, "port_id").IsNull());
  EXPECT_EQ(Bw(eip, "size"), cty::Value::Int(5));
  EXPECT_EQ(Bw(eip, "charge_mode"), S("traffic"));
  const std::string bw_id = Bw(eip, "id").AsString();
  EXPECT_FALSE(bw_id.empty());
  EXPECT_EQ(AttrOf(eip, "tags"), Tags({{"env", "test"}}));
  ASSERT_EQ(Inventory("publicip").size(), 1u);
  EXPECT_EQ(Find("publicip", id)["status"], "DOWN");
  ASSERT_EQ(Inventory("bandwidth").size(), 1u);

  // Refresh and re-plan: no drift.
  auto read = Read(kEip, eip);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(read.new_state, eip);
  auto noop = Plan(kEip, eip, cfg);
  ASSERT_EQ(Summaries(noop.diagnostics), "");
  EXPECT_EQ(noop.planned_state, eip);
  EXPECT_TRUE(noop.requires_replace.empty());

  // In place: bandwidth resize and rename, EIP rename, bind to a port,
  // tags. Same EIP and bandwidth afterwards.
  spec.name = "eip-b";
  spec.bw_name = "bw-b";
  spec.size = 20;
  spec.port = "6f1c0a5e-0000-4000-8000-000000000001";
  spec.tags = {{"env", "prod"}, {"team", "edp"}};
  cty::Value cfg2 = EipConfig(spec);
  auto plan2 = Plan(kEip, eip, cfg2);
  ASSERT_EQ(Summaries(plan2.diagnostics), "");
  EXPECT_TRUE(plan2.requires_replace.empty());
  auto updated = Apply(kEip, eip, plan2.planned_state, cfg2, plan2.planned_private);
  ASSERT_EQ(Summaries(updated.diagnostics), "") << updated.diagnostics.ToString();
  eip = updated.new_state;
  EXPECT_EQ(AttrOf(eip, "id"), S(id));
  EXPECT_EQ(Bw(eip, "id"), S(bw_id));
  EXPECT_EQ(Bw(eip, "size"), cty::Value::Int(20));
  EXPECT_EQ(Bw(eip, "name"), S("bw-b"));
  EXPECT_EQ(Ip(eip, "name"), S("eip-b"));
  EXPECT_EQ(Ip(eip, "port_id"), S(spec.port));
  json remote = Find("publicip", id);
  EXPECT_EQ(remote["status"], "ACTIVE");
  EXPECT_EQ(remote["port_id"], spec.port);
  EXPECT_EQ(Find("bandwidth", bw_id)["size"], 20);
  EXPECT_EQ(Read(kEip, eip).new_state, eip);

  // Re-bind to another port in place (OTC needs an unbind in between).
  spec.port = "6f1c0a5e-0000-4000-8000-000000000002";
  cty::Value cfg3 = EipConfig(spec);
  auto plan3 = Plan(kEip, eip, cfg3);
  ASSERT_EQ(Summaries(plan3.diagnostics), "");
  EXPECT_TRUE(plan3.requires_replace.empty());
  auto rebound = Apply(kEip, eip, plan3.planned_state, cfg3, plan3.planned_private);
  ASSERT_EQ(Summaries(rebound.diagnostics), "") << rebound.diagnostics.ToString();
  eip = rebound.new_state;
  EXPECT_EQ(Find("publicip", id)["port_id"], spec.port);

  // Leaving port_id unset keeps a binding; unbind_port = true removes it.
  spec.port.clear();
  auto keep = Plan(kEip, eip, EipConfig(spec));
  ASSERT_EQ(Summaries(keep.diagnostics), "");
  EXPECT_EQ(keep.planned_state, eip);
  spec.unbind = true;
  cty::Value cfg4 = EipConfig(spec);
  auto plan4 = Plan(kEip, eip, cfg4);
  ASSERT_EQ(Summaries(plan4.diagnostics), "");
  EXPECT_TRUE(Ip(plan4.planned_state, "port_id").IsNull());
  auto unbound = Apply(kEip, eip, plan4.planned_state, cfg4, plan4.planned_private);
  ASSERT_EQ(Summaries(unbound.diagnostics), "") << unbound.diagnostics.ToString();
  eip = unbound.new_state;
  EXPECT_TRUE(Ip(eip, "port_id").IsNull());
  EXPECT_EQ(Find("publicip", id)["status"], "DOWN");
  EXPECT_TRUE(Find("publicip", id)["port_id"].is_null());

  // A new type cannot be changed in place: the plan says so at the path;
  // destroy + create gives a new EIP (bound at creation this time).
  spec.type = "5_mailbgp";
  spec.unbind.reset();
  spec.port = "6f1c0a5e-0000-4000-8000-000000000003";
  cty::Value cfg5 = EipConfig(spec);
  auto plan5 = Plan(kEip, eip, cfg5);
  ASSERT_EQ(Summaries(plan5.diagnostics), "");
  ASSERT_EQ(plan5.requires_replace.size(), 1u);
  EXPECT_EQ(plan5.requires_replace[0], cty::Path().GetAttr("publicip").Index(int64_t{0}).GetAttr("type"));
  Destroy(kEip, eip);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
  EXPECT_EQ(Inventory("bandwidth").size(), 0u);
  cty::Value eip2 = Converge(kEip, Null(kEip), cfg5);
  ASSERT_FALSE(eip2.IsNull());
  const std::string id2 = AttrOf(eip2, "id").AsString();
  EXPECT_NE(id2, id);
  EXPECT_EQ(Ip(eip2, "type"), S("5_mailbgp"));
  EXPECT_EQ(Find("publicip", id2)["status"], "ACTIVE");
  // charge_mode cannot change either.
  EipSpec charged = spec;
  charged.charge = "bandwidth";
  auto plan6 = Plan(kEip, eip2, EipConfig(charged));
  ASSERT_EQ(Summaries(plan6.diagnostics), "");
  ASSERT_EQ(plan6.requires_replace.size(), 1u);
  EXPECT_EQ(plan6.requires_replace[0],
            cty::Path().GetAttr("bandwidth").Index(int64_t{0}).GetAttr("charge_mode"));

  // Import by ID gives the same state.
  EXPECT_EQ(Import(kEip, id2), eip2);

  // Destroy unbinds first and waits until the EIP and its bandwidth are gone.
  Destroy(kEip, eip2);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
  EXPECT_EQ(Inventory("bandwidth").size(), 0u);
  auto gone = Read(kEip, eip2);
  ASSERT_EQ(Summaries(gone.diagnostics), "");
  EXPECT_TRUE(gone.new_state.IsNull());
}

TEST_F(EipE2e, DeletedOutOfBandReadsAsGone) {
  ASSERT_EQ(Summaries(Configure()), "");
  EipSpec spec;
  cty::Value cfg = EipConfig(spec);
  cty::Value eip = Converge(kEip, Null(kEip), cfg);
  ASSERT_FALSE(eip.IsNull());
  EXPECT_EQ(Ip(eip, "name"), S(""));
  DeleteOutOfBand("/publicips/" + AttrOf(eip, "id").AsString());
  auto read = Read(kEip, eip);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_TRUE(read.new_state.IsNull());
  auto plan = Plan(kEip, Null(kEip), cfg);  // tofu plans a re-create
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_FALSE(AttrOf(plan.planned_state, "id").IsKnown());
  Destroy(kEip, eip);  // already gone: fine
  EXPECT_EQ(Inventory("publicip").size(), 0u);
  EXPECT_EQ(Inventory("bandwidth").size(), 0u);
}

TEST_F(EipE2e, OutOfBandResizeShowsAsDriftAndIsResizedBack) {
  ASSERT_EQ(Summaries(Configure()), "");
  EipSpec spec;
  spec.name = "drift";
  cty::Value cfg = EipConfig(spec);
  cty::Value eip = Converge(kEip, Null(kEip), cfg);
  ASSERT_FALSE(eip.IsNull());
  const std::string bw_id = Bw(eip, "id").AsString();
  auto r = CallAsUser("PUT", sim_.http() + "/v1/" + sim_.cred("project_id") + "/bandwidths/" + bw_id,
                      json{{"bandwidth", {{"size", 100}}}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto read = Read(kEip, eip);
  ASSERT_EQ(Summaries(read.diagnostics), "");
  EXPECT_EQ(Bw(read.new_state, "size"), cty::Value::Int(100));
  auto plan = Plan(kEip, read.new_state, cfg);
  ASSERT_EQ(Summaries(plan.diagnostics), "");
  EXPECT_TRUE(plan.requires_replace.empty());
  EXPECT_EQ(Bw(plan.planned_state, "size"), cty::Value::Int(5));
  auto applied = Apply(kEip, read.new_state, plan.planned_state, cfg, plan.planned_private);
  ASSERT_EQ(Summaries(applied.diagnostics), "") << applied.diagnostics.ToString();
  EXPECT_EQ(Find("bandwidth", bw_id)["size"], 5);
  Destroy(kEip, applied.new_state);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
}

TEST_F(EipE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  // 503s and 429s on VPC-service calls, resets on creates (the client must
  // look the EIP up before replaying) and new EIPs answering 404 for a
  // while (eventual consistency).
  auto f = Http("POST", sim_.http() + "/_sim/faults",
                json{{"spec", "vpc:503:0.15;vpc:429=1:0.05;vpc:reset:0.4:POST;vpc:404-after-create=4"},
                     {"seed", 23}}
                    .dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(8)}})), "");
  EipSpec spec;
  spec.name = "faulty";
  spec.tags = {{"k", "v"}};
  cty::Value eip = Converge(kEip, Null(kEip), EipConfig(spec));
  ASSERT_FALSE(eip.IsNull());
  const std::string id = AttrOf(eip, "id").AsString();
  EXPECT_EQ(Inventory("publicip").size(), 1u);
  EXPECT_EQ(Inventory("bandwidth").size(), 1u);
  // An in-place resize and bind under the same faults.
  spec.size = 30;
  spec.port = "6f1c0a5e-0000-4000-8000-00000000000f";
  cty::Value cfg2 = EipConfig(spec);
  cty::Value eip2 = Converge(kEip, eip, cfg2);
  ASSERT_FALSE(eip2.IsNull());
  EXPECT_EQ(AttrOf(eip2, "id"), S(id));
  EXPECT_EQ(Find("bandwidth", Bw(eip2, "id").AsString())["size"], 30);
  auto again = Read(kEip, eip2);
  ASSERT_EQ(Summaries(again.diagnostics), "");
  EXPECT_EQ(again.new_state, eip2);
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;  // the faults really happened
  Destroy(kEip, eip2);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
  EXPECT_EQ(Inventory("bandwidth").size(), 0u);
}

// Requests per lifecycle (create with its wait, one refresh, an in-place
// resize, destroy with its wait), recorded in the test XML and bounded so
// a polling regression shows up.
TEST_F(EipE2e, RequestsPerLifecycleStayFew) {
  ASSERT_EQ(Summaries(Configure()), "");
  size_t start = ApiRequests();
  EipSpec spec;
  spec.name = "count";
  cty::Value eip = Converge(kEip, Null(kEip), EipConfig(spec));
  ASSERT_FALSE(eip.IsNull());
  size_t after_create = ApiRequests();
  ASSERT_EQ(Summaries(Read(kEip, eip).diagnostics), "");
  size_t after_read = ApiRequests();
  spec.size = 50;
  eip = Converge(kEip, eip, EipConfig(spec));
  ASSERT_FALSE(eip.IsNull());
  size_t after_update = ApiRequests();
  Destroy(kEip, eip);
  size_t after_destroy = ApiRequests();
  RecordProperty("eip_create_requests", static_cast<int>(after_create - start));
  RecordProperty("eip_refresh_requests", static_cast<int>(after_read - after_create));
  RecordProperty("eip_resize_requests", static_cast<int>(after_update - after_read));
  RecordProperty("eip_destroy_requests", static_cast<int>(after_destroy - after_update));
  std::printf("[ requests ] edp_vpc_eip create=%zu refresh=%zu resize=%zu destroy=%zu total=%zu\n",
              after_create - start, after_read - after_create, after_update - after_read,
              after_destroy - after_update, after_destroy - start);
  // Create: (auth +) POST + a few status polls + EIP/bandwidth/tags GETs.
  EXPECT_LE(after_create - start, 12u);
  EXPECT_EQ(after_read - after_create, 3u);  // EIP, bandwidth, tags
  EXPECT_LE(after_update - after_read, 4u);  // bandwidth PUT + the 3 GETs
  EXPECT_LE(after_destroy - after_update, 8u);
}

TEST_F(EipE2e, BadConfigurationIsRejectedBeforeAnyRequest) {
  size_t before = ApiRequests();
  auto path = [](const char* block, const char* attr) {
    return std::string("[at ") + block + "[0]." + attr + "]";
  };
  EipSpec gray;
  gray.type = "5_gray";
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(gray)).diagnostics),
            "Error: Invalid Attribute Value Match " + path("publicip", "type"));
  EipSpec no_name;
  no_name.bw_name.clear();
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(no_name)).diagnostics),
            "Error: Missing Bandwidth Name " + path("bandwidth", "name"));
  EipSpec no_size;
  no_size.size = 0;
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(no_size)).diagnostics),
            "Error: Missing Bandwidth Size " + path("bandwidth", "size"));
  EipSpec too_big;
  too_big.size = 2000;
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(too_big)).diagnostics),
            "Error: Invalid Attribute Value " + path("bandwidth", "size"));
  EipSpec whole;
  whole.share = "WHOLE";
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(whole)).diagnostics),
            "Error: Missing Shared Bandwidth ID " + path("bandwidth", "id"));
  EipSpec per_with_id;
  per_with_id.bw_id = "b1";
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(per_with_id)).diagnostics),
            "Error: Bandwidth ID Not Allowed " + path("bandwidth", "id"));
  EipSpec bad_share;
  bad_share.share = "SHARED";
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(bad_share)).diagnostics),
            "Error: Invalid Attribute Value Match " + path("bandwidth", "share_type"));
  EipSpec v5;
  v5.ip_version = 5;
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(v5)).diagnostics),
            "Error: Invalid IP Version " + path("publicip", "ip_version"));
  EipSpec conflict;
  conflict.port = "p1";
  conflict.unbind = true;
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(conflict)).diagnostics),
            "Error: Conflicting Port Settings [at unbind_port]");
  EipSpec bad_tags;
  bad_tags.tags = {{"bad key", "v"}};
  EXPECT_EQ(Summaries(Validate(kEip, EipConfig(bad_tags)).diagnostics),
            "Error: Invalid Tag Key [at tags[\"bad key\"]]");
  cty::Value specs = cty::Value::Map(cty::Type::String(), {{"bandwidth", S("x")}});
  cty::Value with_specs = framework::WithAttr(EipConfig(EipSpec{}), "value_specs", specs);
  EXPECT_EQ(Summaries(Validate(kEip, with_specs).diagnostics),
            "Error: Invalid value_specs Key [at value_specs[\"bandwidth\"]]");
  // Unknown values (from other resources) pass.
  cty::Value unknown_size = EipConfig(EipSpec{});
  {
    const framework::Block& b = Block(kEip);
    cty::Value bw = edptest::ConfigOf(*b.blocks.at("bandwidth").block,
                                      {{"share_type", S("PER")},
                                       {"name", cty::Value::Unknown(cty::Type::String())},
                                       {"size", cty::Value::Unknown(cty::Type::Number())}});
    unknown_size = framework::WithAttr(unknown_size, "bandwidth", cty::Value::List(bw.type(), {bw}));
  }
  EXPECT_EQ(Summaries(Validate(kEip, unknown_size).diagnostics), "");
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";

  // An import ID that is not an EIP ID.
  tfplugin::ImportResourceStateRequest ireq;
  ireq.type_name = kEip;
  ireq.id = "80.158.0.2/32";
  tfplugin::ImportResourceStateResponse iresp;
  p().ImportResourceState(ireq, iresp);
  EXPECT_EQ(Summaries(iresp.diagnostics), "Error: Invalid Import ID");
  EXPECT_EQ(ApiRequests(), before);
  EXPECT_EQ(Inventory("publicip").size(), 0u);
}

TEST_F(EipE2e, IdentityProjectDataSource) {
  ASSERT_EQ(Summaries(Configure()), "");
  const auto& block = local_->data_source_schemas().at("edp_identity_project").block;
  auto read = [&](const std::map<std::string, cty::Value>& set) {
    tfplugin::ReadDataSourceRequest req;
    req.type_name = "edp_identity_project";
    req.config = edptest::ConfigOf(block, set);
    tfplugin::ReadDataSourceResponse resp;
    p().ReadDataSource(req, resp);
    return resp;
  };
  // By name: the project the provider is scoped to.
  auto by_name = read({{"name", S(sim_.cred("project"))}});
  ASSERT_EQ(Summaries(by_name.diagnostics), "") << by_name.diagnostics.ToString();
  EXPECT_EQ(AttrOf(by_name.state, "id"), S(sim_.cred("project_id")));
  EXPECT_EQ(AttrOf(by_name.state, "enabled"), cty::Value::True());
  EXPECT_EQ(AttrOf(by_name.state, "is_domain"), cty::Value::False());
  EXPECT_FALSE(AttrOf(by_name.state, "domain_id").AsString().empty());
  EXPECT_EQ(AttrOf(by_name.state, "region"), S(sim_.ready().value("region", "eu-de")));
  // By id, and by domain + enabled.
  auto by_id = read({{"id", S(sim_.cred("project_id"))}});
  ASSERT_EQ(Summaries(by_id.diagnostics), "");
  EXPECT_EQ(AttrOf(by_id.state, "name"), S(sim_.cred("project")));
  auto by_domain = read({{"domain_id", AttrOf(by_name.state, "domain_id")}, {"enabled", cty::Value::True()}});
  ASSERT_EQ(Summaries(by_domain.diagnostics), "");
  EXPECT_EQ(AttrOf(by_domain.state, "id"), S(sim_.cred("project_id")));
  // Nothing matches: a clear error naming the filters.
  auto none = read({{"name", S("eu-de_nope")}});
  EXPECT_EQ(Summaries(none.diagnostics), "Error: No IAM Project Found");
  ASSERT_EQ(none.diagnostics.size(), 1u);
  EXPECT_NE(none.diagnostics[0].detail.find("name = \"eu-de_nope\""), std::string::npos)
      << none.diagnostics[0].detail;
  auto disabled = read({{"name", S(sim_.cred("project"))}, {"enabled", cty::Value::False()}});
  EXPECT_EQ(Summaries(disabled.diagnostics), "Error: No IAM Project Found");
}

}  // namespace
