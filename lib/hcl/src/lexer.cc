#include "lexer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace hcl::internal {
namespace {

enum class Mode { kNormal, kQuoted, kHeredoc, kBare };

struct Frame {
  Mode mode;
  int braces = 0;
  std::string_view marker;  // heredoc
  bool at_line_start = true;  // heredoc
};

class Scanner {
 public:
  Scanner(std::string_view src, const std::string& filename, Pos start, ScanOptions opts)
      : src_(src), filename_(filename), pos_(start), base_(start.byte), opts_(opts) {}

  std::vector<Token> Run(ScanMode mode) {
    // Realistic configuration has a token per 4-6 bytes; reserving avoids
    // most reallocations (moving every token) on large files.
    toks_.reserve(src_.size() / 5 + 8);
    stack_.push_back(Frame{mode == ScanMode::kNormal ? Mode::kNormal : Mode::kBare, 0, {}, true});
    while (off_ < src_.size()) {
      switch (stack_.back().mode) {
        case Mode::kNormal: ScanNormal(); break;
        case Mode::kQuoted: ScanQuoted(); break;
        case Mode::kHeredoc: ScanHeredoc(); break;
        case Mode::kBare: ScanTemplateLit(Tok::kStringLit, false); break;
      }
    }
    Token eof;
    eof.type = Tok::kEOF;
    eof.range = Range{filename_, pos_, pos_};
    toks_.push_back(eof);
    return std::move(toks_);
  }

 private:
  char At(size_t i) const { return off_ + i < src_.size() ? src_[off_ + i] : '\0'; }
  bool StartsWith(std::string_view s) const { return src_.substr(off_).starts_with(s); }

  // Advances over the next n bytes (one token, or skipped whitespace or
  // comment), updating line and column: like hcl's emitToken, the column
  // counts the grapheme clusters of those bytes, and a "\n" or "\r\n"
  // cluster starts a new line.
  void Advance(size_t n) {
    const std::string_view seg = src_.substr(off_, n);
    size_t i = 0;
    while (i < seg.size()) {
      unsigned char c = static_cast<unsigned char>(seg[i]);
      size_t len = 1;
      if (c >= 0x80 || (i + 1 < seg.size() && static_cast<unsigned char>(seg[i + 1]) >= 0x80)) {
        len = GraphemeClusterLength(seg, i);
      } else if (c == '\r' && i + 1 < seg.size() && seg[i + 1] == '\n') {
        len = 2;
        c = '\n';
      }
      if (c == '\n') {
        pos_.line++;
        pos_.column = 1;
      } else {
        pos_.column++;
      }
      i += len;
    }
    off_ += seg.size();
    pos_.byte = base_ + off_;
  }

  Token& Emit(Tok t, size_t n) {
    Token tok;
    tok.type = t;
    Pos s = pos_;
    size_t b = off_;
    Advance(n);
    tok.bytes = src_.substr(b, off_ - b);
    tok.range = Range{filename_, s, pos_};
    toks_.push_back(tok);
    return toks_.back();
  }

  // Length of the UTF-8 sequence at off_+i, or 0 if invalid; cp receives it.
  size_t DecodeAt(size_t i, UChar32* cp) const {
    int32_t o = static_cast<int32_t>(off_ + i);
    int32_t start = o;
    int32_t len = static_cast<int32_t>(src_.size());
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(src_.data()), o, len, c);
    if (c < 0) return 0;
    *cp = c;
    return static_cast<size_t>(o - start);
  }

