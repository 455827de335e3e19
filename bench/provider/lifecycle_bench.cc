// bench_provider_lifecycle: what terraform-provider-edp costs the cloud and
// the machine, measured against a real otc-sim through the plugin protocol
// (protocol 6, AutoMTLS), as OpenTofu drives it.
//
//   bench_provider_lifecycle PROVIDER [--creates N] [--wait-seconds S] [--calls N]
//
// otc-sim is the one of the same build tree (the test fixture's path).
//
// Prints a Markdown report of:
//   1. API requests per resource lifecycle (create, refresh, no-op plan,
//      in-place update, destroy) for every scenario below;
//   2. provider CPU time (user+system of the provider process, from
//      /proc/PID/stat) per create and per destroy, averaged over N VPCs;
//   3. polling while an operation is pending: otc-sim's clock runs 1000x
//      slower than real time, so a VPC stays CREATING; the requests issued
//      in S seconds of waiting are counted, then the clock is advanced and
//      the time until the apply returns is measured;
//   4. throttling: the first three creates of a VPC answer 429 with
//      Retry-After: 1; the time until the create succeeds;
//   5. per-call overhead inside the provider: PlanResourceChange (a create
//      plan and a no-op plan, `--calls` times each) as client round trip
//      and provider CPU per call, and ApplyResourceChange as provider CPU
//      per create/destroy. CPU time excludes the time spent waiting for
//      the API, so it is the provider's own cost (gRPC, msgpack, schema
//      checks, building and parsing API requests).
// The official provider's documented behaviour for the same situations is
// printed beside ours (api.md 0.5, 2.1; user-issues.md B).
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core_sim.h"
#include "framework/values.h"
#include "launch.h"
#include "provider/edp_provider.h"
#include "sim_process.h"

