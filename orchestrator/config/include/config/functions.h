// The Terragrunt functions (features.md 4.1) as cty functions, evaluated
// relative to the configuration being parsed, plus the evaluation context a
// terragrunt.hcl / terragrunt.stack.hcl expression sees: the OpenTofu
// functions (lib/funcs, file functions relative to the config's
// directory), can/try, and these.
//
// Paths follow Terragrunt: get_terragrunt_dir() is the directory of the
// config being parsed (for an included file evaluated for a child: the
// child's), find_in_parent_folders() starts in that directory's parent,
// path_relative_to_include() uses the include chosen by name (or the only
// one). Results use '/' separators and are absolute unless Terragrunt
// returns a relative path.
//
// Functions Terragrunt offers that call AWS or SOPS (get_aws_account_id,
// get_aws_account_alias, get_aws_caller_identity_arn,
// get_aws_caller_identity_user_id, sops_decrypt_file) exist and fail with
// "<name> is not supported by edp-stack: ...".
//
// Thread safety: a FunctionContext is shared by the functions built from it
// and must outlive them; RunCmdCache is internally synchronised.
#ifndef EDP_ORCHESTRATOR_CONFIG_FUNCTIONS_H_
#define EDP_ORCHESTRATOR_CONFIG_FUNCTIONS_H_

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cty/function.h"
#include "cty/value.h"
#include "hcl/expression.h"

namespace config {

// run_cmd results shared by one invocation (`--terragrunt-global-cache`
// caches across directories; otherwise by directory + command line).
class RunCmdCache {
 public:
  std::optional<std::string> Get(const std::string& key) const;
  void Put(const std::string& key, std::string output);

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> outputs_;
};

struct FunctionContext {
  // The configuration file being parsed (absolute).
  std::filesystem::path config_file;
  // Directory of the unit being processed (get_terragrunt_dir()); for an
  // included file parsed for a child: the child's directory.
  std::filesystem::path terragrunt_dir;
  // get_original_terragrunt_dir(): the unit the whole invocation is for
  // (differs from terragrunt_dir inside read_terragrunt_config()).
  std::filesystem::path original_terragrunt_dir;
  // Includes of the child, by label ("" for a bare include), as absolute
  // paths: path_relative_to_include() etc. For a file parsed as an include
  // of a child, the entry for that include is what "the include" means.
  std::map<std::string, std::filesystem::path> include_paths;
  // The directory edp-stack runs in (get_working_dir()).
  std::filesystem::path working_dir;
  // get_terraform_command() / get_terraform_cli_args().
  std::string terraform_command;
  std::vector<std::string> terraform_cli_args;
  // get_env(); defaults to the process environment.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // read_terragrunt_config(path, default?): the caller parses the file
  // (config.h) and returns its attributes/blocks as an object.
  std::function<cty::FuncResult<cty::Value>(const std::filesystem::path&)> read_terragrunt_config;
  // Every file read through read_terragrunt_config/read_tfvars_file/
  // mark_as_read, for --queue-include-units-reading.
  std::shared_ptr<std::vector<std::string>> files_read;
  std::shared_ptr<RunCmdCache> run_cmd_cache;
};

// The Terragrunt functions alone (names as Terragrunt spells them).
cty::FunctionTable TerragruntFunctions(std::shared_ptr<const FunctionContext> ctx);

// An EvalContext with the OpenTofu functions (file functions relative to
// the directory of ctx->config_file), can/try, and TerragruntFunctions(ctx).
// Variables are the caller's to add.
hcl::EvalContext TerragruntEvalContext(std::shared_ptr<const FunctionContext> ctx);

}  // namespace config

#endif  // EDP_ORCHESTRATOR_CONFIG_FUNCTIONS_H_
