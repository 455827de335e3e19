// Encoding functions: base64decode base64encode jsondecode jsonencode
// urlencode (OpenTofu lang/funcs/encoding.go, go-cty stdlib json.go).
#include <cstring>
#include <map>

#include "cty/json.h"
#include "internal.h"

namespace funcs::internal {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  auto b = [&](size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(in[k])); };
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = b(i) << 16;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (b(i) << 16) | (b(i + 1) << 8);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Go base64.StdEncoding.DecodeString (its decodeQuantum loop): padding
// required, '\r' and '\n' skipped, trailing bits not checked. On failure
// *bad_offset is Go's CorruptInputError offset.
std::optional<std::string> Base64Decode(std::string_view src, size_t* bad_offset = nullptr) {
  auto value = [](char c) -> int {
    const char* p = c ? std::strchr(kB64, c) : nullptr;
    return p ? static_cast<int>(p - kB64) : -1;
  };
  auto fail = [&](size_t off) -> std::optional<std::string> {
    if (bad_offset) *bad_offset = off;
    return std::nullopt;
  };
  std::string out;
  size_t si = 0;
  while (si < src.size()) {
    unsigned dbuf[4] = {0, 0, 0, 0};
    int dlen = 4;
    bool trailing_garbage = false;
    size_t garbage_at = 0;
    for (int j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return out;
        return fail(si - static_cast<size_t>(j));
      }
      char in = src[si++];
      int v = value(in);
      if (v >= 0) {
        dbuf[j] = static_cast<unsigned>(v);
        continue;
      }
      if (in == '\n' || in == '\r') {
        --j;
        continue;
      }
      if (in != '=') return fail(si - 1);
      if (j == 0 || j == 1) return fail(si - 1);
      if (j == 2) {
        while (si < src.size() && (src[si] == '\n' || src[si] == '\r')) ++si;
        if (si == src.size()) return fail(src.size());
        if (src[si] != '=') return fail(si - 1);
        ++si;
      }
      while (si < src.size() && (src[si] == '\n' || src[si] == '\r')) ++si;
      if (si < src.size()) {
        trailing_garbage = true;
        garbage_at = si;
      }
      dlen = j;
      break;
    }
    unsigned val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
    if (dlen >= 2) out += static_cast<char>((val >> 16) & 0xFF);
    if (dlen >= 3) out += static_cast<char>((val >> 8) & 0xFF);
    if (dlen >= 4) out += static_cast<char>(val & 0xFF);
    if (trailing_garbage) return fail(garbage_at);
  }
  return out;
}

// ---- jsondecode: a JSON reader producing cty values with the types
// ctyjson.ImpliedType gives (objects, tuples, null as Dynamic), with the
// errors Go's json.Decoder.Token reports.
class JsonDecoder {
 public:
  explicit JsonDecoder(std::string_view s) : s_(s) {}

