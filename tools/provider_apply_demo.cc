// provider-apply-demo: an EDP environment (network, security group, DNS,
// OBS bucket, CCE cluster with a node pool, PostgreSQL RDS instance and a
// dedicated ELB with its EIP, listener and pool) built, checked and torn
// down in a local otc-sim by the real terraform-provider-edp, driven over
// the plugin protocol the way `tofu apply` / `tofu destroy` drive it, with
// tofu's progress lines. The main job (scripts/main-job.sh) runs it until
// edp-stack applies a whole cluster.
//
//   provider-apply-demo PROVIDER_BINARY OTC_SIM_BINARY
//
// Steps: start otc-sim (time x60, loopback, a port chosen at run time);
// launch the provider (protocol 6, AutoMTLS); configure it with otc-sim's
// demo user; plan every resource below (references to resources not yet
// created are unknown, as in tofu's plan); apply in dependency order
// (re-planning each with the now known references); refresh and re-plan
// (must show no changes); destroy in reverse order; check that otc-sim's
// inventory holds none of the objects any more. Resource types this build
// of the provider does not have are left out (and said so). Exit status 0
// only if every step behaved as expected.
#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cty/json.h"
#include "cty/value.h"
#include "nlohmann/json.hpp"
#include "tfplugin/grpc_provider_client.h"
#include "tfplugin/objchange.h"
#include "tfplugin/plugin_client.h"
#include "tfplugin/provider.h"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---- otc-sim ----------------------------------------------------------------

class Sim {
 public:
  bool Start(const std::string& binary) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    pid_ = fork();
    if (pid_ < 0) return false;
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      execl(binary.c_str(), binary.c_str(), "--time-scale", "60", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    char buf[4096];
    while (line.find('\n') == std::string::npos) {
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    ready_ = json::parse(line.substr(0, line.find('\n')), nullptr, false);
    return ready_.is_object() && ready_.contains("http");
  }
  ~Sim() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  std::string http() const { return ready_.value("http", ""); }
  std::string region() const { return ready_.value("region", "eu-de"); }
  std::string cred(const char* k) const { return ready_["credentials"].value(k, ""); }

  // GET of an admin URL; null on failure.
  json Admin(const std::string& path) const {
    CURL* c = curl_easy_init();
    if (!c) return nullptr;
    std::string body, url = http() + path;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* ud) {
      static_cast<std::string*>(ud)->append(p, s * n);
      return s * n;
    });
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || status != 200) return nullptr;
    return json::parse(body, nullptr, false);
  }

 private:
  pid_t pid_ = -1;
  json ready_;
};

// ---- the configuration ------------------------------------------------------

// One resource: its address, its configuration as JSON (top-level string
// values "${ADDRESS.ATTR}" refer to another resource's attribute) and the
// otc-sim inventory kind it creates.
struct Resource {
  std::string type, name, config, kind;
  std::string address() const { return type + "." + name; }
};

