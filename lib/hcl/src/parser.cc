// Recursive-descent parser for the native syntax (hclsyntax parser*.go).
#include <unicode/utf8.h>

#include <algorithm>
#include <set>

#include "cty/number.h"
#include "cty/result.h"
#include "hcl/parse.h"
#include "lexer.h"

namespace hcl {
namespace {

using internal::Tok;
using internal::Token;

// One element of a template before it becomes a tree.
struct TmplItem {
  enum Kind { kLit, kInterp, kIf, kElse, kEndIf, kFor, kEndFor, kEnd } kind;
  explicit TmplItem(Kind k) : kind(k) {}
  std::string lit;
  ExprPtr expr;           // interp, if (cond), for (coll)
  std::string key_var, val_var;
  Range range;
  bool strip_left = false, strip_right = false;
};

class Parser {
 public:
  Parser(std::vector<Token> toks, const std::string& filename) : toks_(std::move(toks)), filename_(filename) {
    nl_.push_back(true);
  }

  Diagnostics diags;

  // ---- token access ----
  // Peek never consumes: newlines skipped while they are excluded stay in
  // the stream for an enclosing context that includes them (hcl's peeker).
  const Token& Peek() const { return toks_[NextIndex()]; }
  Token Read() {
    size_t j = NextIndex();
    Token t = toks_[j];
    i_ = j + 1 < toks_.size() ? j + 1 : j;
    prev_ = t.range;
    return t;
  }
  // Index of the token Peek/Read would see.
  size_t NextIndex() const {
    size_t j = i_;
    if (!nl_.back()) {
      while (toks_[j].type == Tok::kNewline) ++j;
    }
    return j;
  }
  void PushNL(bool include) { nl_.push_back(include); }
  void PopNL() { nl_.pop_back(); }
  Range PrevRange() const { return prev_; }

  void Error(std::string summary, std::string detail, const Range& subject,
             std::optional<Range> context = std::nullopt) {
    diags.AddError(std::move(summary), std::move(detail), subject, std::move(context));
  }
  // Reports unless in recovery or the offending token was already reported
  // by the invalid-token pass; always enters recovery.
  void ErrorAt(const Token& t, std::string summary, std::string detail, std::optional<Range> context = std::nullopt) {
    if (!recovery_ && !IsInvalidTok(t.type)) Error(std::move(summary), std::move(detail), t.range, std::move(context));
    recovery_ = true;
  }
  static bool IsInvalidTok(Tok t) {
    return t == Tok::kInvalid || t == Tok::kBadUTF8 || t == Tok::kQuotedNewline || t == Tok::kUnclosedComment;
  }

  static bool IsOpen(Tok t) {
    return t == Tok::kOBrace || t == Tok::kOBrack || t == Tok::kOParen || t == Tok::kOQuote || t == Tok::kOHeredoc ||
           t == Tok::kTemplateInterp || t == Tok::kTemplateControl;
  }
  static bool IsClose(Tok t) {
    return t == Tok::kCBrace || t == Tok::kCBrack || t == Tok::kCParen || t == Tok::kCQuote || t == Tok::kCHeredoc ||
           t == Tok::kTemplateSeqEnd;
  }

  // Skips to just after the token `end` at the current nesting level.
  void Recover(Tok end) {
    int nest = 0;
    for (;;) {
      Tok t = toks_[i_].type;
      if (t == Tok::kEOF) return;
      ++i_;
      if (t == end && nest == 0) return;
      if (IsOpen(t)) ++nest;
      else if (IsClose(t)) {
        if (nest == 0) { --i_; return; }
        --nest;
      } else if (t == Tok::kQuotedNewline && nest > 0) {
        --nest;  // the lexer closed the quoted string
      }
    }
  }
  // Skips to the start of the next line at this nesting level.
  void RecoverAfterBodyItem() {
    int nest = 0;
    for (;;) {
      Tok t = toks_[i_].type;
      if (t == Tok::kEOF) return;
      if (nest == 0 && t == Tok::kCBrace) return;
      ++i_;
      if (t == Tok::kNewline && nest == 0) return;
      if (IsOpen(t)) ++nest;
      else if (IsClose(t)) { if (nest > 0) --nest; }
      else if (t == Tok::kQuotedNewline && nest > 0) --nest;
    }
  }

  bool Enter() {
    if (++depth_ > kMaxNestingDepth) {
      if (!too_deep_) {
        too_deep_ = true;
        Error("Nesting too deep",
              "This configuration nests expressions or blocks more than " + std::to_string(kMaxNestingDepth) +
                  " levels deep, which is not supported. Simplify the structure.",
              toks_[i_].range);
      }
      recovery_ = true;
      return false;
    }
    return true;
  }
  void Leave() { --depth_; }

  ExprPtr Placeholder(const Range& r) { return std::make_unique<LiteralValueExpr>(cty::Value::DynamicVal(), r); }

  // ---- bodies ----
  Body ParseBody(Tok end, const Range& start_range) {
    Body body;
    std::map<std::string, Range> seen;
    Range end_range = start_range;
    for (;;) {
      const Token& next = Peek();
      if (next.type == end) {
        end_range = next.range;
        Read();
        break;
      }
      if (next.type == Tok::kNewline) {
        Read();
        continue;
      }
      if (next.type == Tok::kIdent) {
        ParseBodyItem(body, seen);
        continue;
      }
      Token bad = Read();
      if (!recovery_ && !IsInvalidTok(bad.type)) {
        if (bad.type == Tok::kOQuote) {
          Error("Invalid argument name", "Argument names must not be quoted.", bad.range);
        } else if (bad.type == Tok::kEOF) {
          if (end == Tok::kCBrace) {
            Error("Unclosed configuration block",
                  "There is no closing brace for this block before the end of the file. This may be caused by "
                  "incorrect brace nesting elsewhere in this file.",
                  start_range);
          } else {
            Error("Unclosed configuration body", "Found end of file before the end of this configuration body.",
                  start_range);
          }
        } else {
          Error("Argument or block definition required", "An argument or block definition is required here.",
                bad.range);
        }
      }
      recovery_ = true;
      end_range = PrevRange();
      Recover(end);
      break;
    }
    body.src_range = Range::Between(start_range, end_range);
    body.end_range = Range{end_range.filename, end_range.end, end_range.end};
    return body;
  }

  void AddAttribute(Body& body, std::map<std::string, Range>& seen, Attribute attr) {
    auto it = seen.find(attr.name);
    if (it != seen.end()) {
      Error("Attribute redefined",
            "The argument \"" + attr.name + "\" was already set at " + it->second.ToString() +
                ". Each argument may be set only once.",
            attr.name_range);
      return;
    }
    seen.emplace(attr.name, attr.name_range);
    body.attributes.push_back(std::move(attr));
  }

  void ParseBodyItem(Body& body, std::map<std::string, Range>& seen) {
    Token ident = Read();
    const Token& next = Peek();
    if (next.type == Tok::kEqual) {
      AddAttribute(body, seen, FinishAttribute(ident, false));
      return;
    }
    if (next.type == Tok::kOQuote || next.type == Tok::kOBrace || next.type == Tok::kIdent) {
      auto b = FinishBlock(ident);
      if (b) body.blocks.push_back(std::move(b));
      return;
    }
    ErrorAt(ident, "Argument or block definition required",
            "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to "
            "introduce the argument value.");
    RecoverAfterBodyItem();
  }

