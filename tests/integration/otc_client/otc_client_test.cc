// The OTC client against the real otc-sim binary: password and AK/SK
// authentication, catalog resolution, VPC calls, re-authentication on 401,
// retries under injected faults without duplicate creates, waiters,
// StopProvider promptness, proxies, TLS and secret-free debug logs.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <set>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

#include "otc/client.h"
#include "otc/iam.h"
#include "otc/paginate.h"
#include "otc/vpc.h"
#include "otc/waiter.h"
#include "sim_process.h"
#include "tfplugin/log.h"

namespace otc {
namespace {

using namespace std::chrono_literals;
using otcsim_test::Http;
using otcsim_test::SimProcess;
using Clock = std::chrono::steady_clock;

provider::Credentials PasswordCreds(const SimProcess& sim) {
  provider::Credentials c;
  c.method = provider::AuthMethod::kPassword;
  c.auth_url = sim.http() + "/v3";
  c.region = sim.ready().value("region", "eu-de");
  c.user_name = sim.cred("user");
  c.password = sim.cred("password");
  c.domain_name = sim.cred("domain");
  c.project_name = sim.cred("project");
  return c;
}

provider::Credentials AkSkCreds(const SimProcess& sim) {
  provider::Credentials c;
  c.method = provider::AuthMethod::kAkSk;
  c.auth_url = sim.http() + "/v3";
  c.region = sim.ready().value("region", "eu-de");
  c.access_key = sim.cred("access_key");
  c.secret_key = sim.cred("secret_key");
  c.project_name = sim.cred("project");
  return c;
}

ClientOptions FastRetries() {
  ClientOptions o;
  o.retry.max_retries = 8;
  o.retry.max_throttle_retries = 8;
  o.retry.base = 10ms;
  o.retry.cap = 100ms;
  o.retry.retry_after_cap = 1500ms;
  return o;
}

int CountVpcsNamed(const SimProcess& sim, const std::string& name) {
  auto r = Http("GET", sim.http() + "/_sim/resources");
  auto j = r.Json();
  int n = 0;
  std::function<void(const otcsim_test::json&)> walk = [&](const otcsim_test::json& v) {
    if (v.is_object()) {
      if (v.value("name", "") == name && v.contains("cidr") && !v.contains("vpc_id")) ++n;
      for (const auto& [k, e] : v.items()) walk(e);
    } else if (v.is_array()) {
      for (const auto& e : v) walk(e);
    }
  };
  walk(j);
  return n;
}

void SetFaults(const SimProcess& sim, const std::string& spec) {
  auto r = Http("POST", sim.http() + "/_sim/faults", otcsim_test::json{{"spec", spec}, {"seed", 7}}.dump(),
                {"Content-Type: application/json"});
  ASSERT_LT(r.status, 300) << r.body;
}

int64_t FaultsFired(const SimProcess& sim) {
  return Http("GET", sim.http() + "/_sim/faults").Json().value("fired", int64_t{0});
}

class OtcClientTest : public ::testing::Test {
 protected:
  SimProcess sim_{{"--seed", "3"}};
  framework::Context ctx_;
};

TEST_F(OtcClientTest, PasswordAuthResolvesProjectAndCatalog) {
  ASSERT_TRUE(sim_.ok());
  auto c = Client::New(PasswordCreds(sim_));
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  auto pid = c->ProjectId(ctx_);
  ASSERT_TRUE(pid.ok()) << pid.error().Message();
  EXPECT_EQ(pid.value(), sim_.cred("project_id"));
  auto net = c->Endpoint(ctx_, "network");
  ASSERT_TRUE(net.ok()) << net.error().Message();
  EXPECT_EQ(net.value().rfind(sim_.http(), 0), 0u) << net.value();
  auto missing = c->Endpoint(ctx_, "no-such-service");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().Message().find("no public endpoint of type \"no-such-service\""), std::string::npos);
  EXPECT_NE(missing.error().Message().find("endpoints = {"), std::string::npos);
  // The catalog API agrees with the token's catalog.
  auto cat = iam::GetCatalog(ctx_, *c);
  ASSERT_TRUE(cat.ok()) << cat.error().Message();
  EXPECT_FALSE(cat.value().empty());
  auto projects = iam::ListProjects(ctx_, *c, sim_.cred("project"));
  ASSERT_TRUE(projects.ok()) << projects.error().Message();
  ASSERT_EQ(projects.value().size(), 1u);
  EXPECT_EQ(projects.value()[0].id, sim_.cred("project_id"));
  EXPECT_EQ(c->auth_count(), 1);  // one session for all of it
}

TEST_F(OtcClientTest, EndpointOverridesWin) {
  auto creds = PasswordCreds(sim_);
  creds.endpoints["network"] = "https://vpc.example.invalid/";
  auto c = Client::New(creds);
  auto ep = c->Endpoint(ctx_, "network");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep.value(), "https://vpc.example.invalid");
}

