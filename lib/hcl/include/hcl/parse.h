// Entry points of the native syntax parser (hclsyntax public.go).
//
// Each returns its result together with diagnostics; the result is always
// structurally sound: after a syntax error the parser reports one
// diagnostic, skips to a recovery point and puts a placeholder (an unknown
// literal) where the broken expression was, so follow-on errors are not
// reported. Nesting deeper than kMaxNestingDepth is reported as an error
// instead of exhausting the stack.
//
// Example:
//   auto f = hcl::ParseConfig("a = 1 + 2\n", "x.hcl");
//   auto v = f.file.body.attributes[0].expr->Value(nullptr);
//   // v.value == cty::Value::Int(3), v.diags.empty()
//
// Thread safety: the functions are reentrant.
#ifndef EDP_HCL_PARSE_H_
#define EDP_HCL_PARSE_H_

#include <memory>
#include <string>
#include <string_view>

#include "hcl/body.h"
#include "hcl/diagnostic.h"
#include "hcl/expression.h"
#include "hcl/pos.h"

namespace hcl {

inline constexpr int kMaxNestingDepth = 256;

struct File {
  Body body;
  std::string bytes;  // a copy of the source
};

struct [[nodiscard]] ParsedFile {
  File file;
  Diagnostics diags;
};

struct [[nodiscard]] ParsedExpression {
  ExprPtr expr;  // never null
  Diagnostics diags;
};

ParsedFile ParseConfig(std::string_view src, const std::string& filename, Pos start = {});
// A single expression (trailing newlines allowed).
ParsedExpression ParseExpression(std::string_view src, const std::string& filename, Pos start = {});
// A bare template (as the contents of a heredoc without markers).
ParsedExpression ParseTemplate(std::string_view src, const std::string& filename, Pos start = {});

}  // namespace hcl

#endif  // EDP_HCL_PARSE_H_
