// End-to-end: a whole EDP environment through the real
// terraform-provider-edp (plugin client, protocol 6, as OpenTofu drives it)
// against a real, time-scaled otc-sim — VPC, subnet, security group and
// rules, a CCE cluster with a node pool, an HA PostgreSQL RDS instance, a
// dedicated ELB with an EIP, listener, pool, two members and a health
// monitor, and a DNS zone with an A record at the ELB's EIP.
//
// Each resource's configuration is built from the earlier states' ids and
// addresses as OpenTofu would, independent resources are planned and
// applied concurrently (OpenTofu's parallelism), every created resource is
// refreshed and re-planned (no drift), and the whole environment is
// destroyed in reverse dependency order with nothing left in otc-sim's
// inventory. The same again under injected faults (429, 5xx, connection
// resets on creates, 404 right after a create) converging without
// duplicates or leaks. Also: bad configuration across the stack refused at
// validation with the attribute path and no API request.
//
// Part-2 types (CCE, RDS, ELB) are looked up in the provider's schema at
// run time; a part whose types are not registered is left out and the test
// ends as skipped naming them (the rest still runs and is checked).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "cty/convert.h"
#include "framework/schema.h"
#include "provider_e2e.h"

namespace {

using namespace e2e;  // NOLINT(google-build-using-namespace): the fixture's vocabulary

using Clock = std::chrono::steady_clock;

// otc-sim runs 300 simulated seconds per real second: a CCE cluster's ~6
// minutes of Creating take ~1.2 s, an HA RDS instance's 8 minutes ~1.6 s.
constexpr int kTimeScale = 300;

// The RDS password: never in the provider's log.
constexpr const char* kDbPassword = "Edp-Db-Secret-7731";

cty::Value I(int64_t n) { return cty::Value::Int(n); }
// A loose object (a nested block element or nested attribute object); Fit
// shapes it to the schema.
cty::Value Obj(std::map<std::string, cty::Value> attrs) { return cty::Value::Object(std::move(attrs)); }
// A loose sequence (nested block items, a list or set of strings).
cty::Value Seq(std::vector<cty::Value> items) { return cty::Value::Tuple(std::move(items)); }
cty::Value Strs(std::initializer_list<std::string> v) {
  std::vector<cty::Value> out;
  for (const auto& s : v) out.push_back(S(s));
  return Seq(std::move(out));
}

// Whether an attribute name suggests a secret (kept out of failure output).
bool SecretName(const std::string& name) {
  for (const char* w : {"password", "key", "cert", "kubeconfig", "secret"}) {
    if (name.find(w) != std::string::npos) return true;
  }
  return false;
}

// The top-level attributes in which two objects differ, for messages.
std::string DiffOf(const cty::Value& a, const cty::Value& b) {
  if (a.IsNull() || b.IsNull() || !a.IsKnown() || !b.IsKnown() || !a.type().IsObject() ||
      a.type() != b.type()) {
    return a.IsNull() ? "first is null" : (b.IsNull() ? "second is null" : "different types");
  }
  std::string out;
  for (const auto& [name, va] : a.Attributes()) {
    const cty::Value& vb = b.Attributes().at(name);
    if (va == vb) continue;
    out += "\n  " + name;
    if (!SecretName(name)) out += ": " + va.GoString() + " -> " + vb.GoString();
  }
  return out;
}

// Computed attributes of a type that creating other resources of the
// environment legitimately changes (a listener's default_pool_id once a
// pool names it, a member's operating_status once a monitor checks it,
// updated_at when children are added). A refresh may show them changed;
// the plan after it must still be empty.
const std::set<std::string>& MovedByDependents(const std::string& type) {
  static const std::map<std::string, std::set<std::string>> kMoved = {
      {"edp_elb_loadbalancer", {"updated_at"}},
      {"edp_elb_listener", {"default_pool_id", "updated_at"}},
      {"edp_elb_pool", {"updated_at"}},
      {"edp_elb_member", {"operating_status"}},
  };
  static const std::set<std::string> kNone;
  auto it = kMoved.find(type);
  return it == kMoved.end() ? kNone : it->second;
}

// `want` with the attributes other resources move taken from `got`.
cty::Value WithMoved(const std::string& type, const cty::Value& want, const cty::Value& got) {
  if (want.IsNull() || got.IsNull() || !want.type().IsObject() || want.type() != got.type()) return want;
  cty::Value out = want;
  for (const auto& a : MovedByDependents(type)) {
    if (out.type().HasAttribute(a)) out = framework::WithAttr(out, a, AttrOf(got, a));
  }
  return out;
}

// One resource of the environment as OpenTofu tracks it.
struct Tracked {
  std::string type;
  cty::Value config;
  cty::Value state;
  std::string priv;
  int level = 0;  // dependency level: destroyed after everything above it
  double create_seconds = 0;
};

class CompositeE2e : public ProviderE2e {
 protected:
  CompositeE2e() : ProviderE2e(kTimeScale) {}

  void SetUp() override {
    ProviderE2e::SetUp();
    if (HasFatalFailure()) return;
    // What the provider binary really serves (GetProviderSchema over gRPC).
    tfplugin::GetProviderSchemaResponse schema = p().GetProviderSchema();
    ASSERT_EQ(Summaries(schema.diagnostics), "");
    for (const auto& [name, s] : schema.resource_schemas) served_.insert(name);
    for (const auto& [name, s] : schema.data_source_schemas) served_data_.insert(name);
  }

