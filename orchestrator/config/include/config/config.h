// terragrunt.hcl: the decoded configuration of one unit (features.md 2),
// read with Terragrunt's parse phases (3.1) and include merge rules (3.3).
//
// A Loader is one invocation's view of the files: every file is read and
// parsed once, includes and read_terragrunt_config() results are memoised
// by (file, evaluation context), and LoadUnit may be called from several
// threads at once (discovery parses units in parallel).
//
// Errors are hcl::Diagnostics with file:line:col ranges: syntax errors,
// unknown blocks/attributes (rejected as Terragrunt rejects them), missing
// include files, unknown functions, cycles between includes, values the
// unit reads that the stack did not set.
//
// Thread safety: Loader is safe for concurrent use; UnitConfig is immutable
// once returned.
#ifndef EDP_ORCHESTRATOR_CONFIG_CONFIG_H_
#define EDP_ORCHESTRATOR_CONFIG_CONFIG_H_

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cty/value.h"
#include "hcl/diagnostic.h"
#include "hcl/pos.h"

namespace config {

struct ExtraArguments {
  std::string name;
  std::vector<std::string> commands, arguments, required_var_files, optional_var_files;
  std::map<std::string, std::string> env_vars;
};

struct Hook {
  std::string name;
  std::vector<std::string> commands, execute;
  std::optional<std::string> working_dir;
  std::optional<bool> run_on_error, suppress_stdout;
  cty::Value if_condition;  // `if`, null when absent
  std::vector<std::string> on_errors;  // error_hook only
};

struct TerraformBlock {
  std::optional<std::string> source;
  std::optional<std::string> version;  // tfr:// constraint
  std::vector<ExtraArguments> extra_arguments;
  std::vector<Hook> before_hooks, after_hooks, error_hooks;
  std::vector<std::string> include_in_copy, exclude_from_copy;
  std::optional<bool> copy_terraform_lock_file;
};

struct RemoteState {
  std::string backend;
  std::optional<bool> disable_init, disable_dependency_optimization;
  std::optional<std::string> generate_path, generate_if_exists;  // generate = {path, if_exists}
  cty::Value config;  // object
  cty::Value encryption;  // null when absent
};

struct GenerateBlock {
  std::string name, path, if_exists = "overwrite_terragrunt", if_disabled = "skip", comment_prefix = "# ",
                        contents;
  bool disable_signature = false, disable = false;
  std::optional<bool> hcl_fmt;
};

struct IncludeBlock {
  std::string name;  // label; "" for a bare include
  std::filesystem::path path;  // absolute
  bool expose = false;
  std::string merge_strategy = "shallow";  // no_merge | shallow | deep
  hcl::Range range;
};

struct DependencyBlock {
  std::string name;
  std::filesystem::path config_path;  // absolute directory of the dependency
  std::optional<bool> enabled, skip_outputs;
  cty::Value mock_outputs;  // null when absent
  std::vector<std::string> mock_outputs_allowed_terraform_commands;
  std::string mock_outputs_merge_strategy_with_state;  // "" | no_merge | shallow | deep_map_only
  hcl::Range range;
  // dependency.<name>.outputs as the unit saw them: the real outputs, the
  // mocks, unknown (discovery) or null (disabled/skip_outputs without mocks).
  cty::Value outputs;
  bool Enabled() const { return enabled.value_or(true); }
};

struct FeatureBlock {
  std::string name;
  cty::Value default_value;
  cty::Value value;  // feature.<name>.value: the default or the --feature override
};

struct ExcludeBlock {
  bool if_condition = false;
  std::vector<std::string> actions;
  std::optional<bool> exclude_dependencies, no_run;
};

struct RetryBlock {
  std::string label;
  std::vector<std::string> retryable_errors;
  int max_attempts = 3;
  int sleep_interval_sec = 5;
};
struct IgnoreBlock {
  std::string label;
  std::vector<std::string> ignorable_errors;
  std::string message;
  cty::Value signals;  // map, null when absent
};
struct ErrorsBlock {
  std::vector<RetryBlock> retry;
  std::vector<IgnoreBlock> ignore;
};

struct UnitConfig {
  std::filesystem::path config_file;  // absolute path of terragrunt.hcl
  std::optional<TerraformBlock> terraform;
  std::optional<RemoteState> remote_state;
  std::vector<GenerateBlock> generate;
  std::vector<IncludeBlock> includes;
  std::map<std::string, cty::Value> locals;  // the unit's own (never merged)
  cty::Value inputs;                         // object; null when none
  std::vector<DependencyBlock> dependency_blocks;
  std::vector<std::filesystem::path> dependencies;  // dependencies.paths, absolute
  std::vector<FeatureBlock> features;
  std::optional<ExcludeBlock> exclude;
  std::optional<ErrorsBlock> errors;
  std::optional<bool> prevent_destroy;
  std::optional<std::string> download_dir, terraform_binary, terraform_version_constraint,
      terragrunt_version_constraint, iam_role, iam_assume_role_session_name, iam_web_identity_token;
  std::optional<int> iam_assume_role_duration;
  // Files read through read_terragrunt_config/read_tfvars_file/mark_as_read
  // and includes (absolute), for `reading=` filters.
  std::vector<std::string> files_read;

