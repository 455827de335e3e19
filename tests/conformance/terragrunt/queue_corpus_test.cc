// Runs the real edp-stack binary on every case of the queue corpus
// (queue_cases/<name>/, see README.md): discovery, DAG order, filters,
// `dag graph`, stack generation layouts and values files, error cases.
// Each case's `tree/` is copied to a temporary directory first (stack
// generation writes into it), then `cmd` (edp-stack arguments, one per line)
// runs with --working-dir set to the copy (or to `workdir` inside it):
//   expected_stdout.txt  exit 0 and exactly this on stdout ("${TREE}" is
//                        the copy's absolute path);
//   expected_error.txt   exit 1, nothing on stdout, and stderr containing
//                        every non-empty line;
//   expected_files/      after the command, each file here equals the same
//                        path in the copy.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

struct RunResult {
  int status = -1;
  std::string out, err;
};

RunResult Exec(const std::vector<std::string>& args, const fs::path& io_dir) {
  RunResult r;
  fs::path out = io_dir / "stdout", err = io_dir / "stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return r;
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(EDP_TG_QUEUE_CASES_DIR)) {
    if (e.is_directory()) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class QueueCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(QueueCorpus, MatchesExpectation) {
  const fs::path dir = fs::path(EDP_TG_QUEUE_CASES_DIR) / GetParam();
  const fs::path tmp = fs::temp_directory_path() / ("tg_queue_" + std::to_string(::getpid()) + "_" + GetParam());
  fs::remove_all(tmp);
  const fs::path tree = tmp / "tree";
  fs::create_directories(tmp);
  fs::copy(dir / "tree", tree, fs::copy_options::recursive);
  fs::path workdir = tree;
  if (fs::exists(dir / "workdir")) {
    auto l = Lines(ReadFile(dir / "workdir"));
    ASSERT_FALSE(l.empty());
    workdir = tree / l[0];
  }
  std::vector<std::string> args = {EDP_STACK_BINARY};
  for (const auto& a : Lines(ReadFile(dir / "cmd"))) args.push_back(a);
  args.push_back("--working-dir");
  args.push_back(workdir.string());
  RunResult r = Exec(args, tmp);
  if (fs::exists(dir / "expected_stdout.txt")) {
    EXPECT_EQ(r.status, 0) << "stderr:\n" << r.err;
    EXPECT_EQ(r.out, ReplaceAll(ReadFile(dir / "expected_stdout.txt"), "${TREE}", tree.string()));
  } else {
    ASSERT_TRUE(fs::exists(dir / "expected_error.txt")) << "case " << GetParam() << " has no expectation";
    EXPECT_EQ(r.status, 1) << "stdout:\n" << r.out << "\nstderr:\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    for (const auto& line : Lines(ReplaceAll(ReadFile(dir / "expected_error.txt"), "${TREE}", tree.string()))) {
      EXPECT_NE(r.err.find(line), std::string::npos) << "stderr lacks \"" << line << "\":\n" << r.err;
    }
  }
  if (fs::exists(dir / "expected_files")) {
    for (const auto& e : fs::recursive_directory_iterator(dir / "expected_files")) {
      if (!e.is_regular_file()) continue;
      fs::path rel = e.path().lexically_relative(dir / "expected_files");
      ASSERT_TRUE(fs::exists(tree / rel)) << rel << " was not written";
      EXPECT_EQ(ReadFile(tree / rel), ReadFile(e.path())) << rel;
    }
  }
  fs::remove_all(tmp);
}

INSTANTIATE_TEST_SUITE_P(Cases, QueueCorpus, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