  Attribute FinishAttribute(const Token& ident, bool single_line) {
    Token eq = Read();
    size_t before = diags.size();
    ExprPtr expr = ParseExpression();
    bool failed = recovery_ && diags.size() > before;
    Range end_range = PrevRange();
    if (failed) {
      RecoverAfterBodyItem();
    } else if (!single_line) {
      const Token& end = Peek();
      if (end.type != Tok::kNewline && end.type != Tok::kEOF) {
        if (!recovery_ && !IsInvalidTok(end.type)) {
          std::string summary = "Missing newline after argument";
          std::string detail = "An argument definition must end with a newline.";
          if (end.type == Tok::kComma) {
            summary = "Unexpected comma after argument";
            detail = "Argument definitions must be separated by newlines, not commas. " + detail;
          }
          Error(summary, detail, end.range, Range::Between(ident.range, end.range));
        }
        RecoverAfterBodyItem();
      } else {
        Read();
      }
    }
    Attribute a;
    a.name = std::string(ident.bytes);
    a.expr = std::move(expr);
    a.src_range = Range::Between(ident.range, end_range);
    a.name_range = ident.range;
    a.equals_range = eq.range;
    return a;
  }

  std::unique_ptr<Block> FinishBlock(const Token& ident) {
    auto block = std::make_unique<Block>();
    block->type = std::string(ident.bytes);
    block->type_range = ident.range;
    Token obrace;
    for (;;) {
      const Token& tok = Peek();
      if (tok.type == Tok::kOBrace) {
        obrace = Read();
        break;
      }
      if (tok.type == Tok::kOQuote) {
        auto [label, range] = ParseQuotedStringLiteral();
        block->labels.push_back(std::move(label));
        block->label_ranges.push_back(range);
        continue;
      }
      if (tok.type == Tok::kIdent) {
        Token t = Read();
        block->labels.emplace_back(t.bytes);
        block->label_ranges.push_back(t.range);
        continue;
      }
      Range ctx = Range::Between(ident.range, tok.range);
      if (tok.type == Tok::kEqual) {
        Error("Invalid block definition",
              "The equals sign \"=\" indicates an argument definition, and must not be used when defining a block.",
              tok.range, ctx);
      } else if (tok.type == Tok::kNewline) {
        Error("Invalid block definition",
              "A block definition must have block content delimited by \"{\" and \"}\", starting on the same line "
              "as the block header.",
              tok.range, ctx);
      } else if (!recovery_ && !IsInvalidTok(tok.type)) {
        Error("Invalid block definition",
              "Either a quoted string block label or an opening brace (\"{\") is expected here.", tok.range, ctx);
      }
      recovery_ = true;
      RecoverAfterBodyItem();
      block->body.src_range = ident.range;
      block->body.end_range = ident.range;
      block->open_brace_range = ident.range;
      block->close_brace_range = ident.range;
      return block;
    }
    block->open_brace_range = obrace.range;
    if (!Enter()) {
      Leave();
      Recover(Tok::kCBrace);
      block->close_brace_range = PrevRange();
      return block;
    }
    Tok nt = Peek().type;
    if (nt == Tok::kNewline || nt == Tok::kEOF || nt == Tok::kCBrace) {
      block->body = ParseBody(Tok::kCBrace, obrace.range);
    } else {
      ParseSingleAttrBody(*block, obrace);
    }
    Leave();
    block->close_brace_range = PrevRange();
    const Token& eol = Peek();
    if (eol.type == Tok::kNewline || eol.type == Tok::kEOF) {
      Read();
    } else {
      if (!recovery_) {
        Error("Missing newline after block definition", "A block definition must end with a newline.", eol.range,
              Range::Between(ident.range, eol.range));
      }
      RecoverAfterBodyItem();
    }
    return block;
  }

  void ParseSingleAttrBody(Block& block, const Token& obrace) {
    Token ident = Read();
    bool ok = false;
    if (ident.type != Tok::kIdent) {
      ErrorAt(ident, "Argument or block definition required", "An argument or block definition is required here.");
      RecoverAfterBodyItem();
    } else {
      const Token& next = Peek();
      if (next.type == Tok::kEqual) {
        Attribute a = FinishAttribute(ident, true);
        block.body.src_range = a.src_range;
        block.body.end_range = Range{a.src_range.filename, a.src_range.end, a.src_range.end};
        block.body.attributes.push_back(std::move(a));
        ok = true;
      } else if (next.type == Tok::kOQuote || next.type == Tok::kOBrace || next.type == Tok::kIdent) {
        if (!recovery_) {
          Error("Argument definition required",
                "A single-line block definition can contain only a single argument. If you meant to define argument "
                "\"" + std::string(ident.bytes) +
                    "\", use an equals sign to assign it a value. To define a nested block, place it on a line of "
                    "its own within its parent block.",
                Range::Between(ident.range, next.range));
        }
        recovery_ = true;
        RecoverAfterBodyItem();
      } else {
        ErrorAt(ident, "Argument or block definition required",
                "An argument or block definition is required here. To set an argument, use the equals sign \"=\" "
                "to introduce the argument value.");
        RecoverAfterBodyItem();
      }
    }
    if (!ok) {
      block.body.src_range = obrace.range;
      block.body.end_range = obrace.range;
    }
    const Token& t = Peek();
    if (t.type == Tok::kCBrace) {
      Read();
      return;
    }
    if (t.type == Tok::kComma) {
      if (!recovery_) {
        Error("Invalid single-argument block definition",
              "Single-line block syntax can include only one argument definition. To define multiple arguments, "
              "use the multi-line block syntax with one argument definition per line.",
              t.range);
      }
    } else if (t.type == Tok::kNewline) {
      if (!recovery_) {
        Error("Invalid single-argument block definition",
              "An argument definition on the same line as its containing block creates a single-line block "
              "definition, which must also be closed on the same line. Place the block's closing brace "
              "immediately after the argument definition.",
              t.range);
      }
    } else if (!recovery_ && !IsInvalidTok(t.type)) {
      if (t.type == Tok::kEOF) {
        Error("Unclosed configuration block",
              "There is no closing brace for this block before the end of the file. This may be caused by "
              "incorrect brace nesting elsewhere in this file.",
              obrace.range, Range::Between(block.type_range, obrace.range));
      } else {
        Error("Invalid single-argument block definition",
              "A single-line block definition must end with a closing brace immediately after its single argument "
              "definition.",
              t.range);
      }
    }
    recovery_ = true;
    Recover(Tok::kCBrace);
  }

