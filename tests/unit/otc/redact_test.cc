// Secrets never reach the log: redaction helpers, and the transport's debug
// log lines captured from a pipe.
#include "otc/redact.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <gtest/gtest.h>

#include "framework/context.h"
#include "otc/transport.h"
#include "tfplugin/log.h"

namespace otc {
namespace {

TEST(Redact, Headers) {
  Headers h = {{"Authorization", "SDK-HMAC-SHA256 Credential=AK/..., Signature=abc"},
               {"X-Auth-Token", "MIItoken"},
               {"x-subject-token", "MIIsubject"},
               {"X-Security-Token", "sectok"},
               {"x-obs-security-token", "obstok"},
               {"Content-Type", "application/json"}};
  std::string out = RedactHeaders(h);
  for (const char* secret : {"Signature=abc", "MIItoken", "MIIsubject", "sectok", "obstok"}) {
    EXPECT_EQ(out.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(out.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(out.find("X-Auth-Token: (sensitive value)"), std::string::npos);
}

TEST(Redact, JsonBodies) {
  std::string auth = R"({"auth":{"identity":{"methods":["password","totp"],"password":{"user":{"name":"u","password":"hunter2","domain":{"name":"d"}}},"totp":{"user":{"name":"u","passcode":"123456"}}}}})";
  std::string out = RedactBody(auth);
  EXPECT_EQ(out.find("hunter2"), std::string::npos);
  EXPECT_EQ(out.find("123456"), std::string::npos);
  EXPECT_NE(out.find("\"name\":\"u\""), std::string::npos);

  std::string token = R"({"auth":{"identity":{"methods":["token"],"token":{"id":"MIIsecret"}}}})";
  EXPECT_EQ(RedactBody(token).find("MIIsecret"), std::string::npos);

  std::string temp = R"({"credential":{"access":"AK1","secret":"SK1","securitytoken":"ST1","expires_at":"x"}})";
  out = RedactBody(temp);
  EXPECT_EQ(out.find("SK1"), std::string::npos);
  EXPECT_EQ(out.find("ST1"), std::string::npos);
  EXPECT_NE(out.find("AK1"), std::string::npos);

  std::string rds = R"({"instance":{"name":"db","password":"Pa55w0rd!","db_user_password":"x1","nested":[{"admin_password":"x2"}]}})";
  out = RedactBody(rds);
  for (const char* s : {"Pa55w0rd!", "x1", "x2"}) EXPECT_EQ(out.find(s), std::string::npos) << s;

  EXPECT_EQ(RedactBody("password=hunter2&x=1"), "<20 bytes, not JSON>");
  EXPECT_EQ(RedactBody(""), "");
  EXPECT_NE(RedactBody("<Error><Code>NoSuchBucket</Code></Error>").find("NoSuchBucket"), std::string::npos);
  std::string big = "{\"a\":\"" + std::string(10000, 'x') + "\"}";
  EXPECT_LT(RedactBody(big, 100).size(), 130u);
}

TEST(Redact, UrlQuery) {
  EXPECT_EQ(RedactUrl("https://h/p?name=a&password=x&X-Amz-Signature=s&marker=m"),
            "https://h/p?name=a&password=(sensitive value)&X-Amz-Signature=(sensitive value)&marker=m");
  EXPECT_EQ(RedactUrl("https://h/p"), "https://h/p");
}

TEST(Redact, TransportDebugLogHasNoSecrets) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  setenv("TF_LOG", "debug", 1);
  tfplugin::log::Init("provider.edp", fds[1]);
  tfplugin::log::SetLevel(tfplugin::log::Level::kDebug);

  TransportOptions opts;
  opts.connect_timeout = std::chrono::milliseconds(500);
  Transport t(opts);
  HttpRequest req;
  req.method = "POST";
  req.url = "http://127.0.0.1:1/v3/auth/tokens?password=q-secret";
  req.headers = {{"X-Auth-Token", "tok-secret"}, {"Authorization", "SDK-HMAC-SHA256 Signature=sig-secret"},
                 {"Content-Type", "application/json"}};
  req.body = R"({"auth":{"identity":{"password":{"user":{"name":"bob","password":"pw-secret"}}}}})";
  HttpResponse resp;
  TransportFailure failure;
  EXPECT_FALSE(t.Do(framework::Context(), req, &resp, &failure));
  EXPECT_EQ(failure.error.kind(), ErrorKind::kTransport);
  EXPECT_FALSE(failure.maybe_applied);  // nothing was sent: safe to replay
  EXPECT_NE(failure.error.hint().find("reachable"), std::string::npos) << failure.error.Message();

  tfplugin::log::SetLevel(tfplugin::log::Level::kOff);
  close(fds[1]);
  std::string logged;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) logged.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  tfplugin::log::Init("provider.edp", 2);
  EXPECT_NE(logged.find("OTC API request"), std::string::npos) << logged;
  EXPECT_NE(logged.find("bob"), std::string::npos) << logged;
  for (const char* secret : {"tok-secret", "sig-secret", "pw-secret", "q-secret"}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " leaked: " << logged;
  }
}

}  // namespace
}  // namespace otc
