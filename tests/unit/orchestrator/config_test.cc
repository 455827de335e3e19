// config::Loader: terragrunt.hcl decoding, parse phases, include merging,
// dependency outputs, discovery mode, memoisation and errors.
#include "config/config.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "cty/convert.h"

namespace config {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("config_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }

  LoadResult Load(const std::string& rel, LoadOptions o = {}) {
    loader_ = std::make_unique<Loader>(std::move(o));
    return loader_->LoadUnit(root_ / rel);
  }

  static std::string Errors(const LoadResult& r) {
    std::string s;
    for (const auto& d : r.diags) {
      if (d.subject) s += d.subject->ToString() + ": ";
      s += d.summary + ": " + d.detail + "\n";
    }
    return s;
  }

  static cty::Value Input(const UnitConfig& u, const std::string& k) { return u.inputs.GetAttr(k); }

  fs::path root_;
  std::unique_ptr<Loader> loader_;
};

TEST_F(ConfigTest, DecodesEveryBlockAndAttribute) {
  Write("u/terragrunt.hcl", R"(
terraform {
  source          = "git::https://example.com/m.git//vpc?ref=v1"
  include_in_copy = [".x"]
  exclude_from_copy = ["*.bak"]
  copy_terraform_lock_file = false
  extra_arguments "vars" {
    commands  = ["plan", "apply"]
    arguments = ["-lock=false"]
    env_vars  = { TF_LOG = "info" }
    required_var_files = ["a.tfvars"]
    optional_var_files = ["b.tfvars"]
  }
  before_hook "b" {
    commands     = ["plan"]
    execute      = ["echo", "hi"]
    run_on_error = true
    if           = false
  }
  after_hook "a" {
    commands = ["apply"]
    execute  = ["true"]
    working_dir = "/tmp"
  }
  error_hook "e" {
    commands  = ["apply"]
    execute   = ["echo", "failed"]
    on_errors = [".*"]
  }
}
remote_state {
  backend = "s3"
  disable_init = true
  generate = { path = "backend.tf", if_exists = "overwrite_terragrunt" }
  config = { bucket = "b", key = "k" }
}
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite"
  contents  = "provider \"opentelekomcloud\" {}"
}
locals { name = "app" }
inputs = { name = local.name, n = 3 }
dependencies { paths = ["../other"] }
feature "f" { default = 1 }
exclude {
  if      = "true"
  actions = ["plan"]
  no_run  = true
}
errors {
  retry "r" {
    retryable_errors   = ["x"]
    max_attempts       = 4
    sleep_interval_sec = 1
  }
  ignore "i" {
    ignorable_errors = ["!y"]
    message          = "m"
    signals          = { a = true }
  }
}
prevent_destroy = true
download_dir = "/tmp/dl"
terraform_binary = "tofu"
terraform_version_constraint = ">= 1.6"
terragrunt_version_constraint = ">= 0.80"
iam_role = "role"
iam_assume_role_duration = 900
iam_assume_role_session_name = "s"
iam_web_identity_token = "t"
)");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.config) << Errors(r);
  const UnitConfig& u = *r.config;
  ASSERT_TRUE(u.terraform);
  EXPECT_EQ(*u.terraform->source, "git::https://example.com/m.git//vpc?ref=v1");
  EXPECT_EQ(u.terraform->include_in_copy, std::vector<std::string>{".x"});
  EXPECT_EQ(u.terraform->exclude_from_copy, std::vector<std::string>{"*.bak"});
  EXPECT_EQ(u.terraform->copy_terraform_lock_file, false);
  ASSERT_EQ(u.terraform->extra_arguments.size(), 1u);
  EXPECT_EQ(u.terraform->extra_arguments[0].env_vars.at("TF_LOG"), "info");
  EXPECT_EQ(u.terraform->extra_arguments[0].optional_var_files, std::vector<std::string>{"b.tfvars"});
  ASSERT_EQ(u.terraform->before_hooks.size(), 1u);
  EXPECT_EQ(u.terraform->before_hooks[0].execute, (std::vector<std::string>{"echo", "hi"}));
  EXPECT_EQ(u.terraform->before_hooks[0].run_on_error, true);
  EXPECT_EQ(u.terraform->before_hooks[0].if_condition, cty::Value::False());
  EXPECT_EQ(*u.terraform->after_hooks[0].working_dir, "/tmp");
  EXPECT_EQ(u.terraform->error_hooks[0].on_errors, std::vector<std::string>{".*"});
  ASSERT_TRUE(u.remote_state);
  EXPECT_EQ(u.remote_state->backend, "s3");
  EXPECT_EQ(u.remote_state->disable_init, true);
  EXPECT_EQ(*u.remote_state->generate_path, "backend.tf");
  EXPECT_EQ(u.remote_state->config.GetAttr("bucket"), cty::Value::String("b"));
  ASSERT_EQ(u.generate.size(), 1u);
  EXPECT_EQ(u.generate[0].if_exists, "overwrite");
  EXPECT_EQ(u.generate[0].comment_prefix, "# ");
  EXPECT_EQ(u.locals.at("name"), cty::Value::String("app"));
  EXPECT_EQ(Input(u, "name"), cty::Value::String("app"));
  ASSERT_EQ(u.dependencies.size(), 1u);
  EXPECT_EQ(u.dependencies[0], (root_ / "other").lexically_normal());
  ASSERT_EQ(u.features.size(), 1u);
  EXPECT_EQ(u.features[0].value, cty::Value::Int(1));
  ASSERT_TRUE(u.exclude);
  EXPECT_TRUE(u.exclude->if_condition);  // "true" accepted for bools
  EXPECT_EQ(u.exclude->no_run, true);
  ASSERT_TRUE(u.errors);
  EXPECT_EQ(u.errors->retry[0].max_attempts, 4);
  EXPECT_EQ(u.errors->ignore[0].ignorable_errors, std::vector<std::string>{"!y"});
  EXPECT_EQ(u.prevent_destroy, true);
  EXPECT_EQ(*u.download_dir, "/tmp/dl");
  EXPECT_EQ(*u.terraform_binary, "tofu");
  EXPECT_EQ(*u.terragrunt_version_constraint, ">= 0.80");
  EXPECT_EQ(*u.iam_role, "role");
  EXPECT_EQ(u.iam_assume_role_duration, 900);
  EXPECT_EQ(*u.iam_web_identity_token, "t");
  EXPECT_EQ(u.DependencyDirs(), std::vector<fs::path>{(root_ / "other").lexically_normal()});
}

