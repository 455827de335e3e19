// Fetcher: local copies and the git cache (source.h).
//
// Cache layout under FetchOptions::cache_dir:
//   git/<H>/mirror.git        bare mirror of the repository (H = first 24 hex
//                             digits of SHA-256 of the URL)
//   git/<H>/trees/<commit>    the repository checked out at that commit
// Both are built in a temporary sibling and renamed into place.
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "cty/value.h"
#include "funcs/funcs.h"
#include "source/process.h"
#include "source/source.h"

namespace source {

namespace fs = std::filesystem;

struct Fetcher::Repo {
  std::mutex mu;
  std::string url;
  fs::path root;  // git/<H>
  bool mirror_ready = false;
  bool fetched = false;  // fetched (or cloned) by this Fetcher
  std::map<std::string, std::string> commits;  // ref -> commit, this run
};

namespace {

std::string Sha256Hex(const std::string& s) {
  static const cty::FunctionTable* table = new cty::FunctionTable(funcs::HashFunctions());
  cty::FuncResult<cty::Value> r = table->at("sha256").Call({cty::Value::String(s)});
  return r.ok() ? r.value().AsString() : std::string(64, '0');
}

const std::map<std::string, std::string>& GitEnv() {
  static const std::map<std::string, std::string>* env = new std::map<std::string, std::string>{
      {"GIT_TERMINAL_PROMPT", "0"}, {"LC_ALL", "C"}};
  return *env;
}

// Replaces the URL in git's messages by its redacted form.
std::string Redacted(std::string text, const std::string& url) {
  std::string safe = RedactURL(url);
  if (safe != url) {
    for (size_t i; (i = text.find(url)) != std::string::npos;) text.replace(i, url.size(), safe);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string GitFailure(const std::string& what, const ProcessResult& r, const std::string& url) {
  if (!r.started || !r.error.empty()) return what + ": cannot run git: " + r.error + " (is git installed and in PATH?)";
  std::string msg = Redacted(r.err.empty() ? r.out : r.err, url);
  return what + " (git exited with status " + std::to_string(r.exit_code) + ")" + (msg.empty() ? "" : ": " + msg);
}

bool MakeTempDir(const fs::path& near, fs::path* out, std::string* error) {
  std::string tmpl = near.string() + ".tmp-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    *error = "cannot create a temporary directory beside " + near.string() + ": " + std::strerror(errno);
    return false;
  }
  *out = tmpl;
  return true;
}

// Renames `tmp` to `final`; when another process got there first, drops
// `tmp` and uses theirs.
bool Publish(const fs::path& tmp, const fs::path& final_path, std::string* error) {
  if (std::rename(tmp.c_str(), final_path.c_str()) == 0) return true;
  int saved = errno;
  std::error_code ec;
  if (fs::is_directory(final_path, ec)) {
    fs::remove_all(tmp, ec);
    return true;
  }
  fs::remove_all(tmp, ec);
  *error = "cannot move " + tmp.string() + " to " + final_path.string() + ": " + std::strerror(saved);
  return false;
}

bool IsFullCommit(const std::string& ref) {
  if (ref.size() != 40) return false;
  for (char c : ref) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

Fetcher::Fetcher(FetchOptions options) : options_(std::move(options)) {}
Fetcher::~Fetcher() = default;

std::shared_ptr<Fetcher::Repo> Fetcher::RepoFor(const std::string& url) {
  std::lock_guard<std::mutex> lock(mu_);
  std::shared_ptr<Repo>& r = repos_[url];
  if (!r) {
    r = std::make_shared<Repo>();
    r->url = url;
    r->root = options_.cache_dir / "git" / Sha256Hex(url).substr(0, 24);
  }
  return r;
}

bool Fetcher::GitTree(const Source& source, std::filesystem::path* tree, std::string* error) {
  std::shared_ptr<Repo> repo = RepoFor(source.git_url);
  std::lock_guard<std::mutex> lock(repo->mu);
  const std::string& url = repo->url;
  const std::string shown = RedactURL(url);
  const fs::path mirror = repo->root / "mirror.git";
  std::error_code ec;
  if (!repo->mirror_ready) {
    if (!fs::is_directory(mirror, ec)) {
      fs::create_directories(repo->root, ec);
      if (ec) {
        *error = "cannot create the git cache directory " + repo->root.string() + ": " + ec.message() +
                 " (set --download-dir or TG_DOWNLOAD_DIR to a writable directory)";
        return false;
      }
      fs::path tmp;
      if (!MakeTempDir(mirror, &tmp, error)) return false;
      ProcessResult r = RunProcess({"git", "clone", "--mirror", "--quiet", "--", url, tmp.string()}, "", GitEnv());
      if (!r.started || r.exit_code != 0) {
        fs::remove_all(tmp, ec);
        *error = GitFailure("git clone of " + shown + " failed", r, url);
        return false;
      }
      if (!Publish(tmp, mirror, error)) return false;
      repo->fetched = true;
    }
    repo->mirror_ready = true;
  }
  const std::string ref = source.ref.empty() ? "HEAD" : source.ref;
  auto resolve = [&]() -> std::string {
    ProcessResult r = RunProcess(
        {"git", "--git-dir=" + mirror.string(), "rev-parse", "--verify", "--quiet", ref + "^{commit}"}, "", GitEnv());
    if (!r.started || r.exit_code != 0) return "";
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  };
  auto fetch = [&]() -> bool {
    ProcessResult r = RunProcess(
        {"git", "--git-dir=" + mirror.string(), "fetch", "--quiet", "--prune", "--tags", "origin"}, "", GitEnv());
    if (!r.started || r.exit_code != 0) {
      *error = GitFailure("git fetch of " + shown + " failed", r, url);
      return false;
    }
    repo->fetched = true;
    repo->commits.clear();
    return true;
  };
  std::string commit;
  if (auto it = repo->commits.find(ref); it != repo->commits.end()) commit = it->second;
  if (commit.empty()) {
    if (options_.update && !repo->fetched && !fetch()) return false;
    commit = resolve();
    if (commit.empty() && !repo->fetched) {
      if (!fetch()) return false;
      commit = resolve();
    }
    if (commit.empty()) {
      *error = "the ref \"" + ref + "\" does not exist in " + shown +
               " (check ?ref= in the source: a tag, branch or commit of that repository)";
      return false;
    }
    if (IsFullCommit(source.ref) && commit != source.ref) commit = source.ref;
    repo->commits[ref] = commit;
  }
  const fs::path dir = repo->root / "trees" / commit;
  if (!fs::is_directory(dir, ec)) {
    fs::create_directories(dir.parent_path(), ec);
    fs::path tmp;
    if (!MakeTempDir(dir, &tmp, error)) return false;
    const std::string index = tmp.string() + ".index";
    std::map<std::string, std::string> env = GitEnv();
    env["GIT_INDEX_FILE"] = index;
    ProcessResult r = RunProcess({"git", "--git-dir=" + mirror.string(), "--work-tree=" + tmp.string(), "checkout",
                                  "--quiet", "--force", commit, "--", "."},
                                 "", env);
    fs::remove(index, ec);
    if (!r.started || r.exit_code != 0) {
      fs::remove_all(tmp, ec);
      *error = GitFailure("git checkout of " + ref + " from " + shown + " failed", r, url);
      return false;
    }
    if (!Publish(tmp, dir, error)) return false;
  }
  *tree = dir;
  return true;
}

bool Fetcher::Fetch(const Source& source, const std::filesystem::path& dest, std::string* error) {
  std::error_code ec;
  if (source.kind == Source::Kind::kLocal) {
    if (!fs::is_directory(source.local_dir, ec)) {
      *error = "the source directory " + source.local_dir.string() + " does not exist" +
               (fs::exists(source.local_dir, ec) ? " (it is not a directory)" : "");
      return false;
    }
    return CopyTree(source.local_dir, dest, error);
  }
  fs::path tree;
  if (!GitTree(source, &tree, error)) return false;
  fs::path from = source.subdir.empty() ? tree : tree / source.subdir;
  if (!fs::is_directory(from, ec)) {
    *error = "the subdirectory \"" + source.subdir + "\" does not exist in " + RedactURL(source.git_url) +
             (source.ref.empty() ? "" : " at " + source.ref);
    return false;
  }
  return CopyTree(from, dest, error);
}

}  // namespace source