  // A quoted string with no template sequences (block labels).
  std::pair<std::string, Range> ParseQuotedStringLiteral() {
    Token open = Read();
    std::string out;
    for (;;) {
      const Token& t = toks_[i_];
      if (t.type == Tok::kCQuote) {
        Read();
        return {out, Range::Between(open.range, t.range)};
      }
      if (t.type == Tok::kQuotedLit) {
        out += DecodeQuoted(t);
        Read();
        continue;
      }
      if (t.type == Tok::kTemplateInterp || t.type == Tok::kTemplateControl) {
        if (!recovery_) {
          Error("Invalid string literal",
                "Template sequences are not allowed in this string. To include a literal \"" +
                    std::string(t.type == Tok::kTemplateInterp ? "$" : "%") + "\", double it (as \"" +
                    std::string(t.type == Tok::kTemplateInterp ? "$$" : "%%") + "\") to escape it.",
                t.range, Range::Between(open.range, t.range));
        }
        recovery_ = true;
        Read();
        Recover(Tok::kTemplateSeqEnd);
        continue;
      }
      if (!recovery_ && !IsInvalidTok(t.type)) {
        Error("Unterminated string literal", "Unable to find the closing quote mark before the end of the file.",
              open.range);
      }
      recovery_ = true;
      if (t.type == Tok::kQuotedNewline) Read();
      return {out, Range::Between(open.range, PrevRange())};
    }
  }