TEST_F(ConfigTest, UnknownAttributeIsRejectedWithPosition) {
  Write("u/terragrunt.hcl", "inputs = {}\nskip = true\n");
  LoadResult r = Load("u");
  EXPECT_FALSE(r.config);
  ASSERT_TRUE(r.diags.HasErrors());
  EXPECT_EQ(r.diags[0].summary, "Unsupported argument");
  EXPECT_NE(r.diags[0].detail.find("An argument named \"skip\" is not expected here."), std::string::npos);
  ASSERT_TRUE(r.diags[0].subject);
  EXPECT_EQ(r.diags[0].subject->start.line, 2);
  EXPECT_EQ(r.diags[0].subject->start.column, 1);
}

TEST_F(ConfigTest, UnknownNestedAttributeIsRejected) {
  Write("u/terragrunt.hcl", "terraform {\n  sauce = \"x\"\n}\n");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.diags.HasErrors());
  EXPECT_NE(Errors(r).find("An argument named \"sauce\" is not expected here. Did you mean \"source\"?"), std::string::npos)
      << Errors(r);
}

TEST_F(ConfigTest, SyntaxErrorHasFileLineColumn) {
  Write("u/terragrunt.hcl", "inputs = {\n  a = \n}\n");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.diags.HasErrors());
  ASSERT_TRUE(r.diags[0].subject);
  EXPECT_EQ(r.diags[0].subject->filename.str(), (root_ / "u/terragrunt.hcl").string());
  EXPECT_EQ(r.diags[0].subject->start.line, 2);
  // The Loader keeps the source for snippets.
  EXPECT_NE(loader_->Source((root_ / "u/terragrunt.hcl").string()).find("a = "), std::string::npos);
}

TEST_F(ConfigTest, MissingConfigIsAnError) {
  fs::create_directories(root_ / "empty");
  LoadResult r = Load("empty");
  ASSERT_TRUE(r.diags.HasErrors());
  EXPECT_NE(Errors(r).find("There is no terragrunt.hcl in"), std::string::npos) << Errors(r);
}

