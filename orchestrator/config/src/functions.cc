// The Terragrunt functions (functions.h), written from Terragrunt's
// documented behaviour (features.md 4.1) and its error texts.
#include "config/functions.h"

#include <sys/stat.h>

#include <cerrno>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "source/process.h"
#include "funcs/funcs.h"
#include "hcl/body.h"
#include "hcl/json.h"
#include "hcl/parse.h"

namespace config {

namespace fs = std::filesystem;
using cty::FuncResult;
using cty::FunctionError;
using cty::Type;
using cty::Value;
using Args = std::vector<Value>;

// ---- RunCmdCache ----

std::shared_ptr<RunCmdCache::Slot> RunCmdCache::SlotFor(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = slots_[key];
  if (!slot) slot = std::make_shared<Slot>();
  return slot;
}

std::optional<std::string> RunCmdCache::Get(const std::string& key) const {
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = slots_.find(key);
    if (it == slots_.end()) return std::nullopt;
    slot = it->second;
  }
  std::lock_guard<std::mutex> lock(slot->mu);
  if (!slot->done) return std::nullopt;
  return slot->entry.value;
}

void RunCmdCache::Put(const std::string& key, std::string output) {
  auto slot = SlotFor(key);
  std::lock_guard<std::mutex> lock(slot->mu);
  slot->entry = Entry{};
  slot->entry.value = std::move(output);
  slot->done = true;
}

bool RunCmdCache::GetOrProduce(const std::string& key,
                               const std::function<bool(Entry* out, std::string* error)>& produce, Entry* result,
                               std::string* error, bool* was_cached) {
  auto slot = SlotFor(key);
  std::lock_guard<std::mutex> lock(slot->mu);
  if (was_cached) *was_cached = slot->done;
  if (!slot->done) {
    Entry fresh;
    if (!produce(&fresh, error)) return false;
    slot->entry = std::move(fresh);
    slot->done = true;
  }
  *result = slot->entry;
  return true;
}

bool RunCmdCache::MarkReplayed(const std::string& key) {
  auto slot = SlotFor(key);
  std::lock_guard<std::mutex> lock(slot->mu);
  if (slot->entry.replayed) return false;
  slot->entry.replayed = true;
  return true;
}

// ---- FunctionContext ----

fs::path FunctionContext::TerragruntDir() const {
  if (!terragrunt_dir.empty()) return terragrunt_dir;
  return config_file.parent_path();
}

fs::path FunctionContext::OriginalTerragruntDir() const {
  if (!original_terragrunt_dir.empty()) return original_terragrunt_dir;
  return TerragruntDir();
}

fs::path FunctionContext::UnitDir() const {
  if (!unit_dir.empty()) return unit_dir;
  return OriginalTerragruntDir();
}

// ---- Terragrunt's lists ----

const std::vector<std::string>& TerraformCommandsNeedingVars() {
  static const std::vector<std::string> v = {"apply", "console", "destroy", "import", "plan", "push", "refresh"};
  return v;
}

const std::vector<std::string>& TerraformCommandsNeedingLocking() {
  static const std::vector<std::string> v = {"apply", "destroy", "import", "plan", "refresh", "taint", "untaint"};
  return v;
}

const std::vector<std::string>& TerraformCommandsNeedingInput() {
  static const std::vector<std::string> v = {"apply", "import", "init", "plan", "refresh"};
  return v;
}

const std::vector<std::string>& TerraformCommandsNeedingParallelism() {
  static const std::vector<std::string> v = {"apply", "plan", "destroy"};
  return v;
}

// Terragrunt's internal/retry/defaults.go DefaultRetryableErrors, in order.
const std::vector<std::string>& DefaultRetryableErrors() {
  static const std::vector<std::string> v = {
      "(?s).*Failed to load state.*tcp.*timeout.*",
      "(?s).*Failed to load backend.*TLS handshake timeout.*",
      "(?s).*Creating metric alarm failed.*request to update this alarm is in progress.*",
      "(?s).*Error installing provider.*TLS handshake timeout.*",
      "(?s).*Error configuring the backend.*TLS handshake timeout.*",
      "(?s).*Error installing provider.*tcp.*timeout.*",
      "(?s).*Error installing provider.*tcp.*connection reset by peer.*",
      "NoSuchBucket: The specified bucket does not exist",
      "(?s).*Error creating SSM parameter: TooManyUpdates:.*",
      "(?s).*app.terraform.io.*: 429 Too Many Requests.*",
      "(?s).*ssh_exchange_identification.*Connection closed by remote host.*",
      "(?s).*Client\\.Timeout exceeded while awaiting headers.*",
      "(?s).*Could not download module.*The requested URL returned error: 429.*",
      "(?s).*net/http: TLS.*handshake timeout.*",
      "(?s).*could not query provider registry.*context deadline exceeded.*",
      "(?s).*provider.*TLS handshake timeout.*",
      "(?s).*provider.*tcp.*timeout.*",
      "(?s).*provider.*tcp.*connection reset by peer.*",
      "(?s).*provider.*context deadline exceeded.*",
      "(?s).*registry.*context deadline exceeded.*",
      "(?s).*Failed to resolve provider.*timeout.*",
      "(?s).*Failed to resolve provider.*connection reset by peer.*",
      "(?s).*Failed to resolve provider.*context deadline exceeded.*",
      "(?s).*could not connect to registry.*timeout.*",
      "(?s).*could not connect to registry.*connection reset by peer.*",
      "(?s).*could not connect to registry.*context deadline exceeded.*",
      "(?s).*failed to request discovery document.*context deadline exceeded.*",
      "(?s).*Failed to query available provider packages.*timeout.*",
      "(?s).*Failed to query available provider packages.*connection reset by peer.*",
      "(?s).*Failed to query available provider packages.*context deadline exceeded.*",
  };
  return v;
}

