// Type conversion with go-cty's `convert` package semantics.
//
// Convert(v, want) converts a value to a wanted type (or type constraint:
// Dynamic matches anything, objects with optional attributes fill missing
// ones with null). Safe conversions never fail for known values (number to
// string, tuple to list of a unifiable type, object to map, ...); unsafe
// ones may fail (string "x" to number). Unknown inputs give unknown outputs of
// the wanted type; null converts to null of the wanted type; marks are kept.
//
// Error messages are cty's exactly (HCL and tofu show them to users), for
// example: "a number is required", "a bool is required", "string required",
// "list of string required", "attribute \"name\" is required",
// "unsupported attribute \"x\"", "element 1: string required"-style paths are
// carried in Error::path, not in the message.
#ifndef EDP_CTY_CONVERT_H_
#define EDP_CTY_CONVERT_H_

#include <optional>
#include <vector>

#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"

namespace cty {

Result<Value> Convert(const Value& v, const Type& want);

// go-cty convert.Unify: the single type all `types` can convert to, or
// nullopt. `conversions_needed` (optional) is set to whether any input needs
// converting.
std::optional<Type> Unify(const std::vector<Type>& types, bool* conversions_needed = nullptr);
std::optional<Type> UnifyUnsafe(const std::vector<Type>& types, bool* conversions_needed = nullptr);

// True if a value of `have` can be converted to `want` without possible
// failure (convert.GetConversion != nil for safe conversions).
bool CanConvertSafe(const Type& have, const Type& want);
bool CanConvertUnsafe(const Type& have, const Type& want);

}  // namespace cty

#endif  // EDP_CTY_CONVERT_H_