TEST_F(OtcClientTest, OneSessionSharedByConcurrentCallers) {
  auto c = Client::New(PasswordCreds(sim_));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto r = (i == 0) ? vpc::CreateVpc(ctx_, *c, {"par-" + std::to_string(t), "10.8.0.0/16", ""}).ok()
                          : vpc::ListVpcs(ctx_, *c).ok();
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(c->auth_count(), 1) << "concurrent first requests authenticate once";
  auto all = vpc::ListVpcs(ctx_, *c);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4u);
}

TEST_F(OtcClientTest, WrongPasswordSaysWhatToCheck) {
  auto creds = PasswordCreds(sim_);
  creds.password = "wrong-password-value";
  auto c = Client::New(creds);
  Status s = c->Authenticate(ctx_);
  ASSERT_EQ(s.kind(), ErrorKind::kHttp);
  EXPECT_EQ(s.http_status(), 401);
  std::string m = s.Message();
  EXPECT_NE(m.find("authenticating user \"" + creds.user_name + "\" with a password"), std::string::npos) << m;
  EXPECT_NE(m.find("POST /v3/auth/tokens: HTTP 401"), std::string::npos) << m;
  EXPECT_NE(m.find("OS_PASSWORD"), std::string::npos) << m;
  EXPECT_EQ(m.find("wrong-password-value"), std::string::npos);
}

TEST_F(OtcClientTest, VpcLifecycleWithPassword) {
  auto c = Client::New(PasswordCreds(sim_));
  auto v = vpc::CreateVpc(ctx_, *c, {"net-a", "10.0.0.0/16", "made by the client"});
  ASSERT_TRUE(v.ok()) << v.error().Message();
  EXPECT_FALSE(v->id.empty());
  EXPECT_EQ(v->cidr, "10.0.0.0/16");
  WaitOptions wo;
  wo.what = "VPC \"net-a\" to become OK";
  wo.initial = 50ms;
  wo.max_interval = 200ms;
  Status w = WaitUntil(ctx_, wo, [&](const framework::Context& x) -> Result<PollResult> {
                         auto g = vpc::GetVpc(x, *c, v->id);
                         if (!g.ok()) return g.error();
                         return PollResult{g->status == "OK" ? PollResult::kDone : PollResult::kPending, g->status, ""};
                       });
  EXPECT_TRUE(w.ok()) << w.Message();
  auto all = vpc::ListVpcs(ctx_, *c);
  ASSERT_TRUE(all.ok()) << all.error().Message();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all.value()[0].name, "net-a");
  vpc::VpcUpdate change;
  change.description = "new";
  auto up = vpc::UpdateVpc(ctx_, *c, v->id, change);
  ASSERT_TRUE(up.ok()) << up.error().Message();
  EXPECT_EQ(up->description, "new");
  ASSERT_TRUE(vpc::DeleteVpc(ctx_, *c, v->id).ok());
  auto gone = vpc::GetVpc(ctx_, *c, v->id);
  ASSERT_FALSE(gone.ok());
  EXPECT_TRUE(gone.error().IsNotFound()) << gone.error().Message();
  EXPECT_NE(gone.error().Message().find("reading VPC " + v->id + ": GET /v1/"), std::string::npos)
      << gone.error().Message();
  auto empty = vpc::GetVpc(ctx_, *c, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind(), ErrorKind::kConfig);
}