  // Decodes escapes of a quoted-string literal token.
  std::string DecodeQuoted(const Token& t) {
    std::string_view s = t.bytes;
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if ((c == '$' || c == '%') && i + 2 < s.size() + 0 && s[i + 1] == c && s[i + 2] == '{') {
        out += c;
        out += '{';
        i += 2;
        continue;
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i + 1 >= s.size()) {
        out += c;
        break;
      }
      char e = s[++i];
      switch (e) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'u': case 'U': {
          size_t want = e == 'u' ? 4 : 8;
          size_t n = 0;
          uint32_t cp = 0;
          while (n < want && i + 1 + n < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1 + n]))) {
            char h = s[i + 1 + n];
            cp = cp * 16 + static_cast<uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            ++n;
          }
          if (n != want || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            Error("Invalid escape sequence",
                  std::string("The \\") + e + " escape must be followed by " + (e == 'u' ? "four" : "eight") +
                      " hexadecimal digits giving a valid Unicode scalar value.",
                  SubRange(t, i - 1, i + 1 + n));
            i += n;
            break;
          }
          char buf[4];
          int32_t len = 0;
          UBool err = false;
          U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(cp), err);
          (void)err;
          out.append(buf, static_cast<size_t>(len));
          i += n;
          break;
        }
        default:
          Error("Invalid escape sequence",
                "The symbol \"" + std::string(1, e) + "\" is not a valid escape sequence selector.",
                SubRange(t, i - 1, i + 1));
          break;
      }
    }
    return out;
  }

  // The range of bytes [from, to) within token t (same line assumed).
  static Range SubRange(const Token& t, size_t from, size_t to) {
    Range r = t.range;
    auto cols = [&](size_t n) { return internal::GraphemeColumns(t.bytes.substr(0, n)); };
    r.start.byte = t.range.start.byte + from;
    r.start.column = t.range.start.column + cols(from);
    r.end = r.start;
    r.end.byte = t.range.start.byte + to;
    r.end.column = t.range.start.column + cols(to);
    return r;
  }

  // ---- expressions ----
  ExprPtr ParseExpression() {
    if (!Enter()) {
      Leave();
      return Placeholder(Peek().range);
    }
    ExprPtr e = ParseTernary();
    Leave();
    return e;
  }

  ExprPtr ParseTernary() {
    ExprPtr cond = ParseBinary(0);
    if (Peek().type != Tok::kQuestion) return cond;
    Read();
    ExprPtr t = ParseExpression();
    const Token& colon = Peek();
    if (colon.type != Tok::kColon) {
      ErrorAt(colon, "Missing false expression in conditional",
              "The conditional operator (...?...:...) requires a false expression, delimited by a colon.",
              Range::Between(cond->range(), colon.range));
      Range r = Range::Between(cond->range(), t->range());
      return std::make_unique<ConditionalExpr>(std::move(cond), std::move(t), Placeholder(colon.range), r);
    }
    Read();
    ExprPtr f = ParseExpression();
    Range r = Range::Between(cond->range(), f->range());
    return std::make_unique<ConditionalExpr>(std::move(cond), std::move(t), std::move(f), r);
  }

  static std::optional<Operation> BinaryOpAt(int level, Tok t) {
    switch (level) {
      case 0: if (t == Tok::kOr) return Operation::kOr; break;
      case 1: if (t == Tok::kAnd) return Operation::kAnd; break;
      case 2:
        if (t == Tok::kEqualOp) return Operation::kEqual;
        if (t == Tok::kNotEqual) return Operation::kNotEqual;
        break;
      case 3:
        if (t == Tok::kGreater) return Operation::kGreaterThan;
        if (t == Tok::kGreaterEq) return Operation::kGreaterThanOrEqual;
        if (t == Tok::kLess) return Operation::kLessThan;
        if (t == Tok::kLessEq) return Operation::kLessThanOrEqual;
        break;
      case 4:
        if (t == Tok::kPlus) return Operation::kAdd;
        if (t == Tok::kMinus) return Operation::kSubtract;
        break;
      case 5:
        if (t == Tok::kStar) return Operation::kMultiply;
        if (t == Tok::kSlash) return Operation::kDivide;
        if (t == Tok::kPercent) return Operation::kModulo;
        break;
      default: break;
    }
    return std::nullopt;
  }

  ExprPtr ParseBinary(int level) {
    if (level > 5) return ParseUnary();
    ExprPtr lhs = ParseBinary(level + 1);
    int chain = 0;
    for (;;) {
      auto op = BinaryOpAt(level, Peek().type);
      if (!op) break;  // (not return: the chain's depth is released below)
      Read();
      if (!Enter()) {
        depth_ -= chain + 1;
        return lhs;
      }
      ++chain;
      ExprPtr rhs = ParseBinary(level + 1);
      Range r = Range::Between(lhs->range(), rhs->range());
      lhs = std::make_unique<BinaryOpExpr>(std::move(lhs), *op, std::move(rhs), r);
      if (recovery_) break;
    }
    depth_ -= chain;
    return lhs;
  }

  ExprPtr ParseUnary() {
    const Token& t = Peek();
    if (t.type == Tok::kMinus || t.type == Tok::kBang) {
      Token op = Read();
      if (!Enter()) {
        Leave();
        return Placeholder(op.range);
      }
      ExprPtr v = ParseUnary();
      Leave();
      Range r = Range::Between(op.range, v->range());
      return std::make_unique<UnaryOpExpr>(op.type == Tok::kMinus ? Operation::kNegate : Operation::kLogicalNot,
                                           std::move(v), r, op.range);
    }
    ExprPtr term = ParseTerm();
    return ParseTraversals(std::move(term));
  }

  // Appends a step to a traversal expression, or wraps `e` in a relative one.
  static ExprPtr AddStep(ExprPtr e, TraverseStep step) {
    Range r = Range::Between(e->range(), step.range);
    if (e->kind() == ExprKind::kScopeTraversal) {
      auto* st = static_cast<ScopeTraversalExpr*>(e.get());
      st->traversal.steps.push_back(std::move(step));
      Traversal t = std::move(st->traversal);
      return std::make_unique<ScopeTraversalExpr>(std::move(t), r);
    }
    if (e->kind() == ExprKind::kRelativeTraversal) {
      auto* rt = static_cast<RelativeTraversalExpr*>(e.get());
      rt->traversal.steps.push_back(std::move(step));
      return std::make_unique<RelativeTraversalExpr>(std::move(rt->source), std::move(rt->traversal), r);
    }
    Traversal t;
    t.steps.push_back(std::move(step));
    return std::make_unique<RelativeTraversalExpr>(std::move(e), std::move(t), r);
  }

  // Handles `.name`, `.N`; returns false (after reporting) on a bad name.
  bool ParseDotStep(ExprPtr& ret, const Token& dot, bool in_splat) {
    const Token& t = Peek();
    if (t.type == Tok::kIdent) {
      Token name = Read();
      TraverseStep s;
      s.kind = TraverseStep::Kind::kAttr;
      s.name = std::string(name.bytes);
      s.range = Range::Between(dot.range, name.range);
      ret = AddStep(std::move(ret), std::move(s));
      return true;
    }
    if (t.type == Tok::kNumber) {
      Token num = Read();
      TraverseStep s;
      s.kind = TraverseStep::Kind::kIndex;
      s.range = Range::Between(dot.range, num.range);
      auto dotpos = num.bytes.find('.');
      if (dotpos != std::string_view::npos) {
        std::string first(num.bytes.substr(0, dotpos)), second(num.bytes.substr(dotpos + 1));
        Error("Invalid legacy index syntax",
              "When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper "
              "index syntax " + std::string(in_splat ? "with a full splat expression [*] instead" : "instead") +
                  ", like [" + first + "][" + second + "].",
              num.range);
        s.key = cty::Value::DynamicVal();
      } else {
        auto n = cty::Number::Parse(num.bytes);
        s.key = n.ok() ? cty::Value::Number(n.value()) : cty::Value::DynamicVal();
      }
      ret = AddStep(std::move(ret), std::move(s));
      return true;
    }
    ErrorAt(t, "Invalid attribute name", "An attribute name is required after a dot.", t.range);
    return false;
  }

  ExprPtr ParseTraversals(ExprPtr ret) {
    int chain = 0;
    for (;;) {
      const Token& next = Peek();
      if (next.type == Tok::kDot) {
        Token dot = Read();
        if (Peek().type == Tok::kStar) {
          Token star = Read();
          ret = ParseSplat(std::move(ret), Range::Between(dot.range, star.range), false);
          continue;
        }
        if (!ParseDotStep(ret, dot, false)) break;
        continue;
      }
      if (next.type == Tok::kOBrack) {
        Token open = Read();
        PushNL(false);
        if (Peek().type == Tok::kStar) {
          Read();
          const Token& close = Peek();
          if (close.type != Tok::kCBrack) {
            ErrorAt(close, "Missing close bracket on splat index",
                    "The star for a full splat operator must be immediately followed by a closing bracket (\"]\").");
            Recover(Tok::kCBrack);
            PopNL();
            break;
          }
          Token c = Read();
          PopNL();
          ret = ParseSplat(std::move(ret), Range::Between(open.range, c.range), true);
          continue;
        }
        ExprPtr key = ParseExpression();
        const Token& close = Peek();
        if (close.type != Tok::kCBrack) {
          ErrorAt(close, "Missing close bracket on index", "The index operator must end with a closing bracket (\"]\").");
          Recover(Tok::kCBrack);
        } else {
          Read();
        }
        PopNL();
        Range br = Range::Between(open.range, PrevRange());
        std::optional<cty::Value> lit;
        if (key->kind() == ExprKind::kLiteral) {
          lit = static_cast<LiteralValueExpr*>(key.get())->val;
        } else if (key->kind() == ExprKind::kTemplate && static_cast<TemplateExpr*>(key.get())->IsStringLiteral()) {
          lit = key->Value(nullptr).value;
        }
        if (lit) {
          TraverseStep s;
          s.kind = TraverseStep::Kind::kIndex;
          s.key = *lit;
          s.range = br;
          ret = AddStep(std::move(ret), std::move(s));
        } else {
          if (!Enter()) { Leave(); break; }
          ++chain;
          Range r = Range::Between(ret->range(), br);
          ret = std::make_unique<IndexExpr>(std::move(ret), std::move(key), r, br);
        }
        continue;
      }
      break;
    }
    depth_ -= chain;
    return ret;
  }

  // After `.*` (attr_only) or `[*]`: the Each traversal over an anonymous symbol.
  ExprPtr ParseSplat(ExprPtr source, Range marker, bool full) {
    auto splat = std::make_unique<SplatExpr>(Range::Between(source->range(), marker));
    auto anon = std::make_unique<AnonSymbolExpr>(marker);
    splat->item = anon.get();
    ExprPtr each = std::move(anon);
    for (;;) {
      const Token& next = Peek();
      if (next.type == Tok::kDot) {
        if (toks_[NextIndex() + 1].type == Tok::kStar) {
          if (!full) {
            Token dot = Read();
            Token star = Read();
            Error("Nested splat expression not allowed",
                  "A splat expression (*) cannot be used inside another attribute-only splat expression.",
                  Range::Between(dot.range, star.range));
            recovery_ = true;
            continue;
          }
          break;
        }
        Token dot = Read();
        if (!ParseDotStep(each, dot, true)) break;
        continue;
      }
      if (next.type == Tok::kOBrack && full) {
        if (toks_[NextIndex() + 1].type == Tok::kStar) break;
        Token open = Read();
        PushNL(false);
        ExprPtr key = ParseExpression();
        if (Peek().type != Tok::kCBrack) {
          ErrorAt(Peek(), "Missing close bracket on index", "The index operator must end with a closing bracket (\"]\").");
          Recover(Tok::kCBrack);
        } else {
          Read();
        }
        PopNL();
        Range br = Range::Between(open.range, PrevRange());
        if (key->kind() == ExprKind::kLiteral) {
          TraverseStep s;
          s.kind = TraverseStep::Kind::kIndex;
          s.key = static_cast<LiteralValueExpr*>(key.get())->val;
          s.range = br;
          each = AddStep(std::move(each), std::move(s));
        } else {
          Range r = Range::Between(each->range(), br);
          each = std::make_unique<IndexExpr>(std::move(each), std::move(key), r, br);
        }
        continue;
      }
      break;
    }
    Range whole = Range::Between(source->range(), Range::Between(marker, each->range()));
    splat->source = std::move(source);
    splat->each = std::move(each);
    splat->marker_range = marker;
    auto* raw = splat.release();
    ExprPtr out(raw);
    // Re-create with the full range.
    auto final_splat = std::make_unique<SplatExpr>(whole);
    final_splat->source = std::move(raw->source);
    final_splat->each = std::move(raw->each);
    final_splat->item = raw->item;
    final_splat->marker_range = raw->marker_range;
    return final_splat;
  }

  ExprPtr ParseTerm() {
    const Token& start = Peek();
    switch (start.type) {
      case Tok::kOParen: {
        Token open = Read();
        PushNL(false);
        ExprPtr e = ParseExpression();
        const Token& close = Peek();
        if (close.type != Tok::kCParen) {
          ErrorAt(close, "Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.",
                  Range::Between(open.range, close.range));
          Recover(Tok::kCParen);
        } else {
          Read();
        }
        PopNL();
        return std::make_unique<ParenthesesExpr>(std::move(e), Range::Between(open.range, PrevRange()));
      }
      case Tok::kNumber: {
        Token t = Read();
        auto n = cty::Number::Parse(t.bytes);
        if (!n.ok()) {
          Error("Invalid number literal", "Failed to recognize the value of this number literal.", t.range);
          return Placeholder(t.range);
        }
        return std::make_unique<LiteralValueExpr>(cty::Value::Number(n.value()), t.range);
      }
      case Tok::kIdent: {
        Token t = Read();
        std::string_view name = t.bytes;
        const Token& next = Peek();
        if (next.type == Tok::kOParen || next.type == Tok::kDoubleColon) return ParseFunctionCall(t);
        if (name == "true") return std::make_unique<LiteralValueExpr>(cty::Value::True(), t.range);
        if (name == "false") return std::make_unique<LiteralValueExpr>(cty::Value::False(), t.range);
        if (name == "null") return std::make_unique<LiteralValueExpr>(cty::Value::Null(cty::Type::Dynamic()), t.range);
        Traversal tr;
        TraverseStep root;
        root.kind = TraverseStep::Kind::kRoot;
        root.name = std::string(name);
        root.range = t.range;
        tr.steps.push_back(std::move(root));
        return std::make_unique<ScopeTraversalExpr>(std::move(tr), t.range);
      }
      case Tok::kOQuote:
      case Tok::kOHeredoc: {
        Token open = Read();
        PushNL(true);
        ExprPtr e = ParseTemplate(open.type == Tok::kOQuote ? Tok::kCQuote : Tok::kCHeredoc, open);
        PopNL();
        return e;
      }
      case Tok::kOBrack:
        return ParseTupleCons();
      case Tok::kOBrace:
        return ParseObjectCons();
      case Tok::kEOF:
        ErrorAt(start, "Missing expression", "Expected the start of an expression, but found the end of the file.");
        return Placeholder(start.range);
      default: {
        Token t = start;
        if (!recovery_ && !IsInvalidTok(t.type)) {
          Error("Invalid expression",
                "Expected the start of an expression, but found " + std::string(internal::TokDescription(t.type)) + ".",
                t.range);
        }
        recovery_ = true;
        return Placeholder(t.range);
      }
    }
  }

  ExprPtr ParseFunctionCall(const Token& first) {
    auto call = std::make_unique<FunctionCallExpr>(first.range);
    std::string name(first.bytes);
    Range name_range = first.range;
    while (Peek().type == Tok::kDoubleColon) {
      Read();
      const Token& part = Peek();
      if (part.type != Tok::kIdent) {
        ErrorAt(part, "Missing function name", "A function name is required after \"::\".");
        return Placeholder(Range::Between(first.range, part.range));
      }
      Token p = Read();
      name += "::";
      name += p.bytes;
      name_range = Range::Between(name_range, p.range);
    }
    if (Peek().type != Tok::kOParen) {
      ErrorAt(Peek(), "Missing function call", "A provider function name must be followed by its arguments in parentheses.");
      return Placeholder(name_range);
    }
    Token open = Read();
    PushNL(false);
    call->name = std::move(name);
    call->name_range = name_range;
    call->open_paren_range = open.range;
    for (;;) {
      const Token& t = Peek();
      if (t.type == Tok::kCParen) break;
      ExprPtr arg = ParseExpression();
      call->args.push_back(std::move(arg));
      const Token& sep = Peek();
      if (sep.type == Tok::kEllipsis) {
        Read();
        call->expand_final = true;
        if (Peek().type == Tok::kComma) Read();
        if (Peek().type != Tok::kCParen) {
          ErrorAt(Peek(), "Missing closing parenthesis",
                  "An expanded function argument (with ...) must be immediately followed by closing parentheses.");
          Recover(Tok::kCParen);
          PopNL();
          goto done;
        }
        break;
      }
      if (sep.type == Tok::kCParen) break;
      if (sep.type == Tok::kComma) {
        Read();
        continue;
      }
      if (sep.type == Tok::kEOF) {
        ErrorAt(sep, "Unterminated function call",
                "There is no closing parenthesis for this function call before the end of the file. This may be "
                "caused by incorrect parenthesis nesting elsewhere in this file.");
      } else {
        ErrorAt(sep, "Missing argument separator",
                "A comma is required to separate each function argument from the next.", Range::Between(first.range, sep.range));
      }
      Recover(Tok::kCParen);
      PopNL();
      goto done;
    }
    Read();  // ")"
    PopNL();
  done:
    call->close_paren_range = PrevRange();
    Range r = Range::Between(first.range, PrevRange());
    auto out = std::make_unique<FunctionCallExpr>(r);
    out->name = std::move(call->name);
    out->args = std::move(call->args);
    out->expand_final = call->expand_final;
    out->name_range = call->name_range;
    out->open_paren_range = call->open_paren_range;
    out->close_paren_range = call->close_paren_range;
    return out;
  }

  ExprPtr ParseTupleCons() {
    Token open = Read();
    PushNL(false);
    if (Peek().type == Tok::kIdent && Peek().bytes == "for") {
      ExprPtr f = ParseFor(open, false);
      PopNL();
      return f;
    }
    std::vector<ExprPtr> exprs;
    for (;;) {
      const Token& t = Peek();
      if (t.type == Tok::kCBrack) {
        Read();
        break;
      }
      exprs.push_back(ParseExpression());
      const Token& sep = Peek();
      if (sep.type == Tok::kCBrack) {
        Read();
        break;
      }
      if (sep.type == Tok::kComma) {
        Read();
        continue;
      }
      if (sep.type == Tok::kEOF) {
        ErrorAt(sep, "Unterminated tuple constructor expression",
                "There is no corresponding closing bracket before the end of the file. This may be caused by "
                "incorrect bracket nesting elsewhere in this file.", open.range);
      } else {
        ErrorAt(sep, "Missing item separator", "Expected a comma to mark the beginning of the next item.",
                Range::Between(open.range, sep.range));
      }
      Recover(Tok::kCBrack);
      break;
    }
    PopNL();
    auto tup = std::make_unique<TupleConsExpr>(Range::Between(open.range, PrevRange()), open.range);
    tup->exprs = std::move(exprs);
    return tup;
  }

  ExprPtr ParseObjectCons() {
    Token open = Read();
    // Like hcl, look for "for" past newlines: for expressions are not
    // newline-sensitive, object constructors are.
    PushNL(false);
    if (Peek().type == Tok::kIdent && Peek().bytes == "for") {
      ExprPtr f = ParseFor(open, true);
      PopNL();
      return f;
    }
    PopNL();
    PushNL(true);
    std::vector<ObjectConsExpr::Item> items;
    for (;;) {
      const Token& t = Peek();
      if (t.type == Tok::kNewline) {
        Read();
        continue;
      }
      if (t.type == Tok::kCBrace) {
        Read();
        break;
      }
      if (t.type == Tok::kEOF) {
        ErrorAt(t, "Unterminated object constructor expression",
                "There is no corresponding closing brace before the end of the file. This may be caused by "
                "incorrect brace nesting elsewhere in this file.", open.range);
        break;
      }
      bool force = t.type == Tok::kOParen;
      // Keys and values are parsed with newlines included (as hcl does), so
      // a newline after a value stays visible as the item separator.
      ExprPtr key = ParseExpression();
      Range kr = key->range();
      ExprPtr wrapped = std::make_unique<ObjectConsKeyExpr>(std::move(key), force, kr);
      const Token& eq = Peek();
      if (eq.type != Tok::kEqual && eq.type != Tok::kColon) {
        if (eq.type == Tok::kNewline || eq.type == Tok::kComma || eq.type == Tok::kCBrace) {
          ErrorAt(eq, "Missing attribute value", "Expected an attribute value, introduced by an equals sign (\"=\").");
        } else {
          ErrorAt(eq, "Missing key/value separator",
                  "Expected an equals sign (\"=\") to mark the beginning of the attribute value.");
        }
        Recover(Tok::kCBrace);
        break;
      }
      Read();
      ExprPtr value = ParseExpression();
      items.push_back({std::move(wrapped), std::move(value)});
      const Token& sep = Peek();
      if (sep.type == Tok::kComma || sep.type == Tok::kNewline) {
        Read();
        continue;
      }
      if (sep.type == Tok::kCBrace) {
        Read();
        break;
      }
      if (sep.type == Tok::kEOF) {
        ErrorAt(sep, "Unterminated object constructor expression",
                "There is no corresponding closing brace before the end of the file. This may be caused by "
                "incorrect brace nesting elsewhere in this file.", open.range);
      } else {
        ErrorAt(sep, "Missing attribute separator",
                "Expected a newline or comma to mark the beginning of the next attribute.",
                Range::Between(open.range, sep.range));
      }
      Recover(Tok::kCBrace);
      break;
    }
    PopNL();
    auto obj = std::make_unique<ObjectConsExpr>(Range::Between(open.range, PrevRange()), open.range);
    obj->items = std::move(items);
    return obj;
  }

  ExprPtr ForError(const Token& at, const std::string& detail, Tok close, const Range& open) {
    ErrorAt(at, "Invalid 'for' expression", detail);
    Recover(close);
    return Placeholder(Range::Between(open, PrevRange()));
  }

  ExprPtr ParseFor(const Token& open, bool object) {
    Tok close = object ? Tok::kCBrace : Tok::kCBrack;
    Read();  // "for"
    auto f = std::make_unique<ForExpr>(open.range);
    Token v1 = Read();
    if (v1.type != Tok::kIdent) return ForError(v1, "For expression requires variable name after 'for'.", close, open.range);
    if (Peek().type == Tok::kComma) {
      Read();
      Token v2 = Read();
      if (v2.type != Tok::kIdent) return ForError(v2, "For expression requires value variable name after comma.", close, open.range);
      f->key_var = std::string(v1.bytes);
      f->val_var = std::string(v2.bytes);
    } else {
      f->val_var = std::string(v1.bytes);
    }
    Token in = Read();
    if (in.type != Tok::kIdent || in.bytes != "in")
      return ForError(in, "For expression requires the 'in' keyword after its name declarations.", close, open.range);
    f->coll_expr = ParseExpression();
    Token colon = Read();
    if (colon.type != Tok::kColon)
      return ForError(colon, "For expression requires a colon after the collection expression.", close, open.range);
    if (object) {
      f->key_expr = ParseExpression();
      Token arrow = Read();
      if (arrow.type != Tok::kFatArrow)
        return ForError(arrow, "For expression requires a '=>' after the key expression.", close, open.range);
    }
    f->val_expr = ParseExpression();
    if (object && Peek().type == Tok::kEllipsis) {
      Read();
      f->group = true;
    }
    if (Peek().type == Tok::kIdent && Peek().bytes == "if") {
      Read();
      f->cond_expr = ParseExpression();
    }
    const Token& end = Peek();
    if (end.type != close) {
      std::string detail;
      if (end.type == Tok::kIdent && end.bytes == "if")
        detail = "For expression may not have more than one 'if' clause.";
      else if (end.type == Tok::kEllipsis)
        detail = "The grouping ellipsis (...) must be at the end of the result expression, before the optional 'if' clause.";
      else
        detail = std::string("Extra characters after the end of the 'for' expression.");
      return ForError(end, detail, close, open.range);
    }
    Token c = Read();
    if (!object && f->group) {
      // unreachable: ellipsis only parsed for objects
    }
    auto out = std::make_unique<ForExpr>(Range::Between(open.range, c.range));
    out->key_var = std::move(f->key_var);
    out->val_var = std::move(f->val_var);
    out->coll_expr = std::move(f->coll_expr);
    out->key_expr = std::move(f->key_expr);
    out->val_expr = std::move(f->val_expr);
    out->cond_expr = std::move(f->cond_expr);
    out->group = f->group;
    out->open_range = open.range;
    out->close_range = c.range;
    return out;
  }

  // ---- templates ----
  // Parses template tokens up to `end` (kCQuote, kCHeredoc or kEOF).
  ExprPtr ParseTemplate(Tok end, const Token& open) {
    std::vector<TmplItem> items;
    Range start = open.range;
    bool flush = open.type == Tok::kOHeredoc && open.heredoc_flush;
    bool quoted = open.type == Tok::kOQuote;
    bool closed = false;
    for (;;) {
      const Token& t = toks_[i_];
      if (t.type == end) {
        Read();
        closed = true;
        break;
      }
      if (t.type == Tok::kQuotedLit || t.type == Tok::kStringLit) {
        Token lt = Read();
        TmplItem it(TmplItem::kLit);
        it.lit = quoted ? DecodeQuoted(lt) : DecodeHeredoc(lt.bytes);
        it.range = lt.range;
        items.push_back(std::move(it));
        continue;
      }
      if (t.type == Tok::kTemplateInterp) {
        Token o = Read();
        PushNL(false);
        TmplItem it(TmplItem::kInterp);
        it.strip_left = o.strip;
        it.expr = ParseExpression();
        if (!CloseSequence(it, o, "interpolation")) { PopNL(); break; }
        PopNL();
        it.range = Range::Between(o.range, PrevRange());
        items.push_back(std::move(it));
        continue;
      }
      if (t.type == Tok::kTemplateControl) {
        Token o = Read();
        PushNL(false);
        bool ok = ParseDirective(o, items);
        PopNL();
        if (!ok) break;
        continue;
      }
      // Anything else ends the template abnormally.
      if (!recovery_ && !IsInvalidTok(t.type)) {
        if (t.type == Tok::kEOF) {
          Error("Unterminated template string", "No closing marker was found for the string.", open.range);
        } else {
          Error("Unexpected token in template", "Found " + std::string(internal::TokDescription(t.type)) + " here.",
                t.range);
        }
      }
      recovery_ = true;
      if (t.type == Tok::kQuotedNewline) Read();
      break;
    }
    (void)closed;
    Range whole = Range::Between(start, PrevRange());
    ApplyStrip(items);
    if (flush) FlushHeredoc(items);
    // A lone interpolation passes its value through unconverted.
    if (items.size() == 1 && items[0].kind == TmplItem::kInterp) {
      return std::make_unique<TemplateWrapExpr>(std::move(items[0].expr), whole);
    }
    TmplItem end_item(TmplItem::kEnd);
    end_item.range = Range{whole.filename, whole.end, whole.end};
    items.push_back(std::move(end_item));
    size_t pos = 0;
    return BuildTemplate(items, pos, whole, 0);
  }

  bool CloseSequence(TmplItem& it, const Token& o, const char* what) {
    const Token& c = Peek();
    if (c.type == Tok::kTemplateSeqEnd) {
      Token ct = Read();
      it.strip_right = ct.strip;
      return true;
    }
    if (c.type == Tok::kEOF) {
      ErrorAt(c, "Unclosed template " + std::string(what) + " sequence",
              "There is no closing brace for this " + std::string(what) + " sequence before the end of the file.",
              o.range);
      return false;
    }
    ErrorAt(c, "Extra characters after " + std::string(what) + " expression",
            "Expected a closing brace to end the " + std::string(what) +
                " expression, but found extra characters.\n\nThis can happen when you include interpolation syntax "
                "for another language, such as shell scripting, but forget to escape the interpolation start token. "
                "If this is an embedded sequence for another language, escape it by starting with \"$${\" instead of "
                "just \"${\".",
            Range::Between(o.range, c.range));
    Recover(Tok::kTemplateSeqEnd);
    return true;
  }

  bool ParseDirective(const Token& o, std::vector<TmplItem>& items) {
    Token kw = Read();
    TmplItem it(TmplItem::kLit);
    it.strip_left = o.strip;
    std::string_view k = kw.type == Tok::kIdent ? kw.bytes : std::string_view();
    if (k == "if") {
      it.kind = TmplItem::kIf;
      it.expr = ParseExpression();
    } else if (k == "else") {
      it.kind = TmplItem::kElse;
    } else if (k == "endif") {
      it.kind = TmplItem::kEndIf;
    } else if (k == "endfor") {
      it.kind = TmplItem::kEndFor;
    } else if (k == "for") {
      it.kind = TmplItem::kFor;
      Token v1 = Read();
      if (v1.type != Tok::kIdent) {
        ErrorAt(v1, "Invalid 'for' directive", "For directive requires variable name after 'for'.");
        Recover(Tok::kTemplateSeqEnd);
        return true;
      }
      if (Peek().type == Tok::kComma) {
        Read();
        Token v2 = Read();
        if (v2.type != Tok::kIdent) {
          ErrorAt(v2, "Invalid 'for' directive", "For directive requires value variable name after comma.");
          Recover(Tok::kTemplateSeqEnd);
          return true;
        }
        it.key_var = std::string(v1.bytes);
        it.val_var = std::string(v2.bytes);
      } else {
        it.val_var = std::string(v1.bytes);
      }
      Token in = Read();
      if (in.type != Tok::kIdent || in.bytes != "in") {
        ErrorAt(in, "Invalid 'for' directive", "For directive requires 'in' keyword after names.");
        Recover(Tok::kTemplateSeqEnd);
        return true;
      }
      it.expr = ParseExpression();
    } else {
      ErrorAt(kw, "Invalid template directive",
              "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of a %{ sequence.");
      Recover(Tok::kTemplateSeqEnd);
      return true;
    }
    const Token& c = Peek();
    if (c.type != Tok::kTemplateSeqEnd) {
      if (c.type == Tok::kEOF) {
        ErrorAt(c, "Unclosed template directive sequence",
                "There is no closing brace for this directive sequence before the end of the file.", o.range);
        return false;
      }
      ErrorAt(c, "Extra characters in " + std::string(kw.bytes) + " marker",
              "Expected a closing brace to end the sequence, but found extra characters.");
      Recover(Tok::kTemplateSeqEnd);
    } else {
      it.strip_right = Read().strip;
    }
    it.range = Range::Between(o.range, PrevRange());
    items.push_back(std::move(it));
    return true;
  }

  static std::string DecodeHeredoc(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if ((c == '$' || c == '%') && i + 2 < s.size() && s[i + 1] == c && s[i + 2] == '{') {
        out += c;
        out += '{';
        i += 2;
        continue;
      }
      out += c;
    }
    return out;
  }

  static bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

  static void ApplyStrip(std::vector<TmplItem>& items) {
    for (size_t k = 0; k < items.size(); ++k) {
      if (items[k].kind == TmplItem::kLit) continue;
      if (items[k].strip_left && k > 0 && items[k - 1].kind == TmplItem::kLit) {
        std::string& s = items[k - 1].lit;
        while (!s.empty() && IsSpaceByte(s.back())) s.pop_back();
      }
      if (items[k].strip_right && k + 1 < items.size() && items[k + 1].kind == TmplItem::kLit) {
        std::string& s = items[k + 1].lit;
        size_t n = 0;
        while (n < s.size() && IsSpaceByte(s[n])) ++n;
        s.erase(0, n);
      }
    }
  }

  static void FlushHeredoc(std::vector<TmplItem>& items) {
    size_t min_spaces = SIZE_MAX;
    bool newline = true;
    std::vector<TmplItem*> adjust;
    for (auto& it : items) {
      if (newline) {
        newline = false;
        size_t spaces = 0;
        if (it.kind == TmplItem::kLit) {
          size_t n = 0;
          while (n < it.lit.size() && IsSpaceByte(it.lit[n])) ++n;
          if (n == it.lit.size() && !it.lit.empty() && it.lit.back() == '\n') {
            spaces = SIZE_MAX;
          } else {
            spaces = n;  // spaces are one byte each
            adjust.push_back(&it);
          }
        }
        min_spaces = std::min(min_spaces, spaces);
      }
      if (it.kind == TmplItem::kLit && !it.lit.empty() && it.lit.back() == '\n') newline = true;
    }
    if (min_spaces == SIZE_MAX) return;
    for (auto* it : adjust) {
      it->lit.erase(0, std::min(min_spaces, it->lit.size()));
      it->range.start.column += static_cast<int>(min_spaces);
      it->range.start.byte += min_spaces;
    }
  }

  // Builds parts until a closing directive (else/endif/endfor/end).
  ExprPtr BuildTemplate(std::vector<TmplItem>& items, size_t& pos, const Range& range, int depth) {
    auto tmpl = std::make_unique<TemplateExpr>(range);
    if (depth > kMaxNestingDepth) {
      if (!too_deep_) {
        too_deep_ = true;
        Error("Nesting too deep", "Template directives are nested too deeply.", range);
      }
      while (items[pos].kind != TmplItem::kEnd) ++pos;
      return tmpl;
    }
    for (;;) {
      TmplItem& it = items[pos];
      switch (it.kind) {
        case TmplItem::kLit:
          tmpl->parts.push_back(std::make_unique<LiteralValueExpr>(cty::Value::String(it.lit), it.range));
          ++pos;
          break;
        case TmplItem::kInterp:
          tmpl->parts.push_back(std::move(it.expr));
          ++pos;
          break;
        case TmplItem::kIf: {
          Range if_range = it.range;
          ExprPtr cond = std::move(it.expr);
          ++pos;
          ExprPtr t = BuildTemplate(items, pos, if_range, depth + 1);
          ExprPtr f;
          if (items[pos].kind == TmplItem::kElse) {
            ++pos;
            f = BuildTemplate(items, pos, if_range, depth + 1);
          } else {
            auto empty = std::make_unique<TemplateExpr>(if_range);
            empty->parts.push_back(std::make_unique<LiteralValueExpr>(cty::Value::String(""), if_range));
            f = std::move(empty);
          }
          Range end_range = items[pos].range;
          if (items[pos].kind == TmplItem::kEndIf) {
            ++pos;
          } else if (!recovery_) {
            Error(items[pos].kind == TmplItem::kEnd ? "Unterminated template string" : "Unexpected directive",
                  items[pos].kind == TmplItem::kEnd ? "Missing an endif directive to end the if directive."
                                                    : "Expected an endif directive to end the if directive.",
                  items[pos].kind == TmplItem::kEnd ? if_range : end_range);
            recovery_ = true;
          }
          Range r = Range::Between(if_range, end_range);
          tmpl->parts.push_back(std::make_unique<ConditionalExpr>(std::move(cond), std::move(t), std::move(f), r));
          break;
        }
        case TmplItem::kFor: {
          Range for_range = it.range;
          auto fe = std::make_unique<ForExpr>(for_range);
          fe->key_var = it.key_var;
          fe->val_var = it.val_var;
          fe->coll_expr = std::move(it.expr);
          ++pos;
          fe->val_expr = BuildTemplate(items, pos, for_range, depth + 1);
          Range end_range = items[pos].range;
          if (items[pos].kind == TmplItem::kEndFor) {
            ++pos;
          } else if (!recovery_) {
            Error(items[pos].kind == TmplItem::kEnd ? "Unterminated template string" : "Unexpected directive",
                  items[pos].kind == TmplItem::kEnd ? "Missing an endfor directive to end the for directive."
                                                    : "Expected an endfor directive to end the for directive.",
                  items[pos].kind == TmplItem::kEnd ? for_range : end_range);
            recovery_ = true;
          }
          fe->open_range = for_range;
          fe->close_range = end_range;
          Range r = Range::Between(for_range, end_range);
          tmpl->parts.push_back(std::make_unique<TemplateJoinExpr>(std::move(fe), r));
          break;
        }
        case TmplItem::kElse:
        case TmplItem::kEndIf:
        case TmplItem::kEndFor:
          if (depth == 0) {
            if (!recovery_) {
              const char* name = it.kind == TmplItem::kElse ? "else" : it.kind == TmplItem::kEndIf ? "endif" : "endfor";
              Error(std::string("Unexpected ") + name + " directive",
                    std::string("No corresponding ") + (it.kind == TmplItem::kEndFor ? "for" : "if") +
                        " directive was found before this " + name + " directive.",
                    it.range);
              recovery_ = true;
            }
            ++pos;
            break;
          }
          return tmpl;
        case TmplItem::kEnd:
          return tmpl;
      }
    }
  }

  const Token& Current() const { return toks_[i_]; }

 private:
  std::vector<Token> toks_;
  SourceName filename_;
  size_t i_ = 0;
  std::vector<bool> nl_;
  Range prev_;
  bool recovery_ = false;
  int depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

