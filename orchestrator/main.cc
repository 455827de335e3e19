// edp-stack: the Terragrunt-compatible orchestrator's command line.
//
//   edp-stack [--version] [--help] COMMAND ...
//   edp-stack hcl fmt [--check] [--diff] [--stdin] [PATHS...]
//   edp-stack hcl eval FILE [--json]
//   edp-stack stack generate [--parallelism N] [--no-stack-validate] [--source-update] [DIR]
//   edp-stack stack clean [DIR]
//   edp-stack find [--json] [--dag] [--dependencies] [--external] [QUEUE FLAGS]
//   edp-stack dag graph [QUEUE FLAGS]
//   edp-stack render [--json] [--format hcl|json] [--write] [--out FILE] [--feature K=V]... [DIR]
//
// Exit status: 0 success; 1 the command failed (or `hcl fmt --check` found
// files to format); 2 usage error (unknown command or flag, missing
// argument). docs/edp-stack.md is the reference.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "cli/hcl_eval.h"
#include "cli/hcl_fmt.h"
#include "cli/find.h"
#include "cli/stack.h"
#include "cli/render.h"

namespace {

constexpr int kUsageError = 2;

// The deepest subcommand that was selected.
CLI::App* Deepest(CLI::App* app) {
  for (;;) {
    auto subs = app->get_subcommands();
    if (subs.empty()) return app;
    app = subs.front();
  }
}

// "edp-stack hcl fmt" for the deepest selected subcommand.
std::string CommandPath(CLI::App* app) {
  std::string path = app->get_name();
  for (CLI::App* cur = app;;) {
    auto subs = cur->get_subcommands();
    if (subs.empty()) return path;
    cur = subs.front();
    path += " " + cur->get_name();
  }
}

// The usage error message: CLI11's, except that an unknown word where a
// command is required is named as such, with the commands there are.
std::string UsageMessage(CLI::App* app, const CLI::ParseError& e) {
  CLI::App* cur = Deepest(app);
  std::vector<std::string> rest = cur->remaining();
  if (rest.empty() || dynamic_cast<const CLI::RequiredError*>(&e) == nullptr) return e.what();
  std::string msg = "unknown command \"" + rest.front() + "\"; the commands are:";
  for (const CLI::App* sub : cur->get_subcommands([](CLI::App*) { return true; })) msg += " " + sub->get_name();
  return msg;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"edp-stack: a Terragrunt-compatible orchestrator for OpenTofu stacks", "edp-stack"};
  app.set_version_flag("--version", std::string("edp-stack ") + EDP_STACK_VERSION, "Print the version and exit");
  app.require_subcommand(1);
  app.fallthrough(false);

  CLI::App* hcl = app.add_subcommand("hcl", "Work with HCL files (format, evaluate)");
  hcl->require_subcommand(1);

  edp::stack::FmtOptions fmt_opts;
  CLI::App* fmt = hcl->add_subcommand(
      "fmt",
      "Rewrite .hcl and .tf files into the canonical format (like terragrunt hcl fmt).\n"
      "Directories are searched recursively, skipping .terragrunt-cache, .terragrunt-stack,\n"
      ".terraform and .git; no PATHS means the current directory; \"-\" reads standard input.");
  fmt->add_flag("--check", fmt_opts.check, "List files that need formatting and exit 1; write nothing");
  fmt->add_flag("--diff", fmt_opts.diff, "Print a unified diff of the changes");
  fmt->add_flag("--stdin", fmt_opts.use_stdin, "Format standard input and print the result");
  fmt->add_option("PATHS", fmt_opts.paths, "Files or directories to format (default: .)");

  std::string eval_file;
  bool eval_json = false;
  CLI::App* eval = hcl->add_subcommand(
      "eval",
      "Evaluate every attribute of an HCL file (with the OpenTofu functions) and print\n"
      "{\"attributes\":{NAME:{\"type\":T,\"value\":V}},\"blocks\":[{\"type\":S,\"labels\":[...],\"body\":BODY}]}");
  eval->add_option("FILE", eval_file, "The HCL file to evaluate")->required();
  eval->add_flag("--json", eval_json, "Print JSON (the only output format)");

