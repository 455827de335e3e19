// Token-level canonical formatter, following hclwrite format.go: split the
// token stream into lines, each with up to three cells (lead, assign from the
// first `=`, trailing comment); indent each line by its bracket nesting;
// apply the pairwise spacing rules within the lead and assign cells; then
// align the assign cells and the comment cells of consecutive lines.
#include "hcl/format.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lexer.h"

namespace hcl {
namespace {

using internal::Tok;
using internal::Token;

struct FTok {
  Tok type = Tok::kEOF;
  std::string_view bytes;
  int spaces = 0;  // spaces written before the token
};

// Half-open index ranges into the token vector.
struct Cell {
  size_t begin = 0, end = 0;
  bool empty() const { return begin == end; }
  size_t size() const { return end - begin; }
};

struct Line {
  Cell lead, assign, comment;
  bool has_assign = false, has_comment = false;
  std::string_view newline;  // empty on the last line without a newline
};

int BracketChange(Tok t) {
  switch (t) {
    case Tok::kOBrace: case Tok::kOBrack: case Tok::kOParen:
    case Tok::kTemplateControl: case Tok::kTemplateInterp:
      return 1;
    case Tok::kCBrace: case Tok::kCBrack: case Tok::kCParen: case Tok::kTemplateSeqEnd:
      return -1;
    default:
      return 0;
  }
}

bool IsLineComment(const FTok& t) {
  return t.type == Tok::kComment && (t.bytes.starts_with("#") || t.bytes.starts_with("//"));
}

// hclwrite spaceAfterToken. `before` is null at the start of a cell; `after`
// is never the line's newline (that never gets spaces).
bool SpaceAfter(const FTok& subject, const FTok* before, const FTok& after) {
  const Tok s = subject.type, a = after.type;
  if (s == Tok::kIdent && a == Tok::kOParen) return false;
  if ((s == Tok::kIdent && a == Tok::kDoubleColon) || (s == Tok::kDoubleColon && a == Tok::kIdent)) return false;
  if (s == Tok::kDot || a == Tok::kDot) return false;
  if (a == Tok::kComma || a == Tok::kEllipsis) return false;
  if (s == Tok::kComma) return true;
  if (s == Tok::kQuotedLit || s == Tok::kStringLit || s == Tok::kOQuote || s == Tok::kOHeredoc ||
      a == Tok::kQuotedLit || a == Tok::kStringLit || a == Tok::kCQuote || a == Tok::kCHeredoc) {
    return false;  // no extra spaces within templates
  }
  if (s == Tok::kIdent && subject.bytes == "in" && before != nullptr && before->type == Tok::kIdent) {
    return true;  // `for x in [foo]`
  }
  if (a == Tok::kOBrack && (s == Tok::kIdent || s == Tok::kNumber || BracketChange(s) < 0)) return false;
  if (s == Tok::kBang) return false;
  if (s == Tok::kMinus) {
    // Negation (no space) unless the token before can end an expression.
    if (before == nullptr) return false;
    switch (before->type) {
      case Tok::kOParen: case Tok::kOBrace: case Tok::kOBrack: case Tok::kEqual: case Tok::kColon:
      case Tok::kComma: case Tok::kQuestion:
      case Tok::kPlus: case Tok::kStar: case Tok::kSlash: case Tok::kPercent: case Tok::kMinus:
      case Tok::kEqualOp: case Tok::kNotEqual: case Tok::kGreater: case Tok::kGreaterEq: case Tok::kLess:
      case Tok::kLessEq:
      case Tok::kAnd: case Tok::kOr: case Tok::kBang:
        return false;
      default:
        return true;
    }
  }
  if (s == Tok::kOBrace || a == Tok::kCBrace) return !(s == Tok::kOBrace && a == Tok::kCBrace);
  if ((s == Tok::kTemplateInterp || s == Tok::kTemplateControl) && a == Tok::kOBrace) return true;
  if (s == Tok::kCBrace && a == Tok::kTemplateSeqEnd) return true;
  if (s == Tok::kTemplateSeqEnd && (a == Tok::kTemplateInterp || a == Tok::kTemplateControl)) return false;
  if (BracketChange(s) > 0) return false;
  if (BracketChange(a) < 0) return false;
  return true;
}

// Display columns, as hclwrite counts them: grapheme clusters.
int Columns(std::string_view b) { return internal::GraphemeColumns(b); }

class Formatter {
 public:
  explicit Formatter(std::vector<FTok> toks) : toks_(std::move(toks)) {}

  std::string Run(std::string_view trailing) {
    SplitLines();
    Indent();
    Spaces();
    Align();
    return Write(trailing);
  }

 private:
  void SplitLines() {
    size_t start = 0;
    for (size_t i = 0; i <= toks_.size(); ++i) {
      bool nl = i < toks_.size() && toks_[i].type == Tok::kNewline;
      if (!nl && i < toks_.size()) continue;
      Line line;
      line.lead = Cell{start, i};
      if (nl) line.newline = toks_[i].bytes;
      if (i < toks_.size() || start < i) lines_.push_back(line);
      start = i + 1;
    }
    for (Line& line : lines_) {
      if (line.lead.size() > 1) {
        const FTok& last = toks_[line.lead.end - 1];
        if (last.type == Tok::kComment && (IsLineComment(last) || line.newline.empty())) {
          line.comment = Cell{line.lead.end - 1, line.lead.end};
          line.has_comment = true;
          line.lead.end--;
        }
      }
      for (size_t i = line.lead.begin + 1; i < line.lead.end; ++i) {
        if (toks_[i].type != Tok::kEqual) continue;
        if (NetBrackets(Cell{i, line.lead.end}, false) == 0) {
          line.assign = Cell{i, line.lead.end};
          line.has_assign = true;
          line.lead.end = i;
        }
        break;
      }
    }
  }

