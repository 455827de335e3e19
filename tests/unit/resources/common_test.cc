// resources/common.h: the shared "object gone after a write" diagnostics.
#include "resources/common.h"

#include <gtest/gtest.h>

namespace resources {
namespace {

TEST(ExistsAfterWrite, PresentObjectPassesGoneOneSaysWhatHappenedAndWhatToDo) {
  tfplugin::Diagnostics diags;
  EXPECT_TRUE(ExistsAfterWrite(cty::Value::String("x"), WriteStep::kCreate, "VPC", "VPC v1", diags));
  EXPECT_TRUE(diags.empty());

  EXPECT_FALSE(ExistsAfterWrite(cty::Value::Null(cty::Type::String()), WriteStep::kCreate, "DNS Zone",
                                "DNS zone z1", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].summary, "DNS Zone Disappeared After Create");
  EXPECT_EQ(diags[0].detail,
            "DNS zone z1 was created and then deleted by someone else before it could be read back. Run the apply "
            "again to re-create it.");

  AddGoneAfterWrite(diags, WriteStep::kUpdate, "EIP", "EIP e1");
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[1].summary, "EIP Disappeared During Update");
  EXPECT_EQ(diags[1].detail,
            "EIP e1 was deleted by someone else while it was being updated. Run the plan again to re-create it.");
}

}  // namespace
}  // namespace resources
