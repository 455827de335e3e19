// hcl bodies: attributes and blocks of a native-syntax file, plus the
// schema-driven access callers use (hcl structure.go, schema.go).
//
// A Body owns its attributes and blocks. Ranges follow hcl: an Attribute's
// name_range covers the name and src_range the whole `name = expr`; a Block's
// type_range, label_ranges, open/close brace ranges and def_range (type and
// labels, the part shown in "on X line N" snippets).
//
// A Body is either a native-syntax body (attributes and blocks parsed
// up front) or a JSON-syntax body (hcl/v2/json: `json` is set and the
// attribute/block vectors are empty), whose properties become attributes or
// blocks only when a schema says which is which. Content, PartialContent and
// JustAttributes work on both; callers should prefer them to walking the
// vectors directly.
//
// Thread safety: immutable after parsing.
#ifndef EDP_HCL_BODY_H_
#define EDP_HCL_BODY_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hcl/diagnostic.h"
#include "hcl/expression.h"

namespace hcl {

struct Block;
struct JSONNode;  // hcl/json.h

struct Attribute {
  std::string name;
  ExprPtr expr;
  Range src_range;
  Range name_range;
  Range equals_range;
};

struct Body {
  std::vector<Attribute> attributes;  // source order
  std::vector<std::unique_ptr<Block>> blocks;  // source order
  Range src_range;
  Range end_range;  // empty range at the end (for "missing argument" diagnostics)

  // JSON syntax: the JSON value (an object, or an array of objects) holding
  // this body's properties; `json_doc` keeps the parsed tree alive.
  std::shared_ptr<const JSONNode> json_doc;
  const JSONNode* json = nullptr;
  // The "remaining" body of PartialContent: shows the items of `base` (native;
  // must outlive this body) or of `json`, minus the names in `hidden`
  // (attribute names and block types already consumed by a schema).
  const Body* base = nullptr;
  std::set<std::string> hidden;         // attribute names (JSON: property names)
  std::set<std::string> hidden_blocks;  // native: block types

  bool IsJSON() const { return json != nullptr; }
  // Native bodies only (a JSON body has no attributes until a schema is applied).
  const Attribute* FindAttribute(std::string_view name) const;
};

struct Block {
  std::string type;
  std::vector<std::string> labels;
  Body body;
  Range type_range;
  std::vector<Range> label_ranges;
  Range open_brace_range;
  Range close_brace_range;
  // Set for JSON blocks: the opening brace/bracket of the block's value.
  std::optional<Range> def_range;
  // Type and labels (hcl Block.DefRange); def_range when set.
  Range DefRange() const;
};

// ---- Schema-driven access (hcl.BodySchema) ----

struct AttributeSchema {
  std::string name;
  bool required = false;
};

struct BlockHeaderSchema {
  std::string type;
  std::vector<std::string> label_names;
};

struct BodySchema {
  std::vector<AttributeSchema> attributes;
  std::vector<BlockHeaderSchema> blocks;
};

// Attributes and blocks built from a JSON body for one schema; results keep
// them alive (shared, so results stay cheap to copy).
struct MaterializedItems {
  std::vector<std::unique_ptr<Attribute>> attributes;
  std::vector<std::unique_ptr<Block>> blocks;
};

// Views into a Body that matched a schema: they point into the Body (native)
// or into `owned` (JSON); valid while both the Body and this value live.
struct BodyContent {
  std::map<std::string, const Attribute*> attributes;
  std::vector<const Block*> blocks;  // source order
  Range missing_item_range;
  std::shared_ptr<const MaterializedItems> owned;
};

struct [[nodiscard]] ContentResult {
  BodyContent content;  // valid even with errors
  Diagnostics diags;
  // PartialContent only: the items the schema did not consume (hcl's remain
  // body). It refers to the original Body, which must outlive it.
  std::shared_ptr<const Body> remain;
};

// As BodyContent: the pointers stay valid while the Body and this result
// live (do not keep them from a temporary result of a JSON body).
struct [[nodiscard]] AttributesResult {
  std::map<std::string, const Attribute*> attributes;
  Diagnostics diags;
  std::shared_ptr<const MaterializedItems> owned;  // JSON bodies
};

// Everything in the body must be in the schema ("Unsupported argument",
// "Unsupported block type"; JSON: "Extraneous JSON object property", where a
// "//" property is a comment and ignored); required attributes must be
// present ("Missing required argument"); blocks need exactly their labels
// (JSON: one level of nested objects per label, an array value for repeated
// blocks).
ContentResult Content(const Body& body, const BodySchema& schema);
// Like Content but items not in the schema are ignored; `remain` holds them.
ContentResult PartialContent(const Body& body, const BodySchema& schema);
// Native: the body must contain only attributes ("Unexpected \"x\" block").
// JSON: every property (except "//") is an attribute; the body must be an
// object, and a name may appear only once.
AttributesResult JustAttributes(const Body& body);

}  // namespace hcl

#endif  // EDP_HCL_BODY_H_
