// Handshake line formatting/parsing, base64 without padding, protocol
// version negotiation, TF_REATTACH_PROVIDERS parsing.
#include "tfplugin/handshake.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tfplugin/plugin_client.h"

namespace tfplugin {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Base64Test, Rfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base64EncodeNoPad(""), "");
  EXPECT_EQ(Base64EncodeNoPad("f"), "Zg");
  EXPECT_EQ(Base64EncodeNoPad("fo"), "Zm8");
  EXPECT_EQ(Base64EncodeNoPad("foo"), "Zm9v");
  EXPECT_EQ(Base64EncodeNoPad("foob"), "Zm9vYg");
  EXPECT_EQ(Base64EncodeNoPad("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64EncodeNoPad("foobar"), "Zm9vYmFy");
}

TEST(Base64Test, StandardAlphabetNotUrlSafe) {
  EXPECT_EQ(Base64EncodeNoPad(std::string("\xfb\xff\xbf", 3)), "+/+/");
}

TEST(Base64Test, DecodesPaddedAndUnpadded) {
  EXPECT_EQ(Base64Decode("Zg"), "f");
  EXPECT_EQ(Base64Decode("Zg=="), "f");
  EXPECT_EQ(Base64Decode("Zm8"), "fo");
  EXPECT_EQ(Base64Decode("Zm8="), "fo");
  EXPECT_EQ(Base64Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64Decode(""), "");
}

TEST(Base64Test, RejectsGarbage) {
  EXPECT_FALSE(Base64Decode("Z"));       // impossible length
  EXPECT_FALSE(Base64Decode("Zg="));     // incomplete padding
  EXPECT_FALSE(Base64Decode("Zm9v="));   // padding where none belongs
  EXPECT_FALSE(Base64Decode("Zm9v!A"));  // outside the alphabet
  EXPECT_FALSE(Base64Decode("Zm-_"));    // URL-safe alphabet
  EXPECT_FALSE(Base64Decode("Z=g="));    // padding in the middle
}

TEST(Base64Test, RoundTripsEveryByteAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); ++len) {
    const std::string in = all.substr(0, len);
    const std::string enc = Base64EncodeNoPad(in);
    ASSERT_EQ(enc.find('='), std::string::npos);
    ASSERT_EQ(Base64Decode(enc), in) << len;
  }
}

TEST(HandshakeLineTest, FormatWithoutCertificate) {
  HandshakeLine h;
  h.app_version = 5;
  h.network = "tcp";
  h.address = "127.0.0.1:10000";
  EXPECT_EQ(FormatHandshakeLine(h), "1|5|tcp|127.0.0.1:10000|grpc|\n");
}

TEST(HandshakeLineTest, FormatWithCertificateIsUnpaddedBase64) {
  HandshakeLine h;
  h.app_version = 6;
  h.network = "unix";
  h.address = "/tmp/plugin2908212597";
  h.server_cert_der = std::string(100, '\x01');  // 100 bytes -> 134 chars, would pad "=="
  const std::string line = FormatHandshakeLine(h);
  EXPECT_EQ(line, "1|6|unix|/tmp/plugin2908212597|grpc|" + Base64EncodeNoPad(h.server_cert_der) +
                      "\n");
  EXPECT_EQ(line.find('='), std::string::npos);
}

TEST(HandshakeLineTest, ParseRoundTrip) {
  HandshakeLine h;
  h.app_version = 6;
  h.network = "unix";
  h.address = "/tmp/plugin1";
  h.server_cert_der = std::string(300, 'c');
  std::string error;
  const auto p = ParseHandshakeLine(FormatHandshakeLine(h), &error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->core_version, 1);
  EXPECT_EQ(p->app_version, 6);
  EXPECT_EQ(p->network, "unix");
  EXPECT_EQ(p->address, "/tmp/plugin1");
  EXPECT_EQ(p->protocol, "grpc");
  EXPECT_EQ(p->server_cert_der, h.server_cert_der);
}

TEST(HandshakeLineTest, ParseToleratesCrLfAndSpaces) {
  const auto p = ParseHandshakeLine("  1|5|tcp|127.0.0.1:1234|grpc|\r\n", nullptr);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->address, "127.0.0.1:1234");
  EXPECT_EQ(p->protocol, "grpc");
  EXPECT_TRUE(p->server_cert_der.empty());
}

TEST(HandshakeLineTest, FourFieldsMeanNetRpc) {
  const auto p = ParseHandshakeLine("1|5|unix|/tmp/x", nullptr);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol, "netrpc");
}

TEST(HandshakeLineTest, ShortSixthFieldIsNotACertificate) {
  // go-plugin only loads a certificate when field 6 is longer than 50 chars.
  const auto p = ParseHandshakeLine("1|6|unix|/tmp/x|grpc|not-base64-but-short!", nullptr);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->server_cert_der.empty());
}

