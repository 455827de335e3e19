// Internal: schema-driven access to JSON-syntax bodies (hcl/v2/json
// structure.go body). Called by body.cc when Body::IsJSON().
#ifndef EDP_HCL_SRC_JSON_BODY_H_
#define EDP_HCL_SRC_JSON_BODY_H_

#include "hcl/body.h"

namespace hcl {

ContentResult JSONContent(const Body& body, const BodySchema& schema);
ContentResult JSONPartialContent(const Body& body, const BodySchema& schema);
AttributesResult JSONJustAttributes(const Body& body);

}  // namespace hcl

#endif  // EDP_HCL_SRC_JSON_BODY_H_