namespace {

using Ctx = std::shared_ptr<const FunctionContext>;
using Cache = std::shared_ptr<RunCmdCache>;

constexpr int kMaxFoldersToCheck = 100;  // Terragrunt's default --max-folders-to-check

// ---- small helpers ----

FunctionError Err(std::string message) { return FunctionError{std::move(message), -1}; }

// Go's filepath.Clean for absolute or relative slash paths.
std::string Clean(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  if (s.empty()) return ".";
  return s;
}

// Go's filepath.Rel(base, target) for two absolute, clean paths.
std::string Rel(const fs::path& base, const fs::path& target) {
  fs::path r = fs::path(Clean(target)).lexically_relative(Clean(base));
  std::string s = r.generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

fs::path Resolve(const fs::path& dir, const std::string& p) {
  fs::path path(p);
  if (path.is_absolute()) return fs::path(Clean(path));
  return fs::path(Clean(dir / path));
}

bool Exists(const fs::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

bool IsDir(const fs::path& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// terragrunt.hcl, or terragrunt.hcl.json when only that exists
// (Terragrunt's GetDefaultConfigPath).
fs::path DefaultConfigPath(const fs::path& dir) {
  fs::path hcl = dir / "terragrunt.hcl";
  if (!Exists(hcl)) {
    fs::path json = dir / "terragrunt.hcl.json";
    if (Exists(json)) return json;
  }
  return hcl;
}

Value StringList(const std::vector<std::string>& items) {
  if (items.empty()) return Value::EmptyList(Type::String());
  std::vector<Value> vals;
  vals.reserve(items.size());
  for (const auto& s : items) vals.push_back(Value::String(s));
  return Value::List(Type::String(), std::move(vals));
}

std::vector<std::string> Strings(const Args& args) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (const auto& a : args) out.push_back(a.AsString());
  return out;
}

std::string WrongParams(const std::string& fn, const std::string& expected, size_t actual) {
  return "Expected " + expected + " params for function " + fn + ", but got " + std::to_string(actual);
}

void TrackFileRead(const Ctx& ctx, const std::string& path) {
  if (!ctx->files_read) return;
  for (const auto& f : *ctx->files_read) {
    if (f == path) return;
  }
  ctx->files_read->push_back(path);
}

std::optional<std::string> LookupEnv(const Ctx& ctx, const std::string& name) {
  if (ctx->getenv) return ctx->getenv(name);
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

// Go %q-ish quoting for messages.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string JoinQuoted(const std::vector<std::string>& argv) {
  std::string out = "[";
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i) out += " ";
    out += Quote(argv[i]);
  }
  return out + "]";
}

// A function of string arguments only (Terragrunt's
// wrapStringSliceToStringAsFuncImpl): arity is checked by `impl`.
cty::Function VarStrings(Type ret, std::function<FuncResult<Value>(const std::vector<std::string>&)> impl) {
  cty::FunctionSpec spec;
  cty::Parameter p;
  p.name = "args";
  p.type = Type::String();
  spec.var_param = p;
  spec.return_type = [ret](const Args&) -> FuncResult<Type> { return ret; };
  spec.impl = [impl = std::move(impl)](const Args& args, const Type&) -> FuncResult<Value> {
    return impl(Strings(args));
  };
  return cty::Function(std::move(spec));
}

cty::Function VarStringsToString(std::function<FuncResult<std::string>(const std::vector<std::string>&)> impl) {
  return VarStrings(Type::String(), [impl = std::move(impl)](const std::vector<std::string>& a) -> FuncResult<Value> {
    auto r = impl(a);
    if (!r.ok()) return r.error();
    return Value::String(r.value());
  });
}

// A function without parameters.
cty::Function NoArgs(Type ret, std::function<FuncResult<Value>()> impl) {
  cty::FunctionSpec spec;
  spec.return_type = [ret](const Args&) -> FuncResult<Type> { return ret; };
  spec.impl = [impl = std::move(impl)](const Args&, const Type&) -> FuncResult<Value> { return impl(); };
  return cty::Function(std::move(spec));
}

cty::Function NoArgsString(std::function<FuncResult<std::string>()> impl) {
  return NoArgs(Type::String(), [impl = std::move(impl)]() -> FuncResult<Value> {
    auto r = impl();
    if (!r.ok()) return r.error();
    return Value::String(r.value());
  });
}

cty::Function StaticList(const std::vector<std::string>& items) {
  Value v = StringList(items);
  return NoArgs(Type::List(Type::String()), [v]() -> FuncResult<Value> { return v; });
}

// ---- includes ----

// Terragrunt's getSelectedIncludeBlock: the include "the include" means
// here, or nullptr when there is none.
FuncResult<const fs::path*> SelectedInclude(const Ctx& ctx, const std::vector<std::string>& params) {
  const auto& includes = ctx->include_paths;
  // Inside the included file: the include that pulled it in.
  const std::string self = Clean(ctx->config_file);
  for (const auto& [label, path] : includes) {
    if (Clean(path) == self) return &path;
  }
  if (includes.empty()) return static_cast<const fs::path*>(nullptr);
  if (includes.size() == 1) return &includes.begin()->second;
  if (params.size() != 1) {
    std::string labels;
    for (const auto& [label, path] : includes) labels += (labels.empty() ? "" : ", ") + Quote(label);
    return Err(WrongParams("path_relative_from_include", "1", params.size()) +
               " (this configuration has several include blocks, " + labels +
               ": pass the label of the one you mean)");
  }
  auto it = includes.find(params[0]);
  if (it == includes.end()) {
    return Err("There is no include block in the current config with the label '" + params[0] + "'");
  }
  return &it->second;
}

// The include's directory; a relative include path is taken relative to
// the child's directory.
fs::path IncludeDir(const Ctx& ctx, const fs::path& include) {
  fs::path dir = include.parent_path();
  if (dir.is_relative()) dir = ctx->TerragruntDir() / dir;
  return dir;
}

FuncResult<std::string> PathRelativeToInclude(const Ctx& ctx, const std::vector<std::string>& params) {
  auto inc = SelectedInclude(ctx, params);
  if (!inc.ok()) return inc.error();
  if (inc.value() == nullptr) return std::string(".");
  return Rel(IncludeDir(ctx, *inc.value()), ctx->TerragruntDir());
}

FuncResult<std::string> PathRelativeFromInclude(const Ctx& ctx, const std::vector<std::string>& params) {
  auto inc = SelectedInclude(ctx, params);
  if (!inc.ok()) return inc.error();
  if (inc.value() == nullptr) return std::string(".");
  return Rel(ctx->TerragruntDir(), IncludeDir(ctx, *inc.value()));
}

// ---- find_in_parent_folders ----

FuncResult<std::string> FindInParentFolders(const Ctx& ctx, const Cache& cache,
                                            const std::vector<std::string>& params) {
  if (params.size() > 2) return Err(WrongParams("find_in_parent_folders", "0, 1, or 2", params.size()));
  const std::string name = params.empty() ? "" : params[0];
  const std::string file_str = name.empty() ? "terragrunt.hcl" : name;
  // Terragrunt names the config it searched from: the child's when an
  // include is evaluated for it.
  const fs::path config_path = Clean(ctx->config_file.parent_path()) == Clean(ctx->TerragruntDir())
                                   ? ctx->config_file
                                   : ctx->TerragruntDir() / "terragrunt.hcl";
  const std::string start = Clean(ctx->TerragruntDir());

  // Memoised per (start directory, name): the found path or "" for none.
  RunCmdCache::Entry entry;
  std::string error;
  cache->GetOrProduce(
      "find_in_parent_folders\x1f" + start + "\x1f" + name,
      [&](RunCmdCache::Entry* out, std::string*) {
        fs::path previous(start);
        for (int i = 0; i < kMaxFoldersToCheck; ++i) {
          fs::path current = previous.parent_path();
          if (current == previous) return true;  // reached the root: not found
          fs::path candidate = name.empty() ? DefaultConfigPath(current) : current / name;
          if (Exists(candidate)) {
            out->value = Clean(candidate);
            return true;
          }
          previous = current;
        }
        out->stderr_text = "exceeded";
        return true;
      },
      &entry, &error);
  if (!entry.value.empty()) return entry.value;
  if (params.size() == 2) return params[1];
  const bool exceeded = entry.stderr_text == "exceeded";
  const std::string cause = exceeded ? "Exceeded maximum folders to check (" + std::to_string(kMaxFoldersToCheck) + ")"
                                     : "Traversed all the way to the root";
  return Err("ParentFileNotFoundError: Could not find a " + file_str + " in any of the parent folders of " +
             Clean(config_path) + ". Cause: " + cause +
             ". Create it in a parent directory, or pass a fallback as the second argument");
}

// ---- get_env ----

FuncResult<std::string> GetEnv(const Ctx& ctx, const std::vector<std::string>& params) {
  if (params.empty() || params.size() > 2) {
    return Err("InvalidGetEnvParamsError: Expected one or two parameters (getEnv(\"<NAME>\", \"[DEFAULT]\")) for "
               "get_env but got " +
               std::to_string(params.size()) + ".");
  }
  if (params[0].empty()) return Err("InvalidEnvParamNameError: Invalid environment variable name - () ");
  auto v = LookupEnv(ctx, params[0]);
  if (v) return *v;
  if (params.size() == 2) return params[1];
  return Err("EnvVarNotFoundError: Required environment variable " + params[0] +
             " - not found. Set it, or pass a default as the second argument: get_env(\"" + params[0] +
             "\", \"default\")");
}

// ---- run_cmd ----

FuncResult<std::string> RunCmd(const Ctx& ctx, const Cache& cache, std::vector<std::string> args) {
  if (args.empty()) return Err("Empty string value is not allowed for parameter to the run_cmd function");
  if (!ctx->allow_run_cmd) return Err("run_cmd is disabled in this evaluation; nothing was run");
  bool quiet = false, no_cache = false, global_cache = false;
  size_t skip = 0;
  for (; skip < args.size(); ++skip) {
    const std::string& a = args[skip];
    if (a == "--terragrunt-quiet") {
      quiet = true;
    } else if (a == "--terragrunt-global-cache" || a == "--terragrunt-no-cache") {
      const bool global = a == "--terragrunt-global-cache";
      if (global ? no_cache : global_cache) {
        return Err(
            "The --terragrunt-global-cache and --terragrunt-no-cache options cannot be used together. Choose one "
            "caching option for run_cmd.");
      }
      (global ? global_cache : no_cache) = true;
    } else {
      break;
    }
  }
  args.erase(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(skip));
  if (args.empty() || args[0].empty()) {
    return Err("Empty string value is not allowed for parameter to the run_cmd function (give the command to run "
               "after the --terragrunt-* options)");
  }
  const std::string dir = Clean(ctx->TerragruntDir());
  if (!IsDir(dir)) {
    return Err("run_cmd: cannot run " + JoinQuoted(args) + ": its working directory " + dir +
               " (the configuration's directory) does not exist");
  }

  auto run = [&](RunCmdCache::Entry* out, std::string* error) -> bool {
    source::ProcessResult r = source::RunProcess(args, dir, {}, /*inherit_stdin=*/true);
    if (!r.started) {
      *error = "run_cmd: cannot run " + Quote(args[0]) + " in " + dir + ": " + r.error +
               (args[0].find('/') == std::string::npos ? " (looked up on PATH)" : "") +
               ". Check the command name; run_cmd runs programs directly, not through a shell";
      return false;
    }
    if (r.exit_code != 0) {
      // Show the command's stderr now: the cache keeps nothing on failure.
      if (!r.err.empty()) {
        if (ctx->run_cmd_stderr) {
          ctx->run_cmd_stderr(r.err);
        } else {
          std::fwrite(r.err.data(), 1, r.err.size(), stderr);
        }
      }
      std::string status = r.signal == 0 ? "exit status " + std::to_string(r.exit_code)
                                         : "signal " + std::to_string(r.signal);
      std::string tail;
      if (!quiet && !r.err.empty()) {
        std::string s = r.err;
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        if (s.size() > 2000) s = "..." + s.substr(s.size() - 2000);
        tail = "; its stderr: " + s;
      }
      *error = "run_cmd: command " + JoinQuoted(args) + " in " + dir + " failed with " + status + tail;
      return false;
    }
    out->stdout_text = std::move(r.out);
    out->stderr_text = std::move(r.err);
    out->value = out->stdout_text;
    if (!out->value.empty() && out->value.back() == '\n') out->value.pop_back();
    return true;
  };

  RunCmdCache::Entry entry;
  std::string error;
  bool cached = false;
  std::string key;
  if (no_cache) {
    if (!run(&entry, &error)) return Err(error);
  } else {
    key = "run_cmd\x1f" + (global_cache ? std::string("_global_") : dir);
    for (const auto& a : args) key += "\x1f" + a;
    if (!cache->GetOrProduce(key, run, &entry, &error, &cached)) return Err(error);
  }
  // Show the output once per cached command (Terragrunt's replayOnce).
  if (no_cache || cache->MarkReplayed(key)) {
    if (!quiet && !entry.stdout_text.empty() && ctx->run_cmd_stdout) ctx->run_cmd_stdout(entry.stdout_text);
    if (!entry.stderr_text.empty()) {
      if (ctx->run_cmd_stderr) {
        ctx->run_cmd_stderr(entry.stderr_text);
      } else {
        std::fwrite(entry.stderr_text.data(), 1, entry.stderr_text.size(), stderr);
      }
    }
  }
  if (ctx->debug_log) {
    ctx->debug_log(std::string(cached ? "run_cmd, cached output: [" : "run_cmd output: [") +
                   (quiet ? "REDACTED" : entry.value) + "]");
  }
  return entry.value;
}

// ---- git ----

// The nearest directory at or above `dir` holding a .git entry, or "".
std::string NearestGitMarker(const std::string& dir) {
  fs::path p(dir);
  for (int i = 0; i < 1000; ++i) {
    if (Exists(p / ".git")) return p.generic_string();
    fs::path parent = p.parent_path();
    if (parent == p) break;
    p = parent;
  }
  return "";
}

// `git rev-parse --show-toplevel` in the unit's directory, memoised per
// repository.
FuncResult<std::string> RepoRoot(const Ctx& ctx, const Cache& cache, const std::string& fn) {
  const std::string dir = Clean(ctx->UnitDir());
  std::string marker = NearestGitMarker(dir);
  const std::string key = "git-toplevel\x1f" + (marker.empty() ? dir : marker);
  RunCmdCache::Entry entry;
  std::string error;
  bool ok = cache->GetOrProduce(
      key,
      [&](RunCmdCache::Entry* out, std::string* err) {
        if (!IsDir(dir)) {
          *err = "the directory " + dir + " does not exist";
          return false;
        }
        source::ProcessResult r = source::RunProcess({"git", "rev-parse", "--show-toplevel"}, dir);
        if (!r.started) {
          *err = "cannot run git: " + r.error + ". Install git and make sure it is on PATH";
          return false;
        }
        if (r.exit_code != 0) {
          std::string s = r.err;
          while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
          *err = dir + " is not inside a git repository (`git rev-parse --show-toplevel` failed" +
                 (s.empty() ? std::string() : ": " + s) + "). Run edp-stack in a git checkout, or do not use " + fn +
                 "() here";
          return false;
        }
        std::string top = r.out;
        while (!top.empty() && (top.back() == '\n' || top.back() == '\r')) top.pop_back();
        out->value = top;
        return true;
      },
      &entry, &error);
  if (!ok) return Err(fn + ": " + error);
  return entry.value;
}

// The unit directory as git sees it (symlinks resolved), for relative
// paths against git's (resolved) top level.
std::string ResolvedUnitDir(const Ctx& ctx) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(ctx->UnitDir(), ec);
  if (ec) return Clean(ctx->UnitDir());
  return Clean(p);
}