TEST_F(ConfigTest, LocalsEvaluateIterativelyAndReportCycles) {
  Write("ok/terragrunt.hcl", "locals {\n  b = local.a + 1\n  a = 1\n  c = local.b * 2\n}\n");
  LoadResult ok = Load("ok");
  ASSERT_TRUE(ok.config) << Errors(ok);
  EXPECT_EQ(ok.config->locals.at("c"), cty::Value::Int(4));

  Write("cyc/terragrunt.hcl", "locals {\n  a = local.b\n  b = local.a\n  c = 1\n}\n");
  LoadResult cyc = Load("cyc");
  ASSERT_TRUE(cyc.diags.HasErrors());
  EXPECT_EQ(cyc.diags[0].summary, "Could not evaluate all locals in block.");
  EXPECT_NE(cyc.diags[0].detail.find("a cycle among: a, b"), std::string::npos) << Errors(cyc);

  Write("self/terragrunt.hcl", "locals {\n  a = local.a\n}\n");
  EXPECT_TRUE(Load("self").diags.HasErrors());

  // locals cannot see dependency (3.1 consequences)
  Write("dep/terragrunt.hcl", "dependency \"x\" {\n  config_path = \"../ok\"\n}\nlocals {\n  a = dependency.x.outputs\n}\n");
  LoadResult dep = Load("dep");
  ASSERT_TRUE(dep.diags.HasErrors());
  EXPECT_NE(Errors(dep).find("dependency"), std::string::npos);
}

TEST_F(ConfigTest, ShallowAndDeepIncludeMerge) {
  Write("root.hcl", R"(
inputs = { a = 1, m = { x = 1 }, l = [1] }
terraform {
  source = "parent"
  include_in_copy = ["p"]
  before_hook "h" {
    commands = ["plan"]
    execute  = ["parent"]
  }
}
remote_state {
  backend = "s3"
  config = { bucket = "b" }
}
prevent_destroy = true
)");
  const char* child = R"(
include "root" {
  path = find_in_parent_folders("root.hcl")
  merge_strategy = "%s"
}
inputs = { m = { y = 2 }, l = [2] }
terraform {
  include_in_copy = ["c"]
  before_hook "h" {
    commands = ["apply"]
    execute  = ["child"]
  }
}
prevent_destroy = false
)";
  char buf[1024];
  std::snprintf(buf, sizeof buf, child, "shallow");
  Write("s/terragrunt.hcl", buf);
  std::snprintf(buf, sizeof buf, child, "deep");
  Write("d/terragrunt.hcl", buf);

  LoadResult s = Load("s");
  ASSERT_TRUE(s.config) << Errors(s);
  EXPECT_EQ(Input(*s.config, "a"), cty::Value::Int(1));
  EXPECT_EQ(Input(*s.config, "m").LengthInt(), 1u);
  EXPECT_EQ(Input(*s.config, "l").LengthInt(), 1u);
  EXPECT_EQ(*s.config->terraform->source, "parent");
  EXPECT_EQ(s.config->terraform->include_in_copy, std::vector<std::string>{"p"});  // the shallow quirk
  ASSERT_EQ(s.config->terraform->before_hooks.size(), 1u);
  EXPECT_EQ(s.config->terraform->before_hooks[0].execute, std::vector<std::string>{"child"});
  EXPECT_EQ(s.config->remote_state->backend, "s3");
  EXPECT_EQ(s.config->prevent_destroy, false);

  LoadResult d = Load("d");
  ASSERT_TRUE(d.config) << Errors(d);
  EXPECT_EQ(Input(*d.config, "m").LengthInt(), 2u);
  EXPECT_EQ(Input(*d.config, "l").LengthInt(), 2u);
  EXPECT_EQ(Input(*d.config, "l").Elements()[0], cty::Value::Int(1));
  EXPECT_EQ(d.config->terraform->include_in_copy, (std::vector<std::string>{"c", "p"}));
  ASSERT_EQ(d.config->includes.size(), 1u);
  EXPECT_EQ(d.config->includes[0].merge_strategy, "deep");
  EXPECT_EQ(d.config->includes[0].path, (root_ / "root.hcl").lexically_normal());
  // The include is among the files read.
  EXPECT_NE(std::find(d.config->files_read.begin(), d.config->files_read.end(), (root_ / "root.hcl").string()),
            d.config->files_read.end());
}

