// Helpers for reading and building cty object values in resources and in
// the framework.
//
// Reading helpers return nullopt for null and unknown values, so resource
// code reads `if (auto name = GetString(plan, "name")) ...`.
//
// Thread safety: pure functions.
#ifndef EDP_FRAMEWORK_VALUES_H_
#define EDP_FRAMEWORK_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cty/path.h"
#include "cty/value.h"

namespace framework {

// Attribute `name` of an object value; null/unknown of the attribute's type
// when the object itself is null/unknown. REQUIRES: the object type has it.
cty::Value AttrOf(const cty::Value& object, std::string_view name);

std::optional<std::string> GetString(const cty::Value& object, std::string_view name);
std::optional<int64_t> GetInt(const cty::Value& object, std::string_view name);
std::optional<bool> GetBool(const cty::Value& object, std::string_view name);

// A copy of a known, non-null object with attribute `name` replaced.
// REQUIRES: the attribute exists and `v` has exactly its type.
cty::Value WithAttr(const cty::Value& object, std::string_view name, cty::Value v);

// Replaces the value at `path` (attribute and list/map index steps through
// known, non-null values) and returns the new root; error if the path
// cannot be followed or `v`'s type does not fit.
cty::Result<cty::Value> SetAtPath(const cty::Value& root, const cty::Path& path, cty::Value v);

// Every unknown in `v` replaced by the value at the same position in
// `fallback` when there is one of the same type and it is known, else by
// null. Sets are not correlated (their unknowns become null).
cty::Value UnknownsFrom(const cty::Value& v, const cty::Value& fallback);

// Human-readable rendering for diagnostics: "abc" quoted, numbers, bools,
// null, [..], {..}, "(known after apply)" for unknown; "(sensitive value)"
// when `sensitive`. Long values are shortened.
std::string DisplayValue(const cty::Value& v, bool sensitive = false);

// Path rendering for diagnostic details ("rule[0].port"); "(root)" if empty.
std::string DisplayPath(const cty::Path& path);

}  // namespace framework

#endif  // EDP_FRAMEWORK_VALUES_H_
