// The Terragrunt functions (features.md 4.1) as cty functions, evaluated
// relative to the configuration being parsed, plus the evaluation context a
// terragrunt.hcl / terragrunt.stack.hcl expression sees: the OpenTofu
// functions (lib/funcs, file functions relative to the config's
// directory), can/try, and these.
//
// Paths follow Terragrunt (pkg/config/config_helpers.go):
//   - get_terragrunt_dir() is the directory of `terragrunt_dir` (for an
//     included file evaluated for a child: the child's), and
//     find_in_parent_folders() starts in that directory's parent (the
//     directory itself is never checked) and returns an absolute path.
//   - path_relative_to_include() / path_relative_from_include() /
//     get_parent_terragrunt_dir() pick the include by label when the child
//     has several (with one include the label is ignored, as Terragrunt
//     does); inside the included file itself (config_file is one of
//     include_paths) they use that include. No include: "." (and
//     get_parent_terragrunt_dir() = get_terragrunt_dir()).
//   - read_terragrunt_config() resolves a relative path against
//     get_terragrunt_dir(); read_tfvars_file(), mark_as_read() and the
//     get_*repo_root() functions against `unit_dir` (Terragrunt's working
//     directory: the unit the invocation is for).
// Results use '/' separators; relative results have no "./" prefix.
//
// Errors carry Terragrunt's texts where Terragrunt defines them
// ("ParentFileNotFoundError: Could not find a X in any of the parent
// folders of Y. Cause: Traversed all the way to the root.",
// "EnvVarNotFoundError: Required environment variable X - not found", ...);
// HCL shows them as `Call to function "f" failed: <text>.` at the call.
//
// Also Terragrunt's constraint_check(version, constraint) (hashicorp
// go-version rules, pre-releases included), deep_merge(...) (only with the
// "deep-merge" experiment) and get_terragrunt_source_cli_flag().
// Not provided: mark_glob_as_read.
//
// Functions Terragrunt offers that call AWS or SOPS (get_aws_account_id,
// get_aws_account_alias, get_aws_caller_identity_arn,
// get_aws_caller_identity_user_id, sops_decrypt_file) exist and fail with
// "<name> is not supported by edp-stack: ...".
//
// Thread safety: a FunctionContext is shared by the functions built from it
// and must outlive them; the functions may be called from several threads
// only if the FunctionContext's callbacks are thread-safe and `files_read`
// is not shared between threads. RunCmdCache is internally synchronised
// and may be shared by a whole invocation.
#ifndef EDP_ORCHESTRATOR_CONFIG_FUNCTIONS_H_
#define EDP_ORCHESTRATOR_CONFIG_FUNCTIONS_H_

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cty/function.h"
#include "cty/value.h"
#include "hcl/expression.h"

namespace config {

// Per-invocation memo of expensive, context-free results: run_cmd outputs
// (keyed by directory + command line, or by command line alone with
// `--terragrunt-global-cache`), git repository roots and
// find_in_parent_folders() lookups. A key's producer runs at most once at a
// time; a failed producer caches nothing, so a later call retries.
class RunCmdCache {
 public:
  struct Entry {
    std::string value;   // what the function returns
    std::string stdout_text, stderr_text;  // run_cmd: the raw output
    bool replayed = false;  // run_cmd: output already shown once
  };

  std::optional<std::string> Get(const std::string& key) const;
  void Put(const std::string& key, std::string output);

  // The entry for `key`, produced by `produce` when absent (concurrent
  // callers for the same key wait for the first). On failure `produce`
  // returns false and sets *error; nothing is cached. `on_hit` (optional)
  // runs under the entry's lock with the cached entry, e.g. to replay its
  // output once.
  bool GetOrProduce(const std::string& key, const std::function<bool(Entry* out, std::string* error)>& produce,
                    Entry* result, std::string* error, bool* was_cached = nullptr);
  // Marks the entry's output as replayed; returns true for the first caller.
  bool MarkReplayed(const std::string& key);

 private:
  struct Slot {
    std::mutex mu;
    bool done = false;
    Entry entry;
  };
  std::shared_ptr<Slot> SlotFor(const std::string& key) const;

