// VPC v1 EIPs and bandwidths (api.md 2.5) against the real otc-sim binary.
#include <gtest/gtest.h>

#include "sim_process.h"

namespace otcsim_test {
namespace {

const char* kJson = "Content-Type: application/json";

class Eip : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sim_.ok());
    token_ = ProjectToken(sim_);
    ASSERT_FALSE(token_.empty());
  }
  HttpResult Call(const std::string& method, const std::string& path, const json& body = nullptr) {
    return Http(method, sim_.http() + "/v1/" + sim_.cred("project_id") + path, body.is_null() ? "" : body.dump(),
                {kJson, "X-Auth-Token: " + token_});
  }
  void Advance(double s) {
    ASSERT_EQ(Http("POST", sim_.http() + "/_sim/clock/advance", json{{"seconds", s}}.dump(), {kJson}).status, 200);
  }
  static json Apply(const std::string& type = "5_bgp") {
    return {{"publicip", {{"type", type}, {"ip_version", 4}}},
            {"bandwidth", {{"name", "bw-1"}, {"size", 10}, {"share_type", "PER"}, {"charge_mode", "traffic"}}}};
  }

  SimProcess sim_{{"--seed", "5", "--https-listen", "off"}};
  std::string token_;
};

TEST_F(Eip, ApplyBindUnbindDelete) {
  auto c = Call("POST", "/publicips", Apply());
  ASSERT_EQ(c.status, 200) << c.body;
  json e = c.Json()["publicip"];
  std::string id = e["id"];
  EXPECT_EQ(e["status"], "PENDING_CREATE");
  EXPECT_EQ(e["type"], "5_bgp");
  EXPECT_EQ(e["bandwidth_size"], 0);
  EXPECT_EQ(e["ip_version"], 4);
  EXPECT_EQ(e["tenant_id"], sim_.cred("project_id"));
  std::string created = e["create_time"];
  ASSERT_EQ(created.size(), 19u);  // "2018-04-20 15:59:36"
  EXPECT_EQ(created[10], ' ');
  std::string ip = e["public_ip_address"];
  EXPECT_EQ(ip.rfind("80.158.", 0), 0u);
  // Busy while PENDING_CREATE.
  EXPECT_EQ(Call("DELETE", "/publicips/" + id).status, 409);
  Advance(3);
  auto g = Call("GET", "/publicips/" + id);
  ASSERT_EQ(g.status, 200);
  json got = g.Json()["publicip"];
  EXPECT_EQ(got["status"], "DOWN");
  EXPECT_EQ(got["bandwidth_size"], 10);
  EXPECT_EQ(got["bandwidth_share_type"], "PER");
  EXPECT_TRUE(got["port_id"].is_null());
  std::string bw = got["bandwidth_id"];
  auto tags = Http("GET", sim_.http() + "/v2.0/" + sim_.cred("project_id") + "/publicips/" + id + "/tags", "",
                   {"X-Auth-Token: " + token_});
  EXPECT_EQ(tags.Json(), (json{{"tags", json::array()}}));

  auto b = Call("GET", "/bandwidths/" + bw);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.Json()["bandwidth"]["size"], 10);
  EXPECT_EQ(b.Json()["bandwidth"]["charge_mode"], "traffic");
  ASSERT_EQ(b.Json()["bandwidth"]["publicip_info"].size(), 1u);
  EXPECT_EQ(b.Json()["bandwidth"]["publicip_info"][0]["publicip_address"], ip);
  auto bu = Call("PUT", "/bandwidths/" + bw, {{"bandwidth", {{"size", 20}, {"name", "bw-2"}}}});
  ASSERT_EQ(bu.status, 200) << bu.body;
  EXPECT_EQ(bu.Json()["bandwidth"]["size"], 20);
  EXPECT_EQ(Call("PUT", "/bandwidths/" + bw, {{"bandwidth", {{"size", 5000}}}}).status, 400);

  auto bind = Call("PUT", "/publicips/" + id, {{"publicip", {{"port_id", "port-1"}}}});
  ASSERT_EQ(bind.status, 200) << bind.body;
  EXPECT_EQ(bind.Json()["publicip"]["status"], "ACTIVE");
  EXPECT_EQ(bind.Json()["publicip"]["port_id"], "port-1");
  EXPECT_EQ(bind.Json()["publicip"]["bandwidth_size"], 20);
  auto unbind = Call("PUT", "/publicips/" + id, {{"publicip", {{"port_id", nullptr}}}});
  ASSERT_EQ(unbind.status, 200);
  EXPECT_EQ(unbind.Json()["publicip"]["status"], "DOWN");
  auto list = Call("GET", "/publicips");
  ASSERT_EQ(list.Json()["publicips"].size(), 1u);

  EXPECT_EQ(Call("DELETE", "/publicips/" + id).status, 204);
  auto gone = Call("GET", "/publicips/" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_TRUE(gone.Json()["code"].is_string());
  EXPECT_EQ(Call("GET", "/bandwidths/" + bw).status, 404);  // PER bandwidth goes with its EIP
}

TEST_F(Eip, Validation) {
  auto gray = Call("POST", "/publicips", Apply("5_gray"));
  EXPECT_EQ(gray.status, 400);
  EXPECT_EQ(gray.Json(), (json{{"code", "VPC.0501"}, {"message", "PublicIp type is invalid."}}));
  json no_bw = Apply();
  no_bw.erase("bandwidth");
  EXPECT_EQ(Call("POST", "/publicips", no_bw).status, 400);
  json big = Apply();
  big["bandwidth"]["size"] = 0;
  EXPECT_EQ(Call("POST", "/publicips", big).status, 400);
  json share = Apply();
  share["bandwidth"]["share_type"] = "HALF";
  EXPECT_EQ(Call("POST", "/publicips", share).status, 400);
  json whole = Apply();
  whole["bandwidth"] = {{"share_type", "WHOLE"}, {"id", "00000000-0000-4000-8000-000000000000"}};
  EXPECT_EQ(Call("POST", "/publicips", whole).status, 404);
  json fixed = Apply();
  fixed["publicip"]["ip_address"] = "80.158.1.9";
  auto a = Call("POST", "/publicips", fixed);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.Json()["publicip"]["public_ip_address"], "80.158.1.9");
  EXPECT_EQ(Call("POST", "/publicips", fixed).status, 409);
  EXPECT_EQ(Http("POST", sim_.http() + "/v1/" + sim_.cred("project_id") + "/publicips", "{bad",
                 {kJson, "X-Auth-Token: " + token_})
                .status,
            400);
  // Two EIPs never share an address.
  auto b = Call("POST", "/publicips", Apply());
  ASSERT_EQ(b.status, 200);
  EXPECT_NE(b.Json()["publicip"]["public_ip_address"], a.Json()["publicip"]["public_ip_address"]);
}

}  // namespace
}  // namespace otcsim_test
