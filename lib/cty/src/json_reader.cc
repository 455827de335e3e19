// Minimal JSON pull reader (see internal.h). Number text is returned verbatim
// so cty numbers never pass through double.
#include "cty/text.h"
#include "internal.h"

namespace cty::internal {

namespace {
bool IsWS(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

char JsonReader::Peek() {
  while (pos_ < data_.size() && IsWS(data_[pos_])) ++pos_;
  return pos_ < data_.size() ? data_[pos_] : 0;
}

bool JsonReader::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool JsonReader::FailChar(std::string_view context) {
  if (pos_ >= data_.size()) return Fail("unexpected end of JSON input");
  return Fail("invalid character " + QuoteJSONChar(data_[pos_]) + " " + std::string(context));
}

bool JsonReader::ReadString(std::string* out) {
  if (Peek() != '"') return FailChar("looking for beginning of value");
  ++pos_;
  out->clear();
  // Fast path: plain ASCII without escapes.
  size_t start = pos_;
  size_t i = pos_;
  while (i < data_.size()) {
    unsigned char c = static_cast<unsigned char>(data_[i]);
    if (c == '"') {
      out->assign(data_.data() + start, i - start);
      pos_ = i + 1;
      return true;
    }
    if (c == '\\' || c < 0x20 || c >= 0x80) break;
    ++i;
  }
  out->assign(data_.data() + start, i - start);
  pos_ = i;
  while (pos_ < data_.size()) {
    unsigned char c = static_cast<unsigned char>(data_[pos_]);
    if (c == '"') {
      ++pos_;
      if (!IsASCII(*out) && !IsValidUTF8(*out)) {
        // Go coerces invalid UTF-8 in strings to U+FFFD.
        std::string fixed;
        AppendJSONString(&fixed, *out);  // replaces invalid bytes by \ufffd
        JsonReader again(fixed);
        std::string clean;
        if (again.ReadString(&clean)) *out = std::move(clean);
      }
      return true;
    }
    if (c < 0x20) return FailChar("in string literal");
    if (c != '\\') {
      out->push_back(static_cast<char>(c));
      ++pos_;
      continue;
    }
    ++pos_;
    if (pos_ >= data_.size()) return Fail("unexpected end of JSON input");
    char e = data_[pos_];
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out->push_back(e);
        ++pos_;
        continue;
      case 'b':
        out->push_back('\b');
        ++pos_;
        continue;
      case 'f':
        out->push_back('\f');
        ++pos_;
        continue;
      case 'n':
        out->push_back('\n');
        ++pos_;
        continue;
      case 'r':
        out->push_back('\r');
        ++pos_;
        continue;
      case 't':
        out->push_back('\t');
        ++pos_;
        continue;
      case 'u':
        break;
      default:
        return FailChar("in string escape code");
    }
    ++pos_;
    auto read_hex4 = [&](uint32_t* v) {
      *v = 0;
      for (int k = 0; k < 4; ++k) {
        if (pos_ >= data_.size()) return Fail("unexpected end of JSON input");
        int h = HexVal(data_[pos_]);
        if (h < 0) return FailChar("in \\u hexadecimal character escape");
        *v = (*v << 4) | static_cast<uint32_t>(h);
        ++pos_;
      }
      return true;
    };
    uint32_t r;
    if (!read_hex4(&r)) return false;
    if (r >= 0xD800 && r < 0xE000) {
      // Surrogate: valid only as a high/low pair.
      uint32_t r2 = 0;
      size_t save = pos_;
      bool paired = false;
      if (r < 0xDC00 && pos_ + 6 <= data_.size() && data_[pos_] == '\\' && data_[pos_ + 1] == 'u') {
        pos_ += 2;
        std::string saved_error = error_;
        if (read_hex4(&r2) && r2 >= 0xDC00 && r2 < 0xE000) {
          r = 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00);
          paired = true;
        } else {
          error_ = saved_error;
          pos_ = save;
        }
      }
      if (!paired) r = 0xFFFD;
    }
    text::AppendRune(out, r);
  }
  return Fail("unexpected end of JSON input");
}

bool JsonReader::ReadNumber(std::string_view* text) {
  Peek();
  size_t start = pos_;
  size_t n = data_.size();
  if (pos_ < n && data_[pos_] == '-') ++pos_;
  if (pos_ >= n) return Fail("unexpected end of JSON input");
  if (data_[pos_] == '0') {
    ++pos_;
  } else if (data_[pos_] >= '1' && data_[pos_] <= '9') {
    while (pos_ < n && IsDigit(data_[pos_])) ++pos_;
  } else {
    return FailChar(pos_ == start ? "looking for beginning of value" : "in numeric literal");
  }
  if (pos_ < n && data_[pos_] == '.') {
    ++pos_;
    if (pos_ >= n) return Fail("unexpected end of JSON input");
    if (!IsDigit(data_[pos_])) return FailChar("after decimal point in numeric literal");
    while (pos_ < n && IsDigit(data_[pos_])) ++pos_;
  }
  if (pos_ < n && (data_[pos_] == 'e' || data_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < n && (data_[pos_] == '+' || data_[pos_] == '-')) ++pos_;
    if (pos_ >= n) return Fail("unexpected end of JSON input");
    if (!IsDigit(data_[pos_])) return FailChar("in exponent of numeric literal");
    while (pos_ < n && IsDigit(data_[pos_])) ++pos_;
  }
  *text = data_.substr(start, pos_ - start);
  return true;
}

bool JsonReader::ReadLiteral(std::string_view lit) {
  Peek();
  for (size_t k = 0; k < lit.size(); ++k) {
    if (pos_ >= data_.size()) return Fail("unexpected end of JSON input");
    if (data_[pos_] != lit[k]) {
      if (k == 0) return FailChar("looking for beginning of value");
      return FailChar("in literal " + std::string(lit) + " (expecting " + QuoteJSONChar(lit[k]) + ")");
    }
    ++pos_;
  }
  return true;
}

bool JsonReader::SkipValue(int depth) {
  if (depth > 10000) return Fail("exceeded max depth");
  char c = Peek();
  switch (c) {
    case '"': {
      std::string tmp;
      return ReadString(&tmp);
    }
    case '[': {
      if (!BeginArray()) return false;
      for (bool first = true;; first = false) {
        bool more = false;
        if (!NextArrayElement(first, &more)) return false;
        if (!more) return true;
        if (!SkipValue(depth + 1)) return false;
      }
    }
    case '{': {
      if (!BeginObject()) return false;
      std::string key;
      for (bool first = true;; first = false) {
        bool more = false;
        if (!NextObjectKey(first, &more, &key)) return false;
        if (!more) return true;
        if (!SkipValue(depth + 1)) return false;
      }
    }
    case 't':
      return ReadLiteral("true");
    case 'f':
      return ReadLiteral("false");
    case 'n':
      return ReadLiteral("null");
    case 0:
      return Fail("unexpected end of JSON input");
    default: {
      std::string_view text;
      return ReadNumber(&text);
    }
  }
}

bool JsonReader::BeginArray() {
  if (Peek() != '[') return FailChar("looking for beginning of value");
  ++pos_;
  return true;
}

bool JsonReader::NextArrayElement(bool first, bool* more) {
  char c = Peek();
  if (c == ']') {
    ++pos_;
    *more = false;
    return true;
  }
  if (c == 0) return Fail("unexpected end of JSON input");
  if (!first) {
    if (c != ',') return FailChar("after array element");
    ++pos_;
    if (Peek() == ']') return FailChar("looking for beginning of value");
  }
  *more = true;
  return true;
}

bool JsonReader::BeginObject() {
  if (Peek() != '{') return FailChar("looking for beginning of value");
  ++pos_;
  return true;
}

bool JsonReader::NextObjectKey(bool first, bool* more, std::string* key) {
  char c = Peek();
  if (c == '}' && first) {
    ++pos_;
    *more = false;
    return true;
  }
  if (!first) {
    if (c == '}') {
      ++pos_;
      *more = false;
      return true;
    }
    if (c != ',') return FailChar("after object key:value pair");
    ++pos_;
    c = Peek();
  }
  if (c != '"') return FailChar("looking for beginning of object key string");
  if (!ReadString(key)) return false;
  if (Peek() != ':') return FailChar("after object key");
  ++pos_;
  *more = true;
  return true;
}

bool JsonReader::ExpectEnd() {
  if (AtEnd()) return true;
  return FailChar("after top-level value");
}

}  // namespace cty::internal