TEST_F(ConfigTest, GenerateDuplicatesFollowMergeStrategy) {
  Write("root.hcl", "generate \"p\" {\n  path = \"p.tf\"\n  if_exists = \"overwrite\"\n  contents = \"parent\"\n}\n");
  Write("s/terragrunt.hcl",
        "include \"root\" {\n  path = \"../root.hcl\"\n}\ngenerate \"p\" {\n  path = \"p.tf\"\n  if_exists = \"skip\"\n  contents = \"c\"\n}\n");
  LoadResult s = Load("s");
  ASSERT_TRUE(s.diags.HasErrors());
  EXPECT_NE(Errors(s).find("Detected generate blocks with the same name: [p]"), std::string::npos) << Errors(s);
  EXPECT_NE(Errors(s).find("terragrunt.hcl:1,1-"), std::string::npos) << "points at the include: " << Errors(s);

  Write("d/terragrunt.hcl",
        "include \"root\" {\n  path = \"../root.hcl\"\n  merge_strategy = \"deep\"\n}\n"
        "generate \"p\" {\n  path = \"p.tf\"\n  if_exists = \"skip\"\n  contents = \"c\"\n}\n");
  LoadResult d = Load("d");
  ASSERT_TRUE(d.config) << Errors(d);
  ASSERT_EQ(d.config->generate.size(), 1u);
  EXPECT_EQ(d.config->generate[0].contents, "c");

  Write("bad/terragrunt.hcl", "generate \"p\" {\n  path = \"p.tf\"\n  if_exists = \"sometimes\"\n  contents = \"\"\n}\n");
  LoadResult bad = Load("bad");
  ASSERT_TRUE(bad.diags.HasErrors());
  EXPECT_NE(Errors(bad).find("if_exists \"sometimes\" is not supported"), std::string::npos);
}

TEST_F(ConfigTest, ExposedIncludesAndFunctionsSeeTheChild) {
  Write("live/root.hcl", R"(
locals { env = "prod" }
inputs = { rel = path_relative_to_include(), dir = get_terragrunt_dir() }
)");
  Write("live/app/terragrunt.hcl", R"(
include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}
locals { e = include.root.locals.env }
inputs = { e = local.e, parent_rel = include.root.inputs.rel }
)");
  LoadResult r = Load("live/app");
  ASSERT_TRUE(r.config) << Errors(r);
  EXPECT_EQ(Input(*r.config, "rel"), cty::Value::String("app"));
  EXPECT_EQ(Input(*r.config, "dir"), cty::Value::String((root_ / "live/app").string()));
  EXPECT_EQ(Input(*r.config, "e"), cty::Value::String("prod"));
  EXPECT_EQ(Input(*r.config, "parent_rel"), cty::Value::String("app"));
  EXPECT_EQ(r.config->locals.size(), 1u);  // the parent's locals are not merged
}

TEST_F(ConfigTest, IncludeErrors) {
  Write("base.hcl", "inputs = {}\n");
  Write("mid.hcl", "include \"base\" {\n  path = \"base.hcl\"\n}\n");
  Write("nested/terragrunt.hcl", "include \"mid\" {\n  path = \"../mid.hcl\"\n}\n");
  LoadResult n = Load("nested");
  ASSERT_TRUE(n.diags.HasErrors());
  EXPECT_NE(Errors(n).find("Only one level of includes is allowed"), std::string::npos) << Errors(n);

  Write("missing/terragrunt.hcl", "include \"x\" {\n  path = \"../nope.hcl\"\n}\n");
  LoadResult m = Load("missing");
  ASSERT_TRUE(m.diags.HasErrors());
  EXPECT_EQ(m.diags[0].summary, "Include file not found");
  ASSERT_TRUE(m.diags[0].subject);
  EXPECT_EQ(m.diags[0].subject->start.line, 1);

  Write("strategy/terragrunt.hcl", "include \"x\" {\n  path = \"../base.hcl\"\n  merge_strategy = \"wide\"\n}\n");
  LoadResult s = Load("strategy");
  ASSERT_TRUE(s.diags.HasErrors());
  EXPECT_NE(Errors(s).find("merge_strategy \"wide\" is not supported"), std::string::npos);

  Write("bare2/terragrunt.hcl", "include {\n  path = \"../base.hcl\"\n}\ninclude {\n  path = \"../base.hcl\"\n}\n");
  EXPECT_TRUE(Load("bare2").diags.HasErrors());
}

