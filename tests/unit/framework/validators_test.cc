// Validators in isolation: table-driven, with exact diagnostics.
#include "framework/validators.h"

#include <gtest/gtest.h>

#include "harness.h"

namespace fwtest {
namespace {

namespace fw = framework;

std::string Check(const fw::ValidatorPtr& v, const cty::Value& value,
                  cty::Value parent = cty::Value(), std::string name = "attr") {
  fw::ValidatorRequest req;
  req.path = name.empty() ? cty::Path() : P(name);
  req.value = value;
  req.parent = parent;
  req.name = name;
  tfplugin::Diagnostics d;
  v->Validate(req, d);
  std::string out;
  for (const auto& x : d) out += (out.empty() ? "" : "\n") + x.summary + ": " + x.detail;
  return out;
}

cty::Value Unknown() { return cty::Value::Unknown(cty::Type::String()); }
cty::Value NullS() { return cty::Value::Null(cty::Type::String()); }

TEST(ValidatorsTest, Strings) {
  EXPECT_EQ(Check(fw::StringLengthBetween(2, 3), S("abcd")),
            "Invalid Attribute Value Length: Attribute attr string length must be between 2 and 3, "
            "got: 4");
  EXPECT_EQ(Check(fw::StringLengthBetween(1, 2), S("\xC3\xA4\xC3\xB6")), "");  // 2 code points
  EXPECT_EQ(
      Check(fw::StringLengthAtLeast(1), S("")),
      "Invalid Attribute Value Length: Attribute attr string length must be at least 1, got: 0");
  EXPECT_EQ(
      Check(fw::StringOneOf({"x", "y"}), S("z")),
      "Invalid Attribute Value Match: Attribute attr value must be one of: [\"x\" \"y\"], got: "
      "\"z\"");
  EXPECT_EQ(
      Check(fw::StringMatches("[a-z]+", "must be lower-case letters"), S("aB")),
      "Invalid Attribute Value Match: Attribute attr must be lower-case letters, got: \"aB\"");
  EXPECT_EQ(Check(fw::StringMatches("[a-z]+"), S("ab")), "");
}

TEST(ValidatorsTest, Cidr) {
  for (const char* ok : {"10.0.0.0/16", "0.0.0.0/0", "192.168.1.7/32"}) {
    EXPECT_EQ(Check(fw::IsCidr(), S(ok)), "") << ok;
  }
  for (const char* bad : {"10.0.0.0", "10.0.0/16", "10.0.0.256/8", "10.0.0.0/33", "010.0.0.0/8",
                          "a.b.c.d/8", "10.0.0.0/", "::1/128", "10.0.0.0.0/8"}) {
    EXPECT_NE(Check(fw::IsCidr(), S(bad)), "") << bad;
  }
}

TEST(ValidatorsTest, UrlAndDuration) {
  EXPECT_EQ(Check(fw::IsHttpUrl(), S("https://iam.eu-de.otc.t-systems.com/v3")), "");
  EXPECT_EQ(Check(fw::IsHttpUrl(), S("http://127.0.0.1:8080")), "");
  EXPECT_NE(Check(fw::IsHttpUrl(), S("ftp://x")), "");
  EXPECT_NE(Check(fw::IsHttpUrl(), S("https://")), "");
  EXPECT_EQ(Check(fw::IsGoDuration(), S("1h30m")), "");
  EXPECT_EQ(Check(fw::IsGoDuration(), S("-1m")),
            "Invalid Attribute Value: Attribute attr value must be a duration such as \"30m\", "
            "\"1h30m\" or \"90s\" (units h, m, s, ms), got: \"-1m\": the duration must not be "
            "negative");
}

TEST(ValidatorsTest, Numbers) {
  EXPECT_EQ(Check(fw::IntBetween(1, 10), N(10)), "");
  EXPECT_EQ(
      Check(fw::IntBetween(1, 10), N(11)),
      "Invalid Attribute Value: Attribute attr value must be a whole number between 1 and 10, "
      "got: 11");
  EXPECT_NE(Check(fw::IntBetween(1, 10), cty::Value::Number(cty::Number::FromDouble(1.5))), "");
  EXPECT_EQ(Check(fw::IntAtLeast(0), N(-1)),
            "Invalid Attribute Value: Attribute attr value must be a whole number of at least 0, "
            "got: -1");
}

TEST(ValidatorsTest, NullAndUnknownAreSkipped) {
  for (const auto& v : {fw::StringLengthBetween(2, 3), fw::StringOneOf({"x"}), fw::IsCidr(),
                        fw::IsHttpUrl(), fw::IsGoDuration(), fw::StringMatches("x")}) {
    EXPECT_EQ(Check(v, Unknown()), "");
    EXPECT_EQ(Check(v, NullS()), "");
  }
  EXPECT_EQ(Check(fw::IntBetween(1, 2), cty::Value::Unknown(cty::Type::Number())), "");
}

TEST(ValidatorsTest, SensitiveValuesAreRedacted) {
  fw::ValidatorRequest req;
  req.path = P("password");
  req.value = S("hunter2");
  req.name = "password";
  req.sensitive = true;
  tfplugin::Diagnostics d;
  fw::StringOneOf({"a"})->Validate(req, d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].detail,
            "Attribute password value must be one of: [\"a\"], got: (sensitive value)");
}

TEST(ValidatorsTest, CollectionsAndEachValue) {
  cty::Value m = cty::Value::Map(cty::Type::String(), {{"a", S("ok")}, {"b", S("")}});
  EXPECT_EQ(
      Check(fw::EachValue(fw::StringLengthAtLeast(1)), m),
      "Invalid Attribute Value Length: Attribute attr[\"b\"] string length must be at least 1, "
      "got: 0");
  cty::Value l = cty::Value::List(cty::Type::String(), {S("a"), S("b"), S("c")});
  EXPECT_EQ(Check(fw::SizeBetween(1, 2), l),
            "Invalid Attribute Value: Attribute attr must contain at least 1 and at most 2 "
            "elements, got: 3");
}

cty::Value Obj(std::map<std::string, cty::Value> attrs) {
  return cty::Value::Object(std::move(attrs));
}

TEST(ValidatorsTest, Combinations) {
  cty::Value both = Obj({{"a", S("1")}, {"b", S("2")}, {"c", NullS()}});
  cty::Value only_a = Obj({{"a", S("1")}, {"b", NullS()}, {"c", NullS()}});
  cty::Value none = Obj({{"a", NullS()}, {"b", NullS()}, {"c", NullS()}});
  cty::Value b_unknown = Obj({{"a", S("1")}, {"b", Unknown()}, {"c", NullS()}});

  EXPECT_EQ(Check(fw::ConflictsWith({"b"}), S("1"), both, "a"),
            "Invalid Attribute Combination: Attribute \"b\" cannot be specified when \"a\" is "
            "specified");
  EXPECT_EQ(Check(fw::ConflictsWith({"b"}), S("1"), only_a, "a"), "");
  EXPECT_EQ(Check(fw::ConflictsWith({"b"}), S("1"), b_unknown, "a"), "");

  EXPECT_EQ(Check(fw::RequiredWith({"b"}), S("1"), only_a, "a"),
            "Invalid Attribute Combination: Attribute \"b\" must be specified when \"a\" is "
            "specified");
  EXPECT_EQ(Check(fw::RequiredWith({"b"}), S("1"), both, "a"), "");

  // Block level (name empty): the listed names only.
  EXPECT_EQ(Check(fw::ExactlyOneOf({"a", "b"}), both, both, ""),
            "Invalid Attribute Combination: 2 attributes specified when one (and only one) of "
            "[a,b] is required");
  EXPECT_EQ(Check(fw::ExactlyOneOf({"a", "b"}), none, none, ""),
            "Invalid Attribute Combination: No attribute specified when one (and only one) of "
            "[a,b] is required");
  EXPECT_EQ(Check(fw::ExactlyOneOf({"a", "b"}), only_a, only_a, ""), "");
  EXPECT_EQ(Check(fw::ExactlyOneOf({"a", "b"}), b_unknown, b_unknown, ""), "");
  EXPECT_EQ(Check(fw::AtLeastOneOf({"b", "c"}), none, none, ""),
            "Invalid Attribute Combination: At least one attribute out of [b,c] must be specified");
  EXPECT_EQ(Check(fw::AtLeastOneOf({"a", "c"}), only_a, only_a, ""), "");
  EXPECT_EQ(Check(fw::ConflictsWith({"a", "b"}), both, both, ""),
            "Invalid Attribute Combination: These attributes cannot be configured together: [a,b]");
}

}  // namespace
}  // namespace fwtest
