// `edp-stack stack generate [DIR]` and `edp-stack stack clean [DIR]`
// (terragrunt stack generate / stack clean; docs/edp-stack.md "stack").
//
// generate: stack::Generate over DIR (default: --working-dir, else the
// current directory). Progress lines go to `err` ("Generating stack from
// F"); each component directory removed because no stack lists it any more
// is printed on `out` as "removed: PATH" (relative to DIR). Errors are
// rendered diagnostics with source snippets on `err`; status 1. No stack
// files: a warning "No stack files found in DIR Nothing to generate." and
// status 0. SIGINT/SIGTERM during generation stop it, leave the previous
// tree in place and give status 1.
//
// clean: deletes every .terragrunt-stack under DIR, printing "Deleting
// stack directory: PATH" on `err` for each.
//
// Thread safety: one call at a time per process (installs signal handlers).
#ifndef EDP_ORCHESTRATOR_CLI_STACK_H_
#define EDP_ORCHESTRATOR_CLI_STACK_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace edp::stack {

struct StackGenerateOptions {
  std::string dir;                       // positional DIR; "" = working_dir
  std::string working_dir;               // --working-dir / TG_WORKING_DIR
  int parallelism = 0;                   // --parallelism / TG_PARALLELISM; 0 = CPUs
  bool no_stack_validate = false;        // --no-stack-validate / TG_NO_STACK_VALIDATE
  bool source_update = false;            // --source-update / TG_SOURCE_UPDATE
  std::string download_dir;              // --download-dir / TG_DOWNLOAD_DIR
  std::vector<std::string> experiments;  // --experiment / TG_EXPERIMENT (comma-separated too)
  bool experiment_mode = false;          // --experiment-mode / TG_EXPERIMENT_MODE
};

int RunStackGenerate(const StackGenerateOptions& options, std::ostream& out, std::ostream& err);
int RunStackClean(const std::string& dir, const std::string& working_dir, std::ostream& out, std::ostream& err);

}  // namespace edp::stack

#endif  // EDP_ORCHESTRATOR_CLI_STACK_H_
