// Shared helpers: gocty-style number extraction, quoting, UTF-8 and
// grapheme clusters.
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cmath>
#include <memory>

#include "cty/src/internal.h"
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

std::string GoQuote(std::string_view s) { return cty::internal::GoQuote(s); }

std::string RedactString(std::string_view s, bool sensitive) {
  return sensitive ? "(sensitive value)" : GoQuote(s);
}

char32_t DecodeRune(std::string_view s, size_t* i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  size_t p = *i;
  unsigned c = b(p);
  if (c < 0x80) {
    *i = p + 1;
    return c;
  }
  int n = 0;
  char32_t r = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 1, r = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2, r = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3, r = c & 0x07, min = 0x10000;
  } else {
    *i = p + 1;
    return 0xFFFD;
  }
  if (p + static_cast<size_t>(n) >= s.size()) {
    *i = p + 1;
    return 0xFFFD;
  }
  for (int k = 1; k <= n; ++k) {
    unsigned cc = b(p + k);
    if ((cc & 0xC0) != 0x80) {
      *i = p + 1;
      return 0xFFFD;
    }
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    *i = p + 1;
    return 0xFFFD;
  }
  *i = p + n + 1;
  return r;
}

void AppendRune(std::string* out, char32_t r) {
  if (r < 0x80) {
    out->push_back(static_cast<char>(r));
  } else if (r < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (r >> 6)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else if (r < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (r >> 12)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (r >> 18)));
    out->push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (r & 0x3F)));
  }
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
