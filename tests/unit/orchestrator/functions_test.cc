// The Terragrunt functions (config/functions.h), called from HCL source
// through TerragruntEvalContext on directory layouts built in a temp dir,
// so results and error messages are what users see.
#include "config/functions.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cty/value.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "hcl/parse.h"

namespace config {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Result {
  cty::Value value;
  std::string error;  // "" on success; else "summary: detail" of each error
  bool ok() const { return error.empty(); }
  std::string str() const { return value.IsKnown() && !value.IsNull() ? value.AsString() : "<not a string>"; }
};

class FunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/edp-tgfuncs-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = fs::canonical(tmpl);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Creates the file (and its directories) with `content`.
  fs::path Write(const std::string& rel, const std::string& content = "") {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
    return p;
  }
  fs::path Dir(const std::string& rel) {
    fs::create_directories(root_ / rel);
    return root_ / rel;
  }
  std::string P(const std::string& rel) const { return (root_ / rel).generic_string(); }

  // A context for the unit whose terragrunt.hcl is root_/rel.
  std::shared_ptr<FunctionContext> Unit(const std::string& rel) {
    auto ctx = std::make_shared<FunctionContext>();
    ctx->config_file = Write(rel, "");
    ctx->terragrunt_dir = ctx->config_file.parent_path();
    ctx->getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    ctx->run_cmd_cache = cache_;
    return ctx;
  }

  static Result Eval(const std::string& src, std::shared_ptr<const FunctionContext> ctx) {
    auto parsed = hcl::ParseExpression(src, "test.hcl");
    EXPECT_FALSE(parsed.diags.HasErrors()) << src;
    hcl::EvalContext ectx = TerragruntEvalContext(std::move(ctx));
    auto ev = parsed.expr->Value(&ectx);
    Result r;
    r.value = ev.value;
    for (const auto& d : ev.diags) {
      if (d.severity != hcl::Severity::kError) continue;
      if (!r.error.empty()) r.error += "\n";
      r.error += d.summary + ": " + d.detail;
    }
    return r;
  }

  fs::path root_;
  std::map<std::string, std::string> env_;
  std::shared_ptr<RunCmdCache> cache_ = std::make_shared<RunCmdCache>();
};

// ---- directories ----

