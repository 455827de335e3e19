// Unit tests of the CCE cluster helpers that need no API: the version
// match behind cluster_version's diff suppression, the add-on host rewrite
// and the endpoint host behind the `eip` attribute, and the certificate
// lists built from a kubeconfig.
#include <gtest/gtest.h>

#include "cce_values.h"
#include "otc/cce.h"

namespace {

using resources::cce::VersionsMatch;

TEST(CceVersionsMatch, ShortVersionMatchesItsPatches) {
  EXPECT_TRUE(VersionsMatch("v1.29", "v1.29"));
  EXPECT_TRUE(VersionsMatch("v1.29", "v1.29.2-r0"));
  EXPECT_TRUE(VersionsMatch("v1.29.2-r0", "v1.29"));
  EXPECT_TRUE(VersionsMatch("v1.29.2", "v1.29.2-r0"));
  EXPECT_FALSE(VersionsMatch("v1.2", "v1.29.2-r0"));  // not a prefix at a '.' boundary
  EXPECT_FALSE(VersionsMatch("v1.28", "v1.29.2-r0"));
  EXPECT_FALSE(VersionsMatch("v1.29.1", "v1.29.2-r0"));
  EXPECT_FALSE(VersionsMatch("", "v1.29"));
  EXPECT_FALSE(VersionsMatch("v1.29", ""));
}

TEST(CceAddonBaseUrl, PrefixesTheClusterIdOnDnsHostsOnly) {
  EXPECT_EQ(otc::cce::AddonBaseUrl("https://cce.eu-de.otc.t-systems.com", "abc"),
            "https://abc.cce.eu-de.otc.t-systems.com");
  EXPECT_EQ(otc::cce::AddonBaseUrl("https://cce.eu-de.otc.t-systems.com:443/x", "abc"),
            "https://abc.cce.eu-de.otc.t-systems.com:443/x");
  EXPECT_EQ(otc::cce::AddonBaseUrl("http://127.0.0.1:4000", "abc"), "http://127.0.0.1:4000");
  EXPECT_EQ(otc::cce::AddonBaseUrl("http://localhost:4000", "abc"), "http://localhost:4000");
  EXPECT_EQ(otc::cce::AddonBaseUrl("http://[::1]:4000", "abc"), "http://[::1]:4000");
  EXPECT_EQ(otc::cce::AddonBaseUrl("not a url", "abc"), "not a url");
}

TEST(CceEndpointHost, HostOfAnApiServerUrl) {
  EXPECT_EQ(otc::cce::EndpointHost("https://80.158.1.2:5443"), "80.158.1.2");
  EXPECT_EQ(otc::cce::EndpointHost("https://80.158.1.2"), "80.158.1.2");
  EXPECT_EQ(otc::cce::EndpointHost("https://[2001:db8::1]:5443"), "2001:db8::1");
  EXPECT_EQ(otc::cce::EndpointHost(""), "");
  EXPECT_EQ(otc::cce::EndpointHost("https://"), "");
}

TEST(CceCertificates, ListsFollowTheKubeconfig) {
  otc::cce::Kubeconfig k;
  k.clusters = {{"internalCluster", "https://192.168.0.5:5443", "Q0E="}};
  k.users = {{"user", "Q0VSVA==", "S0VZ"}};
  cty::Value c = resources::cce::CertClustersValue(k);
  ASSERT_EQ(c.Elements().size(), 1u);
  EXPECT_EQ(c.Elements()[0].GetAttr("server"), cty::Value::String("https://192.168.0.5:5443"));
  EXPECT_EQ(c.Elements()[0].GetAttr("certificate_authority_data"), cty::Value::String("Q0E="));
  cty::Value u = resources::cce::CertUsersValue(k);
  ASSERT_EQ(u.Elements().size(), 1u);
  EXPECT_EQ(u.Elements()[0].GetAttr("client_key_data"), cty::Value::String("S0VZ"));
  EXPECT_EQ(resources::cce::CertUsersValue(otc::cce::Kubeconfig{}).Elements().size(), 0u);
}

}  // namespace