  bool Document(Value* out) {
    SkipSpace();
    if (pos_ >= s_.size()) return Fail("EOF");
    if (!Parse(out, "looking for beginning of value", 0)) return false;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] != ']' && s_[pos_] != '}') return Fail("extraneous data after JSON object");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool Fail(std::string m) {
    if (error_.empty()) error_ = std::move(m);
    return false;
  }
  // Decoder.Token's syntax error; at the end of input Token reports EOF.
  bool BadChar(std::string_view context) {
    if (pos_ >= s_.size()) return Fail("EOF");
    std::string m = "invalid character " + QuoteChar(s_[pos_]);
    if (!context.empty()) m += " " + std::string(context);
    return Fail(m);
  }
  // Go encoding/json quoteChar: the byte as a rune (so 0xC3 is 'Ã').
  static std::string QuoteChar(char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) return cty::text::QuoteJSONChar(ch);
    if (c < 0xA1 || c == 0xAD) {
      static const char* hex = "0123456789abcdef";
      return std::string("'\\u00") + hex[c >> 4] + hex[c & 15] + "'";
    }
    std::string out = "'";
    AppendRune(&out, c);
    return out + "'";
  }
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  bool Parse(Value* out, std::string_view context, int depth) {
    if (depth > 10000) return Fail("exceeded max depth");
    SkipSpace();
    if (pos_ >= s_.size()) return Fail("EOF");
    char c = s_[pos_];
    if (c == '{') return Object(out, depth);
    if (c == '[') return Array(out, depth);
    if (c == '"') {
      std::string str;
      if (!String(&str)) return false;
      *out = Value::String(str);
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return NumberLit(out);
    if (c == 't') return Literal("true", Value::True(), out);
    if (c == 'f') return Literal("false", Value::False(), out);
    if (c == 'n') return Literal("null", Value::Null(Type::Dynamic()), out);
    return BadChar(context);
  }

  bool Literal(std::string_view lit, Value v, Value* out) {
    for (size_t i = 0; i < lit.size(); ++i, ++pos_) {
      if (pos_ >= s_.size()) return Fail("unexpected EOF");
      if (s_[pos_] != lit[i]) {
        return Fail("invalid character " + QuoteChar(s_[pos_]) + " in literal " +
                    std::string(lit) + " (expecting " + cty::text::QuoteJSONChar(lit[i]) + ")");
      }
    }
    *out = std::move(v);
    return true;
  }

  bool NumberLit(Value* out) {
    size_t start = pos_;
    auto digit = [&] { return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9'; };
    auto bad = [&](std::string_view ctx) {
      if (pos_ >= s_.size()) return Fail("unexpected EOF");
      return Fail("invalid character " + QuoteChar(s_[pos_]) + " " + std::string(ctx));
    };
    if (s_[pos_] == '-') {
      ++pos_;
      if (!digit()) return bad("in numeric literal");
    }
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digit()) return bad("after decimal point in numeric literal");
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digit()) return bad("in exponent of numeric literal");
      while (digit()) ++pos_;
    }
    auto n = cty::Number::Parse(s_.substr(start, pos_ - start));
    if (!n.ok()) return Fail(n.error().message);
    *out = Value::Number(n.value());
    return true;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool Hex4(size_t at, char32_t* r) {
    if (at + 4 > s_.size()) return false;
    char32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      int h = Hex(s_[at + k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<char32_t>(h);
    }
    *r = v;
    return true;
  }

  bool String(std::string* out) {
    ++pos_;  // opening quote
    for (;;) {
      if (pos_ >= s_.size()) return Fail("unexpected EOF");
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return Fail("invalid character " + cty::text::QuoteJSONChar(s_[pos_]) + " in string literal");
      if (c == '\\') {
        ++pos_;
        if (pos_ >= s_.size()) return Fail("unexpected EOF");
        char e = s_[pos_];
        switch (e) {
          case '"': case '\\': case '/': *out += e; ++pos_; break;
          case 'b': *out += '\b'; ++pos_; break;
          case 'f': *out += '\f'; ++pos_; break;
          case 'n': *out += '\n'; ++pos_; break;
          case 'r': *out += '\r'; ++pos_; break;
          case 't': *out += '\t'; ++pos_; break;
          case 'u': {
            char32_t r;
            if (!Hex4(pos_ + 1, &r)) {
              size_t k = pos_ + 1;
              while (k < s_.size() && k < pos_ + 5 && Hex(s_[k]) >= 0) ++k;
              if (k >= s_.size()) return Fail("unexpected EOF");
              pos_ = k;
              return Fail("invalid character " + cty::text::QuoteJSONChar(s_[k]) +
                          " in \\u hexadecimal character escape");
            }
            pos_ += 5;
            if (r >= 0xD800 && r < 0xDC00) {
              char32_t lo;
              if (pos_ + 1 < s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u' && Hex4(pos_ + 2, &lo) &&
                  lo >= 0xDC00 && lo < 0xE000) {
                r = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
                pos_ += 6;
              } else {
                r = 0xFFFD;
              }
            } else if (r >= 0xDC00 && r < 0xE000) {
              r = 0xFFFD;
            }
            AppendRune(out, r);
            break;
          }
          default:
            return Fail("invalid character " + cty::text::QuoteJSONChar(e) + " in string escape code");
        }
        continue;
      }
      size_t start = pos_;
      char32_t r = DecodeRune(s_, &pos_);
      if (r == 0xFFFD && pos_ == start + 1 && c >= 0x80) {
        AppendRune(out, 0xFFFD);
      } else {
        out->append(s_.substr(start, pos_ - start));
      }
    }
  }

  bool Object(Value* out, int depth) {
    ++pos_;
    std::map<std::string, Value> attrs;
    bool after_comma = false;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      *out = Value::EmptyObject();
      return true;
    }
    for (;;) {
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("EOF");
      if (s_[pos_] != '"') return BadChar(attrs.empty() && !after_comma ? "" : "looking for beginning of object key string");
      std::string key;
      if (!String(&key)) return false;
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("EOF");
      if (s_[pos_] != ':') return BadChar("after object key");
      ++pos_;
      Value v;
      if (!Parse(&v, "looking for beginning of value", depth + 1)) return false;
      attrs[key] = v;
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("EOF");
      if (s_[pos_] == ',') {
        ++pos_;
        after_comma = true;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        break;
      }
      return BadChar("after object key:value pair");
    }
    *out = Value::Object(std::move(attrs));
    return true;
  }

  bool Array(Value* out, int depth) {
    ++pos_;
    std::vector<Value> elems;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      *out = Value::EmptyTuple();
      return true;
    }
    for (;;) {
      Value v;
      if (!Parse(&v, "looking for beginning of value", depth + 1)) return false;
      elems.push_back(std::move(v));
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("EOF");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        break;
      }
      return BadChar("after array element");
    }
    *out = Value::Tuple(std::move(elems));
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

