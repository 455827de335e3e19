#include "otc/waiter.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace otc {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

WaitOptions Fast(std::string what) {
  WaitOptions o;
  o.what = std::move(what);
  o.initial = 10ms;
  o.max_interval = 40ms;
  return o;
}

TEST(Waiter, DoneAfterStatusChanges) {
  int polls = 0;
  Status s = WaitUntil(framework::Context(), Fast("VPC \"a\" to become OK"), [&](const framework::Context&) {
    ++polls;
    return Result<PollResult>(PollResult{polls < 3 ? PollResult::kPending : PollResult::kDone,
                                         polls < 3 ? "CREATING" : "OK", ""});
  });
  EXPECT_TRUE(s.ok()) << s.Message();
  EXPECT_EQ(polls, 3);
}

TEST(Waiter, FailureCarriesTheServiceReason) {
  Status s = WaitUntil(framework::Context(), Fast("cluster \"c\" to become Available"), [](const framework::Context&) {
    return Result<PollResult>(PollResult{PollResult::kFailed, "Error", "flavor s3.large.2 is sold out"});
  });
  ASSERT_EQ(s.kind(), ErrorKind::kFailed);
  EXPECT_NE(s.Message().find("cluster \"c\" to become Available failed: status Error: flavor s3.large.2 is sold out"),
            std::string::npos)
      << s.Message();
}

TEST(Waiter, TimeoutSaysWhatLastStatusAndElapsed) {
  WaitOptions o = Fast("VPC \"a\" to become OK");
  o.timeout = 150ms;
  auto start = Clock::now();
  Status s = WaitUntil(framework::Context(), o, [](const framework::Context&) {
    return Result<PollResult>(PollResult{PollResult::kPending, "CREATING", ""});
  });
  auto took = Clock::now() - start;
  ASSERT_EQ(s.kind(), ErrorKind::kTimeout);
  EXPECT_NE(s.Message().find("timed out waiting for VPC \"a\" to become OK within 150ms (last status CREATING after"),
            std::string::npos)
      << s.Message();
  EXPECT_GE(took, 140ms);
  EXPECT_LT(took, 2s);
}

TEST(Waiter, ContextDeadlineBoundsTheWait) {
  framework::Context ctx = framework::Context().WithTimeout(100ms, "create");
  Status s = WaitUntil(ctx, Fast("x"), [](const framework::Context&) {
    return Result<PollResult>(PollResult{PollResult::kPending, "PENDING", ""});
  });
  EXPECT_EQ(s.kind(), ErrorKind::kTimeout);
}

TEST(Waiter, StopProviderEndsTheWaitPromptly) {
  framework::CancelSource src;
  WaitOptions o = Fast("x");
  o.initial = 5s;  // a long sleep that cancellation must interrupt
  o.max_interval = 5s;
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    src.Cancel();
  });
  auto start = Clock::now();
  Status s = WaitUntil(src.NewContext(), o, [](const framework::Context&) {
    return Result<PollResult>(PollResult{PollResult::kPending, "BUILD", ""});
  });
  auto took = Clock::now() - start;
  stopper.join();
  ASSERT_EQ(s.kind(), ErrorKind::kCancelled);
  EXPECT_NE(s.Message().find("last status BUILD"), std::string::npos) << s.Message();
  EXPECT_LT(took, 2s) << "the 5 s sleep must end at the cancel";
}

TEST(Waiter, IntervalsGrowAndResetOnChange) {
  std::vector<Clock::time_point> at;
  WaitOptions o = Fast("x");
  o.initial = 20ms;
  o.max_interval = 80ms;
  o.growth = 2.0;
  Status s = WaitUntil(framework::Context(), o, [&](const framework::Context&) {
    at.push_back(Clock::now());
    std::size_t n = at.size();
    std::string status = n < 5 ? "A" : "B";
    return Result<PollResult>(PollResult{n >= 7 ? PollResult::kDone : PollResult::kPending, status, ""});
  });
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(at.size(), 7u);
  auto gap = [&](std::size_t i) { return at[i] - at[i - 1]; };
  EXPECT_LT(gap(1), gap(4));   // grew while the status stayed "A"
  EXPECT_LT(gap(5), gap(4));   // reset after the change to "B"
  EXPECT_LE(gap(4), 200ms);    // capped
}

TEST(Waiter, PendingStatusesAndHardErrors) {
  int polls = 0;
  WaitOptions o = Fast("EIP to appear");
  o.pending_statuses = {404};
  Status s = WaitUntil(framework::Context(), o, [&](const framework::Context&) -> Result<PollResult> {
    if (++polls < 3) return Error::Http(404, "GET", "/v1/p/publicips/x", "");
    return PollResult{PollResult::kDone, "DOWN", ""};
  });
  EXPECT_TRUE(s.ok()) << s.Message();

  Status bad = WaitUntil(framework::Context(), Fast("EIP to appear"), [](const framework::Context&) -> Result<PollResult> {
    return Error::Http(403, "GET", "/v1/p/publicips/x", R"({"code":"VPC.0001","message":"denied"})");
  });
  EXPECT_EQ(bad.kind(), ErrorKind::kHttp);
  EXPECT_NE(bad.Message().find("waiting for EIP to appear"), std::string::npos) << bad.Message();
  EXPECT_NE(bad.Message().find("denied"), std::string::npos);
}

TEST(Waiter, FormatDuration) {
  EXPECT_EQ(FormatDuration(350ms), "350ms");
  EXPECT_EQ(FormatDuration(2500ms), "2.5s");
  EXPECT_EQ(FormatDuration(62500ms), "1m2.5s");
  EXPECT_EQ(FormatDuration(3600000ms), "1h0m0.0s");
}

}  // namespace
}  // namespace otc
