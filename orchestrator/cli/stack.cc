#include "cli/stack.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "hcl/diagnostic.h"
#include "stack/generate.h"

namespace edp::stack {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> g_cancel{false};

extern "C" void OnSignal(int) { g_cancel.store(true); }

// Installs SIGINT/SIGTERM handlers for its lifetime.
class SignalScope {
 public:
  SignalScope() {
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~SignalScope() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

// DIR, else --working-dir, else the current directory; absolute.
bool ResolveDir(const std::string& dir, const std::string& working_dir, fs::path* out, std::string* error) {
  std::error_code ec;
  fs::path p = !dir.empty() ? fs::path(dir) : !working_dir.empty() ? fs::path(working_dir) : fs::current_path(ec);
  p = fs::absolute(p, ec).lexically_normal();
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  p = s;
  if (!fs::is_directory(p, ec)) {
    *error = p.string() + " is not a directory; name the directory that holds terragrunt.stack.hcl";
    return false;
  }
  *out = p;
  return true;
}

std::string Rel(const fs::path& p, const fs::path& base) {
  fs::path r = p.lexically_relative(base);
  if (r.empty() || *r.begin() == "..") return p.string();
  return r.string();
}

// Terragrunt's legacy TERRAGRUNT_* variables still work, with a warning
// (features.md 6), when the TG_* variable and the flag are not set.
std::string Legacy(const char* name, const char* replacement, std::ostream& err) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return "";
  err << "WARN  The " << name << " environment variable is deprecated; set " << replacement << " instead\n";
  return v;
}

bool Truthy(const std::string& v) { return v == "1" || v == "true" || v == "TRUE" || v == "True"; }

}  // namespace

int RunStackGenerate(const StackGenerateOptions& options_in, std::ostream& out, std::ostream& err) {
  StackGenerateOptions options = options_in;
  if (options.working_dir.empty()) options.working_dir = Legacy("TERRAGRUNT_WORKING_DIR", "TG_WORKING_DIR", err);
  if (options.download_dir.empty()) options.download_dir = Legacy("TERRAGRUNT_DOWNLOAD", "TG_DOWNLOAD_DIR", err);
  if (options.download_dir.empty()) options.download_dir = Legacy("TERRAGRUNT_DOWNLOAD_DIR", "TG_DOWNLOAD_DIR", err);
  if (!options.source_update) options.source_update = Truthy(Legacy("TERRAGRUNT_SOURCE_UPDATE", "TG_SOURCE_UPDATE", err));
  if (options.parallelism == 0) {
    std::string p = Legacy("TERRAGRUNT_PARALLELISM", "TG_PARALLELISM", err);
    if (!p.empty()) options.parallelism = std::atoi(p.c_str());
  }
  fs::path dir;
  std::string error;
  if (!ResolveDir(options.dir, options.working_dir, &dir, &error)) {
    err << "edp-stack stack generate: " << error << "\n";
    return 1;
  }
  ::stack::GenerateOptions go;
  go.working_dir = dir;
  go.parallelism = options.parallelism;
  go.no_stack_validate = options.no_stack_validate;
  go.source_update = options.source_update;
  go.download_dir = options.download_dir;
  for (const std::string& e : options.experiments) {
    std::stringstream ss(e);
    for (std::string item; std::getline(ss, item, ',');) {
      if (!item.empty()) go.parse.experiments.push_back(item);
    }
  }
  go.parse.experiment_mode = options.experiment_mode;
  go.info = [&](const std::string& line) { err << "INFO  " << line << "\n"; };
  go.warn = [&](const std::string& line) { err << "WARN  " << line << "\n"; };
  g_cancel.store(false);
  go.cancel = &g_cancel;

  if (::stack::FindStackFiles(dir).empty()) {
    err << "WARN  No stack files found in " << dir.string() << " Nothing to generate.\n";
    return 0;
  }
  ::stack::GenerateReport report;
  {
    SignalScope signals;
    report = ::stack::Generate(go);
  }
  auto lookup = [&](const std::string& name) -> std::string_view {
    auto it = report.sources.find(name);
    return it == report.sources.end() ? std::string_view() : std::string_view(it->second);
  };
  if (!report.diags.empty()) err << hcl::RenderDiagnostics(report.diags, lookup);
  for (const fs::path& r : report.removed) out << "removed: " << Rel(r, dir) << "\n";
  if (!report.ok()) {
    err << "edp-stack stack generate: failed; nothing was changed on disk\n";
    return 1;
  }
  err << "INFO  Generated " << report.generated.size() << " component(s) from " << report.stack_files.size()
      << " stack file(s)\n";
  return 0;
}

int RunStackClean(const std::string& dir_arg, const std::string& working_dir, std::ostream& out, std::ostream& err) {
  (void)out;
  fs::path dir;
  std::string error;
  if (!ResolveDir(dir_arg, working_dir, &dir, &error)) {
    err << "edp-stack stack clean: " << error << "\n";
    return 1;
  }
  ::stack::CleanReport report = ::stack::Clean(dir);
  for (const fs::path& d : report.deleted) err << "INFO  Deleting stack directory: " << Rel(d, dir) << "\n";
  for (const std::string& e : report.errors) err << "edp-stack stack clean: " << e << "\n";
  return report.errors.empty() ? 0 : 1;
}

}  // namespace edp::stack