  // --- configuration building -------------------------------------------

  // The value of attribute or nested block `name` of `block`, shaped from a
  // loose value: primitives and collections are converted to the schema's
  // type (tuple -> list/set, object -> map), nested blocks and nested
  // attributes take Seq(Obj(...)) (or one Obj for single nesting) with
  // every unset attribute null. A name or value the schema does not accept
  // is a test failure naming it (and the attribute is left null).
  cty::Value FitAttr(const framework::Block& block, const std::string& name, const cty::Value& v,
                     const std::string& where) {
    if (auto it = block.blocks.find(name); it != block.blocks.end()) {
      const framework::NestedBlock& nb = it->second;
      std::vector<cty::Value> elems;
      if (v.type().IsObject()) {
        elems.push_back(FitBlock(*nb.block, v, where + "." + name));
      } else if (v.type().IsTuple() || v.type().IsList()) {
        for (const auto& e : v.Elements()) elems.push_back(FitBlock(*nb.block, e, where + "." + name));
      } else {
        ADD_FAILURE() << where << "." << name << ": a nested block takes Obj or Seq(Obj...)";
      }
      cty::Type et = framework::EmptyValue(*nb.block).type();
      switch (nb.nesting) {
        case framework::NestingMode::kSet:
          return cty::Value::Set(et, elems);
        case framework::NestingMode::kSingle:
        case framework::NestingMode::kGroup:
          return elems.empty() ? cty::Value::Null(et) : elems[0];
        default:
          return cty::Value::List(et, elems);
      }
    }
    auto it = block.attributes.find(name);
    if (it == block.attributes.end()) {
      ADD_FAILURE() << where << ": the schema has no attribute or block \"" << name << "\"";
      return cty::Value();
    }
    const framework::Attribute& a = it->second;
    if (a.nested) {
      cty::Type ot = a.nested->ObjectType();
      auto one = [&](const cty::Value& o) {
        std::map<std::string, cty::Value> attrs;
        for (const auto& [k, t] : ot.attributes()) attrs.emplace(k, cty::Value::Null(t));
        if (!o.type().IsObject()) {
          ADD_FAILURE() << where << "." << name << ": a nested attribute takes Obj values";
          return cty::Value::ObjectOf(ot, attrs);
        }
        framework::Block inner;
        for (const auto& [k, na] : a.nested->attributes) inner.attributes.emplace(k, na);
        for (const auto& [k, ev] : o.Attributes()) {
          cty::Value f = FitAttr(inner, k, ev, where + "." + name);
          if (!f.type().IsDynamic() || !f.IsNull()) attrs[k] = f;
        }
        return cty::Value::ObjectOf(ot, attrs);
      };
      std::vector<cty::Value> elems;
      if (v.type().IsObject()) {
        elems.push_back(one(v));
      } else {
        for (const auto& e : v.Elements()) elems.push_back(one(e));
      }
      switch (a.nested->nesting) {
        case framework::NestingMode::kSet:
          return cty::Value::Set(ot, elems);
        case framework::NestingMode::kList:
          return cty::Value::List(ot, elems);
        default:
          return elems.empty() ? cty::Value::Null(ot) : elems[0];
      }
    }
    auto converted = cty::Convert(v, a.type);
    if (!converted.ok()) {
      ADD_FAILURE() << where << "." << name << ": " << v.GoString() << " does not fit the schema's "
                    << a.type.FriendlyName();
      return cty::Value::Null(a.type);
    }
    return converted.value();
  }
  cty::Value FitBlock(const framework::Block& block, const cty::Value& loose, const std::string& where) {
    cty::Value out = framework::EmptyValue(block);
    if (!loose.type().IsObject()) {
      ADD_FAILURE() << where << ": expected an object";
      return out;
    }
    for (const auto& [k, v] : loose.Attributes()) {
      cty::Value f = FitAttr(block, k, v, where);
      if (out.type().HasAttribute(k) && f.type() == out.type().attribute(k)) out = framework::WithAttr(out, k, f);
    }
    return out;
  }
  // A resource configuration from loose values (see FitAttr).
  cty::Value Cfg(const std::string& type, std::map<std::string, cty::Value> set) {
    return FitBlock(Block(type), cty::Value::Object(std::move(set)), type);
  }
  bool Served(const std::string& type) const { return served_.count(type) > 0; }

  // --- lifecycle ---------------------------------------------------------

