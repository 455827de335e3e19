// `stack generate` and `stack clean` (features.md 1.1, 1.6).
//
// Generate finds every terragrunt.stack.hcl under the working directory
// (not inside .terragrunt-stack, .git, .terraform or .terragrunt-cache) and
// materialises each one's components:
//   - a unit or stack is copied from its source (orchestrator/source) to
//     <stack dir>/.terragrunt-stack/<path> (or <stack dir>/<path> with
//     no_dot_terragrunt_stack), then its `values` are written to
//     terragrunt.values.hcl;
//   - the copy must contain terragrunt.hcl (unit) or terragrunt.stack.hcl
//     (stack) unless no_validation, no_dot_terragrunt_stack or
//     no_stack_validate (then a warning);
//   - generated stacks are parsed and generated in the next level, up to
//     1024 levels ("cycle detected: maximum level (1024) exceeded").
// Components of one level are generated in parallel (`parallelism`).
//
// Atomicity: each stack file's .terragrunt-stack is built in a sibling
// .terragrunt-stack.tmp-XXXXXX and only swapped into place (renameat2
// RENAME_EXCHANGE) when everything succeeded; on any error or
// cancellation the temporary tree is deleted and the previous tree is left
// as it was. no_dot_terragrunt_stack components are built beside their
// target and then moved in file by file (the directory may hold other
// files of the user's; they are kept).
//
// Unlike Terragrunt, generating again removes component directories the
// stack no longer lists (each is reported in `removed`); runtime files of
// units that stay (.terragrunt-cache, .terraform, terraform.tfstate*,
// .terraform.lock.hcl) are carried over unless `source_update`. A removed
// unit that holds a terraform.tfstate is an error: nothing is changed, so
// local state is never deleted by generate.
//
// Clean deletes every .terragrunt-stack directory (and leftover
// .terragrunt-stack.tmp-* trees of interrupted runs) under the directory.
//
// Thread safety: one Generate/Clean per directory tree at a time.
#ifndef EDP_ORCHESTRATOR_STACK_GENERATE_H_
#define EDP_ORCHESTRATOR_STACK_GENERATE_H_

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/stack_file.h"
#include "hcl/diagnostic.h"

namespace stack {

inline constexpr int kMaxLevels = 1024;

struct GenerateOptions {
  std::filesystem::path working_dir;  // REQUIRES: absolute
  int parallelism = 0;                // <= 0: the number of CPUs
  bool no_stack_validate = false;     // --no-stack-validate: validation failures become warnings
  bool source_update = false;         // --source-update: fetch git sources again; carry nothing over
  std::filesystem::path download_dir; // --download-dir; empty: source::CacheDir's default
  config::StackParseOptions parse;    // experiments, getenv
  // Progress lines ("Generating stack from ..."), warnings; may be unset.
  std::function<void(const std::string&)> info, warn;
  const std::atomic<bool>* cancel = nullptr;  // set: stop as soon as possible
};

struct GenerateReport {
  std::vector<std::filesystem::path> stack_files;  // root stack files processed
  std::vector<std::filesystem::path> generated;    // component directories (final paths), sorted
  std::vector<std::filesystem::path> removed;      // component directories removed, sorted
  hcl::Diagnostics diags;                          // errors (file:line:col) and warnings
  // Source text of the files named in diags, for rendering snippets.
  std::map<std::string, std::string> sources;
  bool ok() const { return !diags.HasErrors(); }
};

GenerateReport Generate(const GenerateOptions& options);

// Stack files under `dir`, shallowest first (then by path).
std::vector<std::filesystem::path> FindStackFiles(const std::filesystem::path& dir);

struct CleanReport {
  std::vector<std::filesystem::path> deleted;
  std::vector<std::string> errors;  // each names the path and the reason
};

CleanReport Clean(const std::filesystem::path& dir);

}  // namespace stack

#endif  // EDP_ORCHESTRATOR_STACK_GENERATE_H_