TEST_F(OtcClientTest, AkSkBootstrapsProjectAndSignsRequests) {
  auto c = Client::New(AkSkCreds(sim_));
  auto pid = c->ProjectId(ctx_);
  ASSERT_TRUE(pid.ok()) << pid.error().Message();
  EXPECT_EQ(pid.value(), sim_.cred("project_id"));
  auto v = vpc::CreateVpc(ctx_, *c, {"net-aksk", "10.1.0.0/16", ""});
  ASSERT_TRUE(v.ok()) << v.error().Message();
  auto sg = vpc::CreateSecurityGroup(ctx_, *c, "sg-aksk", "d");
  ASSERT_TRUE(sg.ok()) << sg.error().Message();
  EXPECT_EQ(sg->rules.size(), 2u);  // the default egress rules
  auto list = vpc::ListSecurityGroups(ctx_, *c, "sg-aksk");
  ASSERT_TRUE(list.ok()) << list.error().Message();
  EXPECT_EQ(list->size(), 1u);
  ASSERT_TRUE(vpc::DeleteSecurityGroup(ctx_, *c, sg->id).ok());

  auto bad = AkSkCreds(sim_);
  bad.secret_key = "not-the-secret";
  auto c2 = Client::New(bad);
  Status s = c2->Authenticate(ctx_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.http_status(), 401);
  EXPECT_NE(s.Message().find("OS_SECRET_KEY"), std::string::npos) << s.Message();

  auto unknown = AkSkCreds(sim_);
  unknown.project_name = "eu-de_nope";
  Status s3 = Client::New(unknown)->Authenticate(ctx_);
  ASSERT_EQ(s3.kind(), ErrorKind::kAuth);
  EXPECT_NE(s3.Message().find("no project named \"eu-de_nope\""), std::string::npos) << s3.Message();
}

TEST_F(OtcClientTest, ReauthenticatesOnceAfterTokenExpiry) {
  auto c = Client::New(PasswordCreds(sim_));
  auto v = vpc::CreateVpc(ctx_, *c, {"net-reauth", "10.2.0.0/16", ""});
  ASSERT_TRUE(v.ok()) << v.error().Message();
  EXPECT_EQ(c->auth_count(), 1);
  // Tokens live 24 h of simulated time: move past that so the token is dead.
  auto adv = Http("POST", sim_.http() + "/_sim/clock/advance", R"({"seconds": 90000})",
                  {"Content-Type: application/json"});
  ASSERT_EQ(adv.status, 200) << adv.body;
  auto g = vpc::GetVpc(ctx_, *c, v->id);
  ASSERT_TRUE(g.ok()) << g.error().Message();
  EXPECT_EQ(c->auth_count(), 2);

  // A configured token cannot be renewed: the 401 is reported.
  auto tc = PasswordCreds(sim_);
  tc.method = provider::AuthMethod::kToken;
  tc.token = otcsim_test::ProjectToken(sim_);
  ASSERT_FALSE(tc.token.empty());
  auto c2 = Client::New(tc);
  ASSERT_TRUE(vpc::GetVpc(ctx_, *c2, v->id).ok());
  Http("POST", sim_.http() + "/_sim/clock/advance", R"({"seconds": 90000})", {"Content-Type: application/json"});
  auto g2 = vpc::GetVpc(ctx_, *c2, v->id);
  ASSERT_FALSE(g2.ok());
  EXPECT_EQ(g2.error().http_status(), 401);
}

TEST_F(OtcClientTest, HonoursRetryAfterOn429) {
  auto c = Client::New(PasswordCreds(sim_), FastRetries());
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  SetFaults(sim_, "vpc:429=1:1:GET");  // every GET throttled, Retry-After: 1
  ClientOptions few = FastRetries();
  few.retry.max_throttle_retries = 2;
  auto c2 = Client::New(PasswordCreds(sim_), few);
  auto start = Clock::now();
  auto r = vpc::ListVpcs(ctx_, *c2);
  auto took = Clock::now() - start;
  Http("DELETE", sim_.http() + "/_sim/faults");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status(), 429);
  EXPECT_GE(took, 2s) << "two waits of Retry-After: 1";
  EXPECT_LT(took, 8s);
  EXPECT_NE(r.error().Message().find("gave up after 2 retries"), std::string::npos) << r.error().Message();
  EXPECT_NE(r.error().Message().find("parallelism"), std::string::npos) << r.error().Message();
}

TEST_F(OtcClientTest, Retries429And503WithoutDuplicates) {
  auto c = Client::New(PasswordCreds(sim_), FastRetries());
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  SetFaults(sim_, "vpc:429=0:0.3;vpc:503:0.5");
  for (int i = 0; i < 4; ++i) {
    std::string name = "net-retry-" + std::to_string(i);
    auto v = vpc::CreateVpc(ctx_, *c, {name, "10.3.0.0/16", ""});
    ASSERT_TRUE(v.ok()) << v.error().Message();
    auto g = vpc::GetVpc(ctx_, *c, v->id);
    ASSERT_TRUE(g.ok()) << g.error().Message();
  }
  int64_t fired = FaultsFired(sim_);
  Http("DELETE", sim_.http() + "/_sim/faults");
  EXPECT_GT(fired, 0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(CountVpcsNamed(sim_, "net-retry-" + std::to_string(i)), 1);

  // Persistent 503s end with the service's error after max_retries.
  SetFaults(sim_, "vpc:503:1:GET");
  auto r = vpc::ListVpcs(ctx_, *c);
  Http("DELETE", sim_.http() + "/_sim/faults");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status(), 503);
  EXPECT_NE(r.error().Message().find("gave up after 8 retries"), std::string::npos) << r.error().Message();
}

