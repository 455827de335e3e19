// Runs the real edp-stack binary on every case of the Terragrunt
// conformance corpus (cases/<name>/, README.md describes the layout) and
// compares with the checked-in expectations:
//   expected.json      `edp-stack render --json UNIT` must exit 0 and print
//                      this JSON (compared as JSON; "${CASE}" stands for the
//                      case directory's absolute path);
//   expected_error.txt the command must exit 1 and its stderr must contain
//                      every non-empty line of the file.
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
#include <nlohmann/json.hpp>

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

struct RunResult {
  int status = -1;
  std::string out, err;
};

// Runs argv (no shell) with stdout/stderr captured in files under `tmp`.
RunResult Exec(const std::vector<std::string>& args, const fs::path& tmp) {
  RunResult r;
  fs::path out = tmp / "stdout", err = tmp / "stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
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
  for (const auto& e : fs::directory_iterator(EDP_TG_CASES_DIR))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class RenderCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(RenderCorpus, MatchesExpectation) {
  const fs::path dir = fs::path(EDP_TG_CASES_DIR) / GetParam();
  std::string unit = "unit";
  if (fs::exists(dir / "unit") && fs::is_regular_file(dir / "unit")) {
    unit = ReadFile(dir / "unit");
    while (!unit.empty() && (unit.back() == '\n' || unit.back() == ' ')) unit.pop_back();
  }
  std::vector<std::string> args = {EDP_STACK_BINARY, "render", "--json"};
  if (fs::exists(dir / "args")) {
    std::istringstream in(ReadFile(dir / "args"));
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) args.push_back(line);
  }
  args.push_back((dir / unit).string());

  fs::path tmp = fs::temp_directory_path() / ("tg_corpus_" + std::to_string(::getpid()) + "_" + GetParam());
  fs::create_directories(tmp);
  RunResult r = Exec(args, tmp);
  fs::remove_all(tmp);

  if (fs::exists(dir / "expected.json")) {
    ASSERT_EQ(r.status, 0) << "stderr:\n" << r.err;
    nlohmann::json want = nlohmann::json::parse(ReplaceAll(ReadFile(dir / "expected.json"), "${CASE}", dir.string()));
    nlohmann::json got;
    ASSERT_NO_THROW(got = nlohmann::json::parse(r.out)) << r.out;
    EXPECT_EQ(got, want) << "got:\n" << got.dump(2) << "\nwant:\n" << want.dump(2) << "\ndiff:\n"
                         << nlohmann::json::diff(want, got).dump(2);
  } else {
    ASSERT_TRUE(fs::exists(dir / "expected_error.txt")) << "case " << GetParam() << " has no expectation";
    EXPECT_EQ(r.status, 1) << "stdout:\n" << r.out << "\nstderr:\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    std::istringstream in(ReadFile(dir / "expected_error.txt"));
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      EXPECT_NE(r.err.find(line), std::string::npos) << "stderr lacks \"" << line << "\":\n" << r.err;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, RenderCorpus, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
