// Unit tests of the DNS name and record helpers (otc/dns.h) the
// edp_dns_zone / edp_dns_recordset resources build on: trailing-dot
// normalisation, zone containment, TXT quoting round trips and per-type
// record validation.
#include <gtest/gtest.h>

#include <string>

#include "otc/dns.h"

namespace {

using otc::dns::NameInZone;
using otc::dns::NormalizeName;
using otc::dns::QuoteTxt;
using otc::dns::RecordProblem;
using otc::dns::UnquoteTxt;
using otc::dns::ValidDomainName;

TEST(DnsNames, NormalizeAddsOneTrailingDotAndLowerCases) {
  EXPECT_EQ(NormalizeName("www.Example.com"), "www.example.com.");
  EXPECT_EQ(NormalizeName("www.example.com."), "www.example.com.");
  EXPECT_EQ(NormalizeName("www.example.com.."), "www.example.com.");
  EXPECT_EQ(NormalizeName(""), "");
  EXPECT_EQ(NormalizeName("."), "");
}

TEST(DnsNames, NameInZoneIsLabelWise) {
  EXPECT_TRUE(NameInZone("www.example.com", "example.com."));
  EXPECT_TRUE(NameInZone("example.com.", "example.com"));
  EXPECT_TRUE(NameInZone("a.b.EXAMPLE.com", "example.com."));
  EXPECT_FALSE(NameInZone("notexample.com", "example.com."));
  EXPECT_FALSE(NameInZone("www.example.org", "example.com."));
  EXPECT_FALSE(NameInZone("com", "example.com."));
  EXPECT_FALSE(NameInZone("", "example.com."));
}

TEST(DnsNames, ValidDomainName) {
  EXPECT_TRUE(ValidDomainName("example.com", false));
  EXPECT_TRUE(ValidDomainName("example.com.", false));
  EXPECT_FALSE(ValidDomainName("-bad.example.com", false));
  EXPECT_FALSE(ValidDomainName("a..b", false));
  EXPECT_FALSE(ValidDomainName("_sip._tcp.example.com", false));
  EXPECT_TRUE(ValidDomainName("_sip._tcp.example.com", true));
  EXPECT_TRUE(ValidDomainName("*.example.com", true));
  EXPECT_FALSE(ValidDomainName("www.*.example.com", true));
  EXPECT_FALSE(ValidDomainName(std::string(64, 'a') + ".com", false));
  EXPECT_FALSE(ValidDomainName("", true));
}

TEST(DnsTxt, QuoteAndUnquoteRoundTrip) {
  EXPECT_EQ(QuoteTxt("v=spf1 -all"), "\"v=spf1 -all\"");
  EXPECT_EQ(UnquoteTxt("\"v=spf1 -all\""), "v=spf1 -all");
  // Already quoted values are sent as written.
  EXPECT_EQ(QuoteTxt("\"a\" \"b\""), "\"a\" \"b\"");
  EXPECT_EQ(UnquoteTxt("\"a\" \"b\""), "ab");
  // Quotes and backslashes inside are escaped and come back.
  std::string tricky = "say \"hi\" \\o/";
  EXPECT_EQ(QuoteTxt(tricky), "\"say \\\"hi\\\" \\\\o/\"");
  EXPECT_EQ(UnquoteTxt(QuoteTxt(tricky)), tricky);
  // A half-quoted value is text, not a quoted string.
  EXPECT_EQ(QuoteTxt("\"open"), "\"\\\"open\"");
  EXPECT_EQ(UnquoteTxt("plain"), "plain");
  // Long values become several strings of at most 255 bytes.
  std::string dkim(600, 'k');
  std::string q = QuoteTxt(dkim);
  EXPECT_EQ(q, "\"" + std::string(255, 'k') + "\" \"" + std::string(255, 'k') + "\" \"" + std::string(90, 'k') + "\"");
  EXPECT_EQ(UnquoteTxt(q), dkim);
  EXPECT_EQ(QuoteTxt(""), "\"\"");
}

TEST(DnsRecords, ValidFormsPass) {
  EXPECT_EQ(RecordProblem("A", "192.0.2.1"), "");
  EXPECT_EQ(RecordProblem("AAAA", "2001:db8::1"), "");
  EXPECT_EQ(RecordProblem("CNAME", "target.example.com."), "");
  EXPECT_EQ(RecordProblem("MX", "10 mail.example.com."), "");
  EXPECT_EQ(RecordProblem("SRV", "10 5 5060 sip.example.com."), "");
  EXPECT_EQ(RecordProblem("CAA", "0 issue \"ca.example.net\""), "");
  EXPECT_EQ(RecordProblem("TXT", "anything at all"), "");
  EXPECT_EQ(RecordProblem("TXT", std::string(1000, 'x')), "");
  EXPECT_EQ(RecordProblem("NS", "ns1.example.com."), "");
  EXPECT_EQ(RecordProblem("PTR", "host.example.com"), "");
}

TEST(DnsRecords, ProblemsSayWhatIsExpected) {
  EXPECT_NE(RecordProblem("A", "300.1.1.1").find("IPv4"), std::string::npos);
  EXPECT_NE(RecordProblem("A", "2001:db8::1").find("IPv4"), std::string::npos);
  EXPECT_NE(RecordProblem("AAAA", "192.0.2.1").find("IPv6"), std::string::npos);
  EXPECT_NE(RecordProblem("MX", "mail.example.com").find("<preference 0-65535> <mail server>"), std::string::npos);
  EXPECT_NE(RecordProblem("MX", "70000 mail.example.com").find("MX"), std::string::npos);
  EXPECT_NE(RecordProblem("SRV", "1 2 3").find("<priority> <weight> <port> <target>"), std::string::npos);
  EXPECT_NE(RecordProblem("CAA", "0 issue ca.example.net").find("quotes"), std::string::npos);
  EXPECT_NE(RecordProblem("CAA", "0 frobnicate \"x\"").find("issue|issuewild|iodef"), std::string::npos);
  EXPECT_NE(RecordProblem("CNAME", "not a name").find("domain name"), std::string::npos);
  EXPECT_NE(RecordProblem("TXT", "\"unterminated").find("quoted strings"), std::string::npos);
  EXPECT_NE(RecordProblem("TXT", "\"" + std::string(300, 'x') + "\"").find("255"), std::string::npos);
  EXPECT_NE(RecordProblem("SPF", "x").find("unsupported record type"), std::string::npos);
  EXPECT_EQ(RecordProblem("A", ""), "a record must not be empty.");
}

TEST(DnsStatus, StatusWordIsThePartBeforeTheUnderscore) {
  EXPECT_EQ(otc::dns::StatusWord("PENDING_CREATE"), "PENDING");
  EXPECT_EQ(otc::dns::StatusWord("ACTIVE"), "ACTIVE");
  EXPECT_EQ(otc::dns::StatusWord("ERROR"), "ERROR");
  EXPECT_EQ(otc::dns::TagResourceType("private", true), "DNS-private_recordset");
  EXPECT_EQ(otc::dns::TagResourceType("public", false), "DNS-public_zone");
}

}  // namespace