  // Plans and applies `config` from nothing, then refreshes and re-plans:
  // the refresh must equal the applied state and the plan must change
  // nothing. Records the resource under `label`; returns its state (null on
  // failure).
  // `needs`: ids/addresses the configuration refers to; when one is empty
  // (its resource failed, already reported) the resource is not created,
  // as OpenTofu skips the dependents of a failed resource and goes on with
  // everything else.
  cty::Value Create(const std::string& label, const std::string& type, int level, const cty::Value& config,
                    const std::vector<std::string>& needs = {}) {
    for (const auto& n : needs) {
      if (n.empty()) {
        std::printf("  %s: not created, a resource it depends on failed\n", label.c_str());
        return Null(type);
      }
    }
    const auto t0 = Clock::now();
    auto plan = Plan(type, Null(type), config);
    EXPECT_EQ(Summaries(plan.diagnostics), "") << label << " plan: " << plan.diagnostics.ToString();
    if (plan.diagnostics.HasError()) return Null(type);
    auto applied = Apply(type, Null(type), plan.planned_state, config, plan.planned_private);
    EXPECT_EQ(Summaries(applied.diagnostics), "") << label << " apply: " << applied.diagnostics.ToString();
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    if (applied.new_state.IsNull()) {
      ADD_FAILURE() << label << ": the create returned no state";
      return applied.new_state;
    }
    Tracked t{type, config, applied.new_state, applied.private_data, level, secs};
    {
      // Tracked even when the create failed with a partial object: destroy
      // must still remove it.
      std::lock_guard<std::mutex> l(mu_);
      tracked_[label] = t;
    }
    if (applied.diagnostics.HasError()) return Null(type);
    EXPECT_TRUE(applied.new_state.IsWhollyKnown()) << label << " has unknown values after apply";
    auto read = Read(type, applied.new_state, applied.private_data);
    EXPECT_EQ(Summaries(read.diagnostics), "") << label << " read: " << read.diagnostics.ToString();
    const cty::Value want = WithMoved(type, applied.new_state, read.new_state);
    EXPECT_TRUE(read.new_state == want)
        << label << ": the refresh right after create differs:" << DiffOf(want, read.new_state);
    if (read.new_state.IsNull()) return applied.new_state;
    auto noop = Plan(type, read.new_state, config, read.private_data);
    EXPECT_EQ(Summaries(noop.diagnostics), "") << label << " re-plan: " << noop.diagnostics.ToString();
    EXPECT_TRUE(noop.planned_state == read.new_state)
        << label << ": the plan right after create is not empty:" << DiffOf(read.new_state, noop.planned_state);
    EXPECT_TRUE(noop.requires_replace.empty()) << label << ": the plan right after create replaces it";
    {
      std::lock_guard<std::mutex> l(mu_);
      tracked_[label].state = read.new_state;
      tracked_[label].priv = read.private_data;
    }
    return read.new_state;
  }

  // Destroys one tracked resource (plan to null + apply) and forgets it.
  void DestroyTracked(const std::string& label) {
    Tracked t;
    {
      std::lock_guard<std::mutex> l(mu_);
      t = tracked_.at(label);
    }
    auto plan = Plan(t.type, t.state, Null(t.type), t.priv);
    EXPECT_EQ(Summaries(plan.diagnostics), "") << label << " destroy plan: " << plan.diagnostics.ToString();
    EXPECT_TRUE(plan.planned_state.IsNull()) << label;
    auto applied = Apply(t.type, t.state, Null(t.type), Null(t.type), plan.planned_private);
    EXPECT_EQ(Summaries(applied.diagnostics), "") << label << " destroy: " << applied.diagnostics.ToString();
    EXPECT_TRUE(applied.new_state.IsNull()) << label << ": still in state after destroy";
    if (applied.new_state.IsNull()) {
      std::lock_guard<std::mutex> l(mu_);
      tracked_.erase(label);
    }
  }

  // Destroys everything tracked, highest level first; one level's
  // resources concurrently, as OpenTofu walks the reversed graph.
  void DestroyAll() {
    std::map<int, std::vector<std::string>, std::greater<>> by_level;
    {
      std::lock_guard<std::mutex> l(mu_);
      for (const auto& [label, t] : tracked_) by_level[t.level].push_back(label);
    }
    for (const auto& [level, labels] : by_level) {
      std::vector<std::function<void()>> jobs;
      for (const auto& label : labels) jobs.push_back([this, label] { DestroyTracked(label); });
      Parallel(jobs);
    }
  }

  // Refreshes every tracked resource: the read must equal the state.
  void RefreshAll() {
    std::map<std::string, Tracked> all;
    {
      std::lock_guard<std::mutex> l(mu_);
      all = tracked_;
    }
    // The load balancer bound the EIP to its VIP port after the EIP was
    // created: the EIP's refresh shows that binding (publicip.port_id is
    // optional+computed, so the plan keeps it).
    if (all.count("edp_vpc_eip.lb") && all.count("edp_elb_loadbalancer.edp")) {
      Tracked& eip = all["edp_vpc_eip.lb"];
      cty::Value vip_port = AttrOf(all["edp_elb_loadbalancer.edp"].state, "vip_port_id");
      cty::Value ips = AttrOf(eip.state, "publicip");
      if (ips.IsKnown() && !ips.IsNull() && ips.Elements().size() == 1) {
        cty::Value ip = framework::WithAttr(ips.Elements()[0], "port_id", vip_port);
        eip.state = framework::WithAttr(eip.state, "publicip", cty::Value::List(ip.type(), {ip}));
      }
    }
    std::vector<std::function<void()>> jobs;
    for (const auto& [label, t] : all) {
      jobs.push_back([this, label = label, t = t] {
        auto read = Read(t.type, t.state, t.priv);
        EXPECT_EQ(Summaries(read.diagnostics), "") << label << " refresh: " << read.diagnostics.ToString();
        const cty::Value want = WithMoved(t.type, t.state, read.new_state);
        EXPECT_TRUE(read.new_state == want) << label << ": drift on refresh:" << DiffOf(want, read.new_state);
        if (read.new_state.IsNull()) return;
        auto plan = Plan(t.type, read.new_state, t.config, read.private_data);
        EXPECT_EQ(Summaries(plan.diagnostics), "") << label << " plan: " << plan.diagnostics.ToString();
        EXPECT_TRUE(plan.planned_state == read.new_state)
            << label << ": the plan after refresh is not empty:" << DiffOf(read.new_state, plan.planned_state);
        std::lock_guard<std::mutex> l(mu_);
        tracked_[label].state = read.new_state;
        tracked_[label].priv = read.private_data;
      });
    }
    Parallel(jobs);
  }

