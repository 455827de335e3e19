// cty::Number: parsing (cty.ParseNumberVal = big.ParseFloat(s, 10, 512)),
// formatting (big.Float.Text) and arithmetic. Expected strings were produced
// by Go 1.19 math/big.
#include "cty/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "cty/result.h"

namespace cty {
namespace {

struct FormatCase {
  const char* input;
  const char* f;      // Text('f', -1) == ToString()
  const char* g10;    // Text('g', 10) == big.Float.String()
  const char* gmin;   // Text('g', -1)
};

TEST(NumberTest, ParseAndFormatMatchGo) {
  std::vector<FormatCase> cases = {
      {"0", "0", "0", "0"},
      {"-0", "-0", "-0", "-0"},
      {"1", "1", "1", "1"},
      {"0.1", "0.1", "0.1", "0.1"},
      {"1.5", "1.5", "1.5", "1.5"},
      {"3.0", "3", "3", "3"},
      {"1e100", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
       "1e+100", "1e+100"},
      {"1180591620717411303424", "1180591620717411303424", "1.180591621e+21", "1.180591620717411303424e+21"},
      {"9223372036854775808", "9223372036854775808", "9.223372037e+18", "9.223372036854775808e+18"},
      {"123.456", "123.456", "123.456", "123.456"},
      {"-0.000001", "-0.000001", "-1e-06", "-1e-06"},
      {"1e-7", "0.0000001", "1e-07", "1e-07"},
      {"3.14159265358979323846264338327950288419716939937510", "3.1415926535897932384626433832795028841971693993751",
       "3.141592654", "3.1415926535897932384626433832795028841971693993751"},
      {"0.3333333333333333333333333333", "0.3333333333333333333333333333", "0.3333333333",
       "0.3333333333333333333333333333"},
      {"1e21", "1000000000000000000000", "1e+21", "1e+21"},
      {"1e20", "100000000000000000000", "1e+20", "1e+20"},
      {"12345678901234567890", "12345678901234567890", "1.23456789e+19", "1.234567890123456789e+19"},
      {"1p4", "16", "16", "16"},
      {"1.5p-3", "0.1875", "0.1875", "0.1875"},
      {"Inf", "+Inf", "+Inf", "+Inf"},
      {"-inf", "-Inf", "-Inf", "-Inf"},
      {"+Inf", "+Inf", "+Inf", "+Inf"},
      {".5", "0.5", "0.5", "0.5"},
      {"5.", "5", "5", "5"},
      {"+1", "1", "1", "1"},
      {"-.5e-3", "-0.0005", "-0.0005", "-0.0005"},
      {"1E5", "100000", "100000", "100000"},
      {"1P2", "4", "4", "4"},
      {"0001", "1", "1", "1"},
      {"1e0001", "10", "10", "10"},
      {"0.000123e5", "12.3", "12.3", "12.3"},
      {"999999999999999999999999.999", "999999999999999999999999.999", "1e+24", "9.99999999999999999999999999e+23"},
      {"1.00000000000000000000000000000000000000000000001", "1.00000000000000000000000000000000000000000000001", "1",
       "1.00000000000000000000000000000000000000000000001"},
      {"100000000000000000000000000000000000000000001", "100000000000000000000000000000000000000000001", "1e+44",
       "1.00000000000000000000000000000000000000000001e+44"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto n = Number::Parse(c.input);
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n->ToString(), c.f);
    EXPECT_EQ(n->Text('f', -1), c.f);
    EXPECT_EQ(n->Text('g', 10), c.g10);
    EXPECT_EQ(n->Text('g', -1), c.gmin);
    EXPECT_EQ(n->precision(), 512u);
  }
}

TEST(NumberTest, ParseRejectsWhatGoRejects) {
  for (const char* s : {"", "abc", "1e", "1.2.3", " 1", "1 ", "0x10", "1_000", "+", "-", ".", "e5", "1e+", "Infinity",
                        "nan", "++1", "inF", "1e100001", "1e-100001"}) {
    SCOPED_TRACE(s);
    auto n = Number::Parse(s);
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().message, "a number is required");
  }
}

TEST(NumberTest, FloatFormatsMatchGo) {
  struct Case {
    double v;
    const char* f;
    const char* g10;
  };
  std::vector<Case> cases = {
      {0.1, "0.1", "0.1"},
      {0.5, "0.5", "0.5"},
      {1.0 / 3.0, "0.3333333333333333", "0.3333333333"},
      {1e100, "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
       "1e+100"},
      {std::pow(2.0, 60), "1152921504606847000", "1.152921505e+18"},
      {std::pow(2.0, 70), "1180591620717411300000", "1.180591621e+21"},
      {123456789.125, "123456789.125", "123456789.1"},
      {-2.5, "-2.5", "-2.5"},
      {1e21, "1000000000000000000000", "1e+21"},
      {0.3, "0.3", "0.3"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.f);
    Number n = Number::FromDouble(c.v);
    EXPECT_EQ(n.precision(), 53u);
    EXPECT_EQ(n.ToString(), c.f);
    EXPECT_EQ(n.Text('g', 10), c.g10);
  }
  EXPECT_EQ(Number::FromDouble(5e-324).Text('g', -1), "4.940656458412465e-324");
  EXPECT_EQ(Number::FromDouble(1.7976931348623157e308).Text('g', -1), "1.7976931348623157e+308");
}

TEST(NumberTest, IntegersAndPrecision) {
  EXPECT_EQ(Number::FromInt64(INT64_MAX).ToString(), "9223372036854775807");
  EXPECT_EQ(Number::FromInt64(INT64_MIN).ToString(), "-9223372036854775808");
  EXPECT_EQ(Number::FromInt64(1000000).Text('g', -1), "1e+06");
  EXPECT_EQ(Number::FromInt64(123456789012).Text('g', 10), "1.23456789e+11");
  EXPECT_EQ(Number::FromUint64(UINT64_MAX).ToString(), "18446744073709551615");
  EXPECT_EQ(Number::FromInt64(5).precision(), 64u);
  EXPECT_EQ(Number::FromUint64(UINT64_MAX).precision(), 64u);
  EXPECT_TRUE(Number::FromUint64(UINT64_MAX).IsUint64());
  EXPECT_FALSE(Number::FromUint64(UINT64_MAX).IsInt64());
  EXPECT_EQ(Number::FromUint64(UINT64_MAX).ToUint64(), UINT64_MAX);
  EXPECT_EQ(Number::FromInt64(-3).ToUint64(), std::nullopt);
  EXPECT_EQ(Number::Parse("42")->ToInt64(), 42);
  EXPECT_EQ(Number::Parse("4.2")->ToInt64(), std::nullopt);
  EXPECT_TRUE(Number::Parse("1e3")->IsInteger());
  EXPECT_FALSE(Number::Parse("1.5")->IsInteger());
  EXPECT_FALSE(Number::Infinity().IsInteger());
}

TEST(NumberTest, Predicates) {
  EXPECT_TRUE(Number::Parse("1.5")->IsExactDouble());
  EXPECT_FALSE(Number::Parse("0.1")->IsExactDouble());
  EXPECT_TRUE(Number::FromDouble(0.1).IsExactDouble());
  EXPECT_TRUE(Number::FromInt64(int64_t{1} << 53).IsExactDouble());
  EXPECT_FALSE(Number::FromInt64((int64_t{1} << 53) + 1).IsExactDouble());
  EXPECT_FALSE(Number::Parse("1e-400")->IsExactDouble());
  EXPECT_TRUE(Number::Infinity(true).IsInfinity());
  EXPECT_TRUE(Number::Infinity(true).IsNegative());
  EXPECT_TRUE(Number::Parse("-0")->IsZero());
  EXPECT_FALSE(Number::Parse("-0")->IsNegative());
  EXPECT_DOUBLE_EQ(Number::Parse("0.1")->ToDouble(), 0.1);
}

TEST(NumberTest, CompareIsNumeric) {
  EXPECT_EQ(Number::FromInt64(1).Compare(*Number::Parse("1.0")), 0);
  EXPECT_EQ(Number::Parse("-0")->Compare(Number::FromInt64(0)), 0);
  EXPECT_LT(Number::FromInt64(2).Compare(Number::FromInt64(10)), 0);
  EXPECT_GT(Number::Parse("1e100")->Compare(Number::FromInt64(INT64_MAX)), 0);
  EXPECT_LT(Number::Infinity(true).Compare(Number::FromInt64(INT64_MIN)), 0);
  EXPECT_TRUE(Number::FromDouble(0.5) == *Number::Parse("0.5"));
  EXPECT_TRUE(Number::FromDouble(0.1) != *Number::Parse("0.1"));  // different binary values
}

TEST(NumberTest, CtyEqualsComparesShortestText) {
  EXPECT_TRUE(Number::FromDouble(0.1).CtyEquals(*Number::Parse("0.1")));
  EXPECT_TRUE(Number::Parse("-0")->CtyEquals(Number::FromInt64(0)));
  EXPECT_TRUE(Number::FromInt64(3).CtyEquals(*Number::Parse("3.0")));
  EXPECT_FALSE(Number::FromDouble(std::pow(2.0, 60)).CtyEquals(Number::FromInt64(int64_t{1} << 60)));
  EXPECT_FALSE(Number::FromDouble(1.0000000000000002).CtyEquals(Number::FromInt64(1)));
  EXPECT_TRUE(Number::Infinity().CtyEquals(*Number::Parse("Inf")));
}

TEST(NumberTest, ArithmeticMatchesGo) {
  auto p = [](const char* s) { return *Number::Parse(s); };
  EXPECT_EQ(p("1").Divide(p("3"))->ToString(),
            "0.3333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333333"
            "3333333333333333333333333333333333333333333333335");
  EXPECT_EQ(Number::FromInt64(1).Divide(Number::FromInt64(3))->ToString(), "0.33333333333333333334");
  EXPECT_EQ(Number::FromDouble(0.1).Add(Number::FromDouble(0.2))->ToString(), "0.30000000000000004");
  EXPECT_EQ(p("0.1").Add(p("0.2"))->ToString(), "0.3");
  Number mx = Number::FromInt64(INT64_MAX);
  EXPECT_EQ(mx.Multiply(mx)->ToString(), "85070591730234615847000000000000000000");
  EXPECT_EQ(mx.Add(mx)->ToString(), "18446744073709551614");
  EXPECT_EQ(Number::FromInt64(0).Multiply(Number::FromInt64(-5))->ToString(), "-0");
  EXPECT_EQ(Number::FromInt64(0).Negate().ToString(), "-0");
  EXPECT_EQ(Number::FromInt64(6).Divide(Number::FromInt64(3))->ToString(), "2");
  EXPECT_EQ(Number::FromInt64(1).Divide(Number::FromInt64(0))->ToString(), "+Inf");
  EXPECT_EQ(Number::FromInt64(-1).Divide(Number::FromInt64(0))->ToString(), "-Inf");
  EXPECT_EQ(Number::FromInt64(5).Subtract(Number::FromInt64(7))->ToString(), "-2");
  EXPECT_EQ(Number::FromInt64(-7).Abs().ToString(), "7");
  EXPECT_EQ(Number::FromInt64(INT64_MIN).Negate().ToString(), "9223372036854775808");
  EXPECT_EQ(p("7").Modulo(p("3"))->ToString(), "1");
  EXPECT_EQ(p("-7").Modulo(p("3"))->ToString(), "-1");
  EXPECT_EQ(p("7.5").Modulo(p("2"))->ToString(), "1.5");
  EXPECT_EQ(p("1").Modulo(p("0.3"))->ToString(),
            "0.099999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
            "999999999999999999999999999999999999999999999999955");
  EXPECT_EQ(p("5").Modulo(p("0"))->ToString(), "5");
}

TEST(NumberTest, ArithmeticErrorsAreCtys) {
  Number inf = Number::Infinity(), ninf = Number::Infinity(true), zero;
  EXPECT_EQ(inf.Add(ninf).error().message, "can't compute sum of opposing infinities");
  EXPECT_EQ(inf.Subtract(inf).error().message, "can't subtract infinity from itself");
  EXPECT_EQ(zero.Multiply(inf).error().message, "can't multiply zero by infinity");
  EXPECT_EQ(zero.Divide(zero).error().message, "can't divide zero by zero or infinity by infinity");
  EXPECT_EQ(inf.Divide(ninf).error().message, "can't divide zero by zero or infinity by infinity");
  EXPECT_EQ(inf.Modulo(zero).error().message, "can't use modulo with zero and infinity");
  EXPECT_EQ(inf.Add(inf)->ToString(), "+Inf");
}

TEST(NumberTest, OtherTextFormats) {
  auto p = [](const char* s) { return *Number::Parse(s); };
  EXPECT_EQ(p("1234.5678").Text('e', 3), "1.235e+03");
  EXPECT_EQ(p("0").Text('e', -1), "0e+00");
  EXPECT_EQ(p("1234.5678").Text('f', 2), "1234.57");
  EXPECT_EQ(p("0.000012345").Text('g', 3), "1.23e-05");
}

}  // namespace
}  // namespace cty
