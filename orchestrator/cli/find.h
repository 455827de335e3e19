// `edp-stack find` and `edp-stack dag graph`: discovery plus the dependency
// graph without running anything (features.md 5.2, 5.3, 7).
//
//   edp-stack find [--json] [--dag] [--dependencies] [--external] [--hidden]
//                  [--queue-construct-as plan|destroy] [--queue-include-dir GLOB]...
//                  [--queue-exclude-dir GLOB]... [--queue-include-external]
//                  [--working-dir DIR]
//   edp-stack dag graph [same selection flags]
//
// Stacks under the working directory are generated first (as `run --all`
// does), then every unit's terragrunt.hcl is parsed once, in parallel, in
// discovery mode (dependency outputs are never fetched), and the DAG is
// built from `dependency` and `dependencies` blocks. `find` prints one path
// per line, units and stacks in path order (relative to the working dir;
// --json: an array of {"type": "unit"|"stack", "path"[, "dependencies"]}
// objects); --dag: units only (stacks are never run), in queue order.
// `dag graph` prints DOT like `terragrunt dag graph`.
//
// Errors (parse errors with file:line:col and the source line, a missing
// dependency naming the unit, a cycle naming its path) go to `err`; the
// status is then 1.
//
// Thread safety: reentrant.
#ifndef EDP_ORCHESTRATOR_CLI_FIND_H_
#define EDP_ORCHESTRATOR_CLI_FIND_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace edp::stack {

struct FindOptions {
  std::string working_dir;  // --working-dir; "" = current directory
  bool json = false;
  bool dag = false;
  bool dependencies = false;  // include each unit's dependencies (text: "path: dep, dep")
  bool external = false;      // also list external dependencies
  bool hidden = false;        // walk hidden directories
  bool no_generate = false;   // skip generating stacks first
  std::string construct_as;   // "", "plan", "apply", "destroy" (--queue-construct-as)
  std::vector<std::string> include_dirs, exclude_dirs;
  bool include_external = false;
  // Accepted for compatibility; both are the default behaviour.
  bool exclude_external = false, strict_include = false;
  int parallelism = 0;  // parse threads; <= 0: the number of CPUs
};

int RunFind(const FindOptions& options, std::ostream& out, std::ostream& err);
int RunDagGraph(const FindOptions& options, std::ostream& out, std::ostream& err);

}  // namespace edp::stack

#endif  // EDP_ORCHESTRATOR_CLI_FIND_H_
