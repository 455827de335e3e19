// framework::Schema: the declarative description of a provider, resource or
// data source configuration block, with the behaviour the wire schema
// (tfplugin::Schema) cannot carry: validators, plan modifiers, defaults and
// environment-variable fallbacks.
//
// A schema is data. It is built once (usually in a resource's Schema method)
// with the fluent helpers below and never changes afterwards:
//
//   framework::Schema s;
//   s.version = 1;
//   s.block.description = "Manages a VPC.";
//   s.block.Add("id", framework::StringAttribute().Computed()
//                          .Description("The VPC ID.")
//                          .PlanModifiers({framework::UseStateForUnknown()}));
//   s.block.Add("name", framework::StringAttribute().Required()
//                            .Validators({framework::StringLengthBetween(1, 64)}));
//   s.block.Add("cidr", framework::StringAttribute().Required()
//                            .PlanModifiers({framework::RequiresReplace()}));
//   framework::AddTimeouts(s, framework::TimeoutDefaults()
//                                 .Create(std::chrono::minutes(10))
//                                 .Delete(std::chrono::minutes(10)));
//
// ToWire() converts it to what GetProviderSchema sends; ImpliedType() is the
// cty type of every value of the block (cty-encoding.md §3); CheckSchema()
// (schema_check.h) applies OpenTofu's InternalValidate rules.
//
// Attribute and block names are kept sorted (std::map), which is also the
// order of the generated documentation.
//
// Thread safety: plain values; immutable once built, safe to share.
#ifndef EDP_FRAMEWORK_SCHEMA_H_
#define EDP_FRAMEWORK_SCHEMA_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cty/type.h"
#include "cty/value.h"
#include "tfplugin/schema.h"

namespace framework {

class Validator;
class PlanModifier;
struct NestedAttributeObject;
struct Block;

using NestingMode = tfplugin::NestingMode;
using ValidatorPtr = std::shared_ptr<const Validator>;
using PlanModifierPtr = std::shared_ptr<const PlanModifier>;

// One attribute. Exactly one of `type` / `nested` describes its value.
struct Attribute {
  cty::Type type;                                       // unused when `nested` is set
  std::shared_ptr<const NestedAttributeObject> nested;  // protocol 6 nested attribute
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool write_only = false;
  std::string description;          // markdown
  std::string deprecation_message;  // non-empty: the attribute is deprecated
  // Used when the configuration leaves the attribute null. REQUIRES:
  // optional && computed, and a value of exactly ImpliedType().
  std::optional<cty::Value> default_value;
  std::vector<ValidatorPtr> validators;
  std::vector<PlanModifierPtr> plan_modifiers;
  // Provider configuration only: environment variables consulted, in order,
  // when the attribute is null in the configuration (see env.h).
  std::vector<std::string> env_vars;

  // Fluent setters (each returns *this).
  Attribute& Required() {
    required = true;
    return *this;
  }
  Attribute& Optional() {
    optional = true;
    return *this;
  }
  Attribute& Computed() {
    computed = true;
    return *this;
  }
  Attribute& Sensitive() {
    sensitive = true;
    return *this;
  }
  Attribute& WriteOnly() {
    write_only = true;
    return *this;
  }
  Attribute& Description(std::string d) {
    description = std::move(d);
    return *this;
  }
  Attribute& Deprecated(std::string message) {
    deprecation_message = std::move(message);
    return *this;
  }
  Attribute& Default(cty::Value v) {
    default_value = std::move(v);
    return *this;
  }
  Attribute& Validators(std::vector<ValidatorPtr> v);
  Attribute& PlanModifiers(std::vector<PlanModifierPtr> m);
  Attribute& Env(std::vector<std::string> names) {
    env_vars = std::move(names);
    return *this;
  }

  bool deprecated() const { return !deprecation_message.empty(); }
  cty::Type ImpliedType() const;
};

// The object type of a protocol 6 nested attribute. Never kGroup.
struct NestedAttributeObject {
  NestingMode nesting = NestingMode::kSingle;
  std::map<std::string, Attribute> attributes;

  cty::Type ObjectType() const;   // the element object
  cty::Type ImpliedType() const;  // object, list/set/map of object
};

struct NestedBlock {
  NestingMode nesting = NestingMode::kList;
  std::shared_ptr<const Block> block;
  int64_t min_items = 0;
  int64_t max_items = 0;                        // 0: unlimited
  std::vector<ValidatorPtr> validators;         // see the whole block value
  std::vector<PlanModifierPtr> plan_modifiers;  // e.g. RequiresReplace on the block