  // Runs `jobs` on their own threads and waits for all of them.
  static void Parallel(const std::vector<std::function<void()>>& jobs) {
    std::vector<std::future<void>> running;
    for (const auto& j : jobs) running.push_back(std::async(std::launch::async, j));
    for (auto& r : running) r.get();
  }

  cty::Value StateOf(const std::string& label) {
    std::lock_guard<std::mutex> l(mu_);
    auto it = tracked_.find(label);
    return it == tracked_.end() ? cty::Value() : it->second.state;
  }
  std::string Str(const std::string& label, const char* attr) {
    cty::Value s = StateOf(label);
    if (s.IsNull() || !s.type().IsObject() || !s.type().HasAttribute(attr)) return "";
    cty::Value v = AttrOf(s, attr);
    return v.IsKnown() && !v.IsNull() && v.type() == cty::Type::String() ? v.AsString() : "";
  }

  // --- the simulator -----------------------------------------------------

  // Every object in otc-sim's inventory by kind (jobs, which stay after
  // their resource as on OTC, left out): kind -> ids.
  std::map<std::string, std::multiset<std::string>> Objects() {
    std::map<std::string, std::multiset<std::string>> out;
    auto r = Http("GET", sim_.http() + "/_sim/resources");
    EXPECT_EQ(r.status, 200) << r.body;
    json all = r.Json();
    if (!all.is_object() || !all.contains("resources") || !all["resources"].is_object()) return out;
    for (const auto& [kind, items] : all["resources"].items()) {
      if (kind.size() > 4 && kind.compare(kind.size() - 4, 4, "_job") == 0) continue;
      if (!items.is_array()) continue;
      for (const auto& o : items) {
        std::string id = o.value("id", "");
        if (id.empty() && o.contains("metadata")) id = o["metadata"].value("uid", "");
        out[kind].insert(id.empty() ? o.dump() : id);
      }
    }
    return out;
  }
  // Objects present now that were not in `baseline`, "kind: id" per line.
  std::string Leftovers(const std::map<std::string, std::multiset<std::string>>& baseline) {
    std::string out;
    for (const auto& [kind, ids] : Objects()) {
      auto b = baseline.find(kind);
      for (const auto& id : ids) {
        if (b == baseline.end() || b->second.count(id) == 0) out += kind + ": " + id + "\n";
      }
    }
    return out;
  }
  size_t Count(const std::string& kind) { return Inventory(kind).size(); }

  // --- the environment ---------------------------------------------------

  // Which parts the provider serves; missing part-2 types are named in
  // missing_.
  struct Parts {
    bool cce = false;
    bool rds = false;
    bool elb = false;
  };
  Parts Available() {
    Parts parts;
    auto need = [&](std::initializer_list<const char*> types) {
      bool all = true;
      for (const char* t : types) {
        if (!Served(t)) {
          all = false;
          missing_.insert(t);
        }
      }
      return all;
    };
    parts.cce = need({"edp_cce_cluster", "edp_cce_node_pool"});
    parts.rds = need({"edp_rds_instance"});
    parts.elb = need({"edp_elb_loadbalancer", "edp_elb_listener", "edp_elb_pool", "edp_elb_member",
                      "edp_elb_monitor"});
    return parts;
  }
  std::string MissingTypes() const {
    std::string out;
    for (const auto& t : missing_) out += (out.empty() ? "" : ", ") + t;
    return out;
  }