  static bool IsIdStart(UChar32 c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return u_hasBinaryProperty(c, UCHAR_ID_START);
  }
  static bool IsIdContinue(UChar32 c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    return u_hasBinaryProperty(c, UCHAR_ID_CONTINUE);
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  size_t IdentLength(size_t from) const {
    size_t n = from;
    bool first = true;
    while (off_ + n < src_.size()) {
      UChar32 c;
      size_t l = DecodeAt(n, &c);
      if (l == 0) break;
      if (first ? !IsIdStart(c) : !IsIdContinue(c)) break;
      first = false;
      n += l;
    }
    return n - from;
  }

  void ScanNormal() {
    Frame& f = stack_.back();
    char c = At(0);
    switch (c) {
      case ' ': case '\r':
        if (c == '\r' && At(1) == '\n') { Emit(Tok::kNewline, 2); return; }
        Advance(1);
        return;
      case '\t': Advance(1); return;
      case '\n': Emit(Tok::kNewline, 1); return;
      case '#': LineComment(1); return;
      case '/':
        if (At(1) == '/') { LineComment(2); return; }
        if (At(1) == '*') { BlockComment(); return; }
        Emit(Tok::kSlash, 1);
        return;
      case '{': f.braces++; Emit(Tok::kOBrace, 1); return;
      case '}':
        if (f.braces == 0 && stack_.size() > 1) {
          Emit(Tok::kTemplateSeqEnd, 1);
          stack_.pop_back();
          return;
        }
        if (f.braces > 0) f.braces--;
        Emit(Tok::kCBrace, 1);
        return;
      case '~':
        if (At(1) == '}' && f.braces == 0 && stack_.size() > 1) {
          Emit(Tok::kTemplateSeqEnd, 2).strip = true;
          stack_.pop_back();
          return;
        }
        Emit(Tok::kInvalid, 1);
        return;
      case '[': Emit(Tok::kOBrack, 1); return;
      case ']': Emit(Tok::kCBrack, 1); return;
      case '(': Emit(Tok::kOParen, 1); return;
      case ')': Emit(Tok::kCParen, 1); return;
      case ',': Emit(Tok::kComma, 1); return;
      case '.':
        if (At(1) == '.' && At(2) == '.') { Emit(Tok::kEllipsis, 3); return; }
        Emit(Tok::kDot, 1);
        return;
      case ':':
        if (At(1) == ':') { Emit(Tok::kDoubleColon, 2); return; }
        Emit(Tok::kColon, 1);
        return;
      case '?': Emit(Tok::kQuestion, 1); return;
      case '=':
        if (At(1) == '=') { Emit(Tok::kEqualOp, 2); return; }
        if (At(1) == '>') { Emit(Tok::kFatArrow, 2); return; }
        Emit(Tok::kEqual, 1);
        return;
      case '!':
        if (At(1) == '=') { Emit(Tok::kNotEqual, 2); return; }
        Emit(Tok::kBang, 1);
        return;
      case '<':
        if (At(1) == '<' && Heredoc()) return;
        if (At(1) == '=') { Emit(Tok::kLessEq, 2); return; }
        Emit(Tok::kLess, 1);
        return;
      case '>':
        if (At(1) == '=') { Emit(Tok::kGreaterEq, 2); return; }
        Emit(Tok::kGreater, 1);
        return;
      case '&':
        if (At(1) == '&') { Emit(Tok::kAnd, 2); return; }
        Emit(Tok::kInvalid, 1);
        return;
      case '|':
        if (At(1) == '|') { Emit(Tok::kOr, 2); return; }
        Emit(Tok::kInvalid, 1);
        return;
      case '+': Emit(Tok::kPlus, 1); return;
      case '-': Emit(Tok::kMinus, 1); return;
      case '*':
        if (At(1) == '*') { Emit(Tok::kInvalid, 2); return; }
        Emit(Tok::kStar, 1);
        return;
      case '%': Emit(Tok::kPercent, 1); return;
      case '"':
        Emit(Tok::kOQuote, 1);
        stack_.push_back(Frame{Mode::kQuoted, 0, {}, true});
        return;
      default: break;
    }
    if (IsDigit(c)) {
      size_t n = 0;
      while (IsDigit(At(n))) ++n;
      if (At(n) == '.' && IsDigit(At(n + 1))) {
        n++;
        while (IsDigit(At(n))) ++n;
      }
      if (At(n) == 'e' || At(n) == 'E') {
        size_t m = n + 1;
        if (At(m) == '+' || At(m) == '-') ++m;
        if (IsDigit(At(m))) {
          while (IsDigit(At(m))) ++m;
          n = m;
        }
      }
      Emit(Tok::kNumber, n);
      return;
    }
    size_t id = IdentLength(0);
    if (id > 0) {
      Emit(Tok::kIdent, id);
      return;
    }
    UChar32 cp;
    size_t l = DecodeAt(0, &cp);
    if (l == 0) {
      Emit(Tok::kBadUTF8, 1);
      return;
    }
    Emit(Tok::kInvalid, l);
  }

  void LineComment(size_t prefix) {
    size_t n = prefix;
    while (off_ + n < src_.size() && At(n) != '\n' && !(At(n) == '\r' && At(n + 1) == '\n')) ++n;
    if (opts_.keep_comments) Emit(Tok::kComment, n);
    else Advance(n);
    if (off_ < src_.size()) Emit(Tok::kNewline, At(0) == '\r' ? 2 : 1);
  }

  void BlockComment() {
    size_t end = src_.find("*/", off_ + 2);
    if (end == std::string_view::npos) {
      Emit(Tok::kUnclosedComment, src_.size() - off_);
      return;
    }
    if (opts_.keep_comments) Emit(Tok::kComment, end + 2 - off_);
    else Advance(end + 2 - off_);
  }

  // `<<EOT\n` or `<<-EOT\n`; returns false if this is not a heredoc opener.
  bool Heredoc() {
    size_t n = 2;
    bool flush = false;
    if (At(n) == '-') {
      flush = true;
      ++n;
    }
    size_t id = IdentLength(n);
    if (id == 0) return false;
    size_t after = n + id;
    size_t nl = 0;
    if (At(after) == '\n') nl = 1;
    else if (At(after) == '\r' && At(after + 1) == '\n') nl = 2;
    else return false;
    std::string_view marker = src_.substr(off_ + n, id);
    Token& t = Emit(Tok::kOHeredoc, after + nl);
    t.heredoc_flush = flush;
    t.heredoc_marker = marker;
    stack_.push_back(Frame{Mode::kHeredoc, 0, marker, true});
    return true;
  }

  // Checks for ${ / %{ at the current offset (not escaped); emits and pushes.
  bool TemplateOpen() {
    char c = At(0);
    if ((c == '$' || c == '%') && At(1) == '{') {
      bool strip = At(2) == '~';
      Emit(c == '$' ? Tok::kTemplateInterp : Tok::kTemplateControl, strip ? 3 : 2).strip = strip;
      stack_.push_back(Frame{Mode::kNormal, 0, {}, true});
      return true;
    }
    return false;
  }

  // Scans a literal run. In quoted mode stops at `"` and newline; in heredoc
  // mode a literal ends after a newline. Invalid UTF-8 ends the run and
  // becomes a kBadUTF8 token of its own (hcl's BrokenUTF8).
  void ScanTemplateLit(Tok type, bool quoted) {
    if (TemplateOpen()) return;
    UChar32 cp;
    if (static_cast<unsigned char>(At(0)) >= 0x80 && DecodeAt(0, &cp) == 0) {
      Emit(Tok::kBadUTF8, 1);
      return;
    }
    size_t n = 0;
    while (off_ + n < src_.size()) {
      char c = At(n);
      if (static_cast<unsigned char>(c) >= 0x80) {
        size_t l = DecodeAt(n, &cp);
        if (l == 0) break;
        n += l;
        continue;
      }
      if ((c == '$' || c == '%') && At(n + 1) == '{') break;
      if ((c == '$' || c == '%') && At(n + 1) == c && At(n + 2) == '{') {
        n += 3;
        continue;
      }
      if (quoted) {
        if (c == '"' || c == '\n') break;
        if (c == '\\' && off_ + n + 1 < src_.size() && At(n + 1) != '\n') {
          n += 2;
          continue;
        }
      } else if (c == '\n' && type == Tok::kStringLit && stack_.back().mode == Mode::kHeredoc) {
        ++n;
        stack_.back().at_line_start = true;
        break;
      }
      ++n;
    }
    if (n > 0) Emit(type, n);
  }

  void ScanQuoted() {
    char c = At(0);
    if (c == '"') {
      Emit(Tok::kCQuote, 1);
      stack_.pop_back();
      return;
    }
    if (c == '\n' || (c == '\r' && At(1) == '\n')) {
      Emit(Tok::kQuotedNewline, c == '\n' ? 1 : 2);
      stack_.pop_back();
      return;
    }
    ScanTemplateLit(Tok::kQuotedLit, true);
  }

  void ScanHeredoc() {
    Frame& f = stack_.back();
    if (f.at_line_start) {
      f.at_line_start = false;
      size_t n = 0;
      while (At(n) == ' ' || At(n) == '\t') ++n;
      if (src_.substr(off_ + n).starts_with(f.marker)) {
        size_t e = n + f.marker.size();
        // The marker line must end with a newline (at EOF the marker is
        // just literal text and the template is unterminated, as in hcl).
        // The newline is a token of its own: it ends the attribute.
        size_t nl = 0;
        if (At(e) == '\n') nl = 1;
        else if (At(e) == '\r' && At(e + 1) == '\n') nl = 2;
        if (nl > 0) {
          Emit(Tok::kCHeredoc, e);
          stack_.pop_back();
          Emit(Tok::kNewline, nl);
          return;
        }
      }
    }
    ScanTemplateLit(Tok::kStringLit, false);
  }

  std::string_view src_;
  SourceName filename_;
  Pos pos_;
  size_t base_;
  ScanOptions opts_;
  size_t off_ = 0;
  std::vector<Frame> stack_;
  std::vector<Token> toks_;
};

}  // namespace

