// Registry-style markdown documentation generated from schemas (the layout
// of tfplugindocs: front matter, description, example, "## Schema" with
// Required / Optional / Read-Only lists, "### Nested Schema for `x`"
// sections, timeouts and import).
//
// Each attribute line reads
//   - `name` (String, Sensitive) Description. Value length must be between
//     1 and 64. Defaults to `1`. Changing this forces a new resource.
//     Environment: `OS_USERNAME`.
// combining the description with its validators', plan modifiers' and
// default's descriptions.
//
// Thread safety: pure functions.
#ifndef EDP_FRAMEWORK_DOCS_H_
#define EDP_FRAMEWORK_DOCS_H_

#include <string>
#include <string_view>

#include "framework/schema.h"

namespace framework {

enum class DocKind { kProvider, kResource, kDataSource };

struct DocOptions {
  DocKind kind = DocKind::kResource;
  std::string name;         // "edp_vpc", or the provider name "edp"
  std::string subcategory;  // front-matter subcategory ("VPC"), optional
  std::string example_hcl;  // optional "## Example Usage" body
  // Resources: the import ID format ("<vpc_id>"); empty means "the `id`".
  std::string import_id_format;
  bool importable = true;
};

std::string GenerateMarkdown(const Schema& schema, const DocOptions& options);

// "String", "Number", "Bool", "List of String", "Map of Number",
// "Set of Object", "Dynamic"; nested attributes "Attributes List" etc.
std::string DocTypeName(const Attribute& attribute);

}  // namespace framework

#endif  // EDP_FRAMEWORK_DOCS_H_
