// Go durations, timeouts, Context cancellation and private state.
#include "framework/timeouts.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "framework/context.h"
#include "framework/private_state.h"
#include "harness.h"

namespace fwtest {
namespace {

namespace fw = framework;
using namespace std::chrono_literals;

TEST(GoDurationTest, Parse) {
  struct Case {
    const char* text;
    std::chrono::nanoseconds want;
  } ok[] = {
      {"0", 0ns},
      {"30m", 30min},
      {"1h30m", 90min},
      {"1.5h", 90min},
      {"300ms", 300ms},
      {"-1.5h", -90min},
      {"+5s", 5s},
      {"1h2m3s4ms5us6ns", 1h + 2min + 3s + 4ms + 5us + 6ns},
      {"1.5\xC2\xB5s", 1500ns},
      {".5s", 500ms},
      {"2.s", 2s},
      {"0s", 0ns},
  };
  for (const auto& c : ok) {
    std::string err;
    auto d = fw::ParseGoDuration(c.text, &err);
    ASSERT_TRUE(d.has_value()) << c.text << ": " << err;
    EXPECT_EQ(*d, c.want) << c.text;
  }
  struct Bad {
    const char* text;
    const char* error;
  } bad[] = {
      {"", "time: invalid duration \"\""},
      {"1", "time: missing unit in duration \"1\""},
      {"1d", "time: unknown unit \"d\" in duration \"1d\""},
      {".s", "time: invalid duration \".s\""},
      {"-", "time: invalid duration \"-\""},
      {"1h-5m", "time: unknown unit \"h-\" in duration \"1h-5m\""},  // as Go
      {"9999999999999999999h", "time: invalid duration \"9999999999999999999h\""},
  };
  for (const auto& b : bad) {
    std::string err;
    EXPECT_FALSE(fw::ParseGoDuration(b.text, &err).has_value()) << b.text;
    EXPECT_EQ(err, b.error);
  }
}

TEST(GoDurationTest, Format) {
  EXPECT_EQ(fw::FormatGoDuration(0ns), "0s");
  EXPECT_EQ(fw::FormatGoDuration(90min), "1h30m0s");
  EXPECT_EQ(fw::FormatGoDuration(1500ms), "1.5s");
  EXPECT_EQ(fw::FormatGoDuration(50ms), "50ms");
  EXPECT_EQ(fw::FormatGoDuration(100us), "100\xC2\xB5s");
  EXPECT_EQ(fw::FormatGoDuration(7ns), "7ns");
  EXPECT_EQ(fw::FormatGoDuration(-2min), "-2m0s");
  EXPECT_EQ(fw::FormatGoDuration(26h + 3s), "26h0m3s");
}

TEST(TimeoutsTest, EffectiveTimeout) {
  Harness h;
  const fw::Schema& s = h.thing_schema();
  cty::Value none = h.Config({});
  EXPECT_EQ(fw::EffectiveTimeout(s, none, fw::Operation::kCreate), std::chrono::milliseconds(2min));
  EXPECT_EQ(fw::EffectiveTimeout(s, none, fw::Operation::kRead), std::chrono::milliseconds(1min));
  cty::Value set =
      h.Config({{"timeouts", edptest::ConfigOf(*h.thing().FindBlock("timeouts")->block,
                                               {{"create", S("45m")}, {"delete", S("bad")}})}});
  EXPECT_EQ(fw::EffectiveTimeout(s, set, fw::Operation::kCreate), std::chrono::milliseconds(45min));
  EXPECT_EQ(fw::EffectiveTimeout(s, set, fw::Operation::kDelete), std::chrono::milliseconds(2min));
  fw::Schema plain;
  EXPECT_FALSE(fw::EffectiveTimeout(plain, none, fw::Operation::kCreate).has_value());
}

TEST(ContextTest, SleepElapsesWithoutCancellation) {
  fw::CancelSource src;
  fw::Context ctx = src.NewContext();
  EXPECT_TRUE(ctx.SleepFor(5ms));
  EXPECT_FALSE(ctx.Done());
  EXPECT_TRUE(fw::Context().SleepFor(1ms));
}

TEST(ContextTest, CancelWakesSleepersPromptly) {
  fw::CancelSource src;
  fw::Context ctx = src.NewContext();
  auto start = std::chrono::steady_clock::now();
  auto fut = std::async(std::launch::async, [ctx] { return ctx.SleepFor(1h); });
  std::this_thread::sleep_for(20ms);
  src.Cancel();
  ASSERT_EQ(fut.wait_for(2s), std::future_status::ready);
  EXPECT_FALSE(fut.get());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(ctx.Cancelled());
  tfplugin::Diagnostics d;
  ctx.AddDoneError(d, "waiting");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].summary, "Operation Cancelled");
}

TEST(ContextTest, DeadlineStopsSleep) {
  fw::Context ctx = fw::CancelSource().NewContext().WithTimeout(20ms, "create");
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ctx.SleepFor(10s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(ctx.DeadlineExceeded());
  tfplugin::Diagnostics d;
  ctx.AddDoneError(d, "waiting for the cluster");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].summary, "Operation Timed Out");
  EXPECT_EQ(
      d[0].detail,
      "The create timeout (20ms) expired while waiting for the cluster. Increase it in the "
      "resource's timeouts block (timeouts { create = \"...\" }) if the service is just slow, "
      "then run the command again.");
}

TEST(PrivateStateTest, EchoesUntouchedBytes) {
  tfplugin::Diagnostics d;
  auto p = fw::PrivateState::Decode(R"({"b":"2", "a":"1"})", d);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(p.Get("a"), "1");
  EXPECT_EQ(p.Encode(), R"({"b":"2", "a":"1"})");  // byte-for-byte
  p.Set("a", "1");                                 // unchanged value: still untouched
  EXPECT_EQ(p.Encode(), R"({"b":"2", "a":"1"})");
  p.Set("c", "3");
  EXPECT_EQ(p.Encode(), R"({"a":"1","b":"2","c":"3"})");
  p.Remove("a");
  p.Remove("b");
  p.Remove("c");
  EXPECT_EQ(p.Encode(), "");
}

TEST(PrivateStateTest, InvalidBytes) {
  tfplugin::Diagnostics d;
  auto p = fw::PrivateState::Decode("not json", d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].summary, "Invalid Private State");
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.Encode(), "not json");
  tfplugin::Diagnostics d2;
  fw::PrivateState::Decode(R"({"a":1})", d2);
  EXPECT_EQ(d2.size(), 1u);
}

}  // namespace
}  // namespace fwtest
