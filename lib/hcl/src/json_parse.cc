// The JSON scanner and parser of HCL's JSON syntax (hcl/v2/json scanner.go,
// parser.go, public.go): same tokens, positions, diagnostics and error
// recovery.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cty/number.h"
#include "hcl/json.h"
#include "lexer.h"

namespace hcl {
namespace {

// ---- Scanner ----

enum class Tok : char {
  kBraceO = '{', kBraceC = '}', kBrackO = '[', kBrackC = ']', kComma = ',', kColon = ':',
  kEquals = '=',  // only to remind the user of JSON syntax
  kKeyword = 'K', kString = 'S', kNumber = 'N', kEOF = 'E', kInvalid = 0,
};

struct Token {
  Tok type = Tok::kInvalid;
  std::string_view bytes;
  Range range;
};

bool IsAlpha(unsigned char b) { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'); }

class Scanner {
 public:
  Scanner(std::string_view src, const std::string& filename, Pos start)
      : src_(src), filename_(filename), pos_(start) {}

  std::vector<Token> Scan() {
    std::vector<Token> out;
    while (true) {
      SkipWhitespace();
      if (i_ >= src_.size()) {
        out.push_back({Tok::kEOF, {}, RangeFrom(pos_)});
        return out;
      }
      Pos start = pos_;
      size_t begin = i_;
      unsigned char c = static_cast<unsigned char>(src_[i_]);
      Tok type;
      if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '=') {
        Advance(1);
        type = static_cast<Tok>(c);
      } else if (c == '"') {
        ScanString();
        type = Tok::kString;
      } else if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
        while (i_ < src_.size() && std::string_view("-+.eE0123456789").find(src_[i_]) != std::string_view::npos)
          Advance(1);
        type = Tok::kNumber;
      } else if (IsAlpha(c)) {
        while (i_ < src_.size() && (IsAlpha(static_cast<unsigned char>(src_[i_])) || src_[i_] == '_')) Advance(1);
        type = Tok::kKeyword;
      } else {
        // Nothing can follow an invalid character: stop with a synthetic EOF.
        Advance(1);
        out.push_back({Tok::kInvalid, src_.substr(begin, 1), Range{filename_, start, pos_}});
        out.push_back({Tok::kEOF, {}, RangeFrom(pos_)});
        return out;
      }
      out.push_back({type, src_.substr(begin, i_ - begin), Range{filename_, start, pos_}});
    }
  }

 private:
  Range RangeFrom(Pos p) const { return Range{filename_, p, p}; }
  void Advance(size_t bytes) {
    i_ += bytes;
    pos_.byte += bytes;
    pos_.column++;
  }
  void SkipWhitespace() {
    while (i_ < src_.size()) {
      char c = src_[i_];
      if (c == ' ') {
        ++i_, ++pos_.byte, ++pos_.column;
      } else if (c == '\n') {
        ++i_, ++pos_.byte, ++pos_.line, pos_.column = 1;
      } else if (c == '\r') {
        ++i_, ++pos_.byte;  // takes no column: assumed to pair with \n
      } else if (c == '\t') {
        ++i_, ++pos_.byte, pos_.column += 2;
      } else {
        return;
      }
    }
  }
  // Finds the end of a string token; escapes matter only for spotting the
  // closing quote. A control character or the end of input ends the token
  // early (the parser reports it).
  void ScanString() {
    Advance(1);
    bool escaping = false;
    while (i_ < src_.size()) {
      unsigned char b = static_cast<unsigned char>(src_[i_]);
      if (b == '\\') {
        escaping = !escaping;
        Advance(1);
      } else if (b == '"') {
        Advance(1);
        if (!escaping) return;
        escaping = false;
      } else if (b < 32) {
        return;
      } else {
        // One column per grapheme cluster, as hcl's scanner counts.
        Advance(internal::GraphemeClusterLength(src_, i_));
        escaping = false;
      }
    }
  }