  // Creates the environment in dependency order, independent resources of
  // one level concurrently. `tag` keeps names apart between runs.
  void CreateEnvironment(const Parts& parts, const std::string& tag) {
    const std::string region = sim_.ready().value("region", "eu-de");
    const std::string az1 = region + "-01";
    const std::string az2 = region + "-02";

    // Level 0: network, security group, EIP, DNS zone.
    Parallel({
        [&] {
          Create("edp_vpc.net", "edp_vpc", 0,
                 Cfg("edp_vpc", {{"name", S("edp-" + tag)}, {"cidr", S("10.50.0.0/16")},
                                 {"description", S("EDP environment network")}}));
        },
        [&] {
          Create("edp_networking_secgroup.db", "edp_networking_secgroup", 0,
                 Cfg("edp_networking_secgroup",
                     {{"name", S("edp-db-" + tag)}, {"description", S("database access")}}));
        },
        [&] {
          Create("edp_vpc_eip.lb", "edp_vpc_eip", 0,
                 Cfg("edp_vpc_eip", {{"publicip", Obj({{"type", S("5_bgp")}})},
                                     {"bandwidth", Obj({{"name", S("edp-bw-" + tag)},
                                                        {"size", I(10)},
                                                        {"share_type", S("PER")},
                                                        {"charge_mode", S("traffic")}})}}));
        },
        [&] {
          Create("edp_dns_zone.public", "edp_dns_zone", 0,
                 Cfg("edp_dns_zone", {{"name", S(tag + ".edp.example.com.")}, {"email", S("ops@example.com")}}));
        },
    });
    const std::string vpc_id = Str("edp_vpc.net", "id");
    const std::string sg_id = Str("edp_networking_secgroup.db", "id");
    const std::string eip_id = Str("edp_vpc_eip.lb", "id");
    const std::string zone_id = Str("edp_dns_zone.public", "id");

    // Level 1: subnet, security group rules.
    Parallel({
        [&] {
          Create("edp_vpc_subnet.nodes", "edp_vpc_subnet", 1,
                 Cfg("edp_vpc_subnet", {{"name", S("edp-nodes-" + tag)},
                                        {"cidr", S("10.50.1.0/24")},
                                        {"gateway_ip", S("10.50.1.1")},
                                        {"vpc_id", S(vpc_id)}}),
                 {vpc_id});
        },
        [&] {
          Create("edp_networking_secgroup_rule.postgres", "edp_networking_secgroup_rule", 1,
                 Cfg("edp_networking_secgroup_rule", {{"direction", S("ingress")},
                                                      {"ethertype", S("IPv4")},
                                                      {"protocol", S("tcp")},
                                                      {"port_range_min", I(5432)},
                                                      {"port_range_max", I(5432)},
                                                      {"remote_ip_prefix", S("10.50.0.0/16")},
                                                      {"security_group_id", S(sg_id)}}),
                 {sg_id});
        },
        [&] {
          Create("edp_networking_secgroup_rule.https", "edp_networking_secgroup_rule", 1,
                 Cfg("edp_networking_secgroup_rule", {{"direction", S("ingress")},
                                                      {"ethertype", S("IPv4")},
                                                      {"protocol", S("tcp")},
                                                      {"port_range_min", I(443)},
                                                      {"port_range_max", I(443)},
                                                      {"remote_ip_prefix", S("0.0.0.0/0")},
                                                      {"security_group_id", S(sg_id)}}),
                 {sg_id});
        },
    });
    const std::string subnet_id = Str("edp_vpc_subnet.nodes", "id");             // VPC v1 subnet (network) id
    const std::string ipv4_subnet_id = Str("edp_vpc_subnet.nodes", "subnet_id");  // Neutron IPv4 subnet id

    // Level 2: CCE cluster, RDS instance, load balancer with the EIP.
    std::vector<std::function<void()>> level2;
    if (parts.cce) {
      level2.push_back([&] {
        Create("edp_cce_cluster.edp", "edp_cce_cluster", 2,
               Cfg("edp_cce_cluster", {{"name", S("edp-cluster-" + tag)},
                                       {"cluster_type", S("VirtualMachine")},
                                       {"flavor_id", S("cce.s1.small")},
                                       {"cluster_version", S("v1.29")},
                                       {"description", S("EDP cluster")},
                                       {"vpc_id", S(vpc_id)},
                                       {"subnet_id", S(subnet_id)},
                                       {"container_network_type", S("overlay_l2")},
                                       {"container_network_cidr", S("172.16.0.0/16")},
                                       {"kubernetes_svc_ip_range", S("10.247.0.0/16")}}),
               {vpc_id, subnet_id});
      });
    }
    if (parts.rds) {
      level2.push_back([&] {
        Create("edp_rds_instance.db", "edp_rds_instance", 2,
               Cfg("edp_rds_instance", {{"name", S("edp-db-" + tag)},
                                        {"flavor", S("rds.pg.n1.large.2.ha")},
                                        {"ha_replication_mode", S("async")},
                                        {"availability_zone", Strs({az1, az2})},
                                        {"db", Obj({{"type", S("PostgreSQL")},
                                                    {"version", S("14")},
                                                    {"password", S(kDbPassword)}})},
                                        {"volume", Obj({{"type", S("COMMON")}, {"size", I(40)}})},
                                        {"backup_strategy", Obj({{"start_time", S("01:00-02:00")},
                                                                 {"keep_days", I(7)}})},
                                        {"vpc_id", S(vpc_id)},
                                        {"subnet_id", S(subnet_id)},
                                        {"security_group_id", S(sg_id)}}),
               {vpc_id, subnet_id, sg_id});
      });
    }
    if (parts.elb) {
      level2.push_back([&] {
        Create("edp_elb_loadbalancer.edp", "edp_elb_loadbalancer", 2,
               Cfg("edp_elb_loadbalancer", {{"name", S("edp-lb-" + tag)},
                                            {"description", S("EDP ingress")},
                                            {"router_id", S(vpc_id)},
                                            {"subnet_id", S(ipv4_subnet_id)},
                                            {"network_ids", Strs({subnet_id})},
                                            {"availability_zones", Strs({az1})},
                                            {"public_ip", Obj({{"id", S(eip_id)}})}}),
               {vpc_id, subnet_id, ipv4_subnet_id, eip_id});
      });
    }
    Parallel(level2);

    // The address the DNS record points at: the ELB's EIP as the load
    // balancer reports it (the EIP's own address without an ELB).
    std::string eip_address;
    if (!eip_id.empty()) {
      cty::Value ip = AttrOf(StateOf("edp_vpc_eip.lb"), "publicip");
      EXPECT_TRUE(ip.IsKnown() && !ip.IsNull() && ip.Elements().size() == 1);
      if (ip.IsKnown() && !ip.IsNull() && ip.Elements().size() == 1) {
        eip_address = AttrOf(ip.Elements()[0], "ip_address").AsString();
      }
    }
    if (parts.elb && !Str("edp_elb_loadbalancer.edp", "id").empty()) {
      cty::Value lb = StateOf("edp_elb_loadbalancer.edp");
      cty::Value pub = AttrOf(lb, "public_ip");
      cty::Value first;
      if (pub.IsKnown() && !pub.IsNull()) {
        first = pub.type().IsObject() ? pub : (pub.Elements().empty() ? cty::Value() : pub.Elements()[0]);
      }
      EXPECT_FALSE(first.IsNull()) << "the load balancer reports no public_ip";
      if (!first.IsNull()) {
        EXPECT_EQ(AttrOf(first, "id"), S(eip_id));
        EXPECT_EQ(AttrOf(first, "address"), S(eip_address)) << "the ELB's EIP is not the one bound";
      }
    }

    // Level 3: node pool, listener, DNS record.
    std::vector<std::function<void()>> level3;
    if (parts.cce) {
      level3.push_back([&, cluster_id = Str("edp_cce_cluster.edp", "id")] {
        Create("edp_cce_node_pool.workers", "edp_cce_node_pool", 3,
               Cfg("edp_cce_node_pool", {{"cluster_id", S(cluster_id)},
                                         {"name", S("edp-workers-" + tag)},
                                         {"flavor", S("s3.large.2")},
                                         {"availability_zone", S(az1)},
                                         {"os", S("EulerOS 2.9")},
                                         {"key_pair", S("edp-key")},
                                         {"initial_node_count", I(2)},
                                         {"root_volume", Obj({{"size", I(40)}, {"volumetype", S("SSD")}})},
                                         {"data_volumes", Seq({Obj({{"size", I(100)}, {"volumetype", S("SSD")}})})},
                                         {"subnet_id", S(subnet_id)}}),
               {cluster_id, subnet_id});
      });
    }
    if (parts.elb) {
      level3.push_back([&, lb_id = Str("edp_elb_loadbalancer.edp", "id")] {
        Create("edp_elb_listener.http", "edp_elb_listener", 3,
               Cfg("edp_elb_listener", {{"name", S("edp-http-" + tag)},
                                        {"loadbalancer_id", S(lb_id)},
                                        {"protocol", S("HTTP")},
                                        {"protocol_port", I(80)}}),
               {lb_id});
      });
    }
    level3.push_back([&] {
      Create("edp_dns_recordset.app", "edp_dns_recordset", 3,
             Cfg("edp_dns_recordset", {{"zone_id", S(zone_id)},
                                       {"name", S("app." + tag + ".edp.example.com.")},
                                       {"type", S("A")},
                                       {"ttl", I(300)},
                                       {"records", Strs({eip_address})}}),
             {zone_id, eip_address});
    });
    Parallel(level3);
    if (!parts.elb) return;

    // Level 4: the pool behind the listener.
    Create("edp_elb_pool.app", "edp_elb_pool", 4,
           Cfg("edp_elb_pool", {{"name", S("edp-app-" + tag)},
                                {"listener_id", S(Str("edp_elb_listener.http", "id"))},
                                {"protocol", S("HTTP")},
                                {"lb_algorithm", S("ROUND_ROBIN")}}),
           {Str("edp_elb_listener.http", "id")});
    const std::string pool_id = Str("edp_elb_pool.app", "id");

    // Level 5: two members at fixed addresses of the subnet (addresses no
    // node, RDS or VIP port takes) and the health monitor.
    auto member = [&](const std::string& label, const std::string& address) {
      Create(label, "edp_elb_member", 5,
             Cfg("edp_elb_member", {{"pool_id", S(pool_id)},
                                    {"address", S(address)},
                                    {"protocol_port", I(8080)},
                                    {"subnet_id", S(ipv4_subnet_id)},
                                    {"weight", I(10)}}),
             {pool_id, ipv4_subnet_id});
    };
    Parallel({
        [&] { member("edp_elb_member.a", "10.50.1.200"); },
        [&] { member("edp_elb_member.b", "10.50.1.201"); },
        [&] {
          Create("edp_elb_monitor.http", "edp_elb_monitor", 5,
                 Cfg("edp_elb_monitor", {{"pool_id", S(pool_id)},
                                         {"type", S("HTTP")},
                                         {"delay", I(5)},
                                         {"timeout", I(3)},
                                         {"max_retries", I(3)},
                                         {"url_path", S("/healthz")}}),
                 {pool_id});
        },
    });
  }