namespace {

// UAX #29 grapheme cluster boundaries over ICU's character properties.
struct ClusterState {
  int prev = -1;       // UGraphemeClusterBreak of the previous code point
  int ri_run = 0;      // regional indicators ending at prev
  int pict = 0;        // 1: in ExtPict Extend*, 2: ...followed by ZWJ
};

bool IsControlLike(int g) { return g == U_GCB_CONTROL || g == U_GCB_CR || g == U_GCB_LF; }

// Whether a cluster boundary lies between the previous code point (state)
// and c, whose break property is g.
bool BreakBefore(const ClusterState& st, UChar32 c, int g) {
  const int p = st.prev;
  if (p == U_GCB_CR && g == U_GCB_LF) return false;                  // GB3
  if (IsControlLike(p) || IsControlLike(g)) return true;             // GB4, GB5
  if (p == U_GCB_L && (g == U_GCB_L || g == U_GCB_V || g == U_GCB_LV || g == U_GCB_LVT)) return false;  // GB6
  if ((p == U_GCB_LV || p == U_GCB_V) && (g == U_GCB_V || g == U_GCB_T)) return false;  // GB7
  if ((p == U_GCB_LVT || p == U_GCB_T) && g == U_GCB_T) return false;                   // GB8
  if (g == U_GCB_EXTEND || g == U_GCB_ZWJ || g == U_GCB_SPACING_MARK) return false;     // GB9, GB9a
  if (p == U_GCB_PREPEND) return false;                                                // GB9b
  if (st.pict == 2 && u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return false;  // GB11
  if (p == U_GCB_REGIONAL_INDICATOR && g == U_GCB_REGIONAL_INDICATOR && st.ri_run % 2 == 1) {
    return false;  // GB12, GB13
  }
  return true;  // GB999
}

void Step(ClusterState* st, UChar32 c, int g) {
  st->ri_run = g == U_GCB_REGIONAL_INDICATOR ? st->ri_run + 1 : 0;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) {
    st->pict = 1;
  } else if (st->pict == 1 && g == U_GCB_EXTEND) {
    st->pict = 1;
  } else if (st->pict == 1 && g == U_GCB_ZWJ) {
    st->pict = 2;
  } else {
    st->pict = 0;
  }
  st->prev = g;
}

// Decodes the code point at s[i]; returns its length, 0 if invalid.
size_t Decode(std::string_view s, size_t i, UChar32* cp) {
  int32_t o = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), o, static_cast<int32_t>(s.size()), c);
  if (c < 0) return 0;
  *cp = c;
  return static_cast<size_t>(o) - i;
}

}  // namespace

