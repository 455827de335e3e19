// Unit tests of the ELB v3 listener/pool/member/monitor helpers that need
// no API: which 409s count as "load balancer busy" (otc/elb_listener.h) and
// the attribute <-> API field mapping of elb_l7_fields.h.
#include <gtest/gtest.h>

#include "elb_l7_fields.h"
#include "otc/elb_listener.h"

namespace {

using resources::elbl7::Field;
using resources::elbl7::Kind;
using resources::elbl7::json;

TEST(ElbBusyConflict, OnlyBusyConflictsAreReplayed) {
  auto err = [](int status, const std::string& msg) {
    return otc::Error::Http(status, "PUT", "/elb/listeners/x",
                            json{{"error_msg", msg}, {"error_code", "ELB.8907"}, {"request_id", "r"}}.dump());
  };
  EXPECT_TRUE(otc::elb::IsBusyConflict(err(409, "Load balancer 1 is in PENDING_UPDATE status.")));
  EXPECT_TRUE(otc::elb::IsBusyConflict(err(409, "The loadbalancer is immutable now.")));
  EXPECT_FALSE(otc::elb::IsBusyConflict(err(409, "Port 80 is already used by TCP listener l1.")));
  EXPECT_FALSE(otc::elb::IsBusyConflict(err(400, "PENDING_UPDATE")));  // not a conflict
  EXPECT_FALSE(otc::elb::IsBusyConflict(otc::Error()));
}

cty::Value Obj(std::map<std::string, cty::Value> attrs) { return cty::Value::Object(std::move(attrs)); }
cty::Value NullStr() { return cty::Value::Null(cty::Type::String()); }

TEST(ElbFields, ApiValuesMapToStateWithoutSpuriousDiffs) {
  json api = {{"name", ""}, {"weight", 5}, {"refs", json::array()}, {"flag", true}, {"algo", nullptr}};
  // Optional-only string: "" reads as null unless the prior state held "".
  EXPECT_TRUE(resources::elbl7::FromJson(api, {"name", "name", Kind::kString, true}, NullStr()).IsNull());
  EXPECT_EQ(resources::elbl7::FromJson(api, {"name", "name", Kind::kString, true}, cty::Value::String("")),
            cty::Value::String(""));
  EXPECT_TRUE(resources::elbl7::FromJson(api, {"a", "algo", Kind::kString}, NullStr()).IsNull());
  EXPECT_EQ(resources::elbl7::FromJson(api, {"w", "weight", Kind::kInt}, NullStr()), cty::Value::Int(5));
  EXPECT_EQ(resources::elbl7::FromJson(api, {"f", "flag", Kind::kBool}, NullStr()), cty::Value::True());
  // An empty set reads as null when the prior was null, else as [].
  cty::Type set = cty::Type::Set(cty::Type::String());
  EXPECT_TRUE(resources::elbl7::FromJson(api, {"r", "refs", Kind::kStringSet}, cty::Value::Null(set)).IsNull());
  EXPECT_EQ(resources::elbl7::FromJson(api, {"r", "refs", Kind::kStringSet}, cty::Value::EmptySet(cty::Type::String())),
            cty::Value::EmptySet(cty::Type::String()));
  // Missing fields are null, never a crash.
  EXPECT_TRUE(resources::elbl7::FromJson(json::object(), {"w", "weight", Kind::kInt}, NullStr()).IsNull());
}

TEST(ElbFields, BodiesCarryOnlyKnownAndChangedValues) {
  std::vector<Field> fields = {{"name", "name", Kind::kString, true},
                               {"weight", "weight", Kind::kInt},
                               {"refs", "sni_container_refs", Kind::kStringSet}};
  cty::Value refs = cty::Value::Set(cty::Type::String(), {cty::Value::String("c1")});
  cty::Value plan = Obj({{"name", cty::Value::String("m")},
                         {"weight", cty::Value::Unknown(cty::Type::Number())},
                         {"refs", refs}});
  json body = json::object();
  resources::elbl7::PutSet(body, plan, fields);
  EXPECT_EQ(body, (json{{"name", "m"}, {"sni_container_refs", {"c1"}}}));  // unknown weight left to OTC

  cty::Value state = Obj({{"name", cty::Value::String("m")},
                          {"weight", cty::Value::Int(3)},
                          {"refs", refs}});
  cty::Value next = Obj({{"name", NullStr()},
                         {"weight", cty::Value::Int(4)},
                         {"refs", cty::Value::Null(cty::Type::Set(cty::Type::String()))}});
  json up = json::object();
  EXPECT_EQ(resources::elbl7::PutChanged(up, next, state, fields), 3);
  // Cleared values: "" for an optional string, [] for a set.
  EXPECT_EQ(up, (json{{"name", ""}, {"weight", 4}, {"sni_container_refs", json::array()}}));
  json none = json::object();
  EXPECT_EQ(resources::elbl7::PutChanged(none, state, state, fields), 0);
  EXPECT_TRUE(none.empty());
}

TEST(ElbFields, TagsAndReferences) {
  cty::Value tags = cty::Value::Map(cty::Type::String(), {{"env", cty::Value::String("prod")}});
  json list = resources::elbl7::TagList(tags);
  EXPECT_EQ(list, (json{{{"key", "env"}, {"value", "prod"}}}));
  EXPECT_EQ(resources::elbl7::TagMap(json{{"tags", list}}), (std::map<std::string, std::string>{{"env", "prod"}}));
  EXPECT_TRUE(resources::elbl7::TagMap(json{{"tags", "junk"}}).empty());
  EXPECT_EQ(resources::elbl7::FirstId(json{{"loadbalancers", {{{"id", "lb1"}}}}}, "loadbalancers"), "lb1");
  EXPECT_EQ(resources::elbl7::FirstId(json{{"loadbalancers", json::array()}}, "loadbalancers"), "");
  EXPECT_EQ(resources::elbl7::FirstId(json{{"loadbalancers", {"not-an-object"}}}, "loadbalancers"), "");
}

}  // namespace