  // Exactly the objects the environment created, nothing twice: per
  // otc-sim kind as many objects as tracked resources of its type.
  void ExpectNoDuplicates() {
    static const std::map<std::string, std::string> kKinds = {
        {"edp_vpc", "vpc"},
        {"edp_vpc_subnet", "subnet"},
        {"edp_vpc_eip", "publicip"},
        {"edp_dns_zone", "dns_zone"},
        {"edp_cce_cluster", "cce_cluster"},
        {"edp_cce_node_pool", "cce_nodepool"},
        {"edp_rds_instance", "rds_instance"},
        {"edp_elb_loadbalancer", "elb_loadbalancer"},
        {"edp_elb_listener", "elb_listener"},
        {"edp_elb_pool", "elb_pool"},
        {"edp_elb_member", "elb_member"},
        {"edp_elb_monitor", "elb_healthmonitor"},
    };
    std::map<std::string, size_t> tracked;
    std::string sg_id;
    {
      std::lock_guard<std::mutex> l(mu_);
      for (const auto& [label, t] : tracked_) ++tracked[t.type];
      if (auto it = tracked_.find("edp_networking_secgroup.db"); it != tracked_.end()) {
        sg_id = AttrOf(it->second.state, "id").AsString();
      }
    }
    for (const auto& [type, kind] : kKinds) {
      EXPECT_EQ(Count(kind), tracked[type]) << kind << " objects in otc-sim vs " << type << " resources";
    }
    EXPECT_EQ(Count("cce_node"), 2 * tracked["edp_cce_node_pool"]) << "two nodes per pool";
    size_t a_records = 0;
    for (const auto& r : Inventory("dns_recordset")) a_records += r.value("type", "") == "A" ? 1 : 0;
    EXPECT_EQ(a_records, tracked["edp_dns_recordset"]);
    size_t our_rules = 0;
    for (const auto& r : Inventory("security_group_rule")) {
      if (!sg_id.empty() && r.value("security_group_id", "") == sg_id && r.value("direction", "") == "ingress") {
        ++our_rules;
      }
    }
    EXPECT_EQ(our_rules, tracked["edp_networking_secgroup_rule"]);
  }