// Reports invalid characters once each kind (hclsyntax checkInvalidTokens).
Diagnostics internal::CheckInvalidTokens(const std::vector<Token>& toks) {
  Diagnostics d;
  bool told_utf8 = false;
  bool told_newline = false;
  for (const auto& t : toks) {
    switch (t.type) {
      case Tok::kBadUTF8:
        if (!told_utf8) {
          d.AddError("Invalid character encoding",
                     "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
                     t.range);
          told_utf8 = true;
        }
        break;
      case Tok::kQuotedNewline:
        if (told_newline) break;
        told_newline = true;
        d.AddError("Invalid multi-line string",
                   "Quoted strings may not be split over multiple lines. To produce a multi-line string, either use "
                   "the \\n escape to represent a newline character or use the \"heredoc\" multi-line template syntax.",
                   t.range);
        break;
      case Tok::kUnclosedComment:
        d.AddError("Unterminated comment", "There is no closing \"*/\" for this comment before the end of the file.",
                   Range{t.range.filename, t.range.start, t.range.start});
        break;
      case Tok::kInvalid: {
        std::string_view c = t.bytes;
        std::string summary = "Invalid character";
        std::string detail = "This character is not used within the language.";
        if (c == "\xE2\x80\x9C" || c == "\xE2\x80\x9D") {
          detail = "\"Curly quotes\" are not valid here. These can sometimes be inadvertently introduced when sharing "
                   "code via documents or discussion forums. It might help to replace the character with a \"straight "
                   "quote\".";
        } else if (c == "&" || c == "|" || c == "^") {
          summary = "Unsupported operator";
          detail = std::string("Bitwise operators are not supported.") +
                   (c == "&" ? " Did you mean boolean AND (\"&&\")?" : c == "|" ? " Did you mean boolean OR (\"||\")?" : "");
        } else if (c == "**") {
          summary = "Unsupported operator";
          detail = "\"**\" is not a supported operator. Exponentiation is not supported as an operator.";
        } else if (c == "'") {
          detail = "Single quotes are not valid. Use double quotes (\") to enclose strings.";
        } else if (c == ";") {
          detail = "The \";\" character is not valid. Use newlines to separate arguments and blocks, and commas to "
                   "separate items in collection values.";
        } else if (c == "`") {
          detail = "The \"`\" character is not valid. To create a multi-line string, use the \"heredoc\" syntax, "
                   "like \"<<EOT\".";
        }
        d.AddError(summary, detail, t.range);
        break;
      }
      default: break;
    }
  }
  return d;
}