// ---- read_tfvars_file ----

std::string FormatDiags(const hcl::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags) {
    if (d.severity != hcl::Severity::kError) continue;
    if (!out.empty()) out += "; ";
    if (d.subject) {
      out += d.subject->filename.str() + ":" + std::to_string(d.subject->start.line) + ":" +
             std::to_string(d.subject->start.column) + ": ";
    }
    out += d.summary;
    if (!d.detail.empty()) out += ": " + d.detail;
  }
  return out;
}

// Go's encoding/json string escaping (HTML-safe, as json.Marshal does).
void AppendJSONString(std::string* out, const std::string& s) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      case '<': case '>': case '&':
        *out += "\\u00";
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          *out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

// A number as Go's json.Marshal writes a float64.
std::string GoFloatJSON(const cty::Number& n) {
  if (n.IsInt64()) {
    auto i = n.ToInt64();
    if (i && *i > -(int64_t{1} << 53) && *i < (int64_t{1} << 53)) return std::to_string(*i);
  }
  double d = n.ToDouble();
  double a = d < 0 ? -d : d;
  char buf[64];
  auto fmt = (a != 0 && (a < 1e-6 || a >= 1e21)) ? std::chars_format::scientific : std::chars_format::fixed;
  auto res = std::to_chars(buf, buf + sizeof buf, d, fmt);
  return std::string(buf, res.ptr);
}

