// Helpers shared by the lib/funcs sources. Not installed.
#ifndef EDP_FUNCS_SRC_INTERNAL_H_
#define EDP_FUNCS_SRC_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cty/convert.h"
#include "cty/function.h"
#include "cty/text.h"
#include "cty/value.h"

struct evp_md_st;

namespace funcs::internal {

using cty::Function;
using cty::FunctionError;
using cty::FuncResult;
using cty::Parameter;
using cty::Type;
using cty::Value;
using Args = std::vector<Value>;
using TypeFn = std::function<FuncResult<Type>(const Args&)>;
using ImplFn = std::function<FuncResult<Value>(const Args&, const Type&)>;

enum ParamFlag : unsigned {
  kAllowNull = 1,
  kAllowUnknown = 2,
  kAllowDynamic = 4,
  kAllowMarked = 8,
};

inline Parameter Param(std::string name, Type type, unsigned flags = 0) {
  Parameter p;
  p.name = std::move(name);
  p.type = std::move(type);
  p.allow_null = (flags & kAllowNull) != 0;
  p.allow_unknown = (flags & kAllowUnknown) != 0;
  p.allow_dynamic_type = (flags & kAllowDynamic) != 0;
  p.allow_marked = (flags & kAllowMarked) != 0;
  return p;
}

inline TypeFn Static(Type t) {
  return [t](const Args&) -> FuncResult<Type> { return t; };
}

// A function with go-cty's RefineResult refineNonNull unless `not_null` is
// false.
inline Function Fn(std::vector<Parameter> params, std::optional<Parameter> var_param, TypeFn type, ImplFn impl,
                   bool not_null = true) {
  cty::FunctionSpec spec;
  spec.params = std::move(params);
  spec.var_param = std::move(var_param);
  spec.return_type = std::move(type);
  spec.impl = std::move(impl);
  if (not_null) spec.refine_result = [](cty::Refinements* r) { r->not_null = true; };
  return Function(std::move(spec));
}
inline Function Fn(std::vector<Parameter> params, TypeFn type, ImplFn impl, bool not_null = true) {
  return Fn(std::move(params), std::nullopt, std::move(type), std::move(impl), not_null);
}

inline FunctionError ArgErr(int index, std::string message) { return FunctionError{std::move(message), index}; }
inline FunctionError Err(std::string message) { return FunctionError{std::move(message), -1}; }

// gocty.FromCtyValue into a Go int: whole numbers in int64 range.
// Error text is gocty's.
std::optional<int64_t> ToInt(const Value& v, std::string* error);
// gocty into float64.
std::optional<double> ToFloat(const Value& v, std::string* error);
// "(sensitive value)" when `sensitive`, else Go %q of s (OpenTofu's
// redactIfSensitive for strings).
std::string RedactString(std::string_view s, bool sensitive);
// Go %q and UTF-8 decoding/encoding (Go semantics), shared with lib/cty.
using cty::text::AppendRune;
using cty::text::DecodeRune;
using cty::text::GoQuote;
// Extended grapheme cluster boundaries (textseg / ICU), as byte offsets
// including 0 and s.size().
std::vector<size_t> GraphemeBoundaries(std::string_view s);
// Go unicode.IsSpace.
bool IsGoSpace(char32_t r);

// Go base64.StdEncoding.EncodeToString.
std::string Base64EncodeBytes(std::string_view in);
// Go base64.StdEncoding.DecodeString succeeds.
bool Base64Valid(std::string_view in);
// Go base64.StdEncoding.DecodeString; on failure *bad_offset (if given) is
// its CorruptInputError offset.
std::optional<std::string> Base64DecodeAt(std::string_view in, size_t* bad_offset);

// Raw digest of `data` (OpenSSL EVP).
std::string DigestBytes(const evp_md_st* md, std::string_view data);

// Group registration (one per source file).
void AddNumeric(cty::FunctionTable* t);
void AddString(cty::FunctionTable* t);
void AddFormat(cty::FunctionTable* t);  // format.cc, part of the string group
void AddRegex(cty::FunctionTable* t);   // regex.cc, part of the string group
// Go Regexp.ReplaceAllString (replace with a /pattern/).
FuncResult<Value> RegexReplace(const std::string& src, const std::string& pattern, const std::string& repl);
void AddCollection(cty::FunctionTable* t);
void AddConversion(cty::FunctionTable* t);
void AddEncoding(cty::FunctionTable* t);
void AddYaml(cty::FunctionTable* t);     // yaml.cc, part of the encoding group
void AddCharset(cty::FunctionTable* t);  // charset.cc, part of the encoding group
void AddGzip(cty::FunctionTable* t);     // gzip.cc (base64gzip), part of the encoding group
// The bytes Go's gzip.NewWriter produces for `data` after Write, Flush and
// Close (what tofu's base64gzip encodes).
std::string GoGzip(std::string_view data);
void AddHash(cty::FunctionTable* t, bool pure_only);
void AddDateTime(cty::FunctionTable* t, bool pure_only);
void AddPlanTimestamp(cty::FunctionTable* t, const std::string& plan_timestamp);
void AddNetwork(cty::FunctionTable* t);
void AddFilesystem(cty::FunctionTable* t, const std::string& base_dir);
}  // namespace funcs::internal
namespace funcs {
struct StandardOptions;
}
namespace funcs::internal {
// template.cc: templatefile and templatestring over the functions already
// in *t (call last, before the "core::" names are added).
void AddTemplate(cty::FunctionTable* t, const StandardOptions& options);

}  // namespace funcs::internal

#endif  // EDP_FUNCS_SRC_INTERNAL_H_