TEST_F(OtcClientTest, ConnectionResetsConvergeWithoutDuplicates) {
  auto c = Client::New(PasswordCreds(sim_), FastRetries());
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  SetFaults(sim_, "vpc:reset:0.5");
  for (int i = 0; i < 4; ++i) {
    std::string name = "net-reset-" + std::to_string(i);
    auto v = vpc::CreateVpc(ctx_, *c, {name, "10.4.0.0/16", ""});
    ASSERT_TRUE(v.ok()) << v.error().Message();
  }
  EXPECT_GT(FaultsFired(sim_), 0);
  Http("DELETE", sim_.http() + "/_sim/faults");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(CountVpcsNamed(sim_, "net-reset-" + std::to_string(i)), 1);
}

TEST_F(OtcClientTest, AppliedButUnansweredPostIsFoundNotRepeated) {
  // The simulator applies the create and then delays the answer past the
  // client's request timeout: a blind replay would make a second VPC.
  ClientOptions o = FastRetries();
  o.request_timeout = 400ms;
  auto c = Client::New(PasswordCreds(sim_), o);
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  SetFaults(sim_, "vpc:latency=1500:1:POST");
  auto v = vpc::CreateVpc(ctx_, *c, {"net-slow", "10.5.0.0/16", ""});
  Http("DELETE", sim_.http() + "/_sim/faults");
  ASSERT_TRUE(v.ok()) << v.error().Message();
  EXPECT_EQ(v->name, "net-slow");
  EXPECT_EQ(CountVpcsNamed(sim_, "net-slow"), 1);

  // Without a find-existing callback a POST is not replayed.
  SetFaults(sim_, "neutron:latency=1500:1:POST");
  Request raw;
  raw.method = "POST";
  raw.service = "network";
  raw.path = "/v2.0/security-group-rules";
  raw.body = json{{"security_group_rule",
                   {{"direction", "ingress"}, {"ethertype", "IPv4"}, {"security_group_id", "does-not-matter"}}}};
  raw.what = "creating a security group rule";
  auto rule = c->Do(ctx_, raw);
  Http("DELETE", sim_.http() + "/_sim/faults");
  ASSERT_FALSE(rule.ok());
  EXPECT_NE(rule.error().Message().find("was not repeated"), std::string::npos) << rule.error().Message();
}

TEST_F(OtcClientTest, StopProviderInterruptsARequestPromptly) {
  auto c = Client::New(PasswordCreds(sim_), FastRetries());
  ASSERT_TRUE(c->Authenticate(ctx_).ok());
  SetFaults(sim_, "vpc:latency=5000:1:GET");
  framework::CancelSource src;
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    src.Cancel();
  });
  auto start = Clock::now();
  auto r = vpc::ListVpcs(src.NewContext(), *c);
  auto took = Clock::now() - start;
  stopper.join();
  Http("DELETE", sim_.http() + "/_sim/faults");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::kCancelled) << r.error().Message();
  EXPECT_LT(took, 2s) << "the simulated answer takes 5 s; cancellation must not wait for it";

  // A deadline ends the request the same way.
  SetFaults(sim_, "vpc:latency=5000:1:GET");
  start = Clock::now();
  auto t = vpc::ListVpcs(framework::Context().WithTimeout(300ms, "read"), *c);
  took = Clock::now() - start;
  Http("DELETE", sim_.http() + "/_sim/faults");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind(), ErrorKind::kTimeout) << t.error().Message();
  EXPECT_LT(took, 3s);
}

TEST_F(OtcClientTest, WaiterTimesOutWithLastStatus) {
  auto c = Client::New(PasswordCreds(sim_));
  auto v = vpc::CreateVpc(ctx_, *c, {"net-wait", "10.6.0.0/16", ""});
  ASSERT_TRUE(v.ok()) << v.error().Message();
  WaitOptions o;
  o.what = "VPC \"net-wait\" to become FROZEN";
  o.initial = 50ms;
  o.max_interval = 100ms;
  o.timeout = 400ms;
  Status s = WaitUntil(ctx_, o, [&](const framework::Context& x) -> Result<PollResult> {
    auto g = vpc::GetVpc(x, *c, v->id);
    if (!g.ok()) return g.error();
    return PollResult{PollResult::kPending, g->status, ""};
  });
  ASSERT_EQ(s.kind(), ErrorKind::kTimeout);
  EXPECT_NE(s.Message().find("VPC \"net-wait\" to become FROZEN within 400ms (last status "), std::string::npos)
      << s.Message();
}