// The value as Go's json.Marshal(map[string]any) writes it: object keys
// sorted, numbers as float64.
bool AppendGoJSON(std::string* out, const Value& v, std::string* error) {
  if (!v.IsKnown()) {
    *error = "the value is not known";
    return false;
  }
  if (v.IsNull()) {
    *out += "null";
    return true;
  }
  const Type& t = v.type();
  if (t == Type::String()) {
    AppendJSONString(out, v.AsString());
  } else if (t == Type::Number()) {
    if (v.AsNumber().IsInfinity()) {
      *error = "infinity cannot be encoded as JSON";
      return false;
    }
    *out += GoFloatJSON(v.AsNumber());
  } else if (t == Type::Bool()) {
    *out += v.AsBool() ? "true" : "false";
  } else if (t.IsList() || t.IsSet() || t.IsTuple()) {
    out->push_back('[');
    bool first = true;
    for (const auto& e : v.Elements()) {
      if (!first) out->push_back(',');
      first = false;
      if (!AppendGoJSON(out, e, error)) return false;
    }
    out->push_back(']');
  } else if (t.IsMap() || t.IsObject()) {
    out->push_back('{');
    bool first = true;
    for (const auto& [k, e] : v.Attributes()) {
      if (!first) out->push_back(',');
      first = false;
      AppendJSONString(out, k);
      out->push_back(':');
      if (!AppendGoJSON(out, e, error)) return false;
    }
    out->push_back('}');
  } else {
    *error = "a value of type " + t.FriendlyName() + " cannot be encoded as JSON";
    return false;
  }
  return true;
}