FuncResult<Type> JsonDecodeType(const Args& a) {
  const Value& str = a[0];
  if (!str.IsKnown()) {
    const auto& pre = str.refinements().string_prefix;
    std::string prefix = pre ? *pre : std::string();
    size_t i = 0;
    while (i < prefix.size()) {
      size_t j = i;
      if (!IsGoSpace(DecodeRune(prefix, &j))) break;
      i = j;
    }
    if (i < prefix.size()) {
      size_t j = i;
      char32_t r = DecodeRune(prefix, &j);
      switch (r) {
        case '{': case '[': case 'n':
          return Type::Dynamic();
        case '"':
          return Type::String();
        case 't': case 'f':
          return Type::Bool();
        case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
          return Type::Number();
        default: {
          std::string q = "'";
          AppendRune(&q, r);
          q += "'";
          if (r == '\'') q = "'\\''";
          return ArgErr(0, "a JSON document cannot begin with the character " + q);
        }
      }
    }
    return Type::Dynamic();
  }
  JsonDecoder d(str.AsString());
  Value v;
  if (!d.Document(&v)) return Err(d.error());
  return v.type();
}

FuncResult<Value> JsonEncode(const Args& a, const Type& ret) {
  const Value& v = a[0];
  if (!v.IsWhollyKnown()) {
    bool could_be_null = !v.IsKnown() && !v.refinements().not_null;
    if (could_be_null) return Value::Unknown(ret);
    const Type& t = v.type();
    cty::Refinements r;
    r.not_null = true;
    if (t.IsObject() || t.IsMap()) {
      r.string_prefix = "{";
    } else if (t.IsTuple() || t.IsList() || t.IsSet()) {
      r.string_prefix = "[";
    } else if (t == Type::String()) {
      r.string_prefix = "\"";
    }
    return Value::Unknown(ret, r);
  }
  if (v.IsNull()) return Value::String("null");
  auto out = cty::json::Marshal(v, v.type());
  if (!out.ok()) return Err(out.error().ToString());
  return Value::String(out.value());
}

// ---- csvdecode: Go encoding/csv Reader (comma ',', no comments, strict
// quotes) as go-cty's CSVDecodeFunc uses it.
class CsvReader {
 public:
  explicit CsvReader(std::string_view s) : s_(s) {}

