// tfplugin::Schema: the protocol-neutral description of a provider,
// resource or data source configuration block, as sent in GetProviderSchema.
//
// This is wire-level data (what tofu sees); behaviour such as validators and
// plan modifiers lives in provider/framework, which produces these.
// ImpliedType() gives the cty type every DynamicValue of this block is
// encoded with (cty-encoding.md §3).
//
// Thread safety: plain value types; immutable once built.
#ifndef EDP_TFPLUGIN_SCHEMA_H_
#define EDP_TFPLUGIN_SCHEMA_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cty/type.h"

namespace tfplugin {

enum class StringKind { kPlain, kMarkdown };
enum class NestingMode { kSingle, kList, kSet, kMap, kGroup };

struct SchemaAttribute;

// Protocol 6 nested attribute type (Schema.Object). Never GROUP.
struct SchemaObject {
  std::vector<SchemaAttribute> attributes;
  NestingMode nesting = NestingMode::kSingle;
};

struct SchemaAttribute {
  std::string name;
  cty::Type type;                              // unset when `nested` is set
  std::shared_ptr<const SchemaObject> nested;  // protocol 6 only
  std::string description;
  StringKind description_kind = StringKind::kPlain;
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool deprecated = false;
  bool write_only = false;

  cty::Type ImpliedType() const;
};

struct SchemaBlock;

struct SchemaNestedBlock {
  std::string type_name;
  std::shared_ptr<const SchemaBlock> block;
  NestingMode nesting = NestingMode::kSingle;
  int64_t min_items = 0;
  int64_t max_items = 0;
};

struct SchemaBlock {
  std::vector<SchemaAttribute> attributes;
  std::vector<SchemaNestedBlock> block_types;
  std::string description;
  StringKind description_kind = StringKind::kPlain;
  bool deprecated = false;

  // Object type of all attributes and nested blocks (list/set/map blocks
  // become collections of objects; tuple/object when Dynamic is inside).
  cty::Type ImpliedType() const;
  const SchemaAttribute* FindAttribute(std::string_view name) const;
  const SchemaNestedBlock* FindBlockType(std::string_view name) const;
};

struct Schema {
  int64_t version = 0;
  SchemaBlock block;
};

struct ServerCapabilities {
  bool plan_destroy = false;
  bool get_provider_schema_optional = false;
  bool move_resource_state = false;
};

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_SCHEMA_H_
