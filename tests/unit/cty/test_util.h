// Helpers shared by the lib/cty unit tests.
#ifndef EDP_TESTS_UNIT_CTY_TEST_UTIL_H_
#define EDP_TESTS_UNIT_CTY_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "cty/cty.h"

namespace cty::testing {

inline std::string Unhex(std::string_view hex) {
  std::string out;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(val(hex[i]) * 16 + val(hex[i + 1])));
  }
  return out;
}

inline std::string Hex(std::string_view bytes) {
  static const char* h = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(h[c >> 4]);
    out.push_back(h[c & 15]);
  }
  return out;
}

// Hex of an ASCII string (for str-encoded numbers).
inline std::string AsciiHex(std::string_view s) { return Hex(s); }

inline Value Num(std::string_view text) { return Value::Number(*Number::Parse(text)); }

inline ::testing::AssertionResult RawEq(const Value& got, const Value& want) {
  if (got.RawEquals(want)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got  " << got.GoString() << "\nwant " << want.GoString();
}

}  // namespace cty::testing

#endif  // EDP_TESTS_UNIT_CTY_TEST_UTIL_H_
