// The cty msgpack encoding used in tfplugin DynamicValue.msgpack.
//
// Encoding (what Terraform/OpenTofu send and accept): null -> nil; unknown ->
// ext 0 (d4 00 00), or ext 12 with a refinement map when refined; numbers as
// compact ints when int64, float64 when exact, else decimal strings; objects
// as maps with all attributes in sorted key order; sets in cty order; values
// of a Dynamic slot as [bin(type JSON), value].
//
// Decoding accepts every form real clients send: any int/uint/float32/
// float64/string number encoding, str or bin strings, any extension as
// unknown (ext 12 refinements decoded), object maps in any key order, the
// dynamic wrapper with str or bin type. Decoding is driven by the wanted type
// and never crashes on hostile input: errors say what and where.
//
// Thread safety: pure functions.
#ifndef EDP_CTY_MSGPACK_H_
#define EDP_CTY_MSGPACK_H_

#include <string>
#include <string_view>

#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"

namespace cty::msgpack {

// Fails on marked values (strip marks first) and on values that do not
// conform to `type`.
Result<std::string> Marshal(const Value& v, const Type& type);
Result<Value> Unmarshal(std::string_view data, const Type& type);

}  // namespace cty::msgpack

#endif  // EDP_CTY_MSGPACK_H_