const std::vector<Resource>& Network() {
  static const std::vector<Resource> kAll = {
      {"edp_vpc", "main", R"({"name":"edp-demo","cidr":"10.20.0.0/16","description":"EDP demo network"})", "vpc"},
      {"edp_vpc_subnet", "nodes",
       R"({"name":"edp-demo-nodes","cidr":"10.20.1.0/24","gateway_ip":"10.20.1.1","vpc_id":"${edp_vpc.main.id}"})",
       "subnet"},
      {"edp_networking_secgroup", "nodes", R"({"name":"edp-demo-nodes","description":"cluster nodes"})",
       "security_group"},
      {"edp_networking_secgroup_rule", "https",
       R"({"direction":"ingress","ethertype":"IPv4","protocol":"tcp","port_range_min":443,"port_range_max":443,)"
       R"("remote_ip_prefix":"0.0.0.0/0","security_group_id":"${edp_networking_secgroup.nodes.id}"})",
       "security_group_rule"},
      {"edp_dns_zone", "private", R"({"name":"edp.demo.","email":"ops@edp.demo","ttl":300,"type":"private",)"
                                  R"("router":[{"router_id":"${edp_vpc.main.id}","router_region":"${provider.region}"}]})",
       "dns_zone"},
      {"edp_dns_recordset", "api",
       R"({"zone_id":"${edp_dns_zone.private.id}","name":"api.edp.demo.","type":"A","ttl":300,"records":["10.20.1.10"]})",
       "dns_recordset"},
      // The cluster: CCE control plane (~6 simulated minutes), a node pool
      // of two nodes, an HA PostgreSQL instance, a dedicated ELB with an
      // EIP, an HTTP listener and its pool.
      {"edp_vpc_eip", "ingress",
       R"({"publicip":[{"type":"5_bgp"}],)"
       R"("bandwidth":[{"name":"edp-demo-ingress","size":10,"share_type":"PER","charge_mode":"traffic"}]})",
       "publicip"},
      {"edp_cce_cluster", "demo",
       R"({"name":"edp-demo","cluster_type":"VirtualMachine","flavor_id":"cce.s1.small","cluster_version":"v1.29",)"
       R"("container_network_type":"overlay_l2","container_network_cidr":"172.16.0.0/16",)"
       R"("vpc_id":"${edp_vpc.main.id}","subnet_id":"${edp_vpc_subnet.nodes.id}"})",
       "cce_cluster"},
      {"edp_cce_node_pool", "workers",
       R"({"cluster_id":"${edp_cce_cluster.demo.id}","name":"edp-demo-workers","flavor":"s3.large.2",)"
       R"("availability_zone":"${provider.az1}","os":"EulerOS 2.9","key_pair":"edp-demo","initial_node_count":2,)"
       R"("root_volume":[{"size":40,"volumetype":"SSD"}],"data_volumes":[{"size":100,"volumetype":"SSD"}]})",
       "cce_nodepool"},
      {"edp_rds_instance", "db",
       R"({"name":"edp-demo-db","flavor":"rds.pg.n1.large.2.ha","ha_replication_mode":"async",)"
       R"("availability_zone":["${provider.az1}","${provider.az2}"],)"
       R"("db":[{"type":"PostgreSQL","version":"14","password":"Demo-Db-Passw0rd"}],)"
       R"("volume":[{"type":"COMMON","size":40}],"vpc_id":"${edp_vpc.main.id}",)"
       R"("subnet_id":"${edp_vpc_subnet.nodes.id}","security_group_id":"${edp_networking_secgroup.nodes.id}"})",
       "rds_instance"},
      {"edp_elb_loadbalancer", "ingress",
       R"({"name":"edp-demo-ingress","router_id":"${edp_vpc.main.id}","subnet_id":"${edp_vpc_subnet.nodes.subnet_id}",)"
       R"("network_ids":["${edp_vpc_subnet.nodes.id}"],"availability_zones":["${provider.az1}"],)"
       R"("public_ip":[{"id":"${edp_vpc_eip.ingress.id}"}]})",
       "elb_loadbalancer"},
      {"edp_elb_listener", "http",
       R"({"name":"edp-demo-http","loadbalancer_id":"${edp_elb_loadbalancer.ingress.id}","protocol":"HTTP",)"
       R"("protocol_port":80})",
       "elb_listener"},
      {"edp_elb_pool", "apps",
       R"({"name":"edp-demo-apps","listener_id":"${edp_elb_listener.http.id}","protocol":"HTTP",)"
       R"("lb_algorithm":"ROUND_ROBIN"})",
       "elb_pool"},
      // Last: OBS signs with temporary AK/SK from IAM (15 simulated minutes,
      // a quarter of a real minute at 60x), so the bucket's create, refresh
      // and destroy stay close together.
      {"edp_obs_bucket", "state", R"({"bucket":"edp-demo-state","versioning":true})", "obs_bucket"},
  };
  return kAll;
}

constexpr const char* kUnknownMarker = "\x01unknown\x01";

std::string Summaries(const tfplugin::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags) {
    out += std::string("    ") + (d.severity == tfplugin::Severity::kError ? "Error: " : "Warning: ") + d.summary;
    if (d.attribute && !d.attribute->empty()) out += " (at " + d.attribute->ToString() + ")";
    if (!d.detail.empty()) out += "\n      " + d.detail;
    out += "\n";
  }
  return out;
}

class Demo {
 public:
  Demo(tfplugin::Provider& p, const tfplugin::GetProviderSchemaResponse& schema, const Sim& sim)
      : p_(p), schema_(schema), sim_(sim) {}