bool ReadWholeFile(const fs::path& p, std::string* out, std::string* error) {
  if (IsDir(p)) {
    *error = "is a directory";
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    *error = std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

FuncResult<std::string> ReadTfvarsFile(const Ctx& ctx, const std::vector<std::string>& params) {
  if (params.size() != 1) return Err(WrongParams("read_tfvars_file", "1", params.size()));
  const fs::path path = Resolve(ctx->UnitDir(), params[0]);
  const std::string p = path.generic_string();
  if (!Exists(path)) {
    return Err("TFVarFileNotFound: Could not find a " + p + ". Cause: the file does not exist (relative paths are "
               "resolved against the unit directory " + Clean(ctx->UnitDir()) + ").");
  }
  TrackFileRead(ctx, p);
  std::string contents, error;
  if (!ReadWholeFile(path, &contents, &error)) return Err("could not read file " + Quote(p) + ": " + error);

  if (p.size() >= 4 && p.compare(p.size() - 4, 4, "json") == 0) {
    auto parsed = hcl::ParseJSONExpression(contents, p);
    if (parsed.diags.HasErrors()) {
      return Err("could not unmarshal json body of tfvar file: " + FormatDiags(parsed.diags));
    }
    bool is_object = false;
    if (parsed.expr->kind() == hcl::ExprKind::kJSON) {
      const auto& node = static_cast<const hcl::JSONExpr*>(parsed.expr.get())->node();
      is_object = node.kind == hcl::JSONNode::Kind::kObject || node.kind == hcl::JSONNode::Kind::kNull;
    }
    if (!is_object) {
      return Err("could not unmarshal json body of tfvar file: " + p +
                 ": the file must hold a JSON object of variable values");
    }
    return contents;  // Terragrunt returns a valid JSON file unchanged
  }

  auto file = hcl::ParseConfig(contents, p);
  if (file.diags.HasErrors()) return Err("cannot parse " + p + ": " + FormatDiags(file.diags));
  auto attrs = hcl::JustAttributes(file.file.body);
  if (attrs.diags.HasErrors()) return Err("cannot read " + p + ": " + FormatDiags(attrs.diags));
  std::map<std::string, Value> values;
  for (const auto& [name, attr] : attrs.attributes) {
    auto v = attr->expr->Value(nullptr);  // tfvars allow no references or calls
    if (v.diags.HasErrors()) return Err("cannot evaluate " + p + ": " + FormatDiags(v.diags));
    values.emplace(name, v.value);
  }
  std::string out;
  if (values.empty()) return std::string("null");  // json.Marshal of a nil map
  if (!AppendGoJSON(&out, Value::Object(std::move(values)), &error)) {
    return Err("could not marshal json body of tfvar file " + p + ": " + error);
  }
  return out;
}

// ---- constraint_check (hashicorp/go-version semantics) ----

struct SemVer {
  std::vector<int64_t> segments;  // padded to at least 3
  size_t specified = 0;           // segments given
  std::string pre;                // pre-release, without '-'
};

bool IsIdentChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '~' ||
         c == '.';
}

// go-version's NewVersion grammar: v?N(.N)*(-pre|pre)?(+meta)?
std::optional<SemVer> ParseSemVer(std::string_view s) {
  SemVer v;
  size_t i = 0;
  if (i < s.size() && s[i] == 'v') ++i;
  while (true) {
    size_t start = i;
    int64_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n > (INT64_MAX - 9) / 10) return std::nullopt;
      n = n * 10 + (s[i] - '0');
      ++i;
    }
    if (i == start) return std::nullopt;
    v.segments.push_back(n);
    if (i + 1 < s.size() && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
      ++i;
      continue;
    }
    break;
  }
  v.specified = v.segments.size();
  while (v.segments.size() < 3) v.segments.push_back(0);
  if (i < s.size() && s[i] != '+') {
    if (s[i] == '-') ++i;
    size_t start = i;
    while (i < s.size() && IsIdentChar(s[i])) ++i;
    if (i == start) return std::nullopt;
    v.pre = std::string(s.substr(start, i - start));
  }
  if (i < s.size() && s[i] == '+') {
    ++i;
    size_t start = i;
    while (i < s.size() && IsIdentChar(s[i])) ++i;
    if (i == start) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return v;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Semver pre-release precedence: -1, 0, 1.
int ComparePre(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a.empty()) return 1;   // a release sorts after any pre-release
  if (b.empty()) return -1;
  size_t i = 0, j = 0;
  while (true) {
    size_t ie = a.find('.', i), je = b.find('.', j);
    std::string_view pa = std::string_view(a).substr(i, ie == std::string::npos ? std::string::npos : ie - i);
    std::string_view pb = std::string_view(b).substr(j, je == std::string::npos ? std::string::npos : je - j);
    bool na = AllDigits(pa), nb = AllDigits(pb);
    int c = 0;
    if (na && nb) {
      c = pa.size() != pb.size() ? (pa.size() < pb.size() ? -1 : 1) : pa.compare(pb);
    } else if (na != nb) {
      c = na ? -1 : 1;  // numeric identifiers sort first
    } else {
      c = pa.compare(pb);
    }
    if (c != 0) return c < 0 ? -1 : 1;
    if (ie == std::string::npos || je == std::string::npos) {
      if (ie == je) return 0;
      return ie == std::string::npos ? -1 : 1;
    }
    i = ie + 1;
    j = je + 1;
  }
}

