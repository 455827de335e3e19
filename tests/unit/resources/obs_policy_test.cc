// edp_obs_bucket_policy helpers: the plan-time policy check (the rules OBS
// answers MalformedPolicy for) and semantic policy equality.
#include <gtest/gtest.h>

#include <string>

#include "obs_policy.h"

namespace resources {
namespace {

const char* kGood =
    R"({"Statement":[{"Sid":"a","Effect":"Allow","Principal":{"ID":["*"]},"Action":["GetObject"],"Resource":["b-1/*"]}]})";

TEST(CheckBucketPolicy, AcceptsWellFormedPolicies) {
  EXPECT_EQ(CheckBucketPolicy(kGood, "b-1"), "");
  EXPECT_EQ(CheckBucketPolicy(kGood, ""), "");  // bucket unknown at validation
  EXPECT_EQ(CheckBucketPolicy(R"({"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"b-1"}]})",
                              "b-1"),
            "");
  EXPECT_EQ(CheckBucketPolicy(
                R"({"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"arn:aws:s3:::b-1/x"}]})",
                "b-1"),
            "");
}

TEST(CheckBucketPolicy, ExplainsWhatIsWrong) {
  EXPECT_EQ(CheckBucketPolicy("{", "b"), "it is not valid JSON");
  EXPECT_EQ(CheckBucketPolicy("[]", "b"), "it must be a JSON object ({\"Statement\": [...]})");
  EXPECT_EQ(CheckBucketPolicy(R"({"Statement":[]})", "b"), "it needs a non-empty \"Statement\" array");
  EXPECT_EQ(CheckBucketPolicy(R"({"Statement":[1]})", "b"), "Statement[0] must be an object");
  EXPECT_EQ(CheckBucketPolicy(R"({"Statement":[{"Effect":"allow"}]})", "b"),
            "Statement[0].Effect must be \"Allow\" or \"Deny\"");
  EXPECT_EQ(CheckBucketPolicy(R"({"Statement":[{"Effect":"Allow","Principal":"*","Resource":"b"}]})", "b"),
            "Statement[0] needs \"Action\"");
  EXPECT_EQ(CheckBucketPolicy(R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":[]}]})", "b"),
            "Statement[0].Resource must be a string or a non-empty list of strings");
  EXPECT_EQ(CheckBucketPolicy(kGood, "other"),
            "Statement[0].Resource \"b-1/*\" does not name bucket \"other\" (use \"other\" or \"other/<key "
            "pattern>\")");
  EXPECT_NE(CheckBucketPolicy(std::string(21 * 1024, ' '), "b").find("larger than 20 KB"), std::string::npos);
}

TEST(PoliciesEquivalent, IgnoresFormattingOrderAndSingletonLists) {
  EXPECT_TRUE(PoliciesEquivalent(kGood, kGood));
  EXPECT_TRUE(PoliciesEquivalent(
      kGood,
      R"({ "Statement": [ { "Resource": "b-1/*", "Action": "GetObject", "Principal": {"ID": "*"}, "Effect": "Allow", "Sid": "a" } ] })"));
  EXPECT_TRUE(PoliciesEquivalent(R"({"A":["x","y"]})", R"({"A":["y","x"]})"));
  EXPECT_FALSE(PoliciesEquivalent(kGood, R"({"Statement":[{"Sid":"a","Effect":"Deny"}]})"));
  EXPECT_FALSE(PoliciesEquivalent(R"({"A":["x","y"]})", R"({"A":["x"]})"));
  EXPECT_TRUE(PoliciesEquivalent("not json", "not json"));
  EXPECT_FALSE(PoliciesEquivalent("not json", "{}"));
}

}  // namespace
}  // namespace resources
