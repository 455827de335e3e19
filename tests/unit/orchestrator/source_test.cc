// Unit/stack sources (orchestrator/source): parsing, copying, and git
// fetching from local file:// repositories made in a temporary directory.
#include "source/source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "source/process.h"

namespace source {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "source_test.XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Source MustParse(const std::string& s, const fs::path& base = "/stacks/live") {
  Source out;
  std::string error;
  EXPECT_TRUE(ParseSource(s, base, &out, &error)) << s << ": " << error;
  return out;
}

std::string ParseError(const std::string& s) {
  Source out;
  std::string error;
  EXPECT_FALSE(ParseSource(s, "/b", &out, &error)) << s;
  return error;
}

TEST(ParseSource, LocalPaths) {
  Source s = MustParse("../units/vpc");
  EXPECT_EQ(s.kind, Source::Kind::kLocal);
  EXPECT_EQ(s.local_dir, "/stacks/units/vpc");
  EXPECT_EQ(MustParse("/catalog//units/vpc/").local_dir, "/catalog/units/vpc");
  EXPECT_EQ(MustParse("./x").local_dir, "/stacks/live/x");
  EXPECT_EQ(MustParse("file:///abs/repo//units/db").local_dir, "/abs/repo/units/db");
  EXPECT_EQ(MustParse("file:///abs/repo").local_dir, "/abs/repo");
}

TEST(ParseSource, GitForms) {
  Source s = MustParse("git::https://example.com/org/catalog.git//units/vpc?ref=v1.2.0");
  EXPECT_EQ(s.kind, Source::Kind::kGit);
  EXPECT_EQ(s.git_url, "https://example.com/org/catalog.git");
  EXPECT_EQ(s.subdir, "units/vpc");
  EXPECT_EQ(s.ref, "v1.2.0");

  s = MustParse("git::file:///tmp/repo?ref=main");
  EXPECT_EQ(s.git_url, "file:///tmp/repo");
  EXPECT_EQ(s.subdir, "");
  EXPECT_EQ(s.ref, "main");

  s = MustParse("git::git@github.com:org/repo.git//modules/x?ref=v2&depth=1");
  EXPECT_EQ(s.git_url, "git@github.com:org/repo.git");
  EXPECT_EQ(s.subdir, "modules/x");
  EXPECT_EQ(s.ref, "v2");

  s = MustParse("github.com/org/repo//units/app?ref=v3");
  EXPECT_EQ(s.git_url, "https://github.com/org/repo.git");
  EXPECT_EQ(s.subdir, "units/app");
  EXPECT_EQ(s.ref, "v3");

  s = MustParse("git@gitlab.example.com:org/repo.git");
  EXPECT_EQ(s.kind, Source::Kind::kGit);
  EXPECT_EQ(s.git_url, "git@gitlab.example.com:org/repo.git");
}

TEST(ParseSource, Rejections) {
  EXPECT_THAT(ParseError(""), HasSubstr("the source is empty"));
  EXPECT_THAT(ParseError("s3::https://s3.amazonaws.com/b/x.zip"), HasSubstr("the s3:: getter is not supported"));
  EXPECT_THAT(ParseError("https://example.com/x.zip"), HasSubstr("https:// sources are not supported"));
  EXPECT_THAT(ParseError("git::https://h/r.git?ref=--upload-pack=x"), HasSubstr("is not a valid git ref name"));
  EXPECT_THAT(ParseError("git::-oProxyCommand=x"), HasSubstr("is not valid"));
  EXPECT_THAT(ParseError("git::https://h/r.git//../../etc"), HasSubstr("must stay inside the repository"));
  EXPECT_THAT(ParseError("git::https://h/r.git?sshkey=abc"), HasSubstr("sshkey parameter is not supported"));
}

TEST(RedactURL, RemovesUserInfo) {
  EXPECT_EQ(RedactURL("https://user:s3cret@example.com/org/r.git"), "https://example.com/org/r.git");
  EXPECT_EQ(RedactURL("git::https://tok@example.com/r.git?ref=v1"), "git::https://example.com/r.git?ref=v1");
  EXPECT_EQ(RedactURL("git@github.com:org/r.git"), "git@github.com:org/r.git");
  EXPECT_EQ(RedactURL("https://example.com/x"), "https://example.com/x");
}