TEST(HandshakeLineTest, PaddedCertificateAccepted) {
  const std::string der(100, '\x7f');
  const std::string padded = Base64EncodeNoPad(der) + "==";
  const auto p = ParseHandshakeLine("1|6|unix|/tmp/x|grpc|" + padded, nullptr);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->server_cert_der, der);
}

TEST(HandshakeLineTest, SeventhFieldIgnored) {
  const auto p = ParseHandshakeLine("1|6|unix|/tmp/x|grpc||true", nullptr);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol, "grpc");
}

TEST(HandshakeLineTest, Errors) {
  std::string error;
  EXPECT_FALSE(ParseHandshakeLine("hello world", &error));
  EXPECT_THAT(error, HasSubstr("Unrecognized remote plugin message: hello world"));
  EXPECT_FALSE(ParseHandshakeLine("1|6|unix", &error));
  EXPECT_FALSE(ParseHandshakeLine("", &error));
  EXPECT_FALSE(ParseHandshakeLine("x|6|unix|/a|grpc|", &error));
  EXPECT_THAT(error, HasSubstr("core protocol version"));
  EXPECT_FALSE(ParseHandshakeLine("1|six|unix|/a|grpc|", &error));
  EXPECT_THAT(error, HasSubstr("protocol version"));
  EXPECT_FALSE(ParseHandshakeLine("1|6|unix|/a|grpc|" + std::string(60, '%'), &error));
  EXPECT_THAT(error, HasSubstr("certificate"));
}

struct NegotiationCase {
  const char* offered;  // nullptr: variable absent
  int version;
  bool common;
};

class NegotiationTest : public ::testing::TestWithParam<NegotiationCase> {};

TEST_P(NegotiationTest, MatchesGoPlugin) {
  const auto& c = GetParam();
  const NegotiatedVersion n = NegotiateProtocolVersion(c.offered, {6, 5});
  EXPECT_EQ(n.version, c.version) << (c.offered ? c.offered : "(absent)");
  EXPECT_EQ(n.common, c.common) << (c.offered ? c.offered : "(absent)");
}

INSTANTIATE_TEST_SUITE_P(Table, NegotiationTest,
                         ::testing::Values(NegotiationCase{"5,6", 6, true},
                                           NegotiationCase{"6,5", 6, true},
                                           NegotiationCase{"5", 5, true},
                                           NegotiationCase{"6", 6, true},
                                           NegotiationCase{nullptr, 5, false},
                                           NegotiationCase{"", 5, false},
                                           NegotiationCase{"4,7", 5, false},
                                           NegotiationCase{"x,6", 6, true},
                                           NegotiationCase{"5,garbage", 5, true},
                                           NegotiationCase{"5, 6", 6, true},
                                           NegotiationCase{"6,,", 6, true},
                                           NegotiationCase{"4", 5, false}));

TEST(NegotiationTest2, ReportsInvalidItemsAndIgnoresOrderOfSupported) {
  const NegotiatedVersion n = NegotiateProtocolVersion("x,5,,1.5", {5, 6});
  EXPECT_EQ(n.version, 5);
  EXPECT_TRUE(n.common);
  EXPECT_THAT(n.invalid_items, ElementsAre("x", "1.5"));
}

TEST(NegotiationTest2, JoinProtocolVersions) {
  EXPECT_EQ(JoinProtocolVersions({5, 6}), "5,6");
  EXPECT_EQ(JoinProtocolVersions({6}), "6");
  EXPECT_EQ(JoinProtocolVersions({}), "");
}

TEST(ReattachTest, ParsesTerraformPluginGoFormat) {
  std::string error;
  const auto m = ParseReattachProviders(
      R"({"registry.opentofu.org/edp/edp":{"Protocol":"grpc","ProtocolVersion":6,"Pid":42,)"
      R"("Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin1"}},)"
      R"("example/legacy":{"Protocol":"grpc","Pid":1,"Addr":{"Network":"tcp","String":"127.0.0.1:9"}}})",
      &error);
  ASSERT_TRUE(m) << error;
  ASSERT_EQ(m->size(), 2u);
  const ReattachConfig& a = m->at("registry.opentofu.org/edp/edp");
  EXPECT_EQ(a.protocol_version, 6);
  EXPECT_EQ(a.pid, 42);
  EXPECT_TRUE(a.test);
  EXPECT_EQ(a.network, "unix");
  EXPECT_EQ(a.address, "/tmp/plugin1");
  const ReattachConfig& b = m->at("example/legacy");
  EXPECT_EQ(b.protocol_version, 5);  // absent means 5
  EXPECT_FALSE(b.test);
  EXPECT_EQ(b.address, "127.0.0.1:9");
}

TEST(ReattachTest, Errors) {
  std::string error;
  EXPECT_FALSE(ParseReattachProviders("not json", &error));
  EXPECT_FALSE(ParseReattachProviders("[]", &error));
  EXPECT_FALSE(ParseReattachProviders(R"({"a":{"Addr":{"Network":"unix"}}})", &error));
  EXPECT_THAT(error, HasSubstr("Addr"));
}

}  // namespace
}  // namespace tfplugin