TEST_F(ConfigTest, DependencyOutputsMocksAndErrors) {
  Write("vpc/terragrunt.hcl", "");
  Write("app/terragrunt.hcl", R"(
dependency "vpc" {
  config_path  = "../vpc"
  mock_outputs = { id = "mock", extra = "m" }
  mock_outputs_allowed_terraform_commands = ["plan"]
  mock_outputs_merge_strategy_with_state  = "shallow"
}
inputs = { id = dependency.vpc.outputs.id, extra = dependency.vpc.outputs.extra }
)");
  // Full mode, command allowed for mocks, no outputs: mocks.
  LoadOptions plan;
  plan.terraform_command = "plan";
  LoadResult p = Load("app", plan);
  ASSERT_TRUE(p.config) << Errors(p);
  EXPECT_EQ(Input(*p.config, "id"), cty::Value::String("mock"));

  // Not allowed for apply: an error naming the dependency.
  LoadOptions apply;
  apply.terraform_command = "apply";
  LoadResult a = Load("app", apply);
  ASSERT_TRUE(a.diags.HasErrors());
  EXPECT_NE(Errors(a).find("dependency \"vpc\""), std::string::npos) << Errors(a);
  EXPECT_NE(Errors(a).find("has not been applied yet"), std::string::npos) << Errors(a);

  // Real outputs, merged with the mocks (shallow) because plan allows mocks.
  LoadOptions real = plan;
  std::atomic<int> calls{0};
  real.dependency_outputs = [&](const fs::path& dir, std::string*) -> std::optional<cty::Value> {
    ++calls;
    EXPECT_EQ(dir, (root_ / "vpc").lexically_normal());
    return cty::Value::Object({{"id", cty::Value::String("vpc-123")}});
  };
  LoadResult rr = Load("app", real);
  ASSERT_TRUE(rr.config) << Errors(rr);
  EXPECT_EQ(Input(*rr.config, "id"), cty::Value::String("vpc-123"));
  EXPECT_EQ(Input(*rr.config, "extra"), cty::Value::String("m"));
  EXPECT_EQ(calls.load(), 1);

  // Apply with real outputs: state only.
  LoadOptions real_apply = apply;
  real_apply.dependency_outputs = real.dependency_outputs;
  LoadResult ra = Load("app", real_apply);
  ASSERT_TRUE(ra.diags.HasErrors()) << "extra is not in the state";
  EXPECT_NE(Errors(ra).find("extra"), std::string::npos);

  // An output reader error is reported with the dependency's name.
  LoadOptions failing = apply;
  failing.dependency_outputs = [](const fs::path&, std::string* err) -> std::optional<cty::Value> {
    *err = "tofu output failed";
    return std::nullopt;
  };
  LoadResult f = Load("app", failing);
  ASSERT_TRUE(f.diags.HasErrors());
  EXPECT_NE(Errors(f).find("dependency \"vpc\""), std::string::npos);
  EXPECT_NE(Errors(f).find("tofu output failed"), std::string::npos);
}

TEST_F(ConfigTest, DiscoveryModeNeverFetchesOutputs) {
  Write("vpc/terragrunt.hcl", "");
  Write("app/terragrunt.hcl", R"(
dependency "vpc" { config_path = "../vpc" }
dependencies { paths = ["../db"] }
inputs = { id = dependency.vpc.outputs.id }
generate "x" {
  path = "x.tf"
  if_exists = "overwrite"
  contents = dependency.vpc.outputs.id
}
terraform { source = "../modules//app" }
)");
  LoadOptions o;
  o.discovery = true;
  o.dependency_outputs = [](const fs::path&, std::string*) -> std::optional<cty::Value> {
    ADD_FAILURE() << "outputs fetched in discovery";
    return std::nullopt;
  };
  LoadResult r = Load("app", o);
  ASSERT_TRUE(r.config) << Errors(r);
  ASSERT_EQ(r.config->dependency_blocks.size(), 1u);
  EXPECT_FALSE(r.config->dependency_blocks[0].outputs.IsKnown());
  EXPECT_TRUE(r.config->inputs.IsNull());  // not decoded in discovery
  EXPECT_EQ(*r.config->terraform->source, "../modules//app");
  EXPECT_EQ(r.config->DependencyDirs(),
            (std::vector<fs::path>{(root_ / "vpc").lexically_normal(), (root_ / "db").lexically_normal()}));
}