TEST_F(FunctionsTest, TerragruntDirsAndWorkingDir) {
  auto ctx = Unit("live/prod/app/terragrunt.hcl");
  EXPECT_EQ(Eval("get_terragrunt_dir()", ctx).str(), P("live/prod/app"));
  EXPECT_EQ(Eval("get_original_terragrunt_dir()", ctx).str(), P("live/prod/app"));
  EXPECT_EQ(Eval("get_working_dir()", ctx).str(), P("live/prod/app"));

  // Inside read_terragrunt_config(): the read file's dir vs the caller's.
  ctx->config_file = Write("live/common/x.hcl");
  ctx->terragrunt_dir = root_ / "live/common";
  ctx->original_terragrunt_dir = root_ / "live/prod/app";
  ctx->working_dir = root_ / "live/prod/app/.terragrunt-cache/h1/h2";
  EXPECT_EQ(Eval("get_terragrunt_dir()", ctx).str(), P("live/common"));
  EXPECT_EQ(Eval("get_original_terragrunt_dir()", ctx).str(), P("live/prod/app"));
  EXPECT_EQ(Eval("get_working_dir()", ctx).str(), P("live/prod/app/.terragrunt-cache/h1/h2"));

  auto r = Eval("get_terragrunt_dir(\"x\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("Too many function arguments"));
}

// ---- find_in_parent_folders ----

TEST_F(FunctionsTest, FindInParentFoldersWalksUpFromTheParent) {
  Write("root.hcl");
  Write("live/env.hcl");
  Write("live/prod/app/env.hcl");  // the config's own dir is never checked
  Write("live/prod/app/root.hcl");
  auto ctx = Unit("live/prod/app/terragrunt.hcl");
  EXPECT_EQ(Eval("find_in_parent_folders(\"root.hcl\")", ctx).str(), P("root.hcl"));
  EXPECT_EQ(Eval("find_in_parent_folders(\"env.hcl\")", ctx).str(), P("live/env.hcl"));
  // Directories are found too, and paths with subdirectories.
  Dir("live/modules/vpc");
  EXPECT_EQ(Eval("find_in_parent_folders(\"modules\")", ctx).str(), P("live/modules"));
  EXPECT_EQ(Eval("find_in_parent_folders(\"modules/vpc\")", ctx).str(), P("live/modules/vpc"));
  // The fallback is returned as given when nothing is found.
  EXPECT_EQ(Eval("find_in_parent_folders(\"nope.hcl\", \"fallback\")", ctx).str(), "fallback");
  EXPECT_EQ(Eval("find_in_parent_folders(\"nope.hcl\", \"\")", ctx).str(), "");
  // Repeated lookups come from the memo and agree.
  EXPECT_EQ(Eval("find_in_parent_folders(\"root.hcl\")", ctx).str(), P("root.hcl"));
}

TEST_F(FunctionsTest, FindInParentFoldersWithoutArgumentLooksForTerragruntHcl) {
  Write("live/terragrunt.hcl.json", "{}");
  auto ctx = Unit("live/prod/terragrunt.hcl");
  EXPECT_EQ(Eval("find_in_parent_folders()", ctx).str(), P("live/terragrunt.hcl.json"));
  Write("live/terragrunt.hcl");
  auto ctx2 = Unit("live/stage/terragrunt.hcl");
  EXPECT_EQ(Eval("find_in_parent_folders()", ctx2).str(), P("live/terragrunt.hcl"));
}

TEST_F(FunctionsTest, FindInParentFoldersNotFoundSaysWhatAndWhere) {
  auto ctx = Unit("a/b/terragrunt.hcl");
  auto r = Eval("find_in_parent_folders(\"missing-root.hcl\")", ctx);
  EXPECT_EQ(r.error, "Error in function call: Call to function \"find_in_parent_folders\" failed: "
                     "ParentFileNotFoundError: Could not find a missing-root.hcl in any of the parent folders of " +
                         P("a/b/terragrunt.hcl") +
                         ". Cause: Traversed all the way to the root. Create it in a parent directory, or pass a "
                         "fallback as the second argument.");
  r = Eval("find_in_parent_folders()", ctx);
  EXPECT_THAT(r.error, HasSubstr("Could not find a terragrunt.hcl in any of the parent folders of"));
  r = Eval("find_in_parent_folders(\"a\", \"b\", \"c\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("Expected 0, 1, or 2 params for function find_in_parent_folders, but got 3"));
}

TEST_F(FunctionsTest, FindInParentFoldersInsideAnIncludeSearchesFromTheChild) {
  Write("root.hcl");
  Write("live/tenant.hcl");
  Write("live/prod/app/terragrunt.hcl");
  auto ctx = Unit("live/prod/app/terragrunt.hcl");
  // root.hcl evaluated for the child: the child's directory is the start.
  ctx->config_file = root_ / "root.hcl";
  ctx->include_paths = {{"root", root_ / "root.hcl"}};
  EXPECT_EQ(Eval("find_in_parent_folders(\"tenant.hcl\")", ctx).str(), P("live/tenant.hcl"));
  auto r = Eval("find_in_parent_folders(\"nope.hcl\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("parent folders of " + P("live/prod/app/terragrunt.hcl")));
}

// ---- includes ----

TEST_F(FunctionsTest, PathRelativeToAndFromTheOnlyInclude) {
  Write("live/root.hcl");
  auto ctx = Unit("live/prod/mysql/terragrunt.hcl");
  ctx->include_paths = {{"root", root_ / "live/root.hcl"}};
  EXPECT_EQ(Eval("path_relative_to_include()", ctx).str(), "prod/mysql");
  EXPECT_EQ(Eval("path_relative_from_include()", ctx).str(), "../..");
  EXPECT_EQ(Eval("get_parent_terragrunt_dir()", ctx).str(), P("live"));
  // With one include the label is not needed and not checked (Terragrunt).
  EXPECT_EQ(Eval("path_relative_to_include(\"root\")", ctx).str(), "prod/mysql");
  EXPECT_EQ(Eval("path_relative_to_include(\"other\")", ctx).str(), "prod/mysql");
  EXPECT_EQ(Eval("\"${path_relative_to_include()}/terraform.tfstate\"", ctx).str(), "prod/mysql/terraform.tfstate");
}

TEST_F(FunctionsTest, RelativeIncludePathIsRelativeToTheChild) {
  auto ctx = Unit("live/prod/mysql/terragrunt.hcl");
  ctx->include_paths = {{"root", "../../root.hcl"}};
  EXPECT_EQ(Eval("path_relative_to_include()", ctx).str(), "prod/mysql");
  EXPECT_EQ(Eval("get_parent_terragrunt_dir()", ctx).str(), P("live"));
}

TEST_F(FunctionsTest, PathRelativeWithoutIncludeIsDot) {
  auto ctx = Unit("live/app/terragrunt.hcl");
  EXPECT_EQ(Eval("path_relative_to_include()", ctx).str(), ".");
  EXPECT_EQ(Eval("path_relative_from_include()", ctx).str(), ".");
  EXPECT_EQ(Eval("get_parent_terragrunt_dir()", ctx).str(), P("live/app"));
}

TEST_F(FunctionsTest, IncludeInTheSameDirectoryIsDot) {
  Write("live/app/common.hcl");
  auto ctx = Unit("live/app/terragrunt.hcl");
  ctx->include_paths = {{"", root_ / "live/app/common.hcl"}};
  EXPECT_EQ(Eval("path_relative_to_include()", ctx).str(), ".");
  EXPECT_EQ(Eval("path_relative_from_include()", ctx).str(), ".");
}

TEST_F(FunctionsTest, SeveralIncludesNeedALabel) {
  Write("root.hcl");
  Write("live/env.hcl");
  auto ctx = Unit("live/prod/app/terragrunt.hcl");
  ctx->include_paths = {{"root", root_ / "root.hcl"}, {"env", root_ / "live/env.hcl"}};
  EXPECT_EQ(Eval("path_relative_to_include(\"root\")", ctx).str(), "live/prod/app");
  EXPECT_EQ(Eval("path_relative_to_include(\"env\")", ctx).str(), "prod/app");
  EXPECT_EQ(Eval("path_relative_from_include(\"root\")", ctx).str(), "../../..");
  EXPECT_EQ(Eval("get_parent_terragrunt_dir(\"env\")", ctx).str(), P("live"));
  EXPECT_EQ(Eval("get_parent_terragrunt_dir(\"root\")", ctx).str(), root_.generic_string());

  auto r = Eval("path_relative_to_include()", ctx);
  EXPECT_THAT(r.error, HasSubstr("Expected 1 params for function path_relative_from_include, but got 0"));
  EXPECT_THAT(r.error, HasSubstr("\"env\", \"root\""));
  r = Eval("get_parent_terragrunt_dir(\"nope\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("There is no include block in the current config with the label 'nope'"));
  EXPECT_THAT(r.error, HasSubstr("Call to function \"get_parent_terragrunt_dir\" failed"));
}

TEST_F(FunctionsTest, InsideTheIncludedFileTheIncludeThatPulledItIn) {
  Write("root.hcl");
  Write("live/env.hcl");
  auto ctx = Unit("live/prod/app/terragrunt.hcl");
  ctx->include_paths = {{"root", root_ / "root.hcl"}, {"env", root_ / "live/env.hcl"}};
  ctx->config_file = root_ / "live/env.hcl";  // env.hcl evaluated for the child
  EXPECT_EQ(Eval("path_relative_to_include()", ctx).str(), "prod/app");
  EXPECT_EQ(Eval("path_relative_to_include(\"root\")", ctx).str(), "prod/app");
  EXPECT_EQ(Eval("get_terragrunt_dir()", ctx).str(), P("live/prod/app"));
  EXPECT_EQ(Eval("get_parent_terragrunt_dir()", ctx).str(), P("live"));
}

// ---- environment, platform, terraform command ----

TEST_F(FunctionsTest, GetEnv) {
  env_["REGION"] = "eu-de";
  env_["EMPTY"] = "";
  auto ctx = Unit("app/terragrunt.hcl");
  EXPECT_EQ(Eval("get_env(\"REGION\")", ctx).str(), "eu-de");
  EXPECT_EQ(Eval("get_env(\"REGION\", \"eu-nl\")", ctx).str(), "eu-de");
  EXPECT_EQ(Eval("get_env(\"UNSET\", \"eu-nl\")", ctx).str(), "eu-nl");
  EXPECT_EQ(Eval("get_env(\"EMPTY\")", ctx).str(), "");  // set-but-empty counts as set
  auto r = Eval("get_env(\"UNSET\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("Call to function \"get_env\" failed: EnvVarNotFoundError: Required environment "
                                 "variable UNSET - not found"));
  EXPECT_THAT(Eval("get_env()", ctx).error,
              HasSubstr("InvalidGetEnvParamsError: Expected one or two parameters"));
  EXPECT_THAT(Eval("get_env(\"\")", ctx).error, HasSubstr("InvalidEnvParamNameError"));
  EXPECT_EQ(Eval("try(get_env(\"UNSET\"), \"via-try\")", ctx).str(), "via-try");
}

TEST_F(FunctionsTest, GetEnvDefaultsToTheProcessEnvironment) {
  auto ctx = Unit("app/terragrunt.hcl");
  ctx->getenv = nullptr;
  ::setenv("EDP_TGFUNCS_TEST_VAR", "from-process", 1);
  EXPECT_EQ(Eval("get_env(\"EDP_TGFUNCS_TEST_VAR\")", ctx).str(), "from-process");
  ::unsetenv("EDP_TGFUNCS_TEST_VAR");
}

TEST_F(FunctionsTest, PlatformAndTerraformCommand) {
  auto ctx = Unit("app/terragrunt.hcl");
  ctx->terraform_command = "plan";
  ctx->terraform_cli_args = {"plan", "-out=tfplan"};
  ctx->source = "/src/modules";
  EXPECT_EQ(Eval("get_platform()", ctx).str(), "linux");
  EXPECT_EQ(Eval("get_terraform_command()", ctx).str(), "plan");
  EXPECT_EQ(Eval("join(\",\", get_terraform_cli_args())", ctx).str(), "plan,-out=tfplan");
  EXPECT_EQ(Eval("get_terragrunt_source_cli_flag()", ctx).str(), "/src/modules");
  ctx->terraform_cli_args.clear();
  EXPECT_EQ(Eval("length(get_terraform_cli_args())", ctx).value, cty::Value::Int(0));
}

TEST_F(FunctionsTest, TerraformCommandListsAreTerragrunts) {
  auto ctx = Unit("app/terragrunt.hcl");
  EXPECT_EQ(Eval("join(\",\", get_terraform_commands_that_need_vars())", ctx).str(),
            "apply,console,destroy,import,plan,push,refresh");
  EXPECT_EQ(Eval("join(\",\", get_terraform_commands_that_need_locking())", ctx).str(),
            "apply,destroy,import,plan,refresh,taint,untaint");
  EXPECT_EQ(Eval("join(\",\", get_terraform_commands_that_need_input())", ctx).str(), "apply,import,init,plan,refresh");
  EXPECT_EQ(Eval("join(\",\", get_terraform_commands_that_need_parallelism())", ctx).str(), "apply,plan,destroy");
  auto errs = Eval("get_default_retryable_errors()", ctx).value;
  ASSERT_TRUE(errs.type().IsList());
  ASSERT_EQ(errs.Elements().size(), 30u);
  EXPECT_EQ(errs.Elements()[0].AsString(), "(?s).*Failed to load state.*tcp.*timeout.*");
  EXPECT_EQ(errs.Elements()[7].AsString(), "NoSuchBucket: The specified bucket does not exist");
  EXPECT_EQ(errs.Elements()[11].AsString(), "(?s).*Client\\.Timeout exceeded while awaiting headers.*");
  EXPECT_EQ(errs.Elements()[29].AsString(),
            "(?s).*Failed to query available provider packages.*context deadline exceeded.*");
}

TEST_F(FunctionsTest, AwsAndSopsAreNotSupported) {
  auto ctx = Unit("app/terragrunt.hcl");
  for (const char* fn : {"get_aws_account_id", "get_aws_account_alias", "get_aws_caller_identity_arn",
                         "get_aws_caller_identity_user_id"}) {
    auto r = Eval(std::string(fn) + "()", ctx);
    EXPECT_THAT(r.error, HasSubstr(std::string(fn) + " is not supported by edp-stack: it calls AWS")) << fn;
  }
  auto r = Eval("sops_decrypt_file(\"secrets.yaml\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("sops_decrypt_file is not supported by edp-stack"));
  EXPECT_THAT(r.error, HasSubstr("sops -d"));
}

TEST_F(FunctionsTest, ConstraintCheck) {
  auto ctx = Unit("app/terragrunt.hcl");
  auto check = [&](const std::string& v, const std::string& c) {
    auto r = Eval("constraint_check(\"" + v + "\", \"" + c + "\")", ctx);
    EXPECT_TRUE(r.ok()) << r.error;
    return r.value == cty::Value::True();
  };
  EXPECT_TRUE(check("1.2.3", ">= 1.0"));
  EXPECT_TRUE(check("v1.2.3", ">= 1.0, < 2.0"));
  EXPECT_FALSE(check("2.0.0", ">= 1.0, < 2.0"));
  EXPECT_TRUE(check("1.2.3", "1.2.3"));
  EXPECT_TRUE(check("1.2.3", "= 1.2.3"));
  EXPECT_TRUE(check("1.2.3", "!= 1.2.4"));
  EXPECT_TRUE(check("1.5.0", "~> 1.2"));
  EXPECT_FALSE(check("2.0.0", "~> 1.2"));
  EXPECT_TRUE(check("1.2.9", "~> 1.2.3"));
  EXPECT_FALSE(check("1.3.0", "~> 1.2.3"));
  EXPECT_FALSE(check("1.2.2", "~> 1.2.3"));
  // Pre-releases only match constraints with a pre-release on the same base.
  EXPECT_FALSE(check("1.3.0-beta1", ">= 1.2"));
  EXPECT_TRUE(check("1.3.0-beta2", ">= 1.3.0-beta1"));
  EXPECT_FALSE(check("1.4.0-beta2", ">= 1.3.0-beta1"));
  EXPECT_TRUE(check("1.3.0", ">= 1.3.0-beta1"));
  EXPECT_TRUE(check("1.3.0-rc.10", "> 1.3.0-rc.9"));
  EXPECT_TRUE(check("1.2.3+build.5", "= 1.2.3"));
  EXPECT_THAT(Eval("constraint_check(\"x.y\", \">= 1\")", ctx).error,
              HasSubstr("invalid version x.y: Malformed version: x.y"));
  EXPECT_THAT(Eval("constraint_check(\"1.0\", \">= banana\")", ctx).error,
              HasSubstr("invalid constraint >= banana: Malformed constraint: >= banana"));
  EXPECT_THAT(Eval("constraint_check(\"1.0\")", ctx).error,
              HasSubstr("Expected 2 params for function constraint_check, but got 1"));
}

TEST_F(FunctionsTest, DeepMergeNeedsItsExperiment) {
  auto ctx = Unit("app/terragrunt.hcl");
  auto r = Eval("deep_merge({a = 1}, {b = 2})", ctx);
  EXPECT_THAT(r.error, HasSubstr("deep_merge in " + P("app/terragrunt.hcl") +
                                 " requires the 'deep-merge' experiment to be enabled"));
  ctx->experiments = {"deep-merge"};
  EXPECT_EQ(Eval("jsonencode(deep_merge({a = {x = 1, l = [1]}, s = \"p\"}, null, {a = {y = 2, l = [2]}, s = \"c\"}))",
                 ctx)
                .str(),
            R"({"a":{"l":[1,2],"x":1,"y":2},"s":"c"})");
  EXPECT_THAT(Eval("deep_merge({a = 1}, [1])", ctx).error,
              HasSubstr("deep_merge: argument 2 is a tuple; every argument must be a map or an object"));
}

// ---- run_cmd ----

TEST_F(FunctionsTest, RunCmdReturnsStdoutWithOneNewlineTrimmed) {
  auto ctx = Unit("app/terragrunt.hcl");
  EXPECT_EQ(Eval("run_cmd(\"echo\", \"hello\")", ctx).str(), "hello");
  EXPECT_EQ(Eval("run_cmd(\"printf\", \"a\\n\\n\")", ctx).str(), "a\n");
  EXPECT_EQ(Eval("run_cmd(\"printf\", \"no-newline\")", ctx).str(), "no-newline");
  // The config's directory is the working directory.
  EXPECT_EQ(Eval("run_cmd(\"pwd\")", ctx).str(), P("app"));
}

TEST_F(FunctionsTest, RunCmdPassesArgumentsLiterally) {
  auto ctx = Unit("app/terragrunt.hcl");
  auto r = Eval(R"x(run_cmd("printf", "[%s]", "a b", "\"q\" 'x'", "$(touch pwned)", "`touch pwned2`", "*", ";", "$HOME"))x",
                ctx);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.str(), "[a b][\"q\" 'x'][$(touch pwned)][`touch pwned2`][*][;][$HOME]");
  EXPECT_FALSE(fs::exists(root_ / "app/pwned"));
  EXPECT_FALSE(fs::exists(root_ / "app/pwned2"));
}

TEST_F(FunctionsTest, RunCmdRunsACommandOnce) {
  auto ctx = Unit("app/terragrunt.hcl");
  const std::string cmd = R"(run_cmd("sh", "-c", "echo run >> count.txt; wc -l < count.txt"))";
  EXPECT_EQ(Eval(cmd, ctx).str(), "1");
  EXPECT_EQ(Eval(cmd, ctx).str(), "1");
  EXPECT_EQ(Eval("[" + cmd + ", " + cmd + "]", ctx).value.Elements()[1].AsString(), "1");
  // Another directory is another cache entry.
  auto other = Unit("other/terragrunt.hcl");
  EXPECT_EQ(Eval(cmd, other).str(), "1");
  // --terragrunt-no-cache runs every time.
  const std::string nocache =
      R"(run_cmd("--terragrunt-no-cache", "sh", "-c", "echo run >> count.txt; wc -l < count.txt"))";
  EXPECT_EQ(Eval(nocache, ctx).str(), "2");
  EXPECT_EQ(Eval(nocache, ctx).str(), "3");
}

TEST_F(FunctionsTest, RunCmdGlobalCacheIgnoresTheDirectory) {
  Write("counter.txt");
  const std::string cmd = "run_cmd(\"--terragrunt-global-cache\", \"sh\", \"-c\", \"echo run >> " + P("counter.txt") +
                          "; wc -l < " + P("counter.txt") + "\")";
  EXPECT_EQ(Eval(cmd, Unit("a/terragrunt.hcl")).str(), "1");
  EXPECT_EQ(Eval(cmd, Unit("b/terragrunt.hcl")).str(), "1");
  // The quiet flag may precede it.
  const std::string quiet = "run_cmd(\"--terragrunt-quiet\", \"--terragrunt-global-cache\", \"sh\", \"-c\", \"echo run >> " +
                            P("counter.txt") + "; wc -l < " + P("counter.txt") + "\")";
  EXPECT_EQ(Eval(quiet, Unit("c/terragrunt.hcl")).str(), "1");
}

TEST_F(FunctionsTest, RunCmdQuietRedactsTheOutput) {
  auto ctx = Unit("app/terragrunt.hcl");
  std::vector<std::string> log, shown;
  ctx->debug_log = [&](const std::string& line) { log.push_back(line); };
  ctx->run_cmd_stdout = [&](std::string_view s) { shown.emplace_back(s); };
  EXPECT_EQ(Eval("run_cmd(\"--terragrunt-quiet\", \"echo\", \"s3cr3t\")", ctx).str(), "s3cr3t");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0], "run_cmd output: [REDACTED]");
  EXPECT_TRUE(shown.empty());
  EXPECT_EQ(Eval("run_cmd(\"echo\", \"visible\")", ctx).str(), "visible");
  EXPECT_EQ(log.back(), "run_cmd output: [visible]");
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0], "visible\n");
  // Cached: logged as cached, output not shown again.
  EXPECT_EQ(Eval("run_cmd(\"echo\", \"visible\")", ctx).str(), "visible");
  EXPECT_EQ(log.back(), "run_cmd, cached output: [visible]");
  EXPECT_EQ(shown.size(), 1u);
}

