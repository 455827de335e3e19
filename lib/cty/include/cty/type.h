// cty::Type: the type system of configuration values (go-cty semantics).
//
// Primitive types: String, Number, Bool. Collection types: List(T), Set(T),
// Map(T). Structural types: Object({name: T}) with optional attributes (a
// type-constraint feature only), Tuple([T...]). The pseudo-type Dynamic means
// "decided at run time".
//
// A Type is immutable and cheap to copy (it shares its structure). Types
// compare structurally: Object({"a": String}) == Object({"a": String}).
// Thread safety: immutable; safe to share between threads.
#ifndef EDP_CTY_TYPE_H_
#define EDP_CTY_TYPE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cty {

template <typename T>
class Result;

enum class Kind : uint8_t { kString, kNumber, kBool, kList, kSet, kMap, kObject, kTuple, kDynamic };

class Type {
 public:
  // Default-constructed Type is Dynamic.
  Type();

  static Type String();
  static Type Number();
  static Type Bool();
  static Type Dynamic();
  static Type List(Type element);
  static Type Set(Type element);
  static Type Map(Type element);
  // Attribute names are kept sorted. `optional` names must be attribute names.
  static Type Object(std::map<std::string, Type> attributes, std::set<std::string> optional = {});
  static Type EmptyObject();
  static Type Tuple(std::vector<Type> elements);
  static Type EmptyTuple();

  Kind kind() const;
  bool IsPrimitive() const;   // string, number, bool
  bool IsCollection() const;  // list, set, map
  bool IsList() const;
  bool IsSet() const;
  bool IsMap() const;
  bool IsObject() const;
  bool IsTuple() const;
  bool IsDynamic() const;
  // True if Dynamic appears anywhere in the type (cty HasDynamicTypes).
  bool HasDynamic() const;

  // REQUIRES: IsCollection().
  const Type& element() const;
  // REQUIRES: IsObject(). Sorted by name.
  const std::map<std::string, Type>& attributes() const;
  const std::set<std::string>& optional_attributes() const;
  bool HasAttribute(std::string_view name) const;
  bool IsOptionalAttribute(std::string_view name) const;
  // REQUIRES: HasAttribute(name).
  const Type& attribute(std::string_view name) const;
  // REQUIRES: IsTuple().
  const std::vector<Type>& tuple_elements() const;

  // The same type with every object's optional-attribute markers removed.
  Type WithoutOptionalAttributesDeep() const;

  // JSON type expression, compact, attributes sorted:
  // "string", ["list","number"], ["object",{"a":"string"},["a"]], ...
  std::string ToJSON() const;
  static Result<Type> FromJSON(std::string_view json);

  // go-cty FriendlyName: "string", "list of number", "map of bool",
  // "object", "tuple", "dynamic"; FriendlyNameForConstraint says "any type"
  // for Dynamic.
  std::string FriendlyName() const;
  std::string FriendlyNameForConstraint() const;
  // HCL type-expression spelling: string, list(number), object({a=string}).
  std::string GoString() const;

  bool operator==(const Type& other) const;
  bool operator!=(const Type& other) const { return !(*this == other); }
  // A total order (for use as map keys / set ordering); not user-visible.
  bool operator<(const Type& other) const;

  struct Node;  // implementation detail

 private:
  explicit Type(std::shared_ptr<const Node> node);
  std::shared_ptr<const Node> node_;
};

}  // namespace cty

#endif  // EDP_CTY_TYPE_H_
