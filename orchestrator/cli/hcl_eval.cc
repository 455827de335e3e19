#include "cli/hcl_eval.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "funcs/funcs.h"
#include "hcl/json.h"
#include "hcl/parse.h"
#include "hcl_eval_json.h"

namespace edp::stack {

int RunHclEval(const std::string& path, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    err << "edp-stack hcl eval: " << path << " is a directory; name an HCL file\n";
    return 1;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "edp-stack hcl eval: cannot read " << path << ": no such file or not readable\n";
    return 1;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string src = buf.str();
  auto lookup = [&](const std::string& name) {
    return name == path ? std::string_view(src) : std::string_view();
  };

  const bool is_json = hcl::IsJSONFilename(path);
  hcl::ParsedFile parsed = is_json ? hcl::ParseJSON(src, path) : hcl::ParseConfig(src, path);
  if (parsed.diags.HasErrors()) {
    err << hcl::RenderDiagnostics(parsed.diags, lookup);
    return 1;
  }
  funcs::StandardOptions fopts;
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  fopts.base_dir = dir.empty() ? "." : dir.string();
  hcl::EvalContext ctx = funcs::StandardContext(fopts);
  hcl::Diagnostics diags;
  std::optional<std::string> doc = is_json ? edp::tools::EvalSchemaBodyJSON(parsed.file.body, ctx, &diags)
                                           : edp::tools::EvalBodyJSON(parsed.file.body, ctx, &diags);
  if (!doc) {
    err << hcl::RenderDiagnostics(diags, lookup);
    if (diags.empty()) err << "edp-stack hcl eval: " << path << ": a value cannot be printed as JSON\n";
    return 1;
  }
  out << *doc << "\n";
  return 0;
}

}  // namespace edp::stack
