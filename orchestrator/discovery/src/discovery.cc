#include "discovery/discovery.h"

#include <algorithm>
#include <system_error>

namespace discovery {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStackFile = "terragrunt.stack.hcl";

bool AlwaysSkipped(const std::string& name) {
  if (name == ".git" || name == ".terraform" || name == ".terragrunt-cache") return true;
  // Trees a running or interrupted `stack generate` builds beside the real
  // ones (".terragrunt-stack.tmp-XXXXXX", ".<unit>.tmp-XXXXXX").
  return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos;
}

void Walk(const fs::path& dir, const Options& opts, const fs::path& root, Found* out) {
  std::error_code ec;
  bool unit = fs::is_regular_file(dir / opts.config_filename, ec);
  bool stack = fs::is_regular_file(dir / kStackFile, ec);
  std::string rel = RelativePath(dir, root);
  if (unit && stack) {
    out->errors.push_back(dir.string() + ": the directory holds both " + opts.config_filename + " and " + kStackFile +
                          "; a directory is either a unit or a stack: move one of them into its own directory");
  } else if (unit) {
    out->components.push_back({Kind::kUnit, dir, rel});
  } else if (stack) {
    out->components.push_back({Kind::kStack, dir, rel});
  }
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out->errors.push_back(dir.string() + ": cannot list the directory: " + ec.message());
    return;
  }
  std::vector<fs::path> subdirs;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& e = *it;
    if (e.is_symlink(ec) || !e.is_directory(ec)) continue;
    std::string name = e.path().filename().string();
    if (AlwaysSkipped(name)) continue;
    if (name.size() > 1 && name[0] == '.' && name != ".terragrunt-stack" && !opts.hidden) continue;
    subdirs.push_back(e.path());
  }
  std::sort(subdirs.begin(), subdirs.end());
  for (const auto& d : subdirs) Walk(d, opts, root, out);
}

// Matches pattern segments [pi..] against path segments [si..].
bool MatchSegments(const std::vector<std::string_view>& p, size_t pi, const std::vector<std::string_view>& s,
                   size_t si);

bool MatchSegment(std::string_view p, std::string_view s) {
  // Classic wildcard match with backtracking on the last '*'.
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool MatchSegments(const std::vector<std::string_view>& p, size_t pi, const std::vector<std::string_view>& s,
                   size_t si) {
  if (pi == p.size()) return si == s.size();
  if (p[pi] == "**") {
    for (size_t k = si; k <= s.size(); ++k) {
      if (MatchSegments(p, pi + 1, s, k)) return true;
    }
    return false;
  }
  if (si == s.size() || !MatchSegment(p[pi], s[si])) return false;
  return MatchSegments(p, pi + 1, s, si + 1);
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t slash = s.find('/');
    std::string_view seg = s.substr(0, slash);
    if (!seg.empty() && seg != ".") out.push_back(seg);
    if (slash == std::string_view::npos) break;
    s.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

Found Discover(const Options& options) {
  Found out;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(fs::absolute(options.working_dir, ec), ec);
  if (ec || !fs::is_directory(root, ec)) {
    out.errors.push_back(options.working_dir.string() +
                         ": the working directory does not exist or is not a directory; pass an existing "
                         "directory with --working-dir");
    return out;
  }
  Walk(root, options, root, &out);
  std::sort(out.components.begin(), out.components.end(),
            [](const Component& a, const Component& b) { return a.path < b.path; });
  return out;
}

std::string RelativePath(const fs::path& path, const fs::path& base) {
  fs::path rel = path.lexically_relative(base);
  std::string s = rel.generic_string();
  if (s.empty() || s == ".") return ".";
  return s;
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  std::vector<std::string_view> p = Split(pattern), s = Split(path);
  if (MatchSegments(p, 0, s, 0)) return true;
  // A directory pattern also selects everything below it.
  for (size_t n = s.size(); n > 0; --n) {
    std::vector<std::string_view> prefix(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n - 1));
    if (MatchSegments(p, 0, prefix, 0) && !prefix.empty()) return true;
  }
  return false;
}

}  // namespace discovery