  bool Run() {
    std::set<std::string> left_out;
    for (const auto& r : Network()) {
      if (!schema_.resource_schemas.count(r.type)) {
        std::printf("  (%s: not in this build of the provider, left out)\n", r.address().c_str());
        left_out.insert(r.address());
        continue;
      }
      std::string needs;
      for (const auto& addr : left_out) {
        if (r.config.find("${" + addr + ".") != std::string::npos) needs = addr;
      }
      if (!needs.empty()) {
        std::printf("  (%s: needs %s, left out)\n", r.address().c_str(), needs.c_str());
        left_out.insert(r.address());
        continue;
      }
      resources_.push_back(r);
    }
    // As after a failed `tofu apply`, whatever was created is destroyed.
    bool ok = Plan() && Apply() && NoChanges();
    bool clean = Destroy() && InventoryEmpty();
    return ok && clean;
  }

 private:
  const tfplugin::SchemaBlock& Block(const std::string& type) const {
    return schema_.resource_schemas.at(type).block;
  }

  // Replaces "${ADDRESS.ATTR}" strings anywhere in `v` with the attribute's
  // value ("${provider.region}": the provider's region); a reference to a
  // resource not created yet becomes kUnknownMarker (plan) or fails.
  bool Substitute(const Resource& r, bool allow_unknown, json& v) {
    if (v.is_object() || v.is_array()) {
      for (auto& e : v) {
        if (!Substitute(r, allow_unknown, e)) return false;
      }
      return true;
    }
    if (!v.is_string()) return true;
    std::string s = v.get<std::string>();
    if (s.rfind("${", 0) != 0 || s.back() != '}') return true;
    std::string ref = s.substr(2, s.size() - 3);
    if (ref == "provider.region") {
      v = sim_.region();
      return true;
    }
    if (ref == "provider.az1" || ref == "provider.az2") {  // the region's first two AZs
      v = sim_.region() + (ref.back() == '1' ? "-01" : "-02");
      return true;
    }
    auto dot = ref.rfind('.');
    auto it = state_.find(ref.substr(0, dot));
    if (it != state_.end()) {
      v = it->second.GetAttr(ref.substr(dot + 1)).AsString();
      return true;
    }
    if (!allow_unknown) {
      std::printf("  %s refers to %s, which does not exist\n", r.address().c_str(), ref.c_str());
      return false;
    }
    v = kUnknownMarker;
    return true;
  }

  // kUnknownMarker strings inside `v` become unknown strings.
  static cty::Value MarkUnknown(const cty::Value& v) {
    if (!v.IsKnown() || v.IsNull()) return v;
    const cty::Type& t = v.type();
    if (t == cty::Type::String()) {
      return v.AsString() == kUnknownMarker ? cty::Value::Unknown(cty::Type::String()) : v;
    }
    if (t.IsObject()) {
      std::map<std::string, cty::Value> attrs;
      for (const auto& [k, a] : v.Attributes()) attrs.emplace(k, MarkUnknown(a));
      return cty::Value::ObjectOf(t, std::move(attrs));
    }
    if (t.IsList() || t.IsSet()) {
      std::vector<cty::Value> elems;
      for (const auto& e : v.Elements()) elems.push_back(MarkUnknown(e));
      return t.IsList() ? cty::Value::List(t.element(), std::move(elems))
                        : cty::Value::Set(t.element(), std::move(elems));
    }
    return v;
  }

  // The configuration of `r` as tofu would send it.
  bool ConfigOf(const Resource& r, bool allow_unknown, cty::Value* out) {
    json cfg = json::parse(r.config);
    if (!Substitute(r, allow_unknown, cfg)) return false;
    const auto& block = Block(r.type);
    auto decoded = cty::json::Unmarshal(cfg.dump(), block.ImpliedType());
    if (!decoded.ok()) {
      std::printf("  %s: configuration does not match the schema: %s\n", r.address().c_str(),
                  decoded.error().ToString().c_str());
      return false;
    }
    *out = MarkUnknown(tfplugin::NormalizeConfig(block, decoded.value()));
    return true;
  }

