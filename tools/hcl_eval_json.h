// The JSON document `hcl-eval FILE` (and later `edp-stack hcl eval FILE
// --json`) prints for an evaluated native-syntax body:
//
//   {"attributes":{NAME:{"type":T,"value":V}},
//    "blocks":[{"type":S,"labels":[S...],"body":BODY}]}
//
// BODY has the same shape recursively; T is cty's JSON type notation
// (Type::ToJSON), V cty's JSON value encoding (cty::json::Marshal);
// attributes sorted by name, blocks in source order. Compact, no trailing
// newline. The reference twin is tests/golang_hcl/hcl_eval/main.go: both
// must print byte-identical documents.
//
// Thread safety: pure functions.
#ifndef EDP_TOOLS_HCL_EVAL_JSON_H_
#define EDP_TOOLS_HCL_EVAL_JSON_H_

#include <optional>
#include <string>

#include "hcl/body.h"
#include "hcl/diagnostic.h"
#include "hcl/expression.h"

namespace edp::tools {

// Evaluates every attribute of `body` (recursively through its blocks) in
// `ctx` and returns the document. Evaluation diagnostics are appended to
// `diags`; on any error (including a value JSON cannot encode: unknown,
// infinite, marked) the result is nullopt.
std::optional<std::string> EvalBodyJSON(const hcl::Body& body, const hcl::EvalContext& ctx,
                                        hcl::Diagnostics* diags);

// The block types hcl-eval recognises in JSON-syntax files, at every nesting
// level (JSON bodies need a schema to tell blocks from attributes):
// resource/data (labels type, name), variable/output/module/provider (name),
// locals/terraform/lifecycle/block (no labels). Mirrored in main.go.
hcl::BodySchema EvalJSONSchema();

// Like EvalBodyJSON, for any body (native or JSON) read through the schema:
// PartialContent(EvalJSONSchema()) gives the blocks, JustAttributes of the
// remaining body the attributes; schema diagnostics count as errors.
std::optional<std::string> EvalSchemaBodyJSON(const hcl::Body& body, const hcl::EvalContext& ctx,
                                              hcl::Diagnostics* diags);

}  // namespace edp::tools

#endif  // EDP_TOOLS_HCL_EVAL_JSON_H_
