// hcl::Format: canonical layout of native-syntax source, as produced by
// hashicorp/hcl hclwrite.Format (and so `tofu fmt`).
//
// The formatter works on tokens, not on the syntax tree, and only ever
// changes the whitespace between tokens (never inside string literals,
// templates, heredocs or comments):
//   - two spaces of indentation per level of bracket nesting ({ [ ( ${ %{),
//     counted per line as hclwrite does;
//   - hclwrite's spacing rules between token pairs (one space around binary
//     operators and `=`, none inside ( ) [ ], one inside { }, none around
//     `.`, before `,`, after `!` and after a negating `-`, ...);
//   - `=` aligned across consecutive lines holding single-line attributes,
//     and trailing `#`/`//` comments aligned across consecutive lines;
//   - no trailing whitespace on any line; blank lines are kept; a UTF-8
//     byte order mark is dropped.
// The result is idempotent: Format(Format(x)) == Format(x).
//
// Input that does not lex (invalid characters, invalid UTF-8, unterminated
// comments, newlines in quoted strings) is returned unchanged; use
// FormatWithDiagnostics to learn why. Syntax errors beyond the lexical level
// are not checked: like hclwrite, such input is formatted anyway.
//
// Example:
//   hcl::Format("a=1\nbbb =  2\n") == "a   = 1\nbbb = 2\n"
//
// Thread safety: reentrant.
#ifndef EDP_HCL_FORMAT_H_
#define EDP_HCL_FORMAT_H_

#include <string>
#include <string_view>

#include "hcl/diagnostic.h"

namespace hcl {

struct [[nodiscard]] FormatResult {
  std::string text;   // the formatted source, or the input if diags has errors
  Diagnostics diags;  // lexical errors only
};

std::string Format(std::string_view src);
FormatResult FormatWithDiagnostics(std::string_view src, const std::string& filename = "");

}  // namespace hcl

#endif  // EDP_HCL_FORMAT_H_