TEST_F(FunctionsTest, RunCmdStderrIsPassedThrough) {
  auto ctx = Unit("app/terragrunt.hcl");
  std::string err;
  ctx->run_cmd_stderr = [&](std::string_view s) { err += s; };
  EXPECT_EQ(Eval(R"(run_cmd("sh", "-c", "echo out; echo warn >&2"))", ctx).str(), "out");
  EXPECT_EQ(err, "warn\n");
}

TEST_F(FunctionsTest, RunCmdErrors) {
  auto ctx = Unit("app/terragrunt.hcl");
  ctx->run_cmd_stderr = [](std::string_view) {};
  auto r = Eval(R"(run_cmd("sh", "-c", "echo boom >&2; exit 3"))", ctx);
  EXPECT_THAT(r.error, HasSubstr("Call to function \"run_cmd\" failed: run_cmd: command [\"sh\" \"-c\" \"echo boom "
                                 ">&2; exit 3\"] in " +
                                 P("app") + " failed with exit status 3; its stderr: boom"));
  Write("app/secret.txt", "s3cr3t");
  r = Eval(R"(run_cmd("--terragrunt-quiet", "sh", "-c", "cat secret.txt >&2; exit 1"))", ctx);
  EXPECT_THAT(r.error, HasSubstr("failed with exit status 1"));
  EXPECT_THAT(r.error, ::testing::Not(HasSubstr("s3cr3t")));

  r = Eval(R"(run_cmd("edp-no-such-command-xyz"))", ctx);
  EXPECT_THAT(r.error, HasSubstr("run_cmd: cannot run \"edp-no-such-command-xyz\" in " + P("app") +
                                 ": No such file or directory (looked up on PATH)"));
  r = Eval("run_cmd()", ctx);
  EXPECT_THAT(r.error, HasSubstr("Empty string value is not allowed for parameter to the run_cmd function"));
  r = Eval("run_cmd(\"--terragrunt-quiet\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("Empty string value is not allowed"));
  r = Eval(R"(run_cmd("--terragrunt-global-cache", "--terragrunt-no-cache", "echo"))", ctx);
  EXPECT_THAT(r.error, HasSubstr("The --terragrunt-global-cache and --terragrunt-no-cache options cannot be used "
                                 "together. Choose one caching option for run_cmd."));
  // A failure is not cached: once fixed, the command runs.
  Write("app/flag.txt");
  r = Eval(R"(run_cmd("sh", "-c", "test -f ok.txt && echo fixed"))", ctx);
  EXPECT_FALSE(r.ok());
  Write("app/ok.txt");
  EXPECT_EQ(Eval(R"(run_cmd("sh", "-c", "test -f ok.txt && echo fixed"))", ctx).str(), "fixed");
}

TEST(RunCmdCacheTest, ConcurrentCallersShareOneRun) {
  RunCmdCache cache;
  std::atomic<int> runs{0};
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      RunCmdCache::Entry e;
      std::string error;
      ASSERT_TRUE(cache.GetOrProduce(
          "k",
          [&](RunCmdCache::Entry* out, std::string*) {
            ++runs;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            out->value = "v";
            return true;
          },
          &e, &error));
      got[static_cast<size_t>(i)] = e.value;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs.load(), 1);
  for (const auto& g : got) EXPECT_EQ(g, "v");
  // A failing producer caches nothing.
  RunCmdCache::Entry e;
  std::string error;
  EXPECT_FALSE(cache.GetOrProduce(
      "bad", [](RunCmdCache::Entry*, std::string* err) { *err = "nope"; return false; }, &e, &error));
  EXPECT_EQ(error, "nope");
  EXPECT_FALSE(cache.Get("bad").has_value());
  EXPECT_EQ(cache.Get("k"), std::optional<std::string>("v"));
  cache.Put("p", "q");
  EXPECT_EQ(cache.Get("p"), std::optional<std::string>("q"));
}

