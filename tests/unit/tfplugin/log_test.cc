// tfplugin::log: exact hclog JSON line shapes, level selection and
// filtering, escaping, one line per write.
#include "tfplugin/log.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace tfplugin::log {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// Captures log output in an O_APPEND temp file (writes of any size stay
// whole, unlike a pipe that would block).
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char path[] = "/tmp/tfplugin_log_testXXXXXX";
    fd_ = ::mkstemp(path);
    ASSERT_GE(fd_, 0);
    ::unlink(path);
    ::fcntl(fd_, F_SETFL, O_APPEND);
    ::unsetenv("TF_LOG");
    ::unsetenv("TF_LOG_PROVIDER");
    Init("provider.test", fd_);
    SetLevel(Level::kTrace);
  }
  void TearDown() override {
    Init("", 2);
    SetLevel(Level::kOff);
    ::close(fd_);
  }

  std::vector<std::string> Lines() {
    std::string all;
    char buf[65536];
    ssize_t n;
    off_t off = 0;
    while ((n = ::pread(fd_, buf, sizeof buf, off)) > 0) {
      all.append(buf, static_cast<size_t>(n));
      off += n;
    }
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1) {
      lines.push_back(all.substr(start, nl - start));
    }
    EXPECT_EQ(start, all.size()) << "output must end with a newline";
    return lines;
  }

  int fd_ = -1;
};

constexpr char kTimestamp[] = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z";

TEST_F(LogTest, ExactLineShape) {
  Info("hello", {{"address", "/tmp/plugin1"}, {"network", "unix"}});
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  const std::regex re(std::string("\\{\"@level\":\"info\",\"@message\":\"hello\",\"@module\":"
                                  "\"provider\\.test\",\"@timestamp\":\"") +
                      kTimestamp + "\",\"address\":\"/tmp/plugin1\",\"network\":\"unix\"\\}");
  EXPECT_TRUE(std::regex_match(lines[0], re)) << lines[0];
}

TEST_F(LogTest, EveryLevelHasItsName) {
  Trace("t");
  Debug("d");
  Info("i");
  Warn("w");
  Error("e");
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 5u);
  const char* names[] = {"trace", "debug", "info", "warn", "error"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_THAT(lines[i], ::testing::StartsWith(std::string("{\"@level\":\"") + names[i] + "\""));
  }
}

TEST_F(LogTest, TimestampIsUtcWithSixFractionalDigits) {
  Info("x");
  const auto j = nlohmann::json::parse(Lines().at(0));
  EXPECT_THAT(j["@timestamp"].get<std::string>(), MatchesRegex(kTimestamp));
}

TEST_F(LogTest, LevelFiltering) {
  SetLevel(Level::kWarn);
  Trace("no");
  Debug("no");
  Info("no");
  Warn("yes-warn");
  Error("yes-error");
  EXPECT_TRUE(Enabled(Level::kError));
  EXPECT_FALSE(Enabled(Level::kInfo));
  SetLevel(Level::kOff);
  Error("no");
  EXPECT_FALSE(Enabled(Level::kError));
  EXPECT_FALSE(Enabled(Level::kOff));
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("yes-warn"));
  EXPECT_THAT(lines[1], HasSubstr("yes-error"));
}

TEST(LogLevelTest, ParseLevel) {
  EXPECT_EQ(ParseLevel("trace"), Level::kTrace);
  EXPECT_EQ(ParseLevel("TRACE"), Level::kTrace);
  EXPECT_EQ(ParseLevel("json"), Level::kTrace);
  EXPECT_EQ(ParseLevel("Debug"), Level::kDebug);
  EXPECT_EQ(ParseLevel(" info "), Level::kInfo);
  EXPECT_EQ(ParseLevel("warn"), Level::kWarn);
  EXPECT_EQ(ParseLevel("error"), Level::kError);
  EXPECT_EQ(ParseLevel("off"), Level::kOff);
  EXPECT_EQ(ParseLevel(""), Level::kOff);
  EXPECT_EQ(ParseLevel("verbose"), Level::kOff);
}

TEST(LogLevelTest, InitPrefersTfLogProviderOverTfLog) {
  ::setenv("TF_LOG_PROVIDER", "debug", 1);
  ::setenv("TF_LOG", "error", 1);
  Init("m", 2);
  EXPECT_EQ(CurrentLevel(), Level::kDebug);
  ::unsetenv("TF_LOG_PROVIDER");
  Init("m", 2);
  EXPECT_EQ(CurrentLevel(), Level::kError);
  ::setenv("TF_LOG_PROVIDER", "", 1);  // empty counts as unset
  Init("m", 2);
  EXPECT_EQ(CurrentLevel(), Level::kError);
  ::unsetenv("TF_LOG_PROVIDER");
  ::unsetenv("TF_LOG");
  Init("m", 2);
  EXPECT_EQ(CurrentLevel(), Level::kOff);
}

TEST_F(LogTest, EscapesStringsAndStaysOneLine) {
  const std::string nasty = "quote\" backslash\\ nl\n cr\r tab\t ctl\x01 del\x7f é";
  Warn(nasty, {{"k\"ey", "v\nv"}});
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("quote\\\" backslash\\\\ nl\\n cr\\r tab\\t ctl\\u0001 "
                                  "del\\u007f é"));
  const auto j = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(j["@message"], nasty);
  EXPECT_EQ(j["k\"ey"], "v\nv");
}

TEST_F(LogTest, InvalidUtf8BecomesReplacementCharacter) {
  Info(std::string("bad \xff\xfe end \xc3"));
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("bad \\ufffd\\ufffd end \\ufffd"));
  EXPECT_TRUE(nlohmann::json::accept(lines[0]));
}

TEST_F(LogTest, LongValuesAreTruncatedBelow64KiB) {
  const std::string big(200 * 1024, 'x');
  Debug("big", {{"payload", big}});
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_LT(lines[0].size(), 64u * 1024);
  const auto j = nlohmann::json::parse(lines[0]);
  EXPECT_THAT(j["payload"].get<std::string>(), HasSubstr("(truncated"));
}

TEST_F(LogTest, ConcurrentWritersNeverInterleave) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 200; ++i) {
        Info("concurrent line with some padding to make it longer",
             {{"thread", std::to_string(t)}, {"i", std::to_string(i)}});
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1600u);
  for (const auto& l : lines) {
    ASSERT_TRUE(nlohmann::json::accept(l)) << l;
  }
}

TEST_F(LogTest, GoPluginClientRequirementsHold) {
  // go-plugin needs "@message" and "@level" as strings and a parsable
  // timestamp; every other key is passed through.
  Error("m", {{"tf_rpc", "ApplyResourceChange"}});
  const auto j = nlohmann::json::parse(Lines().at(0));
  EXPECT_TRUE(j["@message"].is_string());
  EXPECT_TRUE(j["@level"].is_string());
  EXPECT_EQ(j["@module"], "provider.test");
  EXPECT_EQ(j["tf_rpc"], "ApplyResourceChange");
}

}  // namespace
}  // namespace tfplugin::log
