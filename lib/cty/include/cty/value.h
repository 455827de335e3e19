// cty::Value: a typed configuration value with go-cty semantics.
//
// Every value has a Type. A value may be null or unknown at any depth (a list
// can be unknown, or known with unknown elements). Unknown values can carry
// refinements (not-null, string prefix, number bounds, collection length
// bounds), which the msgpack codec round-trips. Values carry marks (here: the
// sensitive mark) which propagate through operations; codecs refuse marked
// values, so callers strip marks (UnmarkDeep) before encoding.
//
// Strings are normalised to Unicode NFC on construction, as cty does.
// Set elements are deduplicated and kept in cty's iteration order: strings by
// bytes, numbers numerically, false < true, known before unknown, then a
// total order for complex values.
//
// A Value is immutable and cheap to copy (shared structure).
// Thread safety: immutable; safe to share between threads.
#ifndef EDP_CTY_VALUE_H_
#define EDP_CTY_VALUE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cty/number.h"
#include "cty/path.h"
#include "cty/result.h"
#include "cty/type.h"

namespace cty {

// Marks. A bit set; only "sensitive" is used by this project.
enum Mark : uint8_t { kMarkNone = 0, kMarkSensitive = 1 };
using Marks = uint8_t;

// Refinements of an unknown value (cty >= 1.13). Absent fields mean "no
// information".
struct Refinements {
  bool not_null = false;
  std::optional<std::string> string_prefix;          // string only; NFC, <= 256 bytes kept
  std::optional<Number> number_lower;                // number only
  bool number_lower_inclusive = true;
  std::optional<Number> number_upper;
  bool number_upper_inclusive = true;
  std::optional<int64_t> length_lower;               // list/set/map only
  std::optional<int64_t> length_upper;
  bool empty() const;
  bool operator==(const Refinements& o) const;
};

class Value {
 public:
  // The default value is cty.NilVal-like: a null of type Dynamic.
  Value();

  static Value Null(const Type& type);
  static Value Unknown(const Type& type, Refinements refinements = {});
  static Value DynamicVal() { return Unknown(Type::Dynamic()); }

  static Value String(std::string_view s);  // NFC-normalised
  static Value Number(const cty::Number& n);
  static Value Int(int64_t n) { return Number(cty::Number::FromInt64(n)); }
  static Value Bool(bool b);
  static Value True() { return Bool(true); }
  static Value False() { return Bool(false); }

  // Collections. All elements must have exactly `element_type` (callers
  // convert first). An unknown element is allowed; marks on elements are kept.
  static Value List(const Type& element_type, std::vector<Value> elements);
  static Value Set(const Type& element_type, std::vector<Value> elements);  // dedups + sorts
  static Value Map(const Type& element_type, std::map<std::string, Value> elements);
  static Value EmptyList(const Type& element_type) { return List(element_type, {}); }
  static Value EmptySet(const Type& element_type) { return Set(element_type, {}); }
  static Value EmptyMap(const Type& element_type) { return Map(element_type, {}); }
  // Structural: the type is derived from the attribute/element values.
  static Value Object(std::map<std::string, Value> attributes);
  static Value EmptyObject() { return Object({}); }
  static Value Tuple(std::vector<Value> elements);
  static Value EmptyTuple() { return Tuple({}); }
  // Object of a given type (attribute types may be Dynamic in the type while
  // the value is concrete only if the type says so: REQUIRES exact match).
  static Value ObjectOf(const Type& object_type, std::map<std::string, Value> attributes);

  const Type& type() const;
  bool IsNull() const;         // this value (not nested) is null
  bool IsKnown() const;        // this value (not nested) is known
  bool IsWhollyKnown() const;  // known at every depth
  bool ContainsUnknown() const { return !IsWhollyKnown(); }
  const Refinements& refinements() const;  // REQUIRES: !IsKnown()

  // Marks on this value (not nested ones).
  Marks marks() const;
  bool IsMarked() const { return marks() != 0; }
  bool IsSensitive() const { return (marks() & kMarkSensitive) != 0; }
  bool ContainsMarked() const;  // any mark at any depth
  Value Mark(Marks m) const;    // adds marks to this value
  Value Unmark() const;         // removes this value's own marks
  // Removes marks at every depth; if `paths` is non-null, appends the path of
  // every marked value together with its marks.
  Value UnmarkDeep(std::vector<std::pair<Path, Marks>>* paths = nullptr) const;
  // Re-applies marks at the given paths (inverse of UnmarkDeep).
  Value MarkWithPaths(const std::vector<std::pair<Path, Marks>>& paths) const;

  // Accessors. REQUIRES: known, not null, matching type.
  const std::string& AsString() const;
  const cty::Number& AsNumber() const;
  bool AsBool() const;
  // list, set (in set order) and tuple elements
  const std::vector<Value>& Elements() const;
  // map elements and object attributes
  const std::map<std::string, Value>& Attributes() const;
  const std::map<std::string, Value>& MapElements() const { return Attributes(); }
  size_t LengthInt() const;  // element / attribute count

  // cty Value.GetAttr: REQUIRES object type with that attribute. Unknown or
  // null objects yield unknown/…; marks propagate.
  Value GetAttr(std::string_view name) const;
  // cty Value.Index for list/tuple (number key), map (string key).
  Result<Value> Index(const Value& key) const;
  // Follows a path; error names the failing step.
  Result<Value> Apply(const Path& path) const;

  // cty Equals: a Bool value; unknown if the answer depends on unknowns;
  // marks of both operands propagate.
  Value Equals(const Value& other) const;
  // Exact structural identity: same type, same null/unknown-ness at every
  // depth, same refinements and marks, equal known values (numbers compare
  // numerically). This is what tests and plan checks use.
  bool RawEquals(const Value& other) const;
  bool operator==(const Value& other) const { return RawEquals(other); }
  bool operator!=(const Value& other) const { return !RawEquals(other); }

  // Debug rendering, cty GoString-like: cty.StringVal("a"),
  // cty.ObjectVal(map[string]cty.Value{"a":cty.NumberIntVal(1)}), ...
  std::string GoString() const;

  // Null where unknown, at every depth (cty.UnknownAsNull).
  Value UnknownAsNull() const;

  struct Node;  // implementation detail

 private:
  friend struct ValueImpl;  // value.cc
  explicit Value(std::shared_ptr<const Node> node);
  std::shared_ptr<const Node> node_;
};

// The total order used for set elements (see file comment). Exposed for
// codecs and tests.
bool SetElementLess(const Value& a, const Value& b);

// Walks every value depth-first (the value itself first). The callback
// returns false to skip descending into that value.
void Walk(const Value& v, const std::function<bool(const Path&, const Value&)>& fn);

}  // namespace cty

#endif  // EDP_CTY_VALUE_H_