  mutable std::mutex mu_;
  mutable std::map<std::string, std::shared_ptr<Slot>> slots_;
};

struct FunctionContext {
  // The configuration file being parsed (absolute). File functions (file(),
  // templatefile(), ...) resolve relative paths against its directory.
  std::filesystem::path config_file;
  // Directory of the unit being processed (get_terragrunt_dir()); for an
  // included file parsed for a child: the child's directory. Inside
  // read_terragrunt_config(): the directory of the file being read. In a
  // stack file: the stack file's directory. Empty: config_file's directory.
  std::filesystem::path terragrunt_dir;
  // get_original_terragrunt_dir(): the unit the whole invocation is for
  // (differs from terragrunt_dir inside read_terragrunt_config()).
  // Empty: terragrunt_dir.
  std::filesystem::path original_terragrunt_dir;
  // Terragrunt's working directory (the unit being run): relative paths of
  // read_tfvars_file()/mark_as_read() and the git lookups of
  // get_repo_root()/get_path_from_repo_root()/get_path_to_repo_root().
  // Empty: original_terragrunt_dir.
  std::filesystem::path unit_dir;
  // Includes of the child, by label ("" for a bare include), as absolute
  // paths: path_relative_to_include() etc. For a file parsed as an include
  // of a child, pass the child's includes unchanged: the entry equal to
  // config_file is what "the include" means there.
  std::map<std::string, std::filesystem::path> include_paths;
  // What get_working_dir() returns: Terragrunt returns the unit's
  // .terragrunt-cache working directory; in a stack file the stack file's
  // directory. Empty: get_terragrunt_dir().
  std::filesystem::path working_dir;
  // get_terraform_command() / get_terraform_cli_args().
  std::string terraform_command;
  std::vector<std::string> terraform_cli_args;
  // get_terragrunt_source_cli_flag(): --source / TG_SOURCE, "" when unset.
  std::string source;
  // Enabled experiments (--experiment / TG_EXPERIMENT): "deep-merge"
  // enables deep_merge().
  std::vector<std::string> experiments;
  // get_env(); unset: the process environment.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // read_terragrunt_config(path, default?): the caller parses the file
  // (config.h) and returns its attributes/blocks as an object. Called with
  // the cleaned absolute path of an existing file (a directory argument has
  // had terragrunt.hcl / terragrunt.hcl.json appended). Unset: the function
  // fails with a message saying so.
  std::function<cty::FuncResult<cty::Value>(const std::filesystem::path&)> read_terragrunt_config;
  // Every file read through read_terragrunt_config/read_tfvars_file/
  // mark_as_read (absolute, de-duplicated, in call order), for
  // --queue-include-units-reading. Unset: not recorded.
  std::shared_ptr<std::vector<std::string>> files_read;
  // Shared by the invocation. Unset: TerragruntFunctions() makes one for
  // the functions it returns.
  std::shared_ptr<RunCmdCache> run_cmd_cache;
  // false: run_cmd fails without running anything (fuzzing, untrusted input).
  bool allow_run_cmd = true;
  // Where run_cmd output goes. Terragrunt shows a command's stdout (unless
  // --terragrunt-quiet) and its stderr once per cached command.
  // Unset: stdout is not shown, stderr goes to this process's stderr.
  std::function<void(std::string_view text)> run_cmd_stdout;
  std::function<void(std::string_view text)> run_cmd_stderr;
  // Debug log ("run_cmd output: [...]", "[REDACTED]" with
  // --terragrunt-quiet). Unset: nothing is logged.
  std::function<void(const std::string& line)> debug_log;

  // The effective directories (the fallbacks above applied).
  std::filesystem::path TerragruntDir() const;
  std::filesystem::path OriginalTerragruntDir() const;
  std::filesystem::path UnitDir() const;
};

// The Terragrunt functions alone (names as Terragrunt spells them).
cty::FunctionTable TerragruntFunctions(std::shared_ptr<const FunctionContext> ctx);

// An EvalContext with the OpenTofu functions (file functions relative to
// the directory of ctx->config_file), can/try, and TerragruntFunctions(ctx),
// which win over same-named OpenTofu functions. The OpenTofu table is built
// once per directory and shared (it sits in the returned context's
// `parent`, which lives for the whole process). Variables are the caller's
// to add.
hcl::EvalContext TerragruntEvalContext(std::shared_ptr<const FunctionContext> ctx);

// Terragrunt's lists, exposed for the runner (injected -input=false, the
// default retry rule).
const std::vector<std::string>& TerraformCommandsNeedingVars();
const std::vector<std::string>& TerraformCommandsNeedingLocking();
const std::vector<std::string>& TerraformCommandsNeedingInput();
const std::vector<std::string>& TerraformCommandsNeedingParallelism();
const std::vector<std::string>& DefaultRetryableErrors();

}  // namespace config

#endif  // EDP_ORCHESTRATOR_CONFIG_FUNCTIONS_H_