  std::string_view src_;
  SourceName filename_;
  Pos pos_;
  size_t i_ = 0;
};

// ---- Token decoding ----

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJSONNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++n;
    return n;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

void AppendUtf8(uint32_t r, std::string* out) {
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
constexpr uint32_t kReplacementChar = 0xFFFD;

// Decodes one well-formed UTF-8 character at s[i]; 0 if ill-formed.
size_t ValidUtf8At(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;
    if (c == 0xF4 && b(1) >= 0x90) return 0;
    return 4;
  }
  return 0;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The \uXXXX at s[i], or -1.
int32_t U4At(std::string_view s, size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return -1;
  int32_t r = 0;
  for (size_t k = 2; k < 6; ++k) {
    int h = HexVal(s[i + k]);
    if (h < 0) return -1;
    r = r * 16 + h;
  }
  return r;
}

// Decodes a string token as encoding/json does (invalid UTF-8 and unpaired
// surrogates become U+FFFD). On a syntax error returns false and sets
// *err_offset like Go's json.SyntaxError.Offset: one past the offending
// byte, or the token length when it ends too early.
bool UnquoteJSON(std::string_view tok, std::string* out, size_t* err_offset) {
  size_t i = 1;
  while (true) {
    if (i >= tok.size()) {
      *err_offset = tok.size();
      return false;
    }
    unsigned char c = static_cast<unsigned char>(tok[i]);
    if (c == '"') {
      if (i + 1 == tok.size()) return true;
      *err_offset = i + 2;
      return false;
    }
    if (c == '\\') {
      if (i + 1 >= tok.size()) {
        *err_offset = tok.size();
        return false;
      }
      char e = tok[i + 1];
      switch (e) {
        case '"': case '\\': case '/': out->push_back(e); i += 2; continue;
        case 'b': out->push_back('\b'); i += 2; continue;
        case 'f': out->push_back('\f'); i += 2; continue;
        case 'n': out->push_back('\n'); i += 2; continue;
        case 'r': out->push_back('\r'); i += 2; continue;
        case 't': out->push_back('\t'); i += 2; continue;
        case 'u': break;
        default:
          *err_offset = i + 2;
          return false;
      }
      for (size_t k = i + 2; k < i + 6; ++k) {
        if (k >= tok.size()) {
          *err_offset = tok.size();
          return false;
        }
        if (HexVal(tok[k]) < 0) {
          *err_offset = k + 1;
          return false;
        }
      }
      uint32_t r = static_cast<uint32_t>(U4At(tok, i));
      i += 6;
      if (r >= 0xD800 && r < 0xE000) {
        int32_t r2 = U4At(tok, i);
        if (r < 0xDC00 && r2 >= 0xDC00 && r2 < 0xE000) {
          r = 0x10000 + ((r - 0xD800) << 10) + (static_cast<uint32_t>(r2) - 0xDC00);
          i += 6;
        } else {
          r = kReplacementChar;
        }
      }
      AppendUtf8(r, out);
      continue;
    }
    if (c < 0x20) {
      *err_offset = i + 1;
      return false;
    }
    size_t n = ValidUtf8At(tok, i);
    if (n == 0) {
      AppendUtf8(kReplacementChar, out);
      ++i;
    } else {
      out->append(tok.substr(i, n));
      i += n;
    }
  }
}

// ---- Parser ----

Diagnostic Err(std::string summary, std::string detail, const Range& subject) {
  Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.subject = subject;
  return d;
}

using NodePtr = std::unique_ptr<JSONNode>;

class Parser {
 public:
  explicit Parser(std::vector<Token> toks) : toks_(std::move(toks)) {}

  // Always returns a node (kInvalid after an error); errors go to diags_.
  NodePtr ParseValue() {
    const Token tok = Peek();
    NodePtr n;
    switch (tok.type) {
      case Tok::kBraceO: n = ParseObject(); break;
      case Tok::kBrackO: n = ParseArray(); break;
      case Tok::kNumber: n = ParseNumber(); break;
      case Tok::kString: n = ParseString(); break;
      case Tok::kKeyword: n = ParseKeyword(); break;
      case Tok::kBraceC:
        diags_.Add(Err("Missing JSON value",
                       "A JSON value must start with a brace, a bracket, a number, a string, or a keyword.",
                       tok.range));
        break;
      case Tok::kBrackC:
        diags_.Add(Err("Missing array element value",
                       "A JSON value must start with a brace, a bracket, a number, a string, or a keyword.",
                       tok.range));
        break;
      case Tok::kEOF:
        diags_.Add(Err("Missing value", "The JSON data ends prematurely.", tok.range));
        break;
      default:
        diags_.Add(Err("Invalid start of value",
                       "A JSON value must start with a brace, a bracket, a number, a string, or a keyword.",
                       tok.range));
        break;
    }
    if (!n) n = Leaf(JSONNode::Kind::kInvalid, tok.range);
    return n;
  }

  const Token& Peek() const { return toks_[std::min(next_, toks_.size() - 1)]; }
  Diagnostics& diags() { return diags_; }

 private:
  const Token& Read() {
    const Token& t = Peek();
    if (next_ < toks_.size() - 1) ++next_;
    return t;
  }

  static NodePtr Leaf(JSONNode::Kind kind, const Range& r) {
    auto n = std::make_unique<JSONNode>();
    n->kind = kind;
    n->range = n->open_range = n->close_range = r;
    return n;
  }

  // Skips ahead to what looks like the end of the enclosing object/array so
  // the parent can go on after an error.
  void Recover(Token tok, Tok open_type, Tok close_type) {
    int open = 1;
    while (true) {
      if (tok.type == open_type) {
        ++open;
      } else if (tok.type == close_type) {
        if (--open <= 1) return;
      } else if (tok.type == Tok::kEOF) {
        return;
      }
      tok = Read();
    }
  }

  bool EnterNesting(const Range& at) {
    if (++depth_ <= kMaxNestingDepth) return true;
    diags_.Add(Err("Nesting too deep",
                   "This JSON value is nested more than " + std::to_string(kMaxNestingDepth) +
                       " levels deep; flatten the structure.",
                   at));
    return false;
  }

  NodePtr ParseObject() {
    const Token open = Read();
    struct DepthGuard {
      int* d;
      ~DepthGuard() { --*d; }
    } guard{&depth_};
    if (!EnterNesting(open.range)) {
      Recover(open, Tok::kBraceO, Tok::kBraceC);
      return nullptr;
    }
    auto obj = std::make_unique<JSONNode>();
    obj->kind = JSONNode::Kind::kObject;
    while (Peek().type != Tok::kBraceC) {
      NodePtr key = ParseValue();
      if (key->kind != JSONNode::Kind::kString) {
        diags_.Add(Err("Invalid object property name", "A JSON object property name must be a string",
                       key->StartRange()));
        return nullptr;
      }
      const Token colon = Read();
      if (colon.type != Tok::kColon) {
        Recover(colon, Tok::kBraceO, Tok::kBraceC);
        if (colon.type == Tok::kBraceC || colon.type == Tok::kComma) {
          diags_.Add(Err("Missing object value",
                         "A JSON object attribute must have a value, introduced by a colon.", colon.range));
        } else if (colon.type == Tok::kEquals) {
          diags_.Add(Err("Missing property value colon",
                         "JSON uses a colon as its name/value delimiter, not an equals sign.", colon.range));
        } else {
          diags_.Add(Err("Missing property value colon",
                         "A colon must appear between an object property's name and its value.", colon.range));
        }
        return nullptr;
      }
      NodePtr val = ParseValue();
      obj->properties.push_back({std::move(key->text), key->range, std::move(val)});

      switch (Peek().type) {
        case Tok::kComma: {
          const Token comma = Read();
          if (Peek().type == Tok::kBraceC) {
            diags_.Add(Err("Trailing comma in object",
                           "JSON does not permit a trailing comma after the final property in an object.",
                           comma.range));
            return nullptr;
          }
          continue;
        }
        case Tok::kEOF:
          diags_.Add(Err("Unclosed object", "No closing brace was found for this JSON object.", open.range));
          return nullptr;
        case Tok::kBrackC:
          Read();
          diags_.Add(Err("Mismatched braces", "A JSON object must be closed with a brace, not a bracket.",
                         Peek().range));
          return nullptr;
        case Tok::kBraceC:
          break;
        default:
          Recover(Read(), Tok::kBraceO, Tok::kBraceC);
          diags_.Add(Err("Missing attribute seperator comma",
                         "A comma must appear between each property definition in an object.", Peek().range));
          return nullptr;
      }
      break;
    }
    const Token close = Read();
    obj->open_range = open.range;
    obj->close_range = close.range;
    obj->range = Range::Between(open.range, close.range);
    return obj;
  }

  NodePtr ParseArray() {
    const Token open = Read();
    struct DepthGuard {
      int* d;
      ~DepthGuard() { --*d; }
    } guard{&depth_};
    if (!EnterNesting(open.range)) {
      Recover(open, Tok::kBrackO, Tok::kBrackC);
      return nullptr;
    }
    auto arr = std::make_unique<JSONNode>();
    arr->kind = JSONNode::Kind::kArray;
    while (Peek().type != Tok::kBrackC) {
      arr->elements.push_back(ParseValue());
      switch (Peek().type) {
        case Tok::kComma: {
          const Token comma = Read();
          if (Peek().type == Tok::kBrackC) {
            diags_.Add(Err("Trailing comma in array",
                           "JSON does not permit a trailing comma after the final value in an array.",
                           comma.range));
            return nullptr;
          }
          continue;
        }
        case Tok::kColon:
          Recover(Read(), Tok::kBrackO, Tok::kBrackC);
          diags_.Add(Err("Invalid array value", "A colon is not used to introduce values in a JSON array.",
                         Peek().range));
          return nullptr;
        case Tok::kEOF:
          Recover(Read(), Tok::kBrackO, Tok::kBrackC);
          diags_.Add(Err("Unclosed object", "No closing bracket was found for this JSON array.", open.range));
          return nullptr;
        case Tok::kBraceC:
          Recover(Read(), Tok::kBrackO, Tok::kBrackC);
          diags_.Add(Err("Mismatched brackets", "A JSON array must be closed with a bracket, not a brace.",
                         Peek().range));
          return nullptr;
        case Tok::kBrackC:
          break;
        default:
          Recover(Read(), Tok::kBrackO, Tok::kBrackC);
          diags_.Add(Err("Missing attribute seperator comma",
                         "A comma must appear between each value in an array.", Peek().range));
          return nullptr;
      }
      break;
    }
    const Token close = Read();
    arr->open_range = open.range;
    arr->close_range = close.range;
    arr->range = Range::Between(open.range, close.range);
    return arr;
  }

  NodePtr ParseNumber() {
    const Token tok = Read();
    if (!IsJSONNumber(tok.bytes) || !cty::Number::Parse(tok.bytes).ok()) {
      diags_.Add(Err("Invalid JSON number", "There is a syntax error in the given JSON number.", tok.range));
      return nullptr;
    }
    NodePtr n = Leaf(JSONNode::Kind::kNumber, tok.range);
    n->text = std::string(tok.bytes);
    return n;
  }

  NodePtr ParseString() {
    const Token tok = Read();
    std::string value;
    size_t ofs = 0;
    if (!UnquoteJSON(tok.bytes, &value, &ofs)) {
      // As hcl: the offset moves byte and column alike.
      Range at = tok.range;
      at.start.byte += ofs;
      at.start.column += static_cast<int>(ofs);
      at.end = at.start;
      at.end.byte++;
      at.end.column++;
      Diagnostic d = Err("Invalid JSON string", "There is a syntax error in the given JSON string.", at);
      if (!(at == tok.range)) d.context = tok.range;
      diags_.Add(std::move(d));
      return nullptr;
    }
    NodePtr n = Leaf(JSONNode::Kind::kString, tok.range);
    n->text = std::move(value);
    return n;
  }

  NodePtr ParseKeyword() {
    const Token tok = Read();
    std::string s(tok.bytes);
    if (s == "true" || s == "false") {
      NodePtr n = Leaf(JSONNode::Kind::kBool, tok.range);
      n->boolean = s == "true";
      return n;
    }
    if (s == "null") return Leaf(JSONNode::Kind::kNull, tok.range);
    if (s == "undefined" || s == "NaN" || s == "Infinity") {
      diags_.Add(Err("Invalid JSON keyword", "The JavaScript identifier \"" + s + "\" cannot be used in JSON.",
                     tok.range));
      return nullptr;
    }
    std::string detail = "\"" + s + "\" is not a valid JSON keyword.";
    std::string suggestion = NameSuggestion(s, {"false", "true", "null"});
    if (!suggestion.empty()) detail += " Did you mean \"" + suggestion + "\"?";
    diags_.Add(Err("Invalid JSON keyword", detail, tok.range));
    return nullptr;
  }

  std::vector<Token> toks_;
  size_t next_ = 0;
  int depth_ = 0;
  Diagnostics diags_;
};

std::unique_ptr<JSONNode> ParseJSONValue(std::string_view src, const std::string& filename, Pos start,
                                         Diagnostics* diags) {
  Parser p(Scanner(src, filename, start).Scan());
  NodePtr root = p.ParseValue();
  if (p.diags().empty() && p.Peek().type != Tok::kEOF) {
    p.diags().Add(Err("Extraneous data after value", "Extra characters appear after the JSON value.",
                      p.Peek().range));
  }
  diags->Append(std::move(p.diags()));
  return root;
}

}  // namespace

ParsedFile ParseJSON(std::string_view src, const std::string& filename, Pos start) {
  ParsedFile out;
  out.file.bytes = std::string(src);
  NodePtr root = ParseJSONValue(src, filename, start, &out.diags);
  if (root->kind != JSONNode::Kind::kObject && root->kind != JSONNode::Kind::kArray) {
    out.diags.Add(Err("Root value must be object",
                      "The root value in a JSON-based configuration must be either a JSON object or a JSON "
                      "array of objects.",
                      root->StartRange()));
    Range fake{filename, Pos{}, Pos{}};
    root = std::make_unique<JSONNode>();
    root->kind = JSONNode::Kind::kObject;
    root->range = root->open_range = root->close_range = fake;
  }
  Body& body = out.file.body;
  body.src_range = root->range;
  body.end_range = root->kind == JSONNode::Kind::kObject ? root->close_range : root->open_range;
  body.json = root.get();
  body.json_doc = std::shared_ptr<const JSONNode>(std::move(root));
  return out;
}

ParsedExpression ParseJSONExpression(std::string_view src, const std::string& filename, Pos start) {
  ParsedExpression out;
  std::shared_ptr<const JSONNode> root = ParseJSONValue(src, filename, start, &out.diags);
  const JSONNode* node = root.get();
  out.expr = std::make_unique<JSONExpr>(std::move(root), node);
  return out;
}

bool IsJSONFilename(std::string_view filename) {
  constexpr std::string_view kSuffix = ".json";
  return filename.size() >= kSuffix.size() && filename.substr(filename.size() - kSuffix.size()) == kSuffix;
}

}  // namespace hcl
