// `edp-stack hcl fmt`: rewrites HCL files into the canonical layout of
// hcl::Format (== hclwrite.Format, `terragrunt hcl fmt`, `tofu fmt`).
//
// Paths name files (formatted whatever their extension) or directories
// (searched recursively for *.hcl and *.tf, skipping .terragrunt-cache,
// .terragrunt-stack, .terraform and .git directories and not following
// symlinked directories); no paths means the current directory. "-" (or
// `stdin`) formats standard input to standard output.
//
// Each file is parsed first: a file with syntax errors is reported (rendered
// diagnostics, starting with a "FILE:LINE:COL: summary" line) and left
// untouched. Otherwise, if formatting changes it:
//   - check: its path is printed and nothing is written;
//   - diff:  a unified diff (--- a/PATH, +++ b/PATH) is printed;
//   - unless check, the file is replaced atomically (a temporary file in
//     the same directory, same permission bits, fsync, rename; for a
//     symlink, its target is replaced) and its path is printed.
//
// Exit status: 0 when every file was fine; 1 when any file had errors or
// could not be read/written, or (check) when any file needs formatting.
//
// Thread safety: not for concurrent use on overlapping paths.
#ifndef EDP_ORCHESTRATOR_CLI_HCL_FMT_H_
#define EDP_ORCHESTRATOR_CLI_HCL_FMT_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace edp::stack {

struct FmtOptions {
  bool check = false;
  bool diff = false;
  bool use_stdin = false;          // format stdin to stdout (like path "-")
  std::vector<std::string> paths;  // files or directories
};

int RunHclFmt(const FmtOptions& opts, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace edp::stack

#endif  // EDP_ORCHESTRATOR_CLI_HCL_FMT_H_
