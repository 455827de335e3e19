// The native-syntax scanner: source bytes -> tokens (hclsyntax scan_tokens).
//
// The scanner is modal like hcl's: normal (expression) mode, quoted-template
// mode, heredoc-template mode and bare-template mode, switching on `"`,
// `<<EOT`, `${`/`%{` and the `}` that closes an interpolation. Comments are
// dropped; a line comment yields the newline that ends it.
//
// With ScanOptions::keep_comments (the formatter's mode) comments become
// kComment tokens instead (a line comment's token excludes its newline, which
// follows as kNewline). Everything else is identical, so the parser never
// uses this mode. In both modes a heredoc's closing marker line yields
// kCHeredoc without the newline, followed by a separate kNewline (as
// hclsyntax does); a marker at EOF with no newline does not close it.
#ifndef EDP_HCL_SRC_LEXER_H_
#define EDP_HCL_SRC_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "hcl/diagnostic.h"
#include "hcl/pos.h"

namespace hcl::internal {

enum class Tok {
  kEOF, kNewline, kIdent, kNumber,
  kOQuote, kCQuote, kQuotedLit, kOHeredoc, kCHeredoc, kStringLit,
  kTemplateInterp, kTemplateControl, kTemplateSeqEnd,
  kOBrace, kCBrace, kOBrack, kCBrack, kOParen, kCParen,
  kComma, kDot, kEllipsis, kColon, kDoubleColon, kQuestion, kEqual, kFatArrow,
  kEqualOp, kNotEqual, kLess, kLessEq, kGreater, kGreaterEq, kAnd, kOr, kBang,
  kPlus, kMinus, kStar, kSlash, kPercent,
  kInvalid, kBadUTF8, kQuotedNewline, kUnclosedComment, kTabs,
  kComment,  // only with ScanOptions::keep_comments
};

struct Token {
  Tok type = Tok::kEOF;
  std::string_view bytes;
  Range range;
  bool strip = false;  // `${~`, `%{~`, `~}`
  bool heredoc_flush = false;  // kOHeredoc: `<<-`
  std::string_view heredoc_marker;  // kOHeredoc
};

enum class ScanMode { kNormal, kTemplate };

struct ScanOptions {
  bool keep_comments = false;
};

std::vector<Token> Scan(std::string_view src, const std::string& filename, Pos start, ScanMode mode,
                        ScanOptions opts = {});

std::string_view TokDescription(Tok t);

// Length in bytes of the extended grapheme cluster (Unicode UAX #29, as
// go-textseg's ScanGraphemeClusters, which hcl uses for columns) starting
// at s[i]; CRLF is one cluster, an invalid UTF-8 byte is a cluster of its
// own. ASCII takes a fast path. Requires i < s.size().
size_t GraphemeClusterLength(std::string_view s, size_t i);

// Display columns of `s` as hcl counts them: its grapheme clusters.
int GraphemeColumns(std::string_view s);

// Diagnostics for invalid characters, bad UTF-8, newlines in quoted strings
// and unterminated comments, once per kind (hclsyntax checkInvalidTokens).
Diagnostics CheckInvalidTokens(const std::vector<Token>& toks);

}  // namespace hcl::internal

#endif  // EDP_HCL_SRC_LEXER_H_