  bool PlanOne(const Resource& r, const cty::Value& prior, const cty::Value& config,
               tfplugin::PlanResourceChangeResponse* plan) {
    tfplugin::ValidateResourceConfigRequest vreq;
    vreq.type_name = r.type;
    vreq.config = config;
    tfplugin::ValidateResourceConfigResponse vresp;
    p_.ValidateResourceConfig(vreq, vresp);
    if (vresp.diagnostics.HasError()) {
      std::printf("  %s: invalid configuration:\n%s", r.address().c_str(), Summaries(vresp.diagnostics).c_str());
      return false;
    }
    tfplugin::PlanResourceChangeRequest req;
    req.type_name = r.type;
    req.prior_state = prior;
    req.config = config;
    req.proposed_new_state = tfplugin::ProposedNewState(Block(r.type), prior, config);
    p_.PlanResourceChange(req, *plan);
    if (plan->diagnostics.HasError()) {
      std::printf("  %s: plan failed:\n%s", r.address().c_str(), Summaries(plan->diagnostics).c_str());
      return false;
    }
    return true;
  }

  cty::Value Null(const std::string& type) const { return cty::Value::Null(Block(type).ImpliedType()); }

  bool Plan() {
    std::printf("\n$ tofu plan\n");
    for (const auto& r : resources_) {
      cty::Value config;
      if (!ConfigOf(r, true, &config)) return false;
      tfplugin::PlanResourceChangeResponse plan;
      if (!PlanOne(r, Null(r.type), config, &plan)) return false;
      size_t unknown = 0;
      for (const auto& [k, v] : plan.planned_state.Attributes()) unknown += v.IsKnown() ? 0 : 1;
      std::printf("  + %s will be created (%zu attributes known after apply)\n", r.address().c_str(), unknown);
    }
    std::printf("  Plan: %zu to add, 0 to change, 0 to destroy.\n", resources_.size());
    return true;
  }

