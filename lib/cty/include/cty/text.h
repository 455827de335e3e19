// cty::text: the text helpers with Go semantics that cty, lib/funcs and
// lib/hcl share, so that messages and string handling match go-cty and
// OpenTofu byte for byte.
//
//   size_t i = 0;
//   char32_t r = cty::text::DecodeRune("\xffa", &i);  // r == U+FFFD, i == 1
//   cty::text::GoQuote("a\"b")                        // "\"a\\\"b\""
//
// Thread safety: pure functions.
#ifndef EDP_CTY_TEXT_H_
#define EDP_CTY_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace cty::text {

// Go utf8.DecodeRuneInString at s[*i], advancing *i past it. Invalid or
// truncated input decodes as U+FFFD and consumes one byte.
// REQUIRES: *i < s.size().
char32_t DecodeRune(std::string_view s, size_t* i);
// Appends the UTF-8 encoding of r.
void AppendRune(std::string* out, char32_t r);
// Go utf8.ValidString.
bool IsValidUTF8(std::string_view s);
// Go strconv.Quote.
std::string GoQuote(std::string_view s);
// Go encoding/json's quoteChar for syntax errors: 'x', '\n', ...
std::string QuoteJSONChar(char c);

}  // namespace cty::text

#endif  // EDP_CTY_TEXT_H_
