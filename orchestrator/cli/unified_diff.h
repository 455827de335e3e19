// UnifiedDiff: a line diff of two texts in the unified format `diff -u`
// prints (what `edp-stack hcl fmt --diff` shows).
//
// Lines keep their terminators; a last line without one is followed by
// "\ No newline at end of file". Hunks carry `context` lines around each
// change and are merged when their contexts touch. The edit script is a
// longest common subsequence when the changed middle (after trimming the
// common prefix and suffix) is at most kMaxDiffCells line pairs, otherwise
// the whole middle is shown as replaced: always a correct diff, minimal
// for every realistic formatter change.
//
// Example:
//   UnifiedDiff("a=1\n", "a = 1\n", "a/x.hcl", "b/x.hcl")
//   == "--- a/x.hcl\n+++ b/x.hcl\n@@ -1 +1 @@\n-a=1\n+a = 1\n"
//
// Thread safety: pure function.
#ifndef EDP_ORCHESTRATOR_CLI_UNIFIED_DIFF_H_
#define EDP_ORCHESTRATOR_CLI_UNIFIED_DIFF_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace edp::stack {

inline constexpr size_t kMaxDiffCells = size_t{4} << 20;

// "" when the texts are equal.
std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& before_name,
                        const std::string& after_name, int context = 3);

}  // namespace edp::stack

#endif  // EDP_ORCHESTRATOR_CLI_UNIFIED_DIFF_H_
