// Schema construction, implied types and the wire form.
#include "framework/schema.h"

#include <utility>

#include "framework/plan_modifier.h"
#include "framework/validator.h"

namespace framework {

Attribute& Attribute::Validators(std::vector<ValidatorPtr> v) {
  validators = std::move(v);
  return *this;
}
Attribute& Attribute::PlanModifiers(std::vector<PlanModifierPtr> m) {
  plan_modifiers = std::move(m);
  return *this;
}
NestedBlock& NestedBlock::Validators(std::vector<ValidatorPtr> v) {
  validators = std::move(v);
  return *this;
}
NestedBlock& NestedBlock::PlanModifiers(std::vector<PlanModifierPtr> m) {
  plan_modifiers = std::move(m);
  return *this;
}
Block& Block::Validators(std::vector<ValidatorPtr> v) {
  validators = std::move(v);
  return *this;
}

Block& Block::Add(std::string name, Attribute a) {
  attributes.insert_or_assign(std::move(name), std::move(a));
  return *this;
}
Block& Block::Add(std::string name, NestedBlock b) {
  blocks.insert_or_assign(std::move(name), std::move(b));
  return *this;
}

const Attribute* Block::FindAttribute(std::string_view name) const {
  auto it = attributes.find(std::string(name));
  return it == attributes.end() ? nullptr : &it->second;
}
const NestedBlock* Block::FindBlock(std::string_view name) const {
  auto it = blocks.find(std::string(name));
  return it == blocks.end() ? nullptr : &it->second;
}

cty::Type Attribute::ImpliedType() const { return nested ? nested->ImpliedType() : type; }

cty::Type NestedAttributeObject::ObjectType() const {
  std::map<std::string, cty::Type> types;
  for (const auto& [name, attr] : attributes) types.emplace(name, attr.ImpliedType());
  return cty::Type::Object(std::move(types));
}

cty::Type NestedAttributeObject::ImpliedType() const {
  cty::Type obj = ObjectType();
  switch (nesting) {
    case NestingMode::kList:
      return cty::Type::List(obj);
    case NestingMode::kSet:
      return cty::Type::Set(obj);
    case NestingMode::kMap:
      return cty::Type::Map(obj);
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      break;
  }
  return obj;
}

cty::Type NestedBlock::ImpliedType() const {
  cty::Type obj = block ? block->ImpliedType() : cty::Type::EmptyObject();
  switch (nesting) {
    case NestingMode::kList:
      return obj.HasDynamic() ? cty::Type::Dynamic() : cty::Type::List(obj);
    case NestingMode::kSet:
      return cty::Type::Set(obj);
    case NestingMode::kMap:
      return obj.HasDynamic() ? cty::Type::Dynamic() : cty::Type::Map(obj);
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      break;
  }
  return obj;
}

cty::Type Block::ImpliedType() const {
  std::map<std::string, cty::Type> types;
  for (const auto& [name, attr] : attributes) types.emplace(name, attr.ImpliedType());
  for (const auto& [name, nb] : blocks) types.emplace(name, nb.ImpliedType());
  return cty::Type::Object(std::move(types));
}

namespace {

Attribute Typed(cty::Type t) {
  Attribute a;
  a.type = std::move(t);
  return a;
}

Attribute Nested(NestingMode mode, std::map<std::string, Attribute> attributes) {
  auto obj = std::make_shared<NestedAttributeObject>();
  obj->nesting = mode;
  obj->attributes = std::move(attributes);
  Attribute a;
  a.nested = std::move(obj);
  return a;
}

NestedBlock MakeBlock(NestingMode mode, Block block) {
  NestedBlock nb;
  nb.nesting = mode;
  nb.block = std::make_shared<const Block>(std::move(block));
  return nb;
}

}  // namespace

Attribute StringAttribute() { return Typed(cty::Type::String()); }
Attribute NumberAttribute() { return Typed(cty::Type::Number()); }
Attribute BoolAttribute() { return Typed(cty::Type::Bool()); }
Attribute ListAttribute(cty::Type element) { return Typed(cty::Type::List(std::move(element))); }
Attribute SetAttribute(cty::Type element) { return Typed(cty::Type::Set(std::move(element))); }
Attribute MapAttribute(cty::Type element) { return Typed(cty::Type::Map(std::move(element))); }
Attribute ObjectAttribute(std::map<std::string, cty::Type> attributes) {
  return Typed(cty::Type::Object(std::move(attributes)));
}
Attribute DynamicAttribute() { return Typed(cty::Type::Dynamic()); }

Attribute SingleNestedAttribute(std::map<std::string, Attribute> attributes) {
  return Nested(NestingMode::kSingle, std::move(attributes));
}
Attribute ListNestedAttribute(std::map<std::string, Attribute> attributes) {
  return Nested(NestingMode::kList, std::move(attributes));
}
Attribute SetNestedAttribute(std::map<std::string, Attribute> attributes) {
  return Nested(NestingMode::kSet, std::move(attributes));
}
Attribute MapNestedAttribute(std::map<std::string, Attribute> attributes) {
  return Nested(NestingMode::kMap, std::move(attributes));
}

NestedBlock SingleBlock(Block block) { return MakeBlock(NestingMode::kSingle, std::move(block)); }
NestedBlock GroupBlock(Block block) { return MakeBlock(NestingMode::kGroup, std::move(block)); }
NestedBlock ListBlock(Block block) { return MakeBlock(NestingMode::kList, std::move(block)); }
NestedBlock SetBlock(Block block) { return MakeBlock(NestingMode::kSet, std::move(block)); }
NestedBlock MapBlock(Block block) { return MakeBlock(NestingMode::kMap, std::move(block)); }

namespace {

tfplugin::SchemaAttribute AttributeToWire(const std::string& name, const Attribute& a) {
  tfplugin::SchemaAttribute w;
  w.name = name;
  if (a.nested) {
    auto obj = std::make_shared<tfplugin::SchemaObject>();
    obj->nesting = a.nested->nesting;
    for (const auto& [n, inner] : a.nested->attributes) {
      obj->attributes.push_back(AttributeToWire(n, inner));
    }
    w.nested = std::move(obj);
  } else {
    w.type = a.type;
  }
  w.description = a.description;
  w.description_kind = tfplugin::StringKind::kMarkdown;
  w.required = a.required;
  w.optional = a.optional;
  w.computed = a.computed;
  w.sensitive = a.sensitive;
  w.deprecated = a.deprecated();
  w.write_only = a.write_only;
  return w;
}

}  // namespace

tfplugin::SchemaBlock ToWire(const Block& block) {
  tfplugin::SchemaBlock w;
  for (const auto& [name, attr] : block.attributes)
    w.attributes.push_back(AttributeToWire(name, attr));
  for (const auto& [name, nb] : block.blocks) {
    tfplugin::SchemaNestedBlock wb;
    wb.type_name = name;
    wb.block = std::make_shared<const tfplugin::SchemaBlock>(nb.block ? ToWire(*nb.block)
                                                                      : tfplugin::SchemaBlock{});
    wb.nesting = nb.nesting;
    wb.min_items = nb.min_items;
    wb.max_items = nb.max_items;
    w.block_types.push_back(std::move(wb));
  }
  w.description = block.description;
  w.description_kind = tfplugin::StringKind::kMarkdown;
  w.deprecated = !block.deprecation_message.empty();
  return w;
}

tfplugin::Schema ToWire(const Schema& schema) {
  tfplugin::Schema w;
  w.version = schema.version;
  w.block = ToWire(schema.block);
  return w;
}

cty::Value EmptyValue(const Block& block) {
  std::map<std::string, cty::Value> attrs;
  for (const auto& [name, attr] : block.attributes) {
    attrs.emplace(name, cty::Value::Null(attr.ImpliedType()));
  }
  for (const auto& [name, nb] : block.blocks) {
    cty::Type t = nb.ImpliedType();
    switch (nb.nesting) {
      case NestingMode::kSingle:
        attrs.emplace(name, cty::Value::Null(t));
        break;
      case NestingMode::kGroup:
        attrs.emplace(name, nb.block ? EmptyValue(*nb.block) : cty::Value::EmptyObject());
        break;
      case NestingMode::kList:
        attrs.emplace(
            name, t.IsDynamic() ? cty::Value::EmptyTuple() : cty::Value::EmptyList(t.element()));
        break;
      case NestingMode::kSet:
        attrs.emplace(name, cty::Value::EmptySet(t.element()));
        break;
      case NestingMode::kMap:
        attrs.emplace(
            name, t.IsDynamic() ? cty::Value::EmptyObject() : cty::Value::EmptyMap(t.element()));
        break;
    }
  }
  return cty::Value::ObjectOf(block.ImpliedType(), std::move(attrs));
}

bool UsesNestedAttributes(const Block& block) {
  for (const auto& [name, attr] : block.attributes) {
    if (attr.nested) return true;
  }
  for (const auto& [name, nb] : block.blocks) {
    if (nb.block && UsesNestedAttributes(*nb.block)) return true;
  }
  return false;
}

std::string_view NestingName(NestingMode mode) {
  switch (mode) {
    case NestingMode::kSingle:
      return "single";
    case NestingMode::kList:
      return "list";
    case NestingMode::kSet:
      return "set";
    case NestingMode::kMap:
      return "map";
    case NestingMode::kGroup:
      return "group";
  }
  return "invalid";
}

}  // namespace framework
