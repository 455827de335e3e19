// `edp-stack render [--json | --format hcl|json] [--write] [--out FILE]
// [--feature NAME=VALUE]... [DIR]`: the fully evaluated configuration of
// one unit, like `terragrunt render` (features.md 7): includes merged,
// locals, features and functions evaluated, dependency outputs replaced by
// their mock_outputs (render always allows mocks; a dependency without
// mocks is an error naming it, since edp-stack does not run tofu here).
//
// Output: HCL by default (terragrunt.hcl syntax), JSON with --json (two-space
// indented, keys sorted; shape in docs/edp-stack.md). --write writes
// terragrunt.rendered.json (or .hcl) next to the unit's terragrunt.hcl
// instead of printing; --out FILE names the file (relative paths are
// relative to the unit directory) and implies --write. Files are written
// atomically (a temporary file beside it, synced, renamed).
//
// DIR defaults to --working-dir (TG_WORKING_DIR) or the current directory.
// On errors the rendered diagnostics (file:line:col and the source line)
// go to `err`, nothing is written, and the status is 1.
//
// Thread safety: reentrant.
#ifndef EDP_ORCHESTRATOR_CLI_RENDER_H_
#define EDP_ORCHESTRATOR_CLI_RENDER_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace edp::stack {

struct RenderOptions {
  std::string dir;          // unit directory or terragrunt.hcl; "" = working_dir or "."
  std::string working_dir;  // --working-dir
  std::string format;       // "", "hcl" or "json"
  bool json = false;
  bool write = false;
  std::string out;  // --out
  std::vector<std::string> features;  // NAME=VALUE (--feature, TG_FEATURE split on ',')
};

int RunRender(const RenderOptions& options, std::ostream& out, std::ostream& err);

}  // namespace edp::stack

#endif  // EDP_ORCHESTRATOR_CLI_RENDER_H_
