// UnifiedDiff (orchestrator/cli/unified_diff.h): hunks, context, empty
// ranges and the missing-final-newline marker, as `diff -u` prints them.
#include "cli/unified_diff.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using edp::stack::UnifiedDiff;

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(UnifiedDiff("a\n", "a\n", "x", "y"), ""); }

TEST(UnifiedDiff, SingleLineChange) {
  EXPECT_EQ(UnifiedDiff("a=1\n", "a = 1\n", "a/x.hcl", "b/x.hcl"),
            "--- a/x.hcl\n+++ b/x.hcl\n@@ -1 +1 @@\n-a=1\n+a = 1\n");
}

TEST(UnifiedDiff, SeparateHunksWithThreeLinesOfContext) {
  std::string a, b;
  for (int i = 1; i <= 12; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 11 ? "x" : std::to_string(i)) + "\n";
  }
  EXPECT_EQ(UnifiedDiff(a, b, "a", "b"),
            "--- a\n+++ b\n"
            "@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
            "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+x\n 12\n");
}

TEST(UnifiedDiff, NearbyChangesShareAHunk) {
  EXPECT_EQ(UnifiedDiff("1\n2\n3\n4\n5\n", "x\n2\n3\n4\ny\n", "a", "b"),
            "--- a\n+++ b\n@@ -1,5 +1,5 @@\n-1\n+x\n 2\n 3\n 4\n-5\n+y\n");
}

TEST(UnifiedDiff, InsertionsDeletionsAndEmptyRanges) {
  EXPECT_EQ(UnifiedDiff("", "a\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n");
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\n", "a", "b"), "--- a\n+++ b\n@@ -1,2 +1 @@\n a\n-b\n");
}

TEST(UnifiedDiff, MissingFinalNewlineIsMarked) {
  EXPECT_EQ(UnifiedDiff("a = 1", "a = 1\n", "a", "b"),
            "--- a\n+++ b\n@@ -1 +1 @@\n-a = 1\n\\ No newline at end of file\n+a = 1\n");
}

}  // namespace