TEST_F(OtcClientTest, PaginatesNeutronListsWithMarkers) {
  auto c = Client::New(PasswordCreds(sim_));
  for (int i = 0; i < 5; ++i) {
    auto sg = vpc::CreateSecurityGroup(ctx_, *c, "page-" + std::to_string(i), "");
    ASSERT_TRUE(sg.ok()) << sg.error().Message();
  }
  Request req;
  req.service = "network";
  req.path = "/v2.0/security-groups";
  req.what = "listing security groups";
  auto all = ListAll(ctx_, *c, req, {PageStyle::kLinks, "security_groups", 2});
  ASSERT_TRUE(all.ok()) << all.error().Message();
  std::set<std::string> ids;
  for (const auto& g : all.value()) ids.insert(g.value("id", ""));
  EXPECT_EQ(ids.size(), all->size()) << "no item twice";
  EXPECT_GE(ids.size(), 5u);
}

TEST_F(OtcClientTest, LoopbackBypassesTheEnvironmentProxy) {
  setenv("http_proxy", "http://127.0.0.1:9", 1);
  setenv("HTTPS_PROXY", "http://127.0.0.1:9", 1);
  unsetenv("NO_PROXY");
  unsetenv("no_proxy");
  auto c = Client::New(PasswordCreds(sim_));
  Status s = c->Authenticate(ctx_);
  unsetenv("http_proxy");
  unsetenv("HTTPS_PROXY");
  EXPECT_TRUE(s.ok()) << s.Message();
  EXPECT_NE(NoProxyList().find("127.0.0.1"), std::string::npos);
}

TEST_F(OtcClientTest, TlsVerificationCustomCaAndInsecure) {
  ASSERT_FALSE(sim_.https().empty());
  std::string ca = sim_.ready().value("ca_file", "");
  auto creds = PasswordCreds(sim_);
  creds.auth_url = sim_.https() + "/v3";
  creds.endpoints["network"] = sim_.https();

  auto untrusted = Client::New(creds);
  Status s = untrusted->Authenticate(ctx_);
  ASSERT_EQ(s.kind(), ErrorKind::kTransport) << s.Message();
  EXPECT_NE(s.Message().find("cacert_file"), std::string::npos) << s.Message();

  creds.cacert_file = ca;
  auto trusted = Client::New(creds);
  ASSERT_TRUE(trusted->Authenticate(ctx_).ok());
  auto l = vpc::ListVpcs(ctx_, *trusted);
  EXPECT_TRUE(l.ok()) << l.error().Message();

  creds.cacert_file.clear();
  creds.insecure = true;
  EXPECT_TRUE(Client::New(creds)->Authenticate(ctx_).ok());
}

TEST_F(OtcClientTest, DebugLogCarriesNoSecrets) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
  tfplugin::log::Init("provider.edp", fds[1]);
  tfplugin::log::SetLevel(tfplugin::log::Level::kDebug);
  std::string logged;
  auto drain = [&] {
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) logged.append(buf, static_cast<size_t>(n));
  };
  auto creds = PasswordCreds(sim_);
  auto c = Client::New(creds);
  auto v = vpc::CreateVpc(ctx_, *c, {"net-log", "10.7.0.0/16", ""});
  drain();
  auto ak = Client::New(AkSkCreds(sim_));
  auto l = vpc::ListVpcs(ctx_, *ak);
  drain();
  tfplugin::log::SetLevel(tfplugin::log::Level::kOff);
  tfplugin::log::Init("provider.edp", 2);
  close(fds[1]);
  drain();
  close(fds[0]);
  ASSERT_TRUE(v.ok()) << v.error().Message();
  ASSERT_TRUE(l.ok()) << l.error().Message();
  EXPECT_NE(logged.find("OTC API response"), std::string::npos);
  EXPECT_NE(logged.find("net-log"), std::string::npos);
  EXPECT_EQ(logged.find(creds.password), std::string::npos) << "password leaked";
  EXPECT_EQ(logged.find("MIIsim"), std::string::npos) << "token leaked";
  EXPECT_EQ(logged.find(sim_.cred("secret_key")), std::string::npos) << "secret key leaked";
  EXPECT_EQ(logged.find("Signature="), std::string::npos) << "signature leaked";
}

}  // namespace
}  // namespace otc