// ---- git ----

TEST_F(FunctionsTest, RepoRootFunctionsInAGitRepository) {
  Dir("repo/live/prod/app");
  Write("repo/live/prod/app/terragrunt.hcl");
  auto ctx = Unit("repo/live/prod/app/terragrunt.hcl");
  ctx->run_cmd_stdout = nullptr;
  auto init = Eval("run_cmd(\"--terragrunt-no-cache\", \"git\", \"init\", \"-q\", \"" + P("repo") + "\")", ctx);
  ASSERT_TRUE(init.ok()) << init.error;
  EXPECT_EQ(Eval("get_repo_root()", ctx).str(), P("repo"));
  EXPECT_EQ(Eval("get_path_from_repo_root()", ctx).str(), "live/prod/app");
  EXPECT_EQ(Eval("get_path_to_repo_root()", ctx).str(), "../../..");
  // At the root itself.
  auto top = Unit("repo/terragrunt.hcl");
  EXPECT_EQ(Eval("get_path_from_repo_root()", top).str(), ".");
  EXPECT_EQ(Eval("get_path_to_repo_root()", top).str(), ".");
  // unit_dir, not the read file's dir, is what counts.
  ctx->config_file = Write("shared/x.hcl");
  ctx->terragrunt_dir = root_ / "shared";
  ctx->unit_dir = root_ / "repo/live/prod/app";
  EXPECT_EQ(Eval("get_path_from_repo_root()", ctx).str(), "live/prod/app");
}

