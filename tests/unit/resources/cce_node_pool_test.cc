// edp_cce_node_pool: the install-script encoding (otc/cce_node_pool.h) and
// the schema's promises (descriptions everywhere, the password sensitive,
// in-place vs. replacing attributes).
#include "otc/cce_node_pool.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "framework/context.h"
#include "framework/resource.h"
#include "resources/resources.h"

namespace {

namespace np = otc::cce_node_pool;

TEST(CceNodePoolScript, PlainTextIsEncodedBase64IsKept) {
  EXPECT_EQ(np::EncodeScript(""), "");
  EXPECT_EQ(np::EncodeScript("echo hi\n"), "ZWNobyBoaQo=");
  EXPECT_EQ(np::EncodeScript("ZWNobyBoaQo="), "ZWNobyBoaQo=");  // already base64: as the official provider
  EXPECT_EQ(np::EncodeScript("a"), "YQ==");
  EXPECT_EQ(np::EncodeScript("ab"), "YWI=");
  EXPECT_EQ(np::EncodeScript("#!/bin/sh"), "IyEvYmluL3No");
}

TEST(CceNodePoolScript, DecodeRejectsWhatIsNotBase64) {
  EXPECT_EQ(np::DecodeBase64("ZWNobyBoaQo="), "echo hi\n");
  EXPECT_EQ(np::DecodeBase64("YQ=="), "a");
  EXPECT_EQ(np::DecodeBase64("YWI="), "ab");
  EXPECT_FALSE(np::DecodeBase64(""));
  EXPECT_FALSE(np::DecodeBase64("abc"));       // length
  EXPECT_FALSE(np::DecodeBase64("ab=c"));      // '=' inside
  EXPECT_FALSE(np::DecodeBase64("echo hi!"));  // alphabet
  EXPECT_FALSE(np::DecodeBase64("===="));
}

TEST(CceNodePoolSchema, EveryAttributeIsDescribedAndThePasswordIsSensitive) {
  auto r = resources::CceNodePoolResource()();
  framework::Context ctx;
  framework::ResourceSchemaResponse resp;
  r->Schema(ctx, {}, resp);
  const framework::Block& b = resp.schema.block;
  EXPECT_FALSE(b.description.empty());
  std::function<void(const framework::Block&, const std::string&)> walk = [&](const framework::Block& blk,
                                                                             const std::string& at) {
    for (const auto& [name, a] : blk.attributes) EXPECT_FALSE(a.description.empty()) << at << name;
    for (const auto& [name, nb] : blk.blocks) {
      EXPECT_FALSE(nb.block->description.empty()) << at << name;
      walk(*nb.block, at + name + ".");
    }
  };
  walk(b, "");
  EXPECT_TRUE(b.attributes.at("password").sensitive);
  EXPECT_TRUE(b.FindBlock("timeouts") != nullptr);
  EXPECT_EQ(b.FindBlock("root_volume")->max_items, 1);
  // In place: no RequiresReplace on the scale, autoscaling, labels, taints, name.
  for (const char* in_place : {"name", "initial_node_count", "scale_enable", "min_node_count", "max_node_count",
                               "scale_down_cooldown_time", "priority"}) {
    EXPECT_TRUE(b.attributes.at(in_place).plan_modifiers.empty()) << in_place;
  }
  EXPECT_EQ(b.attributes.at("k8s_tags").plan_modifiers.size(), 1u);  // UseStateForUnknown only
  EXPECT_TRUE(b.FindBlock("taints")->plan_modifiers.empty());
  EXPECT_FALSE(b.attributes.at("flavor").plan_modifiers.empty());
}

}  // namespace