int CompareVer(const SemVer& a, const SemVer& b) {
  size_t n = std::max(a.segments.size(), b.segments.size());
  for (size_t k = 0; k < n; ++k) {
    int64_t x = k < a.segments.size() ? a.segments[k] : 0, y = k < b.segments.size() ? b.segments[k] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return ComparePre(a.pre, b.pre);
}

bool PrereleaseCheck(const SemVer& v, const SemVer& c) {
  if (!c.pre.empty() && !v.pre.empty()) return c.segments == v.segments;
  if (c.pre.empty() && !v.pre.empty()) return false;
  return true;
}

bool CheckOne(const std::string& op, const SemVer& v, const SemVer& c) {
  int cmp = CompareVer(v, c);
  if (op.empty() || op == "=") return cmp == 0;
  if (op == "!=") return cmp != 0;
  if (op == ">") return PrereleaseCheck(v, c) && cmp > 0;
  if (op == "<") return PrereleaseCheck(v, c) && cmp < 0;
  if (op == ">=") return PrereleaseCheck(v, c) && cmp >= 0;
  if (op == "<=") return PrereleaseCheck(v, c) && cmp <= 0;
  // "~>"
  if (!PrereleaseCheck(v, c) || (!c.pre.empty() && v.pre.empty())) return false;
  if (cmp < 0) return false;
  const size_t cs = c.segments.size();
  if (cs > v.segments.size()) return false;
  for (size_t k = 0; k + 1 < c.specified; ++k) {
    if (v.segments[k] != c.segments[k]) return false;
  }
  return c.segments[c.specified - 1] <= v.segments[c.specified - 1];
}

std::string TrimSpace(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

FuncResult<Value> ConstraintCheck(const std::vector<std::string>& a) {
  if (a.size() != 2) return Err(WrongParams("constraint_check", "2", a.size()));
  auto v = ParseSemVer(a[0]);
  if (!v) return Err("invalid version " + a[0] + ": Malformed version: " + a[0]);
  bool ok = true;
  size_t start = 0;
  while (true) {
    size_t comma = a[1].find(',', start);
    std::string part = TrimSpace(std::string_view(a[1]).substr(start, comma == std::string::npos ? std::string::npos
                                                                                                 : comma - start));
    std::string op;
    for (const char* o : {"~>", ">=", "<=", "!=", ">", "<", "="}) {
      if (part.rfind(o, 0) == 0) {
        op = o;
        break;
      }
    }
    auto c = ParseSemVer(TrimSpace(std::string_view(part).substr(op.size())));
    if (!c) return Err("invalid constraint " + a[1] + ": Malformed constraint: " + part);
    if (!CheckOne(op, *v, *c)) ok = false;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Value::Bool(ok);
}

// ---- deep_merge ----

bool IsMapLike(const Value& v) { return v.type().IsMap() || v.type().IsObject(); }
bool IsListLike(const Value& v) { return v.type().IsList() || v.type().IsTuple() || v.type().IsSet(); }

// Later wins; maps merge recursively; lists concatenate; nulls are ignored.
Value DeepMergeTwo(const Value& a, const Value& b) {
  if (b.IsNull()) return a;
  if (a.IsNull()) return b;
  if (a.IsKnown() && b.IsKnown() && IsMapLike(a) && IsMapLike(b)) {
    std::map<std::string, Value> out = a.Attributes();
    for (const auto& [k, v] : b.Attributes()) {
      auto it = out.find(k);
      out[k] = it == out.end() ? v : DeepMergeTwo(it->second, v);
    }
    return Value::Object(std::move(out));
  }
  if (a.IsKnown() && b.IsKnown() && IsListLike(a) && IsListLike(b)) {
    std::vector<Value> out = a.Elements();
    out.insert(out.end(), b.Elements().begin(), b.Elements().end());
    return Value::Tuple(std::move(out));
  }
  return b;
}

// ---- the Terragrunt functions ----

FuncResult<std::string> NotSupported(const std::string& name, const std::string& why) {
  return Err(name + " is not supported by edp-stack: " + why);
}

const char* Platform() {
#if defined(__APPLE__)
  return "darwin";
#elif defined(__linux__)
  return "linux";
#elif defined(_WIN32)
  return "windows";
#elif defined(__FreeBSD__)
  return "freebsd";
#elif defined(__OpenBSD__)
  return "openbsd";
#elif defined(__NetBSD__)
  return "netbsd";
#else
  return "unknown";
#endif
}

}  // namespace

cty::FunctionTable TerragruntFunctions(std::shared_ptr<const FunctionContext> ctx) {
  Cache cache = ctx->run_cmd_cache ? ctx->run_cmd_cache : std::make_shared<RunCmdCache>();
  cty::FunctionTable t;

  t["find_in_parent_folders"] = VarStringsToString(
      [ctx, cache](const std::vector<std::string>& a) { return FindInParentFolders(ctx, cache, a); });
  t["path_relative_to_include"] =
      VarStringsToString([ctx](const std::vector<std::string>& a) { return PathRelativeToInclude(ctx, a); });
  t["path_relative_from_include"] =
      VarStringsToString([ctx](const std::vector<std::string>& a) { return PathRelativeFromInclude(ctx, a); });
  t["get_parent_terragrunt_dir"] =
      VarStringsToString([ctx](const std::vector<std::string>& a) -> FuncResult<std::string> {
        auto rel = PathRelativeFromInclude(ctx, a);
        if (!rel.ok()) return rel.error();
        return Clean(ctx->TerragruntDir() / rel.value());
      });
  t["get_terragrunt_dir"] = NoArgsString([ctx]() -> FuncResult<std::string> { return Clean(ctx->TerragruntDir()); });
  t["get_original_terragrunt_dir"] =
      NoArgsString([ctx]() -> FuncResult<std::string> { return Clean(ctx->OriginalTerragruntDir()); });
  t["get_working_dir"] = NoArgsString([ctx]() -> FuncResult<std::string> {
    return Clean(ctx->working_dir.empty() ? ctx->TerragruntDir() : ctx->working_dir);
  });
  t["get_repo_root"] = NoArgsString([ctx, cache]() { return RepoRoot(ctx, cache, "get_repo_root"); });
  t["get_path_from_repo_root"] = NoArgsString([ctx, cache]() -> FuncResult<std::string> {
    auto root = RepoRoot(ctx, cache, "get_path_from_repo_root");
    if (!root.ok()) return root.error();
    return Rel(root.value(), ResolvedUnitDir(ctx));
  });
  t["get_path_to_repo_root"] = NoArgsString([ctx, cache]() -> FuncResult<std::string> {
    auto root = RepoRoot(ctx, cache, "get_path_to_repo_root");
    if (!root.ok()) return root.error();
    return Rel(ResolvedUnitDir(ctx), root.value());
  });
  t["get_env"] = VarStringsToString([ctx](const std::vector<std::string>& a) { return GetEnv(ctx, a); });
  t["get_platform"] = NoArgsString([]() -> FuncResult<std::string> { return std::string(Platform()); });
  t["run_cmd"] =
      VarStringsToString([ctx, cache](const std::vector<std::string>& a) { return RunCmd(ctx, cache, a); });

  {
    cty::FunctionSpec spec;
    cty::Parameter path;
    path.name = "config_path";
    path.type = Type::String();
    spec.params = {path};
    cty::Parameter def;
    def.name = "default";
    def.type = Type::Dynamic();
    def.allow_null = true;
    spec.var_param = def;
    spec.return_type = [](const Args&) -> FuncResult<Type> { return Type::Dynamic(); };
    spec.impl = [ctx](const Args& args, const Type&) -> FuncResult<Value> {
      if (args.size() > 2) return Err(WrongParams("read_terragrunt_config", "1 or 2", args.size()));
      fs::path target = Resolve(ctx->TerragruntDir(), args[0].AsString());
      if (IsDir(target)) target = DefaultConfigPath(target);
      if (!Exists(target)) {
        if (args.size() == 2) return args[1];
        return Err("You attempted to run terragrunt in a folder that does not contain a terragrunt.hcl file. Please "
                   "add a terragrunt.hcl file and try again.\n\nPath: " +
                   Quote(target.generic_string()) +
                   " (read_terragrunt_config resolves relative paths against " + Clean(ctx->TerragruntDir()) +
                   "; pass a default as the second argument to allow a missing file)");
      }
      TrackFileRead(ctx, target.generic_string());
      if (!ctx->read_terragrunt_config) {
        return Err("read_terragrunt_config cannot be used here: this evaluation has no configuration loader "
                   "(an edp-stack bug; please report it)");
      }
      return ctx->read_terragrunt_config(target);
    };
    t["read_terragrunt_config"] = cty::Function(std::move(spec));
  }
  t["read_tfvars_file"] =
      VarStringsToString([ctx](const std::vector<std::string>& a) { return ReadTfvarsFile(ctx, a); });
  t["mark_as_read"] = VarStringsToString([ctx](const std::vector<std::string>& a) -> FuncResult<std::string> {
    if (a.size() != 1) return Err(WrongParams("mark_as_read", "1", a.size()));
    TrackFileRead(ctx, Resolve(ctx->UnitDir(), a[0]).generic_string());
    return a[0];
  });

  t["get_terraform_commands_that_need_vars"] = StaticList(TerraformCommandsNeedingVars());
  t["get_terraform_commands_that_need_locking"] = StaticList(TerraformCommandsNeedingLocking());
  t["get_terraform_commands_that_need_input"] = StaticList(TerraformCommandsNeedingInput());
  t["get_terraform_commands_that_need_parallelism"] = StaticList(TerraformCommandsNeedingParallelism());
  t["get_default_retryable_errors"] = StaticList(DefaultRetryableErrors());
  t["get_terraform_command"] =
      NoArgsString([ctx]() -> FuncResult<std::string> { return ctx->terraform_command; });
  t["get_terraform_cli_args"] = NoArgs(Type::List(Type::String()), [ctx]() -> FuncResult<Value> {
    return StringList(ctx->terraform_cli_args);
  });
  t["constraint_check"] = VarStrings(Type::Bool(), ConstraintCheck);
  {
    cty::FunctionSpec spec;
    cty::Parameter p;
    p.name = "maps";
    p.type = Type::Dynamic();
    p.allow_null = true;
    spec.var_param = p;
    spec.return_type = [](const Args&) -> FuncResult<Type> { return Type::Dynamic(); };
    spec.impl = [ctx](const Args& args, const Type&) -> FuncResult<Value> {
      bool enabled = false;
      for (const auto& e : ctx->experiments) enabled = enabled || e == "deep-merge";
      if (!enabled) {
        return Err("deep_merge in " + Clean(ctx->config_file) +
                   " requires the 'deep-merge' experiment to be enabled (run with --experiment deep-merge or "
                   "TG_EXPERIMENT=deep-merge)");
      }
      Value out = Value::EmptyObject();
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i].IsNull()) continue;
        if (!IsMapLike(args[i])) {
          return FunctionError{"deep_merge: argument " + std::to_string(i + 1) + " is a " +
                                   args[i].type().FriendlyName() + "; every argument must be a map or an object",
                               static_cast<int>(i)};
        }
        out = DeepMergeTwo(out, args[i]);
      }
      return out;
    };
    t["deep_merge"] = cty::Function(std::move(spec));
  }
  t["get_terragrunt_source_cli_flag"] = NoArgsString([ctx]() -> FuncResult<std::string> { return ctx->source; });

  const std::string aws_why =
      "it calls AWS STS/IAM, and edp-stack manages Open Telekom Cloud. Put the value in a local, an input or an "
      "environment variable read with get_env() instead";
  for (const char* name : {"get_aws_account_id", "get_aws_account_alias", "get_aws_caller_identity_arn",
                           "get_aws_caller_identity_user_id"}) {
    std::string n = name;
    t[n] = NoArgsString([n, aws_why]() { return NotSupported(n, aws_why); });
  }
  t["sops_decrypt_file"] = VarStringsToString([](const std::vector<std::string>&) {
    return NotSupported("sops_decrypt_file",
                        "edp-stack does not link SOPS. Decrypt the file before running edp-stack (for example "
                        "with `sops -d`) and read it with file() or yamldecode(file(...))");
  });
  return t;
}