  NestedBlock& MinItems(int64_t n) {
    min_items = n;
    return *this;
  }
  NestedBlock& MaxItems(int64_t n) {
    max_items = n;
    return *this;
  }
  NestedBlock& Validators(std::vector<ValidatorPtr> v);
  NestedBlock& PlanModifiers(std::vector<PlanModifierPtr> m);

  // The type of the block's value inside its parent: object (single, group),
  // list/set/map of object. List and map blocks whose content contains the
  // dynamic pseudo-type become Dynamic (the values are then tuples/objects).
  cty::Type ImpliedType() const;
};

struct Block {
  std::map<std::string, Attribute> attributes;
  std::map<std::string, NestedBlock> blocks;
  std::string description;  // markdown
  std::string deprecation_message;
  // Block-level validators see the whole object (e.g. ExactlyOneOf over
  // attributes of this block).
  std::vector<ValidatorPtr> validators;

  Block& Add(std::string name, Attribute a);
  Block& Add(std::string name, NestedBlock b);
  Block& Description(std::string d) {
    description = std::move(d);
    return *this;
  }
  Block& Validators(std::vector<ValidatorPtr> v);

  const Attribute* FindAttribute(std::string_view name) const;
  const NestedBlock* FindBlock(std::string_view name) const;
  cty::Type ImpliedType() const;
};

// The `timeouts` block: the operations it offers (those with a default) and
// their default durations.
struct TimeoutDefaults {
  std::optional<std::chrono::milliseconds> create;
  std::optional<std::chrono::milliseconds> read;
  std::optional<std::chrono::milliseconds> update;
  std::optional<std::chrono::milliseconds> delete_;

  TimeoutDefaults& Create(std::chrono::milliseconds d) {
    create = d;
    return *this;
  }
  TimeoutDefaults& Read(std::chrono::milliseconds d) {
    read = d;
    return *this;
  }
  TimeoutDefaults& Update(std::chrono::milliseconds d) {
    update = d;
    return *this;
  }
  TimeoutDefaults& Delete(std::chrono::milliseconds d) {
    delete_ = d;
    return *this;
  }
};

struct Schema {
  int64_t version = 0;
  Block block;
  // Set by AddTimeouts (timeouts.h): the operations the `timeouts` block
  // offers and their defaults.
  std::optional<TimeoutDefaults> timeouts;

  cty::Type ImpliedType() const { return block.ImpliedType(); }
};

// Attribute constructors (type set, no flags).
Attribute StringAttribute();
Attribute NumberAttribute();
Attribute BoolAttribute();
Attribute ListAttribute(cty::Type element);
Attribute SetAttribute(cty::Type element);
Attribute MapAttribute(cty::Type element);
Attribute ObjectAttribute(std::map<std::string, cty::Type> attributes);
Attribute DynamicAttribute();
// Protocol 6 nested attributes.
Attribute SingleNestedAttribute(std::map<std::string, Attribute> attributes);
Attribute ListNestedAttribute(std::map<std::string, Attribute> attributes);
Attribute SetNestedAttribute(std::map<std::string, Attribute> attributes);
Attribute MapNestedAttribute(std::map<std::string, Attribute> attributes);

// Nested block constructors. `block` is copied into shared storage.
NestedBlock SingleBlock(Block block);
NestedBlock GroupBlock(Block block);
NestedBlock ListBlock(Block block);
NestedBlock SetBlock(Block block);
NestedBlock MapBlock(Block block);

// The wire form sent in GetProviderSchema (descriptions as markdown).
tfplugin::Schema ToWire(const Schema& schema);
tfplugin::SchemaBlock ToWire(const Block& block);

// The value of a block when nothing is configured (objchange's "empty
// value"): attributes null, list/set/map blocks empty, single blocks null,
// group blocks their own empty value. Imports start from it.
cty::Value EmptyValue(const Block& block);

// True if the schema (at any depth) uses protocol-6-only nested attributes.
bool UsesNestedAttributes(const Block& block);

std::string_view NestingName(NestingMode mode);  // "single", "list", ...

}  // namespace framework

#endif  // EDP_FRAMEWORK_SCHEMA_H_