  // The directories this unit depends on: enabled dependency blocks'
  // config_path and dependencies.paths, de-duplicated, in that order.
  std::vector<std::filesystem::path> DependencyDirs() const;
};

struct LoadOptions {
  // Discovery's partial parse (features.md 3.2): include, locals, feature,
  // dependency and dependencies, terraform.source, exclude, errors,
  // remote_state, flags; dependency outputs are never fetched (`dependency.X.outputs`
  // are unknown). False: the full parse of 3.1.
  bool discovery = false;
  // `render`: mock_outputs are used whenever set (features.md 5.4 "render
  // always allows mocks"), whatever mock_outputs_allowed_terraform_commands says.
  bool always_allow_mocks = false;
  // false: run_cmd fails without running anything (the fuzz target).
  bool allow_run_cmd = true;
  std::filesystem::path working_dir;
  std::string terraform_command;  // "plan", "apply", ...
  std::vector<std::string> terraform_cli_args;
  std::function<std::optional<std::string>(const std::string&)> getenv;  // default: process env
  std::map<std::string, cty::Value> feature_overrides;  // --feature name=value
  // Full parse: the outputs of the unit in `dir` (an object), or an error;
  // not set: mock_outputs where allowed, else an error naming the dependency.
  std::function<std::optional<cty::Value>(const std::filesystem::path& dir, std::string* error)>
      dependency_outputs;
};

struct LoadResult {
  std::shared_ptr<const UnitConfig> config;  // null when diags has errors
  hcl::Diagnostics diags;
};

class Loader {
 public:
  explicit Loader(LoadOptions options);
  ~Loader();
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // Loads the unit whose terragrunt.hcl is `config_file` (or the directory
  // holding it). Memoised per file for the Loader's lifetime.
  LoadResult LoadUnit(const std::filesystem::path& config_file);

  // The whole evaluated configuration as `terragrunt render --json` prints
  // it (blocks as objects keyed by label, attributes by name).
  static cty::Value Render(const UnitConfig& unit);
  // Render's value as terragrunt.hcl source (blocks as blocks, formatted like
  // `hcl fmt`), what `render` prints without --json. Unknown values print
  // as null.
  static std::string RenderHCL(const cty::Value& rendered);

  // The source text of a file this Loader read (for rendering diagnostics
  // with snippets); empty when unknown. Valid for the Loader's lifetime.
  std::string_view Source(const std::string& filename) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace config

#endif  // EDP_ORCHESTRATOR_CONFIG_CONFIG_H_