namespace {

// The OpenTofu functions that do not depend on the directory, built once.
const hcl::EvalContext& BaseStandardContext() {
  static const hcl::EvalContext* ctx = [] {
    auto* c = new hcl::EvalContext(funcs::StandardContext({}));
    return c;
  }();
  return *ctx;
}

// The whole standard table for one directory, for templatefile (built on
// first use per directory, then shared).
const cty::FunctionTable& StandardFor(const std::string& base_dir) {
  static std::mutex mu;
  static auto* tables = new std::map<std::string, std::unique_ptr<cty::FunctionTable>>();
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = (*tables)[base_dir];
  if (!slot) {
    funcs::StandardOptions opts;
    opts.base_dir = base_dir;
    slot = std::make_unique<cty::FunctionTable>(funcs::Standard(opts));
  }
  return *slot;
}

// templatefile bound to `base_dir`, with the real function's parameters;
// the per-directory table is built only when a template is rendered.
cty::Function LazyTemplatefile(const std::string& base_dir) {
  const cty::Function* real = BaseStandardContext().LookupFunction("templatefile");
  cty::FunctionSpec spec;
  spec.params = real->params();
  spec.var_param = real->var_param();
  spec.description = real->description();
  spec.return_type = [](const Args&) -> FuncResult<Type> { return Type::Dynamic(); };
  spec.impl = [base_dir](const Args& args, const Type&) -> FuncResult<Value> {
    return StandardFor(base_dir).at("templatefile").Call(args);
  };
  return cty::Function(std::move(spec));
}

// The OpenTofu functions for one directory: a context holding the file
// functions bound to `base_dir` whose parent holds the rest. Built once per
// directory and kept for the process's lifetime (contexts point at it).
const hcl::EvalContext& DirectoryContext(const std::string& base_dir) {
  static std::mutex mu;
  static auto* contexts = new std::map<std::string, std::unique_ptr<hcl::EvalContext>>();
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = (*contexts)[base_dir];
  if (!slot) {
    slot = std::make_unique<hcl::EvalContext>(BaseStandardContext().NewChild());
    funcs::StandardOptions opts;
    opts.base_dir = base_dir;
    slot->functions = funcs::FilesystemFunctions(opts);
    slot->functions["templatefile"] = LazyTemplatefile(base_dir);
    std::vector<std::pair<std::string, cty::Function>> core;
    for (const auto& [name, fn] : slot->functions) core.emplace_back("core::" + name, fn);
    slot->functions.insert(core.begin(), core.end());
  }
  return *slot;
}

}  // namespace

hcl::EvalContext TerragruntEvalContext(std::shared_ptr<const FunctionContext> ctx) {
  const std::string base_dir = Clean(ctx->config_file.empty() ? ctx->TerragruntDir() : ctx->config_file.parent_path());
  hcl::EvalContext out = DirectoryContext(base_dir).NewChild();
  out.functions = TerragruntFunctions(std::move(ctx));
  return out;
}

}  // namespace config