  // Net bracket change over a cell; with stop_at_heredoc, counting ends at a
  // heredoc opener (hclwrite does so for the lead cell only).
  int NetBrackets(Cell c, bool stop_at_heredoc) const {
    int net = 0;
    for (size_t i = c.begin; i < c.end; ++i) {
      net += BracketChange(toks_[i].type);
      if (stop_at_heredoc && toks_[i].type == Tok::kOHeredoc) break;
    }
    return net;
  }

  void Indent() {
    std::vector<int> indents;
    for (Line& line : lines_) {
      if (line.lead.empty()) continue;
      int net = NetBrackets(line.lead, true) + NetBrackets(line.assign, false);
      if (net < 0) {
        int closed = -net;
        while (closed > 0 && !indents.empty()) {
          if (closed > indents.back()) {
            closed -= indents.back();
            indents.pop_back();
          } else if (closed < indents.back()) {
            indents.back() -= closed;
            closed = 0;
          } else {
            indents.pop_back();
            closed = 0;
          }
        }
      }
      toks_[line.lead.begin].spaces = 2 * static_cast<int>(indents.size());
      if (net > 0) indents.push_back(net);
    }
  }

  void SpaceCell(Cell c) {
    for (size_t i = c.begin; i + 1 < c.end; ++i) {
      const FTok* before = i > c.begin ? &toks_[i - 1] : nullptr;
      toks_[i + 1].spaces = SpaceAfter(toks_[i], before, toks_[i + 1]) ? 1 : 0;
    }
  }

  void Spaces() {
    for (Line& line : lines_) {
      SpaceCell(line.lead);
      if (line.has_assign) {
        toks_[line.assign.begin].spaces = 1;
        SpaceCell(line.assign);
      }
    }
  }

  int CellColumns(Cell c) const {
    int n = 0;
    for (size_t i = c.begin; i < c.end; ++i) n += toks_[i].spaces + Columns(toks_[i].bytes);
    return n;
  }

  // Aligns the first token of `cell` across runs of consecutive lines that
  // have one; `width` gives the columns in front of the cell.
  template <typename HasCell, typename CellOf, typename Width>
  void AlignChain(HasCell has, CellOf cell_of, Width width) {
    size_t chain = lines_.size();
    int max = 0;
    auto close = [&](size_t end) {
      for (size_t k = chain; k < end; ++k) toks_[cell_of(lines_[k]).begin].spaces = max - width(lines_[k]) + 1;
      chain = lines_.size();
      max = 0;
    };
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (!has(lines_[i])) {
        if (chain != lines_.size()) close(i);
        continue;
      }
      if (chain == lines_.size()) chain = i;
      max = std::max(max, width(lines_[i]));
    }
    if (chain != lines_.size()) close(lines_.size());
  }

  void Align() {
    AlignChain([](const Line& l) { return l.has_assign; }, [](const Line& l) { return l.assign; },
               [this](const Line& l) { return CellColumns(l.lead); });
    AlignChain([](const Line& l) { return l.has_comment; }, [](const Line& l) { return l.comment; },
               [this](const Line& l) { return CellColumns(l.lead) + CellColumns(l.assign); });
  }

  std::string Write(std::string_view trailing) const {
    std::string out;
    for (const Line& line : lines_) {
      for (const Cell& c : {line.lead, line.assign, line.comment}) {
        for (size_t i = c.begin; i < c.end; ++i) {
          out.append(static_cast<size_t>(toks_[i].spaces), ' ');
          out.append(toks_[i].bytes);
        }
      }
      out.append(line.newline);
    }
    // Like hclwrite, whitespace after the last token (with no newline after
    // it) is kept, one space per byte.
    out.append(trailing.size(), ' ');
    return out;
  }

  std::vector<FTok> toks_;
  std::vector<Line> lines_;
};

const std::string kNoFile;

std::vector<Token> Lex(std::string_view src, const std::string& filename) {
  return internal::Scan(src, filename, Pos{}, internal::ScanMode::kNormal, internal::ScanOptions{true});
}

// Whitespace after the last token, when nothing but spaces/tabs/CRs follow it.
std::string_view TrailingSpace(std::string_view src, const std::vector<Token>& toks) {
  size_t end = toks.size() >= 2 ? toks[toks.size() - 2].range.end.byte : 0;
  return src.substr(end);
}

bool SameTokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].bytes != b[i].bytes) return false;
  }
  return true;
}

}  // namespace

FormatResult FormatWithDiagnostics(std::string_view src, const std::string& filename) {
  FormatResult out;
  // A byte order mark is dropped, as hclwrite does.
  std::string_view body = src;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  std::vector<Token> toks = Lex(body, filename);
  out.diags = internal::CheckInvalidTokens(toks);
  if (out.diags.HasErrors()) {
    out.text = std::string(src);
    return out;
  }
  std::vector<FTok> ftoks;
  ftoks.reserve(toks.size());
  for (const Token& t : toks) {
    if (t.type != Tok::kEOF) ftoks.push_back(FTok{t.type, t.bytes, 0});
  }
  std::string formatted = Formatter(std::move(ftoks)).Run(TrailingSpace(body, toks));
  // Only whitespace between tokens may change; if a removed space would merge
  // two tokens (possible only in input that does not parse), keep the input.
  if (!SameTokens(toks, Lex(formatted, kNoFile))) {
    out.text = std::string(src);
    return out;
  }
  out.text = std::move(formatted);
  return out;
}

std::string Format(std::string_view src) { return FormatWithDiagnostics(src).text; }

}  // namespace hcl
