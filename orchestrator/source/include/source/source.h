// Unit and stack sources (features.md 1.2 `source`, 5.6 source syntax):
// where `stack generate` copies a component from.
//
// Supported forms:
//   - a local directory, absolute or relative to the stack file's directory
//     (`../units/vpc`, `/abs/catalog//units/vpc`: a `//` only separates the
//     repository root from a subdirectory and is otherwise a `/`);
//   - `file:///abs/path[//subdir]`;
//   - git: `git::URL[//subdir][?ref=REF]` for any URL git understands
//     (https://, ssh://, file://, `git@host:org/repo.git`), plus the
//     `github.com/org/repo[//subdir][?ref=]` and `git@host:org/repo.git`
//     shorthands go-getter detects.
// Other getters (s3::, gcs::, hg::, http archives, tfr://, oci://, cas::)
// are reported as not supported.
//
// Git sources are fetched with the git program (argv, never a shell) into
// a cache: a bare mirror per URL (`git clone --mirror` once, `git fetch`
// only when the ref is not present or an update is requested) and a
// checked-out tree per commit, both created beside their final place and
// renamed into it, so concurrent runs and interruptions never leave a
// half-written cache entry. URLs in messages have their user:password
// removed.
//
// Thread safety: ParseSource and CopyTree are reentrant; a Fetcher may be
// used from several threads at once (one repository is fetched by one
// thread at a time).
#ifndef EDP_ORCHESTRATOR_SOURCE_SOURCE_H_
#define EDP_ORCHESTRATOR_SOURCE_SOURCE_H_

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace source {

struct Source {
  enum class Kind { kLocal, kGit };
  Kind kind = Kind::kLocal;
  std::string original;  // as written
  // kLocal: the absolute directory to copy (subdirectory applied).
  std::filesystem::path local_dir;
  // kGit: repository URL for git (no "git::", no query), the ref ("" =
  // the remote's default branch) and the subdirectory ("" = the root).
  std::string git_url;
  std::string ref;
  std::string subdir;
};

// Parses `src`; relative local paths resolve against `base_dir`. On failure
// returns false with *error saying what is wrong with the source.
bool ParseSource(const std::string& src, const std::filesystem::path& base_dir, Source* out, std::string* error);

// "https://user:secret@host/x" -> "https://host/x" (also inside git::).
std::string RedactURL(const std::string& url);

// Copies the directory tree `from` into `to` (created as needed; existing
// files are overwritten), skipping `.git`, `.terraform`, `.terragrunt-cache`
// and `.terragrunt-stack*` directories. Regular files keep their mode bits,
// symbolic links are copied as links. On failure returns false with *error
// naming the path.
bool CopyTree(const std::filesystem::path& from, const std::filesystem::path& to, std::string* error);

// The cache directory for git sources: `download_dir` when set, else
// $XDG_CACHE_HOME/edp-stack, else $HOME/.cache/edp-stack.
std::filesystem::path CacheDir(const std::filesystem::path& download_dir,
                               const std::function<std::optional<std::string>(const std::string&)>& getenv);

struct FetchOptions {
  std::filesystem::path cache_dir;  // REQUIRES: not empty
  // --source-update: fetch every repository again once per Fetcher, even
  // when the ref is already in the mirror.
  bool update = false;
};

class Fetcher {
 public:
  explicit Fetcher(FetchOptions options);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Copies the source's directory into `dest` (CopyTree). On failure returns
  // false with *error explaining what failed (git's message included).
  bool Fetch(const Source& source, const std::filesystem::path& dest, std::string* error);

  // The checked-out tree of a git source in the cache (the repository root),
  // fetching as needed.
  bool GitTree(const Source& source, std::filesystem::path* tree, std::string* error);

 private:
  struct Repo;
  std::shared_ptr<Repo> RepoFor(const std::string& url);

  FetchOptions options_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Repo>> repos_;
};

}  // namespace source

#endif  // EDP_ORCHESTRATOR_SOURCE_SOURCE_H_