namespace {

std::string_view StripBOM(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) return s.substr(3);
  return s;
}

}  // namespace

ParsedFile ParseConfig(std::string_view src, const std::string& filename, Pos start) {
  ParsedFile out;
  out.file.bytes = std::string(src);
  std::string_view s = StripBOM(out.file.bytes);
  if (s.size() != out.file.bytes.size()) start.byte += 3;
  auto toks = internal::Scan(s, filename, start, internal::ScanMode::kNormal);
  out.diags = internal::CheckInvalidTokens(toks);
  Range start_range{filename, start, start};
  Parser p(std::move(toks), filename);
  out.file.body = p.ParseBody(Tok::kEOF, start_range);
  out.diags.Append(std::move(p.diags));
  return out;
}

ParsedExpression ParseExpression(std::string_view src, const std::string& filename, Pos start) {
  ParsedExpression out;
  auto toks = internal::Scan(src, filename, start, internal::ScanMode::kNormal);
  out.diags = internal::CheckInvalidTokens(toks);
  Parser p(std::move(toks), filename);
  p.PushNL(false);
  out.expr = p.ParseExpression();
  const Token& next = p.Peek();
  if (next.type != Tok::kEOF && !out.diags.HasErrors() && !p.diags.HasErrors()) {
    p.Error("Extra characters after expression", "An expression was successfully parsed, but extra characters were found after it.",
            next.range);
  }
  out.diags.Append(std::move(p.diags));
  return out;
}

ParsedExpression ParseTemplate(std::string_view src, const std::string& filename, Pos start) {
  ParsedExpression out;
  auto toks = internal::Scan(src, filename, start, internal::ScanMode::kTemplate);
  out.diags = internal::CheckInvalidTokens(toks);
  Parser p(std::move(toks), filename);
  Token open;
  open.type = Tok::kOHeredoc;
  open.range = Range{filename, start, start};
  out.expr = p.ParseTemplate(Tok::kEOF, open);
  out.diags.Append(std::move(p.diags));
  return out;
}

}  // namespace hcl