  // The secret never reaches the provider's log.
  void ExpectPasswordNotLogged() {
    for (const auto& line : plugin_->log->Lines()) {
      EXPECT_EQ(line.find(kDbPassword), std::string::npos) << line;
    }
  }

  // Prints each resource's create time (plan + apply with its waits).
  void PrintTimes() {
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& [label, t] : tracked_) {
      std::printf("  %-42s level %d  create %.2fs\n", label.c_str(), t.level, t.create_seconds);
    }
  }

  std::set<std::string> served_;
  std::set<std::string> served_data_;
  std::set<std::string> missing_;
  std::mutex mu_;
  std::map<std::string, Tracked> tracked_;
};

double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

TEST_F(CompositeE2e, EnvironmentCreatedInOrderRefreshedAndDestroyedWithoutLeaks) {
  ASSERT_EQ(Summaries(Configure()), "");
  const Parts parts = Available();
  const auto baseline = Objects();
  const size_t r0 = ApiRequests();
  const auto t0 = Clock::now();

  CreateEnvironment(parts, "a");
  const double create_s = Since(t0);
  const size_t r_create = ApiRequests();
  PrintTimes();
  ExpectNoDuplicates();

  // A refresh of everything (OpenTofu's plan after apply) shows no drift.
  const auto t1 = Clock::now();
  RefreshAll();
  const double refresh_s = Since(t1);
  const size_t r_refresh = ApiRequests();

  const auto t2 = Clock::now();
  DestroyAll();
  const double destroy_s = Since(t2);
  const size_t r_destroy = ApiRequests();
  EXPECT_EQ(Leftovers(baseline), "") << "objects left behind after destroy";
  EXPECT_TRUE(tracked_.empty());
  ExpectPasswordNotLogged();

  const double total_s = Since(t0);
  std::printf("composite: create %.1fs, refresh %.1fs, destroy %.1fs, total %.1fs; requests create %zu, "
              "refresh %zu, destroy %zu\n",
              create_s, refresh_s, destroy_s, total_s, r_create - r0, r_refresh - r_create, r_destroy - r_refresh);
  RecordProperty("wall_ms", static_cast<int>(total_s * 1000));
  RecordProperty("create_requests", static_cast<int>(r_create - r0));
  RecordProperty("refresh_requests", static_cast<int>(r_refresh - r_create));
  RecordProperty("destroy_requests", static_cast<int>(r_destroy - r_refresh));
  // Upper bounds so a polling regression shows up: 17 resources, each a
  // create call, a few adaptive polls, a read-back, the test's refresh and
  // re-plan reads.
  // Measured (otc-sim x300): create 98, refresh 30, destroy 42.
  EXPECT_LE(r_create - r0, 150u);
  EXPECT_LE(r_refresh - r_create, 45u);
  EXPECT_LE(r_destroy - r_refresh, 70u);
  EXPECT_TRUE(missing_.empty()) << "types missing from the provider schema: " << MissingTypes();
}