namespace {

using Clock = std::chrono::steady_clock;
using framework::AttrOf;
using otcsim_test::Http;
using otcsim_test::json;
using otcsim_test::SimProcess;

cty::Value S(std::string_view s) { return cty::Value::String(s); }

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// User + system CPU seconds of process `pid` so far.
double CpuSeconds(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(f, stat);  // one line
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; rest >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::atoll(field.c_str());
    if (i == 15) {
      stime = std::atoll(field.c_str());
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

class Session {
 public:
  Session(const std::string& provider_bin, std::vector<std::string> sim_args) : sim_(std::move(sim_args)) {
    if (!sim_.ok()) Die("otc-sim did not start");
    std::string error;
    plugin_ = conformance::Launch(provider_bin, conformance::Transport{}, {"TF_LOG_PROVIDER=warn"}, &error);
    if (!plugin_) Die("provider launch failed: " + error);
    local_ = provider::NewEdpProvider(framework::MapEnv({}));
    std::map<std::string, cty::Value> set = {
        {"auth_url", S(sim_.http() + "/v3")},     {"user_name", S(sim_.cred("user"))},
        {"password", S(sim_.cred("password"))},   {"domain_name", S(sim_.cred("domain"))},
        {"tenant_name", S(sim_.cred("project"))}, {"region", S(sim_.ready().value("region", "eu-de"))}};
    tfplugin::ConfigureProviderRequest req;
    req.terraform_version = "1.10.0";
    req.config = edptest::ConfigOf(local_->provider_schema().block, set);
    tfplugin::ConfigureProviderResponse resp;
    p().ConfigureProvider(req, resp);
    Check(resp.diagnostics, "configure");
  }
  ~Session() {
    if (plugin_) {
      plugin_->provider.reset();
      plugin_->client->Kill();
    }
  }

  [[noreturn]] static void Die(const std::string& why) {
    std::fprintf(stderr, "bench_provider_lifecycle: %s\n", why.c_str());
    std::exit(1);
  }
  static void Check(const tfplugin::Diagnostics& d, const std::string& step) {
    std::string s = edptest::Summaries(d);
    if (!s.empty()) Die(step + ": " + s);
  }

  tfplugin::Provider& p() { return *plugin_->provider; }
  pid_t pid() const { return plugin_->client->pid(); }
  SimProcess& sim() { return sim_; }

  const framework::Block& Block(const std::string& type) const { return local_->resource_schemas().at(type).block; }
  cty::Value Null(const std::string& type) const {
    return cty::Value::Null(local_->resource_schemas().at(type).ImpliedType());
  }
  cty::Value Config(const std::string& type, const std::map<std::string, cty::Value>& set) const {
    return edptest::ConfigOf(Block(type), set);
  }

  tfplugin::PlanResourceChangeResponse Plan(const std::string& type, const cty::Value& prior,
                                            const cty::Value& config) {
    tfplugin::PlanResourceChangeRequest preq;
    preq.type_name = type;
    preq.prior_state = prior;
    preq.config = config;
    preq.proposed_new_state = config.IsNull() ? config : edptest::ProposedNew(Block(type), prior, config);
    tfplugin::PlanResourceChangeResponse plan;
    p().PlanResourceChange(preq, plan);
    Check(plan.diagnostics, "plan " + type);
    return plan;
  }
  // Apply of a plan made by Plan.
  cty::Value Apply(const std::string& type, const cty::Value& prior, const cty::Value& config,
                   const tfplugin::PlanResourceChangeResponse& plan) {
    tfplugin::ApplyResourceChangeRequest areq;
    areq.type_name = type;
    areq.prior_state = prior;
    areq.planned_state = plan.planned_state;
    areq.config = config;
    areq.planned_private = plan.planned_private;
    tfplugin::ApplyResourceChangeResponse applied;
    p().ApplyResourceChange(areq, applied);
    Check(applied.diagnostics, "apply " + type);
    return applied.new_state;
  }
  // Plan + apply of `config` over `prior`.
  cty::Value Converge(const std::string& type, const cty::Value& prior, const cty::Value& config) {
    return Apply(type, prior, config, Plan(type, prior, config));
  }
  cty::Value Refresh(const std::string& type, const cty::Value& state) {
    tfplugin::ReadResourceRequest req;
    req.type_name = type;
    req.current_state = state;
    tfplugin::ReadResourceResponse resp;
    p().ReadResource(req, resp);
    Check(resp.diagnostics, "read " + type);
    return resp.new_state;
  }
  // A plan that must change nothing.
  void NoopPlan(const std::string& type, const cty::Value& state, const cty::Value& config) {
    tfplugin::PlanResourceChangeRequest preq;
    preq.type_name = type;
    preq.prior_state = state;
    preq.config = config;
    preq.proposed_new_state = edptest::ProposedNew(Block(type), state, config);
    tfplugin::PlanResourceChangeResponse plan;
    p().PlanResourceChange(preq, plan);
    Check(plan.diagnostics, "no-op plan " + type);
    if (plan.planned_state != state) Die("no-op plan of " + type + " plans a change");
  }

  // API requests otc-sim has seen (admin calls excluded).
  std::vector<json> Requests() {
    auto r = Http("GET", sim_.http() + "/_sim/requests?limit=100000");
    std::vector<json> out;
    json log = r.Json();
    if (!log.is_object() || !log.contains("requests")) Die("no request log from otc-sim: " + r.body);
    for (const auto& e : log["requests"]) {
      if (e.value("target", "").rfind("/_sim/", 0) != 0) out.push_back(e);
    }
    return out;
  }
  size_t RequestCount() { return Requests().size(); }

 private:
  SimProcess sim_;
  std::unique_ptr<conformance::Plugin> plugin_;
  std::shared_ptr<framework::FrameworkProvider> local_;
};

// A resource lifecycle: the parents it needs, its create and update
// configurations.
struct Scenario {
  std::string type;
  std::function<std::map<std::string, cty::Value>(const std::map<std::string, std::string>& parents)> create,
      update;
};

struct Counts {
  size_t create = 0, refresh = 0, noop_plan = 0, update = 0, destroy = 0;
};

void PerCallOverhead(Session& s, const std::vector<Scenario>& scenarios,
                     const std::map<std::string, std::string>& parents, int calls);

void LifecycleTable(Session& s, int calls) {
  // The parents of the child scenarios: one VPC with one subnet.
  auto vpc_cfg = s.Config("edp_vpc", {{"name", S("bench-parent")}, {"cidr", S("10.50.0.0/16")}});
  cty::Value parent = s.Converge("edp_vpc", s.Null("edp_vpc"), vpc_cfg);
  std::map<std::string, std::string> parents = {{"vpc_id", AttrOf(parent, "id").AsString()}};
  cty::Value parent_subnet = s.Converge(
      "edp_vpc_subnet", s.Null("edp_vpc_subnet"),
      s.Config("edp_vpc_subnet", {{"name", S("bench-parent")},
                                  {"cidr", S("10.50.2.0/24")},
                                  {"gateway_ip", S("10.50.2.1")},
                                  {"vpc_id", S(parents["vpc_id"])}}));
  parents["subnet_id"] = AttrOf(parent_subnet, "id").AsString();
  auto cluster = [](const std::map<std::string, std::string>& p, const char* description) {
    return std::map<std::string, cty::Value>{{"name", S("bench-cluster")},
                                             {"cluster_type", S("VirtualMachine")},
                                             {"flavor_id", S("cce.s1.small")},
                                             {"cluster_version", S("v1.29")},
                                             {"description", S(description)},
                                             {"vpc_id", S(p.at("vpc_id"))},
                                             {"subnet_id", S(p.at("subnet_id"))},
                                             {"container_network_type", S("overlay_l2")},
                                             {"container_network_cidr", S("172.16.0.0/16")}};
  };

  std::vector<Scenario> scenarios = {
      {"edp_vpc",
       [](const auto&) {
         return std::map<std::string, cty::Value>{{"name", S("bench-vpc")}, {"cidr", S("10.60.0.0/16")}};
       },
       [](const auto&) {
         return std::map<std::string, cty::Value>{
             {"name", S("bench-vpc")}, {"cidr", S("10.60.0.0/16")}, {"description", S("updated")}};
       }},
      {"edp_vpc_subnet",
       [](const auto& p) {
         return std::map<std::string, cty::Value>{{"name", S("bench-sub")},
                                                  {"cidr", S("10.50.1.0/24")},
                                                  {"gateway_ip", S("10.50.1.1")},
                                                  {"vpc_id", S(p.at("vpc_id"))}};
       },
       [](const auto& p) {
         return std::map<std::string, cty::Value>{{"name", S("bench-sub")},
                                                  {"cidr", S("10.50.1.0/24")},
                                                  {"gateway_ip", S("10.50.1.1")},
                                                  {"vpc_id", S(p.at("vpc_id"))},
                                                  {"description", S("updated")}};
       }},
  };

  scenarios.push_back({"edp_cce_cluster", [&](const auto& p) { return cluster(p, "bench"); },
                       [&](const auto& p) { return cluster(p, "updated"); }});

  std::printf("| resource | create | refresh | no-op plan | in-place update | destroy |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const auto& sc : scenarios) {
    Counts c;
    size_t n0 = s.RequestCount();
    cty::Value cfg = s.Config(sc.type, sc.create(parents));
    cty::Value st = s.Converge(sc.type, s.Null(sc.type), cfg);
    size_t n1 = s.RequestCount();
    c.create = n1 - n0;
    st = s.Refresh(sc.type, st);
    size_t n2 = s.RequestCount();
    c.refresh = n2 - n1;
    s.NoopPlan(sc.type, st, cfg);
    size_t n3 = s.RequestCount();
    c.noop_plan = n3 - n2;
    cty::Value ucfg = s.Config(sc.type, sc.update(parents));
    st = s.Converge(sc.type, st, ucfg);
    size_t n4 = s.RequestCount();
    c.update = n4 - n3;
    s.Converge(sc.type, st, s.Null(sc.type));
    size_t n5 = s.RequestCount();
    c.destroy = n5 - n4;
    std::printf("| `%s` | %zu | %zu | %zu | %zu | %zu |\n", sc.type.c_str(), c.create, c.refresh, c.noop_plan,
                c.update, c.destroy);
  }
  std::printf("\n#### Per-call overhead inside the provider (%d plans each; CPU excludes API time)\n\n", calls);
  PerCallOverhead(s, scenarios, parents, calls);
  s.Converge("edp_vpc_subnet", parent_subnet, s.Null("edp_vpc_subnet"));
  s.Converge("edp_vpc", parent, s.Null("edp_vpc"));
}

void CpuPerCreate(Session& s, int n) {
  double create_cpu = 0, destroy_cpu = 0, create_wall = 0;
  for (int i = 0; i < n; ++i) {
    auto cfg = s.Config("edp_vpc", {{"name", S("cpu-" + std::to_string(i))}, {"cidr", S("10.70.0.0/16")}});
    double c0 = CpuSeconds(s.pid());
    auto t0 = Clock::now();
    cty::Value st = s.Converge("edp_vpc", s.Null("edp_vpc"), cfg);
    create_wall += Seconds(Clock::now() - t0);
    double c1 = CpuSeconds(s.pid());
    s.Converge("edp_vpc", st, s.Null("edp_vpc"));
    double c2 = CpuSeconds(s.pid());
    create_cpu += c1 - c0;
    destroy_cpu += c2 - c1;
  }
  std::printf("| %d VPC creates | %.2f ms CPU per create (plan + apply + status wait) | %.2f ms CPU per destroy | "
              "%.0f ms wall per create (otc-sim at --time-scale 1000) |\n",
              n, 1000 * create_cpu / n, 1000 * destroy_cpu / n, 1000 * create_wall / n);
}

// Section 5: what one PlanResourceChange / ApplyResourceChange costs inside
// the provider, per resource type.
void PerCallOverhead(Session& s, const std::vector<Scenario>& scenarios,
                     const std::map<std::string, std::string>& parents, int calls) {
  std::printf("| resource | create plan: round trip / provider CPU | no-op plan: round trip / provider CPU | "
              "apply (create): provider CPU, API requests | apply (destroy): provider CPU |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& sc : scenarios) {
    cty::Value cfg = s.Config(sc.type, sc.create(parents));
    cty::Value null = s.Null(sc.type);
    // Create plans: no API request, pure provider work.
    double c0 = CpuSeconds(s.pid());
    auto t0 = Clock::now();
    tfplugin::PlanResourceChangeResponse plan;
    for (int i = 0; i < calls; ++i) plan = s.Plan(sc.type, null, cfg);
    double plan_wall = Seconds(Clock::now() - t0) / calls, plan_cpu = (CpuSeconds(s.pid()) - c0) / calls;
    // The apply: CPU only (the API's time is not the provider's).
    size_t n0 = s.RequestCount();
    double c1 = CpuSeconds(s.pid());
    cty::Value st = s.Apply(sc.type, null, cfg, plan);
    double apply_cpu = CpuSeconds(s.pid()) - c1;
    size_t apply_requests = s.RequestCount() - n0;
    // No-op plans over the new state.
    double c2 = CpuSeconds(s.pid());
    auto t2 = Clock::now();
    for (int i = 0; i < calls; ++i) s.Plan(sc.type, st, cfg);
    double noop_wall = Seconds(Clock::now() - t2) / calls, noop_cpu = (CpuSeconds(s.pid()) - c2) / calls;
    // The destroy.
    auto dplan = s.Plan(sc.type, st, null);
    double c3 = CpuSeconds(s.pid());
    s.Apply(sc.type, st, null, dplan);
    double destroy_cpu = CpuSeconds(s.pid()) - c3;
    std::printf("| `%s` | %.0f µs / %.0f µs | %.0f µs / %.0f µs | %.1f ms, %zu | %.1f ms |\n", sc.type.c_str(),
                1e6 * plan_wall, 1e6 * plan_cpu, 1e6 * noop_wall, 1e6 * noop_cpu, 1e3 * apply_cpu, apply_requests,
                1e3 * destroy_cpu);
  }
}

void Waiting(const std::string& provider_bin, int wait_seconds) {
  // 1 simulated second per 1000 real seconds: the VPC (2 s of CREATING)
  // stays pending until the clock is advanced.
  Session s(provider_bin, {"--time-scale", "0.001"});
  auto cfg = s.Config("edp_vpc", {{"name", S("waiting")}, {"cidr", S("10.80.0.0/16")}});
  size_t before = s.RequestCount();
  auto t0 = Clock::now();
  auto created = std::async(std::launch::async, [&] { return s.Converge("edp_vpc", s.Null("edp_vpc"), cfg); });
  std::this_thread::sleep_for(std::chrono::seconds(wait_seconds));
  std::vector<json> reqs = s.Requests();
  size_t polls = 0;
  for (size_t i = before; i < reqs.size(); ++i) {
    if (reqs[i].value("method", "") == "GET" && reqs[i].value("target", "").find("/vpcs/") != std::string::npos) {
      ++polls;
    }
  }
  auto adv = Http("POST", s.sim().http() + "/_sim/clock/advance", R"({"seconds":10})");
  if (adv.status != 200) Session::Die("clock advance failed: " + adv.body);
  auto t_adv = Clock::now();
  cty::Value st = created.get();
  double notice = Seconds(Clock::now() - t_adv);
  double waited = Seconds(t_adv - t0);
  std::printf("| a VPC stays CREATING for %.0f s | %zu status polls (%.1f per minute of waiting); completion "
              "noticed %.1f s after it happened | polls every 10 s or more (at most 6 per minute); completion noticed up "
              "to 10 s late |\n",
              waited, polls, polls * 60.0 / waited, notice);
  s.Converge("edp_vpc", st, s.Null("edp_vpc"));
}

// Converge with otc-sim's clock pushed forward (5 simulated seconds every
// 20 ms) until the apply returns: parents of a slow-clock session.
cty::Value ConvergeAdvancing(Session& s, const std::string& type, const cty::Value& prior, const cty::Value& cfg) {
  auto done = std::async(std::launch::async, [&] { return s.Converge(type, prior, cfg); });
  while (done.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    Http("POST", s.sim().http() + "/_sim/clock/advance", R"({"seconds":5})");
  }
  return done.get();
}

// Polling while a CCE cluster is created (the longest wait of an EDP
// environment): the clock runs 1000x slower than real time, so the cluster
// stays Creating for the whole measurement.
void WaitingForCluster(const std::string& provider_bin, int wait_seconds) {
  Session s(provider_bin, {"--time-scale", "0.001"});
  cty::Value vpc = ConvergeAdvancing(
      s, "edp_vpc", s.Null("edp_vpc"), s.Config("edp_vpc", {{"name", S("cce-net")}, {"cidr", S("10.40.0.0/16")}}));
  std::string vpc_id = AttrOf(vpc, "id").AsString();
  cty::Value subnet = ConvergeAdvancing(s, "edp_vpc_subnet", s.Null("edp_vpc_subnet"),
                                        s.Config("edp_vpc_subnet", {{"name", S("cce-nodes")},
                                                                    {"cidr", S("10.40.1.0/24")},
                                                                    {"gateway_ip", S("10.40.1.1")},
                                                                    {"vpc_id", S(vpc_id)}}));
  std::string subnet_id = AttrOf(subnet, "id").AsString();
  auto cfg = s.Config("edp_cce_cluster", {{"name", S("waiting")},
                                          {"cluster_type", S("VirtualMachine")},
                                          {"flavor_id", S("cce.s1.small")},
                                          {"cluster_version", S("v1.29")},
                                          {"vpc_id", S(vpc_id)},
                                          {"subnet_id", S(subnet_id)},
                                          {"container_network_type", S("overlay_l2")},
                                          {"container_network_cidr", S("172.16.0.0/16")}});
  size_t before = s.RequestCount();
  auto t0 = Clock::now();
  auto created =
      std::async(std::launch::async, [&] { return s.Converge("edp_cce_cluster", s.Null("edp_cce_cluster"), cfg); });
  std::this_thread::sleep_for(std::chrono::seconds(wait_seconds));
  std::vector<json> reqs = s.Requests();
  size_t polls = reqs.size() - std::min(before, reqs.size());
  auto t_adv = Clock::now();
  // Push the clock until the cluster is Available and the apply returns.
  while (created.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    Http("POST", s.sim().http() + "/_sim/clock/advance", R"({"seconds":60})");
  }
  cty::Value st = created.get();
  double notice = Seconds(Clock::now() - t_adv);
  double waited = Seconds(t_adv - t0);
  std::printf("| a CCE cluster stays Creating for %.0f s | %zu requests (%.1f per minute of waiting); the apply "
              "returned %.1f s after the clock was pushed to completion | waits 5 s, then polls at intervals of at "
              "least 3 s growing to 10 s (about 6 per minute), then waits 30 s and polls add-ons every 60 s; "
              "completion noticed up to 10 s late (api.md 3.1, 3.5) |\n",
              waited, polls, polls * 60.0 / waited, notice);
  ConvergeAdvancing(s, "edp_cce_cluster", st, s.Null("edp_cce_cluster"));
  ConvergeAdvancing(s, "edp_vpc_subnet", subnet, s.Null("edp_vpc_subnet"));
  ConvergeAdvancing(s, "edp_vpc", vpc, s.Null("edp_vpc"));
}

void Throttled(const std::string& provider_bin) {
  Session s(provider_bin, {"--time-scale", "1000"});
  auto f = Http("POST", s.sim().http() + "/_sim/faults", R"({"spec":"vpc:429=1:1:POST"})");
  if (f.status / 100 != 2) Session::Die("fault injection failed: " + f.body);
  auto cfg = s.Config("edp_vpc", {{"name", S("throttled")}, {"cidr", S("10.90.0.0/16")}});
  // Lift the fault after three 429s.
  auto t0 = Clock::now();
  std::thread lifter([&] {
    for (int i = 0; i < 200; ++i) {
      auto r = Http("GET", s.sim().http() + "/_sim/faults");
      if (r.Json().value("fired", 0) >= 3) {
        Http("DELETE", s.sim().http() + "/_sim/faults");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  cty::Value st = s.Converge("edp_vpc", s.Null("edp_vpc"), cfg);
  double took = Seconds(Clock::now() - t0);
  lifter.join();
  std::printf("| three 429 answers (Retry-After: 1) to a VPC create | created after %.1f s | sleeps 60 s per 429 "
              "(backoff_retry_timeout): about 180 s, and only 5 such retries per provider run |\n",
              took);
  s.Converge("edp_vpc", st, s.Null("edp_vpc"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_provider_lifecycle PROVIDER [--creates N] [--wait-seconds S] [--calls N]\n");
    return 2;
  }
  std::string provider_bin = argv[1];
  int creates = 20, wait_seconds = 60, calls = 500;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--creates") creates = std::atoi(argv[i + 1]);
    else if (flag == "--wait-seconds") wait_seconds = std::atoi(argv[i + 1]);
    else if (flag == "--calls") calls = std::max(1, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "bench_provider_lifecycle: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::printf("#### API requests per lifecycle (otc-sim --time-scale 1000)\n\n");
  {
    Session s(provider_bin, {"--time-scale", "1000"});
    LifecycleTable(s, calls);
    std::printf("\n#### Provider CPU time\n\n");
    CpuPerCreate(s, creates);
  }
  std::printf("\n#### Waiting and throttling\n\n");
  std::printf("| situation | edp | official provider (api.md 0.5, 2.1) |\n|---|---|---|\n");
  Waiting(provider_bin, wait_seconds);
  WaitingForCluster(provider_bin, wait_seconds);
  Throttled(provider_bin);
  return 0;
}
