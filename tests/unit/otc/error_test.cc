#include "otc/error.h"

#include <gtest/gtest.h>

namespace otc {
namespace {

TEST(ServiceErrorBodies, EveryShapeOfApiMd06) {
  auto ks = ParseServiceError(R"({"error":{"code":401,"title":"Unauthorized","message":"The request you have made requires authentication."}})");
  EXPECT_EQ(ks.code, "Unauthorized");
  EXPECT_EQ(ks.message, "The request you have made requires authentication.");

  auto gw = ParseServiceError(R"({"error_msg":"The API does not exist or has not been published in the environment","error_code":"APIGW.0101","request_id":"r-1"})");
  EXPECT_EQ(gw.code, "APIGW.0101");
  EXPECT_EQ(gw.request_id, "r-1");
  EXPECT_NE(gw.message.find("does not exist"), std::string::npos);

  auto v1 = ParseServiceError(R"({"code":"VPC.0209","message":"subnet is still used ,such as computer,LB."})");
  EXPECT_EQ(v1.code, "VPC.0209");
  EXPECT_EQ(v1.message, "subnet is still used ,such as computer,LB.");

  auto neutron = ParseServiceError(R"({"NeutronError":{"message":"Security group x does not exist","type":"SecurityGroupNotFound","detail":""}})");
  EXPECT_EQ(neutron.code, "SecurityGroupNotFound");
  EXPECT_EQ(neutron.message, "Security group x does not exist");

  auto cce = ParseServiceError(R"({"kind":"Status","code":400,"errorCode":"CCE.01400001","errorMessage":"Invalid request.","error_code":"CCE_CM.0004","error_msg":"Request is invalid","message":"invalid nodepool type: , should be vm","reason":"BadRequest"})");
  EXPECT_EQ(cce.code, "CCE_CM.0004");
  EXPECT_EQ(cce.message, "invalid nodepool type: , should be vm");

  auto cce_doc = ParseServiceError(R"({"errorCode":"CCE.01400001","errorMessage":"Invalid request."})");
  EXPECT_EQ(cce_doc.code, "CCE.01400001");
  EXPECT_EQ(cce_doc.message, "Invalid request.");

  auto rds = ParseServiceError(R"({"errCode":"DBS.200022","errMsg":"The DB instance name already exists."})");
  EXPECT_EQ(rds.code, "DBS.200022");
  EXPECT_EQ(rds.message, "The DB instance name already exists.");

  auto obs = ParseServiceError(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket "
      "does not exist</Message><RequestId>0000018A</RequestId><BucketName>b1</BucketName></Error>");
  EXPECT_EQ(obs.code, "NoSuchBucket");
  EXPECT_EQ(obs.message, "The specified bucket does not exist");
  EXPECT_EQ(obs.request_id, "0000018A");
}

TEST(ServiceErrorBodies, UnknownAndHostileBodies) {
  EXPECT_EQ(ParseServiceError("").message, "");
  EXPECT_EQ(ParseServiceError("<html>Bad Gateway</html>").message, "<html>Bad Gateway</html>");
  EXPECT_EQ(ParseServiceError("upstream connect error").message, "upstream connect error");
  EXPECT_EQ(ParseServiceError("[1,2]").message, "[1,2]");
  EXPECT_EQ(ParseServiceError(R"({"code":42})").message, R"({"code":42})");
  std::string big(5000, 'x');
  EXPECT_LE(ParseServiceError(big).message.size(), 310u);
  EXPECT_EQ(ParseServiceError("<Error><Code>X").code, "");  // unterminated
  EXPECT_EQ(ParseServiceError(R"({"error":"x"})").message, R"({"error":"x"})");
}

TEST(ErrorMessage, SaysWhatRequestStatusCodeAndWhatToDo) {
  Error e = Error::Http(409, "DELETE", "/v1/p1/vpcs/v1?secret=x",
                        R"({"code":"VPC.0209","message":"subnet is still used ,such as computer,LB."})");
  e.set_what("deleting VPC v1");
  EXPECT_TRUE(e.IsConflict());
  EXPECT_EQ(e.path(), "/v1/p1/vpcs/v1");  // query dropped
  std::string m = e.Message();
  EXPECT_EQ(m.find("deleting VPC v1: DELETE /v1/p1/vpcs/v1: HTTP 409 VPC.0209: subnet is still used"), 0u) << m;
  EXPECT_NE(m.find("still in use"), std::string::npos) << m;
  EXPECT_EQ(m.find("secret"), std::string::npos);
  EXPECT_EQ(e.Summary(), "OTC API Error");

  Error nf = Error::Http(404, "GET", "/v2.0/security-groups/x", R"({"NeutronError":{"message":"gone","type":"SecurityGroupNotFound"}})");
  EXPECT_TRUE(nf.IsNotFound());
  EXPECT_NE(nf.Message().find("deleted outside of OpenTofu"), std::string::npos);

  Error t(ErrorKind::kTransport, "Connection refused");
  t.set_request("GET", "/v3/auth/catalog").set_hint("Check connectivity.");
  EXPECT_EQ(t.Message(), "GET /v3/auth/catalog: Connection refused. Check connectivity.");
  EXPECT_TRUE(Error().ok());
  EXPECT_EQ(Error().Message(), "");
}

TEST(ErrorMessage, HintsPerStatus) {
  EXPECT_NE(HintForStatus(401).find("credentials"), std::string::npos);
  EXPECT_NE(HintForStatus(403).find("permission"), std::string::npos);
  EXPECT_NE(HintForStatus(429).find("parallelism"), std::string::npos);
  EXPECT_NE(HintForStatus(503).find("try again"), std::string::npos);
  EXPECT_EQ(HintForStatus(418), "");
}

}  // namespace
}  // namespace otc
