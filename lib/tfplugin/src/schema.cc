// Implied cty types of schemas (cty-encoding.md §3) and schema lookups.
#include "tfplugin/schema.h"

#include <map>
#include <string>

namespace tfplugin {

namespace {

cty::Type NestedObjectType(const SchemaObject& obj) {
  std::map<std::string, cty::Type> attrs;
  for (const SchemaAttribute& a : obj.attributes) attrs.emplace(a.name, a.ImpliedType());
  cty::Type object = cty::Type::Object(std::move(attrs));
  switch (obj.nesting) {
    case NestingMode::kList: return cty::Type::List(object);
    case NestingMode::kSet: return cty::Type::Set(object);
    case NestingMode::kMap: return cty::Type::Map(object);
    case NestingMode::kSingle:
    case NestingMode::kGroup:  // invalid for attributes; treated as single
      break;
  }
  return object;
}

cty::Type NestedBlockType(const SchemaNestedBlock& nb) {
  cty::Type object = nb.block ? nb.block->ImpliedType() : cty::Type::EmptyObject();
  switch (nb.nesting) {
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      return object;
    case NestingMode::kList:
      // Elements may differ in type when Dynamic is inside: hcldec's tuple
      // spec, whose implied type is Dynamic (configschema/implied_type.go).
      return object.HasDynamic() ? cty::Type::Dynamic() : cty::Type::List(object);
    case NestingMode::kSet:
      return cty::Type::Set(object);
    case NestingMode::kMap:
      return object.HasDynamic() ? cty::Type::Dynamic() : cty::Type::Map(object);
  }
  return object;
}

}  // namespace

cty::Type SchemaAttribute::ImpliedType() const {
  if (nested) return NestedObjectType(*nested);
  return type;
}

cty::Type SchemaBlock::ImpliedType() const {
  std::map<std::string, cty::Type> attrs;
  for (const SchemaAttribute& a : attributes) attrs.emplace(a.name, a.ImpliedType());
  for (const SchemaNestedBlock& b : block_types) attrs.emplace(b.type_name, NestedBlockType(b));
  return cty::Type::Object(std::move(attrs));
}

const SchemaAttribute* SchemaBlock::FindAttribute(std::string_view name) const {
  for (const SchemaAttribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const SchemaNestedBlock* SchemaBlock::FindBlockType(std::string_view name) const {
  for (const SchemaNestedBlock& b : block_types) {
    if (b.type_name == name) return &b;
  }
  return nullptr;
}

}  // namespace tfplugin
