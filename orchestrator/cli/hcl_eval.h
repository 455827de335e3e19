// `edp-stack hcl eval FILE [--json]`: parses an HCL file (native syntax;
// HCL's JSON syntax for names ending in .json, read through the block schema
// of edp::tools::EvalSchemaBodyJSON), evaluates every attribute (recursively through blocks) with the OpenTofu
// function library (funcs::Standard, file functions relative to FILE's
// directory; no variables) and prints
//
//   {"attributes":{NAME:{"type":T,"value":V}},
//    "blocks":[{"type":S,"labels":[S...],"body":BODY}]}
//
// and a newline (edp::tools::EvalBodyJSON; T in cty's JSON type notation, V
// in cty's JSON value encoding). JSON is the only output format; `--json`
// states it explicitly, as Terragrunt's commands do.
//
// On syntax or evaluation errors the rendered diagnostics go to `err`,
// nothing goes to `out`, and the status is 1.
//
// Thread safety: reentrant.
#ifndef EDP_ORCHESTRATOR_CLI_HCL_EVAL_H_
#define EDP_ORCHESTRATOR_CLI_HCL_EVAL_H_

#include <iosfwd>
#include <string>

namespace edp::stack {

int RunHclEval(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace edp::stack

#endif  // EDP_ORCHESTRATOR_CLI_HCL_EVAL_H_