TEST_F(FunctionsTest, RepoRootOutsideARepositoryIsAClearError) {
  auto ctx = Unit("norepo/app/terragrunt.hcl");
  ::setenv("GIT_CEILING_DIRECTORIES", root_.c_str(), 1);
  auto r = Eval("get_repo_root()", ctx);
  ::unsetenv("GIT_CEILING_DIRECTORIES");
  EXPECT_THAT(r.error, HasSubstr("get_repo_root: " + P("norepo/app") + " is not inside a git repository"));
  EXPECT_THAT(r.error, HasSubstr("Run edp-stack in a git checkout"));
}

// ---- read_terragrunt_config ----

TEST_F(FunctionsTest, ReadTerragruntConfigDelegatesWithTheResolvedPath) {
  Write("live/common.hcl");
  Write("live/shared/terragrunt.hcl");
  auto ctx = Unit("live/app/terragrunt.hcl");
  ctx->files_read = std::make_shared<std::vector<std::string>>();
  std::vector<std::string> asked;
  ctx->read_terragrunt_config = [&](const fs::path& p) -> cty::FuncResult<cty::Value> {
    asked.push_back(p.generic_string());
    return cty::Value::Object({{"locals", cty::Value::Object({{"name", cty::Value::String("common")}})}});
  };
  EXPECT_EQ(Eval("read_terragrunt_config(\"../common.hcl\").locals.name", ctx).str(), "common");
  EXPECT_EQ(Eval("read_terragrunt_config(find_in_parent_folders(\"common.hcl\")).locals.name", ctx).str(), "common");
  EXPECT_EQ(Eval("read_terragrunt_config(\"../shared\").locals.name", ctx).str(), "common");
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(asked[0], P("live/common.hcl"));
  EXPECT_EQ(asked[1], P("live/common.hcl"));
  EXPECT_EQ(asked[2], P("live/shared/terragrunt.hcl"));
  EXPECT_EQ(*ctx->files_read, (std::vector<std::string>{P("live/common.hcl"), P("live/shared/terragrunt.hcl")}));

  // Missing: the default when given (not delegated), else Terragrunt's error.
  EXPECT_EQ(Eval("read_terragrunt_config(\"missing.hcl\", {a = 1}).a", ctx).value, cty::Value::Int(1));
  EXPECT_EQ(asked.size(), 3u);
  auto r = Eval("read_terragrunt_config(\"missing.hcl\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("You attempted to run terragrunt in a folder that does not contain a terragrunt.hcl "
                                 "file. Please add a terragrunt.hcl file and try again.\n\nPath: \"" +
                                 P("live/app/missing.hcl") + "\""));
  r = Eval("read_terragrunt_config(\"a\", 1, 2)", ctx);
  EXPECT_THAT(r.error, HasSubstr("Expected 1 or 2 params for function read_terragrunt_config, but got 3"));
  // The loader's error is passed on.
  ctx->read_terragrunt_config = [](const fs::path&) -> cty::FuncResult<cty::Value> {
    return cty::FunctionError{"common.hcl:3,1: Unsupported block type", -1};
  };
  EXPECT_THAT(Eval("read_terragrunt_config(\"../common.hcl\")", ctx).error, HasSubstr("Unsupported block type"));
}