TEST(CopyTree, CopiesFilesModesLinksAndSkipsGeneratedDirs) {
  TempDir tmp;
  const fs::path src = tmp.path() / "src";
  Write(src / "terragrunt.hcl", "a = 1\n");
  Write(src / "sub" / "main.tf", "# tf\n");
  Write(src / "run.sh", "#!/bin/sh\n");
  chmod((src / "run.sh").c_str(), 0755);
  fs::create_symlink("sub/main.tf", src / "link.tf");
  for (const char* skip : {".git", ".terraform", ".terragrunt-cache", ".terragrunt-stack", ".terragrunt-stack.tmp-1"}) {
    Write(src / skip / "x", "skip\n");
  }
  Write(src / ".hidden" / "kept", "k\n");
  const fs::path dst = tmp.path() / "dst";
  Write(dst / "terragrunt.hcl", "old\n");
  std::string error;
  ASSERT_TRUE(CopyTree(src, dst, &error)) << error;
  EXPECT_EQ(Read(dst / "terragrunt.hcl"), "a = 1\n");
  EXPECT_EQ(Read(dst / "sub" / "main.tf"), "# tf\n");
  EXPECT_EQ(Read(dst / ".hidden" / "kept"), "k\n");
  EXPECT_TRUE(fs::is_symlink(dst / "link.tf"));
  EXPECT_EQ(fs::read_symlink(dst / "link.tf"), "sub/main.tf");
  struct stat st {};
  ASSERT_EQ(stat((dst / "run.sh").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  for (const char* skip : {".git", ".terraform", ".terragrunt-cache", ".terragrunt-stack", ".terragrunt-stack.tmp-1"}) {
    EXPECT_FALSE(fs::exists(dst / skip)) << skip;
  }
}

TEST(CopyTree, MissingSourceNamesThePath) {
  TempDir tmp;
  std::string error;
  EXPECT_FALSE(CopyTree(tmp.path() / "nope", tmp.path() / "dst", &error));
  EXPECT_THAT(error, HasSubstr((tmp.path() / "nope").string()));
}

TEST(CacheDir, Defaults) {
  auto env = [](std::map<std::string, std::string> m) {
    return [m](const std::string& k) -> std::optional<std::string> {
      auto it = m.find(k);
      if (it == m.end()) return std::nullopt;
      return it->second;
    };
  };
  EXPECT_EQ(CacheDir("/dl", env({{"XDG_CACHE_HOME", "/x"}})), "/dl");
  EXPECT_EQ(CacheDir("", env({{"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}})), "/x/edp-stack");
  EXPECT_EQ(CacheDir("", env({{"HOME", "/h"}})), "/h/.cache/edp-stack");
}

TEST(RunProcess, CapturesOutputAndStatusWithoutAShell) {
  ProcessResult r = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  // Arguments are passed verbatim: no globbing or substitution.
  r = RunProcess({"echo", "$HOME", "*"});
  EXPECT_EQ(r.out, "$HOME *\n");
  r = RunProcess({"/nonexistent/program"});
  EXPECT_FALSE(r.started && r.exit_code == 0);
  EXPECT_FALSE(r.error.empty());
}

// A git repository in a temporary directory: units/vpc at tags v1 and v2.
class GitRepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = tmp_.path() / "repo";
    cache_ = tmp_.path() / "cache";
    fs::create_directories(repo_);
    Git({"init", "--quiet", "-b", "main"});
    Commit("v1");
    Git({"tag", "v1"});
    Commit("v2");
    Git({"tag", "v2"});
  }

  void Git(std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-C", repo_.string(), "-c", "user.name=t", "-c", "user.email=t@example.com"});
    ProcessResult r = RunProcess(args);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.error;
  }

  void Commit(const std::string& version) {
    Write(repo_ / "units" / "vpc" / "terragrunt.hcl", "version = \"" + version + "\"\n");
    Git({"add", "-A"});
    Git({"commit", "--quiet", "-m", version});
  }

  std::string FetchVpc(Fetcher* f, const std::string& ref, std::string* error) {
    Source s = MustParse("git::file://" + repo_.string() + "//units/vpc" + (ref.empty() ? "" : "?ref=" + ref));
    fs::path dest = tmp_.path() / ("out-" + std::to_string(counter_++));
    if (!f->Fetch(s, dest, error)) return "";
    return Read(dest / "terragrunt.hcl");
  }

  TempDir tmp_;
  fs::path repo_, cache_;
  int counter_ = 0;
};

TEST_F(GitRepoTest, FetchesRefsAndSubdirs) {
  Fetcher f({cache_, false});
  std::string error;
  EXPECT_EQ(FetchVpc(&f, "v1", &error), "version = \"v1\"\n") << error;
  EXPECT_EQ(FetchVpc(&f, "v2", &error), "version = \"v2\"\n") << error;
  EXPECT_EQ(FetchVpc(&f, "", &error), "version = \"v2\"\n") << error;  // default branch
  // One mirror, one tree per commit, no temporaries left.
  int mirrors = 0;
  for (const auto& e : fs::recursive_directory_iterator(cache_)) {
    if (e.path().filename() == "mirror.git") ++mirrors;
    EXPECT_THAT(e.path().string(), Not(HasSubstr(".tmp-")));
  }
  EXPECT_EQ(mirrors, 1);
}

TEST_F(GitRepoTest, MirrorIsReusedAcrossRuns) {
  std::string error;
  {
    Fetcher f({cache_, false});
    ASSERT_EQ(FetchVpc(&f, "v1", &error), "version = \"v1\"\n") << error;
  }
  // The origin disappears: a new run still has v1 from the cache.
  fs::rename(repo_, tmp_.path() / "moved");
  Fetcher f2({cache_, false});
  EXPECT_EQ(FetchVpc(&f2, "v1", &error), "version = \"v1\"\n") << error;
  EXPECT_EQ(FetchVpc(&f2, "v2", &error), "version = \"v2\"\n") << error;
  // A ref the mirror lacks triggers a fetch, which now fails and says so.
  EXPECT_EQ(FetchVpc(&f2, "v9", &error), "");
  EXPECT_THAT(error, HasSubstr("git fetch of file://" + repo_.string() + " failed"));
}

TEST_F(GitRepoTest, NewRefsAreFetchedAndUpdateRefreshesBranches) {
  std::string error;
  {
    Fetcher f({cache_, false});
    ASSERT_EQ(FetchVpc(&f, "main", &error), "version = \"v2\"\n") << error;
  }
  Commit("v3");
  Git({"tag", "v3"});
  {
    Fetcher f({cache_, false});
    // Cached by URL+ref: the branch stays where the mirror has it...
    EXPECT_EQ(FetchVpc(&f, "main", &error), "version = \"v2\"\n") << error;
    // ...and a tag the mirror lacks is fetched.
    EXPECT_EQ(FetchVpc(&f, "v3", &error), "version = \"v3\"\n") << error;
  }
  Commit("v4");
  Fetcher f({cache_, true});  // --source-update
  EXPECT_EQ(FetchVpc(&f, "main", &error), "version = \"v4\"\n") << error;
}

TEST_F(GitRepoTest, ErrorsNameTheProblem) {
  Fetcher f({cache_, false});
  std::string error;
  EXPECT_EQ(FetchVpc(&f, "nope", &error), "");
  EXPECT_THAT(error, HasSubstr("the ref \"nope\" does not exist in file://" + repo_.string()));

  Source s = MustParse("git::file://" + repo_.string() + "//units/missing?ref=v1");
  EXPECT_FALSE(f.Fetch(s, tmp_.path() / "x", &error));
  EXPECT_THAT(error, HasSubstr("the subdirectory \"units/missing\" does not exist"));

  s = MustParse("git::file://" + (tmp_.path() / "no-repo").string());
  EXPECT_FALSE(f.Fetch(s, tmp_.path() / "y", &error));
  EXPECT_THAT(error, HasSubstr("git clone of file://" + (tmp_.path() / "no-repo").string() + " failed"));

  s = MustParse("git::https://user:s3cret@127.0.0.1:1/r.git");
  EXPECT_FALSE(f.Fetch(s, tmp_.path() / "z", &error));
  EXPECT_THAT(error, HasSubstr("git clone of https://127.0.0.1:1/r.git failed"));
  EXPECT_THAT(error, Not(HasSubstr("s3cret")));

  s = MustParse(tmp_.path() / "no-dir");
  EXPECT_FALSE(f.Fetch(s, tmp_.path() / "w", &error));
  EXPECT_THAT(error, HasSubstr("the source directory " + (tmp_.path() / "no-dir").string() + " does not exist"));
}

}  // namespace
}  // namespace source