TEST_F(ConfigTest, DependencyBlocksMergeBeforeOutputs) {
  Write("vpc/terragrunt.hcl", "");
  Write("root.hcl", R"(
dependency "vpc" {
  config_path  = "${get_terragrunt_dir()}/../vpc"
  mock_outputs = { a = 1, l = [1] }
}
inputs = { from_parent = dependency.vpc.outputs.a }
)");
  Write("app/terragrunt.hcl", R"(
include "root" {
  path = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
dependency "vpc" {
  config_path  = "../vpc"
  mock_outputs = { b = 2, l = [2] }
}
)");
  LoadOptions o;
  o.always_allow_mocks = true;
  LoadResult r = Load("app", o);
  ASSERT_TRUE(r.config) << Errors(r);
  ASSERT_EQ(r.config->dependency_blocks.size(), 1u);
  const cty::Value& out = r.config->dependency_blocks[0].outputs;
  EXPECT_EQ(out.GetAttr("a"), cty::Value::Int(1));
  EXPECT_EQ(out.GetAttr("b"), cty::Value::Int(2));
  EXPECT_EQ(out.GetAttr("l").LengthInt(), 2u);
  EXPECT_EQ(Input(*r.config, "from_parent"), cty::Value::Int(1));
}

TEST_F(ConfigTest, FeatureDefaultsMergeAndOverridesAreCoerced) {
  Write("root.hcl", "feature \"a\" {\n  default = false\n}\nfeature \"b\" {\n  default = 1\n}\n");
  Write("app/terragrunt.hcl", R"(
include "root" { path = "../root.hcl" }
feature "b" { default = 2 }
inputs = { a = feature.a.value, b = feature.b.value }
)");
  LoadOptions o;
  o.feature_overrides["a"] = cty::Value::String("true");
  LoadResult r = Load("app", o);
  ASSERT_TRUE(r.config) << Errors(r);
  EXPECT_EQ(Input(*r.config, "a"), cty::Value::True());
  EXPECT_EQ(Input(*r.config, "b"), cty::Value::Int(2));

  LoadOptions bad;
  bad.feature_overrides["a"] = cty::Value::String("maybe");
  LoadResult b = Load("app", bad);
  ASSERT_TRUE(b.diags.HasErrors());
  EXPECT_NE(Errors(b).find("feature \"a\""), std::string::npos) << Errors(b);

  Write("nodefault/terragrunt.hcl", "feature \"x\" {}\n");
  LoadResult nd = Load("nodefault");
  ASSERT_TRUE(nd.diags.HasErrors());
  EXPECT_NE(Errors(nd).find("feature flag x does not have a default value in"), std::string::npos);
}

TEST_F(ConfigTest, ValuesFileIsVisible) {
  Write("u/terragrunt.values.hcl", "name = \"svc\"\nsize = 3\n");
  Write("u/terragrunt.hcl", "inputs = { name = values.name, size = values.size }\n");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.config) << Errors(r);
  EXPECT_EQ(Input(*r.config, "name"), cty::Value::String("svc"));

  Write("v/terragrunt.hcl", "inputs = { name = values.name }\n");
  LoadResult missing = Load("v");
  ASSERT_TRUE(missing.diags.HasErrors());
  EXPECT_NE(Errors(missing).find("values"), std::string::npos);
}

