// Running a program without a shell: argv is passed as is (posix_spawnp),
// so nothing in it is interpreted. Standard output and standard error are
// captured; standard input is /dev/null unless `inherit_stdin` (run_cmd
// lets the command read edp-stack's standard input, as Terragrunt does).
// Used by the git sources here and by run_cmd / get_repo_root in config.
//
// Thread safety: reentrant (each call spawns its own child and pipes).
#ifndef EDP_ORCHESTRATOR_SOURCE_PROCESS_H_
#define EDP_ORCHESTRATOR_SOURCE_PROCESS_H_

#include <map>
#include <string>
#include <vector>

namespace source {

struct ProcessResult {
  bool started = false;  // false: the program could not be run (see error)
  int exit_code = -1;    // exit status; 128+N when killed by signal N
  int signal = 0;        // N when killed by signal N, else 0
  std::string out, err;
  std::string error;  // why it did not start ("No such file or directory"); callers name the program
};

// Runs argv[0] (looked up in PATH) with `argv`, in `cwd` when not empty,
// with the process environment plus `env` (which overrides).
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd = "",
                         const std::map<std::string, std::string>& env = {}, bool inherit_stdin = false);

}  // namespace source

#endif  // EDP_ORCHESTRATOR_SOURCE_PROCESS_H_