  // Reads one record. Returns false at end of input (error() empty) or on
  // a parse error (error() set, "CSV parse error on line N: ...").
  bool Read(std::vector<std::string>* rec, size_t want_fields) {
    rec->clear();
    std::string line;
    // Skip empty lines.
    for (;;) {
      if (!ReadLine(&line)) return false;
      if (line != "\n") break;
    }
    size_t rec_line = num_line_;
    std::string_view l = line;
    for (;;) {
      if (l.empty() || l[0] != '"') {
        // Non-quoted field.
        size_t i = l.find(',');
        std::string_view field = l.substr(0, i);
        if (i == std::string_view::npos) field = TrimEOL(field);
        if (field.find('"') != std::string_view::npos) {
          return Fail(rec_line == num_line_ ? num_line_ : num_line_, "bare \" in non-quoted-field");
        }
        rec->emplace_back(field);
        if (i != std::string_view::npos) {
          l.remove_prefix(i + 1);
          continue;
        }
        break;
      }
      // Quoted field.
      l.remove_prefix(1);
      std::string field;
      for (;;) {
        size_t q = l.find('"');
        if (q != std::string_view::npos) {
          field.append(l.substr(0, q));
          l.remove_prefix(q + 1);
          if (!l.empty() && l[0] == '"') {
            field += '"';
            l.remove_prefix(1);
          } else if (!l.empty() && l[0] == ',') {
            l.remove_prefix(1);
            rec->push_back(field);
            goto next_field;
          } else if (l.empty() || TrimEOL(l).empty()) {
            rec->push_back(field);
            goto done;
          } else {
            return Fail(num_line_, "extraneous or missing \" in quoted-field");
          }
        } else if (!l.empty()) {
          field.append(l);
          if (!ReadLine(&line)) {
            return Fail(num_line_, "extraneous or missing \" in quoted-field");
          }
          l = line;
        } else {
          return Fail(num_line_, "extraneous or missing \" in quoted-field");
        }
      }
    next_field:;
    }
  done:
    if (want_fields > 0 && rec->size() != want_fields) return Fail(rec_line, "wrong number of fields");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  static std::string_view TrimEOL(std::string_view f) {
    if (!f.empty() && f.back() == '\n') f.remove_suffix(1);
    return f;
  }
  // Next line including its '\n' ("\r\n" normalised); a final line
  // without newline gets one.
  bool ReadLine(std::string* out) {
    if (pos_ >= s_.size()) return false;
    size_t nl = s_.find('\n', pos_);
    std::string line(s_.substr(pos_, nl == std::string_view::npos ? std::string_view::npos : nl - pos_));
    pos_ = nl == std::string_view::npos ? s_.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    line += '\n';
    ++num_line_;
    *out = std::move(line);
    return true;
  }
  bool Fail(size_t line, const std::string& what) {
    error_ = "CSV parse error on line " + std::to_string(line) + ": " + what;
    return false;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t num_line_ = 0;
  std::string error_;
};

FuncResult<Type> CsvType(const Args& a) {
  if (!a[0].IsKnown()) return Type::Dynamic();
  CsvReader r(a[0].AsString());
  std::vector<std::string> headers;
  if (!r.Read(&headers, 0)) {
    if (r.error().empty()) return Err("missing header line");
    return Err(r.error());
  }
  std::map<std::string, Type> attrs;
  for (const std::string& h : headers) {
    if (attrs.count(h)) return Err("duplicate column name " + GoQuote(h));
    attrs[h] = Type::String();
  }
  return Type::List(Type::Object(attrs));
}

FuncResult<Value> CsvDecode(const Args& a, const Type& ret) {
  const Type& ety = ret.element();
  CsvReader r(a[0].AsString());
  std::vector<std::string> headers, cols;
  size_t n = ety.attributes().size();
  if (!r.Read(&headers, n)) return Err(r.error());
  std::vector<Value> rows;
  while (r.Read(&cols, n)) {
    std::map<std::string, Value> vals;
    for (size_t i = 0; i < cols.size(); ++i) vals[headers[i]] = Value::String(cols[i]);
    rows.push_back(Value::Object(std::move(vals)));
  }
  if (!r.error().empty()) return Err(r.error());
  if (rows.empty()) return Value::EmptyList(ety);
  return Value::List(ety, std::move(rows));
}

std::string UrlEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Go url.QueryUnescape.
bool UrlDecode(std::string_view s, std::string* out, std::string* err) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0) {
        std::string bad(s.substr(i, 3));
        *err = "invalid URL escape " + GoQuote(bad);
        return false;
      }
      *out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (s[i] == '+') {
      *out += ' ';
    } else {
      *out += s[i];
    }
  }
  return true;
}

}  // namespace

std::string Base64EncodeBytes(std::string_view in) { return Base64Encode(in); }
bool Base64Valid(std::string_view in) { return Base64Decode(in).has_value(); }
std::optional<std::string> Base64DecodeAt(std::string_view in, size_t* bad_offset) {
  return Base64Decode(in, bad_offset);
}

void AddEncoding(cty::FunctionTable* t) {
  AddYaml(t);
  AddCharset(t);
  AddGzip(t);
  (*t)["base64encode"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                            [](const Args& a, const Type&) -> FuncResult<Value> {
                              return Value::String(Base64Encode(a[0].AsString()));
                            });
  (*t)["base64decode"] =
      Fn({Param("str", Type::String(), kAllowMarked)}, Static(Type::String()),
         [](const Args& a, const Type&) -> FuncResult<Value> {
           Value s = a[0].Unmark();
           auto dec = Base64Decode(s.AsString());
           if (!dec) return Err("failed to decode base64 data " + RedactString(s.AsString(), a[0].IsSensitive()));
           if (!cty::text::IsValidUTF8(*dec)) {
             return Err("the result of decoding the provided string is not valid UTF-8");
           }
           Value out = Value::String(*dec);
           return a[0].marks() ? out.Mark(a[0].marks()) : out;
         });
  (*t)["jsonencode"] = Fn({Param("val", Type::Dynamic(), kAllowDynamic | kAllowNull)}, Static(Type::String()),
                          JsonEncode);
  (*t)["jsondecode"] = Fn({Param("str", Type::String())}, JsonDecodeType,
                          [](const Args& a, const Type&) -> FuncResult<Value> {
                            JsonDecoder d(a[0].AsString());
                            Value v;
                            if (!d.Document(&v)) return Err(d.error());
                            return v;
                          },
                          false);
  (*t)["csvdecode"] = Fn({Param("str", Type::String())}, CsvType, CsvDecode);
  (*t)["urldecode"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                         [](const Args& a, const Type&) -> FuncResult<Value> {
                           std::string out, err;
                           if (!UrlDecode(a[0].AsString(), &out, &err)) {
                             return Err("failed to decode URL '': " + err);
                           }
                           return Value::String(out);
                         });
  (*t)["urlencode"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                         [](const Args& a, const Type&) -> FuncResult<Value> {
                           return Value::String(UrlEncode(a[0].AsString()));
                         });
}

}  // namespace funcs::internal