  edp::stack::RenderOptions render_opts;
  CLI::App* render = app.add_subcommand(
      "render",
      "Print the fully evaluated configuration of a unit (like terragrunt render): includes\n"
      "merged, locals and functions evaluated, dependency outputs from mock_outputs.");
  render->add_flag("--json", render_opts.json, "Print JSON (same as --format json)")->envname("TG_JSON");
  render->add_option("--format", render_opts.format, "Output format: hcl (default) or json")->envname("TG_FORMAT");
  render->add_flag("-w,--write", render_opts.write,
                   "Write terragrunt.rendered.json (.hcl) next to the unit's terragrunt.hcl instead of printing")
      ->envname("TG_WRITE");
  render->add_option("--out", render_opts.out, "Write to this file (relative to the unit directory); implies --write")
      ->envname("TG_OUT");
  render->add_option("--working-dir", render_opts.working_dir, "The directory to run in (default: current directory)")
      ->envname("TG_WORKING_DIR");
  render->add_option("--feature", render_opts.features, "Set a feature flag: NAME=VALUE (repeatable)")
      ->envname("TG_FEATURE")
      ->delimiter(',')
      ->allow_extra_args(false);
  render->add_option("DIR", render_opts.dir, "The unit directory or its terragrunt.hcl (default: the working dir)");

  // stack generate / stack clean (terragrunt stack ...; cli/stack.h).
  CLI::App* stack_cmd = app.add_subcommand("stack", "Generate and clean stacks (terragrunt.stack.hcl)");
  stack_cmd->require_subcommand(1);
  edp::stack::StackGenerateOptions gen_opts;
  CLI::App* stack_gen = stack_cmd->add_subcommand(
      "generate",
      "Generate .terragrunt-stack/ from every terragrunt.stack.hcl under DIR, recursively\n"
      "(nested stacks too). Atomic: on any error the previous tree is left in place.\n"
      "Component directories the stacks no longer list are removed and printed as \"removed: PATH\".");
  stack_gen->add_option("--working-dir", gen_opts.working_dir, "The directory to run in (default: current directory)")
      ->envname("TG_WORKING_DIR");
  stack_gen->add_option("--parallelism", gen_opts.parallelism, "Components generated at once (default: CPUs)")
      ->envname("TG_PARALLELISM")
      ->check(CLI::NonNegativeNumber);
  stack_gen->add_flag("--no-stack-validate", gen_opts.no_stack_validate,
                      "Warn instead of failing when a generated unit/stack lacks its terragrunt file")
      ->envname("TG_NO_STACK_VALIDATE");
  stack_gen->add_flag("--source-update", gen_opts.source_update,
                      "Fetch git sources again and discard runtime files of generated units")
      ->envname("TG_SOURCE_UPDATE");
  stack_gen->add_option("--download-dir", gen_opts.download_dir,
                        "Cache directory for git sources (default: $XDG_CACHE_HOME/edp-stack)")
      ->envname("TG_DOWNLOAD_DIR");
  stack_gen->add_option("--experiment", gen_opts.experiments, "Enable an experiment (e.g. block-iteration)")
      ->envname("TG_EXPERIMENT")
      ->delimiter(',');
  stack_gen->add_flag("--experiment-mode", gen_opts.experiment_mode, "Enable all experiments")
      ->envname("TG_EXPERIMENT_MODE");
  stack_gen->add_option("DIR", gen_opts.dir, "The directory to generate in (default: the working dir)");
  std::string clean_dir, clean_working_dir;
  CLI::App* stack_clean = stack_cmd->add_subcommand(
      "clean", "Delete every .terragrunt-stack directory under DIR (and leftovers of interrupted generates)");
  stack_clean->add_option("--working-dir", clean_working_dir, "The directory to run in (default: current directory)")
      ->envname("TG_WORKING_DIR");
  stack_clean->add_option("DIR", clean_dir, "The directory to clean (default: the working dir)");

