#include <gtest/gtest.h>

#include "otcsim/router.h"

namespace otcsim {
namespace {

Handler Tag(int n) {
  return [n](const Request&, const Params&) {
    Response r;
    r.status = n;
    return r;
  };
}

TEST(Router, LiteralBeatsPlaceholderAndParamsAreDecoded) {
  Router r;
  r.Add("GET", "/v3/projects", Tag(1));
  r.Add("GET", "/v3/{project_id}/instances", Tag(2));
  r.Add("GET", "/v1/{project_id}/vpcs/{id}", Tag(3));
  r.Add("DELETE", "/v1/{project_id}/vpcs/{id}", Tag(4));
  const Handler* h = nullptr;
  Params p;
  Request req;
  ASSERT_EQ(r.Match("GET", "/v3/projects", &h, &p), Router::Result::kFound);
  EXPECT_EQ((*h)(req, p).status, 1);
  ASSERT_EQ(r.Match("GET", "/v3/abc/instances", &h, &p), Router::Result::kFound);
  EXPECT_EQ((*h)(req, p).status, 2);
  EXPECT_EQ(Param(p, "project_id"), "abc");
  ASSERT_EQ(r.Match("DELETE", "/v1/p/vpcs/a%2Db/", &h, &p), Router::Result::kFound);
  EXPECT_EQ((*h)(req, p).status, 4);
  EXPECT_EQ(Param(p, "id"), "a-b");
  ASSERT_EQ(r.Match("HEAD", "/v1/p/vpcs/x", &h, &p), Router::Result::kFound);  // HEAD falls back to GET
  EXPECT_EQ((*h)(req, p).status, 3);
  EXPECT_EQ(r.Match("POST", "/v1/p/vpcs/x", &h, &p), Router::Result::kNoMethod);
  EXPECT_EQ(r.Match("GET", "/v1/p/nothing", &h, &p), Router::Result::kNoPath);
}

TEST(Router, BacktracksFromLiteralDeadEnd) {
  Router r;
  r.Add("GET", "/v3/projects/x", Tag(1));
  r.Add("GET", "/v3/{pid}/y", Tag(2));
  const Handler* h = nullptr;
  Params p;
  ASSERT_EQ(r.Match("GET", "/v3/projects/y", &h, &p), Router::Result::kFound);
  EXPECT_EQ(Param(p, "pid"), "projects");
}

}  // namespace
}  // namespace otcsim

namespace otcsim {
namespace {

// Two patterns share a placeholder position under different names
// ("/vpcs/{id}" and "/vpcs/{vpc_id}/subnets/{id}"): each route reports its
// own names.
TEST(Router, PlaceholderNamesArePerRoute) {
  Router r;
  r.Add("GET", "/v1/{project_id}/vpcs/{id}", Tag(1));
  r.Add("PUT", "/v1/{project_id}/vpcs/{vpc_id}/subnets/{id}", Tag(2));
  const Handler* h = nullptr;
  Params p;
  ASSERT_EQ(r.Match("PUT", "/v1/p/vpcs/v/subnets/s", &h, &p), Router::Result::kFound);
  EXPECT_EQ(Param(p, "project_id"), "p");
  EXPECT_EQ(Param(p, "vpc_id"), "v");
  EXPECT_EQ(Param(p, "id"), "s");
  ASSERT_EQ(r.Match("GET", "/v1/p/vpcs/v", &h, &p), Router::Result::kFound);
  EXPECT_EQ(Param(p, "id"), "v");
  EXPECT_EQ(Param(p, "vpc_id"), "");
}

}  // namespace
}  // namespace otcsim
