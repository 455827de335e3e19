// edp-stack: the Terragrunt-compatible orchestrator's command line.
//
//   edp-stack [--version] [--help] COMMAND ...
//   edp-stack hcl fmt [--check] [--diff] [--stdin] [PATHS...]
//   edp-stack hcl eval FILE [--json]
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
  return kUsageError;  // not reached: a subcommand is required
}
