// Finding the units and stacks under a directory (Terragrunt's discovery,
// features.md 5.2) and the queue filters that select among them.
//
// A directory holding terragrunt.hcl (or the configured file name) is a
// unit; one holding terragrunt.stack.hcl is a stack; holding both is an
// error. The walk skips .git, .terraform, .terragrunt-cache and the
// temporary trees of `stack generate` (".*.tmp-*") always, and
// other hidden directories unless `hidden` is set (.terragrunt-stack, where
// stacks generate their units, is always walked). Symbolic links are not
// followed. Components are returned sorted by path.
//
// Glob patterns (--queue-include-dir, --queue-exclude-dir) are matched
// against a component's path relative to the working directory: `*` and
// `?` stay within one path segment, `**` spans any number of segments
// (including none), a pattern without a leading "./" is the same as with
// one, and a directory pattern also selects what lies below it.
//
// Thread safety: pure functions.
#ifndef EDP_ORCHESTRATOR_DISCOVERY_DISCOVERY_H_
#define EDP_ORCHESTRATOR_DISCOVERY_DISCOVERY_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace discovery {

enum class Kind { kUnit, kStack };

struct Component {
  Kind kind = Kind::kUnit;
  std::filesystem::path dir;  // absolute, normalised
  std::string path;           // relative to the working directory, '/'-separated ("." for itself)
};

struct Options {
  std::filesystem::path working_dir;  // absolute or relative to the process's cwd
  std::string config_filename = "terragrunt.hcl";
  bool hidden = false;  // walk hidden directories other than .terragrunt-stack
};

struct Found {
  std::vector<Component> components;
  std::vector<std::string> errors;  // each names the directory and what to do
};

Found Discover(const Options& options);

// `path` relative to `base` with '/' separators; "." when equal. Paths
// outside `base` keep their "../" steps.
std::string RelativePath(const std::filesystem::path& path, const std::filesystem::path& base);

// Whether `pattern` matches the relative `path` (see file comment).
bool GlobMatch(std::string_view pattern, std::string_view path);

}  // namespace discovery

#endif  // EDP_ORCHESTRATOR_DISCOVERY_DISCOVERY_H_