  // find / dag graph (terragrunt find, terragrunt dag graph; cli/find.h).
  edp::stack::FindOptions find_opts;
  auto add_queue_flags = [&find_opts](CLI::App* c) {
    c->add_option("--working-dir", find_opts.working_dir, "The directory to run in (default: current directory)")
        ->envname("TG_WORKING_DIR");
    c->add_option("--queue-include-dir", find_opts.include_dirs,
                  "Only units whose path matches this glob (repeatable; ** spans directories)")
        ->envname("TG_QUEUE_INCLUDE_DIR")
        ->delimiter(',');
    c->add_option("--queue-exclude-dir", find_opts.exclude_dirs, "Leave out units whose path matches this glob")
        ->envname("TG_QUEUE_EXCLUDE_DIR")
        ->delimiter(',');
    c->add_flag("--queue-include-external", find_opts.include_external,
                "Include dependencies outside the working directory in the queue")
        ->envname("TG_QUEUE_INCLUDE_EXTERNAL");
    c->add_flag("--queue-exclude-external", find_opts.exclude_external,
                "Leave out external dependencies (the default; kept for compatibility)")
        ->envname("TG_QUEUE_EXCLUDE_EXTERNAL");
    c->add_flag("--queue-strict-include", find_opts.strict_include,
                "Only included units run (the default; kept for compatibility)")
        ->envname("TG_QUEUE_STRICT_INCLUDE");
    c->add_flag("--hidden", find_opts.hidden, "Also search hidden directories")->envname("TG_HIDDEN");
    c->add_flag("--no-generate", find_opts.no_generate, "Do not generate stacks before discovery");
    c->add_option("--parallelism", find_opts.parallelism, "Units parsed at once (default: CPUs)")
        ->envname("TG_PARALLELISM")
        ->check(CLI::NonNegativeNumber);
  };
  CLI::App* find = app.add_subcommand(
      "find", "List the units under the working directory (like terragrunt find), optionally in run order");
  add_queue_flags(find);
  find->add_flag("--json", find_opts.json, "Print a JSON array of {type, path[, dependencies]}")->envname("TG_JSON");
  find->add_flag("--dag", find_opts.dag, "List units in dependency (run) order")->envname("TG_DAG");
  find->add_flag("--dependencies", find_opts.dependencies, "Show each unit's dependencies")
      ->envname("TG_DEPENDENCIES");
  find->add_flag("--external", find_opts.external, "Also list dependencies outside the working directory")
      ->envname("TG_EXTERNAL");
  find->add_option("--queue-construct-as", find_opts.construct_as,
                   "Order the queue as for this command (destroy reverses it)")
      ->envname("TG_QUEUE_CONSTRUCT_AS")
      ->check(CLI::IsMember({"plan", "apply", "destroy"}));
  CLI::App* dag = app.add_subcommand("dag", "Dependency graph commands");
  dag->require_subcommand(1);
  CLI::App* dag_graph = dag->add_subcommand("graph", "Print the dependency graph in DOT format (like terragrunt dag graph)");
  add_queue_flags(dag_graph);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << CommandPath(&app) << ": " << UsageMessage(&app, e) << "\nRun '" << CommandPath(&app)
              << " --help' for usage.\n";
    return kUsageError;
  }

  if (*fmt) return edp::stack::RunHclFmt(fmt_opts, std::cin, std::cout, std::cerr);
  if (*eval) return edp::stack::RunHclEval(eval_file, std::cout, std::cerr);
  if (*stack_gen) return edp::stack::RunStackGenerate(gen_opts, std::cout, std::cerr);
  if (*stack_clean) return edp::stack::RunStackClean(clean_dir, clean_working_dir, std::cout, std::cerr);
  if (*render) return edp::stack::RunRender(render_opts, std::cout, std::cerr);
  if (*find) return edp::stack::RunFind(find_opts, std::cout, std::cerr);
  if (*dag_graph) return edp::stack::RunDagGraph(find_opts, std::cout, std::cerr);
  return kUsageError;  // not reached: a subcommand is required
}
