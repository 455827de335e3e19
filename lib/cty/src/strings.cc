// String helpers: UTF-8 validation, NFC normalisation (ICU, non-ASCII only),
// Go-compatible quoting for set hashes and JSON.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <cstring>

#include "cty/text.h"
#include "internal.h"

namespace cty::internal {

namespace {

constexpr char32_t kRuneError = 0xFFFD;

// Go utf8.DecodeRune: invalid input yields (RuneError, 1).
char32_t DecodeRune(std::string_view s, size_t i, size_t* width) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c0 = b(i);
  size_t n = s.size() - i;
  *width = 1;
  if (c0 < 0x80) return c0;
  auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
    return k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (n >= 2 && cont(i + 1, 0x80, 0xBF)) {
      *width = 2;
      return static_cast<char32_t>(((c0 & 0x1F) << 6) | (b(i + 1) & 0x3F));
    }
    return kRuneError;
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    unsigned char lo = c0 == 0xE0 ? 0xA0 : 0x80;
    unsigned char hi = c0 == 0xED ? 0x9F : 0xBF;
    if (n >= 3 && cont(i + 1, lo, hi) && cont(i + 2, 0x80, 0xBF)) {
      *width = 3;
      return static_cast<char32_t>(((c0 & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F));
    }
    return kRuneError;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    unsigned char lo = c0 == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c0 == 0xF4 ? 0x8F : 0xBF;
    if (n >= 4 && cont(i + 1, lo, hi) && cont(i + 2, 0x80, 0xBF) && cont(i + 3, 0x80, 0xBF)) {
      *width = 4;
      return static_cast<char32_t>(((c0 & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
                                   (b(i + 3) & 0x3F));
    }
    return kRuneError;
  }
  return kRuneError;
}

void AppendUTF8(std::string* out, char32_t r) {
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

// Go unicode.IsPrint: letters, marks, numbers, punctuation, symbols and
// U+0020.
bool IsGoPrint(char32_t r) {
  if (r < 0x100) {
    return (r >= 0x20 && r <= 0x7E) || (r >= 0xA1 && r != 0xAD);
  }
  switch (u_charType(static_cast<UChar32>(r))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

const char kHex[] = "0123456789abcdef";

const icu::Normalizer2* NFC() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfc;
}

}  // namespace

bool IsASCII(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < n; ++i) {
    if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
  }
  return true;
}

bool IsValidUTF8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t w;
    char32_t r = DecodeRune(s, i, &w);
    if (r == kRuneError && w == 1) return false;
    i += w;
  }
  return true;
}

std::string NormalizeNFC(std::string_view s) {
  if (IsASCII(s) || !IsValidUTF8(s)) return std::string(s);
  const icu::Normalizer2* nfc = NFC();
  if (nfc == nullptr) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  icu::StringPiece sp(s.data(), static_cast<int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(sp, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  std::string out;
  out.reserve(s.size());
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, sp, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(s);
  return out;
}

void AppendGoQuote(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    size_t w = 1;
    char32_t r = DecodeRune(s, i, &w);
    if (w == 1 && r == kRuneError) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      out->append("\\x");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 0xF]);
      ++i;
      continue;
    }
    i += w;
    if (r == '"' || r == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(r));
      continue;
    }
    if (IsGoPrint(r)) {
      AppendUTF8(out, r);
      continue;
    }
    switch (r) {
      case '\a': out->append("\\a"); continue;
      case '\b': out->append("\\b"); continue;
      case '\f': out->append("\\f"); continue;
      case '\n': out->append("\\n"); continue;
      case '\r': out->append("\\r"); continue;
      case '\t': out->append("\\t"); continue;
      case '\v': out->append("\\v"); continue;
      default: break;
    }
    if (r < ' ' || r == 0x7F) {
      out->append("\\x");
      out->push_back(kHex[(r >> 4) & 0xF]);
      out->push_back(kHex[r & 0xF]);
    } else if (r < 0x10000) {
      out->append("\\u");
      for (int sh = 12; sh >= 0; sh -= 4) out->push_back(kHex[(r >> sh) & 0xF]);
    } else {
      out->append("\\U");
      for (int sh = 28; sh >= 0; sh -= 4) out->push_back(kHex[(r >> sh) & 0xF]);
    }
  }
  out->push_back('"');
}

std::string GoQuote(std::string_view s) {
  std::string out;
  AppendGoQuote(&out, s);
  return out;
}

void AppendJSONString(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t start = 0;
  size_t i = 0;
  auto flush = [&] {
    if (start < i) out->append(s.data() + start, i - start);
  };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
        ++i;
        continue;
      }
      flush();
      switch (c) {
        case '"': out->append("\\\""); break;
        case '\\': out->append("\\\\"); break;
        case '\b': out->append("\\b"); break;
        case '\f': out->append("\\f"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\t': out->append("\\t"); break;
        default:
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
          break;
      }
      ++i;
      start = i;
      continue;
    }
    size_t w;
    char32_t r = DecodeRune(s, i, &w);
    if (r == kRuneError && w == 1) {
      flush();
      out->append("\\ufffd");
      i += w;
      start = i;
      continue;
    }
    if (r == 0x2028 || r == 0x2029) {
      flush();
      out->append(r == 0x2028 ? "\\u2028" : "\\u2029");
      i += w;
      start = i;
      continue;
    }
    i += w;
  }
  flush();
  out->push_back('"');
}

std::string QuoteJSONChar(char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string q = GoQuote(std::string_view(&c, 1));
  q.front() = '\'';
  q.back() = '\'';
  return q;
}

}  // namespace cty::internal

namespace cty::text {

char32_t DecodeRune(std::string_view s, size_t* i) {
  size_t width = 1;
  char32_t r = internal::DecodeRune(s, *i, &width);
  *i += width;
  return r;
}
void AppendRune(std::string* out, char32_t r) { internal::AppendUTF8(out, r); }
bool IsValidUTF8(std::string_view s) { return internal::IsValidUTF8(s); }
std::string GoQuote(std::string_view s) { return internal::GoQuote(s); }
std::string QuoteJSONChar(char c) { return internal::QuoteJSONChar(c); }

}  // namespace cty::text