  // Runs `apply` while printing tofu's "Still ..." lines every 5 s.
  tfplugin::ApplyResourceChangeResponse ApplyWithProgress(const Resource& r,
                                                          const tfplugin::ApplyResourceChangeRequest& req,
                                                          const char* verb) {
    auto t0 = Clock::now();
    auto fut = std::async(std::launch::async, [&] {
      tfplugin::ApplyResourceChangeResponse resp;
      p_.ApplyResourceChange(req, resp);
      return resp;
    });
    while (fut.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
      auto s = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - t0).count();
      std::printf("  %s: Still %s... [%llds elapsed]\n", r.address().c_str(), verb, static_cast<long long>(s));
      std::fflush(stdout);
    }
    return fut.get();
  }

  // tofu's spelling of a duration: "0s", "42s", "1m3s".
  static std::string Elapsed(Clock::time_point t0) {
    auto s = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - t0).count();
    char buf[32];
    if (s < 60) {
      std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
    } else {
      std::snprintf(buf, sizeof buf, "%lldm%llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    }
    return buf;
  }

  bool Apply() {
    std::printf("\n$ tofu apply -auto-approve\n");
    for (const auto& r : resources_) {
      cty::Value config;
      if (!ConfigOf(r, false, &config)) return false;
      tfplugin::PlanResourceChangeResponse plan;
      if (!PlanOne(r, Null(r.type), config, &plan)) return false;
      std::printf("  %s: Creating...\n", r.address().c_str());
      std::fflush(stdout);
      auto t0 = Clock::now();
      tfplugin::ApplyResourceChangeRequest req;
      req.type_name = r.type;
      req.prior_state = Null(r.type);
      req.planned_state = plan.planned_state;
      req.config = config;
      req.planned_private = plan.planned_private;
      auto resp = ApplyWithProgress(r, req, "creating");
      if (resp.diagnostics.HasError() || resp.new_state.IsNull()) {
        std::printf("  %s: creation failed:\n%s", r.address().c_str(), Summaries(resp.diagnostics).c_str());
        if (!resp.new_state.IsNull()) state_[r.address()] = resp.new_state;  // tracked, to destroy
        return false;
      }
      state_[r.address()] = resp.new_state;
      private_[r.address()] = resp.private_data;
      std::printf("  %s: Creation complete after %s [id=%s]\n", r.address().c_str(), Elapsed(t0).c_str(),
                  resp.new_state.GetAttr("id").AsString().c_str());
    }
    std::printf("  Apply complete! Resources: %zu added, 0 changed, 0 destroyed.\n", resources_.size());
    return true;
  }

  bool NoChanges() {
    std::printf("\n$ tofu plan   (refresh, then compare with the configuration)\n");
    bool ok = true;
    for (const auto& r : resources_) {
      tfplugin::ReadResourceRequest rreq;
      rreq.type_name = r.type;
      rreq.current_state = state_[r.address()];
      rreq.private_data = private_[r.address()];
      tfplugin::ReadResourceResponse read;
      p_.ReadResource(rreq, read);
      if (read.diagnostics.HasError() || read.new_state.IsNull()) {
        std::printf("  %s: refresh failed or the object is gone:\n%s", r.address().c_str(),
                    Summaries(read.diagnostics).c_str());
        return false;
      }
      if (read.new_state != state_[r.address()]) {
        // Attributes later resources legitimately move (tofu notes them as
        // "changed outside of OpenTofu"); anything else is drift.
        static const std::map<std::string, std::set<std::string>> kMoved = {
            {"edp_vpc_eip", {"publicip"}},  // port_id: the load balancer bound it
            {"edp_elb_loadbalancer", {"updated_at"}},
            {"edp_elb_listener", {"default_pool_id", "updated_at"}},
            {"edp_elb_pool", {"updated_at"}},
        };
        std::string moved, drift;
        for (const auto& [k, v] : read.new_state.Attributes()) {
          if (v == state_[r.address()].GetAttr(k)) continue;
          auto m = kMoved.find(r.type);
          bool expected = m != kMoved.end() && m->second.count(k) > 0;
          (expected ? moved : drift) += " " + k;
        }
        if (!moved.empty()) {
          std::printf("  note: %s refreshed, changed by other resources:%s\n", r.address().c_str(), moved.c_str());
        }
        if (!drift.empty()) {
          std::printf("  %s: the refreshed state differs from the applied state:%s\n", r.address().c_str(),
                      drift.c_str());
          ok = false;
        }
      }
      state_[r.address()] = read.new_state;
      cty::Value config;
      if (!ConfigOf(r, false, &config)) return false;
      tfplugin::PlanResourceChangeResponse plan;
      if (!PlanOne(r, read.new_state, config, &plan)) return false;
      if (plan.planned_state != read.new_state || !plan.requires_replace.empty()) {
        std::printf("  ~ %s would change: drift right after apply\n", r.address().c_str());
        ok = false;
      }
    }
    if (ok) std::printf("  No changes. Your infrastructure matches the configuration.\n");
    json inv = sim_.Admin("/_sim/resources");
    if (inv.is_object() && inv["resources"].is_object()) {
      std::printf("  otc-sim inventory:");
      for (const auto& r : resources_) {
        std::printf(" %s=%zu", r.kind.c_str(), inv["resources"].value(r.kind, json::array()).size());
      }
      std::printf("\n");
    }
    return ok;
  }

  bool Destroy() {
    std::printf("\n$ tofu destroy -auto-approve\n");
    bool ok = true;
    for (auto it = resources_.rbegin(); it != resources_.rend(); ++it) {
      const Resource& r = *it;
      auto st = state_.find(r.address());
      if (st == state_.end()) continue;
      tfplugin::PlanResourceChangeRequest preq;
      preq.type_name = r.type;
      preq.prior_state = st->second;
      preq.config = Null(r.type);
      preq.proposed_new_state = Null(r.type);
      preq.prior_private = private_[r.address()];
      tfplugin::PlanResourceChangeResponse plan;
      p_.PlanResourceChange(preq, plan);
      std::printf("  %s: Destroying... [id=%s]\n", r.address().c_str(), st->second.GetAttr("id").AsString().c_str());
      std::fflush(stdout);
      auto t0 = Clock::now();
      tfplugin::ApplyResourceChangeRequest req;
      req.type_name = r.type;
      req.prior_state = st->second;
      req.planned_state = Null(r.type);
      req.config = Null(r.type);
      req.planned_private = plan.planned_private;
      auto resp = ApplyWithProgress(r, req, "destroying");
      if (resp.diagnostics.HasError() || !resp.new_state.IsNull()) {
        std::printf("  %s: destroy failed:\n%s", r.address().c_str(), Summaries(resp.diagnostics).c_str());
        ok = false;
        continue;
      }
      std::printf("  %s: Destruction complete after %s\n", r.address().c_str(), Elapsed(t0).c_str());
      state_.erase(st);
    }
    if (ok) std::printf("  Destroy complete! Resources: %zu destroyed.\n", resources_.size());
    return ok;
  }

  bool InventoryEmpty() {
    json inv = sim_.Admin("/_sim/resources");
    if (!inv.is_object() || !inv["resources"].is_object()) {
      std::printf("  could not read otc-sim's inventory\n");
      return false;
    }
    bool empty = true;
    for (const auto& r : resources_) {
      size_t n = inv["resources"].value(r.kind, json::array()).size();
      if (n != 0) {
        std::printf("  LEAKED: %zu %s object(s) remain in otc-sim\n", n, r.kind.c_str());
        empty = false;
      }
    }
    if (empty) std::printf("  otc-sim inventory: nothing left behind\n");
    return empty;
  }

  tfplugin::Provider& p_;
  const tfplugin::GetProviderSchemaResponse& schema_;
  const Sim& sim_;
  std::vector<Resource> resources_;
  std::map<std::string, cty::Value> state_;
  std::map<std::string, std::string> private_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: provider-apply-demo PROVIDER_BINARY OTC_SIM_BINARY\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  Sim sim;
  if (!sim.Start(argv[2])) {
    std::fprintf(stderr, "provider-apply-demo: otc-sim (%s) did not start\n", argv[2]);
    return 1;
  }
  std::printf("otc-sim: %s, region %s, lifecycles 60x faster than OTC\n", sim.http().c_str(), sim.region().c_str());

  tfplugin::LaunchOptions opts;
  opts.executable = argv[1];
  opts.protocol_versions = {6};
  auto launched = tfplugin::PluginClient::Launch(opts);
  if (!launched) {
    std::fprintf(stderr, "provider-apply-demo: launching %s failed: %s\n", argv[1], launched.error.c_str());
    return 1;
  }
  auto& client = *launched.client;
  tfplugin::Diagnostics diags;
  auto provider = tfplugin::NewGrpcProviderClient(client.channel(), client.protocol_version(), &diags);
  if (!provider) {
    std::fprintf(stderr, "provider-apply-demo: %s", Summaries(diags).c_str());
    return 1;
  }
  std::printf("terraform-provider-edp: protocol %d, %s\n", client.protocol_version(),
              client.tls_description().c_str());
  auto schema = provider->GetProviderSchema();

  // provider "edp" { auth_url = ..., user_name = ..., password = ... }
  std::map<std::string, std::string> set = {{"auth_url", sim.http() + "/v3"},     {"user_name", sim.cred("user")},
                                            {"password", sim.cred("password")},   {"domain_name", sim.cred("domain")},
                                            {"tenant_name", sim.cred("project")}, {"region", sim.region()}};
  json pcfg = json::object();
  for (const auto& [k, v] : set) pcfg[k] = v;
  const auto& pblock = schema.provider.block;
  auto decoded = cty::json::Unmarshal(pcfg.dump(), pblock.ImpliedType());
  if (!decoded.ok()) {
    std::fprintf(stderr, "provider-apply-demo: provider configuration: %s\n", decoded.error().ToString().c_str());
    return 1;
  }
  tfplugin::ConfigureProviderRequest conf;
  conf.terraform_version = "1.10.0";
  conf.config = tfplugin::NormalizeConfig(pblock, decoded.value());
  tfplugin::ConfigureProviderResponse conf_resp;
  provider->ConfigureProvider(conf, conf_resp);
  if (conf_resp.diagnostics.HasError()) {
    std::fprintf(stderr, "provider-apply-demo: configure failed:\n%s", Summaries(conf_resp.diagnostics).c_str());
    return 1;
  }

  Demo demo(*provider, schema, sim);
  bool ok = demo.Run();

  provider.reset();
  tfplugin::ExitInfo exit = client.Kill();
  std::printf("\nprovider shutdown: %s\n", exit.graceful ? "exited by itself" : "had to be killed");
  ok = ok && exit.graceful;
  std::printf("%s\n", ok ? "provider-apply-demo: the environment was created, matched its configuration and was "
                           "destroyed without leaks"
                         : "provider-apply-demo: FAILED");
  curl_global_cleanup();
  return ok ? 0 : 1;
}
