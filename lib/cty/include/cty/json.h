// The cty JSON value encoding (state files, RawState.json, DynamicValue.json).
//
// Marshal: null -> null, numbers in Text('f',-1) form (no exponent), objects
// with all attributes in sorted order, maps with sorted keys, sets in cty
// order, Dynamic slots as {"value":…,"type":…}. Unknown values, infinities
// and marked values cannot be encoded (error).
// Unmarshal: numbers as JSON numbers or strings, bools as true/false or
// "true"/"false", strings accept numbers and bools; missing object attributes
// become null; unknown attributes are an error unless `ignore_unknown_attrs`
// (needed for UpgradeResourceState). Non-whitespace after the value is an
// error ("invalid character 'x' after top-level value"), as is nesting deeper
// than 256 levels.
//
// Thread safety: pure functions.
#ifndef EDP_CTY_JSON_H_
#define EDP_CTY_JSON_H_

#include <string>
#include <string_view>

#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"

namespace cty::json {

Result<std::string> Marshal(const Value& v, const Type& type);

struct UnmarshalOptions {
  bool ignore_unknown_attributes = false;
};
Result<Value> Unmarshal(std::string_view data, const Type& type, UnmarshalOptions opts = {});

// cty's SimpleJSONValue: {"value": V, "type": T}, for values whose type is
// not known in advance.
Result<std::string> MarshalWithType(const Value& v);
Result<Value> UnmarshalWithType(std::string_view data);

}  // namespace cty::json

#endif  // EDP_CTY_JSON_H_