TEST_F(CompositeE2e, InjectedFaultsConvergeWithoutDuplicatesOrLeaks) {
  // 503s on every call, 429s on reads, connection resets on creates (the
  // ambiguous case: each create must look its object up before replaying)
  // and new objects answering 404 for a while, on every service the
  // environment uses.
  std::string spec;
  for (const char* svc : {"vpc", "neutron", "cce", "rds", "elb", "dns"}) {
    spec += std::string(spec.empty() ? "" : ";") + svc + ":503:0.08;" + svc + ":429=1:0.04:GET;" + svc +
            ":reset:0.2:POST;" + svc + ":404-after-create=30";
  }
  auto f = Http("POST", sim_.http() + "/_sim/faults", json{{"spec", spec}, {"seed", 23}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_EQ(f.status, 200) << f.body;
  ASSERT_EQ(Summaries(Configure({{"max_retries", cty::Value::Int(10)}})), "");
  const Parts parts = Available();
  const auto baseline = Objects();
  const auto t0 = Clock::now();

  CreateEnvironment(parts, "f");
  PrintTimes();
  ExpectNoDuplicates();
  RefreshAll();
  DestroyAll();
  EXPECT_EQ(Leftovers(baseline), "") << "objects left behind after destroy under faults";
  auto faults = Http("GET", sim_.http() + "/_sim/faults");
  EXPECT_GT(faults.Json().value("fired", 0), 0) << faults.body;  // the faults really happened
  ExpectPasswordNotLogged();
  std::printf("composite under faults: %.1fs, %d faults fired\n", Since(t0), faults.Json().value("fired", 0));
  RecordProperty("faults_wall_ms", static_cast<int>(Since(t0) * 1000));
  EXPECT_TRUE(missing_.empty()) << "types missing from the provider schema: " << MissingTypes();
}

// Bad values anywhere in the environment are refused at validation, at the
// attribute, before any API request (validation needs no configured
// provider).
TEST_F(CompositeE2e, BadConfigurationAcrossTheStackIsRejectedBeforeAnyRequest) {
  const Parts parts = Available();
  const size_t before = ApiRequests();
  auto errors = [&](const std::string& type, std::map<std::string, cty::Value> set) {
    return Summaries(Validate(type, Cfg(type, std::move(set))).diagnostics);
  };
  auto has_path = [](const std::string& summaries, const std::string& path) {
    return summaries.find("[at " + path + "]") != std::string::npos;
  };
  std::string s = errors("edp_vpc_subnet", {{"name", S("s")},
                                            {"cidr", S("10.50.1.0/24")},
                                            {"gateway_ip", S("10.50.2.1")},
                                            {"vpc_id", S("v")}});
  EXPECT_TRUE(has_path(s, "gateway_ip")) << s;
  if (parts.cce) {
    s = errors("edp_cce_cluster", {{"name", S("Bad_Name")},
                                   {"cluster_type", S("VirtualMachine")},
                                   {"flavor_id", S("cce.s1.small")},
                                   {"vpc_id", S("v")},
                                   {"subnet_id", S("s")},
                                   {"container_network_type", S("overlay_l2")}});
    EXPECT_TRUE(has_path(s, "name")) << s;
    s = errors("edp_cce_node_pool", {{"cluster_id", S("c")},
                                     {"name", S("pool")},
                                     {"flavor", S("s3.large.2")},
                                     {"key_pair", S("k")},
                                     {"initial_node_count", I(1)},
                                     {"root_volume", Obj({{"size", I(5)}, {"volumetype", S("SSD")}})},
                                     {"data_volumes", Seq({Obj({{"size", I(100)}, {"volumetype", S("SSD")}})})}});
    EXPECT_TRUE(has_path(s, "root_volume[0].size")) << s;
  }
  if (parts.rds) {
    s = errors("edp_rds_instance", {{"name", S("db")},
                                    {"flavor", S("rds.pg.n1.large.2")},
                                    {"availability_zone", Strs({"eu-de-01"})},
                                    {"db", Obj({{"type", S("Oracle")}, {"password", S(kDbPassword)}})},
                                    {"volume", Obj({{"type", S("COMMON")}, {"size", I(40)}})},
                                    {"vpc_id", S("v")},
                                    {"subnet_id", S("s")},
                                    {"security_group_id", S("g")}});
    EXPECT_TRUE(has_path(s, "db[0].type")) << s;
    EXPECT_EQ(s.find(kDbPassword), std::string::npos);
  }
  if (parts.elb) {
    s = errors("edp_elb_listener", {{"loadbalancer_id", S("l")}, {"protocol", S("FTP")}, {"protocol_port", I(21)}});
    EXPECT_TRUE(has_path(s, "protocol")) << s;
    s = errors("edp_elb_monitor", {{"pool_id", S("p")},
                                   {"type", S("HTTP")},
                                   {"delay", I(99)},
                                   {"timeout", I(3)},
                                   {"max_retries", I(3)}});
    EXPECT_TRUE(has_path(s, "delay")) << s;
    s = errors("edp_elb_member", {{"pool_id", S("p")},
                                  {"address", S("10.50.1.300")},
                                  {"protocol_port", I(8080)},
                                  {"weight", I(500)}});
    EXPECT_TRUE(has_path(s, "weight")) << s;
  }
  EXPECT_EQ(ApiRequests(), before) << "validation must not call the OTC API";
  EXPECT_TRUE(missing_.empty()) << "types missing from the provider schema: " << MissingTypes();
}

}  // namespace