TEST_F(ConfigTest, ReadTerragruntConfigReturnsTheParsedFile) {
  Write("tenant.hcl", "locals {\n  tenant = \"t1\"\n}\ninputs = { x = 1 }\n");
  Write("u/terragrunt.hcl", R"(
locals { t = read_terragrunt_config(find_in_parent_folders("tenant.hcl")) }
inputs = { tenant = local.t.locals.tenant, x = local.t.inputs.x }
)");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.config) << Errors(r);
  EXPECT_EQ(Input(*r.config, "tenant"), cty::Value::String("t1"));
  EXPECT_EQ(Input(*r.config, "x"), cty::Value::Int(1));

  Write("a.hcl", "locals {\n  b = read_terragrunt_config(\"b.hcl\")\n}\n");
  Write("b.hcl", "locals {\n  a = read_terragrunt_config(\"a.hcl\")\n}\n");
  Write("cyc/terragrunt.hcl", "locals {\n  a = read_terragrunt_config(\"../a.hcl\")\n}\n");
  LoadResult c = Load("cyc");
  ASSERT_TRUE(c.diags.HasErrors());
  EXPECT_NE(Errors(c).find("cycle"), std::string::npos) << Errors(c);
}

TEST_F(ConfigTest, JsonConfig) {
  Write("u/terragrunt.hcl.json", R"({"locals": {"a": "x"}, "inputs": {"a": "${local.a}"}, "terraform": {"source": "s"}})");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.config) << Errors(r);
  EXPECT_EQ(Input(*r.config, "a"), cty::Value::String("x"));
  EXPECT_EQ(*r.config->terraform->source, "s");
}

TEST_F(ConfigTest, ConcurrentLoadsShareParsedFiles) {
  Write("root.hcl", "locals {\n  r = \"root\"\n}\ninputs = { rel = path_relative_to_include() }\n");
  for (int i = 0; i < 40; ++i)
    Write("u" + std::to_string(i) + "/terragrunt.hcl",
          "include \"root\" {\n  path = find_in_parent_folders(\"root.hcl\")\n}\ninputs = { i = " + std::to_string(i) + " }\n");
  Loader loader(LoadOptions{});
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 40; i += 2) {  // overlapping: units loaded twice
        LoadResult r = loader.LoadUnit(root_ / ("u" + std::to_string(i)));
        if (r.config && Input(*r.config, "rel") == cty::Value::String("u" + std::to_string(i)) &&
            Input(*r.config, "i") == cty::Value::Int(i))
          ++ok;
        else
          ADD_FAILURE() << "u" << i << ": " << Errors(r);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 78);  // 20 + 20 + 19 + 19
  // Memoised: the same object for the same unit.
  EXPECT_EQ(loader.LoadUnit(root_ / "u1").config.get(), loader.LoadUnit(root_ / "u1/terragrunt.hcl").config.get());
}

TEST_F(ConfigTest, RenderShapeAndHcl) {
  Write("u/terragrunt.hcl", R"(
terraform { source = "x" }
inputs = { s = "a\"b${"$"}{c}", n = 1.5, l = ["p"] }
prevent_destroy = true
)");
  LoadResult r = Load("u");
  ASSERT_TRUE(r.config) << Errors(r);
  cty::Value v = Loader::Render(*r.config);
  EXPECT_EQ(v.GetAttr("prevent_destroy"), cty::Value::True());
  EXPECT_EQ(v.GetAttr("terraform").GetAttr("source"), cty::Value::String("x"));
  EXPECT_EQ(v.GetAttr("inputs").GetAttr("s"), cty::Value::String("a\"b${c}"));
  EXPECT_EQ(v.Attributes().count("remote_state"), 0u);  // unset: absent
  std::string hcl = Loader::RenderHCL(v);
  EXPECT_NE(hcl.find("terraform {\n"), std::string::npos) << hcl;
  EXPECT_NE(hcl.find("  source            = \"x\"\n"), std::string::npos) << hcl;
  EXPECT_NE(hcl.find("\"a\\\"b$${c}\""), std::string::npos) << hcl;
  EXPECT_NE(hcl.find("prevent_destroy = true"), std::string::npos) << hcl;
}

TEST_F(ConfigTest, TerraformSourceMustNotReferenceDependency) {
  Write("vpc/terragrunt.hcl", "");
  Write("u/terragrunt.hcl", R"(
dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = { s = "x" }
}
terraform { source = dependency.vpc.outputs.s }
)");
  LoadOptions o;
  o.always_allow_mocks = true;
  LoadResult r = Load("u", o);
  ASSERT_TRUE(r.diags.HasErrors());
  EXPECT_NE(Errors(r).find("TerraformSourceReferencesDependencyError"), std::string::npos);
}

}  // namespace
}  // namespace config