size_t GraphemeClusterLength(std::string_view s, size_t i) {
  const size_t start = i;
  ClusterState st;
  while (i < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    UChar32 c = b;
    size_t len = 1;
    if (b >= 0x80) {
      len = Decode(s, i, &c);
      if (len == 0) return i == start ? 1 : i - start;  // invalid byte: a cluster of its own
    }
    int g = u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK);
    if (i > start && BreakBefore(st, c, g)) break;
    Step(&st, c, g);
    i += len;
  }
  return i - start;
}

int GraphemeColumns(std::string_view s) {
  int n = 0;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80 && (i + 1 == s.size() || static_cast<unsigned char>(s[i + 1]) < 0x80)) {
      i += (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    } else {
      i += GraphemeClusterLength(s, i);
    }
    ++n;
  }
  return n;
}

std::vector<Token> Scan(std::string_view src, const std::string& filename, Pos start, ScanMode mode,
                        ScanOptions opts) {
  return Scanner(src, filename, start, opts).Run(mode);
}

std::string_view TokDescription(Tok t) {
  switch (t) {
    case Tok::kEOF: return "end of file";
    case Tok::kNewline: return "newline";
    case Tok::kIdent: return "identifier";
    case Tok::kNumber: return "number literal";
    case Tok::kOQuote: return "opening quote";
    case Tok::kCQuote: return "closing quote";
    case Tok::kQuotedLit: return "string literal";
    case Tok::kOHeredoc: return "heredoc introduction";
    case Tok::kCHeredoc: return "heredoc end marker";
    case Tok::kStringLit: return "string literal";
    case Tok::kTemplateInterp: return "template interpolation";
    case Tok::kTemplateControl: return "template directive";
    case Tok::kTemplateSeqEnd: return "end of template sequence";
    case Tok::kOBrace: return "opening brace";
    case Tok::kCBrace: return "closing brace";
    case Tok::kOBrack: return "opening bracket";
    case Tok::kCBrack: return "closing bracket";
    case Tok::kOParen: return "opening parenthesis";
    case Tok::kCParen: return "closing parenthesis";
    case Tok::kComma: return "comma";
    case Tok::kDot: return "dot";
    case Tok::kEllipsis: return "ellipsis";
    case Tok::kColon: return "colon";
    case Tok::kDoubleColon: return "double colon";
    case Tok::kQuestion: return "question mark";
    case Tok::kEqual: return "equals sign";
    case Tok::kFatArrow: return "fat arrow";
    case Tok::kEqualOp: return "equality operator";
    case Tok::kNotEqual: return "inequality operator";
    case Tok::kLess: return "less-than operator";
    case Tok::kLessEq: return "less-than-or-equal operator";
    case Tok::kGreater: return "greater-than operator";
    case Tok::kGreaterEq: return "greater-than-or-equal operator";
    case Tok::kAnd: return "logical AND operator";
    case Tok::kOr: return "logical OR operator";
    case Tok::kBang: return "logical NOT operator";
    case Tok::kPlus: return "plus sign";
    case Tok::kMinus: return "minus sign";
    case Tok::kStar: return "star";
    case Tok::kSlash: return "slash";
    case Tok::kPercent: return "percent sign";
    case Tok::kInvalid: return "invalid character";
    case Tok::kBadUTF8: return "invalid UTF-8";
    case Tok::kQuotedNewline: return "newline in quoted string";
    case Tok::kUnclosedComment: return "unterminated comment";
    case Tok::kTabs: return "tab";
    case Tok::kComment: return "comment";
  }
  return "token";
}

}  // namespace hcl::internal