TEST_F(FunctionsTest, ReadTerragruntConfigFromAnIncludeIsRelativeToTheChild) {
  Write("live/prod/app/local.hcl");
  Write("live/root.hcl");
  auto ctx = Unit("live/prod/app/terragrunt.hcl");
  ctx->config_file = root_ / "live/root.hcl";
  ctx->include_paths = {{"root", root_ / "live/root.hcl"}};
  std::string asked;
  ctx->read_terragrunt_config = [&](const fs::path& p) -> cty::FuncResult<cty::Value> {
    asked = p.generic_string();
    return cty::Value::EmptyObject();
  };
  ASSERT_TRUE(Eval("read_terragrunt_config(\"local.hcl\")", ctx).ok());
  EXPECT_EQ(asked, P("live/prod/app/local.hcl"));
}

// ---- read_tfvars_file, mark_as_read ----

TEST_F(FunctionsTest, ReadTfvarsFileHclGivesAJsonString) {
  Write("app/vars.tfvars", "region = \"eu-de\"\ncount = 3\nratio = 2.5\ntags = { a = \"x<y&z\" }\n"
                           "zones = [\"a\", \"b\"]\nflag = true\nnothing = null\n");
  auto ctx = Unit("app/terragrunt.hcl");
  ctx->files_read = std::make_shared<std::vector<std::string>>();
  EXPECT_EQ(Eval("read_tfvars_file(\"vars.tfvars\")", ctx).str(),
            R"({"count":3,"flag":true,"nothing":null,"ratio":2.5,"region":"eu-de","tags":{"a":"x\u003cy\u0026z"},)"
            R"("zones":["a","b"]})");
  EXPECT_EQ(Eval("jsondecode(read_tfvars_file(\"vars.tfvars\")).zones[1]", ctx).str(), "b");
  EXPECT_EQ(Eval("jsondecode(read_tfvars_file(\"vars.tfvars\")).tags.a", ctx).str(), "x<y&z");
  EXPECT_EQ(*ctx->files_read, std::vector<std::string>{P("app/vars.tfvars")});
}

