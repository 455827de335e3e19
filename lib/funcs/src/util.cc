// Shared helpers: gocty-style number extraction, quoting, UTF-8 and
// grapheme clusters.
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cmath>
#include <memory>

#include "internal.h"

namespace funcs::internal {
namespace {
// Go fmt %f of math.MaxFloat64.
const std::string kMaxFloat =
    "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000";
}  // namespace

std::optional<int64_t> ToInt(const Value& v, std::string* error) {
  auto i = v.AsNumber().ToInt64();
  if (!i) *error = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";
  return i;
}

std::optional<double> ToFloat(const Value& v, std::string* error) {
  const cty::Number& n = v.AsNumber();
  double d = n.ToDouble();
  if (std::isinf(d) && !n.IsInfinity()) {
    *error = "value must be between -" + kMaxFloat + " and " + kMaxFloat + " inclusive";
    return std::nullopt;
  }
  return d;
}


std::string RedactString(std::string_view s, bool sensitive) {
  return sensitive ? "(sensitive value)" : GoQuote(s);
}

std::vector<size_t> GraphemeBoundaries(std::string_view s) {
  std::vector<size_t> out{0};
  if (s.empty()) return out;
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\r') {
      ascii = false;
      break;
    }
  }
  if (ascii) {  // every byte is its own cluster (no CR LF pairs)
    for (size_t i = 1; i <= s.size(); ++i) out.push_back(i);
    return out;
  }
  UErrorCode st = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &st);
  UBreakIterator* bi = ubrk_open(UBRK_CHARACTER, "", nullptr, 0, &st);
  if (U_FAILURE(st)) {
    if (bi) ubrk_close(bi);
    if (ut) utext_close(ut);
    for (size_t i = 1; i <= s.size(); ++i) out.push_back(i);
    return out;
  }
  ubrk_setUText(bi, ut, &st);
  for (int32_t p = ubrk_next(bi); p != UBRK_DONE; p = ubrk_next(bi)) out.push_back(static_cast<size_t>(p));
  ubrk_close(bi);
  utext_close(ut);
  if (out.back() != s.size()) out.push_back(s.size());
  return out;
}

bool IsGoSpace(char32_t r) {
  switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

}  // namespace funcs::internal
