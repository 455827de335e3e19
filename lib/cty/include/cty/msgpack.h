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
// and never crashes on hostile input: errors say what and where (message
// worded like go-cty's, Error::path pointing at the value).
//
// Remarks (deliberately stricter than go-cty, which would accept these and
// produce a wrongly-typed value or ignore data): bytes after the value are an
// error ("extra data after msgpack value (N bytes)"); an empty map for a
// non-empty object type and duplicate object keys are errors; nesting deeper
// than 256 levels (possible through dynamic wrappers) is rejected.
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

// Like go-cty, a value whose type differs from `type` is first converted to
// it (a tuple for a list attribute, say); fails on marked values (strip marks
// first) and when that conversion fails.
Result<std::string> Marshal(const Value& v, const Type& type);
Result<Value> Unmarshal(std::string_view data, const Type& type);

}  // namespace cty::msgpack

#endif  // EDP_CTY_MSGPACK_H_
