// Schema self-check: OpenTofu's configschema.InternalValidate rules
// (rpcs.md §1.5) plus the framework's own (defaults, write-only, plan
// modifiers), so a bad schema fails a unit test instead of crashing
// `tofu init` on users' machines.
//
// Rules checked, each reported as an error naming the attribute path:
//  - names match [a-z0-9_]+; attribute and block names do not collide;
//  - an attribute is required, optional or computed (at least one), not
//    required together with optional or computed; `type` xor `nested`;
//    types are not Dynamic-only inside set blocks/attributes;
//  - single blocks: min = max in {0, 1}; group: min = max = 0; list/set:
//    0 <= min, max = 0 or min <= max; map: min = max = 0;
//  - set blocks and set-nested attributes contain no write-only or dynamic
//    attributes; nested attributes are never kGroup;
//  - defaults only on optional+computed attributes, of the attribute's
//    exact type and wholly known; write-only attributes are not computed,
//    have no default and appear only in resources;
//  - provider schemas have no computed attributes; `version` >= 0;
//  - with `protocol5`, no nested attributes (protocol 6 only).
//
// Thread safety: pure function.
#ifndef EDP_FRAMEWORK_SCHEMA_CHECK_H_
#define EDP_FRAMEWORK_SCHEMA_CHECK_H_

#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework {

enum class SchemaKind { kProvider, kResource, kDataSource };

struct SchemaCheckOptions {
  SchemaKind kind = SchemaKind::kResource;
  bool protocol5 = false;  // also require protocol 5 compatibility
};

tfplugin::Diagnostics CheckSchema(const Schema& schema, SchemaCheckOptions options);

}  // namespace framework

#endif  // EDP_FRAMEWORK_SCHEMA_CHECK_H_
