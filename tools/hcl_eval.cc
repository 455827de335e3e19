// hcl-eval FILE: parses an HCL file (native syntax, or JSON syntax for
// names ending in .json), evaluates every attribute
// (no variables; can/try, and the function library when built with it) and prints the
// document described in hcl_eval_json.h followed by a newline. On any error
// the rendered diagnostics go to stderr and the exit status is 1.
//
// The C++ half of the HCL differential test (tests/golang_hcl).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "hcl/json.h"
#include "hcl/parse.h"
#include "hcl_eval_json.h"
#if EDP_HCL_EVAL_HAVE_FUNCS
#include "funcs/funcs.h"
#endif

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: hcl-eval FILE\n";
    return 2;
  }
  const std::string path = argv[1];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "hcl-eval: cannot read " << path << "\n";
    return 1;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string src = buf.str();

  auto lookup = [&](const std::string& name) -> std::string_view {
    return name == path ? std::string_view(src) : std::string_view();
  };

  // NAME.json (.hcl.json, .tf.json): HCL's JSON syntax, read through the
  // block schema of EvalSchemaBodyJSON.
  const bool is_json = hcl::IsJSONFilename(path);
  hcl::ParsedFile parsed = is_json ? hcl::ParseJSON(src, path) : hcl::ParseConfig(src, path);
  if (parsed.diags.HasErrors()) {
    std::cerr << hcl::RenderDiagnostics(parsed.diags, lookup);
    return 1;
  }
  hcl::EvalContext ctx;
#if EDP_HCL_EVAL_HAVE_FUNCS
  ctx.functions = funcs::Standard();
#endif
  ctx.closure_functions = hcl::TryFunctions();  // can, try
  hcl::Diagnostics diags;
  auto doc = is_json ? edp::tools::EvalSchemaBodyJSON(parsed.file.body, ctx, &diags)
                     : edp::tools::EvalBodyJSON(parsed.file.body, ctx, &diags);
  if (!doc) {
    std::cerr << hcl::RenderDiagnostics(diags, lookup);
    return 1;
  }
  std::cout << *doc << "\n";
  return 0;
}
