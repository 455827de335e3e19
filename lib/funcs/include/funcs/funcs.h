// funcs: the OpenTofu function library over cty values.
//
// Standard() returns the functions OpenTofu offers in configuration (the
// names tofu uses, e.g. "upper", "jsonencode", "cidrsubnet"), each a
// cty::Function with OpenTofu's parameters, results and error messages.
// The groups are also available one by one. With `pure_only` the impure
// functions (bcrypt, timestamp, uuid) keep their signatures but return
// unknown values, as tofu's function.Unpredictable does during validation
// and planning. File functions are not impure in tofu's sense (they read the
// configuration's own files).
//
// templatefile and templatestring (in Standard() only, they need the whole
// table) render HCL templates with lib/hcl: only `vars` are variables, the
// functions are Standard()'s plus can/try; templatefile refuses to call
// itself ("cannot recursively call templatefile from inside templatefile
// call"), and nested rendering stops at 64 levels with an error.
//
// base64gzip re-implements Go's compress/flate level-6 encoder, so its
// output equals tofu's byte for byte. Not provided: tofu's console-only
// `type`.
//
// `can` and `try` take unevaluated expressions, which a cty::Function
// cannot; they are hcl::ClosureFunctions (hcl::TryFunctions()), and
// StandardContext() returns an EvalContext with both tables set.
//
// Thread safety: the returned tables are immutable and their functions may
// be called concurrently.
#ifndef EDP_FUNCS_FUNCS_H_
#define EDP_FUNCS_FUNCS_H_

#include <string>

#include "cty/function.h"
#include "hcl/expression.h"

namespace funcs {

struct StandardOptions {
  // Directory that relative paths given to filesystem functions are resolved
  // against (tofu: the module directory). Empty: the current directory.
  std::string base_dir;
  // Impure functions return unknown values (see file comment).
  bool pure_only = false;
  // What plantimestamp() returns: the plan's timestamp in RFC 3339 form
  // ("2024-01-02T03:04:05Z"). Empty (validation): plantimestamp() is unknown.
  std::string plan_timestamp;
};

// Every function below, merged, plus plantimestamp, templatefile and
// templatestring, and each function again under its "core::" name
// ("core::upper"), as tofu registers them.
cty::FunctionTable Standard(const StandardOptions& options = {});

// An evaluation context for configuration: functions = Standard(options),
// closure_functions = hcl::TryFunctions() (can, try, core::can, core::try).
hcl::EvalContext StandardContext(const StandardOptions& options = {});

// abs ceil floor log max min parseint pow signum
cty::FunctionTable NumericFunctions();
// chomp endswith format formatlist indent join lower regex regexall replace
// split startswith strcontains strrev substr title trim trimprefix
// trimsuffix trimspace upper
cty::FunctionTable StringFunctions();
// alltrue anytrue chunklist coalesce coalescelist compact concat contains
// distinct element flatten index keys length lookup matchkeys merge one
// range reverse setintersection setproduct setsubtract setunion slice sort
// sum transpose values zipmap
cty::FunctionTable CollectionFunctions();
// tobool tolist tomap tonumber toset tostring sensitive nonsensitive
// issensitive
cty::FunctionTable ConversionFunctions();
// base64decode base64encode base64gzip base64gunzip jsondecode jsonencode csvdecode
// textdecodebase64 textencodebase64 urlencode urldecode yamldecode
// yamlencode
cty::FunctionTable EncodingFunctions();
// md5 sha1 sha256 sha512 base64sha256 base64sha512 rsadecrypt uuidv5, and
// (impure) uuid bcrypt
cty::FunctionTable HashFunctions(const StandardOptions& options = {});
// formatdate timeadd timecmp, and (impure) timestamp
cty::FunctionTable DateTimeFunctions(const StandardOptions& options = {});
// abspath basename dirname pathexpand file filebase64 fileexists fileset
// filemd5 filesha1 filesha256 filesha512 filebase64sha256 filebase64sha512
cty::FunctionTable FilesystemFunctions(const StandardOptions& options = {});
// cidrhost cidrnetmask cidrsubnet cidrsubnets cidrcontains
cty::FunctionTable NetworkFunctions();

}  // namespace funcs

#endif  // EDP_FUNCS_FUNCS_H_