TEST_F(FunctionsTest, ReadTfvarsFileJsonIsReturnedAsWritten) {
  const std::string json = "{\n  \"region\": \"eu-de\",\n  \"count\": 3\n}\n";
  Write("app/vars.tfvars.json", json);
  auto ctx = Unit("app/terragrunt.hcl");
  EXPECT_EQ(Eval("read_tfvars_file(\"vars.tfvars.json\")", ctx).str(), json);
  EXPECT_EQ(Eval("jsondecode(read_tfvars_file(\"" + P("app/vars.tfvars.json") + "\")).count", ctx).value,
            cty::Value::Int(3));
}

TEST_F(FunctionsTest, ReadTfvarsFileErrorsPointAtTheFile) {
  auto ctx = Unit("app/terragrunt.hcl");
  Write("app/syntax.tfvars", "a = 1\nb = \n");
  auto r = Eval("read_tfvars_file(\"syntax.tfvars\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("cannot parse " + P("app/syntax.tfvars") + ": " + P("app/syntax.tfvars") + ":2:"));

  Write("app/ref.tfvars", "a = 1\nb = var.x\n");
  r = Eval("read_tfvars_file(\"ref.tfvars\")", ctx);
  EXPECT_THAT(r.error, HasSubstr(P("app/ref.tfvars") + ":2:5: Variables not allowed"));

  Write("app/block.tfvars", "a = 1\nb {\n}\n");
  r = Eval("read_tfvars_file(\"block.tfvars\")", ctx);
  EXPECT_THAT(r.error, HasSubstr(P("app/block.tfvars") + ":2:"));

  Write("app/bad.tfvars.json", "{\n  \"a\": 1,\n  \"b\": \n}\n");
  r = Eval("read_tfvars_file(\"bad.tfvars.json\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("could not unmarshal json body of tfvar file: " + P("app/bad.tfvars.json") + ":4:"));

  Write("app/list.tfvars.json", "[1, 2]");
  r = Eval("read_tfvars_file(\"list.tfvars.json\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("must hold a JSON object"));

  r = Eval("read_tfvars_file(\"missing.tfvars\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("TFVarFileNotFound: Could not find a " + P("app/missing.tfvars") + ". Cause:"));
  r = Eval("read_tfvars_file(\"a\", \"b\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("Expected 1 params for function read_tfvars_file, but got 2"));
  Dir("app/adir");
  r = Eval("read_tfvars_file(\"adir\")", ctx);
  EXPECT_THAT(r.error, HasSubstr("could not read file \"" + P("app/adir") + "\": is a directory"));
}

TEST_F(FunctionsTest, EmptyTfvarsFileIsNull) {
  Write("app/empty.tfvars", "# nothing\n");
  auto ctx = Unit("app/terragrunt.hcl");
  EXPECT_EQ(Eval("read_tfvars_file(\"empty.tfvars\")", ctx).str(), "null");
}

TEST_F(FunctionsTest, MarkAsReadRecordsAndReturnsThePath) {
  auto ctx = Unit("app/terragrunt.hcl");
  ctx->files_read = std::make_shared<std::vector<std::string>>();
  EXPECT_EQ(Eval("mark_as_read(\"../data/x.yaml\")", ctx).str(), "../data/x.yaml");
  EXPECT_EQ(Eval("mark_as_read(\"/abs/y.yaml\")", ctx).str(), "/abs/y.yaml");
  EXPECT_EQ(Eval("mark_as_read(\"../data/x.yaml\")", ctx).str(), "../data/x.yaml");
  EXPECT_EQ(*ctx->files_read, (std::vector<std::string>{P("data/x.yaml"), "/abs/y.yaml"}));
  EXPECT_THAT(Eval("mark_as_read()", ctx).error, HasSubstr("Expected 1 params for function mark_as_read, but got 0"));
}

// ---- the evaluation context ----

TEST_F(FunctionsTest, OpenTofuFunctionsResolveFilesAgainstTheConfigDir) {
  Write("live/root.hcl");
  Write("live/data.txt", "from-root-dir");
  Write("live/app/data.txt", "from-unit-dir");
  Write("live/tpl.tftpl", "hello ${name}");
  auto ctx = Unit("live/app/terragrunt.hcl");
  EXPECT_EQ(Eval("file(\"data.txt\")", ctx).str(), "from-unit-dir");
  EXPECT_EQ(Eval("fileexists(\"data.txt\")", ctx).value, cty::Value::True());
  EXPECT_EQ(Eval("upper(\"x\")", ctx).str(), "X");
  EXPECT_EQ(Eval("core::upper(\"x\")", ctx).str(), "X");
  EXPECT_EQ(Eval("can(file(\"nope.txt\"))", ctx).value, cty::Value::False());
  // An include evaluated for the child: file functions use the include's dir.
  ctx->config_file = root_ / "live/root.hcl";
  ctx->include_paths = {{"root", root_ / "live/root.hcl"}};
  EXPECT_EQ(Eval("file(\"data.txt\")", ctx).str(), "from-root-dir");
  EXPECT_EQ(Eval("templatefile(\"tpl.tftpl\", {name = \"edp\"})", ctx).str(), "hello edp");
  EXPECT_EQ(Eval("core::templatefile(\"tpl.tftpl\", {name = \"x\"})", ctx).str(), "hello x");
  EXPECT_EQ(Eval("get_terragrunt_dir()", ctx).str(), P("live/app"));
}

TEST_F(FunctionsTest, UnknownFunctionIsAnError) {
  auto ctx = Unit("app/terragrunt.hcl");
  auto r = Eval("get_terragrunt_dirr()", ctx);
  EXPECT_THAT(r.error, StartsWith("Call to unknown function"));
  EXPECT_THAT(r.error, HasSubstr("get_terragrunt_dir"));
}

TEST_F(FunctionsTest, UnknownArgumentsGiveUnknownResults) {
  auto ctx = Unit("app/terragrunt.hcl");
  auto parsed = hcl::ParseExpression("find_in_parent_folders(x)", "test.hcl");
  hcl::EvalContext ectx = TerragruntEvalContext(ctx);
  ectx.variables["x"] = cty::Value::Unknown(cty::Type::String());
  auto ev = parsed.expr->Value(&ectx);
  EXPECT_FALSE(ev.diags.HasErrors());
  EXPECT_FALSE(ev.value.IsKnown());
}

}  // namespace
}  // namespace config
