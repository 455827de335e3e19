// Internal machinery of FrameworkProvider, shared by the per-RPC files.
// Not part of the public API.
#ifndef EDP_FRAMEWORK_SRC_INTERNAL_H_
#define EDP_FRAMEWORK_SRC_INTERNAL_H_

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "cty/path.h"
#include "cty/value.h"
#include "framework/resource.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework::internal {

// ---- validate.cc --------------------------------------------------------

// Schema-level validation of a configuration object (unknowns tolerated):
// read-only and required attributes, deprecation warnings, validators of
// attributes, nested blocks and blocks, block item counts.
void ValidateConfigValue(const Block& block, const cty::Value& config,
                         tfplugin::Diagnostics& diags);

// ---- plan.cc ------------------------------------------------------------

struct PlanInput {
  const Schema* schema = nullptr;
  cty::Value prior;     // null on create
  cty::Value proposed;  // not null
  cty::Value config;
};
struct PlanOutput {
  cty::Value planned;
  std::vector<cty::Path> requires_replace;  // unfiltered
};
// Defaults, write-only nulling, unknown-marking and plan modifiers.
PlanOutput PlanChange(const PlanInput& in, tfplugin::Diagnostics& diags);

// Keeps the requires-replace paths whose prior and planned values differ
// (deduplicated); none on create.
std::vector<cty::Path> FilterRequiresReplace(const std::vector<cty::Path>& paths,
                                             const cty::Value& prior, const cty::Value& planned);

// The framework's version of core's AssertPlanValid: configured values of
// non-computed attributes kept (or equal to prior), unknown only where
// computed, collection blocks never null. Violations are provider bugs,
// reported with `what` ("plan", "data source result").
void CheckPlannedAgainstConfig(const Block& block, const cty::Value& prior,
                               const cty::Value& config, const cty::Value& planned,
                               std::string_view type_name, std::string_view what,
                               tfplugin::Diagnostics& diags);

// True if the two objects differ at most in their `timeouts` block.
bool EqualIgnoringTimeouts(const cty::Value& a, const cty::Value& b);

// ---- result_check.cc ----------------------------------------------------

// Null for every write-only attribute (at any depth).
cty::Value NullWriteOnly(const Block& block, const cty::Value& v);
bool HasWriteOnly(const Block& block);

// Null list/set/map blocks (at any depth) become empty collections.
cty::Value NormalizeBlocks(const Block& block, const cty::Value& v);

// Adds an error for every unknown value left in `v` after `operation`
// ("Create", "Update", "Read", "Import", "Upgrade"). Returns false if there
// was one.
bool CheckWhollyKnown(const Block& block, const cty::Value& v, std::string_view type_name,
                      std::string_view operation, tfplugin::Diagnostics& diags);

// AssertObjectCompatible: every known planned value must be unchanged in
// `actual`. Adds one error per offending attribute path.
void CheckCompatibleWithPlan(const Block& block, const cty::Value& planned,
                             const cty::Value& actual, std::string_view type_name,
                             std::string_view operation, tfplugin::Diagnostics& diags);

// Adds an error if `v` is not of the schema's type. Returns false then.
bool CheckType(const Block& block, const cty::Value& v, std::string_view type_name,
               std::string_view what, tfplugin::Diagnostics& diags);

// A path usable as a diagnostic attribute path: cut before the first step
// into a set element.
cty::Path DiagnosticPath(const cty::Type& root, const cty::Path& path);

// ---- guard --------------------------------------------------------------

// Runs `fn`, turning an escaping exception into an error diagnostic: an
// exception must never cross the RPC boundary or crash the plugin mid-apply.
template <typename F>
void Guard(tfplugin::Diagnostics& diags, std::string_view what, F&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    diags.AddError("Provider Internal Error",
                   "An unexpected error occurred in " + std::string(what) + ": " + e.what() +
                       ". This is a bug in the provider; please report it to the provider "
                       "developers.");
  } catch (...) {
    diags.AddError("Provider Internal Error",
                   "An unexpected error occurred in " + std::string(what) +
                       ". This is a bug in the provider; please report it to the provider "
                       "developers.");
  }
}

}  // namespace framework::internal

#endif  // EDP_FRAMEWORK_SRC_INTERNAL_H_
