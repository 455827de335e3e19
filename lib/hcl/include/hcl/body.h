// hcl bodies: attributes and blocks of a native-syntax file, plus the
// schema-driven access callers use (hcl structure.go, schema.go).
//
// A Body owns its attributes and blocks. Ranges follow hcl: an Attribute's
// name_range covers the name and src_range the whole `name = expr`; a Block's
// type_range, label_ranges, open/close brace ranges and def_range (type and
// labels, the part shown in "on X line N" snippets).
//
// Thread safety: immutable after parsing.
#ifndef EDP_HCL_BODY_H_
#define EDP_HCL_BODY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hcl/diagnostic.h"
#include "hcl/expression.h"

namespace hcl {

struct Block;

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
  // Type and labels (hcl Block.DefRange).
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

// Non-owning views into a Body that matched a schema.
struct BodyContent {
  std::map<std::string, const Attribute*> attributes;
  std::vector<const Block*> blocks;  // source order
  Range missing_item_range;
};

struct [[nodiscard]] ContentResult {
  BodyContent content;  // valid even with errors
  Diagnostics diags;
};

struct [[nodiscard]] AttributesResult {
  std::map<std::string, const Attribute*> attributes;
  Diagnostics diags;
};

// Everything in the body must be in the schema ("Unsupported argument",
// "Unsupported block type"); required attributes must be present
// ("Missing required argument"); blocks need exactly their labels.
ContentResult Content(const Body& body, const BodySchema& schema);
// Like Content but items not in the schema are ignored.
ContentResult PartialContent(const Body& body, const BodySchema& schema);
// The body must contain only attributes ("Unexpected \"x\" block").
AttributesResult JustAttributes(const Body& body);

}  // namespace hcl

#endif  // EDP_HCL_BODY_H_
