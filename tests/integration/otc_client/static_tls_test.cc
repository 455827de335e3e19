// HTTPS through libcurl (shared, with its own libssl) in a binary whose
// OpenSSL is linked statically like terraform-provider-edp's: TLS
// verification with a custom CA, a rejected untrusted peer, and AK/SK
// signing (static libcrypto) accepted by otc-sim over TLS.
#include <openssl/crypto.h>

#include <gtest/gtest.h>

#include "otc/client.h"
#include "otc/vpc.h"
#include "sim_process.h"

namespace otc {
namespace {

TEST(StaticOpenSslWithSharedCurl, HttpsRequestsWork) {
  otcsim_test::SimProcess sim({"--seed", "9"});
  ASSERT_TRUE(sim.ok());
  ASSERT_FALSE(sim.https().empty());
  provider::Credentials c;
  c.method = provider::AuthMethod::kAkSk;
  c.auth_url = sim.https() + "/v3";
  c.region = sim.ready().value("region", "eu-de");
  c.access_key = sim.cred("access_key");
  c.secret_key = sim.cred("secret_key");
  c.project_name = sim.cred("project");
  c.endpoints["network"] = sim.https();

  framework::Context ctx;
  Status untrusted = Client::New(c)->Authenticate(ctx);
  ASSERT_EQ(untrusted.kind(), ErrorKind::kTransport) << untrusted.Message();

  c.cacert_file = sim.ready().value("ca_file", "");
  auto client = Client::New(c);
  auto v = vpc::CreateVpc(ctx, *client, {"tls-net", "10.9.0.0/16", ""});
  ASSERT_TRUE(v.ok()) << v.error().Message();
  auto g = vpc::GetVpc(ctx, *client, v->id);
  ASSERT_TRUE(g.ok()) << g.error().Message();
  EXPECT_EQ(g->name, "tls-net");
  // The statically linked copy is the one this binary calls directly.
  EXPECT_GE(OpenSSL_version_num(), 0x30000000UL);
}

}  // namespace
}  // namespace otc
